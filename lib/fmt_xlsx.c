/* -f xlsx: the writer is the module libpb-xlsx.so.0 beside this library
 * (xlsx.c over libxlsxwriter), loaded the first time a workbook is
 * written, as the PostgreSQL engine is (store.c). */
/* dladdr, to find the module beside this library. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#ifdef PB_WITH_XLSX
#include <dlfcn.h>
#endif

#include "pb.h"
#include "xlsx.h"

const pb_xlsx_ops *pbf_xlsx_ops(pb_err *e)
{
#ifdef PB_WITH_XLSX
	static const pb_xlsx_ops *ops;
	char path[4096];
	const char *slash;
	Dl_info self;
	void *h;

	if (ops)
		return ops;
	if (!dladdr((void *)pbf_xlsx_ops, &self) || !self.dli_fname ||
	    !(slash = strrchr(self.dli_fname, '/')))
		snprintf(path, sizeof path, "libpb-xlsx.so.0");
	else
		snprintf(path, sizeof path, "%.*s/libpb-xlsx.so.0",
			 (int)(slash - self.dli_fname), self.dli_fname);
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) ||
	    !(ops = dlsym(h, "pb_xlsx_writer"))) {
		pb_fail(e, PB_UNAVAILABLE,
			"this pb's xlsx support cannot be loaded (%s): "
			"reinstall pb with libxlsxwriter",
			dlerror());
		return NULL;
	}
	return ops;
#else
	pb_fail(e, PB_UNAVAILABLE, "built without xlsx support");
	return NULL;
#endif
}

int pb_xlsx_available(pb_err *e)
{
	return pbf_xlsx_ops(e) ? PB_OK : e->code;
}
