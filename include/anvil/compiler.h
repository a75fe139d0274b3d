/* SPDX-License-Identifier: GPL-2.0-only */
/* Compiler attributes, spelled once. */
#ifndef ANVIL_COMPILER_H
#define ANVIL_COMPILER_H

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __noreturn	__attribute__((noreturn))
#define __aligned(n)	__attribute__((aligned(n)))
#define __packed	__attribute__((packed))
#define __section(s)	__attribute__((section(s)))
#define __used		__attribute__((used))
#define __unused	__attribute__((unused))
#define __weak		__attribute__((weak))
#define barrier()	__asm__ __volatile__("" ::: "memory")

/* IS_ENABLED(CONFIG_X): 1 when CONFIG_X is defined to 1, else 0, as in Kbuild. */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(ignored, val, ...) val
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0, 0)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define __is_defined(x) ___is_defined(x)
#define IS_ENABLED(option) __is_defined(option)

#endif
