// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system-call table (numbers in include/uapi/anvil/syscall.h).  Each
 * call checks its arguments and returns a value or a negated errno; user
 * pointers only ever go through <anvil/uaccess.h>.
 */
#include <anvil/kernel.h>
#include <anvil/console.h>
#include <anvil/errno.h>
#include <anvil/meminfo.h>
#include <anvil/rmap.h>
#include <anvil/vma.h>
#include <anvil/process.h>
#include <anvil/slab.h>
#include <anvil/string.h>
#include <anvil/time.h>
#include <anvil/uaccess.h>
#include <anvil/vma.h>
#include <uapi/anvil/syscall.h>

typedef long (*syscall_fn)(struct pt_regs *regs, u32 a, u32 b, u32 c, u32 d, u32 e);

static long sys_exit(struct pt_regs *regs, u32 code, u32 b, u32 c, u32 d, u32 e)
{
	do_exit(W_EXITCODE(code));
}

static long sys_fork(struct pt_regs *regs, u32 a, u32 b, u32 c, u32 d, u32 e)
{
	return do_fork(regs);
}

/* Console input: at least one byte, waiting a tick at a time for the first. */
static long sys_read(struct pt_regs *regs, u32 fd, u32 ubuf, u32 len, u32 d, u32 e)
{
	char buf[64];
	u32 n = 0;
	int ch;

	if (fd != 0)
		return -EBADF;
	if (!access_ok(ubuf, len))
		return -EFAULT;
	if (!len)
		return 0;
	while ((ch = console_getc()) < 0) {
		if (current->flags & TF_KILLED)
			return -EINTR;
		sleep_ticks(1);
	}
	do {
		buf[n++] = (char)ch;
	} while (n < min(len, (u32)sizeof(buf)) && (ch = console_getc()) >= 0);
	return copy_to_user((void *)ubuf, buf, n) ? -EFAULT : (long)n;
}

static long sys_write(struct pt_regs *regs, u32 fd, u32 ubuf, u32 len, u32 d, u32 e)
{
	char buf[128];
	u32 done = 0;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (!access_ok(ubuf, len))
		return -EFAULT;
	while (done < len) {
		u32 n = min(len - done, (u32)sizeof(buf));

		if (copy_from_user(buf, (const char *)ubuf + done, n))
			return done ? (long)done : -EFAULT;
		console_write(buf, n);
		done += n;
	}
	return done;
}

/* Copy a NULL-terminated user array of strings into buf; the kernel array in vec. */
static int copy_strings(u32 uvec, const char *vec[], char *buf, u32 *used)
{
	int n = 0;

	for (; uvec; uvec += 4, n++) {
		u32 up;
		long len;

		if (copy_from_user(&up, (void *)uvec, 4))
			return -EFAULT;
		if (!up)
			break;
		if (n == MAX_ARGS)
			return -E2BIG;
		len = strncpy_from_user(buf + *used, (const char *)up, ARG_MAX_BYTES - *used);
		if (len < 0)
			return len;
		vec[n] = buf + *used;
		*used += len + 1;
	}
	vec[n] = NULL;
	return 0;
}

static long sys_execve(struct pt_regs *regs, u32 upath, u32 uargv, u32 uenvp, u32 d, u32 e)
{
	const char *argv[MAX_ARGS + 1], *envp[MAX_ARGS + 1];
	/* One block: the argument strings, then the path (not on the 4 KiB stack). */
	char *strings = kmalloc(ARG_MAX_BYTES + ANVIL_PATH_MAX), *path;
	u32 used = 0;
	long err = -ENOMEM;

	if (!strings)
		return -ENOMEM;
	path = strings + ARG_MAX_BYTES;
	err = strncpy_from_user(path, (const char *)upath, ANVIL_PATH_MAX);
	if (err == -E2BIG)
		err = -ENAMETOOLONG;
	if (err >= 0)
		err = copy_strings(uargv, argv, strings, &used);
	if (err >= 0)
		err = copy_strings(uenvp, envp, strings, &used);
	if (err >= 0)
		err = kernel_execve(path, argv, envp);
	kfree(strings);
	if (err == -E2BIG && used >= ARG_MAX_BYTES - 1)
		return -E2BIG;
	/* On success the registers are the new program's: keep its r0 (argc). */
	return err < 0 ? err : (long)regs_return_value(regs);
}

