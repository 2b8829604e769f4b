-- Schema step 11: the members on the roll and those registered with a
-- community, as of any day, by category, so that a report without --org
-- reads a few rows for them instead of every member and registration
-- (issue 20).  Kept by lib/totals.c as the tables of step 7 are, filled
-- by the SQL there right after this step.
--
-- A member on the roll from joined_on (or always, when it is not known)
-- to the day before left_on is +1 on the first day and -1 on left_on; a
-- registration in force while the member is on the roll (what
-- 'registered') is the same over the days both hold.  n sums those
-- changes of a day (grain 'd', day YYYY-MM-DD) and, again, of its month
-- (grain 'm', YYYY-MM) and of its year (grain 'y', YYYY; '' for a start
-- not known), so that the count as of a day is the years before its
-- year, the months of it before its month and the days of that month up
-- to it: some tens of rows a category, however many members and years.
-- A row exists only while n is not 0.
CREATE TABLE totals_roll (
	grain TEXT NOT NULL CHECK (grain IN ('y', 'm', 'd')),
	day TEXT NOT NULL,
	what TEXT NOT NULL CHECK (what IN ('roll', 'registered')),
	category TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY (grain, day, what, category)
) WITHOUT ROWID;
-- The registrations begun in a period, without --org, by range.
CREATE INDEX registrations_since ON registrations(since);
