#!/bin/sh
# The files pb writes (issue 15): no output file may be the database, its
# -wal or its -shm, by any spelling, for any command that takes -o, nor
# the file of pb-db backup (64, nothing written, the database byte for
# byte as it was); every file pb writes is 0600 from its first byte
# whatever the umask, and -o never widens an existing file's mode; the
# audit trail never keeps a phone number; a temporary file left by a
# killed writer is removed by the next write into its directory or by
# pb-db check, a live writer's is kept; and a backup that cannot be
# created says why.
# pb-test: file-only: outputs named as the database file, its -wal and -shm; the modes of the file while written (the -o modes and the audit masking are engine-neutral)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1
umask 022

skip() {
	test_count=$((test_count + 1))
	printf 'ok %d # SKIP %s\n' "$test_count" "$*"
}

# A street with a unit, a member, a pair, an event and an opinion: every
# list, show and report below has something to print.
pb-org -q add --code jd --name 荣耀街道党工委 --kind street
pb-org -q add --code sq1 --name 荣耀社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-member -q add --ref M001 --name 张三 --category in-service --unit hn
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2024-03-01
pb-event -q add --date 2026-10-05 --kind service --title 清扫 --org sq1 --pair 1
pb-event -q opinion add --from hn --text 希望增加活动 --event 1

# files_state OUT: the database's directory as a refused command must
# leave it: what is in it, and the bytes of the database and of the -wal
# its writes keep beside it.
files_state() {
	{
		ls -A "$TMP/db"
		cksum "$PB_DB" "$PB_DB-wal"
	} >"$1" 2>&1
}
files_state "$TMP/db.files"

# ---- class 1: no output onto the database ------------------------------

ln -s "$PB_DB" "$TMP/link.db"
ln "$PB_DB" "$TMP/hard.db"

# refused DESC CMD...: exit 64 saying the file is the database (or the
# named companion), nothing on stdout, the database and its -wal
# byte-identical and nothing new beside them (no temporary).
refused() {
	_what=$1
	shift
	# Under valgrind one run in five (five: the spellings turn in fours),
	# every one of them in make check.
	vg_sample 5 || return 0
	run "$@"
	is_status 64 "$_what: exit 64"
	is_out_empty "$_what: nothing on stdout"
	is_err_match "^pb-[a-z]+: error: '[^']+' is the database('s [a-z -]+)? '$PB_DB(-wal|-shm|-journal)?': refusing to write over it$" \
		"$_what: the message"
	files_state "$TMP/db.files.now"
	if cmp -s "$TMP/db.files" "$TMP/db.files.now" &&
		[ -z "$(find "$TMP/db" "$TMP" -maxdepth 1 -name '.*.pb-tmp.*')" ]; then
		pass "$_what: the database is byte-identical, nothing beside it"
	else
		fail "$_what: the database is byte-identical, nothing beside it"
		find "$TMP/db" "$TMP" -maxdepth 1 | sed 's/^/# /'
	fi
}

# Every subcommand that takes -o (all do: the writing ones print an id),
# each with the output named as the database, its -wal and -shm, through
# a symbolic link, a hard link, a ../ spelling and a relative path; the
# option in each of getopt's spellings, before or after the subcommand.
i=0
while IFS= read -r cmd; do
	for target in "$PB_DB" "$PB_DB-wal" "$PB_DB-shm" link.db hard.db \
		"$TMP/db/../db/pb.db" db/pb.db-wal; do
		i=$((i + 1))
		# shellcheck disable=SC2086 # cmd is words
		set -- $cmd
		prog=$1
		shift
		case $((i % 4)) in
		0) refused "$cmd -o $target" "$prog" "$@" -o "$target" ;;
		1) refused "$prog -o $target ${cmd#* }" "$prog" -o "$target" "$@" ;;
		2) refused "$cmd --output=$target" "$prog" "$@" "--output=$target" ;;
		3) refused "$cmd -o$target" "$prog" "$@" "-o$target" ;;
		esac
	done
