#!/bin/sh
# pb-event import and export: events with nested participants and
# contributions, and opinions, all by natural keys; re-import changes
# nothing; upsert by ref, a nested list replacing the stored one and a
# list left out keeping it; export, import into a new database, export
# byte-identical; every error at FILE:LINE:COL with nothing written;
# --dry-run; a progress line on a terminal; and 100,000 events at once.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-member -q add --ref M001 --name 张伟 --category in-service --unit hn
pb-member -q add --ref M002 --name 李娜 --category in-service --unit hn
pb-member -q add --ref M003 --name 王芳 --category retired
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2021-01-01

cat >"$TMP/events.yaml" <<'YAML'
events:
  - ref: 2022-aid-01
    date: 2022-01-25
    kind: 扶贫帮困
    title: 春节扶贫帮困
    org: sq1
    households: 140
    persons: 320
    participants:
      - org: hn
        people: 12
        hours: 2.5
      - member: M001
        hours: 3
      - org: wj
        award: 先进单位
    contributions:
      - from: hn
        type: cash
        value: 6万
      - from: hn
        type: 物资
        item: 大米和面粉
        quantity: 8600
        unit: 斤
      - from_member: M002
        type: goods
        item: 棉衣
        quantity: 10
        unit: 件
        value: 1234.5元
  - ref: 2022-mtg-01
    date: "2022-03-15"
    kind: meeting
    title: 社区党建联席会议
    org: jd
    place: 街道会议室
    note: |-
      第一季度
      联席会议
    participants:
      - org: sq1
        role: organizer
        people: 3
        hours: 2
      - org: hn
        people: 2
        hours: 2
  - ref: 2022-svc-01
    date: 2022-05-20
    end: 2022-05-21
    kind: service
    title: 义务植树
    org: sq1
    pair: 1
opinions:
  - from: hn
    event: 2022-aid-01
    text: 希望增加慰问户数
    received: 2022-01-25
  - from: wj
    event: 2022-mtg-01
    text: 训练场地共用
    received: 2022-03-15
    due: 2022-03-31
    answer: 已协调
    answered: 2022-03-20
YAML

snapshot
run pb-event import --dry-run "$TMP/events.yaml"
is_status 0 "--dry-run of a good file"
is_out_empty "nothing on stdout"
is_err "pb-event: dry run, nothing written: 5 created, 0 updated, 0 unchanged" "counts what it would do"
db_unchanged "--dry-run writes nothing"

run pb-event import "$TMP/events.yaml"
is_status 0 "import"
is_out_empty "prints nothing on stdout"
is_err "pb-event: 5 created, 0 updated, 0 unchanged" "three events and two opinions created"

cat >"$TMP/want.yaml" <<'YAML'
events:
- ref: 2022-aid-01
  date: '2022-01-25'
  kind: aid
  title: 春节扶贫帮困
  org: sq1
  households: 140
  persons: 320
  participants:
  - org: hn
    people: 12
    hours: 2.5
  - member: M001
    hours: 3
  - org: wj
    award: 先进单位
  contributions:
  - from: hn
    type: cash
    value: 60000.00
  - from: hn
    type: goods
    quantity: 8600
    unit: 斤
    item: 大米和面粉
  - from_member: M002
    type: goods
    value: 1234.50
    quantity: 10
    unit: 件
    item: 棉衣
- ref: 2022-mtg-01
  date: '2022-03-15'
  kind: meeting
  title: 社区党建联席会议
  org: jd
  place: 街道会议室
  note: "第一季度\n联席会议"
  participants:
  - org: sq1
    people: 3
    hours: 2
    role: organizer
  - org: hn
    people: 2
    hours: 2
- ref: 2022-svc-01
  date: '2022-05-20'
  end: '2022-05-21'
  kind: service
  title: 义务植树
  org: sq1
  pair: 1
opinions:
- from: hn
  event: 2022-aid-01
  text: 希望增加慰问户数
  received: '2022-01-25'
  due: '2022-02-24'
- from: wj
  event: 2022-mtg-01
  text: 训练场地共用
  received: '2022-03-15'
  due: '2022-03-31'
  answer: 已协调
  answered: '2022-03-20'
YAML
run pb-event export
is_status 0 "export"
is_file "$TMP/out" "$TMP/want.yaml" "orgs as codes, members as refs, kinds as keys, 6万 as 60000.00, defaults left out, due filled in"

