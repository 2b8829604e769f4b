#!/bin/sh
# -f xlsx: workbooks written by pb, read back by a client nobody here
# wrote (Python's openpyxl, Debian's python3-openpyxl) and compared
# figure for figure with the json of the same report or list: numbers
# are numeric cells, money has the format 0.00, dates are date cells
# (yyyy-mm-dd), booleans 是/否, the header row frozen; a report has a
# sheet per section under its title rows, each figure with this period,
# the previous one, the change and the change as a ratio (from 0: 新增,
# or - when it stays 0).  Then: -o makes the file 0600 through the
# temporary renamed into place, a terminal is refused (64), a pipe gets
# the workbook.  Without libxlsxwriter at build time -f xlsx exits 69
# and the rest is skipped; with it, openpyxl missing is a failure
# (make deps installs it).
# shellcheck source=tests/lib.sh
# Under valgrind one run in 3 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-3}
. "$(dirname "$0")/../lib.sh"

# The database of t0500-report-summary.sh.
sed -n '/^# fixture: begin/,/^# fixture: end/p' \
	"$TESTS/cli/t0500-report-summary.sh" >"$TMP/fixture.sh"
# shellcheck source=/dev/null
. "$TMP/fixture.sh"

export PB_LANG=zh
PY=/usr/bin/python3

run pb-org list -f xlsx -o "$TMP/probe.xlsx"
if [ "$status" = 69 ] && [ "${PB_WITH_XLSX:-}" != yes ]; then
	is_err_match 'built without xlsx support' "without libxlsxwriter: -f xlsx is 69, saying so"
	ok "[ ! -e '$TMP/probe.xlsx' ]" "and writes nothing"
	skip "built without xlsx support: nothing to read back"
	done_testing # exits
fi
is_status 0 "-f xlsx -o FILE writes a workbook"
if ! [ -x "$PY" ] || ! "$PY" -c 'import openpyxl' 2>/dev/null; then
	fail "openpyxl to read the workbooks back (make deps installs python3-openpyxl)"
	done_testing # exits
fi

# The reader: check.py report|list XLSX JSON [ARGS], one line per
# problem on stdout, nothing when all is well.
cat >"$TMP/check.py" <<'PY'
import datetime, decimal, json, sys
import openpyxl

problems = []
def bad(msg):
    problems.append(msg)

def num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)

def same_number(cell, want, where):
    if not num(cell.value):
        bad("%s: %r is not a numeric cell (want %s)" % (where, cell.value, want))
    elif abs(decimal.Decimal(repr(cell.value)) - decimal.Decimal(want)) > decimal.Decimal("0.0000001"):
        bad("%s: %r, want %s" % (where, cell.value, want))

def same_value(cell, key, want, where):
    """A json value against its cell."""
    if want is None:
        if cell.value not in (None, ""):
            bad("%s: %r, want empty" % (where, cell.value))
    elif isinstance(want, bool):
        if cell.value != ("是" if want else "否"):
            bad("%s: %r, want %s" % (where, cell.value, "是" if want else "否"))
    elif isinstance(want, (int, decimal.Decimal)):
        same_number(cell, want, where)
        if key.endswith("yuan") and cell.number_format != "0.00":
            bad("%s: money formatted %r, want 0.00" % (where, cell.number_format))
    elif isinstance(want, str) and len(want) == 10 and want[4] == "-" and want[7] == "-":
        if not isinstance(cell.value, datetime.datetime) or cell.value.date().isoformat() != want:
            bad("%s: %r is not the date cell %s" % (where, cell.value, want))
        if cell.number_format != "yyyy-mm-dd":
            bad("%s: date formatted %r" % (where, cell.number_format))
    elif isinstance(want, list):
        if cell.value != ("、".join(str(x) for x in want) or None):
            bad("%s: %r, want %r" % (where, cell.value, want))
    elif key in LABELLED:
        # a kind or category: its label, not its key
        if not isinstance(cell.value, str) or not cell.value or cell.value == want:
            bad("%s: %r, want the label of %r" % (where, cell.value, want))
    elif cell.value != want:
        bad("%s: %r, want %r" % (where, cell.value, want))

