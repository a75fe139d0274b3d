// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_fault: faults no mapping allows kill the faulting process and nothing
 * else.  Each child below does one forbidden thing — dereference NULL,
 * write its own text, touch or jump into kernel memory, run an undefined
 * instruction, execute its stack, heap or data, overflow its stack — and
 * must be killed with a signal in its wait status while this process and
 * the system go on; once they are all reaped, every memory counter is back
 * where it started.
 */
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

#define KERNEL_ADDR	0xC0000000u
#define SIG_ILL		4
#define SIG_BUS		7

/* Thumb: movs r0, #42; bx lr */
static const uint16_t ret42_code[] = { 0x202a, 0x4770 };
static uint16_t ret42_data[2] = { 0x202a, 0x4770 };

static int call_thumb(const void *code)
{
	return ((int (*)(void))((uintptr_t)code | 1))();
}

/* Through a variable, so that the compiler does not see what is coming. */
static volatile uintptr_t null_addr;

static int null_read(void *arg)
{
	(void)arg;
	return *(volatile int *)null_addr == 42 ? 0 : 0;
}

static int null_write(void *arg)
{
	(void)arg;
	*(volatile int *)(null_addr + 4) = 1;
	return 0;
}

static int null_call(void *arg)
{
	(void)arg;
	return call_thumb((const void *)null_addr);
}

static int text_write(void *arg)
{
	(void)arg;
	*(volatile uint16_t *)((uintptr_t)text_write & ~(uintptr_t)1) = 0xde00;
	return 0;
}

static int rodata_write(void *arg)
{
	(void)arg;
	*(volatile uint16_t *)ret42_code = 0;
	return 0;
}

static int kernel_read(void *arg)
{
	(void)arg;
	return *(volatile int *)KERNEL_ADDR == 42 ? 0 : 0;
}

static int kernel_write(void *arg)
{
	(void)arg;
	*(volatile int *)(KERNEL_ADDR + 0x8000) = 0;
	return 0;
}

static int kernel_jump(void *arg)
{
	(void)arg;
	return call_thumb((const void *)(uintptr_t)KERNEL_ADDR);
}

static int kernel_jump_arm(void *arg)
{
	(void)arg;
	return ((int (*)(void))(uintptr_t)(KERNEL_ADDR + 0x8000))();
}

static int undefined_insn(void *arg)
{
	(void)arg;
	__asm__ volatile("udf #0");
	return 0;
}

static int stack_exec(void *arg)
{
	volatile uint16_t code[2] = { ret42_code[0], ret42_code[1] };

	(void)arg;
	return call_thumb((const void *)code) == 42 ? 0 : 1;
}

static int heap_exec(void *arg)
{
	uint16_t *code = malloc(64);

	(void)arg;
	memcpy(code, ret42_code, sizeof(ret42_code));
	return call_thumb(code) == 42 ? 0 : 1;
}

static int data_exec(void *arg)
{
	(void)arg;
	return call_thumb(ret42_data) == 42 ? 0 : 1;
}

static volatile int recursion_limit = 1 << 30;

static int recurse(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	return depth < recursion_limit ? recurse(depth + 1) + frame[0] : 0;
}

static int stack_overflow(void *arg)
{
	(void)arg;
	return recurse(0);
}

static int alignment(void *arg)
{
	char buf[16];
	uint32_t a, b;

	(void)arg;
	/* ldm faults on an unaligned address whatever SCTLR.A says. */
	__asm__ volatile("ldm %2, {%0, %1}" : "=r"(a), "=r"(b) : "r"(buf + 1) : "memory");
	return (int)(a + b) & 0;
}

struct fault_case {
	const char *name;
	int (*fn)(void *);
	int sig;	/* the signal POSIX names for it: wait must report exactly this one */
};

