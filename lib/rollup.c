/* A district's roll-up: each street's own report, read from its own
 * database (or from one database, street by street), and the district's
 * figures made from them. Summing finished reports, rather than querying
 * many databases at once, keeps each street's column equal to its own
 * report by construction and needs no attached databases (SQLite allows
 * ten). Units are the one figure that is not additive: the same
 * enterprise may take part in two streets' events, and is counted once
 * by its uscc, or by its name where it has none. */
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"

typedef struct street {
	char *label, *code, *uscc, *db;
	pb_node *report;
	pb_node *units[2]; /* {uscc, name} seen: this period, the previous */
} street;

struct pb_rollup {
	pb_rollup_rules rules;
	street *s;
	size_t n, cap;
	pb_node *sources, *failed; /* lists, under a holder root */
	pb_node *holder;
	int64_t dup[2]; /* units counted in more than one street, less one */
	pb_node *shared; /* rollup.shared_units, built by count_units */
};

pb_rollup *pb_rollup_new(const pb_rollup_rules *rules)
{
	pb_rollup *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->rules = *rules;
	if (!(r->holder = pb_node_root()) ||
	    !(r->sources = pb_node_list(r->holder, "sources")) ||
	    !(r->failed = pb_node_list(r->holder, "failed"))) {
		pb_rollup_free(r);
		return NULL;
	}
	return r;
}

void pb_rollup_free(pb_rollup *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->s[i].label);
		free(r->s[i].code);
		free(r->s[i].uscc);
		free(r->s[i].db);
		pb_node_free(r->s[i].report);
		pb_node_free(r->s[i].units[0]);
		pb_node_free(r->s[i].units[1]);
	}
	free(r->s);
	pb_node_free(r->holder);
	pb_node_free(r->shared);
	free(r);
}

static int oom(pb_err *e)
{
	return pb_fail(e, PB_SOFTWARE, "out of memory");
}

int pb_rollup_source(pb_rollup *r, const char *db, pb_err *e)
{
	return pb_node_text(r->sources, NULL, PB_T_TEXT, db) ? PB_OK : oom(e);
}

int pb_rollup_failed(pb_rollup *r, const char *db_name, const pb_err *why,
		     pb_err *e)
{
	pb_node *f = pb_node_map(r->failed, NULL);

	if (!pb_node_text(f, "db", PB_T_TEXT, db_name) ||
	    !pb_node_int(f, "status", pb_exit_code(why->code)) ||
	    !pb_node_text(f, "error", PB_T_TEXT, why->msg))
		return oom(e);
	return PB_OK;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static const char STREET_OF_DB[] =
	"SELECT code, name, uscc FROM orgs WHERE kind = 'street' ORDER BY "
	"CASE WHEN parent_id IS NULL THEN 0 ELSE 1 END, code LIMIT 1";
static const char STREET_BY_ID[] =
	"SELECT code, name, uscc FROM orgs WHERE id = ?1";

/* The street org's code, name and uscc into s; none leaves them NULL. */
static int identify(pb_db *db, int64_t id, street *s, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, id ? STREET_BY_ID : STREET_OF_DB, &st, e)) !=
	    PB_OK)
		return rc;
	if (id)
		pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	if (rc == PB_ROW) {
		s->code = dup_or_null(pb_col_text(st, 0));
		s->label = dup_or_null(pb_col_text(st, 1));
		s->uscc = dup_or_null(pb_col_text(st, 2));
		rc = s->code && s->label ? PB_OK : oom(e);
	} else if (rc == PB_DONE) {
		rc = PB_OK;
	}
	pb_stmt_done(st);
	return rc;
}

static int same_street(const street *a, const street *b)
{
	if (a->uscc && b->uscc)
		return strcmp(a->uscc, b->uscc) == 0;
	return a->code && b->code && strcmp(a->label, b->label) == 0;
}

