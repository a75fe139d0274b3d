// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host tests of mm/rbtree.c: random inserts and erases against a sorted
 * reference, checking the red-black rules, the in-order walk both ways,
 * and an augmented summary (subtree size) kept by the update callback, as
 * an interval tree would keep its subtree maximum.
 */
#include <stdlib.h>
#include <anvil/rbtree.h>
#include "test.h"

#define NODES	600

struct item {
	struct rb_node rb;
	unsigned key;
	unsigned size;		/* nodes in the subtree: the augmented value */
	bool in;
};

static struct item items[NODES];
static unsigned updates;

static unsigned subtree_size(const struct rb_node *n)
{
	return n ? rb_entry(n, struct item, rb)->size : 0;
}

static void update_size(struct rb_node *n)
{
	rb_entry(n, struct item, rb)->size = 1 + subtree_size(n->left) + subtree_size(n->right);
	updates++;
}

static void insert(struct rb_root *root, struct item *it, rb_update_fn update)
{
	struct rb_node **link = &root->node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, rb)->key ? &parent->left : &parent->right;
	}
	rb_insert(root, &it->rb, parent, link, update);
	it->in = true;
}

/* Sizes are right everywhere, by recounting. */
static unsigned check_sizes(const struct rb_node *n)
{
	unsigned s;

	if (!n)
		return 0;
	s = 1 + check_sizes(n->left) + check_sizes(n->right);
	EXPECT_EQ(rb_entry(n, struct item, rb)->size, s);
	return s;
}

static void check_tree(const struct rb_root *root, bool augmented)
{
	unsigned n = 0, last = 0, in = 0;
	struct rb_node *node, *prev = NULL;

	ASSERT_TRUE(rb_check(root) >= 0);
	for (node = rb_first(root); node; prev = node, node = rb_next(node)) {
		unsigned key = rb_entry(node, struct item, rb)->key;

		ASSERT_TRUE(n == 0 || key >= last);
		ASSERT_TRUE(rb_prev(node) == prev);
		last = key;
		n++;
	}
	ASSERT_TRUE(rb_last(root) == prev);
	for (int i = 0; i < NODES; i++)
		in += items[i].in;
	ASSERT_EQ(n, in);
	if (augmented)
		ASSERT_EQ(check_sizes(root->node), n);
}

static void random_run(unsigned seed, bool augmented)
{
	struct rb_root root = RB_ROOT;
	rb_update_fn update = augmented ? update_size : NULL;

	srand(seed);
	memset(items, 0, sizeof(items));
	for (int i = 0; i < NODES; i++)
		items[i].key = rand() % (NODES / 2);	/* duplicates too */
	for (int step = 0; step < 4 * NODES; step++) {
		struct item *it = &items[rand() % NODES];

		if (it->in) {
			rb_erase(&root, &it->rb, update);
			it->in = false;
		} else {
			insert(&root, it, update);
		}
		if (step % 50 == 0 || step > 4 * NODES - 20)
			check_tree(&root, augmented);
	}
	for (int i = 0; i < NODES; i++)
		if (items[i].in)
			rb_erase(&root, &items[i].rb, update);
	ASSERT_TRUE(root.node == NULL);
}

TEST(rbtree_random)
{
	for (unsigned seed = 1; seed <= 5; seed++)
		random_run(seed, false);
}

TEST(rbtree_augmented)
{
	updates = 0;
	for (unsigned seed = 1; seed <= 5; seed++)
		random_run(seed, true);
	EXPECT_TRUE(updates > 0);
}

TEST(rbtree_sorted_inserts_stay_shallow)
{
	struct rb_root root = RB_ROOT;
	int depth = 0;

	memset(items, 0, sizeof(items));
	for (int i = 0; i < NODES; i++) {
		items[i].key = i;
		insert(&root, &items[i], NULL);
	}
	/* Black height h means at most 2h deep; 600 nodes: h <= 10. */
	ASSERT_TRUE(rb_check(&root) <= 10);
	for (struct rb_node *n = rb_first(&root); n; n = rb_parent(n))
		depth++;
	EXPECT_LE(depth, 20);
}
