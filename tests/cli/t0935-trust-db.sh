#!/bin/sh
# Trust in the database file itself, across every command.
#
# A value of --db, PB_DB or config `database:` that names no usable
# database is refused: `--db :memory:` (which stored nothing and exited
# 0), `--db ''` (which silently used the default database) and a second
# --db (which silently won) are usage errors (64), PB_DB=:memory: too,
# config `database: ":memory:"` a config error (78).  A database named
# by any of them that does not exist is 66 for every reading and
# updating subcommand, and nothing is created: a cron job with a typo
# in its path no longer sends a report of zeros.  Only the default
# database reads as empty before its first write.
#
# A write whose database is removed, or replaced by another street's,
# while it runs (here: a 60,000-row roster import, fed through a FIFO so
# that the file is removed at a known point inside its transaction)
# exits 74, and the other street's file stays byte for byte as it was.
#
# A full disk and a read-only medium stop writes (74, 73) but not reads:
# pb-org list, pb-report summary and pb-db check still work.  Those need
# root, for a small tmpfs; they are skipped otherwise.
# pb-test: file-only: database files named by path, removed or replaced under a write, full and read-only media
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# ---- values that name no usable database -------------------------------

# The default database, with records that a silently chosen database
# would show; two more databases for --db A --db B.
unset PB_DB
DEF=$XDG_DATA_HOME/pb/pb.db
pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q --db "$TMP/a.db" add --code a --name A --kind street
pb-org -q --db "$TMP/b.db" add --code b --name B --kind street
cksum "$DEF" "$TMP/a.db" "$TMP/b.db" >"$TMP/sums"
# The default's directory: pb.db and the -wal and -shm its writes keep.
ls -A "${DEF%/*}" >"$TMP/def.ls"
printf 'orgs: []\n' >"$TMP/empty.yaml"

# Every run happens in an empty directory, where a relative database
# would appear.
W=$TMP/w
mkdir "$W" || exit 1
cd "$W" || exit 1

# Nothing appeared in the working directory, and the databases that
# exist are as they were (nothing new beside the default).
nothing_made() {
	cksum "$DEF" "$TMP/a.db" "$TMP/b.db" >"$TMP/sums.now"
	ls -A "${DEF%/*}" >"$TMP/def.ls.now"
	ok "[ -z \"\$(ls -A '$W')\" ] && cmp -s '$TMP/def.ls' '$TMP/def.ls.now' &&
	    cmp -s '$TMP/sums' '$TMP/sums.now'" "$@"
}

# Each subcommand, with arguments that reach the database.
reads() {
	"$@" pb-org list
	"$@" pb-org show jd
	"$@" pb-org tree
	"$@" pb-org export
	"$@" pb-org role list
	"$@" pb-member list
	"$@" pb-member show 1
	"$@" pb-member export
	"$@" pb-pair list
	"$@" pb-pair show 1
	"$@" pb-pair export
	"$@" pb-event list
	"$@" pb-event show 1
	"$@" pb-event export
	"$@" pb-event opinion list
	"$@" pb-report summary
	"$@" pb-report monthly
	"$@" pb-report quarterly
	"$@" pb-report annual
	"$@" pb-report members
	"$@" pb-report due
	"$@" pb-report overdue
	"$@" pb-report unit jd
	"$@" pb-report pairs
	"$@" pb-report review
	"$@" pb-report awards
	"$@" pb-report meetings
	"$@" pb-db check
	"$@" pb-db dump
	"$@" pb-db log
	"$@" pb-db backup "$W/copy.db"
}

updates() {
	"$@" pb-org set jd --name X
	"$@" pb-org rm jd
	"$@" pb-org role end 1
	"$@" pb-member set 1 --name X
	"$@" pb-member rm 1
	"$@" pb-member register 1 --community jd
	"$@" pb-member unregister 1
	"$@" pb-pair set 1 --goal X
	"$@" pb-pair end 1
	"$@" pb-pair rm 1
	"$@" pb-event set 1 --title X
	"$@" pb-event rm 1
	"$@" pb-event attend 1 --org jd
	"$@" pb-event give 1 --from jd --type cash --value 1
	"$@" pb-event opinion answer 1 --text X
}

writes() {
	"$@" pb-org add --code x --name X --kind street
	"$@" pb-org import "$TMP/empty.yaml"
	"$@" pb-org role add jd --title 书记 --name 张三
	"$@" pb-member add --name 张三 --category resident
	"$@" pb-member import "$TMP/empty.yaml"
	"$@" pb-pair add --community jd --partner x --kind unit --since 2026-01-01
	"$@" pb-pair import "$TMP/empty.yaml"
	"$@" pb-event add --date 2026-11-01 --kind service --title T --org jd
	"$@" pb-event import "$TMP/empty.yaml"
	"$@" pb-event opinion add --from jd --text T
	"$@" pb-db init
	"$@" pb-db load "$TMP/empty.yaml"
}

