#!/bin/sh
# The street's monthly report as a PDF to send upward as it is, for cron
# on the 1st of each month: last month's summary (beside the month
# before) as report-LABEL.html, printed by headless Chromium on A4 into
# report-LABEL.pdf, LABEL being the month (report-2026-10.pdf).
#
#   monthly-pdf.sh [DIR]           DIR defaults to $PB_REPORT_DIR
#
# The page brings its own print stylesheet (A4, table headers repeated
# on each page) and asks for the common Chinese fonts; on Debian install
# chromium and fonts-noto-cjk.  Chromium's header and footer carry the
# title, the date and the page number (N/M); CHROMIUM_FLAGS=
# --no-pdf-header-footer leaves them out.  CHROMIUM names the browser
# (default: chromium, else chromium-browser or google-chrome).  The PDF
# is written beside the page and renamed into place, so a failed run
# leaves last month's as it was.  The database is pb's usual one
# ($PB_DB, the config file); PB_LANG=zh gives Chinese headings; PB_TODAY
# back-dates a run.  The exit status is pb-report's or Chromium's; 64
# when no directory is given, 73 when it does not exist, 69 when there
# is no Chromium, 70 when it wrote no PDF.
set -u

me=monthly-pdf.sh
dir=${1:-${PB_REPORT_DIR:-}}
if [ -z "$dir" ]; then
	echo "$me: no directory: give one, or set PB_REPORT_DIR" >&2
	exit 64
fi
if [ ! -d "$dir" ]; then
	echo "$me: '$dir' is not a directory" >&2
	exit 73
fi
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
	for b in chromium chromium-browser google-chrome; do
		if command -v "$b" >/dev/null 2>&1; then
			browser=$b
			break
		fi
	done
fi
if [ -z "$browser" ] || ! command -v "$browser" >/dev/null 2>&1; then
	echo "$me: no Chromium: install chromium, or set CHROMIUM" >&2
	exit 69
fi

# The last full month, as pb-report itself reckons it.
tab=$(printf '\t')
out=$(pb-report monthly --no-compare -f tsv) || exit $?
label=$(printf '%s\n' "$out" | sed -n "s/^period\\.label$tab//p")
if [ -z "$label" ]; then
	echo "$me: pb-report gave no period label" >&2
	exit 70
fi

html=$dir/report-$label.html
pdf=$dir/report-$label.pdf
pb-report summary --period "$label" -f html -o "$html" || exit $?

# Chromium wants a profile directory of its own: a fresh one each run,
# removed on the way out; its chatter on stderr is kept for a failure.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/monthly-pdf.XXXXXX") || exit 73
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
case $html in
/*) url=file://$html ;;
*) url=file://$(pwd)/$html ;;
esac
# shellcheck disable=SC2086 # CHROMIUM_FLAGS is a list of flags
"$browser" --headless --no-sandbox --disable-gpu --no-first-run \
	--disable-background-networking --disable-component-update \
	--disable-sync --user-data-dir="$tmp/profile" ${CHROMIUM_FLAGS:-} \
	--print-to-pdf="$tmp/report.pdf" "$url" >"$tmp/log" 2>&1
rc=$?
if [ "$rc" -ne 0 ] || [ ! -s "$tmp/report.pdf" ]; then
	echo "$me: $browser wrote no PDF of '$html':" >&2
	tail -n 5 "$tmp/log" >&2
	[ "$rc" -ne 0 ] && exit "$rc"
	exit 70
fi
# Into DIR beside the page, then renamed: never half a PDF there.
cp "$tmp/report.pdf" "$pdf.tmp" && mv -f "$pdf.tmp" "$pdf"
