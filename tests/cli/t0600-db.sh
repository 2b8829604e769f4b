#!/bin/sh
# pb-db init, check and log: the file and its directory created private,
# init idempotent; check quiet on a good database and naming each broken
# invariant (broken on purpose with sqlite3) with exit 65; the audit trail:
# one row per writing command as typed, none for a failed one, the
# database role and server time as columns only where the trail has them,
# and log --period.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1

set -- "$TESTS"/../lib/schema/sqlite/[0-9]*.sql
nsteps=$#

audit_count() {
	db_exists || {
		echo 0
		return
	}
	db_query 'SELECT count(*) FROM audit'
}

# ---- init ----------------------------------------------------------------

run pb-db init
is_status 0 "init creates the database"
is_out_empty "init prints nothing"
is_file_text "$TMP/err" "" "init says nothing on stderr"
ok db_exists "the database is there"
if file_only "the file's mode, user_version and application_id"; then
	is_value "$(stat -c %a "$PB_DB")" "600" "the database is mode 0600"
	is_value "$(stat -c %a "$TMP/db")" "700" "its new directory is mode 0700"
	is_value "$(sqlite3 "$PB_DB" 'PRAGMA user_version' 'PRAGMA application_id')" "$nsteps
1885496418" "schema at the last step, pb's application_id"
fi
is_value "$(audit_count)" "0" "init leaves no audit row: it records nothing"

snapshot
run pb-db init
is_status 0 "init again succeeds"
is_out_empty "and prints nothing"
db_unchanged "init of an existing database changes nothing"

run pb-db --db "$TMP/a/b/c.db" init
is_status 0 "init makes every missing directory"
is_value "$(stat -c %a "$TMP/a" "$TMP/a/b" "$TMP/a/b/c.db" | tr '\n' ' ' | sed 's/ $//')" "700 700 600" "each of them 0700, the file 0600"

# ---- check on a good database ------------------------------------------

run pb-db check
is_status 0 "check of an empty database"
is_out "ok" "prints ok"
is_file_text "$TMP/err" "" "and nothing on stderr"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise --members 40
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-member -q add --ref M001 --name 张三 --category in-service --unit hn \
	--community sq1 --registered 2024-05-01
pb-member -q register M001 --community sq2 --date 2025-06-01
pb-member -q add --name 李梅 --category retired --community sq1 --registered 2023-01-01
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2024-03-01 \
	--target-households 30 --target-yuan 6万
pb-event -q add --date 2026-03-05 --end 2026-03-06 --kind service --title 清扫 --org sq1 --pair 1
pb-event -q attend 1 --org hn --people 5 --hours 2.5
pb-event -q attend 1 --member M001 --hours 3
pb-event -q give 1 --from hn --type cash --value 5000
pb-event -q give 1 --from hn --type goods --quantity 8600 --unit 斤 --item 大米
pb-event -q opinion add --from hn --text 希望增加活动 --event 1 --received 2026-03-05
pb-event -q opinion answer 1 --text 已安排 --date 2026-03-20
# ids: jd 1, sq1 2, sq2 3, hn 4, wj 5; members 1 (M001), 2; registrations
# 1 (M001 at sq1), 2 (M001 at sq2), 3; pair 1; event 1; participants 1
# (hn), 2 (M001); contributions 1 (cash), 2 (goods); opinion 1

run pb-db check
is_status 0 "check of a database with records of every kind"
is_out "ok" "prints ok"
is_file_text "$TMP/err" "" "and nothing on stderr"

run pb-db -q check
is_status 0 "check -q"
is_out_empty "-q prints nothing"

snapshot
run pb-db check
db_unchanged "check writes nothing, not even an audit row"

# ---- check on a broken database ----------------------------------------

# sqlite3 (the snapshot), the last to close, folded the -wal into the
# file and removed it, and check, a reader, removes the -wal it made: the
# file is whole, and a copy of it is a copy.
if file_only "the database's -wal"; then
	ok "[ ! -e '$PB_DB-wal' ]" "the database is whole in its file"
fi

