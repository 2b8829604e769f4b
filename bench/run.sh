#!/bin/sh
# make bench: pb against the physical limit and its peers, as ratios of
# figures measured in the same run, each printed beside issue 20's
# target (BENCHMARKS.md has the table and the last run).
#
# Imports. At each size of BENCH_EVENTS (default "200000 1000000"), a
# generated district (bench/gen) is loaded three ways into copies of one
# database whose orgs, members and pairs pb imported: pb-event import
# of the YAML, the bare loader (bench/bare_load.c) of the same YAML, and
# the sqlite3 shell's .import of the equivalent CSV (bench/import.sql),
# each BENCH_IMPORT_REPS times (3; 1 in quick mode), the three in turn,
# medians; the three must hold the same rows. At the first size the same import
# runs again on the database it just filled (the re-import: nothing new,
# the rows unchanged). Then pb-event export of the database. The peak
# RSS of import and export at the largest size is set against the same
# at BENCH_SMALL events (100000).
#
# Small commands (pb-org show, pb-member show, pb-event add) against the
# floor (bench/floor.c: open, SELECT 1, close) and `true`, and beside
# them the floor reading pb's schema (floor -s, as any query on a table
# must), on a copy of the database pb imported at the first size:
# BENCH_CMD_REPS (101)
# interleaved runs after a warm-up, medians. bench/small.sh
# (make bench-small) does the same alone, with system call counts.
#
# The summary's growth. At each size of BENCH_REPORT_EVENTS (default
# "50000 200000 1000000"; make bench-large adds 10000000), one database
# of that many generated events: pb-db init, pb's imports of the orgs,
# members and pairs, the sqlite3 shell's load of the CSV
# (bench/import.sql inside bench/load.sql, which makes it fast at this
# size), then the totals recomputed from the raw rows by `pb-db
# rebuild` (the code pb-db check compares them against). Each is built
# once and kept in BENCH_CACHE (build/bench/cache) under a key of the
# seed, the size and the sources that make it (bench/gen.c,
# bench/import.sql, bench/load.sql, lib/schema/sqlite/*.sql and the
# SQL at the end of lib/totals.c that recomputes the totals): a second
# run reads it, and a changed source builds it again (rm -rf build/bench/cache
# forces it). On each: the floor, `pb-report summary` of one month
# (with the previous one, its default) and of one year, BENCH_REPS (11)
# interleaved runs after a warm-up, medians (with -o FILE, as a cron
# job writes its report; the month also to standard output, reported
# beside); then, unless BENCH_RAW=0,
# one run of each with PB_TOTALS=off (the raw-row SQL), whose output
# must be the same. The targets are read at the largest size, the
# growth as the largest over the one before it, from BENCH_REPS more
# runs of both taken in turn (each size's own runs are minutes apart).
#
# The totals check: `pb-report summary -f json` and `pb-report pairs
# -f json` of a month, a quarter and a year, for everything, a street
# (--org s1) and a community (--org s1.c01), with the totals and with
# PB_TOTALS=off, must be the same byte for byte, and `pb-db check` must pass, on the database
# pb-event import filled at the first import size and on the summary's
# database of that size. A difference fails the run (exit 1) after the
# figures; BENCH_ONLY=totals (make bench-totals-check) runs this part
# alone at BENCH_TOTALS_EVENTS (200000).
#
# The roll-up (issue 17): BENCH_ROLLUP_STREETS (20) copies of one
# street's summary database of BENCH_ROLLUP_EVENTS events (250000), each
# copy's street org renamed so that they are distinct streets; then
# `pb-report summary --db DIR` of one month against one street's, as
# wall / (streets x one street's wall), and its peak RSS.
#
# PostgreSQL (issues 16, 20): when pb is built with libpq and a server
# can be had (initdb and pg_ctl in BENCH_PG_BINDIR, else the newest
# /usr/lib/postgresql/N/bin; psql), a new cluster in a temporary
# directory, on a Unix socket there only (listen_addresses=''), as
# nobody when we are root (initdb refuses root), with the server's
# default settings (fsync on, as pb's SQLite synchronous=FULL), stopped
# by a trap. On it, beside SQLite at the same size and in the same
# moment: the import of BENCH_PG_EVENTS (20000) events and its
# re-import; the small commands (BENCH_PG_CMD_REPS, 21, interleaved with
# SQLite's); the month's and the year's summaries at
# BENCH_PG_REPORT_EVENTS (the largest summary size up to 1000000),
# loaded by psql's \copy of the same CSV, the totals rebuilt, VACUUM
# ANALYZE, and their output compared with SQLite's. Given as PostgreSQL
# / SQLite, no target. A failure of pb on PostgreSQL is reported, not
# fatal. Off in quick mode unless BENCH_PG=1; BENCH_PG=0 turns it off.
#
# Environment: the sizes above (BENCH_EVENTS and BENCH_REPORT_EVENTS
# are lists), BENCH_SEED (42), BENCH_DIR (scratch, emptied at start:
# build/bench/work), BENCH_CACHE, BENCH_RESULTS (bench/results.json).
# BENCH_QUICK=1 shrinks them all (make bench-quick, CI's smoke test:
# seconds, no raw-SQL runs, no totals check, never a time). BENCH_ONLY
# is rollup, summary or totals: that part alone, figures printed,
# results.json left as it was. A missed target is reported, never an
# exit status: the script fails only when the harness does, or when the
# totals differ from the raw rows.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PB_BIN:-$root/bin}
TOOLS=${BENCH_TOOLS:-$root/build/bench}
WORK=${BENCH_DIR:-$root/build/bench/work}
CACHE=${BENCH_CACHE:-$root/build/bench/cache}
RESULTS=${BENCH_RESULTS:-$root/bench/results.json}
SEED=${BENCH_SEED:-42}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	mode=quick
	IMPORTS=${BENCH_EVENTS:-2000}
	SMALL=${BENCH_SMALL:-200}
	REPORTS=${BENCH_REPORT_EVENTS:-1000 5000}
	REPS=${BENCH_REPS:-3}
	IMPORT_REPS=${BENCH_IMPORT_REPS:-1}
	CMD_REPS=${BENCH_CMD_REPS:-3}
	REVENTS=${BENCH_ROLLUP_EVENTS:-1250}
	PG_EVENTS=${BENCH_PG_EVENTS:-200}
	PG_CMD_REPS=${BENCH_PG_CMD_REPS:-3}
	TEVENTS=${BENCH_TOTALS_EVENTS:-2000}
	RAW=${BENCH_RAW:-0}
