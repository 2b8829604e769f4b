-- Schema step 13 on PostgreSQL, as ../sqlite/013-takers.sql: who took
-- part in an org's events of a month as one row per org and month that
-- lists its members and its orgs ("id:n,id:n", ids ascending);
-- totals_members and totals_orgs keep the rows of every org (0) alone.
CREATE TABLE totals_takers (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	members TEXT COLLATE "C" NOT NULL,
	orgs TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (org_id, month)
);
DELETE FROM totals_members WHERE org_id <> 0;
DELETE FROM totals_orgs WHERE org_id <> 0;
INSERT INTO totals_takers (org_id, month, members, orgs)
SELECT org_id, month,
	COALESCE(string_agg(CASE WHEN id > 0 THEN id::text || ':' || n::text END,
		',' ORDER BY id), ''),
	COALESCE(string_agg(CASE WHEN id < 0 THEN (-id)::text || ':' || n::text END,
		',' ORDER BY -id), '')
FROM (
	SELECT e.org_id, substr(e.date, 1, 7) AS month, p.member_id AS id,
		count(*) AS n
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.member_id IS NOT NULL AND p.role <> 'awardee'
	GROUP BY e.org_id, substr(e.date, 1, 7), p.member_id
	UNION ALL
	SELECT e.org_id, substr(e.date, 1, 7), -p.org_id, count(*)
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.org_id IS NOT NULL AND p.role <> 'awardee'
	GROUP BY e.org_id, substr(e.date, 1, 7), p.org_id) x
GROUP BY org_id, month;
