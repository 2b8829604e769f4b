/* pb-member: the roster of Party members, their registration (报到)
 * history with a community, and roster import from Excel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
	{"category", 'c', "CAT", "only members of this category"},
	{"org", 'O', "ORG", "only members held by this organization"},
	{"community", 'C', "ORG", "only members registered with this community"},
	{"unit", 'u', "ORG", "only members working at this unit"},
	{"as-of", 0, "DATE", "registrations and membership on DATE (default: today)"},
	{"all", 'a', NULL, "include members who have left"},
	{NULL, 0, NULL, NULL},
};

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
	{NULL, 0, NULL, NULL},
};

/* Open for writing, begin, and resolve the member argument. */
static int open_member(pb_ctx *c, int mode, const char *ref, pb_db **db,
		       int64_t *id, pb_err *e)
{
	int rc;

	if ((rc = pb_cli_open(c, mode, db, e)) != PB_OK)
		return rc;
	if ((rc = pb_member_resolve(*db, ref, 1, id, e)) == PB_OK &&
	    mode != PB_READ)
		rc = pb_db_begin(*db, e);
	if (rc != PB_OK) {
		pb_db_close(*db);
		*db = NULL;
	}
	return rc;
}

static int cmd_add(pb_ctx *c, int argc, char **argv)
{
	ARGS(add_opts, 0, 0);
	char id[32];
	pb_db *db;
	pb_rec r;
	pb_err e;
	int rc;

	pb_rec_init(&r, pb_member_fields, pb_member_nfields);
	if ((rc = pb_cli_rec_from_args(&a, add_opts, &r, &e)) != PB_OK ||
	    (rc = pb_cli_open(c, PB_WRITE, &db, &e)) != PB_OK) {
		pb_rec_free(&r);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_member_insert(db, &r, c->today_s, &e);
	status = pb_cli_commit(c, db, rc, &e);
	snprintf(id, sizeof id, "%lld", (long long)r.id);
	pb_rec_free(&r);
	if (status == 0)
		fprintf(pb_cli_out(c), "%s\n", id);
	return status;
}

/* Resolve an org filter option into *id. */
static int org_filter(pb_db *db, const char *ref, int64_t *id, pb_err *e)
{
	return ref ? pb_org_resolve(db, ref, 0, id, e) : PB_OK;
}

static int cmd_list(pb_ctx *c, int argc, char **argv)
{
	ARGS(list_opts, 0, 0);
	const char *category = pb_arg(&a, list_opts, "category");
	pb_member_filter f = {c->today_s, NULL, 0, 0, 0, 0};
	char as_of[11], list[512];
	pb_lister l;
	pb_db *db;
	pb_err e;
	int rc;

	f.all = pb_arg(&a, list_opts, "all") != NULL;
	if (category && !(f.category = pb_domain_key(&pb_member_categories, category))) {
		pb_domain_list(&pb_member_categories, list, sizeof list);
		return pb_cli_usage_error(c, "unknown category '%s' (expected one of: "
					  "%s)", category, list);
	}
	if ((rc = pb_cli_date(c, "as-of", pb_arg(&a, list_opts, "as-of"), as_of,
			      &e)) != PB_OK)
		return pb_cli_error(c, &e);
	f.as_of = as_of;
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = org_filter(db, pb_arg(&a, list_opts, "org"), &f.org, &e)) ||
	    (rc = org_filter(db, pb_arg(&a, list_opts, "community"), &f.community,
			     &e)) ||
	    (rc = org_filter(db, pb_arg(&a, list_opts, "unit"), &f.unit, &e)))
		goto out;
	if ((rc = pb_cli_list_begin(c, pb_member_fields, pb_member_nfields, &l,
				    &e)) != PB_OK)
		goto out;
	rc = pb_member_list(db, &f, pb_cli_list_row, &l, &e);
	if (rc == PB_OK)
		rc = pb_cli_list_end(&l, &e);
	else
		pb_cli_list_end(&l, &(pb_err){0});
out:
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

/* The registration history, collected for show's nested list. */
typedef struct history {
	char **cells;
	size_t nrows, cap;
} history;

static int add_history(void *arg, const pb_rec *r)
{
	history *h = arg;
	size_t i;

	if (h->nrows == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		char **grown = realloc(h->cells, cap * r->n * sizeof *grown);

		if (!grown)
			return PB_SOFTWARE;
		h->cells = grown;
		h->cap = cap;
	}
	for (i = 0; i < r->n; i++)
		h->cells[h->nrows * r->n + i] = r->v[i] ? strdup(r->v[i]) : NULL;
	h->nrows++;
	return 0;
}

