/* A realistic district for the benchmarks, the same for the same seed:
 * streets, their communities and the units in the area (every kind),
 * members of every category with refs, co-construction pairs, and N
 * events over five years, each with participants (org head-counts and
 * members by ref) and contributions (cash and goods). The events are
 * written twice: as pb's YAML and as one CSV per table (events,
 * participants, contributions) whose ids are the ones pb assigns when
 * the orgs, members and pairs files are imported in order, so the
 * sqlite3 shell can .import the same rows.
 *
 * usage: gen [-s SEED] [-n EVENTS] [-w yaml|csv|both] DIR */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STREETS 4
#define COMMUNITIES 8 /* per street */
#define UNITS 40      /* per street */
#define MEMBERS 1000  /* per street */
#define FIRST_DAY 18628 /* 2021-01-01, days since 1970-01-01 */
#define DAYS 1826	/* 2021-01-01 .. 2025-12-31 */

static uint64_t seed_state;

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t rnd(void)
{
	uint64_t z = (seed_state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* Civil date from days since 1970-01-01 (Howard Hinnant's algorithm). */
static void day_text(long z, char out[11])
{
	long era, y, m, d;
	unsigned long doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned long)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (long)(doy - (153 * mp + 2) / 5 + 1);
	m = (long)(mp < 10 ? mp + 3 : mp - 9);
	y += m <= 2;
	snprintf(out, 11, "%04lu-%02lu-%02lu", (unsigned long)y % 10000,
		 (unsigned long)m % 100, (unsigned long)d % 100);
}

static const char *const unit_kinds[] = {
	"garrison", "agency", "institution", "enterprise", "private",
	"school",   "social", "team",	     "other"};
static const char *const unit_names[] = {
	"武警某部", "区直机关", "区人民医院", "国网供电公司", "民营科技公司",
	"实验小学", "社会工作服务中心", "青年志愿服务队", "物业公司"};
static const char *const categories[] = {"resident", "retired", "in-service",
					 "floating", "unemployed", "veteran"};
static const char *const event_kinds[] = {
	"meeting",  "service",	     "aid",	     "environment",
	"safety",   "culture",	     "education",    "visit",
	"festival", "consultation", "commendation", "other"};
static const char *const event_titles[] = {
	"社区党建联席会议", "志愿服务进社区", "扶贫帮困慰问", "环境卫生整治",
	"平安巡逻", "文体联欢", "党史学习教育", "走访慰问困难党员",
	"节日联欢会", "大事协商议事会", "优秀党员评选表彰", "共建活动"};
static const char *const surnames[] = {"张", "王", "李", "赵", "刘", "陈",
				       "杨", "黄", "周", "吴", "徐", "孙"};
static const char *const given[] = {"伟", "芳", "娜", "敏", "静", "丽",
				    "强", "磊", "军", "洋", "勇", "艳"};
static const struct {
	const char *item, *unit;
} goods[] = {{"大米", "斤"}, {"面粉", "斤"}, {"食用油", "桶"}, {"棉衣", "件"}};

#define NUNITS (sizeof unit_kinds / sizeof unit_kinds[0])

/* Org ids follow the orgs file: each street, then its communities, then
 * its units; pb assigns them in that order (parents come first). */
static long street_id(int s)
{
	return 1L + s * (1 + COMMUNITIES + UNITS);
}
static long community_id(int s, int c)
{
	return street_id(s) + 1 + c;
}
static long unit_id(int s, int u)
{
	return street_id(s) + 1 + COMMUNITIES + u;
}
static void org_code(long id, char *out, size_t n)
{
	long per = 1 + COMMUNITIES + UNITS, s = (id - 1) / per, k = (id - 1) % per;

	if (k == 0)
		snprintf(out, n, "s%ld", s + 1);
	else if (k <= COMMUNITIES)
		snprintf(out, n, "s%ld.c%02ld", s + 1, k);
	else
		snprintf(out, n, "s%ld.u%03ld", s + 1, k - COMMUNITIES);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "w"))) {
		fprintf(stderr, "gen: cannot write '%s': %s\n", path, strerror(errno));
		exit(73);
	}
	return f;
}

static void close_out(FILE *f)
{
	if (fclose(f) != 0) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		exit(74);
	}
}

