#!/bin/sh
# The schema of each engine describes the same database: a SQLite file
# made by pb-db init, read with the sqlite3 shell (pragma table_info,
# index_list, foreign_key_list, the CHECKs of each CREATE TABLE), and a
# fresh PostgreSQL database given lib/schema/pg/*.sql in order by psql,
# read from information_schema and pg_catalog, come out as the same
# normalized description: tables; columns with their type class
# (integer/text), nullability and default; primary keys; unique
# constraints; CHECKs; foreign keys with their target, ON UPDATE/DELETE
# actions and deferral; indexes with their columns and uniqueness.  On
# PostgreSQL also: every integer is BIGINT, every text COLLATE "C", every
# id an identity (the totals_* tables have no id), every table but audit
# and the totals has the change-counting triggers, and they count as
# SQLite's update hook does and keep ids as
# SQLite gives them (psql, as store_pg will use them).
#
# The PostgreSQL half needs a server from tests/pg.sh (the suite's under
# make check-pg, else one of its own); without tests/pg.sh or a server it
# skips with the reason.  To try it against a server of your own, put
# that server's socket directory in PB_PG_HOST (role pb, trust), e.g.
#   PB_PG_HOST=/tmp/pgX.1234 PB_BIN=$PWD/bin prove --exec '' tests/cli/t0640-schema-engines.sh
# (tests/pg.sh is still needed for its functions).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

cd "$TMP" || exit 1

SCHEMA=$TESTS/../lib/schema
nsqlite=$(find "$SCHEMA/sqlite" -name '[0-9]*.sql' | wc -l)
npg=$(find "$SCHEMA/pg" -name '[0-9]*.sql' | wc -l)
is_value "$npg" "$nsqlite" "the same number of schema steps on both engines ($nsqlite)"
# steps DIR: the step numbers of the files in DIR.
steps() {
	for _f in "$1"/[0-9]*.sql; do
		_f=${_f##*/}
		echo "${_f%%-*}"
	done
}
is_value "$(steps "$SCHEMA/pg")" "$(steps "$SCHEMA/sqlite")" "numbered alike"

# norm_check: a CHECK expression on stdin, one per line, in a form both
# engines' texts reach: lower case, PostgreSQL's casts and `= ANY
# (ARRAY[...])` undone, no parentheses nor blanks.
norm_check() {
	tr '[:upper:]' '[:lower:]' | sed -e 's/::[a-z][a-z ]*[a-z]//g' \
		-e 's/ = any (array\[/ in (/g' -e 's/\])/)/g' |
		tr -d '() \t'
}

# norm_default: a column default, casts dropped.
norm_default() {
	sed -e 's/::[a-z][a-z ]*[a-z]//g'
}

# ---- SQLite ----------------------------------------------------------------

DB=$TMP/s.db
run pb-db --db "$DB" init
is_status 0 "pb-db init makes a SQLite database"

sqlite_describe() {
	sqlite3 -batch "$DB" "
SELECT 'table ' || name FROM sqlite_master
WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';
SELECT 'column ' || m.name || '.' || p.name || ' '
	|| CASE upper(p.type) WHEN 'INTEGER' THEN 'integer' WHEN 'TEXT' THEN 'text'
	   ELSE 'other(' || p.type || ')' END
	|| CASE WHEN p.\"notnull\" OR p.pk THEN ' not null' ELSE ' null' END
	|| ' default=' || COALESCE(p.dflt_value, '')
FROM sqlite_master m, pragma_table_info(m.name) p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\';
SELECT 'pk ' || t || '(' || group_concat(c, ',') || ')' FROM (
	SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
	WHERE m.type = 'table' AND p.pk > 0 ORDER BY m.name, p.pk)
GROUP BY t;
SELECT 'fk ' || t || '(' || group_concat(f, ',') || ') -> ' || rt || '('
	|| group_concat(rc, ',') || ') on update ' || upd || ' on delete ' || del
	|| CASE WHEN deferred THEN ' deferred' ELSE ' immediate' END FROM (
	SELECT m.name AS t, k.id AS id, k.\"from\" AS f, k.\"table\" AS rt,
		k.\"to\" AS rc, k.on_update AS upd, k.on_delete AS del,
		upper(m.sql) LIKE '%INITIALLY DEFERRED%' AS deferred
	FROM sqlite_master m, pragma_foreign_key_list(m.name) k
	WHERE m.type = 'table' ORDER BY m.name, k.id, k.seq)
GROUP BY t, id;
SELECT CASE WHEN origin = 'u' THEN 'unique ' || t || '(' || group_concat(c, ',') || ')'
	ELSE 'index ' || i || ' on ' || t || '(' || group_concat(c, ',') || ')'
	|| CASE WHEN u THEN ' unique' ELSE '' END END FROM (
	SELECT m.name AS t, l.name AS i, l.\"unique\" AS u, l.origin AS origin,
		x.name AS c
	FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) x
	WHERE m.type = 'table' AND l.origin IN ('c', 'u') ORDER BY m.name, l.name, x.seqno)
GROUP BY t, i;"
	# The CHECKs, from each CREATE TABLE: the text within the parentheses
	# after each CHECK.
	sqlite3 -batch "$DB" "SELECT name || ' ' || replace(replace(sql, char(10), ' '), char(9), ' ')
		FROM sqlite_master WHERE type = 'table'" |
		awk '{
			t = $1; s = substr($0, length(t) + 2); u = toupper(s)
			while ((p = index(u, "CHECK")) > 0) {
				s = substr(s, p + 5); u = substr(u, p + 5)
				q = index(s, "("); depth = 0; e = ""
				for (i = q; i <= length(s); i++) {
					ch = substr(s, i, 1)
					if (ch == "(") depth++
					if (ch == ")") depth--
					if (depth == 0) { e = substr(s, q + 1, i - q - 1); break }
				}
				print t "\t" e
				s = substr(s, i + 1); u = substr(u, i + 1)
			}
		}' | while IFS='	' read -r t e; do
		printf 'check %s %s\n' "$t" "$(printf '%s\n' "$e" | norm_check)"
	done
}

