/* A record as a row of normalised text values described by a field
 * table: the one place where input text (an option, a YAML scalar, a CSV
 * cell) is validated and normalised, whatever record kind it is for. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"

void pb_rec_init(pb_rec *r, const pb_field *fields, size_t n)
{
	memset(r, 0, sizeof *r);
	r->fields = fields;
	r->n = n < PB_REC_MAX ? n : PB_REC_MAX;
}

/* Field i of r set to p, the record's own. */
static void take_value(pb_rec *r, size_t i, char *p)
{
	if (!(r->lent & (1UL << i)))
		free(r->v[i]);
	r->lent &= ~(1UL << i);
	r->v[i] = p;
}

void pb_rec_free(pb_rec *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		take_value(r, i, NULL);
	r->given = 0;
}

int pb_field_index(const pb_field *fields, size_t n, const char *name)
{
	size_t i;

	/* The first letter first: every key of every record comes here. */
	for (i = 0; i < n; i++)
		if (fields[i].name[0] == name[0] && strcmp(fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

void pb_fields_list(const pb_field *fields, size_t n, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++) {
		if (fields[i].check == PB_C_NONE)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					off ? ", " : "", fields[i].name);
	}
}

static int code_valid(const char *s)
{
	size_t i;

	if (!(*s >= 'a' && *s <= 'z') && !(*s >= '0' && *s <= '9'))
		return 0;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '.' || s[i] == '_' || s[i] == '-'))
			return 0;
	return i <= 64;
}

/* GB 32100-2015: 18 characters from a 31-symbol alphabet, the last a
 * check character computed from the other 17. */
int pb_uscc_valid(const char *s)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int weights[17] = {1,  3,	9,  27, 19, 26, 16, 17, 20,
					29, 25, 13, 8,	24, 10, 30, 28};
	int sum = 0, i;

	if (strlen(s) != 18)
		return 0;
	for (i = 0; i < 18; i++) {
		const char *p = strchr(alphabet, s[i]);

		if (!p || !s[i])
			return 0;
		if (i < 17)
			sum += (int)(p - alphabet) * weights[i];
		else
			return (int)(p - alphabet) == (31 - sum % 31) % 31;
	}
	return 0;
}

static int phone_valid(const char *s)
{
	size_t n = 0;

	for (; *s; s++, n++)
		if (!strchr("0123456789 +-()", *s))
			return 0;
	return n <= 32;
}

static char *dup_or_fail(const char *s, pb_err *e)
{
	char *p = strdup(s);

	if (!p)
		pb_fail(e, PB_SOFTWARE, "out of memory");
	return p;
}

/* e's message, said of field f. */
static int of_field(const pb_field *f, int rc, pb_err *e)
{
	char m[PB_MSG_MAX];

	snprintf(m, sizeof m, "%s", e->msg);
	return pb_fail(e, rc, "%s: %s", f->name, m);
}

