/* The PostgreSQL engine behind store.c (built with libpq): with
 * store_sqlite.c, the only code in pb that knows an engine.  Connect,
 * identify and migrate the schema under an advisory lock, serialise
 * writers with that lock, read through cursors so that memory stays flat,
 * map SQLSTATEs to pb's exit codes, and write the audit row inside each
 * write transaction. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

extern const char *const pb_schema_steps_pg[];
extern const size_t pb_schema_nsteps_pg;

/* 'p','b','d','b', as SQLite's application_id. */
#define PB_APPLICATION_ID 0x70626462
/* The advisory lock every writer and every migration holds. */
#define PB_LOCK "SELECT pg_advisory_xact_lock(1885496418)"
#define STMT_CACHE 96
#define FETCH_ROWS 256
#define MAX_PARAMS PB_MOST_PARAMS
#define QUEUE 16

typedef struct pg_db pg_db;

typedef struct pg_stmt {
	pb_stmt base;
	const char *sql; /* the caller's literal: the cache key */
	pg_db *db;
	char *text;     /* with $N for ?N */
	char *declare;  /* a query: DECLARE name CURSOR FOR text */
	char fetch[48]; /* a query: FETCH FORWARD n FROM name */
	int nparams;
	int query;      /* a SELECT: read through a cursor */
	int prepared;   /* the server holds a statement named name */
	char name[24];
	char *val[MAX_PARAMS];
	size_t cap[MAX_PARAMS];
	int set[MAX_PARAMS]; /* 0: NULL */
	PGresult *res;  /* the rows at hand */
	int row, nrows;
	int started;    /* stepped since the last done */
	int cursor;     /* a cursor named name is open */
	int more;       /* the cursor may hold more rows */
} pg_stmt;

struct pg_db {
	pb_db base;
	PGconn *conn;
	char *shown; /* the URL, password masked */
	long busy_ms;
	int mode;
	int source;    /* PB_SOURCE: never migrated */
	int tx;        /* 0: none, 1: reading, 2: writing */
	int changes;   /* pb_changes exists in this session */
	/* Commands that return nothing (CLOSE, SAVEPOINT, RELEASE, ...),
	 * sent ahead of the next statement in the same round trip. */
	struct queued {
		const char *cmd; /* buf, or a literal too long for it */
		char buf[48];
	} queue[QUEUE];
	int nqueue;
	unsigned serial;
	pg_stmt *cache[STMT_CACHE];
	size_t ncache;
};

static const char *pg_version(void)
{
	static char v[16];
	int n = PQlibVersion();

	snprintf(v, sizeof v, "%d.%d", n / 10000, n % 10000);
	return v;
}

static const char *pg_display(pb_db *d)
{
	return ((pg_db *)d)->shown;
}

/* The server's or libpq's message, first line only, without "ERROR:  ". */
static void first_line(const char *m, char *buf, size_t len)
{
	size_t n;

	if (!m || !*m)
		m = "no message";
	if (strncmp(m, "ERROR:  ", 8) == 0)
		m += 8;
	n = strcspn(m, "\n");
	snprintf(buf, len, "%.*s", (int)n, m);
}

static int is_class(const char *state, const char *cls)
{
	return state && strncmp(state, cls, strlen(cls)) == 0;
}

/* A SQLSTATE as pb's exit code, for a statement and a refused
 * connection alike (m: the server's words); -1 when pb has none for
 * it. */
static int by_state(pg_db *db, const char *state, const char *m, pb_err *e)
{
	if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0 || strcmp(state, "57014") == 0)
		return pb_fail(e, PB_TEMPFAIL,
			       "database is busy (waited %ld ms): nothing was "
			       "written, try again",
			       db->busy_ms);
	if (strcmp(state, "22003") == 0)
		return pb_fail(e, PB_DATAERR,
			       "a total is beyond 64-bit integers: the database "
			       "holds values beyond pb's bounds ('pb-db check' "
			       "lists them)");
	if (is_class(state, "23") || is_class(state, "22"))
		return pb_fail(e, PB_DATAERR, "%s", m);
	if (is_class(state, "28"))
		return pb_fail(e, PB_CONFIG, "cannot log in to the database '%s': %s",
			       db->shown, m);
	if (is_class(state, "53") || is_class(state, "58"))
		return pb_fail(e, PB_IOERR, "cannot %s the database '%s': %s",
			       db->mode == PB_READ ? "read" : "write", db->shown, m);
	if (strcmp(state, "42501") == 0 || strcmp(state, "25006") == 0)
		return pb_fail(e, PB_CANTCREAT, "cannot %s the database '%s': %s",
			       db->mode == PB_READ ? "read" : "write", db->shown, m);
	return -1;
}

