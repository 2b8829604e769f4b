#!/bin/sh
# The cron examples run as cron would on the 1st of March 2026, over
# the database of t0500: monthly-report.sh writes February's report as
# report-2026-02.html and report-2026-02.csv into the directory given
# (or $PB_REPORT_DIR); unit-sheets.sh writes one feedback sheet per unit
# and none for the street or the communities; district-monthly.sh rolls
# up a folder of three streets' databases on the 2nd into the district's
# report; failures pass their exit status through and leave the files
# there as they were.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

CRON=$TESTS/../examples/cron
sed -n '/^# fixture: begin/,/^# fixture: end/p' \
	"$TESTS/cli/t0500-report-summary.sh" >"$TMP/fixture.sh"
# shellcheck source=/dev/null
. "$TMP/fixture.sh"

for f in monthly-report.sh monthly-pdf.sh unit-sheets.sh district-monthly.sh; do
	ok "[ -x '$CRON/$f' ]" "$f is executable"
	run sh -n "$CRON/$f"
	is_status 0 "$f parses as sh"
done
if command -v shellcheck >/dev/null 2>&1; then
	run shellcheck -s sh "$CRON/monthly-report.sh" "$CRON/monthly-pdf.sh" "$CRON/unit-sheets.sh" "$CRON/district-monthly.sh"
	is_status 0 "all four are shellcheck clean as POSIX sh"
	diag_file "$TMP/out"
else
	test_count=$((test_count + 1))
	echo "ok $test_count # SKIP shellcheck not installed"
fi
ok "grep -q 'monthly-report\\.sh\$' '$CRON/crontab' && grep -q 'unit-sheets\\.sh\$' '$CRON/crontab'" "the crontab runs both"
ok "grep -Eq '^[0-9]+ +[0-9]+ +1 +\\* +\\* +[^ ]*monthly-report\\.sh\$' '$CRON/crontab'" "monthly-report.sh on the 1st of each month"
ok "grep -Eq '^#? *[0-9]+ +[0-9]+ +2 +\\* +\\* +[^ ]*district-monthly\\.sh\$' '$CRON/crontab'" "district-monthly.sh on the 2nd, after the streets sent theirs"

# ---- monthly-report.sh ------------------------------------------------------------

# cron's world: the C locale, and a shell other than the test's own when
# there is one.
SH='sh'
command -v dash >/dev/null 2>&1 && SH=dash
mkdir "$TMP/reports"
run env PB_TODAY=2026-03-01 "$SH" "$CRON/monthly-report.sh" "$TMP/reports"
is_status 0 "monthly-report.sh DIR on 2026-03-01"
is_out_empty "silent on success, as cron likes"
is_err "" "nothing on stderr"
ok "[ \"\$(ls '$TMP/reports' | tr '\\n' ' ')\" = 'report-2026-02.csv report-2026-02.html ' ]" "two files, named by the period label, nothing else"
H=$TMP/reports/report-2026-02.html
C=$TMP/reports/report-2026-02.csv
ok "[ \"\$(head -n 1 '$H')\" = '<!DOCTYPE html>' ] && [ \"\$(grep -c '<svg' '$H')\" = 4 ]" "the HTML is the page with its charts"
ok "grep -q '^<h1>Co-construction monthly report, February 2026</h1>$' '$H'" "of February 2026"
ok "[ \"\$(head -c 3 '$C' | od -An -tx1 | tr -d ' ')\" = efbbbf ]" "the CSV starts with a BOM for Excel"
ok "grep -q \"^Events,Total,5,2,3,150\\.0\$(printf '\\r')\\\$\" '$C'" "the CSV has Events,Total: February's five events beside January's two, +3, 150.0%"
ok "grep -q \"^大米和面粉,斤,9100\$(printf '\\r')\\\$\" '$C'" "and the 9100 斤 of rice and flour"
run env PB_TODAY=2026-03-01 pb-report summary --period 2026-02 -f csv --bom
is_file "$C" "$TMP/out" "the CSV is pb-report summary --period 2026-02 -f csv --bom"
run env PB_TODAY=2026-03-01 pb-report summary --period 2026-02 -f html
is_file "$H" "$TMP/out" "the HTML is pb-report summary --period 2026-02 -f html"
cp "$TMP/out" "$TMP/feb.html"

