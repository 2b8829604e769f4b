/* The id-to-first-line map of an import (id_lines.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "id_lines.h"

/* The window of new ids' lines kept in memory (64 KiB), and how far past
 * the first new id the file reaches (4 GiB of it at most); a new id
 * outside both is remembered in memory as any other. */
#define WIN_IDS 16384
#define SPILL_IDS ((int64_t)1 << 30)

/* How far past twice the ids seen a new id may be and still go in the
 * dense array: room for a database's own gaps, 256 KB at most. */
#define DENSE_SLACK 65536

static uint32_t line32(long line)
{
	if (line < 1)
		return 1;
	return (unsigned long)line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

static size_t slot(int64_t id, size_t cap)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15u) >> 32) & (cap - 1);
}

static pb_id_line *sparse_find(const pb_id_lines *m, int64_t id)
{
	size_t i;

	for (i = slot(id, m->sparse_cap);; i = (i + 1) & (m->sparse_cap - 1))
		if (m->sparse[i].id == id || m->sparse[i].id == 0)
			return &m->sparse[i];
}

static int sparse_grow(pb_id_lines *m)
{
	pb_id_lines bigger = *m;
	size_t i;

	bigger.sparse_cap = m->sparse_cap ? m->sparse_cap * 2 : 64;
	bigger.sparse = calloc(bigger.sparse_cap, sizeof *bigger.sparse);
	if (!bigger.sparse)
		return -1;
	for (i = 0; i < m->sparse_cap; i++)
		if (m->sparse[i].id)
			*sparse_find(&bigger, m->sparse[i].id) = m->sparse[i];
	free(m->sparse);
	m->sparse = bigger.sparse;
	m->sparse_cap = bigger.sparse_cap;
	return 0;
}

static int dense_grow(pb_id_lines *m, size_t i)
{
	size_t cap = m->dense_cap ? m->dense_cap : 1024;
	uint32_t *grown;

	while (cap <= i)
		cap *= 2;
	if (!(grown = realloc(m->dense, cap * sizeof *grown)))
		return -1;
	memset(grown + m->dense_cap, 0, (cap - m->dense_cap) * sizeof *grown);
	m->dense = grown;
	m->dense_cap = cap;
	return 0;
}

/* The line of a new id kept in the window or the file, 0 when it is
 * not there, -1 when the file cannot be read. */
static long spilled(const pb_id_lines *m, int64_t id)
{
	uint32_t line = 0;

	if (m->win && id >= m->win_start && id < m->win_end)
		return m->win[id - m->win_start];
	if (m->spill <= 0 || id < m->spill_base || id >= m->spill_end)
		return 0;
	if (pread(m->spill - 1, &line, sizeof line,
		  (off_t)(id - m->spill_base) * (off_t)sizeof line) !=
	    (ssize_t)sizeof line)
		return -1;
	return line;
}

/* Write the window to the file, opened on first use: 0, or -1 when there
 * is no file to be had (the ids then stay in memory). */
static int spill_window(pb_id_lines *m)
{
	size_t len = (size_t)(m->win_end - m->win_start) * sizeof *m->win;
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (m->spill < 0)
		return -1;
	if (!m->spill) {
		snprintf(path, sizeof path, "%s/pb-ids-XXXXXX",
			 dir && *dir ? dir : "/tmp");
		if ((fd = mkstemp(path)) < 0) {
			m->spill = -1;
			return -1;
		}
		unlink(path);
		m->spill = fd + 1;
	}
	if (len && pwrite(m->spill - 1, m->win, len,
			  (off_t)(m->win_start - m->spill_base) *
				  (off_t)sizeof *m->win) != (ssize_t)len)
		return -1;
	m->spill_end = m->win_end;
	return 0;
}

/* Remember id at line in the memory parts; 0, or -1 out of memory. */
static int keep(pb_id_lines *m, int64_t id, long line)
{
	uint64_t i = (uint64_t)id;
	pb_id_line *s;

	if (i < m->dense_cap || i < 2 * (uint64_t)m->n + DENSE_SLACK) {
		if (i >= m->dense_cap && dense_grow(m, (size_t)i) != 0)
			return -1;
		m->dense[i] = line32(line);
	} else {
		if (2 * (m->sparse_n + 1) > m->sparse_cap && sparse_grow(m) != 0)
			return -1;
		s = sparse_find(m, id);
		s->id = id;
		s->line = line32(line);
		m->sparse_n++;
	}
	m->n++;
	return 0;
}

long pb_id_lines_put(pb_id_lines *m, int64_t id, long line)
{
	pb_id_line *s;
	uint64_t i = (uint64_t)id;
	long first;

	if (id <= 0)
		return 0;
	/* An id may sit in any part, by when it came: look in each. */
	if (i < m->dense_cap && m->dense[i])
		return m->dense[i];
	if (m->sparse_n && (s = sparse_find(m, id))->id)
		return s->line;
	if ((first = spilled(m, id)) != 0)
		return first;
	return keep(m, id, line);
}

int pb_id_lines_new(pb_id_lines *m, int64_t id, long line)
{
	if (id <= 0)
		return 0;
	if (!m->win && m->spill >= 0) {
		if (!(m->win = calloc(WIN_IDS, sizeof *m->win)))
			return -1;
		m->win_start = m->win_end = m->spill_base = id;
	}
	/* Past the window: it moves up to start at id, its lines to the
	 * file (an id below it, which only a file's own ids can give, is
	 * kept in memory). */
	if (m->win && id >= m->win_start + WIN_IDS &&
	    id - m->spill_base < SPILL_IDS && spill_window(m) == 0) {
		memset(m->win, 0, WIN_IDS * sizeof *m->win);
		m->win_start = m->win_end = id;
	}
	if (!m->win || id < m->win_start || id >= m->win_start + WIN_IDS)
		return keep(m, id, line);
	m->win[id - m->win_start] = line32(line);
	if (id >= m->win_end)
		m->win_end = id + 1;
	return 0;
}

void pb_id_lines_free(pb_id_lines *m)
{
	free(m->dense);
	free(m->sparse);
	free(m->win);
	if (m->spill > 0)
		close(m->spill - 1);
	memset(m, 0, sizeof *m);
}
