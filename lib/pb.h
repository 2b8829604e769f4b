/* libpb: the data model and storage of pb, the community Party-building
 * co-construction records toolkit.  Nothing in the library prints or
 * exits: every function reports failure through a pb_err and a code that
 * pb_exit_code() maps to the exit status the SPEC promises. */
#ifndef PB_H
#define PB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PB_VERSION "0.1.0"

/* ---- errors (error.c) ---------------------------------------------- */

/* Codes are the sysexits values of the SPEC, so the mapping to an exit
 * status is the identity; pb_exit_code() is still the one place it
 * happens. */
enum pb_code {
	PB_OK = 0,
	PB_NOTFOUND = 1,
	PB_USAGE = 64,
	PB_DATAERR = 65,
	PB_NOINPUT = 66,
	PB_UNAVAILABLE = 69,
	PB_SOFTWARE = 70,
	PB_CANTCREAT = 73,
	PB_IOERR = 74,
	PB_TEMPFAIL = 75,
	PB_CONFIG = 78,
};

#define PB_MSG_MAX 512
#define PB_MAX_DIAGS 50

typedef struct pb_err {
	int code;
	char msg[PB_MSG_MAX];
	char file[256]; /* input file, or "" */
	long line, col; /* 0 when unknown; col 0 prints FILE:LINE: */
} pb_err;

/* Every error found in one input, up to PB_MAX_DIAGS; `more` counts the
 * rest.  `first` is the most severe code seen. */
typedef struct pb_diags {
	int n, more;
	int code;
	pb_err item[PB_MAX_DIAGS];
} pb_diags;

