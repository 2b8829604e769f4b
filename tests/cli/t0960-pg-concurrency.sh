#!/bin/sh
# Many writers on one PostgreSQL database (a server of this file's own,
# tests/pg.sh), and the rules that are checked by reading first, raced.
#
# 1. 8 writer processes each run mixed writing commands (add an event,
#    attend, give, set; as t0920 does on a file) while 2 readers run
#    `pb-report summary -f json` in a loop: no command fails, no write is
#    lost (exact counts afterwards, one audit row per command), and every
#    report adds up (events.total is the sum of by_kind, 100 yuan per
#    contribution, 1.5 hours per person-time), and no reader ever sees
#    fewer events than it saw before.
# 2. 8 processes, released at once, race each rule pb checks in C before
#    it writes: one active pair per community, partner and kind (pb-pair
#    add), one registration at a time (a member moved to 8 communities on
#    one day, by pb-member register and by set --community), one ref
#    (pb-event add --ref, pb-member add --ref).  Exactly one wins each race;
#    each of the 7 others exits 65 with the rule's own message (not a
#    constraint's: the rule was checked with no writer between its read and
#    its write); `pb-db check` is clean.  The races run on a SQLite file
#    too, and on it whether or not PostgreSQL can be had.
#
# PB_WRITER_COMMANDS sets the commands per writer: `make check-stress`
# runs 500 each (and 10 rounds of races).  Without it, to keep
# `make check` within seconds, 20 each and 2 rounds (under valgrind 4
# each, one round, PostgreSQL only).  Without PostgreSQL
# (or a pb built without libpq) the PostgreSQL parts skip with the reason.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/pg.sh
. "$TESTS/pg.sh"

WRITERS=8
READERS=2
RACERS=8
if [ -n "${PB_WRITER_COMMANDS:-}" ]; then
	ROUNDS=$((PB_WRITER_COMMANDS / 4)) # four commands a round
	RACE_ROUNDS=10
elif [ "${PB_VALGRIND:-0}" = 1 ]; then
	# One round per writer (32 commands queueing for the lock), one race
	# of each, on PostgreSQL only (valgrind has the SQLite path from
	# t0920).
	ROUNDS=1
	RACE_ROUNDS=1
else
	ROUNDS=5
	RACE_ROUNDS=2
fi
# Nine or more programs (under valgrind, beside another test file, on two
# cores) may queue for the lock past the 10 s default: the test is about
# lost writes and broken rules, not the wait.
echo "busy_timeout_ms: 300000" >"$PB_CONFIG"
MAX_REPORTS=50000

# The server: one of this file's own (even under make check-pg, whose
# server the other files share), with room for every writer, reader and
# racer.  pg_skip_why says why there is none.
# A pb built without libpq says so (69) to any PostgreSQL URL, before it
# tries to connect: then no server is started.
pg_skip_why=
probe=0
pb-db check --db "postgresql:///pb?host=$TMP/no-server" >"$TMP/probe" 2>&1 || probe=$?
if [ "$probe" = 69 ]; then
	pg_skip_why="pb cannot use PostgreSQL: $(cat "$TMP/probe")"
elif pg_start max_connections=60; then
	_q=$(printf '%s' "$PG_DIR" | sed "s/'/'\\\\''/g")
	undo="$undo pg_stop '$_q';"
	if pg_newdb writers; then
		PG_WRITERS_URL=$PG_URL
	else
		pg_skip_why=$PG_WHY
	fi
else
	pg_skip_why=$PG_WHY
	[ -z "${PG_DIR:-}" ] || pg_stop "$PG_DIR"
fi

# --- 1. 8 writers and 2 readers on PostgreSQL ---------------------------

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

# Reader r: reports until the writers are done, at most MAX_REPORTS,
# numbered in the order it printed them.
reader() {
	_r=$1
	_n=0
	mkdir "$TMP/r/$_r" || return 1
	while [ ! -e "$TMP/stop" ] && [ "$_n" -lt "$MAX_REPORTS" ]; do
		_n=$((_n + 1))
		_rc=0
		pb-report summary -f json --period 2026-10 --no-compare \
			>"$TMP/r/$_r/$_n.json" 2>"$TMP/r/$_r/$_n.err" || _rc=$?
		echo "$_rc" >"$TMP/r/$_r/$_n.rc"
	done
}

