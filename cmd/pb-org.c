/* pb-org: the registry of organizations, their tree, and their
 * office-holders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verbs.h"

#define ORG_FIELD_OPTS                                                          \
	{"name", 'n', "NAME", "full name"},                                       \
	{"kind", 'k', "KIND", "district, street, community, garrison, agency, " \
			      "institution, enterprise, private, school, "      \
			      "social, team or other (or its Chinese label)"},  \
	{"parent", 'p', "ORG", "the parent organization (code, id or name)"},    \
	{"uscc", 0, "USCC", "unified social credit code (18 characters)"},       \
	{"members", 'm', "N", "declared Party-member count"},                    \
	{"address", 0, "TEXT", "address"},                                       \
	{"contact", 0, "NAME", "contact person"},                                \
	{"phone", 0, "PHONE", "contact phone"},                                  \
	{"joined", 0, "DATE", "date it joined (YYYY-MM-DD)"},                    \
	{"left", 0, "DATE", "date it left; a left org is inactive"},             \
	{"note", 0, "TEXT", "free text"}

static const pb_opt add_opts[] = {
	{"code", 'c', "CODE", "unique code: [a-z0-9][a-z0-9._-]*, at most 64"},
	ORG_FIELD_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt set_opts[] = {
	{"code", 'c', "CODE", "a new code"},
	ORG_FIELD_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt list_opts[] = {
	{"kind", 'k', "KIND", "only organizations of these kinds (KIND,KIND...)"},
	{"parent", 'p', "ORG", "only the direct children of ORG"},
	{"all", 'a', NULL, "include those off the roll (left, or joining later)"},
	{"name", 0, "TEXT", "only organizations whose name contains TEXT"},
	{"search", 0, "TEXT", "only organizations with TEXT in a text field"},
	{"unpaired", 0, NULL, "only units that are the partner of no active pair"},
	{"no-meetings", 0, NULL, "only units at no joint meeting in --period"},
	{"period", 0, "PERIOD", "the period --no-meetings looks at"},
	{"as-of", 0, "DATE", "the roll and the pairs on DATE (default: today, or "
			     "the period's end)"},
	{NULL, 0, NULL, NULL},
};

static const char *const org_names[] = {"name", NULL};

static const pb_opt rm_opts[] = {
	{"force", 0, NULL, "also detach child orgs and remove roles"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt tree_opts[] = {
	{"all", 'a', NULL, "include organizations that have left"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt role_add_opts[] = {
	{"title", 't', "TITLE", "the office, e.g. 名誉书记 or 名誉主任"},
	{"name", 'n', "PERSON", "the office-holder"},
	{"from-org", 0, "ORG", "the unit the office-holder comes from"},
	{"since", 0, "DATE", "start of the term"},
	{"until", 0, "DATE", "end of the term"},
	{"note", 0, "TEXT", "free text"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt role_list_opts[] = {
	{"all", 'a', NULL, "include ended terms"},
	{"title", 't', "TITLE", "only terms of exactly this title (名誉书记)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt role_end_opts[] = {
	{"until", 0, "DATE", "the last day of the term (default: today)"},
	{NULL, 0, NULL, NULL},
};

/* The filter and the dates it points at. */
struct org_list {
	pb_org_filter f;
	char as_of[11], from[11], to[11];
};

/* --no-meetings --period P [--as-of D]: the period's days into from and
 * to, and the day of the roll: D, else the earlier of P's end and today. */
static int meetings_filter(pb_ctx *c, const pb_args *a, struct org_list *x,
			   pb_err *e)
{
	const char *period = pb_arg(a, list_opts, "period");
	const char *date = pb_arg(a, list_opts, "as-of");
	int wanted = pb_arg(a, list_opts, "no-meetings") != NULL;
	pb_period p;
	int rc;

	if (wanted != (period != NULL))
		return pb_fail(e, PB_USAGE, wanted ? "--no-meetings needs --period"
						   : "--period goes with --no-meetings");
	if ((rc = pb_cli_date(c, "as-of", date, x->as_of, e)) != PB_OK)
		return rc;
	x->f.today = x->as_of;
	if (!wanted)
		return PB_OK;
	if ((rc = pb_cli_period(c, period, NULL, &p, e)) != PB_OK)
		return e->code = PB_USAGE; /* as pb-report's --period */
	pb_date_format(p.from, x->from);
	pb_date_format(p.to, x->to);
	x->f.no_meetings_from = x->from;
	x->f.no_meetings_to = x->to;
	if (!date && pb_date_cmp(p.to, c->today) < 0)
		memcpy(x->as_of, x->to, 11);
	return PB_OK;
}

