#!/bin/sh
# Small commands against the floor (issue 20, item 3), alone and with
# many runs: make bench times them 11 times among minutes of other work,
# too few to tell a change of a tenth of a millisecond.
#
# A generated district (bench/gen, BENCH_SMALL_EVENTS events, 5000 by
# default) is imported by pb, then each of `build/bench/floor` (open,
# SELECT 1, close), `build/bench/floor -s` (the same reading pb's schema,
# as any query on a table must: a reference, not the divisor),
# `pb-org show`, `pb-member show` and `pb-event add`
# runs BENCH_REPS times (200), interleaved so that a burst of load
# beside the run touches all of them alike, after one warm-up run each.
# Each is given as its median wall time (bench/rss.c) and that median
# divided by the floor's.  The adds go into the same database, one more
# event a run (it is not rolled back: 200 events more on thousands
# change no figure).
#
# Where strace is installed, BENCH_TRACES runs of each (8) are traced
# after the timings, and the mean per run given: system calls, openat
# (failed ones apart), pwrite64 and fdatasync/fsync.  A mean, because a
# write folds the -wal it keeps into the file only every few runs
# (pb(7), FILES), and a reader reads whatever the -wal holds.
#
# usage: PB_BIN=bin sh bench/small.sh    (make bench-small)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PB_BIN:-$root/bin}
TOOLS=${BENCH_TOOLS:-$root/build/bench}
WORK=${BENCH_DIR:-$root/build/bench/small}
REPS=${BENCH_REPS:-200}
EVENTS=${BENCH_SMALL_EVENTS:-5000}
TRACES=${BENCH_TRACES:-8}
SEED=${BENCH_SEED:-42}

for t in gen floor rss; do
	[ -x "$TOOLS/$t" ] || { echo "small.sh: missing $TOOLS/$t (run 'make bench-small')" >&2; exit 70; }
done
PATH=$BIN:$PATH
PB_TODAY=2026-01-15
PB_CONFIG=/dev/null
export PATH PB_TODAY PB_CONFIG
unset PB_FORMAT 2>/dev/null || true

rm -rf "$WORK"
mkdir -p "$WORK/gen" "$WORK/m"
M=$WORK/m
DB=$WORK/cmd.db
PB_DB=$DB
export PB_DB
"$TOOLS/gen" -s "$SEED" -n "$EVENTS" -w yaml "$WORK/gen"
pb-db -q init
for k in org:orgs member:members pair:pairs event:events; do
	"pb-${k%%:*}" -q import "$WORK/gen/${k#*:}.yaml"
done

# argv NAME: the command line of NAME, its words joined by |.
argv() {
	case $1 in
	floor) echo "$TOOLS/floor|$DB" ;;
	floor_schema) echo "$TOOLS/floor|-s|$DB" ;;
	org_show) echo "pb-org|show|s1.c01" ;;
	member_show) echo "pb-member|show|M10001" ;;
	event_add) echo "pb-event|add|--date|2025-06-15|--kind|service|--title|bench 志愿服务|--org|s1.c01" ;;
	esac
}
# time NAME [OUT]: one run of NAME under bench/rss, appended to OUT.
time1() {
	old=$IFS
	IFS='|'
	# shellcheck disable=SC2046 # split on | into the command's words
	set -- "${2:-$M/$1}" $(argv "$1")
	IFS=$old
	"$TOOLS/rss" "$@" >/dev/null || { echo "small.sh: failed: $*" >&2; exit 70; }
}
names="floor floor_schema org_show member_show event_add"
for n in $names; do
	time1 "$n" "$WORK/warm"
done
i=1
while [ "$i" -le "$REPS" ]; do
	for n in $names; do
		time1 "$n"
	done
	i=$((i + 1))
done

median() { sort -n "$M/$1" | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
floor=$(median floor)
echo "pb small commands: $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc 2>/dev/null || echo '?') CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), medians of $REPS runs, $EVENTS events"
for n in $names; do
	awk -v n="$n" -v t="$(median "$n")" -v f="$floor" 'BEGIN { printf "%-12s %8.3f ms  %5.2f x floor\n", n, t * 1000, t / f }'
done

command -v strace >/dev/null 2>&1 || { echo "strace not installed: no system call counts"; exit 0; }
echo "system calls, mean of $TRACES runs (strace -f): all, openat (failed), pwrite64, fdatasync+fsync"
for n in $names; do
	old=$IFS
	IFS='|'
	# shellcheck disable=SC2046
	set -- $(argv "$n")
	IFS=$old
	cmdp=$(command -v "$1")
	shift
	i=1
	while [ "$i" -le "$TRACES" ]; do
		strace -f -qq -o "$WORK/strace.$n.$i" "$cmdp" "$@" >/dev/null 2>&1
		i=$((i + 1))
	done
	cat "$WORK/strace.$n".* | awk -v n="$n" -v r="$TRACES" '
		{ all++ }
		/openat\(/ { o++; if (/= -1 /) of++ }
		/pwrite64\(/ { pw++ }
		/f(data)?sync\(/ { sy++ }
		END { printf "%-12s %6.1f calls, openat %4.1f (%.1f failed), pwrite64 %5.1f, fdatasync %.2f\n", n, all / r, o / r, of / r, pw / r, sy / r }' 
done
