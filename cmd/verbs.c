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

int pb_lines_next(pb_lines *l, char **line)
{
	ssize_t len;

	while ((len = getline(&l->buf, &l->cap, l->fp)) > 0) {
		l->lineno++;
		if (strlen(l->buf) != (size_t)len)
			return -1;
		while (len > 0 && (l->buf[len - 1] == '\n' || l->buf[len - 1] == '\r'))
			l->buf[--len] = '\0';
		if (len) {
			*line = l->buf;
			return 1;
		}
	}
	return 0;
}

void pb_lines_free(pb_lines *l)
{
	free(l->buf);
	l->buf = NULL;
}

void pb_refs_free(pb_refs *r)
{
	size_t i;

	for (i = 0; r->owned && i < r->n; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r->ref);
	free(r->line);
	free(r->id);
	memset(r, 0, sizeof *r);
}

int pb_refs_at(const pb_refs *r, size_t i, pb_err *e)
{
	if (r->line[i] > 0 && !e->file[0]) {
		snprintf(e->file, sizeof e->file, "<stdin>");
		e->line = r->line[i];
		e->col = 0;
	}
	return e->code;
}

static int refs_grow(pb_refs *r, size_t *cap)
{
	size_t n = *cap ? *cap * 2 : 16;
	const char **ref = realloc(r->ref, n * sizeof *ref);
	long *line;
	char **owned;

	if (ref)
		r->ref = ref;
	line = ref ? realloc(r->line, n * sizeof *line) : NULL;
	if (line)
		r->line = line;
	owned = line ? realloc(r->owned, n * sizeof *owned) : NULL;
	if (!owned)
		return PB_SOFTWARE;
	r->owned = owned;
	*cap = n;
	return PB_OK;
}

static int refs_stdin(pb_refs *r, pb_err *e)
{
	pb_lines l = {stdin, NULL, 0, 0};
	size_t cap = 0;
	char *line;
	int got, rc = PB_OK;

	while ((got = pb_lines_next(&l, &line)) > 0) {
		if (r->n == cap && refs_grow(r, &cap) != PB_OK) {
			rc = pb_fail(e, PB_SOFTWARE, "out of memory");
			break;
		}
		if (!(r->owned[r->n] = strdup(line))) {
			rc = pb_fail(e, PB_SOFTWARE, "out of memory");
			break;
		}
		r->ref[r->n] = r->owned[r->n];
		r->line[r->n++] = l.lineno;
	}
	if (got < 0)
		rc = pb_fail_at(e, PB_DATAERR, "<stdin>", l.lineno, 0,
				"NUL byte in the input");
	else if (rc == PB_OK && ferror(stdin))
		rc = pb_fail(e, PB_IOERR, "cannot read standard input");
	pb_lines_free(&l);
	return rc;
}