# broken DESC SQL EXPECTED-STDERR: a copy of the good database, broken
# with sqlite3 past the engine's own checks, must fail check with 65,
# each problem named on stderr, and be left as it was.
broken() {
	file_only "$1: a copy of the file broken with sqlite3" || return 0
	rm -f "$TMP/broken.db" "$TMP/broken.db-wal" "$TMP/broken.db-shm"
	cp "$PB_DB" "$TMP/broken.db"
	sqlite3 "$TMP/broken.db" "PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;
		PRAGMA ignore_check_constraints = ON; $2" || fail "$1: sqlite3 broke it"
	_saved=$PB_DB
	PB_DB=$TMP/broken.db
	snapshot
	run pb-db check
	is_status 65 "$1: check exits 65"
	is_out_empty "$1: nothing on stdout"
	is_err "$3" "$1: reported on stderr"
	db_unchanged "$1: check leaves the database as it was"
	PB_DB=$_saved
}

broken "a parent cycle" \
	"UPDATE orgs SET parent_id = 2 WHERE code = 'jd'" \
	"pb-db: organization 'jd' is its own ancestor (a parent cycle)
pb-db: organization 'sq1' is its own ancestor (a parent cycle)
pb-db: 2 problems found"

broken "an org that is its own parent" \
	"UPDATE orgs SET parent_id = id WHERE code = 'wj'" \
	"pb-db: organization 'wj' is its own ancestor (a parent cycle)
pb-db: 1 problem found"

broken "overlapping registrations of one member" \
	"INSERT INTO registrations (member_id, community_id, since, until)
		VALUES (1, 2, '2025-05-01', '2025-07-01')" \
	"pb-db: member 1 has overlapping registrations
pb-db: 1 problem found"

broken "two open registrations of one member" \
	"UPDATE registrations SET until = NULL WHERE id = 1" \
	"pb-db: member 1 has overlapping registrations
pb-db: 1 problem found"

broken "a negative contribution value" \
	"UPDATE contributions SET value_fen = -100 WHERE id = 1" \
	"pb-db: integrity: CHECK constraint failed in contributions
pb-db: contribution 1 has a negative amount
pb-db: 2 problems found"

broken "a negative contribution quantity" \
	"UPDATE contributions SET quantity_milli = -1 WHERE id = 2" \
	"pb-db: integrity: CHECK constraint failed in contributions
pb-db: contribution 2 has a negative amount
pb-db: 2 problems found"

broken "a negative pair target" \
	"UPDATE pairs SET target_persons = -3 WHERE id = 1" \
	"pb-db: integrity: CHECK constraint failed in pairs
pb-db: pair 1 has a negative target
pb-db: 2 problems found"

broken "a participant with people 0" \
	"UPDATE participants SET people = 0 WHERE id = 1" \
	"pb-db: integrity: CHECK constraint failed in participants
pb-db: participant row 1 has negative hours or no people
pb-db: 2 problems found"

broken "an opinion due before it was received" \
	"UPDATE opinions SET due = '2026-03-01' WHERE id = 1" \
	"pb-db: integrity: CHECK constraint failed in opinions
pb-db: opinion 1 is due or answered before it was received
pb-db: 2 problems found"

broken "an event ending before it starts" \
	"UPDATE events SET end_date = '2026-03-04' WHERE id = 1" \
	"pb-db: integrity: CHECK constraint failed in events
pb-db: event 1 ends before it starts
pb-db: 2 problems found"

broken "a dangling foreign key" \
	"UPDATE events SET org_id = 99 WHERE id = 1" \
	"pb-db: foreign key: events row 1 refers to a missing orgs
pb-db: 1 problem found"

broken "a removed member still registered and attending" \
	"DELETE FROM members WHERE id = 1" \
	"pb-db: foreign key: registrations row 1 refers to a missing members
pb-db: foreign key: registrations row 2 refers to a missing members
pb-db: foreign key: participants row 2 refers to a missing members
pb-db: 3 problems found"

broken "a registration ending the day it starts" \
	"UPDATE registrations SET until = since WHERE id = 3" \
	"pb-db: integrity: CHECK constraint failed in registrations
