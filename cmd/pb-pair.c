/* pb-pair: co-construction pairs (共建对子) between a community (or the
 * street) and a unit, with their targets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
	{"kind", 'k', "KIND", "only pairs of this kind"},
	{"active", 'a', NULL, "only pairs active today"},
	{"as-of", 0, "DATE", "only pairs active on DATE"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt no_opts[] = {{NULL, 0, NULL, NULL}};

static const pb_opt end_opts[] = {
	{"until", 0, "DATE", "the day the pair ends (default: today)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt rm_opts[] = {
	{"force", 0, NULL, "remove it even when others refer to it"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt import_opts[] = {
	{"dry-run", 'n', NULL, "validate only; write nothing"},
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

static int cmd_add(pb_ctx *c, int argc, char **argv)
{
	ARGS(add_opts, 0, 0);
	char id[32];
	pb_db *db;
	pb_rec r;
	pb_err e;
	int rc;

	pb_rec_init(&r, pb_pair_fields, pb_pair_nfields);
	/* Validate the input before touching the database. */
	if ((rc = rec_from_args(&a, add_opts, &r, &e)) != PB_OK) {
		pb_rec_free(&r);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_cli_open(c, PB_WRITE, &db, &e)) != PB_OK) {
		pb_rec_free(&r);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_pair_insert(db, &r, &e);
	status = pb_cli_commit(c, db, rc, &e);
	snprintf(id, sizeof id, "%lld", (long long)r.id);
	pb_rec_free(&r);
	if (status == 0)
		fprintf(pb_cli_out(c), "%s\n", id);
	return status;
}

