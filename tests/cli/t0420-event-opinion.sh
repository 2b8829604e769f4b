#!/bin/sh
# pb-event opinion add, answer and list: the due date 30 days after
# receipt unless given, answers dated and never before receipt, and the
# open and overdue lists as of today or of a given day.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"

pb-org -q add --code jd --name 东湖街道党工委 --kind street
pb-org -q add --code sq1 --name 东湖社区党委 --kind community --parent jd
pb-org -q add --code hn --name 华能公司党委 --kind enterprise
pb-org -q add --code wj --name 武警某部 --kind garrison
pb-event -q add --ref 2026-mtg-01 -d 2026-01-31 -k meeting -t 联席会议 -O sq1
# today is 2026-11-27

# ---- add ------------------------------------------------------------------

run pb-event opinion add --from hn --text 希望增加帮扶资金 --received 2026-01-31
is_status 0 "add"
is_out "1" "prints the new id"
run pb-event opinion list -f json
is_out '[
{"id":1,"from":"hn","from_name":"华能公司党委","event":null,"event_title":null,"text":"希望增加帮扶资金","received":"2026-01-31","due":"2026-03-02","answer":null,"answered":null}
]' "due defaults to received + 30 days: 2026-01-31 gives 2026-03-02"

run pb-event opinion add -F 华能公司党委 -t "$(printf '一、活动提前通知\n二、公布账目')" \
	-e 2026-mtg-01 --received 2024-01-31
is_out "2" "by org name, at an event by ref, a text of two lines"
run pb-event opinion add --from wj --text 训练场地共用 --received 2026-10-01 --due 2026-11-20
is_out "3" "with --due"
run pb-event opinion add --from wj --text 希望开放图书室 --event 1 --received 2026-11-01 --due 2026-11-27
is_out "4" "at an event by id, due today"
run pb-event opinion add --from sq1 --text 今天收到
is_out "5" "received defaults to today"

run pb-event opinion list --fields id,from,event,text,received,due -f json
is_out '[
{"id":1,"from":"hn","event":null,"text":"希望增加帮扶资金","received":"2026-01-31","due":"2026-03-02"},
{"id":2,"from":"hn","event":"2026-mtg-01","text":"一、活动提前通知\n二、公布账目","received":"2024-01-31","due":"2024-03-01"},
{"id":3,"from":"wj","event":null,"text":"训练场地共用","received":"2026-10-01","due":"2026-11-20"},
{"id":4,"from":"wj","event":"2026-mtg-01","text":"希望开放图书室","received":"2026-11-01","due":"2026-11-27"},
{"id":5,"from":"sq1","event":null,"text":"今天收到","received":"2026-11-27","due":"2026-12-27"}
]' "every field; 2024 is a leap year (2024-01-31 + 30 = 2024-03-01); the newline kept"
run pb-event opinion list --fields id,text
is_out "1	希望增加帮扶资金
2	一、活动提前通知\\n二、公布账目
3	训练场地共用
4	希望开放图书室
5	今天收到" "tsv escapes the newline, one opinion a line"

fails 65 "from: unknown organization 'nobody'" "an unknown org" \
	pb-event opinion add --from nobody --text x
fails 65 "unknown event '99'" "an unknown event" \
	pb-event opinion add --from hn --text x --event 99
fails 65 "due 2026-01-30 is before received 2026-01-31" "due before received" \
	pb-event opinion add --from hn --text x --received 2026-01-31 --due 2026-01-30
fails 65 "received: invalid date '2026-02-30'" "an impossible date" \
	pb-event opinion add --from hn --text x --received 2026-02-30
fails 65 "missing text" "an empty text" pb-event opinion add --from hn --text ''
fails 65 "missing text" "no text" pb-event opinion add --from hn
fails 65 "missing from" "no org" pb-event opinion add --text x

# ---- answer ----------------------------------------------------------------

fails 65 "answered 2026-01-30 is before received 2026-01-31" "an answer before receipt" \
	pb-event opinion answer 1 --text 已研究 --date 2026-01-30
run pb-event opinion answer 1 --text 已研究，增加帮扶资金 --date 2026-02-10
is_status 0 "answer with --date"
is_out_empty "prints nothing"
run pb-event opinion answer 2 --text 已采纳 --date 2024-01-31
is_status 0 "an answer the day it was received"
run pb-event opinion list --fields id,answer,answered
is_out "1	已研究，增加帮扶资金	2026-02-10
2	已采纳	2024-01-31
3		
4		
5		" "answers stored with their dates"
fails 1 "no opinion with id 99" "answer of an unknown opinion" \
	pb-event opinion answer 99 --text x
