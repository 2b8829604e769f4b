/* Co-construction pairs (共建对子) between a community or the street and a
 * unit: the rules (known, different sides; the community side a community
 * or the street; until not before since; one active pair of a kind
 * between two orgs at a time) and the portable SQL that stores them.
 * target_yuan is kept as integer fen and shown as yuan. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "refs.h"
#include "totals.h"

enum {
	P_ID,
	P_COMMUNITY,
	P_COMMUNITY_NAME,
	P_PARTNER,
	P_PARTNER_NAME,
	P_KIND,
	P_SINCE,
	P_UNTIL,
	P_GOAL,
	P_HOUSEHOLDS,
	P_PERSONS,
	P_YUAN,
	P_NOTE,
	P_NFIELDS
};

const pb_field pb_pair_fields[] = {
	{"id", "ID", "编号", PB_T_INT, NULL, PB_C_NONE},
	{"community", "Community", "社区", PB_T_TEXT, NULL, PB_C_REF},
	/* Names beside codes are shown, never read or written back. */
	{"community_name", "Community name", "社区名称", PB_T_TEXT, NULL,
	 PB_C_NONE},
	{"partner", "Partner", "共建单位", PB_T_TEXT, NULL, PB_C_REF},
	{"partner_name", "Partner name", "共建单位名称", PB_T_TEXT, NULL,
	 PB_C_NONE},
	{"kind", "Kind", "类型", PB_T_TEXT, &pb_pair_kinds, PB_C_DOMAIN},
	{"since", "Since", "开始日期", PB_T_DATE, NULL, PB_C_DATE},
	{"until", "Until", "结束日期", PB_T_DATE, NULL, PB_C_DATE},
	{"goal", "Goal", "共建目标", PB_T_TEXT, NULL, PB_C_NOTE},
	{"target_households", "Target households", "目标户数", PB_T_INT, NULL,
	 PB_C_COUNT},
	{"target_persons", "Target persons", "目标人数", PB_T_INT, NULL,
	 PB_C_COUNT},
	{"target_yuan", "Target yuan", "目标金额(元)", PB_T_MONEY, NULL,
	 PB_C_MONEY},
	{"note", "Note", "备注", PB_T_TEXT, NULL, PB_C_NOTE},
};
const size_t pb_pair_nfields = P_NFIELDS;

/* Columns in pb_pair_fields order, so a row fills a record by index. */
#define PAIR_COLUMNS                                                        \
	"p.id, c.code, c.name, o.code, o.name, p.kind, p.since, p.until, p.goal, "          \
	"p.target_households, p.target_persons, p.target_yuan, p.note "     \
	"FROM pairs p JOIN orgs c ON c.id = p.community_id "                \
	"JOIN orgs o ON o.id = p.partner_id "

static const char GET_SQL[] = "SELECT " PAIR_COLUMNS "WHERE p.id = ?1";
/* Active on ?3: begun by then and not yet ended. */
static const char LIST_SQL[] =
	"SELECT " PAIR_COLUMNS
	"WHERE (CAST(?1 AS BIGINT) IS NULL OR p.community_id = ?1 OR "
	"p.partner_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR p.kind = ?2) "
	"AND (CAST(?3 AS TEXT) IS NULL OR "
	"(p.since <= ?3 AND (p.until IS NULL OR p.until > ?3))) "
	"ORDER BY p.id";
static const char FIND_SQL[] =
	"SELECT id FROM pairs WHERE community_id = ?1 AND partner_id = ?2 "
	"AND kind = ?3 AND since = ?4";
static const char ORG_KIND[] = "SELECT kind FROM orgs WHERE id = ?1";
/* Another pair of the kind between the same two orgs, either way round,
 * whose days [since, until) meet those of ?4..?5; a pair that ended the
 * day it began has no days. The earliest, then the lowest id: the same
 * one on any engine. */
