/* The storage module on an in-memory database and on files: the schema
 * is migrated to the last step, each committed transaction leaves one
 * audit row that says what changed, a rollback leaves nothing, engine
 * errors map to pb codes, and statements are cached by their literal. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb.h"
#include "tap.h"

/* The SQLite schema files beside this test's sources:
 * tests/unit/../../lib/schema/sqlite */
static int count_schema_files(void)
{
	char dir[4096];
	const char *slash = strrchr(__FILE__, '/');
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof dir, "%.*s/../../lib/schema/sqlite",
		 slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	if (!(d = opendir(dir)) && !(d = opendir("lib/schema/sqlite")))
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

int main(void)
{
	test_open_migrate();
	test_audit();
	test_cache();
	test_files();
	test_moved_under_write();
	return done_testing();
}
