/* The SQLite engine behind store.c: with store_pg.c, the only code in pb
 * that knows an engine.  Open with the pragmas durability needs, migrate the schema
 * forward, hand out cached prepared statements, map engine errors to pb
 * codes, and write the audit row inside each write transaction. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

/* 'p','b','d','b': lets pb refuse SQLite files that are not its own. */
#define PB_APPLICATION_ID 0x70626462

extern const char *const pb_schema_steps_sqlite[];
extern const size_t pb_schema_nsteps_sqlite;

typedef struct sq_db sq_db;

typedef struct sq_stmt {
	pb_stmt base;
	const char *sql; /* the caller's literal: the cache key */
	sqlite3_stmt *st;
	sq_db *db;
	/* Bit i: result column i is an INTEGER column; may hold a number
	 * (not a TEXT column, where SQLite keeps every value as text). */
	uint64_t int_cols, num_cols;
} sq_stmt;

static void sq_db_close(pb_db *d);
static void sq_db_rollback(pb_db *d);
static void forget_deferred(sq_db *db);

#define STMT_CACHE 96
/* The page cache (KiB); a sort takes as much again before it goes to
 * temporary files, but an index made again after a load is sorted in
 * SORT_CACHE, with its temporary files on disk (in memory, as
 * TEMP_STORE keeps them, they would hold the whole index), so that the
 * load's peak does not grow with its size. */
#define CACHE_SIZE "PRAGMA cache_size = -16384"
#define TEMP_STORE "PRAGMA temp_store = MEMORY"
#define SORT_CACHE "PRAGMA cache_size = -2048"
#define SORT_FILES "PRAGMA temp_store = FILE"
/* The sort of an index made again has a helper thread: the reader's
 * core is idle by then (0: none, SQLite's default, for the rest). */
#define SORT_THREADS "PRAGMA threads = 1"
#define NO_THREADS "PRAGMA threads = 0"
#define AUDIT_TABLES 16
/* The pages a writer leaves in the -wal when it closes; past them it
 * folds the log into the file (fold_wal).  Every command that opens the
 * file reads the whole -wal first (SQLite rebuilds its index from it, a
 * read a page), so a few small writes' worth: about 8 of pb-event add. */
#define WAL_KEEP_PAGES 64

struct sq_db {
	pb_db base;
	sqlite3 *h;
	char path[4096];
	long busy_ms;
	sq_stmt *cache[STMT_CACHE];
	size_t ncache;
	int mode;      /* PB_READ, PB_WRITE or PB_UPDATE */
	int source;    /* PB_SOURCE: the file is never written */
	int memory;    /* in memory: no file to lose */
	/* The -wal opened, by identity (0: none at open), for still_there. */
	dev_t wal_dev;
	ino_t wal_ino;
	int in_tx;
	int read_tx; /* a PB_READ database reads one snapshot */
	int write_set; /* write_pragmas ran on this connection */
	/* Pages in the -wal after this connection's last commit; fold: the
	 * schema changed, so the log is folded into the file at close. */
	int wal_pages, fold;
	/* The identity read by the first query (first_read), for identify:
	 * application_id, tables in sqlite_master, user_version. */
	int ident[3];
	int have_ident;
	struct change {
		char table[32];
		long ins, upd, del;
		sqlite3_int64 first_new; /* lowest rowid inserted, 0: none */
	} changes[AUDIT_TABLES];
	size_t nchanges;
	/* The counts at each open savepoint, so that a record undone is
	 * not counted, as PostgreSQL's triggers do not count it. */
	struct saved {
		struct change changes[AUDIT_TABLES];
		size_t nchanges;
	} *saved;
	size_t nsaved, maxsaved;
	/* The CREATE INDEX statements of the indexes a load dropped
	 * (sq_defer_indexes), run again before COMMIT. */
	char **deferred;
	size_t ndeferred;
};

static const char *sq_version(void)
{
	return sqlite3_libversion();
}

static int map_rc(sq_db *db, int rc, pb_err *e)
{
	const char *m = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return pb_fail(e, PB_DATAERR, "%s", m);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		if (db && db->source)
			return pb_fail(e, PB_TEMPFAIL,
				       "the database '%s' is locked by another "
				       "process (waited %ld ms): nothing was read, "
				       "try again",
				       db->path, db->busy_ms);
		return pb_fail(e, PB_TEMPFAIL,
			       "database is busy (waited %ld ms): nothing was "
			       "written, try again",
			       db ? db->busy_ms : 0L);
	case SQLITE_FULL:
	case SQLITE_IOERR:
		return pb_fail(e, PB_IOERR, "cannot %s the database: %s",
			       db && db->mode == PB_READ ? "read" : "write", m);
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return pb_fail(e, PB_CANTCREAT, "cannot %s the database '%s': %s",
			       db && db->mode == PB_READ ? "read" : "write",
			       db ? db->path : "", m);
	case SQLITE_NOTADB:
		return pb_fail(e, PB_UNAVAILABLE, "'%s' is not a pb database",
			       db ? db->path : "");
	case SQLITE_CORRUPT:
		return pb_fail(e, PB_UNAVAILABLE,
			       "the database '%s' is damaged: %s", db ? db->path : "", m);
	case SQLITE_ERROR:
		/* sum() refuses a total past 64 bits: only values beyond pb's
		 * bounds, written outside pb, add up to one. */
		if (strcmp(m, "integer overflow") == 0)
			return pb_fail(e, PB_DATAERR,
				       "a total is beyond 64-bit integers: the "
				       "database holds values beyond pb's bounds "
				       "('pb-db check' lists them)");
		return pb_fail(e, PB_SOFTWARE, "database error: %s", m);
	default:
		return pb_fail(e, PB_SOFTWARE, "database error: %s", m);
	}
}

/* Counts each row a statement changes, per table, for the audit row. */
static void on_update(void *arg, int op, const char *dbname, const char *table,
		      sqlite3_int64 rowid)
{
	sq_db *db = arg;
	size_t i;

	(void)dbname;
	/* The totals follow the records: what changed is the records. */
	if (strcmp(table, "audit") == 0 || strncmp(table, "totals_", 7) == 0)
		return;
	for (i = 0; i < db->nchanges; i++)
		if (strcmp(db->changes[i].table, table) == 0)
			break;
	if (i == db->nchanges) {
		if (db->nchanges == AUDIT_TABLES)
			return;
		snprintf(db->changes[i].table, sizeof db->changes[i].table, "%s",
			 table);
		db->changes[i].ins = db->changes[i].upd = db->changes[i].del = 0;
		db->changes[i].first_new = 0;
		db->nchanges++;
	}
	/* A row inserted by this transaction and then completed (an org's
	 * parent linked after the whole file is read) counts once, as
	 * created: new rows take rowids above the old ones. */
	if (op == SQLITE_INSERT) {
		db->changes[i].ins++;
		if (!db->changes[i].first_new || rowid < db->changes[i].first_new)
			db->changes[i].first_new = rowid;
	} else if (op == SQLITE_UPDATE) {
		if (!db->changes[i].first_new || rowid < db->changes[i].first_new)
			db->changes[i].upd++;
	} else {
		db->changes[i].del++;
	}
}

