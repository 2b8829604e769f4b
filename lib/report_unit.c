/* The feedback sheet for one unit (单位反馈表): what it organized,
 * attended and gave in a period, and what each of its in-service members
 * did where they registered. One query per section, the unit bound as
 * ?3; the totals are summed in C from the rows already read, so they
 * always agree with the lists above them. */
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"

/* Not run by pb_rq_run: PostgreSQL refuses a statement that leaves ?1
 * and ?2 unused below ?3. */
static const char UNIT[] = "SELECT code, name, kind FROM orgs WHERE id = ?1";
/* people: 人次 (each member row once, each org row its head-count);
 * hours: per person, times people. Awardee rows (commended at the
 * event) are not attendance and count nowhere here. */
static const char ORGANIZED[] =
	"SELECT e.id, e.date, e.kind, e.title, count(p.member_id) + "
	"COALESCE(sum(p.people) FILTER (WHERE p.org_id IS NOT NULL), 0), "
	"COALESCE(sum(p.hours_milli * p.people), 0) FROM events e "
	"LEFT JOIN participants p ON p.event_id = e.id AND p.role <> 'awardee' "
	"WHERE e.org_id = ?3 AND e.date >= ?1 AND e.date <= ?2 "
	"GROUP BY e.id, e.date, e.kind, e.title ORDER BY e.date, e.id";
static const char ATTENDED[] =
	"SELECT e.id, e.date, e.kind, e.title, p.people, p.hours_milli, "
	"p.hours_milli * p.people FROM participants p "
	"JOIN events e ON e.id = p.event_id WHERE p.org_id = ?3 "
	"AND p.role <> 'awardee' AND e.date >= ?1 AND e.date <= ?2 "
	"ORDER BY e.date, e.id";
static const char GAVE[] =
	"SELECT e.id, e.date, e.title, c.type, c.value_fen, c.quantity_milli, "
	"c.unit, c.item FROM contributions c JOIN events e ON e.id = c.event_id "
	"WHERE c.from_org_id = ?3 AND e.date >= ?1 AND e.date <= ?2 "
	"ORDER BY e.date, e.id, c.id";
/* In-service members employed by the unit and on the roll at some time
 * in the period, each once, with the community of the registration in
 * force on the as-of date (since <= ?4 < until: the history never
 * overlaps, so a member who moved is in one community). */
static const char MEMBERS[] =
	"WITH mm AS (SELECT id, name FROM members WHERE category = "
	"'in-service' AND unit_id = ?3 AND (left_on IS NULL OR left_on > ?1)), "
	"reg AS (SELECT r.member_id, o.code, o.name FROM registrations r "
	"JOIN orgs o ON o.id = r.community_id WHERE r.since <= ?4 AND "
	"(r.until IS NULL OR r.until > ?4)), "
	"att AS (SELECT p.member_id, count(*) AS n, sum(p.hours_milli) AS h "
	"FROM participants p JOIN events e ON e.id = p.event_id "
	"WHERE p.member_id IN (SELECT id FROM mm) AND p.role <> 'awardee' AND "
	"e.date >= ?1 AND e.date <= ?2 GROUP BY p.member_id) "
	"SELECT mm.id, mm.name, reg.code, reg.name, COALESCE(att.n, 0), "
	"COALESCE(att.h, 0) FROM mm LEFT JOIN reg ON reg.member_id = mm.id "
	"LEFT JOIN att ON att.member_id = mm.id ORDER BY mm.id";

/* What each of those members attended: the events behind their counts,
 * by member, then date. */
static const char MEMBER_EVENTS[] =
	"SELECT m.id, m.name, e.id, e.date, e.title, p.hours_milli "
	"FROM participants p JOIN events e ON e.id = p.event_id "
	"JOIN members m ON m.id = p.member_id WHERE m.category = 'in-service' "
	"AND m.unit_id = ?3 AND (m.left_on IS NULL OR m.left_on > ?1) AND "
	"p.role <> 'awardee' AND e.date >= ?1 AND e.date <= ?2 "
	"ORDER BY m.id, e.date, e.id";

/* Its own commendations (awardee rows of the org itself; its members'
 * are in the awards report). */
static const char AWARDS[] =
	"SELECT e.id, e.date, e.title, p.award FROM participants p "
	"JOIN events e ON e.id = p.event_id WHERE p.org_id = ?3 AND "
	"p.role = 'awardee' AND e.date >= ?1 AND e.date <= ?2 "
	"ORDER BY e.date, e.id, p.id";

/* A nullable integer column as money or a decimal. */
static void nullable(pb_node *m, const char *key, pb_stmt *st, int col,
		     int type)
{
	if (pb_col_null(st, col))
		pb_node_text(m, key, type, NULL);
	else if (type == PB_T_MONEY)
		pb_node_money(m, key, pb_col_int(st, col));
	else
		pb_node_dec(m, key, pb_col_int(st, col));
}

/* Keys say whose kind and title they are: table headings and values are
 * labelled by key alone, and "kind" is a pair's kind there. */
static void event_cols(pb_node *m, pb_stmt *st)
{
	pb_node_int(m, "id", pb_col_int(st, 0));
	pb_node_text(m, "date", PB_T_DATE, pb_col_text(st, 1));
	pb_node_text(m, "event_kind", PB_T_TEXT, pb_col_text(st, 2));
	pb_node_text(m, "event_title", PB_T_TEXT, pb_col_text(st, 3));
}

