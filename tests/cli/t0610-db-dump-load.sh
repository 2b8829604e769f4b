#!/bin/sh
# pb-db dump and load: a database with every kind of record, built with
# the real commands, dumped as exactly this YAML, in a stable order;
# loaded into an empty database it dumps back byte for byte and reads the
# same through every command, with the ids of pairs and of members and
# events without a ref kept; load refuses a database with records unless
# --merge, --merge of the same dump changes nothing, --dry-run writes
# nothing, and a bad file is refused at FILE:LINE:COL with nothing written.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1

# ---- a database with every kind of record ------------------------------

pb-org -q add --code jd --name 东湖街道党工委 --kind street --uscc 91440300279583285Y
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd --members 86
pb-org -q add --code sq2 --name 西湖社区党委 --kind 社区党组织 --parent jd --members 12 \
	--address 西湖路1号 --contact 周主任 --phone 0123 --joined 2020-01-01 --note '二〇二〇年成立'
pb-org -q add --code hn --name 华能公司党委 --kind enterprise --members 40
pb-org -q add --code hn.1 --name 华能公司第一党支部 --kind enterprise --parent hn
pb-org -q add --code wj --name 武警某部 --kind garrison --contact null \
	--note "$(printf '第一行\n第二行: 冒号')"
pb-org -q add --code old --name 旧公司党支部 --kind private --left 2025-01-01
pb-org -q role add sq1 --title 名誉书记 --name 李四 --from-org hn --since 2025-01-01
pb-org -q role add hn --title 书记 --name 王五 --since 2024-01-01 --until 2026-06-30 --note 换届
pb-member -q add --ref M001 --name 张三 --gender m --phone 13800000001 --category in-service \
	--org hn.1 --unit hn --community sq1 --registered 2024-05-01 --joined 2001-07-01
pb-member -q register M001 --community sq2 --date 2025-06-01
pb-member -q add --name 李梅 --gender 女 --category retired --org sq1 --community sq1 --registered 2023-01-01
pb-member -q add --name 临时 --category floating
pb-member -q add --ref M003 --name 赵六 --category resident --org sq2 --note 'a "quoted" note'
pb-member -q add --name 钱七 --category in-service --unit hn --community sq2 --registered 2024-01-01
pb-member -q unregister 5 --date 2025-01-01
pb-member -q rm 3
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2024-03-01 --goal 帮扶困难家庭 \
	--target-households 30 --target-persons 80 --target-yuan 6万
pb-pair -q add --community sq1 --partner wj --kind other --since 2024-01-01
pb-pair -q add --community sq2 --partner wj --kind military --since 2023-01-01
pb-pair -q end 3 --until 2025-12-31
pb-pair -q rm 2
pb-event -q add --ref E1 --date 2026-03-05 --kind service --title 清扫街道 --org sq1 --pair 1 \
	--place 广场 --households 10 --persons 20
pb-event -q add --date 2026-03-10 --kind meeting --title 作废 --org jd
pb-event -q add --date 2026-04-01 --end 2026-04-02 --kind aid --title 慰问 --org hn --jobs 2 \
	--place yes --note ' 0123'
pb-event -q rm 2
pb-event -q attend 1 --org hn --people 5 --hours 2.5
pb-event -q attend 1 --member M001 --hours 3 --role organizer
pb-event -q attend 1 --member 2 --hours 1.25
pb-event -q attend 3 --org wj --people 3 --role awardee --award 先进集体
pb-event -q attend 3 --member 5 --hours 0.5
pb-event -q give 1 --from hn --type cash --value 5000
pb-event -q give 1 --from hn --type goods --quantity 8600 --unit 斤 --item 大米 --value 3.5万
pb-event -q give 3 --from sq1 --type space --quantity 120 --unit m² --item 活动室
pb-event -q give 3 --from-member M001 --type equipment --quantity 2 --unit 台 --item 电脑 --value 8000
pb-event -q opinion add --from hn --text 希望增加活动 --event E1 --received 2026-03-05
pb-event -q opinion add --from wj --text 场地不足 --received 2026-10-01 --due 2026-10-15
pb-event -q opinion add --from hn --text 慰问名单 --event 3 --received 2026-04-02
pb-event -q opinion answer 1 --text 已安排 --date 2026-03-20
# ids: members 1 M001, 2, 4 M003, 5 (3 removed); pairs 1, 3 (2 removed);
# events 1 E1, 3 (2 removed); opinions 1 answered, 2 and 3 open.

cat >expected.yaml <<'YAML'
orgs:
- code: hn
  name: 华能公司党委
  kind: enterprise
  members: 40
