// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_harden: what a hostile or careless program must not be able to do to
 * the kernel.  Each case once found a real bug:
 *
 *  - write-only memory (PROT_WRITE alone) is readable, by the program and
 *    by the kernel on its behalf, also after mprotect and fork: a read used
 *    to fault forever (in kernel mode: the machine hung);
 *  - anvil_meminfo touches only the bytes it writes, not its whole buffer;
 *  - the first mmap stays a gap below the stack, so a large stack frame
 *    below the stack faults instead of landing in it;
 *  - user mode cannot write the PMU (stop or reset everyone's cycle
 *    counter); a bkpt is a SIGTRAP, not a SIGSEGV at address 0;
 *  - Linux's error codes: kill(1, 0), kill of a kernel thread, ELF
 *    segments of p_memsz 0 or 0xffffffff, mmap at 0, mprotect of kernel
 *    addresses.
 *
 * A case that could hang runs in a child with a deadline: a child still
 * running after it is killed, and the case fails instead of hanging.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "msnap.h"
#include "proc.h"

#define PAGE		4096u
#define MIB		(1024u * 1024u)
#define STACK_SIZE	(128u * 1024u)	/* USER_STACK_SIZE, include/anvil/process.h */
#define MIN_STACK_GAP	(64u * 1024u)	/* at least this much is never mapped below the stack */
#define SIG_TRAP	5
#define SIG_ILL		4
#define DEADLINE_MS	10000	/* generous: QEMU on a loaded host is slow */
#define SIGKILL_NR	9
#define SIGTERM_NR	15

static uintptr_t stack_bottom;

/* fn(arg) in a child; its wait status, or -2 when it had to be killed at the deadline. */
static int run_with_deadline(int (*fn)(void *), void *arg)
{
	pid_t pid = spawn(fn, arg);
	int status = -1;

	if (pid < 0)
		return -1;
	for (unsigned int ms = 0; ms < DEADLINE_MS; ms += 10) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		msleep(10);
	}
	printf("        # child %d still running after %u ms: killed\n", pid, DEADLINE_MS);
	kill(pid, SIGKILL_NR);
	waitpid(pid, &status, 0);
	return -2;
}

