/* Activities and what happened at them: who took part and for how long,
 * what was given, and who was helped. Hours and quantities are exact
 * thousandths, money integer fen; quantities of different units are
 * never added together. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "event_quick.h"
#include "totals.h"

enum {
	E_ID,
	E_REF,
	E_DATE,
	E_END,
	E_KIND,
	E_TITLE,
	E_ORG,
	E_ORG_NAME,
	E_PAIR,
	E_PAIR_NAME,
	E_PLACE,
	E_HOUSEHOLDS,
	E_PERSONS,
	E_JOBS,
	E_NOTE,
	E_NFIELDS
};

const pb_field pb_event_fields[] = {
	{"id", "ID", "ID", PB_T_INT, NULL, PB_C_NONE},
	{"ref", "Ref", "编号", PB_T_TEXT, NULL, PB_C_TEXT},
	{"date", "Date", "日期", PB_T_DATE, NULL, PB_C_DATE},
	{"end", "End", "结束日期", PB_T_DATE, NULL, PB_C_DATE},
	{"kind", "Kind", "类型", PB_T_TEXT, &pb_event_kinds, PB_C_DOMAIN},
	{"title", "Title", "活动名称", PB_T_TEXT, NULL, PB_C_TEXT},
	{"org", "Organizer", "组织单位", PB_T_TEXT, NULL, PB_C_REF},
	/* Names beside codes are shown, never read or written back; a pair
	 * is named by its two sides. */
	{"org_name", "Organizer name", "组织单位名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"pair", "Pair", "共建对子", PB_T_INT, NULL, PB_C_ID},
	{"pair_name", "Pair name", "共建对子名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"place", "Place", "地点", PB_T_TEXT, NULL, PB_C_TEXT},
	{"households", "Households", "受益户数", PB_T_INT, NULL, PB_C_COUNT},
	{"persons", "Persons", "受益人数", PB_T_INT, NULL, PB_C_COUNT},
	{"jobs", "Jobs", "再就业人数", PB_T_INT, NULL, PB_C_COUNT},
	{"note", "Note", "备注", PB_T_TEXT, NULL, PB_C_NOTE},
};
const size_t pb_event_nfields = E_NFIELDS;

enum { P_ID, P_ORG, P_MEMBER, P_NAME, P_PEOPLE, P_HOURS, P_ROLE, P_AWARD,
       P_NFIELDS };

const pb_field pb_participant_fields[] = {
	{"id", "ID", "ID", PB_T_INT, NULL, PB_C_NONE},
	{"org", "Organization", "单位", PB_T_TEXT, NULL, PB_C_REF},
	{"member", "Member", "党员", PB_T_TEXT, NULL, PB_C_TEXT},
	{"name", "Name", "名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"people", "People", "人数", PB_T_INT, NULL, PB_C_PEOPLE},
	{"hours", "Hours each", "人均时长", PB_T_DEC, NULL, PB_C_HOURS},
	{"role", "Role", "角色", PB_T_TEXT, &pb_participant_roles, PB_C_DOMAIN},
	{"award", "Award", "表彰称号", PB_T_TEXT, NULL, PB_C_TEXT},
};
const size_t pb_participant_nfields = P_NFIELDS;

enum { C_ID, C_FROM, C_FROM_MEMBER, C_FROM_NAME, C_TYPE, C_VALUE, C_QUANTITY, C_UNIT,
       C_ITEM, C_NFIELDS };

const pb_field pb_contribution_fields[] = {
	{"id", "ID", "ID", PB_T_INT, NULL, PB_C_NONE},
	{"from", "From", "捐赠单位", PB_T_TEXT, NULL, PB_C_REF},
	{"from_member", "From member", "捐赠党员", PB_T_TEXT, NULL, PB_C_TEXT},
	{"from_name", "From name", "捐赠方名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"type", "Type", "类型", PB_T_TEXT, &pb_contribution_types, PB_C_DOMAIN},
	{"value", "Value (yuan)", "价值(元)", PB_T_MONEY, NULL, PB_C_MONEY},
	{"quantity", "Quantity", "数量", PB_T_DEC, NULL, PB_C_DEC},
	{"unit", "Unit", "单位", PB_T_TEXT, NULL, PB_C_TEXT},
	{"item", "Item", "物品", PB_T_TEXT, NULL, PB_C_TEXT},
};
const size_t pb_contribution_nfields = C_NFIELDS;

#define EVENT_SELECT                                                        \
	"SELECT e.id, e.ref, e.date, e.end_date, e.kind, e.title, o.code, "    \
	"o.name, e.pair_id, pc.name || ' / ' || pp.name, e.place, "           \
	"e.households, e.persons, e.jobs, e.note "                             \
	"FROM events e JOIN orgs o ON o.id = e.org_id "                        \
	"LEFT JOIN pairs pr ON pr.id = e.pair_id "                             \
	"LEFT JOIN orgs pc ON pc.id = pr.community_id "                        \
	"LEFT JOIN orgs pp ON pp.id = pr.partner_id "

static const char GET_SQL[] = EVENT_SELECT "WHERE e.id = ?1";
/* --org takes the org and every org under it. */
static const char LIST_SQL[] =
	"WITH RECURSIVE sub(id) AS (SELECT id FROM orgs WHERE id = ?4 "
	"UNION SELECT o.id FROM orgs o JOIN sub ON o.parent_id = sub.id) "
	EVENT_SELECT
	"WHERE (CAST(?1 AS TEXT) IS NULL OR e.date >= ?1) "
	"AND (CAST(?2 AS TEXT) IS NULL OR e.date <= ?2) "
	"AND (CAST(?3 AS TEXT) IS NULL OR e.kind = ?3) "
	"AND (?4 IS NULL OR e.org_id IN (SELECT id FROM sub)) "
	"AND (CAST(?5 AS BIGINT) IS NULL OR e.pair_id = ?5) ORDER BY e.id";
static const char INSERT_SQL[] =
	"INSERT INTO events (ref, date, end_date, kind, title, org_id, pair_id, "
	"place, households, persons, jobs, note, id) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	PB_NEXT_ID("events") ") RETURNING id";
/* Import keeps the id of an event without a ref (see member.c). */
static const char INSERT_ID_SQL[] =
	"INSERT INTO events (ref, date, end_date, kind, title, org_id, pair_id, "
	"place, households, persons, jobs, note, id) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING id";
const char pb_event_id_sql[] = "SELECT id FROM events WHERE id = ?1";
#define ID_EXISTS pb_event_id_sql
static const char UPDATE_SQL[] =
	"UPDATE events SET ref = ?1, date = ?2, end_date = ?3, kind = ?4, "
	"title = ?5, org_id = ?6, pair_id = ?7, place = ?8, households = ?9, "
	"persons = ?10, jobs = ?11, note = ?12 WHERE id = ?13";
static const char REF_OWNER[] = "SELECT id FROM events WHERE ref = ?1";
const char pb_pair_id_sql[] = "SELECT id FROM pairs WHERE id = ?1";
#define PAIR_EXISTS pb_pair_id_sql

static const char PARTICIPANTS_SQL[] =
	"SELECT p.id, o.code, COALESCE(m.ref, CAST(m.id AS TEXT)), "
	"COALESCE(o.name, m.name), p.people, p.hours_milli, p.role, p.award "
	"FROM participants p LEFT JOIN orgs o ON o.id = p.org_id "
	"LEFT JOIN members m ON m.id = p.member_id WHERE p.event_id = ?1 "
	"ORDER BY p.id";
/* The unique indexes refuse the same member or org twice at an event; the
 * insert says so by returning no row, and the duplicate is looked up
 * only then. Both use every parameter (the org or the member bound NULL):
 * PostgreSQL cannot type a parameter a statement leaves unused. */
static const char ATTEND_MEMBER_SQL[] =
	"INSERT INTO participants (event_id, org_id, member_id, people, "
	"hours_milli, role, award, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	PB_NEXT_ID("participants") ") "
	"ON CONFLICT (event_id, member_id) DO NOTHING RETURNING id";
static const char ATTEND_ORG_SQL[] =
	"INSERT INTO participants (event_id, org_id, member_id, people, "
	"hours_milli, role, award, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	PB_NEXT_ID("participants") ") "
	"ON CONFLICT (event_id, org_id) DO NOTHING RETURNING id";
