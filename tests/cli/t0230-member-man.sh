#!/bin/sh
# pb-member(1): clean under mandoc -Tlint, its SYNOPSIS names every
# subcommand of --help, and the EXAMPLES run as printed.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

MAN=$TESTS/../man/man1/pb-member.1
ok "[ -r '$MAN' ]" "the man page is there"
if command -v mandoc >/dev/null 2>&1; then
	run mandoc -Tlint -Wwarning "$MAN"
	is_status 0 "mandoc -Tlint -Wwarning is clean"
	is_out_empty "and says nothing"
else
	pass "# SKIP no mandoc"
	pass "# SKIP no mandoc"
fi

pb-member --help >"$TMP/help"
sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p' "$TMP/help" >"$TMP/subs"
while read -r sub; do
	ok "grep -qx '\\.Cm $sub' '$MAN'" "the SYNOPSIS has $sub"
done <"$TMP/subs"
for opt in ref name gender phone category org community registered unit \
	joined left note as-of all force date csv encoding dry-run redact; do
	ok "grep -q 'Fl -$opt' '$MAN'" "--$opt is documented"
done

# The EXAMPLES as in t0320: each literal block's commands ("$ " removed,
# with their indented continuation lines) in $TMP/ex.N.sh.
awk -v dir="$TMP" '
	/^\.Sh EXAMPLES/ { on = 1; next }
	/^\.Sh / { on = 0 }
	!on { next }
	/^\.Bd -literal/ { n++; inblock = 1; printf "" > (dir "/ex." n ".sh"); next }
	/^\.Ed/ { inblock = 0; next }
	!inblock { next }
	{ gsub(/\\e/, "\\") }
	/^\$ / { print substr($0, 3) >> (dir "/ex." n ".sh"); next }
	/^    / { print >> (dir "/ex." n ".sh"); next }
	END { print n > (dir "/ex.count") }
' "$MAN"
ok "[ \"\$(cat '$TMP/ex.count')\" -ge 5 ]" "the examples were found"
block() {
	grep -lF -- "$1" "$TMP"/ex.*.sh | head -n 1
}

pb-org -q add --code ry --name 荣耀街道党工委 --kind street
pb-org -q add --code ry.rongyao --name 荣耀社区党委 --kind community --parent ry
pb-org -q add --code ry.xinhua --name 新华社区党委 --kind community --parent ry
pb-org -q add --code ry.ranqi --name 燃气公司党委 --kind enterprise
cd "$TMP" || exit 1
printf '%s\r\n' '编号,姓名,性别,手机,类别,所在党组织,报到社区,工作单位,入党日期,报到日期,备注' \
	'0001,张三,男,13800000001,在职党员,燃气公司党委,,燃气公司党委,2001-07-01,,' \
	'0002,李四,女,13800000002,居民党员,荣耀社区党委,荣耀社区党委,,1985-03-01,2025-12-01,"一, 二"' \
	'0003,王五,男,13800000003,在职党员,燃气公司党委,新华社区党委,燃气公司党委,,2025-01-01,' |
	iconv -f UTF-8 -t GB18030 >花名册.csv

run sh "$(block 'import --csv --encoding gb18030')"
is_status 0 "the roster example runs"
is_err "pb-member: dry run, nothing written: 3 created, 0 updated, 0 unchanged
pb-member: 3 created, 0 updated, 0 unchanged" "it checks, then imports"

run sh "$(block '--unit ry.ranqi')"
is_status 0 "the in-service example runs"
is_out "0001	张三	13800000001	
0003	王五	13800000003	ry.xinhua" "the in-service members of the unit"

run sh "$(block 'pb-member unregister')"
is_status 0 "the register example runs"
run pb-member show 0001 -f json
is_out_match '\{"community":"ry.rongyao","community_name":"荣耀社区党委","since":"2026-01-01","until":"2026-03-01"\},' "registered and returned"
is_out_match '\{"community":"ry.xinhua","community_name":"新华社区党委","since":"2026-05-01","until":null\}' "then registered elsewhere"

run sh "$(block 'as-of 2026-03-31')"
is_status 0 "the as-of example runs"
printf '\357\273\277id,ref,name,gender,phone,category,org,org_name,community,community_name,unit,unit_name,joined,registered,left,note\r\n2,0002,李四,f,13800000002,resident,ry.rongyao,荣耀社区党委,ry.rongyao,荣耀社区党委,,,1985-03-01,2025-12-01,,"一, 二"\r\n' >want.csv
is_file 报到-2026Q1.csv want.csv "who was registered at the end of the quarter (0001 had returned)"

run sh "$(block 'export --redact')"
is_status 0 "the --redact example runs"
ok "grep -q '138\\*\\*\\*\\*0001' members.yaml && ! grep -q 13800000001 members.yaml" "phones masked"

done_testing