- code: hn.1
  name: 华能公司第一党支部
  kind: enterprise
  parent: hn
- code: jd
  name: 东湖街道党工委
  kind: street
  uscc: 91440300279583285Y
- code: old
  name: 旧公司党支部
  kind: private
  left: '2025-01-01'
- code: sq1
  name: 东湖社区党委
  kind: community
  parent: jd
  members: 86
- code: sq2
  name: 西湖社区党委
  kind: community
  parent: jd
  members: 12
  address: 西湖路1号
  contact: 周主任
  phone: '0123'
  joined: '2020-01-01'
  note: 二〇二〇年成立
- code: wj
  name: 武警某部
  kind: garrison
  contact: 'null'
  note: "第一行\n第二行: 冒号"
roles:
- org: sq1
  title: 名誉书记
  name: 李四
  from_org: hn
  since: '2025-01-01'
- org: hn
  title: 书记
  name: 王五
  since: '2024-01-01'
  until: '2026-06-30'
  note: 换届
members:
- ref: M001
  name: 张三
  gender: m
  phone: '13800000001'
  category: in-service
  org: hn.1
  unit: hn
  joined: '2001-07-01'
  registrations:
  - community: sq1
    since: '2024-05-01'
    until: '2025-06-01'
  - community: sq2
    since: '2025-06-01'
- id: 2
  name: 李梅
  gender: f
  category: retired
  org: sq1
  registrations:
  - community: sq1
    since: '2023-01-01'
- ref: M003
  name: 赵六
  category: resident
  org: sq2
  note: a "quoted" note
- id: 5
  name: 钱七
  category: in-service
  unit: hn
  registrations:
  - community: sq2
    since: '2024-01-01'
    until: '2025-01-01'
pairs:
- id: 1
  community: sq1
  partner: hn
  kind: enterprise
  since: '2024-03-01'
  goal: 帮扶困难家庭
  target_households: 30
  target_persons: 80
  target_yuan: 60000.00
- id: 3
  community: sq2
  partner: wj
  kind: military
  since: '2023-01-01'
  until: '2025-12-31'
events:
- ref: E1
  date: '2026-03-05'
  kind: service
  title: 清扫街道
  org: sq1
  pair: 1
  place: 广场
  households: 10
  persons: 20
  participants:
  - org: hn
    people: 5
    hours: 2.5
  - member: M001
    hours: 3
    role: organizer
  - member: '2'
    hours: 1.25
  contributions:
  - from: hn
    type: cash
    value: 5000.00
  - from: hn
    type: goods
    value: 35000.00
    quantity: 8600
    unit: 斤
    item: 大米
- id: 3
  date: '2026-04-01'
  end: '2026-04-02'
  kind: aid
  title: 慰问
  org: hn
  place: 'yes'
  jobs: 2
  note: ' 0123'
  participants:
  - org: wj
    people: 3
    award: 先进集体
  - member: '5'
    hours: 0.5
  contributions:
  - from: sq1
    type: space
    quantity: 120
    unit: m²
    item: 活动室
  - from_member: M001
    type: equipment
    value: 8000.00
    quantity: 2
    unit: 台
    item: 电脑
opinions:
- from: hn
  event: E1
  text: 希望增加活动
  received: '2026-03-05'
  due: '2026-04-04'
  answer: 已安排
  answered: '2026-03-20'
- from: wj
  text: 场地不足
  received: '2026-10-01'
  due: '2026-10-15'
- from: hn
  event: '3'
  text: 慰问名单
  received: '2026-04-02'
  due: '2026-05-02'
YAML

run pb-db dump
is_status 0 "dump"
is_file "$TMP/out" expected.yaml "dump: every kind of record, in a stable order"
is_file_text "$TMP/err" "" "dump says nothing on stderr"
cp "$TMP/out" dump.yaml

run pb-db dump
is_file "$TMP/out" dump.yaml "a second dump is byte-identical"
run pb-db -f json dump
is_file "$TMP/out" dump.yaml "dump is YAML whatever the format"
run pb-db dump -o out.yaml
is_out_empty "dump -o prints nothing"
is_file out.yaml dump.yaml "dump -o writes the same file"
ok "! grep -Eq '^(audit|[a-z_]+:.*(os_user|pb-org add))' dump.yaml" \
	"the audit trail is not dumped"
is_value "$(grep -E '^[a-z]' dump.yaml)" "orgs:
roles:
members:
pairs:
events:
opinions:" "top-level sections in the order references need"

