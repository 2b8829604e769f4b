#!/bin/sh
# Reports from the monthly totals (issue 20): a period of whole months
# reads the totals tables, any other period the raw rows, and
# PB_TOTALS=off forces the raw rows.  Every report that reads them
# (summary, monthly, quarterly, annual, pairs, the roll-ups by street
# and of street files) gives the same output, byte for byte, both ways:
# for months, a quarter, a year, a range of whole months whose previous
# period is not, a range of days, with and without --org; members (no
# totals in it: the same SQL either way) alike.  Then a few figures
# worked out by hand, where the two reads could go wrong alike, and a
# member id past the bitmap that counts distinct members.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

PB_TODAY=2025-04-15
export PB_TODAY
unset PB_TOTALS

# The fixture.  District qw, streets jd and jd2 under it; communities
# c1 (unit u1 under it, with a uscc) and c2 (school u2 under it) and
# team u3 (without a uscc) under jd.
#   M1 in-service at u1, registered c1 since 2024-06-01; M2 retired,
#   held by c2, registered c2 since 2025-02-01; M3 resident, held by c1.
#   Pairs: 1 c1-u1 since 2024-01-01 (e1 by c1, e4 by u1); 2 c2-u2 since
#   2025-02-15 (e5).
# Events on the edges of months: e7 2024-12-31, e1 2025-01-31, e2
# 2025-02-01, e3 2025-02-28, e4 2025-03-01, e5 2025-03-31, e6
# 2025-04-01; e8 2025-03-15 by the other street, jd2, which saw u1 and
# u3 (a unit seen by two streets counts once); awardee rows (a unit's
# and a member's) count in nothing;
# 大米 given in 斤 and in 袋.
cat >"$TMP/orgs.yaml" <<'YAML'
orgs:
  - {code: qw, name: 青湖区委, kind: district}
  - {code: jd, name: 东湖街道党工委, kind: street, parent: qw}
  - {code: c1, name: 东湖社区党委, kind: community, parent: jd}
  - {code: c2, name: 西湖社区党委, kind: community, parent: jd}
  - {code: u1, name: 华能公司党委, kind: enterprise, parent: c1, uscc: 91440300279583285Y}
  - {code: u2, name: 西湖小学党支部, kind: school, parent: c2}
  - {code: u3, name: 青年志愿服务队, kind: team, parent: jd}
  - {code: jd2, name: 西山街道党工委, kind: street, parent: qw}
YAML
cat >"$TMP/members.yaml" <<'YAML'
members:
  - {ref: M1, name: 张伟, category: in-service, unit: u1, joined: 2005-07-01,
     registrations: [{community: c1, since: 2024-06-01}]}
  - {ref: M2, name: 王芳, category: retired, org: c2, joined: 2006-07-01,
     registrations: [{community: c2, since: 2025-02-01}]}
  - {ref: M3, name: 孙丽, category: resident, org: c1, joined: 2012-07-01}
YAML
cat >"$TMP/pairs.yaml" <<'YAML'
pairs:
  - {community: c1, partner: u1, kind: enterprise, since: 2024-01-01}
  - {community: c2, partner: u2, kind: school, since: 2025-02-15}
