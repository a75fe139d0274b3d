/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The system call ABI, shared by the kernel and user space (user/lib).
 *
 * A call is `svc #0` with the number in r7 and up to six arguments in
 * r0..r5; the result comes back in r0.  A result in [-4095, -1] is a
 * negated errno (the values of <anvil/errno.h>, which are newlib's); the
 * C library glue stores it in errno and returns -1.
 */
#ifndef UAPI_ANVIL_SYSCALL_H
#define UAPI_ANVIL_SYSCALL_H

#define SYS_exit	1
#define SYS_fork	2
#define SYS_read	3
#define SYS_write	4
#define SYS_execve	5
#define SYS_waitpid	6
#define SYS_getpid	7
#define SYS_kill	8
#define SYS_sleep	9	/* milliseconds */
#define SYS_brk		10
#define SYS_mmap	11
#define SYS_munmap	12
#define SYS_mprotect	13
#define SYS_mremap	14
#define SYS_meminfo	15	/* copy the accounting counters out */
#define SYS_yield	16
#define SYS_getppid	17
#define SYS_ps		18	/* copy out a table of tasks */
#define SYS_vmcheck	19	/* CONFIG_DEBUG_VM's checker: 0, -EINVAL (see the console), -ENOSYS */
#define SYS_rmap_walk	20	/* VMAs a reverse-map walk of the page at addr visits (CONFIG_SWAP) */
#define NR_SYSCALLS	21

#define MAX_ERRNO	4095

/*
 * The longest path execve takes, its terminating NUL included (Linux's
 * PATH_MAX, under a name of its own so that it never clashes with the C
 * library's).  A longer one fails with ENAMETOOLONG.
 */
#define ANVIL_PATH_MAX	256

#define WNOHANG		1	/* waitpid option: return 0 instead of waiting */

#endif
