#!/bin/sh
# Reports of a period that is not over are right about today: every "as
# of" figure (opinions answered and overdue, pairs active and dormant,
# members on the roll and registered) is taken on the as-of date, the
# earlier of the period's end and today, and the summary agrees with the
# dedicated reports (overdue, due, pairs, members) on the same data. The
# on-time rate beside its count (null of nothing; a district's recomputed,
# never summed). Awardee rows are not attendance in any report.
# Every figure below is worked out by hand from the fixture.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

tab=$(printf '\t')
# Mid-year: --period this-year is 2026-01-01..2026-12-31, as of 06-15;
# the 90-day dormancy window is 2026-03-18..2026-06-15.
PB_TODAY=2026-06-15
export PB_TODAY

# fixture: begin
#
# Orgs: street jd; communities sq1, sq2; units hn, wj, xx.
# Members: M001 in-service at hn, registered sq1 since 2025-01-01; M002
# retired, org sq1, registered sq1 since 2026-01-10 (new this year); M003
# in-service at xx, never registered, leaves on 2026-09-30 (after today).
# Pairs: 1 sq1-hn, last event 2026-04-01, 75 days before today; 2 sq2-wj,
# last event 2026-02-01, 134 days before; 3 sq1-xx since 2026-05-01
# (new), events 05-10 and 05-20; 4 sq2-hn ended 2026-05-01, no event.
# Events:
#   e1 2026-02-01 culture, wj, pair 2: wj 5 x 2h, M001 2h
#   e2 2026-04-01 service, hn, pair 1: hn 4 x 1.5h (organizer), M002 1h
#   e3 2026-05-10 education, xx, pair 3: xx 2 x 1h
#   e4 2026-05-20 commendation, jd, pair 3: wj 2 x 1h; awardees sq1 (3
#      people, 2h), xx and M003 (1h), who took no other part in e4
# Opinions (due / answered):
#   o1 hn 2026-03-01, due 03-31, unanswered: overdue 76 days today
#   o2 wj 2026-06-01, due 07-01, unanswered: not due yet today
#   o3 xx 2026-02-01, due 03-03, answered 03-01: on time
#   o4 hn 2026-04-01, due 05-01, answered 05-10: late
#   o5 hn 2025-12-01, due 2025-12-31, unanswered: overdue today (2025's)
#   o6 wj 2025-05-01, due 05-31, answered 05-20: on time
#   o7 xx 2025-07-01, due 07-31, answered 07-31: on time (on the day)
cat >"$TMP/orgs.yaml" <<'YAML'
orgs:
  - {code: jd, name: 东湖街道党工委, kind: street}
  - {code: sq1, name: 东湖社区党委, kind: community, parent: jd}
  - {code: sq2, name: 西湖社区党委, kind: community, parent: jd}
  - {code: hn, name: 华能公司党委, kind: enterprise, parent: jd}
  - {code: wj, name: 武警某部, kind: garrison, parent: jd}
  - {code: xx, name: 东湖小学党支部, kind: school, parent: jd}
YAML
cat >"$TMP/members.yaml" <<'YAML'
members:
  - ref: M001
    name: 张伟
    category: in-service
    unit: hn
    joined: 2010-07-01
    registrations:
      - {community: sq1, since: 2025-01-01}
  - ref: M002
    name: 李娜
    category: retired
    org: sq1
    joined: 2008-07-01
    registrations:
      - {community: sq1, since: 2026-01-10}
  - ref: M003
    name: 王芳
    category: in-service
    unit: xx
    joined: 2012-07-01
    left: 2026-09-30
YAML
cat >"$TMP/pairs.yaml" <<'YAML'
pairs:
  - {community: sq1, partner: hn, kind: enterprise, since: 2025-01-01}
  - {community: sq2, partner: wj, kind: military, since: 2025-06-01}
  - {community: sq1, partner: xx, kind: school, since: 2026-05-01}
  - {community: sq2, partner: hn, kind: aid, since: 2025-01-01, until: 2026-05-01}
