// SPDX-License-Identifier: GPL-2.0-only
/*
 * Image pages: the part of the kernel image that user space may map in
 * place, read-only, instead of a copy.  That is the initramfs: a program's
 * text and read-only data are its file's pages, and every process running
 * the program maps the same ones (kernel/exec.c).  This file owns which
 * pages those are (PG_image), mapping a run of them into an address space,
 * and counting them; the rules every other part of mm/ keeps for them are
 * in <anvil/mm.h> beside page_is_image().
 *
 * The reference rule: the image holds one reference on each image page for
 * good (mem_init gave every kernel page one); each PTE mapping it holds one
 * more reference and one map count, taken here or by fork's copy, dropped
 * by unmap.  So an image page's count never reaches zero, it never meets
 * the free lists, and copy-on-write never finds it with a count of one.
 * It has no anon_vma (no reverse map: never on an LRU list, so reclaim
 * never looks at it, and swap has nothing to do with it).
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/rmap.h>
#include <anvil/vma.h>

static u32 image_first_pfn, image_end_pfn;

void image_pages_init(const void *start, const void *end)
{
	u32 first = PFN_DOWN(__pa(start)), last = PFN_UP(__pa(end));

	BUG_ON(!IS_ALIGNED((uintptr_t)start, PAGE_SIZE) || !pfn_valid(first) ||
	       (last > first && !pfn_valid(last - 1)));
	image_first_pfn = first;
	image_end_pfn = last;
	for (u32 pfn = first; pfn < last; pfn++) {
		struct page *page = pfn_to_page(pfn);

		BUG_ON(page->use != PAGE_USE_KERNEL || page_count(page) != 1);
		page->flags |= PG_image;
	}
}

bool image_range_ok(const void *kaddr, u32 npages)
{
	u32 pfn = PFN_DOWN(__pa(kaddr));

	return IS_ALIGNED((uintptr_t)kaddr, PAGE_SIZE) && pfn >= image_first_pfn &&
	       pfn <= image_end_pfn && npages <= image_end_pfn - pfn;
}

u32 nr_image_pages(void)
{
	return image_end_pfn - image_first_pfn;
}

u32 nr_image_pages_mapped(void)
{
	u32 n = 0;

	for (u32 pfn = image_first_pfn; pfn < image_end_pfn; pfn++)
		n += page_mapcount(pfn_to_page(pfn)) != 0;
	return n;
}

int vma_map_image_pages(struct mm_struct *mm, unsigned long addr, const void *kaddr, u32 npages)
{
	const struct vm_area_struct *vma = find_vma(mm, addr);
	u32 pfn = PFN_DOWN(__pa(kaddr)), prot;

	if (!npages)
		return 0;
	if (!image_range_ok(kaddr, npages) || !IS_ALIGNED(addr, PAGE_SIZE) || !vma ||
	    addr < vma->vm_start || npages > (vma->vm_end - addr) >> PAGE_SHIFT)
		return -EINVAL;
	/* Never writable here: a write faults and copies (mm/fault.c). */
	prot = vm_pte_prot(vma->vm_flags, false) | PTE_YOUNG;
	for (u32 i = 0; i < npages; i++) {
		unsigned long a = addr + i * PAGE_SIZE;
		struct page *page = pfn_to_page(pfn + i);

		if (!pte_none(get_pte(&mm->pgtable, a))) {
			vma_unmap_pages(mm, addr, a);
			return -EBUSY;
		}
		if (set_pte(&mm->pgtable, a, mk_pte(pfn + i, prot))) {
			vma_unmap_pages(mm, addr, a);
			return -ENOMEM;
		}
		get_page(page);
		page_dup_rmap(page);
	}
	return 0;
}
