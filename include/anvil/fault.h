/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * User page faults (mm/fault.c).
 *
 * Anonymous private memory: a page is allocated zeroed on first touch;
 * after fork both address spaces map it read-only and the first write
 * copies it, or takes it over in place when no one else maps it.
 * Anonymous PTEs get PTE_WRITE only here, so mprotect and fork never give
 * a shared page write access.
 */
#ifndef ANVIL_FAULT_H
#define ANVIL_FAULT_H

#include <anvil/mm_types.h>

#define FAULT_WRITE	(1u << 0)
#define FAULT_EXEC	(1u << 1)
#define FAULT_USER	(1u << 2)

/*
 * Resolve a fault at addr.  0 when the access may be retried; -EFAULT when
 * no VMA covers addr; -EACCES when the VMA forbids the access; -ENOMEM
 * when no page could be had, even after reclaim; -EIO when a page swapped
 * out cannot be read back.
 */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned int flags);

/* Pages faulted in, copied on write, reused in place: counters for meminfo. */
struct fault_stats {
	u32 zero_fills;
	u32 cow_copies;
	u32 cow_reuses;
	u32 minor;		/* young emulation only */
};
extern struct fault_stats fault_stats;

#endif
