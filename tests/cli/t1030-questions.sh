#!/bin/sh
# The questions of pb(7) EXAMPLES, "Questions in one command": each one
# command (and at most `wc -l`), as a new user would type it, against a
# small street whose answers are worked out by hand below. Today is
# 2026-11-27 (lib.sh), so "this year" is 2026. Then the new filters'
# edges and their bad values.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

# orgs: jd street; sq1, sq2 communities; units hn (enterprise), dx
# (enterprise), gm (private), wj (garrison), xx (school), old (enterprise,
# left 2026-05-01), new (enterprise, joins 2026-12-01).
pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code sq2 --name 西湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise --parent jd
pb-org -q add --code dx --name 电信分公司党支部 --kind enterprise --parent jd
pb-org -q add --code gm --name 光明超市党支部 --kind private --parent jd
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-org -q add --code xx --name 东湖小学党支部 --kind school --parent jd
pb-org -q add --code old --name 已迁出公司 --kind enterprise --left 2026-05-01
pb-org -q add --code new --name 新入驻公司 --kind enterprise \
	--joined 2026-12-01

# pairs: 1 sq1-hn from 2025; 2 sq2-dx 2025-01-01..2026-06-30; 3 sq2-wj
# from 2024; 4 sq1-xx from 2025-03-01. gm, old and new never had one.
pb-pair -q add --community sq1 --partner hn --kind enterprise \
	--since 2025-01-01
pb-pair -q add --community sq2 --partner dx --kind enterprise \
	--since 2025-01-01 --until 2026-06-30
pb-pair -q add --community sq2 --partner wj --kind military --since 2024-01-01
pb-pair -q add --community sq1 --partner xx --kind school --since 2025-03-01

# members: 1 张伟 in-service at hn, sq1 from 2025-01-01; 2 李娜
# in-service at hn, sq2 from 2026-02-01; 3 王芳 in-service at xx, never
# registered; 4 赵强 retired, sq1 from 2025-06-01; 5 陈明 in-service at
# dx, sq1 2025-01-01..2026-09-01 (returned); 6 刘洋 in-service at hn, sq1
# from 2025-01-01, left 2026-03-01.
pb-member -q add --ref M001 --name 张伟 --category in-service --unit hn \
	--community sq1 --registered 2025-01-01
pb-member -q add --ref M002 --name 李娜 --category in-service --unit hn \
	--community sq2 --registered 2026-02-01
pb-member -q add --ref M003 --name 王芳 --category in-service --unit xx
pb-member -q add --ref M004 --name 赵强 --category retired \
	--community sq1 --registered 2025-06-01
pb-member -q add --ref M005 --name 陈明 --category in-service --unit dx \
	--community sq1 --registered 2025-01-01
pb-member -q unregister M005 --date 2026-09-01
pb-member -q add --ref M006 --name 刘洋 --category in-service --unit hn \
	--community sq1 --registered 2025-01-01
pb-member -q set M006 --left 2026-03-01

# events:
#   1 2025-12-10 meeting, jd: xx 2 x 2h
#   2 2026-03-15 meeting, jd: hn 2 x 3h, member 1 3h; wj commended
#   3 2026-05-20 service, sq1: member 1 4h, member 2 2.5h, dx 3 x 2h,
#     hn 5 x 2h
#   4 2026-07-01 commendation, jd: hn and member 2 commended
#   5 2025-08-01 service, sq1: member 1 5h (last year)
#   6 2026-02-10 service, sq1: member 6 1h (before he left)
ev() {
	pb-event -q add --date "$1" --kind "$2" --title "$3" --org "$4"
}
ev 2025-12-10 meeting 十二月联席会议 jd
pb-event -q attend 1 --org xx --people 2 --hours 2
ev 2026-03-15 meeting 三月联席会议 jd
pb-event -q attend 2 --org hn --people 2 --hours 3
pb-event -q attend 2 --member M001 --hours 3
pb-event -q attend 2 --org wj --award 共建积极单位
ev 2026-05-20 service 义诊 sq1
pb-event -q attend 3 --member M001 --hours 4
pb-event -q attend 3 --member M002 --hours 2.5
pb-event -q attend 3 --org dx --people 3 --hours 2
pb-event -q attend 3 --org hn --people 5 --hours 2
ev 2026-07-01 commendation 七一表彰大会 jd
pb-event -q attend 4 --org hn --award 先进基层党组织
pb-event -q attend 4 --member M002 --award 优秀共产党员
ev 2025-08-01 service 去年的服务 sq1
pb-event -q attend 5 --member M001 --hours 5
ev 2026-02-10 service 春节慰问 sq1
pb-event -q attend 6 --member M006 --hours 1

# opinions: 1 hn 2026-10-01 due 10-31, open (overdue); 2 dx 11-20, due
# 30 days on (12-20), open; 3 wj 09-01 due 09-30, answered 10-05; 4 xx
# 08-01 due 08-31, open (overdue).
pb-event -q opinion add --from hn --text 希望增加帮扶资金 \
	--received 2026-10-01 --due 2026-10-31