static long sys_waitpid(struct pt_regs *regs, u32 pid, u32 ustatus, u32 options, u32 d, u32 e)
{
	int status = 0;
	int r;

	if (options & ~WNOHANG)
		return -EINVAL;
	if (ustatus && !access_ok(ustatus, sizeof(int)))
		return -EFAULT;
	r = do_waitpid((int)pid, &status, options);
	if (r > 0 && ustatus && copy_to_user((void *)ustatus, &status, sizeof(status)))
		return -EFAULT;
	return r;
}

static long sys_getpid(struct pt_regs *regs, u32 a, u32 b, u32 c, u32 d, u32 e)
{
	return current->pid;
}

static long sys_getppid(struct pt_regs *regs, u32 a, u32 b, u32 c, u32 d, u32 e)
{
	return current->parent ? current->parent->pid : 0;
}

static long sys_kill(struct pt_regs *regs, u32 pid, u32 sig, u32 c, u32 d, u32 e)
{
	return do_kill((int)pid, (int)sig);
}

static long sys_sleep(struct pt_regs *regs, u32 ms, u32 b, u32 c, u32 d, u32 e)
{
	sleep_ticks(DIV_ROUND_UP((u64)ms * CONFIG_HZ, 1000));
	return 0;
}

static long sys_yield(struct pt_regs *regs, u32 a, u32 b, u32 c, u32 d, u32 e)
{
	yield();
	return 0;
}

/* brk(0) reports the break; otherwise the new break, or the old one on failure. */
static long sys_brk(struct pt_regs *regs, u32 brk, u32 b, u32 c, u32 d, u32 e)
{
	struct mm_struct *mm = current->mm;

	if (brk)
		do_brk(mm, brk);
	return mm->brk;
}

static long sys_mmap(struct pt_regs *regs, u32 addr, u32 len, u32 prot, u32 flags, u32 fd)
{
	unsigned long mapped;
	int err;

	if (!(flags & MAP_ANONYMOUS) || (int)fd != -1)
		return -EINVAL;		/* only anonymous memory: no files here */
	err = do_mmap(current->mm, addr, len, prot, flags, &mapped);
	return err ? err : (long)mapped;
}

static long sys_munmap(struct pt_regs *regs, u32 addr, u32 len, u32 c, u32 d, u32 e)
{
	return do_munmap(current->mm, addr, len);
}

static long sys_mprotect(struct pt_regs *regs, u32 addr, u32 len, u32 prot, u32 d, u32 e)
{
	return do_mprotect(current->mm, addr, len, prot);
}

static long sys_mremap(struct pt_regs *regs, u32 addr, u32 old_len, u32 new_len, u32 flags, u32 e)
{
	unsigned long to;
	int err = do_mremap(current->mm, addr, old_len, new_len, flags, &to);

	return err ? err : (long)to;
}

/*
 * The dump goes to the user buffer a line at a time, with no kernel buffer
 * to allocate: it must work when memory is short, which is when it is most
 * wanted.  The pages it will write are faulted in first (that may sleep on
 * swap I/O), so that the dump itself does not sleep and every counter in
 * it is read at the same moment: a swap-in in the middle would move a page
 * from swap.slots_used to pages.anon after one was read and before the
 * other.  Only those pages: a dry run measures the dump (a few KiB), and
 * a buffer of any size beyond it is never touched (faulting in a large
 * one would fill RAM and swap for nothing).  The dry run's length plus a
 * margin for counters that gain digits while the pages come in.
 */
struct user_text {
	char *ubuf;
	u32 size, len;
	bool fault;
};

#define MEMINFO_MARGIN	256

static void emit_user_line(const char *key, unsigned long value, void *arg)
{
	struct user_text *ut = arg;
	char line[80];
	u32 n;

	if (ut->fault || ut->len >= ut->size)
		return;
	n = min((u32)snprintf(line, sizeof(line), "%s %lu\n", key, value), (u32)sizeof(line) - 1);
	n = min(n, ut->size - ut->len);
	if (ut->ubuf && copy_to_user(ut->ubuf + ut->len, line, n))
		ut->fault = true;
	ut->len += n;
}

/* The accounting counters as "key value" lines (see <anvil/meminfo.h>). */
static long sys_meminfo(struct pt_regs *regs, u32 ubuf, u32 size, u32 c, u32 d, u32 e)
{
	struct user_text ut = { (char *)ubuf, size, 0, false };
	struct user_text dry = { NULL, size, 0, false };
	u32 touch;

	if (!access_ok(ubuf, size))
		return -EFAULT;
	meminfo_dump(emit_user_line, &dry);
	touch = min(size, dry.len + MEMINFO_MARGIN);
	for (u32 off = 0; off < touch; off = (off | (PAGE_SIZE - 1)) + 1)
		if (copy_to_user((char *)ubuf + off, "", 1))
			return -EFAULT;
	if (touch)
		if (copy_to_user((char *)ubuf + touch - 1, "", 1))
			return -EFAULT;
	meminfo_dump(emit_user_line, &ut);
	return ut.fault ? -EFAULT : (long)ut.len;
}

