/* What the report modules share: the scope CTE (an org and the orgs under
 * it), the members in scope at a date, and a query runner that binds
 * the same parameters to every statement, so each report's SQL is plain
 * text with ?1 ?2 (the period's first and last days), ?3 (the org, or
 * NULL), ?4 (the as-of date) and ?5 (the first day of the dormancy
 * window that ends on ?4), and for a statement about a period and the
 * previous one at once ?6..?9 (the previous period's). A figure of the
 * period ("new in it") reads ?1..?2; a figure as of a day (overdue,
 * dormant, active, on the roll) reads ?4: the earlier of the period's
 * end and today, so a period that is not over is reported as it stands
 * today, as `overdue` and `due` report it.  A figure's SQL comes in
 * variants chosen in C: without --org no scope to walk (pb_rq_scoped),
 * and for a period of whole months the monthly totals (pb_rq_sql).
 * Private to lib/; not installed. */
#ifndef PB_REPORT_SQL_H
#define PB_REPORT_SQL_H

#include <stdlib.h>
#include <string.h>

#include "pb.h"

/* The orgs in scope: ?3 and the orgs under it, or every org. For
 * PostgreSQL, which types a parameter from its first use (not from `IS
 * NULL` alone) and refuses one left unused below a used one, `period`
 * first names the dates ?1 and ?2 with their types (a statement about
 * the last day alone need not use ?1; no engine evaluates a table that
 * nothing reads), and ?3 is cast where it first appears. */
#define PB_SCOPE_CTE                                                          \
	"WITH RECURSIVE period(first_day, last_day) AS (SELECT "              \
	"CAST(?1 AS TEXT), CAST(?2 AS TEXT)), scope(id) AS (SELECT id FROM "  \
	"orgs WHERE CAST(?3 AS BIGINT) IS NULL OR id = ?3 UNION SELECT o.id " \
	"FROM orgs o JOIN scope s ON o.parent_id = s.id WHERE ?3 IS NOT "     \
	"NULL) "

/* Without --org: the parameters typed as PB_SCOPE_CTE types them, for
 * PostgreSQL, in a table nothing reads, so a figure over every org
 * needs no scope (a recursive walk of every org) to ask `IN scope`. */
#define PB_PARAMS_CTE                                                         \
	"WITH period(first_day, last_day, org_id) AS (SELECT CAST(?1 AS "      \
	"TEXT), CAST(?2 AS TEXT), CAST(?3 AS BIGINT)) "

/* After PB_PARAMS_CTE or PB_SCOPE_CTE, for a statement about both
 * periods: ?4..?9 typed, as PostgreSQL needs every one below the last
 * it is given. */
#define PB_BOTH_CTE                                                           \
	", dates(as_of, win, prev_from, prev_to, prev_as_of, prev_win) AS "    \
	"(SELECT CAST(?4 AS TEXT), CAST(?5 AS TEXT), CAST(?6 AS TEXT), "       \
	"CAST(?7 AS TEXT), CAST(?8 AS TEXT), CAST(?9 AS TEXT)) "

/* A figure's SQL from the monthly totals (schema step 7) of the
 * period's months, for pb_rq_sql: Q(IN) is the statement after the
 * parameters, IN(t) the condition on a totals table t; [0] reads row
 * org 0 (every org together) for a report without --org, [1] the rows
 * of the scope's orgs (a distinct count then counts over them). */
#define PB_TOTALS_MONTHS(t)                                                    \
	" AND " t ".month >= substr(?1, 1, 7) AND " t ".month <= substr(?2, 1, 7)"
#define PB_TOTALS_IN_ALL(t) t ".org_id = 0" PB_TOTALS_MONTHS(t)
#define PB_TOTALS_IN_SCOPE(t)                                                  \
	t ".org_id IN (SELECT id FROM scope)" PB_TOTALS_MONTHS(t)
#define PB_TOTALS_SQL(Q)                                                       \
	{PB_PARAMS_CTE Q(PB_TOTALS_IN_ALL), PB_SCOPE_CTE Q(PB_TOTALS_IN_SCOPE)}

/* Members on ?4 (as of): held, employed or registered (that day) within
 * the scope; active when they have not left by then.  `m` carries the
 * community of the registration in force on ?4 (since <= ?4 < until),
 * so a member who moved is in one community at a time.  PB_MEMBERS_ALL
 * is every member (no --org), PB_MEMBERS_IN_SCOPE those of ?3's scope. */
