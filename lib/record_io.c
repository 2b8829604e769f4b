/* The YAML import and export runner shared by every record kind's
 * commands: import holds the whole file in one transaction, keeps every
 * error as a diag at its position, refuses the same record twice in one
 * file, and writes nothing unless all of it is good; export writes the
 * sections as lists that import takes back unchanged. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "id_lines.h"
#include "pb.h"

/* The top-level keys of the SPEC and the command that imports each. */
static const char *const all_sections[] = {"orgs",   "roles",	 "members",
					   "pairs",  "events", "opinions",
					   NULL};
static const char *const section_command[] = {"org",  "org",   "member",
					      "pair", "event", "event"};

#define MAX_SECTIONS 8
/* New records that failed, kept by natural key; more than a screenful of
 * errors is past what anyone reads, and each record is compared with
 * them all. */
#define MAX_FAILED 64

typedef struct failed_key {
	size_t section;
	long line;
	char key[256];
} failed_key;

typedef struct run {
	pb_db *db;
	const pb_import_spec *spec;
	pb_diags *d;
	pb_import_stats *st;
	pb_id_lines seen[MAX_SECTIONS]; /* where each id was first written */
	/* A new record that failed is undone with its id, so a later record
	 * of the same key is found twice by the key instead. */
	failed_key failed[MAX_FAILED];
	size_t nfailed;
	long records;
} run;

static const char *command_of(const char *section)
{
	size_t i;

	for (i = 0; all_sections[i]; i++)
		if (strcmp(all_sections[i], section) == 0)
			return section_command[i];
	return "db";
}

/* Note where id was written; 0, or the earlier line when it already was. */
static long remember(run *x, size_t section, int64_t id, long line)
{
	if (section >= MAX_SECTIONS)
		return 0;
	return pb_id_lines_put(&x->seen[section], id, line);
}

/* The line of the failed new record of this section and key, or 0. */
static long failed_before(const run *x, size_t section, const char *key)
{
	size_t i;

	for (i = 0; i < x->nfailed; i++)
		if (x->failed[i].section == section &&
		    strcmp(x->failed[i].key, key) == 0)
			return x->failed[i].line;
	return 0;
}

/* A message about one field starts "field: " (an unknown reference, a
 * bad value): point at that value rather than at the whole record. */
static const pb_yval *blamed(const pb_yrec *y, const char *msg)
{
	size_t i, n = strcspn(msg, ": ");

	if (msg[n] != ':')
		return NULL;
	for (i = 0; i < y->n; i++)
		if (strlen(y->v[i].key) == n && strncmp(y->v[i].key, msg, n) == 0)
			return &y->v[i];
	return NULL;
}

/* The org references of a record that will not be written, so their
 * errors are listed with its others. */
static void check_refs(pb_db *db, const pb_rec *r, const pb_yrec *y,
		       pb_diags *d)
{
	int64_t id;
	pb_err e;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const pb_yval *v;

		if (r->fields[i].check != PB_C_REF || !r->v[i] ||
		    pb_org_resolve(db, r->v[i], 0, &id, &e) == PB_OK)
			continue;
		v = pb_yrec_get((pb_yrec *)y, r->fields[i].name);
		if (strncmp(e.msg, "unknown organization", 20) == 0)
			pb_diag(d, e.code, y->file, v ? v->line : y->line,
				v ? v->col : y->col, "unknown %s '%s'",
				r->fields[i].name, r->v[i]);
		else
			pb_diag(d, e.code, y->file, v ? v->line : y->line,
				v ? v->col : y->col, "%s: %s", r->fields[i].name,
				e.msg);
	}
}

/* The rows each section's quick hook holds back, written: before a
 * record goes to an upsert, which may read them, and before the end. */
static int write_held(run *x, pb_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < x->spec->nsections; i++)
		if (x->spec->sections[i].quick &&
		    (rc = x->spec->sections[i].quick(x->spec->sections[i].ctx, x->db,
						     NULL, NULL, NULL, e)) != PB_OK)
			return rc;
	return PB_OK;
}

