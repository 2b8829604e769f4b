-- Schema step 8 on PostgreSQL, as ../sqlite/008-standing-indexes.sql:
-- indexes that cover the figures a report reads that are no events'
-- sums (issue 20): who is on the roll on a day by category
-- (members_roll), the registration in force on it (registrations_member,
-- now with until and the community), and opinions received in a period
-- with their dates and sender (opinions_received).  Each replaces an
-- index on its first columns, which it serves as well.
DROP INDEX members_category;
CREATE INDEX members_roll ON members(category, left_on, joined_on, org_id,
	unit_id);
DROP INDEX registrations_member;
CREATE INDEX registrations_member ON registrations(member_id, since, until,
	community_id);
DROP INDEX opinions_received;
CREATE INDEX opinions_received ON opinions(received, due, answered,
	from_org_id);
