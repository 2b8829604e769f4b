#!/bin/sh
# pb-report summary over a fixture of known events, built through the
# real commands: the Spring Festival relief of the design documents
# (60,000 yuan and 8,600 斤 of rice and flour for 140 households), 500 斤
# more given apart and 2 袋 kept apart from 斤, org rows with people and
# hours, members attending twice, a member who moved, pairs new, ended,
# active and dormant, opinions answered on time, late and not at all.
# Every expected figure below is worked out by hand from the fixture.
# Then the periods (month, quarter, leap day, empty), --no-compare,
# monthly/quarterly/annual by PB_TODAY, --org, every format and -o.
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"

G=$TESTS/golden

# fixture: begin
# t0560 and t0570 build the same database from these lines.
#
# Orgs: street jd; communities sq1 (with hn and fwd under it) and sq2
# (with xx); yh and wj directly under jd.
#
# Members (all joined the Party in 2005-2018):
#   M001 in-service, unit hn, registered sq1 from 2025-03-01
#   M002 in-service, unit hn, registered sq1 from 2026-02-05
#   M003 retired, org jd, registered sq1 2024-01-10..2026-01-20, then sq2
#   M004 veteran, org sq2, registered sq2 from 2025-11-01
#   M005 resident, org sq1, never registered
#   M006 in-service, unit yh, registered sq2 from 2025-05-01, left 2026-03-10
#
# Pairs: 1 sq1-hn since 2024-03-01; 2 sq1-wj since 2026-02-01 (new in
# February); 3 sq2-xx 2023-09-01..2026-02-15 (ended in February);
# 4 sq2-yh since 2025-06-01, never an event (dormant); 5 jd-wj since
# 2025-01-01, last event 2025-12-20.
cat >"$TMP/orgs.yaml" <<'YAML'
orgs:
  - code: jd
    name: 东湖街道党工委
    kind: street
  - code: sq1
    name: 东湖社区党委
    kind: community
    parent: jd
  - code: sq2
    name: 西湖社区党委
    kind: community
    parent: jd
  - code: hn
    name: 华能公司党委
    kind: enterprise
    parent: sq1
  - code: fwd
    name: 东湖社区志愿服务队
    kind: team
    parent: sq1
  - code: yh
    name: 工商银行东湖支行党支部
    kind: enterprise
    parent: jd
  - code: wj
    name: 武警某部三中队党支部
    kind: garrison
    parent: jd
  - code: xx
    name: 西湖小学党支部
    kind: school
    parent: sq2
YAML
cat >"$TMP/members.yaml" <<'YAML'
members:
  - ref: M001
    name: 张伟
    category: in-service
    unit: hn
    joined: 2005-07-01
    registrations:
      - community: sq1
        since: 2025-03-01
  - ref: M002
    name: 李娜
    category: in-service
    unit: hn
    joined: 2018-07-01
    registrations:
      - community: sq1
        since: 2026-02-05
  - ref: M003
    name: 王芳
    category: retired
    org: jd
    joined: 2006-07-01
    registrations:
      - community: sq1
        since: 2024-01-10
        until: 2026-01-20
      - community: sq2
        since: 2026-01-20
  - ref: M004
    name: 赵强
    category: veteran
    org: sq2
    joined: 2010-07-01
    registrations:
      - community: sq2
        since: 2025-11-01
  - ref: M005
    name: 孙丽
    category: resident
    org: sq1
    joined: 2012-07-01
  - ref: M006
    name: 周敏
    category: in-service
    unit: yh
    joined: 2015-07-01
    left: 2026-03-10
    registrations:
      - community: sq2
        since: 2025-05-01
        until: 2026-03-10
YAML
cat >"$TMP/pairs.yaml" <<'YAML'
pairs:
  - community: sq1
    partner: hn
    kind: enterprise
    since: 2024-03-01
  - community: sq1
    partner: wj
    kind: military
    since: 2026-02-01
  - community: sq2
    partner: xx
    kind: school
    since: 2023-09-01
    until: 2026-02-15
  - community: sq2
    partner: yh
    kind: unit
    since: 2025-06-01
  - community: jd
    partner: wj
    kind: military
    since: 2025-01-01
YAML
# Events e1-e5 in February 2026, e6-e7 in January, e8 in December 2025,
# e9 in March 2026, e10 on the leap day 2024-02-29 and e11 the day before.
# Opinions: the first five received in February 2026 (answered on time;
# answered late; unanswered past due; unanswered, not yet due; answered
# in March, past due at February's end), one in January answered on
# time, one in December 2025 never answered (due 2026-01-19).
cat >"$TMP/events.yaml" <<'YAML'
events:
  - ref: e1
    date: 2026-02-10
    kind: aid
    title: 春节扶贫帮困
    org: sq1
    pair: 1
    households: 140
    persons: 320
    participants:
      - org: hn
        people: 12
        hours: 2.5
      - member: M001
        hours: 3
      - member: M002
        hours: 3
      - org: fwd
        people: 20
        hours: 4
    contributions:
      - from: hn
        type: cash
        value: 6万
      - from: yh
        type: goods
        item: 大米和面粉
        quantity: 8600
        unit: 斤
  - ref: e2
    date: 2026-02-12
    kind: aid
    title: 春节送米面
    org: sq2
    persons: 30
    participants:
      - member: M003
        hours: 2
      - member: M004
        hours: 2
      - org: wj
        people: 6
        hours: 2
    contributions:
      - from: yh
        type: goods
        item: 大米和面粉
        quantity: 500
        unit: 斤
        value: 1500
      - from: wj
        type: goods
        item: 大米和面粉
        quantity: 2
        unit: 袋
        value: 200
  - ref: e3
    date: 2026-02-17
    kind: festival
    title: 春节联欢
    org: sq1
    pair: 2
    participants:
      - member: M001
        hours: 2
      - member: M005
        hours: 2
      - org: wj
        people: 8
        hours: 1.5
    contributions:
      - from: wj
        type: equipment
        item: 音响设备
        value: 3000元
  - ref: e4
    date: 2026-02-26
    kind: meeting
    title: 社区党建联席会议
    org: jd
    participants:
      - org: sq1
        role: organizer
        people: 3
        hours: 2
      - org: hn
        people: 2
        hours: 2
      - member: M006
        hours: 2
  - ref: e5
    date: 2026-02-27
    kind: service
    title: 再就业招聘会
    org: yh
    jobs: 15
    participants:
      - member: M006
        hours: 4
  - ref: e6
    date: 2026-01-15
    kind: education
    title: 法治宣传进校园
    org: sq2
    pair: 3
    persons: 200
    participants:
      - org: xx
        people: 30
        hours: 1
      - member: M003
        hours: 2
  - ref: e7
    date: 2026-01-22
    kind: service
    title: 冬季送温暖
    org: sq1
    pair: 1
    households: 40
    participants:
      - member: M001
        hours: 2
      - member: M005
        hours: 2
    contributions:
      - from: hn
        type: goods
        item: 棉衣
        quantity: 40
        unit: 件
        value: 8000
  - ref: e8
    date: 2025-12-20
    kind: visit
    title: 走访慰问驻军
    org: jd
    pair: 5
    participants:
      - org: jd
        people: 5
        hours: 2
    contributions:
      - from: jd
        type: cash
        value: 2000
  - ref: e9
    date: 2026-03-08
    kind: environment
    title: 清理小广告
    org: sq2
    participants:
      - member: M004
        hours: 1.5
  - ref: e10
    date: 2024-02-29
    kind: culture
    title: 迎春游园
    org: sq2
    persons: 100
    participants:
      - org: xx
        people: 10
        hours: 2
  - ref: e11
    date: 2024-02-28
    kind: meeting
    title: 联席会议
    org: jd
    participants:
      - org: sq1
        people: 2
        hours: 1
