/* Report trees in every format: json and yaml nest them; jsonl puts one
 * on a line; tsv and csv flatten them to key paths ("events.total");
 * table, md and html lay them out under headings, html as one
 * self-contained page with SVG bar charts. */
#include <stdlib.h>
#include <string.h>

#include "fmt_common.h"
#include "pb.h"
#include "xlsx.h"

typedef struct tctx {
	FILE *fp;
	const pb_fmt_opts *o;
	pb_label_fn label;
	int rc;
	int written; /* a table section was written: the next one gets a gap */
} tctx;

typedef struct cols cols;
static void layout(tctx *t, const pb_node *m, const cols *c, int depth);

static const char *label_of(const tctx *t, const char *key)
{
	const char *l = key && t->label ? t->label(key, t->o->zh) : NULL;

	return l ? l : key ? key : "";
}

/* The shown form of a value: a label for keyed values ("kind:aid"). */
static const char *value_of(const tctx *t, const char *key, const char *v,
			    char *buf, size_t len)
{
	const char *l;

	if (!v)
		return "";
	if (key && t->label) {
		snprintf(buf, len, "%s:%s", key, v);
		if ((l = t->label(buf, t->o->zh)))
			return l;
	}
	return v;
}

static void scalar_json(FILE *fp, const pb_node *n)
{
	pb_field f = {"", "", "", pb_node_type(n), NULL, 0};

	pbf_json_value(fp, &f, pb_node_value(n));
}

static void json_node(FILE *fp, const pb_node *n, int indent, int pretty)
{
	size_t i, cnt = pb_node_count(n);
	int kind = pb_node_kind(n);

	if (kind == PB_NODE_SCALAR) {
		scalar_json(fp, n);
		return;
	}
	fputc(kind == PB_NODE_MAP ? '{' : '[', fp);
	for (i = 0; i < cnt; i++) {
		const pb_node *k = pb_node_at(n, i);

		if (i)
			fputc(',', fp);
		if (pretty)
			fprintf(fp, "\n%*s", indent + 2, "");
		if (kind == PB_NODE_MAP) {
			pbf_json_str(fp, pb_node_key(k));
			fputs(pretty ? ": " : ":", fp);
		}
		json_node(fp, k, indent + 2, pretty);
	}
	if (pretty && cnt)
		fprintf(fp, "\n%*s", indent, "");
	fputc(kind == PB_NODE_MAP ? '}' : ']', fp);
}

static int yaml_node(pb_yw *w, const pb_node *n)
{
	size_t i;
	int rc;

	if (pb_node_kind(n) == PB_NODE_SCALAR) {
		pb_field f = {"", "", "", pb_node_type(n), NULL, 0};

		return pbf_yaml_value(w, &f, pb_node_value(n));
	}
	rc = pb_node_kind(n) == PB_NODE_MAP ? pb_yw_map_begin(w) : pb_yw_seq_begin(w);
	for (i = 0; i < pb_node_count(n) && !rc; i++) {
		const pb_node *k = pb_node_at(n, i);

		if (pb_node_kind(n) == PB_NODE_MAP)
			rc = pb_yw_key(w, pb_node_key(k));
		if (!rc)
			rc = yaml_node(w, k);
	}
	if (rc)
		return rc;
	return pb_node_kind(n) == PB_NODE_MAP ? pb_yw_map_end(w) : pb_yw_seq_end(w);
}

/* tsv/csv: one "path value" line per scalar. */
static void flat_node(tctx *t, const pb_node *n, char *path, size_t len)
{
	size_t i, base = strlen(path);

	if (pb_node_kind(n) == PB_NODE_SCALAR) {
		const char *v = pb_node_value(n);

		if (t->o->format == PB_FMT_TSV) {
			pbf_tsv_str(t->fp, path);
			fputc('\t', t->fp);
			pbf_tsv_str(t->fp, v);
			fputc('\n', t->fp);
		} else {
			pbf_csv_value(t->fp, t->o, PB_T_TEXT, path);
			fputc(',', t->fp);
			pbf_csv_value(t->fp, t->o, pb_node_type(n), v);
			fputs("\r\n", t->fp);
		}
		return;
	}
	for (i = 0; i < pb_node_count(n); i++) {
		const pb_node *k = pb_node_at(n, i);

		if (pb_node_kind(n) == PB_NODE_MAP)
			snprintf(path + base, len - base, "%s%s", base ? "." : "",
				 pb_node_key(k));
		else
			snprintf(path + base, len - base, "%s%zu", base ? "." : "", i);
		flat_node(t, k, path, len);
		path[base] = '\0';
	}
}