static int list_args(pb_ctx *c, const pb_args *a, void *filter)
{
	struct org_list *x = filter;
	pb_org_filter *f = &x->f;
	pb_err e;

	f->all = pb_arg(a, list_opts, "all") != NULL;
	f->unpaired = pb_arg(a, list_opts, "unpaired") != NULL;
	return meetings_filter(c, a, x, &e) == PB_OK ? 0 : pb_cli_error(c, &e);
}

static int list_refs(pb_ctx *c, const pb_args *a, pb_db *db, void *filter,
		     pb_err *e)
{
	pb_org_filter *f = filter;

	(void)c;
	return pb_verbs_org(db, pb_arg(a, list_opts, "parent"), &f->parent, e);
}

/* In a table the names are indented by depth, so the tree reads as one;
 * machine formats keep the plain name and the depth column. The indent
 * stops growing at TREE_INDENT levels, more than a street has: deeper,
 * the Depth column tells, and the table of a chain thousands deep stays
 * in proportion (the widest name pads every row). */
#define TREE_INDENT 32

static int tree_row(void *lister, const pb_rec *r)
{
	pb_lister *l = lister;
	long depth = atol(r->v[0]);
	int indent = 2 * (int)(depth < TREE_INDENT ? depth : TREE_INDENT);
	size_t len;
	pb_rec row = *r;
	int rc;

	if (l->c->fmt.format != PB_FMT_TABLE || depth == 0)
		return pb_cli_list_row(l, r);
	len = (size_t)indent + strlen(r->v[2]) + 1;
	if (!(row.v[2] = malloc(len))) /* the row unindented, not lost */
		return pb_cli_list_row(l, r);
	snprintf(row.v[2], len, "%*s%s", indent, "", r->v[2]);
	rc = pb_cli_list_row(l, &row);
	free(row.v[2]);
	return rc;
}

struct tree {
	int64_t root;
	int all;
	const char *today;
};

static int list_tree(pb_db *db, const void *arg, pb_rec_fn fn, void *ctx,
		     pb_err *e)
{
	const struct tree *t = arg;

	return pb_org_tree(db, t->root, t->all, t->today, fn, ctx, e);
}

static int cmd_tree(pb_ctx *c, int argc, char **argv)
{
	ARGS(tree_opts, 0, 1);
	struct tree t = {0, pb_arg(&a, tree_opts, "all") != NULL, c->today_s};
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if (a.npos && (rc = pb_org_resolve(db, a.pos[0], 1, &t.root, &e)) != PB_OK) {
		pb_db_close(db);
		return pb_cli_error(c, &e);
	}
	return pb_cli_list_run(c, db, pb_tree_fields, pb_tree_nfields, list_tree,
			       &t, tree_row);
}

static int cmd_role_add(pb_ctx *c, int argc, char **argv)
{
	ARGS(role_add_opts, 1, 1);
	const char *from = pb_arg(&a, role_add_opts, "from-org");
	char id[32];
	pb_db *db;
	pb_rec r;
	pb_err e;
	int rc;

	pb_rec_init(&r, pb_role_fields, pb_role_nfields);
	if ((rc = pb_rec_set(&r, "org", a.pos[0], &e)) != PB_OK ||
	    (rc = pb_cli_rec_from_args(&a, role_add_opts, &r, &e)) != PB_OK ||
	    (from && (rc = pb_rec_set(&r, "from_org", from, &e)) != PB_OK)) {
		pb_rec_free(&r);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_cli_open(c, PB_WRITE, &db, &e)) != PB_OK) {
		pb_rec_free(&r);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_role_insert(db, &r, &e);
	status = pb_cli_commit(c, db, rc, &e);
	snprintf(id, sizeof id, "%lld", (long long)r.id);
	pb_rec_free(&r);
	if (status == 0)
		fprintf(pb_cli_out(c), "%s\n", id);
	return status;
}

struct roles {
	int64_t org;
	int all;
	const char *today;
};

static int list_roles(pb_db *db, const void *arg, pb_rec_fn fn, void *ctx,
		      pb_err *e)
{
	const struct roles *x = arg;

	return pb_role_list(db, x->org, x->all, x->today, fn, ctx, e);
}