opinions:
  - from: hn
    event: e1
    text: 希望增加慰问户数
    received: 2026-02-10
    answer: 已增加
    answered: 2026-02-20
  - from: wj
    text: 联欢场地共用
    received: 2026-02-17
    due: 2026-02-24
    answer: 已协调
    answered: 2026-02-27
  - from: yh
    text: 建议提前公布帮扶名单
    received: 2026-02-12
    due: 2026-02-22
  - from: xx
    text: 希望增加科普活动
    received: 2026-02-26
  - from: hn
    text: 班车停靠点调整
    received: 2026-02-05
    due: 2026-02-15
    answer: 已调整
    answered: 2026-03-05
  - from: yh
    text: 网点门前停车
    received: 2026-01-15
    due: 2026-01-25
    answer: 已划线
    answered: 2026-01-20
  - from: wj
    text: 训练场地开放时间
    received: 2025-12-20
YAML
if ! { pb-org -q import "$TMP/orgs.yaml" &&
	pb-member -q import "$TMP/members.yaml" &&
	pb-pair -q import "$TMP/pairs.yaml" &&
	pb-event -q import "$TMP/events.yaml"; }; then
	echo "Bail out! the report fixture does not import"
	exit 1
fi
# fixture: end

# ---- February 2026, beside January ----------------------------------------
#
# events: e1 e2 aid, e3 festival, e4 meeting, e5 service = 5.
# orgs: hn (e1, e4), fwd, wj (e2, e3), sq1 = 4 distinct.
# members (人数): M001 (e1 and e3), M002, M003, M004, M005, M006 (e4 and
#   e5) = 6; person_times (人次): 8 member rows + org heads 12+20+6+8+3+2
#   = 59.
# hours: e1 12x2.5+3+3+20x4 = 116; e2 2+2+6x2 = 16; e3 2+2+8x1.5 = 16;
#   e4 3x2+2x2+2 = 12; e5 4: 164.
# contributions: 5; cash 60000; in kind 1500+200+3000 = 4700; goods
#   大米和面粉 8600+500 = 9100 斤, and 2 袋 apart.
# beneficiaries: 140 households; 320+30 persons; 15 jobs.
# pairs at 02-28: 1, 2, 4, 5 active (3 ended 02-15); 2 new; 3 ended;
#   dormant (no event 2025-12-01..02-28): 4 only (5 had e8 on 12-20).
# members at 02-28: 6; registered M001 M002 M003 M004 M006 = 5; new
#   registrations M002 = 1.
# opinions: 5 received; answered by 02-28: 2; on time: 1; overdue at
#   02-28: the one due 02-22 and the one due 02-15 = 2.
#
# January: e6 education, e7 service; orgs xx; members M003 M001 M005;
#   人次 3+30 = 33; hours 30+2+2+2 = 36; 棉衣 40 件 worth 8000; 40
#   households, 200 persons; pairs 1 3 4 5 active, dormant 4 (window
#   2025-11-03..01-31); members 6, registered M001 M003(sq2) M004 M006 =
#   4, new M003's move = 1; one opinion, answered on time.
cat >"$TMP/feb.json" <<'JSON'
{
  "period": {
    "from": "2026-02-01",
    "to": "2026-02-28",
    "label": "2026-02",
    "as_of": "2026-02-28"
  },
  "events": {
    "total": 5,
    "by_kind": {
      "meeting": 1,
      "service": 1,
      "aid": 2,
      "environment": 0,
      "safety": 0,
      "culture": 0,
      "education": 0,
      "visit": 0,
      "festival": 1,
      "consultation": 0,
      "commendation": 0,
      "other": 0
    }
  },
  "participation": {
    "orgs": 4,
    "members": 6,
    "person_times": 59,
    "volunteer_hours": 164
  },
  "contributions": {
    "count": 5,
    "cash_yuan": 60000.00,
    "in_kind_yuan": 4700.00,
    "goods": [
      {
        "item": "大米和面粉",
        "unit": "斤",
        "quantity": 9100
      },
      {
        "item": "大米和面粉",
        "unit": "袋",
        "quantity": 2
      }
    ]
  },
  "beneficiaries": {
    "households": 140,
    "persons": 350,
    "jobs": 15
  },
  "pairs": {
    "active": 4,
    "new": 1,
    "ended": 1,
    "dormant": 1
  },
  "members": {
    "total": 6,
    "registered": 5,
    "new_registrations": 1,
    "by_category": {
      "resident": 1,
      "retired": 1,
      "in-service": 3,
      "floating": 0,
      "unemployed": 0,
      "veteran": 1
    }
  },
  "opinions": {
    "received": 5,
    "answered": 2,
    "answered_on_time": 1,
    "answered_on_time_rate": 20,
    "overdue": 2
  },
  "previous": {
    "period": {
      "from": "2026-01-01",
      "to": "2026-01-31",
      "label": "2026-01",
      "as_of": "2026-01-31"
    },
    "events": {
      "total": 2,
      "by_kind": {
        "meeting": 0,
        "service": 1,
        "aid": 0,
        "environment": 0,
        "safety": 0,
        "culture": 0,
        "education": 1,
        "visit": 0,
        "festival": 0,
        "consultation": 0,
        "commendation": 0,
        "other": 0
      }
    },
    "participation": {
      "orgs": 1,
      "members": 3,
      "person_times": 33,
      "volunteer_hours": 36
    },
    "contributions": {
      "count": 1,
      "cash_yuan": 0.00,
      "in_kind_yuan": 8000.00,
      "goods": [
        {
          "item": "棉衣",
          "unit": "件",
          "quantity": 40
        }
      ]
    },
    "beneficiaries": {
      "households": 40,
      "persons": 200,
      "jobs": 0
    },
    "pairs": {
      "active": 4,
      "new": 0,
      "ended": 0,
      "dormant": 1
    },
    "members": {
      "total": 6,
      "registered": 4,
      "new_registrations": 1,
      "by_category": {
        "resident": 1,
        "retired": 1,
        "in-service": 3,
        "floating": 0,
        "unemployed": 0,
        "veteran": 1
      }
    },
    "opinions": {
      "received": 1,
      "answered": 1,
      "answered_on_time": 1,
      "answered_on_time_rate": 100,
      "overdue": 0
    }
  }
}
JSON
run pb-report summary --period 2026-02 -f json
is_status 0 "summary of February 2026"
is_err "" "nothing on stderr"
is_report "$TMP/out" "$TMP/feb.json" "February 2026 beside January, every figure as worked out by hand"
run pb-report summary -P 2026-02 --format=json
is_report "$TMP/out" "$TMP/feb.json" "the same with -P and --format="

