/* SPDX-License-Identifier: GPL-2.0-only */
/* The console: where printk goes and the shell reads from. */
#ifndef ANVIL_CONSOLE_H
#define ANVIL_CONSOLE_H

#include <anvil/types.h>

struct console {
	const char *name;
	void (*putc)(char c);
	int (*getc)(void);		/* a byte, or -1 when none is waiting */
};

void console_register(const struct console *con);
void console_write(const char *s, unsigned int len);
int console_getc(void);
/* True when the console's last line is unfinished (a prompt, say). */
bool console_mid_line(void);

#endif
