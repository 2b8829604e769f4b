/* -f xlsx: Excel workbooks through libxlsxwriter, in the module
 * libpb-xlsx.so.0 (fmt_xlsx.c loads it).  Numbers are numeric cells,
 * money has the format 0.00, dates are date cells (yyyy-mm-dd), booleans
 * 是/否 (yes/no), text strings; every table's header row is frozen and
 * every column as wide as its widest cell's display width (CJK counts
 * two).  A list is one sheet; a report one sheet per section, with its
 * title rows above.
 *
 * libxlsxwriter writes a file by its name when the workbook is closed,
 * seeking back in it (zip), so the workbook is assembled in a private
 * scratch file (mode 0600, in $TMPDIR or /tmp, removed at once where
 * /proc lets it be written by its descriptor) and then copied to the
 * output: -o FILE's temporary, renamed into place by out.c like every
 * -o file, or standard output when it is a pipe or a file. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "pb.h"
#include "xlsx.h"

#define MAX_WIDTH 80.0
#define MAX_CELL 32767 /* Excel's longest string, in characters */

typedef struct book {
	const pb_fmt_opts *o;
	pb_label_fn label;
	lxw_workbook *wb;
	int fd;
	char scratch[4096]; /* the scratch file's name, "" once removed */
	lxw_format *bold, *title, *head, *money, *date, *pct, *indent[4];
	int nsheets;
	int rc;
} book;

typedef struct sheet {
	book *b;
	lxw_worksheet *ws;
	lxw_row_t row;
	double *w; /* each column's widest cell */
	size_t nw;
} sheet;

/* ---- the book --------------------------------------------------------- */

static int book_open(book *b, const pb_fmt_opts *o, pb_label_fn label,
		     pb_err *e)
{
	const char *dir = getenv("TMPDIR");
	lxw_workbook_options opt = {0};
	char path[4096];
	size_t i;

	memset(b, 0, sizeof *b);
	b->o = o;
	b->label = label;
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(b->scratch, sizeof b->scratch, "%s/.pb-xlsx.XXXXXX", dir);
	if ((b->fd = mkstemp(b->scratch)) < 0)
		return pb_fail(e, PB_CANTCREAT, "cannot create a scratch file in %s: %s",
			       dir, strerror(errno));
	/* Written through its descriptor, the file needs no name: nothing
	 * is left behind, whatever happens to this process. */
	snprintf(path, sizeof path, "/proc/self/fd/%d", b->fd);
	if (access(path, W_OK) == 0) {
		unlink(b->scratch);
		b->scratch[0] = '\0';
	} else {
		snprintf(path, sizeof path, "%s", b->scratch);
	}
	opt.tmpdir = (char *)dir;
	if (!(b->wb = workbook_new_opt(path, &opt))) {
		close(b->fd);
		if (b->scratch[0])
			unlink(b->scratch);
		return pb_fail(e, PB_SOFTWARE, "cannot start a workbook");
	}
	b->bold = workbook_add_format(b->wb);
	format_set_bold(b->bold);
	b->title = workbook_add_format(b->wb);
	format_set_bold(b->title);
	format_set_font_size(b->title, 14);
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	b->money = workbook_add_format(b->wb);
	format_set_num_format(b->money, "0.00");
	b->date = workbook_add_format(b->wb);
	format_set_num_format(b->date, "yyyy-mm-dd");
	b->pct = workbook_add_format(b->wb);
	format_set_num_format(b->pct, "0.0%");
	for (i = 1; i < 4; i++) {
		b->indent[i] = workbook_add_format(b->wb);
		format_set_indent(b->indent[i], (uint8_t)i);
	}
	return PB_OK;
}

static void book_drop(book *b)
{
	if (b->wb)
		lxw_workbook_free(b->wb);
	b->wb = NULL;
	close(b->fd);
	if (b->scratch[0])
		unlink(b->scratch);
}

