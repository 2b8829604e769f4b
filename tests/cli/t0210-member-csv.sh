#!/bin/sh
# pb-member import --csv: a roster (花名册) as Excel writes it — Chinese
# headers, a byte-order mark, CRLF, quoted commas, doubled quotes and a
# line break in a cell, or GBK text — imported in one command and again
# without duplicates; each bad row reported as FILE:LINE: with nothing
# written; and a roster of 10,000 rows.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code dh --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code xh --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q add --code cj --name 长江公司党支部 --kind enterprise
cd "$TMP" || exit 1

HEAD='编号,姓名,性别,手机,类别,所在党组织,报到社区,工作单位,入党日期,报到日期,备注'
BOM=$(printf '\357\273\277')

# The roster: every row names its organizations as Excel rosters do, by
# full name; line 4 holds a cell that runs onto line 5.
printf '%s%s\r\n' "$BOM" "$HEAD" >roster.csv
printf '%s\r\n' \
	'0001,张三,男,13800000001,在职党员,华能公司党委,东湖社区党委,华能公司党委,2001-07-01,2026-01-05,"夜班, 周末可服务"' \
	'0002,李四,女,13800000002,居民党员,东湖社区党委,东湖社区党委,,1985-03-01,2025-12-01,"他说""随叫随到"""' \
	'0003,王五,男,,离退休党员,西湖社区党委,,,1970-10-01,,"行动不便' \
	'需上门"' \
	'0004,赵六,女,0123,在职党员,长江公司党支部,西湖社区党委,长江公司党支部,2010-05-04,2026-02-01,' \
	>>roster.csv

ROSTER_JSON='[
{"id":1,"ref":"0001","name":"张三","gender":"m","phone":"13800000001","category":"in-service","org":"hn","org_name":"华能公司党委","community":"dh","community_name":"东湖社区党委","unit":"hn","unit_name":"华能公司党委","joined":"2001-07-01","registered":"2026-01-05","left":null,"note":"夜班, 周末可服务"},
{"id":2,"ref":"0002","name":"李四","gender":"f","phone":"13800000002","category":"resident","org":"dh","org_name":"东湖社区党委","community":"dh","community_name":"东湖社区党委","unit":null,"unit_name":null,"joined":"1985-03-01","registered":"2025-12-01","left":null,"note":"他说\"随叫随到\""},
{"id":3,"ref":"0003","name":"王五","gender":"m","phone":null,"category":"retired","org":"xh","org_name":"西湖社区党委","community":null,"community_name":null,"unit":null,"unit_name":null,"joined":"1970-10-01","registered":null,"left":null,"note":"行动不便\n需上门"},
{"id":4,"ref":"0004","name":"赵六","gender":"f","phone":"0123","category":"in-service","org":"cj","org_name":"长江公司党支部","community":"xh","community_name":"西湖社区党委","unit":"cj","unit_name":"长江公司党支部","joined":"2010-05-04","registered":"2026-02-01","left":null,"note":null}
]'

run pb-member import --csv roster.csv
is_status 0 "a roster with a BOM, CRLF and Chinese headers imports"
is_out_empty "nothing on stdout"
is_err "pb-member: 4 created, 0 updated, 0 unchanged" "the counts on stderr"
run pb-member list -f json
is_out "$ROSTER_JSON" "every cell stored: labels as keys, names as codes, the quoted comma, the doubled quotes, the line break as LF, '0123' a string"
run pb-member show 0001 -f json
is_out_match '"registrations": \[' "the roster's 报到社区 and 报到日期 start a registration"
is_out_match '\{"community":"dh","community_name":"东湖社区党委","since":"2026-01-05","until":null\}' "dated 报到日期"

snapshot
run pb-member import --csv roster.csv
is_status 0 "the same roster again"
is_err "pb-member: 0 created, 0 updated, 4 unchanged" "re-import: nothing created, every row unchanged"
run pb-member list --fields ref
is_out "0001
0002
0003
0004" "no duplicates"
run pb-member list -f json
is_out "$ROSTER_JSON" "and the same data"

