/* The xlsx writer (xlsx.c), a module of its own, lib/libpb-xlsx.so.0, over
 * libxlsxwriter: libpb loads it (fmt_xlsx.c) only when -f xlsx asks, so
 * that libxlsxwriter and the libcrypto it loads cost the other formats
 * nothing at startup.  Private to the library. */
#ifndef PB_XLSX_H
#define PB_XLSX_H

#include <stdio.h>

#include "pb.h"

typedef struct pb_xlsx_ops {
	/* A list: the columns fields[sel[0..nsel)], nrows rows of raw
	 * values (NULL for null), row by row: cells[r * nsel + i]. */
	int (*list)(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		    const size_t *sel, size_t nsel, char *const *cells,
		    size_t nrows, pb_err *e);
	/* One record, and each sublist as a sheet of its own. */
	int (*show)(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		    const size_t *sel, size_t nsel, const char *const *values,
		    const pb_sublist *subs, size_t nsubs, pb_err *e);
	/* A report tree: a sheet per section. */
	int (*tree)(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		    pb_label_fn label, pb_err *e);
} pb_xlsx_ops;

/* xlsx.c's, in the module. */
extern const pb_xlsx_ops pb_xlsx_writer;

/* fmt_xlsx.c: the module's ops, loaded once; NULL (and PB_UNAVAILABLE in
 * e) when this pb was built without libxlsxwriter or it cannot load. */
__attribute__((visibility("hidden"))) const pb_xlsx_ops *pbf_xlsx_ops(pb_err *e);

#endif
