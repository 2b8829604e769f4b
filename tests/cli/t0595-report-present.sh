#!/bin/sh
# Reports that say what they are and set this period beside the
# previous one: meta {title, street, scope, period in words, as_of,
# compiler, generated} in every report kind (json, yaml, tsv) and as the
# title of table, md and html; 增减 and 增幅 exact (0 to n 新增/new, 0 to 0
# a dash, money with two decimals, --no-compare without them); an empty
# list as 无/none; labels (男/女, 是/否); PB_LANG only zh or en.
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"

# The database of t0500-report-summary.sh: February 2026 beside January.
sed -n '/^# fixture: begin/,/^# fixture: end/p' \
	"$TESTS/cli/t0500-report-summary.sh" >"$TMP/fixture.sh"
# shellcheck source=/dev/null
. "$TMP/fixture.sh"

# meta of the last run (tsv), one "key value" a line.
meta() {
	grep '^meta\.' "$TMP/out" >"$TMP/meta"
}
S=东湖街道党工委

# ---- meta in every report kind --------------------------------------------------

run pb-report summary --period 2026-02 -f tsv
meta
is_file_text "$TMP/meta" "meta.title	Co-construction monthly report, February 2026
meta.street	$S
meta.scope	
meta.period	February 2026
meta.as_of	2026-02-28
meta.compiler	$S
meta.generated	2026-11-27" "summary of a month: a monthly report, as of the month's end, produced today"

run env PB_LANG=zh pb-report summary --period 2026-02 -f tsv
meta
is_file_text "$TMP/meta" "meta.title	${S}共驻共建工作月报 2026年2月
meta.street	$S
meta.scope	
meta.period	2026年2月
meta.as_of	2026-02-28
meta.compiler	$S
meta.generated	2026-11-27" "in Chinese: the street's name, 共驻共建工作月报, 2026年2月"

# Each kind by its name; fixed reports by the day they run.
check_title() { # WANT-TITLE WANT-AS-OF DESC, of the last run
	meta
	grep -E '^meta\.(title|as_of)	' "$TMP/meta" >"$TMP/meta2"
	is_file_text "$TMP/meta2" "meta.title	$1
meta.as_of	$2" "$3"
}
run env PB_LANG=zh PB_TODAY=2026-03-01 pb-report monthly -f tsv
check_title "${S}共驻共建工作月报 2026年2月" 2026-02-28 "monthly"
run env PB_LANG=zh PB_TODAY=2026-04-01 pb-report quarterly -f tsv
check_title "${S}共驻共建工作季报 2026年第一季度" 2026-03-31 "quarterly"
run env PB_LANG=zh pb-report summary --period 2026-H1 -f tsv
check_title "${S}共驻共建工作半年报 2026年上半年" 2026-06-30 "a half year"
run env PB_LANG=zh PB_TODAY=2027-01-05 pb-report annual -f tsv
check_title "${S}共驻共建工作年报 2026年度" 2026-12-31 "annual"
run env PB_LANG=zh pb-report summary --period 2026-02-01..2026-03-15 -f tsv
check_title "${S}共驻共建工作统计 2026-02-01至2026-03-15" 2026-03-15 "a range"
run pb-report summary --period 2026-02-01..2026-03-15 -f tsv
check_title "Co-construction report, 2026-02-01 to 2026-03-15" 2026-03-15 "a range in English"
run env PB_LANG=zh pb-report members --period 2026-02 -f tsv
check_title "${S}党员报到情况 2026年2月" 2026-02-28 "members"
run env PB_LANG=zh pb-report pairs --period 2026-02 -f tsv
check_title "${S}共建对子情况 2026年2月" 2026-02-28 "pairs"
run env PB_LANG=zh pb-report review --period 2026-Q1 -f tsv
check_title "${S}共驻共建考评表 2026年第一季度" 2026-03-31 "review"
run env PB_LANG=zh pb-report unit hn --period 2026-02 -f tsv
check_title "${S}单位共建反馈表 2026年2月" 2026-02-28 "unit"
is_out_match '^meta\.scope\.code	hn$' "unit: the unit is the scope"
run env PB_LANG=zh pb-report due -f tsv
check_title "${S}到期事项提醒 截至2026-11-27" 2026-11-27 "due: as of today"
is_out_match '^meta\.period	$' "due: no period"
run env PB_LANG=zh pb-report overdue --as-of 2026-03-01 -f tsv
check_title "${S}逾期未答复意见 截至2026-03-01" 2026-03-01 "overdue: as of --as-of"

