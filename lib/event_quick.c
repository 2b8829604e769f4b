/* The quick path of an events import.  The ordinary path (event_io.c)
 * writes a record under a savepoint and lets the database find what is
 * wrong with it, resolving every code and ref by SQL as it goes, reading
 * each new row's id back and each new event's figures back at commit.
 * Here a record is checked whole first, by the same rules, with the codes,
 * refs and pairs it names resolved once for the import: a new event that
 * breaks none is written with the ids it takes (the next of each table's,
 * counted in C: pb holds the write lock) and its figures go to the totals
 * from memory; an event found unchanged is left as it is.  Anything else
 * (a rule broken, an update) goes the ordinary way, which says what is
 * wrong exactly as it always has.  After enough new events, the rest of a
 * large load goes in without the event tables' secondary indexes, made
 * again at commit. */
#include <stdlib.h>
#include <string.h>

#include "event_quick.h"
#include "totals.h"

/* Once an import has written this many new events, and at least as many
 * as the table held, it is a load: the indexes are deferred.  Remade
 * over a few hundred rows they cost less than kept up row by row (with
 * 8192, 2 % more of a first import of 200k); below, the drop and the
 * remake are what a small import would pay (0.6 ms of 7). */
#define DEFER_AFTER 256
/* The totals' deltas held before they are written (pb_totals_spill):
 * a few MB. */
#define TOTALS_HELD 32768

/* ---- names resolved once ---------------------------------------------- */

/* Text as the file gives it (a code, a ref, a pair's id) to the id it
 * resolved to: bounded by the orgs, members and pairs a file names, never
 * by its events.  Only what resolved is kept; a name that does not is
 * the ordinary path's to report. */
typedef struct names {
	char **key;
	int64_t *id;
	size_t cap, n;
} names;

static size_t slot_of(const names *m, const char *k)
{
	uint64_t h = 14695981039346656037u;
	const char *s;
	size_t i;

	for (s = k; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	for (i = (size_t)h & (m->cap - 1); m->key[i] && strcmp(m->key[i], k) != 0;
	     i = (i + 1) & (m->cap - 1))
		;
	return i;
}

static int names_grow(names *m)
{
	names g = {NULL, NULL, m->cap ? m->cap * 2 : 256, m->n};
	size_t i, j;

	g.key = calloc(g.cap, sizeof *g.key);
	g.id = calloc(g.cap, sizeof *g.id);
	if (!g.key || !g.id) {
		free(g.key);
		free(g.id);
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->key[i]) {
			j = slot_of(&g, m->key[i]);
			g.key[j] = m->key[i];
			g.id[j] = m->id[i];
		}
	free(m->key);
	free(m->id);
	*m = g;
	return 0;
}

static void names_free(names *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->id);
}

typedef int (*resolver)(pb_db *db, const char *text, int notfound_is_1,
			int64_t *id, pb_err *e);

/* The id text names, by SQL the first time; 0: it names nothing (or the
 * query failed, which the ordinary path meets again and reports). */
static int64_t resolve(pb_db *db, names *m, resolver fn, const char *text)
{
	int64_t id;
	pb_err e;
	size_t i;

	if (m->cap && m->key[i = slot_of(m, text)])
		return m->id[i];
	if (fn(db, text, 0, &id, &e) != PB_OK)
		return 0;
	/* Kept when there is room: a miss costs a query, nothing more. */
	if ((m->n + 1) * 2 > m->cap && names_grow(m) != 0)
		return id;
	i = slot_of(m, text);
	if ((m->key[i] = strdup(text))) {
		m->id[i] = id;
		m->n++;
	}
	return id;
}

/* The id sql gives for the pair whose id text is. */
static int pair_lookup(pb_db *db, const char *sql, const char *text,
		       int64_t *id, pb_err *e)
{
	pb_stmt *st;
	int rc;

	*id = 0;
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, strtoll(text, NULL, 10));
	if ((rc = pb_step(st, e)) == PB_ROW)
		*id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return *id ? PB_OK : PB_DATAERR;
}