/* A failed result (or none: the connection is gone) as a pb error. */
static int map_res(pg_db *db, PGresult *res, pb_err *e)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL,
		   *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
				  : NULL;
	char m[512];
	int rc;

	/* The message without its severity, which is in the server's
	 * language ("ERROR:  ", "错误:  "). */
	first_line(primary ? primary
		   : res   ? PQresultErrorMessage(res)
			   : PQerrorMessage(db->conn),
		   m, sizeof m);
	if (!state || PQstatus(db->conn) == CONNECTION_BAD || is_class(state, "08") ||
	    is_class(state, "57P"))
		return pb_fail(e, PB_TEMPFAIL,
			       "lost the connection to the database '%s' (%s): "
			       "nothing was written, try again",
			       db->shown, m);
	rc = by_state(db, state, m, e);
	return rc >= 0 ? rc : pb_fail(e, PB_SOFTWARE, "database error: %s", m);
}

enum send { SEND_QUEUE, SEND_START, SEND_FETCH };

/* The queued commands, then (SEND_START) st's statement, or (SEND_FETCH)
 * the next rows of its cursor, in one pipeline: one round trip to the
 * server, however many commands.  The first failure is the result; the
 * commands after it in the pipeline are skipped, as a transaction's
 * would be.  *out takes the last command's result when all succeeded. */
static int exchange(pg_db *db, pg_stmt *st, enum send what, PGresult **out,
		    pb_err *e)
{
	PGconn *c = db->conn;
	const char *v[MAX_PARAMS];
	PGresult *r;
	int i, n = 0, sent = 0, prep_at = -1, rc = PB_OK;

	if (out)
		*out = NULL;
	if (what == SEND_QUEUE && !db->nqueue)
		return PB_OK;
	if (!PQenterPipelineMode(c)) {
		db->nqueue = 0;
		return map_res(db, NULL, e);
	}
	for (i = 0; i < db->nqueue; i++)
		sent += PQsendQueryParams(c, db->queue[i].cmd, 0, NULL, NULL, NULL,
					  NULL, 0);
	n = db->nqueue;
	db->nqueue = 0;
	if (st && what != SEND_QUEUE)
		for (i = 0; i < st->nparams; i++)
			v[i] = st->set[i] ? st->val[i] : NULL;
	if (what == SEND_START && st->query) {
		sent += PQsendQueryParams(c, st->declare, st->nparams, NULL, v, NULL,
					  NULL, 0);
		n++;
	} else if (what == SEND_START) {
		if (!st->prepared) {
			sent += PQsendPrepare(c, st->name, st->text, st->nparams, NULL);
			prep_at = n++;
		}
		sent += PQsendQueryPrepared(c, st->name, st->nparams, v, NULL, NULL,
					    0);
		n++;
	}
	if (what == SEND_FETCH || (what == SEND_START && st->query)) {
		sent += PQsendQueryParams(c, st->fetch, 0, NULL, NULL, NULL, NULL, 0);
		n++;
	}
	if (sent != n || !PQpipelineSync(c)) {
		rc = map_res(db, NULL, e);
		PQexitPipelineMode(c);
		return rc;
	}
	for (i = 0; i < n; i++) {
		ExecStatusType t;

		if (!(r = PQgetResult(c))) {
			if (rc == PB_OK)
				rc = map_res(db, NULL, e);
			break;
		}
		t = PQresultStatus(r);
		if (t == PGRES_FATAL_ERROR && rc == PB_OK)
			rc = map_res(db, r, e);
		if (i == prep_at && t == PGRES_COMMAND_OK)
			st->prepared = 1;
		if (i == n - 1 && out && rc == PB_OK &&
		    (t == PGRES_TUPLES_OK || t == PGRES_COMMAND_OK))
			*out = r;
		else
			PQclear(r);
		while ((r = PQgetResult(c)))
			PQclear(r);
	}
	/* The end of the pipeline, then out of pipeline mode. */
	while ((r = PQgetResult(c))) {
		int sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;

		PQclear(r);
		if (sync)
			break;
	}
	if (!PQexitPipelineMode(c) && rc == PB_OK)
		rc = map_res(db, NULL, e);
	if (rc != PB_OK && out && *out) {
		PQclear(*out);
		*out = NULL;
	}
	if (rc == PB_OK && st && what == SEND_START && st->query)
		st->cursor = 1;
	return rc;
}

/* A command sent with the next statement: copied when short (a CLOSE
 * of a name made here), else a string literal, kept as it is. */
static void enqueue(pg_db *db, const char *cmd)
{
	struct queued *q;
	pb_err e;

	if (db->nqueue == QUEUE)
		exchange(db, NULL, SEND_QUEUE, NULL, &e);
	q = &db->queue[db->nqueue++];
	if (strlen(cmd) < sizeof q->buf) {
		memcpy(q->buf, cmd, strlen(cmd) + 1);
		q->cmd = q->buf;
	} else {
		q->cmd = cmd;
	}
}

/* One command now, after the queued ones. */
static int run(pg_db *db, const char *cmd, pb_err *e)
{
	enqueue(db, cmd);
	return exchange(db, NULL, SEND_QUEUE, NULL, e);
}

/* Several statements in one string (a schema step), as they are. */
static int run_script(pg_db *db, const char *sql, pb_err *e)
{
	PGresult *r;
	int rc = exchange(db, NULL, SEND_QUEUE, NULL, e);

	if (rc != PB_OK)
		return rc;
	r = PQexec(db->conn, sql);
	if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK &&
		   PQresultStatus(r) != PGRES_TUPLES_OK))
		rc = map_res(db, r, e);
	PQclear(r);
	return rc;
}

