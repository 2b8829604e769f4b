/* The CSV reader on rosters as Excel and people write them: each input is
 * read whole into a transcript of records ("LINE[field][field]") and
 * errors ("LINE!CODE message"), compared exactly. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pb.h"
#include "tap.h"

#define CHUNK (64 * 1024)

static char *tmp_paths[64];
static int ntmp;

static const char *tmp_with(const void *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = malloc(4096);
	FILE *fp;
	int fd;

	snprintf(path, 4096, "%s/t_csv.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || !(fp = fdopen(fd, "wb"))) {
		printf("Bail out! cannot create %s: %s\n", path,
		       strerror(errno));
		exit(1);
	}
	if (len && fwrite(data, 1, len, fp) != len) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	fclose(fp);
	tmp_paths[ntmp++] = path;
	return path;
}

static const char *tmp_str(const char *s)
{
	return tmp_with(s, strlen(s));
}

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

/* The transcript of reading path; the caller frees it. Errors must carry
 * the file's name, which the transcript leaves out as it is random. */
static char *read_all(const char *path, const char *enc)
{
	struct sbuf b = {0};
	pb_csv *r;
	pb_err e;
	char **f;
	size_t n, i;
	long line;
	int rc, guard = 0;
	char num[64];

	sb_add(&b, "");
	if (pb_csv_open(path, enc, &r, &e) != PB_OK) {
		snprintf(num, sizeof num, "open!%d ", e.code);
		sb_add(&b, num);
		sb_add(&b, e.msg);
		sb_add(&b, "\n");
		return b.s;
	}
	while ((rc = pb_csv_next(r, &f, &n, &line, &e)) != 0 && guard++ < 100) {
		if (rc < 0) {
			snprintf(num, sizeof num, "%ld!%d ", e.line, -rc);
			sb_add(&b, num);
			sb_add(&b, e.msg);
			if (strcmp(e.file, pb_csv_file(r)) || e.code != -rc)
				sb_add(&b, " (error not at the file)");
			sb_add(&b, "\n");
			continue;
		}
		snprintf(num, sizeof num, "%ld", line);
		sb_add(&b, num);
		for (i = 0; i < n; i++) {
			sb_add(&b, "[");
			sb_add(&b, f[i]);
			sb_add(&b, "]");
		}
		sb_add(&b, "\n");
	}
	pb_csv_close(r);
	return b.s;
}

#define CSV_IS(input, enc, want, ...)                                    \
	do {                                                             \
		char *got_ = read_all(tmp_str(input), enc);              \
		is_str(got_, want, __VA_ARGS__);                         \
		free(got_);                                              \
	} while (0)

#define CSV_IS_N(input, len, enc, want, ...)                             \
	do {                                                             \
		char *got_ = read_all(tmp_with(input, len), enc);        \
		is_str(got_, want, __VA_ARGS__);                         \
		free(got_);                                              \
	} while (0)

static void test_syntax(void)
{
	CSV_IS("a,b,c\nd,e,f\n", NULL, "1[a][b][c]\n2[d][e][f]\n",
	       "simple rows");
	CSV_IS("\"a,b\",c\n", NULL, "1[a,b][c]\n", "a quoted comma");
	CSV_IS("\"say \"\"hi\"\"\",\"\",x\n", NULL, "1[say \"hi\"][][x]\n",
	       "doubled quotes, and an empty quoted field");
	CSV_IS("\"l1\nl2\",x\r\n\"a\r\nb\",y\r\nz\r\n", NULL,
	       "1[l1\nl2][x]\n3[a\nb][y]\n5[z]\n",
	       "newlines in quotes kept as LF and counted as lines");
	CSV_IS("a,b\r\nc,d\r\n", NULL, "1[a][b]\n2[c][d]\n", "CRLF line ends");
	CSV_IS("a,b\rc,d\r", NULL, "1[a][b]\n2[c][d]\n", "lone CR line ends");
	CSV_IS("\n\na\n\r\n\nb\n\n", NULL, "3[a]\n6[b]\n",
	       "empty lines skipped, lines still counted");
	CSV_IS("a,b\nc,d", NULL, "1[a][b]\n2[c][d]\n",
	       "a last record without a newline");
	CSV_IS("a,\n,\n\"\"", NULL, "1[a][]\n2[][]\n3[]\n",
	       "empty fields at the end and alone");
	CSV_IS(" a , b \n", NULL, "1[ a ][ b ]\n", "spaces kept");
	CSV_IS("", NULL, "", "an empty file has no records");
	CSV_IS("\xEF\xBB\xBFname,gender\n张三,男\n", NULL,
	       "1[name][gender]\n2[张三][男]\n",
	       "a UTF-8 byte-order mark is not part of the first field");
	CSV_IS("\xEF\xBB\xBF", NULL, "", "a byte-order mark alone is empty");
	CSV_IS("x,\xEF\xBB\xBFy\n", NULL, "1[x][\xEF\xBB\xBFy]\n",
	       "only a leading byte-order mark is dropped");
}