int pb_rollup_add(pb_rollup *r, pb_db *db, const char *db_name,
		  const char *fallback, int64_t street_id, pb_node *report,
		  const pb_report_opts *o, pb_err *e)
{
	street s = {0};
	pb_period prev;
	size_t i;
	int rc;

	s.report = report;
	if ((rc = identify(db, street_id, &s, e)) != PB_OK)
		goto fail;
	for (i = 0; i < r->n; i++)
		if (same_street(&r->s[i], &s)) {
			rc = pb_fail(e, PB_USAGE,
				     "'%s' holds the same street as '%s' (%s%s%s): "
				     "name each street's database once",
				     db_name, r->s[i].db, s.label,
				     s.uscc ? ", uscc " : "", s.uscc ? s.uscc : "");
			goto fail;
		}
	/* A street without a street org is known by its file's name, or by
	 * the whole name given where two files share it. */
	if (!s.label) {
		const char *label = fallback;

		for (i = 0; i < r->n; i++)
			if (strcmp(r->s[i].label, label) == 0)
				label = db_name;
		if (!(s.label = strdup(label))) {
			rc = oom(e);
			goto fail;
		}
	}
	if (!(s.db = strdup(db_name))) {
		rc = oom(e);
		goto fail;
	}
	if (r->rules.units) {
		s.units[0] = pb_node_root();
		rc = s.units[0] ? pb_report_units_seen(db, o, &o->period, s.units[0], e)
				: oom(e);
		if (rc == PB_OK && pb_node_get(report, "previous") &&
		    pb_period_previous(&o->period, &prev)) {
			s.units[1] = pb_node_root();
			rc = s.units[1] ? pb_report_units_seen(db, o, &prev, s.units[1], e)
					: oom(e);
		}
		if (rc != PB_OK)
			goto fail;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		street *grown = realloc(r->s, cap * sizeof *grown);

		if (!grown) {
			rc = oom(e);
			goto fail;
		}
		r->s = grown;
		r->cap = cap;
	}
	r->s[r->n++] = s;
	return PB_OK;
fail:
	free(s.label);
	free(s.code);
	free(s.uscc);
	free(s.db);
	pb_node_free(s.report);
	pb_node_free(s.units[0]);
	pb_node_free(s.units[1]);
	return rc;
}

/* ---- counting units once ------------------------------------------------ */

typedef struct seen {
	const char *uscc, *name;
	size_t street;
} seen;

static int seen_cmp(const void *pa, const void *pb)
{
	const seen *a = pa, *b = pb;
	int c;

	/* By uscc where there is one (those first), else by name. */
	if (!a->uscc != !b->uscc)
		return a->uscc ? -1 : 1;
	c = a->uscc ? strcmp(a->uscc, b->uscc) : strcmp(a->name, b->name);
	if (c)
		return c;
	return a->street < b->street ? -1 : a->street > b->street;
}

static int seen_same(const seen *a, const seen *b)
{
	if (!a->uscc != !b->uscc)
		return 0;
	return a->uscc ? strcmp(a->uscc, b->uscc) == 0
		       : strcmp(a->name, b->name) == 0;
}

/* dup[k]: how many more times the streets counted their units than
 * there are distinct units; shared_units lists those of this period. */
static int count_units(pb_rollup *r, int k, pb_err *e)
{
	size_t total = 0, n = 0, i, j, s;
	seen *v;

	for (s = 0; s < r->n; s++)
		total += r->s[s].units[k] ? pb_node_count(r->s[s].units[k]) : 0;
	if (!(v = calloc(total + 1, sizeof *v)))
		return oom(e);
	for (s = 0; s < r->n; s++)
		for (i = 0; r->s[s].units[k] && i < pb_node_count(r->s[s].units[k]);
		     i++) {
			const pb_node *u = pb_node_at(r->s[s].units[k], i);

			v[n].uscc = pb_node_value(pb_node_get(u, "uscc"));
			v[n].name = pb_node_value(pb_node_get(u, "name"));
			if (!v[n].name)
				v[n].name = "";
			v[n++].street = s;
		}
	qsort(v, n, sizeof *v, seen_cmp);
	r->dup[k] = 0;
	for (i = 0; i < n; i = j) {
		pb_node *u, *in;

		for (j = i + 1; j < n && seen_same(&v[i], &v[j]); j++)
			;
		/* One street may name two units alike (no uscc): each still
		 * counts there, so only other streets' sightings are removed. */
		{
			size_t streets = 1, m;

			for (m = i + 1; m < j; m++)
				streets += v[m].street != v[m - 1].street;
			if (streets < 2)
				continue;
			r->dup[k] += (int64_t)streets - 1;
		}
		if (k != 0)
			continue;
		u = pb_node_map(r->shared, NULL);
		pb_node_text(u, "by", PB_T_TEXT, v[i].uscc ? "uscc" : "name");
		pb_node_text(u, "uscc", PB_T_TEXT, v[i].uscc);
		pb_node_text(u, "name", PB_T_TEXT, v[i].name);
		in = pb_node_list(u, "streets");
		for (s = i; s < j; s++)
			if (s == i || v[s].street != v[s - 1].street)
				pb_node_text(in, NULL, PB_T_TEXT, r->s[v[s].street].label);
	}
	free(v);
	return PB_OK;
}

