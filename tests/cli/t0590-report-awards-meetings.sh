#!/bin/sh
# pb-report awards and meetings: who was commended in the period (units
# and members, award, event, date), and each joint meeting x member unit,
# present with its head-count or absent, with each unit's attendance
# rate. Events sit on the period's first and last days (in) and on the
# days just outside it (out). Figures by hand from the fixture below.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# orgs: jd street; sq community under jd; units u1 (under jd), u2 (under
# sq), u3 (under jd), uold (left on 2026-03-31: on the roll at the
# 03-01 meeting only), un (joined on 2026-03-31: at the 03-31 one only).
pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code u1 --name 甲公司党委 --kind enterprise --parent jd
pb-org -q add --code u2 --name 乙小学党支部 --kind school --parent sq
pb-org -q add --code u3 --name 丙局党支部 --kind agency --parent jd
pb-org -q add --code uold --name 丁公司党支部 --kind enterprise --parent jd \
	--left 2026-03-31
pb-org -q add --code un --name 戊公司党支部 --kind private --parent jd \
	--joined 2026-03-31
# 1 张伟 works at u1; 2 李娜 is registered with sq.
pb-member -q add --ref M001 --name 张伟 --category in-service --unit u1
pb-member -q add --ref M002 --name 李娜 --category retired --community sq \
	--registered 2025-01-01

# events: 1 02-28 meeting (out): u2 4 people, sq awarded; 2 03-01
# meeting: u1 3, u2 1, uold 5, and the street, the community and a
# member, which are no units; 3 03-15 commendation: u1, 张伟 and 李娜
# awarded, u2 10 people attending; 4 03-31 meeting: u1 2, u3 awarded
# (not present); 5 04-01 meeting (out): u3 6, 张伟 awarded.
ev() {
	pb-event -q add --date "$1" --kind "$2" --title "$3" --org jd
}
ev 2026-02-28 meeting 二月联席会议
pb-event -q attend 1 --org u2 --people 4
pb-event -q attend 1 --org sq --award 先进社区党组织
ev 2026-03-01 meeting 三月联席会议
pb-event -q attend 2 --org u1 --people 3 --hours 2
pb-event -q attend 2 --org u2
pb-event -q attend 2 --org uold --people 5
pb-event -q attend 2 --org jd --people 2
pb-event -q attend 2 --org sq --people 2
pb-event -q attend 2 --member M001
ev 2026-03-15 commendation 七一表彰大会
pb-event -q attend 3 --org u1 --role awardee --award 先进基层党组织
pb-event -q attend 3 --member M001 --award 优秀共产党员
pb-event -q attend 3 --member M002 --award 优秀共产党员
pb-event -q attend 3 --org u2 --people 10
ev 2026-03-31 meeting 季度联席会议
pb-event -q attend 4 --org u1 --people 2
pb-event -q attend 4 --org u3 --award 共建积极单位
ev 2026-04-01 meeting 四月联席会议
pb-event -q attend 5 --org u3 --people 6
pb-event -q attend 5 --member M001 --award 优秀志愿者

have_jq() {
	command -v jq >/dev/null 2>&1
}

# ---- awards -------------------------------------------------------------

# By date, event, row: the rows of 03-15 in the order recorded, then
# 03-31's; 02-28 (sq) and 04-01 (张伟's second) are outside.
run pb-report awards --period 2026-03 -f json
is_status 0 "awards: exit 0"
is_out_report '{
  "period": {
    "from": "2026-03-01",
    "to": "2026-03-31",
    "label": "2026-03",
    "as_of": "2026-03-31"
  },
  "awards": [
    {
      "date": "2026-03-15",
      "event": 3,
      "event_title": "七一表彰大会",
      "awardee": "unit",
      "code": "u1",
      "member": null,
      "name": "甲公司党委",
      "award": "先进基层党组织"
    },
    {
      "date": "2026-03-15",
      "event": 3,
      "event_title": "七一表彰大会",
      "awardee": "member",
      "code": null,
      "member": 1,
      "name": "张伟",
      "award": "优秀共产党员"
    },
    {
      "date": "2026-03-15",
      "event": 3,
      "event_title": "七一表彰大会",
      "awardee": "member",
      "code": null,
      "member": 2,
      "name": "李娜",
      "award": "优秀共产党员"
    },
    {
      "date": "2026-03-31",
      "event": 4,
      "event_title": "季度联席会议",
      "awardee": "unit",
      "code": "u3",
      "member": null,
      "name": "丙局党支部",
      "award": "共建积极单位"
    }
  ]
}' "awards: units and members, by date, event, row; the days outside out"

