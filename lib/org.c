/* Organizations and their office-holders: the rules (unique code and
 * uscc, no parent cycles, refuse deleting what others refer to) and the
 * portable SQL that stores them. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "refs.h"
#include "totals.h"

enum {
	O_ID,
	O_CODE,
	O_NAME,
	O_KIND,
	O_PARENT,
	O_PARENT_NAME,
	O_USCC,
	O_MEMBERS,
	O_ADDRESS,
	O_CONTACT,
	O_PHONE,
	O_JOINED,
	O_LEFT,
	O_NOTE,
	O_NFIELDS
};

const pb_field pb_org_fields[] = {
	{"id", "ID", "编号", PB_T_INT, NULL, PB_C_NONE},
	{"code", "Code", "代码", PB_T_TEXT, NULL, PB_C_CODE},
	{"name", "Name", "名称", PB_T_TEXT, NULL, PB_C_TEXT},
	{"kind", "Kind", "类型", PB_T_TEXT, &pb_org_kinds, PB_C_DOMAIN},
	{"parent", "Parent", "上级", PB_T_TEXT, NULL, PB_C_REF},
	/* Names beside codes are shown, never read or written back. */
	{"parent_name", "Parent name", "上级名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"uscc", "USCC", "统一社会信用代码", PB_T_TEXT, NULL, PB_C_USCC},
	{"members", "Members", "党员数", PB_T_INT, NULL, PB_C_COUNT},
	{"address", "Address", "地址", PB_T_TEXT, NULL, PB_C_TEXT},
	{"contact", "Contact", "联系人", PB_T_TEXT, NULL, PB_C_TEXT},
	{"phone", "Phone", "电话", PB_T_TEXT, NULL, PB_C_PHONE},
	{"joined", "Joined", "加入日期", PB_T_DATE, NULL, PB_C_DATE},
	{"left", "Left", "退出日期", PB_T_DATE, NULL, PB_C_DATE},
	{"note", "Note", "备注", PB_T_TEXT, NULL, PB_C_NOTE},
};
const size_t pb_org_nfields = O_NFIELDS;

enum { R_ID, R_ORG, R_ORG_NAME, R_TITLE, R_NAME, R_FROM, R_FROM_NAME, R_SINCE,
       R_UNTIL, R_NOTE, R_NFIELDS };

