/* pb_yaml_read: the shape of import files, positions in errors, and the
 * hostile inputs (alias bombs, deep nesting, bad bytes) it must refuse. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pb.h"
#include "tap.h"

static const char *const sections[] = {"orgs",	"roles",  "members", "pairs",
				       "events", "opinions", NULL};

static char tmp[64];

static const char *file_of(const char *text, size_t len)
{
	int fd;

	snprintf(tmp, sizeof tmp, "/tmp/t_yaml_read.XXXXXX");
	fd = mkstemp(tmp);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
	return tmp;
}

static const char *file_str(const char *text)
{
	return file_of(text, strlen(text));
}

/* Records flattened to one line, so a test compares all of them at once:
 * section@line:col{key=plain;key="quoted";key=~;key=[{...},{...}]} */
struct dump {
	char buf[4096];
	int calls, stop_at;
};

static void cat(struct dump *d, const char *s)
{
	size_t n = strlen(d->buf);

	snprintf(d->buf + n, sizeof d->buf - n, "%s", s);
}

static void dump_rec(struct dump *d, const pb_yrec *r)
{
	char pos[64];

	snprintf(pos, sizeof pos, "@%ld:%ld{", r->line, r->col);
	cat(d, pos);
	for (size_t i = 0; i < r->n; i++) {
		const pb_yval *v = &r->v[i];

		if (i)
			cat(d, ";");
		cat(d, v->key);
		cat(d, "=");
		if (v->is_seq) {
			cat(d, "[");
			for (size_t j = 0; j < v->nsubs; j++) {
				if (j)
					cat(d, ",");
				dump_rec(d, v->subs[j]);
			}
			cat(d, "]");
		} else if (v->is_null) {
			cat(d, v->text ? "BAD" : "~");
		} else if (v->quoted) {
			cat(d, "\"");
			cat(d, v->text);
			cat(d, "\"");
		} else {
			cat(d, v->text);
		}
	}
	cat(d, "}");
}

static int collect(void *ctx, const char *section, pb_yrec *r)
{
	struct dump *d = ctx;

	if (d->buf[0])
		cat(d, " ");
	cat(d, section);
	dump_rec(d, r);
	d->calls++;
	return d->stop_at && d->calls == d->stop_at ? 42 : 0;
}

struct run {
	int rc;
	pb_diags dg;
	pb_err e;
	struct dump d;
	char first[PB_MSG_MAX + 300];
};

static void run_path(struct run *r, const char *path,
		     const char *const *secs, int stop_at)
{
	memset(r, 0, sizeof *r);
	pb_diags_init(&r->dg);
	r->d.stop_at = stop_at;
	r->rc = pb_yaml_read(path, secs, collect, &r->d, &r->dg, &r->e);
	if (r->dg.n)
		pb_err_format(&r->dg.item[0], r->first, sizeof r->first);
}

static void run(struct run *r, const char *text)
{
	run_path(r, file_str(text), sections, 0);
	unlink(tmp);
}

/* The first diag with the temporary file's name cut off. */
static const char *first_diag(const struct run *r)
{
	const char *s = r->first;

	if (!strncmp(s, "/tmp/t_yaml_read.", 17))
		s += 17 + 6;
	return s;
}

/* Diag i formatted, with the temporary file's name cut off. */
static const char *diag_at(const struct run *r, int i)
{
	static char buf[PB_MSG_MAX + 300];
	const char *s = buf;

	pb_err_format(&r->dg.item[i], buf, sizeof buf);
	if (!strncmp(s, "/tmp/t_yaml_read.", 17))
		s += 17 + 6;
	return s;
}

static pb_yval *pos_val;
static long pos[4];

static int grab_pos(void *ctx, const char *section, pb_yrec *r)
{
	pb_yval *v = pb_yrec_get(r, (const char *)ctx);

	(void)section;
	pos_val = v;
	if (v) {
		pos[0] = v->line;
		pos[1] = v->col;
		pos[2] = v->kline;
		pos[3] = v->kcol;
	}
	return 0;
}