/* One integer from a query with no parameters; -1 on NULL. */
static int query_int(pg_db *db, const char *sql, long long *out, pb_err *e)
{
	PGresult *r;
	int rc;

	enqueue(db, sql);
	if ((rc = exchange(db, NULL, SEND_QUEUE, &r, e)) != PB_OK)
		return rc;
	*out = r && PQntuples(r) && !PQgetisnull(r, 0, 0)
		       ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
		       : -1;
	PQclear(r);
	return PB_OK;
}

static void forget_cursors(pg_db *db)
{
	size_t i;

	for (i = 0; i < db->ncache; i++)
		db->cache[i]->cursor = 0;
}

/* Leave any transaction: a reader's snapshot, or a failed writer's. */
static void end_tx(pg_db *db, const char *how)
{
	pb_err e;

	if (db->tx) {
		/* The end closes every cursor and savepoint: what is queued
		 * for them need not go, and would fail in a failed one. */
		db->nqueue = 0;
		run(db, how, &e);
		forget_cursors(db);
	}
	db->tx = 0;
}

/* Cursors live in a transaction: a read outside one starts one, sent
 * with the read. */
static void ensure_tx(pg_db *db)
{
	if (db->tx)
		return;
	enqueue(db, db->mode == PB_READ
			    ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
			    : "BEGIN");
	db->tx = 1;
}

/* Every lock the transaction waits for, at most busy_timeout_ms; sent
 * with the next command. */
static void queue_lock_timeout(pg_db *db)
{
	char sql[48];

	snprintf(sql, sizeof sql, "SET LOCAL lock_timeout = %ld", db->busy_ms);
	enqueue(db, sql);
}

/* Create or move the schema forward, in one transaction under the
 * writers' lock; a database with tables but no pb_schema is not pb's. */
static int migrate(pg_db *db, pb_err *e)
{
	long long have, appid = 0, version = 0, tables;
	size_t v;
	int rc;

	if ((rc = query_int(db, "SELECT CASE WHEN to_regclass('pb_schema') IS "
				"NULL THEN 0 ELSE 1 END",
			    &have, e)) != PB_OK)
		return rc;
	if (have == 1) {
		if ((rc = query_int(db, "SELECT application_id FROM pb_schema",
				    &appid, e)) != PB_OK ||
		    (rc = query_int(db, "SELECT version FROM pb_schema", &version,
				    e)) != PB_OK)
			return rc;
		if (appid != PB_APPLICATION_ID)
			return pb_fail(e, PB_UNAVAILABLE,
				       "'%s' is not a pb database (its pb_schema "
				       "table is another program's)",
				       db->shown);
	} else {
		if ((rc = query_int(db, "SELECT count(*) FROM pg_tables WHERE "
					"schemaname = current_schema()",
				    &tables, e)) != PB_OK)
			return rc;
		if (tables > 0)
			return pb_fail(e, PB_UNAVAILABLE,
				       "'%s' is not a pb database (it holds other "
				       "tables); name a pb database with --db or PB_DB",
				       db->shown);
	}
	if (version > (long long)pb_schema_nsteps_pg)
		return pb_fail(e, PB_UNAVAILABLE,
			       "'%s' was written by a newer pb (schema %lld; this pb "
			       "knows up to %zu): upgrade pb",
			       db->shown, version, pb_schema_nsteps_pg);
	if (have == 1 && version == (long long)pb_schema_nsteps_pg)
		return PB_OK;
	/* A roll-up reads its sources as they are: a writer, never it,
	 * makes or moves the schema. */
	if (db->source && !have)
		return pb_fail(e, PB_NOINPUT,
			       "'%s' holds no pb database (no pb_schema table): "
			       "nothing was read",
			       db->shown);
	if (db->source)
		return pb_fail(e, PB_UNAVAILABLE,
			       "'%s' holds pb's schema %lld, older than this pb's "
			       "%zu: a roll-up never upgrades a source; any pb "
			       "write command on it (pb-db init, for one) "
			       "upgrades it",
			       db->shown, version, pb_schema_nsteps_pg);
	/* BEGIN, the timeout and the lock: one round trip. */
	enqueue(db, "BEGIN");
	queue_lock_timeout(db);
	if ((rc = run(db, PB_LOCK, e)) != PB_OK)
		goto fail;
	/* Another writer may have migrated while we waited for the lock. */
	if ((rc = query_int(db, "SELECT CASE WHEN to_regclass('pb_schema') IS "
				"NULL THEN 0 ELSE 1 END",
			    &have, e)) != PB_OK ||
	    (have && (rc = query_int(db, "SELECT version FROM pb_schema",
				     &version, e)) != PB_OK))
		goto fail;
	if (!have) {
		char sql[160];

		snprintf(sql, sizeof sql,
			 "CREATE TABLE pb_schema (application_id BIGINT NOT NULL, "
			 "version BIGINT NOT NULL); INSERT INTO pb_schema VALUES "
			 "(%d, 0)",
			 PB_APPLICATION_ID);
		if ((rc = run_script(db, sql, e)) != PB_OK)
			goto fail;
		version = 0;
	}
	for (v = (size_t)version; v < pb_schema_nsteps_pg; v++) {
		char sql[64];

		const char *fill;
		size_t i;

		if ((rc = run_script(db, pb_schema_steps_pg[v], e)) != PB_OK)
			goto fail;
		for (i = 0; (fill = pb_totals_fill_sql(v + 1, i)); i++)
			if ((rc = run_script(db, fill, e)) != PB_OK)
				goto fail;
		snprintf(sql, sizeof sql, "UPDATE pb_schema SET version = %zu",
			 v + 1);
		if ((rc = run(db, sql, e)) != PB_OK)
			goto fail;
	}
	return run(db, "COMMIT", e);
fail:
	db->nqueue = 0;
	run(db, "ROLLBACK", &(pb_err){0});
	return rc;
}