YAML
cat >"$TMP/events.yaml" <<'YAML'
events:
  - {ref: e7, date: 2024-12-31, kind: visit, title: 年末走访, org: jd,
     participants: [{org: u3, people: 3, hours: 2}],
     contributions: [{from: jd, type: cash, value: 200}]}
  - {ref: e1, date: 2025-01-31, kind: aid, title: 春节慰问, org: c1, pair: 1,
     households: 10, persons: 20,
     participants: [{org: u1, people: 5, hours: 2}, {member: M1, hours: 3},
                    {org: u3, role: awardee, award: 先进集体}],
     contributions: [{from: u1, type: cash, value: 1000},
                     {from: u1, type: goods, item: 大米, quantity: 100, unit: 斤, value: 300}]}
  - {ref: e2, date: 2025-02-01, kind: service, title: 招聘会, org: c2, jobs: 3,
     participants: [{member: M1, hours: 1}, {member: M2, hours: 2},
                    {org: u2, people: 4, hours: 1.5}],
     contributions: [{from: u2, type: goods, item: 大米, quantity: 2, unit: 袋, value: 100}]}
  - {ref: e3, date: 2025-02-28, kind: meeting, title: 联席会议, org: jd,
     participants: [{org: c1, people: 2, hours: 1}, {member: M2, hours: 1},
                    {member: M3, role: awardee, award: 优秀党员}]}
  - {ref: e4, date: 2025-03-01, kind: culture, title: 文艺汇演, org: u1, pair: 1, persons: 50,
     participants: [{member: M1, hours: 2}],
     contributions: [{from: u1, type: goods, item: 大米, quantity: 50, unit: 斤},
                     {from: u1, type: equipment, item: 音响, value: 500}]}
  - {ref: e5, date: 2025-03-31, kind: education, title: 法治宣传, org: c2, pair: 2,
     participants: [{org: u2, people: 10, hours: 1}, {member: M2, hours: 1}]}
  - {ref: e6, date: 2025-04-01, kind: aid, title: 四月慰问, org: c1, households: 5,
     participants: [{member: M3, hours: 2}]}
  - {ref: e8, date: 2025-03-15, kind: service, title: 义诊, org: jd2,
     participants: [{org: u1, people: 1, hours: 1}, {org: u3, people: 2, hours: 1}]}
YAML
run pb-db -q init
run pb-org -q import "$TMP/orgs.yaml"
run pb-member -q import "$TMP/members.yaml"
run pb-pair -q import "$TMP/pairs.yaml"
run pb-event -q import "$TMP/events.yaml"
is_status 0 "the fixture imports"
run pb-db check
is_status 0 "the totals the imports kept are those of the raw rows"

# same ARG...: pb-report ARG... -f json, from the totals and from the
# raw rows (PB_TOTALS=off): exit 0 both ways, the same output.
n=0
same() {
	n=$((n + 1))
	run pb-report "$@" -f json
	is_status 0 "$*: exit 0"
	cp "$TMP/out" "$TMP/totals.$n"
	PB_TOTALS=off run pb-report "$@" -f json
	is_status 0 "$* (PB_TOTALS=off): exit 0"
	is_file "$TMP/totals.$n" "$TMP/out" "$*: the same from the totals as from the raw rows"
}

for p in 2025-01 2025-02 2025-03 2025-04 2024-12 2025-Q1 2025-H1 2025 2024 \
	2025-01-01..2025-02-28 2024-12-01..2025-01-31 2024-11-01..2025-02-28 2025-01-31..2025-03-01 2025-02-01..2025-02-27; do
	# Under valgrind (not PB_VALGRIND_ALL) one period of each path: a
	# month, a quarter, whole months whose previous period is not, days.
	case ${PB_VALGRIND:-0}${PB_VALGRIND_ALL:-0}:$p in
	10:2025-02 | 10:2025-Q1 | 10:2024-11-01..2025-02-28 | 10:2025-01-31..2025-03-01 | 0*) ;;
	*) continue ;;
	esac
	for org in '' c1 c2 u1 jd jd2; do
		same summary --period "$p" ${org:+--org "$org"}
	done
	same members --period "$p"
	same members --period "$p" --org c1
	same pairs --period "$p"
	same pairs --period "$p" --org c2
	same pairs --period "$p" --org u1
done
same summary --period 2025-Q1 --org qw --by street
same summary --period 2025-Q1 --org qw --by street --no-compare
same summary --period 2025-02-01..2025-03-15 --org qw --by street
for c in monthly quarterly annual; do
	same "$c"
	same "$c" --org c1
done

# By hand, 2025-Q1 (e1..e5, e8) over every org: the units u1, u2, u3
# and the community c1 took part (u3 at e1 only as an awardee); members
# M1, M2 (M3 only as an awardee); person-times 6 member rows + 5 + 4 + 2
# + 10 + 1 + 2 people; hours 5x2+3, 1+2+4x1.5, 2x1+1, 2, 10x1+1, 1+2x1
# = 41; contributions 1000 cash, 300 + 100 + 500 in kind; 大米 100 + 50
# 斤 and 2 袋.
run pb-report summary --period 2025-Q1 --no-compare -f json
jq -c '[.events.total, .participation, .contributions, .beneficiaries]' \
	"$TMP/out" >"$TMP/q1"
