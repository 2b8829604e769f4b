#!/bin/sh
# pb-event import as a load (issue 20): new events written straight with
# the ids the ordinary path would give them, the event tables' indexes
# deferred past 256 new events and made again at commit (or kept by a
# rollback), the ids an import created remembered for "duplicate" past
# the window kept in memory (and without a temporary directory), the
# totals equal to the raw rows, a re-import unchanged; an update between
# new events, an event that was there found after new ones, and an event
# named in other words found unchanged.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# The indexes of the event tables, with their definitions.
indexes() {
	if db_is_pg; then
		db_query "SELECT indexname || ' ' || indexdef FROM pg_indexes
			WHERE tablename IN ('events', 'participants', 'contributions')
			ORDER BY 1"
	else
		db_query "SELECT name || ' ' || COALESCE(sql, '') FROM sqlite_master
			WHERE type = 'index'
			AND tbl_name IN ('events', 'participants', 'contributions')
			ORDER BY 1"
	fi
}

# newdb NAME: PB_DB a new database of its own, with two orgs and a member.
newdb() {
	if pg_mode; then
		pg_newdb "t0435_$1" || {
			echo "Bail out! $PG_WHY"
			exit 1
		}
		PB_DB=$PG_URL
	else
		PB_DB=$TMP/$1.db
	fi
	pb-org -q add --code sq1 --name 东湖社区党委 --kind community
	pb-org -q add --code hn --name 华能公司党委 --kind enterprise
	pb-member -q add --ref M001 --name 张伟 --category retired
}

# Past the 256 new events that make an import a load, and past the
# 16384 ids kept in memory; under valgrind past the first only, and on
# PostgreSQL (which keeps its indexes, and takes its time) neither.
n=20000
if [ "${PB_VALGRIND:-0}" = 1 ]; then
	n=9000
elif pg_mode; then
	n=2000
fi
# Event i: an org row, a member row when i is odd, a cash contribution.
awk -v n="$n" 'BEGIN {
	print "events:"
	for (i = 1; i <= n; i++) {
		printf "  - ref: e%d\n    date: 2025-%02d-%02d\n    kind: service\n    title: 志愿服务 %d\n    org: sq1\n    participants:\n      - org: hn\n        people: 2\n        hours: 1.5\n", i, i % 12 + 1, i % 28 + 1, i
		if (i % 2)
			printf "      - member: M001\n        hours: 1\n"
		printf "    contributions:\n      - from: hn\n        type: cash\n        value: %d\n", i % 1000
	}
}' >"$TMP/load.yaml"

newdb load
indexes >"$TMP/indexes"
run pb-event import "$TMP/load.yaml"
is_status 0 "$n events loaded"
is_err "pb-event: $n created, 0 updated, 0 unchanged" "all created"
indexes >"$TMP/indexes.after"
is_file "$TMP/indexes.after" "$TMP/indexes" "the event tables' indexes as they were"
parts=$((n + (n + 1) / 2))
ok "[ \"\$(db_query 'SELECT count(*), min(id), max(id) FROM events')\" = '$n|1|$n' ]" \
	"events 1..$n"
ok "[ \"\$(db_query \"SELECT count(*) FROM events WHERE ref = 'e' || id\")\" = $n ]" \
	"each with the id of its place in the file"
ok "[ \"\$(db_query 'SELECT count(*), min(id), max(id) FROM participants')\" = '$parts|1|$parts' ]" \
	"participants 1..$parts"
ok "[ \"\$(db_query 'SELECT count(*) FROM participants p JOIN participants q ON q.id = p.id + 1 WHERE q.event_id < p.event_id')\" = 0 ]" \
	"in the order of their events"
ok "[ \"\$(db_query 'SELECT count(*), max(id), sum(value_fen) FROM contributions')\" = '$n|$n|$(awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) s += (i % 1000) * 100; print s }')' ]" \
	"contributions 1..$n, each its value in fen"
run pb-db check
is_status 0 "pb-db check: the records and the totals agree"
run pb-report summary --period 2025-03 -f json
is_out_match '"total": '"$(awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) if (i % 12 + 1 == 3) c++; print c }')"',' \
	"the month's summary counts them"
run pb-event import "$TMP/load.yaml"
is_err "pb-event: 0 created, 0 updated, $n unchanged" "a re-import changes nothing"