int pb_exit_code(int code);
/* Set e and return its code. */
int pb_fail(pb_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int pb_fail_at(pb_err *e, int code, const char *file, long line, long col,
	       const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void pb_err_clear(pb_err *e);
/* "FILE:LINE:COL: message" or just "message". */
void pb_err_format(const pb_err *e, char *buf, size_t len);
void pb_diags_init(pb_diags *d);
void pb_diags_add(pb_diags *d, const pb_err *e);
/* Record an error at a position; returns PB_DATAERR-or-the-code. */
int pb_diag(pb_diags *d, int code, const char *file, long line, long col,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ---- UTF-8 and display width (utf8.c) --------------------------------- */

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). On
 * failure *bad_off is the byte offset of the first bad sequence. */
int pb_utf8_valid(const char *s, size_t len, size_t *bad_off);
/* Decode one code point; returns bytes used (0 on malformed input). */
int pb_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Columns a code point takes on a terminal: 0, 1 or 2 (East Asian Wide
 * and Fullwidth are 2), independent of the locale. Control chars: 0. */
int pb_cp_width(uint32_t cp);
/* Display width of a string; control characters and malformed bytes
 * count as the width of their escaped form (see pb_escape_ctl). */
size_t pb_str_width(const char *s);
/* Number of code points. */
size_t pb_utf8_len(const char *s);
/* Validate a name-like text: valid UTF-8, no control chars, no invisible
 * or bidi characters (U+202E, U+200B, U+FEFF, ...), not only white space,
 * at most max code points (0: no limit). Returns PB_OK or PB_DATAERR with
 * msg. */
int pb_text_check(const char *s, size_t max_chars, int allow_newline,
		  pb_err *e);
/* s without leading and trailing spaces (U+0020, U+3000 and the other
 * Unicode space separators): *len bytes from the pointer returned. */
const char *pb_text_trim(const char *s, size_t *len);
/* The character position (from 1) of the first NUL in s[0..len), or 0:
 * a YAML escape can put one in a scalar, where C strings would cut it. */
size_t pb_utf8_nul_at(const char *s, size_t len);

/* ---- dates and periods (date.c) ---------------------------------------- */

typedef struct pb_date {
	int y, m, d;
} pb_date;

typedef struct pb_period {
	pb_date from, to; /* inclusive */
	char label[32];   /* "2026-10", "2026-Q3", "2026-01-01..2026-03-31" */
} pb_period;

/* Parse YYYY-MM-DD strictly (validated, no trailing text). */
int pb_date_parse(const char *s, pb_date *out, pb_err *e);
int pb_date_valid(int y, int m, int d);
void pb_date_format(pb_date d, char buf[11]);
int pb_date_cmp(pb_date a, pb_date b);
/* Days since 1970-01-01 and back. */
long pb_date_days(pb_date d);
pb_date pb_date_from_days(long days);
/* d + n days into *out: 0, or -1 (before 0001-01-01) or 1 (after
 * 9999-12-31) with *out the nearest end of that range, where a bound to
 * search up to may stop (nothing is dated beyond it) but a date to keep
 * may not. */
int pb_date_add_days(pb_date d, long n, pb_date *out);
int pb_days_in_month(int y, int m);
/* Today: PB_TODAY when set (validated), else the local date. */
int pb_today(pb_date *out, pb_err *e);
/* Every period form of the SPEC, relative forms against `today`. */
int pb_period_parse(const char *s, pb_date today, pb_period *out, pb_err *e);
/* The relative periods pb_period_parse takes ("this-month", ...), in
 * order, NULL-terminated: for completion and help. */
extern const char *const pb_relative_periods[];
/* The period of the same length just before p (previous month for a
 * month, quarter for a quarter, ...; otherwise the same number of days)
 * into *out: 1, or 0 when it would begin before 0001-01-01. */
int pb_period_previous(const pb_period *p, pb_period *out);
/* p in words: 2026年3月 / March 2026, 2026年第一季度 / Q1 2026, 2026年上半年
 * / H1 2026, 2026年度 / 2026, else "FROM至TO" / "FROM to TO". */
void pb_period_words(const pb_period *p, int zh, char *buf, size_t len);

/* ---- money (money.c) --------------------------------------------------- */

/* Yuan with up to 2 decimals, optional 元 or 万 (x10000): "60000",
 * "6万", "1234.5元". Negative, over-precise or overflowing refused. */
int pb_money_parse(const char *s, int64_t *fen, pb_err *e);
/* "1234.50" */
void pb_money_format(int64_t fen, char buf[32]);
/* Decimal quantities and hours kept exact as thousandths:
 * "2.5" -> 2500. Up to 3 decimals, non-negative. */
int pb_decimal_parse(const char *s, int64_t *milli, pb_err *e);
void pb_decimal_format(int64_t milli, char buf[32]);
/* Non-negative integer counts ("140"). */
int pb_count_parse(const char *s, int64_t *out, pb_err *e);

/* The bounds of the numbers pb stores (pb(7) VALUES): beyond any street,
 * and small enough that totals over a million records at the bounds (and
 * over far more real ones) fit in 64 bits: 10^6 x 10^5 people x 10^7
 * thousandths of an hour = 10^18 < 9.2 x 10^18. */
#define PB_MONEY_MAX INT64_C(1000000000)         /* fen: 10 000 000 yuan */
#define PB_COUNT_MAX INT64_C(10000000)           /* households, members, ... */
#define PB_PEOPLE_MAX INT64_C(100000)            /* one org's head-count */
#define PB_HOURS_MAX INT64_C(10000000)           /* thousandths: 10 000 h */
#define PB_QUANTITY_MAX INT64_C(1000000000000)   /* thousandths: 10^9 */
/* A number for a field checked as `check` (enum pb_check: money, count,
 * people, hours, quantity or id), within that check's bound; the message
 * of a value beyond it says the bound. */
int pb_number_parse(int check, const char *s, int64_t *out, pb_err *e);
/* v as that check writes it: "1234.50", "2.5", "140". */
void pb_number_format(int check, int64_t v, char buf[32]);
/* The largest value of check, or INT64_MAX; *text (if not NULL) is it as
 * a user writes it, with its unit: "10000000.00 yuan". */
int64_t pb_number_max(int check, char text[48]);
/* *sum += v, or PB_DATAERR when the total would leave 64 bits ("a total
 * of WHAT ..."): sums of stored values written outside pb can. */
int pb_sum_add(int64_t *sum, int64_t v, const char *what, pb_err *e);

/* ---- labels of kinds and categories (labels.c) ------------------------- */

typedef struct pb_label {
	const char *key;
	const char *zh;
	const char *en;
} pb_label;

typedef struct pb_domain {
	const char *name; /* "kind", "category" */
	const pb_label *labels;
	size_t n;
} pb_domain;

extern const pb_domain pb_org_kinds;
extern const pb_domain pb_member_categories;
extern const pb_domain pb_pair_kinds;
extern const pb_domain pb_event_kinds;
extern const pb_domain pb_contribution_types;
extern const pb_domain pb_participant_roles;
extern const pb_domain pb_genders; /* m/f: 男/女 */

/* Accept the key or the Chinese label; return the key or NULL. */
const char *pb_domain_key(const pb_domain *d, const char *input);
/* The label of a key in the given language ("zh" or "en"); the key when
 * it is not in the domain. */
const char *pb_domain_label(const pb_domain *d, const char *key, int zh);
/* "street, community, ..." for error messages. */
void pb_domain_list(const pb_domain *d, char *buf, size_t len);
/* 1 when output should be Chinese: PB_LANG, else LC_ALL/LC_MESSAGES/LANG. */
int pb_lang_zh(void);

/* ---- config and database path (config.c) -------------------------------- */

typedef struct pb_review_weight {
	char name[32];
	double weight;
} pb_review_weight;

typedef struct pb_config {
	char path[4096];     /* the file read, or "" */
	char database[4096]; /* config `database:` or "" */
	char format[16];
	char street[256];
	long busy_timeout_ms;
	int nweights;
	pb_review_weight weights[16];
} pb_config;

/* Read PB_CONFIG, else $XDG_CONFIG_HOME/pb/config.yaml, else
 * /etc/pb/config.yaml; a missing default file is no error, a missing
 * PB_CONFIG or a malformed file is PB_CONFIG. */
int pb_config_load(pb_config *c, pb_err *e);
/* --db option, PB_DB, config, $XDG_DATA_HOME/pb/pb.db. */
int pb_db_path(const char *opt, const pb_config *c, char *out, size_t len,
	       pb_err *e);
/* Who named the database pb_db_locate found. */
enum pb_db_source { PB_DB_DEFAULT, PB_DB_OPTION, PB_DB_ENV, PB_DB_CONFIG };
/* pb_db_path, and in *source (may be NULL) where the path came from. A
 * value that names no file (empty --db, ":memory:", a "file:" URI) is
 * PB_USAGE; an empty PB_DB is unset. */
int pb_db_locate(const char *opt, const pb_config *c, char *out, size_t len,
		 int *source, pb_err *e);
/* Why a --db, PB_DB or config value names no database file pb could keep
 * records in ("is empty", ...), or NULL when it is a path. */
const char *pb_db_unusable(const char *value);

/* ---- storage (store.c dispatches to store_sqlite.c or store_pg.c, the
 * only modules that know an engine) ---------------------------------- */

/* The symbol `symbol` of the module `soname` beside libpb (module.c),
 * loaded once; NULL and PB_UNAVAILABLE ("this pb's WHAT support cannot
 * be loaded ...: reinstall pb with NEEDS") when it cannot be. */
const void *pb_module_symbol(const char *soname, const char *symbol,
			     const char *what, const char *needs, pb_err *e);

/* 1 when name selects PostgreSQL (postgresql://, postgres://, or
 * postgresql: followed by libpq key=value settings): never a file path. */
int pb_db_is_url(const char *name);

typedef struct pb_db pb_db;
typedef struct pb_stmt pb_stmt;

enum pb_open_mode {
	PB_READ = 0,   /* a missing file reads as an empty database */
	PB_WRITE = 1,  /* create the file, its directory and schema if needed */
	PB_UPDATE = 2, /* write, but a missing file reads as empty: changing
			* a record of a database that does not exist creates
			* nothing */
	PB_NAMED = 8,  /* or'ed in: the user named the file, so in PB_READ
			* and PB_UPDATE a missing one is PB_NOINPUT, not an
			* empty database */
	PB_SOURCE = 16, /* or'ed into PB_READ (implies PB_NAMED): a source of
			 * a roll-up, never written. A SQLite file is opened
			 * read-only even when writable, never migrated, its
			 * journal mode left as it is; an older schema is read
			 * through a copy migrated in memory (the file stays
			 * byte-identical). On PostgreSQL an older schema is
			 * PB_UNAVAILABLE, and a database without pb's schema
			 * PB_NOINPUT. Locked past the busy timeout:
			 * PB_TEMPFAIL, naming the file */
};

enum pb_step { PB_ROW = 100, PB_DONE = 101 };

/* Open (and on PB_WRITE create and migrate) the database. A database newer
 * than this program or not a pb database is PB_UNAVAILABLE. A missing file
 * in PB_READ mode opens an empty in-memory database of the current schema,
 * so reading commands print nothing rather than fail; PB_UPDATE likewise;
 * with PB_NAMED both are PB_NOINPUT. PB_READ never writes the file: it
 * reads on a full disk and a read-only medium too. ":memory:" works. */
int pb_db_open(const char *path, int mode, long busy_ms, pb_db **out,
	       pb_err *e);
void pb_db_close(pb_db *db);
/* The pb SQLite databases in dir, not its subdirectories: each regular
 * file (or link to one) whose header says SQLite with pb's application
 * id, as "DIR/NAME", in strcmp order of NAME. Names starting '.' (pb's
 * temporaries) and ending -wal, -shm or -journal are skipped, and so are
 * other files; one that cannot be read is PB_NOINPUT naming it. dir not
 * a readable directory, or holding no pb database: PB_NOINPUT. Free the
 * list with pb_db_dir_sources_free. */
int pb_db_dir_sources(const char *dir, char ***paths, size_t *n, pb_err *e);
void pb_db_dir_sources_free(char **paths, size_t n);
/* The command line recorded in the audit trail by pb_db_commit, as
 * pb_cmdline() writes it (personal values and passwords masked). */
void pb_db_set_command(pb_db *db, const char *command);
/* BEGIN IMMEDIATE; waits up to the busy timeout, then PB_TEMPFAIL. */
int pb_db_begin(pb_db *db, pb_err *e);
/* Writes the audit row, then commits; PB_IOERR, rolled back, when the
 * path no longer names the file opened (removed or replaced). */
int pb_db_commit(pb_db *db, pb_err *e);
void pb_db_rollback(pb_db *db);
/* A savepoint inside the current transaction, so that one record of an
 * import can fail without its writes and without ending the transaction
 * (PostgreSQL aborts a transaction at its first failed statement, SQLite
 * only the statement). Each pb_db_savepoint is closed by exactly one
 * pb_db_release (keep the writes) or pb_db_rollback_to (undo them; the
 * transaction goes on); they nest. */
int pb_db_savepoint(pb_db *db, pb_err *e); /* SAVEPOINT pb_rec */
int pb_db_release(pb_db *db, pb_err *e);   /* RELEASE pb_rec */
void pb_db_rollback_to(pb_db *db); /* ROLLBACK TO pb_rec; RELEASE pb_rec */
int pb_db_schema_version(pb_db *db);
/* For a load that will write many rows into the tables (NULL-ended):
 * their secondary indexes not led by the column lead are dropped now and
 * made again from their own definitions at commit, one sort each instead
 * of a random insert per row (a rollback keeps them).  Outside any
 * savepoint.  PostgreSQL keeps its indexes. */
int pb_db_defer_indexes(pb_db *db, const char *const *tables,
			const char *lead, pb_err *e);
/* The database as messages name it: its path, or its URL with any
 * password masked. */
const char *pb_db_name(pb_db *db);
/* Statements are cached by the address of their SQL text, so callers
 * pass string literals and get the prepared statement back cheaply;
 * pb_stmt_done() resets it for the next use.  The same SQL runs on
 * SQLite and PostgreSQL, which types each ?N from its first use: so a
 * ?N first tested with IS NULL, or selected bare, is cast there
 * (CAST(?N AS BIGINT) / AS TEXT), and a statement uses every ?N below
 * its highest.  ORDER BY a column that may be NULL says NULLS FIRST
 * (SQLite's order, not PostgreSQL's). */
int pb_db_prepare(pb_db *db, const char *sql, pb_stmt **out, pb_err *e);
/* The most values one statement binds, on either engine: a statement
 * that writes many rows at once writes PB_MOST_PARAMS / columns. */
#define PB_MOST_PARAMS 256
/* head, nrows rows of ncols numbered parameters ("(?1, ?2), (?3, ?4)"),
 * then tail, into buf: one statement writing many rows, what a
 * statement costs of itself (on a server, a round trip) paid once for
 * them all.  buf, or NULL when it is too small (pb_db_prepare refuses
 * a NULL text with PB_SOFTWARE). */
const char *pb_sql_rows(char *buf, size_t len, const char *head, int ncols,
			int nrows, const char *tail);
/* The id a new row takes, named by every insert: one above the highest,
 * as SQLite gives rowids (a deleted last row's id is given again), so
 * ids come out the same on PostgreSQL, whose identity sequence would
 * neither follow the ids an import keeps nor give any back after a
 * delete or a rollback. Writers are serialised: no two take one id. */
#define PB_NEXT_ID(table) "(SELECT COALESCE(max(id), 0) + 1 FROM " table ")"
void pb_stmt_done(pb_stmt *st);
int pb_bind_text(pb_stmt *st, int i, const char *s); /* NULL binds NULL */
int pb_bind_int(pb_stmt *st, int i, int64_t v);
int pb_bind_null(pb_stmt *st, int i);
/* PB_ROW, PB_DONE, or an error code: constraint -> PB_DATAERR,
 * busy -> PB_TEMPFAIL, full disk / I/O -> PB_IOERR, else PB_SOFTWARE. */
int pb_step(pb_stmt *st, pb_err *e);
/* After a step that ended a statement writing rows (PB_DONE): how many
 * rows it inserted, updated or deleted; an insert ON CONFLICT DO
 * NOTHING that met its key counts none. */
int64_t pb_changes(pb_stmt *st);
const char *pb_col_text(pb_stmt *st, int i); /* NULL for NULL */
int64_t pb_col_int(pb_stmt *st, int i);
int pb_col_null(pb_stmt *st, int i);
int pb_col_count(pb_stmt *st);
const char *pb_col_name(pb_stmt *st, int i);
/* Run a statement that returns no rows. */
int pb_exec(pb_db *db, const char *sql, pb_err *e);
/* Run a statement with one integer parameter ?1 that returns no rows. */
int pb_exec_id(pb_db *db, const char *sql, int64_t id, pb_err *e);
/* One integer (a count) from a query with integer parameters ?1, when a
 * is not 0, and ?2, when b is not 0; a query that returns no row gives 0. */
int pb_query_int(pb_db *db, const char *sql, int64_t a, int64_t b,
		 int64_t *out, pb_err *e);
/* Every id (first column) a query lists, its ?1 bound to a, or NULL when
 * a is 0: in *ids (freed by the caller; NULL with *n 0 for none), read
 * whole before the caller runs other statements on the connection. */
int pb_query_ids(pb_db *db, const char *sql, int64_t a, int64_t **ids,
		 size_t *n, pb_err *e);
const char *pb_db_engine_version(void);
/* libyaml's version, for --version: the programs link libpb alone. */
const char *pb_yaml_version(void);
/* The engine's own checks (file integrity, dangling references): each
 * problem goes to fn. */
typedef void (*pb_problem_fn)(void *ctx, const char *what);
int pb_db_engine_check(pb_db *db, pb_problem_fn fn, void *ctx, pb_err *e);
/* A consistent copy of the database to path, a SQLite pb database, while
 * others may write. */
int pb_db_backup(pb_db *db, const char *path, pb_err *e);
/* The records of db copied, in one snapshot, into a new SQLite pb
 * database at path (created 0600 beside it and renamed into place). */
int pb_db_copy_to_file(pb_db *db, const char *path, pb_err *e);

/* ---- output (out.c: the sink; fmt.c: the formats) ---------------------- */

/* Where data go: stdout, or FILE through a temporary file renamed into
 * place at pb_out_close(), so a reader never sees half a file. */
typedef struct pb_out pb_out;
int pb_out_open(const char *path, pb_out **out, pb_err *e);
FILE *pb_out_file(pb_out *o);
/* commit=1: flush, fsync, rename; commit=0: remove the temporary. */
int pb_out_close(pb_out *o, int commit, pb_err *e);

/* ---- the audit trail's command line (cmdline.c) ------------------------ */

/* Bytes [from, to) of word `word` of a command line, shown as ***. */
typedef struct pb_mask {
	int word;
	size_t from, to;
} pb_mask;
/* argv as one line: each word quoted for a shell where it needs it, the
 * masked parts (m[0..nm), in order of word and from) shown as ***.
 * malloc'd; NULL when out of memory. */
char *pb_cmdline(int argc, char *const *argv, const pb_mask *m, size_t nm);
/* The passwords in a database value that is a PostgreSQL connection
 * (postgresql://user:PASS@host/db, ?password=PASS; postgresql:... with
 * password=PASS): up to max masks of word `word`, offset by off (where the
 * value starts in the word). Returns how many. */
size_t pb_conninfo_secrets(const char *value, int word, size_t off, pb_mask *m,
			   size_t max);
/* The value with every such password shown as ***; malloc'd, NULL when
 * out of memory. */
char *pb_conninfo_masked(const char *value);
/* 1 when a field of this name holds personal data (a phone number) in
 * some record: its value never goes into the audit trail. */
int pb_field_personal(const char *name);

/* ---- write targets (target.c) ------------------------------------------ */

/* PB_USAGE when path is the database db or its -wal, -shm or -journal: the
 * same file (device and inode, through any link or spelling), or, when it
 * does not exist yet, the same resolved name. */
int pb_target_check(const char *path, const char *db, pb_err *e);
/* Create the temporary file for target beside it, mode 0600, named
 * ".NAME.pb-tmp.PID.XXXXXX"; *tmp is malloc'd. Stale ones in that
 * directory are swept first. */
int pb_tmp_create(const char *target, int *fd, char **tmp, pb_err *e);
/* Remove the temporary files beside target (in its directory) whose
 * writer process is gone, each passed to fn (may be NULL); returns how
 * many. */
int pb_tmp_sweep(const char *target, void (*fn)(void *ctx, const char *path),
		 void *ctx);
/* Put tmp, its bytes synced, in target's place: renamed over it (73 when
 * it cannot be), the rename made durable by syncing the directory (74).
 * On failure the caller removes tmp (gone already when renamed). */
int pb_tmp_put(const char *tmp, const char *target, pb_err *e);

enum pb_format {
	PB_FMT_TABLE,
	PB_FMT_TSV,
	PB_FMT_CSV,
	PB_FMT_JSON,
	PB_FMT_JSONL,
	PB_FMT_YAML,
	PB_FMT_MD,
	PB_FMT_HTML,
	/* The summary as a paragraph (report_brief.c): pb-report's summary,
	 * monthly, quarterly and annual alone. */
	PB_FMT_BRIEF,
	PB_FMT_XLSX,
};
int pb_format_parse(const char *s, int *fmt);
/* The same, with the SPEC's message for an unknown name (PB_USAGE). */
int pb_format_parse_err(const char *s, int *fmt, pb_err *e);
const char *pb_format_name(int fmt);

enum pb_type {
	PB_T_TEXT,  /* a string */
	PB_T_INT,   /* an integer, bare in json/yaml */
	PB_T_MONEY, /* "1234.50", a number in json/yaml */
	PB_T_DEC,   /* decimal text, a number in json/yaml */
	PB_T_BOOL,  /* "0"/"1" -> false/true */
	PB_T_DATE,  /* YYYY-MM-DD string */
};

/* 1 for the numeric types (int, money, decimal): summed, right-aligned,
 * bare in json. */
int pb_type_is_number(int type);

typedef struct pb_field {
	const char *name; /* key in tsv/csv/json/yaml */
	const char *en;	  /* heading in table/md/html */
	const char *zh;
	int type;
	const pb_domain *domain; /* labels shown in table/md/html, or NULL */
	int check;		 /* enum pb_check: how input is validated */
} pb_field;

typedef struct pb_fmt_opts {
	int format;
	int header; /* tsv: print a header line */
	int bom;    /* csv: start with a UTF-8 BOM */
	int raw;    /* csv: no "'" before a cell that looks like a formula */
	int zh;	    /* Chinese labels and headings */
	const char *fields; /* "a,b,c": which columns and their order, or NULL */
	const char *what;   /* xlsx: the command's subject ("org list"), a
			     * sheet's name and a report's title */
} pb_fmt_opts;

/* PB_OK when -f xlsx can be written: the module libpb-xlsx.so.0 loads;
 * else PB_UNAVAILABLE (built without libxlsxwriter, or not installed). */
int pb_xlsx_available(pb_err *e);

typedef struct pb_fmt pb_fmt;
/* A list of records with the given fields. A --fields naming an unknown
 * field is PB_USAGE. Values are strings (NULL for null) in field order. */
int pb_fmt_list_begin(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		      size_t nfields, pb_fmt **out, pb_err *e);
int pb_fmt_row(pb_fmt *f, const char *const *values);
int pb_fmt_list_end(pb_fmt *f, pb_err *e);
/* One record (show): json/yaml one object, table two aligned columns of
 * heading and value, tsv/csv key and value per line. --fields applies. */
int pb_fmt_object(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		  size_t nfields, const char *const *values, pb_err *e);

/* A list shown inside one record (an event's participants): in json and
 * yaml an array under `name`, elsewhere a titled list after the record.
 * cells holds nrows * nfields values, row by row. */
typedef struct pb_sublist {
	const char *name, *en, *zh;
	const pb_field *fields;
	size_t nfields;
	const char *const *cells;
	size_t nrows;
} pb_sublist;
int pb_fmt_show(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		size_t nfields, const char *const *values, const pb_sublist *subs,
		size_t nsubs, pb_err *e);

/* Escape for a terminal: C0 controls and DEL as \n \t \r \xHH, C1
 * controls as \u00HH, a byte that is not UTF-8 as \xHH. */
void pb_escape_ctl(const char *s, char *buf, size_t len);

/* ---- YAML (yaml_read.c, yaml_write.c) --------------------------------- */

/* A record read from a YAML sequence item: a mapping of scalars, where a
 * value may instead be a sequence of such records (an event's
 * participants). Positions are 1-based. */
typedef struct pb_yrec pb_yrec;
typedef struct pb_yval {
	char *key;
	char *text;	 /* NULL for a null scalar or a nested list */
	int is_null;
	int quoted;	 /* scalar was quoted in the source */
	long line, col;	 /* of the value */
	long kline, kcol; /* of the key */
	pb_yrec **subs; /* nested records, when the value is a sequence */
	size_t nsubs;
	int is_seq;
} pb_yval;

struct pb_rec;
struct pb_yrec {
	const char *file;
	long line, col;
	pb_yval *v;
	size_t n;
	/* The record as pb_rec_from_yaml makes it with prep's fields and
	 * nested keys, made ahead on the reading thread (pb_yrec_prepare);
	 * NULL when it was not, or had an error to report. */
	const struct pb_rec *prep;
	const char *const *prep_nested;
	void *reader; /* the reader whose memory the record is in */
};

/* Called for each item of each top-level section; return non-zero to
 * stop reading. The record is freed after the call. */
typedef int (*pb_yrec_fn)(void *ctx, const char *section, pb_yrec *r);
/* Called on the reading thread for each record before fn has it, to
 * do there what needs nothing of fn's (pb_yrec_prepare). */
typedef void (*pb_yrec_prep_fn)(void *ctx, const char *section, pb_yrec *r);

/* Stream FILE ("-" for stdin): a mapping of section -> sequence of
 * records. Unknown sections are errors in d unless `sections` is NULL.
 * Syntax errors, aliases past the cap and nesting past the cap are
 * reported with file:line:col in d. */
int pb_yaml_read(const char *path, const char *const *sections,
		 pb_yrec_fn fn, void *ctx, pb_diags *d, pb_err *e);
/* The same, prep(pctx, ...) run on the reading thread first: on every
 * record when always is set, else while fn's thread has records waiting
 * (prep then costs fn nothing; when fn waits for records, it would make
 * fn wait longer). */
int pb_yaml_read_prep(const char *path, const char *const *sections,
		      pb_yrec_prep_fn prep, void *pctx, int always,
		      pb_yrec_fn fn, void *ctx, pb_diags *d, pb_err *e);
/* The value of key in r, or NULL (and NULL val) if absent. */
pb_yval *pb_yrec_get(pb_yrec *r, const char *key);
/* n bytes, zeroed, that are freed with r: in a prep hook only (NULL
 * elsewhere, or out of memory). */
void *pb_yrec_alloc(pb_yrec *r, size_t n);

/* A streaming YAML writer on libyaml's emitter: Chinese as itself,
 * strings a YAML 1.1 reader would not read back as strings quoted. */
typedef struct pb_yw pb_yw;
int pb_yw_open(FILE *fp, pb_yw **out, pb_err *e);
int pb_yw_map_begin(pb_yw *w);
int pb_yw_map_end(pb_yw *w);
int pb_yw_seq_begin(pb_yw *w);
int pb_yw_seq_end(pb_yw *w);
int pb_yw_key(pb_yw *w, const char *k);
int pb_yw_str(pb_yw *w, const char *s);	 /* NULL writes null */
int pb_yw_plain(pb_yw *w, const char *s); /* numbers, booleans as-is */
int pb_yw_close(pb_yw *w, pb_err *e);
/* 1 when a plain scalar s would not read back as the string s. */
int pb_yaml_needs_quotes(const char *s);

/* ---- records (record.c) ------------------------------------------------ */

/* How a field's text is checked and normalised on input. */
enum pb_check {
	PB_C_NONE,   /* assigned by pb (id): refused on input */
	PB_C_TEXT,   /* one line of text, at most 200 characters */
	PB_C_NOTE,   /* text that may span lines, at most 2000 characters */
	PB_C_CODE,   /* [a-z0-9][a-z0-9._-]*, at most 64 */
	PB_C_DATE,   /* YYYY-MM-DD, validated */
	PB_C_MONEY,  /* yuan -> "1234.50", at most PB_MONEY_MAX */
	PB_C_COUNT,  /* non-negative integer, at most PB_COUNT_MAX */
	PB_C_DEC,    /* a quantity: decimal, 3 places, PB_QUANTITY_MAX */
	PB_C_DOMAIN, /* a key or Chinese label of field->domain -> the key */
	PB_C_REF,    /* a reference to another record, resolved on write */
	PB_C_USCC,   /* 18-character unified social credit code */
	PB_C_PHONE,  /* digits, spaces, + - ( ), at most 32 */
	PB_C_GENDER, /* m/f or 男/女 -> m/f */
	PB_C_PEOPLE, /* a head-count, at most PB_PEOPLE_MAX */
	PB_C_HOURS,  /* hours per person, 3 places, PB_HOURS_MAX */
	PB_C_ID,     /* the id of a record: any non-negative integer */
};

#define PB_REC_MAX 24

typedef struct pb_rec {
	const pb_field *fields;
	size_t n;
	char *v[PB_REC_MAX]; /* normalised text, NULL when unset */
	unsigned long given; /* bit i: field i was given on input */
	unsigned long lent;  /* bit i: v[i] is another's, never freed here */
	int64_t id;
} pb_rec;

void pb_rec_init(pb_rec *r, const pb_field *fields, size_t n);
void pb_rec_free(pb_rec *r);
int pb_field_index(const pb_field *fields, size_t n, const char *name);
/* Validate and normalise text for the named field; "" clears it. Unknown
 * field -> PB_USAGE; bad value -> PB_DATAERR saying which field. */
int pb_rec_set(pb_rec *r, const char *field, const char *text, pb_err *e);
/* The same for field i (< r->n), found already. */
int pb_rec_set_at(pb_rec *r, size_t i, const char *text, pb_err *e);
/* Store an already-normal value (from the database) without checks. */
int pb_rec_put(pb_rec *r, size_t i, const char *text);
const char *pb_rec_get(const pb_rec *r, const char *field);
/* Check one value without a record. */
int pb_field_check(const pb_field *f, const char *text, char **norm,
		   pb_err *e);
/* Copy into dst the fields given in src (an upsert keeps what the input
 * does not mention; an empty value clears). */
int pb_rec_merge(pb_rec *dst, const pb_rec *src);
/* 1 when every input field has the same value in both. */
int pb_rec_same(const pb_rec *a, const pb_rec *b);
/* Two texts alike, NULL alike only to NULL. */
int pb_text_same(const char *a, const char *b);
/* Fail naming the first required field that is unset. */
int pb_rec_require(const pb_rec *r, const char *const *names, pb_err *e);
/* "field1, field2, ..." of the input fields, for messages. */
void pb_fields_list(const pb_field *fields, size_t n, char *buf, size_t len);

/* Fill r from a YAML mapping: unknown keys and bad values become diags
 * at their positions (record_yaml.c). */
int pb_rec_from_yaml(pb_rec *r, const pb_yrec *y, const char *const *nested,
		     pb_diags *d);
/* In a prep hook: y->prep set to what pb_rec_from_yaml would make of y
 * with these fields and nested keys (its values in y's memory), when
 * that is no error; scratch takes the errors, which are left for
 * pb_rec_from_yaml to report in their place. */
void pb_yrec_prepare(pb_yrec *y, const pb_field *fields, size_t n,
		     const char *const *nested, pb_diags *scratch);
/* Write r as a mapping: fields pb assigns (id) and unset ones left out. */
int pb_rec_to_yaml(pb_yw *w, const pb_rec *r);
/* The same key/value pairs, inside a mapping the caller opened. */
int pb_rec_yaml_fields(pb_yw *w, const pb_rec *r);
/* The key `id` and its value: how a record without a natural key is found
 * again on import (pairs always; members and events without a ref). */
int pb_yw_id(pb_yw *w, int64_t id);

typedef int (*pb_rec_fn)(void *ctx, const pb_rec *r);
/* fn(ctx, r), whose failure (it writes output: PB_IOERR, or PB_SOFTWARE
 * when out of memory) is put in e, so a list cut short is never taken for
 * a whole one. */
int pb_rec_call(pb_rec_fn fn, void *ctx, const pb_rec *r, pb_err *e);
/* Rows whose columns come in field order (money as fen, decimals as
 * thousandths, both shown as text): one row into r; every row to fn;
 * the one row of a get, PB_NOTFOUND ("no WHAT with id N") when none.
 * Each resets the statement when done. */
int pb_rec_from_row(pb_stmt *st, pb_rec *r, pb_err *e);
int pb_rec_each_row(pb_stmt *st, const pb_field *fields, size_t n,
		    pb_rec_fn fn, void *ctx, pb_err *e);
int pb_rec_one_row(pb_stmt *st, pb_rec *r, const char *what, int64_t id,
		   pb_err *e);
/* Replace org references by their codes where they resolve (upserts
 * compare records by value). */
void pb_rec_canon_refs(pb_db *db, pb_rec *r);

/* ---- finding rows of a list (rec_match.c) ------------------------------ */

/* Which rows of a list to keep, tested in C on the values a row shows
 * (so on any engine alike): --name TEXT in one of name_fields, --search
 * TEXT in any text field (names included), and the value of in_field
 * one of in[] (--kind a,b). Texts match as byte substrings of valid
 * UTF-8, ASCII letters folded to lower case on both sides; no other
 * letters fold (CJK has no case; full-width Latin is compared as it
 * is). An unset part keeps every row. */
#define PB_MATCH_IN_MAX 16
typedef struct pb_match {
	const char *name;
	const char *const *name_fields; /* NULL-terminated */
	const char *search;
	const char *in_field;
	const char *in[PB_MATCH_IN_MAX];
	size_t nin;
	pb_rec_fn fn; /* the rows kept go on to fn(ctx, r) */
	void *ctx;
} pb_match;

/* 1 when needle occurs in hay (folding ASCII letters); NULL hay: 0. */
int pb_text_find(const char *hay, const char *needle);
/* Check the TEXT of option `option` (--name, --search): valid UTF-8, not
 * empty; else PB_USAGE naming the option. */
int pb_match_text(const char *option, const char *text, pb_err *e);
/* m->in from a comma-separated list of the domain's keys or Chinese
 * labels ("enterprise,社区党组织"), each checked: an unknown one is
 * PB_USAGE "unknown WHAT 'x' (expected one of: ...)"; the same value
 * twice counts once. With d NULL, list is the one value (a title). */
int pb_match_in(pb_match *m, const char *field, const pb_domain *d,
		const char *what, const char *list, pb_err *e);
/* All of a list's options at once, each NULL when not given: --name,
 * --search, and --OPTION a,b (option "kind" or "category") for the field
 * of that name in domain d; the errors as above. m->name_fields, fn and
 * ctx are the caller's to set. */
int pb_match_opts(pb_match *m, const char *name, const char *search,
		  const char *option, const pb_domain *d, const char *list,
		  pb_err *e);
/* 1 when r is kept. */
int pb_match_row(const pb_match *m, const pb_rec *r);
/* A pb_rec_fn: ctx is a pb_match; a row kept goes to m->fn. */
int pb_match_fn(void *ctx, const pb_rec *r);
/* 1 when m keeps some rows out (something to test). */
int pb_match_any(const pb_match *m);

/* ---- the reference resolver (resolve.c) -------------------------------- */

/* An org by code, numeric id, or exact full name where unique. Unknown ->
 * PB_DATAERR "unknown organization 'x'" (PB_NOTFOUND when notfound_is_1);
 * an ambiguous name -> PB_DATAERR listing the candidates' codes. */
int pb_org_resolve(pb_db *db, const char *ref, int notfound_is_1, int64_t *id,
		   pb_err *e);
/* The code of org id, into buf. */
int pb_org_code(pb_db *db, int64_t id, char *buf, size_t len, pb_err *e);
/* A numeric id of a record kind ("role", "member", ...) parsed from text. */
int pb_id_parse(const char *what, const char *text, int64_t *id, pb_err *e);

/* ---- organizations (org.c) ---------------------------------------------- */

extern const pb_field pb_org_fields[];
extern const size_t pb_org_nfields;
extern const pb_field pb_role_fields[];
extern const size_t pb_role_nfields;
extern const pb_field pb_tree_fields[];
extern const size_t pb_tree_nfields;

int pb_uscc_valid(const char *s);

/* Writes run inside the caller's transaction. */
int pb_org_insert(pb_db *db, pb_rec *r, pb_err *e);
/* Insert or update by code; *created says which. Parent is not resolved
 * when defer_parent is set (import links parents after all rows). */
int pb_org_upsert(pb_db *db, pb_rec *r, int defer_parent, int *created,
		  pb_err *e);
int pb_org_update(pb_db *db, pb_rec *r, pb_err *e);
int pb_org_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e);
/* Set the parent of id from a reference (NULL clears), refusing cycles
 * unless the caller looks for them in the whole graph afterwards (an
 * import: one pass, where a check per org would cost its depth). */
int pb_org_set_parent(pb_db *db, int64_t id, const char *parent_ref,
		      int cycles_later, pb_err *e);
/* Every parent cycle, once: fn gets its orgs' ids and codes in code
 * order; cycles come in the order of their first code. Linear in the
 * number of orgs whatever the depth; a nonzero fn return stops. */
typedef int (*pb_org_cycle_fn)(void *ctx, size_t n, const int64_t *ids,
			       const char *const *codes);
int pb_org_cycles(pb_db *db, pb_org_cycle_fn fn, void *ctx, pb_err *e);
/* What refers to org id, as "2 child orgs, 1 role": returns the count. */
int pb_org_refs(pb_db *db, int64_t id, char *buf, size_t len, pb_err *e);
/* Delete org id; refuses when referred to unless force, in which case
 * roles go and child orgs are detached; `said` tells what was done. */
int pb_org_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		  pb_err *e);

