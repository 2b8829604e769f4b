/* The import's id-to-first-line map: a second sighting returns the first
 * line, dense and sparse ids alike, and a huge id costs no huge array. */
#include "id_lines.h"
#include "tap.h"

int main(void)
{
	pb_id_lines m = {0};
	long first;
	int64_t id;
	int all;

	is_int(pb_id_lines_put(&m, 1, 10), 0, "id 1 is new");
	is_int(pb_id_lines_put(&m, 2, 11), 0, "id 2 is new");
	is_int(pb_id_lines_put(&m, 1, 12), 10, "id 1 again: first at line 10");
	is_int(pb_id_lines_put(&m, 0, 13), 0, "id 0 is never remembered");
	is_int(pb_id_lines_put(&m, -5, 14), 0, "a negative id is never remembered");

	/* The fuzzer's find: an id of 10^15 once allocated 8 PB. */
	is_int(pb_id_lines_put(&m, 1000000000000000, 20), 0, "id 10^15 is new");
	ok(m.dense_cap < 100000, "and the dense array stays small (%zu slots)",
	   m.dense_cap);
	is_int(pb_id_lines_put(&m, 1000000000000000, 21), 20,
	       "id 10^15 again: first at line 20");
	is_int(pb_id_lines_put(&m, INT64_MAX, 22), 0, "INT64_MAX is new");
	is_int(pb_id_lines_put(&m, INT64_MAX, 23), 22, "INT64_MAX again");

	/* Many sparse ids: the hash grows and still finds each. */
	all = 1;
	for (id = 1; id <= 5000; id++)
		all &= pb_id_lines_put(&m, id * 1000003 + 10000000, 100 + id) == 0;
	ok(all, "5,000 sparse ids are new");
	all = 1;
	for (id = 1; id <= 5000; id++)
		all &= pb_id_lines_put(&m, id * 1000003 + 10000000, 1) == 100 + id;
	ok(all, "and each is found again with its own line");
	ok(m.sparse_n == 5002, "5,002 ids in the hash (%zu)", m.sparse_n);

	/* Dense ids past the first sparse ones: found in either part. */
	all = 1;
	for (id = 3; id <= 200000; id++)
		all &= pb_id_lines_put(&m, id, id) == 0;
	ok(all, "ids 3..200,000 are new");
	ok(m.dense_cap <= 2 * (2 * 200000 + 65536),
	   "the dense array grows with the ids seen (%zu slots)", m.dense_cap);
	first = pb_id_lines_put(&m, 150000, 1);
	is_int(first, 150000, "id 150,000 again: its own line");
	is_int(pb_id_lines_put(&m, 10000000 + 1000003, 1), 101,
	       "a sparse id from before is still found after the dense array grew");

	/* Lines past 32 bits are kept as the largest that fits. */
	is_int(pb_id_lines_put(&m, 300000, 5000000000L), 0, "a line past 2^32");
	is_int(pb_id_lines_put(&m, 300000, 1), 4294967295L, "is kept as 2^32 - 1");

	pb_id_lines_free(&m);
	ok(!m.dense && !m.sparse && m.n == 0, "freed and emptied");
	return done_testing();
}
