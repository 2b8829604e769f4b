/* Dates and periods: validation, day arithmetic, every period form, the
 * relative forms across a year boundary, previous periods, PB_TODAY. */
#include <stdlib.h>

#include "pb.h"
#include "tap.h"

static pb_date D(int y, int m, int d)
{
	return (pb_date){ y, m, d };
}

static const char *fmt(pb_date d)
{
	static char buf[4][11];
	static int i;

	i = (i + 1) % 4;
	pb_date_format(d, buf[i]);
	return buf[i];
}

static void date_ok(const char *s)
{
	pb_date d = { 0, 0, 0 };
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_date_parse(s, &d, &e), PB_OK, "date '%s' accepted", s);
	is_str(fmt(d), s, "date '%s' round-trips", s);
}

static void date_bad(const char *s, const char *msg)
{
	pb_date d;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_date_parse(s, &d, &e), PB_DATAERR, "date '%s' refused", s);
	is_str(e.msg, msg, "date '%s' message", s);
}

static void period_is(const char *s, pb_date today, const char *from,
		      const char *to, const char *label)
{
	pb_period p;
	pb_err e;

	pb_err_clear(&e);
	memset(&p, 0, sizeof p);
	is_int(pb_period_parse(s, today, &p, &e), PB_OK, "period '%s' parses",
	       s);
	is_str(fmt(p.from), from, "period '%s' from", s);
	is_str(fmt(p.to), to, "period '%s' to", s);
	is_str(p.label, label, "period '%s' label", s);
}

static void period_bad(const char *s, const char *msg)
{
	pb_period p;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_period_parse(s, D(2026, 1, 15), &p, &e), PB_DATAERR,
	       "period '%s' refused", s);
	is_str(e.msg, msg, "period '%s' message", s);
}

/* The period before s, or none when from is NULL. */
static void previous_is(const char *s, const char *from, const char *to,
			const char *label)
{
	pb_period p, q;
	pb_err e;

	pb_err_clear(&e);
	is_int(pb_period_parse(s, D(2026, 1, 15), &p, &e), PB_OK,
	       "period '%s' parses", s);
	is_int(pb_period_previous(&p, &q), from != NULL,
	       "'%s' has %s period before", s, from ? "a" : "no");
	if (!from)
		return;
	is_str(fmt(q.from), from, "before '%s' from", s);
	is_str(fmt(q.to), to, "before '%s' to", s);
	is_str(q.label, label, "before '%s' label", s);
}

static void add_is(pb_date d, long n, int want_rc, const char *want)
{
	pb_date r = {0, 0, 0};

	is_int(pb_date_add_days(d, n, &r), want_rc, "%s %+ld days: %s", fmt(d),
	       n, want_rc ? "out of the calendar" : "in it");
	is_str(fmt(r), want, "%s %+ld days gives %s", fmt(d), n, want);
}