pb-event -q opinion add --from dx --text 活动提前通知 --received 2026-11-20
pb-event -q opinion add --from wj --text 公布账目 \
	--received 2026-09-01 --due 2026-09-30
pb-event -q opinion answer 3 --text 已公布 --date 2026-10-05
pb-event -q opinion add --from xx --text 修缮操场 \
	--received 2026-08-01 --due 2026-08-31

# roles: 名誉书记 of sq1 张建军 from wj, of sq2 李明 from hn, and an
# ended term of sq2 (赵刚 from dx, until 2023-12-31); 名誉主任 of sq1
# 王强 from xx.
pb-org -q role add sq1 --title 名誉书记 --name 张建军 --from-org wj \
	--since 2023-03-01
pb-org -q role add sq2 --title 名誉书记 --name 李明 --from-org hn \
	--since 2024-01-01
pb-org -q role add sq2 --title 名誉书记 --name 赵刚 --from-org dx \
	--since 2021-01-01 --until 2023-12-31
pb-org -q role add sq1 --title 名誉主任 --name 王强 --from-org xx \
	--since 2024-01-01

snapshot

# ---- 1. Which enterprises have no active pair? ----------------------
# hn is paired; dx's pair ended 06-30; old has left, new not yet joined.
run pb-org list --kind enterprise --unpaired --fields code,name
is_status 0 "1. enterprises with no active pair: exit 0"
is_out "dx	电信分公司党支部" "1. enterprises with no active pair: dx"
# On 2026-04-01 dx was paired, and old on the roll without a pair.
run pb-org list --kind enterprise --unpaired --as-of 2026-04-01 --fields code
is_out "old" "1. as of 2026-04-01: old"
# Non-public enterprises too, several kinds at once (--kind a,b).
run pb-org list --kind enterprise,private --unpaired --fields code,name
is_out "dx	电信分公司党支部
gm	光明超市党支部" "1. enterprise,private: dx and gm"
# Every unit, no kind: gm never had a pair; no street or community.
run pb-org list --unpaired --fields code
is_out "dx
gm" "--unpaired alone: every unit without an active pair, units only"
run pb-org list --unpaired --all --fields code
is_out "dx
gm
new
old" "--unpaired --all: those off the roll too"
# The last day of a pair is not in it: on 2026-06-30 dx is unpaired.
run pb-org list --kind enterprise --unpaired --as-of 2026-06-29 --fields code
is_out_empty "on the day before its end dx is paired"
run pb-org list --kind enterprise --unpaired --as-of 2026-06-30 --fields code
is_out "dx" "on the day it ends it is not"
run pb-org list --kind community --unpaired
is_status 0 "--kind community --unpaired: exit 0"
is_out_empty "--kind community --unpaired: a community is no unit"

# ---- 2. How many hours did the in-service members of hn serve this year?
# In-service members of hn on the roll in 2026: 1 (3h at event 2, 4h at
# 3), 2 (2.5h at 3; commended at 4, which is no service), 6 (1h at 6,
# before he left): 10.5. Event 5 was last year.
run pb-report unit hn --period this-year
is_status 0 "2. the unit sheet of hn this year: exit 0"
is_out_match '^totals\.member_hours	10\.5$' \
	"2. its members' hours this year in one figure: 10.5"
run pb-report unit hn --period this-year -f table
is_out_match '^  Member hours +10\.5$' "2. in the table: Member hours 10.5"
run pb-report unit hn --period this-year -f json
is_out_match '"member_hours": 10\.5' "2. in json: member_hours"

# ---- 3. Which opinions are overdue, with their text? -----------------
run pb-event opinion list --overdue --fields id,from,text,due
is_status 0 "3. overdue opinions: exit 0"
is_out "1	hn	希望增加帮扶资金	2026-10-31
4	xx	修缮操场	2026-08-31" "3. overdue opinions: 1 and 4, with their text"
run pb-event opinion list --overdue -f table
is_out_match '希望增加帮扶资金' "3. the default table shows the text"
run pb-event opinion list --overdue --fields id,from,from_name,text
is_out "1	hn	华能公司党委	希望增加帮扶资金
4	xx	东湖小学党支部	修缮操场" "3. and the unit's name"

# ---- 4. How many members were registered with sq1 on 2026-06-30? -----
# 1, 4 and 5 (5 returned on 09-01); 6 left on 03-01.
n=$(pb-member list --community sq1 --as-of 2026-06-30 | wc -l)
is_value "$((n))" 3 "4. registered with sq1 on 2026-06-30: 3"
n=$(pb-member list --community sq1 --as-of 2026-02-15 | wc -l)
is_value "$((n))" 4 "4. on 2026-02-15: 4, with 刘洋 before he left"
n=$(pb-member list --community sq1 | wc -l)
is_value "$((n))" 2 "4. today: 2"
run pb-member list --community sq1 --as-of 2026-06-30 --fields id
is_out "1
4
5" "4. no header line in tsv to miscount"