run env PB_TODAY=2026-03-31 PB_REPORT_DIR="$TMP/reports" "$SH" "$CRON/monthly-report.sh"
is_status 0 "run again later in March, into \$PB_REPORT_DIR"
ok "[ \"\$(ls '$TMP/reports' | wc -l)\" -eq 2 ]" "the same two files, replaced"
# The same page but for the date it was produced.
sed 's/generated: 2026-03-01/generated: 2026-03-31/' "$TMP/feb.html" >"$TMP/feb-later.html"
is_file "$H" "$TMP/feb-later.html" "the same February page, produced on 2026-03-31"
cp "$H" "$TMP/feb.html"

mkdir "$TMP/reports2"
run env PB_TODAY=2025-01-01 PB_REPORT_DIR="$TMP/reports" "$SH" "$CRON/monthly-report.sh" "$TMP/reports2"
is_status 0 "on 2025-01-01, the argument before \$PB_REPORT_DIR"
ok "[ -s '$TMP/reports2/report-2024-12.html' ] && [ -s '$TMP/reports2/report-2024-12.csv' ]" "December 2024's files, in the directory given"
ok "grep -q \"^Period,Label,2024-12,2024-11,,\$(printf '\\r')\\\$\" '$TMP/reports2/report-2024-12.csv'" "labelled 2024-12"

run env PB_REPORT_DIR= "$SH" "$CRON/monthly-report.sh"
is_status 64 "no directory: 64"
is_err_match "PB_REPORT_DIR" "the message says how to give one"
run "$SH" "$CRON/monthly-report.sh" "$TMP/nowhere"
is_status 73 "a directory that does not exist: 73"
ok "[ ! -e '$TMP/nowhere' ]" "nothing is created"

# pb-report's own failure passes through: a database written by someone
# else is refused with 69, and February's files stay as they were.
printf 'not a database, not at all\n' >"$TMP/other.db"
run env PB_DB="$TMP/other.db" PB_TODAY=2026-03-01 "$SH" "$CRON/monthly-report.sh" "$TMP/reports"
ok "[ '$status' -ne 0 ]" "a bad database fails the job"
ok "[ '$status' = 69 ] || [ '$status' = 65 ] || [ '$status' = 74 ]" "with pb-report's own status ($status)"
is_err_match "^pb-report: " "pb-report says why"
is_file "$H" "$TMP/feb.html" "the last report is left as it was"
ok "[ \"\$(ls '$TMP/reports' | wc -l)\" -eq 2 ]" "and no temporary file is left"

# A directory it may not write into: -o cannot create the file, 73.
if [ "$(id -u)" != 0 ]; then
	mkdir "$TMP/ro" && chmod 0555 "$TMP/ro"
	run env PB_TODAY=2026-03-01 "$SH" "$CRON/monthly-report.sh" "$TMP/ro"
	is_status 73 "a directory it cannot write into: pb-report's 73"
	chmod 0755 "$TMP/ro"
else
	test_count=$((test_count + 1))
	echo "ok $test_count # SKIP root writes into any directory"
fi

# ---- monthly-pdf.sh ----------------------------------------------------------------

mkdir "$TMP/pdf"
run env CHROMIUM="$TMP/no-such-browser" PB_TODAY=2026-03-01 "$SH" "$CRON/monthly-pdf.sh" "$TMP/pdf"
is_status 69 "monthly-pdf.sh without Chromium: 69"
is_err_match "no Chromium" "saying so"
ok "[ -z \"\$(ls '$TMP/pdf')\" ]" "and writing nothing"
run env PB_REPORT_DIR= "$SH" "$CRON/monthly-pdf.sh"
is_status 64 "monthly-pdf.sh without a directory: 64"
if [ ! -x /usr/bin/chromium ] || ! command -v pdfinfo >/dev/null 2>&1; then
	skip "chromium or poppler-utils not installed"