# The same month without the comparison: the object ends before "previous".
sed -n '1,/^  "opinions"/p' "$TMP/feb.json" >"$TMP/feb-only.json"
cat >>"$TMP/feb-only.json" <<'JSON'
    "received": 5,
    "answered": 2,
    "answered_on_time": 1,
    "answered_on_time_rate": 20,
    "overdue": 2
  }
}
JSON
run pb-report summary --period 2026-02 --no-compare -f json
is_status 0 "--no-compare"
is_report "$TMP/out" "$TMP/feb-only.json" "--no-compare: the same figures and no previous key"
ok "! grep -q previous '$TMP/out'" "no 'previous' anywhere"

# ---- the first quarter of 2026, beside the last of 2025 -------------------
#
# Q1: January's and February's events and e9 (environment, M004 1.5 h):
#   8 events; orgs hn fwd wj sq1 xx = 5; members M001-M006 = 6; 人次 59 +
#   33 + 1 = 93; hours 164 + 36 + 1.5 = 201.5; 6 contributions, in kind
#   4700 + 8000; goods 9100 斤 and 2 袋 of 大米和面粉, 40 件 of 棉衣;
#   households 180, persons 550, jobs 15.
# pairs at 03-31: 1 2 4 5 active, 2 new, 3 ended; dormant (no event
#   01-01..03-31): 4 and 5.
# members at 03-31: M006 left on 03-10: 5; registered M001 M002 M003 M004
#   = 4; new registrations M003's move and M002 = 2.
# opinions: 6 received; answered by 03-31: 4 (one in March); on time 2;
#   overdue at 03-31: due 02-22 and due 03-28 = 2.
# 2025-Q4: e8 (visit, jd 5 people x 2 h, 2000 yuan cash); pairs 1 3 4 5
#   active, dormant (no event 10-03..12-31) 1 3 4; members 6, registered
#   M001 M003 M004 M006 = 4, new M004 = 1; one opinion received, open but
#   not yet due (2026-01-19).
cat >"$TMP/q1.json" <<'JSON'
{
  "period": {
    "from": "2026-01-01",
    "to": "2026-03-31",
    "label": "2026-Q1",
    "as_of": "2026-03-31"
  },
  "events": {
    "total": 8,
    "by_kind": {
      "meeting": 1,
      "service": 2,
      "aid": 2,
      "environment": 1,
      "safety": 0,
      "culture": 0,
      "education": 1,
      "visit": 0,
      "festival": 1,
      "consultation": 0,
      "commendation": 0,
      "other": 0
    }
  },
  "participation": {
    "orgs": 5,
    "members": 6,
    "person_times": 93,
    "volunteer_hours": 201.5
  },
  "contributions": {
    "count": 6,
    "cash_yuan": 60000.00,
    "in_kind_yuan": 12700.00,
    "goods": [
      {
        "item": "大米和面粉",
        "unit": "斤",
        "quantity": 9100
      },
      {
        "item": "大米和面粉",
        "unit": "袋",
        "quantity": 2
      },
      {
        "item": "棉衣",
        "unit": "件",
        "quantity": 40
      }
    ]
  },
  "beneficiaries": {
    "households": 180,
    "persons": 550,
    "jobs": 15
  },
  "pairs": {
    "active": 4,
    "new": 1,
    "ended": 1,
    "dormant": 2
  },
  "members": {
    "total": 5,
    "registered": 4,
    "new_registrations": 2,
    "by_category": {
      "resident": 1,
      "retired": 1,
      "in-service": 2,
      "floating": 0,
      "unemployed": 0,
      "veteran": 1
    }
  },
  "opinions": {
    "received": 6,
    "answered": 4,
    "answered_on_time": 2,
    "answered_on_time_rate": 33.3,
    "overdue": 2
  },
  "previous": {
    "period": {
      "from": "2025-10-01",
      "to": "2025-12-31",
      "label": "2025-Q4",
      "as_of": "2025-12-31"
    },
    "events": {
      "total": 1,
      "by_kind": {
        "meeting": 0,
        "service": 0,
        "aid": 0,
        "environment": 0,
        "safety": 0,
        "culture": 0,
        "education": 0,
        "visit": 1,
        "festival": 0,
        "consultation": 0,
        "commendation": 0,
        "other": 0
      }
    },
    "participation": {
      "orgs": 1,
      "members": 0,
      "person_times": 5,
      "volunteer_hours": 10
    },
    "contributions": {
      "count": 1,
      "cash_yuan": 2000.00,
      "in_kind_yuan": 0.00,
      "goods": []
    },
    "beneficiaries": {
      "households": 0,
      "persons": 0,
      "jobs": 0
    },
    "pairs": {
      "active": 4,
      "new": 0,
      "ended": 0,
      "dormant": 3
    },
    "members": {
      "total": 6,
      "registered": 4,
      "new_registrations": 1,
      "by_category": {
        "resident": 1,
        "retired": 1,
        "in-service": 3,
        "floating": 0,
        "unemployed": 0,
        "veteran": 1
      }
    },
    "opinions": {
      "received": 1,
      "answered": 0,
      "answered_on_time": 0,
      "answered_on_time_rate": 0,
      "overdue": 0
    }
  }
}
JSON
run pb-report summary --period 2026-Q1 -f json
is_status 0 "summary of 2026-Q1"
is_report "$TMP/out" "$TMP/q1.json" "2026-Q1 beside 2025-Q4, as worked out by hand"
run pb-report summary --period 2026-01-01..2026-03-31 -f json
sed 's/"label": "2026-Q1"/"label": "2026-01-01..2026-03-31"/;
	s/"from": "2025-10-01"/"from": "2025-10-03"/;
	s/"label": "2025-Q4"/"label": "2025-10-03..2025-12-31"/' \
	"$TMP/q1.json" >"$TMP/q1-range.json"
