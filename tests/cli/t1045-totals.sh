#!/bin/sh
# The monthly totals (lib/totals.c) against the records, as a property:
# random sequences of every write that touches an event (add, set, rm of
# one or several, attend as org, member, several members or awardee,
# give cash, goods or a member's service, pb-member rm --force, pb-org rm
# --force, imports that create and update events with their rows, an
# import that fails part way, pb-db load --merge of an earlier dump, and
# commands that fail), events of co-construction pairs among them (added
# with a pair, moved to another or to none, their pair removed, refused
# while events name it, and detached by pb-org rm --force), are run from
# seeded generators; after each one
# pb-db check must find the totals equal to what the schema's views
# recompute from the raw rows, and a command that failed must have left
# the database, totals included, as it was.  Then check is shown to see
# a wrong total, and rebuild to mend it.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

setup() {
	pb-org -q add --code jd --name 东湖街道党工委 --kind street
	pb-org -q add --code c1 --name 东湖社区党委 --kind community --parent jd
	pb-org -q add --code c2 --name 西湖社区党委 --kind community --parent jd
	pb-org -q add --code u1 --name 华能公司党委 --kind enterprise --parent jd
	pb-org -q add --code u2 --name 电信分公司党支部 --kind enterprise
	pb-org -q add --code u3 --name 武警某部 --kind garrison
	pb-org -q add --code u4 --name 光明超市党支部 --kind private
	for _m in 1 2 3 4 5 6; do
		pb-member -q add --ref "M$_m" --name "党员$_m" --category resident
	done
	pb-pair -q add --community c1 --partner u1 --kind enterprise \
		--since 2024-01-01
	pb-pair -q add --community c2 --partner u3 --kind military \
		--since 2025-01-01
	pb-pair -q add --community c1 --partner u4 --kind other \
		--since 2025-06-01
}

