/* Members to and from YAML and CSV rosters. A YAML member may carry its
 * whole registration history as a nested `registrations` list, which
 * export writes so that a move between communities survives the round
 * trip; a roster row gives the current community and registered date. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "totals.h"

static const char CLEAR_HISTORY[] =
	"DELETE FROM registrations WHERE member_id = ?1";
static const char ADD_REGISTRATION[] =
	"INSERT INTO registrations (member_id, community_id, since, until, id) "
	"VALUES (?1, ?2, ?3, ?4, " PB_NEXT_ID("registrations") ")";

/* One history entry from YAML, checked: a known community, dates, and
 * in order after the previous entry without overlap. */
static int add_registration(pb_db *db, int64_t member, const pb_yrec *h,
			    char prev_until[11], int *open, pb_diags *d)
{
	static const char *const keys[] = {"community", "since", "until", NULL};
	const char *text[3] = {NULL, NULL, NULL};
	int64_t community;
	pb_stmt *st;
	pb_date date;
	pb_err e;
	size_t i, k;
	int rc;

	for (i = 0; i < h->n; i++) {
		for (k = 0; keys[k] && strcmp(keys[k], h->v[i].key) != 0; k++)
			;
		if (!keys[k] || h->v[i].is_seq)
			return pb_diag(d, PB_DATAERR, h->file, h->v[i].kline,
				       h->v[i].kcol,
				       "unknown key '%s' in a registration (expected "
				       "community, since, until)",
				       h->v[i].key);
		text[k] = h->v[i].text;
		if (k > 0 && text[k] && pb_date_parse(text[k], &date, &e) != PB_OK)
			return pb_diag(d, PB_DATAERR, h->file, h->v[i].line,
				       h->v[i].col, "%s: %s", keys[k], e.msg);
	}
	if (!text[0] || !text[1])
		return pb_diag(d, PB_DATAERR, h->file, h->line, h->col,
			       "a registration needs community and since");
	if (*open)
		return pb_diag(d, PB_DATAERR, h->file, h->line, h->col,
			       "registration after one without until: only the "
			       "last may be open");
	if (text[2] && strcmp(text[2], text[1]) <= 0)
		return pb_diag(d, PB_DATAERR, h->file, h->line, h->col,
			       "until %s is not after since %s", text[2], text[1]);
	if (prev_until[0] && strcmp(text[1], prev_until) < 0)
		return pb_diag(d, PB_DATAERR, h->file, h->line, h->col,
			       "registration since %s overlaps the previous one "
			       "(until %s)",
			       text[1], prev_until);
	if ((rc = pb_org_resolve(db, text[0], 0, &community, &e)) != PB_OK ||
	    (rc = pb_community_check(db, community, &e)) != PB_OK) {
		const pb_yval *v = pb_yrec_get((pb_yrec *)h, "community");

		return pb_diag(d, rc, h->file, v->line, v->col, "community: %s",
			       e.msg);
	}
	if ((rc = pb_db_prepare(db, ADD_REGISTRATION, &st, &e)) != PB_OK)
		return pb_diag(d, rc, h->file, h->line, h->col, "%s", e.msg);
	pb_bind_int(st, 1, member);
	pb_bind_int(st, 2, community);
	pb_bind_text(st, 3, text[1]);
	pb_bind_text(st, 4, text[2]);
	rc = pb_step(st, &e);
	pb_stmt_done(st);
	if (rc != PB_DONE)
		return pb_diag(d, rc, h->file, h->line, h->col, "%s", e.msg);
	snprintf(prev_until, 11, "%s", text[2] ? text[2] : "");
	*open = text[2] == NULL;
	return PB_OK;
}

/* The member's history as stored, to tell an unchanged one: these fields
 * of each entry (the community's name is only shown). */
static const char *const history_keys[] = {"community", "since", "until"};

typedef struct stored {
	char (*row)[3][80];
	size_t n, cap;
} stored;

static int keep_row(void *arg, const pb_rec *r)
{
	stored *h = arg;
	size_t i;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		void *grown = realloc(h->row, cap * sizeof *h->row);

		if (!grown)
			return PB_SOFTWARE;
		h->row = grown;
		h->cap = cap;
	}
	for (i = 0; i < 3; i++) {
		const char *v = pb_rec_get(r, history_keys[i]);

		snprintf(h->row[h->n][i], sizeof h->row[h->n][i], "%s", v ? v : "");
	}
	h->n++;
	return 0;
}

