-- Schema step 12 on PostgreSQL, as ../sqlite/012-pair-sides.sql: a
-- pair's rows of totals_pairs of one org are kept for the pair's
-- community and partner alone.
DELETE FROM totals_pairs WHERE org_id <> 0 AND NOT EXISTS (
	SELECT 1 FROM pairs p WHERE p.id = totals_pairs.pair_id AND
	totals_pairs.org_id IN (p.community_id, p.partner_id));