typedef struct pb_org_filter {
	const char *kind; /* key or NULL */
	int64_t parent;	  /* 0: any */
	int all;	  /* include orgs off the roll (left, or joining later) */
	const char *today; /* the roll (and --unpaired) is read on this date */
	/* The questions' filters; each keeps units only (any kind but
	 * district, street and community). unpaired: the partner of no pair
	 * active on today. no_meetings_from..to: no attendance row (an
	 * awardee's is none) at an event of kind meeting in those days. */
	int unpaired;
	const char *no_meetings_from, *no_meetings_to; /* NULL: no filter */
} pb_org_filter;

int pb_org_list(pb_db *db, const pb_org_filter *f, pb_rec_fn fn, void *ctx,
		pb_err *e);
/* The hierarchy under root (0: every top-level org), depth first by code,
 * each row a pb_tree_fields record: depth, code, name, kind, members and
 * the members of the whole subtree. */
int pb_org_tree(pb_db *db, int64_t root, int all, const char *today,
		pb_rec_fn fn, void *ctx, pb_err *e);

/* Office-holders. */
int pb_role_insert(pb_db *db, pb_rec *r, pb_err *e);
/* Insert unless a role with the same org, title, name and since exists. */
int pb_role_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e);
int pb_role_end(pb_db *db, int64_t id, const char *until, pb_err *e);
int pb_role_list(pb_db *db, int64_t org, int all, const char *today,
		 pb_rec_fn fn, void *ctx, pb_err *e);

