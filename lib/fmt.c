/* Record output in the manner of SQLite's result formatter: one spec
 * (pb_fmt_opts), the model hands over rows, one backend per format writes
 * them.  Only table buffers rows, since it must know every column's width
 * first; the other formats stream with constant memory.  Machine formats
 * show keys and field names; table, md and html show the user's labels. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "fmt_common.h"
#include "xlsx.h"

#define FORMAT_LIST "table, tsv, csv, json, jsonl, yaml, md, html, brief, xlsx"

static const char *const format_names[] = {
	[PB_FMT_TABLE] = "table", [PB_FMT_TSV] = "tsv",
	[PB_FMT_CSV] = "csv",	  [PB_FMT_JSON] = "json",
	[PB_FMT_JSONL] = "jsonl", [PB_FMT_YAML] = "yaml",
	[PB_FMT_MD] = "md",	  [PB_FMT_HTML] = "html",
	[PB_FMT_BRIEF] = "brief",
	[PB_FMT_XLSX] = "xlsx",
};
#define NFORMATS (sizeof format_names / sizeof format_names[0])

int pb_format_parse(const char *s, int *fmt)
{
	size_t i;

	for (i = 0; s && i < NFORMATS; i++)
		if (strcmp(s, format_names[i]) == 0) {
			*fmt = (int)i;
			return PB_OK;
		}
	return PB_USAGE;
}

int pb_format_parse_err(const char *s, int *fmt, pb_err *e)
{
	if (pb_format_parse(s, fmt) == PB_OK)
		return PB_OK;
	return pb_fail(e, PB_USAGE, "unknown format '%s' (expected one of: "
		       FORMAT_LIST ")", s ? s : "");
}

const char *pb_format_name(int fmt)
{
	if (fmt < 0 || (size_t)fmt >= NFORMATS)
		return "unknown";
	return format_names[fmt];
}

/* Escape into buf (may be NULL) without splitting an escape or a UTF-8
 * sequence; returns the length the whole escaped text needs.  What a
 * terminal could act on never passes: C0 controls and DEL as \n \t \r
 * or \xHH, C1 controls (U+0080-U+009F: U+009B is a CSI) as \u00HH, and
 * a byte that is not valid UTF-8 (a lone 0x9b is a CSI to a terminal in
 * eight-bit mode) as \xHH.  pb_str_width counts the same forms. */
static size_t esc_ctl(const char *s, char *buf, size_t len)
{
	size_t need = 0, used = 0, n, rest = strlen(s);
	int full = 0, k;
	char tmp[12];
	const char *piece;
	uint32_t cp;

	for (; rest; s += k, rest -= (size_t)k) {
		k = pb_utf8_decode(s, rest, &cp);
		piece = tmp;
		if (k == 0) {
			snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned char)*s);
			k = 1;
		} else if (cp == '\n') {
			piece = "\\n";
		} else if (cp == '\t') {
			piece = "\\t";
		} else if (cp == '\r') {
			piece = "\\r";
		} else if (cp < 0x20 || cp == 0x7f) {
			snprintf(tmp, sizeof tmp, "\\x%02x", (unsigned)cp);
		} else if (cp >= 0x80 && cp < 0xa0) {
			snprintf(tmp, sizeof tmp, "\\u%04x", (unsigned)cp);
		} else {
			piece = s;
		}
		n = piece == s ? (size_t)k : strlen(piece);
		need += n;
		if (buf && !full) {
			if (used + n < len) {
				memcpy(buf + used, piece, n);
				used += n;
			} else {
				full = 1;
			}
		}
	}
	if (buf && len)
		buf[used] = '\0';
	return need;
}

void pb_escape_ctl(const char *s, char *buf, size_t len)
{
	esc_ctl(s ? s : "", buf, len);
}

char *pbf_escape_dup(const char *s)
{
	size_t n = esc_ctl(s, NULL, 0);
	char *p = malloc(n + 1);

	if (p)
		esc_ctl(s, p, n + 1);
	return p;
}

const char *pbf_heading(const pb_field *f, int zh)
{
	const char *h = zh ? f->zh : f->en;

	return h && *h ? h : f->name;
}