static const char OVERLAP_SQL[] =
	"SELECT id, since, until FROM pairs WHERE kind = ?3 AND id <> ?6 "
	"AND ((community_id = ?1 AND partner_id = ?2) OR "
	"(community_id = ?2 AND partner_id = ?1)) "
	"AND since < COALESCE(until, '9999-12-31') "
	"AND since < COALESCE(?5, '9999-12-31') "
	"AND ?4 < COALESCE(until, '9999-12-31') "
	"AND ?4 < COALESCE(?5, '9999-12-31') ORDER BY since, id LIMIT 1";
static const char INSERT_SQL[] =
	"INSERT INTO pairs (community_id, partner_id, kind, since, until, goal, "
	"target_households, target_persons, target_yuan, note, id) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " PB_NEXT_ID("pairs")
	") RETURNING id";
/* Import keeps a pair's id, since events refer to pairs by id. */
static const char INSERT_ID_SQL[] =
	"INSERT INTO pairs (community_id, partner_id, kind, since, until, goal, "
	"target_households, target_persons, target_yuan, note, id) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
static const char UPDATE_SQL[] =
	"UPDATE pairs SET community_id = ?1, partner_id = ?2, kind = ?3, "
	"since = ?4, until = ?5, goal = ?6, target_households = ?7, "
	"target_persons = ?8, target_yuan = ?9, note = ?10 WHERE id = ?11";
static const char DELETE_SQL[] = "DELETE FROM pairs WHERE id = ?1";
/* Whether the pair's sides change: its totals keep their part alone. */
static const char SIDES_CHANGE[] =
	"SELECT 1 FROM pairs WHERE id = ?1 AND (community_id <> ?2 OR "
	"partner_id <> ?3)";
static const char EVENTS_OF_PAIR[] = "SELECT id FROM events WHERE pair_id = ?1";
static const char ID_TAKEN[] = "SELECT id FROM pairs WHERE id = ?1";

static int bind_opt_int(pb_stmt *st, int i, const char *text)
{
	return text ? pb_bind_int(st, i, strtoll(text, NULL, 10))
		    : pb_bind_null(st, i);
}

/* Resolve one side and store its code back, so the record reads the same
 * however the input named the org. */
static int resolve_side(pb_db *db, pb_rec *r, size_t i, int64_t *id,
			pb_err *e)
{
	char code[80], m[PB_MSG_MAX];
	int rc = pb_org_resolve(db, r->v[i], 0, id, e);

	if (rc != PB_OK) {
		snprintf(m, sizeof m, "%s", e->msg);
		return pb_fail(e, rc, "%s: %s", pb_pair_fields[i].name, m);
	}
	if ((rc = pb_org_code(db, *id, code, sizeof code, e)) != PB_OK)
		return rc;
	return pb_rec_put(r, i, code) == PB_OK
		       ? PB_OK
		       : pb_fail(e, PB_SOFTWARE, "out of memory");
}

static int community_kind(pb_db *db, const pb_rec *r, int64_t id, pb_err *e)
{
	char kind[32] = "";
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, ORG_KIND, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		snprintf(kind, sizeof kind, "%s", pb_col_text(st, 0));
	pb_stmt_done(st);
	if (rc != PB_ROW)
		return rc == PB_DONE ? pb_fail(e, PB_DATAERR,
					       "community: unknown organization '%s'",
					       r->v[P_COMMUNITY])
				     : rc;
	if (strcmp(kind, "community") != 0 && strcmp(kind, "street") != 0)
		return pb_fail(e, PB_DATAERR,
			       "community '%s' is of kind %s (expected an "
			       "organization of kind community or street)",
			       r->v[P_COMMUNITY], kind);
	return PB_OK;
}

