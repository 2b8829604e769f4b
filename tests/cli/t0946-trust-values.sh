#!/bin/sh
# Trust (issue 15), values: every money, count, quantity and hours value
# has a bound at input, the same through every door (options of add, set,
# attend and give; YAML import of orgs, pairs, events with participants
# and contributions; pb-db load): the bound is accepted, one step past it
# is refused (65) with a message naming the field and the bound, and
# nothing is written.  A database full of values at the bounds reports
# exact totals; values beyond them, written with sqlite3, are listed by
# pb-db check, and a report gives exact totals or a clear error, never a
# wrong figure or exit 70.  Dates at the calendar's ends never wrap.
#
# The member roster (CSV or YAML) has no number among its fields.
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise --parent jd
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2021-01-01
pb-event -q add --ref e1 --date 2026-10-01 --kind service --title 植树 --org sq1 --pair 1

# Each field: its bound as a user writes it, one step past it, and the
# bound as the message says it.
MONEY_AT=10000000 MONEY_PAST=10000000.01 MONEY_MAX='10000000\.00 yuan'
COUNT_AT=10000000 COUNT_PAST=10000001 COUNT_MAX=10000000
PEOPLE_AT=100000 PEOPLE_PAST=100001 PEOPLE_MAX='100000 people'
HOURS_AT=10000 HOURS_PAST=10000.001 HOURS_MAX='10000 hours per person'
QTY_AT=1000000000 QTY_PAST=1000000000.001 QTY_MAX=1000000000

# with VALUE CMD...: run CMD with each argument {} replaced by VALUE.
with() {
	_v=$1
	shift
	_left=$#
	while [ "$_left" -gt 0 ]; do
		_a=$1
		shift
		[ "$_a" != "{}" ] || _a=$_v
		set -- "$@" "$_a"
		_left=$((_left - 1))
	done
	run "$@"
}

# edge NAME AT PAST MAX CMD...: CMD (its argument {} the value) succeeds
# with AT, and with PAST fails 65 with "NAME: ... 'PAST' is too large (at
# most MAX)", printing nothing and writing nothing.
edge() {
	_name=$1 _at=$2 _past=$3 _max=$4
	shift 4
	with "$_at" "$@"
	is_status 0 "$_name at its bound $_at: $*"
	snapshot
	with "$_past" "$@"
	is_status 65 "$_name past its bound ($_past): exit 65"
	is_out_empty "$_name past its bound: nothing on stdout"
	is_err_match "$_name: [a-z]+ '$_past' is too large \(at most $_max\)$" \
		"$_name past its bound: the message names the field and the bound"
	db_unchanged "$_name past its bound: database unchanged"
}

# ---- options ---------------------------------------------------------
edge members "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" \
	pb-org add --code o1 --name O1 --kind other --members {}
edge members "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" \
	pb-org set hn --members {}
# One pair of each kind: a kind is active once between two orgs.
edge --target-households "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" \
	pb-pair add --community sq1 --partner hn --kind unit --since 2020-01-01 \
	--target-households {}
edge --target-persons "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" \
	pb-pair add --community sq1 --partner hn --kind school --since 2020-01-01 \
	--target-persons {}
edge --target-yuan "$MONEY_AT" "$MONEY_PAST" "$MONEY_MAX" \
	pb-pair add --community sq1 --partner hn --kind military --since 2020-01-01 \
	--target-yuan {}
for f in households persons; do
	edge "--target-$f" "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" \
		pb-pair set 1 "--target-$f" {}
done
edge --target-yuan 1000万 1000.000001万 "$MONEY_MAX" \
	pb-pair set 1 --target-yuan {}
for f in households persons jobs; do
	edge "$f" "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" \
		pb-event add --date 2026-10-02 --kind aid --title T --org hn "--$f" {}
	edge "$f" "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" \
		pb-event set 1 "--$f" {}
done
# An event each: an org or member attends an event once.
pb-member -q add --ref M001 --name 张伟 --category in-service --unit hn
ev_people=$(pb-event add --date 2026-10-03 --kind service --title P --org sq1)
ev_hours=$(pb-event add --date 2026-10-03 --kind service --title H --org sq1)
ev_member=$(pb-event add --date 2026-10-03 --kind service --title M --org sq1)
edge people "$PEOPLE_AT" "$PEOPLE_PAST" "$PEOPLE_MAX" \
	pb-event attend "$ev_people" --org hn --people {}
