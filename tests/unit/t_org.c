/* Organizations on an in-memory database: insert, get, update, upsert
 * (created, updated, unchanged), how references resolve, parent cycles,
 * what delete refuses and what force does, and the tree's totals. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "tap.h"

static pb_db *db;
static pb_err e;

/* An org record from "field=value" pairs, NULL-terminated. */
static int org_rec(pb_rec *r, const char *const *kv)
{
	char field[64];
	int rc = PB_OK;

	pb_rec_init(r, pb_org_fields, pb_org_nfields);
	for (; *kv && rc == PB_OK; kv++) {
		const char *eq = strchr(*kv, '=');

		snprintf(field, sizeof field, "%.*s", (int)(eq - *kv), *kv);
		rc = pb_rec_set(r, field, eq + 1, &e);
	}
	return rc;
}

static int add(const char *code, const char *name, const char *kind,
	       const char *parent, const char *members)
{
	const char *kv[8];
	char c[80], n[256], k[64], p[80], m[32];
	int i = 0, rc;
	pb_rec r;

	snprintf(c, sizeof c, "code=%s", code);
	snprintf(n, sizeof n, "name=%s", name);
	snprintf(k, sizeof k, "kind=%s", kind);
	kv[i++] = c;
	kv[i++] = n;
	kv[i++] = k;
	if (parent) {
		snprintf(p, sizeof p, "parent=%s", parent);
		kv[i++] = p;
	}
	if (members) {
		snprintf(m, sizeof m, "members=%s", members);
		kv[i++] = m;
	}
	kv[i] = NULL;
	if ((rc = org_rec(&r, kv)) == PB_OK)
		rc = pb_org_insert(db, &r, &e);
	pb_rec_free(&r);
	return rc;
}

static int64_t resolve(const char *ref, int notfound_is_1, int *rc)
{
	int64_t id = -1;

	*rc = pb_org_resolve(db, ref, notfound_is_1, &id, &e);
	return id;
}

static void test_insert_get(void)
{
	static const char *const full[] = {
		"code=wj", "name=武警某部", "kind=驻军", "parent=jd",
		"uscc=91440300279583285Y", "members=45", "address=东湖路 1 号",
		"contact=张三", "phone=0123", "joined=2020-01-31", "left=2030-12-31",
		"note=军民共建", NULL};
	static const char *const want[] = {
		"3", "wj", "武警某部", "garrison", "jd", "东湖街道",
		"91440300279583285Y", "45",
		"东湖路 1 号", "张三", "0123", "2020-01-31", "2030-12-31", "军民共建"};
	pb_rec r, got;
	size_t i;

	is_int(add("jd", "东湖街道", "street", NULL, "5"), PB_OK, "insert jd");
	is_int(add("sq1", "东湖社区", "community", "jd", "30"), PB_OK,
	       "insert sq1 under jd");
	is_int(org_rec(&r, full), PB_OK, "a full record");
	is_int(pb_org_insert(db, &r, &e), PB_OK, "insert with every field");
	is_int(r.id, 3, "insert sets the new id");
	pb_rec_init(&got, pb_org_fields, pb_org_nfields);
	is_int(pb_org_get(db, r.id, &got, &e), PB_OK, "get it back");
	is_int(got.id, 3, "get sets the id");
	for (i = 0; i < pb_org_nfields; i++)
		is_str(got.v[i], want[i], "field %s", pb_org_fields[i].name);
	pb_rec_free(&got);
	pb_rec_free(&r);

	is_int(pb_org_get(db, 99, &got, &e), PB_NOTFOUND, "get of a missing id");
	is_str(e.msg, "no organization with id 99", "its message");

	is_int(add("jd", "Other", "street", NULL, NULL), PB_DATAERR,
	       "duplicate code refused");
	is_str(e.msg, "organization 'jd' exists already", "duplicate message");
	is_int(add("x", "X", "street", "nowhere", NULL), PB_DATAERR,
	       "unknown parent refused");
	is_str(e.msg, "unknown parent 'nowhere'", "unknown parent message");
	{
		static const char *const dup[] = {"code=y", "name=Y", "kind=other",
						  "uscc=91440300279583285Y", NULL};
		static const char *const noname[] = {"code=y", "kind=other", NULL};
		static const char *const left[] = {"code=y", "name=Y", "kind=other",
						   "joined=2026-01-02",
						   "left=2026-01-01", NULL};

		org_rec(&r, dup);
		is_int(pb_org_insert(db, &r, &e), PB_DATAERR, "duplicate uscc");
		is_str(e.msg, "uscc 91440300279583285Y is already used by 'wj'",
		       "duplicate uscc message names the holder");
		pb_rec_free(&r);
		org_rec(&r, noname);
		is_int(pb_org_insert(db, &r, &e), PB_DATAERR, "missing name");
		is_str(e.msg, "missing name", "missing name message");
		pb_rec_free(&r);
		org_rec(&r, left);
		is_int(pb_org_insert(db, &r, &e), PB_DATAERR, "left before joined");
		pb_rec_free(&r);
	}
}

