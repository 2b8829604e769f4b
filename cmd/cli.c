/* The command front end shared by every pb-* program (see cli.h). */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const pb_opt global_opts[] = {
	{"db", 0, "PATH", "the database file (env PB_DB); pb-report's roll-ups: several, or a DIR"},
	{"format", 'f', "FMT", "table, tsv, csv, json, jsonl, yaml, xlsx (with -o); reports also md, html; summaries also brief (env PB_FORMAT)"},
	{"fields", 0, "A,B,C", "which columns list prints, in that order"},
	{"header", 0, NULL, "a header line in tsv"},
	{"quiet", 'q', NULL, "print nothing on success"},
	{"output", 'o', "FILE", "write to FILE atomically"},
	{"bom", 0, NULL, "start csv with a UTF-8 byte-order mark"},
	{"raw", 0, NULL, "keep csv cells that start with = + - @ as they are"},
	{"help", 'h', NULL, "show this help"},
	{"version", 'V', NULL, "show the version"},
	{NULL, 0, NULL, NULL},
};
enum { G_DB, G_FORMAT, G_FIELDS, G_HEADER, G_QUIET, G_OUTPUT, G_BOM, G_RAW,
       G_HELP, G_VERSION, G_N };

static void print_opts(FILE *fp, const pb_opt *opts)
{
	char left[64];

	for (; opts && opts->name; opts++) {
		if (!opts->help)
			continue;
		if (opts->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", opts->short_name,
				 opts->name, opts->arg ? " " : "",
				 opts->arg ? opts->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", opts->name,
				 opts->arg ? " " : "", opts->arg ? opts->arg : "");
		fprintf(fp, "  %-26s %s\n", left, opts->help);
	}
}

static void main_usage(pb_ctx *c, FILE *fp, const char *about)
{
	size_t i;

	fprintf(fp, "usage: %s [GLOBAL OPTIONS] SUBCOMMAND [OPTIONS] [ARGS]\n\n",
		c->prog);
	if (about)
		fprintf(fp, "%s\n\n", about);
	fprintf(fp, "subcommands:\n");
	for (i = 0; i < c->nsubs; i++)
		fprintf(fp, "  %-14s %s\n", c->subs[i].name, c->subs[i].summary);
	fprintf(fp, "\nglobal options:\n");
	print_opts(fp, global_opts);
	fprintf(fp, "\n'%s SUBCOMMAND --help' shows a subcommand's options; "
		    "man %s has the rest.\n",
		c->prog, c->prog);
}

static const pb_sub *find_sub(const pb_sub *subs, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(subs[i].name, name) == 0)
			return &subs[i];
	return NULL;
}

static void sub_list(const pb_sub *subs, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
					subs[i].name);
}

/* Every message leaves through here, one line escaped whole: a name, a
 * file name or an argument it echoes (the user's, or getopt's, which is
 * told not to print) never puts a control character or an escape
 * sequence on the terminal.  The line is "PROG: TAG" and the message,
 * or the message alone when prog is NULL. */
static void vsay(const char *prog, const char *tag, const char *fmt,
		 va_list ap)
{
	char msg[2048], shown[4 * sizeof msg];
	int n = prog ? snprintf(msg, sizeof msg, "%s: %s", prog, tag) : 0;

	vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
	pb_escape_ctl(msg, shown, sizeof shown);
	fprintf(stderr, "%s\n", shown);
}

static void say(const char *prog, const char *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(const char *prog, const char *tag, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(prog, tag, fmt, ap);
	va_end(ap);
}

int pb_cli_usage_error(pb_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(c->prog, "error: ", fmt, ap);
	va_end(ap);
	if (c->sub)
		say(NULL, "", "(see '%s %s --help')", c->prog, c->sub);
	else
		say(NULL, "", "(see '%s --help')", c->prog);
	return PB_USAGE;
}

void pb_cli_say(pb_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(c->prog, "", fmt, ap);
	va_end(ap);
}

void pb_cli_note(pb_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->quiet)
		return;
	va_start(ap, fmt);
	vsay(c->prog, "", fmt, ap);
	va_end(ap);
}

int pb_cli_error(pb_ctx *c, const pb_err *e)
{
	/* A failure that lost its message is still a failure: never exit 0
	 * after "error:". */
	if (e->code == PB_OK || !e->msg[0]) {
		say(c->prog, "error: ", "internal error: %s",
		    e->msg[0] ? e->msg : "a failure without a message");
		return PB_SOFTWARE;
	}
	if (e->file[0] && e->line > 0 && e->col > 0)
		say(NULL, "", "%s:%ld:%ld: error: %s", e->file, e->line, e->col,
		    e->msg);
	else if (e->file[0] && e->line > 0)
		say(NULL, "", "%s:%ld: error: %s", e->file, e->line, e->msg);
	else if (e->code == PB_USAGE)
		return pb_cli_usage_error(c, "%s", e->msg);
	else
		say(c->prog, "error: ", "%s", e->msg);
	return pb_exit_code(e->code);
}