else
	mode=full
	IMPORTS=${BENCH_EVENTS:-200000 1000000}
	SMALL=${BENCH_SMALL:-100000}
	REPORTS=${BENCH_REPORT_EVENTS:-50000 200000 1000000}
	REPS=${BENCH_REPS:-11}
	IMPORT_REPS=${BENCH_IMPORT_REPS:-3}
	CMD_REPS=${BENCH_CMD_REPS:-101}
	REVENTS=${BENCH_ROLLUP_EVENTS:-250000}
	PG_EVENTS=${BENCH_PG_EVENTS:-20000}
	PG_CMD_REPS=${BENCH_PG_CMD_REPS:-21}
	TEVENTS=${BENCH_TOTALS_EVENTS:-200000}
	RAW=${BENCH_RAW:-1}
fi
RSTREETS=${BENCH_ROLLUP_STREETS:-20}
ONLY=${BENCH_ONLY:-}
case $ONLY in
'' | rollup | summary | totals) ;;
*) echo "run.sh: BENCH_ONLY is rollup, summary, totals or empty, not '$ONLY'" >&2; exit 64 ;;
esac
# sizes LIST: the list's numbers, ascending, once each.
sizes() {
	for s in $1; do
		echo "$s"
	done | sort -n -u | tr '\n' ' ' | sed 's/ $//'
}
for s in $IMPORTS $REPORTS $SMALL $REVENTS $PG_EVENTS $TEVENTS $REPS $IMPORT_REPS $CMD_REPS $PG_CMD_REPS $RSTREETS; do
	case $s in
	'' | *[!0-9]*) echo "run.sh: '$s' is not a number (BENCH_EVENTS, BENCH_REPORT_EVENTS and the other sizes)" >&2; exit 64 ;;
	esac
done
IMPORTS=$(sizes "$IMPORTS")
REPORTS=$(sizes "$REPORTS")
[ -n "$IMPORTS" ] && [ -n "$REPORTS" ] || { echo "run.sh: BENCH_EVENTS and BENCH_REPORT_EVENTS name at least one size" >&2; exit 64; }
FIRST=${IMPORTS%% *}
LAST=${IMPORTS##* }
RLAST=${REPORTS##* }
RPREV=
case $REPORTS in
*' '*) RPREV=$(echo "$REPORTS" | awk '{ print $(NF - 1) }') ;;
esac
# PostgreSQL's summary: one of the summary's sizes, the largest up to
# 1M unless named (\copy of 10M would take most of an hour).
PG_REPORT=${BENCH_PG_REPORT_EVENTS:-$(echo "$REPORTS" | tr ' ' '\n' | awk '$1 <= 1000000 { s = $1 } END { print s }')}
case " $REPORTS " in
*" $PG_REPORT "*) ;;
*) echo "run.sh: BENCH_PG_REPORT_EVENTS ($PG_REPORT) is not one of BENCH_REPORT_EVENTS ($REPORTS)" >&2; exit 64 ;;
esac
# The issue's sizes, against which ours may be scaled down.
GOAL_REPORT=10000000
GOAL_RPREV=1000000
GOAL_SMALL=100000

for t in gen floor rss bare_load; do
	[ -x "$TOOLS/$t" ] || { echo "run.sh: missing $TOOLS/$t (run 'make bench')" >&2; exit 70; }
done
for t in pb-org pb-member pb-pair pb-event pb-report pb-db; do
	[ -x "$BIN/$t" ] || { echo "run.sh: missing $BIN/$t (run 'make')" >&2; exit 70; }
done
command -v sqlite3 >/dev/null 2>&1 || { echo "run.sh: sqlite3 not found (apt-get install sqlite3)" >&2; exit 69; }

PATH=$BIN:$PATH
export PATH
PB_TODAY=2026-01-15
PB_CONFIG=/dev/null
export PB_TODAY PB_CONFIG
unset PB_FORMAT PB_DB PB_TOTALS 2>/dev/null || true

rm -rf "$WORK"
mkdir -p "$WORK/base" "$WORK/m"
M=$WORK/m
log=$WORK/log
: >"$log"

say() { printf 'run.sh: %s\n' "$*" >&2; }

# measure NAME COMMAND...: one run, appended to $M/NAME as "wall kib".
measure() {
	name=$1
	shift
	"$TOOLS/rss" "$M/$name" "$@" >>"$log" 2>&1 || {
		say "failed: $* (see $log)"
		tail -n 5 "$log" >&2
		exit 70
	}
}
# The median wall time (s) and the largest peak RSS (KiB) of NAME's runs.
median() { sort -n "$M/$1" | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
peak() { awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$M/$1"; }
calc() { awk "BEGIN { printf \"%.6g\n\", $1 }"; }
ms() { calc "$(median "$1") * 1000"; }
# reps N BODY...: BODY (a function) run N + 1 times with $sfx set to
# _warm the first time (the page cache's warm-up, not counted), then
# empty.
reps() {
	_n=$1
	shift
	_i=0
	while [ "$_i" -le "$_n" ]; do
		sfx=
		[ "$_i" = 0 ] && sfx=_warm
		"$@" || return 1
		_i=$((_i + 1))
	done
}

# The rows of the three event tables and a fingerprint of their content.
fingerprint() {
	sqlite3 "$1" "SELECT count(*), sum(org_id), total(pair_id), total(households), count(place), sum(length(title)) FROM events;
SELECT count(*), sum(hours_milli * people), sum(event_id), total(org_id), total(member_id), count(*) FILTER (WHERE role = 'organizer') FROM participants;
SELECT count(*), total(value_fen), total(quantity_milli), total(from_org_id), total(from_member_id), count(item) FROM contributions;" | tr '\n' ' '
}
rows() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM participants) + (SELECT count(*) FROM contributions)"
}
# same_rows A B: the same event rows in A as in B, else stop.
same_rows() {
	[ "$(fingerprint "$1")" = "$(fingerprint "$2")" ] || {
		say "$1 holds other rows than $2: $(fingerprint "$1") vs $(fingerprint "$2")"
		exit 70
	}
}
# Fold the write-ahead log into the file, so that a copy is whole.
checkpoint() { sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null; }

