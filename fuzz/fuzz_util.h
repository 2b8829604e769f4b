/* What every harness shares: the fuzz input written to a temporary
 * file, since the importers and the CSV reader read files by path. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_path[64];

static void fuzz_cleanup(void)
{
	unlink(fuzz_path);
}

static const char *fuzz_file(const uint8_t *data, size_t size)
{
	FILE *fp;

	if (!fuzz_path[0]) {
		int fd;

		snprintf(fuzz_path, sizeof fuzz_path, "%s/pb-fuzz.XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if ((fd = mkstemp(fuzz_path)) < 0)
			abort();
		close(fd);
		atexit(fuzz_cleanup);
	}
	if (!(fp = fopen(fuzz_path, "wb")) ||
	    (size && fwrite(data, 1, size, fp) != size) || fclose(fp))
		abort();
	return fuzz_path;
}

#endif
