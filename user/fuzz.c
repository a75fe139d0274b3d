// SPDX-License-Identifier: GPL-2.0-only
/*
 * fuzz [SEED [COUNT]]: a seeded fuzzer of the raw system calls.
 *
 * COUNT calls (default 2,000; seed 1), each a random call number (every
 * call, and numbers no call has) with hostile arguments: NULL, kernel
 * addresses, the last page, unaligned and huge lengths, addresses inside
 * and just outside the caller's own mappings, negative pids, unknown
 * flags and protections, corrupt executables.  The calls run in worker
 * processes, BATCH calls each, so that a worker that unmaps its own stack
 * or text, or exits, only ends its batch; the seed of every batch comes
 * from SEED, so a run replays exactly.
 *
 * What must hold, as KTAP: every worker ends or can be killed within its
 * deadline and is reaped (no call hangs in the kernel, nothing leaves an
 * unkillable task); CONFIG_DEBUG_VM's checker finds every address space
 * consistent (when built); and once all workers are gone every memory
 * counter is back where it started (leaks 0).  A kernel panic ends QEMU
 * with its own status.  `make fuzz SEED=n COUNT=n` is the long run; the
 * user suite (runtests) runs the default.
 *
 * Left out on purpose, so that the harness itself survives: console
 * reads from fd 0 (they wait for a key), writes of readable memory to the
 * console (they would print noise into the KTAP output; writes of bad
 * pointers and bad fds are in), sleeps longer than 20 ms, kills of this
 * harness and its parents.
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
#include "syscall.h"

#define BATCH		250
#define DEADLINE_MS	10000	/* a batch of calls this long is stuck */
#define REAP_MS		3000	/* a killed worker must be gone by then */
#define PAGE		4096u

static uint32_t rng;

/* xorshift32: the same sequence for the same seed on every run. */
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static uint32_t pick(const uint32_t *v, unsigned int n)
{
	return v[rnd() % n];
}
#define PICK(a) pick(a, sizeof(a) / sizeof(a[0]))

static char data_area[3 * PAGE];
static uint32_t own_mapping;		/* a mapping the worker made, or 0 */

static uint32_t hostile_addr(void)
{
	static const uint32_t fixed[] = {
		0, 1, 4, 0xfff, 0x1000, 0x8000, 0x10000, 0x3ffff000, 0x3ffffffc, 0x40000000,
		0x7ffff000, 0x80000000, 0xbffff000, 0xc0000000, 0xc0008000, 0xfffff000,
		0xfffffffc, 0xffffffff,
	};
	uint32_t stack = (uint32_t)(uintptr_t)&stack;

	switch (rnd() % 8) {
	case 0: case 1: return PICK(fixed);
	case 2: return rnd();
	case 3: return rnd() & ~(PAGE - 1);
	case 4: return (uint32_t)(uintptr_t)data_area + (rnd() % sizeof(data_area));
	case 5: return (stack & ~(PAGE - 1)) + (rnd() % 8 - 4) * PAGE;
	case 6: return own_mapping ? own_mapping + (rnd() % 16 - 4) * PAGE : rnd() & 0x3ffff000;
	default: return ((uint32_t)(uintptr_t)hostile_addr & ~(PAGE - 1)) + (rnd() % 4) * PAGE;
	}
}

static uint32_t hostile_len(void)
{
	static const uint32_t fixed[] = {
		0, 1, 3, 4, 4095, 4096, 4097, 8192, 65536, 1u << 20, 16u << 20, 1u << 30,
		0x7fffffff, 0x80000000, 0xfffff000, 0xffffffff,
	};

	return rnd() % 4 ? PICK(fixed) : rnd() % (64 * PAGE);
}

static uint32_t hostile_int(void)
{
	static const uint32_t fixed[] = {
		0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 0x10, 0x20, 0x22, 0x32, 0xff, 0x7fffffff,
		0x80000000, 0xfffffffe, 0xffffffff,
	};

	return rnd() % 4 ? PICK(fixed) : rnd();
}

/* A path for execve: names that are not programs, corrupt executables, bad pointers. */
static uint32_t hostile_path(void)
{
	static const char *const names[] = {
		"", "no-such-program", "bad-memsz0", "bad-memsz-huge", "bad-filesz", "/", "hello/",
	};

	if (rnd() % 2)
		return (uint32_t)(uintptr_t)names[rnd() % (sizeof(names) / sizeof(names[0]))];
	return hostile_addr();
}

