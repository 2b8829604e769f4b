#!/bin/sh
# pb-member add, list, show, set, rm, register and unregister: every field
# stored, the registration history read as of a day (a move closes the old
# registration the day the new one starts, so nobody is in two communities
# on any date), each rule refused with its exit status and the database
# untouched, and the formats of list and show.
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sqa --name 社区A --kind community --parent jd
pb-org -q add --code sqb --name 社区B --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q add --code cj --name 长江公司党支部 --kind enterprise
# today is 2026-11-27

# The registration history of a member, as show -f json gives it.
history() {
	run pb-member show "$1" -f json
	sed -n '/^  "registrations"/,$p' "$TMP/out" >"$TMP/history"
	cp "$TMP/history" "$TMP/out"
}

# ---- add ---------------------------------------------------------------

run pb-member add --ref 007 --name 张三 --gender 男 --phone 13800000001 \
	--category 在职党员 --org 华能公司党委 --community 社区A \
	--registered 2025-06-01 --unit hn --joined 2001-07-01 --note '常驻, 夜班'
is_status 0 "add with every field"
is_out "1" "add prints the new id"

run pb-member show 1 -f json
is_out '{
  "id": 1,
  "ref": "007",
  "name": "张三",
  "gender": "m",
  "phone": "13800000001",
  "category": "in-service",
  "org": "hn",
  "org_name": "华能公司党委",
  "community": "sqa",
  "community_name": "社区A",
  "unit": "hn",
  "unit_name": "华能公司党委",
  "joined": "2001-07-01",
  "registered": "2025-06-01",
  "left": null,
  "note": "常驻, 夜班",
  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2025-06-01","until":null}
  ]
}' "every field stored: 男 as m, 在职党员 as in-service, orgs as codes, ref '007' a string"

run pb-member add -n 李四 -c resident -g 女 -O sqa
is_status 0 "short options, category by key"
is_out "2" "prints the id"
run pb-member show 2 --fields gender,category,org,community,registered
is_out "gender	f
category	resident
org	sqa
community	
registered	" "女 stored as f; no community, no registration"

run pb-member add -n 王五 -c 离退休党员 -O sqa -C sqb --registered 2024-01-01 --left 2026-06-01
is_out "3" "a member who left on 2026-06-01"
run pb-member add -n 赵六 -c in-service -O cj -u 长江公司党支部
is_out "4" "an in-service member of another unit"
run pb-member -q add -n 孙七 -c floating
is_status 0 "-q add"
is_out_empty "-q prints no id"
run pb-member add -n 周八 -c veteran -C sqb
is_out "6" "registered with no date"
run pb-member show 6 --fields community,registered
is_out "community	sqb
registered	2026-11-27" "a registration without a date is dated today"

# ---- add: refusals ------------------------------------------------------

fails 65 "unknown category 'army' \\(expected one of: resident, retired, in-service, floating, unemployed, veteran\\)" \
	"an unknown category, with the list" pb-member add -n x -c army
fails 65 "invalid gender 'x' \\(expected m, f, 男 or 女\\)" "a bad gender" \
	pb-member add -n x -c resident -g x
fails 65 "joined: invalid date '2026-02-30'" "an impossible date" \
	pb-member add -n x -c resident --joined 2026-02-30
fails 65 "registered: invalid date '2026-13-01'" "a bad registered date" \
	pb-member add -n x -c resident -C sqa --registered 2026-13-01
fails 65 "invalid phone 'abc'" "a phone that is not a number" \
	pb-member add -n x -c resident --phone abc
fails 65 "missing name" "no name" pb-member add -c resident
fails 65 "missing category" "no category" pb-member add -n x
fails 65 "ref '007' is already member 1" "a duplicate ref" \
	pb-member add -n x -c resident --ref 007
fails 65 "unknown org 'nowhere'" "an unknown org" \
	pb-member add -n x -c resident -O nowhere
fails 65 "unknown unit 'nowhere'" "an unknown unit" \
	pb-member add -n x -c resident -u nowhere