static int check_overlap(pb_db *db, const pb_rec *r, int64_t c, int64_t p,
			 pb_err *e)
{
	char since[16] = "", until[16] = "";
	int64_t other = 0;
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, OVERLAP_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, c);
	pb_bind_int(st, 2, p);
	pb_bind_text(st, 3, r->v[P_KIND]);
	pb_bind_text(st, 4, r->v[P_SINCE]);
	pb_bind_text(st, 5, r->v[P_UNTIL]);
	pb_bind_int(st, 6, r->id);
	rc = pb_step(st, e);
	if (rc == PB_ROW) {
		other = pb_col_int(st, 0);
		snprintf(since, sizeof since, "%s", pb_col_text(st, 1));
		if (pb_col_text(st, 2))
			snprintf(until, sizeof until, "%s", pb_col_text(st, 2));
	}
	pb_stmt_done(st);
	if (rc == PB_DONE)
		return PB_OK;
	if (rc != PB_ROW)
		return rc;
	if (!until[0])
		return pb_fail(e, PB_DATAERR,
			       "'%s' and '%s' already have an active pair of kind "
			       "%s (pair %lld, since %s): end it first (pb-pair "
			       "end %lld) or choose another kind",
			       r->v[P_COMMUNITY], r->v[P_PARTNER], r->v[P_KIND],
			       (long long)other, since, (long long)other);
	return pb_fail(e, PB_DATAERR,
		       "'%s' and '%s' already have a pair of kind %s active "
		       "from %s until %s (pair %lld): only one pair of a kind "
		       "may be active at a time",
		       r->v[P_COMMUNITY], r->v[P_PARTNER], r->v[P_KIND], since,
		       until, (long long)other);
}

/* Every rule, checked before anything is written; *c and *p are the
 * resolved sides. */
static int check_rules(pb_db *db, pb_rec *r, int64_t *c, int64_t *p,
		       pb_err *e)
{
	static const char *const required[] = {"community", "partner", "kind",
					       "since", NULL};
	int rc;

	if ((rc = pb_rec_require(r, required, e)) != PB_OK)
		return rc;
	if (r->v[P_UNTIL] && strcmp(r->v[P_UNTIL], r->v[P_SINCE]) < 0)
		return pb_fail(e, PB_DATAERR, "until %s is before since %s",
			       r->v[P_UNTIL], r->v[P_SINCE]);
	if ((rc = resolve_side(db, r, P_COMMUNITY, c, e)) != PB_OK ||
	    (rc = resolve_side(db, r, P_PARTNER, p, e)) != PB_OK)
		return rc;
	if (*c == *p)
		return pb_fail(e, PB_DATAERR,
			       "community and partner are both '%s' (an "
			       "organization cannot pair with itself)",
			       r->v[P_COMMUNITY]);
	if ((rc = community_kind(db, r, *c, e)) != PB_OK)
		return rc;
	return check_overlap(db, r, *c, *p, e);
}

/* Bind ?1..?10 from the record and the resolved sides. */
static int bind_pair(pb_stmt *st, const pb_rec *r, int64_t c, int64_t p,
		     pb_err *e)
{
	int64_t fen;

	pb_bind_int(st, 1, c);
	pb_bind_int(st, 2, p);
	pb_bind_text(st, 3, r->v[P_KIND]);
	pb_bind_text(st, 4, r->v[P_SINCE]);
	pb_bind_text(st, 5, r->v[P_UNTIL]);
	pb_bind_text(st, 6, r->v[P_GOAL]);
	bind_opt_int(st, 7, r->v[P_HOUSEHOLDS]);
	bind_opt_int(st, 8, r->v[P_PERSONS]);
	if (!r->v[P_YUAN])
		pb_bind_null(st, 9);
	else if (pb_money_parse(r->v[P_YUAN], &fen, e) == PB_OK)
		pb_bind_int(st, 9, fen);
	else
		return PB_DATAERR;
	pb_bind_text(st, 10, r->v[P_NOTE]);
	return PB_OK;
}