int pb_type_is_number(int type)
{
	return type == PB_T_INT || type == PB_T_MONEY || type == PB_T_DEC;
}

/* What a person reads in a cell: the label of a key, control characters
 * escaped; "" for null.  NULL only when out of memory. */
char *pbf_display(const pb_fmt_opts *o, const pb_field *f, const char *v)
{
	if (!v)
		return strdup("");
	if (f->domain)
		v = pb_domain_label(f->domain, v, o->zh);
	return pbf_escape_dup(v);
}

/* JSON number grammar; what is not one is written as a string, so a
 * malformed value can never make the document invalid. */
int pbf_json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

/* "0"/"1" (and their spelled-out forms) as a boolean, or -1. */
int pbf_bool_value(const char *s)
{
	if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
		return 1;
	if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
		return 0;
	return -1;
}

/* Control characters escaped, DEL and the C1 controls too (JSON allows
 * them raw, but a terminal acts on them); a byte that is not UTF-8 is
 * written as U+FFFD, as Go's encoder does, so the document stays JSON. */
void pbf_json_str(FILE *fp, const char *s)
{
	size_t rest = strlen(s);
	uint32_t cp;
	int k;

	fputc('"', fp);
	for (; rest; s += k, rest -= (size_t)k) {
		k = pb_utf8_decode(s, rest, &cp);
		if (k == 0) {
			fputs("\\ufffd", fp);
			k = 1;
			continue;
		}
		switch (cp) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\t': fputs("\\t", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\b': fputs("\\b", fp); break;
		case '\f': fputs("\\f", fp); break;
		default:
			if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
				fprintf(fp, "\\u%04x", (unsigned)cp);
			else
				fwrite(s, 1, (size_t)k, fp);
		}
	}
	fputc('"', fp);
}

void pbf_json_value(FILE *fp, const pb_field *f, const char *v)
{
	int b;

	if (!v)
		fputs("null", fp);
	else if (pb_type_is_number(f->type) && pbf_json_number(v))
		fputs(v, fp);
	else if (f->type == PB_T_BOOL && (b = pbf_bool_value(v)) >= 0)
		fputs(b ? "true" : "false", fp);
	else
		pbf_json_str(fp, v);
}

/* A date in its ISO form stays plain in YAML: it is what export writes
 * and what people expect to read. */
int pbf_iso_date(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	size_t i;

	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9')
				    : s[i] != shape[i])
			return 0;
	return s[i] == '\0';
}

int pbf_yaml_value(pb_yw *w, const pb_field *f, const char *v)
{
	int b;

	if (!v)
		return pb_yw_str(w, NULL);
	if (pb_type_is_number(f->type) && pbf_json_number(v))
		return pb_yw_plain(w, v);
	if (f->type == PB_T_BOOL && (b = pbf_bool_value(v)) >= 0)
		return pb_yw_plain(w, b ? "true" : "false");
	if (f->type == PB_T_DATE && pbf_iso_date(v))
		return pb_yw_plain(w, v);
	return pb_yw_str(w, v);
}

void pbf_tsv_str(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\t': fputs("\\t", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\\': fputs("\\\\", fp); break;
		default: fputc(*s, fp);
		}
	}
}

/* An RFC 4180 cell: quoted when it holds a comma, quote, CR or LF, the
 * lead ("'" or "") inside the quotes. */
static void csv_cell(FILE *fp, const char *lead, const char *s)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', fp);
	fputs(lead, fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	if (quote)
		fputc('"', fp);
}

/* A cell that a spreadsheet would take for a formula, "=HYPERLINK(..)"
 * or "-2+3+cmd|..", is neutralised with a leading "'" (import --csv
 * takes it off again: pb_csv_unguard), so a spreadsheet
 * takes it as text.  A number of a numeric field ("-5" days left) stays
 * a number; --raw keeps every cell as it is, for scripts. */
void pbf_csv_value(FILE *fp, const pb_fmt_opts *o, int type, const char *v)
{
	if (!v)
		return;
	csv_cell(fp,
		 !o->raw && pb_csv_formula_like(v) &&
				 !(pb_type_is_number(type) && pbf_json_number(v))
			 ? "'"
			 : "",
		 v);
}