fails 65 "unknown community 'nowhere'|unknown organization 'nowhere'" "an unknown community" \
	pb-member add -n x -c resident -C nowhere
fails 65 "'hn' is .*enterprise, not a community" "an enterprise as the community" \
	pb-member add -n x -c resident -C hn
run pb-org add --code qw --name 东湖区委 --kind district
is_status 0 "a district"
fails 65 "'qw' is .*district, not a community" "the district as the community" \
	pb-member add -n x -c resident -C qw
fails 65 "registered given without community" "a registered date without a community" \
	pb-member add -n x -c resident --registered 2026-01-01
fails 65 "left 2019-01-01 is before joined 2020-01-01" "left before joined" \
	pb-member add -n x -c resident --joined 2020-01-01 --left 2019-01-01
fails 65 "name: too long: 201 characters \\(at most 200\\)" "a name of 201 characters" \
	pb-member add -n "$(repeat 张 201)" -c resident
fails 65 "name: invalid UTF-8" "a name that is not UTF-8" \
	pb-member add -n "$(printf 'a\377b')" -c resident
fails 65 "name: control character" "a control character in a name" \
	pb-member add -n "$(printf 'a\tb')" -c resident
fails 64 "unknown option '--colour'" "an unknown option" \
	pb-member add -n x -c resident --colour red
fails 64 "unexpected argument 'extra'" "an extra argument" \
	pb-member add -n x -c resident extra

# ---- register, unregister: the history ------------------------------------

# 孙七 (5) registers with 社区A, returns, then registers with 社区B.
run pb-member register 5 --community 社区A --date 2026-01-01
is_status 0 "register"
is_out_empty "register prints nothing"
run pb-member unregister 5 --date 2026-03-01
is_status 0 "unregister (the member returned)"
run pb-member register 5 -C sqb -d 2026-05-01
is_status 0 "register with another community later"
history 5
is_out '  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2026-01-01","until":"2026-03-01"},
    {"community":"sqb","community_name":"社区B","since":"2026-05-01","until":null}
  ]
}' "show: the history, oldest first"

run pb-member list --community sqa --as-of 2026-02-01 --fields id,community,registered
is_out "1	sqa	2025-06-01
5	sqa	2026-01-01" "2026-02-01: registered with A"
run pb-member list --community sqb --as-of 2026-02-01 --fields id
is_out "3" "and not with B"
run pb-member list --community sqa --as-of 2026-04-01 --fields id
is_out "1" "2026-04-01: no longer with A"
run pb-member list --community sqb --as-of 2026-04-01 --fields id
is_out "3" "nor yet with B"
run pb-member list --community sqa --as-of 2026-06-01 --fields id
is_out "1" "2026-06-01: not with A"
run pb-member list --community sqb --as-of 2026-06-01 --fields id
is_out "5" "only with B (王五 left that day; 周八 registered only today)"
run pb-member list --community sqa --as-of 2026-02-28 --fields id
is_out "1
5" "the day before the return: still with A"
run pb-member list --community sqa --as-of 2026-03-01 --fields id
is_out "1" "on the day of the return: no longer"
run pb-member list --as-of 2026-04-01 --fields id,community,registered
is_out "1	sqa	2025-06-01
2		
3	sqb	2024-01-01
4		
5		
6		" "the whole list on 2026-04-01: 孙七 registered nowhere, 周八 not yet"

# A move: 张三 (1), with A since 2025-06-01, registers with B.
run pb-member register 007 --community sqb --date 2026-07-01
is_status 0 "a move, the member by ref"
history 1
is_out '  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2025-06-01","until":"2026-07-01"},
    {"community":"sqb","community_name":"社区B","since":"2026-07-01","until":null}
  ]
}' "the move closed A the day B starts"
for d in 2025-06-01 2026-06-30 2026-07-01 2026-07-02 2026-11-27; do
	n=$( (pb-member list -C sqa --as-of $d --fields id; pb-member list -C sqb --as-of $d --fields id) |
		grep -cx 1)
	ok "[ '$n' = 1 ]" "on $d the member who moved is in exactly one community ($n)"
