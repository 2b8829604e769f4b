#!/bin/sh
# pb-event add, list, show, set and rm, with attend and give: every field
# stored, the period, kind, org and pair filters, show with its nested
# participants, contributions and opinions, and every bad input refused
# with its exit status and the database untouched.
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-org -q add --code xc --name 新创科技党支部 --kind private --parent sq1
pb-member -q add --ref M001 --name 张伟 --category in-service --unit hn
pb-member -q add --ref M002 --name 李娜 --category in-service --unit hn
pb-member -q add --ref M003 --name 王芳 --category retired
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2021-01-01
# orgs: jd 1, sq1 2, sq2 3, hn 4, wj 5, xc 6 (under sq1); members 1-3
# (M001-M003); pair 1 (sq1 and hn); today 2026-11-27

# ---- add ---------------------------------------------------------------

run pb-event add --ref 2022-aid-01 --date 2022-01-25 --end 2022-01-26 \
	--kind 扶贫帮困 --title 春节扶贫帮困 --org sq1 --pair 1 \
	--place 东湖社区服务中心 --households 140 --persons 320 --jobs 6 \
	--note 企业捐赠
is_status 0 "add with every field, the kind by its Chinese label"
is_out "1" "add prints the new id"

run pb-event show 1 -f yaml
is_out "id: 1
ref: 2022-aid-01
date: 2022-01-25
end: 2022-01-26
kind: aid
title: 春节扶贫帮困
org: sq1
org_name: 东湖社区党委
pair: 1
pair_name: 东湖社区党委 / 华能公司党委
place: 东湖社区服务中心
households: 140
persons: 320
jobs: 6
note: 企业捐赠
participants: []
contributions: []
opinions: []" "every field stored; the kind as its key, beneficiaries as numbers"

run pb-event add -d 2022-01-01 -k meeting -t 联席会议 -O 东湖街道党工委
is_status 0 "short options, kind by key, organizer by name"
is_out "2" "prints the id"
run pb-event add -d 2022-03-31 -k culture -t 迎春文艺汇演 -O xc
is_out "3" "an event of an org under a community"
run pb-event add -d 2022-04-01 -k service -t 义务植树 -O 4 -p 1
is_out "4" "organizer by id, with a pair"
run pb-event add -d 2021-12-31 -k aid -t 年终慰问 -O sq2
is_out "5" "an event of the year before"
run pb-event -q add -d 2022-05-01 -k other -t 其他活动 -O wj
is_status 0 "-q add"
is_out_empty "-q prints no id"

# ---- list ---------------------------------------------------------------

run pb-event list --fields id,date,kind,org,pair
is_status 0 "list"
is_out "1	2022-01-25	aid	sq1	1
2	2022-01-01	meeting	jd	
3	2022-03-31	culture	xc	
4	2022-04-01	service	hn	1
5	2021-12-31	aid	sq2	
6	2022-05-01	other	wj	" "every event by id; tsv, null empty"

run pb-event list --period 2022-01 --fields id
is_out "1
2" "--period YYYY-MM"
run pb-event list --period 2022-Q1 --fields id
is_out "1
2
3" "--period YYYY-Qn: the last day of the quarter included"
run pb-event list --period 2022-01-02..2022-03-31 --fields id
is_out "1
3" "--period FROM..TO, both days inclusive"
run pb-event list --period 2022 --fields id
is_out "1
2
3
4
6" "--period YYYY"
run pb-event list --period 2022-H1 --kind meeting --fields id
is_out "2" "--period YYYY-Hn with --kind"
run pb-event list --period 2021 --fields id,title
is_out "5	年终慰问" "the year before"
run pb-event list --period 2023
is_status 0 "a period with no event exits 0"
is_out_empty "and prints nothing"
run pb-event list --kind 扶贫帮困 --fields id
is_out "1
5" "--kind by Chinese label"
run pb-event list --kind aid --fields id
is_out "1
5" "--kind by key"
run pb-event list --org sq1 --fields id,org
is_out "1	sq1
3	xc" "--org: a community's events and those of the org under it"
run pb-event list --org xc --fields id
is_out "3" "--org of the child alone"
run pb-event list --org jd --fields id
is_out "1
2
3
5" "--org of the street: everything under it"
run pb-event list --org 华能公司党委 --fields id
is_out "4" "--org by name"
run pb-event list --pair 1 --fields id
is_out "1
4" "--pair"
run pb-event list --pair 1 --org hn --period 2022-Q2 --fields id
is_out "4" "the filters together"
run pb-event list --period 2022-13
is_status 64 "a bad --period is a usage error"
is_err_match "invalid period '2022-13'" "names it"
run pb-event list --kind party
is_status 64 "an unknown --kind is a usage error"
is_err_match "unknown kind 'party' \\(expected one of: meeting, service, aid" "lists the kinds"
run pb-event list --org nobody
is_status 65 "an unknown --org"
is_err_match "unknown organization 'nobody'" "names it"
run pb-event list --pair 99
is_status 65 "an unknown --pair"