YAML
cat >"$TMP/events.yaml" <<'YAML'
events:
  - ref: e1
    date: 2026-02-01
    kind: culture
    title: 军民联欢
    org: wj
    pair: 2
    participants:
      - {org: wj, people: 5, hours: 2}
      - {member: M001, hours: 2}
  - ref: e2
    date: 2026-04-01
    kind: service
    title: 义诊
    org: hn
    pair: 1
    participants:
      - {org: hn, people: 4, hours: 1.5, role: organizer}
      - {member: M002, hours: 1}
  - ref: e3
    date: 2026-05-10
    kind: education
    title: 国防教育课
    org: xx
    pair: 3
    participants:
      - {org: xx, people: 2, hours: 1}
  - ref: e4
    date: 2026-05-20
    kind: commendation
    title: 共驻共建表彰
    org: jd
    pair: 3
    participants:
      - {org: wj, people: 2, hours: 1}
      - {org: sq1, people: 3, hours: 2, role: awardee, award: 共驻共建先进集体}
      - {org: xx, role: awardee, award: 共驻共建先进单位}
      - {member: M003, hours: 1, role: awardee, award: 优秀在职党员}
opinions:
  - {from: hn, text: 希望增加帮扶资金, received: 2026-03-01, due: 2026-03-31}
  - {from: wj, text: 开放训练场, received: 2026-06-01, due: 2026-07-01}
  - {from: xx, text: 活动提前通知, received: 2026-02-01, due: 2026-03-03, answer: 已提前通知, answered: 2026-03-01}
  - {from: hn, text: 公布账目, received: 2026-04-01, due: 2026-05-01, answer: 已公布, answered: 2026-05-10}
  - {from: hn, text: 共用停车场, received: 2025-12-01, due: 2025-12-31}
  - {from: wj, text: 修缮活动室, received: 2025-05-01, due: 2025-05-31, answer: 已修缮, answered: 2025-05-20}
  - {from: xx, text: 增设宣传栏, received: 2025-07-01, due: 2025-07-31, answer: 已增设, answered: 2025-07-31}
YAML
pb-org -q import "$TMP/orgs.yaml" || echo "Bail out! orgs fixture"
pb-member -q import "$TMP/members.yaml" || echo "Bail out! members fixture"
pb-pair -q import "$TMP/pairs.yaml" || echo "Bail out! pairs fixture"
pb-event -q import "$TMP/events.yaml" || echo "Bail out! events fixture"
# fixture: end

# pick FILE KEY...: the lines of a tsv report for those keys, in order.
pick() {
	_f=$1
	shift
	for _k; do
		grep "^$_k$tab" "$_f" || echo "$_k: missing"
	done
}

# ---- the summary of a year that is not over -----------------------------------
#
# As of 2026-06-15. Participation: wj, hn, xx (3: sq1 was only commended),
# M001 and M002 (2: M003 was only commended); 人次 e1 5+1, e2 4+1, e3 2,
# e4 2 = 15; hours e1 10+2, e2 6+1, e3 2, e4 2 = 23 (the awardees' 3 + 1
# + 1 people and 6 + 1 hours left out). Pairs active today 1, 2, 3 (4
# ended on 05-01); new 3; ended 4; dormant 2 only (pair 1's 04-01 is in
# the window). Members on the roll today M001, M002, M003 (leaves
# 09-30): 3, registered 2, new registrations M002: 1. Opinions received
# in 2026: o1-o4 = 4; answered o3, o4 = 2; on time o3 = 1, 25%; overdue
# o1 only (o2 is due 07-01). The previous year is as of its own end:
# received o5-o7 = 3, answered and on time o6, o7 = 2, 66.7%, overdue 0
# (o5 was due on 12-31 itself); members 3 (M002 on the roll, not yet
# registered), registered M001: 1, new registrations M001: 1.
run pb-report summary --period this-year -f tsv
is_status 0 "summary, this year"
cp "$TMP/out" "$TMP/year.tsv"
pick "$TMP/year.tsv" period.from period.to period.as_of participation.orgs \
	participation.members participation.person_times \
	participation.volunteer_hours pairs.active pairs.new pairs.ended \
	pairs.dormant members.total members.registered members.new_registrations \
	opinions.received opinions.answered opinions.answered_on_time \
	opinions.answered_on_time_rate opinions.overdue previous.period.to \
	previous.period.as_of previous.members.total previous.members.registered \
	previous.members.new_registrations previous.opinions.received \
	previous.opinions.answered_on_time previous.opinions.answered_on_time_rate \
	previous.opinions.overdue >"$TMP/picked"