/* The workbook assembled, then copied to fp. */
static int book_close(book *b, FILE *fp, pb_err *e)
{
	lxw_error err;
	char buf[65536];
	ssize_t n;
	int rc = PB_OK;

	if (b->rc) {
		book_drop(b);
		return pb_fail(e, b->rc, b->rc == PB_SOFTWARE ? "out of memory"
							      : "cannot write the workbook");
	}
	err = workbook_close(b->wb);
	b->wb = NULL;
	if (err != LXW_NO_ERROR) {
		book_drop(b);
		return pb_fail(e, PB_IOERR, "cannot write the workbook: %s",
			       lxw_strerror(err));
	}
	if (lseek(b->fd, 0, SEEK_SET) != 0)
		rc = pb_fail(e, PB_IOERR, "cannot read the workbook back: %s",
			     strerror(errno));
	while (!rc && (n = read(b->fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = pb_fail(e, PB_IOERR, "cannot read the workbook back: %s",
				     strerror(errno));
		} else if (fwrite(buf, 1, (size_t)n, fp) != (size_t)n) {
			rc = pb_fail(e, PB_IOERR, "cannot write output");
		}
	}
	book_drop(b);
	if (!rc && (fflush(fp) != 0 || ferror(fp)))
		rc = pb_fail(e, PB_IOERR, "cannot write output");
	return rc;
}

/* A sheet's name: at most 31 characters, none of []:*?/\, not begun or
 * ended by an apostrophe, and unique in the book (" (2)" ...). */
static void sheet_name(book *b, const char *want, char *out, size_t len)
{
	char base[128];
	size_t used = 0, chars = 0, rest = strlen(want ? want : "");
	uint32_t cp;
	int k, n;

	for (; rest && chars < 31 && used + 5 < sizeof base; want += k, rest -= (size_t)k) {
		k = pb_utf8_decode(want, rest, &cp);
		if (k == 0 || cp < 0x20 || strchr("[]:*?/\\", (int)cp) ||
		    (cp == '\'' && (chars == 0 || rest == 1))) {
			base[used++] = '_';
			k = k ? k : 1;
		} else {
			memcpy(base + used, want, (size_t)k);
			used += (size_t)k;
		}
		chars++;
	}
	base[used] = '\0';
	if (!used)
		snprintf(base, sizeof base, "Sheet");
	snprintf(out, len, "%s", base);
	for (n = 2; workbook_validate_sheet_name(b->wb, out) != LXW_NO_ERROR &&
		    n < 1000;
	     n++) {
		/* Room for " (n)": cut the name back by whole characters. */
		size_t cut = used, c = chars;

		while (c > 31 - 6 && cut > 0) {
			do
				cut--;
			while (cut > 0 && ((unsigned char)base[cut] & 0xc0) == 0x80);
			c--;
		}
		snprintf(out, len, "%.*s (%d)", (int)cut, base, n);
	}
}

static int sheet_new(book *b, sheet *s, const char *want)
{
	char name[160];

	memset(s, 0, sizeof *s);
	s->b = b;
	sheet_name(b, want, name, sizeof name);
	if (!(s->ws = workbook_add_worksheet(b->wb, name))) {
		b->rc = PB_SOFTWARE;
		return b->rc;
	}
	b->nsheets++;
	return PB_OK;
}

/* Column widths, set once a sheet is written: display width and a margin. */
static void sheet_end(sheet *s)
{
	size_t c;

	for (c = 0; c < s->nw; c++)
		if (s->w[c] > 0)
			worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
					     s->w[c] + 2 > MAX_WIDTH ? MAX_WIDTH
								 : s->w[c] + 2,
					     NULL);
	free(s->w);
	s->w = NULL;
}

static void fit(sheet *s, size_t col, double w)
{
	if (col >= s->nw) {
		size_t n = col + 8;
		double *p = realloc(s->w, n * sizeof *p);

		if (!p) {
			s->b->rc = PB_SOFTWARE;
			return;
		}
		memset(p + s->nw, 0, (n - s->nw) * sizeof *p);
		s->w = p;
		s->nw = n;
	}
	if (w > s->w[col])
		s->w[col] = w;
}

/* ---- cells ------------------------------------------------------------- */

/* Text as a cell takes it: valid UTF-8 (else U+FFFD), no control
 * character but tab and newline, at most MAX_CELL characters. */
static char *clean(const char *s)
{
	size_t rest = strlen(s), used = 0, chars = 0;
	char *out = malloc(rest * 3 + 1);
	uint32_t cp;
	int k;

	if (!out)
		return NULL;
	for (; rest && chars < MAX_CELL; s += k, rest -= (size_t)k, chars++) {
		k = pb_utf8_decode(s, rest, &cp);
		if (k == 0 || (cp < 0x20 && cp != '\t' && cp != '\n') ||
		    (cp >= 0x7f && cp < 0xa0)) {
			memcpy(out + used, "\xef\xbf\xbd", 3);
			used += 3;
			k = k ? k : 1;
		} else {
			memcpy(out + used, s, (size_t)k);
			used += (size_t)k;
		}
	}
	out[used] = '\0';
	return out;
}