# gen SEED N: N commands, a line each, for sh to run.
gen() {
	awk -v seed="$1" -v n="$2" '
	function r(k) { return int(rand() * k) }
	function pick(s, a, k) { k = split(s, a, " "); return a[r(k) + 1] }
	# Days on month edges, and a few that are no date at all.
	function date() {
		return sprintf("%d-%02d-%s", 2025 + r(2), 1 + r(12),
			r(12) ? pick("01 01 15 28 28 30") : "31")
	}
	function org() { return r(12) ? pick("jd c1 c2 u1 u2 u3 u4") : "zz" }
	function unit() { return pick("u1 u2 u3 u4 c1 c2") }
	function member() { return "M" (1 + r(7)) }
	function kind() { return pick("meeting service aid culture") }
	# Pairs 1..3 (2 and 3 go with u3 and u4), now and then none (4).
	function pair() { return r(10) ? pick("1 1 2 3") : 4 }
	# Mostly an event that was made; now and then one that never was.
	function ev() { return r(10) ? 1 + r(events + 1) : events + 2 }
	function yaml_event(i, t) {
		t = "  - ref: R" (1 + r(5)) "\\n    date: " date() "\\n    kind: " kind() \
		    "\\n    title: 活动\\n    org: " (r(8) ? pick("jd c1 c2 u1") : "zz") \
		    "\\n    households: " r(50) "\\n" (r(2) ? "    pair: " pair() "\\n" : "")
		if (r(3)) t = t "    participants:\\n      - org: " unit() \
		    "\\n        people: " (1 + r(9)) "\\n        hours: " r(4) ".5\\n" \
		    "      - member: M" (1 + r(6)) "\\n        hours: 2\\n"
		if (r(3)) t = t "    contributions:\\n      - from: " unit() \
		    "\\n        type: goods\\n        item: 大米\\n        quantity: " \
		    (1 + r(99)) "\\n        unit: 斤\\n      - from: " unit() \
		    "\\n        type: cash\\n        value: " (1 + r(999)) "\\n"
		return t
	}
	BEGIN {
		srand(seed)
		for (i = 1; i <= n; i++) {
			op = r(112) - 7
			if (op < 18) {
				events++
				printf "pb-event -q add --date %s --kind %s --title t --org %s%s%s\n",
					date(), kind(), org(),
					r(2) ? " --households " r(30) : "",
					r(3) ? "" : " --pair " pair()
			} else if (op < 28) {
				f = pick("date org kind households persons pair pair")
				v = f == "date" ? date() : f == "org" ? org() : f == "kind" ? kind() : f == "pair" ? (r(4) ? pair() : "\"\"") : r(20)
				printf "pb-event -q set %d --%s %s\n", ev(), f, v
			} else if (op < 40) {
				printf "pb-event -q attend %d --org %s --people %d --hours %d\n",
					ev(), unit(), 1 + r(5), r(4)
			} else if (op < 50) {
				printf "pb-event -q attend %d --member %s --hours 1.5\n",
					ev(), member()
			} else if (op < 54) {
				printf "pb-event -q attend %d %s --award 优秀\n", ev(),
					r(2) ? "--member " member() : "--org " unit()
			} else if (op < 58) {
				printf "printf \"M%d\\nM%d\\n\" | pb-event -q attend %d --members - --hours 2\n",
					1 + r(6), 1 + r(7), ev()
			} else if (op < 66) {
				printf "pb-event -q give %d --from %s --type cash --value %d\n",
					ev(), unit(), r(3) ? 1 + r(5000) : -1
			} else if (op < 74) {
				printf "pb-event -q give %d --from %s --type goods --item %s --quantity %d --unit %s\n",
					ev(), unit(), pick("大米 面粉"), 1 + r(100), pick("斤 袋")
			} else if (op < 77) {
				printf "pb-event -q give %d --from-member %s --type service --item 义诊 --value 100\n",
					ev(), member()
			} else if (op < 82) {
				printf "pb-event -q rm %d --force\n", ev()
			} else if (op < 84) {
				printf "pb-event -q rm %d %d --force\n", ev(), ev()
			} else if (op < 86) {
				printf "pb-member -q rm %s --force\n", member()
			} else if (op < 87) {
				if (r(2))
					printf "pb-org -q rm %s --force\n", pick("u3 u4")
				else
					printf "pb-pair -q rm %d\n", 1 + r(4)
			} else if (op < 92) {
				# The sides of a pair changed (or refused: a side that
				# is none, or the key of another pair).
				if (r(2))
					printf "pb-pair -q set %d --partner %s\n", 1 + r(4),
						r(8) ? pick("u1 u2 u3 u4") : "zz"
				else
					printf "pb-pair -q set %d --community %s\n", 1 + r(4),
						pick("c1 c2 jd")
			} else if (op < 100) {
				# The file in one line: printf makes its newlines.
				t = "events:\\n"
				k = 1 + r(3)
				for (j = 0; j < k; j++)
					t = t yaml_event()
				events += k
				printf "printf \047%s\047 >in.yaml && pb-event -q import in.yaml\n", t
			} else if (op < 102) {
				print "pb-db dump >dump.yaml"
			} else {
				print "[ -s dump.yaml ] && pb-db -q load --merge dump.yaml"
			}
		}
	}'
}