static int cmd_show(pb_ctx *c, int argc, char **argv)
{
	ARGS(show_opts, 1, 1);
	history h = {NULL, 0, 0};
	pb_sublist sub = {"registrations", "Registrations", "报到记录",
			  pb_registration_fields, pb_registration_nfields, NULL, 0};
	char as_of[11];
	pb_db *db;
	int64_t id;
	pb_rec r;
	pb_err e;
	size_t i;
	int rc;

	if ((rc = pb_cli_date(c, "as-of", pb_arg(&a, show_opts, "as-of"), as_of,
			      &e)) != PB_OK ||
	    (rc = open_member(c, PB_READ, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	pb_rec_init(&r, pb_member_fields, pb_member_nfields);
	if ((rc = pb_member_get(db, id, as_of, &r, &e)) == PB_OK &&
	    (rc = pb_member_history(db, id, add_history, &h, &e)) == PB_OK) {
		sub.cells = (const char *const *)h.cells;
		sub.nrows = h.nrows;
		rc = pb_fmt_show(pb_cli_out(c), &c->fmt, r.fields, r.n,
				 (const char *const *)r.v, &sub, 1, &e);
	}
	for (i = 0; i < h.nrows * pb_registration_nfields; i++)
		free(h.cells[i]);
	free(h.cells);
	pb_rec_free(&r);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static int cmd_set(pb_ctx *c, int argc, char **argv)
{
	ARGS(set_opts, 1, 1);
	pb_rec changes, r;
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	pb_rec_init(&changes, pb_member_fields, pb_member_nfields);
	pb_rec_init(&r, pb_member_fields, pb_member_nfields);
	if ((rc = pb_cli_rec_from_args(&a, set_opts, &changes, &e)) != PB_OK)
		goto fail;
	if (!changes.given) {
		pb_rec_free(&changes);
		return pb_cli_usage_error(c, "nothing to set: give at least one "
					  "field option");
	}
	if ((rc = open_member(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		goto fail;
	if ((rc = pb_member_get(db, id, c->today_s, &r, &e)) == PB_OK &&
	    (rc = pb_rec_merge(&r, &changes)) == PB_OK) {
		r.given = changes.given;
		rc = pb_member_update(db, &r, c->today_s, &e);
	}
	pb_rec_free(&changes);
	pb_rec_free(&r);
	return pb_cli_commit(c, db, rc, &e);
fail:
	pb_rec_free(&changes);
	pb_rec_free(&r);
	return pb_cli_error(c, &e);
}

static int cmd_rm(pb_ctx *c, int argc, char **argv)
{
	ARGS(rm_opts, 1, 1);
	char said[256];
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	if ((rc = open_member(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_member_delete(db, id, pb_arg(&a, rm_opts, "force") != NULL, said,
			      sizeof said, &e);
	status = pb_cli_commit(c, db, rc, &e);
	if (status == 0 && pb_arg(&a, rm_opts, "force"))
		pb_cli_note(c, "%s", said);
	return status;
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
	    (rc = open_member(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
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
	    (rc = open_member(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_member_unregister(db, id, date, &e);
	return pb_cli_commit(c, db, rc, &e);
}

struct member_import {
	pb_ctx *c;
	const char *path, *encoding;
	int csv;
};

static int run_import(pb_db *db, void *arg, int dry_run, pb_import_stats *st,
		      pb_diags *d, pb_err *e)
{
	struct member_import *x = arg;

	if (x->csv)
		return pb_member_import_csv(db, x->path, x->encoding, dry_run,
					    x->c->today_s, st, d, e);
	return pb_member_import(db, x->path, dry_run, x->c->today_s, st, d, e);
}

static int cmd_import(pb_ctx *c, int argc, char **argv)
{
	ARGS(import_opts, 1, 1);
	struct member_import x = {c, a.pos[0], pb_arg(&a, import_opts, "encoding"),
				  pb_arg(&a, import_opts, "csv") != NULL};

	if (x.encoding && !x.csv)
		return pb_cli_usage_error(c, "--encoding applies to --csv rosters");
	return pb_cli_import(c, pb_arg(&a, import_opts, "dry-run") != NULL,
			     run_import, &x);
}

static int cmd_export(pb_ctx *c, int argc, char **argv)
{
	ARGS(export_opts, 0, 0);
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_member_export(db, pb_cli_out(c), pb_arg(&a, export_opts, "redact")
							 != NULL, &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static const pb_sub subs[] = {
	{"add", cmd_add, "--name N --category C [--org O] [--community C] "
			 "[--unit U] [FIELD OPTIONS]",
	 "add a member; prints the id"},
	{"list", cmd_list, "[--category C] [--org O] [--community C] [--unit U] "
			   "[--as-of D] [--all]",
	 "list members by id, with their registration on the day"},
	{"show", cmd_show, "ID|REF [--as-of D]",
	 "show a member with the registration history"},
	{"set", cmd_set, "ID|REF [FIELD OPTIONS]",
	 "change fields (an empty value clears one; --community moves)"},
	{"rm", cmd_rm, "ID|REF [--force]", "remove a member"},
	{"register", cmd_register, "ID|REF --community C [--date D]",
	 "register (报到) with a community; a move closes the previous one"},
	{"unregister", cmd_unregister, "ID|REF [--date D]",
	 "the member returned (已返回): close the open registration"},
	{"import", cmd_import, "FILE|- [--csv [--encoding gb18030]] [--dry-run]",
	 "import a YAML file or an Excel CSV roster, all or nothing; upserts by ref"},
	{"export", cmd_export, "[--redact]", "write members as YAML for import"},
};

int main(int argc, char **argv)
{
	return pb_cli_main(argc, argv, "pb-member",
			   "The roster of Party members and their registration "
			   "(报到) with a community.",
			   subs, sizeof subs / sizeof subs[0]);
}
