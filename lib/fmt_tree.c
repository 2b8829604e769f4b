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
	int cmp;     /* figures beside the previous period's */
} tctx;

/* A roll-up's columns: at each place of the district's tree, each
 * street's node there. */
typedef struct cols cols;
struct cols {
	const pb_node **v; /* each street's node at the same place, or NULL */
	size_t n;
	const char **labels; /* the streets' names */
};
static void cols_of_item(const cols *c, const pb_node *d, size_t j,
			 const pb_node **out);
static void layout(tctx *t, const pb_node *m, const cols *c,
		   const pb_node *prev, int depth);

static const char *label_of(const tctx *t, const char *key)
{
	const char *l = key && t->label ? t->label(key, t->o->zh) : NULL;

	return l ? l : key ? key : "";
}

/* A key's label where it stands: "opinions.from" (提出单位) before
 * "from" (起), for a key that means another thing in another place. */
static const char *label_in(const tctx *t, const char *ctx, const char *key)
{
	char buf[128];
	const char *l;

	if (ctx && key && t->label) {
		snprintf(buf, sizeof buf, "%s.%s", ctx, key);
		if ((l = t->label(buf, t->o->zh)))
			return l;
	}
	return label_of(t, key);
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

/* A node as people read it: yes or no for a flag, a label for a
 * keyed value. */
static const char *shown(const tctx *t, const pb_node *n, char *buf,
			 size_t len)
{
	const char *v = pb_node_value(n);

	if (pb_node_type(n) == PB_T_BOOL && v)
		return strcmp(v, "1") == 0 ? (t->o->zh ? "是" : "yes")
					   : (t->o->zh ? "否" : "no");
	return value_of(t, pb_node_key(n), v, buf, len);
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

/* Items that are rows: scalars, or lists of values shown in one cell. */
static int all_scalars(const pb_node *n)
{
	size_t i;

	for (i = 0; i < pb_node_count(n); i++)
		if (pb_node_kind(pb_node_at(n, i)) != PB_NODE_SCALAR &&
		    !pb_node_is_values(pb_node_at(n, i)))
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
/* A list of maps as rows under the keys of its first item.  In a
 * roll-up (c), a list merged from the streets (goods: no street of its
 * own in each row) shows each number's total and then each street's. */
static void table_of_list(tctx *t, const pb_node *list, const cols *c,
			  int indent)
{
	const pb_node *first = pb_node_at(list, 0), **from = NULL;
	const pb_node *tag = first ? pb_node_at(first, 0) : NULL;
	size_t nfields, ncols = 0, nrows = pb_node_count(list), r, j, f, *field;
	long *street;
	char **cells, buf[256];
	int *right;

	if (!first || pb_node_kind(first) != PB_NODE_MAP)
		return;
	if (c && (!c->n || (tag && pb_node_key(tag) &&
			    strcmp(pb_node_key(tag), "street") == 0)))
		c = NULL;
	nfields = pb_node_count(first);
	/* Columns: each field, and after a number each street's. */
	field = calloc(nfields * ((c ? c->n : 0) + 1) + 1, sizeof *field);
	street = calloc(nfields * ((c ? c->n : 0) + 1) + 1, sizeof *street);
	for (f = 0; field && street && f < nfields; f++) {
		field[ncols] = f;
		street[ncols++] = -1;
		for (j = 0; c && j < c->n &&
			    pb_type_is_number(pb_node_type(pb_node_at(first, f)));
		     j++) {
			field[ncols] = f;
			street[ncols++] = (long)j;
		}
	}
	cells = calloc((nrows + 1) * ncols + 1, sizeof *cells);
	right = calloc(ncols + 1, sizeof *right);
	if (c)
		from = calloc(c->n + 1, sizeof *from);
	if (!field || !street || !cells || !right || (c && !from)) {
		t->rc = PB_SOFTWARE;
		free(field);
		free(street);
		free(cells);
		free(right);
		free(from);
		return;
	}
	for (j = 0; j < ncols; j++) {
		const pb_node *k = pb_node_at(first, field[j]);

		right[j] = pb_type_is_number(pb_node_type(k));
		cells[j] = pbf_escape_dup(
			street[j] >= 0 ? c->labels[street[j]]
				       : label_in(t, pb_node_key(list), pb_node_key(k)));
	}
	for (r = 0; r < nrows; r++) {
		const pb_node *item = pb_node_at(list, r);

		if (c)
			cols_of_item(c, list, r, from);
		for (j = 0; j < ncols; j++) {
			const pb_node *k = item ? pb_node_at(item, field[j]) : NULL;

			if (k && street[j] >= 0)
				k = pb_node_child(from[street[j]], pb_node_key(k));
			cells[(r + 1) * ncols + j] =
				k && pb_node_is_values(k) ? joined(t, k)
				: pbf_escape_dup(k ? shown(t, k, buf, sizeof buf) : "");
		}
	}
	free(field);
	free(street);
	free(from);
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
			for (j = 0; j < ncols; j++) {
				fputc(' ', t->fp);
				pbf_md_str(t->fp, cells[r * ncols + j]);
				fputs(" |", t->fp);
			}
			fputc('\n', t->fp);
			if (r == 0) {
				fputc('|', t->fp);
				for (j = 0; j < ncols; j++)
					fputs(right[j] ? " ---: |" : " --- |", t->fp);
				fputc('\n', t->fp);
			}
		}
	} else {
		fputs("<table>\n<thead>\n<tr>", t->fp);
		for (r = 0; r <= nrows; r++) {
			if (r)
				fputs("<tr>", t->fp);
			for (j = 0; j < ncols; j++) {
				fputs(r ? (right[j] ? "<td class=\"num\">" : "<td>") : "<th>",
				      t->fp);
				pbf_html_str(t->fp, cells[r * ncols + j]);
				fputs(r ? "</td>" : "</th>", t->fp);
			}
			fputs(r ? "</tr>\n" : "</tr>\n</thead>\n<tbody>\n", t->fp);
		}
		fputs("</tbody>\n</table>\n", t->fp);
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
		v = shown(t, k, buf, sizeof buf);
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
			fputs(pb_type_is_number(pb_node_type(k)) ? "</th><td class=\"num\">"
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
/* Whether the chart c has a bar for k: a scalar, among c->keys if given. */
static int charted(const pb_chart *c, const pb_node *k)
{
	const char *key = pb_node_key(k), *s = c->keys;
	size_t n = key ? strlen(key) : 0;

	if (pb_node_kind(k) != PB_NODE_SCALAR || !key)
		return 0;
	while (s) {
		if (strncmp(s, key, n) == 0 && (s[n] == ',' || s[n] == '\0'))
			return 1;
		s = strchr(s, ',');
		s = s ? s + 1 : NULL;
	}
	return c->keys == NULL;
}

static void svg_chart(tctx *t, const pb_node *root, const pb_chart *c)
{
	const pb_node *m = pb_node_get(root, c->path);
	/* Without the previous period (--no-compare) the bars stand alone. */
	const pb_node *cmp = c->compare ? pb_node_get(root, c->compare) : NULL;
	size_t n, i, bars = 0, j = 0;
	double max = 1;
	int row_h = cmp ? 30 : 20, width = 640, bar_x = 180, h;

	if (!m || pb_node_kind(m) != PB_NODE_MAP || !(n = pb_node_count(m)))
		return;
	for (i = 0; i < n; i++) {
		const pb_node *k = pb_node_at(m, i);
		const pb_node *p = cmp ? pb_node_get(cmp, pb_node_key(k)) : NULL;
		double v = pb_node_value(k) ? atof(pb_node_value(k)) : 0;
		double pv = p && pb_node_value(p) ? atof(pb_node_value(p)) : 0;

		if (!charted(c, k))
			continue;
		bars++;
		if (v > max)
			max = v;
		if (pv > max)
			max = pv;
	}
	if (!bars)
		return;
	h = (int)bars * row_h + 30;
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
		int y = 10 + (int)j * row_h;

		if (!charted(c, k))
			continue;
		j++;

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

/* ---- one report: its title, this period beside the previous one ------ */

/* A figure in thousandths: an integer, money (2 decimals) or a decimal
 * (up to 3); 0 when v is not such a number. */
static int milli_of(const char *v, int64_t *out)
{
	int64_t n = 0;
	int neg = 0, places = -1;

	if (!v || !*v)
		return 0;
	if (*v == '-') {
		neg = 1;
		v++;
	}
	if (*v < '0' || *v > '9')
		return 0;
	for (; *v; v++) {
		if (*v == '.' && places < 0) {
			places = 0;
			continue;
		}
		if (*v < '0' || *v > '9' || places >= 3 || n > INT64_MAX / 10 - 10)
			return 0;
		n = n * 10 + (*v - '0');
		if (places >= 0)
			places++;
	}
	for (places = places < 0 ? 0 : places; places < 3; places++) {
		if (n > INT64_MAX / 10)
			return 0;
		n *= 10;
	}
	*out = neg ? -n : n;
	return 1;
}

/* d thousandths as the figure's type shows it: money with 2 decimals,
 * a decimal with what it needs, an integer bare; `plus` signs a rise. */
static void milli_text(int64_t d, int type, int plus, char *buf, size_t len)
{
	const char *sign = d < 0 ? "-" : d > 0 && plus ? "+" : "";
	uint64_t a = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;

	if (type == PB_T_MONEY) {
		snprintf(buf, len, "%s%llu.%02llu", sign,
			 (unsigned long long)(a / 1000),
			 (unsigned long long)(a % 1000 / 10));
	} else if (type == PB_T_DEC && a % 1000) {
		int places = a % 10 ? 3 : a % 100 ? 2 : 1;
		unsigned long long frac = a % 1000;

		frac /= places == 3 ? 1 : places == 2 ? 10 : 100;
		snprintf(buf, len, "%s%llu.%0*llu", sign, (unsigned long long)(a / 1000),
			 places, frac);
	} else {
		snprintf(buf, len, "%s%llu", sign, (unsigned long long)(a / 1000));
	}
}

/* The change and the change in percent of a figure from prev to cur
 * into ch and pct; both empty when either is not a number. The percent
 * has one decimal (half away from zero); from 0 to n it is "新增"/"new",
 * from 0 to 0 "-" (csv: empty, and the percent a bare number). */
static void change_of(const tctx *t, const pb_node *cur, const pb_node *prev,
		      char *ch, char *pct, size_t len)
{
	int csv = t->o->format == PB_FMT_CSV;
	int64_t c, p, d;

	ch[0] = pct[0] = '\0';
	if (!cur || !prev || !pb_type_is_number(pb_node_type(cur)) ||
	    !milli_of(pb_node_value(cur), &c) || !milli_of(pb_node_value(prev), &p))
		return;
	if ((c < 0) != (p < 0) && (c < 0 ? p > INT64_MAX + c : c > INT64_MAX + p))
		return;
	d = c - p;
	milli_text(d, pb_node_type(cur), !csv, ch, len);
	if (p == 0) {
		snprintf(pct, len, "%s", d == 0 ? (csv ? "" : "-")
				   : t->o->zh ? "新增" : "new");
	} else {
		long double x = (long double)d * 1000 / (long double)p;
		/* Half away from zero, without libm. */
		long long tenths = x < 0 ? -(long long)(0.5L - x) : (long long)(x + 0.5L);
		unsigned long long a = tenths < 0 ? 0ULL - (unsigned long long)tenths
						  : (unsigned long long)tenths;

		snprintf(pct, len, "%s%llu.%llu%s",
			 tenths < 0 ? "-" : tenths > 0 && !csv ? "+" : "", a / 10, a % 10,
			 csv ? "" : "%");
	}
}

/* Rows of cells (row 0 the header) as an aligned table, a markdown
 * table or an html table; column 0 indented in a table. */
static void grid(tctx *t, size_t w, size_t rows, char **cells, const int *right,
		 int indent)
{
	size_t r, k;

	if (t->o->format == PB_FMT_TABLE) {
		for (r = 0; indent && r < rows; r++) {
			char *s = cells[r * w], *p;

			if (!s || !(p = malloc(strlen(s) + (size_t)indent + 1)))
				continue;
			snprintf(p, strlen(s) + (size_t)indent + 1, "%*s%s", indent, "", s);
			free(s);
			cells[r * w] = p;
		}
		pbf_table_write(t->fp, w, rows, cells, right);
		return;
	}
	if (t->o->format == PB_FMT_HTML)
		fputs(rows ? "<table>\n<thead>\n" : "<table>\n", t->fp);
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
			for (k = 0; r == 0 && k < w; k++)
				fputs(k == 0 ? "| --- |" : right[k] ? " ---: |" : " --- |",
				      t->fp);
			if (r == 0)
				fputc('\n', t->fp);
			continue;
		}
		fputs("<tr>", t->fp);
		for (k = 0; k < w; k++) {
			fputs(r == 0 || k == 0 ? "<th>"
			      : right[k]       ? "<td class=\"num\">"
					       : "<td>",
			      t->fp);
			if (cells[r * w + k])
				pbf_html_str(t->fp, cells[r * w + k]);
			fputs(r == 0 || k == 0 ? "</th>" : "</td>", t->fp);
		}
		fputs(r ? "</tr>\n" : "</tr>\n</thead>\n<tbody>\n", t->fp);
	}
	if (t->o->format == PB_FMT_HTML)
		fputs(rows ? "</tbody>\n</table>\n" : "</table>\n", t->fp);
}

/* The column headings of figures beside the previous period's. */
static const char *cmp_head(const tctx *t, int i)
{
	static const char *const zh[] = {"本期", "上期", "增减", "增幅"};
	static const char *const en[] = {"This period", "Previous", "Change",
					 "Change %"};

	return t->o->zh ? zh[i] : en[i];
}

/* The scalars of a map as rows: label, this period, the previous one,
 * the change and the change in percent. */
static void figures_cmp(tctx *t, const pb_node *m, const pb_node *prev,
			int indent)
{
	size_t n = pb_node_count(m), w = 5, i, k, rows = 1;
	char **cells = calloc((n + 1) * w + 1, sizeof *cells), buf[256];
	char ch[64], pct[64];
	static const int right[5] = {0, 1, 1, 1, 1};

	if (!cells) {
		t->rc = PB_SOFTWARE;
		return;
	}
	cells[0] = pbf_escape_dup("");
	for (k = 0; k < 4; k++)
		cells[1 + k] = pbf_escape_dup(cmp_head(t, (int)k));
	for (i = 0; i < n; i++) {
		const pb_node *d = pb_node_at(m, i), *p;

		if (pb_node_kind(d) != PB_NODE_SCALAR)
			continue;
		p = pb_node_child(prev, pb_node_key(d));
		cells[rows * w] = pbf_escape_dup(label_of(t, pb_node_key(d)));
		cells[rows * w + 1] = pbf_escape_dup(shown(t, d, buf, sizeof buf));
		cells[rows * w + 2] =
			pbf_escape_dup(p && pb_node_kind(p) == PB_NODE_SCALAR
					       ? shown(t, p, buf, sizeof buf)
					       : "");
		change_of(t, d, p, ch, pct, sizeof ch);
		cells[rows * w + 3] = pbf_escape_dup(ch);
		cells[rows * w + 4] = pbf_escape_dup(pct);
		rows++;
	}
	grid(t, w, rows, cells, right, indent);
	for (i = 0; i < (n + 1) * w; i++)
		free(cells[i]);
	free(cells);
}

/* The line under a report's title: scope, as-of date, compiling unit
 * and the date it was produced. */
static char *meta_line(const tctx *t, const pb_node *meta)
{
	const pb_node *as_of = pb_node_get(meta, "as_of");
	const pb_node *by = pb_node_get(meta, "compiler");
	const pb_node *gen = pb_node_get(meta, "generated");
	int zh = t->o->zh;
	char s[1024], where[600];

#define V(n) ((n) && pb_node_value(n) ? pb_node_value(n) : "")
	pb_meta_scope_text(pb_node_get(meta, "scope"), zh, where, sizeof where);
	if (zh)
		snprintf(s, sizeof s, "范围：%s；截至：%s；填报单位：%s；生成日期：%s",
			 where, V(as_of), *V(by) ? V(by) : "-", V(gen));
	else
		snprintf(s, sizeof s,
			 "Scope: %s; as of: %s; compiled by: %s; generated: %s", where,
			 V(as_of), *V(by) ? V(by) : "-", V(gen));
#undef V
	return pbf_escape_dup(s);
}

/* The title and the line under it, before the first section. */
static void meta_head(tctx *t, const pb_node *meta)
{
	const pb_node *title = pb_node_get(meta, "title");
	char *l = meta ? meta_line(t, meta) : NULL;
	char *s = title && pb_node_value(title) ? pbf_escape_dup(pb_node_value(title))
						: NULL;

	if (!meta)
		return;
	if (!l || !s) {
		t->rc = PB_SOFTWARE;
	} else if (t->o->format == PB_FMT_TABLE) {
		fprintf(t->fp, "%s\n%s\n\n", s, l);
	} else if (t->o->format == PB_FMT_MD) {
		fputs("# ", t->fp);
		pbf_md_str(t->fp, s);
		fputs("\n\n", t->fp);
		pbf_md_str(t->fp, l);
		fputc('\n', t->fp);
	} else if (t->o->format == PB_FMT_HTML) {
		fputs("<h1>", t->fp);
		pbf_html_str(t->fp, s);
		fputs("</h1>\n<p class=\"meta\">", t->fp);
		pbf_html_str(t->fp, l);
		fputs("</p>\n", t->fp);
	}
	free(l);
	free(s);
}

/* ---- a report's csv: the figures as a table, each list after it ------ */

static void csv_text(tctx *t, const char *s, int first)
{
	if (!first)
		fputc(',', t->fp);
	pbf_csv_value(t->fp, t->o, PB_T_TEXT, s);
}

/* "section / sub-section" of a map's labels. */
static void section_name(const tctx *t, char *sec, size_t len, const char *key)
{
	size_t used = strlen(sec);

	snprintf(sec + used, len - used, "%s%s", used ? " / " : "",
		 label_of(t, key));
}

/* One row per scalar under m (and its maps): section, figure, this
 * period, and with the previous period its value, change and percent. */
static void csv_figures(tctx *t, const pb_node *m, const pb_node *prev,
			char *sec, size_t len, int depth)
{
	size_t i, base = strlen(sec);
	char buf[256], ch[64], pct[64];

	for (i = 0; i < pb_node_count(m); i++) {
		const pb_node *k = pb_node_at(m, i), *p = pb_node_child(prev, pb_node_key(k));

		if (pb_node_kind(k) != PB_NODE_SCALAR)
			continue;
		csv_text(t, sec, 1);
		csv_text(t, label_of(t, pb_node_key(k)), 0);
		fputc(',', t->fp);
		if (pb_node_type(k) == PB_T_BOOL || !pb_type_is_number(pb_node_type(k)))
			pbf_csv_value(t->fp, t->o, PB_T_TEXT, shown(t, k, buf, sizeof buf));
		else
			pbf_csv_value(t->fp, t->o, pb_node_type(k), pb_node_value(k));
		if (t->cmp) {
			fputc(',', t->fp);
			if (p && pb_node_kind(p) == PB_NODE_SCALAR &&
			    pb_type_is_number(pb_node_type(p)))
				pbf_csv_value(t->fp, t->o, pb_node_type(p), pb_node_value(p));
			else if (p && pb_node_kind(p) == PB_NODE_SCALAR)
				pbf_csv_value(t->fp, t->o, PB_T_TEXT,
					      shown(t, p, buf, sizeof buf));
			change_of(t, k, p, ch, pct, sizeof ch);
			fputc(',', t->fp);
			pbf_csv_value(t->fp, t->o, PB_T_DEC, ch);
			fputc(',', t->fp);
			/* A number of percent, or 新增 (text). */
			pbf_csv_value(t->fp, t->o, PB_T_DEC, pct);
		}
		fputs("\r\n", t->fp);
	}
	for (i = 0; i < pb_node_count(m); i++) {
		const pb_node *k = pb_node_at(m, i);

		if (pb_node_kind(k) != PB_NODE_MAP ||
		    (!depth && strcmp(pb_node_key(k), "meta") == 0) ||
		    (!depth && t->cmp && strcmp(pb_node_key(k), "previous") == 0))
			continue;
		section_name(t, sec, len, pb_node_key(k));
		csv_figures(t, k, pb_node_child(prev, pb_node_key(k)), sec, len, depth + 1);
		sec[base] = '\0';
	}
}

/* Each list under m, after a blank line: its name, a header line of
 * its columns, a row per item. */
static void csv_lists(tctx *t, const pb_node *m, char *sec, size_t len,
		      int depth)
{
	size_t i, j, c, base = strlen(sec);
	char buf[256];

	for (i = 0; i < pb_node_count(m); i++) {
		const pb_node *k = pb_node_at(m, i), *first;

		if (pb_node_kind(k) == PB_NODE_SCALAR ||
		    (!depth && strcmp(pb_node_key(k), "meta") == 0) ||
		    (!depth && t->cmp && strcmp(pb_node_key(k), "previous") == 0))
			continue;
		section_name(t, sec, len, pb_node_key(k));
		if (pb_node_kind(k) == PB_NODE_MAP) {
			csv_lists(t, k, sec, len, depth + 1);
			sec[base] = '\0';
			continue;
		}
		fputs("\r\n", t->fp);
		csv_text(t, sec, 1);
		fputs("\r\n", t->fp);
		first = pb_node_at(k, 0);
		if (first && pb_node_kind(first) == PB_NODE_MAP) {
			for (c = 0; c < pb_node_count(first); c++)
				csv_text(t, label_in(t, pb_node_key(k),
						     pb_node_key(pb_node_at(first, c))),
					 c == 0);
			fputs("\r\n", t->fp);
		}
		for (j = 0; j < pb_node_count(k); j++) {
			const pb_node *item = pb_node_at(k, j);

			if (pb_node_kind(item) == PB_NODE_SCALAR) {
				csv_text(t, pb_node_value(item), 1);
				fputs("\r\n", t->fp);
				continue;
			}
			for (c = 0; first && c < pb_node_count(first); c++) {
				const pb_node *v = pb_node_child(item, pb_node_key(pb_node_at(first, c)));

				if (c)
					fputc(',', t->fp);
				if (!v || pb_node_kind(v) == PB_NODE_MAP)
					continue;
				if (pb_node_kind(v) == PB_NODE_LIST) {
					char *s = joined(t, v);

					pbf_csv_value(t->fp, t->o, PB_T_TEXT, s ? s : "");
					free(s);
				} else if (pb_type_is_number(pb_node_type(v))) {
					pbf_csv_value(t->fp, t->o, pb_node_type(v),
						      pb_node_value(v));
				} else {
					pbf_csv_value(t->fp, t->o, PB_T_TEXT,
						      shown(t, v, buf, sizeof buf));
				}
			}
			fputs("\r\n", t->fp);
		}
		if (!pb_node_count(k)) {
			csv_text(t, t->o->zh ? "无" : "none", 1);
			fputs("\r\n", t->fp);
		}
		sec[base] = '\0';
	}
}

/* What the report is, as the first rows: section "meta", the scope
 * as one text ("code name", or all). */
static void csv_meta(tctx *t, const pb_node *meta)
{
	size_t i;
	char sec[256];

	snprintf(sec, sizeof sec, "%s", label_of(t, "meta"));
	for (i = 0; i < pb_node_count(meta); i++) {
		const pb_node *k = pb_node_at(meta, i);
		const char *v = pb_node_value(k);
		char where[600];

		if (strcmp(pb_node_key(k), "scope") == 0) {
			pb_meta_scope_text(k, t->o->zh, where, sizeof where);
			v = where;
		}
		csv_text(t, sec, 1);
		csv_text(t, label_in(t, "meta", pb_node_key(k)), 0);
		fputc(',', t->fp);
		pbf_csv_value(t->fp, t->o, pb_node_type(k), v);
		fputs(t->cmp ? ",,,\r\n" : "\r\n", t->fp);
	}
}

static void csv_report(tctx *t, const pb_node *root)
{
	static const char *const zh[] = {"分类", "指标", "本期", "上期", "增减",
					 "增幅(%)"};
	static const char *const en[] = {"Section", "Figure", "This period",
					 "Previous", "Change", "Change %"};
	char sec[1024] = "";
	int i;

	if (t->o->bom)
		fputs("\xef\xbb\xbf", t->fp);
	for (i = 0; i < (t->cmp ? 6 : 3); i++)
		csv_text(t, t->o->zh ? zh[i] : en[i], i == 0);
	fputs("\r\n", t->fp);
	csv_meta(t, pb_node_child(root, "meta"));
	csv_figures(t, root, t->cmp ? pb_node_child(root, "previous") : NULL, sec, sizeof sec,
		    0);
	csv_lists(t, root, sec, sizeof sec, 0);
}

static void html_head(FILE *fp, const pb_fmt_opts *o, const pb_node *root)
{
	const pb_node *title = pb_node_get(root, "meta.title");
	char *s = title && pb_node_value(title) ? pbf_escape_dup(pb_node_value(title))
						: NULL;

	fprintf(fp,
		"<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
		"<meta charset=\"utf-8\">\n<title>",
		o->zh ? "zh-CN" : "en");
	pbf_html_str(fp, s ? s : "pb");
	free(s);
	/* Printed on A4 as it is sent: the fonts Chinese offices have on
	 * macOS, Windows and Linux; tables full width, their headers
	 * repeated on each page (<thead>), a table or chart never split; a
	 * section starts on a new page rather than leave its heading at a
	 * page's foot.  No @page margin box for page numbers: Chromium does
	 * not draw them, its print header/footer does (pb-report(1)). */
	fputs("</title>\n<style>"
	      "body{font-family:\"PingFang SC\",\"Hiragino Sans GB\","
	      "\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\","
	      "\"WenQuanYi Micro Hei\",sans-serif;margin:2em;color:#222}"
	      "table{border-collapse:collapse;margin:.5em 0;width:100%}"
	      "th,td{border:1px solid #bbb;padding:2px 8px;text-align:left}"
	      ".num{text-align:right}figure{margin:1em 0}"
	      "figcaption{font-weight:bold}"
	      "@page{size:A4;margin:18mm 15mm}"
	      "@media print{body{margin:0;font-size:10.5pt}"
	      "table,figure,tr{break-inside:avoid}"
	      "thead{display:table-header-group}"
	      "h1,h2,h3,h4,h5,h6{break-after:avoid}"
	      "svg{max-width:100%;height:auto}}"
	      "</style>\n</head>\n<body>\n",
	      fp);
}

int pb_fmt_tree(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		pb_label_fn label, const pb_chart *charts, size_t ncharts,
		pb_err *e)
{
	/* Figures beside the previous period's in the formats for people. */
	tctx t = {fp, o, label, PB_OK, 0,
		  pb_node_get(root, "previous") != NULL &&
			  pb_node_kind(pb_node_get(root, "previous")) == PB_NODE_MAP};
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
		/* The machine's form: "path value" lines, as scripts read it. */
		if (o->header)
			fputs("key\tvalue\n", fp);
		flat_node(&t, root, path, sizeof path);
		break;
	case PB_FMT_CSV:
		csv_report(&t, root);
		break;
	case PB_FMT_HTML:
		html_head(fp, o, root);
		meta_head(&t, pb_node_get(root, "meta"));
		for (i = 0; i < ncharts; i++)
			svg_chart(&t, root, &charts[i]);
		layout(&t, root, NULL, t.cmp ? pb_node_get(root, "previous") : NULL, 0);
		fputs("</body>\n</html>\n", fp);
		break;
	default:
		meta_head(&t, pb_node_get(root, "meta"));
		layout(&t, root, NULL, t.cmp ? pb_node_get(root, "previous") : NULL, 0);
		break;
	}
	if (t.rc)
		return pb_fail(e, t.rc, "out of memory");
	if (ferror(fp))
		return pb_fail(e, PB_IOERR, "cannot write output");
	return PB_OK;
}

/* ---- roll-ups: the district's figure beside each street's ------------- */

/* The streets' nodes under key (a map's child). */
static void cols_of_key(const cols *c, const char *key, const pb_node **out)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		out[i] = pb_node_child(c->v[i], key);
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
			const pb_node *s = pb_node_child(c->v[k], key);

			cells[rows * w + 2 + k] = pbf_escape_dup(
				s ? value_of(t, key, pb_node_value(s), buf, sizeof buf) : "");
		}
		rows++;
	}
	grid(t, w, rows, cells, right, 0);
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
static void layout(tctx *t, const pb_node *m, const cols *c,
		   const pb_node *prev, int depth)
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
		} else if (t->cmp) {
			figures_cmp(t, m, prev, 2 * depth);
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
		/* The title says what meta holds; the previous period is
		 * beside this one. */
		if (!depth && (strcmp(pb_node_key(k), "meta") == 0 ||
			       (t->cmp && strcmp(pb_node_key(k), "previous") == 0)))
			continue;
		heading(t, pb_node_key(k), depth);
		if (pb_node_kind(k) == PB_NODE_MAP) {
			if (c && !(top && strcmp(pb_node_key(k), "rollup") == 0)) {
				cols_of_key(c, pb_node_key(k), sub);
				layout(t, k, &next, NULL, depth + 1);
			} else {
				layout(t, k, NULL, pb_node_child(prev, pb_node_key(k)), depth + 1);
			}
		} else if (pb_node_count(k) && all_scalars(pb_node_at(k, 0)) &&
			   pb_node_kind(pb_node_at(k, 0)) == PB_NODE_MAP) {
			if (c)
				cols_of_key(c, pb_node_key(k), sub);
			table_of_list(t, k, c ? &next : NULL, 2 * (depth + 1));
		} else if (!pb_node_count(k)) {
			/* An empty section says so. */
			const char *none = t->o->zh ? "无" : "none";

			if (t->o->format == PB_FMT_TABLE)
				fprintf(t->fp, "%*s%s\n", 2 * (depth + 1), "", none);
			else if (t->o->format == PB_FMT_MD)
				fprintf(t->fp, "%s\n", none);
			else
				fprintf(t->fp, "<p class=\"none\">%s</p>\n", none);
		} else if (pb_node_is_values(k)) {
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
	size_t n, i, k, bars = 0, j = 0;
	double max = 1;
	int bar_x = 180, width = 640, row_h, h;

	if (!m || pb_node_kind(m) != PB_NODE_MAP || !(n = pb_node_count(m)))
		return;
	for (k = 0; k < c->n; k++) {
		const pb_node *s = c->v[k] ? pb_node_get(c->v[k], ch->path) : NULL;

		for (i = 0; s && i < pb_node_count(s); i++) {
			const char *v = pb_node_value(pb_node_at(s, i));
			double x = v && charted(ch, pb_node_at(s, i)) ? atof(v) : 0;

			if (x > max)
				max = x;
		}
	}
	for (i = 0; i < n; i++)
		bars += (size_t)charted(ch, pb_node_at(m, i));
	if (!bars)
		return;
	row_h = (int)c->n * 8 + 10;
	h = (int)bars * row_h + 20 + 16 * (int)c->n;
	fputs("<figure>\n<figcaption>", t->fp);
	pbf_html_str(t->fp, t->o->zh ? ch->title_zh : ch->title_en);
	fprintf(t->fp,
		"</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%d\" height=\"%d\" role=\"img\">\n",
		width, h);
	for (i = 0; i < n; i++) {
		const char *key = pb_node_key(pb_node_at(m, i));
		int y = 10 + (int)j * row_h;

		if (!charted(ch, pb_node_at(m, i)))
			continue;
		j++;

		fprintf(t->fp, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
			       "font-size=\"12\">",
			bar_x - 6, y + 10);
		pbf_html_str(t->fp, label_of(t, key));
		fputs("</text>\n", t->fp);
		for (k = 0; k < c->n; k++) {
			const pb_node *s = c->v[k] ? pb_node_get(c->v[k], ch->path) : NULL;
			const pb_node *v = pb_node_child(s, key);
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
		int y = (int)bars * row_h + 14 + 16 * (int)k;

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
	tctx t = {fp, o, label, PB_OK, 0, 0};
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
		html_head(fp, o, root);
		meta_head(&t, pb_node_get(root, "meta"));
		for (i = 0; i < ncharts; i++)
			svg_streets(&t, root, &c, &charts[i]);
		layout(&t, root, &c, NULL, 0);
		fputs("</body>\n</html>\n", fp);
		break;
	default:
		meta_head(&t, pb_node_get(root, "meta"));
		layout(&t, root, &c, NULL, 0);
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