# A changed row updates that member, by ref.
sed 's/13800000002/13900000002/' roster.csv >changed.csv
run pb-member import --csv changed.csv
is_status 0 "a roster with one changed row"
is_err "pb-member: 0 created, 1 updated, 3 unchanged" "one updated"
run pb-member show 0002 --fields phone
is_out "phone	13900000002" "the change is stored"
run pb-member list --fields ref
is_out "0001
0002
0003
0004" "still no duplicates"

# ---- English headers, columns in another order ----------------------------

printf '%s\n' 'name,category,ref,registered,community,phone,gender' \
	'钱七,retired,0005,2026-03-01,dh,13800000005,f' \
	'孙八,veteran,0006,,,,m' >english.csv
run pb-member import --csv english.csv
is_status 0 "English headers in another order"
is_err "pb-member: 2 created, 0 updated, 0 unchanged" "two created"
run pb-member list --fields ref,name,gender,phone,category,community,registered -f csv
printf 'ref,name,gender,phone,category,community,registered\r\n0001,张三,m,13800000001,in-service,dh,2026-01-05\r\n0002,李四,f,13900000002,resident,dh,2025-12-01\r\n0003,王五,m,,retired,,\r\n0004,赵六,f,0123,in-service,xh,2026-02-01\r\n0005,钱七,f,13800000005,retired,dh,2026-03-01\r\n0006,孙八,m,,veteran,,\r\n' >want.csv
is_file "$TMP/out" "$TMP/want.csv" "each cell in its field"
run pb-member import --csv english.csv
is_err "pb-member: 0 created, 0 updated, 2 unchanged" "again: unchanged"

# A column left out keeps its field; an empty cell clears one.
printf '%s\n' 'ref,phone,note' '0001,13700000001,' '0002,,新备注' >partial.csv
run pb-member import --csv partial.csv
is_status 0 "a roster of a few columns"
is_err "pb-member: 0 created, 2 updated, 0 unchanged" "two updated"
run pb-member list --fields ref,name,phone,category,org,community,note -f csv
printf 'ref,name,phone,category,org,community,note\r\n0001,张三,13700000001,in-service,hn,dh,\r\n0002,李四,,resident,dh,dh,新备注\r\n0003,王五,,retired,xh,,"行动不便\n需上门"\r\n0004,赵六,0123,in-service,cj,xh,\r\n0005,钱七,13800000005,retired,,dh,\r\n0006,孙八,,veteran,,,\r\n' >want.csv
is_file "$TMP/out" "$TMP/want.csv" "the columns left out kept, the empty cells cleared"

# A move through the roster: 钱七 registers with 西湖 on 2026-06-01.
printf '%s\n' 'ref,community,registered' '0005,西湖社区党委,2026-06-01' >move.csv
run pb-member import --csv move.csv
is_status 0 "a roster row that moves a member"
run pb-member show 0005 -f json
is_out_match '\{"community":"dh","community_name":"东湖社区党委","since":"2026-03-01","until":"2026-06-01"\},' "the old registration closed the day the new starts"
is_out_match '\{"community":"xh","community_name":"西湖社区党委","since":"2026-06-01","until":null\}' "the new one open"

# ---- GBK ----------------------------------------------------------------

tail -c +4 roster.csv | iconv -f UTF-8 -t GB18030 >gbk.csv
ok "! cmp -s gbk.csv roster.csv" "the GBK roster differs from the UTF-8 one"
fails 65 "^gbk\\.csv:1: error: .*--encoding gb18030" \
	"a GBK roster without --encoding: refused with a hint" \
	pb-member import --csv gbk.csv
run pb-member --db "$TMP/gbk.db" import --csv --encoding gb18030 gbk.csv
is_status 65 "into an empty database, the orgs are unknown"
pb-org -q --db "$TMP/gbk.db" import - <<'YAML'
orgs:
  - {code: jd, name: 东湖街道党工委, kind: street}
  - {code: dh, name: 东湖社区党委, kind: community, parent: jd}
  - {code: xh, name: 西湖社区党委, kind: community, parent: jd}
  - {code: hn, name: 华能公司党委, kind: enterprise}
  - {code: cj, name: 长江公司党支部, kind: enterprise}
