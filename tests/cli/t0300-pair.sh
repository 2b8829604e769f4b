#!/bin/sh
# pb-pair add, list, show, set, end and rm: targets stored exactly, every
# rule refused with 65 and the database untouched, the filters and every
# format, and what pb-org rm does to an org's pairs.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q add --code cj --name 长江公司党支部 --kind enterprise
pb-org -q add --code lm --name 利民公司党支部 --kind enterprise
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-org -q add --code xx --name 东湖小学党支部 --kind school
# ids: jd 1, sq1 2, sq2 3, hn 4, cj 5, lm 6, wj 7, xx 8; today 2026-11-27

# ---- add ---------------------------------------------------------------

run pb-pair add --community sq1 --partner hn --kind enterprise \
	--since 2024-03-01 --goal '帮扶困难家庭' --target-households 30 \
	--target-persons 80 --target-yuan 6万 --note '首批'
is_status 0 "add with every field"
is_out "1" "add prints the new id"

run pb-pair show 1 -f json
is_out '{
  "id": 1,
  "community": "sq1",
  "community_name": "东湖社区党委",
  "partner": "hn",
  "partner_name": "华能公司党委",
  "kind": "enterprise",
  "since": "2024-03-01",
  "until": null,
  "goal": "帮扶困难家庭",
  "target_households": 30,
  "target_persons": 80,
  "target_yuan": 60000.00,
  "note": "首批"
}' "every field stored; 6万 reads back as 60000.00"

run pb-pair add -c 西湖社区党委 -p 7 -k 军民共建 -s 2023-03-01 --target-yuan 1234.5元
is_status 0 "short options, community by name, partner by id, Chinese kind"
is_out "2" "prints the id"
run pb-pair show 2 --fields community,partner,kind,target_yuan
is_out "community	sq2
partner	wj
kind	military
target_yuan	1234.50" "sides stored as codes, kind as key, 1234.5元 as 1234.50"

run pb-pair add -c jd -p xx -k school -s 2025-09-01 --until 2026-07-01 --target-yuan 60000
is_status 0 "the street may be the community side"
is_out "3" "prints the id"

run pb-pair add -c sq1 -p cj -k unit -s 2020-01-01 --until 2021-01-01 --target-yuan 0.5
is_out "4" "an ended pair"
run pb-pair show 4 --fields target_yuan
is_out "target_yuan	0.50" "half a yuan is 0.50"

run pb-pair -q add -c sq1 -p hn -k aid -s 2025-01-01
is_status 0 "the same two orgs may pair again in another kind"
is_out_empty "-q prints no id"

run pb-pair add -c sq1 -p hn -k enterprise -s 2022-01-01 --until 2024-03-01
is_status 0 "an earlier pair of the same kind that ended the day the next began"
is_out "6" "prints the id"

# ---- the rules ----------------------------------------------------------

fails 65 "community and partner are both 'sq1' \\(an organization cannot pair with itself\\)" \
	"pairing an org with itself" \
	pb-pair add -c sq1 -p 东湖社区党委 -k other -s 2026-01-01
fails 65 "community 'hn' is of kind enterprise \\(expected an organization of kind community or street\\)" \
	"an enterprise on the community side" \
	pb-pair add -c hn -p sq2 -k enterprise -s 2026-01-01
run pb-org add --code qw --name 东湖区委 --kind 区委
is_status 0 "a district, by its Chinese label"
fails 65 "community 'qw' is of kind district \\(expected an organization of kind community or street\\)" \
	"the district on the community side: it is neither" \
	pb-pair add -c qw -p hn -k enterprise -s 2026-01-01
fails 65 "partner: unknown organization 'nobody'" "an unknown partner" \
	pb-pair add -c sq1 -p nobody -k enterprise -s 2026-01-01
fails 65 "community: unknown organization 'nowhere'" "an unknown community" \
	pb-pair add -c nowhere -p hn -k enterprise -s 2026-01-01
fails 65 "until 2025-12-31 is before since 2026-01-01" "until before since" \
	pb-pair add -c sq2 -p lm -k enterprise -s 2026-01-01 --until 2025-12-31
