#!/bin/sh
# pb-member export and YAML import: the export (golden file) with the
# nested registration history, taken back byte for byte into a fresh
# database; numbers-that-are-strings kept as strings; --redact; and each
# error in a YAML file at FILE:LINE:COL with nothing written.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

G=$TESTS/golden

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code dh --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code xh --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
cd "$TMP" || exit 1

# 张三 moved from 东湖 to 西湖; 赵六 registered and returned; 王五 left.
pb-member -q add --ref 007 --name 张三 --gender 男 --phone 13800000001 \
	--category 在职党员 --org hn --unit hn --joined 2001-07-01 \
	--community 东湖社区党委 --registered 2025-06-01 --note '夜班, 周末可服务'
pb-member register 007 -C xh -d 2026-07-01
pb-member -q add --ref 0002 --name 李四 -g f --phone 0123 -c resident -O dh \
	--note "$(printf '第一行\n第二行')"
pb-member -q add --name 王五 -c retired --left 2026-06-01
pb-member -q add --ref yes --name 孙七 -c floating --phone '+86 138-0000-0004' \
	-C jd --registered 2024-01-01
pb-member -q add --name 赵六 -c in-service -u hn
pb-member register 5 -C dh -d 2026-01-01
pb-member unregister 5 -d 2026-03-01

# ---- export -------------------------------------------------------------

run pb-member export
is_status 0 "export"
is_file "$TMP/out" "$G/member-export.yaml" "export matches member-export.yaml: every member, left ones too; the history nested; '007', '0123' and 'yes' quoted"
cp "$TMP/out" export.yaml
run pb-member export -o export2.yaml
is_status 0 "export -o"
is_file export2.yaml "$G/member-export.yaml" "writes the same to the file"

run pb-member export --redact
is_status 0 "export --redact"
is_file "$TMP/out" "$G/member-export-redacted.yaml" "phones masked: 13800000001 as 138****0001, short ones wholly"
ok "! grep -q 13800000001 '$TMP/out'" "the whole phone number is nowhere in it"

# ---- round trip into a fresh database -----------------------------------

pb-org export >orgs.yaml
export PB_DB="$TMP/fresh.db"
pb-org -q import orgs.yaml
run pb-member import export.yaml
is_status 0 "import the export into a fresh database"
is_err "pb-member: 5 created, 0 updated, 0 unchanged" "every member created"
run pb-member export
is_file "$TMP/out" "$G/member-export.yaml" "and its export is byte-identical"
run pb-member show 007 -f json
is_out_match '^  "ref": "007",$' "ref '007' stays a string"
run pb-member show 0002 -f json
is_out_match '^  "phone": "0123",$' "phone '0123' stays a string"
run pb-member list --as-of 2026-06-30 --fields id,community
is_out "1	dh
2	
4	jd
5	" "the history came across: on 2026-06-30 张三 with 东湖 (王五 left on 2026-06-01)"
run pb-member list --as-of 2026-07-01 --fields id,community
is_out "1	xh
2	
4	jd
5	" "on 2026-07-01 with 西湖"
run pb-member list --as-of 2026-02-01 -C dh --fields id
is_out "1
5" "赵六 with 东湖 before the return"

run pb-member import export.yaml
is_status 0 "the export imported again"
is_err "pb-member: 0 created, 0 updated, 5 unchanged" "changes nothing"
run pb-member export
is_file "$TMP/out" "$G/member-export.yaml" "and the export is still the same"

# ---- histories in the file ---------------------------------------------

export PB_DB="$TMP/hist.db"
pb-org -q import "$TMP/orgs.yaml"
cat >hist.yaml <<'YAML'
members:
  - ref: H1
    name: 甲
    category: resident
    registrations:
      - community: 东湖社区党委
        since: 2024-01-01
        until: 2025-01-01
      - community: xh
        since: 2025-03-01
  - ref: H2
    name: 乙
    category: resident
    community: dh
    registered: 2026-02-01
YAML
run pb-member import hist.yaml
is_status 0 "a hand-written file with a history, community by name"
is_err "pb-member: 2 created, 0 updated, 0 unchanged" "two created"
run pb-member show H1 -f json
is_out_match '^    \{"community":"dh","community_name":"东湖社区党委","since":"2024-01-01","until":"2025-01-01"\},$' "the first entry"
is_out_match '^    \{"community":"xh","community_name":"西湖社区党委","since":"2025-03-01","until":null\}$' "the second, open"
run pb-member show H2 -f json
is_out_match '^    \{"community":"dh","community_name":"东湖社区党委","since":"2026-02-01","until":null\}$' "community and registered start a registration"
run pb-member import hist.yaml
is_err "pb-member: 0 created, 0 updated, 2 unchanged" "again: unchanged"

cat >hist2.yaml <<'YAML'
members:
  - ref: H1
    name: 甲
    category: resident
    registrations:
      - community: dh
        since: 2024-01-01
