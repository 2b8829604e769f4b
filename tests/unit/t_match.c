/* The row matcher of every list's --name, --search and --kind a,b:
 * substrings of UTF-8 with ASCII letters folded, nothing else folded,
 * kinds checked against their domain. */
#include <string.h>

#include "pb.h"
#include "tap.h"

static int kept;

static int count(void *ctx, const pb_rec *r)
{
	(void)ctx;
	(void)r;
	kept++;
	return 0;
}

int main(void)
{
	static const char *const names[] = {"name", NULL};
	pb_match m;
	pb_rec r;
	pb_err e;

	ok(pb_text_find("华英科技", "英科"), "a CJK substring is found");
	ok(!pb_text_find("华英科技", "英技"), "characters not next to each other are not");
	ok(pb_text_find("Donghu No.1 Middle School", "middle"),
	   "ASCII letters fold: 'middle' finds 'Middle'");
	ok(pb_text_find("volunteers", "VOL"), "and the other way round");
	ok(!pb_text_find("ＡＢＣ", "abc"), "full-width letters do not fold");
	ok(!pb_text_find("Ärzte", "ä"), "nor do other non-ASCII letters");
	ok(!pb_text_find(NULL, "x"), "a NULL value matches nothing");
	ok(pb_text_find("abc", ""), "the empty text is in every value");

	is_int(pb_match_text("name", "", &e), PB_USAGE, "--name '' is a usage error");
	is_str(e.msg, "--name needs a text to look for", "saying so");
	is_int(pb_match_text("search", "a\xff", &e), PB_USAGE, "bad UTF-8 is refused");
	is_str(e.msg, "--search: not valid UTF-8 (byte 2)", "at its byte");
	is_int(pb_match_text("name", "\xe5", &e), PB_USAGE,
	       "so is a piece of a character (it would match inside one)");
	is_int(pb_match_text("name", "华", &e), PB_OK, "a CJK text is taken");

	memset(&m, 0, sizeof m);
	is_int(pb_match_in(&m, "kind", &pb_org_kinds, "kind", "enterprise,社区党组织,enterprise",
			   &e), PB_OK, "kinds by key and by Chinese label");
	is_int(m.nin, 2, "the same kind twice counts once");
	is_str(m.in[1], "community", "the label is kept as its key");
	is_int(pb_match_in(&m, "kind", &pb_org_kinds, "kind", "enterprise,shop", &e),
	       PB_USAGE, "an unknown kind is a usage error");
	ok(strncmp(e.msg, "unknown kind 'shop' (expected one of: district, ", 48) == 0,
	   "naming it and the choices: %s", e.msg);
	is_int(pb_match_in(&m, "kind", &pb_org_kinds, "kind", "enterprise,", &e),
	       PB_USAGE, "an empty kind after a comma too");

	pb_rec_init(&r, pb_org_fields, pb_org_nfields);
	pb_rec_put(&r, 1, "hy");
	pb_rec_put(&r, 2, "华英 Huaying");
	pb_rec_put(&r, 3, "enterprise");
	pb_rec_put(&r, (size_t)pb_field_index(pb_org_fields, pb_org_nfields, "address"),
		   "东湖路1号");

	memset(&m, 0, sizeof m);
	ok(!pb_match_any(&m) && pb_match_row(&m, &r), "nothing asked: every row");
	m.name_fields = names;
	m.name = "huaYING";
	ok(pb_match_any(&m) && pb_match_row(&m, &r), "--name in the name, ASCII folded");
	m.name = "东湖";
	ok(!pb_match_row(&m, &r), "--name does not look at the address");
	m.name = NULL;
	m.search = "东湖";
	ok(pb_match_row(&m, &r), "--search does");
	m.search = "enterprise";
	ok(!pb_match_row(&m, &r), "--search leaves the kind's key to --kind");
	m.search = NULL;
	pb_match_in(&m, "kind", &pb_org_kinds, "kind", "street,enterprise", &e);
	ok(pb_match_row(&m, &r), "--kind street,enterprise keeps an enterprise");
	pb_match_in(&m, "kind", &pb_org_kinds, "kind", "street", &e);
	ok(!pb_match_row(&m, &r), "--kind street does not");
	pb_match_in(&m, "name", NULL, "title", "华英 Huaying", &e);
	ok(pb_match_row(&m, &r), "one exact value without a domain");

	memset(&m, 0, sizeof m);
	m.search = "路1";
	m.fn = count;
	pb_match_fn(&m, &r);
	m.search = "路2";
	pb_match_fn(&m, &r);
	is_int(kept, 1, "pb_match_fn passes on the rows kept only");
	pb_rec_free(&r);
	return done_testing();
}