done
run pb-member list -C sqa --as-of 2026-06-30 --fields id,community
is_out "1	sqa" "the day before the move: A"
run pb-member list -C sqb --as-of 2026-07-01 --fields id,community
is_out "1	sqb
5	sqb" "the day of the move: B"
run pb-member list --as-of 2025-05-31 -C sqa
is_status 0 "a list that matched nothing exits 0"
is_out_empty "and prints nothing"

fails 65 "'hn' is .*enterprise, not a community" "registering with an enterprise" \
	pb-member register 1 -C hn -d 2026-08-01
fails 65 "member 1 is already registered with 'sqb' since 2026-07-01" \
	"registering with the same community twice" pb-member register 1 -C sqb -d 2026-08-01
fails 65 "cannot register member 1 with 'sqa' on 2026-06-30: the registration history already runs to 2026-07-01" \
	"a date before the history's end" pb-member register 1 -C sqa -d 2026-06-30
fails 65 "history already runs to 2026-07-01" "a move on the day of the last one" \
	pb-member register 1 -C sqa -d 2026-07-01
fails 65 "cannot register member 5 with 'sqa' on 2026-02-01" \
	"a date inside a closed registration" pb-member register 5 -C sqa -d 2026-02-01
fails 65 "member 2 is not registered with any community" "unregister when not registered" \
	pb-member unregister 2 -d 2026-08-01
fails 65 "return date 2026-04-30 must be after the registration date 2026-05-01" \
	"a return before the registration" pb-member unregister 5 -d 2026-04-30
fails 65 "^pb-member: error: --date: invalid date '2026-02-30'" "a bad --date" \
	pb-member register 5 -C sqa -d 2026-02-30
fails 65 "unknown organization 'nowhere'" "an unknown community" \
	pb-member register 5 -C nowhere -d 2026-08-01
fails 64 "--community is required" "register without --community" \
	pb-member register 5 -d 2026-08-01
fails 1 "unknown member '99'" "register of an unknown member" \
	pb-member register 99 -C sqa
fails 1 "unknown member 'nobody'" "unregister of an unknown ref" \
	pb-member unregister nobody

run pb-member register 5 -C sqa -d 2026-03-01
is_status 65 "5 is open with B since 2026-05-01: A on 2026-03-01 refused"
run pb-member unregister 5 -d 2026-08-01
is_status 0 "5 returns from B"
run pb-member register 5 -C sqa -d 2026-08-01
is_status 0 "and may register again the day of the return"
run pb-member unregister 5
is_status 0 "unregister, by default today"
history 5
is_out '  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2026-01-01","until":"2026-03-01"},
    {"community":"sqb","community_name":"社区B","since":"2026-05-01","until":"2026-08-01"},
    {"community":"sqa","community_name":"社区A","since":"2026-08-01","until":"2026-11-27"}
  ]
}' "the whole history: two returns"

# ---- list: filters and --all --------------------------------------------

run pb-member list --fields id,name,category
is_out "1	张三	in-service
2	李四	resident
4	赵六	in-service
5	孙七	floating
6	周八	veteran" "list by id, without the member who left"
run pb-member list --all --fields id,left
is_out "1	
2	
3	2026-06-01
4	
5	
6	" "--all includes the member who left"
run pb-member list --as-of 2026-05-31 --fields id
is_out "1
2
3
4
5
6" "as of a day before the member left"
run pb-member list --category in-service --fields id
is_out "1
4" "--category by key"
run pb-member list -c 离退休党员 --all --fields id
is_out "3" "--category by Chinese label, with --all"
run pb-member list --org sqa --fields id
is_out "2" "--org by code"
run pb-member list --org 社区A --all --fields id
is_out "2
3" "--org by name, with --all"
run pb-member list --unit cj --fields id,unit
is_out "4	cj" "--unit"
run pb-member list --unit hn --category in-service --fields id
is_out "1" "--unit with --category"
run pb-member list --community 社区B --fields id
is_out "1
6" "--community by name, today"
run pb-member list --category army
is_status 64 "an unknown --category is a usage error, as for pb-org list --kind"
is_err_match "unknown category 'army' \\(expected one of: resident, retired, in-service, floating, unemployed, veteran\\)" \
	"names it and the choices"
