#!/bin/sh
# The -wal and -shm kept between commands (issue 20): a write commits
# into the -wal, synced there, and leaves it with its -shm for the next
# command, instead of folding it into the file and removing both at
# every close; the write that leaves 64 pages or more there, and one that
# changes the schema, folds the log into the file and empties it.  What
# is in the -wal is read by every command, checked by pb-db check and
# copied by pb-db backup; a reader leaves the files as it found them.  A
# write into a -wal that holds frames syncs the commit and the directory
# (the -wal may have been left unsynced by a writer that failed or died).
# The audit user is the effective uid's name, not $USER.
# pb-test: file-only: the -wal and -shm beside a database file, and the file alone
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1

# SQLite's -wal: a 32-byte header, then a frame of 24 bytes and a page
# (4096 bytes) per page written.
frames() {
	_s=$(stat -c %s "$PB_DB-wal")
	if [ "$_s" -eq 0 ]; then
		echo 0
	else
		echo $(((_s - 32) / 4120))
	fi
}

# ---- a new database: the schema is in the file --------------------------

run pb-db init
is_status 0 "init"
ok "[ -f '$PB_DB-wal' ] && [ -f '$PB_DB-shm' ]" "init leaves the -wal and -shm beside the file"
is_value "$(frames)" 0 "and the -wal empty: the new schema is in the file itself"
is_value "$(stat -c %a "$PB_DB-wal") $(stat -c %a "$PB_DB-shm")" "600 600" \
	"both mode 0600, as the file"

# ---- a write stays in the -wal, and every command reads it --------------

pb-org -q add --code jd --name 东湖街道党工委 --kind street
n=$(frames)
ok "[ '$n' -gt 0 ] && [ '$n' -lt 64 ]" "a write leaves its pages in the -wal ($n)"
cp "$PB_DB" alone.db
is_value "$(sqlite3 alone.db 'SELECT count(*) FROM orgs')" 0 \
	"the file alone does not hold it yet: why a copy is made with backup"
rm -f alone.db alone.db-wal alone.db-shm

run pb-org list --fields code,name
is_out "jd	东湖街道党工委" "the next command reads the write"
run pb-db check
is_status 0 "pb-db check: the file and its -wal are consistent"
is_out "ok" "check says ok"

# A reader leaves the file, the -wal and the directory as they were.
state() {
	{
		ls -A "${PB_DB%/*}"
		cksum "$PB_DB" "$PB_DB-wal"
	} >"$TMP/$1"
}
state before
pb-org list >/dev/null
pb-org show jd >/dev/null
pb-report summary --period 2026-10 >/dev/null
pb-db log >/dev/null
state after
is_file "$TMP/after" "$TMP/before" "readers change neither the file nor the -wal, and make nothing"

run pb-db backup bk.db
is_status 0 "backup"
is_value "$(sqlite3 bk.db 'PRAGMA journal_mode' 'SELECT code FROM orgs')" "delete
jd" "the backup holds the write that is in the -wal, in a file of its own"
ok "[ ! -e bk.db-wal ] && [ ! -e bk.db-shm ]" "with nothing beside it"

# What a write syncs (strace): into a -wal that holds frames, the
# directory (the -wal's name made durable: a writer that failed or was
# killed may have left it there unsynced) and the commit; into an empty
# one, its new header too.
if [ "${PB_VALGRIND:-0}" != 1 ] && command -v strace >/dev/null 2>&1 &&
	strace -o /dev/null true 2>/dev/null; then
	syncs() {
		_p=$1
		shift
		# LeakSanitizer (make check SAN=1) cannot run under ptrace.
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -f -qq -e trace=fsync,fdatasync -o "$TMP/syncs" \
			"$PB_BIN/$_p" "$@" >/dev/null 2>&1
		grep -c 'sync(' "$TMP/syncs"
	}
	is_value "$(syncs pb-org -q add --code s1 --name 同步1 --kind team)" 2 \
		"a write into a -wal that holds frames syncs the directory and the commit"
	# sqlite3, the last to close, folds the -wal and removes it.
	sqlite3 "$PB_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	is_value "$(syncs pb-org -q add --code s2 --name 同步2 --kind team)" 3 \
		"into an empty one: its header, the directory, the commit"
	pb-org -q rm s1
	pb-org -q rm s2
