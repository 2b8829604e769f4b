# shellcheck shell=sh
# A PostgreSQL server for the tests, started by the tests themselves:
# initdb and pg_ctl from /usr/lib/postgresql/*/bin (Debian), a cluster in
# a temporary directory, listening on a Unix socket in that directory
# only (listen_addresses=''), as an unprivileged user when we are root
# (initdb refuses root), stopped by `pg_ctl -m fast stop`.
#
# Sourced by tests/lib.sh under PB_PG=1 (the whole suite against
# PostgreSQL: make check-pg), by tests/pg-suite.sh (one server for that
# run) and by the tests that are about PostgreSQL itself:
#
#   . "$(dirname "$0")/../lib.sh"
#   . "$TESTS/pg.sh"
#   pg_require            # a server, or `1..0 # SKIP no PostgreSQL: why`
#   pg_newdb t           # a fresh database, dropped at exit: $PG_URL
#   PB_DB=$PG_URL run pb-org list
#
# It only defines functions and variables: sourcing it twice is harmless.
# Every function returns non-zero with the reason in $PG_WHY on failure.

PG_WHY=
# Set here; read by the test that sources this file.
PG_URL=
export PG_URL

# pg_find: PG_BINDIR (initdb, pg_ctl, postgres) and PG_CLIENT (psql,
# createdb, dropdb, pg_dump: the server's own, else on PATH).  PB_PG_BINDIR
# names the server's directory; else the newest /usr/lib/postgresql/N.
pg_find() {
	[ -z "${PG_BINDIR:-}" ] || return 0
	_d=${PB_PG_BINDIR:-}
	if [ -z "$_d" ]; then
		# The newest version: the directory names are numbers (9.6, 15).
		_d=$(for _b in /usr/lib/postgresql/*/bin; do
			[ -x "$_b/initdb" ] && [ -x "$_b/pg_ctl" ] && echo "$_b"
		done | sort -t/ -k5,5V | tail -n 1)
	fi
	if [ -z "$_d" ] || [ ! -x "$_d/initdb" ] || [ ! -x "$_d/pg_ctl" ]; then
		PG_WHY="no initdb and pg_ctl in ${PB_PG_BINDIR:-/usr/lib/postgresql/*/bin} (apt-get install postgresql)"
		return 1
	fi
	PG_BINDIR=$_d
	for _c in psql createdb dropdb pg_dump; do
		if [ -x "$_d/$_c" ]; then
			:
		elif command -v "$_c" >/dev/null 2>&1; then
			_d=
		else
			PG_WHY="no $_c (apt-get install postgresql-client)"
			return 1
		fi
	done
	# The clients from the server's directory when all are there (the
	# same version), else from PATH.
	if [ -n "$_d" ]; then PG_CLIENT=$_d/; else PG_CLIENT=; fi
	return 0
}

# pg_as_server CMD [ARG...]: as the user the server runs as, in the
# cluster's directory (a cwd it may not read would make initdb warn).
# Root runs it as nobody, by setpriv, else by runuser.
pg_as_server() {
	if [ "$(id -u)" != 0 ]; then
		(cd "$PG_DIR" && "$@")
	elif command -v setpriv >/dev/null 2>&1; then
		(cd "$PG_DIR" && setpriv --reuid="$PG_UID" --regid="$PG_GID" \
			--clear-groups "$@")
	else
		(cd "$PG_DIR" && runuser -u "$PG_USER" -- "$@")
	fi
}

