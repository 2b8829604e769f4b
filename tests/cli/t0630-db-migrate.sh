#!/bin/sh
# Migrations: a database made by the first schema step only, with orgs
# and a role written by sqlite3, is migrated forward by the first command
# that opens it, a reading one, and keeps its records; so is one left at
# each later step, and one at the step before the last with a row in
# every table keeps each of them column for column.  A database from a
# newer pb, another SQLite file and a text file are refused with 69 and
# left byte for byte as they were.
# pb-test: file-only: SQLite files made by sqlite3 at each schema step, user_version
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1

SCHEMA=$TESTS/../lib/schema/sqlite
set -- "$SCHEMA"/[0-9]*.sql
nsteps=$#
ok "[ '$nsteps' -ge 2 ]" "there are schema steps to migrate through ($nsteps)"

# ---- a database of the first step -----------------------------------------

# make_db FILE STEPS SQL: the first STEPS schema files then SQL, by sqlite3
# in one transaction.
make_db() {
	{
		echo 'PRAGMA synchronous = OFF; BEGIN;'
		_i=0
		for _f in "$SCHEMA"/[0-9]*.sql; do
			_i=$((_i + 1))
			[ "$_i" -le "$2" ] && cat "$_f"
		done
		printf '%s\nCOMMIT;\n' "$3"
	} | sqlite3 "$1"
}

PB_DB=$TMP/v1.db
make_db "$PB_DB" 1 "PRAGMA user_version = 1; PRAGMA application_id = 1885496418;
	INSERT INTO orgs (id, code, name, kind) VALUES (1, 'jd', '东湖街道党工委', 'street');
	INSERT INTO orgs (id, code, name, kind, parent_id, members, phone)
		VALUES (2, 'sq1', '东湖社区党委', 'community', 1, 86, '0123');
	INSERT INTO orgs (id, code, name, kind) VALUES (3, 'hn', '华能公司党委', 'enterprise');
	INSERT INTO roles (org_id, title, person, from_org_id, since)
		VALUES (2, '名誉书记', '李四', 3, '2025-01-01');
	INSERT INTO audit (at, os_user, command, changes)
		VALUES ('2025-01-01T08:00:00Z', 'clerk', 'pb-org add --code jd', 'orgs +1 ~0 -0');"
is_value "$(sqlite3 "$PB_DB" 'PRAGMA user_version' 'SELECT count(*) FROM sqlite_master WHERE name = '\''members'\''')" \
	"1
0" "the database is at step 1, without members"

run pb-org list -f tsv --fields code,name,kind,parent,members,phone
is_status 0 "a reading command opens the old database"
is_out "hn	华能公司党委	enterprise			
jd	东湖街道党工委	street			
sq1	东湖社区党委	community	jd	86	0123" "and reads its orgs"
is_file_text "$TMP/err" "" "nothing on stderr"
is_value "$(sqlite3 "$PB_DB" 'PRAGMA user_version' 'PRAGMA application_id')" "$nsteps
1885496418" "migrated forward: user_version is the number of schema steps"

run pb-db check
is_status 0 "the migrated database passes check"
is_out "ok" "check says ok"

run pb-org export
is_out "orgs:
- code: hn
  name: 华能公司党委
  kind: enterprise
- code: jd
  name: 东湖街道党工委
  kind: street
- code: sq1
  name: 东湖社区党委
  kind: community
  parent: jd
  members: 86
  phone: '0123'
roles:
- org: sq1
  title: 名誉书记
  name: 李四
  from_org: hn
  since: '2025-01-01'" "the orgs and the role are intact"

run pb-db log -f tsv
is_out "1	2025-01-01T08:00:00Z	clerk	pb-org add --code jd	orgs +1 ~0 -0" \
	"the audit trail is kept, and the migration adds no row"

run pb-member add --ref M001 --name 张三 --category in-service --unit hn \
	--community sq1 --registered 2026-01-01
is_status 0 "a member can be added to the migrated database"
is_out "1" "with id 1"
run pb-event add --date 2026-03-05 --kind service --title 清扫 --org sq1
is_status 0 "and an event"
run pb-member list -f tsv --fields ref,unit,community,registered
is_out "M001	hn	sq1	2026-01-01" "the member reads back"
run pb-db check
is_status 0 "the database still passes check"