/* A pair's two sides, which its totals keep an org's part for; a pair
 * whose community is found is there, and its id is its text's. */
static int community_resolve(pb_db *db, const char *text, int notfound_is_1,
			     int64_t *id, pb_err *e)
{
	(void)notfound_is_1;
	return pair_lookup(db, "SELECT community_id FROM pairs WHERE id = ?1",
			   text, id, e);
}

static int partner_resolve(pb_db *db, const char *text, int notfound_is_1,
			   int64_t *id, pb_err *e)
{
	(void)notfound_is_1;
	return pair_lookup(db, "SELECT partner_id FROM pairs WHERE id = ?1",
			   text, id, e);
}

/* ---- new rows, written many at a time ---------------------------------- */

/* A value to bind: NULL, a number or text (in the arena). */
typedef struct cell {
	int kind; /* 0 NULL, 1 number, 2 text */
	int64_t i;
	const char *t;
} cell;

/* One table's rows waiting to be written, ncols cells each. */
typedef struct held {
	cell *c;
	size_t n, cap; /* rows */
	int ncols;
	int table; /* index into inserts[] */
} held;

/* HOLD_EVENTS events are held before they are written, with their rows,
 * their text in an arena of ARENA bytes; a statement writes as many rows
 * as PB_MOST_PARAMS values make, then one at a time. */
#define HOLD_EVENTS 32
#define ARENA (128 * 1024)
#define NBATCH 2

static const struct insert {
	const char *head;
	int ncols;
} inserts[3] = {
	{"INSERT INTO events (id, ref, date, end_date, kind, title, org_id, "
	 "pair_id, place, households, persons, jobs, note) VALUES ",
	 13},
	{"INSERT INTO participants (id, event_id, org_id, member_id, people, "
	 "hours_milli, role, award) VALUES ",
	 8},
	{"INSERT INTO contributions (id, event_id, from_org_id, "
	 "from_member_id, type, value_fen, quantity_milli, unit, item) VALUES ",
	 9},
};
/* The rows of a table's statement of each size: many, or one. */
static int batch_rows(int table, int size)
{
	return size ? 1 : PB_MOST_PARAMS / inserts[table].ncols;
}

/* The statement of each table and size, made once: a statement is
 * cached by its text's address. */
static char insert_sql[3][NBATCH][PB_MOST_PARAMS * 8 + 256];

static const char *insert_text(int table, int size)
{
	char *buf = insert_sql[table][size];

	if (buf[0])
		return buf;
	return pb_sql_rows(buf, sizeof insert_sql[0][0], inserts[table].head,
			   inserts[table].ncols, batch_rows(table, size), "");
}

/* Room for one more row of h: its cells, cleared; NULL out of memory. */
static cell *new_row(held *h)
{
	cell *row;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		cell *grown = realloc(h->c, cap * (size_t)h->ncols * sizeof *grown);

		if (!grown)
			return NULL;
		h->c = grown;
		h->cap = cap;
	}
	row = &h->c[h->n++ * (size_t)h->ncols];
	memset(row, 0, (size_t)h->ncols * sizeof *row);
	return row;
}

/* Write h's rows, as few statements as the batch sizes allow. */
static int write_held(pb_db *db, held *h, pb_err *e)
{
	size_t at = 0, j;
	int size = 0, rc;

	while (at < h->n) {
		pb_stmt *st;

		while (h->n - at < (size_t)batch_rows(h->table, size))
			size++;
		if ((rc = pb_db_prepare(db, insert_text(h->table, size), &st, e)) !=
		    PB_OK)
			return rc;
		for (j = 0; j < (size_t)batch_rows(h->table, size) * (size_t)h->ncols;
		     j++) {
			const cell *c = &h->c[at * (size_t)h->ncols + j];

			if (c->kind == 1)
				pb_bind_int(st, (int)j + 1, c->i);
			else if (c->kind == 2)
				pb_bind_text(st, (int)j + 1, c->t);
			else
				pb_bind_null(st, (int)j + 1);
		}
		rc = pb_step(st, e);
		pb_stmt_done(st);
		if (rc != PB_DONE)
			return rc;
		at += (size_t)batch_rows(h->table, size);
	}
	h->n = 0;
	return PB_OK;
}

