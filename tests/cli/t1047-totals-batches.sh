#!/bin/sh
# The monthly totals written many rows a statement (lib/totals.c:
# write_rows) and the lists of who took part merged into those stored
# (write_takers): imports of enough events, of four kinds, that each
# table's deltas go in runs of 21 to 64 rows (as many as 256 values
# make), into months that hold no rows yet, months that hold some of
# them (a list added to), a re-import that changes nothing, an import
# that fails after many good records, and removals.  After each, pb-db
# check must find the totals equal to the records, and the distinct
# members and orgs of a month, read from every org's lists in
# totals_takers, must be those the files name, counted here by awk.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1
pb-org -q add --code jd --name 东湖街道党工委 --kind street
for _c in 1 2 3; do
	pb-org -q add --code "c$_c" --name "社区党委$_c" --kind community --parent jd
done
for _u in 1 2 3 4; do
	pb-org -q add --code "u$_u" --name "单位党支部$_u" --kind enterprise --parent jd
done
_m=1
while [ "$_m" -le 40 ]; do
	echo "  - {ref: M$_m, name: 党员$_m, category: resident}"
	_m=$((_m + 1))
done | { echo "members:"; cat; } >members.yaml
pb-member -q import members.yaml
pb-pair -q add --community c1 --partner u1 --kind enterprise --since 2024-01-01

# events FIRST N MONTH... : N events from ref E<FIRST>, spread over the
# months, each with 6 to 11 members, an org or two, and a gift of goods
# or cash; every fourth event of pair 1.
events() {
	awk -v first="$1" -v n="$2" -v months="$3" 'BEGIN {
		nm = split(months, mo, " ")
		split("service aid culture education", kinds, " ")
		print "events:"
		for (i = 0; i < n; i++) {
			e = first + i
			printf "  - ref: E%05d\n    date: %s-%02d\n", e, mo[i % nm + 1], i % 27 + 1
			printf "    kind: %s\n    title: 志愿服务 %d\n", kinds[int(e / 2) % 4 + 1], e
			printf "    org: c%d\n", e % 3 + 1
			if (e % 4 == 0)
				printf "    pair: 1\n"
			printf "    participants:\n"
			k = 6 + e % 6
			for (j = 0; j < k; j++)
				printf "      - {member: M%d, hours: 1.5}\n", (e * 7 + j) % 40 + 1
			printf "      - {org: u%d, people: %d, hours: 2}\n", e % 4 + 1, e % 5 + 1
			if (e % 2)
				printf "      - {org: c%d, people: 2}\n", (e + 1) % 3 + 1
			printf "    contributions:\n"
			if (e % 3)
				printf "      - {from: u%d, type: goods, item: 大米, quantity: %d, unit: 斤}\n", e % 4 + 1, e % 9 + 1
			else
				printf "      - {from: u%d, type: cash, value: %d}\n", e % 4 + 1, 100 + e
		}
	}'
}

