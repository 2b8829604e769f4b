/* Per-month totals (schema step 7), kept in the same transaction as the
 * writes that change them.  The rule for every write in lib/: before an
 * existing event or any of its participant or contribution rows changes
 * (or goes), pb_totals_touch(event); after an event is created,
 * pb_totals_created(event), or, where its rows are at hand in memory
 * (an import), pb_totals_add_* with them and nothing else.  Members
 * likewise: pb_totals_touch_member, pb_totals_member_created.  Deltas
 * gather in C and reach the totals tables in pb_db_commit; a rollback,
 * or a rollback to a savepoint, forgets what came after it. */
#ifndef PB_TOTALS_H
#define PB_TOTALS_H

#include "pb.h"

typedef struct pb_totals pb_totals;

/* An event as the totals see it: counts not given are 0. */
typedef struct pb_tot_event {
	const char *date; /* YYYY-MM-DD */
	const char *kind;
	int64_t org; /* the organizer */
	int64_t households, persons, jobs;
	int64_t pair; /* its co-construction pair, 0 for none */
	/* The pair's community and partner: of the orgs taking part, the
	 * pair's rows keep the part of these two alone. */
	int64_t community, partner;
} pb_tot_event;

/* A participant row: an org with its head-count, or a member. */
typedef struct pb_tot_part {
	int64_t org, member, people, hours_milli;
	int awardee; /* commended, not attending: counts in nothing */
} pb_tot_part;

/* A contribution row; quantity only counts with has_quantity. */
typedef struct pb_tot_contrib {
	const char *type, *item, *unit;
	int64_t value_fen, quantity_milli;
	int has_quantity;
	int64_t from_org; /* the giver, 0 for a member */
} pb_tot_contrib;

/* Subtract the event's current rows (read from the database) and mark it,
 * so that its rows as they are at commit are added back.  Once per event
 * and transaction; an event not there is only marked. */
int pb_totals_touch(pb_db *db, int64_t event, pb_err *e);
/* pb_totals_touch for every event id the query (one bound id) lists. */
int pb_totals_touch_query(pb_db *db, const char *sql, int64_t id, pb_err *e);
/* The same for a member, before its row or any of its registrations
 * changes (or goes): the members on the roll and registered (schema
 * step 11); pb_totals_touch_members for every member id the query (one
 * bound id) lists; pb_totals_member_created after a member is made. */
int pb_totals_touch_member(pb_db *db, int64_t member, pb_err *e);
int pb_totals_touch_members(pb_db *db, const char *sql, int64_t id,
			    pb_err *e);
int pb_totals_member_created(pb_db *db, int64_t member, pb_err *e);
/* A new event: its rows are read and added at commit. */
int pb_totals_created(pb_db *db, int64_t event, pb_err *e);
/* A new event's figures from memory, for a writer that neither touched
 * nor marked it: the event, then each of its rows. */
int pb_totals_add_event(pb_db *db, const pb_tot_event *ev, pb_err *e);
int pb_totals_add_part(pb_db *db, const pb_tot_event *ev,
		       const pb_tot_part *p, pb_err *e);
int pb_totals_add_contrib(pb_db *db, const pb_tot_event *ev,
			  const pb_tot_contrib *c, pb_err *e);

/* Outside any savepoint, the deltas written now when more than most are
 * held, as at commit: a long import's memory stays flat. */
int pb_totals_spill(pb_db *db, size_t most, pb_err *e);

/* Each id of a list of totals_takers (its members or its orgs, schema
 * step 13) given to fn, which stops the walk by returning non-zero;
 * -1 when fn stopped it or text is no such list. */
int pb_totals_list_each(const char *text, int (*fn)(void *ctx, int64_t id),
			void *ctx);
/* store.c's transaction hooks. */
int pb_totals_flush(pb_db *db, pb_err *e); /* before COMMIT */
void pb_totals_reset(pb_db *db);	    /* ROLLBACK, close */
int pb_totals_savepoint(pb_db *db, pb_err *e);
void pb_totals_release(pb_db *db);
void pb_totals_rollback_to(pb_db *db);

#endif
