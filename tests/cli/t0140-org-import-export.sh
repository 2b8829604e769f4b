#!/bin/sh
# pb-org import and export: forward references, upsert by code, dry
# runs, a lossless round trip, and every error in a file listed with
# its position while nothing is written.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# Children come before their parents: the file is taken as a whole.
cat >"$TMP/orgs.yaml" <<'YAML'
# 东湖街道 registry
orgs:
  - code: "007"
    name: 特勤
    kind: 驻军
    parent: sq1
    members: 7
  - code: sq1
    name: 东湖社区
    kind: 社区党组织
    parent: jd
    phone: "0123"
    joined: 2020-01-31
    note: "first line\nsecond line"
  - code: jd
    name: 东湖街道
    kind: street
    uscc: 91440300279583285Y
roles:
  - org: jd
    title: 名誉书记
    name: 王强
    from_org: "007"
    since: 2026-01-01
YAML

run pb-org import --dry-run "$TMP/orgs.yaml"
is_status 0 "import --dry-run of a good file"
is_out_empty "nothing on stdout"
is_err "pb-org: dry run, nothing written: 4 created, 0 updated, 0 unchanged" "the dry run says what it would do"
run pb-org list --all
is_out_empty "--dry-run wrote no org"
run pb-org role list --all
is_out_empty "--dry-run wrote no role"

run pb-org import "$TMP/orgs.yaml"
is_status 0 "import with parents defined after their children"
is_out_empty "nothing on stdout"
is_err "pb-org: 4 created, 0 updated, 0 unchanged" "the counts on stderr"
run pb-org list --fields code,kind,parent,phone,joined
is_out "007	garrison	sq1		
jd	street			
sq1	community	jd	0123	2020-01-31" "forward references resolved; Chinese kinds stored as keys"
run pb-org role list --fields org,title,name,from_org,since
is_out "jd	名誉书记	王强	007	2026-01-01" "the role, from an org defined earlier in the file"

snapshot_orgs() {
	db_query "SELECT * FROM orgs ORDER BY id" &&
		db_query "SELECT * FROM roles ORDER BY id"
}
snapshot_orgs >"$TMP/rows1"
run pb-org import "$TMP/orgs.yaml"
is_status 0 "re-import of the same file"
is_err "pb-org: 0 created, 0 updated, 4 unchanged" "re-import: nothing created, all unchanged"
snapshot_orgs >"$TMP/rows2"
is_file "$TMP/rows2" "$TMP/rows1" "re-import: no duplicates, no changes"

cat >"$TMP/update.yaml" <<'YAML'
orgs:
  - code: sq1
    name: 东湖社区党委
  - code: new
    name: 新单位
    kind: enterprise
    parent: sq1
YAML
run pb-org import "$TMP/update.yaml"
is_status 0 "import upserts by code"
is_err "pb-org: 1 created, 1 updated, 0 unchanged" "one created, one updated"
run pb-org show sq1 -f json --fields name,kind,parent,phone
is_out '{
  "name": "东湖社区党委",
  "kind": "community",
  "parent": "jd",
  "phone": "0123"
}' "an update keeps the fields the file leaves out"

run pb-org import - <"$TMP/update.yaml"
is_status 0 "import from stdin with -"
is_err "pb-org: 0 created, 0 updated, 2 unchanged" "stdin import counts"

# export, and a round trip through a fresh database
run pb-org export
is_status 0 "export"
cp "$TMP/out" "$TMP/export1.yaml"
is_out "orgs:
- code: '007'
  name: 特勤
  kind: garrison
  parent: sq1
  members: 7
- code: jd
  name: 东湖街道
  kind: street
  uscc: 91440300279583285Y
- code: new
  name: 新单位
  kind: enterprise
  parent: sq1
- code: sq1
  name: 东湖社区党委
  kind: community
  parent: jd
  phone: '0123'
  joined: '2020-01-31'
  note: \"first line\\nsecond line\"
roles:
- org: jd
  title: 名誉书记
  name: 王强
  from_org: '007'
  since: '2026-01-01'" "export: orgs by code, unset fields left out, 007 and 0123 quoted"
ok "python3 -c 'import sys,yaml; d=yaml.safe_load(open(sys.argv[1])); o=d[\"orgs\"]; assert o[0][\"code\"]==\"007\" and o[3][\"phone\"]==\"0123\"' '$TMP/export1.yaml'" "a YAML 1.1 reader reads 007 and 0123 back as strings"

(
	PB_DB=$TMP/fresh/pb.db
	pb-org -q import "$TMP/export1.yaml" && pb-org export >"$TMP/export2.yaml"
)
is_file "$TMP/export2.yaml" "$TMP/export1.yaml" "export | import into a fresh db | export is byte-identical"
run pb-org -o "$TMP/export3.yaml" export
is_file "$TMP/export3.yaml" "$TMP/export1.yaml" "export -o FILE"

run pb-org import "$TMP/missing.yaml"
is_status 66 "import of a missing file: 66"
is_err_match "missing.yaml" "names the file"

# Each error: FILE:LINE:COL, exit 65, nothing written.
bad() {
	_what=$1
	_pat=$2
	cat >"$TMP/bad.yaml"
	fails 65 "^$TMP/bad.yaml:$_pat" "$_what" pb-org import "$TMP/bad.yaml"
	run pb-org import --dry-run "$TMP/bad.yaml"
	is_status 65 "$_what: --dry-run finds it too"
}

