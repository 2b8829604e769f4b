/* Finding rows of a list by what they show: --name, --search and a set
 * of kinds, tested in C on the row's values rather than with SQL LIKE,
 * whose case rules differ between SQLite (ASCII letters fold) and
 * PostgreSQL (nothing folds), so a list finds the same rows on either
 * engine. */
#include <string.h>

#include "pb.h"

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Byte by byte is right for UTF-8: no character's bytes are a piece of
 * another's, and an ASCII byte is never part of a longer sequence, so
 * folding it changes no other character. */
int pb_text_find(const char *hay, const char *needle)
{
	const unsigned char *h, *n;

	if (!hay)
		return 0;
	for (; *hay; hay++) {
		for (h = (const unsigned char *)hay,
		    n = (const unsigned char *)needle;
		     *n && fold(*h) == fold(*n); h++, n++)
			;
		if (!*n)
			return 1;
	}
	return !*needle;
}

int pb_match_text(const char *option, const char *text, pb_err *e)
{
	size_t bad;

	if (!text || !*text)
		return pb_fail(e, PB_USAGE, "--%s needs a text to look for", option);
	if (!pb_utf8_valid(text, strlen(text), &bad))
		return pb_fail(e, PB_USAGE, "--%s: not valid UTF-8 (byte %zu)", option,
			       bad + 1);
	return PB_OK;
}

int pb_match_in(pb_match *m, const char *field, const pb_domain *d,
		const char *what, const char *list, pb_err *e)
{
	char one[256], choices[512];
	const char *p = list, *key;
	size_t len, i;

	m->in_field = field;
	m->nin = 0;
	if (!d) {
		m->in[m->nin++] = list;
		return PB_OK;
	}
	for (;;) {
		len = strcspn(p, ",");
		if (len >= sizeof one)
			len = sizeof one - 1;
		memcpy(one, p, len);
		one[len] = '\0';
		if (!(key = pb_domain_key(d, one))) {
			pb_domain_list(d, choices, sizeof choices);
			return pb_fail(e, PB_USAGE,
				       "unknown %s '%s' (expected one of: %s)", what,
				       one, choices);
		}
		for (i = 0; i < m->nin && strcmp(m->in[i], key) != 0; i++)
			;
		if (i == m->nin && m->nin < PB_MATCH_IN_MAX)
			m->in[m->nin++] = key;
		p += strcspn(p, ",");
		if (!*p++)
			return PB_OK;
	}
}

int pb_match_opts(pb_match *m, const char *name, const char *search,
		  const char *option, const pb_domain *d, const char *list,
		  pb_err *e)
{
	int rc = PB_OK;

	if (name && (rc = pb_match_text("name", name, e)) != PB_OK)
		return rc;
	if (search && (rc = pb_match_text("search", search, e)) != PB_OK)
		return rc;
	m->name = name;
	m->search = search;
	if (list)
		rc = pb_match_in(m, option, d, option, list, e);
	return rc;
}

int pb_match_any(const pb_match *m)
{
	return m->name || m->search || m->in_field;
}

/* The text fields a --search looks in: every text field but a kind's or
 * category's key (--kind finds those), names pb shows included. */
static int searched(const pb_field *f)
{
	return f->type == PB_T_TEXT && !f->domain;
}

int pb_match_row(const pb_match *m, const pb_rec *r)
{
	const char *const *k;
	const char *v;
	size_t i;
	int hit;

	if (m->in_field) {
		v = pb_rec_get(r, m->in_field);
		for (i = 0; v && i < m->nin && strcmp(v, m->in[i]) != 0; i++)
			;
		if (!v || i == m->nin)
			return 0;
	}
	if (m->name) {
		for (hit = 0, k = m->name_fields; k && *k && !hit; k++)
			hit = pb_text_find(pb_rec_get(r, *k), m->name);
		if (!hit)
			return 0;
	}
	if (m->search) {
		for (hit = 0, i = 0; i < r->n && !hit; i++)
			hit = searched(&r->fields[i]) &&
			      pb_text_find(r->v[i], m->search);
		if (!hit)
			return 0;
	}
	return 1;
}

int pb_match_fn(void *ctx, const pb_rec *r)
{
	const pb_match *m = ctx;

	return pb_match_row(m, r) ? m->fn(m->ctx, r) : 0;
}