static int insert_row(pb_db *db, pb_rec *r, int64_t c, int64_t p, pb_err *e)
{
	pb_stmt *st;
	int rc;

	/* An id the file keeps may be another pair's (one whose key the file
	 * changed): said in words, not left to the engine's primary key,
	 * whose message differs by engine and whose failure would abort the
	 * transaction on PostgreSQL. */
	if (r->id) {
		if ((rc = pb_db_prepare(db, ID_TAKEN, &st, e)) != PB_OK)
			return rc;
		pb_bind_int(st, 1, r->id);
		rc = pb_step(st, e);
		pb_stmt_done(st);
		if (rc == PB_ROW)
			return pb_fail(e, PB_DATAERR,
				       "id: %lld is already used by another pair",
				       (long long)r->id);
		if (rc != PB_DONE)
			return rc;
	}
	if ((rc = pb_db_prepare(db, r->id ? INSERT_ID_SQL : INSERT_SQL, &st, e)) !=
	    PB_OK)
		return rc;
	if (r->id)
		pb_bind_int(st, 11, r->id);
	if ((rc = bind_pair(st, r, c, p, e)) == PB_OK &&
	    (rc = pb_step(st, e)) == PB_ROW)
		r->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW ? PB_OK : rc;
}

static int update_row(pb_db *db, const pb_rec *r, int64_t c, int64_t p,
		      pb_err *e)
{
	pb_stmt *st;
	int rc;

	/* Its events' totals, as they are by the sides the pair has now,
	 * taken away; added back by the new ones at commit. */
	if ((rc = pb_db_prepare(db, SIDES_CHANGE, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, r->id);
	pb_bind_int(st, 2, c);
	pb_bind_int(st, 3, p);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	if (rc == PB_ROW)
		rc = pb_totals_touch_query(db, EVENTS_OF_PAIR, r->id, e);
	if (rc != PB_OK && rc != PB_DONE)
		return rc;
	if ((rc = pb_db_prepare(db, UPDATE_SQL, &st, e)) != PB_OK)
		return rc;
	if ((rc = bind_pair(st, r, c, p, e)) == PB_OK) {
		pb_bind_int(st, 11, r->id);
		rc = pb_step(st, e);
	}
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

/* r->id, when set, is the id to insert with (an import). */
int pb_pair_insert(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t c, p;
	int rc;

	if ((rc = check_rules(db, r, &c, &p, e)) != PB_OK)
		return rc;
	return insert_row(db, r, c, p, e);
}

int pb_pair_update(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t c, p;
	int rc;

	if ((rc = check_rules(db, r, &c, &p, e)) != PB_OK)
		return rc;
	return update_row(db, r, c, p, e);
}

int pb_pair_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, GET_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	return pb_rec_one_row(st, r, "pair", id, e);
}

static int find_by_key(pb_db *db, const pb_rec *r, int64_t c, int64_t p,
		       int64_t *id, pb_err *e)
{
	pb_stmt *st;
	int rc;

	*id = 0;
	if ((rc = pb_db_prepare(db, FIND_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, c);
	pb_bind_int(st, 2, p);
	pb_bind_text(st, 3, r->v[P_KIND]);
	pb_bind_text(st, 4, r->v[P_SINCE]);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		*id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

int pb_pair_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e)
{
	static const char *const key[] = {"community", "partner", "kind", "since",
					  NULL};
	int64_t c, p, existing;
	pb_rec cur, before;
	int rc;

	*created = 0;
	if ((rc = pb_rec_require(r, key, e)) != PB_OK ||
	    (rc = resolve_side(db, r, P_COMMUNITY, &c, e)) != PB_OK ||
	    (rc = resolve_side(db, r, P_PARTNER, &p, e)) != PB_OK ||
	    (rc = find_by_key(db, r, c, p, &existing, e)) != PB_OK)
		return rc;
	if (!existing) {
		*created = 1;
		return pb_pair_insert(db, r, e);
	}
	/* An update keeps what the input does not mention. */
	pb_rec_init(&cur, pb_pair_fields, pb_pair_nfields);
	pb_rec_init(&before, pb_pair_fields, pb_pair_nfields);
	if ((rc = pb_pair_get(db, existing, &before, e)) != PB_OK)
		goto out;
	before.given = ~0UL;
	if (pb_rec_merge(&cur, &before) != PB_OK || pb_rec_merge(&cur, r) != PB_OK) {
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
		goto out;
	}
	cur.id = existing;
	*created = pb_rec_same(&cur, &before) ? -1 : 0;
	if (*created == 0)
		rc = pb_pair_update(db, &cur, e);
out:
	r->id = existing;
	pb_rec_free(&cur);
	pb_rec_free(&before);
	return rc;
}

int pb_pair_end(pb_db *db, int64_t id, const char *until, pb_err *e)
{
	pb_rec r;
	int rc;

	pb_rec_init(&r, pb_pair_fields, pb_pair_nfields);
	if ((rc = pb_pair_get(db, id, &r, e)) == PB_OK) {
		if (pb_rec_put(&r, P_UNTIL, until) != PB_OK)
			rc = pb_fail(e, PB_SOFTWARE, "out of memory");
		else
			rc = pb_pair_update(db, &r, e);
	}
	pb_rec_free(&r);
	return rc;
}

/* What refers to a pair: its events, which --force keeps without it.
 * Their totals by pair change: touched first. */
static const pb_ref pair_refs[] = {
	{"SELECT count(*) FROM events WHERE pair_id = ?1", "event",
	 "UPDATE events SET pair_id = NULL WHERE pair_id = ?1", "detached"},
};
#define N_PAIR_REFS (sizeof pair_refs / sizeof pair_refs[0])

int pb_pair_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		   pb_err *e)
{
	int64_t n[N_PAIR_REFS];
	char refs[128];
	pb_stmt *st;
	pb_rec r;
	int rc, total;

	said[0] = '\0';
	pb_rec_init(&r, pb_pair_fields, pb_pair_nfields);
	if ((rc = pb_pair_get(db, id, &r, e)) != PB_OK)
		goto out;
	if ((total = pb_refs_count(db, pair_refs, N_PAIR_REFS, id, n, e)) < 0) {
		rc = e->code;
		goto out;
	}
	pb_refs_describe(pair_refs, N_PAIR_REFS, n, force, refs, sizeof refs);
	if (total > 0 && !force) {
		/* Said in pb's words, not left to the engine's foreign key. */
		rc = pb_fail(e, PB_DATAERR,
			     "pair %lld is referred to by %s (use --force to remove "
			     "it, its events kept without a pair, or end it to "
			     "keep its history)",
			     (long long)id, refs);
		goto out;
	}
	if (total > 0 &&
	    ((rc = pb_totals_touch_query(db, EVENTS_OF_PAIR, id, e)) != PB_OK ||
	     (rc = pb_refs_let_go(db, pair_refs, N_PAIR_REFS, id, n, e)) != PB_OK))
		goto out;
	if ((rc = pb_db_prepare(db, DELETE_SQL, &st, e)) != PB_OK)
		goto out;
	pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	if (rc != PB_DONE)
		goto out;
	rc = PB_OK;
	snprintf(said, len, "removed pair %lld (%s, '%s' and '%s', since %s)%s%s",
		 (long long)id, r.v[P_KIND], r.v[P_COMMUNITY], r.v[P_PARTNER],
		 r.v[P_SINCE], total ? "; " : "", refs);
out:
	pb_rec_free(&r);
	return rc;
}

int pb_pair_list(pb_db *db, const pb_pair_filter *f, pb_rec_fn fn, void *ctx,
		 pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, LIST_SQL, &st, e)) != PB_OK)
		return rc;
	if (f->org)
		pb_bind_int(st, 1, f->org);
	else
		pb_bind_null(st, 1);
	pb_bind_text(st, 2, f->kind);
	pb_bind_text(st, 3, f->active_on);
	return pb_rec_each_row(st, pb_pair_fields, pb_pair_nfields, fn, ctx, e);
}
