// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_syscall: every system call's normal path and its error paths, as the
 * ABI (include/uapi/anvil/syscall.h) and POSIX promise them: bad file
 * descriptors, bad user pointers (NULL, kernel memory, ranges that wrap
 * past 4 GiB), missing children and processes, bad mmap arguments,
 * unknown call numbers.  Anything that could replace or kill this process
 * if the kernel got it wrong runs in a child.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "proc.h"
#include "syscall.h"

#define PAGE		4096u
#define KERNEL_ADDR	((void *)0xC0000000u)
#define WRAP_ADDR	((void *)0xFFFFF000u)	/* with a length of 2 pages: wraps to 0 */

/* The call returned -1 with errno e. */
#define FAILS_WITH(call, e) (errno = 0, (long)(call) == -1 && errno == (e))

static void *map(size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* An address where nothing is mapped: a page mapped and unmapped again. */
static void *hole(void)
{
	void *p = map(PAGE, PROT_READ);

	munmap(p, PAGE);
	return p;
}

static bool write_ok(void)
{
	static const char msg[] = "    # t_syscall: this line is written by write(1)\n";
	static const char msg2[] = "    # t_syscall: this line is written by write(2)\n";
	bool ok = true;

	ok &= KT_EXPECT(write(1, msg, 0) == 0);
	ok &= KT_EXPECT(write(1, msg, sizeof(msg) - 1) == (int)sizeof(msg) - 1);
	ok &= KT_EXPECT(write(2, msg2, sizeof(msg2) - 1) == (int)sizeof(msg2) - 1);
	return ok;
}

static bool read_write_ebadf(void)
{
	char c = 'x';
	bool ok = true;

	ok &= KT_EXPECT(FAILS_WITH(write(0, &c, 1), EBADF));
	ok &= KT_EXPECT(FAILS_WITH(write(3, &c, 1), EBADF));
	ok &= KT_EXPECT(FAILS_WITH(write(-1, &c, 1), EBADF));
	ok &= KT_EXPECT(FAILS_WITH(read(1, &c, 1), EBADF));
	ok &= KT_EXPECT(FAILS_WITH(read(7, &c, 1), EBADF));
	ok &= KT_EXPECT(FAILS_WITH(read(-1, &c, 1), EBADF));
	ok &= KT_EXPECT(read(0, &c, 0) == 0);	/* nothing asked, nothing waited for */
	return ok;
}

static bool write_efault(void)
{
	char *p = map(2 * PAGE, PROT_READ | PROT_WRITE);
	bool ok = KT_EXPECT(p != MAP_FAILED);

	if (!ok)
		return false;
	memset(p, ' ', 2 * PAGE);
	ok &= KT_EXPECT(FAILS_WITH(write(1, NULL, 16), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(write(1, KERNEL_ADDR, 16), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(write(1, WRAP_ADDR, 2 * PAGE), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(write(1, p, 0xFFFFFFF0u), EFAULT));	/* wraps */
	ok &= KT_EXPECT(mprotect(p + PAGE, PAGE, PROT_NONE) == 0);
	ok &= KT_EXPECT(FAILS_WITH(write(1, p + PAGE, 16), EFAULT));	/* PROT_NONE */
	ok &= KT_EXPECT(munmap(p + PAGE, PAGE) == 0);
	ok &= KT_EXPECT(FAILS_WITH(write(1, p + PAGE, 16), EFAULT));	/* hole */
	ok &= KT_EXPECT(munmap(p, PAGE) == 0);
	return ok;
}

static bool read_efault(void)
{
	bool ok = true;

	/* (read(0, NULL, n) would wait for console input first, as Linux's tty does.) */
	ok &= KT_EXPECT(FAILS_WITH(read(0, KERNEL_ADDR, 16), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(read(0, WRAP_ADDR, 2 * PAGE), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(read(0, (void *)0x10000, 0xFFFFFFF0u), EFAULT));
	return ok;
}

static int exit_code(void *arg)
{
	return (int)(intptr_t)arg;
}

static bool waitpid_errors(void)
{
	int status = 0;
	bool ok = true;
	pid_t pid;

	ok &= KT_EXPECT(FAILS_WITH(waitpid(-1, &status, 0), ECHILD));
	ok &= KT_EXPECT(FAILS_WITH(waitpid(-1, &status, WNOHANG), ECHILD));
	ok &= KT_EXPECT(FAILS_WITH(wait(&status), ECHILD));
	ok &= KT_EXPECT(FAILS_WITH(waitpid(1, &status, 0), ECHILD));	/* not our child */
	pid = spawn(sleep_until_killed, NULL);
	if (!KT_EXPECT(pid > 0))
		return false;
	ok &= KT_EXPECT(waitpid(pid, &status, WNOHANG) == 0);	/* alive */
	ok &= KT_EXPECT(FAILS_WITH(waitpid(pid, &status, 0x100), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(waitpid(pid, KERNEL_ADDR, WNOHANG), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(waitpid(pid + 1000, &status, 0), ECHILD));
	ok &= KT_EXPECT(kill(pid, SIG_KILL) == 0);
	ok &= KT_EXPECT(waitpid(pid, &status, 0) == pid);
	ok &= KT_EXPECT(W_SIG(status) == SIG_KILL);
	/* A NULL status is allowed; reaping twice is not. */
	pid = spawn(exit_code, (void *)3);
	ok &= KT_EXPECT(pid > 0 && waitpid(pid, NULL, 0) == pid);
	ok &= KT_EXPECT(FAILS_WITH(waitpid(pid, &status, 0), ECHILD));
	return ok;
}

static bool kill_errors(void)
{
	int status = 0;
	bool ok = true;
	pid_t pid;

	ok &= KT_EXPECT(FAILS_WITH(kill(30000, SIG_KILL), ESRCH));
	ok &= KT_EXPECT(FAILS_WITH(kill(-5, SIG_KILL), ESRCH));
	ok &= KT_EXPECT(FAILS_WITH(kill(1, SIG_KILL), EPERM));
	pid = spawn(sleep_until_killed, NULL);
	if (!KT_EXPECT(pid > 0))
		return false;
	ok &= KT_EXPECT(kill(pid, 0) == 0);			/* exists */
	ok &= KT_EXPECT(FAILS_WITH(kill(pid, 64), EINVAL));	/* no such signal */
	ok &= KT_EXPECT(kill(pid, SIG_KILL) == 0);
	ok &= KT_EXPECT(waitpid(pid, &status, 0) == pid && W_SIG(status) == SIG_KILL);
	ok &= KT_EXPECT(FAILS_WITH(kill(pid, SIG_KILL), ESRCH));	/* reaped: gone */
	/* The status names the signal kill() sent, whichever it was. */
	pid = spawn(sleep_until_killed, NULL);
	ok &= KT_EXPECT(pid > 0 && kill(pid, 15) == 0);
	ok &= KT_EXPECT(waitpid(pid, &status, 0) == pid && W_SIG(status) == 15);
	return ok;
}

static bool mmap_errors(void)
{
	const int rw = PROT_READ | PROT_WRITE, pa = MAP_PRIVATE | MAP_ANONYMOUS;
	bool ok = true;

	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, PAGE, rw, MAP_SHARED | MAP_ANONYMOUS, -1, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, PAGE, rw, MAP_PRIVATE, -1, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, PAGE, rw, pa, 3, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, PAGE, rw, pa | 0x1000, -1, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, PAGE, rw | 0x8, pa, -1, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, 0, rw, pa, -1, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mmap((void *)0x20000801, PAGE, rw, pa | MAP_FIXED, -1, 0), EINVAL));
	/* Page 0: EPERM, as Linux's mmap_min_addr says. */
	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, PAGE, rw, pa | MAP_FIXED, -1, 0), EPERM));
	ok &= KT_EXPECT(FAILS_WITH(mmap(KERNEL_ADDR, PAGE, rw, pa | MAP_FIXED, -1, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mmap(WRAP_ADDR, 2 * PAGE, rw, pa | MAP_FIXED, -1, 0), EINVAL));
	return ok;
}

static bool mmap_enomem(void)
{
	const int rw = PROT_READ | PROT_WRITE, pa = MAP_PRIVATE | MAP_ANONYMOUS;
	bool ok = true;

	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, 0xF0000000u, rw, pa, -1, 0), ENOMEM));
	/* Smaller than 2 GiB of user space but more than is free in it. */
	ok &= KT_EXPECT(FAILS_WITH(mmap(NULL, 0x7FFF0000u, rw, pa, -1, 0), ENOMEM));
	return ok;
}

static bool mmap_munmap_ok(void)
{
	unsigned char *p = map(3 * PAGE, PROT_READ | PROT_WRITE);
	bool ok = KT_EXPECT(p != MAP_FAILED) && KT_EXPECT(((uintptr_t)p & (PAGE - 1)) == 0);
	bool zero = true;

	if (!ok)
		return false;
	for (unsigned i = 0; i < 3 * PAGE; i++)
		zero &= p[i] == 0;
	ok &= KT_EXPECT(zero);
	p[0] = 1;
	p[3 * PAGE - 1] = 2;
	ok &= KT_EXPECT(p[0] == 1 && p[3 * PAGE - 1] == 2);
	/* A length that is not a page multiple covers the partial page. */
	ok &= KT_EXPECT(munmap(p, 3 * PAGE - 100) == 0);
	return ok;
}

static bool munmap_errors(void)
{
	unsigned char *p = map(PAGE, PROT_READ | PROT_WRITE);
	bool ok = KT_EXPECT(p != MAP_FAILED);

	if (!ok)
		return false;
	ok &= KT_EXPECT(FAILS_WITH(munmap(p + 1, PAGE), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(munmap(p, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(munmap(KERNEL_ADDR, PAGE), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(munmap(WRAP_ADDR, 2 * PAGE), EINVAL));
	ok &= KT_EXPECT(munmap(p, PAGE) == 0);
	ok &= KT_EXPECT(munmap(p, PAGE) == 0);	/* nothing mapped there: fine (POSIX) */
	return ok;
}

/* Write one byte into each page of [p, p + n pages): in a child, exit 0 when it lived. */
struct touch { volatile unsigned char *p; int pages; };

static int touch_pages(void *arg)
{
	struct touch *t = arg;

	for (int i = 0; i < t->pages; i++)
		t->p[i * PAGE] = 7;
	return 0;
}

static bool mprotect_errors(void)
{
	unsigned char *p = map(3 * PAGE, PROT_READ | PROT_WRITE);
	struct touch first = { p, 1 }, last = { p + 2 * PAGE, 1 };
	bool ok = KT_EXPECT(p != MAP_FAILED);

	if (!ok)
		return false;
	ok &= KT_EXPECT(FAILS_WITH(mprotect(p, PAGE, 0x8), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mprotect(p + 8, PAGE, PROT_READ), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mprotect(p, 0, PROT_READ), EINVAL));
	ok &= KT_EXPECT(munmap(p + PAGE, PAGE) == 0);
	/* A hole in the range: ENOMEM, and nothing changed on either side of it. */
	ok &= KT_EXPECT(FAILS_WITH(mprotect(p, 3 * PAGE, PROT_READ), ENOMEM));
	ok &= KT_EXPECT(FAILS_WITH(mprotect(p + PAGE, PAGE, PROT_READ), ENOMEM));
	ok &= KT_EXPECT(W_EXITED(run_child(touch_pages, &first), 0));
	ok &= KT_EXPECT(W_EXITED(run_child(touch_pages, &last), 0));
	ok &= KT_EXPECT(mprotect(p, PAGE, PROT_READ) == 0);
	ok &= KT_EXPECT(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0);
	munmap(p, 3 * PAGE);
	return ok;
}

static bool mremap_paths(void)
{
	unsigned char *p = map(4 * PAGE, PROT_READ | PROT_WRITE), *q;
	bool ok = KT_EXPECT(p != MAP_FAILED);

	if (!ok)
		return false;
	for (int i = 0; i < 4; i++)
		p[i * PAGE] = 10 + i;
	ok &= KT_EXPECT(FAILS_WITH(mremap(hole(), PAGE, 2 * PAGE, 0), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(mremap(p, 5 * PAGE, 6 * PAGE, 0), EFAULT));	/* past the end */
	ok &= KT_EXPECT(FAILS_WITH(mremap(p, PAGE, 2 * PAGE, MREMAP_FIXED), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mremap(p, PAGE, 0, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mremap(p + 1, PAGE, 2 * PAGE, 0), EINVAL));
	ok &= KT_EXPECT(FAILS_WITH(mremap(p, 0, 2 * PAGE, 0), EINVAL));
	/* Shrink, then grow back into the space it left. */
	q = mremap(p, 4 * PAGE, 2 * PAGE, 0);
	ok &= KT_EXPECT(q == p);
	q = mremap(p, 2 * PAGE, 4 * PAGE, 0);
	ok &= KT_EXPECT(q == p);
	if (q == p)
		ok &= KT_EXPECT(p[0] == 10 && p[PAGE] == 11 && p[2 * PAGE] == 0 && p[3 * PAGE] == 0);
	munmap(p, 4 * PAGE);
	return ok;
}

static bool unknown_syscall(void)
{
	bool ok = true;

	ok &= KT_EXPECT(__syscall(NR_SYSCALLS, 0, 0, 0, 0, 0) == -ENOSYS);
	ok &= KT_EXPECT(__syscall(0, 0, 0, 0, 0, 0) == -ENOSYS);
	ok &= KT_EXPECT(__syscall(0x7fffffff, 0, 0, 0, 0, 0) == -ENOSYS);
	ok &= KT_EXPECT(__syscall(-1, 0, 0, 0, 0, 0) == -ENOSYS);
	ok &= KT_EXPECT(FAILS_WITH(syscall_errno(999, 0, 0, 0, 0, 0), ENOSYS));
	return ok;
}

/*
 * In a child, so that an execve that wrongly succeeds replaces only the
 * child (hello exits 0; this exits 100 when every call failed right).
 */
static int exec_errors(void *arg)
{
	static char *const envp[] = { NULL };
	char *argv[] = { "hello", NULL };
	char *bad_str[] = { "hello", (char *)KERNEL_ADDR, NULL };
	int bad = 0;

	(void)arg;
	bad += !KT_EXPECT(FAILS_WITH(execve("no_such_program", argv, envp), ENOENT));
	bad += !KT_EXPECT(FAILS_WITH(execve("", argv, envp), ENOENT));
	bad += !KT_EXPECT(FAILS_WITH(execve(NULL, argv, envp), EFAULT));
	bad += !KT_EXPECT(FAILS_WITH(execve(KERNEL_ADDR, argv, envp), EFAULT));
	bad += !KT_EXPECT(FAILS_WITH(execve("hello", (char **)KERNEL_ADDR, envp), EFAULT));
	bad += !KT_EXPECT(FAILS_WITH(execve("hello", bad_str, envp), EFAULT));
	bad += !KT_EXPECT(FAILS_WITH(execve("hello", argv, (char **)WRAP_ADDR), EFAULT));
	return bad ? 1 : 100;
}

static bool execve_errors(void)
{
	int status = run_child(exec_errors, NULL);

	if (!W_EXITED(status, 100))
		printf("        # child status %#x\n", status);
	return KT_EXPECT(W_EXITED(status, 100));
}

static bool brk_paths(void)
{
	long start = __syscall(SYS_brk, 0, 0, 0, 0, 0), top;
	bool ok = KT_EXPECT(start > 0);

	/* Below the start of the heap: refused, the break is reported unchanged. */
	ok &= KT_EXPECT(__syscall(SYS_brk, PAGE, 0, 0, 0, 0) == start);
	ok &= KT_EXPECT(__syscall(SYS_brk, 0, 0, 0, 0, 0) == start);
	top = start + 3 * PAGE + 5;
	ok &= KT_EXPECT(__syscall(SYS_brk, top, 0, 0, 0, 0) == top);
	if (ok) {
		memset((void *)start, 0x5a, top - start);
		ok &= KT_EXPECT(((unsigned char *)start)[top - start - 1] == 0x5a);
	}
	/* Into kernel memory, and into the stack: refused. */
	ok &= KT_EXPECT(__syscall(SYS_brk, (long)KERNEL_ADDR, 0, 0, 0, 0) == top);
	ok &= KT_EXPECT(__syscall(SYS_brk, (long)&ok, 0, 0, 0, 0) == top);
	ok &= KT_EXPECT(__syscall(SYS_brk, start, 0, 0, 0, 0) == start);
	return ok;
}

static int check_ids(void *arg)
{
	pid_t parent = (pid_t)(intptr_t)arg;

	if (getppid() != parent || getpid() == parent || getpid() <= 0 || getpid() != getpid())
		return 255;
	return getpid() & 0x7f;
}

static bool pid_ppid(void)
{
	pid_t me = getpid(), pid;
	int status = -1;
	bool ok = true;

	ok &= KT_EXPECT(me > 0 && getpid() == me);
	ok &= KT_EXPECT(getppid() > 0 && getppid() != me);
	pid = spawn(check_ids, (void *)(intptr_t)me);
	ok &= KT_EXPECT(pid > 0 && pid != me);
	ok &= KT_EXPECT(waitpid(pid, &status, 0) == pid);
	ok &= KT_EXPECT(W_EXITED(status, pid & 0x7f));
	return ok;
}

static bool fork_exit_status(void)
{
	bool ok = true;

	for (int code = 0; code < 256; code += 51)
		ok &= KT_EXPECT(W_EXITED(run_child(exit_code, (void *)(intptr_t)code), code));
	return ok;
}

static const char *skip_why;	/* set by a case that could not run: a KTAP skip */

/*
 * fork fails with EAGAIN, not ENOMEM and not a wrapped page map count,
 * once tasks.max tasks exist: children that exit at once stay zombies
 * until reaped, and zombies count.  Afterwards everything is reaped and
 * forks again.  A zombie holds its kernel stack and task (under 8 KiB):
 * on a RAM too small for tasks.max of them the case is skipped.
 */
static bool fork_eagain_at_max_tasks(void)
{
	long max = anvil_meminfo_get("tasks.max"), start = anvil_meminfo_get("tasks.nr");
	long made = 0, at_limit = -1;
	int err = 0, status;
	bool ok = true;

	ok &= KT_EXPECT(max >= 16 && start > 0 && start < max);
	if (!ok)
		return false;
	if (anvil_meminfo_get("pages.free") * (long)PAGE < (max - start) * 8192 + (4l << 20)) {
		skip_why = "RAM too small for tasks.max zombies";
		return true;
	}
	for (;;) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			err = errno;
			at_limit = anvil_meminfo_get("tasks.nr");
			break;
		}
		if (++made > max) {
			break;		/* the limit did not hold */
		}
	}
	if (err != EAGAIN || at_limit != max)
		printf("        # fork failed with errno %d after %ld children: tasks.nr %ld, tasks.max %ld\n",
		       err, made, at_limit, max);
	ok &= KT_EXPECT(err == EAGAIN);
	ok &= KT_EXPECT(at_limit == max);
	ok &= KT_EXPECT(made == max - start);
	while (made > 0 && waitpid(-1, &status, 0) > 0)
		made--;
	ok &= KT_EXPECT(made == 0);
	ok &= KT_EXPECT(anvil_meminfo_get("tasks.nr") == start);
	ok &= KT_EXPECT(W_EXITED(run_child(exit_code, (void *)(intptr_t)7), 7));
	return ok;
}

static bool sleep_yield(void)
{
	bool ok = true;

	ok &= KT_EXPECT(msleep(0) == 0);
	ok &= KT_EXPECT(msleep(20) == 0);
	ok &= KT_EXPECT(sched_yield() == 0);
	return ok;
}

static bool meminfo_ps(void)
{
	static char buf[8192];
	char self[32];
	int n;
	bool ok = true;

	n = anvil_meminfo(buf, sizeof(buf) - 1);
	ok &= KT_EXPECT(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	ok &= KT_EXPECT(strstr(buf, "pages.free ") != NULL);
	ok &= KT_EXPECT(anvil_meminfo_get("pages.total") > 0);
	ok &= KT_EXPECT(anvil_meminfo_get("no.such.key") == -1);
	ok &= KT_EXPECT(anvil_meminfo(buf, 20) <= 20);
	n = anvil_meminfo(buf, 0);
	if (n != 0)
		printf("        # anvil_meminfo(buf, 0) = %d, errno %d\n", n, errno);
	ok &= KT_EXPECT(n == 0);
	ok &= KT_EXPECT(FAILS_WITH(anvil_meminfo(KERNEL_ADDR, 100), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(anvil_meminfo(WRAP_ADDR, 2 * PAGE), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(anvil_meminfo(NULL, 100), EFAULT));

	n = anvil_ps(buf, sizeof(buf) - 1);
	ok &= KT_EXPECT(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	snprintf(self, sizeof(self), "\n%d %d R t_syscall\n", getpid(), getppid());
	ok &= KT_EXPECT(strstr(buf, self) != NULL);
	ok &= KT_EXPECT(task_state(getpid(), NULL) == 'R');
	ok &= KT_EXPECT(FAILS_WITH(anvil_ps(KERNEL_ADDR, 100), EFAULT));
	ok &= KT_EXPECT(FAILS_WITH(anvil_ps(NULL, 100), EFAULT));
	return ok;
}

int main(void)
{
	static const struct { const char *name; bool (*fn)(void); } cases[] = {
		{ "write_ok", write_ok },
		{ "read_write_ebadf", read_write_ebadf },
		{ "write_efault", write_efault },
		{ "read_efault", read_efault },
		{ "waitpid_errors", waitpid_errors },
		{ "kill_errors", kill_errors },
		{ "mmap_einval", mmap_errors },
		{ "mmap_enomem", mmap_enomem },
		{ "mmap_munmap_ok", mmap_munmap_ok },
		{ "munmap_errors", munmap_errors },
		{ "mprotect_errors", mprotect_errors },
		{ "mremap_paths", mremap_paths },
		{ "unknown_syscall_enosys", unknown_syscall },
		{ "execve_errors", execve_errors },
		{ "brk_paths", brk_paths },
		{ "getpid_getppid", pid_ppid },
		{ "fork_exit_status", fork_exit_status },
		{ "fork_eagain_at_max_tasks", fork_eagain_at_max_tasks },
		{ "sleep_yield", sleep_yield },
		{ "meminfo_ps", meminfo_ps },
	};
	const int n = sizeof(cases) / sizeof(cases[0]);

	ktap_suite("t_syscall", n);
	for (int i = 0; i < n; i++) {
		bool ok = cases[i].fn();

		if (skip_why)
			ktap_skip(cases[i].name, skip_why);
		else
			ktap_case(cases[i].name, ok);
		skip_why = NULL;
	}
	return ktap_end();
}
