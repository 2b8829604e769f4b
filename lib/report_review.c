/* The periodic evaluation sheet (定期评议): for each unit in scope (an
 * org that is not the district, a street or a community, active at the
 * period's end) six indicators from one aggregate query, and a score, the sum of
 * weight x indicator, computed here in C.
 *
 * Weights come from config review.weights (name: weight); a name left
 * out keeps its default:
 *   events_organized 5, events_attended 2, meetings_attended 3,
 *   hours 0.1, contributions_yuan 0.0001, pair_events 2.
 * A name that is no indicator is a config error, so a typo never turns
 * into a silent zero. Hours count in hours and contributions in yuan;
 * the score is rounded half up to 2 decimals. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_sql.h"

enum {
	W_ORGANIZED,
	W_ATTENDED,
	W_MEETINGS,
	W_HOURS,
	W_YUAN,
	W_PAIR_EVENTS,
	W_N
};

static const struct {
	const char *name;
	double weight;
} defaults[W_N] = {
	{"events_organized", 5},  {"events_attended", 2},
	{"meetings_attended", 3}, {"hours", 0.1},
	{"contributions_yuan", 0.0001}, {"pair_events", 2},
};

/* Units: not the district, a street or a community, joined (when known)
 * by the as-of date ?4 (the period's end, or today while it is not over)
 * and not left by then. Events of any organizer count toward a unit's
 * attendance, but not its awardee rows (commended, not attending); hours
 * are its org rows' hours x people; pair_events are the period's events
 * of pairs it is a side of. */
static const char UNITS[] =
	PB_SCOPE_CTE
	", u AS (SELECT id, code, name, kind FROM orgs WHERE kind NOT IN "
	"('district', 'street', 'community') AND (left_on IS NULL OR left_on > ?4) AND "
	"(joined_on IS NULL OR joined_on <= ?4) AND id IN (SELECT id FROM "
	"scope)), "
	"ev AS (SELECT id, kind, org_id, pair_id FROM events WHERE date >= ?1 "
	"AND date <= ?2), "
	"org_n AS (SELECT org_id, count(*) AS n FROM ev GROUP BY org_id), "
	"att AS (SELECT p.org_id, count(*) AS n, count(*) FILTER (WHERE ev.kind "
	"= 'meeting') AS m, sum(p.hours_milli * p.people) AS h FROM participants "
	"p JOIN ev ON ev.id = p.event_id WHERE p.org_id IS NOT NULL AND p.role <> "
	"'awardee' GROUP BY "
	"p.org_id), "
	"gave AS (SELECT c.from_org_id AS org_id, sum(c.value_fen) AS v FROM "
	"contributions c JOIN ev ON ev.id = c.event_id WHERE c.from_org_id IS "
	"NOT NULL GROUP BY c.from_org_id), "
	"pev AS (SELECT u.id AS org_id, count(*) AS n FROM u JOIN pairs pr ON "
	"pr.community_id = u.id OR pr.partner_id = u.id JOIN ev ON ev.pair_id = "
	"pr.id GROUP BY u.id) "
	"SELECT u.code, u.name, u.kind, COALESCE(org_n.n, 0), COALESCE(att.n, "
	"0), COALESCE(att.m, 0), COALESCE(att.h, 0), COALESCE(gave.v, 0), "
	"COALESCE(pev.n, 0) FROM u LEFT JOIN org_n ON org_n.org_id = u.id "
	"LEFT JOIN att ON att.org_id = u.id LEFT JOIN gave ON gave.org_id = "
	"u.id LEFT JOIN pev ON pev.org_id = u.id ORDER BY u.code";

typedef struct unit {
	char *code, *name, *kind;
	int64_t v[W_N]; /* hours in thousandths, yuan in fen */
	int64_t score;	/* hundredths */
} unit;

/* Ties in the printed score go by code, so the order is stable. */
static int by_score(const void *a, const void *b)
{
	const unit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->code, y->code);
}

/* Past 2^53 hundredths a double no longer holds every score exactly. */
#define SCORE_MAX 9007199254740992.0

static int score_of(unit *u, const double *w, pb_err *e)
{
	double s = 0;
	int i;

	for (i = 0; i < W_N; i++)
		s += w[i] * ((double)u->v[i] /
			     (i == W_HOURS ? 1000.0 : i == W_YUAN ? 100.0 : 1.0));
	if (s * 100 >= SCORE_MAX)
		return pb_fail(e, PB_DATAERR,
			       "the score of '%s' is too large to compute exactly "
			       "(at most 90071992547409.91): its indicators or "
			       "review.weights are beyond any street",
			       u->code);
	/* Weights and indicators are never negative, so truncation rounds
	 * half up; the nudge keeps a product such as 0.125 from rounding
	 * down because its binary form falls just short. */
	u->score = (int64_t)(s * 100 + 0.5 + 1e-7);
	return PB_OK;
}