static void put_str(sheet *s, size_t col, const char *v, lxw_format *f,
		    int sized)
{
	char *c = clean(v ? v : "");

	if (!c) {
		s->b->rc = PB_SOFTWARE;
		return;
	}
	if (*c && worksheet_write_string(s->ws, s->row, (lxw_col_t)col, c, f) !=
			  LXW_NO_ERROR)
		s->b->rc = PB_IOERR;
	if (sized)
		fit(s, col, (double)pb_str_width(c));
	free(c);
}

static int is_number(const char *s)
{
	char *end;

	if (!*s || strchr(" \t\n", *s))
		return 0;
	errno = 0;
	strtod(s, &end);
	return *end == '\0' && errno == 0 && strspn(s, "-+.0123456789") == strlen(s);
}

static int is_iso_date(const char *s, lxw_datetime *d)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return 0;
	if (s[i])
		return 0;
	memset(d, 0, sizeof *d);
	d->year = atoi(s);
	d->month = atoi(s + 5);
	d->day = atoi(s + 8);
	/* Excel's dates begin in 1900. */
	return d->year >= 1900 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
	       d->day <= 31;
}

/* A value of a type: a number, a date, 是/否, or text (text already
 * labelled by the caller). */
static void put_value(sheet *s, size_t col, int type, const char *v)
{
	book *b = s->b;
	lxw_datetime d;
	lxw_error err = LXW_NO_ERROR;

	if (!v)
		return;
	if ((type == PB_T_INT || type == PB_T_DEC || type == PB_T_MONEY) &&
	    is_number(v)) {
		err = worksheet_write_number(s->ws, s->row, (lxw_col_t)col,
					     strtod(v, NULL),
					     type == PB_T_MONEY ? b->money : NULL);
		fit(s, col, (double)strlen(v));
	} else if (type == PB_T_DATE && is_iso_date(v, &d)) {
		err = worksheet_write_datetime(s->ws, s->row, (lxw_col_t)col, &d,
					       b->date);
		fit(s, col, 10);
	} else if (type == PB_T_BOOL &&
		   (!strcmp(v, "1") || !strcmp(v, "0") || !strcmp(v, "true") ||
		    !strcmp(v, "false"))) {
		int yes = !strcmp(v, "1") || !strcmp(v, "true");

		put_str(s, col, b->o->zh ? (yes ? "是" : "否") : (yes ? "yes" : "no"),
			NULL, 1);
	} else {
		put_str(s, col, v, NULL, 1);
	}
	if (err != LXW_NO_ERROR)
		b->rc = PB_IOERR;
}

/* ---- lists and records --------------------------------------------------- */

static const char *heading(const pb_field *f, int zh)
{
	const char *h = zh ? f->zh : f->en;

	return h && *h ? h : f->name;
}

static void field_value(sheet *s, size_t col, const pb_field *f, const char *v)
{
	if (v && f->domain && f->type == PB_T_TEXT)
		put_str(s, col, pb_domain_label(f->domain, v, s->b->o->zh), NULL, 1);
	else
		put_value(s, col, f->type, v);
}

/* A table of nrows rows from the current row on: its header frozen when
 * it is the sheet's first, and filterable. */
static void field_table(sheet *s, const pb_field *fields, const size_t *sel,
			size_t nsel, const char *const *cells, size_t nrows,
			int freeze)
{
	lxw_row_t top = s->row;
	size_t r, i;

	for (i = 0; i < nsel; i++)
		put_str(s, i, heading(&fields[sel ? sel[i] : i], s->b->o->zh),
			s->b->head, 1);
	if (freeze)
		worksheet_freeze_panes(s->ws, top + 1, 0);
	for (r = 0; r < nrows; r++) {
		s->row++;
		for (i = 0; i < nsel; i++)
			field_value(s, i, &fields[sel ? sel[i] : i],
				    cells[r * nsel + i]);
	}
	if (nsel)
		worksheet_autofilter(s->ws, top, 0, s->row, (lxw_col_t)(nsel - 1));
	s->row++;
}