/* Import (org_io.c): a YAML file of orgs and roles, validated entirely
 * and written in one transaction, or nothing. */
typedef struct pb_import_stats {
	long created, updated, unchanged;
} pb_import_stats;
int pb_org_import(pb_db *db, const char *path, int dry_run,
		  pb_import_stats *st, pb_diags *d, pb_err *e);
int pb_org_export(pb_db *db, FILE *fp, pb_err *e);

/* ---- YAML import and export runner (record_io.c) ---------------------- */

/* A key of a section's records whose value is a list of records of
 * their own (an event's participants), read with these fields. */
typedef struct pb_import_sub {
	const char *key;
	const pb_field *fields;
	const size_t *nfields;
} pb_import_sub;

/* One section of a YAML file a command imports ("orgs", "pairs"). */
typedef struct pb_import_section {
	const char *name;
	const pb_field *fields;
	size_t nfields;
	/* Write one validated record: *created is 1 (new), 0 (updated) or -1
	 * (unchanged), and r->id the record's id afterwards. A failure with
	 * an empty e->msg was already reported in d. */
	int (*upsert)(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
		      pb_diags *d, int *created, pb_err *e);
	/* The key for "duplicate KEY (first at line N)", e.g. "code 'x'";
	 * returns 1 when the key names the record by what the file says
	 * (code, ref, a pair's four fields), 0 when it is no such natural
	 * key (it leaves out what tells two records apart, or names one by
	 * its id). NULL: the same record twice is not checked. */
	int (*key)(const pb_rec *r, char *buf, size_t len);
	/* Keys whose values are lists the upsert reads from y itself (a
	 * member's registrations), and "id" where a record without a natural
	 * key is matched by its id; NULL: none. */
	const char *const *nested;
	/* A record with a bad value is not written, but its references are
	 * still checked so that every error is listed: this hook does it
	 * (NULL: each org reference is resolved now). */
	void (*invalid)(void *ctx, pb_db *db, const pb_rec *r, const pb_yrec *y,
			pb_diags *d);
	/* After every record, before commit: cross-record work (linking
	 * parents) whose errors go to d; may be NULL. */
	void (*finish)(void *ctx, pb_db *db, const char *file, pb_diags *d);
	void *ctx;
	void (*free_ctx)(void *ctx);
	/* Tried before upsert, outside the record's savepoint: a record
	 * found unchanged, or a new one that every rule was checked against
	 * before anything was written, so that no write of it can fail for
	 * the data's sake.  PB_OK with *created and r->id as upsert's; -1 to
	 * hand the record to upsert (which says what is wrong with it, or
	 * updates it); an error code ends the import.  It may hold new rows
	 * back to write many at once: called with r NULL, it writes them,
	 * which the runner does before any record goes to an upsert and
	 * before the import ends.  NULL: upsert alone. */
	int (*quick)(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
		     int *created, pb_err *e);
	/* The lists of records in a record, ended by a NULL key, checked on
	 * the reading thread as the record is (pb_yrec_prepare); NULL:
	 * none. */
	const pb_import_sub *subs;
} pb_import_section;