# run_seed SEED N: the seed's commands one by one, each followed by the
# checks; one line of TAP for the lot.
run_seed() {
	db_restore base
	rm -f dump.yaml
	gen "$1" "$2" >ops.sh
	_bad=0 _failed=0 _line=0 _pairs=0
	while IFS= read -r _cmd; do
		_line=$((_line + 1))
		if ! totals_step "seed $1, line $_line" "$_cmd"; then
			_bad=$((_bad + 1))
			break
		fi
		# The most totals_pairs rows seen: pairs' events were there.
		_p=$(db_query "SELECT count(*) FROM totals_pairs")
		[ "$_p" -gt "$_pairs" ] && _pairs=$_p
	done <ops.sh
	_rows=$(db_query "SELECT count(*) FROM totals_events")
	if [ "$_bad" = 0 ] && [ "$_rows" -gt 0 ] && [ "$_pairs" -gt 0 ]; then
		pass "seed $1: the totals equal the records after each of $2 writes ($_failed failed, database untouched; $_rows totals_events rows, up to $_pairs totals_pairs rows)"
	else
		fail "seed $1: the totals equal the records after each of $2 writes ($_bad broken, $_rows totals_events rows, up to $_pairs totals_pairs rows)"
	fi
}

cd "$TMP" || exit 1
setup
db_save base
# Fewer under valgrind and on a server, where each command costs more.
if [ "${PB_VALGRIND:-0}" = 1 ]; then
	run_seed 7 16
elif pg_mode; then
	run_seed 1 40
	run_seed 2 40
else
	for s in 1 2 3 4; do
		run_seed "$s" 80
	done
fi

# pb-org rm --force detaches the events of the org's pairs: an event of
# pair 2 (c2 and u3) that u3 had no part in leaves the pair's totals.
db_restore base
run pb-event -q add --date 2025-03-03 --kind aid --title t --org c2 --pair 2
run pb-event -q attend 1 --org u1 --people 2 --hours 1
is_value "$(db_query "SELECT pair_id, month, org_id, events, hours_milli, participants FROM totals_pairs ORDER BY org_id")" \
	"2|2025-03|0|1|2000|1
2|2025-03|3|1|0|0" "an event of pair 2: its whole and c2's part; u1, no side of the pair, in the whole alone"
run pb-org -q rm u3 --force
is_status 0 "pb-org rm --force of the pair's partner"
is_value "$(db_query "SELECT count(*) FROM totals_pairs") $(db_query "SELECT count(*) FROM events WHERE pair_id IS NULL")" \
	"0 1" "the event detached from the pair, the pair's totals gone"
run pb-db check
is_status 0 "and the totals equal the records"

# A pair's part of an org is kept for its two sides: when a side
# changes, its events are counted again by the new ones.
db_restore base
run pb-event -q add --date 2025-03-03 --kind aid --title t --org c2 --pair 2
run pb-event -q attend 1 --org u1 --people 2 --hours 1
run pb-event -q give 1 --from u2 --type cash --value 30
PAIR2="SELECT org_id, events, hours_milli, participants, contributions, value_fen FROM totals_pairs WHERE pair_id = 2 ORDER BY org_id"
is_value "$(db_query "$PAIR2")" "0|1|2000|1|1|3000
3|1|0|0|0|0" "pair 2 (c2 and u3): its whole and c2's part"
run pb-pair -q set 2 --partner u1
is_status 0 "pb-pair set: u1 the partner of pair 2 instead of u3"
is_value "$(db_query "$PAIR2")" "0|1|2000|1|1|3000
3|1|0|0|0|0
4|0|2000|1|0|0" "u1's part counted now that it is a side"
run pb-pair -q set 2 --community c1 --partner u2
is_value "$(db_query "$PAIR2")" "0|1|2000|1|1|3000
5|0|0|0|1|3000" "both sides changed: c1 (no part) and u2's gift; c2 and u1 gone"
fails 65 "zz" "pb-pair set: a partner that is none" pb-pair -q set 2 --partner zz
run pb-pair -q set 2 --note 备注
is_value "$(db_query "$PAIR2")" "0|1|2000|1|1|3000
5|0|0|0|1|3000" "a change that keeps the sides keeps the rows"
run pb-db check
is_status 0 "the totals equal the records after the sides changed"

