/* The reference resolver: how users name records (an org by code, id or
 * unique full name), turned into ids, with one wording for every
 * command's "unknown" and "ambiguous" errors. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"

static const char BY_CODE[] = "SELECT id FROM orgs WHERE code = ?1";
static const char BY_ID[] = "SELECT id FROM orgs WHERE id = ?1";
static const char BY_NAME[] =
	"SELECT id, code FROM orgs WHERE name = ?1 ORDER BY code LIMIT 11";
static const char CODE_OF[] = "SELECT code FROM orgs WHERE id = ?1";

int pb_id_parse(const char *what, const char *text, int64_t *id, pb_err *e)
{
	char *end;
	long long v;

	if (!text || !*text || strspn(text, "0123456789") != strlen(text) ||
	    strlen(text) > 18)
		return pb_fail(e, PB_USAGE, "invalid %s id '%s' (expected a number)",
			       what, text ? text : "");
	v = strtoll(text, &end, 10);
	if (v <= 0)
		return pb_fail(e, PB_USAGE, "invalid %s id '%s' (expected a number)",
			       what, text);
	*id = v;
	return PB_OK;
}

/* One row's first column as an id, or 0. */
static int lookup(pb_db *db, const char *sql, const char *text, int64_t num,
		  int64_t *id, pb_err *e)
{
	pb_stmt *st;
	int rc;

	*id = 0;
	if ((rc = pb_db_prepare(db, sql, &st, e)) != PB_OK)
		return rc;
	if (text)
		pb_bind_text(st, 1, text);
	else
		pb_bind_int(st, 1, num);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		*id = pb_col_int(st, 0);
	pb_stmt_done(st);
	return rc == PB_ROW || rc == PB_DONE ? PB_OK : rc;
}

/* A reference as typed, without the spaces around it, as every field
 * value is taken (pb_field_check): " R1 " names R1.  *copy is what to
 * free; NULL is returned only when out of memory. */
static const char *trimmed(const char *ref, char **copy)
{
	size_t len;
	const char *t = pb_text_trim(ref, &len);

	*copy = NULL;
	if (len == strlen(ref))
		return ref;
	return *copy = strndup(t, len);
}

static int org_resolve(pb_db *db, const char *ref, int notfound_is_1,
		       int64_t *id, pb_err *e)
{
	char cands[PB_MSG_MAX / 2];
	size_t off = 0;
	pb_stmt *st;
	int rc, n = 0;

	if (!*ref)
		return pb_fail(e, PB_USAGE, "empty organization reference");
	if ((rc = lookup(db, BY_CODE, ref, 0, id, e)) != PB_OK || *id)
		return rc;
	if (strspn(ref, "0123456789") == strlen(ref) && strlen(ref) < 19) {
		if ((rc = lookup(db, BY_ID, NULL, strtoll(ref, NULL, 10), id, e)) !=
			    PB_OK ||
		    *id)
			return rc;
	}
	if ((rc = pb_db_prepare(db, BY_NAME, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, ref);
	cands[0] = '\0';
	while ((rc = pb_step(st, e)) == PB_ROW) {
		if (n++ == 0)
			*id = pb_col_int(st, 0);
		if (n <= 10 && off < sizeof cands)
			off += (size_t)snprintf(cands + off, sizeof cands - off, "%s%s",
						n > 1 ? ", " : "", pb_col_text(st, 1));
	}
	pb_stmt_done(st);
	if (rc != PB_DONE)
		return rc;
	if (n == 1)
		return PB_OK;
	*id = 0;
	if (n > 1)
		return pb_fail(e, PB_DATAERR,
			       "organization name '%s' is ambiguous (%s%s): use a code",
			       ref, cands, n > 10 ? ", ..." : "");
	return pb_fail(e, notfound_is_1 ? PB_NOTFOUND : PB_DATAERR,
		       "unknown organization '%s'", ref);
}

int pb_org_resolve(pb_db *db, const char *ref, int notfound_is_1, int64_t *id,
		   pb_err *e)
{
	char *copy;
	int rc;

	*id = 0;
	if (!ref || !*ref)
		return pb_fail(e, PB_USAGE, "empty organization reference");
	if (!(ref = trimmed(ref, &copy)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	rc = org_resolve(db, ref, notfound_is_1, id, e);
	free(copy);
	return rc;
}

int pb_org_code(pb_db *db, int64_t id, char *buf, size_t len, pb_err *e)
{
	pb_stmt *st;
	int rc;

	buf[0] = '\0';
	if ((rc = pb_db_prepare(db, CODE_OF, &st, e)) != PB_OK)
		return rc;
	pb_bind_int(st, 1, id);
	rc = pb_step(st, e);
	if (rc == PB_ROW)
		snprintf(buf, len, "%s", pb_col_text(st, 0));
	pb_stmt_done(st);
	if (rc == PB_DONE)
		return pb_fail(e, PB_NOTFOUND, "no organization with id %lld",
			       (long long)id);
	return rc == PB_ROW ? PB_OK : rc;
}

static const char MEMBER_BY_ID[] = "SELECT id FROM members WHERE id = ?1";
static const char MEMBER_BY_REF[] = "SELECT id FROM members WHERE ref = ?1";
static const char EVENT_BY_ID[] = "SELECT id FROM events WHERE id = ?1";
static const char EVENT_BY_REF[] = "SELECT id FROM events WHERE ref = ?1";

/* Records with an id and an optional external ref: a number is tried as
 * both, and refused when it names two different records. */
static int resolve_id_or_ref(pb_db *db, const char *what, const char *by_id,
			     const char *by_ref, const char *ref,
			     int notfound_is_1, int64_t *id, pb_err *e)
{
	int64_t num = 0, named = 0;
	char *copy;
	int rc;

	*id = 0;
	if (!ref || !*ref)
		return pb_fail(e, PB_USAGE, "empty %s reference", what);
	if (!(ref = trimmed(ref, &copy)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	if (!*ref) {
		rc = pb_fail(e, PB_USAGE, "empty %s reference", what);
		goto out;
	}
	/* "007" is a roster number, never id 7. */
	if (ref[0] != '0' && strspn(ref, "0123456789") == strlen(ref) &&
	    strlen(ref) < 19 &&
	    (rc = lookup(db, by_id, NULL, strtoll(ref, NULL, 10), &num, e)) != PB_OK)
		goto out;
	if ((rc = lookup(db, by_ref, ref, 0, &named, e)) != PB_OK)
		goto out;
	*id = num ? num : named;
	if (num && named && num != named) {
		*id = 0;
		rc = pb_fail(e, PB_DATAERR,
			     "%s '%s' is ambiguous: id %lld, or %s %lld whose ref "
			     "is '%s'",
			     what, ref, (long long)num, what, (long long)named,
			     ref);
	} else if (!*id) {
		rc = pb_fail(e, notfound_is_1 ? PB_NOTFOUND : PB_DATAERR,
			     "unknown %s '%s'", what, ref);
	}
out:
	free(copy);
	return rc;
}

int pb_member_resolve(pb_db *db, const char *ref, int notfound_is_1,
		      int64_t *id, pb_err *e)
{
	return resolve_id_or_ref(db, "member", MEMBER_BY_ID, MEMBER_BY_REF, ref,
				 notfound_is_1, id, e);
}

int pb_event_resolve(pb_db *db, const char *ref, int notfound_is_1,
		     int64_t *id, pb_err *e)
{
	return resolve_id_or_ref(db, "event", EVENT_BY_ID, EVENT_BY_REF, ref,
				 notfound_is_1, id, e);
}
