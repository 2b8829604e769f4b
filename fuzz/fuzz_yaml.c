/* The YAML importers: pb-db load (every section: orgs, roles, members,
 * pairs, events with nested lists, opinions) as a dry run into one
 * in-memory database, so validation and the writes run and roll back. */
#include "fuzz_util.h"
#include "pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pb_db *db;
	static pb_diags d;
	pb_import_stats st;
	pb_err e;

	if (!db && pb_db_open(":memory:", PB_WRITE, 0, &db, &e) != PB_OK)
		abort();
	pb_diags_init(&d);
	pb_err_clear(&e);
	pb_db_load(db, fuzz_file(data, size), 1, 1, "2026-11-27", &st, &d, &e);
	return 0;
}
