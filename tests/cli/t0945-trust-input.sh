#!/bin/sh
# Input that would land on the wrong record or hide what it says.  A NUL
# escape in a YAML scalar ("hn\0evil", "\x00", "\u0000") once cut the
# value short, so a code, a ref or a reference named an existing record
# and overwrote it: now every importer and pb-db load (with and without
# --merge) refuse it at FILE:LINE:COL, exit 65, nothing on stdout, the
# database byte-identical; the config reader refuses it too (78).
# Invisible and bidi characters (U+202E, U+200B, U+FEFF, ...) and values
# of nothing but spaces are refused in every field by add, set, YAML and
# CSV import.  Spaces around a one-line value are trimmed, as YAML trims
# a plain scalar, so " R1 " from a CSV cell, a quoted YAML value or an
# option is the member R1, never a second one.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q role add hn --title 书记 --name 王五 --since 2020-01-01
pb-member -q add --ref R1 --name 张伟 --category in-service --unit hn \
	--community sq1 --registered 2022-01-01
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2021-01-01
pb-event -q add --ref e1 --date 2026-10-01 --kind service --title 植树 --org sq1 --pair 1
pb-event -q attend 1 --org hn --people 3 --hours 2
pb-event -q give 1 --from hn --type cash --value 100
pb-event -q opinion add --from hn --text 意见 --received 2026-10-02
cd "$TMP" || exit 1

# refused STATUS ERE DESC CMD...: the status, nothing on stdout, the
# message, and the database byte-identical (db_state: a file's bytes, or
# pg_dump's text).
refused() {
	_want=$1
	_rx=$2
	_desc=$3
	shift 3
	db_state "$TMP/before.db"
	db_save before
	run "$@"
	is_status "$_want" "$_desc: exit $_want"
	is_out_empty "$_desc: nothing on stdout"
	is_err_match "$_rx" "$_desc: message"
	db_state "$TMP/after.db"
	if cmp -s "$TMP/before.db" "$TMP/after.db"; then
		pass "$_desc: database byte-identical"
	else
		fail "$_desc: database byte-identical"
		db_restore before
	fi
}

NUL_MSG='NUL character \(U\+0000\) at character'

# ---- class 2: a NUL escape in a scalar, every section, every importer --
# Each file names an existing record through a value with a NUL in it:
# cut at the NUL, it would update that record.  FILE:LINE:COL is the
# scalar's start.  The three escapes of YAML's double-quoted style.
printf '%s\n' 'orgs:' '  - code: "hn\0evil"' '    name: 恶意公司' \
	'    kind: enterprise' >orgs.yaml
printf '%s\n' 'roles:' '  - org: hn' '    title: 书记' \
	'    name: "王五\x00(假)"' '    since: 2020-01-01' \
	'    note: 覆盖' >roles.yaml
printf '%s\n' 'members:' '  - ref: "R1\u0000evil"' '    name: 恶意' \
	'    category: resident' >members.yaml
printf '%s\n' 'members:' '  - ref: R1' '    name: 张伟' \
	'    category: in-service' '    unit: hn' '    registrations:' \
	'      - community: "sq1\0x"' '        since: 2022-01-01' \
	>registrations.yaml
printf '%s\n' 'pairs:' '  - id: 1' '    community: sq1' \
	'    partner: "hn\x00evil"' '    kind: enterprise' \
	'    since: 2021-01-01' '    goal: 改写' >pairs.yaml
printf '%s\n' 'events:' '  - ref: "e1\0evil"' '    date: 2026-10-01' \
	'    kind: service' '    title: 改写' '    org: sq1' >events.yaml
printf '%s\n' 'events:' '  - ref: e1' '    date: 2026-10-01' \
	'    kind: service' '    title: 植树' '    org: sq1' '    pair: 1' \
	'    participants:' '      - org: "hn\u0000evil"' '        people: 9' \
	>participants.yaml
printf '%s\n' 'events:' '  - ref: e1' '    date: 2026-10-01' \
	'    kind: service' '    title: 植树' '    org: sq1' '    pair: 1' \
	'    contributions:' '      - from: "hn\0"' '        type: cash' \
	'        value: 999' >contributions.yaml
printf '%s\n' 'opinions:' '  - id: 1' '    from: hn' \
	'    text: "意见\x00，其余被截掉"' '    received: 2026-10-02' \
	>opinions.yaml
# A key and a section name carry one too.
printf '%s\n' 'orgs:' '  - code: hn' '    "name\0x": 恶意公司' \
	'    kind: enterprise' >key.yaml
printf '%s\n' '"orgs\u0000x":' '  - code: hn' '    name: 恶意公司' \
	'    kind: enterprise' >section.yaml

# file, where, character, the command that imports it
while read -r file at char cmd; do
	rx="^$file:$at: error: $NUL_MSG $char: no key or value may hold one$"
	# shellcheck disable=SC2086
	refused 65 "$rx" "$cmd import $file" $cmd import "$file"
	is_err_match '^pb-[a-z]+: nothing was written$' \
		"$cmd import $file: nothing was written"
	refused 65 "$rx" "pb-db load --merge $file" pb-db load --merge "$file"