static const char ATTENDING_MEMBER[] =
	"SELECT id FROM participants WHERE event_id = ?1 AND member_id = ?2";
static const char ATTENDING_ORG[] =
	"SELECT id FROM participants WHERE event_id = ?1 AND org_id = ?2";
static const char CONTRIBUTIONS_SQL[] =
	"SELECT c.id, o.code, COALESCE(m.ref, CAST(m.id AS TEXT)), "
	"COALESCE(o.name, m.name), c.type, "
	"c.value_fen, c.quantity_milli, c.unit, c.item FROM contributions c "
	"LEFT JOIN orgs o ON o.id = c.from_org_id "
	"LEFT JOIN members m ON m.id = c.from_member_id WHERE c.event_id = ?1 "
	"ORDER BY c.id";
static const char GIVE_SQL[] =
	"INSERT INTO contributions (event_id, from_org_id, from_member_id, type, "
	"value_fen, quantity_milli, unit, item, id) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " PB_NEXT_ID("contributions")
	") RETURNING id";
static const char COUNT_PARTICIPANTS[] =
	"SELECT count(*) FROM participants WHERE event_id = ?1";
static const char COUNT_CONTRIBUTIONS[] =
	"SELECT count(*) FROM contributions WHERE event_id = ?1";
static const char COUNT_OPINIONS[] =
	"SELECT count(*) FROM opinions WHERE event_id = ?1";
