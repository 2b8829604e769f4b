/* The per-month totals (schema steps 7, 9 and 10) kept as deltas: what a write
 * changes is gathered in C, keyed as the tables are, and written at
 * commit in the tables' key order, by upserts (for a set's row an insert,
 * or an update), runs of keys that only add many rows a statement.  An
 * event's part is computed by the same
 * three functions (event, participant row, contribution row) whether its
 * rows come from memory (an import) or from the database (a touch before
 * a change, a read back at commit); the SQL at the end of this file
 * computes the same rows independently, for pb-db check and rebuild. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "totals.h"

/* T_TAKERS: who took part in an org's events of a month (and, for every
 * org, 0, of a year), a row of totals_takers, an entry per member (id)
 * or org (id negated). */
enum { T_EVENTS, T_GOODS, T_PAIRS, T_ROLL, T_TAKERS };
enum { NVAL = 9 }; /* totals_events' figures; the others use 7, 2 or 1 */
/* totals_pairs' figures, in its columns' order. */
enum { P_EVENTS, P_HOUSEHOLDS, P_PERSONS, P_HOURS, P_PARTS, P_CONTRIBS,
       P_VALUE, NPAIR };

typedef struct entry {
	int tab;
	/* id: member, participating org or pair; totals_roll's what (org)
	 * and grain (id), R_ and G_ below */
	int64_t org, id;
	char month[8]; /* YYYY-MM or YYYY, the rest of it zeros */
	char *s1, *s2; /* kind; or item and unit; or category and day */
	int64_t v[NVAL];
} entry;

/* What a savepoint's rollback must take back. */
typedef struct undo {
	size_t entry;
	int64_t v[NVAL];
} undo;

typedef struct mark {
	size_t nundo, ndirty;
} mark;

struct pb_totals {
	entry *ents;
	size_t nents, capents;
	size_t *slots; /* open addressing: entry index + 1, 0 empty */
	size_t nslots;
	int64_t *dirty; /* touched or created events, in order */
	size_t ndirty, capdirty;
	int64_t *dset; /* the same ids, hashed: 0 empty */
	size_t ndset;
	undo *undos;
	size_t nundo, capundo;
	mark *marks;
	size_t nmarks, capmarks;
};

static int oom(pb_err *e)
{
	return pb_fail(e, PB_SOFTWARE, "out of memory");
}

static int grow(void *pp, size_t *cap, size_t need, size_t size)
{
	void **p = pp;
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (!(q = realloc(*p, n * size)))
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
	return h;
}

static uint64_t str_hash(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return mix(h, s ? 1 : 0);
}

static uint64_t key_hash(const entry *k)
{
	uint64_t h = mix((uint64_t)k->tab, (uint64_t)k->org), month;

	memcpy(&month, k->month, sizeof month);
	h = mix(mix(h, (uint64_t)k->id), month);
	h = str_hash(h, k->s1);
	h = str_hash(h, k->s2);
	/* mix leaves the low bits, which pick a slot, to a key's last
	 * fields: spread every bit over them (MurmurHash3's finish). */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 33);
}

static int same_key(const entry *a, const entry *b)
{
	return a->tab == b->tab && a->org == b->org && a->id == b->id &&
	       memcmp(a->month, b->month, sizeof a->month) == 0 &&
	       pb_text_same(a->s1, b->s1) &&
	       pb_text_same(a->s2, b->s2);
}

static pb_totals *state(pb_db *db, pb_err *e)
{
	if (!db->tot && !(db->tot = calloc(1, sizeof *db->tot)))
		oom(e);
	return db->tot;
}

