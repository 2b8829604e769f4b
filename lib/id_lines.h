/* The first line at which an import wrote each record id, to refuse the
 * same record twice in one file. Private to the library. */
#ifndef PB_ID_LINES_H
#define PB_ID_LINES_H

#include <stddef.h>
#include <stdint.h>

typedef struct pb_id_line {
	int64_t id;
	uint32_t line;
} pb_id_line;

/* Dense ids (what the database hands out) take 4 bytes each in an array;
 * sparse ones (a load file may give any id) go to a hash, so no id can
 * make it allocate more than the records seen so far warrant.  The ids an
 * import creates, which come in rising order, go to a window of lines
 * that moves up through an unlinked temporary file instead: memory stays
 * flat however many records the import creates. */
typedef struct pb_id_lines {
	uint32_t *dense; /* line by id, 0: not seen */
	size_t dense_cap;
	pb_id_line *sparse; /* open addressing, id 0: empty */
	size_t sparse_cap, sparse_n;
	size_t n; /* ids remembered */
	uint32_t *win; /* lines of new ids win_start.. (pb_id_lines_new) */
	int64_t win_start, win_end; /* win_end: past the highest one there */
	int64_t spill_base; /* the id at the file's offset 0 */
	int64_t spill_end;  /* past the highest id written to the file */
	int spill; /* the file's descriptor + 1; 0: none yet */
} pb_id_lines;

/* Remember that id (> 0) was written at line: 0 when it is new, the
 * earlier line when it was already written, -1 when out of memory. */
long pb_id_lines_put(pb_id_lines *m, int64_t id, long line);
/* Remember an id the caller knows to be new (a record just created):
 * nothing is looked up.  0, or -1 when out of memory. */
int pb_id_lines_new(pb_id_lines *m, int64_t id, long line);
void pb_id_lines_free(pb_id_lines *m);

#endif