static void test_calendar(void)
{
	is_int(pb_days_in_month(1900, 2), 28, "1900 is not a leap year");
	is_int(pb_days_in_month(2000, 2), 29, "2000 is a leap year");
	is_int(pb_days_in_month(2024, 2), 29, "2024 is a leap year");
	is_int(pb_days_in_month(2025, 2), 28, "2025 is not a leap year");
	is_int(pb_days_in_month(2026, 4), 30, "April has 30 days");
	is_int(pb_days_in_month(2026, 12), 31, "December has 31 days");
	is_int(pb_days_in_month(2026, 13), 0, "month 13 has no days");
	ok(pb_date_valid(2024, 2, 29), "2024-02-29 valid");
	ok(!pb_date_valid(1900, 2, 29), "1900-02-29 invalid");
	ok(pb_date_valid(2000, 2, 29), "2000-02-29 valid");
	ok(!pb_date_valid(2025, 2, 29), "2025-02-29 invalid");
	ok(!pb_date_valid(0, 1, 1), "year 0 invalid");
	ok(!pb_date_valid(10000, 1, 1), "year 10000 invalid");

	is_int(pb_date_days(D(1970, 1, 1)), 0, "epoch is day 0");
	is_int(pb_date_days(D(1969, 12, 31)), -1, "day before the epoch");
	is_int(pb_date_days(D(2000, 3, 1)), 11017, "2000-03-01");
	is_int(pb_date_days(D(2026, 1, 15)), 20468, "2026-01-15");
	is_int(pb_date_days(D(1, 1, 1)), -719162, "0001-01-01");
	is_str(fmt(pb_date_from_days(20468)), "2026-01-15", "day 20468");
	is_str(fmt(pb_date_from_days(-719162)), "0001-01-01", "first day");
	is_str(fmt(pb_date_from_days(pb_date_days(D(9999, 12, 31)))),
	       "9999-12-31", "last day round-trips");

	/* Every day from 1899 to 2101 round-trips and follows its
	 * predecessor, which pins leap days without listing them. */
	long bad = 0, n = 0;
	pb_date prev = D(1898, 12, 31);
	for (long z = pb_date_days(D(1899, 1, 1));
	     z <= pb_date_days(D(2101, 12, 31)); z++, n++) {
		pb_date d = pb_date_from_days(z);
		if (pb_date_days(d) != z || !pb_date_valid(d.y, d.m, d.d) ||
		    pb_date_cmp(prev, d) >= 0 ||
		    (d.d != 1 && d.d != prev.d + 1))
			bad++;
		prev = d;
	}
	is_int(bad, 0, "days 1899..2101 round-trip in order");
	/* 203 years of 365 days and 49 leap days (not 1900 or 2100). */
	is_int(n, 74144, "1899..2101 has 74144 days");

	add_is(D(2024, 2, 28), 1, 0, "2024-02-29");
	add_is(D(2025, 2, 28), 1, 0, "2025-03-01");
	add_is(D(2026, 1, 1), -1, 0, "2025-12-31");
	add_is(D(2026, 1, 15), 365, 0, "2027-01-15");
	/* The calendar's ends are reached, never wrapped past: beyond them
	 * the result says so and stops at the end. */
	add_is(D(9999, 12, 30), 1, 0, "9999-12-31");
	add_is(D(9999, 12, 31), 1, 1, "9999-12-31");
	add_is(D(9999, 12, 1), 36500, 1, "9999-12-31");
	add_is(D(1, 1, 2), -1, 0, "0001-01-01");
	add_is(D(1, 1, 1), -1, -1, "0001-01-01");
	add_is(D(1, 3, 31), -36500, -1, "0001-01-01");
	add_is(D(1, 1, 1), 3652058, 0, "9999-12-31");
	add_is(D(1, 1, 1), 3652059, 1, "9999-12-31");
	add_is(D(9999, 12, 31), -3652058, 0, "0001-01-01");
	add_is(D(2026, 1, 1), 1000000000L, 1, "9999-12-31");
	add_is(D(2026, 1, 1), -1000000000L, -1, "0001-01-01");
	is_int(pb_date_cmp(D(2026, 1, 2), D(2026, 1, 10)), -1, "cmp less");
	is_int(pb_date_cmp(D(2026, 2, 1), D(2026, 1, 31)), 1, "cmp greater");
	is_int(pb_date_cmp(D(2026, 2, 1), D(2026, 2, 1)), 0, "cmp equal");
	is_int(pb_date_cmp(D(2025, 12, 31), D(2026, 1, 1)), -1, "cmp year");
}

