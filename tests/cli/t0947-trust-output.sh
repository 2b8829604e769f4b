#!/bin/sh
# Output never runs or acts on what it shows.  Records whose names,
# titles, notes and addresses start with = + - @ or a tab, and hold HTML
# and a pipe, go through every command that lists or reports: csv puts a
# "'" before each such text cell (a number such as days left -26 stays a
# number; --raw and tsv keep the text), md and html show the HTML as
# text, json escapes controls.  A database edited around pb (ESC, BEL,
# C1 controls, a byte that is not UTF-8) shows nothing raw in a table,
# and yaml and dump refuse it aloud.  Every error message that echoes an
# argument or a file name escapes its controls.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

X='<img src=x onerror=alert(1)>|'
tab=$(printf '\t')
pb-org -q add --code jd --name '=HYPERLINK("http://x/","y")' --kind street \
	--address "+cmd $X" --note "${tab}note"
pb-org -q add --code sq --name "-2+3+cmd|' /C calc'!A0 $X" --kind community \
	--parent jd --contact '@SUM(A1)'
pb-org -q add --code hn --name "@hn $X" --kind enterprise --parent jd
pb-org -q role add jd --title '=title' --name "+name $X" --since 2024-01-01 \
	--until 2026-12-01
pb-member -q add --name "=m $X" --category in-service --unit hn \
	--community sq --registered 2026-11-01 --note '-note'
pb-pair -q add --community sq --partner hn --kind enterprise \
	--since 2025-01-01 --until 2026-12-20 --goal "=goal $X" --note '@n'
pb-event -q add --date 2026-11-10 --kind service --title "=title $X" \
	--org sq --pair 1 --place '-place' --note "+n${tab}a
b"
pb-event -q attend 1 --org hn --people 3 --hours 2
pb-event -q attend 1 --member 1 --hours 2
pb-event -q give 1 --from hn --type goods --value 100 --quantity 5 \
	--unit '=kg' --item "@rice $X"
pb-event -q opinion add --from hn --text "=op $X" --received 2026-10-01 \
	--due 2026-11-01

# Every command with a list or a report (ids and codes as created above),
# after what it shows of those records: c, text cells starting with = + -
# @ (in csv); h, the HTML; -, codes and numbers only.  Under valgrind each
# loop over them takes every other one (vg_sample: its count runs on
# through the odd number of lines, so a loop takes those the last one
# left).
cat >"$TMP/commands" <<'EOF'
ch pb-org list
ch pb-org show jd
ch pb-org tree
ch pb-org role list
ch pb-member list
ch pb-member show 1
ch pb-pair list
ch pb-pair show 1
ch pb-event list
ch pb-event show 1
ch pb-event opinion list
ch pb-report summary --period 2026-11
ch pb-report unit hn --period 2026-11
-  pb-report pairs --period 2026-11
ch pb-report review --period 2026-11
ch pb-report members --period 2026-11
ch pb-report due
-  pb-report overdue
h  pb-db log
EOF

# A csv cell a spreadsheet would run: after an optional opening quote, a
# cell starting with = + @ tab CR, or with - but not a number.  Cells are
# split at every comma: the one quoted cell with commas in it starts "'=
# and its pieces start with "".
formula_cells() {
	awk -F, '{
		for (i = 1; i <= NF; i++) {
			c = $i
			sub(/\r$/, "", c)
			sub(/^"/, "", c)
			if (c ~ /^[=+@\t\r]/ || (c ~ /^-/ && c !~ /^-[0-9]+(\.[0-9]+)?$/))
				print c
		}
	}' "$1"
}

# ---- csv ------------------------------------------------------------------

while read -r shows cmd; do
	vg_sample 2 || continue
	# shellcheck disable=SC2086
	run $cmd -f csv
	formula_cells "$TMP/out" >"$TMP/cells"
	ok "[ $status = 0 ] && [ ! -s '$TMP/cells' ]" \
		"$cmd -f csv: no cell a spreadsheet would run" ||
		diag_file "$TMP/cells"
	case $shows in c*) ;; *) continue ;; esac
	ok "grep -Eq \"(^|,)\\\"?'[-=+@\$tab]\" '$TMP/out'" \
		"$cmd -f csv: such cells start with '"
	# shellcheck disable=SC2086
	run $cmd -f csv --raw
	formula_cells "$TMP/out" >"$TMP/cells"
	ok "[ $status = 0 ] && [ -s '$TMP/cells' ]" \
		"$cmd -f csv --raw: the cells as they are"
done <"$TMP/commands"

