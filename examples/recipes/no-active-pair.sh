#!/bin/sh
# The enterprises with no active co-construction pair: every active
# organization of kind enterprise (企业) or private (非公企业) that is not
# the partner of a pair in force today, as CODE<TAB>NAME lines ordered by
# code; the ones to visit next.  An ended pair does not count.
#
#   no-active-pair.sh              the database is pb's usual one
#
# PB_TODAY=YYYY-MM-DD asks "as of that day" (or add --as-of DATE).  The
# exit status is pb-org's.
exec pb-org list --kind enterprise,private --unpaired --fields code,name -f tsv
