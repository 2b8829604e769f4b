/* The summary as one paragraph an office pastes into its written report
 * (工作简报): the figures of pb_report_summary's tree, or a roll-up's,
 * as sentences in Chinese or English. Every number is one of the tree's,
 * or the difference of one from the previous period's; what is zero is
 * not said. The rules are in pb-report(1) BRIEF. */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_common.h"
#include "pb.h"

/* A growing string; out of memory is remembered and checked once. */
typedef struct sb {
	char *s;
	size_t len, cap;
	int oom;
} sb;

static void sb_add(sb *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void sb_add(sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt,
		      ap);
	va_end(ap);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if (!b->s || b->len + (size_t)n >= b->cap) {
		size_t cap = 2 * (b->len + (size_t)n) + 64;
		char *p = realloc(b->s, cap);

		if (!p) {
			b->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

/* Clauses of a sentence, and the sentence they make. */
typedef struct brief {
	const pb_node *root, *prev; /* prev: the previous period, or NULL */
	int zh;
	const char *now, *before; /* 本月/上月, "This month"/"last month" */
	sb out;
} brief;

/* A figure as thousandths: "164", "241.5", "60000.00" (yuan). A value
 * that is not a plain number (none is, in a summary) reads as 0. */
static int64_t milli_of(const char *v)
{
	int64_t n = 0, scale = 1000;

	if (!v)
		return 0;
	/* pb's bounds keep every total far below this; it only keeps a
	 * value written around pb from overflowing. */
	for (; isdigit((unsigned char)*v) && n < INT64_MAX / 10000; v++)
		n = n * 10 + (*v - '0');
	n *= 1000;
	if (*v == '.')
		for (v++; isdigit((unsigned char)*v) && scale > 1; v++) {
			scale /= 10;
			n += (*v - '0') * scale;
		}
	return n;
}

static int64_t fig(const pb_node *n, const char *path)
{
	const pb_node *k = n ? pb_node_get(n, path) : NULL;

	return k ? milli_of(pb_node_value(k)) : 0;
}

/* Thousandths as the shortest decimal: "241.5"; English groups the
 * thousands ("1,234.5"). */
static void put_num(sb *b, int64_t milli, int zh)
{
	char digits[32], frac[8] = "";
	int64_t whole = milli / 1000, part = milli % 1000;
	size_t len, i;

	snprintf(digits, sizeof digits, "%" PRId64, whole);
	if (part) {
		snprintf(frac, sizeof frac, ".%03" PRId64, part);
		for (len = strlen(frac); frac[len - 1] == '0'; len--)
			frac[len - 1] = '\0';
	}
	len = strlen(digits);
	for (i = 0; i < len; i++) {
		sb_add(b, "%c", digits[i]);
		if (!zh && (len - i - 1) % 3 == 0 && i + 1 < len)
			sb_add(b, ",");
	}
	sb_add(b, "%s", frac);
}

/* Money (thousandths of a yuan): Chinese in 元 below 10,000 yuan, in
 * 万元 at or above it with up to 2 decimals (rounded to the nearest 100
 * yuan, half up); English in yuan with the thousands grouped. Cents are
 * shown when there are any. */
static void put_money(sb *b, int64_t milli, int zh)
{
	int64_t fen = milli / 10;

	if (zh && fen >= 1000000) {
		int64_t h = (fen + 5000) / 10000; /* hundredths of 万 */

		sb_add(b, "%" PRId64, h / 100);
		if (h % 100)
			sb_add(b, h % 10 ? ".%02" PRId64 : ".%" PRId64,
			       h % 10 ? h % 100 : h % 100 / 10);
		sb_add(b, "万元");
		return;
	}
	put_num(b, fen / 100 * 1000, zh);
	if (fen % 100)
		sb_add(b, ".%02" PRId64, fen % 100);
	sb_add(b, zh ? "元" : " yuan");
}

/* English: "1 event", "5 events". */
static void put_count(brief *r, int64_t milli, const char *one,
		      const char *many)
{
	put_num(&r->out, milli, 0);
	sb_add(&r->out, " %s", milli == 1000 ? one : many);
}

enum { CHG_COUNT, CHG_MONEY };

/* The change of figure `path` from the previous period, where it is
 * large: at least 20% of the previous figure (any change from 0) and at
 * least 3 (events, person-times, hours, households, persons) or 1,000
 * yuan. Nothing without the previous period or when it is small. */
static void put_change(brief *r, const char *path, int kind,
		       const char *unit)
{
	int64_t now, was, d, min = kind == CHG_MONEY ? 1000000 : 3000;

	if (!r->prev)
		return;
	now = fig(r->root, path);
	was = fig(r->prev, path);
	d = now >= was ? now - was : was - now;
	/* d * 5 < was, without the product */
	if (d < min || d < was / 5 + (was % 5 != 0))
		return;
	if (r->zh) {
		sb_add(&r->out, "（比%s%s", r->before, now > was ? "增加" : "减少");
		if (kind == CHG_MONEY)
			put_money(&r->out, d, 1);
		else
			put_num(&r->out, d, 1);
		sb_add(&r->out, "%s）", unit);
	} else {
		sb_add(&r->out, " (%s ", now > was ? "up" : "down");
		if (kind == CHG_MONEY)
			put_money(&r->out, d, 0);
		else
			put_num(&r->out, d, 0);
		sb_add(&r->out, " from %s)", r->before);
	}
}

/* Separators between the parts of a clause and between clauses. */
static void sep(brief *r, int *first, const char *zh, const char *en)
{
	if (!*first)
		sb_add(&r->out, "%s", r->zh ? zh : en);
	*first = 0;
}

/* A text of the database, shown as itself (controls escaped). */
static void put_text(brief *r, const char *s)
{
	char *t = pbf_escape_dup(s);

	if (!t) {
		r->out.oom = 1;
		return;
	}
	sb_add(&r->out, "%s", t);
	free(t);
}

static void clause_events(brief *r, const char *across)
{
	const pb_node *by = pb_node_get(r->root, "events.by_kind");
	int64_t total = fig(r->root, "events.total");
	size_t i;
	int first = 1;

	if (r->zh) {
		sb_add(&r->out, "%s%s共开展共驻共建活动", across, r->now);
		put_num(&r->out, total, 1);
		sb_add(&r->out, "次");
		put_change(r, "events.total", CHG_COUNT, "次");
	} else {
		sb_add(&r->out, "%s%s ", r->now, across);
		put_count(r, total, "co-building event was held",
			  "co-building events were held");
		put_change(r, "events.total", CHG_COUNT, "");
	}
	for (i = 0; by && i < pb_node_count(by); i++) {
		const pb_node *k = pb_node_at(by, i);
		const char *l = pb_domain_label(&pb_event_kinds, pb_node_key(k), r->zh);
		int64_t n = milli_of(pb_node_value(k));

		if (!n)
			continue;
		if (r->zh) {
			sb_add(&r->out, "%s%s", first ? "，其中" : "、", l);
			put_num(&r->out, n, 1);
			sb_add(&r->out, "次");
		} else {
			sb_add(&r->out, "%s%c%s ", first ? ", by kind: " : ", ",
			       tolower((unsigned char)l[0]), l + 1);
			put_num(&r->out, n, 0);
		}
		first = 0;
	}
}

static void clause_participation(brief *r)
{
	int64_t orgs = fig(r->root, "participation.orgs");
	int64_t members = fig(r->root, "participation.members");
	int64_t times = fig(r->root, "participation.person_times");
	int64_t hours = fig(r->root, "participation.volunteer_hours");
	int first = 1;

	if (r->zh) {
		if (orgs || members)
			sb_add(&r->out, "参与");
		if (orgs) {
			sb_add(&r->out, "单位");
			put_num(&r->out, orgs, 1);
			sb_add(&r->out, "个");
			first = 0;
		}
		if (members) {
			sb_add(&r->out, "%s党员", first ? "" : "、");
			put_num(&r->out, members, 1);
			sb_add(&r->out, "人");
			first = 0;
		}
		if (times) {
			sb_add(&r->out, "%s", first ? "参与" : "，共");
			put_num(&r->out, times, 1);
			sb_add(&r->out, "人次");
			put_change(r, "participation.person_times", CHG_COUNT, "人次");
			first = 0;
		}
		if (hours) {
			sb_add(&r->out, "%s服务时长", first ? "" : "，");
			put_num(&r->out, hours, 1);
			sb_add(&r->out, "小时");
			put_change(r, "participation.volunteer_hours", CHG_COUNT, "小时");
		}
		return;
	}
	if (orgs) {
		put_count(r, orgs, "unit", "units");
		first = 0;
	}
	if (members) {
		sb_add(&r->out, "%s", first ? "" : " and ");
		put_count(r, members, "Party member", "Party members");
		first = 0;
	}
	if (!first)
		sb_add(&r->out, " took part");
	if (times) {
		sb_add(&r->out, "%s", first ? "" : ", ");
		put_count(r, times, "person-time", "person-times");
		sb_add(&r->out, " in all");
		put_change(r, "participation.person_times", CHG_COUNT, "");
		first = 0;
	}
	if (hours) {
		sb_add(&r->out, "%s", first ? "" : ", with ");
		put_count(r, hours, "volunteer hour", "volunteer hours");
		put_change(r, "participation.volunteer_hours", CHG_COUNT, "");
	}
}

static void clause_contributions(brief *r)
{
	const pb_node *goods = pb_node_get(r->root, "contributions.goods");
	int64_t cash = fig(r->root, "contributions.cash_yuan");
	int64_t kind = fig(r->root, "contributions.in_kind_yuan");
	/* Between the count and the first amount, then between amounts. */
	const char *next = r->zh ? "，" : ": ";
	size_t i;

	if (r->zh) {
		sb_add(&r->out, "接受捐赠");
		put_num(&r->out, fig(r->root, "contributions.count"), 1);
		sb_add(&r->out, "笔");
	} else {
		put_count(r, fig(r->root, "contributions.count"),
			  "contribution was received", "contributions were received");
	}
	if (cash) {
		sb_add(&r->out, "%s%s", next, r->zh ? "筹集资金" : "");
		put_money(&r->out, cash, r->zh);
		sb_add(&r->out, "%s", r->zh ? "" : " in funds");
		put_change(r, "contributions.cash_yuan", CHG_MONEY, "");
		next = r->zh ? "、" : ", ";
	}
	if (kind) {
		sb_add(&r->out, "%s%s", next, r->zh ? "实物折价" : "");
		put_money(&r->out, kind, r->zh);
		sb_add(&r->out, "%s", r->zh ? "" : " in kind");
		next = r->zh ? "、" : ", ";
	}
	for (i = 0; goods && i < pb_node_count(goods); i++) {
		const pb_node *g = pb_node_at(goods, i);
		const char *item = pb_node_value(pb_node_get(g, "item"));
		const char *unit = pb_node_value(pb_node_get(g, "unit"));
		int64_t q = fig(g, "quantity");

		if (!q)
			continue;
		sb_add(&r->out, "%s", next);
		next = r->zh ? "、" : ", ";
		if (r->zh) {
			put_text(r, item ? item : "物资");
			put_num(&r->out, q, 1);
			if (unit)
				put_text(r, unit);
			continue;
		}
		put_num(&r->out, q, 0);
		if (unit) {
			sb_add(&r->out, " ");
			put_text(r, unit);
		}
		sb_add(&r->out, " of ");
		put_text(r, item ? item : "goods");
	}
}

static void clause_beneficiaries(brief *r)
{
	int64_t hh = fig(r->root, "beneficiaries.households");
	int64_t persons = fig(r->root, "beneficiaries.persons");
	int64_t jobs = fig(r->root, "beneficiaries.jobs");

	if (r->zh) {
		if (hh || persons)
			sb_add(&r->out, "惠及群众");
		if (hh) {
			put_num(&r->out, hh, 1);
			sb_add(&r->out, "户");
			put_change(r, "beneficiaries.households", CHG_COUNT, "户");
		}
		if (persons) {
			sb_add(&r->out, "%s", hh ? "、" : "");
			put_num(&r->out, persons, 1);
			sb_add(&r->out, "人");
			put_change(r, "beneficiaries.persons", CHG_COUNT, "人");
		}
		if (jobs) {
			sb_add(&r->out, "%s帮助再就业", hh || persons ? "，" : "");
			put_num(&r->out, jobs, 1);
			sb_add(&r->out, "人");
		}
		return;
	}
	if (hh) {
		put_count(r, hh, "household", "households");
		put_change(r, "beneficiaries.households", CHG_COUNT, "");
	}
	if (persons) {
		sb_add(&r->out, "%s", hh ? " and " : "");
		put_count(r, persons, "person", "people");
		put_change(r, "beneficiaries.persons", CHG_COUNT, "");
	}
	if (hh || persons)
		sb_add(&r->out, " benefited");
	if (jobs) {
		sb_add(&r->out, "%s", hh || persons ? ", and " : "");
		put_count(r, jobs, "person was", "people were");
		sb_add(&r->out, " helped into work");
	}
}

static void clause_pairs(brief *r)
{
	int64_t active = fig(r->root, "pairs.active");
	int64_t dormant = fig(r->root, "pairs.dormant");
	int64_t fresh = fig(r->root, "pairs.new");
	int64_t ended = fig(r->root, "pairs.ended");
	int first = 1;

	sb_add(&r->out, "%s", r->zh ? "" : "co-building pairs: ");
	if (active) {
		sb_add(&r->out, "%s", r->zh ? "有效共建结对" : "");
		put_num(&r->out, active, r->zh);
		sb_add(&r->out, "%s", r->zh ? "对" : " active");
		if (dormant) {
			sb_add(&r->out, "%s", r->zh ? "（其中" : " (");
			put_num(&r->out, dormant, r->zh);
			sb_add(&r->out, "%s", r->zh ? "对长期未开展活动）" : " dormant)");
		}
		first = 0;
	}
	if (fresh) {
		sep(r, &first, "，", ", ");
		sb_add(&r->out, "%s", r->zh ? "新结对" : "");
		put_num(&r->out, fresh, r->zh);
		sb_add(&r->out, "%s", r->zh ? "对" : " new");
	}
	if (ended) {
		sep(r, &first, "，", ", ");
		sb_add(&r->out, "%s", r->zh ? "结束结对" : "");
		put_num(&r->out, ended, r->zh);
		sb_add(&r->out, "%s", r->zh ? "对" : " ended");
	}
}

static void clause_members(brief *r)
{
	int64_t total = fig(r->root, "members.total");
	int64_t reg = fig(r->root, "members.registered");
	int64_t fresh = fig(r->root, "members.new_registrations");
	int first = 1;

	sb_add(&r->out, "%s", r->zh ? "" : "Party members: ");
	if (total) {
		sb_add(&r->out, "%s", r->zh ? "在册党员" : "");
		put_num(&r->out, total, r->zh);
		sb_add(&r->out, "%s", r->zh ? "人" : " on the roll");
		first = 0;
	}
	if (reg) {
		sep(r, &first, "，", ", ");
		sb_add(&r->out, "%s", r->zh ? "已到社区报到" : "");
		put_num(&r->out, reg, r->zh);
		sb_add(&r->out, "%s", r->zh ? "人" : " registered with a community");
	}
	if (fresh) {
		sep(r, &first, "，", ", ");
		sb_add(&r->out, "%s", r->zh ? "新报到" : "");
		put_num(&r->out, fresh, r->zh);
		sb_add(&r->out, "%s", r->zh ? "人" : " newly registered");
	}
}

static void clause_opinions(brief *r)
{
	static const struct {
		const char *path, *zh_before, *zh_after, *en;
	} parts[] = {
		{"opinions.received", "收到征询意见", "条", " received"},
		{"opinions.answered", "已答复", "条", " answered"},
		{"opinions.answered_on_time", "按期答复", "条", " answered on time"},
		{"opinions.overdue", "逾期未答复", "条", " overdue"},
	};
	size_t i;
	int first = 1;

	sb_add(&r->out, "%s", r->zh ? "" : "opinions: ");
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		int64_t n = fig(r->root, parts[i].path);

		if (!n)
			continue;
		sep(r, &first, "，", ", ");
		sb_add(&r->out, "%s", r->zh ? parts[i].zh_before : "");
		put_num(&r->out, n, r->zh);
		sb_add(&r->out, "%s", r->zh ? parts[i].zh_after : parts[i].en);
	}
}

/* A clause is said when any of its figures is not zero. */
static int any(const brief *r, const char *const *paths)
{
	for (; *paths; paths++)
		if (fig(r->root, *paths))
			return 1;
	return 0;
}

/* The words for the period and the one before, from its label: 2026-02
 * a month, 2026-Q1 a quarter, 2026 a year; a half year or a range of
 * days "the period". */
static void period_words(brief *r)
{
	const pb_node *l = pb_node_get(r->root, "period.label");
	const char *s = l && pb_node_value(l) ? pb_node_value(l) : "";
	size_t len = strlen(s);

	if (len == 4) {
		r->now = r->zh ? "本年度" : "This year";
		r->before = r->zh ? "上年度" : "last year";
	} else if (len == 7 && s[5] == 'Q') {
		r->now = r->zh ? "本季度" : "This quarter";
		r->before = r->zh ? "上季度" : "last quarter";
	} else if (len == 7 && isdigit((unsigned char)s[5])) {
		r->now = r->zh ? "本月" : "This month";
		r->before = r->zh ? "上月" : "last month";
	} else {
		r->now = r->zh ? "本期" : "In the period";
		r->before = r->zh ? "上期" : "the previous period";
	}
}

/* Capitalise the sentence begun at `at` (English clauses start lower
 * case). */
static void capital(brief *r, size_t at)
{
	if (!r->zh && !r->out.oom && r->out.len > at)
		r->out.s[at] = (char)toupper((unsigned char)r->out.s[at]);
}

int pb_fmt_brief(FILE *fp, const pb_fmt_opts *o, const pb_node *root,
		 pb_err *e)
{
	static const char *const participation[] = {
		"participation.orgs", "participation.members",
		"participation.person_times", "participation.volunteer_hours", NULL};
	static const char *const contributions[] = {"contributions.count", NULL};
	static const char *const beneficiaries[] = {
		"beneficiaries.households", "beneficiaries.persons",
		"beneficiaries.jobs", NULL};
	static const char *const pairs[] = {"pairs.active", "pairs.new",
					    "pairs.ended", NULL};
	static const char *const members[] = {"members.total", "members.registered",
					      "members.new_registrations", NULL};
	static const char *const opinions[] = {"opinions.received", NULL};
	const pb_node *streets = root ? pb_node_get(root, "streets") : NULL;
	const pb_node *failed = root ? pb_node_get(root, "rollup.failed") : NULL;
	brief r;
	char across[256] = "";
	size_t start, body;
	int first = 1;

	if (!root)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	memset(&r, 0, sizeof r);
	r.root = root;
	r.prev = pb_node_get(root, "previous");
	r.zh = o->zh;
	period_words(&r);
	/* A roll-up: the district's figures, naming how many streets (and
	 * how many sources were left out) they are of. */
	if (streets && pb_node_kind(streets) == PB_NODE_LIST) {
		size_t n = pb_node_count(streets), f = pb_node_count(failed);

		if (r.zh && f)
			snprintf(across, sizeof across,
				 "全区%zu个街道（另有%zu个数据库未能读取）", n, f);
		else if (r.zh)
			snprintf(across, sizeof across, "全区%zu个街道", n);
		else
			snprintf(across, sizeof across, ", across the %zu street%s%s",
				 n, n == 1 ? "" : "s",
				 f ? " that could be read" : "");
		if (!r.zh && f)
			snprintf(across + strlen(across), sizeof across - strlen(across),
				 " (%zu database%s left out)", f, f == 1 ? "" : "s");
		if (!r.zh)
			strcat(across, ",");
	}

	/* The period's activity: one sentence. */
	if (!fig(root, "events.total")) {
		if (r.zh) {
			sb_add(&r.out, "%s%s未开展共驻共建活动", across, r.now);
		} else {
			sb_add(&r.out, "%s%s no co-building events were held", r.now,
			       across);
		}
		put_change(&r, "events.total", CHG_COUNT, "次");
	} else {
		clause_events(&r, across);
		if (any(&r, participation)) {
			sb_add(&r.out, "%s", r.zh ? "；" : "; ");
			clause_participation(&r);
		}
		if (any(&r, contributions)) {
			sb_add(&r.out, "%s", r.zh ? "；" : "; ");
			clause_contributions(&r);
		}
		if (any(&r, beneficiaries)) {
			sb_add(&r.out, "%s", r.zh ? "；" : "; ");
			clause_beneficiaries(&r);
		}
	}
	sb_add(&r.out, "%s", r.zh ? "。" : ".");

	/* What stands at the period's end: another sentence, when any. */
	start = r.out.len;
	sb_add(&r.out, "%s", r.zh ? "" : " ");
	body = r.out.len;
	if (any(&r, pairs)) {
		sep(&r, &first, "；", "; ");
		clause_pairs(&r);
	}
	if (any(&r, members)) {
		sep(&r, &first, "；", "; ");
		clause_members(&r);
	}
	if (any(&r, opinions)) {
		sep(&r, &first, "；", "; ");
		clause_opinions(&r);
	}
	if (first) {
		r.out.len = start;
	} else {
		sb_add(&r.out, "%s", r.zh ? "。" : ".");
		capital(&r, body);
	}
	sb_add(&r.out, "\n");
	if (r.out.oom) {
		free(r.out.s);
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	}
	fputs(r.out.s, fp);
	free(r.out.s);
	if (ferror(fp))
		return pb_fail(e, PB_IOERR, "cannot write output");
	return PB_OK;
}
