/* The rules of pairs on an in-memory database: each refusal with its code
 * and message and nothing written, targets kept exactly as fen, the
 * upsert key, end, delete, and the active filter. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "tap.h"

static pb_db *db;

static void org(const char *code, const char *kind)
{
	pb_rec r;
	pb_err e;

	pb_rec_init(&r, pb_org_fields, pb_org_nfields);
	pb_rec_set(&r, "code", code, &e);
	pb_rec_set(&r, "name", code, &e);
	pb_rec_set(&r, "kind", kind, &e);
	if (pb_org_insert(db, &r, &e) != PB_OK) {
		printf("Bail out! cannot add org %s: %s\n", code, e.msg);
		exit(2);
	}
	pb_rec_free(&r);
}

/* A pair record from "field=value" strings, NULL-terminated. */
static void pair(pb_rec *r, const char *const *kv)
{
	char field[64];
	pb_err e;

	pb_rec_init(r, pb_pair_fields, pb_pair_nfields);
	for (; *kv; kv++) {
		const char *eq = strchr(*kv, '=');

		snprintf(field, sizeof field, "%.*s", (int)(eq - *kv), *kv);
		if (pb_rec_set(r, field, eq + 1, &e) != PB_OK)
			printf("# set %s: %s\n", *kv, e.msg);
	}
}

static int64_t count_pairs(void)
{
	static const char sql[] = "SELECT count(*) FROM pairs";
	pb_stmt *st;
	pb_err e;
	int64_t n = -1;

	if (pb_db_prepare(db, sql, &st, &e) == PB_OK && pb_step(st, &e) == PB_ROW)
		n = pb_col_int(st, 0);
	pb_stmt_done(st);
	return n;
}

static int64_t add_ok(const char *what, const char *const *kv)
{
	pb_rec r;
	pb_err e;
	int64_t id;

	pair(&r, kv);
	is_int(pb_pair_insert(db, &r, &e), PB_OK, "%s: accepted", what);
	id = r.id;
	pb_rec_free(&r);
	return id;
}

static void add_bad(const char *what, const char *const *kv, const char *msg)
{
	int64_t before = count_pairs();
	pb_rec r;
	pb_err e;

	pb_err_clear(&e);
	pair(&r, kv);
	is_int(pb_pair_insert(db, &r, &e), PB_DATAERR, "%s: refused with 65", what);
	is_str(e.msg, msg, "%s: message", what);
	is_int(count_pairs(), before, "%s: nothing written", what);
	pb_rec_free(&r);
}

typedef struct ids {
	char buf[256];
	size_t off;
} ids;

static int collect(void *ctx, const pb_rec *r)
{
	ids *x = ctx;

	x->off += (size_t)snprintf(x->buf + x->off, sizeof x->buf - x->off, "%s%lld",
				   x->off ? "," : "", (long long)r->id);
	return 0;
}

static const char *listed(int64_t org, const char *kind, const char *on)
{
	static ids x;
	static pb_err e;
	pb_pair_filter f = {org, kind, on};

	memset(&x, 0, sizeof x);
	if (pb_pair_list(db, &f, collect, &x, &e) != PB_OK)
		return e.msg;
	return x.buf;
}

