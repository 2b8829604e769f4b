#!/bin/sh
# pb-report summary -f html: one self-contained page (nothing fetched
# from anywhere: no URL but the SVG namespace, no <link>, no script or
# image from a file), an SVG bar chart per chart, the figures in tables,
# text escaped; then the page rendered in headless Chromium, and the
# screenshot checked to hold charts, not a blank page.  Without
# /usr/bin/chromium the rendering is skipped (.ci/run installs it).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# The database of t0500-report-summary.sh.
sed -n '/^# fixture: begin/,/^# fixture: end/p' \
	"$TESTS/cli/t0500-report-summary.sh" >"$TMP/fixture.sh"
# shellcheck source=/dev/null
. "$TMP/fixture.sh"
# One thing given in February 2026 whose name needs escaping in HTML.
relief=$(pb-event list --period 2026-02-10..2026-02-10 --fields id)
pb-event -q give "$relief" --from hn --type goods --item '米<面>&"油"' \
	--quantity 3 --unit 箱

H=$TMP/report.html
run pb-report summary --period 2026-02 -f html -o "$H"
is_status 0 "summary -f html -o report.html"
is_out_empty "nothing on stdout"
ok "[ -s '$H' ]" "the page is written"

# ---- one page, self-contained -------------------------------------------------

ok "[ \"\$(head -n 1 '$H')\" = '<!DOCTYPE html>' ]" "it begins with <!DOCTYPE html>"
ok "[ \"\$(tail -n 1 '$H')\" = '</html>' ]" "it ends with </html>"
ok "grep -q '<meta charset=\"utf-8\">' '$H'" "its charset is declared"
ok "[ \"\$(grep -c '<html' '$H')\" = 1 ]" "one page, one <html>"
sed 's|xmlns="http://www.w3.org/2000/svg"||g' "$H" >"$TMP/no-ns.html"
ok "! grep -Eiq 'https?:' '$TMP/no-ns.html'" "no http:// or https:// but the SVG namespace"
ok "! grep -Eiq '<link|<script|<img|<iframe|<object|<embed' '$H'" "no <link>, no script, no image, nothing embedded"
ok "! grep -Eiq ' (src|href)=|@import|url\\(' '$H'" "no src=, href=, @import or url(): nothing fetched"
ok "grep -q '<style>' '$H'" "its style is inside it"

# ---- the charts -------------------------------------------------------------------

ok "[ \"\$(grep -c '<svg xmlns=\"http://www.w3.org/2000/svg\"' '$H')\" = 4 ]" "four <svg> charts"
ok "[ \"\$(grep -c '</svg>' '$H')\" = 4 ]" "each closed"
sed -n 's|^<figcaption>\(.*\)</figcaption>$|\1|p' "$H" >"$TMP/captions"
is_file_text "$TMP/captions" "Events by kind
Participation
Contributions (yuan)
Beneficiaries" "one per chart: events by kind, participation, contributions, beneficiaries"
# 12 kinds + 4 + 2 (cash and in kind, not the count) + 3 figures, a bar
# for this period and one for the last, and two in each chart's legend.
ok "[ \"\$(grep -o '<rect ' '$H' | wc -l)\" -eq 50 ]" "two bars per figure and a legend: 50 rectangles"
# The longest bar is 400 wide: aid (2) in February, events by kind; a
# kind of 1 is half as long; 350 persons against 200 the month before.
ok "grep -q '>Poverty relief</text>' '$H'" "bars labelled in English"
ok "grep -A 1 '>Poverty relief</text>' '$H' | grep -q 'width=\"400.0\" height=\"12\"'" "aid, 2 events: the longest bar"
ok "grep -A 1 '>Festival</text>' '$H' | grep -q 'width=\"200.0\" height=\"12\"'" "festival, 1 event: half of it"
ok "grep -A 3 '>Persons</text>' '$H' | grep -q 'width=\"228.6\" height=\"10\"'" "200 persons last month against 350: 4/7 of the bar"
# Contributions: 60000.00 yuan in cash (the longest bar), 4700.00 in kind
# (4700/60000 of 400 = 31.3), 8000.00 in kind in January (53.3).
ok "grep -A 1 '>Cash (yuan)</text>' '$H' | grep -q 'width=\"400.0\" height=\"12\"'" "contributions: 60000.00 yuan cash, the longest bar"
ok "grep -A 1 '>In kind (yuan)</text>' '$H' | grep -q 'width=\"31.3\" height=\"12\"'" "4700.00 in kind: 31.3"
ok "grep -A 3 '>In kind (yuan)</text>' '$H' | grep -q 'width=\"53.3\" height=\"10\"'" "8000.00 in kind in January: 53.3"
ok "! grep -q '>Contributions</text>' '$H'" "the count of contributions is no bar among yuan"

