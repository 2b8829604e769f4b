/* The output layer: every format's exact bytes, --fields, show objects,
 * and the atomic -o sink. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb.h"
#include "tap.h"

static const pb_field F[] = {
	{.name = "code", .en = "Code", .zh = "代码", .type = PB_T_TEXT},
	{.name = "name", .en = "Name", .zh = "名称", .type = PB_T_TEXT},
	{.name = "kind", .en = "Kind", .zh = "类型", .type = PB_T_TEXT,
	 .domain = &pb_org_kinds},
	{.name = "members", .en = "Members", .zh = "党员数", .type = PB_T_INT},
	{.name = "active", .en = "Active", .zh = "在册", .type = PB_T_BOOL},
	{.name = "cash", .en = "Cash", .zh = "资金", .type = PB_T_MONEY},
	{.name = "joined", .en = "Joined", .zh = "加入", .type = PB_T_DATE},
};
#define NF (sizeof F / sizeof F[0])

static char out_buf_err[PB_MSG_MAX];

/* Run a list through the formatter into memory; NULL on failure, with
 * the code in *rc and the message in out_buf_err. */
static char *run_list(pb_fmt_opts o, const pb_field *fields, size_t nf,
		      const char *const *vals, size_t nrows, int *rc)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	pb_fmt *f;
	pb_err e;

	pb_err_clear(&e);
	*rc = pb_fmt_list_begin(fp, &o, fields, nf, &f, &e);
	if (*rc == PB_OK) {
		for (i = 0; i < nrows; i++)
			pb_fmt_row(f, vals + i * nf);
		*rc = pb_fmt_list_end(f, &e);
	}
	fclose(fp);
	snprintf(out_buf_err, sizeof out_buf_err, "%s", e.msg);
	if (*rc) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *run_obj(pb_fmt_opts o, const pb_field *fields, size_t nf,
		     const char *const *vals, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	pb_err e;

	pb_err_clear(&e);
	*rc = pb_fmt_object(fp, &o, fields, nf, vals, &e);
	fclose(fp);
	snprintf(out_buf_err, sizeof out_buf_err, "%s", e.msg);
	if (*rc) {
		free(buf);
		return NULL;
	}
	return buf;
}

#define CHECK_LIST(o, fields, nf, vals, nrows, want, ...)                   \
	do {                                                                \
		int rc_;                                                    \
		char *got_ = run_list(o, fields, nf, vals, nrows, &rc_);    \
		is_str(got_, want, __VA_ARGS__);                            \
		free(got_);                                                 \
	} while (0)

#define CHECK_OBJ(o, fields, nf, vals, want, ...)                           \
	do {                                                                \
		int rc_;                                                    \
		char *got_ = run_obj(o, fields, nf, vals, &rc_);            \
		is_str(got_, want, __VA_ARGS__);                            \
		free(got_);                                                 \
	} while (0)

static void test_format_names(void)
{
	int fmt = -1;
	pb_err e;

	is_int(pb_format_parse("jsonl", &fmt), PB_OK, "jsonl parses");
	is_int(fmt, PB_FMT_JSONL, "to PB_FMT_JSONL");
	is_int(pb_format_parse("JSON", &fmt), PB_USAGE, "names are exact");
	is_int(pb_format_parse_err("xml", &fmt, &e), PB_USAGE, "xml refused");
	is_str(e.msg,
	       "unknown format 'xml' (expected one of: table, tsv, csv, "
	       "json, jsonl, yaml, md, html, brief, xlsx)",
	       "unknown format message");
	is_str(pb_format_name(PB_FMT_HTML), "html", "name of html");
	is_int(pb_format_parse("brief", &fmt), PB_OK, "brief parses");
	is_int(fmt, PB_FMT_BRIEF, "to PB_FMT_BRIEF");
	is_str(pb_format_name(99), "unknown", "name out of range");
}

