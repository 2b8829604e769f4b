/* pb-member: the roster of Party members, their registration (报到)
 * history with a community, and roster import from Excel. */
#include <stdio.h>

#include "verbs.h"

#define MEMBER_FIELD_OPTS                                                    \
	{"ref", 'r', "REF", "external id, unique: the roster number"},        \
	{"name", 'n', "NAME", "full name"},                                    \
	{"gender", 'g', "G", "m or f (or 男/女)"},                              \
	{"phone", 0, "PHONE", "mobile phone"},                                 \
	{"category", 'c', "CAT", "resident, retired, in-service, floating, "   \
				 "unemployed or veteran (or its Chinese label)"}, \
	{"org", 'O', "ORG", "the Party organization holding the membership"},  \
	{"community", 'C', "ORG", "register (报到) with this community"},      \
	{"registered", 0, "DATE", "date of registration (default: today)"},    \
	{"unit", 'u', "ORG", "work unit, for in-service members"},             \
	{"joined", 0, "DATE", "date the member joined the Party"},             \
	{"left", 0, "DATE", "date the member left the roster"},                \
	{"note", 0, "TEXT", "free text"}

static const pb_opt add_opts[] = {MEMBER_FIELD_OPTS, {NULL, 0, NULL, NULL}};
static const pb_opt set_opts[] = {MEMBER_FIELD_OPTS, {NULL, 0, NULL, NULL}};

static const pb_opt list_opts[] = {
	{"category", 'c', "CAT", "only members of these categories (CAT,CAT...)"},
	{"org", 'O', "ORG", "only members held by this organization"},
	{"community", 'C', "ORG", "only members registered with this community"},
	{"unit", 'u', "ORG", "only members working at this unit"},
	{"unregistered", 0, NULL, "only members registered with no community"},
	{"as-of", 0, "DATE", "registrations and membership on DATE (default: today)"},
	{"all", 'a', NULL, "include members who have left"},
	{"name", 0, "TEXT", "only members whose name contains TEXT"},
	{"search", 0, "TEXT", "only members with TEXT in a text field"},
	{NULL, 0, NULL, NULL},
};

static const char *const member_names[] = {"name", NULL};

