#!/bin/sh
# Names beside codes in every list (table, tsv, json), never exported or
# read back; finding rows by name (--name), by any text (--search, names
# included) and by several kinds (--kind a,b); role list --title across
# every org. The matching is done in C, so both engines find the same
# rows: substrings, ASCII letters folded, CJK as it is.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hy --name '华英 Huaying Tech' --kind private --parent sq1 \
	--address 'Donghu Road 1'
pb-org -q add --code wj --name 武警某部 --kind garrison --parent jd
pb-org -q add --code sch --name 'Donghu No.1 Middle School' --kind school
pb-org -q role add jd --title 名誉书记 --name 王强 --from wj --since 2026-01-01
pb-org -q role add sq1 --title 名誉书记 --name 李明 --from hy --since 2026-02-01
pb-org -q role add sq1 --title 书记 --name 张三 --since 2026-02-01
pb-org -q role add sq2 --title 副书记 --name 赵六 --since 2026-02-01
pb-pair -q add --community sq1 --partner hy --kind enterprise --since 2024-03-01 \
	--goal 帮扶困难家庭
pb-pair -q add --community sq2 --partner wj --kind military --since 2025-01-01
pb-pair -q add --community sq1 --partner sch --kind school --since 2025-06-01 \
	--goal 'After-school tutoring'
pb-member -q add --name 张伟 --category in-service --org hy --unit hy \
	--community sq1 --registered 2026-01-10
pb-member -q add --name 李娜 --category retired --org sq2
pb-member -q add --name 'Li Lei' --category floating --org sq2 --note 'night shift'
pb-event -q add --date 2026-03-01 --kind aid --title 春节慰问 --org sq1 --pair 1
pb-event -q add --date 2026-03-15 --kind meeting --title 三月联席会议 --org jd
pb-event -q add --date 2026-04-01 --kind service --title 'Volunteer Day 义诊' --org hy
pb-event -q opinion add --from hy --text 希望增加帮扶资金 --received 2026-03-01
pb-event -q opinion add --from wj --text 'Library hours longer' --event 2 \
	--received 2026-03-15
pb-event -q opinion answer 2 --text 已延长开放时间 --date 2026-03-20

# ---- names beside codes ---------------------------------------------------

run pb-pair list --fields id,community,community_name,partner,partner_name
is_out "1	sq1	东湖社区党委	hy	华英 Huaying Tech
2	sq2	西湖社区党委	wj	武警某部
3	sq1	东湖社区党委	sch	Donghu No.1 Middle School" \
	"pair list: both sides' names, each after its code"
run pb-pair list -f table --fields id,community,community_name,partner,partner_name
is_out "ID  Community  Community name  Partner  Partner name
 1  sq1        东湖社区党委    hy       华英 Huaying Tech
 2  sq2        西湖社区党委    wj       武警某部
 3  sq1        东湖社区党委    sch      Donghu No.1 Middle School" \
	"pair list -f table: the names under their own headings"
run pb-pair show 2 -f json --fields id,community,community_name,partner,partner_name
is_out '{
  "id": 2,
  "community": "sq2",
  "community_name": "西湖社区党委",
  "partner": "wj",
  "partner_name": "武警某部"
}' "pair show -f json: the codes kept, the names added"

run pb-event list --fields id,org,org_name,pair,pair_name
is_out "1	sq1	东湖社区党委	1	东湖社区党委 / 华英 Huaying Tech
2	jd	东湖街道党工委		
3	hy	华英 Huaying Tech		" \
	"event list: the organizer's name, a pair by its two sides' names"
run pb-event show 3 -f json --fields id,org,org_name
is_out '{
  "id": 3,
  "org": "hy",
  "org_name": "华英 Huaying Tech"
}' "event show -f json: the organizer's name"

run pb-event opinion list --fields id,from,from_name,event,event_title
is_out "1	hy	华英 Huaying Tech		
2	wj	武警某部	2	三月联席会议" "opinion list: the unit's name, the event's title"

run pb-member list -f json --fields id,org,org_name,community,community_name,unit,unit_name
is_out '[
{"id":1,"org":"hy","org_name":"华英 Huaying Tech","community":"sq1","community_name":"东湖社区党委","unit":"hy","unit_name":"华英 Huaying Tech"},
{"id":2,"org":"sq2","org_name":"西湖社区党委","community":null,"community_name":null,"unit":null,"unit_name":null},
{"id":3,"org":"sq2","org_name":"西湖社区党委","community":null,"community_name":null,"unit":null,"unit_name":null}
]' "member list -f json: a name after each org"

run pb-org list --fields code,parent,parent_name --parent sq1
is_out "hy	sq1	东湖社区党委" "org list: the parent's name"

# Names are shown, never written or read back.
run pb-pair export
is_status 0 "pair export"
ok "! grep -q '_name:' '$TMP/out'" "no name field in the export"
run pb-event export
ok "! grep -q -e '_name:' -e 'event_title:' '$TMP/out'" "nor in the events' export"
run pb-member export
ok "! grep -q '_name:' '$TMP/out'" "nor in the members'"
printf 'pairs:\n  - community: sq2\n    community_name: 西湖\n    partner: hy\n    kind: unit\n    since: 2026-01-01\n' >"$TMP/named.yaml"
fails 65 "named.yaml:3:5: error: unknown key 'community_name'" \
	"a name in an import is refused like any unknown key" pb-pair import "$TMP/named.yaml"