LABELLED = {"kind", "category", "org_kind", "event_kind", "type", "units_counted", "members_counted"}

def sheet_names(wb):
    for n in wb.sheetnames:
        if len(n) > 31 or any(c in n for c in "[]:*?/\\"):
            bad("sheet name %r" % n)

def flat_keys(item, prefix=""):
    for k, v in item.items():
        if isinstance(v, dict):
            yield from flat_keys(v, prefix + k + ".")
        elif isinstance(v, list) and any(isinstance(x, dict) for x in v):
            continue
        else:
            yield prefix + k

def get(item, path):
    for k in path.split("."):
        item = item.get(k) if isinstance(item, dict) else None
    return item

def table(ws, r, items, where, freeze):
    """A list of json objects as the table whose header is row r."""
    if not items:
        if ws.cell(r, 1).value != "无":
            bad("%s: empty list not shown as 无" % where)
        return r + 1
    keys = list(flat_keys(items[0]))
    head = [ws.cell(r, c + 1) for c in range(len(keys))]
    for h in head:
        if not h.value or not h.font.b:
            bad("%s: header cell %s %r not a bold heading" % (where, h.coordinate, h.value))
    if freeze and ws.freeze_panes != "A%d" % (r + 1):
        bad("%s: frozen at %r, want A%d" % (where, ws.freeze_panes, r + 1))
    for i, item in enumerate(items):
        for c, k in enumerate(keys):
            same_value(ws.cell(r + 1 + i, c + 1), k.split(".")[-1], get(item, k),
                       "%s!%s %s[%d].%s" % (ws.title, ws.cell(r + 1 + i, c + 1).coordinate, where, i, k))
    return r + 1 + len(items)

def figures(ws, r, sec, prev, compare, where):
    """A section's figures from row r, as the writer lays them out."""
    for k, v in sec.items():
        p = prev.get(k) if isinstance(prev, dict) else None
        if isinstance(v, dict):
            r = figures(ws, r + 1, v, p, compare, where + "." + k)
        elif isinstance(v, list) and v and all(not isinstance(x, dict) for x in v):
            same_value(ws.cell(r, 2), k, v, "%s!B%d %s.%s" % (ws.title, r, where, k))
            r += 1
        elif isinstance(v, list):
            r = table(ws, r + 2, v, where + "." + k, False) + 1
        else:
            at = "%s!B%d %s.%s" % (ws.title, r, where, k)
            same_value(ws.cell(r, 2), k, v, at)
            if compare and p is not None:
                same_value(ws.cell(r, 3), k, p, at + " (previous)")
                if isinstance(v, (int, decimal.Decimal)) and not isinstance(v, bool):
                    same_number(ws.cell(r, 4), v - p, at + " (change)")
                    pct = ws.cell(r, 5)
                    if p != 0:
                        same_number(pct, decimal.Decimal(v - p) / abs(decimal.Decimal(p)), at + " (change %)")
                        if pct.number_format != "0.0%":
                            bad("%s: ratio formatted %r" % (at, pct.number_format))
                    elif pct.value != ("新增" if v != 0 else "-"):
                        bad("%s (change %%): %r from 0 to %s" % (at, pct.value, v))
            r += 1
    return r

