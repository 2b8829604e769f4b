-- The sqlite3 shell's reference import: the same rows from CSV into the
-- same schema and indexes. The shell reads an empty field as '', not
-- NULL, so each CSV goes into a staging table in memory and one
-- INSERT ... SELECT per table turns '' into NULL, all in one
-- transaction, with pb's pragmas (foreign keys checked, 16 MiB cache).
-- A staging table is dropped once its rows are in. bench/load.sql runs
-- these same statements to build the summary's databases.
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -16384;
PRAGMA temp_store = MEMORY;
.mode csv
BEGIN;
CREATE TEMP TABLE ev_in (id, ref, date, end_date, kind, title, org_id,
	pair_id, place, households, persons, jobs, note);
.import --skip 1 --schema temp events.csv ev_in
INSERT INTO events SELECT id, NULLIF(ref, ''), date, NULLIF(end_date, ''),
	kind, title, org_id, NULLIF(pair_id, ''), NULLIF(place, ''),
	NULLIF(households, ''), NULLIF(persons, ''), NULLIF(jobs, ''),
	NULLIF(note, '') FROM ev_in;
DROP TABLE ev_in;
CREATE TEMP TABLE pa_in (id, event_id, org_id, member_id, people,
	hours_milli, role, award);
.import --skip 1 --schema temp participants.csv pa_in
INSERT INTO participants SELECT id, event_id, NULLIF(org_id, ''),
	NULLIF(member_id, ''), people, hours_milli, role, NULLIF(award, '')
	FROM pa_in;
DROP TABLE pa_in;
CREATE TEMP TABLE co_in (id, event_id, from_org_id, from_member_id, type,
	value_fen, quantity_milli, unit, item);
.import --skip 1 --schema temp contributions.csv co_in
INSERT INTO contributions SELECT id, event_id, NULLIF(from_org_id, ''),
	NULLIF(from_member_id, ''), type, NULLIF(value_fen, ''),
	NULLIF(quantity_milli, ''), NULLIF(unit, ''), NULLIF(item, '')
	FROM co_in;
DROP TABLE co_in;
COMMIT;