int pb_cli_diags(pb_ctx *c, const pb_diags *d)
{
	int i;

	for (i = 0; i < d->n; i++)
		pb_cli_error(c, &d->item[i]);
	if (d->more)
		say(c->prog, "error: ", "%d more error%s not shown", d->more,
		    d->more == 1 ? "" : "s");
	if (d->n)
		say(c->prog, "", "nothing was written");
	return pb_exit_code(d->code ? d->code : PB_DATAERR);
}

/* Handle one global option; returns -1 when it was not a global. */
static int global_opt(pb_ctx *c, int which, const char *arg, int *status)
{
	pb_err e;

	switch (which) {
	case G_DB: {
		char path[4096];

		if (pb_db_locate(arg, NULL, path, sizeof path, NULL, &e) ==
		    PB_USAGE) {
			*status = pb_cli_error(c, &e);
			return 1;
		}
		/* Every --db is kept: a roll-up reads them all, and any other
		 * command refuses more than one (pb_cli_open) rather than
		 * silently using the last. */
		if (!c->dbs && !(c->dbs = calloc((size_t)c->argc + 1, sizeof *c->dbs))) {
			*status = PB_SOFTWARE;
			return 1;
		}
		if (!c->db_opt)
			c->db_opt = arg;
		c->dbs[c->ndbs++] = arg;
		return 0;
	}
	case G_FORMAT:
		if (pb_format_parse_err(arg, &c->fmt.format, &e) != PB_OK) {
			*status = pb_cli_error(c, &e);
			return 1;
		}
		c->format_given = 1;
		return 0;
	case G_FIELDS:
		c->fmt.fields = arg;
		return 0;
	case G_HEADER:
		c->fmt.header = 1;
		return 0;
	case G_QUIET:
		c->quiet = 1;
		return 0;
	case G_OUTPUT:
		c->output = arg;
		return 0;
	case G_BOM:
		c->fmt.bom = 1;
		return 0;
	case G_RAW:
		c->fmt.raw = 1;
		return 0;
	case G_VERSION:
		printf("%s %s (%s, libyaml %s)\n", c->prog, PB_VERSION,
		       pb_db_engine_version(), pb_yaml_version());
		*status = 0;
		return 1;
	}
	return -1;
}

/* Build getopt_long tables from global + subcommand options. Option
 * values: a short letter where there is one, else 1000 + index. */
static void build_getopt(const pb_opt *opts, struct option *lo, char *so,
			 size_t *nopts)
{
	size_t n = 0, k = 0, i;
	const pb_opt *tables[2] = {global_opts, opts};
	int t;

	so[k++] = '+'; /* stop at the first positional: the subcommand */
	so[k++] = ':';
	for (t = 0; t < 2; t++)
		for (i = 0; tables[t] && tables[t][i].name; i++, n++) {
			const pb_opt *o = &tables[t][i];

			lo[n].name = o->name;
			lo[n].has_arg = o->arg ? required_argument : no_argument;
			lo[n].flag = NULL;
			lo[n].val = o->short_name ? o->short_name : 1000 + (int)n;
			if (o->short_name) {
				so[k++] = (char)o->short_name;
				if (o->arg)
					so[k++] = ':';
			}
		}
	memset(&lo[n], 0, sizeof lo[n]);
	so[k] = '\0';
	*nopts = n;
}

static int opt_index(const pb_opt *opts, size_t nglobal, int val)
{
	size_t i;

	if (val >= 1000)
		return val - 1000;
	for (i = 0; global_opts[i].name; i++)
		if (global_opts[i].short_name == val)
			return (int)i;
	for (i = 0; opts && opts[i].name; i++)
		if (opts[i].short_name == val)
			return (int)(nglobal + i);
	return -1;
}

static void sub_usage(pb_ctx *c, FILE *fp, const pb_sub *s, const pb_opt *opts)
{
	const char *syn = s ? s->synopsis : "";

	fprintf(fp, "usage: %s %s%s%s\n\n%s\n", c->prog, c->sub, *syn ? " " : "",
		syn, s ? s->summary : "");
	if (opts && opts->name) {
		fprintf(fp, "\noptions:\n");
		print_opts(fp, opts);
	}
	fprintf(fp, "\nglobal options:\n");
	print_opts(fp, global_opts);
}

static const pb_sub *current_sub;

/* -f brief is a summary as a paragraph: pb-report's summary, monthly,
 * quarterly and annual take it (before the subcommand is known, any of
 * pb-report's may be one of them). */
#define BRIEF_REPORTS "pb-report summary, monthly, quarterly and annual"
static int takes_brief(const pb_ctx *c)
{
	static const char *const takers[] = {"summary", "monthly", "quarterly",
					     "annual"};
	size_t i;

	if (strcmp(c->prog, "pb-report") != 0)
		return 0;
	for (i = 0; current_sub && i < sizeof takers / sizeof *takers; i++)
		if (strcmp(current_sub->name, takers[i]) == 0)
			return 1;
	return !current_sub;
}

