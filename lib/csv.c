/* Rosters to and from Excel.  The writer (at the end) converts one
 * record at a time.  The reader is a streaming RFC 4180 one: UTF-8
 * with or without a byte-order mark, or GBK/GB18030 converted through
 * iconv(3) as it is read.  Input goes through fixed 64 KiB buffers and a
 * record buffer capped by the field limits, so memory does not grow with
 * the file.  An error in one record is reported once the whole record has
 * been read, so the caller can go on and list the errors of the others. */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fmt_common.h"
#include "pb.h"

#define CHUNK (64 * 1024)
/* Converted text: a GB18030 byte yields at most 1.5 bytes of UTF-8 (two
 * bytes become three), and a bad byte one marker byte. */
#define OUTCAP (2 * CHUNK + 16)
/* An incomplete multibyte sequence carried to the next chunk: GB18030
 * sequences are at most 4 bytes. */
#define CARRY_MAX 8
#define FIELD_MAX (1024 * 1024)
#define FIELDS_MAX 1000

/* Never valid UTF-8: stands in the converted text for an undecodable
 * GB18030 byte, so the record holding it is refused by the same UTF-8
 * check as raw input and reading can go on. */
#define BAD_BYTE 0xFF

enum { C_EOF = -1, C_FAIL = -2 };

struct pb_csv {
	FILE *fp;
	int is_stdin;
	char *name;
	iconv_t cd; /* (iconv_t)-1 when the input is UTF-8 */
	unsigned char *raw;
	size_t carry;
	unsigned char *buf; /* text to parse: raw itself, or converted */
	size_t len, pos;
	int eof, at_start, done;
	int utf16; /* the file starts with a UTF-16 byte-order mark */
	int io_errno;
	long line; /* physical line of the next byte */

	char *rec; /* the record's fields, each NUL-terminated */
	size_t rlen, rcap;
	size_t off[FIELDS_MAX];
	char *fields[FIELDS_MAX];
	size_t nf;
};

static int fill(pb_csv *r)
{
	size_t n, inleft;
	char *in, *out;
	size_t outleft;

	if (r->io_errno)
		return -1;
	while (!r->eof) {
		n = fread(r->raw + r->carry, 1, CHUNK, r->fp);
		if (n < CHUNK) {
			if (ferror(r->fp)) {
				r->io_errno = errno ? errno : EIO;
				return -1;
			}
			r->eof = 1;
		}
		r->pos = 0;
		if (r->at_start && r->carry + n >= 2 &&
		    ((r->raw[0] == 0xFF && r->raw[1] == 0xFE) ||
		     (r->raw[0] == 0xFE && r->raw[1] == 0xFF)))
			r->utf16 = 1;
		if (r->cd == (iconv_t)-1) {
			r->len = n;
		} else {
			in = (char *)r->raw;
			inleft = r->carry + n;
			out = (char *)r->buf;
			outleft = OUTCAP;
			r->carry = 0;
			while (inleft > 0) {
				if (iconv(r->cd, &in, &inleft, &out, &outleft) !=
				    (size_t)-1)
					break;
				if (errno == EINVAL && !r->eof) {
					/* Completed by the next chunk. */
					memmove(r->raw, in, inleft);
					r->carry = inleft;
					break;
				}
				if (errno != EILSEQ && errno != EINVAL) {
					r->io_errno = errno;
					return -1;
				}
				*out++ = (char)BAD_BYTE;
				outleft--;
				in++;
				inleft--;
			}
			r->len = (size_t)(out - (char *)r->buf);
		}
		if (r->at_start && r->len > 0) {
			r->at_start = 0;
			if (r->len >= 3 && !memcmp(r->buf, "\xEF\xBB\xBF", 3))
				r->pos = 3;
		}
		if (r->pos < r->len)
			return 1;
	}
	return 0;
}

static inline int getch(pb_csv *r)
{
	int rc;

	if (r->pos < r->len)
		return r->buf[r->pos++];
	rc = fill(r);
	if (rc > 0)
		return r->buf[r->pos++];
	return rc == 0 ? C_EOF : C_FAIL;
}

static inline int peekch(pb_csv *r)
{
	int rc;

	if (r->pos < r->len)
		return r->buf[r->pos];
	rc = fill(r);
	if (rc > 0)
		return r->buf[r->pos];
	return rc == 0 ? C_EOF : C_FAIL;
}

enum { ENC_UTF8, ENC_GB18030, ENC_GBK };

/* The encodings a roster comes and goes in, by name in any case; -1 with
 * PB_USAGE for another. */