# gen N WHAT DIR: N events of the district, as bench/gen writes WHAT;
# its orgs, members and pairs must be base.db's.
gen() {
	mkdir -p "$3"
	"$TOOLS/gen" -s "$SEED" -n "$1" -w "$2" "$3"
	for k in orgs members pairs; do
		cmp -s "$3/$k.yaml" "$WORK/base/$k.yaml" || {
			say "bench/gen wrote other $k at $1 events than at 0"
			exit 70
		}
	done
}
# base DB: pb-db init, and pb's imports of the orgs, members and pairs;
# the CSV carries the ids pb gives the orgs in file order: check them.
base() {
	PB_DB=$1 pb-db -q init
	for k in org member pair; do
		PB_DB=$1 "pb-$k" -q import "$WORK/base/${k}s.yaml"
	done
	checkpoint "$1"
	[ "$(sqlite3 "$1" "SELECT count(*) FROM orgs WHERE id = 1 AND code = 's1' OR id = 10 AND code = 's1.u001' OR id = 50 AND code = 's2'")" = 3 ] || {
		say "pb did not give the orgs the ids bench/gen.c expects"
		exit 70
	}
}
# A copy of the base database (orgs, members, pairs; no events).
fresh() { cp "$WORK/base.db" "$1"; }

# totals_rebuild NAME DB: DB's totals recomputed from its raw rows by
# pb-db rebuild (the recompute SQL of lib/totals.c that pb-db check
# compares them with), timed as NAME.
totals_rebuild() { measure "$1" env PB_DB="$2" pb-db -q rebuild; }