static void test_shape(void)
{
	struct run r;

	run(&r, "orgs:\n"
		"  - code: a\n"
		"    name: 甲社区\n"
		"    phone: \"0123\"\n"
		"    note: ~\n"
		"    left:\n"
		"events:\n"
		"  - ref: e1\n"
		"    participants:\n"
		"      - org: a\n"
		"        hours: 2.5\n"
		"      - {org: b, hours: '3'}\n"
		"    contributions: []\n");
	is_int(r.rc, PB_OK, "two sections: PB_OK");
	is_int(r.dg.n, 0, "two sections: no diags");
	is_str(r.d.buf,
	       "orgs@2:5{code=a;name=甲社区;phone=\"0123\";note=~;left=~} "
	       "events@8:5{ref=e1;participants=[@10:9{org=a;hours=2.5},"
	       "@12:9{org=b;hours=\"3\"}];contributions=[]}",
	       "two sections with nested participants, quoted, null");
	is_str(r.e.msg, "", "no error message on success");

	run(&r, "orgs:\n  - phone: 0123\n    a: '~'\n    b: \"\"\n"
		"    c: !!str 12\n    d: |\n      x\n");
	is_str(r.d.buf,
	       "orgs@2:5{phone=0123;a=\"~\";b=\"\";c=\"12\";d=\"x\n\"}",
	       "plain 0123 stays text unquoted; quoted '~' and \"\" are "
	       "not null; !!str and block scalars count as quoted");

	run(&r, "orgs:\nroles: ~\n");
	is_int(r.rc, PB_OK, "null sections are empty");
	is_str(r.d.buf, "", "null sections: no records");

	run_path(&r, file_str("anything: [{a: 1}]\n"), NULL, 0);
	unlink(tmp);
	is_int(r.rc, PB_OK, "sections NULL accepts any section");
	is_str(r.d.buf, "anything@1:12{a=1}", "sections NULL: the record");
}

static void test_positions(void)
{
	pb_diags dg;
	pb_err e;
	const char *path = file_str("members:\n"
				    "  - name: 张三\n"
				    "    phone:   \"138\"\n");
	int rc;

	pb_diags_init(&dg);
	pos_val = NULL;
	rc = pb_yaml_read(path, sections, grab_pos, (void *)"phone", &dg, &e);
	unlink(tmp);
	is_int(rc, PB_OK, "positions: read");
	ok(pos_val != NULL, "fn saw the key");
	is_int(pos[0], 3, "value line");
	is_int(pos[1], 14, "value column (1-based, at the quote)");
	is_int(pos[2], 3, "key line");
	is_int(pos[3], 5, "key column");
}