static int exec_raw(sq_db *db, const char *sql, pb_err *e)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? PB_OK : map_rc(db, rc, e);
}

static int sq_exec(pb_db *d, const char *sql, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	return exec_raw(db, sql, e);
}

static int pragma_int(sq_db *db, const char *sql, int *out, pb_err *e)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return map_rc(db, rc, e);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? PB_OK : map_rc(db, rc, e);
}

/* The file's identity in one statement: application_id, the number of
 * tables and user_version, read from the header and sqlite_master. */
static const char IDENT_SQL[] =
	"SELECT (SELECT application_id FROM pragma_application_id), "
	"(SELECT count(*) FROM sqlite_master), "
	"(SELECT user_version FROM pragma_user_version)";

/* SQLITE_OK, or the engine's code, left for the caller to map. */
static int read_ident(sq_db *db)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->h, IDENT_SQL, -1, &st, NULL), i;

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	for (i = 0; i < 3; i++)
		db->ident[i] = rc == SQLITE_ROW ? sqlite3_column_int(st, i) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
	db->have_ident = 1;
	return SQLITE_OK;
}

/* What a write needs and a read does not: the engine's own checks of
 * references, and a commit that survives power loss.  Set before the
 * first write of the connection (outside a transaction, where both take
 * effect), so a reader sets neither. */
static int write_pragmas(sq_db *db, pb_err *e)
{
	int rc;

	if (db->write_set)
		return PB_OK;
	if ((rc = exec_raw(db, "PRAGMA foreign_keys = ON", e)) != PB_OK ||
	    (rc = exec_raw(db, "PRAGMA synchronous = FULL", e)) != PB_OK)
		return rc;
	db->write_set = 1;
	return PB_OK;
}

static int sq_db_schema_version(pb_db *d)
{
	sq_db *db = (sq_db *)d;
	pb_err e;
	int v = 0;

	pragma_int(db, "PRAGMA user_version", &v, &e);
	return v;
}

/* Create the missing directories of path's parent, each 0700. */
static int make_parent_dirs(const char *path, pb_err *e)
{
	char dir[4096];
	char *p;

	snprintf(dir, sizeof dir, "%s", path);
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return PB_OK;
	*p = '\0';
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return pb_fail(e, PB_CANTCREAT, "cannot create directory '%s': %s",
				       dir, strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return pb_fail(e, PB_CANTCREAT, "cannot create directory '%s': %s",
			       dir, strerror(errno));
	return PB_OK;
}

/* The file's schema step into *version; a file that is not pb's, or of
 * a newer pb, is refused before anything reads or changes it. */
static int identify(sq_db *db, int *version, pb_err *e)
{
	int appid, ntables, rc;

	/* first_read has read it, unless the handle changed since. */
	if (!db->have_ident && (rc = read_ident(db)) != SQLITE_OK)
		return map_rc(db, rc, e);
	db->have_ident = 0;
	appid = db->ident[0];
	ntables = db->ident[1];
	*version = db->ident[2];
	if (appid != PB_APPLICATION_ID && (appid != 0 || ntables > 0))
		return pb_fail(e, PB_UNAVAILABLE,
			       "'%s' is not a pb database (it is another SQLite "
			       "file); name a pb database with --db or PB_DB",
			       db->path);
	/* A source is read as it is: an empty file holds no pb database,
	 * and only a writer would make one of it. */
	if (db->source && appid == 0)
		return pb_fail(e, PB_NOINPUT,
			       "'%s' is an empty SQLite file, not a pb database: "
			       "nothing was read",
			       db->path);
	if ((size_t)*version > pb_schema_nsteps_sqlite)
		return pb_fail(e, PB_UNAVAILABLE,
			       "'%s' was written by a newer pb (schema %d; this pb "
			       "knows up to %zu): upgrade pb",
			       db->path, *version, pb_schema_nsteps_sqlite);
	return PB_OK;
}

static int migrate(sq_db *db, int writable, pb_err *e)
{
	int version, rc;
	size_t v;

	if ((rc = identify(db, &version, e)) != PB_OK)
		return rc;
	if ((size_t)version == pb_schema_nsteps_sqlite)
		return PB_OK;
	if (!writable)
		return pb_fail(e, PB_CANTCREAT,
			       "'%s' needs a schema upgrade but is read-only",
			       db->path);
	if ((rc = write_pragmas(db, e)) != PB_OK ||
	    (rc = exec_raw(db, "BEGIN IMMEDIATE", e)) != PB_OK)
		return rc;
	/* Another process may have migrated while we waited for the lock. */
	if ((rc = pragma_int(db, "PRAGMA user_version", &version, e)) != PB_OK)
		goto fail;
	for (v = (size_t)version; v < pb_schema_nsteps_sqlite; v++) {
		char sql[64];

		const char *fill;
		size_t i;

		if ((rc = exec_raw(db, pb_schema_steps_sqlite[v], e)) != PB_OK)
			goto fail;
		for (i = 0; (fill = pb_totals_fill_sql(v + 1, i)); i++)
			if ((rc = exec_raw(db, fill, e)) != PB_OK)
				goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %zu", v + 1);
		if ((rc = exec_raw(db, sql, e)) != PB_OK)
			goto fail;
	}
	{
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
			 PB_APPLICATION_ID);
		if ((rc = exec_raw(db, sql, e)) != PB_OK)
			goto fail;
	}
	/* A new schema goes into the file itself at close, not the -wal:
	 * a copy of the file alone has tables. */
	if ((rc = exec_raw(db, "COMMIT", e)) == PB_OK)
		db->fold = 1;
	return rc;
fail:
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* "PATH-wal" into buf; 0 when it does not fit. */
static int wal_name(const char *path, char *buf, size_t len)
{
	return snprintf(buf, len, "%s-wal", path) < (int)len;
}

/* The file at path, by identity; 0 when it is not there. */
static int file_id(const char *path, dev_t *dev, ino_t *ino)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return 0;
	*dev = sb.st_dev;
	*ino = sb.st_ino;
	return 1;
}

/* After each commit: the pages now in the -wal.  The hook takes the
 * place of SQLite's own, which folds the log into the file past 1000
 * pages; that is kept, for a command that commits many times. */
