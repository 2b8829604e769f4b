/* The database as a whole: dump and load of every record kind in one YAML
 * document, pb's own invariants on top of the engine's checks, and the
 * audit trail. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pb.h"

/* Every kind in the order references need (pb_kinds). */
int pb_db_dump(pb_db *db, FILE *fp, pb_err *e)
{
	static const int no_redact = 0;
	pb_export_section s[8];
	size_t n = 0, i;

	for (i = 0; pb_kinds[i]; i++)
		n += pb_kinds[i]->export_sections(s + n, &no_redact);
	return pb_export_yaml(db, fp, s, n, e);
}

static const char RECORDS[] =
	"SELECT (SELECT count(*) FROM orgs) + (SELECT count(*) FROM members) + "
	"(SELECT count(*) FROM pairs) + (SELECT count(*) FROM events) + "
	"(SELECT count(*) FROM opinions)";

int pb_db_load(pb_db *db, const char *path, int merge, int dry_run,
	       const char *today, pb_import_stats *st, pb_diags *d, pb_err *e)
{
	pb_import_section s[8];
	pb_import_spec spec = {"pb-db load", s, 0, NULL, NULL};
	pb_stmt *q;
	int64_t records = 0;
	int rc;

	if ((rc = pb_db_prepare(db, RECORDS, &q, e)) != PB_OK)
		return rc;
	if ((rc = pb_step(q, e)) == PB_ROW)
		records = pb_col_int(q, 0);
	pb_stmt_done(q);
	if (rc != PB_ROW)
		return rc;
	if (records && !merge)
		return pb_fail(e, PB_DATAERR,
			       "the database holds %lld records: load goes into an "
			       "empty database (use --merge to upsert into this one)",
			       (long long)records);
	spec.nsections = pb_kinds_sections(s, today);
	if (!pb_import_sections_ok(s, spec.nsections))
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
	else
		rc = pb_import_yaml(db, path, dry_run, &spec, st, d, e);
	pb_import_sections_free(s, spec.nsections);
	return rc;
}

/* pb's own rules, each a query listing what breaks it. */
static const struct invariant {
	const char *sql;
	const char *what;
} invariants[] = {
	{"SELECT DISTINCT CAST(a.member_id AS TEXT) FROM registrations a JOIN "
	 "registrations b ON a.member_id = b.member_id AND a.id < b.id "
	 "AND a.since < COALESCE(b.until, '9999-12-31') "
	 "AND b.since < COALESCE(a.until, '9999-12-31') ORDER BY 1",
	 "member %s has overlapping registrations"},
	{"SELECT CAST(id AS TEXT) FROM registrations WHERE until IS NOT NULL AND "
	 "until <= since ORDER BY id",
	 "registration %s ends before it starts"},
	{"SELECT CAST(id AS TEXT) FROM contributions WHERE value_fen < 0 OR "
	 "quantity_milli < 0 ORDER BY id",
	 "contribution %s has a negative amount"},
	{"SELECT CAST(id AS TEXT) FROM pairs WHERE target_yuan < 0 OR "
	 "target_households < 0 OR target_persons < 0 ORDER BY id",
	 "pair %s has a negative target"},
	{"SELECT CAST(id AS TEXT) FROM participants WHERE hours_milli < 0 OR "
	 "people < 1 ORDER BY id",
	 "participant row %s has negative hours or no people"},
	{"SELECT code FROM orgs WHERE members < 0 ORDER BY code",
	 "organization '%s' declares a negative member count"},
	{"SELECT CAST(id AS TEXT) FROM pairs WHERE community_id = partner_id OR "
	 "(until IS NOT NULL AND until < since) ORDER BY id",
	 "pair %s pairs an organization with itself or ends before it starts"},
	{"SELECT CAST(id AS TEXT) FROM opinions WHERE due < received OR "
	 "answered < received ORDER BY id",
	 "opinion %s is due or answered before it was received"},
	{"SELECT CAST(id AS TEXT) FROM events WHERE end_date < date ORDER BY id",
	 "event %s ends before it starts"},
};

/* Stored numbers beyond the bounds of their fields (money.c), or not
 * whole: written outside pb, and able to make a total overflow. Each
 * query lists a row's key and the value as text. */
