/* pb_config_load and pb_db_path: where the config comes from, each key,
 * the errors with their positions, and the precedence of the database. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pb.h"
#include "tap.h"

static char dir[] = "/tmp/t_config.XXXXXX";
static char cfgpath[4200];

/* Write the config file and point PB_CONFIG at it. */
static void config(const char *text)
{
	FILE *fp;

	snprintf(cfgpath, sizeof cfgpath, "%s/config.yaml", dir);
	fp = fopen(cfgpath, "w");
	if (!fp || fputs(text, fp) < 0 || fclose(fp)) {
		perror(cfgpath);
		exit(2);
	}
	setenv("PB_CONFIG", cfgpath, 1);
}

/* Load and format the error with the directory cut off. */
static int load(pb_config *c, char *msg, size_t len)
{
	pb_err e;
	int rc = pb_config_load(c, &e);
	char buf[PB_MSG_MAX + 300];
	const char *s = buf;

	pb_err_format(&e, buf, sizeof buf);
	if (!strncmp(s, dir, strlen(dir)))
		s += strlen(dir);
	snprintf(msg, len, "%s", s);
	return rc;
}

static void test_keys(void)
{
	pb_config c;
	char msg[1024];
	int rc;

	config("# pb config\n"
	       "database: /srv/pb/pb.db\n"
	       "format: json\n"
	       "street: 东湖街道\n"
	       "busy_timeout_ms: 2500\n"
	       "review:\n"
	       "  weights:\n"
	       "    events: 2\n"
	       "    hours: 0.5\n"
	       "    contributions: 1.25\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_OK, "full config loads");
	is_str(msg, "", "no error");
	is_str(c.path, cfgpath, "path is the file read");
	is_str(c.database, "/srv/pb/pb.db", "database");
	is_str(c.format, "json", "format");
	is_str(c.street, "东湖街道", "street");
	is_int(c.busy_timeout_ms, 2500, "busy_timeout_ms");
	is_int(c.nweights, 3, "three weights");
	is_str(c.weights[0].name, "events", "weight 1 name");
	ok(c.weights[0].weight == 2.0, "weight 1 value 2");
	is_str(c.weights[1].name, "hours", "weight 2 name");
	ok(c.weights[1].weight == 0.5, "weight 2 value 0.5");
	ok(c.weights[2].weight == 1.25, "weight 3 value 1.25");

	config("format: ~\nstreet:\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_OK, "null values load");
	is_str(c.format, "", "null format stays unset");
	is_int(c.busy_timeout_ms, 10000, "busy_timeout_ms default");

	config("");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_OK, "empty config loads");
	is_str(c.database, "", "database default");
	is_str(c.format, "", "format default");
	is_str(c.street, "", "street default");
	is_int(c.busy_timeout_ms, 10000, "busy default 10000");
	is_int(c.nweights, 0, "no weights by default");

	setenv("HOME", "/home/zhang", 1);
	config("database: ~/pb/x.db\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_OK, "~ config loads");
	is_str(c.database, "/home/zhang/pb/x.db", "~/ expanded from HOME");
	config("database: ~other/x.db\n");
	load(&c, msg, sizeof msg);
	is_str(c.database, "~other/x.db", "~user left alone");
	unsetenv("HOME");
	config("database: ~/x.db\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_CONFIG, "~ without HOME: PB_CONFIG");
	is_str(msg,
	       "/config.yaml:1:11: cannot expand '~' in database: HOME is "
	       "not set (write the full path)",
	       "~ without HOME message");

	config("database: \":memory:\"\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_CONFIG, "database :memory:: PB_CONFIG");
	is_str(msg,
	       "/config.yaml:1:11: database ':memory:' is SQLite's in-memory "
	       "database, which is gone when the command ends: name the "
	       "database file (or leave the key out for the default)",
	       "database :memory: message");
	config("database: ''\n");
	is_int(load(&c, msg, sizeof msg), PB_CONFIG, "database '': PB_CONFIG");
	config("database: file:x.db?mode=memory\n");
	is_int(load(&c, msg, sizeof msg), PB_CONFIG, "database file:...: PB_CONFIG");
	config("database:\n");
	is_int(load(&c, msg, sizeof msg), PB_OK, "database null: the default");
}

static void test_errors(void)
{
	pb_config c;
	char msg[1024];
	int rc;

	config("format: tsv\nbusy_timeout_ms: 2.5\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_CONFIG, "fractional busy_timeout_ms: PB_CONFIG");
	is_str(msg,
	       "/config.yaml:2:18: busy_timeout_ms must be a whole number of "
	       "milliseconds",
	       "busy_timeout_ms message and position");
	is_str(c.format, "", "a failed load leaves no half-read values");

	config("busy_timeout_ms: -1\n");
	is_int(load(&c, msg, sizeof msg), PB_CONFIG, "negative busy refused");
	config("busy_timeout_ms: 99999999999\n");
	is_int(load(&c, msg, sizeof msg), PB_CONFIG, "huge busy refused");
	config("busy_timeout_ms: 0\n");
	is_int(load(&c, msg, sizeof msg), PB_OK, "zero busy accepted");
	is_int(c.busy_timeout_ms, 0, "zero busy value");

	/* A NUL escape would cut the path short: /srv/pb.db, not the file
	 * named. */
	config("database: \"/srv/pb.db\\0.evil\"\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_CONFIG, "NUL in database: PB_CONFIG");
	is_str(msg,
	       "/config.yaml:1:11: NUL character (U+0000) at character 11: no "
	       "key or value may hold one",
	       "NUL in database: message and position");
	is_str(c.database, "", "NUL in database: no path kept");
	config("street: ok\n\"format\\x00\": tsv\n");
	is_int(load(&c, msg, sizeof msg), PB_CONFIG, "NUL in a key: PB_CONFIG");
	is_str(msg,
	       "/config.yaml:2:1: NUL character (U+0000) at character 7: no "
	       "key or value may hold one",
	       "NUL in a key: message and position");
	config("review:\n  weights:\n    events: \"2\\u0000\"\n");
	is_int(load(&c, msg, sizeof msg), PB_CONFIG,
	       "NUL in a weight: PB_CONFIG");

	config("street: a\ncolour: red\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_CONFIG, "unknown key: PB_CONFIG");
	is_str(msg,
	       "/config.yaml:2:1: unknown config key 'colour' (expected one "
	       "of: database, format, street, busy_timeout_ms, review)",
	       "unknown key message and position");

	config("review:\n  weight: {a: 1}\n");
	load(&c, msg, sizeof msg);
	is_str(msg,
	       "/config.yaml:2:3: unknown config key 'review.weight' "
	       "(expected: review.weights)",
	       "unknown review key");

	config("review:\n  weights:\n    a: -1\n");
	load(&c, msg, sizeof msg);
	is_str(msg,
	       "/config.yaml:3:8: review weight of 'a' must be a "
	       "non-negative number like 1 or 0.5",
	       "negative weight refused");

	{
		char big[4096] = "review:\n  weights:\n";

		for (int i = 0; i < 17; i++) {
			size_t n = strlen(big);

			snprintf(big + n, sizeof big - n, "    w%d: 1\n", i);
		}
		config(big);
		load(&c, msg, sizeof msg);
		is_str(msg,
		       "/config.yaml:19:5: review.weights may have at most 16 "
		       "entries",
		       "seventeen weights refused");
	}

	config("street: a\nstreet: b\n");
	load(&c, msg, sizeof msg);
	is_str(msg, "/config.yaml:2:1: duplicate config key 'street'",
	       "duplicate key refused");

	config("database: [a]\n");
	load(&c, msg, sizeof msg);
	is_str(msg,
	       "/config.yaml:1:11: database must be a single value, found a "
	       "list",
	       "list as a value refused");

	config("street: &s a\nformat: *s\n");
	load(&c, msg, sizeof msg);
	is_str(msg,
	       "/config.yaml:2:9: format must be a single value, found an "
	       "alias (aliases are not allowed)",
	       "alias refused");

	config("street: a\n format: b\n");
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_CONFIG, "syntax error: PB_CONFIG");
	is_str(msg,
	       "/config.yaml:2:8: invalid yaml: mapping values are not "
	       "allowed in this context",
	       "syntax error with position");

	config("street: 东\xff\n");
	load(&c, msg, sizeof msg);
	is_str(msg,
	       "/config.yaml:1:10: invalid config: invalid leading UTF-8 "
	       "octet; the file must be UTF-8 text",
	       "invalid UTF-8 with position");

	config("- a\n");
	load(&c, msg, sizeof msg);
	is_str(msg,
	       "/config.yaml:1:1: config must be a mapping of keys (database, "
	       "format, street, busy_timeout_ms, review), found a list",
	       "top level not a mapping");

	setenv("PB_CONFIG", "/nonexistent/pb.yaml", 1);
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_CONFIG, "missing PB_CONFIG: PB_CONFIG");
	is_str(msg,
	       "cannot read config '/nonexistent/pb.yaml': No such file or "
	       "directory",
	       "missing PB_CONFIG message");
}

static void test_lookup(void)
{
	pb_config c;
	char msg[1024], x[4200];
	FILE *fp;
	int rc;

	/* No PB_CONFIG: the XDG file, absent or present. */
	unsetenv("PB_CONFIG");
	setenv("XDG_CONFIG_HOME", dir, 1);
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_OK, "absent default config is no error");
	is_str(c.path, access("/etc/pb/config.yaml", F_OK) ? "" :
			       "/etc/pb/config.yaml",
	       "absent XDG config: /etc or nothing");
	is_int(c.busy_timeout_ms, 10000, "absent config: defaults");

	snprintf(x, sizeof x, "%s/pb", dir);
	mkdir(x, 0700);
	snprintf(x, sizeof x, "%s/pb/config.yaml", dir);
	fp = fopen(x, "w");
	fputs("street: xdg\n", fp);
	fclose(fp);
	rc = load(&c, msg, sizeof msg);
	is_int(rc, PB_OK, "XDG config loads");
	is_str(c.path, x, "XDG config path");
	is_str(c.street, "xdg", "XDG config read");

	setenv("PB_CONFIG", "", 1);
	load(&c, msg, sizeof msg);
	is_str(c.street, "xdg", "empty PB_CONFIG counts as unset");

	config("street: env\n");
	load(&c, msg, sizeof msg);
	is_str(c.street, "env", "PB_CONFIG wins over XDG");

	unlink(x);
	snprintf(x, sizeof x, "%s/pb", dir);
	rmdir(x);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("PB_CONFIG");
}

static void test_db_path(void)
{
	pb_config c;
	pb_err e;
	char out[4096];
	int rc;

	memset(&c, 0, sizeof c);
	snprintf(c.database, sizeof c.database, "/cfg/pb.db");
	setenv("PB_DB", "/env/pb.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/li", 1);

	rc = pb_db_path("/opt/pb.db", &c, out, sizeof out, &e);
	is_int(rc, PB_OK, "option: ok");
	is_str(out, "/opt/pb.db", "option wins");
	rc = pb_db_path("", &c, out, sizeof out, &e);
	is_int(rc, PB_USAGE, "empty option: usage error, not the next source");
	pb_db_path(NULL, &c, out, sizeof out, &e);
	is_str(out, "/env/pb.db", "PB_DB over config");
	setenv("PB_DB", "", 1);
	pb_db_path(NULL, &c, out, sizeof out, &e);
	is_str(out, "/cfg/pb.db", "empty PB_DB: config next");
	unsetenv("PB_DB");
	pb_db_path(NULL, &c, out, sizeof out, &e);
	is_str(out, "/cfg/pb.db", "config over XDG");
	c.database[0] = '\0';
	pb_db_path(NULL, &c, out, sizeof out, &e);
	is_str(out, "/xdg/pb/pb.db", "XDG_DATA_HOME next");
	pb_db_path(NULL, NULL, out, sizeof out, &e);
	is_str(out, "/xdg/pb/pb.db", "no config at all");
	unsetenv("XDG_DATA_HOME");
	pb_db_path(NULL, &c, out, sizeof out, &e);
	is_str(out, "/home/li/.local/share/pb/pb.db", "XDG default from HOME");
	unsetenv("HOME");
	rc = pb_db_path(NULL, &c, out, sizeof out, &e);
	is_int(rc, PB_CONFIG, "nothing at all: PB_CONFIG");
	is_str(e.msg, "cannot find a database: set --db or PB_DB",
	       "nothing at all: message");
	rc = pb_db_path("/a/very/long/path", &c, out, 8, &e);
	is_int(rc, PB_CONFIG, "too long for the buffer: PB_CONFIG");
}

/* Who named the database, and the values that name no file. */
static void test_db_locate(void)
{
	pb_config c;
	pb_err e;
	char out[4096];
	int src = -1;

	memset(&c, 0, sizeof c);
	setenv("HOME", "/home/li", 1);
	unsetenv("XDG_DATA_HOME");
	unsetenv("PB_DB");
	is_int(pb_db_locate(NULL, &c, out, sizeof out, &src, &e), PB_OK,
	       "default: ok");
	is_int(src, PB_DB_DEFAULT, "default: source");
	snprintf(c.database, sizeof c.database, "/cfg/pb.db");
	pb_db_locate(NULL, &c, out, sizeof out, &src, &e);
	is_int(src, PB_DB_CONFIG, "config: source");
	setenv("PB_DB", "/env/pb.db", 1);
	pb_db_locate(NULL, &c, out, sizeof out, &src, &e);
	is_int(src, PB_DB_ENV, "PB_DB: source");
	pb_db_locate("/opt/pb.db", &c, out, sizeof out, &src, &e);
	is_int(src, PB_DB_OPTION, "option: source");
	setenv("PB_DB", "", 1);
	pb_db_locate(NULL, &c, out, sizeof out, &src, &e);
	is_int(src, PB_DB_CONFIG, "an empty PB_DB is unset");

	is_int(pb_db_locate("", &c, out, sizeof out, &src, &e), PB_USAGE,
	       "--db '': PB_USAGE");
	is_str(e.msg, "--db '' is empty: name the database file",
	       "--db '': message");
	is_str(out, "", "--db '': no path");
	is_int(pb_db_locate(":memory:", &c, out, sizeof out, &src, &e), PB_USAGE,
	       "--db :memory:: PB_USAGE");
	is_int(pb_db_locate("file::memory:", &c, out, sizeof out, &src, &e),
	       PB_USAGE, "--db file::memory:: PB_USAGE");
	is_int(pb_db_locate("./file:x", &c, out, sizeof out, &src, &e), PB_OK,
	       "--db ./file:x is a path");
	setenv("PB_DB", ":memory:", 1);
	is_int(pb_db_locate(NULL, &c, out, sizeof out, &src, &e), PB_USAGE,
	       "PB_DB=:memory:: PB_USAGE");
	is_str(e.msg,
	       "PB_DB ':memory:' is SQLite's in-memory database, which is gone "
	       "when the command ends: name the database file",
	       "PB_DB=:memory:: message");
	unsetenv("PB_DB");
	ok(pb_db_unusable("pb.db") == NULL, "a path is usable");
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	unsetenv("XDG_CONFIG_HOME");
	test_keys();
	test_errors();
	test_lookup();
	test_db_path();
	test_db_locate();
	unlink(cfgpath);
	rmdir(dir);
	return done_testing();
}
