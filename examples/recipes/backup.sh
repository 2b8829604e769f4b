#!/bin/sh
# Back up pb's database from cron: a consistent copy taken while others
# write (pb-db backup), checked (pb-db check), as DIR/pb-YYYY-MM-DD.db;
# then only the newest KEEP copies are kept.  Prints the copy's path.
#
#   backup.sh DIR [KEEP]           KEEP defaults to 14
#
# A crontab line for every night at 02:15:
#   15 2 * * *  /usr/local/libexec/pb/backup.sh /var/backups/pb 30
#
# The database is pb's usual one ($PB_DB, the config file); PB_TODAY
# back-dates the name.  A copy that fails its check is removed and the
# old ones are kept.  Exit status: pb-db's, 64 without DIR, 73 when DIR
# is not a directory.
set -u

me=backup.sh
dir=${1:-}
keep=${2:-14}
if [ -z "$dir" ]; then
	echo "usage: $me DIR [KEEP]" >&2
	exit 64
fi
if [ ! -d "$dir" ]; then
	echo "$me: '$dir' is not a directory" >&2
	exit 73
fi
case $keep in
'' | *[!0-9]* | 0)
	echo "$me: KEEP must be a number of copies, at least 1: '$keep'" >&2
	exit 64
	;;
esac

day=${PB_TODAY:-$(date +%Y-%m-%d)}
copy=$dir/pb-$day.db
pb-db backup "$copy" || exit $?
pb-db --db "$copy" -q check || {
	rc=$?
	echo "$me: the copy '$copy' failed its check; removed" >&2
	rm -f "$copy"
	exit "$rc"
}
echo "$copy"

# The names sort by date, and so does the glob: drop all but the newest
# KEEP.
set -- "$dir"/pb-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].db
n=$(($# - keep))
while [ "$n" -gt 0 ]; do
	rm -f "$1"
	shift
	n=$((n - 1))
done