fails 65 "'sq1' and 'hn' already have an active pair of kind enterprise \\(pair 1, since 2024-03-01\\): end it first \\(pb-pair end 1\\)" \
	"a second active pair of a kind" \
	pb-pair add -c sq1 -p hn -k 社企共建 -s 2026-01-01
fails 65 "'jd' and 'xx' already have a pair of kind school active from 2025-09-01 until 2026-07-01 \\(pair 3\\): only one pair of a kind may be active at a time" \
	"a pair whose days meet those of an ended one" \
	pb-pair add -c jd -p xx -k school -s 2026-06-30
fails 65 "already have a pair of kind enterprise active from 2022-01-01 until 2024-03-01 \\(pair 6\\)" \
	"an ended pair that would overlap others" \
	pb-pair add -c sq1 -p hn -k enterprise -s 2023-01-01 --until 2024-03-02
fails 65 "missing since" "no since" pb-pair add -c sq2 -p lm -k enterprise
fails 65 "missing partner" "no partner" pb-pair add -c sq2 -k enterprise -s 2026-01-01
fails 65 "unknown kind 'joint' \\(expected one of: enterprise, military, unit, school, aid, other\\)" \
	"an unknown kind" pb-pair add -c sq2 -p lm -k joint -s 2026-01-01
fails 65 "since: invalid date '2026-02-30'" "an impossible date" \
	pb-pair add -c sq2 -p lm -k enterprise -s 2026-02-30
fails 65 "^pb-pair: error: --target-yuan: amount '1.234'" "money finer than a fen" \
	pb-pair add -c sq2 -p lm -k enterprise -s 2026-01-01 --target-yuan 1.234
fails 65 "^pb-pair: error: --target-households: " "a negative count" \
	pb-pair add -c sq2 -p lm -k enterprise -s 2026-01-01 --target-households -3
fails 64 "unknown option '--colour'" "an unknown option" \
	pb-pair add -c sq2 -p lm -k enterprise -s 2026-01-01 --colour red

run pb-pair add -c jd -p xx -k school -s 2026-07-01
is_status 0 "a pair may begin on the day the last one ended"
is_out "7" "prints the id"

# ---- list ---------------------------------------------------------------

run pb-pair list --fields id,community,partner,kind,since,until
is_status 0 "list"
is_out "1	sq1	hn	enterprise	2024-03-01	
2	sq2	wj	military	2023-03-01	
3	jd	xx	school	2025-09-01	2026-07-01
4	sq1	cj	unit	2020-01-01	2021-01-01
5	sq1	hn	aid	2025-01-01	
6	sq1	hn	enterprise	2022-01-01	2024-03-01
7	jd	xx	school	2026-07-01	" "every pair, by id; tsv without header, null empty"

run pb-pair list --active --fields id
is_out "1
2
5
7" "--active: begun and not ended today"
run pb-pair list --as-of 2026-06-30 --fields id
is_out "1
2
3
5" "--as-of: active on that day (a pair ends on its until)"
run pb-pair list --as-of 2024-03-01 --fields id
is_out "1
2" "on the until of one pair and the since of the next, only the next"
run pb-pair list --as-of 2019-12-31
is_status 0 "a list that matched nothing exits 0"
is_out_empty "and prints nothing"
run pb-pair list --org hn --fields id
is_out "1
5
6" "--org: the partner side"
run pb-pair list --org 东湖社区党委 --kind enterprise --fields id
is_out "1
6" "--org by name on the community side, with --kind"
run pb-pair list --org wj --active --fields id
is_out "2" "--org with --active"
run pb-pair list --kind 校社共建 --fields id
is_out "3
7" "--kind by Chinese label"
run pb-pair list --kind joint
is_status 64 "an unknown --kind is a usage error"
is_err_match "unknown kind 'joint' \\(expected one of: enterprise, military" "names it and the choices"
run pb-pair list --org nobody
is_status 65 "an unknown --org"
is_err_match "unknown organization 'nobody'" "names it"
run pb-pair list --as-of 2026-13-01
is_status 65 "a bad --as-of"
is_err_match "^pb-pair: error: --as-of: " "names the option"

# ---- formats ------------------------------------------------------------

