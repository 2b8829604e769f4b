/* The summary report: a period's figures over the events of the orgs in
 * scope (an org and every org under it, or all of them), each one
 * aggregate query: over the monthly totals of the period's months when
 * it is made of whole months, else over the raw rows (the figures are
 * the same); the figures that are no events' sums (pairs, members,
 * opinions) for the period and the previous one at once. Dates and the
 * scope are bound from C, so the SQL is the same on any engine and any
 * street's database. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"
#include "totals.h"

/* The raw rows, for a period that is not whole months (pb_rq_sql): the
 * scope (report_sql.h) and the events of the period in it. */
#define SCOPE                                                                 \
	PB_SCOPE_CTE ", ev AS (SELECT e.id, e.kind, e.households, e.persons, e.jobs FROM events e WHERE e.date >= ?1 "   \
	"AND e.date <= ?2 AND (?3 IS NULL OR e.org_id IN (SELECT id FROM "      \
	"scope))) "

static const char EVENTS_BY_KIND[] =
	SCOPE "SELECT kind, count(*) FROM ev GROUP BY kind ORDER BY kind";
#define EVENTS_BY_KIND_Q(IN)                                                  \
	"SELECT t.kind, sum(t.events) FROM totals_events t WHERE " IN("t")     \
	" GROUP BY t.kind ORDER BY t.kind"
static const char *const EVENTS_BY_KIND_T[2] = PB_TOTALS_SQL(EVENTS_BY_KIND_Q);
/* 人数 counts distinct members; 人次 counts each member's attendance and
 * each org row's head-count; hours are per person. An awardee row
 * (commended at the event) is not attendance: it counts in none. */
static const char PARTICIPATION[] =
	SCOPE
	"SELECT count(DISTINCT p.org_id), count(DISTINCT p.member_id), "
	"count(p.member_id) + COALESCE(sum(p.people) FILTER (WHERE p.org_id IS "
	"NOT NULL), 0), COALESCE(sum(p.hours_milli * p.people), 0) "
	"FROM participants p JOIN ev ON ev.id = p.event_id "
	"WHERE p.role <> 'awardee'";
#define PARTICIPATION_Q(IN)                                                   \
	"SELECT COALESCE(sum(t.person_times), 0), COALESCE(sum(t.hours_milli), " \
	"0) FROM totals_events t WHERE " IN("t")
static const char *const PARTICIPATION_T[2] = PB_TOTALS_SQL(PARTICIPATION_Q);
/* The distinct counts: of a month or a year without --org, the row of
 * totals_reach that counts its lists; else, counted in C (distinct_ids),
 * the ids the lists of totals_takers name: every org's (0) months', or
 * with --org those of the scope's orgs.  Every org's lists of a year
 * (month YYYY) sort among the months: MONTHS_ONLY leaves them. */
#define REACH_Q(len)                                                          \
	PB_PARAMS_CTE "SELECT r.members, r.orgs FROM totals_reach r WHERE "    \
	"r.org_id = 0 AND r.month = substr(?1, 1, " len ")"
static const char REACH_MONTH[] = REACH_Q("7"), REACH_YEAR[] = REACH_Q("4");
#define MONTHS_ONLY(t) " AND length(" t ".month) = 7"
#define TAKERS_Q(col)                                                         \
	{PB_PARAMS_CTE "SELECT t." col " FROM totals_takers t WHERE "          \
	 PB_TOTALS_IN_ALL("t") MONTHS_ONLY("t"),                               \
	 PB_SCOPE_CTE "SELECT t." col " FROM totals_takers t WHERE "           \
	 PB_TOTALS_IN_SCOPE("t")}
