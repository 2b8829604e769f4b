#!/bin/sh
# Several at once: show (every kind), rm (every kind), pb-pair end and
# pb-event opinion answer take several references, or '-' alone for one a
# line on standard input (empty lines skipped). All of them are one
# transaction: one bad reference anywhere, or a NUL byte, fails them all
# and changes nothing (pb-db dump the same before and after), with
# <stdin>:LINE for a line of standard input and the exit status of that
# failure. A record named twice, by the same or another reference, is
# taken once. show prints several as one document: a JSON array, a YAML
# sequence, JSON lines, or the records one after another with an empty
# line between; one argument prints the record alone, as it always did.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道 --kind street
pb-org -q add --code s1 --name 东湖社区 --kind community --parent jd
pb-org -q add --code e1 --name 甲公司 --kind enterprise
pb-org -q add --code e2 --name 乙公司 --kind enterprise
pb-org -q add --code x1 --name 一号 --kind other
pb-org -q add --code x2 --name 二号 --kind other
pb-org -q add --code x3 --name 三号 --kind other --parent x1
# org ids: jd 1, s1 2, e1 3, e2 4, x1 5, x2 6, x3 7
pb-pair -q add -c s1 -p e1 -k enterprise -s 2026-01-01
pb-pair -q add -c s1 -p e2 -k enterprise -s 2026-01-01
pb-pair -q add -c jd -p e2 -k aid -s 2026-02-01
pb-member -q add -n 张三 -c resident -r r1 --community s1 --registered 2026-01-05
pb-member -q add -n 李四 -c retired -r r2
pb-member -q add -n 王五 -c resident
pb-event -q add -d 2026-03-01 -k meeting -t 会一 -O s1 -r ev1
pb-event -q add -d 2026-03-02 -k service -t 会二 -O s1
pb-event -q add -d 2026-03-03 -k service -t 会三 -O jd
pb-event -q attend ev1 --member r1 -H 2
for i in 1 2 3; do
	pb-event -q opinion add --from e1 --text "意见$i" --received "2026-03-0$i"
done

# The dump now, and after a command that must change nothing.
dump_before() {
	pb-db dump >"$TMP/dump.before"
}
dump_same() {
	pb-db dump >"$TMP/dump.after"
	is_file "$TMP/dump.after" "$TMP/dump.before" "$@"
}

# ---- show -------------------------------------------------------------

run pb-org show --fields code,name jd s1
is_status 0 "org show, two: exit 0"
is_out "code	jd
name	东湖街道

code	s1
name	东湖社区" "tsv: the records one after another, an empty line between"

run pb-org -f json show --fields code,name jd s1
is_out '[
  {
    "code": "jd",
    "name": "东湖街道"
  },
  {
    "code": "s1",
    "name": "东湖社区"
  }
]' "json: an array of the objects"

run pb-org -f yaml show --fields code,name jd s1
is_out '- code: jd
  name: 东湖街道
- code: s1
  name: 东湖社区' "yaml: a sequence of the mappings"

run pb-org -f jsonl show --fields code,name jd s1
is_out '{"code":"jd","name":"东湖街道"}
{"code":"s1","name":"东湖社区"}' "jsonl: one object a line"

run pb-org -f csv --bom show --fields code jd s1
# The empty line as show puts one before a record's sublist in csv.
printf '\357\273\277field,value\r\ncode,jd\r\n\nfield,value\r\ncode,s1\r\n' \
	>"$TMP/want.csv"
is_file "$TMP/out" "$TMP/want.csv" "csv: an empty line between, one byte-order mark"

printf 'jd\n\n1\r\ns1\n' >"$TMP/refs"
run pb-org -f json show --fields code,name - <"$TMP/refs"
is_status 0 "show -: exit 0"
is_out '[
  {
    "code": "jd",
    "name": "东湖街道"
  },
  {
    "code": "s1",
    "name": "东湖社区"
  }
]' "show -: a line each, the empty one skipped, jd and 1 (its id) shown once"