run pb-member list -f csv
is_status 0 "member list -f csv, with the names"
sed 's/,华英 Huaying Tech,/,某某,/' "$TMP/out" >"$TMP/list.csv"
run pb-member import --csv "$TMP/list.csv"
is_status 0 "imported back: the name columns are skipped"
is_err "pb-member: 0 created, 0 updated, 3 unchanged" "and a name edited there changes nothing"
run pb-member export --csv
ok "! grep -q 名称 '$TMP/out'" "the roster has no name columns (it names the orgs in full)"
fails 64 "pb-pair: error: unknown option '--community-name'" "a name cannot be set" \
	pb-pair set 1 --community-name 东湖

# ---- --name ------------------------------------------------------------------

run pb-org list --name 东湖 --fields code
is_out "jd
sq1" "org --name 东湖: the names that contain it (not the school's English name)"
run pb-org list --name huaying --fields code
is_out "hy" "org --name huaying finds Huaying: ASCII letters fold"
run pb-org list --name 'HUAYING TECH' --fields code
is_out "hy" "and the other way round"
run pb-org list --name 社区党委 --kind community --fields code
is_out "sq1
sq2" "--name and --kind together"
run pb-org list --name 华 --fields code
is_out "hy" "one CJK character"
run pb-org list --name 东湖路
is_status 0 "nothing found is no error"
is_out_empty "and lists nothing"

run pb-member list --name 张 --fields id,name
is_out "1	张伟" "member --name 张"
run pb-member list --name LI --fields id,name
is_out "3	Li Lei" "member --name LI: folded, and 李娜 is not Li"

run pb-pair list --name 华英 --fields id
is_out "1" "pair --name: the partner's name"
run pb-pair list --name 东湖 --fields id
is_out "1
3" "pair --name: the community's name"
run pb-pair list --name 'middle school' --fields id
is_out "3" "pair --name, folded"

run pb-event list --name 联席 --fields id,title
is_out "2	三月联席会议" "event --name: the title"
run pb-event list --name volunteer --fields id
is_out "3" "event --name, folded"

# ---- --search: every text field, names included -----------------------------

run pb-org list --search road --fields code,address
is_out "hy	Donghu Road 1" "org --search: the address, folded"
run pb-org list --search 东湖社区 --fields code
is_out "hy
sq1" "org --search: the name, and the parent's name beside hy"
run pb-member list --search NIGHT --fields id
is_out "3" "member --search: the note"
run pb-member list --search 华英 --fields id
is_out "1" "member --search: the unit's name"
run pb-pair list --search tutoring --fields id
is_out "3" "pair --search: the goal"
run pb-event list --search 华英 --fields id
is_out "1
3" "event --search: the organizer's name, and the pair's"
run pb-event opinion list --search 延长 --fields id
is_out "2" "opinion --search: the answer"
run pb-event opinion list --search library --fields id
is_out "2" "opinion --search: the text, folded"
run pb-event opinion list --search 帮扶 --open --as-of 2026-04-01 --fields id
is_out "1" "with --open"

# ---- --kind a,b --------------------------------------------------------------

run pb-org list --kind community,garrison --fields code
is_out "sq1
sq2
wj" "org --kind community,garrison"
run pb-org list --kind 驻军,学校 --fields code
is_out "sch
wj" "Chinese labels too"
run pb-pair list --kind enterprise,校社共建 --fields id,kind
is_out "1	enterprise
3	school" "pair --kind enterprise,校社共建"
run pb-event list --kind aid,meeting --fields id
is_out "1
2" "event --kind aid,meeting"
run pb-member list --category in-service,离退休党员 --fields id
is_out "1
2" "member --category in-service,离退休党员"
run pb-pair list --kind military
is_out "2	sq2	西湖社区党委	wj	武警某部	military	2025-01-01						" \
	"one kind, as before"

fails 64 "pb-org: error: unknown kind 'shop' \(expected one of: district, street, community," \
	"org --kind community,shop" pb-org list --kind community,shop
fails 64 "unknown kind '' \(expected one of" "org --kind community, (empty after the comma)" \
	pb-org list --kind community,
fails 64 "pb-pair: error: unknown kind '友谊' \(expected one of: enterprise, military," \
	"pair --kind" pb-pair list --kind enterprise,友谊
fails 64 "pb-event: error: unknown kind 'party' \(expected one of: meeting, service," \
	"event --kind" pb-event list --kind party,meeting
fails 64 "pb-member: error: unknown category 'student' \(expected one of: resident," \
	"member --category" pb-member list --category retired,student
fails 64 "pb-org: error: --name needs a text to look for" "org --name ''" \
	pb-org list --name ''
fails 64 "pb-event: error: --search: not valid UTF-8 \(byte 2\)" "bad UTF-8" \
	pb-event list --search "$(printf 'a\377')"

# ---- role list --title across every org ---------------------------------------

run pb-org role list --title 名誉书记
is_status 0 "role list --title"
is_out "1	jd	东湖街道党工委	名誉书记	王强	wj	武警某部	2026-01-01		
2	sq1	东湖社区党委	名誉书记	李明	hy	华英 Huaying Tech	2026-02-01		" \
	"who holds 名誉书记, in which org, from which unit, with their names"
run pb-org role list --title 书记 --fields org,name
is_out "sq1	张三" "--title is the title exactly: 书记 is not 名誉书记 or 副书记"
run pb-org role list sq1 --title 名誉书记 --fields name
is_out "李明" "--title with an org"
run pb-org role list --title 名誉书记 -f table --fields org,org_name,name,from_org,from_org_name
is_out "Organization  Organization name  Name  From  From name
jd            东湖街道党工委     王强  wj    武警某部
sq1           东湖社区党委       李明  hy    华英 Huaying Tech" "as a table"

done_testing