edge hours "$HOURS_AT" "$HOURS_PAST" "$HOURS_MAX" \
	pb-event attend "$ev_hours" --org hn --hours {}
edge hours "$HOURS_AT" "$HOURS_PAST" "$HOURS_MAX" \
	pb-event attend "$ev_member" --member M001 --hours {}
edge value "$MONEY_AT" "$MONEY_PAST" "$MONEY_MAX" \
	pb-event give 1 --from hn --type cash --value {}
edge value "$MONEY_AT元" "$MONEY_PAST元" "$MONEY_MAX" \
	pb-event give 1 --from-member M001 --type cash --value {}
edge quantity "$QTY_AT" "$QTY_PAST" "$QTY_MAX" \
	pb-event give 1 --from hn --type goods --item 大米 --quantity {} --unit 斤

# The first report of the issue: attend --people INT64_MAX --hours 10^9
# was accepted and its hours saturated; now the first bad value is named.
fails 65 "^pb-event: error: people: count '9223372036854775807' is too large \(at most 100000 people\)$" \
	"people INT64_MAX" \
	pb-event attend 1 --org jd --people 9223372036854775807 --hours 1000000000
fails 65 "^pb-event: error: value: amount '92233720368547758\.07' is too large \(at most 10000000\.00 yuan\)$" \
	"cash INT64_MAX fen" \
	pb-event give 1 --from jd --type cash --value 92233720368547758.07

# ---- YAML import -----------------------------------------------------
y=$TMP/in.yaml
n=0
# yaml_edge NAME AT PAST MAX LINE COL BODY CMD...: BODY (a printf format:
# a fresh key, then the value) imported by CMD; past the bound the
# message is placed at LINE:COL of the file.
yaml_edge() {
	_yname=$1 _yat=$2 _ypast=$3 _ymax=$4 _yline=$5 _ycol=$6 _ybody=$7
	shift 7
	n=$((n + 1))
	# shellcheck disable=SC2059
	printf "$_ybody" "y$n" "$_yat" >"$y"
	run "$@" "$y"
	is_status 0 "$_yname at its bound in YAML: $*"
	n=$((n + 1))
	# shellcheck disable=SC2059
	printf "$_ybody" "y$n" "$_ypast" >"$y"
	fails 65 "^.*/in\.yaml:$_yline:$_ycol: error: $_yname: [a-z]+ '$_ypast' is too large \(at most $_ymax\)$" \
		"$_yname past its bound in YAML" "$@" "$y"
}
yaml_edge members "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" 5 14 \
	'orgs:\n  - code: %s\n    name: Y\n    kind: other\n    members: %s\n' \
	pb-org import
pair='pairs:\n  - community: sq1\n    partner: hn\n    kind: other\n    note: %s\n'
yaml_edge target_households "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" 6 24 \
	"$pair    target_households: %s\n    since: 2019-01-01\n" pb-pair import
yaml_edge target_persons "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" 6 21 \
	"$pair    target_persons: %s\n    since: 2019-01-01\n" pb-pair import
yaml_edge target_yuan 1000万 "$MONEY_PAST" "$MONEY_MAX" 6 18 \
	"$pair    target_yuan: %s\n    since: 2019-01-01\n" pb-pair import
ev='events:\n  - ref: %s\n    date: 2026-10-05\n    kind: aid\n    title: T\n    org: hn\n'
yaml_edge households "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" 7 17 \
	"$ev    households: %s\n" pb-event import
yaml_edge persons "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" 7 14 \
	"$ev    persons: %s\n" pb-event import
yaml_edge jobs "$COUNT_AT" "$COUNT_PAST" "$COUNT_MAX" 7 11 \
	"$ev    jobs: %s\n" pb-event import
yaml_edge people "$PEOPLE_AT" "$PEOPLE_PAST" "$PEOPLE_MAX" 9 17 \
	"$ev    participants:\n      - org: jd\n        people: %s\n" pb-event import
yaml_edge hours "$HOURS_AT" "$HOURS_PAST" "$HOURS_MAX" 9 16 \
	"$ev    participants:\n      - org: jd\n        hours: %s\n" pb-event import
yaml_edge value "$MONEY_AT" "$MONEY_PAST" "$MONEY_MAX" 10 16 \
	"$ev    contributions:\n      - from: jd\n        type: cash\n        value: %s\n" \
	pb-event import
