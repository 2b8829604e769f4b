/* pb-pair: co-construction pairs (共建对子) between a community (or the
 * street) and a unit, with their targets. */
#include <stdio.h>
#include <string.h>

#include "verbs.h"

#define PAIR_FIELD_OPTS                                                        \
	{"community", 'c', "ORG", "the community or street side (code, id or "  \
				 "name)"},                                     \
	{"partner", 'p', "ORG", "the unit it pairs with (code, id or name)"},    \
	{"kind", 'k', "KIND", "enterprise, military, unit, school, aid or other " \
			      "(or its Chinese label)"},                        \
	{"since", 's', "DATE", "the day the pair began (YYYY-MM-DD)"},           \
	{"until", 0, "DATE", "the day it ended; inactive from then on"},         \
	{"goal", 'g', "TEXT", "what the pair means to achieve"},                 \
	{"target-households", 0, "N", "households to help"},                     \
	{"target-persons", 0, "N", "persons to help"},                           \
	{"target-yuan", 0, "YUAN", "money to raise: 60000, 6万 or 1234.5元"},     \
	{"note", 0, "TEXT", "free text"}

static const pb_opt add_opts[] = {
	PAIR_FIELD_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt set_opts[] = {
	PAIR_FIELD_OPTS,
	{NULL, 0, NULL, NULL},
};

static const pb_opt list_opts[] = {
	{"org", 'O', "ORG", "only pairs with ORG on either side"},
	{"kind", 'k', "KIND", "only pairs of these kinds (KIND,KIND...)"},
	{"active", 'a', NULL, "only pairs active today"},
	{"as-of", 0, "DATE", "only pairs active on DATE"},
	{"name", 0, "TEXT", "only pairs with TEXT in either side's name"},
	{"search", 0, "TEXT", "only pairs with TEXT in a text field"},
	{NULL, 0, NULL, NULL},
};

static const char *const pair_names[] = {"community_name", "partner_name",
					 NULL};

static const pb_opt end_opts[] = {
	{"until", 0, "DATE", "the day the pair ends (default: today)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt rm_opts[] = {
	{"force", 0, NULL, "remove it even when others refer to it"},
	{NULL, 0, NULL, NULL},
};

/* The field options, including the target ones whose names are spelled
 * with '-' where the field has '_'. */
static int rec_from_args(const pb_args *a, const pb_opt *opts, pb_rec *r,
			 pb_err *e)
{
	char field[32], m[PB_MSG_MAX];
	size_t i;
	int rc;

	if ((rc = pb_cli_rec_from_args(a, opts, r, e)) != PB_OK)
		return rc;
	for (i = 0; opts[i].name; i++) {
		char *p;

		if (!a->val[i] || strncmp(opts[i].name, "target-", 7) != 0)
			continue;
		snprintf(field, sizeof field, "%s", opts[i].name);
		for (p = field; (p = strchr(p, '-')); )
			*p = '_';
		if ((rc = pb_rec_set(r, field, a->val[i], e)) != PB_OK) {
			snprintf(m, sizeof m, "%s", e->msg);
			return pb_fail(e, rc, "--%s: %s", opts[i].name,
				       strncmp(m, field, strlen(field)) == 0
					       ? m + strlen(field) + 2
					       : m);
		}
	}
	return PB_OK;
}

struct pair_list {
	pb_pair_filter f;
	char day[11];
};

static int list_args(pb_ctx *c, const pb_args *a, void *filter)
{
	struct pair_list *x = filter;
	const char *as_of = pb_arg(a, list_opts, "as-of");
	pb_err e;

	if (as_of || pb_arg(a, list_opts, "active")) {
		if (pb_cli_date(c, "as-of", as_of, x->day, &e) != PB_OK)
			return pb_cli_error(c, &e);
		x->f.active_on = x->day;
	}
	return 0;
}

static int list_refs(pb_ctx *c, const pb_args *a, pb_db *db, void *filter,
		     pb_err *e)
{
	struct pair_list *x = filter;

	(void)c;
	return pb_verbs_org(db, pb_arg(a, list_opts, "org"), &x->f.org, e);
}

/* Every pair given, in one transaction. */
static int cmd_end(pb_ctx *c, int argc, char **argv)
{
	ARGS(end_opts, 1, -1);
	char until[11];
	pb_refs r;
	pb_db *db;
	pb_err e;
	size_t i;
	int rc;

	if ((rc = pb_cli_date(c, "until", pb_arg(&a, end_opts, "until"), until,
			      &e)) != PB_OK ||
	    (rc = pb_verbs_refs(c, PB_UPDATE, &a, &r, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	for (i = 0; i < r.n && rc == PB_OK; i++)
		if ((rc = pb_pair_end(db, r.id[i], until, &e)) != PB_OK)
			pb_refs_at(&r, i, &e);
	pb_refs_free(&r);
	return pb_cli_commit(c, db, rc, &e);
}

static const pb_sub subs[] = {
	{"add", pb_verb_add, "--community C --partner P --kind K --since D "
			     "[--goal T] [--target-households N] [--target-persons N] "
			     "[--target-yuan Y] [--until D] [--note T]",
	 "add a pair; prints its id"},
	{"list", pb_verb_list, "[--org O] [--kind K[,K...]] [--active | --as-of D] "
			       "[--name TEXT] [--search TEXT]",
	 "list pairs by id (only those active today or on D when asked)"},
	{"show", pb_verb_show, "ID...|-", "show a pair, or several"},
	{"set", pb_verb_set, "ID [FIELD OPTIONS]",
	 "change fields of a pair (an empty value clears one)"},
	{"end", cmd_end, "ID...|- [--until D]",
	 "end a pair, or several (default: today)"},
	{"rm", pb_verb_rm, "ID...|- [--force]",
	 "remove a pair, or several (all or none)"},
	{"import", pb_verb_import, "FILE|- [--dry-run]",
	 "import pairs from YAML, all or nothing; upserts by community, "
	 "partner, kind and since"},
	{"export", pb_verb_export, "", "write pairs as YAML for import"},
};

int main(int argc, char **argv)
{
	static const pb_verbs pair_verbs = {
		.kind = &pb_kind_pair,
		.add_opts = add_opts,
		.set_opts = set_opts,
		.rm_opts = rm_opts,
		.list_opts = list_opts,
		.rec_from_args = rec_from_args,
		.filter_size = sizeof(struct pair_list),
		.list_args = list_args,
		.list_refs = list_refs,
		.list_kinds = "kind",
		.list_names = pair_names,
	};

	return pb_verbs_main(argc, argv, &pair_verbs, "pb-pair",
			     "Co-construction pairs between a community (or the "
			     "street) and a unit, with their targets.",
			     subs, sizeof subs / sizeof subs[0]);
}