run pb-event show 2022-aid-01 -f json
is_out '{
  "id": 1,
  "ref": "2022-aid-01",
  "date": "2022-01-25",
  "end": null,
  "kind": "aid",
  "title": "春节扶贫帮困",
  "org": "sq1",
  "org_name": "东湖社区党委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": 140,
  "persons": 320,
  "jobs": null,
  "note": null,
  "participants": [
    {"id":1,"org":"hn","member":null,"name":"华能公司党委","people":12,"hours":2.5,"role":"participant","award":null},
    {"id":2,"org":null,"member":"M001","name":"张伟","people":1,"hours":3,"role":"participant","award":null},
    {"id":3,"org":"wj","member":null,"name":"武警某部","people":1,"hours":0,"role":"awardee","award":"先进单位"}
  ],
  "contributions": [
    {"id":1,"from":"hn","from_member":null,"from_name":"华能公司党委","type":"cash","value":60000.00,"quantity":null,"unit":null,"item":null},
    {"id":2,"from":"hn","from_member":null,"from_name":"华能公司党委","type":"goods","value":null,"quantity":8600,"unit":"斤","item":"大米和面粉"},
    {"id":3,"from":null,"from_member":"M002","from_name":"李娜","type":"goods","value":1234.50,"quantity":10,"unit":"件","item":"棉衣"}
  ],
  "opinions": [
    {"id":1,"from":"hn","from_name":"华能公司党委","event":"2022-aid-01","event_title":"春节扶贫帮困","text":"希望增加慰问户数","received":"2022-01-25","due":"2022-02-24","answer":null,"answered":null}
  ]
}' "the nested lists stored as the file gave them"

run pb-event import "$TMP/events.yaml"
is_status 0 "the same file again"
is_err "pb-event: 0 created, 0 updated, 5 unchanged" "changes nothing"

# A nested org or member named otherwise than export writes it (an org by
# name or id, a member by id) is the same participant.
sed -e 's/- org: wj$/- org: 武警某部/' -e 's/- member: M001$/- member: 1/' \
	-e 's/- from_member: M002$/- from_member: 2/' "$TMP/events.yaml" >"$TMP/names.yaml"
db_records >"$TMP/then.sql"
run pb-event import "$TMP/names.yaml"
is_status 0 "the file naming orgs by name and members by id"
is_err "pb-event: 0 created, 0 updated, 5 unchanged" "changes nothing either"
# The import is in the audit trail; nothing else may change, not even the
# ids of the participants and contributions.
db_records >"$TMP/now.sql"
is_file "$TMP/now.sql" "$TMP/then.sql" "the rows are not rewritten"

# An event without a ref, added by hand, is exported with its id.
pb-event -q add -d 2022-06-01 -k culture -t 文艺演出 -O sq2
pb-event attend 4 --org sq2 --people 30 --hours 1.5
pb-event -q opinion add --from sq2 --event 4 --text 场地不足 --received 2022-06-01
run pb-event export -o "$TMP/export1.yaml"
is_status 0 "export -o"
sed -n '/^- ref: 2022-svc-01/,/^opinions:/p' "$TMP/export1.yaml" >"$TMP/tail.yaml"
is_file_text "$TMP/tail.yaml" "- ref: 2022-svc-01
  date: '2022-05-20'
  end: '2022-05-21'
  kind: service
  title: 义务植树
  org: sq1
  pair: 1
- id: 4
  date: '2022-06-01'
  kind: culture
  title: 文艺演出
  org: sq2
  participants:
  - org: sq2
    people: 30
    hours: 1.5
opinions:" "an event without a ref is written with its id"
run pb-event import "$TMP/export1.yaml"
is_status 0 "the export imports back"
is_err "pb-event: 0 created, 0 updated, 7 unchanged" "and changes nothing"

# Into a new database: the orgs, members and pairs first, then the events.
pb-org export >"$TMP/orgs.yaml"
pb-member export >"$TMP/members.yaml"
pb-pair export >"$TMP/pairs.yaml"
PB_DB=$TMP/other.db pb-org -q import "$TMP/orgs.yaml"
PB_DB=$TMP/other.db pb-member -q import "$TMP/members.yaml"
PB_DB=$TMP/other.db pb-pair -q import "$TMP/pairs.yaml"
PB_DB=$TMP/other.db run pb-event import - <"$TMP/export1.yaml"
is_status 0 "import from stdin into another database"
is_err "pb-event: 7 created, 0 updated, 0 unchanged" "creates the four events and three opinions"
PB_DB=$TMP/other.db pb-event export -o "$TMP/export2.yaml"
is_file "$TMP/export2.yaml" "$TMP/export1.yaml" "export, import, export: byte-identical"
PB_DB=$TMP/other.db run pb-event import "$TMP/export2.yaml"
is_err "pb-event: 0 created, 0 updated, 7 unchanged" "and the copy takes it back unchanged"

