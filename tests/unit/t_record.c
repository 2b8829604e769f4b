/* pb_rec_set for every check kind: what is accepted, what it is
 * normalised to, and what is refused with which message; and the record
 * helpers that import and set build on (merge, same, require). */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "tap.h"

static const pb_field fields[] = {
	{"id", "ID", "编号", PB_T_INT, NULL, PB_C_NONE},
	{"code", "Code", "代码", PB_T_TEXT, NULL, PB_C_CODE},
	{"name", "Name", "名称", PB_T_TEXT, NULL, PB_C_TEXT},
	{"note", "Note", "备注", PB_T_TEXT, NULL, PB_C_NOTE},
	{"date", "Date", "日期", PB_T_DATE, NULL, PB_C_DATE},
	{"amount", "Amount", "金额", PB_T_MONEY, NULL, PB_C_MONEY},
	{"count", "Count", "数量", PB_T_INT, NULL, PB_C_COUNT},
	{"hours", "Hours", "时长", PB_T_DEC, NULL, PB_C_DEC},
	{"kind", "Kind", "类型", PB_T_TEXT, &pb_org_kinds, PB_C_DOMAIN},
	{"org", "Org", "组织", PB_T_TEXT, NULL, PB_C_REF},
	{"uscc", "USCC", "统一社会信用代码", PB_T_TEXT, NULL, PB_C_USCC},
	{"phone", "Phone", "电话", PB_T_TEXT, NULL, PB_C_PHONE},
	{"gender", "Gender", "性别", PB_T_TEXT, NULL, PB_C_GENDER},
};
#define NF (sizeof fields / sizeof fields[0])

static pb_rec r;
static pb_err e;

/* The input as a test description shows it: control characters
 * escaped, long texts by their length. */
static const char *shown(const char *in)
{
	static char buf[4][128];
	static int k;
	char *b = buf[k++ % 4];

	if (!in)
		return "(null)";
	if (strlen(in) > 60) {
		snprintf(b, 128, "(%zu bytes)", strlen(in));
		return b;
	}
	pb_escape_ctl(in, b, 128);
	return b;
}

/* Set and expect success with the normalised value. */
static void good(const char *field, const char *in, const char *want)
{
	int rc = pb_rec_set(&r, field, in, &e);

	is_int(rc, PB_OK, "%s '%s' accepted", field, shown(in));
	if (rc != PB_OK)
		printf("#   message: %s\n", e.msg);
	is_str(pb_rec_get(&r, field), want, "%s '%s' stored as '%s'", field,
	       shown(in), shown(want));
}

/* Set and expect refusal with the code and the exact message. */
static void bad(const char *field, const char *in, int code,
		const char *msg)
{
	char *before;
	const char *v = pb_rec_get(&r, field);

	before = strdup(v ? v : "(null)");
	is_int(pb_rec_set(&r, field, in, &e), code, "%s '%s' refused", field,
	       shown(in));
	if (msg)
		is_str(e.msg, msg, "%s '%s' message", field, shown(in));
	v = pb_rec_get(&r, field);
	ok(before && strcmp(v ? v : "(null)", before) == 0,
	   "%s keeps its value after refusing '%s'", field, shown(in));
	free(before);
}

static void test_code(void)
{
	char c64[65], c65[66];

	good("code", "jd", "jd");
	good("code", "007", "007");
	good("code", "a.b_c-d", "a.b_c-d");
	good("code", "9", "9");
	memset(c64, 'a', 64);
	c64[64] = '\0';
	memset(c65, 'a', 65);
	c65[65] = '\0';
	good("code", c64, c64);
	bad("code", c65, PB_DATAERR, NULL);
	bad("code", "Jd", PB_DATAERR,
	    "invalid code 'Jd' (expected lower-case letters, digits, '.', '_' "
	    "or '-', starting with a letter or digit, at most 64)");
	bad("code", "-jd", PB_DATAERR, NULL);
	bad("code", ".jd", PB_DATAERR, NULL);
	bad("code", "_jd", PB_DATAERR, NULL);
	bad("code", "j d", PB_DATAERR, NULL);
	bad("code", "j/d", PB_DATAERR, NULL);
	bad("code", "街道", PB_DATAERR, NULL);
}

