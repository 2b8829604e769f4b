#!/bin/sh
# pb-pair import and export: all or nothing, upsert by community,
# partner, kind and since, every error at FILE:LINE:COL, --dry-run, stdin,
# and an export that import takes back byte for byte.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-org -q add --code xx --name 东湖小学党支部 --kind school

cat >"$TMP/pairs.yaml" <<'YAML'
pairs:
  - community: sq1
    partner: 华能公司党委
    kind: 社企共建
    since: 2024-03-01
    goal: |-
      帮扶困难家庭
      共建文明社区
    target_households: 30
    target_yuan: 6万
  - community: 3
    partner: wj
    kind: military
    since: "2023-03-01"
    target_persons: 120
    target_yuan: 1234.5元
    note: '0123'
  - community: jd
    partner: xx
    kind: school
    since: 2020-09-01
    until: 2023-07-01
YAML

snapshot
run pb-pair import --dry-run "$TMP/pairs.yaml"
is_status 0 "--dry-run of a good file"
is_err "pb-pair: dry run, nothing written: 3 created, 0 updated, 0 unchanged" "counts what it would do"
db_unchanged "--dry-run writes nothing"

run pb-pair import "$TMP/pairs.yaml"
is_status 0 "import"
is_out_empty "prints nothing on stdout"
is_err "pb-pair: 3 created, 0 updated, 0 unchanged" "counts on stderr"

run pb-pair export
is_status 0 "export"
is_out "pairs:
- id: 1
  community: sq1
  partner: hn
  kind: enterprise
  since: '2024-03-01'
  goal: \"帮扶困难家庭\\n共建文明社区\"
  target_households: 30
  target_yuan: 60000.00
- id: 2
  community: sq2
  partner: wj
  kind: military
  since: '2023-03-01'
  target_persons: 120
  target_yuan: 1234.50
  note: '0123'
- id: 3
  community: jd
  partner: xx
  kind: school
  since: '2020-09-01'
  until: '2023-07-01'" "orgs as codes, kinds as keys, 6万 as 60000.00, 1234.5元 as 1234.50"
cp "$TMP/out" "$TMP/export1.yaml"

run pb-pair import "$TMP/export1.yaml"
is_status 0 "the export imports back"
is_err "pb-pair: 0 created, 0 updated, 3 unchanged" "and changes nothing"

# Into a new database: the orgs first, then the pairs, then export again.
pb-org export >"$TMP/orgs.yaml"
PB_DB=$TMP/other.db pb-org -q import "$TMP/orgs.yaml"
PB_DB=$TMP/other.db run pb-pair import - <"$TMP/export1.yaml"
is_status 0 "import from stdin into another database"
is_err "pb-pair: 3 created, 0 updated, 0 unchanged" "creates the three"
PB_DB=$TMP/other.db pb-pair export -o "$TMP/export2.yaml"
is_file "$TMP/export2.yaml" "$TMP/export1.yaml" "export, import, export: byte-identical"

# An update keeps what the file does not mention; "" clears.
cat >"$TMP/update.yaml" <<'YAML'
pairs:
  - community: sq1
    partner: hn
    kind: enterprise
    since: 2024-03-01
    target_yuan: 7.5万
    goal: ""
  - community: jd
    partner: xx
    kind: school
    since: 2020-09-01
    until: 2023-07-01
  - community: sq1
    partner: hn
    kind: aid
    since: 2025-01-01
YAML
run pb-pair import "$TMP/update.yaml"
is_status 0 "import that updates"
is_err "pb-pair: 1 created, 1 updated, 1 unchanged" "matched by community, partner, kind and since"
run pb-pair show 1 --fields goal,target_households,target_yuan
is_out "goal	
target_households	30
target_yuan	75000.00" "given fields change, others are kept, an empty value clears"

# ---- errors ---------------------------------------------------------------