static int check_value(const pb_field *f, const char *text, char **norm,
		       pb_err *e)
{
	char buf[64], list[512];
	int64_t n;
	int rc;

	/* Every field is text first: valid UTF-8, no control or invisible
	 * characters, not blank. */
	rc = pb_text_check(text, f->check == PB_C_NOTE ? 2000 : 200,
			   f->check == PB_C_NOTE, e);
	if (rc != PB_OK)
		return of_field(f, rc, e);
	switch (f->check) {
	case PB_C_CODE:
		if (!code_valid(text))
			return pb_fail(e, PB_DATAERR,
				       "invalid %s '%s' (expected lower-case letters, "
				       "digits, '.', '_' or '-', starting with a letter "
				       "or digit, at most 64)",
				       f->name, text);
		break;
	case PB_C_DATE: {
		pb_date d;

		if (pb_date_parse(text, &d, e) != PB_OK) {
			char m[PB_MSG_MAX];

			snprintf(m, sizeof m, "%s", e->msg);
			return pb_fail(e, PB_DATAERR, "%s: %s", f->name, m);
		}
		break;
	}
	case PB_C_MONEY:
	case PB_C_COUNT:
	case PB_C_DEC:
	case PB_C_PEOPLE:
	case PB_C_HOURS:
	case PB_C_ID:
		/* Within the field's bound (money.c), however it came in. */
		if (pb_number_parse(f->check, text, &n, e) != PB_OK) {
			char m[PB_MSG_MAX];

			snprintf(m, sizeof m, "%s", e->msg);
			return pb_fail(e, PB_DATAERR, "%s: %s", f->name, m);
		}
		pb_number_format(f->check, n, buf);
		return (*norm = dup_or_fail(buf, e)) ? PB_OK : PB_SOFTWARE;
	case PB_C_DOMAIN: {
		const char *key = pb_domain_key(f->domain, text);

		if (!key) {
			pb_domain_list(f->domain, list, sizeof list);
			return pb_fail(e, PB_DATAERR,
				       "unknown %s '%s' (expected one of: %s)", f->name,
				       text, list);
		}
		return (*norm = dup_or_fail(key, e)) ? PB_OK : PB_SOFTWARE;
	}
	case PB_C_USCC:
		if (!pb_uscc_valid(text))
			return pb_fail(e, PB_DATAERR,
				       "invalid uscc '%s' (expected 18 characters of "
				       "0-9 and A-Y without I O S V Z, with a valid "
				       "check character)",
				       text);
		break;
	case PB_C_PHONE:
		if (!phone_valid(text))
			return pb_fail(e, PB_DATAERR,
				       "invalid %s '%s' (expected digits, spaces, + - ( ), "
				       "at most 32)",
				       f->name, text);
		break;
	case PB_C_GENDER:
		if (strcmp(text, "m") == 0 || strcmp(text, "男") == 0)
			text = "m";
		else if (strcmp(text, "f") == 0 || strcmp(text, "女") == 0)
			text = "f";
		else
			return pb_fail(e, PB_DATAERR,
				       "invalid gender '%s' (expected m, f, 男 or 女)", text);
		break;
	default:
		break;
	}
	return (*norm = dup_or_fail(text, e)) ? PB_OK : PB_SOFTWARE;
}

/* Spaces around a one-line value are dropped, as YAML drops them around
 * a plain scalar, so a quoted YAML value, a CSV cell and an option all
 * mean what the plain scalar means: " R1 " is the member R1, not a second
 * one.  A note keeps its text as written. */