static void test_text(void)
{
	char name[1024], *p;
	int i;

	good("name", "东湖街道", "东湖街道");
	good("name", "Acme, \"Best\" Co", "Acme, \"Best\" Co");
	for (p = name, i = 0; i < 200; i++)
		p = stpcpy(p, "名");
	good("name", name, name);
	strcpy(p, "名");
	bad("name", name, PB_DATAERR,
	    "name: too long: 201 characters (at most 200)");
	bad("name", "a\tb", PB_DATAERR, NULL);
	bad("name", "a\nb", PB_DATAERR, NULL);
	bad("name", "a\177b", PB_DATAERR, NULL);
	bad("name", "ab\377", PB_DATAERR, NULL);
	bad("name", "\300\257", PB_DATAERR, NULL);
	bad("name", "\355\240\200", PB_DATAERR, NULL); /* a surrogate */
	ok(strncmp(e.msg, "name: ", 6) == 0, "text messages name the field");

	good("note", "第一行\n第二行", "第一行\n第二行");
	bad("note", "a\033b", PB_DATAERR, NULL);
	bad("note", "a\rb", PB_DATAERR, NULL);

	/* Invisible and bidi characters, in one-line text and in notes. */
	bad("name", "ab\u202E", PB_DATAERR,
	    "name: invisible character U+202E (a bidi control) at character 3");
	bad("name", "a\u200Bb", PB_DATAERR,
	    "name: invisible character U+200B (a zero-width character) at "
	    "character 2");
	bad("note", "第一行\n\u2067第二行", PB_DATAERR,
	    "note: invisible character U+2067 (a bidi control) at character 5");
	bad("note", "a\u2028b", PB_DATAERR,
	    "note: invisible character U+2028 (a line or paragraph separator) "
	    "at character 2");
	bad("code", "hn\uFEFF", PB_DATAERR,
	    "code: invisible character U+FEFF (a zero-width no-break space "
	    "(byte-order mark)) at character 3");
	bad("kind", "\u200Estreet", PB_DATAERR, NULL);
	bad("date", "2026-01-01\u2060", PB_DATAERR, NULL);
}

/* One-line values lose the spaces around them, whatever the check; a
 * note keeps them; nothing but spaces is refused everywhere. */
static void test_trim(void)
{
	good("code", " hn ", "hn");
	good("name", "\u3000张三 \u00A0", "张三");
	good("name", "王\u3000五", "王\u3000五");
	good("org", " sq1\u3000", "sq1");
	good("date", " 2026-01-01 ", "2026-01-01");
	good("amount", " 6万 ", "60000.00");
	good("count", " 12", "12");
	good("kind", "\u3000社区党组织", "community");
	good("phone", " 138 0000 0000 ", "138 0000 0000");
	good("gender", " 女", "f");
	good("note", " 缩进\n", " 缩进\n");
	bad("name", " ", PB_DATAERR,
	    "name: nothing but white space (give a value, or leave it empty to "
	    "clear it)");
	bad("name", "\u3000\u3000", PB_DATAERR, NULL);
	bad("code", "\u2003", PB_DATAERR, NULL);
	bad("note", " \n\t\n", PB_DATAERR,
	    "note: nothing but white space (give a value, or leave it empty to "
	    "clear it)");
	bad("name", " \t ", PB_DATAERR,
	    "name: control character U+0009 at character 2");
}

