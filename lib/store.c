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

int pb_db_schema_version(pb_db *db)
{
	return db->ops->schema_version(db);
}

int pb_db_prepare(pb_db *db, const char *sql, pb_stmt **out, pb_err *e)
{
	return db->ops->prepare(db, sql, out, e);
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
	pb_bind_int(st, 1, a);
	if (b)
		pb_bind_int(st, 2, b);
	rc = pb_step(st, e);
	*out = rc == PB_ROW ? pb_col_int(st, 0) : 0;
	pb_stmt_done(st);
	return rc == PB_ROW ? PB_OK : rc;
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

int pb_store_audit(pb_db *db, const char *sql, const char *command,
		   const char *changes, pb_err *e)
{
	/* The password database's name, not $USER: the environment is the
	 * caller's to set (su to root keeps it), so it is only the fallback
	 * where the uid has no entry (pb-db(1), log). */
	struct passwd *pw = getpwuid(geteuid());
	const char *u = pw ? pw->pw_name : getenv("USER");
	char at[32], user[64];
	time_t now = time(NULL);
	struct tm tm;
	pb_stmt *st;
	int rc;

	gmtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (u)
		snprintf(user, sizeof user, "%s", u);
	else
		snprintf(user, sizeof user, "%ld", (long)geteuid());
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, at);
	pb_bind_text(st, 2, user);
	pb_bind_text(st, 3, command ? command : "");
	pb_bind_text(st, 4, changes);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}