/* ---- merging the streets' trees ----------------------------------------- */

/* path under its "previous." (which rolls up the same way) */
static const char *rule_path(const char *path, int *previous)
{
	*previous = strncmp(path, "previous.", 9) == 0;
	return *previous ? path + 9 : path;
}

static int rule_has(const char *const *rules, const char *path)
{
	int prev;
	size_t len;

	path = rule_path(path, &prev);
	for (; rules && *rules; rules++) {
		len = strlen(*rules);
		if (strncmp(path, *rules, len) == 0 &&
		    (path[len] == '\0' || path[len] == '.'))
			return 1;
	}
	return 0;
}

static int parse_number(int type, const char *s, int64_t *v, pb_err *e)
{
	char *end;

	if (type == PB_T_MONEY)
		return pb_money_parse(s, v, e);
	if (type == PB_T_DEC)
		return pb_decimal_parse(s, v, e);
	*v = strtoll(s, &end, 10);
	return *end ? pb_fail(e, PB_SOFTWARE, "not a number: '%s'", s) : PB_OK;
}

static pb_node *number_node(pb_node *parent, const char *key, int type,
			    int64_t v)
{
	if (type == PB_T_MONEY)
		return pb_node_money(parent, key, v);
	if (type == PB_T_DEC)
		return pb_node_dec(parent, key, v);
	return pb_node_int(parent, key, v);
}

typedef struct mctx {
	pb_rollup *r;
	pb_err *e;
	char path[1024];
} mctx;

static int merge(mctx *m, pb_node *dst, const char *key,
		 const pb_node *const *src, size_t n);

/* The sum over the streets of the number at path (under "previous."
 * when prev); a street without it adds nothing. */
static int street_sum(mctx *m, const char *path, int prev, int64_t *sum)
{
	char full[1024];
	const pb_node *v;
	int64_t x;
	size_t i;
	int rc;

	snprintf(full, sizeof full, "%s%s", prev ? "previous." : "", path);
	*sum = 0;
	for (i = 0; i < m->r->n; i++) {
		v = pb_node_get(m->r->s[i].report, full);
		if (!v || pb_node_kind(v) != PB_NODE_SCALAR || !pb_node_value(v) ||
		    !pb_type_is_number(pb_node_type(v)))
			continue;
		if ((rc = parse_number(pb_node_type(v), pb_node_value(v), &x,
				       m->e)) != PB_OK ||
		    (rc = pb_sum_add(sum, x, full, m->e)) != PB_OK)
			return rc;
	}
	return PB_OK;
}

/* A rate (rules.ratios) is no sum: the district's is its summed
 * numerator of its summed denominator, in percent with one decimal
 * rounded half up, as the street's report computes it; null of none.
 * 1: path is no rate. */
static int merge_ratio(mctx *m, pb_node *dst, const char *key)
{
	const char *const *t = m->r->rules.ratios;
	const char *path;
	int64_t num, den;
	int prev, rc;

	path = rule_path(m->path, &prev);
	for (; t && t[0] && t[1] && t[2]; t += 3)
		if (strcmp(path, t[0]) == 0)
			break;
	if (!t || !t[0] || !t[1] || !t[2])
		return 1;
	if ((rc = street_sum(m, t[1], prev, &num)) != PB_OK ||
	    (rc = street_sum(m, t[2], prev, &den)) != PB_OK)
		return rc;
	if (den <= 0)
		return pb_node_text(dst, key, PB_T_DEC, NULL) ? PB_OK : oom(m->e);
	return pb_node_dec(dst, key, pb_rate_milli(num, den)) ? PB_OK
							       : oom(m->e);
}

/* Numbers summed (the units figure less the units counted twice; a rate
 * recomputed), other scalars kept where every street has the same, else
 * null. */