# The days just outside come in with a period that holds them.
run pb-report awards --period 2026-02-28..2026-04-01 -f tsv
is_out_report "period.from	2026-02-28
period.to	2026-04-01
period.label	2026-02-28..2026-04-01
period.as_of	2026-04-01
awards.0.date	2026-02-28
awards.0.event	1
awards.0.event_title	二月联席会议
awards.0.awardee	unit
awards.0.code	sq
awards.0.member	
awards.0.name	东湖社区党委
awards.0.award	先进社区党组织
awards.1.date	2026-03-15
awards.1.event	3
awards.1.event_title	七一表彰大会
awards.1.awardee	unit
awards.1.code	u1
awards.1.member	
awards.1.name	甲公司党委
awards.1.award	先进基层党组织
awards.2.date	2026-03-15
awards.2.event	3
awards.2.event_title	七一表彰大会
awards.2.awardee	member
awards.2.code	
awards.2.member	1
awards.2.name	张伟
awards.2.award	优秀共产党员
awards.3.date	2026-03-15
awards.3.event	3
awards.3.event_title	七一表彰大会
awards.3.awardee	member
awards.3.code	
awards.3.member	2
awards.3.name	李娜
awards.3.award	优秀共产党员
awards.4.date	2026-03-31
awards.4.event	4
awards.4.event_title	季度联席会议
awards.4.awardee	unit
awards.4.code	u3
awards.4.member	
awards.4.name	丙局党支部
awards.4.award	共建积极单位
awards.5.date	2026-04-01
awards.5.event	5
awards.5.event_title	四月联席会议
awards.5.awardee	member
awards.5.code	
awards.5.member	1
awards.5.name	张伟
awards.5.award	优秀志愿者" "awards in tsv: 02-28 and 04-01 in when the period holds them"

run pb-report awards --period 2026-03-02..2026-03-30 -f tsv
is_out_report "period.from	2026-03-02
period.to	2026-03-30
period.label	2026-03-02..2026-03-30
period.as_of	2026-03-30
awards.0.date	2026-03-15
awards.0.event	3
awards.0.event_title	七一表彰大会
awards.0.awardee	unit
awards.0.code	u1
awards.0.member	
awards.0.name	甲公司党委
awards.0.award	先进基层党组织
awards.1.date	2026-03-15
awards.1.event	3
awards.1.event_title	七一表彰大会
awards.1.awardee	member
awards.1.code	
awards.1.member	1
awards.1.name	张伟
awards.1.award	优秀共产党员
awards.2.date	2026-03-15
awards.2.event	3
awards.2.event_title	七一表彰大会
awards.2.awardee	member
awards.2.code	
awards.2.member	2
awards.2.name	李娜
awards.2.award	优秀共产党员" "awards: 03-31 is out of a period ending on 03-30"

# --org: a unit in scope; a member by work unit, Party org or the
# community registered with on the event's day.
if have_jq; then
	who() {
		pb-report awards --period 2026-03 --org "$1" -f json |
			jq -r '.awards[] | "\(.awardee) \(.code // .member) \(.award)"'
	}
	is_value "$(who sq)" "member 2 优秀共产党员" \
		"awards --org sq: 李娜, registered with sq; u2 was not awarded"
	is_value "$(who u1)" "unit u1 先进基层党组织
