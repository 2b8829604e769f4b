/* The command line as the audit trail keeps it: each word quoted for a
 * shell where it needs it, so `--note ''` and arguments with spaces read
 * as typed; and what must never be stored there (a personal field's value,
 * a password in a database value) shown as ***. Which parts those are the
 * front end decides, since it knows the options; this module knows which
 * fields are personal and where a password sits in a connection value. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"

#define SHELL_SPECIAL " \t\n'\"\\$`;&|<>()*?[]#~"
#define MASK "***"

/* Append s[0..n), in single quotes when a shell would read it otherwise. */
static char *quote(char *p, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && !strchr(SHELL_SPECIAL, s[i]); i++)
		;
	if (n && i == n) {
		memcpy(p, s, n);
		return p + n;
	}
	*p++ = '\'';
	for (i = 0; i < n; i++) {
		if (s[i] == '\'') {
			p = stpcpy(p, "'\\''");
		} else {
			*p++ = s[i];
		}
	}
	*p++ = '\'';
	return p;
}

char *pb_cmdline(int argc, char *const *argv, const pb_mask *m, size_t nm)
{
	size_t len = 1 + nm * (sizeof MASK + 2), k = 0;
	char *line, *p;
	int i;

	for (i = 0; i < argc; i++)
		len += 4 * strlen(argv[i]) + 3;
	if (!(p = line = malloc(len)))
		return NULL;
	for (i = 0; i < argc; i++) {
		const char *w = argv[i];
		size_t wlen = strlen(w), at = 0;

		if (i)
			*p++ = ' ';
		/* Masks out of order (of earlier words) are skipped. */
		while (k < nm && m[k].word < i)
			k++;
		if (!wlen) {
			p = quote(p, "", 0);
			continue;
		}
		for (; k < nm && m[k].word == i; k++) {
			size_t from = m[k].from < at ? at : m[k].from;
			size_t to = m[k].to > wlen ? wlen : m[k].to;

			if (from >= to)
				continue;
			if (from > at)
				p = quote(p, w + at, from - at);
			p = stpcpy(p, MASK);
			at = to;
		}
		if (at < wlen)
			p = quote(p, w + at, wlen - at);
	}
	*p = '\0';
	return line;
}

static size_t add_mask(pb_mask *m, size_t n, size_t max, int word, size_t from,
		       size_t to)
{
	if (n < max && to > from) {
		m[n].word = word;
		m[n].from = from;
		m[n].to = to;
		n++;
	}
	return n;
}

/* postgresql://user:PASSWORD@host/db?password=PASSWORD */
static size_t url_secrets(const char *v, const char *auth, int word, size_t off,
			  pb_mask *m, size_t max)
{
	size_t n = 0, alen = strcspn(auth, "/?#");
	const char *at = NULL, *colon, *q, *s;

	for (s = auth; s < auth + alen; s++)
		if (*s == '@')
			at = s;
	if (at && (colon = memchr(auth, ':', (size_t)(at - auth))))
		n = add_mask(m, n, max, word, off + (size_t)(colon + 1 - v),
			     off + (size_t)(at - v));
	if (auth[alen] == '/')
		alen += strcspn(auth + alen, "?#");
	if (auth[alen] != '?')
		return n;
	for (q = auth + alen + 1; *q && *q != '#'; q += strcspn(q, "&#")) {
		if (*q == '&')
			q++;
		if (strncmp(q, "password=", 9) == 0) {
			s = q + 9;
			n = add_mask(m, n, max, word, off + (size_t)(s - v),
				     off + (size_t)(s + strcspn(s, "&#") - v));
		}
	}
	return n;
}

/* postgresql:host=h password=PASSWORD or password='PASS WORD' */
static size_t kv_secrets(const char *v, const char *s, int word, size_t off,
			 pb_mask *m, size_t max)
{
	size_t n = 0;

	while (*s) {
		const char *key, *val;
		size_t klen;

		s += strspn(s, " \t\n");
		key = s;
		klen = strcspn(s, "= \t\n");
		s += klen;
		s += strspn(s, " \t\n");
		if (*s != '=') {
			s += *s != '\0';
			continue;
		}
		s++;
		s += strspn(s, " \t\n");
		val = s;
		if (*s == '\'') {
			for (s++; *s && *s != '\''; s++)
				if (*s == '\\' && s[1])
					s++;
			s += *s == '\'';
		} else {
			s += strcspn(s, " \t\n");
		}
		if (klen == 8 && strncmp(key, "password", 8) == 0)
			n = add_mask(m, n, max, word, off + (size_t)(val - v),
				     off + (size_t)(s - v));
	}
	return n;
}

size_t pb_conninfo_secrets(const char *value, int word, size_t off, pb_mask *m,
			   size_t max)
{
	static const char *const schemes[] = {"postgresql:", "postgres:"};
	size_t i, len;

	for (i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		len = strlen(schemes[i]);
		if (strncmp(value, schemes[i], len) != 0)
			continue;
		if (strncmp(value + len, "//", 2) == 0)
			return url_secrets(value, value + len + 2, word, off, m, max);
		return kv_secrets(value, value + len, word, off, m, max);
	}
	return 0;
}

int pb_field_personal(const char *name)
{
	/* Every record kind's fields; a phone number is the personal
	 * value pb keeps. */
	const struct {
		const pb_field *f;
		size_t n;
	} kinds[] = {
		{pb_org_fields, pb_org_nfields},
		{pb_role_fields, pb_role_nfields},
		{pb_member_fields, pb_member_nfields},
		{pb_registration_fields, pb_registration_nfields},
		{pb_pair_fields, pb_pair_nfields},
		{pb_event_fields, pb_event_nfields},
		{pb_participant_fields, pb_participant_nfields},
		{pb_contribution_fields, pb_contribution_nfields},
		{pb_opinion_fields, pb_opinion_nfields},
	};
	size_t k, i;

	for (k = 0; k < sizeof kinds / sizeof *kinds; k++)
		for (i = 0; i < kinds[k].n; i++)
			if (kinds[k].f[i].check == PB_C_PHONE &&
			    strcmp(kinds[k].f[i].name, name) == 0)
				return 1;
	return 0;
}

char *pb_conninfo_masked(const char *value)
{
	pb_mask m[8];
	size_t n = pb_conninfo_secrets(value, 0, 0, m, 8), i, at = 0;
	char *out = malloc(strlen(value) + 3 * n + 1), *p = out;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		memcpy(p, value + at, m[i].from - at);
		p = stpcpy(p + (m[i].from - at), "***");
		at = m[i].to;
	}
	strcpy(p, value + at);
	return out;
}
