/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The reverse map of anonymous memory (CONFIG_SWAP): from a page to every
 * VMA, and the address in it, that may map the page.  Linux's anon_vma /
 * anon_vma_chain design (2.6.34), with the interval tree of 3.7 and the
 * reuse on fork of 4.0; Documentation/mm/reverse-map.md states the facts this
 * code keeps.  The implementation is mm/rmap.c.
 *
 * With CONFIG_SWAP=n nothing here is compiled: every call below becomes a
 * static inline that only keeps the page's map count, the structures do
 * not exist, and vm_area_struct and struct page carry no rmap field.  Call
 * sites are the same in both configs.
 *
 * Two designs, one Kconfig choice:
 *  CONFIG_ANON_RMAP_CHAIN   each VMA that has anonymous pages and every
 *                           forked copy of it gets its own anon_vma, linked
 *                           by an avc to its own and to every ancestor's;
 *                           a page that one process COWed is found by a
 *                           walk of that process's VMAs only.
 *  CONFIG_ANON_RMAP_SHARED  one anon_vma for a whole fork tree (before
 *                           2.6.34): one avc per VMA, smaller, and a walk
 *                           visits every VMA of the tree over that index.
 *
 * All-or-nothing: an operation reserves every avc it will need
 * (rmap_reserve) before it changes a VMA; anon_vma_clone then takes from
 * the reserve and cannot fail.  Only anon_vma_prepare (first fault) and
 * anon_vma_fork (fork, whose failure throws the whole child away)
 * allocate for themselves, and undo themselves on failure.
 *
 * Uniprocessor, no preemption in the kernel: no locks, so no lock fields.
 */
#ifndef ANVIL_RMAP_H
#define ANVIL_RMAP_H

#include <anvil/meminfo.h>
#include <anvil/mm.h>
#include <anvil/mm_types.h>
#include <anvil/pgtable.h>

/* rmap counters, for the meminfo dump and the benchmarks. */
struct rmap_stats {
	u32 walks;		/* rmap walks done */
	u32 walk_vmas;		/* VMAs those walks visited (avcs over the page's index) */
	u32 reuses;		/* anon_vmas reused by fork (CONFIG_ANON_VMA_REUSE) */
	u32 walk_cycles;	/* instructions in those walks, callbacks included (<anvil/cycles.h>) */
};

#if IS_ENABLED(CONFIG_SWAP)

/*
 * A set of VMAs that may map some anonymous pages.  8 bytes on 32-bit ARM,
 * in both designs and with or without reuse; Documentation/mm/reverse-map.md
 * says what each field costs.
 *
 * A VMA's chain is not a list of its own: it is its newest anon_vma
 * (vma->anon_chain) and that one's parents, up to the root of its fork
 * tree (parent NULL).  Every chain that holds an anon_vma holds the same
 * line after it, so one parent pointer per anon_vma serves them all, and
 * an avc needs neither a list link nor a pointer to its anon_vma.
 *
 * Lifetime: an anon_vma is freed when its tree empties, and only then.
 * It needs no reference count and no root pointer: a VMA in its tree has
 * the whole line of its ancestors on its chain, so a parent's tree
 * empties only with, or after, its children's (mm/rmap.c argues it;
 * rmap_check checks it).  A page's mapping is valid while the page is
 * mapped: every VMA that maps it is in its anon_vma's tree.
 */
struct anon_vma {
	struct anon_vma_chain *tree;	/* avcs, an interval tree by their VMAs' pgoff ranges */
	struct anon_vma *parent;	/* next on every chain that holds it; NULL on a root */
};

/* Page indexes an avc's subtree_last holds: 2^28 pages, 1 TiB (32-bit ARM needs 20 bits). */
#define AVC_LAST_BITS	28

/*
 * One link between a VMA and an anon_vma: a node of the anon_vma's tree,
 * a treap without parent pointers (mm/rmap_tree.c).  16 bytes on 32-bit
 * ARM, in its slab too.  Which anon_vma it belongs to, its tree says; which
 * avcs a VMA has, its chain says (found by a search under the VMA's key).
 * The last word is the tree's augmentation: the highest last page index
 * in the subtree, and for reuse on fork (mm/rmap.c) whether the avc's VMA
 * takes this anon_vma for its new pages, whether any in the subtree does,
 * and how many avcs the subtree holds, counted to 3.
 */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma_chain *left, *right;	/* children in the anon_vma's tree */
	unsigned long subtree_last : AVC_LAST_BITS;
	unsigned long own : 1;			/* vma->anon_vma is this tree's anon_vma */
	unsigned long subtree_own : 1;		/* some avc of this subtree is own */
	unsigned long subtree_n : 2;		/* avcs in this subtree, 3 meaning 3 or more */
};

/* avcs allocated ahead of an operation; anon_vma_clone takes from here. */
struct rmap_reserve {
	struct anon_vma_chain *free;	/* linked by right */
	u32 n;
};

