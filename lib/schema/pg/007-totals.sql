-- Schema step 7 on PostgreSQL, as ../sqlite/007-totals.sql: per-month
-- totals, so that a report reads a few rows a month instead of every
-- event (issue 20).  Kept by lib/totals.c in the
-- same transaction as every write that changes them, as deltas computed
-- in C.  The SQL that computes the same rows from the records is in
-- lib/totals.c, not here as views (SQLite would parse them at every
-- open): it fills the tables right after this step, and serves
-- `pb-db check` and `pb-db rebuild`.
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
