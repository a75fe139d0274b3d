// SPDX-License-Identifier: GPL-2.0-only
/*
 * The glue between newlib and the Anvil kernel: newlib's porting layer
 * (_write, _read, _sbrk, _exit, ...) and the POSIX calls newlib does not
 * have (fork, waitpid, mmap, ...).  Each is one svc; a negative result in
 * [-4095, -1] becomes errno and -1.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "syscall.h"
#include "anvil.h"

long __syscall(long nr, long a, long b, long c, long d, long e)
{
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;
	register long r4 __asm__("r4") = e;
	register long r7 __asm__("r7") = nr;

	__asm__ __volatile__("svc #0"
			     : "+r"(r0)
			     : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r7)
			     : "memory");
	return r0;
}

long syscall_errno(long nr, long a, long b, long c, long d, long e)
{
	long r = __syscall(nr, a, b, c, d, e);

	if (r < 0 && r >= -MAX_ERRNO) {
		errno = -r;
		return -1;
	}
	return r;
}

#define SYS(nr, a, b, c) syscall_errno(nr, (long)(a), (long)(b), (long)(c), 0, 0)

/* newlib's porting layer */
int _write(int fd, const void *buf, size_t n) { return SYS(SYS_write, fd, buf, n); }
int _read(int fd, void *buf, size_t n) { return SYS(SYS_read, fd, buf, n); }
void _exit(int code) { for (;;) __syscall(SYS_exit, code, 0, 0, 0, 0); }
int _getpid(void) { return SYS(SYS_getpid, 0, 0, 0); }
int _kill(int pid, int sig) { return SYS(SYS_kill, pid, sig, 0); }
int _close(int fd) { (void)fd; return 0; }
int _isatty(int fd) { return fd < 3; }
int _lseek(int fd, int off, int whence) { (void)fd; (void)off; (void)whence; errno = ESPIPE; return -1; }
int _fstat(int fd, struct stat *st) { (void)fd; st->st_mode = S_IFCHR; return 0; }
int _open(const char *path, int flags, int mode) { (void)path; (void)flags; (void)mode; errno = ENOENT; return -1; }

void *_sbrk(ptrdiff_t incr)
{
	static uintptr_t cur;
	uintptr_t old;

	if (!cur)
		cur = (uintptr_t)__syscall(SYS_brk, 0, 0, 0, 0, 0);
	old = cur;
	if (incr && (uintptr_t)__syscall(SYS_brk, (long)(cur + incr), 0, 0, 0, 0) != cur + incr) {
		errno = ENOMEM;
		return (void *)-1;
	}
	cur += incr;
	return (void *)old;
}

/* POSIX calls newlib leaves to the system */
pid_t fork(void) { return SYS(SYS_fork, 0, 0, 0); }
pid_t waitpid(pid_t pid, int *status, int options) { return SYS(SYS_waitpid, pid, status, options); }
pid_t wait(int *status) { return waitpid(-1, status, 0); }
pid_t getppid(void) { return SYS(SYS_getppid, 0, 0, 0); }
int execve(const char *path, char *const argv[], char *const envp[]) { return SYS(SYS_execve, path, argv, envp); }
int msleep(unsigned int ms) { return SYS(SYS_sleep, ms, 0, 0); }
int sched_yield(void) { return SYS(SYS_yield, 0, 0, 0); }
int brk(void *addr) { return __syscall(SYS_brk, (long)addr, 0, 0, 0, 0) == (long)addr ? 0 : (errno = ENOMEM, -1); }

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = syscall_errno(SYS_mmap, (long)addr, (long)len, prot, flags, fd);

	(void)off;
	return r == -1 ? MAP_FAILED : (void *)r;
}

int munmap(void *addr, size_t len) { return SYS(SYS_munmap, addr, len, 0); }
int mprotect(void *addr, size_t len, int prot) { return SYS(SYS_mprotect, addr, len, prot); }

void *mremap(void *old, size_t old_len, size_t new_len, int flags, ...)
{
	long r = syscall_errno(SYS_mremap, (long)old, (long)old_len, (long)new_len, flags, 0);

	return r == -1 ? MAP_FAILED : (void *)r;
}


int anvil_meminfo(char *buf, size_t size) { return SYS(SYS_meminfo, buf, size, 0); }
int anvil_ps(char *buf, size_t size) { return SYS(SYS_ps, buf, size, 0); }
int anvil_vmcheck(void) { return SYS(SYS_vmcheck, 0, 0, 0); }
int anvil_rmap_walk(const void *addr) { return SYS(SYS_rmap_walk, addr, 0, 0); }