#define BEYOND(key, col, table)                                             \
	"SELECT " key ", CAST(" col " AS TEXT) FROM " table " WHERE " col      \
	" > ?1 OR " col " <> CAST(" col " AS BIGINT) ORDER BY 1"
#define BY_ID "CAST(id AS TEXT)"

static const struct bounded {
	const char *sql;
	const char *what; /* the row, from its key */
	const char *field, *column;
	int check;
} bounded[] = {
	{BEYOND(BY_ID, "value_fen", "contributions"), "contribution %s", "value",
	 "value_fen", PB_C_MONEY},
	{BEYOND(BY_ID, "quantity_milli", "contributions"), "contribution %s",
	 "quantity", "quantity_milli", PB_C_DEC},
	{BEYOND(BY_ID, "people", "participants"), "participant row %s",
	 "people", "people", PB_C_PEOPLE},
	{BEYOND(BY_ID, "hours_milli", "participants"), "participant row %s",
	 "hours", "hours_milli", PB_C_HOURS},
	{BEYOND(BY_ID, "households", "events"), "event %s", "households",
	 "households", PB_C_COUNT},
	{BEYOND(BY_ID, "persons", "events"), "event %s", "persons", "persons",
	 PB_C_COUNT},
	{BEYOND(BY_ID, "jobs", "events"), "event %s", "jobs", "jobs", PB_C_COUNT},
	{BEYOND(BY_ID, "target_households", "pairs"), "pair %s",
	 "target_households", "target_households", PB_C_COUNT},
	{BEYOND(BY_ID, "target_persons", "pairs"), "pair %s", "target_persons",
	 "target_persons", PB_C_COUNT},
	{BEYOND(BY_ID, "target_yuan", "pairs"), "pair %s", "target_yuan",
	 "target_yuan", PB_C_MONEY},
	{BEYOND("code", "members", "orgs"), "organization '%s'", "members",
	 "members", PB_C_COUNT},
};

/* "contribution 7: value 92233720368547758.07 is beyond pb's bound (at
 * most 10000000.00 yuan)", or the column's text when it is no integer. */
static void beyond(const struct bounded *b, const char *key, const char *v,
		   char *buf, size_t len)
{
	char row[128], max[48], shown[64];
	long long n;
	char *end;

	snprintf(row, sizeof row, b->what, key ? key : "");
	pb_number_max(b->check, max);
	errno = 0;
	n = v ? strtoll(v, &end, 10) : 0;
	if (v && *v && !*end && !errno) {
		pb_number_format(b->check, n, shown);
		snprintf(buf, len, "%s: %s %s is beyond pb's bound (at most %s)",
			 row, b->field, shown, max);
	} else {
		pb_escape_ctl(v, shown, sizeof shown);
		snprintf(buf, len, "%s: %s holds '%s', not a whole number", row,
			 b->column, shown);
	}
}

/* Counts what the engine finds on its way to the caller. */
typedef struct relay {
	pb_problem_fn fn;
	void *ctx;
	int *n;
} relay;

static void count_problem(void *arg, const char *what)
{
	relay *r = arg;

	(*r->n)++;
	r->fn(r->ctx, what);
}

/* Every org on a parent cycle, cycle by cycle. */
static int cycle_problem(void *arg, size_t n, const int64_t *ids,
			 const char *const *codes)
{
	char buf[512];
	size_t i;

	(void)ids;
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof buf,
			 "organization '%s' is its own ancestor (a parent cycle)",
			 codes[i]);
		count_problem(arg, buf);
	}
	return PB_OK;
}

