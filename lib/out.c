/* The output sink: stdout, or a file written through a temporary file in
 * the same directory and renamed over the target at close, so a reader
 * (or a cron job's consumer) never sees half a report, and a failed run
 * leaves the old file as it was. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb.h"

struct pb_out {
	FILE *fp;
	int direct; /* a FIFO or device: written in place, never replaced */
	char *path; /* target; NULL for stdout */
	char *tmp;  /* the temporary beside it */
};

static void out_free(pb_out *o)
{
	free(o->path);
	free(o->tmp);
	free(o);
}

static int is_stdout(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0;
}

int pb_out_open(const char *path, pb_out **out, pb_err *e)
{
	pb_out *o;
	struct stat sb;
	mode_t mode = 0600;
	int fd;

	*out = NULL;
	o = calloc(1, sizeof *o);
	if (!o)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	if (is_stdout(path)) {
		o->fp = stdout;
		*out = o;
		return PB_OK;
	}
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
		/* Renaming over a FIFO or /dev/null would replace it: those
		 * are written as they are (and never created here). */
		fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
		if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
			int err = errno;

			if (fd >= 0)
				close(fd);
			free(o);
			return pb_fail(e, PB_CANTCREAT, "cannot open '%s': %s", path,
				       strerror(err));
		}
		o->direct = 1;
		*out = o;
		return PB_OK;
	}
	/* A file replaced keeps its mode, so -o never widens it; a new one
	 * is private, like the database it comes from. */
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		mode = sb.st_mode & 0777;
	o->path = strdup(path);
	if (!o->path) {
		out_free(o);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	if (pb_tmp_create(path, &fd, &o->tmp, e) != PB_OK) {
		out_free(o);
		return e->code;
	}
	if ((mode != 0600 && fchmod(fd, mode) != 0) || !(o->fp = fdopen(fd, "w"))) {
		int err = errno;

		close(fd);
		unlink(o->tmp);
		out_free(o);
		return pb_fail(e, PB_CANTCREAT, "cannot create '%s': %s", path,
			       strerror(err));
	}
	*out = o;
	return PB_OK;
}

FILE *pb_out_file(pb_out *o)
{
	return o->fp;
}

static int close_stdout(pb_out *o, pb_err *e)
{
	int bad = ferror(o->fp);
	int err = 0;

	errno = 0;
	if (fflush(o->fp) != 0) {
		bad = 1;
		err = errno;
	}
	out_free(o);
	if (bad)
		return pb_fail(e, PB_IOERR, "cannot write to standard output: %s",
			       err ? strerror(err) : "write error");
	return PB_OK;
}

int pb_out_close(pb_out *o, int commit, pb_err *e)
{
	int err = 0, rc;

	if (!o)
		return PB_OK;
	if (o->direct) {
		int bad = fflush(o->fp) != 0 || ferror(o->fp);

		bad |= fclose(o->fp) != 0;
		free(o);
		return bad ? pb_fail(e, PB_IOERR, "cannot write output") : PB_OK;
	}
	if (!o->path)
		return close_stdout(o, e);
	if (!commit) {
		fclose(o->fp);
		unlink(o->tmp);
		out_free(o);
		return PB_OK;
	}
	errno = 0;
	if (ferror(o->fp))
		err = errno ? errno : EIO;
	else if (fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0)
		err = errno;
	if (fclose(o->fp) != 0 && !err)
		err = errno;
	rc = err ? pb_fail(e, PB_IOERR, "cannot write '%s': %s", o->path,
			   strerror(err))
		 : pb_tmp_put(o->tmp, o->path, e);
	if (rc != PB_OK)
		unlink(o->tmp);
	out_free(o);
	return rc;
}