yaml_edge quantity "$QTY_AT" "$QTY_PAST" "$QTY_MAX" 10 19 \
	"$ev    contributions:\n      - from: jd\n        type: goods\n        quantity: %s\n        unit: 斤\n        item: 大米\n" \
	pb-event import

# ---- pb-db load ------------------------------------------------------
# A file with every bounded field, into an empty database: at the bounds
# it loads and dumps back the same; one past them, every field is listed
# where it stands (each in a record of its own, so that no record's
# failure hides another's), and the database is as it was.
load_file() {
	cat <<-EOF
		orgs:
		  - code: jd
		    name: 街道
		    kind: street
		  - code: hn
		    name: 华能
		    kind: enterprise
		    parent: jd
		  - code: x
		    name: X
		    kind: other
		    members: $1
		pairs:
		  - id: 1
		    community: jd
		    partner: hn
		    kind: enterprise
		    since: 2021-01-01
		    target_households: $1
		    target_persons: $1
		    target_yuan: $2
		events:
		  - ref: e1
		    date: 2026-10-05
		    kind: aid
		    title: T
		    org: hn
		    participants:
		      - org: jd
		        people: $3
		        hours: $4
		    contributions:
		      - from: hn
		        type: goods
		        value: $2
		        quantity: $5
		        unit: 斤
		        item: 大米
		  - ref: e2
		    date: 2026-10-05
		    kind: aid
		    title: T
		    org: hn
		    households: $1
		  - ref: e3
		    date: 2026-10-05
		    kind: aid
		    title: T
		    org: hn
		    persons: $1
		  - ref: e4
		    date: 2026-10-05
		    kind: aid
		    title: T
		    org: hn
		    jobs: $1
	EOF
}
load_file "$COUNT_AT" "$MONEY_AT" "$PEOPLE_AT" "$HOURS_AT" "$QTY_AT" >"$TMP/at.yaml"
load_file "$COUNT_PAST" "$MONEY_PAST" "$PEOPLE_PAST" "$HOURS_PAST" "$QTY_PAST" >"$TMP/past.yaml"
run pb-db --db "$TMP/at.db" load "$TMP/at.yaml"
is_status 0 "pb-db load takes every field at its bound"
run pb-db --db "$TMP/at.db" dump
grep -E '^ *(members|target_[a-z]+|households|persons|jobs|people|hours|value|quantity): [0-9]' \
	"$TMP/out" >"$TMP/got"
is_file_text "$TMP/got" "  members: 10000000
  target_households: 10000000
  target_persons: 10000000
  target_yuan: 10000000.00
    people: 100000
    hours: 10000
    value: 10000000.00
    quantity: 1000000000
  households: 10000000
  persons: 10000000
  jobs: 10000000" "and dumps them back as loaded"
PB_DB=$TMP/past.db
pb-db init
fails 65 "past\.yaml:12:14: error: members" "pb-db load past the bounds" \
	pb-db load "$TMP/past.yaml"
sed "s|$TMP/||" "$TMP/err" >"$TMP/got"
is_file_text "$TMP/got" "past.yaml:12:14: error: members: count '10000001' is too large (at most 10000000)
past.yaml:19:24: error: target_households: count '10000001' is too large (at most 10000000)
past.yaml:20:21: error: target_persons: count '10000001' is too large (at most 10000000)
past.yaml:21:18: error: target_yuan: amount '10000000.01' is too large (at most 10000000.00 yuan)
past.yaml:30:17: error: people: count '100001' is too large (at most 100000 people)
past.yaml:31:16: error: hours: number '10000.001' is too large (at most 10000 hours per person)
past.yaml:35:16: error: value: amount '10000000.01' is too large (at most 10000000.00 yuan)
past.yaml:36:19: error: quantity: number '1000000000.001' is too large (at most 1000000000)
past.yaml:44:17: error: households: count '10000001' is too large (at most 10000000)
past.yaml:50:14: error: persons: count '10000001' is too large (at most 10000000)
past.yaml:56:11: error: jobs: count '10000001' is too large (at most 10000000)
pb-db: nothing was written" "every field past its bound listed where it stands"
PB_DB=$PB_DB_MAIN
run pb-db --db "$TMP/at.db" check
is_status 0 "pb-db check passes a database at the bounds"

