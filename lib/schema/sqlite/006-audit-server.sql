-- Schema step 6: the audit trail records, beside the OS user and the
-- client's time, the database role and the server's time (UTC,
-- YYYY-MM-DDTHH:MM:SSZ).  A file has neither: both stay NULL on SQLite.
ALTER TABLE audit ADD COLUMN db_role TEXT;
ALTER TABLE audit ADD COLUMN server_at TEXT;
