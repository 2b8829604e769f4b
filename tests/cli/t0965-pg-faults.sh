#!/bin/sh
# PostgreSQL's faults as pb's exit codes, on a server of this file's own
# (tests/pg.sh), which it stops and restarts:
#
# - the writers' lock (store_pg.c's advisory lock) held from psql past
#   busy_timeout_ms: a writing command exits 75 "busy ... try again" and
#   writes nothing, while a reading command is not held up; released, the
#   same command succeeds.  A table lock from psql (LOCK TABLE) likewise.
# - the server stopped (`pg_ctl stop -m immediate`) while a large events
#   import is writing (held at its commit by a lock psql has on a totals
#   table): 75 or 74, and after a restart the events are all there or
#   none (and the same file then imports whole).
# - no server where the URL points (a port, a socket directory): 75; a
#   server that never answers: 75 once connect_timeout has passed.
# - a database that does not exist: 66 on a read, 73 on a write with a
#   hint; nothing is created, neither a database nor a file.
# - a wrong password: 78, and the password is never printed.  The right
#   one, in a URL or a key=value conninfo, given by --db or by PB_DB,
#   reaches neither a message, nor the audit trail (`pb-db log`, the
#   table itself, a backup), nor a report.
# - the same refusals from a server whose messages are in Chinese
#   (lc_messages): 78, 66 and 73 all the same, told by their SQLSTATE.
#
# PB_PG_IMPORT_EVENTS sets the import's size (make check-stress: 5000);
# else 2000 (400 under valgrind).  Without PostgreSQL (or a pb built
# without libpq) the file skips with the reason.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/pg.sh
. "$TESTS/pg.sh"

# A pb built without libpq says so (69) to any PostgreSQL URL, before it
# tries to connect: the file skips, with no server started.
probe=0
pb-db check --db "postgresql:///pb?host=$TMP/no-server" >"$TMP/probe" 2>&1 || probe=$?
[ "$probe" != 69 ] || pg_skip_all "pb cannot use PostgreSQL: $(cat "$TMP/probe")"
PG_OWN=1
pg_require
pg_newdb faults || {
	echo "Bail out! $PG_WHY"
	exit 1
}
PB_DB=$PG_URL
FAULTS_DB=$PG_DBNAME
cd "$TMP" || exit 1

if [ -n "${PB_PG_IMPORT_EVENTS:-}" ]; then
	EVENTS=$PB_PG_IMPORT_EVENTS
elif [ "${PB_VALGRIND:-0}" = 1 ]; then
	EVENTS=400
else
	EVENTS=2000
fi
echo "busy_timeout_ms: 300" >"$PB_CONFIG"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise

# --- A lock held from psql ----------------------------------------------

# hold DB SQL: a psql session on the database DB, in the background,
# that has run SQL (which takes a lock and does not end its transaction);
# unhold ends it.  (An advisory lock is the database's: the same key on
# another database is another lock.)
hold() {
	rm -f "$TMP/psql.in" "$TMP/psql.out"
	: >"$TMP/psql.out"
	mkfifo "$TMP/psql.in" || exit 1
	pg_psql "$1" <"$TMP/psql.in" >>"$TMP/psql.out" 2>&1 &
	hold_pid=$!
	exec 4>"$TMP/psql.in"
	printf '%s\n' "$2" "SELECT 'held';" >&4
	_n=0
	until grep -q '^held$' "$TMP/psql.out" || [ "$_n" -ge 3000 ]; do
		sleep 0.02
		_n=$((_n + 1))
	done
	ok "grep -q '^held\$' '$TMP/psql.out'" "psql holds the lock on $1: $2"
	grep -v -e '^held$' -e '^$' "$TMP/psql.out" >"$TMP/psql.said"
	diag_file "$TMP/psql.said"
}

unhold() {
	printf 'ROLLBACK;\n' >&4
	exec 4>&-
	wait "$hold_pid"
}