is_file_text "$TMP/picked" "period.from${tab}2026-01-01
period.to${tab}2026-12-31
period.as_of${tab}2026-06-15
participation.orgs${tab}3
participation.members${tab}2
participation.person_times${tab}15
participation.volunteer_hours${tab}23
pairs.active${tab}3
pairs.new${tab}1
pairs.ended${tab}1
pairs.dormant${tab}1
members.total${tab}3
members.registered${tab}2
members.new_registrations${tab}1
opinions.received${tab}4
opinions.answered${tab}2
opinions.answered_on_time${tab}1
opinions.answered_on_time_rate${tab}25
opinions.overdue${tab}1
previous.period.to${tab}2025-12-31
previous.period.as_of${tab}2025-12-31
previous.members.total${tab}3
previous.members.registered${tab}1
previous.members.new_registrations${tab}1
previous.opinions.received${tab}3
previous.opinions.answered_on_time${tab}2
previous.opinions.answered_on_time_rate${tab}66.7
previous.opinions.overdue${tab}0" \
	"this year as of today: every as-of figure on 06-15, the previous year on its end"

run pb-report summary --period this-year -f json
is_out_match '^    "as_of": "2026-06-15"$' "json: period.as_of"
is_out_match '^    "answered_on_time_rate": 25,$' "json: the rate, a number"
is_out_match '^      "answered_on_time_rate": 66.7,$' "json: 2 of 3 is 66.7"
run env PB_LANG=zh pb-report summary --period this-year --no-compare -f table
is_out_match '^  截至日期  2026-06-15$' "table: 截至日期"
is_out_match '^  按期答复率  25$' "table: 按期答复率"
run env PB_LANG=en pb-report summary --period this-year --no-compare -f table
is_out_match '^  Answered on time \(%\)  25$' "table: Answered on time (%)"

# Nothing received: no rate (null), not 0.
run pb-report summary --period 2024 --no-compare -f json
is_out_match '^    "answered_on_time": 0,$' "2024: nothing answered on time"
is_out_match '^    "answered_on_time_rate": null,$' "2024: nothing received, the rate is null"
run pb-report summary --period 2024 --no-compare -f tsv
is_out_match "^opinions\\.answered_on_time_rate$tab\$" "tsv: a null rate is empty"

# ---- the summary agrees with the dedicated reports ----------------------------

# overdue today: o5 (due 2025-12-31, 166 days) and o1 (76 days); of
# those received in 2026, o1 alone: the summary's 1.
run pb-report overdue -f tsv
is_status 0 "overdue"
grep -E '\.(id|days_overdue)	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '5 166 1 76' "overdue today: o5 and o1, not o2 (due 07-01)"
n=$(grep -c "^opinions\\.[0-9]*\\.received${tab}2026-" "$TMP/out")
is_value "$n" 1 "overdue, received this year: 1"
ok "[ '$n' = \"\$(sed -n 's/^opinions\\.overdue\\t//p' '$TMP/year.tsv')\" ]" \
	"the summary's opinions.overdue is the overdue report's rows received in the period"

# due within 7 days: the two overdue, o2 (16 days on) not yet; within 16
# days o2 too.
run pb-report due -f tsv
grep -E '^opinions\.[0-9]+\.(id|days_left)	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '5 -166 1 -76' "due: the overdue ones, days_left negative"
run pb-report due --days 16 -f tsv
grep -E '^opinions\.[0-9]+\.(id|days_left)	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '5 -166 1 -76 2 16' "due --days 16: o2 on its due date"