/* A list of values only (a roll-up's sources). */
static int scalar_list(const pb_node *n)
{
	size_t i;

	if (pb_node_kind(n) != PB_NODE_LIST)
		return 0;
	for (i = 0; i < pb_node_count(n); i++)
		if (pb_node_kind(pb_node_at(n, i)) != PB_NODE_SCALAR)
			return 0;
	return 1;
}

/* Items that are rows: scalars, or lists of values shown in one cell. */
static int all_scalars(const pb_node *n)
{
	size_t i;

	for (i = 0; i < pb_node_count(n); i++)
		if (pb_node_kind(pb_node_at(n, i)) != PB_NODE_SCALAR &&
		    !scalar_list(pb_node_at(n, i)))
			return 0;
	return 1;
}

/* A list of values as one cell: "a, b" (、 in Chinese). */
static char *joined(const tctx *t, const pb_node *list)
{
	size_t i, len = 1;
	char *s, *p;

	for (i = 0; i < pb_node_count(list); i++)
		len += strlen(pb_node_value(pb_node_at(list, i)) ?
				      pb_node_value(pb_node_at(list, i)) : "") + 3;
	if (!(s = malloc(len)))
		return NULL;
	p = s;
	*p = '\0';
	for (i = 0; i < pb_node_count(list); i++) {
		const char *v = pb_node_value(pb_node_at(list, i));

		if (i)
			p = stpcpy(p, t->o->zh ? "、" : ", ");
		p = stpcpy(p, v ? v : "");
	}
	p = pbf_escape_dup(s);
	free(s);
	return p;
}

/* A list of maps as rows under the keys of its first item. */
static void table_of_list(tctx *t, const pb_node *list, int indent)
{
	const pb_node *first = pb_node_at(list, 0);
	size_t ncols, nrows = pb_node_count(list), r, c;
	char **cells, buf[256];
	int *right;

	if (!first || pb_node_kind(first) != PB_NODE_MAP)
		return;
	ncols = pb_node_count(first);
	cells = calloc((nrows + 1) * ncols + 1, sizeof *cells);
	right = calloc(ncols + 1, sizeof *right);
	if (!cells || !right) {
		t->rc = PB_SOFTWARE;
		free(cells);
		free(right);
		return;
	}
	for (c = 0; c < ncols; c++) {
		const pb_node *k = pb_node_at(first, c);

		right[c] = pbf_is_num_type(pb_node_type(k));
		cells[c] = pbf_escape_dup(label_of(t, pb_node_key(k)));
	}
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			const pb_node *item = pb_node_at(list, r);
			const pb_node *k = item ? pb_node_at(item, c) : NULL;

			cells[(r + 1) * ncols + c] =
				k && scalar_list(k) ? joined(t, k)
				: pbf_escape_dup(k ? value_of(t, pb_node_key(k),
							      pb_node_value(k), buf,
							      sizeof buf)
						   : "");
		}
	if (t->o->format == PB_FMT_TABLE) {
		/* Indent by prefixing the first column's cells. */
		for (r = 0; indent && r <= nrows; r++) {
			char *s = cells[r * ncols], *p = malloc(strlen(s) + (size_t)indent + 1);

			if (p) {
				snprintf(p, strlen(s) + (size_t)indent + 1, "%*s%s", indent, "", s);
				free(s);
				cells[r * ncols] = p;
			}
		}
		pbf_table_write(t->fp, ncols, nrows + 1, cells, right);
	} else if (t->o->format == PB_FMT_MD) {
		for (r = 0; r <= nrows; r++) {
			fputc('|', t->fp);
			for (c = 0; c < ncols; c++) {
				fputc(' ', t->fp);
				pbf_md_str(t->fp, cells[r * ncols + c]);
				fputs(" |", t->fp);
			}
			fputc('\n', t->fp);
			if (r == 0) {
				fputc('|', t->fp);
				for (c = 0; c < ncols; c++)
					fputs(right[c] ? " ---: |" : " --- |", t->fp);
				fputc('\n', t->fp);
			}
		}
	} else {
		fputs("<table>\n<tr>", t->fp);
		for (r = 0; r <= nrows; r++) {
			if (r)
				fputs("<tr>", t->fp);
			for (c = 0; c < ncols; c++) {
				fputs(r ? (right[c] ? "<td class=\"num\">" : "<td>") : "<th>",
				      t->fp);
				pbf_html_str(t->fp, cells[r * ncols + c]);
				fputs(r ? "</td>" : "</th>", t->fp);
			}
			fputs("</tr>\n", t->fp);
		}
		fputs("</table>\n", t->fp);
	}
	for (r = 0; r < (nrows + 1) * ncols; r++)
		free(cells[r]);
	free(cells);
	free(right);
}

