#!/bin/sh
# pb-report due and overdue: unanswered opinions due within N days (N
# included, N+1 not) or already overdue, with the days left computed from
# the dates; pairings and office-holders' terms ending within 60 days;
# opinions overdue as of a given day, an answer dated later not counting.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

PB_TODAY=2026-11-27 # 7 days on: 2026-12-04; 60 days on: 2027-01-26
export PB_TODAY

cat >"$TMP/orgs.yaml" <<'YAML'
orgs:
  - {code: jd, name: 东湖街道党工委, kind: street}
  - {code: dh, name: 东湖社区党委, kind: community, parent: jd}
  - {code: xh, name: 西湖社区党委, kind: community, parent: jd}
  - {code: hn, name: 华能公司党委, kind: enterprise}
  - {code: jz, name: 武警某部, kind: garrison}
roles:
  - {org: dh, title: 书记, name: 王强, since: 2024-01-01, until: 2027-01-26}
  - {org: xh, title: 主任, name: 李明, since: 2024-01-01, until: 2027-01-27}
  - {org: jd, title: 名誉书记, name: 陈刚, from_org: jz, since: 2024-01-01, until: 2026-12-01}
  - {org: hn, title: 书记, name: 赵军, since: 2024-01-01, until: 2026-11-27}
  - {org: dh, title: 委员, name: 刘芳, since: 2024-01-01}
  - {org: xh, title: 委员, name: 何丽, since: 2024-01-01, until: 2026-11-26}
YAML
cat >"$TMP/pairs.yaml" <<'YAML'
pairs:
  - {community: dh, partner: hn, kind: enterprise, since: 2025-01-01, until: 2027-01-26}
  - {community: xh, partner: jz, kind: military, since: 2025-01-01, until: 2027-01-27}
  - {community: dh, partner: jz, kind: military, since: 2025-01-01, until: 2026-11-27}
  - {community: xh, partner: hn, kind: unit, since: 2025-01-01, until: 2026-11-26}
  - {community: dh, partner: hn, kind: unit, since: 2025-01-01}
YAML
cat >"$TMP/opinions.yaml" <<'YAML'
opinions:
  - {from: hn, text: 希望增加帮扶资金, received: 2026-10-01, due: 2026-10-31}
  - {from: dh, text: 活动提前通知, received: 2026-11-01, due: 2026-12-04}
  - {from: xh, text: 公布账目, received: 2026-11-02, due: 2026-12-05}
  - {from: hn, text: 开放图书室, received: 2026-11-01, due: 2026-11-27}
  - {from: dh, text: 增设宣传栏, received: 2026-10-01, due: 2026-10-20, answer: 已增设, answered: 2026-10-19}
  - {from: xh, text: 修缮活动室, received: 2026-10-01, due: 2026-11-26, answer: 已修缮, answered: 2026-11-28}
  - {from: hn, text: 共用停车场, received: 2026-11-20, due: 2026-11-26}
YAML
pb-org -q import "$TMP/orgs.yaml" || echo "Bail out! orgs fixture"
pb-pair -q import "$TMP/pairs.yaml" || echo "Bail out! pairs fixture"
pb-event -q import "$TMP/opinions.yaml" || echo "Bail out! opinions fixture"

# ---- due ----------------------------------------------------------------------

run pb-report due -f json
is_status 0 "due"
is_out_report '{
  "as_of": "2026-11-27",
  "days": 7,
  "opinions": [
    {
      "id": 1,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-10-01",
      "due": "2026-10-31",
      "days_left": -27
    },
    {
      "id": 6,
      "from": "xh",
      "from_name": "西湖社区党委",
      "received": "2026-10-01",
      "due": "2026-11-26",
      "days_left": -1
    },
    {
      "id": 7,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-11-20",
      "due": "2026-11-26",
      "days_left": -1
    },
    {
      "id": 4,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-11-01",
      "due": "2026-11-27",
      "days_left": 0
    },
    {
      "id": 2,
      "from": "dh",
      "from_name": "东湖社区党委",
      "received": "2026-11-01",
      "due": "2026-12-04",
      "days_left": 7
    }
  ],
  "pairs": [
    {
      "id": 3,
      "community": "dh",
      "community_name": "东湖社区党委",
      "partner": "jz",
      "partner_name": "武警某部",
      "kind": "military",
      "until": "2026-11-27"
    },
    {
      "id": 1,
      "community": "dh",
      "community_name": "东湖社区党委",
      "partner": "hn",
      "partner_name": "华能公司党委",
      "kind": "enterprise",
      "until": "2027-01-26"
    }
  ],
  "roles": [
    {
      "id": 4,
      "org": "hn",
      "org_name": "华能公司党委",
      "title": "书记",
      "name": "赵军",
      "until": "2026-11-27"
    },
    {
      "id": 3,
      "org": "jd",
      "org_name": "东湖街道党工委",
      "title": "名誉书记",
      "name": "陈刚",
      "until": "2026-12-01"
    },
    {
      "id": 1,
      "org": "dh",
      "org_name": "东湖社区党委",
      "title": "书记",
      "name": "王强",
      "until": "2027-01-26"
    }
  ]
}' "7 days by default: overdue ones with negative days (6 answered only tomorrow), due today 0, due in exactly 7 days; 8 days on not; pairs and terms ending today to 60 days on, not 61, not yesterday; by date, then id"