/* ---- one import's state ----------------------------------------------- */

/* A participant or contribution row as checked, ready to write. */
typedef struct qpart {
	pb_tot_part t;
	const char *role, *award;
} qpart;

typedef struct qcontrib {
	pb_tot_contrib t;
	int64_t org, member;
	int has_value;
} qcontrib;

struct pb_event_quick {
	names orgs, members;
	names communities, partners; /* a pair's sides, by its text */
	/* The next id of each table; 0: read it again (the ordinary path
	 * wrote, or nothing was read yet). */
	int64_t next_event, next_part, next_contrib;
	int64_t had; /* the events' highest id when first read; -1 unread */
	long created; /* new events written here */
	int deferred; /* pb_db_defer_indexes done */
	pb_diags scratch; /* a row's errors, the ordinary path's to report */
	/* One event's rows, reused. */
	pb_rec *p, *c;
	qpart *pv;
	qcontrib *cv;
	size_t pcap, ccap;
	/* New rows written by the statement-full (rows.c below): events,
	 * participants, contributions. */
	held rows[3];
	char *arena; /* their text */
	size_t used;
	/* Field indexes, found once. */
	int f_ref, f_date, f_end, f_kind, f_title, f_org, f_pair, f_place,
		f_households, f_persons, f_jobs, f_note;
	int p_org, p_member, p_hours, p_award;
	int c_from, c_member, c_type, c_value, c_quantity, c_unit, c_item;
};

pb_event_quick *pb_event_quick_new(void)
{
	pb_event_quick *q = calloc(1, sizeof *q);
	const pb_field *ef = pb_event_fields, *pf = pb_participant_fields,
		       *cf = pb_contribution_fields;
	size_t en = pb_event_nfields, pn = pb_participant_nfields,
	       cn = pb_contribution_nfields;
	int i;

	if (!q || !(q->arena = malloc(ARENA))) {
		free(q);
		return NULL;
	}
	for (i = 0; i < 3; i++) {
		q->rows[i].ncols = inserts[i].ncols;
		q->rows[i].table = i;
	}
	q->had = -1;
	q->f_ref = pb_field_index(ef, en, "ref");
	q->f_date = pb_field_index(ef, en, "date");
	q->f_end = pb_field_index(ef, en, "end");
	q->f_kind = pb_field_index(ef, en, "kind");
	q->f_title = pb_field_index(ef, en, "title");
	q->f_org = pb_field_index(ef, en, "org");
	q->f_pair = pb_field_index(ef, en, "pair");
	q->f_place = pb_field_index(ef, en, "place");
	q->f_households = pb_field_index(ef, en, "households");
	q->f_persons = pb_field_index(ef, en, "persons");
	q->f_jobs = pb_field_index(ef, en, "jobs");
	q->f_note = pb_field_index(ef, en, "note");
	q->p_org = pb_field_index(pf, pn, "org");
	q->p_member = pb_field_index(pf, pn, "member");
	q->p_hours = pb_field_index(pf, pn, "hours");
	q->p_award = pb_field_index(pf, pn, "award");
	q->c_from = pb_field_index(cf, cn, "from");
	q->c_member = pb_field_index(cf, cn, "from_member");
	q->c_type = pb_field_index(cf, cn, "type");
	q->c_value = pb_field_index(cf, cn, "value");
	q->c_quantity = pb_field_index(cf, cn, "quantity");
	q->c_unit = pb_field_index(cf, cn, "unit");
	q->c_item = pb_field_index(cf, cn, "item");
	return q;
}

void pb_event_quick_free(void *arg)
{
	pb_event_quick *q = arg;
	int i;

	if (!q)
		return;
	names_free(&q->orgs);
	names_free(&q->members);
	names_free(&q->communities);
	names_free(&q->partners);
	free(q->p);
	free(q->c);
	free(q->pv);
	free(q->cv);
	for (i = 0; i < 3; i++)
		free(q->rows[i].c);
	free(q->arena);
	free(q);
}

