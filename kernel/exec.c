// SPDX-License-Identifier: GPL-2.0-only
/*
 * execve: loading an ELF program from the initramfs into a fresh address
 * space.  The new mm is built completely (segments, heap start, stack with
 * argv and envp) before the old one is dropped, so a failure returns an
 * errno to a caller that is still intact.
 *
 * Accepted: 32-bit little-endian ARM ET_EXEC files whose PT_LOAD segments
 * are page aligned in memory and do not overlap (user/user.lds makes them
 * so).  A segment's whole pages of file data are the file's own pages in
 * the initramfs, mapped read-only (mm/image.c): every process running the
 * program shares them, and a write (to data, or to text made writable by
 * mprotect) copies the page first.  The rest (a last partial page that
 * must differ from the file, or a file whose data is not page aligned in
 * the archive) is written through the new mapping.  Then each segment gets
 * its final protection: text is never writable, data never executable.
 */
#include <anvil/kernel.h>
#include <anvil/errno.h>
#include <anvil/initramfs.h>
#include <anvil/mm.h>
#include <anvil/pgtable.h>
#include <anvil/process.h>
#include <anvil/string.h>
#include <anvil/uaccess.h>
#include <anvil/vma.h>
#include <asm/cacheflush.h>
#include <asm/elf.h>

struct elf32_ehdr {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};

#define ET_EXEC		2
#define PT_LOAD		1
#define PF_X		1
#define PF_W		2
#define PF_R		4

static int check_elf(const struct initramfs_file *f, const struct elf32_ehdr *eh)
{
	if (f->size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4) ||
	    eh->e_ident[4] != ELF_CLASS || eh->e_ident[5] != ELF_DATA ||
	    eh->e_type != ET_EXEC || eh->e_machine != ELF_MACHINE ||
	    eh->e_phentsize != sizeof(struct elf32_phdr) || eh->e_phnum == 0 ||
	    eh->e_phoff > f->size || eh->e_phnum * sizeof(struct elf32_phdr) > f->size - eh->e_phoff)
		return -ENOEXEC;
	return 0;
}