run pb-org -f json show --fields code jd
is_out '{
  "code": "jd"
}' "one argument: the object alone, as before"
printf 'jd\n' >"$TMP/refs"
run pb-org -f json show --fields code - <"$TMP/refs"
is_out '[
  {
    "code": "jd"
  }
]' "show - with one line: still a sequence, as a script reading it expects"

run pb-org -f json show - </dev/null
is_status 0 "show - with nothing on stdin: exit 0"
is_out '[]' "json: the empty array"
run pb-org -f yaml show - </dev/null
is_out '[]' "yaml: the empty sequence"
run pb-org show - </dev/null
is_out_empty "tsv: nothing"

fails 1 "^pb-org: error: unknown organization 'zz'$" "show with an unknown org in the middle" \
	pb-org show jd zz s1
printf 'jd\nzz\ns1\n' >"$TMP/refs"
run pb-org show - <"$TMP/refs"
is_status 1 "show - with an unknown org: exit 1"
is_out_empty "show - with an unknown org: nothing shown"
is_err "<stdin>:2: error: unknown organization 'zz'" "show -: the line named"
printf 'jd\ns\0x\ns1\n' >"$TMP/refs"
run pb-org show - <"$TMP/refs"
is_status 65 "a NUL byte on stdin: exit 65"
is_out_empty "a NUL byte: nothing shown"
is_err "<stdin>:2: error: NUL byte in the input" "a NUL byte: its line named"
fails 64 "give '-' alone" "'-' among other references" pb-org show jd -
fails 64 "-f xlsx shows one record" "-f xlsx with several" \
	pb-org -f xlsx -o "$TMP/o.xlsx" show jd s1
ok "[ ! -e '$TMP/o.xlsx' ]" "-f xlsx with several: no workbook"

run pb-pair show --fields id,community,partner 3 1
is_out "id	3
community	jd
partner	e2

id	1
community	s1
partner	e1" "pair show, two ids, in the order given"
fails 64 "invalid pair id 'x'" "pair show with a bad id" pb-pair show 1 x
fails 1 "^pb-pair: error: no pair with id 99$" "pair show with a missing id" \
	pb-pair show 1 99

run pb-member -f json show r1 3 2 --as-of 2026-01-01
is_status 0 "member show, three, as of a date"
ok "[ \"\$(jq -c '[.[] | [.name, .community, (.registrations | length)]]' \
	\"\$TMP/out\")\" = '[[\"张三\",null,1],[\"王五\",null,0],[\"李四\",null,0]]' ]" \
	"member show: each with its registrations, as of the date"
printf 'r2\n2\nr1\n' >"$TMP/refs"
run pb-member -f tsv show --fields id,name - <"$TMP/refs"
is_out "id	2
name	李四

id	1
name	张三" "member show -: by ref and id, r2 and 2 the same member, once"

run pb-event -f json show ev1 3
is_status 0 "event show, two"
ok "[ \"\$(jq -c '[.[] | [.title, (.participants | length), (.opinions | length)]]' \
	\"\$TMP/out\")\" = '[[\"会一\",1,0],[\"会三\",0,0]]' ]" \
	"event show: each with its sublists"

# Completion offers an org at every place of "ORG...".
run pb-org --complete-words show jd
is_out_match '^s1$' "completion: org codes after the first org too"

# ---- pb-pair end ------------------------------------------------------

dump_before
fails 1 "^pb-pair: error: no pair with id 99$" "end with a missing pair in the middle" \
	pb-pair end 1 99 2 --until 2026-06-30
dump_same "end with a missing pair: pair 1 not ended either (dump)"
fails 64 "invalid pair id 'x'" "end with a bad id" pb-pair end 1 x
printf '1\nx\n' >"$TMP/refs"
run pb-pair end - <"$TMP/refs"
is_status 64 "end - with a bad id: exit 64"
is_err "<stdin>:2: error: invalid pair id 'x' (expected a number)" \
	"end -: the line named"