snapshot
run pb-org list
db_unchanged "a second open migrates nothing again"

# ---- a database left at each step -------------------------------------------

k=1
while [ "$k" -lt "$nsteps" ]; do
	db=$TMP/step$k.db
	make_db "$db" "$k" "PRAGMA user_version = $k; PRAGMA application_id = 1885496418;
		INSERT INTO orgs (code, name, kind) VALUES ('jd', '街道', 'street');"
	run pb-db --db "$db" check
	is_status 0 "a database at step $k: check migrates it and passes"
	is_value "$(sqlite3 "$db" 'PRAGMA user_version')" "$nsteps" "step $k: migrated to step $nsteps"
	run pb-org --db "$db" list -f tsv --fields code
	is_out "jd" "step $k: its org is there"
	k=$((k + 1))
done

# ---- the last step keeps every record --------------------------------------

# A database at the step before the last, with a row in every table, is
# migrated by a reading command: every row of every table is as it was,
# column for column, and the audit rows have the new columns empty.
prev=$((nsteps - 1))
PB_DB=$TMP/prev.db
# From step 7 on pb keeps the monthly totals at every write: the rows
# written here carry theirs, as that pb would have left them (worked
# out by hand: org 5 x 2.5 h, the awardee in nothing, 8600 斤 of 大米
# worth 1000 yuan; the organizer's rows and every org's, 0).
fill_totals=
[ "$prev" -ge 7 ] && for _o in 0 2; do
	fill_totals="$fill_totals
	INSERT INTO totals_events VALUES ($_o, '2026-03', 'service', 1, 12, 0, 0, 5, 12500, 1, 0, 100000);
	INSERT INTO totals_goods VALUES ($_o, '2026-03', '大米', '斤', 8600000, 1);
	INSERT INTO totals_orgs VALUES ($_o, '2026-03', 3, 1);"
done
# From step 9 the pair's (1) too: its whole (0), its organizer's part
# (2) and its partner's (3), who took part and gave.
[ "$prev" -ge 9 ] && fill_totals="$fill_totals
	INSERT INTO totals_pairs VALUES (1, '2026-03', 0, 1, 12, 0, 12500, 1, 1, 100000);
	INSERT INTO totals_pairs VALUES (1, '2026-03', 2, 1, 12, 0, 0, 0, 0, 0);
	INSERT INTO totals_pairs VALUES (1, '2026-03', 3, 0, 0, 0, 12500, 1, 1, 100000);"
# From step 10 every org's (0) year row of who took part, and the
# counts of those rows (no member: the awardee took no part).
[ "$prev" -ge 10 ] && fill_totals="$fill_totals
	INSERT INTO totals_orgs VALUES (0, '2026', 3, 1);
	INSERT INTO totals_reach VALUES (0, '2026', 0, 1);
	INSERT INTO totals_reach VALUES (0, '2026-03', 0, 1);"
# From step 11 the member on the roll (joined not known) and registered
# from 2024-01-01 until 2025-01-01.
[ "$prev" -ge 11 ] && fill_totals="$fill_totals
	INSERT INTO totals_roll VALUES ('y', '', 'roll', 'in-service', 1);
	INSERT INTO totals_roll VALUES ('y', '2024', 'registered', 'in-service', 1);
	INSERT INTO totals_roll VALUES ('y', '2025', 'registered', 'in-service', -1);
	INSERT INTO totals_roll VALUES ('m', '2024-01', 'registered', 'in-service', 1);
	INSERT INTO totals_roll VALUES ('d', '2024-01-01', 'registered', 'in-service', 1);
	INSERT INTO totals_roll VALUES ('m', '2025-01', 'registered', 'in-service', -1);
	INSERT INTO totals_roll VALUES ('d', '2025-01-01', 'registered', 'in-service', -1);"