/* A VMA's avcs while its range changes (anon_vma_unlink_range to anon_vma_link_range). */
struct avc_held {
	struct anon_vma_chain *first;	/* in chain order, linked by right */
};

/* Boot: the anon_vma and anon_vma_chain slab caches. */
void anon_vma_init(void);

/* How many avcs anon_vma_clone(dst, src) takes: the length of src's chain. */
u32 anon_vma_chain_len(const struct vm_area_struct *src);
/* Allocate n avcs: 0 or -ENOMEM (and nothing is held). */
int rmap_reserve(struct rmap_reserve *r, u32 n);
/* Free what is left; 0 left after a commit means the plan counted exactly. */
void rmap_reserve_release(struct rmap_reserve *r);
static inline u32 rmap_reserve_left(const struct rmap_reserve *r) { return r->n; }

/*
 * First anonymous fault in vma: give it an anon_vma of its own (a fresh
 * root).  0 or -ENOMEM, and then nothing changed.
 */
int anon_vma_prepare(struct vm_area_struct *vma);
/*
 * dst (a copy of src: split, mremap) joins every anon_vma src is in, and
 * shares src->anon_vma.  Takes anon_vma_chain_len(src) avcs from r.
 */
void anon_vma_clone(struct vm_area_struct *dst, const struct vm_area_struct *src,
		    struct rmap_reserve *r);
/*
 * fork: the child's copy of pvma joins every anon_vma of pvma and gets
 * one of its own (chain), or shares pvma's (shared).  0 or -ENOMEM, and
 * then vma holds nothing.
 */
int anon_vma_fork(struct vm_area_struct *vma, const struct vm_area_struct *pvma);
/* Teardown: leave every anon_vma, freeing those left empty.  The VMA maps no page. */
void unlink_anon_vmas(struct vm_area_struct *vma);
/*
 * A VMA growing over proto's range (mremap's destination merging with a
 * neighbour) joins proto's anon_vmas when it has none: the avcs that
 * takes (0 when nothing to do), and doing it from the reserve.
 */
u32 anon_vma_adopt_needs(const struct vm_area_struct *vma, const struct vm_area_struct *proto);
void anon_vma_adopt(struct vm_area_struct *vma, const struct vm_area_struct *proto,
		    struct rmap_reserve *r);
/*
 * Merging: hi goes away and lo takes its range.  If only hi has an
 * anon_vma (its chain is then a single avc, see anon_vma_mergeable), its
 * avc moves to lo: no allocation.
 */
void anon_vma_merge(struct vm_area_struct *lo, struct vm_area_struct *hi);
/* May pages of a and b live under one anon_vma (Linux's is_mergeable_anon_vma)? */
bool anon_vma_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b);

/*
 * The avc trees are keyed by each VMA's pgoff range: take vma's avcs out
 * before changing its vm_start, vm_end or vm_pgoff, and put them back after.
 */
void anon_vma_unlink_range(struct vm_area_struct *vma, struct avc_held *held);
void anon_vma_link_range(struct vm_area_struct *vma, struct avc_held *held);

/* Whether vma has its anon_vma: not before its first fault, and never without swap. */
static inline bool vma_has_anon_vma(const struct vm_area_struct *vma)
{
	return vma->anon_vma;
}

/*
 * The root of vma's fork tree: the last anon_vma of its chain (NULL when
 * it has none).  O(chain length), which reuse keeps short.
 */
struct anon_vma *vma_root_anon_vma(const struct vm_area_struct *vma);

/* proto (a VMA never linked) borrows src's chain to be cloned from (mremap). */
static inline void vma_borrow_chain(struct vm_area_struct *proto,
				    const struct vm_area_struct *src)
{
	proto->anon_chain = src->anon_chain;
}

/*
 * Pages.  A new anonymous page (first fault, COW copy) points at vma's own
 * anon_vma; a page mapped again (fork) keeps its anon_vma, the oldest that
 * covers all its mappers; a COW fault that takes a page over in place
 * moves it to vma's own anon_vma.
 */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr);
/*
 * An existing page mapped once more at addr (swap-in): if it is not
 * mapped yet it gets vma's anon_vma when exclusive (no one else can map
 * it), else the root of vma's fork tree.
 */
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma, unsigned long addr,
			bool exclusive);
void page_move_anon_rmap(struct page *page, struct vm_area_struct *vma);
/* One PTE less maps page; unmapped, it points at no anon_vma (inline: exit's per-page work). */
static inline void page_remove_rmap(struct page *page)
{
	page_mapcount_dec(page);
	if (!page_mapcount(page))
		page->mapping = 0;	/* no VMA maps it: nothing to find */
}

static inline void page_dup_rmap(struct page *page)
{
	page_mapcount_inc(page);
}