pb-db: registration 3 ends before it starts
pb-db: 2 problems found"

broken "a negative declared member count" \
	"UPDATE orgs SET members = -1 WHERE code = 'hn'" \
	"pb-db: integrity: CHECK constraint failed in orgs
pb-db: organization 'hn' declares a negative member count
pb-db: 2 problems found"

broken "an org paired with itself" \
	"UPDATE pairs SET partner_id = community_id WHERE id = 1" \
	"pb-db: integrity: CHECK constraint failed in pairs
pb-db: pair 1 pairs an organization with itself or ends before it starts
pb-db: 2 problems found"

broken "several problems at once, all listed" \
	"UPDATE orgs SET parent_id = id WHERE code = 'wj';
	 UPDATE events SET org_id = 99 WHERE id = 1;
	 UPDATE participants SET people = 0 WHERE id = 1" \
	"pb-db: integrity: CHECK constraint failed in participants
pb-db: foreign key: events row 1 refers to a missing orgs
pb-db: organization 'wj' is its own ancestor (a parent cycle)
pb-db: participant row 1 has negative hours or no people
pb-db: 4 problems found"

run pb-db check
is_status 0 "the good database is still good"

# ---- the audit trail ---------------------------------------------------

# Every write so far, in order; the time is the wall clock in UTC.
run pb-db log -f tsv --header
is_status 0 "log"
cut -f 1,3-5 "$TMP/out" >"$TMP/log.cut"
me=$(id -un)
is_file_text "$TMP/log.cut" "id	user	command	changes
1	$me	pb-org -q add --code jd --name 东湖街道党工委 --kind street	orgs +1 ~0 -0
2	$me	pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd	orgs +1 ~0 -0
3	$me	pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd	orgs +1 ~0 -0
4	$me	pb-org -q add --code hn --name 华能公司党委 --kind enterprise --members 40	orgs +1 ~0 -0
5	$me	pb-org -q add --code wj --name 武警某部 --kind garrison	orgs +1 ~0 -0
6	$me	pb-member -q add --ref M001 --name 张三 --category in-service --unit hn --community sq1 --registered 2024-05-01	members +1 ~0 -0; registrations +1 ~0 -0
7	$me	pb-member -q register M001 --community sq2 --date 2025-06-01	registrations +1 ~1 -0
8	$me	pb-member -q add --name 李梅 --category retired --community sq1 --registered 2023-01-01	members +1 ~0 -0; registrations +1 ~0 -0
9	$me	pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2024-03-01 --target-households 30 --target-yuan 6万	pairs +1 ~0 -0
10	$me	pb-event -q add --date 2026-03-05 --end 2026-03-06 --kind service --title 清扫 --org sq1 --pair 1	events +1 ~0 -0
11	$me	pb-event -q attend 1 --org hn --people 5 --hours 2.5	participants +1 ~0 -0
12	$me	pb-event -q attend 1 --member M001 --hours 3	participants +1 ~0 -0
13	$me	pb-event -q give 1 --from hn --type cash --value 5000	contributions +1 ~0 -0
14	$me	pb-event -q give 1 --from hn --type goods --quantity 8600 --unit 斤 --item 大米	contributions +1 ~0 -0
15	$me	pb-event -q opinion add --from hn --text 希望增加活动 --event 1 --received 2026-03-05	opinions +1 ~0 -0
16	$me	pb-event -q opinion answer 1 --text 已安排 --date 2026-03-20	opinions +0 ~1 -0" \
	"log: every write, with the OS user, the command as typed and what it changed"
cut -f 2 "$TMP/out" | sed 1d | sort -u >"$TMP/log.at"
ok "! grep -Ev '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\$' '$TMP/log.at'" \
	"each time is a UTC timestamp YYYY-MM-DDTHH:MM:SSZ"

# The time is when the command ran, not PB_TODAY.
t0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
pb-org -q set wj --note "驻区 部队"
t1=$(date -u +%Y-%m-%dT%H:%M:%SZ)
run pb-db log -f tsv
tail -n 1 "$TMP/out" >"$TMP/last"
at=$(cut -f 2 "$TMP/last")
ok "[ '$at' = '$t0' ] || [ '$at' = '$t1' ] || { [ '$at' \\> '$t0' ] && [ '$at' \\< '$t1' ]; }" \
	"the time is the wall clock when it ran ($t0 <= $at <= $t1)"
