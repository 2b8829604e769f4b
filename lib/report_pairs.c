/* Pair health (共建对子): each pair active at some time in the period,
 * with what its events achieved against its targets, what each side
 * gave, and two flags for the street office to act on. One query: the
 * pair's events of the period are aggregated per pair in CTEs, so the
 * cost does not grow with a loop over pairs. */
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"

/* pp: pairs in scope active on some day of the period (since <= day <
 * until, as pb-pair list --active has it); pe: their events in the
 * period. A side took part when it organized, attended (an org row, not
 * an awardee's) or gave at one of them; `yuan` is every contribution's
 * value, cash and in kind. Dormant: active on the as-of date ?4 with no
 * event in the window ?5..?4, as the summary counts it. */
#define PAIRS_Q(in_scope)                                                      \
	", pp AS (SELECT p.* FROM pairs p WHERE p.since <= ?2 AND (p.until IS " \
	"NULL OR p.until > ?1)" in_scope "), "                                 \
	"pe AS (SELECT e.id, e.pair_id, e.org_id, e.households, e.persons "    \
	"FROM events e WHERE e.pair_id IN (SELECT id FROM pp) AND e.date >= ?1 " \
	"AND e.date <= ?2), "                                                  \
	"ev AS (SELECT pe.pair_id, count(*) AS n, COALESCE(sum(pe.households), " \
	"0) AS hh, COALESCE(sum(pe.persons), 0) AS ps, count(*) FILTER (WHERE " \
	"pe.org_id = pp.community_id) AS c_n, count(*) FILTER (WHERE pe.org_id " \
	"= pp.partner_id) AS p_n FROM pe JOIN pp ON pp.id = pe.pair_id GROUP BY " \
	"pe.pair_id), "                                                        \
	"pa AS (SELECT pe.pair_id, sum(x.hours_milli * x.people) AS h, count(*) " \
	"FILTER (WHERE x.org_id = pp.community_id) AS c_n, count(*) FILTER "   \
	"(WHERE x.org_id = pp.partner_id) AS p_n FROM participants x JOIN pe ON " \
	"pe.id = x.event_id JOIN pp ON pp.id = pe.pair_id WHERE x.role <> "    \
	"'awardee' GROUP BY pe.pair_id), "                                     \
	"gv AS (SELECT pe.pair_id, COALESCE(sum(c.value_fen) FILTER (WHERE "   \
	"c.from_org_id = pp.community_id), 0) AS c_v, COALESCE(sum(c.value_fen) " \
	"FILTER (WHERE c.from_org_id = pp.partner_id), 0) AS p_v, count(*) "   \
	"FILTER (WHERE c.from_org_id = pp.community_id) AS c_n, count(*) FILTER " \
	"(WHERE c.from_org_id = pp.partner_id) AS p_n FROM contributions c JOIN " \
	"pe ON pe.id = c.event_id JOIN pp ON pp.id = pe.pair_id GROUP BY "     \
	"pe.pair_id), "                                                        \
	"recent AS (SELECT DISTINCT e.pair_id FROM events e WHERE e.pair_id IN " \
	"(SELECT id FROM pp) AND e.date >= ?5 AND e.date <= ?4) "              \
	"SELECT pp.id, co.code, po.code, pp.kind, pp.since, pp.until, "        \
	"COALESCE(ev.n, 0), COALESCE(pa.h, 0), COALESCE(gv.c_v, 0), "          \
	"COALESCE(gv.p_v, 0), pp.target_households, pp.target_persons, "       \
	"pp.target_yuan, COALESCE(ev.hh, 0), COALESCE(ev.ps, 0), "             \
	"CASE WHEN pp.since <= ?4 AND (pp.until IS NULL OR pp.until > ?4) AND " \
	"recent.pair_id IS NULL THEN 1 ELSE 0 END, "                           \
	"COALESCE(ev.c_n, 0) + COALESCE(pa.c_n, 0) + COALESCE(gv.c_n, 0), "    \
	"COALESCE(ev.p_n, 0) + COALESCE(pa.p_n, 0) + COALESCE(gv.p_n, 0), "    \
	"co.name, po.name FROM pp JOIN orgs co ON co.id = pp.community_id "    \
	"JOIN orgs po ON po.id = pp.partner_id "                               \
	"LEFT JOIN ev ON ev.pair_id = pp.id LEFT JOIN pa ON pa.pair_id = pp.id " \
	"LEFT JOIN gv ON gv.pair_id = pp.id "                                  \
	"LEFT JOIN recent ON recent.pair_id = pp.id ORDER BY pp.id"
/* [0] without --org (no scope to walk), [1] in ?3's scope. */
static const char *const PAIRS[2] = {
	PB_PARAMS_CTE PAIRS_Q(""),
	PB_SCOPE_CTE PAIRS_Q(" AND (p.community_id IN (SELECT id FROM scope) "
			     "OR p.partner_id IN (SELECT id FROM scope))")};

static void target(pb_node *m, const char *key, pb_stmt *st, int col,
		   int money)
{
	if (pb_col_null(st, col))
		pb_node_text(m, key, money ? PB_T_MONEY : PB_T_INT, NULL);
	else if (money)
		pb_node_money(m, key, pb_col_int(st, col));
	else
		pb_node_int(m, key, pb_col_int(st, col));
}

int pb_report_pairs(pb_db *db, const pb_report_opts *o, pb_node **out,
		    pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_node *root = pb_node_root(), *list;
	pb_stmt *st;

	*out = NULL;
	if (!root)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_rq_period(&x, o, &o->period);
	/* The day the dormant flags are as of. */
	pb_node_text(root, "as_of", PB_T_DATE, x.as_of);
	list = pb_node_list(root, "pairs");
	st = pb_rq_run(&x, pb_rq_scoped(&x, PAIRS));
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);
		int64_t c_side = pb_col_int(st, 16), p_side = pb_col_int(st, 17);
		int64_t yuan;

		pb_node_int(m, "id", pb_col_int(st, 0));
		pb_node_text(m, "community", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_text(m, "community_name", PB_T_TEXT, pb_col_text(st, 18));
		pb_node_text(m, "partner", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_text(m, "partner_name", PB_T_TEXT, pb_col_text(st, 19));
		pb_node_text(m, "kind", PB_T_TEXT, pb_col_text(st, 3));
		pb_node_text(m, "since", PB_T_DATE, pb_col_text(st, 4));
		pb_node_text(m, "until", PB_T_DATE, pb_col_text(st, 5));
		pb_node_int(m, "events", pb_col_int(st, 6));
		pb_node_dec(m, "hours", pb_col_int(st, 7));
		pb_node_money(m, "community_yuan", pb_col_int(st, 8));
		pb_node_money(m, "partner_yuan", pb_col_int(st, 9));
		target(m, "target_households", st, 10, 0);
		target(m, "target_persons", st, 11, 0);
		target(m, "target_yuan", st, 12, 1);
		pb_node_int(m, "households", pb_col_int(st, 13));
		pb_node_int(m, "persons", pb_col_int(st, 14));
		yuan = pb_col_int(st, 8);
		pb_rq_add(&x, &yuan, pb_col_int(st, 9), "pair contributions");
		pb_node_money(m, "yuan", yuan);
		pb_node_bool(m, "dormant", pb_col_int(st, 15) != 0);
		pb_node_bool(m, "one_sided", (c_side > 0) != (p_side > 0));
	}
	if (x.rc != PB_OK) {
		pb_node_free(root);
		return x.rc;
	}
	*out = root;
	return PB_OK;
}