void pb_event_quick_forget_ids(pb_event_quick *q)
{
	if (q)
		q->next_event = q->next_part = q->next_contrib = 0;
}

/* ---- a record's rows, checked ----------------------------------------- */

static int room(void *pp, size_t size, size_t *cap, size_t need)
{
	void **p = pp;
	void *grown;

	if (need <= *cap)
		return 0;
	if (!(grown = realloc(*p, need * size)))
		return -1;
	*p = grown;
	return 0;
}

static int grow_rows(pb_event_quick *q, size_t np, size_t nc)
{
	size_t pcap = q->pcap, ccap = q->ccap;

	if (room(&q->p, sizeof *q->p, &pcap, np) || room(&q->pv, sizeof *q->pv, &pcap, np) ||
	    room(&q->c, sizeof *q->c, &ccap, nc) || room(&q->cv, sizeof *q->cv, &ccap, nc))
		return -1;
	if (np > q->pcap)
		q->pcap = np;
	if (nc > q->ccap)
		q->ccap = nc;
	return 0;
}

/* A nested row read as the ordinary path reads it; 0, or -1 with its
 * errors left for the ordinary path to report. */
static int read_row(pb_event_quick *q, pb_rec *r, const pb_field *fields,
		    size_t n, const pb_yrec *y)
{
	pb_rec_init(r, fields, n);
	pb_diags_init(&q->scratch);
	return pb_rec_from_yaml(r, y, NULL, &q->scratch) == PB_OK ? 0 : -1;
}

/* The participants, by pb_event_attend's rules, and none twice (the
 * unique indexes' rule); *n: the records to free. */
static int check_parts(pb_event_quick *q, pb_db *db, const pb_yval *list,
		       size_t *n)
{
	size_t i, j;
	pb_err e;

	for (i = 0; list && i < list->nsubs; i++) {
		pb_rec *p = &q->p[i];
		qpart *x = &q->pv[i];
		const char *org, *member;

		*n = i + 1;
		if (read_row(q, p, pb_participant_fields, pb_participant_nfields,
			     list->subs[i]))
			return -1;
		pb_participant_defaults(p);
		org = p->v[q->p_org];
		member = p->v[q->p_member];
		memset(x, 0, sizeof *x);
		x->award = p->v[q->p_award];
		if (pb_participant_rules(p, &x->role, &x->t.people, &e) != PB_OK)
			return -1;
		if (org ? !(x->t.org = resolve(db, &q->orgs, pb_org_resolve, org))
			: !(x->t.member = resolve(db, &q->members, pb_member_resolve,
						  member)))
			return -1;
		if (pb_decimal_parse(p->v[q->p_hours], &x->t.hours_milli, &e) != PB_OK)
			return -1;
		x->t.awardee = strcmp(x->role, "awardee") == 0;
		for (j = 0; j < i; j++)
			if (org ? q->pv[j].t.org == x->t.org
				: q->pv[j].t.member == x->t.member)
				return -1;
	}
	return 0;
}

/* The contributions, by pb_event_give's rules. */
static int check_contribs(pb_event_quick *q, pb_db *db, const pb_yval *list,
			  size_t *n)
{
	size_t i;
	pb_err e;

	for (i = 0; list && i < list->nsubs; i++) {
		pb_rec *c = &q->c[i];
		qcontrib *x = &q->cv[i];
		const char *from, *member, *type, *value, *quantity, *item;

		*n = i + 1;
		if (read_row(q, c, pb_contribution_fields, pb_contribution_nfields,
			     list->subs[i]))
			return -1;
		from = c->v[q->c_from];
		member = c->v[q->c_member];
		type = c->v[q->c_type];
		value = c->v[q->c_value];
		quantity = c->v[q->c_quantity];
		item = c->v[q->c_item];
		memset(x, 0, sizeof *x);
		if (pb_contribution_rules(c, &e) != PB_OK)
			return -1;
		if (from ? !(x->org = resolve(db, &q->orgs, pb_org_resolve, from))
			 : !(x->member = resolve(db, &q->members, pb_member_resolve,
						 member)))
			return -1;
		x->t.from_org = x->org;
		if ((value && pb_money_parse(value, &x->t.value_fen, &e) != PB_OK) ||
		    (quantity &&
		     pb_decimal_parse(quantity, &x->t.quantity_milli, &e) != PB_OK))
			return -1;
		x->t.type = type;
		x->t.item = item;
		x->t.unit = c->v[q->c_unit];
		x->t.has_quantity = quantity != NULL;
		x->has_value = value != NULL;
	}
	return 0;
}

