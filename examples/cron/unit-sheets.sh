#!/bin/sh
# The feedback sheets (反馈单) for the units, for cron on the 1st of each
# month: for every active organization that is neither the street nor
# a community, what it organized, attended and gave last month and what
# its in-service members did, as one HTML page: DIR/unit-CODE-LABEL.html
# (unit-hn-2026-10.html).
#
#   unit-sheets.sh [DIR]           DIR defaults to $PB_REPORT_DIR
#
# Each page is written through a temporary file and a rename (-o).  One
# unit's failure does not stop the others; the exit status is the first
# failure's (pb-report's), 0 when every sheet was written; 64 when no
# directory is given, 73 when it does not exist.  The sheets name
# members: keep DIR readable only by those who send them.
set -u

me=unit-sheets.sh
dir=${1:-${PB_REPORT_DIR:-}}
if [ -z "$dir" ]; then
	echo "$me: no directory: give one, or set PB_REPORT_DIR" >&2
	exit 64
fi
if [ ! -d "$dir" ]; then
	echo "$me: '$dir' is not a directory" >&2
	exit 73
fi

# Last month, settled once so that every sheet is of the same month.
tab=$(printf '\t')
out=$(pb-report monthly --no-compare -f tsv) || exit $?
label=$(printf '%s\n' "$out" | sed -n "s/^period\\.label$tab//p")
if [ -z "$label" ]; then
	echo "$me: pb-report gave no period label" >&2
	exit 70
fi

units=$(pb-org list --fields code,kind -f tsv) || exit $?
status=0
while IFS=$tab read -r code kind; do
	case $kind in
	'' | street | community) continue ;;
	esac
	pb-report unit "$code" --period "$label" -f html \
		-o "$dir/unit-$code-$label.html" </dev/null || {
		rc=$?
		echo "$me: no sheet for '$code'" >&2
		[ "$status" -ne 0 ] || status=$rc
	}
done <<UNITS
$units
UNITS
exit "$status"