# The same event twice, the first far back: its line from where the ids
# created are kept, in the temporary directory or, without one, memory.
newdb dup
cp "$TMP/load.yaml" "$TMP/dup.yaml"
printf '  - ref: e2\n    date: 2025-03-03\n    kind: service\n    title: again\n    org: sq1\n' >>"$TMP/dup.yaml"
first=$(grep -n '^  - ref: e2$' "$TMP/load.yaml" | cut -d: -f1)
last=$(($(wc -l <"$TMP/load.yaml") + 1))
indexes >"$TMP/indexes"
snapshot
run pb-event import "$TMP/dup.yaml"
is_status 65 "the same ref again fails"
is_err "$TMP/dup.yaml:$last:1: error: duplicate ref 'e2' (first at line $first)
pb-event: nothing was written" "at its line, naming the first"
db_unchanged "nothing written"
indexes >"$TMP/indexes.after"
is_file "$TMP/indexes.after" "$TMP/indexes" "the indexes kept"
TMPDIR=$TMP/none run pb-event import "$TMP/dup.yaml"
is_err "$TMP/dup.yaml:$last:1: error: duplicate ref 'e2' (first at line $first)
pb-event: nothing was written" "the same without a temporary directory"

# A new event that breaks an event's own rules, among new ones the quick
# path holds: an end before its date, a title left out. The quick path
# checks them by the ordinary path's rules (pb_event_rules) and leaves
# the record to it, which says where; nothing is written.
newdb rules
cp "$TMP/load.yaml" "$TMP/rules.yaml"
printf '  - ref: r1\n    date: 2025-03-03\n    end: 2025-03-02\n    kind: service\n    title: 倒序\n    org: sq1\n' >>"$TMP/rules.yaml"
printf '  - ref: r2\n    date: 2025-03-04\n    kind: service\n    org: sq1\n' >>"$TMP/rules.yaml"
r1=$(grep -n '^  - ref: r1$' "$TMP/rules.yaml" | cut -d: -f1)
r2=$(grep -n '^  - ref: r2$' "$TMP/rules.yaml" | cut -d: -f1)
snapshot
run pb-event import "$TMP/rules.yaml"
is_status 65 "an event's own rules broken among new events: 65"
is_err "$TMP/rules.yaml:$r1:5: error: end 2025-03-02 is before date 2025-03-03
$TMP/rules.yaml:$r2:5: error: missing title
pb-event: nothing was written" "each at its record, in the ordinary path's words"
db_unchanged "nothing written"

# A load into a table that held a few events (300 new against 10), its
# last record bad: the indexes dropped for the load are there again and
# nothing is written.
newdb small
_i=1
while [ "$_i" -le 10 ]; do
	pb-event -q add --date 2025-01-01 --kind service --title "t$_i" --org sq1
	_i=$((_i + 1))
done
awk 'BEGIN {
	print "events:"
	for (i = 1; i <= 300; i++)
		printf "  - ref: s%d\n    date: 2025-02-%02d\n    kind: service\n    title: s%d\n    org: sq1\n", i, i % 28 + 1, i
	print "  - ref: bad\n    date: 2025-03-03\n    end: 2025-03-02\n    kind: service\n    title: bad\n    org: sq1"
}' >"$TMP/small.yaml"
bad=$(grep -n '^  - ref: bad$' "$TMP/small.yaml" | cut -d: -f1)
indexes >"$TMP/indexes"
snapshot
run pb-event import "$TMP/small.yaml"
is_status 65 "300 new events and a bad one into 10: 65"
is_err "$TMP/small.yaml:$bad:5: error: end 2025-03-02 is before date 2025-03-03
pb-event: nothing was written" "the bad record at its place"
db_unchanged "nothing written"
indexes >"$TMP/indexes.after"
is_file "$TMP/indexes.after" "$TMP/indexes" "the indexes as they were"

# A few events into events that began empty, fewer than make a load:
# the indexes as they were, and the totals right.
newdb few
indexes >"$TMP/indexes"
head -n 44 "$TMP/load.yaml" >"$TMP/few.yaml"
run pb-event import "$TMP/few.yaml"
is_err "pb-event: 3 created, 0 updated, 0 unchanged" "three events into none"
indexes >"$TMP/indexes.after"
is_file "$TMP/indexes.after" "$TMP/indexes" "the indexes as they were"
run pb-db check
is_status 0 "and the totals agree"