static void test_escape(void)
{
	char buf[64];

	pb_escape_ctl("a\nb\tc\rd\x01\x7f", buf, sizeof buf);
	is_str(buf, "a\\nb\\tc\\rd\\x01\\x7f", "controls escaped");
	pb_escape_ctl("张三 \\ x", buf, sizeof buf);
	is_str(buf, "张三 \\ x", "text and backslash copied");
	pb_escape_ctl("ab\x01", buf, 5);
	is_str(buf, "ab", "an escape is never cut in half");
	pb_escape_ctl("a张", buf, 3);
	is_str(buf, "a", "a UTF-8 sequence is never cut in half");
	pb_escape_ctl("abc", buf, 0);
	ok(1, "zero-length buffer is left alone");
	pb_escape_ctl("a\x1b[2Jb\xc2\x9b" "31m\xc2\x85\xc2\xa0", buf, sizeof buf);
	is_str(buf, "a\\x1b[2Jb\\u009b" "31m\\u0085\xc2\xa0",
	       "ESC and C1 controls escaped, U+00A0 kept");
	pb_escape_ctl("\x9b" "1m\xff\xe5\xbc", buf, sizeof buf);
	is_str(buf, "\\x9b" "1m\\xff\\xe5\\xbc",
	       "bytes that are not UTF-8 escaped one by one");
	pb_escape_ctl("ab\xc2\x9b", buf, 7);
	is_str(buf, "ab", "a C1 escape is never cut in half");
}

static void test_table(void)
{
	pb_fmt_opts o = {.format = PB_FMT_TABLE};
	const char *cjk[] = {"张三丰", "ab", "a", "李四"};
	const char *kinds[] = {"a", "community", "b", "private"};
	const char *nums[] = {"a", "12", "bbb", "3", "c", NULL};
	const char *ctl[] = {"a\tb\x01", "x\ny"};
	const char *nulls[] = {"a", NULL, NULL, "b", "long", NULL};

	CHECK_LIST(o, F, 2, cjk, 2,
		   "Code    Name\n"
		   "张三丰  ab\n"
		   "a       李四\n",
		   "table aligns by display width");
	o.zh = 1;
	CHECK_LIST(o, F, 2, cjk, 2,
		   "代码    名称\n"
		   "张三丰  ab\n"
		   "a       李四\n",
		   "table with Chinese headings");
	o.fields = "code,kind";
	CHECK_LIST(o, F, NF,
		   ((const char *[]){"a", NULL, "community", NULL, NULL,
				     NULL, NULL, "b", NULL, "private", NULL,
				     NULL, NULL, NULL}),
		   2,
		   "代码  类型\n"
		   "a     社区党组织\n"
		   "b     非公企业\n",
		   "kinds shown as zh labels");
	o.zh = 0;
	o.fields = NULL;
	CHECK_LIST(o, F + 1, 2, kinds, 2,
		   "Name  Kind\n"
		   "a     Community Party organization\n"
		   "b     Non-public enterprise\n",
		   "kinds shown as en labels");
	CHECK_LIST(o, F + 2, 2,
		   ((const char *[]){"nonesuch", "1"}), 1,
		   "Kind      Members\n"
		   "nonesuch        1\n",
		   "an unknown key is shown as itself");
	{
		static const pb_field g[] = {
			{.name = "code", .en = "Code", .type = PB_T_TEXT},
			{.name = "members", .en = "Members", .type = PB_T_INT},
		};
		const char *rows[] = {"a", "12", "bbb", "3", "c", NULL};

		(void)nums;
		CHECK_LIST(o, g, 2, rows, 3,
			   "Code  Members\n"
			   "a          12\n"
			   "bbb         3\n"
			   "c\n",
			   "numbers right-aligned, null empty, no trailing "
			   "spaces");
	}
	CHECK_LIST(o, F, 2, ctl, 1,
		   "Code      Name\n"
		   "a\\tb\\x01  x\\ny\n",
		   "control characters escaped in table");
	CHECK_LIST(o, F, 3, nulls, 2,
		   "Code  Name  Kind\n"
		   "a\n"
		   "b     long\n",
		   "null columns leave no trailing spaces");
	CHECK_LIST(o, F, 2, cjk, 0, "", "an empty table prints nothing");
}

