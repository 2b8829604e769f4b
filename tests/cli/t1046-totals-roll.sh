#!/bin/sh
# The members on the roll and registered with a community as of a day
# (totals_roll, schema step 11) against the records, as a property:
# random sequences of every write that changes a member's category,
# joined or left date, or a registration (add with and without a
# community, set of each field and their clearing, register, unregister,
# rm --force, pb-org rm --force of a community members are registered
# with, imports with registration histories, pb-db load --merge of an
# earlier dump, and commands that fail) are run from seeded generators;
# after each one pb-db check must find totals_roll equal to what its SQL
# recomputes from the raw rows, a failed command must have left the
# database as it was, and the summary's members, without --org, must be
# those PB_TOTALS=off counts from the raw rows.  Then figures worked out
# by hand, a wrong row seen by check and mended by rebuild, and a file
# of step 10 migrated.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

setup() {
	pb-org -q add --code jd --name 东湖街道党工委 --kind street
	pb-org -q add --code c1 --name 东湖社区党委 --kind community --parent jd
	pb-org -q add --code c2 --name 西湖社区党委 --kind community --parent jd
	pb-org -q add --code c3 --name 南湖社区党委 --kind community --parent jd
	for _m in 1 2 3; do
		pb-member -q add --ref "M$_m" --name "党员$_m" --category resident \
			--joined 2024-0$_m-15
	done
}

# gen SEED N: N commands, a line each, for sh to run.
gen() {
	awk -v seed="$1" -v n="$2" '
	function r(k) { return int(rand() * k) }
	function pick(s, a, k) { k = split(s, a, " "); return a[r(k) + 1] }
	# Days on month edges, now and then no date at all.
	function date() {
		return r(15) ? sprintf("%d-%02d-%s", 2024 + r(3), 1 + r(12),
			pick("01 01 15 28 30 31")) : "2025-02-30"
	}
	# A day after the last one this gave, mostly: registrations and
	# returns in order, as a history is kept.
	function later() {
		day += r(8) ? r(40) : -r(60)
		return sprintf("%d-%02d-%02d", 2023 + int(day / 336), 1 + int(day % 336 / 28), 1 + day % 28)
	}
	function cat() { return pick("resident retired in-service floating") }
	function member() { return "M" (r(12) ? 1 + r(made) : made + 1) }
	function community() { return r(10) ? pick("c1 c1 c2 c3") : "zz" }
	function yaml_member(t, k, j, d) {
		t = "  - ref: M" (r(3) ? 1 + r(made + 2) : ++made) "\\n    name: 党员\\n    category: " cat() "\\n"
		if (r(2)) t = t "    joined: \047" date() "\047\\n"
		if (r(3) == 0) t = t "    left: \047" date() "\047\\n"
		if (r(2)) {
			t = t "    registrations:\\n"
			k = 1 + r(3)
			for (j = 0; j < k; j++) {
				d = sprintf("%d-%02d-01", 2023 + j, 1 + r(12))
				t = t "      - community: " community() "\\n        since: \047" d "\047\\n"
				if (j < k - 1 || r(2))
					t = t "        until: \047" sprintf("%d-%02d-01", 2023 + j, 1 + r(12)) "\047\\n"
			}
		}
		return t
	}
	BEGIN {
		srand(seed)
		made = 3
		for (i = 1; i <= n; i++) {
			op = r(100)
			if (op < 18) {
				printf "pb-member -q add --ref M%d --name 党员 --category %s%s%s%s\n",
					++made, cat(),
					r(2) ? " --joined " date() : "",
					r(4) ? "" : " --left " date(),
					r(2) ? " --community " community() " --registered " later() : ""
			} else if (op < 40) {
				f = pick("category joined joined left left community registered")
				v = f == "category" ? cat() : f == "community" ? (r(4) ? community() " --registered " later() : "\"\"") : f == "registered" ? later() : (r(5) ? date() : "\"\"")
				printf "pb-member -q set %s --%s %s\n", member(), f, v
			} else if (op < 55) {
				printf "pb-member -q register %s --community %s --date %s\n",
					member(), community(), later()
			} else if (op < 65) {
				printf "pb-member -q unregister %s --date %s\n", member(), later()
			} else if (op < 70) {
				printf "pb-member -q rm %s --force\n", member()
			} else if (op < 74) {
				printf "pb-org -q rm %s --force\n", pick("c2 c3")
			} else if (op < 90) {
				t = "members:\\n"
				k = 1 + r(3)
				for (j = 0; j < k; j++)
					t = t yaml_member()
				printf "printf \047%s\047 >in.yaml && pb-member -q import in.yaml\n", t
			} else if (op < 95) {
				print "pb-db dump >dump.yaml"
			} else {
				print "[ -s dump.yaml ] && pb-db -q load --merge dump.yaml"
			}
		}
	}'
}