/* The spec's section of that name, or NULL. */
static const pb_import_section *section_of(const pb_import_spec *spec,
					   const char *name)
{
	size_t i;

	for (i = 0; i < spec->nsections; i++)
		if (strcmp(spec->sections[i].name, name) == 0)
			return &spec->sections[i];
	return NULL;
}

static int on_record(void *arg, const char *section, pb_yrec *y)
{
	run *x = arg;
	const pb_import_section *sec = section_of(x->spec, section);
	int before = x->d->n + x->d->more, created = 0, failed, rc;
	pb_rec r;
	pb_err e;

	if (!sec) {
		pb_diag(x->d, PB_DATAERR, y->file, y->line, y->col,
			"section '%s' is not imported by %s (use pb-%s import or "
			"pb-db load)",
			section, x->spec->command, command_of(section));
		return 0;
	}
	pb_rec_init(&r, sec->fields, sec->nfields);
	if (pb_rec_from_yaml(&r, y, sec->nested, x->d) != PB_OK) {
		if (sec->invalid)
			sec->invalid(sec->ctx, x->db, &r, y, x->d);
		else
			check_refs(x->db, &r, y, x->d);
		goto out;
	}
	e.msg[0] = '\0';
	/* A record checked whole before it is written needs no savepoint;
	 * should a write of it fail all the same, nothing can take back what
	 * was written before, and the import ends. */
	if (sec->quick &&
	    (rc = sec->quick(sec->ctx, x->db, &r, y, &created, &e)) >= 0) {
		if (rc != PB_OK) {
			pb_diag(x->d, rc, y->file, y->line, y->col, "%s", e.msg);
			pb_rec_free(&r);
			return rc;
		}
		failed = 0;
		goto written;
	}
	if ((rc = write_held(x, &e)) != PB_OK) {
		pb_diag(x->d, rc, y->file, y->line, y->col, "%s", e.msg);
		pb_rec_free(&r);
		return rc;
	}
	/* Each record's writes stand or fall together, and the transaction
	 * goes on past a failed one to list the file's other errors: a
	 * record that failed part way leaves no rows for the records after
	 * it to meet, and on PostgreSQL its failed statement does not abort
	 * the transaction. */
	if ((rc = pb_db_savepoint(x->db, &e)) != PB_OK) {
		pb_diags_add(x->d, &e);
		goto out;
	}
	e.msg[0] = '\0';
	rc = sec->upsert(sec->ctx, x->db, &r, y, x->d, &created, &e);
	failed = rc != PB_OK || x->d->n + x->d->more > before;
	if (failed)
		pb_db_rollback_to(x->db);
	else
		rc = pb_db_release(x->db, &e); /* a failure is said below */
written:
	if (rc != PB_OK) {
		const pb_yval *v = blamed(y, e.msg);

		if (e.msg[0])
			pb_diag(x->d, rc, y->file, v ? v->line : y->line,
				v ? v->col : y->col, "%s", e.msg);
	} else if (created > 0) {
		x->st->created++;
	} else if (created < 0) {
		x->st->unchanged++;
	} else {
		x->st->updated++;
	}
	/* A stored record that failed (an update whose participants were
	 * bad) still counts for finding it twice, by its id; a new one by
	 * its natural key: its row is undone, and its id was the database's
	 * to give again (SQLite gives the next record the same one,
	 * PostgreSQL never does). */
	if (sec->key && (r.id > 0 || x->nfailed)) {
		size_t s = (size_t)(sec - x->spec->sections);
		int undone = failed && created > 0, natural = 0;
		long first = 0;
		char key[256];

		/* A new record's id was nobody's: nothing to look up, and
		 * kept where it costs no memory. */
		if (r.id > 0 && !failed && created > 0 && s < MAX_SECTIONS)
			first = pb_id_lines_new(&x->seen[s], r.id, y->line);
		else if (r.id > 0 && !undone)
			first = remember(x, s, r.id, y->line);
		if (first < 0) {
			pb_diag(x->d, PB_SOFTWARE, y->file, y->line, y->col,
				"cannot keep the ids read so far (out of memory, "
				"or their temporary file failed: %s)",
				strerror(errno));
			pb_rec_free(&r);
			return PB_SOFTWARE;
		}
		/* The key only when needed: most records are neither. */
		if (first || undone || x->nfailed)
			natural = sec->key(&r, key, sizeof key);
		if (!first && natural)
			first = failed_before(x, s, key);
		if (first)
			pb_diag(x->d, PB_DATAERR, y->file, y->line, y->col ? 1 : 0,
				"duplicate %s (first at line %ld)", key, first);
		else if (undone && natural && x->nfailed < MAX_FAILED) {
			x->failed[x->nfailed].section = s;
			x->failed[x->nfailed].line = y->line;
			snprintf(x->failed[x->nfailed].key, sizeof x->failed->key, "%s",
				 key);
			x->nfailed++;
		}
	}
	if (rc != PB_OK)
		goto out;
	if (x->spec->progress && ++x->records % 10000 == 0)
		x->spec->progress(x->spec->progress_arg, x->records);
out:
	pb_rec_free(&r);
	/* A database failure (busy, I/O) ends the import; bad data does not. */
	return x->d->code != PB_OK && x->d->code != PB_DATAERR ? x->d->code : 0;
}

