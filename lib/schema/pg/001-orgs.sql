-- Schema step 1 on PostgreSQL: organizations, their office-holders, and
-- the audit trail; the same tables, columns, constraints and indexes as
-- ../sqlite/001-orgs.sql (tests/cli/t0640-schema-engines.sh compares
-- them).  Ids are identity columns; every integer is BIGINT (money in
-- fen passes 32 bits at 21 million yuan); every text is COLLATE "C", so
-- that ORDER BY sorts by bytes as SQLite's BINARY does.
-- Dates are ISO-8601 text (YYYY-MM-DD); money is integer fen.
--
-- The change counts of the audit trail (what SQLite's update hook counts
-- in store_sqlite.c): every table but audit has the triggers of
-- pb_track_table() below, which add up, per table, the rows inserted,
-- updated and deleted by the transaction into the session's temporary
-- table pb_changes when it exists (without it, as from psql, they count
-- nothing).  store_pg creates it, once per connection and outside any
-- transaction (a CREATE inside one that rolls back is undone; IF NOT
-- EXISTS raises a NOTICE when it is there: silence notices or create it
-- once):
--
--   CREATE TEMP TABLE IF NOT EXISTS pb_changes (seq serial,
--       tbl text PRIMARY KEY, ins bigint NOT NULL DEFAULT 0,
--       upd bigint NOT NULL DEFAULT 0, del bigint NOT NULL DEFAULT 0,
--       first_new bigint) ON COMMIT DELETE ROWS
--
-- and reads, just before it writes the audit row and commits:
--
--   SELECT tbl, ins, upd, del FROM pb_changes ORDER BY seq
--
-- (ON COMMIT DELETE ROWS empties it for the next transaction, a rollback
-- undoes it, and a rollback to a savepoint undoes that record's counts.)
-- An UPDATE of a row this transaction inserted is not counted: it is
-- part of its creation (an org's parent linked after a whole file was
-- read); such rows have ids at or above the lowest id the transaction
-- inserted into that table (first_new).  Tables come in the order the
-- transaction first changed them.
--
-- The same triggers keep each identity in step with the table: before
-- every INSERT statement the table's sequence is set so that the next
-- default id is max(id) + 1, as SQLite gives a new rowid.  So an insert
-- that set ids (pb-db load) leaves no collision behind, and ids come out
-- as on SQLite although PostgreSQL never gives a sequence value back (a
-- failed insert, an ON CONFLICT that updated, a rolled-back transaction
-- or savepoint, a deleted last row).  Writers are serialised by store_pg's
-- lock, so max(id) cannot move under them.  A role that writes but does
-- not own the tables needs UPDATE on their sequences for this (setval).

CREATE FUNCTION pb_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
	lo bigint;
BEGIN
	IF TG_WHEN = 'BEFORE' THEN
		-- BEFORE INSERT, per statement: the next default id is
		-- max(id) + 1.
		EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), '
			       'COALESCE(max(id), 0) + 1, false) FROM %I.%I',
			       quote_ident(TG_TABLE_SCHEMA) || '.' ||
			       quote_ident(TG_TABLE_NAME), 'id',
			       TG_TABLE_SCHEMA, TG_TABLE_NAME);
		RETURN NULL;
	END IF;
	IF to_regclass('pg_temp.pb_changes') IS NULL THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'INSERT' THEN
		SELECT count(*), min(id) INTO n, lo FROM pb_new;
		IF n > 0 THEN
			INSERT INTO pg_temp.pb_changes AS c (tbl, ins, first_new)
			VALUES (TG_TABLE_NAME, n, lo)
			ON CONFLICT (tbl) DO UPDATE
			SET ins = c.ins + n,
			    first_new = LEAST(c.first_new, lo);
		END IF;
	ELSIF TG_OP = 'UPDATE' THEN
		IF EXISTS (SELECT 1 FROM pb_new) THEN
			SELECT c.first_new INTO lo FROM pg_temp.pb_changes c
			WHERE c.tbl = TG_TABLE_NAME;
			SELECT count(*) INTO n FROM pb_new
			WHERE lo IS NULL OR id < lo;
			INSERT INTO pg_temp.pb_changes AS c (tbl, upd)
			VALUES (TG_TABLE_NAME, n)
			ON CONFLICT (tbl) DO UPDATE SET upd = c.upd + n;
		END IF;
	ELSIF TG_OP = 'DELETE' THEN
		SELECT count(*) INTO n FROM pb_old;
		IF n > 0 THEN
			INSERT INTO pg_temp.pb_changes AS c (tbl, del)
			VALUES (TG_TABLE_NAME, n)
			ON CONFLICT (tbl) DO UPDATE SET del = c.del + n;
		END IF;
	END IF;
	RETURN NULL;
END
$$;

-- CALL pb_track_table('t'): the triggers above on table t; every step
-- that creates a table (but audit) calls it.  A trigger with transition
-- tables has one event, hence one per event.  (A procedure: a step ends
-- in a command, not in a SELECT's rows.)
CREATE PROCEDURE pb_track_table(t text) LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('CREATE TRIGGER pb_ids BEFORE INSERT ON %I '
		       'FOR EACH STATEMENT EXECUTE FUNCTION pb_track()', t);
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
CREATE TRIGGER pb_ids BEFORE INSERT ON audit
	FOR EACH STATEMENT EXECUTE FUNCTION pb_track();