static void test_resolve(void)
{
	int rc;

	is_int(add("sq2", "东湖社区", "community", "jd", "20"), PB_OK,
	       "a second org named 东湖社区");
	is_int(add("7", "七号", "other", NULL, NULL), PB_OK, "an org with code 7");
	/* ids: jd 1, sq1 2, wj 3, sq2 4, 7 5 */
	is_int(resolve("sq1", 0, &rc), 2, "by code");
	is_int(rc, PB_OK, "by code ok");
	is_int(resolve("3", 0, &rc), 3, "by id");
	is_int(resolve("7", 0, &rc), 5, "a code of digits wins over the id 7");
	is_int(resolve("东湖街道", 0, &rc), 1, "by unique name");
	resolve("东湖社区", 0, &rc);
	is_int(rc, PB_DATAERR, "an ambiguous name is refused");
	is_str(e.msg, "organization name '东湖社区' is ambiguous (sq1, sq2): use a code",
	       "the candidates are listed");
	resolve("东湖社区", 1, &rc);
	is_int(rc, PB_DATAERR, "ambiguous stays invalid data with notfound_is_1");
	resolve("nowhere", 0, &rc);
	is_int(rc, PB_DATAERR, "unknown: PB_DATAERR");
	is_str(e.msg, "unknown organization 'nowhere'", "unknown message");
	resolve("nowhere", 1, &rc);
	is_int(rc, PB_NOTFOUND, "unknown with notfound_is_1: PB_NOTFOUND");
	resolve("99", 1, &rc);
	is_int(rc, PB_NOTFOUND, "unknown id: PB_NOTFOUND");
	resolve("", 0, &rc);
	is_int(rc, PB_USAGE, "empty reference: PB_USAGE");
	resolve("东湖", 0, &rc);
	is_int(rc, PB_DATAERR, "a name must match exactly");
}

static void test_update_upsert(void)
{
	static const char *const upd[] = {"code=sq1", "name=东湖社区党委", NULL};
	static const char *const same[] = {"code=sq1", "name=东湖社区党委",
					   "kind=community", NULL};
	static const char *const fresh[] = {"code=new", "name=新单位",
					    "kind=enterprise", "parent=sq1", NULL};
	pb_rec r, got;
	int created, rc;

	pb_rec_init(&got, pb_org_fields, pb_org_nfields);
	pb_org_get(db, 2, &got, &e);
	pb_rec_set(&got, "members", "31", &e);
	pb_rec_set(&got, "phone", "", &e);
	is_int(pb_org_update(db, &got, &e), PB_OK, "update");
	pb_rec_free(&got);
	pb_org_get(db, 2, &got, &e);
	is_str(pb_rec_get(&got, "members"), "31", "update changed members");
	is_str(pb_rec_get(&got, "parent"), "jd", "update kept the parent");
	pb_rec_set(&got, "code", "jd", &e);
	is_int(pb_org_update(db, &got, &e), PB_DATAERR,
	       "update to a code in use refused");
	pb_rec_free(&got);

	org_rec(&r, upd);
	is_int(pb_org_upsert(db, &r, 0, &created, &e), PB_OK, "upsert existing");
	is_int(created, 0, "upsert of a change: updated (0)");
	is_int(r.id, 2, "upsert sets the id");
	pb_rec_free(&r);
	pb_org_get(db, 2, &got, &e);
	is_str(pb_rec_get(&got, "name"), "东湖社区党委", "the name changed");
	is_str(pb_rec_get(&got, "kind"), "community", "the kind was kept");
	is_str(pb_rec_get(&got, "members"), "31", "members were kept");
	pb_rec_free(&got);

	org_rec(&r, same);
	rc = pb_org_upsert(db, &r, 0, &created, &e);
	is_int(rc, PB_OK, "upsert the same values");
	is_int(created, -1, "upsert with nothing new: unchanged (-1)");
	pb_rec_free(&r);

	org_rec(&r, fresh);
	is_int(pb_org_upsert(db, &r, 0, &created, &e), PB_OK, "upsert a new code");
	is_int(created, 1, "upsert of a new code: created (1)");
	ok(r.id > 0, "created id %lld", (long long)r.id);
	pb_rec_free(&r);
	pb_org_get(db, resolve("new", 0, &rc), &got, &e);
	is_str(pb_rec_get(&got, "parent"), "sq1", "the parent was resolved");
	pb_rec_free(&got);
}

