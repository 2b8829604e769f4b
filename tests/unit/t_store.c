/* The storage module on an in-memory database and on files: the schema
 * is migrated to the last step, each committed transaction leaves one
 * audit row that says what changed, a rollback leaves nothing, engine
 * errors map to pb codes, and statements are cached by their literal. */
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pb.h"
#include "tap.h"

/* The SQLite schema files beside this test's sources:
 * tests/unit/../../lib/schema/sqlite */
static const char *schema_dir(void)
{
	static char dir[4096];
	const char *slash = strrchr(__FILE__, '/');

	snprintf(dir, sizeof dir, "%.*s/../../lib/schema/sqlite",
		 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	if (access(dir, R_OK) != 0)
		snprintf(dir, sizeof dir, "lib/schema/sqlite");
	return dir;
}

static int count_schema_files(void)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	if (!(d = opendir(schema_dir())))
		return -1;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if (len > 4 && strcmp(de->d_name + len - 4, ".sql") == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* One text value from a query, or "(none)". */
static void query1(pb_db *db, const char *sql, char *buf, size_t len)
{
	pb_stmt *st;
	pb_err e;

	snprintf(buf, len, "(none)");
	if (pb_db_prepare(db, sql, &st, &e) != PB_OK) {
		snprintf(buf, len, "(error: %.200s)", e.msg);
		return;
	}
	if (pb_step(st, &e) == PB_ROW && pb_col_text(st, 0))
		snprintf(buf, len, "%s", pb_col_text(st, 0));
	pb_stmt_done(st);
}

static const char COUNT_AUDIT[] = "SELECT count(*) FROM audit";
static const char LAST_AUDIT[] =
	"SELECT command || ' | ' || changes FROM audit ORDER BY id DESC LIMIT 1";
static const char AUDIT_USER_AT[] =
	"SELECT os_user <> '' AND at LIKE '____-__-__T__:__:__Z' FROM audit "
	"ORDER BY id DESC LIMIT 1";
static const char INS_ORG[] =
	"INSERT INTO orgs (code, name, kind) VALUES (?1, ?2, 'street')";
static const char INS_ROLE[] =
	"INSERT INTO roles (org_id, title, person) VALUES (?1, 'x', 'y')";

static int ins_org(pb_db *db, const char *code, pb_err *e)
{
	pb_stmt *st;
	int rc;

	if ((rc = pb_db_prepare(db, INS_ORG, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, code);
	pb_bind_text(st, 2, code);
	rc = pb_step(st, e);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

static void test_open_migrate(void)
{
	char buf[256];
	pb_db *db;
	pb_err e;
	int n = count_schema_files();

	ok(n > 0, "found %d schema files", n);
	is_int(pb_db_open(":memory:", PB_WRITE, 1000, &db, &e), PB_OK,
	       "open :memory: for writing");
	is_int(pb_db_schema_version(db), n,
	       "schema version is the number of lib/schema/sqlite/*.sql files");
	query1(db, "PRAGMA application_id", buf, sizeof buf);
	is_str(buf, "1885496418", "application_id is pb's");
	query1(db, "SELECT count(*) FROM orgs", buf, sizeof buf);
	is_str(buf, "0", "orgs table exists and is empty");
	query1(db, COUNT_AUDIT, buf, sizeof buf);
	is_str(buf, "0", "migration writes no audit row");
	query1(db, "PRAGMA foreign_keys", buf, sizeof buf);
	is_str(buf, "1", "foreign keys are enforced");
	ok(pb_db_engine_version() && strchr(pb_db_engine_version(), '.'),
	   "engine version '%s'", pb_db_engine_version());
	pb_db_close(db);
}

static void test_audit(void)
{
	char buf[512];
	pb_db *db;
	pb_err e;
	pb_stmt *st;

	pb_db_open(":memory:", PB_WRITE, 1000, &db, &e);
	pb_db_set_command(db, "pb-org add --code jd");

	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(ins_org(db, "jd", &e), PB_OK, "insert an org");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	query1(db, COUNT_AUDIT, buf, sizeof buf);
	is_str(buf, "1", "one audit row per commit");
	query1(db, LAST_AUDIT, buf, sizeof buf);
	is_str(buf, "pb-org add --code jd | orgs +1 ~0 -0",
	       "the audit row has the command and the change counts");
	query1(db, AUDIT_USER_AT, buf, sizeof buf);
	is_str(buf, "1", "the audit row has the OS user and a UTC time");

	pb_db_begin(db, &e);
	ins_org(db, "a", &e);
	ins_org(db, "b", &e);
	pb_exec(db, "UPDATE orgs SET note = 'x' WHERE code IN ('a', 'b', 'jd')",
		&e);
	pb_exec(db, "DELETE FROM orgs WHERE code = 'a'", &e);
	pb_db_prepare(db, INS_ROLE, &st, &e);
	pb_bind_int(st, 1, 1);
	is_int(pb_step(st, &e), PB_DONE, "insert a role");
	pb_stmt_done(st);
	is_int(pb_db_commit(db, &e), PB_OK, "commit several changes");
	query1(db, LAST_AUDIT, buf, sizeof buf);
	/* a and b were created in this transaction: their update is part of
	 * their creation; only jd's counts as an update. */
	is_str(buf, "pb-org add --code jd | orgs +2 ~1 -1; roles +1 ~0 -0",
	       "inserts, updates and deletes counted per table");
	query1(db, COUNT_AUDIT, buf, sizeof buf);
	is_str(buf, "2", "two commits, two audit rows");

	pb_db_begin(db, &e);
	ins_org(db, "c", &e);
	pb_db_rollback(db);
	query1(db, COUNT_AUDIT, buf, sizeof buf);
	is_str(buf, "2", "a rollback leaves no audit row");
	query1(db, "SELECT count(*) FROM orgs WHERE code = 'c'", buf, sizeof buf);
	is_str(buf, "0", "a rollback leaves no data");

	pb_db_begin(db, &e);
	ins_org(db, "d", &e);
	is_int(pb_db_commit(db, &e), PB_OK, "commit after a rollback");
	query1(db, LAST_AUDIT, buf, sizeof buf);
	is_str(buf, "pb-org add --code jd | orgs +1 ~0 -0",
	       "counts start afresh after a rollback");

	/* A constraint violation is invalid data, and the transaction can
	 * still be rolled back cleanly. */
	pb_db_begin(db, &e);
	is_int(ins_org(db, "jd", &e), PB_DATAERR,
	       "a duplicate code violates UNIQUE: PB_DATAERR");
	ok(strstr(e.msg, "UNIQUE") != NULL, "the message says what: %s", e.msg);
	is_int(pb_exec(db, "INSERT INTO orgs (code, name, kind) VALUES "
			   "('n', NULL, 'street')",
		       &e),
	       PB_DATAERR, "NOT NULL violation: PB_DATAERR");
	is_int(pb_exec(db, "INSERT INTO orgs (code, name, kind, members) "
			   "VALUES ('m', 'M', 'street', -1)",
		       &e),
	       PB_DATAERR, "CHECK violation: PB_DATAERR");
	is_int(pb_exec(db, "INSERT INTO roles (org_id, title, person) VALUES "
			   "(999, 't', 'p')",
		       &e),
	       PB_DATAERR, "foreign key violation: PB_DATAERR");
	pb_db_rollback(db);
	query1(db, COUNT_AUDIT, buf, sizeof buf);
	is_str(buf, "3", "the failed transaction left no audit row");
	is_int(pb_exec(db, "SELEC nonsense", &e), PB_SOFTWARE,
	       "an SQL error is PB_SOFTWARE");
	pb_db_close(db);
}

static void test_cache(void)
{
	static const char other[] = "SELECT count(*) FROM orgs";
	pb_stmt *a, *b, *c;
	pb_db *db;
	pb_err e;
	char buf[64];

	pb_db_open(":memory:", PB_WRITE, 1000, &db, &e);
	is_int(pb_db_prepare(db, INS_ORG, &a, &e), PB_OK, "prepare");
	is_int(pb_db_prepare(db, INS_ORG, &b, &e), PB_OK, "prepare again");
	ok(a == b, "the same literal gives the same cached statement");
	is_int(pb_db_prepare(db, other, &c, &e), PB_OK, "prepare another");
	ok(c != a, "another literal gives another statement");
	is_int(pb_db_prepare(db, "SELECT * FROM nowhere", &c, &e), PB_SOFTWARE,
	       "preparing bad SQL fails");
	/* pb_stmt_done resets and clears bindings for the next use. */
	pb_db_begin(db, &e);
	is_int(ins_org(db, "x", &e), PB_OK, "first use");
	is_int(ins_org(db, "y", &e), PB_OK, "second use of the cached statement");
	pb_db_commit(db, &e);
	query1(db, other, buf, sizeof buf);
	is_str(buf, "2", "both rows are in");
	pb_db_close(db);
}

/* pb_changes: the rows a write's last step changed; an insert that met
 * its key ON CONFLICT DO NOTHING changed none. */
static void test_changes(void)
{
	static const char make[] = "INSERT INTO orgs (code, name, kind) VALUES "
				   "(?1, 'n', 'street') ON CONFLICT (code) DO "
				   "NOTHING";
	static const char rename[] = "UPDATE orgs SET name = ?1";
	pb_stmt *st;
	pb_db *db;
	pb_err e;
	int i;

	pb_db_open(":memory:", PB_WRITE, 1000, &db, &e);
	pb_db_begin(db, &e);
	for (i = 0; i < 3; i++) {
		pb_db_prepare(db, make, &st, &e);
		pb_bind_text(st, 1, i < 2 ? "a" : "b");
		is_int(pb_step(st, &e), PB_DONE, "insert %d", i);
		is_int((int)pb_changes(st), i == 1 ? 0 : 1,
		       i == 1 ? "a key met: nothing changed" : "a row made");
		pb_stmt_done(st);
	}
	pb_db_prepare(db, rename, &st, &e);
	pb_bind_text(st, 1, "m");
	pb_step(st, &e);
	is_int((int)pb_changes(st), 2, "an update: the rows it changed");
	pb_stmt_done(st);
	pb_db_commit(db, &e);
	pb_db_close(db);
}

static void test_files(void)
{
	char dir[] = "/tmp/t_store.XXXXXX";
	char sub[256], path[512], cmd[1024];
	struct stat sb;
	pb_db *db;
	pb_err e;
	mode_t old = umask(022);

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(sub, sizeof sub, "%s/a/b", dir);
	snprintf(path, sizeof path, "%s/pb.db", sub);
	is_int(pb_db_open(path, PB_READ, 1000, &db, &e), PB_OK,
	       "reading a missing database works");
	is_int(pb_db_schema_version(db), count_schema_files(),
	       "and sees the current schema");
	pb_db_close(db);
	ok(stat(sub, &sb) != 0, "reading created nothing");
	is_int(pb_db_open(path, PB_READ | PB_NAMED, 1000, &db, &e), PB_NOINPUT,
	       "reading a missing database the user named: PB_NOINPUT");
	ok(strstr(e.msg, "does not exist: nothing was read or created") != NULL,
	   "message: %s", e.msg);
	is_int(pb_db_open(path, PB_UPDATE | PB_NAMED, 1000, &db, &e), PB_NOINPUT,
	       "updating a missing database the user named: PB_NOINPUT");
	ok(stat(sub, &sb) != 0, "neither created anything");

	is_int(pb_db_open(path, PB_WRITE, 1000, &db, &e), PB_OK,
	       "writing creates the database");
	pb_db_close(db);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "file mode 600");
	ok(stat(sub, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	   "directory mode 700");
	snprintf(path, sizeof path, "%s/a", dir);
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0700,
	   "each missing directory mode 700");

	is_int(pb_db_open(dir, PB_WRITE, 1000, &db, &e), PB_CANTCREAT,
	       "a directory is not a database");

	snprintf(path, sizeof path, "%s/other.db", dir);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'CREATE TABLE x(a)'", path);
	if (system(cmd) == 0) {
		is_int(pb_db_open(path, PB_WRITE, 1000, &db, &e), PB_UNAVAILABLE,
		       "another SQLite file: PB_UNAVAILABLE");
		ok(strstr(e.msg, "not a pb database") != NULL, "message: %s", e.msg);
	}
	snprintf(path, sizeof path, "%s/newer.db", dir);
	snprintf(cmd, sizeof cmd,
		 "sqlite3 '%s' 'PRAGMA application_id=1885496418; "
		 "PRAGMA user_version=99'",
		 path);
	if (system(cmd) == 0) {
		is_int(pb_db_open(path, PB_READ, 1000, &db, &e), PB_UNAVAILABLE,
		       "a newer pb database: PB_UNAVAILABLE");
		ok(strstr(e.msg, "newer pb") != NULL, "message: %s", e.msg);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	umask(old);
}

/* Open path for writing, add an org (w1, w2, ...) in a transaction, let `mess` do to
 * the files what it will, then commit: the code pb_db_commit returns. */
static int write_around(const char *path, void (*mess)(const char *),
			pb_err *e)
{
	static int n;
	char code[16];
	pb_db *db;
	int rc;

	snprintf(code, sizeof code, "w%d", ++n);
	if ((rc = pb_db_open(path, PB_WRITE, 1000, &db, e)) != PB_OK)
		return rc;
	if ((rc = pb_db_begin(db, e)) == PB_OK &&
	    (rc = ins_org(db, code, e)) == PB_OK) {
		mess(path);
		rc = pb_db_commit(db, e);
	}
	pb_db_close(db);
	return rc;
}

static char other_db[512];

static void remove_db(const char *path)
{
	char wal[600];

	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(path);
	unlink(wal);
}

static void replace_db(const char *path)
{
	rename(other_db, path);
}

static void remove_wal(const char *path)
{
	char wal[600];

	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
}

static void leave_alone(const char *path)
{
	(void)path;
}

/* A write commits only into the file it opened (see still_there). */
static void test_moved_under_write(void)
{
	char dir[] = "/tmp/t_store.XXXXXX";
	char path[512], cmd[1200], buf[64];
	struct stat sb;
	pb_db *db;
	pb_err e;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/pb.db", dir);
	snprintf(other_db, sizeof other_db, "%s/other.db", dir);

	is_int(write_around(path, leave_alone, &e), PB_OK, "a write left alone");
	is_int(write_around(path, remove_db, &e), PB_IOERR,
	       "the database and its -wal removed before the commit: PB_IOERR");
	ok(strstr(e.msg, "was removed while this command ran: nothing was "
			 "written") != NULL,
	   "message: %s", e.msg);
	ok(stat(path, &sb) != 0, "and nothing recreated it");

	is_int(write_around(path, leave_alone, &e), PB_OK, "a new database");
	is_int(pb_db_open(other_db, PB_WRITE, 1000, &db, &e), PB_OK,
	       "another database");
	pb_db_close(db);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s.copy'", other_db, other_db);
	ok(system(cmd) == 0, "a copy of it");
	is_int(write_around(path, replace_db, &e), PB_IOERR,
	       "the database replaced by another before the commit: PB_IOERR");
	ok(strstr(e.msg, "was replaced by another file") != NULL, "message: %s",
	   e.msg);
	snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s.copy'", path, other_db);
	ok(system(cmd) == 0, "the other database is byte for byte as it was");
	pb_db_open(path, PB_READ, 1000, &db, &e);
	query1(db, "SELECT count(*) FROM orgs", buf, sizeof buf);
	is_str(buf, "0", "and has none of the write");

	pb_db_close(db);

	is_int(write_around(path, remove_wal, &e), PB_IOERR,
	       "the -wal alone removed before the commit: PB_IOERR");
	ok(strstr(e.msg, "write-ahead log") != NULL, "message: %s", e.msg);

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

/* The file is byte for byte as its copy at path.copy. */
static int same_as_copy(const char *path)
{
	char cmd[1200];

	snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s.copy'", path, path);
	return system(cmd) == 0;
}

static int keep_copy(const char *path)
{
	char cmd[1200];

	snprintf(cmd, sizeof cmd, "cp '%s' '%s.copy'", path, path);
	return system(cmd) == 0;
}

static const int SOURCE = PB_READ | PB_NAMED | PB_SOURCE;

/* A process of its own that holds path's exclusive lock (a write under
 * way) until unlock_child: SQLite's locks are per process, and libpb has
 * a SQLite of its own, so the holder cannot be this process. */
struct locker {
	pid_t pid;
	int to, from;
};

static int lock_in_child(const char *path, struct locker *lk)
{
	int go[2], held[2];
	char c = 0;

	lk->pid = -1;
	lk->to = lk->from = -1;
	if (pipe(go) != 0)
		return 0;
	if (pipe(held) != 0) {
		close(go[0]);
		close(go[1]);
		return 0;
	}
	fflush(stdout);
	if ((lk->pid = fork()) == 0) {
		sqlite3 *h;
		int rc;

		close(go[1]);
		close(held[0]);
		rc = sqlite3_open(path, &h) == SQLITE_OK &&
		     sqlite3_exec(h,
				  "PRAGMA locking_mode = EXCLUSIVE; BEGIN "
				  "EXCLUSIVE; INSERT INTO orgs (code, name, "
				  "kind) VALUES ('lk', 'lk', 'street')",
				  NULL, NULL, NULL) == SQLITE_OK;
		c = rc ? 'y' : 'n';
		if (write(held[1], &c, 1) != 1 || read(go[0], &c, 1) < 0)
			rc = 0;
		rc = rc && sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL) ==
				   SQLITE_OK;
		sqlite3_close(h);
		_exit(rc ? 0 : 1);
	}
	close(go[0]);
	close(held[1]);
	lk->to = go[1];
	lk->from = held[0];
	return lk->pid > 0 && read(lk->from, &c, 1) == 1 && c == 'y';
}

static int unlock_child(struct locker *lk)
{
	int status = -1;

	close(lk->to);
	close(lk->from);
	return lk->pid > 0 && waitpid(lk->pid, &status, 0) == lk->pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A roll-up's sources: read, never written nor migrated in place. */
static void test_source(void)
{
	char dir[] = "/tmp/t_store.XXXXXX";
	char path[512], old[512], cmd[2048], buf[256];
	struct stat sb;
	pb_db *db;
	pb_err e;
	int n = count_schema_files();

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	/* A current database, written by pb (so in WAL mode). */
	snprintf(path, sizeof path, "%s/cur.db", dir);
	pb_db_open(path, PB_WRITE, 1000, &db, &e);
	pb_db_begin(db, &e);
	ins_org(db, "jd", &e);
	is_int(pb_db_commit(db, &e), PB_OK, "a current database with an org");
	pb_db_close(db);
	ok(keep_copy(path), "a copy of it");
	is_int(pb_db_open(path, SOURCE, 1000, &db, &e), PB_OK,
	       "PB_SOURCE opens a current database");
	query1(db, "SELECT group_concat(code) FROM orgs", buf, sizeof buf);
	is_str(buf, "jd", "and reads it");
	is_int(pb_db_schema_version(db), n, "at the current schema");
	pb_db_begin(db, &e);
	is_int(ins_org(db, "x", &e), PB_CANTCREAT,
	       "a source cannot be written, though its file can");
	pb_db_rollback(db);
	pb_db_close(db);
	ok(same_as_copy(path), "the file is byte-identical");

	/* An older schema: the first five steps, by sqlite3, in rollback
	 * journal mode. */
	snprintf(old, sizeof old, "%s/old.db", dir);
	snprintf(cmd, sizeof cmd,
		 "{ echo 'BEGIN;'; for f in '%s'/00[1-5]-*.sql; do cat \"$f\"; "
		 "done; echo \"PRAGMA user_version = 5; PRAGMA application_id = "
		 "1885496418; INSERT INTO orgs (code, name, kind) VALUES ('sq', "
		 "'社区', 'community'); COMMIT;\"; } | sqlite3 '%s'",
		 schema_dir(), old);
	ok(system(cmd) == 0 && keep_copy(old), "a database of schema step 5");
	is_int(pb_db_open(old, SOURCE, 1000, &db, &e), PB_OK,
	       "PB_SOURCE opens an older schema");
	is_int(pb_db_schema_version(db), n, "read through a migrated copy");
	query1(db, "SELECT group_concat(code) FROM orgs", buf, sizeof buf);
	is_str(buf, "sq", "which holds the file's records");
	query1(db, "SELECT count(*) FROM audit", buf, sizeof buf);
	is_str(buf, "0", "and the last step's tables");
	pb_db_close(db);
	ok(same_as_copy(old), "the older file is byte-identical");
	snprintf(cmd, sizeof cmd, "ls -a '%s' | tr '\\n' ' '", dir);
	{
		FILE *ls = popen(cmd, "r");

		buf[0] = '\0';
		if (ls) {
			if (!fgets(buf, sizeof buf, ls))
				buf[0] = '\0';
			pclose(ls);
		}
	}
	ok(strstr(buf, "old.db-journal") == NULL && strstr(buf, "old.db-wal") == NULL,
	   "and has no journal beside it: %s", buf);
	is_int(pb_db_open(old, PB_READ | PB_NAMED, 1000, &db, &e), PB_OK,
	       "a plain reader still migrates the file");
	pb_db_close(db);
	ok(!same_as_copy(old), "in place");

	/* Newer, foreign, empty, missing. */
	snprintf(path, sizeof path, "%s/newer.db", dir);
	snprintf(cmd, sizeof cmd,
		 "sqlite3 '%s' 'PRAGMA application_id=1885496418; "
		 "PRAGMA user_version=99'",
		 path);
	if (system(cmd) == 0) {
		is_int(pb_db_open(path, SOURCE, 1000, &db, &e), PB_UNAVAILABLE,
		       "a newer pb database: PB_UNAVAILABLE");
		ok(strstr(e.msg, "newer pb") != NULL, "message: %s", e.msg);
	}
	snprintf(path, sizeof path, "%s/other.db", dir);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'CREATE TABLE x(a)'", path);
	if (system(cmd) == 0) {
		is_int(pb_db_open(path, SOURCE, 1000, &db, &e), PB_UNAVAILABLE,
		       "another SQLite file: PB_UNAVAILABLE");
		ok(strstr(e.msg, "is not a pb database") != NULL, "message: %s",
		   e.msg);
	}
	snprintf(path, sizeof path, "%s/empty.db", dir);
	snprintf(cmd, sizeof cmd, ": > '%s'", path);
	if (system(cmd) == 0) {
		is_int(pb_db_open(path, SOURCE, 1000, &db, &e), PB_NOINPUT,
		       "an empty file: PB_NOINPUT");
		ok(strstr(e.msg, "empty SQLite file") != NULL, "message: %s",
		   e.msg);
		ok(stat(path, &sb) == 0 && sb.st_size == 0, "and it stays empty");
	}
	snprintf(path, sizeof path, "%s/no/such.db", dir);
	is_int(pb_db_open(path, SOURCE, 1000, &db, &e), PB_NOINPUT,
	       "a missing source: PB_NOINPUT");
	ok(strstr(e.msg, "does not exist") != NULL, "message: %s", e.msg);
	snprintf(path, sizeof path, "%s/no", dir);
	ok(stat(path, &sb) != 0, "nothing created");

	/* Locked by another connection, in WAL and in rollback journal
	 * mode: PB_TEMPFAIL, naming the file. */
	snprintf(path, sizeof path, "%s/cur.db", dir);
	for (int i = 0; i < 2; i++) {
		const char *p = i ? old : path;
		struct locker lk;

		ok(lock_in_child(p, &lk),
		   "another process holds %s exclusively",
		   i ? "a rollback-journal file" : "a WAL file");
		is_int(pb_db_open(p, SOURCE, 20, &db, &e), PB_TEMPFAIL,
		       "the source locked past the busy timeout: PB_TEMPFAIL");
		ok(strstr(e.msg, p) && strstr(e.msg, "is locked by another "
						     "process (waited 20 ms)"),
		   "message: %s", e.msg);
		ok(unlock_child(&lk), "it lets go and rolls back");
	}
	ok(same_as_copy(path), "the WAL file is byte-identical");
	is_int(pb_db_open(path, SOURCE, 20, &db, &e), PB_OK,
	       "and opens once the lock is gone");
	pb_db_close(db);

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

/* The pb databases of a directory, as the sources of a roll-up. */
static void test_dir_sources(void)
{
	char dir[] = "/tmp/t_store.XXXXXX";
	char sub[512], path[600], cmd[2048], want[2048];
	static const char *const pb_names[] = {"b.db", "a.db", "Z.db", ".tmp1",
					       "a.db-journal", "x-wal", "y-shm",
					       "sub/in.db"};
	char **paths;
	size_t n, i, off;
	pb_db *db;
	pb_err e;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(sub, sizeof sub, "%s/d", dir);
	mkdir(sub, 0700);
	is_int(pb_db_dir_sources(sub, &paths, &n, &e), PB_NOINPUT,
	       "an empty directory: PB_NOINPUT");
	snprintf(want, sizeof want, "no pb database in '%s'", sub);
	is_str(e.msg, want, "message");

	snprintf(path, sizeof path, "%s/sub", sub);
	mkdir(path, 0700);
	for (i = 0; i < sizeof pb_names / sizeof *pb_names; i++) {
		snprintf(path, sizeof path, "%s/%s", sub, pb_names[i]);
		if (pb_db_open(path, PB_WRITE, 1000, &db, &e) == PB_OK)
			pb_db_close(db);
		else
			ok(0, "make %s: %s", path, e.msg);
	}
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && sqlite3 other.db 'CREATE TABLE x(a)' && "
		 "echo text > notes.txt && : > empty && "
		 "ln -s b.db link.db && ln -s sub dirlink && mkfifo fifo",
		 sub);
	ok(system(cmd) == 0, "other files beside them");
	is_int(pb_db_dir_sources(sub, &paths, &n, &e), PB_OK,
	       "the directory's sources");
	off = 0;
	want[0] = '\0';
	for (i = 0; i < n && off < sizeof want; i++)
		off += (size_t)snprintf(want + off, sizeof want - off, "%s%s",
					i ? " " : "", paths[i] + strlen(sub) + 1);
	is_str(want, "Z.db a.db b.db link.db",
	       "pb's files and a link to one, in byte order; no journals, "
	       "temporaries, other files or subdirectories");
	ok(n > 0 && strncmp(paths[0], sub, strlen(sub)) == 0 &&
		   paths[0][strlen(sub)] == '/',
	   "each as DIR/NAME: %s", n ? paths[0] : "");
	pb_db_dir_sources_free(paths, n);

	snprintf(path, sizeof path, "%s/", sub);
	is_int(pb_db_dir_sources(path, &paths, &n, &e), PB_OK,
	       "DIR/ works the same");
	snprintf(want, sizeof want, "%s/Z.db", sub);
	is_str(n ? paths[0] : "", want, "with one slash");
	pb_db_dir_sources_free(paths, n);

	snprintf(cmd, sizeof cmd, "cd '%s' && ln -s gone.db dangling.db", sub);
	ok(system(cmd) == 0, "a link to nothing");
	is_int(pb_db_dir_sources(sub, &paths, &n, &e), PB_NOINPUT,
	       "a file that cannot be read: PB_NOINPUT");
	snprintf(want, sizeof want, "cannot read '%s/dangling.db': %s", sub,
		 "No such file or directory");
	is_str(e.msg, want, "message names it");

	snprintf(path, sizeof path, "%s/a.db", sub);
	is_int(pb_db_dir_sources(path, &paths, &n, &e), PB_NOINPUT,
	       "a file is not a directory: PB_NOINPUT");
	snprintf(want, sizeof want, "'%s' is not a directory", path);
	is_str(e.msg, want, "message");
	snprintf(path, sizeof path, "%s/none", dir);
	is_int(pb_db_dir_sources(path, &paths, &n, &e), PB_NOINPUT,
	       "a missing directory: PB_NOINPUT");
	snprintf(want, sizeof want,
		 "cannot read the directory '%s': No such file or directory",
		 path);
	is_str(e.msg, want, "message");

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

int main(void)
{
	test_open_migrate();
	test_audit();
	test_cache();
	test_changes();
	test_files();
	test_moved_under_write();
	test_source();
	test_dir_sources();
	return done_testing();
}