typedef struct pb_import_spec {
	const char *command; /* "pb-pair": named for sections it does not take */
	const pb_import_section *sections;
	size_t nsections;
	/* Called every 10000 records, for a progress line; may be NULL. */
	void (*progress)(void *arg, long records);
	void *progress_arg;
} pb_import_spec;

/* Each record kind's sections, for its command's import and for pb-db
 * load; they return how many they wrote into out (at most 2), with any
 * state they need allocated: release it with pb_import_sections_free. */
size_t pb_org_sections(pb_import_section *out);
size_t pb_member_sections(pb_import_section *out, const char *today);
size_t pb_pair_sections(pb_import_section *out);
size_t pb_event_sections(pb_import_section *out);
void pb_import_sections_free(pb_import_section *s, size_t n);

/* Import FILE ("-": stdin) in one transaction: every error in d with its
 * position, nothing written unless all is good and dry_run is 0. */
int pb_import_yaml(pb_db *db, const char *path, int dry_run,
		   const pb_import_spec *spec, pb_import_stats *st, pb_diags *d,
		   pb_err *e);

/* Import a CSV file into the first section of spec: a header row of field
 * names or their Chinese headings, columns in any order; an empty cell
 * clears a field, a column left out keeps it. Errors at FILE:LINE. */
int pb_import_csv(pb_db *db, const char *path, const char *encoding,
		  int dry_run, const pb_import_spec *spec, pb_import_stats *st,
		  pb_diags *d, pb_err *e);

/* One `name:` list of an export, from a lister of every record; `write`
 * (NULL: pb_rec_to_yaml) writes one record's mapping, for records with
 * nested lists or fields to mask; it gets `arg`. */
typedef struct pb_export_section {
	const char *name;
	int (*list)(pb_db *db, pb_rec_fn fn, void *ctx, pb_err *e);
	int (*write)(const void *arg, pb_db *db, pb_yw *w, const pb_rec *r);
	const void *arg;
} pb_export_section;
/* Each record kind's export sections (for its command and pb-db dump);
 * the count written to out (at most 2). redact masks members' phones. */
size_t pb_org_export_sections(pb_export_section *out);
size_t pb_member_export_sections(pb_export_section *out, const int *redact);
size_t pb_pair_export_sections(pb_export_section *out);
size_t pb_event_export_sections(pb_export_section *out);
int pb_export_yaml(pb_db *db, FILE *fp, const pb_export_section *sections,
		   size_t n, pb_err *e);

/* ---- co-construction pairs (pair.c, pair_io.c) ------------------------- */

extern const pb_field pb_pair_fields[];
extern const size_t pb_pair_nfields;

/* Rules, each PB_DATAERR: community and partner known and different, the
 * community side of kind community or street, until not before since,
 * and no two pairs of a kind between the same two orgs active on the same
 * day (active on D: since <= D and no until or until > D). Writes run
 * inside the caller's transaction; the sides are stored back as codes. */
int pb_pair_insert(pb_db *db, pb_rec *r, pb_err *e);
/* Insert or update by (community, partner, kind, since); *created: 1
 * new, 0 updated, -1 unchanged. */
int pb_pair_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e);
int pb_pair_update(pb_db *db, pb_rec *r, pb_err *e);
int pb_pair_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e);
int pb_pair_end(pb_db *db, int64_t id, const char *until, pb_err *e);
/* Delete pair id (PB_NOTFOUND when there is none); `said` tells what. */
int pb_pair_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		   pb_err *e);

typedef struct pb_pair_filter {
	int64_t org;	       /* on either side; 0: any */
	const char *kind;      /* key or NULL */
	const char *active_on; /* only pairs active on this date, or NULL */
} pb_pair_filter;
int pb_pair_list(pb_db *db, const pb_pair_filter *f, pb_rec_fn fn, void *ctx,
		 pb_err *e);

/* YAML section `pairs`: import upserts, all or nothing; export writes
 * what import takes back unchanged. */
int pb_pair_import(pb_db *db, const char *path, int dry_run,
		   pb_import_stats *st, pb_diags *d, pb_err *e);
