/* UTF-8 validation, display width and text checks, in the C locale as
 * cron would run them. */
#include <stdlib.h>

#include "pb.h"
#include "tap.h"

static void valid_at(const char *s, size_t len, size_t want, const char *what)
{
	size_t off = (size_t)-1;

	is_int(pb_utf8_valid(s, len, &off), 0, "%s is invalid", what);
	is_int(off, want, "%s: bad sequence at byte %zu", what, want);
}

static void check_fails(const char *s, size_t max, int nl, const char *msg)
{
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_text_check(s, max, nl, &e), PB_DATAERR, "refused: %s", msg);
	is_int(e.code, PB_DATAERR, "code set: %s", msg);
	is_str(e.msg, msg, "message: %s", msg);
}

int main(void)
{
	size_t off = 0;
	uint32_t cp = 0;
	pb_err e;
	char buf[1024];
	size_t i;

	/* validity */
	ok(pb_utf8_valid("hello", 5, &off), "ASCII is valid");
	ok(pb_utf8_valid("", 0, &off), "empty is valid");
	ok(pb_utf8_valid("张三", strlen("张三"), &off), "张三 is valid");
	ok(pb_utf8_valid("\xF0\x9F\x98\x80", 4, &off), "U+1F600 is valid");
	ok(pb_utf8_valid("\xF4\x8F\xBF\xBF", 4, &off), "U+10FFFF is valid");
	ok(pb_utf8_valid("\xED\x9F\xBF", 3, &off), "U+D7FF is valid");
	valid_at("\xC0\x80", 2, 0, "overlong NUL C0 80");
	valid_at("ab\xE0\x80\xAF", 5, 2, "overlong E0 80 AF");
	valid_at("\xF0\x8F\xBF\xBF", 4, 0, "overlong F0 8F BF BF");
	valid_at("x\xED\xA0\x80", 4, 1, "surrogate ED A0 80");
	valid_at("\xF4\x90\x80\x80", 4, 0, "over max F4 90 80 80");
	valid_at("\xF5\x80\x80\x80", 4, 0, "lead F5");
	valid_at("张\xE5\xBC", 5, 3, "truncated E5 BC");
	valid_at("abc\x80", 4, 3, "lone continuation 80");
	valid_at("\xE5\x41\x42", 3, 0, "lead without continuation");
	valid_at("\xFF", 1, 0, "byte FF");

	/* decoding */
	is_int(pb_utf8_decode("A", 1, &cp), 1, "decode ASCII uses 1 byte");
	is_int(cp, 0x41, "decode ASCII value");
	is_int(pb_utf8_decode("张", 3, &cp), 3, "decode 张 uses 3 bytes");
	is_int(cp, 0x5F20, "decode 张 is U+5F20");
	is_int(pb_utf8_decode("\xC3\xA9", 2, &cp), 2, "decode é uses 2 bytes");
	is_int(cp, 0xE9, "decode é is U+00E9");
	is_int(pb_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4, "decode 4 bytes");
	is_int(cp, 0x1F600, "decode U+1F600");
	is_int(pb_utf8_decode("张", 2, &cp), 0, "short length is malformed");
	is_int(pb_utf8_decode("", 0, &cp), 0, "nothing to decode");

	/* code point widths */
	is_int(pb_cp_width('a'), 1, "a is 1 column");
	is_int(pb_cp_width(0x5F20), 2, "张 is 2 columns");
	is_int(pb_cp_width(0x4E00), 2, "U+4E00 is 2 columns");
	is_int(pb_cp_width(0x9FFF), 2, "U+9FFF is 2 columns");
	is_int(pb_cp_width(0x20000), 2, "CJK extension B is 2 columns");
	is_int(pb_cp_width(0x3001), 2, "ideographic comma is 2 columns");
	is_int(pb_cp_width(0x3042), 2, "hiragana a is 2 columns");
	is_int(pb_cp_width(0x30A2), 2, "katakana a is 2 columns");
	is_int(pb_cp_width(0xAC00), 2, "Hangul syllable is 2 columns");
	is_int(pb_cp_width(0xFF21), 2, "fullwidth A is 2 columns");
	is_int(pb_cp_width(0xFFE5), 2, "fullwidth yen is 2 columns");
	is_int(pb_cp_width(0xFF61), 1, "halfwidth ideographic stop is 1");
	is_int(pb_cp_width(0xF900), 2, "CJK compatibility is 2 columns");
	is_int(pb_cp_width(0x1F600), 2, "emoji U+1F600 is 2 columns");
	is_int(pb_cp_width(0x1F914), 2, "emoji U+1F914 is 2 columns");
	is_int(pb_cp_width(0x0301), 0, "combining acute is 0 columns");
	is_int(pb_cp_width(0x20DD), 0, "enclosing circle is 0 columns");
	is_int(pb_cp_width(0x200B), 0, "zero width space is 0 columns");
	is_int(pb_cp_width(0x200D), 0, "zero width joiner is 0 columns");
	is_int(pb_cp_width(0xFEFF), 0, "BOM is 0 columns");
	is_int(pb_cp_width(0x00), 0, "NUL is 0 columns");
	is_int(pb_cp_width(0x1B), 0, "ESC is 0 columns");
	is_int(pb_cp_width(0x7F), 0, "DEL is 0 columns");
	is_int(pb_cp_width(0xE9), 1, "é is 1 column");
	is_int(pb_cp_width(0x0416), 1, "Cyrillic Zhe is 1 column");
	is_int(pb_cp_width(0x10FFFF), 1, "U+10FFFF is 1 column");

	/* string widths */
	is_int(pb_str_width(""), 0, "empty width 0");
	is_int(pb_str_width("hello"), 5, "ASCII width");
	is_int(pb_str_width("张三"), 4, "张三 width 4");
	is_int(pb_str_width("a张b"), 4, "a张b width 4");
	is_int(pb_str_width("ＡＢ"), 4, "fullwidth ＡＢ width 4");
	is_int(pb_str_width("e\xCC\x81"), 1, "e + U+0301 width 1");
	is_int(pb_str_width("社区党组织"), 10, "社区党组织 width 10");
	is_int(pb_str_width("a\nb"), 4, "newline counts as \\n");
	is_int(pb_str_width("\t"), 2, "tab counts as \\t");
	is_int(pb_str_width("\r"), 2, "CR counts as \\r");
	is_int(pb_str_width("\x1b[1m"), 7, "ESC counts as \\x1b");
	is_int(pb_str_width("\x7f"), 4, "DEL counts as \\x7f");
	is_int(pb_str_width("\xc2\x9b"), 6, "U+009B counts as \\u009b");
	is_int(pb_str_width("a\x9b\xff"), 9, "a malformed byte counts as \\xHH");

	/* lengths */
	is_int(pb_utf8_len(""), 0, "empty has 0 code points");
	is_int(pb_utf8_len("abc"), 3, "abc has 3 code points");
	is_int(pb_utf8_len("张三"), 2, "张三 has 2 code points");
	is_int(pb_utf8_len("e\xCC\x81"), 2, "combining sequence has 2");

	/* text checks */
	pb_err_clear(&e);
	is_int(pb_text_check("张三", 200, 0, &e), PB_OK, "name passes");
	is_int(pb_text_check("", 200, 0, &e), PB_OK, "empty passes");
	is_int(pb_text_check("a\nb\tc", 0, 1, &e), PB_OK,
	       "newline and tab pass when allowed");
	check_fails("a\nb", 0, 0, "control character U+000A at character 2");
	check_fails("\tx", 0, 0, "control character U+0009 at character 1");
	check_fails("张\x1b", 0, 1, "control character U+001B at character 2");
	check_fails("ab\rc", 0, 1, "control character U+000D at character 3");
	check_fails("x\x7f", 0, 0, "control character U+007F at character 2");
	check_fails("\xC2\x85", 0, 1, "control character U+0085 at character 1");
	check_fails("ab\xC0\x80", 0, 0, "invalid UTF-8 at byte 3");
	check_fails("\x80", 10, 0, "invalid UTF-8 at byte 1");

	buf[0] = '\0';
	for (i = 0; i < 200; i++)
		strcat(buf, "张");
	is_int(pb_utf8_len(buf), 200, "200 characters built");
	is_int(pb_text_check(buf, 200, 0, &e), PB_OK, "200 characters pass");
	strcat(buf, "张");
	check_fails(buf, 200, 0, "too long: 201 characters (at most 200)");
	is_int(pb_text_check(buf, 0, 0, &e), PB_OK, "no limit with max 0");
	for (i = 0; i < 300; i++)
		buf[i] = 'a';
	buf[300] = '\0';
	check_fails(buf, 200, 0, "too long: 300 characters (at most 200)");

	/* Invisible and bidi characters: every range of the table, at its
	 * ends, in one-line text and where newlines are allowed. */
	{
		static const struct {
			uint32_t cp;
			const char *what;
		} inv[] = {
			{0x061C, "a bidi control"},
			{0x180E, "a zero-width character"},
			{0x200B, "a zero-width character"},
			{0x200C, "a zero-width character"},
			{0x200D, "a zero-width character"},
			{0x200E, "a bidi control"},
			{0x200F, "a bidi control"},
			{0x2028, "a line or paragraph separator"},
			{0x2029, "a line or paragraph separator"},
			{0x202A, "a bidi control"},
			{0x202B, "a bidi control"},
			{0x202C, "a bidi control"},
			{0x202D, "a bidi control"},
			{0x202E, "a bidi control"},
			{0x2060, "a zero-width character"},
			{0x2064, "a zero-width character"},
			{0x2066, "a bidi control"},
			{0x2067, "a bidi control"},
			{0x2068, "a bidi control"},
			{0x2069, "a bidi control"},
			{0x206A, "a deprecated format character"},
			{0x206F, "a deprecated format character"},
			{0xFEFF, "a zero-width no-break space (byte-order mark)"},
			{0xFFF9, "an interlinear annotation mark"},
			{0xFFFB, "an interlinear annotation mark"},
			{0xE0001, "a tag character"},
			{0xE0020, "a tag character"},
			{0xE007F, "a tag character"},
		};
		char s[32], want[160];

		for (i = 0; i < sizeof inv / sizeof inv[0]; i++) {
			uint32_t c = inv[i].cp;
			char *p = s;

			p += sprintf(p, "张");
			if (c < 0x800) {
				*p++ = (char)(0xC0 | c >> 6);
			} else if (c < 0x10000) {
				*p++ = (char)(0xE0 | c >> 12);
				*p++ = (char)(0x80 | (c >> 6 & 0x3F));
			} else {
				*p++ = (char)(0xF0 | c >> 18);
				*p++ = (char)(0x80 | (c >> 12 & 0x3F));
				*p++ = (char)(0x80 | (c >> 6 & 0x3F));
			}
			*p++ = (char)(0x80 | (c & 0x3F));
			strcpy(p, "三");
			snprintf(want, sizeof want,
				 "invisible character U+%04X (%s) at character 2",
				 (unsigned)c, inv[i].what);
			check_fails(s, 200, 0, want);
			check_fails(s, 0, 1, want);
		}
	}
	/* Their neighbours are ordinary characters. */
	is_int(pb_text_check("\u2010\u2027\u202F\u2065\u2070\uFEFE\uFFFC", 0, 0,
			     &e),
	       PB_OK, "the neighbours of the ranges pass");
	is_int(pb_text_check("王\u3000五", 200, 0, &e), PB_OK,
	       "an ideographic space inside a name passes");

	/* Nothing but white space: ASCII, ideographic, no-break, em and
	 * medium mathematical spaces; blank lines where newlines are allowed. */
	{
		static const char *const blanks[] = {
			" ", "\u3000\u3000", "\u00A0\u2003\u205F", "\n \t\n"};

		for (i = 0; i < sizeof blanks / sizeof blanks[0]; i++)
			check_fails(blanks[i], 200, blanks[i][0] == '\n',
				    "nothing but white space (give a value, or "
				    "leave it empty to clear it)");
	}
	is_int(pb_text_check(" a ", 200, 0, &e), PB_OK,
	       "spaces around text are the caller's to trim");

	/* Trimming: the Unicode space separators at both ends, nothing else. */
	{
		static const struct {
			const char *in, *out;
		} trims[] = {
			{"R1", "R1"},
			{" R1 ", "R1"},
			{"\u3000张三\u3000", "张三"},
			{"\u00A0a b\u2003\u202F", "a b"},
			{"王\u3000五", "王\u3000五"},
			{"   ", ""},
			{"", ""},
			{"\ta\t", "\ta\t"},
			{"\u200Ba", "\u200Ba"},
			{" \xFF ", "\xFF"},
		};

		for (i = 0; i < sizeof trims / sizeof trims[0]; i++) {
			size_t len;
			const char *t = pb_text_trim(trims[i].in, &len);

			snprintf(buf, sizeof buf, "%.*s", (int)len, t);
			is_str(buf, trims[i].out, "trim case %zu", i);
		}
	}

	/* NUL positions, as a YAML scalar carries them with its length. */
	is_int(pb_utf8_nul_at("hn", 2), 0, "no NUL: 0");
	is_int(pb_utf8_nul_at("hn\0evil", 7), 3, "NUL after hn: character 3");
	is_int(pb_utf8_nul_at("\0", 1), 1, "NUL first: character 1");
	is_int(pb_utf8_nul_at("张三\0", 7), 3, "NUL after 张三: character 3");
	is_int(pb_utf8_nul_at("ab\0", 2), 0, "a NUL past len is not seen");

	return done_testing();
}