# Who took part in an org's events of a month: a row of totals_takers,
# listed by id.  Schema step 13 makes the lists of a file's records by
# its engine's own string aggregation: a file of step 12 (its lists
# gone) migrated has the same lists as the writes made.
db_restore base
run pb-event -q add --date 2025-03-03 --kind aid --title t --org c2
run pb-event -q attend 1 --org u4 --people 2 --hours 1
run pb-event -q attend 1 --org u1 --people 1 --hours 1
run pb-event -q attend 1 --member M6 --hours 1
run pb-event -q attend 1 --member M2 --hours 1
run pb-event -q add --date 2025-03-09 --kind aid --title t --org c2
run pb-event -q attend 2 --org u1 --people 1 --hours 1
run pb-event -q attend 2 --member M2 --hours 1
run pb-event -q attend 2 --member M3 --award 优秀
run pb-event -q add --date 2025-04-01 --kind aid --title t --org u2
run pb-event -q attend 3 --member M1 --hours 1
TAKERS="SELECT org_id, month, members, orgs FROM totals_takers ORDER BY org_id, month"
is_value "$(db_query "$TAKERS")" "0|2025|1:1,2:1,6:1|4:1,7:1
0|2025-03|2:2,6:1|4:2,7:1
0|2025-04|1:1|
3|2025-03|2:2,6:1|4:2,7:1
5|2025-04|1:1|" "c2's March: M2 at two events, M6 at one, u1 at two, u4 at one (the awardee in none); u2's April; every org's (0) months, and its year (n the months)"
run pb-event -q rm 1 --force
is_value "$(db_query "$TAKERS")" "0|2025|1:1,2:1|4:1
0|2025-03|2:1|4:1
0|2025-04|1:1|
3|2025-03|2:1|4:1
5|2025-04|1:1|" "the first event removed: each one event less, M6 and u4 gone, from the year too"
run pb-event -q attend 2 --org u4 --people 1 --hours 1
run pb-event -q attend 2 --member M6 --hours 1
is_value "$(db_query "SELECT month, members, orgs FROM totals_reach ORDER BY month")" "2025|3|2
2025-03|2|2
2025-04|1|0" "totals_reach: how many every org's lists name (M6 and u4 at the second event now)"
made=$(db_query "$TAKERS")
# A file of step 12: totals_members and totals_orgs, no totals_takers.
db_query "DROP TABLE totals_takers;
	CREATE TABLE totals_members (org_id INTEGER NOT NULL, month TEXT NOT NULL,
		member_id INTEGER NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY (org_id, month, member_id));
	CREATE TABLE totals_orgs (org_id INTEGER NOT NULL, month TEXT NOT NULL,
		part_org_id INTEGER NOT NULL, n INTEGER NOT NULL,
		PRIMARY KEY (org_id, month, part_org_id))" >/dev/null
if pg_mode; then
	db_query "UPDATE pb_schema SET version = 12" >/dev/null
else
	db_query "PRAGMA user_version = 12" >/dev/null
fi
run pb-db check
is_out "ok" "a file of step 12 migrated: its lists made from the records equal them"
is_value "$(db_query "$TAKERS")" "$made" "and are as the writes had made them"

# A file of step 6, from before the totals, with an event of a pair, its
# rows and an awardee: step 7 fills the totals from the records there,
# step 9 the pair's.
if ! pg_mode; then
	for _f in "$TESTS"/../lib/schema/sqlite/00[1-6]-*.sql; do
		cat "$_f"
	done >step6.sql
	cat >>step6.sql <<-'SQL'
		PRAGMA user_version = 6;
		PRAGMA application_id = 1885496418;
		INSERT INTO orgs (id, code, name, kind) VALUES (1, 'jd', 'J', 'street'),
			(2, 'u1', 'U', 'enterprise');
		INSERT INTO members (id, name, category) VALUES (1, 'A', 'resident');
		INSERT INTO pairs (id, community_id, partner_id, kind, since)
			VALUES (1, 1, 2, 'enterprise', '2025-01-01');
		INSERT INTO events (id, date, kind, title, org_id, pair_id, households)
			VALUES (1, '2025-03-04', 'aid', 't', 1, 1, 5);
		INSERT INTO participants (event_id, org_id, people, hours_milli)
			VALUES (1, 2, 3, 1000);
		INSERT INTO participants (event_id, member_id, role, award)
			VALUES (1, 1, 'awardee', 'x');
		INSERT INTO contributions (event_id, from_org_id, type, value_fen)
			VALUES (1, 2, 'cash', 500);
	SQL
	sqlite3 step6.db <step6.sql
	run pb-db --db step6.db check
	is_out "ok" "a file of step 6 with records: migrated, its totals equal the records"
	is_value "$(sqlite3 step6.db "SELECT * FROM totals_events ORDER BY org_id;
		SELECT count(*) FROM totals_takers WHERE members <> ''")" "0|2025-03|aid|1|5|0|0|3|3000|1|500|0