static int encoding_kind(const char *encoding, pb_err *e)
{
	if (!encoding || !strcasecmp(encoding, "utf-8") ||
	    !strcasecmp(encoding, "utf8"))
		return ENC_UTF8;
	if (!strcasecmp(encoding, "gb18030"))
		return ENC_GB18030;
	if (!strcasecmp(encoding, "gbk"))
		return ENC_GBK;
	pb_fail(e, PB_USAGE,
		"unknown encoding '%s' (expected utf-8, gb18030 or gbk)", encoding);
	return -1;
}

int pb_csv_open(const char *path, const char *encoding, pb_csv **out,
		pb_err *e)
{
	pb_csv *r;
	struct stat st;
	int gb = 0;

	*out = NULL;
	pb_err_clear(e);
	if ((gb = encoding_kind(encoding, e)) < 0)
		return e->code;
	r = calloc(1, sizeof *r);
	if (!r)
		return pb_fail(e, PB_SOFTWARE, "out of memory reading '%s'",
			       path);
	r->cd = (iconv_t)-1;
	r->is_stdin = !strcmp(path, "-");
	r->name = strdup(r->is_stdin ? "<stdin>" : path);
	r->raw = malloc(CHUNK + CARRY_MAX);
	if (gb) {
		r->buf = malloc(OUTCAP);
		/* GBK is a subset of GB18030, so one decoder serves both. */
		r->cd = iconv_open("UTF-8", "GB18030");
		if (r->cd == (iconv_t)-1) {
			pb_csv_close(r);
			return pb_fail(e, PB_SOFTWARE,
				       "cannot convert from GB18030: %s",
				       strerror(errno));
		}
	} else {
		r->buf = r->raw;
	}
	if (!r->name || !r->raw || !r->buf) {
		pb_csv_close(r);
		return pb_fail(e, PB_SOFTWARE, "out of memory reading '%s'",
			       path);
	}
	r->fp = r->is_stdin ? stdin : fopen(path, "rb");
	if (!r->fp) {
		pb_fail(e, PB_NOINPUT, "cannot open '%s': %s", r->name,
			strerror(errno));
		pb_csv_close(r);
		return PB_NOINPUT;
	}
	/* fopen() opens a directory for reading; only the read would fail. */
	if (fstat(fileno(r->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		pb_fail(e, PB_NOINPUT, "cannot open '%s': %s", r->name,
			strerror(EISDIR));
		pb_csv_close(r);
		return PB_NOINPUT;
	}
	r->at_start = 1;
	r->line = 1;
	*out = r;
	return PB_OK;
}

const char *pb_csv_file(const pb_csv *r)
{
	return r->name;
}

void pb_csv_close(pb_csv *r)
{
	if (!r)
		return;
	if (r->fp && !r->is_stdin)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	if (r->buf != r->raw)
		free(r->buf);
	free(r->raw);
	free(r->rec);
	free(r->name);
	free(r);
}

/* The first error of a record wins: it is where the reader lost track,
 * and later ones are often its echo. */
static void note(pb_csv *r, pb_err *e, long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void note(pb_csv *r, pb_err *e, long line, const char *fmt, ...)
{
	va_list ap;
	char msg[PB_MSG_MAX];

	if (e->code != PB_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	pb_fail_at(e, PB_DATAERR, r->name, line, 0, "%s", msg);
}

/* Room for one more byte; 0, or -1 when out of memory. */
static int grow(pb_csv *r)
{
	char *p;
	size_t cap;

	if (r->rlen < r->rcap)
		return 0;
	cap = r->rcap ? 2 * r->rcap : 256;
	p = realloc(r->rec, cap);
	if (!p)
		return -1;
	r->rec = p;
	r->rcap = cap;
	return 0;
}

/* Append a byte to the current field; past the limits it is dropped, and
 * the record refused, so a runaway field cannot take all memory. */
static int add(pb_csv *r, pb_err *e, size_t start, int c)
{
	if (r->nf >= FIELDS_MAX)
		return 0;
	if (r->rlen - start >= FIELD_MAX) {
		note(r, e, r->line,
		     "field longer than 1 MiB (at most %d bytes)",
		     FIELD_MAX);
		return 0;
	}
	if (grow(r) < 0)
		return -1;
	r->rec[r->rlen++] = (char)c;
	return 0;
}

static int fail_read(pb_csv *r, pb_err *e)
{
	r->done = 1;
	if (r->io_errno)
		return -pb_fail_at(e, PB_IOERR, r->name, r->line, 0,
				   "cannot read '%s': %s", r->name,
				   strerror(r->io_errno));
	return -pb_fail_at(e, PB_SOFTWARE, r->name, r->line, 0,
			   "out of memory reading '%s'", r->name);
}

static int end_field(pb_csv *r, pb_err *e, size_t start, long rec_line)
{
	if (r->nf >= FIELDS_MAX) {
		note(r, e, rec_line,
		     "too many fields in one record (at most %d)",
		     FIELDS_MAX);
		return 0;
	}
	if (grow(r) < 0)
		return -1;
	r->rec[r->rlen++] = '\0';
	if (!pb_utf8_valid(r->rec + start, r->rlen - 1 - start, NULL))
		note(r, e, rec_line, "%s",
		     r->cd == (iconv_t)-1
			     ? "not UTF-8 text (a roster saved by Excel as GBK? use --encoding gb18030)"
			     : "invalid GB18030 byte sequence");
	r->off[r->nf++] = start;
	return 0;
}

int pb_csv_next(pb_csv *r, char ***fields, size_t *nfields, long *line,
		pb_err *e)
{
	int c;
	long rec_line, qline;
	size_t start, i;

	pb_err_clear(e);
	*fields = NULL;
	*nfields = 0;
	*line = r->line;
	if (r->done)
		return 0;
	r->rlen = 0;
	r->nf = 0;

	for (;;) {
		c = getch(r);
		if (c == C_FAIL)
			return fail_read(r, e);
		if (c == C_EOF) {
			r->done = 1;
			return 0;
		}
		if (c == '\r' && peekch(r) == '\n')
			r->pos++;
		if (c != '\r' && c != '\n')
			break;
		r->line++;
	}
	if (r->utf16) {
		/* Else every other byte is a NUL and each line says so:
		 * one message instead, that says how to save the file. */
		r->done = 1;
		return -pb_fail_at(
			e, PB_DATAERR, r->name, 1, 0,
			"UTF-16 text (Excel's \"Unicode Text\"?): save the roster as \"CSV UTF-8\", or as CSV and use --encoding gb18030");
	}
	rec_line = r->line;
	*line = rec_line;

	for (;;) {
		start = r->rlen;
		if (c == '"') {
			qline = r->line;
			for (;;) {
				c = getch(r);
				if (c == C_FAIL)
					return fail_read(r, e);
				if (c == C_EOF) {
					r->done = 1;
					return -pb_fail_at(
						e, PB_DATAERR, r->name, qline,
						0,
						"unclosed quote (the field starting on line %ld runs to the end of the file)",
						qline);
				}
				if (c == '"') {
					if (peekch(r) != '"')
						break;
					r->pos++;
				} else if (c == '\r' || c == '\n') {
					/* Line breaks in a cell read as LF
					 * whatever the file's line ends. */
					if (c == '\r' && peekch(r) == '\n')
						r->pos++;
					c = '\n';
					r->line++;
				} else if (c == '\0') {
					note(r, e, r->line,
					     "NUL byte in the input");
					continue;
				}
				if (add(r, e, start, c) < 0)
					return fail_read(r, e);
			}
			c = getch(r);
			if (c != ',' && c != '\r' && c != '\n' && c >= 0)
				note(r, e, r->line,
				     "text after the closing quote of a field (expected a comma or the end of the line)");
		}
		/* Unquoted text, or what follows a closing quote: kept as
		 * it stands so that the rest of the record still parses. */
		while (c != ',' && c != '\r' && c != '\n' && c >= 0) {
			if (c == '"')
				note(r, e, r->line,
				     "unexpected quote in an unquoted field (quote the whole field and double the quote)");
			if (c == '\0')
				note(r, e, r->line, "NUL byte in the input");
			else if (add(r, e, start, c) < 0)
				return fail_read(r, e);
			c = getch(r);
		}
		if (c == C_FAIL)
			return fail_read(r, e);
		if (end_field(r, e, start, rec_line) < 0)
			return fail_read(r, e);
		if (c != ',')
			break;
		c = getch(r);
	}
	if (c == '\r' && peekch(r) == '\n')
		r->pos++;
	if (c != C_EOF)
		r->line++;
	if (e->code != PB_OK)
		return -e->code;
	for (i = 0; i < r->nf; i++)
		r->fields[i] = r->rec + r->off[i];
	*fields = r->fields;
	*nfields = r->nf;
	return 1;
}

/* ---- writing ------------------------------------------------------------ */

int pb_csv_formula_like(const char *v)
{
	/* "'=x" is guarded too, so that taking one "'" off on reading gives
	 * back every value exactly, one that starts with "'" included. */
	while (*v == '\'')
		v++;
	return *v && strchr("=+-@\t\r", *v) != NULL;
}

/* Digits that Excel would turn into a number, losing what matters in
 * text: the leading zeros of "0001", the digits past the eleventh that
 * it shows as 1.2E+11 and saves so. */
static int excel_number_like(const char *v)
{
	size_t n = strlen(v);

	return n > 0 && strspn(v, "0123456789") == n && (v[0] == '0' || n > 11);
}

char *pb_csv_unguard(char *cell)
{
	size_t n = strlen(cell);

	/* ="0001", as the writer gives digits, is the text 0001. */
	if (n > 3 && cell[0] == '=' && cell[1] == '"' && cell[n - 1] == '"' &&
	    strspn(cell + 2, "0123456789") == n - 3) {
		cell[n - 1] = '\0';
		return cell + 2;
	}
	return cell[0] == '\'' && pb_csv_formula_like(cell + 1) ? cell + 1 : cell;
}

int pb_csv_excel_date(const char *cell, char out[11])
{
	unsigned y, m, d;
	int end = 0;
	pb_date date;
	pb_err e;

	/* Every part digits only: sscanf alone would let in signs, spaces. */
	if (strspn(cell, "0123456789/") != strlen(cell) ||
	    sscanf(cell, "%4u/%2u/%2u%n", &y, &m, &d, &end) != 3 ||
	    cell[end] || strlen(cell) < 8 || cell[4] != '/')
		return 0;
	snprintf(out, 11, "%04u-%02u-%02u", y, m, d);
	/* A bad one is refused as the file gives it. */
	return pb_date_parse(out, &date, &e) == PB_OK;
}

struct pb_csvw {
	FILE *fp;
	FILE *row; /* the record being written, in memory */
	char *text;
	size_t size;
	iconv_t cd; /* (iconv_t)-1 for UTF-8 */
	const char *encoding;
	pb_fmt_opts opts;
	size_t ncells;
};

int pb_csvw_open(FILE *fp, const char *encoding, int bom, int raw,
		 pb_csvw **out, pb_err *e)
{
	int kind;
	pb_csvw *w;

	*out = NULL;
	if ((kind = encoding_kind(encoding, e)) < 0)
		return e->code;
	/* Excel reads a GB18030 file by the locale, never by a mark, and GBK
	 * has no form for one. */
	if (bom && kind != ENC_UTF8)
		return pb_fail(e, PB_USAGE,
			       "--bom is a UTF-8 byte-order mark: not with "
			       "--encoding %s",
			       encoding);
	if (!(w = calloc(1, sizeof *w)))
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	w->fp = fp;
	w->cd = (iconv_t)-1;
	w->encoding = kind == ENC_GBK ? "GBK" : "GB18030";
	w->opts.raw = raw;
	if (kind != ENC_UTF8 &&
	    (w->cd = iconv_open(w->encoding, "UTF-8")) == (iconv_t)-1) {
		free(w);
		return pb_fail(e, PB_SOFTWARE, "cannot convert to %s: %s",
			       encoding, strerror(errno));
	}
	if (!(w->row = open_memstream(&w->text, &w->size))) {
		pb_csvw_close(w);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	if (bom)
		fputs("\xEF\xBB\xBF", fp);
	*out = w;
	return PB_OK;
}

void pb_csvw_cell(pb_csvw *w, int type, const char *v)
{
	if (w->ncells++)
		fputc(',', w->row);
	/* A formula of a text Excel shows and saves as it is: "=""0001""". */
	if (v && !w->opts.raw && !pb_type_is_number(type) &&
	    excel_number_like(v))
		fprintf(w->row, "\"=\"\"%s\"\"\"", v);
	else
		pbf_csv_value(w->row, &w->opts, type, v);
}

/* The character of text that has no form in the target encoding. */
static int unwritable(const pb_csvw *w, const char *at, size_t left,
		      pb_err *e)
{
	size_t n = 1;

	while (n < left && n < 4 && ((unsigned char)at[n] & 0xC0) == 0x80)
		n++;
	return pb_fail(e, PB_DATAERR,
		       "'%.*s' has no %s form (use --encoding gb18030 or utf-8)",
		       (int)n, at, w->encoding);
}

int pb_csvw_end(pb_csvw *w, pb_err *e)
{
	char buf[4096], *in, *o;
	size_t inleft, oleft;
	off_t len;

	fputs("\r\n", w->row);
	w->ncells = 0;
	if (fflush(w->row) != 0 || (len = ftello(w->row)) < 0)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	in = w->text;
	inleft = (size_t)len;
	if (w->cd == (iconv_t)-1) {
		fwrite(in, 1, inleft, w->fp);
	} else {
		/* Converted through a fixed buffer, so a long note costs no
		 * more than its row. */
		while (inleft > 0) {
			o = buf;
			oleft = sizeof buf;
			if (iconv(w->cd, &in, &inleft, &o, &oleft) == (size_t)-1 &&
			    errno != E2BIG) {
				if (errno == EILSEQ)
					return unwritable(w, in, inleft, e);
				return pb_fail(e, PB_SOFTWARE, "cannot convert to %s: %s",
					       w->encoding, strerror(errno));
			}
			fwrite(buf, 1, (size_t)(o - buf), w->fp);
		}
	}
	rewind(w->row);
	return PB_OK;
}

void pb_csvw_close(pb_csvw *w)
{
	if (!w)
		return;
	if (w->row)
		fclose(w->row);
	free(w->text);
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	free(w);
}