sqlite_describe | while IFS= read -r l; do
	case $l in
	column*) printf '%s\n' "$l" | norm_default ;;
	*) printf '%s\n' "$l" ;;
	esac
done | LC_ALL=C sort >sqlite.desc
ok "[ \$(grep -c '^table ' sqlite.desc) -ge 10 ]" \
	"SQLite: $(grep -c '^table ' sqlite.desc) tables, $(grep -c '^column ' sqlite.desc) columns, $(grep -c '^check ' sqlite.desc) checks, $(grep -c '^fk ' sqlite.desc) foreign keys, $(grep -c '^index ' sqlite.desc) indexes"
ok "grep -qx 'column audit.db_role text null default=' sqlite.desc" \
	"SQLite: the description reads the last step too (audit.db_role)"

# ---- PostgreSQL ----------------------------------------------------------------

# pg_server: a server by tests/pg.sh, or 1 with the reason in $why.
pg_server() {
	if [ ! -f "$TESTS/pg.sh" ]; then
		why="no tests/pg.sh (the PostgreSQL harness)"
		return 1
	fi
	# shellcheck source=tests/pg.sh disable=SC1091 # it may not be there
	. "$TESTS/pg.sh"
	for _f in pg_find pg_start pg_stop pg_newdb pg_psql; do
		command -v "$_f" >/dev/null 2>&1 || {
			why="tests/pg.sh has no $_f"
			return 1
		}
	done
	if [ -n "${PG_HOST:-}" ]; then
		: # lib.sh's server, under make check-pg
	elif [ -n "${PB_PG_HOST:-}" ]; then
		pg_find || {
			why=$PG_WHY
			return 1
		}
		PG_HOST=$PB_PG_HOST
		PG_DIR=
	elif pg_start; then
		_q=$(printf '%s' "$PG_DIR" | sed "s/'/'\\\\''/g")
		undo="$undo pg_stop '$_q';"
	else
		why=$PG_WHY
		[ -z "${PG_DIR:-}" ] || pg_stop "$PG_DIR"
		return 1
	fi
	pg_newdb schema || {
		why=$PG_WHY
		return 1
	}
}

if ! pg_server; then
	skip "PostgreSQL: $why"
	done_testing
fi

: >pg.log
for f in "$SCHEMA"/pg/[0-9]*.sql; do
	pg_psql "$PG_DBNAME" -f "$f" >>pg.log 2>&1 || echo "$f" >>pg.failed
done
ok "[ ! -e pg.failed ]" "PostgreSQL: every step of lib/schema/pg applies in order" ||
	diag_file pg.log