static const struct fault_case faults[] = {
	{ "null_read", null_read, SIG_SEGV },
	{ "null_write", null_write, SIG_SEGV },
	{ "null_call", null_call, SIG_SEGV },
	{ "text_write", text_write, SIG_SEGV },
	{ "rodata_write", rodata_write, SIG_SEGV },
	{ "kernel_read", kernel_read, SIG_SEGV },
	{ "kernel_write", kernel_write, SIG_SEGV },
	{ "kernel_jump_thumb", kernel_jump, SIG_SEGV },
	{ "kernel_jump_arm", kernel_jump_arm, SIG_SEGV },
	{ "undefined_instruction", undefined_insn, SIG_ILL },
	{ "stack_not_executable", stack_exec, SIG_SEGV },
	{ "heap_not_executable", heap_exec, SIG_SEGV },
	{ "data_not_executable", data_exec, SIG_SEGV },
	{ "stack_overflow", stack_overflow, SIG_SEGV },
	{ "unaligned_ldm", alignment, SIG_BUS },
};
#define NR_FAULTS ((int)(sizeof(faults) / sizeof(faults[0])))

static bool killed(const struct fault_case *f)
{
	int status = run_child(f->fn, NULL);

	if (W_SIG(status) == 0 || status == -1) {
		printf("        # %s: child status %#x, expected a signal\n", f->name, status);
		return false;
	}
	if (W_SIG(status) != f->sig) {
		printf("        # %s: killed by signal %d, expected %d\n",
		       f->name, W_SIG(status), f->sig);
		return false;
	}
	return true;
}

static int spin(void *arg)
{
	volatile unsigned long n = 0;

	(void)arg;
	for (;;)
		n++;
	return 0;
}

static bool kill_running_and_sleeping(void)
{
	pid_t runner = spawn(spin, NULL), sleeper = spawn(sleep_until_killed, NULL);
	int s1 = -1, s2 = -1;
	bool ok = KT_EXPECT(runner > 0 && sleeper > 0);

	msleep(30);
	ok &= KT_EXPECT(task_state(runner, NULL) == 'R');
	ok &= KT_EXPECT(wait_task_settled(sleeper, 2000) == 'S');
	ok &= KT_EXPECT(kill(runner, SIG_KILL) == 0 && kill(sleeper, SIG_KILL) == 0);
	ok &= KT_EXPECT(waitpid(runner, &s1, 0) == runner && W_SIG(s1) == SIG_KILL);
	ok &= KT_EXPECT(waitpid(sleeper, &s2, 0) == sleeper && W_SIG(s2) == SIG_KILL);
	return ok;
}

static int healthy(void *arg)
{
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (p == MAP_FAILED)
		return 1;
	memset(p, 1, 8192);
	return call_thumb(ret42_code) == 42 ? 0 : 2;	/* text is executable */
}

static struct msnap before, after;

/* Everything again, measured: the system is as it was, and still works. */
static bool system_goes_on(void)
{
	bool ok = true;

	msnap_take(&after);
	msnap_take(&before);
	for (int i = 0; i < NR_FAULTS; i++)
		ok &= KT_EXPECT(W_SIG(run_child(faults[i].fn, NULL)) != 0);
	ok &= KT_EXPECT(kill_running_and_sleeping());
	ok &= KT_EXPECT(run_child(healthy, NULL) == 0);
	msnap_take(&after);
	ok &= KT_EXPECT(msnap_leaks(&before, &after, "        # ") == 0);
	ok &= KT_EXPECT(call_thumb(ret42_code) == 42);
	return ok;
}

int main(void)
{
	stack_prefault(32 * 1024);
	ktap_suite("t_fault", NR_FAULTS + 2);
	for (int i = 0; i < NR_FAULTS; i++)
		ktap_case(faults[i].name, killed(&faults[i]));
	ktap_case("kill_running_and_sleeping", kill_running_and_sleeping());
	ktap_case("system_goes_on_counters_return", system_goes_on());
	return ktap_end();
}
