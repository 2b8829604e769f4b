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
	/* list --OPTION a,b keeps the rows whose field of that name ("kind",
	 * "category") is one of the values, checked against the field's
	 * domain (NULL: no such option); --name looks in list_names, and
	 * --search in every text field (rec_match.c). */
	const char *list_kinds;
	const char *const *list_names;
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

/* The records a verb acts on: its arguments, or, given "-" alone, the
 * lines of standard input (empty ones skipped). One record named twice
 * (by the same or another reference) is taken once, at its first place. */
typedef int (*pb_resolve_fn)(pb_db *db, const char *ref, int notfound_is_1,
			     int64_t *id, pb_err *e);
typedef struct pb_refs {
	size_t n;
	const char **ref;
	long *line;  /* its line of standard input; 0: an argument */
	int64_t *id; /* what each resolved to */
	int listed;  /* "-" or several arguments: show prints a sequence */
	int ids_only; /* resolve parses an id (db NULL), before opening */
	pb_resolve_fn resolve;
	char **owned; /* the lines read, n of them when read */
} pb_refs;

/* Read the references; ids_only ones are resolved now. A NUL byte, or a
 * reference that fails, fails them all, at <stdin>:LINE for a line. */
int pb_refs_read(const pb_args *a, int ids_only, pb_resolve_fn resolve,
		 pb_refs *r, pb_err *e);
/* Open the database for mode, begin a write, resolve what is left (a
 * missing record is "not found", exit 1); on failure db is NULL. */
int pb_refs_open(pb_ctx *c, int mode, pb_refs *r, pb_db **db, pb_err *e);
/* Place e, the failure of reference i, at its line; returns its code. */
int pb_refs_at(const pb_refs *r, size_t i, pb_err *e);
void pb_refs_free(pb_refs *r);
/* pb_refs_read and pb_refs_open with the command's kind. */
int pb_verbs_refs(pb_ctx *c, int mode, const pb_args *a, pb_refs *r,
		  pb_db **db, pb_err *e);

/* The lines of a stream, one at a time, without their \n or \r\n;
 * empty ones skipped. pb_lines_next: 1 with *line (valid until the next
 * call) at l->lineno, 0 at the end, -1 for a line holding a NUL byte. */
typedef struct pb_lines {
	FILE *fp;
	char *buf;
	size_t cap;
	long lineno;
} pb_lines;
int pb_lines_next(pb_lines *l, char **line);
void pb_lines_free(pb_lines *l);

/* For list_refs: an org filter option (ref NULL: none, *id kept). */
int pb_verbs_org(pb_db *db, const char *ref, int64_t *id, pb_err *e);

#endif