static void test_parse(void)
{
	date_ok("2026-01-15");
	date_ok("2024-02-29");
	date_ok("2000-02-29");
	date_ok("0001-01-01");
	date_ok("9999-12-31");
	date_bad("2026-02-30",
		 "invalid date '2026-02-30' (February 2026 has 28 days)");
	date_bad("2025-02-29",
		 "invalid date '2025-02-29' (February 2025 has 28 days)");
	date_bad("1900-02-29",
		 "invalid date '1900-02-29' (February 1900 has 28 days)");
	date_bad("2026-04-31",
		 "invalid date '2026-04-31' (April 2026 has 30 days)");
	date_bad("2026-13-01",
		 "invalid date '2026-13-01' (month must be 01 to 12)");
	date_bad("2026-00-10",
		 "invalid date '2026-00-10' (month must be 01 to 12)");
	date_bad("2026-01-00",
		 "invalid date '2026-01-00' (day must be 01 to 31)");
	date_bad("0000-01-01",
		 "invalid date '0000-01-01' (year must be 0001 to 9999)");
	date_bad("2026-01-15x",
		 "invalid date '2026-01-15x' (expected YYYY-MM-DD)");
	date_bad("2026-01-15 ",
		 "invalid date '2026-01-15 ' (expected YYYY-MM-DD)");
	date_bad(" 2026-01-15",
		 "invalid date ' 2026-01-15' (expected YYYY-MM-DD)");
	date_bad("2026-1-15", "invalid date '2026-1-15' (expected YYYY-MM-DD)");
	date_bad("2026/01/15",
		 "invalid date '2026/01/15' (expected YYYY-MM-DD)");
	date_bad("2026-+1-15",
		 "invalid date '2026-+1-15' (expected YYYY-MM-DD)");
	date_bad("20260115", "invalid date '20260115' (expected YYYY-MM-DD)");
	date_bad("", "invalid date '' (expected YYYY-MM-DD)");
}

static void test_periods(void)
{
	pb_date t = D(2026, 1, 15);

	period_is("2026", t, "2026-01-01", "2026-12-31", "2026");
	period_is("2026-10", t, "2026-10-01", "2026-10-31", "2026-10");
	period_is("2024-02", t, "2024-02-01", "2024-02-29", "2024-02");
	period_is("2025-02", t, "2025-02-01", "2025-02-28", "2025-02");
	period_is("2026-Q1", t, "2026-01-01", "2026-03-31", "2026-Q1");
	period_is("2026-Q2", t, "2026-04-01", "2026-06-30", "2026-Q2");
	period_is("2026-Q3", t, "2026-07-01", "2026-09-30", "2026-Q3");
	period_is("2026-Q4", t, "2026-10-01", "2026-12-31", "2026-Q4");
	period_is("2026-H1", t, "2026-01-01", "2026-06-30", "2026-H1");
	period_is("2026-H2", t, "2026-07-01", "2026-12-31", "2026-H2");
	period_is("2026-01-01..2026-03-31", t, "2026-01-01", "2026-03-31",
		  "2026-01-01..2026-03-31");
	period_is("2026-05-05..2026-05-05", t, "2026-05-05", "2026-05-05",
		  "2026-05-05..2026-05-05");

	/* Relative forms at the year boundary. */
	period_is("this-month", t, "2026-01-01", "2026-01-31", "2026-01");
	period_is("last-month", t, "2025-12-01", "2025-12-31", "2025-12");
	period_is("this-quarter", t, "2026-01-01", "2026-03-31", "2026-Q1");
	period_is("last-quarter", t, "2025-10-01", "2025-12-31", "2025-Q4");
	period_is("this-year", t, "2026-01-01", "2026-12-31", "2026");
	period_is("last-year", t, "2025-01-01", "2025-12-31", "2025");
	/* ... and inside a year. */
	t = D(2024, 3, 31);
	period_is("last-month", t, "2024-02-01", "2024-02-29", "2024-02");
	period_is("this-quarter", t, "2024-01-01", "2024-03-31", "2024-Q1");
	t = D(2026, 8, 1);
	period_is("this-month", t, "2026-08-01", "2026-08-31", "2026-08");
	period_is("this-quarter", t, "2026-07-01", "2026-09-30", "2026-Q3");
	period_is("last-quarter", t, "2026-04-01", "2026-06-30", "2026-Q2");
	t = D(2026, 12, 31);
	period_is("this-quarter", t, "2026-10-01", "2026-12-31", "2026-Q4");

	const char *forms =
		"(expected YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
		"this-month, last-month, this-quarter, last-quarter, "
		"this-year or last-year)";
	char want[512];
	const char *junk[] = { "x",	    "",		 "26",
			       "2026-",	    "2026-1",	 "2026-001",
			       "2026 ",	    " 2026",	 "2026-Q",
			       "2026-q1",   "next-month", "This-month",
			       "2026-01..", "..2026-01-31",
			       "2026-01-01...2026-01-31",
			       "2026-01-01..2026-01-31x" };
	for (size_t i = 0; i < sizeof junk / sizeof *junk; i++) {
		snprintf(want, sizeof want, "invalid period '%s' %s", junk[i],
			 forms);
		period_bad(junk[i], want);
	}
	period_bad("2026-13", "invalid period '2026-13' (month must be 01 to 12)");
	period_bad("2026-00", "invalid period '2026-00' (month must be 01 to 12)");
	period_bad("2026-Q0",
		   "invalid period '2026-Q0' (quarter must be Q1 to Q4)");
	period_bad("2026-Q5",
		   "invalid period '2026-Q5' (quarter must be Q1 to Q4)");
	period_bad("2026-H3", "invalid period '2026-H3' (half must be H1 or H2)");
	period_bad("0000", "invalid period '0000' (year must be 0001 to 9999)");
	period_bad("2026-03-01..2026-02-01",
		   "invalid period '2026-03-01..2026-02-01' "
		   "(2026-03-01 is after 2026-02-01)");
	period_bad("2026-02-30..2026-03-31",
		   "invalid date '2026-02-30' (February 2026 has 28 days)");
	period_bad("2026-02-01..2026-02-29",
		   "invalid date '2026-02-29' (February 2026 has 28 days)");

	pb_period p;
	pb_err e;
	is_int(pb_period_parse("last-month", D(1, 1, 10), &p, &e), PB_DATAERR,
	       "last-month in January of year 1 refused");
}

