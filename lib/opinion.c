/* Opinions collected from units (征询意见), which must be answered by
 * their due date: 30 days after they were received unless given. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"

enum { N_ID, N_FROM, N_FROM_NAME, N_EVENT, N_EVENT_TITLE, N_TEXT, N_RECEIVED, N_DUE, N_ANSWER, N_ANSWERED,
       N_NFIELDS };

const pb_field pb_opinion_fields[] = {
	{"id", "ID", "ID", PB_T_INT, NULL, PB_C_NONE},
	{"from", "From", "提出单位", PB_T_TEXT, NULL, PB_C_REF},
	/* Names beside codes are shown, never read or written back. */
	{"from_name", "From name", "提出单位名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"event", "Event", "活动", PB_T_TEXT, NULL, PB_C_TEXT},
	{"event_title", "Event title", "活动名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"text", "Opinion", "意见", PB_T_TEXT, NULL, PB_C_NOTE},
	{"received", "Received", "收到日期", PB_T_DATE, NULL, PB_C_DATE},
	{"due", "Due", "答复期限", PB_T_DATE, NULL, PB_C_DATE},
	{"answer", "Answer", "答复", PB_T_TEXT, NULL, PB_C_NOTE},
	{"answered", "Answered", "答复日期", PB_T_DATE, NULL, PB_C_DATE},
};
const size_t pb_opinion_nfields = N_NFIELDS;

#define OPINION_SELECT                                                         \
	"SELECT n.id, o.code, o.name, COALESCE(e.ref, CAST(e.id AS TEXT)), "    \
	"e.title, n.text, "      \
	"n.received, n.due, n.answer, n.answered FROM opinions n "               \
	"JOIN orgs o ON o.id = n.from_org_id LEFT JOIN events e ON e.id = n.event_id "

static const char GET_SQL[] = OPINION_SELECT "WHERE n.id = ?1";
static const char LIST_SQL[] =
	OPINION_SELECT
	"WHERE (?1 = 0 AND ?2 = 0 OR n.received <= ?3) "
	"AND (?1 = 0 OR n.answered IS NULL OR n.answered > ?3) "
	"AND (?2 = 0 OR ((n.answered IS NULL OR n.answered > ?3) AND n.due < ?3)) "
	"AND (CAST(?4 AS BIGINT) IS NULL OR n.event_id = ?4) "
	"AND (CAST(?5 AS BIGINT) IS NULL OR n.from_org_id = ?5) "
	"ORDER BY n.id";
static const char INSERT_SQL[] =
	"INSERT INTO opinions (from_org_id, event_id, text, received, due, answer, "
	"answered, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	PB_NEXT_ID("opinions") ") RETURNING id";
/* Nothing keeps such opinions unique: the first is the one, on any
 * engine. */
static const char FIND_SQL[] =
	"SELECT id FROM opinions WHERE from_org_id = ?1 AND received = ?2 AND "
	"text = ?3 ORDER BY id LIMIT 1";
/* ?2 is cast where PostgreSQL first reads it, in WHERE (before SET). */
static const char UPDATE_SQL[] =
	"UPDATE opinions SET event_id = ?2, due = ?3, answer = ?4, answered = ?5 "
	"WHERE id = ?1 AND (COALESCE(event_id, 0) <> "
	"COALESCE(CAST(?2 AS BIGINT), 0) OR "
	"due <> ?3 OR COALESCE(answer, '') <> COALESCE(?4, '') OR "
	"COALESCE(answered, '') <> COALESCE(?5, '')) RETURNING id";
static const char ANSWER_SQL[] =
	"UPDATE opinions SET answer = ?2, answered = ?3 WHERE id = ?1";

int pb_opinion_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, GET_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	return pb_rec_one_row(st, r, "opinion", id, e);
}

int pb_opinion_list(pb_db *db, const pb_opinion_filter *f, pb_rec_fn fn,
		    void *ctx, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, LIST_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, f->open);
	pb_bind_int(st, 2, f->overdue);
	pb_bind_text(st, 3, f->as_of);
	if (f->event)
		pb_bind_int(st, 4, f->event);
	if (f->org)
		pb_bind_int(st, 5, f->org);
	return pb_rec_each_row(st, pb_opinion_fields, pb_opinion_nfields, fn, ctx, e);
}

