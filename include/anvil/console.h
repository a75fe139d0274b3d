/* SPDX-License-Identifier: GPL-2.0-only */
/* The console: where printk goes and the shell reads from. */
#ifndef ANVIL_CONSOLE_H
#define ANVIL_CONSOLE_H

struct console {
	const char *name;
	void (*putc)(char c);
	int (*getc)(void);		/* a byte, or -1 when none is waiting */
};

void console_register(const struct console *con);
void console_write(const char *s, unsigned int len);
int console_getc(void);

#endif