/* The SQLSTATE of a refused connection's message in libpq's verbose
 * form ("connection to server ... failed: FATAL:  28P01: text"), copied
 * to code, and where its text starts; NULL for libpq's own errors,
 * which have none.  The server writes the rest in its own language
 * (lc_messages). */
static const char *sqlstate_in(const char *m, char code[6], const char **text)
{
	const char *p;
	int i;

	for (p = strstr(m, ":  "); p; p = strstr(p + 1, ":  ")) {
		for (i = 0; i < 5; i++)
			if (!((p[3 + i] >= '0' && p[3 + i] <= '9') ||
			      (p[3 + i] >= 'A' && p[3 + i] <= 'Z')))
				break;
		if (i == 5 && p[8] == ':' && p[9] == ' ') {
			memcpy(code, p + 3, 5);
			code[5] = '\0';
			*text = p + 10;
			return code;
		}
	}
	return NULL;
}

/* How a connection failed: at its start (libpq refused the settings,
 * or a socket or a host name failed at once), later, or out of time. */
enum { CONNECT_DONE, CONNECT_SETTINGS, CONNECT_TIMEOUT };

/* Why the connection failed, as pb's exit code: by the server's
 * SQLSTATE, which every refusal of the server carries in the verbose
 * form; else by libpq's own message (in English: pb sets no locale),
 * where only a password it could not send is the login's fault. */
static int connect_failed(pg_db *db, int mode, int how, pb_err *e)
{
	char m[512], code[6];
	const char *why = how == CONNECT_TIMEOUT ? "timeout expired"
						 : PQerrorMessage(db->conn),
		   *text = NULL, *state = sqlstate_in(why, code, &text);
	int rc;

	/* "connection to server on socket ... failed: FATAL:  3D000:
	 * database "x" does not exist": the server's words alone.  A server
	 * starting, stopping or out of connections is worth another try. */
	first_line(state ? text : why, m, sizeof m);
	if (state && !is_class(state, "3D000") && !is_class(state, "08") &&
	    !is_class(state, "57P") && !is_class(state, "53") &&
	    (rc = by_state(db, state, m, e)) >= 0)
		return rc;
	if (!state && (strstr(m, "no password supplied") ||
		       strstr(m, "authentication failed")))
		return pb_fail(e, PB_CONFIG, "cannot log in to the database '%s': %s",
			       db->shown, m);
	if (is_class(state, "3D000"))
		return mode == PB_READ
			       ? pb_fail(e, PB_NOINPUT,
					 "database '%s' does not exist: %s",
					 db->shown, m)
			       : pb_fail(e, PB_CANTCREAT,
					 "database '%s' does not exist: %s (create "
					 "it with createdb, then run the command "
					 "again)",
					 db->shown, m);
	if (how == CONNECT_SETTINGS && !strstr(why, "connection to server") &&
	    !strstr(why, "could not translate host name"))
		return pb_fail(e, PB_USAGE, "the database '%s' is not a valid "
					    "PostgreSQL URL or conninfo: %s",
			       db->shown, m);
	return pb_fail(e, PB_TEMPFAIL,
		       "cannot connect to the database '%s': %s: nothing was "
		       "read or written, try again",
		       db->shown, m);
}

/* connect_timeout as libpq reads it, in ms: none (0) when it is not
 * set, 0 or less; 2 s at least. */