done <<'EOF'
pb-org list
pb-org show jd
pb-org tree
pb-org export
pb-org role list
pb-org add --code zz --name 新单位 --kind other
pb-member list
pb-member show M001
pb-member export
pb-member add --name 李明 --category resident
pb-pair list
pb-pair show 1
pb-pair export
pb-event list
pb-event show 1
pb-event export
pb-event opinion list
pb-event add --date 2026-10-06 --kind meeting --title 会 --org sq1
pb-report summary --period 2026-10
pb-report monthly
pb-report quarterly
pb-report annual
pb-report members --period 2026-10
pb-report due
pb-report overdue
pb-report unit hn --period 2026-10
pb-report pairs --period 2026-10
pb-report review --period 2026-10
pb-db dump
pb-db log
pb-db check
pb-db init
EOF
is_value "$(sqlite3 "$PB_DB" 'SELECT count(*) FROM orgs WHERE code = '"'zz'"'')" "0" \
	"the refused add wrote nothing (it used to commit, then clobber)"

# By device and inode while SQLite's -wal and -shm exist: a reader holds
# the database open.  (sqlite3, the last to close above, has folded the
# -wal into the file and removed both.)
cp "$PB_DB" "$TMP/db.copy"
mkfifo "$TMP/sql.in"
sqlite3 "$PB_DB" <"$TMP/sql.in" >"$TMP/sql.out" 2>&1 &
reader=$!
exec 3>"$TMP/sql.in"
echo 'BEGIN; SELECT count(*) FROM orgs;' >&3
n=0
while [ ! -s "$TMP/sql.out" ] && [ "$n" -lt 500 ]; do
	sleep 0.02
	n=$((n + 1))
done
ok "[ -e '$PB_DB-wal' ] && [ -e '$PB_DB-shm' ]" "with a reader, the -wal and -shm exist"
ln "$PB_DB-wal" wal.hard
ln "$PB_DB-shm" shm.hard
run pb-org list -o wal.hard
is_status 64 "-o a hard link to the live -wal: exit 64"
is_err_match "'wal.hard' is the database's write-ahead log '$PB_DB-wal'" "named as the write-ahead log"
run pb-db dump -o shm.hard
is_status 64 "-o a hard link to the live -shm: exit 64"
is_err_match "'shm.hard' is the database's shared-memory index '$PB_DB-shm'" "named as the shared-memory index"
run pb-db backup "$PB_DB-wal"
is_status 64 "backup onto the live -wal: exit 64"
echo 'COMMIT;' >&3
exec 3>&-
wait "$reader"
rm -f wal.hard shm.hard
ok "cmp -s '$PB_DB' '$TMP/db.copy'" "the database is byte-identical"
files_state "$TMP/db.files"

# A database that does not exist yet: its name is refused all the same,
# and nothing is created.
mkdir fresh
run pb-org --db fresh/pb.db list -o "$TMP/fresh/pb.db"
is_status 64 "-o the --db that does not exist yet, spelled otherwise: exit 64"
is_err "pb-org: error: '$TMP/fresh/pb.db' is the database 'fresh/pb.db': refusing to write over it
(see 'pb-org list --help')" "the message, with the usage hint"
PB_DB=$TMP/fresh/pb.db run pb-db dump -o fresh/pb.db-wal
is_status 64 "-o the -wal of a PB_DB that does not exist yet: exit 64"
ok "[ -z \"\$(ls -A fresh)\" ]" "nothing was created"

# pb-db backup onto the database, by every spelling.
for target in "$PB_DB" "$PB_DB-wal" "$PB_DB-shm" link.db hard.db \
	"$TMP/db/../db/pb.db" db/pb.db-journal; do
	refused "pb-db backup $target" pb-db backup "$target"
done

# What is not the database is written as before.
run pb-org list -o "$PB_DB.tsv"
is_status 0 "-o a name that only begins like the database's"
run pb-db backup "$PB_DB.bak"
is_status 0 "a backup beside the database"
rm -f "$PB_DB.tsv" "$PB_DB.bak"

# ---- class 4: modes -----------------------------------------------------

mode() {
	stat -c %a "$1"
}