# summary_db N: $sdb, the cached database of N events for the summary,
# built if it is not there ($M/load_N and $M/rebuild_N then time it).
# Of lib/totals.c, only its recompute SQL (from its section's heading on)
# makes the database: a change to the deltas' code builds nothing again.
ckey=$({
	cat "$root/bench/gen.c" "$root/bench/import.sql" "$root/bench/load.sql" "$root"/lib/schema/sqlite/*.sql
	sed -n '/^\/\* ---- recomputed from the raw rows/,$p' "$root/lib/totals.c"
} | cksum | cut -d' ' -f1)
summary_db() {
	sdb=$CACHE/summary-s$SEED-n$1-k$ckey.db
	[ -f "$sdb" ] && [ -f "$sdb.rows" ] && return 0
	say "building the summary's database of $1 events (cached as $sdb)"
	mkdir -p "$CACHE"
	rm -f "$CACHE/summary-s$SEED-n$1-"*
	_d=$WORK/load-$1
	gen "$1" csv "$_d"
	fresh "$sdb.tmp"
	# bench/load.sql around bench/import.sql's statements (its pragmas
	# left out), at the line "-- import.sql".
	{
		sed '/^-- import\.sql$/q' "$root/bench/load.sql"
		sed '/^PRAGMA /d' "$root/bench/import.sql"
		sed '1,/^-- import\.sql$/d' "$root/bench/load.sql"
	} >"$_d/load.sql"
	(cd "$_d" && measure "load_$1" sqlite3 -bail "$sdb.tmp" <load.sql)
	rm -rf "$_d"
	totals_rebuild "rebuild_$1" "$sdb.tmp"
	checkpoint "$sdb.tmp"
	mv "$sdb.tmp" "$sdb"
	rows "$sdb" >"$sdb.rows"
}

F=$WORK/figures.tsv
G=$WORK/growth.tsv
: >"$F"
: >"$G"
# fig KEY LABEL VALUE OP TARGET REFERENCE; OP ~ and TARGET -: no target.
fig() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$F"; }
# The figures, one a line, each beside its target.
print_figs() {
	awk -F'\t' '
function ok(v, op, t) { return op == ">=" ? v + 0 >= t + 0 : v + 0 <= t + 0 }
FNR == NR { if (length($2) > w) w = length($2); next }
{
	m = $4 == "~" ? "" : ok($3, $4, $5) ? "met" : "MISSED"
	printf "%-*s %10s  %s %-5s %-6s  %s\n", w, $2, $3, $4, $5, m, $6
}' "$F" "$F"
}

# ---- the totals against the raw rows --------------------------------------
differs=
# same_json A B WHAT: A and B the same, else say so loudly.
same_json() {
	cmp -s "$1" "$2" && return 0
	say "TOTALS DIFFER FROM THE RAW ROWS: $3 ($1 vs $2):"
	diff -u "$1" "$2" | head -n 40 >&2 || true
	differs="$differs; $3"
}
# totals_check DB WHAT: the summaries and the pairs reports from the
# totals and from the raw rows (PB_TOTALS=off), and pb-db check.
totals_check() {
	say "totals check: $2"
	for r in summary pairs; do
		for p in 2025-06 2025-Q2 2025; do
			for o in - s1 s1.c01; do
				org=
				[ "$o" = - ] || org="--org $o"
				f=$WORK/check-$r-$p-$o
				# shellcheck disable=SC2086 # $org: two words or none
				pb-report "$r" --db "$1" --period "$p" $org -f json -o "$f.json" 2>>"$log" &&
					env PB_TOTALS=off pb-report "$r" --db "$1" --period "$p" $org -f json -o "$f-raw.json" 2>>"$log" || {
					say "pb-report $r --period $p $org failed on $2 (see $log)"
					exit 70
				}
				same_json "$f.json" "$f-raw.json" "$2, $r --period $p $org"
			done
		done
	done
	pb-db --db "$1" check >>"$log" 2>&1 || {
		say "PB-DB CHECK FAILED on $2 (see $log)"
		differs="$differs; pb-db check of $2"
	}
}
totals_verdict() {
	[ -z "$differs" ] && return 0
	say "FAILED: the totals differ from the raw rows:${differs#;}"
	exit 1
}

# ---- the summary at each size ----------------------------------------------
summary_once() {
	measure "rfloor_$n$sfx" "$TOOLS/floor" "$sdb"
	measure "month_$n$sfx" pb-report summary --db "$sdb" --period 2025-06 -f json -o "$WORK/month-$n.json"
	# The same to standard output (into the run's log, a file), as a
	# pipeline takes it: without -o's two syncs (the file, then its
	# directory after the rename), which the floor never pays.
	measure "month_stdout_$n$sfx" pb-report summary --db "$sdb" --period 2025-06 -f json
	measure "year_$n$sfx" pb-report summary --db "$sdb" --period 2025 -f json -o "$WORK/year-$n.json"
}
summary_growth() {
	for n in $REPORTS; do
		summary_db "$n"
		say "summary at $n events: $REPS runs of the month and the year"
		reps "$REPS" summary_once
		raw_m=- raw_y=-
		if [ "$RAW" = 1 ]; then
			measure "month_raw_$n" env PB_TOTALS=off pb-report summary --db "$sdb" --period 2025-06 -f json -o "$WORK/month-raw-$n.json"
			measure "year_raw_$n" env PB_TOTALS=off pb-report summary --db "$sdb" --period 2025 -f json -o "$WORK/year-raw-$n.json"
			same_json "$WORK/month-$n.json" "$WORK/month-raw-$n.json" "one month at $n events"
			same_json "$WORK/year-$n.json" "$WORK/year-raw-$n.json" "one year at $n events"
			raw_m=$(ms "month_raw_$n")
			raw_y=$(ms "year_raw_$n")
		fi
		built=cached
		[ -f "$M/load_$n" ] && built=$(awk -v l="$(median "load_$n")" -v r="$(median "rebuild_$n")" 'BEGIN { printf "load %.1f s, rebuild %.1f s", l, r }')
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$(cat "$sdb.rows")" "$(ms "rfloor_$n")" \
			"$(ms "month_$n")" "$(ms "year_$n")" "$raw_m" "$raw_y" "$built" >>"$G"
	done
	[ -n "$RPREV" ] || return 0
	summary_db "$RPREV"
	gdb_prev=$sdb
	summary_db "$RLAST"
	gdb_last=$sdb
	say "growth: $REPS runs of the month and the year at $RPREV and $RLAST events, interleaved"
	reps "$REPS" growth_once
}
# growth_once: the two largest sizes' summaries in turn, so that the
# growth is a ratio of runs taken in the same moments (a size's own runs
# come minutes apart from the next size's, and the machine drifts).
growth_once() {
	for g in prev last; do
		_d=$gdb_last
		[ "$g" = last ] || _d=$gdb_prev
		measure "gmonth_$g$sfx" pb-report summary --db "$_d" --period 2025-06 -f json -o "$WORK/gmonth.json"
		measure "gyear_$g$sfx" pb-report summary --db "$_d" --period 2025 -f json -o "$WORK/gyear.json"
	done
}
summary_figs() {
	sc=
	[ "$RLAST" = "$GOAL_REPORT" ] || sc=" (issue: 10M)"
	fl=$(median "rfloor_$RLAST")
	fig summary_month_vs_floor "pb-report summary, one month with the previous one, $RLAST events, wall / floor$sc" \
		"$(calc "$(median "month_$RLAST") / $fl")" "<=" 3 "$(ms "month_$RLAST") ms; floor $(ms "rfloor_$RLAST") ms"
	fig summary_month_stdout_vs_floor "the same to standard output, not -o FILE (no syncs), wall / floor" \
		"$(calc "$(median "month_stdout_$RLAST") / $fl")" "~" - "$(ms "month_stdout_$RLAST") ms"
	fig summary_year_ms "pb-report summary, one year, $RLAST events, ms$sc" "$(ms "year_$RLAST")" "<=" 20 \
		"raw rows (PB_TOTALS=off) $(awk -F'\t' -v n="$RLAST" '$1 == n { print $7 }' "$G") ms"
	fig summary_year_vs_floor "pb-report summary, one year, $RLAST events, wall / floor$sc" \
		"$(calc "$(median "year_$RLAST") / $fl")" "<=" 10 "floor $(ms "rfloor_$RLAST") ms"
	[ -n "$RPREV" ] || return 0
	sc=
	[ "$RLAST $RPREV" = "$GOAL_REPORT $GOAL_RPREV" ] || sc=" (issue: 10M / 1M)"
	for p in month year; do
		fig "summary_${p}_growth" "pb-report summary, one $p, wall at $RLAST / at $RPREV events$sc" \
			"$(calc "$(median "g${p}_last") / $(median "g${p}_prev")")" "<=" 1.2 \
			"$(ms "g${p}_last") ms / $(ms "g${p}_prev") ms, interleaved"
	done
}
print_growth() {
	echo "summary growth: medians of $REPS runs; raw: one run with PB_TOTALS=off; the database's build when not cached"
	awk -F'\t' 'BEGIN { printf "%10s %10s %9s %9s %7s %9s %7s %11s %11s  %s\n", "events", "rows", "floor ms", "month ms", "x floor", "year ms", "x floor", "raw month", "raw year", "built" }
{ printf "%10s %10s %9.2f %9.2f %7.2f %9.2f %7.2f %11s %11s  %s\n", $1, $2, $3, $4, $4 / $3, $5, $5 / $3, $6, $7, $8 }' "$G"
}

# ---- the roll-up (issue 17) ---------------------------------------------
rollup_once() {
	measure "street_month$sfx" pb-report summary --db "$one" --period 2025-06 -f json -o "$WORK/street.json"
	measure "rollup_month$sfx" pb-report summary --db "$WORK/district" --period 2025-06 -f json -o "$WORK/district.json"
}
# rollup_run: RSTREETS distinct copies of one street, the month's summary
# of one of them and of all of them (--db DIR).
rollup_run() {
	summary_db "$REVENTS"
	say "roll-up: $RSTREETS streets of $REVENTS events each, one month's summary"
	mkdir -p "$WORK/district"
	k=1
	while [ "$k" -le "$RSTREETS" ]; do
		f=$WORK/district/street-$(printf '%02d' "$k").db
		cp "$sdb" "$f"
		# A street is known by its street org (uscc, else name):
		# each copy a street of its own.
		sqlite3 "$f" "UPDATE orgs SET name = name || ' $k' WHERE kind = 'street'"
		k=$((k + 1))
	done
	one=$WORK/district/street-01.db
	reps "$REPS" rollup_once
	grep -q "\"read\": $RSTREETS," "$WORK/district.json" || {
		say "the roll-up did not read the $RSTREETS streets (see $WORK/district.json)"
		exit 70
	}
}
rollup_figs() {
	fig rollup_vs_streets "roll-up of $RSTREETS streets of $REVENTS events, summary wall / $RSTREETS x one street's" \
		"$(calc "$(median rollup_month) / ($RSTREETS * $(median street_month))")" "<=" 1.1 \
		"roll-up $(ms rollup_month) ms; one street $(ms street_month) ms"
	fig rollup_rss_mb "roll-up of $RSTREETS streets, summary peak RSS, MB" "$(calc "$(peak rollup_month) / 1024")" "~" - \
		"one street $(calc "$(peak street_month) / 1024") MB; ratio $(calc "$(peak rollup_month) / $(peak street_month)")"
}

case $ONLY in
rollup) say "$mode run, roll-up only: $RSTREETS streets of $REVENTS events, seed $SEED" ;;
summary) say "$mode run, summary only: at $REPORTS events, seed $SEED" ;;
totals) say "$mode run, totals check only: at $TEVENTS events, seed $SEED" ;;
*) say "$mode run: imports at $IMPORTS events (RSS base $SMALL), summary at $REPORTS, seed $SEED" ;;
esac
"$TOOLS/gen" -s "$SEED" -n 0 -w yaml "$WORK/base"
base "$WORK/base.db"

case $ONLY in
rollup)
	rollup_run
	echo "pb bench ($mode, roll-up only): $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc 2>/dev/null || echo unknown) CPUs"
	echo "sizes: $RSTREETS streets of $REVENTS events; medians of $REPS runs"
	rollup_figs
	print_figs
	exit 0
	;;
summary)
	summary_growth
	echo "pb bench ($mode, summary only): $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc 2>/dev/null || echo unknown) CPUs"
	summary_figs
	print_figs
	print_growth
	totals_verdict
	exit 0
	;;
totals)
	summary_db "$TEVENTS"
	totals_check "$sdb" "the summary's database of $TEVENTS events (sqlite3 shell, pb-db rebuild)"
	gen "$TEVENTS" yaml "$WORK/t"
	fresh "$WORK/t.db"
	say "pb-event import of $TEVENTS events"
	pb-event import -q --db "$WORK/t.db" "$WORK/t/events.yaml"
	same_rows "$sdb" "$WORK/t.db"
	totals_check "$WORK/t.db" "pb-event import of $TEVENTS events"
	totals_verdict
	say "the totals give the raw rows' summaries and pairs reports, figure for figure, at $TEVENTS events"
	exit 0
	;;
esac

# ---- imports ----------------------------------------------------------------
# Each loader IMPORT_REPS times, the three in turn, into fresh copies:
# a burst of load on the machine then falls on one run of one loader,
# which the median leaves out, not on the one run of it there was.
for n in $IMPORTS; do
	say "importing $n events: sqlite3 .import, bare loader, pb-event import, in turn, $IMPORT_REPS times"
	d=$WORK/n$n
	gen "$n" both "$d"
	r=0
	while [ "$r" -lt "$IMPORT_REPS" ]; do
		for k in sqlite bare pb; do
			fresh "$WORK/$k-$n.db"
		done
		(cd "$d" && measure "import_sqlite3_$n" sqlite3 -bail "$WORK/sqlite-$n.db" <"$root/bench/import.sql")
		measure "import_bare_$n" "$TOOLS/bare_load" "$WORK/bare-$n.db" "$d/events.yaml"
		measure "import_pb_$n" pb-event import --db "$WORK/pb-$n.db" "$d/events.yaml"
		r=$((r + 1))
	done
	if [ "$n" = "$FIRST" ]; then
		say "re-importing the same $n events"
		measure "reimport_pb_$n" pb-event import --db "$WORK/pb-$n.db" "$d/events.yaml"
	fi
	for k in sqlite bare; do
		same_rows "$WORK/$k-$n.db" "$WORK/pb-$n.db"
	done
	rows "$WORK/pb-$n.db" >"$M/rows_$n"
	measure "export_$n" pb-event export --db "$WORK/pb-$n.db" -o "$WORK/export.yaml"
	# Gigabytes at 1M: keep only what later parts read.
	rm -rf "$d" "$WORK/export.yaml" "$WORK/sqlite-$n.db" "$WORK/bare-$n.db"
	[ "$n" = "$FIRST" ] || rm -f "$WORK/pb-$n.db"
done
say "import and export at $SMALL events (the RSS base)"
gen "$SMALL" yaml "$WORK/small"
fresh "$WORK/small.db"
measure import_small pb-event import --db "$WORK/small.db" "$WORK/small/events.yaml"
measure export_small pb-event export --db "$WORK/small.db" -o "$WORK/export.yaml"
rm -rf "$WORK/small" "$WORK/small.db" "$WORK/export.yaml"

# ---- small commands -----------------------------------------------------------
cmd_once() {
	measure "floor$sfx" "$TOOLS/floor" "$cmd"
	measure "floor_schema$sfx" "$TOOLS/floor" -s "$cmd"
	measure "true$sfx" true
	measure "org_show$sfx" pb-org show --db "$cmd" s1.c01
	measure "member_show$sfx" pb-member show --db "$cmd" M10001
	measure "event_add$sfx" pb-event add --db "$cmd" --date 2025-06-15 --kind service --title 'bench 志愿服务' --org s1.c01
}
say "small commands against the floor, $CMD_REPS runs each"
checkpoint "$WORK/pb-$FIRST.db"
cmd=$WORK/cmd.db
cp "$WORK/pb-$FIRST.db" "$cmd"
reps "$CMD_REPS" cmd_once
rm -f "$cmd"

# ---- the summary, the totals check, the roll-up ------------------------------
summary_growth
if [ "$mode" = full ]; then
	totals_check "$WORK/pb-$FIRST.db" "pb-event import of $FIRST events"
	case " $REPORTS " in
	*" $FIRST "*)
		summary_db "$FIRST"
		same_rows "$sdb" "$WORK/pb-$FIRST.db"
		totals_check "$sdb" "the summary's database of $FIRST events"
		;;
	esac
fi
rollup_run
rm -rf "$WORK/district"

# ---- PostgreSQL ---------------------------------------------------------
# pg_skip WHY: no more PostgreSQL figures, and why.
pg_note=
pg_skip() {
	pg_note=$1
	say "PostgreSQL part skipped: $1"
}
pg_dir=
pg_bin=
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		(cd "$pg_dir" && setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@")
	else
		(cd "$pg_dir" && "$@")
	fi
}
pg_stop() {
	[ -n "$pg_dir" ] && [ -d "$pg_dir" ] || return 0
	[ -f "$pg_dir/data/postmaster.pid" ] &&
		pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1
	rm -rf "$pg_dir"
	pg_dir=
}
# pg_start: a cluster in a new temporary directory, started; else pg_skip.
pg_start() {
	case $("$BIN/pb-db" --version) in
	*PostgreSQL*) ;;
	*) pg_skip "pb is built without PostgreSQL support (apt-get install libpq-dev; make)"; return 1 ;;
	esac
	pg_bin=${BENCH_PG_BINDIR:-$(for b in /usr/lib/postgresql/*/bin; do
		[ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ] && echo "$b"
	done | sort -t/ -k5,5V | tail -n 1)}
	if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ] || [ ! -x "$pg_bin/pg_ctl" ]; then
		pg_skip "no initdb and pg_ctl (apt-get install postgresql)"
		return 1
	fi
	command -v psql >/dev/null 2>&1 || { pg_skip "no psql (apt-get install postgresql-client)"; return 1; }
	if [ "$(id -u)" = 0 ]; then
		if ! id nobody >/dev/null 2>&1 || ! command -v setpriv >/dev/null 2>&1; then
			pg_skip "running as root without a user nobody or setpriv to run the server as"
			return 1
		fi
	fi
	# Short, under /tmp: a socket's path is limited to about 100 bytes.
	pg_dir=$(mktemp -d /tmp/pb-bench-pg.XXXXXX)
	[ "$(id -u)" = 0 ] && chown nobody "$pg_dir"
	pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U pb -A trust --no-locale -E UTF8 >"$pg_dir/initdb.log" 2>&1 || {
		pg_skip "initdb failed: $(tail -n 1 "$pg_dir/initdb.log")"
		return 1
	}
	pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -o "-k $pg_dir -c listen_addresses=''" -w -t 60 start >/dev/null 2>&1 || {
		pg_skip "the server did not start: $(tail -n 1 "$pg_dir/log" 2>/dev/null)"
		return 1
	}
	pg_ver=$("$pg_bin/postgres" --version | awk '{ print $3 }')
}
pg_url() { printf 'postgresql:host=%s user=pb dbname=%s' "$pg_dir" "$1"; }
pg_sql() { psql -X -q -v ON_ERROR_STOP=1 -At -h "$pg_dir" -U pb -d "$1" -c "$2"; }
# pg_measure NAME COMMAND...: measure, but a failure skips the rest of
# the PostgreSQL part instead of the run.
pg_measure() {
	name=$1
	shift
	"$TOOLS/rss" "$M/$name" "$@" >>"$log" 2>&1 || {
		rm -f "$M/$name"
		pg_skip "pb failed on PostgreSQL: $* ($(tail -n 1 "$log"))"
		return 1
	}
}
# pg_base DB: a new database holding what base.db holds, imported by pb.
# pg_fresh DB: a copy of it (CREATE DATABASE ... TEMPLATE), as fresh()
# copies base.db.
pg_fresh() { pg_sql postgres "CREATE DATABASE $1 TEMPLATE pgbase" >/dev/null; }
pg_base() {
	pg_sql postgres "CREATE DATABASE $1" >/dev/null &&
		PB_DB=$(pg_url "$1") pb-db -q init &&
		PB_DB=$(pg_url "$1") pb-org -q import "$WORK/base/orgs.yaml" &&
		PB_DB=$(pg_url "$1") pb-member -q import "$WORK/base/members.yaml" &&
		PB_DB=$(pg_url "$1") pb-pair -q import "$WORK/base/pairs.yaml" &&
		[ "$(pg_sql "$1" "SELECT count(*) FROM orgs WHERE id = 1 AND code = 's1' OR id = 10 AND code = 's1.u001' OR id = 50 AND code = 's2'")" = 3 ]
}
pg_rows() {
	pg_sql "$1" "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM participants) + (SELECT count(*) FROM contributions)"
}
# pg_totals_rebuild NAME DB: as totals_rebuild, on the server.
pg_totals_rebuild() { pg_measure "$1" env PB_DB="$(pg_url "$2")" pb-db -q rebuild; }
pg_cmd_once() {
	pq=$(pg_url pgimport)
	measure "sq_org_show$sfx" pb-org show --db "$WORK/pgsize.db" s1.c01
	pg_measure "pg_org_show$sfx" pb-org show --db "$pq" s1.c01 || return 1
	measure "sq_member_show$sfx" pb-member show --db "$WORK/pgsize.db" M10001
	pg_measure "pg_member_show$sfx" pb-member show --db "$pq" M10001 || return 1
	measure "sq_event_add$sfx" pb-event add --db "$WORK/pgsize.db" --date 2025-06-15 --kind service --title 'bench 志愿服务' --org s1.c01
	pg_measure "pg_event_add$sfx" pb-event add --db "$pq" --date 2025-06-15 --kind service --title 'bench 志愿服务' --org s1.c01
}
pg_summary_once() {
	pg_measure "pg_month$sfx" pb-report summary --db "$(pg_url pgreport)" --period 2025-06 -f json -o "$WORK/month-pg.json" &&
		pg_measure "pg_year$sfx" pb-report summary --db "$(pg_url pgreport)" --period 2025 -f json -o "$WORK/year-pg.json"
}
# pg_part: every PostgreSQL figure it can take; pg_imp, pg_cmd and pg_sum
# say which parts ran. Returns 0 after a skip: set -e stays in force.
pg_imp=0
pg_cmd=0
pg_sum=0
pg_same=
pg_part() {
	say "PostgreSQL $pg_ver in $pg_dir: import of $PG_EVENTS events and again, small commands, the summary at $PG_REPORT events"
	gen "$PG_EVENTS" yaml "$WORK/pg"
	fresh "$WORK/pgsize.db"
	pg_base pgbase >>"$log" 2>&1 && pg_fresh pgimport >>"$log" 2>&1 || {
		pg_skip "pb could not import the orgs, members and pairs into PostgreSQL (see $log)"
		return 0
	}
	measure sq_import pb-event import --db "$WORK/pgsize.db" "$WORK/pg/events.yaml"
	pg_measure pg_import pb-event import --db "$(pg_url pgimport)" "$WORK/pg/events.yaml" || return 0
	measure sq_reimport pb-event import --db "$WORK/pgsize.db" "$WORK/pg/events.yaml"
	pg_measure pg_reimport pb-event import --db "$(pg_url pgimport)" "$WORK/pg/events.yaml" || return 0
	pg_nrows=$(rows "$WORK/pgsize.db")
	[ "$(pg_rows pgimport)" = "$pg_nrows" ] || {
		pg_skip "PostgreSQL holds $(pg_rows pgimport) event rows after the import, SQLite $pg_nrows"
		return 0
	}
	pg_imp=1
	say "PostgreSQL: small commands, $PG_CMD_REPS runs each beside SQLite's"
	reps "$PG_CMD_REPS" pg_cmd_once || return 0
	pg_cmd=1
	# The CSV of the summary's size again (the cached SQLite database
	# kept no CSV): bench/gen is fast.
	gen "$PG_REPORT" csv "$WORK/pgreport"
	pg_fresh pgreport >>"$log" 2>&1 || {
		pg_skip "could not copy the base database on PostgreSQL (see $log)"
		return 0
	}
	(cd "$WORK/pgreport" && measure pg_load psql -X -q -v ON_ERROR_STOP=1 -h "$pg_dir" -U pb -d pgreport \
		-c "\\copy events (id, ref, date, end_date, kind, title, org_id, pair_id, place, households, persons, jobs, note) FROM 'events.csv' (FORMAT csv, HEADER true)" \
		-c "\\copy participants (id, event_id, org_id, member_id, people, hours_milli, role, award) FROM 'participants.csv' (FORMAT csv, HEADER true)" \
		-c "\\copy contributions (id, event_id, from_org_id, from_member_id, type, value_fen, quantity_milli, unit, item) FROM 'contributions.csv' (FORMAT csv, HEADER true)")
	rm -rf "$WORK/pgreport"
	pg_totals_rebuild pg_rebuild pgreport || return 0
	pg_sql pgreport "VACUUM ANALYZE" >>"$log" 2>&1
	say "PostgreSQL: summary at $PG_REPORT events, $REPS runs"
	reps "$REPS" pg_summary_once || return 0
	pg_sum=1
	pg_same="same output as SQLite's"
	cmp -s "$WORK/month-$PG_REPORT.json" "$WORK/month-pg.json" && cmp -s "$WORK/year-$PG_REPORT.json" "$WORK/year-pg.json" ||
		pg_same="OUTPUT DIFFERS from SQLite's (month-$PG_REPORT.json, year-$PG_REPORT.json vs *-pg.json in $WORK)"
}
if [ "${BENCH_PG:-}" = 0 ]; then
	pg_skip "BENCH_PG=0"