dump_same "end - with a bad id: nothing changed (dump)"

run pb-pair end 1 2 1 --until 2026-06-30
is_status 0 "end two pairs, one named twice"
printf '3\n\n' >"$TMP/refs"
run pb-pair end - --until 2026-07-01 <"$TMP/refs"
is_status 0 "end -"
run pb-pair list --fields id,until
is_out "1	2026-06-30
2	2026-06-30
3	2026-07-01" "each pair ended on its day"

# ---- pb-event opinion answer -----------------------------------------

dump_before
fails 1 "^pb-event: error: no opinion with id 99$" "answer with a missing opinion" \
	pb-event opinion answer 1 99 --text 已办 --date 2026-03-10
dump_same "answer with a missing opinion: opinion 1 not answered either (dump)"
printf '1\0\n' >"$TMP/refs"
run pb-event opinion answer - --text 已办 <"$TMP/refs"
is_status 65 "answer - with a NUL byte: exit 65"
is_err "<stdin>:1: error: NUL byte in the input" "answer -: the line named"
dump_same "answer - with a NUL byte: nothing changed (dump)"

run pb-event opinion answer 1 2 --text 已办 --date 2026-03-10
is_status 0 "answer two opinions"
printf '3\n3\n' >"$TMP/refs"
run pb-event opinion answer - --text 已复 --date 2026-03-11 <"$TMP/refs"
is_status 0 "answer -, the same opinion twice: once"
run pb-event opinion list --fields id,answer,answered
is_out "1	已办	2026-03-10
2	已办	2026-03-10
3	已复	2026-03-11" "each opinion answered"

# ---- rm ---------------------------------------------------------------

dump_before
fails 65 "^pb-org: error: organization 'x1' is referred to by 1 child org" \
	"org rm: one refused in the middle" pb-org rm x2 x1 e1
dump_same "org rm refused: x2 and e1 still there (dump)"
fails 1 "^pb-org: error: unknown organization 'zz'$" "org rm with an unknown org" \
	pb-org rm x2 zz
printf 'x2\nzz\n' >"$TMP/refs"
run pb-org rm - <"$TMP/refs"
is_status 1 "org rm - with an unknown org: exit 1"
is_err "<stdin>:2: error: unknown organization 'zz'" "org rm -: the line named"
dump_same "org rm with an unknown org: nothing removed (dump)"

run pb-org rm --force x1 x2 5
is_status 0 "org rm --force, two (x1 also by its id)"
is_err "pb-org: removed organization 'x1'; detached 1 child org
pb-org: removed organization 'x2'" "a note for each, once all is written"
printf 'x3\n' >"$TMP/refs"
run pb-org rm - <"$TMP/refs"
is_status 0 "org rm -"
run pb-org list --all --fields code
is_out "e1
e2
jd
s1" "x1, x2 and x3 removed"

dump_before
fails 1 "^pb-pair: error: no pair with id 99$" "pair rm with a missing pair" \
	pb-pair rm 2 99
dump_same "pair rm with a missing pair: pair 2 still there (dump)"
printf '3\n2\n' >"$TMP/refs"
run pb-pair rm - <"$TMP/refs"
is_status 0 "pair rm -"
run pb-pair list --fields id
is_out "1" "pairs 2 and 3 removed"

dump_before
fails 1 "^pb-member: error: unknown member 'zz'" "member rm with an unknown member" \
	pb-member rm 2 zz
dump_same "member rm with an unknown member: 2 still there (dump)"
run pb-member rm r2 3 2
is_status 0 "member rm, by ref and id, one named twice"
run pb-member list --all --fields id,name
is_out "1	张三" "members 2 and 3 removed"

dump_before
fails 65 "event 1 has 1 participant" "event rm: one refused at the end" \
	pb-event rm 2 ev1
dump_same "event rm refused: event 2 still there (dump)"
run pb-event rm 3 2
is_status 0 "event rm, two"
run pb-event list --fields id,title
is_out "1	会一" "events 2 and 3 removed"

done_testing