static int on_wal(void *arg, sqlite3 *h, const char *name, int pages)
{
	sq_db *db = arg;

	db->wal_pages = pages;
	if (pages >= 1000)
		sqlite3_wal_checkpoint(h, name);
	return SQLITE_OK;
}

/* Copy the -wal's pages into the file and empty it (SQLite's TRUNCATE
 * checkpoint), without waiting: where another command is writing or
 * still reads an older snapshot, the log stays for a later writer. */
static void fold_wal(sq_db *db)
{
	sqlite3_busy_timeout(db->h, 0);
	sqlite3_wal_checkpoint_v2(db->h, "main", SQLITE_CHECKPOINT_TRUNCATE,
				  NULL, NULL);
}

/* Before SQLite initializes (its first open does): no memory statistics,
 * whose global mutex every allocation takes (2.5 % of an import).  Once
 * initialized SQLite refuses it, harmlessly. */
static void sqlite_setup(void)
{
	static int done;

	if (!done) {
		done = 1;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
}

static int open_engine(sq_db *db, const char *name, int flags)
{
	int rc;

	sqlite_setup();
	rc = sqlite3_open_v2(name, &db->h, flags, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db->h, 0);
		sqlite3_busy_timeout(db->h, (int)db->busy_ms);
	}
	return rc;
}

/* Open path as immutable: SQLite then uses neither -wal, -shm nor locks. */
static int open_immutable(sq_db *db, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char uri[3 * 4096 + 64];
	const unsigned char *p;
	size_t n;

	/* file:///abs or file:rel, every byte but [A-Za-z0-9/._~-] escaped */
	n = (size_t)snprintf(uri, sizeof uri, "file:%s", path[0] == '/' ? "//" : "");
	for (p = (const unsigned char *)path; *p && n + 4 < sizeof uri; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p)) {
			uri[n++] = (char)*p;
		} else {
			uri[n++] = '%';
			uri[n++] = hex[*p >> 4];
			uri[n++] = hex[*p & 15];
		}
	}
	if (*p || n + sizeof "?immutable=1" > sizeof uri)
		return SQLITE_CANTOPEN;
	memcpy(uri + n, "?immutable=1", sizeof "?immutable=1");
	sqlite3_close(db->h);
	db->h = NULL;
	return open_engine(db, uri,
			   SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
				   SQLITE_OPEN_NOMUTEX);
}

/* The first read opens the -wal and builds the -shm index beside it,
 * even on a read-only connection, and a full disk or a read-only medium
 * refuses that.  A reader then needs neither: with no -wal, or an empty
 * one, the file alone holds every committed record, so it is read as
 * immutable.  A -wal that holds records is never skipped, since that
 * would read stale data as if it were the whole. */
static int first_read(sq_db *db, const char *path, int *writable, pb_err *e)
{
	char wal[4200];
	struct stat sb;
	pb_err first;
	/* The first read is the identity identify needs. */
	int rc = read_ident(db);

	if (rc == SQLITE_OK)
		return PB_OK;
	map_rc(db, rc, &first);
	rc &= 0xff;
	if (db->memory || db->mode != PB_READ ||
	    (rc != SQLITE_CANTOPEN && rc != SQLITE_IOERR && rc != SQLITE_FULL &&
	     rc != SQLITE_READONLY)) {
		*e = first;
		return first.code;
	}
	if (!wal_name(path, wal, sizeof wal) ||
	    (stat(wal, &sb) == 0 ? sb.st_size != 0 : errno != ENOENT))
		return pb_fail(e, PB_NOINPUT,
			       "cannot read the database '%s': its write-ahead "
			       "log '%s' holds records, and the index beside it "
			       "cannot be made (%s): free some space, or copy the "
			       "database with its -wal where it can be written",
			       path, wal, sqlite3_errmsg(db->h));
	*writable = 0;
	if (open_immutable(db, path) == SQLITE_OK && read_ident(db) == SQLITE_OK)
		return PB_OK;
	*e = first;
	return first.code;
}

/* An older schema read as a source: the file, copied in one read
 * transaction into memory, takes the place of the file and is migrated
 * there, so the file itself stays as it was, byte for byte. */
