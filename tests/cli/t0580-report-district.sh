#!/bin/sh
# A district's roll-up (issue 17): pb-report over several street
# databases at once, and over one database holding a district street by
# street (--org DISTRICT --by street).
#
# 1. Three streets' files, built through the real commands: one unit
#    with the same uscc in two streets (under two names), one without a
#    uscc under the same name in two streets, another unit with the first
#    one's name but its own uscc; goods of the same item and unit in two
#    streets and of the same item in another unit.  Exact district
#    figures worked out by hand below, the shared units counted once, and
#    each street's column equal to that file's own report, figure for
#    figure, with and without the previous period.
# 2. Twelve sources at once (past SQLite's ten attached databases), and a
#    directory as the source (a text file, a foreign SQLite file, a
#    -wal-looking copy, a dot file and a subdirectory skipped), in name
#    order.
# 3. Sources that cannot be read: an older schema (read through a copy
#    migrated in memory: the file byte for byte as it was), a newer one
#    (69), a missing one (66), a locked one (75), one given twice (64, by
#    the same name, a symbolic link, a hard link, or another file of the
#    same street): the status, the file named, nothing on stdout, an -o
#    file untouched; then --partial over the same set.
# 4. Every roll-up report in every format: json (jq), yaml (PyYAML, equal
#    to the json), csv (Python's csv), tsv, table, md, html.
# 5. One database holding the same three streets under a district org:
#    `--org DISTRICT --by street` gives the same figures as the three
#    files.  Under PB_PG=1 that database is the file's PostgreSQL one;
#    parts 2-4 are about files and skip there.
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"

# The period under test is the default one, last month: 2026-10, and its
# previous period 2026-09.  Opinions due and overdue count from today.
PB_TODAY=2026-11-27
export PB_TODAY
cd "$TMP" || exit 1

# ---- the fixture: three streets ------------------------------------------
#
# Street A, 东湖街道党工委 (jd1): community a1, school aa under it; hn
#   华能公司党委 (uscc 91440300279583285Y) and ty 青年志愿服务队 (no uscc),
#   under no org.
#   Members: A01 in-service at aa, registered a1 since 2025-01-01; A02
#   retired, held by a1, registered a1 on 2026-10-05.
#   Pairs: a1-hn since 2025-01-01; a1-ty since 2026-10-01 (new, no event).
#   Role: a1's 书记 until 2026-12-31 (due within 60 days).
#   ea1 2026-10-10 aid by a1 (pair a1-hn), 10 households 20 persons: hn
#     5 x 2 h, ty 3 x 1 h, a1 2 x 1 h, A01 2 h; hn gave 1000 yuan and 100
#     斤 of 大米 worth 500.
#   ea2 2026-09-15 meeting by jd1: hn 1 x 1 h, A01 1 h.
#   Opinions from aa: received 2026-10-12, due 10-20, answered 10-18; and
#   received 2026-11-01, due 11-20, unanswered.
# Street B, 西湖街道党工委 (jd2): community b1, hospital bb under it; the
#   same hn by its uscc, named 华能公司西湖项目部党支部 here; the same ty.
#   Members: B01 veteran, held by b1, registered b1 since 2024-05-01; B02
#   in-service at bb, not registered; B03 resident, held by b1, left
#   2026-10-15.
#   Pairs: b1-hn since 2026-10-01 (new); b1-ty 2025-03-01..2026-10-20
#   (ended in October).
#   eb1 2026-10-20 service by b1 (pair b1-hn), 30 persons, 2 jobs: hn 4 x
#     3 h, ty 2 x 2 h, bb 1 x 1 h, B01 1.5 h, B02 1.5 h; bb gave 50 斤 of
#     大米 worth 250, ty 2 袋 of 大米 worth 100, hn 2000 yuan.
#   eb2 2026-09-20 culture by b1 (pair b1-ty), 5 persons: hn 2 x 1 h, ty 1
#     x 1 h.
#   Opinions from bb: received 2026-10-25, due 10-28, unanswered; received
#   2026-11-20, due 11-30, unanswered.
# Street C, 南湖街道党工委 (jd3): community c1, school cc under it, and
#   hn3 华能公司党委 under it: hn's name but its own uscc
#   11420100MB0000001C, so another unit.
#   Member C01 in-service at cc, registered c1 since 2026-01-01.
#   Pairs: c1-cc since 2024-01-01; c1-hn3 2026-06-01..2026-12-20 (no
#   event; ends within 60 days).
#   ec1 2026-10-05 environment by c1 (pair c1-cc): cc 6 x 2 h, hn3 1 x 1
#     h; cc gave 10 箱 of 矿泉水 worth 300.
#
# fx COMMAND [ARG...]: a command that builds the fixture.  Their own test
# files try them; under valgrind they run plain, the reports are what
# this file is about.
fx() {
	_c=$1
	shift
	"$PB_BIN/$_c" "$@"
}

# copy_db FROM TO: a street's database copied as a street sends it, by
# pb-db backup: its latest writes may be in its -wal, which cp misses.
copy_db() {
	fx pb-db -q --db "$1" backup "$2"
}

