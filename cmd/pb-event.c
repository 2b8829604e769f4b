/* pb-event: activities and what happened at them: participants and
 * hours, contributions, beneficiaries, and opinions raised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verbs.h"

#define EVENT_FIELD_OPTS                                                      \
	{"date", 'd', "DATE", "the day it took place (YYYY-MM-DD)"},           \
	{"end", 0, "DATE", "the last day, for events over several days"},       \
	{"kind", 'k', "KIND", "meeting, service, aid, environment, safety, "    \
			      "culture, education, visit, festival, "            \
			      "consultation, commendation or other (or its "     \
			      "Chinese label)"},                                  \
	{"title", 't', "TEXT", "what it was"},                                  \
	{"org", 'O', "ORG", "the organizer"},                                   \
	{"pair", 'p', "ID", "the co-construction pair it belongs to"},          \
	{"ref", 'r', "REF", "external id, unique"},                             \
	{"place", 0, "TEXT", "where"},                                          \
	{"households", 0, "N", "households helped"},                            \
	{"persons", 0, "N", "persons helped"},                                  \
	{"jobs", 0, "N", "persons re-employed"},                                \
	{"note", 0, "TEXT", "free text"}

static const pb_opt add_opts[] = {EVENT_FIELD_OPTS, {NULL, 0, NULL, NULL}};
static const pb_opt set_opts[] = {EVENT_FIELD_OPTS, {NULL, 0, NULL, NULL}};

static const pb_opt list_opts[] = {
	{"period", 'P', "PERIOD", "YYYY, YYYY-MM, YYYY-Qn, YYYY-Hn, FROM..TO, "
				  "this-month, last-month, ... (default: all)"},
	{"kind", 'k', "KIND", "only events of these kinds (KIND,KIND...)"},
	{"org", 'O', "ORG", "only events organized by ORG or an org under it"},
	{"pair", 'p', "ID", "only events of this pair"},
	{"name", 0, "TEXT", "only events whose title contains TEXT"},
	{"search", 0, "TEXT", "only events with TEXT in a text field"},
	{NULL, 0, NULL, NULL},
};

static const char *const event_names[] = {"title", NULL};

static const pb_opt rm_opts[] = {
	{"force", 0, NULL, "also remove its participants and contributions"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt attend_opts[] = {
	{"org", 'O', "ORG", "an organization taking part"},
	{"people", 'n', "N", "how many people the org sent (default 1)"},
	{"member", 'm', "MEMBER", "a member taking part (id or ref)"},
	{"members", 0, "-", "members read from standard input, one id or ref "
			    "a line"},
	{"hours", 'H', "HOURS", "hours per person (e.g. 2.5)"},
	{"role", 0, "ROLE", "organizer, participant (default) or awardee"},
	{"award", 0, "TITLE", "the award, for an awardee"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt give_opts[] = {
	{"from", 'F', "ORG", "the organization that gave"},
	{"from-member", 0, "MEMBER", "the member who gave"},
	{"type", 't', "TYPE", "cash, goods, space, equipment or service (or its "
			      "Chinese label)"},
	{"value", 'v', "YUAN", "the amount, or the value of what was given "
			       "(6万, 1234.5元)"},
	{"quantity", 0, "Q", "how much, with --unit"},
	{"unit", 'u', "UNIT", "the unit of --quantity (斤, m², 台)"},
	{"item", 'i', "TEXT", "what was given"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt opinion_add_opts[] = {
	{"from", 'F', "ORG", "the organization that raised it"},
	{"text", 't', "TEXT", "the opinion"},
	{"event", 'e', "EVENT", "the event where it was raised"},
	{"received", 0, "DATE", "when it was received (default: today)"},
	{"due", 0, "DATE", "answer due by (default: received + 30 days)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt opinion_answer_opts[] = {
	{"text", 't', "TEXT", "the answer"},
	{"date", 'd', "DATE", "when it was answered (default: today)"},
	{NULL, 0, NULL, NULL},
};

static const pb_opt opinion_list_opts[] = {
	{"open", 0, NULL, "only unanswered opinions"},
	{"overdue", 0, NULL, "only unanswered opinions past their due date"},
	{"as-of", 0, "DATE", "the day --open and --overdue look at (default: "
			     "today)"},
	{"event", 'e', "EVENT", "only opinions raised at this event"},
	{"org", 'O', "ORG", "only opinions from this organization"},
	{"search", 0, "TEXT", "only opinions with TEXT in their text, answer or "
			      "another text field"},
	{NULL, 0, NULL, NULL},
};

static void print_id(pb_ctx *c, int64_t id)
{
	fprintf(pb_cli_out(c), "%lld\n", (long long)id);
}

struct event_list {
	pb_event_filter f;
	char from[11], to[11];
};

static int list_args(pb_ctx *c, const pb_args *a, void *filter)
{
	struct event_list *x = filter;
	const char *period = pb_arg(a, list_opts, "period");
	const char *pair = pb_arg(a, list_opts, "pair");
	pb_period p;
	pb_err e;

	if (period) {
		if (pb_cli_period(c, period, NULL, &p, &e) != PB_OK)
			return pb_cli_usage_error(c, "%s", e.msg);
		pb_date_format(p.from, x->from);
		pb_date_format(p.to, x->to);
		x->f.from = x->from;
		x->f.to = x->to;
	}
	if (pair && pb_id_parse("pair", pair, &x->f.pair, &e) != PB_OK)
		return pb_cli_error(c, &e);
	return 0;
}

static int list_refs(pb_ctx *c, const pb_args *a, pb_db *db, void *filter,
		     pb_err *e)
{
	struct event_list *x = filter;
	int rc;

	(void)c;
	if (x->f.pair) {
		pb_rec pr;

		pb_rec_init(&pr, pb_pair_fields, pb_pair_nfields);
		rc = pb_pair_get(db, x->f.pair, &pr, e);
		pb_rec_free(&pr);
		if (rc == PB_NOTFOUND)
			rc = pb_fail(e, PB_DATAERR, "unknown pair %lld",
				     (long long)x->f.pair);
		if (rc != PB_OK)
			return rc;
	}
	return pb_verbs_org(db, pb_arg(a, list_opts, "org"), &x->f.org, e);
}

/* The participant record the options describe, without its subject. */
static int attend_rec(const pb_args *a, pb_rec *p, pb_err *e)
{
	static const char *const names[] = {"people", "hours", "role", "award"};
	size_t i;
	int rc;

	for (i = 0; i < 4; i++) {
		const char *v = pb_arg(a, attend_opts, names[i]);

		if (v && (rc = pb_rec_set(p, names[i], v, e)) != PB_OK)
			return rc;
	}
	return PB_OK;
}