static int merge_scalar(mctx *m, pb_node *dst, const char *key,
			const pb_node *const *src, size_t n)
{
	const pb_node *first = NULL;
	int64_t sum = 0, v;
	size_t i;
	int rc, same = 1, prev;

	if ((rc = merge_ratio(m, dst, key)) != 1)
		return rc;

	for (i = 0; i < n; i++)
		if (src[i] && !first)
			first = src[i];
	if (!first)
		return PB_OK;
	for (i = 0; i < n; i++) {
		const char *a = src[i] ? pb_node_value(src[i]) : NULL;
		const char *b = pb_node_value(first);

		if (!src[i] || (!a != !b) || (a && strcmp(a, b) != 0))
			same = 0;
	}
	if (!pb_type_is_number(pb_node_type(first)) || rule_has(m->r->rules.same, m->path)) {
		if (!pb_node_text(dst, key, pb_node_type(first),
				  same ? pb_node_value(first) : NULL))
			return oom(m->e);
		return PB_OK;
	}
	for (i = 0; i < n; i++) {
		if (!src[i] || !pb_node_value(src[i]))
			continue;
		if ((rc = parse_number(pb_node_type(src[i]), pb_node_value(src[i]), &v,
				       m->e)) != PB_OK ||
		    (rc = pb_sum_add(&sum, v, m->path, m->e)) != PB_OK)
			return rc;
	}
	if (m->r->rules.units && strcmp(rule_path(m->path, &prev),
					m->r->rules.units) == 0)
		sum -= m->r->dup[prev];
	return number_node(dst, key, pb_node_type(first), sum) ? PB_OK : oom(m->e);
}

static int item_ptr_cmp(const void *pa, const void *pb)
{
	return pb_node_item_cmp(*(const pb_node *const *)pa,
				 *(const pb_node *const *)pb);
}

static int merge_items(mctx *m, pb_node *list, const pb_node *const *src,
		       size_t n)
{
	size_t total = 0, k = 0, i, j;
	const pb_node **items;
	int rc = PB_OK;

	for (i = 0; i < n; i++)
		total += src[i] ? pb_node_count(src[i]) : 0;
	if (!(items = calloc(total + 1, sizeof *items)))
		return oom(m->e);
	for (i = 0; i < n; i++)
		for (j = 0; src[i] && j < pb_node_count(src[i]); j++)
			items[k++] = pb_node_at(src[i], j);
	/* qsort is not stable, but items alike are merged whatever their
	 * order, and sums do not depend on it. */
	qsort(items, k, sizeof *items, item_ptr_cmp);
	for (i = 0; i < k && rc == PB_OK; i = j) {
		for (j = i + 1; j < k && pb_node_item_cmp(items[i], items[j]) == 0; j++)
			;
		rc = merge(m, list, NULL, items + i, j - i);
	}
	free(items);
	return rc;
}

/* Items of other lists belong to one street: each is copied with its
 * street's name first. */
static int street_items(mctx *m, pb_node *list, const pb_node *const *src,
			size_t n)
{
	size_t i, j, k;

	for (i = 0; i < n; i++)
		for (j = 0; src[i] && j < pb_node_count(src[i]); j++) {
			const pb_node *item = pb_node_at(src[i], j);
			pb_node *c;

			if (pb_node_kind(item) != PB_NODE_MAP) {
				if (!pb_node_copy(list, item))
					return oom(m->e);
				continue;
			}
			c = pb_node_map(list, NULL);
			if (!pb_node_text(c, "street", PB_T_TEXT, m->r->s[i].label))
				return oom(m->e);
			for (k = 0; k < pb_node_count(item); k++)
				if (!pb_node_copy(c, pb_node_at(item, k)))
					return oom(m->e);
		}
	return PB_OK;
}

static int merge(mctx *m, pb_node *dst, const char *key,
		 const pb_node *const *src, size_t n)
{
	const pb_node *first = NULL, **kids;
	size_t i, j, base = strlen(m->path);
	pb_node *d;
	int rc = PB_OK;

	for (i = 0; i < n && !first; i++)
		first = src[i];
	if (!first)
		return PB_OK;
	if (key)
		snprintf(m->path + base, sizeof m->path - base, "%s%s",
			 base ? "." : "", key);
	if (pb_node_kind(first) == PB_NODE_SCALAR) {
		rc = merge_scalar(m, dst, key, src, n);
		m->path[base] = '\0';
		return rc;
	}
	d = pb_node_kind(first) == PB_NODE_MAP ? pb_node_map(dst, key)
					      : pb_node_list(dst, key);
	if (!d || !(kids = calloc(n + 1, sizeof *kids))) {
		m->path[base] = '\0';
		return oom(m->e);
	}
	if (pb_node_kind(first) == PB_NODE_LIST) {
		rc = rule_has(m->r->rules.merge, m->path) ? merge_items(m, d, src, n)
							  : street_items(m, d, src, n);
	} else {
		/* Keys in the order the streets give them, first seen first. */
		for (i = 0; i < n && rc == PB_OK; i++)
			for (j = 0; src[i] && j < pb_node_count(src[i]) && rc == PB_OK;
			     j++) {
				const char *k = pb_node_key(pb_node_at(src[i], j));
				size_t s;

				if (pb_node_child(d, k))
					continue;
				for (s = 0; s < n; s++)
					kids[s] = pb_node_child(src[s], k);
				rc = merge(m, d, k, kids, n);
			}
	}
	free(kids);
	m->path[base] = '\0';
	return rc;
}