static void test_errors(void)
{
	CSV_IS("a,b\nc,\"open\nmore\nstill\n", NULL,
	       "1[a][b]\n2!65 unclosed quote (the field starting on line 2 "
	       "runs to the end of the file)\n",
	       "unclosed quote at the line it starts on, then the end");
	CSV_IS("x\n\"ok\nfine\",\"bad\nrest", NULL,
	       "1[x]\n3!65 unclosed quote (the field starting on line 3 "
	       "runs to the end of the file)\n",
	       "unclosed quote in a record's second line");
	CSV_IS("a,b\"c,d\ne,f\n", NULL,
	       "1!65 unexpected quote in an unquoted field (quote the whole "
	       "field and double the quote)\n2[e][f]\n",
	       "unexpected quote refused, reading goes on");
	CSV_IS("\"a\"b,c\nd\n", NULL,
	       "1!65 text after the closing quote of a field (expected a "
	       "comma or the end of the line)\n2[d]\n",
	       "text after a closing quote refused");
	CSV_IS("\"a\nb\" ,c\nd\n", NULL,
	       "2!65 text after the closing quote of a field (expected a "
	       "comma or the end of the line)\n3[d]\n",
	       "the error names the line of the closing quote");
	CSV_IS_N("a,b\0c\nd\n", 8, NULL, "1!65 NUL byte in the input\n2[d]\n",
		 "NUL byte refused");
	CSV_IS_N("\"a\0\"\n", 5, NULL, "1!65 NUL byte in the input\n",
		 "NUL byte in quotes refused");
	CSV_IS("ok\nname,\xD5\xC5\n\"x\ny\",\xE5\n", NULL,
	       "1[ok]\n2!65 not UTF-8 text (a roster saved by Excel as GBK? "
	       "use --encoding gb18030)\n3!65 not UTF-8 text (a roster saved "
	       "by Excel as GBK? use --encoding gb18030)\n",
	       "invalid UTF-8 refused at its record's line, with the hint");
	CSV_IS("\xED\xA0\x80\n", NULL,
	       "1!65 not UTF-8 text (a roster saved by Excel as GBK? use "
	       "--encoding gb18030)\n",
	       "an encoded surrogate is not UTF-8");
}

static void test_limits(void)
{
	size_t big = 1024 * 1024, i;
	char *s = malloc(big + 64);
	char *got;
	struct sbuf b = {0};

	memset(s, 'x', big);
	memcpy(s + big, "\nok\n", 5);
	got = read_all(tmp_str(s), NULL);
	ok(strlen(got) == big + 10 && !strcmp(got + big + 2, "]\n2[ok]\n"),
	   "a field of exactly 1 MiB is read");
	free(got);

	memcpy(s + big, "y\nok\n", 6);
	CSV_IS(s, NULL,
	       "1!65 field longer than 1 MiB (at most 1048576 bytes)\n2[ok]\n",
	       "a field over 1 MiB refused, the next record read");
	s[0] = '"';
	memcpy(s + big, "yz\"\nok\n", 8);
	CSV_IS(s, NULL,
	       "1!65 field longer than 1 MiB (at most 1048576 bytes)\n2[ok]\n",
	       "a quoted field over 1 MiB refused");
	free(s);

	sb_add(&b, "");
	for (i = 0; i < 1000; i++)
		sb_add(&b, i ? ",f" : "f");
	sb_add(&b, "\n");
	got = read_all(tmp_str(b.s), NULL);
	ok(!strncmp(got, "1[f][f]", 7) && strlen(got) == 1 + 3 * 1000 + 1,
	   "a record of 1000 fields is read");
	free(got);
	b.len--;
	sb_add(&b, ",f\nnext\n");
	CSV_IS(b.s, NULL,
	       "1!65 too many fields in one record (at most 1000)\n2[next]\n",
	       "a record of 1001 fields refused");
	free(b.s);
}

/* "张三,男" in GBK, as Excel on a Chinese Windows saves it. */
static const char gbk_row[] = "\xD5\xC5\xC8\xFD,\xC4\xD0\n";