static void test_date(void)
{
	good("date", "2024-02-29", "2024-02-29");
	good("date", "2026-12-31", "2026-12-31");
	bad("date", "2026-02-30", PB_DATAERR,
	    "date: invalid date '2026-02-30' (February 2026 has 28 days)");
	bad("date", "2025-02-29", PB_DATAERR, NULL);
	bad("date", "2026-13-01", PB_DATAERR, NULL);
	bad("date", "2026-00-10", PB_DATAERR, NULL);
	bad("date", "2026-04-31", PB_DATAERR, NULL);
	bad("date", "2026-1-1", PB_DATAERR, NULL);
	bad("date", "2026/01/01", PB_DATAERR, NULL);
	bad("date", "2026-01-01x", PB_DATAERR, NULL);
	bad("date", "20260101", PB_DATAERR, NULL);
	ok(strncmp(e.msg, "date: ", 6) == 0, "date messages name the field");
}

static void test_money(void)
{
	good("amount", "60000", "60000.00");
	good("amount", "6万", "60000.00");
	good("amount", "1.5万", "15000.00");
	good("amount", "1234.5元", "1234.50");
	good("amount", "0.01", "0.01");
	good("amount", "0", "0.00");
	bad("amount", "1.234", PB_DATAERR, NULL);
	bad("amount", "-5", PB_DATAERR, NULL);
	bad("amount", "abc", PB_DATAERR, NULL);
	bad("amount", "1e3", PB_DATAERR, NULL);
	bad("amount", "99999999999999999999", PB_DATAERR, NULL);
	ok(strncmp(e.msg, "amount: ", 8) == 0, "money messages name the field");
}

static void test_counts(void)
{
	good("count", "140", "140");
	good("count", "0", "0");
	bad("count", "-1", PB_DATAERR, NULL);
	bad("count", "2.5", PB_DATAERR, NULL);
	bad("count", "12a", PB_DATAERR, NULL);
	bad("count", "99999999999999999999", PB_DATAERR, NULL);
	ok(strncmp(e.msg, "count: ", 7) == 0, "count messages name the field");

	good("hours", "2.5", "2.5");
	good("hours", "3", "3");
	bad("hours", "-1", PB_DATAERR, NULL);
	bad("hours", "1.2345", PB_DATAERR, NULL);
}

static void test_domain(void)
{
	good("kind", "street", "street");
	good("kind", "社区党组织", "community");
	good("kind", "志愿服务队", "team");
	good("kind", "非公企业", "private");
	bad("kind", "army", PB_DATAERR,
	    "unknown kind 'army' (expected one of: district, street, "
	    "community, garrison, agency, institution, enterprise, private, "
	    "school, social, team, other)");
	bad("kind", "Street", PB_DATAERR, NULL);
	good("kind", "street ", "street"); /* trimmed, see test_trim */
}

static void test_uscc(void)
{
	good("uscc", "91440300279583285Y", "91440300279583285Y");
	good("uscc", "91350100M000100Y43", "91350100M000100Y43");
	good("uscc", "91110000600037341L", "91110000600037341L");
	bad("uscc", "91440300279583285X", PB_DATAERR,
	    "invalid uscc '91440300279583285X' (expected 18 characters of 0-9 "
	    "and A-Y without I O S V Z, with a valid check character)");
	bad("uscc", "91350100M000100Y44", PB_DATAERR, NULL);
	bad("uscc", "9144030027958328", PB_DATAERR, NULL);
	bad("uscc", "91440300279583285YY", PB_DATAERR, NULL);
	bad("uscc", "91440300279583285y", PB_DATAERR, NULL);
	bad("uscc", "91350100I000100Y43", PB_DATAERR, NULL);
	ok(pb_uscc_valid("91440300279583285Y"), "pb_uscc_valid: a valid code");
	ok(!pb_uscc_valid(""), "pb_uscc_valid: empty");
	ok(!pb_uscc_valid("91440300279583285O"), "pb_uscc_valid: O is not in the alphabet");
}

