/* The joint meetings report (联席会议): each meeting of the period, each
 * member unit present (with its head-count) or absent, and each unit's
 * attendance rate. Three queries over the same rows (MEETING_ROWS), so
 * the meetings' counts, the attendance list and the rates always agree.
 *
 * Meetings: events of kind meeting in the period; with --org (?3), those
 * convened by an org in scope or by an org above ?3 (a community's units
 * are expected at the street's meetings). Member units of a meeting: the
 * orgs in scope that are not a district, street or community and are on
 * the roll that day (joined on or before it, not left by it), and any
 * other unit in scope that attended it. Present: an org row of the
 * meeting that is not an awardee's (a commendation is not attendance);
 * its people are the head-count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"

/* up: the orgs above ?3 (none without it); mt: the meetings; u: the
 * units in scope; att: org rows at them; r: meeting x member unit, with
 * people NULL for an absent unit. */
#define MEETING_ROWS                                                          \
	PB_SCOPE_CTE                                                          \
	", up(id) AS (SELECT parent_id FROM orgs WHERE id = ?3 AND "          \
	"parent_id IS NOT NULL UNION SELECT o.parent_id FROM orgs o JOIN up " \
	"ON o.id = up.id WHERE o.parent_id IS NOT NULL), "                    \
	"mt AS (SELECT id, date, title FROM events WHERE kind = 'meeting' "   \
	"AND date >= ?1 AND date <= ?2 AND (?3 IS NULL OR org_id IN (SELECT " \
	"id FROM scope) OR org_id IN (SELECT id FROM up))), "                 \
	"u AS (SELECT id, code, name, joined_on, left_on FROM orgs WHERE "    \
	"kind NOT IN ('district', 'street', 'community') AND id IN (SELECT "  \
	"id FROM scope)), "                                                   \
	"att AS (SELECT p.event_id, p.org_id, p.people FROM participants p "  \
	"JOIN mt ON mt.id = p.event_id WHERE p.org_id IS NOT NULL AND "       \
	"p.role <> 'awardee'), "                                              \
	"r AS (SELECT mt.id AS event_id, mt.date, u.id AS unit_id, u.code, "  \
	"u.name, att.people FROM mt JOIN u ON ((u.joined_on IS NULL OR "      \
	"u.joined_on <= mt.date) AND (u.left_on IS NULL OR u.left_on > "      \
	"mt.date)) OR EXISTS (SELECT 1 FROM att a WHERE a.event_id = mt.id "  \
	"AND a.org_id = u.id) LEFT JOIN att ON att.event_id = mt.id AND "     \
	"att.org_id = u.id) "

static const char MEETINGS[] =
	MEETING_ROWS
	"SELECT mt.id, mt.date, mt.title, count(r.people), count(r.unit_id) "
	"FROM mt LEFT JOIN r ON r.event_id = mt.id GROUP BY mt.id, mt.date, "
	"mt.title ORDER BY mt.date, mt.id";
static const char ATTENDANCE[] =
	MEETING_ROWS
	"SELECT event_id, date, code, name, people FROM r "
	"ORDER BY date, event_id, code";
/* Every unit on the roll on some day of the period, and any unit that
 * was a member unit of a meeting; one with none has no rate. */
static const char BY_UNIT[] =
	MEETING_ROWS
	"SELECT u.code, u.name, count(r.people), count(r.event_id) FROM u "
	"LEFT JOIN r ON r.unit_id = u.id WHERE ((u.joined_on IS NULL OR "
	"u.joined_on <= ?2) AND (u.left_on IS NULL OR u.left_on > ?1)) OR "
	"r.unit_id IS NOT NULL GROUP BY u.id, u.code, u.name ORDER BY u.code";

/* attended / expected as a percentage with one decimal, rounded half up
 * (1 of 3: 33.3, 2 of 3: 66.7); expected > 0. */
static void rate(pb_node *m, int64_t attended, int64_t expected)
{
	int64_t tenths = (attended * 2000 + expected) / (2 * expected);
	char buf[32];

	snprintf(buf, sizeof buf, "%lld.%lld", (long long)(tenths / 10),
		 (long long)(tenths % 10));
	pb_node_text(m, "rate", PB_T_DEC, buf);
}

int pb_report_meetings(pb_db *db, const pb_report_opts *o, pb_node **out,
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

	list = pb_node_list(root, "meetings");
	st = pb_rq_run(&x, MEETINGS);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);

		pb_node_int(m, "id", pb_col_int(st, 0));
		pb_node_text(m, "date", PB_T_DATE, pb_col_text(st, 1));
		pb_node_text(m, "event_title", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_int(m, "units_present", pb_col_int(st, 3));
		pb_node_int(m, "units_expected", pb_col_int(st, 4));
	}

	list = pb_node_list(root, "attendance");
	st = pb_rq_run(&x, ATTENDANCE);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);
		int present = !pb_col_null(st, 4);

		pb_node_int(m, "event", pb_col_int(st, 0));
		pb_node_text(m, "date", PB_T_DATE, pb_col_text(st, 1));
		pb_node_text(m, "code", PB_T_TEXT, pb_col_text(st, 2));
		pb_node_text(m, "name", PB_T_TEXT, pb_col_text(st, 3));
		pb_node_bool(m, "present", present);
		pb_node_int(m, "people", present ? pb_col_int(st, 4) : 0);
	}

	list = pb_node_list(root, "by_unit");
	st = pb_rq_run(&x, BY_UNIT);
	while (pb_rq_row(&x, st)) {
		pb_node *m = pb_node_map(list, NULL);
		int64_t attended = pb_col_int(st, 2), expected = pb_col_int(st, 3);

		pb_node_text(m, "code", PB_T_TEXT, pb_col_text(st, 0));
		pb_node_text(m, "name", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_int(m, "meetings_attended", attended);
		pb_node_int(m, "meetings_expected", expected);
		if (expected)
			rate(m, attended, expected);
		else
			pb_node_text(m, "rate", PB_T_DEC, NULL);
	}
	if (x.rc != PB_OK) {
		pb_node_free(root);
		return x.rc;
	}
	*out = root;
	return PB_OK;
}
