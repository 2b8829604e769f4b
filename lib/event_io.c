/* Events and opinions to and from YAML. An event may nest its
 * participants and contributions; when it does, they replace the stored
 * ones, so a file is the whole truth about the events it names. Export
 * writes what import takes back unchanged. */
#include <stdlib.h>
#include <string.h>

#include "event_quick.h"
#include "pb.h"
#include "totals.h"

static const char CLEAR_PARTICIPANTS[] =
	"DELETE FROM participants WHERE event_id = ?1";
static const char CLEAR_CONTRIBUTIONS[] =
	"DELETE FROM contributions WHERE event_id = ?1";

static const char *const event_nested[] = {"participants", "contributions",
					   "id", NULL};

/* The defaults a participant row is stored with, so a file that leaves
 * them out compares equal to what export writes. */
void pb_participant_defaults(pb_rec *p)
{
	const char *award = pb_rec_get(p, "award");

	if (!pb_rec_get(p, "people"))
		pb_rec_set(p, "people", "1", &(pb_err){0});
	if (!pb_rec_get(p, "hours"))
		pb_rec_set(p, "hours", "0", &(pb_err){0});
	if (!pb_rec_get(p, "role"))
		pb_rec_set(p, "role", award ? "awardee" : "participant", &(pb_err){0});
}

/* Stored rows of one kind, to tell whether the file changes them. */
typedef struct rows {
	pb_rec *r;
	size_t n, cap;
} rows;

static int keep(void *arg, const pb_rec *r)
{
	rows *x = arg;
	size_t i;

	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 8;
		pb_rec *grown = realloc(x->r, cap * sizeof *grown);

		if (!grown)
			return PB_SOFTWARE;
		x->r = grown;
		x->cap = cap;
	}
	pb_rec_init(&x->r[x->n], r->fields, r->n);
	for (i = 0; i < r->n; i++)
		pb_rec_put(&x->r[x->n], i, r->v[i]);
	x->n++;
	return 0;
}

static void rows_free(rows *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		pb_rec_free(&x->r[i]);
	free(x->r);
}

static const char MEMBER_NAME_OF[] =
	"SELECT COALESCE(ref, CAST(id AS TEXT)) FROM members WHERE id = ?1";

/* A member named by id or ref, as the stored rows show it (its ref, else
 * its id), so an unchanged list compares equal. */
static void canon_member(pb_db *db, pb_rec *r, const char *field)
{
	int i = pb_field_index(r->fields, r->n, field);
	int64_t id;
	pb_stmt *st;
	pb_err e;

	if (i < 0 || !r->v[i] || pb_member_resolve(db, r->v[i], 0, &id, &e) ||
	    pb_db_prepare(db, MEMBER_NAME_OF, &st, &e))
		return;
	pb_bind_int(st, 1, id);
	if (pb_step(st, &e) == PB_ROW)
		pb_rec_put(r, (size_t)i, pb_col_text(st, 0));
	pb_stmt_done(st);
}

/* Validate the nested records of one list into recs; errors are diags. */
static int read_nested(pb_db *db, const pb_yval *list, const pb_field *fields,
		       size_t n, pb_rec *recs, char *ok, pb_diags *d)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < list->nsubs; i++) {
		pb_rec_init(&recs[i], fields, n);
		if (!(ok[i] = pb_rec_from_yaml(&recs[i], list->subs[i], NULL, d) ==
			      PB_OK)) {
			bad = 1;
			continue;
		}
		if (fields == pb_participant_fields)
			pb_participant_defaults(&recs[i]);
		pb_rec_canon_refs(db, &recs[i]);
		canon_member(db, &recs[i],
			     fields == pb_participant_fields ? "member" : "from_member");
	}
	return bad;
}

static int same_rows(const rows *stored, const pb_rec *given, size_t n)
{
	size_t i;

	if (stored->n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!pb_rec_same(&stored->r[i], &given[i]))
			return 0;
	return 1;
}

/* Where participant i was listed before in the same event (the stored
 * ones are cleared first, so a clash with no earlier listing is another
 * rule's), or NULL. Refs are canonical, so text compares. */
static const pb_yrec *first_listing(const pb_rec *p, const char *ok, size_t i,
				    const pb_yval *list)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (ok[j] && pb_text_same(pb_rec_get(&p[j], "org"), pb_rec_get(&p[i], "org")) &&
		    pb_text_same(pb_rec_get(&p[j], "member"), pb_rec_get(&p[i], "member")))
			return list->subs[j];
	return NULL;
}