static int copy_to_memory(sq_db *db, pb_err *e)
{
	sqlite3 *mem = NULL;
	sqlite3_backup *b;
	char sql[64];
	int page, rc;

	if ((rc = pragma_int(db, "PRAGMA page_size", &page, e)) != PB_OK)
		return rc;
	if (sqlite3_open_v2(":memory:", &mem,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		sqlite3_close(mem);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	/* An in-memory copy takes the source's page size only if set before. */
	snprintf(sql, sizeof sql, "PRAGMA page_size = %d", page);
	sqlite3_exec(mem, sql, NULL, NULL, NULL);
	if (!(b = sqlite3_backup_init(mem, "main", db->h, "main"))) {
		rc = pb_fail(e, PB_IOERR, "cannot read the database '%s': %s",
			     db->path, sqlite3_errmsg(mem));
		sqlite3_close(mem);
		return rc;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		sqlite3_close(mem);
		return rc == SQLITE_BUSY || rc == SQLITE_LOCKED
			       ? map_rc(db, rc, e)
			       : pb_fail(e, PB_IOERR,
					 "cannot read the database '%s': %s",
					 db->path, sqlite3_errstr(rc));
	}
	sqlite3_close(db->h);
	db->h = mem;
	db->memory = 1;
	db->have_ident = 0;
	db->write_set = 0;
	sqlite3_extended_result_codes(mem, 0);
	sqlite3_busy_timeout(mem, (int)db->busy_ms);
	return migrate(db, 1, e);
}

/* No -journal beside path, and no -wal or an empty one. */
static int nothing_pending(const char *path)
{
	char side[4200];
	struct stat sb;

	if (snprintf(side, sizeof side, "%s-journal", path) >= (int)sizeof side ||
	    stat(side, &sb) == 0 || errno != ENOENT || !wal_name(path, side, sizeof side))
		return 0;
	return stat(side, &sb) == 0 ? sb.st_size == 0 : errno == ENOENT;
}

/* A source is identified, and read as it is when its schema is this
 * pb's; an older one is read through a migrated copy in memory. */
static int open_source(sq_db *db, pb_err *e)
{
	int version, rc;

	if ((rc = identify(db, &version, e)) != PB_OK)
		return rc;
	if ((size_t)version == pb_schema_nsteps_sqlite)
		return PB_OK;
	return copy_to_memory(db, e);
}

static int sq_db_open(const char *path, int mode, long busy_ms, pb_db **out,
	       pb_err *e)
{
	sq_db *db;
	struct stat sb;
	char dotted[4200];
	const char *name = path;
	int source = mode & PB_SOURCE, source_rw;
	int named = mode & (PB_NAMED | PB_SOURCE);
	int memory = strcmp(path, ":memory:") == 0;
	int exists = !memory && stat(path, &sb) == 0;
	int missing = !memory && !exists && (errno == ENOENT || errno == ENOTDIR);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int writable = 1, rc, had_wal = 0;

	*out = NULL;
	mode &= ~(PB_NAMED | PB_SOURCE);
	if (source && mode != PB_READ)
		return pb_fail(e, PB_SOFTWARE, "PB_SOURCE is for reading only");
	if (exists && S_ISDIR(sb.st_mode))
		return pb_fail(e, PB_CANTCREAT, "'%s' is a directory, not a database",
			       path);
	if (!memory && !exists && mode != PB_WRITE && (named || !missing))
		return missing ? pb_fail(e, PB_NOINPUT,
					 "database '%s' does not exist: nothing "
					 "was read or created",
					 path)
			       : pb_fail(e, PB_NOINPUT,
					 "cannot read the database '%s': %s", path,
					 strerror(errno));
	/* SQLite would take a name starting "file:" as a URI. */
	if (strncmp(path, "file:", 5) == 0 &&
	    snprintf(dotted, sizeof dotted, "./%s", path) < (int)sizeof dotted)
		name = dotted;
	db = calloc(1, sizeof *db);
	if (!db)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	db->base.ops = &pb_store_sqlite;
	snprintf(db->path, sizeof db->path, "%s", path);
	db->busy_ms = busy_ms;
	db->mode = mode;
	db->source = source != 0;
	if (!memory && !exists && mode != PB_WRITE) {
		/* Not named (the default database): nothing recorded yet, so
		 * read an empty database, and create nothing. */
		name = ":memory:";
		memory = 1;
	}
	db->memory = memory;
	if (!memory && !exists) {
		int fd;

		if ((rc = make_parent_dirs(path, e)) != PB_OK)
			goto fail;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
		if (fd < 0 && errno != EEXIST) {
			rc = pb_fail(e, PB_CANTCREAT, "cannot create database '%s': %s",
				     path, strerror(errno));
			goto fail;
		}
		if (fd >= 0)
			close(fd);
	}
	/* A source is never written, though its file may be writable: it is
	 * read read-only, or, where its directory and file are writable and
	 * nothing is pending beside it (no -journal, no -wal holding
	 * records, which a close would checkpoint into the file), through a
	 * query_only connection, so that SQLite removes the -wal and -shm it
	 * makes when it closes, as any pb reader does. */
	source_rw = source && !memory && access(path, W_OK) == 0 &&
		    nothing_pending(path);
	if (!memory && ((source && !source_rw) || access(path, W_OK) != 0)) {
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
		writable = 0;
		if (mode != PB_READ) {
			rc = pb_fail(e, PB_CANTCREAT,
				     "cannot write the database '%s': %s", path,
				     strerror(errno));
			goto fail;
		}
	}
	if (!memory) {
		char wal[4200];
		dev_t dev;
		ino_t ino;

		had_wal = wal_name(path, wal, sizeof wal) && file_id(wal, &dev, &ino);
	}
	rc = open_engine(db, name, flags);
	if (rc != SQLITE_OK) {
		rc = pb_fail(e, PB_CANTCREAT, "cannot open database '%s': %s",
			     db->path, db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	if (source_rw && (rc = exec_raw(db, "PRAGMA query_only = ON", e)) != PB_OK)
		goto fail;
	if ((rc = first_read(db, path, &writable, e)) != PB_OK)
		goto fail;
	if (mode != PB_READ && (rc = write_pragmas(db, e)) != PB_OK)
		goto fail;
	/* Identify the file before changing anything in it: a foreign or
	 * newer database is refused untouched.  A reader of an older schema
	 * migrates it, as a writer would, where the file is writable. */
	if ((rc = source ? open_source(db, e) : migrate(db, writable, e)) !=
	    PB_OK)
		goto fail;
	if (writable && !memory && mode != PB_READ) {
		char wal[4200];

		/* WAL lets readers run beside the writer; FULL makes a commit
		 * survive power loss. The mode is kept in the file, so a reader
		 * need not set it. */
		if ((rc = exec_raw(db, "PRAGMA journal_mode = WAL", e)) != PB_OK)
			goto fail;
		if (wal_name(path, wal, sizeof wal))
			file_id(wal, &db->wal_dev, &db->wal_ino);
	}
	/* A large import is one transaction: a 16 MiB page cache keeps its
	 * hot pages from being spilled to the WAL over and over, and
	 * statement journals in memory spare a write per statement. */
	if ((rc = exec_raw(db, CACHE_SIZE, e)) != PB_OK ||
	    (rc = exec_raw(db, TEMP_STORE, e)) != PB_OK)
		goto fail;
	sqlite3_update_hook(db->h, on_update, db);
	/* The -wal and -shm are kept between commands (pb(7), FILES): the
	 * last to close would otherwise fold the log into the file, syncing
	 * both, and remove them, for the next command to make again; a
	 * write's own sync is what makes it durable.  A writer leaves at
	 * most WAL_KEEP_PAGES in the log; a reader leaves the files as it
	 * found them (it made them, it removes them), and a source is
	 * never left with anything beside it. */
	if (!db->memory && !source && writable && (mode != PB_READ || had_wal)) {
		sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		sqlite3_wal_hook(db->h, on_wal, db);
	}
	/* Every query of a reading command sees one snapshot, taken at its
	 * first read, however many writers commit meanwhile. */
	if (mode == PB_READ) {
		if ((rc = exec_raw(db, "BEGIN", e)) != PB_OK)
			goto fail;
		db->read_tx = 1;
	}
	*out = &db->base;
	return PB_OK;
fail:
	sq_db_close(&db->base);
	return rc;
}

static void sq_db_close(pb_db *d)
{
	sq_db *db = (sq_db *)d;
	size_t i;

	if (db->read_tx)
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (db->h && !db->in_tx &&
	    (db->fold || db->wal_pages >= WAL_KEEP_PAGES))
		fold_wal(db);
	for (i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i]->st);
		free(db->cache[i]);
	}
	if (db->h)
		sqlite3_close(db->h);
	forget_deferred(db);
	free(db->saved);
	free(db);
}

static int sq_db_begin(pb_db *d, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	int rc;

	if (db->read_tx) {
		sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
		db->read_tx = 0;
	}
	if ((rc = write_pragmas(db, e)) != PB_OK)
		return rc;
	rc = exec_raw(db, "BEGIN IMMEDIATE", e);

	if (rc == PB_OK) {
		db->in_tx = 1;
		db->nchanges = 0;
		db->nsaved = 0;
	}
	return rc;
}

static void changes_text(sq_db *db, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < db->nchanges && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s +%ld ~%ld -%ld",
					i ? "; " : "", db->changes[i].table,
					db->changes[i].ins, db->changes[i].upd,
					db->changes[i].del);
}

/* A write is committed only into the files it opened: the path may have
 * been removed while the transaction ran (its records would then go
 * into a file no one opens again) or replaced by another database (whose
 * readers would take this transaction's frames from the -wal they share
 * by name).  What is left between this check and COMMIT is a moment,
 * not the length of an import. */
static int still_there(sq_db *db, pb_err *e)
{
	char wal[4200];
	dev_t dev;
	ino_t ino;
	int moved = 0;

	if (db->memory)
		return PB_OK;
	/* SQLite compares the path with the file it holds open. */
	sqlite3_file_control(db->h, "main", SQLITE_FCNTL_HAS_MOVED, &moved);
	if (moved && !file_id(db->path, &dev, &ino))
		return pb_fail(e, PB_IOERR,
			       "the database '%s' was removed while this command "
			       "ran: nothing was written",
			       db->path);
	if (moved)
		return pb_fail(e, PB_IOERR,
			       "the database '%s' was replaced by another file "
			       "while this command ran: nothing was written to "
			       "either",
			       db->path);
	if (db->wal_ino && wal_name(db->path, wal, sizeof wal) &&
	    (!file_id(wal, &dev, &ino) || dev != db->wal_dev ||
	     ino != db->wal_ino))
		return pb_fail(e, PB_IOERR,
			       "the write-ahead log '%s' was removed or replaced "
			       "while this command ran: nothing was written",
			       wal);
	return PB_OK;
}

static const char AUDIT_SQL[] =
	"INSERT INTO audit (at, os_user, command, changes) VALUES (?1, ?2, ?3, ?4)";

static void forget_deferred(sq_db *db)
{
	while (db->ndeferred)
		sqlite3_free(db->deferred[--db->ndeferred]);
	free(db->deferred);
	db->deferred = NULL;
}

/* The indexes of a table (sqlite_master: the definitions the schema's
 * steps made) that a load may drop: every one with a definition (not a
 * UNIQUE column's own) whose first column is not lead. */
static const char DEFERRABLE[] =
	"SELECT m.name, m.sql FROM sqlite_master m "
	"WHERE m.type = 'index' AND m.tbl_name = ?1 AND m.sql IS NOT NULL "
	"AND NOT EXISTS (SELECT 1 FROM pragma_index_info(m.name) i "
	"WHERE i.seqno = 0 AND i.name = ?2)";

static int sq_defer_indexes(pb_db *d, const char *const *tables,
			    const char *lead, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	size_t first = db->ndeferred, i;
	sqlite3_stmt *st;
	char **names = NULL;
	int rc = SQLITE_OK;

	if (sqlite3_prepare_v2(db->h, DEFERRABLE, -1, &st, NULL) != SQLITE_OK)
		return map_rc(db, sqlite3_errcode(db->h), e);
	/* Every definition first: a table cannot lose an index while a
	 * statement reads the schema. */
	for (; *tables && rc == SQLITE_OK; tables++) {
		sqlite3_bind_text(st, 1, *tables, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, lead, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			size_t n = db->ndeferred + 1;
			char **grown = realloc(db->deferred, n * sizeof *grown);
			char **more = realloc(names, (n - first) * sizeof *more);

			if (grown)
				db->deferred = grown;
			if (more)
				names = more;
			if (!grown || !more ||
			    !(names[n - 1 - first] = sqlite3_mprintf(
				      "DROP INDEX \"%w\"", sqlite3_column_text(st, 0)))) {
				rc = SQLITE_NOMEM;
				break;
			}
			if (!(db->deferred[n - 1] = sqlite3_mprintf(
				      "%s", sqlite3_column_text(st, 1)))) {
				sqlite3_free(names[n - 1 - first]);
				rc = SQLITE_NOMEM;
				break;
			}
			db->ndeferred = n;
		}
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	for (i = 0; i < db->ndeferred - first; i++) {
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db->h, names[i], NULL, NULL, NULL);
		sqlite3_free(names[i]);
	}
	free(names);
	return rc == SQLITE_OK ? PB_OK : map_rc(db, rc, e);
}

/* The dropped indexes made again, before the write commits. */
static int remake_indexes(sq_db *db, pb_err *e)
{
	size_t i;
	int rc;

	if (!db->ndeferred)
		return PB_OK;
	if ((rc = exec_raw(db, SORT_CACHE, e)) != PB_OK)
		return rc;
	/* Refused once the write has a temporary database open (pb makes
	 * none): then the sort stays in memory. */
	sqlite3_exec(db->h, SORT_FILES, NULL, NULL, NULL);
	sqlite3_exec(db->h, SORT_THREADS, NULL, NULL, NULL);
	for (i = 0; i < db->ndeferred && rc == PB_OK; i++)
		rc = exec_raw(db, db->deferred[i], e);
	sqlite3_exec(db->h, NO_THREADS, NULL, NULL, NULL);
	sqlite3_exec(db->h, TEMP_STORE, NULL, NULL, NULL);
	if (rc == PB_OK)
		rc = exec_raw(db, CACHE_SIZE, e);
	forget_deferred(db);
	return rc;
}

static int sq_db_commit(pb_db *d, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	char changes[1024];
	int rc;

	if ((rc = remake_indexes(db, e)) != PB_OK)
		goto fail;
	changes_text(db, changes, sizeof changes);
	if ((rc = pb_store_audit(d, AUDIT_SQL, d->command, changes, e)) !=
		    PB_OK ||
	    (rc = still_there(db, e)) != PB_OK)
		goto fail;
	if ((rc = exec_raw(db, "COMMIT", e)) != PB_OK)
		goto fail;
	db->in_tx = 0;
	return PB_OK;
fail:
	sq_db_rollback(d);
	return rc;
}

static void sq_db_rollback(pb_db *d)
{
	sq_db *db = (sq_db *)d;
	if (db->in_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	db->nchanges = 0;
	db->nsaved = 0;
	forget_deferred(db);
}

static int sq_db_prepare(pb_db *d, const char *sql, pb_stmt **out, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	sq_stmt *s;
	size_t i;
	int rc;

	for (i = 0; i < db->ncache; i++)
		if (db->cache[i]->sql == sql) {
			*out = &db->cache[i]->base;
			return PB_OK;
		}
	s = calloc(1, sizeof *s);
	if (!s)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st,
				NULL);
	if (rc != SQLITE_OK) {
		free(s);
		return map_rc(db, rc, e);
	}
	s->base.ops = &pb_store_sqlite;
	s->sql = sql;
	s->db = db;
	for (i = 0; i < 64 && (int)i < sqlite3_column_count(s->st); i++) {
		const char *decl = sqlite3_column_decltype(s->st, (int)i);

		if (decl && strcmp(decl, "INTEGER") == 0)
			s->int_cols |= UINT64_C(1) << i;
		if (!decl || strcmp(decl, "TEXT") != 0)
			s->num_cols |= UINT64_C(1) << i;
	}
	if (db->ncache == STMT_CACHE) {
		/* Full: evict the oldest; the cache only saves prepare time. */
		sqlite3_finalize(db->cache[0]->st);
		free(db->cache[0]);
		memmove(db->cache, db->cache + 1, (STMT_CACHE - 1) * sizeof *db->cache);
		db->ncache--;
	}
	db->cache[db->ncache++] = s;
	*out = &s->base;
	return PB_OK;
}

static void sq_stmt_done(pb_stmt *s)
{
	sq_stmt *st = (sq_stmt *)s;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

static int sq_bind_text(pb_stmt *p, int i, const char *s)
{
	sq_stmt *st = (sq_stmt *)p;

	return sqlite3_bind_text(st->st, i, s, -1, SQLITE_TRANSIENT) == SQLITE_OK
		       ? PB_OK
		       : PB_SOFTWARE;
}

static int sq_bind_int(pb_stmt *s, int i, int64_t v)
{
	sq_stmt *st = (sq_stmt *)s;
	return sqlite3_bind_int64(st->st, i, v) == SQLITE_OK ? PB_OK : PB_SOFTWARE;
}

static int sq_bind_null(pb_stmt *s, int i)
{
	sq_stmt *st = (sq_stmt *)s;
	return sqlite3_bind_null(st->st, i) == SQLITE_OK ? PB_OK : PB_SOFTWARE;
}

/* pb stores only integers and text, and reads every number as an exact
 * integer. A REAL in a row is a product past 64 bits (SQLite makes one
 * of an overflowing product or sum of products) or a value written
 * outside pb; text in an INTEGER column is no number either. Each would
 * be read as a wrong number, so the row is refused, naming the column. */
static int row_exact(sq_stmt *st, pb_err *e)
{
	int i, n = sqlite3_column_count(st->st), t;
	char shown[64];

	/* pb's widest row has far fewer than 64 columns. */
	for (i = 0; i < n && i < 64; i++) {
		if (!(st->num_cols >> i & 1))
			continue;
		t = sqlite3_column_type(st->st, i);
		if (t == SQLITE_FLOAT)
			return pb_fail(e, PB_DATAERR,
				       "a number in the database is not an exact "
				       "integer (%s is the floating-point %.17g): %s",
				       sqlite3_column_name(st->st, i),
				       sqlite3_column_double(st->st, i),
				       "a total past 64 bits, or a value written "
				       "outside pb ('pb-db check' lists those)");
		if ((t == SQLITE_TEXT || t == SQLITE_BLOB) &&
		    (st->int_cols >> i & 1)) {
			pb_escape_ctl((const char *)sqlite3_column_text(st->st, i),
				      shown, sizeof shown);
			return pb_fail(e, PB_DATAERR,
				       "the database holds text where a number "
				       "belongs (%s = '%s'): written outside pb "
				       "('pb-db check' lists such values)",
				       sqlite3_column_name(st->st, i), shown);
		}
	}
	return PB_OK;
}

static int sq_step(pb_stmt *s, pb_err *e)
{
	sq_stmt *st = (sq_stmt *)s;
	int rc = sqlite3_step(st->st);

	if (rc == SQLITE_ROW) {
		if ((rc = row_exact(st, e)) == PB_OK)
			return PB_ROW;
		sqlite3_reset(st->st);
		return rc;
	}
	if (rc == SQLITE_DONE)
		return PB_DONE;
	rc = map_rc(st->db, rc, e);
	sqlite3_reset(st->st);
	return rc;
}

static int64_t sq_changes(pb_stmt *s)
{
	return sqlite3_changes64(((sq_stmt *)s)->db->h);
}

static const char *sq_col_text(pb_stmt *s, int i)
{
	sq_stmt *st = (sq_stmt *)s;
	return (const char *)sqlite3_column_text(st->st, i);
}

static int64_t sq_col_int(pb_stmt *s, int i)
{
	sq_stmt *st = (sq_stmt *)s;
	return sqlite3_column_int64(st->st, i);
}

static int sq_col_null(pb_stmt *s, int i)
{
	sq_stmt *st = (sq_stmt *)s;
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

static int sq_col_count(pb_stmt *s)
{
	sq_stmt *st = (sq_stmt *)s;
	return sqlite3_column_count(st->st);
}

static const char *sq_col_name(pb_stmt *s, int i)
{
	sq_stmt *st = (sq_stmt *)s;
	return sqlite3_column_name(st->st, i);
}

static int sq_db_engine_check(pb_db *d, pb_problem_fn fn, void *ctx, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	sqlite3_stmt *st;
	char buf[512];
	int rc;

	/* The engine's own view of the file, then every dangling reference. */
	rc = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return map_rc(db, rc, e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);

		if (m && strcmp(m, "ok") != 0) {
			snprintf(buf, sizeof buf, "integrity: %s", m);
			fn(ctx, buf);
		}
	}
	sqlite3_finalize(st);
	rc = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return map_rc(db, rc, e);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(buf, sizeof buf,
			 "foreign key: %s row %lld refers to a missing %s",
			 (const char *)sqlite3_column_text(st, 0),
			 (long long)sqlite3_column_int64(st, 1),
			 (const char *)sqlite3_column_text(st, 2));
		fn(ctx, buf);
	}
	sqlite3_finalize(st);
	return PB_OK;
}

/* Remove a temporary copy and the journal SQLite may have left beside it. */
static void remove_copy(char *tmp)
{
	static const char *const beside[] = {"-journal", "-wal", "-shm"};
	char name[4200];
	size_t i;

	for (i = 0; i < sizeof beside / sizeof *beside; i++) {
		snprintf(name, sizeof name, "%s%s", tmp, beside[i]);
		unlink(name);
	}
	unlink(tmp);
	free(tmp);
}

/* A finished copy, on disk, renamed over path, the rename itself made
 * durable: a reader never sees half of one, and a copy said made is
 * there after a power cut.  tmp is freed (and removed on failure). */
static int put_in_place(char *tmp, const char *path, pb_err *e)
{
	int fd, rc = 0;

	if ((fd = open(tmp, O_RDONLY)) < 0 || fsync(fd) != 0)
		rc = pb_fail(e, PB_IOERR, "cannot write '%s': %s", path,
			     strerror(errno));
	if (fd >= 0)
		close(fd);
	if (!rc)
		rc = pb_tmp_put(tmp, path, e);
	if (rc) {
		remove_copy(tmp);
		return rc;
	}
	free(tmp);
	return PB_OK;
}

/* Copy the database page by page through SQLite's online backup: a
 * consistent snapshot while others write. The copy is written into a
 * temporary file beside the target, created 0600 before SQLite opens it
 * (SQLite would create it 0644 less the umask), and renamed over the
 * target, so a reader never sees half a backup. */
static int sq_db_backup(pb_db *d, const char *path, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	char *tmp;
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	int rc, fd;

	if ((rc = pb_tmp_create(path, &fd, &tmp, e)) != PB_OK)
		return rc;
	close(fd);
	rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		rc = pb_fail(e, PB_CANTCREAT, "cannot create '%s': %s", path,
			     to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
		sqlite3_close(to);
		remove_copy(tmp);
		return rc;
	}
	b = sqlite3_backup_init(to, "main", db->h, "main");
	if (!b) {
		rc = pb_fail(e, PB_IOERR, "cannot back up to '%s': %s", path,
			     sqlite3_errmsg(to));
		sqlite3_close(to);
		remove_copy(tmp);
		return rc;
	}
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		rc = pb_fail(e, PB_IOERR, "cannot back up to '%s': %s", path,
			     sqlite3_errstr(rc));
		sqlite3_close(to);
		remove_copy(tmp);
		return rc;
	}
	/* The copy is a rollback-journal file: no -wal beside it to lose. */
	sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(to);
	return put_in_place(tmp, path, e);
}