# ---- many records at the bounds: exact totals ------------------------
# 100 units, each at 100 events with 100,000 people for 10,000 hours and
# a gift of 10,000,000 yuan and 10^9 jin: 10,000 rows of each, written
# with sqlite3 for speed; the totals are known exactly.
MAXDB=$TMP/max.db
cp "$TMP/at.db" "$MAXDB"
sqlite3 "$MAXDB" <<-'EOF' || fail "sqlite3 fills the database"
	BEGIN;
	WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 100)
	INSERT INTO orgs (code, name, kind, parent_id, members)
	SELECT printf('u%03d', i), printf('单位%d', i), 'enterprise',
	       (SELECT id FROM orgs WHERE code = 'jd'), 10000000 FROM k;
	WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 100)
	INSERT INTO events (date, kind, title, org_id, pair_id, households, persons, jobs)
	SELECT '2026-11-15', 'service', 'T', (SELECT id FROM orgs WHERE code = 'jd'),
	       1, 10000000, 10000000, 10000000 FROM k;
	INSERT INTO participants (event_id, org_id, people, hours_milli)
	SELECT e.id, o.id, 100000, 10000000 FROM events e, orgs o
	WHERE e.date = '2026-11-15' AND o.code LIKE 'u%';
	INSERT INTO contributions (event_id, from_org_id, type, value_fen,
	                           quantity_milli, unit, item)
	SELECT e.id, o.id, 'goods', 1000000000, 1000000000000, '斤', '大米'
	FROM events e, orgs o WHERE e.date = '2026-11-15' AND o.code LIKE 'u%';
	COMMIT;
EOF
# Written outside pb: the monthly totals are recomputed, as a user must.
run pb-db --db "$MAXDB" rebuild
is_status 0 "pb-db rebuild after rows written with sqlite3"
# pick KEY...: the tsv lines of those keys, in the order given.
pick() {
	for _k in "$@"; do
		grep -E "^$_k	" "$TMP/out"
	done >"$TMP/picked"
}
run pb-report --db "$MAXDB" summary --period 2026-11 -f tsv
is_status 0 "summary of 10,000 rows at the bounds: exit 0"
pick events.total participation.orgs participation.person_times \
	participation.volunteer_hours contributions.count \
	contributions.in_kind_yuan contributions.goods.0.quantity \
	beneficiaries.households beneficiaries.jobs
is_file_text "$TMP/picked" "events.total	100
participation.orgs	100
participation.person_times	1000000000
participation.volunteer_hours	10000000000000
contributions.count	10000
contributions.in_kind_yuan	100000000000.00
contributions.goods.0.quantity	10000000000000
beneficiaries.households	1000000000
beneficiaries.jobs	1000000000" "summary: exact totals"
run pb-report --db "$MAXDB" pairs --period 2026-11 -f tsv
is_status 0 "pairs at the bounds: exit 0"
pick pairs.0.events pairs.0.hours pairs.0.households pairs.0.target_yuan
is_file_text "$TMP/picked" "pairs.0.events	100
pairs.0.hours	10000000000000
pairs.0.households	1000000000
pairs.0.target_yuan	10000000.00" "pairs: exact totals"
run pb-report --db "$MAXDB" review --period 2026-11 -f tsv
is_status 0 "review at the bounds: exit 0"
grep -E '^units\.1\.(code|events_attended|hours|contributions_yuan|score)	' \
	"$TMP/out" >"$TMP/picked"
is_file_text "$TMP/picked" "units.1.code	u001
units.1.events_attended	100
units.1.hours	100000000000
units.1.contributions_yuan	1000000000.00
units.1.score	10000100200.00" "review: exact indicators and score"
# A score past what a double holds exactly (2^53 hundredths) is refused
# rather than printed rounded: weights no street would choose do it.
printf 'review:\n  weights:\n    hours: 100000000000000\n' >"$TMP/weights.yaml"
PB_CONFIG=$TMP/weights.yaml
fails 65 "^pb-report: error: the score of 'u001' is too large to compute exactly \(at most 90071992547409\.91\)" \
	"a score past 2^53 hundredths" \
	pb-report --db "$MAXDB" review --period 2026-11
