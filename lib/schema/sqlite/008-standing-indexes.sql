-- Schema step 8: indexes that cover the figures a report reads that are
-- no events' sums (issue 20): who is on the roll on a day by category
-- (members_roll), the registration in force on it (registrations_member,
-- now with until and the community), and opinions received in a period
-- with their dates and sender (opinions_received); and for the pairs
-- report, which sums each pair's events (no monthly total is by pair),
-- a pair's events with their organizer and beneficiaries (events_pair),
-- the role beside each participant's figures (participants_figures: an
-- awardee's row is told apart in the index) and the giver beside
-- each contribution's (contributions_figures).  Each replaces an index
-- on its first columns, which it serves as well.
DROP INDEX members_category;
CREATE INDEX members_roll ON members(category, left_on, joined_on, org_id,
	unit_id);
DROP INDEX registrations_member;
CREATE INDEX registrations_member ON registrations(member_id, since, until,
	community_id);
DROP INDEX opinions_received;
CREATE INDEX opinions_received ON opinions(received, due, answered,
	from_org_id);
DROP INDEX events_pair;
CREATE INDEX events_pair ON events(pair_id, date, org_id, households,
	persons);
DROP INDEX participants_figures;
CREATE INDEX participants_figures ON participants(event_id, org_id,
	member_id, people, hours_milli, role);
DROP INDEX contributions_figures;
CREATE INDEX contributions_figures ON contributions(event_id, type,
	value_fen, item, unit, quantity_milli, from_org_id);
