#!/bin/sh
# examples/: the example data imports cleanly (the 2022 Spring Festival
# relief read back in the summary), demo.sh does the main job twice
# with nothing changed the second time, and each recipe of pb(7) runs
# against the example data with its exact output: no-active-pair.sh,
# roster-import.sh (the Excel roster with its BOM and Chinese headings,
# and a bad one refused whole), backup.sh (checked copies, the newest
# KEEP kept), and the cron scripts.  Every script is shellcheck clean.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

EX=$(cd "$TESTS/../examples" && pwd)
tab=$(printf '\t')

# ---- the example data ---------------------------------------------------------

run pb-org import "$EX/rongyao.yaml"
is_status 0 "rongyao.yaml imports"
run pb-pair import "$EX/rongyao-pairs.yaml"
is_err "pb-pair: 4 created, 0 updated, 0 unchanged" "rongyao-pairs.yaml: 4 pairs"
run pb-member import "$EX/rongyao-members.yaml"
is_err "pb-member: 6 created, 0 updated, 0 unchanged" \
	"rongyao-members.yaml: 6 members"
run pb-event import "$EX/rongyao-events.yaml"
is_err "pb-event: 5 created, 0 updated, 0 unchanged" \
	"rongyao-events.yaml: 4 events and an opinion"

# 人次: the relief 5 + 20 + R001 and the meeting 3 + 2 + 1 = 32; the
# commendation's awardees (ry.ranqi and R001) are not attendance.
run pb-report summary --period 2022 --org rongyao --no-compare -f tsv
grep -E '^(events\.total|events\.by_kind\.aid|participation\.|contributions\.|beneficiaries\.households|pairs\.|opinions\.)' \
	"$TMP/out" >"$TMP/picked"
is_file_text "$TMP/picked" "events.total${tab}4
events.by_kind.aid${tab}1
participation.orgs${tab}4
participation.members${tab}1
participation.person_times${tab}32
participation.volunteer_hours${tab}109
contributions.count${tab}4
contributions.cash_yuan${tab}60000.00
contributions.in_kind_yuan${tab}800000.00
contributions.goods.0.item${tab}大米和面粉
contributions.goods.0.unit${tab}斤
contributions.goods.0.quantity${tab}8600
beneficiaries.households${tab}140
pairs.active${tab}3
pairs.new${tab}1
pairs.ended${tab}1
pairs.dormant${tab}3
opinions.received${tab}1
opinions.answered${tab}1
opinions.answered_on_time${tab}1
opinions.answered_on_time_rate${tab}100
opinions.overdue${tab}0" \
	"summary 2022: the relief's 140 households, 6万 and the rooms' 80万"

# ---- no-active-pair.sh ------------------------------------------------------------