# Every reading view of the data, org ids aside: orgs get new ids by code.
views() {
	pb-org list --all -f tsv --fields code,name,kind,parent,uscc,members,address,contact,phone,joined,left,note
	pb-org role list --all -f tsv
	pb-member list --all -f tsv --fields ref,name,gender,phone,category,org,community,unit,joined,registered,left,note
	for m in 1 2 5; do pb-member show $m -f json; done
	# A member with a ref may get another id.
	pb-member show M003 -f json | sed '/^  "id": /d'
	pb-pair list -f tsv
	pb-event list -f tsv
	for ev in 1 3; do pb-event show $ev -f json; done
	pb-event opinion list -f tsv
}
views >views.orig 2>&1

# ---- load into an empty database ------------------------------------------

PB_DB=$TMP/copy/pb.db
run pb-db load dump.yaml
is_status 0 "load into a new database"
is_out_empty "load prints nothing on stdout"
is_err "pb-db: 20 created, 0 updated, 0 unchanged" "load counts the records on stderr"
run pb-db dump
is_file "$TMP/out" dump.yaml "dump -> load -> dump is byte-identical"
views >views.copy 2>&1
is_file views.copy views.orig "every list and show reads the same in the copy"
run pb-pair list -f tsv --fields id
is_out "1
3" "pair ids are kept, gaps and all"
run pb-member list --all -f tsv --fields id,ref,name
is_out_match "^2		李梅\$" "the member without a ref keeps id 2"
is_out_match "^5		钱七\$" "and the one after a gap keeps id 5"
run pb-event list -f tsv --fields id,ref,title
is_out_match "^3		慰问\$" "the event without a ref keeps id 3, after a gap"
run pb-db check
is_status 0 "the copy passes check"
is_out "ok" "check says ok"
run pb-db log -f tsv --fields command
is_out "pb-db load dump.yaml" "the copy's audit trail is the load alone"

# From standard input too.
PB_DB=$TMP/stdin.db
run pb-db load - <dump.yaml
is_status 0 "load - reads standard input"
is_err "pb-db: 20 created, 0 updated, 0 unchanged" "the same counts"
run pb-db dump
is_file "$TMP/out" dump.yaml "and dumps the same"

# ---- into a database that has records --------------------------------------

PB_DB=$TMP/copy/pb.db
fails 65 "^pb-db: error: the database holds 18 records: load goes into an empty database \\(use --merge to upsert into this one\\)\$" \
	"load into a database with records" pb-db load dump.yaml

data_text() {
	sqlite3 "$PB_DB" .dump | grep -v '^INSERT INTO audit '
}
data_text >data.before
run pb-db load --merge dump.yaml
is_status 0 "load --merge of the same dump"
is_out_empty "prints nothing on stdout"
is_err "pb-db: 0 created, 0 updated, 20 unchanged" "0 created, 0 updated, all unchanged"
data_text >data.after
is_file data.after data.before "and not one row changed"

# A dump edited: one org renamed, one added.
awk '/^roles:/ && !done { print "- code: xx"; print "  name: 东湖小学党支部";
	print "  kind: school"; done = 1 } { print }' dump.yaml |
	sed 's/^  name: 武警某部$/  name: 武警某部三中队/' >edited.yaml
run pb-db load --merge --dry-run edited.yaml
is_status 0 "load --merge --dry-run of an edited dump"
is_err "pb-db: dry run, nothing written: 1 created, 1 updated, 19 unchanged" \
	"says what it would do"
data_text >data.after
is_file data.after data.before "and writes nothing"
run pb-db load --merge edited.yaml
is_status 0 "load --merge of an edited dump"
is_err "pb-db: 1 created, 1 updated, 19 unchanged" "one created, one updated"
run pb-org list --all -f tsv --fields code,name
is_out "hn	华能公司党委
hn.1	华能公司第一党支部
jd	东湖街道党工委
old	旧公司党支部
sq1	东湖社区党委
sq2	西湖社区党委
wj	武警某部三中队
xx	东湖小学党支部" "the edit is in"

# ---- --dry-run --------------------------------------------------------------

PB_DB=$TMP/dry/pb.db
pb-db init
snapshot
run pb-db load --dry-run dump.yaml
is_status 0 "load --dry-run into an empty database"
is_out_empty "prints nothing on stdout"
is_err "pb-db: dry run, nothing written: 20 created, 0 updated, 0 unchanged" \
	"says what it would have done"
db_unchanged "load --dry-run writes nothing"
run pb-db load -n dump.yaml
is_status 0 "-n is --dry-run"
db_unchanged "and writes nothing either"

