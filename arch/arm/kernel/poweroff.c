// SPDX-License-Identifier: GPL-2.0-only
/*
 * Leaving the machine.  Under QEMU with -semihosting-config enable=on,
 * SYS_EXIT_EXTENDED ends QEMU with our status code.  Without semihosting
 * the svc comes back to us (do_svc skips it) and the board's own power-off,
 * which cannot carry a code, is the fallback.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/irq.h>
#include <asm/board.h>
#include <asm/cp15.h>

#define SYS_EXIT_EXTENDED		0x20
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

static void semihosting_exit(int code)
{
	u32 block[2] = { ADP_STOPPED_APPLICATION_EXIT, (u32)code };
	register u32 r0 __asm__("r0") = SYS_EXIT_EXTENDED;
	register u32 r1 __asm__("r1") = (u32)block;

	__asm__ __volatile__("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
}

void machine_power_off(int code)
{
	local_irq_disable();
	semihosting_exit(code);
	if (board.power_off)
		board.power_off(code);
	for (;;)
		wfi();
}
