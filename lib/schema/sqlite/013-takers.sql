-- Schema step 13: who took part, for the distinct counts, as one row of
-- totals_takers per org and month that lists its members and its orgs
-- ("id:n,id:n", ids ascending, n the events at which each took part),
-- and for every org together (0) per month and per year (n there the
-- months), instead of a row per member and per org in totals_members
-- and totals_orgs, which go (issue 20: at 200k events these were
-- 633,000 of the 900,000 rows an import wrote to the totals, 1.5 s of
-- its 6.5).  totals_reach counts every org's lists.  lib/totals.c adds
-- to the lists as to the rest of the totals and checks them against the
-- records; a file's lists are made here from its records.
CREATE TABLE totals_takers (
	org_id INTEGER NOT NULL,
	month TEXT NOT NULL,
	members TEXT NOT NULL,
	orgs TEXT NOT NULL,
	PRIMARY KEY (org_id, month)
) WITHOUT ROWID;
DROP TABLE totals_members;
DROP TABLE totals_orgs;
INSERT INTO totals_takers (org_id, month, members, orgs)
WITH tp AS (
	SELECT e.org_id AS org, substr(e.date, 1, 7) AS month, p.member_id AS id
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.member_id IS NOT NULL AND p.role <> 'awardee'
	UNION ALL
	SELECT e.org_id, substr(e.date, 1, 7), -p.org_id
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.org_id IS NOT NULL AND p.role <> 'awardee'),
per AS (SELECT org, month, id, count(*) AS n FROM tp GROUP BY org, month, id),
items AS (
	SELECT org, month, id, n FROM per
	UNION ALL SELECT 0, month, id, sum(n) FROM per GROUP BY month, id
	UNION ALL SELECT 0, substr(month, 1, 4), id, count(*)
	FROM (SELECT DISTINCT month, id FROM per) d
	GROUP BY substr(month, 1, 4), id)
SELECT org, month,
	COALESCE(group_concat(CASE WHEN id > 0 THEN id || ':' || n END, ','), ''),
	COALESCE(group_concat(CASE WHEN id < 0 THEN -id || ':' || n END, ','), '')
FROM (SELECT * FROM items ORDER BY org, month, abs(id))
GROUP BY org, month;
