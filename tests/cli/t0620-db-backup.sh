#!/bin/sh
# pb-db backup: a copy that is a pb database of its own, passes check and
# holds the same dump; one taken while another process writes is a
# consistent snapshot between the counts before and after; the copy is
# written through a temporary file and a rename; a place that cannot be
# written is 73.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise --members 40
pb-org -q role add sq1 --title 名誉书记 --name 李四 --from-org hn
pb-member -q add --ref M001 --name 张三 --category in-service --unit hn \
	--community sq1 --registered 2024-05-01
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2024-03-01
pb-event -q add --date 2026-03-05 --kind service --title 清扫 --org sq1 --pair 1
pb-event -q attend 1 --member M001 --hours 2.5
pb-event -q give 1 --from hn --type goods --quantity 8600 --unit 斤 --item 大米
pb-event -q opinion add --from hn --text 希望增加活动 --event 1
pb-db dump >dump.yaml

# sqlite3 waits for the writer's commit as pb does (PostgreSQL readers
# never wait).
count_events() {
	if [ "$1" = "$PB_DB" ] && db_is_pg; then
		db_query 'SELECT count(*) FROM events'
	else
		sqlite3 -cmd '.timeout 10000' "$1" 'SELECT count(*) FROM events'
	fi
}
# The schema version of a new file (PB_DB may be on PostgreSQL).
pb-db --db "$TMP/new.db" init
new_version=$(sqlite3 "$TMP/new.db" 'PRAGMA user_version')

# ---- a backup ----------------------------------------------------------------

snapshot
run pb-db backup "$TMP/bk/copy.db"
is_status 73 "backup into a directory that does not exist"
mkdir bk
run pb-db backup "$TMP/bk/copy.db"
is_status 0 "backup FILE"
is_out_empty "prints nothing on stdout"
is_file_text "$TMP/err" "" "nor on stderr"
db_unchanged "the backup writes nothing into the database, no audit row either"
is_value "$(ls -A bk)" "copy.db" "the copy alone: no temporary file, no -wal beside it"
is_value "$(stat -c %a bk/copy.db)" "600" "the copy is mode 0600, like the database"
is_value "$(sqlite3 bk/copy.db 'PRAGMA journal_mode' 'PRAGMA user_version' 'PRAGMA application_id')" "delete
$new_version
1885496418" "a rollback-journal file at the same schema, with pb's application_id"

run pb-db --db bk/copy.db check
is_status 0 "pb-db check accepts the copy"
is_out "ok" "check says ok"
run pb-db --db bk/copy.db dump
is_file "$TMP/out" dump.yaml "the copy holds the same dump"
run pb-db --db bk/copy.db log -f tsv --fields id,command
is_out "$(pb-db log -f tsv --fields id,command)" "and the same audit trail"

# The copy is a database pb writes to like any other.
run pb-org --db bk/copy.db add --code wj --name 武警某部 --kind garrison
is_status 0 "the copy can be written"
run pb-org list -f tsv --fields code
is_out "hn
jd
sq1" "without touching the original"

# Over an existing file: replaced whole.
printf 'old backup\n' >bk/old.db
run pb-db backup bk/old.db
is_status 0 "backup over an existing file"
run pb-db --db bk/old.db dump
is_file "$TMP/out" dump.yaml "replaces it with the copy"

run pb-db -q backup bk/q.db
is_status 0 "backup -q"
is_out_empty "prints nothing"

# ---- while another process writes ------------------------------------------

# A writer adds up to 200 events, one command each; it stops early once
# the backup is done and it has written a few more after it, so the
# backup falls in the middle of the writing.  Every add must succeed.
before=$(count_events "$PB_DB")
: >writer.failed
(
	i=0
	while [ "$i" -lt 200 ] && [ ! -e writer.stop ]; do
		pb-event -q add --date 2026-05-01 --kind meeting --title "会$i" --org sq1 ||
			echo "add $i: exit $?" >>writer.failed
		i=$((i + 1))
	done
) &
writer=$!

