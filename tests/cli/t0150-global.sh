#!/bin/sh
# What every command shares: --help and --version, usage errors, the
# format from option, environment and config, the database path and its
# permissions, and the files pb refuses to touch.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

run pb-org --help
is_status 0 "pb-org --help exits 0"
is_out_match "^usage: pb-org " "usage on stdout"
ok "[ ! -s '$TMP/err' ]" "nothing on stderr"
for sub in add list show set rm tree import export role; do
	run pb-org "$sub" --help
	is_status 0 "pb-org $sub --help exits 0"
	is_out_match "^usage: pb-org $sub( |$)" "pb-org $sub --help: usage on stdout"
done
for sub in add list end; do
	run pb-org role "$sub" --help
	is_status 0 "pb-org role $sub --help exits 0"
	is_out_match "^usage: pb-org role $sub " "pb-org role $sub --help: usage on stdout"
done
run pb-org -h
is_status 0 "-h is --help"
no_db "--help creates no database"

run pb-org --version
is_status 0 "--version exits 0"
is_out_match "^pb-org [0-9]+\.[0-9]+\.[0-9]+ " "--version names the program and its version"
is_out_match "SQLite [0-9]+\.[0-9]+" "--version mentions SQLite's version"
is_out_match "libyaml [0-9]+\.[0-9]+" "--version mentions libyaml's version"

run pb-org
is_status 64 "no subcommand: 64"
is_out_empty "no subcommand: nothing on stdout"
is_err_match "^usage: pb-org" "no subcommand: usage on stderr"
run pb-org bogus
is_status 64 "unknown subcommand: 64"
is_err_match "^pb-org: error: unknown subcommand 'bogus'" "names the subcommand"
run pb-org --bogus list
is_status 64 "unknown global option: 64"
run pb-org -f bogus list
is_status 64 "-f bogus: 64"
is_err_match "unknown format 'bogus'" "names the format"
run pb-org list -f bogus
is_status 64 "-f bogus after the subcommand: 64"
no_db "usage errors create no database"

# A reading command on the default database before its first write:
# nothing, 0, no file.  (One named by --db, PB_DB or the config that is
# not there is 66: t0935.)
for cmd in "list" "tree" "role list" "list --all"; do
	# shellcheck disable=SC2086
	run env -u PB_DB pb-org $cmd
	is_status 0 "pb-org $cmd on the default database, missing, exits 0"
	is_out_empty "pb-org $cmd on the default database, missing, prints nothing"
done
run env -u PB_DB pb-org show jd
is_status 1 "show on the default database, missing: not found"
run env -u PB_DB pb-org export
is_status 0 "export of the default database, missing, exits 0"
ok "[ ! -e '$XDG_DATA_HOME' ]" "reading commands create no default database, nor its directory"
# (On PostgreSQL lib.sh made the test's database, empty: one that the
# server does not have is the missing one.)
if pg_mode; then
	PB_DB=$(pg_url "${PG_DBNAME}_missing") run pb-org list
else
	run pb-org list
fi
is_status 66 "pb-org list on PB_DB that does not exist: 66"
no_db "nor the named database"
if file_only "the database's directory"; then
	ok "[ ! -e '$TMP/db' ]" "nor its directory"
fi

# Creation: the file 0600, its directory 0700, whatever the umask.
umask 022
run pb-org add --code jd --name 东湖街道 --kind street
is_status 0 "the first write"
if file_only "the file's mode, application_id, WAL and user_version"; then
	ok "[ \"\$(stat -c %a '$PB_DB')\" = 600 ]" "the database is created mode 600"
	ok "[ \"\$(stat -c %a '$TMP/db')\" = 700 ]" "its directory is created mode 700"
	run sqlite3 "$PB_DB" "PRAGMA application_id; PRAGMA journal_mode"
	is_out "1885496418
wal" "the pb application_id and WAL mode"
	run sqlite3 "$PB_DB" "PRAGMA user_version"
	nsql=$(find "$TESTS/../lib/schema/sqlite" -name '*.sql' | wc -l)
	is_out "$nsql" "user_version is the number of schema steps"
fi

# The format: option, then PB_FORMAT, then config, then tsv (not a tty).
run env PB_FORMAT=json pb-org list --fields code
is_out '[
{"code":"jd"}
]' "PB_FORMAT=json"
run env PB_FORMAT=json pb-org -f csv list --fields code
printf 'code\r\njd\r\n' >"$TMP/want"
is_file "$TMP/out" "$TMP/want" "-f beats PB_FORMAT"
run env PB_FORMAT=bogus pb-org list
is_status 78 "PB_FORMAT unknown: 78"
printf 'format: jsonl\n' >"$TMP/fmt.yaml"
run env PB_CONFIG="$TMP/fmt.yaml" pb-org list --fields code
is_out '{"code":"jd"}' "config format:"
run env PB_CONFIG="$TMP/fmt.yaml" PB_FORMAT=yaml pb-org list --fields code
is_out '- code: jd' "PB_FORMAT beats config format:"