# Every report the readers printed: one line for each that failed or does
# not add up, or that shows fewer events than the same reader's report
# before it (each is one snapshot, each later than the one before), then
# "REPORTS n FAILED n BAD n".
check_reports() {
	perl -MJSON::PP -e '
		my ($n, $failed, $bad) = (0, 0, 0);
		for my $dir (sort glob("$ARGV[0]/*")) {
			my $last = -1;
			my @rc = sort { ($a =~ m{(\d+)\.rc$})[0] <=> ($b =~ m{(\d+)\.rc$})[0] }
				glob("$dir/*.rc");
			for my $rc (@rc) {
				(my $base = $rc) =~ s/\.rc$//;
				my $name = $base =~ s{.*/(\w+)/(\d+)$}{reader $1 report $2}r;
				$n++;
				open my $f, "<", $rc or die; my $st = <$f>; chomp $st;
				if ($st ne "0") {
					open my $e, "<", "$base.err"; local $/; my $err = <$e> // "";
					print "$name exited $st: $err\n"; $failed++; next;
				}
				open my $j, "<", "$base.json" or die;
				my $r = eval { local $/; decode_json(<$j>) };
				unless ($r) { print "$name: not JSON\n"; $bad++; next }
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
				push @why, "events.total $e->{total} after $last"
					if $e->{total} < $last;
				$last = $e->{total};
				if (@why) { print "$name: @why\n"; $bad++ }
			}
		}
		print "REPORTS $n FAILED $failed BAD $bad\n";
	' "$1"
}

if [ -n "$pg_skip_why" ]; then
	skip "8 writers and $READERS readers on PostgreSQL: $pg_skip_why"
else
	PB_DB=$PG_WRITERS_URL
	pb-org -q add --code jd --name 东湖街道党工委 --kind street
	pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
	pb-org -q add --code hn --name 华能公司党委 --kind enterprise

	mkdir "$TMP/r" || exit 1
	: >"$TMP/fail"
	t0=$(date +%s)
	rpids=
	r=0
	while [ "$r" -lt "$READERS" ]; do
		r=$((r + 1))
		reader "$r" &
		rpids="$rpids $!"
	done
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
	t1=$(date +%s)
	: >"$TMP/stop"
	for p in $rpids; do
		wait "$p"
	done

	ok "[ ! -s '$TMP/fail' ]" "PostgreSQL: every one of $((WRITERS * ROUNDS * 4)) writing commands exits 0"
	diag_file "$TMP/fail"
	cat "$TMP"/w*.err >"$TMP/werr" 2>/dev/null
	diag_file "$TMP/werr"

	n=$((WRITERS * ROUNDS))
	run pb-report summary -f json --period 2026-10 --no-compare
	is_status 0 "PostgreSQL: the report afterwards"
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
		"PostgreSQL: no write lost: $n events, $ROUNDS of each kind, $n contributions, $((n * 2)) person-times, $((n * 3)) households"
	run pb-event list --fields title
	ok "[ \$(sort -u '$TMP/out' | wc -l) -eq $n ]" "PostgreSQL: $n distinct events listed"
	# The rows themselves, by the server: one audit row per command, and
	# each event with exactly one participant and one contribution.
	run pg_psql "$PG_DBNAME" -c "SELECT (SELECT count(*) FROM audit),
		(SELECT count(*) FROM events),
		(SELECT count(DISTINCT event_id) FROM participants),
		(SELECT count(*) FROM participants),
		(SELECT count(DISTINCT event_id) FROM contributions),
		(SELECT count(*) FROM contributions)"
	is_out "$((3 + n * 4))|$n|$n|$n|$n|$n" \
		"PostgreSQL: $((3 + n * 4)) audit rows (one per command), $n events each with one participant and one contribution"

	check_reports "$TMP/r" >"$TMP/reports"
	grep -v '^REPORTS ' "$TMP/reports" | head -50 >"$TMP/reports.bad"
	diag_file "$TMP/reports.bad"
	read -r _ reports _ failed _ bad <<-END
		$(grep '^REPORTS ' "$TMP/reports" || echo "REPORTS 0 FAILED 1 BAD 1")
	END
	diag "PostgreSQL: $((WRITERS * ROUNDS * 4)) writing commands by $WRITERS writers in $((t1 - t0)) s; $READERS readers printed $reports reports meanwhile"
	ok "[ $reports -ge $READERS ]" "PostgreSQL: the readers ran"
	ok "[ $failed = 0 ]" "PostgreSQL: every report exits 0"
	ok "[ $bad = 0 ]" "PostgreSQL: every report adds up, and no reader went back in time"

	run pb-db check
	is_status 0 "PostgreSQL: pb-db check passes after the writers"
	PB_DB=$PB_DB_MAIN
