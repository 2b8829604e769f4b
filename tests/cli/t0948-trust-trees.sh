#!/bin/sh
# Deep trees: a chain of organizations thousands deep, each the parent of
# the next, imports, walks, checks, dumps and loads on a small stack
# (pb-org tree used to recurse once per level and die of SIGSEGV); a
# cycle as long as the chain is refused by set and by import, named at
# FILE:LINE:COL; a database with such a cycle, made outside pb, is
# reported by check and walked by tree, event list and report without
# hanging; rm --force of a middle org leaves two trees.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# The old recursion died at about 4,000 levels on a 1 MB stack, and at
# 3,000 under valgrind (which gives no less than 1 MB): there, being
# slower, 4,000 levels.
if [ "${PB_VALGRIND:-0}" = 1 ]; then
	n=4000
else
	n=10000
fi
stack=1024
half=$((n / 2))

# chain N [FIRST-PARENT]: orgs o1..oN, each oI under oI-1, one member
# each; o1 under FIRST-PARENT when given (a cycle N long).
chain() {
	awk -v n="$1" -v top="${2:-}" 'BEGIN {
		print "orgs:"
		for (i = 1; i <= n; i++) {
			printf "  - code: o%d\n    name: O%d\n    kind: community\n    members: 1\n", i, i
			if (i > 1)
				printf "    parent: o%d\n", i - 1
			else if (top != "")
				printf "    parent: %s\n", top
		}
	}'
}

# run_small CMD...: run with the stack limited to $stack KB.
run_small() {
	run sh -c "ulimit -s $stack && exec \"\$@\"" sh "$@"
}

chain "$n" >"$TMP/chain.yaml"
run pb-org import "$TMP/chain.yaml"
is_status 0 "a chain $n deep imports"
is_err "pb-org: $n created, 0 updated, 0 unchanged" "every org created"

# ---- walks on a small stack -----------------------------------------------

run_small pb-org tree
is_status 0 "tree of the chain on a ${stack} KB stack"
is_value "$(wc -l <"$TMP/out") $(sed -n '1p;$p' "$TMP/out")" \
	"$n 0	o1	O1	community	1	$n
$((n - 1))	o$n	O$n	community	1	1" \
	"one line per org, the root first with the whole chain's members, the deepest last"
ok "[ \"\$(cut -f1 \"\$TMP/out\" | awk '\$1 != NR - 1' | wc -l)\" -eq 0 ]" \
	"the depths run 0 to $((n - 1)) in order"

run_small pb-org tree -f table
is_status 0 "the table of the chain on a ${stack} KB stack"
is_value "$(wc -l <"$TMP/out")" "$((n + 1))" "a header and a line per org"
ok "[ \"\$(grep -Ec '^ *[0-9]+  o[0-9]+ +O[0-9]+ ' \"\$TMP/out\")\" -eq $n ]" \
	"every line keeps its name (deep ones were cut to blanks)"
col=$(awk 'NR == 1 { print index($0, "Name") }' "$TMP/out")
is_value "$(cut -c"$col"- "$TMP/out" | sed -n '32,35p;$p' | sed 's/^\( *[^ ]*\).*/\1/; s/ /./g')" \
	"$(repeat . 60)O31
$(repeat . 62)O32
$(repeat . 64)O33
$(repeat . 64)O34
$(repeat . 64)O$n" "names indented two columns a level up to 32 levels, no further"

run_small pb-org tree "o$n"
is_status 0 "tree of the deepest org"
is_out "0	o$n	O$n	community	1	1" "the deepest org alone, at depth 0"

run_small pb-org tree "o$half"
is_value "$(wc -l <"$TMP/out") $(sed -n '$p' "$TMP/out")" \
	"$((n - half + 1)) $((n - half))	o$n	O$n	community	1	1" \
	"tree of a middle org: it and everything under it"

id=$(pb-event add --date 2026-10-10 --kind meeting --title 深处的会 --org "o$n")
run_small pb-event list --org o1
is_status 0 "event list --org the root"
is_out "$id		2026-10-10		meeting	深处的会	o$n	O$n							" \
	"finds the event of the deepest org"

run_small pb-report summary --org o1 --period 2026-10 --no-compare
is_status 0 "report --org the root"
ok "grep -qx 'events.total	1' \"\$TMP/out\"" "counts the event of the deepest org"

run_small pb-db check
is_status 0 "check of the chain"
is_out "ok" "no problem found"

# ---- dump and load ----------------------------------------------------------