static int cmd_role_list(pb_ctx *c, int argc, char **argv)
{
	ARGS(role_list_opts, 0, 1);
	struct roles x = {0, pb_arg(&a, role_list_opts, "all") != NULL, c->today_s};
	const char *title = pb_arg(&a, role_list_opts, "title");
	pb_match m;
	pb_db *db;
	pb_err e;
	int rc;

	/* The title exactly as stored: 书记 is not 副书记. */
	pb_cli_match(&a, role_list_opts, NULL, NULL, NULL, &m, &e);
	if (title && ((rc = pb_match_text("title", title, &e)) != PB_OK ||
		      (rc = pb_match_in(&m, "title", NULL, "title", title, &e)) !=
			      PB_OK))
		return pb_cli_error(c, &e);
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_verbs_org(db, a.npos ? a.pos[0] : NULL, &x.org, &e)) != PB_OK) {
		pb_db_close(db);
		return pb_cli_error(c, &e);
	}
	return pb_cli_list_match(c, db, pb_role_fields, pb_role_nfields,
				 list_roles, &x, NULL, &m);
}

static int cmd_role_end(pb_ctx *c, int argc, char **argv)
{
	ARGS(role_end_opts, 1, 1);
	char until[11];
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	if ((rc = pb_id_parse("role", a.pos[0], &id, &e)) != PB_OK ||
	    (rc = pb_cli_date(c, "until", pb_arg(&a, role_end_opts, "until"), until,
			      &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_cli_open(c, PB_UPDATE, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_role_end(db, id, until, &e);
	return pb_cli_commit(c, db, rc, &e);
}

static const pb_sub role_subs[] = {
	{"add", cmd_role_add, "ORG --title TITLE --name PERSON [--from-org ORG2] "
			      "[--since DATE] [--until DATE] [--note TEXT]",
	 "record an office-holder of ORG; prints the role id"},
	{"list", cmd_role_list, "[ORG] [--title TITLE] [--all]",
	 "office-holders in office (all terms with --all)"},
	{"end", cmd_role_end, "ID [--until DATE]", "end a term (default: today)"},
};

static int cmd_role(pb_ctx *c, int argc, char **argv)
{
	return pb_cli_dispatch(c, argc, argv, "role", role_subs,
			       sizeof role_subs / sizeof role_subs[0]);
}

static const pb_sub subs[] = {
	{"add", pb_verb_add, "--code CODE --name NAME --kind KIND [--parent ORG] "
			     "[--members N] [FIELD OPTIONS]",
	 "add an organization; prints its code"},
	{"list", pb_verb_list,
	 "[--kind KIND[,KIND...]] [--parent ORG] [--all] [--name TEXT] "
	 "[--search TEXT] [--unpaired] [--no-meetings --period P] "
	 "[--as-of DATE]",
	 "list organizations by code (active ones unless --all)"},
	{"show", pb_verb_show, "ORG...|-", "show an organization, or several"},
	{"set", pb_verb_set, "ORG [FIELD OPTIONS]",
	 "change fields of an organization (an empty value clears one)"},
	{"rm", pb_verb_rm, "ORG...|- [--force]",
	 "remove an organization, or several (all or none)"},
	{"tree", cmd_tree, "[ROOT] [--all]",
	 "the hierarchy, with declared and total member counts"},
	{"role", cmd_role, "add|list|end ...", "office-holders (incl. 名誉书记/名誉主任)"},
	{"import", pb_verb_import, "FILE|- [--dry-run]",
	 "import orgs and roles from YAML, all or nothing; upserts by code"},
	{"export", pb_verb_export, "", "write orgs and roles as YAML for import"},
};

int main(int argc, char **argv)
{
	static const pb_verbs org_verbs = {
		.kind = &pb_kind_org,
		.add_opts = add_opts,
		.set_opts = set_opts,
		.rm_opts = rm_opts,
		.list_opts = list_opts,
		.filter_size = sizeof(struct org_list),
		.list_args = list_args,
		.list_refs = list_refs,
		.list_kinds = "kind",
		.list_names = org_names,
	};

	return pb_verbs_main(argc, argv, &org_verbs, "pb-org",
			     "The registry of organizations, their tree, and "
			     "their office-holders.",
			     subs, sizeof subs / sizeof subs[0]);
}
