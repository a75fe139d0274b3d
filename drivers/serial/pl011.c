// SPDX-License-Identifier: GPL-2.0-only
/*
 * ARM PrimeCell PL011 UART as the console.  Output polls the transmit FIFO;
 * input is polled too (the shell asks for a byte when it wants one).
 * QEMU needs no baud-rate setup.
 */
#include <anvil/kernel.h>
#include <anvil/console.h>
#include <asm/io.h>
#include <drivers/pl011.h>

#define UARTDR		0x00
#define UARTFR		0x18
#define UARTFR_RXFE	(1u << 4)
#define UARTFR_TXFF	(1u << 5)
#define UARTCR		0x30
#define UARTCR_EN	(1u << 0)
#define UARTCR_TXE	(1u << 8)
#define UARTCR_RXE	(1u << 9)

static u8 *uart;

static void pl011_putc(char c)
{
	while (readl(uart + UARTFR) & UARTFR_TXFF)
		;
	writel((u8)c, uart + UARTDR);
}

static int pl011_getc(void)
{
	if (readl(uart + UARTFR) & UARTFR_RXFE)
		return -1;
	return readl(uart + UARTDR) & 0xff;
}

static const struct console pl011_console = {
	.name = "pl011",
	.putc = pl011_putc,
	.getc = pl011_getc,
};

void pl011_init(phys_addr_t pa)
{
	uart = ioremap(pa, 0x1000);
	if (!uart)
		return;
	writel(UARTCR_EN | UARTCR_TXE | UARTCR_RXE, uart + UARTCR);
	console_register(&pl011_console);
}
