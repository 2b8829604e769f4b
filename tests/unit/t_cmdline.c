/* The audit trail's command line: shell quoting, masked parts, where a
 * password sits in a database value, which fields are personal. */
#include <stdlib.h>

#include "pb.h"
#include "tap.h"

/* The line for argv with the masks m[0..nm), checked against want. */
static void line_is(int argc, char *const *argv, const pb_mask *m, size_t nm,
		    const char *want, const char *what)
{
	char *got = pb_cmdline(argc, argv, m, nm);

	is_str(got, want, "%s", what);
	free(got);
}

static void test_quoting(void)
{
	char *plain[] = {"pb-org", "add", "--code", "jd"};
	char *odd[] = {"pb-org", "set", "jd", "--note", "", "--name", "a b",
		       "it's", "$HOME", "--phone=*"};

	line_is(4, plain, NULL, 0, "pb-org add --code jd", "plain words as they are");
	line_is(10, odd, NULL, 0,
		"pb-org set jd --note '' --name 'a b' 'it'\\''s' '$HOME' '--phone=*'",
		"empty, spaced, quoted and special words quoted for a shell");
}

static void test_masks(void)
{
	char *argv[] = {"pb-member", "add", "--phone", "13800000001",
			"--phone=139 0000 0002", "--note", "x y"};
	pb_mask m[] = {{3, 0, 11}, {4, 8, 21}};
	pb_mask unordered[] = {{4, 8, 21}, {3, 0, 11}};
	pb_mask beyond[] = {{3, 5, 99}};

	line_is(7, argv, m, 2,
		"pb-member add --phone *** --phone=*** --note 'x y'",
		"a whole word and the value after = masked");
	line_is(7, argv, beyond, 1,
		"pb-member add --phone 13800*** '--phone=139 0000 0002' --note 'x y'",
		"a mask past the word's end stops at it");
	/* Out of order, the earlier word's mask is skipped rather than
	 * misplaced: the caller sorts them. */
	line_is(7, argv, unordered, 2,
		"pb-member add --phone 13800000001 --phone=*** --note 'x y'",
		"masks out of order are not applied to the wrong word");
}

/* The value with its secrets masked, through pb_cmdline. */
static void secret_is(const char *value, const char *want)
{
	pb_mask m[8];
	char *argv[1];
	size_t n;

	argv[0] = (char *)value;
	n = pb_conninfo_secrets(value, 0, 0, m, 8);
	line_is(1, argv, m, n, want, value);
}

static void test_conninfo(void)
{
	pb_mask m[1];

	secret_is("postgresql://pb:s3cret@db.example/pb",
		  "postgresql://pb:***@db.example/pb");
	secret_is("postgres://pb:p@ss@db/pb?sslmode=require",
		  "postgres://pb:***'@db/pb?sslmode=require'");
	secret_is("postgresql://pb@db/pb", "postgresql://pb@db/pb");
	secret_is("postgresql://db/pb?user=pb&password=x1&sslmode=require",
		  "'postgresql://db/pb?user=pb&password='***'&sslmode=require'");
	secret_is("postgresql:host=db password=s3cret dbname=pb",
		  "'postgresql:host=db password='***' dbname=pb'");
	secret_is("postgresql:password = 'a b\\' c' user=pb",
		  "'postgresql:password = '***' user=pb'");
	secret_is("postgresql:service=pb", "postgresql:service=pb");
	secret_is("/var/lib/pb/password=x.db", "/var/lib/pb/password=x.db");
	is_int(pb_conninfo_secrets("postgresql://a:b@h/d", 3, 10, m, 1), 1,
	       "one mask");
	ok(m[0].word == 3 && m[0].from == 10 + 15 && m[0].to == 10 + 16,
	   "placed in the word given, after the offset given");
	is_int(pb_conninfo_secrets("postgresql://a:b@h/d", 0, 0, m, 0), 0,
	       "no room: none");
}

static void test_personal(void)
{
	ok(pb_field_personal("phone"), "phone is personal");
	ok(!pb_field_personal("name"), "name is not");
	ok(!pb_field_personal("note"), "nor note");
	ok(!pb_field_personal("db"), "nor an option that is no field");
}

int main(void)
{
	test_quoting();
	test_masks();
	test_conninfo();
	test_personal();
	return done_testing();
}
