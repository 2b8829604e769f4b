#!/bin/sh
# The figures of the design documents, entered as pb-event(1) shows them:
# the 2022 Spring Festival relief, the activity rooms and equipment given
# by the garrison and the units, a joint meeting and a commendation, each
# read back exactly; the in-service members of a unit fed to attend from
# pb-member; and the EXAMPLES of pb-event(1) run as printed.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q import "$TESTS/../examples/rongyao.yaml"
pb-member -q add --ref R001 --name 陈刚 --category in-service --unit ry.ranqi
pb-member -q add --ref R002 --name 刘洋 --category in-service --unit ry.ranqi
pb-member -q add --ref Y001 --name 周敏 --category in-service --unit ry.yinhang
pb-member -q add --ref R003 --name 吴静 --category 在职党员 --unit ry.ranqi
pb-member -q add --ref T001 --name 孙丽 --category retired
# members 1-5: R001, R002, Y001, R003 (in-service at ry.ranqi but for
# Y001), T001 retired

# ---- the 2022 Spring Festival relief ------------------------------------

run pb-event add --date 2022-01-28 --kind 扶贫帮困 --title 春节扶贫帮困 \
	--org rongyao --households 140
is_status 0 "the relief is added"
relief=$(cat "$TMP/out")
is_out "1" "its id"
run pb-event give "$relief" --from ry.ranqi --type cash --value 6万
is_out "1" "60,000 yuan from an enterprise, as 6万"
run pb-event give "$relief" --from ry.yinhang --type goods \
	--item 大米和面粉 --quantity 8600 --unit 斤
is_out "2" "8,600 jin of rice and flour"
pb-event attend "$relief" --org ry.ranqi --people 5 --hours 3
pb-event attend "$relief" --org ry.dangyuan-fuwudui --people 20 --hours 4
pb-event -q opinion add --from ry.yinhang --event "$relief" \
	--text 建议提前公布帮扶名单 --received 2022-01-28

cat >"$TMP/relief.json" <<'JSON'
{
  "id": 1,
  "ref": null,
  "date": "2022-01-28",
  "end": null,
  "kind": "aid",
  "title": "春节扶贫帮困",
  "org": "rongyao",
  "org_name": "荣耀街道党工委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": 140,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [
    {"id":1,"org":"ry.ranqi","member":null,"name":"荣耀燃气有限公司党委","people":5,"hours":3,"role":"participant","award":null},
    {"id":2,"org":"ry.dangyuan-fuwudui","member":null,"name":"荣耀在职党员志愿服务队","people":20,"hours":4,"role":"participant","award":null}
  ],
  "contributions": [
    {"id":1,"from":"ry.ranqi","from_member":null,"from_name":"荣耀燃气有限公司党委","type":"cash","value":60000.00,"quantity":null,"unit":null,"item":null},
    {"id":2,"from":"ry.yinhang","from_member":null,"from_name":"某商业银行荣耀支行党支部","type":"goods","value":null,"quantity":8600,"unit":"斤","item":"大米和面粉"}
  ],
  "opinions": [
    {"id":1,"from":"ry.yinhang","from_name":"某商业银行荣耀支行党支部","event":"1","event_title":"春节扶贫帮困","text":"建议提前公布帮扶名单","received":"2022-01-28","due":"2022-02-27","answer":null,"answered":null}
  ]
}
JSON
run pb-event show "$relief" -f json
is_status 0 "show the relief"
is_file "$TMP/out" "$TMP/relief.json" "read back exactly: 140 households, 60000.00 yuan, 8600 斤, hours per person"

# ---- activity rooms and equipment ------------------------------------------

run pb-event add --date 2022-06-30 --kind other --title 共建社区党员活动阵地 \
	--org ry.rongyao --place 荣耀社区
rooms=$(cat "$TMP/out")
is_out "2" "the activity rooms' event"
run pb-event give "$rooms" --from ry.wj-zhongdui --type 场地 \
	--item 党员活动室两间 --quantity 340 --unit m² --value 50万
is_out "3" "two rooms of 340 m², worth 500,000 yuan, from the garrison"
run pb-event give "$rooms" --from ry.quzhengfu-jsj --type equipment \
	--item 办公设备 --value 30万
is_out "4" "office equipment worth 300,000 yuan from a unit"
run pb-event show "$rooms" -f json
is_out '{
  "id": 2,
  "ref": null,
  "date": "2022-06-30",
  "end": null,
  "kind": "other",
  "title": "共建社区党员活动阵地",
  "org": "ry.rongyao",
  "org_name": "荣耀社区党委",
  "pair": null,
  "pair_name": null,
  "place": "荣耀社区",
  "households": null,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [],
  "contributions": [
    {"id":3,"from":"ry.wj-zhongdui","from_member":null,"from_name":"武警某部三中队党支部","type":"space","value":500000.00,"quantity":340,"unit":"m²","item":"党员活动室两间"},
    {"id":4,"from":"ry.quzhengfu-jsj","from_member":null,"from_name":"区住房和建设局机关党委","type":"equipment","value":300000.00,"quantity":null,"unit":null,"item":"办公设备"}
  ],
  "opinions": []
}' "read back exactly: space in m² with its value, equipment by value"