static void test_errors(void)
{
	struct run r;

	run(&r, "orgs:\n  - code: a\nclubs:\n  - code: b\n");
	is_int(r.rc, PB_DATAERR, "unknown section: PB_DATAERR");
	is_int(r.dg.n, 1, "unknown section: one diag");
	is_str(first_diag(&r),
	       ":3:1: unknown section 'clubs' (expected one of: orgs, roles, "
	       "members, pairs, events, opinions)",
	       "unknown section message and position");
	is_str(r.d.buf, "orgs@2:5{code=a}", "known section still read");
	is_str(r.e.msg, r.dg.item[0].msg, "e holds the first diag");

	run(&r, "orgs:\n  - code: a\n    name: x\n    code: b\n"
		"  - code: c\n");
	is_int(r.rc, PB_DATAERR, "duplicate key: PB_DATAERR");
	is_str(first_diag(&r), ":4:5: duplicate key 'code' (first at line 2)",
	       "duplicate key message and position");
	is_str(r.d.buf, "orgs@5:5{code=c}",
	       "bad record skipped, later record still passed");

	run(&r, "orgs:\n  - code: a\n    name: {x: 1}\n  - code: [1]\n"
		"  - code: ok\n");
	is_int(r.dg.n, 2, "mapping and scalar list as values: two diags");
	is_str(first_diag(&r),
	       ":3:11: 'name' must be a scalar or a list of records, found "
	       "a mapping",
	       "mapping where a scalar was expected");
	is_str(r.dg.item[1].msg,
	       "'code' must be a list of records (mappings), found a scalar "
	       "in it",
	       "list of scalars as a value");
	is_str(r.d.buf, "orgs@5:5{code=ok}", "only the good record passed");

	run(&r, "orgs:\n  - code: a\n  name: b\n");
	is_int(r.rc, PB_DATAERR, "syntax error: PB_DATAERR");
	is_int(r.dg.n, 1, "syntax error: one diag");
	is_str(first_diag(&r),
	       ":3:3: invalid yaml: did not find expected '-' indicator "
	       "while parsing a block collection that started at line 2",
	       "syntax error with its exact line:col");

	run(&r, "orgs: x\n");
	is_str(first_diag(&r),
	       ":1:7: section 'orgs' must be a list of records, found a "
	       "scalar",
	       "section that is not a list");

	run(&r, "- a\n- b\n");
	is_str(first_diag(&r),
	       ":1:1: the document must be a mapping of sections to lists "
	       "of records, found a list",
	       "top level not a mapping");

	run(&r, "orgs:\n  - 5\n  - code: a\n");
	is_str(first_diag(&r),
	       ":2:5: each item of 'orgs' must be a record (a mapping), "
	       "found a scalar",
	       "item that is not a record");
	is_str(r.d.buf, "orgs@3:5{code=a}", "next item still read");

	run(&r, "orgs: []\n---\norgs: []\n");
	is_str(first_diag(&r),
	       ":2:1: only one document is allowed (remove the second '---')",
	       "two documents refused");

	run(&r, "orgs:\n  - code: &x a\n    name: *x\n");
	is_int(r.rc, PB_DATAERR, "alias: PB_DATAERR");
	is_str(first_diag(&r),
	       ":3:11: aliases are not allowed (write the value out)",
	       "alias refused at its position");
	is_str(r.d.buf, "", "record with an alias not passed");
}