static int same_history(pb_db *db, int64_t member, const pb_yval *list,
			pb_err *e)
{
	stored h = {NULL, 0, 0};
	int64_t id, stored_id;
	size_t i, k;
	int same;

	if (pb_member_history(db, member, keep_row, &h, e) != PB_OK) {
		free(h.row);
		return 0;
	}
	same = h.n == list->nsubs;
	for (i = 0; same && i < h.n; i++)
		for (k = 0; same && k < 3; k++) {
			pb_yval *v = pb_yrec_get(list->subs[i], history_keys[k]);
			const char *t = v && v->text ? v->text : "";

			if (k == 0 && strcmp(t, h.row[i][0]) != 0) {
				/* The file may name the community by id or name. */
				same = pb_org_resolve(db, t, 0, &id, e) == PB_OK &&
				       pb_org_resolve(db, h.row[i][0], 0, &stored_id, e) ==
					       PB_OK &&
				       id == stored_id;
			} else if (k > 0) {
				same = strcmp(t, h.row[i][k]) == 0;
			}
		}
	free(h.row);
	return same;
}

/* History given in the file replaces what the database holds. */
static int replace_history(pb_db *db, int64_t member, const pb_yval *list,
			   pb_diags *d, pb_err *e)
{
	char prev[11] = "";
	int open = 0, before = d->n + d->more;
	size_t i;
	int rc;

	if ((rc = pb_totals_touch_member(db, member, e)) != PB_OK ||
	    (rc = pb_exec_id(db, CLEAR_HISTORY, member, e)) != PB_OK)
		return rc;
	/* A bad entry is listed and the next one tried: entries are checked
	 * in C before they are written, so none fails by a failed statement,
	 * and the record's savepoint (record_io.c) takes back what was
	 * written. A failure of the database itself (busy, I/O) ends the
	 * record: on PostgreSQL every statement after it would fail too. */
	for (i = 0; i < list->nsubs; i++)
		if ((rc = add_registration(db, member, list->subs[i], prev, &open,
					   d)) != PB_OK &&
		    rc != PB_DATAERR)
			break;
	if (d->n + d->more == before)
		return PB_OK;
	e->msg[0] = '\0'; /* each error is a diag at its own position */
	return rc != PB_OK ? rc : PB_DATAERR;
}

typedef struct member_import {
	char today[11];
} member_import;

static int upsert_member(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
			 pb_diags *d, int *created, pb_err *e)
{
	member_import *x = ctx;
	pb_yval *hist = pb_yrec_get((pb_yrec *)y, "registrations");
	int rc;

	if (hist && !hist->is_null &&
	    (pb_rec_get(r, "community") || pb_rec_get(r, "registered")))
		return pb_fail(e, PB_DATAERR,
			       "give either community and registered or a "
			       "registrations list, not both");
	if ((rc = pb_member_upsert(db, r, x->today, created, e)) != PB_OK ||
	    !hist || hist->is_null)
		return rc;
	if (*created <= 0 && same_history(db, r->id, hist, e))
		return PB_OK;
	if (*created < 0)
		*created = 0;
	return replace_history(db, r->id, hist, d, e);
}

/* Members without a ref are told apart by id, not by name. */
static int member_key(const pb_rec *r, char *buf, size_t len)
{
	const char *ref = pb_rec_get(r, "ref");

	if (ref)
		snprintf(buf, len, "ref '%s'", ref);
	else
		snprintf(buf, len, "member '%s'", pb_rec_get(r, "name"));
	return ref != NULL;
}

static const char *const member_nested[] = {"registrations", "id", NULL};

size_t pb_member_sections(pb_import_section *out, const char *today)
{
	member_import *x = calloc(1, sizeof *x);
	const pb_import_section sec = {"members", pb_member_fields,
				       pb_member_nfields, upsert_member, member_key,
				       member_nested, NULL, NULL, x, free, NULL, NULL};

	if (x)
		snprintf(x->today, sizeof x->today, "%s", today);
	out[0] = sec;
	/* x is out[0].ctx, freed by pb_import_sections_free. */
	/* cppcheck-suppress memleak */
	return 1;
}

