/* The config file and where the database lives.  The file is small and
 * fixed in shape, so it is read whole and walked with libyaml's event
 * parser; the first problem is the error, with its position, since a
 * broken config should be fixed before anything runs. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "pb.h"

#define MAX_CONFIG (1024 * 1024)
#define KEYS "database, format, street, busy_timeout_ms, review"

struct cf {
	yaml_parser_t p;
	yaml_event_t ev;
	int have_ev;
	const char *file;
	const char *buf;
	size_t len;
	pb_err *e;
};

static const char *env(const char *name)
{
	const char *s = getenv(name);

	return s && *s ? s : NULL;
}

static int cfail(struct cf *c, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int cfail(struct cf *c, const yaml_mark_t *m, const char *fmt, ...)
{
	va_list ap;

	pb_fail_at(c->e, PB_CONFIG, c->file, m ? (long)m->line + 1 : 0,
		   m ? (long)m->column + 1 : 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(c->e->msg, sizeof c->e->msg, fmt, ap);
	va_end(ap);
	return PB_CONFIG;
}

/* libyaml places a bad byte only by its offset; count to it. */
static void offset_mark(const struct cf *c, size_t off, yaml_mark_t *m)
{
	memset(m, 0, sizeof *m);
	for (size_t i = 0; i < off && i < c->len; i++) {
		unsigned char b = (unsigned char)c->buf[i];

		if (i < 3 && b == (unsigned char)"\xEF\xBB\xBF"[i])
			continue;
		if (b == '\n' || (b == '\r' && c->buf[i + 1] != '\n')) {
			m->line++;
			m->column = 0;
		} else if (b != '\r' && (b & 0xC0) != 0x80) {
			m->column++;
		}
	}
}

static int cnext(struct cf *c)
{
	yaml_parser_t *p = &c->p;

	if (c->have_ev) {
		yaml_event_delete(&c->ev);
		c->have_ev = 0;
	}
	if (yaml_parser_parse(p, &c->ev)) {
		size_t at;

		c->have_ev = 1;
		/* "database: \"/srv/pb.db\\0x\"" must not open /srv/pb.db. */
		if (c->ev.type == YAML_SCALAR_EVENT &&
		    (at = pb_utf8_nul_at((const char *)c->ev.data.scalar.value,
					 c->ev.data.scalar.length)) != 0)
			return cfail(c, &c->ev.start_mark,
				     "NUL character (U+0000) at character %zu: "
				     "no key or value may hold one",
				     at);
		return PB_OK;
	}
	if (p->error == YAML_MEMORY_ERROR)
		return pb_fail(c->e, PB_SOFTWARE, "out of memory reading '%s'",
			       c->file);
	if (p->error == YAML_READER_ERROR) {
		yaml_mark_t m;

		offset_mark(c, p->problem_offset, &m);
		return cfail(c, &m, "invalid config: %s; the file must be "
				    "UTF-8 text",
			     p->problem ? p->problem : "unreadable");
	}
	if (p->context)
		return cfail(c, &p->problem_mark,
			     "invalid yaml: %s %s that started at line %ld",
			     p->problem, p->context,
			     (long)p->context_mark.line + 1);
	return cfail(c, &p->problem_mark, "invalid yaml: %s",
		     p->problem ? p->problem : "unknown error");
}