# The database: --db, then PB_DB, then config database:, then XDG.
printf 'database: %s\n' "$TMP/cfgdb/pb.db" >"$TMP/dbcfg.yaml"
run env -u PB_DB PB_CONFIG="$TMP/dbcfg.yaml" pb-org add --code c --name C --kind other
is_status 0 "write with config database:"
ok "[ -f '$TMP/cfgdb/pb.db' ]" "config database: names the file"
run env PB_CONFIG="$TMP/dbcfg.yaml" pb-org list --fields code
is_out "jd" "PB_DB beats config database:"
run env PB_CONFIG="$TMP/dbcfg.yaml" pb-org --db "$TMP/cfgdb/pb.db" list --fields code
is_out "c" "--db beats PB_DB"
run pb-org list --db "$TMP/cfgdb/pb.db" --fields code
is_out "c" "--db after the subcommand"
run env -u PB_DB pb-org add --code x --name X --kind other
is_status 0 "write with neither --db, PB_DB nor config"
ok "[ -f '$XDG_DATA_HOME/pb/pb.db' ]" "the database is \$XDG_DATA_HOME/pb/pb.db"
mkdir -p "$XDG_CONFIG_HOME/pb"
printf 'format: json\n' >"$XDG_CONFIG_HOME/pb/config.yaml"
run env -u PB_CONFIG pb-org list --fields code
is_out '[
{"code":"jd"}
]' "without PB_CONFIG, \$XDG_CONFIG_HOME/pb/config.yaml is read"
rm "$XDG_CONFIG_HOME/pb/config.yaml"

# Configuration errors: 78.
printf 'format: [json\n' >"$TMP/bad.yaml"
run env PB_CONFIG="$TMP/bad.yaml" pb-org list
is_status 78 "malformed config: 78"
is_err_match "bad.yaml:[0-9]+:[0-9]+: error" "the config error has its position"
printf 'colour: red\n' >"$TMP/bad.yaml"
run env PB_CONFIG="$TMP/bad.yaml" pb-org list
is_status 78 "unknown config key: 78"
is_err_match "unknown config key 'colour'" "names the key"
printf 'format: bogus\n' >"$TMP/bad.yaml"
run env PB_CONFIG="$TMP/bad.yaml" pb-org list
is_status 78 "config format: bogus is 78"
run env PB_CONFIG="$TMP/missing.yaml" pb-org list
is_status 78 "PB_CONFIG naming a missing file: 78"
run env PB_TODAY=2026-02-30 pb-org list
is_status 78 "PB_TODAY 2026-02-30: 78"
is_err_match "PB_TODAY" "names PB_TODAY"
run env PB_TODAY=yesterday pb-org list
is_status 78 "PB_TODAY not a date: 78"

# Files that are not pb databases are refused and left alone.
sqlite3 "$TMP/other.db" "CREATE TABLE x(a); INSERT INTO x VALUES (1)"
cp "$TMP/other.db" "$TMP/other.orig"
run pb-org --db "$TMP/other.db" list
is_status 69 "a non-pb SQLite file: 69 on read"
is_err_match "not a pb database" "says it is not a pb database"
run pb-org --db "$TMP/other.db" add --code a --name A --kind street
is_status 69 "a non-pb SQLite file: 69 on write"
run sqlite3 "$TMP/other.db" "SELECT name FROM sqlite_master"
is_out "x" "no pb tables were added to it"
is_file "$TMP/other.db" "$TMP/other.orig" "the foreign file is byte-for-byte unchanged"

printf 'just some text\n' >"$TMP/text.db"
run pb-org --db "$TMP/text.db" list
is_status 69 "a text file as database: 69"
is_err_match "not a pb database" "says it is not a pb database"
run pb-org --db "$TMP/text.db" add --code a --name A --kind street
is_status 69 "a text file as database: 69 on write"
is_file_text "$TMP/text.db" "just some text" "the text file is unchanged"

sqlite3 "$TMP/newer.db" "PRAGMA application_id=1885496418; PRAGMA user_version=99; CREATE TABLE future(a)"
run pb-org --db "$TMP/newer.db" list
is_status 69 "a database from a newer pb: 69"
is_err_match "newer pb" "says a newer pb wrote it"
run pb-org --db "$TMP/newer.db" add --code a --name A --kind street
is_status 69 "a newer database: 69 on write"
run sqlite3 "$TMP/newer.db" "PRAGMA user_version; SELECT name FROM sqlite_master"
is_out "99
future" "the newer database is not migrated"

mkdir "$TMP/dir.db"
run pb-org --db "$TMP/dir.db" add --code a --name A --kind street
is_status 73 "a directory as database: 73"

# Messages stay English under PB_LANG=zh; only tables change language.
run env PB_LANG=zh pb-org show nowhere
is_err "pb-org: error: unknown organization 'nowhere'" "PB_LANG=zh: messages stay English"
run env PB_LANG=zh pb-org list --fields code,kind
is_out "jd	street" "PB_LANG=zh: tsv shows keys"
run env PB_LANG=zh pb-org list -f table --fields code,kind
is_out "代码  类型
jd    街道党工委" "PB_LANG=zh: table shows Chinese headings and labels"
run env LANG=zh_CN.UTF-8 LC_ALL= pb-org list -f table --fields kind
is_out "类型
街道党工委" "a Chinese locale gives Chinese tables"
run env PB_LANG=en LANG=zh_CN.UTF-8 LC_ALL= pb-org list -f table --fields kind
is_out "Kind
Street Party working committee" "PB_LANG=en beats the locale"

done_testing