# build_street A|B|C: that street into PB_DB.  SHARED=1: into a database
# holding the district (qw): the streets under qw, hn and ty made once.
# Each street's pair ids are those the database gives.
build_street() {
	_par=
	[ "${SHARED:-0}" = 1 ] && _par="--parent qw"
	case $1 in
	A)
		# shellcheck disable=SC2086
		fx pb-org -q add --code jd1 --name 东湖街道党工委 --kind street $_par
		fx pb-org -q add --code a1 --name 东湖社区党委 --kind community --parent jd1
		fx pb-org -q add --code aa --name 东湖小学党支部 --kind school --parent a1
		fx pb-org -q add --code hn --name 华能公司党委 --kind enterprise \
			--uscc 91440300279583285Y
		fx pb-org -q add --code ty --name 青年志愿服务队 --kind team
		fx pb-org -q role add a1 --title 书记 --name 陈刚 --since 2024-01-01 \
			--until 2026-12-31
		fx pb-member -q add --ref A01 --name 张伟 --category in-service --unit aa \
			--community a1 --registered 2025-01-01
		fx pb-member -q add --ref A02 --name 李娜 --category retired --org a1 \
			--community a1 --registered 2026-10-05
		_p1=$(fx pb-pair add --community a1 --partner hn --kind enterprise --since 2025-01-01)
		fx pb-pair -q add --community a1 --partner ty --kind other --since 2026-10-01
		cat >"$TMP/ev-A.yaml" <<-YAML
			events:
			  - {ref: ea1, date: 2026-10-10, kind: aid, title: 重阳慰问, org: a1, pair: $_p1,
			     households: 10, persons: 20,
			     participants: [{org: hn, people: 5, hours: 2}, {org: ty, people: 3, hours: 1},
			                    {org: a1, people: 2, hours: 1}, {member: A01, hours: 2}],
			     contributions: [{from: hn, type: cash, value: 1000},
			                     {from: hn, type: goods, item: 大米, quantity: 100, unit: 斤, value: 500}]}
			  - {ref: ea2, date: 2026-09-15, kind: meeting, title: 九月联席会议, org: jd1,
			     participants: [{org: hn, people: 1, hours: 1}, {member: A01, hours: 1}]}
			opinions:
			  - {from: aa, text: 增加活动场地, received: 2026-10-12, due: 2026-10-20,
			     answer: 已协调, answered: 2026-10-18}
			  - {from: aa, text: 公布账目, received: 2026-11-01, due: 2026-11-20}
		YAML
		;;
	B)
		# shellcheck disable=SC2086
		fx pb-org -q add --code jd2 --name 西湖街道党工委 --kind street $_par
		fx pb-org -q add --code b1 --name 西湖社区党委 --kind community --parent jd2
		fx pb-org -q add --code bb --name 西湖医院党支部 --kind institution --parent b1
		if [ "${SHARED:-0}" != 1 ]; then
			fx pb-org -q add --code hn --name 华能公司西湖项目部党支部 \
				--kind enterprise --uscc 91440300279583285Y
			fx pb-org -q add --code ty --name 青年志愿服务队 --kind team
		fi
		fx pb-member -q add --ref B01 --name 王芳 --category veteran --org b1 \
			--community b1 --registered 2024-05-01
		fx pb-member -q add --ref B02 --name 赵强 --category in-service --unit bb
		fx pb-member -q add --ref B03 --name 孙丽 --category resident --org b1 \
			--left 2026-10-15
		_p1=$(fx pb-pair add --community b1 --partner hn --kind enterprise --since 2026-10-01)
		_p2=$(fx pb-pair add --community b1 --partner ty --kind other --since 2025-03-01 \
			--until 2026-10-20)
		cat >"$TMP/ev-B.yaml" <<-YAML
			events:
			  - {ref: eb1, date: 2026-10-20, kind: service, title: 义诊, org: b1, pair: $_p1,
			     persons: 30, jobs: 2,
			     participants: [{org: hn, people: 4, hours: 3}, {org: ty, people: 2, hours: 2},
			                    {org: bb, people: 1, hours: 1}, {member: B01, hours: 1.5},
			                    {member: B02, hours: 1.5}],
			     contributions: [{from: bb, type: goods, item: 大米, quantity: 50, unit: 斤, value: 250},
			                     {from: ty, type: goods, item: 大米, quantity: 2, unit: 袋, value: 100},
			                     {from: hn, type: cash, value: 2000}]}
			  - {ref: eb2, date: 2026-09-20, kind: culture, title: 中秋联欢, org: b1, pair: $_p2,
			     persons: 5,
			     participants: [{org: hn, people: 2, hours: 1}, {org: ty, people: 1, hours: 1}]}
			opinions:
			  - {from: bb, text: 延长开放时间, received: 2026-10-25, due: 2026-10-28}
			  - {from: bb, text: 增设停车位, received: 2026-11-20, due: 2026-11-30}
		YAML
		;;
	C)
		# shellcheck disable=SC2086
		fx pb-org -q add --code jd3 --name 南湖街道党工委 --kind street $_par
		fx pb-org -q add --code c1 --name 南湖社区党委 --kind community --parent jd3
		fx pb-org -q add --code cc --name 南湖中学党支部 --kind school --parent c1
		fx pb-org -q add --code hn3 --name 华能公司党委 --kind enterprise --parent c1 \
			--uscc 11420100MB0000001C
		fx pb-member -q add --ref C01 --name 周敏 --category in-service --unit cc \
			--community c1 --registered 2026-01-01
		_p1=$(fx pb-pair add --community c1 --partner cc --kind school --since 2024-01-01)
		fx pb-pair -q add --community c1 --partner hn3 --kind unit --since 2026-06-01 \
			--until 2026-12-20
		cat >"$TMP/ev-C.yaml" <<-YAML
			events:
			  - {ref: ec1, date: 2026-10-05, kind: environment, title: 校园周边清洁, org: c1,
			     pair: $_p1,
			     participants: [{org: cc, people: 6, hours: 2}, {org: hn3, people: 1, hours: 1}],
			     contributions: [{from: cc, type: goods, item: 矿泉水, quantity: 10, unit: 箱,
			                      value: 300}]}
		YAML
		;;
	esac
	fx pb-event -q import "$TMP/ev-$1.yaml"
}

for s in A B C; do
	PB_DB=$TMP/$s.db
	build_street $s || echo "Bail out! street $s"
done
PB_DB=$PB_DB_MAIN
cksum A.db B.db C.db >sums.before

# jq_is FILTER FILE EXPECTED DESC: jq -c's output, exactly.
jq_is() {
	is_value "$(jq -c "$1" "$2" 2>&1)" "$3" "$4"
}

# What a report is (meta: its title, street, date) is not a figure: a
# street's column and its own report are compared without it.
NOMETA='if type == "object" then del(.meta) else . end'
# same_json A B DESC: two JSON documents alike, keys in any order.
same_json() {
	jq -S "$NOMETA" "$1" >"$TMP/same.1" 2>&1
	jq -S "$NOMETA" "$2" >"$TMP/same.2" 2>&1
	is_file "$TMP/same.1" "$TMP/same.2" "$3"
}

# sums_ok FILE DESC: every number of a roll-up's district figures but the
# units (counted once), the goods (merged) and the rates (of the sums) is
# the sum of the streets'.
SUMMED='[paths(numbers) | select(.[0] != "rollup" and .[0] != "streets"
	and .[0] != "meta"
	and .[-1] != "orgs" and (.[-1] | endswith("_rate") | not)
	and (any(.[]; . == "goods") | not))]'
sums_ok() {
	_n=$(jq "$SUMMED | length" "$1")
	is_value "$(jq -c ". as \$d | $SUMMED | map(. as \$p |
		select((\$d | getpath(\$p)) != ([\$d.streets[] | getpath(\$p)] | add)))" "$1" 2>&1)" \
		"[]" "$2 ($_n figures)"
}

# ---- 1. three streets: exact district figures ----------------------------

run pb-report summary --db A.db --db B.db --db C.db -f json
is_status 0 "three streets: exit 0"
is_err "" "three streets: nothing on stderr"
cp out district.json

jq_is '.period' district.json '{"from":"2026-10-01","to":"2026-10-31","label":"2026-10","as_of":"2026-10-31"}' \
	"district: the period, last month"
