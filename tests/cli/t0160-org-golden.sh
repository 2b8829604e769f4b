#!/bin/sh
# Tables are aligned by display width, whatever the locale: a Chinese
# character takes two columns even in LC_ALL=C, where wcwidth() would
# say -1.  Compared exactly with golden files.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

G=$TESTS/golden

pb-org -q add --code jd --name 东湖街道党工委 --kind street --members 12
pb-org -q add --code sq-dh --name 东湖社区党委 --kind 社区党组织 --parent jd \
	--members 286 --contact 张三 --phone '027-8765 4321'
pb-org -q add --code wj --name 武警湖北总队某部 --kind garrison --parent jd --members 45
pb-org -q add --code hy --name 华英 --kind private --members 3 --joined 2025-03-01
pb-org -q add --code school.1 --name 'Donghu No.1 Middle School 东湖一中' --kind school --members 58
pb-org -q add --code team_a --name Volunteers --kind 志愿服务队
pb-org -q add --code x --name 某 --kind other --members 1000 --note '一|二'

for loc in C C.UTF-8; do
	run env LC_ALL=$loc PB_LANG=zh pb-org list -f table
	is_status 0 "list -f table, PB_LANG=zh, LC_ALL=$loc"
	is_file "$TMP/out" "$G/org-list-zh.table" "Chinese table in LC_ALL=$loc matches org-list-zh.table"
	run env LC_ALL=$loc PB_LANG=en pb-org list -f table
	is_file "$TMP/out" "$G/org-list-en.table" "English table in LC_ALL=$loc matches org-list-en.table"
	run env LC_ALL=$loc PB_LANG=zh pb-org tree -f table
	is_file "$TMP/out" "$G/org-tree-zh.table" "Chinese tree in LC_ALL=$loc matches org-tree-zh.table"
done

run pb-org list -f table
is_file "$TMP/out" "$G/org-list-en.table" "English is the default in the C locale"
ok "! grep -q ' \$' '$TMP/out'" "no line ends in padding"

# Control characters are escaped in a table, kept in json.
pb-org -q import - <<'YAML'
orgs:
  - code: z
    name: Z
    kind: other
    note: "a\nb"
YAML
run pb-org list -f table --fields code,note --kind other
is_out 'Code  Note
x     一|二
z     a\nb' "a newline in a note is shown as \\n in a table"
run pb-org list -f json --fields note --kind other
is_out '[
{"note":"一|二"},
{"note":"a\nb"}
]' "and as \\n in json"

done_testing
