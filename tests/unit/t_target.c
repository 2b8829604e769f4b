/* Write targets: the database and its companions refused by any spelling,
 * temporaries created 0600 whatever the umask, stale ones swept and live
 * ones kept. */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb.h"
#include "tap.h"

static char dir[] = "/tmp/t_target.XXXXXX";

static void touch(const char *name)
{
	char p[512];
	int fd;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	if ((fd = open(p, O_WRONLY | O_CREAT, 0600)) >= 0)
		close(fd);
}

static int exists(const char *name)
{
	char p[512];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	return access(p, F_OK) == 0;
}

/* pb_target_check(path, db) under dir, both relative to it. */
static int check(const char *path, const char *db, pb_err *e)
{
	char p[512], d[512];

	snprintf(p, sizeof p, "%s/%s", dir, path);
	snprintf(d, sizeof d, "%s/%s", dir, db);
	return pb_target_check(p, d, e);
}

static void test_check(void)
{
	char p[512], l[512];
	pb_err e;

	is_int(check("new.db", "new.db", &e), PB_USAGE,
	       "a database that does not exist yet, by its own name");
	ok(strstr(e.msg, "is the database '") &&
		   strstr(e.msg, "refusing to write over it"),
	   "says so: %s", e.msg);
	/* sub does not exist: open(2) could not write there either. */
	is_int(check("sub/../new.db", "new.db", &e), PB_OK,
	       "a spelling through a directory that does not exist: no match");
	mkdir(strcat(strcpy(p, dir), "/sub"), 0700);
	is_int(check("sub/../new.db", "new.db", &e), PB_USAGE,
	       "spelled through sub/..");
	is_int(check("./new.db-wal", "new.db", &e), PB_USAGE,
	       "its -wal that does not exist");
	ok(strstr(e.msg, "write-ahead log"), "named as such: %s", e.msg);
	is_int(check("new.db-shm", "sub/../new.db", &e), PB_USAGE,
	       "its -shm, the database spelled otherwise");
	is_int(check("new.db-journal", "new.db", &e), PB_USAGE, "its -journal");
	is_int(check("new.db2", "new.db", &e), PB_OK, "another name is fine");
	is_int(check("new.db-wal2", "new.db", &e), PB_OK, "so is a longer one");

	touch("pb.db");
	is_int(check("pb.db", "pb.db", &e), PB_USAGE, "the database itself");
	snprintf(p, sizeof p, "%s/pb.db", dir);
	snprintf(l, sizeof l, "%s/hard.db", dir);
	if (link(p, l) == 0)
		is_int(check("hard.db", "pb.db", &e), PB_USAGE,
		       "a hard link to it: the same inode");
	else
		ok(1, "# skip hard links");
	snprintf(l, sizeof l, "%s/sym.db", dir);
	is_int(symlink(p, l), 0, "a symbolic link to it");
	is_int(check("sym.db", "pb.db", &e), PB_USAGE, "refused through it");
	is_int(check("pb.db", "sym.db", &e), PB_USAGE,
	       "the database named through a link is found too");
	snprintf(l, sizeof l, "%s/dangling", dir);
	is_int(symlink("sub/../later.db", l), 0, "a link to where a database "
						 "will be");
	is_int(check("dangling", "later.db", &e), PB_USAGE,
	       "refused through the dangling link");
	touch("pb.db-wal");
	is_int(check("sym.db-wal", "pb.db", &e), PB_OK,
	       "a -wal beside the link is not SQLite's (it follows the link)");
	is_int(check("sub/../pb.db-wal", "sym.db", &e), PB_USAGE,
	       "the real -wal is, when the database is named through the link");

	is_int(pb_target_check("x", ":memory:", &e), PB_OK,
	       ":memory: is no file");
	is_int(pb_target_check("x", "", &e), PB_OK, "nor is an empty name");
	is_int(pb_target_check(NULL, "pb.db", &e), PB_OK, "no path: nothing");
}

static void test_tmp(void)
{
	char target[512], name[128];
	char *tmp;
	struct stat st;
	mode_t old = umask(0);
	pb_err e;
	int fd;

	snprintf(target, sizeof target, "%s/out.txt", dir);
	is_int(pb_tmp_create(target, &fd, &tmp, &e), PB_OK,
	       "a temporary under umask 0");
	ok(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "created 0600");
	snprintf(name, sizeof name, "/.out.txt.pb-tmp.%ld.", (long)getpid());
	ok(strstr(tmp, name) && strlen(strstr(tmp, name)) == strlen(name) + 6,
	   "named .NAME.pb-tmp.PID.XXXXXX beside the target: %s", tmp);
	close(fd);
	umask(old);

	/* A writer that is gone: a pid no process can have. */
	snprintf(name, sizeof name, ".a.pb-tmp.%ld.abcdef", (long)INT_MAX);
	touch(name);
	snprintf(name, sizeof name, ".a.pb-tmp.%ld.abcdef-journal", (long)INT_MAX);
	touch(name);
	snprintf(name, sizeof name, ".b.pb-tmp.%ld.abcdef", (long)getppid());
	touch(name);
	touch(".c.pb-tmp.x.abcdef");
	touch(".d.pb-tmp.1.abc");
	touch("e.pb-tmp.99999999.abcdef");
	snprintf(target, sizeof target, "%s/anything", dir);
	is_int(pb_tmp_sweep(target, NULL, NULL), 2,
	       "the sweep removes a dead writer's file and its journal");
	snprintf(name, sizeof name, ".a.pb-tmp.%ld.abcdef", (long)INT_MAX);
	ok(!exists(name), "the dead writer's file is gone");
	snprintf(name, sizeof name, ".b.pb-tmp.%ld.abcdef", (long)getppid());
	ok(exists(name), "a live writer's is kept");
	ok(exists(tmp + strlen(dir) + 1), "so is our own");
	ok(exists(".c.pb-tmp.x.abcdef") && exists(".d.pb-tmp.1.abc") &&
		   exists("e.pb-tmp.99999999.abcdef"),
	   "names that are not ours are left alone");
	unlink(tmp);
	free(tmp);

	snprintf(target, sizeof target, "%s/", dir);
	is_int(pb_tmp_create(target, &fd, &tmp, &e), PB_CANTCREAT,
	       "a target that is a directory");
	snprintf(target, sizeof target, "%s/nodir/x", dir);
	is_int(pb_tmp_create(target, &fd, &tmp, &e), PB_CANTCREAT,
	       "a directory that does not exist");
	ok(strstr(e.msg, "No such file or directory") != NULL, "%s", e.msg);
	snprintf(target, sizeof target, "%s/pb.db/x", dir);
	is_int(pb_tmp_create(target, &fd, &tmp, &e), PB_CANTCREAT,
	       "under a file");
	ok(strstr(e.msg, "Not a directory") != NULL, "the system's reason: %s",
	   e.msg);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	test_check();
	test_tmp();
	{
		char cmd[600];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		ok(system(cmd) == 0, "remove the test directory");
	}
	return done_testing();
}