static const char *const ORG_IDS[2] = TAKERS_Q("orgs");
static const char *const MEMBER_IDS[2] = TAKERS_Q("members");
static const char CONTRIBUTIONS[] =
	SCOPE
	"SELECT count(*), COALESCE(sum(c.value_fen) FILTER (WHERE c.type = "
	"'cash'), 0), COALESCE(sum(c.value_fen) FILTER (WHERE c.type <> 'cash'), "
	"0) FROM contributions c JOIN ev ON ev.id = c.event_id";
#define CONTRIBUTIONS_Q(IN)                                                   \
	"SELECT COALESCE(sum(t.contributions), 0), COALESCE(sum(t.cash_fen), "  \
	"0), COALESCE(sum(t.in_kind_fen), 0) FROM totals_events t WHERE " IN("t")
static const char *const CONTRIBUTIONS_T[2] = PB_TOTALS_SQL(CONTRIBUTIONS_Q);
/* Quantities are summed per (item, unit), never across units. */
static const char GOODS[] =
	SCOPE
	"SELECT c.item, c.unit, sum(c.quantity_milli) FROM contributions c "
	"JOIN ev ON ev.id = c.event_id WHERE c.type = 'goods' AND "
	"c.quantity_milli IS NOT NULL GROUP BY c.item, c.unit "
	"ORDER BY c.item NULLS FIRST, c.unit";
/* No item is '' there, and sorts first as NULL does. */
#define GOODS_Q(IN)                                                           \
	"SELECT NULLIF(t.item, ''), t.unit, sum(t.quantity_milli) FROM "       \
	"totals_goods t WHERE " IN("t") " GROUP BY t.item, t.unit "           \
	"ORDER BY t.item, t.unit"
static const char *const GOODS_T[2] = PB_TOTALS_SQL(GOODS_Q);
static const char BENEFICIARIES[] =
	SCOPE
	"SELECT COALESCE(sum(households), 0), COALESCE(sum(persons), 0), "
	"COALESCE(sum(jobs), 0) FROM ev";
#define BENEFICIARIES_Q(IN)                                                   \
	"SELECT COALESCE(sum(t.households), 0), COALESCE(sum(t.persons), 0), " \
	"COALESCE(sum(t.jobs), 0) FROM totals_events t WHERE " IN("t")
static const char *const BENEFICIARIES_T[2] = PB_TOTALS_SQL(BENEFICIARIES_Q);

/* The figures that are no events' sums, as of a day or of the period,
 * for the period (?1 ?2, as of ?4, window ?5) and the previous one (?6
 * ?7, ?8, ?9) in one pass (pb_rq_previous): [0] without --org (no scope
 * to walk), [1] in ?3's scope. */
#define BOTH(COLS) COLS("?1", "?2", "?4", "?5") ", " COLS("?6", "?7", "?8", "?9")

/* Active and dormant as of the as-of day (dormant: no event in the
 * window up to it, as the pairs report flags it); new and ended in the
 * period.  With the totals (PAIRS_T), a pair with events in a month
 * wholly inside the window (read once, on the index totals_pairs_seen)
 * is no dormant one, and the events are probed only for the others;
 * the figures are the same. */
#define PAIRS_COLS(SEEN, f, t, a, w)                                           \
	"count(*) FILTER (WHERE p.since <= " a " AND (p.until IS NULL OR "      \
	"p.until > " a ")), count(*) FILTER (WHERE p.since >= " f " AND "       \
	"p.since <= " t "), count(*) FILTER (WHERE p.until >= " f " AND "      \
	"p.until <= " t "), count(*) FILTER (WHERE p.since <= " a " AND "      \
	"(p.until IS NULL OR p.until > " a ")" SEEN(a, w) " AND NOT EXISTS "   \
	"(SELECT 1 FROM events e WHERE e.pair_id = p.id AND e.date >= " w     \
	" AND e.date <= " a "))"
#define SEEN_RAW(a, w) ""
#define SEEN_IN_TOTALS(a, w)                                                   \
	" AND p.id NOT IN (SELECT t.pair_id FROM totals_pairs t WHERE "         \
	"t.org_id = 0 AND t.events > 0 AND t.month > substr(" w ", 1, 7) AND "  \
	"t.month < substr(" a ", 1, 7))"
