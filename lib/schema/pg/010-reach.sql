-- Schema step 10 on PostgreSQL, as ../sqlite/010-reach.sql: how many
-- members and how many orgs took part in the events of every org
-- (org_id 0), per month and per year, so that a report of a month or of
-- a year reads one row for its distinct counts (issue 20).
-- totals_members and totals_orgs gain, for org 0, a row per year (month
-- YYYY, n its months); the two sets are emptied here and filled again,
-- with this table, by the SQL in lib/totals.c.
DELETE FROM totals_members;
DELETE FROM totals_orgs;
CREATE TABLE totals_reach (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	members BIGINT NOT NULL,
	orgs BIGINT NOT NULL,
	PRIMARY KEY (org_id, month)
);
-- The pairs with events in a month (org 0, the pair's whole): the
-- summary's dormancy reads this range for the months inside its window
-- instead of probing each pair.
CREATE INDEX totals_pairs_seen ON totals_pairs(month, pair_id, org_id,
	events) WHERE org_id = 0 AND events > 0;