static int cmd_list(pb_ctx *c, int argc, char **argv)
{
	ARGS(list_opts, 0, 0);
	pb_pair_filter f = {0, NULL, NULL};
	const char *kind = pb_arg(&a, list_opts, "kind");
	const char *org = pb_arg(&a, list_opts, "org");
	const char *as_of = pb_arg(&a, list_opts, "as-of");
	char list[512], day[11];
	pb_lister l;
	pb_db *db;
	pb_err e;
	int rc;

	if (kind && !(f.kind = pb_domain_key(&pb_pair_kinds, kind))) {
		pb_domain_list(&pb_pair_kinds, list, sizeof list);
		return pb_cli_usage_error(c, "unknown kind '%s' (expected one of: %s)",
					  kind, list);
	}
	if (as_of || pb_arg(&a, list_opts, "active")) {
		if ((rc = pb_cli_date(c, "as-of", as_of, day, &e)) != PB_OK)
			return pb_cli_error(c, &e);
		f.active_on = day;
	}
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if (org && (rc = pb_org_resolve(db, org, 0, &f.org, &e)) != PB_OK)
		goto out;
	if ((rc = pb_cli_list_begin(c, pb_pair_fields, pb_pair_nfields, &l, &e)) !=
	    PB_OK)
		goto out;
	rc = pb_pair_list(db, &f, pb_cli_list_row, &l, &e);
	if (rc == PB_OK)
		rc = pb_cli_list_end(&l, &e);
	else
		pb_cli_list_end(&l, &(pb_err){0});
out:
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

/* Parse the pair id argument and open the database. */
static int open_pair(pb_ctx *c, int mode, const char *text, pb_db **db,
		     int64_t *id, pb_err *e)
{
	int rc;

	if ((rc = pb_id_parse("pair", text, id, e)) != PB_OK)
		return rc;
	return pb_cli_open(c, mode, db, e);
}

static int cmd_show(pb_ctx *c, int argc, char **argv)
{
	ARGS(no_opts, 1, 1);
	pb_db *db;
	int64_t id;
	pb_rec r;
	pb_err e;
	int rc;

	if ((rc = open_pair(c, PB_READ, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	pb_rec_init(&r, pb_pair_fields, pb_pair_nfields);
	if ((rc = pb_pair_get(db, id, &r, &e)) == PB_OK)
		rc = pb_cli_show(c, &r, &e);
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

	pb_rec_init(&changes, pb_pair_fields, pb_pair_nfields);
	pb_rec_init(&r, pb_pair_fields, pb_pair_nfields);
	if ((rc = rec_from_args(&a, set_opts, &changes, &e)) != PB_OK)
		goto fail;
	if (!changes.given) {
		pb_rec_free(&changes);
		return pb_cli_usage_error(c, "nothing to set: give at least one "
					  "field option");
	}
	if ((rc = open_pair(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		goto fail;
	if ((rc = pb_db_begin(db, &e)) == PB_OK &&
	    (rc = pb_pair_get(db, id, &r, &e)) == PB_OK) {
		if (pb_rec_merge(&r, &changes) != PB_OK)
			rc = pb_fail(&e, PB_SOFTWARE, "out of memory");
		else
			rc = pb_pair_update(db, &r, &e);
	}
	pb_rec_free(&changes);
	pb_rec_free(&r);
	return pb_cli_commit(c, db, rc, &e);
fail:
	pb_rec_free(&changes);
	pb_rec_free(&r);
	return pb_cli_error(c, &e);
}

static int cmd_end(pb_ctx *c, int argc, char **argv)
{
	ARGS(end_opts, 1, 1);
	char until[11];
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	if ((rc = pb_cli_date(c, "until", pb_arg(&a, end_opts, "until"), until,
			      &e)) != PB_OK ||
	    (rc = open_pair(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_pair_end(db, id, until, &e);
	return pb_cli_commit(c, db, rc, &e);
}

static int cmd_rm(pb_ctx *c, int argc, char **argv)
{
	ARGS(rm_opts, 1, 1);
	char said[512];
	pb_db *db;
	int64_t id;
	pb_err e;
	int rc;

	if ((rc = open_pair(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_pair_delete(db, id, pb_arg(&a, rm_opts, "force") != NULL, said,
				    sizeof said, &e);
	status = pb_cli_commit(c, db, rc, &e);
	if (status == 0 && pb_arg(&a, rm_opts, "force"))
		pb_cli_note(c, "%s", said);
	return status;
}

static int run_import(pb_db *db, void *arg, int dry_run, pb_import_stats *st,
		      pb_diags *d, pb_err *e)
{
	return pb_pair_import(db, arg, dry_run, st, d, e);
}

static int cmd_import(pb_ctx *c, int argc, char **argv)
{
	ARGS(import_opts, 1, 1);
	return pb_cli_import(c, pb_arg(&a, import_opts, "dry-run") != NULL,
			     run_import, a.pos[0]);
}

static int cmd_export(pb_ctx *c, int argc, char **argv)
{
	ARGS(no_opts, 0, 0);
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_pair_export(db, pb_cli_out(c), &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static const pb_sub subs[] = {
	{"add", cmd_add, "--community C --partner P --kind K --since D "
			 "[--goal T] [--target-households N] [--target-persons N] "
			 "[--target-yuan Y] [--until D] [--note T]",
	 "add a pair; prints its id"},
	{"list", cmd_list, "[--org O] [--kind K] [--active | --as-of D]",
	 "list pairs by id (only those active today or on D when asked)"},
	{"show", cmd_show, "ID", "show one pair"},
	{"set", cmd_set, "ID [FIELD OPTIONS]",
	 "change fields of a pair (an empty value clears one)"},
	{"end", cmd_end, "ID [--until D]", "end a pair (default: today)"},
	{"rm", cmd_rm, "ID [--force]", "remove a pair"},
	{"import", cmd_import, "FILE|- [--dry-run]",
	 "import pairs from YAML, all or nothing; upserts by community, "
	 "partner, kind and since"},
	{"export", cmd_export, "", "write pairs as YAML for import"},
};

int main(int argc, char **argv)
{
	return pb_cli_main(argc, argv, "pb-pair",
			   "Co-construction pairs between a community (or the "
			   "street) and a unit, with their targets.",
			   subs, sizeof subs / sizeof subs[0]);
}
