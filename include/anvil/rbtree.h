/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Red-black trees with the node embedded in the object, as Linux readers
 * know them.  Owns only the balancing; the caller owns the ordering: it
 * walks down to the empty link where the new node belongs and hands that
 * link to rb_insert, so no compare callback is needed.
 *
 * Augmented trees (an interval tree keeps each node's subtree maximum):
 * pass an rb_update_fn that recomputes a node's own summary from its
 * children.  rb_insert and rb_erase call it on every node whose subtree
 * changed, bottom-up, so summaries are right when they return.  Pass NULL
 * for a plain tree.
 *
 * 12 bytes a node on 32-bit ARM: the colour lives in the parent pointer's
 * low bit (nodes are at least 4-byte aligned).
 */
#ifndef ANVIL_RBTREE_H
#define ANVIL_RBTREE_H

#include <anvil/kernel.h>

struct rb_node {
	uintptr_t parent_color;		/* parent | RB_BLACK */
	struct rb_node *left, *right;
};

struct rb_root {
	struct rb_node *node;
};

#define RB_ROOT			((struct rb_root){ NULL })
#define rb_entry(p, type, member) container_of(p, type, member)

typedef void (*rb_update_fn)(struct rb_node *node);

static inline struct rb_node *rb_parent(const struct rb_node *n)
{
	return (struct rb_node *)(n->parent_color & ~(uintptr_t)1);
}

/* Link node at *link (a NULL child pointer of parent, or root->node) and rebalance. */
void rb_insert(struct rb_root *root, struct rb_node *node, struct rb_node *parent,
	       struct rb_node **link, rb_update_fn update);
void rb_erase(struct rb_root *root, struct rb_node *node, rb_update_fn update);

/* In-order walk: first/last node, neighbours; NULL past either end. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* For checkers: a tree's black height, or -1 when a red-black rule is broken. */
int rb_check(const struct rb_root *root);

#endif