static void test_tsv(void)
{
	pb_fmt_opts o = {.format = PB_FMT_TSV};
	const char *rows[] = {"a\tb", "c\\d", "community", "e\nf\rg", NULL,
			      "5"};

	CHECK_LIST(o, F + 1, 3, rows, 2,
		   "a\\tb\tc\\\\d\tcommunity\n"
		   "e\\nf\\rg\t\t5\n",
		   "tsv escapes tab, backslash, newline, CR; keys not "
		   "labels; null empty");
	o.header = 1;
	CHECK_LIST(o, F + 1, 3, rows, 1,
		   "name\tkind\tmembers\n"
		   "a\\tb\tc\\\\d\tcommunity\n",
		   "tsv --header prints field names");
	CHECK_LIST(o, F + 1, 3, rows, 0, "name\tkind\tmembers\n",
		   "tsv --header on an empty list");
	o.header = 0;
	CHECK_LIST(o, F + 1, 3, rows, 0, "", "tsv empty list prints nothing");
}

static void test_csv(void)
{
	pb_fmt_opts o = {.format = PB_FMT_CSV};
	const char *rows[] = {"a,b", "say \"hi\"", "x\ny", "plain", NULL, "张三"};

	CHECK_LIST(o, F, 3, rows, 2,
		   "code,name,kind\r\n"
		   "\"a,b\",\"say \"\"hi\"\"\",\"x\ny\"\r\n"
		   "plain,,张三\r\n",
		   "csv quotes comma, quote, newline; CRLF; header");
	o.bom = 1;
	CHECK_LIST(o, F, 3, rows, 0, "\xef\xbb\xbf" "code,name,kind\r\n",
		   "csv --bom");
	CHECK_LIST(o, F, 1, ((const char *[]){"a\rb"}), 1,
		   "\xef\xbb\xbf" "code\r\n\"a\rb\"\r\n", "csv quotes CR");
	o.bom = 0;
	CHECK_LIST(o, F + 1, 1,
		   ((const char *[]){"=HYPERLINK(\"http://x/\",\"y\")", "+1",
				     "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
				     "\tx", "\rx", "a=b", "", NULL}),
		   9,
		   "name\r\n"
		   "\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\"\r\n"
		   "'+1\r\n'-2+3+cmd|' /C calc'!A0\r\n'@SUM(A1)\r\n"
		   "'\tx\r\n\"'\rx\"\r\na=b\r\n\r\n\r\n",
		   "csv neutralises a text cell a spreadsheet would run");
	CHECK_LIST(o, F + 3, 3,
		   ((const char *[]){"-5", "1", "-1.50", "=1", "-", "-x"}), 2,
		   "members,active,cash\r\n-5,1,-1.50\r\n'=1,'-,'-x\r\n",
		   "csv keeps a number in a numeric field, not other text");
	o.raw = 1;
	CHECK_LIST(o, F + 1, 1, ((const char *[]){"=1+2", "-x"}), 2,
		   "name\r\n=1+2\r\n-x\r\n", "csv --raw keeps cells as they are");
	CHECK_OBJ(o, F + 1, 1, ((const char *[]){"=1+2"}),
		  "field,value\r\nname,=1+2\r\n", "csv --raw object");
	o.raw = 0;
	CHECK_OBJ(o, F + 1, 3, ((const char *[]){"=1+2", "@x", "-3"}),
		  "field,value\r\nname,'=1+2\r\nkind,'@x\r\nmembers,-3\r\n",
		  "csv object neutralises text values, keeps numbers");
}

static const char *const jrow[] = {
	"q\"b\\s\n\x01中", "名", NULL, "12", "1", "1234.50", "2026-01-02",
	"a", "b", "community", "0123", "0", "x", NULL,
};

