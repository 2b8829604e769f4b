/* Orgs and roles to and from YAML through the shared runner
 * (record_io.c). What is particular to orgs: parents are linked once
 * every org of the file is in, so a file may list a child before its
 * parent. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"

/* An org whose parent is linked once every org of the file is in. */
typedef struct pending {
	int64_t id;
	char *parent;
	int parent_given;
	long pline, pcol;
} pending;

typedef struct org_import {
	pending *p;
	size_t n, cap;
} org_import;

static int remember(org_import *x, const pb_rec *r, const pb_yrec *y)
{
	pb_yval *pv = pb_yrec_get((pb_yrec *)y, "parent");
	const char *parent = pb_rec_get(r, "parent");
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
	p->id = r->id;
	p->parent = NULL;
	p->parent_given = pv != NULL;
	p->pline = pv ? pv->line : y->line;
	p->pcol = pv ? pv->col : y->col;
	if (parent && !(p->parent = strdup(parent)))
		return PB_SOFTWARE;
	x->n++;
	return PB_OK;
}

static int upsert_org(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
		      pb_diags *d, int *created, pb_err *e)
{
	(void)d;
	int rc = pb_org_upsert(db, r, 1, created, e);

	if (rc == PB_OK && remember(ctx, r, y) != PB_OK)
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
	return rc;
}

/* A bad org is not written, but its parent is checked with the others
 * once the whole file is in (it may be defined further down). */
static void invalid_org(void *ctx, pb_db *db, const pb_rec *r,
			const pb_yrec *y, pb_diags *d)
{
	pb_rec copy = *r;

	(void)db;
	(void)d;
	copy.id = 0;
	remember(ctx, &copy, y);
}

static int upsert_role(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
		       pb_diags *d, int *created, pb_err *e)
{
	(void)d;
	(void)ctx;
	(void)y;
	return pb_role_upsert(db, r, created, e);
}

static int org_key(const pb_rec *r, char *buf, size_t len)
{
	snprintf(buf, len, "code '%s'", pb_rec_get(r, "code"));
	return 1;
}

/* A pending row by org id, to find which rows of the file a cycle runs
 * through. */
typedef struct by_id {
	int64_t id;
	size_t row;
} by_id;

static int cmp_by_id(const void *a, const void *b)
{
	int64_t x = ((const by_id *)a)->id, y = ((const by_id *)b)->id;

	return x < y ? -1 : x > y;
}

static int cmp_by_id_row(const void *a, const void *b)
{
	const by_id *x = a, *y = b;
	int by = cmp_by_id(a, b);

	return by ? by : (x->row > y->row) - (x->row < y->row);
}

/* By id, the last row of each (a code given twice is an error, but its
 * last row is the parent that was kept). */
static size_t sort_rows(by_id *rows, size_t n)
{
	size_t i, k = 0;

	qsort(rows, n, sizeof *rows, cmp_by_id_row);
	for (i = 0; i < n; i++) {
		if (k && rows[k - 1].id == rows[i].id)
			k--;
		rows[k++] = rows[i];
	}
	return k;
}

typedef struct cycles {
	const by_id *rows;
	size_t n;
	unsigned char *closes; /* per pending row: 1 when it closes a cycle */
} cycles;

/* A cycle is the file's when it runs through rows of the file: the last
 * of them closed it, as if they were linked one by one. */
static int blame_cycle(void *ctx, size_t n, const int64_t *ids,
		       const char *const *codes)
{
	cycles *c = ctx;
	size_t i, last = 0;
	by_id key = {0}, *hit;

	(void)codes;
	for (i = 0; i < n; i++) {
		key.id = ids[i];
		hit = bsearch(&key, c->rows, c->n, sizeof *c->rows, cmp_by_id);
		if (hit && hit->row + 1 > last)
			last = hit->row + 1;
	}
	if (last)
		c->closes[last - 1] = 1;
	return PB_OK;
}

/* One org's parent linked in a savepoint: a failed link is listed and
 * the next one made, without a failed statement ending the transaction
 * (as it would on PostgreSQL). */
static int link_one(pb_db *db, const pending *p, int cycles_later, pb_err *e)
{
	int rc;

	if ((rc = pb_db_savepoint(db, e)) != PB_OK)
		return rc;
	rc = pb_org_set_parent(db, p->id, p->parent, cycles_later, e);
	if (rc != PB_OK) {
		pb_db_rollback_to(db);
		return rc;
	}
	return pb_db_release(db, e);
}