static void test_hostile(void)
{
	struct run r;
	char *buf;
	size_t n = 0, cap = 4 * 1024 * 1024;
	clock_t t0;

	/* Billion laughs: nine levels of ten aliases. */
	buf = malloc(cap);
	n += (size_t)snprintf(buf + n, cap - n,
			      "orgs:\n  - a0: &a0 [{x: lol}]\n");
	for (int i = 1; i <= 9; i++) {
		n += (size_t)snprintf(buf + n, cap - n, "    a%d: &a%d [", i,
				      i);
		for (int j = 0; j < 10; j++)
			n += (size_t)snprintf(buf + n, cap - n, "%s*a%d",
					      j ? "," : "", i - 1);
		n += (size_t)snprintf(buf + n, cap - n, "]\n");
	}
	n += (size_t)snprintf(buf + n, cap - n, "    x: [{y: *a9}]\n");
	t0 = clock();
	run_path(&r, file_of(buf, n), sections, 0);
	unlink(tmp);
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0,
	   "alias bomb refused quickly");
	is_int(r.rc, PB_DATAERR, "alias bomb: PB_DATAERR");
	is_str(first_diag(&r),
	       ":3:14: aliases are not allowed (write the value out)",
	       "alias bomb: the first alias refused");
	is_str(r.d.buf, "", "alias bomb: the record not passed");
	is_int(r.dg.n, 50, "alias bomb: diags capped at 50");
	ok(r.dg.more > 0, "alias bomb: the rest counted in more");

	/* 10,000 levels of flow lists. */
	n = 0;
	n += (size_t)snprintf(buf + n, cap - n, "orgs: ");
	for (int i = 0; i < 10000; i++)
		buf[n++] = '[';
	for (int i = 0; i < 10000; i++)
		buf[n++] = ']';
	buf[n++] = '\n';
	run_path(&r, file_of(buf, n), sections, 0);
	unlink(tmp);
	is_int(r.rc, PB_DATAERR, "10,000 nested lists: PB_DATAERR");
	is_int(r.dg.n, 2, "10,000 nested lists: two diags");
	is_str(r.dg.item[0].msg,
	       "each item of 'orgs' must be a record (a mapping), found a "
	       "list",
	       "nested lists: not a record");
	is_str(diag_at(&r, 1),
	       ":1:14: nesting deeper than 8 levels is not allowed",
	       "nested lists: nesting refused at its place");

	/* 10,000 levels of nested records. */
	n = 0;
	n += (size_t)snprintf(buf + n, cap - n, "orgs: ");
	for (int i = 0; i < 5000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "[{a: ");
	n += (size_t)snprintf(buf + n, cap - n, "x");
	for (int i = 0; i < 5000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "}]");
	buf[n++] = '\n';
	run_path(&r, file_of(buf, n), sections, 0);
	unlink(tmp);
	is_int(r.rc, PB_DATAERR, "10,000 nested records: PB_DATAERR");
	is_int(r.dg.n, 1, "nested records: one diag");
	is_str(first_diag(&r),
	       ":1:23: nesting deeper than 8 levels is not allowed",
	       "nested records: the first map past level 8");
	is_str(r.d.buf, "", "nested records: nothing passed");

	/* Nesting up to the cap is fine: top, orgs, record, list, record,
	 * list, record, list = 8 levels. */
	run(&r, "orgs: [{a: [{b: [{c: [], d: 1}]}]}]\n");
	is_int(r.rc, PB_OK, "eight levels accepted");
	is_str(r.d.buf, "orgs@1:8{a=[@1:13{b=[@1:18{c=[];d=1}]}]}",
	       "eight levels: the record");

	/* A scalar over 1 MiB. */
	n = 0;
	n += (size_t)snprintf(buf + n, cap - n, "orgs:\n  - note: ");
	memset(buf + n, 'x', 1024 * 1024 + 1);
	n += 1024 * 1024 + 1;
	buf[n++] = '\n';
	run_path(&r, file_of(buf, n), sections, 0);
	unlink(tmp);
	is_str(first_diag(&r), ":2:11: value of 'note' is longer than 1 MiB",
	       "scalar over 1 MiB refused");
	free(buf);

	run_path(&r, file_str("orgs:\n  - name: ab\xff\n"), sections, 0);
	unlink(tmp);
	is_int(r.rc, PB_DATAERR, "invalid UTF-8: PB_DATAERR");
	is_str(first_diag(&r),
	       ":2:13: invalid input: invalid leading UTF-8 octet (byte "
	       "0xFF); the file must be UTF-8 text",
	       "invalid UTF-8 byte reported at its position");

	run_path(&r, file_str("\xEF\xBB\xBForgs:\n  - n: \xE4\xB8\xAD\xC3\n"),
		 sections, 0);
	unlink(tmp);
	is_str(first_diag(&r),
	       ":2:9: invalid input: invalid trailing UTF-8 octet (byte "
	       "0x0A); the file must be UTF-8 text",
	       "BOM takes no column in error positions");
}