/* After the last record: the file's cross-record checks, then commit,
 * or roll back when anything was wrong, a dry run, or the read failed. */
static int import_end(run *x, int rc, const char *file, int dry_run, pb_err *e)
{
	size_t i;

	if ((rc == PB_OK || rc == PB_DATAERR) && write_held(x, e) != PB_OK) {
		pb_diags_add(x->d, e);
		rc = e->code;
	}

	for (i = 0; (rc == PB_OK || rc == PB_DATAERR) && i < x->spec->nsections;
	     i++)
		if (x->spec->sections[i].finish)
			x->spec->sections[i].finish(x->spec->sections[i].ctx, x->db, file,
						    x->d);
	for (i = 0; i < MAX_SECTIONS; i++)
		pb_id_lines_free(&x->seen[i]);
	if (rc != PB_OK && rc != PB_DATAERR) {
		pb_db_rollback(x->db);
		return rc;
	}
	if (x->d->n || x->d->more) {
		pb_db_rollback(x->db);
		return x->d->code ? x->d->code : PB_DATAERR;
	}
	if (dry_run) {
		pb_db_rollback(x->db);
		return PB_OK;
	}
	return pb_db_commit(x->db, e);
}

/* What the reading thread does for on_record: each record's values (and
 * its lists' records') checked and made into fields, beside the writes
 * of the records before it. */
typedef struct ahead {
	const pb_import_spec *spec;
	pb_diags scratch; /* the reading thread's; its errors are said later */
} ahead;

static void prepare(void *arg, const char *section, pb_yrec *y)
{
	ahead *a = arg;
	const pb_import_section *sec = section_of(a->spec, section);
	const pb_import_sub *sub;
	size_t j;

	if (!sec)
		return;
	pb_yrec_prepare(y, sec->fields, sec->nfields, sec->nested, &a->scratch);
	for (sub = sec->subs; sub && sub->key; sub++) {
		const pb_yval *v = pb_yrec_get(y, sub->key);

		for (j = 0; v && j < v->nsubs; j++)
			pb_yrec_prepare(v->subs[j], sub->fields, *sub->nfields, NULL,
					&a->scratch);
	}
}

