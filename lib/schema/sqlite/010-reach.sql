-- Schema step 10: how many members and how many orgs took part in the
-- events of every org (org_id 0), per month and per year, so that a
-- report of a month or of a year without --org reads one row for its
-- distinct counts instead of every member who took part (issue 20).
-- totals_members and totals_orgs gain, for org 0, a row per year (month
-- YYYY, n the months of it in which the member or org took part) beside
-- those per month (YYYY-MM); a row here counts org 0's rows of its key
-- (members, orgs).  An org's own counts would serve no report: a scope
-- counts over its children too.  Kept by lib/totals.c as the tables of
-- step 7 are; the two sets are emptied here and filled again, with this
-- table, by the SQL there right after this step.
DELETE FROM totals_members;
DELETE FROM totals_orgs;
CREATE TABLE totals_reach (
	org_id INTEGER NOT NULL,
	month TEXT NOT NULL,
	members INTEGER NOT NULL,
	orgs INTEGER NOT NULL,
	PRIMARY KEY (org_id, month)
) WITHOUT ROWID;
-- The pairs with events in a month (org 0, the pair's whole): the
-- summary's dormancy reads this range for the months inside its window
-- instead of probing each pair.
CREATE INDEX totals_pairs_seen ON totals_pairs(month, pair_id, org_id,
	events) WHERE org_id = 0 AND events > 0;