# expect STATUS ERE LABEL PROG [ARGS]: run it; its status, nothing on
# stdout, the message, and nothing created or changed.
# shellcheck disable=SC2317 # called through reads, updates and writes
expect() {
	_want=$1
	_pat=$2
	_label=$3
	shift 3
	# Under valgrind one run in four: every case goes through the same
	# front end, and the count moves the sample to other subcommands from
	# one case to the next (make check runs them all).
	vg_sample 4 || return 0
	run "$@" </dev/null
	is_status "$_want" "$_label: $_want"
	is_out_empty "$_label: nothing on stdout"
	is_err_match "$_pat" "$_label: the message"
	nothing_made "$_label: nothing created or changed"
}

# The cases, each on PROG [ARGS].
# shellcheck disable=SC2317 # called through reads, updates and writes
memory() {
	_p=$1
	shift
	expect 64 "^$_p: error: --db ':memory:' is SQLite's in-memory database, which is gone when the command ends: name the database file$" \
		"$_p --db :memory: $*" "$_p" --db :memory: "$@"
}

# shellcheck disable=SC2317 # called through reads, updates and writes
empty() {
	_p=$1
	shift
	expect 64 "^$_p: error: --db '' is empty: name the database file$" \
		"$_p --db '' $*" "$_p" --db '' "$@"
}

# shellcheck disable=SC2317 # called through reads, updates and writes
uri() {
	_p=$1
	shift
	expect 64 "^$_p: error: --db 'file::memory:' is a SQLite URI, not a path" \
		"$_p --db file::memory: $*" "$_p" --db file::memory: "$@"
}

# shellcheck disable=SC2317 # called through reads, updates and writes
twice() {
	_p=$1
	shift
	# pb-report's roll-ups read several databases (t0580).
	case "$_p $1" in
	"pb-report "summary | "pb-report "monthly | "pb-report "quarterly | \
		"pb-report "annual | "pb-report "members | "pb-report "pairs | \
		"pb-report "review | "pb-report "due | "pb-report "overdue | \
		"pb-report "awards | "pb-report "meetings) return 0 ;;
	esac
	expect 64 "^$_p: error: --db given twice \('$TMP/a\.db', then '$TMP/b\.db'\): name one database \\(only pb-report's roll-ups read several\\)$" \
		"$_p --db A $* --db B" "$_p" --db "$TMP/a.db" "$@" --db "$TMP/b.db"
}

# A named database that does not exist.
# shellcheck disable=SC2317 # called through reads, updates and writes
missing() {
	_p=$1
	shift
	expect 66 "^$_p: error: database '$W/sub/typo\.db' does not exist: nothing was read or created \(named by --db\)$" \
		"$_p $* on a missing --db" "$_p" --db "$W/sub/typo.db" "$@"
}

for case in memory empty uri twice; do
	reads "$case"
	updates "$case"
	writes "$case"
done
reads missing
updates missing

# A write is what creates a named database.
run pb-org --db "$W/new.db" add --code x --name X --kind street
is_status 0 "a write to a named database that does not exist creates it"
ok "[ -f '$W/new.db' ]" "the file is there"
run pb-org --db "$W/new.db" list --fields code
is_out "x" "and holds the record"
ok "[ -f '$W/new.db-wal' ] && [ -f '$W/new.db-shm' ]" \
	"its -wal and -shm are kept beside it"
rm -f "$W/new.db" "$W/new.db-wal" "$W/new.db-shm"
run pb-db --db "$W/new.db" init
is_status 0 "pb-db init creates a named database"
ok "[ -f '$W/new.db' ]" "the file is there"
rm -f "$W/new.db" "$W/new.db-wal" "$W/new.db-shm"

# PB_DB: an empty one is unset (as a shell's `PB_DB= cmd` means), so the
# default database is read; :memory: is refused, a missing one is 66.
run env PB_DB= pb-org list --fields code
is_status 0 "PB_DB='' is unset"
is_out "jd" "the default database is read"
for sub in "list" "add --code x --name X --kind street"; do
	# shellcheck disable=SC2086
	run env PB_DB=:memory: pb-org $sub
	is_status 64 "PB_DB=:memory: pb-org $sub: 64"
	is_err_match "^pb-org: error: PB_DB ':memory:' is SQLite's in-memory database" \
		"PB_DB=:memory: pb-org $sub: the message"
	nothing_made "PB_DB=:memory: pb-org $sub: nothing created"
