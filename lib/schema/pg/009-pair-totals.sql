-- Schema step 9 on PostgreSQL, as ../sqlite/009-pair-totals.sql:
-- per-month totals by co-construction pair, so that the pairs report
-- reads a few rows a pair and month instead of every event of the pair
-- with its participants and contributions (issue 20).  Kept by
-- lib/totals.c as the tables of step 7 are, filled by the SQL there
-- right after this step.
--
-- A row is about the events of the month whose pair_id is the pair: org_id
-- 0 sums them whole; a row of an org (ids start at 1) sums its part in
-- them: the events it organized, its participant rows (org rows with a
-- head-count) and the contributions it gave, so that the report finds
-- the pair's community and partner whatever they are now.  A row exists
-- while some event, participant row or contribution is behind it.
-- Awardee rows are no attendance.
CREATE TABLE totals_pairs (
	pair_id BIGINT NOT NULL,
	month TEXT COLLATE "C" NOT NULL,
	org_id BIGINT NOT NULL,
	events BIGINT NOT NULL,
	households BIGINT NOT NULL,
	persons BIGINT NOT NULL,
	hours_milli BIGINT NOT NULL,
	participants BIGINT NOT NULL,
	contributions BIGINT NOT NULL,
	value_fen BIGINT NOT NULL,
	PRIMARY KEY (pair_id, month, org_id)
);
