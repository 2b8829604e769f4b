/* The due lists: what needs doing soon, as of a day. Opinions must be
 * answered by their due date (征询意见反馈); pairings and office-holders'
 * terms that end soon need renewing. Dates are compared as bound text;
 * the days left or overdue are computed here from the dates, so no
 * engine's date functions are needed. */

#include "report_sql.h"

/* Unanswered on ?1 (an answer dated later does not count yet), received
 * by then, due on or before ?2. */
static const char OPINIONS_DUE[] =
	PB_SCOPE_CTE
	"SELECT n.id, o.code, n.received, n.due, o.name FROM opinions n JOIN "
	"orgs o ON o.id = n.from_org_id WHERE (n.answered IS NULL OR n.answered > ?1) AND "
	"n.received <= ?1 AND n.due <= ?2 AND n.from_org_id IN (SELECT id FROM "
	"scope) ORDER BY n.due, n.id";
/* Overdue on ?2 (= ?1): unanswered that day and due before it. */
static const char OPINIONS_OVERDUE[] =
	PB_SCOPE_CTE
	"SELECT n.id, o.code, n.received, n.due, o.name FROM opinions n JOIN "
	"orgs o ON o.id = n.from_org_id WHERE (n.answered IS NULL OR n.answered > ?2) AND "
	"n.received <= ?1 AND n.due < ?2 AND n.from_org_id IN (SELECT id FROM "
	"scope) ORDER BY n.due, n.id";
/* Ending from ?1 to ?2: either side in scope. */
static const char PAIRS_ENDING[] =
	PB_SCOPE_CTE
	"SELECT p.id, c.code, q.code, p.kind, p.until, c.name, q.name FROM "
	"pairs p JOIN orgs c "
	"ON c.id = p.community_id JOIN orgs q ON q.id = p.partner_id WHERE "
	"p.until >= ?1 AND p.until <= ?2 AND (p.community_id IN (SELECT id FROM "
	"scope) OR p.partner_id IN (SELECT id FROM scope)) "
	"ORDER BY p.until, p.id";
static const char ROLES_ENDING[] =
	PB_SCOPE_CTE
	"SELECT r.id, o.code, r.title, r.person, r.until, o.name FROM roles r "
	"JOIN orgs "
	"o ON o.id = r.org_id WHERE r.until >= ?1 AND r.until <= ?2 AND "
	"r.org_id IN (SELECT id FROM scope) ORDER BY r.until, r.id";

/* Pairings and terms ending within this many days are listed by `due`. */
#define ENDING_DAYS 60

static int parse_day(const char *s, pb_date *d, pb_err *e)
{
	if (!s)
		return pb_fail(e, PB_SOFTWARE, "no date for the report");
	return pb_date_parse(s, d, e);
}

/* Opinions as rows of id, from, received, due and the days from `day`
 * to due (`key`), negated when `sign` is -1. */
static void opinion_rows(pb_rq *x, const char *sql, pb_node *list,
			 pb_date day, const char *key, int sign)
{
	pb_stmt *st = pb_rq_run(x, sql);
	pb_err bad;
	pb_date due;

	while (pb_rq_row(x, st)) {
		pb_node *n = pb_node_map(list, NULL);
		long days = 0;

		if (pb_date_parse(pb_col_text(st, 3), &due, &bad) == PB_OK)
			days = pb_date_days(due) - pb_date_days(day);
		pb_node_int(n, "id", pb_col_int(st, 0));
		pb_node_text(n, "from", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_text(n, "from_name", PB_T_TEXT, pb_col_text(st, 4));
		pb_node_text(n, "received", PB_T_DATE, pb_col_text(st, 2));
		pb_node_text(n, "due", PB_T_DATE, pb_col_text(st, 3));
		pb_node_int(n, key, sign * days);
	}
}

static int done(pb_rq *x, pb_node *root, pb_node **out)
{
	if (x->rc != PB_OK) {
		pb_node_free(root);
		return x->rc;
	}
	*out = root;
	return PB_OK;
}

int pb_report_due(pb_db *db, const pb_report_opts *o, int days,
		  pb_node **out, pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_node *root, *list;
	pb_stmt *st;
	pb_date today, until;
	int rc;

	*out = NULL;
	if ((rc = parse_day(o->today, &today, e)) != PB_OK)
		return rc;
	if (!(root = pb_node_root()))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_date_format(today, x.from);
	pb_node_text(root, "as_of", PB_T_DATE, x.from);
	pb_node_int(root, "days", days);

	/* Near the calendar's end the windows stop at 9999-12-31, beyond
	 * which nothing is dated. */
	pb_date_add_days(today, days, &until);
	pb_date_format(until, x.to);
	opinion_rows(&x, OPINIONS_DUE, pb_node_list(root, "opinions"), today,
		     "days_left", 1);

	pb_date_add_days(today, ENDING_DAYS, &until);
	pb_date_format(until, x.to);
	list = pb_node_list(root, "pairs");
	st = pb_rq_run(&x, PAIRS_ENDING);
	while (pb_rq_row(&x, st)) {
		pb_node *n = pb_node_map(list, NULL);

		pb_node_int(n, "id", pb_col_int(st, 0));
		pb_node_text(n, "community", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_text(n, "community_name", PB_T_TEXT, pb_col_text(st, 5));
		pb_node_text(n, "partner", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_text(n, "partner_name", PB_T_TEXT, pb_col_text(st, 6));
		pb_node_text(n, "kind", PB_T_TEXT, pb_col_text(st, 3));
		pb_node_text(n, "until", PB_T_DATE, pb_col_text(st, 4));
	}
	list = pb_node_list(root, "roles");
	st = pb_rq_run(&x, ROLES_ENDING);
	while (pb_rq_row(&x, st)) {
		pb_node *n = pb_node_map(list, NULL);

		pb_node_int(n, "id", pb_col_int(st, 0));
		pb_node_text(n, "org", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_text(n, "org_name", PB_T_TEXT, pb_col_text(st, 5));
		pb_node_text(n, "title", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_text(n, "name", PB_T_TEXT, pb_col_text(st, 3));
		pb_node_text(n, "until", PB_T_DATE, pb_col_text(st, 4));
	}
	return done(&x, root, out);
}

int pb_report_overdue(pb_db *db, const pb_report_opts *o, const char *as_of,
		      pb_node **out, pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_node *root;
	pb_date day;
	int rc;

	*out = NULL;
	if ((rc = parse_day(as_of ? as_of : o->today, &day, e)) != PB_OK)
		return rc;
	if (!(root = pb_node_root()))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_date_format(day, x.from);
	pb_date_format(day, x.to);
	pb_node_text(root, "as_of", PB_T_DATE, x.from);
	opinion_rows(&x, OPINIONS_OVERDUE, pb_node_list(root, "opinions"), day,
		     "days_overdue", -1);
	return done(&x, root, out);
}