static void test_files(void)
{
	struct run r;
	char dir[] = "/tmp/t_yaml_read.dXXXXXX";

	run(&r, "\xEF\xBB\xBForgs:\n  - code: a\n");
	is_int(r.rc, PB_OK, "BOM accepted");
	is_str(r.d.buf, "orgs@2:5{code=a}", "BOM: record and positions");

	run(&r, "");
	is_int(r.rc, PB_OK, "empty file ok");
	is_str(r.d.buf, "", "empty file: no records");
	run(&r, "# only a comment\n---\n");
	is_int(r.rc, PB_OK, "empty document ok");

	run_path(&r, "/nonexistent/x.yaml", sections, 0);
	is_int(r.rc, PB_NOINPUT, "missing file: PB_NOINPUT");
	is_str(r.e.msg,
	       "cannot open '/nonexistent/x.yaml': No such file or directory",
	       "missing file message");
	is_int(r.dg.n, 0, "missing file: no diags");

	ok(mkdtemp(dir) != NULL, "made a directory");
	run_path(&r, dir, sections, 0);
	rmdir(dir);
	is_int(r.rc, PB_NOINPUT, "directory: PB_NOINPUT");
	ok(strstr(r.e.msg, "Is a directory") != NULL, "directory message: %s",
	   r.e.msg);

	run_path(&r, file_str("orgs:\n  - code: a\n  - code: b\n  - code: c\n"),
		 sections, 2);
	unlink(tmp);
	is_int(r.rc, 42, "fn stop: its value returned");
	is_int(r.d.calls, 2, "fn stop: no call after the stop");
	is_int(r.dg.n, 0, "fn stop: no diags");

	{
		FILE *fp = fopen(file_str("orgs:\n  - {code: a\n"), "r");
		FILE *saved = stdin;

		stdin = fp;
		run_path(&r, "-", sections, 0);
		stdin = saved;
		fclose(fp);
		unlink(tmp);
		ok(!strncmp(r.first, "<stdin>:", 8),
		   "stdin is named <stdin>: %s", r.first);
	}
}

static void test_many(void)
{
	/* Many records: each passed and freed (ASan/valgrind see leaks). */
	size_t cap = 200000 * 24, n = 0;
	char *buf = malloc(cap);
	struct run r;

	n += (size_t)snprintf(buf + n, cap - n, "members:\n");
	for (int i = 0; i < 100000; i++)
		n += (size_t)snprintf(buf + n, cap - n, "  - {ref: r%d}\n", i);
	memset(&r, 0, sizeof r);
	pb_diags_init(&r.dg);
	r.d.buf[0] = 0;
	r.rc = pb_yaml_read(file_of(buf, n), sections, grab_pos, (void *)"ref",
			    &r.dg, &r.e);
	unlink(tmp);
	free(buf);
	is_int(r.rc, PB_OK, "100,000 records read");
	is_int(pos[0], 100001, "last record's line");
}

/* A NUL escape anywhere: in a value, a key, a section name, a nested
 * record; each form of the escape; the record never handed on. */
static void test_nul(void)
{
	static const struct {
		const char *text, *diag, *what;
	} cases[] = {
		{"orgs:\n  - code: \"hn\\0evil\"\n    name: x\n",
		 ":2:11: NUL character (U+0000) at character 3: no key or value "
		 "may hold one",
		 "\\0 in a value"},
		{"orgs:\n  - code: hm\n    name: \"evil\\x00 name\"\n",
		 ":3:11: NUL character (U+0000) at character 5: no key or value "
		 "may hold one",
		 "\\x00 in a value"},
		{"orgs:\n  - name: \"张三\\u0000李四\"\n",
		 ":2:11: NUL character (U+0000) at character 3: no key or value "
		 "may hold one",
		 "\\u0000 after Chinese"},
		{"orgs:\n  - \"code\\0x\": hn\n",
		 ":2:5: NUL character (U+0000) at character 5: no key or value "
		 "may hold one",
		 "\\0 in a key"},
		{"\"orgs\\0\":\n  - code: hn\n",
		 ":1:1: NUL character (U+0000) at character 5: no key or value "
		 "may hold one",
		 "\\0 in a section name"},
		{"events:\n  - ref: e1\n    participants:\n"
		 "      - org: \"hn\\0x\"\n",
		 ":4:14: NUL character (U+0000) at character 3: no key or value "
		 "may hold one",
		 "\\0 in a nested record"},
		{"orgs:\n  - note: |\n      a\n    code: \"\\0\"\n",
		 ":4:11: NUL character (U+0000) at character 1: no key or value "
		 "may hold one",
		 "a value that is only a NUL"},
	};
	struct run r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		run(&r, cases[i].text);
		is_int(r.rc, PB_DATAERR, "%s: PB_DATAERR", cases[i].what);
		is_str(first_diag(&r), cases[i].diag, "%s: message at the scalar",
		       cases[i].what);
		is_int(r.dg.n, 1, "%s: one error", cases[i].what);
		is_str(r.d.buf, "", "%s: the record not handed on",
		       cases[i].what);
	}

	/* The records around a bad one still come, so their errors count. */
	run(&r, "orgs:\n  - code: a\n  - code: \"b\\0\"\n  - code: c\n");
	is_str(r.d.buf, "orgs@2:5{code=a} orgs@4:5{code=c}",
	       "the records before and after a NUL are read");
	/* Escapes of other characters are still taken whole. */
	run(&r, "orgs:\n  - name: \"a\\tb\\u5F20\"\n");
	is_int(r.rc, PB_OK, "other escapes read");
	is_str(r.d.buf, "orgs@2:5{name=\"a\tb张\"}", "other escapes kept");
}

