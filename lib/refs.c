/* What refers to a record, counted, named and let go by rm --force:
 * one implementation for the orgs and the pairs. */
#include <stdio.h>

#include "refs.h"

int pb_refs_count(pb_db *db, const pb_ref *refs, size_t nrefs, int64_t id,
		  int64_t *n, pb_err *e)
{
	int64_t total = 0;
	size_t i;

	for (i = 0; i < nrefs; i++) {
		if (pb_query_int(db, refs[i].count_sql, id, 0, &n[i], e) != PB_OK)
			return -1;
		total += n[i];
	}
	return (int)total;
}

void pb_refs_describe(const pb_ref *refs, size_t nrefs, const int64_t *n,
		      int done, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < nrefs && off < len; i++) {
		if (!n[i])
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s%s%lld %s%s",
					off ? ", " : "", done ? refs[i].done : "",
					done ? " " : "", (long long)n[i],
					refs[i].noun, n[i] == 1 ? "" : "s");
	}
}

int pb_refs_let_go(pb_db *db, const pb_ref *refs, size_t nrefs, int64_t id,
		   const int64_t *n, pb_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < nrefs; i++)
		if (n[i] && (rc = pb_exec_id(db, refs[i].force_sql, id, e)) != PB_OK)
			return rc;
	return PB_OK;
}