run pb-event list --period 2022-Q1 -f json --fields id,ref,households,pair
is_out '[
{"id":1,"ref":"2022-aid-01","households":140,"pair":1},
{"id":2,"ref":null,"households":null,"pair":null},
{"id":3,"ref":null,"households":null,"pair":null}
]' "json: counts and pair as numbers, null as null"
run pb-event list --kind aid --header --fields id,kind,title
is_out "id	kind	title
1	aid	春节扶贫帮困
5	aid	年终慰问" "tsv --header"
PB_LANG=zh run pb-event list --kind aid -f table --fields id,date,kind,title,households
is_out "ID  日期        类型      活动名称      受益户数
 1  2022-01-25  扶贫帮困  春节扶贫帮困       140
 5  2021-12-31  扶贫帮困  年终慰问" "table in Chinese (ID, as for members, since 编号 is the ref), aligned by display width"

# ---- attend, give, and show with its lists --------------------------------

run pb-event attend 1 --org hn --people 12 --hours 2.5
is_status 0 "an org takes part with its head-count and hours per person"
is_out_empty "attend prints nothing"
run pb-event attend 1 --member M001 --hours 3
is_status 0 "a member by ref"
run pb-event attend 2022-aid-01 --org wj --award 先进单位
is_status 0 "the event by ref; --award alone makes an awardee"
run pb-event give 1 --from hn --type cash --value 6万
is_status 0 "cash"
is_out "1" "give prints the contribution's id"
run pb-event give 1 --from hn --type 物资 --item 大米和面粉 --quantity 8600 --unit 斤
is_out "2" "goods by Chinese label, with a quantity in jin"
run pb-event give 1 --from-member M002 --type goods --item 棉衣 --quantity 10 --unit 件 --value 1234.5元
is_out "3" "goods from a member, with a value"
pb-event -q opinion add --from hn --event 1 --text 希望增加慰问户数 --received 2022-01-25

run pb-event show 1 -f json
is_status 0 "show in json"
is_out '{
  "id": 1,
  "ref": "2022-aid-01",
  "date": "2022-01-25",
  "end": "2022-01-26",
  "kind": "aid",
  "title": "春节扶贫帮困",
  "org": "sq1",
  "org_name": "东湖社区党委",
  "pair": 1,
  "pair_name": "东湖社区党委 / 华能公司党委",
  "place": "东湖社区服务中心",
  "households": 140,
  "persons": 320,
  "jobs": 6,
  "note": "企业捐赠",
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
}' "the event's fields, then participants, contributions and opinions"

run pb-event show 2022-aid-01 -f table
is_status 0 "show in table, the event by ref"
is_out "ID              1
Ref             2022-aid-01
Date            2022-01-25
End             2022-01-26
Kind            Poverty relief
Title           春节扶贫帮困
Organizer       sq1
Organizer name  东湖社区党委
Pair            1
Pair name       东湖社区党委 / 华能公司党委
Place           东湖社区服务中心
Households      140
Persons         320
Jobs            6
Note            企业捐赠

Participants:
ID  Organization  Member  Name          People  Hours each  Role         Award
 1  hn                    华能公司党委      12         2.5  Participant
 2                M001    张伟               1           3  Participant
 3  wj                    武警某部           1           0  Awardee      先进单位

Contributions:
ID  From  From member  From name     Type   Value (yuan)  Quantity  Unit  Item
 1  hn                 华能公司党委  Funds      60000.00
 2  hn                 华能公司党委  Goods                    8600  斤    大米和面粉
 3        M002         李娜          Goods       1234.50        10  件    棉衣