bad "malformed YAML" "[0-9]+:[0-9]+: error: " <<'YAML'
orgs:
  - code: a
    name: [unclosed
    kind: street
YAML
bad "unknown key" "4:5: error: unknown key 'colour'" <<'YAML'
orgs:
  - code: a
    name: A
    colour: red
    kind: street
YAML
bad "unknown kind" "4:11: error: unknown kind 'army'" <<'YAML'
orgs:
  - code: a
    name: A
    kind: army
YAML
bad "unknown parent" "5:13: error: unknown parent 'nowhere'" <<'YAML'
orgs:
  - code: a
    name: A
    kind: street
    parent: nowhere
YAML
bad "parent cycle within the file" "[0-9]+:[0-9]+: error: .*cycle" <<'YAML'
orgs:
  - code: c1
    name: C1
    kind: street
    parent: c2
  - code: c2
    name: C2
    kind: street
    parent: c1
YAML
bad "an org its own parent" "5:13: error: .*cycle" <<'YAML'
orgs:
  - code: c1
    name: C1
    kind: street
    parent: c1
YAML
bad "duplicate code within the file" "5:[0-9]+: error: duplicate code 'a' \(first at line 2\)" <<'YAML'
orgs:
  - code: a
    name: A
    kind: street
  - code: a
    name: A again
    kind: street
YAML
bad "invalid date" "5:13: error: joined: invalid date '2026-02-30'" <<'YAML'
orgs:
  - code: a
    name: A
    kind: street
    joined: 2026-02-30
YAML
printf 'orgs:\n  - code: a\n    name: "A\377"\n    kind: street\n' >"$TMP/utf8.yaml"
bad "invalid UTF-8 byte" "3:[0-9]+: error: .*UTF-8" <"$TMP/utf8.yaml"
bad "an alias" "[0-9]+:[0-9]+: error: .*alias" <<'YAML'
orgs:
  - &first
    code: a
    name: A
    kind: street
  - *first
YAML
bad "an alias inside a record" "[0-9]+:[0-9]+: error: .*alias" <<'YAML'
orgs:
  - code: a
    name: &n A
    kind: street
  - code: b
    name: *n
    kind: street
YAML
bad "a control character in a name" "3:11: error: name: control character" <<'YAML'
orgs:
  - code: a
    name: "A\tB"
    kind: street
YAML
bad "a role of an unknown org" "[0-9]+:[0-9]+: error: unknown organization 'nowhere'" <<'YAML'
roles:
  - org: nowhere
    title: 书记
    name: 张三
YAML
bad "a section pb-org does not import" "2:[0-9]+: error: .*pb-member" <<'YAML'
members:
  - name: 张三
    category: resident
YAML
bad "an unknown section" "1:1: error: .*colours" <<'YAML'
colours:
  - red
YAML
bad "an existing code with a bad update" "3:11: error: unknown kind 'army'" <<'YAML'
orgs:
  - code: jd
    kind: army
YAML

# Several errors in one file: all of them, each at its place.
cat >"$TMP/bad.yaml" <<'YAML'
orgs:
  - code: a
    name: A
    kind: army
  - code: b
    name: B
    kind: street
    colour: red
  - code: c
    name: C
    kind: street
    parent: nowhere
  - code: d
    name: D
    kind: street
    joined: 2026-02-30
  - code: e
    name: E
    kind: street
  - code: e
    name: E again
    kind: street
  - code: Bad
    name: F
    kind: street
YAML
snapshot
run pb-org import "$TMP/bad.yaml"
is_status 65 "several errors: 65"
f=$TMP/bad.yaml
is_err_match "^$f:4:11: error: unknown kind 'army'" "error 1 listed"
is_err_match "^$f:8:5: error: unknown key 'colour'" "error 2 listed"
is_err_match "^$f:12:13: error: unknown parent 'nowhere'" "error 3 listed"
is_err_match "^$f:16:13: error: joined: invalid date '2026-02-30'" "error 4 listed"
is_err_match "^$f:20:[0-9]+: error: duplicate code 'e'" "error 5 listed"
is_err_match "^$f:23:11: error: .*invalid code 'Bad'" "error 6 listed"
ok "[ \"\$(grep -c ': error: ' '$TMP/err')\" = 6 ]" "exactly six errors"
is_err_match "nothing was written" "says nothing was written"
db_unchanged "several errors: database unchanged"

# One record with two faults: both are reported.
cat >"$TMP/bad.yaml" <<'YAML'
orgs:
  - code: a
    name: A
    kind: street
    joined: 2026-02-30
    parent: nowhere
YAML
run pb-org import "$TMP/bad.yaml"
is_err_match ":5:13: error: joined: invalid date" "a record's bad date is reported"
is_err_match ":6:13: error: unknown parent 'nowhere'" "and its unknown parent too"

cat >"$TMP/many.yaml" <<'YAML'
orgs:
YAML
i=0
while [ $i -lt 60 ]; do
	printf '  - code: c%d\n    name: N\n    kind: army\n' $i >>"$TMP/many.yaml"
	i=$((i + 1))
done
run pb-org import "$TMP/many.yaml"
is_status 65 "60 errors: 65"
ok "[ \"\$(grep -c ': error: unknown kind' '$TMP/err')\" = 50 ]" "the first 50 errors are listed"
is_err_match "10 more errors" "and the rest counted"

done_testing
