-- Schema step 13 on PostgreSQL, as ../sqlite/013-takers.sql: who took
-- part as one row of totals_takers per org and month (and for every
-- org, 0, per year) that lists its members and its orgs ("id:n,id:n",
-- ids ascending), instead of totals_members and totals_orgs, which go.
CREATE TABLE totals_takers (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	members TEXT COLLATE "C" NOT NULL,
	orgs TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (org_id, month)
);
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
	COALESCE(string_agg(CASE WHEN id > 0 THEN id::text || ':' || n::text END,
		',' ORDER BY id), ''),
	COALESCE(string_agg(CASE WHEN id < 0 THEN (-id)::text || ':' || n::text END,
		',' ORDER BY -id), '')
FROM items
GROUP BY org, month;