# members P: the summary's members of period P, and of the one before.
members() {
	pb-report summary --period "$1" -f json | awk '/"members": \{/,/\}/'
}

# run_seed SEED N: the seed's commands one by one, each followed by the
# checks; one line of TAP for the lot.
run_seed() {
	db_restore base
	rm -f dump.yaml
	gen "$1" "$2" >ops.sh
	_bad=0 _failed=0 _line=0 _rows=0
	while IFS= read -r _cmd; do
		_line=$((_line + 1))
		if ! totals_step "seed $1, line $_line" "$_cmd"; then
			_bad=$((_bad + 1))
			break
		fi
		_p=$(awk -v l="$_line" 'BEGIN { srand(l); printf "%d-%02d", 2023 + int(rand() * 5), 1 + int(rand() * 12) }')
		case $_line in
		*3) _p=${_p%-*} ;;
		*7) _p=$_p-10..$(echo "$_p" | cut -c1-4)-12-15 ;;
		esac
		members "$_p" >totals.out
		PB_TOTALS=off members "$_p" >raw.out
		if ! cmp -s totals.out raw.out || ! [ -s raw.out ]; then
			diag "seed $1, line $_line: $_cmd: members of $_p differ from the raw rows'"
			diag_file totals.out
			diag_file raw.out
			_bad=$((_bad + 1))
			break
		fi
		_r=$(db_query "SELECT count(*) FROM totals_roll WHERE what = 'registered'")
		[ "$_r" -gt "$_rows" ] && _rows=$_r
	done <ops.sh
	if [ "$_bad" = 0 ] && [ "$_rows" -gt 0 ]; then
		pass "seed $1: totals_roll equals the records after each of $2 writes, and the summary's members the raw rows' ($_failed failed, database untouched; up to $_rows registered rows)"
	else
		fail "seed $1: totals_roll equals the records after each of $2 writes ($_bad broken, up to $_rows registered rows)"
	fi
}

cd "$TMP" || exit 1
setup
db_save base
if [ "${PB_VALGRIND:-0}" = 1 ]; then
	# Each write is checked and its period summed twice: a few.
	run_seed 7 8
elif pg_mode; then
	run_seed 1 30
else
	for s in 1 2 3; do
		run_seed "$s" 70
	done
fi

# By hand: on the roll from 2020-01-10 to 2025-03-14 (left 2025-03-15),
# registered from 2024-05-01 until 2025-06-01, which the leaving cuts
# short; a second member, not known when joined, registered on a day
# before the first joined.
db_restore base
run pb-member -q rm M1 M2 M3
run pb-member -q add --ref A --name 甲 --category retired --joined 2020-01-10 \
	--left 2025-03-15 --community c1 --registered 2024-05-01
run pb-member -q unregister A --date 2025-06-01
run pb-member -q add --ref B --name 乙 --category veteran --community c2 \
	--registered 2019-12-31
# as_of P: total, registered, retired, veteran as of P, from the
# summary's first members map (the period's own).
as_of() {
	pb-report summary --period "2019-01-01..$1" -f json | awk -F': ' '
		/"members": \{/ { on++ } on == 1 && /"(total|registered|retired|veteran)"/ {
			sub(/,$/, "", $2); out = out (out == "" ? "" : " ") $2 }
		on == 1 && /^  \},?$/ { on++ } END { print out }'
}
is_value "$(as_of 2019-12-30) | $(as_of 2019-12-31) | $(as_of 2020-01-10) | $(as_of 2024-04-30) | $(as_of 2024-05-01) | $(as_of 2025-03-14) | $(as_of 2025-03-15)" \
	"1 0 0 1 | 1 1 0 1 | 2 1 1 1 | 2 1 1 1 | 2 2 1 1 | 2 2 1 1 | 1 1 0 1" \
	"members on the roll and registered as of each day, worked out by hand"
is_value "$(db_query "SELECT grain, day, what, category, n FROM totals_roll WHERE category = 'retired' ORDER BY grain, day, what")" \
	"d|2020-01-10|roll|retired|1
d|2024-05-01|registered|retired|1
d|2025-03-15|registered|retired|-1
d|2025-03-15|roll|retired|-1
m|2020-01|roll|retired|1
m|2024-05|registered|retired|1
m|2025-03|registered|retired|-1
m|2025-03|roll|retired|-1
y|2020|roll|retired|1
y|2024|registered|retired|1
y|2025|registered|retired|-1
y|2025|roll|retired|-1" "the retired member's rows: a day's change, its month's and its year's"
run pb-member -q set A --joined ""
is_value "$(db_query "SELECT day, n FROM totals_roll WHERE grain = 'y' AND what = 'roll' AND category = 'retired' ORDER BY day")" \
	"|1