# One event in each street: A aid, B service, C environment.
jq_is '[.events.total, (.events.by_kind | with_entries(select(.value > 0)))]' district.json \
	'[3,{"service":1,"aid":1,"environment":1}]' "district: events 3 (aid, service, environment)"
# Orgs: A 3 (hn ty a1), B 3 (hn ty bb), C 2 (cc hn3) = 8, less hn counted
# by its uscc and ty by its name once more = 6 (hn3 has hn's name but its
# own uscc: another unit).  Members 1+2+0; person-times (A01 + 5+3+2) +
# (B01 B02 + 4+2+1) + (6+1) = 11+9+7 = 27; hours (10+3+2+2) + (12+4+1+1.5
# +1.5) + (12+1) = 17+20+13 = 50.
jq_is '.participation' district.json \
	'{"orgs":6,"members":3,"person_times":27,"volunteer_hours":50}' \
	"district: participation, hn and ty counted once"
# 2+3+1 contributions; cash 1000+2000; in kind 500+250+100+300; 大米 in
# 斤 100+50, kept apart from 2 袋; 10 箱 of 矿泉水.
jq_is '.contributions' district.json \
	'{"count":6,"cash_yuan":3000,"in_kind_yuan":1150,"goods":[{"item":"大米","unit":"斤","quantity":150},{"item":"大米","unit":"袋","quantity":2},{"item":"矿泉水","unit":"箱","quantity":10}]}' \
	"district: contributions, goods merged by item and unit"
jq_is '.beneficiaries' district.json '{"households":10,"persons":50,"jobs":2}' \
	"district: beneficiaries 10 households, 20+30 persons, 2 jobs"
# Active on 10-31: A 2, B 1 (b1-ty ended 10-20), C 2; new: a1-ty, b1-hn;
# ended: b1-ty; dormant (no event in the 90 days to 10-31): a1-ty, c1-hn3.
jq_is '.pairs' district.json '{"active":5,"new":2,"ended":1,"dormant":2}' \
	"district: pairs"
# On 10-31: A01 A02, B01 B02 (B03 left 10-15), C01; registered: A01 A02
# B01 C01; registered in October: A02.
jq_is '[.members.total, .members.registered, .members.new_registrations, (.members.by_category | with_entries(select(.value > 0)))]' \
	district.json '[5,4,1,{"retired":1,"in-service":3,"veteran":1}]' "district: members"
# Received in October: aa's (answered on time), bb's (due 10-28, open).
jq_is '.opinions' district.json \
	'{"received":2,"answered":1,"answered_on_time":1,"answered_on_time_rate":50,"overdue":1}' "district: opinions"
# September: A ea2 (hn, A01), B eb2 (hn, ty), C nothing.  Orgs 1+2 less
# hn once = 2; person-times 2+3; hours 2+3; persons 5.  Pairs active on
# 09-30: a1-hn, b1-ty, c1-cc, c1-hn3; dormant: a1-hn (its first pair
# event is in October), c1-cc, c1-hn3.  Members on 09-30: A01 A02, B01 B02 B03,
# C01; registered: A01, B01, C01 (A02 registers on 10-05).
jq_is '.previous | [.period.label, .events.total, .participation, .contributions.count, .beneficiaries, .pairs, .members.total, .members.registered]' \
	district.json \
	'["2026-09",2,{"orgs":2,"members":1,"person_times":5,"volunteer_hours":5},0,{"households":0,"persons":5,"jobs":0},{"active":4,"new":0,"ended":0,"dormant":3},6,3]' \
	"district: the previous period, hn counted once there too"
jq_is '.rollup | del(.shared_units)' district.json \
	'{"sources":["A.db","B.db","C.db"],"read":3,"incomplete":false,"failed":[],"members_counted":"per-street","units_counted":"uscc-else-name"}' \
	"district: the sources read, and how units and members are counted"
# Sorted by uscc first, then by name; the name is the first street's.
jq_is '.rollup.shared_units' district.json \
	'[{"by":"uscc","uscc":"91440300279583285Y","name":"华能公司党委","streets":["东湖街道党工委","西湖街道党工委"]},{"by":"name","uscc":null,"name":"青年志愿服务队","streets":["东湖街道党工委","西湖街道党工委"]}]' \
	"district: shared units, hn by uscc and ty by name"
jq_is '[.streets[] | [.street, .name, .db]]' district.json \
	'[["jd1","东湖街道党工委","A.db"],["jd2","西湖街道党工委","B.db"],["jd3","南湖街道党工委","C.db"]]' \
	"district: the streets in the order given, by their street org"

# Each street's column is that file's own report, figure for figure.
i=0
for s in A B C; do
	run pb-report summary --db $s.db -f json
	cp out own-$s.json
	jq ".streets[$i] | del(.street, .name, .db)" district.json >col-$s.json
	same_json col-$s.json own-$s.json "street $s: its column equals its own summary"
	i=$((i + 1))
done
sums_ok district.json "district: every other figure is the sum of the streets'"

# --no-compare: no previous period, in the district or in a street.
run pb-report summary --db A.db --db B.db --db C.db --no-compare -f json
is_status 0 "--no-compare: exit 0"
cp out district-nc.json
jq_is '[has("previous"), [.streets[] | has("previous")], .participation.orgs]' district-nc.json \
	'[false,[false,false,false],6]' "--no-compare: no previous period anywhere"
i=0
for s in A B C; do
	run pb-report summary --db $s.db --no-compare -f json
	jq ".streets[$i] | del(.street, .name, .db)" district-nc.json >col-$s.json
	same_json col-$s.json out "--no-compare: street $s's column equals its own summary"
	i=$((i + 1))
done
cksum A.db B.db C.db >sums.after
is_file sums.after sums.before "the streets' files are as they were"
ok "[ ! -e A.db-wal ] && [ ! -e A.db-shm ] && [ ! -e A.db-journal ]" \
	"nothing left beside a source"

# ---- 2. twelve sources; a directory --------------------------------------