static void test_previous(void)
{
	previous_is("2026-Q1", "2025-10-01", "2025-12-31", "2025-Q4");
	previous_is("2026-Q3", "2026-04-01", "2026-06-30", "2026-Q2");
	previous_is("2026-03", "2026-02-01", "2026-02-28", "2026-02");
	previous_is("2024-03", "2024-02-01", "2024-02-29", "2024-02");
	previous_is("2026-01", "2025-12-01", "2025-12-31", "2025-12");
	previous_is("2026-H1", "2025-07-01", "2025-12-31", "2025-H2");
	previous_is("2026-H2", "2026-01-01", "2026-06-30", "2026-H1");
	previous_is("2026", "2025-01-01", "2025-12-31", "2025");
	previous_is("last-month", "2025-11-01", "2025-11-30", "2025-11");
	previous_is("this-quarter", "2025-10-01", "2025-12-31", "2025-Q4");
	previous_is("2026-03-01..2026-03-10", "2026-02-19", "2026-02-28",
		    "2026-02-19..2026-02-28");
	previous_is("2024-03-01..2024-03-10", "2024-02-20", "2024-02-29",
		    "2024-02-20..2024-02-29");
	previous_is("2026-01-01..2026-01-31", "2025-12-01", "2025-12-31",
		    "2025-12-01..2025-12-31");
	previous_is("2026-03-01..2026-03-31", "2026-01-29", "2026-02-28",
		    "2026-01-29..2026-02-28");
	previous_is("2026-05-05..2026-05-05", "2026-05-04", "2026-05-04",
		    "2026-05-04..2026-05-04");
	/* The calendar's first periods have none before them, rather than
	 * a year 0000. */
	previous_is("0001", NULL, NULL, NULL);
	previous_is("0001-01", NULL, NULL, NULL);
	previous_is("0001-Q1", NULL, NULL, NULL);
	previous_is("0001-H1", NULL, NULL, NULL);
	previous_is("0001-01-01..0001-01-10", NULL, NULL, NULL);
	previous_is("0001-01-05..0001-01-10", NULL, NULL, NULL);
	previous_is("0001-01-06..0001-01-10", "0001-01-01", "0001-01-05",
		    "0001-01-01..0001-01-05");
	previous_is("0001-02", "0001-01-01", "0001-01-31", "0001-01");
	previous_is("0001-Q2", "0001-01-01", "0001-03-31", "0001-Q1");
	previous_is("0002", "0001-01-01", "0001-12-31", "0001");
}