PB_CONFIG=$TMP/config.yaml
run pb-report --db "$MAXDB" unit u001 --period 2026-11 -f tsv
is_status 0 "unit at the bounds: exit 0"
pick totals.events_attended totals.person_times totals.hours totals.in_kind_yuan
is_file_text "$TMP/picked" "totals.events_attended	100
totals.person_times	10000000
totals.hours	100000000000
totals.in_kind_yuan	1000000000.00" "unit: exact totals"
run pb-report --db "$MAXDB" members --period 2026-11 -f tsv
is_status 0 "members at the bounds: exit 0"
run pb-org --db "$MAXDB" tree jd -f tsv --fields code,total_members
is_status 0 "the org tree at the bounds: exit 0"
head -n 1 "$TMP/out" >"$TMP/picked"
is_file_text "$TMP/picked" "jd	1000000000" "the tree's total: 100 units of 10,000,000 members"
run pb-db --db "$MAXDB" check
is_status 0 "pb-db check passes 10,000 rows at the bounds"

# ---- values beyond the bounds, written outside pb --------------------
# pb-db check lists each; a total that still fits is reported exactly,
# one that does not is a clear error (65), never a wrong figure or 70.
BIG=$TMP/big.db
cp "$TMP/at.db" "$BIG"
sqlite3 "$BIG" "UPDATE contributions SET value_fen = 2000000000;
	UPDATE events SET households = 20000000, pair_id = 1 WHERE ref = 'e1';"
run pb-db --db "$BIG" check
is_status 65 "pb-db check of values past the bounds: exit 65"
is_err "pb-db: contribution 1: value 20000000.00 is beyond pb's bound (at most 10000000.00 yuan)
pb-db: event 1: households 20000000 is beyond pb's bound (at most 10000000)
pb-db: 2 problems found" "pb-db check lists each value past its bound"
# Written outside pb: the monthly totals recomputed, as a user must.
run pb-db --db "$BIG" rebuild
is_status 0 "pb-db rebuild after values past the bounds that fit"
run pb-report --db "$BIG" summary --period 2026-10 -f tsv
is_status 0 "a total of values past the bounds that fits: exit 0"
pick contributions.in_kind_yuan beneficiaries.households
is_file_text "$TMP/picked" "contributions.in_kind_yuan	20000000.00
beneficiaries.households	30000000" "and is exact (20,000,000 and 10,000,000)"

# The issue's case: cash of 92233720368547758.07 yuan and 1 yuan more.
sqlite3 "$BIG" "INSERT INTO contributions (event_id, from_org_id, type, value_fen)
	SELECT 1, id, 'cash', 9223372036854775807 FROM orgs WHERE code = 'hn'
	UNION ALL SELECT 1, id, 'cash', 100 FROM orgs WHERE code = 'hn';"
overflow='^pb-report: error: a total is beyond 64-bit integers: the database holds values beyond pb.s bounds \(.pb-db check. lists them\)$'
# No monthly total holds that sum (pb-db rebuild cannot make one): the
# summary reads the raw rows that do (PB_TOTALS=off).
for r in "summary --period 2026-10" "pairs --period 2026-10" \
	"review --period 2026-10" "unit hn --period 2026-10"; do
	# shellcheck disable=SC2086
	PB_TOTALS=off run pb-report --db "$BIG" $r
	is_status 65 "$r over INT64_MAX fen: exit 65, not 70"
	is_out_empty "$r over INT64_MAX fen: nothing on stdout"
	is_err_match "$overflow|^pb-report: error: the total of [a-z -]+ is beyond 64-bit integers" \
		"$r over INT64_MAX fen: a clear message"
done
run pb-db --db "$BIG" check
is_status 65 "pb-db check of INT64_MAX fen: exit 65"
is_err_match "^pb-db: contribution 2: value 92233720368547758\.07 is beyond pb's bound \(at most 10000000\.00 yuan\)$" \
	"pb-db check names the INT64_MAX amount"

# A product past 64 bits (SQLite makes it a float) and a float stored.
sqlite3 "$BIG" "UPDATE participants SET people = 9223372036854775807;"
PB_TOTALS=off run pb-report --db "$BIG" summary --period 2026-10 --no-compare -f tsv
is_status 65 "hours x people past 64 bits: exit 65"
is_err_match "^pb-report: error: (a number in the database is not an exact integer \(.*floating-point|a total is beyond 64-bit)" \
	"hours x people past 64 bits: a clear message"
FLT=$TMP/float.db
cp "$TMP/at.db" "$FLT"
sqlite3 "$FLT" "UPDATE participants SET hours_milli = 1.5;
	UPDATE events SET persons = 'many' WHERE ref = 'e1';"