#define PAIRS_RAW_COLS(f, t, a, w) PAIRS_COLS(SEEN_RAW, f, t, a, w)
#define PAIRS_T_COLS(f, t, a, w) PAIRS_COLS(SEEN_IN_TOTALS, f, t, a, w)
#define PAIRS_SQL(COLS)                                                        \
	{PB_PARAMS_CTE PB_BOTH_CTE "SELECT " BOTH(COLS) " FROM pairs p",        \
	 PB_SCOPE_CTE PB_BOTH_CTE "SELECT " BOTH(COLS) " FROM pairs p WHERE "   \
	 "p.community_id IN (SELECT id FROM scope) OR p.partner_id IN (SELECT " \
	 "id FROM scope)"}
static const char *const PAIRS[2] = PAIRS_SQL(PAIRS_RAW_COLS);
static const char *const PAIRS_T[2] = PAIRS_SQL(PAIRS_T_COLS);
/* Members on the roll on each as-of day by category, and of them those
 * registered with a community that day (PB_MEMBERS_M's rules), with
 * the registrations (with a community in scope) begun in each period:
 * MEMBERS gives category, on the roll and registered on ?4, the same on
 * ?8; REGISTRATIONS begun in each period, and registered on ?4 and ?8
 * where MEMBERS leaves them 0.  Without --org the roll is the members
 * alone (one scan of members_roll) and the registered are counted from
 * the registrations in force, one a member at most: a lookup per
 * registration, not two per member.  In a scope a member's registration
 * that day decides whether the member is in it: r4 and r8, joined. */
#define ON_ROLL(a)                                                             \
	"(members.left_on IS NULL OR members.left_on > " a ") AND "            \
	"(members.joined_on IS NULL OR members.joined_on <= " a ")"
#define IN_FORCE(a) "r.since <= " a " AND (r.until IS NULL OR r.until > " a ")"
#define REG_ON(r, a)                                                           \
	", " r " AS (SELECT member_id, community_id FROM registrations r "      \
	"WHERE " IN_FORCE(a) ")"
#define IN_SCOPE(r)                                                            \
	"(members.org_id IN (SELECT id FROM scope) OR members.unit_id IN "      \
	"(SELECT id FROM scope) OR " r ".community_id IN (SELECT id FROM scope))"
#define SCOPED_COLS(r, a)                                                      \
	"count(*) FILTER (WHERE " ON_ROLL(a) " AND " IN_SCOPE(r) "), count(" r \
	".community_id) FILTER (WHERE " ON_ROLL(a) " AND " IN_SCOPE(r) ")"
static const char *const MEMBERS[2] = {
	PB_PARAMS_CTE PB_BOTH_CTE "SELECT category, count(*) FILTER (WHERE "
	ON_ROLL("?4") "), 0, count(*) FILTER (WHERE " ON_ROLL("?8") "), 0 "
	"FROM members GROUP BY category",
	PB_SCOPE_CTE PB_BOTH_CTE REG_ON("r4", "?4") REG_ON("r8", "?8")
	"SELECT members.category, " SCOPED_COLS("r4", "?4") ", "
	SCOPED_COLS("r8", "?8") " FROM members LEFT JOIN r4 ON r4.member_id = "
	"members.id LEFT JOIN r8 ON r8.member_id = members.id GROUP BY "
	"members.category"};
/* Without --org, from totals_roll (schema step 11): its rows up to each
 * as-of day (the years before the day's year, the months of it before
 * the day's month, the days of that month up to the day), in MEMBERS's
 * columns, and the registrations begun in each period by the index on
 * since. */