/* The scalars of a map as label/value pairs. */
static void pairs_of_map(tctx *t, const pb_node *m, int indent)
{
	size_t n = pb_node_count(m), i, rows = 0;
	char **cells = calloc(2 * n + 1, sizeof *cells), buf[256];
	static const int right[2] = {0, 0};

	if (!cells) {
		t->rc = PB_SOFTWARE;
		return;
	}
	for (i = 0; i < n; i++) {
		const pb_node *k = pb_node_at(m, i);
		const char *key = pb_node_key(k);
		const char *v;

		if (pb_node_kind(k) != PB_NODE_SCALAR)
			continue;
		v = value_of(t, key, pb_node_value(k), buf, sizeof buf);
		if (t->o->format == PB_FMT_TABLE) {
			char *l = pbf_escape_dup(label_of(t, key)), *p;

			p = l ? malloc(strlen(l) + (size_t)indent + 1) : NULL;
			if (p)
				snprintf(p, strlen(l) + (size_t)indent + 1, "%*s%s", indent,
					 "", l);
			free(l);
			cells[2 * rows] = p;
			cells[2 * rows + 1] = pbf_escape_dup(v);
			rows++;
		} else if (t->o->format == PB_FMT_MD) {
			char *l = pbf_escape_dup(label_of(t, key)), *s = pbf_escape_dup(v);

			fprintf(t->fp, "- **");
			if (l)
				pbf_md_str(t->fp, l);
			fprintf(t->fp, "**: ");
			if (s)
				pbf_md_str(t->fp, s);
			fputc('\n', t->fp);
			free(l);
			free(s);
		} else {
			char *l = pbf_escape_dup(label_of(t, key)), *s = pbf_escape_dup(v);

			fputs("<tr><th>", t->fp);
			if (l)
				pbf_html_str(t->fp, l);
			fputs(pbf_is_num_type(pb_node_type(k)) ? "</th><td class=\"num\">"
							       : "</th><td>",
			      t->fp);
			if (s)
				pbf_html_str(t->fp, s);
			fputs("</td></tr>\n", t->fp);
			free(l);
			free(s);
		}
	}
	if (t->o->format == PB_FMT_TABLE && rows)
		pbf_table_write(t->fp, 2, rows, cells, right);
	for (i = 0; i < 2 * rows; i++)
		free(cells[i]);
	free(cells);
}

/* A list of values (a roll-up's sources), one a line. */
static void values_of_list(tctx *t, const pb_node *k, int depth)
{
	size_t j;

	for (j = 0; j < pb_node_count(k); j++) {
		const pb_node *v = pb_node_at(k, j);
		char *s = pbf_escape_dup(pb_node_value(v) ? pb_node_value(v) : "");

		if (!s) {
			t->rc = PB_SOFTWARE;
			return;
		}
		if (t->o->format == PB_FMT_TABLE) {
			fprintf(t->fp, "%*s%s\n", 2 * depth, "", s);
		} else if (t->o->format == PB_FMT_MD) {
			fputs("- ", t->fp);
			pbf_md_str(t->fp, s);
			fputc('\n', t->fp);
		} else {
			fputs("<p>", t->fp);
			pbf_html_str(t->fp, s);
			fputs("</p>\n", t->fp);
		}
		free(s);
	}
}


