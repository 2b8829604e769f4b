/* Orgs and roles to and from YAML: import validates every record inside
 * one transaction and keeps it only when the whole file is good; export
 * writes what import takes back unchanged. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"

/* An org whose parent is linked once every org of the file is in. */
typedef struct pending {
	int64_t id;
	char *code, *parent;
	int parent_given;
	long line, col, pline, pcol;
} pending;

typedef struct import_ctx {
	pb_db *db;
	pb_diags *d;
	pb_import_stats *st;
	pending *p;
	size_t n, cap;
} import_ctx;

static void count(pb_import_stats *st, int created)
{
	if (created > 0)
		st->created++;
	else if (created < 0)
		st->unchanged++;
	else
		st->updated++;
}

static int remember(import_ctx *x, const pb_rec *r, const pb_yrec *y)
{
	pb_yval *pv = pb_yrec_get((pb_yrec *)y, "parent");
	pending *p;

	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		pending *grown = realloc(x->p, cap * sizeof *grown);

		if (!grown)
			return PB_SOFTWARE;
		x->p = grown;
		x->cap = cap;
	}
	p = &x->p[x->n];
	memset(p, 0, sizeof *p);
	p->id = r->id;
	p->code = strdup(pb_rec_get(r, "code"));
	p->parent = pb_rec_get(r, "parent") ? strdup(pb_rec_get(r, "parent")) : NULL;
	p->parent_given = pv != NULL;
	p->line = y->line;
	p->col = y->col;
	p->pline = pv ? pv->line : y->line;
	p->pcol = pv ? pv->col : y->col;
	if (!p->code)
		return PB_SOFTWARE;
	x->n++;
	return PB_OK;
}

static int on_record(void *arg, const char *section, pb_yrec *y)
{
	import_ctx *x = arg;
	int is_org = strcmp(section, "orgs") == 0;
	pb_rec r;
	pb_err e;
	int created, rc;

	if (!is_org && strcmp(section, "roles") != 0) {
		pb_diag(x->d, PB_DATAERR, y->file, y->line, y->col,
			"section '%s' is not imported by pb-org (use pb-%s import "
			"or pb-db load)",
			section,
			strcmp(section, "opinions") == 0 ? "event"
							 : strcmp(section, "pairs") == 0 ? "pair"
							 : strcmp(section, "members") == 0 ? "member"
											   : "event");
		return 0;
	}
	if (is_org)
		pb_rec_init(&r, pb_org_fields, pb_org_nfields);
	else
		pb_rec_init(&r, pb_role_fields, pb_role_nfields);
	if (pb_rec_from_yaml(&r, y, x->d) != PB_OK)
		goto out;
	if (is_org)
		rc = pb_org_upsert(x->db, &r, 1, &created, &e);
	else
		rc = pb_role_upsert(x->db, &r, &created, &e);
	if (rc != PB_OK) {
		pb_diag(x->d, rc == PB_DATAERR ? PB_DATAERR : rc, y->file, y->line,
			y->col, "%s", e.msg);
		goto out;
	}
	count(x->st, created);
	if (is_org && remember(x, &r, y) != PB_OK) {
		pb_rec_free(&r);
		return PB_SOFTWARE;
	}
out:
	pb_rec_free(&r);
	/* A database failure (busy, I/O) ends the import; bad data does not. */
	return x->d->code != PB_OK && x->d->code != PB_DATAERR ? x->d->code : 0;
}

static int by_id(const void *a, const void *b)
{
	const pending *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void link_parents(import_ctx *x, const char *file)
{
	pb_err e;
	size_t i;

	/* The same org twice in one file is a mistake, not an update. */
	qsort(x->p, x->n, sizeof *x->p, by_id);
	for (i = 1; i < x->n; i++)
		if (x->p[i].id == x->p[i - 1].id) {
			long first = x->p[i - 1].line < x->p[i].line ? x->p[i - 1].line
								     : x->p[i].line;
			long second = x->p[i - 1].line < x->p[i].line ? x->p[i].line
								      : x->p[i - 1].line;

			pb_diag(x->d, PB_DATAERR, file, second, 1,
				"duplicate code '%s' (first at line %ld)", x->p[i].code,
				first);
		}
	for (i = 0; i < x->n; i++)
		if (x->p[i].parent_given &&
		    pb_org_set_parent(x->db, x->p[i].id, x->p[i].parent, &e) != PB_OK)
			pb_diag(x->d, e.code, file, x->p[i].pline, x->p[i].pcol, "%s",
				e.msg);
}

int pb_org_import(pb_db *db, const char *path, int dry_run,
		  pb_import_stats *st, pb_diags *d, pb_err *e)
{
	static const char *const sections[] = {"orgs", "roles", "members", "pairs",
					       "events", "opinions", NULL};
	const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	import_ctx x = {db, d, st, NULL, 0, 0};
	size_t i;
	int rc;

	memset(st, 0, sizeof *st);
	if ((rc = pb_db_begin(db, e)) != PB_OK)
		return rc;
	rc = pb_yaml_read(path, sections, on_record, &x, d, e);
	if (rc == PB_OK || rc == PB_DATAERR)
		link_parents(&x, file);
	for (i = 0; i < x.n; i++) {
		free(x.p[i].code);
		free(x.p[i].parent);
	}
	free(x.p);
	if (rc != PB_OK && rc != PB_DATAERR) {
		pb_db_rollback(db);
		return rc;
	}
	if (d->n || d->more) {
		pb_db_rollback(db);
		return d->code ? d->code : PB_DATAERR;
	}
	if (dry_run) {
		pb_db_rollback(db);
		return PB_OK;
	}
	return pb_db_commit(db, e);
}

typedef struct export_ctx {
	pb_yw *w;
	int rc;
} export_ctx;

static int export_one(void *arg, const pb_rec *r)
{
	export_ctx *x = arg;

	return x->rc = pb_rec_to_yaml(x->w, r);
}

int pb_org_export(pb_db *db, FILE *fp, pb_err *e)
{
	pb_org_filter all = {NULL, 0, 1, NULL};
	export_ctx x = {NULL, PB_OK};
	int rc;

	if ((rc = pb_yw_open(fp, &x.w, e)) != PB_OK)
		return rc;
	pb_yw_map_begin(x.w);
	pb_yw_key(x.w, "orgs");
	pb_yw_seq_begin(x.w);
	rc = pb_org_list(db, &all, export_one, &x, e);
	pb_yw_seq_end(x.w);
	if (rc == PB_OK) {
		pb_yw_key(x.w, "roles");
		pb_yw_seq_begin(x.w);
		rc = pb_role_list(db, 0, 1, NULL, export_one, &x, e);
		pb_yw_seq_end(x.w);
	}
	pb_yw_map_end(x.w);
	if (rc == PB_OK && x.rc != PB_OK)
		rc = pb_fail(e, PB_IOERR, "cannot write YAML");
	if (rc != PB_OK) {
		pb_err ignored;

		pb_yw_close(x.w, &ignored);
		return rc;
	}
	return pb_yw_close(x.w, e);
}
