#!/bin/sh
# pb-report pairs: each pair active on some day of the period, by id,
# with its events of the period, their hours, what each side gave,
# targets against what was achieved, and the flags dormant (active at the
# period's end with no event in the N days up to it) and one_sided
# (exactly one side organized, attended or gave). Figures by hand from
# fixture-reports.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/cli/fixture-reports.sh
. "$(dirname "$0")/fixture-reports.sh"

G=$TESTS/golden

# Pair 1: events 1 (03-01) and 2 (03-31), not 4 (04-01); hours 10x2 + 3
# + 3x2 + 2 + 4x1.5 = 37; sq1 gave 500, hn 30000 + 20000; households 40
# + 10, persons 90 + 20. Pair 2: event 3 by wj alone (5x4 + 1.5 hours):
# one-sided. Pair 3: last event 2025-12-31, the day before the 90-day
# window (2026-01-01..03-31): dormant. Pair 4: its event on 2026-01-01
# is the window's first day. Pair 5 ended on 03-20: listed, never
# dormant. Pair 6 ended on 03-01 and pair 7 begins on 04-01: not listed.
run pb-report pairs --period 2026-03 -f json
is_status 0 "pairs report"
is_out_report '{
  "as_of": "2026-03-31",
  "pairs": [
    {
      "id": 1,
      "community": "sq1",
      "community_name": "东湖社区党委",
      "partner": "hn",
      "partner_name": "华能公司党委",
      "kind": "enterprise",
      "since": "2025-01-01",
      "until": null,
      "events": 2,
      "hours": 37,
      "community_yuan": 500.00,
      "partner_yuan": 50000.00,
      "target_households": 100,
      "target_persons": 200,
      "target_yuan": 50000.00,
      "households": 50,
      "persons": 110,
      "yuan": 50500.00,
      "dormant": false,
      "one_sided": false
    },
    {
      "id": 2,
      "community": "sq2",
      "community_name": "西湖社区党委",
      "partner": "wj",
      "partner_name": "武警某部",
      "kind": "military",
      "since": "2025-06-01",
      "until": null,
      "events": 1,
      "hours": 21.5,
      "community_yuan": 0.00,
      "partner_yuan": 0.00,
      "target_households": null,
      "target_persons": null,
      "target_yuan": null,
      "households": 0,
      "persons": 30,
      "yuan": 0.00,
      "dormant": false,
      "one_sided": true
    },
    {
      "id": 3,
      "community": "sq1",
      "community_name": "东湖社区党委",
      "partner": "xx",
      "partner_name": "东湖小学党支部",
      "kind": "school",
      "since": "2024-01-01",
      "until": null,
      "events": 0,
      "hours": 0,
      "community_yuan": 0.00,
      "partner_yuan": 0.00,
      "target_households": null,
      "target_persons": null,
      "target_yuan": null,
      "households": 0,
      "persons": 0,
      "yuan": 0.00,
      "dormant": true,
      "one_sided": false
    },
    {
      "id": 4,
      "community": "sq2",
      "community_name": "西湖社区党委",
      "partner": "xx",
      "partner_name": "东湖小学党支部",
      "kind": "unit",
      "since": "2025-01-01",
      "until": null,
      "events": 0,
      "hours": 0,
      "community_yuan": 0.00,
      "partner_yuan": 0.00,
      "target_households": null,
      "target_persons": null,
      "target_yuan": null,
      "households": 0,
      "persons": 0,
      "yuan": 0.00,
      "dormant": false,
      "one_sided": false
    },
    {
      "id": 5,
      "community": "sq2",
      "community_name": "西湖社区党委",
      "partner": "hn",
      "partner_name": "华能公司党委",
      "kind": "aid",
      "since": "2025-01-01",
      "until": "2026-03-20",
      "events": 0,
      "hours": 0,
      "community_yuan": 0.00,
      "partner_yuan": 0.00,
      "target_households": null,
      "target_persons": null,
      "target_yuan": null,
      "households": 0,
      "persons": 0,
      "yuan": 0.00,
      "dormant": false,
      "one_sided": false
    }
  ]
}' "json: every pair of the period, exact"

# A 10-day window (03-22..03-31) keeps pair 1 (event on 03-31) awake and
# puts pairs 2 (03-10) and 4 to sleep.
run env PB_LANG=zh pb-report pairs --period 2026-03 --dormant-days 10 -f table
is_status 0 "table"
is_out_report '东湖街道党工委共建对子情况 2026年3月
范围：全部；截至：2026-03-31；填报单位：东湖街道党工委；生成日期：2026-11-27

截至日期  2026-03-31

共建对子:
  编号  社区  社区名称      共建单位  共建单位名称    类型      开始日期    截止日期    活动  时长(小时)  社区投入(元)  共建单位投入(元)  目标户数  目标人数  目标金额(元)  户数  人数  金额(元)  休眠  单方参与
     1  sq1   东湖社区党委  hn        华能公司党委    社企共建  2025-01-01                 2          37        500.00          50000.00       100       200      50000.00    50   110  50500.00  否    否
     2  sq2   西湖社区党委  wj        武警某部        军民共建  2025-06-01                 1        21.5          0.00              0.00                                       0    30      0.00  是    是
     3  sq1   东湖社区党委  xx        东湖小学党支部  校社共建  2024-01-01                 0           0          0.00              0.00                                       0     0      0.00  是    否
     4  sq2   西湖社区党委  xx        东湖小学党支部  单位共建  2025-01-01                 0           0          0.00              0.00                                       0     0      0.00  是    否
     5  sq2   西湖社区党委  hn        华能公司党委    帮扶结对  2025-01-01  2026-03-20     0           0          0.00              0.00                                       0     0      0.00  否    否' \
	"Chinese table: one row per pair with the names beside the codes, labelled kinds, 是/否 flags"