# ---- a bad file: every error at FILE:LINE:COL, nothing written ---------------

cat >syntax.yaml <<'YAML'
orgs:
  - code: a
    name: "A
    kind: street
YAML
fails 65 "" "a YAML syntax error" pb-db load syntax.yaml
is_err "syntax.yaml:5:1: error: invalid yaml: found unexpected end of stream while scanning a quoted scalar that started at line 3
pb-db: nothing was written" "the syntax error at FILE:LINE:COL"

cat >bad.yaml <<'YAML'
orgs:
  - code: a
    name: A
    kind: strete
  - code: b
    name: B
    kind: community
    members: -3
  - code: c
    name: C
    kind: community
pairs:
  - community: c
    partner: nowhere
    kind: aid
    since: 2026-01-01
events:
  - date: 2026-02-30
    kind: meeting
    title: 会
    org: c
YAML
fails 65 "" "a file with several bad values" pb-db load bad.yaml
is_err "bad.yaml:4:11: error: unknown kind 'strete' (expected one of: district, street, community, garrison, agency, institution, enterprise, private, school, social, team, other)
bad.yaml:8:14: error: members: negative count '-3'
bad.yaml:14:14: error: partner: unknown organization 'nowhere'
bad.yaml:18:11: error: date: invalid date '2026-02-30' (February 2026 has 28 days)
pb-db: nothing was written" "every error listed at its FILE:LINE:COL"

cat >section.yaml <<'YAML'
orgs: []
widgets:
  - a: 1
YAML
fails 65 "" "an unknown section" pb-db load section.yaml
is_err "section.yaml:2:1: error: unknown section 'widgets' (expected one of: orgs, roles, members, pairs, events, opinions)
pb-db: nothing was written" "named at FILE:LINE:COL"

fails 65 "^<stdin>:2:1: error: unknown section 'widgets'" "a bad file on standard input" \
	pb-db load - <section.yaml

fails 66 "^pb-db: error: cannot open 'missing.yaml': No such file or directory\$" \
	"a file that is not there" pb-db load missing.yaml
fails 64 "missing argument" "load without a file" pb-db load

# ---- an empty database, and none --------------------------------------------

PB_DB=$TMP/dry/pb.db
run pb-db dump
is_status 0 "dump of an empty database"
is_out "orgs: []
roles: []
members: []
pairs: []
events: []
opinions: []" "every section, empty"
cp "$TMP/out" empty.yaml
run pb-db load empty.yaml
is_status 0 "an empty dump loads"
is_err "pb-db: 0 created, 0 updated, 0 unchanged" "with nothing created"

run env -u PB_DB pb-db dump
is_status 0 "dump of the default database before its first write"
is_file "$TMP/out" empty.yaml "is the empty dump"
ok "[ ! -e '$XDG_DATA_HOME' ]" "and creates no database"
PB_DB=$TMP/none/pb.db
run pb-db dump
is_status 66 "dump of a named database that does not exist: 66"
no_db "and creates no database"

# Ids a file gives may lie far apart: finding one given twice costs memory
# by the records read, not by the size of the ids (an id of 10^15 once
# asked for 8 PB; ids have at most 18 digits), so it works in 200 MB of
# address space.  Sanitizers and valgrind need far more address space
# for themselves: there it runs without the limit.
case ${PB_VALGRIND:-0}:$PB_BIN in
1:* | *:*/san/*) limit_vm='true' ;;
*) limit_vm='ulimit -v 200000' ;;
esac
PB_DB=$TMP/sparse.db
pb-org -q add --code sq1 --name 东湖社区党委 --kind community
far_events() {
	echo "events:"
	for far in "$@"; do
		printf '  - id: %s\n    date: 2026-10-01\n    kind: service\n    title: 第%s号\n    org: sq1\n' "$far" "$far"
	done
}
far_events 60000000 4000000000000 999999999999999999 60000000 >far-dup.yaml
run sh -c "$limit_vm && exec pb-db load --merge far-dup.yaml"
is_status 65 "far-apart ids, one given twice"
is_err "far-dup.yaml:17:1: error: duplicate event id 60000000 (first at line 2)
pb-db: nothing was written" "the second is found, with the first one's line"
far_events 60000000 4000000000000 999999999999999999 >far.yaml
run sh -c "$limit_vm && exec pb-db load --merge far.yaml"
is_status 0 "far-apart ids, each once"
run pb-event list --fields id,title
is_out "60000000	第60000000号
4000000000000	第4000000000000号
999999999999999999	第999999999999999999号" "load with their own ids"

done_testing
