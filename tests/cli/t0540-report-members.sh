#!/bin/sh
# pb-report members: who is on the roll at the period's end, by category
# and by the community of the registration in force that day (a member
# who moved is in one community at a time), and the registrations that
# began or ended in the period, first and last days included.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cat >"$TMP/orgs.yaml" <<'YAML'
orgs:
  - {code: jd, name: 东湖街道党工委, kind: street}
  - {code: dh, name: 东湖社区党委, kind: community, parent: jd}
  - {code: xh, name: 西湖社区党委, kind: community, parent: jd}
  - {code: nh, name: 南湖社区党委, kind: community, parent: jd}
  - {code: old, name: 老街社区党委, kind: community, parent: jd, left: 2026-06-01}
  - {code: hn, name: 华能公司党委, kind: enterprise}
YAML
cat >"$TMP/members.yaml" <<'YAML'
members:
  - ref: m1
    name: 张三
    category: in-service
    org: hn
    unit: hn
    registrations:
      - {community: dh, since: 2026-03-01, until: 2026-10-15}
      - {community: xh, since: 2026-10-15}
  - ref: m2
    name: 李四
    category: resident
    org: dh
    registrations:
      - {community: dh, since: 2026-10-01}
  - {ref: m3, name: 王五, category: retired, org: dh}
  - ref: m4
    name: 赵六
    category: in-service
    unit: hn
    registrations:
      - {community: xh, since: 2026-02-01, until: 2026-10-31}
  - ref: m5
    name: 孙七
    category: floating
    left: 2026-10-31
    registrations:
      - {community: jd, since: 2025-01-01}
  - ref: m6
    name: 周八
    category: veteran
    registrations:
      - {community: dh, since: 2026-11-01}
  - ref: m7
    name: 吴九
    category: resident
    left: 2026-11-01
    registrations:
      - {community: dh, since: 2026-09-30}
YAML
pb-org -q import "$TMP/orgs.yaml" || echo "Bail out! orgs fixture"
pb-member -q import "$TMP/members.yaml" || echo "Bail out! members fixture"

# 张三 (m1) moved from 东湖 to 西湖 on 2026-10-15; 李四 (m2) registered on
# 2026-10-01, the first day of October; 赵六 (m4) returned on 2026-10-31,
# its last day; 孙七 (m5) left on 2026-10-31; 周八 (m6) registers on
# 2026-11-01; 吴九 (m7) registered on 2026-09-30 and left on 2026-11-01.
# 老街 left before either period ends; 南湖 has no one.

# ---- a month --------------------------------------------------------------

run pb-report members --period 2026-10 -f json
is_status 0 "members of October"
is_out_report '{
  "period": {
    "from": "2026-10-01",
    "to": "2026-10-31",
    "label": "2026-10",
    "as_of": "2026-10-31"
  },
  "members": {
    "total": 6,
    "registered": 3,
    "unregistered": 3,
    "new_registrations": 2,
    "returns": 2,
    "by_category": {
      "resident": 2,
      "retired": 1,
      "in-service": 2,
      "floating": 0,
      "unemployed": 0,
      "veteran": 1
    },
    "by_community": [
      {
        "community": "dh",
        "name": "东湖社区党委",
        "members": 2
      },
      {
        "community": "nh",
        "name": "南湖社区党委",
        "members": 0
      },
      {
        "community": "xh",
        "name": "西湖社区党委",
        "members": 1
      }
    ]
  }
}' "on 10-31: 孙七 gone (left that day), 张三 in 西湖 only, 赵六 returned that day, 周八 not yet; new: 李四 on the first day and 张三's move; returns: the move and 赵六 on the last day"

run pb-report members --period 2026-09 -f json
is_out_report '{
  "period": {
    "from": "2026-09-01",
    "to": "2026-09-30",
    "label": "2026-09",
    "as_of": "2026-09-30"
  },
  "members": {
    "total": 7,
    "registered": 4,
    "unregistered": 3,
    "new_registrations": 1,
    "returns": 0,
    "by_category": {
      "resident": 2,
      "retired": 1,
      "in-service": 2,
      "floating": 1,
      "unemployed": 0,
      "veteran": 1
    },
    "by_community": [
      {
        "community": "dh",
        "name": "东湖社区党委",
        "members": 2
      },
      {
        "community": "jd",
        "name": "东湖街道党工委",
        "members": 1
      },
      {
        "community": "nh",
        "name": "南湖社区党委",
        "members": 0
      },
      {
        "community": "xh",
        "name": "西湖社区党委",
        "members": 1
      }
    ]
  }
}' "on 09-30: 张三 in 东湖, 吴九 registered on the last day, 李四 not yet; the street listed for 孙七"

# ---- the day of the move ----------------------------------------------------

run pb-report members --period 2026-10-01..2026-10-14 -f tsv
is_out_report "period.from	2026-10-01
period.to	2026-10-14
period.label	2026-10-01..2026-10-14
period.as_of	2026-10-14
members.total	7
members.registered	5
members.unregistered	2
members.new_registrations	1
members.returns	0
members.by_category.resident	2
members.by_category.retired	1
members.by_category.in-service	2
members.by_category.floating	1
members.by_category.unemployed	0
members.by_category.veteran	1
members.by_community.0.community	dh
members.by_community.0.name	东湖社区党委
members.by_community.0.members	3
members.by_community.1.community	jd
members.by_community.1.name	东湖街道党工委
members.by_community.1.members	1
members.by_community.2.community	nh
members.by_community.2.name	南湖社区党委
members.by_community.2.members	0
members.by_community.3.community	xh
members.by_community.3.name	西湖社区党委
members.by_community.3.members	1" "the day before the move: 张三 counted in 东湖 (3 there), not in 西湖"