member 1 优秀共产党员" "awards --org u1: the unit and its member"
	is_value "$(who jd)" "unit u1 先进基层党组织
member 1 优秀共产党员
member 2 优秀共产党员
unit u3 共建积极单位" "awards --org jd: the whole street"
	is_value "[$(who un)]" "[]" "awards --org un: none"
else
	skip "no jq"
fi

PB_LANG=zh run pb-report awards --period 2026-03 --org u1 -f table
is_out "东湖街道党工委表彰情况 2026年3月
范围：u1 甲公司党委；截至：2026-03-31；填报单位：东湖街道党工委；生成日期：2026-11-27

统计期间:
  起        2026-03-01
  止        2026-03-31
  期间      2026-03
  截至日期  2026-03-31

表彰:
  日期        活动编号  活动名称      受表彰对象  代码  党员编号  名称/姓名   表彰称号
  2026-03-15         3  七一表彰大会  单位        u1              甲公司党委  先进基层党组织
  2026-03-15         3  七一表彰大会  党员                     1  张伟        优秀共产党员" \
	"awards in a table, in Chinese: 单位 / 党员 in words"

# ---- meetings -----------------------------------------------------------

# 03-01: u1, u2, u3 and uold on the roll (un joins on 03-31), u1 3, u2
# 1 and uold 5 present; jd and sq are no units. 03-31: u1, u2, u3, un
# (uold has left), u1 2 present; u3's award is no attendance. Rates:
# u1 2/2, u2 1/2, u3 0/2, un 0/1, uold 1/1.
run pb-report meetings --period 2026-03 -f json
is_status 0 "meetings: exit 0"
is_out_report '{
  "period": {
    "from": "2026-03-01",
    "to": "2026-03-31",
    "label": "2026-03",
    "as_of": "2026-03-31"
  },
  "meetings": [
    {
      "id": 2,
      "date": "2026-03-01",
      "event_title": "三月联席会议",
      "units_present": 3,
      "units_expected": 4
    },
    {
      "id": 4,
      "date": "2026-03-31",
      "event_title": "季度联席会议",
      "units_present": 1,
      "units_expected": 4
    }
  ],
  "attendance": [
    {
      "event": 2,
      "date": "2026-03-01",
      "code": "u1",
      "name": "甲公司党委",
      "present": true,
      "people": 3
    },
    {
      "event": 2,
      "date": "2026-03-01",
      "code": "u2",
      "name": "乙小学党支部",
      "present": true,
      "people": 1
    },
    {
      "event": 2,
      "date": "2026-03-01",
      "code": "u3",
      "name": "丙局党支部",
      "present": false,
      "people": 0
    },
    {
      "event": 2,
      "date": "2026-03-01",
      "code": "uold",
      "name": "丁公司党支部",
      "present": true,
      "people": 5
    },
    {
      "event": 4,
      "date": "2026-03-31",
      "code": "u1",
      "name": "甲公司党委",
      "present": true,
      "people": 2
    },
    {
      "event": 4,
      "date": "2026-03-31",
      "code": "u2",
      "name": "乙小学党支部",
      "present": false,
      "people": 0
    },
    {
      "event": 4,
      "date": "2026-03-31",
      "code": "u3",
      "name": "丙局党支部",
      "present": false,
      "people": 0
    },
    {
      "event": 4,
      "date": "2026-03-31",
      "code": "un",
      "name": "戊公司党支部",
      "present": false,
      "people": 0
    }
  ],
  "by_unit": [
    {
      "code": "u1",
      "name": "甲公司党委",
      "meetings_attended": 2,
      "meetings_expected": 2,
      "rate": 100.0
    },
    {
      "code": "u2",
      "name": "乙小学党支部",
      "meetings_attended": 1,
      "meetings_expected": 2,
      "rate": 50.0
    },
    {
      "code": "u3",
      "name": "丙局党支部",
      "meetings_attended": 0,
      "meetings_expected": 2,
      "rate": 0.0
    },
    {
      "code": "un",
      "name": "戊公司党支部",
      "meetings_attended": 0,
      "meetings_expected": 1,
      "rate": 0.0
    },
    {
      "code": "uold",
      "name": "丁公司党支部",
      "meetings_attended": 1,
      "meetings_expected": 1,
      "rate": 100.0
    }
  ]
}' "meetings: each meeting x member unit, head-counts, rates"