def report(path, jpath, title, *sections):
    wb = openpyxl.load_workbook(path)
    doc = json.load(open(jpath), parse_float=decimal.Decimal)
    sheet_names(wb)
    meta = doc.get("meta") or {}
    title = meta.get("title") or title
    prev = doc.get("previous")
    want = [s.split("=")[1] for s in sections]
    if wb.sheetnames != want:
        bad("sheets %r, want %r" % (wb.sheetnames, want))
    for s in sections:
        key, name = s.split("=")
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        if ws["A1"].value != title:
            bad("%s!A1: title %r, want %r" % (name, ws["A1"].value, title))
        per = doc.get("period")
        r = 2
        if per:
            w = "统计期间: %s 至 %s" % (per["from"], per["to"])
            if ws["A2"].value != w:
                bad("%s!A2: %r, want %r" % (name, ws["A2"].value, w))
        while ws.cell(r, 1).value is not None:
            r += 1
        r += 1  # the blank row after the title rows
        sec = doc[key]
        compare = isinstance(prev, dict) and isinstance(prev.get(key), dict)
        if isinstance(sec, list):
            table(ws, r, sec, key, True)
            continue
        head = [c.value for c in ws[r]][: 5 if compare else 2]
        wanth = ["项目", "本期", "上期", "增减", "增幅"] if compare else ["项目", "数值"]
        if head != wanth:
            bad("%s: header row %d %r, want %r" % (name, r, head, wanth))
        if ws.freeze_panes != "A%d" % (r + 1):
            bad("%s: frozen at %r, want A%d" % (name, ws.freeze_panes, r + 1))
        figures(ws, r + 1, sec, prev.get(key) if compare else None, compare, key)

def lst(path, jpath, sheet, *head):
    wb = openpyxl.load_workbook(path)
    doc = json.load(open(jpath), parse_float=decimal.Decimal)
    sheet_names(wb)
    if wb.sheetnames != [sheet]:
        bad("sheets %r, want [%r]" % (wb.sheetnames, sheet))
    ws = wb.worksheets[0]
    got = [c.value for c in ws[1]][: len(head)]
    if got != list(head):
        bad("header %r, want %r" % (got, list(head)))
    table(ws, 1, doc, sheet, True)
    if ws.max_row != len(doc) + 1:
        bad("%d rows, want %d" % (ws.max_row, len(doc) + 1))
    # every column at least as wide as its widest cell (CJK counts two)
    def width(v):
        if v is None:
            return 0
        if isinstance(v, datetime.datetime):
            return 10
        return sum(2 if ord(ch) > 0x2e7f else 1 for ch in str(v))
    for col in ws.iter_cols():
        w = max(width(c.value) for c in col)
        dim = ws.column_dimensions[col[0].column_letter].width
        if w and (dim is None or dim < w):
            bad("column %s %r narrower than its cells (%d)" % (col[0].column_letter, dim, w))

{"report": report, "list": lst}[sys.argv[1]](*sys.argv[2:])
for p in problems:
    print(p)
PY

# check KIND XLSX JSON ARGS...: the reader's verdict as one assertion.
check() {
	_what=$1
	shift
	if "$PY" "$TMP/check.py" "$@" >"$TMP/problems" 2>&1 && ! [ -s "$TMP/problems" ]; then
		pass "$_what"
	else
		fail "$_what"
		diag_file "$TMP/problems"
	fi
}

SECTIONS="events=活动 participation=参与 contributions=捐赠 beneficiaries=受益 pairs=共建对子 members=党员 opinions=征询意见"

# ---- the summary, figure for figure -------------------------------------------

X=$TMP/summary.xlsx
run pb-report summary --period 2026-02 -f xlsx -o "$X"
is_status 0 "summary -f xlsx -o FILE"
is_out_empty "nothing on standard output"
ok "[ \"\$(head -c 2 '$X')\" = PK ]" "a zip container"
ok "[ \"\$(stat -c %a '$X')\" = 600 ]" "made mode 0600, as every -o file"
ok "! ls -a '$TMP' | grep -q pb-tmp" "no temporary left beside it"
pb-report summary --period 2026-02 -f json >"$TMP/summary.json"
# shellcheck disable=SC2086
check "summary: a sheet per section, title rows, each figure this/previous/change/ratio as the json's" \
	report "$X" "$TMP/summary.json" "共驻共建工作统计 2026-02" $SECTIONS