/* The YAML and the CSV roster go through the same section. */
int pb_member_import(pb_db *db, const char *path, int dry_run,
		     const char *today, pb_import_stats *st, pb_diags *d,
		     pb_err *e)
{
	const pb_import_opts o = {path, 0, NULL, dry_run, today, NULL, NULL};

	return pb_kind_import(db, &pb_kind_member, &o, st, d, e);
}

int pb_member_import_csv(pb_db *db, const char *path, const char *encoding,
			 int dry_run, const char *today, pb_import_stats *st,
			 pb_diags *d, pb_err *e)
{
	const pb_import_opts o = {path, 1, encoding, dry_run, today, NULL, NULL};

	return pb_kind_import(db, &pb_kind_member, &o, st, d, e);
}

typedef struct history_out {
	pb_yw *w;
	int started;
} history_out;

/* The `registrations` key is written with the first entry, so a member
 * never registered has none. */
static int write_registration(void *arg, const pb_rec *r)
{
	history_out *h = arg;
	int rc;

	if (!h->started) {
		h->started = 1;
		if ((rc = pb_yw_key(h->w, "registrations")) != PB_OK ||
		    (rc = pb_yw_seq_begin(h->w)) != PB_OK)
			return rc;
	}
	return pb_rec_to_yaml(h->w, r);
}

/* Registrations are written whole, so the current community and date
 * (derived from them) are left out; phones masked on request. */
static int write_member(const void *arg, pb_db *db, pb_yw *w,
			const pb_rec *r)
{
	const int *redact = arg;
	history_out h = {w, 0};
	char masked[64];
	pb_rec copy = *r;
	pb_err e;
	int rc;

	copy.v[pb_field_index(r->fields, r->n, "community")] =
		copy.v[pb_field_index(r->fields, r->n, "registered")] = NULL;
	if (*redact && r->v[4]) { /* phone */
		pb_phone_redact(r->v[4], masked, sizeof masked);
		copy.v[4] = masked;
	}
	if ((rc = pb_yw_map_begin(w)) != PB_OK)
		return rc;
	/* No ref: the id is how a re-import finds this member. */
	if (!r->v[1] && (rc = pb_yw_id(w, r->id)) != PB_OK)
		return rc;
	if ((rc = pb_rec_yaml_fields(w, &copy)) != PB_OK)
		return rc;
	if ((rc = pb_member_history(db, r->id, write_registration, &h, &e)) !=
		    PB_OK ||
	    (h.started && (rc = pb_yw_seq_end(w)) != PB_OK))
		return rc;
	return pb_yw_map_end(w);
}

static int list_members(pb_db *db, pb_rec_fn fn, void *ctx, pb_err *e)
{
	pb_member_filter all = {.as_of = "9999-12-31", .all = 1};

	return pb_member_list(db, &all, fn, ctx, e);
}

size_t pb_member_export_sections(pb_export_section *out, const int *redact)
{
	const pb_export_section sec = {"members", list_members, write_member,
				       redact};

	out[0] = sec;
	return 1;
}

int pb_member_export(pb_db *db, FILE *fp, int redact, pb_err *e)
{
	return pb_kind_export(db, &pb_kind_member, fp, redact, e);
}

/* ---- the roster as CSV -------------------------------------------------- */

static const char ORG_BY_CODE[] = "SELECT id, name FROM orgs WHERE code = ?1";

/* How the roster names each organization, found once per organization:
 * its full name, as offices' rosters do, where the name resolves to it
 * alone (not another's code, not shared), else its code. */
typedef struct org_label {
	char *code, *label;
} org_label;

typedef struct roster_out {
	pb_db *db;
	pb_csvw *w;
	int redact;
	org_label *orgs;
	size_t norgs, cap;
	/* The row's own error: pb_rec_call says only "cannot write output". */
	pb_err *e;
	int rc;
} roster_out;