#define PB_MEMBERS_M(in_scope)                                                 \
	", reg AS (SELECT member_id, community_id FROM registrations WHERE "     \
	"since <= ?4 AND (until IS NULL OR until > ?4)), m AS (SELECT "          \
	"members.*, reg.community_id FROM members LEFT JOIN reg ON "             \
	"reg.member_id = members.id WHERE (members.left_on IS NULL OR "          \
	"members.left_on > ?4) AND (members.joined_on IS NULL OR "               \
	"members.joined_on <= ?4)" in_scope ") "
#define PB_MEMBERS_ALL PB_PARAMS_CTE PB_MEMBERS_M("")
#define PB_MEMBERS_IN_SCOPE                                                    \
	PB_SCOPE_CTE PB_MEMBERS_M(" AND (members.org_id IN (SELECT id FROM "   \
				  "scope) OR members.unit_id IN (SELECT id "   \
				  "FROM scope) OR reg.community_id IN "        \
				  "(SELECT id FROM scope))")

typedef struct pb_rq {
	pb_db *db;
	char from[11], to[11], as_of[11], window[11]; /* ?1, ?2, ?4, ?5 */
	int64_t org;				       /* ?3; 0: NULL */
	int totals; /* the period is whole months: read the monthly totals */
	/* ?6 ?7 ?8 ?9: the previous period's first and last days, as-of
	 * date and window (pb_rq_previous), for the figures of both
	 * periods in one pass; the period's own without one. */
	char prev[4][11];
	pb_err *e;
	int rc; /* the first failure; later calls do nothing */
} pb_rq;

/* A runner for o's scope, its dates set by pb_rq_period. */
#define PB_RQ(db_, o_, e_) {.db = (db_), .org = (o_)->org, .e = (e_), .rc = PB_OK}

/* Prepare sql and bind ?1 ?2 ?3 (and ?4, ?5 when they are used); NULL
 * after a failure, which stays in x. PostgreSQL refuses a parameter left
 * unused below a used one: a statement that reads ?5 reads ?4 too (the
 * window ends on it), and the scope CTE reads ?1..?3. */
static inline pb_stmt *pb_rq_run(pb_rq *x, const char *sql)
{
	pb_stmt *st;

	if (x->rc != PB_OK || pb_db_prepare(x->db, sql, &st, x->e) != PB_OK) {
		x->rc = x->rc ? x->rc : x->e->code;
		return NULL;
	}
	pb_bind_text(st, 1, x->from);
	pb_bind_text(st, 2, x->to);
	if (x->org)
		pb_bind_int(st, 3, x->org);
	else
		pb_bind_null(st, 3);
	if (strstr(sql, "?4"))
		pb_bind_text(st, 4, x->as_of);
	if (strstr(sql, "?5"))
		pb_bind_text(st, 5, x->window);
	if (strstr(sql, "?6")) {
		int i;

		for (i = 0; i < 4; i++)
			pb_bind_text(st, 6 + i, x->prev[i]);
	}
	return st;
}

/* PB_TOTALS=off: every report reads the raw rows, not the monthly
 * totals (a check: the figures are the same). */
static inline int pb_totals_off(void)
{
	const char *v = getenv("PB_TOTALS");

	return v && strcmp(v, "off") == 0;
}

/* The dates of period p: ?1 ?2, ?4 its as-of date (pb_report_as_of)
 * and ?5 the first day of the dormancy window of o's dormant_days that
 * ends on it; before the calendar the window starts on its first day,
 * where nothing is dated earlier anyway. */
static inline void pb_rq_period(pb_rq *x, const pb_report_opts *o,
				const pb_period *p)
{
	pb_date as_of, from;

	pb_date_format(p->from, x->from);
	pb_date_format(p->to, x->to);
	as_of = pb_report_as_of(o, p);
	pb_date_format(as_of, x->as_of);
	pb_date_add_days(as_of, 1 - (long)o->dormant_days, &from);
	pb_date_format(from, x->window);
	x->totals = p->from.d == 1 &&
		    p->to.d == pb_days_in_month(p->to.y, p->to.m) &&
		    !pb_totals_off();
}