1|2025-03|aid|1|5|0|0|3|3000|1|500|0
0" "and they are as worked out by hand (3 x 1 h, 5 yuan; the awardee in none)"
	is_value "$(sqlite3 step6.db "SELECT * FROM totals_pairs ORDER BY org_id")" \
		"1|2025-03|0|1|5|0|3000|1|1|500
1|2025-03|1|1|5|0|0|0|0|0
1|2025-03|2|0|0|0|3000|1|1|500" \
		"the pair's: its whole, its organizer's and its partner's parts"
	# A file of step 11 kept a pair's part of every org that took part
	# (step 12 keeps the sides' alone) and who took part in an org's
	# events a row each (step 13 lists them in totals_takers, from the
	# records).
	run pb-org --db step6.db -q add --code u2 --name V --kind enterprise
	run pb-event --db step6.db -q attend 1 --org u2 --people 2 --hours 0.5
	sqlite3 step6.db "INSERT INTO totals_pairs VALUES
		(1, '2025-03', 3, 0, 0, 0, 1000, 1, 0, 0);
		DROP TABLE totals_takers;
		CREATE TABLE totals_members (org_id INTEGER NOT NULL,
			month TEXT NOT NULL, member_id INTEGER NOT NULL,
			n INTEGER NOT NULL, PRIMARY KEY (org_id, month, member_id))
			WITHOUT ROWID;
		CREATE TABLE totals_orgs (org_id INTEGER NOT NULL,
			month TEXT NOT NULL, part_org_id INTEGER NOT NULL,
			n INTEGER NOT NULL, PRIMARY KEY (org_id, month, part_org_id))
			WITHOUT ROWID;
		INSERT INTO totals_orgs VALUES (1, '2025-03', 2, 1), (1, '2025-03', 3, 1),
			(0, '2025-03', 2, 1), (0, '2025-03', 3, 1),
			(0, '2025', 2, 1), (0, '2025', 3, 1);
		PRAGMA user_version = 11"
	run pb-db --db step6.db check
	is_out "ok" "a file of step 11 with a pair's part of an org no side of it: migrated, its totals equal the records"
	is_value "$(sqlite3 step6.db "SELECT org_id FROM totals_pairs ORDER BY org_id;
		SELECT * FROM totals_takers ORDER BY org_id, month;
		SELECT count(*) FROM sqlite_master WHERE name IN ('totals_members', 'totals_orgs');
		PRAGMA user_version")" \
		"0
1
2
0|2025||2:1,3:1
0|2025-03||2:1,3:1
1|2025-03||2:1,3:1
0
13" "the part of u2 (no side) gone, the sides' kept; the lists of orgs of every org and the organizer, the tables of a row each gone"
fi

# The check sees a wrong total and says which; rebuild mends it.
db_query "UPDATE totals_events SET persons = persons + 1 WHERE org_id = 0" \
	>/dev/null