run pb-report members --period 2026-10-01..2026-10-15 -f tsv
is_out_report "period.from	2026-10-01
period.to	2026-10-15
period.label	2026-10-01..2026-10-15
period.as_of	2026-10-15
members.total	7
members.registered	5
members.unregistered	2
members.new_registrations	2
members.returns	1
members.by_category.resident	2
members.by_category.retired	1
members.by_category.in-service	2
members.by_category.floating	1
members.by_category.unemployed	0
members.by_category.veteran	1
members.by_community.0.community	dh
members.by_community.0.name	东湖社区党委
members.by_community.0.members	2
members.by_community.1.community	jd
members.by_community.1.name	东湖街道党工委
members.by_community.1.members	1
members.by_community.2.community	nh
members.by_community.2.name	南湖社区党委
members.by_community.2.members	0
members.by_community.3.community	xh
members.by_community.3.name	西湖社区党委
members.by_community.3.members	2" "on the day of the move: 张三 counted in 西湖 (2 there), no longer in 东湖; still 5 registered"

# ---- scope ------------------------------------------------------------------

run pb-report members --period 2026-10 --org dh -f json
is_out_report '{
  "period": {
    "from": "2026-10-01",
    "to": "2026-10-31",
    "label": "2026-10",
    "as_of": "2026-10-31"
  },
  "members": {
    "total": 3,
    "registered": 2,
    "unregistered": 1,
    "new_registrations": 1,
    "returns": 1,
    "by_category": {
      "resident": 2,
      "retired": 1,
      "in-service": 0,
      "floating": 0,
      "unemployed": 0,
      "veteran": 0
    },
    "by_community": [
      {
        "community": "dh",
        "name": "东湖社区党委",
        "members": 2
      }
    ]
  }
}' "--org dh: its own members and those registered there on 10-31 (not 张三, gone to 西湖); 张三's move is a return from 东湖"

run pb-report members --period 2026-10 --org hn -f tsv
is_out_report "period.from	2026-10-01
period.to	2026-10-31
period.label	2026-10
period.as_of	2026-10-31
members.total	2
members.registered	1
members.unregistered	1
members.new_registrations	0
members.returns	0
members.by_category.resident	0
members.by_category.retired	0
members.by_category.in-service	2
members.by_category.floating	0
members.by_category.unemployed	0
members.by_category.veteran	0
members.by_community.0.community	xh
members.by_community.0.name	西湖社区党委
members.by_community.0.members	1" "--org hn: the unit's members, and where they are registered"

# ---- tables -----------------------------------------------------------------

run pb-report members --period 2026-10 -f table
is_status 0 "a table"
is_out "Members report, October 2026
Scope: all; as of: 2026-10-31; compiled by: 东湖街道党工委; generated: 2026-11-27

Period:
  From   2026-10-01
  To     2026-10-31
  Label  2026-10
  As of  2026-10-31

Members:
  Total              6
  Registered         3
  Not registered     3
  New registrations  2
  Returned           2

  By category:
    Resident member    2
    Retired member     1
    In-service member  2
    Floating member    0
    Laid-off member    0
    Veteran member     1

  By community:
    Community  Name          Members
    dh         东湖社区党委        2
    nh         南湖社区党委        0
    xh         西湖社区党委        1" "headings in English, communities a table aligned by display width"

PB_LANG=zh run pb-report members --period 2026-10 --org xh -f table
is_out "东湖街道党工委党员报到情况 2026年10月
范围：xh 西湖社区党委；截至：2026-10-31；填报单位：东湖街道党工委；生成日期：2026-11-27

统计期间:
  起        2026-10-01
  止        2026-10-31
  期间      2026-10
  截至日期  2026-10-31

党员:
  合计    1
  已报到  1
  未报到  0
  新报到  1
  已返回  1

  按类别:
    居民党员      0
    离退休党员    0
    在职党员      1
    流动党员      0
    下岗失业党员  0
    转业退伍党员  0

  按报到社区:
    社区  名称          党员
    xh    西湖社区党委     1" "in Chinese, --org xh: 张三 moved in (new), 赵六 returned on 10-31"

# ---- defaults and errors ----------------------------------------------------

run pb-report members -f tsv
is_status 0 "no --period"
is_out_match '^period\.label	2026-10$' "the period defaults to last month (today is 2026-11-27)"

run pb-report members --help
is_status 0 "--help"
is_out_match '^usage: pb-report members \[--period PERIOD\] \[--org ORG\]' "usage names the options"

fails 64 "invalid period '2026-13'" "a bad period" pb-report members --period 2026-13
fails 65 "unknown organization 'nowhere'" "an unknown org" \
	pb-report members --org nowhere
fails 64 "unexpected argument 'dh'" "an argument it does not take" pb-report members dh

done_testing