/* Horizontal bars, one row per key, a second bar for the comparison. */
static void svg_chart(tctx *t, const pb_node *root, const pb_chart *c)
{
	const pb_node *m = pb_node_get(root, c->path);
	/* Without the previous period (--no-compare) the bars stand alone. */
	const pb_node *cmp = c->compare ? pb_node_get(root, c->compare) : NULL;
	size_t n, i;
	double max = 1;
	int row_h = cmp ? 30 : 20, width = 640, bar_x = 180, h;

	if (!m || pb_node_kind(m) != PB_NODE_MAP || !(n = pb_node_count(m)))
		return;
	for (i = 0; i < n; i++) {
		const pb_node *k = pb_node_at(m, i);
		const pb_node *p = cmp ? pb_node_get(cmp, pb_node_key(k)) : NULL;
		double v = pb_node_value(k) ? atof(pb_node_value(k)) : 0;
		double pv = p && pb_node_value(p) ? atof(pb_node_value(p)) : 0;

		if (v > max)
			max = v;
		if (pv > max)
			max = pv;
	}
	h = (int)n * row_h + 30;
	fputs("<figure>\n<figcaption>", t->fp);
	pbf_html_str(t->fp, t->o->zh ? c->title_zh : c->title_en);
	fprintf(t->fp,
		"</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%d\" height=\"%d\" role=\"img\">\n",
		width, h);
	for (i = 0; i < n; i++) {
		const pb_node *k = pb_node_at(m, i);
		const pb_node *p = cmp ? pb_node_get(cmp, pb_node_key(k)) : NULL;
		const char *v = pb_node_value(k) ? pb_node_value(k) : "0";
		double len = atof(v) / max * (width - bar_x - 60);
		int y = 10 + (int)i * row_h;

		fprintf(t->fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
			       "font-size=\"12\">",
			bar_x - 6, y + 12);
		pbf_html_str(t->fp, label_of(t, pb_node_key(k)));
		fprintf(t->fp,
			"</text>\n<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"12\" "
			"fill=\"#c0392b\"/>\n<text x=\"%.1f\" y=\"%d\" font-size=\"11\">",
			bar_x, y + 2, len, bar_x + len + 4, y + 12);
		pbf_html_str(t->fp, v);
		fputs("</text>\n", t->fp);
		if (cmp) {
			const char *pv = p && pb_node_value(p) ? pb_node_value(p) : "0";
			double plen = atof(pv) / max * (width - bar_x - 60);

			fprintf(t->fp,
				"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"10\" "
				"fill=\"#95a5a6\"/>\n<text x=\"%.1f\" y=\"%d\" "
				"font-size=\"10\" fill=\"#555\">",
				bar_x, y + 15, plen, bar_x + plen + 4, y + 24);
			pbf_html_str(t->fp, pv);
			fputs("</text>\n", t->fp);
		}
	}
	if (cmp)
		fprintf(t->fp,
			"<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
			"fill=\"#c0392b\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s"
			"</text><rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
			"fill=\"#95a5a6\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">%s"
			"</text>\n",
			bar_x, h - 14, bar_x + 14, h - 5, t->o->zh ? "本期" : "this period",
			bar_x + 120, h - 14, bar_x + 134, h - 5,
			t->o->zh ? "上期" : "previous period");
	fputs("</svg>\n</figure>\n", t->fp);
}

static void html_head(FILE *fp, const pb_fmt_opts *o)
{
	fprintf(fp,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<title>pb</title>\n<style>"
		"body{font-family:sans-serif;margin:2em;color:#222}"
		"table{border-collapse:collapse;margin:.5em 0}"
		"th,td{border:1px solid #bbb;padding:2px 8px;text-align:left}"
		".num{text-align:right}figure{margin:1em 0}"
		"figcaption{font-weight:bold}</style>\n</head>\n<body>\n",
		o->zh ? "zh-CN" : "en");
}

int pb_fmt_tree(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		pb_label_fn label, const pb_chart *charts, size_t ncharts,
		pb_err *e)
{
	tctx t = {fp, o, label, PB_OK, 0};
	char path[1024] = "";
	pb_yw *w;
	size_t i;
	int rc;

	if (!root)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	if (o->format == PB_FMT_XLSX) {
		const pb_xlsx_ops *x = pbf_xlsx_ops(e);

		return x ? x->tree(fp, o, root, label, e) : e->code;
	}
	switch (o->format) {
	case PB_FMT_JSON:
	case PB_FMT_JSONL:
		json_node(fp, root, 0, o->format == PB_FMT_JSON);
		fputc('\n', fp);
		break;
	case PB_FMT_YAML:
		if ((rc = pb_yw_open(fp, &w, e)) != PB_OK)
			return rc;
		if (yaml_node(w, root) != PB_OK) {
			pb_yw_close(w, &(pb_err){0});
			return pb_fail(e, PB_IOERR, "cannot write output");
		}
		if ((rc = pb_yw_close(w, e)) != PB_OK)
			return rc;
		break;
	case PB_FMT_TSV:
	case PB_FMT_CSV:
		if (o->format == PB_FMT_CSV) {
			if (o->bom)
				fputs("\xef\xbb\xbf", fp);
			fputs("key,value\r\n", fp);
		} else if (o->header) {
			fputs("key\tvalue\n", fp);
		}
		flat_node(&t, root, path, sizeof path);
		break;
	case PB_FMT_HTML:
		html_head(fp, o);
		for (i = 0; i < ncharts; i++)
			svg_chart(&t, root, &charts[i]);
		layout(&t, root, NULL, 0);
		fputs("</body>\n</html>\n", fp);
		break;
	default:
		layout(&t, root, NULL, 0);
		break;
	}
	if (t.rc)
		return pb_fail(e, t.rc, "out of memory");
	if (ferror(fp))
		return pb_fail(e, PB_IOERR, "cannot write output");
	return PB_OK;
}

