/* The totals' deltas (lib/totals.c) on an in-memory database: an event's
 * part from memory equals its part read from its rows; a touch takes
 * away, a commit adds back; a rollback to a savepoint takes back what
 * came after it, touches included; a rollback forgets all; the figures
 * written are the ones worked out by hand, and pb_totals_check finds
 * them equal to the schema's recompute; a pair's event adds to its
 * pair's totals, whole and by org, and leaves them with its pair. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pb.h"
#include "tap.h"
#include "totals.h"

static int exec(pb_db *db, const char *sql)
{
	pb_stmt *st;
	pb_err e;
	int rc;

	if ((rc = pb_db_prepare(db, sql, &st, &e)) != PB_OK)
		return rc;
	rc = pb_step(st, &e);
	pb_stmt_done(st);
	return rc == PB_DONE || rc == PB_ROW ? PB_OK : rc;
}

/* The rows of a query, "|"-joined columns, ";"-joined rows. */
static void rows(pb_db *db, const char *sql, char *buf, size_t len)
{
	size_t off = 0;
	pb_stmt *st;
	pb_err e;
	int i;

	buf[0] = '\0';
	if (pb_db_prepare(db, sql, &st, &e) != PB_OK) {
		snprintf(buf, len, "(error: %.200s)", e.msg);
		return;
	}
	while (pb_step(st, &e) == PB_ROW && off < len)
		for (i = 0; i < pb_col_count(st) && off < len; i++)
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
						pb_col_text(st, i) ? pb_col_text(st, i) : "",
						i + 1 < pb_col_count(st) ? "|" : ";");
	pb_stmt_done(st);
}

static int problems;

static void count(void *ctx, const char *what)
{
	(void)ctx;
	printf("# %s\n", what);
	problems++;
}

static int check(pb_db *db)
{
	pb_err e;

	problems = 0;
	return pb_totals_check(db, count, NULL, &e) == PB_OK ? problems : -1;
}

#define ROLL "SELECT * FROM totals_roll ORDER BY grain, day, what, category"
#define EVENTS "SELECT org_id, month, kind, events, households, person_times, " \
	       "hours_milli, contributions, cash_fen, in_kind_fen FROM "          \
	       "totals_events ORDER BY org_id, month, kind"

#define PAIRS "SELECT pair_id, month, org_id, events, households, persons, " \
	      "hours_milli, participants, contributions, value_fen FROM "     \
	      "totals_pairs ORDER BY pair_id, month, org_id"

