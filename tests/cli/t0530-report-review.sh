#!/bin/sh
# pb-report review: the periodic evaluation sheet. For each unit (not
# the district, a street or a community, active at the period's end)
# the indicators of the period and score = sum of weight x indicator,
# with the weights of config review.weights over the defaults
# (events_organized 5, events_attended 2, meetings_attended 3, hours
# 0.1, contributions_yuan 0.0001, pair_events 2); by code, or by score with --sort score.
# Figures by hand from fixture-reports.sh.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/cli/fixture-reports.sh
. "$(dirname "$0")/fixture-reports.sh"

# hn: organized 2; attended 1, 6, 2 (not 5 on 02-28 nor 4 on 04-01);
# meeting 6; hours 20 + 6 + 6; gave 30000 + 20000; pair 1's events 1, 2.
#   5 + 2x3 + 3 + 0.1x32 + 0.0001x50000 + 2x2 = 26.20
# wj: organized 3; attended 3, 6; hours 20 + 3; pair 2's event 3.
#   5 + 4 + 3 + 2.3 + 0 + 2 = 16.30
# xx: organized 9; attended 6, 9; hours 3 + 12; gave 800; no pair event.
#   5 + 4 + 3 + 1.5 + 0.08 + 0 = 13.58
# aa and zz did nothing; old left on 03-31, late joined on 04-01.
run pb-report review --period 2026-03 -f json
is_status 0 "review with the default weights"
is_out_report '{
  "period": {
    "from": "2026-03-01",
    "to": "2026-03-31",
    "label": "2026-03",
    "as_of": "2026-03-31"
  },
  "weights": {
    "events_organized": 5,
    "events_attended": 2,
    "meetings_attended": 3,
    "hours": 0.1,
    "contributions_yuan": 0.0001,
    "pair_events": 2
  },
  "units": [
    {
      "code": "aa",
      "name": "区档案局党支部",
      "org_kind": "agency",
      "events_organized": 0,
      "events_attended": 0,
      "meetings_attended": 0,
      "hours": 0,
      "contributions_yuan": 0.00,
      "pair_events": 0,
      "score": 0.00
    },
    {
      "code": "hn",
      "name": "华能公司党委",
      "org_kind": "enterprise",
      "events_organized": 1,
      "events_attended": 3,
      "meetings_attended": 1,
      "hours": 32,
      "contributions_yuan": 50000.00,
      "pair_events": 2,
      "score": 26.20
    },
    {
      "code": "wj",
      "name": "武警某部",
      "org_kind": "garrison",
      "events_organized": 1,
      "events_attended": 2,
      "meetings_attended": 1,
      "hours": 23,
      "contributions_yuan": 0.00,
      "pair_events": 1,
      "score": 16.30
    },
    {
      "code": "xx",
      "name": "东湖小学党支部",
      "org_kind": "school",
      "events_organized": 1,
      "events_attended": 2,
      "meetings_attended": 1,
      "hours": 15,
      "contributions_yuan": 800.00,
      "pair_events": 0,
      "score": 13.58
    },
    {
      "code": "zz",
      "name": "志愿者协会党支部",
      "org_kind": "social",
      "events_organized": 0,
      "events_attended": 0,
      "meetings_attended": 0,
      "hours": 0,
      "contributions_yuan": 0.00,
      "pair_events": 0,
      "score": 0.00
    }
  ]
}' "json: indicators and scores, by code"

# code, score: one line per unit.
scores() {
	grep -v '^meta\.' "$TMP/out" | grep -E '\.(code|score)	' | cut -f2 | paste -sd' ' - |
		sed 's/\([0-9]\) /\1, /g'
}

run pb-report review --period 2026-03 --sort score -f tsv
is_status 0 "--sort score"
scores >"$TMP/part"
is_file_text "$TMP/part" 'hn 26.20, wj 16.30, xx 13.58, aa 0.00, zz 0.00' \
	"--sort score: highest first, ties by code"

run pb-report review --period 2026-03 --sort code -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'aa 0.00, hn 26.20, wj 16.30, xx 13.58, zz 0.00' \
	"--sort code is the default order"

run pb-report review --period 2026-03 --sort score -f table
is_out 'Evaluation sheet, March 2026
Scope: all; as of: 2026-03-31; compiled by: 东湖街道党工委; generated: 2026-11-27

Period:
  From   2026-03-01
  To     2026-03-31
  Label  2026-03
  As of  2026-03-31

Weights:
  Events organized         5
  Events attended          2
  Joint meetings attended  3
  Hours                    0.1
  Contributions (yuan)     0.0001
  Pair events              2

Units:
  Code  Name              Kind                 Events organized  Events attended  Joint meetings attended  Hours  Contributions (yuan)  Pair events  Score
  hn    华能公司党委      Enterprise                          1                3                        1     32              50000.00            2  26.20
  wj    武警某部          Garrison                            1                2                        1     23                  0.00            1  16.30
  xx    东湖小学党支部    School                              1                2                        1     15                800.00            0  13.58
  aa    区档案局党支部    Government agency                   0                0                        0      0                  0.00            0   0.00
  zz    志愿者协会党支部  Social organization                 0                0                        0      0                  0.00            0   0.00' \
	"table: weights and the ranked units"

