/* Dates and periods.  Pure calendar arithmetic on the proleptic Gregorian
 * calendar, years 0001..9999, with no locale and no I/O (pb_today reads
 * PB_TODAY or the clock, nothing else), so reports are reproducible and
 * "today" can be pinned in tests and back-dated cron runs. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pb.h"

#define PERIOD_FORMS                                                        \
	"expected YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, this-month, "  \
	"last-month, this-quarter, last-quarter, this-year or last-year"

static const char *const month_names[] = {
	"January", "February", "March",	    "April",   "May",	   "June",
	"July",	   "August",   "September", "October", "November", "December",
};

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int pb_days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

int pb_date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= pb_days_in_month(y, m);
}

/* n decimal digits at s, or -1; keeps sign and spaces out of the fields
 * that strtol would let in. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static void put_digits(char *buf, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Check a YYYY-MM-DD text; on failure `why` gets the parenthesised
 * reason, so the date and PB_TODAY messages share it. */
static int date_scan(const char *s, pb_date *out, char *why, size_t len)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    (y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 0 ||
	    (d = digits(s + 8, 2)) < 0) {
		snprintf(why, len, "expected YYYY-MM-DD");
		return 0;
	}
	if (y < 1) {
		snprintf(why, len, "year must be 0001 to 9999");
		return 0;
	}
	if (m < 1 || m > 12) {
		snprintf(why, len, "month must be 01 to 12");
		return 0;
	}
	if (d < 1) {
		snprintf(why, len, "day must be 01 to %d",
			 pb_days_in_month(y, m));
		return 0;
	}
	if (d > pb_days_in_month(y, m)) {
		snprintf(why, len, "%s %04d has %d days", month_names[m - 1], y,
			 pb_days_in_month(y, m));
		return 0;
	}
	out->y = y;
	out->m = m;
	out->d = d;
	return 1;
}

int pb_date_parse(const char *s, pb_date *out, pb_err *e)
{
	char why[96];

	if (!date_scan(s, out, why, sizeof why))
		return pb_fail(e, PB_DATAERR, "invalid date '%s' (%s)", s, why);
	return PB_OK;
}

void pb_date_format(pb_date d, char buf[11])
{
	/* Digit by digit rather than snprintf: the range is fixed, and a
	 * date out of it still yields ten characters, not a truncation. */
	put_digits(buf, ((d.y % 10000) + 10000) % 10000, 4);
	buf[4] = '-';
	put_digits(buf + 5, ((d.m % 100) + 100) % 100, 2);
	buf[7] = '-';
	put_digits(buf + 8, ((d.d % 100) + 100) % 100, 2);
	buf[10] = '\0';
}