/* Text of our own: field names, headings. */
void pbf_csv_str(FILE *fp, const char *s)
{
	if (s)
		csv_cell(fp, "", s);
}

/* Text already free of control characters, shown as itself: HTML in a
 * name ("<img src=x onerror=..>") stays text, as do the characters that
 * would make a link, an image, emphasis, code or a new table cell. */
void pbf_md_str(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '|':
			fputc('\\', fp);
			fputc(*s, fp);
			break;
		default: fputc(*s, fp);
		}
	}
}

void pbf_html_str(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void html_head(FILE *fp, int zh)
{
	fprintf(fp,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<title>pb</title>\n"
		"<style>table{border-collapse:collapse}"
		"th,td{border:1px solid #999;padding:2px 6px;text-align:left}"
		".num{text-align:right}</style>\n"
		"</head>\n<body>\n<table>\n",
		zh ? "zh-CN" : "en");
}

static void html_foot(FILE *fp)
{
	fputs("</table>\n</body>\n</html>\n", fp);
}

/* Columns two spaces apart, padded by display-width difference as
 * column(1) does; spaces are held back until more text follows, so no
 * line ends in padding.  NULL cells are empty. */
int pbf_table_write(FILE *fp, size_t ncols, size_t nrows,
		       char *const *cells, const int *right)
{
	size_t *w = calloc(ncols ? ncols : 1, sizeof *w);
	size_t r, c, cw, pending;
	const char *s;

	if (!w)
		return PB_SOFTWARE;
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			s = cells[r * ncols + c];
			cw = s ? pb_str_width(s) : 0;
			if (cw > w[c])
				w[c] = cw;
		}
	for (r = 0; r < nrows; r++) {
		pending = 0;
		for (c = 0; c < ncols; c++) {
			s = cells[r * ncols + c];
			if (!s)
				s = "";
			cw = pb_str_width(s);
			if (c > 0)
				pending += 2;
			if (right[c])
				pending += w[c] - cw;
			if (*s) {
				fprintf(fp, "%*s", (int)pending, "");
				pending = 0;
				fputs(s, fp);
			}
			if (!right[c])
				pending += w[c] - cw;
		}
		fputc('\n', fp);
	}
	free(w);
	return PB_OK;
}

/* The columns --fields asks for, as indexes into fields; all of them when
 * it is NULL.  A name given twice is refused: json would get a duplicate
 * key. */
static int select_fields(const pb_fmt_opts *o, const pb_field *fields,
			 size_t nfields, size_t **selp, size_t *nselp,
			 pb_err *e)
{
	size_t *sel, nsel = 0, i, j, n;
	const char *p, *q;
	char list[PB_MSG_MAX], name[128];

	*selp = NULL;
	*nselp = 0;
	if (!o->fields) {
		sel = malloc((nfields ? nfields : 1) * sizeof *sel);
		if (!sel)
			return pb_fail(e, PB_SOFTWARE, "out of memory");
		for (i = 0; i < nfields; i++)
			sel[i] = i;
		*selp = sel;
		*nselp = nfields;
		return PB_OK;
	}
	n = 1;
	for (p = o->fields; *p; p++)
		n += *p == ',';
	sel = malloc(n * sizeof *sel);
	if (!sel)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	for (p = o->fields;; p = q + 1) {
		size_t len;

		q = strchr(p, ',');
		if (!q)
			q = p + strlen(p);
		while (p < q && *p == ' ')
			p++;
		len = (size_t)(q - p);
		while (len && p[len - 1] == ' ')
			len--;
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		for (i = 0; i < nfields; i++)
			if (strlen(fields[i].name) == len &&
			    strncmp(fields[i].name, p, len) == 0)
				break;
		if (i == nfields) {
			list[0] = '\0';
			for (j = 0; j < nfields; j++) {
				size_t l = strlen(list);
				snprintf(list + l, sizeof list - l, "%s%s",
					 j ? ", " : "", fields[j].name);
			}
			free(sel);
			return pb_fail(e, PB_USAGE,
				       "unknown field '%s' (expected one of: %s)",
				       name, list);
		}
		for (j = 0; j < nsel; j++)
			if (sel[j] == i) {
				free(sel);
				return pb_fail(e, PB_USAGE,
					       "field '%s' given twice", name);
			}
		sel[nsel++] = i;
		if (*q == '\0')
			break;
	}
	*selp = sel;
	*nselp = nsel;
	return PB_OK;
}