/* A record's writes inside an import: undone alone when the record fails,
 * while the transaction goes on.  Only inside a transaction: outside one,
 * SAVEPOINT would begin one.  The change counts are kept at each
 * savepoint and put back when it is rolled back to. */
static int sq_savepoint(pb_db *d, pb_err *e)
{
	sq_db *db = (sq_db *)d;
	struct saved *sv;
	int rc;

	if (!db->in_tx)
		return pb_fail(e, PB_SOFTWARE, "savepoint outside a transaction");
	if (db->nsaved == db->maxsaved) {
		size_t n = db->maxsaved ? 2 * db->maxsaved : 4;

		if (!(sv = realloc(db->saved, n * sizeof *sv)))
			return pb_fail(e, PB_SOFTWARE, "out of memory");
		db->saved = sv;
		db->maxsaved = n;
	}
	if ((rc = exec_raw(db, "SAVEPOINT pb_rec", e)) != PB_OK)
		return rc;
	sv = &db->saved[db->nsaved++];
	sv->nchanges = db->nchanges;
	memcpy(sv->changes, db->changes, db->nchanges * sizeof *db->changes);
	return PB_OK;
}

static int sq_release(pb_db *d, pb_err *e)
{
	sq_db *db = (sq_db *)d;

	if (db->nsaved)
		db->nsaved--;
	return exec_raw(db, "RELEASE pb_rec", e);
}