static long connect_timeout_ms(PGconn *c)
{
	PQconninfoOption *o = PQconninfo(c), *i;
	long s = 0;

	for (i = o; i && i->keyword; i++)
		if (strcmp(i->keyword, "connect_timeout") == 0 && i->val)
			s = strtol(i->val, NULL, 10);
	PQconninfoFree(o);
	return s <= 0 ? 0 : s < 2 ? 2000 : s * 1000;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Connect as PQconnectdbParams does, but with the errors in libpq's
 * verbose form, which alone carries a refused connection's SQLSTATE
 * (connect_failed).  PQconnectPoll leaves connect_timeout to its
 * caller: here it bounds the whole connection, where libpq's bounds
 * each host of a list.  CONNECT_DONE: connected or refused (PQstatus
 * tells). */
static int connect_coded(pg_db *db, const char *const *keys,
			 const char *const *vals)
{
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	struct timespec t0;
	long most;

	db->conn = PQconnectStartParams(keys, vals, 1);
	if (!db->conn)
		return CONNECT_DONE;
	if (PQstatus(db->conn) == CONNECTION_BAD)
		return CONNECT_SETTINGS;
	PQsetErrorVerbosity(db->conn, PQERRORS_VERBOSE);
	most = connect_timeout_ms(db->conn);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
		struct pollfd p = {PQsocket(db->conn),
				   st == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0};
		long left = most ? most - ms_since(&t0) : -1;
		int n;

		if (p.fd < 0)
			break;
		if (most && left <= 0)
			return CONNECT_TIMEOUT;
		n = poll(&p, 1, (int)left);
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0)
			st = PQconnectPoll(db->conn);
	}
	/* The commands' own errors in the default form (map_res). */
	PQsetErrorVerbosity(db->conn, PQERRORS_DEFAULT);
	return CONNECT_DONE;
}

static void pg_close(pb_db *d);