/* Shell completion (completion/pb.bash, completion/_pb): the hidden first
 * argument --complete-words, followed by the words typed so far (after
 * the program name, before the one being completed), prints the
 * candidates for the next word, one per line, from the very tables that
 * parse the options: subcommands, nested verbs, long options, and the
 * values of an option that waits for one.  It is not in --help, runs no
 * subcommand and writes nothing; org codes are read from the database. */
static int print_org_code(void *ctx, const pb_rec *r)
{
	(void)ctx;
	printf("%s\n", pb_rec_get(r, "code"));
	return PB_OK;
}

static void complete_orgs(pb_ctx *c)
{
	pb_org_filter f = {.all = 1};
	pb_db *db;
	pb_err e;

	if (pb_config_load(&c->cfg, &e) != PB_OK ||
	    pb_today(&c->today, &e) != PB_OK)
		return;
	pb_date_format(c->today, c->today_s);
	f.today = c->today_s;
	if (pb_cli_open(c, PB_READ, &db, &e) != PB_OK)
		return;
	pb_org_list(db, &f, print_org_code, NULL, &e);
	pb_db_close(db);
}

static void complete_domain(const pb_domain *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		printf("%s\n", d->labels[i].key);
}

/* The values an option takes, by the name of its argument. */
static void complete_value(pb_ctx *c, const pb_opt *o)
{
	const char *arg = o->arg;
	int i, nfmt;

	if (strcmp(o->name, "format") == 0) {
		/* md and html are the reports' alone */
		nfmt = strcmp(c->prog, "pb-report") == 0 ? PB_FMT_HTML + 1
							  : PB_FMT_YAML + 1;
		for (i = 0; i < nfmt; i++)
			printf("%s\n", pb_format_name(i));
		if (takes_brief(c))
			printf("%s\n", pb_format_name(PB_FMT_BRIEF));
		printf("%s\n", pb_format_name(PB_FMT_XLSX));
	} else if (strcmp(arg, "ORG") == 0) {
		complete_orgs(c);
	} else if (strcmp(arg, "KIND") == 0) {
		if (strcmp(c->prog, "pb-org") == 0)
			complete_domain(&pb_org_kinds);
		else if (strcmp(c->prog, "pb-pair") == 0)
			complete_domain(&pb_pair_kinds);
		else if (strcmp(c->prog, "pb-event") == 0)
			complete_domain(&pb_event_kinds);
	} else if (strcmp(arg, "CAT") == 0) {
		complete_domain(&pb_member_categories);
	} else if (strcmp(arg, "TYPE") == 0) {
		complete_domain(&pb_contribution_types);
	} else if (strcmp(arg, "ROLE") == 0) {
		complete_domain(&pb_participant_roles);
	} else if (strcmp(arg, "PERIOD") == 0) {
		for (i = 0; pb_relative_periods[i]; i++)
			printf("%s\n", pb_relative_periods[i]);
	} else if (strcmp(arg, "ENC") == 0) {
		printf("utf-8\ngb18030\n");
	} else if (strcmp(arg, "G") == 0) {
		printf("m\nf\n");
	} else if (strcmp(arg, "street") == 0) {
		/* pb-report --by: the one value it takes */
		printf("street\n");
	}
}

/* An option of the two tables by its short letter, or by its long name
 * or, as getopt_long takes it, an unambiguous prefix of one. */
static const pb_opt *find_opt(const pb_opt *const tables[2], const char *name,
			      size_t len, int short_name)
{
	const pb_opt *o, *prefix = NULL;
	int t, nprefix = 0;

	for (t = 0; t < 2; t++)
		for (o = tables[t]; o && o->name; o++) {
			if (short_name) {
				if (o->short_name == short_name)
					return o;
			/* cppcheck-suppress nullPointer */
			} else if (strncmp(o->name, name, len) == 0) {
				if (strlen(o->name) == len)
					return o;
				prefix = o;
				nprefix++;
			}
		}
	return nprefix == 1 ? prefix : NULL;
}

typedef void (*value_fn)(void *ctx, const pb_opt *o, int word, size_t off);

/* Walk the words as getopt_long reads them, global options and opts: fn
 * gets each option that takes a value, and where that value is: word
 * `word` (n: not typed yet) from byte off. With stop_at_pos, stops at the
 * first positional (the subcommand) and returns its index (n: none); else
 * returns how many positionals there are. */