snapshot
hold "$FAULTS_DB" "BEGIN; SELECT pg_advisory_xact_lock(1885496418);"
run pb-org add --code sq2 --name 西湖社区党委 --kind community --parent jd
is_status 75 "the writers' lock held from psql: a write exits 75"
is_err_match 'busy.*try again' "the message says busy, try again"
is_out_empty "nothing on stdout"
run pb-org list --fields code
is_status 0 "a read is not held up by the writers' lock"
is_out "hn
jd
sq1" "the read sees what was there"
unhold
db_unchanged "nothing written while the lock was held (pg_dump before and after)"
run pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
is_status 0 "the lock released, the same write succeeds"

snapshot
hold "$FAULTS_DB" "BEGIN; LOCK TABLE orgs IN ACCESS EXCLUSIVE MODE;"
# timeout: the command must give up by itself, at 300 ms; 30 s is the
# test's own guard against waiting for ever (then status is 124).
run timeout 30 pb-org add --code sq3 --name 南湖社区党委 --kind community --parent jd
is_status 75 "orgs locked from psql (LOCK TABLE): a write exits 75"
is_err_match 'busy.*try again' "the message says busy, try again"
unhold
db_unchanged "nothing written while the table was locked"

# --- The server stopped during an import --------------------------------

perl -e '
	my $n = shift;
	my @k = qw(meeting service aid environment safety culture education visit);
	print "events:\n";
	for my $i (1 .. $n) {
		printf "- date: 2026-%02d-%02d\n  kind: %s\n  title: 批量活动%d\n  org: sq1\n" .
			"  households: 2\n  participants:\n  - org: hn\n    people: 3\n    hours: 2\n",
			$i % 12 + 1, $i % 28 + 1, $k[$i % 8], $i;
	}
' "$EVENTS" >"$TMP/events.yaml"

# pg_restart: start the stopped cluster again, with pg_start's settings.
pg_restart() {
	pg_as_server "${PG_BINDIR}/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" \
		-o "-k $PG_DIR -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		-w -t 60 start >"$TMP/restart.log" 2>&1
}

count_events() {
	pg_psql "$FAULTS_DB" -c "SELECT count(*) FROM events" 2>&1
}

ok "[ \"\$(count_events)\" = 0 ]" "no events before the import"
snapshot
# The import cannot commit before the server goes, however fast it
# writes: psql holds totals_events, which the import writes at its
# commit, and the import waits for it (its busy timeout a minute).
hold "$FAULTS_DB" "BEGIN; LOCK TABLE totals_events IN SHARE MODE;"
echo "busy_timeout_ms: 60000" >"$TMP/patient.conf"
PB_CONFIG=$TMP/patient.conf pb-event import "$TMP/events.yaml" \
	>"$TMP/import.out" 2>"$TMP/import.err" &
import_pid=$!
# Until the import has written a good part of the events: its rows, not
# yet committed and so seen by no one else, already take pages of the
# table (about 50 events a page: a quarter of them, and two pages at
# least), while pb is still running.
pages=$((EVENTS / 200))
[ "$pages" -ge 2 ] || pages=2
writing=0
_n=0
while [ "$_n" -lt 6000 ] && kill -0 "$import_pid" 2>/dev/null; do
	writing=$(pg_psql "$FAULTS_DB" -c "SELECT pg_relation_size('events') / 8192" \
		2>/dev/null)
	[ "${writing:-0}" -lt "$pages" ] || break
	sleep 0.01
	_n=$((_n + 1))
done
alive=0
kill -0 "$import_pid" 2>/dev/null && alive=1
pg_as_server "${PG_BINDIR}/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 60 \
	stop >"$TMP/stop.log" 2>&1
stopped=$?
import_rc=0
wait "$import_pid" || import_rc=$?
# psql's server is gone too: its ROLLBACK fails, and it ends.
unhold 2>/dev/null
ok "[ '${writing:-0}' -ge $pages ] && [ $alive = 1 ]" \
	"the import was running and had written events (pages of them: $writing) when the server was stopped"