done
run env PB_DB="$W/typo.db" pb-report summary
is_status 66 "PB_DB naming a missing database: pb-report 66"
is_out_empty "no report of zeros"
is_err "pb-report: error: database '$W/typo.db' does not exist: nothing was read or created (named by PB_DB)" \
	"the message names it and PB_DB"
nothing_made "PB_DB missing: nothing created"

# Config `database:`.
printf 'database: ":memory:"\n' >"$TMP/memory.yaml"
run env PB_CONFIG="$TMP/memory.yaml" pb-org list
is_status 78 "config database: \":memory:\": 78"
is_err "$TMP/memory.yaml:1:11: error: database ':memory:' is SQLite's in-memory database, which is gone when the command ends: name the database file (or leave the key out for the default)" \
	"config :memory:: the message, at its place"
printf 'database: ""\n' >"$TMP/empty-db.yaml"
run env PB_CONFIG="$TMP/empty-db.yaml" pb-org add --code x --name X --kind street
is_status 78 "config database: \"\": 78"
is_err_match "^$TMP/empty-db\.yaml:1:11: error: database '' is empty" \
	"config '': the message"
printf 'database: %s/typo.db\n' "$W" >"$TMP/typo.yaml"
run env PB_CONFIG="$TMP/typo.yaml" pb-org list
is_status 66 "config database: naming a missing database: 66"
is_err "pb-org: error: database '$W/typo.db' does not exist: nothing was read or created (named by config 'database:' in $TMP/typo.yaml)" \
	"the message names it and the config file"
nothing_made "config cases: nothing created"

# The default database still reads as empty before its first write.
run env XDG_DATA_HOME="$TMP/fresh" pb-report summary -f json --no-compare
is_status 0 "the default database, not yet written: a report"
ok "[ ! -e '$TMP/fresh' ]" "and nothing created"
cd "$TMP" || exit 1

# ---- the database removed or replaced under a running write ------------

D=$TMP/c7
mkdir "$D" || exit 1
PB_DB=$D/pb.db
export PB_DB
pb-org -q import - <<'YAML'
orgs:
  - {code: jd, name: 东湖街道党工委, kind: street}
  - {code: dh, name: 东湖社区党委, kind: community, parent: jd}
  - {code: hn, name: 华能公司党委, kind: enterprise}
YAML
cp "$PB_DB" "$D/base.db"
pb-org -q --db "$D/other.db" add --code xj --name 西街街道党工委 --kind street
cp "$D/other.db" "$D/other.orig"

# 60,000 rows; under valgrind, enough to outgrow the pipe's buffer.
ROWS=60000
[ "${PB_VALGRIND:-0}" != 1 ] || ROWS=3000
awk -v n="$ROWS" 'BEGIN {
	print "编号,姓名,性别,手机,类别,所在党组织,报到社区,工作单位,入党日期,报到日期,备注"
	for (i = 1; i <= n; i++)
		printf "R%06d,党员%d,%s,138%08d,在职党员,hn,dh,hn,2001-07-01,2026-01-%02d,\r\n",
			i, i, i % 2 ? "男" : "女", i, i % 28 + 1
}' >"$D/roster.csv"

# import_then CMD...: import the roster from a FIFO; once the whole
# roster is in the pipe, all but its last buffer has been read, so the
# import is inside its one transaction with most rows written: then
# CMD runs, then the end of input lets the import commit.
import_then() {
	rm -f "$D/fifo"
	mkfifo "$D/fifo" || exit 1
	pb-member import --csv - <"$D/fifo" >"$TMP/out" 2>"$TMP/err" &
	_pid=$!
	exec 4>"$D/fifo"
	cat "$D/roster.csv" >&4
	"$@"
	exec 4>&-
	status=0
	wait "$_pid" || status=$?
	rm -f "$D/fifo"
}

import_then rm -f "$D/pb.db" "$D/pb.db-wal"
is_status 74 "the database and its -wal removed under an import: 74"
is_out_empty "removed: nothing on stdout"
is_err "pb-member: error: the database '$D/pb.db' was removed while this command ran: nothing was written" \
	"removed: the message says so"
ok "[ ! -e '$D/pb.db' ] && [ ! -e '$D/pb.db-wal' ]" "removed: nothing recreated"

cp "$D/base.db" "$PB_DB"
import_then mv "$D/other.db" "$D/pb.db"
is_status 74 "the database replaced by another street's under an import: 74"
is_out_empty "replaced: nothing on stdout"
is_err "pb-member: error: the database '$D/pb.db' was replaced by another file while this command ran: nothing was written to either" \
	"replaced: the message says so"