/* One member id or ref a line from stdin; a bad line fails them all. */
static int attend_stdin(pb_ctx *c, pb_db *db, int64_t event, const pb_args *a,
			long *added, pb_err *e)
{
	pb_lines l = {stdin, NULL, 0, 0};
	pb_diags *d = malloc(sizeof *d);
	char *line;
	pb_rec p;
	int got, rc = PB_OK;

	if (!d)
		return pb_fail(e, PB_SOFTWARE, "out of memory");
	pb_diags_init(d);
	*added = 0;
	while ((got = pb_lines_next(&l, &line)) != 0) {
		if (got < 0) {
			pb_diag(d, PB_DATAERR, "<stdin>", l.lineno, 0,
				"NUL byte in the input");
			continue;
		}
		pb_rec_init(&p, pb_participant_fields, pb_participant_nfields);
		/* A bad line is listed and the next one read: its savepoint
		 * keeps a failed statement from ending the transaction (as it
		 * would on PostgreSQL). */
		if ((rc = attend_rec(a, &p, e)) == PB_OK &&
		    (rc = pb_rec_set(&p, "member", line, e)) == PB_OK &&
		    (rc = pb_db_savepoint(db, e)) == PB_OK) {
			rc = pb_event_attend(db, event, &p, e);
			if (rc != PB_OK)
				pb_db_rollback_to(db);
			else
				rc = pb_db_release(db, e);
		}
		pb_rec_free(&p);
		if (rc == PB_OK)
			(*added)++;
		else if (rc == PB_DATAERR || rc == PB_USAGE)
			pb_diag(d, PB_DATAERR, "<stdin>", l.lineno, 0, "%s", e->msg);
		else
			break;
	}
	pb_lines_free(&l);
	if (rc != PB_OK && rc != PB_DATAERR && rc != PB_USAGE) {
		free(d);
		return rc;
	}
	rc = PB_OK;
	if (d->n) {
		/* Reported line by line; an empty message says so. */
		pb_cli_diags(c, d);
		e->code = rc = PB_DATAERR;
		e->msg[0] = '\0';
	}
	free(d);
	return rc;
}