struct pb_fmt {
	FILE *fp;
	pb_fmt_opts o;
	const pb_field *fields;
	size_t *sel, nsel;
	size_t nrows;
	int err; /* first failure, reported at list_end */
	pb_yw *yw;
	char **cells; /* table: heading row, then every row */
	size_t ncells, capcells;
	pb_err yerr;
};

/* xlsx keeps NULL (a null value) as a cell of its own. */
static int cell_push(pb_fmt *f, char *cell)
{
	if (f->ncells == f->capcells) {
		size_t cap = f->capcells ? f->capcells * 2 : 64;
		char **p = realloc(f->cells, cap * sizeof *p);

		if (!p) {
			free(cell);
			return PB_SOFTWARE;
		}
		f->cells = p;
		f->capcells = cap;
	}
	f->cells[f->ncells++] = cell;
	return PB_OK;
}

static int table_push(pb_fmt *f, char *cell)
{
	int rc = cell_push(f, cell);

	return rc ? rc : cell ? PB_OK : PB_SOFTWARE;
}

static void fmt_free(pb_fmt *f)
{
	size_t i;

	for (i = 0; i < f->ncells; i++)
		free(f->cells[i]);
	free(f->cells);
	free(f->sel);
	free(f);
}

int pb_fmt_list_begin(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		      size_t nfields, pb_fmt **out, pb_err *e)
{
	pb_fmt *f;
	size_t i;
	int rc;

	*out = NULL;
	f = calloc(1, sizeof *f);
	if (!f)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	f->fp = fp;
	f->o = *o;
	f->o.fields = NULL;
	f->fields = fields;
	rc = select_fields(o, fields, nfields, &f->sel, &f->nsel, e);
	if (rc) {
		free(f);
		return rc;
	}
	switch (o->format) {
	case PB_FMT_TABLE:
		for (i = 0; i < f->nsel; i++)
			if (table_push(f, strdup(pbf_heading(&fields[f->sel[i]],
							 o->zh)))) {
				fmt_free(f);
				return pb_fail(e, PB_SOFTWARE, "out of memory");
			}
		break;
	case PB_FMT_TSV:
		if (!o->header)
			break;
		for (i = 0; i < f->nsel; i++) {
			if (i)
				fputc('\t', fp);
			pbf_tsv_str(fp, fields[f->sel[i]].name);
		}
		fputc('\n', fp);
		break;
	case PB_FMT_CSV:
		if (o->bom)
			fputs("\xef\xbb\xbf", fp);
		for (i = 0; i < f->nsel; i++) {
			if (i)
				fputc(',', fp);
			pbf_csv_str(fp, fields[f->sel[i]].name);
		}
		fputs("\r\n", fp);
		break;
	case PB_FMT_JSON:
	case PB_FMT_JSONL:
		break;
	case PB_FMT_YAML:
		rc = pb_yw_open(fp, &f->yw, e);
		if (rc) {
			fmt_free(f);
			return rc;
		}
		pb_yw_seq_begin(f->yw);
		break;
	case PB_FMT_MD:
		for (i = 0; i < f->nsel; i++) {
			fputs(i ? " | " : "| ", fp);
			pbf_md_str(fp, pbf_heading(&fields[f->sel[i]], o->zh));
		}
		fputs(" |\n", fp);
		for (i = 0; i < f->nsel; i++)
			fputs(pb_type_is_number(fields[f->sel[i]].type) ? "| ---: "
								   : "| --- ",
			      fp);
		fputs("|\n", fp);
		break;
	case PB_FMT_HTML:
		html_head(fp, o->zh);
		fputs("<thead>\n<tr>", fp);
		for (i = 0; i < f->nsel; i++) {
			const pb_field *fd = &fields[f->sel[i]];

			fputs(pb_type_is_number(fd->type) ? "<th class=\"num\">"
						    : "<th>",
			      fp);
			pbf_html_str(fp, pbf_heading(fd, o->zh));
			fputs("</th>", fp);
		}
		fputs("</tr>\n</thead>\n<tbody>\n", fp);
		break;
	case PB_FMT_XLSX:
		/* Rows are kept (raw values) for the workbook, written at
		 * the end; a pb without the writer says so before any. */
		if (!pbf_xlsx_ops(e)) {
			fmt_free(f);
			return e->code;
		}
		break;
	default:
		fmt_free(f);
		return pb_fail(e, PB_SOFTWARE, "unknown format %d", o->format);
	}
	*out = f;
	return PB_OK;
}