run pb-pair list --org sq2 --header
is_out "id	community	community_name	partner	partner_name	kind	since	until	goal	target_households	target_persons	target_yuan	note
2	sq2	西湖社区党委	wj	武警某部	military	2023-03-01					1234.50	" "tsv --header"
run pb-pair list --org hn --kind enterprise -f csv
printf 'id,community,community_name,partner,partner_name,kind,since,until,goal,target_households,target_persons,target_yuan,note\r\n1,sq1,东湖社区党委,hn,华能公司党委,enterprise,2024-03-01,,帮扶困难家庭,30,80,60000.00,首批\r\n6,sq1,东湖社区党委,hn,华能公司党委,enterprise,2022-01-01,2024-03-01,,,,,\r\n' >"$TMP/want.csv"
is_file "$TMP/out" "$TMP/want.csv" "csv: header, CRLF line ends"
run pb-pair list --org wj -f json
is_out '[
{"id":2,"community":"sq2","community_name":"西湖社区党委","partner":"wj","partner_name":"武警某部","kind":"military","since":"2023-03-01","until":null,"goal":null,"target_households":null,"target_persons":null,"target_yuan":1234.50,"note":null}
]' "json: targets as numbers, null as null"
run pb-pair list --kind school -f jsonl --fields id,until,target_yuan
is_out '{"id":3,"until":"2026-07-01","target_yuan":60000.00}
{"id":7,"until":null,"target_yuan":null}' "jsonl"
run pb-pair list --kind school -f yaml --fields id,since,target_yuan
is_out "- id: 3
  since: 2025-09-01
  target_yuan: 60000.00
- id: 7
  since: 2026-07-01
  target_yuan: null" "yaml"
run pb-pair list --kind school -f table --fields id,community,partner,kind,since,target_yuan
is_out "ID  Community  Partner  Kind              Since       Target yuan
 3  jd         xx       School-community  2025-09-01     60000.00
 7  jd         xx       School-community  2026-07-01" "table in English, labels for kinds"
PB_LANG=zh run pb-pair list --org sq1 --active -f table --fields id,partner,kind,goal,target_yuan
is_out "编号  共建单位  类型      共建目标      目标金额(元)
   1  hn        社企共建  帮扶困难家庭      60000.00
   5  hn        帮扶结对" "table in Chinese, aligned by display width"
run pb-pair show 2 -f yaml
is_out "id: 2
community: sq2
community_name: 西湖社区党委
partner: wj
partner_name: 武警某部
kind: military
since: 2023-03-01
until: null
goal: null
target_households: null
target_persons: null
target_yuan: 1234.50
note: null" "show in yaml"
run pb-pair show 2 -f tsv --fields id,kind
is_out "id	2
kind	military" "show in tsv: a field a line"

# ---- show, set, end, rm of what is not there ------------------------------

run pb-pair show 99
is_status 1 "show of a missing pair exits 1"
is_err "pb-pair: error: no pair with id 99" "and says so"
run pb-pair show x1
is_status 64 "show of a non-number"
is_err_match "invalid pair id 'x1' \\(expected a number\\)" "says what an id is"
fails 1 "no pair with id 99" "set of a missing pair" pb-pair set 99 --goal x
fails 1 "no pair with id 99" "end of a missing pair" pb-pair end 99
fails 1 "no pair with id 99" "rm of a missing pair" pb-pair rm 99
fails 64 "nothing to set" "set without a field" pb-pair set 1

# ---- set ----------------------------------------------------------------

run pb-pair set 1 --goal '结对帮扶，共建文明社区' --target-yuan 7.5万 --note ''
is_status 0 "set changes fields"
is_out_empty "and prints nothing"
run pb-pair show 1 --fields goal,target_households,target_yuan,note
is_out "goal	结对帮扶，共建文明社区
target_households	30
target_yuan	75000.00
note	" "only the given fields change; an empty value clears"
fails 65 "community and partner are both 'hn'" "set breaking a rule" \
	pb-pair set 1 --community hn
fails 65 "already have an active pair of kind enterprise \\(pair 1" \
	"set reopening an ended pair over an active one" pb-pair set 6 --until ''
fails 65 "until 2020-01-01 is before since 2024-03-01" "set until before since" \
	pb-pair set 1 --until 2020-01-01
