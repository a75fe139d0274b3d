// SPDX-License-Identifier: GPL-2.0-only
/*
 * The out-of-memory killer: what happens when a user page fault finds no
 * free page (for the page itself or for a page table).  The process whose
 * death frees the most is killed (SIGKILL) with one console line,
 *
 *	Out of memory: killed pid N (comm), R pages
 *
 * where R is what it frees: its resident user pages, its pages in swap
 * (with swap, RAM and swap run out together, and a process swapped out
 * holds what the others need), its page tables and its kernel stack.
 * Resident pages alone would rank a big process that reclaim pushed out
 * to swap below sleepers that hold nothing, and kill those for nothing.
 *
 * and the faulting process retries once the victim has given its memory
 * back; if the faulting process is itself the largest, it is the one that
 * dies.  init (pid 1) is chosen only when it is the only user process.
 *
 * It owns the choice of the victim and the wait for it.  It allocates
 * nothing, reads address spaces only through for_each_vma and get_pte,
 * and leaves the kill itself to the usual path (TF_KILLED, then do_exit
 * at the victim's next return to user mode).  fork, brk and mmap do not
 * come here: they return ENOMEM to their caller, as POSIX says.
 */
#include <anvil/kernel.h>
#include <anvil/irq.h>
#include <anvil/oom.h>
#include <anvil/pgtable.h>
#include <anvil/process.h>
#include <anvil/vma.h>

u32 oom_kills;

/* Resident user pages: present PTEs in the VMAs (shared COW pages count in each). */
u32 mm_resident_pages(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	u32 n = 0;

	for_each_vma(mm, vma)
		for_each_mapped_page(&mm->pgtable, a, vma->vm_start, vma->vm_end)
			n += pte_present(get_pte(&mm->pgtable, a));
	return n;
}

/* Swap entries in the PTEs of mm's VMAs: its pages in swap (shared ones count in each). */
u32 mm_swap_ptes(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	u32 n = 0;

	if (!IS_ENABLED(CONFIG_SWAP))
		return 0;
	for_each_vma(mm, vma)
		for_each_mapped_page(&mm->pgtable, a, vma->vm_start, vma->vm_end)
			n += pte_is_swap(get_pte(&mm->pgtable, a));
	return n;
}

/* What killing t frees, in pages: user pages in RAM and in swap, page tables, kernel stack. */
static u32 oom_badness(struct task_struct *t)
{
	return mm_resident_pages(t->mm) + mm_swap_ptes(t->mm) + DIV_ROUND_UP(pgtable_bytes(&t->mm->pgtable), PAGE_SIZE) + 1;
}

/*
 * The user process whose death frees the most, init last; a process
 * already killed and still holding its memory wins outright (it is about
 * to give it back).
 */
static struct task_struct *choose_victim(u32 *pages)
{
	struct task_struct *t, *best = NULL;
	u32 best_pages = 0;

	list_for_each_entry(t, &task_list, tasks) {
		u32 n;

		if (!t->mm || t->state == TASK_ZOMBIE || t->pid == 1)
			continue;
		if (t->flags & TF_KILLED) {
			*pages = oom_badness(t);
			return t;
		}
		n = oom_badness(t);
		if (!best || n > best_pages) {
			best = t;
			best_pages = n;
		}
	}
	if (!best && current->mm) {
		best = current;		/* init, alone */
		best_pages = oom_badness(current);
	}
	*pages = best_pages;
	return best;
}

/* Until the victim's address space is gone (exit frees it before the zombie waits). */
static void wait_for_exit(int pid)
{
	for (int tries = 0; !(current->flags & TF_KILLED); tries++) {
		struct task_struct *t = find_task(pid);

		if (!t || !t->mm)
			return;
		if (tries < 16)
			yield();
		else
			sleep_ticks(1);
	}
}

bool out_of_memory(void)
{
	u32 pages;
	struct task_struct *victim = choose_victim(&pages);

	if (!victim)
		return false;
	if (!(victim->flags & TF_KILLED)) {
		printk(KERN_ERR "Out of memory: killed pid %d (%s), %u pages\n",
		       victim->pid, victim->comm, pages);
		oom_kills++;
		victim->flags |= TF_KILLED;
		victim->exit_code = SIGKILL;
		wake_up_task(victim);
	}
	if (victim == current)
		return false;
	wait_for_exit(victim->pid);
	return !(current->flags & TF_KILLED);
}