static void test_json(void)
{
	pb_fmt_opts o = {.format = PB_FMT_JSON};

	CHECK_LIST(o, F, NF, jrow, 2,
		   "[\n"
		   "{\"code\":\"q\\\"b\\\\s\\n\\u0001中\",\"name\":\"名\","
		   "\"kind\":null,\"members\":12,\"active\":true,"
		   "\"cash\":1234.50,\"joined\":\"2026-01-02\"},\n"
		   "{\"code\":\"a\",\"name\":\"b\",\"kind\":\"community\","
		   "\"members\":\"0123\",\"active\":false,\"cash\":\"x\","
		   "\"joined\":null}\n"
		   "]\n",
		   "json list: escapes, null, numbers, booleans, keys");
	CHECK_LIST(o, F, NF, jrow, 0, "[]\n", "json empty list");
	CHECK_LIST(o, F, 1, ((const char *[]){"\b\f\t\r\x1f"}), 1,
		   "[\n{\"code\":\"\\b\\f\\t\\r\\u001f\"}\n]\n",
		   "json short escapes");
	CHECK_LIST(o, F, 1, ((const char *[]){"\x1b\x7f\xc2\x9b\xc2\xa0"}), 1,
		   "[\n{\"code\":\"\\u001b\\u007f\\u009b\xc2\xa0\"}\n]\n",
		   "json escapes ESC, DEL and C1 controls");
	CHECK_LIST(o, F, 1, ((const char *[]){"a\x9b\xe5\xbc张"}), 1,
		   "[\n{\"code\":\"a\\ufffd\\ufffd\\ufffd张\"}\n]\n",
		   "json writes each byte that is not UTF-8 as U+FFFD");
	o.format = PB_FMT_JSONL;
	CHECK_LIST(o, F, 4, ((const char *[]){"a", "b", "c", "1", "d", "e",
					     "f", "2"}),
		   2,
		   "{\"code\":\"a\",\"name\":\"b\",\"kind\":\"c\",\"members\":1}\n"
		   "{\"code\":\"d\",\"name\":\"e\",\"kind\":\"f\",\"members\":2}\n",
		   "jsonl one object per line");
	CHECK_LIST(o, F, 4, jrow, 0, "", "jsonl empty list");
}

static void test_yaml(void)
{
	pb_fmt_opts o = {.format = PB_FMT_YAML};
	static const pb_field y[] = {
		{.name = "a", .type = PB_T_TEXT},
		{.name = "b", .type = PB_T_TEXT},
		{.name = "c", .type = PB_T_TEXT},
		{.name = "d", .type = PB_T_TEXT},
		{.name = "e", .type = PB_T_TEXT},
		{.name = "f", .type = PB_T_TEXT},
		{.name = "k", .type = PB_T_INT},
		{.name = "m", .type = PB_T_MONEY},
		{.name = "t", .type = PB_T_BOOL},
		{.name = "z", .type = PB_T_TEXT},
		{.name = "day", .type = PB_T_DATE},
		{.name = "s", .type = PB_T_TEXT},
	};
	const char *rows[] = {"0123", "yes", "null", "1.5", "", "中文",
			      "12", "1234.50", "0", NULL, "2026-01-02",
			      "a\nb"};

	CHECK_LIST(o, y, 12, rows, 1,
		   "- a: '0123'\n"
		   "  b: 'yes'\n"
		   "  c: 'null'\n"
		   "  d: '1.5'\n"
		   "  e: ''\n"
		   "  f: 中文\n"
		   "  k: 12\n"
		   "  m: 1234.50\n"
		   "  t: false\n"
		   "  z: null\n"
		   "  day: 2026-01-02\n"
		   "  s: \"a\\nb\"\n",
		   "yaml quoting, types and null");
	CHECK_LIST(o, y, 2, rows, 2,
		   "- a: '0123'\n  b: 'yes'\n- a: 'null'\n  b: '1.5'\n",
		   "yaml list of two");
	CHECK_LIST(o, y, 2, rows, 0, "[]\n", "yaml empty list");
}

