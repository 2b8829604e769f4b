#!/bin/sh
# The district's monthly report, for cron on the 2nd of each month: the
# streets' databases, collected in ROOT/YYYY-MM (this month's folder),
# rolled up into last month's summary with every street beside the
# district's figures, as one HTML page with its charts and one CSV for
# the spreadsheet: OUT/district-LABEL.html and OUT/district-LABEL.csv,
# LABEL being the month reported (district-2026-10.html, from the
# folder 2026-11).
#
#   district-monthly.sh [ROOT [OUT]]   ROOT defaults to $PB_DISTRICT_DIR,
#                                      OUT to $PB_REPORT_DIR
#
# Each street sends its database on the 1st (see crontab), a backup
# copied whole into the folder under a name of its own:
#
#   pb-db backup /var/lib/pb/backup/pb.db &&
#   rsync /var/lib/pb/backup/pb.db \
#       district:/srv/pb/district/"$(date +%Y-%m)"/donghu.db
#
# pb-report reads every pb database in the folder, read-only, and
# skips other files.  All or nothing: a database it cannot read (a
# newer pb's, a half-copied one, one street sent twice) fails the job
# with pb-report's status, naming it, and leaves last month's files as
# they were.  A street that sent nothing is simply not in the folder:
# set PB_DISTRICT_STREETS to the number of streets to fail the job (66)
# when fewer databases are there.  PB_LANG=zh gives Chinese headings;
# PB_TODAY back-dates a run.  64 when ROOT or OUT is not given, 73 when
# OUT does not exist, 66 when this month's folder does not.
set -u

me=district-monthly.sh
root=${1:-${PB_DISTRICT_DIR:-}}
out=${2:-${PB_REPORT_DIR:-}}
if [ -z "$root" ] || [ -z "$out" ]; then
	echo "$me: give the streets' folder and the report directory, or set PB_DISTRICT_DIR and PB_REPORT_DIR" >&2
	exit 64
fi
if [ ! -d "$out" ]; then
	echo "$me: '$out' is not a directory" >&2
	exit 73
fi

# This month's folder, by PB_TODAY as pb-report counts it.
today=${PB_TODAY:-$(date +%Y-%m-%d)}
src=$root/${today%-*}
if [ ! -d "$src" ]; then
	echo "$me: no folder '$src': have the streets sent their databases?" >&2
	exit 66
fi
if [ -n "${PB_DISTRICT_STREETS:-}" ]; then
	case $PB_DISTRICT_STREETS in
	*[!0-9]*)
		echo "$me: PB_DISTRICT_STREETS '$PB_DISTRICT_STREETS' is not a number" >&2
		exit 64
		;;
	esac
	n=0
	for f in "$src"/*.db; do
		[ -f "$f" ] && n=$((n + 1))
	done
	if [ "$n" -lt "$PB_DISTRICT_STREETS" ]; then
		echo "$me: $n databases in '$src', $PB_DISTRICT_STREETS streets expected" >&2
		exit 66
	fi
fi

# The last full month, as pb-report itself reckons it; this first run
# also fails early on a source it cannot read.
tab=$(printf '\t')
tsv=$(pb-report monthly --db "$src" --no-compare -f tsv) || exit $?
label=$(printf '%s\n' "$tsv" | sed -n "s/^period\\.label$tab\\([^$tab]*\\).*/\\1/p")
if [ -z "$label" ]; then
	echo "$me: pb-report gave no period label" >&2
	exit 70
fi

pb-report summary --db "$src" --period "$label" -f html \
	-o "$out/district-$label.html" || exit $?
pb-report summary --db "$src" --period "$label" -f csv --bom \
	-o "$out/district-$label.csv"