pg_describe() {
	pg_psql "$PG_DBNAME" <<-'EOF'
	SELECT 'table ' || table_name FROM information_schema.tables
	WHERE table_schema = current_schema() AND table_type = 'BASE TABLE';
	SELECT 'column ' || table_name || '.' || column_name || ' '
		|| CASE data_type WHEN 'bigint' THEN 'integer' WHEN 'text' THEN 'text'
		   ELSE 'other(' || data_type || ')' END
		|| CASE is_nullable WHEN 'NO' THEN ' not null' ELSE ' null' END
		|| ' default=' || COALESCE(column_default, '')
	FROM information_schema.columns WHERE table_schema = current_schema()
	AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE');
	SELECT CASE c.contype WHEN 'p' THEN 'pk ' ELSE 'unique ' END
		|| r.relname || '('
		|| (SELECT string_agg(a.attname, ',' ORDER BY k.n)
		    FROM unnest(c.conkey) WITH ORDINALITY AS k(att, n)
		    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att)
		|| ')'
	FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
	WHERE c.contype IN ('p', 'u') AND r.relnamespace = current_schema()::regnamespace;
	SELECT 'fk ' || r.relname || '('
		|| (SELECT string_agg(a.attname, ',' ORDER BY k.n)
		    FROM unnest(c.conkey) WITH ORDINALITY AS k(att, n)
		    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att)
		|| ') -> ' || f.relname || '('
		|| (SELECT string_agg(a.attname, ',' ORDER BY k.n)
		    FROM unnest(c.confkey) WITH ORDINALITY AS k(att, n)
		    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att)
		|| ') on update ' || CASE c.confupdtype WHEN 'a' THEN 'NO ACTION'
			WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
			WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END
		|| ' on delete ' || CASE c.confdeltype WHEN 'a' THEN 'NO ACTION'
			WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
			WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END
		|| CASE WHEN c.condeferred THEN ' deferred' ELSE ' immediate' END
	FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
	JOIN pg_class f ON f.oid = c.confrelid
	WHERE c.contype = 'f' AND r.relnamespace = current_schema()::regnamespace;
	SELECT 'index ' || ic.relname || ' on ' || r.relname || '('
		|| (SELECT string_agg(a.attname, ',' ORDER BY k.n)
		    FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(att, n)
		    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att)
		|| ')' || CASE WHEN i.indisunique THEN ' unique' ELSE '' END
	FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
	JOIN pg_class r ON r.oid = i.indrelid
	WHERE r.relnamespace = current_schema()::regnamespace
	AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
		AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u'));
	SELECT 'check ' || r.relname || E'\t'
		|| regexp_replace(pg_get_constraintdef(c.oid), '^CHECK \((.*)\)$', '\1')
	FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
	WHERE c.contype = 'c' AND r.relnamespace = current_schema()::regnamespace;
	EOF
}

pg_describe >pg.raw 2>pg.err || diag_file pg.err
while IFS= read -r l; do
	case $l in
	check*)
		_t=${l#check }
		_e=${_t#*	}
		_t=${_t%%	*}
		printf 'check %s %s\n' "$_t" "$(printf '%s\n' "$_e" | norm_check)"
		;;
	column*) printf '%s\n' "$l" | norm_default ;;
	*) printf '%s\n' "$l" ;;
	esac
done <pg.raw | LC_ALL=C sort >pg.desc

if diff -u sqlite.desc pg.desc >desc.diff; then
	pass "both engines: the same tables, columns, keys, checks, foreign keys and indexes ($(wc -l <pg.desc) lines)"
else
	fail "both engines: the same tables, columns, keys, checks, foreign keys and indexes"
	diag_file desc.diff
fi

# What PostgreSQL has beyond the shared description.
pg_psql "$PG_DBNAME" -c "SELECT table_name || '.' || column_name || ' ' || data_type
	FROM information_schema.columns WHERE table_schema = current_schema()
	AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
	AND data_type NOT IN ('bigint', 'text') ORDER BY 1" >pg.types
is_file_text pg.types "" "PostgreSQL: every column is BIGINT or TEXT"
pg_psql "$PG_DBNAME" -c "SELECT table_name || '.' || column_name || ' ' || COALESCE(collation_name, '(default)')
	FROM information_schema.columns WHERE table_schema = current_schema()
	AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
	AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C' ORDER BY 1" >pg.coll
is_file_text pg.coll "" "PostgreSQL: every text column is COLLATE \"C\""
pg_psql "$PG_DBNAME" -c "SELECT table_name FROM information_schema.tables t
	WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
	AND table_name NOT LIKE 'totals\\_%'
	AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
		WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
		AND c.column_name = 'id' AND c.is_identity = 'YES'
		AND c.identity_generation = 'BY DEFAULT')
	ORDER BY 1" >pg.ident