static void test_phone_gender(void)
{
	good("phone", "0123", "0123");
	good("phone", "+86 (27) 8765-4321", "+86 (27) 8765-4321");
	good("phone", "12345678901234567890123456789012",
	     "12345678901234567890123456789012");
	bad("phone", "123456789012345678901234567890123", PB_DATAERR, NULL);
	bad("phone", "0123-abc", PB_DATAERR,
	    "invalid phone '0123-abc' (expected digits, spaces, + - ( ), at "
	    "most 32)");
	bad("phone", "0123#5", PB_DATAERR, NULL);

	good("gender", "m", "m");
	good("gender", "f", "f");
	good("gender", "男", "m");
	good("gender", "女", "f");
	bad("gender", "x", PB_DATAERR,
	    "invalid gender 'x' (expected m, f, 男 or 女)");
	bad("gender", "M", PB_DATAERR, NULL);
}

static void test_record(void)
{
	static const char *const req[] = {"code", "name", NULL};
	pb_rec a, b;
	char list[512];

	pb_rec_free(&r);
	pb_rec_init(&r, fields, NF);
	is_int(r.given, 0, "a fresh record has nothing given");
	is_int(pb_rec_set(&r, "id", "5", &e), PB_USAGE, "id cannot be set");
	is_str(e.msg, "'id' is assigned by pb and cannot be set", "id message");
	is_int(pb_rec_set(&r, "colour", "red", &e), PB_USAGE,
	       "an unknown field is a usage error");
	is_str(e.msg,
	       "unknown field 'colour' (expected one of: code, name, note, date, "
	       "amount, count, hours, kind, org, uscc, phone, gender)",
	       "unknown field message lists the input fields");
	pb_fields_list(fields, NF, list, sizeof list);
	is_str(list,
	       "code, name, note, date, amount, count, hours, kind, org, uscc, "
	       "phone, gender",
	       "pb_fields_list leaves out assigned fields");

	is_int(pb_rec_require(&r, req, &e), PB_DATAERR, "require: none set");
	is_str(e.msg, "missing code", "require names the first missing field");
	good("code", "jd", "jd");
	is_int(pb_rec_require(&r, req, &e), PB_DATAERR, "require: name unset");
	is_str(e.msg, "missing name", "require names name");
	good("name", "东湖街道", "东湖街道");
	is_int(pb_rec_require(&r, req, &e), PB_OK, "require: all set");

	good("name", "", NULL);
	ok(r.given & (1UL << 2), "an empty value clears but counts as given");
	good("name", NULL, NULL);
	good("org", "东湖社区", "东湖社区");

	pb_rec_init(&a, fields, NF);
	pb_rec_init(&b, fields, NF);
	pb_rec_set(&a, "code", "jd", &e);
	pb_rec_set(&a, "name", "A", &e);
	pb_rec_set(&a, "phone", "0123", &e);
	a.given = ~0UL;
	pb_rec_set(&b, "name", "B", &e);
	pb_rec_set(&b, "phone", "", &e);
	ok(!pb_rec_same(&a, &b), "different records are not the same");
	is_int(pb_rec_merge(&a, &b), PB_OK, "merge");
	is_str(pb_rec_get(&a, "code"), "jd", "merge keeps what src does not give");
	is_str(pb_rec_get(&a, "name"), "B", "merge takes what src gives");
	ok(pb_rec_get(&a, "phone") == NULL, "merge clears what src clears");
	pb_rec_free(&b);
	pb_rec_init(&b, fields, NF);
	pb_rec_set(&b, "code", "jd", &e);
	pb_rec_set(&b, "name", "B", &e);
	b.id = 99;
	ok(pb_rec_same(&a, &b), "same values are the same, whatever the id");
	is_int(pb_rec_put(&b, 0, "7"), PB_OK, "put an assigned field");
	ok(pb_rec_same(&a, &b), "assigned fields do not count for sameness");
	is_int(pb_rec_put(&b, NF, "x"), PB_SOFTWARE, "put past the end refused");
	pb_rec_free(&a);
	pb_rec_free(&b);
}

int main(void)
{
	pb_rec_init(&r, fields, NF);
	test_code();
	test_text();
	test_trim();
	test_date();
	test_money();
	test_counts();
	test_domain();
	test_uscc();
	test_phone_gender();
	test_record();
	pb_rec_free(&r);
	return done_testing();
}