Opinions:
ID  From  From name     Event        Event title   Opinion           Received    Due         Answer  Answered
 1  hn    华能公司党委  2022-aid-01  春节扶贫帮困  希望增加慰问户数  2022-01-25  2022-02-24" "labels, then each list under its heading, aligned"

run pb-event show 2 -f json
is_out '{
  "id": 2,
  "ref": null,
  "date": "2022-01-01",
  "end": null,
  "kind": "meeting",
  "title": "联席会议",
  "org": "jd",
  "org_name": "东湖街道党工委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": null,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [],
  "contributions": [],
  "opinions": []
}' "an event with nothing nested: empty arrays"

run pb-event attend 2 --org sq1 --role organizer --people 3 --hours 1.5
is_status 0 "an organizer org"
run pb-event attend 2 --member 3 --role participant
is_status 0 "a member by id, no hours"
run pb-event attend 2 --org xc --role awardee --award 先进党组织
is_status 0 "--role awardee with --award"
run pb-event give 2 --from wj --type space --item 党员活动室 --quantity 340 --unit m² --value 50万
is_out "4" "space: square metres with a value"
run pb-event give 2 --from sq2 --type equipment --item 办公设备 --value 30万
is_out "5" "equipment with a value only"
run pb-event -q give 2 --from hn --type service --item 义诊 --quantity 2 --unit 次
is_out_empty "-q give prints no id"
run pb-event show 2 -f json
is_out '{
  "id": 2,
  "ref": null,
  "date": "2022-01-01",
  "end": null,
  "kind": "meeting",
  "title": "联席会议",
  "org": "jd",
  "org_name": "东湖街道党工委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": null,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [
    {"id":4,"org":"sq1","member":null,"name":"东湖社区党委","people":3,"hours":1.5,"role":"organizer","award":null},
    {"id":5,"org":null,"member":"M003","name":"王芳","people":1,"hours":0,"role":"participant","award":null},
    {"id":6,"org":"xc","member":null,"name":"新创科技党支部","people":1,"hours":0,"role":"awardee","award":"先进党组织"}
  ],
  "contributions": [
    {"id":4,"from":"wj","from_member":null,"from_name":"武警某部","type":"space","value":500000.00,"quantity":340,"unit":"m²","item":"党员活动室"},
    {"id":5,"from":"sq2","from_member":null,"from_name":"西湖社区党委","type":"equipment","value":300000.00,"quantity":null,"unit":null,"item":"办公设备"},
    {"id":6,"from":"hn","from_member":null,"from_name":"华能公司党委","type":"service","value":null,"quantity":2,"unit":"次","item":"义诊"}
  ],
  "opinions": []
}' "roles, a member shown by ref, in-kind contributions kept per unit"

# ---- participation and contribution rules ---------------------------------

fails 65 "member 'M001' already takes part in event 1 \\(participant 2\\)" \
	"the same member twice" pb-event attend 1 --member M001 --hours 1
fails 65 "member '1' already takes part in event 1 \\(participant 2\\)" \
	"the same member by id after by ref" pb-event attend 1 --member 1
fails 65 "organization 'hn' already takes part in event 1" \
	"the same org twice" pb-event attend 1 --org hn --people 3
fails 65 "organization '华能公司党委' already takes part in event 1" \
	"the same org by name" pb-event attend 1 --org 华能公司党委
fails 65 "unknown member 'M999'" "an unknown member" \
	pb-event attend 1 --member M999
fails 65 "unknown organization 'nobody'" "an unknown org taking part" \
	pb-event attend 1 --org nobody
fails 65 "people is for an org's head-count, not a member" \
	"--people for a member" pb-event attend 1 --member M003 --people 3
fails 65 "people must be at least 1" "--people 0" \
	pb-event attend 1 --org sq2 --people 0
fails 65 "an award is for an awardee, not for role participant" \
	"--award with another role" pb-event attend 1 --org sq2 --role participant --award x
fails 65 "unknown role 'boss' \\(expected one of: organizer, participant, awardee\\)" \
	"an unknown role" pb-event attend 1 --org sq2 --role boss