static int walk_words(int n, char **w, const pb_opt *opts, int stop_at_pos,
		      value_fn fn, void *ctx)
{
	const pb_opt *const tables[2] = {global_opts, opts};
	const pb_opt *o;
	int i, npos = 0, only_pos = 0;

	for (i = 0; i < n; i++) {
		const char *s = w[i];

		if (only_pos || s[0] != '-' || s[1] == '\0') {
			if (stop_at_pos)
				return i;
			npos++;
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (s[1] == '-') {
			const char *eq = strchr(s + 2, '=');

			o = find_opt(tables, s + 2,
				     eq ? (size_t)(eq - s - 2) : strlen(s + 2), 0);
			if (o && o->arg && eq) {
				fn(ctx, o, i, (size_t)(eq + 1 - s));
				continue;
			}
		} else {
			const char *p;

			for (p = s + 1, o = NULL; *p; p++)
				if ((o = find_opt(tables, NULL, 0, (unsigned char)*p)) &&
				    o->arg)
					break;
			if (o && o->arg && p[1]) {
				fn(ctx, o, i, (size_t)(p + 1 - s));
				continue;
			}
		}
		if (!o || !o->arg)
			continue;
		fn(ctx, o, i + 1, 0);
		i++;
	}
	return stop_at_pos ? n : npos;
}

struct scan {
	pb_ctx *c;
	char **w;
	int n;
	const pb_opt *pending;
};

static void scan_value(void *ctx, const pb_opt *o, int word, size_t off)
{
	struct scan *s = ctx;

	if (word == s->n)
		s->pending = o;
	else if (o == &global_opts[G_DB])
		s->c->db_opt = s->w[word] + off;
}

/* The option whose value is the next word (NULL if none), and in *npos
 * what walk_words returns. A global --db is taken, so org codes come
 * from the database the command line names. */
static const pb_opt *scan_words(pb_ctx *c, int n, char **w, const pb_opt *opts,
				int stop_at_pos, int *npos)
{
	struct scan s = {c, w, n, NULL};

	*npos = walk_words(n, w, opts, stop_at_pos, scan_value, &s);
	return s.pending;
}

static void print_long_opts(const pb_opt *opts)
{
	for (; opts && opts->name; opts++)
		printf("--%s\n", opts->name);
}

/* Within a subcommand: a pending option's values, else its options and,
 * where its first argument is an organization, the org codes. */
static void complete_sub(pb_ctx *c, int n, char **w, const pb_opt *opts)
{
	const pb_opt *o;
	const char *syn = current_sub ? current_sub->synopsis : "";
	int npos;

	if ((o = scan_words(c, n, w, opts, 0, &npos))) {
		complete_value(c, o);
		return;
	}
	print_long_opts(opts);
	print_long_opts(global_opts);
	/* "ORG..." takes an org at every place. */
	if ((npos == 0 || strncmp(syn, "ORG...", 6) == 0) &&
	    (strncmp(syn, "ORG", 3) == 0 || strncmp(syn, "[ORG]", 5) == 0 ||
	     strncmp(syn, "[ROOT]", 6) == 0))
		complete_orgs(c);
}

static int run_sub(pb_ctx *c, const pb_sub *s, int argc, char **argv);

static int complete_main(pb_ctx *c, int n, char **w)
{
	const pb_opt *o;
	const pb_sub *s;
	size_t i;
	int at;

	if (n > 0 && strcmp(w[0], "--") == 0) {
		n--;
		w++;
	}
	c->complete = 1;
	if ((o = scan_words(c, n, w, NULL, 1, &at))) {
		complete_value(c, o);
		return 0;
	}
	if (at == n) {
		for (i = 0; i < c->nsubs; i++)
			printf("%s\n", c->subs[i].name);
		print_long_opts(global_opts);
		return 0;
	}
	if ((s = find_sub(c->subs, c->nsubs, w[at])))
		run_sub(c, s, n - at, w + at);
	return fflush(stdout) == 0 ? 0 : PB_IOERR;
}

/* Aligned tables for a person at a terminal, tsv for scripts and files. */
/* Whether a subcommand prints columns that --fields can choose: an
 * option silently ignored would look like it worked. */
static int picks_fields(const pb_sub *s)
{
	static const char *const takers[] = {"list", "show", "tree", "log"};
	size_t i;

	for (i = 0; s && i < sizeof takers / sizeof *takers; i++)
		if (strcmp(s->name, takers[i]) == 0)
			return 1;
	return 0;
}

static void default_format(pb_ctx *c)
{
	if (!c->format_given)
		c->fmt.format = !c->output && isatty(STDOUT_FILENO) ? PB_FMT_TABLE
								     : PB_FMT_TSV;
}

/* -o onto the database, its -wal or its -shm would destroy the records:
 * refused (64) before anything is read or written. */
static int output_guard(pb_ctx *c)
{
	char path[4096];
	pb_err e;

	size_t i;

	if (!c->output || strcmp(c->output, "-") == 0 ||
	    c->output_guarded == c->output)
		return 0;
	/* Each database a roll-up reads (a directory's are checked when
	 * they are listed). */
	for (i = 1; i < c->ndbs; i++)
		if (pb_target_check(c->output, c->dbs[i], &e) != PB_OK)
			return pb_cli_error(c, &e);
	if (pb_cli_db_path(c, path, sizeof path, &e) != PB_OK ||
	    pb_target_check(c->output, path, &e) == PB_OK) {
		/* Checked when the options were read: not again at the open. */
		c->output_guarded = c->output;
		return 0;
	}
	return pb_cli_error(c, &e);
}

/* -f xlsx: a workbook is no text for a terminal (64), so it needs -o
 * FILE, or standard output a pipe or a file; a pb built without the
 * writer says so (69) before anything is read.  The command's subject
 * names the workbook's sheet and titles a report. */
static int xlsx_guard(pb_ctx *c)
{
	static char what[160];
	pb_err e;

	if (c->fmt.format != PB_FMT_XLSX)
		return 0;
	snprintf(what, sizeof what, "%s%s%s",
		 strncmp(c->prog, "pb-", 3) == 0 ? c->prog + 3 : c->prog,
		 c->sub ? " " : "", c->sub ? c->sub : "");
	c->fmt.what = what;
	if (c->quiet)
		return 0;
	if ((!c->output || strcmp(c->output, "-") == 0) && isatty(STDOUT_FILENO))
		return pb_cli_usage_error(c, "-f xlsx writes a workbook, not text for a "
					     "terminal: give -o FILE");
	if (pb_xlsx_available(&e) != PB_OK)
		return pb_cli_error(c, &e);
	return 0;
}

/* What getopt_long refused, arg as typed. A known long option given a
 * value it does not take comes back with optopt its val, which for an
 * option without a short name is no character at all: name it as typed. */
static int bad_option(pb_ctx *c, const char *arg, int opt)
{
	const char *eq = strchr(arg, '=');

	if (strncmp(arg, "--", 2) == 0 && opt && eq)
		return pb_cli_usage_error(c, "option '%.*s' takes no value",
					  (int)(eq - arg), arg);
	if (opt && strncmp(arg, "--", 2) != 0)
		return pb_cli_usage_error(c, "unknown option '-%c'", opt);
	return pb_cli_usage_error(c, "unknown option '%s'", arg);
}

int pb_cli_args(pb_ctx *c, int argc, char **argv, const pb_opt *opts,
		int min_pos, int max_pos, pb_args *a, int *status)
{
	struct option lo[PB_MAX_OPTS + G_N + 1];
	char so[2 * (PB_MAX_OPTS + G_N) + 3];
	size_t nopts, nglobal = G_N;
	int ch, idx, r, li;

	memset(a, 0, sizeof *a);
	c->opts = opts;
	if (c->complete) {
		complete_sub(c, argc - 1, argv + 1, opts);
		*status = 0;
		return -1;
	}
	build_getopt(opts, lo, so, &nopts);
	so[0] = ':'; /* within a subcommand, options may follow arguments */
	memmove(so + 1, so + 2, strlen(so + 2) + 1);
	optind = 0; /* 0 also resets glibc's scanning mode */
	opterr = 0;
	while ((li = -1, ch = getopt_long(argc, argv, so, lo, &li)) != -1) {
		if (ch == '?' || ch == ':') {
			const char *bad = argv[optind - 1];

			if (ch == ':')
				*status = pb_cli_usage_error(c, "option '%s' needs a value",
							     bad);
			else
				*status = bad_option(c, bad, optopt);
			return -1;
		}
		/* A long option is known by its place in the table, so a
		 * subcommand's --quantity never reads as the global -q. */
		idx = li >= 0 ? li : opt_index(opts, nglobal, ch);
		if (idx < 0)
			continue;
		if (idx == G_HELP) {
			sub_usage(c, stdout, current_sub, opts);
			*status = 0;
			return -1;
		}
		if ((size_t)idx < nglobal) {
			r = global_opt(c, idx, optarg, status);
			if (r > 0)
				return -1;
			continue;
		}
		if ((size_t)idx - nglobal < PB_MAX_OPTS)
			a->val[idx - nglobal] = lo[idx].has_arg ? optarg : "1";
	}
	default_format(c); /* -o may have come after the subcommand */
	if ((*status = output_guard(c)) != 0)
		return -1;
	if ((*status = xlsx_guard(c)) != 0)
		return -1;
	if (c->fmt.fields && !picks_fields(current_sub)) {
		*status = pb_cli_usage_error(
			c, "--fields picks the columns of list, show, tree and log only");
		return -1;
	}
	if (c->fmt.format == PB_FMT_BRIEF && !takes_brief(c)) {
		*status = pb_cli_usage_error(
			c, "-f brief writes the summary as a paragraph: " BRIEF_REPORTS
			   " only");
		return -1;
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	if (a->npos < min_pos) {
		*status = pb_cli_usage_error(c, "missing argument");
		return -1;
	}
	if (max_pos >= 0 && a->npos > max_pos) {
		*status = pb_cli_usage_error(c, "unexpected argument '%s'",
					     a->pos[max_pos]);
		return -1;
	}
	return 0;
}

const char *pb_arg(const pb_args *a, const pb_opt *opts, const char *name)
{
	size_t i;

	for (i = 0; opts[i].name; i++)
		if (strcmp(opts[i].name, name) == 0)
			return a->val[i];
	return NULL;
}

FILE *pb_cli_out(pb_ctx *c)
{
	pb_err e;
	int status;

	if (c->quiet) {
		if (!c->devnull)
			c->devnull = fopen("/dev/null", "w");
		return c->devnull;
	}
	if (!c->out && (status = output_guard(c)) != 0)
		exit(status);
	if (!c->out && pb_out_open(c->output, &c->out, &e) != PB_OK) {
		pb_cli_error(c, &e);
		exit(pb_exit_code(e.code));
	}
	return pb_out_file(c->out);
}

/* The audit trail keeps the command line as typed, but never a personal
 * field's value (the options named after one: --phone ***) nor a password
 * in the database value. */
struct masks {
	char **w;
	int n, base; /* the words walked, and the index of w[0] in argv */
	pb_mask *m;
	size_t nm, max;
};

static void mask_value(void *ctx, const pb_opt *o, int word, size_t off)
{
	struct masks *k = ctx;
	const char *v;

	if (word >= k->n)
		return;
	v = k->w[word] + off;
	if (o == &global_opts[G_DB]) {
		k->nm += pb_conninfo_secrets(v, k->base + word, off, k->m + k->nm,
					     k->max - k->nm);
	} else if (*v && k->nm < k->max && pb_field_personal(o->name)) {
		/* An empty value clears the field: nothing to hide. */
		k->m[k->nm].word = k->base + word;
		k->m[k->nm].from = off;
		k->m[k->nm].to = off + strlen(v);
		k->nm++;
	}
}

static char *audit_line(pb_ctx *c)
{
	struct masks k = {c->argv + 1, c->argc - 1, 1, NULL, 0, 1};
	char *line;
	int i, at;

	/* A mask covers at least a byte: never more masks than bytes. */
	for (i = 0; i < c->argc; i++)
		k.max += strlen(c->argv[i]);
	if (!(k.m = malloc(k.max * sizeof *k.m)))
		return NULL;
	/* The global options before the subcommand, then the running
	 * subcommand's words with its options, as getopt_long read them. */
	at = walk_words(k.n, k.w, NULL, 1, mask_value, &k);
	if (at < k.n) {
		k.w += at + 1;
		k.n -= at + 1;
		k.base += at + 1;
		walk_words(k.n, k.w, c->opts, 0, mask_value, &k);
	}
	line = pb_cmdline(c->argc, c->argv, k.m, k.nm);
	free(k.m);
	return line;
}

int pb_cli_db_path(pb_ctx *c, char *path, size_t len, pb_err *e)
{
	return pb_db_path(c->db_opt, &c->cfg, path, len, e);
}

int pb_cli_open(pb_ctx *c, int mode, pb_db **db, pb_err *e)
{
	static const char *const by[] = {"", "--db", "PB_DB",
					  "config 'database:' in"};
	char path[4096], *line;
	int rc, source;

	if (c->ndbs == 2)
		return pb_fail(e, PB_USAGE,
			       "--db given twice ('%s', then '%s'): name one database "
			       "(only pb-report's roll-ups read several)",
			       c->dbs[0], c->dbs[1]);
	if (c->ndbs > 2)
		return pb_fail(e, PB_USAGE,
			       "--db given %zu times ('%s', '%s', ...): name one "
			       "database (only pb-report's roll-ups read several)",
			       c->ndbs, c->dbs[0], c->dbs[1]);
	if ((rc = pb_db_locate(c->db_opt, &c->cfg, path, sizeof path, &source,
			       e)) != PB_OK)
		return rc;
	/* Only the default database reads as empty before its first write:
	 * one named by the user that is not there is a typo, not a street
	 * with no records. */
	if (source != PB_DB_DEFAULT)
		mode |= PB_NAMED;
	rc = pb_db_open(path, mode, c->cfg.busy_timeout_ms, db, e);
	if (rc == PB_NOINPUT && !pb_db_is_url(path) && access(path, F_OK) != 0) {
		size_t n = strlen(e->msg);

		snprintf(e->msg + n, sizeof e->msg - n, " (named by %s%s%s)",
			 by[source], source == PB_DB_CONFIG ? " " : "",
			 source == PB_DB_CONFIG ? c->cfg.path : "");
	}
	if (rc != PB_OK)
		return rc;
	if (!(line = audit_line(c))) {
		pb_db_close(*db);
		*db = NULL;
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	pb_db_set_command(*db, line);
	free(line);
	return PB_OK;
}

int pb_cli_period(pb_ctx *c, const char *text, const char *dflt, pb_period *p,
		  pb_err *e)
{
	return pb_period_parse(text ? text : dflt, c->today, p, e);
}

int pb_cli_date(pb_ctx *c, const char *option, const char *text,
		char out[11], pb_err *e)
{
	pb_date d;

	if (!text) {
		memcpy(out, c->today_s, 11);
		return PB_OK;
	}
	if (pb_date_parse(text, &d, e) != PB_OK) {
		char m[PB_MSG_MAX];

		snprintf(m, sizeof m, "%s", e->msg);
		return pb_fail(e, PB_DATAERR, "--%s: %s", option, m);
	}
	pb_date_format(d, out);
	return PB_OK;
}

int pb_cli_finish(pb_ctx *c, int status)
{
	pb_err e;

	if (c->devnull)
		fclose(c->devnull);
	c->devnull = NULL;
	if (c->out) {
		if (pb_out_close(c->out, status == 0, &e) != PB_OK && status == 0)
			status = pb_cli_error(c, &e);
		c->out = NULL;
	} else if (fflush(stdout) != 0 && status == 0) {
		say(c->prog, "error: ", "cannot write output");
		status = PB_IOERR;
	}
	return status;
}

int pb_cli_list_begin(pb_ctx *c, const pb_field *fields, size_t n,
		      pb_lister *l, pb_err *e)
{
	l->c = c;
	l->rows = 0;
	l->match = NULL;
	return pb_fmt_list_begin(pb_cli_out(c), &c->fmt, fields, n, &l->f, e);
}

int pb_cli_list_row(void *lister, const pb_rec *r)
{
	pb_lister *l = lister;

	if (l->match && !pb_match_row(l->match, r))
		return 0;
	l->rows++;
	return pb_fmt_row(l->f, (const char *const *)r->v);
}

int pb_cli_list_end(pb_lister *l, pb_err *e)
{
	return pb_fmt_list_end(l->f, e);
}

int pb_cli_match(const pb_args *a, const pb_opt *opts, const char *option,
		 const pb_domain *d, const char *const *name_fields, pb_match *m,
		 pb_err *e)
{
	memset(m, 0, sizeof *m);
	m->name_fields = name_fields;
	return pb_match_opts(m, pb_arg(a, opts, "name"), pb_arg(a, opts, "search"),
			     option, d, option ? pb_arg(a, opts, option) : NULL,
			     e);
}

int pb_cli_list_run(pb_ctx *c, pb_db *db, const pb_field *fields, size_t n,
		    int (*list)(pb_db *db, const void *arg, pb_rec_fn fn,
				void *ctx, pb_err *e),
		    const void *arg, pb_rec_fn row)
{
	return pb_cli_list_match(c, db, fields, n, list, arg, row, NULL);
}

int pb_cli_list_match(pb_ctx *c, pb_db *db, const pb_field *fields, size_t n,
		      int (*list)(pb_db *db, const void *arg, pb_rec_fn fn,
				  void *ctx, pb_err *e),
		      const void *arg, pb_rec_fn row, const pb_match *m)
{
	pb_lister l;
	pb_err e;
	int rc;

	if ((rc = pb_cli_list_begin(c, fields, n, &l, &e)) == PB_OK) {
		l.match = m && pb_match_any(m) ? m : NULL;
		rc = list(db, arg, row ? row : pb_cli_list_row, &l, &e);
		if (rc == PB_OK)
			rc = pb_cli_list_end(&l, &e);
		else
			pb_cli_list_end(&l, &(pb_err){0});
	}
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, &e);
}

int pb_cli_commit(pb_ctx *c, pb_db *db, int rc, pb_err *e)
{
	if (rc == PB_OK)
		rc = pb_db_commit(db, e);
	else
		pb_db_rollback(db);
	pb_db_close(db);
	return rc == PB_OK ? 0 : pb_cli_error(c, e);
}

int pb_cli_import(pb_ctx *c, int dry_run, pb_import_fn run, void *arg)
{
	pb_import_stats st;
	pb_diags *d;
	pb_db *db;
	pb_err e;
	int rc, status;

	if ((rc = pb_cli_open(c, PB_WRITE, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	/* Fifty full errors are too large for the stack. */
	if (!(d = malloc(sizeof *d))) {
		pb_db_close(db);
		return PB_SOFTWARE;
	}
	pb_diags_init(d);
	memset(&st, 0, sizeof st);
	rc = run(db, arg, dry_run, &st, d, &e);
	pb_db_close(db);
	if (d->n || d->more)
		status = pb_cli_diags(c, d);
	else if (rc != PB_OK)
		status = pb_cli_error(c, &e);
	else {
		status = 0;
		pb_cli_note(c, "%s%ld created, %ld updated, %ld unchanged",
			    dry_run ? "dry run, nothing written: " : "", st.created,
			    st.updated, st.unchanged);
	}
	free(d);
	return status;
}

int pb_cli_rec_from_args(const pb_args *a, const pb_opt *opts, pb_rec *r,
			 pb_err *e)
{
	size_t i;
	int rc;

	for (i = 0; opts[i].name; i++) {
		if (!a->val[i] || pb_field_index(r->fields, r->n, opts[i].name) < 0)
			continue;
		if ((rc = pb_rec_set(r, opts[i].name, a->val[i], e)) != PB_OK) {
			if (rc == PB_DATAERR && strncmp(e->msg, opts[i].name,
							strlen(opts[i].name)) != 0) {
				char m[PB_MSG_MAX];

				snprintf(m, sizeof m, "%s", e->msg);
				pb_fail(e, rc, "--%s: %s", opts[i].name, m);
			}
			return rc;
		}
	}
	return PB_OK;
}

static int run_sub(pb_ctx *c, const pb_sub *s, int argc, char **argv)
{
	const char *saved = c->sub;
	const pb_sub *saved_sub = current_sub;
	char name[128];
	int status;

	if (saved) {
		snprintf(name, sizeof name, "%s %s", saved, s->name);
		c->sub = name;
	} else {
		c->sub = s->name;
	}
	current_sub = s;
	status = s->fn(c, argc, argv);
	c->sub = saved;
	current_sub = saved_sub;
	return status;
}

int pb_cli_dispatch(pb_ctx *c, int argc, char **argv, const char *group,
		    const pb_sub *subs, size_t nsubs)
{
	char list[512];
	const pb_sub *s;
	size_t i;

	if (c->complete && argc < 2) {
		for (i = 0; i < nsubs; i++)
			printf("%s\n", subs[i].name);
		return 0;
	}
	if (c->complete && !find_sub(subs, nsubs, argv[1]))
		return 0;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		FILE *fp = argc < 2 ? stderr : stdout;

		fprintf(fp, "usage: %s %s SUBCOMMAND [OPTIONS] [ARGS]\n\n", c->prog,
			group);
		for (i = 0; i < nsubs; i++)
			fprintf(fp, "  %s %s %s%s%s\n      %s\n", c->prog, group,
				subs[i].name, *subs[i].synopsis ? " " : "",
				subs[i].synopsis, subs[i].summary);
		return argc < 2 ? PB_USAGE : 0;
	}
	s = find_sub(subs, nsubs, argv[1]);
	if (!s) {
		sub_list(subs, nsubs, list, sizeof list);
		return pb_cli_usage_error(c, "unknown subcommand '%s %s' (expected "
					  "one of: %s)", group, argv[1], list);
	}
	return run_sub(c, s, argc - 1, argv + 1);
}

static int setup(pb_ctx *c)
{
	const char *env;
	pb_err e;

	if (pb_config_load(&c->cfg, &e) != PB_OK)
		return pb_cli_error(c, &e);
	if (!c->format_given) {
		env = getenv("PB_FORMAT");
		if (!env || !*env)
			env = c->cfg.format[0] ? c->cfg.format : NULL;
		if (env && pb_format_parse_err(env, &c->fmt.format, &e) != PB_OK) {
			e.code = PB_CONFIG;
			return pb_cli_error(c, &e);
		}
		c->format_given = env != NULL;
		default_format(c);
	}
	/* A language pb does not have is a mistake to say, not English. */
	env = getenv("PB_LANG");
	if (env && *env && strcmp(env, "zh") != 0 && strcmp(env, "en") != 0) {
		pb_fail(&e, PB_USAGE,
			"PB_LANG '%s' is not a language pb has (expected zh or en)", env);
		return pb_cli_error(c, &e);
	}
	c->fmt.zh = pb_lang_zh();
	if (pb_today(&c->today, &e) != PB_OK)
		return pb_cli_error(c, &e);
	pb_date_format(c->today, c->today_s);
	return 0;
}

static int cli_main(pb_ctx *cp, int argc, char **argv, const char *about)
{
	struct option lo[G_N + 1];
	char so[2 * G_N + 3], list[512];
	size_t nopts;
	int ch, idx, status = 0;
	const pb_sub *s;
	const pb_sub *subs = cp->subs;
	size_t nsubs = cp->nsubs;

	if (argc >= 2 && strcmp(argv[1], "--complete-words") == 0) {
		cp->argv = argv;
		return complete_main(cp, argc - 2, argv + 2);
	}
	build_getopt(NULL, lo, so, &nopts);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			if (ch == ':')
				return pb_cli_usage_error(cp, "option '%s' needs a value",
							  argv[optind - 1]);
			return bad_option(cp, argv[optind - 1], optopt);
		}
		idx = opt_index(NULL, G_N, ch);
		if (idx == G_HELP) {
			main_usage(cp, stdout, about);
			return 0;
		}
		if (idx >= 0 && global_opt(cp, idx, optarg, &status) > 0)
			return status;
	}
	if (optind >= argc) {
		main_usage(cp, stderr, about);
		return PB_USAGE;
	}
	s = find_sub(subs, nsubs, argv[optind]);
	if (!s) {
		sub_list(subs, nsubs, list, sizeof list);
		return pb_cli_usage_error(cp, "unknown subcommand '%s' (expected one "
					  "of: %s)", argv[optind], list);
	}
	/* Subcommands' getopt_long permutes argv (the global options' "+"
	 * did not); the audit trail wants it as typed. */
	cp->argv = malloc((size_t)(argc + 1) * sizeof *cp->argv);
	if (!cp->argv)
		return PB_SOFTWARE;
	memcpy(cp->argv, argv, (size_t)(argc + 1) * sizeof *cp->argv);
	if ((status = setup(cp)) == 0)
		status = run_sub(cp, s, argc - optind, argv + optind);
	status = pb_cli_finish(cp, status);
	free(cp->argv);
	return status;
}

int pb_cli_main(int argc, char **argv, const char *prog, const char *about,
		const pb_sub *subs, size_t nsubs)
{
	pb_ctx c;
	int status;

	memset(&c, 0, sizeof c);
	c.prog = prog;
	c.argc = argc;
	c.subs = subs;
	c.nsubs = nsubs;
	status = cli_main(&c, argc, argv, about);
	free(c.dbs);
	return status;
}
