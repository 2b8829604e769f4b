#!/bin/sh
# The roster round trip through Excel: pb-member export --csv writes the
# headings import --csv reads, with 男/女, Chinese categories,
# organizations by full name and ="0001" for digits Excel would make a
# number of; as GB18030 (or GBK, or UTF-8 with --bom)
# for older Excel. Imported back unedited it changes nothing (0 created,
# 0 updated, N unchanged; pb-db dump the same); a cell edited as Excel
# would changes that one field; members without a ref are found by the
# id column, never created twice; cells that look like formulas come back
# as they were; list -f csv is taken back too.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# Two units of one name (cj, cj2): the roster names them by code.
pb-org -q import - <<'YAML'
orgs:
  - {code: jd, name: 东湖街道党工委, kind: street}
  - {code: dh, name: 东湖社区党委, kind: community, parent: jd}
  - {code: hn, name: 华能公司党委, kind: enterprise}
  - {code: xh, name: 西湖社区党委, kind: community, parent: jd}
  - {code: cj, name: 长江公司党支部, kind: enterprise}
  - {code: cj2, name: 长江公司党支部, kind: enterprise}
YAML
cd "$TMP" || exit 1

pb-member -q add --ref 0001 --name 张三 --gender 男 --phone 13800000001 \
	--category in-service --org hn --unit hn --community dh \
	--registered 2026-01-05 --joined 2001-07-01 --note '夜班, 周末可服务'
pb-member -q add --ref 0002 --name 李四 --gender f --phone 13800000002 \
	--category resident --org dh --community dh --registered 2025-03-01 \
	--note '他说"随叫随到"
需上门'
pb-member -q register 0002 --community xh --date 2026-06-01
# Two members of one name and no ref: told apart by id alone.
pb-member -q add --name 王五 --gender m --phone '+86 138 0000 0003' \
	--category retired --org xh --note '=HYPERLINK("http://x/","y")'
pb-member -q add --name 王五 --category floating --org xh --note "'-5"
pb-member -q add --ref 0005 --name 赵六 --gender f --category veteran \
	--org cj --unit cj2 --joined 1990-05-04 --left 2026-03-01 --note '@家'

pb-db dump >before.yaml
ROSTER='ID,编号,姓名,性别,手机,类别,所在党组织,报到社区,工作单位,入党日期,报到日期,离开日期,备注
1,"=""0001""",张三,男,13800000001,在职党员,华能公司党委,东湖社区党委,华能公司党委,2001-07-01,2026-01-05,,"夜班, 周末可服务"
2,"=""0002""",李四,女,13800000002,居民党员,东湖社区党委,西湖社区党委,,,2026-06-01,,"他说""随叫随到""
需上门"
3,,王五,男,'"'"'+86 138 0000 0003,离退休党员,西湖社区党委,,,,,,"'"'"'=HYPERLINK(""http://x/"",""y"")"
4,,王五,,,流动党员,西湖社区党委,,,,,,'"''-5"'
5,"=""0005""",赵六,女,,转业退伍党员,cj,,cj2,1990-05-04,,2026-03-01,'"'"'@家'
# Records end in CRLF; a line break inside a cell stays LF.
printf '%s\n' "$ROSTER" | sed 's/$/\r/; /^2,/s/\r$//' >want.csv

run pb-member export --csv
is_status 0 "export --csv"
is_file "$TMP/out" "$TMP/want.csv" "the roster: Chinese headings, ids, labels, names where they name one unit alone, formula-looking cells after a '"
is_err "" "nothing on stderr"

# ---- GB18030 ---------------------------------------------------------------

run pb-member export --csv --encoding gb18030 -o roster.csv
is_status 0 "export --csv --encoding gb18030 -o FILE"
is_out_empty "nothing on stdout"
ok "[ \"\$(stat -c %a roster.csv)\" = 600 ]" "the roster file is private (0600)"
ok "! iconv -f UTF-8 -t UTF-8 roster.csv >/dev/null 2>&1" "the file is not UTF-8"
case $(file -b --mime-encoding roster.csv 2>/dev/null || echo none) in
utf-8 | us-ascii) fail "file(1) does not take it for UTF-8 or ASCII" ;;
*) pass "file(1) does not take it for UTF-8 or ASCII" ;;
esac
iconv -f GB18030 -t UTF-8 roster.csv >back.csv
is_file back.csv want.csv "converted back from GB18030: the UTF-8 roster, byte for byte"
ok "grep -q \"\$(printf '\\325\\305\\310\\375')\" roster.csv" "张三 as GB18030 bytes (D5 C5 C8 FD)"

run pb-member import --csv --encoding gb18030 roster.csv
is_status 0 "the unedited GB18030 roster imported back"
is_err "pb-member: 0 created, 0 updated, 5 unchanged" "nothing created, nothing updated"
pb-db dump >after.yaml
is_file after.yaml before.yaml "pb-db dump the same as before"

# ---- edited as Excel would -------------------------------------------------