# distinct WHAT MONTH FILE...: the members (M) or orgs (taking part as
# an org: u/c) the files' events of MONTH name, counted by hand.
distinct() {
	_what=$1
	_month=$2
	shift 2
	awk -v what="$_what" -v month="$_month" '
		/^  - ref:/ { inmonth = 0 }
		/^    date:/ { inmonth = substr($2, 1, 7) == month }
		inmonth && what == "M" && /member: M/ {
			sub(/.*member: /, ""); sub(/,.*/, ""); seen[$0] = 1 }
		inmonth && what == "O" && /- \{org: / {
			sub(/.*org: /, ""); sub(/,.*/, ""); seen[$0] = 1 }
		END { n = 0; for (k in seen) n++; print n }' "$@"
}

# list WHAT MONTH: every org's (0) list of members or orgs of the month
# in totals_takers, an id:n a line.
list() {
	db_query "SELECT $1 FROM totals_takers WHERE org_id = 0 AND month = '$2'" |
		tr ',' '\n' | sed '/^$/d'
}

# figures MONTH: the month's distinct members and orgs of every org (0)
# as the totals list them.
figures() {
	echo "$(list members "$1" | wc -l | tr -d ' ') $(list orgs "$1" | wc -l | tr -d ' ')"
}

events 1 48 "2025-01 2025-02" >a.yaml
events 100 48 "2025-02 2025-03" >b.yaml
events 200 40 "2025-04" >c.yaml
printf '  - {ref: E09999, date: 2025-04-30, kind: service, title: 坏, org: c1,\n     participants: [{member: M404}]}\n' >>c.yaml

run pb-event import a.yaml
is_status 0 "48 events into empty months: exit 0"
run pb-db check
is_out "ok" "their totals equal the records"
is_value "$(figures 2025-01)" "$(distinct M 2025-01 a.yaml) $(distinct O 2025-01 a.yaml)" \
	"2025-01: the distinct members and orgs the file names"

run pb-event import b.yaml
is_status 0 "48 more, half of them into 2025-02, which holds rows: exit 0"
run pb-db check
is_out "ok" "their totals equal the records"
is_value "$(figures 2025-02)" "$(distinct M 2025-02 a.yaml b.yaml) $(distinct O 2025-02 a.yaml b.yaml)" \
	"2025-02: the members and orgs of both files, each once"
is_value "$(figures 2025-03)" "$(distinct M 2025-03 b.yaml) $(distinct O 2025-03 b.yaml)" \
	"2025-03: the second file's"
is_value "$(list members 2025-02 | awk -F: '{ n += $2 } END { print n }')" \
	"$(db_query "SELECT count(*) FROM participants p JOIN events e ON e.id = p.event_id WHERE p.member_id IS NOT NULL AND e.date LIKE '2025-02-%'")" \
	"2025-02: each member's count is the rows that name it"

snapshot
run pb-event import a.yaml
is_status 0 "the first file again: exit 0"
is_err_match "48 unchanged" "every event unchanged"
run pb-db check
is_out "ok" "the totals still equal the records"

snapshot
run pb-event import c.yaml
is_status 65 "40 good events and a bad one: exit 65"
is_err_match "M404" "the bad reference named"
db_unchanged "nothing of the 40 written, totals included"
is_value "$(figures 2025-04)" "0 0" "2025-04 holds no totals"

# Bad values in a file long enough that the reading thread makes the
# records into fields ahead of the writes: a date half-way, a member's
# hours near the end; each said at its place, nothing written.
events 2000 1500 "2025-05 2025-06" >d.yaml
line_d=$(grep -n 'date: 2025-0' d.yaml | sed -n 700p | cut -d: -f1)
sed -i "${line_d}s/date: 2025-0[56]/date: 2025-13/" d.yaml
line_h=$(grep -n 'hours: 1.5' d.yaml | tail -n 1 | cut -d: -f1)
sed -i "${line_h}s/hours: 1.5/hours: x1/" d.yaml
col_h=$(sed -n "${line_h}p" d.yaml | awk '{ print index($0, "x1") }')
snapshot
run pb-event import d.yaml
is_status 65 "1500 events, two with bad values: exit 65"
is_err_match "^d\.yaml:$line_d:11: error: date: " "the bad date at its line and column"
is_err_match "^d\.yaml:$line_h:$col_h: error: hours: invalid number 'x1'" "the bad hours at their line and column"
db_unchanged "nothing of the 1498 good events written, totals included"

run pb-event rm "$(db_query "SELECT id FROM events WHERE ref = 'E00101'")" --force
is_status 0 "an event of 2025-03 removed"
run pb-db check
is_out "ok" "the totals equal the records after it"

run pb-db rebuild
is_status 0 "rebuild: exit 0"
is_value "$(figures 2025-02)" "$(distinct M 2025-02 a.yaml b.yaml) $(distinct O 2025-02 a.yaml b.yaml)" \
	"rebuild's 2025-02 is the one the imports wrote"

done_testing
