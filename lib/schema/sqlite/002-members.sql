-- Schema step 2: Party members and their dated registrations (报到) with a
-- community. A registration runs from `since` to the day before `until`
-- (the day the member returned, 已返回); an open one has no `until`.
CREATE TABLE members (
	id INTEGER PRIMARY KEY,
	ref TEXT UNIQUE,
	name TEXT NOT NULL,
	gender TEXT CHECK (gender IN ('m', 'f')),
	phone TEXT,
	category TEXT NOT NULL,
	org_id INTEGER REFERENCES orgs(id),
	unit_id INTEGER REFERENCES orgs(id),
	joined_on TEXT,
	left_on TEXT,
	note TEXT
);
CREATE INDEX members_org ON members(org_id);
CREATE INDEX members_unit ON members(unit_id);
CREATE INDEX members_category ON members(category);

CREATE TABLE registrations (
	id INTEGER PRIMARY KEY,
	member_id INTEGER NOT NULL REFERENCES members(id),
	community_id INTEGER NOT NULL REFERENCES orgs(id),
	since TEXT NOT NULL,
	until TEXT,
	CHECK (until IS NULL OR until > since)
);
CREATE INDEX registrations_member ON registrations(member_id, since);
CREATE INDEX registrations_community ON registrations(community_id, since);