static const pb_opt show_opts[] = {
	{"as-of", 0, "DATE", "the registration in force on DATE (default: today)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt rm_opts[] = {
	{"force", 0, NULL, "remove even when events refer to the member"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt register_opts[] = {
	{"community", 'C', "ORG", "the community registered with"},
	{"date", 'd', "DATE", "the date of registration (default: today)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt unregister_opts[] = {
	{"date", 'd', "DATE", "the date the member returned (default: today)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt import_opts[] = {
	{"csv", 0, NULL, "the file is a CSV roster (else YAML)"},
	{"encoding", 'e', "ENC", "utf-8 (default) or gb18030 (GBK) for CSV"},
	{"dry-run", 'n', NULL, "validate only; write nothing"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt export_opts[] = {
	{"redact", 0, NULL, "mask phone numbers (138****0001)"},
	{"csv", 0, NULL, "the roster as CSV with Chinese headings, for Excel"},
	{"encoding", 'e', "ENC", "utf-8 (default), gb18030 or gbk for --csv"},
	{NULL, 0, NULL, NULL},
};

struct member_list {
	pb_member_filter f;
	char as_of[11];
};

static int list_args(pb_ctx *c, const pb_args *a, void *filter)
{
	struct member_list *x = filter;
	pb_err e;

	x->f.all = pb_arg(a, list_opts, "all") != NULL;
	x->f.unregistered = pb_arg(a, list_opts, "unregistered") != NULL;
	if (x->f.unregistered && pb_arg(a, list_opts, "community"))
		return pb_cli_usage_error(c, "--unregistered and --community "
					  "contradict each other");
	if (pb_cli_date(c, "as-of", pb_arg(a, list_opts, "as-of"), x->as_of, &e) !=
	    PB_OK)
		return pb_cli_error(c, &e);
	x->f.as_of = x->as_of;
	return 0;
}

static int list_refs(pb_ctx *c, const pb_args *a, pb_db *db, void *filter,
		     pb_err *e)
{
	struct member_list *x = filter;
	int rc;

	(void)c;
	if ((rc = pb_verbs_org(db, pb_arg(a, list_opts, "org"), &x->f.org, e)) ||
	    (rc = pb_verbs_org(db, pb_arg(a, list_opts, "community"),
			       &x->f.community, e)))
		return rc;
	return pb_verbs_org(db, pb_arg(a, list_opts, "unit"), &x->f.unit, e);
}

static int cmd_register(pb_ctx *c, int argc, char **argv)
{
	ARGS(register_opts, 1, 1);
	const char *community = pb_arg(&a, register_opts, "community");
	int64_t id, org;
	char date[11];
	pb_db *db;
	pb_err e;
	int rc;

	if (!community)
		return pb_cli_usage_error(c, "--community is required");
	if ((rc = pb_cli_date(c, "date", pb_arg(&a, register_opts, "date"), date,
			      &e)) != PB_OK ||
	    (rc = pb_verbs_open(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_org_resolve(db, community, 0, &org, &e)) == PB_OK)
		rc = pb_member_register(db, id, org, date, &e);
	return pb_cli_commit(c, db, rc, &e);
}

static int cmd_unregister(pb_ctx *c, int argc, char **argv)
{
	ARGS(unregister_opts, 1, 1);
	char date[11];
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	if ((rc = pb_cli_date(c, "date", pb_arg(&a, unregister_opts, "date"), date,
			      &e)) != PB_OK ||
	    (rc = pb_verbs_open(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_member_unregister(db, id, date, &e);
	return pb_cli_commit(c, db, rc, &e);
}

/* export --csv: the roster for Excel (--bom and --raw are global). */
static int export_roster(pb_ctx *c, const pb_args *a, pb_db *db, FILE *fp,
			 pb_err *e)
{
	const char *encoding = pb_arg(a, export_opts, "encoding");
	int redact = pb_arg(a, export_opts, "redact") != NULL;

	if (pb_arg(a, export_opts, "csv"))
		return pb_member_export_csv(db, fp, c->today_s, redact, encoding,
					    c->fmt.bom, c->fmt.raw, e);
	if (encoding)
		return pb_fail(e, PB_USAGE, "--encoding applies to --csv rosters");
	return pb_kind_export(db, &pb_kind_member, fp, redact, e);
}

static const pb_sub subs[] = {
	{"add", pb_verb_add, "--name N --category C [--org O] [--community C] "
			     "[--unit U] [FIELD OPTIONS]",
	 "add a member; prints the id"},
	{"list", pb_verb_list, "[--category C[,C...]] [--org O] [--community C] "
			       "[--unit U] [--unregistered] [--as-of D] [--all] "
			       "[--name TEXT] [--search TEXT]",
	 "list members by id, with their registration on the day"},
	{"show", pb_verb_show, "ID|REF...|- [--as-of D]",
	 "show a member with the registration history, or several"},
	{"set", pb_verb_set, "ID|REF [FIELD OPTIONS]",
	 "change fields (an empty value clears one; --community moves)"},
	{"rm", pb_verb_rm, "ID|REF...|- [--force]",
	 "remove a member, or several (all or none)"},
	{"register", cmd_register, "ID|REF --community C [--date D]",
	 "register (报到) with a community; a move closes the previous one"},
	{"unregister", cmd_unregister, "ID|REF [--date D]",
	 "the member returned (已返回): close the open registration"},
	{"import", pb_verb_import, "FILE|- [--csv [--encoding gb18030]] [--dry-run]",
	 "import a YAML file or an Excel CSV roster, all or nothing; upserts by ref"},
	{"export", pb_verb_export, "[--redact] [--csv [--encoding gb18030]]",
	 "write members as YAML, or as a CSV roster, for import"},
};

int main(int argc, char **argv)
{
	static const pb_verbs member_verbs = {
		.kind = &pb_kind_member,
		.add_opts = add_opts,
		.set_opts = set_opts,
		.show_opts = show_opts,
		.rm_opts = rm_opts,
		.list_opts = list_opts,
		.import_opts = import_opts,
		.export_opts = export_opts,
		.filter_size = sizeof(struct member_list),
		.list_args = list_args,
		.list_refs = list_refs,
		.export = export_roster,
		.list_kinds = "category",
		.list_names = member_names,
	};

	return pb_verbs_main(argc, argv, &member_verbs, "pb-member",
			     "The roster of Party members and their registration "
			     "(报到) with a community.",
			     subs, sizeof subs / sizeof subs[0]);
}