# One cell changed, the file saved again as GBK with CRLF; Excel saves
# what a cell shows: ="0001" as 0001, without the "'" that kept a cell
# text, and dates in the Chinese locale's form, 2026/1/5.
iconv -f GB18030 -t UTF-8 roster.csv |
	sed -E 's/"=""([0-9]+)"""/\1/g' |
	sed 's/^1,0001,张三,男,13800000001,/1,0001,张三,男,13900000001,/' |
	sed "s/,'+86/,+86/; s/\"'=HYP/\"=HYP/; s/,'@/,@/" |
	sed -E 's#,([0-9]{4})-0?([0-9]+)-0?([0-9]+)#,\1/\2/\3#g' |
	iconv -f UTF-8 -t GB18030 >edited.csv
ok "iconv -f GB18030 -t UTF-8 edited.csv | grep -q '^1,0001,张三,男,13900000001,在职党员,华能公司党委,东湖社区党委,华能公司党委,2001/7/1,2026/1/5,,'" \
	"the edit as Excel saves it"
ok "! cmp -s edited.csv roster.csv" "the edited roster differs"
run pb-member import --csv --encoding gb18030 edited.csv
is_status 0 "the edited roster imported"
is_err "pb-member: 0 created, 1 updated, 4 unchanged" "one member updated"
pb-db dump >after.yaml
sed "s/phone: '13800000001'/phone: '13900000001'/" before.yaml >want.yaml
is_file after.yaml want.yaml "pb-db dump: that phone changed, nothing else"
cp after.yaml before.yaml

# ---- ids: no member twice ---------------------------------------------------

pb-member export --csv >roster8.csv
printf '%s\r\n' ',,孙八,男,,在职党员,华能公司党委,,,,,,' >>roster8.csv
run pb-member import --csv roster8.csv
is_status 0 "a new row without an ID"
is_err "pb-member: 1 created, 0 updated, 5 unchanged" "created once, the rest unchanged"
run pb-member list --all --fields id,ref,name
is_out "1	0001	张三
2	0002	李四
3		王五
4		王五
5	0005	赵六
6		孙八" "both 王五 once each, 孙八 new"
pb-member -q rm 6

sed 's/^1,"=""0001""",/1,0009,/' roster8.csv | sed '$d' >reref.csv
fails 65 "^reref\\.csv:2: error: id: 1 is already used by another member" \
	"a ref changed in the file while its ID stays: refused, not a second member" \
	pb-member import --csv reref.csv

# ---- UTF-8 with a byte-order mark; GBK; bad options -------------------------

run pb-member export --csv --bom -o bom.csv
is_status 0 "export --csv --bom"
ok "[ \"\$(head -c 3 bom.csv | od -An -tx1 | tr -d ' ')\" = efbbbf ]" "starts with EF BB BF"
tail -c +4 bom.csv >nobom.csv
pb-member export --csv >plain.csv
is_file nobom.csv plain.csv "then the UTF-8 roster"
run pb-member import --csv bom.csv
is_err "pb-member: 0 created, 0 updated, 5 unchanged" "a roster with a BOM imported back unchanged"

run pb-member export --csv --encoding GBK
is_status 0 "--encoding GBK: every character here has a GBK form"
iconv -f GBK -t UTF-8 out >back.csv
is_file back.csv plain.csv "GBK converted back: the UTF-8 roster"

fails 64 "^pb-member: error: --bom is a UTF-8 byte-order mark: not with --encoding gb18030" \
	"--bom with gb18030" pb-member export --csv --bom --encoding gb18030
fails 64 "^pb-member: error: unknown encoding 'latin1' \\(expected utf-8, gb18030 or gbk\\)" \
	"an unknown encoding" pb-member export --csv --encoding latin1 -o bad.csv
ok "[ ! -e bad.csv ]" "no file left for a refused export"
fails 64 "--encoding applies to --csv" "--encoding without --csv" \
	pb-member export --encoding gb18030

# A character outside GBK: exit 65 naming the member, no file; GB18030
# holds every character and takes it back.
pb-member -q set 0005 --note '𠀀家'
fails 65 "^pb-member: error: member 5: '𠀀' has no GBK form \\(use --encoding gb18030 or utf-8\\)" \
	"a character GBK lacks" pb-member export --csv --encoding gbk -o gbk.csv
ok "[ ! -e gbk.csv ]" "no partial file"
run pb-member export --csv --encoding gb18030 -o ext.csv
is_status 0 "the same roster in GB18030"
ok "grep -q \"\$(printf '\\225\\062\\202\\066')\" ext.csv" "𠀀 as its four GB18030 bytes (95 32 82 36)"
run pb-member import --csv --encoding gb18030 ext.csv
is_err "pb-member: 0 created, 0 updated, 5 unchanged" "and takes it back unchanged"

# ---- redacted; list -f csv ----------------------------------------------------

run pb-member export --csv --redact
is_out_match '^1,"=""0001""",张三,男,139\*\*\*\*0001,' "--redact masks phones"
cp out redacted.csv
fails 65 "^redacted\\.csv:2: error: invalid phone '139\\*\\*\\*\\*0001'" \
	"a redacted roster is not imported back" pb-member import --csv redacted.csv

pb-db dump >before.yaml
run pb-member list -f csv -o list.csv
is_status 0 "list -f csv"
ok "head -n 1 list.csv | grep -q '^id,ref,name,'" "its header names the id column"
run pb-member import --csv list.csv
is_status 0 "list -f csv imported back"
is_err "pb-member: 0 created, 0 updated, 4 unchanged" "unchanged (the member who left is not listed)"
pb-db dump >after.yaml
is_file after.yaml before.yaml "pb-db dump the same"

done_testing