static int is_null(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;

	if (ev->type != YAML_SCALAR_EVENT ||
	    ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static const char *what(const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		return "a scalar";
	case YAML_SEQUENCE_START_EVENT:
		return "a list";
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_ALIAS_EVENT:
		return "an alias (aliases are not allowed)";
	default:
		return "nothing";
	}
}

/* The current event is the value of key: it must be a scalar.  *s is
 * NULL for a null scalar. */
static int scalar(struct cf *c, const char *key, const char **s)
{
	if (c->ev.type != YAML_SCALAR_EVENT)
		return cfail(c, &c->ev.start_mark,
			     "%s must be a single value, found %s", key,
			     what(&c->ev));
	*s = is_null(&c->ev) ? NULL : (const char *)c->ev.data.scalar.value;
	return PB_OK;
}

static int copy(struct cf *c, const char *key, const char *s, char *out,
		size_t len)
{
	if (strlen(s) >= len)
		return cfail(c, &c->ev.start_mark,
			     "%s is too long (at most %zu bytes)", key,
			     len - 1);
	memcpy(out, s, strlen(s) + 1);
	return PB_OK;
}

static int set_database(struct cf *c, pb_config *cfg, const char *s)
{
	const char *home, *bad = pb_db_unusable(s);

	if (bad)
		return cfail(c, &c->ev.start_mark,
			     "database '%.64s' %s: name the database file "
			     "(or leave the key out for the default)",
			     s, bad);

	/* "~" and "~/…" as a shell would; "~user" is left alone. */
	if (s[0] != '~' || (s[1] != '\0' && s[1] != '/'))
		return copy(c, "database", s, cfg->database,
			    sizeof cfg->database);
	home = env("HOME");
	if (!home)
		return cfail(c, &c->ev.start_mark,
			     "cannot expand '~' in database: HOME is not set "
			     "(write the full path)");
	if (strlen(home) + strlen(s + 1) >= sizeof cfg->database)
		return cfail(c, &c->ev.start_mark,
			     "database is too long (at most %zu bytes)",
			     sizeof cfg->database - 1);
	memcpy(cfg->database, home, strlen(home));
	memcpy(cfg->database + strlen(home), s + 1, strlen(s + 1) + 1);
	return PB_OK;
}

static int set_busy(struct cf *c, pb_config *cfg, const char *s)
{
	long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (*p - '0');
		if (v > INT_MAX)
			break;
	}
	if (p == s || *p)
		return cfail(c, &c->ev.start_mark,
			     "busy_timeout_ms must be a whole number of "
			     "milliseconds");
	cfg->busy_timeout_ms = v;
	return PB_OK;
}

/* A non-negative decimal as the config writes it ("2", "0.5"); parsed by
 * hand so the locale's decimal point does not matter. */
static int parse_weight(const char *s, double *out)
{
	double v = 0, scale = 1;
	int digits = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++, digits++)
		v = v * 10 + (*p - '0');
	if (!digits)
		return -1;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return -1;
		for (; *p >= '0' && *p <= '9'; p++, digits++) {
			scale /= 10;
			v += (*p - '0') * scale;
		}
	}
	if (*p || digits > 15)
		return -1;
	*out = v;
	return 0;
}

/* The current event is the value of review.weights. */
static int read_weights(struct cf *c, pb_config *cfg)
{
	int rc;

	if (is_null(&c->ev))
		return PB_OK;
	if (c->ev.type != YAML_MAPPING_START_EVENT)
		return cfail(c, &c->ev.start_mark,
			     "review.weights must be a mapping of name: weight, "
			     "found %s",
			     what(&c->ev));
	for (;;) {
		pb_review_weight *w;
		const char *s;

		if ((rc = cnext(c)))
			return rc;
		if (c->ev.type == YAML_MAPPING_END_EVENT)
			return PB_OK;
		if ((rc = scalar(c, "a review.weights name", &s)))
			return rc;
		if (!s || strlen(s) >= sizeof cfg->weights[0].name)
			return cfail(c, &c->ev.start_mark,
				     "review.weights name '%.64s' must be 1 to "
				     "%zu bytes",
				     s ? s : "",
				     sizeof cfg->weights[0].name - 1);
		for (int i = 0; i < cfg->nweights; i++)
			if (!strcmp(cfg->weights[i].name, s))
				return cfail(c, &c->ev.start_mark,
					     "duplicate review.weights name "
					     "'%s'",
					     s);
		if (cfg->nweights == (int)(sizeof cfg->weights /
					   sizeof cfg->weights[0]))
			return cfail(c, &c->ev.start_mark,
				     "review.weights may have at most %zu "
				     "entries",
				     sizeof cfg->weights /
					     sizeof cfg->weights[0]);
		w = &cfg->weights[cfg->nweights];
		snprintf(w->name, sizeof w->name, "%s", s);
		if ((rc = cnext(c)) ||
		    (rc = scalar(c, "a review.weights weight", &s)))
			return rc;
		if (!s || parse_weight(s, &w->weight))
			return cfail(c, &c->ev.start_mark,
				     "review weight of '%s' must be a "
				     "non-negative number like 1 or 0.5",
				     w->name);
		cfg->nweights++;
	}
}

