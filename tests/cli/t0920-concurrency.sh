#!/bin/sh
# Concurrent writers: 8 processes each run mixed writing commands (add an
# event, attend, give, set) against one database, while a
# reader runs `pb-report summary -f json` in a loop.  No command fails,
# no write is lost (exact counts afterwards), and every report the reader
# printed adds up: events.total is the sum of by_kind, cash is 100 yuan
# per contribution, and hours are 1.5 per person-time.
# PB_WRITER_COMMANDS sets the commands per writer: `make check-stress`
# (run by CI) runs 500 each.  Without it, to keep `make check` within
# seconds, each writer runs 60 (4 under valgrind: one round still has the
# nine programs queue for the lock, and each command's own paths are
# under valgrind in the other files).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

WRITERS=8
if [ -n "${PB_WRITER_COMMANDS:-}" ]; then
	ROUNDS=$((PB_WRITER_COMMANDS / 4)) # four commands a round
elif [ "${PB_VALGRIND:-0}" = 1 ]; then
	ROUNDS=1
	# Nine programs under valgrind beside another test file on two cores
	# queue for the lock far longer than the 10 s default: the test is
	# about lost writes, not the wait.
	echo "busy_timeout_ms: 300000" >"$PB_CONFIG"
else
	ROUNDS=15
fi
MAX_REPORTS=50000

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

# Every report the reader printed: one line for each that failed or does
# not add up, then "REPORTS n FAILED n BAD n".
check_reports() {
	perl -MJSON::PP -e '
		my ($n, $failed, $bad) = (0, 0, 0);
		for my $rc (glob("$ARGV[0]/*.rc")) {
			(my $base = $rc) =~ s/\.rc$//;
			my $name = $base =~ s{.*/}{}r;
			$n++;
			open my $f, "<", $rc or die; my $st = <$f>; chomp $st;
			if ($st ne "0") {
				open my $e, "<", "$base.err"; local $/; my $err = <$e> // "";
				print "report $name exited $st: $err\n"; $failed++; next;
			}
			open my $j, "<", "$base.json" or die;
			my $r = eval { local $/; decode_json(<$j>) };
			unless ($r) { print "report $name: not JSON\n"; $bad++; next }
			my @why;
			my $e = $r->{events}; my $sum = 0;
			$sum += $_ for values %{$e->{by_kind}};
			my $c = $r->{contributions}; my $p = $r->{participation};
			push @why, "events.total $e->{total} but by_kind sums to $sum"
				if $e->{total} != $sum;
			push @why, "cash_yuan $c->{cash_yuan} for $c->{count} contributions"
				if abs($c->{cash_yuan} - 100 * $c->{count}) > 0.001;
			push @why, "volunteer_hours $p->{volunteer_hours} for $p->{person_times} person-times"
				if abs($p->{volunteer_hours} * 2 - $p->{person_times} * 3) > 0.001;
			if (@why) { print "report $name: @why\n"; $bad++ }
		}
		print "REPORTS $n FAILED $failed BAD $bad\n";
	' "$1"
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

check_reports "$TMP/r" >"$TMP/reports"
grep -v '^REPORTS ' "$TMP/reports" | head -50 >"$TMP/reports.bad"
diag_file "$TMP/reports.bad"
read -r _ reports _ failed _ bad <<-END
	$(grep '^REPORTS ' "$TMP/reports" || echo "REPORTS 0 FAILED 1 BAD 1")
	END
diag "the reader printed $reports reports while the writers ran"
ok "[ $reports -gt 0 ]" "the reader ran"
ok "[ $failed = 0 ]" "every report exits 0"
ok "[ $bad = 0 ]" "every report adds up"

run pb-db check
is_status 0 "pb-db check passes"
done_testing