is_file_text pg.ident "" "PostgreSQL: every table's id is GENERATED BY DEFAULT AS IDENTITY (the totals have none: their key is org and month)"
pg_psql "$PG_DBNAME" -c "SELECT r.relname || ' ' || string_agg(g.tgname, ',' ORDER BY g.tgname)
	FROM pg_class r LEFT JOIN pg_trigger g ON g.tgrelid = r.oid AND NOT g.tgisinternal
	WHERE r.relkind = 'r' AND r.relnamespace = current_schema()::regnamespace
	AND r.relname NOT LIKE 'totals\\_%'
	GROUP BY r.relname ORDER BY 1" >pg.trig
sed -e '/^audit /d' -e '/ pb_del,pb_ids,pb_ins,pb_upd$/d' pg.trig >pg.trig.bad
is_file_text pg.trig.bad "" "PostgreSQL: every table but audit and the totals (which follow the records) has the change-counting triggers"
is_value "$(grep '^audit ' pg.trig)" "audit pb_ids" "PostgreSQL: audit has only the id trigger"

# The triggers at work, as store_pg uses them (the DDL and the query of
# lib/schema/pg/001-orgs.sql): the counts SQLite's update hook gives, ids
# as SQLite gives them, and nothing counted without pb_changes.
pg_psql "$PG_DBNAME" >pg.work 2>&1 <<-'EOF'
	\set ON_ERROR_STOP 0
	INSERT INTO orgs (code, name, kind) VALUES ('jd', 'JD', 'street'), ('sq1', 'SQ1', 'community');
	SELECT 'psql', to_regclass('pg_temp.pb_changes') IS NULL;
	CREATE TEMP TABLE IF NOT EXISTS pb_changes (seq serial,
	    tbl text NOT NULL, ins bigint NOT NULL, upd bigint NOT NULL,
	    del bigint NOT NULL) ON COMMIT DELETE ROWS;
	BEGIN;
	INSERT INTO orgs (code, name, kind) VALUES ('a', 'A', 'unit'), ('b', 'B', 'unit');
	UPDATE orgs SET parent_id = 1 WHERE code IN ('a', 'b');
	UPDATE orgs SET note = 'x' WHERE code IN ('jd', 'a');
	INSERT INTO members (name, category, org_id) VALUES ('m', 'retired', 2);
	INSERT INTO registrations (member_id, community_id, since) VALUES (1, 2, '2025-01-01');
	UPDATE registrations SET until = '2025-02-01';
	UPDATE orgs SET note = 'y' WHERE code = 'nothing';
	DELETE FROM registrations;
	INSERT INTO audit (at, os_user, command, changes) VALUES ('t', 'u', 'c', '');
	SAVEPOINT rec;
	INSERT INTO pairs (community_id, partner_id, kind, since) VALUES (2, 3, 'x', '2025-01-01');
	ROLLBACK TO SAVEPOINT rec;
	SELECT tbl, sum(ins), sum(upd), sum(del) FROM pb_changes
	GROUP BY tbl ORDER BY min(seq);
	COMMIT;
	SELECT 'emptied', count(*) FROM pb_changes;
	INSERT INTO orgs (id, code, name, kind) VALUES (100, 'e100', 'E', 'unit');
	INSERT INTO orgs (code, name, kind) VALUES ('d', 'D', 'unit') RETURNING 'after explicit ids', id;
	INSERT INTO orgs (code, name, kind) VALUES ('jd', 'dup', 'unit');
	INSERT INTO orgs (code, name, kind) VALUES ('jd', 'dup', 'unit') ON CONFLICT (code) DO NOTHING;
	INSERT INTO orgs (code, name, kind) VALUES ('e', 'E', 'unit') RETURNING 'after a failed insert and a conflict', id;
	DELETE FROM orgs WHERE id = 102;
	BEGIN;
	INSERT INTO orgs (code, name, kind) VALUES ('f', 'F', 'unit');
	ROLLBACK;
	INSERT INTO orgs (code, name, kind) VALUES ('g', 'G', 'unit') RETURNING 'after a deleted last row and a rollback', id;
	EOF
cat >pg.work.expected <<-'EOF'
	psql|t
	orgs|2|1|0
	members|1|0|0
	registrations|1|0|1
	emptied|0
	after explicit ids|101
	ERROR:  duplicate key value violates unique constraint "orgs_code_key"
	DETAIL:  Key (code)=(jd) already exists.
	after a failed insert and a conflict|102
	after a deleted last row and a rollback|102
	EOF
grep -v '^psql:' pg.work >pg.work.out
if cmp -s pg.work.expected pg.work.out; then
	pass "PostgreSQL: the triggers count changes and keep ids as SQLite does"
else
	fail "PostgreSQL: the triggers count changes and keep ids as SQLite does"
	diff -u pg.work.expected pg.work.out >pg.work.diff
	diag_file pg.work.diff
fi

done_testing
