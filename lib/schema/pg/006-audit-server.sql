-- Schema step 6 on PostgreSQL, as ../sqlite/006-audit-server.sql: the
-- audit trail records, beside the OS user and the client's time, the
-- database role and the server's time.  store_pg writes session_user
-- (not current_user: the role that logged in) and
-- to_char(clock_timestamp() AT TIME ZONE 'UTC',
-- 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), the time of the commit as `at` is.
ALTER TABLE audit ADD COLUMN db_role TEXT COLLATE "C",
	ADD COLUMN server_at TEXT COLLATE "C";