fails 65 "hours: negative number '-1'" "negative hours" \
	pb-event attend 1 --org sq2 --hours -1
fails 65 "hours: invalid number 'abc'" "hours that are not a number" \
	pb-event attend 1 --org sq2 --hours abc
fails 64 "give one of --org, --member or --members -" "attend with both" \
	pb-event attend 1 --org sq2 --member M003
fails 64 "give one of --org, --member or --members -" "attend with neither" \
	pb-event attend 1 --hours 2
fails 1 "unknown event '99'" "attend at an unknown event" \
	pb-event attend 99 --org sq2

fails 65 "value: negative amount '-5'" "a negative amount" \
	pb-event give 1 --from hn --type cash --value -5
fails 65 "value: amount '1.234' is more precise than a fen" "money finer than a fen" \
	pb-event give 1 --from hn --type cash --value 1.234
fails 65 "value: invalid amount 'abc'" "money that is not a number" \
	pb-event give 1 --from hn --type cash --value abc
fails 65 "unknown type 'money' \\(expected one of: cash, goods, space, equipment, service\\)" \
	"an unknown contribution type" pb-event give 1 --from hn --type money --value 5
fails 65 "cash needs a value in yuan" "cash without a value" \
	pb-event give 1 --from hn --type cash
fails 65 "cash is a value in yuan, without quantity or item" "cash with an item" \
	pb-event give 1 --from hn --type cash --value 5 --item 钱
fails 65 "goods needs an item \\(what was given\\)" "goods without an item" \
	pb-event give 1 --from hn --type goods --quantity 5 --unit 斤
fails 65 "quantity and unit go together \\(e.g. 8600 斤\\)" "a quantity without its unit" \
	pb-event give 1 --from hn --type goods --item 米 --quantity 5
fails 65 "quantity and unit go together" "a unit without a quantity" \
	pb-event give 1 --from hn --type goods --item 米 --unit 斤
fails 65 "goods needs a quantity with its unit, a value, or both" \
	"goods with neither quantity nor value" pb-event give 1 --from hn --type goods --item 米
fails 65 "quantity: negative number '-8600'" "a negative quantity" \
	pb-event give 1 --from hn --type goods --item 米 --quantity -8600 --unit 斤
fails 65 "unknown organization 'nobody'" "an unknown giver" \
	pb-event give 1 --from nobody --type cash --value 5
fails 65 "unknown member 'M999'" "an unknown member giving" \
	pb-event give 1 --from-member M999 --type cash --value 5
fails 64 "give one of --from or --from-member" "give from both" \
	pb-event give 1 --from hn --from-member M001 --type cash --value 5
fails 64 "--type is required" "give without a type" \
	pb-event give 1 --from hn --value 5
fails 1 "unknown event '99'" "give to an unknown event" \
	pb-event give 99 --from hn --type cash --value 5

# ---- the event's own rules -------------------------------------------------

fails 65 "org: unknown organization 'nobody'" "an unknown organizer" \
	pb-event add -d 2022-06-01 -k aid -t x -O nobody
fails 65 "pair: unknown pair 9" "an unknown pair" \
	pb-event add -d 2022-06-01 -k aid -t x -O sq1 -p 9
fails 65 "date: invalid date '2026-02-30'" "an impossible date" \
	pb-event add -d 2026-02-30 -k aid -t x -O sq1
fails 65 "date: invalid date '2026/01/01'" "a date not as YYYY-MM-DD" \
	pb-event add -d 2026/01/01 -k aid -t x -O sq1
fails 65 "end 2022-05-31 is before date 2022-06-01" "end before date" \
	pb-event add -d 2022-06-01 --end 2022-05-31 -k aid -t x -O sq1
fails 65 "unknown kind 'party' \\(expected one of: meeting, service, aid, environment, safety, culture, education, visit, festival, consultation, commendation, other\\)" \
	"an unknown kind" pb-event add -d 2022-06-01 -k party -t x -O sq1
fails 65 "households: negative count '-5'" "negative households" \
	pb-event add -d 2022-06-01 -k aid -t x -O sq1 --households -5
