/* The bare loader: the least a program must do to load pb's events YAML.
 * libyaml's event API, streamed; org codes and member refs resolved from
 * two hash maps read once; one prepared statement per table, reused;
 * one transaction; the database's own schema and indexes (made by
 * `pb-db init`) and pb's pragmas. No validation beyond what the schema
 * checks, no upsert, no diagnostics: the floor for `pb-event import`.
 * With -p it parses only, for the parse rate of `pb-db dump`.
 *
 * usage: bare_load DB EVENTS.yaml
 *        bare_load -p EVENTS.yaml */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* A string-to-id map: open addressing, FNV-1a. */
typedef struct map {
	char **key;
	int64_t *id;
	size_t cap;
} map;

static size_t hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void map_put(map *m, const char *k, int64_t id)
{
	size_t i = hash(k) & (m->cap - 1);

	while (m->key[i])
		i = (i + 1) & (m->cap - 1);
	m->key[i] = strdup(k);
	m->id[i] = id;
}

static int64_t map_get(const map *m, const char *k)
{
	size_t i = hash(k) & (m->cap - 1);

	for (; m->key[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->key[i], k) == 0)
			return m->id[i];
	return 0;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "bare_load: %s: %s\n", what, why);
	exit(70);
}

static void map_load(sqlite3 *db, map *m, const char *sql)
{
	sqlite3_stmt *st;

	m->cap = 1 << 16;
	m->key = calloc(m->cap, sizeof *m->key);
	m->id = calloc(m->cap, sizeof *m->id);
	if (!m->key || !m->id)
		die("map", "out of memory");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_column_text(st, 1))
			map_put(m, (const char *)sqlite3_column_text(st, 1),
				sqlite3_column_int64(st, 0));
	sqlite3_finalize(st);
}

/* "2.5" as thousandths (places 3) or "1234.5" as fen (places 2). */
static int64_t fixed(const char *s, int places)
{
	int64_t v = 0;
	int frac = -1;

	for (; *s; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		if (frac >= places)
			break;
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (frac = frac < 0 ? 0 : frac; frac < places; frac++)
		v *= 10;
	return v;
}

enum { E_REF, E_DATE, E_END, E_KIND, E_TITLE, E_ORG, E_PAIR, E_PLACE,
       E_HOUSEHOLDS, E_PERSONS, E_JOBS, E_NOTE, E_N };
static const char *const event_keys[E_N] = {
	"ref",	  "date",	"end_date", "kind",    "title", "org",
	"pair",	  "place",	"households", "persons", "jobs",  "note"};
enum { R_ORG, R_MEMBER, R_PEOPLE, R_HOURS, R_ROLE, R_AWARD, R_FROM,
       R_FROM_MEMBER, R_TYPE, R_VALUE, R_QUANTITY, R_UNIT, R_ITEM, R_N };
static const char *const row_keys[R_N] = {
	"org",	 "member", "people", "hours",	 "role", "award", "from",
	"from_member", "type", "value", "quantity", "unit", "item"};

/* A nested row, kept until its event has an id. */
typedef struct row {
	int contribution;
	char *v[R_N];
} row;

typedef struct loader {
	sqlite3 *db;
	sqlite3_stmt *ev, *pa, *co;
	map orgs, members;
	char *e[E_N];
	row *rows;
	size_t nrows, caprows;
	long events;
} loader;

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_int(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_int64(st, i, strtoll(v, NULL, 10));
	else
		sqlite3_bind_null(st, i);
}

static void bind_id(sqlite3_stmt *st, int i, const map *m, const char *v)
{
	if (v)
		sqlite3_bind_int64(st, i, map_get(m, v));
	else
		sqlite3_bind_null(st, i);
}

static void bind_fixed(sqlite3_stmt *st, int i, const char *v, int places)
{
	if (v)
		sqlite3_bind_int64(st, i, fixed(v, places));
	else
		sqlite3_bind_null(st, i);
}

static void step(loader *l, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die("insert", sqlite3_errmsg(l->db));
	sqlite3_reset(st);
}

/* The event is complete: insert it, then its rows. */
static void flush(loader *l)
{
	sqlite3_stmt *st = l->ev;
	int64_t id;
	size_t i;
	int k;

	l->events++;
	if (l->db) {
		bind_text(st, 1, l->e[E_REF]);
		bind_text(st, 2, l->e[E_DATE]);
		bind_text(st, 3, l->e[E_END]);
		bind_text(st, 4, l->e[E_KIND]);
		bind_text(st, 5, l->e[E_TITLE]);
		bind_id(st, 6, &l->orgs, l->e[E_ORG]);
		bind_int(st, 7, l->e[E_PAIR]);
		bind_text(st, 8, l->e[E_PLACE]);
		bind_int(st, 9, l->e[E_HOUSEHOLDS]);
		bind_int(st, 10, l->e[E_PERSONS]);
		bind_int(st, 11, l->e[E_JOBS]);
		bind_text(st, 12, l->e[E_NOTE]);
		step(l, st);
		id = sqlite3_last_insert_rowid(l->db);
		for (i = 0; i < l->nrows; i++) {
			char **v = l->rows[i].v;

			if (!l->rows[i].contribution) {
				st = l->pa;
				sqlite3_bind_int64(st, 1, id);
				bind_id(st, 2, &l->orgs, v[R_ORG]);
				bind_id(st, 3, &l->members, v[R_MEMBER]);
				sqlite3_bind_int64(st, 4, v[R_PEOPLE] ?
					strtoll(v[R_PEOPLE], NULL, 10) : 1);
				sqlite3_bind_int64(st, 5, v[R_HOURS] ?
					fixed(v[R_HOURS], 3) : 0);
				bind_text(st, 6, v[R_ROLE] ? v[R_ROLE] :
					  v[R_AWARD] ? "awardee" : "participant");
				bind_text(st, 7, v[R_AWARD]);
			} else {
				st = l->co;
				sqlite3_bind_int64(st, 1, id);
				bind_id(st, 2, &l->orgs, v[R_FROM]);
				bind_id(st, 3, &l->members, v[R_FROM_MEMBER]);
				bind_text(st, 4, v[R_TYPE]);
				bind_fixed(st, 5, v[R_VALUE], 2);
				bind_fixed(st, 6, v[R_QUANTITY], 3);
				bind_text(st, 7, v[R_UNIT]);
				bind_text(st, 8, v[R_ITEM]);
			}
			step(l, st);
		}
	}
	for (k = 0; k < E_N; k++) {
		free(l->e[k]);
		l->e[k] = NULL;
	}
	for (i = 0; i < l->nrows; i++)
		for (k = 0; k < R_N; k++)
			free(l->rows[i].v[k]);
	l->nrows = 0;
}

static row *new_row(loader *l, int contribution)
{
	if (l->nrows == l->caprows) {
		l->caprows = l->caprows ? l->caprows * 2 : 16;
		if (!(l->rows = realloc(l->rows, l->caprows * sizeof *l->rows)))
			die("rows", "out of memory");
	}
	memset(&l->rows[l->nrows], 0, sizeof *l->rows);
	l->rows[l->nrows].contribution = contribution;
	return &l->rows[l->nrows++];
}

static int key_index(const char *const *keys, int n, const char *k)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i], k) == 0)
			return i;
	return -1;
}

