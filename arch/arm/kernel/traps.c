// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the exception vectors call.  Kernel-mode faults are either covered
 * by an exception-table fixup (a probed access that may fault) or are bugs:
 * those print the registers and panic with one clear line.
 */
#include <anvil/kernel.h>
#include <anvil/irq.h>
#include <asm/cp15.h>
#include <asm/ptrace.h>
#include <anvil/errno.h>
#include <anvil/fault.h>
#include <anvil/oom.h>
#include <anvil/pgtable.h>
#include <anvil/process.h>
#include <asm/uaccess.h>

/* Each entry: an instruction that may fault, and where to go if it does. */
struct exception_table_entry {
	u32 insn;
	u32 fixup;
};
extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

static bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == regs->pc) {
			regs->pc = e->fixup;
			return true;
		}
	}
	return false;
}

static const char *const mode_names[32] = {
	[PSR_MODE_USR] = "usr", [PSR_MODE_FIQ] = "fiq", [PSR_MODE_IRQ] = "irq",
	[PSR_MODE_SVC] = "svc", [PSR_MODE_ABT] = "abt", [PSR_MODE_UND] = "und",
	[PSR_MODE_SYS] = "sys", [PSR_MODE_HYP] = "hyp",
};

void show_regs(const struct pt_regs *regs)
{
	const char *mode = mode_names[regs->cpsr & PSR_MODE_MASK];

	for (int i = 0; i < 13; i += 4) {
		printk("  r%-2d: %08x", i, regs->r[i]);
		for (int j = i + 1; j < i + 4 && j < 13; j++)
			printk("  r%-2d: %08x", j, regs->r[j]);
		printk("\n");
	}
	printk("  sp : %08x  lr : %08x  pc : %08x  cpsr: %08x (%s)\n",
	       regs->sp, regs->lr, regs->pc, regs->cpsr, mode ? mode : "?");
}

static void __noreturn die(struct pt_regs *regs, const char *what, u32 fsr, u32 far)
{
	printk(KERN_ERR "Unexpected %s in %s mode: FSR %08x FAR %08x\n",
	       what, user_mode(regs) ? "user" : "kernel", fsr, far);
	show_regs(regs);
	panic("unexpected %s at pc %08x", what, regs->pc);
}

void do_undef(struct pt_regs *regs);
void do_svc(struct pt_regs *regs);
void do_prefetch_abort(struct pt_regs *regs);
void do_data_abort(struct pt_regs *regs);
void do_irq(struct pt_regs *regs);
void do_fiq(struct pt_regs *regs);
void do_bad_reset(struct pt_regs *regs);

/* Before any return to user mode: preemption, and a pending kill. */
static void return_to_user(struct pt_regs *regs)
{
	if (!user_mode(regs))
		return;
	if (need_resched)
		schedule();
	if (current->flags & TF_KILLED)
		do_exit(current->exit_code);
}

static const char *fault_reason(int err)
{
	switch (err) {
	case -EACCES: return "access not allowed by the mapping";
	case -EIO: return "swap read error";
	default: return "no mapping";
	}
}

/*
 * A fault on a user address: let mm/ resolve it (demand paging, COW).
 * Returns true when the access can be retried.  A user task that mm/ cannot
 * help is killed; a kernel access is left to the caller (fixup or oops).
 * No memory is the OOM killer's business (kernel/oom.c).
 */
static bool user_fault(struct pt_regs *regs, unsigned long addr, unsigned int flags)
{
	int err;

	if (addr >= TASK_SIZE || !current->mm)
		return false;
	/* Faults may sleep (swap I/O): let interrupts in if the faulting code had them. */
	if (!(regs->cpsr & PSR_I))
		local_irq_enable();
	err = handle_mm_fault(current->mm, addr, flags | (user_mode(regs) ? FAULT_USER : 0));
	if (!err)
		return true;
	if (err == -ENOMEM) {
		/* The killer chose another process and it has gone: try again. */
		if (out_of_memory())
			return true;
		/* Current was chosen; the killer has said so on the console. */
		if (user_mode(regs))
			do_exit(SIGKILL);
		return false;
	}
	if (user_mode(regs))
		kill_current(err == -EIO ? SIGBUS : SIGSEGV, fault_reason(err), addr);
	return false;
}

