#!/bin/sh
# Concurrent writers: 8 processes each run mixed writing commands (add an
# event, attend, give, set: 60 commands each here, where the issue asks
# 500, to keep the test within seconds) against one database, while a
# reader runs `pb-report summary -f json` in a loop.  No command fails,
# no write is lost (exact counts afterwards), and every report the reader
# printed adds up: events.total is the sum of by_kind, cash is 100 yuan
# per contribution, and hours are 1.5 per person-time.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

WRITERS=8
ROUNDS=15 # four commands a round
MAX_REPORTS=2000

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise

# Writer w: its events are all of one kind, so by_kind is exact too.
writer() {
	_w=$1
	_kind=$(echo meeting service aid environment safety culture education visit |
		cut -d' ' -f"$_w")
	_i=0
	while [ "$_i" -lt "$ROUNDS" ]; do
		_i=$((_i + 1))
		_id=$(pb-event add --date "2026-10-$(printf %02d $((_i % 28 + 1)))" \
			--kind "$_kind" --title "第${_w}组第${_i}次" --org sq1 \
			2>>"$TMP/w$_w.err") || echo "w$_w add $_i: $?" >>"$TMP/fail"
		pb-event -q attend "$_id" --org hn --people 2 --hours 1.5 \
			2>>"$TMP/w$_w.err" || echo "w$_w attend $_i: $?" >>"$TMP/fail"
		pb-event -q give "$_id" --from hn --type cash --value 100 \
			2>>"$TMP/w$_w.err" || echo "w$_w give $_i: $?" >>"$TMP/fail"
		pb-event -q set "$_id" --households 3 \
			2>>"$TMP/w$_w.err" || echo "w$_w set $_i: $?" >>"$TMP/fail"
	done
}

# The reader: reports until the writers are done, at most MAX_REPORTS.
reader() {
	_n=0
	while [ ! -e "$TMP/stop" ] && [ "$_n" -lt "$MAX_REPORTS" ]; do
		_n=$((_n + 1))
		_rc=0
		pb-report summary -f json --period 2026-10 --no-compare \
			>"$TMP/r/$_n.json" 2>"$TMP/r/$_n.err" || _rc=$?
		echo "$_rc" >"$TMP/r/$_n.rc"
	done
}

# Whether a report adds up; prints what does not.
adds_up() {
	perl -MJSON::PP -e '
		local $/; my $r = decode_json(<STDIN>);
		my $e = $r->{events}; my $sum = 0;
		$sum += $_ for values %{$e->{by_kind}};
		my $c = $r->{contributions}; my $p = $r->{participation};
		print "events.total $e->{total} but by_kind sums to $sum\n"
			if $e->{total} != $sum;
		print "cash_yuan $c->{cash_yuan} for $c->{count} contributions\n"
			if abs($c->{cash_yuan} - 100 * $c->{count}) > 0.001;
		print "volunteer_hours $p->{volunteer_hours} for $p->{person_times} person-times\n"
			if abs($p->{volunteer_hours} * 2 - $p->{person_times} * 3) > 0.001;
	' <"$1" 2>&1
}

mkdir "$TMP/r" || exit 1
: >"$TMP/fail"
reader &
reader_pid=$!
pids=
w=0
while [ "$w" -lt "$WRITERS" ]; do
	w=$((w + 1))
	writer "$w" &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
: >"$TMP/stop"
wait "$reader_pid"

ok "[ ! -s '$TMP/fail' ]" "every one of $((WRITERS * ROUNDS * 4)) writing commands exits 0"
diag_file "$TMP/fail"
cat "$TMP"/w*.err >"$TMP/werr" 2>/dev/null
diag_file "$TMP/werr"

n=$((WRITERS * ROUNDS))
run pb-report summary -f json --period 2026-10 --no-compare
is_status 0 "the report afterwards"
perl -MJSON::PP -e '
	local $/; my $r = decode_json(<STDIN>);
	my $k = $r->{events}{by_kind};
	printf "%d %s %d %.2f %d %s %d\n", $r->{events}{total},
		join(",", map { $k->{$_} } qw(meeting service aid environment safety culture education visit)),
		$r->{contributions}{count}, $r->{contributions}{cash_yuan},
		$r->{participation}{person_times}, $r->{participation}{volunteer_hours},
		$r->{beneficiaries}{households};
' <"$TMP/out" >"$TMP/counts"
is_file_text "$TMP/counts" \
	"$n $ROUNDS,$ROUNDS,$ROUNDS,$ROUNDS,$ROUNDS,$ROUNDS,$ROUNDS,$ROUNDS $n $((n * 100)).00 $((n * 2)) $((n * 3)) $((n * 3))" \
	"no write lost: $n events, $ROUNDS of each kind, $n contributions, $((n * 2)) person-times, $((n * 3)) households"
run pb-event list --fields title
ok "[ \$(sort -u '$TMP/out' | wc -l) -eq $n ]" "$n distinct events listed"

reports=0
bad=0
failed=0
for f in "$TMP"/r/*.json; do
	[ -e "$f" ] || continue
	reports=$((reports + 1))
	[ "$(cat "${f%.json}.rc")" = 0 ] || {
		failed=$((failed + 1))
		diag "report ${f##*/} exited $(cat "${f%.json}.rc"): $(cat "${f%.json}.err")"
		continue
	}
	why=$(adds_up "$f")
	[ -z "$why" ] || {
		bad=$((bad + 1))
		diag "report ${f##*/}: $why"
	}
done
diag "the reader printed $reports reports while the writers ran"
ok "[ $reports -gt 0 ]" "the reader ran"
ok "[ $failed = 0 ]" "every report exits 0"
ok "[ $bad = 0 ]" "every report adds up"

run pb-db check
is_status 0 "pb-db check passes"
done_testing
