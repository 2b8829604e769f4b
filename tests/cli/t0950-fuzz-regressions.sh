#!/bin/sh
# Every input a fuzz harness crashed on (fuzz/regressions/) and every
# seed of the fuzz corpora (fuzz/corpus/), replayed through the real
# commands: YAML through pb-db load, pb-org and pb-event import; CSV
# through pb-member import --csv as UTF-8 and as GB18030; dates and
# periods through --period and --as-of; money through --value.  Each
# ends with a status the SPEC names for what it is (0, or 64/65 for bad
# input) and no sanitizer report, and a failed import writes nothing.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

FUZZ=$(cd "$TESTS/../fuzz" && pwd) || exit 1

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
ev=$(pb-event add --ref e1 --date 2026-10-01 --kind service --title 植树 --org sq1)
snapshot

# replay DESC ALLOWED-STATUSES CMD...: one TAP line.
replay() {
	_what=$1
	_allowed=$2
	shift 2
	run "$@"
	case " $_allowed " in
	*" $status "*) _ok=1 ;;
	*) _ok=0 ;;
	esac
	if [ "$_ok" = 1 ] && ! grep -Eq 'Sanitizer|runtime error' "$TMP/err"; then
		pass "$_what: exit $status"
	else
		fail "$_what: exit $status (expected one of: $_allowed)"
		head -c 2000 "$TMP/err" >"$TMP/err.head"
		diag_file "$TMP/err.head"
	fi
}

# Inputs of a harness, regressions first; .keep files hold a directory.
inputs() {
	for _f in "$FUZZ/regressions/$1"/* "$FUZZ/corpus/$1"/*; do
		[ -f "$_f" ] && [ "${_f##*/}" != .keep ] && echo "$_f"
	done
}

for f in $(inputs fuzz_yaml); do
	n=${f#"$FUZZ"/}
	replay "$n: pb-db load --merge --dry-run" "0 65" pb-db load --merge --dry-run "$f"
	replay "$n: pb-org import --dry-run" "0 65" pb-org import --dry-run "$f"
	replay "$n: pb-event import" "0 65" pb-event import "$f"
	db_text >"$TMP/now"
	if [ "$status" = 0 ]; then
		pass "$n: imported"
		snapshot
	else
		is_file "$TMP/now" "$TMP/snapshot" "$n: a failed import writes nothing"
	fi
done

for f in $(inputs fuzz_csv); do
	n=${f#"$FUZZ"/}
	replay "$n: pb-member import --csv --dry-run" "0 65" \
		pb-member import --csv --dry-run "$f"
	replay "$n: the same as GB18030" "0 65" \
		pb-member import --csv --encoding gb18030 --dry-run "$f"
done

for f in $(inputs fuzz_member_csv); do
	n=${f#"$FUZZ"/}
	tail -c +2 "$f" >"$TMP/roster.csv"
	replay "$n: pb-member import --csv --dry-run" "0 65" \
		pb-member import --csv --dry-run "$TMP/roster.csv"
	replay "$n: the same as GB18030" "0 65" \
		pb-member import --csv --encoding gb18030 --dry-run "$TMP/roster.csv"
done
db_unchanged "the dry runs wrote nothing"

# A NUL byte cannot be passed in an argument: those inputs stop at it.
arg() {
	tr -d '\000' <"$1"
}

for f in $(inputs fuzz_date); do
	n=${f#"$FUZZ"/}
	replay "$n: pb-event list --period" "0 64" pb-event list --period "$(arg "$f")"
	replay "$n: pb-report summary --period" "0 64" \
		pb-report summary -f json --period "$(arg "$f")"
	replay "$n: pb-member list --as-of" "0 65" pb-member list --as-of "$(arg "$f")"
done

for f in $(inputs fuzz_money); do
	n=${f#"$FUZZ"/}
	replay "$n: pb-event give --value" "0 65" \
		pb-event give "$ev" --from hn --type cash --value "$(arg "$f")"
	replay "$n: pb-event attend --hours" "0 65" \
		pb-event attend "$ev" --org hn --hours "$(arg "$f")"
	# A fresh event each time, so one org may attend again.
	pb-event -q rm --force "$ev" 2>/dev/null
	ev=$(pb-event add --ref e1 --date 2026-10-01 --kind service --title 植树 --org sq1)
done

run pb-db check
is_status 0 "pb-db check passes after them all"
done_testing
