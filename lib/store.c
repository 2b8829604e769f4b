/* The storage interface of pb.h, dispatched to the engine a database's
 * name selects: a PostgreSQL URL or conninfo goes to store_pg.c, anything
 * else is a SQLite file (store_sqlite.c). */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "totals.h"

#ifdef PB_WITH_PG
/* The PostgreSQL engine lives in libpb-pg.so.0 beside this library,
 * loaded the first time a postgresql: database is opened: libpq and
 * what it loads are no cost to a command on a file. */
static const pb_store_ops *pg_ops(pb_err *e)
{
	static const pb_store_ops *ops;

	if (!ops)
		ops = pb_module_symbol("libpb-pg.so.0", "pb_store_pg", "PostgreSQL",
				       "libpq", e);
	return ops;
}
#endif

int pb_db_is_url(const char *name)
{
	return name && (strncmp(name, "postgresql://", 13) == 0 ||
			strncmp(name, "postgres://", 11) == 0 ||
			strncmp(name, "postgresql:", 11) == 0);
}

int pb_db_open(const char *target, int mode, long busy_ms, pb_db **out,
	       pb_err *e)
{
	*out = NULL;
	if (!pb_db_is_url(target))
		return pb_store_sqlite.open(target, mode, busy_ms, out, e);
#ifdef PB_WITH_PG
	{
		const pb_store_ops *pg = pg_ops(e);

		return pg ? pg->open(target, mode, busy_ms, out, e) : e->code;
	}
#else
	return pb_fail(e, PB_UNAVAILABLE,
		       "built without PostgreSQL support: this pb cannot open "
		       "a postgresql: database (rebuild it with libpq-dev "
		       "installed)");
#endif
}

void pb_db_close(pb_db *db)
{
	char *command;

	if (!db)
		return;
	command = db->command;
	pb_totals_reset(db);
	db->ops->close(db);
	free(command);
}

void pb_db_set_command(pb_db *db, const char *command)
{
	free(db->command);
	db->command = command ? strdup(command) : NULL;
}

int pb_db_begin(pb_db *db, pb_err *e)
{
	return db->ops->begin(db, e);
}

/* The totals' deltas go in with the write they belong to. */
int pb_db_commit(pb_db *db, pb_err *e)
{
	int rc = pb_totals_flush(db, e);

	return rc == PB_OK ? db->ops->commit(db, e) : rc;
}

void pb_db_rollback(pb_db *db)
{
	pb_totals_reset(db);
	db->ops->rollback(db);
}

int pb_db_savepoint(pb_db *db, pb_err *e)
{
	int rc = db->ops->savepoint(db, e);

	if (rc == PB_OK && (rc = pb_totals_savepoint(db, e)) != PB_OK)
		db->ops->rollback_to(db);
	return rc;
}

int pb_db_release(pb_db *db, pb_err *e)
{
	int rc = db->ops->release(db, e);

	if (rc == PB_OK)
		pb_totals_release(db);
	return rc;
}

void pb_db_rollback_to(pb_db *db)
{
	pb_totals_rollback_to(db);
	db->ops->rollback_to(db);
}

int pb_db_defer_indexes(pb_db *db, const char *const *tables,
			const char *lead, pb_err *e)
{
	if (!db->ops->defer_indexes)
		return PB_OK;
	return db->ops->defer_indexes(db, tables, lead, e);
}

int pb_db_schema_version(pb_db *db)
{
	return db->ops->schema_version(db);
}

int pb_db_prepare(pb_db *db, const char *sql, pb_stmt **out, pb_err *e)
{
	/* A text made into a buffer too small for it (pb_sql_rows). */
	if (!sql)
		return pb_fail(e, PB_SOFTWARE, "a statement longer than its buffer");
	return db->ops->prepare(db, sql, out, e);
}

const char *pb_sql_rows(char *buf, size_t len, const char *head, int ncols,
			int nrows, const char *tail)
{
	size_t off;
	int i, n = ncols * nrows;

	off = (size_t)snprintf(buf, len, "%s", head);
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s?%d%s",
					i % ncols ? ", " : i ? "), (" : "(", i + 1,
					i == n - 1 ? ")" : "");
	if (off < len)
		off += (size_t)snprintf(buf + off, len - off, "%s", tail);
	return off < len ? buf : NULL;
}

void pb_stmt_done(pb_stmt *st)
{
	st->ops->stmt_done(st);
}

int pb_bind_text(pb_stmt *st, int i, const char *s)
{
	return s ? st->ops->bind_text(st, i, s) : st->ops->bind_null(st, i);
}

int pb_bind_int(pb_stmt *st, int i, int64_t v)
{
	return st->ops->bind_int(st, i, v);
}

int pb_bind_null(pb_stmt *st, int i)
{
	return st->ops->bind_null(st, i);
}

int pb_step(pb_stmt *st, pb_err *e)
{
	return st->ops->step(st, e);
}

int64_t pb_changes(pb_stmt *st)
{
	return st->ops->changes(st);
}

const char *pb_col_text(pb_stmt *st, int i)
{
	return st->ops->col_text(st, i);
}

int64_t pb_col_int(pb_stmt *st, int i)
{
	return st->ops->col_int(st, i);
}

int pb_col_null(pb_stmt *st, int i)
{
	return st->ops->col_null(st, i);
}

int pb_col_count(pb_stmt *st)
{
	return st->ops->col_count(st);
}

const char *pb_col_name(pb_stmt *st, int i)
{
	return st->ops->col_name(st, i);
}

