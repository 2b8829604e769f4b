/* The YAML reader of import and load: libyaml's event parser, streamed, so
 * memory stays flat however many records a file holds.  Each record is
 * built, handed to the caller and freed.  Every scalar is kept as a string
 * (the record modules validate per field); aliases are refused, so an
 * alias bomb never expands, and nesting is capped with a depth counter
 * (libyaml itself keeps its stacks on the heap, and skipping is a loop).
 * The parsing runs in a thread of its own, beside the caller's writes:
 * records reach the caller through a short queue, in order, and the
 * reader's errors join the caller's where they fall between them, so
 * the caller sees what reading and calling in turn would show.  A prep
 * hook given runs there too, on each record before it is queued: the
 * import makes each record's fields there (pb_yrec_prepare). */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "pb.h"

#define MAX_DEPTH 8
#define MAX_SCALAR (1024 * 1024)
#define MAX_KEYS 256
/* Bytes kept of what libyaml read, to place its reader errors (which carry
 * a byte offset, not a line): larger than libyaml's raw buffer, so the
 * offset of a bad byte is always inside it. */
#define WIN (64 * 1024)
/* Records read ahead of the caller: an event, its nested records and
 * their fields made ahead (pb_yrec_prepare) take about 7 KB, so about
 * 2 MB. */
#define QUEUE 256

/* A record's keys, values and nested records live in blocks that it
 * alone owns: the reader makes them, the caller's thread frees them, a
 * free a block, not one a string (an event's seventy or so, each freed
 * on the caller's thread into the reader's arena, were 7% of an
 * import's writing thread). */
typedef struct block {
	struct block *next;
	size_t used, cap;
	max_align_t data[];
} block;
/* A record's first block is as large as the last record took and a
 * quarter more (records of a section are alike), within these bounds; a
 * record past it takes more blocks, each twice the last. */
#define BLOCK_MIN 1024
#define BLOCK_MAX (64 * 1024)

/* A record handed over; rec NULL: the reading ended.  ndiags: the
 * reader's errors before it. */
typedef struct item {
	const char *section;
	pb_yrec *rec;
	block *mem; /* where rec lives */
	int ndiags;
} item;

struct rd {
	yaml_parser_t p;
	yaml_event_t ev;
	int have_ev;
	int fatal;    /* syntax, memory or read error: stop reading */
	int code;     /* what to return for a fatal stop */
	int fn_rc;    /* fn asked to stop with this */
	unsigned long nuls; /* scalars refused for holding a NUL */
	FILE *fp;
	int read_errno;
	const char *file; /* name in messages */
	pb_diags *d;
	pb_err *e;
	const char *const *sections;
	/* the window: stream offset of win[0], line and column there */
	unsigned char win[WIN];
	size_t win_start, win_len;
	long wline, wcol;
	int wcr;
	/* The hand-over between the reading thread and the caller's. */
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_take;
	item q[QUEUE];
	size_t head, count;
	int stop;	 /* the caller asked to stop */
	int putting, taking; /* a side waits: the other wakes it */
	pb_diags mine;	 /* the reader's errors, d for the caller */
	pb_err failure;	 /* the reader's own failure (memory, I/O) */
	char **names;	 /* the sections' names, kept until the end */
	size_t nnames;
	block *mem; /* the blocks of the record being read */
	size_t first; /* the size of a record's first block */
	pb_yrec_prep_fn prep; /* run on each record before it is handed */
	void *pctx;
	int always; /* prep every record, not only while the caller is behind */
	int behind; /* the caller has records waiting: prep them */
};

static long line_of(const yaml_mark_t *m)
{
	return (long)m->line + 1;
}

static long col_of(const yaml_mark_t *m)
{
	return (long)m->column + 1;
}

/* Advance a line/column count over bytes as libyaml counts them: CR, LF
 * and CRLF end a line, a column is a character, a UTF-8 BOM at the start
 * of the stream takes no column. */
static void count(const unsigned char *s, size_t n, size_t off, long *line,
		  long *col, int *cr)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char b = s[i];

		if (off + i < 3 && b == (unsigned char)"\xEF\xBB\xBF"[off + i])
			continue;
		if (b == '\n') {
			if (!*cr)
				(*line)++;
			*col = 0;
			*cr = 0;
		} else if (b == '\r') {
			(*line)++;
			*col = 0;
			*cr = 1;
		} else {
			if ((b & 0xC0) != 0x80)
				(*col)++;
			*cr = 0;
		}
	}
}

