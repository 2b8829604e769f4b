# shellcheck shell=sh
# The street of the unit, pairs and review report tests (t0510-t0530),
# built through the real commands; sourced after lib.sh. The period
# under test is 2026-03 (2026-03-01..2026-03-31); events sit on its
# first and last days and on the days just outside it.
#
# orgs: jd street; sq1, sq2 communities; units aa (agency, idle), hn
# (enterprise), wj (garrison), xx (school), zz (social, idle); old left on
# the period's last day, late joined the day after (neither is reviewed).
#
# members (ids 1-5): 1 张伟 in-service at hn, registered sq1, moved to
# sq2 on 2026-03-15; 2 李娜 in-service at hn, registered sq1, moves to
# sq2 on 2026-04-01 (after the period); 3 王芳 in-service at xx; 4 赵强
# retired; 5 陈明 in-service at hn, left 2026-02-15.
#
# pairs: 1 sq1-hn enterprise (targets 100 households, 200 persons,
# 50000 yuan); 2 sq2-wj military; 3 sq1-xx school (last event
# 2025-12-31); 4 sq2-xx unit (last event 2026-01-01); 5 sq2-hn aid ended
# 2026-03-20; 6 sq1-wj military ended 2026-03-01; 7 sq1-wj other from
# 2026-04-01.
#
# events:
#   1 2026-03-01 aid, sq1, pair 1, 40 households 90 persons: hn 10 x 2h,
#     member 1 3h; hn gave 30000 cash and 8600 jin rice worth 20000
#   2 2026-03-31 service, hn, pair 1, 10 households 20 persons: sq1 3 x
#     2h, member 1 2h, hn 4 x 1.5h (organizer); sq1 gave 20 boxes of
#     medicine worth 500
#   3 2026-03-10 culture, wj, pair 2, 30 persons: wj 5 x 4h, member 2 1.5h
#   4 2026-04-01 meeting, jd, pair 1: hn 2 x 2h, member 2 2h; hn 1000 cash
#   5 2026-02-28 meeting, jd: hn 1 x 1h
#   6 2026-03-15 meeting, jd: hn 2 x 3h, xx 1 x 3h, wj 1 x 3h, member 3 3h
#   7 2025-12-31 education, xx, pair 3
#   8 2026-01-01 education, xx, pair 4
#   9 2026-03-20 environment, xx: xx 6 x 2h; xx gave equipment worth 800

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code aa --name 区档案局党支部 --kind agency --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise --parent jd
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-org -q add --code xx --name 东湖小学党支部 --kind school --parent jd
pb-org -q add --code zz --name 志愿者协会党支部 --kind social
pb-org -q add --code old --name 已迁出公司 --kind enterprise --left 2026-03-31
pb-org -q add --code late --name 新入驻公司 --kind private --joined 2026-04-01

pb-member -q add --ref M001 --name 张伟 --category in-service --unit hn \
	--community sq1 --registered 2025-01-01
pb-member -q register M001 --community sq2 --date 2026-03-15
pb-member -q add --ref M002 --name 李娜 --category in-service --unit hn \
	--community sq1 --registered 2025-06-01
pb-member -q register M002 --community sq2 --date 2026-04-01
pb-member -q add --ref M003 --name 王芳 --category in-service --unit xx
pb-member -q add --ref M004 --name 赵强 --category retired \
	--community sq1 --registered 2025-01-01
pb-member -q add --ref M005 --name 陈明 --category in-service --unit hn \
	--left 2026-02-15

pb-pair -q add --community sq1 --partner hn --kind enterprise \
	--since 2025-01-01 --target-households 100 --target-persons 200 \
	--target-yuan 5万
pb-pair -q add --community sq2 --partner wj --kind military --since 2025-06-01
pb-pair -q add --community sq1 --partner xx --kind school --since 2024-01-01
pb-pair -q add --community sq2 --partner xx --kind unit --since 2025-01-01
pb-pair -q add --community sq2 --partner hn --kind aid --since 2025-01-01 \
	--until 2026-03-20
pb-pair -q add --community sq1 --partner wj --kind military \
	--since 2025-01-01 --until 2026-03-01
pb-pair -q add --community sq1 --partner wj --kind other --since 2026-04-01

cat >"$TMP/fixture-events.yaml" <<'YAML'
events:
  - date: 2026-03-01
    kind: aid
    title: 春节慰问
    org: sq1
    pair: 1
    households: 40
    persons: 90
    participants:
      - org: hn
        people: 10
        hours: 2
      - member: M001
        hours: 3
    contributions:
      - from: hn
        type: cash
        value: 30000
      - from: hn
        type: goods
        item: 大米
        quantity: 8600
        unit: 斤
        value: 2万
  - date: 2026-03-31
    kind: service
    title: 义诊
    org: hn
    pair: 1
    households: 10
    persons: 20
    participants:
      - org: sq1
        people: 3
        hours: 2
      - member: M001
        hours: 2
      - org: hn
        people: 4
        hours: 1.5
        role: organizer
    contributions:
      - from: sq1
        type: goods
        item: 药品
        quantity: 20
        unit: 箱
        value: 500
  - date: 2026-03-10
    kind: culture
    title: 军民联欢
    org: wj
    pair: 2
    persons: 30
    participants:
      - org: wj
        people: 5
        hours: 4
      - member: M002
        hours: 1.5
  - date: 2026-04-01
    kind: meeting
    title: 四月联席会议
    org: jd
    pair: 1
    participants:
      - org: hn
        people: 2
        hours: 2
      - member: M002
        hours: 2
    contributions:
      - from: hn
        type: cash
        value: 1000
  - date: 2026-02-28
    kind: meeting
    title: 二月联席会议
    org: jd
    participants:
      - org: hn
        people: 1
        hours: 1
  - date: 2026-03-15
    kind: meeting
    title: 三月联席会议
    org: jd
    participants:
      - org: hn
        people: 2
        hours: 3
      - org: xx
        people: 1
        hours: 3
      - org: wj
        people: 1
        hours: 3
      - member: M003
        hours: 3
  - date: 2025-12-31
    kind: education
    title: 年终宣讲
    org: xx
    pair: 3
  - date: 2026-01-01
    kind: education
    title: 新年宣讲
    org: xx
    pair: 4
  - date: 2026-03-20
    kind: environment
    title: 校园周边清洁
    org: xx
    participants:
      - org: xx
        people: 6
        hours: 2
    contributions:
      - from: xx
        type: equipment
        item: 清洁工具
        value: 800
YAML
pb-event -q import "$TMP/fixture-events.yaml"