is_report "$TMP/out" "$TMP/q1-range.json" "the same 90 days as FROM..TO: labelled as typed; previous is the 90 days before"

# ---- the leap day -----------------------------------------------------------
#
# 2024-02: e10 (culture, xx 10 people x 2 h, 100 persons) on the 29th and
#   e11 (meeting, sq1 2 people x 1 h) on the 28th; the only pair then is
#   3 (pair 1 begins 2024-03-01), with no event: active and dormant; the
#   six members were all in the Party, only M003 registered (sq1 since
#   2024-01-10, a new registration of January).
cat >"$TMP/leap-month.json" <<'JSON'
{
  "period": {
    "from": "2024-02-01",
    "to": "2024-02-29",
    "label": "2024-02",
    "as_of": "2024-02-29"
  },
  "events": {
    "total": 2,
    "by_kind": {
      "meeting": 1,
      "service": 0,
      "aid": 0,
      "environment": 0,
      "safety": 0,
      "culture": 1,
      "education": 0,
      "visit": 0,
      "festival": 0,
      "consultation": 0,
      "commendation": 0,
      "other": 0
    }
  },
  "participation": {
    "orgs": 2,
    "members": 0,
    "person_times": 12,
    "volunteer_hours": 22
  },
  "contributions": {
    "count": 0,
    "cash_yuan": 0.00,
    "in_kind_yuan": 0.00,
    "goods": []
  },
  "beneficiaries": {
    "households": 0,
    "persons": 100,
    "jobs": 0
  },
  "pairs": {
    "active": 1,
    "new": 0,
    "ended": 0,
    "dormant": 1
  },
  "members": {
    "total": 6,
    "registered": 1,
    "new_registrations": 0,
    "by_category": {
      "resident": 1,
      "retired": 1,
      "in-service": 3,
      "floating": 0,
      "unemployed": 0,
      "veteran": 1
    }
  },
  "opinions": {
    "received": 0,
    "answered": 0,
    "answered_on_time": 0,
    "answered_on_time_rate": null,
    "overdue": 0
  },
  "previous": {
    "period": {
      "from": "2024-01-01",
      "to": "2024-01-31",
      "label": "2024-01",
      "as_of": "2024-01-31"
    },
    "events": {
      "total": 0,
      "by_kind": {
        "meeting": 0,
        "service": 0,
        "aid": 0,
        "environment": 0,
        "safety": 0,
        "culture": 0,
        "education": 0,
        "visit": 0,
        "festival": 0,
        "consultation": 0,
        "commendation": 0,
        "other": 0
      }
    },
    "participation": {
      "orgs": 0,
      "members": 0,
      "person_times": 0,
      "volunteer_hours": 0
    },
    "contributions": {
      "count": 0,
      "cash_yuan": 0.00,
      "in_kind_yuan": 0.00,
      "goods": []
    },
    "beneficiaries": {
      "households": 0,
      "persons": 0,
      "jobs": 0
    },
    "pairs": {
      "active": 1,
      "new": 0,
      "ended": 0,
      "dormant": 1
    },
    "members": {
      "total": 6,
      "registered": 1,
      "new_registrations": 1,
      "by_category": {
        "resident": 1,
        "retired": 1,
        "in-service": 3,
        "floating": 0,
        "unemployed": 0,
        "veteran": 1
      }
    },
    "opinions": {
      "received": 0,
      "answered": 0,
      "answered_on_time": 0,
      "answered_on_time_rate": null,
      "overdue": 0
    }
  }
}
JSON
run pb-report summary --period 2024-02 -f json
is_status 0 "summary of February 2024"
is_report "$TMP/out" "$TMP/leap-month.json" "2024-02 ends on the 29th and counts the leap day's event"

# The leap day alone, beside the 28th.
cat >"$TMP/leap-day.json" <<'JSON'
{
  "period": {
    "from": "2024-02-29",
    "to": "2024-02-29",
    "label": "2024-02-29..2024-02-29",
    "as_of": "2024-02-29"
  },
  "events": {
    "total": 1,
    "by_kind": {
      "meeting": 0,
      "service": 0,
      "aid": 0,
      "environment": 0,
      "safety": 0,
      "culture": 1,
      "education": 0,
      "visit": 0,
      "festival": 0,
      "consultation": 0,
      "commendation": 0,
      "other": 0
    }
  },
  "participation": {
    "orgs": 1,
    "members": 0,
    "person_times": 10,
    "volunteer_hours": 20
  },
  "contributions": {
    "count": 0,
    "cash_yuan": 0.00,
    "in_kind_yuan": 0.00,
    "goods": []
  },
  "beneficiaries": {
    "households": 0,
    "persons": 100,
    "jobs": 0
  },
  "pairs": {
    "active": 1,
    "new": 0,
    "ended": 0,
    "dormant": 1
  },
  "members": {
    "total": 6,
    "registered": 1,
    "new_registrations": 0,
    "by_category": {
      "resident": 1,
      "retired": 1,
      "in-service": 3,
      "floating": 0,
      "unemployed": 0,
      "veteran": 1
    }
  },
  "opinions": {
    "received": 0,
    "answered": 0,
    "answered_on_time": 0,
    "answered_on_time_rate": null,
    "overdue": 0
  },
  "previous": {
    "period": {
      "from": "2024-02-28",
      "to": "2024-02-28",
      "label": "2024-02-28..2024-02-28",
      "as_of": "2024-02-28"
    },
    "events": {
      "total": 1,
      "by_kind": {
        "meeting": 1,
        "service": 0,
        "aid": 0,
        "environment": 0,
        "safety": 0,
        "culture": 0,
        "education": 0,
        "visit": 0,
        "festival": 0,
        "consultation": 0,
        "commendation": 0,
        "other": 0
      }
    },
    "participation": {
      "orgs": 1,
      "members": 0,
      "person_times": 2,
      "volunteer_hours": 2
    },
    "contributions": {
      "count": 0,
      "cash_yuan": 0.00,
      "in_kind_yuan": 0.00,
      "goods": []
    },
    "beneficiaries": {
      "households": 0,
      "persons": 0,
      "jobs": 0
    },
    "pairs": {
      "active": 1,
      "new": 0,
      "ended": 0,
      "dormant": 1
    },
    "members": {
      "total": 6,
      "registered": 1,
      "new_registrations": 0,
      "by_category": {
        "resident": 1,
        "retired": 1,
        "in-service": 3,
        "floating": 0,
        "unemployed": 0,
        "veteran": 1
      }
    },
    "opinions": {
      "received": 0,
      "answered": 0,
      "answered_on_time": 0,
      "answered_on_time_rate": null,
      "overdue": 0
    }
  }
}
JSON
run pb-report summary --period 2024-02-29..2024-02-29 -f json
is_status 0 "summary of the leap day alone"
is_report "$TMP/out" "$TMP/leap-day.json" "2024-02-29..2024-02-29: the leap day's event; previous is 2024-02-28"

