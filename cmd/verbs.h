/* The verbs every record command shares (verbs.c): add, show, set, rm,
 * list, import and export, written once over a pb_kind. A command
 * describes its kind with a pb_verbs (the kind, its option tables and
 * the few hooks where it differs), names the generic verbs in its pb_sub
 * table beside its own, and starts with pb_verbs_main. */
#ifndef PB_VERBS_H
#define PB_VERBS_H

#include "cli.h"

typedef struct pb_verbs {
	const pb_kind *kind;
	/* Option tables; NULL: none (import: --dry-run alone). A field
	 * option fills the field of its name; show's --as-of dates the
	 * record, import's --csv and --encoding read a CSV roster, export's
	 * --redact masks phones, rm's --force forces and prints what it did. */
	const pb_opt *add_opts, *set_opts, *show_opts, *rm_opts, *list_opts,
		*import_opts, *export_opts;
	/* Fill a record from the field options; NULL: pb_cli_rec_from_args. */
	int (*rec_from_args)(const pb_args *a, const pb_opt *opts, pb_rec *r,
			     pb_err *e);
	/* list's filter (filter_size bytes, zeroed, the kind's pb_*_filter
	 * first): list_args fills it from the options before the database is
	 * open (it prints its error and returns the exit status, 0 when
	 * good); list_refs, when there is one, resolves the references in
	 * the options after (a pb code, the error in e). */
	size_t filter_size;
	int (*list_args)(pb_ctx *c, const pb_args *a, void *filter);
	int (*list_refs)(pb_ctx *c, const pb_args *a, pb_db *db, void *filter,
			 pb_err *e);
	int progress; /* import draws a progress line on a terminal */
	/* export from the options, the database open to read (pb-member's
	 * --csv roster); NULL: the kind's YAML. A pb code, the error in e. */
	int (*export)(pb_ctx *c, const pb_args *a, pb_db *db, FILE *fp,
		      pb_err *e);
} pb_verbs;

/* main() of a record command: pb_cli_main with v as its verbs' kind. */
int pb_verbs_main(int argc, char **argv, const pb_verbs *v, const char *prog,
		  const char *about, const pb_sub *subs, size_t nsubs);

int pb_verb_add(pb_ctx *c, int argc, char **argv);
int pb_verb_show(pb_ctx *c, int argc, char **argv);
int pb_verb_set(pb_ctx *c, int argc, char **argv);
int pb_verb_rm(pb_ctx *c, int argc, char **argv);
int pb_verb_list(pb_ctx *c, int argc, char **argv);
int pb_verb_import(pb_ctx *c, int argc, char **argv);
int pb_verb_export(pb_ctx *c, int argc, char **argv);

/* Open the database and find the record of the command's kind that ref
 * names (a missing one is "not found", exit 1); a write (mode not
 * PB_READ) has begun its transaction. On failure db is NULL. */
int pb_verbs_open(pb_ctx *c, int mode, const char *ref, pb_db **db,
		  int64_t *id, pb_err *e);

/* For list_args: the key of a domain value ("enterprise", "企业") into
 * *key, text NULL leaving it; an unknown one is a usage error naming
 * `what` and the values. Returns the exit status. */
int pb_verbs_domain(pb_ctx *c, const pb_domain *d, const char *what,
		    const char *text, const char **key);
/* For list_refs: an org filter option (ref NULL: none, *id kept). */
int pb_verbs_org(pb_db *db, const char *ref, int64_t *id, pb_err *e);

#endif
