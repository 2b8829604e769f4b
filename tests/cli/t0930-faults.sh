#!/bin/sh
# Faults of the world around the database: a read-only database file
# (73), a directory that cannot be created (73), a full disk (74) and a
# database locked by another writer past the busy timeout (75).  Each
# gives its SPEC exit code and a clear message, and nothing is written.
#
# Root bypasses file modes, so as root the read-only file is made
# immutable with chattr +i (else a read-only bind mount), and the full
# disk is a small tmpfs; otherwise chmod 444 and ulimit -f serve.
# pb-test: file-only: a read-only file, a full disk and a lock held by sqlite3 (PostgreSQL has its own fault tests)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

root=0
[ "$(id -u)" = 0 ] && root=1

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd

# ---- a read-only database file ---------------------------------------
ro_dir=$TMP/ro
mkdir "$ro_dir" || exit 1
# A copy of the whole database: the latest writes may be in the -wal.
db_state "$ro_dir/pb.db"
how=
if [ "$root" = 0 ]; then
	chmod 444 "$ro_dir/pb.db" && how="chmod 444"
elif command -v chattr >/dev/null 2>&1 && chattr +i "$ro_dir/pb.db" 2>/dev/null; then
	how="chattr +i"
	undo="$undo chattr -i '$ro_dir/pb.db' 2>/dev/null;"
else
	mkdir "$TMP/ro-mnt" || exit 1
	if mount --bind "$ro_dir" "$TMP/ro-mnt" 2>/dev/null; then
		undo="$undo umount '$TMP/ro-mnt' 2>/dev/null;"
		if mount -o remount,ro,bind "$TMP/ro-mnt" 2>/dev/null; then
			ro_dir=$TMP/ro-mnt
			how="a read-only bind mount"
		fi
	fi
fi
if [ -n "$how" ]; then
	diag "read-only by $how"
	PB_DB=$ro_dir/pb.db
	snapshot
	run pb-org add --code x --name X --kind other
	is_status 73 "a read-only database file: exit 73"
	is_err_match "^pb-org: error: cannot write the database '.*pb\.db': " \
		"a read-only database file: the message names it"
	is_out_empty "a read-only database file: nothing on stdout"
	db_unchanged "a read-only database file: nothing written"
	run pb-org list --fields code
	is_status 0 "a read-only database file is still read"
	is_out "jd
sq1" "with its records"
	PB_DB=$TMP/db/pb.db
else
	skip "running as root without chattr +i or a read-only bind mount (root ignores chmod 444)"
	skip "no read-only file"
	skip "no read-only file"
	skip "no read-only file"
	skip "no read-only file"
	skip "no read-only file"
fi

# ---- a directory that cannot be created -------------------------------
: >"$TMP/plain"
run pb-org --db "$TMP/plain/sub/pb.db" add --code x --name X --kind other
is_status 73 "a database directory under a regular file: exit 73"
is_err_match "^pb-org: error: .*'$TMP/plain/sub.*': Not a directory" \
	"a database directory under a regular file: the message names it"
ok "[ -f '$TMP/plain' ] && [ ! -s '$TMP/plain' ]" \
	"a database directory under a regular file: nothing created"

# ---- a full disk --------------------------------------------------------
# An import far larger than the room left, from the same starting point.
awk 'BEGIN {
	print "events:"
	for (i = 1; i <= 20000; i++)
		printf "  - ref: f%05d\n    date: 2026-10-%02d\n    kind: service\n" \
		    "    title: 志愿服务第%d次，为社区居民提供帮助\n    org: sq1\n", i, i % 28 + 1, i
}' >"$TMP/big.yaml"
full_db=
limit=
if [ "$root" = 1 ] && mkdir "$TMP/full" &&
	mount -t tmpfs -o size=1m tmpfs "$TMP/full" 2>/dev/null; then
	undo="$undo umount '$TMP/full' 2>/dev/null;"
	full_db=$TMP/full/pb.db
	diag "full disk: a 1 MB tmpfs"
else
	full_db=$TMP/db/full.db
	limit=$(( ($(wc -c <"$PB_DB") + 600000) / 512 ))
	diag "full disk: ulimit -f $limit"
fi
db_state "$full_db"
PB_DB=$full_db
snapshot
if [ -n "$limit" ]; then
	# SIGXFSZ ignored, so a write past the limit fails with EFBIG.
	run sh -c "trap '' XFSZ; ulimit -f $limit && exec pb-event import '$TMP/big.yaml'"
else
	run pb-event import "$TMP/big.yaml"
fi
is_status 74 "a full disk: exit 74"
is_err_match "^pb-event: error: .*(full|space|too large|I/O error)" \
	"a full disk: the message says so"
db_unchanged "a full disk: nothing written"
run pb-db check
is_status 0 "a full disk: pb-db check passes afterwards"
PB_DB=$TMP/db/pb.db

# ---- a database locked past the busy timeout --------------------------
printf 'busy_timeout_ms: 200\n' >"$PB_CONFIG"
snapshot
mkfifo "$TMP/fifo" || exit 1
sqlite3 "$PB_DB" <"$TMP/fifo" >"$TMP/holder.out" 2>&1 &
holder=$!
exec 4>"$TMP/fifo"
printf "BEGIN IMMEDIATE;\nINSERT INTO audit(at, os_user, command, changes) SELECT at, os_user, 'held', changes FROM audit LIMIT 1;\n.print locked\n" >&4
i=0
while ! grep -q locked "$TMP/holder.out" 2>/dev/null && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
ok "grep -q locked '$TMP/holder.out'" "another process holds the write lock"
diag_file "$TMP/holder.out"
t0=$(date +%s%3N)
run pb-org add --code x --name X --kind other
t1=$(date +%s%3N)
is_status 75 "locked past busy_timeout_ms: exit 75"
is_err_match "^pb-org: error: .*(busy|locked).*" "locked: the message says so"
is_out_empty "locked: nothing on stdout"
ok "[ $((t1 - t0)) -ge 200 ]" "locked: it waited the busy timeout ($((t1 - t0)) ms)"
run pb-event import "$TMP/big.yaml"
is_status 75 "locked: an import gets 75 too"
printf 'ROLLBACK;\n' >&4
exec 4>&-
wait "$holder"
db_unchanged "locked: nothing written"
run pb-org add --code x --name X --kind other
is_status 0 "the lock released, the same command succeeds"

# ---- -o to what is not a regular file ----------------------------------
# A FIFO (as /dev/null or /dev/stdout would be a device) is written
# into, not renamed over: the temporary file and rename are for regular
# files.  Never tried on /dev/null itself: as root that replaces it.
mkfifo "$TMP/pipe" || exit 1
cat "$TMP/pipe" >"$TMP/pipe.out" &
reader=$!
run pb-org -o "$TMP/pipe" list --fields code
ok "[ -p '$TMP/pipe' ]" "-o FIFO: the FIFO is still a FIFO"
# If the FIFO was replaced, the reader still waits on the old one.
sleep 0.2
kill "$reader" 2>/dev/null
wait "$reader" 2>/dev/null
is_file_text "$TMP/pipe.out" "jd
sq1
x" "-o FIFO: the reader gets the list"

done_testing