const pb_field pb_role_fields[] = {
	{"id", "ID", "编号", PB_T_INT, NULL, PB_C_NONE},
	{"org", "Organization", "组织", PB_T_TEXT, NULL, PB_C_REF},
	{"org_name", "Organization name", "组织名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"title", "Title", "职务", PB_T_TEXT, NULL, PB_C_TEXT},
	{"name", "Name", "姓名", PB_T_TEXT, NULL, PB_C_TEXT},
	{"from_org", "From", "来自单位", PB_T_TEXT, NULL, PB_C_REF},
	{"from_org_name", "From name", "来自单位名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"since", "Since", "任职起", PB_T_DATE, NULL, PB_C_DATE},
	{"until", "Until", "任职止", PB_T_DATE, NULL, PB_C_DATE},
	{"note", "Note", "备注", PB_T_TEXT, NULL, PB_C_NOTE},
};
const size_t pb_role_nfields = R_NFIELDS;

enum { T_DEPTH, T_CODE, T_NAME, T_KIND, T_MEMBERS, T_TOTAL, T_NFIELDS };

const pb_field pb_tree_fields[] = {
	{"depth", "Depth", "层级", PB_T_INT, NULL, PB_C_NONE},
	{"code", "Code", "代码", PB_T_TEXT, NULL, PB_C_NONE},
	{"name", "Name", "名称", PB_T_TEXT, NULL, PB_C_NONE},
	{"kind", "Kind", "类型", PB_T_TEXT, &pb_org_kinds, PB_C_NONE},
	{"members", "Members", "党员数", PB_T_INT, NULL, PB_C_NONE},
	{"total_members", "Total members", "合计党员数", PB_T_INT, NULL, PB_C_NONE},
};
const size_t pb_tree_nfields = T_NFIELDS;

/* Columns in pb_org_fields order, so a row fills a record by index. */
#define ORG_VALUES                                                          \
	"o.id, o.code, o.name, o.kind, p.code, p.name, o.uscc, o.members, "    \
	"o.address, o.contact, o.phone, o.joined_on, o.left_on, o.note "
#define ORG_FROM "FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id "
#define ORG_COLUMNS ORG_VALUES ORG_FROM

static const char GET_SQL[] = "SELECT " ORG_COLUMNS "WHERE o.id = ?1";
/* On the roll on ?4: joined by then (or no date) and not left. A unit is
 * any kind but the three that pairs and meetings are held by; it can
 * only be a pair's partner, so ?5 looks at that side alone. */
#define ORG_UNIT "o.kind NOT IN ('district', 'street', 'community') "
static const char LIST_SQL[] =
	"SELECT " ORG_COLUMNS
	"WHERE (CAST(?1 AS TEXT) IS NULL OR o.kind = ?1) "
	"AND (CAST(?2 AS BIGINT) IS NULL OR o.parent_id = ?2) "
	"AND (?3 = 1 OR ((o.left_on IS NULL OR o.left_on > ?4) AND "
	"(o.joined_on IS NULL OR o.joined_on <= ?4))) "
	"AND (?5 = 0 OR (" ORG_UNIT "AND NOT EXISTS (SELECT 1 FROM pairs p "
	"WHERE p.partner_id = o.id AND p.since <= ?4 AND "
	"(p.until IS NULL OR p.until > ?4)))) "
	"AND (CAST(?6 AS TEXT) IS NULL OR (" ORG_UNIT "AND NOT EXISTS ("
	"SELECT 1 FROM participants a JOIN events ev ON ev.id = a.event_id "
	"WHERE a.org_id = o.id AND a.role <> 'awardee' AND "
	"ev.kind = 'meeting' AND ev.date >= ?6 AND ev.date <= ?7))) "
	"ORDER BY o.code";
static const char ID_BY_CODE[] = "SELECT id FROM orgs WHERE code = ?1";
static const char USCC_OWNER[] =
	"SELECT code FROM orgs WHERE uscc = ?1 AND id <> ?2";
static const char INSERT_SQL[] =
	"INSERT INTO orgs (code, name, kind, parent_id, uscc, members, address, "
	"contact, phone, joined_on, left_on, note, id) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	PB_NEXT_ID("orgs") ") RETURNING id";
static const char UPDATE_SQL[] =
	"UPDATE orgs SET code = ?1, name = ?2, kind = ?3, uscc = ?5, members = ?6, "
	"address = ?7, contact = ?8, phone = ?9, joined_on = ?10, left_on = ?11, "
	"note = ?12, parent_id = CASE WHEN ?14 = 1 THEN ?4 ELSE parent_id END "
	"WHERE id = ?13";
static const char SET_PARENT[] =
	"UPDATE orgs SET parent_id = ?2 WHERE id = ?1 "
	"AND parent_id IS DISTINCT FROM ?2";
/* Walk up from the proposed parent: reaching the org itself is a cycle. */
static const char CYCLE_SQL[] =
	"WITH RECURSIVE up(id) AS (SELECT CAST(?2 AS BIGINT) UNION "
	"SELECT o.parent_id FROM orgs o JOIN up ON o.id = up.id "
	"WHERE o.parent_id IS NOT NULL) "
	"SELECT count(*) FROM up WHERE id = ?1";
/* What may refer to an org, and what rm --force does about each: one row
 * per referring table, run in this order before the org is deleted. */
static const pb_ref org_refs[] = {
	{"SELECT count(*) FROM orgs WHERE parent_id = ?1", "child org",
	 "UPDATE orgs SET parent_id = NULL WHERE parent_id = ?1", "detached"},
	{"SELECT count(*) FROM roles WHERE org_id = ?1 OR from_org_id = ?1", "role",
	 "DELETE FROM roles WHERE org_id = ?1 OR from_org_id = ?1", "removed"},
	{"SELECT count(*) FROM participants WHERE org_id = ?1 OR event_id IN "
	 "(SELECT id FROM events WHERE org_id = ?1)",
	 "participation",
	 "DELETE FROM participants WHERE org_id = ?1 OR event_id IN "
	 "(SELECT id FROM events WHERE org_id = ?1)",
	 "removed"},
	{"SELECT count(*) FROM contributions WHERE from_org_id = ?1 OR event_id IN "
	 "(SELECT id FROM events WHERE org_id = ?1)",
	 "contribution",
	 "DELETE FROM contributions WHERE from_org_id = ?1 OR event_id IN "
	 "(SELECT id FROM events WHERE org_id = ?1)",
	 "removed"},
	{"SELECT count(*) FROM opinions WHERE from_org_id = ?1", "opinion",
	 "DELETE FROM opinions WHERE from_org_id = ?1", "removed"},
	{"SELECT count(*) FROM opinions WHERE event_id IN (SELECT id FROM events "
	 "WHERE org_id = ?1)",
	 "opinion raised at its events",
	 "UPDATE opinions SET event_id = NULL WHERE event_id IN (SELECT id FROM "
	 "events WHERE org_id = ?1)",
	 "detached"},
	{"SELECT count(*) FROM events WHERE org_id = ?1", "event",
	 "DELETE FROM events WHERE org_id = ?1", "removed"},
	{"SELECT count(*) FROM events WHERE pair_id IN (SELECT id FROM pairs WHERE "
	 "community_id = ?1 OR partner_id = ?1)",
	 "event of its pairs",
	 "UPDATE events SET pair_id = NULL WHERE pair_id IN (SELECT id FROM pairs "
	 "WHERE community_id = ?1 OR partner_id = ?1)",
	 "detached"},
	{"SELECT count(*) FROM pairs WHERE community_id = ?1 OR partner_id = ?1",
	 "pair", "DELETE FROM pairs WHERE community_id = ?1 OR partner_id = ?1",
	 "removed"},
	{"SELECT count(*) FROM members WHERE org_id = ?1 OR unit_id = ?1",
	 "member",
	 "UPDATE members SET "
	 "org_id = CASE WHEN org_id = ?1 THEN NULL ELSE org_id END, "
	 "unit_id = CASE WHEN unit_id = ?1 THEN NULL ELSE unit_id END "
	 "WHERE org_id = ?1 OR unit_id = ?1",
	 "detached"},
	{"SELECT count(*) FROM registrations WHERE community_id = ?1",
	 "registration", "DELETE FROM registrations WHERE community_id = ?1",
	 "removed"},
};
#define N_ORG_REFS (sizeof org_refs / sizeof org_refs[0])
static const char DELETE_ORG[] = "DELETE FROM orgs WHERE id = ?1";
/* The members whose registrations a --force removal takes. */
static const char MEMBERS_REGISTERED[] =
	"SELECT DISTINCT member_id FROM registrations WHERE community_id = ?1";
/* The events whose totals a --force removal changes: its own, those
 * it took part in or gave to, and those of its pairs (detached). */
static const char EVENTS_OF_ORG[] =
	"SELECT id FROM events WHERE org_id = ?1 UNION "
	"SELECT event_id FROM participants WHERE org_id = ?1 UNION "
	"SELECT event_id FROM contributions WHERE from_org_id = ?1 UNION "
	"SELECT id FROM events WHERE pair_id IN (SELECT id FROM pairs WHERE "
	"community_id = ?1 OR partner_id = ?1)";

static int bind_opt_int(pb_stmt *st, int i, const char *text)
{
	return text ? pb_bind_int(st, i, strtoll(text, NULL, 10))
		    : pb_bind_null(st, i);
}

static int org_id_by_code(pb_db *db, const char *code, int64_t *id, pb_err *e)
{
	pb_stmt *st;
	int rc;

	*id = 0;
	if ((rc = pb_db_prepare(db, ID_BY_CODE, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, code);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		*id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

static int check_rules(pb_db *db, const pb_rec *r, pb_err *e)
{
	static const char *const required[] = {"code", "name", "kind", NULL};
	pb_stmt *st;
	int rc;

	if ((rc = pb_rec_require(r, required, e)) != PB_OK)
		return rc;
	if (r->v[O_JOINED] && r->v[O_LEFT] &&
	    strcmp(r->v[O_LEFT], r->v[O_JOINED]) < 0)
		return pb_fail(e, PB_DATAERR, "left %s is before joined %s",
			       r->v[O_LEFT], r->v[O_JOINED]);
	if (!r->v[O_USCC])
		return PB_OK;
	if ((rc = pb_db_prepare(db, USCC_OWNER, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, r->v[O_USCC]);
	pb_bind_int(st, 2, r->id);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		rc = pb_fail(e, PB_DATAERR, "uscc %s is already used by '%s'",
			     r->v[O_USCC], pb_col_text(st, 0));
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

static int resolve_parent(pb_db *db, const char *ref, int64_t *id, pb_err *e)
{
	int rc;

	*id = 0;
	if (!ref)
		return PB_OK;
	rc = pb_org_resolve(db, ref, 0, id, e);
	if (rc != PB_OK && strncmp(e->msg, "unknown organization", 20) == 0)
		return pb_fail(e, PB_DATAERR, "unknown parent '%s'", ref);
	return rc;
}

/* Bind ?1..?12 from the record; ?4 is the resolved parent id. */
static void bind_org(pb_stmt *st, const pb_rec *r, int64_t parent)
{
	pb_bind_text(st, 1, r->v[O_CODE]);
	pb_bind_text(st, 2, r->v[O_NAME]);
	pb_bind_text(st, 3, r->v[O_KIND]);
	if (parent)
		pb_bind_int(st, 4, parent);
	else
		pb_bind_null(st, 4);
	pb_bind_text(st, 5, r->v[O_USCC]);
	bind_opt_int(st, 6, r->v[O_MEMBERS]);
	pb_bind_text(st, 7, r->v[O_ADDRESS]);
	pb_bind_text(st, 8, r->v[O_CONTACT]);
	pb_bind_text(st, 9, r->v[O_PHONE]);
	pb_bind_text(st, 10, r->v[O_JOINED]);
	pb_bind_text(st, 11, r->v[O_LEFT]);
	pb_bind_text(st, 12, r->v[O_NOTE]);
}

static int insert_row(pb_db *db, pb_rec *r, int64_t parent, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, INSERT_SQL, &st, e)) != PB_OK)
		return rc;
	bind_org(st, r, parent);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		r->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW ? PB_OK : rc;
}

int pb_org_insert(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t existing, parent;
	int rc;

	r->id = 0;
	if ((rc = check_rules(db, r, e)) != PB_OK)
		return rc;
	if ((rc = org_id_by_code(db, r->v[O_CODE], &existing, e)) != PB_OK)
		return rc;
	if (existing)
		return pb_fail(e, PB_DATAERR, "organization '%s' exists already",
			       r->v[O_CODE]);
	if ((rc = resolve_parent(db, r->v[O_PARENT], &parent, e)) != PB_OK)
		return rc;
	return insert_row(db, r, parent, e);
}

static int update_row(pb_db *db, const pb_rec *r, int with_parent,
		      int64_t parent, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, UPDATE_SQL, &st, e)) != PB_OK)
		return rc;
	bind_org(st, r, parent);
	pb_bind_int(st, 13, r->id);
	pb_bind_int(st, 14, with_parent);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

/* The parent id for org id from a reference (0 for none), refusing a
 * parent that is the org itself or under it (a walk up the parent's
 * ancestors, linear in its depth) unless the caller checks later. */
static int parent_for(pb_db *db, int64_t id, const char *parent_ref,
		      int cycles_later, int64_t *parent, pb_err *e)
{
	int64_t cycle;
	char code[80];
	int rc;

	if ((rc = resolve_parent(db, parent_ref, parent, e)) != PB_OK ||
	    !*parent || cycles_later)
		return rc;
	if ((rc = pb_query_int(db, CYCLE_SQL, id, *parent, &cycle, e)) != PB_OK)
		return rc;
	if (cycle) {
		pb_org_code(db, id, code, sizeof code, e);
		return pb_fail(e, PB_DATAERR,
			       "parent '%s' would make a cycle: it is '%s' or under it",
			       parent_ref, code);
	}
	return PB_OK;
}

int pb_org_set_parent(pb_db *db, int64_t id, const char *parent_ref,
		      int cycles_later, pb_err *e)
{
	int64_t parent;
	pb_stmt *st;
	int rc;

	if ((rc = parent_for(db, id, parent_ref, cycles_later, &parent, e)) !=
	    PB_OK)
		return rc;
	if ((rc = pb_db_prepare(db, SET_PARENT, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	if (parent)
		pb_bind_int(st, 2, parent);
	else
		pb_bind_null(st, 2);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_org_update(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t existing, parent;
	int rc;

	if ((rc = check_rules(db, r, e)) != PB_OK)
		return rc;
	if ((rc = org_id_by_code(db, r->v[O_CODE], &existing, e)) != PB_OK)
		return rc;
	if (existing && existing != r->id)
		return pb_fail(e, PB_DATAERR, "organization '%s' exists already",
			       r->v[O_CODE]);
	if ((rc = parent_for(db, r->id, r->v[O_PARENT], 0, &parent, e)) != PB_OK)
		return rc;
	return update_row(db, r, 1, parent, e);
}

int pb_org_upsert(pb_db *db, pb_rec *r, int defer_parent, int *created,
		  pb_err *e)
{
	int64_t existing, parent = 0;
	int parent_given = (r->given >> O_PARENT) & 1;
	pb_rec cur, before;
	int rc;

	*created = 0;
	if ((rc = org_id_by_code(db, r->v[O_CODE], &existing, e)) != PB_OK)
		return rc;
	if (!existing) {
		r->id = 0;
		if ((rc = check_rules(db, r, e)) != PB_OK)
			return rc;
		if (!defer_parent &&
		    (rc = resolve_parent(db, r->v[O_PARENT], &parent, e)) != PB_OK)
			return rc;
		*created = 1;
		return insert_row(db, r, parent, e);
	}
	pb_rec_canon_refs(db, r);
	/* An update keeps what the input does not mention. */
	pb_rec_init(&cur, pb_org_fields, pb_org_nfields);
	pb_rec_init(&before, pb_org_fields, pb_org_nfields);
	if ((rc = pb_org_get(db, existing, &before, e)) != PB_OK)
		goto out;
	before.given = ~0UL;
	if (pb_rec_merge(&cur, &before) != PB_OK || pb_rec_merge(&cur, r) != PB_OK) {
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
		goto out;
	}
	cur.id = existing;
	*created = pb_rec_same(&cur, &before) ? -1 : 0;
	if ((rc = check_rules(db, &cur, e)) != PB_OK || *created == -1)
		goto out;
	if ((rc = update_row(db, &cur, 0, 0, e)) != PB_OK)
		goto out;
	if (!defer_parent && parent_given)
		rc = pb_org_set_parent(db, existing, cur.v[O_PARENT], 0, e);
out:
	r->id = existing;
	pb_rec_free(&cur);
	pb_rec_free(&before);
	return rc;
}

int pb_org_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, GET_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	return pb_rec_one_row(st, r, "organization", id, e);
}

int pb_org_refs(pb_db *db, int64_t id, char *buf, size_t len, pb_err *e)
{
	int64_t n[N_ORG_REFS];
	int total = pb_refs_count(db, org_refs, N_ORG_REFS, id, n, e);

	if (total >= 0)
		pb_refs_describe(org_refs, N_ORG_REFS, n, 0, buf, len);
	return total;
}

int pb_org_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		  pb_err *e)
{
	char refs[512], code[80];
	int64_t n[N_ORG_REFS];
	int total, rc;

	said[0] = '\0';
	if ((rc = pb_org_code(db, id, code, sizeof code, e)) != PB_OK)
		return rc;
	if ((total = pb_refs_count(db, org_refs, N_ORG_REFS, id, n, e)) < 0)
		return e->code;
	if (total > 0 && !force) {
		pb_refs_describe(org_refs, N_ORG_REFS, n, 0, refs, sizeof refs);
		return pb_fail(e, PB_DATAERR,
			       "organization '%s' is referred to by %s (use --force "
			       "to remove it anyway)",
			       code, refs);
	}
	if (total > 0 &&
	    ((rc = pb_totals_touch_query(db, EVENTS_OF_ORG, id, e)) != PB_OK ||
	     (rc = pb_totals_touch_members(db, MEMBERS_REGISTERED, id, e)) !=
		     PB_OK))
		return rc;
	if ((rc = pb_refs_let_go(db, org_refs, N_ORG_REFS, id, n, e)) != PB_OK ||
	    (rc = pb_exec_id(db, DELETE_ORG, id, e)) != PB_OK)
		return rc;
	pb_refs_describe(org_refs, N_ORG_REFS, n, 1, refs, sizeof refs);
	snprintf(said, len, "removed organization '%s'%s%s", code,
		 total ? "; " : "", refs);
	return PB_OK;
}

int pb_org_list(pb_db *db, const pb_org_filter *f, pb_rec_fn fn, void *ctx,
		pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, LIST_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, f->kind);
	if (f->parent)
		pb_bind_int(st, 2, f->parent);
	pb_bind_int(st, 3, f->all);
	pb_bind_text(st, 4, f->today);
	pb_bind_int(st, 5, f->unpaired);
	pb_bind_text(st, 6, f->no_meetings_from);
	pb_bind_text(st, 7, f->no_meetings_to);
	return pb_rec_each_row(st, pb_org_fields, pb_org_nfields, fn, ctx, e);
}

/* The hierarchy is walked in memory, once per org and without recursion:
 * an area has thousands of orgs, but a file may chain them any number
 * deep, and a database changed outside pb may hold a parent cycle. */
typedef struct tnode {
	pb_rec r;
	int64_t parent_id, members, total;
	size_t parent;			  /* index + 1; 0: none or not loaded */
	size_t first_child, next_sibling; /* index + 1; 0: none */
	size_t from;			  /* the walk came from: index + 1 */
	size_t depth;
	int seen; /* a walk's mark; mark_cycles' colour */
	int cycle;
} tnode;

/* The orgs (every one, or the active ones) in code order, each linked
 * to its parent and its children; stack and order are buffers for walks. */
typedef struct forest {
	tnode *t;
	size_t n, *stack, *order;
} forest;

static const tnode *sort_nodes;

static int cmp_node_id(const void *a, const void *b)
{
	int64_t x = sort_nodes[*(const size_t *)a].r.id;
	int64_t y = sort_nodes[*(const size_t *)b].r.id;

	return x < y ? -1 : x > y;
}

static void free_forest(forest *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		pb_rec_free(&f->t[i].r);
	free(f->t);
	free(f->stack);
	free(f->order);
}

/* Link children in code order (rows come sorted by code), finding each
 * parent through an id-sorted index (in stack, free until a walk). */
static void link_forest(forest *f)
{
	tnode *t = f->t;
	size_t i, j, *byid = f->stack, *last_child = f->order;

	for (i = 0; i < f->n; i++) {
		byid[i] = i;
		last_child[i] = 0;
	}
	sort_nodes = t;
	qsort(byid, f->n, sizeof *byid, cmp_node_id);
	for (i = 0; i < f->n; i++) {
		size_t lo = 0, hi = f->n;

		if (!t[i].parent_id)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (t[byid[mid]].r.id < t[i].parent_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == f->n || t[byid[lo]].r.id != t[i].parent_id) {
			t[i].parent_id = 0; /* parent inactive: show at top */
			continue;
		}
		j = byid[lo];
		t[i].parent = j + 1;
		if (last_child[j])
			t[last_child[j] - 1].next_sibling = i + 1;
		else
			t[j].first_child = i + 1;
		last_child[j] = i + 1;
	}
}

static int load_forest(pb_db *db, int all, const char *today, forest *f,
		       pb_err *e)
{
	size_t cap = 0;
	tnode *grown;
	pb_stmt *st;
	int rc;

	static const char sql[] =
		"SELECT " ORG_VALUES ", o.parent_id " ORG_FROM
		"WHERE ?1 = 1 OR o.left_on IS NULL OR o.left_on > ?2 ORDER BY o.code";
	memset(f, 0, sizeof *f);
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, all);
	pb_bind_text(st, 2, today);
	while ((rc = pb_step(st, e)) == PB_ROW) {
		if (f->n == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(f->t, cap * sizeof *f->t);
			if (!grown) {
				rc = pb_fail(e, PB_SOFTWARE, "out of memory");
				break;
			}
			f->t = grown;
		}
		memset(&f->t[f->n], 0, sizeof f->t[f->n]);
		pb_rec_init(&f->t[f->n].r, pb_org_fields, pb_org_nfields);
		f->t[f->n].parent_id = pb_col_null(st, O_NFIELDS)
					       ? 0
					       : pb_col_int(st, O_NFIELDS);
		f->t[f->n].members = pb_col_int(st, O_MEMBERS);
		f->n++; /* counted first, so its record is freed with the rest */
		if ((rc = pb_rec_from_row(st, &f->t[f->n - 1].r, e)) != PB_OK)
			break;
	}
	pb_stmt_done(st);
	if (rc != PB_DONE)
		return rc;
	f->stack = malloc((f->n + 1) * sizeof *f->stack);
	f->order = malloc((f->n + 1) * sizeof *f->order);
	if (!f->stack || !f->order)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	link_forest(f);
	return PB_OK;
}

/* Depth first from root, children in code order, into f->order (returns
 * how many): each node with its depth and the node it was reached from.
 * A node is pushed once, when first met, so the stack holds at most n;
 * one already seen (its parent chain is a cycle) is not walked again. */
static size_t walk(forest *f, size_t root, size_t k)
{
	tnode *t = f->t;
	size_t top = 0, i, c, p;

	t[root].from = 0;
	t[root].depth = 0;
	t[root].seen = 1;
	f->stack[top++] = root;
	while (top) {
		i = f->stack[--top];
		t[i].total = t[i].members;
		f->order[k++] = i;
		/* Pushed last first, so they come off in code order. */
		for (c = t[i].first_child; c; c = t[c - 1].next_sibling)
			top += !t[c - 1].seen;
		p = top;
		for (c = t[i].first_child; c; c = t[c - 1].next_sibling) {
			if (t[c - 1].seen)
				continue;
			t[c - 1].seen = 1;
			t[c - 1].from = i + 1;
			t[c - 1].depth = t[i].depth + 1;
			f->stack[--p] = c - 1;
		}
	}
	return k;
}

static int emit_node(const tnode *n, pb_rec_fn fn, void *ctx, pb_err *e)
{
	char d[24], m[24], tot[24];
	pb_rec row;
	int rc;

	pb_rec_init(&row, pb_tree_fields, pb_tree_nfields);
	snprintf(d, sizeof d, "%zu", n->depth);
	snprintf(tot, sizeof tot, "%lld", (long long)n->total);
	if (n->r.v[O_MEMBERS])
		snprintf(m, sizeof m, "%s", n->r.v[O_MEMBERS]);
	pb_rec_put(&row, T_DEPTH, d);
	pb_rec_put(&row, T_CODE, n->r.v[O_CODE]);
	pb_rec_put(&row, T_NAME, n->r.v[O_NAME]);
	pb_rec_put(&row, T_KIND, n->r.v[O_KIND]);
	pb_rec_put(&row, T_MEMBERS, n->r.v[O_MEMBERS] ? m : NULL);
	pb_rec_put(&row, T_TOTAL, tot);
	row.id = n->r.id;
	rc = pb_rec_call(fn, ctx, &row, e);
	pb_rec_free(&row);
	return rc;
}

int pb_org_tree(pb_db *db, int64_t root, int all, const char *today,
		pb_rec_fn fn, void *ctx, pb_err *e)
{
	forest f;
	tnode *t;
	size_t i, j, k;
	int rc;

	if ((rc = load_forest(db, all, today, &f, e)) != PB_OK)
		goto out;
	t = f.t;
	/* Every total first, so an overflow prints no part of the tree:
	 * the walks from each top go one after another into f.order, each
	 * node once, and sums go from the leaves up (reverse order). */
	for (i = 0, k = 0; i < f.n && !rc; i++) {
		size_t from = k;

		if ((root && t[i].r.id != root) || (!root && t[i].parent_id))
			continue;
		k = walk(&f, i, k);
		for (j = k; j-- > from + 1 && !rc;)
			rc = pb_sum_add(&t[t[f.order[j]].from - 1].total,
					t[f.order[j]].total, "members", e);
	}
	for (j = 0; j < k && !rc; j++)
		rc = emit_node(&t[f.order[j]], fn, ctx, e);
out:
	free_forest(&f);
	return rc;
}

/* Mark the orgs on parent cycles: follow the parents from each org not
 * yet done, colouring the path (1); meeting the path again closes a
 * cycle; then the path is done (2). Each org is coloured once, so this is
 * linear in the number of orgs whatever the depth. */
static void mark_cycles(tnode *t, size_t n)
{
	size_t i, j, k;
	int closed;

	for (i = 0; i < n; i++) {
		for (j = i, closed = 0;; j = t[j].parent - 1) {
			if (t[j].seen) {
				closed = t[j].seen == 1;
				break;
			}
			t[j].seen = 1;
			if (!t[j].parent)
				break;
		}
		for (k = j; closed && !t[k].cycle; k = t[k].parent - 1)
			t[k].cycle = 1;
		for (k = i; t[k].seen == 1; k = t[k].parent - 1) {
			t[k].seen = 2;
			if (!t[k].parent)
				break;
		}
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int pb_org_cycles(pb_db *db, pb_org_cycle_fn fn, void *ctx, pb_err *e)
{
	forest f;
	int64_t *ids = NULL;
	const char **codes = NULL;
	size_t i, j, k, m;
	int rc;

	if ((rc = load_forest(db, 1, NULL, &f, e)) != PB_OK)
		goto out;
	ids = malloc((f.n + 1) * sizeof *ids);
	codes = malloc((f.n + 1) * sizeof *codes);
	if (!ids || !codes) {
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
		goto out;
	}
	mark_cycles(f.t, f.n);
	/* Each cycle once, from its first org in code order. */
	for (i = 0; i < f.n && !rc; i++) {
		if (f.t[i].cycle != 1)
			continue;
		for (k = 0, j = i; f.t[j].cycle == 1; j = f.t[j].parent - 1) {
			f.t[j].cycle = 2;
			f.stack[k++] = j;
		}
		qsort(f.stack, k, sizeof *f.stack, cmp_size);
		for (m = 0; m < k; m++) {
			ids[m] = f.t[f.stack[m]].r.id;
			codes[m] = f.t[f.stack[m]].r.v[O_CODE];
		}
		rc = fn(ctx, k, ids, codes);
	}
out:
	free(ids);
	free(codes);
	free_forest(&f);
	return rc;
}

/* ---- office-holders -------------------------------------------------- */

#define ROLE_COLUMNS                                                     \
	"r.id, o.code, o.name, r.title, r.person, f.code, f.name, r.since, "  \
	"r.until, r.note " \
	"FROM roles r JOIN orgs o ON o.id = r.org_id "                      \
	"LEFT JOIN orgs f ON f.id = r.from_org_id "

static const char ROLE_INSERT[] =
	"INSERT INTO roles (org_id, title, person, from_org_id, since, until, "
	"note, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " PB_NEXT_ID("roles")
	") RETURNING id";
/* Nothing keeps such roles unique: the first is the one, on any engine. */
static const char ROLE_FIND[] =
	"SELECT id FROM roles WHERE org_id = ?1 AND title = ?2 AND person = ?3 "
	"AND COALESCE(since, '') = COALESCE(?4, '') ORDER BY id LIMIT 1";
/* An import updates only what the file gives (?5..?7 say which); the
 * row comes back only when something changed. PostgreSQL types ?2 where
 * it first reads it, in WHERE (before SET): cast, not the 32-bit integer
 * of the 0 beside it. */
static const char ROLE_UPDATE[] =
	"UPDATE roles SET "
	"from_org_id = CASE WHEN ?5 = 1 THEN ?2 ELSE from_org_id END, "
	"until = CASE WHEN ?6 = 1 THEN ?3 ELSE until END, "
	"note = CASE WHEN ?7 = 1 THEN ?4 ELSE note END "
	"WHERE id = ?1 AND ("
	"(?5 = 1 AND COALESCE(from_org_id, 0) <> "
	"COALESCE(CAST(?2 AS BIGINT), 0)) OR "
	"(?6 = 1 AND COALESCE(until, '') <> COALESCE(?3, '')) OR "
	"(?7 = 1 AND COALESCE(note, '') <> COALESCE(?4, ''))) RETURNING id";
static const char ROLE_GET_SINCE[] = "SELECT since FROM roles WHERE id = ?1";
static const char ROLE_END[] = "UPDATE roles SET until = ?2 WHERE id = ?1";
static const char ROLE_LIST[] =
	"SELECT " ROLE_COLUMNS
	"WHERE (CAST(?1 AS BIGINT) IS NULL OR r.org_id = ?1) AND "
	"(?2 = 1 OR r.until IS NULL OR r.until >= ?3) ORDER BY r.id";

static int role_refs(pb_db *db, const pb_rec *r, int64_t *org, int64_t *from,
		     pb_err *e)
{
	static const char *const required[] = {"org", "title", "name", NULL};
	int rc;

	*from = 0;
	if ((rc = pb_rec_require(r, required, e)) != PB_OK)
		return rc;
	if (r->v[R_SINCE] && r->v[R_UNTIL] &&
	    strcmp(r->v[R_UNTIL], r->v[R_SINCE]) < 0)
		return pb_fail(e, PB_DATAERR, "until %s is before since %s",
			       r->v[R_UNTIL], r->v[R_SINCE]);
	if ((rc = pb_org_resolve(db, r->v[R_ORG], 0, org, e)) != PB_OK)
		return rc;
	if (r->v[R_FROM])
		rc = pb_org_resolve(db, r->v[R_FROM], 0, from, e);
	return rc;
}

static void bind_role_tail(pb_stmt *st, int first, int64_t from,
			   const char *until, const char *note)
{
	if (from)
		pb_bind_int(st, first, from);
	else
		pb_bind_null(st, first);
	pb_bind_text(st, first + 1, until);
	pb_bind_text(st, first + 2, note);
}

int pb_role_insert(pb_db *db, pb_rec *r, pb_err *e)
{
	int64_t org, from;
	pb_stmt *st;
	int rc;

	if ((rc = role_refs(db, r, &org, &from, e)) != PB_OK)
		return rc;
	if ((rc = pb_db_prepare(db, ROLE_INSERT, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, org);
	pb_bind_text(st, 2, r->v[R_TITLE]);
	pb_bind_text(st, 3, r->v[R_NAME]);
	if (from)
		pb_bind_int(st, 4, from);
	pb_bind_text(st, 5, r->v[R_SINCE]);
	pb_bind_text(st, 6, r->v[R_UNTIL]);
	pb_bind_text(st, 7, r->v[R_NOTE]);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		r->id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW ? PB_OK : rc;
}

int pb_role_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e)
{
	int64_t org, from;
	pb_stmt *st;
	int rc;

	*created = 0;
	if ((rc = role_refs(db, r, &org, &from, e)) != PB_OK)
		return rc;
	if ((rc = pb_db_prepare(db, ROLE_FIND, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, org);
	pb_bind_text(st, 2, r->v[R_TITLE]);
	pb_bind_text(st, 3, r->v[R_NAME]);
	pb_bind_text(st, 4, r->v[R_SINCE]);
	rc = pb_step(st, e);
	r->id = rc == PB_ROW ? pb_col_int(st, 0) : 0;
	pb_stmt_done(st);
	if (rc != PB_ROW && rc != PB_DONE)
		return rc;
	if (!r->id) {
		*created = 1;
		return pb_role_insert(db, r, e);
	}
	if ((rc = pb_db_prepare(db, ROLE_UPDATE, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, r->id);
	bind_role_tail(st, 2, from, r->v[R_UNTIL], r->v[R_NOTE]);
	pb_bind_int(st, 5, (r->given >> R_FROM) & 1);
	pb_bind_int(st, 6, (r->given >> R_UNTIL) & 1);
	pb_bind_int(st, 7, (r->given >> R_NOTE) & 1);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	if (rc == PB_DONE)
		*created = -1;
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

int pb_role_end(pb_db *db, int64_t id, const char *until, pb_err *e)
{
	pb_stmt *st;
	char since[16] = "";
	int rc;

	if ((rc = pb_db_prepare(db, ROLE_GET_SINCE, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	if (rc == PB_ROW && pb_col_text(st, 0))
		snprintf(since, sizeof since, "%s", pb_col_text(st, 0));
	pb_stmt_done(st);
	if (rc == PB_DONE)
		return pb_fail(e, PB_NOTFOUND, "no role with id %lld", (long long)id);
	if (rc != PB_ROW)
		return rc;
	if (since[0] && strcmp(until, since) < 0)
		return pb_fail(e, PB_DATAERR, "until %s is before since %s", until,
			       since);
	if ((rc = pb_db_prepare(db, ROLE_END, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	pb_bind_text(st, 2, until);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_role_list(pb_db *db, int64_t org, int all, const char *today,
		 pb_rec_fn fn, void *ctx, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, ROLE_LIST, &st, e)) != PB_OK)
		return rc;
	if (org)
		pb_bind_int(st, 1, org);
	pb_bind_int(st, 2, all);
	pb_bind_text(st, 3, today);
	return pb_rec_each_row(st, pb_role_fields, pb_role_nfields, fn, ctx, e);
}