/* ---- roll-ups: the district's figure beside each street's ------------- */

struct cols {
	const pb_node **v; /* each street's node at the same place, or NULL */
	size_t n;
	const char **labels; /* the streets' names */
};

static const pb_node *kid(const pb_node *m, const char *key)
{
	size_t i;

	for (i = 0; m && key && pb_node_kind(m) == PB_NODE_MAP &&
		    i < pb_node_count(m);
	     i++)
		if (pb_node_key(pb_node_at(m, i)) &&
		    strcmp(pb_node_key(pb_node_at(m, i)), key) == 0)
			return pb_node_at(m, i);
	return NULL;
}

/* The streets' nodes under key (a map's child). */
static void cols_of_key(const cols *c, const char *key, const pb_node **out)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		out[i] = kid(c->v[i], key);
}

/* The streets' items matching item j of the district's list d: an item
 * that names its street (a list the roll-up joined) is that street's
 * next one; an item merged from several streets (goods) is each one's
 * item alike in its text fields. */
static void cols_of_item(const cols *c, const pb_node *d, size_t j,
			 const pb_node **out)
{
	const pb_node *item = pb_node_at(d, j);
	const pb_node *tag = pb_node_at(item, 0);
	size_t i, k, rank = 0;

	for (i = 0; i < c->n; i++)
		out[i] = NULL;
	if (pb_node_kind(item) != PB_NODE_MAP)
		return;
	if (tag && pb_node_key(tag) && strcmp(pb_node_key(tag), "street") == 0 &&
	    pb_node_value(tag)) {
		for (k = 0; k < j; k++) {
			const pb_node *t = pb_node_at(pb_node_at(d, k), 0);

			rank += t && pb_node_value(t) &&
				strcmp(pb_node_value(t), pb_node_value(tag)) == 0;
		}
		for (i = 0; i < c->n; i++)
			if (strcmp(c->labels[i], pb_node_value(tag)) == 0 && c->v[i])
				out[i] = pb_node_at(c->v[i], rank);
		return;
	}
	for (i = 0; i < c->n; i++)
		for (k = 0; c->v[i] && k < pb_node_count(c->v[i]); k++)
			if (pb_node_item_cmp(pb_node_at(c->v[i], k), item) == 0) {
				out[i] = pb_node_at(c->v[i], k);
				break;
			}
}

static void flat_cell(tctx *t, const pb_node *n)
{
	const char *v = n ? pb_node_value(n) : NULL;

	if (t->o->format == PB_FMT_TSV) {
		fputc('\t', t->fp);
		pbf_tsv_str(t->fp, v);
	} else {
		fputc(',', t->fp);
		pbf_csv_value(t->fp, t->o, n ? pb_node_type(n) : PB_T_TEXT, v);
	}
}