if file_only "twelve street files, a directory of files"; then
	# s01-s04 copies of A, s05-s08 of B, s09-s12 of C, each street renamed
	# 街道01..街道12 (the same street twice would be refused).
	i=1
	set --
	for s in A A A A B B B B C C C C; do
		n=$(printf '%02d' $i)
		copy_db "$s.db" "s$n.db"
		case $s in A) c=jd1 ;; B) c=jd2 ;; C) c=jd3 ;; esac
		fx pb-org -q --db "s$n.db" set "$c" --name "街道$n"
		set -- "$@" --db "s$n.db"
		i=$((i + 1))
	done
	run pb-report summary "$@" -f json
	is_status 0 "twelve sources: exit 0"
	is_err "" "twelve sources: nothing on stderr"
	cp out twelve.json
	jq_is '[.rollup.read, (.streets | length), [.streets[].name] == [range(1; 13) | "街道\(. | tostring | if length == 1 then "0" + . else . end)"], .rollup.sources[11]]' \
		twelve.json '[12,12,true,"s12.db"]' "twelve sources: 12 read, 12 streets in order"
	# Four times each street's figures: events 4 x 3, members 4 x 3,
	# person-times 4 x 27, hours 4 x 50, goods 4 x each.  Orgs seen: 4 x
	# (3 + 3 + 2) = 32; the four a1 are communities, one per street, never
	# merged; hn (8 streets), ty (8), bb (4), cc (4) and hn3 (4) count once:
	# 32 - 7 - 7 - 3 - 3 - 3 = 9.  September: 4 x 1 + 4 x 2 = 12 seen, hn
	# in 8 streets and ty in 4: 12 - 7 - 3 = 2.
	jq_is '[.events.total, .participation, .previous.participation.orgs, .contributions.goods]' \
		twelve.json \
		'[12,{"orgs":9,"members":12,"person_times":108,"volunteer_hours":200},2,[{"item":"大米","unit":"斤","quantity":600},{"item":"大米","unit":"袋","quantity":8},{"item":"矿泉水","unit":"箱","quantity":40}]]' \
		"twelve sources: exact figures, units counted once across 12 streets"
	jq_is '[.rollup.shared_units[] | [.by, .uscc, .name, (.streets | length)]]' twelve.json \
		'[["uscc","11420100MB0000001C","华能公司党委",4],["uscc","91440300279583285Y","华能公司党委",8],["name",null,"南湖中学党支部",4],["name",null,"西湖医院党支部",4],["name",null,"青年志愿服务队",8]]' \
		"twelve sources: five shared units"
	sums_ok twelve.json "twelve sources: every other figure is the sum of the streets'"
	# Each street's column is its own report (a sample under valgrind).
	i=0
	for n in 01 02 03 04 05 06 07 08 09 10 11 12; do
		if vg_sample 4; then
			run pb-report summary --db s$n.db -f json
			jq ".streets[$i] | del(.street, .name, .db)" twelve.json >col.json
			same_json col.json out "twelve sources: s$n.db's column equals its own summary"
		fi
		i=$((i + 1))
	done

	# A directory: the pb databases in it by name (30-donghu is A, 10-xihu
	# B, 20-nanhu C), not a text file, a foreign SQLite file, a copy of a
	# pb database named like a -wal file, a dot file or a subdirectory.
	mkdir dir dir/sub
	copy_db A.db dir/30-donghu.db
	copy_db B.db dir/10-xihu.db
	copy_db C.db dir/20-nanhu.db
	echo 'not a database' >dir/notes.txt
	sqlite3 dir/other.sqlite 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
	copy_db s01.db dir/zz.db-wal
	copy_db s02.db dir/.hidden.db
	copy_db s03.db dir/sub/40-beihu.db
	run pb-report summary --db dir -f json
	is_status 0 "a directory: exit 0"
	is_err "" "a directory: nothing on stderr"
	cp out dir.json
	jq_is '[.rollup.sources, [.streets[].name], .rollup.read]' dir.json \
		'[["dir/10-xihu.db","dir/20-nanhu.db","dir/30-donghu.db"],["西湖街道党工委","南湖街道党工委","东湖街道党工委"],3]' \
		"a directory: its three pb databases in name order, nothing else"
	# The same district as the three files, the streets in another order
	# (a shared unit is named as in the first street that has it).
	jq -S 'del(.rollup.sources, .rollup.shared_units[].streets, .rollup.shared_units[].name) | .streets |= (map(del(.db)) | sort_by(.street))' dir.json >dir.cmp
	jq -S 'del(.rollup.sources, .rollup.shared_units[].streets, .rollup.shared_units[].name) | .streets |= (map(del(.db)) | sort_by(.street))' district.json >district.cmp
	is_file dir.cmp district.cmp "a directory: the same figures as the three files"
	run pb-report summary --db dir/sub --db dir -f json
	jq_is '[.streets[].name]' out '["街道03","西湖街道党工委","南湖街道党工委","东湖街道党工委"]' \
		"a directory among other sources: in the order given"
	# A street's database without a street org: known by its file's name.
	fx pb-org -q --db ns.db add --code x1 --name 某社区党委 --kind community
	fx pb-org -q --db ns.db add --code u1 --name 青年志愿服务队 --kind team
	fx pb-event -q --db ns.db add --date 2026-10-03 --kind other --title 座谈 --org x1
	fx pb-event -q --db ns.db attend 1 --org u1 --people 2 --hours 1
	run pb-report summary --db A.db --db dir/sub/40-beihu.db --db ns.db -f json
	is_status 0 "no street org: read"
	# Orgs: A's 3 and s03's 3 (hn ty a1 each), ns.db's u1 (ty's name, no
	# uscc): 7, less hn once and ty twice: 4.
	jq_is '[[.streets[] | [.street, .name]], .participation.orgs, [.rollup.shared_units[] | [.by, .streets]]]' out \
		'[[["jd1","东湖街道党工委"],["jd1","街道03"],[null,"ns.db"]],4,[["uscc",["东湖街道党工委","街道03"]],["name",["东湖街道党工委","街道03","ns.db"]]]]' \
		"no street org: the street null, named by its file, ty counted once"
	run pb-report summary --db A.db --db B.db -o A.db
	is_status 64 "-o naming a source: 64"
	is_err_match "^pb-report: error: 'A\.db' is the database 'A\.db': refusing to write over it" \
		"-o naming a source: refused"
	cksum A.db B.db C.db >sums.after
	is_file sums.after sums.before "-o naming a source: the sources as they were"
	mkdir empty
	run pb-report summary --db A.db --db empty
	is_status 66 "a directory without a pb database: 66"
	is_err_match "no pb database in 'empty'" "a directory without a pb database: named"
	is_out_empty "a directory without a pb database: nothing on stdout"
fi

# ---- 3. sources that cannot be read --------------------------------------