static void test_parent(void)
{
	int64_t jd, sq1, nw;
	int rc;

	jd = resolve("jd", 0, &rc);
	sq1 = resolve("sq1", 0, &rc);
	nw = resolve("new", 0, &rc);
	is_int(pb_org_set_parent(db, jd, "jd", 0, &e), PB_DATAERR,
	       "an org cannot be its own parent");
	is_int(pb_org_set_parent(db, jd, "new", 0, &e), PB_DATAERR,
	       "nor under its grandchild");
	ok(strstr(e.msg, "cycle") != NULL, "the message says cycle: %s", e.msg);
	is_int(pb_org_set_parent(db, sq1, "nowhere", 0, &e), PB_DATAERR,
	       "unknown parent refused");
	is_int(pb_org_set_parent(db, nw, "jd", 0, &e), PB_OK, "a legal move");
	is_int(pb_org_set_parent(db, nw, NULL, 0, &e), PB_OK, "NULL detaches");
	is_int(pb_org_set_parent(db, nw, "sq1", 0, &e), PB_OK, "and back");
	is_int(pb_org_set_parent(db, resolve("wj", 0, &rc), "东湖社区党委", 0, &e),
	       PB_OK, "move wj under sq1, named by its name");
}

static int collect(void *ctx, const pb_rec *r)
{
	char *buf = ctx;
	size_t i;

	for (i = 0; i < r->n; i++) {
		strcat(buf, r->v[i] ? r->v[i] : "-");
		strcat(buf, i + 1 < r->n ? " " : "\n");
	}
	return 0;
}

static void test_tree(void)
{
	char buf[4096] = "";
	pb_rec r;
	static const char *const gone[] = {"code=gone", "name=已撤销",
					   "kind=private", "parent=sq2",
					   "members=100", "left=2026-01-01", NULL};
	int rc;

	org_rec(&r, gone);
	pb_org_insert(db, &r, &e);
	pb_rec_free(&r);
	is_int(pb_org_tree(db, 0, 0, "2026-11-27", collect, buf, &e), PB_OK,
	       "tree");
	is_str(buf,
	       "0 7 七号 other - 0\n"
	       "0 jd 东湖街道 street 5 101\n"
	       "1 sq1 东湖社区党委 community 31 76\n"
	       "2 new 新单位 enterprise - 0\n"
	       "2 wj 武警某部 garrison 45 45\n"
	       "1 sq2 东湖社区 community 20 20\n",
	       "depth first by code; totals over the active subtree");
	buf[0] = '\0';
	pb_org_tree(db, 0, 1, "2026-11-27", collect, buf, &e);
	ok(strstr(buf, "1 sq2 东湖社区 community 20 120\n2 gone") != NULL,
	   "with all, the org that left counts");
	buf[0] = '\0';
	pb_org_tree(db, resolve("sq1", 0, &rc), 0, "2026-11-27", collect, buf, &e);
	is_str(buf,
	       "0 sq1 东湖社区党委 community 31 76\n"
	       "1 new 新单位 enterprise - 0\n"
	       "1 wj 武警某部 garrison 45 45\n",
	       "a subtree starts at depth 0");
}

static int collect_cycle(void *ctx, size_t n, const int64_t *ids,
			 const char *const *codes)
{
	char *buf = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		ok(ids[i] == resolve(codes[i], 0, &(int){0}), "%s: its id", codes[i]);
		strcat(buf, codes[i]);
		strcat(buf, i + 1 < n ? " " : "\n");
	}
	return 0;
}

/* A cycle can only be made by a caller that looks for it afterwards (an
 * import), or outside pb: it is found, and the tree walks it once. */