static void test_gb18030(void)
{
	CSV_IS(gbk_row, "gb18030", "1[张三][男]\n", "GBK read as gb18030");
	CSV_IS(gbk_row, "GBK", "1[张三][男]\n", "encoding name in any case");
	CSV_IS(gbk_row, NULL,
	       "1!65 not UTF-8 text (a roster saved by Excel as GBK? use "
	       "--encoding gb18030)\n",
	       "GBK without an encoding refused with the hint");
	CSV_IS(gbk_row, "UTF-8",
	       "1!65 not UTF-8 text (a roster saved by Excel as GBK? use "
	       "--encoding gb18030)\n",
	       "GBK read as utf-8 refused the same way");
	CSV_IS("\x95\x32\x82\x36,\xA2\xE3\r\n", "gb18030", "1[𠀀][€]\n",
	       "four-byte GB18030 sequences");
	CSV_IS("\x84\x31\x95\x33\xD5\xC5\n", "gb18030", "1[张]\n",
	       "a GB18030 byte-order mark dropped");
	CSV_IS("ok\n\x80\xFF,x\nnext\n", "gb18030",
	       "1[ok]\n2!65 invalid GB18030 byte sequence\n3[next]\n",
	       "invalid GB18030 bytes refused at their line, reading goes on");
	CSV_IS("a,\xD5", "gb18030", "1!65 invalid GB18030 byte sequence\n",
	       "a sequence cut short by the end of the file");
	CSV_IS("\"\xD5\",x\n", "gb18030",
	       "1!65 invalid GB18030 byte sequence\n",
	       "a lead byte before a quote is not a character");
}

static const char *const surnames[] = {"张", "王", "李", "赵", "刘",
				       "陈", "杨", "黄", "周", "吴"};
static const char *const givens[] = {"伟", "芳", "娜", "敏", "静", "丽",
				     "强", "磊", "军", "洋", "𠀀", "𪚥"};

static void make_row(int i, char *out, size_t len)
{
	snprintf(out, len, "%d,%s%s%s,%s,\"%s，第%d行, 社区𪚥报到党员\"\n", i,
		 surnames[i % 10], givens[i % 12], givens[(i / 12) % 12],
		 i % 2 ? "男" : "女", i % 3 ? "在职" : "离退休", i);
}

/* A roster bigger than several reads, in GB18030. Empty lines after the
 * header shift the rows so that a two-byte and a four-byte character are
 * each cut by a 64 KiB read, which the test checks rather than hopes. */
static void test_large_gb18030(void)
{
	enum { ROWS = 6000, BODY_MAX = 1024 * 1024 };
	static const char header[] = "ref,name,gender,note\n";
	char *body = malloc(BODY_MAX), row[256], *got_fail = NULL;
	/* inside[o]: the length of the character that byte o is inside of,
	 * 0 at the first byte of a character */
	unsigned char *inside = calloc(BODY_MAX, 1);
	const char *path;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t blen = 0, n;
	long hlen = (long)strlen(header), blank, k, line;
	int i, found2 = 0, found4 = 0, records = 0, bad = 0, rc;
	pb_csv *r;
	pb_err e;
	char **f, *all;

	if (!body || !inside || cd == (iconv_t)-1) {
		printf("Bail out! cannot set up the large roster\n");
		exit(1);
	}
	for (i = 0; i < ROWS; i++) {
		const char *p;
		uint32_t cp;

		make_row(i, row, sizeof row);
		for (p = row; *p;) {
			int u = pb_utf8_decode(p, strlen(p), &cp);
			char *in = (char *)p, *out = body + blen;
			size_t inleft = (size_t)u, outleft = 8, c, j;

			if (u == 0 || iconv(cd, &in, &inleft, &out, &outleft) ==
					      (size_t)-1) {
				printf("Bail out! cannot convert %s\n", row);
				exit(1);
			}
			c = (size_t)(out - (body + blen));
			for (j = 1; j < c; j++)
				inside[blen + j] = (unsigned char)c;
			blen += c;
			p += u;
		}
	}
	iconv_close(cd);
	for (blank = 0; blank < 4096 && !(found2 && found4); blank++) {
		found2 = found4 = 0;
		for (k = CHUNK; k < hlen + blank + (long)blen; k += CHUNK) {
			long x = k - hlen - blank;

			if (x > 0) {
				found2 |= inside[x] == 2;
				found4 |= inside[x] == 4;
			}
		}
		if (found2 && found4)
			break;
	}
	ok(found2 && found4,
	   "%ld empty lines make 64 KiB reads cut a 2- and a 4-byte character",
	   blank);
	all = malloc((size_t)(hlen + blank) + blen);
	memcpy(all, header, (size_t)hlen);
	memset(all + hlen, '\n', (size_t)blank);
	memcpy(all + hlen + blank, body, blen);
	path = tmp_with(all, (size_t)(hlen + blank) + blen);
	free(all);
	free(body);
	free(inside);
	ok(hlen + blank + (long)blen > 200 * 1024, "large roster is %ld bytes",
	   hlen + blank + (long)blen);

	rc = pb_csv_open(path, "gb18030", &r, &e);
	is_int(rc, PB_OK, "large roster opens");
	rc = pb_csv_next(r, &f, &n, &line, &e);
	ok(rc == 1 && n == 4 && !strcmp(f[1], "name"), "header read");
	while ((rc = pb_csv_next(r, &f, &n, &line, &e)) == 1) {
		char got_row[256];

		snprintf(got_row, sizeof got_row, "%s,%s,%s,\"%s\"\n", f[0],
			 f[1], f[2], f[3]);
		make_row(records, row, sizeof row);
		if (n != 4 || line != records + 2 + blank ||
		    strcmp(got_row, row)) {
			if (!bad++)
				got_fail = strdup(got_row);
		}
		records++;
	}
	is_int(rc, 0, "large roster read to the end without error");
	is_int(records, ROWS, "every record read");
	is_int(bad, 0, "every record read exactly as written, at its line");
	if (got_fail) {
		printf("#   first bad record: %s", got_fail);
		free(got_fail);
	}
	pb_csv_close(r);
}

