/* -f xlsx: the writer is the module libpb-xlsx.so.0 beside this library
 * (xlsx.c over libxlsxwriter), loaded the first time a workbook is
 * written, as the PostgreSQL engine is (store.c). */
#include <stdio.h>
#include <string.h>

#include "pb.h"
#include "xlsx.h"

const pb_xlsx_ops *pbf_xlsx_ops(pb_err *e)
{
#ifdef PB_WITH_XLSX
	static const pb_xlsx_ops *ops;

	if (!ops)
		ops = pb_module_symbol("libpb-xlsx.so.0", "pb_xlsx_writer", "xlsx",
				       "libxlsxwriter", e);
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