is_file "$D/pb.db" "$D/other.orig" "replaced: the other street's file is byte for byte as it was"
# SQLite leaves the -wal and -shm it held beside the new file (it never
# deletes what may be another's): they hold nothing committed.
run pb-member list
is_status 0 "replaced: the other street's database reads"
is_out_empty "and holds none of the import"
run pb-db check
is_out "ok" "and passes pb-db check"

# ---- a full disk and a read-only medium --------------------------------

F=$TMP/full
mkdir "$F" || exit 1
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=1m tmpfs "$F" 2>/dev/null; then
	undo="$undo umount '$F' 2>/dev/null;"
	PB_DB=$F/pb.db
	# shellcheck source=tests/cli/fixture-reports.sh
	. "$TESTS/cli/fixture-reports.sh"
	pb-org list >"$TMP/want.list"
	pb-report summary -f json --period 2026-03 >"$TMP/want.summary"
	ok "[ -s '$TMP/want.list' ] && grep -q '\"total\": 5,' '$TMP/want.summary'" \
		"the street's records, and its report for 2026-03"
	cksum "$PB_DB" >"$TMP/db.sum"

	dd if=/dev/zero of="$F/fill" bs=4k 2>/dev/null
	run pb-org add --code x --name X --kind other
	is_status 74 "the disk is full: a write is refused, 74"
	run pb-org list
	is_status 0 "a full disk: pb-org list exits 0"
	is_file "$TMP/out" "$TMP/want.list" "a full disk: pb-org list prints every org"
	run pb-report summary -f json --period 2026-03
	is_status 0 "a full disk: pb-report summary exits 0"
	is_file "$TMP/out" "$TMP/want.summary" "a full disk: the same report"
	run pb-db check
	is_status 0 "a full disk: pb-db check exits 0"
	is_out "ok" "a full disk: pb-db check says ok"
	cksum "$PB_DB" >"$TMP/db.sum.now"
	is_file "$TMP/db.sum.now" "$TMP/db.sum" "a full disk: the database is as it was"
	# The records the -wal may still hold folded into the file first:
	# a read-only medium reads them from the file alone.
	rm -f "$F/fill"
	sqlite3 "$PB_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	rm -f "$F/pb.db-wal" "$F/pb.db-shm"

	if mount -o remount,ro "$F" 2>/dev/null; then
		run pb-org add --code x --name X --kind other
		is_status 73 "a read-only medium: a write is refused, 73"
		is_err_match "^pb-org: error: cannot write the database '$F/pb\.db': " \
			"a read-only medium: the write's message"
		run pb-org list
		is_status 0 "a read-only medium: pb-org list exits 0"
		is_file "$TMP/out" "$TMP/want.list" "a read-only medium: pb-org list prints every org"
		run pb-report summary -f json --period 2026-03
		is_status 0 "a read-only medium: pb-report summary exits 0"
		is_file "$TMP/out" "$TMP/want.summary" "a read-only medium: the same report"
		run pb-db check
		is_status 0 "a read-only medium: pb-db check exits 0"
		is_out "ok" "a read-only medium: pb-db check says ok"

		# Records still in the -wal (a writer that could not checkpoint
		# when it closed) are read with the -wal's index, and never
		# skipped when the index is not there.
		mount -o remount,rw "$F"
		sqlite3 "$PB_DB" ".dbconfig no_ckpt_on_close on" \
			"UPDATE orgs SET name = '东湖街道党工委（新）' WHERE code = 'jd'" >/dev/null
		mount -o remount,ro "$F"
		run pb-org show jd --fields name
		is_status 0 "a read-only medium with records in the -wal: read"
		is_out "name	东湖街道党工委（新）" "with the -wal's records"
		mount -o remount,rw "$F"
		rm -f "$F/pb.db-shm"
		mount -o remount,ro "$F"
		run pb-org show jd --fields name
		is_status 66 "records in the -wal and no index on a read-only medium: 66"
		is_out_empty "nothing stale on stdout"
		is_err_match "^pb-org: error: cannot read the database '$F/pb\.db': its write-ahead log '$F/pb\.db-wal' holds records" \
			"the message says why"
		mount -o remount,rw "$F"
	else
		for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
			skip "tmpfs cannot be remounted read-only here"
		done
	fi
	PB_DB=$TMP/db/pb.db
else
	for _i in $(seq 1 22); do
		skip "needs root and a tmpfs mount for a full disk and a read-only medium"
	done
fi

done_testing
