/* pb-db: the database itself: init, check, rebuild, backup, dump, load,
 * and the audit log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const pb_opt no_opts[] = {{NULL, 0, NULL, NULL}};

static const pb_opt load_opts[] = {
	{"merge", 0, NULL, "upsert into a database that has records"},
	{"dry-run", 'n', NULL, "validate only; write nothing"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt log_opts[] = {
	{"period", 'P', "PERIOD", "only changes in PERIOD (UTC dates; default: "
				  "all)"},
	{NULL, 0, NULL, NULL},
};

static int cmd_init(pb_ctx *c, int argc, char **argv)
{
	ARGS(no_opts, 0, 0);
	pb_db *db;
	pb_err e;

	(void)a;
	if (pb_cli_open(c, PB_WRITE, &db, &e) != PB_OK)
		return pb_cli_error(c, &e);
	pb_db_close(db);
	return 0;
}

typedef struct problems {
	pb_ctx *c;
} problems;

static void say_problem(void *arg, const char *what)
{
	problems *p = arg;

	pb_cli_say(p->c, "%s", what);
}

static void say_removed(void *arg, const char *path)
{
	pb_cli_note(arg, "removed '%s', a temporary file left by a writer that "
			 "is gone", path);
}

/* The temporaries a killed pb left beside the database (a backup or an
 * -o output written there); a live writer's are kept. */
static void sweep_beside(pb_ctx *c)
{
	char path[4096];
	pb_err e;

	if (pb_cli_db_path(c, path, sizeof path, &e) == PB_OK &&
	    !pb_db_is_url(path))
		pb_tmp_sweep(path, say_removed, c);
}

static int cmd_check(pb_ctx *c, int argc, char **argv)
{
	ARGS(no_opts, 0, 0);
	problems p = {c};
	pb_db *db;
	pb_err e;
	int n, rc;

	(void)a;
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_db_check(db, say_problem, &p, &n, &e);
	pb_db_close(db);
	if (rc != PB_OK)
		return pb_cli_error(c, &e);
	sweep_beside(c);
	if (n) {
		pb_cli_say(c, "%d problem%s found", n, n == 1 ? "" : "s");
		return PB_DATAERR;
	}
	if (!c->quiet)
		fprintf(pb_cli_out(c), "ok\n");
	return 0;
}

/* The monthly totals recomputed from the records, in one write: what
 * to do when pb-db check finds them different (a write made outside
 * pb). */
static int cmd_rebuild(pb_ctx *c, int argc, char **argv)
{
	ARGS(no_opts, 0, 0);
	pb_db *db;
	pb_err e;
	int rc;

	(void)a;
	if ((rc = pb_cli_open(c, PB_UPDATE, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_totals_rebuild(db, &e);
	return pb_cli_commit(c, db, rc, &e);
}

static int cmd_backup(pb_ctx *c, int argc, char **argv)
{
	ARGS(no_opts, 1, 1);
	pb_db *db;
	pb_err e;
	int rc;

	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_db_backup(db, a.pos[0], &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

static int cmd_dump(pb_ctx *c, int argc, char **argv)
{
	ARGS(no_opts, 0, 0);
	pb_db *db;
	pb_err e;
	int rc;

	(void)a;
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	rc = pb_db_dump(db, pb_cli_out(c), &e);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

struct load {
	pb_ctx *c;
	const char *path;
	int merge;
};

static int run_load(pb_db *db, void *arg, int dry_run, pb_import_stats *st,
		    pb_diags *d, pb_err *e)
{
	struct load *x = arg;

	return pb_db_load(db, x->path, x->merge, dry_run, x->c->today_s, st, d, e);
}

static int cmd_load(pb_ctx *c, int argc, char **argv)
{
	ARGS(load_opts, 1, 1);
	struct load x = {c, a.pos[0], pb_arg(&a, load_opts, "merge") != NULL};

	return pb_cli_import(c, pb_arg(&a, load_opts, "dry-run") != NULL, run_load,
			     &x);
}

/* The trail within [from, to_next), either end NULL for none. */
struct log_span {
	const char *from, *to_next;
};

static int list_log(pb_db *db, const void *arg, pb_rec_fn fn, void *ctx,
		    pb_err *e)
{
	const struct log_span *x = arg;

	return pb_db_log(db, x->from, x->to_next, fn, ctx, e);
}

static int cmd_log(pb_ctx *c, int argc, char **argv)
{
	ARGS(log_opts, 0, 0);
	const char *period = pb_arg(&a, log_opts, "period");
	char from[11], to_next[11] = "";
	struct log_span x = {NULL, NULL};
	pb_date next;
	pb_period p;
	pb_db *db;
	pb_err e;
	int rc, server = 0;

	if (period) {
		if (pb_cli_period(c, period, NULL, &p, &e) != PB_OK)
			return pb_cli_usage_error(c, "%s", e.msg);
		pb_date_format(p.from, from);
		x.from = from;
		/* `at` is a UTC timestamp: the period ends before the next day;
		 * a period that ends the calendar has no end to give. */
		if (pb_date_add_days(p.to, 1, &next) == 0) {
			pb_date_format(next, to_next);
			x.to_next = to_next;
		}
	}
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	/* The database role and the server's time are columns of their own
	 * only where the trail has them (written on a server): a file's log
	 * keeps its five columns; --fields may always name them. */
	if (!c->fmt.fields && (rc = pb_db_log_has_server(db, &server, &e)) != PB_OK) {
		pb_db_close(db);
		return pb_cli_error(c, &e);
	}
	return pb_cli_list_run(c, db, pb_audit_fields,
			       c->fmt.fields || server ? pb_audit_nfields
						       : pb_audit_nfields_file,
			       list_log, &x, NULL);
}

static const pb_sub subs[] = {
	{"init", cmd_init, "", "create the database and its schema"},
	{"check", cmd_check, "",
	 "integrity, references and pb's invariants; exit 65 when broken"},
	{"rebuild", cmd_rebuild, "",
	 "recompute the monthly totals the reports read from the records"},
	{"backup", cmd_backup, "FILE",
	 "a consistent copy while others write (written atomically)"},
	{"dump", cmd_dump, "", "every record as one YAML document, in a stable order"},
	{"load", cmd_load, "FILE|- [--merge] [--dry-run]",
	 "load a dump into an empty database (--merge upserts), all or nothing"},
	{"log", cmd_log, "[--period PERIOD]",
	 "the audit trail: time, OS user, command, what changed (and, from a "
	 "server, database role and time)"},
};

int main(int argc, char **argv)
{
	return pb_cli_main(argc, argv, "pb-db",
			   "The database itself: init, check, backup, dump, load, "
			   "audit log.",
			   subs, sizeof subs / sizeof subs[0]);
}