# ---- upsert by ref --------------------------------------------------------

cat >"$TMP/update.yaml" <<'YAML'
events:
  - ref: 2022-aid-01
    date: 2022-01-25
    kind: aid
    title: 春节扶贫帮困慰问
    org: sq1
    households: 150
  - ref: 2022-mtg-01
    date: 2022-03-15
    kind: meeting
    title: 社区党建联席会议
    org: jd
    place: ""
    participants:
      - org: sq1
        role: organizer
        people: 4
        hours: 2
    contributions: []
  - ref: 2022-svc-01
    date: 2022-05-20
    kind: service
    title: 义务植树
    org: sq1
YAML
run pb-event import "$TMP/update.yaml"
is_status 0 "an import that updates"
is_err "pb-event: 0 created, 2 updated, 1 unchanged" "matched by ref; what is left out is kept"
run pb-event export
sed -n '1,/^- id: 4/p' "$TMP/out" >"$TMP/head.yaml"
is_file_text "$TMP/head.yaml" "events:
- ref: 2022-aid-01
  date: '2022-01-25'
  kind: aid
  title: 春节扶贫帮困慰问
  org: sq1
  households: 150
  persons: 320
  participants:
  - org: hn
    people: 12
    hours: 2.5
  - member: M001
    hours: 3
  - org: wj
    award: 先进单位
  contributions:
  - from: hn
    type: cash
    value: 60000.00
  - from: hn
    type: goods
    quantity: 8600
    unit: 斤
    item: 大米和面粉
  - from_member: M002
    type: goods
    value: 1234.50
    quantity: 10
    unit: 件
    item: 棉衣
- ref: 2022-mtg-01
  date: '2022-03-15'
  kind: meeting
  title: 社区党建联席会议
  org: jd
  note: \"第一季度\\n联席会议\"
  participants:
  - org: sq1
    people: 4
    hours: 2
    role: organizer
- ref: 2022-svc-01
  date: '2022-05-20'
  end: '2022-05-21'
  kind: service
  title: 义务植树
  org: sq1
  pair: 1
- id: 4" "fields given change, \"\" clears, a nested list replaces the stored one, a list left out keeps it"

printf 'events:\n  - ref: 2022-mtg-01\n    date: 2022-03-15\n    kind: meeting\n    title: 社区党建联席会议\n    org: jd\n    participants:\n      - org: sq1\n        role: organizer\n        people: 4\n        hours: 2.5\n' >"$TMP/nested.yaml"
run pb-event import "$TMP/nested.yaml"
is_status 0 "an import that changes only a nested list"
is_err "pb-event: 0 created, 1 updated, 0 unchanged" "counts the event as updated"
run pb-event import "$TMP/nested.yaml"
is_err "pb-event: 0 created, 0 updated, 1 unchanged" "and again: unchanged"

# ---- errors, one at a time ------------------------------------------------

# import_fails FILE EXPECTED-STDERR DESC: 65, the exact messages, nothing
# on stdout, the database untouched.
import_fails() {
	snapshot
	run pb-event import "$1"
	is_status 65 "$3: exit 65"
	is_out_empty "$3: nothing on stdout"
	is_err "$2" "$3: at FILE:LINE:COL"
	db_unchanged "$3: nothing written"
}

printf 'events:\n  - ref: x1\n    title: [a\n' >"$TMP/broken.yaml"
snapshot
run pb-event import "$TMP/broken.yaml"
is_status 65 "malformed YAML"
is_err_match "^$TMP/broken.yaml:[0-9]+:[0-9]+: error: " "at FILE:LINE:COL"
db_unchanged "nothing written"

cat >"$TMP/e1.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
    colour: red
YAML
import_fails "$TMP/e1.yaml" "$TMP/e1.yaml:7:5: error: unknown key 'colour' (expected one of: ref, date, end, kind, title, org, pair, place, households, persons, jobs, note, participants, contributions, id)
pb-event: nothing was written" "an unknown key"

cat >"$TMP/e2.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: nobody
YAML
import_fails "$TMP/e2.yaml" "$TMP/e2.yaml:6:10: error: org: unknown organization 'nobody'
pb-event: nothing was written" "an unknown org"

cat >"$TMP/e3.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
    participants:
      - org: hn
      - member: M999
        hours: 2
YAML
import_fails "$TMP/e3.yaml" "$TMP/e3.yaml:9:9: error: participant: unknown member 'M999'
pb-event: nothing was written" "an unknown member in a participant"