static void json_members_line(FILE *fp, const pb_field *fields,
			      const size_t *sel, size_t nsel,
			      const char *const *values)
{
	size_t i;

	for (i = 0; i < nsel; i++) {
		const pb_field *fd = &fields[sel[i]];

		if (i)
			fputc(',', fp);
		pbf_json_str(fp, fd->name);
		fputc(':', fp);
		pbf_json_value(fp, fd, values[sel[i]]);
	}
}

static void json_object_line(FILE *fp, const pb_field *fields,
			     const size_t *sel, size_t nsel,
			     const char *const *values)
{
	fputc('{', fp);
	json_members_line(fp, fields, sel, nsel, values);
	fputc('}', fp);
}

static int yaml_mapping(pb_yw *w, const pb_field *fields, const size_t *sel,
			size_t nsel, const char *const *values)
{
	size_t i;
	int rc = pb_yw_map_begin(w);

	for (i = 0; i < nsel && !rc; i++) {
		rc = pb_yw_key(w, fields[sel[i]].name);
		if (!rc)
			rc = pbf_yaml_value(w, &fields[sel[i]], values[sel[i]]);
	}
	return rc ? rc : pb_yw_map_end(w);
}

int pb_fmt_row(pb_fmt *f, const char *const *values)
{
	FILE *fp = f->fp;
	size_t i;

	if (f->err)
		return f->err;
	switch (f->o.format) {
	case PB_FMT_TABLE:
		for (i = 0; i < f->nsel && !f->err; i++)
			f->err = table_push(f, pbf_display(&f->o,
						       &f->fields[f->sel[i]],
						       values[f->sel[i]]));
		break;
	case PB_FMT_TSV:
		for (i = 0; i < f->nsel; i++) {
			if (i)
				fputc('\t', fp);
			pbf_tsv_str(fp, values[f->sel[i]]);
		}
		fputc('\n', fp);
		break;
	case PB_FMT_CSV:
		for (i = 0; i < f->nsel; i++) {
			if (i)
				fputc(',', fp);
			pbf_csv_value(fp, &f->o, f->fields[f->sel[i]].type,
				      values[f->sel[i]]);
		}
		fputs("\r\n", fp);
		break;
	case PB_FMT_JSON:
		fputs(f->nrows ? ",\n" : "[\n", fp);
		json_object_line(fp, f->fields, f->sel, f->nsel, values);
		break;
	case PB_FMT_JSONL:
		json_object_line(fp, f->fields, f->sel, f->nsel, values);
		fputc('\n', fp);
		break;
	case PB_FMT_YAML:
		f->err = yaml_mapping(f->yw, f->fields, f->sel, f->nsel,
				      values);
		break;
	case PB_FMT_MD:
	case PB_FMT_HTML:
		fputs(f->o.format == PB_FMT_MD ? "|" : "<tr>", fp);
		for (i = 0; i < f->nsel && !f->err; i++) {
			const pb_field *fd = &f->fields[f->sel[i]];
			char *s = pbf_display(&f->o, fd, values[f->sel[i]]);

			if (!s) {
				f->err = PB_SOFTWARE;
				break;
			}
			if (f->o.format == PB_FMT_MD) {
				fputc(' ', fp);
				pbf_md_str(fp, s);
				fputs(" |", fp);
			} else {
				fputs(pb_type_is_number(fd->type)
					      ? "<td class=\"num\">"
					      : "<td>",
				      fp);
				pbf_html_str(fp, s);
				fputs("</td>", fp);
			}
			free(s);
		}
		fputs(f->o.format == PB_FMT_MD ? "\n" : "</tr>\n", fp);
		break;
	case PB_FMT_XLSX:
		for (i = 0; i < f->nsel && !f->err; i++) {
			const char *v = values[f->sel[i]];
			char *s = v ? strdup(v) : NULL;

			f->err = v && !s ? PB_SOFTWARE : cell_push(f, s);
		}
		break;
	}
	f->nrows++;
	if (!f->err && ferror(fp))
		f->err = PB_IOERR;
	return f->err;
}