static void no_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static int pg_open(const char *target, int mode, long busy_ms, pb_db **out,
		   pb_err *e)
{
	/* The URL's own connect_timeout, or PGCONNECT_TIMEOUT, wins: later
	 * settings override earlier ones, and the environment is read only
	 * for what is not set. */
	const char *keys[4] = {"connect_timeout", "fallback_application_name",
			       "dbname", NULL};
	const char *vals[4] = {"10", "pb", target, NULL};
	const char *conninfo = target;
	pg_db *db;
	int source = mode & PB_SOURCE, rc, how;

	mode &= ~(PB_NAMED | PB_SOURCE);
	if (source && mode != PB_READ)
		return pb_fail(e, PB_SOFTWARE, "PB_SOURCE is for reading only");
	/* "postgresql:key=value ...": libpq takes only the settings. */
	if (strncmp(target, "postgresql:", 11) == 0 && target[11] != '/')
		conninfo = target + 11;
	vals[2] = conninfo;
	if (getenv("PGCONNECT_TIMEOUT"))
		keys[0] = "fallback_application_name", vals[0] = "pb";
	db = calloc(1, sizeof *db);
	if (!db || !(db->shown = pb_conninfo_masked(target))) {
		free(db);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	db->base.ops = &pb_store_pg;
	db->busy_ms = busy_ms;
	db->mode = mode;
	db->source = source != 0;
	how = connect_coded(db, keys, vals);
	if (!db->conn) {
		pg_close(&db->base);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	if (how != CONNECT_DONE || PQstatus(db->conn) != CONNECTION_OK) {
		rc = connect_failed(db, mode, how, e);
		pg_close(&db->base);
		return rc;
	}
	/* pb says what went wrong itself; the server's notices (a warning
	 * as it shuts down) are not for the user's terminal. */
	PQsetNoticeProcessor(db->conn, no_notice, NULL);
	if (PQsetClientEncoding(db->conn, "UTF8") != 0) {
		rc = map_res(db, NULL, e);
		pg_close(&db->base);
		return rc;
	}
	/* pb reads every row of a cursor (a cursor only bounds its memory),
	 * so its plan is the fastest to the last row, not to the first tenth
	 * (PostgreSQL's default for cursors, which right after a load, before
	 * the tables' statistics, chose a scan of a whole table in id order
	 * over an index and a sort: 1.8 ms for an event's participants).
	 * Sent with the first query. */
	enqueue(db, "SET cursor_tuple_fraction = 1");
	if ((rc = migrate(db, e)) != PB_OK) {
		pg_close(&db->base);
		return rc;
	}
	if (mode == PB_READ)
		ensure_tx(db);
	*out = &db->base;
	return PB_OK;
}

static void stmt_reset(pg_stmt *st)
{
	char sql[48];

	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	st->started = st->more = 0;
	if (st->cursor) {
		snprintf(sql, sizeof sql, "CLOSE %s", st->name);
		enqueue(st->db, sql);
	}
	st->cursor = 0;
}

static void stmt_free(pg_stmt *st)
{
	int k;

	PQclear(st->res);
	for (k = 0; k < MAX_PARAMS; k++)
		free(st->val[k]);
	free(st->text);
	free(st->declare);
	free(st);
}

static void pg_close(pb_db *d)
{
	pg_db *db = (pg_db *)d;
	size_t i;

	if (db->conn) {
		/* A reader's snapshot ends; an unfinished write is undone. */
		end_tx(db, db->tx == 1 && db->mode == PB_READ ? "COMMIT" : "ROLLBACK");
		PQfinish(db->conn);
	}
	for (i = 0; i < db->ncache; i++)
		stmt_free(db->cache[i]);
	free(db->shown);
	free(db);
}

static int pg_begin(pb_db *d, pb_err *e)
{
	pg_db *db = (pg_db *)d;
	int rc;

	/* A read before the write ends (its cursors with it), all in the
	 * one round trip that takes the lock. */
	if (db->tx) {
		db->nqueue = 0;
		enqueue(db, "COMMIT");
		forget_cursors(db);
		db->tx = 0;
	}
	/* Where the tables' triggers count each statement's rows for the
	 * audit row (lib/schema/pg): made once a session, outside any
	 * transaction, so no rollback takes it away. */
	if (!db->changes)
		enqueue(db, "CREATE TEMP TABLE IF NOT EXISTS pb_changes (seq "
			    "serial, tbl text NOT NULL, ins bigint NOT NULL, upd "
			    "bigint NOT NULL, del bigint NOT NULL) ON COMMIT DELETE "
			    "ROWS");
	enqueue(db, "BEGIN");
	queue_lock_timeout(db);
	db->tx = 2;
	/* One writer at a time: a rule checked in C (one active pair, one
	 * registration, a unique ref) is checked and written with no other
	 * writer between.  Every lock the transaction waits for, this one
	 * and any a session outside pb holds, is waited for at most
	 * busy_timeout_ms. */
	if ((rc = run(db, PB_LOCK, e)) != PB_OK) {
		end_tx(db, "ROLLBACK");
		return rc;
	}
	db->changes = 1;
	return PB_OK;
}

/* "orgs +1 ~0 -0; roles ...", in the order the tables were first
 * written, as SQLite's update hook counts them. */
static int changes_text(pg_db *db, char *buf, size_t len, pb_err *e)
{
	PGresult *r;
	size_t off = 0;
	int i, rc = PB_OK;

	buf[0] = '\0';
	enqueue(db, "SELECT tbl, sum(ins), sum(upd), sum(del) FROM pb_changes "
		    "GROUP BY tbl ORDER BY min(seq)");
	rc = exchange(db, NULL, SEND_QUEUE, &r, e);
	for (i = 0; rc == PB_OK && i < PQntuples(r) && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s +%s ~%s -%s",
					i ? "; " : "", PQgetvalue(r, i, 0),
					PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
					PQgetvalue(r, i, 3));
	PQclear(r);
	return rc;
}

static const char AUDIT_SQL[] =
	"INSERT INTO audit (at, os_user, command, changes, db_role, server_at) "
	"VALUES (?1, ?2, ?3, ?4, session_user, to_char(clock_timestamp() AT TIME ZONE "
	"'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))";

static void pg_rollback(pb_db *d);

static int pg_commit(pb_db *d, pb_err *e)
{
	pg_db *db = (pg_db *)d;
	char changes[1024];
	int rc;

	if ((rc = changes_text(db, changes, sizeof changes, e)) != PB_OK ||
	    (rc = pb_store_audit(d, AUDIT_SQL, d->command, changes, e)) != PB_OK)
		goto fail;
	if ((rc = run(db, "COMMIT", e)) != PB_OK) {
		db->tx = 0;
		forget_cursors(db);
		return rc;
	}
	db->tx = 0;
	forget_cursors(db);
	return PB_OK;
fail:
	pg_rollback(d);
	return rc;
}

static void pg_rollback(pb_db *d)
{
	pg_db *db = (pg_db *)d;

	if (db->tx == 2)
		end_tx(db, "ROLLBACK");
}

/* Sent with the record's first statement, and the release with the
 * next record's: no round trip of their own. */
static int pg_savepoint(pb_db *d, pb_err *e)
{
	pg_db *db = (pg_db *)d;

	if (db->tx != 2)
		return pb_fail(e, PB_SOFTWARE, "savepoint outside a transaction");
	enqueue(db, "SAVEPOINT pb_rec");
	return PB_OK;
}

static int pg_release(pb_db *d, pb_err *e)
{
	(void)e;
	enqueue((pg_db *)d, "RELEASE pb_rec");
	return PB_OK;
}

static void pg_rollback_to(pb_db *d)
{
	pg_db *db = (pg_db *)d;

	pb_err e;

	/* What is queued goes first: the savepoint itself may be among it
	 * (a record refused before its first statement), or the release of
	 * the record before, which must not be undone.  In a transaction a
	 * failed statement aborted, those fail, harmlessly. */
	exchange(db, NULL, SEND_QUEUE, NULL, &e);
	run(db, "ROLLBACK TO pb_rec", &e);
	run(db, "RELEASE pb_rec", &e);
	/* Cursors opened since the savepoint are gone with it; those opened
	 * before stay open until the transaction ends. */
	forget_cursors(db);
}

static int pg_schema_version(pb_db *d)
{
	long long v = 0;
	pb_err e;

	query_int((pg_db *)d, "SELECT version FROM pb_schema", &v, &e);
	return (int)v;
}

/* ?N becomes $N outside quotes and comments; the highest N is the
 * number of parameters. A SELECT (or a WITH that only reads) is read
 * through a cursor. */
static int rewrite(pg_stmt *st, const char *sql)
{
	size_t n = strlen(sql);
	const char *p = sql;
	char *o;

	if (!(o = st->text = malloc(n + 1)))
		return -1;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			*o++ = *p++;
			while (*p && *p != q)
				*o++ = *p++;
			if (*p)
				*o++ = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				*o++ = *p++;
		} else if (*p == '?' && p[1] >= '0' && p[1] <= '9') {
			int k = 0;

			*o++ = '$';
			for (p++; *p >= '0' && *p <= '9'; p++) {
				k = k * 10 + (*p - '0');
				*o++ = *p;
			}
			if (k > st->nparams)
				st->nparams = k;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	if (st->nparams > MAX_PARAMS)
		return -1;
	p = sql + strspn(sql, " \t\n(");
	st->query = strncasecmp(p, "SELECT", 6) == 0 ||
		    strncasecmp(p, "VALUES", 6) == 0 ||
		    (strncasecmp(p, "WITH", 4) == 0 && !strstr(sql, "INSERT ") &&
		     !strstr(sql, "UPDATE ") && !strstr(sql, "DELETE "));
	return 0;
}

static int pg_prepare(pb_db *d, const char *sql, pb_stmt **out, pb_err *e)
{
	pg_db *db = (pg_db *)d;
	pg_stmt *s;
	size_t i;

	for (i = 0; i < db->ncache; i++)
		if (db->cache[i]->sql == sql) {
			*out = &db->cache[i]->base;
			return PB_OK;
		}
	if (!(s = calloc(1, sizeof *s)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	if (rewrite(s, sql) != 0) {
		free(s->text);
		free(s);
		return pb_fail(e, PB_SOFTWARE,
			       "a statement with more than %d parameters",
			       MAX_PARAMS);
	}
	s->base.ops = &pb_store_pg;
	s->sql = sql;
	s->db = db;
	snprintf(s->name, sizeof s->name, "pb%u", ++db->serial);
	if (s->query) {
		size_t n = strlen(s->text) + 64;

		if (!(s->declare = malloc(n))) {
			free(s->text);
			free(s);
			return pb_fail(e, PB_SOFTWARE, "out of memory");
		}
		snprintf(s->declare, n, "DECLARE %s NO SCROLL CURSOR FOR %s",
			 s->name, s->text);
		snprintf(s->fetch, sizeof s->fetch, "FETCH FORWARD %d FROM %s",
			 FETCH_ROWS, s->name);
	}
	if (db->ncache == STMT_CACHE) {
		/* Full: the oldest goes; the cache only saves prepare time. */
		pg_stmt *old = db->cache[0];
		char dealloc[48];

		stmt_reset(old);
		if (old->prepared) {
			snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", old->name);
			enqueue(db, dealloc);
		}
		stmt_free(old);
		memmove(db->cache, db->cache + 1, (STMT_CACHE - 1) * sizeof *db->cache);
		db->ncache--;
	}
	db->cache[db->ncache++] = s;
	*out = &s->base;
	return PB_OK;
}

static void pg_stmt_done(pb_stmt *p)
{
	pg_stmt *st = (pg_stmt *)p;
	int i;

	stmt_reset(st);
	for (i = 0; i < st->nparams; i++)
		st->set[i] = 0;
}

static int set_param(pg_stmt *st, int i, const char *s, size_t n)
{
	if (i < 1 || i > st->nparams)
		return PB_SOFTWARE;
	i--;
	if (st->cap[i] < n + 1) {
		char *v = realloc(st->val[i], n + 1);

		if (!v)
			return PB_SOFTWARE;
		st->val[i] = v;
		st->cap[i] = n + 1;
	}
	memcpy(st->val[i], s, n);
	st->val[i][n] = '\0';
	st->set[i] = 1;
	return PB_OK;
}

static int pg_bind_text(pb_stmt *p, int i, const char *s)
{
	return set_param((pg_stmt *)p, i, s, strlen(s));
}

static int pg_bind_int(pb_stmt *p, int i, int64_t v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%lld", (long long)v);

	return set_param((pg_stmt *)p, i, buf, (size_t)n);
}

static int pg_bind_null(pb_stmt *p, int i)
{
	pg_stmt *st = (pg_stmt *)p;

	if (i < 1 || i > st->nparams)
		return PB_SOFTWARE;
	st->set[i - 1] = 0;
	return PB_OK;
}

/* pb reads every number as an exact 64-bit integer: a fraction, or a
 * sum past 64 bits (numeric on PostgreSQL), would be read wrong. */
static int row_exact(pg_stmt *st, pb_err *e)
{
	int i, n = PQnfields(st->res);

	for (i = 0; i < n; i++) {
		Oid t = PQftype(st->res, i);
		const char *v;
		char *end;

		if ((t != 1700 && t != 700 && t != 701) ||
		    PQgetisnull(st->res, st->row, i))
			continue;
		v = PQgetvalue(st->res, st->row, i);
		errno = 0;
		(void)strtoll(v, &end, 10);
		if (errno == ERANGE)
			return pb_fail(e, PB_DATAERR,
				       "a total is beyond 64-bit integers: the "
				       "database holds values beyond pb's bounds "
				       "('pb-db check' lists them)");
		if (*end)
			return pb_fail(e, PB_DATAERR,
				       "a number in the database is not an exact "
				       "integer (%s is %s): a value written outside "
				       "pb ('pb-db check' lists those)",
				       PQfname(st->res, i), v);
	}
	return PB_OK;
}

/* The rows at hand: a batch of the cursor's, or a statement's own. */
static void take(pg_stmt *st, PGresult *r)
{
	PQclear(st->res);
	st->res = r;
	st->row = 0;
	st->nrows = r ? PQntuples(r) : 0;
	st->more = st->query && st->nrows == FETCH_ROWS;
}

static int fetch(pg_stmt *st, pb_err *e)
{
	PGresult *r;
	int rc = exchange(st->db, st, SEND_FETCH, &r, e);

	if (rc == PB_OK)
		take(st, r);
	return rc;
}

static int start(pg_stmt *st, pb_err *e)
{
	PGresult *r;
	int rc;

	if (st->query)
		ensure_tx(st->db);
	rc = exchange(st->db, st, SEND_START, &r, e);
	if (rc == PB_OK)
		take(st, r);
	return rc;
}

static int pg_step(pb_stmt *p, pb_err *e)
{
	pg_stmt *st = (pg_stmt *)p;
	int rc;

	if (!st->started) {
		st->started = 1;
		if ((rc = start(st, e)) != PB_OK) {
			stmt_reset(st);
			return rc;
		}
	} else {
		st->row++;
	}
	if (st->row >= st->nrows && st->more) {
		if ((rc = fetch(st, e)) != PB_OK) {
			stmt_reset(st);
			return rc;
		}
	}
	if (st->row >= st->nrows) {
		/* The cursor is done: close it now, not at the next use. */
		if (st->cursor) {
			PQclear(st->res);
			st->res = NULL;
			st->nrows = st->row = 0;
			stmt_reset(st);
			st->started = 1;
		}
		return PB_DONE;
	}
	if ((rc = row_exact(st, e)) != PB_OK) {
		stmt_reset(st);
		return rc;
	}
	return PB_ROW;
}

/* A statement that is no query keeps its result until it is done. */
static int64_t pg_changes(pb_stmt *p)
{
	pg_stmt *st = (pg_stmt *)p;

	return st->res && !st->cursor ? strtoll(PQcmdTuples(st->res), NULL, 10)
				      : 0;
}

static int have_row(pg_stmt *st, int i)
{
	return st->res && st->row < st->nrows && i >= 0 && i < PQnfields(st->res);
}

static const char *pg_col_text(pb_stmt *p, int i)
{
	pg_stmt *st = (pg_stmt *)p;

	if (!have_row(st, i) || PQgetisnull(st->res, st->row, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

static int64_t pg_col_int(pb_stmt *p, int i)
{
	const char *v = pg_col_text(p, i);

	if (!v)
		return 0;
	if (v[0] == 't' && !v[1])
		return 1;
	return strtoll(v, NULL, 10);
}

static int pg_col_null(pb_stmt *p, int i)
{
	pg_stmt *st = (pg_stmt *)p;

	return !have_row(st, i) || PQgetisnull(st->res, st->row, i);
}

static int pg_col_count(pb_stmt *p)
{
	pg_stmt *st = (pg_stmt *)p;

	return st->res ? PQnfields(st->res) : 0;
}

static const char *pg_col_name(pb_stmt *p, int i)
{
	pg_stmt *st = (pg_stmt *)p;

	return st->res && i >= 0 && i < PQnfields(st->res) ? PQfname(st->res, i)
							    : NULL;
}

static int pg_exec(pb_db *d, const char *sql, pb_err *e)
{
	return run((pg_db *)d, sql, e);
}

/* PostgreSQL enforces every constraint as it writes; what it can still
 * hold that breaks one is a constraint left NOT VALID or a trigger
 * disabled by hand. */
static int pg_engine_check(pb_db *d, pb_problem_fn fn, void *ctx, pb_err *e)
{
	pg_db *db = (pg_db *)d;
	PGresult *r;
	char buf[512];
	int i, rc = PB_OK;

	enqueue(db,
		   "SELECT 'constraint ' || conname || ' on ' || conrelid::regclass "
		   "|| ' is not validated' FROM pg_constraint WHERE NOT convalidated "
		   "AND connamespace = current_schema()::regnamespace UNION ALL "
		   "SELECT 'trigger ' || tgname || ' on ' || tgrelid::regclass || "
		   "' is disabled' FROM pg_trigger WHERE tgenabled = 'D' AND NOT "
		   "tgisinternal ORDER BY 1");
	rc = exchange(db, NULL, SEND_QUEUE, &r, e);
	for (i = 0; rc == PB_OK && i < PQntuples(r); i++) {
		snprintf(buf, sizeof buf, "integrity: %s", PQgetvalue(r, i, 0));
		fn(ctx, buf);
	}
	PQclear(r);
	return rc;
}

const pb_store_ops pb_store_pg = {
	.name = "PostgreSQL",
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.savepoint = pg_savepoint,
	.release = pg_release,
	.rollback_to = pg_rollback_to,
	.schema_version = pg_schema_version,
	.prepare = pg_prepare,
	.stmt_done = pg_stmt_done,
	.bind_text = pg_bind_text,
	.bind_int = pg_bind_int,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.changes = pg_changes,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_null = pg_col_null,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.exec = pg_exec,
	.engine_check = pg_engine_check,
	.backup = NULL,
	.display = pg_display,
	.version = pg_version,
};