int pb_import_yaml(pb_db *db, const char *path, int dry_run,
		   const pb_import_spec *spec, pb_import_stats *st, pb_diags *d,
		   pb_err *e)
{
	const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	run x = {.db = db, .spec = spec, .d = d, .st = st};
	ahead *a = malloc(sizeof *a);
	int rc;

	memset(st, 0, sizeof *st);
	if ((rc = pb_db_begin(db, e)) != PB_OK) {
		free(a);
		return rc;
	}
	/* Without the memory, on_record makes the fields itself. */
	if (a)
		a->spec = spec;
	rc = pb_yaml_read_prep(path, all_sections, a ? prepare : NULL, a, 0,
			       on_record, &x, d, e);
	free(a);
	return import_end(&x, rc, file, dry_run, e);
}

/* A column the roster may carry: a field given as a value, or the id
 * where the section matches records without a natural key by it (as
 * export --csv and list -f csv write it). */
static int csv_column(const pb_import_section *sec, const pb_field *f)
{
	const char *const *k;

	if (f->check != PB_C_NONE)
		return 1;
	for (k = sec->nested; k && *k; k++)
		if (strcmp(*k, "id") == 0 && strcmp(f->name, "id") == 0)
			return 1;
	return 0;
}

/* A name pb shows beside a code (org_name, ...): a column list -f csv
 * writes, read back as nothing, since the code beside it is the value. */
static int csv_shown_only(const pb_field *f)
{
	return f->check == PB_C_NONE && strcmp(f->name, "id") != 0;
}

/* Map each header cell to a field by name or Chinese heading; -2: a
 * column of names shown beside codes, skipped. */
static int csv_header(run *x, const pb_import_section *sec, char **cells,
		      size_t n, long line, const char *file, int *col_field)
{
	char list[1024];
	size_t i, j;
	int bad = 0;

	for (i = 0; i < n; i++) {
		col_field[i] = -1;
		for (j = 0; j < sec->nfields; j++)
			if (strcmp(cells[i], sec->fields[j].name) == 0 ||
			    strcmp(cells[i], sec->fields[j].zh) == 0) {
				if (csv_column(sec, &sec->fields[j]))
					col_field[i] = (int)j;
				else if (csv_shown_only(&sec->fields[j]))
					col_field[i] = -2;
			}
		for (j = 0; j < i && col_field[i] >= 0; j++)
			if (col_field[j] == col_field[i]) {
				pb_diag(x->d, PB_DATAERR, file, line, 0,
					"column '%s' given twice", cells[i]);
				bad = 1;
			}
		if (col_field[i] == -1) {
			size_t off = 0;

			list[0] = '\0';
			/* The values first; an id column, which only a file pb
			 * wrote carries, last. */
			for (j = 0; j < 2 * sec->nfields && off < sizeof list; j++) {
				const pb_field *f = &sec->fields[j % sec->nfields];

				if ((j < sec->nfields) == (f->check != PB_C_NONE) &&
				    csv_column(sec, f))
					off += (size_t)snprintf(list + off, sizeof list - off,
								"%s%s (%s)", off ? ", " : "",
								f->name, f->zh);
			}
			pb_diag(x->d, PB_DATAERR, file, line, 0,
				"unknown column '%s' (expected: %s)", cells[i], list);
			bad = 1;
		}
	}
	return bad ? PB_DATAERR : PB_OK;
}