# A period not over: as of today, not its end.
run env PB_LANG=zh pb-report summary --period this-year -f tsv
check_title "${S}共驻共建工作年报 2026年度" 2026-11-27 "this year, not over: as of today"

# --org: its code and name; json and yaml add the key, nothing else moves.
run pb-report summary --period 2026-02 --org sq1 -f json
is_status 0 "json --org sq1"
perl -0ne 'print "$1\n" if /\n(  "meta": \{\n.*?\n  \})\n\}\n\z/s' "$TMP/out" >"$TMP/meta"
is_file_text "$TMP/meta" '  "meta": {
    "title": "Co-construction monthly report, February 2026",
    "street": "东湖街道党工委",
    "scope": {
      "code": "sq1",
      "name": "东湖社区党委"
    },
    "period": "February 2026",
    "as_of": "2026-02-28",
    "compiler": "东湖街道党工委",
    "generated": "2026-11-27"
  }' "json: meta last, scope the org's code and name"
ok "head -n 2 '$TMP/out' | grep -q '^  \"period\": {\$'" "json: the figures first, as before"
run pb-report summary --period 2026-02 --no-compare -f yaml
is_out_match '^meta:$' "yaml: a meta map"
is_out_match '^  title: Co-construction monthly report, February 2026$' "yaml: its title"
is_out_match '^  scope: null$' "yaml: no --org, scope null"

# The config's street names the street and the compiler.
printf 'street: 东湖街道\n' >"$PB_CONFIG"
run env PB_LANG=zh pb-report summary --period 2026-02 -f tsv
meta
grep -E '^meta\.(title|street|compiler)	' "$TMP/meta" >"$TMP/meta2"
is_file_text "$TMP/meta2" "meta.title	东湖街道共驻共建工作月报 2026年2月
meta.street	东湖街道
meta.compiler	东湖街道" "the config's street in the title, as street and compiler"
: >"$PB_CONFIG"

# A roll-up: the district's own meta, the number of streets.
run pb-report summary --period 2026-02 --by street -f tsv
meta
tab=$(printf '\t')
is_file_text "$TMP/meta" "meta.title	District report of 1 street: co-construction monthly report, February 2026$tab
meta.street	$tab
meta.scope	$tab
meta.period	February 2026$tab
meta.as_of	2026-02-28$tab
meta.compiler	$tab
meta.streets	1$tab
meta.generated	2026-11-27$tab" "roll-up: District report of 1 street, no street of its own, its total column only"
run env PB_LANG=zh pb-report summary --period 2026-02 --by street -f table
head -n 2 "$TMP/out" >"$TMP/head"
is_file_text "$TMP/head" "区级汇总（1个街道）共驻共建工作月报 2026年2月
范围：全部；截至：2026-02-28；填报单位：-；生成日期：2026-11-27" "roll-up table: the district's title first"

# ---- the title in table, md and html -------------------------------------------

run env PB_LANG=zh pb-report pairs --period 2026-02 --org sq1 -f table
head -n 3 "$TMP/out" >"$TMP/head"
is_file_text "$TMP/head" "${S}共建对子情况 2026年2月
范围：sq1 东湖社区党委；截至：2026-02-28；填报单位：${S}；生成日期：2026-11-27
" "table: the title, then scope, as-of date, compiler and date produced"
run pb-report members --period 2026-02 -f md
head -n 4 "$TMP/out" >"$TMP/head"
is_file_text "$TMP/head" "# Members report, February 2026

Scope: all; as of: 2026-02-28; compiled by: $S; generated: 2026-11-27
" "md: # title and the line under it"
run env PB_LANG=zh pb-report due -f html
is_out_match "^<title>${S}到期事项提醒 截至2026-11-27</title>\$" "html: <title>"
is_out_match "^<h1>${S}到期事项提醒 截至2026-11-27</h1>\$" "html: <h1>"

