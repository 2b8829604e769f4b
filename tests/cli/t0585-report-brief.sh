#!/bin/sh
# pb-report summary -f brief: the period's figures as one paragraph for a
# written report (工作简报), in Chinese and English. The fixture of t0500
# (February 2026 beside January) against golden files in both languages;
# then every number of each brief checked against the json figure it
# names (万元 converted back); the period words; a month with nothing;
# large changes and the thresholds of the rule (3, 20%, 1,000 yuan);
# --no-compare; money below and above 10,000 yuan; a district's roll-up;
# the bad uses (64).
# shellcheck source=tests/lib.sh
# Under valgrind one run in 4 of the pb programs (tests/lib.sh): this
# file runs the same code paths many times over.
PB_VG_EVERY=${PB_VG_EVERY:-4}
. "$(dirname "$0")/../lib.sh"

G=$TESTS/golden

# The database of t0500-report-summary.sh.
sed -n '/^# fixture: begin/,/^# fixture: end/p' \
	"$TESTS/cli/t0500-report-summary.sh" >"$TMP/fixture.sh"
# shellcheck source=/dev/null
. "$TMP/fixture.sh"

# numbers.pl JSON BRIEF SPEC...: each number of the brief, in order, is
# the figure SPEC names in the json: PATH (events.total,
# contributions.goods.0.quantity), +PATH (its change from previous.PATH,
# unsigned) or #PATH (the length of a list). A number followed by 万 is
# in 万元: times 10,000 it is the figure rounded to the nearest 100 yuan.
# English thousands separators are dropped. Then the same as multisets:
# every number of the brief is one figure, every figure one number.
cat >"$TMP/numbers.pl" <<'PERL'
use strict;
use warnings;
use JSON::PP;

