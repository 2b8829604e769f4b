-- Schema step 1 on PostgreSQL: organizations, their office-holders, and
-- the audit trail; the same tables, columns, constraints and indexes as
-- ../sqlite/001-orgs.sql (tests/cli/t0640-schema-engines.sh compares
-- them).  Ids are identity columns; every integer is BIGINT (money in
-- fen passes 32 bits at 21 million yuan); every text is COLLATE "C", so
-- that ORDER BY sorts by bytes as SQLite's BINARY does.
-- Dates are ISO-8601 text (YYYY-MM-DD); money is integer fen.
--
-- THE CHANGE COUNTS of the audit trail (what SQLite's update hook counts
-- in store_sqlite.c).  Every table but audit has the triggers that
-- pb_track_table() below makes: after each statement that changed rows,
-- pb_track() appends one row (table, rows inserted, updated, deleted) to
-- the session's temporary table pb_changes, when it exists; without it
-- (psql, another client) they count nothing and writes work as ever.
-- store_pg creates it once per connection, before its first write
-- transaction and outside it (a CREATE in a transaction that rolls back
-- is undone with it; IF NOT EXISTS raises a NOTICE when it is there):
--
--   CREATE TEMP TABLE IF NOT EXISTS pb_changes (seq serial,
--       tbl text NOT NULL, ins bigint NOT NULL, upd bigint NOT NULL,
--       del bigint NOT NULL) ON COMMIT DELETE ROWS
--
-- and reads the counts, in the order the transaction first changed each
-- table, just before it writes the audit row and commits:
--
--   SELECT tbl, sum(ins), sum(upd), sum(del) FROM pb_changes
--   GROUP BY tbl ORDER BY min(seq)
--
-- (sum() gives numeric: its text is the integer.)  ON COMMIT DELETE ROWS
-- empties it for the next transaction, a rollback undoes it, and so does
-- a rollback to a savepoint for that record's rows.  Rows are appended,
-- never updated: a row updated once per statement would grow a chain of
-- versions as long as the transaction, read at every statement (10,000
-- inserts took 5 s instead of 0.3 s).
--
-- An UPDATE of a row this transaction inserted is not counted: it is part
-- of its creation (an org's parent linked after a whole file was read).
-- Such rows have ids at or above the lowest id the transaction inserted
-- into that table, which pb_track() keeps in the transaction-local
-- setting pb.first_new_TABLE (undone, too, by a rollback to a savepoint).
--
-- THE IDS.  Before each INSERT statement, pb_ids_TABLE() sets the table's
-- identity sequence so that the next default id is max(id) + 1, as SQLite
-- gives a new rowid: so an insert that set ids (pb-db load) leaves no
-- collision behind, and ids come out as on SQLite although PostgreSQL
-- never gives a sequence value back (a failed insert, an ON CONFLICT, a
-- rolled-back transaction or savepoint, a deleted last row).  It reads
-- max(id) and the sequence, and calls setval only when they disagree.
-- Writers are serialised by store_pg's lock, so max(id) cannot move under
-- one.  It runs as the owner of the schema (SECURITY DEFINER, with a
-- fixed search_path): a role that may insert needs no right on the
-- sequences.

CREATE FUNCTION pb_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	k text := 'pb.first_new_' || TG_TABLE_NAME;
	lo bigint;
	n bigint;
	m bigint;
BEGIN
	IF to_regclass('pg_temp.pb_changes') IS NULL THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		SELECT count(*), min(id) INTO n, m FROM pb_new;
		IF n > 0 THEN
			lo := NULLIF(current_setting(k, true), '')::bigint;
			IF lo IS NULL OR m < lo THEN
				PERFORM set_config(k, m::text, true);
			END IF;
			INSERT INTO pg_temp.pb_changes (tbl, ins, upd, del)
			VALUES (TG_TABLE_NAME, n, 0, 0);
		END IF;
	ELSIF TG_OP = 'UPDATE' THEN
		lo := NULLIF(current_setting(k, true), '')::bigint;
		SELECT count(*), count(*) FILTER (WHERE lo IS NULL OR id < lo)
		INTO n, m FROM pb_new;
		IF n > 0 THEN
			INSERT INTO pg_temp.pb_changes (tbl, ins, upd, del)
			VALUES (TG_TABLE_NAME, 0, m, 0);
		END IF;
	ELSE
		SELECT count(*) INTO n FROM pb_old;
		IF n > 0 THEN
			INSERT INTO pg_temp.pb_changes (tbl, ins, upd, del)
			VALUES (TG_TABLE_NAME, 0, 0, n);
		END IF;
	END IF;
	RETURN NULL;
END
$$;

-- CALL pb_keep_ids('t'): the function pb_ids_t() and the trigger that
-- calls it before each INSERT statement on t.  Its queries name t and its
-- sequence (not built at each call: a statement planned once).
CREATE PROCEDURE pb_keep_ids(t text) LANGUAGE plpgsql AS $p$
DECLARE
	tbl text := format('%I.%I', current_schema(), t);
	seq text := pg_get_serial_sequence(format('%I.%I', current_schema(), t),
					   'id');
BEGIN
	EXECUTE format($f$
CREATE FUNCTION %I() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $b$
DECLARE
	m bigint;
	nxt bigint;
BEGIN
	SELECT COALESCE(max(id), 0) + 1 INTO m FROM %s;
	SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END
	INTO nxt FROM %s;
	IF nxt <> m THEN
		PERFORM setval(%L, m, false);
	END IF;
	RETURN NULL;
END
$b$
$f$, 'pb_ids_' || t, tbl, seq, seq);
	EXECUTE format('CREATE TRIGGER pb_ids BEFORE INSERT ON %I '
		       'FOR EACH STATEMENT EXECUTE FUNCTION %I()', t,
		       'pb_ids_' || t);
END
$p$;

-- CALL pb_track_table('t'): the ids of t kept as above, and its changes
-- counted; every step that creates a table (but audit) calls it.  A
-- trigger with transition tables has one event, hence one per event.
-- (Procedures: a step ends in a command, not in a SELECT's rows.)
CREATE PROCEDURE pb_track_table(t text) LANGUAGE plpgsql AS $$
BEGIN
	CALL pb_keep_ids(t);
	EXECUTE format('CREATE TRIGGER pb_ins AFTER INSERT ON %I '
		       'REFERENCING NEW TABLE AS pb_new '
		       'FOR EACH STATEMENT EXECUTE FUNCTION pb_track()', t);
	EXECUTE format('CREATE TRIGGER pb_upd AFTER UPDATE ON %I '
		       'REFERENCING NEW TABLE AS pb_new '
		       'FOR EACH STATEMENT EXECUTE FUNCTION pb_track()', t);
	EXECUTE format('CREATE TRIGGER pb_del AFTER DELETE ON %I '
		       'REFERENCING OLD TABLE AS pb_old '
		       'FOR EACH STATEMENT EXECUTE FUNCTION pb_track()', t);
END
$$;

CREATE TABLE orgs (
	id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	code TEXT COLLATE "C" NOT NULL UNIQUE,
	name TEXT COLLATE "C" NOT NULL,
	kind TEXT COLLATE "C" NOT NULL,
	parent_id BIGINT REFERENCES orgs(id),
	uscc TEXT COLLATE "C" UNIQUE,
	members BIGINT CHECK (members >= 0),
	address TEXT COLLATE "C",
	contact TEXT COLLATE "C",
	phone TEXT COLLATE "C",
	joined_on TEXT COLLATE "C",
	left_on TEXT COLLATE "C",
	note TEXT COLLATE "C"
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_name ON orgs(name);
CALL pb_track_table('orgs');

CREATE TABLE roles (
	id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	org_id BIGINT NOT NULL REFERENCES orgs(id),
	title TEXT COLLATE "C" NOT NULL,
	person TEXT COLLATE "C" NOT NULL,
	from_org_id BIGINT REFERENCES orgs(id),
	since TEXT COLLATE "C",
	until TEXT COLLATE "C",
	note TEXT COLLATE "C"
);
CREATE INDEX roles_org ON roles(org_id);
CREATE INDEX roles_from_org ON roles(from_org_id);
CALL pb_track_table('roles');

CREATE TABLE audit (
	id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	at TEXT COLLATE "C" NOT NULL,
	os_user TEXT COLLATE "C" NOT NULL,
	command TEXT COLLATE "C" NOT NULL,
	changes TEXT COLLATE "C" NOT NULL
);
-- Its ids as on SQLite too, but its row is not a change to count.
CALL pb_keep_ids('audit');