# csv ends its lines in CRLF; the expected texts here end in LF.
run sh -c 'pb-org list -f csv | tr -d "\r"'
is_out "id,code,name,kind,parent,parent_name,uscc,members,address,contact,phone,joined,left,note
3,hn,'@hn <img src=x onerror=alert(1)>|,enterprise,jd,\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\",,,,,,,,
1,jd,\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\",street,,,,,'+cmd <img src=x onerror=alert(1)>|,,,,,'${tab}note
2,sq,'-2+3+cmd|' /C calc'!A0 <img src=x onerror=alert(1)>|,community,jd,\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\",,,,'@SUM(A1),,,," \
	"pb-org list -f csv: text cells neutralised, the ' inside the quotes"
run sh -c 'pb-org list -f csv --raw --fields name | tr -d "\r"'
is_out "name
@hn <img src=x onerror=alert(1)>|
\"=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\"
-2+3+cmd|' /C calc'!A0 <img src=x onerror=alert(1)>|" \
	"pb-org list -f csv --raw: the names as stored"
run sh -c 'pb-report due -f csv | tr -d "\r" | grep -E "^(Report,Street|1,)"'
is_out "Report,Street,\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\"
1,hn,'@hn <img src=x onerror=alert(1)>|,2026-10-01,2026-11-01,-26
1,sq,'-2+3+cmd|' /C calc'!A0 <img src=x onerror=alert(1)>|,hn,'@hn <img src=x onerror=alert(1)>|,Community-enterprise,2026-12-20
1,jd,\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\",'=title,'+name <img src=x onerror=alert(1)>|,2026-12-01" \
	"pb-report due -f csv: negative days left stay a number, text neutralised"

# ---- tsv keeps text as it is, with its tab and newline escaped ------------

run pb-event list -f tsv --fields title,place,note
is_out "=title <img src=x onerror=alert(1)>|	-place	+n\\ta\\nb" \
	"tsv: text as stored, tab and newline escaped"

# ---- md and html: HTML is text --------------------------------------------

while read -r shows cmd; do
	vg_sample 2 || continue
	for f in md html; do
		# shellcheck disable=SC2086
		run $cmd -f $f
		ok "[ $status = 0 ] && ! grep -q '<img' '$TMP/out'" \
			"$cmd -f $f: no HTML from the records"
		case $shows in *h*) ;; *) continue ;; esac
		ok "grep -q '&lt;img src=x onerror=alert(1)&gt;' '$TMP/out'" \
			"$cmd -f $f: the HTML in a name is shown as text"
	done
	# shellcheck disable=SC2086
	run $cmd -f md
	ok "! grep -q '[<>]' '$TMP/out' && ! grep -q 'alert(1)&gt;|' '$TMP/out'" \
		"$cmd -f md: no < or > at all, the pipe escaped"
done <"$TMP/commands"

