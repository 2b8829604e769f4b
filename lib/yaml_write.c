/* A streaming YAML writer over libyaml's emitter.  Strings are plain
 * unless a YAML 1.1 reader (PyYAML, Ruby, most tools offices use) would
 * read them back as something else: `phone: 0123` would become 83. */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "pb.h"

struct pb_yw {
	yaml_emitter_t em;
	int failed;
	const char *why; /* a failure of ours, not the emitter's */
};

static int emit(pb_yw *w, yaml_event_t *ev)
{
	if (w->failed) {
		yaml_event_delete(ev);
		return PB_IOERR;
	}
	if (!yaml_emitter_emit(&w->em, ev)) {
		w->failed = 1;
		return PB_IOERR;
	}
	return PB_OK;
}

int pb_yw_open(FILE *fp, pb_yw **out, pb_err *e)
{
	pb_yw *w;
	yaml_event_t ev;

	*out = NULL;
	w = calloc(1, sizeof *w);
	if (!w || !yaml_emitter_initialize(&w->em)) {
		free(w);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	yaml_emitter_set_output_file(&w->em, fp);
	yaml_emitter_set_unicode(&w->em, 1);
	yaml_emitter_set_width(&w->em, -1);
	yaml_emitter_set_indent(&w->em, 2);
	yaml_emitter_set_break(&w->em, YAML_LN_BREAK);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit(w, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit(w, &ev);
	*out = w;
	if (w->failed) {
		pb_fail(e, PB_IOERR, "cannot write yaml: %s",
			w->em.problem ? w->em.problem : "emitter error");
		yaml_emitter_delete(&w->em);
		free(w);
		*out = NULL;
		return PB_IOERR;
	}
	return PB_OK;
}

int pb_yw_map_begin(pb_yw *w)
{
	yaml_event_t ev;

	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
					    YAML_BLOCK_MAPPING_STYLE);
	return emit(w, &ev);
}

int pb_yw_map_end(pb_yw *w)
{
	yaml_event_t ev;

	yaml_mapping_end_event_initialize(&ev);
	return emit(w, &ev);
}

int pb_yw_seq_begin(pb_yw *w)
{
	yaml_event_t ev;

	yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
					     YAML_BLOCK_SEQUENCE_STYLE);
	return emit(w, &ev);
}

int pb_yw_seq_end(pb_yw *w)
{
	yaml_event_t ev;

	yaml_sequence_end_event_initialize(&ev);
	return emit(w, &ev);
}

static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int scalar(pb_yw *w, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t ev;
	int plain = style == YAML_PLAIN_SCALAR_STYLE;

	if (!yaml_scalar_event_initialize(&ev, NULL, NULL,
					  (const yaml_char_t *)s,
					  (int)strlen(s), plain, 1, style)) {
		/* libyaml refuses what is not UTF-8, which only a database
		 * written around pb can hold. */
		if (!w->failed)
			w->why = pb_utf8_valid(s, strlen(s), NULL)
					 ? "out of memory"
					 : "a stored value is not valid UTF-8";
		w->failed = 1;
		return PB_IOERR;
	}
	return emit(w, &ev);
}

int pb_yw_key(pb_yw *w, const char *k)
{
	return pb_yw_str(w, k);
}

int pb_yw_str(pb_yw *w, const char *s)
{
	if (!s)
		return scalar(w, "null", YAML_PLAIN_SCALAR_STYLE);
	if (!pb_yaml_needs_quotes(s))
		return scalar(w, s, YAML_PLAIN_SCALAR_STYLE);
	/* Only double quotes can carry control characters as escapes. */
	return scalar(w, s,
		      has_ctl(s) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
				 : YAML_SINGLE_QUOTED_SCALAR_STYLE);
}

int pb_yw_plain(pb_yw *w, const char *s)
{
	return scalar(w, s ? s : "null", YAML_PLAIN_SCALAR_STYLE);
}

int pb_yw_close(pb_yw *w, pb_err *e)
{
	yaml_event_t ev;
	int rc = PB_OK;

	if (!w)
		return PB_OK;
	yaml_document_end_event_initialize(&ev, 1);
	emit(w, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit(w, &ev);
	if (!w->failed && !yaml_emitter_flush(&w->em))
		w->failed = 1;
	if (w->failed)
		rc = pb_fail(e, PB_IOERR, "cannot write yaml: %s",
			     w->why ? w->why
				    : w->em.problem ? w->em.problem : "emitter error");
	yaml_emitter_delete(&w->em);
	free(w);
	return rc;
}

static int in(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* [0-9_]* with at least one digit; returns the end and counts digits. */
static const char *digits(const char *p, int *nd)
{
	*nd = 0;
	for (; digit(*p) || *p == '_'; p++)
		*nd += digit(*p);
	return p;
}

/* 0x.., 0b.., 0o.. (YAML 1.2 too, to be safe). */
static int radix_int(const char *p)
{
	const char *ok;

	if (p[0] != '0')
		return 0;
	switch (p[1]) {
	case 'x': case 'X': ok = "0123456789abcdefABCDEF_"; break;
	case 'b': case 'B': ok = "01_"; break;
	case 'o': case 'O': ok = "01234567_"; break;
	default: return 0;
	}
	p += 2;
	return *p && strspn(p, ok) == strlen(p);
}

/* Decimal, octal, sexagesimal (1:20, 190:20:30.15) or float (1.5, .5,
 * 1e3, 1_000), any of them signed.  Wider than YAML 1.1 exactly
 * (089, 1e3 are strings there but numbers in 1.2): quoting too much is
 * harmless, too little is not. */
static int numeric(const char *p)
{
	int nd, dot = 0, total;

	if (*p == '+' || *p == '-')
		p++;
	if (radix_int(p))
		return 1;
	if (in(p, (const char *const[]){".inf", ".Inf", ".INF", ".nan",
					 ".NaN", ".NAN", NULL}))
		return 1;
	p = digits(p, &nd);
	total = nd;
	if (nd && *p == ':') {
		while (*p == ':') {
			p = digits(p + 1, &nd);
			if (!nd)
				return 0;
		}
	}
	if (*p == '.') {
		dot = 1;
		p = digits(p + 1, &nd);
		total += nd;
	}
	if (!total && !dot)
		return 0;
	if (total && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!digit(*p))
			return 0;
		while (digit(*p))
			p++;
	}
	return *p == '\0';
}

/* YYYY-M-D, alone or starting a timestamp: a 1.1 reader makes it a date. */
static int timestamp(const char *p)
{
	int i, n;

	for (i = 0; i < 4; i++)
		if (!digit(p[i]))
			return 0;
	p += 4;
	for (i = 0; i < 2; i++) {
		if (*p++ != '-')
			return 0;
		for (n = 0; digit(*p) && n < 2; n++)
			p++;
		if (!n)
			return 0;
	}
	return *p == '\0' || *p == 'T' || *p == 't' || *p == ' ' ||
	       *p == '\t';
}

int pb_yaml_needs_quotes(const char *s)
{
	static const char *const words[] = {
		"~", "null", "Null", "NULL",
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
		"true", "True", "TRUE", "false", "False", "FALSE",
		"on", "On", "ON", "off", "Off", "OFF",
		"=", "<<", NULL,
	};
	size_t len = strlen(s);

	if (len == 0 || s[0] == ' ' || s[len - 1] == ' ')
		return 1;
	if (has_ctl(s))
		return 1;
	return in(s, words) || numeric(s) || timestamp(s);
}

const char *pb_yaml_version(void)
{
	return yaml_get_version_string();
}
