/* The members report: who is on the roll on the as-of date (the
 * period's end, or today while it is not over), by category and by the
 * community they are registered with that day, and the registrations
 * that began (报到) and ended (已返回) in the period. The community is
 * the registration in force that day (since <= D < until), so a member
 * who moved counts in one community only, and by_community plus
 * unregistered adds up to total. */
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"

/* Totals, and registrations with a community in scope that began or
 * ended in the period; a move ends one and begins another.  [0] without
 * --org (no scope to walk), [1] in ?3's scope. */
#define TOTALS_Q(where)                                                       \
	"SELECT count(*), count(community_id), (SELECT count(*) FROM "         \
	"registrations r WHERE r.since >= ?1 AND r.since <= ?2" where "), "   \
	"(SELECT count(*) FROM registrations r WHERE r.until >= ?1 AND "       \
	"r.until <= ?2" where ") FROM m"
#define IN_SCOPE " AND r.community_id IN (SELECT id FROM scope)"
static const char *const TOTALS[2] = {
	PB_MEMBERS_ALL TOTALS_Q(""), PB_MEMBERS_IN_SCOPE TOTALS_Q(IN_SCOPE)};
/* Active members on ?4 by category. */
#define BY_CATEGORY_Q                                                         \
	"SELECT category, count(*) FROM m GROUP BY category ORDER BY category"
static const char *const BY_CATEGORY[2] = {
	PB_MEMBERS_ALL BY_CATEGORY_Q, PB_MEMBERS_IN_SCOPE BY_CATEGORY_Q};
/* Every community in scope still there on the as-of date, even with
 * no one registered, and any other org a member in scope is registered
 * with (the street, or a community outside an --org scope). */
#define BY_COMMUNITY_Q(in_scope)                                              \
	"SELECT o.code, o.name, count(m.id) FROM orgs o LEFT JOIN m ON "       \
	"m.community_id = o.id WHERE (o.kind = 'community'" in_scope " AND "   \
	"(o.left_on IS NULL OR o.left_on > ?4)) OR o.id IN (SELECT "           \
	"community_id FROM m) GROUP BY o.id, o.code, o.name ORDER BY o.code"
static const char *const BY_COMMUNITY[2] = {
	PB_MEMBERS_ALL BY_COMMUNITY_Q(""),
	PB_MEMBERS_IN_SCOPE BY_COMMUNITY_Q(" AND o.id IN (SELECT id FROM scope)")};

int pb_report_members(pb_db *db, const pb_report_opts *o, pb_node **out,
		      pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_node *root = pb_node_root(), *n, *list;
	pb_stmt *st;
	int64_t *by;

	*out = NULL;
	if (!root)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_rq_period(&x, o, &o->period);
	pb_rq_period_node(&x, root, &o->period);

	n = pb_node_map(root, "members");
	if (pb_rq_row(&x, st = pb_rq_run(&x, pb_rq_scoped(&x, TOTALS)))) {
		pb_node_int(n, "total", pb_col_int(st, 0));
		pb_node_int(n, "registered", pb_col_int(st, 1));
		pb_node_int(n, "unregistered",
			    pb_col_int(st, 0) - pb_col_int(st, 1));
		pb_node_int(n, "new_registrations", pb_col_int(st, 2));
		pb_node_int(n, "returns", pb_col_int(st, 3));
		pb_rq_finish(st);
	}
	by = pb_rq_counts(&x, pb_rq_scoped(&x, BY_CATEGORY), &pb_member_categories);
	pb_rq_counts_node(n, "by_category", by, &pb_member_categories);
	free(by);
	list = pb_node_list(n, "by_community");
	st = pb_rq_run(&x, pb_rq_scoped(&x, BY_COMMUNITY));
	while (pb_rq_row(&x, st)) {
		pb_node *c = pb_node_map(list, NULL);

		pb_node_text(c, "community", PB_T_TEXT, pb_col_text(st, 0));
		pb_node_text(c, "name", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_int(c, "members", pb_col_int(st, 2));
	}
	if (x.rc != PB_OK) {
		pb_node_free(root);
		return x.rc;
	}
	*out = root;
	return PB_OK;
}