YAML
run pb-member import hist2.yaml
is_status 0 "a history in the file replaces the stored one"
is_err "pb-member: 0 created, 1 updated, 0 unchanged" "one updated"
run pb-member show H1 -f json
is_out_match '^    \{"community":"dh","community_name":"东湖社区党委","since":"2024-01-01","until":null\}$' "replaced"
ok "! grep -q '\"xh\"' '$TMP/out'" "the old entries are gone"

# ---- errors: FILE:LINE:COL, exit 65, nothing written --------------------------

cat >bad.yaml <<'YAML'
members:
  - ref: Y1
    name: 甲
    category: resident
    colour: red
  - ref: Y2
    name: 乙
    category: army
  - ref: Y3
    name: 丙
    category: resident
    registrations:
      - community: nowhere
        since: 2026-01-01
  - ref: Y4
    name: 丁
    category: resident
    registrations:
      - community: dh
        since: 2026-01-01
        until: 2026-05-01
      - community: xh
        since: 2026-04-01
  - ref: Y5
    name: 戊
    category: resident
    registrations:
      - community: dh
        since: 2026-01-01
      - community: xh
        since: 2026-04-01
  - ref: Y6
    name: 己
    category: resident
    community: dh
    registrations:
      - community: xh
        since: 2026-04-01
YAML
snapshot
run pb-member import bad.yaml
is_status 65 "a file with errors: exit 65"
is_out_empty "nothing on stdout"
db_unchanged "nothing written"
is_err_match "^pb-member: nothing was written$" "says so"
is_err_match "^bad\\.yaml:5:5: error: unknown key 'colour' \\(expected one of: ref, name, " "an unknown key, at the key"
is_err_match "^bad\\.yaml:8:15: error: unknown category 'army' \\(expected one of: resident, retired, in-service, floating, unemployed, veteran\\)" "a bad category, at the value"
is_err_match "^bad\\.yaml:13:[0-9]+: error: community: unknown organization 'nowhere'" "an unknown community in a registration, on its line"
is_err_match "^bad\\.yaml:13:20: error: community: unknown organization 'nowhere'" "at the value"
is_err_match "^bad\\.yaml:22:9: error: registration since 2026-04-01 overlaps the previous one \\(until 2026-05-01\\)" "overlapping registrations, at the second"
is_err_match "^bad\\.yaml:30:9: error: registration after one without until: only the last may be open" "a registration after an open one"
is_err_match "^bad\\.yaml:32:5: error: give either community and registered or a registrations list, not both" "community and registrations both given: refused"
ok "[ \"\$(grep -c ': error: ' '$TMP/err')\" = 6 ]" "six errors, each listed once"

cat >dates.yaml <<'YAML'
members:
  - ref: D1
    name: 甲
    category: resident
    registrations:
      - community: dh
        since: 2026-04-01
        until: 2026-03-01
  - ref: D2
    name: 乙
    category: resident
    registrations:
      - community: dh
        since: 2026-02-30
      - community: xh
        when: 2026-03-01
YAML
snapshot
run pb-member import dates.yaml
is_status 65 "bad dates in a history"
is_err_match "^dates\\.yaml:6:9: error: until 2026-03-01 is not after since 2026-04-01" "until not after since"
is_err_match "^dates\\.yaml:14:16: error: since: invalid date '2026-02-30'" "an impossible date, at the value"
is_err_match "^dates\\.yaml:16:9: error: unknown key 'when' in a registration \\(expected community, since, until\\)" "an unknown key in a registration"
db_unchanged "nothing written"

cat >ent.yaml <<'YAML'
members:
  - ref: E1
    name: 甲
    category: resident
    registrations:
      - community: hn
        since: 2026-01-01
YAML
snapshot
run pb-member import ent.yaml
is_status 65 "a registration with an enterprise in YAML: exit 65"
is_err_match "^ent\\.yaml:6:[0-9]+: error: .*'hn' is .*enterprise, not a community" "says it is not a community"
db_unchanged "nothing written"

run pb-member import - <<'YAML'
members:
  - ref: S1
    name: 甲
    category: resident
    gender: x
YAML
is_status 65 "a bad file on stdin"
is_err_match "^<stdin>:5:13: error: invalid gender 'x'" "reported as <stdin>:LINE:COL"

snapshot
run pb-member import --dry-run hist.yaml
is_status 0 "--dry-run"
is_err "pb-member: dry run, nothing written: 0 created, 1 updated, 1 unchanged" "counts"
db_unchanged "--dry-run writes nothing"

fails 66 "cannot open 'nothere\\.yaml'" "a missing file" pb-member import nothere.yaml
fails 65 "section 'pairs' is not imported by pb-member" "another command's section" \
	pb-member import - <<'YAML'
pairs:
  - community: dh
    partner: hn
    kind: enterprise
    since: 2026-01-01
YAML

done_testing
