-- Schema step 10 on PostgreSQL, as ../sqlite/010-reach.sql: how many
-- members and how many orgs took part, per org and month and per org
-- and year, so that a report of a month or of a year reads one row for
-- its distinct counts (issue 20).  totals_members and totals_orgs gain a
-- row per year (month YYYY); the two sets are emptied here and filled
-- again, with this table, by the SQL in lib/totals.c.
DELETE FROM totals_members;
DELETE FROM totals_orgs;
CREATE TABLE totals_reach (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	members BIGINT NOT NULL,
	orgs BIGINT NOT NULL,
	PRIMARY KEY (org_id, month)
);
