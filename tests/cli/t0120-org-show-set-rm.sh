#!/bin/sh
# pb-org show, set and rm: how an org is named (code, id, unique name),
# what set changes, and what rm refuses and --force does.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道 --kind street --members 5
pb-org -q add --code s1 --name 东湖社区 --kind community --parent jd --members 30 --phone 0123 --note 备注
pb-org -q add --code s2 --name 东湖社区 --kind community --parent jd
pb-org -q add --code 007 --name 特勤 --kind garrison --parent s1
pb-org -q add --code 3 --name 三号 --kind other
# ids: jd 1, s1 2, s2 3, 007 4, 3 5

run pb-org show jd
is_status 0 "show by code"
is_out "id	1
code	jd
name	东湖街道
kind	street
parent	
parent_name	
uscc	
members	5
address	
contact	
phone	
joined	
left	
note	" "show in tsv: field and value per line"

run pb-org show 2 -f json
is_status 0 "show by id"
is_out '{
  "id": 2,
  "code": "s1",
  "name": "东湖社区",
  "kind": "community",
  "parent": "jd",
  "parent_name": "东湖街道",
  "uscc": null,
  "members": 30,
  "address": null,
  "contact": null,
  "phone": "0123",
  "joined": null,
  "left": null,
  "note": "备注"
}' "show -f json: one object"

run pb-org show 东湖街道 -f yaml --fields code,members,phone
is_status 0 "show by unique name"
is_out "code: jd
members: 5
phone: null" "show -f yaml with --fields"

run pb-org show 3 --fields id,code
is_out "id	5
code	3" "a code that looks like an id is taken as the code first"
run pb-org show 4 --fields code
is_out "code	007" "an id is used when no code matches"
run pb-org show 007 -f csv --fields code,name
printf 'field,value\r\ncode,007\r\nname,特勤\r\n' >"$TMP/want"
is_file "$TMP/out" "$TMP/want" "show -f csv"

run pb-org show 东湖社区
is_status 65 "an ambiguous name: 65"
is_out_empty "nothing on stdout"
is_err_match "ambiguous.*s1, s2" "the candidates are listed"

run pb-org show nowhere
is_status 1 "show of an unknown org: 1"
is_out_empty "nothing on stdout"
is_err_match "unknown organization 'nowhere'" "says what was not found"
run pb-org show 99
is_status 1 "show of an unknown id: 1"
run pb-org show
is_status 64 "show without an argument: 64"

# set
fails 65 "ambiguous" "set on an ambiguous name" pb-org set 东湖社区 --note x
run pb-org set s1 --name 东湖社区党委 --members 31 --address '东湖路 2 号' --joined 2020-01-01
is_status 0 "set several fields"
is_out_empty "set prints nothing"
run pb-org show s1 -f json --fields name,members,address,joined,phone,note
is_out '{
  "name": "东湖社区党委",
  "members": 31,
  "address": "东湖路 2 号",
  "joined": "2020-01-01",
  "phone": "0123",
  "note": "备注"
}' "set changed what was given and kept the rest"

run pb-org set s1 --phone '' --note ''
is_status 0 "set with empty values"
run pb-org show s1 -f json --fields phone,note,parent
is_out '{
  "phone": null,
  "note": null,
  "parent": "jd"
}' "an empty value clears a field"

run pb-org set s1 --kind 学校
run pb-org show s1 --fields kind
is_out "kind	school" "set --kind by Chinese label stores the key"

run pb-org set s2 --parent s1
is_status 0 "set --parent"
run pb-org show s2 --fields parent
is_out "parent	s1" "the parent changed"
run pb-org set s2 --parent ''
run pb-org show s2 --fields parent
is_out "parent	" "set --parent '' detaches"

# The audit trail records one changed row per set, and the command as
# it was typed.
pb-org set s2 --note 一次
run db_query "SELECT command, changes FROM audit ORDER BY id DESC LIMIT 1"
is_out_match "\|orgs \+0 ~1 -0$" "set of one org is audited as orgs +0 ~1 -0"
is_out_match "^pb-org set s2 --note 一次\|" "the audit row has the command as typed"

run pb-org set 007 --code 008
is_status 0 "set --code renames"
run pb-org show 4 --fields code,parent
is_out "code	008
parent	s1" "the new code, the same org"

fails 65 "cycle" "set --parent to the org itself" pb-org set jd --parent jd
fails 65 "cycle" "set --parent to a grandchild" pb-org set jd --parent 008
fails 65 "unknown parent 'nowhere'" "set --parent unknown" pb-org set s1 --parent nowhere
fails 65 "exists already" "set --code to a code in use" pb-org set s1 --code jd
fails 65 "invalid date" "set with a bad date" pb-org set s1 --left 2026-02-30
fails 65 "unknown kind" "set with a bad kind" pb-org set s1 --kind army
fails 1 "unknown organization 'nowhere'" "set of an unknown org" pb-org set nowhere --note x
fails 64 "nothing to set" "set with no field" pb-org set s1
fails 64 "'id' is assigned by pb|unknown option" "set --id" pb-org set s1 --id 9

# rm
pb-org -q add --code lone --name 单独 --kind other
run pb-org rm lone
is_status 0 "rm an org nothing refers to"
is_out_empty "rm prints nothing on stdout"
ok "[ ! -s '$TMP/err' ]" "and nothing on stderr without --force"
run pb-org show lone
is_status 1 "it is gone"

fails 65 "referred to by 1 child org.*--force" "rm of an org with a child" pb-org rm s1
pb-org -q role add s2 --title 书记 --name 王五
fails 65 "referred to by 1 role" "rm of an org with a role" pb-org rm s2
pb-org -q role add jd --title 名誉书记 --name 李四 --from-org 3
fails 65 "referred to by 1 role" "rm of the org an office-holder comes from" pb-org rm 3
fails 65 "referred to by 1 child org, 1 role" "rm of an org with a child and a role" pb-org rm jd
fails 1 "unknown organization 'nowhere'" "rm of an unknown org" pb-org rm nowhere

run pb-org rm s1 --force
is_status 0 "rm --force"
is_out_empty "nothing on stdout"
is_err "pb-org: removed organization 's1'; detached 1 child org" "stderr says what it removed"
run pb-org show 008 --fields parent
is_out "parent	" "the child was detached, not removed"
run pb-org rm s2 --force
is_err "pb-org: removed organization 's2'; removed 1 role" "rm --force removes roles"
run pb-org role list --all --fields title
is_out "名誉书记" "only the role of the removed org went"
run pb-org -q rm 3 --force
is_status 0 "rm -q --force"
ok "[ ! -s '$TMP/err' ]" "-q: nothing on stderr"

done_testing