else
	skip "no strace: what a write syncs"
fi

# ---- the -wal is folded once it holds 64 pages ---------------------------

# Each write adds a few pages; the one that leaves 64 or more empties
# the -wal, and the file alone then holds every record.
i=1
folds=0
bad=
while [ "$i" -le 40 ]; do
	pb-org -q add --code "u$i" --name "单位$i" --kind enterprise
	n=$(frames)
	if [ "$n" -ge 64 ]; then
		bad="$bad $i:$n"
	elif [ "$n" -eq 0 ]; then
		folds=$((folds + 1))
		cp "$PB_DB" alone.db
		got=$(sqlite3 alone.db 'SELECT count(*) FROM orgs')
		[ "$got" = $((i + 1)) ] || bad="$bad $i:alone=$got"
		rm -f alone.db
	fi
	i=$((i + 1))
done
ok "[ -z '$bad' ]" "no write leaves 64 pages in the -wal; once folded, the file alone holds all"
ok "[ '$folds' -ge 1 ]" "40 writes fold the -wal at least once ($folds)"
run pb-org list --fields code
is_value "$(wc -l <"$TMP/out")" 41 "every record is read, in the file or the -wal"

# A reader that finds no -wal makes one to read, and removes it.
sqlite3 "$PB_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
ok "[ ! -e '$PB_DB-wal' ] && [ ! -e '$PB_DB-shm' ]" \
	"sqlite3, the last to close, removed the -wal and -shm"
run pb-org list --fields code
is_status 0 "a read of a file without its -wal"
ok "[ ! -e '$PB_DB-wal' ] && [ ! -e '$PB_DB-shm' ]" "leaves none behind"

# ---- a schema change is folded into the file ------------------------------

SCHEMA=$TESTS/../lib/schema/sqlite
nsteps=$(find "$SCHEMA" -name '[0-9]*.sql' | wc -l)
{
	echo 'PRAGMA journal_mode = WAL; BEGIN;'
	cat "$SCHEMA/001-"*.sql
	echo "PRAGMA user_version = 1; PRAGMA application_id = 1885496418;
		INSERT INTO orgs (code, name, kind) VALUES ('jd', '东湖街道党工委', 'street');
		COMMIT;"
} | sqlite3 old.db >/dev/null
run pb-org --db old.db add --code sq1 --name 东湖社区党委 --kind community --parent jd
is_status 0 "a write to a database of schema step 1 migrates it"
cp old.db alone.db
is_value "$(sqlite3 alone.db 'PRAGMA user_version' 'SELECT count(*) FROM orgs')" "$nsteps
2" "the file alone holds the new schema and the write"
is_value "$(PB_DB=old.db frames)" 0 "and the -wal is empty"

# ---- the audit user ------------------------------------------------------

me=$(id -un)
USER=somebody-else pb-org -q set jd --note 驻区
run pb-db log -f tsv --fields user
is_value "$(tail -n 1 "$TMP/out")" "$me" "the user is the uid's name, not \$USER"

# A uid with no name anywhere: $USER, else the number (as root only, for
# setpriv to take another uid; not under valgrind, whose logs that uid
# could not write).
if [ "$(id -u)" = 0 ] && [ "${PB_VALGRIND:-0}" != 1 ] &&
	command -v setpriv >/dev/null 2>&1 &&
	! getent passwd 54321 >/dev/null 2>&1; then
	mkdir nameless
	pb-org --db nameless/pb.db -q add --code r --name R --kind street
	chown -R 54321:54321 nameless
	chmod o+x "$TMP"
	asuid() {
		PB_CONFIG=/dev/null setpriv --reuid=54321 --regid=54321 --clear-groups "$@"
	}
	USER=alice asuid pb-org --db "$TMP/nameless/pb.db" -q add --code a --name A --kind street
	(unset USER && asuid pb-org --db "$TMP/nameless/pb.db" -q add --code b --name B --kind street)
	chmod o-x "$TMP"
	run pb-db --db nameless/pb.db log -f tsv --fields user
	is_value "$(cat "$TMP/out")" "root
alice
54321" "a uid without a name: \$USER, else the number"
else
	skip "not root, or no setpriv: a uid without a name"
fi

done_testing