done <<'EOF'
orgs.yaml 2:11 3 pb-org
roles.yaml 4:11 3 pb-org
members.yaml 2:10 3 pb-member
registrations.yaml 7:20 4 pb-member
pairs.yaml 4:14 3 pb-pair
events.yaml 2:10 3 pb-event
participants.yaml 9:14 3 pb-event
contributions.yaml 9:15 3 pb-event
opinions.yaml 4:11 3 pb-event
key.yaml 3:5 5 pb-org
section.yaml 1:1 5 pb-org
EOF

# Each would have landed: the same files with the NUL and what follows
# it removed import cleanly and change the record they name.
sed 's/\\0[^"]*"/"/; s/\\x00[^"]*"/"/; s/\\u0000[^"]*"/"/' orgs.yaml >cut.yaml
run pb-org import cut.yaml
is_err "pb-org: 0 created, 1 updated, 0 unchanged" \
	"the cut value is org hn: the NUL was what kept it from being overwritten"
pb-org -q set hn --name 华能公司党委

# pb-db load without --merge, into an empty database.
empty=$TMP/empty.db
pb-db -q --db "$empty" init
for f in orgs members events; do
	cp "$empty" "$TMP/empty-before.db"
	run pb-db --db "$empty" load "$f.yaml"
	is_status 65 "pb-db load $f.yaml into an empty database: exit 65"
	is_out_empty "pb-db load $f.yaml: nothing on stdout"
	is_err_match "^$f\\.yaml:2:[0-9]+: error: $NUL_MSG 3" \
		"pb-db load $f.yaml: the NUL at its position"
	ok "cmp -s '$empty' '$TMP/empty-before.db'" \
		"pb-db load $f.yaml: the empty database byte-identical"
done

# From standard input the file is <stdin>.
refused 65 "^<stdin>:2:11: error: $NUL_MSG 3" "pb-org import - with a NUL" \
	pb-org import - <orgs.yaml

# The config reader: a NUL in database: would open another file.
printf 'database: "%s\\0.evil"\n' "$TMP/other.db" >nul-config.yaml
PB_CONFIG=$TMP/nul-config.yaml PB_DB='' run pb-org list
is_status 78 "a NUL in the config's database: exit 78"
is_out_empty "config NUL: nothing on stdout"
is_err "$TMP/nul-config.yaml:1:11: error: NUL character (U+0000) at character $(($(printf '%s' "$TMP/other.db" | wc -m) + 1)): no key or value may hold one" \
	"config NUL: the message at the value"
no_db_at() {
	ok "[ ! -e '$1' ]" "$2"
}
no_db_at "$TMP/other.db" "config NUL: no database at the cut path"
printf '"street\\x00": 东湖\n' >nul-config.yaml
PB_CONFIG=$TMP/nul-config.yaml run pb-org list
is_status 78 "a NUL in a config key: exit 78"
is_err_match "nul-config\\.yaml:1:1: error: $NUL_MSG 7" "config key NUL: message"

# ---- class 10a: invisible and bidi characters, blank values ------------
# One of each kind of the table, and a C1 control; each in a name by
# add, by set, by YAML import and by CSV import.
csv_head='ref,name,category'
# u8 HEX: the character U+HEX as UTF-8 (sh's printf has no \u).
u8() {
	_c=$((0x$1))
	if [ "$_c" -lt 2048 ]; then
		_o="$(printf '\\0%o' $((192 | _c >> 6)) $((128 | (_c & 63))))"
	else
		_o="$(printf '\\0%o' $((224 | _c >> 12)) $((128 | (_c >> 6 & 63))) \
			$((128 | (_c & 63))))"
	fi
	printf '%b' "$_o"
}
for cp in 202E 202A 2066 2069 200E 200F 061C 2028 2029 FEFF 200B 200C \
	200D 2060; do
	ch=$(u8 "$cp")
	rx="name: invisible character U\\+$cp \\([a-z -]+( \\(byte-order mark\\))?\\) at character 2"
	refused 65 "^pb-org: error: $rx" "U+$cp in a name by add" \
		pb-org add --code x1 --name "华${ch}能" --kind other
	refused 65 "^pb-org: error: $rx" "U+$cp in a name by set" \
		pb-org set hn --name "华${ch}能"
	printf 'members:\n  - ref: R9\n    name: "张%s伟"\n    category: resident\n' \
		"$ch" >inv.yaml
	refused 65 "^inv\\.yaml:3:11: error: $rx" "U+$cp in a name by YAML import" \
		pb-member import inv.yaml
	printf '%s\nR9,张%s伟,resident\n' "$csv_head" "$ch" >inv.csv
	refused 65 "^inv\\.csv:2: error: $rx" "U+$cp in a name by CSV import" \
		pb-member import --csv inv.csv
done
refused 65 "^pb-org: error: name: control character U\\+0085 at character 2" \
	"a C1 control in a name" pb-org add --code x1 --name "华$(printf '\302\205')能" --kind other