/* One record named twice is taken once, at its first place. */
static int by_id(const void *a, const void *b)
{
	const int64_t *x = *(const int64_t *const *)a, *y = *(const int64_t *const *)b;

	if (*x != *y)
		return *x < *y ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int refs_once(pb_refs *r, pb_err *e)
{
	int64_t **at = malloc((r->n ? r->n : 1) * sizeof *at);
	size_t i, k;

	if (!at)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	for (i = 0; i < r->n; i++)
		at[i] = &r->id[i];
	qsort(at, r->n, sizeof *at, by_id);
	for (i = 1; i < r->n; i++)
		if (*at[i] == *at[i - 1])
			r->line[at[i] - r->id] = -1; /* a later place: dropped */
	free(at);
	for (i = k = 0; i < r->n; i++) {
		if (r->line[i] < 0) {
			if (r->owned)
				free(r->owned[i]);
			continue;
		}
		r->ref[k] = r->ref[i];
		r->line[k] = r->line[i];
		r->id[k] = r->id[i];
		if (r->owned)
			r->owned[k] = r->owned[i];
		k++;
	}
	r->n = k;
	return PB_OK;
}

static int refs_resolve(pb_refs *r, pb_db *db, pb_err *e)
{
	size_t i;
	int rc;

	if (!(r->id = malloc((r->n ? r->n : 1) * sizeof *r->id)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	for (i = 0; i < r->n; i++)
		if ((rc = r->resolve(db, r->ref[i], 1, &r->id[i], e)) != PB_OK)
			return pb_refs_at(r, i, e);
	return refs_once(r, e);
}

/* References given as arguments (not owned). */
static int refs_args(char *const *pos, size_t n, pb_refs *r, pb_err *e)
{
	size_t i;

	if (!(r->ref = malloc((n ? n : 1) * sizeof *r->ref)) ||
	    !(r->line = calloc(n ? n : 1, sizeof *r->line)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	for (i = 0; i < n; i++)
		r->ref[i] = pos[i];
	r->n = n;
	return PB_OK;
}

int pb_refs_read(const pb_args *a, int ids_only, pb_resolve_fn resolve,
		 pb_refs *r, pb_err *e)
{
	int i, rc;

	memset(r, 0, sizeof *r);
	r->ids_only = ids_only;
	r->resolve = resolve;
	r->listed = a->npos > 1;
	for (i = 0; i < a->npos; i++)
		if (strcmp(a->pos[i], "-") == 0 && a->npos > 1)
			return pb_fail(e, PB_USAGE, "give '-' alone: it reads the "
						    "references from standard input");
	if (a->npos == 1 && strcmp(a->pos[0], "-") == 0) {
		r->listed = 1;
		rc = refs_stdin(r, e);
	} else {
		rc = refs_args(a->pos, (size_t)a->npos, r, e);
	}
	if (rc == PB_OK && ids_only)
		rc = refs_resolve(r, NULL, e);
	if (rc != PB_OK)
		pb_refs_free(r);
	return rc;
}

/* A write begins its transaction first, so what is resolved is what is
 * written. */
int pb_refs_open(pb_ctx *c, int mode, pb_refs *r, pb_db **db, pb_err *e)
{
	int rc;

	*db = NULL;
	if ((rc = pb_cli_open(c, mode, db, e)) != PB_OK)
		return rc;
	if ((mode == PB_READ || (rc = pb_db_begin(*db, e)) == PB_OK) &&
	    (r->ids_only || (rc = refs_resolve(r, *db, e)) == PB_OK))
		return PB_OK;
	pb_db_rollback(*db);
	pb_db_close(*db);
	*db = NULL;
	return rc;
}

int pb_verbs_refs(pb_ctx *c, int mode, const pb_args *a, pb_refs *r,
		  pb_db **db, pb_err *e)
{
	int rc;

	*db = NULL;
	if ((rc = pb_refs_read(a, verbs->kind->ids_only, verbs->kind->resolve, r,
			       e)) == PB_OK &&
	    (rc = pb_refs_open(c, mode, r, db, e)) != PB_OK)
		pb_refs_free(r);
	return rc;
}

/* One reference, "-" included, taken as it is. */
int pb_verbs_open(pb_ctx *c, int mode, const char *ref, pb_db **db,
		  int64_t *id, pb_err *e)
{
	char *one[1] = {(char *)ref};
	pb_refs r;
	int rc;

	*db = NULL;
	memset(&r, 0, sizeof r);
	r.ids_only = verbs->kind->ids_only;
	r.resolve = verbs->kind->resolve;
	if ((rc = refs_args(one, 1, &r, e)) == PB_OK &&
	    (!r.ids_only || (rc = refs_resolve(&r, NULL, e)) == PB_OK) &&
	    (rc = pb_refs_open(c, mode, &r, db, e)) == PB_OK)
		*id = r.id[0];
	pb_refs_free(&r);
	return rc;
}

int pb_verb_add(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->add_opts);
	ARGS(opts, 0, 0);
	const pb_kind *k = verbs->kind;
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
	/* What was added: its key (given, so set) or the id it was given. */
	if (status == 0 && k->key)
		fprintf(pb_cli_out(c), "%s\n", pb_rec_get(&r, k->key));
	else if (status == 0)
		fprintf(pb_cli_out(c), "%lld\n", (long long)r.id);
	pb_rec_free(&r);
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
static int show_one(pb_ctx *c, FILE *fp, pb_db *db, int64_t id,
		    const char *as_of, pb_err *e)
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
		rc = pb_fmt_show(fp, &c->fmt, r.fields, r.n, (const char *const *)r.v,
				 subs, k->nchildren, e);
	}
	for (i = 0; i < k->nchildren; i++)
		collected_free(&rows[i]);
	pb_rec_free(&r);
	return rc;
}

/* Several records as one document: a JSON array, a YAML sequence, JSON
 * lines, or (table, tsv, csv) the records one after another with an empty
 * line between them. Each is shown into memory first, so that a failure
 * prints nothing. */
static void put_item(FILE *fp, int format, const char *text, size_t len,
		     size_t i)
{
	const char *p = text, *end = text + len, *nl;

	if (format == PB_FMT_JSONL) {
		fwrite(text, 1, len, fp);
		return;
	}
	if (format != PB_FMT_JSON && format != PB_FMT_YAML) {
		if (i && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
			p += 3; /* one byte-order mark, at the start */
		fputs(i ? "\n" : "", fp);
		fwrite(p, 1, (size_t)(end - p), fp);
		return;
	}
	if (format == PB_FMT_JSON)
		fputs(i ? ",\n" : "[\n", fp);
	for (; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		fputs(format == PB_FMT_YAML && p == text ? "- " : "  ", fp);
		fwrite(p, 1, (size_t)(nl - p), fp);
		if (format == PB_FMT_YAML || nl + 1 < end)
			fputc('\n', fp);
	}
}

static int show_listed(pb_ctx *c, pb_db *db, const pb_refs *r,
		       const char *as_of, pb_err *e)
{
	char **text = calloc(r->n ? r->n : 1, sizeof *text);
	size_t *len = calloc(r->n ? r->n : 1, sizeof *len);
	int format = c->fmt.format;
	FILE *fp = pb_cli_out(c), *mem;
	size_t i, done;
	int rc = PB_OK;

	if (!text || !len)
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
	for (done = 0; rc == PB_OK && done < r->n; done++) {
		if (!(mem = open_memstream(&text[done], &len[done]))) {
			rc = pb_fail(e, PB_SOFTWARE, "out of memory");
			break;
		}
		rc = show_one(c, mem, db, r->id[done], as_of, e);
		if (fclose(mem) != 0 && rc == PB_OK)
			rc = pb_fail(e, PB_SOFTWARE, "out of memory");
		if (rc != PB_OK)
			pb_refs_at(r, done, e);
	}
	for (i = 0; rc == PB_OK && i < r->n; i++)
		put_item(fp, format, text[i], len[i], i);
	if (rc == PB_OK && (format == PB_FMT_JSON || format == PB_FMT_YAML))
		fputs(!r->n ? "[]\n" : format == PB_FMT_JSON ? "\n]\n" : "", fp);
	for (i = 0; text && i < r->n; i++)
		free(text[i]);
	free(text);
	free(len);
	return rc;
}

int pb_verb_show(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->show_opts);
	ARGS(opts, 1, -1);
	char as_of[11];
	pb_refs r;
	pb_db *db;
	pb_err e;
	int rc;

	if (c->fmt.format == PB_FMT_XLSX &&
	    (a.npos > 1 || strcmp(a.pos[0], "-") == 0))
		return pb_cli_usage_error(c, "-f xlsx shows one record: name one");
	if ((rc = pb_cli_date(c, "as-of", pb_arg(&a, opts, "as-of"), as_of,
			      &e)) != PB_OK ||
	    (rc = pb_verbs_refs(c, PB_READ, &a, &r, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if (r.listed)
		rc = show_listed(c, db, &r, as_of, &e);
	else
		rc = show_one(c, pb_cli_out(c), db, r.id[0], as_of, &e);
	pb_refs_free(&r);
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

/* Every record or none; with --force, what was done to each is said
 * once all is written. */
int pb_verb_rm(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->rm_opts);
	ARGS(opts, 1, -1);
	int force = pb_arg(&a, opts, "force") != NULL;
	char said[512], **saids = NULL;
	size_t i, n = 0;
	pb_refs r;
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_verbs_refs(c, PB_UPDATE, &a, &r, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if (force && !(saids = calloc(r.n ? r.n : 1, sizeof *saids)))
		rc = pb_fail(&e, PB_SOFTWARE, "out of memory");
	for (i = 0; i < r.n && rc == PB_OK; i++) {
		if ((rc = verbs->kind->del(db, r.id[i], force, said, sizeof said,
					   &e)) != PB_OK)
			pb_refs_at(&r, i, &e);
		else if (force && !(saids[n++] = strdup(said)))
			rc = pb_fail(&e, PB_SOFTWARE, "out of memory");
	}
	status = pb_cli_commit(c, db, rc, &e);
	for (i = 0; i < n; i++) {
		if (status == 0 && saids[i])
			pb_cli_note(c, "%s", saids[i]);
		free(saids[i]);
	}
	free(saids);
	pb_refs_free(&r);
	return status;
}

/* The domain of the field list --kind (or --category) looks at. */
static const pb_domain *kinds_domain(const pb_kind *k)
{
	int i;

	if (!verbs->list_kinds)
		return NULL;
	i = pb_field_index(k->fields, *k->nfields, verbs->list_kinds);
	return i < 0 ? NULL : k->fields[i].domain;
}

int pb_verb_list(pb_ctx *c, int argc, char **argv)
{
	const pb_opt *opts = opts_or_none(verbs->list_opts);
	ARGS(opts, 0, 0);
	const pb_kind *k = verbs->kind;
	void *f = calloc(1, verbs->filter_size);
	pb_match m;
	pb_db *db;
	pb_err e;
	int rc;

	if (!f)
		return PB_SOFTWARE;
	if (pb_cli_match(&a, opts, verbs->list_kinds, kinds_domain(k),
			 verbs->list_names, &m, &e) != PB_OK) {
		free(f);
		return pb_cli_error(c, &e);
	}
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
		status = pb_cli_list_match(c, db, k->fields, *k->nfields, k->list,
					   f, NULL, &m);
	free(f);
	return status;
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