/* Replace the event's details with the file's when they differ. */
static int sync_details(pb_db *db, int64_t event, int fresh,
			const pb_yval *plist, const pb_yval *clist, int *changed,
			pb_diags *d, pb_err *e)
{
	size_t np = plist && plist->is_seq ? plist->nsubs : 0;
	size_t nc = clist && clist->is_seq ? clist->nsubs : 0;
	pb_rec *p = calloc(np + 1, sizeof *p), *c = calloc(nc + 1, sizeof *c);
	char *okp = calloc(np + 1, 1), *okc = calloc(nc + 1, 1);
	rows sp = {NULL, 0, 0}, sc = {NULL, 0, 0};
	int before = d->n + d->more, bad = 0, rc = PB_OK;
	size_t i;

	*changed = 0;
	if (!p || !c || !okp || !okc) {
		free(p);
		free(c);
		free(okp);
		free(okc);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	if (np)
		bad |= read_nested(db, plist, pb_participant_fields,
				   pb_participant_nfields, p, okp, d);
	if (nc)
		bad |= read_nested(db, clist, pb_contribution_fields,
				   pb_contribution_nfields, c, okc, d);
	/* With a bad value among them, the rest are still checked against
	 * the rules (the import is rolled back anyway), so every error is
	 * listed at once. */
	/* A new event has nothing stored to compare with or clear. */
	if (bad || fresh)
		goto write;
	if ((rc = pb_event_participants(db, event, keep, &sp, e)) != PB_OK ||
	    (rc = pb_event_contributions(db, event, keep, &sc, e)) != PB_OK)
		goto out;
	/* A list left out keeps what is stored. */
	if ((!plist || same_rows(&sp, p, np)) && (!clist || same_rows(&sc, c, nc)))
		goto out;
write:
	*changed = 1;
	if (!fresh && (rc = pb_totals_touch(db, event, e)) != PB_OK)
		goto out;
	if (!fresh && plist &&
	    (rc = pb_exec_id(db, CLEAR_PARTICIPANTS, event, e)) != PB_OK)
		goto out;
	if (!fresh && clist &&
	    (rc = pb_exec_id(db, CLEAR_CONTRIBUTIONS, event, e)) != PB_OK)
		goto out;
	/* A bad row is listed and the next one tried: the rows are checked
	 * in C before they are written, so a row fails without a failed
	 * statement (a twice-listed one is an insert that does nothing), and
	 * the record's savepoint (record_io.c) takes back what was written.
	 * A failure of the database itself (busy, I/O) ends the record: on
	 * PostgreSQL every statement after it would fail too. */
	for (i = 0; plist && i < np; i++)
		if (okp[i] && (rc = pb_event_attend(db, event, &p[i], e)) != PB_OK) {
			const pb_yrec *first = first_listing(p, okp, i, plist);

			if (rc != PB_DATAERR)
				first = NULL;
			if (first)
				pb_diag(d, PB_DATAERR, plist->subs[i]->file,
					plist->subs[i]->line, plist->subs[i]->col,
					"participant: %s '%s' is listed twice "
					"(first at line %ld)",
					pb_rec_get(&p[i], "org") ? "organization" : "member",
					pb_rec_get(&p[i], "org") ? pb_rec_get(&p[i], "org")
								 : pb_rec_get(&p[i], "member"),
					first->line);
			else
				pb_diag(d, e->code, plist->subs[i]->file,
					plist->subs[i]->line, plist->subs[i]->col,
					"participant: %s", e->msg);
			if (rc != PB_DATAERR)
				goto said;
			rc = PB_OK;
		}
	for (i = 0; clist && i < nc; i++)
		if (okc[i] && (rc = pb_event_give(db, event, &c[i], e)) != PB_OK) {
			pb_diag(d, e->code, clist->subs[i]->file, clist->subs[i]->line,
				clist->subs[i]->col, "contribution: %s", e->msg);
			if (rc != PB_DATAERR)
				goto said;
			rc = PB_OK;
		}
	goto out;
said:
	e->msg[0] = '\0'; /* a diag at its own position */
out:
	for (i = 0; i < np; i++)
		pb_rec_free(&p[i]);
	for (i = 0; i < nc; i++)
		pb_rec_free(&c[i]);
	free(p);
	free(c);
	free(okp);
	free(okc);
	rows_free(&sp);
	rows_free(&sc);
	if (rc == PB_OK && d->n + d->more > before) {
		e->msg[0] = '\0'; /* each error is a diag at its own position */
		return PB_DATAERR;
	}
	return rc;
}

static int upsert_event(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
			pb_diags *d, int *created, pb_err *e)
{
	pb_yval *plist = pb_yrec_get((pb_yrec *)y, "participants");
	pb_yval *clist = pb_yrec_get((pb_yrec *)y, "contributions");
	int changed, rc;

	/* It may write rows with ids of its own. */
	pb_event_quick_forget_ids(ctx);
	if ((rc = pb_event_upsert(db, r, created, e)) != PB_OK)
		return rc;
	if (plist && plist->is_null)
		plist = NULL;
	if (clist && clist->is_null)
		clist = NULL;
	if (!plist && !clist)
		return PB_OK;
	rc = sync_details(db, r->id, *created > 0, plist, clist, &changed, d, e);
	if (rc == PB_OK && changed && *created < 0)
		*created = 0;
	return rc;
}

static int upsert_opinion(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
			  pb_diags *d, int *created, pb_err *e)
{
	(void)ctx;
	(void)y;
	(void)d;
	return pb_opinion_upsert(db, r, created, e);
}

static int event_key(const pb_rec *r, char *buf, size_t len)
{
	if (pb_rec_get(r, "ref"))
		snprintf(buf, len, "ref '%s'", pb_rec_get(r, "ref"));
	else
		snprintf(buf, len, "event id %lld", (long long)r->id);
	return pb_rec_get(r, "ref") != NULL;
}

/* The text, which tells two opinions of a day apart, is left out. */
static int opinion_key(const pb_rec *r, char *buf, size_t len)
{
	snprintf(buf, len, "opinion from '%s' received %s", pb_rec_get(r, "from"),
		 pb_rec_get(r, "received"));
	return 0;
}

/* An event's rows, checked beside the writes as the event is. */
static const pb_import_sub event_subs[] = {
	{"participants", pb_participant_fields, &pb_participant_nfields},
	{"contributions", pb_contribution_fields, &pb_contribution_nfields},
	{NULL, NULL, NULL},
};

size_t pb_event_sections(pb_import_section *out)
{
	pb_event_quick *q = pb_event_quick_new();
	const pb_import_section secs[] = {
		{"events", pb_event_fields, pb_event_nfields, upsert_event, event_key,
		 event_nested, NULL, NULL, q, pb_event_quick_free, pb_event_quick_write,
		 event_subs},
		{"opinions", pb_opinion_fields, pb_opinion_nfields, upsert_opinion,
		 opinion_key, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
	};

	out[0] = secs[0];
	out[1] = secs[1];
	/* q is out[0].ctx, freed by pb_import_sections_free. */
	/* cppcheck-suppress memleak */
	return 2;
}

int pb_event_import(pb_db *db, const char *path, int dry_run,
		    void (*progress)(void *arg, long records), void *arg,
		    pb_import_stats *st, pb_diags *d, pb_err *e)
{
	const pb_import_opts o = {path, 0, NULL, dry_run, NULL, progress, arg};

	return pb_kind_import(db, &pb_kind_event, &o, st, d, e);
}

/* ---- export ---------------------------------------------------------- */

typedef struct nested_out {
	pb_yw *w;
	const char *key;
	int started;
} nested_out;

/* Leave out what import fills in by default, so files stay short. */
static int write_detail(void *arg, const pb_rec *r)
{
	nested_out *o = arg;
	pb_rec copy = *r;
	int rc;

	if (!o->started) {
		o->started = 1;
		if ((rc = pb_yw_key(o->w, o->key)) != PB_OK ||
		    (rc = pb_yw_seq_begin(o->w)) != PB_OK)
			return rc;
	}
	if (r->fields == pb_participant_fields) {
		const char *award = r->v[7];

		copy.v[3] = NULL; /* name: shown, not imported */
		if (r->v[4] && strcmp(r->v[4], "1") == 0)
			copy.v[4] = NULL;
		if (r->v[5] && strcmp(r->v[5], "0") == 0)
			copy.v[5] = NULL;
		if (r->v[6] && strcmp(r->v[6], award ? "awardee" : "participant") == 0)
			copy.v[6] = NULL;
	}
	return pb_rec_to_yaml(o->w, &copy);
}

static int write_event(const void *arg, pb_db *db, pb_yw *w,
		       const pb_rec *r)
{
	nested_out p = {w, "participants", 0}, c = {w, "contributions", 0};
	pb_err e;
	int rc;

	(void)arg;
	if ((rc = pb_yw_map_begin(w)) != PB_OK)
		return rc;
	/* No ref: the id is how a re-import finds this event. */
	if (!r->v[1] && (rc = pb_yw_id(w, r->id)) != PB_OK)
		return rc;
	if ((rc = pb_rec_yaml_fields(w, r)) != PB_OK)
		return rc;
	if ((rc = pb_event_participants(db, r->id, write_detail, &p, &e)) != PB_OK ||
	    (p.started && (rc = pb_yw_seq_end(w)) != PB_OK))
		return rc;
	if ((rc = pb_event_contributions(db, r->id, write_detail, &c, &e)) !=
		    PB_OK ||
	    (c.started && (rc = pb_yw_seq_end(w)) != PB_OK))
		return rc;
	return pb_yw_map_end(w);
}

static int list_events(pb_db *db, pb_rec_fn fn, void *ctx, pb_err *e)
{
	pb_event_filter all = {NULL, NULL, NULL, 0, 0};

	return pb_event_list(db, &all, fn, ctx, e);
}

static int list_opinions(pb_db *db, pb_rec_fn fn, void *ctx, pb_err *e)
{
	pb_opinion_filter all = {0, 0, NULL, 0, 0};

	return pb_opinion_list(db, &all, fn, ctx, e);
}

size_t pb_event_export_sections(pb_export_section *out)
{
	const pb_export_section secs[] = {
		{"events", list_events, write_event, NULL},
		{"opinions", list_opinions, NULL, NULL},
	};

	out[0] = secs[0];
	out[1] = secs[1];
	return 2;
}

int pb_event_export(pb_db *db, FILE *fp, pb_err *e)
{
	return pb_kind_export(db, &pb_kind_event, fp, 0, e);
}
