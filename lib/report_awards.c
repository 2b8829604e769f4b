/* The awards report (表彰): who was commended in the period, one row per
 * awardee participant row (role 'awardee', `pb-event attend --award`),
 * a unit or a member, with the award, the event and its date. An awardee
 * row is a commendation, not an attendance: the other reports that count
 * attendance leave it to this one. */
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"

/* In scope (?3): an org awardee in the scope; a member awardee whose
 * Party org or work unit is in it, or who was registered with a
 * community in it on the day of the event (since <= date < until). */
static const char AWARDS[] =
	PB_SCOPE_CTE
	"SELECT e.date, e.id, e.title, o.code, m.id, COALESCE(o.name, m.name), "
	"p.award FROM participants p JOIN events e ON e.id = p.event_id "
	"LEFT JOIN orgs o ON o.id = p.org_id "
	"LEFT JOIN members m ON m.id = p.member_id "
	"WHERE p.role = 'awardee' AND e.date >= ?1 AND e.date <= ?2 AND "
	"(?3 IS NULL OR "
	"p.org_id IN (SELECT id FROM scope) OR m.org_id IN (SELECT id FROM "
	"scope) OR m.unit_id IN (SELECT id FROM scope) OR EXISTS (SELECT 1 FROM "
	"registrations r WHERE r.member_id = m.id AND r.since <= e.date AND "
	"(r.until IS NULL OR r.until > e.date) AND r.community_id IN (SELECT id "
	"FROM scope))) ORDER BY e.date, e.id, p.id";

int pb_report_awards(pb_db *db, const pb_report_opts *o, pb_node **out,
		     pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_node *root = pb_node_root(), *list;
	pb_stmt *st;

	*out = NULL;
	if (!root)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_rq_period(&x, o, &o->period);
	pb_rq_period_node(&x, root, &o->period);

	list = pb_node_list(root, "awards");
	st = pb_rq_run(&x, AWARDS);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);
		int unit = !pb_col_null(st, 3);

		pb_node_text(m, "date", PB_T_DATE, pb_col_text(st, 0));
		pb_node_int(m, "event", pb_col_int(st, 1));
		pb_node_text(m, "event_title", PB_T_TEXT, pb_col_text(st, 2));
		/* A value labelled in table, md, html (awardee:unit). */
		pb_node_text(m, "awardee", PB_T_TEXT, unit ? "unit" : "member");
		pb_node_text(m, "code", PB_T_TEXT, unit ? pb_col_text(st, 3) : NULL);
		if (unit)
			pb_node_text(m, "member", PB_T_INT, NULL);
		else
			pb_node_int(m, "member", pb_col_int(st, 4));
		pb_node_text(m, "name", PB_T_TEXT, pb_col_text(st, 5));
		pb_node_text(m, "award", PB_T_TEXT, pb_col_text(st, 6));
	}
	if (x.rc != PB_OK) {
		pb_node_free(root);
		return x.rc;
	}
	*out = root;
	return PB_OK;
}