ok "[ $stopped = 0 ]" "pg_ctl stop -m immediate"
diag_file "$TMP/stop.log"
ok "[ $import_rc = 75 ] || [ $import_rc = 74 ]" \
	"the import exits 75 or 74 when the server goes away (got $import_rc)"
diag_file "$TMP/import.err"
is_file_text "$TMP/import.out" "" "the import printed nothing on stdout"
ok "grep -q 'lost the connection to the database.*try again' '$TMP/import.err'" \
	"the message says the connection was lost, try again"
restarted=0
pg_restart || restarted=$?
ok "[ $restarted = 0 ]" "the server restarts"
diag_file "$TMP/restart.log"
n=$(count_events)
ok "[ '$n' = 0 ] || [ '$n' = $EVENTS ]" "after the restart, all or none of the $EVENTS events (found $n)"
db_unchanged "none, in fact: the database is as before the import, audit trail and all"
run pb-db check
is_status 0 "pb-db check passes after the restart"
t0=$(date +%s)
run pb-event import "$TMP/events.yaml"
is_status 0 "the same file then imports"
diag "$EVENTS events imported in $(($(date +%s) - t0)) s"
ok "[ \"\$(count_events)\" = $EVENTS ]" "all $EVENTS events"

# --- No server, no database ---------------------------------------------

empty_dir=$TMP/nosock
mkdir "$empty_dir" || exit 1
run pb-org list --db "postgresql://pb@127.0.0.1:1/pb"
is_status 75 "no server on 127.0.0.1 port 1: 75"
is_err_match "cannot connect to the database 'postgresql://pb@127.0.0.1:1/pb'.*try again" \
	"the message names the database and says try again"
# A server that takes the connection and never answers: connect_timeout
# (the URL's, else PGCONNECT_TIMEOUT, else 10 s) bounds the wait.
if [ -x /usr/bin/python3 ]; then
	hang_dir=$TMP/hang
	mkdir "$hang_dir" || exit 1
	/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1] + "/.s.PGSQL.5432")
s.listen(4)
held = []
end = time.time() + 30
while time.time() < end and not held:
    s.settimeout(end - time.time())
    held.append(s.accept())
time.sleep(10)
	' "$hang_dir" &
	hang_pid=$!
	_n=0
	while [ ! -S "$hang_dir/.s.PGSQL.5432" ] && [ "$_n" -lt 500 ]; do
		sleep 0.02
		_n=$((_n + 1))
	done
	t0=$(date +%s)
	run pb-org list --db "postgresql:host=$hang_dir dbname=pb user=pb connect_timeout=2"
	is_status 75 "a server that never answers: 75"
	is_err_match "': timeout expired: nothing was read or written, try again$" \
		"the message says the time ran out"
	ok "[ \$((\$(date +%s) - $t0)) -le 8 ]" "after the URL's connect_timeout (2 s), not libpq's default"
	kill "$hang_pid" 2>/dev/null
	wait "$hang_pid" 2>/dev/null
else
	skip "no /usr/bin/python3 to play a server that never answers"
fi
run pb-org add --code x --name x --kind street \
	--db "postgresql:///pb?host=$(pg_urlencode "$empty_dir")&user=pb"
is_status 75 "no server in a socket directory: a write exits 75"
ok "[ ! -e postgresql: ] && [ ! -e \"postgresql:\" ] && [ -z \"\$(ls '$empty_dir')\" ]" \
	"nothing made on disk"

missing=$(pg_url nosuchdb)
run pb-org list --db "$missing"
is_status 66 "a missing database: a read exits 66"
is_err_match "database '.*nosuchdb.*' does not exist" "the message says it does not exist"
run pb-org add --code x --name x --kind street --db "$missing"
is_status 73 "a missing database: a write exits 73"
is_err_match 'createdb' "with a hint to create it (createdb)"
run pg_psql postgres -c "SELECT count(*) FROM pg_database WHERE datname = 'nosuchdb'"
is_out 0 "nor is it created"

# --- Passwords ----------------------------------------------------------