elif [ "$mode" = quick ] && [ "${BENCH_PG:-}" != 1 ]; then
	pg_skip "quick mode (BENCH_PG=1 runs it)"
elif pg_start; then
	trap pg_stop EXIT
	trap 'pg_stop; exit 70' INT TERM
	pg_part
	pg_stop
	trap - EXIT INT TERM
fi

# ---- figures ------------------------------------------------------------
for n in $IMPORTS; do
	nrows=$(cat "$M/rows_$n")
	r_pb=$(calc "$nrows / $(median "import_pb_$n")")
	r_sq=$(calc "$nrows / $(median "import_sqlite3_$n")")
	r_bare=$(calc "$nrows / $(median "import_bare_$n")")
	fig "import_vs_sqlite3_$n" "pb-event import rows/s / sqlite3 .import, $n events" "$(calc "$r_pb / $r_sq")" ">=" 1.0 \
		"pb $r_pb rows/s ($(median "import_pb_$n") s); sqlite3 $r_sq rows/s; $nrows rows"
	fig "import_vs_bare_$n" "pb-event import rows/s / bare loader, $n events" "$(calc "$r_pb / $r_bare")" ">=" 1.5 \
		"bare loader $r_bare rows/s"
done
fig reimport_vs_import "re-import of the same $FIRST events / first import, wall" \
	"$(calc "$(median "reimport_pb_$FIRST") / $(median "import_pb_$FIRST")")" "<=" 0.5 \
	"re-import $(median "reimport_pb_$FIRST") s; first $(median "import_pb_$FIRST") s"