run pb-report due --days 6 -f tsv
is_out_report "as_of	2026-11-27
days	6
opinions.0.id	1
opinions.0.from	hn
opinions.0.from_name	华能公司党委
opinions.0.received	2026-10-01
opinions.0.due	2026-10-31
opinions.0.days_left	-27
opinions.1.id	6
opinions.1.from	xh
opinions.1.from_name	西湖社区党委
opinions.1.received	2026-10-01
opinions.1.due	2026-11-26
opinions.1.days_left	-1
opinions.2.id	7
opinions.2.from	hn
opinions.2.from_name	华能公司党委
opinions.2.received	2026-11-20
opinions.2.due	2026-11-26
opinions.2.days_left	-1
opinions.3.id	4
opinions.3.from	hn
opinions.3.from_name	华能公司党委
opinions.3.received	2026-11-01
opinions.3.due	2026-11-27
opinions.3.days_left	0
pairs.0.id	3
pairs.0.community	dh
pairs.0.community_name	东湖社区党委
pairs.0.partner	jz
pairs.0.partner_name	武警某部
pairs.0.kind	military
pairs.0.until	2026-11-27
pairs.1.id	1
pairs.1.community	dh
pairs.1.community_name	东湖社区党委
pairs.1.partner	hn
pairs.1.partner_name	华能公司党委
pairs.1.kind	enterprise
pairs.1.until	2027-01-26
roles.0.id	4
roles.0.org	hn
roles.0.org_name	华能公司党委
roles.0.title	书记
roles.0.name	赵军
roles.0.until	2026-11-27
roles.1.id	3
roles.1.org	jd
roles.1.org_name	东湖街道党工委
roles.1.title	名誉书记
roles.1.name	陈刚
roles.1.until	2026-12-01
roles.2.id	1
roles.2.org	dh
roles.2.org_name	东湖社区党委
roles.2.title	书记
roles.2.name	王强
roles.2.until	2027-01-26" "--days 6: the one due in 7 days is left out; the 60-day lists do not change"

run pb-report due --days 8 -f json
is_out_match '"due": "2026-12-05",' "--days 8: the one due in 8 days is in"
run pb-report due --days 8 -f jsonl
is_out_match '"days_left":8\}\],"pairs"' "with 8 days left, last"

run pb-report due --days 0 -f tsv
is_out_match '^opinions\.3\.days_left	0$' "--days 0: due today is in"
ok "! grep -q '^opinions\.4' '$TMP/out'" "and nothing due later"

PB_TODAY=2026-11-28 run pb-report due -f tsv
is_out_match '^pairs\.0\.until	2027-01-26$' "a day later the pair ending today is gone"
ok "grep -c '^opinions\.[0-9]*\.id	' '$TMP/out' | grep -qx 5" "and 6, answered that day, is no longer due: 1, 7, 4, 2, 3"

run pb-report due --org hn -f json
is_out_report '{
  "as_of": "2026-11-27",
  "days": 7,
  "opinions": [
    {
      "id": 1,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-10-01",
      "due": "2026-10-31",
      "days_left": -27
    },
    {
      "id": 7,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-11-20",
      "due": "2026-11-26",
      "days_left": -1
    },
    {
      "id": 4,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-11-01",
      "due": "2026-11-27",
      "days_left": 0
    }
  ],
  "pairs": [
    {
      "id": 1,
      "community": "dh",
      "community_name": "东湖社区党委",
      "partner": "hn",
      "partner_name": "华能公司党委",
      "kind": "enterprise",
      "until": "2027-01-26"
    }
  ],
  "roles": [
    {
      "id": 4,
      "org": "hn",
      "org_name": "华能公司党委",
      "title": "书记",
      "name": "赵军",
      "until": "2026-11-27"
    }
  ]
}' "--org hn: its opinions, its pairs on either side, its terms"

run pb-report due --org jz -f table
is_status 0 "a table"
is_out "Due list, as of 2026-11-27
Scope: jz 武警某部; as of: 2026-11-27; compiled by: 东湖街道党工委; generated: 2026-11-27

As of  2026-11-27
Days   7

Opinions:
  none

