/* Report trees in every format: json and yaml nest them; jsonl puts one
 * on a line; tsv and csv flatten them to key paths ("events.total");
 * table, md and html lay them out under headings, html as one
 * self-contained page with SVG bar charts. */
#include <stdlib.h>
#include <string.h>

#include "fmt_common.h"
#include "pb.h"

typedef struct tctx {
	FILE *fp;
	const pb_fmt_opts *o;
	pb_label_fn label;
	int rc;
	int written; /* a table section was written: the next one gets a gap */
} tctx;

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

static int all_scalars(const pb_node *n)
{
	size_t i;

	for (i = 0; i < pb_node_count(n); i++)
		if (pb_node_kind(pb_node_at(n, i)) != PB_NODE_SCALAR)
			return 0;
	return 1;
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

			cells[(r + 1) * ncols + c] = pbf_escape_dup(
				k ? value_of(t, pb_node_key(k), pb_node_value(k), buf,
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

static void layout(tctx *t, const pb_node *m, int depth)
{
	size_t i;
	int has_scalars = 0;

	for (i = 0; i < pb_node_count(m); i++)
		has_scalars |= pb_node_kind(pb_node_at(m, i)) == PB_NODE_SCALAR;
	if (has_scalars) {
		t->written = 1;
		if (t->o->format == PB_FMT_HTML)
			fputs("<table>\n", t->fp);
		pairs_of_map(t, m, 2 * depth);
		if (t->o->format == PB_FMT_HTML)
			fputs("</table>\n", t->fp);
	}
	for (i = 0; i < pb_node_count(m); i++) {
		const pb_node *k = pb_node_at(m, i);
		char *l;

		if (pb_node_kind(k) == PB_NODE_SCALAR)
			continue;
		if (!(l = pbf_escape_dup(label_of(t, pb_node_key(k))))) {
			t->rc = PB_SOFTWARE;
			return;
		}
		if (t->o->format == PB_FMT_TABLE) {
			fprintf(t->fp, "%s%*s%s:\n", t->written ? "\n" : "", 2 * depth,
				"", l);
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
		if (pb_node_kind(k) == PB_NODE_MAP)
			layout(t, k, depth + 1);
		else if (pb_node_count(k) && all_scalars(pb_node_at(k, 0)) &&
			 pb_node_kind(pb_node_at(k, 0)) == PB_NODE_MAP)
			table_of_list(t, k, 2 * (depth + 1));
		else if (t->o->format == PB_FMT_TABLE && !pb_node_count(k))
			fprintf(t->fp, "%*s-\n", 2 * (depth + 1), "");
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
		fprintf(fp,
			"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
			"<meta charset=\"utf-8\">\n<title>pb</title>\n<style>"
			"body{font-family:sans-serif;margin:2em;color:#222}"
			"table{border-collapse:collapse;margin:.5em 0}"
			"th,td{border:1px solid #bbb;padding:2px 8px;text-align:left}"
			".num{text-align:right}figure{margin:1em 0}"
			"figcaption{font-weight:bold}</style>\n</head>\n<body>\n",
			o->zh ? "zh-CN" : "en");
		for (i = 0; i < ncharts; i++)
			svg_chart(&t, root, &charts[i]);
		layout(&t, root, 0);
		fputs("</body>\n</html>\n", fp);
		break;
	default:
		layout(&t, root, 0);
		break;
	}
	if (t.rc)
		return pb_fail(e, t.rc, "out of memory");
	if (ferror(fp))
		return pb_fail(e, PB_IOERR, "cannot write output");
	return PB_OK;
}