# wait_events N: until the database has N events or the writer is done.
wait_events() {
	_n=0
	while [ "$(count_events "$PB_DB")" -lt "$1" ] && kill -0 "$writer" 2>/dev/null &&
		[ "$_n" -lt 500 ]; do
		sleep 0.02
		_n=$((_n + 1))
	done
}

wait_events $((before + 3))
during=$(count_events "$PB_DB")
run pb-db backup live.db
is_status 0 "backup while another process writes"
got=$(count_events live.db)
wait_events $((got + 2))
: >writer.stop
wait "$writer"
after=$(count_events "$PB_DB")
is_file_text writer.failed "" "every add of the writer succeeded beside the backup"

run pb-db --db live.db check
is_status 0 "the live backup passes check"
is_out "ok" "check says ok"
ok "[ '$before' -lt '$during' ] && [ '$during' -le '$got' ] && [ '$got' -lt '$after' ]" \
	"the backup was taken during the writes: $before < $during <= $got (in the backup) < $after"
is_value "$(sqlite3 live.db "SELECT count(*) FROM events WHERE id <= $got")" "$got" "the backup's events are the first ones, none missing"
is_value "$(sqlite3 live.db "SELECT count(*) FROM audit WHERE command LIKE 'pb-event -q add --date 2026-05-01 %'
	OR command = 'pb-event -q add --date 2026-03-05 --kind service --title 清扫 --org sq1 --pair 1'")" "$got" "and its audit trail has one row per event added"

# ---- where it cannot be written ---------------------------------------------

mkdir ro
chmod 0500 ro
# root writes anywhere it has permission bits against it; /proc it cannot.
rodir=ro
[ -w ro ] && rodir=/proc
snapshot
run pb-db backup "$rodir/copy.db"
is_status 73 "backup into a directory that cannot be written ($rodir)"
is_out_empty "nothing on stdout"
is_err_match "^pb-db: error: cannot create '$rodir/copy.db': " "the message names the file"
ok "[ ! -e '$rodir/copy.db' ]" "no file appears there"
db_unchanged "the database is untouched"
chmod 0700 ro

touch plain
run pb-db backup plain/copy.db
is_status 73 "backup under a file that is not a directory"
is_err_match "^pb-db: error: cannot create 'plain/copy.db': " "the message names the file"

# (copy.db was written to: its -wal and -shm are kept beside it.)
run pb-db backup bk
is_status 73 "backup onto a directory"
is_value "$(ls -A bk)" "copy.db
copy.db-shm
copy.db-wal
old.db
q.db" "leaves nothing behind in it"
ok "[ -z \"\$(find . -name '.*.pb-tmp.*')\" ]" \
	"nor a temporary file beside the targets"

run pb-db backup
is_status 64 "backup without a file"
run pb-db backup a.db b.db
is_status 64 "backup of two files"

# The rename that puts a copy (or an -o file) in place is made durable:
# the directory is synced after it, so that a copy said made is there
# after a power cut (strace).
if [ "${PB_VALGRIND:-0}" != 1 ] && command -v strace >/dev/null 2>&1 &&
	strace -o /dev/null true 2>/dev/null; then
	synced_after_rename() {
		# LeakSanitizer (make check SAN=1) cannot run under ptrace.
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -qq -e trace=fsync,fdatasync,rename \
			-o "$TMP/trace" "$@" >/dev/null 2>&1 || return 1
		awk '/rename\(/ { r = 1; next } r && /sync\(/ { s = 1 }
			END { exit !(r && s) }' "$TMP/trace"
	}
	synced_after_rename "$PB_BIN/pb-db" backup "$TMP/synced.db"
	is_value "$?" 0 "backup: the directory synced after the rename"
	synced_after_rename "$PB_BIN/pb-org" list -o "$TMP/synced.tsv"
	is_value "$?" 0 "-o: the directory synced after the rename"
else
	skip "no strace: the rename's sync"
	skip "no strace: the rename's sync"
fi

done_testing
