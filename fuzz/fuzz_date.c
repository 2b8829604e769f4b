/* Dates and periods: whatever parses is a valid date that formats back
 * to the same text, and a period runs forward, with a previous period
 * that ends the day before it starts (or none, only where a period of
 * the same length would begin before 0001-01-01). */
#include <string.h>

#include "fuzz_util.h"
#include "pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const pb_date today = {2026, 11, 27}, first = {1, 1, 1};
	char s[256], buf[11];
	pb_period p, q;
	pb_date d, next;
	pb_err e;

	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (pb_date_parse(s, &d, &e) == PB_OK) {
		pb_date_format(d, buf);
		if (!pb_date_valid(d.y, d.m, d.d) || strcmp(buf, s) ||
		    pb_date_cmp(pb_date_from_days(pb_date_days(d)), d))
			abort();
	}
	if (pb_period_parse(s, today, &p, &e) == PB_OK) {
		if (pb_date_cmp(p.from, p.to) > 0 || !memchr(p.label, 0, sizeof p.label))
			abort();
		if (!pb_period_previous(&p, &q)) {
			long n = pb_date_days(p.to) - pb_date_days(p.from) + 1;

			if (pb_date_days(p.from) - n >= pb_date_days(first))
				abort();
		} else if (pb_date_add_days(q.to, 1, &next) != PB_OK ||
			   pb_date_cmp(next, p.from) || pb_date_cmp(q.from, q.to) > 0)
			abort();
	}
	return 0;
}
