#!/bin/sh
# make check-pg: the CLI tests against PostgreSQL.  One server for the
# whole run (tests/pg.sh), on a Unix socket in a temporary directory;
# each test file makes a database of its own on it (tests/lib.sh under
# PB_PG=1) and drops it.  The server is stopped at the end, whatever
# happened.
#
#   tests/pg-suite.sh [PROVE-ARG...] TEST...
#
# Without PostgreSQL (or a pb built without libpq: PB_WITH_PG=no) the
# run says why and passes, unless PB_PG_REQUIRED=1 (CI) makes it fail.
TESTS=$(cd "$(dirname "$0")" && pwd) || exit 1
# pg.sh is written for a test's world; here it needs only these.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pb-pg-suite.XXXXXX") || exit 1
undo= # pg.sh appends to it; this script stops its server itself
export undo
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE \
	PGOPTIONS PGDATA
# shellcheck source=tests/pg.sh
. "$TESTS/pg.sh"

no_pg() {
	if [ "${PB_PG_REQUIRED:-0}" = 1 ]; then
		echo "check-pg: no PostgreSQL: $*" >&2
		rm -rf "$TMP"
		exit 1
	fi
	echo "check-pg: SKIP no PostgreSQL: $*"
	rm -rf "$TMP"
	exit 0
}

[ "${PB_WITH_PG:-yes}" = yes ] ||
	no_pg "pb is built without libpq (apt-get install libpq-dev, then make)"

trap 'pg_stop "$PG_DIR"; rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# More connections than the default 100: two files at once, each with
# up to a dozen writers and readers, and their leftovers being dropped.
t0=$(date +%s)
pg_start max_connections=200 || no_pg "$PG_WHY"
echo "check-pg: PostgreSQL $("${PG_BINDIR}/postgres" -V | sed 's/^[^0-9]*\([0-9.]*\).*/\1/') on $PG_HOST, started in $(($(date +%s) - t0)) s"

PB_PG=1
PB_PG_HOST=$PG_HOST
export PB_PG PB_PG_HOST
status=0
prove "$@" || status=$?
# A database a test could not drop (it was killed) is named here.
left=$(pg_psql postgres -c "SELECT datname FROM pg_database
	WHERE datname NOT IN ('postgres', 'template0', 'template1')" 2>&1)
[ -z "$left" ] || echo "check-pg: databases left behind:" "$(echo "$left" | tr '\n' ' ')"
exit "$status"
