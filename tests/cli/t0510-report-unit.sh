#!/bin/sh
# pb-report unit: the feedback sheet of one unit over a period: the
# events it organized (with their people and hours), those it attended
# as an org (hours per person and in all), what it gave, totals summed
# from those rows, and each of its in-service members with the community
# registered on the period's end and their own events and hours. The
# first and last days of the period count, the days around it do not.
# Figures by hand from fixture-reports.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/cli/fixture-reports.sh
. "$(dirname "$0")/fixture-reports.sh"

# ---- the whole sheet ---------------------------------------------------

# organized: event 2 (8 people: sq1 3, member 1, hn 4; hours 3x2 + 2 +
# 4x1.5 = 14); attended: events 1, 6, 2 by date (5 on 02-28 and 4 on
# 04-01 are outside); gave: event 1 only (event 4's 1000 cash is in
# April); members: 1 moved to sq2 on 03-15, 2 moves only on 04-01, 5 left
# before the period, 3 works at xx, 4 is retired.
run pb-report unit hn --period 2026-03 -f json
is_status 0 "unit report"
is_out_report '{
  "period": {
    "from": "2026-03-01",
    "to": "2026-03-31",
    "label": "2026-03",
    "as_of": "2026-03-31"
  },
  "unit": {
    "code": "hn",
    "name": "华能公司党委",
    "org_kind": "enterprise"
  },
  "organized": [
    {
      "id": 2,
      "date": "2026-03-31",
      "event_kind": "service",
      "event_title": "义诊",
      "people": 8,
      "hours": 14
    }
  ],
  "attended": [
    {
      "id": 1,
      "date": "2026-03-01",
      "event_kind": "aid",
      "event_title": "春节慰问",
      "people": 10,
      "hours": 2,
      "hours_total": 20
    },
    {
      "id": 6,
      "date": "2026-03-15",
      "event_kind": "meeting",
      "event_title": "三月联席会议",
      "people": 2,
      "hours": 3,
      "hours_total": 6
    },
    {
      "id": 2,
      "date": "2026-03-31",
      "event_kind": "service",
      "event_title": "义诊",
      "people": 4,
      "hours": 1.5,
      "hours_total": 6
    }
  ],
  "gave": [
    {
      "event": 1,
      "date": "2026-03-01",
      "event_title": "春节慰问",
      "type": "cash",
      "value_yuan": 30000.00,
      "quantity": null,
      "unit": null,
      "item": null
    },
    {
      "event": 1,
      "date": "2026-03-01",
      "event_title": "春节慰问",
      "type": "goods",
      "value_yuan": 20000.00,
      "quantity": 8600,
      "unit": "斤",
      "item": "大米"
    }
  ],
  "totals": {
    "events_organized": 1,
    "events_attended": 3,
    "person_times": 16,
    "hours": 32,
    "cash_yuan": 30000.00,
    "in_kind_yuan": 20000.00,
    "member_hours": 6.5
  },
  "members": [
    {
      "id": 1,
      "name": "张伟",
      "community": "sq2",
      "community_name": "西湖社区党委",
      "events": 2,
      "hours": 5
    },
    {
      "id": 2,
      "name": "李娜",
      "community": "sq1",
      "community_name": "东湖社区党委",
      "events": 1,
      "hours": 1.5
    }
  ],
  "member_events": [
    {
      "member": 1,
      "name": "张伟",
      "event": 1,
      "date": "2026-03-01",
      "event_title": "春节慰问",
      "hours": 3
    },
    {
      "member": 1,
      "name": "张伟",
      "event": 2,
      "date": "2026-03-31",
      "event_title": "义诊",
      "hours": 2
    },
    {
      "member": 2,
      "name": "李娜",
      "event": 3,
      "date": "2026-03-10",
      "event_title": "军民联欢",
      "hours": 1.5
    }
  ],
  "awards": []
}' "json: every section, exact"

run pb-report unit hn --period 2026-03 -f table
is_status 0 "table"
is_out 'Unit feedback sheet, March 2026
Scope: hn 华能公司党委; as of: 2026-03-31; compiled by: 东湖街道党工委; generated: 2026-11-27

Period:
  From   2026-03-01
  To     2026-03-31
  Label  2026-03
  As of  2026-03-31

Unit:
  Code  hn
  Name  华能公司党委
  Kind  Enterprise

Organized:
  ID  Date        Kind               Title  People  Hours
   2  2026-03-31  Volunteer service  义诊        8     14

Attended:
  ID  Date        Kind               Title         People  Hours  Hours total
   1  2026-03-01  Poverty relief     春节慰问          10      2           20
   6  2026-03-15  Joint meeting      三月联席会议       2      3            6
   2  2026-03-31  Volunteer service  义诊               4    1.5            6

Gave:
  Event  Date        Title     Type   Value (yuan)  Quantity  Unit  Item
      1  2026-03-01  春节慰问  Funds      30000.00
      1  2026-03-01  春节慰问  Goods      20000.00      8600  斤    大米

Totals:
  Events organized  1
  Events attended   3
  Person-times      16
  Hours             32
  Cash (yuan)       30000.00
  In kind (yuan)    20000.00
  Member hours      6.5

Members:
  ID  Name  Community  Community name  Events  Hours
   1  张伟  sq2        西湖社区党委         2      5
   2  李娜  sq1        东湖社区党委         1    1.5

Member attendance:
  Member ID  Name  Event  Date        Title     Hours
          1  张伟      1  2026-03-01  春节慰问      3
          1  张伟      2  2026-03-31  义诊          2
          2  李娜      3  2026-03-10  军民联欢    1.5