static const char DELETE_PARTICIPANTS[] =
	"DELETE FROM participants WHERE event_id = ?1";
static const char DELETE_CONTRIBUTIONS[] =
	"DELETE FROM contributions WHERE event_id = ?1";
static const char DETACH_OPINIONS[] =
	"UPDATE opinions SET event_id = NULL WHERE event_id = ?1";
static const char DELETE_EVENT[] = "DELETE FROM events WHERE id = ?1";

int pb_event_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, GET_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	return pb_rec_one_row(st, r, "event", id, e);
}

int pb_event_list(pb_db *db, const pb_event_filter *f, pb_rec_fn fn,
		  void *ctx, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, LIST_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, f->from);
	pb_bind_text(st, 2, f->to);
	pb_bind_text(st, 3, f->kind);
	if (f->org)
		pb_bind_int(st, 4, f->org);
	if (f->pair)
		pb_bind_int(st, 5, f->pair);
	return pb_rec_each_row(st, pb_event_fields, pb_event_nfields, fn, ctx, e);
}

static int lookup_id(pb_db *db, const char *sql, const char *text, int64_t num,
		     int64_t *id, pb_err *e)
{
	pb_stmt *st;
	int rc;

	*id = 0;
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	if (text)
		pb_bind_text(st, 1, text);
	else
		pb_bind_int(st, 1, num);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		*id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

int pb_event_rules(const pb_rec *r, pb_err *e)
{
	static const char *const required[] = {"date", "kind", "title", "org", NULL};
	int rc;

	if ((rc = pb_rec_require(r, required, e)) != PB_OK)
		return rc;
	if (r->v[E_END] && strcmp(r->v[E_END], r->v[E_DATE]) < 0)
		return pb_fail(e, PB_DATAERR, "end %s is before date %s", r->v[E_END],
			       r->v[E_DATE]);
	return PB_OK;
}

static int check_event(pb_db *db, const pb_rec *r, int64_t *org, int64_t *pair,
		       pb_err *e)
{
	int64_t owner;
	int rc;

	if ((rc = pb_event_rules(r, e)) != PB_OK)
		return rc;
	if (r->v[E_REF]) {
		if ((rc = lookup_id(db, REF_OWNER, r->v[E_REF], 0, &owner, e)) != PB_OK)
			return rc;
		if (owner && owner != r->id)
			return pb_fail(e, PB_DATAERR, "ref '%s' is already event %lld",
				       r->v[E_REF], (long long)owner);
	}
	rc = pb_org_resolve(db, r->v[E_ORG], 0, org, e);
	if (rc == PB_DATAERR && strncmp(e->msg, "unknown organization", 20) == 0)
		return pb_fail(e, PB_DATAERR, "org: unknown organization '%s'",
			       r->v[E_ORG]);
	if (rc != PB_OK)
		return rc;
	*pair = 0;
	if (r->v[E_PAIR]) {
		int64_t want = strtoll(r->v[E_PAIR], NULL, 10);

		if ((rc = lookup_id(db, PAIR_EXISTS, NULL, want, pair, e)) != PB_OK)
			return rc;
		if (!*pair)
			return pb_fail(e, PB_DATAERR, "pair: unknown pair %s",
				       r->v[E_PAIR]);
	}
	return PB_OK;
}

static void bind_count(pb_stmt *st, int i, const char *text)
{
	if (text)
		pb_bind_int(st, i, strtoll(text, NULL, 10));
	else
		pb_bind_null(st, i);
}

static int write_event(pb_db *db, pb_rec *r, int64_t org, int64_t pair,
		       int update, pb_err *e)
{
	int64_t taken;
	pb_stmt *st;
	int rc;

	/* An id kept from the file may be another event's when the file
	 * gives a ref too (without one, the upsert found the id free): said
	 * in words, not left to the engine's primary key, whose message
	 * differs by engine and whose failure would abort the transaction on
	 * PostgreSQL. */
	if (!update && r->id && r->v[E_REF]) {
		if ((rc = lookup_id(db, ID_EXISTS, NULL, r->id, &taken, e)) != PB_OK)
			return rc;
		if (taken)
			return pb_fail(e, PB_DATAERR,
				       "id: %lld is already used by another event",
				       (long long)r->id);
	}
	if (update && (rc = pb_totals_touch(db, r->id, e)) != PB_OK)
		return rc;
	if ((rc = pb_db_prepare(db, update ? UPDATE_SQL
					: r->id ? INSERT_ID_SQL
						: INSERT_SQL,
				&st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, r->v[E_REF]);
	pb_bind_text(st, 2, r->v[E_DATE]);
	pb_bind_text(st, 3, r->v[E_END]);
	pb_bind_text(st, 4, r->v[E_KIND]);
	pb_bind_text(st, 5, r->v[E_TITLE]);
	pb_bind_int(st, 6, org);
	if (pair)
		pb_bind_int(st, 7, pair);
	pb_bind_text(st, 8, r->v[E_PLACE]);
	bind_count(st, 9, r->v[E_HOUSEHOLDS]);
	bind_count(st, 10, r->v[E_PERSONS]);
	bind_count(st, 11, r->v[E_JOBS]);
	pb_bind_text(st, 12, r->v[E_NOTE]);
	if (r->id)
		pb_bind_int(st, 13, r->id);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		r->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	if (rc != PB_ROW && rc != PB_DONE)
		return rc;
	return update ? PB_OK : pb_totals_created(db, r->id, e);
}

/* r->id, when set, is the id to insert with (an import of an event
 * without a ref). */
int pb_event_insert(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t org, pair;
	int rc;

	if ((rc = check_event(db, r, &org, &pair, e)) != PB_OK)
		return rc;
	return write_event(db, r, org, pair, 0, e);
}

int pb_event_update(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t org, pair;
	int rc;

	if ((rc = check_event(db, r, &org, &pair, e)) != PB_OK)
		return rc;
	return write_event(db, r, org, pair, 1, e);
}

int pb_event_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e)
{
	pb_rec cur, before;
	int64_t id = 0;
	int rc;

	*created = 0;
	if (r->v[E_REF] &&
	    (rc = lookup_id(db, REF_OWNER, r->v[E_REF], 0, &id, e)) != PB_OK)
		return rc;
	if (!r->v[E_REF] && r->id &&
	    (rc = lookup_id(db, ID_EXISTS, NULL, r->id, &id, e)) != PB_OK)
		return rc;
	if (!id) {
		*created = 1;
		return pb_event_insert(db, r, e);
	}
	pb_rec_canon_refs(db, r);
	/* An update keeps what the input does not mention. */
	pb_rec_init(&cur, pb_event_fields, pb_event_nfields);
	pb_rec_init(&before, pb_event_fields, pb_event_nfields);
	if ((rc = pb_event_get(db, id, &before, e)) != PB_OK)
		goto out;
	before.given = ~0UL;
	if (pb_rec_merge(&cur, &before) != PB_OK || pb_rec_merge(&cur, r) != PB_OK) {
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
		goto out;
	}
	cur.id = id;
	if (pb_rec_same(&cur, &before))
		*created = -1;
	else
		rc = pb_event_update(db, &cur, e);
out:
	r->id = id;
	pb_rec_free(&cur);
	pb_rec_free(&before);
	return rc;
}

int pb_event_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		    pb_err *e)
{
	int64_t np, nc, no;
	int rc;

	said[0] = '\0';
	if ((rc = pb_query_int(db, COUNT_PARTICIPANTS, id, 0, &np, e)) != PB_OK ||
	    (rc = pb_query_int(db, COUNT_CONTRIBUTIONS, id, 0, &nc, e)) != PB_OK ||
	    (rc = pb_query_int(db, COUNT_OPINIONS, id, 0, &no, e)) != PB_OK)
		return rc;
	if ((np || nc || no) && !force)
		return pb_fail(e, PB_DATAERR,
			       "event %lld has %lld participant%s, %lld "
			       "contribution%s and %lld opinion%s (use --force to "
			       "remove it with its participants and contributions)",
			       (long long)id, (long long)np, np == 1 ? "" : "s",
			       (long long)nc, nc == 1 ? "" : "s", (long long)no,
			       no == 1 ? "" : "s");
	if ((rc = pb_totals_touch(db, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_PARTICIPANTS, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_CONTRIBUTIONS, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DETACH_OPINIONS, id, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_EVENT, id, e)) != PB_OK)
		return rc;
	snprintf(said, len,
		 "removed event %lld with %lld participant%s and %lld "
		 "contribution%s; %lld opinion%s detached",
		 (long long)id, (long long)np, np == 1 ? "" : "s", (long long)nc,
		 nc == 1 ? "" : "s", (long long)no, no == 1 ? "" : "s");
	return PB_OK;
}

/* ---- participation -------------------------------------------------- */

static int resolve_member_field(pb_db *db, const char *text, int64_t *id,
				pb_err *e)
{
	*id = 0;
	return text ? pb_member_resolve(db, text, 0, id, e) : PB_OK;
}

int pb_participant_rules(const pb_rec *p, const char **role, int64_t *people,
			 pb_err *e)
{
	*role = p->v[P_ROLE] ? p->v[P_ROLE] : "participant";
	*people = 1;
	if (!p->v[P_ORG] == !p->v[P_MEMBER])
		return pb_fail(e, PB_DATAERR,
			       "a participant is either an org or a member");
	if (p->v[P_AWARD] && !p->v[P_ROLE])
		*role = "awardee";
	if (p->v[P_AWARD] && strcmp(*role, "awardee") != 0)
		return pb_fail(e, PB_DATAERR,
			       "an award is for an awardee, not for role %s", *role);
	if (p->v[P_ORG]) {
		if (p->v[P_PEOPLE])
			*people = strtoll(p->v[P_PEOPLE], NULL, 10);
		if (*people < 1)
			return pb_fail(e, PB_DATAERR, "people must be at least 1");
	} else if (p->v[P_PEOPLE] && strcmp(p->v[P_PEOPLE], "1") != 0) {
		return pb_fail(e, PB_DATAERR,
			       "people is for an org's head-count, not a member");
	}
	return PB_OK;
}

int pb_event_attend(pb_db *db, int64_t event, pb_rec *p, pb_err *e)
{
	const char *role;
	int64_t org = 0, member = 0, people, hours = 0, dup;
	pb_stmt *st;
	int rc;

	if ((rc = pb_participant_rules(p, &role, &people, e)) != PB_OK)
		return rc;
	if (p->v[P_ORG])
		rc = pb_org_resolve(db, p->v[P_ORG], 0, &org, e);
	else
		rc = resolve_member_field(db, p->v[P_MEMBER], &member, e);
	if (rc != PB_OK)
		return rc;
	if (p->v[P_HOURS] && (rc = pb_decimal_parse(p->v[P_HOURS], &hours, e)) !=
				     PB_OK)
		return rc;
	if ((rc = pb_totals_touch(db, event, e)) != PB_OK ||
	    (rc = pb_db_prepare(db, org ? ATTEND_ORG_SQL : ATTEND_MEMBER_SQL, &st,
				e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, event);
	if (org) {
		pb_bind_int(st, 2, org);
		pb_bind_null(st, 3);
	} else {
		pb_bind_null(st, 2);
		pb_bind_int(st, 3, member);
	}
	pb_bind_int(st, 4, people);
	pb_bind_int(st, 5, hours);
	pb_bind_text(st, 6, role);
	pb_bind_text(st, 7, p->v[P_AWARD]);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		p->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	if (rc == PB_ROW)
		return PB_OK;
	if (rc != PB_DONE)
		return rc;
	if ((rc = pb_db_prepare(db, org ? ATTENDING_ORG : ATTENDING_MEMBER, &st,
				e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, event);
	pb_bind_int(st, 2, org ? org : member);
	dup = pb_step(st, e) == PB_ROW ? pb_col_int(st, 0) : 0;
	pb_stmt_done(st);
	return pb_fail(e, PB_DATAERR,
		       "%s '%s' already takes part in event %lld (participant %lld)",
		       org ? "organization" : "member",
		       org ? p->v[P_ORG] : p->v[P_MEMBER], (long long)event,
		       (long long)dup);
}

int pb_event_participants(pb_db *db, int64_t event, pb_rec_fn fn, void *ctx,
			  pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, PARTICIPANTS_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, event);
	return pb_rec_each_row(st, pb_participant_fields, pb_participant_nfields,
			       fn, ctx, e);
}

/* ---- contributions -------------------------------------------------- */

int pb_contribution_rules(const pb_rec *c, pb_err *e)
{
	const char *type = c->v[C_TYPE];

	if (!type)
		return pb_fail(e, PB_DATAERR, "missing type");
	if (!c->v[C_FROM] == !c->v[C_FROM_MEMBER])
		return pb_fail(e, PB_DATAERR,
			       "a contribution comes either from an org or from a "
			       "member");
	if (!c->v[C_QUANTITY] != !c->v[C_UNIT])
		return pb_fail(e, PB_DATAERR,
			       "quantity and unit go together (e.g. 8600 斤)");
	if (strcmp(type, "cash") == 0) {
		if (!c->v[C_VALUE])
			return pb_fail(e, PB_DATAERR, "cash needs a value in yuan");
		if (c->v[C_QUANTITY] || c->v[C_ITEM])
			return pb_fail(e, PB_DATAERR,
				       "cash is a value in yuan, without quantity or item");
	} else {
		if (!c->v[C_ITEM])
			return pb_fail(e, PB_DATAERR,
				       "%s needs an item (what was given)", type);
		if (!c->v[C_QUANTITY] && !c->v[C_VALUE])
			return pb_fail(e, PB_DATAERR,
				       "%s needs a quantity with its unit, a value, or "
				       "both",
				       type);
	}
	return PB_OK;
}

int pb_event_give(pb_db *db, int64_t event, pb_rec *c, pb_err *e)
{
	int64_t org = 0, member = 0, value = 0, quantity = 0;
	pb_stmt *st;
	int rc;

	if ((rc = pb_contribution_rules(c, e)) != PB_OK)
		return rc;
	if (c->v[C_FROM])
		rc = pb_org_resolve(db, c->v[C_FROM], 0, &org, e);
	else
		rc = resolve_member_field(db, c->v[C_FROM_MEMBER], &member, e);
	if (rc != PB_OK)
		return rc;
	if ((c->v[C_VALUE] && (rc = pb_money_parse(c->v[C_VALUE], &value, e))) ||
	    (c->v[C_QUANTITY] &&
	     (rc = pb_decimal_parse(c->v[C_QUANTITY], &quantity, e))))
		return rc;
	if ((rc = pb_totals_touch(db, event, e)) != PB_OK ||
	    (rc = pb_db_prepare(db, GIVE_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, event);
	if (org)
		pb_bind_int(st, 2, org);
	if (member)
		pb_bind_int(st, 3, member);
	pb_bind_text(st, 4, c->v[C_TYPE]);
	if (c->v[C_VALUE])
		pb_bind_int(st, 5, value);
	if (c->v[C_QUANTITY])
		pb_bind_int(st, 6, quantity);
	pb_bind_text(st, 7, c->v[C_UNIT]);
	pb_bind_text(st, 8, c->v[C_ITEM]);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		c->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW ? PB_OK : rc;
}

int pb_event_contributions(pb_db *db, int64_t event, pb_rec_fn fn, void *ctx,
			   pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, CONTRIBUTIONS_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, event);
	return pb_rec_each_row(st, pb_contribution_fields, pb_contribution_nfields,
			       fn, ctx, e);
}