/* ---- an event found: unchanged? -------------------------------------- */

/* The columns in pb_event_fields' order, the names shown beside codes
 * left NULL, the organizer as its id. */
#define EVENT_ROW                                                          \
	"SELECT id, ref, date, end_date, kind, title, org_id, "               \
	"CAST(NULL AS TEXT), pair_id, CAST(NULL AS TEXT), place, households, " \
	"persons, jobs, note FROM events "
static const char EVENT_BY_REF[] = EVENT_ROW "WHERE ref = ?1";
static const char EVENT_BY_ID[] = EVENT_ROW "WHERE id = ?1";
static const char STORED_PARTS[] =
	"SELECT COALESCE(org_id, 0), COALESCE(member_id, 0), people, "
	"hours_milli, role, award FROM participants WHERE event_id = ?1 "
	"ORDER BY id";
static const char STORED_CONTRIBS[] =
	"SELECT COALESCE(from_org_id, 0), COALESCE(from_member_id, 0), type, "
	"value_fen, quantity_milli, unit, item FROM contributions "
	"WHERE event_id = ?1 ORDER BY id";

/* Every field the record gives is what is stored (the row at st). */
static int same_event(const pb_event_quick *q, const pb_rec *r, int64_t org,
		      pb_stmt *st)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (r->fields[i].check == PB_C_NONE || !(r->given & (1UL << i)))
			continue;
		if ((int)i == q->f_org) {
			if (!org || org != pb_col_int(st, (int)i))
				return 0;
		} else if (!pb_text_same(r->v[i], pb_col_text(st, (int)i))) {
			return 0;
		}
	}
	return 1;
}

/* Stored row i is the file's. */
static int part_is(const pb_event_quick *q, pb_stmt *st, size_t i)
{
	const qpart *x = &q->pv[i];

	return pb_col_int(st, 0) == x->t.org && pb_col_int(st, 1) == x->t.member &&
	       pb_col_int(st, 2) == x->t.people &&
	       pb_col_int(st, 3) == x->t.hours_milli &&
	       pb_text_same(pb_col_text(st, 4), x->role) &&
	       pb_text_same(pb_col_text(st, 5), x->award);
}

static int contrib_is(const pb_event_quick *q, pb_stmt *st, size_t i)
{
	const qcontrib *x = &q->cv[i];

	return pb_col_int(st, 0) == x->org && pb_col_int(st, 1) == x->member &&
	       pb_text_same(pb_col_text(st, 2), x->t.type) &&
	       pb_col_null(st, 3) == !x->has_value &&
	       pb_col_int(st, 3) == x->t.value_fen &&
	       pb_col_null(st, 4) == !x->t.has_quantity &&
	       pb_col_int(st, 4) == x->t.quantity_milli &&
	       pb_text_same(pb_col_text(st, 5), x->t.unit) &&
	       pb_text_same(pb_col_text(st, 6), x->t.item);
}

/* The event's stored rows (sql, in id order) are the file's n, in the
 * file's order. */
static int same_rows(const pb_event_quick *q, pb_db *db, const char *sql,
		     int64_t id, size_t n,
		     int (*row_is)(const pb_event_quick *, pb_stmt *, size_t))
{
	size_t i = 0;
	pb_stmt *st;
	pb_err e;
	int rc, same = 1;

	if (pb_db_prepare(db, sql, &st, &e) != PB_OK)
		return 0;
	pb_bind_int(st, 1, id);
	while (same && (rc = pb_step(st, &e)) == PB_ROW)
		same = i < n && row_is(q, st, i++);
	pb_stmt_done(st);
	return same && rc == PB_DONE && i == n;
}

