-- The summary's databases (up to 10M events, 55M rows), loaded by the
-- sqlite3 shell: bench/import.sql's own statements without its pragmas
-- (bench/run.sh puts them where the line "-- import.sql" stands), so
-- that the rows are the reference's, with what makes a load of this
-- size fast around them: no journal and no sync (the file is built
-- under a temporary name and renamed when whole), a 1 GiB cache,
-- foreign keys not checked (the reference import checks gen's rows at
-- the import sizes, and bench/run.sh compares the 200k database with
-- pb-event import's), and the event tables' secondary indexes dropped
-- before the load and created again after it, by their own SQL as the
-- schema wrote it. The staging tables stay in memory, one at a time:
-- about 5 GB at 10M events. Run in the directory of bench/gen's CSV, on
-- a database pb-db init made and pb's imports filled with the orgs,
-- members and pairs. The totals are left to `pb-db rebuild`
-- (bench/run.sh).
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -1048576;
PRAGMA temp_store = MEMORY;
PRAGMA foreign_keys = OFF;
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
-- import.sql
.read load-indexes.sql
PRAGMA journal_mode = WAL;
