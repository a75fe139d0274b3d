// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk and the console.  Messages go straight to the registered console
 * (no log buffer yet); "\n" becomes "\r\n".  A message that starts with a
 * KERN_<level> prefix is dropped when its level is above CONFIG_LOG_LEVEL.
 */
#include <anvil/kernel.h>
#include <anvil/console.h>
#include <anvil/irq.h>

static const struct console *console;
static bool mid_line;	/* the last byte written was not a newline */

void console_register(const struct console *con)
{
	console = con;
}

void console_write(const char *s, unsigned int len)
{
	if (!console)
		return;
	for (unsigned int i = 0; i < len; i++) {
		if (s[i] == '\n')
			console->putc('\r');
		console->putc(s[i]);
	}
	if (len)
		mid_line = s[len - 1] != '\n';
}

bool console_mid_line(void)
{
	return mid_line;
}

int console_getc(void)
{
	return console && console->getc ? console->getc() : -1;
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[256];
	int level = 4;	/* messages without a level are warnings, as in Linux */
	int n;
	unsigned long flags;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	if (level > CONFIG_LOG_LEVEL)
		return 0;
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	flags = local_irq_save();
	console_write(buf, n);
	local_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
