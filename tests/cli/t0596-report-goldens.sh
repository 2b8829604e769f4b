#!/bin/sh
# Golden files for the reports that t0500 (summary), t0520 (pairs) and
# t0585 (brief) do not cover: members, review, unit (hn), due, overdue,
# awards and meetings, in table, md and csv, in Chinese and English,
# over the street of fixture-reports.sh with a few rows added below. Each
# golden was read against the json of the same report; some of its
# figures are checked against the json here too. PB_GOLDEN_DUMP=DIR
# writes every report (json too) to DIR instead, to read before saving.
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/cli/fixture-reports.sh
. "$(dirname "$0")/fixture-reports.sh"

G=$TESTS/golden
# due and overdue are as of today; 7 days on: 2026-12-04.
PB_TODAY=2026-11-27
export PB_TODAY

# Added to fixture-reports.sh (events 10 and 11, opinions 1-4):
#   10 2026-03-25 commendation, jd: hn awardee 先进基层党组织, member 1
#      (张伟) 优秀共产党员, xx 8 people x 2h attending
#   11 2026-03-31 meeting, jd (the period's second joint meeting): hn 3
#      x 2h, wj awardee 共建积极单位 (an awardee is not present)
#   opinions: 1 hn 2026-10-01 due 10-31, open (overdue 27 days); 2 xx
#   11-20 due 12-01, open (due in 4 days); 3 wj 11-01 due 11-20,
#   answered 11-18; 4 sq1 11-01 due 11-26, answered 11-28 (late, so
#   overdue on 11-27)
#   pair 8 sq2-zz unit 2026-06-01..2027-01-10 and hn's 书记 赵军 until
#   2027-01-15: ending within 60 days of today (due)
pb-event -q add --date 2026-03-25 --kind commendation --title 七一表彰大会 \
	--org jd || echo "Bail out! event 10"
pb-event -q attend 10 --org hn --role awardee --award 先进基层党组织
pb-event -q attend 10 --member M001 --award 优秀共产党员
pb-event -q attend 10 --org xx --people 8 --hours 2
pb-event -q add --date 2026-03-31 --kind meeting --title 季度联席会议 \
	--org jd || echo "Bail out! event 11"
pb-event -q attend 11 --org hn --people 3 --hours 2
pb-event -q attend 11 --org wj --award 共建积极单位
pb-event -q opinion add --from hn --text 希望增加帮扶资金 \
	--received 2026-10-01 --due 2026-10-31
pb-event -q opinion add --from xx --text 活动提前通知 \
	--received 2026-11-20 --due 2026-12-01
pb-event -q opinion add --from wj --text 公布账目 \
	--received 2026-11-01 --due 2026-11-20
pb-event -q opinion answer 3 --text 已公布 --date 2026-11-18
pb-event -q opinion add --from sq1 --text 修缮活动室 \
	--received 2026-11-01 --due 2026-11-26
pb-event -q opinion answer 4 --text 已修缮 --date 2026-11-28
pb-pair -q add --community sq2 --partner zz --kind unit --since 2026-06-01 \
	--until 2027-01-10
pb-org -q role add hn --title 书记 --name 赵军 --since 2024-01-01 \
	--until 2027-01-15

# The command line of each report.
args() {
	case $1 in
	unit) echo "unit hn --period 2026-03" ;;
	due | overdue) echo "$1" ;;
	*) echo "$1 --period 2026-03" ;;
	esac
}
KINDS='members review unit due overdue awards meetings'

if [ -n "${PB_GOLDEN_DUMP:-}" ]; then
	for k in $KINDS; do
		for lang in zh en; do
			for f in table md csv json; do
				# shellcheck disable=SC2046 # the words of a command line
				env PB_LANG=$lang pb-report $(args "$k") -f $f \
					>"$PB_GOLDEN_DUMP/report-$k-$lang.$f" 2>&1
			done
		done
	done
	exit 0
fi

# ---- golden files, with the title and scope of the json's meta ----------------

for k in $KINDS; do
	for lang in zh en; do
		# shellcheck disable=SC2046 # the words of a command line
		run env PB_LANG=$lang pb-report $(args "$k") -f json
		cp "$TMP/out" "$TMP/$k-$lang.json"
		title=$(jq -r .meta.title "$TMP/$k-$lang.json")
		for f in table md csv; do
			# shellcheck disable=SC2046 # the words of a command line
			run env PB_LANG=$lang pb-report $(args "$k") -f $f
			is_status 0 "$k -f $f, PB_LANG=$lang"
			is_file "$TMP/out" "$G/report-$k-$lang.$f" \
				"$k -f $f matches report-$k-$lang.$f"
			# csv lines end in CR LF (RFC 4180); read here without the CR.
			tr -d '\r' <"$TMP/out" >"$TMP/$k-$lang.$f"
		done
		head -n 1 "$TMP/$k-$lang.table" >"$TMP/line"
		is_file_text "$TMP/line" "$title" "$k table, $lang: the json's title first"
		head -n 1 "$TMP/$k-$lang.md" >"$TMP/line"
		is_file_text "$TMP/line" "# $title" "$k md, $lang: the json's title as heading"
	done
done