static void test_cycles(void)
{
	static const char *const c1[] = {"code=c1", "name=C1", "kind=other",
					 "members=1", NULL};
	static const char *const c2[] = {"code=c2", "name=C2", "kind=other",
					 "parent=c1", "members=2", NULL};
	char buf[4096] = "";
	int64_t id1;
	pb_rec r;
	int rc;

	org_rec(&r, c1);
	pb_org_insert(db, &r, &e);
	id1 = r.id;
	pb_rec_free(&r);
	org_rec(&r, c2);
	pb_org_insert(db, &r, &e);
	pb_rec_free(&r);
	is_int(pb_org_cycles(db, collect_cycle, buf, &e), PB_OK, "no cycle: ok");
	is_str(buf, "", "no cycle: nothing reported");
	is_int(pb_org_set_parent(db, id1, "c2", 1, &e), PB_OK,
	       "a cycle let through to be looked for later");
	is_int(pb_org_cycles(db, collect_cycle, buf, &e), PB_OK, "cycles: ok");
	is_str(buf, "c1 c2\n", "the cycle, once, in code order");
	buf[0] = '\0';
	is_int(pb_org_tree(db, id1, 0, "2026-11-27", collect, buf, &e), PB_OK,
	       "tree from an org of the cycle");
	is_str(buf, "0 c1 C1 other 1 3\n1 c2 C2 other 2 2\n",
	       "each org once, summed once");
	buf[0] = '\0';
	pb_org_tree(db, 0, 0, "2026-11-27", collect, buf, &e);
	ok(strstr(buf, " c1 ") == NULL, "the whole tree leaves the cycle out");
	is_int(pb_org_set_parent(db, id1, NULL, 0, &e), PB_OK, "broken again");
	buf[0] = '\0';
	pb_org_cycles(db, collect_cycle, buf, &e);
	is_str(buf, "", "and no cycle left");
	pb_org_delete(db, resolve("c2", 0, &rc), 0, buf, sizeof buf, &e);
	pb_org_delete(db, id1, 0, buf, sizeof buf, &e);
}

static void test_delete(void)
{
	char said[512], refs[512];
	int64_t sq1, wj, jd;
	pb_rec role;
	int rc;

	sq1 = resolve("sq1", 0, &rc);
	wj = resolve("wj", 0, &rc);
	jd = resolve("jd", 0, &rc);
	pb_rec_init(&role, pb_role_fields, pb_role_nfields);
	pb_rec_set(&role, "org", "jd", &e);
	pb_rec_set(&role, "title", "名誉书记", &e);
	pb_rec_set(&role, "name", "王强", &e);
	pb_rec_set(&role, "from_org", "wj", &e);
	is_int(pb_role_insert(db, &role, &e), PB_OK, "a role from wj");
	pb_rec_free(&role);

	is_int(pb_org_refs(db, sq1, refs, sizeof refs, &e), 2, "sq1 has two refs");
	is_str(refs, "2 child orgs", "described");
	is_int(pb_org_delete(db, sq1, 0, said, sizeof said, &e), PB_DATAERR,
	       "delete of an org with children refused");
	is_str(e.msg,
	       "organization 'sq1' is referred to by 2 child orgs (use --force to "
	       "remove it anyway)",
	       "refusal message");
	is_int(pb_org_delete(db, wj, 0, said, sizeof said, &e), PB_DATAERR,
	       "delete of the org a role comes from refused");
	is_str(e.msg,
	       "organization 'wj' is referred to by 1 role (use --force to remove "
	       "it anyway)",
	       "refusal names the role");
	is_int(pb_org_delete(db, sq1, 1, said, sizeof said, &e), PB_OK,
	       "forced delete");
	is_str(said, "removed organization 'sq1'; detached 2 child orgs",
	       "says what it did");
	resolve("sq1", 1, &rc);
	is_int(rc, PB_NOTFOUND, "sq1 is gone");
	resolve("wj", 1, &rc);
	is_int(rc, PB_OK, "its child is still there");
	is_int(pb_org_delete(db, wj, 1, said, sizeof said, &e), PB_OK,
	       "forced delete of wj");
	is_str(said, "removed organization 'wj'; removed 1 role", "the role went");
	is_int(pb_org_refs(db, jd, refs, sizeof refs, &e), 1,
	       "jd: only its child sq2 remains");
	is_int(pb_org_delete(db, resolve("7", 0, &rc), 0, said, sizeof said, &e),
	       PB_OK, "an org nothing refers to is deleted without force");
	is_str(said, "removed organization '7'", "plain message");
	is_int(pb_org_delete(db, 999, 1, said, sizeof said, &e), PB_NOTFOUND,
	       "delete of a missing id");
}

/* The codes pb_org_list yields, comma-separated. */
static int add_code(void *ctx, const pb_rec *r)
{
	char *buf = ctx;
	size_t off = strlen(buf);

	snprintf(buf + off, 256 - off, "%s%s", off ? "," : "",
		 pb_rec_get(r, "code"));
	return 0;
}

static const char *codes(const pb_org_filter *f)
{
	static char buf[256];

	buf[0] = '\0';
	if (pb_org_list(db, f, add_code, buf, &e) != PB_OK)
		return e.msg;
	return buf;
}