run pb-pair set 4 --kind enterprise --partner lm
is_status 0 "set may change the kind and the sides"
run pb-pair show 4 --fields partner,kind
is_out "partner	lm
kind	enterprise" "changed"

# ---- end ----------------------------------------------------------------

fails 65 "until 2023-02-28 is before since 2023-03-01" "end before the pair began" \
	pb-pair end 2 --until 2023-02-28
fails 65 "^pb-pair: error: --until: " "end with a bad date" pb-pair end 2 --until 2026-02-30
run pb-pair end 2
is_status 0 "end, by default today"
run pb-pair show 2 --fields until
is_out "until	2026-11-27" "until is today"
run pb-pair list --active --fields id
is_out "1
5
7" "an ended pair is no longer active"
run pb-pair end 5 --until 2026-01-01
is_status 0 "end on a given day"
run pb-pair show 5 --fields until
is_out "until	2026-01-01" "stored"
run pb-pair add -c sq2 -p wj -k military -s 2026-11-27
is_status 0 "after ending, a new pair of the kind may begin"
is_out "8" "prints the id"

# ---- rm -----------------------------------------------------------------

run pb-pair rm 8
is_status 0 "rm"
is_out_empty "prints nothing"
ok "[ -z \"\$(pb-pair list --org wj --active)\" ]" "the pair is gone"
run pb-pair rm 4 --force
is_status 0 "rm --force"
is_err "pb-pair: removed pair 4 (enterprise, 'sq1' and 'lm', since 2020-01-01)" "--force says what it removed"

# A pair that events refer to: refused with what refers to it, the
# database untouched; --force keeps the events without a pair, and the
# totals by pair follow (pb-db check compares them with the records).
pid=$(pb-pair add -c sq2 -p cj -k enterprise -s 2025-01-01)
pb-event -q add --date 2025-03-01 --kind service --title 义诊 --org sq2 --pair "$pid"
pb-event -q add --date 2025-04-01 --kind service --title 义剪 --org sq2 --pair "$pid"
fails 65 "^pb-pair: error: pair $pid is referred to by 2 events \\(use --force to remove it, its events kept without a pair, or end it to keep its history\\)\$" \
	"rm of a pair with events" pb-pair rm "$pid"
fails 65 "^pb-pair: error: pair $pid is referred to by 2 events" \
	"rm of several, one with events: none removed" pb-pair rm 1 "$pid"
run pb-pair rm "$pid" --force
is_status 0 "rm --force of a pair with events"
is_err "pb-pair: removed pair $pid (enterprise, 'sq2' and 'cj', since 2025-01-01); detached 2 events" \
	"--force says what it removed and detached"
run pb-event list --org sq2 --fields title,pair -f tsv
is_out "义诊	
义剪	" "the events stay, without a pair"
run pb-db check
is_status 0 "pb-db check: the totals by pair follow the records"

# ---- pb-org rm and pairs --------------------------------------------------

fails 65 "organization 'hn' is referred to by 3 pairs \\(use --force" \
	"pb-org rm of an org with pairs" pb-org rm hn
run pb-org rm hn --force
is_status 0 "pb-org rm --force"
is_err "pb-org: removed organization 'hn'; removed 3 pairs" "says the pairs went with it"
run pb-pair list --fields id
is_out "2
3
7" "they are gone"

# ---- two communities -------------------------------------------------------

run pb-pair add -c sq1 -p sq2 -k other -s 2025-01-01
is_status 0 "a community may be the partner of another"
fails 65 "'sq2' and 'sq1' already have an active pair of kind other \\(pair 8, since 2025-01-01\\)" \
	"the same two orgs the other way round" \
	pb-pair add -c sq2 -p sq1 -k other -s 2026-01-01

# ---- help and version -----------------------------------------------------

for sub in add list show set end rm import export; do
	run pb-pair "$sub" --help
	is_status 0 "$sub --help exits 0"
	is_out_match "^usage: pb-pair $sub" "$sub --help prints its usage"
done
run pb-pair add --help
is_out_match "--target-yuan YUAN" "add --help lists the target options"
run pb-pair --help
is_out_match "^  end +end a pair" "--help lists the subcommands"
run pb-pair --version
is_out_match "^pb-pair [0-9]" "--version"
run pb-pair frob
is_status 64 "an unknown subcommand"

done_testing
