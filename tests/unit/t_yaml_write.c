/* The YAML writer: what gets quoted, and the exact text libyaml writes. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "tap.h"

static void test_needs_quotes(void)
{
	static const char *const quoted[] = {
		"", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES",
		"n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
		"False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
		"0", "12", "0123", "-7", "+7", "1_000", "0x1F", "0b101",
		"0o17", "1:20", "190:20:30", "1.5", ".5", "-.5", "1.", "1e3",
		"1E-3", "6.8523015e+5", "1_0.5", "190:20:30.15", ".inf",
		"-.Inf", "+.INF", ".nan", ".NaN", ".NAN", " a", "a ",
		"a\tb", "a\nb", "x\x7f", "2026-01-02", "2026-1-2",
		"2001-12-14t21:59:43.10-05:00", "<<", "=", NULL,
	};
	static const char *const plain[] = {
		"a", "中文", "张三丰", "abc def", "1a", "0x", "0xg", "1:", "1.2.3",
		"e3", "-", "_", "yes!", "nulls", "Off-site", "2026-01",
		"13800138000a", "a: b", "#x", "1 2", NULL,
	};
	size_t i;

	for (i = 0; quoted[i]; i++)
		is_int(pb_yaml_needs_quotes(quoted[i]), 1, "'%s' needs quotes",
		       quoted[i]);
	for (i = 0; plain[i]; i++)
		is_int(pb_yaml_needs_quotes(plain[i]), 0,
		       "'%s' needs no quotes of ours", plain[i]);
}

static char *emit_map(const char *const *kv, size_t n, int raw, int *rc)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	pb_yw *w;
	pb_err e;

	*rc = pb_yw_open(fp, &w, &e);
	if (*rc == PB_OK) {
		pb_yw_map_begin(w);
		for (i = 0; i < n; i++) {
			pb_yw_key(w, kv[2 * i]);
			if (raw)
				pb_yw_plain(w, kv[2 * i + 1]);
			else
				pb_yw_str(w, kv[2 * i + 1]);
		}
		pb_yw_map_end(w);
		*rc = pb_yw_close(w, &e);
	}
	fclose(fp);
	return buf;
}

static void test_writer(void)
{
	const char *kv[] = {
		"phone", "0123", "ok", "yes", "none", "null", "x", "1.5",
		"empty", "", "name", "中文", "colon", "a: b", "hash", "#x",
		"nl", "a\nb", "ctl", "a\x01", "sp", " lead", "q", "it's",
		"k", NULL,
	};
	const char *raw[] = {"k", "12", "m", "1234.50", "t", "true"};
	char *s;
	int rc;

	s = emit_map(kv, 13, 0, &rc);
	is_int(rc, PB_OK, "writer closes cleanly");
	is_str(s,
	       "phone: '0123'\n"
	       "ok: 'yes'\n"
	       "none: 'null'\n"
	       "x: '1.5'\n"
	       "empty: ''\n"
	       "name: 中文\n"
	       "colon: 'a: b'\n"
	       "hash: '#x'\n"
	       "nl: \"a\\nb\"\n"
	       "ctl: \"a\\x01\"\n"
	       "sp: ' lead'\n"
	       "q: it's\n"
	       "k: null\n",
	       "strings quoted exactly when needed");
	free(s);
	s = emit_map(raw, 3, 1, &rc);
	is_str(s, "k: 12\nm: 1234.50\nt: true\n", "plain values as they are");
	free(s);
}

static void test_nesting(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	pb_yw *w;
	pb_err e;

	is_int(pb_yw_open(fp, &w, &e), PB_OK, "open");
	pb_yw_map_begin(w);
	pb_yw_key(w, "orgs");
	pb_yw_seq_begin(w);
	pb_yw_map_begin(w);
	pb_yw_key(w, "code");
	pb_yw_str(w, "a");
	pb_yw_key(w, "tags");
	pb_yw_seq_begin(w);
	pb_yw_str(w, "x");
	pb_yw_str(w, "on");
	pb_yw_seq_end(w);
	pb_yw_map_end(w);
	pb_yw_seq_end(w);
	pb_yw_key(w, "roles");
	pb_yw_seq_begin(w);
	pb_yw_seq_end(w);
	pb_yw_map_end(w);
	is_int(pb_yw_close(w, &e), PB_OK, "close");
	fclose(fp);
	is_str(buf,
	       "orgs:\n"
	       "- code: a\n"
	       "  tags:\n"
	       "  - x\n"
	       "  - 'on'\n"
	       "roles: []\n",
	       "nested block style, indentation 2");
	free(buf);
}

static void test_long_line(void)
{
	char *buf = NULL, *text;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	pb_yw *w;
	pb_err e;

	text = malloc(301);
	memset(text, 'a', 300);
	text[300] = '\0';
	for (int i = 10; i < 300; i += 10)
		text[i] = ' ';
	pb_yw_open(fp, &w, &e);
	pb_yw_str(w, text);
	pb_yw_close(w, &e);
	fclose(fp);
	ok(buf && strlen(buf) == 301 && strncmp(buf, text, 300) == 0 &&
		   buf[300] == '\n',
	   "long text is not folded");
	free(text);
	free(buf);
}

static void test_write_error(void)
{
	FILE *fp = fopen("/dev/full", "w");
	pb_yw *w;
	pb_err e;
	int i, rc;

	if (!fp) {
		ok(1, "# skip no /dev/full");
		return;
	}
	setvbuf(fp, NULL, _IONBF, 0);
	pb_yw_open(fp, &w, &e);
	pb_yw_seq_begin(w);
	for (i = 0; i < 5000; i++)
		pb_yw_str(w, "some text to fill the emitter buffer");
	pb_yw_seq_end(w);
	rc = pb_yw_close(w, &e);
	is_int(rc, PB_IOERR, "a full disk is PB_IOERR");
	fclose(fp);
}

int main(void)
{
	test_needs_quotes();
	test_writer();
	test_nesting();
	test_long_line();
	test_write_error();
	return done_testing();
}