# pg_start [SETTING=VALUE...]: a new cluster in a new temporary
# directory $PG_DIR, whose socket directory PG_HOST is, started; each
# argument is a server setting (-c).  fsync is off unless PG_FSYNC=on: a
# test cluster outlives no machine crash, and `pg_ctl stop -m immediate`
# loses nothing the OS has.  The caller stops it with pg_stop.
pg_start() {
	pg_find || return 1
	PG_USER=nobody
	if [ "$(id -u)" = 0 ]; then
		if ! PG_UID=$(id -u "$PG_USER" 2>/dev/null) ||
			! PG_GID=$(id -g "$PG_USER" 2>/dev/null); then
			PG_WHY="running as root and no user $PG_USER to run the server as"
			return 1
		fi
		command -v setpriv >/dev/null 2>&1 ||
			command -v runuser >/dev/null 2>&1 || {
			PG_WHY="running as root without setpriv or runuser"
			return 1
		}
	fi
	# Short, under /tmp: a socket's path has a limit of about 100 bytes.
	PG_DIR=$(mktemp -d /tmp/pb-pg.XXXXXX) || {
		PG_WHY="cannot make a temporary directory"
		return 1
	}
	if [ "$(id -u)" = 0 ]; then
		chown "$PG_UID:$PG_GID" "$PG_DIR" || {
			PG_WHY="cannot chown $PG_DIR to $PG_USER"
			return 1
		}
	fi
	PG_HOST=$PG_DIR
	# --no-sync: nothing of the cluster must survive a crash.
	pg_as_server "${PG_BINDIR}/initdb" -D "$PG_DIR/data" -U pb -A trust \
		--no-locale -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 || {
		PG_WHY="initdb failed: $(tail -n 1 "$PG_DIR/initdb.log")"
		return 1
	}
	_opts="-k $PG_DIR -c listen_addresses='' -c fsync=${PG_FSYNC:-off}"
	_opts="$_opts -c synchronous_commit=off -c full_page_writes=off"
	for _s in "$@"; do
		_opts="$_opts -c $_s"
	done
	pg_as_server "${PG_BINDIR}/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" \
		-o "$_opts" -w -t 60 start >"$PG_DIR/pg_ctl.log" 2>&1 || {
		PG_WHY="the server did not start: $(tail -n 1 "$PG_DIR/log" 2>/dev/null)"
		return 1
	}
	return 0
}

# pg_stop [DIR]: stop the server of a cluster (fast: its clients are
# disconnected) and remove the cluster.
pg_stop() {
	_dir=${1:-$PG_DIR}
	[ -n "$_dir" ] && [ -d "$_dir" ] || return 0
	if [ -f "$_dir/data/postmaster.pid" ]; then
		PG_DIR=$_dir pg_as_server "${PG_BINDIR}/pg_ctl" -D "$_dir/data" \
			-m fast -w -t 60 stop >/dev/null 2>&1
	fi
	rm -rf "$_dir"
}

# pg_urlencode TEXT: percent-encoded but for the unreserved characters.
pg_urlencode() {
	printf '%s' "$1" | od -An -v -tx1 | tr -s ' ' '\n' | while read -r _x; do
		[ -n "$_x" ] || continue
		case $_x in
		2d | 2e | 3[0-9] | 4[1-9a-f] | 5[0-9a] | 5f | 6[1-9a-f] | 7[0-9a] | 7e)
			# shellcheck disable=SC2059 # the format is the byte
			printf "\\$(printf '%03o' "0x$_x")"
			;;
		*) printf '%%%s' "$_x" | tr 'a-f' 'A-F' ;;
		esac
	done
}

# pg_url DBNAME: the URI of a database on the server at $PG_HOST, as
# role pb.
pg_url() {
	printf 'postgresql:///%s?host=%s&user=pb' "$1" "$(pg_urlencode "$PG_HOST")"
}

# pg_psql DBNAME [ARG...]: psql on a database, quiet, unaligned rows
# with | between the columns (as the sqlite3 shell prints), stopping at
# the first error.
pg_psql() {
	_db=$1
	shift
	"${PG_CLIENT}psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$PG_HOST" -U pb \
		-d "$_db" "$@"
}

# pg_text URL [PG_DUMP-ARG...]: a database as text (pg_dump), without
# the identity sequences' positions (a rolled-back insert moves them, as
# it leaves nothing in a file) nor the random key of its \restrict line.
pg_text() {
	_db=$1
	shift
	"${PG_CLIENT}pg_dump" --no-owner --no-privileges "$@" -d "$_db" 2>&1 |
		grep -v -e '^SELECT pg_catalog.setval' -e '^\\restrict ' \
			-e '^\\unrestrict '
}

