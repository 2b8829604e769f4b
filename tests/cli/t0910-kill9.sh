#!/bin/sh
# kill -9 in the middle of a large import: an event import is killed at
# 20 random moments, each time from a fresh copy of the same starting
# database.  Afterwards the database holds none of the events or all of
# them, and pb-db check passes.  The moments are spread over the time one
# whole import takes (measured first), and a little past it.
# PB_KILL_EVENTS sets the size: `make check-stress` (run by CI) imports
# 400,000 events.  Without it, to keep `make check` within seconds, the
# test takes 40,000, or fewer where one import of them would take over a
# second or so (a sanitizer build, valgrind, a loaded machine), as a
# probe of 2,000 tells.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

KILLS=20
# Under valgrind 4: a killed program reports nothing to valgrind, so the
# kills are about what the database keeps, which make check tests with
# all 20.
[ "${PB_VALGRIND:-0}" != 1 ] || [ "${PB_VALGRIND_ALL:-0}" = 1 ] || KILLS=4

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
# A copy to start each import from (a file's bytes, or on PostgreSQL a
# database copied from this one).
db_save base

events_yaml() {
	awk -v n="$1" 'BEGIN {
		print "events:"
		for (i = 1; i <= n; i++)
			printf "  - ref: k%06d\n    date: 2025-%02d-%02d\n    kind: service\n" \
			    "    title: 志愿服务第%d次\n    org: sq1\n    households: %d\n",
			    i, i % 12 + 1, i % 28 + 1, i, i % 50
	}'
}

events() {
	db_query 'SELECT count(*) FROM events;' 2>&1
}

now_ms() {
	date +%s%3N
}

if [ -n "${PB_KILL_EVENTS:-}" ]; then
	N=$PB_KILL_EVENTS
else
	events_yaml 2000 >"$TMP/probe.yaml"
	t0=$(now_ms)
	pb-event -q import "$TMP/probe.yaml"
	t1=$(now_ms)
	db_restore base
	N=$((2000 * 1200 / (t1 - t0 + 1) / 1000 * 1000))
	[ "$N" -le 40000 ] || N=40000
	[ "$N" -ge 2000 ] || N=2000
	diag "2,000 events import in $((t1 - t0)) ms: $N events"
fi
events_yaml "$N" >"$TMP/big.yaml"

# One whole import, to know how long one takes.
t0=$(now_ms)
run pb-event import "$TMP/big.yaml"
t1=$(now_ms)
is_status 0 "the whole import succeeds"
ok "[ \"\$(events)\" = $N ]" "and holds all $N events"
ms=$((t1 - t0))
diag "one import of $N events takes ${ms} ms"

seed=${PB_KILL_SEED:-$$}
diag "kill moments from seed $seed (PB_KILL_SEED=$seed repeats them)"
moments=$(awk -v seed="$seed" -v ms="$ms" -v k="$KILLS" 'BEGIN {
	srand(seed)
	for (i = 0; i < k; i++)
		printf "%.3f\n", rand() * ms * 1.1 / 1000
}')

none=0
all=0
i=0
for at in $moments; do
	i=$((i + 1))
	db_restore base
	pb-event import "$TMP/big.yaml" >/dev/null 2>&1 &
	pid=$!
	sleep "$at"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	got=$(events)
	case $got in
	0) none=$((none + 1)) ;;
	"$N") all=$((all + 1)) ;;
	esac
	ok "[ '$got' = 0 ] || [ '$got' = $N ]" \
		"kill $i at ${at}s: none or all of the events ($got)"
	run pb-db check
	is_status 0 "kill $i: pb-db check passes"
done
diag "$KILLS kills: $none left no events, $all left all $N"

done_testing