my ($json, $brief, @specs) = @ARGV;
my $doc = do {
	local $/;
	open my $j, '<', $json or die "$json: $!";
	decode_json(<$j>);
};
my $text = do {
	local $/;
	open my $b, '<', $brief or die "$brief: $!";
	<$b>;
};
sub get {
	my ($n, $path) = @_;
	for my $k (split /\./, $path) {
		die "no $path in the json\n" unless defined $n;
		$n = ref $n eq 'ARRAY' ? $n->[$k] : $n->{$k};
	}
	die "no $path in the json\n" unless defined $n;
	return $n;
}
sub figure {
	my ($s) = @_;
	return scalar @{get($doc, substr $s, 1)} if $s =~ /^#/;
	if ($s =~ /^\+(.*)/) {
		my $d = get($doc, $1) - get($doc, "previous.$1");
		return $d < 0 ? -$d : $d;
	}
	return get($doc, $s);
}
# Numbers as [value, in 万]: "9,100" is 9100, "1.23万" 12300.
my @got;
while ($text =~ /(\d+(?:,\d{3})*(?:\.\d+)?)(\x{e4}\x{b8}\x{87})?/g) {
	(my $v = $1) =~ tr/,//d;
	push @got, [$v, defined $2];
}
sub same {
	my ($g, $want) = @_;
	return abs($g->[0] - $want) < 1e-9 unless $g->[1];
	my $fen = int($want * 100 + 0.5);
	return abs($g->[0] * 10000 - int(($fen + 5000) / 10000) * 100) < 1e-6;
}
my $bad = 0;
if (@got != @specs) {
	print STDERR scalar(@got), " numbers in the brief, ", scalar(@specs),
	    " figures named: ", join(' ', map { $_->[0] } @got), "\n";
	$bad = 1;
}
for my $i (0 .. ($#got < $#specs ? $#got : $#specs)) {
	my $want = figure($specs[$i]);
	next if same($got[$i], $want);
	print STDERR "number ", $i + 1, ": $got[$i][0]",
	    ($got[$i][1] ? "万" : ""), " but $specs[$i] is $want\n";
	$bad = 1;
}
my @left = map { figure($_) } @specs;
GOT: for my $g (@got) {
	for my $k (0 .. $#left) {
		if (defined $left[$k] && same($g, $left[$k])) {
			undef $left[$k];
			next GOT;
		}
	}
	print STDERR "$g->[0] is no figure of the json\n";
	$bad = 1;
}
for (grep { defined } @left) {
	print STDERR "the figure $_ is not in the brief\n";
	$bad = 1;
}
exit $bad;
PERL

# numbers_are DESC JSON BRIEF SPEC...
numbers_are() {
	_desc=$1
	shift
	if perl "$TMP/numbers.pl" "$@" 2>"$TMP/numbers.err"; then
		pass "$_desc"
	else
		fail "$_desc"
		diag_file "$TMP/numbers.err"
	fi
}

# ---- February 2026 beside January: golden, both languages ------------------
#
# The figures (worked out in t0500): 5 events (meeting 1, service 1, aid
# 2, festival 1), January 2: 3 more, 150%, said; 4 units and 6 members;
# 59 person-times (January 33: 26 more, 79%), 164 hours (36: 128 more);
# 5 contributions, 60,000 yuan in cash (January 0: said, 6万元 both),
# 4,700 yuan in kind, 9,100 斤 and 2 袋 of 大米和面粉; 140 households
# (40: 100 more), 350 persons (200: 150 more, 75%), 15 jobs (no change
# said for jobs); pairs 4 active, 1 dormant, 1 new, 1 ended; 6 members, 5
# registered, 1 new; opinions 5, 2 answered, 1 on time, 2 overdue.
FEB="events.total +events.total events.by_kind.meeting events.by_kind.service
events.by_kind.aid events.by_kind.festival participation.orgs
participation.members participation.person_times +participation.person_times
participation.volunteer_hours +participation.volunteer_hours
contributions.count contributions.cash_yuan +contributions.cash_yuan
contributions.in_kind_yuan contributions.goods.0.quantity
contributions.goods.1.quantity beneficiaries.households
+beneficiaries.households beneficiaries.persons +beneficiaries.persons
beneficiaries.jobs pairs.active pairs.dormant pairs.new pairs.ended
members.total members.registered members.new_registrations opinions.received
opinions.answered opinions.answered_on_time opinions.overdue"
FEB=$(printf '%s\n' "$FEB" | tr '\n' ' ')

pb-report summary --period 2026-02 -f json >"$TMP/feb.json"
run env PB_LANG=zh pb-report summary --period 2026-02 -f brief
is_status 0 "PB_LANG=zh summary -f brief"
is_err "" "nothing on stderr"
is_file "$TMP/out" "$G/report-brief-zh.txt" "February in Chinese: the golden paragraph"
cp "$TMP/out" "$TMP/feb-zh.txt"
# shellcheck disable=SC2086 # the figures, one a word
numbers_are "every number of the Chinese brief is the json's figure it names" \
	"$TMP/feb.json" "$TMP/feb-zh.txt" $FEB
ok "[ \"\$(wc -l <'$TMP/feb-zh.txt')\" = 1 ]" "one paragraph: one line, ending with a newline"

run env PB_LANG=en pb-report summary --period 2026-02 -f brief
is_status 0 "PB_LANG=en summary -f brief"
is_file "$TMP/out" "$G/report-brief-en.txt" "February in English: the golden paragraph"
cp "$TMP/out" "$TMP/feb-en.txt"
# shellcheck disable=SC2086
numbers_are "every number of the English brief is the json's figure it names" \
	"$TMP/feb.json" "$TMP/feb-en.txt" $FEB
ok "[ \"\$(wc -l <'$TMP/feb-en.txt')\" = 1 ]" "one line in English too"

# The check itself: one figure wrong, or one too many, is caught.
sed 's/59人次/58人次/' "$TMP/feb-zh.txt" >"$TMP/wrong.txt"
# shellcheck disable=SC2086
ok "! perl '$TMP/numbers.pl' '$TMP/feb.json' '$TMP/wrong.txt' $FEB 2>/dev/null" "the number check catches 58 for 59 person-times"
sed 's/6万元/6.01万元/' "$TMP/feb-zh.txt" >"$TMP/wrong.txt"
# shellcheck disable=SC2086
ok "! perl '$TMP/numbers.pl' '$TMP/feb.json' '$TMP/wrong.txt' $FEB 2>/dev/null" "and 6.01万元 for 60,000 yuan"
sed 's/。$/，另有3项。/' "$TMP/feb-zh.txt" >"$TMP/wrong.txt"
# shellcheck disable=SC2086
ok "! perl '$TMP/numbers.pl' '$TMP/feb.json' '$TMP/wrong.txt' $FEB 2>/dev/null" "and a number that names no figure"

# The locale chooses the language when PB_LANG does not.
run env LC_ALL=zh_CN.UTF-8 pb-report summary --period 2026-02 -f brief
is_file "$TMP/out" "$G/report-brief-zh.txt" "a zh locale: Chinese"
run env PB_LANG=en LC_ALL=zh_CN.UTF-8 pb-report summary --period 2026-02 -f brief
is_file "$TMP/out" "$G/report-brief-en.txt" "PB_LANG=en beats the locale"
run pb-report summary --period 2026-02 -f brief
is_file "$TMP/out" "$G/report-brief-en.txt" "the C locale: English"
run env PB_FORMAT=brief PB_LANG=zh pb-report summary --period 2026-02
is_file "$TMP/out" "$G/report-brief-zh.txt" "PB_FORMAT=brief"
run env PB_LANG=zh pb-report summary --period 2026-02 -f brief -o "$TMP/brief.txt"
is_status 0 "-f brief -o FILE"
is_out_empty "nothing on stdout"
is_file "$TMP/brief.txt" "$G/report-brief-zh.txt" "the file holds the paragraph"

# ---- --no-compare ------------------------------------------------------------

run env PB_LANG=zh pb-report summary --period 2026-02 --no-compare -f brief
is_out "本月共开展共驻共建活动5次，其中联席会议1次、志愿服务1次、扶贫帮困2次、节庆联欢1次；参与单位4个、党员6人，共59人次，服务时长164小时；接受捐赠5笔，筹集资金6万元、实物折价4700元、大米和面粉9100斤、大米和面粉2袋；惠及群众140户、350人，帮助再就业15人。有效共建结对4对（其中1对长期未开展活动），新结对1对，结束结对1对；在册党员6人，已到社区报到5人，新报到1人；收到征询意见5条，已答复2条，按期答复1条，逾期未答复2条。" \
	"--no-compare: no change said"
cp "$TMP/out" "$TMP/nc-zh.txt"
pb-report summary --period 2026-02 --no-compare -f json >"$TMP/nc.json"
# shellcheck disable=SC2086 # one figure a word
NC=$(printf '%s\n' $FEB | grep -v '^+')
# shellcheck disable=SC2086
numbers_are "--no-compare: the numbers are the json's" "$TMP/nc.json" "$TMP/nc-zh.txt" $NC
run env PB_LANG=en pb-report summary --period 2026-02 --no-compare -f brief
is_out "This month 5 co-building events were held, by kind: joint meeting 1, volunteer service 1, poverty relief 2, festival 1; 4 units and 6 Party members took part, 59 person-times in all, with 164 volunteer hours; 5 contributions were received: 60,000 yuan in funds, 4,700 yuan in kind, 9,100 斤 of 大米和面粉, 2 袋 of 大米和面粉; 140 households and 350 people benefited, and 15 people were helped into work. Co-building pairs: 4 active (1 dormant), 1 new, 1 ended; Party members: 6 on the roll, 5 registered with a community, 1 newly registered; opinions: 5 received, 2 answered, 1 answered on time, 2 overdue." \
	"--no-compare in English"

# ---- the period's words, a decrease, a month with nothing --------------------
#
# March 2026: e9 alone (environment, M004 1.5 h): 1 event, February 5: 4
# fewer, 80%, said; 1 person-time (59: 58 fewer), 1.5 hours (164: 162.5
# fewer); no contributions nor beneficiaries: those clauses are left
# out; pairs 4 active, 2 dormant, none new or ended; 5 members (M006
# left), 4 registered, none new; no opinion received in March.
run env PB_LANG=zh pb-report summary --period 2026-03 -f brief
is_out "本月共开展共驻共建活动1次（比上月减少4次），其中环境共建1次；参与党员1人，共1人次（比上月减少58人次），服务时长1.5小时（比上月减少162.5小时）。有效共建结对4对（其中2对长期未开展活动）；在册党员5人，已到社区报到4人。" \
	"March: decreases said, empty clauses and zero figures left out"
cp "$TMP/out" "$TMP/mar.txt"
pb-report summary --period 2026-03 -f json >"$TMP/mar.json"
numbers_are "March: the numbers are the json's" "$TMP/mar.json" "$TMP/mar.txt" \
	events.total +events.total events.by_kind.environment participation.members \
	participation.person_times +participation.person_times \
	participation.volunteer_hours +participation.volunteer_hours \
	pairs.active pairs.dormant members.total members.registered
run env PB_LANG=en pb-report summary --period 2026-03 -f brief
is_out "This month 1 co-building event was held (down 4 from last month), by kind: environment 1; 1 Party member took part, 1 person-time in all (down 58 from last month), with 1.5 volunteer hours (down 162.5 from last month). Co-building pairs: 4 active (2 dormant); Party members: 5 on the roll, 4 registered with a community." \
	"March in English: one event, one member, singular"

# November 2025: no event; 4 pairs active, all dormant; 6 members, 4
# registered, M004 new.
run env PB_LANG=zh pb-report summary --period 2025-11 -f brief
is_out "本月未开展共驻共建活动。有效共建结对4对（其中4对长期未开展活动）；在册党员6人，已到社区报到4人，新报到1人。" \
	"a month without events says so in one sentence, then what stands"
run env PB_LANG=en pb-report summary --period 2025-11 -f brief
is_out "This month no co-building events were held. Co-building pairs: 4 active (4 dormant); Party members: 6 on the roll, 4 registered with a community, 1 newly registered." \
	"the same in English"

# The words for a quarter, a year, a half year and a range of days.
run env PB_LANG=zh pb-report summary --period 2026-Q1 -f brief
is_out_match "^本季度共开展共驻共建活动8次（比上季度增加7次），" "a quarter: 本季度, 比上季度"
is_out_match "筹集资金6万元（比上季度增加5\\.8万元）、实物折价1\\.27万元、" "58,000 yuan more: 5.8万元; 12,700 in kind: 1.27万元"
cp "$TMP/out" "$TMP/q1.txt"
pb-report summary --period 2026-Q1 -f json >"$TMP/q1.json"
numbers_are "the quarter: the numbers are the json's" "$TMP/q1.json" "$TMP/q1.txt" \
	events.total +events.total events.by_kind.meeting events.by_kind.service \
	events.by_kind.aid events.by_kind.environment events.by_kind.education \
	events.by_kind.festival participation.orgs participation.members \
	participation.person_times +participation.person_times \
	participation.volunteer_hours +participation.volunteer_hours \
	contributions.count contributions.cash_yuan +contributions.cash_yuan \
	contributions.in_kind_yuan contributions.goods.0.quantity \
	contributions.goods.1.quantity contributions.goods.2.quantity \
	beneficiaries.households +beneficiaries.households beneficiaries.persons \
	+beneficiaries.persons beneficiaries.jobs pairs.active pairs.dormant \
	pairs.new pairs.ended members.total members.registered \
	members.new_registrations opinions.received opinions.answered \
	opinions.answered_on_time opinions.overdue
run env PB_LANG=en pb-report summary --period 2026-Q1 -f brief
is_out_match "^This quarter 8 co-building events were held \\(up 7 from last quarter\\)" "This quarter, last quarter"
is_out_match "60,000 yuan in funds \\(up 58,000 yuan from last quarter\\), 12,700 yuan in kind" "yuan with thousands separated"
run env PB_LANG=zh pb-report summary --period 2026 -f brief
is_out_match "^本年度共开展共驻共建活动8次（比上年度增加7次）" "a year: 本年度, 比上年度"
run env PB_LANG=en pb-report summary --period 2026 -f brief
is_out_match "^This year 8 co-building events were held \\(up 7 from last year\\)" "This year, last year"
run env PB_LANG=zh pb-report summary --period 2026-H1 -f brief
is_out_match "^本期共开展共驻共建活动8次（比上期增加7次）" "a half year: 本期, 比上期"
run env PB_LANG=en pb-report summary --period 2026-02-01..2026-02-28 -f brief
is_out_match "^In the period 5 co-building events were held \\(up 3 from the previous period\\)" "a range of days: In the period, the previous period"

# monthly, quarterly, annual: the last full month, quarter, year.
run env PB_TODAY=2026-03-05 PB_LANG=zh pb-report monthly -f brief
is_file "$TMP/out" "$G/report-brief-zh.txt" "monthly on 2026-03-05: February, the golden paragraph"
run env PB_TODAY=2026-04-05 PB_LANG=zh pb-report quarterly -f brief
is_file "$TMP/out" "$TMP/q1.txt" "quarterly on 2026-04-05: the first quarter"
run env PB_TODAY=2027-01-05 PB_LANG=en pb-report annual -f brief
is_out_match "^This year 8 co-building events were held" "annual on 2027-01-05: 2026"

# ---- money and the thresholds of a change, in a street of their own -----------
#
# One aid event a month from January to June 2025, each with a cash gift:
#   01  9,999.99  below 10,000: 9999.99元; from 0: said (any change from
#                 0 of 1,000 yuan or more)
#   02 10,000.00  1万元; 0.01 more: not said
#   03 12,345.67  1.23万元 (nearest 100 yuan); 2,345.67 more, 23%: said,
#                 in 元 (below 10,000)
#   04 10,050.00  1.01万元 (the half rounded up); 2,295.67 less, 18.6%:
#                 not said
#   05 10,049.99  1万元 (10,000 to the nearest 100); not said
#   06 35,000.00  3.5万元; 24,950.01 more: 2.5万元, said
# July: nothing at all. August: 15 joint meetings, one with 100 people x
# 12.5 hours (1,250 hours: 1,250 in English). September 18 (3 more, 20%
# exactly: said), October 20 (2 more: not said), November 24 (4 more,
# 20% exactly: said), December 28 (4 more, 16.7%: not said), January
# 2026 none (28 fewer: said).
PB_DB=$TMP/money.db
export PB_DB
pb-org -q add --code s --name 南湖街道党工委 --kind street
{
	echo "events:"
	m=1
	for v in 9999.99 10000 12345.67 10050 10049.99 35000; do
		cat <<-YAML
			  - ref: aid$m
			    date: 2025-0$m-10
			    kind: aid
			    title: 帮扶$m
			    org: s
			    contributions:
			      - from: s
			        type: cash
			        value: $v
		YAML
		m=$((m + 1))
	done
	for mn in 08:15 09:18 10:20 11:24 12:28; do
		mon=${mn%:*}
		i=1
		while [ "$i" -le "${mn#*:}" ]; do
			cat <<-YAML
				  - ref: m$mon-$i
				    date: 2025-$mon-$(printf %02d "$i")
				    kind: meeting
				    title: 联席会议$mon-$i
				    org: s
			YAML
			if [ "$mon$i" = 081 ]; then
				cat <<-YAML
					    participants:
					      - org: s
					        people: 100
					        hours: 12.5
				YAML
			fi
			i=$((i + 1))
		done
	done
} >"$TMP/money.yaml"
if ! pb-event -q import "$TMP/money.yaml"; then
	echo "Bail out! the money events do not import"
	exit 1
fi

# brief_is PERIOD ZH EN: both languages, and the numbers against the json.
brief_is() {
	_p=$1
	run env PB_LANG=zh pb-report summary --period "$_p" -f brief
	is_out "$2" "$_p in Chinese"
	run env PB_LANG=en pb-report summary --period "$_p" -f brief
	is_out "$3" "$_p in English"
}
brief_is 2025-01 "本月共开展共驻共建活动1次，其中扶贫帮困1次；接受捐赠1笔，筹集资金9999.99元（比上月增加9999.99元）。" \
	"This month 1 co-building event was held, by kind: poverty relief 1; 1 contribution was received: 9,999.99 yuan in funds (up 9,999.99 yuan from last month)."
brief_is 2025-02 "本月共开展共驻共建活动1次，其中扶贫帮困1次；接受捐赠1笔，筹集资金1万元。" \
	"This month 1 co-building event was held, by kind: poverty relief 1; 1 contribution was received: 10,000 yuan in funds."
brief_is 2025-03 "本月共开展共驻共建活动1次，其中扶贫帮困1次；接受捐赠1笔，筹集资金1.23万元（比上月增加2345.67元）。" \
	"This month 1 co-building event was held, by kind: poverty relief 1; 1 contribution was received: 12,345.67 yuan in funds (up 2,345.67 yuan from last month)."
brief_is 2025-04 "本月共开展共驻共建活动1次，其中扶贫帮困1次；接受捐赠1笔，筹集资金1.01万元。" \
	"This month 1 co-building event was held, by kind: poverty relief 1; 1 contribution was received: 10,050 yuan in funds."
brief_is 2025-05 "本月共开展共驻共建活动1次，其中扶贫帮困1次；接受捐赠1笔，筹集资金1万元。" \
	"This month 1 co-building event was held, by kind: poverty relief 1; 1 contribution was received: 10,049.99 yuan in funds."
brief_is 2025-06 "本月共开展共驻共建活动1次，其中扶贫帮困1次；接受捐赠1笔，筹集资金3.5万元（比上月增加2.5万元）。" \
	"This month 1 co-building event was held, by kind: poverty relief 1; 1 contribution was received: 35,000 yuan in funds (up 24,950.01 yuan from last month)."
for m in 01 03 06; do
	pb-report summary --period "2025-$m" -f json >"$TMP/m.json"
	for l in zh en; do
		PB_LANG=$l pb-report summary --period "2025-$m" -f brief >"$TMP/m.txt"
		numbers_are "2025-$m in $l: the numbers are the json's (万元 converted back)" \
			"$TMP/m.json" "$TMP/m.txt" events.total events.by_kind.aid \
			contributions.count contributions.cash_yuan +contributions.cash_yuan
	done
done
for m in 02 04 05; do
	pb-report summary --period "2025-$m" -f json >"$TMP/m.json"
	PB_LANG=zh pb-report summary --period "2025-$m" -f brief >"$TMP/m.txt"
	numbers_are "2025-$m: 1万元 or 1.01万元 is the json's cash to the nearest 100 yuan" \
		"$TMP/m.json" "$TMP/m.txt" events.total events.by_kind.aid \
		contributions.count contributions.cash_yuan
done
brief_is 2025-07 "本月未开展共驻共建活动。" "This month no co-building events were held."
brief_is 2025-08 "本月共开展共驻共建活动15次（比上月增加15次），其中联席会议15次；参与单位1个，共100人次（比上月增加100人次），服务时长1250小时（比上月增加1250小时）。" \
	"This month 15 co-building events were held (up 15 from last month), by kind: joint meeting 15; 1 unit took part, 100 person-times in all (up 100 from last month), with 1,250 volunteer hours (up 1,250 from last month)."
pb-report summary --period 2025-08 -f json >"$TMP/m.json"
PB_LANG=en pb-report summary --period 2025-08 -f brief >"$TMP/m.txt"
numbers_are "2025-08 in English: 1,250 is 1250" "$TMP/m.json" "$TMP/m.txt" \
	events.total +events.total events.by_kind.meeting participation.orgs \
	participation.person_times +participation.person_times \
	participation.volunteer_hours +participation.volunteer_hours
brief_is 2025-09 "本月共开展共驻共建活动18次（比上月增加3次），其中联席会议18次。" \
	"This month 18 co-building events were held (up 3 from last month), by kind: joint meeting 18."
brief_is 2025-10 "本月共开展共驻共建活动20次，其中联席会议20次。" \
	"This month 20 co-building events were held, by kind: joint meeting 20."
brief_is 2025-11 "本月共开展共驻共建活动24次（比上月增加4次），其中联席会议24次。" \
	"This month 24 co-building events were held (up 4 from last month), by kind: joint meeting 24."
brief_is 2025-12 "本月共开展共驻共建活动28次，其中联席会议28次。" \
	"This month 28 co-building events were held, by kind: joint meeting 28."
brief_is 2026-01 "本月未开展共驻共建活动（比上月减少28次）。" \
	"This month no co-building events were held (down 28 from last month)."
run env PB_LANG=zh pb-report summary --period 2026-01 --no-compare -f brief
is_out "本月未开展共驻共建活动。" "--no-compare: not the change either"
# The third quarter beside the second: 33 events (0 + 15 + 18) beside 3;
# no cash (the second quarter's 55,099.99 is not said).
brief_is 2025-Q3 "本季度共开展共驻共建活动33次（比上季度增加30次），其中联席会议33次；参与单位1个，共100人次（比上季度增加100人次），服务时长1250小时（比上季度增加1250小时）。" \
	"This quarter 33 co-building events were held (up 30 from last quarter), by kind: joint meeting 33; 1 unit took part, 100 person-times in all (up 100 from last quarter), with 1,250 volunteer hours (up 1,250 from last quarter)."
# A street with no records but itself: the one sentence.
PB_DB=$TMP/empty.db pb-org -q add --code e --name 北湖街道党工委 --kind street
run env PB_DB="$TMP/empty.db" PB_LANG=zh pb-report summary --period 2026-02 -f brief
is_status 0 "a database with nothing"
is_out "本月未开展共驻共建活动。" "nothing: one sentence"
PB_DB=$PB_DB_MAIN
export PB_DB

# ---- a district's roll-up ----------------------------------------------------------
#
# Two streets: the fixture's, and a copy renamed 西湖. Every figure
# doubles but the units, counted once by name (hn, fwd, wj: the same
# names in both), as the json says.
D=$TMP/district
mkdir -p "$D"
pb-db -q backup "$D/donghu.db"
pb-db -q backup "$D/xihu.db"
pb-org -q --db "$D/xihu.db" set jd --name 西湖街道党工委
pb-report summary --db "$D" --period 2026-02 -f json >"$TMP/d.json"
run env PB_LANG=zh pb-report summary --db "$D" --period 2026-02 -f brief
is_status 0 "summary --db DIR -f brief"
is_out "全区2个街道本月共开展共驻共建活动10次（比上月增加6次），其中联席会议2次、志愿服务2次、扶贫帮困4次、节庆联欢2次；参与单位5个、党员12人，共118人次（比上月增加52人次），服务时长328小时（比上月增加256小时）；接受捐赠10笔，筹集资金12万元（比上月增加12万元）、实物折价9400元、大米和面粉18200斤、大米和面粉4袋；惠及群众280户（比上月增加200户）、700人（比上月增加300人），帮助再就业30人。有效共建结对8对（其中2对长期未开展活动），新结对2对，结束结对2对；在册党员12人，已到社区报到10人，新报到2人；收到征询意见10条，已答复4条，按期答复2条，逾期未答复4条。" \
	"the district's figures, 全区2个街道"
cp "$TMP/out" "$TMP/d-zh.txt"
# shellcheck disable=SC2086
numbers_are "the district's brief: the numbers are the roll-up's json" \
	"$TMP/d.json" "$TMP/d-zh.txt" "#streets" $FEB
run env PB_LANG=en pb-report summary --db "$D" --period 2026-02 -f brief
is_out_match "^This month, across the 2 streets, 10 co-building events were held \\(up 6 from last month\\), by kind:" "the 2 streets in English"
cp "$TMP/out" "$TMP/d-en.txt"
# shellcheck disable=SC2086
numbers_are "and in English" "$TMP/d.json" "$TMP/d-en.txt" "#streets" $FEB
run env PB_LANG=zh pb-report summary --db "$D/donghu.db" --db "$TMP/none.db" --partial --period 2026-02 -f brief
is_status 0 "--partial: the sources read"
is_out_match "^全区1个街道（另有1个数据库未能读取）本月共开展共驻共建活动5次" "how many were left out is said"
cp "$TMP/out" "$TMP/p-zh.txt"
pb-report summary --db "$D/donghu.db" --db "$TMP/none.db" --partial --period 2026-02 -f json >"$TMP/p.json" 2>/dev/null
# shellcheck disable=SC2086
numbers_are "the partial roll-up: the numbers are its json's" \
	"$TMP/p.json" "$TMP/p-zh.txt" "#streets" "#rollup.failed" $FEB
run env PB_LANG=en pb-report summary --db "$D/donghu.db" --db "$TMP/none.db" --partial --period 2026-02 -f brief
is_out_match "^This month, across the 1 street that could be read \\(1 database left out\\), 5 co-building events" "and in English"
run env PB_LANG=zh pb-report summary --org jd --by street --period 2026-02 --no-compare -f brief
is_out_match "^全区1个街道本月共开展共驻共建活动5次，其中" "--by street: the streets under the org"

# ---- bad uses: 64, naming the reports that take it --------------------------------

for r in "pairs" "members" "review" "due" "overdue" "unit hn"; do
	# shellcheck disable=SC2086 # the report and its argument
	run pb-report $r -f brief -o "$TMP/bad.txt"
	is_status 64 "pb-report $r -f brief: 64"
	is_err_match "brief .*pb-report summary, monthly, quarterly and annual only" "the message names the four reports"
	ok "[ ! -e '$TMP/bad.txt' ] && [ ! -s '$TMP/out' ]" "nothing written"
done
run pb-report pairs --db "$D" -f brief
is_status 64 "a roll-up of pairs -f brief: 64"
for c in "pb-org list" "pb-member list" "pb-pair list" "pb-event list" "pb-db log" "pb-org show jd"; do
	# shellcheck disable=SC2086
	run $c -f brief
	is_status 64 "$c -f brief: 64"
done
run env PB_FORMAT=brief pb-member list
is_status 64 "PB_FORMAT=brief for a list: 64"
is_err_match "pb-report summary, monthly, quarterly and annual only" "naming where it is taken"
run pb-report --help
is_out_match "summaries also brief" "--help names brief"

done_testing