static int read_handler(void *data, unsigned char *buf, size_t size,
			size_t *got)
{
	struct rd *r = data;
	size_t n;

	if (size > WIN)
		size = WIN;
	n = fread(buf, 1, size, r->fp);
	if (n == 0 && ferror(r->fp)) {
		r->read_errno = errno ? errno : EIO;
		return 0;
	}
	if (r->win_len + n > WIN) {
		size_t drop = r->win_len + n - WIN;

		count(r->win, drop, r->win_start, &r->wline, &r->wcol, &r->wcr);
		memmove(r->win, r->win + drop, r->win_len - drop);
		r->win_start += drop;
		r->win_len -= drop;
	}
	memcpy(r->win + r->win_len, buf, n);
	r->win_len += n;
	*got = n;
	return 1;
}

static int diag(struct rd *r, const yaml_mark_t *m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int diag(struct rd *r, const yaml_mark_t *m, const char *fmt, ...)
{
	pb_err e;
	va_list ap;

	pb_fail_at(&e, PB_DATAERR, r->file, m ? line_of(m) : 0,
		   m ? col_of(m) : 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	pb_diags_add(r->d, &e);
	return PB_DATAERR;
}

/* A failed yaml_parser_parse: say where and why, and stop. */
static void parse_error(struct rd *r)
{
	yaml_parser_t *p = &r->p;
	const char *problem = p->problem ? p->problem : "unknown error";

	r->fatal = 1;
	r->code = PB_DATAERR;
	if (p->error == YAML_MEMORY_ERROR) {
		r->code = pb_fail(r->e, PB_SOFTWARE, "out of memory reading '%s'",
				  r->file);
		return;
	}
	if (p->error == YAML_READER_ERROR && r->read_errno) {
		r->code = pb_fail(r->e, PB_IOERR, "cannot read '%s': %s",
				  r->file, strerror(r->read_errno));
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		/* Only a byte offset: place it using the window. */
		size_t off = p->problem_offset;
		long line = 0, col = 0;

		/* libyaml gives the offset of a bad continuation byte;
		 * the character starts at its lead byte. */
		if (!strncmp(problem, "invalid trailing", 16))
			while (off > r->win_start && off - r->win_start <=
			       r->win_len && off > 0) {
				unsigned char b = r->win[--off - r->win_start];

				if ((b & 0xC0) != 0x80)
					break;
			}
		if (off >= r->win_start && off - r->win_start <= r->win_len) {
			long l = r->wline, c = r->wcol;
			int cr = r->wcr;

			count(r->win, off - r->win_start, r->win_start, &l, &c,
			      &cr);
			line = l + 1;
			col = c + 1;
		}
		if (p->problem_value != -1)
			pb_diag(r->d, PB_DATAERR, r->file, line, col,
				"invalid input: %s (byte 0x%02X); the file "
				"must be UTF-8 text",
				problem, (unsigned)p->problem_value & 0xFFu);
		else
			pb_diag(r->d, PB_DATAERR, r->file, line, col,
				"invalid input: %s", problem);
		return;
	}
	if (p->context)
		diag(r, &p->problem_mark,
		     "invalid yaml: %s %s that started at line %ld", problem,
		     p->context, line_of(&p->context_mark));
	else
		diag(r, &p->problem_mark, "invalid yaml: %s", problem);
}

/* The next event into r->ev; -1 once reading must stop.  A scalar is
 * taken whole, with its length: a "\0" escape would otherwise cut it
 * short, and "hn\0evil" would be read as the code hn of another record.
 * Such a scalar is an error here, for every key and value alike, and
 * counted, so the record holding it is never handed on. */
static int next(struct rd *r)
{
	size_t at;

	if (r->have_ev) {
		yaml_event_delete(&r->ev);
		r->have_ev = 0;
	}
	if (r->fatal)
		return -1;
	if (!yaml_parser_parse(&r->p, &r->ev)) {
		parse_error(r);
		return -1;
	}
	r->have_ev = 1;
	if (r->ev.type == YAML_SCALAR_EVENT &&
	    (at = pb_utf8_nul_at((const char *)r->ev.data.scalar.value,
				 r->ev.data.scalar.length)) != 0) {
		diag(r, &r->ev.start_mark,
		     "NUL character (U+0000) at character %zu: no key or value "
		     "may hold one",
		     at);
		r->nuls++;
	}
	return 0;
}

static const char *kind_name(yaml_event_type_t t)
{
	switch (t) {
	case YAML_SCALAR_EVENT:
		return "a scalar";
	case YAML_SEQUENCE_START_EVENT:
		return "a list";
	case YAML_MAPPING_START_EVENT:
		return "a mapping";
	case YAML_ALIAS_EVENT:
		return "an alias";
	default:
		return "something else";
	}
}

/* Skip the node whose first event is current, at nesting `depth`, with a
 * counter rather than recursion; nesting past the cap is reported once. */
static int skip(struct rd *r, int depth)
{
	int level = 0, told = 0;

	for (;;) {
		switch (r->ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			level++;
			if (depth + level - 1 > MAX_DEPTH && !told) {
				diag(r, &r->ev.start_mark,
				     "nesting deeper than %d levels is not "
				     "allowed",
				     MAX_DEPTH);
				told = 1;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			level--;
			break;
		case YAML_ALIAS_EVENT:
			diag(r, &r->ev.start_mark,
			     "aliases are not allowed (write the value out)");
			break;
		default:
			break;
		}
		if (level == 0)
			return 0;
		if (next(r))
			return -1;
	}
}

static int is_null_scalar(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    ev->data.scalar.tag)
		return 0;
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
	       !strcmp(s, "Null") || !strcmp(s, "NULL");
}

static int is_quoted(const yaml_event_t *ev)
{
	const char *tag = (const char *)ev->data.scalar.tag;

	/* A block scalar or an explicit !!str is as much text as a quoted
	 * one: no YAML reader takes it for a number. */
	return ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	       (tag && !strcmp(tag, YAML_STR_TAG));
}

static void free_blocks(block *b)
{
	while (b) {
		block *next = b->next;

		free(b);
		b = next;
	}
}

static int oom(struct rd *r)
{
	r->fatal = 1;
	r->code = pb_fail(r->e, PB_SOFTWARE, "out of memory reading '%s'",
			  r->file);
	return -1;
}

/* n bytes of the current record's blocks, zeroed; NULL when out of
 * memory. */
static void *take(struct rd *r, size_t n)
{
	block *b = r->mem;
	size_t at;

	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) *
	    sizeof(max_align_t);
	if (!b || b->cap - b->used < n) {
		size_t cap = b ? 2 * b->cap : r->first;

		if (cap < n)
			cap = n;
		if (!(b = malloc(sizeof *b + cap)))
			return NULL;
		b->next = r->mem;
		b->used = 0;
		b->cap = cap;
		r->mem = b;
	}
	at = b->used;
	b->used += n;
	return memset((char *)b->data + at, 0, n);
}

static char *copy(struct rd *r, const char *s)
{
	size_t n = strlen(s) + 1;
	char *c = take(r, n);

	return c ? memcpy(c, s, n) : NULL;
}

/* The array a of *cap items of size each, copied into room for twice
 * as many (first, the first time); NULL when out of memory. */
static void *grow(struct rd *r, const void *a, size_t *cap, size_t first,
		  size_t size)
{
	size_t ncap = *cap ? 2 * *cap : first;
	void *na = take(r, ncap * size);

	if (na && *cap)
		memcpy(na, a, *cap * size);
	if (na)
		*cap = ncap;
	return na;
}

static int read_record(struct rd *r, int depth, pb_yrec **out, int *bad);

/* The current event starts the value of v, a list of records. */
static int read_subs(struct rd *r, int depth, pb_yval *v, int *bad)
{
	size_t cap = 0;

	for (;;) {
		if (next(r))
			return -1;
		if (r->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (r->ev.type == YAML_ALIAS_EVENT) {
			*bad = 1;
			if (skip(r, depth + 1))
				return -1;
			continue;
		}
		if (r->ev.type != YAML_MAPPING_START_EVENT) {
			diag(r, &r->ev.start_mark,
			     "'%s' must be a list of records (mappings), found "
			     "%s in it",
			     v->key, kind_name(r->ev.type));
			*bad = 1;
			if (skip(r, depth + 1))
				return -1;
			continue;
		}
		if (depth + 1 > MAX_DEPTH) {
			*bad = 1;
			if (skip(r, depth + 1))
				return -1;
			continue;
		}
		if (v->nsubs == cap &&
		    !(v->subs = grow(r, v->subs, &cap, 4, sizeof *v->subs)))
			return oom(r);
		if (read_record(r, depth + 1, &v->subs[v->nsubs], bad))
			return -1;
		v->nsubs++;
	}
}

/* The current event is the MAPPING_START of a record at nesting depth. */
static int read_record(struct rd *r, int depth, pb_yrec **out, int *bad)
{
	pb_yrec *rec = take(r, sizeof *rec);
	size_t cap = 0;
	int told_keys = 0;

	*out = rec;
	if (!rec)
		return oom(r);
	rec->reader = r;
	rec->file = r->file;
	rec->line = line_of(&r->ev.start_mark);
	rec->col = col_of(&r->ev.start_mark);
	for (;;) {
		pb_yval *v;
		const char *key;
		unsigned long nuls = r->nuls;

		if (next(r))
			return -1;
		if (r->ev.type == YAML_MAPPING_END_EVENT)
			return 0;
		if (r->ev.type != YAML_SCALAR_EVENT) {
			if (r->ev.type != YAML_ALIAS_EVENT)
				diag(r, &r->ev.start_mark,
				     "a key must be a scalar, found %s",
				     kind_name(r->ev.type));
			*bad = 1;
			if (skip(r, depth + 1) || next(r) ||
			    skip(r, depth + 1))
				return -1;
			continue;
		}
		key = (const char *)r->ev.data.scalar.value;
		if (r->ev.data.scalar.length > 1024 || r->nuls != nuls) {
			if (r->nuls == nuls)
				diag(r, &r->ev.start_mark,
				     "key longer than 1024 bytes");
			*bad = 1;
			if (next(r) || skip(r, depth + 1))
				return -1;
			continue;
		}
		for (size_t i = 0; i < rec->n; i++) {
			if (!strcmp(rec->v[i].key, key)) {
				diag(r, &r->ev.start_mark,
				     "duplicate key '%s' (first at line %ld)",
				     key, rec->v[i].kline);
				*bad = 1;
				key = NULL;
				break;
			}
		}
		if (key && rec->n == MAX_KEYS) {
			if (!told_keys)
				diag(r, &r->ev.start_mark,
				     "a record may have at most %d keys",
				     MAX_KEYS);
			told_keys = 1;
			*bad = 1;
			key = NULL;
		}
		if (!key) {
			if (next(r) || skip(r, depth + 1))
				return -1;
			continue;
		}
		if (rec->n == cap &&
		    !(rec->v = grow(r, rec->v, &cap, 8, sizeof *rec->v)))
			return oom(r);
		v = &rec->v[rec->n];
		memset(v, 0, sizeof *v);
		v->key = copy(r, key);
		if (!v->key)
			return oom(r);
		rec->n++;
		v->kline = line_of(&r->ev.start_mark);
		v->kcol = col_of(&r->ev.start_mark);

		if (next(r))
			return -1;
		v->line = line_of(&r->ev.start_mark);
		v->col = col_of(&r->ev.start_mark);
		switch (r->ev.type) {
		case YAML_SCALAR_EVENT:
			if (r->ev.data.scalar.length > MAX_SCALAR) {
				diag(r, &r->ev.start_mark,
				     "value of '%s' is longer than 1 MiB",
				     v->key);
				*bad = 1;
				break;
			}
			v->quoted = is_quoted(&r->ev);
			if (is_null_scalar(&r->ev)) {
				v->is_null = 1;
				break;
			}
			v->text = copy(r, (const char *)r->ev.data.scalar.value);
			if (!v->text)
				return oom(r);
			break;
		case YAML_SEQUENCE_START_EVENT:
			v->is_seq = 1;
			if (depth + 1 > MAX_DEPTH) {
				*bad = 1;
				if (skip(r, depth + 1))
					return -1;
				break;
			}
			if (read_subs(r, depth + 1, v, bad))
				return -1;
			break;
		case YAML_ALIAS_EVENT:
			diag(r, &r->ev.start_mark,
			     "aliases are not allowed (write the value out)");
			*bad = 1;
			break;
		default:
			diag(r, &r->ev.start_mark,
			     "'%s' must be a scalar or a list of records, "
			     "found %s",
			     v->key, kind_name(r->ev.type));
			*bad = 1;
			if (skip(r, depth + 1))
				return -1;
			break;
		}
	}
}

static void section_list(const char *const *sections, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; sections[i] && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "",
				 sections[i]);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* The index of name in r->sections, or -1. */
static int section_index(struct rd *r, const char *name)
{
	for (int i = 0; r->sections[i]; i++)
		if (!strcmp(r->sections[i], name))
			return i;
	return -1;
}

void *pb_yrec_alloc(pb_yrec *y, size_t n)
{
	return y && y->reader ? take(y->reader, n) : NULL;
}

/* The record and those in it no longer the reader's to add to: the
 * caller's thread has them next. */
static void let_go(pb_yrec *rec)
{
	size_t i, j;

	rec->reader = NULL;
	for (i = 0; i < rec->n; i++)
		for (j = 0; j < rec->v[i].nsubs; j++)
			let_go(rec->v[i].subs[j]);
}

/* Hand a record, and the blocks it lives in, to the caller's thread,
 * waiting while the queue is full: 0, or -1 once the caller asked to
 * stop (the record freed). */
static int put(struct rd *r, const char *section, pb_yrec *rec)
{
	block *mem = r->mem, *b;
	size_t used = 0;
	int stop;

	r->mem = NULL;
	for (b = mem; b; b = b->next)
		used += b->used;
	used += used / 4;
	r->first = used < BLOCK_MIN ? BLOCK_MIN : used > BLOCK_MAX ? BLOCK_MAX : used;

	pthread_mutex_lock(&r->mu);
	while (r->count == QUEUE && !r->stop) {
		r->putting = 1;
		pthread_cond_wait(&r->can_put, &r->mu);
		r->putting = 0;
	}
	if (!(stop = r->stop)) {
		item *it = &r->q[(r->head + r->count++) % QUEUE];

		it->section = section;
		it->rec = rec;
		it->mem = mem;
		it->ndiags = r->mine.n + r->mine.more;
		/* The reader has time for prep while the caller is behind
		 * (an import's writes); when the caller waits for records (a
		 * re-import, which writes nothing) prep would only make it
		 * wait longer, and the caller does it itself. */
		r->behind = r->count > QUEUE / 4;
		/* A wake-up is a system call: only for a waiting side. */
		if (r->taking)
			pthread_cond_signal(&r->can_take);
	}
	pthread_mutex_unlock(&r->mu);
	if (stop)
		free_blocks(mem);
	return stop ? -1 : 0;
}

/* The record being read thrown away, with its blocks. */
static void drop(struct rd *r)
{
	free_blocks(r->mem);
	r->mem = NULL;
}

/* The current event is the first of a section's value: its records. */
static int read_section(struct rd *r, const char *name)
{
	if (r->ev.type == YAML_SCALAR_EVENT && is_null_scalar(&r->ev))
		return 0;
	if (r->ev.type == YAML_ALIAS_EVENT) {
		diag(r, &r->ev.start_mark,
		     "aliases are not allowed (write the value out)");
		return 0;
	}
	if (r->ev.type != YAML_SEQUENCE_START_EVENT) {
		diag(r, &r->ev.start_mark,
		     "section '%s' must be a list of records, found %s", name,
		     kind_name(r->ev.type));
		return skip(r, 2);
	}
	for (;;) {
		pb_yrec *rec = NULL;
		unsigned long nuls = r->nuls;
		int bad = 0, rc;

		if (next(r))
			return -1;
		if (r->ev.type == YAML_SEQUENCE_END_EVENT)
			return 0;
		if (r->ev.type != YAML_MAPPING_START_EVENT) {
			if (r->ev.type != YAML_ALIAS_EVENT)
				diag(r, &r->ev.start_mark,
				     "each item of '%s' must be a record (a "
				     "mapping), found %s",
				     name, kind_name(r->ev.type));
			if (skip(r, 3))
				return -1;
			continue;
		}
		if (read_record(r, 3, &rec, &bad)) {
			drop(r);
			return -1;
		}
		if (bad || r->nuls != nuls) {
			drop(r);
			continue;
		}
		if (r->prep && (r->always || r->behind))
			r->prep(r->pctx, name, rec);
		let_go(rec);
		if ((rc = put(r, name, rec)) != 0) {
			r->fatal = 1;
			return -1;
		}
	}
}

/* The current event is the top-level MAPPING_START. */
static int read_top(struct rd *r)
{
	unsigned char seen[64] = {0};

	for (;;) {
		char *name;
		yaml_mark_t km;
		unsigned long nuls = r->nuls;
		int known, rc;

		if (next(r))
			return -1;
		known = r->nuls == nuls;
		if (r->ev.type == YAML_MAPPING_END_EVENT)
			return 0;
		if (r->ev.type != YAML_SCALAR_EVENT) {
			if (r->ev.type != YAML_ALIAS_EVENT)
				diag(r, &r->ev.start_mark,
				     "a section name must be a scalar, found "
				     "%s",
				     kind_name(r->ev.type));
			if (skip(r, 2) || next(r) || skip(r, 2))
				return -1;
			continue;
		}
		km = r->ev.start_mark;
		if (r->sections && known) {
			int i = section_index(r, (const char *)r->ev.data.scalar
							 .value);

			if (i < 0) {
				char list[PB_MSG_MAX / 2];

				section_list(r->sections, list, sizeof list);
				diag(r, &km,
				     "unknown section '%.64s' (expected one of: "
				     "%s)",
				     (const char *)r->ev.data.scalar.value,
				     list);
				known = 0;
			} else if (i < 64 && seen[i]++) {
				diag(r, &km,
				     "duplicate section '%s' (write all its "
				     "records under one key)",
				     r->sections[i]);
				known = 0;
			}
		}
		if (!known) {
			if (next(r) || skip(r, 2))
				return -1;
			continue;
		}
		/* Kept to the end: the caller may not have its records yet. */
		{
			char **grown = realloc(r->names, (r->nnames + 1) *
							     sizeof *grown);

			if (grown)
				r->names = grown;
			name = strdup((const char *)r->ev.data.scalar.value);
			if (!grown || !name) {
				free(name);
				return oom(r);
			}
			r->names[r->nnames++] = name;
		}
		rc = next(r) ? -1 : read_section(r, name);
		if (rc)
			return -1;
	}
}

static int read_stream(struct rd *r)
{
	if (next(r)) /* STREAM_START */
		return -1;
	if (next(r))
		return -1;
	if (r->ev.type == YAML_STREAM_END_EVENT)
		return 0;
	if (next(r)) /* past DOCUMENT_START */
		return -1;
	switch (r->ev.type) {
	case YAML_MAPPING_START_EVENT:
		if (read_top(r))
			return -1;
		break;
	case YAML_SCALAR_EVENT:
		if (is_null_scalar(&r->ev))
			break;
		/* fall through */
	default:
		diag(r, &r->ev.start_mark,
		     "the document must be a mapping of sections to lists of "
		     "records, found %s",
		     kind_name(r->ev.type));
		if (skip(r, 1))
			return -1;
		break;
	}
	if (next(r)) /* DOCUMENT_END */
		return -1;
	if (next(r))
		return -1;
	if (r->ev.type == YAML_DOCUMENT_START_EVENT)
		diag(r, &r->ev.start_mark,
		     "only one document is allowed (remove the second '---')");
	return 0;
}

/* The reading thread: the whole stream, then the end. */
static void *reader(void *arg)
{
	struct rd *r = arg;

	read_stream(r);
	pthread_mutex_lock(&r->mu);
	while (r->count == QUEUE) {
		r->putting = 1;
		pthread_cond_wait(&r->can_put, &r->mu);
		r->putting = 0;
	}
	r->q[(r->head + r->count++) % QUEUE] =
		(item){NULL, NULL, NULL, r->mine.n + r->mine.more};
	pthread_cond_signal(&r->can_take);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* The reader's errors up to upto joined to the caller's, in order. */
static void merge(pb_diags *d, const pb_diags *mine, int *merged, int upto)
{
	for (; *merged < upto; (*merged)++) {
		if (*merged < PB_MAX_DIAGS) {
			pb_diags_add(d, &mine->item[*merged]);
			continue;
		}
		d->more++; /* past what mine kept: d is as full */
		if (d->code == PB_OK)
			d->code = PB_DATAERR;
	}
}

/* Take the records in order and call fn with each, until the end. */
static void hand_over(struct rd *r, pb_yrec_fn fn, void *ctx, pb_diags *d)
{
	int merged = 0;

	for (;;) {
		item it;

		pthread_mutex_lock(&r->mu);
		while (!r->count) {
			r->taking = 1;
			pthread_cond_wait(&r->can_take, &r->mu);
			r->taking = 0;
		}
		it = r->q[r->head];
		r->head = (r->head + 1) % QUEUE;
		r->count--;
		/* The reader waits for room: wake it once there is a good
		 * deal of it, not for every record. */
		if (r->putting && r->count <= QUEUE / 2)
			pthread_cond_signal(&r->can_put);
		pthread_mutex_unlock(&r->mu);
		/* Past a stop nothing more would have been read. */
		if (!r->fn_rc)
			merge(d, &r->mine, &merged, it.ndiags);
		if (!it.rec)
			break;
		if (!r->fn_rc && (r->fn_rc = fn(ctx, it.section, it.rec)) != 0) {
			pthread_mutex_lock(&r->mu);
			r->stop = 1;
			pthread_cond_broadcast(&r->can_put);
			pthread_mutex_unlock(&r->mu);
		}
		free_blocks(it.mem);
	}
}

/* Read in a thread of its own, signals left to the caller's; -1 when no
 * thread can be had. */
static int read_beside(struct rd *r, pb_yrec_fn fn, void *ctx, pb_diags *d)
{
	sigset_t all, old;
	pthread_t t;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t, NULL, reader, r);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -1;
	hand_over(r, fn, ctx, d);
	pthread_join(t, NULL);
	return 0;
}

int pb_yaml_read(const char *path, const char *const *sections,
		 pb_yrec_fn fn, void *ctx, pb_diags *d, pb_err *e)
{
	return pb_yaml_read_prep(path, sections, NULL, NULL, 0, fn, ctx, d, e);
}

int pb_yaml_read_prep(const char *path, const char *const *sections,
		      pb_yrec_prep_fn prep, void *pctx, int always,
		      pb_yrec_fn fn, void *ctx, pb_diags *d, pb_err *e)
{
	struct rd *r;
	struct stat st;
	int before = d->n + d->more, rc;
	int is_stdin = !strcmp(path, "-");

	pb_err_clear(e);
	r = calloc(1, sizeof *r);
	if (!r)
		return pb_fail(e, PB_SOFTWARE, "out of memory reading '%s'",
			       path);
	r->file = is_stdin ? "<stdin>" : path;
	pb_diags_init(&r->mine);
	r->d = &r->mine;
	r->e = &r->failure;
	r->sections = sections;
	r->first = BLOCK_MIN;
	r->prep = prep;
	r->pctx = pctx;
	r->always = always;
	r->fp = is_stdin ? stdin : fopen(path, "rb");
	if (!r->fp) {
		rc = pb_fail(e, PB_NOINPUT, "cannot open '%s': %s", path,
			     strerror(errno));
		free(r);
		return rc;
	}
	if (fstat(fileno(r->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = pb_fail(e, PB_NOINPUT, "cannot open '%s': %s", path,
			     strerror(EISDIR));
		if (!is_stdin)
			fclose(r->fp);
		free(r);
		return rc;
	}
	if (!yaml_parser_initialize(&r->p)) {
		if (!is_stdin)
			fclose(r->fp);
		free(r);
		return pb_fail(e, PB_SOFTWARE, "out of memory reading '%s'",
			       path);
	}
	yaml_parser_set_input(&r->p, read_handler, r);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->can_put, NULL);
	pthread_cond_init(&r->can_take, NULL);

	/* Without a thread, the same hand-over after reading would hold the
	 * whole file: this one fails rather than do that. */
	if (read_beside(r, fn, ctx, d) != 0) {
		r->fatal = 1;
		r->code = pb_fail(&r->failure, PB_SOFTWARE,
				  "cannot start a thread to read '%s'", r->file);
	}

	pthread_cond_destroy(&r->can_take);
	pthread_cond_destroy(&r->can_put);
	pthread_mutex_destroy(&r->mu);
	while (r->nnames)
		free(r->names[--r->nnames]);
	free(r->names);
	if (r->have_ev)
		yaml_event_delete(&r->ev);
	yaml_parser_delete(&r->p);
	if (!is_stdin)
		fclose(r->fp);
	if (r->fn_rc)
		rc = r->fn_rc;
	else if (r->fatal && r->code != PB_DATAERR) {
		rc = r->code; /* an I/O or memory failure */
		*e = r->failure;
	} else if (d->n + d->more > before) {
		rc = PB_DATAERR;
		if (d->n > before)
			*e = d->item[before];
		else
			pb_fail(e, PB_DATAERR, "too many errors in '%s'",
				r->file);
	} else
		rc = PB_OK;
	free(r);
	return rc;
}

pb_yval *pb_yrec_get(pb_yrec *r, const char *key)
{
	if (!r)
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].key, key))
			return &r->v[i];
	return NULL;
}