static int street_entry(pb_node *list, const street *s, pb_err *e)
{
	pb_node *m = pb_node_map(list, NULL);
	size_t i;

	if (!pb_node_text(m, "street", PB_T_TEXT, s->code) ||
	    !pb_node_text(m, "name", PB_T_TEXT, s->label) ||
	    !pb_node_text(m, "db", PB_T_TEXT, s->db))
		return oom(e);
	for (i = 0; i < pb_node_count(s->report); i++)
		if (!pb_node_copy(m, pb_node_at(s->report, i)))
			return oom(e);
	return PB_OK;
}

int pb_rollup_tree(pb_rollup *r, pb_node **out, pb_err *e)
{
	mctx m = {r, e, ""};
	const pb_node **src = NULL;
	pb_node *root = pb_node_root(), *streets, *info;
	size_t i;
	int rc = PB_OK;

	*out = NULL;
	pb_node_free(r->shared);
	if (!root || !(r->shared = pb_node_root()) ||
	    !(src = calloc(r->n + 1, sizeof *src))) {
		pb_node_free(root);
		free(src);
		return oom(e);
	}
	if (r->rules.units && ((rc = count_units(r, 0, e)) != PB_OK ||
			       (rc = count_units(r, 1, e)) != PB_OK))
		goto done;
	for (i = 0; i < r->n; i++)
		src[i] = r->s[i].report;
	/* The district's figures under the keys of one street's report. */
	for (i = 0; r->n && i < pb_node_count(r->s[0].report) && rc == PB_OK; i++) {
		const char *k = pb_node_key(pb_node_at(r->s[0].report, i));
		size_t s;

		for (s = 0; s < r->n; s++)
			src[s] = pb_node_child(r->s[s].report, k);
		rc = merge(&m, root, k, src, r->n);
	}
	if (rc != PB_OK)
		goto done;
	streets = pb_node_list(root, "streets");
	for (i = 0; i < r->n && rc == PB_OK; i++)
		rc = street_entry(streets, &r->s[i], e);
	if (rc != PB_OK)
		goto done;
	info = pb_node_map(root, "rollup");
	pb_node_copy(info, r->sources);
	pb_node_int(info, "read", (int64_t)r->n);
	pb_node_bool(info, "incomplete", pb_node_count(r->failed) > 0);
	pb_node_copy(info, r->failed);
	/* Values are keys (labelled in table, md, html): how members, and
	 * in the reports that count them units, were counted across
	 * streets. */
	pb_node_text(info, "members_counted", PB_T_TEXT, "per-street");
	if (r->rules.units) {
		pb_node *shared;

		pb_node_text(info, "units_counted", PB_T_TEXT, "uscc-else-name");
		shared = pb_node_list(info, "shared_units");
		for (i = 0; i < pb_node_count(r->shared); i++)
			pb_node_copy(shared, pb_node_at(r->shared, i));
	}
	if (!pb_node_get(root, "rollup.failed"))
		rc = oom(e);
done:
	free(src);
	if (rc != PB_OK) {
		pb_node_free(root);
		return rc;
	}
	*out = root;
	return PB_OK;
}

static const char STREETS_UNDER[] =
	"WITH RECURSIVE scope(id) AS (SELECT id FROM orgs WHERE CAST(?1 AS "
	"BIGINT) IS NULL OR id = ?1 UNION SELECT o.id FROM orgs o JOIN scope s "
	"ON o.parent_id = s.id WHERE ?1 IS NOT NULL) SELECT id FROM orgs WHERE "
	"kind = 'street' AND id IN (SELECT id FROM scope) ORDER BY code";

int pb_rollup_streets(pb_db *db, int64_t org,
		      int (*fn)(void *ctx, int64_t id, pb_err *e), void *ctx,
		      pb_err *e)
{
	int64_t *ids;
	size_t n, i;
	int rc;

	/* Ids first: fn runs reports on the same connection. */
	if ((rc = pb_query_ids(db, STREETS_UNDER, org, &ids, &n, e)) != PB_OK)
		return rc;
	if (!n)
		rc = pb_fail(e, PB_DATAERR, "no org of kind street %s",
			     org ? "under that org" : "in the database");
	for (i = 0; i < n && rc == PB_OK; i++)
		rc = fn(ctx, ids[i], e);
	free(ids);
	return rc;
}
