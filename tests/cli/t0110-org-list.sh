#!/bin/sh
# pb-org list: order by code, the filters, inactive orgs, every format,
# --fields, and -o.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run env -u PB_DB pb-org list
is_status 0 "list on the default database before its first write"
is_out_empty "prints nothing in tsv"
run env -u PB_DB pb-org list -f json
is_out "[]" "prints [] in json"
ok "[ ! -e '$XDG_DATA_HOME' ]" "and creates no database"

pb-org -q add --code jd --name 东湖街道 --kind street --members 5
pb-org -q add --code sq2 --name 西湖社区 --kind community --parent jd --members 30
pb-org -q add --code sq1 --name 东湖社区 --kind community --parent jd --phone 0123
pb-org -q add --code ent --name 'Acme, "Best" Co' --kind enterprise --parent sq1 --members 3
pb-org -q add --code gone --name 已撤销 --kind private --parent sq1 --left 2026-11-26
pb-org -q add --code later --name 将撤销 --kind private --left 2026-11-28
# ids: jd 1, sq2 2, sq1 3, ent 4, gone 5, later 6

run pb-org list --fields code,name
is_status 0 "list"
is_out 'ent	Acme, "Best" Co
jd	东湖街道
later	将撤销
sq1	东湖社区
sq2	西湖社区' "ordered by code; an org that left before today is not listed, one leaving later is"

run pb-org list --all --fields code
is_out "ent
gone
jd
later
sq1
sq2" "--all includes the org that has left"

run pb-org list --kind community --fields code,kind
is_out "sq1	community
sq2	community" "--kind by key"
run pb-org list --kind 社区党组织 --fields code
is_out "sq1
sq2" "--kind by Chinese label"
run pb-org list --kind army
is_status 64 "--kind unknown: usage error"
is_err_match "unknown kind 'army'" "names the bad kind"

run pb-org list --parent sq1 --fields code
is_out "ent" "--parent: direct children, active only"
run pb-org list --parent 东湖社区 --all --fields code
is_out "ent
gone" "--parent by name, with --all"
run pb-org list --parent jd --fields code
is_out "sq1
sq2" "--parent: only direct children, not grandchildren"
run pb-org list --parent nowhere
is_status 65 "--parent unknown: 65"
is_out_empty "nothing on stdout"
run pb-org list --kind school
is_status 0 "a list that matched nothing exits 0"
is_out_empty "and prints nothing"

# tsv
run pb-org list --fields id,code,parent,members,phone
is_out "4	ent	sq1	3	
1	jd		5	
6	later			
3	sq1	jd		0123
2	sq2	jd	30	" "tsv: no header, null is empty"
run pb-org list --header --fields code,members
is_out "code	members
ent	3
jd	5
later	
sq1	
sq2	30" "tsv --header"
run pb-org list --header --kind school --fields code,members
is_out "code	members" "tsv --header on an empty list: the header alone"

# csv
run pb-org list -f csv --fields code,name,members
printf 'code,name,members\r\nent,"Acme, ""Best"" Co",3\r\njd,东湖街道,5\r\nlater,将撤销,\r\nsq1,东湖社区,\r\nsq2,西湖社区,30\r\n' >"$TMP/want.csv"
is_file "$TMP/out" "$TMP/want.csv" "csv: header, RFC 4180 quoting, CRLF line ends"
run pb-org list -f csv --bom --fields code --kind community
printf '\357\273\277code\r\nsq1\r\nsq2\r\n' >"$TMP/want.csv"
is_file "$TMP/out" "$TMP/want.csv" "csv --bom starts with EF BB BF"
run pb-org list -f csv --fields code --kind community
ok "[ \"\$(head -c 4 '$TMP/out')\" = code ]" "csv without --bom has no BOM"

# json
run pb-org list -f json --fields id,code,name,parent,members --kind enterprise
is_out '[
{"id":4,"code":"ent","name":"Acme, \"Best\" Co","parent":"sq1","members":3}
]' "json: an array of objects; numbers bare, strings escaped"
run pb-org list -f json --fields code,members,phone --parent jd
is_out '[
{"code":"sq1","members":null,"phone":"0123"},
{"code":"sq2","members":30,"phone":null}
]' "json: null for unset, phone a string"
run pb-org list -f json --fields code,members --parent jd
ok "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[1][\"members\"] == 30' '$TMP/out'" "json parses, members a number"

# jsonl
run pb-org list -f jsonl --fields code,members --parent jd
is_out '{"code":"sq1","members":null}
{"code":"sq2","members":30}' "jsonl: one object per line"
run pb-org list -f jsonl --kind school
is_out_empty "jsonl: empty list prints nothing"

# yaml
run pb-org list -f yaml --fields code,name,members,phone --parent jd
is_out "- code: sq1
  name: 东湖社区
  members: null
  phone: '0123'
- code: sq2
  name: 西湖社区
  members: 30
  phone: null" "yaml: a sequence of mappings, Chinese as itself, 0123 quoted"
run pb-org list -f yaml --kind school
is_out "[]" "yaml: empty list is []"

# table
run pb-org list -f table --fields id,code,members --parent jd
is_out "ID  Code  Members
 3  sq1
 2  sq2        30" "table: headings, numbers right-aligned, no trailing blanks"

# --fields
run pb-org list --fields members,code,id --kind community
is_out "	sq1	3
30	sq2	2" "--fields picks the columns in the order given"
snapshot
run pb-org list --fields code,colour
is_status 64 "--fields with an unknown field: 64"
is_err_match "unknown field 'colour'" "names the unknown field"
is_out_empty "nothing on stdout"
run pb-org list -f json --fields code,colour
is_out_empty "nothing on stdout in json either"

# -o FILE
echo old >"$TMP/list.tsv"
run pb-org list --fields code --kind community -o "$TMP/list.tsv"
is_status 0 "-o FILE"
is_out_empty "-o: nothing on stdout"
is_file_text "$TMP/list.tsv" "sq1
sq2" "-o: the file has the list"
ok "[ -z \"\$(ls -A '$TMP' | grep '^\\.list\\.tsv')\" ]" "-o: no temporary file left behind"
run pb-org list --fields nope -o "$TMP/list.tsv"
is_status 64 "-o with a failing list"
is_file_text "$TMP/list.tsv" "sq1
sq2" "a failed run leaves the old file as it was"
run pb-org list --fields code -o "$TMP/no/such/dir/x.tsv"
is_status 73 "-o into a missing directory: 73"
mkdir "$TMP/adir"
run pb-org list --fields code -o "$TMP/adir"
is_status 73 "-o onto a directory: 73, as pb-db backup onto one"
is_err "pb-org: error: cannot create '$TMP/adir': Is a directory" "-o onto a directory: the message"
ok "[ -z \"\$(ls -A '$TMP/adir')\" ] && [ -z \"\$(ls -A '$TMP' | grep 'pb-tmp')\" ]" \
	"-o onto a directory: nothing left in it or beside it"
db_unchanged "listing changed nothing"

done_testing