static const char *what_of(const pb_fmt_opts *o, const char *dflt)
{
	return o->what && *o->what ? o->what : dflt;
}

static int x_list(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		  const size_t *sel, size_t nsel, char *const *cells,
		  size_t nrows, pb_err *e)
{
	book b;
	sheet s;
	int rc = book_open(&b, o, NULL, e);

	if (rc)
		return rc;
	if (!sheet_new(&b, &s, what_of(o, "list"))) {
		field_table(&s, fields, sel, nsel, (const char *const *)cells,
			    nrows, 1);
		sheet_end(&s);
	}
	return book_close(&b, fp, e);
}

static int x_show(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		  const size_t *sel, size_t nsel, const char *const *values,
		  const pb_sublist *subs, size_t nsubs, pb_err *e)
{
	book b;
	sheet s;
	size_t i;
	int rc = book_open(&b, o, NULL, e);

	if (rc)
		return rc;
	if (!sheet_new(&b, &s, what_of(o, "record"))) {
		put_str(&s, 0, o->zh ? "字段" : "Field", b.head, 1);
		put_str(&s, 1, o->zh ? "值" : "Value", b.head, 1);
		worksheet_freeze_panes(s.ws, 1, 0);
		for (i = 0; i < nsel; i++) {
			s.row++;
			put_str(&s, 0, heading(&fields[sel[i]], o->zh), b.bold, 1);
			field_value(&s, 1, &fields[sel[i]], values[sel[i]]);
		}
		sheet_end(&s);
	}
	/* --fields picks columns of the record itself, as in the others. */
	for (i = 0; !o->fields && i < nsubs && !b.rc; i++) {
		if (sheet_new(&b, &s, o->zh ? subs[i].zh : subs[i].en))
			break;
		field_table(&s, subs[i].fields, NULL, subs[i].nfields,
			    subs[i].cells, subs[i].nrows, 1);
		sheet_end(&s);
	}
	return book_close(&b, fp, e);
}

/* ---- report trees -------------------------------------------------------- */

static const char *label_of(const book *b, const char *key)
{
	const char *l = key && b->label ? b->label(key, b->o->zh) : NULL;

	return l ? l : key ? key : "";
}

/* A scalar of a tree: a keyed value by its label ("kind:aid"). */
static void put_node(sheet *s, size_t col, const pb_node *n)
{
	const char *v = pb_node_value(n), *key = pb_node_key(n), *l;
	char buf[256];

	if (v && key && pb_node_type(n) == PB_T_TEXT && s->b->label) {
		snprintf(buf, sizeof buf, "%s:%s", key, v);
		if ((l = s->b->label(buf, s->b->o->zh))) {
			put_str(s, col, l, NULL, 1);
			return;
		}
	}
	put_value(s, col, pb_node_type(n), v);
}

/* A list of values in one cell: "a, b" (、 in Chinese). */
static void put_joined(sheet *s, size_t col, const pb_node *list)
{
	size_t i, len = 1;
	char *p, *q;

	for (i = 0; i < pb_node_count(list); i++)
		len += strlen(pb_node_value(pb_node_at(list, i))
				      ? pb_node_value(pb_node_at(list, i)) : "") + 3;
	if (!(p = malloc(len))) {
		s->b->rc = PB_SOFTWARE;
		return;
	}
	q = p;
	*q = '\0';
	for (i = 0; i < pb_node_count(list); i++) {
		const char *v = pb_node_value(pb_node_at(list, i));

		if (i)
			q = stpcpy(q, s->b->o->zh ? "、" : ", ");
		q = stpcpy(q, v ? v : "");
	}
	put_str(s, col, p, NULL, 1);
	free(p);
}

/* Value in thousandths, for exact differences of money and decimals. */
static int milli(const char *v, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int neg = 0, digits = 0;

	if (!v)
		return 0;
	if (*v == '-')
		neg = 1, v++;
	if (!(*v >= '0' && *v <= '9'))
		return 0;
	for (; *v >= '0' && *v <= '9'; v++)
		if ((whole = whole * 10 + (*v - '0')) > INT64_MAX / 10000)
			return 0;
	if (*v == '.')
		for (v++; *v >= '0' && *v <= '9'; v++, digits++)
			if (digits < 3)
				frac = frac * 10 + (*v - '0');
	if (*v)
		return 0;
	for (; digits < 3; digits++)
		frac *= 10;
	*out = (whole * 1000 + frac) * (neg ? -1 : 1);
	return 1;
}

