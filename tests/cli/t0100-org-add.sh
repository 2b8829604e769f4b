#!/bin/sh
# pb-org add: prints the code; kinds by key and by Chinese label; every
# field stored; each kind of bad input refused with 65 (64 for usage)
# and nothing written.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run pb-org add --code jd --name 东湖街道党工委 --kind street
is_status 0 "add a street"
is_out "jd" "add prints the new code"
ok db_exists "the first write creates the database (a file: and its directory)"

run pb-org add --code dh --name 东湖社区党委 --kind 社区党组织 --parent jd
is_status 0 "add with a Chinese kind label"
is_out "dh" "prints the code"

run pb-org add --code wj.1 --name 武警某部 --kind 驻军 --parent 东湖街道党工委 \
	--uscc 91440300279583285Y --members 45 --address '东湖路 1 号' \
	--contact 张三 --phone 0123 --joined 2020-01-31 --left 2030-12-31 \
	--note '军民共建'
is_status 0 "add with every field; the parent by its name"
is_out "wj.1" "prints the code"

run pb-org add -c 007 -n 特勤 -k garrison -p 1 -m 7
is_status 0 "short options; the parent by its id"
is_out "007" "a code of digits is kept as written"

run pb-org list -f json --fields code,kind,parent,members
is_status 0 "list after adds"
is_out '[
{"code":"007","kind":"garrison","parent":"jd","members":7},
{"code":"dh","kind":"community","parent":"jd","members":null},
{"code":"jd","kind":"street","parent":null,"members":null},
{"code":"wj.1","kind":"garrison","parent":"jd","members":45}
]' "kinds are stored as keys, parents as codes, members as numbers"

run pb-org show wj.1 -f json
is_out '{
  "id": 3,
  "code": "wj.1",
  "name": "武警某部",
  "kind": "garrison",
  "parent": "jd",
  "parent_name": "东湖街道党工委",
  "uscc": "91440300279583285Y",
  "members": 45,
  "address": "东湖路 1 号",
  "contact": "张三",
  "phone": "0123",
  "joined": "2020-01-31",
  "left": "2030-12-31",
  "note": "军民共建"
}' "every field is stored as given (phone 0123 stays a string)"

run pb-org -q add --code quiet --name Quiet --kind other
is_status 0 "-q add succeeds"
is_out_empty "-q: nothing on stdout"
ok "[ ! -s '$TMP/err' ]" "-q: nothing on stderr"

run pb-org add --code quiet2 --name Quiet --kind other -q
is_out_empty "-q after the subcommand works too"

# Failures: exit status, no output, a message, and nothing written.
fails 65 "organization 'jd' exists already" "duplicate code" \
	pb-org add --code jd --name Other --kind street
fails 65 "unknown kind 'army' \(expected one of: district, street, community, garrison, agency, institution, enterprise, private, school, social, team, other\)" \
	"unknown kind, with the list" pb-org add --code x --name X --kind army
fails 65 "invalid code 'Upper'" "upper-case code" \
	pb-org add --code Upper --name X --kind street
fails 65 "invalid code '-x'" "code starting with '-'" \
	pb-org add --code=-x --name X --kind street
code65=$(repeat a 65)
code64=${code65#a}
fails 65 "invalid code '$code65'" "code of 65 characters" \
	pb-org add --code "$code65" --name X --kind street
run pb-org add --code "$code64" --name X --kind street
is_status 0 "a code of 64 characters is accepted"
is_out "$code64" "and printed"
fails 65 "invalid code 'a b'" "code with a space" \
	pb-org add --code 'a b' --name X --kind street
fails 65 "unknown parent 'nowhere'" "unknown parent" \
	pb-org add --code x --name X --kind street --parent nowhere
fails 65 "2026-02-30" "invalid date 2026-02-30" \
	pb-org add --code x --name X --kind street --joined 2026-02-30
fails 65 "joined" "a date that is not YYYY-MM-DD" \
	pb-org add --code x --name X --kind street --joined 2026/01/01
fails 65 "left.*before joined|joined.*left" "left before joined" \
	pb-org add --code x --name X --kind street --joined 2026-01-02 --left 2026-01-01
fails 65 "name: invalid UTF-8" "invalid UTF-8 in the name" \
	pb-org add --code x --name "$(printf 'ab\377')" --kind street
fails 65 "UTF-8" "an overlong UTF-8 encoding of '/'" \
	pb-org add --code x --name "$(printf '\300\257')" --kind street

name200=$(repeat 名 200)
name201=$(repeat a 201)
fails 65 "name: too long: 201 characters" "a name of 201 characters" \
	pb-org add --code x --name "$name201" --kind street
run pb-org add --code long --name "$name200" --kind street
is_status 0 "a name of 200 (Chinese) characters is accepted"
run pb-org show long -f tsv --fields name
is_out "name	$name200" "and stored whole"

fails 65 "name: control character" "a tab in the name" \
	pb-org add --code x --name "$(printf 'a\tb')" --kind street
fails 65 "name: control character" "an escape character in the name" \
	pb-org add --code x --name "$(printf 'a\033[31mb')" --kind street
fails 65 "control character" "a newline in the address" \
	pb-org add --code x --name X --kind street --address "$(printf 'a\nb')"
fails 65 "invalid uscc '91440300279583285X'" "uscc with a wrong check character" \
	pb-org add --code x --name X --kind street --uscc 91440300279583285X
fails 65 "invalid uscc" "uscc of 17 characters" \
	pb-org add --code x --name X --kind street --uscc 91440300279583285
fails 65 "invalid uscc" "uscc with a lower-case letter" \
	pb-org add --code x --name X --kind street --uscc 91440300279583285y
fails 65 "uscc 91440300279583285Y is already used by 'wj.1'" "duplicate uscc" \
	pb-org add --code x --name X --kind street --uscc 91440300279583285Y
fails 65 "missing name" "missing --name" \
	pb-org add --code x --kind street
fails 65 "missing kind" "missing --kind" \
	pb-org add --code x --name X
fails 65 "missing code" "missing --code" \
	pb-org add --name X --kind street
fails 65 "members" "negative members" \
	pb-org add --code x --name X --kind street --members -1
fails 65 "members" "fractional members" \
	pb-org add --code x --name X --kind street --members 2.5
fails 65 "phone" "a phone with letters" \
	pb-org add --code x --name X --kind street --phone 0123-abc
fails 64 "unknown option '--colour'" "unknown option" \
	pb-org add --code x --name X --kind street --colour red
fails 64 "needs a value" "an option without its value" \
	pb-org add --code x --name X --kind
fails 64 "unexpected argument 'extra'" "a stray argument" \
	pb-org add --code x --name X --kind street extra
fails 64 "'id' is assigned by pb|unknown option" "--id cannot be given" \
	pb-org add --id 9 --code x --name X --kind street

run pb-org list --fields code
is_out "007
$code64
dh
jd
long
quiet
quiet2
wj.1" "after all the failures only the good adds are there"

done_testing