run pb-org list -o new.tsv
is_value "$(mode new.tsv)" "600" "a new -o file is 0600 under umask 022"
run pb-report summary --period 2026-10 -f json -o new.json
is_value "$(mode new.json)" "600" "so is a report"
run pb-db dump -o new.yaml
is_value "$(mode new.yaml)" "600" "and a dump"
run pb-db log -o new.log
is_value "$(mode new.log)" "600" "and the audit log"
for m in 600 640 644 400; do
	printf 'old\n' >"old$m"
	chmod "$m" "old$m"
	run pb-org list --fields code -o "old$m"
	is_status 0 "-o over a file of mode $m"
	is_value "$(mode "old$m")" "$m" "keeps its mode $m (never widened)"
	is_value "$(cat "old$m")" "hn
jd
sq1" "and holds the new content"
done
run pb-db backup copy.db
is_value "$(mode copy.db)" "600" "a backup is 0600 under umask 022"
chmod 644 copy.db
run pb-db backup copy.db
is_value "$(mode copy.db)" "600" "a backup over a 0644 file is 0600"

# The database and what SQLite keeps beside it, while pb writes: a writer
# stopped at its first sync of the -wal.
have_strace=0
if [ "${PB_VALGRIND:-0}" != 1 ] && command -v strace >/dev/null 2>&1 &&
	strace -o /dev/null true 2>/dev/null; then
	have_strace=1
fi

# stopped SYSCALL DIR CMD...: run CMD under strace, stopped by a SIGSTOP
# right after its first SYSCALL. Sets tracer (a subshell around strace,
# which leaves strace's status in $TMP/strace.rc), writer (CMD's pid,
# from the name of strace's log, stlog) and tmpf (our temporary in DIR).
stopped() {
	_sys=$1
	_dir=$2
	shift 2
	rm -f "$TMP"/strace.*
	# LeakSanitizer (make check SAN=1) cannot run under ptrace.
	(
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
			strace -ff -o "$TMP/strace" \
			-e trace=openat,open,creat,chmod,fchmod,fchmodat,"$_sys" \
			-e inject="$_sys":signal=SIGSTOP:when=1 \
			"$@" >/dev/null 2>&1
		echo "$?" >"$TMP/strace.rc"
	) &
	tracer=$!
	writer=
	stlog=
	tmpf=
	_n=0
	while [ "$_n" -lt 500 ] && kill -0 "$tracer" 2>/dev/null; do
		for _f in "$TMP"/strace.[0-9]*; do
			[ -e "$_f" ] || continue
			stlog=$_f
			writer=${_f##*.}
		done
		# Every traced system call stops the writer for a moment too:
		# the group-stop of the SIGSTOP is the one strace logs.
		if [ -n "$writer" ] && grep -q 'stopped by SIGSTOP' "$stlog" &&
			grep -q '^State:[[:space:]]*[tT]' "/proc/$writer/status" 2>/dev/null; then
			for _f in "$_dir"/.*.pb-tmp."$writer".*; do
				case $_f in *-journal) continue ;; esac
				[ -e "$_f" ] && tmpf=$_f
			done
			return 0
		fi
		sleep 0.02
		_n=$((_n + 1))
	done
	return 1
}

if [ "$have_strace" = 1 ]; then
	stopped fdatasync "$TMP/db" pb-org add --code w1 --name 写入中 --kind other
	ok "[ -n '$writer' ]" "a writer stopped at its first sync"
	is_value "$(mode "$PB_DB") $(mode "$PB_DB-wal") $(mode "$PB_DB-shm")" "600 600 600" \
		"the database, its -wal and -shm are 0600"
	kill -CONT "$writer"
	wait "$tracer"
	is_value "$(cat "$TMP/strace.rc")" "0" "the writer goes on and succeeds"
else
	skip "no strace: the -wal and -shm modes while pb writes"
fi
cp "$PB_DB" "$TMP/db.copy"