if have_jq; then
	is_value "$(jq -r '.meetings | map(.units_present) | add' "$TMP/out") $(
		jq -r '[.attendance[] | select(.present)] | length' "$TMP/out") $(
		jq -r '.by_unit | map(.meetings_attended) | add' "$TMP/out")" \
		"4 4 4" "meetings: units present, present rows and meetings attended agree"
	is_value "$(jq -r '[.attendance[] | select(.present) | .people] | add' "$TMP/out")" \
		"11" "meetings: head-counts 3 + 1 + 5 + 2"
else
	skip "no jq"
fi

# Three meetings (03-01, 03-31, 04-01: u3 6 present): one decimal,
# rounded half up.
run pb-report meetings --period 2026-03-01..2026-04-01 -f tsv
is_status 0 "meetings over three: exit 0"
grep -E '^(meetings|by_unit)\.' "$TMP/out" | grep -Ev '\.(name|date|event_title)	' >"$TMP/picked"
is_file_text "$TMP/picked" "meetings.0.id	2
meetings.0.units_present	3
meetings.0.units_expected	4
meetings.1.id	4
meetings.1.units_present	1
meetings.1.units_expected	4
meetings.2.id	5
meetings.2.units_present	1
meetings.2.units_expected	4
by_unit.0.code	u1
by_unit.0.meetings_attended	2
by_unit.0.meetings_expected	3
by_unit.0.rate	66.7
by_unit.1.code	u2
by_unit.1.meetings_attended	1
by_unit.1.meetings_expected	3
by_unit.1.rate	33.3
by_unit.2.code	u3
by_unit.2.meetings_attended	1
by_unit.2.meetings_expected	3
by_unit.2.rate	33.3
by_unit.3.code	un
by_unit.3.meetings_attended	0
by_unit.3.meetings_expected	2
by_unit.3.rate	0.0
by_unit.4.code	uold
by_unit.4.meetings_attended	1
by_unit.4.meetings_expected	1
by_unit.4.rate	100.0" "meetings 03-01..04-01: 2/3 is 66.7, 1/3 33.3; 04-01 in"

# A period between the meetings (03-02..03-30): none, and no rate.
run pb-report meetings --period 2026-03-02..2026-03-30 -f tsv
is_out_report "period.from	2026-03-02
period.to	2026-03-30
period.label	2026-03-02..2026-03-30
period.as_of	2026-03-30
by_unit.0.code	u1
by_unit.0.name	甲公司党委
by_unit.0.meetings_attended	0
by_unit.0.meetings_expected	0
by_unit.0.rate	
by_unit.1.code	u2
by_unit.1.name	乙小学党支部
by_unit.1.meetings_attended	0
by_unit.1.meetings_expected	0
by_unit.1.rate	
by_unit.2.code	u3
by_unit.2.name	丙局党支部
by_unit.2.meetings_attended	0
by_unit.2.meetings_expected	0
by_unit.2.rate	
by_unit.3.code	uold
by_unit.3.name	丁公司党支部
by_unit.3.meetings_attended	0
by_unit.3.meetings_expected	0
by_unit.3.rate	" "meetings 03-02..03-30: the first and last days' meetings out; no rate without a meeting"

# --org sq: the street's meetings (convened above sq) and the units
# under sq, u2 alone.
run pb-report meetings --period 2026-03 --org sq -f table
is_out "Joint meetings attendance, March 2026
Scope: sq 东湖社区党委; as of: 2026-03-31; compiled by: 东湖街道党工委; generated: 2026-11-27

Period:
  From   2026-03-01
  To     2026-03-31
  Label  2026-03
  As of  2026-03-31

