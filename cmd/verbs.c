/* The verbs every record command shares, once for every kind (verbs.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verbs.h"

static const pb_opt no_opts[] = {{NULL, 0, NULL, NULL}};

static const pb_opt dry_run_opts[] = {
	{"dry-run", 'n', NULL, "validate only; write nothing"},
	{NULL, 0, NULL, NULL},
};

/* The running command's kind: one a program. */
static const pb_verbs *verbs;

int pb_verbs_main(int argc, char **argv, const pb_verbs *v, const char *prog,
		  const char *about, const pb_sub *subs, size_t nsubs)
{
	verbs = v;
	return pb_cli_main(argc, argv, prog, about, subs, nsubs);
}

static const pb_opt *opts_or_none(const pb_opt *opts)
{
	return opts ? opts : no_opts;
}

static void rec_init(pb_rec *r)
{
	pb_rec_init(r, verbs->kind->fields, *verbs->kind->nfields);
}

static int rec_from_args(const pb_args *a, const pb_opt *opts, pb_rec *r,
			 pb_err *e)
{
	if (verbs->rec_from_args)
		return verbs->rec_from_args(a, opts, r, e);
	return pb_cli_rec_from_args(a, opts, r, e);
}

/* The records an argument names: an id parsed before the database opens
 * (pairs), else resolved in it (a missing one is "not found", exit 1).
 * A write begins its transaction first, so what is resolved is what is
 * written. */
int pb_verbs_open(pb_ctx *c, int mode, const char *ref, pb_db **db,
		  int64_t *id, pb_err *e)
{
	const pb_kind *k = verbs->kind;
	int rc;

	*db = NULL;
	if (k->ids_only && (rc = k->resolve(NULL, ref, 1, id, e)) != PB_OK)
		return rc;
	if ((rc = pb_cli_open(c, mode, db, e)) != PB_OK)
		return rc;
	if ((mode == PB_READ || (rc = pb_db_begin(*db, e)) == PB_OK) &&
	    (k->ids_only || (rc = k->resolve(*db, ref, 1, id, e)) == PB_OK))
		return PB_OK;
	pb_db_rollback(*db);
	pb_db_close(*db);
	*db = NULL;
	return rc;
}

int pb_verb_add(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->add_opts);
	ARGS(opts, 0, 0);
	const pb_kind *k = verbs->kind;
	char key[128];
	pb_db *db;
	pb_rec r;
	pb_err e;
	int rc;

	rec_init(&r);
	/* Validate the input before touching the database. */
	if ((rc = rec_from_args(&a, opts, &r, &e)) != PB_OK ||
	    (rc = pb_cli_open(c, PB_WRITE, &db, &e)) != PB_OK) {
		pb_rec_free(&r);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = k->insert(db, &r, c->today_s, &e);
	status = pb_cli_commit(c, db, rc, &e);
	if (k->key)
		snprintf(key, sizeof key, "%s", pb_rec_get(&r, k->key));
	else
		snprintf(key, sizeof key, "%lld", (long long)r.id);
	pb_rec_free(&r);
	if (status == 0)
		fprintf(pb_cli_out(c), "%s\n", key);
	return status;
}

/* Rows of one kind collected for show's nested lists. */
typedef struct collected {
	char **cells;
	size_t nrows, cap, nfields;
} collected;

static int collect(void *arg, const pb_rec *r)
{
	collected *x = arg;
	size_t i;

	if (x->nrows == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 8;
		char **grown = realloc(x->cells, cap * r->n * sizeof *grown);

		if (!grown)
			return PB_SOFTWARE;
		x->cells = grown;
		x->cap = cap;
	}
	x->nfields = r->n;
	for (i = 0; i < r->n; i++)
		x->cells[x->nrows * r->n + i] = r->v[i] ? strdup(r->v[i]) : NULL;
	x->nrows++;
	return 0;
}

static void collected_free(collected *x)
{
	size_t i;

	for (i = 0; i < x->nrows * x->nfields; i++)
		free(x->cells[i]);
	free(x->cells);
}

/* One record as of a date, with the lists of its kind's children. */
static int show_one(pb_ctx *c, pb_db *db, int64_t id, const char *as_of,
		    pb_err *e)
{
	const pb_kind *k = verbs->kind;
	collected rows[PB_KIND_CHILDREN];
	pb_sublist subs[PB_KIND_CHILDREN];
	pb_rec r;
	size_t i;
	int rc;

	memset(rows, 0, sizeof rows);
	rec_init(&r);
	rc = k->get(db, id, as_of, &r, e);
	for (i = 0; i < k->nchildren && rc == PB_OK; i++)
		rc = k->children[i].list(db, id, collect, &rows[i], e);
	if (rc == PB_OK) {
		for (i = 0; i < k->nchildren; i++) {
			const pb_kind_child *ch = &k->children[i];
			const pb_sublist s = {ch->name, ch->en, ch->zh, ch->fields,
					      *ch->nfields,
					      (const char *const *)rows[i].cells,
					      rows[i].nrows};

			subs[i] = s;
		}
		rc = pb_fmt_show(pb_cli_out(c), &c->fmt, r.fields, r.n,
				 (const char *const *)r.v, subs, k->nchildren, e);
	}
	for (i = 0; i < k->nchildren; i++)
		collected_free(&rows[i]);
	pb_rec_free(&r);
	return rc;
}