cat >"$TMP/bad.yaml" <<'YAML'
pairs:
  - community: sq1
    partner: wj
    kind: enterprise
    since: 2026-01-01
  - community: sq1
    partner: wj
    kind: 社企共建
    since: 2026-01-01
    goal: the same pair again
  - community: sq1
    partner: nobody
    kind: enterprise
    since: 2026-01-01
  - community: sq2
    partner: xx
    kind: joint
    since: 2026-02-30
    colour: red
    target_yuan: 1.234
  - community: hn
    partner: sq2
    kind: aid
    since: 2026-01-01
  - community: sq1
    partner: hn
    kind: enterprise
    since: 2026-01-01
  - community: sq2
    partner: sq2
    kind: other
    since: 2026-01-01
  - community: sq2
    partner: xx
    kind: other
    since: 2026-01-01
    until: 2025-01-01
  - partner: xx
    kind: other
  - community: sq2
    partner: xx
    kind: unit
    since: 2026-01-01
  - community: xx
    partner: sq2
    kind: unit
    since: 2026-03-01
orgs:
  - code: x
YAML
snapshot
run pb-pair import "$TMP/bad.yaml"
is_status 65 "a file with errors"
is_out_empty "nothing on stdout"
is_err "$TMP/bad.yaml:6:1: error: duplicate pair of 'sq1' and 'wj' of kind enterprise since 2026-01-01 (first at line 2)
$TMP/bad.yaml:12:14: error: partner: unknown organization 'nobody'
$TMP/bad.yaml:17:11: error: unknown kind 'joint' (expected one of: enterprise, military, unit, school, aid, other)
$TMP/bad.yaml:18:12: error: since: invalid date '2026-02-30' (February 2026 has 28 days)
$TMP/bad.yaml:19:5: error: unknown key 'colour' (expected one of: community, partner, kind, since, until, goal, target_households, target_persons, target_yuan, note, id)
$TMP/bad.yaml:20:18: error: target_yuan: amount '1.234' is more precise than a fen (at most 2 decimals, or 6 with 万)
$TMP/bad.yaml:21:5: error: community 'hn' is of kind enterprise (expected an organization of kind community or street)
$TMP/bad.yaml:25:5: error: 'sq1' and 'hn' already have an active pair of kind enterprise (pair 1, since 2024-03-01): end it first (pb-pair end 1) or choose another kind
$TMP/bad.yaml:29:5: error: community and partner are both 'sq2' (an organization cannot pair with itself)
$TMP/bad.yaml:33:5: error: until 2025-01-01 is before since 2026-01-01
$TMP/bad.yaml:38:5: error: missing community
$TMP/bad.yaml:44:5: error: community 'xx' is of kind school (expected an organization of kind community or street)
$TMP/bad.yaml:49:5: error: section 'orgs' is not imported by pb-pair (use pb-org import or pb-db load)
pb-pair: nothing was written" "every error, each at FILE:LINE:COL"
db_unchanged "a file with errors writes nothing"

cat >"$TMP/clash.yaml" <<'YAML'
pairs:
  - community: sq2
    partner: xx
    kind: unit
    since: 2026-01-01
  - community: xx
    partner: sq2
    kind: unit
    since: 2026-03-01
  - community: sq2
    partner: xx
    kind: unit
    since: 2025-06-01
    until: 2026-01-02
YAML
run pb-pair import "$TMP/clash.yaml"
is_status 65 "pairs of one file that overlap each other"
is_err "$TMP/clash.yaml:6:5: error: community 'xx' is of kind school (expected an organization of kind community or street)
$TMP/clash.yaml:10:5: error: 'sq2' and 'xx' already have an active pair of kind unit (pair 5, since 2026-01-01): end it first (pb-pair end 5) or choose another kind
pb-pair: nothing was written" "the rule holds between the records of one file"
db_unchanged "and nothing is written"

printf 'pairs:\n  - community: sq1\n    partner: [hn\n' >"$TMP/broken.yaml"
run pb-pair import "$TMP/broken.yaml"
is_status 65 "a YAML syntax error"
is_err_match "^$TMP/broken.yaml:[0-9]+:[0-9]+: error: " "at FILE:LINE:COL"
db_unchanged "nothing written"

printf 'pairs:\n  - community: sq1\n    partner: nobody\n    kind: aid\n    since: 2026-01-01\n' |
	run pb-pair import -
is_status 65 "errors on stdin"
is_err "<stdin>:3:14: error: partner: unknown organization 'nobody'
pb-pair: nothing was written" "are reported as <stdin>:LINE:COL"

run pb-pair import "$TMP/missing.yaml"
is_status 66 "a missing file"
is_err_match "missing.yaml" "names it"
run pb-pair import
is_status 64 "import without a file"

done_testing
