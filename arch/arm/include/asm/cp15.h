/* SPDX-License-Identifier: GPL-2.0-only */
/* CP15 system registers of ARMv7-A, read and written by name. */
#ifndef ASM_CP15_H
#define ASM_CP15_H

#define SCTLR_M		(1 << 0)	/* MMU */
#define SCTLR_A		(1 << 1)	/* alignment checks */
#define SCTLR_C		(1 << 2)	/* data cache */
#define SCTLR_Z		(1 << 11)	/* branch prediction */
#define SCTLR_I		(1 << 12)	/* instruction cache */
#define SCTLR_V		(1 << 13)	/* high vectors */
#define SCTLR_TRE	(1 << 28)
#define SCTLR_AFE	(1 << 29)
#define SCTLR_TE	(1 << 30)	/* exceptions in Thumb */

#define PSR_MODE_MASK	0x1f
#define PSR_MODE_USR	0x10
#define PSR_MODE_FIQ	0x11
#define PSR_MODE_IRQ	0x12
#define PSR_MODE_SVC	0x13
#define PSR_MODE_ABT	0x17
#define PSR_MODE_HYP	0x1a
#define PSR_MODE_UND	0x1b
#define PSR_MODE_SYS	0x1f
#define PSR_T		(1 << 5)
#define PSR_F		(1 << 6)
#define PSR_I		(1 << 7)
#define PSR_A		(1 << 8)

#ifndef __ASSEMBLER__
#include <anvil/types.h>

#define CP15_ACCESSORS(name, op1, crn, crm, op2)			\
static inline u32 read_##name(void)					\
{									\
	u32 v;								\
	__asm__ __volatile__("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			     : "=r"(v));				\
	return v;							\
}									\
static inline void write_##name(u32 v)					\
{									\
	__asm__ __volatile__("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			     :: "r"(v) : "memory");			\
}

CP15_ACCESSORS(midr,   0, c0, c0, 0)
CP15_ACCESSORS(mpidr,  0, c0, c0, 5)
CP15_ACCESSORS(sctlr,  0, c1, c0, 0)
CP15_ACCESSORS(ttbr0,  0, c2, c0, 0)
CP15_ACCESSORS(ttbr1,  0, c2, c0, 1)
CP15_ACCESSORS(ttbcr,  0, c2, c0, 2)
CP15_ACCESSORS(dacr,   0, c3, c0, 0)
CP15_ACCESSORS(dfsr,   0, c5, c0, 0)
CP15_ACCESSORS(ifsr,   0, c5, c0, 1)
CP15_ACCESSORS(dfar,   0, c6, c0, 0)
CP15_ACCESSORS(ifar,   0, c6, c0, 2)
CP15_ACCESSORS(contextidr, 0, c13, c0, 1)
CP15_ACCESSORS(vbar,   0, c12, c0, 0)
CP15_ACCESSORS(tlbiall, 0, c8, c7, 0)
CP15_ACCESSORS(tlbimva, 0, c8, c7, 1)
CP15_ACCESSORS(tlbiasid, 0, c8, c7, 2)
CP15_ACCESSORS(iciallu, 0, c7, c5, 0)
CP15_ACCESSORS(bpiall, 0, c7, c5, 6)
CP15_ACCESSORS(cntfrq, 0, c14, c0, 0)
CP15_ACCESSORS(cntp_tval, 0, c14, c2, 0)
CP15_ACCESSORS(cntp_ctl, 0, c14, c2, 1)

static inline void dsb(void) { __asm__ __volatile__("dsb" ::: "memory"); }
static inline void isb(void) { __asm__ __volatile__("isb" ::: "memory"); }
static inline void dmb(void) { __asm__ __volatile__("dmb" ::: "memory"); }
static inline void wfi(void) { __asm__ __volatile__("wfi" ::: "memory"); }

#endif /* __ASSEMBLER__ */
#endif