/* 本期 上期 增减 增幅: the previous period's value, the change, and the
 * change as a ratio (0.0%); from 0 the ratio is "新增" (new) when the
 * figure grew, "-" when it stayed 0. */
static void put_compare(sheet *s, const pb_node *n, const pb_node *p)
{
	book *b = s->b;
	int64_t a, c;
	lxw_format *f;

	if (!p || pb_node_kind(p) != PB_NODE_SCALAR)
		return;
	put_node(s, 2, p);
	if (!pb_type_is_number(pb_node_type(n)) || !milli(pb_node_value(n), &a) ||
	    !milli(pb_node_value(p), &c))
		return;
	f = pb_node_type(n) == PB_T_MONEY ? b->money : NULL;
	worksheet_write_number(s->ws, s->row, 3, (double)(a - c) / 1000.0, f);
	fit(s, 3, (double)snprintf(NULL, 0, f ? "%.2f" : "%g", (double)(a - c) / 1000.0));
	if (c != 0) {
		worksheet_write_number(s->ws, s->row, 4,
				       (double)(a - c) / (double)(c < 0 ? -c : c),
				       b->pct);
		fit(s, 4, 8);
	} else {
		put_str(s, 4, a != 0 ? (b->o->zh ? "新增" : "new") : "-", NULL, 1);
	}
}

/* The column paths of a list's items: the scalars and value lists of
 * the first item, those of its maps as "a.b" (a roll-up's streets). */
typedef struct colspec {
	char **path;
	size_t n, cap;
} colspec;

static void cols_add(book *b, colspec *c, const pb_node *m, const char *prefix)
{
	size_t i;

	for (i = 0; i < pb_node_count(m) && !b->rc; i++) {
		const pb_node *k = pb_node_at(m, i);
		char *p;
		size_t len = strlen(prefix) + strlen(pb_node_key(k)) + 2;

		if (pb_node_kind(k) == PB_NODE_LIST && !pb_node_is_values(k))
			continue;
		if (!(p = malloc(len))) {
			b->rc = PB_SOFTWARE;
			return;
		}
		snprintf(p, len, "%s%s%s", prefix, *prefix ? "." : "", pb_node_key(k));
		if (pb_node_kind(k) == PB_NODE_MAP) {
			cols_add(b, c, k, p);
			free(p);
			continue;
		}
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 16;
			char **q = realloc(c->path, cap * sizeof *q);

			if (!q) {
				free(p);
				b->rc = PB_SOFTWARE;
				return;
			}
			c->path = q;
			c->cap = cap;
		}
		c->path[c->n++] = p;
	}
}

/* A column's heading: its keys' labels, "活动/总数". */
static void put_heading(sheet *s, size_t col, const char *path)
{
	char out[1024] = "", key[256];
	const char *p = path, *dot;
	size_t used = 0;

	while (*p) {
		dot = strchr(p, '.');
		snprintf(key, sizeof key, "%.*s",
			 (int)(dot ? (size_t)(dot - p) : strlen(p)), p);
		used += (size_t)snprintf(out + used, used < sizeof out ? sizeof out - used : 0,
					 "%s%s", used ? "/" : "", label_of(s->b, key));
		if (used >= sizeof out || !dot)
			break;
		p = dot + 1;
	}
	put_str(s, col, out, s->b->head, 1);
}

static void list_table(sheet *s, const pb_node *list, int freeze)
{
	book *b = s->b;
	const pb_node *first = pb_node_at(list, 0);
	colspec c = {0};
	size_t r, i;
	lxw_row_t top = s->row;

	if (!first) {
		put_str(s, 0, b->o->zh ? "无" : "none", NULL, 1);
		s->row++;
		return;
	}
	if (pb_node_kind(first) != PB_NODE_MAP) {
		for (r = 0; r < pb_node_count(list); r++, s->row++)
			if (pb_node_kind(pb_node_at(list, r)) == PB_NODE_SCALAR)
				put_node(s, 0, pb_node_at(list, r));
		return;
	}
	cols_add(b, &c, first, "");
	for (i = 0; i < c.n; i++)
		put_heading(s, i, c.path[i]);
	if (freeze)
		worksheet_freeze_panes(s->ws, top + 1, 0);
	for (r = 0; r < pb_node_count(list) && !b->rc; r++) {
		const pb_node *item = pb_node_at(list, r);

		s->row++;
		for (i = 0; i < c.n; i++) {
			const pb_node *n = pb_node_get(item, c.path[i]);

			if (!n)
				continue;
			if (pb_node_kind(n) == PB_NODE_SCALAR)
				put_node(s, i, n);
			else if (pb_node_is_values(n))
				put_joined(s, i, n);
		}
	}
	if (c.n && freeze)
		worksheet_autofilter(s->ws, top, 0, s->row, (lxw_col_t)(c.n - 1));
	s->row++;
	for (i = 0; i < c.n; i++)
		free(c.path[i]);
	free(c.path);
}