/* The current event is the value of review. */
static int read_review(struct cf *c, pb_config *cfg)
{
	int rc, seen = 0;

	if (is_null(&c->ev))
		return PB_OK;
	if (c->ev.type != YAML_MAPPING_START_EVENT)
		return cfail(c, &c->ev.start_mark,
			     "review must be a mapping (review: {weights: "
			     "...}), found %s",
			     what(&c->ev));
	for (;;) {
		const char *s;

		if ((rc = cnext(c)))
			return rc;
		if (c->ev.type == YAML_MAPPING_END_EVENT)
			return PB_OK;
		if ((rc = scalar(c, "a review key", &s)))
			return rc;
		if (!s || strcmp(s, "weights") != 0)
			return cfail(c, &c->ev.start_mark,
				     "unknown config key 'review.%.64s' "
				     "(expected: review.weights)",
				     s ? s : "");
		if (seen++)
			return cfail(c, &c->ev.start_mark,
				     "duplicate config key 'review.weights'");
		if ((rc = cnext(c)) || (rc = read_weights(c, cfg)))
			return rc;
	}
}

static int read_key(struct cf *c, pb_config *cfg, const char *key)
{
	const char *s;
	int rc;

	if (!strcmp(key, "review"))
		return read_review(c, cfg);
	if ((rc = scalar(c, key, &s)))
		return rc;
	if (!s)
		return PB_OK; /* a null value keeps the default */
	if (!strcmp(key, "database"))
		return set_database(c, cfg, s);
	if (!strcmp(key, "format"))
		return copy(c, "format", s, cfg->format, sizeof cfg->format);
	if (!strcmp(key, "street"))
		return copy(c, "street", s, cfg->street, sizeof cfg->street);
	return set_busy(c, cfg, s);
}