static void write_orgs(const char *dir)
{
	FILE *f = open_out(dir, "orgs.yaml");
	int s, i;

	fputs("orgs:\n", f);
	for (s = 0; s < STREETS; s++) {
		fprintf(f, "  - code: s%d\n    name: 第%d街道党工委\n    kind: street\n"
			   "    address: 城区第%d街道办事处\n",
			s + 1, s + 1, s + 1);
		for (i = 0; i < COMMUNITIES; i++)
			fprintf(f, "  - code: s%d.c%02d\n    name: 第%d街道第%d社区党委\n"
				   "    kind: community\n    parent: s%d\n",
				s + 1, i + 1, s + 1, i + 1, s + 1);
		for (i = 0; i < UNITS; i++) {
			unsigned k = (unsigned)i % NUNITS;
			/* Non-public enterprises and social organizations belong
			 * to the community where they are. */
			int local = k == 4 || k == 6;

			fprintf(f, "  - code: s%d.u%03d\n    name: 第%d街道%s%d党支部\n"
				   "    kind: %s\n",
				s + 1, i + 1, s + 1, unit_names[k], i + 1, unit_kinds[k]);
			if (local)
				fprintf(f, "    parent: s%d.c%02d\n", s + 1,
					i % COMMUNITIES + 1);
			else
				fprintf(f, "    parent: s%d\n", s + 1);
			fprintf(f, "    members: %u\n    phone: '0731%07u'\n",
				5 + pick(120), pick(10000000));
		}
	}
	close_out(f);
}

/* Member m (0-based) of street s: its ref is M<s><nnnn>. */
static void member_ref(int s, int m, char *out, size_t n)
{
	snprintf(out, n, "M%d%04d", s + 1, m + 1);
}

static void write_members(const char *dir)
{
	FILE *f = open_out(dir, "members.yaml");
	char ref[16], since[11];
	int s, m;

	fputs("members:\n", f);
	for (s = 0; s < STREETS; s++)
		for (m = 0; m < MEMBERS; m++) {
			unsigned cat = (unsigned)m % 6;
			int c = (int)pick(COMMUNITIES);

			member_ref(s, m, ref, sizeof ref);
			fprintf(f, "  - ref: %s\n    name: %s%s%s\n    gender: %c\n"
				   "    phone: '138%08u'\n    category: %s\n"
				   "    org: s%d.c%02d\n",
				ref, surnames[pick(12)], given[pick(12)],
				pick(2) ? given[pick(12)] : "", pick(2) ? 'm' : 'f',
				pick(100000000), categories[cat], s + 1, c + 1);
			if (cat == 2) {
				day_text(FIRST_DAY - 700 + (long)pick(1400), since);
				fprintf(f, "    unit: s%d.u%03d\n    registrations:\n"
					   "      - community: s%d.c%02d\n"
					   "        since: %s\n",
					s + 1, (int)pick(UNITS) + 1, s + 1, c + 1, since);
			}
		}
	close_out(f);
}

/* Pair p (1-based id) joins unit u of street s with a community. */
static const char *pair_kind(unsigned k)
{
	switch (k) {
	case 0: return "military";
	case 3: case 4: return "enterprise";
	case 5: return "school";
	case 6: return "aid";
	default: return "unit";
	}
}

static void write_pairs(const char *dir)
{
	FILE *f = open_out(dir, "pairs.yaml");
	char since[11], until[11];
	int s, u;
	long id = 0;

	fputs("pairs:\n", f);
	for (s = 0; s < STREETS; s++)
		for (u = 0; u < UNITS; u++) {
			day_text(FIRST_DAY - 730 + (long)pick(700), since);
			fprintf(f, "  - id: %ld\n    community: s%d.c%02d\n"
				   "    partner: s%d.u%03d\n    kind: %s\n"
				   "    since: %s\n    goal: 共建共享 共驻共建\n"
				   "    target_households: %u\n    target_yuan: %u\n",
				++id, s + 1, u % COMMUNITIES + 1, s + 1, u + 1,
				pair_kind((unsigned)u % NUNITS), since, 10 + pick(200),
				10000 * (1 + pick(20)));
			if (u % 10 == 9) {
				day_text(FIRST_DAY + 900 + (long)pick(800), until);
				fprintf(f, "    until: %s\n", until);
			}
		}
	close_out(f);
}