static inline struct anon_vma *page_anon_vma(const struct page *page)
{
	if (!(page->mapping & PAGE_MAPPING_ANON))
		return NULL;
	return (struct anon_vma *)(page->mapping & ~(uintptr_t)PAGE_MAPPING_ANON);
}

/*
 * Walk every VMA that may map page at the address it would be at; one()
 * returns false to stop.  A walk visits only VMAs whose pgoff range covers
 * the page's index (rmap_stats.walk_vmas counts them).
 */
typedef bool (*rmap_one_fn)(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, void *arg);
void rmap_walk(struct page *page, rmap_one_fn one, void *arg);

/* A walk that only counts: the VMAs it visits. */
u32 rmap_walk_vmas(struct page *page);

/* Aging: clear the young bit of every PTE mapping page; how many were young. */
u32 page_referenced(struct page *page);
/*
 * Reclaim: replace every PTE mapping page by pte (a swap entry, or 0 to
 * drop it), releasing each mapping's reference.  The caller holds its own
 * reference.  Returns how many PTEs it replaced; the page is unmapped
 * when page_mapcount() is 0 afterwards.
 */
u32 try_to_unmap(struct page *page, pte_t pte);

extern struct rmap_stats rmap_stats;

/* The rmap.* lines of the memory accounting dump (<anvil/meminfo.h>). */
void rmap_meminfo(meminfo_emit_t emit, void *arg);

/*
 * CONFIG_DEBUG_VM (mm/rmap_check.c): the invariants 1-3 of
 * Documentation/mm/reverse-map.md over the
 * address spaces mms[0..n), which must be every one there is.  0, or
 * -EINVAL after printing what is wrong.
 */
int rmap_check(struct mm_struct *const *mms, unsigned int n);

#else /* !CONFIG_SWAP: no reverse map; only the map count is kept. */

struct rmap_reserve { char none[0]; };
struct avc_held { char none[0]; };

static inline void anon_vma_init(void) { }
static inline void rmap_meminfo(meminfo_emit_t emit, void *arg) { (void)emit; (void)arg; }
/* No reverse map, nothing of it to check. */
static inline int rmap_check(struct mm_struct *const *mms, unsigned int n) { (void)mms; (void)n; return 0; }
static inline u32 anon_vma_chain_len(const struct vm_area_struct *src) { (void)src; return 0; }
static inline int rmap_reserve(struct rmap_reserve *r, u32 n) { (void)r; (void)n; return 0; }
static inline void rmap_reserve_release(struct rmap_reserve *r) { (void)r; }
static inline u32 rmap_reserve_left(const struct rmap_reserve *r) { (void)r; return 0; }
static inline int anon_vma_prepare(struct vm_area_struct *vma) { (void)vma; return 0; }
static inline void anon_vma_clone(struct vm_area_struct *dst, const struct vm_area_struct *src,
				  struct rmap_reserve *r) { (void)dst; (void)src; (void)r; }
static inline int anon_vma_fork(struct vm_area_struct *vma, const struct vm_area_struct *pvma)
{ (void)vma; (void)pvma; return 0; }
static inline void unlink_anon_vmas(struct vm_area_struct *vma) { (void)vma; }
static inline u32 anon_vma_adopt_needs(const struct vm_area_struct *vma,
				       const struct vm_area_struct *proto) { (void)vma; (void)proto; return 0; }
static inline void anon_vma_adopt(struct vm_area_struct *vma, const struct vm_area_struct *proto,
				  struct rmap_reserve *r) { (void)vma; (void)proto; (void)r; }
static inline void anon_vma_merge(struct vm_area_struct *lo, struct vm_area_struct *hi)
{ (void)lo; (void)hi; }
static inline bool anon_vma_mergeable(const struct vm_area_struct *a,
				      const struct vm_area_struct *b) { (void)a; (void)b; return true; }
static inline void anon_vma_unlink_range(struct vm_area_struct *vma, struct avc_held *held)
{ (void)vma; (void)held; }
static inline bool vma_has_anon_vma(const struct vm_area_struct *vma) { (void)vma; return false; }
static inline void anon_vma_link_range(struct vm_area_struct *vma, struct avc_held *held)
{ (void)vma; (void)held; }
static inline void vma_borrow_chain(struct vm_area_struct *proto,
				    const struct vm_area_struct *src) { (void)proto; (void)src; }

static inline void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
					  unsigned long addr)
{
	(void)vma;
	(void)addr;
	page_mapcount_inc(page);
}

static inline void page_move_anon_rmap(struct page *page, struct vm_area_struct *vma)
{
	(void)page;
	(void)vma;
}

static inline void page_remove_rmap(struct page *page)
{
	page_mapcount_dec(page);
}

static inline void page_dup_rmap(struct page *page)
{
	page_mapcount_inc(page);
}

#endif /* CONFIG_SWAP */

#endif