int pb_pair_export(pb_db *db, FILE *fp, pb_err *e);

/* ---- Party members (member.c, member_io.c) ---------------------------- */

extern const pb_field pb_member_fields[];
extern const size_t pb_member_nfields;
/* One registration (报到) of a member's history: community, since, until
 * (the day the member returned; none while registered). */
extern const pb_field pb_registration_fields[];
extern const size_t pb_registration_nfields;

/* A member by numeric id or by ref (an id that is also another member's
 * ref is ambiguous and refused). Unknown -> PB_DATAERR, or PB_NOTFOUND
 * when notfound_is_1. */
int pb_member_resolve(pb_db *db, const char *ref, int notfound_is_1,
		      int64_t *id, pb_err *e);

/* Writes run inside the caller's transaction. `today` dates a
 * registration given without `registered`. Rules (PB_DATAERR): name and
 * category required, ref unique, orgs known, the community a community
 * or street, registration dates after the history so far. */
int pb_member_insert(pb_db *db, pb_rec *r, const char *today, pb_err *e);
/* Write the whole record r (r->id set); the registration follows only
 * when community or registered was given. */
int pb_member_update(pb_db *db, pb_rec *r, const char *today, pb_err *e);
/* By ref: insert, or update what r gives; *created 1, 0 or -1. */
int pb_member_upsert(pb_db *db, pb_rec *r, const char *today, int *created,
		     pb_err *e);
/* The member with community and registered as in force on as_of. */
int pb_member_get(pb_db *db, int64_t id, const char *as_of, pb_rec *r,
		  pb_err *e);
/* Register with community on date, closing an open registration that
 * day (a move); the same community twice, or a date not after the
 * history so far, is refused. */
int pb_member_register(pb_db *db, int64_t member, int64_t community,
		       const char *date, pb_err *e);
/* PB_DATAERR unless org id is a community or the street. */
int pb_community_check(pb_db *db, int64_t id, pb_err *e);
/* Return (已返回) on date: closes the open registration. */
int pb_member_unregister(pb_db *db, int64_t member, const char *date,
			 pb_err *e);
int pb_member_history(pb_db *db, int64_t id, pb_rec_fn fn, void *ctx,
		      pb_err *e);
int pb_member_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		     pb_err *e);

typedef struct pb_member_filter {
	const char *as_of;    /* the date registrations and activity are read at */
	const char *category; /* key or NULL */
	int64_t org, community, unit; /* 0: any */
	int all;		      /* include members who have left */
	int unregistered; /* only those registered nowhere on as_of */
} pb_member_filter;
int pb_member_list(pb_db *db, const pb_member_filter *f, pb_rec_fn fn,
		   void *ctx, pb_err *e);

/* YAML (section members; a member may nest its `registrations` history,
 * which then replaces the stored one) or a CSV roster with English or
 * Chinese headers; upsert by ref, all or nothing. */
int pb_member_import(pb_db *db, const char *path, int dry_run,
		     const char *today, pb_import_stats *st, pb_diags *d,
		     pb_err *e);
int pb_member_import_csv(pb_db *db, const char *path, const char *encoding,
			 int dry_run, const char *today, pb_import_stats *st,
			 pb_diags *d, pb_err *e);
/* Every member with its registration history; redact masks phones. */
int pb_member_export(pb_db *db, FILE *fp, int redact, pb_err *e);
/* The roster as a CSV that import --csv takes back unchanged: a row of
 * Chinese headings, then every member with its id, the registration in
 * force on as_of, 男/女 and Chinese category labels, organizations by
 * full name where that names one alone (else by code); encoding, bom
 * and raw as pb_csvw_open's; phones masked when redact. */
int pb_member_export_csv(pb_db *db, FILE *fp, const char *as_of, int redact,
			 const char *encoding, int bom, int raw, pb_err *e);

/* "13800000001" -> "138****0001": personal data never leaves whole when
 * asked not to. */
void pb_phone_redact(const char *phone, char *out, size_t len);

/* ---- CSV reading (csv.c) ---------------------------------------------- */

/* A streaming RFC 4180 reader: memory stays flat however long the file. */
typedef struct pb_csv pb_csv;
/* path "-" is stdin ("<stdin>" in messages). encoding NULL, "utf-8" or
 * "utf8": UTF-8, a leading byte-order mark skipped; "gb18030" or "gbk"
 * (any case): converted to UTF-8 as read. Unknown encoding -> PB_USAGE;
 * missing, unreadable or a directory -> PB_NOINPUT. */
int pb_csv_open(const char *path, const char *encoding, pb_csv **out,
		pb_err *e);
/* 1 with the next record (fields valid until the next call, *line the
 * 1-based line it starts on), 0 at the end, or -code with e at FILE:LINE.
 * After a bad record the next call goes on with the one after it; after
 * an unclosed quote or a read error it returns 0. Empty lines are
 * skipped; fields are at most 1 MiB, records at most 1000 fields. */
int pb_csv_next(pb_csv *r, char ***fields, size_t *nfields, long *line,
		pb_err *e);
/* The name used in messages. */
const char *pb_csv_file(const pb_csv *r);
void pb_csv_close(pb_csv *r);

/* A value a spreadsheet would take for a formula (= + - @ tab CR first,
 * after any "'"): csv output writes it after a "'" (unless raw), and
 * pb_csv_unguard takes that "'" off again, so a value read back from a
 * file pb wrote is the value written, "'=x" included. It also takes the
 * text out of ="DIGITS", as pb_csvw writes digits Excel would make a
 * number of (cell is changed in place). */
int pb_csv_formula_like(const char *v);
char *pb_csv_unguard(char *cell);
/* Excel in a Chinese locale saves a date cell as "2026/1/5": 1 with the
 * ISO form in out, else 0 (the cell is read as it is). */
int pb_csv_excel_date(const char *cell, char out[11]);

/* A CSV writer for Excel that converts as it goes: encoding as
 * pb_csv_open's (GBK strictly GBK), bom a UTF-8 byte-order mark first
 * (PB_USAGE with another encoding). Cells guarded as csv output's; text
 * of digits with a leading zero or more than 11 written ="0001" (not
 * when raw), so Excel keeps it text. Cells go into the record in memory; pb_csvw_end
 * ends it with CRLF and writes it converted, so memory holds one record
 * at most; a character with no form in the encoding -> PB_DATAERR. Write
 * errors are the stream's (ferror). */
typedef struct pb_csvw pb_csvw;
int pb_csvw_open(FILE *fp, const char *encoding, int bom, int raw,
		 pb_csvw **out, pb_err *e);
void pb_csvw_cell(pb_csvw *w, int type, const char *v);
int pb_csvw_end(pb_csvw *w, pb_err *e);
void pb_csvw_close(pb_csvw *w);

/* ---- events (event.c, opinion.c, event_io.c) -------------------------- */

extern const pb_field pb_event_fields[];
extern const size_t pb_event_nfields;
/* A participant: an org with a head-count (people) or a member; hours
 * are per person; role organizer, participant or awardee (with award). */
extern const pb_field pb_participant_fields[];
extern const size_t pb_participant_nfields;
/* A contribution from an org or a member: cash is a value; goods, space,
 * equipment and service are item x quantity x unit, value optional. */
extern const pb_field pb_contribution_fields[];
extern const size_t pb_contribution_nfields;
extern const pb_field pb_opinion_fields[];
extern const size_t pb_opinion_nfields;

/* An event by numeric id or ref, like a member. */
int pb_event_resolve(pb_db *db, const char *ref, int notfound_is_1,
		     int64_t *id, pb_err *e);

/* Writes run inside the caller's transaction. Rules (PB_DATAERR): date,
 * kind, title and org required, end not before date, ref unique, the
 * organizer and the pair known. */
int pb_event_insert(pb_db *db, pb_rec *r, pb_err *e);
int pb_event_update(pb_db *db, pb_rec *r, pb_err *e);
/* By ref: insert, or update what r gives; *created 1, 0 or -1. */
int pb_event_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e);
int pb_event_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e);
/* Refuses an event with participants, contributions or opinions unless
 * force, which removes the first two and detaches the opinions. */
int pb_event_delete(pb_db *db, int64_t id, int force, char *said, size_t len,
		    pb_err *e);

typedef struct pb_event_filter {
	const char *from, *to; /* inclusive dates, or NULL */
	const char *kind;      /* key or NULL */
	int64_t org;	       /* this org and every org under it; 0: any */
	int64_t pair;	       /* 0: any */
} pb_event_filter;
int pb_event_list(pb_db *db, const pb_event_filter *f, pb_rec_fn fn,
		  void *ctx, pb_err *e);

/* A participant or contribution row's own rules, before any lookup
 * (attend and give apply them; so does the import's quick path): for a
 * participant its role (an award makes an awardee) and head-count. */
int pb_participant_rules(const pb_rec *p, const char **role, int64_t *people,
			 pb_err *e);
int pb_contribution_rules(const pb_rec *c, pb_err *e);
/* An event record's own rules, before any lookup (add, set and the
 * import's both paths): what it requires, and no end before its date. */
int pb_event_rules(const pb_rec *r, pb_err *e);
/* Add a participant (a pb_participant_fields record); the same member or
 * org twice at one event is refused. p->id receives the row's id. */
int pb_event_attend(pb_db *db, int64_t event, pb_rec *p, pb_err *e);
int pb_event_participants(pb_db *db, int64_t event, pb_rec_fn fn, void *ctx,
			  pb_err *e);
/* Add a contribution (a pb_contribution_fields record). */
int pb_event_give(pb_db *db, int64_t event, pb_rec *c, pb_err *e);
int pb_event_contributions(pb_db *db, int64_t event, pb_rec_fn fn, void *ctx,
			   pb_err *e);

/* Opinions (征询意见): received from an org, due after 30 days unless
 * given, answered with a text and a date. */
