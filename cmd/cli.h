/* The command front end shared by every pb-* program: global options,
 * subcommand dispatch from a {name, fn} table, option tables that also
 * write --help, the output sink, and the one error path that prints
 * messages and picks the exit status. Only cmd/ prints or exits. */
#ifndef PB_CLI_H
#define PB_CLI_H

#include "pb.h"

/* One option of a subcommand; also a line of its --help. */
typedef struct pb_opt {
	const char *name;  /* long name */
	int short_name;	   /* 0: none */
	const char *arg;   /* argument name, NULL for a flag */
	const char *help;
} pb_opt;

#define PB_MAX_OPTS 40

/* What a subcommand's options parsed to. */
typedef struct pb_args {
	const char *val[PB_MAX_OPTS]; /* option value ("1" for a flag), or NULL */
	int npos;
	char **pos; /* positional arguments */
} pb_args;

typedef struct pb_ctx pb_ctx;

typedef struct pb_sub {
	const char *name;
	int (*fn)(pb_ctx *c, int argc, char **argv);
	const char *synopsis; /* "[--kind K] [--all]": after "pb-org list " */
	const char *summary;
} pb_sub;

struct pb_ctx {
	const char *prog;
	const char *sub; /* the subcommand being run */
	int argc;
	char **argv;
	pb_config cfg;
	const char *db_opt; /* the first --db */
	const char **dbs;   /* every --db, in order (a roll-up's sources) */
	size_t ndbs;
	pb_fmt_opts fmt;
	int format_given; /* -f given, or PB_FORMAT / config set it */
	const char *output;
	const char *output_guarded; /* the output output_guard passed */
	int quiet;
	pb_date today;
	char today_s[11];
	pb_out *out;
	FILE *devnull;
	const pb_opt *opts; /* of the running subcommand, for usage */
	const pb_sub *subs;
	size_t nsubs;
	int complete; /* --complete-words: list candidates, run nothing */
};

/* main() of every command. */
int pb_cli_main(int argc, char **argv, const char *prog, const char *about,
		const pb_sub *subs, size_t nsubs);
/* A nested verb table ("role add"). */
int pb_cli_dispatch(pb_ctx *c, int argc, char **argv, const char *group,
		    const pb_sub *subs, size_t nsubs);

/* Parse a subcommand's options (the global ones are accepted too); --help
 * prints usage and returns -1 with exit 0 stored in *status. Positional
 * arguments must number between min_pos and max_pos (-1: any). */
int pb_cli_args(pb_ctx *c, int argc, char **argv, const pb_opt *opts,
		int min_pos, int max_pos, pb_args *a, int *status);
/* The value of option `name`, or NULL. */
const char *pb_arg(const pb_args *a, const pb_opt *opts, const char *name);

/* Parse a subcommand's options into `a` (declared here with `status`),
 * returning from the subcommand on --help or a usage error. */
#define ARGS(opts, min, max)                                                \
	pb_args a;                                                          \
	int status;                                                         \
	if (pb_cli_args(c, argc, argv, opts, min, max, &a, &status) != 0) \
	return status

/* End a write: commit when rc is PB_OK, else roll back; close the
 * database; the exit status (the error printed when there is one). */
int pb_cli_commit(pb_ctx *c, pb_db *db, int rc, pb_err *e);

/* The data sink: stdout or the -o file (nothing with -q). */
FILE *pb_cli_out(pb_ctx *c);
/* The database's path or connection value: --db, PB_DB, config, default. */
int pb_cli_db_path(pb_ctx *c, char *path, size_t len, pb_err *e);
/* Open the database for reading or writing (pb_db_open semantics). */
int pb_cli_open(pb_ctx *c, int mode, pb_db **db, pb_err *e);
/* Parse a --period value against today. */
int pb_cli_period(pb_ctx *c, const char *text, const char *dflt, pb_period *p,
		  pb_err *e);
/* Parse a date option, with today as the default when text is NULL. */
int pb_cli_date(pb_ctx *c, const char *option, const char *text,
		char out[11], pb_err *e);

/* The one error path: print "prog: error: msg" (or FILE:LINE:COL: error:
 * msg) and return the exit status. */
int pb_cli_error(pb_ctx *c, const pb_err *e);
int pb_cli_diags(pb_ctx *c, const pb_diags *d);
int pb_cli_usage_error(pb_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A note on stderr (never with -q). */
void pb_cli_note(pb_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "prog: msg" on stderr, even with -q (a problem that was found). */
void pb_cli_say(pb_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Close the output: commit it on status 0, discard it otherwise; returns
 * the final exit status. */
int pb_cli_finish(pb_ctx *c, int status);

/* List helpers over pb_rec through the formatter. */
typedef struct pb_lister {
	pb_ctx *c;
	pb_fmt *f;
	long rows;
	const pb_match *match; /* the rows printed, or NULL: all */
} pb_lister;
int pb_cli_list_begin(pb_ctx *c, const pb_field *fields, size_t n,
		      pb_lister *l, pb_err *e);
int pb_cli_list_row(void *lister, const pb_rec *r);
int pb_cli_list_end(pb_lister *l, pb_err *e);
/* A list of records with these fields through the formatter, the rows
 * list(db, arg, ...) gives, each through row (NULL: pb_cli_list_row,
 * which a row hook ends with); closes db, returns the exit status. */
int pb_cli_list_run(pb_ctx *c, pb_db *db, const pb_field *fields, size_t n,
		    int (*list)(pb_db *db, const void *arg, pb_rec_fn fn,
				void *ctx, pb_err *e),
		    const void *arg, pb_rec_fn row);
/* The same, printing only the rows m keeps (m NULL: every row). */
int pb_cli_list_match(pb_ctx *c, pb_db *db, const pb_field *fields, size_t n,
		      int (*list)(pb_db *db, const void *arg, pb_rec_fn fn,
				  void *ctx, pb_err *e),
		      const void *arg, pb_rec_fn row, const pb_match *m);
/* A list's --name, --search and --OPTION a,b (option "kind" or
 * "category", of domain d; NULL: none) read from a and checked
 * (pb_match_opts) into m; --name looks in name_fields. */
int pb_cli_match(const pb_args *a, const pb_opt *opts, const char *option,
		 const pb_domain *d, const char *const *name_fields, pb_match *m,
		 pb_err *e);

/* An import: run(db, arg, ...) does the reading and writing; this opens
 * the database, lists every error or says what was created, updated and
 * unchanged, and returns the exit status. */
typedef int (*pb_import_fn)(pb_db *db, void *arg, int dry_run,
			    pb_import_stats *st, pb_diags *d, pb_err *e);
int pb_cli_import(pb_ctx *c, int dry_run, pb_import_fn run, void *arg);

/* Fill a record from every option whose name is one of its fields. */
int pb_cli_rec_from_args(const pb_args *a, const pb_opt *opts, pb_rec *r,
			 pb_err *e);

#endif
