#!/bin/sh
# The main job of pb, end to end: load the example streets into a
# database with Rongyao street's pairs, members and 2022 activities
# (the Spring Festival relief among them), then show Rongyao's
# organization tree, the organizations by kind, the street's summary
# for 2022, and last month's report, as cron would write it on the
# 1st.  It builds nothing: run `make` first.
#
# The database is $PB_DB, else a demo database of its own under the
# user's data directory, so the examples never land in a real registry.
# Running it again changes nothing: every import matches what is there.
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

# Organizations first: everything else refers to them; events last,
# since they name members.
ex=$here/examples
for step in "pb-org rongyao.yaml" "pb-org hunan.yaml" \
	"pb-pair rongyao-pairs.yaml" "pb-member rongyao-members.yaml" \
	"pb-event rongyao-events.yaml"; do
	cmd=${step% *}
	f=${step#* }
	echo "importing examples/$f"
	"$cmd" import "$ex/$f"
done

echo
echo "organization tree of Rongyao street:"
pb-org -f table tree rongyao

echo
echo "organizations by kind:"
pb-org list --fields kind | sort | uniq -c |
	awk '{ printf "  %-12s %5d\n", $2, $1; n += $1 }
	     END { printf "  %-12s %5d\n", "total", n }'

echo
echo "Rongyao street's summary for 2022 (pb-report summary --period 2022 --org rongyao):"
pb-report -f table summary --period 2022 --org rongyao --no-compare

echo
echo "last month's report (pb-report monthly):"
pb-report -f table monthly --no-compare