int pb_fmt_list_end(pb_fmt *f, pb_err *e)
{
	FILE *fp = f->fp;
	int err = f->err, rc;

	if (!err) {
		switch (f->o.format) {
		case PB_FMT_TABLE: {
			int *right = calloc(f->nsel ? f->nsel : 1, sizeof *right);
			size_t i;

			if (!right) {
				err = PB_SOFTWARE;
				break;
			}
			for (i = 0; i < f->nsel; i++)
				right[i] = pb_type_is_number(f->fields[f->sel[i]].type);
			/* An empty list prints nothing, as tsv does. */
			if (f->nrows)
				err = pbf_table_write(fp, f->nsel, f->nrows + 1,
						  f->cells, right);
			free(right);
			break;
		}
		case PB_FMT_JSON:
			fputs(f->nrows ? "\n]\n" : "[]\n", fp);
			break;
		case PB_FMT_YAML:
			/* libyaml writes an empty block sequence as "[]". */
			pb_yw_seq_end(f->yw);
			break;
		case PB_FMT_HTML:
			fputs("</tbody>\n", fp);
			html_foot(fp);
			break;
		case PB_FMT_XLSX: {
			const pb_xlsx_ops *x = pbf_xlsx_ops(e);

			rc = x ? x->list(fp, &f->o, f->fields, f->sel, f->nsel,
					 f->cells, f->nrows, e)
			       : e->code;
			if (rc) {
				fmt_free(f);
				return rc;
			}
			break;
		}
		default:
			break;
		}
	}
	if (f->yw) {
		rc = pb_yw_close(f->yw, &f->yerr);
		f->yw = NULL;
		if (rc && !err) {
			pb_fail(e, rc, "%s", f->yerr.msg);
			fmt_free(f);
			return rc;
		}
	}
	if (!err && ferror(fp))
		err = PB_IOERR;
	fmt_free(f);
	if (err == PB_SOFTWARE)
		return pb_fail(e, err, "out of memory");
	if (err)
		return pb_fail(e, PB_IOERR, "cannot write output");
	return PB_OK;
}

static int object_table(FILE *fp, const pb_fmt_opts *o,
			const pb_field *fields, const size_t *sel,
			size_t nsel, const char *const *values)
{
	char **cells = calloc(nsel ? nsel * 2 : 1, sizeof *cells);
	static const int right[2] = {0, 0};
	size_t i;
	int rc = PB_OK;

	if (!cells)
		return PB_SOFTWARE;
	for (i = 0; i < nsel && !rc; i++) {
		cells[2 * i] = strdup(pbf_heading(&fields[sel[i]], o->zh));
		cells[2 * i + 1] = pbf_display(o, &fields[sel[i]], values[sel[i]]);
		if (!cells[2 * i] || !cells[2 * i + 1])
			rc = PB_SOFTWARE;
	}
	if (!rc)
		rc = pbf_table_write(fp, 2, nsel, cells, right);
	for (i = 0; i < nsel * 2; i++)
		free(cells[i]);
	free(cells);
	return rc;
}

/* All the fields of a sublist, in order. */
static size_t *all_fields(size_t n)
{
	size_t *sel = malloc((n ? n : 1) * sizeof *sel), i;

	for (i = 0; sel && i < n; i++)
		sel[i] = i;
	return sel;
}

