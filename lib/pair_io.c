/* Pairs to and from YAML through the shared runner (record_io.c). The
 * SPEC gives pairs no natural key, so a file's pair is matched by what
 * identifies it to a person: community, partner, kind and since. */
#include <string.h>

#include "pb.h"

static int upsert_pair(void *ctx, pb_db *db, pb_rec *r, const pb_yrec *y,
		       pb_diags *d, int *created, pb_err *e)
{
	(void)ctx;
	(void)y;
	(void)d;
	return pb_pair_upsert(db, r, created, e);
}

static int pair_key(const pb_rec *r, char *buf, size_t len)
{
	snprintf(buf, len, "pair of '%s' and '%s' of kind %s since %s",
		 pb_rec_get(r, "community"), pb_rec_get(r, "partner"),
		 pb_rec_get(r, "kind"), pb_rec_get(r, "since"));
	return 1;
}

/* "id" keeps the pair's id on import: events refer to pairs by it. */
static const char *const pair_nested[] = {"id", NULL};

size_t pb_pair_sections(pb_import_section *out)
{
	const pb_import_section sec = {"pairs", pb_pair_fields, pb_pair_nfields,
				       upsert_pair, pair_key, pair_nested, NULL,
				       NULL, NULL, NULL, NULL, NULL};

	out[0] = sec;
	return 1;
}

int pb_pair_import(pb_db *db, const char *path, int dry_run,
		   pb_import_stats *st, pb_diags *d, pb_err *e)
{
	const pb_import_opts o = {path, 0, NULL, dry_run, NULL, NULL, NULL};

	return pb_kind_import(db, &pb_kind_pair, &o, st, d, e);
}

static int list_pairs(pb_db *db, pb_rec_fn fn, void *ctx, pb_err *e)
{
	pb_pair_filter all = {0, NULL, NULL};

	return pb_pair_list(db, &all, fn, ctx, e);
}

/* Pairs have no natural key, and events refer to them by id. */
static int write_pair(const void *arg, pb_db *db, pb_yw *w, const pb_rec *r)
{
	int rc;

	(void)arg;
	(void)db;
	if ((rc = pb_yw_map_begin(w)) != PB_OK || (rc = pb_yw_id(w, r->id)) != PB_OK ||
	    (rc = pb_rec_yaml_fields(w, r)) != PB_OK)
		return rc;
	return pb_yw_map_end(w);
}

size_t pb_pair_export_sections(pb_export_section *out)
{
	const pb_export_section sec = {"pairs", list_pairs, write_pair, NULL};

	out[0] = sec;
	return 1;
}

int pb_pair_export(pb_db *db, FILE *fp, pb_err *e)
{
	return pb_kind_export(db, &pb_kind_pair, fp, 0, e);
}