# ---- 5. Who holds 名誉书记, and where do they come from? -------------
# Terms in force: 张建军 (sq1, from wj) and 李明 (sq2, from hn); 赵刚's
# ended, 王强 is 名誉主任.
run pb-org role list --title 名誉书记 \
	--fields org,org_name,name,from_org,from_org_name
is_status 0 "5. who holds 名誉书记: exit 0"
is_out "sq1	东湖社区党委	张建军	wj	武警某部
sq2	西湖社区党委	李明	hn	华能公司党委" \
	"5. who holds 名誉书记, where, and from which unit"
n=$(pb-org role list --title 名誉书记 --all | wc -l)
is_value "$((n))" 3 "5. with --all the ended term too: 3"

# ---- 6. Which units attended no joint meeting this year? -------------
# hn attended event 2; wj was only commended there; xx attended last
# year's; dx and gm none; old has left, new not yet joined.
run pb-org list --no-meetings --period this-year --fields code
is_status 0 "6. units at no joint meeting this year: exit 0"
is_out "dx
gm
wj
xx" "6. units at no joint meeting this year: dx, gm, wj, xx"
# Last year: the roll of 2025-12-31 (old still on it); xx attended.
run pb-org list --no-meetings --period 2025 --fields code
is_out "dx
gm
hn
old
wj" "6. in 2025, on that year's roll: old too, xx not"
run pb-org list --no-meetings --period 2025 --as-of 2026-11-27 --fields code
is_out "dx
gm
hn
wj" "6. in 2025 on today's roll: old has left"
# The roll of that day: old had not left yet.
run pb-org list --no-meetings --period 2026-03-15..2026-03-15 --fields code
is_out "dx
gm
old
wj
xx" "6. a one-day period holds its meeting"
run pb-org list --no-meetings --period 2026 --unpaired --fields code
is_out "dx
gm" "6. with --unpaired: both must hold"

# ---- 7. Who was commended this year? ---------------------------------
run pb-report awards --period this-year -f tsv
is_status 0 "7. commended this year: exit 0"
grep '^awards\.' "$TMP/out" | grep -E '\.(date|code|member|name|award)	' \
	>"$TMP/awards"
is_file_text "$TMP/awards" "awards.0.date	2026-03-15
awards.0.code	wj
awards.0.member	
awards.0.name	武警某部
awards.0.award	共建积极单位
awards.1.date	2026-07-01
awards.1.code	hn
awards.1.member	
awards.1.name	华能公司党委
awards.1.award	先进基层党组织
awards.2.date	2026-07-01
awards.2.code	
awards.2.member	2
awards.2.name	李娜
awards.2.award	优秀共产党员" "7. wj, hn and 李娜, by date"

# ---- 8. Which in-service members have registered with no community? --
# 3 never did, 5 returned on 09-01; 6 has left.
run pb-member list --category in-service --unregistered --fields id,name
is_status 0 "8. in-service members registered nowhere: exit 0"
is_out "3	王芳
5	陈明" "8. in-service members registered nowhere: 王芳, 陈明"
run pb-member list --category in-service --unregistered --as-of 2026-01-15 \
	--fields id,name
is_out "2	李娜
3	王芳" "8. on 2026-01-15: 李娜 (not yet) and 王芳"
run pb-member list --unregistered --all --fields id
is_out "3
5" "8. --all: 刘洋 was registered when he left, so not him"

# ---- bad values -------------------------------------------------------
bad() { # STATUS MESSAGE DESC CMD...
	_st=$1 _msg=$2 _desc=$3
	shift 3
	run "$@"
	is_status "$_st" "$_desc: exit $_st"
	is_out_empty "$_desc: nothing on stdout"
	is_err_match "$_msg" "$_desc: says why"
}
bad 64 '--no-meetings needs --period' "--no-meetings alone" \
	pb-org list --no-meetings
bad 64 '--period goes with --no-meetings' "--period alone" \
	pb-org list --period this-year
bad 64 "invalid period 'this-decade'" "an unknown period" \
	pb-org list --no-meetings --period this-decade
bad 65 "--as-of: invalid date '2026-02-30'" "a bad --as-of" \
	pb-org list --unpaired --as-of 2026-02-30
bad 64 "option '--unpaired' takes no value" "--unpaired=yes" \
	pb-org list --unpaired=yes
bad 64 "option '--all' takes no value" "--all=yes, which has a short name" \
	pb-org list --all=yes
bad 64 '--unregistered and --community contradict' \
	"--unregistered with --community" \
	pb-member list --unregistered --community sq1
bad 65 "--as-of: invalid date '2026-13-01'" "a bad --as-of for members" \
	pb-member list --unregistered --as-of 2026-13-01
ok "db_text | cmp -s - \"\$TMP/snapshot\"" "the questions wrote nothing"

done_testing