static int subs_json(FILE *fp, const pb_sublist *subs, size_t nsubs,
		     int pretty)
{
	size_t k, r;

	for (k = 0; k < nsubs; k++) {
		const pb_sublist *sl = &subs[k];
		size_t *sel = all_fields(sl->nfields);

		if (!sel)
			return PB_SOFTWARE;
		fputs(pretty ? ",\n  " : ",", fp);
		pbf_json_str(fp, sl->name);
		fputs(pretty ? ": [" : ":[", fp);
		for (r = 0; r < sl->nrows; r++) {
			if (pretty)
				fputs(r ? ",\n    " : "\n    ", fp);
			else if (r)
				fputc(',', fp);
			json_object_line(fp, sl->fields, sel, sl->nfields,
					 sl->cells + r * sl->nfields);
		}
		fputs(pretty && sl->nrows ? "\n  ]" : "]", fp);
		free(sel);
	}
	return PB_OK;
}

static int subs_yaml(pb_yw *w, const pb_sublist *subs, size_t nsubs)
{
	size_t k, r;
	int rc = PB_OK;

	for (k = 0; k < nsubs && !rc; k++) {
		const pb_sublist *sl = &subs[k];
		size_t *sel = all_fields(sl->nfields);

		if (!sel)
			return PB_SOFTWARE;
		rc = pb_yw_key(w, sl->name);
		if (!rc)
			rc = pb_yw_seq_begin(w);
		for (r = 0; r < sl->nrows && !rc; r++)
			rc = yaml_mapping(w, sl->fields, sel, sl->nfields,
					  sl->cells + r * sl->nfields);
		if (!rc)
			rc = pb_yw_seq_end(w);
		free(sel);
	}
	return rc;
}

/* In the line-oriented formats a sublist follows the record as a titled
 * list of its own, through the same list backends. */
static int subs_lists(FILE *fp, const pb_fmt_opts *o, const pb_sublist *subs,
		      size_t nsubs, pb_err *e)
{
	pb_fmt_opts lo = *o;
	size_t k, r;
	pb_fmt *f;
	int rc;

	lo.fields = NULL;
	lo.bom = 0;
	for (k = 0; k < nsubs; k++) {
		const pb_sublist *sl = &subs[k];

		if (o->format == PB_FMT_TABLE)
			fprintf(fp, "\n%s:\n", o->zh ? sl->zh : sl->en);
		else if (o->format == PB_FMT_MD)
			fprintf(fp, "\n### %s\n\n", o->zh ? sl->zh : sl->en);
		else
			fputc('\n', fp);
		if ((rc = pb_fmt_list_begin(fp, &lo, sl->fields, sl->nfields, &f, e)))
			return rc;
		for (r = 0; r < sl->nrows; r++)
			pb_fmt_row(f, sl->cells + r * sl->nfields);
		if ((rc = pb_fmt_list_end(f, e)))
			return rc;
	}
	return PB_OK;
}

int pb_fmt_object(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		  size_t nfields, const char *const *values, pb_err *e)
{
	return pb_fmt_show(fp, o, fields, nfields, values, NULL, 0, e);
}

