#!/bin/sh
# Completion: bash with completion/pb.bash sourced, COMPREPLY for what a
# user types before TAB; the candidates come from the commands' own
# tables (the hidden --complete-words) and org codes from the database,
# which --db on the command line chooses.  zsh's _pb where zsh is there.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

COMP=$TESTS/../completion
command -v bash >/dev/null 2>&1 || {
	echo "1..0 # SKIP no bash"
	exit 0
}

# complete WORD...: the words on the line, the last being the one under
# the cursor ('' for none); COMPREPLY, one a line, into $TMP/out.
complete_line() {
	run bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_pb_complete
		((${#COMPREPLY[@]} == 0)) || printf "%s\n" "${COMPREPLY[@]}"' \
		complete "$COMP/pb.bash" "$@"
}

pb-org add --code jd --name 东湖街道 --kind street >/dev/null
pb-org add --code dh --name 东湖社区 --kind community --parent jd >/dev/null
pb-org add --code yh --name 银行 --kind enterprise --parent jd \
	--left 2020-01-01 >/dev/null

complete_line pb-org ''
is_status 0 "pb-org <TAB>"
is_out "add
list
show
set
rm
tree
role
import
export" "pb-org <TAB>: the subcommands, no options"

complete_line pb-org --f
is_out "--format
--fields" "pb-org --f<TAB>: global options"

complete_line pb-org add --
is_out "--code
--name
--kind
--parent
--uscc
--members
--address
--contact
--phone
--joined
--left
--note
--db
--format
--fields
--header
--quiet
--output
--bom
--raw
--help
--version" "pb-org add --<TAB>: add's options, then the global ones"

complete_line pb-org add --kind ''
is_out "district
street
community
garrison
agency
institution
enterprise
private
school
social
team
other" "pb-org add --kind <TAB>: org kinds"

complete_line pb-org add -k e
is_out "enterprise" "pb-org add -k e<TAB>: the short option too"

complete_line pb-org add --kind = e
is_out "enterprise" "pb-org add --kind=e<TAB>"

complete_line pb-org list --kind enterprise --parent ''
is_out "dh
jd
yh" "pb-org list ... --parent <TAB>: org codes, the left ones too"

complete_line pb-org show ''
is_out "dh
jd
yh" "pb-org show <TAB>: org codes"

complete_line pb-org role ''
is_out "add
list
end" "pb-org role <TAB>: its verbs"

complete_line pb-org role add --t
is_out "--title" "pb-org role add --t<TAB>"

complete_line pb-event opinion ''
is_out "add
answer
list" "pb-event opinion <TAB>: its verbs"

complete_line pb-event add --kind ''
is_out "meeting
service
aid
environment
safety
culture
education
visit
festival
consultation
commendation
other" "pb-event add --kind <TAB>: event kinds"

complete_line pb-pair list --kind ''
is_out "enterprise
military
unit
school
aid
other" "pb-pair list --kind <TAB>: pair kinds"

complete_line pb-member add --category ''
is_out "resident
retired
in-service
floating
unemployed
veteran" "pb-member add --category <TAB>: categories"

complete_line pb-event give 1 --type ''
is_out "cash
goods
space
equipment
service" "pb-event give --type <TAB>: contribution types"

complete_line pb-event attend 1 --role ''
is_out "organizer
participant
awardee" "pb-event attend --role <TAB>: roles"

complete_line pb-report summary --org ''
is_out "dh
jd
yh" "pb-report summary --org <TAB>: org codes from the database"

complete_line pb-report summary --period last-
is_out "last-month
last-quarter
last-year" "pb-report summary --period last-<TAB>"

complete_line pb-org -f ''
is_out "table
tsv
csv
json
jsonl
yaml
xlsx" "pb-org -f <TAB>: formats"

complete_line pb-report monthly -f ''
is_out "table
tsv
csv
json
jsonl
yaml
md
html
brief
xlsx" "pb-report monthly -f <TAB>: the reports' formats too, and brief"

complete_line pb-report pairs -f ''
is_out "table
tsv
csv
json
jsonl
yaml
md
html
xlsx" "pb-report pairs -f <TAB>: no brief, which is the summaries' alone"

complete_line pb-report summary --by ''
is_out "street" "pb-report summary --by <TAB>: street, the one value"

complete_line pb-report summary --p
is_out "--period
--partial" "pb-report summary --p<TAB>: --partial beside --period"

complete_line pb-report unit --p
is_out "--period" "pb-report unit --p<TAB>: no --partial, a unit's sheet is one database's"

complete_line pb-org list --un
is_out "--unpaired" "pb-org list --un<TAB>: --unpaired"

complete_line pb-org list --no-meetings --period this-
is_out "this-month
this-quarter
this-year" "pb-org list --no-meetings --period this-<TAB>: the periods"

complete_line pb-member list --unr
is_out "--unregistered" "pb-member list --unr<TAB>: --unregistered"

pb-org --db "$TMP/other.db" add --code zz --name Z --kind other >/dev/null
complete_line pb-report --db "$TMP/other.db" unit ''
is_out "zz" "--db on the line chooses the database of the org codes"

complete_line pb-org --db "$TMP/none.db" show ''
is_out_empty "no database: no org codes, and none created"
ok "[ ! -e '$TMP/none.db' ]" "completion creates no database"

complete_line pb-org nosuch ''
is_out_empty "an unknown subcommand: nothing"

# The hidden option itself, and that it stays hidden.
run pb-org --complete-words role add
is_status 0 "--complete-words exits 0"
is_out_match '^--from-org$' "--complete-words role add lists role add's options"
run pb-org --help
is_status 0 "pb-org --help"
ok "! grep -q complete \"\$TMP/out\"" "--complete-words is not in --help"
snapshot
run pb-org --complete-words rm jd
db_unchanged "--complete-words runs nothing: rm jd removed nothing"

if command -v zsh >/dev/null 2>&1; then
	run zsh -n "$COMP/_pb"
	is_status 0 "_pb is valid zsh"
else
	pass "# SKIP no zsh"
fi
done_testing
