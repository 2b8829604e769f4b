/* Money in fen, decimals in thousandths, counts: exact values, every
 * refusal with its message, and format/parse round trips. */
#include "pb.h"
#include "tap.h"

static void money_is(const char *s, int64_t want)
{
	int64_t fen = -1;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_money_parse(s, &fen, &e), PB_OK, "amount '%s' accepted", s);
	is_int(fen, want, "amount '%s' in fen", s);
}

static void money_bad(const char *s, const char *msg)
{
	int64_t fen = 0;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_money_parse(s, &fen, &e), PB_DATAERR, "amount '%s' refused",
	       s);
	is_str(e.msg, msg, "amount '%s' message", s);
}

static void money_fmt(int64_t fen, const char *want)
{
	char buf[32];
	int64_t back = -1;
	pb_err e;

	pb_money_format(fen, buf);
	is_str(buf, want, "%lld fen formats", (long long)fen);
	if (fen >= 0) {
		is_int(pb_money_parse(buf, &back, &e), PB_OK,
		       "'%s' parses back", buf);
		is_int(back, fen, "'%s' round-trips", buf);
	}
}

static void dec_is(const char *s, int64_t want, const char *shown)
{
	int64_t m = -1;
	char buf[32];
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_decimal_parse(s, &m, &e), PB_OK, "decimal '%s' accepted", s);
	is_int(m, want, "decimal '%s' in thousandths", s);
	pb_decimal_format(m, buf);
	is_str(buf, shown, "decimal '%s' shown", s);
}

static void dec_bad(const char *s, const char *msg)
{
	int64_t m;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_decimal_parse(s, &m, &e), PB_DATAERR, "decimal '%s' refused",
	       s);
	is_str(e.msg, msg, "decimal '%s' message", s);
}

static void count_bad(const char *s, const char *msg)
{
	int64_t n;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_count_parse(s, &n, &e), PB_DATAERR, "count '%s' refused", s);
	is_str(e.msg, msg, "count '%s' message", s);
}

#define INVALID_AMOUNT(s)                                                  \
	"invalid amount '" s "' (expected yuan as digits with up to 2 "    \
	"decimals and an optional 元 or 万, e.g. 60000, 1234.50, 1234.5元 " \
	"or 6万)"

static void test_money(void)
{
	money_is("60000", 6000000);
	/* 万 is 10 000 yuan, 1 000 000 fen. */
	money_is("6万", 6000000);
	money_is("1234.5元", 123450);
	money_is("1234.50", 123450);
	money_is("0.01", 1);
	money_is("0", 0);
	money_is("0.5", 50);
	money_is("007", 700);
	money_is("1.5万", 1500000);
	money_is("0.00001万", 10);
	money_is("0.000001万", 1);
	money_is("12.345678万", 12345678);
	money_is("92233720368547758.07", INT64_MAX);
	money_is("9223372036854.775807万", INT64_MAX);

	money_bad("1.234", "amount '1.234' is more precise than a fen "
			   "(at most 2 decimals, or 6 with 万)");
	money_bad("1.230", "amount '1.230' is more precise than a fen "
			   "(at most 2 decimals, or 6 with 万)");
	money_bad("1.234元", "amount '1.234元' is more precise than a fen "
			    "(at most 2 decimals, or 6 with 万)");
	money_bad("0.0000001万",
		  "amount '0.0000001万' is more precise than a fen "
		  "(at most 2 decimals, or 6 with 万)");
	money_bad("-5", "negative amount '-5'");
	money_bad("-1.5万", "negative amount '-1.5万'");
	money_bad("99999999999999999999", "amount '99999999999999999999' is "
					  "too large (at most "
					  "92233720368547758.07)");
	money_bad("92233720368547758.08",
		  "amount '92233720368547758.08' is too large (at most "
		  "92233720368547758.07)");
	money_bad("9223372036854.775808万",
		  "amount '9223372036854.775808万' is too large (at most "
		  "92233720368547758.07)");
	money_bad("92233720368548万", "amount '92233720368548万' is too large "
				     "(at most 92233720368547758.07)");
	money_bad("1,000", INVALID_AMOUNT("1,000"));
	money_bad("", INVALID_AMOUNT(""));
	money_bad("万", INVALID_AMOUNT("万"));
	money_bad("元", INVALID_AMOUNT("元"));
	money_bad("1 000", INVALID_AMOUNT("1 000"));
	money_bad(" 5", INVALID_AMOUNT(" 5"));
	money_bad("5 ", INVALID_AMOUNT("5 "));
	money_bad("5 元", INVALID_AMOUNT("5 元"));
	money_bad("+5", INVALID_AMOUNT("+5"));
	money_bad("1e3", INVALID_AMOUNT("1e3"));
	money_bad(".5", INVALID_AMOUNT(".5"));
	money_bad("5.", INVALID_AMOUNT("5."));
	money_bad("1.2.3", INVALID_AMOUNT("1.2.3"));
	money_bad("5元万", INVALID_AMOUNT("5元万"));
	money_bad("5万元", INVALID_AMOUNT("5万元"));
	money_bad("--5", INVALID_AMOUNT("--5"));
	money_bad("-x", INVALID_AMOUNT("-x"));
	money_bad("５", INVALID_AMOUNT("５"));

	money_fmt(0, "0.00");
	money_fmt(1, "0.01");
	money_fmt(50, "0.50");
	money_fmt(123450, "1234.50");
	money_fmt(6000000, "60000.00");
	money_fmt(INT64_MAX, "92233720368547758.07");
	money_fmt(-123450, "-1234.50");
	money_fmt(-1, "-0.01");
	money_fmt(INT64_MIN, "-92233720368547758.08");
}