static int cmd_attend(pb_ctx *c, int argc, char **argv)
{
	ARGS(attend_opts, 1, 1);
	const char *org = pb_arg(&a, attend_opts, "org");
	const char *member = pb_arg(&a, attend_opts, "member");
	const char *members = pb_arg(&a, attend_opts, "members");
	pb_db *db;
	int64_t id;
	long added = 0;
	pb_rec p;
	pb_err e;
	int rc;

	if (!!org + !!member + !!members != 1)
		return pb_cli_usage_error(c, "give one of --org, --member or "
					  "--members -");
	if (members && strcmp(members, "-") != 0)
		return pb_cli_usage_error(c, "--members takes '-' (read member ids "
					  "from standard input)");
	pb_rec_init(&p, pb_participant_fields, pb_participant_nfields);
	if ((rc = attend_rec(&a, &p, &e)) != PB_OK ||
	    (org && (rc = pb_rec_set(&p, "org", org, &e)) != PB_OK) ||
	    (member && (rc = pb_rec_set(&p, "member", member, &e)) != PB_OK)) {
		pb_rec_free(&p);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_verbs_open(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK) {
		pb_rec_free(&p);
		return pb_cli_error(c, &e);
	}
	if (members)
		rc = attend_stdin(c, db, id, &a, &added, &e);
	else
		rc = pb_event_attend(db, id, &p, &e);
	pb_rec_free(&p);
	if (rc == PB_DATAERR && !e.msg[0]) {
		/* The lines were reported one by one. */
		pb_db_rollback(db);
		pb_db_close(db);
		return PB_DATAERR;
	}
	status = pb_cli_commit(c, db, rc, &e);
	if (status == 0 && members)
		pb_cli_note(c, "%ld member%s added to event %lld", added,
			    added == 1 ? "" : "s", (long long)id);
	return status;
}

static int cmd_give(pb_ctx *c, int argc, char **argv)
{
	ARGS(give_opts, 1, 1);
	static const char *const names[] = {"type", "value", "quantity", "unit",
					    "item"};
	const char *from = pb_arg(&a, give_opts, "from");
	const char *from_member = pb_arg(&a, give_opts, "from-member");
	pb_db *db;
	int64_t id;
	size_t i;
	pb_rec g;
	pb_err e;
	int rc = PB_OK;

	if (!from == !from_member)
		return pb_cli_usage_error(c, "give one of --from or --from-member");
	if (!pb_arg(&a, give_opts, "type"))
		return pb_cli_usage_error(c, "--type is required");
	pb_rec_init(&g, pb_contribution_fields, pb_contribution_nfields);
	for (i = 0; i < 5 && rc == PB_OK; i++)
		if (pb_arg(&a, give_opts, names[i]))
			rc = pb_rec_set(&g, names[i], pb_arg(&a, give_opts, names[i]),
					&e);
	if (rc == PB_OK)
		rc = from ? pb_rec_set(&g, "from", from, &e)
			  : pb_rec_set(&g, "from_member", from_member, &e);
	if (rc != PB_OK ||
	    (rc = pb_verbs_open(c, PB_UPDATE, a.pos[0], &db, &id, &e)) != PB_OK) {
		pb_rec_free(&g);
		return pb_cli_error(c, &e);
	}
	rc = pb_event_give(db, id, &g, &e);
	status = pb_cli_commit(c, db, rc, &e);
	if (status == 0)
		print_id(c, g.id);
	pb_rec_free(&g);
	return status;
}

static int cmd_opinion_add(pb_ctx *c, int argc, char **argv)
{
	ARGS(opinion_add_opts, 0, 0);
	static const char *const names[] = {"from", "text", "event", "received",
					    "due"};
	pb_db *db;
	size_t i;
	pb_rec r;
	pb_err e;
	int rc = PB_OK;

	pb_rec_init(&r, pb_opinion_fields, pb_opinion_nfields);
	for (i = 0; i < 5 && rc == PB_OK; i++)
		if (pb_arg(&a, opinion_add_opts, names[i]))
			rc = pb_rec_set(&r, names[i],
					pb_arg(&a, opinion_add_opts, names[i]), &e);
	if (rc == PB_OK && !pb_rec_get(&r, "received"))
		rc = pb_rec_set(&r, "received", c->today_s, &e);
	if (rc != PB_OK || (rc = pb_cli_open(c, PB_WRITE, &db, &e)) != PB_OK) {
		pb_rec_free(&r);
		return pb_cli_error(c, &e);
	}
	if ((rc = pb_db_begin(db, &e)) == PB_OK)
		rc = pb_opinion_insert(db, &r, &e);
	status = pb_cli_commit(c, db, rc, &e);
	if (status == 0)
		print_id(c, r.id);
	pb_rec_free(&r);
	return status;
}

/* An opinion is named by its id alone. */
static int opinion_id(pb_db *db, const char *ref, int notfound_is_1,
		      int64_t *id, pb_err *e)
{
	(void)db;
	(void)notfound_is_1;
	return pb_id_parse("opinion", ref, id, e);
}

/* Every opinion given, the same answer, in one transaction. */
static int cmd_opinion_answer(pb_ctx *c, int argc, char **argv)
{
	ARGS(opinion_answer_opts, 1, -1);
	const char *text = pb_arg(&a, opinion_answer_opts, "text");
	int f = pb_field_index(pb_opinion_fields, pb_opinion_nfields, "answer");
	char date[11], *norm = NULL;
	pb_refs r;
	pb_db *db;
	pb_err e;
	size_t i;
	int rc;

	if (!text)
		return pb_cli_usage_error(c, "--text is required");
	/* Checked as the field it is, as import checks it. */
	rc = pb_field_check(&pb_opinion_fields[f], text, &norm, &e);
	free(norm);
	if (rc != PB_OK ||
	    (rc = pb_refs_read(&a, 1, opinion_id, &r, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((rc = pb_cli_date(c, "date", pb_arg(&a, opinion_answer_opts, "date"),
			      date, &e)) != PB_OK ||
	    (rc = pb_refs_open(c, PB_UPDATE, &r, &db, &e)) != PB_OK) {
		pb_refs_free(&r);
		return pb_cli_error(c, &e);
	}
	for (i = 0; i < r.n && rc == PB_OK; i++)
		if ((rc = pb_opinion_answer(db, r.id[i], text, date, &e)) != PB_OK)
			pb_refs_at(&r, i, &e);
	pb_refs_free(&r);
	return pb_cli_commit(c, db, rc, &e);
}

static int list_opinions(pb_db *db, const void *f, pb_rec_fn fn, void *ctx,
			 pb_err *e)
{
	return pb_opinion_list(db, f, fn, ctx, e);
}

static int cmd_opinion_list(pb_ctx *c, int argc, char **argv)
{
	ARGS(opinion_list_opts, 0, 0);
	pb_opinion_filter f = {0, 0, NULL, 0, 0};
	const char *event = pb_arg(&a, opinion_list_opts, "event");
	char as_of[11];
	pb_match m;
	pb_db *db;
	pb_err e;
	int rc;

	if (pb_cli_match(&a, opinion_list_opts, NULL, NULL, NULL, &m, &e) != PB_OK)
		return pb_cli_error(c, &e);
	f.open = pb_arg(&a, opinion_list_opts, "open") != NULL;
	f.overdue = pb_arg(&a, opinion_list_opts, "overdue") != NULL;
	if ((rc = pb_cli_date(c, "as-of", pb_arg(&a, opinion_list_opts, "as-of"),
			      as_of, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	f.as_of = as_of;
	if ((rc = pb_cli_open(c, PB_READ, &db, &e)) != PB_OK)
		return pb_cli_error(c, &e);
	if ((event && (rc = pb_event_resolve(db, event, 0, &f.event, &e)) != PB_OK) ||
	    (rc = pb_verbs_org(db, pb_arg(&a, opinion_list_opts, "org"), &f.org,
			       &e)) != PB_OK) {
		pb_db_close(db);
		return pb_cli_error(c, &e);
	}
	return pb_cli_list_match(c, db, pb_opinion_fields, pb_opinion_nfields,
				 list_opinions, &f, NULL, &m);
}

static const pb_sub opinion_subs[] = {
	{"add", cmd_opinion_add, "--from ORG --text TEXT [--event EVENT] "
				 "[--received DATE] [--due DATE]",
	 "record an opinion raised by a unit; prints its id"},
	{"answer", cmd_opinion_answer, "ID...|- --text TEXT [--date DATE]",
	 "answer an opinion, or several"},
	{"list", cmd_opinion_list, "[--open] [--overdue] [--as-of DATE] "
				   "[--event EVENT] [--org ORG] [--search TEXT]",
	 "list opinions by id"},
};

static int cmd_opinion(pb_ctx *c, int argc, char **argv)
{
	return pb_cli_dispatch(c, argc, argv, "opinion", opinion_subs,
			       sizeof opinion_subs / sizeof opinion_subs[0]);
}

static const pb_sub subs[] = {
	{"add", pb_verb_add, "--date DATE --kind KIND --title TEXT --org ORG "
			     "[--pair ID] [FIELD OPTIONS]",
	 "add an event; prints its id"},
	{"list", pb_verb_list, "[--period PERIOD] [--kind KIND[,KIND...]] "
			       "[--org ORG] [--pair ID] [--name TEXT] "
			       "[--search TEXT]",
	 "list events by id"},
	{"show", pb_verb_show, "EVENT...|-",
	 "show an event with its participants, contributions and opinions, "
	 "or several"},
	{"set", pb_verb_set, "EVENT [FIELD OPTIONS]",
	 "change fields of an event (an empty value clears one)"},
	{"rm", pb_verb_rm, "EVENT...|- [--force]",
	 "remove an event, or several (all or none)"},
	{"attend", cmd_attend, "EVENT (--org ORG [--people N] | --member MEMBER | "
			       "--members -) [--hours H] [--role ROLE] "
			       "[--award TITLE]",
	 "record who took part and for how long"},
	{"give", cmd_give, "EVENT (--from ORG | --from-member MEMBER) --type TYPE "
			   "[--value YUAN] [--quantity Q --unit UNIT] "
			   "[--item TEXT]",
	 "record a contribution; prints its id"},
	{"opinion", cmd_opinion, "add|answer|list ...",
	 "opinions collected from units (征询意见反馈)"},
	{"import", pb_verb_import, "FILE|- [--dry-run]",
	 "import events and opinions from YAML, all or nothing; upserts by ref"},
	{"export", pb_verb_export, "", "write events and opinions as YAML for import"},
};

int main(int argc, char **argv)
{
	static const pb_verbs event_verbs = {
		.kind = &pb_kind_event,
		.add_opts = add_opts,
		.set_opts = set_opts,
		.rm_opts = rm_opts,
		.list_opts = list_opts,
		.filter_size = sizeof(struct event_list),
		.list_args = list_args,
		.list_refs = list_refs,
		.progress = 1,
		.list_kinds = "kind",
		.list_names = event_names,
	};

	return pb_verbs_main(argc, argv, &event_verbs, "pb-event",
			     "Activities, participants and hours, contributions, "
			     "beneficiaries and opinions.",
			     subs, sizeof subs / sizeof subs[0]);
}