Pairs:
  ID  Community  Community name  Partner  Partner name  Kind               Until
   3  dh         东湖社区党委    jz       武警某部      Military-civilian  2026-11-27

Terms ending:
  none" "a table: kinds by label, names beside codes, empty lists as none"

PB_LANG=zh run pb-report due --org jd -f table
is_out "东湖街道党工委到期事项提醒 截至2026-11-27
范围：jd 东湖街道党工委；截至：2026-11-27；填报单位：东湖街道党工委；生成日期：2026-11-27

截至日期  2026-11-27
天数      7

征询意见:
  编号  提出单位  提出单位名称  收到        答复期限    剩余天数
     6  xh        西湖社区党委  2026-10-01  2026-11-26        -1
     2  dh        东湖社区党委  2026-11-01  2026-12-04         7

共建对子:
  编号  社区  社区名称      共建单位  共建单位名称  类型      截止日期
     3  dh    东湖社区党委  jz        武警某部      军民共建  2026-11-27
     1  dh    东湖社区党委  hn        华能公司党委  社企共建  2027-01-26

任期届满:
  编号  组织  组织名称        职务      姓名  截止日期
     3  jd    东湖街道党工委  名誉书记  陈刚  2026-12-01
     1  dh    东湖社区党委    书记      王强  2027-01-26" "in Chinese, --org jd: the street and its communities; 提出单位 and 姓名"

# ---- overdue ------------------------------------------------------------------

run pb-report overdue -f json
is_status 0 "overdue"
is_out_report '{
  "as_of": "2026-11-27",
  "opinions": [
    {
      "id": 1,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-10-01",
      "due": "2026-10-31",
      "days_overdue": 27
    },
    {
      "id": 6,
      "from": "xh",
      "from_name": "西湖社区党委",
      "received": "2026-10-01",
      "due": "2026-11-26",
      "days_overdue": 1
    },
    {
      "id": 7,
      "from": "hn",
      "from_name": "华能公司党委",
      "received": "2026-11-20",
      "due": "2026-11-26",
      "days_overdue": 1
    }
  ]
}' "as of today: past due and unanswered (6 is answered only tomorrow); due today is not overdue"

run pb-report overdue --as-of 2026-11-28 -f tsv
is_out_report "as_of	2026-11-28
opinions.0.id	1
opinions.0.from	hn
opinions.0.from_name	华能公司党委
opinions.0.received	2026-10-01
opinions.0.due	2026-10-31
opinions.0.days_overdue	28
opinions.1.id	7
opinions.1.from	hn
opinions.1.from_name	华能公司党委
opinions.1.received	2026-11-20
opinions.1.due	2026-11-26
opinions.1.days_overdue	2
opinions.2.id	4
opinions.2.from	hn
opinions.2.from_name	华能公司党委
opinions.2.received	2026-11-01
opinions.2.due	2026-11-27
opinions.2.days_overdue	1" "as of 11-28: 6 answered that day drops out, 4 due the day before comes in"

run pb-report overdue --as-of 2026-10-31 -f json
is_out_report '{
  "as_of": "2026-10-31",
  "opinions": []
}' "as of the due date itself: not yet overdue"
run pb-report overdue --as-of 2026-11-01 -f jsonl
is_out_report '{"as_of":"2026-11-01","opinions":[{"id":1,"from":"hn","from_name":"华能公司党委","received":"2026-10-01","due":"2026-10-31","days_overdue":1}]}' "the day after: 1 day overdue (5, answered before its due date, never)"

run pb-report overdue --org jd -f table
is_out "Overdue opinions, as of 2026-11-27
Scope: jd 东湖街道党工委; as of: 2026-11-27; compiled by: 东湖街道党工委; generated: 2026-11-27

As of  2026-11-27

Opinions:
  ID  Raised by  Raised by (name)  Received    Due         Days overdue
   6  xh         西湖社区党委      2026-10-01  2026-11-26             1" "--org jd: only the opinions of the street and its communities"

# ---- errors -------------------------------------------------------------------

fails 64 "--days takes a number of days from 0 to 36500" "a negative --days" \
	pb-report due --days -1
fails 64 "--days takes a number" "--days not a number" pb-report due --days x
fails 64 "unknown option '--period'" "due takes no --period" \
	pb-report due --period 2026-10
fails 65 "--as-of: invalid date '2026-02-30'" "a bad --as-of" \
	pb-report overdue --as-of 2026-02-30
fails 65 "unknown organization 'nowhere'" "an unknown org" \
	pb-report overdue --org nowhere
run pb-report due --help
is_status 0 "due --help"
is_out_match '^usage: pb-report due \[--days N\] \[--org ORG\]' "usage names the options"
run pb-report overdue --help
is_out_match '^usage: pb-report overdue \[--as-of DATE\] \[--org ORG\]' "so does overdue's"

done_testing