else
	run env PB_TODAY=2026-03-01 PB_LANG=zh CHROMIUM=/usr/bin/chromium \
		TMPDIR="$TMP" "$SH" "$CRON/monthly-pdf.sh" "$TMP/pdf"
	is_status 0 "monthly-pdf.sh DIR on 2026-03-01"
	is_out_empty "silent on success, as cron likes"
	is_err "" "nothing on stderr"
	ok "[ \"\$(ls '$TMP/pdf' | tr '\\n' ' ')\" = 'report-2026-02.html report-2026-02.pdf ' ]" "the page and its PDF, nothing else"
	ok "[ \"\$(ls -d '$TMP'/monthly-pdf.* 2>/dev/null)\" = '' ]" "Chromium's profile removed"
	pdfinfo "$TMP/pdf/report-2026-02.pdf" >"$TMP/pdfinfo" 2>&1
	ok "grep -q '^Page size: .*(A4)' '$TMP/pdfinfo' && grep -q '^Pages: *4$' '$TMP/pdfinfo'" "four A4 pages"
	pdftotext "$TMP/pdf/report-2026-02.pdf" - >"$TMP/pdf.txt" 2>/dev/null
	ok "grep -q '东湖街道党工委共驻共建工作月报 2026年2月' '$TMP/pdf.txt'" "February's report, in Chinese"
fi

# ---- unit-sheets.sh ------------------------------------------------------------------

mkdir "$TMP/sheets"
# pb-report unit is being written; until it is there, its assertions
# are TODO.
run pb-report unit --help
no_unit=
[ "$status" = 0 ] || no_unit=1
unit_todo() {
	[ -z "$no_unit" ] || todo "pb-report unit is not there yet"
}
unit_todo
run env PB_TODAY=2026-03-01 "$SH" "$CRON/unit-sheets.sh" "$TMP/sheets"
is_status 0 "unit-sheets.sh DIR on 2026-03-01"
unit_todo
is_out_empty "silent on success"
# Units: every org but jd (street), sq1 and sq2 (communities).
unit_todo
ls "$TMP/sheets" >"$TMP/sheets.ls"
is_file_text "$TMP/sheets.ls" "unit-fwd-2026-02.html
unit-hn-2026-02.html
unit-wj-2026-02.html
unit-xx-2026-02.html
unit-yh-2026-02.html" "a sheet per unit, none for the street or the communities"
unit_todo
ok "grep -q '华能公司党委' '$TMP/sheets/unit-hn-2026-02.html' && grep -q '张伟' '$TMP/sheets/unit-hn-2026-02.html'" "hn's sheet names the unit and its in-service member 张伟"
unit_todo
run env PB_TODAY=2026-03-01 pb-report unit hn --period 2026-02 -f html
is_file "$TMP/sheets/unit-hn-2026-02.html" "$TMP/out" "hn's sheet is pb-report unit hn --period 2026-02 -f html"