/* tsv/csv: "path total street..." per scalar. */
static void flat_cols(tctx *t, const pb_node *d, const cols *c, char *path,
		      size_t len)
{
	size_t i, k, base = strlen(path);
	const pb_node **sub;
	cols next = {NULL, c->n, c->labels};

	if (pb_node_kind(d) == PB_NODE_SCALAR) {
		if (t->o->format == PB_FMT_TSV)
			pbf_tsv_str(t->fp, path);
		else
			pbf_csv_value(t->fp, t->o, PB_T_TEXT, path);
		flat_cell(t, d);
		for (k = 0; k < c->n; k++)
			flat_cell(t, c->v[k]);
		fputs(t->o->format == PB_FMT_TSV ? "\n" : "\r\n", t->fp);
		return;
	}
	if (!(sub = calloc(c->n + 1, sizeof *sub))) {
		t->rc = PB_SOFTWARE;
		return;
	}
	next.v = sub;
	for (i = 0; i < pb_node_count(d); i++) {
		const pb_node *k2 = pb_node_at(d, i);

		if (pb_node_kind(d) == PB_NODE_MAP) {
			/* Each street's own report is its column. */
			if (!base && strcmp(pb_node_key(k2), "streets") == 0)
				continue;
			snprintf(path + base, len - base, "%s%s", base ? "." : "",
				 pb_node_key(k2));
			cols_of_key(c, pb_node_key(k2), sub);
		} else {
			snprintf(path + base, len - base, "%s%zu", base ? "." : "", i);
			cols_of_item(c, d, i, sub);
		}
		flat_cols(t, k2, &next, path, len);
		path[base] = '\0';
	}
	free(sub);
}

/* The scalars of a map as rows of label, total and each street. */
static void figures_of_map(tctx *t, const pb_node *m, const cols *c, int indent)
{
	size_t n = pb_node_count(m), w = c->n + 2, i, k, rows = 1;
	char **cells = calloc((n + 1) * w + 1, sizeof *cells), buf[256];
	int *right = calloc(w, sizeof *right);

	if (!cells || !right) {
		t->rc = PB_SOFTWARE;
		free(cells);
		free(right);
		return;
	}
	cells[0] = pbf_escape_dup("");
	cells[1] = pbf_escape_dup(t->o->zh ? "合计" : "Total");
	for (k = 0; k < c->n; k++)
		cells[2 + k] = pbf_escape_dup(c->labels[k]);
	for (k = 1; k < w; k++)
		right[k] = 1;
	for (i = 0; i < n; i++) {
		const pb_node *d = pb_node_at(m, i);
		const char *key = pb_node_key(d);
		char *l;

		if (pb_node_kind(d) != PB_NODE_SCALAR)
			continue;
		l = pbf_escape_dup(label_of(t, key));
		if (t->o->format == PB_FMT_TABLE && l) {
			char *p = malloc(strlen(l) + (size_t)indent + 1);

			if (p)
				snprintf(p, strlen(l) + (size_t)indent + 1, "%*s%s", indent,
					 "", l);
			free(l);
			l = p;
		}
		cells[rows * w] = l;
		cells[rows * w + 1] = pbf_escape_dup(
			value_of(t, key, pb_node_value(d), buf, sizeof buf));
		for (k = 0; k < c->n; k++) {
			const pb_node *s = kid(c->v[k], key);

			cells[rows * w + 2 + k] = pbf_escape_dup(
				s ? value_of(t, key, pb_node_value(s), buf, sizeof buf) : "");
		}
		rows++;
	}
	if (t->o->format == PB_FMT_TABLE) {
		pbf_table_write(t->fp, w, rows, cells, right);
	} else {
		size_t r;

		if (t->o->format == PB_FMT_HTML)
			fputs("<table>\n", t->fp);
		for (r = 0; r < rows; r++) {
			if (t->o->format == PB_FMT_MD) {
				fputc('|', t->fp);
				for (k = 0; k < w; k++) {
					fputc(' ', t->fp);
					if (cells[r * w + k])
						pbf_md_str(t->fp, cells[r * w + k]);
					fputs(" |", t->fp);
				}
				fputc('\n', t->fp);
				if (r == 0) {
					fputs("| --- |", t->fp);
					for (k = 1; k < w; k++)
						fputs(" ---: |", t->fp);
					fputc('\n', t->fp);
				}
				continue;
			}
			fputs("<tr>", t->fp);
			for (k = 0; k < w; k++) {
				fputs(r == 0 || k == 0 ? "<th>" : "<td class=\"num\">", t->fp);
				if (cells[r * w + k])
					pbf_html_str(t->fp, cells[r * w + k]);
				fputs(r == 0 || k == 0 ? "</th>" : "</td>", t->fp);
			}
			fputs("</tr>\n", t->fp);
		}
		if (t->o->format == PB_FMT_HTML)
			fputs("</table>\n", t->fp);
	}
	for (i = 0; i < (n + 1) * w; i++)
		free(cells[i]);
	free(cells);
	free(right);
}