int pb_import_csv(pb_db *db, const char *path, const char *encoding,
		  int dry_run, const pb_import_spec *spec, pb_import_stats *st,
		  pb_diags *d, pb_err *e)
{
	const pb_import_section *sec = &spec->sections[0];
	run x = {.db = db, .spec = spec, .d = d, .st = st};
	int col_field[1000];
	size_t ncols = 0, n, i, k;
	pb_yval vals[1000];
	char iso[PB_REC_MAX][11]; /* a date cell in ISO form, by value index */
	pb_yrec y = {0};
	pb_csv *csv;
	char **cells;
	long line;
	int rc;

	memset(st, 0, sizeof *st);
	if ((rc = pb_csv_open(path, encoding, &csv, e)) != PB_OK)
		return rc;
	if ((rc = pb_db_begin(db, e)) != PB_OK) {
		pb_csv_close(csv);
		return rc;
	}
	y.file = pb_csv_file(csv);
	y.v = vals;
	while ((rc = pb_csv_next(csv, &cells, &n, &line, e)) != 0) {
		if (rc < 0) {
			pb_diags_add(d, e);
			continue;
		}
		if (!ncols) {
			if (csv_header(&x, sec, cells, n, line, y.file, col_field) != PB_OK)
				break;
			ncols = n;
			continue;
		}
		if (n != ncols) {
			pb_diag(d, PB_DATAERR, y.file, line, 0,
				"row has %zu field%s, the header has %zu", n,
				n == 1 ? "" : "s", ncols);
			continue;
		}
		/* A row becomes a record like a YAML mapping's, positioned at
		 * its line, so one path validates and writes both. */
		memset(vals, 0, n * sizeof *vals);
		for (i = k = 0; i < n; i++) {
			const pb_field *f;

			if (col_field[i] < 0)
				continue;
			f = &sec->fields[col_field[i]];
			/* An empty id is a new record's: there is nothing to
			 * clear. */
			if (f->check == PB_C_NONE && !cells[i][0])
				continue;
			vals[k].key = (char *)f->name;
			vals[k].text = cells[i][0] ? pb_csv_unguard(cells[i]) : NULL;
			/* k < PB_REC_MAX: a field is one column at most. */
			if (f->type == PB_T_DATE && pb_csv_excel_date(cells[i], iso[k]))
				vals[k].text = iso[k];
			vals[k].is_null = !cells[i][0];
			vals[k].line = vals[k].kline = line;
			k++;
		}
		y.line = line;
		y.col = 0;
		y.n = k;
		if ((rc = on_record(&x, sec->name, &y)) != 0)
			break;
	}
	if (!ncols && !d->n)
		pb_diag(d, PB_DATAERR, y.file, 1, 0, "no header row");
	pb_csv_close(csv);
	return import_end(&x, rc < 0 ? PB_DATAERR : rc, y.file, dry_run, e);
}

typedef struct export_ctx {
	pb_db *db;
	pb_yw *w;
	const pb_export_section *sec;
	int rc;
} export_ctx;

static int export_one(void *arg, const pb_rec *r)
{
	export_ctx *x = arg;

	if (x->sec->write)
		return x->rc = x->sec->write(x->sec->arg, x->db, x->w, r);
	return x->rc = pb_rec_to_yaml(x->w, r);
}

int pb_export_yaml(pb_db *db, FILE *fp, const pb_export_section *sections,
		   size_t n, pb_err *e)
{
	export_ctx x = {db, NULL, NULL, PB_OK};
	size_t i;
	int rc = PB_OK;

	if ((rc = pb_yw_open(fp, &x.w, e)) != PB_OK)
		return rc;
	pb_yw_map_begin(x.w);
	for (i = 0; i < n && rc == PB_OK; i++) {
		pb_yw_key(x.w, sections[i].name);
		pb_yw_seq_begin(x.w);
		x.sec = &sections[i];
		rc = sections[i].list(db, export_one, &x, e);
		pb_yw_seq_end(x.w);
	}
	pb_yw_map_end(x.w);
	if (rc != PB_OK && x.rc == PB_OK) {
		pb_err ignored;

		pb_yw_close(x.w, &ignored);
		return rc;
	}
	/* The writer says why it failed; a dump cut short is never whole. */
	if ((rc = pb_yw_close(x.w, e)) == PB_OK && x.rc != PB_OK)
		rc = pb_fail(e, x.rc, "cannot write YAML");
	return rc;
}

void pb_import_sections_free(pb_import_section *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].free_ctx)
			s[i].free_ctx(s[i].ctx);
}
