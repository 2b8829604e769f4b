/* The record kinds, each described once with uniform signatures: the
 * commands' show, set, rm, list, import and export, and pb-db's dump and
 * load, run over these descriptors instead of a copy per kind. */
#include <string.h>

#include "pb.h"

static int org_get(pb_db *db, int64_t id, const char *as_of, pb_rec *r,
		   pb_err *e)
{
	(void)as_of;
	return pb_org_get(db, id, r, e);
}

static int org_insert(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	(void)today;
	return pb_org_insert(db, r, e);
}

static int org_update(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	(void)today;
	return pb_org_update(db, r, e);
}

static int org_list(pb_db *db, const void *f, pb_rec_fn fn, void *ctx,
		    pb_err *e)
{
	return pb_org_list(db, f, fn, ctx, e);
}

static size_t org_sections(pb_import_section *out, const char *today)
{
	(void)today;
	return pb_org_sections(out);
}

static size_t org_export_sections(pb_export_section *out, const int *redact)
{
	(void)redact;
	return pb_org_export_sections(out);
}

const pb_kind pb_kind_org = {
	"organization", "pb-org", pb_org_fields, &pb_org_nfields, "code", 0,
	pb_org_resolve, org_get, org_insert, org_update, pb_org_delete,
	org_list, NULL, 0, org_sections, org_export_sections,
};

static int member_list(pb_db *db, const void *f, pb_rec_fn fn, void *ctx,
		       pb_err *e)
{
	return pb_member_list(db, f, fn, ctx, e);
}

static const pb_kind_child member_children[] = {
	{"registrations", "Registrations", "报到记录", pb_registration_fields,
	 &pb_registration_nfields, pb_member_history},
};

const pb_kind pb_kind_member = {
	"member", "pb-member", pb_member_fields, &pb_member_nfields, NULL, 0,
	pb_member_resolve, pb_member_get, pb_member_insert, pb_member_update,
	pb_member_delete, member_list, member_children, 1, pb_member_sections,
	pb_member_export_sections,
};

/* A pair is named by its id alone. */
static int pair_resolve(pb_db *db, const char *ref, int notfound_is_1,
			int64_t *id, pb_err *e)
{
	(void)db;
	(void)notfound_is_1;
	return pb_id_parse("pair", ref, id, e);
}

static int pair_get(pb_db *db, int64_t id, const char *as_of, pb_rec *r,
		    pb_err *e)
{
	(void)as_of;
	return pb_pair_get(db, id, r, e);
}

static int pair_insert(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	(void)today;
	return pb_pair_insert(db, r, e);
}

static int pair_update(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	(void)today;
	return pb_pair_update(db, r, e);
}

static int pair_list(pb_db *db, const void *f, pb_rec_fn fn, void *ctx,
		     pb_err *e)
{
	return pb_pair_list(db, f, fn, ctx, e);
}

static size_t pair_sections(pb_import_section *out, const char *today)
{
	(void)today;
	return pb_pair_sections(out);
}

static size_t pair_export_sections(pb_export_section *out, const int *redact)
{
	(void)redact;
	return pb_pair_export_sections(out);
}

const pb_kind pb_kind_pair = {
	"pair", "pb-pair", pb_pair_fields, &pb_pair_nfields, NULL, 1,
	pair_resolve, pair_get, pair_insert, pair_update, pb_pair_delete,
	pair_list, NULL, 0, pair_sections, pair_export_sections,
};

static int event_get(pb_db *db, int64_t id, const char *as_of, pb_rec *r,
		     pb_err *e)
{
	(void)as_of;
	return pb_event_get(db, id, r, e);
}

static int event_insert(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	(void)today;
	return pb_event_insert(db, r, e);
}

static int event_update(pb_db *db, pb_rec *r, const char *today, pb_err *e)
{
	(void)today;
	return pb_event_update(db, r, e);
}

static int event_list(pb_db *db, const void *f, pb_rec_fn fn, void *ctx,
		      pb_err *e)
{
	return pb_event_list(db, f, fn, ctx, e);
}

static int event_opinions(pb_db *db, int64_t id, pb_rec_fn fn, void *ctx,
			  pb_err *e)
{
	pb_opinion_filter of = {0, 0, NULL, id, 0};

	return pb_opinion_list(db, &of, fn, ctx, e);
}

static const pb_kind_child event_children[] = {
	{"participants", "Participants", "参与", pb_participant_fields,
	 &pb_participant_nfields, pb_event_participants},
	{"contributions", "Contributions", "捐赠", pb_contribution_fields,
	 &pb_contribution_nfields, pb_event_contributions},
	{"opinions", "Opinions", "意见", pb_opinion_fields, &pb_opinion_nfields,
	 event_opinions},
};

static size_t event_sections(pb_import_section *out, const char *today)
{
	(void)today;
	return pb_event_sections(out);
}

static size_t event_export_sections(pb_export_section *out, const int *redact)
{
	(void)redact;
	return pb_event_export_sections(out);
}

const pb_kind pb_kind_event = {
	"event", "pb-event", pb_event_fields, &pb_event_nfields, NULL, 0,
	pb_event_resolve, event_get, event_insert, event_update,
	pb_event_delete, event_list, event_children, 3, event_sections,
	event_export_sections,
};

/* Roles and everything else name orgs, events name pairs and members,
 * opinions name events. */
const pb_kind *const pb_kinds[] = {&pb_kind_org, &pb_kind_member,
				   &pb_kind_pair, &pb_kind_event, NULL};

size_t pb_kinds_sections(pb_import_section *s, const char *today)
{
	size_t n = 0, i;

	for (i = 0; pb_kinds[i]; i++)
		n += pb_kinds[i]->sections(s + n, today);
	return n;
}

int pb_import_sections_ok(const pb_import_section *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].free_ctx && !s[i].ctx)
			return 0;
	return 1;
}

int pb_kind_import(pb_db *db, const pb_kind *k, const pb_import_opts *o,
		   pb_import_stats *st, pb_diags *d, pb_err *e)
{
	pb_import_section secs[2];
	size_t n = k->sections(secs, o->today ? o->today : "");
	pb_import_spec spec = {k->command, secs, n, o->progress, o->progress_arg};
	int rc;

	if (!pb_import_sections_ok(secs, n))
		rc = pb_fail(e, PB_SOFTWARE, "out of memory");
	else if (o->csv)
		rc = pb_import_csv(db, o->path, o->encoding, o->dry_run, &spec, st,
				   d, e);
	else
		rc = pb_import_yaml(db, o->path, o->dry_run, &spec, st, d, e);
	pb_import_sections_free(secs, n);
	return rc;
}

int pb_kind_export(pb_db *db, const pb_kind *k, FILE *fp, int redact,
		   pb_err *e)
{
	pb_export_section secs[2];

	return pb_export_yaml(db, fp, secs, k->export_sections(secs, &redact), e);
}
