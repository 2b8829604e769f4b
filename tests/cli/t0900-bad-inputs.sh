#!/bin/sh
# The bad-input corpus (tests/bad/cases.tsv): every importer and every
# option that takes a value, fed malformed YAML, alias bombs, nesting
# 10,000 deep, invalid UTF-8, GBK without --encoding, NUL bytes, dates out
# of range, money overflow, unknown references, 201-character names, a
# 100 MB single line, an event with 10,001 participants, UTF-16, empty
# files and directories.  Each case: its exit status, its message,
# nothing on stdout, and the database file byte-identical afterwards
# (after a checkpoint of any WAL left behind).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-member -q add --ref M001 --name 张伟 --category in-service --unit hn \
	--community sq1 --registered 2022-01-01
pb-pair -q add --community sq1 --partner hn --kind enterprise --since 2021-01-01
pb-event -q add --ref e1 --date 2026-10-01 --kind service --title 植树 --org sq1 --pair 1
pb-event -q attend 1 --org hn --people 3 --hours 2
pb-event -q opinion add --from hn --text 意见 --received 2026-10-02

BAD=$TESTS/bad
GEN=$TMP/gen
NAME201=$(repeat 张 201)
export BAD GEN NAME201
mkdir "$GEN" || exit 1
# Generated, not committed: the deep ones are small but the long lines
# are 100 MB each.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; print "x" }' >"$GEN/deep.yaml"
awk 'BEGIN { printf "orgs: "; for (i = 0; i < 10000; i++) printf "[";
	for (i = 0; i < 10000; i++) printf "]"; print "" }' >"$GEN/deep-flow.yaml"
hundred_mb() {
	head -c 100000000 /dev/zero | tr '\0' a
}
{ printf 'orgs:\n  - code: x\n    name: '; hundred_mb; printf '\n    kind: other\n'; } \
	>"$GEN/long-line.yaml"
{ printf 'ref,name,category\nL1,'; hundred_mb; printf ',resident\n'; } \
	>"$GEN/long-line.csv"
# 10,000 orgs and an event that all of them attend, then one unknown
# participant on the very last line: the whole load is refused.
awk 'BEGIN { print "orgs:"
	for (i = 1; i <= 10000; i++)
		printf "  - code: u%d\n    name: U%d\n    kind: other\n", i, i
	print "events:\n  - ref: big\n    date: 2026-01-01\n    kind: meeting"
	print "    title: T\n    org: jd\n    participants:"
	for (i = 1; i <= 10000; i++) printf "      - org: u%d\n", i
	print "      - org: nosuch" }' >"$GEN/participants-10001.yaml"
# A parent cycle 10,001 long: 10,000 new orgs in a chain under jd, and jd
# put under the last of them.
awk 'BEGIN { print "orgs:"
	for (i = 1; i <= 10000; i++)
		printf "  - code: c%d\n    name: C%d\n    kind: other\n    parent: %s\n", i, i, i == 1 ? "jd" : "c" (i - 1)
	print "  - code: jd\n    parent: c10000" }' >"$GEN/deep-cycle.yaml"

# The database as it was (db_state: bytes, or pg_dump's text), its
# records but the audit trail's, and a copy to put back.
db_state "$TMP/base.db"
db_records >"$TMP/base.sql"
db_save base
snapshot

tab=$(printf '\t')
cases=0
while IFS=$tab read -r want rx cmd why <&3; do
	case $want in '' | '#'*) continue ;; esac
	cases=$((cases + 1))
	# Under valgrind one case in eight, to keep CI's time (all of them
	# with PB_VALGRIND_ALL=1); the whole corpus runs plain and under ASan
	# (make check SAN=1).
	vg_sample 8 || continue
	# An output named as the database file, its -wal or -shm: a file's
	# case (a server's database has no path to write over).
	# shellcheck disable=SC2016 # the command's text, not its value
	case $cmd in *'"$PB_DB'*) ! db_is_pg || continue ;; esac
	eval "run $cmd" </dev/null
	[ -z "$why" ] || todo "$why"
	is_status "$want" "$cmd: exit $want"
	[ -z "$why" ] || todo "$why"
	if [ ! -s "$TMP/out" ] && head -c 4096 "$TMP/err" | grep -Eq -- "$rx"; then
		pass "$cmd: message, nothing on stdout"
	else
		fail "$cmd: message, nothing on stdout"
		diag "stderr does not match /$rx/ or stdout is not empty:"
		head -c 2000 "$TMP/err" >"$TMP/err.head"
		diag_file "$TMP/err.head"
		head -c 2000 "$TMP/out" >"$TMP/out.head"
		diag_file "$TMP/out.head"
	fi
	db_state "$TMP/now.db"
	[ -z "$why" ] || todo "$why"
	if [ "$want" = 0 ]; then
		# An import that changes nothing still leaves its audit row.
		db_records >"$TMP/now.sql"
		is_file "$TMP/now.sql" "$TMP/base.sql" "$cmd: records unchanged"
	elif cmp -s "$TMP/now.db" "$TMP/base.db"; then
		pass "$cmd: database byte-identical"
	else
		fail "$cmd: database byte-identical"
	fi
	if ! cmp -s "$TMP/now.db" "$TMP/base.db"; then
		db_restore base
	fi
done 3<"$BAD/cases.tsv"

ok "[ $cases -ge 100 ]" "at least 100 bad inputs ($cases)"
db_unchanged "the whole database, audit trail included, as it was"
run pb-db check
is_status 0 "pb-db check passes after them all"
done_testing