# The temporary file while it is being written: a writer stopped after
# its fsync, before the rename, then killed there.
if [ "$have_strace" = 1 ]; then
	mkdir outdir
	stopped fsync outdir pb-db dump -o outdir/dump.yaml
	ok "[ -n '$tmpf' ]" "dump -o stopped with its temporary written"
	is_value "$(mode "$tmpf")" "600" "the temporary is 0600"
	ok "[ ! -e outdir/dump.yaml ]" "the target is not there yet"
	ok "grep -Eq '\"outdir/\\.dump\\.yaml\\.pb-tmp\\.$writer\\.[^.\"]{6}\", O_RDWR\\|O_CREAT\\|O_EXCL, 0600\\) = ' '$stlog'" \
		"created 0600 with O_EXCL, so never wider from its first byte"
	ok "! grep -q chmod '$stlog'" "and never chmodded"
	kill -KILL "$writer"
	wait "$tracer"
	stale=$tmpf
	ok "[ -e '$stale' ]" "killed, the writer leaves its temporary"
	printf '.tmp\n' >"outdir/.dump.yaml.pb-tmp.$$.live00"
	run pb-db dump -o outdir/dump.yaml
	is_status 0 "the next dump -o"
	ok "[ ! -e '$stale' ]" "removes the killed writer's temporary"
	is_value "$(ls -A outdir)" ".dump.yaml.pb-tmp.$$.live00
dump.yaml" "and keeps a live writer's"
	rm "outdir/.dump.yaml.pb-tmp.$$.live00"

	printf 'old\n' >outdir/r.tsv
	chmod 640 outdir/r.tsv
	stopped fsync outdir pb-org list -o outdir/r.tsv
	is_value "$(mode "$tmpf")" "640" "over a 0640 file, the temporary is 0640"
	ok "grep -Eq 'O_CREAT\\|O_EXCL, 0600\\) = ([0-9]+)\$' '$stlog' &&
		grep -Eq '^fchmod\\([0-9]+, 0640\\) += 0' '$stlog'" \
		"created 0600, then given the target's mode before a byte is written"
	kill -CONT "$writer"
	wait "$tracer"
	is_value "$(mode outdir/r.tsv) $(find outdir -mindepth 1 | sort | tr '\n' ' ')" \
		"640 outdir/dump.yaml outdir/r.tsv " \
		"the file keeps 0640; no temporary left"

	# A backup into the database's directory, killed: pb-db check
	# removes its temporary.
	stopped fsync "$TMP/db" pb-db backup "$TMP/db/nightly.db"
	ok "[ -n '$tmpf' ]" "backup stopped with its temporary written"
	is_value "$(mode "$tmpf")" "600" "the backup's temporary is 0600"
	ok "grep -Eq 'nightly\\.db\\.pb-tmp\\.$writer\\.[^.\"]{6}\", O_RDWR\\|O_CREAT\\|O_EXCL, 0600\\) = ' '$stlog' &&
		! grep -q chmod '$stlog'" \
		"created 0600 with O_EXCL before SQLite opens it, never chmodded"
	ok "! grep -Eq 'pb-tmp[^\"]*\", [^)]*O_CREAT[^)]*0644' '$stlog'" \
		"nothing of the backup is created 0644"
	kill -KILL "$writer"
	wait "$tracer"
	stale=$tmpf
	printf 'x\n' >"$TMP/db/.nightly.db.pb-tmp.$$.live00"
	run pb-db check
	is_status 0 "pb-db check"
	is_out "ok" "says ok"
	is_err "pb-db: removed '$TMP/db/${stale##*/}', a temporary file left by a writer that is gone" \
		"and that it removed the killed backup's temporary"
	ok "[ ! -e '$stale' ] && [ -e '$TMP/db/.nightly.db.pb-tmp.$$.live00' ]" \
		"gone, and a live writer's kept"
	rm "$TMP/db/.nightly.db.pb-tmp.$$.live00"
	ok "cmp -s '$PB_DB' '$TMP/db.copy'" "the database is byte-identical"
else
	skip "no strace: temporaries stopped while written"
fi

# ---- class 4: the audit trail keeps no phone number ---------------------

