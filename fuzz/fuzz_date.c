/* Dates and periods: whatever parses is a valid date that formats back
 * to the same text, and a period runs forward, with a previous period
 * that ends the day before it starts. */
#include <string.h>

#include "fuzz_util.h"
#include "pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const pb_date today = {2026, 11, 27};
	char s[256], buf[11];
	pb_period p, q;
	pb_date d;
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
		q = pb_period_previous(&p);
		if (pb_date_cmp(p.from, p.to) > 0 || !memchr(p.label, 0, sizeof p.label) ||
		    pb_date_cmp(pb_date_add_days(q.to, 1), p.from) ||
		    pb_date_cmp(q.from, q.to) > 0)
			abort();
	}
	return 0;
}
