/* Money, decimals and counts: whatever parses is non-negative and its
 * formatted form parses back to the same value; a field's number is
 * also within its bound. */
#include <string.h>

#include "fuzz_util.h"
#include "pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int checks[] = {PB_C_MONEY, PB_C_COUNT, PB_C_PEOPLE,
				     PB_C_HOURS, PB_C_DEC, PB_C_ID};
	char s[256], buf[32];
	int64_t v, w;
	pb_err e;

	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (pb_money_parse(s, &v, &e) == PB_OK) {
		pb_money_format(v, buf);
		if (v < 0 || pb_money_parse(buf, &w, &e) != PB_OK || w != v)
			abort();
	}
	if (pb_decimal_parse(s, &v, &e) == PB_OK) {
		pb_decimal_format(v, buf);
		if (v < 0 || pb_decimal_parse(buf, &w, &e) != PB_OK || w != v)
			abort();
	}
	if (pb_count_parse(s, &v, &e) == PB_OK && v < 0)
		abort();
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		if (pb_number_parse(checks[i], s, &v, &e) != PB_OK)
			continue;
		pb_number_format(checks[i], v, buf);
		if (v < 0 || v > pb_number_max(checks[i], NULL) ||
		    pb_number_parse(checks[i], buf, &w, &e) != PB_OK || w != v)
			abort();
	}
	return 0;
}