/* Each row's parent is linked first, then the whole graph is searched
 * for cycles once: checking each row as it is linked would walk up its
 * ancestors, quadratic in a deep chain. */
static void link_parents(void *ctx, pb_db *db, const char *file, pb_diags *d)
{
	org_import *x = ctx;
	cycles c = {NULL, 0, NULL};
	by_id *rows = malloc((x->n + 1) * sizeof *rows);
	int64_t parent;
	pb_err e;
	size_t i;
	int rc;

	c.closes = calloc(x->n + 1, sizeof *c.closes);
	if (!c.closes || !rows) {
		pb_fail(&e, PB_SOFTWARE, "out of memory");
		pb_diags_add(d, &e);
		goto out;
	}
	for (i = 0; i < x->n; i++) {
		if (!x->p[i].parent_given)
			continue;
		if (x->p[i].id)
			rc = link_one(db, &x->p[i], 1, &e);
		else if ((rc = pb_org_resolve(db, x->p[i].parent, 0, &parent, &e)) ==
				 PB_DATAERR &&
			 strncmp(e.msg, "unknown organization", 20) == 0)
			pb_fail(&e, PB_DATAERR, "unknown parent '%s'", x->p[i].parent);
		if (rc != PB_OK)
			pb_diag(d, e.code, file, x->p[i].pline, x->p[i].pcol, "%s",
				e.msg);
		else if (x->p[i].id)
			rows[c.n++] = (by_id){x->p[i].id, i};
	}
	c.n = sort_rows(rows, c.n);
	c.rows = rows;
	if (c.n && pb_org_cycles(db, blame_cycle, &c, &e) != PB_OK) {
		pb_diags_add(d, &e);
		goto out;
	}
	/* The ordinary check words the error: it walks the cycle once. */
	for (i = 0; i < x->n; i++)
		if (c.closes[i] && link_one(db, &x->p[i], 0, &e) != PB_OK)
			pb_diag(d, e.code, file, x->p[i].pline, x->p[i].pcol, "%s",
				e.msg);
out:
	free(c.closes);
	free(rows);
}

static void free_org_import(void *ctx)
{
	org_import *x = ctx;
	size_t i;

	for (i = 0; x && i < x->n; i++)
		free(x->p[i].parent);
	if (x)
		free(x->p);
	free(x);
}

size_t pb_org_sections(pb_import_section *out)
{
	org_import *x = calloc(1, sizeof *x);
	const pb_import_section secs[] = {
		{"orgs", pb_org_fields, pb_org_nfields, upsert_org, org_key, NULL,
		 invalid_org, link_parents, x, free_org_import, NULL, NULL},
		{"roles", pb_role_fields, pb_role_nfields, upsert_role, NULL, NULL,
		 NULL, NULL, NULL, NULL, NULL, NULL},
	};

	/* Without memory for the parents, the import fails on the first
	 * org (upsert_org reports it). */
	out[0] = secs[0];
	out[1] = secs[1];
	/* x is out[0].ctx, freed by pb_import_sections_free. */
	/* cppcheck-suppress memleak */
	return 2;
}

int pb_org_import(pb_db *db, const char *path, int dry_run,
		  pb_import_stats *st, pb_diags *d, pb_err *e)
{
	const pb_import_opts o = {path, 0, NULL, dry_run, NULL, NULL, NULL};

	return pb_kind_import(db, &pb_kind_org, &o, st, d, e);
}

static int list_orgs(pb_db *db, pb_rec_fn fn, void *ctx, pb_err *e)
{
	pb_org_filter all = {.all = 1};

	return pb_org_list(db, &all, fn, ctx, e);
}

static int list_roles(pb_db *db, pb_rec_fn fn, void *ctx, pb_err *e)
{
	return pb_role_list(db, 0, 1, NULL, fn, ctx, e);
}

size_t pb_org_export_sections(pb_export_section *out)
{
	const pb_export_section secs[] = {
		{"orgs", list_orgs, NULL, NULL},
		{"roles", list_roles, NULL, NULL},
	};

	out[0] = secs[0];
	out[1] = secs[1];
	return 2;
}

int pb_org_export(pb_db *db, FILE *fp, pb_err *e)
{
	return pb_kind_export(db, &pb_kind_org, fp, 0, e);
}