/* A section's heading: "Label:" in a table, a markdown or html heading. */
static void heading(tctx *t, const char *key, int depth)
{
	char *l = pbf_escape_dup(label_of(t, key));

	if (!l) {
		t->rc = PB_SOFTWARE;
		return;
	}
	if (t->o->format == PB_FMT_TABLE) {
		fprintf(t->fp, "%s%*s%s:\n", t->written ? "\n" : "", 2 * depth, "", l);
	} else if (t->o->format == PB_FMT_MD) {
		fprintf(t->fp, "\n%.*s ", depth + 2, "######");
		pbf_md_str(t->fp, l);
		fputs("\n\n", t->fp);
	} else {
		fprintf(t->fp, "<h%d>", depth + 2 > 6 ? 6 : depth + 2);
		pbf_html_str(t->fp, l);
		fprintf(t->fp, "</h%d>\n", depth + 2 > 6 ? 6 : depth + 2);
	}
	free(l);
	t->written = 1;
}

/* A map under headings: its scalars as rows (label and value, or with
 * columns c: label, the total and each street's), each map or list
 * below it a section of its own. */
static void layout(tctx *t, const pb_node *m, const cols *c, int depth)
{
	size_t i, n = pb_node_count(m);
	int has_scalars = 0;
	const pb_node **sub = c ? calloc(c->n + 1, sizeof *sub) : NULL;
	cols next = {sub, c ? c->n : 0, c ? c->labels : NULL};

	if (c && !sub) {
		t->rc = PB_SOFTWARE;
		return;
	}
	for (i = 0; i < n; i++)
		has_scalars |= pb_node_kind(pb_node_at(m, i)) == PB_NODE_SCALAR;
	if (has_scalars) {
		t->written = 1;
		if (c) {
			figures_of_map(t, m, c, 2 * depth);
		} else {
			if (t->o->format == PB_FMT_HTML)
				fputs("<table>\n", t->fp);
			pairs_of_map(t, m, 2 * depth);
			if (t->o->format == PB_FMT_HTML)
				fputs("</table>\n", t->fp);
		}
	}
	for (i = 0; i < n && !t->rc; i++) {
		const pb_node *k = pb_node_at(m, i);
		/* A roll-up's streets are its columns; how it was made is
		 * one column. */
		int top = c && !depth;

		if (pb_node_kind(k) == PB_NODE_SCALAR ||
		    (top && strcmp(pb_node_key(k), "streets") == 0))
			continue;
		heading(t, pb_node_key(k), depth);
		if (pb_node_kind(k) == PB_NODE_MAP) {
			if (c && !(top && strcmp(pb_node_key(k), "rollup") == 0)) {
				cols_of_key(c, pb_node_key(k), sub);
				layout(t, k, &next, depth + 1);
			} else {
				layout(t, k, NULL, depth + 1);
			}
		} else if (pb_node_count(k) && all_scalars(pb_node_at(k, 0)) &&
			   pb_node_kind(pb_node_at(k, 0)) == PB_NODE_MAP) {
			table_of_list(t, k, 2 * (depth + 1));
		} else if (t->o->format == PB_FMT_TABLE && !pb_node_count(k)) {
			fprintf(t->fp, "%*s-\n", 2 * (depth + 1), "");
		} else if (scalar_list(k)) {
			values_of_list(t, k, depth + 1);
		}
	}
	free(sub);
}