static int rehash(pb_totals *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 64, i;
	size_t *s = calloc(n, sizeof *s);

	if (!s)
		return -1;
	for (i = 0; i < t->nents; i++) {
		size_t j = key_hash(&t->ents[i]) & (n - 1);

		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = i + 1;
	}
	free(t->slots);
	t->slots = s;
	t->nslots = n;
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Add v to the key's deltas (made when new), keeping what a savepoint's
 * rollback needs to take it back. */
static int add(pb_totals *t, const entry *k, const int64_t *v, int nv,
	       pb_err *e)
{
	size_t j;
	entry *x;
	int i;

	if ((t->nents + 1) * 2 > t->nslots && rehash(t) != 0)
		return oom(e);
	j = key_hash(k) & (t->nslots - 1);
	while (t->slots[j] && !same_key(&t->ents[t->slots[j] - 1], k))
		j = (j + 1) & (t->nslots - 1);
	if (!t->slots[j]) {
		if (grow(&t->ents, &t->capents, t->nents + 1, sizeof *t->ents) != 0)
			return oom(e);
		x = &t->ents[t->nents];
		*x = *k;
		x->s1 = dup_or_null(k->s1);
		x->s2 = dup_or_null(k->s2);
		memset(x->v, 0, sizeof x->v);
		if ((k->s1 && !x->s1) || (k->s2 && !x->s2)) {
			free(x->s1);
			free(x->s2);
			return oom(e);
		}
		t->slots[j] = ++t->nents;
	}
	x = &t->ents[t->slots[j] - 1];
	if (t->nmarks) {
		undo *u;

		if (grow(&t->undos, &t->capundo, t->nundo + 1, sizeof *t->undos) != 0)
			return oom(e);
		u = &t->undos[t->nundo++];
		u->entry = t->slots[j] - 1;
		memset(u->v, 0, sizeof u->v);
		memcpy(u->v, v, (size_t)nv * sizeof *v);
	}
	for (i = 0; i < nv; i++)
		x->v[i] += v[i];
	return PB_OK;
}

/* The same delta for the organizer's row and for every org's (0). */
static int add_both(pb_totals *t, entry *k, const int64_t *v, int nv,
		    pb_err *e)
{
	int rc = add(t, k, v, nv, e);

	if (rc == PB_OK) {
		int64_t org = k->org;

		k->org = 0;
		rc = add(t, k, v, nv, e);
		k->org = org;
	}
	return rc;
}

/* A date's month; the date checked whole by the one date parser, since
 * a record written past pb may hold anything ('2025-13-01' made a
 * month 13 of its own). */
static int month_of(const char *date, char month[8], pb_err *e)
{
	pb_date d;
	pb_err not_a_date;

	if (!date || pb_date_parse(date, &d, &not_a_date) != PB_OK)
		return pb_fail(e, PB_DATAERR,
			       "the records hold '%s' where a date (YYYY-MM-DD) "
			       "belongs, written past pb: correct it, then run "
			       "'pb-db rebuild'",
			       date ? date : "");
	memcpy(month, date, 7);
	month[7] = '\0';
	return PB_OK;
}

static int event_key(const pb_tot_event *ev, entry *k, pb_err *e)
{
	memset(k, 0, sizeof *k);
	k->tab = T_EVENTS;
	k->org = ev->org;
	k->s1 = (char *)ev->kind;
	return month_of(ev->date, k->month, e);
}

/* An event's pair's figures v: the pair's whole (org 0) and, when org
 * is one of the pair's two sides, that org's part (the pairs report reads
 * no other org's; a pair's sides changed touch its events). */
static int add_pair(pb_totals *t, const pb_tot_event *ev, int64_t org,
		    const int64_t *v, pb_err *e)
{
	entry k;
	int rc;

	if ((rc = event_key(ev, &k, e)) != PB_OK)
		return rc;
	k.tab = T_PAIRS;
	k.s1 = NULL;
	k.id = ev->pair;
	k.org = org && (org == ev->community || org == ev->partner) ? org : 0;
	return k.org ? add_both(t, &k, v, NPAIR, e) : add(t, &k, v, NPAIR, e);
}

static int apply_event(pb_totals *t, const pb_tot_event *ev, int sign,
		       pb_err *e)
{
	int64_t v[NVAL] = {sign, sign * ev->households, sign * ev->persons,
			   sign * ev->jobs};
	int64_t w[NPAIR] = {sign, sign * ev->households, sign * ev->persons};
	entry k;
	int rc;

	if ((rc = event_key(ev, &k, e)) != PB_OK ||
	    (rc = add_both(t, &k, v, NVAL, e)) != PB_OK || !ev->pair)
		return rc;
	return add_pair(t, ev, ev->org, w, e);
}

static int apply_part(pb_totals *t, const pb_tot_event *ev,
		      const pb_tot_part *p, int sign, pb_err *e)
{
	int64_t v[NVAL] = {0}, w[NPAIR] = {0}, n = sign;
	entry k;
	int rc;

	if (p->awardee)
		return PB_OK;
	if ((rc = event_key(ev, &k, e)) != PB_OK)
		return rc;
	v[4] = sign * (p->member ? 1 : p->people);
	v[5] = sign * p->hours_milli * (p->member ? 1 : p->people);
	if ((rc = add_both(t, &k, v, NVAL, e)) != PB_OK)
		return rc;
	k.s1 = NULL;
	k.tab = T_TAKERS;
	k.id = p->member ? p->member : -p->org;
	if ((rc = add_both(t, &k, &n, 1, e)) != PB_OK || !ev->pair)
		return rc;
	/* The pair's part: a member's row is in its whole alone. */
	w[P_HOURS] = v[5];
	w[P_PARTS] = sign;
	return add_pair(t, ev, p->member ? 0 : p->org, w, e);
}

static int apply_contrib(pb_totals *t, const pb_tot_event *ev,
			 const pb_tot_contrib *c, int sign, pb_err *e)
{
	int cash = c->type && strcmp(c->type, "cash") == 0;
	int64_t v[NVAL] = {0}, w[NPAIR] = {0};
	entry k;
	int rc;

	if ((rc = event_key(ev, &k, e)) != PB_OK)
		return rc;
	v[6] = sign;
	v[cash ? 7 : 8] = sign * c->value_fen;
	if ((rc = add_both(t, &k, v, NVAL, e)) != PB_OK)
		return rc;
	if (ev->pair) {
		/* A member's gift is in the pair's whole alone. */
		w[P_CONTRIBS] = sign;
		w[P_VALUE] = sign * c->value_fen;
		if ((rc = add_pair(t, ev, c->from_org, w, e)) != PB_OK)
			return rc;
	}
	if (!c->has_quantity || !c->type || strcmp(c->type, "goods") != 0)
		return PB_OK;
	k.tab = T_GOODS;
	k.s1 = (char *)(c->item ? c->item : "");
	k.s2 = (char *)(c->unit ? c->unit : "");
	v[0] = sign * c->quantity_milli;
	v[1] = sign;
	return add_both(t, &k, v, 2, e);
}

int pb_totals_add_event(pb_db *db, const pb_tot_event *ev, pb_err *e)
{
	pb_totals *t = state(db, e);

	return t ? apply_event(t, ev, 1, e) : e->code;
}

int pb_totals_add_part(pb_db *db, const pb_tot_event *ev, const pb_tot_part *p,
		       pb_err *e)
{
	pb_totals *t = state(db, e);

	return t ? apply_part(t, ev, p, 1, e) : e->code;
}

int pb_totals_add_contrib(pb_db *db, const pb_tot_event *ev,
			  const pb_tot_contrib *c, pb_err *e)
{
	pb_totals *t = state(db, e);

	return t ? apply_contrib(t, ev, c, 1, e) : e->code;
}

/* ---- an event's part, from its rows -------------------------------- */

static const char EVENT_ROW[] =
	"SELECT e.date, e.kind, e.org_id, COALESCE(e.households, 0), "
	"COALESCE(e.persons, 0), COALESCE(e.jobs, 0), COALESCE(e.pair_id, 0), "
	"COALESCE(p.community_id, 0), COALESCE(p.partner_id, 0) "
	"FROM events e LEFT JOIN pairs p ON p.id = e.pair_id WHERE e.id = ?1";
static const char PART_ROWS[] =
	"SELECT COALESCE(org_id, 0), COALESCE(member_id, 0), people, "
	"hours_milli, CASE WHEN role = 'awardee' THEN 1 ELSE 0 END "
	"FROM participants WHERE event_id = ?1";
static const char CONTRIB_ROWS[] =
	"SELECT type, item, unit, COALESCE(value_fen, 0), quantity_milli, "
	"COALESCE(from_org_id, 0) FROM contributions WHERE event_id = ?1";

/* Add (sign 1) or take away (-1) the event's part as its rows are now;
 * an event not there has none. */
static int apply_rows(pb_db *db, pb_totals *t, int64_t id, int sign,
		      pb_err *e)
{
	char date[16] = "", kind[64] = "";
	pb_tot_event ev = {date, kind, 0, 0, 0, 0, 0, 0, 0};
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, EVENT_ROW, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	if ((rc = pb_step(st, e)) == PB_ROW) {
		snprintf(date, sizeof date, "%s", pb_col_text(st, 0));
		snprintf(kind, sizeof kind, "%s", pb_col_text(st, 1));
		ev.org = pb_col_int(st, 2);
		ev.households = pb_col_int(st, 3);
		ev.persons = pb_col_int(st, 4);
		ev.jobs = pb_col_int(st, 5);
		ev.pair = pb_col_int(st, 6);
		ev.community = pb_col_int(st, 7);
		ev.partner = pb_col_int(st, 8);
	}
	pb_stmt_done(st);
	if (rc == PB_DONE)
		return PB_OK;
	if (rc != PB_ROW || (rc = apply_event(t, &ev, sign, e)) != PB_OK)
		return rc;

	if ((rc = pb_db_prepare(db, PART_ROWS, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	while ((rc = pb_step(st, e)) == PB_ROW) {
		pb_tot_part p = {pb_col_int(st, 0), pb_col_int(st, 1),
				 pb_col_int(st, 2), pb_col_int(st, 3),
				 (int)pb_col_int(st, 4)};

		if ((rc = apply_part(t, &ev, &p, sign, e)) != PB_OK)
			break;
	}
	pb_stmt_done(st);
	if (rc != PB_DONE)
		return rc;

	if ((rc = pb_db_prepare(db, CONTRIB_ROWS, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	while ((rc = pb_step(st, e)) == PB_ROW) {
		pb_tot_contrib c = {pb_col_text(st, 0), pb_col_text(st, 1),
				    pb_col_text(st, 2), pb_col_int(st, 3),
				    pb_col_int(st, 4), !pb_col_null(st, 4),
				    pb_col_int(st, 5)};

		if ((rc = apply_contrib(t, &ev, &c, sign, e)) != PB_OK)
			break;
	}
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

/* ---- a member's part, from its rows -------------------------------- */

/* totals_roll's what (an entry's org) and grain (its id). */
enum { R_ROLL, R_REGISTERED };
enum { G_YEAR, G_MONTH, G_DAY };
static const char *const roll_what[] = {"roll", "registered"};
static const char *const roll_grain[] = {"y", "m", "d"};

/* n on day (NULL: before any day known) in what's count of category:
 * in the rows of its year, its month and itself. */
static int add_roll(pb_totals *t, int what, const char *category,
		    const char *day, int64_t n, pb_err *e)
{
	char month[8] = "", year[5] = "";
	const char *keys[] = {year, month, day};
	int g, last = day ? G_DAY : G_YEAR, rc = PB_OK;
	entry k;

	if (day && (rc = month_of(day, month, e)) != PB_OK)
		return rc;
	memcpy(year, month, 4);
	memset(&k, 0, sizeof k);
	k.tab = T_ROLL;
	k.org = what;
	k.s1 = (char *)category;
	for (g = G_YEAR; rc == PB_OK && g <= last; g++) {
		k.id = g;
		k.s2 = (char *)keys[g];
		rc = add(t, &k, &n, 1, e);
	}
	return rc;
}

/* n from `from` (NULL: from always) to the day before `to` (NULL: no
 * end): nothing when to is not after from. */
static int add_span(pb_totals *t, int what, const char *category,
		    const char *from, const char *to, int64_t n, pb_err *e)
{
	int rc;

	if (from && to && strcmp(from, to) >= 0)
		return PB_OK;
	if ((rc = add_roll(t, what, category, from, n, e)) != PB_OK || !to)
		return rc;
	return add_roll(t, what, category, to, -n, e);
}

/* The later and the earlier of two days, NULL being no bound. */
static const char *later(const char *a, const char *b)
{
	return !a ? b : !b ? a : strcmp(a, b) < 0 ? b : a;
}

static const char *earlier(const char *a, const char *b)
{
	return !a ? b : !b ? a : strcmp(a, b) < 0 ? a : b;
}

static char *col_dup(pb_stmt *st, int i, int *oom_)
{
	char *s;

	if (pb_col_null(st, i))
		return NULL;
	if (!(s = strdup(pb_col_text(st, i))))
		*oom_ = 1;
	return s;
}

static const char MEMBER_ROW[] =
	"SELECT category, joined_on, left_on FROM members WHERE id = ?1";
static const char MEMBER_REGS[] =
	"SELECT since, until FROM registrations WHERE member_id = ?1";

/* Add (sign 1) or take away (-1) the member's part as its row and its
 * registrations are now: on the roll from joined_on to the day before
 * left_on; registered over the days a registration and the roll both
 * hold.  A member not there has none. */
static int apply_member(pb_db *db, pb_totals *t, int64_t id, int sign,
			pb_err *e)
{
	char *category = NULL, *joined = NULL, *left = NULL, *since, *until;
	int failed = 0, rc;
	pb_stmt *st;

	if ((rc = pb_db_prepare(db, MEMBER_ROW, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	if ((rc = pb_step(st, e)) == PB_ROW) {
		category = col_dup(st, 0, &failed);
		joined = col_dup(st, 1, &failed);
		left = col_dup(st, 2, &failed);
	}
	pb_stmt_done(st);
	if (rc != PB_ROW)
		return rc == PB_DONE ? PB_OK : rc;
	/* category is NOT NULL: none here is a copy that failed. */
	if (failed || !category)
		rc = oom(e);
	else if ((rc = add_span(t, R_ROLL, category, joined, left, sign, e)) ==
		 PB_OK &&
		 (rc = pb_db_prepare(db, MEMBER_REGS, &st, e)) == PB_OK) {
		pb_bind_int(st, 1, id);
		while ((rc = pb_step(st, e)) == PB_ROW) {
			since = col_dup(st, 0, &failed);
			until = col_dup(st, 1, &failed);
			rc = failed ? oom(e)
				    : add_span(t, R_REGISTERED, category,
					       later(joined, since),
					       earlier(left, until), sign, e);
			free(since);
			free(until);
			if (rc != PB_OK)
				break;
		}
		pb_stmt_done(st);
	}
	free(category);
	free(joined);
	free(left);
	return rc == PB_DONE ? PB_OK : rc;
}

/* ---- touched and created events and members ------------------------ */

static uint64_t id_hash(int64_t id)
{
	return mix(0, (uint64_t)id);
}

/* The set of the first ndirty ids, in n slots. */
static int dset_rehash(pb_totals *t, size_t n)
{
	size_t i;
	int64_t *s = calloc(n, sizeof *s);

	if (!s)
		return -1;
	for (i = 0; i < t->ndirty; i++) {
		size_t j = id_hash(t->dirty[i]) & (n - 1);

		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = t->dirty[i];
	}
	free(t->dset);
	t->dset = s;
	t->ndset = n;
	return 0;
}

static size_t dset_slot(const pb_totals *t, int64_t id)
{
	size_t j = id_hash(id) & (t->ndset - 1);

	while (t->dset[j] && t->dset[j] != id)
		j = (j + 1) & (t->ndset - 1);
	return j;
}

/* 1: newly marked; 0: marked before in this transaction. */
static int mark_dirty(pb_totals *t, int64_t id, pb_err *e)
{
	size_t j;

	if ((t->ndirty + 1) * 2 > t->ndset &&
	    dset_rehash(t, t->ndset ? t->ndset * 2 : 64) != 0)
		return oom(e), -1;
	j = dset_slot(t, id);
	if (t->dset[j])
		return 0;
	if (grow(&t->dirty, &t->capdirty, t->ndirty + 1, sizeof *t->dirty) != 0)
		return oom(e), -1;
	t->dset[j] = id;
	t->dirty[t->ndirty++] = id;
	return 1;
}

/* What a key of the marks stands for, added (sign 1) or taken away (-1): an event,
 * or a member, marked by its id negated. */
static int apply_marked(pb_db *db, pb_totals *t, int64_t key, int sign,
			pb_err *e)
{
	return key < 0 ? apply_member(db, t, -key, sign, e)
			: apply_rows(db, t, key, sign, e);
}

/* Mark; when newly marked and take, take away its part as it is now. */
static int mark_taking(pb_db *db, int64_t key, int take, pb_err *e)
{
	pb_totals *t = state(db, e);
	int fresh;

	if (!t)
		return e->code;
	if ((fresh = mark_dirty(t, key, e)) <= 0 || !take)
		return fresh < 0 ? e->code : PB_OK;
	return apply_marked(db, t, key, -1, e);
}

int pb_totals_touch(pb_db *db, int64_t event, pb_err *e)
{
	return mark_taking(db, event, 1, e);
}

int pb_totals_created(pb_db *db, int64_t event, pb_err *e)
{
	return mark_taking(db, event, 0, e);
}

int pb_totals_touch_member(pb_db *db, int64_t member, pb_err *e)
{
	return mark_taking(db, -member, 1, e);
}

int pb_totals_member_created(pb_db *db, int64_t member, pb_err *e)
{
	return mark_taking(db, -member, 0, e);
}

/* touch for every id the query (one bound id) lists. */
static int touch_listed(pb_db *db, const char *sql, int64_t id,
			int (*touch)(pb_db *, int64_t, pb_err *), pb_err *e)
{
	int64_t *ids;
	size_t n, i;
	int rc;

	/* Ids first, touched after: a touch runs queries of its own. */
	if ((rc = pb_query_ids(db, sql, id, &ids, &n, e)) != PB_OK)
		return rc;
	for (i = 0; rc == PB_OK && i < n; i++)
		rc = touch(db, ids[i], e);
	free(ids);
	return rc;
}

int pb_totals_touch_query(pb_db *db, const char *sql, int64_t id, pb_err *e)
{
	return touch_listed(db, sql, id, pb_totals_touch, e);
}

int pb_totals_touch_members(pb_db *db, const char *sql, int64_t id,
			    pb_err *e)
{
	return touch_listed(db, sql, id, pb_totals_touch_member, e);
}

/* ---- the transaction's end ----------------------------------------- */

/* Each table's rows are written by an insert made of a head, the rows'
 * parameters and a tail (pb_sql_rows): an upsert, or for a set's row
 * (members, orgs) an insert that makes it where it is not.  A run of
 * rows that only add is written ROWS_PER(table) at a time, the rest a
 * statement a row. */
static const char EVENTS_HEAD[] =
	"INSERT INTO totals_events (org_id, month, kind, events, households, "
	"persons, jobs, person_times, hours_milli, contributions, cash_fen, "
	"in_kind_fen) VALUES ";
static const char EVENTS_TAIL[] =
	" ON CONFLICT (org_id, month, kind) DO UPDATE SET "
	"events = totals_events.events + excluded.events, "
	"households = totals_events.households + excluded.households, "
	"persons = totals_events.persons + excluded.persons, "
	"jobs = totals_events.jobs + excluded.jobs, "
	"person_times = totals_events.person_times + excluded.person_times, "
	"hours_milli = totals_events.hours_milli + excluded.hours_milli, "
	"contributions = totals_events.contributions + excluded.contributions, "
	"cash_fen = totals_events.cash_fen + excluded.cash_fen, "
	"in_kind_fen = totals_events.in_kind_fen + excluded.in_kind_fen";
static const char PRUNE_EVENTS[] =
	"DELETE FROM totals_events WHERE org_id = ?1 AND month = ?2 AND "
	"kind = ?3 AND events = 0";
static const char GOODS_HEAD[] =
	"INSERT INTO totals_goods (org_id, month, item, unit, quantity_milli, n) "
	"VALUES ";
static const char GOODS_TAIL[] =
	" ON CONFLICT (org_id, month, item, unit) "
	"DO UPDATE SET quantity_milli = totals_goods.quantity_milli + "
	"excluded.quantity_milli, n = totals_goods.n + excluded.n";
static const char PRUNE_GOODS[] =
	"DELETE FROM totals_goods WHERE org_id = ?1 AND month = ?2 AND "
	"item = ?3 AND unit = ?4 AND n = 0";
static const char PAIRS_HEAD[] =
	"INSERT INTO totals_pairs (org_id, month, pair_id, events, households, "
	"persons, hours_milli, participants, contributions, value_fen) VALUES ";
static const char PAIRS_TAIL[] =
	" ON CONFLICT (pair_id, month, org_id) DO UPDATE SET "
	"events = totals_pairs.events + excluded.events, "
	"households = totals_pairs.households + excluded.households, "
	"persons = totals_pairs.persons + excluded.persons, "
	"hours_milli = totals_pairs.hours_milli + excluded.hours_milli, "
	"participants = totals_pairs.participants + excluded.participants, "
	"contributions = totals_pairs.contributions + excluded.contributions, "
	"value_fen = totals_pairs.value_fen + excluded.value_fen";
static const char PRUNE_PAIRS[] =
	"DELETE FROM totals_pairs WHERE org_id = ?1 AND month = ?2 AND "
	"pair_id = ?3 AND events = 0 AND participants = 0 AND contributions = 0";

static const char ROLL_HEAD[] =
	"INSERT INTO totals_roll (grain, day, what, category, n) VALUES ";
static const char ROLL_TAIL[] =
	" ON CONFLICT (grain, day, what, category) DO "
	"UPDATE SET n = totals_roll.n + excluded.n";
static const char PRUNE_ROLL[] =
	"DELETE FROM totals_roll WHERE grain = ?1 AND day = ?2 AND what = ?3 "
	"AND category = ?4 AND n = 0";

/* nkey: the key's columns (bind_key); nv: the figures after them.
 * counts: the figures that say whether anything is behind a row (a bit
 * each); a row some of them went down in may be left with nothing.
 * either_way: n goes up and down (a roll's row), so a delta of either
 * sign may leave it at 0. */
static const struct table {
	const char *head, *tail, *prune;
	int nkey, nv;
	unsigned counts;
	int either_way;
} tables[] = {
	[T_EVENTS] = {EVENTS_HEAD, EVENTS_TAIL, PRUNE_EVENTS, 3, NVAL, 1u << 0,
		      0},
	[T_GOODS] = {GOODS_HEAD, GOODS_TAIL, PRUNE_GOODS, 4, 2, 1u << 1, 0},
	[T_PAIRS] = {PAIRS_HEAD, PAIRS_TAIL, PRUNE_PAIRS, 3, NPAIR,
		     1u << P_EVENTS | 1u << P_PARTS | 1u << P_CONTRIBS, 0},
	[T_ROLL] = {ROLL_HEAD, ROLL_TAIL, PRUNE_ROLL, 4, 1, 1u << 0, 1},
	/* Written by write_takers, a row an org's month (or year). */
	[T_TAKERS] = {NULL, NULL, NULL, 3, 1, 1u << 0, 0},
};
#define NTABLES (sizeof tables / sizeof *tables)
#define ROWS_PER(tab) (PB_MOST_PARAMS / (tables[tab].nkey + tables[tab].nv))
/* The most rows of any table's many-row statement (a set's). */
#define ROWS_MOST (PB_MOST_PARAMS / 4)

/* A table's insert of one row or of ROWS_PER, made once: a statement is
 * cached by its text's address.  NULL (which pb_db_prepare refuses): a
 * text past its buffer. */
static const char *insert_of(int tab, int many)
{
	static char text[NTABLES][2][PB_MOST_PARAMS * 8 + 1024];
	const struct table *tb = &tables[tab];
	char *buf = text[tab][many];

	if (buf[0])
		return buf;
	return pb_sql_rows(buf, sizeof text[0][0], tb->head,
			   tb->nkey + tb->nv, many ? ROWS_PER(tab) : 1,
			   tb->tail);
}

/* The key's columns, in the order all statements take them, from
 * parameter base + 1; the next parameter. */
static int bind_key(pb_stmt *st, const entry *x, int base)
{
	if (x->tab == T_ROLL) {
		pb_bind_text(st, base + 1, roll_grain[x->id]);
		pb_bind_text(st, base + 2, x->s2);
		pb_bind_text(st, base + 3, roll_what[x->org]);
		pb_bind_text(st, base + 4, x->s1);
		return base + 5;
	}
	pb_bind_int(st, base + 1, x->org);
	pb_bind_text(st, base + 2, x->month);
	if (x->tab == T_EVENTS || x->tab == T_GOODS) {
		pb_bind_text(st, base + 3, x->s1);
		if (x->tab == T_EVENTS)
			return base + 4;
		pb_bind_text(st, base + 4, x->s2);
		return base + 5;
	}
	pb_bind_int(st, base + 3, x->id);
	return base + 4;
}

/* The key and, with values, the figures of x as the row at base. */
static void bind_row(pb_stmt *st, const entry *x, int values, int base)
{
	int i, next = bind_key(st, x, base);

	for (i = 0; values && i < tables[x->tab].nv; i++)
		pb_bind_int(st, next + i, x->v[i]);
}

/* Run sql over x's key and, with values, its figures. */
static int run_key(pb_db *db, const char *sql, const entry *x, int values,
		   pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	bind_row(st, x, values, 0);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

/* Whether x's row may be left with nothing behind it (then pruned);
 * *nonzero: whether x changes it at all. */
static int may_empty(const entry *x, int *nonzero)
{
	const struct table *tb = &tables[x->tab];
	int i, fewer = 0;

	*nonzero = 0;
	for (i = 0; i < tb->nv; i++) {
		*nonzero |= x->v[i] != 0;
		fewer |= (tb->counts >> i & 1u) &&
			 (x->v[i] < 0 || (tb->either_way && x->v[i]));
	}
	return fewer;
}

/* An entry that only adds: a row of an insert, alone or among many. */
static int adds_only(const entry *x)
{
	int nonzero;

	return !may_empty(x, &nonzero) && nonzero;
}

/* Rows of one table, at[0..rows) in t->ents (rows 1 or ROWS_PER), each
 * adding only, written by one insert. */
static int write_rows(pb_db *db, pb_totals *t, const size_t *at, int rows,
		      pb_err *e)
{
	int tab = t->ents[at[0]].tab, r, rc;
	int ncols = tables[tab].nkey + tables[tab].nv;
	pb_stmt *st;

	if ((rc = pb_db_prepare(db, insert_of(tab, rows > 1), &st, e)) != PB_OK)
		return rc;
	for (r = 0; r < rows; r++)
		bind_row(st, &t->ents[at[r]], 1, r * ncols);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

/* One entry: a row that only adds is inserted; another upserted, then
 * pruned if it may be left with nothing. */
static int write_entry(pb_db *db, pb_totals *t, size_t at, pb_err *e)
{
	const entry *x = &t->ents[at];
	int rc, nonzero;

	if (adds_only(x))
		return write_rows(db, t, &at, 1, e);
	if (!may_empty(x, &nonzero))
		return PB_OK;
	if ((rc = write_rows(db, t, &at, 1, e)) != PB_OK)
		return rc;
	return run_key(db, tables[x->tab].prune, x, 0, e);
}

/* The order of a table's primary key: an entry's id leads for pairs. */
static int key_cmp(const void *pa, const void *pb)
{
	const entry *a = *(const entry *const *)pa, *b = *(const entry *const *)pb;
	int64_t a1 = a->tab == T_PAIRS ? a->id : a->org;
	int64_t b1 = b->tab == T_PAIRS ? b->id : b->org;
	int64_t a2 = a->tab == T_PAIRS ? a->org : a->id;
	int64_t b2 = b->tab == T_PAIRS ? b->org : b->id;
	int c;

	if (a->tab != b->tab)
		return a->tab < b->tab ? -1 : 1;
	if (a1 != b1)
		return a1 < b1 ? -1 : 1;
	if ((c = memcmp(a->month, b->month, sizeof a->month)) != 0)
		return c;
	if (a2 != b2)
		return a2 < b2 ? -1 : 1;
	if ((c = strcmp(a->s1 ? a->s1 : "", b->s1 ? b->s1 : "")) != 0)
		return c;
	return strcmp(a->s2 ? a->s2 : "", b->s2 ? b->s2 : "");
}

/* The write's entries in each table's key order, so that each table is
 * written from one end to the other rather than at random (0.45 us of
 * an upsert's 1.4 on the import's sets); NULL when out of memory, which
 * then writes them as they are. */
static size_t *key_order(const pb_totals *t)
{
	const entry **by = malloc(t->nents * sizeof *by);
	size_t *at = malloc(t->nents * sizeof *at);
	size_t i;

	if (!by || !at) {
		free(by);
		free(at);
		return NULL;
	}
	for (i = 0; i < t->nents; i++)
		by[i] = &t->ents[i];
	qsort(by, t->nents, sizeof *by, key_cmp);
	for (i = 0; i < t->nents; i++)
		at[i] = (size_t)(by[i] - t->ents);
	free(by);
	return at;
}

/* The entry written at position i of the flush: in key order, then
 * those added behind the first n as they were added. */
static size_t entry_at(const size_t *order, size_t n, size_t i)
{
	return order && i < n ? order[i] : i;
}

/* The entries from position i into at, how many: a run of one table's
 * that only add, as long as its many-row insert takes at most, or the
 * one.  A run stays on its side of n: what write_takers adds behind the
 * others is written after them all. */
static size_t gather(const pb_totals *t, const size_t *order, size_t n,
		     size_t i, size_t *at)
{
	int tab;
	size_t k, rows;

	at[0] = entry_at(order, n, i);
	if (!adds_only(&t->ents[at[0]]))
		return 1;
	tab = t->ents[at[0]].tab;
	rows = (size_t)ROWS_PER(tab);
	for (k = 1; k < rows && i + k < t->nents && (i < n) == (i + k < n); k++) {
		at[k] = entry_at(order, n, i + k);
		if (t->ents[at[k]].tab != tab || !adds_only(&t->ents[at[k]]))
			break;
	}
	return k;
}

/* ---- totals_takers: who took part, a row an org's month ------------ */

/* A list of ids, each with its count (the events of the org's month at
 * which it took part), as totals_takers keeps it in text: "id:n,id:n",
 * ids ascending. */
typedef struct taken {
	int64_t id, n;
} taken;

typedef struct taken_list {
	taken *v;
	size_t n, cap;
} taken_list;

static int taken_add(taken_list *l, int64_t id, int64_t n)
{
	if (grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) != 0)
		return -1;
	l->v[l->n].id = id;
	l->v[l->n++].n = n;
	return 0;
}

/* The next item of a list at *s: 1 and *s past it, 0 at the end, -1
 * when the text is no such list (an id or count of 0, past 64 bits, or
 * anything but digits, a colon and commas where pb writes them). */
static int taken_next(const char **s, int64_t *id, int64_t *n)
{
	const char *p = *s;
	char *end;

	if (!*p)
		return 0;
	if (*p < '1' || *p > '9')
		return -1;
	errno = 0;
	*id = strtoll(p, &end, 10);
	if (*end != ':' || end[1] < '1' || end[1] > '9')
		return -1;
	*n = strtoll(end + 1, &end, 10);
	if (errno == ERANGE)
		return -1;
	if (*end == ',' && end[1])
		end++;
	else if (*end)
		return -1;
	*s = end;
	return 1;
}

int pb_totals_list_each(const char *text, int (*fn)(void *, int64_t),
			void *ctx)
{
	int64_t id, n;
	int r = 0;

	while (text && (r = taken_next(&text, &id, &n)) == 1)
		if (fn(ctx, id) != 0)
			return -1;
	return text && r < 0 ? -1 : 0;
}

/* The items of text s added to l; -1 when s is no such list (or out of
 * memory, *oom_ set). */
static int taken_parse(taken_list *l, const char *s, int *oom_)
{
	int64_t id, n;
	int r = 0;

	*oom_ = 0;
	while (s && (r = taken_next(&s, &id, &n)) == 1)
		if (taken_add(l, id, n) != 0) {
			*oom_ = 1;
			return -1;
		}
	return s && r < 0 ? -1 : 0;
}

static int taken_cmp(const void *pa, const void *pb)
{
	const taken *a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* l sorted by id, each id once with its counts summed, those at 0 left
 * out; -1 when a count is below 0 (the totals were changed by hand). */
static int taken_settle(taken_list *l)
{
	size_t i, k = 0, kept = 0;

	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, taken_cmp);
	for (i = 0; i < l->n; i++)
		if (k && l->v[k - 1].id == l->v[i].id)
			l->v[k - 1].n += l->v[i].n;
		else
			l->v[k++] = l->v[i];
	for (i = 0; i < k; i++) {
		if (l->v[i].n < 0)
			return -1;
		if (l->v[i].n)
			l->v[kept++] = l->v[i];
	}
	l->n = kept;
	return 0;
}

/* l as text, in a buffer the caller frees; NULL when out of memory. */
static char *taken_text(const taken_list *l)
{
	size_t cap = l->n * 42 + 1, off = 0, i;
	char *buf = malloc(cap);

	if (!buf)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < l->n; i++)
		off += (size_t)snprintf(buf + off, cap - off, "%s%lld:%lld",
					i ? "," : "", (long long)l->v[i].id,
					(long long)l->v[i].n);
	return buf;
}

static const char TAKERS_GET[] =
	"SELECT members, orgs FROM totals_takers WHERE org_id = ?1 AND "
	"month = ?2";
static const char TAKERS_PUT[] =
	"INSERT INTO totals_takers (org_id, month, members, orgs) VALUES (?1, "
	"?2, ?3, ?4) ON CONFLICT (org_id, month) DO UPDATE SET members = "
	"excluded.members, orgs = excluded.orgs";
static const char TAKERS_DROP[] =
	"DELETE FROM totals_takers WHERE org_id = ?1 AND month = ?2";

/* An org's month in totals_takers, as the check's other lines name a
 * row's org and month ("every org" for 0). */
static const char *takers_whose(char *buf, size_t len, int64_t org,
				const char *month)
{
	if (org)
		snprintf(buf, len, "org %lld, %s", (long long)org, month);
	else
		snprintf(buf, len, "every org, %s", month);
	return buf;
}

static int takers_broken(pb_err *e, int64_t org, const char *month)
{
	char whose[64];

	return pb_fail(e, PB_DATAERR,
		       "the monthly totals do not match the records "
		       "(totals_takers of %s): run 'pb-db rebuild', then this "
		       "again",
		       takers_whose(whose, sizeof whose, org, month));
}

/* The entries from position i of the flush that are the same org's
 * month in totals_takers, how many. */
static size_t takers_run(const pb_totals *t, const size_t *order, size_t n,
			 size_t i)
{
	const entry *a = &t->ents[entry_at(order, n, i)];
	size_t k;

	for (k = 1; i + k < t->nents; k++) {
		const entry *b = &t->ents[entry_at(order, n, i + k)];

		if (b->tab != T_TAKERS || b->org != a->org ||
		    memcmp(b->month, a->month, sizeof a->month) != 0)
			break;
	}
	return k;
}

/* Writes an org's month's lists: members [0] and orgs [1] as they are
 * (the row removed when both are empty). */
static int takers_put(pb_db *db, int64_t org, const char *month,
		      const taken_list *l, pb_err *e)
{
	char *text[2] = {NULL, NULL};
	pb_stmt *st;
	int rc;

	if (!l[0].n && !l[1].n) {
		if ((rc = pb_db_prepare(db, TAKERS_DROP, &st, e)) != PB_OK)
			return rc;
	} else {
		if (!(text[0] = taken_text(&l[0])) ||
		    !(text[1] = taken_text(&l[1]))) {
			free(text[0]);
			return oom(e);
		}
		if ((rc = pb_db_prepare(db, TAKERS_PUT, &st, e)) != PB_OK)
			goto out;
		pb_bind_text(st, 3, text[0]);
		pb_bind_text(st, 4, text[1]);
	}
	pb_bind_int(st, 1, org);
	pb_bind_text(st, 2, month);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	rc = rc == PB_DONE ? PB_OK : rc;
out:
	free(text[0]);
	free(text[1]);
	return rc;
}

static const char REACH_PUT[] =
	"INSERT INTO totals_reach (org_id, month, members, orgs) VALUES (0, ?1, "
	"?2, ?3) ON CONFLICT (org_id, month) DO UPDATE SET members = "
	"excluded.members, orgs = excluded.orgs";
static const char REACH_DROP[] =
	"DELETE FROM totals_reach WHERE org_id = 0 AND month = ?1";

/* totals_reach's row of every org's (0) month or year: how many its
 * lists name. */
static int reach_put(pb_db *db, const char *month, const taken_list *l,
		     pb_err *e)
{
	pb_stmt *st;
	int rc, put = l[0].n || l[1].n;

	if ((rc = pb_db_prepare(db, put ? REACH_PUT : REACH_DROP, &st, e)) !=
	    PB_OK)
		return rc;
	pb_bind_text(st, 1, month);
	if (put) {
		pb_bind_int(st, 2, (int64_t)l[0].n);
		pb_bind_int(st, 3, (int64_t)l[1].n);
	}
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

/* Every org's (0) year of month: +1 for each id its list gained (was
 * not in was, is in now), -1 for each it lost; a year's n counts the
 * months.  Added behind the flush's entries, written after them. */
static int year_of_month(pb_totals *t, const char *month,
			 const taken_list *was, const taken_list *now,
			 pb_err *e)
{
	size_t side, i, j;
	entry k;
	int rc = PB_OK;

	memset(&k, 0, sizeof k);
	k.tab = T_TAKERS;
	memcpy(k.month, month, 4);
	for (side = 0; side < 2; side++)
		for (i = j = 0; rc == PB_OK &&
				(i < was[side].n || j < now[side].n);) {
			int64_t a = i < was[side].n ? was[side].v[i].id : INT64_MAX;
			int64_t b = j < now[side].n ? now[side].v[j].id : INT64_MAX;
			int64_t d = a < b ? -1 : a > b ? 1 : 0;

			i += a <= b;
			j += b <= a;
			if (!d)
				continue;
			k.id = side ? -(a < b ? a : b) : (a < b ? a : b);
			rc = add(t, &k, &d, 1, e);
		}
	return rc;
}

/* An org's month (or every org's year) in totals_takers, the entries
 * [i, i + k) of the flush added to its lists as stored.  Every org's
 * (0): its year's lists told what its month's gained and lost, and its
 * counts in totals_reach written. */
static int write_takers(pb_db *db, pb_totals *t, const size_t *order,
			size_t n, size_t i, size_t k, pb_err *e)
{
	const entry *x = &t->ents[entry_at(order, n, i)];
	int64_t org = x->org;
	char month[8];
	taken_list was[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
	taken_list l[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
	pb_stmt *st;
	size_t j;
	int rc, side, no_mem = 0;

	memcpy(month, x->month, sizeof month);
	if ((rc = pb_db_prepare(db, TAKERS_GET, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, org);
	pb_bind_text(st, 2, month);
	if ((rc = pb_step(st, e)) == PB_ROW) {
		for (side = 0; side < 2 && rc == PB_ROW; side++)
			if (taken_parse(&l[side], pb_col_text(st, side), &no_mem))
				rc = no_mem ? oom(e) : takers_broken(e, org, month);
		rc = rc == PB_ROW ? PB_DONE : rc;
	}
	pb_stmt_done(st);
	if (rc != PB_DONE)
		goto out;
	rc = PB_OK;
	/* What a month of every org's lists held: its year's change. */
	for (side = 0; !org && month[4] && side < 2 && rc == PB_OK; side++) {
		if (taken_settle(&l[side])) {
			rc = takers_broken(e, org, month);
			break;
		}
		if (!l[side].n)
			continue;
		if (!(was[side].v = malloc(l[side].n * sizeof *was[side].v))) {
			rc = oom(e);
			break;
		}
		memcpy(was[side].v, l[side].v, l[side].n * sizeof *was[side].v);
		was[side].n = was[side].cap = l[side].n;
	}
	for (j = 0; j < k && rc == PB_OK; j++) {
		x = &t->ents[entry_at(order, n, i + j)];
		side = x->id < 0;
		if (taken_add(&l[side], side ? -x->id : x->id, x->v[0]) != 0)
			rc = oom(e);
	}
	if (rc == PB_OK && (taken_settle(&l[0]) || taken_settle(&l[1])))
		rc = takers_broken(e, org, month);
	if (rc == PB_OK)
		rc = takers_put(db, org, month, l, e);
	if (rc == PB_OK && !org)
		rc = reach_put(db, month, l, e);
	/* add may move t->ents: nothing read from it after. */
	if (rc == PB_OK && !org && month[4])
		rc = year_of_month(t, month, was, l, e);
out:
	free(was[0].v);
	free(was[1].v);
	free(l[0].v);
	free(l[1].v);
	return rc;
}

/* Nothing gathered, as after pb_totals_reset, but the arrays kept at
 * their size: a long import's next deltas need as much again. */
static void clear(pb_totals *t)
{
	size_t i;

	for (i = 0; i < t->nents; i++) {
		free(t->ents[i].s1);
		free(t->ents[i].s2);
	}
	t->nents = t->ndirty = t->nundo = t->nmarks = 0;
	if (t->slots)
		memset(t->slots, 0, t->nslots * sizeof *t->slots);
	if (t->dset)
		memset(t->dset, 0, t->ndset * sizeof *t->dset);
}

int pb_totals_flush(pb_db *db, pb_err *e)
{
	pb_totals *t = db->tot;
	size_t i, k, n, *order;
	int rc = PB_OK;

	if (!t)
		return PB_OK;
	/* The read backs are no savepoint's business any more. */
	t->nmarks = t->nundo = 0;
	for (i = 0; rc == PB_OK && i < t->ndirty; i++)
		rc = apply_marked(db, t, t->dirty[i], 1, e);
	/* The years' lists of every org (0) are added to behind the others
	 * as their months' lists are written, and written last. */
	n = t->nents;
	order = n > 1 ? key_order(t) : NULL;
	for (i = 0; rc == PB_OK && i < t->nents; i += k) {
		size_t at[ROWS_MOST], j;

		if (t->ents[entry_at(order, n, i)].tab == T_TAKERS) {
			k = takers_run(t, order, n, i);
			rc = write_takers(db, t, order, n, i, k, e);
			continue;
		}
		/* A whole run in one statement; a shorter one a row at a time
		 * (two statement texts a table, not one a length). */
		k = gather(t, order, n, i, at);
		if (k == (size_t)ROWS_PER(t->ents[at[0]].tab))
			rc = write_rows(db, t, at, (int)k, e);
		else
			for (j = 0; j < k && rc == PB_OK; j++)
				rc = write_entry(db, t, at[j], e);
	}
	free(order);
	clear(t);
	return rc;
}

int pb_totals_spill(pb_db *db, size_t most, pb_err *e)
{
	pb_totals *t = db->tot;

	if (!t || t->nents <= most || t->nmarks)
		return PB_OK;
	return pb_totals_flush(db, e);
}

void pb_totals_reset(pb_db *db)
{
	pb_totals *t = db->tot;
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nents; i++) {
		free(t->ents[i].s1);
		free(t->ents[i].s2);
	}
	free(t->ents);
	free(t->slots);
	free(t->dirty);
	free(t->dset);
	free(t->undos);
	free(t->marks);
	free(t);
	db->tot = NULL;
}

int pb_totals_savepoint(pb_db *db, pb_err *e)
{
	pb_totals *t = state(db, e);

	if (!t)
		return e->code;
	if (grow(&t->marks, &t->capmarks, t->nmarks + 1, sizeof *t->marks) != 0)
		return oom(e);
	t->marks[t->nmarks].nundo = t->nundo;
	t->marks[t->nmarks].ndirty = t->ndirty;
	t->nmarks++;
	return PB_OK;
}

void pb_totals_release(pb_db *db)
{
	pb_totals *t = db->tot;

	if (!t || !t->nmarks)
		return;
	/* The outermost savepoint gone, nothing is left to take back. */
	if (--t->nmarks == 0)
		t->nundo = 0;
}

void pb_totals_rollback_to(pb_db *db)
{
	pb_totals *t = db->tot;
	mark m;
	size_t i;

	if (!t || !t->nmarks)
		return;
	m = t->marks[--t->nmarks];
	while (t->nundo > m.nundo) {
		undo *u = &t->undos[--t->nundo];

		for (i = 0; i < NVAL; i++)
			t->ents[u->entry].v[i] -= u->v[i];
	}
	if (t->ndirty > m.ndirty) {
		t->ndirty = m.ndirty;
		if (dset_rehash(t, t->ndset) != 0) {
			/* Without the set a touch could subtract twice: forget
			 * the set's memory and rebuild it at the next mark. */
			free(t->dset);
			t->dset = NULL;
			t->ndset = 0;
		}
	}
}

/* ---- recomputed from the raw rows ----------------------------------- */

/* The totals' rows computed from the records by SQL alone, apart from
 * the deltas in C above: each table's SELECT, in its columns' order. */
#define RECOMPUTE_EVENTS                                                   \
	"WITH pt AS (SELECT event_id, count(member_id) + COALESCE(sum(people) " \
	"FILTER (WHERE org_id IS NOT NULL), 0) AS person_times, "              \
	"sum(hours_milli * people) AS hours_milli FROM participants "          \
	"WHERE role <> 'awardee' GROUP BY event_id), "                         \
	"ct AS (SELECT event_id, count(*) AS n, COALESCE(sum(value_fen) "      \
	"FILTER (WHERE type = 'cash'), 0) AS cash, COALESCE(sum(value_fen) "   \
	"FILTER (WHERE type <> 'cash'), 0) AS in_kind FROM contributions "     \
	"GROUP BY event_id), "                                                 \
	"per AS (SELECT e.org_id, substr(e.date, 1, 7) AS month, e.kind, "     \
	"count(*) AS events, COALESCE(sum(e.households), 0) AS households, "   \
	"COALESCE(sum(e.persons), 0) AS persons, COALESCE(sum(e.jobs), 0) AS " \
	"jobs, COALESCE(sum(pt.person_times), 0) AS person_times, "            \
	"COALESCE(sum(pt.hours_milli), 0) AS hours_milli, COALESCE(sum(ct.n), " \
	"0) AS contributions, COALESCE(sum(ct.cash), 0) AS cash_fen, "         \
	"COALESCE(sum(ct.in_kind), 0) AS in_kind_fen FROM events e "           \
	"LEFT JOIN pt ON pt.event_id = e.id LEFT JOIN ct ON ct.event_id = "    \
	"e.id GROUP BY e.org_id, substr(e.date, 1, 7), e.kind) "               \
	"SELECT org_id, month, kind, events, households, persons, jobs, "      \
	"person_times, hours_milli, contributions, cash_fen, in_kind_fen "     \
	"FROM per UNION ALL SELECT 0, month, kind, sum(events), "              \
	"sum(households), sum(persons), sum(jobs), sum(person_times), "        \
	"sum(hours_milli), sum(contributions), sum(cash_fen), "                \
	"sum(in_kind_fen) FROM per GROUP BY month, kind"
#define RECOMPUTE_GOODS                                                    \
	"WITH g AS (SELECT e.org_id, substr(e.date, 1, 7) AS month, "          \
	"COALESCE(c.item, '') AS item, c.unit, sum(c.quantity_milli) AS "      \
	"quantity_milli, count(*) AS n FROM contributions c JOIN events e ON " \
	"e.id = c.event_id WHERE c.type = 'goods' AND c.quantity_milli IS "    \
	"NOT NULL GROUP BY e.org_id, substr(e.date, 1, 7), COALESCE(c.item, " \
	"''), c.unit) SELECT org_id, month, item, unit, quantity_milli, n "    \
	"FROM g UNION ALL SELECT 0, month, item, unit, sum(quantity_milli), "  \
	"sum(n) FROM g GROUP BY month, item, unit"
/* Who took part in each org's events of each month (per: org, month,
 * id, a member's or an org's negated, and n the events), for
 * totals_takers and totals_reach. */
#define TAKING_PART_CTE                                                    \
	"WITH tp AS (SELECT e.org_id AS org, substr(e.date, 1, 7) AS month, " \
	"p.member_id AS id FROM participants p JOIN events e ON e.id = "      \
	"p.event_id WHERE p.member_id IS NOT NULL AND p.role <> 'awardee' "   \
	"UNION ALL SELECT e.org_id, substr(e.date, 1, 7), -p.org_id FROM "    \
	"participants p JOIN events e ON e.id = p.event_id WHERE p.org_id IS " \
	"NOT NULL AND p.role <> 'awardee'), per AS (SELECT org, month, id, "  \
	"count(*) AS n FROM tp GROUP BY org, month, id) "
/* totals_takers' items: each org's months and every org's (0), n the
 * events; every org's years, n the months. */
#define TAKERS_MONTHS                                                      \
	"SELECT org, month, id, n FROM per UNION ALL SELECT 0, month, id, "   \
	"sum(n) FROM per GROUP BY month, id"
#define TAKERS_YEARS                                                       \
	"SELECT 0, substr(month, 1, 4), id, count(*) FROM (SELECT DISTINCT "  \
	"month, id FROM per) d GROUP BY substr(month, 1, 4), id"
/* How many members (ids above 0) and orgs each month and year of every
 * org (0) lists. */
#define RECOMPUTE_REACH                                                    \
	TAKING_PART_CTE ", k AS (SELECT month, id FROM per UNION SELECT "     \
	"substr(month, 1, 4), id FROM per) SELECT 0 AS org_id, month, "        \
	"count(*) FILTER (WHERE id > 0) AS members, count(*) FILTER (WHERE id " \
	"< 0) AS orgs FROM k GROUP BY month"
/* A pair's events (pe), each row that counts in its figures with the
 * org it counts for (x: NULL for a member's), summed in whole (0) and
 * per org, for the pair's community and partner alone. */
#define RECOMPUTE_PAIRS                                                     \
	"WITH pe AS (SELECT id, pair_id, substr(date, 1, 7) AS month, org_id, " \
	"COALESCE(households, 0) AS hh, COALESCE(persons, 0) AS ps FROM "      \
	"events WHERE pair_id IS NOT NULL), "                                  \
	"x AS (SELECT pair_id, month, org_id, 1 AS n, hh, ps, 0 AS h, 0 AS "   \
	"np, 0 AS nc, 0 AS v FROM pe UNION ALL SELECT pe.pair_id, pe.month, "  \
	"p.org_id, 0, 0, 0, p.hours_milli * p.people, 1, 0, 0 FROM "           \
	"participants p JOIN pe ON pe.id = p.event_id WHERE p.role <> "        \
	"'awardee' UNION ALL SELECT pe.pair_id, pe.month, c.from_org_id, 0, "  \
	"0, 0, 0, 0, 1, COALESCE(c.value_fen, 0) FROM contributions c JOIN pe " \
	"ON pe.id = c.event_id) "                                              \
	"SELECT x.pair_id, x.month, x.org_id, sum(x.n), sum(x.hh), "           \
	"sum(x.ps), sum(x.h), sum(x.np), sum(x.nc), sum(x.v) FROM x JOIN "     \
	"pairs pr ON pr.id = x.pair_id WHERE x.org_id IN (pr.community_id, "   \
	"pr.partner_id) GROUP BY x.pair_id, x.month, x.org_id "                \
	"UNION ALL SELECT pair_id, month, 0, sum(n), "                         \
	"sum(hh), sum(ps), sum(h), sum(np), sum(nc), sum(v) FROM x GROUP BY "  \
	"pair_id, month"
/* The members on the roll (roll) and registered with a community
 * (registered), as changes of a day: +1 from the first day, -1 on the
 * day after the last (ri: a registration's days on the roll), summed
 * per day (grain 'd'), month ('m') and year ('y', '' for always). */
#define ROLL_SUM(g, key)                                                   \
	"SELECT '" g "' AS grain, " key " AS day, what, category, sum(n) AS "  \
	"n FROM d WHERE day IS NOT NULL GROUP BY " key ", what, category "     \
	"HAVING sum(n) <> 0"
#define RECOMPUTE_ROLL                                                     \
	"WITH ri AS (SELECT m.category, CASE WHEN m.joined_on IS NULL OR "     \
	"m.joined_on < r.since THEN r.since ELSE m.joined_on END AS s, CASE "  \
	"WHEN m.left_on IS NULL THEN r.until WHEN r.until IS NULL OR "         \
	"m.left_on < r.until THEN m.left_on ELSE r.until END AS e FROM "       \
	"registrations r JOIN members m ON m.id = r.member_id), "              \
	"d AS (SELECT 'roll' AS what, category, joined_on AS day, 1 AS n FROM " \
	"members WHERE joined_on IS NULL OR left_on IS NULL OR joined_on < "   \
	"left_on UNION ALL SELECT 'roll', category, left_on, -1 FROM members " \
	"WHERE left_on IS NOT NULL AND (joined_on IS NULL OR joined_on < "     \
	"left_on) UNION ALL SELECT 'registered', category, s, 1 FROM ri WHERE " \
	"e IS NULL OR s < e UNION ALL SELECT 'registered', category, e, -1 "   \
	"FROM ri WHERE e IS NOT NULL AND s < e) "                              \
	"SELECT 'y' AS grain, COALESCE(substr(day, 1, 4), '') AS day, what, "  \
	"category, sum(n) AS n FROM d GROUP BY COALESCE(substr(day, 1, 4), "   \
	"''), what, category HAVING sum(n) <> 0 UNION ALL "                    \
	ROLL_SUM("m", "substr(day, 1, 7)") " UNION ALL " ROLL_SUM("d", "day")

#define WHOSE                                                             \
	"CASE WHEN org_id = 0 THEN 'every org' ELSE 'org ' || "             \
	"CAST(org_id AS TEXT) END || ', ' || month"
/* The keys where the stored rows and the recomputed ones differ, either
 * way; the stored table's column names name both. */
#define DIFF(t, recompute, key, text)                                      \
	"SELECT " text " FROM (SELECT " key " FROM (SELECT * FROM (" recompute \
	") r EXCEPT SELECT * FROM " t ") a UNION SELECT " key " FROM (SELECT " \
	"* FROM " t " EXCEPT SELECT * FROM (" recompute ") r) b) d ORDER BY " key

/* steps: the schema steps that fill the table (store.h), a bit each:
 * step 10 fills the sets again with their years. */
/* by_takers: the table's rows are written with every org's lists of
 * totals_takers, which a rebuild makes (takers_rebuild), not by its
 * fill, which serves the step that made the table. */
static const struct recomputed {
	unsigned steps;
	const char *table, *diff, *fill, *clear;
	int by_takers;
} recomputed[] = {
	{1u << 7, "totals_events",
	 DIFF("totals_events", RECOMPUTE_EVENTS, "org_id, month, kind",
	      WHOSE " || ', ' || kind"),
	 "INSERT INTO totals_events " RECOMPUTE_EVENTS,
	 "DELETE FROM totals_events", 0},
	{1u << 7, "totals_goods",
	 DIFF("totals_goods", RECOMPUTE_GOODS, "org_id, month, item, unit",
	      WHOSE " || ', ' || item || ' (' || unit || ')'"),
	 "INSERT INTO totals_goods " RECOMPUTE_GOODS, "DELETE FROM totals_goods", 0},
	{1u << 9, "totals_pairs",
	 DIFF("totals_pairs", RECOMPUTE_PAIRS, "pair_id, month, org_id",
	      "'pair ' || CAST(pair_id AS TEXT) || ', ' || month || ', ' || "
	      "CASE WHEN org_id = 0 THEN 'whole' ELSE 'org ' || "
	      "CAST(org_id AS TEXT) END"),
	 "INSERT INTO totals_pairs " RECOMPUTE_PAIRS, "DELETE FROM totals_pairs", 0},
	{1u << 11, "totals_roll",
	 DIFF("totals_roll", RECOMPUTE_ROLL, "grain, day, what, category",
	      "what || ' of ' || category || ', changes of ' || CASE WHEN day "
	      "= '' THEN 'a day not known' ELSE day END"),
	 "INSERT INTO totals_roll " RECOMPUTE_ROLL, "DELETE FROM totals_roll", 0},
	{1u << 10, "totals_reach",
	 DIFF("totals_reach", RECOMPUTE_REACH, "org_id, month",
	      WHOSE " || ', members and orgs taking part'"),
	 "INSERT INTO totals_reach " RECOMPUTE_REACH, "DELETE FROM totals_reach",
	 1},
};
#define NRECOMPUTED (sizeof recomputed / sizeof recomputed[0])
enum { SHOWN = 10 }; /* differences named a table; the rest counted */

const char *pb_totals_fill_sql(size_t step, size_t i)
{
	size_t j;

	for (j = 0; j < NRECOMPUTED; j++)
		if (step < 32 && (recomputed[j].steps >> step & 1u) && i-- == 0)
			return recomputed[j].fill;
	return NULL;
}

/* Who took part, as totals_takers lists it (a member by its id, an org
 * by its id negated, each with its count), in the order of its rows. */
static const char RECOMPUTE_TAKERS[] =
	TAKING_PART_CTE TAKERS_MONTHS " UNION ALL " TAKERS_YEARS
	" ORDER BY 1, 2, 3";
/* The months alone, for a rebuild: the writes make the years of them. */
static const char REBUILD_TAKERS[] = TAKING_PART_CTE TAKERS_MONTHS
	" ORDER BY 1, 2, 3";
static const char TAKERS_ALL[] =
	"SELECT org_id, month, members, orgs FROM totals_takers "
	"ORDER BY org_id, month";
/* The deltas of a rebuild held before they are written. */
enum { REBUILD_HELD = 32768 };

/* An org's month's two lists, settled, as one number. */
static uint64_t takers_hash(const taken_list *l)
{
	uint64_t h = 14695981039346656037u;
	size_t side, i;

	for (side = 0; side < 2; side++) {
		h = mix(h, side);
		for (i = 0; i < l[side].n; i++)
			h = mix(mix(h, (uint64_t)l[side].v[i].id),
				(uint64_t)l[side].v[i].n);
	}
	return h;
}

typedef struct takers_row {
	int64_t org;
	char month[8];
	uint64_t h;
	int seen, broken; /* broken: no list as pb writes one */
} takers_row;

/* The differences of one table, told as they are found: the first
 * SHOWN named, then how many more (differ_end). */
typedef struct differ_to {
	pb_problem_fn fn;
	void *ctx;
	const char *table;
	long n;
} differ_to;

static void differ(differ_to *d, const char *whose)
{
	char buf[512];

	if (d->n++ < SHOWN) {
		snprintf(buf, sizeof buf,
			 "monthly totals (%s) for %s differ from the records "
			 "(pb-db rebuild recomputes them)",
			 d->table, whose);
		d->fn(d->ctx, buf);
	}
}

static void differ_end(const differ_to *d)
{
	char buf[256];

	if (d->n > SHOWN) {
		snprintf(buf, sizeof buf,
			 "monthly totals (%s): %ld more rows differ from the "
			 "records",
			 d->table, d->n - SHOWN);
		d->fn(d->ctx, buf);
	}
}

static void takers_differ(differ_to *d, int64_t org, const char *month)
{
	char whose[64];

	differ(d, takers_whose(whose, sizeof whose, org, month));
}

static int takers_row_cmp(const void *pa, const void *pb)
{
	const takers_row *a = pa, *b = pb;

	if (a->org != b->org)
		return a->org < b->org ? -1 : 1;
	return strcmp(a->month, b->month);
}

/* The recomputed org's month (l, settled) against the stored rows. */
static void takers_compare(takers_row *rows, size_t n, int64_t org,
			   const char *month, taken_list *l, differ_to *d)
{
	takers_row key, *r;

	memset(&key, 0, sizeof key);
	key.org = org;
	snprintf(key.month, sizeof key.month, "%s", month);
	r = n ? bsearch(&key, rows, n, sizeof *rows, takers_row_cmp) : NULL;
	if (taken_settle(&l[0]) || taken_settle(&l[1]) || !r || r->broken ||
	    r->h != takers_hash(l))
		takers_differ(d, org, key.month);
	if (r)
		r->seen = 1;
	l[0].n = l[1].n = 0;
}

/* totals_takers against the records: each stored row made one number,
 * then the recomputed ones compared with them, one org's month at a
 * time (a list is as long as who took part, never all of them). */
static int takers_check(pb_db *db, pb_problem_fn fn, void *ctx, pb_err *e)
{
	differ_to d = {fn, ctx, "totals_takers", 0};
	takers_row *rows = NULL;
	size_t nrows = 0, cap = 0, i;
	taken_list l[2] = {{NULL, 0, 0}, {NULL, 0, 0}};
	int64_t org = 0;
	char month[8] = "";
	pb_stmt *st;
	int rc, side, no_mem = 0;

	if ((rc = pb_db_prepare(db, TAKERS_ALL, &st, e)) != PB_OK)
		return rc;
	while ((rc = pb_step(st, e)) == PB_ROW) {
		takers_row *r;
		int broken = 0;

		for (side = 0; side < 2 && !broken; side++)
			broken = taken_parse(&l[side], pb_col_text(st, side + 2),
					     &no_mem) ||
				 taken_settle(&l[side]);
		if (no_mem || grow(&rows, &cap, nrows + 1, sizeof *rows)) {
			rc = oom(e);
			break;
		}
		r = &rows[nrows];
		memset(r, 0, sizeof *r);
		r->org = pb_col_int(st, 0);
		snprintf(r->month, sizeof r->month, "%s", pb_col_text(st, 1));
		r->h = takers_hash(l);
		r->broken = broken;
		nrows++;
		l[0].n = l[1].n = 0;
	}
	pb_stmt_done(st);
	if (rc != PB_DONE)
		goto out;
	if ((rc = pb_db_prepare(db, RECOMPUTE_TAKERS, &st, e)) != PB_OK)
		goto out;
	while ((rc = pb_step(st, e)) == PB_ROW) {
		int64_t id = pb_col_int(st, 2);
		const char *m = pb_col_text(st, 1);

		if ((l[0].n || l[1].n) &&
		    (pb_col_int(st, 0) != org || !pb_text_same(m, month)))
			takers_compare(rows, nrows, org, month, l, &d);
		org = pb_col_int(st, 0);
		snprintf(month, sizeof month, "%s", m ? m : "");
		if (taken_add(&l[id < 0], id < 0 ? -id : id, pb_col_int(st, 3))) {
			rc = oom(e);
			break;
		}
	}
	pb_stmt_done(st);
	if (rc != PB_DONE)
		goto out;
	if (l[0].n || l[1].n)
		takers_compare(rows, nrows, org, month, l, &d);
	for (i = 0; i < nrows; i++)
		if (!rows[i].seen)
			takers_differ(&d, rows[i].org, rows[i].month);
	differ_end(&d);
	rc = PB_OK;
out:
	free(rows);
	free(l[0].v);
	free(l[1].v);
	return rc;
}

/* totals_takers made again from the records, through the deltas: the
 * rows written as a write's are, a few thousand lists at a time. */
static int takers_rebuild(pb_db *db, pb_err *e)
{
	pb_totals *t = state(db, e);
	pb_stmt *st;
	int rc;

	if (!t)
		return e->code;
	if ((rc = pb_exec(db, "DELETE FROM totals_takers", e)) != PB_OK ||
	    (rc = pb_db_prepare(db, REBUILD_TAKERS, &st, e)) != PB_OK)
		return rc;
	while ((rc = pb_step(st, e)) == PB_ROW) {
		int64_t n = pb_col_int(st, 3);
		entry k;

		memset(&k, 0, sizeof k);
		k.tab = T_TAKERS;
		k.org = pb_col_int(st, 0);
		snprintf(k.month, sizeof k.month, "%s", pb_col_text(st, 1));
		k.id = pb_col_int(st, 2);
		if ((rc = add(t, &k, &n, 1, e)) != PB_OK ||
		    (rc = pb_totals_spill(db, REBUILD_HELD, e)) != PB_OK)
			break;
	}
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_totals_check(pb_db *db, pb_problem_fn fn, void *ctx, pb_err *e)
{
	size_t i;
	pb_stmt *st;
	int rc;

	for (i = 0; i < NRECOMPUTED; i++) {
		differ_to d = {fn, ctx, recomputed[i].table, 0};

		if ((rc = pb_db_prepare(db, recomputed[i].diff, &st, e)) != PB_OK)
			return rc;
		while ((rc = pb_step(st, e)) == PB_ROW)
			differ(&d, pb_col_text(st, 0));
		pb_stmt_done(st);
		if (rc != PB_DONE)
			return rc;
		differ_end(&d);
	}
	return takers_check(db, fn, ctx, e);
}

int pb_totals_rebuild(pb_db *db, pb_err *e)
{
	size_t i;
	int rc = PB_OK;

	for (i = 0; rc == PB_OK && i < NRECOMPUTED; i++)
		if ((rc = pb_exec(db, recomputed[i].clear, e)) == PB_OK &&
		    !recomputed[i].by_takers)
			rc = pb_exec(db, recomputed[i].fill, e);
	return rc == PB_OK ? takers_rebuild(db, e) : rc;
}