if file_only "sources of an older and a newer schema, missing, locked, linked"; then
	# old.db: the schema but its last step, by sqlite3, as an older pb
	# left it: street 北湖街道党工委 (jd4), community d1, and hn (A's uscc,
	# named 华能公司北湖党支部); 2026-10-08 a visit by d1 for 4 persons,
	# hn 2 x 1.5 h.
	SCHEMA=$TESTS/../lib/schema/sqlite
	set -- "$SCHEMA"/[0-9]*.sql
	nsteps=$#
	{
		echo 'BEGIN;'
		i=0
		for f in "$SCHEMA"/[0-9]*.sql; do
			i=$((i + 1))
			[ $i -lt "$nsteps" ] && cat "$f"
		done
		cat <<-SQL
			PRAGMA user_version = $((nsteps - 1));
			PRAGMA application_id = 1885496418;
			INSERT INTO orgs (id, code, name, kind) VALUES (1, 'jd4', '北湖街道党工委', 'street');
			INSERT INTO orgs (id, code, name, kind, parent_id) VALUES (2, 'd1', '北湖社区党委', 'community', 1);
			INSERT INTO orgs (id, code, name, kind, uscc)
				VALUES (3, 'hn', '华能公司北湖党支部', 'enterprise', '91440300279583285Y');
			INSERT INTO events (id, date, kind, title, org_id, persons)
				VALUES (1, '2026-10-08', 'visit', '走访', 2, 4);
			INSERT INTO participants (event_id, org_id, people, hours_milli) VALUES (1, 3, 2, 1500);
		SQL
		# From step 7 on that pb kept the monthly totals too: the
		# organizer's and every org's (0), 2 people x 1.5 h.
		if [ "$nsteps" -gt 7 ]; then
			for _o in 0 2; do
				echo "INSERT INTO totals_events VALUES ($_o, '2026-10', 'visit', 1, 0, 4, 0, 2, 3000, 0, 0, 0);"
				echo "INSERT INTO totals_orgs VALUES ($_o, '2026-10', 3, 1);"
			done
		fi
		# From step 10 every org's year row of it, and their counts.
		if [ "$nsteps" -gt 10 ]; then
			echo "INSERT INTO totals_orgs VALUES (0, '2026', 3, 1);"
			echo "INSERT INTO totals_reach VALUES (0, '2026', 0, 1);"
			echo "INSERT INTO totals_reach VALUES (0, '2026-10', 0, 1);"
		fi
		echo 'COMMIT;'
	} | sqlite3 old.db
	cp old.db old.orig
	sqlite3 old.db .schema >old.schema

	run pb-report summary --db old.db --db A.db -f json
	is_status 0 "an older schema: read"
	is_err "" "an older schema: nothing on stderr"
	cp out old-a.json
	is_file old.db old.orig "an older schema: the file byte for byte as it was"
	ok "[ ! -e old.db-wal ] && [ ! -e old.db-shm ] && [ ! -e old.db-journal ]" \
		"an older schema: nothing left beside it"
	is_value "$(sqlite3 old.db 'PRAGMA user_version')" "$((nsteps - 1))" \
		"an older schema: still at step $((nsteps - 1))"
	sqlite3 old.db .schema >old.schema.now
	is_file old.schema.now old.schema "an older schema: no schema change"
	# Orgs: old's hn, and A's hn ty a1: hn once by its uscc, 3.
	# Person-times 2 + 11; hours 3 + 17; persons 4 + 20.
	jq_is '[.events.total, .events.by_kind.visit, .participation, .beneficiaries, [.streets[].name], .rollup.shared_units]' \
		old-a.json \
		'[2,1,{"orgs":3,"members":1,"person_times":13,"volunteer_hours":20},{"households":10,"persons":24,"jobs":0},["北湖街道党工委","东湖街道党工委"],[{"by":"uscc","uscc":"91440300279583285Y","name":"华能公司北湖党支部","streets":["北湖街道党工委","东湖街道党工委"]}]]' \
		"an older schema: its figures read, hn counted once"
	# Its column is the report of a copy migrated in place.
	cp old.orig old-copy.db
	run pb-report summary --db old-copy.db -f json
	jq '.streets[0] | del(.street, .name, .db)' old-a.json >col.json
	same_json col.json out "an older schema: its column equals a migrated copy's summary"

	# new.db: C's, from a newer pb; missing.db; L.db: B's, locked; A.db
	# again by its name, a symbolic link, a hard link; A2.db: a copy of A,
	# the same street by its name; s09/s10: C's copies renamed, the same
	# street by the uscc both are given.
	copy_db C.db new.db
	sqlite3 new.db 'PRAGMA user_version = 99'
	copy_db B.db L.db
	ln -s A.db Alink.db
	ln A.db Ahard.db
	copy_db A.db A2.db
	fx pb-org -q --db s09.db set jd3 --uscc 11420100MB0000002F
	fx pb-org -q --db s10.db set jd3 --uscc 11420100MB0000002F
	printf 'busy_timeout_ms: 200\n' >"$PB_CONFIG"
	mkfifo fifo
	cat >lock.py <<-'PY'
		import sqlite3, sys
		c = sqlite3.connect(sys.argv[1], isolation_level=None)
		c.execute("PRAGMA locking_mode = EXCLUSIVE")
		c.execute("BEGIN EXCLUSIVE")
		print("locked", flush=True)
		sys.stdin.read()
		c.execute("ROLLBACK")
	PY
	python3 lock.py L.db <fifo >holder.out 2>&1 &
	holder=$!
	undo="kill $holder 2>/dev/null; $undo"
	exec 4>fifo
	i=0
	while ! grep -q locked holder.out 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ok "grep -q locked holder.out" "another process holds L.db locked"
	echo 'an earlier report' >kept.txt
	cp kept.txt kept.orig

	# bad STATUS SOURCE MESSAGE WHAT [FIRST]: A.db (or FIRST) then SOURCE:
	# the status, the message, nothing on stdout, and -o left as it was.
	bad() {
		run pb-report summary --db "${5:-A.db}" --db "$2" -f json
		is_status "$1" "$4: exit $1"
		is_err_match "^pb-report: error: $3" "$4: the message names it"
		is_err_match "^pb-report: 1 of 2 sources could not be read: nothing was written" \
			"$4: nothing was written, it says"
		is_out_empty "$4: nothing on stdout"
		run pb-report summary --db "${5:-A.db}" --db "$2" -f json -o kept.txt
		is_status "$1" "$4, -o: exit $1"
		is_file kept.txt kept.orig "$4, -o: the file left as it was"
	}
	bad 69 new.db "'new\.db' was written by a newer pb \(schema 99" "a newer schema"
	bad 66 missing.db "database 'missing\.db' does not exist" "a missing source"
	ok "[ ! -e missing.db ]" "a missing source: not made"
	sqlite3 other.sqlite 'CREATE TABLE t (x);'
	echo 'not a database' >notes.txt
	: >empty.db
	cksum other.sqlite notes.txt empty.db >others.sums
	bad 69 other.sqlite "'other\.sqlite' is not a pb database \(it is another SQLite file\)" \
		"a foreign SQLite file"
	bad 69 notes.txt "'notes\.txt' is not a pb database" "a text file"
	bad 66 empty.db "'empty\.db' is an empty SQLite file, not a pb database" "an empty file"
	cksum other.sqlite notes.txt empty.db >others.sums.now
	is_file others.sums.now others.sums "foreign files: as they were"
	bad 75 L.db "the database 'L\.db' is locked by another process" "a locked source"
	bad 64 A.db "'A\.db' is the same database as 'A\.db'" "the same file twice"
	bad 64 Alink.db "'Alink\.db' is the same database as 'A\.db'" \
		"the same file by a symbolic link"
	bad 64 Ahard.db "'Ahard\.db' is the same database as 'A\.db'" \
		"the same file by a hard link"
	bad 64 A2.db "'A2\.db' holds the same street as 'A\.db' \(东湖街道党工委\)" \
		"the same street by its name"
	bad 64 s10.db "'s10\.db' holds the same street as 's09\.db' \(街道10, uscc 11420100MB0000002F\)" \
		"the same street by its uscc" s09.db

	# All at once: every one named, the first one's status.
	set -- --db old.db --db A.db --db new.db --db missing.db --db L.db --db Alink.db
	run pb-report summary "$@" -f json
	is_status 69 "several failing: the first one's status"
	is_out_empty "several failing: nothing on stdout"
	for f in new missing L Alink; do
		is_err_match "^pb-report: error: .*'$f\.db'" "several failing: $f.db named"
	done
	is_err_match "^pb-report: 4 of 6 sources could not be read: nothing was written \(--partial leaves them out\)$" \
		"several failing: how many, and that --partial leaves them out"
	is_value "$(grep -c '^pb-report: error: ' err)" 4 "several failing: one error each"
	run pb-report summary "$@" -o kept.txt
	is_file kept.txt kept.orig "several failing: -o left as it was"

	# --partial: the two read, the four left out with a warning each.
	run pb-report summary "$@" --partial -f json
	is_status 0 "--partial: exit 0"
	for f in new missing L Alink; do
		is_err_match "^pb-report: warning: left out: .*'$f\.db'" "--partial: $f.db left out, with a warning"
	done
	is_value "$(grep -c . err)" 4 "--partial: nothing else on stderr"
	cp out partial.json
	jq_is '[.rollup.incomplete, .rollup.read, .rollup.sources, [.rollup.failed[] | [.db, .status]], (.rollup.failed | map(.error | length > 0) | all)]' \
		partial.json \
		'[true,2,["old.db","A.db","new.db","missing.db","L.db","Alink.db"],[["new.db",69],["missing.db",66],["L.db",75],["Alink.db",64]],true]' \
		"--partial: incomplete, the failed listed with their status and error"
	jq 'del(.rollup)' partial.json >partial.cmp
	jq 'del(.rollup)' old-a.json >old-a.cmp
	same_json partial.cmp old-a.cmp "--partial: the figures of the two read"
	run pb-report summary "$@" --partial -f json -o kept.txt
	is_status 0 "--partial, -o: exit 0"
	same_json kept.txt partial.json "--partial, -o: the report written"
	cp kept.orig kept.txt
	run pb-report summary --partial --db missing.db --db new.db -f json -o kept.txt
	is_status 66 "--partial, none read: the first one's status"
	is_out_empty "--partial, none read: nothing on stdout"
	is_err_match "^pb-report: 2 of 2 sources could not be read: nothing was written$" \
		"--partial, none read: nothing was written, it says"
	is_file kept.txt kept.orig "--partial, none read: -o left as it was"

	exec 4>&-
	wait $holder
	: >"$PB_CONFIG"
	run pb-report summary --db L.db --db A.db -f json
	is_status 0 "the lock released, the same source is read"
	cksum A.db B.db C.db >sums.after
	is_file sums.after sums.before "the streets' files are as they were"
