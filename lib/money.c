/* Money, decimal quantities and counts as exact integers: fen for money,
 * thousandths for hours and quantities.  Parsing is digit by digit with
 * overflow checks rather than strtod, so no value ever passes through a
 * float and no locale decides what a decimal point is. */
#include <inttypes.h>
#include <string.h>

#include "pb.h"

#define SUFFIX_YUAN "\xe5\x85\x83" /* 元 */
#define SUFFIX_WAN "\xe4\xb8\x87"  /* 万 */

enum { NUM_OK, NUM_SYNTAX, NUM_NEGATIVE, NUM_PRECISION, NUM_RANGE };

/* Parse s[0..len) as digits with an optional fraction of at most maxdec
 * digits, into the integer value * 10^scale (scale >= maxdec). */
static int scan_unsigned(const char *s, size_t len, int maxdec, int scale,
			 int64_t *out)
{
	uint64_t v = 0, frac = 0;
	size_t i = 0;
	int ndec = 0, nint = 0;

	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, nint++) {
		if (v > ((uint64_t)INT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return NUM_RANGE;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (nint == 0)
		return NUM_SYNTAX;
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (++ndec <= scale)
				frac = frac * 10 + (uint64_t)(s[i] - '0');
		}
		if (ndec == 0)
			return NUM_SYNTAX;
	}
	if (i != len)
		return NUM_SYNTAX;
	if (ndec > maxdec)
		return NUM_PRECISION;
	for (int k = ndec; k < scale; k++)
		frac *= 10;
	for (int k = 0; k < scale; k++) {
		if (v > (uint64_t)INT64_MAX / 10)
			return NUM_RANGE;
		v *= 10;
	}
	if (v > (uint64_t)INT64_MAX - frac)
		return NUM_RANGE;
	*out = (int64_t)(v + frac);
	return NUM_OK;
}

/* A minus before an otherwise well-formed number is called negative, the
 * clearer message; a minus before junk is just junk. */
static int scan_fixed(const char *s, size_t len, int maxdec, int scale,
		      int64_t *out)
{
	int64_t ignored;
	int r;

	if (len == 0 || s[0] != '-')
		return scan_unsigned(s, len, maxdec, scale, out);
	r = scan_unsigned(s + 1, len - 1, maxdec, scale, &ignored);
	return r == NUM_SYNTAX ? NUM_SYNTAX : NUM_NEGATIVE;
}

static int ends_with(const char *s, size_t len, const char *suf)
{
	size_t n = strlen(suf);

	return len >= n && memcmp(s + len - n, suf, n) == 0;
}

/* The three forms below take their bound and its unit from the caller:
 * the 64-bit range for the bare parsers, a field's bound (the table at
 * the end) for pb_number_parse. The bound is said as the user writes it. */
static void format_as(int scale, int64_t v, char buf[32])
{
	if (scale == 2)
		pb_money_format(v, buf);
	else if (scale == 3)
		pb_decimal_format(v, buf);
	else
		snprintf(buf, 32, "%" PRId64, v);
}

static int too_large(const char *noun, const char *s, int scale, int64_t max,
		     const char *unit, pb_err *e)
{
	char buf[32];

	format_as(scale, max, buf);
	return pb_fail(e, PB_DATAERR, "%s '%s' is too large (at most %s%s)",
		       noun, s, buf, unit);
}

static int money_parse(const char *s, int64_t max, const char *unit,
		       int64_t *fen, pb_err *e)
{
	size_t len = strlen(s);
	int wan = 0, r;

	if (ends_with(s, len, SUFFIX_WAN)) {
		wan = 1;
		len -= strlen(SUFFIX_WAN);
	} else if (ends_with(s, len, SUFFIX_YUAN)) {
		len -= strlen(SUFFIX_YUAN);
	}
	/* 万 is 1 000 000 fen, so six decimals of 万 are still whole fen. */
	r = wan ? scan_fixed(s, len, 6, 6, fen) : scan_fixed(s, len, 2, 2, fen);
	switch (r) {
	case NUM_OK:
		if (*fen > max)
			return too_large("amount", s, 2, max, unit, e);
		return PB_OK;
	case NUM_NEGATIVE:
		return pb_fail(e, PB_DATAERR, "negative amount '%s'", s);
	case NUM_PRECISION:
		return pb_fail(e, PB_DATAERR,
			       "amount '%s' is more precise than a fen "
			       "(at most 2 decimals, or 6 with 万)",
			       s);
	case NUM_RANGE:
		return too_large("amount", s, 2, max, unit, e);
	default:
		return pb_fail(e, PB_DATAERR,
			       "invalid amount '%s' (expected yuan as digits "
			       "with up to 2 decimals and an optional 元 or 万, "
			       "e.g. 60000, 1234.50, 1234.5元 or 6万)",
			       s);
	}
}

int pb_money_parse(const char *s, int64_t *fen, pb_err *e)
{
	return money_parse(s, INT64_MAX, "", fen, e);
}