# Other fields: a title, a ref, a code, an opinion's answer; a note keeps
# its newlines but not a bidi override.
rlo=$(printf '\342\200\256')
refused 65 "^pb-event: error: title: invisible character U\\+202E" \
	"U+202E in an event title" pb-event set 1 --title "植${rlo}树"
refused 65 "^pb-member: error: ref: invisible character U\\+202E" \
	"U+202E in a ref" pb-member add --ref "R${rlo}9" --name 李四 --category resident
refused 65 "^pb-org: error: code: invisible character U\\+FEFF" \
	"U+FEFF in a code" pb-org add --code "$(printf 'hn\357\273\277')" --name X --kind other
refused 65 "^pb-org: error: note: invisible character U\\+202E \\(a bidi control\\) at character 5" \
	"U+202E in a note" pb-org set hn --note "$(printf '第一行\n%s二' "$rlo")"
refused 65 "^pb-event: error: answer: invisible character U\\+2067" \
	"U+2067 in an opinion's answer" \
	pb-event opinion answer 1 --text "$(printf 'ok\342\201\247')"
run pb-org set hn --note "$(printf '第一行\n第二行')"
is_status 0 "a note keeps its newlines"
pb-org -q set hn --note ''

# Nothing but spaces: ASCII, ideographic U+3000, no-break, em space.
blank_rx='nothing but white space \(give a value, or leave it empty to clear it\)'
for b in ' ' '　' '　 　' "$(printf '\302\240')" "$(printf '\342\200\203 ')"; do
	refused 65 "^pb-org: error: name: $blank_rx" "blank name '$b' by add" \
		pb-org add --code x1 --name "$b" --kind other
	refused 65 "^pb-org: error: name: $blank_rx" "blank name '$b' by set" \
		pb-org set hn --name "$b"
	printf 'orgs:\n  - code: hn\n    name: "%s"\n    kind: enterprise\n' "$b" >blank.yaml
	refused 65 "^blank\\.yaml:3:11: error: name: $blank_rx" \
		"blank name '$b' by YAML import" pb-org import blank.yaml
	printf '%s\nR1,%s,in-service\n' "$csv_head" "$b" >blank.csv
	refused 65 "^blank\\.csv:2: error: name: $blank_rx" \
		"blank name '$b' by CSV import" pb-member import --csv blank.csv
done
refused 65 "^pb-org: error: note: $blank_rx" "a note of blank lines" \
	pb-org set hn --note "$(printf ' \n\n　')x" --note "$(printf ' \n　')"

# Spaces around a name are trimmed, inside kept.
run pb-org add --code ' hx ' --name '　华新 公司 ' --kind ' enterprise'
is_status 0 "padded code, name and kind: added"
is_out "hx" "the code as trimmed"
run pb-org show hx --fields code,name,kind -f tsv
is_out "$(printf 'code\thx\nname\t华新 公司\nkind\tenterprise')" "stored without the spaces around them"
pb-org -q rm hx

# ---- class 10b: a padded ref is the same member, in every input ---------
one_r1() {
	run pb-member list --fields ref -f tsv
	is_out "R1" "$1: still the one member R1"
}
printf '%s\n%s\n' "$csv_head" '" R1 ",张伟,in-service' >pad.csv
run pb-member import --csv pad.csv
is_status 0 "CSV ' R1 ': imports"
is_err "pb-member: 0 created, 0 updated, 1 unchanged" "CSV ' R1 ': member R1, unchanged"
one_r1 "CSV ' R1 '"
printf '%s\n%s\n' "$csv_head" 'R1　,张伟,in-service' >pad.csv
run pb-member import --csv pad.csv
is_err "pb-member: 0 created, 0 updated, 1 unchanged" "CSV 'R1　' (U+3000): member R1, unchanged"
printf '%s\n' 'members:' '  - ref: " R1 "' '    name: "张伟 "' \
	'    category: in-service' >pad.yaml
run pb-member import pad.yaml
is_status 0 "YAML quoted ' R1 ': imports"
is_err "pb-member: 0 created, 0 updated, 1 unchanged" "YAML ' R1 ': member R1, unchanged"
one_r1 "YAML ' R1 '"
refused 65 "^pb-member: error: ref 'R1' is already member 1" \
	"argv --ref ' R1 ': the existing member" \
	pb-member add --ref ' R1 ' --name 张伟 --category in-service
one_r1 "argv --ref ' R1 '"
run pb-member show ' R1 ' --fields ref,name -f tsv
is_status 0 "show ' R1 ' finds R1"
is_out "$(printf 'ref\tR1\nname\t张伟')" "show ' R1 ': member R1"
run pb-org show ' hn ' --fields code -f tsv
is_out "$(printf 'code\thn')" "show ' hn ': org hn"
run pb-event attend 1 --member ' R1 '
is_status 0 "attend --member ' R1 ': member R1"
refused 65 "^pb-member: error: ref: $blank_rx" "a blank ref" \
	pb-member add --ref '　' --name 李四 --category resident

done_testing