run pb-member list --org nowhere
is_status 65 "an unknown --org"
is_err_match "unknown organization 'nowhere'" "names it"
run pb-member list --as-of 2026-02-30
is_status 65 "a bad --as-of"
is_err_match "^pb-member: error: --as-of: invalid date" "names the option"
run pb-member list --colour
is_status 64 "an unknown option"

# ---- formats ------------------------------------------------------------

run pb-member list --category in-service --header
is_out "id	ref	name	gender	phone	category	org	org_name	community	community_name	unit	unit_name	joined	registered	left	note
1	007	张三	m	13800000001	in-service	hn	华能公司党委	sqb	社区B	hn	华能公司党委	2001-07-01	2026-07-01		常驻, 夜班
4		赵六			in-service	cj	长江公司党支部			cj	长江公司党支部				" "tsv --header: every field, null empty"
run pb-member list --category in-service -f json
is_out '[
{"id":1,"ref":"007","name":"张三","gender":"m","phone":"13800000001","category":"in-service","org":"hn","org_name":"华能公司党委","community":"sqb","community_name":"社区B","unit":"hn","unit_name":"华能公司党委","joined":"2001-07-01","registered":"2026-07-01","left":null,"note":"常驻, 夜班"},
{"id":4,"ref":null,"name":"赵六","gender":null,"phone":null,"category":"in-service","org":"cj","org_name":"长江公司党支部","community":null,"community_name":null,"unit":"cj","unit_name":"长江公司党支部","joined":null,"registered":null,"left":null,"note":null}
]' "json: an array of objects, ref and phone strings, null as null"
run pb-member list --category in-service -f csv
printf 'id,ref,name,gender,phone,category,org,org_name,community,community_name,unit,unit_name,joined,registered,left,note\r\n1,007,张三,m,13800000001,in-service,hn,华能公司党委,sqb,社区B,hn,华能公司党委,2001-07-01,2026-07-01,,"常驻, 夜班"\r\n4,,赵六,,,in-service,cj,长江公司党支部,,,cj,长江公司党支部,,,,\r\n' >"$TMP/want.csv"
is_file "$TMP/out" "$TMP/want.csv" "csv: header, the comma quoted, CRLF"
run pb-member list --as-of 2026-02-01 -f jsonl --fields id,community,registered
is_out '{"id":1,"community":"sqa","registered":"2025-06-01"}
{"id":2,"community":null,"registered":null}
{"id":3,"community":"sqb","registered":"2024-01-01"}
{"id":4,"community":null,"registered":null}
{"id":5,"community":"sqa","registered":"2026-01-01"}
{"id":6,"community":null,"registered":null}' "jsonl, as of a day: the registration in force then"
PB_LANG=zh run pb-member list -f table --fields id,name,category,community
is_out "ID  姓名  类别          报到社区
 1  张三  在职党员      sqb
 2  李四  居民党员
 4  赵六  在职党员
 5  孙七  流动党员
 6  周八  转业退伍党员  sqb" "table in Chinese: category labels, aligned by display width"

# ---- show -----------------------------------------------------------------

run pb-member show 007
is_status 0 "show by ref"
is_out "id	1
ref	007
name	张三
gender	m
phone	13800000001
category	in-service
org	hn
org_name	华能公司党委
community	sqb
community_name	社区B
unit	hn
unit_name	华能公司党委
joined	2001-07-01
registered	2026-07-01
left	
note	常驻, 夜班