/*
 * The vector took lr - 4 as the return address, the undefined instruction
 * in ARM state.  In Thumb state lr is that instruction + 2, whether it is
 * 16 or 32 bits wide (ARM ARM, exception return offsets), so the pc is put
 * right here: reports and any retry name the instruction itself.
 */
void do_undef(struct pt_regs *regs)
{
	if (regs->cpsr & PSR_T)
		regs->pc += 2;
	if (user_mode(regs))
		kill_current(SIGILL, "undefined instruction", regs->pc);
	die(regs, "undefined instruction", 0, regs->pc);
}

#define SEMIHOSTING_SVC 0x123456

void do_svc(struct pt_regs *regs)
{
	if (user_mode(regs)) {
		local_irq_enable();
		regs_set_return_value(regs, do_syscall(regs));
		return_to_user(regs);
		return;
	}
	/* A semihosting call QEMU did not take: semihosting is off. */
	if ((*(const u32 *)(regs->pc - 4) & 0x00ffffff) == SEMIHOSTING_SVC) {
		regs->r[0] = (u32)-1;
		return;
	}
	die(regs, "system call", 0, regs->pc);
}

#define DFSR_WNR	(1u << 11)
#define DFSR_FS(fsr)	((((fsr) >> 6) & 0x10) | ((fsr) & 0xf))
#define FS_ALIGNMENT	0x01
#define FS_DEBUG	0x02	/* a debug event: bkpt */

/*
 * The fault status codes (short descriptors) the MMU gives for a virtual
 * address: access flag, translation, domain and permission faults, each
 * for a section (odd bit 1) or a page.  mm/ can resolve only these; an
 * external abort, a parity error or a debug event is something else.
 */
static bool fs_is_mmu_fault(u32 fs)
{
	switch (fs) {
	case 0x03: case 0x06:	/* access flag */
	case 0x05: case 0x07:	/* translation */
	case 0x09: case 0x0b:	/* domain */
	case 0x0d: case 0x0f:	/* permission */
		return true;
	default:
		return false;
	}
}

/*
 * The IFSR says what happened: a bkpt is a debug event (IFAR is then
 * meaningless) and gets SIGTRAP; an MMU fault goes to mm/; anything else
 * (an external abort on the fetch) is a SIGBUS for the program.
 */
void do_prefetch_abort(struct pt_regs *regs)
{
	u32 ifar = read_ifar(), ifsr = read_ifsr(), fs = DFSR_FS(ifsr);

	if (fs == FS_DEBUG) {
		if (user_mode(regs))
			kill_current(SIGTRAP, "breakpoint", regs->pc);
		die(regs, "breakpoint", ifsr, regs->pc);
	}
	if (fs_is_mmu_fault(fs) && user_fault(regs, ifar, FAULT_EXEC)) {
		return_to_user(regs);
		return;
	}
	if (user_mode(regs) && !fs_is_mmu_fault(fs))
		kill_current(SIGBUS, "instruction fetch abort", ifar);
	if (user_mode(regs))
		kill_current(SIGSEGV, "instruction fetch from kernel memory", ifar);
	die(regs, "prefetch abort", ifsr, ifar);
}

void do_data_abort(struct pt_regs *regs)
{
	u32 dfar = read_dfar(), dfsr = read_dfsr();

	if (DFSR_FS(dfsr) != FS_ALIGNMENT &&
	    user_fault(regs, dfar, dfsr & DFSR_WNR ? FAULT_WRITE : 0)) {
		return_to_user(regs);
		return;
	}
	if (!user_mode(regs) && fixup_exception(regs))
		return;
	if (user_mode(regs) && DFSR_FS(dfsr) == FS_ALIGNMENT)
		kill_current(SIGBUS, "alignment fault", dfar);
	if (user_mode(regs))
		kill_current(SIGSEGV, "access to kernel memory", dfar);
	die(regs, "data abort", dfsr, dfar);
}

void do_irq(struct pt_regs *regs)
{
	handle_irq();
	return_to_user(regs);
}

void do_fiq(struct pt_regs *regs)
{
	die(regs, "FIQ", 0, 0);
}

void do_bad_reset(struct pt_regs *regs)
{
	die(regs, "reset vector", 0, 0);
}