int pb_db_check(pb_db *db, pb_problem_fn fn, void *ctx, int *problems,
		pb_err *e)
{
	relay r = {fn, ctx, problems};
	char buf[512];
	size_t i;
	pb_stmt *st;
	int rc;

	*problems = 0;
	if ((rc = pb_db_engine_check(db, count_problem, &r, e)) != PB_OK)
		return rc;
	/* In C, not SQL: a walk up from every org would cost n * depth. */
	if ((rc = pb_org_cycles(db, cycle_problem, &r, e)) != PB_OK)
		return rc;
	for (i = 0; i < sizeof invariants / sizeof invariants[0]; i++) {
		if ((rc = pb_db_prepare(db, invariants[i].sql, &st, e)) != PB_OK)
			return rc;
		while ((rc = pb_step(st, e)) == PB_ROW) {
			snprintf(buf, sizeof buf, invariants[i].what, pb_col_text(st, 0));
			count_problem(&r, buf);
		}
		pb_stmt_done(st);
		if (rc != PB_DONE)
			return rc;
	}
	for (i = 0; i < sizeof bounded / sizeof bounded[0]; i++) {
		if ((rc = pb_db_prepare(db, bounded[i].sql, &st, e)) != PB_OK)
			return rc;
		pb_bind_int(st, 1, pb_number_max(bounded[i].check, NULL));
		while ((rc = pb_step(st, e)) == PB_ROW) {
			beyond(&bounded[i], pb_col_text(st, 0), pb_col_text(st, 1),
			       buf, sizeof buf);
			count_problem(&r, buf);
		}
		pb_stmt_done(st);
		if (rc != PB_DONE)
			return rc;
	}
	/* The totals are summed from the records: only sound records give
	 * sums worth comparing (and no overflow on a value past its bound). */
	return *problems ? PB_OK : pb_totals_check(db, count_problem, &r, e);
}

const pb_field pb_audit_fields[] = {
	{"id", "ID", "ID", PB_T_INT, NULL, PB_C_NONE},
	{"at", "Time (UTC)", "时间(UTC)", PB_T_TEXT, NULL, PB_C_NONE},
	{"user", "User", "用户", PB_T_TEXT, NULL, PB_C_NONE},
	{"command", "Command", "命令", PB_T_TEXT, NULL, PB_C_NONE},
	{"changes", "Changes", "变更", PB_T_TEXT, NULL, PB_C_NONE},
	{"db_role", "DB role", "数据库角色", PB_T_TEXT, NULL, PB_C_NONE},
	{"server_at", "Server time (UTC)", "服务器时间(UTC)", PB_T_TEXT, NULL,
	 PB_C_NONE},
};
const size_t pb_audit_nfields = 7;
const size_t pb_audit_nfields_file = 5;

static const char LOG_SQL[] =
	"SELECT id, at, os_user, command, changes, db_role, server_at FROM audit "
	"WHERE (CAST(?1 AS TEXT) IS NULL OR at >= ?1) "
	"AND (CAST(?2 AS TEXT) IS NULL OR at < ?2) ORDER BY id";

/* One entry is enough: the whole trail's, not the period's, so that a
 * database lists the same columns whatever the period. */
static const char LOG_SERVER_SQL[] =
	"SELECT CASE WHEN EXISTS (SELECT 1 FROM audit WHERE db_role IS NOT NULL "
	"OR server_at IS NOT NULL) THEN 1 ELSE 0 END";

int pb_db_log_has_server(pb_db *db, int *yes, pb_err *e)
{
	pb_stmt *st;
	int rc;

	*yes = 0;
	if ((rc = pb_db_prepare(db, LOG_SERVER_SQL, &st, e)) != PB_OK)
		return rc;
	if ((rc = pb_step(st, e)) == PB_ROW)
		*yes = pb_col_int(st, 0) != 0;
	pb_stmt_done(st);
	return rc == PB_ROW ? PB_OK : rc;
}

int pb_db_log(pb_db *db, const char *from, const char *to_next, pb_rec_fn fn,
	      void *ctx, pb_err *e)
{
	pb_stmt *st;
	pb_rec r;
	size_t i;
	int rc;

	if ((rc = pb_db_prepare(db, LOG_SQL, &st, e)) != PB_OK)
		return rc;
	pb_bind_text(st, 1, from);
	pb_bind_text(st, 2, to_next);
	pb_rec_init(&r, pb_audit_fields, pb_audit_nfields);
	while ((rc = pb_step(st, e)) == PB_ROW) {
		r.id = pb_col_int(st, 0);
		for (i = 0; i < pb_audit_nfields; i++)
			pb_rec_put(&r, i, pb_col_text(st, (int)i));
		if ((rc = pb_rec_call(fn, ctx, &r, e)) != 0)
			break;
	}
	pb_rec_free(&r);
	pb_stmt_done(st);
	return rc == PB_DONE ? PB_OK : rc;
}