YAML
run pb-member --db "$TMP/gbk.db" import --csv --encoding gb18030 gbk.csv
is_status 0 "a GBK roster with --encoding gb18030"
is_err "pb-member: 4 created, 0 updated, 0 unchanged" "four created"
run pb-member --db "$TMP/gbk.db" list -f json
is_out "$ROSTER_JSON" "the same members as from the UTF-8 roster"
run pb-member --db "$TMP/gbk.db" import --csv --encoding GBK gbk.csv
is_status 0 "--encoding GBK is the same"
fails 64 "unknown encoding 'latin1'" "an unknown encoding" \
	pb-member import --csv --encoding latin1 roster.csv
fails 64 "--encoding applies to --csv" "--encoding without --csv" \
	pb-member import --encoding gb18030 roster.csv

# ---- bad rosters: FILE:LINE:, exit 65, nothing written ------------------------

# bad NAME PATTERN DESC: the roster on stdin is NAME.csv; its import is
# refused with PATTERN on stderr and the database left as it was.
bad() {
	cat >"$1.csv"
	fails 65 "$2" "$3" pb-member import --csv "$1.csv"
	is_err_match "^pb-member: nothing was written" "$3: says nothing was written"
}

bad bad-date "^bad-date\\.csv:3: error: joined: invalid date '2026-02-30'" "a bad date" <<'CSV'
ref,name,category,joined
0101,甲,resident,2001-07-01
0102,乙,resident,2026-02-30
CSV
bad bad-category "^bad-category\\.csv:2: error: unknown category 'army' \\(expected one of: resident, retired, in-service, floating, unemployed, veteran\\)" \
	"an unknown category" <<'CSV'
ref,name,category
0101,甲,army
CSV
bad bad-org "^bad-org\\.csv:2: error: unknown org 'nowhere'" "an unknown org" <<'CSV'
ref,name,category,org
0101,甲,resident,nowhere
CSV
bad bad-community "^bad-community\\.csv:2: error: unknown community '南湖社区党委'" \
	"an unknown community" <<'CSV'
ref,name,category,community
0101,甲,resident,南湖社区党委
CSV
bad enterprise "^enterprise\\.csv:2: error: 'hn' is .*enterprise, not a community" \
	"an enterprise as 报到社区" <<'CSV'
编号,姓名,类别,报到社区
0101,甲,居民党员,华能公司党委
CSV
bad ragged "^ragged\\.csv:3: error: row has 3 fields, the header has 4" "a ragged row" <<'CSV'
ref,name,category,phone
0101,甲,resident,
0102,乙,resident
CSV
bad unclosed "^unclosed\\.csv:3: error: unclosed quote" "an unclosed quote" <<'CSV'
ref,name,category,note
0101,甲,resident,ok
0102,乙,resident,"never closed
0103,丙,resident,
CSV
bad column "^column\\.csv:1: error: unknown column '民族'" "an unknown column, named" <<'CSV'
编号,姓名,类别,民族
0101,甲,居民党员,汉
CSV
ok "grep -q 'expected: ref (编号), name (姓名)' '$TMP/err'" "the known columns are listed"
bad dupcol "^dupcol\\.csv:1: error: column '姓名' given twice" "a column given twice" <<'CSV'
ref,name,category,姓名
0101,甲,resident,乙
CSV
bad missing-name "^missing-name\\.csv:2: error: missing name" "a new member without a name" <<'CSV'
ref,name,category
0101,,resident
CSV
bad no-header "^no-header\\.csv:1: error: no header row" "an empty file" </dev/null