static char *map(size_t len, int prot)
{
	char *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* ---------------------------------------------------------------- write-only memory */

static int wo_user_read(void *arg)
{
	volatile char *p = map(2 * PAGE, PROT_WRITE);

	(void)arg;
	if (!p)
		return 1;
	p[PAGE] = 9;				/* a written page reads back */
	return p[0] == 0 && p[PAGE] == 9 ? 0 : 2;	/* an untouched one reads as zero */
}

static int wo_kernel_read(void *arg)
{
	char *p = map(PAGE, PROT_WRITE);
	char *const argv[] = { NULL };

	(void)arg;
	if (!p)
		return 1;
	/* The kernel reads the (empty) path from the untouched page. */
	return execve(p, argv, argv) == -1 && errno == ENOENT ? 0 : 2;
}

static int wo_after_mprotect(void *arg)
{
	volatile char *p = map(2 * PAGE, PROT_READ | PROT_WRITE);

	(void)arg;
	if (!p)
		return 1;
	p[0] = 42;
	if (mprotect((void *)p, 2 * PAGE, PROT_WRITE))
		return 2;
	return p[0] == 42 && p[PAGE] == 0 ? 0 : 3;
}

static int wo_after_fork(void *arg)
{
	volatile char *p = map(PAGE, PROT_WRITE);
	pid_t pid;
	int status = -1;

	(void)arg;
	if (!p)
		return 1;
	p[0] = 7;
	pid = fork();
	if (pid == 0)
		_exit(p[0] == 7 ? (p[0] = 8, p[0] == 8 ? 0 : 4) : 5);	/* read, then copy on write */
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 2;
	return status == 0 && p[0] == 7 ? 0 : 3;
}

static bool write_only(int (*fn)(void *))
{
	int status = run_with_deadline(fn, NULL);

	if (status != 0)
		printf("        # child status %#x\n", status);
	return status == 0;
}

/* ---------------------------------------------------------------- meminfo */

static struct msnap before, after;

static bool meminfo_touches_what_it_writes(void)
{
	size_t len = 16 * MIB;
	char *buf = map(len, PROT_READ | PROT_WRITE);
	long anon;
	int n;
	bool ok = KT_EXPECT(buf != NULL);

	if (!ok)
		return false;
	msnap_take(&before);
	msnap_take(&after);
	msnap_take(&before);
	n = anvil_meminfo(buf, len);
	msnap_take(&after);
	ok &= KT_EXPECT(n > 0 && (size_t)n < 16 * PAGE);
	ok &= KT_EXPECT(!strncmp(buf, "page.size ", 10));
	anon = msnap_get(&after, "pages.anon") - msnap_get(&before, "pages.anon");
	if (!KT_EXPECT(anon <= (long)((size_t)n / PAGE + 2)))
		printf("        # a %d-byte dump made %ld pages resident\n", n, anon);
	ok &= anon <= (long)((size_t)n / PAGE + 2);
	ok &= KT_EXPECT(munmap(buf, len) == 0);
	return ok;
}

/* ---------------------------------------------------------------- the stack gap */

static int frame_below_stack(void *arg)
{
	volatile char *below = (volatile char *)(stack_bottom - 16 * 1024);
	char *p = map(MIN_STACK_GAP, PROT_READ | PROT_WRITE);

	(void)arg;
	if (!p)
		return 1;
	if ((uintptr_t)p + MIN_STACK_GAP > stack_bottom - MIN_STACK_GAP)
		return 2;		/* mapped too close to the stack */
	*below = 1;			/* what a 16 KiB frame past the stack does */
	return 3;
}

static bool mmap_keeps_stack_gap(void)
{
	int status = run_with_deadline(frame_below_stack, NULL);

	if (W_SIG(status) != SIG_SEGV)
		printf("        # child status %#x, expected SIGSEGV\n", status);
	return W_SIG(status) == SIG_SEGV;
}

/* ---------------------------------------------------------------- traps */

static int pmu_write(void *arg)
{
	(void)arg;
	/* PMCR = 0: would stop the cycle counter for every process. */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" :: "r"(0) : "memory");
	return 0;
}

static bool pmu_not_writable(void)
{
	int status = run_with_deadline(pmu_write, NULL);

	if (W_SIG(status) != SIG_ILL)
		printf("        # child status %#x, expected SIGILL\n", status);
	return W_SIG(status) == SIG_ILL;
}

static int breakpoint(void *arg)
{
	(void)arg;
	__asm__ volatile("bkpt #0" ::: "memory");
	return 0;
}

static bool bkpt_is_sigtrap(void)
{
	int status = run_with_deadline(breakpoint, NULL);

	if (W_SIG(status) != SIG_TRAP)
		printf("        # child status %#x, expected SIGTRAP\n", status);
	return W_SIG(status) == SIG_TRAP;
}

/* ---------------------------------------------------------------- Linux's errors */

static bool expect_errno(int r, int err, const char *what)
{
	if (r == -1 && errno == err)
		return true;
	printf("        # %s: returned %d errno %d, expected errno %d\n", what, r, errno, err);
	return false;
}

static pid_t find_task_named(const char *name)
{
	static char buf[8192];
	int n = anvil_ps(buf, sizeof(buf) - 1);

	if (n < 0)
		return 0;
	buf[n] = '\0';
	for (char *line = buf; *line; ) {
		char *end = strchr(line, '\n'), *sp;
		int pid = atoi(line);

		if (end)
			*end = '\0';
		sp = strrchr(line, ' ');
		if (sp && !strcmp(sp + 1, name))
			return pid;
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

static bool kill_errors(void)
{
	pid_t kswapd = find_task_named("kswapd");
	bool ok = KT_EXPECT(kill(1, 0) == 0);		/* init exists: probing it is allowed */

	ok &= expect_errno(kill(1, SIGKILL_NR), EPERM, "kill(1, SIGKILL)");
	if (kswapd > 0) {
		ok &= KT_EXPECT(kill(kswapd, 0) == 0);
		ok &= expect_errno(kill(kswapd, SIGKILL_NR), EPERM, "kill(kswapd, SIGKILL)");
		ok &= expect_errno(kill(kswapd, SIGTERM_NR), EPERM, "kill(kswapd, SIGTERM)");
		ok &= KT_EXPECT(find_task_named("kswapd") == kswapd);
	} else {
		printf("        # no kswapd (swap off): its case not run\n");
	}
	return ok;
}

static bool elf_segment_errors(void)
{
	char *const argv[] = { NULL };
	bool ok = expect_errno(execve("bad-memsz0", argv, argv), ENOEXEC, "p_memsz 0");

	ok &= expect_errno(execve("bad-memsz-huge", argv, argv), ENOEXEC, "p_memsz 0xffffffff");
	ok &= expect_errno(execve("bad-filesz", argv, argv), ENOEXEC, "p_filesz > p_memsz");
	return ok;
}

static bool mmap_mprotect_errors(void)
{
	void *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	bool ok = expect_errno(p == MAP_FAILED ? -1 : 0, EPERM, "mmap(0, MAP_FIXED)");

	ok &= expect_errno(mprotect((void *)0xC0000000u, PAGE, PROT_READ), ENOMEM,
			   "mprotect(kernel)");
	ok &= expect_errno(mprotect((void *)0xFFFFF000u, PAGE, PROT_READ), ENOMEM,
			   "mprotect(top page)");
	ok &= expect_errno(mprotect((void *)0x1001, PAGE, PROT_READ), EINVAL, "mprotect(unaligned)");
	return ok;
}

int main(int argc, char **argv)
{
	/* Above the stack sit only the argument strings: the next MiB boundary is its top. */
	stack_bottom = (((uintptr_t)argv[0] | (MIB - 1)) + 1) - STACK_SIZE;
	(void)argc;

	ktap_suite("harden", 11);
	ktap_case("mmap_keeps_stack_gap", mmap_keeps_stack_gap());
	ktap_case("write_only_user_read", write_only(wo_user_read));
	ktap_case("write_only_after_mprotect", write_only(wo_after_mprotect));
	ktap_case("write_only_after_fork", write_only(wo_after_fork));
	ktap_case("meminfo_touches_what_it_writes", meminfo_touches_what_it_writes());
	ktap_case("pmu_not_writable", pmu_not_writable());
	ktap_case("bkpt_is_sigtrap", bkpt_is_sigtrap());
	ktap_case("kill_errors", kill_errors());
	ktap_case("elf_segment_errors", elf_segment_errors());
	ktap_case("mmap_mprotect_errors", mmap_mprotect_errors());
	/* Last: before its fix this one hung the whole machine, not just a child. */
	ktap_case("write_only_kernel_read", write_only(wo_kernel_read));
	return ktap_end();
}