/* The previous period's dates (?6..?9) from p, or the period's own when
 * p is NULL; x's own dates stay those of its period. */
static inline void pb_rq_previous(pb_rq *x, const pb_report_opts *o,
				  const pb_period *p)
{
	pb_rq y = *x;

	if (p)
		pb_rq_period(&y, o, p);
	memcpy(x->prev[0], y.from, sizeof y.from);
	memcpy(x->prev[1], y.to, sizeof y.to);
	memcpy(x->prev[2], y.as_of, sizeof y.as_of);
	memcpy(x->prev[3], y.window, sizeof y.window);
}

/* A figure's SQL for x's scope: sql[0] without --org (no scope to walk),
 * sql[1] with it. */
static inline const char *pb_rq_scoped(const pb_rq *x, const char *const sql[2])
{
	return sql[x->org != 0];
}

/* An event figure's SQL: from the monthly totals (PB_TOTALS_SQL) when
 * the period is made of whole months, else from the raw rows; the
 * figures are the same. */
static inline const char *pb_rq_sql(const pb_rq *x, const char *raw,
				    const char *const totals[2])
{
	return x->totals ? pb_rq_scoped(x, totals) : raw;
}

/* The report's period map {from, to, label, as_of} under root, from
 * the dates pb_rq_period set. */
static inline void pb_rq_period_node(const pb_rq *x, pb_node *root,
				     const pb_period *p)
{
	pb_node *n = pb_node_map(root, "period");

	pb_node_text(n, "from", PB_T_DATE, x->from);
	pb_node_text(n, "to", PB_T_DATE, x->to);
	pb_node_text(n, "label", PB_T_TEXT, p->label);
	pb_node_text(n, "as_of", PB_T_DATE, x->as_of);
}

/* part of whole (> 0) in percent with one decimal, rounded half up, as
 * the thousandths of pb_node_dec (2 of 3: 66.7, 66700); for counts of
 * records part * 2000 stays far inside int64. The summary and a
 * district's roll-up (rollup.c) round alike. */
static inline int64_t pb_rate_milli(int64_t part, int64_t whole)
{
	return (part * 2000 + whole) / (2 * whole) * 100;
}

/* *sum += v, the first overflow kept in x (pb_sum_add). */
static inline void pb_rq_add(pb_rq *x, int64_t *sum, int64_t v,
			     const char *what)
{
	if (x->rc == PB_OK && pb_sum_add(sum, v, what, x->e) != PB_OK)
		x->rc = x->e->code;
}

/* Step one row; 0 at the end or on error (recorded in x), when the
 * statement is also reset. */
static inline int pb_rq_row(pb_rq *x, pb_stmt *st)
{
	int rc;

	if (!st)
		return 0;
	rc = pb_step(st, x->e);
	if (rc == PB_ROW)
		return 1;
	if (rc != PB_DONE && x->rc == PB_OK)
		x->rc = rc;
	pb_stmt_done(st);
	return 0;
}

/* Reset a statement left before its end. */
static inline void pb_rq_finish(pb_stmt *st)
{
	if (st)
		pb_stmt_done(st);
}

/* Counts per key of a domain from rows (key, n), zeros included, so
 * scripts see the same keys every time; NULL on failure (in x). */
static inline int64_t *pb_rq_counts(pb_rq *x, const char *sql,
				    const pb_domain *d)
{
	int64_t *n = calloc(d->n + 1, sizeof *n);
	pb_stmt *st = pb_rq_run(x, sql);
	size_t i;

	if (!n) {
		if (x->rc == PB_OK)
			x->rc = pb_fail(x->e, PB_SOFTWARE, "out of memory");
		pb_rq_finish(st);
		return NULL;
	}
	while (pb_rq_row(x, st))
		for (i = 0; i < d->n; i++)
			if (strcmp(d->labels[i].key, pb_col_text(st, 0)) == 0)
				n[i] = pb_col_int(st, 1);
	return n;
}

/* A map of key: n for every key of the domain. */
static inline void pb_rq_counts_node(pb_node *parent, const char *key,
				     const int64_t *n, const pb_domain *d)
{
	pb_node *m = pb_node_map(parent, key);
	size_t i;

	for (i = 0; n && i < d->n; i++)
		pb_node_int(m, d->labels[i].key, n[i]);
}

#endif