# Golden files: table, md and csv in both languages (the default window).
for lang in zh en; do
	for f in table md csv; do
		run env PB_LANG=$lang pb-report pairs --period 2026-03 -f $f
		is_status 0 "$f, PB_LANG=$lang"
		is_file "$TMP/out" "$G/report-pairs-$lang.$f" "$f matches report-pairs-$lang.$f"
	done
done

# A 1-day window is the period's last day alone.
run pb-report pairs --period 2026-03 --dormant-days 1 -f tsv
grep -E '\.(id|dormant)	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '1 0 2 1 3 1 4 1 5 0' \
	"--dormant-days 1: only an event on the last day keeps a pair awake"

# ---- scope -------------------------------------------------------------

run pb-report pairs --period 2026-03 --org hn -f tsv
is_status 0 "--org hn"
is_out_report 'as_of	2026-03-31
pairs.0.id	1
pairs.0.community	sq1
pairs.0.community_name	东湖社区党委
pairs.0.partner	hn
pairs.0.partner_name	华能公司党委
pairs.0.kind	enterprise
pairs.0.since	2025-01-01
pairs.0.until	
pairs.0.events	2
pairs.0.hours	37
pairs.0.community_yuan	500.00
pairs.0.partner_yuan	50000.00
pairs.0.target_households	100
pairs.0.target_persons	200
pairs.0.target_yuan	50000.00
pairs.0.households	50
pairs.0.persons	110
pairs.0.yuan	50500.00
pairs.0.dormant	0
pairs.0.one_sided	0
pairs.1.id	5
pairs.1.community	sq2
pairs.1.community_name	西湖社区党委
pairs.1.partner	hn
pairs.1.partner_name	华能公司党委
pairs.1.kind	aid
pairs.1.since	2025-01-01
pairs.1.until	2026-03-20
pairs.1.events	0
pairs.1.hours	0
pairs.1.community_yuan	0.00
pairs.1.partner_yuan	0.00
pairs.1.target_households	
pairs.1.target_persons	
pairs.1.target_yuan	
pairs.1.households	0
pairs.1.persons	0
pairs.1.yuan	0.00
pairs.1.dormant	0
pairs.1.one_sided	0' "tsv: the pairs hn is a side of, flattened"

run pb-report pairs --period 2026-03 --org sq2 -f tsv
grep -E '\.id	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '2 4 5' "--org sq2: the pairs of that community"

# ---- periods -----------------------------------------------------------

# The first day alone: event 1 only, organized by sq1, hn attended and
# gave; both sides took part.
run pb-report pairs --period 2026-03-01..2026-03-01 --org hn -f tsv
grep -E '^pairs\.0\.(events|hours|community_yuan|partner_yuan|one_sided)	' \
	"$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'pairs.0.events	1
pairs.0.hours	23
pairs.0.community_yuan	0.00
pairs.0.partner_yuan	50000.00
pairs.0.one_sided	0' "first day: event 1 counted"

# The last day alone: event 2, organized by hn, sq1 attended and gave.
run pb-report pairs --period 2026-03-31..2026-03-31 --org hn -f tsv
grep -E '^pairs\.0\.(events|hours|community_yuan|partner_yuan)	' \
	"$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'pairs.0.events	1
pairs.0.hours	14
pairs.0.community_yuan	500.00
pairs.0.partner_yuan	0.00' "last day: event 2 counted"

# April: pair 1 has only event 4 (by jd; hn attended and gave: one side);
# pair 5 ended and pair 6 ended before; pair 7 began on 04-01.
run pb-report pairs --period 2026-04 -f tsv
grep -E '\.(id|events|one_sided)	' "$TMP/out" | cut -f2 | paste -sd' ' \
	>"$TMP/part"
is_file_text "$TMP/part" '1 1 1 2 0 0 3 0 0 4 0 0 7 0 0' \
	"the day after: event 4 alone, one-sided; a pair begun on the first day"

# In February pair 6 (ended 03-01) was still active; no pair had events.
run pb-report pairs --period 2026-02 -f tsv
grep -E '\.id	' "$TMP/out" | cut -f2 | paste -sd' ' >"$TMP/part"
is_file_text "$TMP/part" '1 2 3 4 5 6' "a pair ended the day after the period is listed"

run pb-report pairs --period 2023 -f json
is_out_report '{
  "as_of": "2023-12-31",
  "pairs": []
}' "no pair active: an empty list"

fails 64 "dormant-days" "a bad --dormant-days" \
	pb-report pairs --period 2026-03 --dormant-days 0
fails 65 "unknown organization" "an unknown --org" \
	pb-report pairs --period 2026-03 --org nosuch

done_testing
