// SPDX-License-Identifier: GPL-2.0-only
/*
 * KTAP tests of the exception path: a data abort in the kernel with an
 * exception-table fixup returns -EFAULT and the kernel carries on; the
 * vectors are installed; interrupts are on.
 */
#include <anvil/ktest.h>
#include <anvil/sched.h>
#include <anvil/time.h>
#include <anvil/errno.h>
#include <anvil/string.h>
#include <asm/cp15.h>
#include <asm/memory.h>
#include <asm/uaccess.h>

extern const char vectors[];

KTEST(traps, vectors_installed)
{
	KEXPECT_EQ(t, read_vbar(), (u32)vectors);
}

KTEST(traps, fault_fixup_read)
{
	u32 v = 0x5a5a5a5a;

	/* Nothing is mapped at 0 (user space, no process) or past the io window. */
	KEXPECT_EQ(t, probe_read_u32(&v, (void *)0x1000), -EFAULT);
	KEXPECT_EQ(t, probe_read_u32(&v, (void *)(IO_VIRT_END + 0x100)), -EFAULT);
	KEXPECT_EQ(t, v, 0x5a5a5a5a);
}

KTEST(traps, fault_fixup_write)
{
	static u32 word;

	KEXPECT_EQ(t, probe_write_u32((void *)0x2000, 1), -EFAULT);
	KEXPECT_EQ(t, probe_write_u32(&word, 0x1234), 0);
	KEXPECT_EQ(t, word, 0x1234);
	{
		u32 v;
		KEXPECT_EQ(t, probe_read_u32(&v, &word), 0);
		KEXPECT_EQ(t, v, 0x1234);
	}
}

/* An address nothing maps: user space while no process runs. */
static volatile u32 *const unmapped = (volatile u32 *)0x10;

/* An undefined instruction in each state: the function is the instruction. */
void crash_udf_arm(void);
void crash_udf_thumb(void);
__asm__(
	"	.syntax	unified\n"
	"	.text\n"
	"	.balign	4\n"
	"	.arm\n"
	"	.type	crash_udf_arm, %function\n"
	"crash_udf_arm:\n"
	"	udf	#0\n"
	"	.size	crash_udf_arm, . - crash_udf_arm\n"
	"	.thumb\n"
	"	.type	crash_udf_thumb, %function\n"
	"	.thumb_func\n"
	"crash_udf_thumb:\n"
	"	udf.w	#0\n"
	"	.size	crash_udf_thumb, . - crash_udf_thumb\n"
	"	.arm\n");

static void __noreturn crash_udf(void (*fn)(void), const char *state)
{
	printk("Crashing on purpose: %s udf at %08x\n", state, (u32)fn & ~1u);
	fn();
	panic("the undefined instruction at %08x returned", (u32)fn & ~1u);
}

void ktest_crash(const char *kind)
{
	printk("Crashing on purpose: %s\n", kind);
	if (!strcmp(kind, "undef-thumb") || !strncmp(kind, "undef-thumb ", 12))
		crash_udf(crash_udf_thumb, "thumb");
	else if (!strncmp(kind, "undef", 5))
		crash_udf(crash_udf_arm, "arm");
	else if (!strncmp(kind, "dabort", 6))
		(void)*unmapped;
	else if (!strncmp(kind, "pabort", 6))
		((void (*)(void))0x8)();
	else if (!strncmp(kind, "kstack", 6)) {
		/* An overflow as it would look: the guard word is gone. */
		*current_stack_guard = 0;
		for (u64 end = jiffies + 10; jiffies < end; )
			;	/* the next tick's exception return panics */
		printk("No exception returned within 10 ticks\n");
		return;
	}
	printk("Unknown crash kind: %s (undef, undef-thumb, dabort, pabort, kstack)\n", kind);
}