# Spot checks of the reader's own, by hand from t0500's fixture.
"$PY" - "$X" >"$TMP/cells" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
c = wb["捐赠"]
print(c["A13"].value, c["B13"].value, c["B13"].number_format, c["C13"].value, c["E13"].value)
print(c["A14"].value, c["B14"].value, c["C14"].value, c["D14"].value, c["E14"].value)
e = wb["活动"]
print(e["A12"].value, e["B12"].value, e["C12"].value, e["D12"].value, e["E12"].value, e.freeze_panes)
PY
is_file_text "$TMP/cells" "资金(元) 60000 0.00 0 新增
实物折价(元) 4700 8000 -3300 -0.4125
合计 5 2 3 1.5 A12" "cash 60000.00 from 0 (新增), in kind 4700 from 8000 (-41.25%), events 5 from 2 (+150%)"

# The title rows: title, the two periods, then meta's (street, scope,
# the period in words, as-of, compiler, date); a blank row, the header.
titles() {
	"$PY" - "$1" >"$TMP/cells" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["活动"]
for r in range(1, 12):
    print(ws.cell(r, 1).value)
PY
}
titles "$X"
is_file_text "$TMP/cells" "东湖街道党工委共驻共建工作月报 2026年2月
统计期间: 2026-02-01 至 2026-02-28
上期: 2026-01-01 至 2026-01-31
街道: 东湖街道党工委
范围: 全部
统计期间: 2026年2月
截至日期: 2026-02-28
填报单位: 东湖街道党工委
生成日期: 2026-11-27
None
项目" "title rows: the title, the periods, meta's values (scope 全部), a blank row"
run pb-report summary --period 2026-02 --org sq1 -f xlsx -o "$TMP/sq1.xlsx"
is_status 0 "summary --org sq1 -f xlsx"
titles "$TMP/sq1.xlsx"
is_file_text "$TMP/cells" "东湖街道党工委共驻共建工作月报 2026年2月
统计期间: 2026-02-01 至 2026-02-28
上期: 2026-01-01 至 2026-01-31
街道: 东湖街道党工委
范围: sq1 东湖社区党委
统计期间: 2026年2月
截至日期: 2026-02-28
填报单位: 东湖街道党工委
生成日期: 2026-11-27
None
项目" "title rows with --org sq1: 范围 is the org's code and name, as in the table's title"

run pb-report summary --period 2026-02 --no-compare -f xlsx -o "$TMP/nc.xlsx"
is_status 0 "summary --no-compare -f xlsx"
pb-report summary --period 2026-02 --no-compare -f json >"$TMP/nc.json"
# shellcheck disable=SC2086
check "--no-compare: label and value only" report "$TMP/nc.xlsx" "$TMP/nc.json" \
	"共驻共建工作统计 2026-02" $SECTIONS

# ---- other reports: lists as tables --------------------------------------------

run pb-report pairs --period 2026-02 -f xlsx -o "$TMP/pairs.xlsx"
is_status 0 "pairs -f xlsx"
pb-report pairs --period 2026-02 -f json >"$TMP/pairs.json"
check "pairs: one table, dates, money 0.00, dormant 是/否, as the json" \
	report "$TMP/pairs.xlsx" "$TMP/pairs.json" "共建对子" pairs=共建对子

run pb-report overdue --as-of 2026-03-01 -f xlsx -o "$TMP/overdue.xlsx"
is_status 0 "overdue -f xlsx"
pb-report overdue --as-of 2026-03-01 -f json >"$TMP/overdue.json"
check "overdue: its as-of above the table, as the json" \
	report "$TMP/overdue.xlsx" "$TMP/overdue.json" "逾期未答复意见" opinions=征询意见

# ---- lists ---------------------------------------------------------------------