int pb_fmt_show(FILE *fp, const pb_fmt_opts *o, const pb_field *fields,
		size_t nfields, const char *const *values, const pb_sublist *subs,
		size_t nsubs, pb_err *e)
{
	size_t *sel, nsel, i;
	pb_yw *w;
	int rc;

	rc = select_fields(o, fields, nfields, &sel, &nsel, e);
	if (rc)
		return rc;
	if (o->fields)
		nsubs = 0; /* --fields picks columns of the record itself */
	switch (o->format) {
	case PB_FMT_TABLE:
		rc = object_table(fp, o, fields, sel, nsel, values);
		break;
	case PB_FMT_TSV:
		if (o->header)
			fputs("field\tvalue\n", fp);
		for (i = 0; i < nsel; i++) {
			pbf_tsv_str(fp, fields[sel[i]].name);
			fputc('\t', fp);
			pbf_tsv_str(fp, values[sel[i]]);
			fputc('\n', fp);
		}
		break;
	case PB_FMT_CSV:
		if (o->bom)
			fputs("\xef\xbb\xbf", fp);
		fputs("field,value\r\n", fp);
		for (i = 0; i < nsel; i++) {
			pbf_csv_str(fp, fields[sel[i]].name);
			fputc(',', fp);
			pbf_csv_value(fp, o, fields[sel[i]].type, values[sel[i]]);
			fputs("\r\n", fp);
		}
		break;
	case PB_FMT_JSON:
		fputc('{', fp);
		for (i = 0; i < nsel; i++) {
			fputs(i ? ",\n  " : "\n  ", fp);
			pbf_json_str(fp, fields[sel[i]].name);
			fputs(": ", fp);
			pbf_json_value(fp, &fields[sel[i]], values[sel[i]]);
		}
		rc = subs_json(fp, subs, nsubs, 1);
		fputs(nsel || nsubs ? "\n}\n" : "}\n", fp);
		break;
	case PB_FMT_JSONL:
		fputc('{', fp);
		json_members_line(fp, fields, sel, nsel, values);
		rc = subs_json(fp, subs, nsubs, 0);
		fputs("}\n", fp);
		break;
	case PB_FMT_YAML:
		rc = pb_yw_open(fp, &w, e);
		if (rc)
			break;
		rc = pb_yw_map_begin(w);
		for (i = 0; i < nsel && !rc; i++) {
			rc = pb_yw_key(w, fields[sel[i]].name);
			if (!rc)
				rc = pbf_yaml_value(w, &fields[sel[i]], values[sel[i]]);
		}
		if (!rc)
			rc = subs_yaml(w, subs, nsubs);
		if (!rc)
			rc = pb_yw_map_end(w);
		if (rc) {
			pb_err ignored;

			pb_yw_close(w, &ignored);
			rc = pb_fail(e, PB_IOERR, "cannot write output");
			break;
		}
		rc = pb_yw_close(w, e);
		break;
	case PB_FMT_MD:
		fputs(o->zh ? "| 字段 | 值 |\n" : "| Field | Value |\n", fp);
		fputs("| --- | --- |\n", fp);
		for (i = 0; i < nsel && !rc; i++) {
			char *s = pbf_display(o, &fields[sel[i]], values[sel[i]]);

			if (!s) {
				rc = PB_SOFTWARE;
				break;
			}
			fputs("| ", fp);
			pbf_md_str(fp, pbf_heading(&fields[sel[i]], o->zh));
			fputs(" | ", fp);
			pbf_md_str(fp, s);
			fputs(" |\n", fp);
			free(s);
		}
		break;
	case PB_FMT_HTML:
		html_head(fp, o->zh);
		for (i = 0; i < nsel && !rc; i++) {
			char *s = pbf_display(o, &fields[sel[i]], values[sel[i]]);

			if (!s) {
				rc = PB_SOFTWARE;
				break;
			}
			fputs("<tr><th>", fp);
			pbf_html_str(fp, pbf_heading(&fields[sel[i]], o->zh));
			fputs(pb_type_is_number(fields[sel[i]].type)
				      ? "</th><td class=\"num\">"
				      : "</th><td>",
			      fp);
			pbf_html_str(fp, s);
			fputs("</td></tr>\n", fp);
			free(s);
		}
		html_foot(fp);
		break;
	case PB_FMT_XLSX: {
		const pb_xlsx_ops *x = pbf_xlsx_ops(e);

		rc = x ? x->show(fp, o, fields, sel, nsel, values, subs, nsubs, e)
		       : e->code;
		free(sel);
		return rc;
	}
	default:
		free(sel);
		return pb_fail(e, PB_SOFTWARE, "unknown format %d", o->format);
	}
	free(sel);
	if (!rc && nsubs && o->format != PB_FMT_JSON &&
	    o->format != PB_FMT_JSONL && o->format != PB_FMT_YAML)
		rc = subs_lists(fp, o, subs, nsubs, e);
	if (rc == PB_SOFTWARE)
		return pb_fail(e, rc, "out of memory");
	if (rc)
		return rc;
	if (ferror(fp))
		return pb_fail(e, PB_IOERR, "cannot write output");
	return PB_OK;
}