run sh "$EX/recipes/no-active-pair.sh"
is_status 0 "no-active-pair.sh"
is_out "ry.gongjiao${tab}华南公交集团第五分公司党支部
ry.guangming-shangmao${tab}光明商贸城非公企业联合党支部
ry.huanan-wuye${tab}华南物业管理有限公司党支部
ry.yinhang${tab}某商业银行荣耀支行党支部" \
	"enterprises and private ones unpaired today (the bank's pair ended in 2022)"
PB_TODAY=2022-06-01 run sh "$EX/recipes/no-active-pair.sh"
is_out "ry.gongjiao${tab}华南公交集团第五分公司党支部
ry.guangming-shangmao${tab}光明商贸城非公企业联合党支部
ry.huanan-wuye${tab}华南物业管理有限公司党支部" \
	"as of 2022-06-01 the bank was still paired"

# ---- roster-import.sh ---------------------------------------------------------------

ok "[ \"\$(head -c 3 '$EX/roster.csv' | od -An -tx1 | tr -d ' ')\" = efbbbf ]" \
	"roster.csv starts with a BOM, as Excel's CSV UTF-8"
run sh "$EX/recipes/roster-import.sh" "$EX/roster.csv"
is_status 0 "roster-import.sh roster.csv"
is_err "pb-member: dry run, nothing written: 4 created, 0 updated, 0 unchanged
pb-member: 4 created, 0 updated, 0 unchanged" "checked, then imported"
run pb-member list --fields ref,name,category,org,community,unit,note
is_out "R001${tab}陈刚${tab}in-service${tab}ry.ranqi${tab}ry.rongyao${tab}ry.ranqi${tab}
R002${tab}刘洋${tab}in-service${tab}ry.ranqi${tab}ry.huanan${tab}ry.ranqi${tab}
Y001${tab}周敏${tab}in-service${tab}ry.yinhang${tab}ry.rongyao${tab}ry.yinhang${tab}
T001${tab}孙丽${tab}retired${tab}ry.rongyao${tab}${tab}${tab}
T002${tab}王德明${tab}resident${tab}ry.huanan${tab}${tab}${tab}
T003${tab}赵军${tab}veteran${tab}ry.heping${tab}${tab}${tab}
R101${tab}黄海涛${tab}in-service${tab}ry.ranqi${tab}ry.rongyao${tab}ry.ranqi${tab}
R102${tab}林晓燕${tab}in-service${tab}ry.renminyiyuan${tab}ry.guangming${tab}ry.renminyiyuan${tab}
R103${tab}郑国华${tab}retired${tab}ry.heping${tab}${tab}${tab}
R104${tab}何静${tab}resident${tab}ry.yangguang${tab}${tab}${tab}楼栋长, 志愿者" \
	"the roster's members, organizations named in full found by name"
run sh "$EX/recipes/roster-import.sh" "$EX/roster.csv"
is_err "pb-member: dry run, nothing written: 0 created, 0 updated, 4 unchanged
pb-member: 0 created, 0 updated, 4 unchanged" "run again: nothing changes"

sed -e 's/,离退休党员,/,离休,/' -e 's/阳光社区党支部/无此支部/' "$EX/roster.csv" \
	>"$TMP/bad.csv"
snapshot
run sh "$EX/recipes/roster-import.sh" "$TMP/bad.csv"
is_status 65 "a bad roster: 65"
is_err_match "bad\\.csv:4: error: .*'离休'" "the bad category, by line"
is_err_match "bad\\.csv:5: error: .*无此支部" "and the unknown organization"
is_err_match "roster-import.sh: .* not imported; correct the sheet" \
	"the script says nothing was imported"
db_unchanged "a bad roster writes nothing"
fails 64 'usage: roster-import.sh' "roster-import.sh without a file" \
	sh "$EX/recipes/roster-import.sh"

# ---- backup.sh ---------------------------------------------------------------------

mkdir "$TMP/backups"
for d in 01 02 03; do
	PB_TODAY=2026-11-$d run sh "$EX/recipes/backup.sh" "$TMP/backups" 2
	is_status 0 "backup.sh on the ${d}th"
	is_out "$TMP/backups/pb-2026-11-$d.db" "prints the copy's path"
done
run ls "$TMP/backups"
is_out "pb-2026-11-02.db
pb-2026-11-03.db" "KEEP=2: the two newest are kept"
run pb-member --db "$TMP/backups/pb-2026-11-03.db" list --fields ref
ok "[ \"\$(wc -l <'$TMP/out')\" -eq 10 ]" "the copy holds the members"
fails 73 "is not a directory" "backup.sh into a missing directory" \
	sh "$EX/recipes/backup.sh" "$TMP/nowhere"
fails 64 "KEEP must be a number" "backup.sh with KEEP 0" \
	sh "$EX/recipes/backup.sh" "$TMP/backups" 0

# ---- the cron scripts on the example data -----------------------------------------

mkdir "$TMP/reports"
PB_TODAY=2022-02-01 run sh "$EX/cron/monthly-report.sh" "$TMP/reports"
is_status 0 "monthly-report.sh for January 2022"
PB_TODAY=2022-02-01 run sh "$EX/cron/unit-sheets.sh" "$TMP/reports"
is_status 0 "unit-sheets.sh for January 2022"
run ls "$TMP/reports"
is_out "report-2022-01.csv
report-2022-01.html
unit-ry.dangyuan-fuwudui-2022-01.html
unit-ry.gongjiao-2022-01.html
unit-ry.guangming-shangmao-2022-01.html
unit-ry.huanan-wuye-2022-01.html
unit-ry.jikong-2022-01.html
unit-ry.quzhengfu-jsj-2022-01.html
unit-ry.ranqi-2022-01.html
unit-ry.renminyiyuan-2022-01.html
unit-ry.rongyao-xiaoxue-2022-01.html
unit-ry.rongyao-zhongxue-2022-01.html
unit-ry.wj-zhongdui-2022-01.html
unit-ry.xinchuang-keji-2022-01.html
unit-ry.yigong-xiehui-2022-01.html
unit-ry.yinhang-2022-01.html" "the report and a sheet for every unit"
ok "grep -q 60000 '$TMP/reports/report-2022-01.csv'" \
	"January's report has the relief's 60,000 yuan"

# ---- demo.sh -------------------------------------------------------------------------

run env PB_DB="$TMP/demo.db" sh "$EX/demo.sh"
is_status 0 "demo.sh"
head -12 "$TMP/out" >"$TMP/head"
is_file_text "$TMP/head" "database: $TMP/demo.db
importing examples/rongyao.yaml
importing examples/hunan.yaml
importing examples/rongyao-pairs.yaml
importing examples/rongyao-members.yaml
importing examples/rongyao-events.yaml

organization tree of Rongyao street:
Depth  Code                   Name                              Kind                            Members  Total members
    0  rongyao                荣耀街道党工委                    Street Party working committee       46           1860
    1  ry.dangyuan-fuwudui      荣耀在职党员志愿服务队          Volunteer team                                       0
    1  ry.gongjiao              华南公交集团第五分公司党支部    Enterprise                           47             47" \
	"demo.sh imports the examples and prints the tree"
is_out_match "^  total +150$" "150 organizations in the two streets"
is_out_match "^  Cash \\(yuan\\) +60000\\.00$" "the 2022 summary shows the relief's cash"
is_out_match "^last month's report \\(pb-report monthly\\):$" \
	"and last month's report ends it"
is_out_match "^  Label +2026-10$" "last month is October 2026"
run env PB_DB="$TMP/demo.db" sh "$EX/demo.sh"
is_status 0 "demo.sh again"
is_err_match "pb-event: 0 created, 0 updated, 5 unchanged" \
	"run again, nothing changes"

# ---- shellcheck ------------------------------------------------------------------------

if command -v shellcheck >/dev/null 2>&1; then
	for f in "$EX"/*.sh "$EX"/recipes/*.sh "$EX"/cron/*.sh; do
		run shellcheck -s sh "$f"
		is_status 0 "shellcheck ${f#"$EX"/}"
	done
else
	pass "# SKIP no shellcheck"
fi
done_testing