PW=Ab-sekret-77
BADPW=Wr0ng-pass-31
pg_psql postgres -c "CREATE ROLE clerk LOGIN PASSWORD '$PW'"
"${PG_CLIENT}createdb" -h "$PG_HOST" -U pb -O clerk clerkdb
# The role clerk logs in by password (scram), everyone else as before.
# The file keeps its owner: written in place.
{
	echo "local all clerk scram-sha-256"
	cat "$PG_DIR/data/pg_hba.conf"
} >"$TMP/hba" && cat "$TMP/hba" >"$PG_DIR/data/pg_hba.conf"
pg_as_server "${PG_BINDIR}/pg_ctl" -D "$PG_DIR/data" reload >/dev/null 2>&1
# The postmaster rereads pg_hba.conf on SIGHUP, in its own time: until
# psql as clerk, never asking for a password (-w), is refused.
_n=0
while "${PG_CLIENT}psql" -X -w -h "$PG_HOST" -U clerk -d clerkdb -c 'SELECT 1' \
	>/dev/null 2>&1 && [ "$_n" -lt 500 ]; do
	sleep 0.02
	_n=$((_n + 1))
done
host=$(pg_urlencode "$PG_HOST")
nopw_url="postgresql://clerk@/clerkdb?host=$host"
bad_url="postgresql://clerk:$BADPW@/clerkdb?host=$host"
pw_url="postgresql://clerk:$PW@/clerkdb?host=$host"
pw_conninfo="postgresql:host=$PG_HOST user=clerk password=$PW dbname=clerkdb"

: >"$TMP/said"
# said: what the last run printed, kept for the search at the end.
said() {
	cat "$TMP/out" "$TMP/err" >>"$TMP/said"
}

run pb-org list --db "$nopw_url"
is_status 78 "clerk without a password: 78"
said
run pb-org list --db "$bad_url"
is_status 78 "a wrong password: 78"
is_err_match "cannot log in to the database 'postgresql://clerk:\*\*\*@/clerkdb" \
	"the message shows the URL with the password masked"
ok "! grep -q -- '$BADPW' '$TMP/err'" "the wrong password is not printed"
said
run env PB_DB="$bad_url" pb-org add --code x --name x --kind street
is_status 78 "a wrong password in PB_DB, writing: 78"
ok "! grep -q -- '$BADPW' '$TMP/err'" "the wrong password is not printed"

# The right password: commands by --db and by PB_DB, with a URL and with
# a conninfo, reading, writing, failing, reporting.
run pb-org add --db "$pw_url" --code jd --name 东湖街道党工委 --kind street
is_status 0 "the right password in a URL by --db: the write succeeds"
said
run env PB_DB="$pw_url" pb-org add --code sq1 --name 东湖社区党委 --kind community --parent jd
is_status 0 "the right password in PB_DB: the write succeeds"
said
run pb-event add --db "$pw_conninfo" --date 2026-10-01 --kind meeting --title 议事会 --org sq1
is_status 0 "the right password in a conninfo by --db: the write succeeds"
said
run pb-org add --db "$pw_conninfo" --code jd --name 重复 --kind street
is_status 65 "a failing write with the password in the conninfo: 65"
said
run pb-org add --db "postgresql://clerk:$PW@/nosuchdb?host=$host" --code x --name x --kind street
is_status 73 "a missing database, with the password in the URL: 73"
is_err_match "postgresql://clerk:\*\*\*@/nosuchdb" "the URL is shown, the password masked"
said
run pb-org list --db "postgresql:host=$PG_HOST user=clerk password=$PW dbname=nosuchdb"
is_status 66 "a missing database, with the password in a conninfo: 66"
is_err_match "password=\*\*\*" "the conninfo is shown, the password masked"
said
hold clerkdb "BEGIN; SELECT pg_advisory_xact_lock(1885496418);"
run env PB_DB="$pw_url" pb-org add --code sq9 --name 忙 --kind community --parent jd
unhold
is_status 75 "busy, with the password in the URL: 75"
said
for f in tsv json yaml; do
	run pb-db log -f "$f" --db "$pw_url"
	is_status 0 "pb-db log -f $f"
	said
