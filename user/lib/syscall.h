/* SPDX-License-Identifier: GPL-2.0-only */
/* Raw system calls for user programs: see include/uapi/anvil/syscall.h. */
#ifndef USER_SYSCALL_H
#define USER_SYSCALL_H

#include <anvil/syscall.h>

long __syscall(long nr, long a, long b, long c, long d, long e);
/* The call's result, or -1 with errno set. */
long syscall_errno(long nr, long a, long b, long c, long d, long e);

#endif
