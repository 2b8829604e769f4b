/* Records to and from YAML mappings, shared by every record kind's import
 * and export: keys are field names, values go through pb_rec_set. */
#include <string.h>

#include "pb.h"

static int is_nested(const char *const *nested, const char *key)
{
	for (; nested && *nested; nested++)
		if (strcmp(*nested, key) == 0)
			return 1;
	return 0;
}

int pb_rec_from_yaml(pb_rec *r, const pb_yrec *y, const char *const *nested,
		     pb_diags *d)
{
	pb_err e;
	size_t i;
	int bad = 0;

	/* Made ahead (pb_yrec_prepare): its values lent, kept by y. */
	if (y->prep && y->prep->fields == r->fields && y->prep->n == r->n &&
	    y->prep_nested == nested) {
		*r = *y->prep;
		return PB_OK;
	}
	for (i = 0; i < y->n; i++) {
		const pb_yval *v = &y->v[i];
		int f = pb_field_index(r->fields, r->n, v->key);

		/* A record without a natural key is matched by its id, when the
		 * section allows it by listing "id" among its nested keys. */
		if (strcmp(v->key, "id") == 0 && is_nested(nested, "id")) {
			if (v->is_seq || !v->text ||
			    pb_id_parse("record", v->text, &r->id, &e) != PB_OK) {
				pb_diag(d, PB_DATAERR, y->file, v->line, v->col,
					"id must be a positive whole number");
				bad = 1;
			}
			continue;
		}
		if (is_nested(nested, v->key)) {
			if (!v->is_seq && !v->is_null) {
				pb_diag(d, PB_DATAERR, y->file, v->line, v->col,
					"'%s' takes a list", v->key);
				bad = 1;
			}
			continue;
		}

		if (f < 0 || r->fields[f].check == PB_C_NONE) {
			char list[512];

			const char *const *k;

			pb_fields_list(r->fields, r->n, list, sizeof list);
			for (k = nested; k && *k; k++) {
				size_t off = strlen(list);

				snprintf(list + off, sizeof list - off, ", %s", *k);
			}
			pb_diag(d, PB_DATAERR, y->file, v->kline, v->kcol,
				"unknown key '%s' (expected one of: %s)", v->key, list);
			bad = 1;
			continue;
		}
		if (v->is_seq) {
			pb_diag(d, PB_DATAERR, y->file, v->line, v->col,
				"'%s' takes a single value, not a list", v->key);
			bad = 1;
			continue;
		}
		if (pb_rec_set_at(r, (size_t)f, v->is_null ? NULL : v->text, &e) !=
		    PB_OK) {
			pb_diag(d, PB_DATAERR, y->file, v->line, v->col, "%s", e.msg);
			bad = 1;
		}
	}
	return bad ? PB_DATAERR : PB_OK;
}

void pb_yrec_prepare(pb_yrec *y, const pb_field *fields, size_t n,
		     const char *const *nested, pb_diags *scratch)
{
	pb_rec r, *p;
	size_t i;

	pb_rec_init(&r, fields, n);
	pb_diags_init(scratch);
	if (pb_rec_from_yaml(&r, y, nested, scratch) == PB_OK &&
	    (p = pb_yrec_alloc(y, sizeof *p))) {
		/* The values moved into y's memory: the thread that takes y
		 * frees it whole, not string by string. */
		*p = r;
		for (i = 0; i < r.n; i++) {
			size_t len;

			if (!r.v[i])
				continue;
			len = strlen(r.v[i]) + 1;
			if (!(p->v[i] = pb_yrec_alloc(y, len)))
				break;
			memcpy(p->v[i], r.v[i], len);
			p->lent |= 1UL << i;
		}
		if (i == r.n) {
			y->prep = p;
			y->prep_nested = nested;
		}
	}
	pb_rec_free(&r);
}

int pb_rec_to_yaml(pb_yw *w, const pb_rec *r)
{
	int rc = pb_yw_map_begin(w);

	if (rc == PB_OK)
		rc = pb_rec_yaml_fields(w, r);
	return rc == PB_OK ? pb_yw_map_end(w) : rc;
}

int pb_rec_yaml_fields(pb_yw *w, const pb_rec *r)
{
	size_t i;
	int rc = PB_OK;

	for (i = 0; i < r->n && rc == PB_OK; i++) {
		const pb_field *f = &r->fields[i];

		if (f->check == PB_C_NONE || !r->v[i])
			continue;
		if ((rc = pb_yw_key(w, f->name)) != PB_OK)
			break;
		if (f->type == PB_T_INT || f->type == PB_T_MONEY ||
		    f->type == PB_T_DEC)
			rc = pb_yw_plain(w, r->v[i]);
		else
			rc = pb_yw_str(w, r->v[i]);
	}
	return rc;
}


int pb_yw_id(pb_yw *w, int64_t id)
{
	char text[32];
	int rc;

	snprintf(text, sizeof text, "%lld", (long long)id);
	if ((rc = pb_yw_key(w, "id")) != PB_OK)
		return rc;
	return pb_yw_plain(w, text);
}