/* Magnitude as unsigned so INT64_MIN prints too. */
static void format_scaled(int64_t v, int scale, int keep, char buf[32])
{
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	uint64_t unit = 1;
	char frac[8];
	int n;

	for (int k = 0; k < scale; k++)
		unit *= 10;
	snprintf(frac, sizeof frac, "%0*" PRIu64, scale, mag % unit);
	/* keep: the digits always shown; the rest only when not zero. */
	for (n = scale; n > keep && frac[n - 1] == '0'; n--)
		;
	frac[n] = '\0';
	snprintf(buf, 32, "%s%" PRIu64 "%s%s", v < 0 ? "-" : "", mag / unit,
		 n ? "." : "", frac);
}

void pb_money_format(int64_t fen, char buf[32])
{
	format_scaled(fen, 2, 2, buf);
}

static int decimal_parse(const char *s, int64_t max, const char *unit,
			 int64_t *milli, pb_err *e)
{
	switch (scan_fixed(s, strlen(s), 3, 3, milli)) {
	case NUM_OK:
		if (*milli > max)
			return too_large("number", s, 3, max, unit, e);
		return PB_OK;
	case NUM_NEGATIVE:
		return pb_fail(e, PB_DATAERR, "negative number '%s'", s);
	case NUM_PRECISION:
		return pb_fail(e, PB_DATAERR,
			       "number '%s' is too precise (at most 3 decimals)",
			       s);
	case NUM_RANGE:
		return too_large("number", s, 3, max, unit, e);
	default:
		return pb_fail(e, PB_DATAERR,
			       "invalid number '%s' (expected digits with up to "
			       "3 decimals, e.g. 2.5 or 8600)",
			       s);
	}
}

int pb_decimal_parse(const char *s, int64_t *milli, pb_err *e)
{
	return decimal_parse(s, INT64_MAX, "", milli, e);
}

void pb_decimal_format(int64_t milli, char buf[32])
{
	format_scaled(milli, 3, 0, buf);
}

static int count_parse(const char *s, int64_t max, const char *unit,
		       int64_t *out, pb_err *e)
{
	switch (scan_fixed(s, strlen(s), 0, 0, out)) {
	case NUM_OK:
		if (*out > max)
			return too_large("count", s, 0, max, unit, e);
		return PB_OK;
	case NUM_NEGATIVE:
		return pb_fail(e, PB_DATAERR, "negative count '%s'", s);
	case NUM_RANGE:
		return too_large("count", s, 0, max, unit, e);
	default:
		return pb_fail(e, PB_DATAERR,
			       "invalid count '%s' (expected a whole number "
			       "such as 140)",
			       s);
	}
}

int pb_count_parse(const char *s, int64_t *out, pb_err *e)
{
	return count_parse(s, INT64_MAX, "", out, e);
}

/* The numbers a field may hold, per check: how they are written (scale:
 * decimals kept) and the bound pb(7) documents. One table, so an option,
 * a YAML scalar, a CSV cell, pb-db load and pb-db check agree. */
static const struct bound {
	int check;
	int scale; /* 2: money in fen; 3: thousandths; 0: whole */
	int64_t max;
	const char *unit;
} bounds[] = {
	{PB_C_MONEY, 2, PB_MONEY_MAX, " yuan"},
	{PB_C_COUNT, 0, PB_COUNT_MAX, ""},
	{PB_C_PEOPLE, 0, PB_PEOPLE_MAX, " people"},
	{PB_C_HOURS, 3, PB_HOURS_MAX, " hours per person"},
	{PB_C_DEC, 3, PB_QUANTITY_MAX, ""},
	{PB_C_ID, 0, INT64_MAX, ""},
};

static const struct bound *bound_of(int check)
{
	size_t i;

	for (i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
		if (bounds[i].check == check)
			return &bounds[i];
	return &bounds[sizeof bounds / sizeof bounds[0] - 1];
}

void pb_number_format(int check, int64_t v, char buf[32])
{
	format_as(bound_of(check)->scale, v, buf);
}

int64_t pb_number_max(int check, char text[48])
{
	const struct bound *b = bound_of(check);
	char n[32];

	if (text) {
		pb_number_format(check, b->max, n);
		snprintf(text, 48, "%s%s", n, b->unit);
	}
	return b->max;
}

int pb_number_parse(int check, const char *s, int64_t *out, pb_err *e)
{
	const struct bound *b = bound_of(check);

	if (b->scale == 2)
		return money_parse(s, b->max, b->unit, out, e);
	if (b->scale == 3)
		return decimal_parse(s, b->max, b->unit, out, e);
	return count_parse(s, b->max, b->unit, out, e);
}

int pb_sum_add(int64_t *sum, int64_t v, const char *what, pb_err *e)
{
	if ((v > 0 && *sum > INT64_MAX - v) || (v < 0 && *sum < INT64_MIN - v))
		return pb_fail(e, PB_DATAERR,
			       "the total of %s is beyond 64-bit integers: the "
			       "database holds values beyond pb's bounds "
			       "('pb-db check' lists them)",
			       what);
	*sum += v;
	return PB_OK;
}