cat >dup.csv <<'CSV'
ref,name,category
0101,甲,resident
0102,乙,resident
0101,丙,retired
CSV
snapshot
run pb-member import --csv dup.csv
is_status 65 "a ref twice in one file: exit 65"
is_err_match "^dup\\.csv:4: error: duplicate ref '0101' \\(first at line 2\\)" "a ref twice in one file: FILE:LINE:, the first line named"
is_out_empty "a ref twice: nothing on stdout"
db_unchanged "a ref twice: database unchanged"

# Several bad rows: every one listed, in order.
printf '%s\n' 'ref,name,category,joined,org' '0201,甲,resident,,' \
	'0202,乙,army,,' '0203,丙,resident,2026-02-30,' '0204,丁,resident,,nowhere' \
	'0205,戊,resident' '0206,己,resident,,' >several.csv
snapshot
run pb-member import --csv several.csv
is_status 65 "several bad rows: exit 65"
sed -n 's/: error: .*//p' "$TMP/err" >"$TMP/where"
is_file_text "$TMP/where" "several.csv:3
several.csv:4
several.csv:5
several.csv:6" "every bad row listed with its line, in order"
db_unchanged "several bad rows: nothing written"

# ---- --dry-run, stdin, missing files ---------------------------------------

printf '%s\n' 'ref,name,category' '0301,甲,resident' '0001,张三,in-service' >dry.csv
snapshot
run pb-member import --csv --dry-run dry.csv
is_status 0 "--dry-run of a good roster"
is_err "pb-member: dry run, nothing written: 1 created, 0 updated, 1 unchanged" "counts what it would do"
db_unchanged "--dry-run writes nothing"
run pb-member import --csv -n bad-date.csv
is_status 65 "--dry-run of a bad roster still fails"

run pb-member import --csv - <dry.csv
is_status 0 "a roster on stdin"
is_err "pb-member: 1 created, 0 updated, 1 unchanged" "imported"
printf '%s\n' 'ref,name,category' '0302,乙,army' >stdin-bad.csv
run pb-member import --csv - <stdin-bad.csv
is_status 65 "a bad roster on stdin"
is_err_match "^<stdin>:2: error: unknown category 'army'" "reported as <stdin>:LINE:"

fails 66 "cannot open 'nothere\\.csv'" "a missing file" pb-member import --csv nothere.csv
mkdir adir
fails 66 "adir" "a directory" pb-member import --csv adir

# ---- 10,000 rows --------------------------------------------------------------

awk 'BEGIN {
	print "编号,姓名,性别,手机,类别,所在党组织,报到社区,工作单位,入党日期,报到日期,备注"
	for (i = 1; i <= 10000; i++)
		printf "R%05d,党员%d,%s,138%08d,%s,华能公司党委,%s,hn,2001-07-01,2026-01-%02d,\"备注, 第%d行\"\r\n",
			i, i, i % 2 ? "男" : "女", i, i % 3 ? "在职党员" : "居民党员",
			i % 2 ? "东湖社区党委" : "xh", i % 28 + 1, i
}' >big.csv
export PB_DB="$TMP/big.db"
pb-org -q import - <<'YAML'
orgs:
  - {code: jd, name: 东湖街道党工委, kind: street}
  - {code: dh, name: 东湖社区党委, kind: community, parent: jd}
  - {code: xh, name: 西湖社区党委, kind: community, parent: jd}
  - {code: hn, name: 华能公司党委, kind: enterprise}
YAML
run pb-member import --csv big.csv
is_status 0 "a roster of 10,000 rows imports"
is_err "pb-member: 10000 created, 0 updated, 0 unchanged" "all created"
ok "[ \"\$(pb-member list | wc -l)\" -eq 10000 ]" "list has 10000 lines"
ok "[ \"\$(pb-member list --community dh | wc -l)\" -eq 5000 ]" "5000 registered with 东湖"
run pb-member show R09999 --fields ref,name,gender,category,community,registered,note
is_out "ref	R09999
name	党员9999
gender	m
category	resident
community	dh
registered	2026-01-04
note	备注, 第9999行" "the last row read whole"

done_testing
