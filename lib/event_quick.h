/* The quick path of an events import (event_quick.c): a new event checked
 * whole against every rule, then written with the ids it takes, and an
 * event found unchanged, both without a savepoint; whatever else the
 * ordinary path (event_io.c's upsert) does.  Private to the library. */
#ifndef PB_EVENT_QUICK_H
#define PB_EVENT_QUICK_H

#include "pb.h"

typedef struct pb_event_quick pb_event_quick;

/* One import's state: NULL when out of memory. */
pb_event_quick *pb_event_quick_new(void);
void pb_event_quick_free(void *q);
/* The section's quick hook (pb_import_section.quick). */
int pb_event_quick_write(void *q, pb_db *db, pb_rec *r, const pb_yrec *y,
			 int *created, pb_err *e);
/* The ordinary path is about to write: the next ids are read again. */
void pb_event_quick_forget_ids(pb_event_quick *q);
/* An event's id, a pair's id, looked up by id (event.c): one statement
 * each, which both paths share. */
extern const char pb_event_id_sql[], pb_pair_id_sql[];
/* The defaults a participant row is stored with (event_io.c). */
void pb_participant_defaults(pb_rec *p);

#endif
