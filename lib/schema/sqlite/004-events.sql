-- Schema step 4: activities (events), who took part and for how long,
-- what was given, and opinions collected from units (征询意见).
-- Hours and quantities are kept exact as thousandths (2.5 h = 2500);
-- money is integer fen.
CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	ref TEXT UNIQUE,
	date TEXT NOT NULL,
	end_date TEXT,
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	pair_id INTEGER REFERENCES pairs(id),
	place TEXT,
	households INTEGER CHECK (households >= 0),
	persons INTEGER CHECK (persons >= 0),
	jobs INTEGER CHECK (jobs >= 0),
	note TEXT,
	CHECK (end_date IS NULL OR end_date >= date)
);
CREATE INDEX events_date ON events(date, kind);
CREATE INDEX events_org ON events(org_id, date);
CREATE INDEX events_pair ON events(pair_id, date);

-- One row per member, or per org with a head-count; hours are per person.
CREATE TABLE participants (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES events(id),
	org_id INTEGER REFERENCES orgs(id),
	member_id INTEGER REFERENCES members(id),
	people INTEGER NOT NULL DEFAULT 1 CHECK (people >= 1),
	hours_milli INTEGER NOT NULL DEFAULT 0 CHECK (hours_milli >= 0),
	role TEXT NOT NULL DEFAULT 'participant'
		CHECK (role IN ('organizer', 'participant', 'awardee')),
	award TEXT,
	CHECK ((org_id IS NULL) <> (member_id IS NULL)),
	CHECK (member_id IS NULL OR people = 1)
);
-- NULLs are distinct in a unique index, so these allow many org rows
-- beside member rows while refusing the same member or org twice.
CREATE UNIQUE INDEX participants_member ON participants(event_id, member_id);
CREATE UNIQUE INDEX participants_org ON participants(event_id, org_id);
CREATE INDEX participants_member_events ON participants(member_id);
CREATE INDEX participants_org_events ON participants(org_id);

-- Cash is value_fen alone; goods, space, equipment and services are
-- item x quantity x unit, with an optional value kept apart.
CREATE TABLE contributions (
	id INTEGER PRIMARY KEY,
	event_id INTEGER NOT NULL REFERENCES events(id),
	from_org_id INTEGER REFERENCES orgs(id),
	from_member_id INTEGER REFERENCES members(id),
	type TEXT NOT NULL,
	value_fen INTEGER CHECK (value_fen >= 0),
	quantity_milli INTEGER CHECK (quantity_milli >= 0),
	unit TEXT,
	item TEXT,
	CHECK ((from_org_id IS NULL) <> (from_member_id IS NULL)),
	CHECK (quantity_milli IS NULL OR unit IS NOT NULL)
);
CREATE INDEX contributions_event ON contributions(event_id);
CREATE INDEX contributions_org ON contributions(from_org_id);
CREATE INDEX contributions_member ON contributions(from_member_id);

CREATE TABLE opinions (
	id INTEGER PRIMARY KEY,
	from_org_id INTEGER NOT NULL REFERENCES orgs(id),
	event_id INTEGER REFERENCES events(id),
	text TEXT NOT NULL,
	received TEXT NOT NULL,
	due TEXT NOT NULL,
	answer TEXT,
	answered TEXT,
	CHECK (due >= received),
	CHECK ((answer IS NULL) = (answered IS NULL))
);
CREATE INDEX opinions_received ON opinions(received);
CREATE INDEX opinions_open ON opinions(answered, due);
CREATE INDEX opinions_org ON opinions(from_org_id);
CREATE INDEX opinions_event ON opinions(event_id);
