/* The bare query: the summary's aggregate SQL (lib/report.c and
 * lib/report_sql.h, copied as they stand) for one period and the one
 * before it, as pb-report summary runs them by default, from a minimal
 * program: prepare, bind, step, sum the results so the work is not
 * optimised away, close. No report tree, no formatting.
 *
 * usage: bare_query DB FROM TO WINDOW [FROM TO WINDOW] */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define SCOPE_CTE                                                             \
	"WITH RECURSIVE scope(id) AS (SELECT id FROM orgs WHERE ?3 IS NULL OR " \
	"id = ?3 UNION SELECT o.id FROM orgs o JOIN scope s ON o.parent_id = "  \
	"s.id WHERE ?3 IS NOT NULL) "
#define MEMBERS_IN_SCOPE                                                       \
	SCOPE_CTE ", reg AS (SELECT member_id, community_id FROM "               \
	"registrations WHERE since <= ?2 AND (until IS NULL OR until > ?2)), "   \
	"m AS (SELECT members.*, reg.community_id FROM members LEFT JOIN reg ON " \
	"reg.member_id = members.id WHERE (members.left_on IS NULL OR "          \
	"members.left_on > ?2) AND (?3 IS NULL OR members.org_id IN (SELECT id " \
	"FROM scope) OR members.unit_id IN (SELECT id FROM scope) OR "           \
	"reg.community_id IN (SELECT id FROM scope))) "
#define SCOPE                                                                 \
	SCOPE_CTE ", ev AS (SELECT e.* FROM events e WHERE e.date >= ?1 "      \
	"AND e.date <= ?2 AND e.org_id IN (SELECT id FROM scope)) "

static const char *const queries[] = {
	SCOPE "SELECT kind, count(*) FROM ev GROUP BY kind ORDER BY kind",
	SCOPE "SELECT count(DISTINCT p.org_id), count(DISTINCT p.member_id), "
	"count(p.member_id) + COALESCE(sum(p.people) FILTER (WHERE p.org_id IS "
	"NOT NULL), 0), COALESCE(sum(p.hours_milli * p.people), 0) "
	"FROM participants p JOIN ev ON ev.id = p.event_id",
	SCOPE "SELECT count(*), COALESCE(sum(c.value_fen) FILTER (WHERE c.type = "
	"'cash'), 0), COALESCE(sum(c.value_fen) FILTER (WHERE c.type <> 'cash'), "
	"0) FROM contributions c JOIN ev ON ev.id = c.event_id",
	SCOPE "SELECT c.item, c.unit, sum(c.quantity_milli) FROM contributions c "
	"JOIN ev ON ev.id = c.event_id WHERE c.type = 'goods' AND "
	"c.quantity_milli IS NOT NULL GROUP BY c.item, c.unit "
	"ORDER BY c.item, c.unit",
	SCOPE "SELECT COALESCE(sum(households), 0), COALESCE(sum(persons), 0), "
	"COALESCE(sum(jobs), 0) FROM ev",
	SCOPE "SELECT count(*) FILTER (WHERE p.since <= ?2 AND (p.until IS NULL OR "
	"p.until > ?2)), count(*) FILTER (WHERE p.since >= ?1 AND p.since <= ?2), "
	"count(*) FILTER (WHERE p.until >= ?1 AND p.until <= ?2), "
	"count(*) FILTER (WHERE p.since <= ?2 AND (p.until IS NULL OR p.until > "
	"?2) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.pair_id = p.id AND "
	"e.date >= ?4 AND e.date <= ?2)) FROM pairs p "
	"WHERE p.community_id IN (SELECT id FROM scope) OR p.partner_id IN "
	"(SELECT id FROM scope)",
	MEMBERS_IN_SCOPE "SELECT count(*), count(community_id), (SELECT count(*) "
	"FROM registrations r WHERE r.since >= ?1 AND r.since <= ?2 AND "
	"r.community_id IN (SELECT id FROM scope)) FROM m",
	MEMBERS_IN_SCOPE "SELECT category, count(*) FROM m GROUP BY category "
	"ORDER BY category",
	SCOPE "SELECT count(*), count(*) FILTER (WHERE answered <= ?2), "
	"count(*) FILTER (WHERE answered <= due), "
	"count(*) FILTER (WHERE (answered IS NULL OR answered > ?2) AND due < ?2) "
	"FROM opinions WHERE received >= ?1 AND received <= ?2 AND from_org_id IN "
	"(SELECT id FROM scope)",
};

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long sum = 0;
	size_t q;
	int a, c;

	if (argc != 5 && argc != 8) {
		fputs("usage: bare_query DB FROM TO WINDOW [FROM TO WINDOW]\n",
		      stderr);
		return 64;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "bare_query: %s: %s\n", argv[1], sqlite3_errmsg(db));
		return 70;
	}
	for (a = 2; a < argc; a += 3)
		for (q = 0; q < sizeof queries / sizeof queries[0]; q++) {
			if (sqlite3_prepare_v2(db, queries[q], -1, &st, NULL) !=
			    SQLITE_OK) {
				fprintf(stderr, "bare_query: %s\n", sqlite3_errmsg(db));
				return 70;
			}
			sqlite3_bind_text(st, 1, argv[a], -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, argv[a + 1], -1, SQLITE_STATIC);
			sqlite3_bind_null(st, 3);
			if (strstr(queries[q], "?4"))
				sqlite3_bind_text(st, 4, argv[a + 2], -1, SQLITE_STATIC);
			while (sqlite3_step(st) == SQLITE_ROW)
				for (c = 0; c < sqlite3_column_count(st); c++)
					sum += sqlite3_column_int64(st, c);
			sqlite3_finalize(st);
		}
	sqlite3_close(db);
	printf("%lld\n", sum);
	return 0;
}