fails 64 "invalid opinion id 'x1'" "an id that is not a number" \
	pb-event opinion answer x1 --text x
fails 64 "--text is required" "answer without text" pb-event opinion answer 3
fails 65 "--date: invalid date '2026-02-30'" "answer with a bad date" \
	pb-event opinion answer 3 --text x --date 2026-02-30

# ---- list --open and --overdue ------------------------------------------------

run pb-event opinion list --open --fields id
is_out "3
4
5" "--open: unanswered today"
run pb-event opinion list --overdue --fields id,due
is_out "3	2026-11-20" "--overdue: unanswered past the due date (not on it: 4 is due today)"
PB_TODAY=2026-11-28 run pb-event opinion list --overdue --fields id
is_out "3
4" "--overdue follows PB_TODAY"
run pb-event opinion list --overdue --as-of 2026-12-28 --fields id
is_out "3
4
5" "--overdue --as-of a later day"
run pb-event opinion list --overdue --as-of 2026-03-03 --fields id
is_out_empty "--overdue --as-of: one answered on time never is"
run pb-event opinion list --overdue --as-of 2026-03-02 --fields id
is_out_empty "on its due date an opinion is not yet overdue"
run pb-event opinion list --open --as-of 2026-02-10 --fields id
is_out_empty "--open --as-of the day of the answer: answered; the others not yet received"
run pb-event opinion list --open --as-of 2026-02-09 --fields id
is_out "1" "--open --as-of the day before the answer"
run pb-event opinion list --overdue --as-of 2026-02-11 --fields id
is_out_empty "nothing overdue then"
run pb-event opinion list --event 2026-mtg-01 --fields id
is_out "2
4" "--event by ref"
run pb-event opinion list --org wj --open --fields id
is_out "3
4" "--org with --open"
run pb-event opinion list --org nobody
is_status 65 "an unknown --org"
is_err_match "unknown organization 'nobody'" "names it"
run pb-event opinion list --as-of 2026-13-01
is_status 65 "a bad --as-of"
is_err_match "--as-of: invalid date '2026-13-01'" "names the option"

run pb-event opinion answer 3 --text 已协调
is_status 0 "answer, by default today"
run pb-event opinion list --overdue
is_out_empty "nothing overdue any more"
run pb-event opinion list --overdue --as-of 2026-11-26 --fields id
is_out "3" "but as of the day before the answer it was overdue"
run pb-event opinion list --fields id,answered --open
is_out "4	
5	" "answered today: no longer open"

PB_LANG=zh run pb-event opinion list -f table --fields id,from,text,due,answered --org hn
is_out "ID  提出单位  意见                            答复期限    答复日期
 1  hn        希望增加帮扶资金                2026-03-02  2026-02-10
 2  hn        一、活动提前通知\\n二、公布账目  2024-03-01  2024-01-31" \
	"table in Chinese, the newline shown escaped"

# ---- shown with their event ------------------------------------------------

run pb-event show 2026-mtg-01 -f json
is_out '{
  "id": 1,
  "ref": "2026-mtg-01",
  "date": "2026-01-31",
  "end": null,
  "kind": "meeting",
  "title": "联席会议",
  "org": "sq1",
  "org_name": "东湖社区党委",
  "pair": null,
  "pair_name": null,
  "place": null,
  "households": null,
  "persons": null,
  "jobs": null,
  "note": null,
  "participants": [],
  "contributions": [],
  "opinions": [
    {"id":2,"from":"hn","from_name":"华能公司党委","event":"2026-mtg-01","event_title":"联席会议","text":"一、活动提前通知\n二、公布账目","received":"2024-01-31","due":"2024-03-01","answer":"已采纳","answered":"2024-01-31"},
    {"id":4,"from":"wj","from_name":"武警某部","event":"2026-mtg-01","event_title":"联席会议","text":"希望开放图书室","received":"2026-11-01","due":"2026-11-27","answer":null,"answered":null}
  ]
}' "show lists the event's opinions"
fails 65 "event 1 has 0 participants, 0 contributions and 2 opinions" \
	"rm of an event with opinions" pb-event rm 1

run pb-event opinion add --from hn --text "$(repeat 意 2000)" --received 2026-01-01
is_status 0 "a text of 2000 characters"
is_out "6" "prints its id"
fails 65 "text" "a text of 2001 characters" \
	pb-event opinion add --from hn --text "$(repeat 意 2001)"

done_testing