run_small pb-db dump
is_status 0 "dump of the chain"
cp "$TMP/out" "$TMP/dump.yaml"
run_small pb-db --db "$TMP/copy.db" load "$TMP/dump.yaml"
is_status 0 "load of the chain into a new database"
run pb-db --db "$TMP/copy.db" dump
is_file "$TMP/out" "$TMP/dump.yaml" "dump, load, dump: identical"

# ---- cycles refused ---------------------------------------------------------

fails 65 "^pb-org: error: parent 'o$n' would make a cycle: it is 'o1' or under it\$" \
	"the root under the deepest org" pb-org set o1 --parent "o$n"

printf 'orgs:\n  - code: o1\n    name: O1\n    kind: community\n    parent: o%d\n' \
	"$n" >"$TMP/close.yaml"
snapshot
run pb-org import "$TMP/close.yaml"
is_status 65 "an import that closes the chain into a cycle"
is_err "$TMP/close.yaml:5:13: error: parent 'o$n' would make a cycle: it is 'o1' or under it
pb-org: nothing was written" "names the row, its parent and the org"
db_unchanged "the import that closes the chain changes nothing"

chain "$n" "o$n" >"$TMP/cycle.yaml"
PB_DB=$TMP/cycle.db
pb-db -q init
snapshot
run pb-org import "$TMP/cycle.yaml"
is_status 65 "a file that is a cycle $n long"
is_err "$TMP/cycle.yaml:$((5 * n + 1)):13: error: parent 'o$((n - 1))' would make a cycle: it is 'o$n' or under it
pb-org: nothing was written" "blames the last row of the cycle, at FILE:LINE:COL"
db_unchanged "nothing was written"

# A code given twice: its last row is the parent kept, so the cycle
# a -> c -> a is blamed on c, and a -> b, replaced, is no cycle.
cat >"$TMP/twice.yaml" <<'EOF'
orgs:
  - code: a
    name: A
    kind: other
    parent: b
  - code: b
    name: B
    kind: other
    parent: a
  - code: a
    parent: c
  - code: c
    name: C
    kind: other
    parent: a
EOF
snapshot
run pb-org import "$TMP/twice.yaml"
is_status 65 "a cycle through a code given twice"
is_err "$TMP/twice.yaml:10:1: error: duplicate code 'a' (first at line 2)
$TMP/twice.yaml:15:13: error: parent 'a' would make a cycle: it is 'c' or under it
pb-org: nothing was written" "blamed on the row that closed the cycle kept"
db_unchanged "a file with a code twice changes nothing"

# ---- a cycle made outside pb --------------------------------------------------

PB_DB=$TMP/broken.db
cp "$TMP/copy.db" "$PB_DB"
pb-event -q add --date 2026-10-10 --kind meeting --title 深处的会 --org "o$n"
sqlite3 "$PB_DB" "UPDATE orgs SET parent_id = (SELECT id FROM orgs WHERE code = 'o$n')
	WHERE code = 'o1'" || fail "sqlite3 made the cycle"
snapshot
run_small pb-db check
is_status 65 "check of a cycle $n long"
is_value "$(wc -l <"$TMP/err") $(sed -n '1p;$p' "$TMP/err")" \
	"$((n + 1)) pb-db: organization 'o1' is its own ancestor (a parent cycle)
pb-db: $n problems found" "every org of it named, and counted"
run_small pb-org tree
is_status 0 "tree with no top org left"
is_out_empty "shows nothing"
run_small pb-org tree o1
is_status 0 "tree from an org of the cycle ends"
is_value "$(wc -l <"$TMP/out") $(sed -n '$p' "$TMP/out")" \
	"$n $((n - 1))	o$n	O$n	community	1	1" "each org once"
run_small pb-event list --org o$half
is_status 0 "event list --org an org of the cycle ends"
is_out_match "	o$n	" "and finds the event"
run_small pb-report summary --org o1 --period 2026-10 --no-compare
is_status 0 "report --org an org of the cycle ends"
db_unchanged "none of them writes"

# ---- rm --force in the middle -----------------------------------------------

PB_DB=$PB_DB_MAIN
run pb-org rm --force "o$half"
is_status 0 "rm --force of a middle org"
is_err "pb-org: removed organization 'o$half'; detached 1 child org" \
	"says the org under it was detached"
run_small pb-org tree
is_value "$(wc -l <"$TMP/out") $(awk -F'	' '$1 == 0 { printf "%s:%s ", $2, $6 }' "$TMP/out")" \
	"$((n - 1)) o1:$((half - 1)) o$((half + 1)):$((n - half)) " \
	"two trees, each with its own members"
run pb-db check
is_status 0 "check after the rm"

done_testing