static pid_t self, harness_pids[2];

/* A pid for kill: never the harness or its parent; anything else goes. */
static uint32_t hostile_pid(void)
{
	static const uint32_t fixed[] = { 0, 1, 0xffffffff, 0x80000000, 0x7fffffff, 100000 };
	uint32_t pid;

	do {
		switch (rnd() % 3) {
		case 0: pid = PICK(fixed); break;
		case 1: pid = (uint32_t)self; break;
		default: pid = (uint32_t)self + 1 + rnd() % 4; break;	/* its children, maybe */
		}
	} while (pid == (uint32_t)harness_pids[0] || pid == (uint32_t)harness_pids[1]);
	return pid;
}

extern char _end[];

/*
 * Would [addr, addr + len) unmap or reprotect the worker's own text, data,
 * heap or stack?  Such a call kills the worker at its next step: allowed,
 * but rarely, so that most batches run their course.
 */
static bool hits_self(uint32_t addr, uint32_t len)
{
	uint32_t end = addr + (len ? len : 1), sp = (uint32_t)(uintptr_t)&end;
	uint32_t heap_end = (uint32_t)(uintptr_t)_end + (1u << 20);

	if (end < addr)
		end = 0xffffffff;
	if (rnd() % 16 == 0)
		return false;
	return (addr < heap_end && end > 0x1000) || end > (sp & ~(PAGE - 1)) - 16 * PAGE;
}

static long fuzz_one(void)
{
	uint32_t nr = rnd() % 8 ? rnd() % (NR_SYSCALLS + 2) : hostile_int();
	uint32_t a = hostile_addr(), b = hostile_len(), c = hostile_int(), d = hostile_int();
	uint32_t e = hostile_int();
	long r;

	switch (nr) {
	case SYS_exit:
		/* Ends the batch: only now and then, so that batches mostly run their course. */
		if (rnd() % 64)
			return __syscall(SYS_getpid, a, b, c, d, e);
		return __syscall(nr, a, b, c, d, e);
	case SYS_read:
		/* A bad fd, or any fd with nothing to read: never wait for the console. */
		if (rnd() % 2)
			return __syscall(nr, 3 + rnd() % 5, a, b, 0, 0);
		return __syscall(nr, rnd() % 3, a, 0, 0, 0);
	case SYS_write: {
		uint32_t fd = rnd() % 4, buf = hostile_addr();

		if ((fd == 1 || fd == 2) && ((buf >= 0x1000 && buf < 0xc0000000u) || !b))
			fd = 3 + rnd() % 5;		/* readable memory: not onto the console */
		return __syscall(nr, fd, buf, b, 0, 0);
	}
	case SYS_sleep:
		return __syscall(nr, rnd() % 20, 0, 0, 0, 0);
	case SYS_kill: {
		uint32_t pid = hostile_pid(), sig = hostile_int();

		/* Killing itself ends the batch: only now and then. */
		if (pid == (uint32_t)self && (sig == SIGKILL || sig == SIGTERM) && rnd() % 8)
			sig = 0;
		return __syscall(nr, pid, sig, 0, 0, 0);
	}
	case SYS_execve:
		return __syscall(nr, hostile_path(), rnd() % 2 ? 0 : hostile_addr(),
				 rnd() % 2 ? 0 : hostile_addr(), 0, 0);
	case SYS_fork:
		/*
		 * The child exits at once and is reaped at once: a worker
		 * killed later leaves no orphan behind (it would go to init,
		 * and count as a leak until init reaps it).
		 */
		r = __syscall(nr, 0, 0, 0, 0, 0);
		if (r == 0)
			for (;;)
				__syscall(SYS_exit, 0, 0, 0, 0, 0);
		if (r > 0)
			__syscall(SYS_waitpid, r, 0, 0, 0, 0);
		return r;
	case SYS_waitpid:
		/* Only without waiting, or for a child that has exited already. */
		return __syscall(nr, rnd() % 2 ? hostile_pid() : 0xffffffff, hostile_addr(),
				 WNOHANG | (rnd() % 8 ? 0 : hostile_int()), 0, 0);
	case SYS_mmap:
		b = b % (4u << 20) + 1;
		while ((d & MAP_FIXED) && hits_self(a, b))
			a = hostile_addr();
		r = __syscall(nr, rnd() % 2 ? 0 : a, b, c & 7,
			      rnd() % 4 ? MAP_PRIVATE | MAP_ANONYMOUS | (d & MAP_FIXED) : d,
			      rnd() % 4 ? 0xffffffff : e);
		if (r > 0 && r < 0x40000000 && !(r & (PAGE - 1)))
			own_mapping = (uint32_t)r;
		return r;
	case SYS_munmap:
	case SYS_mprotect:
	case SYS_mremap:
	case SYS_brk:
		while (hits_self(a, nr == SYS_brk ? 1 : b))
			a = hostile_addr();
		return __syscall(nr, a, b, c, d, e);
	default:
		return __syscall(nr, a, b, c, d, e);
	}
}