static void test_today(void)
{
	pb_date d = { 0, 0, 0 };
	pb_err e;

	setenv("PB_TODAY", "2026-01-15", 1);
	is_int(pb_today(&d, &e), PB_OK, "PB_TODAY accepted");
	is_str(fmt(d), "2026-01-15", "PB_TODAY is today");

	setenv("PB_TODAY", "2026-02-30", 1);
	is_int(pb_today(&d, &e), PB_CONFIG, "invalid PB_TODAY is PB_CONFIG");
	is_str(e.msg, "invalid PB_TODAY '2026-02-30' (February 2026 has 28 days)",
	       "invalid PB_TODAY message");
	setenv("PB_TODAY", "", 1);
	is_int(pb_today(&d, &e), PB_CONFIG, "empty PB_TODAY is PB_CONFIG");
	is_str(e.msg, "invalid PB_TODAY '' (expected YYYY-MM-DD)",
	       "empty PB_TODAY message");

	unsetenv("PB_TODAY");
	d = (pb_date){ 0, 0, 0 };
	is_int(pb_today(&d, &e), PB_OK, "clock date without PB_TODAY");
	ok(pb_date_valid(d.y, d.m, d.d) && d.y >= 2024,
	   "clock date is a valid recent date (%s)", fmt(d));
}

/* A period in words, parsed from its SPEC form. */
static void words(const char *form, const char *zh, const char *en)
{
	pb_period p;
	pb_err e;
	char buf[64];

	pb_err_clear(&e);
	is_int(pb_period_parse(form, D(2026, 12, 5), &p, &e), PB_OK,
	       "period '%s' parsed", form);
	pb_period_words(&p, 1, buf, sizeof buf);
	is_str(buf, zh, "'%s' in Chinese words", form);
	pb_period_words(&p, 0, buf, sizeof buf);
	is_str(buf, en, "'%s' in English words", form);
}

static void test_words(void)
{
	words("2026-03", "2026年3月", "March 2026");
	words("2026-12", "2026年12月", "December 2026");
	words("2026-Q1", "2026年第一季度", "Q1 2026");
	words("2026-Q4", "2026年第四季度", "Q4 2026");
	words("2026-H1", "2026年上半年", "H1 2026");
	words("2026-H2", "2026年下半年", "H2 2026");
	words("2026", "2026年度", "2026");
	words("2026-02-01..2026-03-15", "2026-02-01至2026-03-15",
	      "2026-02-01 to 2026-03-15");
	/* A range that is a whole month or year reads as one. */
	words("2024-02-01..2024-02-29", "2024年2月", "February 2024");
	words("2026-01-01..2026-12-31", "2026年度", "2026");
	/* Two months, or a quarter's months not on its boundary: a range. */
	words("2026-02-01..2026-04-30", "2026-02-01至2026-04-30",
	      "2026-02-01 to 2026-04-30");
	words("2026-03-02..2026-03-31", "2026-03-02至2026-03-31",
	      "2026-03-02 to 2026-03-31");
	words("this-month", "2026年12月", "December 2026");
	words("last-quarter", "2026年第三季度", "Q3 2026");
}

int main(void)
{
	test_words();
	test_calendar();
	test_parse();
	test_periods();
	test_previous();
	test_today();
	return done_testing();
}