run pb-report summary --period 2024-03 -f tsv
is_out_match '^previous\.period\.from	2024-02-01$' "the month before March 2024 begins on 02-01"
is_out_match '^previous\.period\.to	2024-02-29$' "and ends on the leap day"
run pb-report summary --period 2025-03 -f tsv
is_out_match '^previous\.period\.to	2025-02-28$' "in 2025 February ends on the 28th"
run pb-report summary --period 2026-03-01..2026-03-01 -f tsv
is_out_match '^previous\.period\.from	2026-02-28$' "the day before 2026-03-01 is 02-28"
run pb-report summary --period 2024-02-30..2024-03-01
is_status 64 "2024-02-30 is not a date: usage error"
run pb-report summary --period 2023-02-29..2023-03-01
is_status 64 "2023-02-29 is not a date (2023 is not a leap year)"

# ---- an empty period ----------------------------------------------------------
#
# June 2004: no event, pair or opinion, and every member joined the Party
# later (2005-07-01 at the earliest), so no member was active then.
zero_figures() { # indent label from to
	sed "s/^/$1/" <<EOF
"period": {
  "from": "$3",
  "to": "$4",
  "label": "$2",
  "as_of": "$4"
},
"events": {
  "total": 0,
  "by_kind": {
    "meeting": 0,
    "service": 0,
    "aid": 0,
    "environment": 0,
    "safety": 0,
    "culture": 0,
    "education": 0,
    "visit": 0,
    "festival": 0,
    "consultation": 0,
    "commendation": 0,
    "other": 0
  }
},
"participation": {
  "orgs": 0,
  "members": 0,
  "person_times": 0,
  "volunteer_hours": 0
},
"contributions": {
  "count": 0,
  "cash_yuan": 0.00,
  "in_kind_yuan": 0.00,
  "goods": []
},
"beneficiaries": {
  "households": 0,
  "persons": 0,
  "jobs": 0
},
"pairs": {
  "active": 0,
  "new": 0,
  "ended": 0,
  "dormant": 0
},
"members": {
  "total": 0,
  "registered": 0,
  "new_registrations": 0,
  "by_category": {
    "resident": 0,
    "retired": 0,
    "in-service": 0,
    "floating": 0,
    "unemployed": 0,
    "veteran": 0
  }
},
"opinions": {
  "received": 0,
  "answered": 0,
  "answered_on_time": 0,
  "answered_on_time_rate": null,
  "overdue": 0
}
EOF
}
{
	echo "{"
	zero_figures "  " 2004-06 2004-06-01 2004-06-30 | sed '$s/$/,/'
	echo '  "previous": {'
	zero_figures "    " 2004-05 2004-05-01 2004-05-31
	echo "  }"
	echo "}"
} >"$TMP/empty.json"
run pb-report summary --period 2004-06 -f json
is_status 0 "summary of an empty period"
is_report "$TMP/out" "$TMP/empty.json" "June 2004: every figure zero, goods []"
# Everything but the members' blocks.
sed '/"members": {/,/"opinions": {/{/"opinions"/!d;}' "$TMP/out" >"$TMP/out.nomembers"
sed '/"members": {/,/"opinions": {/{/"opinions"/!d;}' "$TMP/empty.json" >"$TMP/empty.nomembers"
is_report "$TMP/out.nomembers" "$TMP/empty.nomembers" "June 2004: every figure but the member counts zero, goods []"

# ---- monthly, quarterly, annual: the last full period before today ----------

run env PB_TODAY=2026-03-01 pb-report monthly -f json
is_status 0 "monthly on 2026-03-01"
is_report "$TMP/out" "$TMP/feb.json" "is February 2026"
run env PB_TODAY=2026-03-31 pb-report monthly -f json
is_report "$TMP/out" "$TMP/feb.json" "on 2026-03-31 too"
run env PB_TODAY=2026-04-01 pb-report quarterly -f json
is_status 0 "quarterly on 2026-04-01"
is_report "$TMP/out" "$TMP/q1.json" "is 2026-Q1"
run env PB_TODAY=2026-06-30 pb-report quarterly -f json
is_report "$TMP/out" "$TMP/q1.json" "on 2026-06-30 too"
run env PB_TODAY=2024-03-01 pb-report monthly -f json
is_report "$TMP/out" "$TMP/leap-month.json" "monthly on 2024-03-01 is the leap February"

# PB_TODAY=2026-01-01: the last full month, quarter and year are all in 2025.
for r in "monthly 2025-12 2025-12-01 2025-12-31 2025-11" \
	"quarterly 2025-Q4 2025-10-01 2025-12-31 2025-Q3" \
	"annual 2025 2025-01-01 2025-12-31 2024"; do
	# shellcheck disable=SC2086 # five words
	set -- $r
	run env PB_TODAY=2026-01-01 pb-report "$1" -f tsv
	is_status 0 "$1 on 2026-01-01"
	head -n 3 "$TMP/out" >"$TMP/head"
	is_file_text "$TMP/head" "period.from	$3
period.to	$4
period.label	$2" "$1 on 2026-01-01 is $2"
	is_out_match "^previous\\.period\\.label	$5\$" "$1 on 2026-01-01: previous is $5"
	cp "$TMP/out" "$TMP/fixed.tsv"
	run env PB_TODAY=2026-01-01 pb-report summary --period "$2" -f tsv
	is_file "$TMP/fixed.tsv" "$TMP/out" "$1 on 2026-01-01 is summary --period $2"