int main(void)
{
	pb_tot_event ev = {"2025-06-30", "service", 2, 3, 0, 0, 0, 0, 0};
	pb_tot_part org_row = {4, 0, 5, 2000, 0};
	pb_tot_part member_row = {0, 1, 1, 1500, 0};
	pb_tot_part awardee = {0, 2, 1, 0, 1};
	pb_tot_contrib rice = {"goods", "大米", "斤", 0, 10000, 1, 4};
	pb_tot_contrib cash = {"cash", NULL, NULL, 50000, 0, 0, 4};
	/* Pair 1's event: organized by its community (2), its partner (4)
	 * there with 3 people and a gift, a member's hours and gift. */
	pb_tot_event paired = {"2025-07-15", "aid", 2, 2, 7, 0, 1, 2, 4};
	pb_tot_part partner_row = {4, 0, 3, 1000, 0};
	pb_tot_part member_half = {0, 1, 1, 500, 0};
	pb_tot_contrib partner_cash = {"cash", NULL, NULL, 20000, 0, 0, 4};
	pb_tot_contrib member_service = {"service", "义诊", NULL, 3000, 0, 0, 0};
	char buf[2048];
	pb_db *db;
	pb_err e;

	if (pb_db_open(":memory:", PB_WRITE, 1000, &db, &e) != PB_OK) {
		ok(0, "open: %s", e.msg);
		return done_testing();
	}
	exec(db, "INSERT INTO orgs (id, code, name, kind) VALUES (1, 'jd', 'J', "
		 "'street'), (2, 'c1', 'C', 'community'), (4, 'u1', 'U', "
		 "'enterprise')");
	/* Members written past the library, marked as made. */
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	exec(db, "INSERT INTO members (id, name, category) VALUES (1, 'A', "
		 "'resident'), (2, 'B', 'resident')");
	ok(pb_totals_member_created(db, 1, &e) == PB_OK &&
		   pb_totals_member_created(db, 2, &e) == PB_OK,
	   "two members made");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	rows(db, ROLL, buf, sizeof buf);
	is_str(buf, "y||roll|resident|2;",
	       "totals_roll: two on the roll since a day not known");

	/* An event written past the library, its part given from memory. */
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	exec(db, "INSERT INTO events (id, date, kind, title, org_id, households) "
		 "VALUES (1, '2025-06-30', 'service', 't', 2, 3)");
	exec(db, "INSERT INTO participants (event_id, org_id, people, hours_milli) "
		 "VALUES (1, 4, 5, 2000)");
	exec(db, "INSERT INTO participants (event_id, member_id, hours_milli) "
		 "VALUES (1, 1, 1500)");
	exec(db, "INSERT INTO participants (event_id, member_id, role, award) "
		 "VALUES (1, 2, 'awardee', 'x')");
	exec(db, "INSERT INTO contributions (event_id, from_org_id, type, "
		 "quantity_milli, unit, item) VALUES (1, 4, 'goods', 10000, '斤', "
		 "'大米')");
	exec(db, "INSERT INTO contributions (event_id, from_org_id, type, "
		 "value_fen) VALUES (1, 4, 'cash', 50000)");
	ok(pb_totals_add_event(db, &ev, &e) == PB_OK &&
		   pb_totals_add_part(db, &ev, &org_row, &e) == PB_OK &&
		   pb_totals_add_part(db, &ev, &member_row, &e) == PB_OK &&
		   pb_totals_add_part(db, &ev, &awardee, &e) == PB_OK &&
		   pb_totals_add_contrib(db, &ev, &rice, &e) == PB_OK &&
		   pb_totals_add_contrib(db, &ev, &cash, &e) == PB_OK,
	   "the event's part from memory");
	is_int(pb_db_commit(db, &e), PB_OK, "commit writes the totals");
	/* 5 people x 2 h + 1 x 1.5 h; 6 person-times; the awardee in none. */
	rows(db, EVENTS, buf, sizeof buf);
	is_str(buf,
	       "0|2025-06|service|1|3|6|11500|2|50000|0;"
	       "2|2025-06|service|1|3|6|11500|2|50000|0;",
	       "totals_events: the organizer's row and every org's (0)");
	rows(db, "SELECT org_id, item, unit, quantity_milli, n FROM totals_goods "
		 "ORDER BY org_id", buf, sizeof buf);
	is_str(buf, "0|大米|斤|10000|1;2|大米|斤|10000|1;", "totals_goods");
	rows(db, "SELECT * FROM totals_takers ORDER BY org_id, month", buf,
	     sizeof buf);
	is_str(buf, "0|2025|1:1|4:1;0|2025-06|1:1|4:1;2|2025-06|1:1|4:1;",
	       "totals_takers: the member and the org listed in the organizer's "
	       "month, every org's and its year; the awardee is not there");
	rows(db, "SELECT org_id, month, members, orgs FROM totals_reach "
		 "ORDER BY org_id, month", buf, sizeof buf);
	is_str(buf, "0|2025|1|1;0|2025-06|1|1;",
	       "totals_reach: a member and an org took part, in the month and the year");
	is_int(check(db), 0, "from memory equals the recompute from the rows");

	/* A touch takes the event away; the commit reads it back. */
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(pb_totals_touch(db, 1, &e), PB_OK, "touch");
	exec(db, "UPDATE events SET date = '2025-07-01' WHERE id = 1");
	is_int(pb_totals_touch(db, 1, &e), PB_OK, "a second touch does nothing");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	rows(db, "SELECT DISTINCT month FROM totals_events", buf, sizeof buf);
	is_str(buf, "2025-07;", "the event moved to July, June's rows gone");
	is_int(check(db), 0, "and equal to the recompute");

	/* A rollback to a savepoint takes back the touch and the change. */
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(pb_db_savepoint(db, &e), PB_OK, "savepoint");
	is_int(pb_totals_touch(db, 1, &e), PB_OK, "touch inside it");
	exec(db, "DELETE FROM contributions WHERE event_id = 1");
	pb_db_rollback_to(db);
	is_int(pb_db_savepoint(db, &e), PB_OK, "a second savepoint");
	exec(db, "INSERT INTO events (id, date, kind, title, org_id) VALUES "
		 "(2, '2025-07-02', 'aid', 't', 4)");
	is_int(pb_totals_created(db, 2, &e), PB_OK, "a new event marked");
	is_int(pb_db_release(db, &e), PB_OK, "released");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	rows(db, EVENTS, buf, sizeof buf);
	is_str(buf,
	       "0|2025-07|aid|1|0|0|0|0|0|0;"
	       "0|2025-07|service|1|3|6|11500|2|50000|0;"
	       "2|2025-07|service|1|3|6|11500|2|50000|0;"
	       "4|2025-07|aid|1|0|0|0|0|0|0;",
	       "the rolled-back touch left the event as it was; the new one added");
	is_int(check(db), 0, "equal to the recompute");

	/* A rollback forgets every delta. */
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(pb_totals_touch(db, 2, &e), PB_OK, "touch");
	exec(db, "DELETE FROM events WHERE id = 2");
	pb_db_rollback(db);
	is_int(pb_db_begin(db, &e), PB_OK, "begin again");
	is_int(pb_db_commit(db, &e), PB_OK, "an empty commit");
	is_int(check(db), 0, "nothing left over from the rolled-back write");

	/* A pair's event: its pair's whole (0), the organizer's part and the
	 * partner's; the member's row and gift in the whole alone, the
	 * awardee in none.  Hours 3 x 1 h + 0.5 h. */
	exec(db, "INSERT INTO pairs (id, community_id, partner_id, kind, since) "
		 "VALUES (1, 2, 4, 'enterprise', '2025-01-01')");
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	exec(db, "INSERT INTO events (id, date, kind, title, org_id, pair_id, "
		 "households, persons) VALUES (3, '2025-07-15', 'aid', 't', 2, 1, "
		 "2, 7)");
	exec(db, "INSERT INTO participants (event_id, org_id, people, hours_milli) "
		 "VALUES (3, 4, 3, 1000)");
	exec(db, "INSERT INTO participants (event_id, member_id, hours_milli) "
		 "VALUES (3, 1, 500)");
	exec(db, "INSERT INTO participants (event_id, member_id, role, award) "
		 "VALUES (3, 2, 'awardee', 'x')");
	exec(db, "INSERT INTO contributions (event_id, from_org_id, type, "
		 "value_fen) VALUES (3, 4, 'cash', 20000)");
	exec(db, "INSERT INTO contributions (event_id, from_member_id, type, "
		 "item, value_fen) VALUES (3, 1, 'service', '义诊', 3000)");
	ok(pb_totals_add_event(db, &paired, &e) == PB_OK &&
		   pb_totals_add_part(db, &paired, &partner_row, &e) == PB_OK &&
		   pb_totals_add_part(db, &paired, &member_half, &e) == PB_OK &&
		   pb_totals_add_part(db, &paired, &awardee, &e) == PB_OK &&
		   pb_totals_add_contrib(db, &paired, &partner_cash, &e) == PB_OK &&
		   pb_totals_add_contrib(db, &paired, &member_service, &e) == PB_OK,
	   "a pair's event from memory");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	rows(db, PAIRS, buf, sizeof buf);
	is_str(buf,
	       "1|2025-07|0|1|2|7|3500|2|2|23000;"
	       "1|2025-07|2|1|2|7|0|0|0|0;"
	       "1|2025-07|4|0|0|0|3000|1|1|20000;",
	       "totals_pairs: the pair's whole, its organizer's and partner's parts");
	is_int(check(db), 0, "equal to the recompute");
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(pb_totals_touch(db, 3, &e), PB_OK, "touch");
	exec(db, "UPDATE events SET pair_id = NULL WHERE id = 3");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	rows(db, PAIRS, buf, sizeof buf);
	is_str(buf, "", "the event without its pair: the pair's rows gone");
	is_int(check(db), 0, "equal to the recompute");

	/* A member's part: on the roll from 2020-01-10 to 2025-03-14,
	 * registered from 2024-05-01 until the roll ends; touched twice, a
	 * savepoint's change taken back. */
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(pb_totals_touch_member(db, 1, &e), PB_OK, "touch a member");
	exec(db, "UPDATE members SET joined_on = '2020-01-10', left_on = "
		 "'2025-03-15' WHERE id = 1");
	exec(db, "INSERT INTO registrations (member_id, community_id, since, "
		 "until) VALUES (1, 2, '2024-05-01', '2025-06-01')");
	is_int(pb_db_savepoint(db, &e), PB_OK, "savepoint");
	is_int(pb_totals_touch_member(db, 2, &e), PB_OK, "touch another");
	exec(db, "UPDATE members SET category = 'retired' WHERE id = 2");
	pb_db_rollback_to(db);
	is_int(pb_totals_touch_member(db, 1, &e), PB_OK,
	       "a second touch does nothing");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	rows(db, ROLL, buf, sizeof buf);
	is_str(buf,
	       "d|2020-01-10|roll|resident|1;d|2024-05-01|registered|resident|1;"
	       "d|2025-03-15|registered|resident|-1;d|2025-03-15|roll|resident|-1;"
	       "m|2020-01|roll|resident|1;m|2024-05|registered|resident|1;"
	       "m|2025-03|registered|resident|-1;m|2025-03|roll|resident|-1;"
	       "y||roll|resident|1;y|2020|roll|resident|1;"
	       "y|2024|registered|resident|1;y|2025|registered|resident|-1;"
	       "y|2025|roll|resident|-1;",
	       "totals_roll: a day's change, its month's and its year's, the other member as it was");
	is_int(check(db), 0, "equal to the recompute");
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(pb_totals_touch_member(db, 1, &e), PB_OK, "touch");
	exec(db, "DELETE FROM registrations WHERE member_id = 1");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	rows(db, ROLL, buf, sizeof buf);
	is_str(buf,
	       "d|2020-01-10|roll|resident|1;d|2025-03-15|roll|resident|-1;"
	       "m|2020-01|roll|resident|1;m|2025-03|roll|resident|-1;"
	       "y||roll|resident|1;y|2020|roll|resident|1;"
	       "y|2025|roll|resident|-1;",
	       "the registration gone, its rows with it");
	is_int(check(db), 0, "equal to the recompute");

	/* A wrong total is seen. */
	exec(db, "UPDATE totals_takers SET orgs = '4:7' WHERE org_id = 2 AND "
		 "month = (SELECT min(month) FROM totals_takers WHERE org_id = 2)");
	is_int(check(db), 1, "a wrong count in a list is one difference");
	exec(db, "UPDATE totals_takers SET members = members || ',9:1' WHERE "
		 "org_id = 0 AND length(month) = 4");
	is_int(check(db), 2, "a member too many in a year's list is one more");
	exec(db, "INSERT INTO totals_takers VALUES (9, '2024-01', '1:1,', '')");
	is_int(check(db), 3, "a list pb does not write is one more");
	exec(db, "INSERT INTO totals_takers VALUES (9, '2024-02', "
		 "'99999999999999999999:1', ''), (9, '2024-03', '5:0', ''), "
		 "(9, '2024-04', '', '0:1'), (9, '2024-05', ' 5:1', '')");
	is_int(check(db), 7,
	       "an id past 64 bits, a count of 0, an id of 0 and a space: "
	       "one more each");
	is_int(pb_db_begin(db, &e), PB_OK, "begin");
	is_int(pb_totals_rebuild(db, &e), PB_OK, "rebuild");
	is_int(pb_db_commit(db, &e), PB_OK, "commit");
	is_int(check(db), 0, "rebuilt");
	pb_db_close(db);
	return done_testing();
}
