/* A small tree of named values: what a report builds before it is
 * written in one of the formats (fmt_tree.c). Reports are small (a
 * period's figures), so holding one in memory is fine. */
#include <stdlib.h>
#include <string.h>

#include "pb.h"

struct pb_node {
	char *key;
	int kind;  /* PB_NODE_MAP, PB_NODE_LIST, PB_NODE_SCALAR */
	int type;  /* enum pb_type, for scalars */
	char *text; /* NULL: null */
	pb_node **kids;
	size_t n, cap;
};

static pb_node *node_new(pb_node *parent, const char *key, int kind)
{
	pb_node *n = calloc(1, sizeof *n);

	if (!n)
		return NULL;
	n->kind = kind;
	if (key && !(n->key = strdup(key))) {
		free(n);
		return NULL;
	}
	if (parent) {
		if (parent->n == parent->cap) {
			size_t cap = parent->cap ? parent->cap * 2 : 8;
			pb_node **grown = realloc(parent->kids, cap * sizeof *grown);

			if (!grown) {
				free(n->key);
				free(n);
				return NULL;
			}
			parent->kids = grown;
			parent->cap = cap;
		}
		parent->kids[parent->n++] = n;
	}
	return n;
}

pb_node *pb_node_root(void)
{
	return node_new(NULL, NULL, PB_NODE_MAP);
}

pb_node *pb_node_map(pb_node *parent, const char *key)
{
	return parent ? node_new(parent, key, PB_NODE_MAP) : NULL;
}

pb_node *pb_node_list(pb_node *parent, const char *key)
{
	return parent ? node_new(parent, key, PB_NODE_LIST) : NULL;
}

pb_node *pb_node_text(pb_node *parent, const char *key, int type,
		      const char *text)
{
	pb_node *n = parent ? node_new(parent, key, PB_NODE_SCALAR) : NULL;

	if (n) {
		n->type = type;
		if (text && !(n->text = strdup(text)))
			return NULL;
	}
	return n;
}

pb_node *pb_node_int(pb_node *parent, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)v);
	return pb_node_text(parent, key, PB_T_INT, buf);
}

pb_node *pb_node_money(pb_node *parent, const char *key, int64_t fen)
{
	char buf[32];

	pb_money_format(fen, buf);
	return pb_node_text(parent, key, PB_T_MONEY, buf);
}

pb_node *pb_node_dec(pb_node *parent, const char *key, int64_t milli)
{
	char buf[32];

	pb_decimal_format(milli, buf);
	return pb_node_text(parent, key, PB_T_DEC, buf);
}

pb_node *pb_node_bool(pb_node *parent, const char *key, int v)
{
	return pb_node_text(parent, key, PB_T_BOOL, v ? "1" : "0");
}

pb_node *pb_node_rec(pb_node *list, const pb_rec *r)
{
	pb_node *m = pb_node_map(list, NULL);
	size_t i;

	for (i = 0; m && i < r->n; i++)
		pb_node_text(m, r->fields[i].name, r->fields[i].type, r->v[i]);
	return m;
}

void pb_node_free(pb_node *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++)
		pb_node_free(n->kids[i]);
	free(n->kids);
	free(n->key);
	free(n->text);
	free(n);
}

int pb_node_kind(const pb_node *n)
{
	return n->kind;
}

int pb_node_type(const pb_node *n)
{
	return n->type;
}

const char *pb_node_key(const pb_node *n)
{
	return n->key;
}

const char *pb_node_value(const pb_node *n)
{
	return n->text;
}

size_t pb_node_count(const pb_node *n)
{
	return n->n;
}

pb_node *pb_node_at(const pb_node *n, size_t i)
{
	return i < n->n ? n->kids[i] : NULL;
}

pb_node *pb_node_get(const pb_node *n, const char *path)
{
	const char *dot;
	size_t i, len;

	while (n && *path) {
		dot = strchr(path, '.');
		len = dot ? (size_t)(dot - path) : strlen(path);
		for (i = 0; i < n->n; i++)
			if (n->kids[i]->key && strlen(n->kids[i]->key) == len &&
			    strncmp(n->kids[i]->key, path, len) == 0)
				break;
		n = i < n->n ? n->kids[i] : NULL;
		path += len + (dot ? 1 : 0);
	}
	return (pb_node *)n;
}

pb_node *pb_node_copy(pb_node *parent, const pb_node *n)
{
	pb_node *c;
	size_t i;

	if (!n)
		return NULL;
	if (n->kind == PB_NODE_SCALAR)
		return pb_node_text(parent, n->key, n->type, n->text);
	c = parent ? node_new(parent, n->key, n->kind) : node_new(NULL, NULL, n->kind);
	for (i = 0; c && i < n->n; i++)
		if (!pb_node_copy(c, n->kids[i]))
			return NULL;
	return c;
}

int pb_node_item_cmp(const pb_node *a, const pb_node *b)
{
	size_t i;

	for (i = 0; i < a->n && i < b->n; i++) {
		const pb_node *x = a->kids[i], *y = b->kids[i];
		int c;

		if (x->kind != PB_NODE_SCALAR || pb_type_is_number(x->type))
			continue;
		if (!x->text != !y->text)
			return x->text ? 1 : -1; /* nulls first, as reports order */
		if (x->text && y->text && (c = strcmp(x->text, y->text)) != 0)
			return c;
	}
	return 0;
}

pb_node *pb_node_child(const pb_node *m, const char *key)
{
	size_t i;

	for (i = 0; m && key && m->kind == PB_NODE_MAP && i < m->n; i++)
		if (m->kids[i]->key && strcmp(m->kids[i]->key, key) == 0)
			return m->kids[i];
	return NULL;
}

int pb_node_is_values(const pb_node *n)
{
	size_t i;

	if (!n || n->kind != PB_NODE_LIST)
		return 0;
	for (i = 0; i < n->n; i++)
		if (n->kids[i]->kind != PB_NODE_SCALAR)
			return 0;
	return 1;
}