# A unit that has left is not active: no sheet for it.
pb-org -q set xx --left 2026-01-01
rm -f "$TMP/sheets"/*
run env PB_TODAY=2026-03-01 PB_REPORT_DIR="$TMP/sheets" "$SH" "$CRON/unit-sheets.sh"
unit_todo
is_status 0 "again, into \$PB_REPORT_DIR"
unit_todo
ok "[ ! -e '$TMP/sheets/unit-xx-2026-02.html' ] && [ \"\$(ls '$TMP/sheets' | wc -l)\" -eq 4 ]" "the school that left has no sheet"

run env PB_REPORT_DIR= "$SH" "$CRON/unit-sheets.sh"
is_status 64 "unit-sheets.sh without a directory: 64"
run env PB_DB="$TMP/other.db" "$SH" "$CRON/unit-sheets.sh" "$TMP/sheets"
ok "[ '$status' -ne 0 ]" "a bad database fails the job ($status)"


# ---- district-monthly.sh ----------------------------------------------------------

# Three streets send their databases on the 1st of March: backups of the
# fixture's street, each street org renamed so that they are three
# streets, and a note pb-report skips.
D=$TMP/district/2026-03
mkdir -p "$D" "$TMP/dreports"
pb-db -q backup "$D/donghu.db"
pb-db -q backup "$D/xihu.db"
pb-db -q backup "$D/nanhu.db"
pb-org -q --db "$D/xihu.db" set jd --name 西湖街道党工委
pb-org -q --db "$D/nanhu.db" set jd --name 南湖街道党工委
echo "xihu sent theirs late" >"$D/notes.txt"
run env PB_TODAY=2026-03-02 "$SH" "$CRON/district-monthly.sh" "$TMP/district" "$TMP/dreports"
is_status 0 "district-monthly.sh ROOT OUT on 2026-03-02"
is_out_empty "silent on success"
is_err "" "nothing on stderr"
ok "[ \"\$(ls '$TMP/dreports' | tr '\\n' ' ')\" = 'district-2026-02.csv district-2026-02.html ' ]" "two files, named by February"
DC=$TMP/dreports/district-2026-02.csv
DH=$TMP/dreports/district-2026-02.html
cr=$(printf '\r')
ok "[ \"\$(head -n 1 '$DC')\" = \"\$(printf '\\357\\273\\277')key,total,东湖街道党工委,南湖街道党工委,西湖街道党工委$cr\" ]" "the CSV: a BOM, the total and a column per street, in the files' name order"
ok "grep -q \"^events\\.total,15,5,5,5$cr\\\$\" '$DC'" "events.total: 15 in the district, 5 in each street"
ok "grep -q \"^rollup\\.read,3,\" '$DC'" "three sources read, the note skipped"
run env PB_TODAY=2026-03-02 pb-report summary --db "$D" --period 2026-02 -f csv --bom
is_file "$DC" "$TMP/out" "the CSV is pb-report summary --db FOLDER --period 2026-02 -f csv --bom"
ok "[ \"\$(head -n 1 '$DH')\" = '<!DOCTYPE html>' ] && grep -q '东湖街道党工委' '$DH' && grep -q '南湖街道党工委' '$DH' && grep -q '西湖街道党工委' '$DH'" "the HTML page names the three streets"
cp "$DH" "$TMP/district.html"

run env PB_TODAY=2026-03-02 PB_DISTRICT_DIR="$TMP/district" PB_REPORT_DIR="$TMP/dreports" PB_DISTRICT_STREETS=4 "$SH" "$CRON/district-monthly.sh"
is_status 66 "PB_DISTRICT_STREETS=4 with three databases: 66"
is_err_match "3 databases in .*, 4 streets expected" "saying how many came"
run env PB_TODAY=2026-03-02 PB_DISTRICT_DIR="$TMP/district" PB_REPORT_DIR="$TMP/dreports" PB_DISTRICT_STREETS=3 "$SH" "$CRON/district-monthly.sh"
is_status 0 "PB_DISTRICT_STREETS=3, from the environment: 0"
is_file "$DH" "$TMP/district.html" "the same page"

run env PB_TODAY=2026-04-02 "$SH" "$CRON/district-monthly.sh" "$TMP/district" "$TMP/dreports"
is_status 66 "no folder for April yet: 66"
is_err_match "2026-04" "naming the folder"

# A street sent twice under two names: pb-report's 64, naming both, and
# February's files are left as they were.  (xihu.db was written to: its
# renaming may be in its -wal, which a backup copies and cp would not.)
pb-db -q --db "$D/xihu.db" backup "$D/xihu2.db"
run env PB_TODAY=2026-03-02 "$SH" "$CRON/district-monthly.sh" "$TMP/district" "$TMP/dreports"
is_status 64 "the same street twice: pb-report's 64"
is_err_match "xihu2\\.db.*xihu\\.db|xihu\\.db.*xihu2\\.db" "naming both files"
is_file "$DH" "$TMP/district.html" "the last page is left as it was"
ok "[ \"\$(ls '$TMP/dreports' | wc -l)\" -eq 2 ]" "and no temporary file is left"
rm "$D/xihu2.db"

run env PB_DISTRICT_DIR= "$SH" "$CRON/district-monthly.sh"
is_status 64 "no folder and no report directory: 64"
is_err_match "PB_DISTRICT_DIR" "the message says how to give them"
run "$SH" "$CRON/district-monthly.sh" "$TMP/district" "$TMP/nowhere"
is_status 73 "a report directory that does not exist: 73"

done_testing