is_value "$(cut -f 1,4,5 "$TMP/last")" "17	pb-org -q set wj --note '驻区 部队'	orgs +0 ~1 -0" \
	"an argument with a space is quoted as a shell would take it"


# On a server every row has the database role and the server's time.
server=
if db_is_pg; then
	server=',"db_role":"pb","server_at":"T"'
fi
run pb-db log -f jsonl
sed -n 17p "$TMP/out" | sed -e 's/"at": *"[^"]*"/"at":"T"/' \
	-e 's/"server_at": *"[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]\{8\}Z"/"server_at":"T"/' >"$TMP/json17"
is_file_text "$TMP/json17" \
	"{\"id\":17,\"at\":\"T\",\"user\":\"$me\",\"command\":\"pb-org -q set wj --note '驻区 部队'\",\"changes\":\"orgs +0 ~1 -0\"$server}" \
	"log -f jsonl: id, at, user, command, changes"

# The database role and the server's time: NULL in a file's own rows, so
# its log keeps five columns (above); --fields may still name them.  On
# PostgreSQL, session_user and the server's UTC time in every row.
if db_is_pg; then
	is_value "$(db_query "SELECT count(*) FROM audit WHERE db_role = 'pb' AND server_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'")" \
		"17" "every row records the database role and the server's time"
else
	is_value "$(sqlite3 "$PB_DB" 'SELECT count(*) FROM audit WHERE db_role IS NOT NULL OR server_at IS NOT NULL')" \
		"0" "a file records no database role nor server time"
	run pb-db log -f tsv --fields id,db_role,server_at
	is_value "$(sed -n 17p "$TMP/out")" "17		" "log --fields db_role,server_at: empty in a file's rows"
fi
# A trail written on a server (here a backup of one, made by hand): its
# log has the two columns after the five.
run pb-db backup "$TMP/srv.db"
is_status 0 "a copy of the database"
sqlite3 "$TMP/srv.db" "UPDATE audit SET db_role = 'clerk2', server_at = '2026-03-05T08:00:01Z' WHERE id = 17"
run pb-db --db "$TMP/srv.db" log -f tsv --header
is_value "$(sed -n 1p "$TMP/out")" "id	at	user	command	changes	db_role	server_at" \
	"a trail with a database role: log has db_role and server_at last"
row16="	"
if db_is_pg; then
	row16="pb	$(db_query 'SELECT server_at FROM audit WHERE id = 16')"
fi
is_value "$(sed -n 17,18p "$TMP/out" | cut -f 1,4-)" "16	pb-event -q opinion answer 1 --text 已安排 --date 2026-03-20	opinions +0 ~1 -0	$row16
17	pb-org -q set wj --note '驻区 部队'	orgs +0 ~1 -0	clerk2	2026-03-05T08:00:01Z" \
	"each row with its role and server time, empty where it has none"
run pb-db --db "$TMP/srv.db" log -f jsonl
sed -n 17p "$TMP/out" | sed 's/"at": *"[^"]*"/"at":"T"/' >"$TMP/json17"
is_file_text "$TMP/json17" \
	"{\"id\":17,\"at\":\"T\",\"user\":\"$me\",\"command\":\"pb-org -q set wj --note '驻区 部队'\",\"changes\":\"orgs +0 ~1 -0\",\"db_role\":\"clerk2\",\"server_at\":\"2026-03-05T08:00:01Z\"}" \
	"log -f jsonl: the role and the server time follow"
run pb-db --db "$TMP/srv.db" log -f tsv --fields id,command
is_value "$(sed -n 17p "$TMP/out")" "17	pb-org -q set wj --note '驻区 部队'" "--fields still chooses the columns"
run pb-db --db "$TMP/srv.db" log -f tsv --period 2025
is_out "" "a period without rows prints nothing"