# The scope on the second line of every table and in every csv.
for k in members review due overdue awards meetings; do
	ok "sed -n 2p '$TMP/$k-zh.table' | grep -q '^范围：全部；' &&
		grep -q '^报告信息,范围,全部\$' '$TMP/$k-zh.csv' &&
		sed -n 2p '$TMP/$k-en.table' | grep -q '^Scope: all; ' &&
		grep -q '^Report,Scope,all\$' '$TMP/$k-en.csv'" \
		"$k: scope all in the tables and csv, both languages"
done
ok "sed -n 2p '$TMP/unit-zh.table' | grep -q '^范围：hn 华能公司党委；' &&
	grep -q '^报告信息,范围,hn 华能公司党委\$' '$TMP/unit-zh.csv'" \
	"unit: its code and name as the scope"

# ---- the csv's figures are the json's ----------------------------------------

# Numbers to two decimals in every comma-separated field, so that the
# json's 50000 (jq drops the .00) and the csv's 50000.00 compare.
norm() {
	awk -F, 'BEGIN { OFS = "," }
	{ for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9]+(\.[0-9]+)?$/)
		$i = sprintf("%.2f", $i); print }' "$1"
}
# rows HEADER FILE: the rows of the csv table under the line HEADER.
rows() {
	awk -v h="$1" 'on && $0 == "" { exit } on { print } $0 == h { on = 1 }' "$2"
}
# figures_agree DESC JQ-PROGRAM: $TMP/csv against the json $TMP/json.
figures_agree() {
	norm "$TMP/csv" >"$TMP/csv.n"
	jq -r "$2 | map(tostring) | join(\",\")" "$TMP/json" >"$TMP/json.csv"
	norm "$TMP/json.csv" >"$TMP/json.n"
	ok "test -s '$TMP/json.n'" "$1: the json has rows"
	is_file "$TMP/csv.n" "$TMP/json.n" "$1"
}

cp "$TMP/review-en.json" "$TMP/json"
rows 'Code,Name,Kind,Events organized,Events attended,Joint meetings attended,Hours,Contributions (yuan),Pair events,Score' \
	"$TMP/review-en.csv" | cut -d, -f1,4- >"$TMP/csv"
figures_agree "review: each unit's indicators and score" \
	'.units[] | [.code, .events_organized, .events_attended,
	.meetings_attended, .hours, .contributions_yuan, .pair_events, .score]'

cp "$TMP/members-zh.json" "$TMP/json"
grep '^党员,' "$TMP/members-zh.csv" | cut -d, -f3 | paste -sd, - >"$TMP/csv"
figures_agree "members: total, registered, not, new, returned" \
	'.members | [.total, .registered, .unregistered, .new_registrations,
	.returns]'

cp "$TMP/unit-zh.json" "$TMP/json"
grep '^汇总,' "$TMP/unit-zh.csv" | cut -d, -f3 | paste -sd, - >"$TMP/csv"
figures_agree "unit: the totals of hn" \
	'.totals | [.events_organized, .events_attended, .person_times, .hours,
	.cash_yuan, .in_kind_yuan, .member_hours]'
rows '编号,日期,活动类型,活动名称,人次,时长(小时),总时长(小时)' \
	"$TMP/unit-zh.csv" | cut -d, -f1,5- >"$TMP/csv"
figures_agree "unit: hn's people and hours at each event it attended" \
	'.attended[] | [.id, .people, .hours, .hours_total]'
rows '编号,姓名,社区,社区名称,活动,时长(小时)' "$TMP/unit-zh.csv" >"$TMP/csv"
figures_agree "unit: hn's members, their community by code and name" \
	'.members[] | [.id, .name, .community, .community_name, .events, .hours]'

cp "$TMP/due-en.json" "$TMP/json"
rows 'ID,Raised by,Raised by (name),Received,Due,Days left' \
	"$TMP/due-en.csv" | cut -d, -f1,2,6 >"$TMP/csv"
figures_agree "due: the days left of each opinion" \
	'.opinions[] | [.id, .from, .days_left]'

cp "$TMP/overdue-zh.json" "$TMP/json"
rows '编号,提出单位,提出单位名称,收到,答复期限,逾期天数' \
	"$TMP/overdue-zh.csv" | cut -d, -f1,2,6 >"$TMP/csv"
figures_agree "overdue: the days overdue of each opinion" \
	'.opinions[] | [.id, .from, .days_overdue]'

cp "$TMP/meetings-zh.json" "$TMP/json"
rows '代码,名称,参加联席会议,应参加联席会议,出席率(%)' \
	"$TMP/meetings-zh.csv" >"$TMP/csv"
figures_agree "meetings: each unit's meetings and rate" \
	'.by_unit[] | [.code, .name, .meetings_attended, .meetings_expected,
	.rate]'
rows '活动编号,日期,代码,名称,出席,出席人数' "$TMP/meetings-zh.csv" |
	sed 's/,是,/,true,/; s/,否,/,false,/' >"$TMP/csv"
figures_agree "meetings: each meeting x unit, 是/否 and head-count" \
	'.attendance[] | [.event, .date, .code, .name, .present, .people]'

cp "$TMP/awards-en.json" "$TMP/json"
rows 'Date,Event,Title,Awardee,Code,Member ID,Name,Award' \
	"$TMP/awards-en.csv" >"$TMP/csv"
figures_agree "awards: each awardee, event and award" \
	'.awards[] | [.date, .event, .event_title, .awardee, (.code // ""),
	(.member // "" | tostring), .name, .award]'

done_testing