/* --unpaired and --no-meetings, on a database of their own: q (street)
 * and qc (community); units q1 and q2; q3 left 2026-01-31; q4 joins
 * 2026-06-01. Pairs qc-q1 from 2025, qc-q2 2025-01-01..2026-03-01.
 * Meetings: 2025-12-01 q2 attends; 2026-02-10 q1 attends, q2 is only
 * commended there; a service event 2026-03-05 that q2 attends is no
 * meeting. */
static void test_questions(void)
{
	static const char *const sql[] = {
		"INSERT INTO orgs (id, code, name, kind, parent_id, joined_on, "
		"left_on) VALUES (1, 'q', 'Q', 'street', NULL, NULL, NULL), "
		"(2, 'qc', 'QC', 'community', 1, NULL, NULL), "
		"(3, 'q1', 'Q1', 'enterprise', 1, NULL, NULL), "
		"(4, 'q2', 'Q2', 'school', 1, NULL, NULL), "
		"(5, 'q3', 'Q3', 'enterprise', 1, NULL, '2026-01-31'), "
		"(6, 'q4', 'Q4', 'private', 1, '2026-06-01', NULL)",
		"INSERT INTO pairs (id, community_id, partner_id, kind, since, "
		"until) VALUES (1, 2, 3, 'enterprise', '2025-01-01', NULL), "
		"(2, 2, 4, 'school', '2025-01-01', '2026-03-01')",
		"INSERT INTO events (id, date, kind, title, org_id) VALUES "
		"(1, '2025-12-01', 'meeting', 'M1', 1), "
		"(2, '2026-02-10', 'meeting', 'M2', 1), "
		"(3, '2026-03-05', 'service', 'S', 1)",
		"INSERT INTO participants (event_id, org_id, role, award) VALUES "
		"(1, 4, 'participant', NULL), (2, 3, 'participant', NULL), "
		"(2, 4, 'awardee', 'A'), (3, 4, 'participant', NULL)",
	};
	pb_db *mine = db;
	pb_org_filter f = {.unpaired = 1};
	size_t i;

	if (pb_db_open(":memory:", PB_WRITE, 1000, &db, &e) != PB_OK) {
		ok(0, "open a second :memory: database: %s", e.msg);
		db = mine;
		return;
	}
	for (i = 0; i < sizeof sql / sizeof sql[0]; i++)
		is_int(pb_exec(db, sql[i], &e), PB_OK, "question fixture %zu", i + 1);

	f.today = "2026-02-01";
	is_str(codes(&f), "",
	       "unpaired on 2026-02-01: none (q1, q2 paired; q3 left, q4 later)");
	f.today = "2026-04-01";
	is_str(codes(&f), "q2", "unpaired on 2026-04-01: q2, its pair ended 03-01");
	f.today = "2026-03-01";
	is_str(codes(&f), "q2", "unpaired on the day its pair ended");
	f.today = "2026-07-01";
	is_str(codes(&f), "q2,q4", "2026-07-01: q4 has joined, without a pair");
	f.all = 1;
	is_str(codes(&f), "q2,q3,q4", "with all: q3, which left, too");
	f.all = 0;
	f.kind = "enterprise";
	is_str(codes(&f), "", "unpaired enterprises: none");

	f = (pb_org_filter){.today = "2026-07-01", .no_meetings_from = "2026-01-01",
			    .no_meetings_to = "2026-12-31"};
	is_str(codes(&f), "q2,q4",
	       "no meeting in 2026: q2 (commended only), q4; no street or community");
	f.all = 1;
	is_str(codes(&f), "q2,q3,q4", "with all: q3 too");
	f.all = 0;
	f.no_meetings_from = "2025-01-01";
	f.no_meetings_to = "2025-12-31";
	is_str(codes(&f), "q1,q4", "no meeting in 2025: q1 and q4");
	f.no_meetings_from = f.no_meetings_to = "2026-02-10";
	is_str(codes(&f), "q2,q4", "a period of one day holds its meeting");
	f.unpaired = 1;
	f.no_meetings_from = "2025-01-01";
	is_str(codes(&f), "q4", "both filters: unpaired and no meeting");
	pb_db_close(db);
	db = mine;
}

int main(void)
{
	if (pb_db_open(":memory:", PB_WRITE, 1000, &db, &e) != PB_OK) {
		printf("Bail out! cannot open :memory: %s\n", e.msg);
		return 1;
	}
	test_insert_get();
	test_resolve();
	test_update_upsert();
	test_parent();
	test_tree();
	test_cycles();
	test_delete();
	test_questions();
	pb_db_close(db);
	return done_testing();
}