int pb_date_cmp(pb_date a, pb_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil: eras of 400 years make the leap rule
 * a closed formula, with March first so February's length comes last. */
long pb_date_days(pb_date d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d.m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* Hinnant's civil_from_days, the inverse of the above. */
pb_date pb_date_from_days(long z)
{
	pb_date r;
	long era, doe, yoe, doy, mp, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(y + (r.m <= 2));
	return r;
}

int pb_date_add_days(pb_date d, long n, pb_date *out)
{
	static const pb_date first = {1, 1, 1}, last = {9999, 12, 31};
	long z = pb_date_days(d);

	/* Compared as day numbers before any year is formed, so a result
	 * beyond the calendar never wraps into one inside it. */
	if (n < pb_date_days(first) - z) {
		*out = first;
		return -1;
	}
	if (n > pb_date_days(last) - z) {
		*out = last;
		return 1;
	}
	*out = pb_date_from_days(z + n);
	return 0;
}

int pb_today(pb_date *out, pb_err *e)
{
	const char *s = getenv("PB_TODAY");
	struct tm tm;
	time_t now;
	char why[96];

	if (s) {
		if (!date_scan(s, out, why, sizeof why))
			return pb_fail(e, PB_CONFIG, "invalid PB_TODAY '%s' (%s)",
				       s, why);
		return PB_OK;
	}
	now = time(NULL);
	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return pb_fail(e, PB_SOFTWARE, "cannot read the system clock");
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	return PB_OK;
}

/* The concrete forms: a month, quarter (n 1..4), half (n 1..2) or year
 * of year y, with its canonical label. */
static void set_months(pb_period *p, int y, int m1, int nmonths)
{
	int m2 = m1 + nmonths - 1;

	p->from = (pb_date){ y, m1, 1 };
	p->to = (pb_date){ y, m2, pb_days_in_month(y, m2) };
}

static void make_month(pb_period *p, int y, int m)
{
	set_months(p, y, m, 1);
	put_digits(p->label, y, 4);
	p->label[4] = '-';
	put_digits(p->label + 5, m, 2);
	p->label[7] = '\0';
}

static void make_part(pb_period *p, int y, char kind, int n)
{
	int len = kind == 'Q' ? 3 : 6;

	set_months(p, y, (n - 1) * len + 1, len);
	put_digits(p->label, y, 4);
	p->label[4] = '-';
	p->label[5] = kind;
	p->label[6] = (char)('0' + n);
	p->label[7] = '\0';
}

static void make_year(pb_period *p, int y)
{
	set_months(p, y, 1, 12);
	put_digits(p->label, y, 4);
	p->label[4] = '\0';
}

static void make_range(pb_period *p, pb_date from, pb_date to)
{
	p->from = from;
	p->to = to;
	pb_date_format(from, p->label);
	memcpy(p->label + 10, "..", 2);
	pb_date_format(to, p->label + 12);
}

const char *const pb_relative_periods[] = {
	"this-month", "last-month", "this-quarter", "last-quarter",
	"this-year",  "last-year",  NULL};

/* Relative forms: resolved against today into their concrete form, so
 * the label says which month or quarter was meant. */
static int relative(const char *s, pb_date t, pb_period *p)
{
	int q = (t.m - 1) / 3 + 1;
	size_t i;

	for (i = 0; pb_relative_periods[i]; i++)
		if (strcmp(s, pb_relative_periods[i]) == 0)
			break;
	switch (i) {
	case 0:
		make_month(p, t.y, t.m);
		break;
	case 1:
		make_month(p, t.m == 1 ? t.y - 1 : t.y, t.m == 1 ? 12 : t.m - 1);
		break;
	case 2:
		make_part(p, t.y, 'Q', q);
		break;
	case 3:
		make_part(p, q == 1 ? t.y - 1 : t.y, 'Q', q == 1 ? 4 : q - 1);
		break;
	case 4:
		make_year(p, t.y);
		break;
	case 5:
		make_year(p, t.y - 1);
		break;
	default:
		return 0;
	}
	return 1;
}

int pb_period_parse(const char *s, pb_date today, pb_period *out, pb_err *e)
{
	size_t len = strlen(s);
	const char *dots = strstr(s, "..");
	int y, n;

	if (relative(s, today, out)) {
		if (out->from.y < 1 || out->to.y > 9999)
			return pb_fail(e, PB_DATAERR,
				       "invalid period '%s' (today %04d-%02d-%02d "
				       "puts it outside years 0001 to 9999)",
				       s, today.y, today.m, today.d);
		return PB_OK;
	}
	if (dots) {
		char a[11], b[11];
		pb_date from, to;

		if (dots - s != 10 || len != 22)
			goto bad;
		memcpy(a, s, 10);
		a[10] = '\0';
		memcpy(b, dots + 2, 10);
		b[10] = '\0';
		if (pb_date_parse(a, &from, e) || pb_date_parse(b, &to, e))
			return PB_DATAERR;
		if (pb_date_cmp(from, to) > 0)
			return pb_fail(e, PB_DATAERR,
				       "invalid period '%s' (%s is after %s)", s,
				       a, b);
		make_range(out, from, to);
		return PB_OK;
	}
	if (len < 4 || (y = digits(s, 4)) < 0 || (len > 4 && s[4] != '-'))
		goto bad;
	if (y < 1)
		return pb_fail(e, PB_DATAERR,
			       "invalid period '%s' (year must be 0001 to 9999)",
			       s);
	if (len == 4) {
		make_year(out, y);
		return PB_OK;
	}
	if (len != 7)
		goto bad;
	if ((n = digits(s + 5, 2)) >= 0) {
		if (n < 1 || n > 12)
			return pb_fail(e, PB_DATAERR,
				       "invalid period '%s' (month must be 01 to 12)",
				       s);
		make_month(out, y, n);
		return PB_OK;
	}
	n = s[6] - '0';
	if (s[5] == 'Q') {
		if (n < 1 || n > 4)
			return pb_fail(e, PB_DATAERR,
				       "invalid period '%s' (quarter must be Q1 to Q4)",
				       s);
		make_part(out, y, 'Q', n);
		return PB_OK;
	}
	if (s[5] == 'H') {
		if (n < 1 || n > 2)
			return pb_fail(e, PB_DATAERR,
				       "invalid period '%s' (half must be H1 or H2)",
				       s);
		make_part(out, y, 'H', n);
		return PB_OK;
	}
bad:
	return pb_fail(e, PB_DATAERR, "invalid period '%s' (" PERIOD_FORMS ")",
		       s);
}

/* The form is read back from the label, since a FROM..TO that happens to
 * cover a whole month is still a run of days to the user who typed it.
 * A period that starts the calendar has none before it. */
int pb_period_previous(const pb_period *p, pb_period *out)
{
	size_t len = strlen(p->label);
	int y = p->from.y;

	if (len == 4) {
		make_year(out, y - 1);
	} else if (len == 7 && p->label[5] == 'Q') {
		int q = p->label[6] - '0';

		make_part(out, q == 1 ? y - 1 : y, 'Q', q == 1 ? 4 : q - 1);
	} else if (len == 7 && p->label[5] == 'H') {
		int h = p->label[6] - '0';

		make_part(out, h == 1 ? y - 1 : y, 'H', h == 1 ? 2 : 1);
	} else if (len == 7) {
		int m = p->from.m;

		make_month(out, m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
	} else {
		long n = pb_date_days(p->to) - pb_date_days(p->from) + 1;
		pb_date from, to;

		if (pb_date_add_days(p->from, -n, &from) != 0 ||
		    pb_date_add_days(p->from, -1, &to) != 0)
			return 0;
		make_range(out, from, to);
	}
	return out->from.y >= 1;
}

/* A period in words, as a report's title says it: a whole month,
 * quarter, half or year by its name, anything else as a range. Taken
 * from the dates (not the label), so a range that is a month reads as
 * that month. */
void pb_period_words(const pb_period *p, int zh, char *buf, size_t len)
{
	static const char *const months[] = {
		"January", "February", "March",	    "April",   "May",	   "June",
		"July",	   "August",   "September", "October", "November", "December"};
	static const char *const quarters[] = {"一", "二", "三", "四"};
	pb_date f = p->from, t = p->to;
	int whole = f.y == t.y && f.d == 1 && t.d == pb_days_in_month(t.y, t.m);
	int n = whole ? t.m - f.m + 1 : 0;
	char a[11], b[11];

	if (n == 12)
		snprintf(buf, len, zh ? "%d年度" : "%d", f.y);
	else if (n == 6 && (f.m == 1 || f.m == 7) && zh)
		snprintf(buf, len, "%d年%s半年", f.y, f.m == 1 ? "上" : "下");
	else if (n == 6 && (f.m == 1 || f.m == 7))
		snprintf(buf, len, "H%d %d", f.m / 6 + 1, f.y);
	else if (n == 3 && f.m % 3 == 1 && zh)
		snprintf(buf, len, "%d年第%s季度", f.y, quarters[f.m / 3]);
	else if (n == 3 && f.m % 3 == 1)
		snprintf(buf, len, "Q%d %d", f.m / 3 + 1, f.y);
	else if (n == 1 && zh)
		snprintf(buf, len, "%d年%d月", f.y, f.m);
	else if (n == 1)
		snprintf(buf, len, "%s %d", months[f.m - 1], f.y);
	else {
		pb_date_format(f, a);
		pb_date_format(t, b);
		snprintf(buf, len, zh ? "%s至%s" : "%s to %s", a, b);
	}
}
