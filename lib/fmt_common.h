/* What the record formatter (fmt.c) and the tree formatter (fmt_tree.c)
 * share: escaping per format, cell text, and column layout. Private to
 * the library. */
#ifndef PB_FMT_COMMON_H
#define PB_FMT_COMMON_H

#include <stdio.h>

#include "pb.h"

#define PBF_HIDDEN __attribute__((visibility("hidden")))

PBF_HIDDEN char *pbf_escape_dup(const char *s);
PBF_HIDDEN const char *pbf_heading(const pb_field *f, int zh);
PBF_HIDDEN char *pbf_display(const pb_fmt_opts *o, const pb_field *f,
			     const char *v);
PBF_HIDDEN int pbf_json_number(const char *s);
PBF_HIDDEN int pbf_bool_value(const char *s);
PBF_HIDDEN void pbf_json_str(FILE *fp, const char *s);
PBF_HIDDEN void pbf_json_value(FILE *fp, const pb_field *f, const char *v);
PBF_HIDDEN int pbf_iso_date(const char *s);
PBF_HIDDEN int pbf_yaml_value(pb_yw *w, const pb_field *f, const char *v);
PBF_HIDDEN void pbf_tsv_str(FILE *fp, const char *s);
PBF_HIDDEN void pbf_csv_str(FILE *fp, const char *s);
PBF_HIDDEN void pbf_csv_value(FILE *fp, const pb_fmt_opts *o, int type,
			      const char *v);
PBF_HIDDEN void pbf_md_str(FILE *fp, const char *s);
PBF_HIDDEN void pbf_html_str(FILE *fp, const char *s);
PBF_HIDDEN int pbf_table_write(FILE *fp, size_t ncols, size_t nrows,
			       char *const *cells, const int *right);

#endif