/* Records of every size one after another: each one's keys, values and
 * nested records whole, however many blocks it took (a large one after
 * small ones, small ones after it). */
struct sizes {
	int calls, bad;
};

static int check_sizes(void *ctx, const char *section, pb_yrec *r)
{
	struct sizes *z = ctx;
	char want[32];

	(void)section;
	z->calls++;
	if (z->calls != 2) {
		const pb_yval *v = pb_yrec_get(r, "ref");

		snprintf(want, sizeof want, "r%d", z->calls);
		z->bad += r->n != 1 || !v || !v->text || strcmp(v->text, want);
		return 0;
	}
	z->bad += r->n != 202;
	for (int i = 0; i < 200 && (size_t)i < r->n; i++) {
		snprintf(want, sizeof want, "k%03d", i);
		z->bad += strcmp(r->v[i].key, want) != 0;
		snprintf(want, sizeof want, "v%d", i);
		z->bad += !r->v[i].text || strcmp(r->v[i].text, want) != 0;
	}
	{
		const pb_yval *big = pb_yrec_get(r, "big");
		const pb_yval *subs = pb_yrec_get(r, "participants");

		z->bad += !big || !big->text || strlen(big->text) != 300000 ||
			  strspn(big->text, "y") != 300000;
		z->bad += !subs || subs->nsubs != 100;
		for (size_t j = 0; subs && j < subs->nsubs; j++) {
			const pb_yval *o = pb_yrec_get(subs->subs[j], "org");

			snprintf(want, sizeof want, "o%zu", j);
			z->bad += subs->subs[j]->n != 2 || !o || !o->text ||
				  strcmp(o->text, want) != 0;
		}
	}
	return 0;
}

static void test_sizes(void)
{
	size_t cap = 1024 * 1024, n = 0;
	char *buf = malloc(cap);
	struct sizes z = {0, 0};
	pb_diags dg;
	pb_err e;
	int rc;

	n += (size_t)snprintf(buf + n, cap - n, "events:\n  - ref: r1\n  -");
	for (int i = 0; i < 200; i++)
		n += (size_t)snprintf(buf + n, cap - n, " k%03d: v%d\n   ", i, i);
	n += (size_t)snprintf(buf + n, cap - n, " big: ");
	memset(buf + n, 'y', 300000);
	n += 300000;
	n += (size_t)snprintf(buf + n, cap - n, "\n    participants:\n");
	for (int j = 0; j < 100; j++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "      - {org: o%d, people: %d}\n", j, j);
	for (int i = 3; i <= 5; i++)
		n += (size_t)snprintf(buf + n, cap - n, "  - ref: r%d\n", i);
	pb_diags_init(&dg);
	rc = pb_yaml_read(file_of(buf, n), sections, check_sizes, &z, &dg, &e);
	unlink(tmp);
	free(buf);
	is_int(rc, PB_OK, "records of every size read");
	is_int(z.calls, 5, "five records handed on");
	is_int(z.bad, 0, "each whole: 200 keys, 300,000 bytes, 100 nested");
}