summary_figs
rollup_figs
floor=$(median floor)
for c in org_show member_show event_add; do
	case $c in
	org_show) l="pb-org show" t=1.5 ;;
	member_show) l="pb-member show" t=1.5 ;;
	*) l="pb-event add" t=2.3 ;;
	esac
	fig "${c}_vs_floor" "$l wall / floor" "$(calc "$(median "$c") / $floor")" "<=" "$t" \
		"$(ms "$c") ms; floor $(ms floor) ms; true $(ms true) ms; floor reading the schema $(ms floor_schema) ms = $(calc "$(median floor_schema) / $floor") x"
done
sc=
[ "$SMALL" = "$GOAL_SMALL" ] || sc=" (issue: at 1M / at 100k)"
for c in import_pb:import export:export; do
	fig "${c#*:}_rss_ratio" "pb-event ${c#*:} peak RSS at $LAST / at $SMALL events$sc" \
		"$(calc "$(peak "${c%%:*}_$LAST") / $(peak "${c#*:}_small")")" "<=" 1.1 \
		"$(peak "${c%%:*}_$LAST") KiB / $(peak "${c#*:}_small") KiB"
done
fig import_rss_mb "pb-event import peak RSS at $LAST events, MB" "$(calc "$(peak "import_pb_$LAST") / 1024")" "<=" 48 \
	"bare loader $(calc "$(peak "import_bare_$LAST") / 1024") MB; sqlite3 $(calc "$(peak "import_sqlite3_$LAST") / 1024") MB"
fig export_rss_mb "pb-event export peak RSS at $LAST events, MB" "$(calc "$(peak "export_$LAST") / 1024")" "<=" 48 \
	"export $(median "export_$LAST") s"
# PostgreSQL: no target; "~" and "-" for it, and JSON's "met" is null.
if [ "$pg_imp" = 1 ]; then
	fig import_pg_vs_sqlite "pb-event import of $PG_EVENTS events, PostgreSQL / SQLite, wall" "$(calc "$(median pg_import) / $(median sq_import)")" "~" - \
		"PostgreSQL $(calc "$pg_nrows / $(median pg_import)") rows/s ($(median pg_import) s); SQLite $(calc "$pg_nrows / $(median sq_import)") rows/s; $pg_nrows rows"
	fig reimport_pg "re-import of the same $PG_EVENTS events / first import, PostgreSQL" "$(calc "$(median pg_reimport) / $(median pg_import)")" "~" - \
		"PostgreSQL $(median pg_reimport) s; SQLite $(median sq_reimport) s = $(calc "$(median sq_reimport) / $(median sq_import)") x its first"
	fig import_pg_rss_mb "pb-event import of $PG_EVENTS events, PostgreSQL, peak RSS, MB" "$(calc "$(peak pg_import) / 1024")" "~" - \
		"SQLite $(calc "$(peak sq_import) / 1024") MB"
fi
if [ "$pg_cmd" = 1 ]; then
	for c in org_show member_show event_add; do
		fig "${c}_pg_vs_sqlite" "$(echo "$c" | sed 's/_show/ show/; s/_add/ add/; s/^/pb-/'), PostgreSQL / SQLite, wall" \
			"$(calc "$(median "pg_$c") / $(median "sq_$c")")" "~" - "PostgreSQL $(ms "pg_$c") ms; SQLite $(ms "sq_$c") ms"
	done
fi
if [ "$pg_sum" = 1 ]; then
	for p in month year; do
		fig "summary_${p}_pg_vs_sqlite" "pb-report summary, one $p, $PG_REPORT events, PostgreSQL / SQLite" \
			"$(calc "$(median "pg_$p") / $(median "${p}_$PG_REPORT")")" "~" - \
			"PostgreSQL $(ms "pg_$p") ms; SQLite $(ms "${p}_$PG_REPORT") ms; $pg_same"
	done
	fig load_pg_s "loading $PG_REPORT events: psql \\copy + totals rebuild, s" "$(calc "$(median pg_load) + $(median pg_rebuild)")" "~" - \
		"\\copy $(median pg_load) s, rebuild $(median pg_rebuild) s"
fi

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)
ncpu=$(nproc 2>/dev/null || echo unknown)
sqlv=$(sqlite3 --version | cut -d' ' -f1)
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)