# ---- a joint meeting ----------------------------------------------------------

run pb-event add --date 2022-03-15 --kind 联席会议 --title 社区党建联席会议 \
	--org ry.rongyao
meeting=$(cat "$TMP/out")
is_out "3" "the joint meeting"
pb-event attend "$meeting" --org ry.rongyao --role organizer --people 3 --hours 2
pb-event attend "$meeting" --org ry.wj-zhongdui --people 2 --hours 2
pb-event attend "$meeting" --org ry.ranqi --hours 1.5
run pb-event show "$meeting" -f json
is_out '{
  "id": 3,
  "ref": null,
  "date": "2022-03-15",
  "end": null,
  "kind": "meeting",
  "title": "社区党建联席会议",
  "org": "ry.rongyao",
  "org_name": "荣耀社区党委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": null,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [
    {"id":3,"org":"ry.rongyao","member":null,"name":"荣耀社区党委","people":3,"hours":2,"role":"organizer","award":null},
    {"id":4,"org":"ry.wj-zhongdui","member":null,"name":"武警某部三中队党支部","people":2,"hours":2,"role":"participant","award":null},
    {"id":5,"org":"ry.ranqi","member":null,"name":"荣耀燃气有限公司党委","people":1,"hours":1.5,"role":"participant","award":null}
  ],
  "contributions": [],
  "opinions": []
}' "read back exactly: org participants with people and hours each (one person by default)"

# ---- a commendation ------------------------------------------------------------

run pb-event add --date 2022-12-28 --kind 评选表彰 --title 年度共驻共建评选表彰 \
	--org rongyao
award=$(cat "$TMP/out")
is_out "4" "the commendation"
pb-event attend "$award" --org ry.ranqi --role awardee --award 贡献单位
pb-event attend "$award" --org ry.yinhang --award 先进单位
run pb-event show "$award" -f json
is_out '{
  "id": 4,
  "ref": null,
  "date": "2022-12-28",
  "end": null,
  "kind": "commendation",
  "title": "年度共驻共建评选表彰",
  "org": "rongyao",
  "org_name": "荣耀街道党工委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": null,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [
    {"id":6,"org":"ry.ranqi","member":null,"name":"荣耀燃气有限公司党委","people":1,"hours":0,"role":"awardee","award":"贡献单位"},
    {"id":7,"org":"ry.yinhang","member":null,"name":"某商业银行荣耀支行党支部","people":1,"hours":0,"role":"awardee","award":"先进单位"}
  ],
  "contributions": [],
  "opinions": []
}' "read back exactly: awardees with their awards"
run pb-event list --period 2022 --fields id,date,kind,title
is_out "1	2022-01-28	aid	春节扶贫帮困
2	2022-06-30	other	共建社区党员活动阵地
3	2022-03-15	meeting	社区党建联席会议
4	2022-12-28	commendation	年度共驻共建评选表彰" "the year's events, by id"

# ---- the in-service members of a unit, from pb-member ------------------------

run pb-event add --date 2022-05-20 --kind service --title 在职党员进社区志愿服务 \
	--org ry.rongyao
service=$(cat "$TMP/out")
is_out "5" "a volunteer service"
run pb-member list --category in-service --unit ry.ranqi --fields id
is_out "1
2
4" "pb-member lists the unit's in-service members, one id a line"

snapshot
run sh -c '{ pb-member list --category in-service --unit ry.ranqi --fields id; echo 99; } |
	pb-event attend "$1" --members - --hours 2' sh "$service"
is_status 65 "a bad line in stdin fails them all"
is_out_empty "nothing on stdout"
is_err "<stdin>:4: error: unknown member '99'
pb-event: nothing was written" "the line is named as <stdin>:N:"
db_unchanged "the good lines are not written either"

printf '1\nR002\n\nnobody\n1\n' >"$TMP/ids"
run pb-event attend "$service" --members - --hours 2 <"$TMP/ids"
is_status 65 "every bad line is reported"
is_err "<stdin>:4: error: unknown member 'nobody'
<stdin>:5: error: member '1' already takes part in event 5 (participant 8)
pb-event: nothing was written" "an unknown member and a member twice, by line (an empty line skipped)"
db_unchanged "nothing written"

run sh -c 'pb-member list --category in-service --unit ry.ranqi --fields id |
	pb-event attend "$1" --members - --hours 2' sh "$service"
