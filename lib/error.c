/* Errors as values: what went wrong, where in the input, and the code
 * that becomes the exit status. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pb.h"

int pb_exit_code(int code)
{
	switch (code) {
	case PB_OK:
	case PB_NOTFOUND:
	case PB_USAGE:
	case PB_DATAERR:
	case PB_NOINPUT:
	case PB_UNAVAILABLE:
	case PB_SOFTWARE:
	case PB_CANTCREAT:
	case PB_IOERR:
	case PB_TEMPFAIL:
	case PB_CONFIG:
		return code;
	default:
		return PB_SOFTWARE;
	}
}

void pb_err_clear(pb_err *e)
{
	e->code = PB_OK;
	e->msg[0] = '\0';
	e->file[0] = '\0';
	e->line = e->col = 0;
}

/* Callers pass errors they are about to fill whole. */
static void set_pos(pb_err *e, const char *file, long line, long col)
{
	/* cppcheck-suppress ctuuninitvar */
	snprintf(e->file, sizeof e->file, "%s", file ? file : "");
	e->line = line;
	e->col = col;
}

int pb_fail(pb_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	set_pos(e, NULL, 0, 0);
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int pb_fail_at(pb_err *e, int code, const char *file, long line, long col,
	       const char *fmt, ...)
{
	va_list ap;

	set_pos(e, file, line, col);
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void pb_err_format(const pb_err *e, char *buf, size_t len)
{
	if (e->file[0] && e->line > 0 && e->col > 0)
		snprintf(buf, len, "%s:%ld:%ld: %s", e->file, e->line, e->col,
			 e->msg);
	else if (e->file[0] && e->line > 0)
		snprintf(buf, len, "%s:%ld: %s", e->file, e->line, e->msg);
	else if (e->file[0])
		snprintf(buf, len, "%s: %s", e->file, e->msg);
	else
		snprintf(buf, len, "%s", e->msg);
}

void pb_diags_init(pb_diags *d)
{
	d->n = d->more = 0;
	d->code = PB_OK;
}

void pb_diags_add(pb_diags *d, const pb_err *e)
{
	if (d->code == PB_OK || d->code == PB_DATAERR)
		d->code = e->code;
	if (d->n < PB_MAX_DIAGS)
		d->item[d->n++] = *e;
	else
		d->more++;
}

int pb_diag(pb_diags *d, int code, const char *file, long line, long col,
	    const char *fmt, ...)
{
	pb_err e;
	va_list ap;

	set_pos(&e, file, line, col);
	e.code = code;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	va_end(ap);
	pb_diags_add(d, &e);
	return code;
}