fi

# --- 2. The rules raced -------------------------------------------------

# race NAME EXPECT_RE CMD...: RACERS copies of CMD (each with the word
# @K@ replaced by its number), released at once, each as its own
# process; RACE_WON is how many exited 0, RACE_LOST how many exited 65
# with a message matching EXPECT_RE, RACE_ODD the rest, described.
# A racer waits for every racer to be started (a file each), then for
# the FIFO to be opened for writing, which releases all at once.
race() {
	_name=$1
	_re=$2
	shift 2
	_d=$TMP/race/$_name
	mkdir -p "$_d" || exit 1
	mkfifo "$_d/go" || exit 1
	_k=0
	_pids=
	while [ "$_k" -lt "$RACERS" ]; do
		_k=$((_k + 1))
		(
			_args=
			for _a in "$@"; do
				_a=$(printf '%s' "$_a" | sed "s/@K@/$_k/g; s/'/'\\\\''/g")
				_args="$_args '$_a'"
			done
			: >"$_d/ready.$_k"
			: <"$_d/go"
			_rc=0
			eval "$_args" >"$_d/out.$_k" 2>"$_d/err.$_k" || _rc=$?
			echo "$_rc" >"$_d/rc.$_k"
		) &
		_pids="$_pids $!"
	done
	# Every racer is at the gate (or about to open it), then the gate
	# opens; it stays open until each has passed.
	while [ "$(find "$_d" -name 'ready.*' | wc -l)" -lt "$RACERS" ]; do
		sleep 0.01
	done
	exec 3>"$_d/go"
	for _p in $_pids; do
		wait "$_p"
	done
	exec 3>&-
	RACE_WON=0
	RACE_LOST=0
	RACE_ODD=
	_k=0
	while [ "$_k" -lt "$RACERS" ]; do
		_k=$((_k + 1))
		_rc=$(cat "$_d/rc.$_k")
		if [ "$_rc" = 0 ]; then
			RACE_WON=$((RACE_WON + 1))
		elif [ "$_rc" = 65 ] && grep -Eq -- "$_re" "$_d/err.$_k"; then
			RACE_LOST=$((RACE_LOST + 1))
		else
			RACE_ODD="$RACE_ODD racer $_k exited $_rc: $(head -c 300 "$_d/err.$_k");"
		fi
	done
}

# race_is WHAT: exactly one racer won, the other RACERS-1 lost by the
# rule, and no racer did anything else.
race_is() {
	ok "[ $RACE_WON = 1 ] && [ $RACE_LOST = $((RACERS - 1)) ]" \
		"$1: exactly 1 of $RACERS wins, $((RACERS - 1)) exit 65 with the rule's message"
	if [ -n "$RACE_ODD" ] || [ "$RACE_WON" != 1 ]; then
		diag "won $RACE_WON, lost $RACE_LOST;$RACE_ODD"
	fi
}