int pb_exec(pb_db *db, const char *sql, pb_err *e)
{
	return db->ops->exec(db, sql, e);
}

int pb_exec_id(pb_db *db, const char *sql, int64_t id, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_query_int(pb_db *db, const char *sql, int64_t a, int64_t b,
		 int64_t *out, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	if (a)
		pb_bind_int(st, 1, a);
	if (b)
		pb_bind_int(st, 2, b);
	rc = pb_step(st, e);
	*out = rc == PB_ROW ? pb_col_int(st, 0) : 0;
	pb_stmt_done(st);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

int pb_query_ids(pb_db *db, const char *sql, int64_t a, int64_t **ids,
		 size_t *n, pb_err *e)
{
	size_t cap = 0;
	pb_stmt *st;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	if (a)
		pb_bind_int(st, 1, a);
	else
		pb_bind_null(st, 1);
	while ((rc = pb_step(st, e)) == PB_ROW) {
		if (*n == cap) {
			int64_t *grown = realloc(*ids, (cap = cap ? 2 * cap : 32) *
							       sizeof **ids);

			if (!grown) {
				rc = pb_fail(e, PB_SOFTWARE, "out of memory");
				break;
			}
			*ids = grown;
		}
		(*ids)[(*n)++] = pb_col_int(st, 0);
	}
	pb_stmt_done(st);
	if (rc == PB_DONE)
		return PB_OK;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return rc;
}

const char *pb_db_engine_version(void)
{
	static char v[128];

#ifdef PB_WITH_PG
	pb_err e;
	const pb_store_ops *pg = pg_ops(&e);

	if (pg)
		snprintf(v, sizeof v, "SQLite %s, %s %s",
			 pb_store_sqlite.version(), pg->name, pg->version());
	else
		snprintf(v, sizeof v, "SQLite %s", pb_store_sqlite.version());
#else
	snprintf(v, sizeof v, "SQLite %s", pb_store_sqlite.version());
#endif
	return v;
}

int pb_db_engine_check(pb_db *db, pb_problem_fn fn, void *ctx, pb_err *e)
{
	return db->ops->engine_check(db, fn, ctx, e);
}

const char *pb_db_name(pb_db *db)
{
	return db->ops->display(db);
}

int pb_db_backup(pb_db *db, const char *path, pb_err *e)
{
	int rc = pb_target_check(path, pb_db_name(db), e);

	if (rc != PB_OK)
		return rc;
	if (db->ops->backup)
		return db->ops->backup(db, path, e);
	return pb_db_copy_to_file(db, path, e);
}

/* uid's name in /etc/passwd into out (1), or 0 where it has none.  Read
 * directly: the C library's getpwuid first tries nscd's socket and
 * parses nsswitch.conf (about twenty system calls, and a directory
 * server's round trip where one is configured) for what is, for a local
 * user, one line of this file.  A '+' or '-' line is NIS's, left to
 * getpwuid. */
static int passwd_file_name(uid_t uid, char *out, size_t len)
{
	FILE *f = fopen("/etc/passwd", "re");
	char line[1024], want[24];
	size_t n = (size_t)snprintf(want, sizeof want, ":%lu:", (unsigned long)uid);
	int found = 0, whole = 1;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof line, f)) {
		/* name ':' password ':' uid ':' ...; the rest of a line longer
		 * than the buffer is no line of its own. */
		char *name_end = strchr(line, ':');
		char *pw_end = name_end ? strchr(name_end + 1, ':') : NULL;
		int start = whole;

		whole = strchr(line, '\n') != NULL;
		if (!start || line[0] == '+' || line[0] == '-' || !pw_end ||
		    name_end == line || strncmp(pw_end, want, n) != 0)
			continue;
		*name_end = '\0';
		found = snprintf(out, len, "%.*s", (int)(len - 1), line) >= 0;
	}
	fclose(f);
	return found;
}

/* The user a write is recorded under (pb-db(1), log): the effective
 * uid's name in /etc/passwd, else the password database's (a directory
 * user), else $USER, else the uid as a number.  The environment is the
 * caller's to set (su to root keeps it), so it never outranks a name
 * the system gives.  Looked up once a process. */
static const char *audit_user(void)
{
	static char user[64];
	uid_t uid;
	struct passwd *pw;
	const char *u;

	if (user[0])
		return user;
	uid = geteuid();
	if (passwd_file_name(uid, user, sizeof user) && user[0])
		return user;
	pw = getpwuid(uid);
	if ((u = pw ? pw->pw_name : getenv("USER")) && *u)
		snprintf(user, sizeof user, "%s", u);
	else
		snprintf(user, sizeof user, "%lu", (unsigned long)uid);
	return user;
}

/* Now, in UTC, as 2026-11-27T08:15:02Z.  By arithmetic on time(): gmtime
 * would load the time zone file, which a UTC time never needs. */
static void utc_now(char *at, size_t len)
{
	time_t now = time(NULL);
	long days = (long)(now / 86400), secs = (long)(now % 86400);
	char day[11];

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	pb_date_format(pb_date_from_days(days), day);
	snprintf(at, len, "%sT%02d:%02d:%02dZ", day, (int)(secs / 3600),
		 (int)(secs / 60 % 60), (int)(secs % 60));
}

int pb_store_audit(pb_db *db, const char *sql, const char *command,
		   const char *changes, pb_err *e)
{
	char at[32];
	pb_stmt *st;
	int rc;

	utc_now(at, sizeof at);
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, at);
	pb_bind_text(st, 2, audit_user());
	pb_bind_text(st, 3, command ? command : "");
	pb_bind_text(st, 4, changes);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}