static const char *org_label_of(roster_out *x, const char *code)
{
	int64_t id = 0, named;
	const char *label = code;
	char *name = NULL;
	org_label *o;
	pb_stmt *st;
	size_t i;
	pb_err e;
	int rc;

	for (i = 0; i < x->norgs; i++)
		if (strcmp(x->orgs[i].code, code) == 0)
			return x->orgs[i].label;
	if (x->norgs == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;

		if (!(o = realloc(x->orgs, cap * sizeof *o))) {
			pb_fail(x->e, PB_SOFTWARE, "out of memory");
			return NULL;
		}
		x->orgs = o;
		x->cap = cap;
	}
	if ((rc = pb_db_prepare(x->db, ORG_BY_CODE, &st, x->e)) != PB_OK)
		return NULL;
	pb_bind_text(st, 1, code);
	if ((rc = pb_step(st, x->e)) == PB_ROW) {
		id = pb_col_int(st, 0);
		name = strdup(pb_col_text(st, 1));
	}
	pb_stmt_done(st);
	if (rc != PB_ROW && rc != PB_DONE)
		return NULL;
	/* An ambiguous or shadowed name is not an error here: the code is. */
	if (name && pb_org_resolve(x->db, name, 0, &named, &e) == PB_OK &&
	    named == id)
		label = name;
	o = &x->orgs[x->norgs];
	o->code = strdup(code);
	o->label = strdup(label);
	free(name);
	if (!o->code || !o->label) {
		free(o->code);
		free(o->label);
		pb_fail(x->e, PB_SOFTWARE, "out of memory");
		return NULL;
	}
	x->norgs++;
	return o->label;
}

/* The roster's columns: the id and the fields import reads, not the
 * names shown beside codes (the roster names its orgs in full anyway). */
static int roster_column(const pb_field *f)
{
	return f->check != PB_C_NONE || strcmp(f->name, "id") == 0;
}

static int write_roster_row(void *arg, const pb_rec *r)
{
	roster_out *x = arg;
	char masked[64];
	size_t i;
	int rc;

	for (i = 0; i < r->n; i++) {
		const pb_field *f = &r->fields[i];
		const char *v = r->v[i];

		if (!roster_column(f))
			continue;
		if (v && f->domain)
			v = pb_domain_label(f->domain, v, 1);
		else if (v && f->check == PB_C_REF && !(v = org_label_of(x, v)))
			return x->rc = x->e->code ? x->e->code : PB_SOFTWARE;
		else if (v && f->check == PB_C_PHONE && x->redact) {
			pb_phone_redact(v, masked, sizeof masked);
			v = masked;
		}
		pb_csvw_cell(x->w, f->type, v);
	}
	if ((rc = pb_csvw_end(x->w, x->e)) != PB_OK) {
		/* Which member, for a character GBK cannot hold. */
		char msg[PB_MSG_MAX];

		snprintf(msg, sizeof msg, "%s", x->e->msg);
		pb_fail(x->e, rc, "member %lld: %s", (long long)r->id, msg);
	}
	return x->rc = rc;
}

int pb_member_export_csv(pb_db *db, FILE *fp, const char *as_of, int redact,
			 const char *encoding, int bom, int raw, pb_err *e)
{
	pb_member_filter all = {.as_of = as_of, .all = 1};
	roster_out x = {db, NULL, redact, NULL, 0, 0, NULL, PB_OK};
	pb_err row_err;
	size_t i;
	int rc;

	x.e = &row_err;
	pb_err_clear(&row_err);
	pb_err_clear(e);
	if ((rc = pb_csvw_open(fp, encoding, bom, raw, &x.w, e)) != PB_OK)
		return rc;
	for (i = 0; i < pb_member_nfields; i++)
		if (roster_column(&pb_member_fields[i]))
			pb_csvw_cell(x.w, PB_T_TEXT, pb_member_fields[i].zh);
	if ((rc = pb_csvw_end(x.w, e)) == PB_OK)
		rc = pb_member_list(db, &all, write_roster_row, &x, e);
	if (x.rc != PB_OK)
		*e = row_err;
	pb_csvw_close(x.w);
	for (i = 0; i < x.norgs; i++) {
		free(x.orgs[i].code);
		free(x.orgs[i].label);
	}
	free(x.orgs);
	return rc;
}