/* ---- a new event, written --------------------------------------------- */

static const char MAX_EVENT[] = "SELECT COALESCE(max(id), 0) FROM events";
static const char MAX_PART[] =
	"SELECT COALESCE(max(id), 0) FROM participants";
static const char MAX_CONTRIB[] =
	"SELECT COALESCE(max(id), 0) FROM contributions";
static const char *const event_tables[] = {"events", "participants",
					   "contributions", NULL};

/* The next ids, one above each table's highest (as PB_NEXT_ID): read
 * once, then counted, until the ordinary path writes. */
static int next_ids(pb_event_quick *q, pb_db *db)
{
	int64_t ev, pa, co;
	pb_err e;

	if (q->next_event)
		return 0;
	if (pb_query_int(db, MAX_EVENT, 0, 0, &ev, &e) != PB_OK ||
	    pb_query_int(db, MAX_PART, 0, 0, &pa, &e) != PB_OK ||
	    pb_query_int(db, MAX_CONTRIB, 0, 0, &co, &e) != PB_OK)
		return -1;
	if (q->had < 0)
		q->had = ev;
	q->next_event = ev + 1;
	q->next_part = pa + 1;
	q->next_contrib = co + 1;
	return 0;
}

/* Write every row held, the events first (the rows name them). */
static int write_all(pb_event_quick *q, pb_db *db, pb_err *e)
{
	int i, rc;

	for (i = 0, rc = PB_OK; i < 3 && rc == PB_OK; i++)
		rc = write_held(db, &q->rows[i], e);
	/* Failed, they are the rollback's: not tried again. */
	for (i = 0; i < 3; i++)
		q->rows[i].n = 0;
	q->used = 0;
	return rc;
}

/* Whether an event held names this ref or id: it must be written before
 * the database is asked for either. */
static int holds(const pb_event_quick *q, const char *ref, int64_t id)
{
	const held *h = &q->rows[0];
	size_t i;

	for (i = 0; i < h->n; i++) {
		const cell *c = &h->c[i * (size_t)h->ncols];

		if ((id && c[0].i == id) ||
		    (ref && c[1].kind == 2 && strcmp(c[1].t, ref) == 0))
			return 1;
	}
	return 0;
}

static void set_int(cell *c, int64_t v)
{
	c->kind = 1;
	c->i = v;
}

static void set_opt(cell *c, int64_t v, int given)
{
	if (given)
		set_int(c, v);
}

/* Text into the arena (room was made for it). */
static void set_text(pb_event_quick *q, cell *c, const char *t)
{
	size_t len;

	if (!t)
		return;
	len = strlen(t) + 1;
	memcpy(q->arena + q->used, t, len);
	c->kind = 2;
	c->t = q->arena + q->used;
	q->used += len;
}

static size_t text_len(const char *t)
{
	return t ? strlen(t) + 1 : 0;
}

/* The arena bytes a new event's text takes. */
static size_t event_text(const pb_event_quick *q, const pb_rec *r, size_t np,
			 size_t nc)
{
	size_t need = 0, i;

	for (i = 0; i < r->n; i++)
		need += text_len(r->v[i]);
	for (i = 0; i < np; i++)
		need += text_len(q->pv[i].role) + text_len(q->pv[i].award);
	for (i = 0; i < nc; i++)
		need += text_len(q->cv[i].t.type) + text_len(q->cv[i].t.unit) +
			text_len(q->cv[i].t.item);
	return need;
}

/* A new event and its rows held to be written with the next ones, its
 * figures to the totals now. */