for l in "event list:ID,编号,日期" "member list:ID,编号,姓名" "pair list:编号,社区,社区名称" \
	"org list:编号,代码,名称" "event opinion list:ID,提出单位,提出单位名称"; do
	cmd=${l%%:*}
	head=$(printf '%s' "${l#*:}" | tr ',' ' ')
	# shellcheck disable=SC2086
	set -- $cmd
	p=pb-$1
	shift
	run "$p" "$@" -f xlsx -o "$TMP/list.xlsx"
	is_status 0 "$cmd -f xlsx"
	"$p" "$@" -f json >"$TMP/list.json"
	# shellcheck disable=SC2086
	check "$cmd: a sheet, its header frozen, every cell as the json's, widths fit" \
		list "$TMP/list.xlsx" "$TMP/list.json" "$cmd" $head
done

# ---- a district's roll-up: its report, and a row per street ------------------------

for n in 1 2; do
	PB_DB=$TMP/s$n.db pb-db -q init
	PB_DB=$TMP/s$n.db pb-org -q add --code jd$n --name 街道$n --kind street
	PB_DB=$TMP/s$n.db pb-org -q add --code u$n --name 单位$n --kind enterprise --parent jd$n
	PB_DB=$TMP/s$n.db pb-event -q add --date 2026-02-0$n --kind aid --title 活动$n --org u$n
done
run pb-report summary --db "$TMP/s1.db" --db "$TMP/s2.db" --period 2026-02 -f xlsx -o "$TMP/district.xlsx"
is_status 0 "a roll-up -f xlsx"
pb-report summary --db "$TMP/s1.db" --db "$TMP/s2.db" --period 2026-02 -f json >"$TMP/district.json"
# shellcheck disable=SC2086
check "roll-up: the district's sections, a sheet of streets (a row each, figures as columns), its notes" \
	report "$TMP/district.xlsx" "$TMP/district.json" "共驻共建工作统计 2026-02" $SECTIONS \
	streets=街道 rollup=汇总说明

# ---- where a workbook may go -----------------------------------------------------

# A file that exists keeps its mode, as with every -o.
: >"$TMP/shared.xlsx"
chmod 0640 "$TMP/shared.xlsx"
run pb-org list -f xlsx -o "$TMP/shared.xlsx"
ok "[ \"\$(stat -c %a '$TMP/shared.xlsx')\" = 640 ] && [ \"\$(head -c 2 '$TMP/shared.xlsx')\" = PK ]" \
	"replacing a file keeps its mode 0640"

# The workbook is assembled in a scratch file in TMPDIR: where it cannot
# be made, 73 and nothing written.
TMPDIR=$TMP/none run pb-org list -f xlsx -o "$TMP/none.xlsx"
is_status 73 "no scratch file in TMPDIR: 73"
ok "[ ! -e '$TMP/none.xlsx' ] && ! ls -a '$TMP' | grep -q pb-tmp" "and nothing written, no temporary left"

# A pipe (or a file by redirection) gets the workbook on standard output.
pb-org list -f xlsx | cat >"$TMP/piped.xlsx"
pb-org list -f json >"$TMP/org.json"
check "-f xlsx into a pipe: the workbook on standard output" \
	list "$TMP/piped.xlsx" "$TMP/org.json" "org list" 编号 代码 名称

# A terminal is refused, before anything is read.
if command -v script >/dev/null 2>&1; then
	script -qec "$PB_BIN/pb-org list -f xlsx; echo status=\$?" /dev/null >"$TMP/tty" 2>&1 </dev/null
	ok "grep -q 'status=64' '$TMP/tty' && grep -q 'give -o FILE' '$TMP/tty'" \
		"-f xlsx on a terminal: 64, asking for -o FILE"
	script -qec "$PB_BIN/pb-org list -f xlsx -o $TMP/tty.xlsx; echo status=\$?" /dev/null >"$TMP/tty" 2>&1 </dev/null
	ok "grep -q 'status=0' '$TMP/tty' && [ -s '$TMP/tty.xlsx' ]" "with -o FILE on a terminal: written"
else
	skip "no script(1) for a terminal"
	skip "no script(1) for a terminal"
fi

done_testing