/* One bar per street for each key of the chart's map. */
static void svg_streets(tctx *t, const pb_node *root, const cols *c,
			const pb_chart *ch)
{
	static const char *const colour[] = {"#c0392b", "#2980b9", "#27ae60",
					     "#8e44ad", "#d35400", "#16a085",
					     "#7f8c8d", "#2c3e50"};
	const pb_node *m = pb_node_get(root, ch->path);
	size_t n, i, k;
	double max = 1;
	int bar_x = 180, width = 640, row_h, h;

	if (!m || pb_node_kind(m) != PB_NODE_MAP || !(n = pb_node_count(m)))
		return;
	for (k = 0; k < c->n; k++) {
		const pb_node *s = c->v[k] ? pb_node_get(c->v[k], ch->path) : NULL;

		for (i = 0; s && i < pb_node_count(s); i++) {
			const char *v = pb_node_value(pb_node_at(s, i));
			double x = v ? atof(v) : 0;

			if (x > max)
				max = x;
		}
	}
	row_h = (int)c->n * 8 + 10;
	h = (int)n * row_h + 20 + 16 * (int)c->n;
	fputs("<figure>\n<figcaption>", t->fp);
	pbf_html_str(t->fp, t->o->zh ? ch->title_zh : ch->title_en);
	fprintf(t->fp,
		"</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%d\" height=\"%d\" role=\"img\">\n",
		width, h);
	for (i = 0; i < n; i++) {
		const char *key = pb_node_key(pb_node_at(m, i));
		int y = 10 + (int)i * row_h;

		fprintf(t->fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
			       "font-size=\"12\">",
			bar_x - 6, y + 10);
		pbf_html_str(t->fp, label_of(t, key));
		fputs("</text>\n", t->fp);
		for (k = 0; k < c->n; k++) {
			const pb_node *s = c->v[k] ? pb_node_get(c->v[k], ch->path) : NULL;
			const pb_node *v = kid(s, key);
			double len = (v && pb_node_value(v) ? atof(pb_node_value(v)) : 0) /
				     max * (width - bar_x - 60);

			fprintf(t->fp,
				"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"7\" "
				"fill=\"%s\"><title>",
				bar_x, y + (int)k * 8, len, colour[k % 8]);
			pbf_html_str(t->fp, c->labels[k]);
			fputs(": ", t->fp);
			pbf_html_str(t->fp, v && pb_node_value(v) ? pb_node_value(v) : "0");
			fputs("</title></rect>\n", t->fp);
		}
	}
	for (k = 0; k < c->n; k++) {
		int y = (int)n * row_h + 14 + 16 * (int)k;

		fprintf(t->fp,
			"<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
			"fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"11\">",
			bar_x, y, colour[k % 8], bar_x + 14, y + 9);
		pbf_html_str(t->fp, c->labels[k]);
		fputs("</text>\n", t->fp);
	}
	fputs("</svg>\n</figure>\n", t->fp);
}

int pb_fmt_rollup(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		  pb_label_fn label, const pb_chart *charts, size_t ncharts,
		  pb_err *e)
{
	tctx t = {fp, o, label, PB_OK, 0};
	const pb_node *streets = root ? pb_node_get(root, "streets") : NULL;
	char path[1024] = "";
	cols c = {NULL, 0, NULL};
	size_t i;

	/* xlsx: the district's tree as a report, a sheet per section. */
	if (!root || !streets || o->format == PB_FMT_JSON ||
	    o->format == PB_FMT_JSONL || o->format == PB_FMT_YAML ||
	    o->format == PB_FMT_XLSX)
		return pb_fmt_tree(fp, o, root, label, charts, ncharts, e);
	c.n = pb_node_count(streets);
	c.v = calloc(c.n + 1, sizeof *c.v);
	c.labels = calloc(c.n + 1, sizeof *c.labels);
	if (!c.v || !c.labels) {
		free(c.v);
		free(c.labels);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	for (i = 0; i < c.n; i++) {
		const pb_node *name = pb_node_get(pb_node_at(streets, i), "name");

		c.v[i] = pb_node_at(streets, i);
		c.labels[i] = name && pb_node_value(name) ? pb_node_value(name) : "";
	}
	switch (o->format) {
	case PB_FMT_TSV:
	case PB_FMT_CSV:
		if (o->format == PB_FMT_CSV && o->bom)
			fputs("\xef\xbb\xbf", fp);
		if (o->format == PB_FMT_CSV || o->header) {
			if (o->format == PB_FMT_TSV)
				fputs("key\ttotal", fp);
			else
				fputs("key,total", fp);
			for (i = 0; i < c.n; i++) {
				if (o->format == PB_FMT_TSV) {
					fputc('\t', fp);
					pbf_tsv_str(fp, c.labels[i]);
				} else {
					fputc(',', fp);
					pbf_csv_value(fp, o, PB_T_TEXT, c.labels[i]);
				}
			}
			fputs(o->format == PB_FMT_TSV ? "\n" : "\r\n", fp);
		}
		flat_cols(&t, root, &c, path, sizeof path);
		break;
	case PB_FMT_HTML:
		html_head(fp, o);
		for (i = 0; i < ncharts; i++)
			svg_streets(&t, root, &c, &charts[i]);
		layout(&t, root, &c, 0);
		fputs("</body>\n</html>\n", fp);
		break;
	default:
		layout(&t, root, &c, 0);
		break;
	}
	free(c.v);
	free(c.labels);
	if (t.rc)
		return pb_fail(e, t.rc, "out of memory");
	if (ferror(fp))
		return pb_fail(e, PB_IOERR, "cannot write output");
	return PB_OK;
}