done
run env PB_TODAY=2026-01-01 pb-report annual -f tsv --no-compare
is_out_match '^events\.by_kind\.visit	1$' "annual 2025: e8, the visit of December"
ok "! grep -q '^previous' '$TMP/out'" "annual --no-compare: no previous"
run pb-report monthly --period 2026-02
is_status 64 "monthly takes no --period"

# ---- --org: a community and the orgs under it -------------------------------
#
# sq1 with hn and fwd. February: e1 (aid) and e3 (festival) are
# organized by sq1; their participants hn fwd wj = 3 orgs; M001 M002 M005;
# 人次 2+12+20 + 2+8 = 44; hours 116 + 16 = 132; contributions on them:
# 60000 cash, 8600 斤 (e2's 500 斤 is sq2's), the 3000 yuan equipment;
# pairs 1 and 2 (2 new); members held, employed or registered in it:
# M001 M002 (hn) M005 (sq1) = 3, registered M001 M002, new M002; opinions
# from hn: received 2, answered 1 on time, 1 overdue.
# January: e7 only; members 3 (M003 moved to sq2 on 01-20), registered
# M001 only; pair 1 alone active.
cat >"$TMP/sq1.tsv" <<'TSV'
period.from	2026-02-01
period.to	2026-02-28
period.label	2026-02
period.as_of	2026-02-28
events.total	2
events.by_kind.meeting	0
events.by_kind.service	0
events.by_kind.aid	1
events.by_kind.environment	0
events.by_kind.safety	0
events.by_kind.culture	0
events.by_kind.education	0
events.by_kind.visit	0
events.by_kind.festival	1
events.by_kind.consultation	0
events.by_kind.commendation	0
events.by_kind.other	0
participation.orgs	3
participation.members	3
participation.person_times	44
participation.volunteer_hours	132
contributions.count	3
contributions.cash_yuan	60000.00
contributions.in_kind_yuan	3000.00
contributions.goods.0.item	大米和面粉
contributions.goods.0.unit	斤
contributions.goods.0.quantity	8600
beneficiaries.households	140
beneficiaries.persons	320
beneficiaries.jobs	0
pairs.active	2
pairs.new	1
pairs.ended	0
pairs.dormant	0
members.total	3
members.registered	2
members.new_registrations	1
members.by_category.resident	1
members.by_category.retired	0
members.by_category.in-service	2
members.by_category.floating	0
members.by_category.unemployed	0
members.by_category.veteran	0
opinions.received	2
opinions.answered	1
opinions.answered_on_time	1
opinions.answered_on_time_rate	50
opinions.overdue	1
previous.period.from	2026-01-01
previous.period.to	2026-01-31
previous.period.label	2026-01
previous.period.as_of	2026-01-31
previous.events.total	1
previous.events.by_kind.meeting	0
previous.events.by_kind.service	1
previous.events.by_kind.aid	0
previous.events.by_kind.environment	0
previous.events.by_kind.safety	0
previous.events.by_kind.culture	0
previous.events.by_kind.education	0
previous.events.by_kind.visit	0
previous.events.by_kind.festival	0
previous.events.by_kind.consultation	0
previous.events.by_kind.commendation	0
previous.events.by_kind.other	0
previous.participation.orgs	0
previous.participation.members	2
previous.participation.person_times	2
previous.participation.volunteer_hours	4
previous.contributions.count	1
previous.contributions.cash_yuan	0.00
previous.contributions.in_kind_yuan	8000.00
previous.contributions.goods.0.item	棉衣
previous.contributions.goods.0.unit	件
previous.contributions.goods.0.quantity	40
previous.beneficiaries.households	40
previous.beneficiaries.persons	0
previous.beneficiaries.jobs	0
previous.pairs.active	1
previous.pairs.new	0
previous.pairs.ended	0
previous.pairs.dormant	0
previous.members.total	3
previous.members.registered	1
previous.members.new_registrations	0
previous.members.by_category.resident	1
previous.members.by_category.retired	0
previous.members.by_category.in-service	2
previous.members.by_category.floating	0
previous.members.by_category.unemployed	0
previous.members.by_category.veteran	0
previous.opinions.received	0
previous.opinions.answered	0
previous.opinions.answered_on_time	0
previous.opinions.answered_on_time_rate	
previous.opinions.overdue	0
TSV
run pb-report summary --period 2026-02 --org sq1 -f tsv
is_status 0 "--org sq1"
is_report "$TMP/out" "$TMP/sq1.tsv" "--org sq1: sq1, hn and fwd only, figures as worked out by hand"
run pb-report summary --period 2026-02 -O 东湖社区党委 -f tsv
is_report "$TMP/out" "$TMP/sq1.tsv" "-O by the community's full name: the same"
run pb-report summary --period 2026-02 --org jd -f json
is_report "$TMP/out" "$TMP/feb.json" "--org jd, the street: everything, as without --org"

# The member who moved (M003: sq1 until 2026-01-20, then sq2) is in one
# community at a time, and once in the street.
# members PERIOD ORG WANT DESC: members.total, .registered and
# .new_registrations of PERIOD for ORG are WANT.
members() {
	run pb-report summary --period "$1" --org "$2" --no-compare -f tsv
	_got=$(grep '^members\.\(total\|registered\|new_registrations\)' "$TMP/out" |
		cut -f 2 | tr '\n' ' ')
	ok "[ '$_got' = '$3 ' ]" "$4"
}
members 2025-12 sq1 "4 2 0" "December 2025, sq1: M001 M002 M005 and M003 (registered M001 M003)"
members 2025-12 sq2 "2 2 0" "December 2025, sq2: M004 M006, both registered (M004 in November)"
members 2026-01 sq1 "3 1 0" "January 2026, sq1: M003 has left it"
members 2026-01 sq2 "3 3 1" "January 2026, sq2: M003 M004 M006, M003 newly registered"
members 2026-01 jd "6 4 1" "January 2026, the street: six members, M003 once"

run pb-report summary --period 2026-02 --org xx --no-compare -f tsv
is_out_match '^events\.total	0$' "--org xx, a school: it organized nothing"
is_out_match '^opinions\.received	1$' "one opinion from it"
is_out_match '^pairs\.active	0$' "pair 3 with it ended on 02-15"
is_out_match '^pairs\.ended	1$' "which counts as ended"

fails 65 "^pb-report: error: unknown organization 'nosuch'\$" "an unknown --org" \
	pb-report summary --period 2026-02 --org nosuch