static void sq_rollback_to(pb_db *d)
{
	sq_db *db = (sq_db *)d;

	sqlite3_exec(db->h, "ROLLBACK TO pb_rec", NULL, NULL, NULL);
	sqlite3_exec(db->h, "RELEASE pb_rec", NULL, NULL, NULL);
	if (db->nsaved) {
		struct saved *sv = &db->saved[--db->nsaved];

		db->nchanges = sv->nchanges;
		memcpy(db->changes, sv->changes,
		       sv->nchanges * sizeof *db->changes);
	}
}

static const char *sq_display(pb_db *d)
{
	return ((sq_db *)d)->path;
}

const pb_store_ops pb_store_sqlite = {
	.name = "SQLite",
	.open = sq_db_open,
	.close = sq_db_close,
	.begin = sq_db_begin,
	.commit = sq_db_commit,
	.rollback = sq_db_rollback,
	.savepoint = sq_savepoint,
	.release = sq_release,
	.rollback_to = sq_rollback_to,
	.schema_version = sq_db_schema_version,
	.prepare = sq_db_prepare,
	.stmt_done = sq_stmt_done,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.changes = sq_changes,
	.col_text = sq_col_text,
	.col_int = sq_col_int,
	.col_null = sq_col_null,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.exec = sq_exec,
	.engine_check = sq_db_engine_check,
	.defer_indexes = sq_defer_indexes,
	.backup = sq_db_backup,
	.display = sq_display,
	.version = sq_version,
};

