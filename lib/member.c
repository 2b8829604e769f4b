/* Party members and their registration (报到) history. Registration is
 * dated history, never a field that is overwritten: registering with a
 * new community closes the open registration on the same day, so a
 * member is registered in at most one community on any date, and a
 * report for a past period counts who was registered where then. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "totals.h"

enum {
	M_ID,
	M_REF,
	M_NAME,
	M_GENDER,
	M_PHONE,
	M_CATEGORY,
	M_ORG,
	M_ORG_NAME,
	M_COMMUNITY,
	M_COMMUNITY_NAME,
	M_UNIT,
	M_UNIT_NAME,
	M_JOINED,
	M_REGISTERED,
	M_LEFT,
	M_NOTE,
	M_NFIELDS
};

/* The Chinese headings are the column names of the offices' Excel
 * rosters (花名册), so a roster's header row maps onto these fields. */
const pb_field pb_member_fields[] = {
	{"id", "ID", "ID", PB_T_INT, NULL, PB_C_NONE},
	{"ref", "Ref", "编号", PB_T_TEXT, NULL, PB_C_TEXT},
	{"name", "Name", "姓名", PB_T_TEXT, NULL, PB_C_TEXT},
	{"gender", "Gender", "性别", PB_T_TEXT, &pb_genders, PB_C_GENDER},
	{"phone", "Phone", "手机", PB_T_TEXT, NULL, PB_C_PHONE},
	{"category", "Category", "类别", PB_T_TEXT, &pb_member_categories,
	 PB_C_DOMAIN},
	{"org", "Party organization", "所在党组织", PB_T_TEXT, NULL, PB_C_REF},
	/* Names beside codes are shown, never read or written back. */
	{"org_name", "Party organization name", "所在党组织名称", PB_T_TEXT, NULL,
	 PB_C_NONE},
	{"community", "Registered with", "报到社区", PB_T_TEXT, NULL, PB_C_REF},
	{"community_name", "Community name", "报到社区名称", PB_T_TEXT, NULL,
	 PB_C_NONE},
	{"unit", "Work unit", "工作单位", PB_T_TEXT, NULL, PB_C_REF},
	{"unit_name", "Work unit name", "工作单位名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"joined", "Joined the Party", "入党日期", PB_T_DATE, NULL, PB_C_DATE},
	{"registered", "Registered", "报到日期", PB_T_DATE, NULL, PB_C_DATE},
	{"left", "Left", "离开日期", PB_T_DATE, NULL, PB_C_DATE},
	{"note", "Note", "备注", PB_T_TEXT, NULL, PB_C_NOTE},
};
const size_t pb_member_nfields = M_NFIELDS;

enum { G_COMMUNITY, G_COMMUNITY_NAME, G_SINCE, G_UNTIL, G_NFIELDS };

const pb_field pb_registration_fields[] = {
	{"community", "Community", "报到社区", PB_T_TEXT, NULL, PB_C_REF},
	{"community_name", "Community name", "报到社区名称", PB_T_TEXT, NULL,
	 PB_C_NONE},
	{"since", "Since", "报到日期", PB_T_DATE, NULL, PB_C_DATE},
	{"until", "Returned", "返回日期", PB_T_DATE, NULL, PB_C_DATE},
};
const size_t pb_registration_nfields = G_NFIELDS;

/* The registration in force on ?1 is the one with since <= ?1 < until. */
#define MEMBER_SELECT                                                        \
	"SELECT m.id, m.ref, m.name, m.gender, m.phone, m.category, o.code, "   \
	"o.name, c.code, c.name, u.code, u.name, m.joined_on, r.since, m.left_on, m.note "              \
	"FROM members m "                                                       \
	"LEFT JOIN registrations r ON r.member_id = m.id AND r.since <= ?1 "    \
	"AND (r.until IS NULL OR r.until > ?1) "                               \
	"LEFT JOIN orgs c ON c.id = r.community_id "                            \
	"LEFT JOIN orgs o ON o.id = m.org_id "                                  \
	"LEFT JOIN orgs u ON u.id = m.unit_id "

static const char GET_SQL[] = MEMBER_SELECT "WHERE m.id = ?2";
static const char LIST_SQL[] =
	MEMBER_SELECT
	"WHERE (CAST(?2 AS TEXT) IS NULL OR m.category = ?2) "
	"AND (CAST(?3 AS BIGINT) IS NULL OR m.org_id = ?3) "
	"AND (CAST(?4 AS BIGINT) IS NULL OR r.community_id = ?4) "
	"AND (CAST(?5 AS BIGINT) IS NULL OR m.unit_id = ?5) "
	"AND (?6 = 1 OR m.left_on IS NULL OR m.left_on > ?1) "
	"AND (?7 = 0 OR r.id IS NULL) ORDER BY m.id";
static const char INSERT_SQL[] =
	"INSERT INTO members (ref, name, gender, phone, category, org_id, unit_id, "
	"joined_on, left_on, note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	"?9, ?10, " PB_NEXT_ID("members") ") RETURNING id";
