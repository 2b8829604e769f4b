/* What refers to a record, for its rm: each referring table counted,
 * named in the refusal without --force, and let go with it (removed or
 * detached), in the order of the table given. */
#ifndef PB_REFS_H
#define PB_REFS_H

#include "pb.h"

typedef struct pb_ref {
	const char *count_sql; /* ?1: the record's id */
	const char *noun;      /* singular; "s" is added */
	const char *force_sql; /* what --force does to them */
	const char *done;      /* "detached", "removed" */
} pb_ref;

/* n[i]: the rows of refs[i]; the total, or -1 with e set. */
int pb_refs_count(pb_db *db, const pb_ref *refs, size_t nrefs, int64_t id,
		  int64_t *n, pb_err *e);
/* "3 events, 1 pair", or with done "removed 3 events, detached 1 pair". */
void pb_refs_describe(const pb_ref *refs, size_t nrefs, const int64_t *n,
		      int done, char *buf, size_t len);
/* Each force_sql whose count is not 0, in order. */
int pb_refs_let_go(pb_db *db, const pb_ref *refs, size_t nrefs, int64_t id,
		   const int64_t *n, pb_err *e);

#endif