#define ROLL_UPTO(a)                                                           \
	"grain = 'y' AND day < substr(" a ", 1, 4) OR grain = 'm' AND day >= " \
	"substr(" a ", 1, 4) AND day < substr(" a ", 1, 7) OR grain = 'd' AND " \
	"day >= substr(" a ", 1, 7) AND day <= " a
#define ROLL_COL(w, a)                                                         \
	"COALESCE(sum(n) FILTER (WHERE what = '" w "' AND (" ROLL_UPTO(a)       \
	")), 0)"
#define BEGUN                                                                  \
	"SELECT count(*) FILTER (WHERE r.since >= ?1 AND r.since <= ?2), "      \
	"count(*) FILTER (WHERE r.since >= ?6 AND r.since <= ?7), "
static const char *const REGISTRATIONS[2] = {
	PB_PARAMS_CTE PB_BOTH_CTE BEGUN "count(*) FILTER (WHERE " IN_FORCE("?4")
	" AND " ON_ROLL("?4") "), count(*) FILTER (WHERE " IN_FORCE("?8") " AND "
	ON_ROLL("?8") ") FROM registrations r JOIN members ON members.id = "
	"r.member_id WHERE " IN_FORCE("?4") " OR " IN_FORCE("?8") " OR "
	"r.since >= ?1 AND r.since <= ?2 OR r.since >= ?6 AND r.since <= ?7",
	PB_SCOPE_CTE PB_BOTH_CTE BEGUN "0, 0 FROM registrations r WHERE "
	"(r.since >= ?1 AND r.since <= ?2 OR r.since >= ?6 AND r.since <= ?7) "
	"AND r.community_id IN (SELECT id FROM scope)"};
static const char MEMBERS_T[] =
	PB_PARAMS_CTE PB_BOTH_CTE "SELECT category, " ROLL_COL("roll", "?4")
	", " ROLL_COL("registered", "?4") ", " ROLL_COL("roll", "?8") ", "
	ROLL_COL("registered", "?8") " FROM totals_roll WHERE " ROLL_UPTO("?4")
	" OR " ROLL_UPTO("?8") " GROUP BY category";
static const char REGISTRATIONS_T[] =
	PB_PARAMS_CTE PB_BOTH_CTE BEGUN "0, 0 FROM registrations r WHERE "
	"r.since >= ?1 AND r.since <= ?2 OR r.since >= ?6 AND r.since <= ?7";

/* The members' SQL: from totals_roll without --org, whatever the
 * period (a day's count is no sum over months). */
static const char *roll_sql(const pb_rq *x, const char *const raw[2],
			    const char *totals)
{
	return x->org || pb_totals_off() ? pb_rq_scoped(x, raw) : totals;
}
/* Received in the period; answered and overdue as of the as-of day,
 * overdue as `pb-report overdue` has it on that day (received by then,
 * unanswered then, due before it); answered on time by the due date. */
#define OPINIONS_COLS(f, t, a, w)                                              \
	"count(*) FILTER (WHERE received >= " f " AND received <= " t "), "     \
	"count(*) FILTER (WHERE received >= " f " AND received <= " t " AND "  \
	"answered <= " a "), count(*) FILTER (WHERE received >= " f " AND "    \
	"received <= " t " AND answered <= due), count(*) FILTER (WHERE "      \
	"received >= " f " AND received <= " t " AND (answered IS NULL OR "    \
	"answered > " a ") AND due < " a " AND received <= " a ")"
#define OPINIONS_Q                                                             \
	"SELECT " BOTH(OPINIONS_COLS) " FROM opinions WHERE (received >= ?1 "  \
	"AND received <= ?2 OR received >= ?6 AND received <= ?7)"
static const char *const OPINIONS[2] = {
	PB_PARAMS_CTE PB_BOTH_CTE OPINIONS_Q,
	PB_SCOPE_CTE PB_BOTH_CTE OPINIONS_Q " AND from_org_id IN (SELECT id "
	"FROM scope)"};

/* The units (not districts, streets or communities) that took part:
 * a district counts one seen by several streets once. */