/* Import keeps the id of a member without a ref, so references by id in
 * the same file still point at it. */
static const char INSERT_ID_SQL[] =
	"INSERT INTO members (ref, name, gender, phone, category, org_id, unit_id, "
	"joined_on, left_on, note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	"?10, ?11) RETURNING id";
static const char ID_EXISTS[] = "SELECT id FROM members WHERE id = ?1";
static const char UPDATE_SQL[] =
	"UPDATE members SET ref = ?1, name = ?2, gender = ?3, phone = ?4, "
	"category = ?5, org_id = ?6, unit_id = ?7, joined_on = ?8, left_on = ?9, "
	"note = ?10 WHERE id = ?11";
static const char REF_OWNER[] = "SELECT id FROM members WHERE ref = ?1";
static const char OPEN_REG[] =
	"SELECT r.id, r.community_id, r.since, c.code FROM registrations r "
	"JOIN orgs c ON c.id = r.community_id "
	"WHERE r.member_id = ?1 AND r.until IS NULL";
/* Ties (only in a history written outside pb) go by id, as SQLite's
 * index on (member_id, since) gives them, on any engine. */
static const char LATEST_REG[] =
	"SELECT since, until FROM registrations WHERE member_id = ?1 "
	"ORDER BY since DESC, id DESC LIMIT 1";
static const char PREV_UNTIL[] =
	"SELECT until FROM registrations WHERE member_id = ?1 AND until IS NOT NULL "
	"ORDER BY until DESC, id DESC LIMIT 1";
static const char CLOSE_REG[] = "UPDATE registrations SET until = ?2 WHERE id = ?1";
static const char MOVE_REG[] = "UPDATE registrations SET since = ?2 WHERE id = ?1";
static const char INSERT_REG[] =
	"INSERT INTO registrations (member_id, community_id, since, id) "
	"VALUES (?1, ?2, ?3, " PB_NEXT_ID("registrations") ")";
static const char HISTORY_SQL[] =
	"SELECT c.code, c.name, r.since, r.until FROM registrations r "
	"JOIN orgs c ON c.id = r.community_id WHERE r.member_id = ?1 "
	"ORDER BY r.since, r.id";
static const char ORG_KIND[] = "SELECT kind, code FROM orgs WHERE id = ?1";
static const char DELETE_REGS[] = "DELETE FROM registrations WHERE member_id = ?1";
static const char DELETE_MEMBER[] = "DELETE FROM members WHERE id = ?1";
static const char COUNT_ATTENDED[] =
	"SELECT COUNT(*) FROM participants WHERE member_id = ?1";
static const char COUNT_GIVEN[] =
	"SELECT COUNT(*) FROM contributions WHERE from_member_id = ?1";
static const char DELETE_ATTENDED[] =
	"DELETE FROM participants WHERE member_id = ?1";
/* The events whose totals a --force removal changes. */
static const char EVENTS_OF_MEMBER[] =
	"SELECT event_id FROM participants WHERE member_id = ?1 UNION "
	"SELECT event_id FROM contributions WHERE from_member_id = ?1";
static const char DELETE_GIVEN[] =
	"DELETE FROM contributions WHERE from_member_id = ?1";