make_db "$PB_DB" "$prev" "PRAGMA user_version = $prev; PRAGMA application_id = 1885496418;
	INSERT INTO orgs (id, code, name, kind) VALUES (1, 'jd', '东湖街道党工委', 'street');
	INSERT INTO orgs (id, code, name, kind, parent_id, uscc, members, address, contact, phone, joined_on, left_on, note)
		VALUES (2, 'sq1', '东湖社区党委', 'community', 1, NULL, 86, '东湖路1号', '王五', '0123', '2020-01-01', NULL, '备注');
	INSERT INTO orgs (id, code, name, kind, uscc) VALUES (3, 'hn', '华能公司党委', 'enterprise', '91110000100000000X');
	INSERT INTO roles (org_id, title, person, from_org_id, since) VALUES (2, '名誉书记', '李四', 3, '2025-01-01');
	INSERT INTO members (id, ref, name, gender, category, org_id, unit_id) VALUES (1, 'M001', '张三', 'm', 'in-service', 2, 3);
	INSERT INTO registrations (member_id, community_id, since, until) VALUES (1, 2, '2024-01-01', '2025-01-01');
	INSERT INTO pairs (id, community_id, partner_id, kind, since, target_households, target_persons, target_yuan)
		VALUES (1, 2, 3, 'enterprise', '2024-03-01', 30, 100, 6000000);
	INSERT INTO events (id, ref, date, kind, title, org_id, pair_id, households)
		VALUES (1, 'E1', '2026-03-05', 'service', '清扫', 2, 1, 12);
	INSERT INTO participants (event_id, org_id, people, hours_milli) VALUES (1, 3, 5, 2500);
	INSERT INTO participants (event_id, member_id, hours_milli, role, award) VALUES (1, 1, 3000, 'awardee', '先进');
	INSERT INTO contributions (event_id, from_org_id, type, value_fen, quantity_milli, unit, item)
		VALUES (1, 3, 'goods', 100000, 8600000, '斤', '大米');
	INSERT INTO opinions (from_org_id, event_id, text, received, due, answer, answered)
		VALUES (3, 1, '希望增加活动', '2026-03-05', '2026-03-20', '已安排', '2026-03-19');
	INSERT INTO audit (at, os_user, command, changes)
		VALUES ('2025-01-01T08:00:00Z', 'clerk', 'pb-org add --code jd', 'orgs +1 ~0 -0');
	$fill_totals"
# every_row: each table's rows in the columns it had, in id order.
every_row() {
	for _t in orgs roles members registrations pairs events participants \
		contributions opinions audit; do
		echo "== $_t"
		sqlite3 "$PB_DB" "SELECT $(sqlite3 "$TMP/cols.db" "SELECT group_concat(quote(name), ', ') FROM pragma_table_info('$_t')" | tr "'" '"') FROM $_t ORDER BY id"
	done
}
cp "$PB_DB" "$TMP/cols.db"
every_row >before
is_value "$(grep -c . before)" "23" "step $prev: a row in every table (10 tables, 13 rows)"
run pb-org list -f tsv --fields code
is_status 0 "a reading command opens the database at step $prev"
is_value "$(sqlite3 "$PB_DB" 'PRAGMA user_version')" "$nsteps" "and migrates it to step $nsteps"
every_row >after
is_file_text after "$(cat before)" "every record of every table is kept, column for column"
is_value "$(sqlite3 "$PB_DB" "SELECT count(*) FROM audit WHERE db_role IS NULL AND server_at IS NULL")" "1" \
	"the audit row has db_role and server_at NULL"
run pb-db log -f tsv
is_out "1	2025-01-01T08:00:00Z	clerk	pb-org add --code jd	orgs +1 ~0 -0" \
	"its log is as before: five columns"
run pb-db check
is_out "ok" "the migrated database passes check"

# ---- a database written by a newer pb ---------------------------------------

PB_DB=$TMP/v99.db
make_db "$PB_DB" 1 "PRAGMA user_version = 99; PRAGMA application_id = 1885496418;
	INSERT INTO orgs (code, name, kind) VALUES ('jd', '街道', 'street');"
cp "$PB_DB" v99.orig