static void test_decimal(void)
{
	dec_is("2.5", 2500, "2.5");
	dec_is("8600", 8600000, "8600");
	dec_is("0.125", 125, "0.125");
	dec_is("0", 0, "0");
	dec_is("2.50", 2500, "2.5");
	dec_is("1.001", 1001, "1.001");
	dec_is("0.010", 10, "0.01");
	dec_is("9223372036854775.807", INT64_MAX, "9223372036854775.807");

	dec_bad("1.2345",
		"number '1.2345' is too precise (at most 3 decimals)");
	dec_bad("-2.5", "negative number '-2.5'");
	dec_bad("9223372036854775.808",
		"number '9223372036854775.808' is too large (at most "
		"9223372036854775.807)");
	dec_bad("", "invalid number '' (expected digits with up to 3 "
		    "decimals, e.g. 2.5 or 8600)");
	dec_bad("2,5", "invalid number '2,5' (expected digits with up to 3 "
		       "decimals, e.g. 2.5 or 8600)");
	dec_bad("1e3", "invalid number '1e3' (expected digits with up to 3 "
		       "decimals, e.g. 2.5 or 8600)");

	char buf[32];
	pb_decimal_format(-2500, buf);
	is_str(buf, "-2.5", "negative decimal shown");
	pb_decimal_format(INT64_MIN, buf);
	is_str(buf, "-9223372036854775.808", "INT64_MIN decimal shown");
}

static void test_count(void)
{
	int64_t n = -1;
	pb_err e;

	is_int(pb_count_parse("140", &n, &e), PB_OK, "count '140' accepted");
	is_int(n, 140, "count 140");
	is_int(pb_count_parse("0", &n, &e), PB_OK, "count '0' accepted");
	is_int(n, 0, "count 0");
	is_int(pb_count_parse("9223372036854775807", &n, &e), PB_OK,
	       "largest count accepted");
	is_int(n, INT64_MAX, "largest count");

	count_bad("9223372036854775808",
		  "count '9223372036854775808' is too large "
		  "(at most 9223372036854775807)");
	count_bad("-1", "negative count '-1'");
	count_bad("1.5", "invalid count '1.5' (expected a whole number such "
			 "as 140)");
	count_bad("", "invalid count '' (expected a whole number such as 140)");
	count_bad("1,000", "invalid count '1,000' (expected a whole number "
			   "such as 140)");
	count_bad("+3", "invalid count '+3' (expected a whole number such "
			"as 140)");
	count_bad("3 ", "invalid count '3 ' (expected a whole number such "
			"as 140)");
}

/* A field's number: the bound accepted, one step past it refused with
 * the bound in the message; the normal form parses back. */
static void bound_is(int check, const char *at, int64_t want,
		     const char *past, const char *msg)
{
	int64_t v = -1, w = -1;
	char buf[32];
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_number_parse(check, at, &v, &e), PB_OK, "'%s' accepted", at);
	is_int(v, want, "'%s' is %lld", at, (long long)want);
	is_int(pb_number_max(check, NULL), want, "'%s' is the bound", at);
	pb_number_format(check, v, buf);
	is_int(pb_number_parse(check, buf, &w, &e), PB_OK, "'%s' parses back",
	       buf);
	is_int(w, v, "'%s' round-trips", buf);
	is_int(pb_number_parse(check, past, &v, &e), PB_DATAERR,
	       "'%s' refused", past);
	is_str(e.msg, msg, "'%s' message", past);
}