int pb_opinion_insert(pb_db *db, pb_rec *r, pb_err *e);
int pb_opinion_upsert(pb_db *db, pb_rec *r, int *created, pb_err *e);
int pb_opinion_answer(pb_db *db, int64_t id, const char *text,
		      const char *date, pb_err *e);
int pb_opinion_get(pb_db *db, int64_t id, pb_rec *r, pb_err *e);
typedef struct pb_opinion_filter {
	int open;	      /* unanswered as of as_of */
	int overdue;	      /* unanswered and past due as of as_of */
	const char *as_of;
	int64_t event;	      /* 0: any */
	int64_t org;	      /* from this org; 0: any */
} pb_opinion_filter;
int pb_opinion_list(pb_db *db, const pb_opinion_filter *f, pb_rec_fn fn,
		    void *ctx, pb_err *e);

/* YAML sections events (each may nest participants and contributions,
 * which then replace the stored ones) and opinions; upsert by event ref;
 * all or nothing; a progress callback every 10000 records (may be NULL). */
int pb_event_import(pb_db *db, const char *path, int dry_run,
		    void (*progress)(void *arg, long records), void *arg,
		    pb_import_stats *st, pb_diags *d, pb_err *e);
int pb_event_export(pb_db *db, FILE *fp, pb_err *e);

/* ---- record kinds (kind.c) --------------------------------------------- */

/* A list show prints under one record (a member's registrations, an
 * event's participants): its key and titles, its fields, and a lister of
 * the rows belonging to record id. */
typedef struct pb_kind_child {
	const char *name, *en, *zh;
	const pb_field *fields;
	const size_t *nfields;
	int (*list)(pb_db *db, int64_t id, pb_rec_fn fn, void *ctx, pb_err *e);
} pb_kind_child;

#define PB_KIND_CHILDREN 3

/* One record kind described once, with uniform signatures, for the
 * commands' generic verbs and for pb-db dump and load: what a kind does
 * not use (an as-of date, today) it ignores. */
typedef struct pb_kind {
	const char *name;    /* "organization", "member", "pair", "event" */
	const char *command; /* "pb-org": import names it for sections it lacks */
	const pb_field *fields;
	const size_t *nfields;
	const char *key; /* the field add prints (an org's code); NULL: the id */
	/* A reference: by code, id or name (orgs), id or ref (members,
	 * events), or the id alone (ids_only: parsed without the database,
	 * which may then be NULL). */
	int ids_only;
	int (*resolve)(pb_db *db, const char *ref, int notfound_is_1, int64_t *id,
		       pb_err *e);
	int (*get)(pb_db *db, int64_t id, const char *as_of, pb_rec *r, pb_err *e);
	/* Writes inside the caller's transaction; today dates a registration. */
	int (*insert)(pb_db *db, pb_rec *r, const char *today, pb_err *e);
	int (*update)(pb_db *db, pb_rec *r, const char *today, pb_err *e);
	int (*del)(pb_db *db, int64_t id, int force, char *said, size_t len,
		   pb_err *e);
	/* filter: the kind's pb_*_filter. */
	int (*list)(pb_db *db, const void *filter, pb_rec_fn fn, void *ctx,
		    pb_err *e);
	const pb_kind_child *children; /* at most PB_KIND_CHILDREN */
	size_t nchildren;
	size_t (*sections)(pb_import_section *out, const char *today);
	size_t (*export_sections)(pb_export_section *out, const int *redact);
} pb_kind;

extern const pb_kind pb_kind_org, pb_kind_member, pb_kind_pair, pb_kind_event;
/* Every kind, in the order references need (dump and load), NULL-ended. */
extern const pb_kind *const pb_kinds[];

/* How an import reads its file: YAML, or (csv) a CSV roster into the
 * kind's first section; a progress callback every 10000 records. */
typedef struct pb_import_opts {
	const char *path;
	int csv;
	const char *encoding;
	int dry_run;
	const char *today;
	void (*progress)(void *arg, long records);
	void *progress_arg;
} pb_import_opts;
/* A kind's import, all or nothing, and its export (redact: phones). */
int pb_kind_import(pb_db *db, const pb_kind *k, const pb_import_opts *o,
		   pb_import_stats *st, pb_diags *d, pb_err *e);
int pb_kind_export(pb_db *db, const pb_kind *k, FILE *fp, int redact,
		   pb_err *e);
/* Every kind's import sections into s (room for 8), in order. */
size_t pb_kinds_sections(pb_import_section *s, const char *today);
/* 0 when a section that keeps state got none (out of memory). */
int pb_import_sections_ok(const pb_import_section *s, size_t n);

/* ---- report trees (tree.c) and their formats (fmt_tree.c) ------------ */

/* A report is built as a tree of maps, lists and typed scalars, then
 * written in any format: json/yaml nest it, tsv/csv flatten it to
 * key paths, table/md/html lay it out for people (html with charts). */
typedef struct pb_node pb_node;
enum { PB_NODE_MAP, PB_NODE_LIST, PB_NODE_SCALAR };

pb_node *pb_node_root(void);
/* Children; key is NULL for a list item. Out of memory gives NULL, and
 * NULL parents are ignored, so building needs no checks until the end. */
pb_node *pb_node_map(pb_node *parent, const char *key);
pb_node *pb_node_list(pb_node *parent, const char *key);
pb_node *pb_node_text(pb_node *parent, const char *key, int type,
		      const char *text);
pb_node *pb_node_int(pb_node *parent, const char *key, int64_t v);
pb_node *pb_node_money(pb_node *parent, const char *key, int64_t fen);
pb_node *pb_node_dec(pb_node *parent, const char *key, int64_t milli);
pb_node *pb_node_bool(pb_node *parent, const char *key, int v);
/* A record as a map item of list. */
pb_node *pb_node_rec(pb_node *list, const pb_rec *r);
void pb_node_free(pb_node *n);
int pb_node_kind(const pb_node *n);
int pb_node_type(const pb_node *n);
const char *pb_node_key(const pb_node *n);
const char *pb_node_value(const pb_node *n);
size_t pb_node_count(const pb_node *n);
pb_node *pb_node_at(const pb_node *n, size_t i);
/* "events.by_kind.meeting", or NULL. */
pb_node *pb_node_get(const pb_node *n, const char *path);
/* The child of map m under key (a key, not a path), or NULL. */
pb_node *pb_node_child(const pb_node *m, const char *key);
/* 1 when n is a list of values only (no maps or lists in it). */
int pb_node_is_values(const pb_node *n);
/* A deep copy of n as a child of parent (its key kept), or a new root
 * when parent is NULL; NULL when out of memory. */
pb_node *pb_node_copy(pb_node *parent, const pb_node *n);
/* Two list items (maps) compared by their text fields, in order, nulls
 * first; numbers are ignored: 0 when they are the same thing (goods of
 * the same item and unit). */
int pb_node_item_cmp(const pb_node *a, const pb_node *b);

/* Headings of a report's keys; a key it does not know is shown as is. */
typedef const char *(*pb_label_fn)(const char *key, int zh);
/* A bar chart in html: the map at `path` (values per key), optionally
 * beside the same map under `compare` (the previous period). */
/* A bar chart of the scalars of the map at path (keys: only these,
 * comma-separated; NULL: every scalar), beside those at compare. */
typedef struct pb_chart {
	const char *title_en, *title_zh;
	const char *path, *compare;
	const char *keys;
} pb_chart;
int pb_fmt_tree(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		pb_label_fn label, const pb_chart *charts, size_t ncharts,
		pb_err *e);
/* A summary's tree (pb_report_summary's, or a roll-up's of it) as one
 * paragraph of sentences in Chinese (o->zh) or English, ending with a
 * newline: each figure that is not zero, the change from `previous`
 * where it is large; the rules are pb-report(1) BRIEF. */
int pb_fmt_brief(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		 pb_err *e);

/* ---- reports (report*.c) ---------------------------------------------- */

typedef struct pb_report_opts {
	pb_period period;
	int64_t org;	  /* the org and the orgs under it; 0: all */
	int compare;	  /* add `previous`, the period before */
	int dormant_days; /* a pair with no event in this many days is dormant */
	const char *today;
} pb_report_opts;

/* The day period p is reported as of: the earlier of its last day and
 * o->today (the last day when today is not given), so a period that is
 * not over is reported as it stands today. Each report says it as
 * `as_of`. */
pb_date pb_report_as_of(const pb_report_opts *o, const pb_period *p);

/* The SPEC's summary: period (with as_of), events, participation,
 * contributions, beneficiaries, pairs, members, opinions (with
 * answered_on_time_rate), and previous (as of its own end, or today).
 * As-of figures are taken on pb_report_as_of; awardee rows are not
 * participation. */
int pb_report_summary(pb_db *db, const pb_report_opts *o, pb_node **out,
		      pb_err *e);
/* Headings of report keys, and labels of kinds and categories. */
const char *pb_report_label(const char *key, int zh);

/* What a report is (report_meta.c): `meta` {title, street, scope {code,
 * name} or null, period (in words, or null), as_of, compiler,
 * generated} appended to root; the street and compiler from `street`
 * (config) or the first org of kind street with no parent; words in
 * the language zh says. A roll-up (streets > 0, db NULL) is titled as
 * the district's and says how many streets. */
typedef struct pb_meta_opts {
	const char *kind;   /* "summary", "monthly", ..., "pairs" */
	const char *street; /* config street, or NULL */
	int zh;
	size_t streets; /* a roll-up: how many streets; else 0 */
} pb_meta_opts;
int pb_report_meta(pb_db *db, const pb_report_opts *o, const pb_meta_opts *m,
		   pb_node *root, pb_err *e);
/* meta.scope as one text, for the title line of every format: "CODE
 * NAME", or all (全部) when scope is null (the whole street). */
