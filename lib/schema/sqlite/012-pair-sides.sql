-- Schema step 12: a pair's rows of totals_pairs (step 9) of one org are
-- kept for the pair's community and partner alone, the two orgs whose
-- part the pairs report reads, not for every org that took part in or
-- gave to its events (issue 20: at 200k events 9,600 pair-months had
-- 157,000 such rows, 17 % of what an import wrote to the totals).  A
-- change of a pair's sides touches its events, which lib/totals.c then
-- counts by the new ones.  The rows of the other orgs go here; those
-- of org 0 (the pair's whole) are as they were.
DELETE FROM totals_pairs WHERE org_id <> 0 AND NOT EXISTS (
	SELECT 1 FROM pairs p WHERE p.id = totals_pairs.pair_id AND
	totals_pairs.org_id IN (p.community_id, p.partner_id));