done
run pb-db log -f tsv --db "$pw_url"
ok "[ \$(grep -c '	clerk	' '$TMP/out') = 3 ]" "pb-db log: the 3 writes, by database role clerk"
ok "grep -q -- '--db postgresql://clerk:\*\*\*' '$TMP/out' && grep -q -- 'password=[^ ]*\*\*\*' '$TMP/out'" \
	"pb-db log: the commands as typed, the passwords masked"
run env PB_DB="$pw_url" pb-report summary -f json --period 2026-10 --no-compare
is_status 0 "pb-report summary"
said
run pb-report summary -f md --period 2026-10 --db "$pw_conninfo"
is_status 0 "pb-report summary -f md"
said
run pb-db check --db "$pw_url"
is_status 0 "pb-db check"
said
run pb-db dump --db "$pw_url"
is_status 0 "pb-db dump"
said
run pb-db backup "$TMP/backup.db" --db "$pw_url"
is_status 0 "pb-db backup"
said
cat "$TMP/backup.db" >>"$TMP/said"
pg_psql clerkdb -c "SELECT * FROM audit" >>"$TMP/said" 2>&1
ok "grep -q 'pb-event add' '$TMP/said' && grep -q '议事会' '$TMP/said'" \
	"what the commands printed, the backup and the audit rows were searched"
ok "! grep -a -q -- '$PW' '$TMP/said'" \
	"the password is nowhere: messages, pb-db log, reports, dump, backup, the audit table"
grep -a -- "$PW" "$TMP/said" | head -5 >"$TMP/leaks"
diag_file "$TMP/leaks"

# A database the role may not connect to (no CONNECT privilege): the
# server's 42501 at the login, 73 as for any privilege it lacks.
pg_psql postgres -c "CREATE DATABASE lockeddb" >/dev/null
pg_psql postgres -c "REVOKE CONNECT ON DATABASE lockeddb FROM PUBLIC" >/dev/null
run pb-org list --db "postgresql://clerk:$PW@/lockeddb?host=$host"
is_status 73 "no CONNECT privilege on the database: 73"
is_err_match "^pb-org: error: cannot read the database 'postgresql://clerk:\*\*\*@/lockeddb.*': permission denied for database \"lockeddb\"$" \
	"the server's words, the password masked"

# --- A server that speaks Chinese --------------------------------------
# Its messages in its own language (lc_messages; LANGUAGE picks
# gettext's catalogue, and the server's LC_CTYPE, from its environment
# until it is in a database, lets it write UTF-8): a refused connection
# is still told apart, by the SQLSTATE libpq gives in its verbose form,
# and the server's words are shown.
pg_psql postgres -c "ALTER SYSTEM SET lc_messages = 'C.UTF-8'" >/dev/null
LC_ALL='' LC_CTYPE=C.UTF-8 LANGUAGE=zh_CN pg_as_server "${PG_BINDIR}/pg_ctl" \
	-D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 restart >/dev/null 2>&1
run pb-org list --db "$bad_url"
if grep -q 'Password 认证失败' "$TMP/err"; then
	is_status 78 "a wrong password, said in Chinese: 78"
	is_err "pb-org: error: cannot log in to the database 'postgresql://clerk:***@/clerkdb?host=$host': 用户 \"clerk\" Password 认证失败" \
		"the server's words, the password masked"
	run pb-org list --db "$missing"
	is_status 66 "a missing database, said in Chinese: a read exits 66"
	is_err_match "does not exist: 数据库 \"nosuchdb\" 不存在$" "the server's words"
	run pb-org add --code x --name x --kind street --db "$missing"
	is_status 73 "a missing database, said in Chinese: a write exits 73"
	run pb-org list --db "$pw_url"
	is_status 0 "the right password: the read succeeds"
else
	skip "the server does not speak Chinese here (no zh_CN catalogue of PostgreSQL): $(head -n 1 "$TMP/err")"
fi

done_testing