# ---- bad usage -----------------------------------------------------------------

for p in 2026-13 2026-Q5 2026-H3 2026-02-30 nonsense 2026-03-01..2026-02-01 ''; do
	fails 64 "period" "--period '$p'" pb-report summary --period "$p"
done
fails 64 "usage|unrecognized|unknown" "an unknown option" pb-report summary --bogus
fails 64 "usage|argument|unexpected" "an extra argument" pb-report summary 2026-02

# ---- every format --------------------------------------------------------------

cat >"$TMP/feb.tsv" <<'TSV'
period.from	2026-02-01
period.to	2026-02-28
period.label	2026-02
period.as_of	2026-02-28
events.total	5
events.by_kind.meeting	1
events.by_kind.service	1
events.by_kind.aid	2
events.by_kind.environment	0
events.by_kind.safety	0
events.by_kind.culture	0
events.by_kind.education	0
events.by_kind.visit	0
events.by_kind.festival	1
events.by_kind.consultation	0
events.by_kind.commendation	0
events.by_kind.other	0
participation.orgs	4
participation.members	6
participation.person_times	59
participation.volunteer_hours	164
contributions.count	5
contributions.cash_yuan	60000.00
contributions.in_kind_yuan	4700.00
contributions.goods.0.item	大米和面粉
contributions.goods.0.unit	斤
contributions.goods.0.quantity	9100
contributions.goods.1.item	大米和面粉
contributions.goods.1.unit	袋
contributions.goods.1.quantity	2
beneficiaries.households	140
beneficiaries.persons	350
beneficiaries.jobs	15
pairs.active	4
pairs.new	1
pairs.ended	1
pairs.dormant	1
members.total	6
members.registered	5
members.new_registrations	1
members.by_category.resident	1
members.by_category.retired	1
members.by_category.in-service	3
members.by_category.floating	0
members.by_category.unemployed	0
members.by_category.veteran	1
opinions.received	5
opinions.answered	2
opinions.answered_on_time	1
opinions.answered_on_time_rate	20
opinions.overdue	2
TSV
run pb-report summary --period 2026-02 --no-compare -f tsv
is_status 0 "tsv"
is_report "$TMP/out" "$TMP/feb.tsv" "tsv: one key path and its value a line"
run env PB_FORMAT=tsv pb-report summary --period 2026-02 --no-compare
is_report "$TMP/out" "$TMP/feb.tsv" "PB_FORMAT=tsv"
run pb-report summary --period 2026-02 --no-compare
is_report "$TMP/out" "$TMP/feb.tsv" "tsv is the default when stdout is not a terminal"
run pb-report summary --period 2026-02 --no-compare -f tsv --header
{
	printf 'key\tvalue\n'
	cat "$TMP/feb.tsv"
} >"$TMP/feb-header.tsv"
is_report "$TMP/out" "$TMP/feb-header.tsv" "tsv --header: a key/value header first"

# csv: the table people read (section, figure, this period, the previous
# one, change, change %), labels in the chosen language, CRLF line ends;
# golden files checked by hand against the figures above.
for lang in zh en; do
	run env PB_LANG=$lang pb-report summary --period 2026-02 -f csv
	is_status 0 "csv, PB_LANG=$lang"
	is_file "$TMP/out" "$G/report-summary-$lang.csv" "csv matches report-summary-$lang.csv"
done
ok "perl -ne 'exit 1 unless /\\r\\n\\z/' '$G/report-summary-en.csv'" "csv: every line ends in CRLF"
run pb-report summary --period 2026-02 --no-compare -f csv
is_status 0 "csv --no-compare"
head -n 1 "$TMP/out" >"$TMP/head"
is_file_text "$TMP/head" "Section,Figure,This period$(printf '\r')" "csv --no-compare: three columns"
is_out_match '^Events,Total,5.$' "csv --no-compare: Events,Total,5"
is_out_match '^Contributions,Cash .yuan.,60000\.00.$' "csv --no-compare: money with two decimals"
ok "! grep -q 'Previous' '$TMP/out'" "csv --no-compare: no previous period"
cp "$TMP/out" "$TMP/feb.csv"
printf '\357\273\277' >"$TMP/feb-bom.csv"
cat "$TMP/feb.csv" >>"$TMP/feb-bom.csv"
run pb-report summary --period 2026-02 --no-compare -f csv --bom
is_file "$TMP/out" "$TMP/feb-bom.csv" "csv --bom: EF BB BF, then the same bytes"
ok "[ \"\$(head -c 3 '$TMP/out' | od -An -tx1 | tr -d ' ')\" = efbbbf ]" "the first three bytes are the UTF-8 BOM"
run pb-report summary --period 2026-02 --no-compare -f tsv --bom
ok "! grep -q \"\$(printf '\\357\\273\\277')\" '$TMP/out'" "--bom is for csv only: no BOM in tsv"

run pb-report summary --period 2026-02 -f jsonl
is_status 0 "jsonl"
ok "[ \"\$(wc -l <'$TMP/out')\" -eq 1 ]" "jsonl: one line"
tr -d '\n' <"$TMP/feb.json" | sed 's/^ *//; s/\([[{:,]\) */\1/g; s/ *\([]}]\)/\1/g' >"$TMP/feb.jsonl"
echo >>"$TMP/feb.jsonl"
is_report "$TMP/out" "$TMP/feb.jsonl" "jsonl: the json object on one line, without spaces"

cat >"$TMP/feb.yaml" <<'YAML'
period:
  from: 2026-02-01
  to: 2026-02-28
  label: 2026-02
  as_of: 2026-02-28
events:
  total: 5
  by_kind:
    meeting: 1
    service: 1
    aid: 2
    environment: 0
    safety: 0
    culture: 0
    education: 0
    visit: 0
    festival: 1
    consultation: 0
    commendation: 0
    other: 0
participation:
  orgs: 4
  members: 6
  person_times: 59
  volunteer_hours: 164
contributions:
  count: 5
  cash_yuan: 60000.00
  in_kind_yuan: 4700.00
  goods:
  - item: 大米和面粉
    unit: 斤
    quantity: 9100
  - item: 大米和面粉
    unit: 袋
    quantity: 2
beneficiaries:
  households: 140
  persons: 350
  jobs: 15
pairs:
  active: 4
  new: 1
  ended: 1
  dormant: 1
members:
  total: 6
  registered: 5
  new_registrations: 1
  by_category:
    resident: 1
    retired: 1
    in-service: 3
    floating: 0
    unemployed: 0
    veteran: 1