sqa	社区A	2025-06-01	2026-07-01
sqb	社区B	2026-07-01	" "show in tsv: a field a line, then a blank line and the history"
run pb-member show 1 --as-of 2026-01-01 --fields community,registered
is_out "community	sqa
registered	2025-06-01" "show --as-of: the registration in force that day (--fields: the record's own fields)"
run pb-member show 1 --as-of 2026-08-01 -f yaml
is_out "id: 1
ref: '007'
name: 张三
gender: m
phone: '13800000001'
category: in-service
org: hn
org_name: 华能公司党委
community: sqb
community_name: 社区B
unit: hn
unit_name: 华能公司党委
joined: 2001-07-01
registered: 2026-07-01
left: null
note: 常驻, 夜班
registrations:
- community: sqa
  community_name: 社区A
  since: 2025-06-01
  until: 2026-07-01
- community: sqb
  community_name: 社区B
  since: 2026-07-01
  until: null" "show in yaml: ref and phone quoted as strings, the history nested"
history 2
is_out '  "registrations": []
}' "a member never registered has an empty history"
run pb-member show 99
is_status 1 "show of an unknown id exits 1"
is_err "pb-member: error: unknown member '99'" "and says so"
run pb-member show nobody
is_status 1 "show of an unknown ref exits 1"
is_out_empty "and prints nothing"
fails 1 "unknown member '99'" "set of an unknown member" pb-member set 99 --name x
fails 1 "unknown member 'nobody'" "rm of an unknown member" pb-member rm nobody
fails 64 "nothing to set" "set without a field" pb-member set 1

# ---- set ----------------------------------------------------------------

run pb-member set 2 --phone 13900000002 --note '新的备注' --category 下岗失业党员 --joined 1999-07-01
is_status 0 "set changes fields"
is_out_empty "and prints nothing"
run pb-member show 2 -f json
is_out '{
  "id": 2,
  "ref": null,
  "name": "李四",
  "gender": "f",
  "phone": "13900000002",
  "category": "unemployed",
  "org": "sqa",
  "org_name": "社区A",
  "community": null,
  "community_name": null,
  "unit": null,
  "unit_name": null,
  "joined": "1999-07-01",
  "registered": null,
  "left": null,
  "note": "新的备注",
  "registrations": []
}' "only the given fields changed"
run pb-member set 2 --phone '' --note '' --org ''
is_status 0 "set with empty values"
run pb-member show 2 --fields phone,note,org,name
is_out "phone	
note	
org	
name	李四" "an empty value clears a field"
fails 65 "missing name" "clearing the name" pb-member set 2 --name ''
fails 65 "unknown category 'army'" "set a bad category" pb-member set 2 -c army
fails 65 "ref '007' is already member 1" "set a taken ref" pb-member set 2 --ref 007
run pb-member set 2 --ref R-2
is_status 0 "set a ref"
run pb-member show R-2 --fields id
is_out "id	2" "found by its new ref"

run pb-member set 007 --community sqa --registered 2026-09-01
is_status 0 "set --community with --registered moves"
history 1
is_out '  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2025-06-01","until":"2026-07-01"},
    {"community":"sqb","community_name":"社区B","since":"2026-07-01","until":"2026-09-01"},
    {"community":"sqa","community_name":"社区A","since":"2026-09-01","until":null}
  ]
}' "the old registration closed the day the new one starts"
run pb-member set 1 --registered 2026-09-15
is_status 0 "set --registered alone corrects the start of the open registration"
history 1
is_out '  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2025-06-01","until":"2026-07-01"},
    {"community":"sqb","community_name":"社区B","since":"2026-07-01","until":"2026-09-01"},
    {"community":"sqa","community_name":"社区A","since":"2026-09-15","until":null}
  ]
}' "corrected"
fails 65 "'hn' is .*enterprise, not a community" "set --community to an enterprise" \
	pb-member set 1 --community hn --registered 2026-10-01

# ---- rm -----------------------------------------------------------------

run pb-member rm 6
is_status 0 "rm"
is_out_empty "prints nothing"
run pb-member show 6
is_status 1 "the member is gone"
ok "[ \"\$(db_query 'SELECT count(*) FROM registrations WHERE member_id = 6')\" = 0 ]" \
	"with its registrations"