static const char UNITS_SEEN[] =
	SCOPE
	"SELECT DISTINCT o.uscc, o.name FROM participants p JOIN ev ON ev.id = "
	"p.event_id JOIN orgs o ON o.id = p.org_id WHERE o.kind NOT IN "
	"('district', 'street', 'community') AND p.role <> 'awardee' "
	"ORDER BY o.uscc, o.name";
/* From the totals: the units among the orgs that the lists of the
 * months (ORG_IDS) name, in C. */
static const char UNITS[] =
	PB_PARAMS_CTE "SELECT o.id, o.uscc, o.name FROM orgs o WHERE o.kind "
	"NOT IN ('district', 'street', 'community') ORDER BY o.uscc, o.name";

pb_date pb_report_as_of(const pb_report_opts *o, const pb_period *p)
{
	pb_date today;
	pb_err e;

	if (o->today && pb_date_parse(o->today, &today, &e) == PB_OK &&
	    pb_date_cmp(today, p->to) < 0)
		return today;
	return p->to;
}

/* A set of ids: those below BITMAP_MAX_ID in a bitmap (8 MiB at most;
 * pb gives ids in sequence), a larger one, which is rare, in a list
 * counted once each at the end. */
#define BITMAP_MAX_ID ((int64_t)1 << 26)

typedef struct idset {
	uint8_t *bits;
	size_t cap;
	int64_t n; /* in the bitmap */
	int64_t *big;
	size_t nbig, capbig;
	int oom; /* an id not kept: out of memory */
} idset;

static int idset_add(void *ctx, int64_t id)
{
	idset *s = ctx;
	size_t byte, c;

	if (id < 0 || id >= BITMAP_MAX_ID) {
		if (s->nbig == s->capbig) {
			int64_t *grown;

			c = s->capbig ? s->capbig * 2 : 64;
			if (!(grown = realloc(s->big, c * sizeof *grown)))
				return s->oom = -1;
			s->big = grown;
			s->capbig = c;
		}
		s->big[s->nbig++] = id;
		return 0;
	}
	byte = (size_t)id >> 3;
	if (byte >= s->cap) {
		uint8_t *grown;

		for (c = s->cap ? s->cap : 4096; c <= byte; c *= 2)
			;
		if (!(grown = realloc(s->bits, c)))
			return s->oom = -1;
		memset(grown + s->cap, 0, c - s->cap);
		s->bits = grown;
		s->cap = c;
	}
	if (!(s->bits[byte] & (1u << (id & 7)))) {
		s->bits[byte] |= (uint8_t)(1u << (id & 7));
		s->n++;
	}
	return 0;
}

static int id_cmp(const void *pa, const void *pb)
{
	int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;

	return a < b ? -1 : a > b;
}

/* How many ids s holds; its larger ones sorted. */
static int64_t idset_count(idset *s)
{
	int64_t n = s->n;
	size_t i;

	if (s->nbig)
		qsort(s->big, s->nbig, sizeof *s->big, id_cmp);
	for (i = 0; i < s->nbig; i++)
		n += !i || s->big[i] != s->big[i - 1];
	return n;
}

/* Whether s holds id, after idset_count. */
static int idset_has(const idset *s, int64_t id)
{
	if (id < 0 || id >= BITMAP_MAX_ID)
		return s->nbig &&
		       bsearch(&id, s->big, s->nbig, sizeof *s->big, id_cmp);
	return (size_t)id >> 3 < s->cap &&
	       (s->bits[(size_t)id >> 3] & (1u << (id & 7)));
}

static void idset_free(idset *s)
{
	free(s->bits);
	free(s->big);
}

