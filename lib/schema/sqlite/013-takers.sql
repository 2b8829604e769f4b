-- Schema step 13: who took part in an org's events of a month, for the
-- distinct counts of a report with --org, as one row per org and month
-- that lists its members and its orgs ("id:n,id:n", ids ascending, n the
-- events at which each took part) instead of a row per member and per
-- org in totals_members and totals_orgs, which keep those of every org
-- (0) alone (issue 20: at 200k events these were 430,000 of the 900,000
-- rows an import wrote to the totals, 1.0 s of its 6.5).  lib/totals.c
-- adds to the lists as to the rest of the totals and checks them
-- against the records; a file's rows are made here from its records.
CREATE TABLE totals_takers (
	org_id INTEGER NOT NULL,
	month TEXT NOT NULL,
	members TEXT NOT NULL,
	orgs TEXT NOT NULL,
	PRIMARY KEY (org_id, month)
) WITHOUT ROWID;
DELETE FROM totals_members WHERE org_id <> 0;
DELETE FROM totals_orgs WHERE org_id <> 0;
INSERT INTO totals_takers (org_id, month, members, orgs)
SELECT org_id, month,
	COALESCE(group_concat(CASE WHEN id > 0 THEN id || ':' || n END, ','), ''),
	COALESCE(group_concat(CASE WHEN id < 0 THEN -id || ':' || n END, ','), '')
FROM (SELECT * FROM (
	SELECT e.org_id, substr(e.date, 1, 7) AS month, p.member_id AS id,
		count(*) AS n
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.member_id IS NOT NULL AND p.role <> 'awardee'
	GROUP BY e.org_id, substr(e.date, 1, 7), p.member_id
	UNION ALL
	SELECT e.org_id, substr(e.date, 1, 7), -p.org_id, count(*)
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.org_id IS NOT NULL AND p.role <> 'awardee'
	GROUP BY e.org_id, substr(e.date, 1, 7), p.org_id)
	ORDER BY org_id, month, abs(id))
GROUP BY org_id, month;