Awards:
  none' "table: sections with labelled kinds and types"

run pb-report unit hn --period 2026-03 -f tsv
is_status 0 "tsv"
grep -E '^(totals|members)\.' "$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'totals.events_organized	1
totals.events_attended	3
totals.person_times	16
totals.hours	32
totals.cash_yuan	30000.00
totals.in_kind_yuan	20000.00
totals.member_hours	6.5
members.0.id	1
members.0.name	张伟
members.0.community	sq2
members.0.community_name	西湖社区党委
members.0.events	2
members.0.hours	5
members.1.id	2
members.1.name	李娜
members.1.community	sq1
members.1.community_name	东湖社区党委
members.1.events	1
members.1.hours	1.5' "tsv: totals and members flattened to key paths"

# ---- period boundaries -------------------------------------------------

# One day longer at each end takes in event 5 (02-28: hn 1 x 1h) and
# event 4 (04-01: hn 2 x 2h and 1000 cash; member 2 2h).
run pb-report unit hn --period 2026-02-28..2026-04-01 -f tsv
grep -E '^totals\.' "$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'totals.events_organized	1
totals.events_attended	5
totals.person_times	19
totals.hours	37
totals.cash_yuan	31000.00
totals.in_kind_yuan	20000.00
totals.member_hours	8.5' "the days around the period count once they are in it"

# The period's first day alone: event 1 only.
run pb-report unit hn --period 2026-03-01..2026-03-01 -f tsv
grep -E '^(totals\.(events_|hours)|attended\.[0-9]+\.id)' "$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'attended.0.id	1
totals.events_organized	0
totals.events_attended	1
totals.hours	20' "first day alone"

# The last day alone: event 2, organized and attended.
run pb-report unit hn --period 2026-03-31..2026-03-31 -f tsv
grep -E '^(totals\.(events_|hours)|(organized|attended)\.[0-9]+\.id)' \
	"$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'organized.0.id	2
attended.0.id	2
totals.events_organized	1
totals.events_attended	1
totals.hours	6' "last day alone"

# ---- members over time -------------------------------------------------

# In February member 1 was still in sq1 (one row, never two), and member
# 5 (left 2026-02-15) was on the roll for half of it; nobody attended.
run pb-report unit hn --period 2026-02 -f tsv
grep -E '^members\.' "$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'members.0.id	1
members.0.name	张伟
members.0.community	sq1
members.0.community_name	东湖社区党委
members.0.events	0
members.0.hours	0
members.1.id	2
members.1.name	李娜
members.1.community	sq1
members.1.community_name	东湖社区党委
members.1.events	0
members.1.hours	0
members.2.id	5
members.2.name	陈明
members.2.community	
members.2.community_name	
members.2.events	0
members.2.hours	0' "before the move: sq1; a member who left during the period is listed"

# March: member 5 left in February and is not listed (the sheet above).
# April: member 2 has moved to sq2 and attended event 4.
run pb-report unit hn --period 2026-04 -f json
ok "grep -q '\"community\": \"sq2\"' '$TMP/out' &&
    [ \$(grep -c '\"id\": 2,' '$TMP/out') -eq 1 ]" \
	"a member who moved is listed once, with the later community"

# ---- another unit, an empty period, errors -----------------------------

run pb-report unit xx --period 2026-03 -f tsv
grep -E '^(totals|members)\.' "$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'totals.events_organized	1
totals.events_attended	2
totals.person_times	7
totals.hours	15
totals.cash_yuan	0.00
totals.in_kind_yuan	800.00
totals.member_hours	3
members.0.id	3
members.0.name	王芳
members.0.community	
members.0.community_name	
members.0.events	1
members.0.hours	3' "a school: equipment is in kind; its own member unregistered"

run pb-report unit 华能公司党委 --period 2025-01 -f json
is_status 0 "a unit by its full name; a period with nothing"
ok "grep -q '\"organized\": \[\]' '$TMP/out' &&
    grep -q '\"events_attended\": 0' '$TMP/out'" "empty lists and zero totals"

run pb-report unit hn --period 2025-01 -f table
ok "grep -q '^Organized:' '$TMP/out' && grep -q '^  none$' '$TMP/out'" \
	"an empty list shows as none in a table"
run env PB_LANG=zh pb-report unit hn --period 2025-01 -f table
ok "grep -q '^组织的活动:' '$TMP/out' && grep -q '^  无$' '$TMP/out'" \
	"an empty list shows as 无 in a Chinese table"
run pb-report unit hn --period 2025-01 -f md
ok "grep -A 2 '^## Organized$' '$TMP/out' | grep -q '^none$'" "and as none in md"
run env PB_LANG=zh pb-report unit hn --period 2025-01 -f html
ok "grep -q '<h2>组织的活动</h2>' '$TMP/out' && grep -q '^<p class=\"none\">无</p>$' '$TMP/out'" \
	"and as 无 in html"

fails 1 "unknown organization 'nosuch'" "an unknown unit" \
	pb-report unit nosuch --period 2026-03
fails 64 "missing argument" "no unit" pb-report unit --period 2026-03
fails 64 "unexpected argument 'xx'" "two units" pb-report unit hn xx --period 2026-03
fails 64 "period" "a bad period" pb-report unit hn --period 2026-13

run pb-report unit --help
is_status 0 "--help"
is_out_match '^usage: pb-report unit ORG \[--period PERIOD\]' "usage line"

done_testing