static void test_bounds(void)
{
	char text[48];
	int64_t v;
	pb_err e;

	static const struct {
		int check;
		const char *at;
		int64_t max;
		const char *past, *msg;
	} edges[] = {
		{PB_C_MONEY, "10000000", PB_MONEY_MAX, "10000000.01",
		 "amount '10000000.01' is too large (at most 10000000.00 yuan)"},
		{PB_C_MONEY, "1000万", PB_MONEY_MAX, "1000.000001万",
		 "amount '1000.000001万' is too large (at most 10000000.00 "
		 "yuan)"},
		{PB_C_MONEY, "10000000.00元", PB_MONEY_MAX, "92233720368547758.08",
		 "amount '92233720368547758.08' is too large (at most "
		 "10000000.00 yuan)"},
		{PB_C_COUNT, "10000000", PB_COUNT_MAX, "10000001",
		 "count '10000001' is too large (at most 10000000)"},
		{PB_C_COUNT, "10000000", PB_COUNT_MAX, "99999999999999999999",
		 "count '99999999999999999999' is too large (at most 10000000)"},
		{PB_C_PEOPLE, "100000", PB_PEOPLE_MAX, "100001",
		 "count '100001' is too large (at most 100000 people)"},
		{PB_C_PEOPLE, "100000", PB_PEOPLE_MAX, "9223372036854775807",
		 "count '9223372036854775807' is too large (at most 100000 "
		 "people)"},
		{PB_C_HOURS, "10000", PB_HOURS_MAX, "10000.001",
		 "number '10000.001' is too large (at most 10000 hours per "
		 "person)"},
		{PB_C_HOURS, "10000.000", PB_HOURS_MAX, "1000000000",
		 "number '1000000000' is too large (at most 10000 hours per "
		 "person)"},
		{PB_C_DEC, "1000000000", PB_QUANTITY_MAX, "1000000000.001",
		 "number '1000000000.001' is too large (at most 1000000000)"},
		{PB_C_ID, "9223372036854775807", INT64_MAX, "9223372036854775808",
		 "count '9223372036854775808' is too large (at most "
		 "9223372036854775807)"},
	};

	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		bound_is(edges[i].check, edges[i].at, edges[i].max,
			 edges[i].past, edges[i].msg);

	/* Below the bound, the bare forms' rules still hold. */
	is_int(pb_number_parse(PB_C_MONEY, "1.234", &v, &e), PB_DATAERR,
	       "a bounded amount is still at most 2 decimals");
	is_int(pb_number_parse(PB_C_HOURS, "-1", &v, &e), PB_DATAERR,
	       "bounded hours are still non-negative");
	is_int(pb_number_parse(PB_C_PEOPLE, "2.5", &v, &e), PB_DATAERR,
	       "a head-count is still whole");

	pb_number_max(PB_C_MONEY, text);
	is_str(text, "10000000.00 yuan", "the money bound as the user writes it");
	pb_number_max(PB_C_HOURS, text);
	is_str(text, "10000 hours per person", "the hours bound");

	/* The promise of the bounds: a million records at the bound total
	 * within 64 bits, the largest product (people x hours) included. */
	ok(PB_PEOPLE_MAX * PB_HOURS_MAX <= INT64_MAX / 1000000,
	   "a million org rows at the bounds sum their hours in 64 bits");
	ok(PB_QUANTITY_MAX <= INT64_MAX / 1000000,
	   "a million quantities at the bound fit");
	ok(PB_MONEY_MAX <= INT64_MAX / 1000000000,
	   "a thousand million amounts at the bound fit");
	ok(PB_COUNT_MAX <= INT64_MAX / 1000000000,
	   "a thousand million counts at the bound fit");
}

static void test_sum(void)
{
	int64_t sum = INT64_MAX - 1;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_sum_add(&sum, 1, "hours", &e), PB_OK, "a sum up to INT64_MAX");
	is_int(sum, INT64_MAX, "the sum is INT64_MAX");
	is_int(pb_sum_add(&sum, 1, "hours", &e), PB_DATAERR,
	       "one more overflows");
	is_int(sum, INT64_MAX, "an overflow leaves the sum as it was");
	is_str(e.msg, "the total of hours is beyond 64-bit integers: the "
		      "database holds values beyond pb's bounds ('pb-db check' "
		      "lists them)",
	       "the overflow message");
	sum = INT64_MIN + 1;
	is_int(pb_sum_add(&sum, -2, "cash", &e), PB_DATAERR,
	       "a negative overflow too");
	sum = 5;
	is_int(pb_sum_add(&sum, -7, "cash", &e), PB_OK, "a negative addend");
	is_int(sum, -2, "5 - 7");
}

int main(void)
{
	test_money();
	test_decimal();
	test_count();
	test_bounds();
	test_sum();
	return done_testing();
}