/* Every table of a pb database, parents before children; the query
 * that reads each whole, in id order. */
static const char *const copy_tables[][2] = {
	{"orgs", "SELECT * FROM orgs ORDER BY id"},
	{"roles", "SELECT * FROM roles ORDER BY id"},
	{"members", "SELECT * FROM members ORDER BY id"},
	{"registrations", "SELECT * FROM registrations ORDER BY id"},
	{"pairs", "SELECT * FROM pairs ORDER BY id"},
	{"events", "SELECT * FROM events ORDER BY id"},
	{"participants", "SELECT * FROM participants ORDER BY id"},
	{"contributions", "SELECT * FROM contributions ORDER BY id"},
	{"opinions", "SELECT * FROM opinions ORDER BY id"},
	{"audit", "SELECT * FROM audit ORDER BY id"},
	{"totals_events", "SELECT * FROM totals_events ORDER BY org_id, month, kind"},
	{"totals_goods",
	 "SELECT * FROM totals_goods ORDER BY org_id, month, item, unit"},
	{"totals_pairs",
	 "SELECT * FROM totals_pairs ORDER BY pair_id, month, org_id"},
	{"totals_reach", "SELECT * FROM totals_reach ORDER BY org_id, month"},
	{"totals_roll",
	 "SELECT * FROM totals_roll ORDER BY grain, day, what, category"},
	{"totals_takers", "SELECT * FROM totals_takers ORDER BY org_id, month"},
};

/* The rows of one table of src into the same table of the file's
 * database, every value bound as text: the columns' types make numbers
 * of the integer ones, as pb stores them. */