/* The document is {events: [event...]}; an event is a mapping of
 * scalars and of two lists of mappings of scalars. The depth of
 * mappings tells which is which. */
static void parse(loader *l, FILE *f)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int depth = 0, done = 0, contribution = 0;
	char *key = NULL;
	row *r = NULL;

	if (!yaml_parser_initialize(&p))
		die("yaml", "out of memory");
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev))
			die("yaml", p.problem ? p.problem : "parse error");
		switch (ev.type) {
		case YAML_MAPPING_START_EVENT:
			depth++;
			if (depth == 3)
				r = new_row(l, contribution);
			break;
		case YAML_MAPPING_END_EVENT:
			if (depth == 2)
				flush(l);
			depth--;
			break;
		case YAML_SEQUENCE_START_EVENT:
			if (depth == 2 && key)
				contribution = strcmp(key, "contributions") == 0;
			free(key);
			key = NULL;
			break;
		case YAML_SCALAR_EVENT: {
			const char *v = (const char *)ev.data.scalar.value;
			int i;

			if (!key) {
				key = strdup(v);
				break;
			}
			if (depth == 2 && (i = key_index(event_keys, E_N, key)) >= 0)
				l->e[i] = strdup(v);
			else if (depth == 3 &&
				 (i = key_index(row_keys, R_N, key)) >= 0)
				r->v[i] = strdup(v);
			free(key);
			key = NULL;
			break;
		}
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	free(key);
	yaml_parser_delete(&p);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg ? msg : "failed");
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
			       NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	return st;
}

int main(int argc, char **argv)
{
	loader l = {0};
	const char *path;
	FILE *f;

	if (argc != 3) {
		fputs("usage: bare_load DB EVENTS.yaml | bare_load -p EVENTS.yaml\n",
		      stderr);
		return 64;
	}
	path = argv[2];
	if (!(f = fopen(path, "rb")))
		die(path, "cannot open");
	if (strcmp(argv[1], "-p") != 0) {
		if (sqlite3_open_v2(argv[1], &l.db, SQLITE_OPEN_READWRITE, NULL) !=
		    SQLITE_OK)
			die(argv[1], sqlite3_errmsg(l.db));
		exec(l.db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
			   "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384; "
			   "PRAGMA temp_store = MEMORY");
		map_load(l.db, &l.orgs, "SELECT id, code FROM orgs");
		map_load(l.db, &l.members, "SELECT id, ref FROM members");
		l.ev = prepare(l.db,
			       "INSERT INTO events (ref, date, end_date, kind, title, "
			       "org_id, pair_id, place, households, persons, jobs, "
			       "note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
			       "?10, ?11, ?12)");
		l.pa = prepare(l.db,
			       "INSERT INTO participants (event_id, org_id, "
			       "member_id, people, hours_milli, role, award) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
		l.co = prepare(l.db,
			       "INSERT INTO contributions (event_id, from_org_id, "
			       "from_member_id, type, value_fen, quantity_milli, "
			       "unit, item) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
		exec(l.db, "BEGIN IMMEDIATE");
	}
	parse(&l, f);
	fclose(f);
	if (l.db) {
		exec(l.db, "COMMIT");
		sqlite3_finalize(l.ev);
		sqlite3_finalize(l.pa);
		sqlite3_finalize(l.co);
		if (sqlite3_close(l.db) != SQLITE_OK)
			die("close", "failed");
	}
	fprintf(stderr, "bare_load: %ld events\n", l.events);
	return 0;
}