static unsigned long segment_prot(u32 flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

/*
 * How many pages of ph's file data exec maps from the image instead of
 * copying: the whole pages, when the data is page aligned in the image;
 * and the page holding its end too when nothing there may differ from the
 * file: a read-only segment with nothing to zero (memsz == filesz), whose
 * page lies inside the file, so the bytes after the data are the file's.
 * A writable segment's last partial page is copied: its bss must read zero.
 */
static u32 image_pages_of(const struct initramfs_file *f, const struct elf32_phdr *ph)
{
	const u8 *data = (const u8 *)f->data + ph->p_offset;
	u32 n = ph->p_filesz >> PAGE_SHIFT;

	if ((ph->p_filesz & ~PAGE_MASK) && !(ph->p_flags & PF_W) && ph->p_memsz == ph->p_filesz &&
	    ph->p_offset + ALIGN(ph->p_filesz, PAGE_SIZE) <= f->size)
		n++;
	return image_range_ok(data, n) ? n : 0;
}

/* Map, fill and protect one PT_LOAD segment; mm is the current address space. */
static int load_segment(struct mm_struct *mm, const struct initramfs_file *f,
			const struct elf32_phdr *ph, unsigned long *end)
{
	unsigned long start = ph->p_vaddr, mapped, len, shared;
	const u8 *data = (const u8 *)f->data + ph->p_offset;
	u32 n;
	int err;

	/* A bad segment is a bad executable: ENOEXEC, never mmap's EINVAL. */
	if (!ph->p_memsz || start >= TASK_SIZE || ph->p_memsz > TASK_SIZE - start)
		return -ENOEXEC;
	len = ALIGN(ph->p_memsz, PAGE_SIZE);
	if (!IS_ALIGNED(start, PAGE_SIZE) || ph->p_filesz > ph->p_memsz ||
	    ph->p_offset > f->size || ph->p_filesz > f->size - ph->p_offset ||
	    !access_ok(start, len) || start < USER_BASE)
		return -ENOEXEC;
	if (find_vma(mm, start) && find_vma(mm, start)->vm_start < start + len)
		return -ENOEXEC;	/* overlaps an earlier segment */
	err = do_mmap(mm, start, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		      &mapped);
	if (err)
		return err;
	n = image_pages_of(f, ph);
	err = vma_map_image_pages(mm, start, data, n);
	if (err)
		return err;
	shared = min((unsigned long)n << PAGE_SHIFT, (unsigned long)ph->p_filesz);
	if (copy_to_user((void *)(start + shared), data + shared, ph->p_filesz - shared))
		return -ENOMEM;		/* the only way writing a fresh mapping fails */
	if (ph->p_flags & PF_X)
		flush_icache_user_range(start, start + ph->p_filesz);
	*end = max(*end, start + len);
	return do_mprotect(mm, start, len, segment_prot(ph->p_flags));
}

/*
 * Copy argv and envp to the top of the new stack: the strings, then below
 * them argv[0..argc-1], NULL, envp[0..envc-1], NULL, 8-byte aligned; and
 * set up the registers to enter the program there.
 */
static int push_args(const char *const argv[], const char *const envp[], u32 entry,
		     struct pt_regs *regs)
{
	unsigned long sp = TASK_SIZE;
	u32 ptrs[MAX_ARGS + 2];
	int argc = 0, envc = 0, n = 0;
	size_t total = 0;

	for (; argv && argv[argc]; argc++)
		total += strlen(argv[argc]) + 1;
	for (; envp && envp[envc]; envc++)
		total += strlen(envp[envc]) + 1;
	if (argc + envc > MAX_ARGS || total + 4 * (argc + envc + 2) > ARG_MAX_BYTES)
		return -E2BIG;

	for (int i = 0; i < argc + envc; i++) {
		const char *s = i < argc ? argv[i] : envp[i - argc];
		size_t len = strlen(s) + 1;

		sp -= len;
		if (copy_to_user((void *)sp, s, len))
			return -EFAULT;
		if (i == argc)
			ptrs[n++] = 0;		/* end of argv */
		ptrs[n++] = sp;
	}
	if (envc == 0)
		ptrs[n++] = 0;			/* end of argv */
	ptrs[n++] = 0;				/* end of envp */
	sp = ALIGN_DOWN(sp - 4 * n, 8);
	if (copy_to_user((void *)sp, ptrs, 4 * n))
		return -EFAULT;
	start_thread(regs, entry, sp, argc, sp, sp + 4 * (argc + 1));
	return 0;
}

static int load_program(struct mm_struct *mm, const struct initramfs_file *f,
			const char *const argv[], const char *const envp[], struct pt_regs *regs)
{
	const struct elf32_ehdr *eh = f->data;
	const struct elf32_phdr *ph;
	unsigned long end = 0, mapped;
	int err = check_elf(f, eh);

	if (err)
		return err;
	ph = (const struct elf32_phdr *)((const u8 *)f->data + eh->e_phoff);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		err = load_segment(mm, f, &ph[i], &end);
		if (err)
			return err;
	}
	if (!end || eh->e_entry < USER_BASE || eh->e_entry >= end)
		return -ENOEXEC;
	mm->start_brk = mm->brk = end;
	err = do_mmap(mm, TASK_SIZE - USER_STACK_SIZE, USER_STACK_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, &mapped);
	if (err)
		return err;
	/*
	 * The guard gap below the stack (CONFIG_STACK_GUARD_GAP_KB): mmap
	 * searches down from below it.  A free hint or MAP_FIXED may still
	 * go there: the program asked for that address.
	 */
	mm->mmap_base = TASK_SIZE - USER_STACK_SIZE - CONFIG_STACK_GUARD_GAP_KB * 1024;
	return push_args(argv, envp, eh->e_entry, regs);
}

int kernel_execve(const char *path, const char *const argv[], const char *const envp[])
{
	struct task_struct *t = current;
	struct mm_struct *old = t->mm, *mm;
	struct initramfs_file f;
	struct pt_regs regs = { 0 };
	int err;

	if (initramfs_find(path, &f))
		return -ENOENT;
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	/* Build the new program through its own mapping. */
	t->mm = mm;
	switch_pgtable(&mm->pgtable);
	err = load_program(mm, &f, argv, envp, &regs);
	if (err) {
		t->mm = old;
		switch_pgtable(old ? &old->pgtable : NULL);
		mm_free(mm);
		return err;
	}
	*task_pt_regs(t) = regs;
	strlcpy(t->comm, path, sizeof(t->comm));
	if (old)
		mm_free(old);
	return 0;
}