cat >"$TMP/e4.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
    contributions:
      - from: hn
        type: cash
        value: -5
YAML
import_fails "$TMP/e4.yaml" "$TMP/e4.yaml:10:16: error: value: negative amount '-5'
pb-event: nothing was written" "a negative value in a contribution"

cat >"$TMP/e5.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
  - ref: x1
    date: 2022-07-02
    kind: aid
    title: y
    org: sq1
YAML
import_fails "$TMP/e5.yaml" "$TMP/e5.yaml:7:1: error: duplicate ref 'x1' (first at line 2)
pb-event: nothing was written" "the same ref twice in the file"

cat >"$TMP/e6.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-02-30
    kind: aid
    title: x
    org: sq1
YAML
import_fails "$TMP/e6.yaml" "$TMP/e6.yaml:3:11: error: date: invalid date '2022-02-30' (February 2022 has 28 days)
pb-event: nothing was written" "an invalid date"

cat >"$TMP/e7.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
    contributions:
      - from: hn
        type: goods
        quantity: 5
        unit: 斤
      - from: hn
        type: cash
      - from: hn
        type: cash
        value: 5
        item: 现金
    participants:
      - member: M003
        people: 2
      - org: hn
        role: participant
        award: x
YAML
import_fails "$TMP/e7.yaml" "$TMP/e7.yaml:19:9: error: participant: people is for an org's head-count, not a member
$TMP/e7.yaml:21:9: error: participant: an award is for an awardee, not for role participant
$TMP/e7.yaml:8:9: error: contribution: goods needs an item (what was given)
$TMP/e7.yaml:12:9: error: contribution: cash needs a value in yuan
$TMP/e7.yaml:14:9: error: contribution: cash is a value in yuan, without quantity or item
pb-event: nothing was written" "every rule of the nested records, each at its place (participants first)"

cat >"$TMP/e9.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
    contributions:
      - from: hn
        type: cash
        value: 1.234
      - from: hn
        type: money
        value: 5
      - from: hn
        type: goods
        item: 米
        quantity: abc
        unit: 斤
    participants:
      - member: M001
        hours: -2
      - org: hn
        role: boss
YAML
import_fails "$TMP/e9.yaml" "$TMP/e9.yaml:21:16: error: hours: negative number '-2'
$TMP/e9.yaml:23:15: error: unknown role 'boss' (expected one of: organizer, participant, awardee)
$TMP/e9.yaml:10:16: error: value: amount '1.234' is more precise than a fen (at most 2 decimals, or 6 with 万)
$TMP/e9.yaml:12:15: error: unknown type 'money' (expected one of: cash, goods, space, equipment, service)
$TMP/e9.yaml:17:19: error: quantity: invalid number 'abc' (expected digits with up to 3 decimals, e.g. 2.5 or 8600)
pb-event: nothing was written" "every bad value of the nested records, each at its place"

cat >"$TMP/e10.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
    participants:
      - member: M001
      - member: 1
      - org: hn
      - org: 华能公司党委
YAML
snapshot
run pb-event import "$TMP/e10.yaml"
is_status 65 "the same member or org twice at an event"
is_err "$TMP/e10.yaml:9:9: error: participant: member 'M001' is listed twice (first at line 8)
$TMP/e10.yaml:11:9: error: participant: organization 'hn' is listed twice (first at line 10)
pb-event: nothing was written" "a member by id after by ref, an org by name after by code: each named by its code, with the first listing's line"
db_unchanged "nothing written"

cat >"$TMP/e8.yaml" <<'YAML'
opinions:
  - from: hn
    event: nope
    text: x
    received: 2022-01-01
  - from: nobody
    text: y
    received: 2022-01-01
  - from: hn
    text: z
    received: 2022-01-01
    due: 2021-12-31
YAML
snapshot
run pb-event import "$TMP/e8.yaml"
is_status 65 "bad opinions"
is_err_match "^$TMP/e8.yaml:6:11: error: from: unknown organization 'nobody'" "an unknown org, at its value"
is_err_match "^$TMP/e8.yaml:9:5: error: due 2021-12-31 is before received 2022-01-01" "due before received"
is_err_match "^$TMP/e8.yaml:[0-9]+:[0-9]+: error: event: unknown event 'nope'" "an unknown event"
is_err_match "^$TMP/e8.yaml:3:12: error: " "the unknown event at its value"
db_unchanged "nothing written"

