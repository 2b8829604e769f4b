#!/bin/sh
# The EXAMPLES of pb-pair(1) run as printed: each literal block is taken
# from the man page source, its commands run in sh (bash for the one that
# says so), and the output it shows compared.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

MAN=$TESTS/../man/man1/pb-pair.1
ok "[ -r '$MAN' ]" "the man page is there"

# Split the EXAMPLES into $TMP/ex.N.sh (the commands, "$ " removed, with
# their indented continuation lines) and $TMP/ex.N.out (the lines shown
# as output); mdoc's \e is a backslash.
awk -v dir="$TMP" '
	/^\.Sh EXAMPLES/ { on = 1; next }
	/^\.Sh / { on = 0 }
	!on { next }
	/^\.Bd -literal/ { n++; inblock = 1; printf "" > (dir "/ex." n ".sh");
		printf "" > (dir "/ex." n ".out"); next }
	/^\.Ed/ { inblock = 0; next }
	!inblock { next }
	{ gsub(/\\e/, "\\") }
	/^\$ / { print substr($0, 3) >> (dir "/ex." n ".sh"); next }
	/^    / { print >> (dir "/ex." n ".sh"); next }
	{ print >> (dir "/ex." n ".out") }
	END { print n > (dir "/ex.count") }
' "$MAN"
nblocks=$(cat "$TMP/ex.count")
ok "[ '$nblocks' -ge 8 ]" "the examples were found ($nblocks blocks)"

# The block whose commands contain a fixed string.
block() {
	grep -lF -- "$1" "$TMP"/ex.*.sh | head -n 1
}

pb-org -q add --code ry --name 荣耀街道党工委 --kind street
pb-org -q add --code ry.rongyao --name 荣耀社区党委 --kind community --parent ry
pb-org -q add --code ry.huaneng --name 华能公司党委 --kind enterprise
pb-org -q add --code ry.changjiang --name 长江公司党支部 --kind enterprise
pb-org -q add --code ry.limin --name 利民公司党支部 --kind enterprise
pb-org -q add --code ry.gone --name 已迁出企业 --kind enterprise --left 2026-01-01
pb-org -q add --code ry.minying --name 民营科技公司 --kind private
pb-org -q add --code ry.wj-zhongdui --name 武警某部三中队党支部 --kind garrison
cd "$TMP" || exit 1

# Each example in the order of the page; where it shows output, compare.
for f in "$(block 'pb-pair add --community')" "$(block 'list --org ry.huaneng')" \
	"$(block 'as-of 2025-12-31')" "$(block 'pb-pair end 1')"; do
	run sh "$f"
	is_status 0 "example runs: $(head -n 1 "$f")"
	if [ -s "${f%.sh}.out" ]; then
		is_file "$TMP/out" "${f%.sh}.out" "example prints what the page shows: $(head -n 1 "$f")"
	fi
done
ok "[ -s '$TMP/pairs-2025.csv' ]" "the --as-of example wrote its csv"

pb-pair -q add -c ry.rongyao -p ry.limin -k aid -s 2024-01-01 --until 2025-01-01
pb-pair -q add -c ry.rongyao -p ry.wj-zhongdui -k military -s 2023-03-01
pb-pair -q add -c ry -p ry.minying -k other -s 2026-12-01

f=$(block 'grep -vxF')
run sh "$f"
is_out "ry.changjiang
ry.limin" "POSIX example: the enterprises with no active pair (not one that has left, not a private one)"

f=$(block 'ENVIRON')
run sh "$f"
is_status 0 "the example with names runs"
is_out "ry.changjiang	长江公司党支部
ry.limin	利民公司党支部" "and prints codes and names"

if command -v bash >/dev/null 2>&1; then
	f=$(block 'comm -23')
	run bash "$f"
	is_status 0 "the bash example runs"
	is_out "ry.changjiang
ry.limin" "and prints the same"
else
	pass "# SKIP no bash"
	pass "# SKIP no bash"
fi

# With no active pair at all, every enterprise is listed.
pb-pair -q end 2 --until 2026-11-01
run sh "$(block 'grep -vxF')"
is_out "ry.changjiang
ry.huaneng
ry.limin" "with no active enterprise pair, every active enterprise"

f=$(block 'pb-pair export -o')
grep -v '^vi ' "$f" >"$TMP/roundtrip.sh"
run sh "$TMP/roundtrip.sh"
is_status 0 "the export and import example runs (without the editor)"
is_err "pb-pair: dry run, nothing written: 0 created, 0 updated, 5 unchanged
pb-pair: 0 created, 0 updated, 5 unchanged" "and changes nothing"

done_testing