static void test_open(void)
{
	pb_csv *r = (pb_csv *)&r;
	pb_err e;
	char buf[1024], **f;
	size_t n;
	long line;
	const char *path;

	is_int(pb_csv_open("/nonexistent/roster.csv", NULL, &r, &e),
	       PB_NOINPUT, "missing file is PB_NOINPUT");
	is_str(e.msg,
	       "cannot open '/nonexistent/roster.csv': No such file or directory",
	       "and says which file and why");
	ok(r == NULL, "and gives no reader");
	is_int(pb_csv_open("/", NULL, &r, &e), PB_NOINPUT,
	       "a directory is PB_NOINPUT");
	is_str(e.msg, "cannot open '/': Is a directory", "and says so");
	is_int(pb_csv_open(gbk_row, "latin1", &r, &e), PB_USAGE,
	       "unknown encoding is PB_USAGE");
	is_str(e.msg, "unknown encoding 'latin1' (expected utf-8, gb18030 or gbk)",
	       "and names the ones known");
	CSV_IS("a\n", "utf8", "1[a]\n", "utf8 is a name of UTF-8");

	path = tmp_str("a,b\n\"c\nd\n");
	is_int(pb_csv_open(path, NULL, &r, &e), PB_OK, "opens");
	is_str(pb_csv_file(r), path, "messages name the file");
	is_int(pb_csv_next(r, &f, &n, &line, &e), 1, "first record");
	is_int(pb_csv_next(r, &f, &n, &line, &e), -PB_DATAERR, "then error");
	pb_err_format(&e, buf, sizeof buf);
	ok(!strncmp(buf, path, strlen(path)) &&
		   !strcmp(buf + strlen(path),
			   ":2: unclosed quote (the field starting on line 2 "
			   "runs to the end of the file)"),
	   "error prints as FILE:LINE: message: %s", buf);
	is_int(pb_csv_next(r, &f, &n, &line, &e), 0, "then the end");
	is_int(pb_csv_next(r, &f, &n, &line, &e), 0, "and stays there");
	pb_csv_close(r);

	if (!freopen(tmp_str("from,stdin\n"), "rb", stdin)) {
		printf("Bail out! cannot reopen stdin\n");
		exit(1);
	}
	is_int(pb_csv_open("-", NULL, &r, &e), PB_OK, "- opens stdin");
	is_str(pb_csv_file(r), "<stdin>", "named <stdin> in messages");
	ok(pb_csv_next(r, &f, &n, &line, &e) == 1 && n == 2 &&
		   !strcmp(f[1], "stdin"),
	   "stdin read");
	pb_csv_close(r);
}

/* What the writer writes the reader reads back, cell for cell, in each
 * encoding: the formula guard taken off again, "'" before "'=" too.  (A
 * CR is read as LF: stored text never holds one.) */