opinions:
  received: 5
  answered: 2
  answered_on_time: 1
  answered_on_time_rate: 20
  overdue: 2
YAML
run pb-report summary --period 2026-02 --no-compare -f yaml
is_status 0 "yaml"
is_report "$TMP/out" "$TMP/feb.yaml" "yaml: the same shape"

run pb-report summary --period 2026-02 --no-compare -f md
is_status 0 "md"
is_out_match '^## Period$' "md: a heading per section"
is_out_match '^- \*\*Poverty relief\*\*: 2$' "md: event kinds by their English label"
is_out_match '^\| 大米和面粉 \| 袋 \| 2 \|$' "md: goods as a table row"
ok "! grep -q '^previous\\|Previous' '$TMP/out'" "md --no-compare: no previous period"
run env PB_LANG=zh pb-report summary --period 2026-02 --no-compare -f md
is_out_match '^- \*\*扶贫帮困\*\*: 2$' "md in Chinese: 扶贫帮困"
is_out_match '^- \*\*人次\*\*: 59$' "md in Chinese: 人次 59"

# table: golden files, the same bytes in the C locale and in a UTF-8 one.
for lang in zh en; do
	for loc in C C.UTF-8; do
		run env LC_ALL=$loc PB_LANG=$lang pb-report summary --period 2026-02 -f table
		is_status 0 "table, PB_LANG=$lang, LC_ALL=$loc"
		is_file "$TMP/out" "$G/report-summary-$lang.table" "table in LC_ALL=$loc matches report-summary-$lang.table"
	done
done
# md: the title, the line under it, each figure beside the previous
# period's in a table of its own section.
for lang in zh en; do
	run env PB_LANG=$lang pb-report summary --period 2026-02 -f md
	is_status 0 "md, PB_LANG=$lang"
	is_file "$TMP/out" "$G/report-summary-$lang.md" "md matches report-summary-$lang.md"
done

# Aligned by display width (a Chinese character two columns), checked
# apart from the golden files: in every block of lines of two or more
# columns at one indentation, each column starts or ends at one column.
aligned() {
	perl -CSD -ne '
		sub w { my $n = 0; $n += /[\x{1100}-\x{115F}\x{2E80}-\x{A4CF}\x{AC00}-\x{D7A3}\x{F900}-\x{FAFF}\x{FE30}-\x{FE4F}\x{FF00}-\x{FF60}\x{FFE0}-\x{FFE6}]/ ? 2 : 1 for split //, $_[0]; $n }
		sub check { my @b = @_; return if @b < 2; my $n = @{$b[0]};
			for my $l (@b) { if (@$l != $n) { $bad++; print STDERR "columns: @$l\n"; return } }
			for my $c (0 .. $n - 1) {
				my (%s, %e); for my $l (@b) { $s{$l->[$c][0]} = 1; $e{$l->[$c][1]} = 1 }
				if (keys %s > 1 && keys %e > 1) { $bad++; print STDERR "column $c of a block is ragged\n" }
			} }
		chomp; my $line = $_;
		if ($line eq "" || $line =~ /:$/) { check(@blk); @blk = (); next }
		my @cols; my $pos = 0;
		while ($line =~ /(\S+(?: \S+)*)/g) { my ($t, $at) = ($1, $-[1]); my $s = w(substr($line, 0, $at)); push @cols, [$s, $s + w($t)] }
		check(@blk), @blk = () if @blk && $blk[0][0][0] != $cols[0][0];
		push @blk, [@cols];
		END { check(@blk); exit($bad ? 1 : 0) }' "$1"
}
for lang in zh en; do
	if aligned "$G/report-summary-$lang.table" 2>"$TMP/align.err"; then
		pass "report-summary-$lang.table is aligned by display width"
	else
		fail "report-summary-$lang.table is aligned by display width"
		diag_file "$TMP/align.err"
	fi
done
printf '  甲  1\n  乙乙  2\n' >"$TMP/ragged"
if aligned "$TMP/ragged" 2>/dev/null; then
	fail "and the check catches a ragged table"
else
	pass "and the check catches a ragged table"
fi

run env PB_LANG=zh pb-report summary --period 2026-02 -f table
ok "! grep -q ' \$' '$TMP/out'" "no line of the table ends in padding"

# ---- -o FILE: written whole, through a rename --------------------------------

mkdir "$TMP/reports"
echo old >"$TMP/reports/feb.json"
# shellcheck disable=SC2012 # ls -i: the portable way to an inode number
ino=$(ls -i "$TMP/reports/feb.json" | cut -d ' ' -f 1)
ln "$TMP/reports/feb.json" "$TMP/old-link"
run pb-report summary --period 2026-02 -f json -o "$TMP/reports/feb.json"
is_status 0 "-o FILE"
is_out_empty "-o: nothing on stdout"
is_report "$TMP/reports/feb.json" "$TMP/feb.json" "-o: the file holds the report"
ok "[ \"\$(ls -i '$TMP/reports/feb.json' | cut -d ' ' -f 1)\" != '$ino' ]" "-o replaces the file by a rename (a new inode)"
is_file_text "$TMP/old-link" "old" "a reader holding the old file still sees it whole"
ok "[ \"\$(ls -A '$TMP/reports')\" = feb.json ]" "-o leaves no temporary file beside it"

run pb-report summary --period 2026-13 -f json -o "$TMP/reports/feb.json"
is_status 64 "-o with a bad period"
is_report "$TMP/reports/feb.json" "$TMP/feb.json" "a failed report leaves the file as it was"
ok "[ \"\$(ls -A '$TMP/reports')\" = feb.json ]" "and no temporary file"
run pb-report summary --period 2026-02 --org nosuch -o "$TMP/reports/new.json"
is_status 65 "-o with an unknown org"
ok "[ ! -e '$TMP/reports/new.json' ]" "no file is created"
run pb-report summary --period 2026-02 -f json -o "$TMP/nodir/feb.json"
is_status 73 "-o into a directory that does not exist: 73"
is_err_match "nodir" "the message names the path"
run pb-report summary --period 2026-02 --no-compare -f csv --bom -o "$TMP/reports/feb.csv"
is_file "$TMP/reports/feb.csv" "$TMP/feb-bom.csv" "-o with csv --bom: the same bytes as on stdout"

# Read-only: a report changes nothing, not even the audit trail.
snapshot
run pb-report summary --period 2026-02 -f json
db_unchanged "a report leaves the database as it was"

done_testing
