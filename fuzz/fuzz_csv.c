/* The CSV reader, over the same bytes as UTF-8 and as GB18030: every
 * record read to the end, each field checked to be a C string. */
#include <string.h>

#include "fuzz_util.h"
#include "pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const enc[] = {NULL, "gb18030"};
	const char *path = fuzz_file(data, size);
	char **f;
	size_t n, i, k;
	long line;
	pb_csv *r;
	pb_err e;
	int rc;

	for (k = 0; k < 2; k++) {
		if (pb_csv_open(path, enc[k], &r, &e) != PB_OK)
			abort();
		while ((rc = pb_csv_next(r, &f, &n, &line, &e)) != 0)
			for (i = 0; rc > 0 && i < n; i++)
				if (strlen(f[i]) > size * 4 + 16 || line < 1)
					abort();
		pb_csv_close(r);
	}
	return 0;
}