# refused CODE DESC CMD...: refused with CODE, the file left as it was and
# nothing created beside it.
refused() {
	_code=$1
	_what=$2
	shift 2
	run "$@"
	is_status "$_code" "$_what: $* exits $_code"
	is_out_empty "$_what: $*: nothing on stdout"
	ok "cmp -s '$PB_DB' '$_orig'" "$_what: $*: the file is byte-identical"
	ok "[ ! -e '$PB_DB-wal' ] && [ ! -e '$PB_DB-journal' ]" \
		"$_what: $*: nothing created beside it"
}

_orig=v99.orig
newer="^pb-[a-z]+: error: '$PB_DB' was written by a newer pb \\(schema 99; this pb knows up to $nsteps\\): upgrade pb\$"
for c in "pb-org list" "pb-db check" "pb-db init" "pb-db dump" "pb-db log"; do
	# shellcheck disable=SC2086
	refused 69 "a newer database" $c
	is_err_match "$newer" "a newer database: $c: the message names a newer pb"
done
refused 69 "a newer database" pb-org add --code a --name A --kind street
refused 69 "a newer database" pb-db backup "$TMP/v99-copy.db"
ok "[ ! -e '$TMP/v99-copy.db' ]" "no backup of a newer database"
refused 69 "a newer database" pb-db load "$TMP/v99.orig"

# ---- another SQLite file ------------------------------------------------------

PB_DB=$TMP/other.db
sqlite3 "$PB_DB" "CREATE TABLE t (a); INSERT INTO t VALUES (1)"
cp "$PB_DB" other.orig
_orig=other.orig
notpb="^pb-[a-z]+: error: '$PB_DB' is not a pb database \\(it is another SQLite file\\); name a pb database with --db or PB_DB\$"
refused 69 "another SQLite file" pb-org list
is_err_match "$notpb" "another SQLite file: the message says so"
refused 69 "another SQLite file" pb-db init
is_err_match "$notpb" "another SQLite file: init says so too"
refused 69 "another SQLite file" pb-org add --code a --name A --kind street

PB_DB=$TMP/app.db
sqlite3 "$PB_DB" "PRAGMA application_id = 42"
cp "$PB_DB" app.orig
_orig=app.orig
refused 69 "an empty SQLite file of another application" pb-db check
is_err_match "is not a pb database" "another application's file: the message says so"

# ---- a text file ---------------------------------------------------------------

PB_DB=$TMP/notes.txt
printf '社区 notes\nline two\n' >"$PB_DB"
cp "$PB_DB" notes.orig
_orig=notes.orig
refused 69 "a text file" pb-org list
is_err "pb-org: error: '$PB_DB' is not a pb database" "a text file: the message says so"
refused 69 "a text file" pb-db init
refused 69 "a text file" pb-db check
refused 69 "a text file" pb-member add --name 张三 --category resident

# ---- the schema is documented -------------------------------------------------

# Every table and column of the migrated schema has its entry in
# pb-schema(5): a subsection per table, an item per column.
MAN5=$TESTS/../man/man5/pb-schema.5
PB_DB=$TMP/v1.db
sqlite3 "$PB_DB" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name" >tables
: >undocumented
while read -r t; do
	grep -qx "\.Ss $t" "$MAN5" || echo "table $t" >>undocumented
	sqlite3 "$PB_DB" "SELECT name FROM pragma_table_info('$t')" | while read -r c; do
		grep -Eq "^\.It Ic ([a-z_]+ , )*$c( ,|\$)" "$MAN5" ||
			echo "column $t.$c" >>undocumented
	done
done <tables
is_file_text undocumented "" "pb-schema(5) describes every table and column ($(wc -l <tables) tables)"
# Its list of indexes names each one the schema makes, and no other.
sqlite3 "$PB_DB" "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name" >indexes
sed -n '/^\.Ss Indexes$/,/^\.Ss /p' "$MAN5" | grep '^\.Ic ' | sed 's/^\.Ic //; s/ , /\n/g; s/ ,$//' |
	tr -d ' ' | grep . | sort >named
is_file_text named "$(cat indexes)" "pb-schema(5) names every index ($(wc -l <indexes)), and only those"

done_testing