# ---- printable: A4, headers repeated, CJK fonts -----------------------------------

ok "grep -qF '@page{size:A4;margin:18mm 15mm}' '$H'" "an A4 page with margins"
ok "grep -qF 'thead{display:table-header-group}' '$H'" "table headers repeated on each printed page"
ok "grep -qF 'table,figure,tr{break-inside:avoid}' '$H'" "a table or chart not split across pages"
ok "grep -qF 'width:100%' '$H'" "tables full width"
ok "grep -qF '\"PingFang SC\",\"Hiragino Sans GB\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Micro Hei\",sans-serif' '$H'" \
	"the CJK fonts of macOS, Windows and Linux first"
ok "[ \"\$(grep -c '<thead>' '$H')\" = \"\$(grep -c '<table>' '$H')\" ]" "every table has a <thead> (the summary's all have a header row)"
ok "[ \"\$(grep -c '</tbody>' '$H')\" = \"\$(grep -c '</table>' '$H')\" ]" "and a <tbody>"

# ---- the figures, escaped -----------------------------------------------------

ok "grep -qF '<tr><th>Person-times</th><td class=\"num\">59</td><td class=\"num\">33</td><td class=\"num\">+26</td><td class=\"num\">+78.8%</td></tr>' '$H'" \
	"the figures in tables beside the previous period: 59 person-times, 33, +26, +78.8%"
ok "grep -qF '<tr><th></th><th>This period</th><th>Previous</th><th>Change</th><th>Change %</th></tr>' '$H'" \
	"each table headed this period, previous, change, change %"
ok "grep -qxF '<title>Co-construction monthly report, February 2026</title>' '$H'" "the title in <title>"
ok "grep -qxF '<h1>Co-construction monthly report, February 2026</h1>' '$H'" "and in <h1>"
ok "grep -qxF '<p class=\"meta\">Scope: all; as of: 2026-02-28; compiled by: 东湖街道党工委; generated: 2026-11-27</p>' '$H'" \
	"then scope, as-of date, compiler and the date it was produced"
ok "! grep -q '<h2>Previous period</h2>' '$H'" "the previous period is not a second block"
ok "grep -qF '<tr><td>大米和面粉</td><td>斤</td><td class=\"num\">9100</td></tr>' '$H'" "9100 斤 of rice and flour"
ok "grep -qF '<tr><td>大米和面粉</td><td>袋</td><td class=\"num\">2</td></tr>' '$H'" "and 2 袋 apart"
ok "grep -qF '米&lt;面&gt;&amp;' '$H'" "an item's <, > and & escaped"
ok "! grep -qF '<面>' '$H'" "never written raw"

run env PB_LANG=zh pb-report summary --period 2026-02 -f html
is_status 0 "html in Chinese"
ok "grep -q '<html lang=\"zh' '$TMP/out'" "lang is zh"
ok "grep -qF '<figcaption>活动按类型</figcaption>' '$TMP/out'" "chart titles in Chinese"
ok "grep -qF '>扶贫帮困</text>' '$TMP/out'" "bars labelled in Chinese"

run pb-report summary --period 2026-02 --no-compare -f html
is_status 0 "html --no-compare"
ok "! grep -q '#95a5a6' '$TMP/out'" "no bars of a previous period"
ok "[ \"\$(grep -c '<svg' '$TMP/out')\" = 4 ]" "--no-compare: the page still has its four charts"

# ---- rendered in headless Chromium ---------------------------------------------