/* One worker: BATCH calls from seed, then exit 0 (if it is still alive). */
static int worker(void *arg)
{
	rng = *(uint32_t *)arg;
	self = getpid();
	for (int i = 0; i < BATCH; i++) {
		fuzz_one();
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	while (waitpid(-1, NULL, 0) > 0)
		;
	return 0;
}

static uint32_t batch_seed(uint32_t seed, uint32_t batch)
{
	uint32_t x = seed * 2654435761u ^ (batch + 1) * 40503u;

	return x ? x : 1;
}

struct results {
	unsigned int batches, exited, signalled, deadline_kills, unreaped;
};

/* Run one batch; false when its worker could not be reaped (a hang). */
static bool run_batch(uint32_t seed, struct results *res)
{
	pid_t pid = spawn(worker, &seed);
	int status = 0;

	res->batches++;
	if (pid < 0) {
		msleep(10);		/* fork can fail under the load: not a bug */
		return true;
	}
	for (unsigned int ms = 0; ; ms += 5) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (ms >= DEADLINE_MS) {
			printf("# batch seed %#x: worker %d still running after %u ms, killed\n",
			       (unsigned int)seed, pid, DEADLINE_MS);
			res->deadline_kills++;
			kill(pid, SIGKILL);
			for (ms = 0; waitpid(pid, &status, WNOHANG) != pid; ms += 5) {
				if (ms >= REAP_MS) {
					printf("# worker %d not gone %u ms after SIGKILL\n", pid, REAP_MS);
					res->unreaped++;
					return false;
				}
				msleep(5);
			}
			break;
		}
		msleep(5);
	}
	if (W_SIG(status))
		res->signalled++;
	else
		res->exited++;
	/* Orphans of the worker's forks come to init; when this is init, take them. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return true;
}

static struct msnap before, after;

int main(int argc, char **argv)
{
	uint32_t seed = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 1;
	unsigned long count = argc > 2 ? strtoul(argv[2], NULL, 0) : 2000;
	struct results res = { 0 };
	bool no_hang = true;
	int vm, leaks;

	harness_pids[0] = getpid();
	harness_pids[1] = getppid();
	ktap_suite("fuzz", 3);		/* stdio's buffer comes before the snapshot */
	printf("# fuzz: seed %u, %lu calls in batches of %d\n", (unsigned int)seed, count, BATCH);
	fflush(stdout);
	stack_prefault(16 * 1024);
	msnap_take(&after);
	msnap_take(&before);
	for (unsigned long done = 0, b = 0; done < count && no_hang; done += BATCH, b++)
		no_hang = run_batch(batch_seed(seed, b), &res);
	printf("# fuzz: %u batches: %u ran to the end or exited, %u killed by a signal, "
	       "%u killed at the deadline\n", res.batches, res.exited, res.signalled,
	       res.deadline_kills);
	ktap_case("no_hang", no_hang && !res.unreaped);

	vm = anvil_vmcheck();
	if (vm < 0 && errno == ENOSYS)
		ktap_skip("vmcheck", "CONFIG_DEBUG_VM=n");
	else
		ktap_case("vmcheck", KT_EXPECT(vm == 0));

	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	msnap_take(&after);
	leaks = msnap_leaks_settled(&before, &after, "# ");
	printf("leaks %d\n", leaks);
	ktap_case("leaks", KT_EXPECT(leaks == 0));
	return ktap_end();
}