run pb-org list -f md --fields name
is_out "| Name |
| --- |
| @hn &lt;img src=x onerror=alert(1)&gt;\\| |
| =HYPERLINK(\"http://x/\",\"y\") |
| -2+3+cmd\\|' /C calc'!A0 &lt;img src=x onerror=alert(1)&gt;\\| |" \
	"pb-org list -f md: HTML entities, the pipe escaped"

# ---- a database written around pb: nothing raw on the terminal ------------

# A copy in a SQLite file (from either engine), with bytes no server takes.
pb-db backup "$TMP/bad.db"
sqlite3 "$TMP/bad.db" "
UPDATE orgs SET name = 'a' || char(27) || '[2J' || char(155) || '31m' ||
	CAST(X'9b' AS TEXT) || 'b' || char(133) WHERE code = 'hn';
UPDATE events SET title = char(27) || ']0;pwned' || char(7);
UPDATE members SET name = 'm' || char(27) || 'c';
UPDATE roles SET person = char(127) || char(159) || 'r';" || exit 1
good='a\x1b[2J\u009b31m\x9bb\u0085'
while read -r shows cmd; do
	vg_sample 2 || continue
	# shellcheck disable=SC2086
	PB_DB=$TMP/bad.db run $cmd -f table
	ok "[ $status = 0 ] && ! LC_ALL=C grep -q '[^ -~]' '$TMP/out' &&
	    [ -s '$TMP/out' ]" \
		"$cmd -f table: printable ASCII only, every control escaped"
done <"$TMP/commands"
PB_DB=$TMP/bad.db run pb-org list -f table --fields code,name
is_out "Code  Name
hn    $good
jd    =HYPERLINK(\"http://x/\",\"y\")
sq    -2+3+cmd|' /C calc'!A0 <img src=x onerror=alert(1)>|" \
	"table: ESC, C1 controls and a stray byte escaped, columns aligned"
PB_DB=$TMP/bad.db run pb-org tree -f table --fields depth,name
is_out "Depth  Name
    0  =HYPERLINK(\"http://x/\",\"y\")
    1    $good
    1    -2+3+cmd|' /C calc'!A0 <img src=x onerror=alert(1)>|" \
	"pb-org tree: the same escapes under the indent"
PB_DB=$TMP/bad.db run pb-event show 1 -f table --fields title
is_out "Title  \\x1b]0;pwned\\x07" "pb-event show: OSC and BEL escaped"
PB_DB=$TMP/bad.db run pb-org list -f json --fields name
is_out '[
{"name":"a\u001b[2J\u009b31m\ufffdb\u0085"},
{"name":"=HYPERLINK(\"http://x/\",\"y\")"},
{"name":"-2+3+cmd|'"'"' /C calc'"'"'!A0 <img src=x onerror=alert(1)>|"}
]' "json: controls as \\u escapes, a stray byte as U+FFFD"
for f in md html jsonl; do
	PB_DB=$TMP/bad.db run pb-org list -f $f
	ok "[ $status = 0 ] && ! LC_ALL=C grep -q '[^ -~]' '$TMP/out'" \
		"pb-org list -f $f: nothing raw"
done
PB_DB=$TMP/bad.db run pb-report unit hn --period 2026-11 -f md
ok "[ $status = 0 ] && ! LC_ALL=C grep -q '[^ -~]' '$TMP/out' &&
    grep -qF 'a\\\\x1b\\[2J' '$TMP/out'" "report -f md: nothing raw, escapes shown"

# YAML cannot hold a byte that is not UTF-8: refused aloud, never a
# whole-looking file with exit 0.
PB_DB=$TMP/bad.db run pb-db dump -o "$TMP/dump.yaml"
is_status 74 "pb-db dump of a non-UTF-8 value fails"
is_err "pb-db: error: cannot write yaml: a stored value is not valid UTF-8" \
	"and says why"
ok "[ ! -e '$TMP/dump.yaml' ]" "and -o leaves no file"
PB_DB=$TMP/bad.db run pb-org list -f yaml
is_status 74 "pb-org list -f yaml of a non-UTF-8 value fails"
is_err "pb-org: error: cannot write output" "with a message"

# A list cut short by a full disk says so, once, and fails (it printed an
# empty "error: " and exited with whatever status the stack held).
if [ -w /dev/full ]; then
	note=$(printf '%02000d' 0)
	for i in 1 2 3; do
		PB_DB=$TMP/big.db pb-org -q add --code "b$i" --name "B$i" \
			--kind other --note "$note"
	done
	for cmd in "pb-org list" "pb-db log"; do
		PB_DB=$TMP/big.db run sh -c "$cmd >/dev/full"
		is_status 74 "$cmd to a full disk fails"
		is_err "${cmd%% *}: error: cannot write output" "and says so once"
	done
else
	pass "a list to a full disk # SKIP no /dev/full"
fi

# ---- error messages echo arguments and file names escaped ------------------

E=$(printf '\033')
run pb-org show "x${E}[2Jy"
is_status 1 "unknown org with ESC"
is_err "pb-org: error: unknown organization 'x\\x1b[2Jy'" "the name escaped"
run pb-org list "--x${E}[31m"
is_status 64 "unknown option with ESC"
is_err "pb-org: error: unknown option '--x\\x1b[31m'
(see 'pb-org list --help')" "getopt prints nothing; the option escaped"
run pb-org "sh$(printf '\302\233')ow"
is_status 64 "unknown subcommand with CSI"
is_err_match "^pb-org: error: unknown subcommand 'sh\\\\u009bow' " \
	"a C1 control escaped"
run pb-report summary --period "$(printf '\233')2[J"
is_status 64 "invalid period with a lone 0x9b"
is_err_match "^pb-report: error: invalid period '\\\\x9b2\\[J' " \
	"a byte that is not UTF-8 escaped"
run pb-org import "a${E}b.yaml"
is_status 66 "missing file with ESC in its name"
is_err "pb-org: error: cannot open 'a\\x1bb.yaml': No such file or directory" \
	"the file name escaped"
printf 'orgs:\n  - {code: "a\\e", name: x, kind: street}\n' >"$TMP/f${E}[1m.yaml"
run pb-org import "$TMP/f${E}[1m.yaml"
is_status 65 "bad input in a file with ESC in its name"
ok "LC_ALL=C grep -q 'f\\\\x1b\\[1m.yaml:2:12: error: code: control character U+001B at character 2\$' '$TMP/err' &&
    ! LC_ALL=C grep -q '[^ -~]' '$TMP/err'" "FILE:LINE:COL: the file name escaped"

# ---- --raw is a global option ------------------------------------------------

run pb-org --help
is_out_match "^      --raw +keep csv cells that start with = \\+ - @ as they are\$" \
	"--help lists --raw"

done_testing