int main(void)
{
	pb_rec r, got;
	pb_err e;
	char said[256];
	int created;
	int64_t id;

	if (pb_db_open(":memory:", PB_WRITE, 1000, &db, &e) != PB_OK) {
		printf("Bail out! %s\n", e.msg);
		return 2;
	}
	org("jd", "street");		/* 1 */
	org("sq1", "community");	/* 2 */
	org("sq2", "community");	/* 3 */
	org("hn", "enterprise");	/* 4 */
	org("wj", "garrison");		/* 5 */

	id = add_ok("a pair with targets",
		    (const char *const[]){"community=sq1", "partner=hn",
					  "kind=社企共建", "since=2024-03-01",
					  "target_yuan=6万", "target_households=30",
					  NULL});
	is_int(id, 1, "the first pair is id 1");
	pb_rec_init(&got, pb_pair_fields, pb_pair_nfields);
	is_int(pb_pair_get(db, 1, &got, &e), PB_OK, "get");
	is_str(pb_rec_get(&got, "target_yuan"), "60000.00", "6万 reads back as 60000.00");
	is_str(pb_rec_get(&got, "kind"), "enterprise", "the kind is stored as its key");
	is_str(pb_rec_get(&got, "target_households"), "30", "households");
	is_str(pb_rec_get(&got, "until"), NULL, "no until");
	pb_rec_free(&got);

	id = add_ok("the street with a garrison, by ids",
		    (const char *const[]){"community=1", "partner=5", "kind=military",
					  "since=2023-01-01", "target_yuan=1234.5元",
					  NULL});
	pb_rec_init(&got, pb_pair_fields, pb_pair_nfields);
	pb_pair_get(db, id, &got, &e);
	is_str(pb_rec_get(&got, "community"), "jd", "a side named by id is stored as its code");
	is_str(pb_rec_get(&got, "target_yuan"), "1234.50", "1234.5元 reads back as 1234.50");
	pb_rec_free(&got);

	add_bad("self", (const char *const[]){"community=sq1", "partner=sq1", "kind=aid",
					     "since=2025-01-01", NULL},
		"community and partner are both 'sq1' (an organization cannot pair "
		"with itself)");
	add_bad("enterprise as community",
		(const char *const[]){"community=hn", "partner=sq1", "kind=aid",
				      "since=2025-01-01", NULL},
		"community 'hn' is of kind enterprise (expected an organization of "
		"kind community or street)");
	add_bad("unknown partner",
		(const char *const[]){"community=sq1", "partner=zz", "kind=aid",
				      "since=2025-01-01", NULL},
		"partner: unknown organization 'zz'");
	add_bad("unknown community",
		(const char *const[]){"community=zz", "partner=hn", "kind=aid",
				      "since=2025-01-01", NULL},
		"community: unknown organization 'zz'");
	add_bad("until before since",
		(const char *const[]){"community=sq1", "partner=wj", "kind=aid",
				      "since=2025-01-01", "until=2024-12-31", NULL},
		"until 2024-12-31 is before since 2025-01-01");
	add_bad("a second active pair",
		(const char *const[]){"community=sq1", "partner=hn", "kind=enterprise",
				      "since=2026-01-01", NULL},
		"'sq1' and 'hn' already have an active pair of kind enterprise (pair "
		"1, since 2024-03-01): end it first (pb-pair end 1) or choose another "
		"kind");
	add_bad("missing since",
		(const char *const[]){"community=sq1", "partner=hn", "kind=aid", NULL},
		"missing since");
	add_ok("another kind between the same two",
	       (const char *const[]){"community=sq1", "partner=hn", "kind=aid",
				     "since=2026-01-01", NULL});
	add_ok("an earlier pair that ended the day the active one began",
	       (const char *const[]){"community=sq1", "partner=hn", "kind=enterprise",
				     "since=2020-01-01", "until=2024-03-01", NULL});
	add_ok("a pair that ended the day it began has no days",
	       (const char *const[]){"community=sq1", "partner=hn", "kind=enterprise",
				     "since=2025-05-05", "until=2025-05-05", NULL});
	add_bad("an ended pair overlapping",
		(const char *const[]){"community=sq1", "partner=hn", "kind=enterprise",
				      "since=2019-01-01", "until=2020-01-02", NULL},
		"'sq1' and 'hn' already have a pair of kind enterprise active from "
		"2020-01-01 until 2024-03-01 (pair 4): only one pair of a kind may be "
		"active at a time");

	/* ids: 1 sq1-hn enterprise, 2 jd-wj military, 3 sq1-hn aid from
	 * 2026, 4 sq1-hn enterprise 2020..2024-03-01, 5 zero days */
	is_str(listed(0, NULL, NULL), "1,2,3,4,5", "list: all, by id");
	is_str(listed(0, NULL, "2024-03-01"), "1,2", "active on a day: begun, not ended");
	is_str(listed(0, NULL, "2024-02-29"), "2,4", "the day before");
	is_str(listed(0, NULL, "2025-05-05"), "1,2", "a zero-day pair is never active");
	is_str(listed(4, "enterprise", NULL), "1,4,5", "by org on the partner side and kind");
	is_str(listed(1, NULL, NULL), "2", "by org on the community side");

	/* end */
	is_int(pb_pair_end(db, 1, "2024-01-01", &e), PB_DATAERR, "end before since refused");
	is_str(e.msg, "until 2024-01-01 is before since 2024-03-01", "says why");
	is_int(pb_pair_end(db, 99, "2026-01-01", &e), PB_NOTFOUND, "end of a missing pair: not found");
	is_int(pb_pair_end(db, 1, "2026-06-01", &e), PB_OK, "end");
	is_str(listed(0, NULL, "2026-06-01"), "2,3", "ended on its until");
	is_str(listed(0, NULL, "2026-05-31"), "1,2,3", "active the day before");
	id = add_ok("a new pair of the kind from the day the last ended",
		    (const char *const[]){"community=sq1", "partner=hn",
					  "kind=enterprise", "since=2026-06-01",
					  NULL});
	is_int(id, 6, "it is pair 6");

	/* upsert: the key is community, partner, kind and since */
	pair(&r, (const char *const[]){"community=sq1", "partner=4", "kind=aid",
				       "since=2026-01-01", NULL});
	is_int(pb_pair_upsert(db, &r, &created, &e), PB_OK, "upsert of a known pair");
	is_int(created, -1, "unchanged");
	is_int(r.id, 3, "found by its key, whatever names the org");
	pb_rec_free(&r);
	pair(&r, (const char *const[]){"community=sq1", "partner=hn", "kind=aid",
				       "since=2026-01-01", "target_persons=12", NULL});
	is_int(pb_pair_upsert(db, &r, &created, &e), PB_OK, "upsert with a change");
	is_int(created, 0, "updated");
	pb_rec_free(&r);
	pair(&r, (const char *const[]){"community=sq2", "partner=wj", "kind=military",
				       "since=2026-01-01", NULL});
	is_int(pb_pair_upsert(db, &r, &created, &e), PB_OK, "upsert of a new pair");
	is_int(created, 1, "created");
	pb_rec_free(&r);
	pair(&r, (const char *const[]){"community=jd", "partner=wj", "kind=military",
				       "since=2025-01-01", NULL});
	is_int(pb_pair_upsert(db, &r, &created, &e), PB_DATAERR,
	       "an upsert that breaks a rule is refused");
	pb_rec_free(&r);

	/* update */
	pb_rec_init(&got, pb_pair_fields, pb_pair_nfields);
	pb_pair_get(db, 3, &got, &e);
	pb_rec_put(&got, (size_t)pb_field_index(got.fields, got.n, "partner"), "sq1");
	is_int(pb_pair_update(db, &got, &e), PB_DATAERR, "an update is checked by the rules");
	pb_rec_free(&got);

	/* delete */
	is_int(pb_pair_delete(db, 99, 0, said, sizeof said, &e), PB_NOTFOUND,
	       "delete of a missing pair: not found");
	is_int(pb_pair_delete(db, 5, 0, said, sizeof said, &e), PB_OK, "delete");
	is_str(said, "removed pair 5 (enterprise, 'sq1' and 'hn', since 2025-05-05)",
	       "says what it removed");
	is_int(pb_pair_get(db, 5, &got, &e), PB_NOTFOUND, "it is gone");

	/* an org's pairs go with it under pb-org rm --force */
	is_int(pb_org_refs(db, 4, said, sizeof said, &e), 4, "hn is referred to by 4 pairs");
	is_str(said, "4 pairs", "and says so");
	is_int(pb_org_delete(db, 4, 0, said, sizeof said, &e), PB_DATAERR,
	       "an org with pairs is not removed without force");
	is_int(pb_org_delete(db, 4, 1, said, sizeof said, &e), PB_OK, "with force it is");
	is_str(said, "removed organization 'hn'; removed 4 pairs", "with its pairs");
	is_str(listed(0, NULL, NULL), "2,7", "only the others remain");

	pb_db_close(db);
	return done_testing();
}