# ---- a failed command leaves no audit row ------------------------------

fails 65 "unknown kind 'bad'" "pb-org add with a bad kind" \
	pb-org add --code x --name X --kind bad
fails 65 "exists" "pb-org add of a code that exists" \
	pb-org add --code hn --name 又一个 --kind enterprise
fails 65 "member 'M001' already takes part in event 1" "pb-event attend of a member already there" \
	pb-event attend 1 --member M001 --hours 1
fails 65 "unknown organization 'nowhere'" "pb-member register with an unknown community" \
	pb-member register M001 --community nowhere
fails 1 "no pair with id 99" "pb-pair end of a pair that does not exist" \
	pb-pair end 99
fails 64 "unknown option '--colour'" "pb-org add with an unknown option" \
	pb-org add --code y --name Y --kind street --colour red

# ---- one audit row per writing command ---------------------------------

# one_row CHANGES CMD [ARG...]: the command succeeds and leaves exactly
# one audit row, with the command as typed and what it changed.
one_row() {
	_changes=$1
	shift
	_before=$(audit_count)
	run "$@"
	is_status 0 "$*: succeeds"
	_after=$(audit_count)
	ok "[ '$_after' -eq $((_before + 1)) ]" "$*: exactly one audit row ($_before -> $_after)"
	db_query "SELECT command || '	' || changes FROM audit
		ORDER BY id DESC LIMIT 1" >"$TMP/row"
	[ -z "$row_todo" ] || todo "$row_todo"
	row_todo=
	is_file_text "$TMP/row" "$*	$_changes" "$*: the row says what and how much"
}
row_todo=

cat >orgs.yaml <<'YAML'
orgs:
  - code: xx
    name: 东湖小学党支部
    kind: school
    parent: jd
  - code: wj
    name: 武警某部
    kind: garrison
    note: 已改
roles:
  - org: sq1
    title: 名誉书记
    name: 李四
    from_org: hn
YAML
cat >members.yaml <<'YAML'
members:
  - ref: M010
    name: 王五
    category: resident
    registrations:
      - community: sq2
        since: 2026-01-01
  - ref: M011
    name: 赵六
    category: veteran
YAML

one_row "orgs +1 ~0 -0" pb-org add --code lm --name 利民公司党支部 --kind private
one_row "orgs +0 ~1 -0" pb-org set lm --members 8 --address 0123
one_row "orgs +0 ~0 -1" pb-org rm lm
# An org created with its parent is one org created, not also one updated.
one_row "orgs +1 ~1 -0; roles +1 ~0 -0" pb-org import orgs.yaml
one_row "members +1 ~0 -0" pb-member add --ref M002 --name 孙七 --category resident
one_row "registrations +1 ~0 -0" pb-member register M002 --community sq1 --date 2026-02-01
one_row "members +2 ~0 -0; registrations +1 ~0 -0" pb-member import members.yaml
one_row "pairs +1 ~0 -0" pb-pair add --community sq2 --partner wj --kind military --since 2023-01-01
one_row "pairs +0 ~1 -0" pb-pair end 2 --until 2025-12-31
one_row "events +1 ~0 -0" pb-event add --date 2026-04-01 --kind aid --title 慰问 --org hn
one_row "participants +1 ~0 -0" pb-event attend 2 --org wj --people 3 --hours 2
one_row "participants +2 ~0 -0" pb-event attend 2 --members - --hours 1 <<'EOF'
M002
M010
EOF
one_row "contributions +1 ~0 -0" pb-event give 2 --from sq1 --type space --quantity 120 --unit m² --item 活动室
one_row "opinions +1 ~0 -0" pb-event opinion add --from wj --text 场地不足 --received 2026-10-01
one_row "opinions +0 ~1 -0" pb-event opinion answer 2 --text 已协调 --date 2026-10-10