run pb-member list -C sqb --fields id
is_out_empty "and from the list of its community"
run pb-member rm R-2 --force
is_status 0 "rm by ref, --force"
is_err "pb-member: removed member 2" "--force says what it removed"
run pb-member list --all --fields id
is_out "1
3
4
5" "the others remain"

# A member who took part or gave is refused in pb's words (not the
# engine's foreign-key error), the database as it was; --force removes the
# member with those rows.
run pb-event add --date 2026-03-01 --kind service --title 义诊 --org sqb
run pb-event attend 1 --member 3 --hours 2
run pb-event give 1 --from-member 3 --type cash --value 100
before=$(db_query 'SELECT count(*) FROM participants')
fails 65 "^pb-member: error: member 3 took part in 1 event and gave 1 contribution \(use --force to remove the member with them, or set --left to keep the record\)\$" \
	"rm of a member who took part" pb-member rm 3
ok "[ \"\$(db_query 'SELECT count(*) FROM participants WHERE member_id = 3')\" = 1 ] && [ \"\$(db_query 'SELECT count(*) FROM members WHERE id = 3')\" = 1 ]" \
	"the member and the participation are still there"
run pb-member rm 3 --force
is_status 0 "rm --force of a member who took part"
is_err "pb-member: removed member 3 with 1 participation and 1 contribution" \
	"--force says what it removed with the member"
ok "[ \"\$(db_query 'SELECT count(*) FROM participants')\" = $((before - 1)) ] && [ \"\$(db_query 'SELECT count(*) FROM contributions WHERE from_member_id = 3')\" = 0 ]" \
	"its participation and contribution went with it"

# ---- ambiguous references ---------------------------------------------------

m=$(pb-member add -n 吴九 -c resident --ref 4)
fails 65 "member '4' is ambiguous: id 4, or member $m whose ref is '4'" \
	"a reference that is one member's id and another's ref" pb-member set 4 --note x
run pb-member show "$m" --fields ref
is_out "ref	4" "the member with ref '4' is shown by its id"

# ---- set --community without a date, and clearing it (today) -------------

# 吴九 registers with A on 2026-01-01 through set, then moves to B with
# no date: the move is dated today.
run pb-member set "$m" --community sqa --registered 2026-01-01
is_status 0 "set --community registers a member with none"
run pb-member set "$m" --community sqb
is_status 0 "set --community without --registered moves today"
history "$m"
is_out '  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2026-01-01","until":"2026-11-27"},
    {"community":"sqb","community_name":"社区B","since":"2026-11-27","until":null}
  ]
}' "A closed today, B from today"

m=$(pb-member add -n 郑十 -c resident -C sqa --registered 2026-02-01)
run pb-member set "$m" --community ''
is_status 0 "set --community '' is a return, today"
history "$m"
is_out '  "registrations": [
    {"community":"sqa","community_name":"社区A","since":"2026-02-01","until":"2026-11-27"}
  ]
}' "the registration closed today"

# ---- a name of 200 characters -----------------------------------------------

run pb-member add -n "$(repeat 张 200)" -c resident
is_status 0 "a name of 200 characters is accepted"
id=$(cat "$TMP/out")
run pb-member show "$id" --fields name
ok "[ \"\$(sed -n '1s/^name	//p' '$TMP/out')\" = '$(repeat 张 200)' ]" "and stored whole"

# ---- help and version -----------------------------------------------------

for sub in add list show set rm register unregister import export; do
	run pb-member "$sub" --help
	is_status 0 "$sub --help exits 0"
	is_out_match "^usage: pb-member $sub" "$sub --help prints its usage"
done
run pb-member --help
is_out_match "^  register +register" "--help lists the subcommands"
run pb-member --version
is_out_match "^pb-member [0-9]" "--version"
run pb-member frob
is_status 64 "an unknown subcommand"

done_testing
