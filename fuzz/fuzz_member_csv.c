/* pb-member import --csv: the roster importer (header in English or
 * Chinese, every row validated), a dry run into an in-memory database;
 * the first byte chooses UTF-8 or GB18030. */
#include "fuzz_util.h"
#include "pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pb_db *db;
	static pb_diags d;
	pb_import_stats st;
	pb_err e;

	if (size < 1)
		return 0;
	if (!db && pb_db_open(":memory:", PB_WRITE, 0, &db, &e) != PB_OK)
		abort();
	pb_diags_init(&d);
	pb_member_import_csv(db, fuzz_file(data + 1, size - 1),
			     data[0] & 1 ? "gb18030" : NULL, 1, "2026-11-27",
			     &st, &d, &e);
	return 0;
}