# pg_newdb NAME: a new database, named NAME and a number, dropped at the
# test's exit (through lib.sh's $undo); PG_DBNAME and PG_URL say it.
pg_newdb() {
	# Letters, digits and _ only, lowercase, within 63 bytes.
	PG_DBNAME=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9_' '_' |
		cut -c1-50)_$$
	"${PG_CLIENT}createdb" -h "$PG_HOST" -U pb "$PG_DBNAME" \
		>"$TMP/createdb.log" 2>&1 || {
		PG_WHY="createdb $PG_DBNAME failed: $(tail -n 1 "$TMP/createdb.log")"
		return 1
	}
	# On the suite's server it is dropped at exit (--force: a writer a
	# test left behind is disconnected); a server of the test's own goes
	# with its cluster.
	if [ -z "${PG_DIR:-}" ]; then
		_h=$(printf '%s' "$PG_HOST" | sed "s/'/'\\\\''/g")
		undo="$undo \"\${PG_CLIENT}dropdb\" --force --if-exists -h '$_h' -U pb $PG_DBNAME >/dev/null 2>&1;"
	fi
	PG_URL=$(pg_url "$PG_DBNAME")
	return 0
}

# pg_savedb NAME: a copy of the test's database (PG_DBNAME), as the
# database PG_DBNAME_NAME, dropped at exit; pg_restoredb NAME: the test's
# database replaced by a copy of it.  No client may be connected.
pg_savedb() {
	"${PG_CLIENT}dropdb" --if-exists -h "$PG_HOST" -U pb "${PG_DBNAME}_$1" \
		>/dev/null 2>&1
	"${PG_CLIENT}createdb" -h "$PG_HOST" -U pb -T "$PG_DBNAME" \
		"${PG_DBNAME}_$1" || return 1
	if [ -z "${PG_DIR:-}" ]; then
		_h=$(printf '%s' "$PG_HOST" | sed "s/'/'\\\\''/g")
		undo="$undo \"\${PG_CLIENT}dropdb\" --force --if-exists -h '$_h' -U pb ${PG_DBNAME}_$1 >/dev/null 2>&1;"
	fi
}

pg_restoredb() {
	"${PG_CLIENT}dropdb" --force -h "$PG_HOST" -U pb "$PG_DBNAME" &&
		"${PG_CLIENT}createdb" -h "$PG_HOST" -U pb -T "${PG_DBNAME}_$1" \
			"$PG_DBNAME"
}

# pg_skip_all REASON: the whole file skips (and passes).
pg_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# pg_require: a server for this test: the suite's (PB_PG_HOST, its socket
# directory, from make check-pg) when there is one, else one of its own,
# stopped at exit.  Without PostgreSQL the file skips, with the reason.
# PG_OWN=1 (set before) insists on a server of its own, for a test that
# stops or restarts it; PG_SETTINGS (NAME=VALUE ...) are its settings.
pg_require() {
	# Once a file has a server (lib.sh's under PB_PG=1), it keeps it.
	if [ -n "${PG_HOST:-}" ] &&
		{ [ "${PG_OWN:-0}" != 1 ] || [ -n "${PG_DIR:-}" ]; }; then
		return 0
	fi
	if [ -n "${PB_PG_HOST:-}" ] && [ "${PG_OWN:-0}" != 1 ]; then
		pg_find || pg_skip_all "no PostgreSQL: $PG_WHY"
		PG_HOST=$PB_PG_HOST
		PG_DIR=
		[ -S "$PG_HOST/.s.PGSQL.5432" ] ||
			pg_skip_all "no PostgreSQL: no server's socket in PB_PG_HOST=$PG_HOST"
		return 0
	fi
	# shellcheck disable=SC2086 # a list of settings
	if pg_start ${PG_SETTINGS:-}; then
		_q=$(printf '%s' "$PG_DIR" | sed "s/'/'\\\\''/g")
		undo="$undo pg_stop '$_q';"
		return 0
	fi
	[ -z "${PG_DIR:-}" ] || pg_stop "$PG_DIR"
	pg_skip_all "no PostgreSQL: $PG_WHY"
}