is_status 0 "the chain from pb-member works"
is_err "pb-event: 3 members added to event 5" "and says how many it added"
run pb-event show "$service" -f json
is_out '{
  "id": 5,
  "ref": null,
  "date": "2022-05-20",
  "end": null,
  "kind": "service",
  "title": "在职党员进社区志愿服务",
  "org": "ry.rongyao",
  "org_name": "荣耀社区党委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": null,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [
    {"id":8,"org":null,"member":"R001","name":"陈刚","people":1,"hours":2,"role":"participant","award":null},
    {"id":9,"org":null,"member":"R002","name":"刘洋","people":1,"hours":2,"role":"participant","award":null},
    {"id":10,"org":null,"member":"R003","name":"吴静","people":1,"hours":2,"role":"participant","award":null}
  ],
  "contributions": [],
  "opinions": []
}' "each member took part for 2 hours, shown by ref"
run sh -c 'echo R001 | pb-event attend "$1" --members - --hours 2' sh "$service"
is_status 65 "the chain run twice is refused"
is_err "<stdin>:1: error: member 'R001' already takes part in event 5 (participant 8)
pb-event: nothing was written" "a member already there"

# ---- the man page's examples, as printed ---------------------------------------

# Each literal block of EXAMPLES: its commands ("$ " removed, with their
# indented continuation lines) to $TMP/ex.N.sh, the output it shows to
# $TMP/ex.N.out; mdoc's \e is a backslash.
MAN=$TESTS/../man/man1/pb-event.1
awk -v dir="$TMP" '
	/^\.Sh EXAMPLES/ { on = 1; next }
	/^\.Sh / { on = 0 }
	!on { next }
	/^\.Bd -literal/ { n++; inblock = 1; printf "" > (dir "/ex." n ".sh");
		printf "" > (dir "/ex." n ".out"); next }
	/^\.Ed/ { inblock = 0; next }
	!inblock { next }
	{ gsub(/\\e/, "\\") }
	/^\$ / { print substr($0, 3) >> (dir "/ex." n ".sh"); next }
	/^    / { print >> (dir "/ex." n ".sh"); next }
	{ print >> (dir "/ex." n ".out") }
' "$MAN"

# The block whose commands contain a fixed string.
block() {
	grep -lF -- "$1" "$TMP"/ex.*.sh 2>/dev/null | head -n 1
}

PB_DB=$TMP/man.db
pb-org -q import "$TESTS/../examples/rongyao.yaml"
pb-member -q add --ref R001 --name 陈刚 --category in-service --unit ry.ranqi
pb-member -q add --ref R002 --name 刘洋 --category in-service --unit ry.ranqi
cd "$TMP" || exit 1
script=$(block '春节扶贫帮困')
ok "[ -n '$script' ]" "the man page shows the relief as a script"
# shellcheck disable=SC2016 # $id is the script's, expanded when it runs
printf '\necho "$id" >"%s/man.id"\n' "$TMP" >>"$script"
run sh "$script"
is_status 0 "the relief script runs"
is_file "$TMP/out" "${script%.sh}.out" "and prints what the page shows"
run pb-event show "$(cat "$TMP/man.id")" -f json
head -n 23 "$TMP/relief.json" >"$TMP/relief-man.json"
printf '  ],\n  "opinions": []\n}\n' >>"$TMP/relief-man.json"
is_file "$TMP/out" "$TMP/relief-man.json" "it records the relief as above"

for f in "$(block '党员活动室两间')" "$(block '评选表彰')"; do
	run sh "$f"
	is_status 0 "example runs: $(head -n 1 "$f")"
	is_file "$TMP/out" "${f%.sh}.out" "example prints what the page shows: $(head -n 1 "$f")"
done
pb-event -q add -d 2026-01-05 -k service -t 志愿服务 -O ry.rongyao
pb-event -q add -d 2026-02-01 -k service -t 志愿服务 -O ry.xinchuang-keji
pb-event -q add -d 2026-04-01 -k service -t 志愿服务 -O ry.rongyao
for f in "$(block 'attend 7 --members -')" "$(block 'events.csv')" \
	"$(block 'opinion answer 1')"; do
	run sh "$f"
	is_status 0 "example runs: $(head -n 1 "$f")"
	is_file "$TMP/out" "${f%.sh}.out" "example prints what the page shows: $(head -n 1 "$f")"
done
run pb-event show 7 -f json
is_out_match '"member":"R002","name":"刘洋","people":1,"hours":2' "the chain added the unit's members to event 7"
printf 'id,ref,date,end,kind,title,org,org_name,pair,pair_name,place,households,persons,jobs,note\r\n5,,2026-01-05,,service,志愿服务,ry.rongyao,荣耀社区党委,,,,,,,\r\n6,,2026-02-01,,service,志愿服务,ry.xinchuang-keji,荣耀新创科技有限公司党支部,,,,,,,\r\n' |
	{ printf '\357\273\277'; cat; } >"$TMP/want.csv"
is_file "$TMP/events.csv" "$TMP/want.csv" "the csv example: the community's and its units' events of the quarter, with a BOM"
f=$(block 'pb-event export -o')
grep -v '^vi ' "$f" >"$TMP/roundtrip.sh"
run sh "$TMP/roundtrip.sh"
is_status 0 "the export and import example runs (without the editor)"
is_err "pb-event: dry run, nothing written: 0 created, 0 updated, 8 unchanged
pb-event: 0 created, 0 updated, 8 unchanged" "and changes nothing"

done_testing