pb-db dump >"$TMP/dump.yaml"
sed 's/name: 孙七/name: 孙七七/' "$TMP/dump.yaml" >"$TMP/dump2.yaml"
one_row "members +0 ~1 -0" pb-db load --merge dump2.yaml
one_row "" pb-db load --merge dump2.yaml
rm -f "$TMP/fresh.db"
_saved=$PB_DB
PB_DB=$TMP/fresh.db
one_row "orgs +6 ~0 -0; roles +1 ~0 -0; members +5 ~0 -0; registrations +5 ~0 -0; pairs +2 ~0 -0; events +2 ~0 -0; participants +5 ~0 -0; contributions +3 ~0 -0; opinions +2 ~0 -0" \
	pb-db load dump.yaml
run pb-db log
is_value "$(wc -l <"$TMP/out")" "1" "a loaded database's trail starts with the load: the old trail is not loaded"
PB_DB=$_saved

# Reading commands leave no row.
snapshot
for c in "pb-org list" "pb-org show hn" "pb-member list" "pb-pair list" \
	"pb-event show 1" "pb-event opinion list" "pb-db dump" "pb-db log" \
	"pb-db check" "pb-org export" "pb-member export"; do
	# shellcheck disable=SC2086
	$c >/dev/null 2>&1
done
db_unchanged "reading commands leave no audit row"

# A dry run is not a write.
snapshot
run pb-org import --dry-run orgs.yaml
is_status 0 "pb-org import --dry-run"
db_unchanged "a dry run leaves no audit row"
run pb-db load --merge --dry-run dump2.yaml
is_status 0 "pb-db load --merge --dry-run"
db_unchanged "nor does pb-db load --dry-run"

# ---- log --period --------------------------------------------------------

# The times are the wall clock, so set them to known ones for the filter.
db_query "UPDATE audit SET at = CASE
	WHEN id <= 2 THEN '2025-02-28T23:59:59Z'
	WHEN id <= 4 THEN '2025-03-01T00:00:00Z'
	WHEN id <= 6 THEN '2025-03-31T23:59:59Z'
	WHEN id <= 8 THEN '2025-04-01T00:00:00Z'
	WHEN id <= 10 THEN '2026-10-31T12:00:00Z'
	ELSE '2026-11-27T08:00:00Z' END"

run pb-db log --period 2025-03 -f tsv
is_status 0 "log --period"
cut -f 1,2 "$TMP/out" >"$TMP/log.cut"
is_file_text "$TMP/log.cut" "3	2025-03-01T00:00:00Z
4	2025-03-01T00:00:00Z
5	2025-03-31T23:59:59Z
6	2025-03-31T23:59:59Z" "a month: from its first second to its last, in UTC"

run pb-db log -P 2025-02-28..2025-03-01 -f tsv --fields id
is_out "1
2
3
4" "a range of two dates, both inclusive"

run pb-db log --period last-month -f tsv --fields id,at
is_out "9	2026-10-31T12:00:00Z
10	2026-10-31T12:00:00Z" "last-month, counted from PB_TODAY"

run pb-db log --period 2024 -f tsv
is_status 0 "a period with no writes exits 0"
is_out_empty "and prints nothing"

run pb-db log --period 2026-13
is_status 64 "an invalid period is a usage error"
is_out_empty "nothing on stdout"
is_err_match "invalid period '2026-13'" "the message names it"

run pb-db log --period 2026-03-02..2026-03-01
is_status 64 "a range that ends before it starts is a usage error"
is_err_match "2026-03-02 is after 2026-03-01" "the message says why"

run pb-db log --period
is_status 64 "--period without a value"

# ---- with no database ----------------------------------------------------

# The default database reads as empty before its first write.
unset PB_DB
run pb-db log
is_status 0 "log with no default database yet"
is_out_empty "prints nothing"
run pb-db check
is_status 0 "check with no default database yet"
is_out "ok" "is ok"
ok "[ ! -e '$XDG_DATA_HOME' ]" "neither creates the database"
# One that is named is not there: 66.
PB_DB=$TMP/none/pb.db
export PB_DB
run pb-db log
is_status 66 "log of a named database that does not exist: 66"
run pb-db check
is_status 66 "check of a named database that does not exist: 66"
is_err_match "^pb-db: error: database '$TMP/none/pb\.db' does not exist" \
	"the message names it"
no_db "neither creates the database"

done_testing
