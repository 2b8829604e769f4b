/* Where pb writes a file of its own (an -o output, a backup): never onto
 * the database or the files SQLite keeps beside it, and always through a
 * temporary beside the target, created 0600 from its first byte, whose
 * name carries the writer's pid, so that one left by a writer that was
 * killed is recognised later and removed while a live writer's is kept. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb.h"

#define TMP_MARK ".pb-tmp."

/* path with every symbolic link and . and .. resolved, also when the file
 * itself does not exist yet (its directory does) or is a dangling link:
 * two spellings of one place give the same text. -1: cannot tell. */
static int canon(const char *path, char out[PATH_MAX], int depth)
{
	char dir[PATH_MAX], rdir[PATH_MAX], link[PATH_MAX];
	const char *slash, *base;
	ssize_t n;

	if (realpath(path, out))
		return 0;
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
	    strlen(path) >= sizeof dir)
		return -1;
	if (!slash)
		strcpy(dir, ".");
	else if (slash == path)
		strcpy(dir, "/");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	if (!realpath(dir, rdir))
		return -1;
	if (snprintf(out, PATH_MAX, "%s/%s", strcmp(rdir, "/") ? rdir : "",
		     base) >= PATH_MAX)
		return -1;
	n = readlink(out, link, sizeof link - 1);
	if (n <= 0)
		return 0;
	if (depth >= 8)
		return -1;
	link[n] = '\0';
	if (link[0] == '/')
		return canon(link, out, depth + 1);
	if (snprintf(dir, sizeof dir, "%s/%s", rdir, link) >= (int)sizeof dir)
		return -1;
	return canon(dir, out, depth + 1);
}

static int same_inode(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev &&
	       a->st_ino == b.st_ino;
}

int pb_target_check(const char *path, const char *db, pb_err *e)
{
	static const struct {
		const char *suffix, *what;
	} beside[] = {
		{"", "the database"},
		{"-wal", "the database's write-ahead log"},
		{"-shm", "the database's shared-memory index"},
		{"-journal", "the database's rollback journal"},
	};
	char pc[PATH_MAX], dc[PATH_MAX], cand[PATH_MAX + 16];
	struct stat ps;
	int pexists, havep, haved, other;
	size_t i;

	if (!path || !db || !*db || strcmp(db, ":memory:") == 0 || pb_db_is_url(db))
		return PB_OK;
	pexists = stat(path, &ps) == 0;
	havep = canon(path, pc, 0) == 0;
	haved = canon(db, dc, 0) == 0;
	/* The resolved name stat()ed only where it is another. */
	other = haved && strcmp(dc, db) != 0;
	for (i = 0; i < sizeof beside / sizeof *beside; i++) {
		int same = 0;

		/* The same file by device and inode (a hard link, a bind
		 * mount), as spelled and where SQLite keeps it; else, for a
		 * file that does not exist yet, the same resolved name. */
		snprintf(cand, sizeof cand, "%s%s", db, beside[i].suffix);
		if (pexists && same_inode(&ps, cand))
			same = 1;
		if (!same && haved) {
			snprintf(cand, sizeof cand, "%s%s", dc, beside[i].suffix);
			same = (other && pexists && same_inode(&ps, cand)) ||
			       (havep && strcmp(pc, cand) == 0);
		}
		if (same) {
			snprintf(cand, sizeof cand, "%s%s", db, beside[i].suffix);
			return pb_fail(e, PB_USAGE,
				       "'%s' is %s '%s': refusing to write over it",
				       path, beside[i].what, cand);
		}
	}
	return PB_OK;
}

/* The pid in a name of ours ("." NAME ".pb-tmp." PID "." XXXXXX, maybe
 * with SQLite's "-journal" after it), else 0. */
static long tmp_pid(const char *name)
{
	const char *m = name[0] == '.' ? strstr(name + 1, TMP_MARK) : NULL;
	char *end;
	long pid;

	if (!m || m == name + 1)
		return 0;
	m += strlen(TMP_MARK);
	if (*m < '1' || *m > '9')
		return 0;
	errno = 0;
	pid = strtol(m, &end, 10);
	if (errno || *end != '.' || strlen(end + 1) < 6)
		return 0;
	return pid;
}

/* The directory that holds path: "." for a bare name, "/" for /name. */
static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, len, ".");
	else
		snprintf(dir, len, "%.*s", slash > path ? (int)(slash - path) : 1,
			 path);
}

/* fsync the directory holding path; 0, or -1 with errno (a file system
 * that cannot sync a directory counts as done). */
static int sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	int fd, rc, err;

	dir_of(path, dir, sizeof dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		return -1;
	rc = fsync(fd);
	err = errno;
	/* Some file systems cannot fsync a directory; the rename stands. */
	if (rc != 0 && (err == EINVAL || err == ENOTSUP))
		rc = 0;
	close(fd);
	errno = err;
	return rc;
}

int pb_tmp_put(const char *tmp, const char *target, pb_err *e)
{
	if (rename(tmp, target) != 0)
		return pb_fail(e, PB_CANTCREAT, "cannot create '%s': %s", target,
			       strerror(errno));
	/* The rename is durable only once the directory is on disk. */
	if (sync_dir_of(target) != 0)
		return pb_fail(e, PB_IOERR, "cannot sync the directory of '%s': %s",
			       target, strerror(errno));
	return PB_OK;
}

int pb_tmp_sweep(const char *target, void (*fn)(void *ctx, const char *path),
		 void *ctx)
{
	char dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	struct dirent *de;
	struct stat sb;
	int n = 0;
	DIR *d;

	dir_of(target, dir, sizeof dir);
	if (!(d = opendir(dir)))
		return 0;
	while ((de = readdir(d))) {
		long pid = tmp_pid(de->d_name);

		/* kill(pid, 0) fails with ESRCH only when no such process
		 * exists: a live writer's file (even another user's: EPERM)
		 * is kept. */
		if (pid <= 0 || pid == (long)getpid() || pid > INT_MAX ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(sb.st_mode) ||
		    unlinkat(dirfd(d), de->d_name, 0) != 0)
			continue;
		n++;
		if (fn) {
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			fn(ctx, path);
		}
	}
	closedir(d);
	return n;
}

int pb_tmp_create(const char *target, int *fd, char **tmp, pb_err *e)
{
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	int dlen = slash ? (int)(slash - target) : 0;
	size_t len = strlen(target) + sizeof TMP_MARK + 32;

	*fd = -1;
	*tmp = NULL;
	if (*base == '\0')
		return pb_fail(e, PB_CANTCREAT, "cannot create '%s': %s", target,
			       strerror(EISDIR));
	if (!(*tmp = malloc(len)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_tmp_sweep(target, NULL, NULL);
	snprintf(*tmp, len, "%.*s%s.%s" TMP_MARK "%ld.XXXXXX", dlen, target,
		 slash ? "/" : "", base, (long)getpid());
	/* mkstemp creates the file 0600, whatever the umask. */
	if ((*fd = mkstemp(*tmp)) < 0) {
		int err = errno;

		free(*tmp);
		*tmp = NULL;
		return pb_fail(e, PB_CANTCREAT, "cannot create '%s': %s", target,
			       strerror(err));
	}
	return PB_OK;
}