echo "pb bench ($mode): $now, $ncpu CPUs ($cpu), $mem, sqlite3 $sqlv, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
if [ -n "$pg_note" ]; then
	echo "PostgreSQL: skipped: $pg_note"
else
	echo "PostgreSQL: $pg_ver, a local server on a Unix socket, default settings"
fi
echo "sizes: imports at $IMPORTS events (RSS base $SMALL), summary at $REPORTS, roll-up $RSTREETS x $REVENTS; medians of $REPS runs ($IMPORT_REPS of the imports, $CMD_REPS of the small commands)"
print_figs
print_growth

awk -F'\t' -v mode="$mode" -v now="$now" -v cpu="$cpu" -v mem="$mem" -v ncpu="$ncpu" \
	-v sqlv="$sqlv" -v pgv="${pg_ver:-}" -v pgnote="$pg_note" -v imports="$IMPORTS" -v small="$SMALL" \
	-v reports="$REPORTS" -v reps="$REPS" -v ireps="$IMPORT_REPS" -v cmdreps="$CMD_REPS" '
function q(s) { gsub(/\\/, "&&", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function ok(v, op, t) { return op == ">=" ? v + 0 >= t + 0 : v + 0 <= t + 0 }
function list(s) { gsub(/ /, ", ", s); return "[" s "]" }
function num(s) { return s == "-" ? "null" : s + 0 }
BEGIN {
	printf "{\n  \"mode\": %s,\n  \"date\": %s,\n", q(mode), q(now)
	printf "  \"machine\": {\"nproc\": %s, \"memory\": %s, \"cpu\": %s, \"sqlite3\": %s},\n", q(ncpu), q(mem), q(cpu), q(sqlv)
	printf "  \"postgresql\": {\"version\": %s, \"skipped\": %s},\n", (pgnote == "" ? q(pgv) : "null"), (pgnote == "" ? "null" : q(pgnote))
	printf "  \"sizes\": {\"import_events\": %s, \"rss_base_events\": %d, \"report_events\": %s, \"reps\": %d, \"import_reps\": %d, \"cmd_reps\": %d},\n", list(imports), small, list(reports), reps, ireps, cmdreps
	printf "  \"figures\": ["
}
FNR == NR {
	printf "%s\n    {\"key\": %s, \"figure\": %s, \"value\": %s, \"target\": %s, \"met\": %s, \"reference\": %s}", \
		(NR > 1 ? "," : ""), q($1), q($2), $3 + 0, ($4 == "~" ? "null" : q($4 " " $5)), ($4 == "~" ? "null" : ok($3, $4, $5) ? "true" : "false"), q($6)
	next
}
FNR == 1 { printf "\n  ],\n  \"growth\": ["; g = 1 }
{
	printf "%s\n    {\"events\": %d, \"rows\": %d, \"floor_ms\": %s, \"month_ms\": %s, \"year_ms\": %s, \"raw_month_ms\": %s, \"raw_year_ms\": %s, \"built\": %s}", \
		(FNR > 1 ? "," : ""), $1, $2, num($3), num($4), num($5), num($6), num($7), q($8)
}
END { if (!g) printf "\n  ],\n  \"growth\": ["; print "\n  ]\n}" }' "$F" "$G" >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
say "results in $RESULTS"
totals_verdict