static int read_doc(struct cf *c, pb_config *cfg)
{
	static const char *const keys[] = {"database", "format", "street",
					   "busy_timeout_ms", "review"};
	int rc, seen[5] = {0};

	if ((rc = cnext(c)) || (rc = cnext(c)))
		return rc;
	if (c->ev.type == YAML_STREAM_END_EVENT)
		return PB_OK;
	if ((rc = cnext(c)))
		return rc;
	if (is_null(&c->ev))
		return PB_OK;
	if (c->ev.type != YAML_MAPPING_START_EVENT)
		return cfail(c, &c->ev.start_mark,
			     "config must be a mapping of keys (" KEYS
			     "), found %s",
			     what(&c->ev));
	for (;;) {
		const char *key;
		size_t i;

		if ((rc = cnext(c)))
			return rc;
		if (c->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if ((rc = scalar(c, "a config key", &key)))
			return rc;
		for (i = 0; key && i < sizeof keys / sizeof keys[0]; i++)
			if (!strcmp(key, keys[i]))
				break;
		if (!key || i == sizeof keys / sizeof keys[0])
			return cfail(c, &c->ev.start_mark,
				     "unknown config key '%.64s' (expected one "
				     "of: " KEYS ")",
				     key ? key : "");
		if (seen[i]++)
			return cfail(c, &c->ev.start_mark,
				     "duplicate config key '%s'", keys[i]);
		if ((rc = cnext(c)) || (rc = read_key(c, cfg, keys[i])))
			return rc;
	}
	if ((rc = cnext(c)) || (rc = cnext(c)))
		return rc;
	if (c->ev.type == YAML_DOCUMENT_START_EVENT)
		return cfail(c, &c->ev.start_mark,
			     "config must be one document (remove the second "
			     "'---')");
	return PB_OK;
}

/* The whole file into *buf; errno-style failure as -1. */
static int slurp(const char *path, char **buf, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	char *b;

	if (!fp)
		return -1;
	b = malloc(cap);
	if (!b) {
		fclose(fp);
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		size_t got;

		if (n + 1 == cap) {
			char *nb;

			if (cap > MAX_CONFIG) {
				free(b);
				fclose(fp);
				errno = EFBIG;
				return -1;
			}
			nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				fclose(fp);
				errno = ENOMEM;
				return -1;
			}
			b = nb;
			cap *= 2;
		}
		got = fread(b + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		int err = errno ? errno : EIO;

		free(b);
		fclose(fp);
		errno = err;
		return -1;
	}
	fclose(fp);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

int pb_config_load(pb_config *c, pb_err *e)
{
	char path[4096] = "";
	const char *p, *home = env("HOME");
	char *buf = NULL;
	size_t len = 0;
	struct cf cf;
	int rc, required = 0;

	memset(c, 0, sizeof *c);
	c->busy_timeout_ms = 10000;
	pb_err_clear(e);

	if ((p = env("PB_CONFIG"))) {
		snprintf(path, sizeof path, "%s", p);
		required = 1;
	} else if ((p = env("XDG_CONFIG_HOME"))) {
		snprintf(path, sizeof path, "%s/pb/config.yaml", p);
	} else if (home) {
		snprintf(path, sizeof path, "%s/.config/pb/config.yaml", home);
	}
	if (path[0] && slurp(path, &buf, &len)) {
		/* An absent default file just means no config there. */
		if (required || (errno != ENOENT && errno != ENOTDIR))
			return pb_fail(e, PB_CONFIG,
				       "cannot read config '%s': %s", path,
				       strerror(errno));
		path[0] = '\0';
	}
	if (!path[0]) {
		snprintf(path, sizeof path, "/etc/pb/config.yaml");
		if (slurp(path, &buf, &len)) {
			if (errno == ENOENT || errno == ENOTDIR)
				return PB_OK;
			return pb_fail(e, PB_CONFIG,
				       "cannot read config '%s': %s", path,
				       strerror(errno));
		}
	}
	snprintf(c->path, sizeof c->path, "%s", path);

	memset(&cf, 0, sizeof cf);
	cf.file = c->path;
	cf.buf = buf;
	cf.len = len;
	cf.e = e;
	if (!yaml_parser_initialize(&cf.p)) {
		free(buf);
		return pb_fail(e, PB_SOFTWARE, "out of memory reading '%s'",
			       path);
	}
	yaml_parser_set_input_string(&cf.p, (const unsigned char *)buf, len);
	rc = read_doc(&cf, c);
	if (cf.have_ev)
		yaml_event_delete(&cf.ev);
	yaml_parser_delete(&cf.p);
	free(buf);
	if (rc) {
		/* Keep the file's name for the caller, but no half-read
		 * values. */
		char keep[sizeof c->path];

		memcpy(keep, c->path, sizeof keep);
		memset(c, 0, sizeof *c);
		c->busy_timeout_ms = 10000;
		memcpy(c->path, keep, sizeof keep);
	}
	return rc;
}

const char *pb_db_unusable(const char *value)
{
	if (!*value)
		return "is empty";
	if (strcmp(value, ":memory:") == 0)
		return "is SQLite's in-memory database, which is gone when the "
		       "command ends";
	/* SQLite would take "file:..." as a URI (file::memory:, mode=memory,
	 * immutable=1); pb takes paths. */
	if (strncmp(value, "file:", 5) == 0)
		return "is a SQLite URI, not a path (./file:... names a file of "
		       "that name)";
	return NULL;
}

int pb_db_locate(const char *opt, const pb_config *c, char *out, size_t len,
		 int *source, pb_err *e)
{
	static const char *const names[] = {"", "--db", "PB_DB"};
	const char *p, *bad, *given = NULL; /* by the option or PB_DB */
	int n, src = PB_DB_DEFAULT;

	/* An empty PB_DB is unset, as a shell's `PB_DB= cmd` means; an
	 * empty --db is a mistake. */
	if (opt) {
		src = PB_DB_OPTION;
		given = opt;
		n = snprintf(out, len, "%s", given);
	} else if ((p = env("PB_DB"))) {
		src = PB_DB_ENV;
		given = p;
		n = snprintf(out, len, "%s", given);
	} else if (c && c->database[0]) {
		src = PB_DB_CONFIG;
		n = snprintf(out, len, "%s", c->database);
	} else if ((p = env("XDG_DATA_HOME")))
		n = snprintf(out, len, "%s/pb/pb.db", p);
	else if ((p = env("HOME")))
		n = snprintf(out, len, "%s/.local/share/pb/pb.db", p);
	else {
		if (len)
			out[0] = '\0';
		return pb_fail(e, PB_CONFIG,
			       "cannot find a database: set --db or PB_DB");
	}
	if (source)
		*source = src;
	/* The config file's value was checked where it was read. */
	if (given && (bad = pb_db_unusable(given))) {
		if (len)
			out[0] = '\0';
		return pb_fail(e, PB_USAGE,
			       "%s '%s' %s: name the database file", names[src],
			       given, bad);
	}
	if (n < 0 || (size_t)n >= len) {
		if (len)
			out[0] = '\0';
		return pb_fail(e, PB_CONFIG,
			       "database path is too long (at most %zu bytes)",
			       len ? len - 1 : 0);
	}
	return PB_OK;
}

int pb_db_path(const char *opt, const pb_config *c, char *out, size_t len,
	       pb_err *e)
{
	return pb_db_locate(opt, c, out, len, NULL, e);
}
