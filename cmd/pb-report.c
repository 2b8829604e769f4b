/* pb-report: read-only reports over a period, in every format. Each
 * report builds a tree in the library; this file parses the options they
 * share and writes the tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* The options of every report a district can roll up (issue 17). */
#define ROLLUP_OPTS                                                           \
	{"by", 0, "street", "a column per street (of ORG, or of each database)"}, \
	{"partial", 0, NULL, "with several databases, leave out those that "     \
			     "cannot be read"}

static const pb_opt summary_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{"no-compare", 0, NULL, "leave out the previous period"},
	{"dormant-days", 0, "N", "a pair with no event in N days before the "
				 "period's end is dormant (default 90)"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

/* monthly, quarterly, annual: the last full month, quarter or year. */
static const pb_opt fixed_opts[] = {
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{"no-compare", 0, NULL, "leave out the previous period"},
	{"dormant-days", 0, "N", "a pair with no event in N days before the "
				 "period's end is dormant (default 90)"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_chart summary_charts[] = {
	{"Events by kind", "活动按类型", "events.by_kind", "previous.events.by_kind",
	 NULL},
	{"Participation", "参与情况", "participation", "previous.participation",
	 NULL},
	/* Money only: a count beside yuan would share no scale. */
	{"Contributions (yuan)", "捐赠(元)", "contributions",
	 "previous.contributions", "cash_yuan,in_kind_yuan"},
	{"Beneficiaries", "受益情况", "beneficiaries", "previous.beneficiaries",
	 NULL},
};

/* The options every report shares, into o; the period from --period, or
 * the given default form (none: a report of one day, which has none). */
static int report_opts(pb_ctx *c, const pb_args *a, const pb_opt *opts,
		       const char *period_default, pb_db *db, pb_report_opts *o,
		       pb_err *e)
{
	const char *org = pb_arg(a, opts, "org");
	const char *days = pb_arg(a, opts, "dormant-days");
	int64_t n = 90;
	int rc;

	memset(o, 0, sizeof *o);
	o->today = c->today_s;
	o->compare = pb_arg(a, opts, "no-compare") == NULL;
	if (period_default &&
	    (rc = pb_cli_period(c, pb_arg(a, opts, "period"), period_default,
				&o->period, e)) != PB_OK) {
		e->code = PB_USAGE;
		return rc;
	}
	if (days && (pb_count_parse(days, &n, e) != PB_OK || n < 1 || n > 36500))
		return pb_fail(e, PB_USAGE,
			       "--dormant-days takes a number of days from 1 to 36500");
	o->dormant_days = (int)n;
	/* A roll-up resolves ORG in each source (report_org). */
	if (db && org && (rc = pb_org_resolve(db, org, 0, &o->org, e)) != PB_OK)
		return rc;
	return PB_OK;
}

/* ---- roll-ups: several databases, or one database street by street --- */

/* A report of one street's database (or one street of it, o->org). */
typedef int (*tree_fn)(pb_ctx *c, const pb_args *a, pb_db *db,
		       const pb_report_opts *o, pb_node **out, pb_err *e);

typedef struct rollup_run {
	pb_ctx *c;
	const pb_args *a;
	const pb_opt *opts;
	tree_fn build;
	pb_report_opts o;
	pb_rollup *r;
	pb_db *db;
	const char *name, *label; /* the source as given, its file's name */
} rollup_run;

/* One street of a database: --by street gives each its own column. */
static int add_street(void *ctx, int64_t id, pb_err *e)
{
	rollup_run *u = ctx;
	pb_report_opts o = u->o;
	pb_node *tree;
	int rc;

	o.org = id;
	if ((rc = u->build(u->c, u->a, u->db, &o, &tree, e)) != PB_OK)
		return rc;
	return pb_rollup_add(u->r, u->db, u->name, u->label, id, tree, &o, e);
}

/* Read one source into the roll-up: open it read-only, resolve --org in
 * it, and build the report of its street (or, with --by street, of each
 * street under --org). */
static int read_source(rollup_run *u, const char *src, int by_street,
		       pb_err *e)
{
	const char *org = pb_arg(u->a, u->opts, "org");
	pb_node *tree;
	int rc;

	u->label = strrchr(src, '/') && !pb_db_is_url(src) ? strrchr(src, '/') + 1
							     : src;
	if ((rc = pb_db_open(src, PB_READ | PB_NAMED | PB_SOURCE,
			     u->c->cfg.busy_timeout_ms, &u->db, e)) != PB_OK)
		return rc;
	u->name = pb_db_name(u->db);
	if (pb_db_is_url(src))
		u->label = u->name;
	u->o.org = 0;
	if (org)
		rc = pb_org_resolve(u->db, org, 0, &u->o.org, e);
	if (rc == PB_OK && by_street)
		rc = pb_rollup_streets(u->db, u->o.org, add_street, u, e);
	else if (rc == PB_OK &&
		 (rc = u->build(u->c, u->a, u->db, &u->o, &tree, e)) == PB_OK)
		rc = pb_rollup_add(u->r, u->db, u->name, u->label, 0, tree, &u->o, e);
	pb_db_close(u->db);
	u->db = NULL;
	return rc;
}

/* The sources: every --db in order, a directory as the pb databases in
 * it (by name); without --db, the one database (PB_DB, config, default).
 * Each is checked against -o. */
static int list_sources(pb_ctx *c, char ***out, size_t *n, pb_err *e)
{
	char **v = NULL, **in, path[4096];
	size_t cap = 0, k, i, nin;
	struct stat sb;
	int rc = PB_OK;

	*n = 0;
	for (i = 0; i < (c->ndbs ? c->ndbs : 1) && rc == PB_OK; i++) {
		const char *src = c->ndbs ? c->dbs[i] : NULL;

		if (!src) {
			if ((rc = pb_cli_db_path(c, path, sizeof path, e)) != PB_OK)
				break;
			src = path;
		}
		in = NULL;
		nin = 0;
		if (!pb_db_is_url(src) && stat(src, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			if ((rc = pb_db_dir_sources(src, &in, &nin, e)) != PB_OK)
				break;
		}
		if (*n + (in ? nin : 1) > cap) {
			char **grown;

			cap = 2 * (*n + (in ? nin : 1)) + 8;
			if (!(grown = realloc(v, cap * sizeof *v))) {
				pb_db_dir_sources_free(in, nin);
				rc = pb_fail(e, PB_SOFTWARE, "out of memory");
				break;
			}
			v = grown;
		}
		if (!in) {
			if (!(v[*n] = strdup(src))) {
				rc = pb_fail(e, PB_SOFTWARE, "out of memory");
				break;
			}
			(*n)++;
			continue;
		}
		for (k = 0; k < nin; k++)
			v[(*n)++] = in[k];
		free(in);
	}
	for (i = 0; rc == PB_OK && c->output && strcmp(c->output, "-") != 0 &&
		    i < *n;
	     i++)
		rc = pb_target_check(c->output, v[i], e);
	if (rc != PB_OK) {
		pb_db_dir_sources_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return PB_OK;
}

/* The same file given twice (by any name: device and inode), or the
 * same server database given twice as the same text. */
static int same_source(char **v, size_t i, size_t *first)
{
	struct stat a, b;
	size_t k;

	for (k = 0; k < i; k++) {
		if (strcmp(v[k], v[i]) == 0 ||
		    (!pb_db_is_url(v[i]) && !pb_db_is_url(v[k]) &&
		     stat(v[i], &a) == 0 && stat(v[k], &b) == 0 &&
		     a.st_dev == b.st_dev && a.st_ino == b.st_ino)) {
			*first = k;
			return 1;
		}
	}
	return 0;
}

/* A failure as the user needs it: naming the source it came from. */
static void name_source(pb_err *e, const char *src)
{
	char m[sizeof e->msg];

	if (strstr(e->msg, src))
		return;
	snprintf(m, sizeof m, "%s", e->msg);
	pb_fail(e, e->code, "%s: %s", src, m);
}

/* The district's own meta: each street's tree has none (their titles
 * differ); the street is the config's, if any. */
static int rollup_meta(pb_ctx *c, const char *kind, const pb_report_opts *o,
		       pb_node *root, pb_err *e)
{
	pb_meta_opts m = {kind, c->cfg.street, c->fmt.zh,
			  pb_node_count(pb_node_get(root, "streets"))};

	return pb_report_meta(NULL, o, &m, root, e);
}

/* A roll-up: every source read (all or nothing, or --partial), each
 * street's report beside the district's. */
static int rollup_report(pb_ctx *c, const pb_args *a, const pb_opt *opts,
			 const char *kind, const char *period, tree_fn build,
			 const pb_rollup_rules *rules, const pb_chart *charts,
			 size_t ncharts)
{
	rollup_run u;
	int partial = pb_arg(a, opts, "partial") != NULL;
	const char *by = pb_arg(a, opts, "by");
	pb_err e, *failed = NULL;
	char **src = NULL;
	size_t n = 0, i, nfailed = 0, first, read = 0;
	pb_node *root = NULL;
	int rc;

	memset(&u, 0, sizeof u);
	u.c = c;
	u.a = a;
	u.opts = opts;
	u.build = build;
	if (by && strcmp(by, "street") != 0)
		return pb_cli_usage_error(c, "--by takes 'street', not '%s'", by);
	if ((rc = report_opts(c, a, opts, period, NULL, &u.o, &e)) != PB_OK ||
	    (rc = list_sources(c, &src, &n, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if (!(u.r = pb_rollup_new(rules)) ||
	    !(failed = calloc(n + 1, sizeof *failed))) {
		pb_rollup_free(u.r);
		pb_db_dir_sources_free(src, n);
		pb_fail(&e, PB_SOFTWARE, "out of memory");
		return pb_cli_error(c, &e);
	}
	for (i = 0; i < n; i++) {
		pb_err *f = &failed[nfailed];
		/* A server's password is never shown (messages, output). */
		char *shown = pb_conninfo_masked(src[i]);

		rc = shown ? pb_rollup_source(u.r, shown, &e)
			   : pb_fail(&e, PB_SOFTWARE, "out of memory");
		if (rc == PB_OK && same_source(src, i, &first)) {
			char *was = pb_conninfo_masked(src[first]);

			rc = pb_fail(f, PB_USAGE,
				     "'%s' is the same database as '%s': name each "
				     "street's database once",
				     shown, was ? was : "");
			free(was);
		} else if (rc == PB_OK) {
			rc = read_source(&u, src[i], by != NULL, f);
		} else {
			*f = e;
		}
		if (rc == PB_OK) {
			read++;
			free(shown);
			continue;
		}
		if (shown)
			name_source(f, shown);
		nfailed++;
		rc = pb_rollup_failed(u.r, shown ? shown : "", f, &e);
		free(shown);
		if (rc != PB_OK)
			break;
	}
	if (nfailed && (!partial || !read)) {
		/* Each source's own failure; a duplicate is not an option to
		 * look up in --help. */
		for (i = 0; i < nfailed; i++)
			pb_cli_say(c, "error: %s", failed[i].msg);
		pb_cli_say(c, "%zu of %zu source%s could not be read: nothing was "
			      "written%s",
			   nfailed, n, n == 1 ? "" : "s",
			   partial ? "" : " (--partial leaves them out)");
		rc = failed[0].code;
	} else if (rc == PB_OK) {
		for (i = 0; i < nfailed; i++)
			pb_cli_say(c, "warning: left out: %s", failed[i].msg);
		if ((rc = pb_rollup_tree(u.r, &root, &e)) == PB_OK &&
		    (rc = rollup_meta(c, kind, &u.o, root, &e)) == PB_OK &&
		    c->fmt.format == PB_FMT_BRIEF)
			rc = pb_fmt_brief(pb_cli_out(c), &c->fmt, root, &e);
		else if (rc == PB_OK)
			rc = pb_fmt_rollup(pb_cli_out(c), &c->fmt, root, pb_report_label,
					   charts, ncharts, &e);
		pb_node_free(root);
		if (rc != PB_OK)
			rc = pb_cli_error(c, &e);
	} else {
		rc = pb_cli_error(c, &e);
	}
	pb_rollup_free(u.r);
	pb_db_dir_sources_free(src, n);
	free(failed);
	return nfailed && (!partial || !read) ? pb_exit_code(rc) : rc;
}

/* Several --db, a directory, or --by street: a roll-up. */
static int is_rollup(pb_ctx *c, const pb_args *a, const pb_opt *opts)
{
	struct stat sb;

	return c->ndbs > 1 || pb_arg(a, opts, "by") ||
	       (c->ndbs == 1 && !pb_db_is_url(c->dbs[0]) &&
		stat(c->dbs[0], &sb) == 0 && S_ISDIR(sb.st_mode));
}

/* Every report says what it is: meta added here, the same way for each. */
static int write_tree(pb_ctx *c, pb_db *db, const char *kind,
		      const pb_report_opts *o, pb_node *root,
		      const pb_chart *charts, size_t n, pb_err *e)
{
	pb_meta_opts m = {kind, c->cfg.street, c->fmt.zh, 0};
	int rc = pb_report_meta(db, o, &m, root, e);

	/* brief: summaries alone (pb_cli_args refuses it elsewhere) */
	if (rc == PB_OK && c->fmt.format == PB_FMT_BRIEF)
		rc = pb_fmt_brief(pb_cli_out(c), &c->fmt, root, e);
	else if (rc == PB_OK)
		rc = pb_fmt_tree(pb_cli_out(c), &c->fmt, root, pb_report_label,
				 charts, n, e);

	pb_node_free(root);
	return rc;
}

/* How each report rolls up (pb_rollup_rules): goods merged by item and
 * unit, units counted once, the on-time rate recomputed from the summed
 * counts; the review's weights and the due list's days are the same in
 * every street. */
static const char *const goods_merge[] = {"contributions.goods", NULL};
static const char *const summary_ratios[] = {
	"opinions.answered_on_time_rate", "opinions.answered_on_time",
	"opinions.received", NULL};
static const pb_rollup_rules summary_rules = {NULL, goods_merge,
					      "participation.orgs",
					      summary_ratios};
static const char *const review_same[] = {"weights", NULL};
static const pb_rollup_rules review_rules = {review_same, NULL, NULL, NULL};
static const char *const due_same[] = {"days", NULL};
static const pb_rollup_rules due_rules = {due_same, NULL, NULL, NULL};
static const pb_rollup_rules list_rules = {NULL, NULL, NULL, NULL};

static int build_summary(pb_ctx *c, const pb_args *a, pb_db *db,
			 const pb_report_opts *o, pb_node **out, pb_err *e)
{
	(void)c;
	(void)a;
	return pb_report_summary(db, o, out, e);
}

static int summary_in(pb_ctx *c, int argc, char **argv, const pb_opt *opts,
		      const char *kind, const char *period)
{
	ARGS(opts, 0, 0);
	pb_report_opts o;
	pb_node *root;
	pb_db *db;
	pb_err e;
	int rc;

	if (is_rollup(c, &a, opts))
		return rollup_report(c, &a, opts, kind, period, build_summary,
				     &summary_rules, summary_charts,
				     sizeof summary_charts / sizeof summary_charts[0]);
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = report_opts(c, &a, opts, period, db, &o, &e)) == PB_OK &&
	    (rc = pb_report_summary(db, &o, &root, &e)) == PB_OK)
		rc = write_tree(c, db, kind, &o, root, summary_charts,
				sizeof summary_charts / sizeof summary_charts[0], &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static int cmd_summary(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, summary_opts, "summary", "last-month");
}

static int cmd_monthly(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, fixed_opts, "monthly", "last-month");
}

static int cmd_quarterly(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, fixed_opts, "quarterly", "last-quarter");
}

static int cmd_annual(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, fixed_opts, "annual", "last-year");
}

static const pb_opt members_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt due_opts[] = {
	{"days", 0, "N", "opinions due within N days (default 7)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt overdue_opts[] = {
	{"as-of", 0, "DATE", "opinions overdue on DATE (default: today)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_chart members_charts[] = {
	{"Members by category", "党员按类别", "members.by_category", NULL, NULL},
};


static int tree_report(pb_ctx *c, int argc, char **argv, const pb_opt *opts,
		       const char *kind, const char *period, tree_fn build,
		       const pb_rollup_rules *rules, const pb_chart *charts,
		       size_t ncharts)
{
	ARGS(opts, 0, 0);
	pb_report_opts o;
	pb_node *root;
	pb_db *db;
	pb_err e;
	int rc;

	if (is_rollup(c, &a, opts))
		return rollup_report(c, &a, opts, kind, period, build, rules, charts,
				     ncharts);
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = report_opts(c, &a, opts, period, db, &o, &e)) == PB_OK &&
	    (rc = build(c, &a, db, &o, &root, &e)) == PB_OK)
		rc = write_tree(c, db, kind, &o, root, charts, ncharts, &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static int build_members(pb_ctx *c, const pb_args *a, pb_db *db,
			 const pb_report_opts *o, pb_node **out, pb_err *e)
{
	(void)c;
	(void)a;
	return pb_report_members(db, o, out, e);
}

static int build_due(pb_ctx *c, const pb_args *a, pb_db *db,
		     const pb_report_opts *o, pb_node **out, pb_err *e)
{
	const char *days = pb_arg(a, due_opts, "days");
	int64_t n = 7;

	(void)c;
	if (days && (pb_count_parse(days, &n, e) != PB_OK || n > 36500))
		return pb_fail(e, PB_USAGE,
			       "--days takes a number of days from 0 to 36500");
	return pb_report_due(db, o, (int)n, out, e);
}

static int build_overdue(pb_ctx *c, const pb_args *a, pb_db *db,
			 const pb_report_opts *o, pb_node **out, pb_err *e)
{
	char as_of[11];
	int rc;

	if ((rc = pb_cli_date(c, "as-of", pb_arg(a, overdue_opts, "as-of"), as_of,
			      e)) != PB_OK)
		return rc;
	return pb_report_overdue(db, o, as_of, out, e);
}

static int cmd_members(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, members_opts, "members", "last-month",
			   build_members, &list_rules, members_charts, 1);
}

static int cmd_due(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, due_opts, "due", NULL, build_due, &due_rules,
			   NULL, 0);
}

static int cmd_overdue(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, overdue_opts, "overdue", NULL, build_overdue,
			   &list_rules, NULL, 0);
}

static const pb_opt unit_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt pairs_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only pairs with a side in ORG or the orgs under it"},
	{"dormant-days", 0, "N", "a pair with no event in N days before the "
				 "period's end is dormant (default 90)"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt review_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{"sort", 0, "KEY", "code (default) or score (highest first)"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

/* unit ORG: the sheet of one org, named by the positional argument. */
static int cmd_unit(pb_ctx *c, int argc, char **argv)
{
	ARGS(unit_opts, 1, 1);
	pb_report_opts o;
	pb_node *root;
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = report_opts(c, &a, unit_opts, "last-month", db, &o, &e)) ==
		    PB_OK &&
	    (rc = pb_org_resolve(db, a.pos[0], 1, &o.org, &e)) == PB_OK &&
	    (rc = pb_report_unit(db, &o, &root, &e)) == PB_OK)
		rc = write_tree(c, db, "unit", &o, root, NULL, 0, &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static int build_pairs(pb_ctx *c, const pb_args *a, pb_db *db,
		       const pb_report_opts *o, pb_node **out, pb_err *e)
{
	(void)c;
	(void)a;
	return pb_report_pairs(db, o, out, e);
}

/* Weights from the loaded config; a bad name is reported with the file
 * it came from. */
static int build_review(pb_ctx *c, const pb_args *a, pb_db *db,
			const pb_report_opts *o, pb_node **out, pb_err *e)
{
	const char *sort = pb_arg(a, review_opts, "sort");
	int rc;

	if (sort && strcmp(sort, "score") != 0 && strcmp(sort, "code") != 0)
		return pb_fail(e, PB_USAGE,
			       "--sort takes 'code' or 'score', not '%s'", sort);
	rc = pb_report_review(db, o, c->cfg.weights, c->cfg.nweights,
			      sort && strcmp(sort, "score") == 0, out, e);
	if (rc == PB_CONFIG && c->cfg.path[0]) {
		char msg[sizeof e->msg];

		snprintf(msg, sizeof msg, "%s", e->msg);
		pb_fail(e, PB_CONFIG, "%s: %s", c->cfg.path, msg);
	}
	return rc;
}

static int cmd_pairs(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, pairs_opts, "pairs", "last-month", build_pairs,
			   &list_rules, NULL, 0);
}

static int cmd_review(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, review_opts, "review", "last-month",
			   build_review, &review_rules, NULL, 0);
}

static const pb_opt awards_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only awardees in ORG or the orgs under it"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt meetings_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "the units in ORG or under it, at meetings "
			    "convened there or above"},
	ROLLUP_OPTS,
	{NULL, 0, NULL, NULL},
};

static int build_awards(pb_ctx *c, const pb_args *a, pb_db *db,
			const pb_report_opts *o, pb_node **out, pb_err *e)
{
	(void)c;
	(void)a;
	return pb_report_awards(db, o, out, e);
}

static int build_meetings(pb_ctx *c, const pb_args *a, pb_db *db,
			  const pb_report_opts *o, pb_node **out, pb_err *e)
{
	(void)c;
	(void)a;
	return pb_report_meetings(db, o, out, e);
}

/* Both roll up as joined lists, each row with its street: a rate is
 * never summed, so a district's by_unit is each street's own. */
static int cmd_awards(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, awards_opts, "awards", "last-month",
			   build_awards, &list_rules, NULL, 0);
}