/* One line per task: pid ppid state name. */
static long sys_ps(struct pt_regs *regs, u32 ubuf, u32 size, u32 c, u32 d, u32 e)
{
	static const char states[] = "RSZ";
	char line[48];
	u32 len = 0;
	struct task_struct *t;

	if (!access_ok(ubuf, size))
		return -EFAULT;
	list_for_each_entry(t, &task_list, tasks) {
		int n = snprintf(line, sizeof(line), "%d %d %c %s\n", t->pid,
				 t->parent ? t->parent->pid : 0, states[t->state], t->comm);
		if (len + n > size)
			break;
		if (copy_to_user((char *)ubuf + len, line, n))
			return -EFAULT;
		len += n;
	}
	return len;
}

/*
 * CONFIG_DEBUG_VM: check every address space's VMAs, and the reverse map
 * across all of them (Documentation/mm/reverse-map.md); what is wrong goes to the
 * console.
 */
static long sys_vmcheck(struct pt_regs *regs, u32 a, u32 b, u32 c, u32 d, u32 e)
{
	struct mm_struct **mms;
	struct task_struct *t;
	u32 n = 0;
	long r = 0;

	if (!IS_ENABLED(CONFIG_DEBUG_VM))
		return -ENOSYS;
	list_for_each_entry(t, &task_list, tasks)
		n += t->mm != NULL;
	mms = kmalloc(max(n, 1u) * sizeof(*mms));
	if (!mms)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(t, &task_list, tasks) {
		if (!t->mm)
			continue;
		mms[n++] = t->mm;
		if (vma_check(t->mm))
			r = -EINVAL;
	}
	if (!r && rmap_check(mms, n))
		r = -EINVAL;
	kfree(mms);
	return r;
}

#if IS_ENABLED(CONFIG_SWAP)
/*
 * How many VMAs a reverse-map walk of the page mapped at addr visits: the
 * cost reclaim pays for that page (a benchmark figure).  -EFAULT when no
 * page is mapped there.  Without the reverse map the call does not exist
 * (-ENOSYS), so a swap-off image holds nothing of it.
 */
static long sys_rmap_walk(struct pt_regs *regs, u32 addr, u32 b, u32 c, u32 d, u32 e)
{
	pte_t pte;

	if (addr >= TASK_SIZE)
		return -EFAULT;
	pte = get_pte(&current->mm->pgtable, addr & PAGE_MASK);
	if (!pte_present(pte))
		return -EFAULT;
	return rmap_walk_vmas(pfn_to_page(pte_pfn(pte)));
}
#else
#define sys_rmap_walk NULL
#endif

static const syscall_fn syscalls[NR_SYSCALLS] = {
	[SYS_exit] = sys_exit,
	[SYS_fork] = sys_fork,
	[SYS_read] = sys_read,
	[SYS_write] = sys_write,
	[SYS_execve] = sys_execve,
	[SYS_waitpid] = sys_waitpid,
	[SYS_getpid] = sys_getpid,
	[SYS_kill] = sys_kill,
	[SYS_sleep] = sys_sleep,
	[SYS_brk] = sys_brk,
	[SYS_mmap] = sys_mmap,
	[SYS_munmap] = sys_munmap,
	[SYS_mprotect] = sys_mprotect,
	[SYS_mremap] = sys_mremap,
	[SYS_meminfo] = sys_meminfo,
	[SYS_yield] = sys_yield,
	[SYS_getppid] = sys_getppid,
	[SYS_ps] = sys_ps,
	[SYS_vmcheck] = sys_vmcheck,
	[SYS_rmap_walk] = sys_rmap_walk,
};

long do_syscall(struct pt_regs *regs)
{
	u32 nr = syscall_nr(regs);

	if (nr >= NR_SYSCALLS || !syscalls[nr])
		return -ENOSYS;
	return syscalls[nr](regs, syscall_arg(regs, 0), syscall_arg(regs, 1), syscall_arg(regs, 2),
			    syscall_arg(regs, 3), syscall_arg(regs, 4));
}
