# shellcheck shell=sh
# The TAP library every CLI test sources: a private temporary world (its
# own database, config, XDG directories and today), a `run` that keeps
# stdout, stderr and the status, and assertions that print one TAP line
# each.  A test ends with done_testing, which prints the plan.
#
#   . "$(dirname "$0")/../lib.sh"
#   run pb-org add --code a --name A --kind street
#   is_status 0 "add succeeds"
#   is_out "a" "add prints the code"
#   done_testing

# Where the programs under test are: PB_BIN, else the build in place.
: "${PB_BIN:=$(dirname "$0")/../../bin}"
PB_BIN=$(cd "$PB_BIN" && pwd) || {
	echo "Bail out! no programs in PB_BIN"
	exit 1
}
TESTS=$(cd "$(dirname "$0")/.." && pwd)
export TESTS
PATH=$PB_BIN:$PATH
export PB_BIN PATH

# PB_PG=1: the suite against PostgreSQL (make check-pg, tests/pg-suite.sh):
# each file gets a database of its own on the server whose socket
# directory PB_PG_HOST is (else on a server of its own), and PB_DB is its
# URL.  A file about the SQLite file itself says so near its top in a
# line `# pb-test: file-only: WHY` and skips as a whole; parts of a file
# are guarded by `if file_only WHAT; then ... fi`.
pg_mode() {
	[ "${PB_PG:-0}" = 1 ]
}
if pg_mode; then
	_why=$(sed -n 's/^# pb-test: file-only:* *//p' "$0" | head -n 1)
	if grep -q '^# pb-test: file-only' "$0"; then
		echo "1..0 # SKIP file-only${_why:+: $_why}"
		exit 0
	fi
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/pb-test.XXXXXX") || exit 1
# $undo: what a test must undo before rm -rf can remove $TMP (a mount,
# chattr +i), appended to as it goes.
undo=
trap 'eval "$undo"; rm -rf "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# PB_VALGRIND=1: every pb-* program runs under valgrind, through a
# directory of wrappers first on PATH, so the tests stay as they are.
# Valgrind looks the program up on PATH itself, with the real directory
# first, so argv[0] (and the audit's "command as typed") is unchanged.
# A leak or a memory error makes the program exit 99, and its report goes
# to a log of its own, which done_testing checks: so even a run whose
# status a test ignores (a pipeline, a background writer) is caught.
if [ "${PB_VALGRIND:-0}" = 1 ]; then
	command -v valgrind >/dev/null 2>&1 || {
		echo "Bail out! PB_VALGRIND=1 but no valgrind on PATH"
		exit 1
	}
	mkdir "$TMP/valgrind-bin" "$TMP/valgrind-log" || exit 1
	_q=$(printf '%s' "$PB_BIN" | sed "s/'/'\\\\''/g")
	_lq=$(printf '%s' "$TMP/valgrind-log" | sed "s/'/'\\\\''/g")
	# PB_VG_EVERY=N (set by a test file before it sources this one): one
	# run in N goes through valgrind, the others run plain; for the files
	# that run the same code paths many times over (make check and
	# make check SAN=1 run them all; PB_VALGRIND_ALL=1 too).
	# PB_VG_DEFAULT: the N of the files that set none (make check-valgrind).
	[ "${PB_VALGRIND_ALL:-0}" = 1 ] && PB_VG_EVERY=1
	PB_VG_EVERY=${PB_VG_EVERY:-${PB_VG_DEFAULT:-1}}
	export PB_VG_EVERY
	for _p in "$PB_BIN"/pb-*; do
		[ -x "$_p" ] || continue
		_w=$TMP/valgrind-bin/${_p##*/}
		cat >"$_w" <<-EOF
			#!/bin/sh
			PATH='$_q':\$PATH
			export PATH
			if [ "\$PB_VG_EVERY" -gt 1 ]; then
			    _n=\$(cat '$_lq.count' 2>/dev/null || echo 0)
			    echo \$((_n + 1)) >'$_lq.count'
			    [ \$((_n % PB_VG_EVERY)) = 0 ] || exec ${_p##*/} "\$@"
			fi
			exec valgrind --quiet --leak-check=full \\
			    --show-leak-kinds=definite,indirect \\
			    --errors-for-leak-kinds=definite,indirect \\
			    --error-exitcode=99 \\
			    --log-file='$_lq/${_p##*/}.%p' \\
			    ${_p##*/} "\$@"
		EOF
		chmod +x "$_w" || exit 1
	done
	PATH=$TMP/valgrind-bin:$PATH
	export PATH
fi

# Nothing of the user's is read or written: their config, their database,
# their locale and their choice of format are all out of reach.
unset PB_FORMAT PB_LANG LANG LANGUAGE LC_MESSAGES LC_CTYPE NO_COLOR
HOME=$TMP/home
XDG_CONFIG_HOME=$TMP/xdg-config
XDG_DATA_HOME=$TMP/xdg-data
PB_DB=$TMP/db/pb.db # in a directory that does not exist yet
PB_CONFIG=$TMP/config.yaml
PB_TODAY=2026-11-27
LC_ALL=C
TZ=UTC
: >"$PB_CONFIG"
export HOME XDG_CONFIG_HOME XDG_DATA_HOME PB_DB PB_CONFIG PB_TODAY LC_ALL TZ
# Nor the user's PostgreSQL settings (HOME hides ~/.pgpass and
# ~/.pg_service.conf): a test names its server in its URL.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGPASSFILE \
	PGSERVICE PGSERVICEFILE PGOPTIONS PGAPPNAME PGSSLMODE PGREQUIRESSL \
	PGCONNECT_TIMEOUT PGTARGETSESSIONATTRS PGCLIENTENCODING PGDATESTYLE \
	PGTZ PGSYSCONFDIR PGLOCALEDIR PGDATA

if pg_mode; then
	# shellcheck source=tests/pg.sh
	. "$TESTS/pg.sh"
	pg_require
	_name=${0##*/}
	pg_newdb "${_name%.sh}" || {
		echo "Bail out! $PG_WHY"
		exit 1
	}
	PB_DB=$PG_URL
fi
# The file's own database, for a test that names others for a while.
PB_DB_MAIN=$PB_DB
export PB_DB_MAIN

test_count=0
test_failed=0
TODO=

# One TAP line; with TODO set (by `todo REASON`) the line is marked and
# its failure does not fail the file.  TODO lasts for one assertion.
tap_result() {
	_pass=$1
	shift
	test_count=$((test_count + 1))
	if [ -n "$TODO" ]; then
		_mark=" # TODO $TODO"
	else
		_mark=
	fi
	if [ "$_pass" = 1 ]; then
		printf 'ok %d - %s%s\n' "$test_count" "$*" "$_mark"
	else
		printf 'not ok %d - %s%s\n' "$test_count" "$*" "$_mark"
		[ -n "$TODO" ] || test_failed=$((test_failed + 1))
	fi
	TODO=
	[ "$_pass" = 1 ]
}

# Print a file as TAP comments.
diag_file() {
	[ -s "$1" ] && sed -e 's/^/#   /' "$1"
	return 0
}

diag() {
	printf '# %s\n' "$*"
}

todo() {
	TODO=$*
}

# A test that cannot run here, with the reason.
skip() {
	test_count=$((test_count + 1))
	printf 'ok %d # SKIP %s\n' "$test_count" "$*"
}

pass() {
	tap_result 1 "$@"
}

fail() {
	tap_result 0 "$@"
}

# run CMD [ARG...]: stdout to $TMP/out, stderr to $TMP/err, status to
# $status.  Redirect stdin at the call: run pb-org import - <file
run() {
	status=0
	"$@" >"$TMP/out" 2>"$TMP/err" || status=$?
	return 0
}

is_status() {
	_want=$1
	shift
	if [ "$status" = "$_want" ]; then
		pass "$@"
	else
		fail "$@"
		diag "exit status $status, expected $_want; stderr:"
		diag_file "$TMP/err"
		return 1
	fi
}

# Compare a file with the expected text (one trailing newline added
# unless the text is empty), printing a diff on failure.
is_file_text() {
	_file=$1
	_want=$2
	shift 2
	if [ -n "$_want" ]; then
		printf '%s\n' "$_want" >"$TMP/expected"
	else
		: >"$TMP/expected"
	fi
	is_file "$_file" "$TMP/expected" "$@"
}

# A report's figures, exactly: FILE (json, jsonl, yaml or tsv) without
# the meta that every report ends with (its title and dates are tested
# apart), against WANT.
is_report() {
	perl -0pe 's/,\n  "meta": \{\n.*?\n  \}\n\}\n\z/\n}\n/s;
		s/,"meta":\{.*\}\}\n\z/}\n/;
		s/^meta:\n(?: .*\n)*\z//m;
		s/^meta\.[^\n]*\n//mg' "$1" >"$TMP/figures"
	_got=$TMP/figures
	shift
	is_file "$_got" "$@"
}

# Exact byte comparison of two files.
is_file() {
	_got=$1
	_want=$2
	shift 2
	if cmp -s "$_got" "$_want"; then
		pass "$@"
	else
		fail "$@"
		diff -u "$_want" "$_got" >"$TMP/diff" 2>&1 || :
		diag_file "$TMP/diff"
		return 1
	fi
}

# is_out EXPECTED DESC: stdout of the last run, exactly.
is_out() {
	is_file_text "$TMP/out" "$@"
}

# is_out_report EXPECTED DESC: stdout of the last run, a report's
# figures without its meta (is_report), exactly.
is_out_report() {
	if [ -n "$1" ]; then
		printf '%s\n' "$1" >"$TMP/expected"
	else
		: >"$TMP/expected"
	fi
	shift
	is_report "$TMP/out" "$TMP/expected" "$@"
}

is_err() {
	is_file_text "$TMP/err" "$@"
}

# is_value ACTUAL EXPECTED DESC: a value the test computed, exactly.
is_value() {
	printf '%s\n' "$1" >"$TMP/value"
	shift
	is_file_text "$TMP/value" "$@"
}

is_out_empty() {
	is_file_text "$TMP/out" "" "$@"
}

is_err_match() {
	_pat=$1
	shift
	if grep -Eq -- "$_pat" "$TMP/err"; then
		pass "$@"
	else
		fail "$@"
		diag "stderr does not match /$_pat/:"
		diag_file "$TMP/err"
		return 1
	fi
}

is_out_match() {
	_pat=$1
	shift
	if grep -Eq -- "$_pat" "$TMP/out"; then
		pass "$@"
	else
		fail "$@"
		diag "stdout does not match /$_pat/:"
		diag_file "$TMP/out"
		return 1
	fi
}

# ok 'SHELL CONDITION' DESC
ok() {
	_cond=$1
	shift
	if eval "$_cond"; then
		pass "$@"
	else
		fail "$@"
		diag "false: $_cond"
		return 1
	fi
}

# A test about the SQLite file itself, in part: under PB_PG=1 the part
# is one skip.   if file_only "the file's mode"; then ...; fi
file_only() {
	if pg_mode; then
		skip "file-only: $*"
		return 1
	fi
	return 0
}

# Whether PB_DB is a PostgreSQL database (by its value: a test may name
# a file for a while even under PB_PG=1).
db_is_pg() {
	case $PB_DB in
	postgresql:* | postgres://*) return 0 ;;
	esac
	return 1
}

# Whether pb made its database: the file, or on PostgreSQL a table in it
# (lib.sh created the database itself, empty).
db_exists() {
	if db_is_pg; then
		[ "$(pg_psql "$PB_DB" -c "SELECT count(*) FROM pg_catalog.pg_tables
			WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")" != 0 ]
	else
		[ -e "$PB_DB" ]
	fi
}

# db_query SQL: the rows of SQL on the database, a line each, the columns
# joined by | (the sqlite3 shell's and psql -A's default), SQL written
# for both engines.
db_query() {
	if db_is_pg; then
		pg_psql "$PB_DB" -c "$1"
	else
		sqlite3 "$PB_DB" "$1"
	fi
}

# The whole database as text: schema, rows (the audit trail too, since
# a failed command must not even leave an audit row), version and id.
# On PostgreSQL pg_dump's (pg_text).
db_text() {
	if ! db_exists; then
		echo "(no database)"
	elif db_is_pg; then
		pg_text "$PB_DB"
	else
		sqlite3 "$PB_DB" .dump 'PRAGMA user_version;' \
			'PRAGMA application_id;' 2>&1
	fi
}

snapshot() {
	db_text >"$TMP/snapshot"
}

# db_state OUT: what the database holds, to compare with cmp: the file's
# bytes (the WAL frames a failed command may leave checkpointed first, so
# only what was committed counts), or on PostgreSQL db_text.
db_state() {
	if db_is_pg; then
		db_text >"$1"
	else
		if [ -s "$PB_DB-wal" ]; then
			sqlite3 "$PB_DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null 2>&1
		fi
		cp "$PB_DB" "$1"
	fi
}

# The database as text, but for the audit trail's rows.
db_records() {
	if db_is_pg; then
		pg_text "$PB_DB" --exclude-table-data=audit
	else
		sqlite3 "$PB_DB" .dump | grep -v '^INSERT INTO audit '
	fi
}

# totals_step LABEL CMD: CMD run as a user's script would; a failed one
# must leave the database as it was (counted in _failed), and then the
# monthly totals must equal the records (pb-db check).  1, said by diag
# under LABEL, when either broke.
totals_step() {
	db_text >"$TMP/step.before"
	if ! sh -c "$2" >/dev/null 2>"$TMP/step.err"; then
		_failed=$((_failed + 1))
		db_text >"$TMP/step.after"
		if ! cmp -s "$TMP/step.before" "$TMP/step.after"; then
			diag "$1: a failed command changed the database: $2"
			return 1
		fi
	fi
	pb-db -q check 2>"$TMP/step.err" && return 0
	diag "$1: $2"
	diag_file "$TMP/step.err"
	return 1
}

# db_save NAME, db_restore NAME: a copy of the database (no command may
# have it open), and the database put back as that copy was.
db_save() {
	if db_is_pg; then
		pg_savedb "$1"
	else
		db_state "$TMP/saved-$1.db"
	fi
}

db_restore() {
	if db_is_pg; then
		pg_restoredb "$1"
	else
		cp "$TMP/saved-$1.db" "$PB_DB" &&
			rm -f "$PB_DB-wal" "$PB_DB-shm"
	fi
}

# The database is as `snapshot` left it.
db_unchanged() {
	db_text >"$TMP/snapshot.now"
	is_file "$TMP/snapshot.now" "$TMP/snapshot" "$@"
}

# A failing command in one line: run it, then status, nothing on stdout,
# the message, and the database untouched.
#   fails 65 'exists already' "duplicate code" pb-org add ...
fails() {
	_code=$1
	_pat=$2
	_what=$3
	shift 3
	snapshot
	run "$@"
	is_status "$_code" "$_what: exit $_code"
	is_out_empty "$_what: nothing on stdout"
	is_err_match "$_pat" "$_what: message"
	db_unchanged "$_what: database unchanged"
}

# repeat TEXT N: TEXT N times (byte-safe for any locale).
repeat() {
	_i=0
	while [ "$_i" -lt "$2" ]; do
		printf '%s' "$1"
		_i=$((_i + 1))
	done
}

# Where no database must appear.
no_db() {
	ok "! db_exists" "$@"
}

# vg_sample N: true for one call in N (counted across the file) under
# PB_VALGRIND=1, always otherwise or with PB_VALGRIND_ALL=1.  For the
# loops that take the same path through many commands: valgrind walks it
# in a sample of them, make check and ASan (make check SAN=1) in all.
vg_sample() {
	if [ "${PB_VALGRIND:-0}" != 1 ] || [ "${PB_VALGRIND_ALL:-0}" = 1 ]; then
		return 0
	fi
	_vg_n=$((${_vg_n:-0} + 1))
	[ $((_vg_n % $1)) = 0 ]
}

# Under PB_VALGRIND=1: one more test, that no run of any program under
# valgrind reported an error or a leak (an empty log is a clean run).
valgrind_clean() {
	_runs=0
	_dirty=
	for _l in "$TMP"/valgrind-log/*; do
		[ -e "$_l" ] || continue
		_runs=$((_runs + 1))
		[ ! -s "$_l" ] || _dirty="$_dirty $_l"
	done
	if [ -z "$_dirty" ]; then
		pass "valgrind: no error or leak in $_runs runs"
	else
		fail "valgrind: no error or leak in $_runs runs"
		for _l in $_dirty; do
			head -c 4000 "$_l" >"$TMP/valgrind-log.head"
			diag_file "$TMP/valgrind-log.head"
		done
	fi
}

done_testing() {
	[ "${PB_VALGRIND:-0}" != 1 ] || valgrind_clean
	echo "1..$test_count"
	[ "$test_failed" -eq 0 ]
	exit $?
}