is_value "$(cat "$TMP/q1")" '[6,{"orgs":4,"members":2,"person_times":30,"volunteer_hours":41},{"count":5,"cash_yuan":1000,"in_kind_yuan":900,"goods":[{"item":"大米","unit":"斤","quantity":150},{"item":"大米","unit":"袋","quantity":2}]},{"households":10,"persons":70,"jobs":3}]' \
	"2025-Q1 from the totals: the figures worked out by hand"
# --org c1 (c1 and u1): e1 and e4 organized there; M1 at both counted
# once; u1's 5 people and M1 twice.
run pb-report summary --period 2025-Q1 --org c1 --no-compare -f json
is_value "$(jq -c '[.events.total, .participation]' "$TMP/out")" \
	'[2,{"orgs":1,"members":1,"person_times":7,"volunteer_hours":15}]' \
	"2025-Q1 --org c1: the scope's rows, distinct counts over them"
# February's edges: e2 on the 1st and e3 on the 28th, not e1 (Jan 31)
# nor e4 (Mar 1); the previous month has e1 alone.
run pb-report summary --period 2025-02 -f json
is_value "$(jq -c '[.events.total, .participation.members, .previous.events.total, .previous.participation.orgs]' "$TMP/out")" \
	'[2,2,1,1]' "2025-02: the events on the month's edges, and January's"
# A year of members: M1 at e1 e2 e4, M2 at e2 e3 e5, M3 at e6 (Apr).
run pb-report summary --period 2025 -f json
is_value "$(jq -c '[.events.total, .participation.members, .previous.events.total, .previous.participation.members]' "$TMP/out")" \
	'[7,3,1,0]' "2025: seven events, three members; 2024 one event, no member"

# Pairs, 2025-Q1: pair 1's e1 (u1 5 x 2 h, M1 3 h; u1 gave 1000 cash and
# 大米 worth 300) and e4 (M1 2 h; u1 gave 大米 of no value and equipment
# worth 500), both sides there; pair 2's e5 (u2 10 x 1 h, M2 1 h), by c2.
# In March pair 1 has e4 alone, by u1: one-sided.
PAIR_FIGS='[.pairs[] | [.id, .events, .hours, .community_yuan, .partner_yuan, .households, .persons, .one_sided]]'
run pb-report pairs --period 2025-Q1 -f json
is_value "$(jq -c "$PAIR_FIGS" "$TMP/out")" \
	'[[1,2,15,0,1800,10,70,false],[2,1,11,0,0,0,0,false]]' \
	"pairs, 2025-Q1 from the totals: the figures worked out by hand"
run pb-report pairs --period 2025-03 --org u1 -f json
is_value "$(jq -c "$PAIR_FIGS" "$TMP/out")" '[[1,1,2,0,500,0,50,true]]' \
	"pairs, 2025-03 --org u1: e4 alone, one-sided"

# The units each street saw: u1 by both (one uscc), u2 by jd alone, u3
# by jd2 alone in 2025-Q1 (at jd only an awardee's row).
run pb-report summary --period 2025-Q1 --org qw --by street -f json
is_value "$(jq -c '[.rollup.shared_units[] | [.uscc, .name, (.streets | length)]]' "$TMP/out")" \
	'[["91440300279583285Y","华能公司党委",2]]' "by street: u1 seen by both streets"

# Two street files: a report over every org of each (no --org), the
# units seen counted once across them, u1 by its uscc, u3 by its name.
if file_only "a roll-up of street files"; then
	cat >"$TMP/b.yaml" <<'YAML'
orgs:
  - {code: jdb, name: 北湖街道党工委, kind: street}
  - {code: ub, name: 华能公司北湖项目部, kind: enterprise, parent: jdb, uscc: 91440300279583285Y}
  - {code: tb, name: 青年志愿服务队, kind: team, parent: jdb}