static void test_writer(void)
{
	static const char *const vals[] = {
		"=1+1", "'=1", "''=1", "'", "'abc", "+86 138", "-", "@x", "\tx",
		"a,b", "\"q\"", "行\n换", "", "普通", "'-5", "𠀀", "0001",
		"123456789012", "13800000001", "=\"0123\"", NULL};
	static const char *const encs[] = {NULL, "gb18030"};
	char text[4096], **f;
	const char *path = NULL;
	pb_csvw *w;
	pb_csv *r;
	FILE *fp;
	size_t n, i, k;
	long line;
	pb_err e;

	for (k = 0; k < 2; k++) {
		path = tmp_str("");
		fp = fopen(path, "wb");
		is_int(pb_csvw_open(fp, encs[k], k == 0, 0, &w, &e), PB_OK,
		       "writer opens (%s)", encs[k] ? encs[k] : "utf-8");
		for (i = 0; vals[i]; i++)
			pb_csvw_cell(w, PB_T_TEXT, vals[i]);
		is_int(pb_csvw_end(w, &e), PB_OK, "a record written");
		pb_csvw_cell(w, PB_T_INT, "-5");
		is_int(pb_csvw_end(w, &e), PB_OK, "a number");
		pb_csvw_close(w);
		fclose(fp);
		is_int(pb_csv_open(path, encs[k], &r, &e), PB_OK, "read back");
		ok(pb_csv_next(r, &f, &n, &line, &e) == 1 && n == i,
		   "%zu cells", i);
		for (i = 0; i < n && vals[i]; i++)
			is_str(pb_csv_unguard(f[i]), vals[i],
			       "cell %zu back as written", i);
		ok(pb_csv_next(r, &f, &n, &line, &e) == 1 && n == 1 &&
			   !strcmp(f[0], "-5"),
		   "a number of a numeric field is not guarded");
		pb_csv_close(r);
	}
	fp = fopen(path, "rb");
	n = fread(text, 1, sizeof text - 1, fp);
	text[n] = '\0';
	fclose(fp);
	ok(strstr(text, "\x95\x32\x82\x36") != NULL, "𠀀 in GB18030");
	ok(!strncmp(text, "'=1+1,''=1,'''=1,',", 19), "guards as written: %.19s",
	   text);
	ok(strstr(text, ",\"=\"\"0001\"\"\",\"=\"\"123456789012\"\"\",13800000001,"
			"\"'=\"\"0123\"\"\"\r\n") != NULL,
	   "digits Excel would make a number of as =\"...\", 11 as they are, "
	   "a value like it guarded");

	fp = fopen(path, "wb");
	is_int(pb_csvw_open(fp, "GBK", 0, 0, &w, &e), PB_OK, "GBK opens");
	pb_csvw_cell(w, PB_T_TEXT, "家𠀀");
	is_int(pb_csvw_end(w, &e), PB_DATAERR, "a character outside GBK");
	is_str(e.msg, "'𠀀' has no GBK form (use --encoding gb18030 or utf-8)",
	       "is named");
	pb_csvw_close(w);
	is_int(pb_csvw_open(fp, "gbk", 1, 0, &w, &e), PB_USAGE,
	       "a BOM with GBK");
	is_int(pb_csvw_open(fp, "big5", 0, 0, &w, &e), PB_USAGE,
	       "an unknown encoding");
	fclose(fp);
}

/* Dates as Excel in a Chinese locale saves them. */
static void test_excel_date(void)
{
	static const char *const cases[][2] = {
		{"2026/1/5", "2026-01-05"}, {"2026/12/31", "2026-12-31"},
		{"2026/01/05", "2026-01-05"}, {"2024/2/29", "2024-02-29"},
		{"2026/2/29", NULL},	     {"2026/13/1", NULL},
		{"2026-01-05", NULL},	     {"26/1/5", NULL},
		{"2026/1/5 ", NULL},	     {"2026/+1/5", NULL},
		{"2026/001/5", NULL},	     {"2026/1/5/1", NULL},
		{"", NULL},
	};
	char out[11];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int got = pb_csv_excel_date(cases[i][0], out);

		if (cases[i][1])
			ok(got && !strcmp(out, cases[i][1]), "'%s' is %s",
			   cases[i][0], cases[i][1]);
		else
			ok(!got, "'%s' is read as it is", cases[i][0]);
	}
}

int main(void)
{
	int i;

	test_syntax();
	test_errors();
	test_limits();
	test_gb18030();
	test_large_gb18030();
	test_open();
	test_writer();
	test_excel_date();
	for (i = 0; i < ntmp; i++) {
		unlink(tmp_paths[i]);
		free(tmp_paths[i]);
	}
	return done_testing();
}
