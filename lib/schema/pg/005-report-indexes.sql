-- Schema step 5 on PostgreSQL, as ../sqlite/005-report-indexes.sql:
-- indexes the reports read from. Each covers its query, so a month's
-- figures come from the index alone, never the table.
DROP INDEX events_date;
CREATE INDEX events_period ON events(date, org_id, kind, pair_id, households,
	persons, jobs);
CREATE INDEX participants_figures ON participants(event_id, org_id, member_id,
	people, hours_milli);
CREATE INDEX contributions_figures ON contributions(event_id, type, value_fen,
	item, unit, quantity_milli);
