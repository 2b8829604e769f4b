/* Money, decimals and counts: whatever parses is non-negative and its
 * formatted form parses back to the same value. */
#include <string.h>

#include "fuzz_util.h"
#include "pb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	return 0;
}
