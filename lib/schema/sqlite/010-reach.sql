-- Schema step 10: how many members and how many orgs took part, per org
-- and month and per org and year, so that a report of a month or of a
-- year reads one row for its distinct counts instead of every member who
-- took part (issue 20).  totals_members and totals_orgs gain a row per
-- year (month YYYY) beside those per month (YYYY-MM); a row here counts
-- their rows of its key (members, orgs).  Kept by lib/totals.c as the
-- tables of step 7 are; the two sets are emptied here and filled again,
-- with this table, by the SQL there right after this step.
DELETE FROM totals_members;
DELETE FROM totals_orgs;
CREATE TABLE totals_reach (
	org_id INTEGER NOT NULL,
	month TEXT NOT NULL,
	members INTEGER NOT NULL,
	orgs INTEGER NOT NULL,
	PRIMARY KEY (org_id, month)
) WITHOUT ROWID;