static int hold_new(pb_event_quick *q, pb_db *db, const pb_rec *r,
		    int64_t id, const pb_tot_event *ev, size_t np, size_t nc,
		    pb_err *e)
{
	size_t need = event_text(q, r, np, nc), i;
	cell *c;
	int rc;

	/* An event too large for the arena goes the ordinary way. */
	if (need > ARENA)
		return -1;
	if (q->used + need > ARENA && (rc = write_all(q, db, e)) != PB_OK)
		return rc;
	if (!(c = new_row(&q->rows[0])))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	set_int(&c[0], id);
	set_text(q, &c[1], r->v[q->f_ref]);
	set_text(q, &c[2], ev->date);
	set_text(q, &c[3], r->v[q->f_end]);
	set_text(q, &c[4], ev->kind);
	set_text(q, &c[5], r->v[q->f_title]);
	set_int(&c[6], ev->org);
	set_opt(&c[7], ev->pair, ev->pair != 0);
	set_text(q, &c[8], r->v[q->f_place]);
	set_opt(&c[9], ev->households, r->v[q->f_households] != NULL);
	set_opt(&c[10], ev->persons, r->v[q->f_persons] != NULL);
	set_opt(&c[11], ev->jobs, r->v[q->f_jobs] != NULL);
	set_text(q, &c[12], r->v[q->f_note]);
	if ((rc = pb_totals_add_event(db, ev, e)) != PB_OK)
		return rc;
	for (i = 0; i < np; i++) {
		const qpart *x = &q->pv[i];

		if (!(c = new_row(&q->rows[1])))
			return pb_fail(e, PB_SOFTWARE, "out of memory");
		set_int(&c[0], q->next_part++);
		set_int(&c[1], id);
		set_opt(&c[2], x->t.org, x->t.org != 0);
		set_opt(&c[3], x->t.member, x->t.member != 0);
		set_int(&c[4], x->t.people);
		set_int(&c[5], x->t.hours_milli);
		set_text(q, &c[6], x->role);
		set_text(q, &c[7], x->award);
		if ((rc = pb_totals_add_part(db, ev, &x->t, e)) != PB_OK)
			return rc;
	}
	for (i = 0; i < nc; i++) {
		const qcontrib *x = &q->cv[i];

		if (!(c = new_row(&q->rows[2])))
			return pb_fail(e, PB_SOFTWARE, "out of memory");
		set_int(&c[0], q->next_contrib++);
		set_int(&c[1], id);
		set_opt(&c[2], x->org, x->org != 0);
		set_opt(&c[3], x->member, x->member != 0);
		set_text(q, &c[4], x->t.type);
		set_opt(&c[5], x->t.value_fen, x->has_value);
		set_opt(&c[6], x->t.quantity_milli, x->t.has_quantity);
		set_text(q, &c[7], x->t.unit);
		set_text(q, &c[8], x->t.item);
		if ((rc = pb_totals_add_contrib(db, ev, &x->t, e)) != PB_OK)
			return rc;
	}
	return q->rows[0].n < HOLD_EVENTS ? PB_OK : write_all(q, db, e);
}

/* A new event by check_event's and write_event's rules (event.c), then
 * written; -1 when one is broken. */