# Every error of the input is listed (SPEC: up to 50, not just the first):
# a bad value in one nested record must not hide the rules of the others,
# nor the same ref again.
cat >"$TMP/all.yaml" <<'YAML'
events:
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
    participants:
      - member: M999
    contributions:
      - from: hn
        type: cash
        value: -5
      - from: hn
        type: goods
        quantity: 5
        unit: 斤
  - ref: x1
    date: 2022-07-01
    kind: aid
    title: x
    org: sq1
YAML
snapshot
run pb-event import "$TMP/all.yaml"
is_status 65 "a file with several errors"
is_err_match "^$TMP/all.yaml:12:16: error: value: negative amount '-5'" "the bad value"
is_err_match "^$TMP/all.yaml:8:9: error: participant: unknown member 'M999'" "the unknown member beside it"
is_err_match "^$TMP/all.yaml:13:9: error: contribution: goods needs an item" "the goods without an item"
is_err_match "^$TMP/all.yaml:17:1: error: duplicate ref 'x1' \\(first at line 2\\)" "the same ref again"
db_unchanged "nothing written"

snapshot
run pb-event import - <"$TMP/e2.yaml"
is_status 65 "errors on stdin"
is_err "<stdin>:6:10: error: org: unknown organization 'nobody'
pb-event: nothing was written" "are reported as <stdin>:LINE:COL"
db_unchanged "nothing written"

run pb-event import "$TMP/missing.yaml"
is_status 66 "a missing file"
is_err_match "missing.yaml" "names it"
run pb-event import
is_status 64 "import without a file"
cat >"$TMP/orgs-section.yaml" <<'YAML'
orgs:
  - code: x
    name: x
    kind: other
YAML
run pb-event import "$TMP/orgs-section.yaml"
is_status 65 "a section of another command"
is_err "$TMP/orgs-section.yaml:2:5: error: section 'orgs' is not imported by pb-event (use pb-org import or pb-db load)
pb-event: nothing was written" "is named with the command that takes it"

# ---- many events ----------------------------------------------------------

# 100,000 events, each with one participant and one contribution (24 MB
# of YAML): the import takes about 5 s here (about 19 s under
# ASan+UBSan, so 20,000 there, and 10,000 under valgrind), export and
# list well under a second.
case ${PB_VALGRIND:-0}:$PB_BIN in
1:*) n=10000 ;;
*:*/san/*) n=20000 ;;
*) n=100000 ;;
esac
awk -v n="$n" 'BEGIN {
	print "events:"
	for (i = 1; i <= n; i++)
		printf "  - ref: e%d\n    date: 2025-%02d-%02d\n    kind: service\n    title: 志愿服务 %d\n    org: sq1\n    participants:\n      - org: hn\n        people: 2\n        hours: 1.5\n    contributions:\n      - from: hn\n        type: cash\n        value: %d\n", i, i % 12 + 1, i % 28 + 1, i, i % 1000
}' >"$TMP/big.yaml"
PB_DB=$TMP/big.db
pb-org -q add --code sq1 --name 东湖社区党委 --kind community
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
run pb-event import "$TMP/big.yaml"
is_status 0 "$n events in one import"
is_err "pb-event: $n created, 0 updated, 0 unchanged" "all created"
ok "[ \"\$(pb-event list | wc -l)\" -eq $n ]" "pb-event list | wc -l gives $n"
run pb-event show e$n -f json
is_out_match '"participants": \[' "the last one has its details"
ok "[ \"\$(db_query 'SELECT count(*) FROM participants') \$(db_query 'SELECT count(*) FROM contributions')\" = '$n $n' ]" \
	"one participant and one contribution each"

# On a terminal a progress line counts the records, then is cleared.
if command -v script >/dev/null 2>&1; then
	head -n 130001 "$TMP/big.yaml" >"$TMP/first.yaml"
	PB_DB=$TMP/tty.db
	pb-org -q add --code sq1 --name 东湖社区党委 --kind community
	pb-org -q add --code hn --name 华能公司党委 --kind enterprise
	script -qec "pb-event import '$TMP/first.yaml'" /dev/null </dev/null >"$TMP/tty.out" 2>&1
	ok "grep -q 'pb-event: 10000 records read' '$TMP/tty.out'" "a progress line on a terminal"
	esc=$(printf '\033')
	ok "grep -q '${esc}\\[K' '$TMP/tty.out'" "cleared before the counts"
	ok "grep -q 'pb-event: 10000 created, 0 updated, 0 unchanged' '$TMP/tty.out'" "then the counts"
	ok "! grep -q 'records read' '$TMP/err'" "no progress line when stderr is not a terminal"
else
	pass "# SKIP no script(1)"
	pass "# SKIP no script(1)"
	pass "# SKIP no script(1)"
	pass "# SKIP no script(1)"
fi

done_testing