int pb_field_check(const pb_field *f, const char *text, char **norm, pb_err *e)
{
	const char *t;
	char *copy;
	size_t len;
	int rc;

	*norm = NULL;
	if (f->check == PB_C_NONE)
		return pb_fail(e, PB_USAGE, "'%s' is assigned by pb and cannot be set",
			       f->name);
	if (!text || !*text)
		return PB_OK;
	if (f->check == PB_C_NOTE)
		return check_value(f, text, norm, e);
	t = pb_text_trim(text, &len);
	if (len == strlen(text))
		return check_value(f, text, norm, e);
	/* A bad character is placed in the text as given; blank is refused. */
	if ((rc = pb_text_check(text, 0, 0, e)) != PB_OK)
		return of_field(f, rc, e);
	if (!(copy = strndup(t, len)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	rc = check_value(f, copy, norm, e);
	free(copy);
	return rc;
}

int pb_rec_set(pb_rec *r, const char *field, const char *text, pb_err *e)
{
	int i = pb_field_index(r->fields, r->n, field);
	char list[512];

	if (i < 0) {
		pb_fields_list(r->fields, r->n, list, sizeof list);
		return pb_fail(e, PB_USAGE, "unknown field '%s' (expected one of: %s)",
			       field, list);
	}
	return pb_rec_set_at(r, (size_t)i, text, e);
}

int pb_rec_set_at(pb_rec *r, size_t i, const char *text, pb_err *e)
{
	char *norm;
	int rc;

	if ((rc = pb_field_check(&r->fields[i], text, &norm, e)) != PB_OK)
		return rc;
	take_value(r, i, norm);
	r->given |= 1UL << i;
	return PB_OK;
}

int pb_rec_put(pb_rec *r, size_t i, const char *text)
{
	char *p = NULL;

	if (i >= r->n)
		return PB_SOFTWARE;
	if (text && !(p = strdup(text)))
		return PB_SOFTWARE;
	take_value(r, i, p);
	return PB_OK;
}

const char *pb_rec_get(const pb_rec *r, const char *field)
{
	int i = pb_field_index(r->fields, r->n, field);

	return i < 0 ? NULL : r->v[i];
}

int pb_rec_require(const pb_rec *r, const char *const *names, pb_err *e)
{
	for (; *names; names++)
		if (!pb_rec_get(r, *names))
			return pb_fail(e, PB_DATAERR, "missing %s", *names);
	return PB_OK;
}

int pb_rec_merge(pb_rec *dst, const pb_rec *src)
{
	size_t i;

	for (i = 0; i < dst->n && i < src->n; i++)
		if ((src->given & (1UL << i)) && pb_rec_put(dst, i, src->v[i]) != PB_OK)
			return PB_SOFTWARE;
	dst->given |= src->given;
	return PB_OK;
}

int pb_text_same(const char *a, const char *b)
{
	return a ? b && strcmp(a, b) == 0 : !b;
}

int pb_rec_same(const pb_rec *a, const pb_rec *b)
{
	size_t i;

	for (i = 0; i < a->n && i < b->n; i++)
		if (a->fields[i].check != PB_C_NONE &&
		    !pb_text_same(a->v[i], b->v[i]))
			return 0;
	return 1;
}

/* Org references as codes, however the input named them (an Excel roster
 * names orgs in full), so an unchanged record compares equal; one that
 * does not resolve is left for the caller's rules to report. */
void pb_rec_canon_refs(pb_db *db, pb_rec *r)
{
	char code[80];
	int64_t id;
	pb_err e;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->fields[i].check == PB_C_REF && r->v[i] &&
		    pb_org_resolve(db, r->v[i], 0, &id, &e) == PB_OK &&
		    pb_org_code(db, id, code, sizeof code, &e) == PB_OK &&
		    strcmp(code, r->v[i]) != 0)
			pb_rec_put(r, i, code);
}

/* A row whose columns are in field order: integers that are money (fen)
 * or decimals (thousandths) come back as their text forms. */
int pb_rec_from_row(pb_stmt *st, pb_rec *r, pb_err *e)
{
	char buf[32];
	size_t i;

	r->id = pb_col_int(st, 0);
	for (i = 0; i < r->n; i++) {
		const char *v = pb_col_text(st, (int)i);

		if (v && r->fields[i].type == PB_T_MONEY) {
			pb_money_format(pb_col_int(st, (int)i), buf);
			v = buf;
		} else if (v && r->fields[i].type == PB_T_DEC) {
			pb_decimal_format(pb_col_int(st, (int)i), buf);
			v = buf;
		}
		if (pb_rec_put(r, i, v) != PB_OK)
			return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	return PB_OK;
}

int pb_rec_call(pb_rec_fn fn, void *ctx, const pb_rec *r, pb_err *e)
{
	int rc = fn(ctx, r);

	if (rc == PB_OK)
		return PB_OK;
	return pb_fail(e, rc, rc == PB_SOFTWARE ? "out of memory"
					       : "cannot write output");
}

int pb_rec_each_row(pb_stmt *st, const pb_field *fields, size_t n,
		    pb_rec_fn fn, void *ctx, pb_err *e)
{
	pb_rec r;
	int rc;

	pb_rec_init(&r, fields, n);
	while ((rc = pb_step(st, e)) == PB_ROW)
		if ((rc = pb_rec_from_row(st, &r, e)) != PB_OK || (rc = pb_rec_call(fn, ctx, &r, e)) != 0)
			break;
	pb_rec_free(&r);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}

int pb_rec_one_row(pb_stmt *st, pb_rec *r, const char *what, int64_t id,
		   pb_err *e)
{
	int rc = pb_step(st, e);

	if (rc == PB_ROW)
		rc = pb_rec_from_row(st, r, e);
	else if (rc == PB_DONE)
		rc = pb_fail(e, PB_NOTFOUND, "no %s with id %lld", what, (long long)id);
	pb_stmt_done(st);
	return rc;
}
