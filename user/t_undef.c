// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_undef: execute an undefined instruction, so that scripts/test.py can
 * check the kernel's report names the faulting instruction's address in
 * either instruction set.
 *
 *	t_undef arm | thumb | thumb32
 *
 * prints "t_undef: <state> udf at <address>", then executes a udf there
 * (ARM, 16-bit Thumb or 32-bit Thumb): the kernel kills it with SIGILL
 * and reports "undefined instruction at address <address>".
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void udf_arm(void);
void udf_thumb(void);
void udf_thumb32(void);

/* Each function is the undefined instruction itself. */
__asm__(
	"	.syntax unified\n"
	"	.text\n"
	"	.balign	4\n"
	"	.arm\n"
	"	.global	udf_arm\n"
	"	.type	udf_arm, %function\n"
	"udf_arm:\n"
	"	udf	#1\n"
	"	.size	udf_arm, . - udf_arm\n"
	"	.thumb\n"
	"	.global	udf_thumb\n"
	"	.type	udf_thumb, %function\n"
	"	.thumb_func\n"
	"udf_thumb:\n"
	"	udf	#2\n"
	"	.size	udf_thumb, . - udf_thumb\n"
	"	.balign	4\n"
	"	.global	udf_thumb32\n"
	"	.type	udf_thumb32, %function\n"
	"	.thumb_func\n"
	"udf_thumb32:\n"
	"	udf.w	#3\n"
	"	.size	udf_thumb32, . - udf_thumb32\n");

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} kinds[] = { { "arm", udf_arm }, { "thumb", udf_thumb }, { "thumb32", udf_thumb32 } };

	for (unsigned i = 0; argc == 2 && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(argv[1], kinds[i].name))
			continue;
		printf("t_undef: %s udf at %08x\n", kinds[i].name, (unsigned)kinds[i].fn & ~1u);
		fflush(stdout);
		kinds[i].fn();
		printf("t_undef: %s udf returned\n", kinds[i].name);
		return 1;
	}
	printf("usage: t_undef arm|thumb|thumb32\n");
	return 2;
}