# pairs: as of today; 1 (75 days) awake, 2 dormant, 3 awake, 4 ended.
# Hours: 1 e2 6+1 = 7; 2 e1 10+2 = 12; 3 e3 2 + e4 wj 2 = 4 (the awardees'
# 6 + 1 left out); one_sided: 1 (hn alone), 2 (wj alone), 3 (xx alone:
# sq1 was only commended at e4); 4 had no event.
run pb-report pairs --period this-year -f tsv
is_status 0 "pairs, this year"
is_out_match "^as_of${tab}2026-06-15\$" "pairs: as_of today"
grep -E '^pairs\.[0-9]+\.(id|hours|dormant|one_sided)	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '1 7 0 1 2 12 1 1 3 4 0 1 4 0 0 0' \
	"pairs: 75 days ago is not dormant at 90; awardee rows no hours and no side"
n=$(grep -c "^pairs\\.[0-9]*\\.dormant${tab}1\$" "$TMP/out")
ok "[ '$n' = \"\$(sed -n 's/^pairs\\.dormant\\t//p' '$TMP/year.tsv')\" ]" \
	"the summary's pairs.dormant is the pairs report's dormant flags"
# The last N days end today: 76 days are 04-01..06-15, 75 days 04-02..06-15.
run pb-report pairs --period this-year --dormant-days 76 -f tsv
grep -E '^pairs\.[0-9]+\.dormant	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '0 1 0 0' "76 days: 04-01 is the window's first day, still awake"
run pb-report pairs --period this-year --dormant-days 75 -f tsv
grep -E '^pairs\.[0-9]+\.dormant	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '1 1 0 0' "75 days: pair 1 dormant"
run pb-report summary --period this-year --dormant-days 75 -f tsv
is_out_match "^pairs\\.dormant${tab}2\$" "the summary with 75 days: 2, as the pairs report"

# members: the roll today, as the summary's.
run pb-report members --period this-year -f tsv
is_status 0 "members, this year"
pick "$TMP/out" period.as_of members.total members.registered \
	members.unregistered members.new_registrations >"$TMP/picked"
is_file_text "$TMP/picked" "period.as_of${tab}2026-06-15
members.total${tab}3
members.registered${tab}2
members.unregistered${tab}1
members.new_registrations${tab}1" "members: M003 on the roll until 09-30"
for k in total registered new_registrations; do
	ok "[ \"\$(sed -n 's/^members\\.$k\\t//p' '$TMP/out')\" = \"\$(sed -n 's/^members\\.$k\\t//p' '$TMP/year.tsv')\" ]" \
		"members.$k: the members report and the summary agree"
done

# ---- the same year once it is over ---------------------------------------------
#
# On 2027-01-01 the year is as of 12-31: o2 is overdue too (2); the window
# is 10-03..12-31, so pairs 1, 2 and 3 are all dormant; M003 has left (2
# on the roll).
run env PB_TODAY=2027-01-01 pb-report summary --period 2026 -f tsv
pick "$TMP/out" period.as_of pairs.active pairs.dormant members.total \
	members.registered opinions.overdue >"$TMP/picked"
is_file_text "$TMP/picked" "period.as_of${tab}2026-12-31
pairs.active${tab}3
pairs.dormant${tab}3
members.total${tab}2
members.registered${tab}2
opinions.overdue${tab}2" "2026 once over: as of its last day"
run env PB_TODAY=2027-01-01 pb-report overdue --as-of 2026-12-31 -f tsv
n=$(grep -c "^opinions\\.[0-9]*\\.received${tab}2026-" "$TMP/out")
is_value "$n" 2 "overdue on 2026-12-31, received in 2026: 2, as the summary"