/* A decimal of thousandths (places 3) or hundredths (places 2) as a
 * user writes it: 2.5, 3, 1234.56. */
static void milli_text(unsigned long v, char *out, size_t n, int places)
{
	unsigned long scale = places == 3 ? 1000 : 100;
	size_t len;

	snprintf(out, n, places == 3 ? "%lu.%03lu" : "%lu.%02lu", v / scale,
		 v % scale);
	len = strlen(out);
	while (out[len - 1] == '0')
		out[--len] = '\0';
	if (out[len - 1] == '.')
		out[--len] = '\0';
}

static void write_events(const char *dir, long n, int yaml, int csv)
{
	FILE *y = yaml ? open_out(dir, "events.yaml") : NULL;
	FILE *ce = csv ? open_out(dir, "events.csv") : NULL;
	FILE *cp = csv ? open_out(dir, "participants.csv") : NULL;
	FILE *cc = csv ? open_out(dir, "contributions.csv") : NULL;
	long i, pid = 0, cid = 0;
	char date[11], code[32], ref[16], num[32];

	if (y)
		fputs("events:\n", y);
	if (ce) {
		fputs("id,ref,date,end_date,kind,title,org_id,pair_id,place,"
		      "households,persons,jobs,note\n", ce);
		fputs("id,event_id,org_id,member_id,people,hours_milli,role,award\n",
		      cp);
		fputs("id,event_id,from_org_id,from_member_id,type,value_fen,"
		      "quantity_milli,unit,item\n", cc);
	}
	for (i = 1; i <= n; i++) {
		int s = (int)pick(STREETS), by_unit = pick(3) == 0;
		int u = (int)pick(UNITS), paired = (int)pick(2);
		/* A pair's events are held by its community or its unit. */
		int c = by_unit || paired ? u % COMMUNITIES : (int)pick(COMMUNITIES);
		unsigned k = pick(12), np = 1 + pick(3), nm = pick(4),
			 nc = pick(3), j;
		long org = by_unit ? unit_id(s, u) : community_id(s, c);
		long pair = paired ? 1 + s * UNITS + u : 0;
		unsigned hh = 0, persons = 0;
		int seen[UNITS + COMMUNITIES] = {0};
		int mseen[8], nms = 0;

		/* Chronological, a few days' jitter: years of records. */
		day_text(FIRST_DAY + i * (DAYS - 3) / (n + 1) + (long)pick(3), date);
		if (k == 1 || k == 2 || k == 7) {
			hh = 5 + pick(150);
			persons = hh + pick(200);
		}
		if (y) {
			org_code(org, code, sizeof code);
			fprintf(y, "  - ref: E%07ld\n    date: %s\n    kind: %s\n"
				   "    title: %s %ld\n    org: %s\n",
				i, date, event_kinds[k], event_titles[k], i, code);
			if (pair)
				fprintf(y, "    pair: %ld\n", pair);
			if (k == 0 || k == 9)
				fprintf(y, "    place: 第%d街道会议室\n", s + 1);
			if (hh)
				fprintf(y, "    households: %u\n    persons: %u\n", hh,
					persons);
			fputs("    participants:\n", y);
		}
		if (ce) {
			fprintf(ce, "%ld,E%07ld,%s,,%s,%s %ld,%ld,", i, i, date,
				event_kinds[k], event_titles[k], i, org);
			if (pair)
				fprintf(ce, "%ld", pair);
			fputc(',', ce);
			if (k == 0 || k == 9)
				fprintf(ce, "第%d街道会议室", s + 1);
			if (hh)
				fprintf(ce, ",%u,%u,,\n", hh, persons);
			else
				fputs(",,,,\n", ce);
		}
		/* Org rows: distinct orgs of the street, the first the organizer. */
		for (j = 0; j < np; j++) {
			int slot = (int)pick(UNITS + COMMUNITIES);
			long porg;
			unsigned people = 1 + pick(20),
				 hours = 500 * (1 + pick(8));

			if (j == 0)
				slot = by_unit ? u : UNITS + c;
			if (seen[slot])
				continue;
			seen[slot] = 1;
			porg = slot < UNITS ? unit_id(s, slot)
					    : community_id(s, slot - UNITS);
			milli_text(hours, num, sizeof num, 3);
			if (y) {
				org_code(porg, code, sizeof code);
				fprintf(y, "      - org: %s\n", code);
				if (j == 0)
					fputs("        role: organizer\n", y);
				fprintf(y, "        people: %u\n        hours: %s\n",
					people, num);
			}
			if (cp)
				fprintf(cp, "%ld,%ld,%ld,,%u,%u,%s,\n", ++pid, i, porg,
					people, hours, j == 0 ? "organizer" : "participant");
		}
		/* Member rows, by ref; the street's members are 1..MEMBERS. */
		for (j = 0; j < nm; j++) {
			int m = (int)pick(MEMBERS), dup = 0, q;
			unsigned hours = 500 * (1 + pick(6));

			for (q = 0; q < nms; q++)
				dup |= mseen[q] == m;
			if (dup)
				continue;
			mseen[nms++] = m;
			member_ref(s, m, ref, sizeof ref);
			milli_text(hours, num, sizeof num, 3);
			if (y)
				fprintf(y, "      - member: %s\n        hours: %s\n", ref,
					num);
			if (cp)
				fprintf(cp, "%ld,%ld,,%ld,1,%u,participant,\n", ++pid, i,
					(long)s * MEMBERS + m + 1, hours);
		}
		if (y && nc)
			fputs("    contributions:\n", y);
		for (j = 0; j < nc; j++) {
			long from = unit_id(s, (int)pick(UNITS));
			unsigned kind = pick(4);

			if (y)
				org_code(from, code, sizeof code);
			if (kind < 2) {
				unsigned long fen = 100UL * (100 + pick(50000));

				milli_text(fen, num, sizeof num, 2);
				if (y)
					fprintf(y, "      - from: %s\n        type: cash\n"
						   "        value: %s\n", code, num);
				if (cc)
					fprintf(cc, "%ld,%ld,%ld,,cash,%lu,,,\n", ++cid, i,
						from, fen);
			} else if (kind == 2) {
				unsigned g = pick(4), qty = 1000 * (10 + pick(5000));

				milli_text(qty, num, sizeof num, 3);
				if (y)
					fprintf(y, "      - from: %s\n        type: goods\n"
						   "        item: %s\n        quantity: %s\n"
						   "        unit: %s\n",
						code, goods[g].item, num, goods[g].unit);
				if (cc)
					fprintf(cc, "%ld,%ld,%ld,,goods,,%u,%s,%s\n", ++cid,
						i, from, qty, goods[g].unit, goods[g].item);
			} else {
				int m = (int)pick(MEMBERS);
				unsigned long fen = 100UL * (50 + pick(2000));

				member_ref(s, m, ref, sizeof ref);
				milli_text(fen, num, sizeof num, 2);
				if (y)
					fprintf(y, "      - from_member: %s\n"
						   "        type: goods\n        item: 棉衣\n"
						   "        quantity: 10\n        unit: 件\n"
						   "        value: %s\n", ref, num);
				if (cc)
					fprintf(cc, "%ld,%ld,,%ld,goods,%lu,10000,件,棉衣\n",
						++cid, i, (long)s * MEMBERS + m + 1, fen);
			}
		}
	}
	if (y)
		close_out(y);
	if (ce) {
		close_out(ce);
		close_out(cp);
		close_out(cc);
	}
}

int main(int argc, char **argv)
{
	const char *what = "both";
	long n = 1000;
	int opt, yaml, csv;

	seed_state = 1;
	while ((opt = getopt(argc, argv, "s:n:w:")) != -1)
		switch (opt) {
		case 's': seed_state = strtoull(optarg, NULL, 10); break;
		case 'n': n = strtol(optarg, NULL, 10); break;
		case 'w': what = optarg; break;
		default: goto usage;
		}
	if (optind != argc - 1 || n < 0)
		goto usage;
	yaml = strcmp(what, "csv") != 0;
	csv = strcmp(what, "yaml") != 0;
	if (strcmp(what, "both") != 0 && !(yaml ^ csv))
		goto usage;
	write_orgs(argv[optind]);
	write_members(argv[optind]);
	write_pairs(argv[optind]);
	write_events(argv[optind], n, yaml, csv);
	return 0;
usage:
	fputs("usage: gen [-s SEED] [-n EVENTS] [-w yaml|csv|both] DIR\n", stderr);
	return 64;
}
