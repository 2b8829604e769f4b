/* The id-to-first-line map of an import (id_lines.h). */
#include <stdlib.h>
#include <string.h>

#include "id_lines.h"

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

long pb_id_lines_put(pb_id_lines *m, int64_t id, long line)
{
	pb_id_line *s;
	uint64_t i = (uint64_t)id;

	if (id <= 0)
		return 0;
	/* An id may sit in either part, by when it came: look in both. */
	if (i < m->dense_cap && m->dense[i])
		return m->dense[i];
	if (m->sparse_n && (s = sparse_find(m, id))->id)
		return s->line;
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

void pb_id_lines_free(pb_id_lines *m)
{
	free(m->dense);
	free(m->sparse);
	memset(m, 0, sizeof *m);
}