/* The ids the lists of totals_takers that sql gives name, into s. */
static void ids_of(pb_rq *x, const char *sql, idset *s)
{
	pb_stmt *st = pb_rq_run(x, sql);

	while (pb_rq_row(x, st)) {
		if (pb_totals_list_each(pb_col_text(st, 0), idset_add, s)) {
			pb_rq_finish(st);
			x->rc = s->oom ? pb_fail(x->e, PB_SOFTWARE, "out of memory")
				       : pb_fail(x->e, PB_DATAERR,
						 "the monthly totals "
						 "(totals_takers) hold what pb "
						 "does not write: run 'pb-db "
						 "check', then 'pb-db rebuild'");
			return;
		}
	}
}

/* How many ids the lists of sql name (ids_of), each once. */
static int64_t distinct_ids(pb_rq *x, const char *sql)
{
	idset s = {NULL, 0, 0, NULL, 0, 0, 0};
	int64_t n;

	ids_of(x, sql, &s);
	n = idset_count(&s);
	idset_free(&s);
	return n;
}

/* The distinct counts of p when totals_reach holds them: p a month or
 * a year, and no --org (an org's counts are no sum of its children's).
 * No row: nobody took part. */
static int reach(pb_rq *x, const pb_period *p, int64_t *members,
		 int64_t *orgs)
{
	const char *sql = NULL;
	pb_stmt *st;

	if (x->org || p->from.y != p->to.y)
		return 0;
	if (p->from.m == p->to.m)
		sql = REACH_MONTH;
	else if (p->from.m == 1 && p->to.m == 12)
		sql = REACH_YEAR;
	else
		return 0;
	*members = *orgs = 0;
	if (pb_rq_row(x, st = pb_rq_run(x, sql))) {
		*members = pb_col_int(st, 0);
		*orgs = pb_col_int(st, 1);
		pb_rq_finish(st);
	}
	return 1;
}

/* The figures of a period that are no events' sums (PAIRS, MEMBERS,
 * REGISTRATIONS, OPINIONS), read for both periods at once. */
typedef struct standing {
	int64_t pairs[4];    /* active, new, ended, dormant */
	int64_t members[3];  /* total, registered, new_registrations */
	int64_t *by_category; /* pb_member_categories' keys */
	int64_t opinions[4]; /* received, answered, on time, overdue */
} standing;

/* f[0] of x's period, f[1] of the previous one (pb_rq_previous). */
static void standing_figures(pb_rq *x, standing f[2])
{
	const pb_domain *d = &pb_member_categories;
	const char *const *pairs = pb_totals_off() ? PAIRS : PAIRS_T;
	pb_stmt *st;
	size_t i;
	int k;

	if (pb_rq_row(x, st = pb_rq_run(x, pb_rq_scoped(x, pairs)))) {
		for (k = 0; k < 2; k++)
			for (i = 0; i < 4; i++)
				f[k].pairs[i] = pb_col_int(st, 4 * k + (int)i);
		pb_rq_finish(st);
	}
	/* A row per category: the totals are their sums. */
	st = pb_rq_run(x, roll_sql(x, MEMBERS, MEMBERS_T));
	while (pb_rq_row(x, st))
		for (k = 0; k < 2; k++) {
			int64_t n = pb_col_int(st, 1 + 2 * k);

			pb_rq_add(x, &f[k].members[0], n, "members");
			pb_rq_add(x, &f[k].members[1], pb_col_int(st, 2 + 2 * k),
				  "members");
			for (i = 0; i < d->n; i++)
				if (strcmp(d->labels[i].key, pb_col_text(st, 0)) == 0)
					f[k].by_category[i] = n;
		}
	if (pb_rq_row(x, st = pb_rq_run(x, roll_sql(x, REGISTRATIONS,
						     REGISTRATIONS_T)))) {
		for (k = 0; k < 2; k++) {
			f[k].members[2] = pb_col_int(st, k);
			pb_rq_add(x, &f[k].members[1], pb_col_int(st, 2 + k),
				  "members");
		}
		pb_rq_finish(st);
	}
	if (pb_rq_row(x, st = pb_rq_run(x, pb_rq_scoped(x, OPINIONS)))) {
		for (k = 0; k < 2; k++)
			for (i = 0; i < 4; i++)
				f[k].opinions[i] = pb_col_int(st, 4 * k + (int)i);
		pb_rq_finish(st);
	}
}