/* A section's figures, one a row (label, this, previous, change, change
 * %), a map's under its label indented, a list as a table below. */
static void map_rows(sheet *s, const pb_node *m, const pb_node *pm, int depth,
		     int compare)
{
	book *b = s->b;
	size_t i;
	lxw_format *ind = b->indent[depth < 3 ? depth : 3];

	for (i = 0; i < pb_node_count(m) && !b->rc; i++) {
		const pb_node *k = pb_node_at(m, i);
		const char *key = pb_node_key(k);
		const pb_node *pk = pb_node_child(pm, key);

		if (pb_node_kind(k) == PB_NODE_SCALAR) {
			put_str(s, 0, label_of(b, key), ind, 1);
			fit(s, 0, 2.0 * depth + (double)pb_str_width(label_of(b, key)));
			put_node(s, 1, k);
			if (compare)
				put_compare(s, k, pk);
			s->row++;
		} else if (pb_node_kind(k) == PB_NODE_MAP) {
			put_str(s, 0, label_of(b, key), depth ? ind : b->bold, 1);
			s->row++;
			map_rows(s, k, pk, depth + 1, compare);
		} else if (pb_node_is_values(k) && pb_node_count(k)) {
			put_str(s, 0, label_of(b, key), ind, 1);
			put_joined(s, 1, k);
			s->row++;
		} else {
			/* A table of its own, after a blank row. */
			s->row++;
			put_str(s, 0, label_of(b, key), b->bold, 1);
			s->row++;
			list_table(s, k, 0);
			s->row++;
		}
	}
}

/* The title rows: the report's title, its period, its as-of and other
 * top-level values, meta's; a blank row after. */
static void title_rows(sheet *s, const pb_node *root, const char *title)
{
	book *b = s->b;
	const pb_node *meta = pb_node_child(root, "meta"), *per = pb_node_child(root, "period");
	const pb_node *prev = pb_node_child(pb_node_child(root, "previous"), "period");
	const pb_node *sets[] = {root, meta};
	char buf[512];
	size_t i, j;

	put_str(s, 0, title, b->title, 0);
	s->row++;
	if (per) {
		const pb_node *from = pb_node_child(per, "from"), *to = pb_node_child(per, "to");

		snprintf(buf, sizeof buf, "%s: %s %s %s", label_of(b, "period"),
			 from && pb_node_value(from) ? pb_node_value(from) : "",
			 b->o->zh ? "至" : "to",
			 to && pb_node_value(to) ? pb_node_value(to) : "");
		put_str(s, 0, buf, NULL, 0);
		s->row++;
	}
	if (prev) {
		const pb_node *from = pb_node_child(prev, "from"), *to = pb_node_child(prev, "to");

		snprintf(buf, sizeof buf, "%s: %s %s %s", b->o->zh ? "上期" : "Previous period",
			 from && pb_node_value(from) ? pb_node_value(from) : "",
			 b->o->zh ? "至" : "to",
			 to && pb_node_value(to) ? pb_node_value(to) : "");
		put_str(s, 0, buf, NULL, 0);
		s->row++;
	}
	for (j = 0; j < 2; j++)
		for (i = 0; sets[j] && i < pb_node_count(sets[j]); i++) {
			const pb_node *k = pb_node_at(sets[j], i);
			const char *v = pb_node_value(k);
			char where[300];

			/* meta.scope is {code, name} or null (the whole
			 * street): one text, as in the csv and the table. */
			if (j == 1 && !strcmp(pb_node_key(k), "scope")) {
				pb_meta_scope_text(k, b->o->zh, where, sizeof where);
				v = where;
			} else if (pb_node_kind(k) != PB_NODE_SCALAR ||
				   (j == 1 && !strcmp(pb_node_key(k), "title")))
				continue;
			snprintf(buf, sizeof buf, "%s: %s", label_of(b, pb_node_key(k)),
				 v ? v : "");
			put_str(s, 0, buf, NULL, 0);
			s->row++;
		}
	s->row++;
}

