/* What a report is: its `meta` (title, street, scope, period in words,
 * as-of date, compiling unit, date produced), added the same way to
 * every report tree where it is written. The words follow the language
 * of the labels; no clock time, so a report of a fixed PB_TODAY is the
 * same bytes every time. */
#include <stdio.h>
#include <string.h>

#include "pb.h"

/* The street: first org of kind street with no parent, by code. */
static const char STREET[] =
	"SELECT name FROM orgs WHERE kind = 'street' AND parent_id IS NULL "
	"ORDER BY code LIMIT 1";
static const char ORG[] = "SELECT code, name FROM orgs WHERE id = ?1";

/* What each report is called; a summary by the length of its period. */
static const struct {
	const char *kind, *zh, *en;
} kinds[] = {
	{"members", "党员报到情况", "Members report"},
	{"due", "到期事项提醒", "Due list"},
	{"overdue", "逾期未答复意见", "Overdue opinions"},
	{"unit", "单位共建反馈表", "Unit feedback sheet"},
	{"pairs", "共建对子情况", "Pairs report"},
	{"review", "共驻共建考评表", "Evaluation sheet"},
	{"awards", "表彰情况", "Commendations"},
	{"meetings", "联席会议出席情况", "Joint meetings attendance"},
};

static const char *summary_name(const pb_period *p, int zh)
{
	pb_date f = p->from, t = p->to;
	int n = f.y == t.y && f.d == 1 && t.d == pb_days_in_month(t.y, t.m)
			? t.m - f.m + 1
			: 0;

	if (n == 1)
		return zh ? "共驻共建工作月报" : "Co-construction monthly report";
	if (n == 3 && f.m % 3 == 1)
		return zh ? "共驻共建工作季报" : "Co-construction quarterly report";
	if (n == 6 && f.m % 6 == 1)
		return zh ? "共驻共建工作半年报" : "Co-construction half-year report";
	if (n == 12)
		return zh ? "共驻共建工作年报" : "Co-construction annual report";
	return zh ? "共驻共建工作统计" : "Co-construction report";
}

static const char *kind_name(const char *kind, const pb_period *p, int zh)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return zh ? kinds[i].zh : kinds[i].en;
	if (p)
		return summary_name(p, zh);
	return zh ? "报表" : "Report";
}

/* One text from a query of at most one row; NULL when none. */
static int one_row(pb_db *db, const char *sql, int64_t id, char *a, char *b,
		   size_t len, pb_err *e)
{
	pb_stmt *st;
	int rc;

	a[0] = '\0';
	if (b)
		b[0] = '\0';
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	if (id)
		pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	if (rc == PB_ROW) {
		snprintf(a, len, "%s", pb_col_text(st, 0) ? pb_col_text(st, 0) : "");
		if (b)
			snprintf(b, len, "%s",
				 pb_col_text(st, 1) ? pb_col_text(st, 1) : "");
		rc = PB_OK;
	} else if (rc == PB_DONE) {
		rc = PB_OK;
	}
	pb_stmt_done(st);
	return rc;
}

int pb_report_meta(pb_db *db, const pb_report_opts *o, const pb_meta_opts *m,
		   pb_node *root, pb_err *e)
{
	const pb_period *p = o->period.from.y ? &o->period : NULL;
	char street[512] = "", code[256] = "", name[512] = "", words[64] = "";
	char title[1024], as_of[11], *s;
	pb_node *n, *meta;
	const pb_node *day = pb_node_get(root, "as_of");
	int rc;

	if (m->street && *m->street)
		snprintf(street, sizeof street, "%s", m->street);
	else if (db && (rc = one_row(db, STREET, 0, street, NULL, sizeof street,
				     e)) != PB_OK)
		return rc;
	if (db && o->org &&
	    (rc = one_row(db, ORG, o->org, code, name, sizeof name, e)) != PB_OK)
		return rc;
	/* As of the period's end, or today when it is not over; a report
	 * of one day says its own. */
	snprintf(as_of, sizeof as_of, "%s", o->today ? o->today : "");
	if (p) {
		pb_date t;
		pb_err ignored;

		if (!o->today || pb_date_parse(o->today, &t, &ignored) != PB_OK ||
		    pb_date_cmp(p->to, t) < 0)
			pb_date_format(p->to, as_of);
		pb_period_words(p, m->zh, words, sizeof words);
	} else if (day && pb_node_kind(day) == PB_NODE_SCALAR &&
		   pb_node_value(day)) {
		snprintf(as_of, sizeof as_of, "%s", pb_node_value(day));
	}
	s = title;
	if (m->streets && m->zh)
		s += snprintf(s, 64, "区级汇总（%zu个街道）", m->streets);
	else if (m->streets)
		s += snprintf(s, 64, "District report of %zu street%s: ", m->streets,
			      m->streets == 1 ? "" : "s");
	if (m->zh)
		snprintf(s, sizeof title - (size_t)(s - title), "%s%s %s%s",
			 m->streets ? "" : street, kind_name(m->kind, p, 1),
			 p ? "" : "截至", p ? words : as_of);
	else
		snprintf(s, sizeof title - (size_t)(s - title), "%s, %s%s",
			 kind_name(m->kind, p, 0), p ? "" : "as of ",
			 p ? words : as_of);
	if (m->streets && !m->zh)
		/* "District report of 3 streets: Co-construction ..." */
		s[0] = (char)(s[0] >= 'A' && s[0] <= 'Z' ? s[0] - 'A' + 'a' : s[0]);
	if (!(meta = pb_node_map(root, "meta")))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_node_text(meta, "title", PB_T_TEXT, title);
	pb_node_text(meta, "street", PB_T_TEXT, *street ? street : NULL);
	if (*code) {
		n = pb_node_map(meta, "scope");
		pb_node_text(n, "code", PB_T_TEXT, code);
		pb_node_text(n, "name", PB_T_TEXT, name);
	} else {
		pb_node_text(meta, "scope", PB_T_TEXT, NULL);
	}
	pb_node_text(meta, "period", PB_T_TEXT, p ? words : NULL);
	pb_node_text(meta, "as_of", PB_T_DATE, as_of);
	pb_node_text(meta, "compiler", PB_T_TEXT, *street ? street : NULL);
	if (m->streets)
		pb_node_int(meta, "streets", (int64_t)m->streets);
	if (!pb_node_text(meta, "generated", PB_T_DATE, o->today))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	return PB_OK;
}

void pb_meta_scope_text(const pb_node *scope, int zh, char *buf, size_t len)
{
	const pb_node *code = pb_node_child(scope, "code");
	const pb_node *name = pb_node_child(scope, "name");

	if (scope && pb_node_kind(scope) == PB_NODE_MAP)
		snprintf(buf, len, "%s %s",
			 code && pb_node_value(code) ? pb_node_value(code) : "",
			 name && pb_node_value(name) ? pb_node_value(name) : "");
	else
		snprintf(buf, len, "%s", zh ? "全部" : "all");
}