fi

# ---- 4. every report, every format ----------------------------------------

if file_only "every report and format over three street files"; then
	NAMES='["东湖街道党工委","西湖街道党工委","南湖街道党工委"]'
	set -- --db A.db --db B.db --db C.db
	# joined FILE PATH DESC: a list of the district is the streets' lists
	# one after the other, each item with its street's name first.
	joined() {
		is_value "$(jq -c --argjson p "$2" '[
			([getpath($p)[] | del(.street)] == [.streets[] | getpath($p)[]]),
			([getpath($p)[] | .street] == [.streets[] | .name as $n | getpath($p)[] | $n]),
			([getpath($p)[] | keys_unsorted[0]] | unique)]' "$1" 2>&1)" \
			'[true,true,["street"]]' "$3"
	}
	for r in summary monthly quarterly annual members pairs review due overdue; do
		run pb-report $r "$@" -f json
		is_status 0 "$r, json: exit 0"
		cp out $r.json
		jq_is "[[.streets[].name] == $NAMES, .rollup.read, .rollup.incomplete]" $r.json \
			'[true,3,false]' "$r, json: the three streets, read"
		# Each street's column is its own report (a sample under valgrind).
		i=0
		for s in A B C; do
			if vg_sample 3; then
				run pb-report $r --db $s.db -f json
				jq ".streets[$i] | del(.street, .name, .db)" $r.json >col.json
				same_json col.json out "$r, json: street $s's column equals its own $r"
			fi
			i=$((i + 1))
		done
		[ $r = summary ] || vg_sample 2 || continue
		run pb-report $r "$@" -f yaml
		is_status 0 "$r, yaml: exit 0"
		cp out $r.yaml
		# PyYAML reads dates as dates: as text, the yaml is the json.
		is_value "$(/usr/bin/python3 - $r.yaml $r.json 2>&1 <<-'PY'
			import datetime, json, sys, yaml
			def norm(x):
			    if isinstance(x, dict):
			        return {k: norm(v) for k, v in x.items()}
			    if isinstance(x, list):
			        return [norm(v) for v in x]
			    if isinstance(x, datetime.date):
			        return x.isoformat()
			    return x
			y = norm(yaml.safe_load(open(sys.argv[1], encoding="utf-8")))
			print("same" if y == json.load(open(sys.argv[2], encoding="utf-8")) else "differ")
		PY
		)" same "$r, yaml: read by PyYAML, the same as the json"
	done

	# The monthly, quarterly and annual periods before today (2026-11-27):
	# 2026-10 (3 events), 2026-Q3 (ea2 and eb2 in September), 2025 (none).
	for r in summary monthly quarterly annual; do
		sums_ok $r.json "$r: every other figure is the sum of the streets'"
	done
	jq_is '[.period.label, .events.total, .previous.period.label, .participation.orgs]' quarterly.json \
		'["2026-Q3",2,"2026-Q2",2]' "quarterly: 2026-Q3, hn counted once"
	jq_is '[.period.label, .events.total, [.streets[].events.total]]' annual.json \
		'["2025",0,[0,0,0]]' "annual: 2025, nothing yet"
	is_file monthly.json summary.json "monthly: the summary of last month"
	# members: on 10-31, by community: a1 2 (A01 A02), b1 1 (B01), c1 1.
	jq_is '[.members.total, .members.registered, .members.unregistered, [.members.by_community[] | [.street, .community, .members]]]' \
		members.json \
		'[5,4,1,[["东湖街道党工委","a1",2],["西湖街道党工委","b1",1],["南湖街道党工委","c1",1]]]' \
		"members: totals, by community with its street"
	joined members.json '["members","by_community"]' "members: by_community joined, street first"
	# pairs: A's 2, B's 2, C's 2, each with its street.
	jq_is '[.pairs[] | [.street, .community, .partner]]' pairs.json \
		'[["东湖街道党工委","a1","hn"],["东湖街道党工委","a1","ty"],["西湖街道党工委","b1","hn"],["西湖街道党工委","b1","ty"],["南湖街道党工委","c1","cc"],["南湖街道党工委","c1","hn3"]]' \
		"pairs: each street's pairs"
	joined pairs.json '["pairs"]' "pairs: joined, street first"
	# review: each street's units (hn and ty in two streets: a row in each).
	jq_is '[[.units[] | .code], .weights == .streets[0].weights]' review.json \
		'[["aa","hn","ty","bb","hn","ty","cc","hn3"],true]' "review: each street's units, the same weights"
	joined review.json '["units"]' "review: units joined, street first"
	# due: aa's opinion overdue since 11-20, bb's since 10-28 and due
	# 11-30; C's pair c1-hn3 ends 12-20; a1's 书记 ends 12-31.
	jq_is '[.days, [.opinions[] | [.street, .from, .days_left]], [.pairs[] | .street], [.roles[] | .street]]' \
		due.json \
		'[7,[["东湖街道党工委","aa",-7],["西湖街道党工委","bb",-30],["西湖街道党工委","bb",3]],["南湖街道党工委"],["东湖街道党工委"]]' \
		"due: opinions, a pair and a term ending, each with its street"
	for k in opinions pairs roles; do
		joined due.json "[\"$k\"]" "due: $k joined, street first"
	done
	jq_is '[.as_of, [.opinions[] | [.street, .from, .days_overdue]]]' overdue.json \
		'["2026-11-27",[["东湖街道党工委","aa",7],["西湖街道党工委","bb",30]]]' \
		"overdue: aa's and bb's, with their street"
	joined overdue.json '["opinions"]' "overdue: joined, street first"

	# csv: a header and one row per figure, 2 + 3 cells each; the total of
	# an additive figure is the sum of the streets', not so the units.
	cat >check_csv.py <<-'PY'
		import csv, sys
		names = ["东湖街道党工委", "西湖街道党工委", "南湖街道党工委"]
		rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
		bad = []
		if rows[0] != ["key", "total"] + names:
		    bad.append("header %r" % rows[0])
		bad += ["row %r" % r for r in rows[1:] if len(r) != 5]
		by = {r[0]: r[1:] for r in rows[1:]}
		for k in sys.argv[2:]:
		    want = k.startswith("=")
		    k = k.lstrip("=!")
		    # A street without the row (a good it did not give) adds 0.
		    t, *s = by.get(k, ["?"])
		    same = float(t) == sum(float(v or 0) for v in s)
		    if same != want:
		        bad.append("%s: %s vs %s" % (k, t, s))
		print("%d rows" % (len(rows) - 1) if not bad else bad)
	PY
	for r in summary monthly quarterly annual members pairs review due overdue; do
		run pb-report $r "$@" -f csv
		is_status 0 "$r, csv: exit 0"
		cp out $r.csv
		case $r in
		summary | monthly)
			sums="=events.total =participation.person_times =participation.volunteer_hours
			      =contributions.cash_yuan =contributions.goods.0.quantity =members.total
			      =previous.events.total !participation.orgs !previous.participation.orgs" ;;
		quarterly | annual) sums="=events.total =members.total" ;;
		members) sums="=members.total =members.registered" ;;
		*) sums= ;;
		esac
		# shellcheck disable=SC2086
		is_value "$(/usr/bin/python3 check_csv.py $r.csv $sums 2>&1)" \
			"$(($(wc -l <$r.csv) - 1)) rows" "$r, csv: header, 5 cells a row${sums:+, totals}"
	done
	is_value "$(grep -c '^contributions\.goods\.[0-9]\.quantity,' summary.csv)" 3 \
		"summary, csv: the goods merged, one row each"
	is_value "$(grep '^participation\.orgs,' summary.csv | tr -d '\r')" "participation.orgs,6,3,3,2" \
		"summary, csv: the units 6, not 3+3+2"

	for r in summary monthly quarterly annual members pairs review due overdue; do
		run pb-report $r "$@" -f tsv --header
		is_status 0 "$r, tsv: exit 0"
		cp out $r.tsv
		is_value "$(head -n 1 $r.tsv; awk -F '\t' 'NR > 1 && NF != 5' $r.tsv | head -n 3)" \
			"$(printf 'key\ttotal\t东湖街道党工委\t西湖街道党工委\t南湖街道党工委')" \
			"$r, tsv: the header, 5 fields a row"
		# The same code for every report: a sample under valgrind but the
		# two whose files are looked into below.
		case $r in
		summary | members) ;;
		*) vg_sample 3 || continue ;;
		esac
		run pb-report $r "$@" -f tsv
		tail -n +2 $r.tsv >$r.tsv.body
		is_file out $r.tsv.body "$r, tsv: no header without --header"
		for f in table md html; do
			run pb-report $r "$@" -f $f
			# A list alone has a Street column; figures a Total one.
			case $r in pairs) col=Street ;; *) col=Total ;; esac
			if [ "$status" = 0 ] && grep -q 东湖街道党工委 out && grep -q 西湖街道党工委 out &&
				grep -q 南湖街道党工委 out && grep -q $col out; then
				pass "$r, $f: exit 0, a $col column and the three streets"
			else
				fail "$r, $f: exit 0, a $col column and the three streets"
				diag "exit $status"
				diag_file err
			fi
			cp out $r.$f
		done
	done
	# md: every table of figures (20: the sections and their parts, this
	# period's and the previous one's) has the same columns.
	is_value "$(grep '^|  | ' summary.md | sort | uniq -c | sed 's/^ *//')" \
		"20 |  | Total | 东湖街道党工委 | 西湖街道党工委 | 南湖街道党工委 |" \
		"summary, md: a Total column and one per street in each table of figures"
	# html: one chart each (events by kind, participation,
	# contributions in yuan, beneficiaries), a bar per street for each figure.
	is_value "$(grep -c '<svg' summary.html)" 4 "summary, html: four charts"
	is_value "$(sed -n '/<figcaption>Participation/,/<\/svg>/p' summary.html |
		grep -o '<title>[^<]*</title>' | tr '\n' ' ')" \
		"<title>东湖街道党工委: 3</title> <title>西湖街道党工委: 3</title> <title>南湖街道党工委: 2</title> <title>东湖街道党工委: 1</title> <title>西湖街道党工委: 2</title> <title>南湖街道党工委: 0</title> <title>东湖街道党工委: 11</title> <title>西湖街道党工委: 9</title> <title>南湖街道党工委: 7</title> <title>东湖街道党工委: 17</title> <title>西湖街道党工委: 20</title> <title>南湖街道党工委: 13</title> " \
		"summary, html: the participation chart, a bar per street"
	is_value "$(grep -c '<svg' members.html)" 1 "members, html: its chart"
	PB_LANG=zh run pb-report summary "$@" -f table
	is_out_match '^ +合计 +东湖街道党工委 +西湖街道党工委 +南湖街道党工委$' "summary, table, zh: 合计 and the streets"