/* A report's name when its tree has no meta.title: by its subcommand
 * ("report summary"), else the subject as it is. */
static const char *report_name(const book *b)
{
	static const struct {
		const char *sub, *zh, *en;
	} names[] = {
		{"summary", "共驻共建工作统计", "Summary"},
		{"monthly", "共驻共建工作月报", "Monthly report"},
		{"quarterly", "共驻共建工作季报", "Quarterly report"},
		{"annual", "共驻共建工作年报", "Annual report"},
		{"members", "党员报到统计", "Members"},
		{"due", "到期提醒", "Due"},
		{"overdue", "逾期未答复意见", "Overdue opinions"},
		{"unit", "单位反馈表", "Unit sheet"},
		{"pairs", "共建对子", "Pairs"},
		{"review", "单位考评", "Unit review"},
	};
	const char *what = what_of(b->o, "report");
	size_t i;

	if (strncmp(what, "report ", 7) == 0)
		for (i = 0; i < sizeof names / sizeof *names; i++)
			if (strcmp(what + 7, names[i].sub) == 0)
				return b->o->zh ? names[i].zh : names[i].en;
	return what;
}

static int x_tree(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		  pb_label_fn label, pb_err *e)
{
	const pb_node *prev = pb_node_child(root, "previous"), *t = pb_node_child(pb_node_child(root, "meta"), "title");
	const pb_node *pl = pb_node_child(pb_node_child(root, "period"), "label");
	char title[512];
	book b;
	sheet s;
	size_t i;
	int rc = book_open(&b, o, label, e), compare;

	if (rc)
		return rc;
	if (prev && pb_node_kind(prev) != PB_NODE_MAP)
		prev = NULL;
	if (t && pb_node_value(t))
		snprintf(title, sizeof title, "%s", pb_node_value(t));
	else
		snprintf(title, sizeof title, "%s%s%s", report_name(&b),
			 pl && pb_node_value(pl) ? " " : "",
			 pl && pb_node_value(pl) ? pb_node_value(pl) : "");
	for (i = 0; i < pb_node_count(root) && !b.rc; i++) {
		const pb_node *k = pb_node_at(root, i);
		const char *key = pb_node_key(k);

		if (pb_node_kind(k) == PB_NODE_SCALAR || !strcmp(key, "period") ||
		    !strcmp(key, "previous") || !strcmp(key, "meta"))
			continue;
		if (sheet_new(&b, &s, label_of(&b, key)))
			break;
		title_rows(&s, root, title);
		/* A section the previous period has (not a roll-up's notes)
		 * is compared. */
		compare = prev && pb_node_child(prev, key) &&
			  pb_node_kind(pb_node_child(prev, key)) == PB_NODE_MAP;
		if (pb_node_kind(k) == PB_NODE_MAP) {
			const char *h[] = {b.o->zh ? "项目" : "Figure",
					   b.o->zh ? "本期" : "This period",
					   b.o->zh ? "上期" : "Previous",
					   b.o->zh ? "增减" : "Change",
					   b.o->zh ? "增幅" : "Change %"};
			size_t j;

			if (!compare)
				h[1] = b.o->zh ? "数值" : "Value";
			for (j = 0; j < (compare ? 5u : 2u); j++)
				put_str(&s, j, h[j], b.head, 1);
			worksheet_freeze_panes(s.ws, s.row + 1, 0);
			s.row++;
			map_rows(&s, k, pb_node_child(prev, key), 0, compare);
		} else {
			list_table(&s, k, 1);
		}
		sheet_end(&s);
	}
	if (!b.nsheets && !b.rc && !sheet_new(&b, &s, report_name(&b))) {
		title_rows(&s, root, title);
		put_str(&s, 0, o->zh ? "无" : "none", NULL, 1);
		sheet_end(&s);
	}
	return book_close(&b, fp, e);
}

const pb_xlsx_ops pb_xlsx_writer = {x_list, x_show, x_tree};