static int cmd_meetings(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, meetings_opts, "meetings",
			   "last-month",
			   build_meetings, &list_rules, NULL, 0);
}

static const pb_sub subs[] = {
	{"summary", cmd_summary, "[--period PERIOD] [--org ORG] [--no-compare] "
				 "[--dormant-days N] [--by street] [--partial]",
	 "the period's statistics, beside the period before"},
	{"monthly", cmd_monthly, "[--org ORG] [--no-compare] [--by street] [--partial]",
	 "summary of the last full month (for cron on the 1st)"},
	{"quarterly", cmd_quarterly, "[--org ORG] [--no-compare] [--by street] [--partial]",
	 "summary of the last full quarter"},
	{"annual", cmd_annual, "[--org ORG] [--no-compare] [--by street] [--partial]",
	 "summary of the last full year"},
	{"members", cmd_members, "[--period PERIOD] [--org ORG] [--by street] [--partial]",
	 "members by category and community at the period's end; "
	 "registrations and returns in it"},
	{"due", cmd_due, "[--days N] [--org ORG] [--by street] [--partial]",
	 "opinions due within N days or overdue; pairs and terms ending "
	 "within 60 days"},
	{"overdue", cmd_overdue, "[--as-of DATE] [--org ORG] [--by street] [--partial]",
	 "opinions unanswered past their due date"},
	{"unit", cmd_unit, "ORG [--period PERIOD]",
	 "the feedback sheet of one unit: what it organized, attended and "
	 "gave, and its in-service members' events and hours"},
	{"pairs", cmd_pairs, "[--period PERIOD] [--org ORG] [--dormant-days N]"
			     " [--by street] [--partial]",
	 "each pair's events, hours, contributions by side, targets against "
	 "results, dormant and one-sided flags"},
	{"review", cmd_review, "[--period PERIOD] [--org ORG] [--sort score] [--by street] [--partial]",
	 "the periodic evaluation sheet: indicators and a weighted score per "
	 "unit"},
	{"awards", cmd_awards, "[--period PERIOD] [--org ORG]",
	 "who was commended: units and members, award, event, date"},
	{"meetings", cmd_meetings, "[--period PERIOD] [--org ORG]",
	 "each joint meeting and each member unit, present with its "
	 "head-count or absent; each unit's attendance rate"},
};

int main(int argc, char **argv)
{
	return pb_cli_main(argc, argv, "pb-report",
			   "Read-only reports over a period: summary, unit feedback "
			   "sheets, pair health, members, evaluation, due lists, "
			   "awards, joint meetings.",
			   subs, sizeof subs / sizeof subs[0]);
}
