-- Schema step 3: co-construction pairs (共建对子) between a community (or
-- the street) and a unit, with their targets. A pair is active on a date D
-- when since <= D and it has no until or until > D. Money is integer fen.
CREATE TABLE pairs (
	id INTEGER PRIMARY KEY,
	community_id INTEGER NOT NULL REFERENCES orgs(id),
	partner_id INTEGER NOT NULL REFERENCES orgs(id),
	kind TEXT NOT NULL,
	since TEXT NOT NULL,
	until TEXT,
	goal TEXT,
	target_households INTEGER CHECK (target_households >= 0),
	target_persons INTEGER CHECK (target_persons >= 0),
	target_yuan INTEGER CHECK (target_yuan >= 0),
	note TEXT,
	CHECK (community_id <> partner_id),
	CHECK (until IS NULL OR until >= since)
);
-- The import key; it also serves lookups by community.
CREATE UNIQUE INDEX pairs_key ON pairs(community_id, partner_id, kind, since);
CREATE INDEX pairs_partner ON pairs(partner_id);