static void figures(pb_rq *x, pb_node *root, const pb_report_opts *o,
		    const pb_period *p, const standing *f)
{
	pb_node *n, *goods;
	int64_t *by;
	pb_stmt *st;

	pb_rq_period(x, o, p);
	pb_rq_period_node(x, root, p);

	n = pb_node_map(root, "events");
	if ((by = pb_rq_counts(x, pb_rq_sql(x, EVENTS_BY_KIND, EVENTS_BY_KIND_T), &pb_event_kinds))) {
		int64_t total = 0;
		size_t i;

		for (i = 0; i < pb_event_kinds.n; i++)
			pb_rq_add(x, &total, by[i], "events");
		pb_node_int(n, "total", total);
		pb_rq_counts_node(n, "by_kind", by, &pb_event_kinds);
		free(by);
	}

	n = pb_node_map(root, "participation");
	if (x->totals) {
		int64_t orgs, members;

		if (!reach(x, p, &members, &orgs)) {
			orgs = distinct_ids(x, pb_rq_scoped(x, ORG_IDS));
			members = distinct_ids(x, pb_rq_scoped(x, MEMBER_IDS));
		}
		if (pb_rq_row(x, st = pb_rq_run(x, pb_rq_scoped(x, PARTICIPATION_T)))) {
			pb_node_int(n, "orgs", orgs);
			pb_node_int(n, "members", members);
			pb_node_int(n, "person_times", pb_col_int(st, 0));
			pb_node_dec(n, "volunteer_hours", pb_col_int(st, 1));
			pb_rq_finish(st);
		}
	} else if (pb_rq_row(x, st = pb_rq_run(x, PARTICIPATION))) {
		pb_node_int(n, "orgs", pb_col_int(st, 0));
		pb_node_int(n, "members", pb_col_int(st, 1));
		pb_node_int(n, "person_times", pb_col_int(st, 2));
		pb_node_dec(n, "volunteer_hours", pb_col_int(st, 3));
		pb_rq_finish(st);
	}

	n = pb_node_map(root, "contributions");
	if (pb_rq_row(x, st = pb_rq_run(x, pb_rq_sql(x, CONTRIBUTIONS, CONTRIBUTIONS_T)))) {
		pb_node_int(n, "count", pb_col_int(st, 0));
		pb_node_money(n, "cash_yuan", pb_col_int(st, 1));
		pb_node_money(n, "in_kind_yuan", pb_col_int(st, 2));
		pb_rq_finish(st);
	}
	goods = pb_node_list(n, "goods");
	st = pb_rq_run(x, pb_rq_sql(x, GOODS, GOODS_T));
	while (pb_rq_row(x, st)) {
		pb_node *g = pb_node_map(goods, NULL);

		pb_node_text(g, "item", PB_T_TEXT, pb_col_text(st, 0));
		pb_node_text(g, "unit", PB_T_TEXT, pb_col_text(st, 1));
		pb_node_dec(g, "quantity", pb_col_int(st, 2));
	}

	n = pb_node_map(root, "beneficiaries");
	if (pb_rq_row(x, st = pb_rq_run(x, pb_rq_sql(x, BENEFICIARIES, BENEFICIARIES_T)))) {
		pb_node_int(n, "households", pb_col_int(st, 0));
		pb_node_int(n, "persons", pb_col_int(st, 1));
		pb_node_int(n, "jobs", pb_col_int(st, 2));
		pb_rq_finish(st);
	}

	n = pb_node_map(root, "pairs");
	pb_node_int(n, "active", f->pairs[0]);
	pb_node_int(n, "new", f->pairs[1]);
	pb_node_int(n, "ended", f->pairs[2]);
	pb_node_int(n, "dormant", f->pairs[3]);

	n = pb_node_map(root, "members");
	pb_node_int(n, "total", f->members[0]);
	pb_node_int(n, "registered", f->members[1]);
	pb_node_int(n, "new_registrations", f->members[2]);
	pb_rq_counts_node(n, "by_category", f->by_category, &pb_member_categories);

	n = pb_node_map(root, "opinions");
	pb_node_int(n, "received", f->opinions[0]);
	pb_node_int(n, "answered", f->opinions[1]);
	pb_node_int(n, "answered_on_time", f->opinions[2]);
	/* Of those received; none received: no rate (null). */
	if (f->opinions[0] > 0)
		pb_node_dec(n, "answered_on_time_rate",
			    pb_rate_milli(f->opinions[2], f->opinions[0]));
	else
		pb_node_text(n, "answered_on_time_rate", PB_T_DEC, NULL);
	pb_node_int(n, "overdue", f->opinions[3]);
}