int pb_report_unit(pb_db *db, const pb_report_opts *o, pb_node **out,
		   pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_node *root = pb_node_root(), *n, *list;
	int64_t organized = 0, attended = 0, person_times = 0, hours = 0;
	int64_t cash = 0, in_kind = 0, member_hours = 0;
	pb_node *totals;
	pb_stmt *st;

	*out = NULL;
	if (!root)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	if (!o->org) {
		pb_node_free(root);
		return pb_fail(e, PB_USAGE, "the unit report needs a unit");
	}
	pb_rq_period(&x, o, &o->period);
	pb_rq_period_node(&x, root, &o->period);

	n = pb_node_map(root, "unit");
	if (pb_db_prepare(db, UNIT, &st, e) != PB_OK) {
		x.rc = e->code;
		st = NULL;
	} else {
		pb_bind_int(st, 1, o->org);
	}
	if (pb_rq_row(&x, st)) {
		pb_node_text(n, "code", PB_T_TEXT, pb_col_text(st, 0));
		pb_node_text(n, "name", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_text(n, "org_kind", PB_T_TEXT, pb_col_text(st, 2));
		pb_rq_finish(st);
	}

	list = pb_node_list(root, "organized");
	st = pb_rq_run(&x, ORGANIZED);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);

		event_cols(m, st);
		pb_node_int(m, "people", pb_col_int(st, 4));
		pb_node_dec(m, "hours", pb_col_int(st, 5));
		organized++;
	}

	list = pb_node_list(root, "attended");
	st = pb_rq_run(&x, ATTENDED);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);

		event_cols(m, st);
		pb_node_int(m, "people", pb_col_int(st, 4));
		pb_node_dec(m, "hours", pb_col_int(st, 5));
		pb_node_dec(m, "hours_total", pb_col_int(st, 6));
		attended++;
		pb_rq_add(&x, &person_times, pb_col_int(st, 4), "person-times");
		pb_rq_add(&x, &hours, pb_col_int(st, 6), "hours");
	}

	list = pb_node_list(root, "gave");
	st = pb_rq_run(&x, GAVE);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);
		const char *type = pb_col_text(st, 3);

		pb_node_int(m, "event", pb_col_int(st, 0));
		pb_node_text(m, "date", PB_T_DATE, pb_col_text(st, 1));
		pb_node_text(m, "event_title", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_text(m, "type", PB_T_TEXT, type);
		nullable(m, "value_yuan", st, 4, PB_T_MONEY);
		nullable(m, "quantity", st, 5, PB_T_DEC);
		pb_node_text(m, "unit", PB_T_TEXT, pb_col_text(st, 6));
		pb_node_text(m, "item", PB_T_TEXT, pb_col_text(st, 7));
		if (type && strcmp(type, "cash") == 0)
			pb_rq_add(&x, &cash, pb_col_int(st, 4), "cash");
		else
			pb_rq_add(&x, &in_kind, pb_col_int(st, 4), "in-kind value");
	}

	n = totals = pb_node_map(root, "totals");
	pb_node_int(n, "events_organized", organized);
	pb_node_int(n, "events_attended", attended);
	pb_node_int(n, "person_times", person_times);
	pb_node_dec(n, "hours", hours);
	pb_node_money(n, "cash_yuan", cash);
	pb_node_money(n, "in_kind_yuan", in_kind);

	list = pb_node_list(root, "members");
	st = pb_rq_run(&x, MEMBERS);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);

		pb_node_int(m, "id", pb_col_int(st, 0));
		pb_node_text(m, "name", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_text(m, "community", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_text(m, "community_name", PB_T_TEXT, pb_col_text(st, 3));
		pb_node_int(m, "events", pb_col_int(st, 4));
		pb_node_dec(m, "hours", pb_col_int(st, 5));
		pb_rq_add(&x, &member_hours, pb_col_int(st, 5), "member hours");
	}
	/* Last in totals, read from the list below it: "how many hours did
	 * its in-service members serve" is one figure. */
	pb_node_dec(totals, "member_hours", member_hours);

	list = pb_node_list(root, "member_events");
	st = pb_rq_run(&x, MEMBER_EVENTS);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);

		pb_node_int(m, "member", pb_col_int(st, 0));
		pb_node_text(m, "name", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_int(m, "event", pb_col_int(st, 2));
		pb_node_text(m, "date", PB_T_DATE, pb_col_text(st, 3));
		pb_node_text(m, "event_title", PB_T_TEXT, pb_col_text(st, 4));
		pb_node_dec(m, "hours", pb_col_int(st, 5));
	}

	list = pb_node_list(root, "awards");
	st = pb_rq_run(&x, AWARDS);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);

		pb_node_int(m, "event", pb_col_int(st, 0));
		pb_node_text(m, "date", PB_T_DATE, pb_col_text(st, 1));
		pb_node_text(m, "event_title", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_text(m, "award", PB_T_TEXT, pb_col_text(st, 3));
	}

	if (x.rc != PB_OK) {
		pb_node_free(root);
		return x.rc;
	}
	*out = root;
	return PB_OK;
}
