#!/bin/sh
# Imports go on past a failed record to list every error, and each
# record's writes stand or fall together (a savepoint per record; issue
# 16: PostgreSQL aborts the whole transaction at the first failed
# statement). A record that failed part way, after some of its rows were
# written, leaves none of them for the records after it: a member undone
# with its first registration is unknown to the event after it, an event
# undone with its first participant is unknown to the opinion after it,
# and the same ref again is still found twice. An id kept from the file
# that another record holds is said in words, not in the engine's own
# message (it was a primary-key violation, worded differently by each
# engine). Every error after the first is listed, and nothing is written.
# Engine-neutral: only pb commands and `pb-db dump` look at the data.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-member -q add --ref M001 --name 张伟 --category in-service --unit hn
pb-member -q add --ref M002 --name 李娜 --category retired
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2021-01-01
pb-event -q add --ref E0 --date 2022-01-05 --kind meeting --title 联席会议 --org sq1

# The data and the audit trail as they are now: a failed command leaves
# both as they were.
state() {
	pb-db dump >"$TMP/$1.yaml" && pb-db log -f tsv >"$TMP/$1.log"
}
unchanged() {
	state after
	is_file "$TMP/after.yaml" "$TMP/before.yaml" "$1: the data unchanged"
	is_file "$TMP/after.log" "$TMP/before.log" "$1: no audit row"
}

cat >load.yaml <<'YAML'
orgs:
  - code: wj
    name: 武警某部
    kind: garrison
members:
  - ref: M005
    name: 王芳
    category: retired
    registrations:
      - community: sq1
        since: 2020-01-01
        until: 2021-01-01
      - community: nope
        since: 2021-01-01
  - ref: M006
    id: 1
    name: 赵六
    category: retired
  - ref: M007
    name: 孙七
    category: retired
pairs:
  - id: 1
    community: sq1
    partner: wj
    kind: military
    since: 2022-01-01
events:
  - ref: E1
    date: 2022-03-01
    kind: meeting
    title: 会议
    org: sq1
    participants:
      - member: M001
      - member: M005
  - ref: E2
    date: 2022-04-01
    kind: service
    title: 义务植树
    org: sq1
    participants:
      - member: M001
      - member: M999
  - ref: E3
    id: 1
    date: 2022-05-01
    kind: service
    title: 清扫
    org: wj
  - ref: E4
    date: 2022-06-01
    kind: service
    title: 义诊
    org: wj
    participants:
      - member: M007
  - ref: E2
    date: 2022-04-01
    kind: service
    title: 义务植树
    org: sq1
opinions:
  - from: hn
    event: E1
    text: 希望多组织
    received: 2022-04-02
  - from: wj
    event: E4
    text: 很好
    received: 2022-06-02
YAML

state before
run pb-db load --merge load.yaml
is_status 65 "a load with records that fail part way"
is_out_empty "nothing on stdout"
is_err "load.yaml:13:20: error: community: unknown organization 'nope'
load.yaml:16:9: error: id: 1 is already used by another member
load.yaml:23:9: error: id: 1 is already used by another pair
load.yaml:36:9: error: participant: unknown member 'M005'
load.yaml:44:9: error: participant: unknown member 'M999'
load.yaml:46:9: error: id: 1 is already used by another event
load.yaml:58:1: error: duplicate ref 'E2' (first at line 37)
load.yaml:65:12: error: event: unknown event 'E1'
pb-db: nothing was written" "every error, each once: M005 and E1 undone with the rows they had written, the valid org, member and event (wj, M007, E4) seen by the records after them, an id held by another record said in words, the same ref again found twice"
unchanged "load"

# Without the bad records the same file loads: the valid ones were
# checked, not skipped.
cat >good.yaml <<'YAML'
orgs:
  - code: wj
    name: 武警某部
    kind: garrison
members:
  - ref: M007
    name: 孙七
    category: retired
events:
  - ref: E4
    date: 2022-06-01
    kind: service
    title: 义诊
    org: wj
    participants:
      - member: M007
opinions:
  - from: wj
    event: E4
    text: 很好
    received: 2022-06-02
YAML
run pb-db load --merge --dry-run good.yaml
is_status 0 "the valid records alone load"
is_err "pb-db: dry run, nothing written: 4 created, 0 updated, 0 unchanged" "all four created"
unchanged "dry run"

# A stored event updated part way (its participants cleared, one
# written, the next unknown) and a new one with a taken id: each alone.
cat >events.yaml <<'YAML'
events:
  - ref: E0
    date: 2022-01-05
    kind: meeting
    title: 联席会议
    org: sq1
    participants:
      - member: M002
      - member: M999
  - ref: E9
    id: 1
    date: 2022-02-01
    kind: meeting
    title: 又一次会议
    org: sq1
  - ref: E0
    date: 2022-01-05
    kind: meeting
    title: 联席会议
    org: sq1
YAML
run pb-event import events.yaml
is_status 65 "an event import with an update that fails part way"
is_err "events.yaml:9:9: error: participant: unknown member 'M999'
events.yaml:11:9: error: id: 1 is already used by another event
events.yaml:16:1: error: duplicate ref 'E0' (first at line 2)
pb-event: nothing was written" "the stored event found twice by its id, the taken id said in words"
unchanged "event import"

cat >pairs.yaml <<'YAML'
pairs:
  - id: 1
    community: sq1
    partner: hn
    kind: enterprise
    since: 2023-01-01
YAML
run pb-pair import pairs.yaml
is_status 65 "a pair whose key changed keeps an id another pair holds"
is_err "pairs.yaml:2:9: error: id: 1 is already used by another pair
pb-pair: nothing was written" "said in words, at the id"
unchanged "pair import"

# A CSV roster: the row whose member was written before its community
# was refused is undone, and found twice by its ref.
printf '%s\n' 'ref,name,category,community,registered' \
	'M010,甲,retired,hn,2022-01-01' \
	'M011,乙,retired,sq1,2022-01-01' \
	'M010,甲,retired,sq1,2022-01-01' \
	'M012,丙,bogus,,' >roster.csv
run pb-member import --csv roster.csv
is_status 65 "a roster with a row that fails part way"
is_err "roster.csv:2: error: 'hn' is of kind enterprise, not a community: members register (报到) with a community or the street
roster.csv:4: error: duplicate ref 'M010' (first at line 2)
roster.csv:5: error: unknown category 'bogus' (expected one of: resident, retired, in-service, floating, unemployed, veteran)
pb-member: nothing was written" "every row's error"
unchanged "roster import"

# pb-event attend --members -: a bad line is listed and the next one read.
printf '%s\n' M001 M999 M002 bogus-id >members.txt
run pb-event attend E0 --members - <members.txt
is_status 65 "attend with unknown members among the lines"
is_err "<stdin>:2: error: unknown member 'M999'
<stdin>:4: error: unknown member 'bogus-id'
pb-event: nothing was written" "each bad line"
unchanged "attend"

printf '%s\n' M001 M002 >members.txt
run pb-event attend E0 --members - <members.txt
is_status 0 "the good lines alone"
is_err "pb-event: 2 members added to event 1" "both added"
run pb-event export
is_out "events:
- ref: E0
  date: '2022-01-05'
  kind: meeting
  title: 联席会议
  org: sq1
  participants:
  - member: M001
  - member: M002
opinions: []" "and stored"

done_testing