Joint meetings:
  ID  Date        Title         Units present  Units expected
   2  2026-03-01  三月联席会议              1               1
   4  2026-03-31  季度联席会议              0               1

Attendance:
  Event  Date        Code  Name          Present  People
      2  2026-03-01  u2    乙小学党支部  yes           1
      4  2026-03-31  u2    乙小学党支部  no            0

By unit:
  Code  Name          Joint meetings attended  Joint meetings expected  Attendance rate (%)
  u2    乙小学党支部                        1                        2                 50.0" \
	"meetings --org sq in a table: u2 at the street's meetings"

PB_LANG=zh run pb-report meetings --period 2026-03 --org u3 -f table
is_out "东湖街道党工委联席会议出席情况 2026年3月
范围：u3 丙局党支部；截至：2026-03-31；填报单位：东湖街道党工委；生成日期：2026-11-27

统计期间:
  起        2026-03-01
  止        2026-03-31
  期间      2026-03
  截至日期  2026-03-31

联席会议:
  编号  日期        活动名称      出席单位数  应出席单位数
     2  2026-03-01  三月联席会议           0             1
     4  2026-03-31  季度联席会议           0             1

出席情况:
  活动编号  日期        代码  名称        出席  出席人数
         2  2026-03-01  u3    丙局党支部  否           0
         4  2026-03-31  u3    丙局党支部  否           0

按单位:
  代码  名称        参加联席会议  应参加联席会议  出席率(%)
  u3    丙局党支部             0               2        0.0" \
	"meetings --org u3 in Chinese: absent twice, an award is no attendance"

# A roll-up of one database by street: the lists joined, each row with
# its street; a rate as the street has it (never summed).
run pb-report meetings --period 2026-03 --by street -f tsv
is_status 0 "meetings --by street: exit 0"
grep -E '^by_unit\.[0-9]\.(street|rate)	' "$TMP/out" >"$TMP/picked"
is_file_text "$TMP/picked" "by_unit.0.street	东湖街道党工委	
by_unit.0.rate	100.0	100.0
by_unit.1.street	东湖街道党工委	
by_unit.1.rate	50.0	50.0
by_unit.2.street	东湖街道党工委	
by_unit.2.rate	0.0	0.0
by_unit.3.street	东湖街道党工委	
by_unit.3.rate	0.0	0.0
by_unit.4.street	东湖街道党工委	
by_unit.4.rate	100.0	100.0" "meetings --by street: each unit's rate with its street"
if have_jq; then
	run pb-report awards --period 2026-03 --by street -f json
	is_value "$(jq -r '.awards | length' "$TMP/out") $(jq -r '.streets[0].awards | length' "$TMP/out")" \
		"4 4" "awards --by street: the street's rows"
else
	skip "no jq"
fi

# ---- the unit sheet -----------------------------------------------------

# u1's own award (not its member's); u3's at the meeting.
if have_jq; then
	is_value "$(pb-report unit u1 --period 2026-03 -f json | jq -c .awards)" \
		'[{"event":3,"date":"2026-03-15","event_title":"七一表彰大会","award":"先进基层党组织"}]' \
		"unit u1: its own award, not 张伟's"
	is_value "$(pb-report unit u3 --period 2026-02-28..2026-04-01 -f json | jq -c .awards)" \
		'[{"event":4,"date":"2026-03-31","event_title":"季度联席会议","award":"共建积极单位"}]' \
		"unit u3: the award at the meeting"
	is_value "$(pb-report unit u2 --period 2026-03 -f json | jq -c .awards)" \
		'[]' "unit u2: none"
else
	skip "no jq"
fi
run pb-report unit u1 --period 2026-03 -f tsv
grep '^awards\.' "$TMP/out" >"$TMP/picked"
is_file_text "$TMP/picked" "awards.0.event	3
awards.0.date	2026-03-15
awards.0.event_title	七一表彰大会
awards.0.award	先进基层党组织" "unit u1 in tsv: awards"

done_testing
