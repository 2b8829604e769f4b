-- The summary's databases (up to 10M events, 55M rows), loaded by the
-- sqlite3 shell as fast as it goes: they are the reports' data, not a
-- reference to race (that is bench/import.sql, with pb's pragmas). Run
-- in the directory of bench/gen's CSV, on a database pb-db init made and
-- pb's imports filled with the orgs, members and pairs. Compared with
-- import.sql: no journal and no sync while loading (the file is built
-- under a temporary name and renamed when whole), a 1 GiB cache, foreign
-- keys not checked (gen's rows are checked by the reference import at the
-- import sizes), and the event tables' secondary indexes dropped before
-- the load and created again after it, by their own SQL as the schema
-- wrote it. The totals are left to `pb-db rebuild` (bench/run.sh).
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576;
PRAGMA temp_store = MEMORY;
PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE ev_in (id, ref, date, end_date, kind, title, org_id,
	pair_id, place, households, persons, jobs, note);
CREATE TEMP TABLE pa_in (id, event_id, org_id, member_id, people,
	hours_milli, role, award);
CREATE TEMP TABLE co_in (id, event_id, from_org_id, from_member_id, type,
	value_fen, quantity_milli, unit, item);
-- The indexes' SQL, kept to files, then dropped.
.headers off
.mode list
.output load-indexes.sql
SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
	AND tbl_name IN ('events', 'participants', 'contributions');
.output load-drop.sql
SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index'
	AND sql IS NOT NULL AND tbl_name IN ('events', 'participants', 'contributions');
.output stdout
.read load-drop.sql
-- One table at a time, its staging table dropped after it: at 10M
-- events the three together would hold gigabytes in memory.
.mode csv
.import --skip 1 --schema temp events.csv ev_in
INSERT INTO events SELECT id, NULLIF(ref, ''), date, NULLIF(end_date, ''),
	kind, title, org_id, NULLIF(pair_id, ''), NULLIF(place, ''),
	NULLIF(households, ''), NULLIF(persons, ''), NULLIF(jobs, ''),
	NULLIF(note, '') FROM ev_in;
DROP TABLE ev_in;
.import --skip 1 --schema temp participants.csv pa_in
INSERT INTO participants SELECT id, event_id, NULLIF(org_id, ''),
	NULLIF(member_id, ''), people, hours_milli, role, NULLIF(award, '')
	FROM pa_in;
DROP TABLE pa_in;
.import --skip 1 --schema temp contributions.csv co_in
INSERT INTO contributions SELECT id, event_id, NULLIF(from_org_id, ''),
	NULLIF(from_member_id, ''), type, NULLIF(value_fen, ''),
	NULLIF(quantity_milli, ''), NULLIF(unit, ''), NULLIF(item, '')
	FROM co_in;
DROP TABLE co_in;
.read load-indexes.sql
PRAGMA journal_mode = WAL;