run pb-db check
is_status 65 "check: a total changed behind pb's back: exit 65"
is_err_match "^pb-db: monthly totals \(totals_events\) for every org, 20[0-9-]*, [a-z]* differ from the records \(pb-db rebuild recomputes them\)$" \
	"check: names the table, org, month and kind"
run pb-db rebuild
is_status 0 "rebuild: exit 0"
run pb-db check
is_status 0 "check after rebuild: exit 0"
# A pair's row that no event is behind.
db_query "INSERT INTO totals_pairs VALUES (1, '2025-05', 0, 1, 0, 0, 0, 0, 0, 0)" \
	>/dev/null
run pb-db check
is_status 65 "check: a pair's total that no event is behind: exit 65"
is_err "pb-db: monthly totals (totals_pairs) for pair 1, 2025-05, whole differ from the records (pb-db rebuild recomputes them)
pb-db: 1 problem found" "check: names the table, pair, month and org"
run pb-db rebuild
run pb-db check
is_status 0 "check after rebuild: exit 0"
# A member taken out of a list behind pb's back: a write that takes
# from it is refused (65, nothing written), not stored as a negative
# count.
ev=$(pb-event add --date 2025-05-10 --kind service --title 对账 --org c1)
pb-event -q attend "$ev" --member M1 --hours 1
db_query "UPDATE totals_takers SET members = '' WHERE org_id = 0 AND
	month = '2025-05'" >/dev/null
fails 65 "^pb-event: error: the monthly totals do not match the records \\(totals_takers of every org, 2025-05\\): run 'pb-db rebuild', then this again\$" \
	"removing an event whose set's row is gone" pb-event rm "$ev" --force
run pb-db rebuild
run pb-event rm "$ev" --force
is_status 0 "after rebuild the event is removed"
run pb-db check
is_status 0 "and the totals match the records"

# A list that is no list pb writes (an organizer's month, written behind
# pb's back): a report that counts it refuses it (65) and says what to
# run; a write that adds to it is refused, nothing written; the check
# names it; rebuild mends it.
ev=$(pb-event add --date 2025-06-10 --kind service --title 对账 --org c1)
pb-event -q attend "$ev" --member M1 --hours 1
db_query "UPDATE totals_takers SET members = '1:x' WHERE org_id =
	(SELECT id FROM orgs WHERE code = 'c1') AND month = '2025-06'" >/dev/null
snapshot
run pb-report summary --period 2025-06 --org c1
is_status 65 "a report over a list pb does not write: exit 65"
is_err "pb-report: error: the monthly totals (totals_takers) hold what pb does not write: run 'pb-db check', then 'pb-db rebuild'" \
	"and what to run"
is_out_empty "and no report"
db_unchanged "the report wrote nothing"
fails 65 "^pb-event: error: the monthly totals do not match the records \\(totals_takers of org [0-9]*, 2025-06\\): run 'pb-db rebuild', then this again\$" \
	"attending an event whose organizer's list is no list" \
	pb-event attend "$ev" --member M2 --hours 1
run pb-db check
is_status 65 "check: a list pb does not write: exit 65"
is_err_match "^pb-db: monthly totals \\(totals_takers\\) for org [0-9]*, 2025-06 differ from the records \\(pb-db rebuild recomputes them\\)$" \
	"check: names the table, org and month"
run pb-db rebuild
run pb-event attend "$ev" --member M2 --hours 1
is_status 0 "after rebuild M2 attends"
run pb-db check
is_status 0 "and the totals match the records"

# rebuild's bad inputs: a database that is not there is not made; an
# argument it does not take is refused before the database is opened.
if ! pg_mode; then
	fails 66 "does not exist: nothing was read or created" \
		"rebuild of a missing database" pb-db --db "$TMP/none/x.db" rebuild
	ok "[ ! -e '$TMP/none' ]" "rebuild of a missing database: no directory made"
fi
fails 64 "unexpected argument 'extra'" "rebuild with an argument" pb-db rebuild extra

done_testing
