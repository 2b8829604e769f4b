/* pb-report: read-only reports over a period, in every format. Each
 * report builds a tree in the library; this file parses the options they
 * share and writes the tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const pb_opt summary_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{"no-compare", 0, NULL, "leave out the previous period"},
	{"dormant-days", 0, "N", "a pair with no event in N days before the "
				 "period's end is dormant (default 90)"},
	{NULL, 0, NULL, NULL},
};

/* monthly, quarterly, annual: the last full month, quarter or year. */
static const pb_opt fixed_opts[] = {
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{"no-compare", 0, NULL, "leave out the previous period"},
	{"dormant-days", 0, "N", "a pair with no event in N days before the "
				 "period's end is dormant (default 90)"},
	{NULL, 0, NULL, NULL},
};

static const pb_chart summary_charts[] = {
	{"Events by kind", "活动按类型", "events.by_kind", "previous.events.by_kind"},
	{"Participation", "参与情况", "participation", "previous.participation"},
	{"Beneficiaries", "受益情况", "beneficiaries", "previous.beneficiaries"},
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
	if (org && (rc = pb_org_resolve(db, org, 0, &o->org, e)) != PB_OK)
		return rc;
	return PB_OK;
}

static int write_tree(pb_ctx *c, pb_node *root, const pb_chart *charts,
		      size_t n, pb_err *e)
{
	int rc = pb_fmt_tree(pb_cli_out(c), &c->fmt, root, pb_report_label, charts,
			     n, e);

	pb_node_free(root);
	return rc;
}

static int summary_in(pb_ctx *c, int argc, char **argv, const pb_opt *opts,
		      const char *period)
{
	ARGS(opts, 0, 0);
	pb_report_opts o;
	pb_node *root;
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = report_opts(c, &a, opts, period, db, &o, &e)) == PB_OK &&
	    (rc = pb_report_summary(db, &o, &root, &e)) == PB_OK)
		rc = write_tree(c, root, summary_charts,
				sizeof summary_charts / sizeof summary_charts[0], &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static int cmd_summary(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, summary_opts, "last-month");
}

static int cmd_monthly(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, fixed_opts, "last-month");
}

static int cmd_quarterly(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, fixed_opts, "last-quarter");
}

static int cmd_annual(pb_ctx *c, int argc, char **argv)
{
	return summary_in(c, argc, argv, fixed_opts, "last-year");
}

static const pb_opt members_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt due_opts[] = {
	{"days", 0, "N", "opinions due within N days (default 7)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt overdue_opts[] = {
	{"as-of", 0, "DATE", "opinions overdue on DATE (default: today)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{NULL, 0, NULL, NULL},
};

static const pb_chart members_charts[] = {
	{"Members by category", "党员按类别", "members.by_category", NULL},
};

/* A report with the shared options (report_opts) and its own, which
 * build() reads from a. */
typedef int (*tree_fn)(pb_ctx *c, const pb_args *a, pb_db *db,
		       const pb_report_opts *o, pb_node **out, pb_err *e);

static int tree_report(pb_ctx *c, int argc, char **argv, const pb_opt *opts,
		       const char *period, tree_fn build, const pb_chart *charts,
		       size_t ncharts)
{
	ARGS(opts, 0, 0);
	pb_report_opts o;
	pb_node *root;
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = report_opts(c, &a, opts, period, db, &o, &e)) == PB_OK &&
	    (rc = build(c, &a, db, &o, &root, &e)) == PB_OK)
		rc = write_tree(c, root, charts, ncharts, &e);
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
	return tree_report(c, argc, argv, members_opts, "last-month",
			   build_members, members_charts, 1);
}

static int cmd_due(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, due_opts, NULL, build_due, NULL, 0);
}

static int cmd_overdue(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, overdue_opts, NULL, build_overdue, NULL,
			   0);
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
	{NULL, 0, NULL, NULL},
};

static const pb_opt review_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: "
				  "last-month)"},
	{"org", 'O', "ORG", "only ORG and the orgs under it"},
	{"sort", 0, "KEY", "code (default) or score (highest first)"},
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
		rc = write_tree(c, root, NULL, 0, &e);
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
	return tree_report(c, argc, argv, pairs_opts, "last-month", build_pairs,
			   NULL, 0);
}

static int cmd_review(pb_ctx *c, int argc, char **argv)
{
	return tree_report(c, argc, argv, review_opts, "last-month",
			   build_review, NULL, 0);
}

static const pb_sub subs[] = {
	{"summary", cmd_summary, "[--period PERIOD] [--org ORG] [--no-compare] "
				 "[--dormant-days N]",
	 "the period's statistics, beside the period before"},
	{"monthly", cmd_monthly, "[--org ORG] [--no-compare]",
	 "summary of the last full month (for cron on the 1st)"},
	{"quarterly", cmd_quarterly, "[--org ORG] [--no-compare]",
	 "summary of the last full quarter"},
	{"annual", cmd_annual, "[--org ORG] [--no-compare]",
	 "summary of the last full year"},
	{"members", cmd_members, "[--period PERIOD] [--org ORG]",
	 "members by category and community at the period's end; "
	 "registrations and returns in it"},
	{"due", cmd_due, "[--days N] [--org ORG]",
	 "opinions due within N days or overdue; pairs and terms ending "
	 "within 60 days"},
	{"overdue", cmd_overdue, "[--as-of DATE] [--org ORG]",
	 "opinions unanswered past their due date"},
	{"unit", cmd_unit, "ORG [--period PERIOD]",
	 "the feedback sheet of one unit: what it organized, attended and "
	 "gave, and its in-service members' events and hours"},
	{"pairs", cmd_pairs, "[--period PERIOD] [--org ORG] [--dormant-days N]",
	 "each pair's events, hours, contributions by side, targets against "
	 "results, dormant and one-sided flags"},
	{"review", cmd_review, "[--period PERIOD] [--org ORG] [--sort score]",
	 "the periodic evaluation sheet: indicators and a weighted score per "
	 "unit"},
};

int main(int argc, char **argv)
{
	return pb_cli_main(argc, argv, "pb-report",
			   "Read-only reports over a period: summary, unit feedback "
			   "sheets, pair health, members, evaluation, due lists.",
			   subs, sizeof subs / sizeof subs[0]);
}