# Today inside a month: June as of 06-15; the month before as of its end.
run pb-report summary --period 2026-06 -f tsv
pick "$TMP/out" period.as_of opinions.received opinions.overdue \
	previous.period.as_of >"$TMP/picked"
is_file_text "$TMP/picked" "period.as_of${tab}2026-06-15
opinions.received${tab}1
opinions.overdue${tab}0
previous.period.as_of${tab}2026-05-31" "June so far: o2 received, not overdue"

# ---- awardees are not attendance -----------------------------------------------

# sq1 was only commended: nothing attended, no person-times or hours.
run pb-report unit sq1 --period this-year -f tsv
pick "$TMP/out" period.as_of totals.events_attended totals.person_times \
	totals.hours >"$TMP/picked"
is_file_text "$TMP/picked" "period.as_of${tab}2026-06-15
totals.events_attended${tab}0
totals.person_times${tab}0
totals.hours${tab}0" "unit sq1: an award is not attendance"
# xx attended e3 only; its member M003 was only commended.
run pb-report unit xx --period this-year -f tsv
pick "$TMP/out" attended.0.id totals.events_attended totals.person_times \
	totals.hours members.0.name members.0.events members.0.hours >"$TMP/picked"
is_file_text "$TMP/picked" "attended.0.id${tab}3
totals.events_attended${tab}1
totals.person_times${tab}2
totals.hours${tab}2
members.0.name${tab}王芳
members.0.events${tab}0
members.0.hours${tab}0" "unit xx: e3 attended, e4's award not; M003 attended nothing"
# jd organized e4: its 人次 and hours are wj's 2 alone.
run pb-report unit jd --period this-year -f tsv
pick "$TMP/out" organized.0.people organized.0.hours >"$TMP/picked"
is_file_text "$TMP/picked" "organized.0.people${tab}2
organized.0.hours${tab}2" "unit jd: the event it organized counts its attendees, not its awardees"
# review: xx attended 1 event (e3), 2 hours; its pair events e3 and e4.
run pb-report review --period this-year -f tsv
is_out_match "^period\\.as_of${tab}2026-06-15\$" "review: as_of"
grep -E '^units\.[0-9]+\.(code|events_attended|hours|pair_events)	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" 'hn 1 6 1 wj 2 12 1 xx 1 2 2' \
	"review: awardee rows are no events attended and no hours"

# ---- a district: the rate recomputed, never summed -----------------------------
#
# A second street, xj: two opinions in 2026, one answered on time (1 of
# 2); none in 2025. The district this year: on time 1 + 1 of 4 + 2 = 2
# of 6, 33.3 (not 25 + 50); the year before 2 of 3 + 0 = 66.7 (xj's
# null adds nothing).
B=$TMP/xj.db
PB_DB=$B pb-org -q add --code xj --name 西江街道党工委 --kind street ||
	echo "Bail out! second street"
PB_DB=$B pb-org -q add --code xjsq --name 西江社区党委 --kind community --parent xj
cat >"$TMP/xj.yaml" <<'YAML'
opinions:
  - {from: xjsq, text: 加装路灯, received: 2026-02-01, due: 2026-03-01, answer: 已加装, answered: 2026-02-20}
  - {from: xjsq, text: 清理河道, received: 2026-03-01, due: 2026-04-01, answer: 已清理, answered: 2026-04-10}
YAML
PB_DB=$B pb-event -q import "$TMP/xj.yaml" || echo "Bail out! xj opinions"
run pb-report summary --period this-year --db "$PB_DB" --db "$B" -f json
is_status 0 "a roll-up of two streets"
is_out_match '^    "answered_on_time_rate": 33.3,$' "the district's rate: 2 of 6, recomputed"
is_out_match '^      "answered_on_time_rate": 66.7,$' "the previous year: 2 of 3, one street's rate null"
is_out_match '^        "answered_on_time_rate": 50,$' "xj's own rate beside it: 1 of 2"
is_out_match '^    "as_of": "2026-06-15"$' "the district's as_of"

done_testing