/* Records made into fields on the reading thread (pb_yrec_prepare): the
 * same record pb_rec_from_yaml makes on the caller's, its values lent
 * (freed with the YAML record, not by pb_rec_free); one with an error
 * not made ahead, so that its error is said where the caller says it;
 * a record asked for with other fields made as ever. */
static const char *const event_nested_keys[] = {"participants", NULL};

static void prep_events(void *ctx, const char *section, pb_yrec *y)
{
	const pb_yval *v = pb_yrec_get(y, "participants");

	(void)section;
	pb_yrec_prepare(y, pb_event_fields, pb_event_nfields, event_nested_keys,
			ctx);
	for (size_t j = 0; v && j < v->nsubs; j++)
		pb_yrec_prepare(v->subs[j], pb_participant_fields,
				pb_participant_nfields, NULL, ctx);
}

struct taken {
	char buf[2048];
	int made_ahead, bad;
	pb_diags d;
};

/* 1 when r is what pb_rec_from_yaml makes of y on this thread. */
static int as_made_here(const pb_rec *r, pb_yrec *y,
			const char *const *nested)
{
	const pb_rec *prep = y->prep;
	pb_diags d;
	pb_rec h;
	int same;

	y->prep = NULL;
	pb_diags_init(&d);
	pb_rec_init(&h, r->fields, r->n);
	same = pb_rec_from_yaml(&h, y, nested, &d) == PB_OK &&
	       h.given == r->given && h.id == r->id && prep && r->lent;
	for (size_t i = 0; same && i < h.n; i++)
		same = pb_text_same(h.v[i], r->v[i]);
	pb_rec_free(&h);
	y->prep = prep;
	return same;
}

static int take_events(void *ctx, const char *section, pb_yrec *y)
{
	struct taken *t = ctx;
	const pb_yval *v = pb_yrec_get(y, "participants");
	pb_rec r, again;
	pb_err e;
	size_t n = strlen(t->buf);

	(void)section;
	t->made_ahead += y->prep != NULL;
	t->bad += pb_yrec_alloc(y, 8) != NULL; /* the reader's no more */
	pb_rec_init(&r, pb_event_fields, pb_event_nfields);
	if (pb_rec_from_yaml(&r, y, event_nested_keys, &t->d) == PB_OK) {
		snprintf(t->buf + n, sizeof t->buf - n, "%s|%s|%s ",
			 pb_rec_get(&r, "ref"), pb_rec_get(&r, "date"),
			 pb_rec_get(&r, "kind"));
		t->bad += !as_made_here(&r, y, event_nested_keys);
		/* A lent value replaced is the record's own from then on. */
		if (pb_rec_set(&r, "title", " changed ", &e) != PB_OK ||
		    strcmp(pb_rec_get(&r, "title"), "changed") != 0)
			t->bad++;
		/* The same without the lists: made here, as ever. */
		pb_rec_init(&again, pb_event_fields, pb_event_nfields);
		if (pb_rec_from_yaml(&again, y, NULL, &t->d) == PB_OK)
			t->bad++; /* participants is then an unknown key */
		pb_rec_free(&again);
	}
	pb_rec_free(&r);
	for (size_t j = 0; v && j < v->nsubs; j++) {
		pb_rec p;

		t->made_ahead += v->subs[j]->prep != NULL;
		pb_rec_init(&p, pb_participant_fields, pb_participant_nfields);
		if (pb_rec_from_yaml(&p, v->subs[j], NULL, &t->d) == PB_OK) {
			n = strlen(t->buf);
			snprintf(t->buf + n, sizeof t->buf - n, "[%s %s] ",
				 pb_rec_get(&p, "org"), pb_rec_get(&p, "hours"));
			t->bad += !as_made_here(&p, v->subs[j], NULL);
		}
		pb_rec_free(&p);
	}
	return 0;
}