static void test_md_html(void)
{
	pb_fmt_opts o = {.format = PB_FMT_MD};
	const char *rows[] = {"a|b", "community", "7", "x\ny", NULL, NULL};

	CHECK_LIST(o, F + 1, 3, rows, 2,
		   "| Name | Kind | Members |\n"
		   "| --- | --- | ---: |\n"
		   "| a\\|b | Community Party organization | 7 |\n"
		   "| x\\\\ny |  |  |\n",
		   "md table with labels and escaped pipes");
	CHECK_LIST(o, F + 1, 1,
		   ((const char *[]){"<img src=x onerror=alert(1)> & "
				     "[a](javascript:b) *c* _d_ `e` \\"}),
		   1,
		   "| Name |\n| --- |\n"
		   "| &lt;img src=x onerror=alert(1)&gt; &amp; "
		   "\\[a\\](javascript:b) \\*c\\* \\_d\\_ \\`e\\` \\\\ |\n",
		   "md shows HTML and markdown in a cell as text");
	o.format = PB_FMT_HTML;
	o.zh = 1;
	CHECK_LIST(o, F + 1, 3, ((const char *[]){"<a&'\">", "school", "7"}),
		   1,
		   "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
		   "<meta charset=\"utf-8\">\n<title>pb</title>\n"
		   "<style>table{border-collapse:collapse}"
		   "th,td{border:1px solid #999;padding:2px 6px;"
		   "text-align:left}.num{text-align:right}</style>\n"
		   "</head>\n<body>\n<table>\n"
		   "<thead>\n<tr><th>名称</th><th>类型</th>"
		   "<th class=\"num\">党员数</th></tr>\n</thead>\n<tbody>\n"
		   "<tr><td>&lt;a&amp;&#39;&quot;&gt;</td><td>学校</td>"
		   "<td class=\"num\">7</td></tr>\n"
		   "</tbody>\n</table>\n</body>\n</html>\n",
		   "html page with escaped text");
}

static void test_fields(void)
{
	pb_fmt_opts o = {.format = PB_FMT_TSV, .header = 1};
	int rc;
	char *s;

	o.fields = "members, code";
	CHECK_LIST(o, F, NF, jrow, 1, "members\tcode\n12\tq\"b\\\\s\\n\x01中\n",
		   "--fields picks and orders columns");
	o.fields = "code,nope";
	s = run_list(o, F, NF, jrow, 1, &rc);
	ok(s == NULL, "unknown field gives no output");
	is_int(rc, PB_USAGE, "unknown field is a usage error");
	is_str(out_buf_err,
	       "unknown field 'nope' (expected one of: code, name, kind, "
	       "members, active, cash, joined)",
	       "unknown field message");
	o.fields = "code,code";
	s = run_list(o, F, NF, jrow, 1, &rc);
	is_int(rc, PB_USAGE, "a field given twice is refused");
	is_str(out_buf_err, "field 'code' given twice", "duplicate message");
	o.fields = "";
	s = run_obj(o, F, NF, jrow, &rc);
	is_int(rc, PB_USAGE, "empty --fields refused");
	free(s);
}

static void test_object(void)
{
	pb_fmt_opts o = {.format = PB_FMT_JSON};
	const char *v[] = {"a", "张三丰", "community", "12", "1", NULL,
			   "2026-01-02"};

	CHECK_OBJ(o, F, NF, v,
		  "{\n"
		  "  \"code\": \"a\",\n"
		  "  \"name\": \"张三丰\",\n"
		  "  \"kind\": \"community\",\n"
		  "  \"members\": 12,\n"
		  "  \"active\": true,\n"
		  "  \"cash\": null,\n"
		  "  \"joined\": \"2026-01-02\"\n"
		  "}\n",
		  "json object pretty");
	o.format = PB_FMT_JSONL;
	o.fields = "name,members";
	CHECK_OBJ(o, F, NF, v, "{\"name\":\"张三丰\",\"members\":12}\n",
		  "jsonl object on one line, --fields applies");
	o.format = PB_FMT_YAML;
	CHECK_OBJ(o, F, NF, v, "name: 张三丰\nmembers: 12\n", "yaml mapping");
	o.format = PB_FMT_TABLE;
	o.fields = NULL;
	CHECK_OBJ(o, F, NF, v,
		  "Code     a\n"
		  "Name     张三丰\n"
		  "Kind     Community Party organization\n"
		  "Members  12\n"
		  "Active   1\n"
		  "Cash\n"
		  "Joined   2026-01-02\n",
		  "table object: headings and values aligned");
	o.zh = 1;
	o.fields = "code,name,kind,members";
	CHECK_OBJ(o, F, NF, v,
		  "代码    a\n"
		  "名称    张三丰\n"
		  "类型    社区党组织\n"
		  "党员数  12\n",
		  "table object in Chinese, aligned by width");
	o.zh = 0;
	o.format = PB_FMT_TSV;
	o.fields = "code,kind,cash";
	CHECK_OBJ(o, F, NF, v, "code\ta\nkind\tcommunity\ncash\t\n",
		  "tsv key and value lines");
	o.format = PB_FMT_CSV;
	o.fields = "code,name";
	CHECK_OBJ(o, F, NF, ((const char *[]){"a,b", "x"}),
		  "field,value\r\ncode,\"a,b\"\r\nname,x\r\n",
		  "csv field,value");
	o.format = PB_FMT_MD;
	CHECK_OBJ(o, F, NF, v,
		  "| Field | Value |\n| --- | --- |\n| Code | a |\n"
		  "| Name | 张三丰 |\n",
		  "md object");
	o.format = PB_FMT_JSON;
	o.fields = NULL;
	CHECK_OBJ(o, F, 0, v, "{}\n", "json object without fields");
}