2025|-1" "a joined date cleared: on the roll from a day not known ('')"
run pb-member -q set A --left 2019-01-01 --joined 2020-01-01
is_status 65 "left before joined: refused"
run pb-member -q set A --left 2020-01-01 --joined 2020-01-01
is_value "$(db_query "SELECT count(*) FROM totals_roll WHERE category = 'retired'")" \
	"0" "left the day joined: never on the roll, no registration counted, no row"

# A member's date written past pb that is no date: a write that must
# count the member says so, 65, and leaves the database as it was.
db_query "UPDATE members SET joined_on = '2025' WHERE ref = 'B'" >/dev/null
snapshot
run pb-member set B --phone 123
is_status 65 "a member whose joined date is no date: set refused, 65"
is_err "pb-member: error: the records hold '2025' where a date (YYYY-MM-DD) belongs, written past pb: correct it, then run 'pb-db rebuild'" \
	"the message names the value and what to do"
db_unchanged "the refused set left the database as it was"
# The length of a date but none: it once made a month 13 of its own.
db_query "UPDATE members SET joined_on = '2025-13-01' WHERE ref = 'B'" >/dev/null
snapshot
run pb-member set B --phone 123
is_status 65 "a member joined on 2025-13-01: set refused, 65"
is_err "pb-member: error: the records hold '2025-13-01' where a date (YYYY-MM-DD) belongs, written past pb: correct it, then run 'pb-db rebuild'" \
	"the message names the value and what to do"
db_unchanged "the refused set left the database as it was"
db_query "UPDATE members SET joined_on = NULL WHERE ref = 'B'" >/dev/null

# The check sees a wrong row and says which; rebuild mends it.
db_query "UPDATE totals_roll SET n = n + 1 WHERE grain = 'y' AND category = 'veteran' AND what = 'roll'" >/dev/null
run pb-db check
is_status 65 "check: a roll's row changed behind pb's back: exit 65"
is_err_match "^pb-db: monthly totals \(totals_roll\) for roll of veteran, changes of a day not known differ from the records \(pb-db rebuild recomputes them\)$" \
	"check: names the table, the count, the category and the day"
run pb-db rebuild
is_status 0 "rebuild: exit 0"
run pb-db check
is_status 0 "check after rebuild: exit 0"

# A file of step 10 with members and registrations: step 11 fills
# totals_roll from them.
if ! pg_mode; then
	for _f in "$TESTS"/../lib/schema/sqlite/0[01]?-*.sql; do
		case $_f in */01[1-9]-*) continue ;; esac
		cat "$_f"
	done >step10.sql
	cat >>step10.sql <<-'SQL'
		PRAGMA user_version = 10;
		PRAGMA application_id = 1885496418;
		INSERT INTO orgs (id, code, name, kind) VALUES (1, 'c1', 'C', 'community');
		INSERT INTO members (id, name, category, joined_on, left_on) VALUES
			(1, 'A', 'resident', '2020-02-02', NULL),
			(2, 'B', 'retired', NULL, '2024-07-01');
		INSERT INTO registrations (id, member_id, community_id, since, until)
			VALUES (1, 1, 1, '2019-05-05', '2021-01-01'),
			(2, 2, 1, '2024-01-01', NULL);
	SQL
	sqlite3 step10.db <step10.sql
	run pb-db --db step10.db check
	is_out "ok" "a file of step 10 with members: migrated, totals_roll equals the records"
	is_value "$(sqlite3 step10.db "SELECT grain, day, what, category, n FROM totals_roll ORDER BY grain, day, what, category")" \
		"d|2020-02-02|registered|resident|1
d|2020-02-02|roll|resident|1
d|2021-01-01|registered|resident|-1
d|2024-01-01|registered|retired|1
d|2024-07-01|registered|retired|-1
d|2024-07-01|roll|retired|-1
m|2020-02|registered|resident|1
m|2020-02|roll|resident|1
m|2021-01|registered|resident|-1
m|2024-01|registered|retired|1
m|2024-07|registered|retired|-1
m|2024-07|roll|retired|-1
y||roll|retired|1
y|2020|registered|resident|1
y|2020|roll|resident|1
y|2021|registered|resident|-1
y|2024|roll|retired|-1" "and its rows as worked out by hand (2024's registration, begun and ended in it, nets to no row)"
fi

done_testing