int pb_report_summary(pb_db *db, const pb_report_opts *o, pb_node **out,
		      pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_node *root = pb_node_root();
	size_t ncat = pb_member_categories.n + 1;
	standing f[2] = {{.by_category = calloc(ncat, sizeof(int64_t))},
			 {.by_category = calloc(ncat, sizeof(int64_t))}};
	pb_period prev;
	int compare;

	*out = NULL;
	if (!root || !f[0].by_category || !f[1].by_category) {
		pb_node_free(root);
		free(f[0].by_category);
		free(f[1].by_category);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	/* A period that starts the calendar has no previous one to show;
	 * the previous one is as of its own end, or today. */
	compare = o->compare && pb_period_previous(&o->period, &prev);
	pb_rq_period(&x, o, &o->period);
	pb_rq_previous(&x, o, compare ? &prev : NULL);
	standing_figures(&x, f);
	figures(&x, root, o, &o->period, &f[0]);
	if (compare && x.rc == PB_OK)
		figures(&x, pb_node_map(root, "previous"), o, &prev, &f[1]);
	free(f[0].by_category);
	free(f[1].by_category);
	if (x.rc != PB_OK) {
		pb_node_free(root);
		return x.rc;
	}
	*out = root;
	return PB_OK;
}

int pb_report_units_seen(pb_db *db, const pb_report_opts *o,
			 const pb_period *p, pb_node *list, pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	pb_stmt *st;

	idset seen = {NULL, 0, 0, NULL, 0, 0, 0};
	const char *sql;
	char *last[2] = {NULL, NULL};
	int c = 0;

	pb_rq_period(&x, o, p);
	sql = UNITS_SEEN;
	if (x.totals) {
		ids_of(&x, pb_rq_scoped(&x, ORG_IDS), &seen);
		idset_count(&seen);
		sql = UNITS;
		c = 1;
	}
	st = pb_rq_run(&x, sql);
	while (pb_rq_row(&x, st)) {
		const char *uscc = pb_col_text(st, c), *name = pb_col_text(st, c + 1);
		pb_node *u;

		/* The lists name orgs by id: a unit is named once by its
		 * uscc and name, as SELECT DISTINCT does. */
		if (c && (!idset_has(&seen, pb_col_int(st, 0)) ||
			  (last[1] && pb_text_same(last[0], uscc) &&
			   pb_text_same(last[1], name))))
			continue;
		u = pb_node_map(list, NULL);
		pb_node_text(u, "uscc", PB_T_TEXT, uscc);
		pb_node_text(u, "name", PB_T_TEXT, name);
		if (c) {
			free(last[0]);
			free(last[1]);
			last[0] = uscc ? strdup(uscc) : NULL;
			last[1] = strdup(name ? name : "");
		}
	}
	free(last[0]);
	free(last[1]);
	idset_free(&seen);
	return x.rc;
}