# notblank PNG: "WIDTH HEIGHT COLOURS INK RED GREY" from the decoded
# pixels: how many colours, how many pixels are not white, and whether
# the bars' two colours (#c0392b, #95a5a6) are there.
notblank() {
	python3 -c '
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
if d[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat = 8, b""
while pos < len(d):
    n, t = struct.unpack(">I4s", d[pos:pos + 8])
    c = d[pos + 8:pos + 8 + n]
    if t == b"IHDR":
        w, h, depth, ctype, _, _, lace = struct.unpack(">IIBBBBB", c)
    elif t == b"IDAT":
        idat += c
    pos += 12 + n
if depth != 8 or lace or ctype not in (0, 2, 4, 6):
    sys.exit("unexpected PNG type")
bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours, ink = set(), 0
for y in range(h):
    f = raw[y * (stride + 1)]
    row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride):
            row[i] = (row[i] + row[i - bpp]) & 255
    elif f == 2:
        row = bytearray((a + b) & 255 for a, b in zip(row, prev))
    elif f == 3:
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            row[i] = (row[i] + (a + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = row[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = row
    k = min(bpp, 3)
    for x in range(0, stride, bpp):
        px = bytes(row[x:x + k])
        colours.add(px)
        if px != b"\xff" * k:
            ink += 1
print(w, h, len(colours), ink, int(bytes.fromhex("c0392b") in colours),
      int(bytes.fromhex("95a5a6") in colours))
' "$1"
}

# A white PNG of 64 x 32, to show that the check sees a blank page.
white_png() {
	python3 -c '
import struct, sys, zlib
def chunk(t, c):
    return struct.pack(">I", len(c)) + t + c + struct.pack(">I", zlib.crc32(t + c))
rows = b"".join(b"\0" + b"\xff" * 64 * 3 for _ in range(32))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 32, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
' >"$1"
}

# bands PNG: "INK SAME12 SAME13" of a 400 x 300 screenshot in three bands
# of 100 rows: the pixels not white in the first, whether the second is
# the first again, whether the third is.
bands() {
	python3 -c '
import struct, sys, zlib
d = open(sys.argv[1], "rb").read()
pos, idat = 8, b""
while pos < len(d):
    n, t = struct.unpack(">I4s", d[pos:pos + 8])
    c = d[pos + 8:pos + 8 + n]
    if t == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", c[:10])
    elif t == b"IDAT":
        idat += c
    pos += 12 + n
bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
rows = []
for y in range(h):
    f = raw[y * (stride + 1)]
    row = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1:
            row[i] = (row[i] + a) & 255
        elif f == 2:
            row[i] = (row[i] + b) & 255
        elif f == 3:
            row[i] = (row[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = row
    rows.append(bytes(row))
band = [b"".join(rows[k * 100:(k + 1) * 100]) for k in range(3)]
k = min(bpp, 3)
ink = sum(1 for x in range(0, len(band[0]), bpp) if band[0][x:x + k] != b"\xff" * k)
print(ink, int(band[0] == band[1]), int(band[0] == band[2]))
' "$1"
}

if [ ! -x /usr/bin/chromium ]; then
	skip "chromium not installed"
else
	mkdir "$TMP/chromium"
	run timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$TMP/chromium" --window-size=1024,1400 \
		--screenshot="$TMP/shot.png" "file://$H"
	is_status 0 "chromium renders report.html within 60 s"
	ok "[ -s '$TMP/shot.png' ]" "a screenshot is written"
	size=$(wc -c <"$TMP/shot.png" 2>/dev/null || echo 0)
	ok "[ '$size' -gt 8192 ]" "larger than 8 KB: more than a blank page ($size bytes)"
	if command -v python3 >/dev/null 2>&1; then
		white_png "$TMP/white.png"
		# The six figures, split into $1..$6.
		# shellcheck disable=SC2046
		set -- $(notblank "$TMP/white.png")
		ok "[ '${3:-}' = 1 ] && [ '${4:-}' = 0 ]" "the pixel check sees a white page as blank"
		# shellcheck disable=SC2046
		set -- $(notblank "$TMP/shot.png")
		diag "screenshot: ${1:-?}x${2:-?}, ${3:-?} colours, ${4:-?} pixels not white"
		ok "[ '${1:-}' = 1024 ] && [ '${2:-}' = 1400 ]" "the screenshot is 1024 x 1400"
		ok "[ '${3:-0}' -gt 2 ]" "it has more than two colours"
		ok "[ \$(( ${4:-0} * 100 )) -ge \$(( 1024 * 1400 )) ]" "at least 1% of it is not white"
		ok "[ '${5:-}' = 1 ]" "the bars of this period (#c0392b) are drawn"
		ok "[ '${6:-}' = 1 ]" "and those of the previous one (#95a5a6)"
	elif command -v convert >/dev/null 2>&1; then
		colours=$(convert "$TMP/shot.png" -format %k info: 2>/dev/null)
		ok "[ '${colours:-0}' -gt 2 ]" "it has more than two colours ($colours)"
	else
		skip "neither python3 nor ImageMagick to read the screenshot"
	fi

	# ---- printed: Chinese on A4, in the fonts it names -----------------------------

	# .ci/run installs fonts-noto-cjk and poppler-utils with chromium:
	# where chromium is, they must be too.
	if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1 ||
		! command -v fc-list >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
		fail "chromium is installed, so are poppler-utils, fontconfig and python3"
	elif ! fc-list :lang=zh family | grep -q 'Noto Sans CJK SC'; then
		fail "chromium is installed, so is a CJK font (fonts-noto-cjk)"
	else
		pass "poppler-utils and a CJK font (Noto Sans CJK SC) are installed"
		Z=$TMP/zh.html
		PB_LANG=zh pb-report summary --period 2026-02 -f html -o "$Z"
		# Chromium's own header and footer: the title, and the page
		# number as N/M, which no CSS of the page can ask of it.
		run timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
			--disable-quic --no-first-run --disable-background-networking \
			--disable-component-update --disable-sync \
			--user-data-dir="$TMP/chromium" --print-to-pdf="$TMP/zh.pdf" "file://$Z"
		is_status 0 "chromium prints the Chinese summary to PDF within 60 s"
		pdfinfo "$TMP/zh.pdf" >"$TMP/pdfinfo" 2>&1
		ok "grep -q '^Page size: .*(A4)' '$TMP/pdfinfo'" "its pages are A4"
		# Charts on the first page; the tables of figures, goods and
		# the pairs fill three more.
		ok "grep -q '^Pages: *4$' '$TMP/pdfinfo'" "four pages"
		pdftotext -layout "$TMP/zh.pdf" "$TMP/zh.txt"
		ok "grep -q '东湖街道党工委共驻共建工作月报 2026年2月' '$TMP/zh.txt'" "the title is text in the PDF"
		ok "grep -q '填报单位：东湖街道党工委' '$TMP/zh.txt'" "and who compiled it"
		ok "grep -Eq '^ *合计 +5 +2 +\\+3 +\\+150\\.0%' '$TMP/zh.txt'" "活动 合计: 5 events, 2 the month before, +3, +150.0%"
		ok "grep -Eq '^ *人次 +59 +33 +\\+26 +\\+78\\.8%' '$TMP/zh.txt'" "人次: 59, 33, +26, +78.8%"
		ok "grep -Eq '^ *资金\\(元\\) +60000\\.00 +0\\.00 +\\+60000\\.00 +新增' '$TMP/zh.txt'" "资金(元): 60000.00, new"
		ok "grep -Eq ' 1/4$' '$TMP/zh.txt' && grep -Eq ' 4/4$' '$TMP/zh.txt'" "page numbers in the footer: 1/4 .. 4/4"
		# No tofu: one line in the page's font stack, the same in Noto
		# Sans CJK SC by name, and characters no font has (private use,
		# drawn as empty boxes) in the stack.  The first two are drawn
		# alike, and unlike the boxes: the stack finds real glyphs.
		stack=$(sed -n 's/.*body{font-family:\([^;]*\);.*/\1/p' "$Z")
		cat >"$TMP/glyphs.html" <<GLYPHS
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>
body{margin:0;background:#fff}div{position:absolute;left:0;height:100px;font-size:64px;line-height:100px;color:#000}
</style></head><body>
<div style='top:0;font-family:$stack'>活动合计</div>
<div style='top:100px;font-family:"Noto Sans CJK SC"'>活动合计</div>
<div style='top:200px;font-family:$stack'>&#xE000;&#xE001;&#xE002;&#xE003;</div>
</body></html>
GLYPHS
		run timeout 60 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
			--disable-quic --no-first-run --disable-background-networking \
			--disable-component-update --disable-sync \
			--user-data-dir="$TMP/chromium" --window-size=400,300 \
			--screenshot="$TMP/glyphs.png" "file://$TMP/glyphs.html"
		is_status 0 "chromium draws four characters three ways"
		# "INK1 SAME12 SAME13": ink in band 1; band 1 = band 2; = band 3.
		# shellcheck disable=SC2046
		set -- $(bands "$TMP/glyphs.png")
		diag "glyphs: ${1:-?} pixels of ink, stack = Noto: ${2:-?}, stack = boxes: ${3:-?}"
		ok "[ '${1:-0}' -gt 1000 ]" "the Chinese line is drawn"
		ok "[ '${2:-}' = 1 ]" "in Noto Sans CJK SC, as the stack asks on Linux"
		ok "[ '${3:-}' = 0 ]" "not as the boxes of characters no font has (no tofu)"
	fi
fi

done_testing