fails 65 "missing title" "no title" pb-event add -d 2022-06-01 -k aid -O sq1
fails 65 "missing date" "no date" pb-event add -k aid -t x -O sq1
fails 65 "ref '2022-aid-01' is already event 1" "a ref taken" \
	pb-event add -d 2022-06-01 -k aid -t x -O sq1 -r 2022-aid-01
fails 64 "unknown option '--colour'" "an unknown option" \
	pb-event add -d 2022-06-01 -k aid -t x -O sq1 --colour red

# ---- show, set, rm of what is not there ------------------------------------

run pb-event show 99
is_status 1 "show of an unknown event exits 1"
is_err "pb-event: error: unknown event '99'" "and says so"
run pb-event show nope
is_status 1 "show of an unknown ref exits 1"
fails 1 "unknown event '99'" "set of an unknown event" pb-event set 99 --title x
fails 1 "unknown event '99'" "rm of an unknown event" pb-event rm 99
fails 64 "nothing to set" "set without a field" pb-event set 1

# ---- set ------------------------------------------------------------------

run pb-event set 3 --title 新春文艺汇演 --place 社区广场 --persons 200
is_status 0 "set"
is_out_empty "prints nothing"
run pb-event set 3 --place '' --kind 节庆联欢
is_status 0 "set with an empty value and a Chinese kind"
run pb-event show 3 -f yaml
is_out "id: 3
ref: null
date: 2022-03-31
end: null
kind: festival
title: 新春文艺汇演
org: xc
org_name: 新创科技党支部
pair: null
pair_name: null
place: null
households: null
persons: 200
jobs: null
note: null
participants: []
contributions: []
opinions: []" "only the given fields change; an empty value clears"
fails 65 "end 2022-03-01 is before date 2022-03-31" "set end before date" \
	pb-event set 3 --end 2022-03-01
fails 65 "org: unknown organization 'nobody'" "set an unknown organizer" \
	pb-event set 3 --org nobody
fails 65 "pair: unknown pair 9" "set an unknown pair" pb-event set 3 --pair 9
fails 65 "ref '2022-aid-01' is already event 1" "set a ref taken" \
	pb-event set 3 --ref 2022-aid-01
run pb-event set 3 --ref 2022-cul-01 --pair 1
is_status 0 "set a ref and a pair"
run pb-event list --pair 1 --fields id,ref
is_out "1	2022-aid-01
3	2022-cul-01
4	" "now listed under the pair"

# ---- rm -------------------------------------------------------------------

fails 65 "event 1 has 3 participants, 3 contributions and 1 opinion \\(use --force" \
	"rm of an event with participants" pb-event rm 1
fails 65 "event 1 has 3 participants" "rm by ref, refused as well" \
	pb-event rm 2022-aid-01
run pb-event rm 6
is_status 0 "rm of an event with nothing attached"
is_out_empty "prints nothing"
is_err "" "and says nothing"
run pb-event rm 1 --force
is_status 0 "rm --force"
is_out_empty "nothing on stdout"
is_err "pb-event: removed event 1 with 3 participants and 3 contributions; 1 opinion detached" \
	"says on stderr how many participants and contributions it removed"
ok "[ \"\$(db_query 'SELECT count(*) FROM participants WHERE event_id = 1')\" = 0 ]" \
	"its participants are gone"
ok "[ \"\$(db_query 'SELECT count(*) FROM contributions WHERE event_id = 1')\" = 0 ]" \
	"its contributions are gone"
run pb-event opinion list --fields id,from,event
is_out "1	hn	" "the opinion is kept, without its event"
run pb-event list --fields id
is_out "2
3
4
5" "the events left"

# ---- help and version -----------------------------------------------------

for sub in add list show set rm attend give import export opinion; do
	run pb-event "$sub" --help
	is_status 0 "$sub --help exits 0"
	is_out_match "^usage: pb-event $sub" "$sub --help prints its usage"
done
for sub in add answer list; do
	run pb-event opinion "$sub" --help
	is_status 0 "opinion $sub --help exits 0"
	is_out_match "^usage: pb-event opinion $sub" "opinion $sub --help prints its usage"
done
run pb-event --help
is_out_match "^  attend +record who took part" "--help lists the subcommands"
run pb-event --version
is_out_match "^pb-event [0-9]" "--version"
run pb-event frob
is_status 64 "an unknown subcommand"

done_testing