/* Fill the default due date and check the dates and references. */
static int prepare(pb_db *db, pb_rec *r, int64_t *org, int64_t *event,
		   pb_err *e)
{
	static const char *const required[] = {"from", "text", "received", NULL};
	char due[11];
	pb_date d;
	int rc;

	if ((rc = pb_rec_require(r, required, e)) != PB_OK)
		return rc;
	if (!r->v[N_DUE]) {
		pb_date_parse(r->v[N_RECEIVED], &d, e);
		if (pb_date_add_days(d, 30, &d) != 0)
			return pb_fail(e, PB_DATAERR,
				       "due: received %s + 30 days is after 9999-12-31 (give a due date)",
				       r->v[N_RECEIVED]);
		pb_date_format(d, due);
		if (pb_rec_put(r, N_DUE, due) != PB_OK)
			return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	if (strcmp(r->v[N_DUE], r->v[N_RECEIVED]) < 0)
		return pb_fail(e, PB_DATAERR, "due %s is before received %s",
			       r->v[N_DUE], r->v[N_RECEIVED]);
	if (!r->v[N_ANSWER] != !r->v[N_ANSWERED])
		return pb_fail(e, PB_DATAERR, "answer and answered go together");
	if (r->v[N_ANSWERED] && strcmp(r->v[N_ANSWERED], r->v[N_RECEIVED]) < 0)
		return pb_fail(e, PB_DATAERR, "answered %s is before received %s",
			       r->v[N_ANSWERED], r->v[N_RECEIVED]);
	rc = pb_org_resolve(db, r->v[N_FROM], 0, org, e);
	if (rc == PB_DATAERR && strncmp(e->msg, "unknown organization", 20) == 0)
		return pb_fail(e, PB_DATAERR, "from: unknown organization '%s'",
			       r->v[N_FROM]);
	if (rc != PB_OK)
		return rc;
	*event = 0;
	if (r->v[N_EVENT] &&
	    (rc = pb_event_resolve(db, r->v[N_EVENT], 0, event, e)) != PB_OK) {
		char m[PB_MSG_MAX];

		snprintf(m, sizeof m, "%s", e->msg);
		return pb_fail(e, rc, "event: %s", m);
	}
	return PB_OK;
}

static void bind_opt_id(pb_stmt *st, int i, int64_t id)
{
	if (id)
		pb_bind_int(st, i, id);
	else
		pb_bind_null(st, i);
}

int pb_opinion_insert(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t org, event;
	pb_stmt *st;
	int rc;

	if ((rc = prepare(db, r, &org, &event, e)) != PB_OK ||
	    (rc = pb_db_prepare(db, INSERT_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, org);
	bind_opt_id(st, 2, event);
	pb_bind_text(st, 3, r->v[N_TEXT]);
	pb_bind_text(st, 4, r->v[N_RECEIVED]);
	pb_bind_text(st, 5, r->v[N_DUE]);
	pb_bind_text(st, 6, r->v[N_ANSWER]);
	pb_bind_text(st, 7, r->v[N_ANSWERED]);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		r->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW ? PB_OK : rc;
}

/* The same org, day and text is the same opinion. */
int pb_opinion_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e)
{
	int64_t org, event;
	pb_stmt *st;
	int rc;

	*created = 0;
	if ((rc = prepare(db, r, &org, &event, e)) != PB_OK ||
	    (rc = pb_db_prepare(db, FIND_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, org);
	pb_bind_text(st, 2, r->v[N_RECEIVED]);
	pb_bind_text(st, 3, r->v[N_TEXT]);
	rc = pb_step(st, e);
	r->id = rc == PB_ROW ? pb_col_int(st, 0) : 0;
	pb_stmt_done(st);
	if (rc != PB_ROW && rc != PB_DONE)
		return rc;
	if (!r->id) {
		*created = 1;
		return pb_opinion_insert(db, r, e);
	}
	if ((rc = pb_db_prepare(db, UPDATE_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, r->id);
	bind_opt_id(st, 2, event);
	pb_bind_text(st, 3, r->v[N_DUE]);
	pb_bind_text(st, 4, r->v[N_ANSWER]);
	pb_bind_text(st, 5, r->v[N_ANSWERED]);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	if (rc == PB_DONE)
		*created = -1;
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

int pb_opinion_answer(pb_db *db, int64_t id, const char *text,
		      const char *date, pb_err *e)
{
	pb_stmt *st;
	pb_rec r;
	int rc;

	pb_rec_init(&r, pb_opinion_fields, pb_opinion_nfields);
	rc = pb_opinion_get(db, id, &r, e);
	if (rc == PB_OK && strcmp(date, r.v[N_RECEIVED]) < 0)
		rc = pb_fail(e, PB_DATAERR, "answered %s is before received %s", date,
			     r.v[N_RECEIVED]);
	pb_rec_free(&r);
	if (rc != PB_OK || (rc = pb_db_prepare(db, ANSWER_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	pb_bind_text(st, 2, text);
	pb_bind_text(st, 3, date);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}