PB_TOTALS=off run pb-report --db "$FLT" summary --period 2026-10 --no-compare -f tsv
is_status 65 "a float among the hours: exit 65"
is_err_match "^pb-report: error: a number in the database is not an exact integer \(COALESCE\(sum\(p\.hours_milli \* p\.people\), 0\) is the floating-point 150000\)" \
	"a float among the hours: the message names the column"
run pb-event --db "$FLT" show 1
is_status 65 "show of a float stored: exit 65"
is_out_empty "show of a float stored: nothing on stdout"
is_err_match "^pb-event: error: the database holds text where a number belongs \(persons = 'many'\)" \
	"show of text in a number column: a clear message"
run pb-db --db "$FLT" check
is_status 65 "pb-db check of a float and text: exit 65"
is_err "pb-db: participant row 1: hours_milli holds '1.5', not a whole number
pb-db: event 1: persons holds 'many', not a whole number
pb-db: 2 problems found" "pb-db check lists them"

# Member counts past 64 bits in the tree: an error, and no part of it.
TREE=$TMP/tree.db
cp "$TMP/at.db" "$TREE"
sqlite3 "$TREE" "UPDATE orgs SET members = 9223372036854775807;"
run pb-org --db "$TREE" tree
is_status 65 "a tree whose total leaves 64 bits: exit 65"
is_out_empty "a tree whose total leaves 64 bits: nothing on stdout"
is_err_match "^pb-org: error: the total of members is beyond 64-bit integers" \
	"a tree whose total leaves 64 bits: a clear message"

# ---- dates at the calendar's ends ------------------------------------
run pb-report --db "$TMP/at.db" summary --period 0001 -f json
is_status 0 "summary of year 0001: exit 0"
ok "! grep -q '\"previous\"' '$TMP/out'" "year 0001 has no previous period"
year0="(^|[^0-9])0000([^0-9]|\$)"
ok "! grep -Eq '$year0' '$TMP/out'" "and no year 0000 anywhere"
for p in 0001-01 0001-Q1 0001-H1 0001-01-01..0001-01-31; do
	run pb-report --db "$TMP/at.db" summary --period $p
	is_status 0 "summary of $p: exit 0"
	ok "! grep -Eq '$year0' '$TMP/out'" "summary of $p: no year 0000"
done
run pb-report --db "$TMP/at.db" summary --period 0001-02 -f json
ok "grep -q '\"label\": \"0001-01\"' '$TMP/out'" "0001-02 is compared with 0001-01"
run pb-report --db "$TMP/at.db" pairs --period 0001-01 --dormant-days 36500
is_status 0 "pairs of 0001-01 with 100 years of dormancy: exit 0"
PB_TODAY=0001-01-05
run pb-report --db "$TMP/at.db" due -f json
is_status 0 "due on 0001-01-05: exit 0 (it takes no period)"
run pb-report --db "$TMP/at.db" overdue
is_status 0 "overdue on 0001-01-05: exit 0"
run pb-report --db "$TMP/at.db" summary
is_status 64 "summary of last month on 0001-01-05: exit 64"
is_err_match "^pb-report: error: invalid period 'last-month' \(today 0001-01-05 puts it outside years 0001 to 9999\)" \
	"summary of last month on 0001-01-05: there is none"

END=$TMP/end.db
cp "$TMP/at.db" "$END"
pb-event --db "$END" -q opinion add --from hn --text 意见 --received 9999-12-01 --due 9999-12-31
fails 65 "^pb-event: error: due: received 9999-12-15 \+ 30 days is after 9999-12-31 \(give a due date\)$" \
	"a default due date past 9999-12-31" \
	pb-event --db "$END" opinion add --from hn --text 意见 --received 9999-12-15
PB_TODAY=9999-12-20
run pb-report --db "$END" due --days 36500 -f tsv
is_status 0 "due 100 years from 9999-12-20: exit 0"
pick opinions.0.due
is_file_text "$TMP/picked" "opinions.0.due	9999-12-31" \
	"the window stops at 9999-12-31 instead of wrapping to 0000"
run pb-db --db "$END" log --period 2026-01-01..9999-12-31 --fields id
all=$(pb-db --db "$END" log --fields id | wc -l)
ok "[ $(wc -l <"$TMP/out") -eq $all ] && [ $all -gt 0 ]" \
	"the audit log up to 9999-12-31 lists every entry ($all)"
done_testing