pb-member -q add --ref P1 --name 王芳 --category resident --phone 13800000001
pb-member -q set P1 --phone 139-0000-0002
pb-member -q set P1 --phone=13700000003
pb-member -q set P1 --pho '136 0000 0004'
pb-member -q --db "$PB_DB" set P1 --note '电话 见 花名册' --phone ''
pb-org -q add --code lm --name 利民公司党支部 --kind private --phone '010 6666 8888'
pb-org -q set lm --phone=+86-10-66668889 --address 东湖路1号
run pb-member show P1 -f tsv --fields phone
is_out "phone	" "the last set cleared the member's phone"
run pb-org show lm -f tsv --fields phone
is_out "phone	+86-10-66668889" "the org's phone is stored"
run pb-db log -f tsv --fields command
tail -n 7 "$TMP/out" >"$TMP/audit.tail"
is_file_text "$TMP/audit.tail" "pb-member -q add --ref P1 --name 王芳 --category resident --phone ***
pb-member -q set P1 --phone ***
pb-member -q set P1 --phone=***
pb-member -q set P1 --pho ***
pb-member -q --db $PB_DB set P1 --note '电话 见 花名册' --phone ''
pb-org -q add --code lm --name 利民公司党支部 --kind private --phone ***
pb-org -q set lm --phone=*** --address 东湖路1号" \
	"pb-db log shows the option with its value masked"
sqlite3 "$PB_DB" 'SELECT command || changes FROM audit' >"$TMP/audit.all"
ok "! grep -Eq '138|139|137|136|6666|8888|8889' '$TMP/audit.all'" \
	"no digits of any phone anywhere in the audit table"

# ---- class 10: temporaries of killed writers; why a backup failed -------

sh -c 'echo $$' >"$TMP/dead.pid"
dead=$(cat "$TMP/dead.pid")
mkdir rep
printf 'half\n' >"rep/.feb.json.pb-tmp.$dead.Ab12Cd"
printf 'half\n' >"rep/.other.db.pb-tmp.$dead.Ef34Gh-journal"
printf 'live\n' >"rep/.feb.json.pb-tmp.$$.Ij56Kl"
printf 'mine\n' >"rep/feb.json.pb-tmp.$dead.Mn78Op"
run pb-report summary --period 2026-10 -f json -o rep/feb.json
is_status 0 "a report into a directory with leftovers"
is_value "$(ls -A rep)" ".feb.json.pb-tmp.$$.Ij56Kl
feb.json
feb.json.pb-tmp.$dead.Mn78Op" \
	"the dead writers' temporaries (and a journal) are removed; a live one and a file not named as ours are kept"

printf 'half\n' >"$TMP/db/.pb.db.bak.pb-tmp.$dead.Qr90St"
run pb-db -q check
is_status 0 "pb-db -q check"
is_err "" "says nothing with -q"
ok "[ ! -e '$TMP/db/.pb.db.bak.pb-tmp.$dead.Qr90St' ]" "but removes a dead writer's temporary beside the database"

touch plain
run pb-db backup plain/copy.db
is_status 73 "backup under a file that is not a directory"
is_err "pb-db: error: cannot create 'plain/copy.db': Not a directory" "says so"

# A directory that cannot be written: as root, without the capability
# that overrides file modes.
mkdir ro
chmod 0500 ro
as_user=
if [ "$(id -u)" != 0 ]; then
	as_user=" "
elif command -v setpriv >/dev/null 2>&1 &&
	setpriv --bounding-set=-dac_override,-dac_read_search true 2>/dev/null; then
	as_user="setpriv --bounding-set=-dac_override,-dac_read_search"
fi
if [ -n "$as_user" ]; then
	# shellcheck disable=SC2086 # as_user is words
	run $as_user pb-db backup ro/copy.db
	is_status 73 "backup into a directory that cannot be written: 73"
	is_err "pb-db: error: cannot create 'ro/copy.db': Permission denied" \
		"the real reason, not 'No such file or directory'"
	# shellcheck disable=SC2086
	run $as_user pb-org list -o ro/list.tsv
	is_status 73 "-o into it: 73"
	is_err "pb-org: error: cannot create 'ro/list.tsv': Permission denied" "the same reason"
	ok "[ -z \"\$(ls -A ro)\" ]" "nothing appears there"
else
	skip "root cannot drop CAP_DAC_OVERRIDE here"
fi
chmod 0700 ro

done_testing