int pb_verb_show(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->show_opts);
	ARGS(opts, 1, 1);
	char as_of[11];
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	if ((rc = pb_cli_date(c, "as-of", pb_arg(&a, opts, "as-of"), as_of,
			      &e)) != PB_OK ||
	    (rc = pb_verbs_open(c, PB_READ, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = show_one(c, db, id, as_of, &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

int pb_verb_set(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->set_opts);
	ARGS(opts, 1, 1);
	const pb_kind *k = verbs->kind;
	pb_rec changes, r;
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	rec_init(&changes);
	rec_init(&r);
	if ((rc = rec_from_args(&a, opts, &changes, &e)) != PB_OK)
		goto fail;
	if (!changes.given) {
		pb_rec_free(&changes);
		return pb_cli_usage_error(c, "nothing to set: give at least one "
					  "field option");
	}
	if ((rc = pb_verbs_open(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		goto fail;
	/* What the options give replaces what is stored; the update is told
	 * which fields they were (a member's community moves it). */
	if ((rc = k->get(db, id, c->today_s, &r, &e)) == PB_OK) {
		if (pb_rec_merge(&r, &changes) != PB_OK)
			rc = pb_fail(&e, PB_SOFTWARE, "out of memory");
		else
			rc = k->update(db, &r, c->today_s, &e);
	}
	pb_rec_free(&changes);
	pb_rec_free(&r);
	return pb_cli_commit(c, db, rc, &e);
fail:
	pb_rec_free(&changes);
	pb_rec_free(&r);
	return pb_cli_error(c, &e);
}

int pb_verb_rm(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->rm_opts);
	ARGS(opts, 1, 1);
	int force = pb_arg(&a, opts, "force") != NULL;
	char said[512];
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	if ((rc = pb_verbs_open(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = verbs->kind->del(db, id, force, said, sizeof said, &e);
	status = pb_cli_commit(c, db, rc, &e);
	if (status == 0 && force)
		pb_cli_note(c, "%s", said);
	return status;
}

int pb_verb_list(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->list_opts);
	ARGS(opts, 0, 0);
	const pb_kind *k = verbs->kind;
	void *f = calloc(1, verbs->filter_size);
	pb_db *db;
	pb_err e;
	int rc;

	if (!f)
		return PB_SOFTWARE;
	if ((status = verbs->list_args(c, &a, f)) != 0) {
		free(f);
		return status;
	}
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		status = pb_cli_error(c, &e);
	else if (verbs->list_refs &&
		 (rc = verbs->list_refs(c, &a, db, f, &e)) != PB_OK) {
		pb_db_close(db);
		status = pb_cli_error(c, &e);
	} else
		status = pb_cli_list_run(c, db, k->fields, *k->nfields, k->list, f,
					 NULL);
	free(f);
	return status;
}

int pb_verbs_domain(pb_ctx *c, const pb_domain *d, const char *what,
		    const char *text, const char **key)
{
	char list[512];

	if (!text || (*key = pb_domain_key(d, text)))
		return 0;
	pb_domain_list(d, list, sizeof list);
	return pb_cli_usage_error(c, "unknown %s '%s' (expected one of: %s)", what,
				  text, list);
}

int pb_verbs_org(pb_db *db, const char *ref, int64_t *id, pb_err *e)
{
	return ref ? pb_org_resolve(db, ref, 0, id, e) : PB_OK;
}

/* A progress line on a terminal, overwritten in place. */
static void progress(void *arg, long records)
{
	fprintf(stderr, "\r%s: %ld records read", ((pb_ctx *)arg)->prog, records);
}

struct import {
	pb_ctx *c;
	pb_import_opts o;
};

static int run_import(pb_db *db, void *arg, int dry_run, pb_import_stats *st,
		      pb_diags *d, pb_err *e)
{
	struct import *x = arg;
	int rc;

	x->o.dry_run = dry_run;
	rc = pb_kind_import(db, verbs->kind, &x->o, st, d, e);
	if (x->o.progress)
		fputs("\r\033[K", stderr); /* clear the progress line */
	return rc;
}

int pb_verb_import(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = verbs->import_opts ? verbs->import_opts : dry_run_opts;
	ARGS(opts, 1, 1);
	struct import x = {c, {a.pos[0], pb_arg(&a, opts, "csv") != NULL,
			       pb_arg(&a, opts, "encoding"), 0, c->today_s,
			       NULL, c}};

	if (x.o.encoding && !x.o.csv)
		return pb_cli_usage_error(c, "--encoding applies to --csv rosters");
	if (verbs->progress && !c->quiet && isatty(STDERR_FILENO))
		x.o.progress = progress;
	return pb_cli_import(c, pb_arg(&a, opts, "dry-run") != NULL, run_import,
			     &x);
}

int pb_verb_export(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->export_opts);
	ARGS(opts, 0, 0);
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if (verbs->export)
		rc = verbs->export(c, &a, db, pb_cli_out(c), &e);
	else
		rc = pb_kind_export(db, verbs->kind, pb_cli_out(c),
				    pb_arg(&a, opts, "redact") != NULL, &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}