# ---- this period beside the previous one ----------------------------------------

# Worked out from t0500's figures: February against January.
run env PB_LANG=zh pb-report summary --period 2026-02 -f table
row() { # LABEL WANT DESC: the row of LABEL, spaces squeezed
	grep -E "^ *$1 " "$TMP/out" | tr -s ' ' | sed 's/^ //' >"$TMP/row"
	is_file_text "$TMP/row" "$2" "$3"
}
row 合计 "合计 5 2 +3 +150.0%
合计 6 6 0 0.0%" "events 5 against 2: +3, +150.0%; members 6 and 6: 0, 0.0%"
row 人次 "人次 59 33 +26 +78.8%" "59 person-times against 33: +78.8% (78.79)"
row '实物折价\(元\)' "实物折价(元) 4700.00 8000.00 -3300.00 -41.3%" "money: -3300.00, -41.25% rounded half away from zero to -41.3%"
row '资金\(元\)' "资金(元) 60000.00 0.00 +60000.00 新增" "from 0 to 60000.00: 新增"
row 环境共建 "环境共建 0 0 0 -" "from 0 to 0: a dash"
row 教育宣传 "教育宣传 0 1 -1 -100.0%" "from 1 to 0: -100.0%"
ok "! grep -q '^上期:' '$TMP/out'" "the previous period is not a second block"
run pb-report summary --period 2026-02 -f table
row 'Cash \(yuan\)' "Cash (yuan) 60000.00 0.00 +60000.00 new" "in English, from 0 to n: new"
run pb-report summary --period 2026-02 -f csv
is_out_match "^Contributions,Cash .yuan.,60000.00,0.00,60000.00,new.\$" "csv: the change bare, new"
is_out_match "^Contributions,In kind .yuan.,4700.00,8000.00,-3300.00,-41.3.\$" "csv: the percent a bare number"
is_out_match "^Events / By kind,Environment,0,0,0,.\$" "csv: 0 to 0 an empty percent"
run pb-report summary --period 2026-02 --no-compare -f table
ok "! grep -q 'Previous\\|Change' '$TMP/out'" "--no-compare: no previous, change or percent columns"
row 'Person-times' "Person-times 59" "--no-compare: the figure alone"
run pb-report summary --period 2026-02 --no-compare -f md
is_out_match '^- \*\*Person-times\*\*: 59$' "--no-compare md: the figure alone"

# ---- empty lists, labels ----------------------------------------------------------

run env PB_LANG=zh pb-report overdue --as-of 2024-01-01 -f table
is_out_match '^  无$' "an empty list: 无"
run pb-report overdue --as-of 2024-01-01 -f md
is_out_match '^none$' "in md: none"
run pb-report overdue --as-of 2024-01-01 -f csv
is_out_match '^none.$' "in csv: none after the list's header"

run env PB_LANG=zh pb-report pairs --period 2026-02 -f table
is_out_match '  休眠  单方参与$' "flags headed 休眠, 单方参与"
is_out_match ' 是  +否$' "flags as 是/否, not 1/0"
run pb-member add --name 钱七 --gender f --category resident --org sq1
run env PB_LANG=zh pb-member list -f table
is_out_match '钱七 +女 ' "gender as 女, not f"
run pb-member list -f table
is_out_match '钱七 +Female ' "in English: Female"
run pb-member list -f tsv
is_out_match '钱七	f	' "tsv keeps the stored f"

# ---- PB_LANG: zh or en ------------------------------------------------------------

run env PB_LANG=fr pb-report summary --period 2026-02
is_status 64 "PB_LANG=fr: a usage error"
is_out_empty "PB_LANG=fr: nothing on stdout"
is_err_match "PB_LANG 'fr' is not a language pb has \\(expected zh or en\\)" "PB_LANG=fr: the message names zh and en"
run env PB_LANG=fr pb-org list
is_status 64 "every command refuses it"
run env PB_LANG= pb-report summary --period 2026-02 -f tsv
is_status 0 "an empty PB_LANG is unset"

done_testing
