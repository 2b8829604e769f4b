#!/bin/sh
# Import the roster of Party members kept in Excel: save the sheet as
# CSV (Excel's "CSV UTF-8" has a byte-order mark, which is skipped; the
# plain "CSV" of a Chinese Excel is GBK, so give gb18030), with the
# columns headed by field names or their Chinese headings (编号, 姓名,
# 性别, 手机, 类别, 所在党组织, 报到社区, 工作单位, ...; see pb-member(1)).
# Organizations may be named by code or by full name.
#
#   roster-import.sh FILE.csv [utf-8|gb18030]
#
# The whole file is checked first (--dry-run) and every error in it
# listed as FILE:LINE: error: ...; only a clean file is imported, all of
# it in one transaction.  Members are matched by 编号 (ref), so running
# it again with a corrected sheet updates them.  Exit status:
# pb-member's (65 for a bad roster, nothing written), 64 without FILE.
set -u

me=roster-import.sh
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $me FILE.csv [utf-8|gb18030]" >&2
	exit 64
fi
file=$1
enc=${2:-utf-8}

pb-member import --csv --encoding "$enc" --dry-run "$file" || {
	rc=$?
	echo "$me: '$file' not imported; correct the sheet and run again" >&2
	exit "$rc"
}
pb-member import --csv --encoding "$enc" "$file"
