// SPDX-License-Identifier: GPL-2.0-only
/*
 * Red-black tree balancing (see <anvil/rbtree.h>).  Owns the colour and
 * shape rules only; it never looks at what the nodes are embedded in,
 * never allocates, and never compares keys.
 *
 * The rules: every node is red or black, the root is black, a red node has
 * no red child, and every path from a node down to a NULL child passes the
 * same number of black nodes.  So no path is more than twice as long as
 * another and a tree of n nodes is at most 2 log2(n + 1) deep.
 *
 * Written from the textbook algorithm (Cormen et al., chapter 13), its
 * mirrored left and right cases folded into one with a side index, and with
 * NULL for the leaves: erase therefore carries the parent of the hole
 * separately, since the hole itself may be NULL.
 */
#include <anvil/rbtree.h>

#define RB_RED		0
#define RB_BLACK	1

static bool is_red(const struct rb_node *n)
{
	return n && !(n->parent_color & RB_BLACK);
}

static void set_black(struct rb_node *n)
{
	n->parent_color |= RB_BLACK;
}

static void set_red(struct rb_node *n)
{
	n->parent_color &= ~(uintptr_t)RB_BLACK;
}

static void set_color(struct rb_node *n, uintptr_t color)
{
	n->parent_color = (n->parent_color & ~(uintptr_t)RB_BLACK) | color;
}

static uintptr_t color_of(const struct rb_node *n)
{
	return n->parent_color & RB_BLACK;
}

static void rb_set_parent(struct rb_node *n, struct rb_node *parent)
{
	n->parent_color = (uintptr_t)parent | color_of(n);
}

/* Make whatever pointed at old (its parent's child link, or the root) point at new. */
static void replace_child(struct rb_root *root, struct rb_node *old,
			  struct rb_node *new, struct rb_node *parent)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		rb_set_parent(new, parent);
}

static void update_to_root(struct rb_node *n, rb_update_fn update)
{
	if (!update)
		return;
	for (; n; n = rb_parent(n))
		update(n);
}

/* The two sides of a node: the left and right cases of the algorithms are mirrors. */
#define LEFT	0
#define RIGHT	1

static struct rb_node **child(struct rb_node *n, int side)
{
	return side == RIGHT ? &n->right : &n->left;
}

/*
 * x moves down to side dir: its child y on the other side takes x's place
 * and x becomes y's child on side dir (dir LEFT: the textbook's
 * left-rotate).  Only x's and y's subtrees change, so only they need their
 * summaries redone, x first since it is now below y.
 */
static void rotate(struct rb_root *root, struct rb_node *x, int dir, rb_update_fn update)
{
	struct rb_node *y = *child(x, !dir), *inner = *child(y, dir);

	*child(x, !dir) = inner;
	if (inner)
		rb_set_parent(inner, x);
	replace_child(root, x, y, rb_parent(x));
	*child(y, dir) = x;
	rb_set_parent(x, y);
	if (update) {
		update(x);
		update(y);
	}
}

/* A red node under a red parent: recolour up the tree, or rotate once or twice. */
static void insert_fixup(struct rb_root *root, struct rb_node *z, rb_update_fn update)
{
	struct rb_node *p, *g, *uncle;

	while ((p = rb_parent(z)) && is_red(p)) {
		int side;

		g = rb_parent(p);	/* p is red, so not the root */
		side = p == g->right ? RIGHT : LEFT;
		uncle = *child(g, !side);
		if (is_red(uncle)) {
			set_black(p);
			set_black(uncle);
			set_red(g);
			z = g;
			continue;
		}
		if (z == *child(p, !side)) {
			rotate(root, p, side, update);
			z = p;
			p = rb_parent(z);
		}
		set_black(p);
		set_red(g);
		rotate(root, g, !side, update);
	}
	set_black(root->node);
}

void rb_insert(struct rb_root *root, struct rb_node *node, struct rb_node *parent,
	       struct rb_node **link, rb_update_fn update)
{
	node->parent_color = (uintptr_t)parent | RB_RED;
	node->left = node->right = NULL;
	*link = node;
	update_to_root(node, update);
	insert_fixup(root, node, update);
}

/*
 * A black node left the path through x (x may be NULL, so its parent
 * comes separately): x carries an extra black until it can be dropped on
 * a red node, or the sibling's side can be rotated over to absorb it.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *x, struct rb_node *xp,
			rb_update_fn update)
{
	struct rb_node *w;

	while (x != root->node && !is_red(x)) {
		int side = x == xp->left ? LEFT : RIGHT;

		w = *child(xp, !side);	/* not NULL: its side has a black more */
		if (is_red(w)) {
			set_black(w);
			set_red(xp);
			rotate(root, xp, side, update);
			w = *child(xp, !side);
		}
		if (!is_red(w->left) && !is_red(w->right)) {
			set_red(w);
			x = xp;
			xp = rb_parent(x);
			continue;
		}
		if (!is_red(*child(w, !side))) {
			set_black(*child(w, side));
			set_red(w);
			rotate(root, w, !side, update);
			w = *child(xp, !side);
		}
		set_color(w, color_of(xp));
		set_black(xp);
		set_black(*child(w, !side));
		rotate(root, xp, side, update);
		x = root->node;
	}
	if (x)
		set_black(x);
}

void rb_erase(struct rb_root *root, struct rb_node *z, rb_update_fn update)
{
	struct rb_node *x, *xp, *y;
	bool removed_black;

	if (!z->left || !z->right) {
		/* z has at most one child: that child takes its place. */
		x = z->left ? z->left : z->right;
		xp = rb_parent(z);
		removed_black = !is_red(z);
		replace_child(root, z, x, xp);
	} else {
		/* z's successor y (no left child) takes z's place and colour. */
		y = z->right;
		while (y->left)
			y = y->left;
		removed_black = !is_red(y);
		x = y->right;
		if (rb_parent(y) == z) {
			xp = y;
		} else {
			xp = rb_parent(y);
			replace_child(root, y, x, xp);
			y->right = z->right;
			rb_set_parent(y->right, y);
		}
		replace_child(root, z, y, rb_parent(z));
		y->left = z->left;
		rb_set_parent(y->left, y);
		set_color(y, color_of(z));
	}
	update_to_root(xp, update);
	if (removed_black)
		erase_fixup(root, x, xp, update);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->node;

	while (n && n->left)
		n = n->left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->node;

	while (n && n->right)
		n = n->right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *n)
{
	struct rb_node *p;

	if (n->right) {
		n = n->right;
		while (n->left)
			n = n->left;
		return (struct rb_node *)n;
	}
	while ((p = rb_parent(n)) && n == p->right)
		n = p;
	return p;
}

struct rb_node *rb_prev(const struct rb_node *n)
{
	struct rb_node *p;

	if (n->left) {
		n = n->left;
		while (n->right)
			n = n->right;
		return (struct rb_node *)n;
	}
	while ((p = rb_parent(n)) && n == p->left)
		n = p;
	return p;
}

static int check_subtree(const struct rb_node *n, const struct rb_node *parent)
{
	int lh, rh;

	if (!n)
		return 0;
	if (rb_parent(n) != parent)
		return -1;
	if (is_red(n) && (is_red(n->left) || is_red(n->right)))
		return -1;
	lh = check_subtree(n->left, n);
	rh = check_subtree(n->right, n);
	if (lh < 0 || lh != rh)
		return -1;
	return lh + !is_red(n);
}

int rb_check(const struct rb_root *root)
{
	if (is_red(root->node))
		return -1;
	return check_subtree(root->node, NULL);
}
