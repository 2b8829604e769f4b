/* The storage engines behind pb.h's pb_db, pb_stmt, pb_bind_* and pb_col_*:
 * each engine module (store_sqlite.c, store_pg.c) fills one table of
 * operations, and store.c dispatches to it.  Only the engine modules and
 * store.c include this file. */
#ifndef PB_STORE_H
#define PB_STORE_H

#include "pb.h"

typedef struct pb_store_ops pb_store_ops;

/* Every engine's database and statement begin with these, so store.c
 * finds the operations from either. */
struct pb_db {
	const pb_store_ops *ops;
	char *command; /* for the audit row: pb_db_set_command's copy */
	struct pb_totals *tot; /* the write's totals deltas (totals.c) */
};
struct pb_stmt {
	const pb_store_ops *ops;
};

struct pb_store_ops {
	const char *name; /* "SQLite", "PostgreSQL" */
	int (*open)(const char *target, int mode, long busy_ms, pb_db **out,
		    pb_err *e);
	void (*close)(pb_db *db);
	int (*begin)(pb_db *db, pb_err *e);
	int (*commit)(pb_db *db, pb_err *e);
	void (*rollback)(pb_db *db);
	int (*savepoint)(pb_db *db, pb_err *e);
	int (*release)(pb_db *db, pb_err *e);
	void (*rollback_to)(pb_db *db);
	int (*schema_version)(pb_db *db);
	int (*prepare)(pb_db *db, const char *sql, pb_stmt **out, pb_err *e);
	void (*stmt_done)(pb_stmt *st);
	int (*bind_text)(pb_stmt *st, int i, const char *s);
	int (*bind_int)(pb_stmt *st, int i, int64_t v);
	int (*bind_null)(pb_stmt *st, int i);
	int (*step)(pb_stmt *st, pb_err *e);
	int64_t (*changes)(pb_stmt *st);
	const char *(*col_text)(pb_stmt *st, int i);
	int64_t (*col_int)(pb_stmt *st, int i);
	int (*col_null)(pb_stmt *st, int i);
	int (*col_count)(pb_stmt *st);
	const char *(*col_name)(pb_stmt *st, int i);
	int (*exec)(pb_db *db, const char *sql, pb_err *e);
	int (*engine_check)(pb_db *db, pb_problem_fn fn, void *ctx, pb_err *e);
	/* pb_db_defer_indexes; NULL: the indexes stay. */
	int (*defer_indexes)(pb_db *db, const char *const *tables,
			     const char *lead, pb_err *e);
	/* A consistent copy to path as a SQLite pb database; NULL: store.c
	 * copies the records through the interface (store_copy.c). */
	int (*backup)(pb_db *db, const char *path, pb_err *e);
	/* What error messages and the backup guard call the database: the
	 * file's path, or the URL with any password masked. */
	const char *(*display)(pb_db *db);
	const char *(*version)(void);
};

/* The audit row of a write, before its COMMIT: the UTC time, the OS
 * user, the command line and the change counts bound as ?1..?4 of the
 * engine's own INSERT (sql, a literal). */
int pb_store_audit(pb_db *db, const char *sql, const char *command,
		   const char *changes, pb_err *e);

/* Right after schema step N, each engine runs pb_totals_fill_sql(N, 0),
 * (N, 1), ... (NULL past the last): the statements that compute the
 * totals tables the step made or emptied (7, 9, 10) from the records
 * already there (totals.c). */
const char *pb_totals_fill_sql(size_t step, size_t i);

extern const pb_store_ops pb_store_sqlite;
/* store_pg.c's, in the module libpb-pg.so.0 that store.c loads. */
extern const pb_store_ops pb_store_pg;

#endif
