#!/bin/sh
# The main job of pb, end to end: load the example streets into a
# database, then show the organization tree and how many organizations of
# each kind there are. It builds nothing: run `make` first.
#
# The database is $PB_DB, else a demo database of its own under the
# user's data directory, so the examples never land in a real registry.
# Running it again changes nothing: import matches orgs by code.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
PATH=$here/bin:$PATH
export PATH

if ! [ -x "$here/bin/pb-org" ]; then
	echo "demo.sh: $here/bin/pb-org is not built: run 'make' first" >&2
	exit 69
fi

: "${PB_DB:=${XDG_DATA_HOME:-$HOME/.local/share}/pb/demo.db}"
export PB_DB
echo "database: $PB_DB"

for f in "$here"/examples/*.yaml; do
	echo "importing ${f#"$here"/}"
	pb-org import "$f"
done

echo
echo "organization tree:"
pb-org -f table tree

echo
echo "organizations by kind:"
pb-org list --fields kind | sort | uniq -c |
	awk '{ printf "  %-12s %5d\n", $2, $1; n += $1 }
	     END { printf "  %-12s %5d\n", "total", n }'