static void test_prepared(void)
{
	static const char text[] =
		"events:\n"
		"  - ref: E1\n    date: 2025-06-01\n    kind: 志愿服务\n"
		"    title: ' a '\n    org: s1\n"
		"    participants:\n      - {org: u1, hours: 1.5}\n"
		"      - {org: u2, hours: x}\n"
		"  - ref: E2\n    date: 2025-13-01\n    kind: service\n"
		"    title: t\n    org: s1\n";
	pb_diags *scratch = malloc(sizeof *scratch);
	struct taken t;
	pb_diags dg;
	pb_err e;
	int rc;

	memset(&t, 0, sizeof t);
	pb_diags_init(&t.d);
	pb_diags_init(&dg);
	rc = pb_yaml_read_prep(file_str(text), sections, prep_events, scratch, 1,
			       take_events, &t, &dg, &e);
	unlink(tmp);
	free(scratch);
	is_int(rc, PB_OK, "records made ahead read");
	is_int(t.made_ahead, 2, "the good event and participant made ahead, "
				"the bad ones not");
	is_int(t.bad, 0, "each as made on the caller's thread, lent; lent "
			 "values replaced; lists still checked; no memory of "
			 "the reader's taken after");
	is_str(t.buf, "E1|2025-06-01|service [u1 1.5] ",
	       "the fields as pb_rec_from_yaml makes them");
	is_int(t.d.n, 3, "the bad ones' errors said by the caller: hours, "
			 "participants with no lists, date");
	if (t.d.n == 3) {
		char m[PB_MSG_MAX + 300];

		pb_err_format(&t.d.item[2], m, sizeof m);
		ok(strstr(m, ":11:11: date: ") != NULL,
		   "the date's error at its place: %s", m);
	}
}

/* Without always, a record is made ahead only while the caller has
 * records waiting: none at first (the caller waits for the first), many
 * once it is slow (it sleeps on its first record while the reader reads
 * on); each record, made ahead or not, the same to the caller. */
struct behind {
	int calls, made_ahead, bad;
};

static int take_slowly(void *ctx, const char *section, pb_yrec *y)
{
	struct behind *b = ctx;
	pb_diags d;
	pb_rec r;

	(void)section;
	if (b->calls++ == 0)
		usleep(300 * 1000);
	b->made_ahead += y->prep != NULL;
	pb_diags_init(&d);
	pb_rec_init(&r, pb_event_fields, pb_event_nfields);
	if (pb_rec_from_yaml(&r, y, event_nested_keys, &d) != PB_OK ||
	    (y->prep && !as_made_here(&r, y, event_nested_keys)))
		b->bad++;
	pb_rec_free(&r);
	return 0;
}

static void test_behind(void)
{
	size_t cap = 300 * 100, n = 0;
	char *buf = malloc(cap);
	pb_diags *scratch = malloc(sizeof *scratch);
	struct behind b = {0, 0, 0};
	pb_diags dg;
	pb_err e;
	int rc;

	n += (size_t)snprintf(buf + n, cap - n, "events:\n");
	for (int i = 0; i < 300; i++)
		n += (size_t)snprintf(buf + n, cap - n,
				      "  - {ref: r%d, date: 2025-06-01, kind: "
				      "service, title: t, org: s1}\n",
				      i);
	pb_diags_init(&dg);
	rc = pb_yaml_read_prep(file_of(buf, n), sections, prep_events, scratch,
			       0, take_slowly, &b, &dg, &e);
	unlink(tmp);
	free(buf);
	free(scratch);
	is_int(rc, PB_OK, "read with prep while behind");
	is_int(b.calls, 300, "every record handed on");
	ok(b.made_ahead > 0 && b.made_ahead < 300,
	   "made ahead once the caller was behind, not before (%d of 300)",
	   b.made_ahead);
	is_int(b.bad, 0, "each the same to the caller, made ahead or not");
}

int main(void)
{
	test_shape();
	test_positions();
	test_errors();
	test_hostile();
	test_files();
	test_many();
	test_nul();
	test_sizes();
	test_prepared();
	test_behind();
	return done_testing();
}
