# shellcheck shell=bash
# Bash completion for the pb-* commands: one function for all of them.
# It asks the command itself (the hidden first argument --complete-words,
# see pb(7)) for the candidates after the words typed so far, so the
# subcommands, options and values come from the tables the command
# parses with, and org codes from the database the command line names
# (--db, else $PB_DB, else the config).  When there is no candidate,
# bash completes file names (-o default): FILE, -o FILE, --db PATH.
#
# Installed as $(PREFIX)/share/bash-completion/completions/pb-org (and a
# link per command), where bash-completion finds it by the command's
# name; or source it from ~/.bashrc.

_pb_complete()
{
	local cur=${COMP_WORDS[COMP_CWORD]} n=$COMP_CWORD
	local -a before
	local cands

	# --kind=x arrives as "--kind" "=" "x": complete the value of --kind.
	if [[ $cur == = ]]; then
		cur=
	elif ((n >= 2)) && [[ ${COMP_WORDS[n - 1]} == = ]]; then
		((n--))
	fi
	before=("${COMP_WORDS[@]:1:n-1}")
	cands=$("${COMP_WORDS[0]}" --complete-words -- "${before[@]}" \
		2>/dev/null) || return 0
	# Options only when the word starts with a dash, as git does.
	if [[ $cur != -* ]]; then
		cands=$(printf '%s\n' "$cands" | grep -v '^-')
	fi
	local IFS=$'\n'
	# shellcheck disable=SC2207 # one candidate a line, IFS is a newline
	COMPREPLY=($(compgen -W "$cands" -- "$cur"))
}

complete -o default -F _pb_complete pb-org pb-member pb-pair pb-event \
	pb-report pb-db