# races ENGINE: every race, RACE_ROUNDS times, on the database PB_DB.
races() {
	_e=$1
	pb-org -q add --code jd --name 东湖街道党工委 --kind street
	_c=0
	while [ "$_c" -le "$RACERS" ]; do
		pb-org -q add --code "c$_c" --name "第${_c}社区党委" --kind community \
			--parent jd
		_c=$((_c + 1))
	done
	_round=0
	while [ "$_round" -lt "$RACE_ROUNDS" ]; do
		_round=$((_round + 1))
		_day=$(printf '2026-03-%02d' "$_round")

		# One active pair per community, partner and kind: a new
		# partner each round.
		pb-org -q add --code "hn$_round" --name "华能第${_round}分公司党委" \
			--kind enterprise
		race "$_e-pair-$_round" \
			"'c1' and 'hn$_round' already have an active pair of kind enterprise" \
			pb-pair add --community c1 --partner "hn$_round" --kind enterprise \
			--since 2026-02-01 --goal "第@K@方案"
		race_is "$_e round $_round: one active pair (pb-pair add)"
		run pb-pair list --org "hn$_round" --kind enterprise --active --fields goal
		ok "[ \$(wc -l <'$TMP/out') = 1 ]" "$_e round $_round: 1 active pair"

		# One registration at a time: a member registered with c0 moved
		# to c1..c8 on one day, half by register, half by set
		# --community.  The first move closes c0's registration that
		# day; each later one finds the history running to that day.
		pb-member -q add --ref "m$_round" --name "成员$_round" --category resident \
			--community c0 --registered 2026-01-01
		# shellcheck disable=SC2016 # the script's own arguments
		race "$_e-reg-$_round" \
			"cannot register member [0-9]+ with 'c[1-8]' on $_day: the registration history already runs to $_day" \
			sh -c 'if [ $(($1 % 2)) = 0 ]; then
				exec pb-member register "m$2" --community "c$1" --date "$3"
			else
				exec pb-member set "m$2" --community "c$1" --registered "$3"
			fi' racer @K@ "$_round" "$_day"
		race_is "$_e round $_round: one registration at a time (pb-member register, set --community)"
		run pb-member show "m$_round" -f json
		perl -MJSON::PP -e '
			local $/; my $m = decode_json(<STDIN>);
			$m = $m->[0] if ref $m eq "ARRAY";
			my $h = $m->{registrations} // [];
			print join(" ", map { "$_->{community}:$_->{since}:" . ($_->{until} // "") } @$h), "\n";
		' <"$TMP/out" >"$TMP/regs" 2>&1
		ok "grep -Eqx 'c0:2026-01-01:$_day c[1-8]:$_day:' '$TMP/regs'" \
			"$_e round $_round: the member's history is c0 until $_day, then one community"
		diag_file "$TMP/regs"

		# One ref: events.
		race "$_e-evref-$_round" "ref 'E$_round' is already event [0-9]+" \
			pb-event add --ref "E$_round" --date "$_day" --kind meeting \
			--title "抢@K@" --org c0
		race_is "$_e round $_round: one event ref (pb-event add --ref)"

		# One ref: members.
		race "$_e-mref-$_round" "ref 'R$_round' is already member [0-9]+" \
			pb-member add --ref "R$_round" --name "抢@K@" --category resident
		race_is "$_e round $_round: one member ref (pb-member add --ref)"
	done
	run pb-event list --fields ref
	ok "[ \$(grep -c '^E' '$TMP/out') = $RACE_ROUNDS ]" "$_e: $RACE_ROUNDS events with a ref, one for each"
	run pb-member list --fields ref
	ok "[ \$(grep -c '^R' '$TMP/out') = $RACE_ROUNDS ]" "$_e: $RACE_ROUNDS members with a raced ref, one for each"
	run pb-db check
	is_status 0 "$_e: pb-db check passes after the races"
}

if [ "${PB_VALGRIND:-0}" = 1 ]; then
	skip "races on SQLite: not under valgrind (t0920 runs its writers there)"
else
	PB_DB=$TMP/race.db
	races SQLite
	PB_DB=$PB_DB_MAIN
fi

if [ -n "$pg_skip_why" ]; then
	skip "races on PostgreSQL: $pg_skip_why"
elif pg_newdb races; then
	PB_DB=$PG_URL
	races PostgreSQL
	PB_DB=$PB_DB_MAIN
else
	fail "races on PostgreSQL: $PG_WHY"
fi
done_testing