static int create(pb_event_quick *q, pb_db *db, pb_rec *r, int64_t org,
		  size_t np, size_t nc, int *created, pb_err *e)
{
	const char *date = r->v[q->f_date];
	pb_tot_event ev = {date, r->v[q->f_kind], org, 0, 0, 0, 0, 0, 0};
	int64_t id, taken;
	pb_err scratch; /* a failed lookup sends the record the ordinary way */
	int rc;

	if (!org || pb_event_rules(r, &scratch) != PB_OK)
		return -1;
	if (r->v[q->f_pair]) {
		if (!(ev.community = resolve(db, &q->communities,
					     community_resolve, r->v[q->f_pair])) ||
		    !(ev.partner = resolve(db, &q->partners, partner_resolve,
					   r->v[q->f_pair])))
			return -1;
		ev.pair = strtoll(r->v[q->f_pair], NULL, 10);
	}
	/* An id kept from the file beside a ref may be another event's. */
	if (r->id && r->v[q->f_ref] &&
	    (pb_query_int(db, pb_event_id_sql, r->id, 0, &taken, &scratch) != PB_OK ||
	     taken))
		return -1;
	if (next_ids(q, db) != 0)
		return -1;
	if (!q->deferred && q->created >= DEFER_AFTER && q->created >= q->had) {
		if ((rc = pb_db_defer_indexes(db, event_tables, "event_id", e)) !=
		    PB_OK)
			return rc;
		q->deferred = 1;
	}
	id = r->id ? r->id : q->next_event;
	if (id >= q->next_event)
		q->next_event = id + 1;
	if (r->v[q->f_households])
		ev.households = strtoll(r->v[q->f_households], NULL, 10);
	if (r->v[q->f_persons])
		ev.persons = strtoll(r->v[q->f_persons], NULL, 10);
	if (r->v[q->f_jobs])
		ev.jobs = strtoll(r->v[q->f_jobs], NULL, 10);
	if ((rc = hold_new(q, db, r, id, &ev, np, nc, e)) != PB_OK ||
	    (rc = pb_totals_spill(db, TOTALS_HELD, e)) != PB_OK)
		return rc;
	q->created++;
	r->id = id;
	*created = 1;
	return PB_OK;
}

/* A list given: NULL when left out or null. */
static const pb_yval *list_of(const pb_yrec *y, const char *key)
{
	const pb_yval *v = pb_yrec_get((pb_yrec *)y, key);

	return v && !v->is_null ? v : NULL;
}

int pb_event_quick_write(void *arg, pb_db *db, pb_rec *r, const pb_yrec *y,
			 int *created, pb_err *e)
{
	pb_event_quick *q = arg;
	const pb_yval *plist, *clist;
	const char *ref, *orgtext;
	size_t np = 0, nc = 0, i;
	int64_t id = 0, org = 0;
	pb_stmt *st;
	int rc = -1;

	if (!r)
		return q ? write_all(q, db, e) : PB_OK;
	if (!q)
		return -1;
	plist = list_of(y, "participants");
	clist = list_of(y, "contributions");
	ref = r->v[q->f_ref];
	if (grow_rows(q, plist ? plist->nsubs : 0, clist ? clist->nsubs : 0))
		return -1;
	/* The database answers for what it holds. */
	if ((ref || r->id) && holds(q, ref, r->id) &&
	    (rc = write_all(q, db, e)) != PB_OK)
		return rc;
	/* Names first: a lookup may run queries of its own. */
	orgtext = r->v[q->f_org];
	if ((orgtext && !(org = resolve(db, &q->orgs, pb_org_resolve, orgtext))) ||
	    check_parts(q, db, plist, &np) || check_contribs(q, db, clist, &nc))
		goto out;
	if (ref || r->id) {
		pb_err ignored;

		if (pb_db_prepare(db, ref ? EVENT_BY_REF : EVENT_BY_ID, &st,
				  &ignored) != PB_OK)
			goto out;
		if (ref)
			pb_bind_text(st, 1, ref);
		else
			pb_bind_int(st, 1, r->id);
		rc = pb_step(st, &ignored);
		if (rc == PB_ROW && same_event(q, r, org, st))
			id = pb_col_int(st, 0);
		pb_stmt_done(st);
		if (rc == PB_ROW) {
			/* Found: unchanged, or the ordinary path's. */
			rc = -1;
			if (id &&
			    (!plist ||
			     same_rows(q, db, STORED_PARTS, id, np, part_is)) &&
			    (!clist ||
			     same_rows(q, db, STORED_CONTRIBS, id, nc, contrib_is))) {
				r->id = id;
				*created = -1;
				rc = PB_OK;
			}
			goto out;
		}
		if (rc != PB_DONE) {
			rc = -1;
			goto out;
		}
	}
	rc = create(q, db, r, org, np, nc, created, e);
out:
	for (i = 0; i < np; i++)
		pb_rec_free(&q->p[i]);
	for (i = 0; i < nc; i++)
		pb_rec_free(&q->c[i]);
	return rc;
}
