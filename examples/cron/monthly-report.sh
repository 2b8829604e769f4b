#!/bin/sh
# The street's monthly report, for cron on the 1st of each month: last
# month's summary (beside the month before) as one HTML page with its
# charts and one CSV for Excel, written into DIR as report-LABEL.html and
# report-LABEL.csv, LABEL being the month (report-2026-10.html).
#
#   monthly-report.sh [DIR]        DIR defaults to $PB_REPORT_DIR
#
# pb-report writes each file through a temporary file and a rename
# (-o), so whoever picks the reports up never finds half of one, and a
# failed run leaves last month's files as they were.  Both files are of
# one month even if the job runs across midnight: the month is settled
# first and then named.  The database is pb's usual one ($PB_DB, the
# config file); PB_LANG=zh gives Chinese headings; PB_TODAY back-dates a
# run.  The exit status is pb-report's, the first that failed; 64 when
# no directory is given, 73 when it does not exist.
set -u

me=monthly-report.sh
dir=${1:-${PB_REPORT_DIR:-}}
if [ -z "$dir" ]; then
	echo "$me: no directory: give one, or set PB_REPORT_DIR" >&2
	exit 64
fi
if [ ! -d "$dir" ]; then
	echo "$me: '$dir' is not a directory" >&2
	exit 73
fi

# The last full month, as pb-report itself reckons it.
tab=$(printf '\t')
out=$(pb-report monthly --no-compare -f tsv) || exit $?
label=$(printf '%s\n' "$out" | sed -n "s/^period\\.label$tab//p")
if [ -z "$label" ]; then
	echo "$me: pb-report gave no period label" >&2
	exit 70
fi

pb-report summary --period "$label" -f html -o "$dir/report-$label.html" ||
	exit $?
pb-report summary --period "$label" -f csv --bom -o "$dir/report-$label.csv"