void pb_meta_scope_text(const pb_node *scope, int zh, char *buf, size_t len);

/* ---- members and due lists (report_members.c, report_due.c) ----------- */

/* period {from, to, label, as_of}, and members {total, registered,
 * unregistered, new_registrations, returns, by_category, by_community:
 * [{community, name, members}]}: the members in scope (o->org) who have
 * not left by the as-of date (pb_report_as_of), each counted with the
 * registration in force that day; registrations with a community in
 * scope begun or ended in the period. */
int pb_report_members(pb_db *db, const pb_report_opts *o, pb_node **out,
		      pb_err *e);
/* As of o->today: as_of, days, opinions [{id, from, received, due,
 * days_left}] unanswered and due within `days` days (negative days_left:
 * overdue), pairs [{id, community, partner, kind, until}] and roles [{id,
 * org, title, name, until}] ending within 60 days; each by date, then
 * id. o->org restricts every list to that org and the orgs under it. */
int pb_report_due(pb_db *db, const pb_report_opts *o, int days,
		  pb_node **out, pb_err *e);
/* as_of, opinions [{id, from, received, due, days_overdue}] unanswered
 * and past due on as_of (NULL: o->today), by due date, then id. */
int pb_report_overdue(pb_db *db, const pb_report_opts *o, const char *as_of,
		      pb_node **out, pb_err *e);

/* The units (orgs other than districts, streets and communities) that
 * took part in events of period p in scope: one {uscc, name} each, to
 * count a unit seen by several streets once (rollup.c). */
int pb_report_units_seen(pb_db *db, const pb_report_opts *o,
			 const pb_period *p, pb_node *list, pb_err *e);

/* ---- awards and joint meetings (report_awards.c, report_meetings.c) --- */

/* period, awards [{date, event, event_title, awardee ("unit" or
 * "member"), code (a unit's, else null), member (a member's id, else
 * null), name, award}]: every awardee row of an event in the period, by
 * date, event, row; with o->org, a unit awardee in scope, or a member
 * whose Party org or work unit is in scope or who was registered with a
 * community in scope on the event's day. */
int pb_report_awards(pb_db *db, const pb_report_opts *o, pb_node **out,
		     pb_err *e);
/* period, meetings [{id, date, event_title, units_present,
 * units_expected}], attendance [{event, date, code, name, present,
 * people}] (each meeting x member unit, by date, event, code; people 0
 * when absent), by_unit [{code, name, meetings_attended,
 * meetings_expected, rate}] (rate: a percentage with one decimal, null
 * with no meeting expected), by code. Meetings: events of kind meeting
 * in the period, with o->org those convened in scope or above it;
 * member units: orgs in scope other than districts, streets and
 * communities, on the roll on the meeting's day, or present at it;
 * present: an org row that is not an awardee's. */
int pb_report_meetings(pb_db *db, const pb_report_opts *o, pb_node **out,
		       pb_err *e);

/* ---- district roll-ups (rollup.c) ------------------------------------- */

/* Many streets' reports as one district's: figures summed (checked),
 * lists of goods merged by their text fields, other lists joined with
 * each item's street first, units counted once by uscc (else by name),
 * and each street's own report kept beside the district's. */
typedef struct pb_rollup pb_rollup;
/* How a report's keys roll up; paths are dotted and also apply under
 * "previous.". same: kept as they are (equal in every street: weights);
 * merge: lists whose items are merged by their text fields, numbers
 * summed (goods); units: the count of distinct units, deduplicated
 * (participation.orgs), or NULL; ratios: triples of paths {rate,
 * numerator, denominator}, then NULL: a rate in percent (one decimal)
 * is never summed but recomputed from the district's summed numerator
 * and denominator, null when the denominator is 0. */
typedef struct pb_rollup_rules {
	const char *const *same;
	const char *const *merge;
	const char *units;
	const char *const *ratios;
} pb_rollup_rules;
pb_rollup *pb_rollup_new(const pb_rollup_rules *rules);
void pb_rollup_free(pb_rollup *r);
/* A source named (in order), for rollup.sources. */
int pb_rollup_source(pb_rollup *r, const char *db, pb_err *e);
/* Add a street: its report (taken over, freed by the roll-up), read from
 * db (named db_name), whose street is the org `street` (0: the
 * database's street org, the first of kind street by code; none: the
 * street is labelled `fallback`). With the rules' units, the units seen
 * in o's period (and the previous one, when the report has it) are read
 * from db. The same street twice (the same uscc, or name) is PB_USAGE,
 * naming both sources. */
int pb_rollup_add(pb_rollup *r, pb_db *db, const char *db_name,
		  const char *fallback, int64_t street, pb_node *report,
		  const pb_report_opts *o, pb_err *e);
/* A source left out (--partial), with why. */
int pb_rollup_failed(pb_rollup *r, const char *db_name, const pb_err *why,
		     pb_err *e);
/* The district's tree: the summed keys, streets [{street, name, db,
 * ...}], rollup {sources, read, incomplete, failed [{db, status, error}],
 * units_counted, members_counted, shared_units [{by, uscc, name,
 * streets}]}. The roll-up keeps nothing of it. */
int pb_rollup_tree(pb_rollup *r, pb_node **out, pb_err *e);
/* The orgs of kind street under org (0: every street), by code, each
 * id to fn. */
int pb_rollup_streets(pb_db *db, int64_t org,
		      int (*fn)(void *ctx, int64_t id, pb_err *e), void *ctx,
		      pb_err *e);
/* A roll-up's tree in every format: json, jsonl and yaml as it is; tsv and
 * csv one row per figure with the total and a column per street; table,
 * md and html the same as columns, html charts comparing the streets. */
int pb_fmt_rollup(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		  pb_label_fn label, const pb_chart *charts, size_t ncharts,
		  pb_err *e);

/* ---- the database as a whole (db.c) ----------------------------------- */

/* Every record kind in one YAML document (the audit trail stays with its
 * database), in a stable order; load takes it back into an empty
 * database, or upserts with merge; dump -> load -> dump is identical. */
int pb_db_dump(pb_db *db, FILE *fp, pb_err *e);
int pb_db_load(pb_db *db, const char *path, int merge, int dry_run,
	       const char *today, pb_import_stats *st, pb_diags *d, pb_err *e);
/* The engine's checks and pb's invariants (no parent cycles, no
 * overlapping registrations, no negative amounts, ...): each problem to
 * fn, their number in *problems. */
int pb_db_check(pb_db *db, pb_problem_fn fn, void *ctx, int *problems,
		pb_err *e);
/* The monthly totals (totals.c) against a recompute from the records:
 * each difference to fn.  pb_totals_rebuild recomputes them in the
 * caller's write transaction. */
int pb_totals_check(pb_db *db, pb_problem_fn fn, void *ctx, pb_err *e);
int pb_totals_rebuild(pb_db *db, pb_err *e);
/* The audit trail: time (UTC), OS user, command as typed, rows changed
 * per table, then the database role and the server's time (UTC), which
 * only a server records (NULL in a file's own entries); from and to_next
 * bound `at` (ISO text), NULL for none.  pb_audit_nfields_file: the
 * fields before those two. */
extern const pb_field pb_audit_fields[];
extern const size_t pb_audit_nfields, pb_audit_nfields_file;
/* *yes: some entry of the trail has a database role or a server time. */
int pb_db_log_has_server(pb_db *db, int *yes, pb_err *e);
int pb_db_log(pb_db *db, const char *from, const char *to_next, pb_rec_fn fn,
	      void *ctx, pb_err *e);

/* ---- unit sheets, pairs and review (report_unit.c, report_pairs.c,
 * report_review.c) ------------------------------------------------------ */

/* The feedback sheet of the unit o->org: period (with as_of), unit {code, name,
 * org_kind}, organized [{id, date, event_kind, event_title, people,
 * hours}], attended [{id, date, event_kind, event_title, people, hours,
 * hours_total}], gave [{event,
 * date, event_title, type, value_yuan, quantity, unit, item}], totals
 * {events_organized, events_attended, person_times, hours, cash_yuan,
 * in_kind_yuan} (of its own org rows and gifts), members [{id, name,
 * community, events, hours}]: its in-service members on the roll in the
 * period, by id, each with the community registered on the as-of date
 * (awardee rows count in none of it); member_events [{member, name,
 * event, date, event_title, hours}]: what those members attended, by
 * member, date, event; awards [{event, date, event_title, award}]: the unit's own awardee rows (not its members'), by date,
 * event, row. */
int pb_report_unit(pb_db *db, const pb_report_opts *o, pb_node **out,
		   pb_err *e);
/* as_of, pairs [{id, community, partner, kind, since, until, events,
 * hours, community_yuan, partner_yuan, target_households,
 * target_persons, target_yuan, households, persons, yuan, dormant,
 * one_sided}]: each pair with a side in scope and active on some day of
 * the period, by id. dormant: active on the as-of date
 * (pb_report_as_of) with no event in the o->dormant_days days up to it;
 * one_sided: exactly one side organized, attended or gave at the pair's
 * events of the period. hours and one_sided leave awardee rows out. */
int pb_report_pairs(pb_db *db, const pb_report_opts *o, pb_node **out,
		    pb_err *e);
/* period (with as_of), weights {name: weight}, units [{code, name,
 * org_kind, events_organized, events_attended, meetings_attended, hours,
 * contributions_yuan, pair_events, score}]: the units in scope (not
 * street or community, active on the as-of date) by code, or by score
 * (descending, then code). weights (config review.weights) override the
 * defaults of report_review.c; an unknown name is PB_CONFIG. */
int pb_report_review(pb_db *db, const pb_report_opts *o,
		     const pb_review_weight *weights, int nweights,
		     int sort_by_score, pb_node **out, pb_err *e);

#endif
