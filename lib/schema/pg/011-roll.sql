-- Schema step 11 on PostgreSQL, as ../sqlite/011-roll.sql: the members
-- on the roll and those registered with a community as of any day, by
-- category, as the changes of each day (grain 'd'), month ('m') and
-- year ('y'; '' for a start not known), kept by lib/totals.c and filled
-- by the SQL there right after this step (issue 20).
CREATE TABLE totals_roll (
	grain TEXT COLLATE "C" NOT NULL CHECK (grain IN ('y', 'm', 'd')),
	day TEXT COLLATE "C" NOT NULL,
	what TEXT COLLATE "C" NOT NULL CHECK (what IN ('roll', 'registered')),
	category TEXT COLLATE "C" NOT NULL,
	n BIGINT NOT NULL,
	PRIMARY KEY (grain, day, what, category)
);
-- The registrations begun in a period, without --org, by range.
CREATE INDEX registrations_since ON registrations(since);
