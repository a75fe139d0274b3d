// SPDX-License-Identifier: GPL-2.0-only
/* The smallest user program: proves crt0, newlib's stdio and write work. */
#include <stdio.h>

int main(int argc, char **argv)
{
	printf("hello from %s, argc %d\n", argc > 0 ? argv[0] : "?", argc);
	return 0;
}