# New events take one above each table's highest id, as pb-event add
# does: the last event's id again once it is gone.
newdb ids
pb-event -q add --date 2025-01-01 --kind service --title a --org sq1
pb-event -q add --date 2025-01-02 --kind service --title b --org sq1
pb-event -q add --date 2025-01-03 --kind service --title c --org sq1
pb-event -q rm 3
cat >"$TMP/a.yaml" <<'YAML'
events:
  - ref: a1
    date: 2025-02-01
    kind: service
    title: a1
    org: sq1
    participants:
      - org: hn
        people: 3
YAML
run pb-event import "$TMP/a.yaml"
is_err "pb-event: 1 created, 0 updated, 0 unchanged" "one new event"
ok "[ \"\$(db_query \"SELECT id FROM events WHERE ref = 'a1'\")\" = 3 ]" "takes id 3 again"

# An update between new ones writes rows of its own: the next new
# event's rows come after them.
cat >"$TMP/b.yaml" <<'YAML'
events:
  - ref: a2
    date: 2025-02-02
    kind: service
    title: a2
    org: sq1
    participants:
      - org: hn
        people: 2
      - member: M001
  - ref: a1
    participants:
      - org: hn
        people: 4
      - member: M001
        hours: 2
  - ref: a3
    date: 2025-02-03
    kind: service
    title: a3
    org: sq1
    participants:
      - member: M001
YAML
run pb-event import "$TMP/b.yaml"
is_err "pb-event: 2 created, 1 updated, 0 unchanged" "two new, one updated"
is_value "$(db_query "SELECT e.ref || ' ' || p.id || ' ' || p.people FROM participants p JOIN events e ON e.id = p.event_id ORDER BY p.id" | tr '\n' ' ')" \
	"a2 2 2 a2 3 1 a1 4 4 a1 5 1 a3 6 1 " "the rows in the order written"
run pb-db check
is_status 0 "and the totals agree"

# The organizer by name, the member by id, hours written longer: the
# same event.
cat >"$TMP/c.yaml" <<'YAML'
events:
  - ref: a1
    org: 东湖社区党委
    participants:
      - org: hn
        people: 4
        hours: 0.000
      - member: 1
        hours: 2.0
YAML
run pb-event import "$TMP/c.yaml"
is_err "pb-event: 0 created, 0 updated, 1 unchanged" "named in other words: unchanged"

# An event larger than what is held for writing many at once (128 KB of
# text) goes the ordinary way, between new events that do not.
awk 'BEGIN {
	item = sprintf("%0100d", 0)
	print "events:"
	print "  - ref: s1\n    date: 2025-04-01\n    kind: aid\n    title: s1\n    org: sq1"
	print "  - ref: big\n    date: 2025-04-02\n    kind: aid\n    title: big\n    org: sq1\n    contributions:"
	for (i = 1; i <= 2000; i++)
		printf "      - from: hn\n        type: goods\n        item: %s\n        quantity: 1\n        unit: kg\n", item
	print "  - ref: s2\n    date: 2025-04-03\n    kind: aid\n    title: s2\n    org: sq1"
}' >"$TMP/big.yaml"
run pb-event import "$TMP/big.yaml"
is_err "pb-event: 3 created, 0 updated, 0 unchanged" "an event of 2000 contributions among small ones"
is_value "$(db_query "SELECT e.ref || ' ' || e.id || ' ' || count(c.id) FROM events e LEFT JOIN contributions c ON c.event_id = e.id WHERE e.ref IN ('s1', 'big', 's2') GROUP BY e.ref, e.id ORDER BY e.id" | tr '\n' ' ')" \
	"s1 6 0 big 7 2000 s2 8 0 " "each with its id and rows"
run pb-db check
is_status 0 "the totals agree"
run pb-event import "$TMP/big.yaml"
is_err "pb-event: 0 created, 0 updated, 3 unchanged" "and a re-import changes nothing"

# An event that was there, after a new one the import holds to write:
# found, not made again.
cat >"$TMP/d.yaml" <<'YAML'
events:
  - ref: d1
    date: 2025-05-01
    kind: service
    title: d1
    org: sq1
  - ref: a2
    date: 2025-02-02
    kind: service
    title: a2
    org: sq1
YAML
run pb-event import "$TMP/d.yaml"
is_status 0 "a new event, then one that is there"
is_err "pb-event: 1 created, 0 updated, 1 unchanged" "the one there found unchanged"

done_testing