static int exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

static int count_entries(const char *dir)
{
	char cmd[512];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

static void test_out(void)
{
	char dir[] = "/tmp/t_fmt.XXXXXX", path[256], bad[300], got[64];
	pb_out *o;
	pb_err e;
	FILE *fp;
	struct stat st;
	mode_t mask;

	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/report.txt", dir);
	is_int(pb_out_open(path, &o, &e), PB_OK, "open a file output");
	fputs("hello\n", pb_out_file(o));
	ok(!exists(path), "the target is absent before close");
	is_int(count_entries(dir), 1, "only the temporary exists");
	is_int(pb_out_close(o, 1, &e), PB_OK, "commit");
	ok(exists(path), "the target is present after close");
	fp = fopen(path, "r");
	ok(fp && fgets(got, sizeof got, fp) && strcmp(got, "hello\n") == 0,
	   "the target holds what was written");
	if (fp)
		fclose(fp);
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
	   "a new file is 0600, whatever the umask");
	is_int(count_entries(dir), 1, "no temporary left behind");

	/* Replaced, a file keeps its mode: -o never widens it. */
	chmod(path, 0640);
	mask = umask(0);
	is_int(pb_out_open(path, &o, &e), PB_OK, "open over a 0640 file");
	umask(mask);
	fputs("hello\n", pb_out_file(o));
	is_int(pb_out_close(o, 1, &e), PB_OK, "commit");
	ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640,
	   "it is still 0640");
	chmod(path, 0600);

	is_int(pb_out_open(path, &o, &e), PB_OK, "open again");
	fputs("other\n", pb_out_file(o));
	is_int(pb_out_close(o, 0, &e), PB_OK, "abandon");
	fp = fopen(path, "r");
	ok(fp && fgets(got, sizeof got, fp) && strcmp(got, "hello\n") == 0,
	   "commit=0 leaves the old file untouched");
	if (fp)
		fclose(fp);
	is_int(count_entries(dir), 1, "commit=0 removes the temporary");
	unlink(path);

	snprintf(bad, sizeof bad, "%s/missing/x.txt", dir);
	is_int(pb_out_open(bad, &o, &e), PB_CANTCREAT,
	       "a missing directory cannot be written");
	ok(strncmp(e.msg, "cannot create '", 15) == 0 &&
		   strstr(e.msg, "No such file or directory"),
	   "cannot create message: %s", e.msg);
	if (geteuid() != 0) {
		chmod(dir, 0500);
		snprintf(bad, sizeof bad, "%s/x.txt", dir);
		is_int(pb_out_open(bad, &o, &e), PB_CANTCREAT,
		       "an unwritable directory is PB_CANTCREAT");
		chmod(dir, 0700);
	} else {
		ok(1, "# skip unwritable directory as root");
	}

	is_int(pb_out_open("-", &o, &e), PB_OK, "'-' is stdout");
	ok(pb_out_file(o) == stdout, "the stdout sink is stdout");
	is_int(pb_out_close(o, 1, &e), PB_OK, "close stdout flushes");
	rmdir(dir);
}

int main(void)
{
	test_format_names();
	test_escape();
	test_table();
	test_tsv();
	test_csv();
	test_json();
	test_yaml();
	test_md_html();
	test_fields();
	test_object();
	test_out();
	return done_testing();
}
