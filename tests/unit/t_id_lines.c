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

	/* The ids an import creates: 100,000 of them cost no memory but the
	 * window; a second sighting of any finds its line, in the window or
	 * in the file behind it. */
	all = 1;
	for (id = 1001; id <= 101000; id++)
		all &= pb_id_lines_new(&m, id, 3 * id) == 0;
	ok(all, "ids 1,001..101,000 are remembered as new");
	ok(m.n == 0 && !m.dense && !m.sparse, "none of them in memory (%zu)",
	   m.n);
	ok(m.spill > 0, "the window moved up through a file");
	is_int(pb_id_lines_put(&m, 1001, 1), 3003, "the first one, from the file");
	is_int(pb_id_lines_put(&m, 50000, 1), 150000, "one in the middle");
	is_int(pb_id_lines_put(&m, 101000, 1), 303000, "the last, in the window");
	is_int(pb_id_lines_put(&m, 1000, 7), 0, "an id below them is new");
	is_int(pb_id_lines_put(&m, 1000, 8), 7, "and found again");
	is_int(pb_id_lines_put(&m, 101001, 9), 0, "one above them is new");
	is_int(pb_id_lines_put(&m, 101001, 10), 9, "and found again");
	/* A file's own id below the window goes to memory. */
	is_int(pb_id_lines_new(&m, 500, 11), 0, "a new id below the window");
	is_int(pb_id_lines_put(&m, 500, 12), 11, "is found in memory");
	/* One far above them is kept in memory, not as a hole in the file. */
	is_int(pb_id_lines_new(&m, INT64_MAX - 1, 13), 0, "a new id at 2^63");
	is_int(pb_id_lines_put(&m, INT64_MAX - 1, 14), 13, "is found again");
	is_int(pb_id_lines_put(&m, 1002, 1), 3006, "the file still answers");
	pb_id_lines_free(&m);
	ok(!m.win && m.spill == 0, "the window freed, the file closed");
	return done_testing();
}