YAML
	cat >"$TMP/b-events.yaml" <<'YAML'
events:
  - {ref: b1, date: 2025-02-10, kind: service, title: 义诊, org: jdb,
     participants: [{org: ub, people: 2, hours: 1}, {org: tb, people: 1, hours: 1}]}
YAML
	PB_DB=$TMP/b.db run pb-db -q init
	PB_DB=$TMP/b.db run pb-org -q import "$TMP/b.yaml"
	PB_DB=$TMP/b.db run pb-event -q import "$TMP/b-events.yaml"
	is_status 0 "the second street's file"
	db_state "$TMP/a.db"
	same summary --db "$TMP/a.db" --db "$TMP/b.db" --period 2025-Q1
	same summary --db "$TMP/a.db" --db "$TMP/b.db" --period 2025-02-01..2025-03-20
	run pb-report summary --db "$TMP/a.db" --db "$TMP/b.db" --period 2025-Q1 -f json
	is_value "$(jq -c '[.rollup.shared_units[] | [.uscc, .name, (.streets | length)]]' "$TMP/out")" \
		'[["91440300279583285Y","华能公司党委",2],[null,"青年志愿服务队",2]]' \
		"street files: u1 by its uscc and u3 by its name, each once"
fi

# A member id past what a bitmap counts (2^26): counted in the id set's
# list then, the same, in every org's rows and in an org's month's list
# (totals_takers).  M9 at e6 (April) beside M3: 2025 has 4 members.
# Written by SQL (pb gives ids in sequence), then the totals rebuilt.
db_query "INSERT INTO members (id, ref, name, category)
		VALUES (67108865, 'M9', '钱程', 'retired');
	INSERT INTO participants (id, event_id, member_id, people, hours_milli, role)
		SELECT (SELECT max(id) + 1 FROM participants), id, 67108865, 1, 1000,
		'participant' FROM events WHERE ref = 'e6';" >/dev/null
run pb-db -q rebuild
is_status 0 "the totals rebuilt"
same summary --period 2025
same summary --period 2025-04 --org c1
same summary --period 2025 --org qw
run pb-report summary --period 2025 -f json
is_value "$(jq -c '[.participation.members, .previous.participation.members]' "$TMP/out")" \
	'[4,0]' "a member id of 2^26 + 1 counted once"
run pb-report summary --period 2025-H1 --org qw -f json
is_value "$(jq -c '[.participation.members, .previous.participation.members]' "$TMP/out")" \
	'[4,0]' "and once in the lists of a scope's months"

# PB_TOTALS=off reads the raw rows: emptied totals change nothing then,
# and change a month's figures otherwise (the totals are what it reads).
db_query "DELETE FROM totals_events; DELETE FROM totals_goods;
	DELETE FROM totals_takers; DELETE FROM totals_pairs;" >/dev/null
PB_TOTALS=off run pb-report summary --period 2025-Q1 --no-compare -f json
is_value "$(jq -c '[.events.total, .participation, .contributions, .beneficiaries]' "$TMP/out")" \
	"$(cat "$TMP/q1")" "PB_TOTALS=off: the raw rows, whatever the totals hold"
run pb-report summary --period 2025-Q1 --no-compare -f json
is_value "$(jq -c '[.events.total, .participation.members]' "$TMP/out")" \
	'[0,0]' "a whole-month period reads the totals"
run pb-report summary --period 2025-01-31..2025-03-31 --no-compare -f json
is_value "$(jq -c '[.events.total, .participation.members]' "$TMP/out")" \
	'[6,2]' "a period of days reads the raw rows"
run pb-report pairs --period 2025-Q1 -f json
is_value "$(jq -c '[.pairs[].events]' "$TMP/out")" '[0,0]' \
	"pairs: a whole-month period reads the totals"
PB_TOTALS=off run pb-report pairs --period 2025-Q1 -f json
is_value "$(jq -c '[.pairs[].events]' "$TMP/out")" '[2,1]' \
	"pairs, PB_TOTALS=off: the raw rows"

done_testing
