#!/bin/sh
# The enterprises with no active co-construction pair: every active
# organization of kind enterprise (企业) or private (非公企业) that is not
# the partner of a pair in force today, as CODE<TAB>NAME lines ordered by
# code; the ones to visit next.  A unit paired with a community on
# either side counts, an ended pair does not.
#
#   no-active-pair.sh              the database is pb's usual one
#
# PB_TODAY=YYYY-MM-DD asks "as of that day".  The exit status is the
# first failing pb command's.
set -u

tab=$(printf '\t')
paired=$(pb-pair list --active --fields community,partner -f tsv) || exit $?
orgs=$(pb-org list --kind enterprise --fields code,name -f tsv &&
	pb-org list --kind private --fields code,name -f tsv) || exit $?

printf '%s\n' "$orgs" | LC_ALL=C sort | while IFS=$tab read -r code name; do
	[ -n "$code" ] || continue
	case "
$paired
" in
	*"
$code$tab"* | *"$tab$code
"*) ;;
	*) printf '%s\t%s\n' "$code" "$name" ;;
	esac
done