static char *dup(const char *s)
{
	return strdup(s ? s : "");
}

/* Up to 6 decimals, trailing zeros dropped: 0.0001, 0.1, 5. */
static void weight_text(double w, char *buf, size_t len)
{
	size_t n;

	snprintf(buf, len, "%.6f", w);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
}

int pb_report_review(pb_db *db, const pb_report_opts *o,
		     const pb_review_weight *weights, int nweights,
		     int sort_by_score, pb_node **out, pb_err *e)
{
	pb_rq x = PB_RQ(db, o, e);
	double w[W_N];
	unit *units = NULL;
	size_t n = 0, cap = 0, i;
	pb_node *root, *m, *list;
	char buf[64];
	pb_stmt *st;
	int j, k;

	*out = NULL;
	for (k = 0; k < W_N; k++)
		w[k] = defaults[k].weight;
	for (j = 0; j < nweights; j++) {
		for (k = 0; k < W_N; k++)
			if (strcmp(weights[j].name, defaults[k].name) == 0)
				break;
		if (k == W_N)
			return pb_fail(e, PB_CONFIG,
				       "unknown review.weights name '%s' (expected "
				       "one of: events_organized, events_attended, "
				       "meetings_attended, hours, contributions_yuan, "
				       "pair_events)",
				       weights[j].name);
		w[k] = weights[j].weight;
	}

	pb_rq_period(&x, o, &o->period);
	st = pb_rq_run(&x, UNITS);
	while (pb_rq_row(&x, st)) {
		unit *u;

		if (n == cap) {
			size_t c = cap ? cap * 2 : 16;
			unit *grown = realloc(units, c * sizeof *grown);

			if (!grown) {
				x.rc = pb_fail(e, PB_SOFTWARE, "out of memory");
				pb_rq_finish(st);
				break;
			}
			units = grown;
			cap = c;
		}
		u = &units[n++];
		u->code = dup(pb_col_text(st, 0));
		u->name = dup(pb_col_text(st, 1));
		u->kind = dup(pb_col_text(st, 2));
		u->v[W_ORGANIZED] = pb_col_int(st, 3);
		u->v[W_ATTENDED] = pb_col_int(st, 4);
		u->v[W_MEETINGS] = pb_col_int(st, 5);
		u->v[W_HOURS] = pb_col_int(st, 6);
		u->v[W_YUAN] = pb_col_int(st, 7);
		u->v[W_PAIR_EVENTS] = pb_col_int(st, 8);
		if (!u->code || !u->name || !u->kind) {
			x.rc = pb_fail(e, PB_SOFTWARE, "out of memory");
			pb_rq_finish(st);
			break;
		}
		if ((x.rc = score_of(u, w, e)) != PB_OK) {
			pb_rq_finish(st);
			break;
		}
	}
	if (x.rc == PB_OK && sort_by_score && n > 1)
		qsort(units, n, sizeof *units, by_score);

	root = x.rc == PB_OK ? pb_node_root() : NULL;
	if (!root && x.rc == PB_OK)
		x.rc = pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_rq_period_node(&x, root, &o->period);
	m = pb_node_map(root, "weights");
	for (k = 0; k < W_N; k++) {
		weight_text(w[k], buf, sizeof buf);
		pb_node_text(m, defaults[k].name, PB_T_DEC, buf);
	}
	list = pb_node_list(root, "units");
	for (i = 0; x.rc == PB_OK && i < n; i++) {
		const unit *u = &units[i];

		m = pb_node_map(list, NULL);
		pb_node_text(m, "code", PB_T_TEXT, u->code);
		pb_node_text(m, "name", PB_T_TEXT, u->name);
		pb_node_text(m, "org_kind", PB_T_TEXT, u->kind);
		pb_node_int(m, "events_organized", u->v[W_ORGANIZED]);
		pb_node_int(m, "events_attended", u->v[W_ATTENDED]);
		pb_node_int(m, "meetings_attended", u->v[W_MEETINGS]);
		pb_node_dec(m, "hours", u->v[W_HOURS]);
		pb_node_money(m, "contributions_yuan", u->v[W_YUAN]);
		pb_node_int(m, "pair_events", u->v[W_PAIR_EVENTS]);
		pb_money_format(u->score, buf);
		pb_node_text(m, "score", PB_T_DEC, buf);
	}
	for (i = 0; i < n; i++) {
		free(units[i].code);
		free(units[i].name);
		free(units[i].kind);
	}
	free(units);
	if (x.rc != PB_OK) {
		pb_node_free(root);
		return x.rc;
	}
	*out = root;
	return PB_OK;
}