static int copy_table(pb_db *src, sq_db *to, size_t t, pb_err *e)
{
	char sql[2048];
	sqlite3_stmt *ins = NULL;
	pb_stmt *q;
	int rc, n, i;

	if ((rc = pb_db_prepare(src, copy_tables[t][1], &q, e)) != PB_OK)
		return rc;
	while ((rc = pb_step(q, e)) == PB_ROW) {
		if (!ins) {
			size_t off = (size_t)snprintf(sql, sizeof sql,
						      "INSERT INTO %s (",
						      copy_tables[t][0]);

			n = pb_col_count(q);
			for (i = 0; i < n && off < sizeof sql; i++)
				off += (size_t)snprintf(sql + off, sizeof sql - off,
							"%s%s", i ? ", " : "",
							pb_col_name(q, i));
			for (i = 0; i < n && off < sizeof sql; i++)
				off += (size_t)snprintf(sql + off, sizeof sql - off,
							"%s?%d", i ? ", " : ") VALUES (",
							i + 1);
			if (off + 2 >= sizeof sql) {
				rc = pb_fail(e, PB_SOFTWARE, "table %s has too many "
							     "columns to copy",
					     copy_tables[t][0]);
				break;
			}
			memcpy(sql + off, ")", 2);
			if (sqlite3_prepare_v2(to->h, sql, -1, &ins, NULL) !=
			    SQLITE_OK) {
				rc = map_rc(to, sqlite3_errcode(to->h), e);
				break;
			}
		}
		n = pb_col_count(q);
		for (i = 0; i < n; i++) {
			const char *v = pb_col_text(q, i);

			if (v)
				sqlite3_bind_text(ins, i + 1, v, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(ins, i + 1);
		}
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE) {
			rc = map_rc(to, rc, e);
			break;
		}
	}
	pb_stmt_done(q);
	sqlite3_finalize(ins);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_db_copy_to_file(pb_db *src, const char *path, pb_err *e)
{
	pb_db *d = NULL;
	char *tmp;
	size_t t;
	int rc, fd;

	if ((rc = pb_tmp_create(path, &fd, &tmp, e)) != PB_OK)
		return rc;
	close(fd);
	if ((rc = sq_db_open(tmp, PB_WRITE, 10000, &d, e)) != PB_OK)
		goto fail;
	/* Rows go in id order, and an org may name a parent with a higher
	 * id: the source's constraints held, so the copy's hold too. */
	if ((rc = exec_raw((sq_db *)d, "PRAGMA foreign_keys = OFF", e)) != PB_OK ||
	    (rc = exec_raw((sq_db *)d, "BEGIN IMMEDIATE", e)) != PB_OK)
		goto fail;
	for (t = 0; t < sizeof copy_tables / sizeof *copy_tables; t++)
		if ((rc = copy_table(src, (sq_db *)d, t, e)) != PB_OK)
			goto fail;
	if ((rc = exec_raw((sq_db *)d, "COMMIT", e)) != PB_OK ||
	    (rc = exec_raw((sq_db *)d, "PRAGMA journal_mode = DELETE", e)) != PB_OK)
		goto fail;
	sq_db_close(d);
	return put_in_place(tmp, path, e);
fail:
	if (d)
		sq_db_close(d);
	remove_copy(tmp);
	return rc;
}

/* A pb database by its header: SQLite's magic, and pb's application id
 * at offset 68, big-endian. 1: pb's; 0: another file; -1: errno set. */
static int pb_header(const char *path)
{
	unsigned char h[72];
	ssize_t got = 0, r;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);

	if (fd < 0)
		return -1;
	while (got < (ssize_t)sizeof h &&
	       (r = read(fd, h + got, sizeof h - (size_t)got)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			r = errno;
			close(fd);
			errno = (int)r;
			return -1;
		}
		got += r;
	}
	close(fd);
	return got == (ssize_t)sizeof h &&
	       memcmp(h, "SQLite format 3", 16) == 0 &&
	       ((uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 |
		(uint32_t)h[70] << 8 | h[71]) == PB_APPLICATION_ID;
}

/* What SQLite keeps beside a database, or pb while it writes a copy. */
static int not_a_source(const char *name)
{
	static const char *const tails[] = {"-wal", "-shm", "-journal"};
	size_t i, n = strlen(name), t;

	if (name[0] == '.')
		return 1;
	for (i = 0; i < sizeof tails / sizeof *tails; i++) {
		t = strlen(tails[i]);
		if (n >= t && strcmp(name + n - t, tails[i]) == 0)
			return 1;
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void pb_db_dir_sources_free(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int pb_db_dir_sources(const char *dir, char ***paths, size_t *n, pb_err *e)
{
	char **list = NULL, **grown, *path;
	size_t len = 0, cap = 0, dlen = strlen(dir);
	struct dirent *d;
	struct stat sb;
	DIR *dh;
	int rc = PB_OK, is = 0;

	*paths = NULL;
	*n = 0;
	if (stat(dir, &sb) != 0)
		return pb_fail(e, PB_NOINPUT, "cannot read the directory '%s': %s",
			       dir, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return pb_fail(e, PB_NOINPUT, "'%s' is not a directory", dir);
	if (!(dh = opendir(dir)))
		return pb_fail(e, PB_NOINPUT, "cannot read the directory '%s': %s",
			       dir, strerror(errno));
	/* "DIR/NAME" with one slash, whatever DIR ends with. */
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	errno = 0;
	while ((d = readdir(dh))) {
		if (not_a_source(d->d_name))
			goto next;
		if (!(path = malloc(dlen + strlen(d->d_name) + 2))) {
			rc = pb_fail(e, PB_SOFTWARE, "out of memory");
			break;
		}
		sprintf(path, "%.*s%s%s", (int)dlen, dir,
			dir[dlen - 1] == '/' ? "" : "/", d->d_name);
		/* A file that cannot be read is named, never left out. */
		if (stat(path, &sb) != 0 ||
		    (S_ISREG(sb.st_mode) && (is = pb_header(path)) < 0)) {
			rc = pb_fail(e, PB_NOINPUT, "cannot read '%s': %s", path,
				     strerror(errno));
			free(path);
			break;
		}
		if (!S_ISREG(sb.st_mode) || !is) {
			free(path);
			goto next;
		}
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(grown = realloc(list, cap * sizeof *list))) {
				free(path);
				rc = pb_fail(e, PB_SOFTWARE, "out of memory");
				break;
			}
			list = grown;
		}
		list[len++] = path;
next:
		errno = 0;
	}
	if (rc == PB_OK && errno != 0)
		rc = pb_fail(e, PB_NOINPUT, "cannot read the directory '%s': %s",
			     dir, strerror(errno));
	closedir(dh);
	if (rc == PB_OK && len == 0)
		rc = pb_fail(e, PB_NOINPUT, "no pb database in '%s'", dir);
	if (rc != PB_OK) {
		pb_db_dir_sources_free(list, len);
		return rc;
	}
	qsort(list, len, sizeof *list, by_name);
	*paths = list;
	*n = len;
	return PB_OK;
}
