-- Schema step 7 on PostgreSQL, as ../sqlite/007-totals.sql: per-month
-- totals, so that a report reads a few rows a month instead of every
-- event (issue 20).  Kept by lib/totals.c in the
-- same transaction as every write that changes them, as deltas computed
-- in C; the *_recomputed views give the same rows from the raw ones, for
-- this step's first fill, `pb-db check` and `pb-db rebuild`.
--
-- month is YYYY-MM of the event's date; org_id the organizer (the
-- event's org), or 0 for every org together (ids start at 1), which is
-- what a report without --org reads.  A row exists only while some event
-- is behind it: events > 0, n > 0.  Awardee rows are no attendance.
CREATE TABLE totals_events (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	kind TEXT COLLATE "C" NOT NULL,
	events BIGINT NOT NULL,
	households BIGINT NOT NULL,
	persons BIGINT NOT NULL,
	jobs BIGINT NOT NULL,
	person_times BIGINT NOT NULL,
	hours_milli BIGINT NOT NULL,
	contributions BIGINT NOT NULL,
	cash_fen BIGINT NOT NULL,
	in_kind_fen BIGINT NOT NULL,
	PRIMARY KEY (org_id, month, kind)
);
-- Goods quantities by (item, unit); item '' stands for none.
CREATE TABLE totals_goods (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	item TEXT COLLATE "C" NOT NULL,
	unit TEXT COLLATE "C" NOT NULL,
	quantity_milli BIGINT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (org_id, month, item, unit)
);
-- Who took part, for the distinct counts: n is the number of the
-- month's events of the org at which the member (org) took part.
CREATE TABLE totals_members (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	member_id BIGINT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (org_id, month, member_id)
);
CREATE TABLE totals_orgs (
	org_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	part_org_id BIGINT NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (org_id, month, part_org_id)
);

CREATE VIEW totals_events_recomputed AS
WITH pt AS (
	SELECT event_id, count(member_id) + COALESCE(sum(people) FILTER (WHERE
		org_id IS NOT NULL), 0) AS person_times,
		sum(hours_milli * people) AS hours_milli
	FROM participants WHERE role <> 'awardee' GROUP BY event_id),
ct AS (
	SELECT event_id, count(*) AS n,
		COALESCE(sum(value_fen) FILTER (WHERE type = 'cash'), 0) AS cash,
		COALESCE(sum(value_fen) FILTER (WHERE type <> 'cash'), 0) AS in_kind
	FROM contributions GROUP BY event_id),
per AS (
	SELECT e.org_id, substr(e.date, 1, 7) AS month, e.kind,
		count(*) AS events,
		COALESCE(sum(e.households), 0) AS households,
		COALESCE(sum(e.persons), 0) AS persons,
		COALESCE(sum(e.jobs), 0) AS jobs,
		COALESCE(sum(pt.person_times), 0) AS person_times,
		COALESCE(sum(pt.hours_milli), 0) AS hours_milli,
		COALESCE(sum(ct.n), 0) AS contributions,
		COALESCE(sum(ct.cash), 0) AS cash_fen,
		COALESCE(sum(ct.in_kind), 0) AS in_kind_fen
	FROM events e LEFT JOIN pt ON pt.event_id = e.id
		LEFT JOIN ct ON ct.event_id = e.id
	GROUP BY e.org_id, substr(e.date, 1, 7), e.kind)
SELECT org_id, month, kind, events, households, persons, jobs, person_times,
	hours_milli, contributions, cash_fen, in_kind_fen FROM per
UNION ALL
SELECT 0, month, kind, sum(events), sum(households), sum(persons), sum(jobs),
	sum(person_times), sum(hours_milli), sum(contributions), sum(cash_fen),
	sum(in_kind_fen) FROM per GROUP BY month, kind;

CREATE VIEW totals_goods_recomputed AS
WITH g AS (
	SELECT e.org_id, substr(e.date, 1, 7) AS month,
		COALESCE(c.item, '') AS item, c.unit,
		sum(c.quantity_milli) AS quantity_milli, count(*) AS n
	FROM contributions c JOIN events e ON e.id = c.event_id
	WHERE c.type = 'goods' AND c.quantity_milli IS NOT NULL
	GROUP BY e.org_id, substr(e.date, 1, 7), COALESCE(c.item, ''), c.unit)
SELECT org_id, month, item, unit, quantity_milli, n FROM g
UNION ALL
SELECT 0, month, item, unit, sum(quantity_milli), sum(n) FROM g
	GROUP BY month, item, unit;

CREATE VIEW totals_members_recomputed AS
WITH m AS (
	SELECT e.org_id, substr(e.date, 1, 7) AS month, p.member_id,
		count(*) AS n
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.member_id IS NOT NULL AND p.role <> 'awardee'
	GROUP BY e.org_id, substr(e.date, 1, 7), p.member_id)
SELECT org_id, month, member_id, n FROM m
UNION ALL
SELECT 0, month, member_id, sum(n) FROM m GROUP BY month, member_id;

CREATE VIEW totals_orgs_recomputed AS
WITH o AS (
	SELECT e.org_id, substr(e.date, 1, 7) AS month, p.org_id AS part_org_id,
		count(*) AS n
	FROM participants p JOIN events e ON e.id = p.event_id
	WHERE p.org_id IS NOT NULL AND p.role <> 'awardee'
	GROUP BY e.org_id, substr(e.date, 1, 7), p.org_id)
SELECT org_id, month, part_org_id, n FROM o
UNION ALL
SELECT 0, month, part_org_id, sum(n) FROM o GROUP BY month, part_org_id;

INSERT INTO totals_events SELECT * FROM totals_events_recomputed;
INSERT INTO totals_goods SELECT * FROM totals_goods_recomputed;
INSERT INTO totals_members SELECT * FROM totals_members_recomputed;
INSERT INTO totals_orgs SELECT * FROM totals_orgs_recomputed;
