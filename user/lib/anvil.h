/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Anvil's own calls for user programs, beside newlib's POSIX subset:
 * fork, waitpid, mmap and friends, sleep in milliseconds, and the memory
 * accounting counters.
 */
#ifndef USER_ANVIL_H
#define USER_ANVIL_H

#include <stddef.h>
#include <sys/types.h>

#include <anvil/mman.h>
#include <anvil/syscall.h>	/* WNOHANG */

pid_t fork(void);
pid_t waitpid(pid_t pid, int *status, int options);
pid_t wait(int *status);
pid_t getppid(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int msleep(unsigned int ms);
int sched_yield(void);
int brk(void *addr);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);
void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...);


/* The kernel's memory accounting as "key value" lines; its length, or -1. */
int anvil_meminfo(char *buf, size_t size);
/* One value of it by key, or -1 when the key is unknown. */
long anvil_meminfo_get(const char *key);
/* The tasks, one "pid ppid state name" line each; its length, or -1. */
int anvil_ps(char *buf, size_t size);
/* The kernel's CONFIG_DEBUG_VM checker: 0 or -1 with errno EINVAL, or ENOSYS when not built. */
int anvil_vmcheck(void);
/* VMAs a reverse-map walk of the page at addr visits; -1 with EFAULT or ENOSYS. */
int anvil_rmap_walk(const void *addr);

#endif