int pb_member_get(pb_db *db, int64_t id, const char *as_of, pb_rec *r,
		  pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, GET_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, as_of);
	pb_bind_int(st, 2, id);
	return pb_rec_one_row(st, r, "member", id, e);
}

int pb_member_list(pb_db *db, const pb_member_filter *f, pb_rec_fn fn,
		   void *ctx, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, LIST_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, f->as_of);
	pb_bind_text(st, 2, f->category);
	if (f->org)
		pb_bind_int(st, 3, f->org);
	if (f->community)
		pb_bind_int(st, 4, f->community);
	if (f->unit)
		pb_bind_int(st, 5, f->unit);
	pb_bind_int(st, 6, f->all);
	pb_bind_int(st, 7, f->unregistered);
	return pb_rec_each_row(st, pb_member_fields, pb_member_nfields, fn, ctx, e);
}

int pb_member_history(pb_db *db, int64_t id, pb_rec_fn fn, void *ctx,
		      pb_err *e)
{
	pb_stmt *st;
	pb_rec r;
	int rc;

	if ((rc = pb_db_prepare(db, HISTORY_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	pb_rec_init(&r, pb_registration_fields, pb_registration_nfields);
	while ((rc = pb_step(st, e)) == PB_ROW) {
		size_t i;

		for (i = 0; i < G_NFIELDS; i++)
			pb_rec_put(&r, i, pb_col_text(st, (int)i));
		if ((rc = pb_rec_call(fn, ctx, &r, e)) != 0)
			break;
	}
	pb_rec_free(&r);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

/* Resolve an org field of the record; unknown names say which field. */
static int resolve_field(pb_db *db, const pb_rec *r, int i, int64_t *id,
			 pb_err *e)
{
	int rc;

	*id = 0;
	if (!r->v[i])
		return PB_OK;
	rc = pb_org_resolve(db, r->v[i], 0, id, e);
	if (rc == PB_DATAERR && strncmp(e->msg, "unknown organization", 20) == 0)
		return pb_fail(e, PB_DATAERR, "unknown %s '%s'", r->fields[i].name,
			       r->v[i]);
	return rc;
}

int pb_community_check(pb_db *db, int64_t id, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, ORG_KIND, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	if (rc == PB_ROW) {
		const char *kind = pb_col_text(st, 0);

		rc = PB_OK;
		if (strcmp(kind, "community") != 0 && strcmp(kind, "street") != 0)
			rc = pb_fail(e, PB_DATAERR,
				     "'%s' is of kind %s, not a community: members "
				     "register (报到) with a community or the street",
				     pb_col_text(st, 1), kind);
	}
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

typedef struct open_reg {
	int64_t id, community;
	char since[11], code[80];
} open_reg;

static int find_open(pb_db *db, int64_t member, open_reg *o, pb_err *e)
{
	pb_stmt *st;
	int rc;

	memset(o, 0, sizeof *o);
	if ((rc = pb_db_prepare(db, OPEN_REG, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, member);
	rc = pb_step(st, e);
	if (rc == PB_ROW) {
		o->id = pb_col_int(st, 0);
		o->community = pb_col_int(st, 1);
		snprintf(o->since, sizeof o->since, "%s", pb_col_text(st, 2));
		snprintf(o->code, sizeof o->code, "%s", pb_col_text(st, 3));
	}
	pb_stmt_done(st);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

/* The latest date in the member's history: a new registration or a
 * return must not be dated before it. */
static int latest_date(pb_db *db, int64_t member, char out[11], pb_err *e)
{
	pb_stmt *st;
	int rc;

	out[0] = '\0';
	if ((rc = pb_db_prepare(db, LATEST_REG, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, member);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		snprintf(out, 11, "%s",
			 pb_col_text(st, 1) ? pb_col_text(st, 1) : pb_col_text(st, 0));
	pb_stmt_done(st);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

static int exec2(pb_db *db, const char *sql, int64_t a, const char *b,
		 pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, a);
	pb_bind_text(st, 2, b);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_member_register(pb_db *db, int64_t member, int64_t community,
		       const char *date, pb_err *e)
{
	char latest[11], code[80];
	open_reg o;
	pb_stmt *st;
	int rc;

	if ((rc = pb_community_check(db, community, e)) != PB_OK ||
	    (rc = pb_totals_touch_member(db, member, e)) != PB_OK ||
	    (rc = find_open(db, member, &o, e)) != PB_OK ||
	    (rc = latest_date(db, member, latest, e)) != PB_OK)
		return rc;
	if (o.id && o.community == community)
		return pb_fail(e, PB_DATAERR,
			       "member %lld is already registered with '%s' since %s",
			       (long long)member, o.code, o.since);
	if (latest[0] && strcmp(date, latest) <= 0 && !(o.id == 0 && strcmp(date, latest) == 0)) {
		pb_org_code(db, community, code, sizeof code, e);
		return pb_fail(e, PB_DATAERR,
			       "cannot register member %lld with '%s' on %s: the "
			       "registration history already runs to %s",
			       (long long)member, code, date, latest);
	}
	/* Moving closes the old registration the day the new one starts. */
	if (o.id && (rc = exec2(db, CLOSE_REG, o.id, date, e)) != PB_OK)
		return rc;
	if ((rc = pb_db_prepare(db, INSERT_REG, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, member);
	pb_bind_int(st, 2, community);
	pb_bind_text(st, 3, date);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_member_unregister(pb_db *db, int64_t member, const char *date,
			 pb_err *e)
{
	open_reg o;
	int rc;

	if ((rc = pb_totals_touch_member(db, member, e)) != PB_OK ||
	    (rc = find_open(db, member, &o, e)) != PB_OK)
		return rc;
	if (!o.id)
		return pb_fail(e, PB_DATAERR,
			       "member %lld is not registered with any community",
			       (long long)member);
	if (strcmp(date, o.since) <= 0)
		return pb_fail(e, PB_DATAERR,
			       "return date %s must be after the registration "
			       "date %s",
			       date, o.since);
	return exec2(db, CLOSE_REG, o.id, date, e);
}

/* Bring the registration in line with the record's community and
 * registered date: nothing when they already agree, a corrected start
 * date for the same open registration, else a move (or a return when
 * the community was cleared). */
static int sync_registration(pb_db *db, int64_t member, const pb_rec *r,
			     const char *today, pb_err *e)
{
	const char *date = r->v[M_REGISTERED] ? r->v[M_REGISTERED] : today;
	int64_t community;
	char prev[11] = "";
	open_reg o;
	pb_stmt *st;
	int rc;

	if ((rc = resolve_field(db, r, M_COMMUNITY, &community, e)) != PB_OK ||
	    (rc = find_open(db, member, &o, e)) != PB_OK)
		return rc;
	if (!community)
		return o.id ? pb_member_unregister(db, member, date, e) : PB_OK;
	if (!o.id || o.community != community)
		return pb_member_register(db, member, community, date, e);
	if (!r->v[M_REGISTERED] || strcmp(o.since, date) == 0)
		return PB_OK;
	if ((rc = pb_db_prepare(db, PREV_UNTIL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, member);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		snprintf(prev, sizeof prev, "%s", pb_col_text(st, 0));
	pb_stmt_done(st);
	if (rc != PB_ROW && rc != PB_DONE)
		return rc;
	if (prev[0] && strcmp(date, prev) < 0)
		return pb_fail(e, PB_DATAERR,
			       "registered %s is before the return from the previous "
			       "community on %s",
			       date, prev);
	if ((rc = pb_totals_touch_member(db, member, e)) != PB_OK)
		return rc;
	return exec2(db, MOVE_REG, o.id, date, e);
}

static int check_rules(pb_db *db, const pb_rec *r, int64_t self, pb_err *e)
{
	static const char *const required[] = {"name", "category", NULL};
	pb_stmt *st;
	int rc;

	if ((rc = pb_rec_require(r, required, e)) != PB_OK)
		return rc;
	if (r->v[M_REGISTERED] && !r->v[M_COMMUNITY])
		return pb_fail(e, PB_DATAERR, "registered given without community");
	if (r->v[M_JOINED] && r->v[M_LEFT] && strcmp(r->v[M_LEFT], r->v[M_JOINED]) < 0)
		return pb_fail(e, PB_DATAERR, "left %s is before joined %s",
			       r->v[M_LEFT], r->v[M_JOINED]);
	if (!r->v[M_REF])
		return PB_OK;
	if ((rc = pb_db_prepare(db, REF_OWNER, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, r->v[M_REF]);
	rc = pb_step(st, e);
	if (rc == PB_ROW && pb_col_int(st, 0) != self)
		rc = pb_fail(e, PB_DATAERR, "ref '%s' is already member %lld",
			     r->v[M_REF], (long long)pb_col_int(st, 0));
	else if (rc == PB_ROW)
		rc = PB_DONE;
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

static int write_row(pb_db *db, pb_rec *r, int64_t id, pb_err *e)
{
	int64_t org, unit, keep_id = id ? 0 : r->id;
	pb_stmt *st;
	int rc;

	if ((rc = resolve_field(db, r, M_ORG, &org, e)) != PB_OK ||
	    (rc = resolve_field(db, r, M_UNIT, &unit, e)) != PB_OK)
		return rc;
	/* An id kept from the file may be another member's when the file
	 * gives a ref too (without one, the upsert found the id free): said
	 * in words, not left to the engine's primary key, whose message
	 * differs by engine and whose failure would abort the transaction on
	 * PostgreSQL. */
	if (keep_id && r->v[M_REF]) {
		if ((rc = pb_db_prepare(db, ID_EXISTS, &st, e)) != PB_OK)
			return rc;
		pb_bind_int(st, 1, keep_id);
		rc = pb_step(st, e);
		pb_stmt_done(st);
		if (rc == PB_ROW)
			return pb_fail(e, PB_DATAERR,
				       "id: %lld is already used by another member",
				       (long long)keep_id);
		if (rc != PB_DONE)
			return rc;
	}
	if (id && (rc = pb_totals_touch_member(db, id, e)) != PB_OK)
		return rc;
	if ((rc = pb_db_prepare(db, id ? UPDATE_SQL
				    : keep_id ? INSERT_ID_SQL
					      : INSERT_SQL,
				&st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, r->v[M_REF]);
	pb_bind_text(st, 2, r->v[M_NAME]);
	pb_bind_text(st, 3, r->v[M_GENDER]);
	pb_bind_text(st, 4, r->v[M_PHONE]);
	pb_bind_text(st, 5, r->v[M_CATEGORY]);
	if (org)
		pb_bind_int(st, 6, org);
	if (unit)
		pb_bind_int(st, 7, unit);
	pb_bind_text(st, 8, r->v[M_JOINED]);
	pb_bind_text(st, 9, r->v[M_LEFT]);
	pb_bind_text(st, 10, r->v[M_NOTE]);
	if (id || keep_id)
		pb_bind_int(st, 11, id ? id : keep_id);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		r->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	if (id)
		r->id = id;
	else if (rc == PB_ROW)
		return pb_totals_member_created(db, r->id, e);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

int pb_member_insert(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	int rc;

	if ((rc = check_rules(db, r, 0, e)) != PB_OK ||
	    (rc = write_row(db, r, 0, e)) != PB_OK)
		return rc;
	return r->v[M_COMMUNITY] ? sync_registration(db, r->id, r, today, e) : PB_OK;
}

int pb_member_update(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	int rc;

	/* A new community without a date moves the member today, rather
	 * than on the date of the registration it replaces. */
	if ((r->given >> M_COMMUNITY & 1) && !(r->given >> M_REGISTERED & 1) &&
	    pb_rec_put(r, M_REGISTERED, NULL) != PB_OK)
		return pb_fail(e, PB_SOFTWARE, "out of memory");

	if ((rc = check_rules(db, r, r->id, e)) != PB_OK ||
	    (rc = write_row(db, r, r->id, e)) != PB_OK)
		return rc;
	if (!(r->given & ((1UL << M_COMMUNITY) | (1UL << M_REGISTERED))))
		return PB_OK;
	return sync_registration(db, r->id, r, today, e);
}

int pb_member_upsert(pb_db *db, pb_rec *r, const char *today, int *created,
		     pb_err *e)
{
	pb_rec cur, before;
	pb_stmt *st;
	int64_t id = 0;
	int rc;

	*created = 0;
	if (r->v[M_REF] || r->id) {
		/* By ref; a member without one by the id the file gives. */
		if ((rc = pb_db_prepare(db, r->v[M_REF] ? REF_OWNER : ID_EXISTS, &st,
					e)) != PB_OK)
			return rc;
		if (r->v[M_REF])
			pb_bind_text(st, 1, r->v[M_REF]);
		else
			pb_bind_int(st, 1, r->id);
		rc = pb_step(st, e);
		if (rc == PB_ROW)
			id = pb_col_int(st, 0);
		pb_stmt_done(st);
		if (rc != PB_ROW && rc != PB_DONE)
			return rc;
	}
	if (!id) {
		*created = 1;
		return pb_member_insert(db, r, today, e);
	}
	pb_rec_canon_refs(db, r);
	/* An update keeps what the input does not mention. */
	pb_rec_init(&cur, pb_member_fields, pb_member_nfields);
	pb_rec_init(&before, pb_member_fields, pb_member_nfields);
	if ((rc = pb_member_get(db, id, today, &before, e)) != PB_OK)
		goto out;
	before.given = ~0UL;
	if (pb_rec_merge(&cur, &before) != PB_OK || pb_rec_merge(&cur, r) != PB_OK) {
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
		goto out;
	}
	cur.id = id;
	cur.given = r->given;
	/* A roster row that names the same community without a date keeps
	 * the registration it has. */
	if (!cur.v[M_REGISTERED] && cur.v[M_COMMUNITY] && before.v[M_COMMUNITY] &&
	    strcmp(cur.v[M_COMMUNITY], before.v[M_COMMUNITY]) == 0) {
		pb_rec_put(&cur, M_REGISTERED, before.v[M_REGISTERED]);
		cur.given |= 1UL << M_REGISTERED;
	}
	if (pb_rec_same(&cur, &before)) {
		*created = -1;
		goto out;
	}
	rc = pb_member_update(db, &cur, today, e);
out:
	r->id = id;
	pb_rec_free(&cur);
	pb_rec_free(&before);
	return rc;
}

/* What refers to a member beyond its own registrations; events will add
 * their participants here. */
int pb_member_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		     pb_err *e)
{
	int64_t np, nc;
	int rc;

	said[0] = '\0';
	if ((rc = pb_query_int(db, COUNT_ATTENDED, id, 0, &np, e)) != PB_OK ||
	    (rc = pb_query_int(db, COUNT_GIVEN, id, 0, &nc, e)) != PB_OK)
		return rc;
	/* Said in pb's words, not left to the engine's foreign-key error. */
	if ((np || nc) && !force)
		return pb_fail(e, PB_DATAERR,
			       "member %lld took part in %lld event%s and gave %lld "
			       "contribution%s (use --force to remove the member "
			       "with them, or set --left to keep the record)",
			       (long long)id, (long long)np, np == 1 ? "" : "s",
			       (long long)nc, nc == 1 ? "" : "s");
	if ((rc = pb_totals_touch_query(db, EVENTS_OF_MEMBER, id, e)) != PB_OK ||
	    (rc = pb_totals_touch_member(db, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_ATTENDED, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_GIVEN, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_REGS, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_MEMBER, id, e)) != PB_OK)
		return rc;
	if (!np && !nc)
		snprintf(said, len, "removed member %lld", (long long)id);
	else
		snprintf(said, len,
			 "removed member %lld with %lld participation%s and "
			 "%lld contribution%s",
			 (long long)id, (long long)np, np == 1 ? "" : "s",
			 (long long)nc, nc == 1 ? "" : "s");
	return PB_OK;
}

void pb_phone_redact(const char *phone, char *out, size_t len)
{
	size_t n = strlen(phone), i;

	if (len == 0)
		return;
	for (i = 0; i < n && i + 1 < len; i++)
		out[i] = (n >= 8 && (i < 3 || i >= n - 4)) ? phone[i] : '*';
	out[i] = '\0';
}