fi

# ---- 5. one database holding the district ---------------------------------

# The file's own database (PostgreSQL under PB_PG=1): the district org qw
# 东湖区委 and the same three streets under it, hn and ty one org row each,
# paired with and taking part in two streets.
PB_DB=$PB_DB_MAIN
fx pb-org -q add --code qw --name 东湖区委 --kind district || echo "Bail out! district"
SHARED=1
for s in A B C; do
	build_street $s || echo "Bail out! street $s in the district's database"
done
SHARED=0
is_value "$(pb-org list -f tsv --fields code,parent | grep -E '^(jd[0-9]|hn|ty)	')" \
	"$(printf 'hn\t\njd1\tqw\njd2\tqw\njd3\tqw\nty\t')" \
	"one database: three streets under the district, hn and ty one row each"

# db_cmp FILE: a roll-up less where it was read from.
# Names beside codes are each database's own (B's file names hn otherwise);
# what the report is (meta) names the source; the figures are compared.
db_cmp() {
	jq -S 'del(.rollup.sources, .meta) | .streets |= map(del(.db)) |
		del(.. | .id?, .partner_name?, .community_name?)' "$1"
}
run pb-report summary --org qw --by street -f json
is_status 0 "--org qw --by street: exit 0"
is_err "" "--org qw --by street: nothing on stderr"
cp out one.json
jq_is '[(.rollup.sources | length), ([.streets[].db] | unique | length), (.rollup.sources[0] == .streets[0].db)]' \
	one.json '[1,1,true]' "--org qw --by street: one source, each street's"