# ---- weights from the config -------------------------------------------

# hours 1, contributions_yuan 0.02, pair_events 0; the rest default:
#   hn 5 + 6 + 3 + 32 + 1000 + 0 = 1046; wj 5 + 4 + 3 + 23 = 35;
#   xx 5 + 4 + 3 + 15 + 16 = 43 (now ahead of wj)
cat >"$PB_CONFIG" <<'YAML'
review:
  weights:
    hours: 1
    contributions_yuan: 0.02
    pair_events: 0
YAML
run pb-report review --period 2026-03 --sort score -f tsv
is_status 0 "weights from the config"
scores >"$TMP/part"
is_file_text "$TMP/part" 'hn 1046.00, xx 43.00, wj 35.00, aa 0.00, zz 0.00' \
	"config weights change the scores and the order"
grep '^weights\.' "$TMP/out" >"$TMP/part"
is_file_text "$TMP/part" 'weights.events_organized	5
weights.events_attended	2
weights.meetings_attended	3
weights.hours	1
weights.contributions_yuan	0.02
weights.pair_events	0' "the weights in force are in the report"

# Hours alone at 0.001 an hour: hn 0.032, wj 0.023, xx 0.015 (half up).
cat >"$PB_CONFIG" <<'YAML'
review:
  weights:
    events_organized: 0
    events_attended: 0
    meetings_attended: 0
    hours: 0.001
    contributions_yuan: 0
    pair_events: 0
YAML
run pb-report review --period 2026-03 -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'aa 0.00, hn 0.03, wj 0.02, xx 0.02, zz 0.00' \
	"scores rounded half up to 2 decimals (0.032, 0.023, 0.015)"

printf 'review:\n  weights:\n    meetings: 3\n' >"$PB_CONFIG"
fails 78 "unknown review.weights name 'meetings'" "an unknown weight name" \
	pb-report review --period 2026-03
is_err_match "config.yaml" "the message names the config file"

: >"$PB_CONFIG"

# ---- periods and scope -------------------------------------------------

# The first day alone: hn attended event 1 and gave there; pair 1's event.
#   2 + 0.1x20 + 0.0001x50000 + 2 = 11.00
run pb-report review --period 2026-03-01..2026-03-01 --org hn -f tsv
is_out_report 'period.from	2026-03-01
period.to	2026-03-01
period.label	2026-03-01..2026-03-01
period.as_of	2026-03-01
weights.events_organized	5
weights.events_attended	2
weights.meetings_attended	3
weights.hours	0.1
weights.contributions_yuan	0.0001
weights.pair_events	2
units.0.code	hn
units.0.name	华能公司党委
units.0.org_kind	enterprise
units.0.events_organized	0
units.0.events_attended	1
units.0.meetings_attended	0
units.0.hours	20
units.0.contributions_yuan	50000.00
units.0.pair_events	1
units.0.score	11.00' "first day alone, --org hn"

# The last day alone: hn organized and attended event 2 of pair 1.
#   5 + 2 + 0.1x6 + 2 = 9.60
run pb-report review --period 2026-03-31..2026-03-31 --org hn -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'hn 9.60' "last day alone"

# The day after: event 4 (a meeting; 2 x 2h; 1000 cash; pair 1).
#   2 + 3 + 0.4 + 0.1 + 2 = 7.50; late (joined 04-01) is reviewed now,
#   old (left 03-31) is not.
run pb-report review --period 2026-04 -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'aa 0.00, hn 7.50, late 0.00, wj 0.00, xx 0.00, zz 0.00' \
	"the day after the period; an org joined on the period's end is in it"

# February: old is still active; hn attended meeting 5 (1 x 1h):
#   2 + 3 + 0.1 = 5.10
run pb-report review --period 2026-02 -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'aa 0.00, hn 5.10, old 0.00, wj 0.00, xx 0.00, zz 0.00' \
	"the day before the period; an org that left later is in it"

# jd and the orgs under it: aa, hn, xx (wj and zz have no parent).
run pb-report review --period 2026-03 --org jd -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'aa 0.00, hn 26.20, xx 13.58' "--org jd"

fails 64 "--sort takes 'code' or 'score'" "a bad --sort" \
	pb-report review --period 2026-03 --sort name

# A district above the street is no unit either: not on the sheet.
run pb-org add --code dq --name 东湖区委 --kind district
is_status 0 "a district"
run pb-org set jd --parent dq
is_status 0 "the street under it"
run pb-report review --period 2026-03 --sort code -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'aa 0.00, hn 26.20, wj 16.30, xx 13.58, zz 0.00' \
	"the district is not scored"
run pb-report review --period 2026-03 --org dq -f tsv
scores >"$TMP/part"
is_file_text "$TMP/part" 'aa 0.00, hn 26.20, xx 13.58' \
	"--org of the district: the units under its street"

done_testing
