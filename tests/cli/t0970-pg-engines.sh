#!/bin/sh
# The same records on both engines: the reports' street (fixture-reports)
# built in a SQLite file, dumped, loaded into an empty PostgreSQL
# database, dumped again (byte-identical), backed up from the server
# into a SQLite file (byte-identical dump, readable by the sqlite3
# shell) and loaded back into a new file.  Every report and list prints
# the same bytes from that file and from the server.  Then what pb refuses
# on a server: a database of another program's tables, one whose
# pb_schema is not pb's, one written by a newer pb (69, untouched).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/pg.sh
. "$TESTS/pg.sh"

probe=0
pb-db check --db "postgresql:///pb?host=$TMP/no-server" >"$TMP/probe" 2>&1 || probe=$?
[ "$probe" != 69 ] || pg_skip_all "pb cannot use PostgreSQL: $(cat "$TMP/probe")"

# A value libpq cannot take: a usage error that names it, and nothing
# made on disk for it (it is never a path).
(cd "$TMP" && pb-org --db 'postgresql:hostx=1 dbname=pb' add --code jd \
	--name 街道 --kind street >"$TMP/out" 2>"$TMP/err") && st=0 || st=$?
is_value "$st" 64 "an unknown libpq setting: exit 64"
ok "grep -q 'not a valid PostgreSQL URL or conninfo: invalid connection option \"hostx\"' '$TMP/err'" \
	"the message names the setting"
ok "[ ! -e '$TMP/postgresql:hostx=1 dbname=pb' ] && [ ! -e '$TMP/postgresql:hostx=1' ]" \
	"no file or directory of that name"

pg_require

# The street in a file, whatever PB_DB the suite gave.
FILE=$TMP/street.db
PB_DB=$FILE
# shellcheck source=tests/cli/fixture-reports.sh
. "$TESTS/cli/fixture-reports.sh"
run pb-db dump -o "$TMP/file.yaml"
is_status 0 "the file's dump"

pg_newdb engines || {
	echo "Bail out! $PG_WHY"
	exit 1
}
SERVER=$PG_URL
run pb-db --db "$SERVER" load "$TMP/file.yaml"
is_status 0 "the file's dump loads into an empty PostgreSQL database"
run pb-db --db "$SERVER" dump -o "$TMP/server.yaml"
is_status 0 "the server's dump"
is_file "$TMP/server.yaml" "$TMP/file.yaml" "the dumps are byte-identical"

run pb-db --db "$SERVER" backup "$TMP/backup.db"
is_status 0 "pb-db backup of the server"
ok "[ \"\$(stat -c %a '$TMP/backup.db')\" = 600 ]" "the backup is mode 600"
run sqlite3 "$TMP/backup.db" "PRAGMA application_id; SELECT count(*) FROM orgs"
is_out "1885496418
$(pb-db --db "$FILE" dump | grep -c '^- code:')" \
	"the backup is a pb SQLite file, read by the sqlite3 shell"
run pb-db --db "$TMP/backup.db" dump
is_file "$TMP/out" "$TMP/file.yaml" "the backup's dump is the same"
run pb-db --db "$TMP/backup.db" check
is_status 0 "the backup passes pb-db check"
run pb-db --db "$SERVER" check
is_status 0 "the server passes pb-db check"
run pb-db --db "$TMP/back.db" load "$TMP/server.yaml"
is_status 0 "the server's dump loads into a new file"
run pb-db --db "$TMP/back.db" dump
is_file "$TMP/out" "$TMP/file.yaml" "and dumps the same"

# Every report and list, from a file and from the server that loaded the
# same dump (a dump names orgs by code, so a load numbers them afresh,
# on either engine).
same() {
	_what=$1
	shift
	pb --db "$TMP/back.db" "$@" >"$TMP/a" 2>&1 || echo "exit $?" >>"$TMP/a"
	pb --db "$SERVER" "$@" >"$TMP/b" 2>&1 || echo "exit $?" >>"$TMP/b"
	is_file "$TMP/b" "$TMP/a" "$_what: the same bytes from both engines"
}
pb() {
	_db=$2
	shift 2
	_cmd=$1
	shift
	"$_cmd" --db "$_db" "$@"
}
same "summary" pb-report summary --period 2026-03 -f json
same "summary of a year" pb-report summary --period 2026 -f yaml
same "unit" pb-report unit --period 2026-03
same "pairs" pb-report pairs --period 2026-03 -f json
same "review" pb-report review --period 2026
same "members" pb-report members --period 2026-03 -f json
same "awards" pb-report awards --period 2026 -f json
same "meetings" pb-report meetings --period 2026-03 -f json
same "due" pb-report due -f json
same "org list" pb-org list -f json
same "org tree" pb-org tree -f json
same "member list" pb-member list -f json
same "pair list" pb-pair list -f json
same "event list" pb-event list -f json
same "an event" pb-event show 1 -f json
same "opinions" pb-event opinion list -f json
same "member export" pb-member export
same "event export" pb-event export

# What pb refuses on a server, leaving it as it was.
err_has() {
	ok "grep -Eq -- '$1' '$TMP/err'" "$2"
}
pg_newdb other || {
	echo "Bail out! $PG_WHY"
	exit 1
}
pg_psql "$PG_DBNAME" -c "CREATE TABLE invoices (id int)"
run pb-org --db "$PG_URL" add --code jd --name 街道 --kind street
is_status 69 "a database with another program's tables: 69"
err_has "is not a pb database" "it says so"
is_value "$(pg_psql "$PG_DBNAME" -c "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'")" \
	"invoices" "and creates nothing there"

pg_newdb newer || {
	echo "Bail out! $PG_WHY"
	exit 1
}
run pb-db --db "$PG_URL" init
is_status 0 "pb-db init makes pb's schema in an empty database"
pg_psql "$PG_DBNAME" -c "UPDATE pb_schema SET version = 99"
run pb-org --db "$PG_URL" list
is_status 69 "a database of a newer pb: 69"
err_has "newer pb .*schema 99" "it says to upgrade"
steps=$(find "$TESTS/../lib/schema/pg" -name '*.sql' | wc -l)
pg_psql "$PG_DBNAME" -c "UPDATE pb_schema SET version = $steps, application_id = 7"
run pb-org --db "$PG_URL" list
is_status 69 "a pb_schema of another program's: 69"
err_has "not a pb database" "it says so"

done_testing
