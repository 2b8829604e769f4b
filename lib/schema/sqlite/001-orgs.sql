-- Schema step 1: organizations, their office-holders, and the audit trail.
-- Dates are ISO-8601 text (YYYY-MM-DD); money is integer fen.
CREATE TABLE orgs (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind TEXT NOT NULL,
	parent_id INTEGER REFERENCES orgs(id),
	uscc TEXT UNIQUE,
	members INTEGER CHECK (members >= 0),
	address TEXT,
	contact TEXT,
	phone TEXT,
	joined_on TEXT,
	left_on TEXT,
	note TEXT
);
CREATE INDEX orgs_parent ON orgs(parent_id);
CREATE INDEX orgs_name ON orgs(name);

CREATE TABLE roles (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES orgs(id),
	title TEXT NOT NULL,
	person TEXT NOT NULL,
	from_org_id INTEGER REFERENCES orgs(id),
	since TEXT,
	until TEXT,
	note TEXT
);
CREATE INDEX roles_org ON roles(org_id);
CREATE INDEX roles_from_org ON roles(from_org_id);

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	os_user TEXT NOT NULL,
	command TEXT NOT NULL,
	changes TEXT NOT NULL
);
