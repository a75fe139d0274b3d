/*
 * Anvil's own calls for user programs, beside newlib's POSIX subset:
 * fork, waitpid, mmap and friends, sleep in milliseconds, and the memory
 * accounting counters.
 */
#ifndef USER_ANVIL_H
#define USER_ANVIL_H

#include <stddef.h>
#include <sys/types.h>

#define PROT_NONE	0
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4
#define MAP_PRIVATE	0x02
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_FAILED	((void *)-1)
#define MREMAP_MAYMOVE	1
#define WNOHANG		1

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


#endif