if db_is_pg; then
	jq_is '.rollup.sources[0] | startswith("postgresql:")' one.json true \
		"--org qw --by street: read from PostgreSQL"
fi
db_cmp one.json >one.cmp
db_cmp district.json >district.cmp
is_file one.cmp district.cmp \
	"--org qw --by street: the same district and street figures as the three files"
run pb-report summary --org qw --by street --no-compare -f json
db_cmp out >one.cmp
db_cmp district-nc.json >district.cmp
is_file one.cmp district.cmp "--org qw --by street --no-compare: the same as the three files"
# Every report but the review (whose units are those under each street:
# hn and ty, under none here, are in no street's sheet), its lists' ids
# aside (each database numbers its own rows).
for r in monthly quarterly annual members pairs due overdue; do
	if vg_sample 2; then
		run pb-report $r --db A.db --db B.db --db C.db -f json
		db_cmp out >files.cmp
		run pb-report $r --org qw --by street -f json
		is_status 0 "$r --org qw --by street: exit 0"
		db_cmp out >one.cmp
		is_file one.cmp files.cmp "$r --org qw --by street: the same as the three files"
	fi
done
# The review differs by design (pb-report(1) ROLL-UPS): from one database
# each street's sheet lists the units under that street; hn and ty, under
# no org (they serve A and B), are reviewed in the whole database's
# sheet (no --org), while each street's file holds a row of its own for
# them.
run pb-report review --org qw --by street -f json
is_status 0 "review --org qw --by street: exit 0"
jq_is '[.streets[] | [.units[].code]]' out '[["aa"],["bb"],["cc","hn3"]]' \
	"review --org qw --by street: each street's own units"
run pb-report review -f json
jq_is '[.units[].code]' out '["aa","bb","cc","hn","hn3","ty"]' \
	"review of the whole database: the units under no street are in it"

# Without --org, every street of the database; --org a street: that one.
run pb-report summary --by street -f json
db_cmp out >one.cmp
db_cmp district.json >district.cmp
is_file one.cmp district.cmp "--by street alone: every street of the database"
run pb-report summary --org jd2 --by street -f json
jq_is '[[.streets[].street], .participation.orgs, .rollup.shared_units]' out '[["jd2"],3,[]]' \
	"--org jd2 --by street: that street alone"
# The district's own report from the one database counts each unit once
# too: its figures are the roll-up's.
run pb-report summary --org qw -f json
jq -S 'del(.meta)' out >whole.cmp
jq -S 'del(.streets, .rollup, .meta)' district.json >district.cmp
is_file whole.cmp district.cmp "--org qw without --by: the district's figures, the same"
run pb-report summary --org hn --by street
is_status 65 "--by street under an org with no street: 65"
is_err_match "no org of kind street under that org" "--by street under an org with no street: says so"
is_out_empty "--by street under an org with no street: nothing on stdout"
run pb-report summary --by district
is_status 64 "--by district: 64"
is_err_match "^pb-report: error: --by takes 'street', not 'district'" "--by district: says what it takes"


# Values written outside pb beyond its bounds: each street's report still
# fits in 64 bits, the district's total does not: 65 naming the figure,
# nothing on stdout, an -o file and the sources as they were.
if file_only "sources edited with sqlite3"; then
	mkdir big
	copy_db A.db big/1.db
	copy_db B.db big/2.db
	for f in big/1.db big/2.db; do
		sqlite3 "$f" "UPDATE events SET households = 5000000000000000000 WHERE id = (SELECT min(id) FROM events WHERE date >= '2026-10-01')"
		# Written outside pb: the monthly totals recomputed, as a user must.
		fx pb-db --db "$f" -q rebuild
	done
	cksum big/1.db big/2.db >big.before
	run pb-report summary --db big/1.db -f json
	is_status 0 "beyond the bounds: one street's report still adds up"
	echo kept >big.out
	run pb-report summary --db big -f json -o big.out
	is_status 65 "beyond the bounds: the district's total is 65"
	is_err_match "the total of beneficiaries\.households is beyond 64-bit integers" \
		"beyond the bounds: names the figure"
	is_out_empty "beyond the bounds: nothing on stdout"
	is_value "$(cat big.out)" "kept" "beyond the bounds: -o left as it was"
	cksum big/1.db big/2.db >big.after
	is_file big.after big.before "beyond the bounds: the sources as they were"
fi

done_testing
