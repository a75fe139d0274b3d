// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_image: program text and read-only data are the initramfs file's own
 * pages, mapped in place and shared by every process running the program
 * (kernel/exec.c, mm/image.c), and that sharing is invisible but in the
 * accounting: the kernel's pages.image_mapped count does not grow when 16
 * more processes exec the same program; a write to text made writable by
 * mprotect gets a private copy and leaves the image as it was; data that
 * starts out as the file's pages is private across fork and exec; bss
 * reads zero.  (A write to text without mprotect kills: t_fault.)
 *
 * The program also runs as the exec'd image: `t_image --sleep` sleeps
 * until killed; `t_image --check` exits GOOD when its text, data and bss
 * are what the file says.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "proc.h"

#define PAGE		4096u
#define GOOD		100
#define EXECS		16
#define WORDS		(PAGE / 4)

/* A whole page of read-only data (mapped from the image), and one of data. */
static const uint32_t ro_page[WORDS] __attribute__((aligned(PAGE))) = {
	0x5eed0001, [WORDS - 1] = 0x5eed0002,
};
static uint32_t data_page[WORDS] __attribute__((aligned(PAGE))) = {
	0xda7a0001, [WORDS - 1] = 0xda7a0002,
};
/* In the segment's last, partial page: must read zero whatever the file holds there. */
static uint32_t bss_words[256];

static char *const no_env[] = { NULL };

static bool as_in_file(void)
{
	const volatile uint32_t *ro = ro_page, *d = data_page;

	for (unsigned i = 0; i < 256; i++)
		if (bss_words[i])
			return false;
	return ro[0] == 0x5eed0001 && ro[WORDS - 1] == 0x5eed0002 && ro[1] == 0 &&
	       d[0] == 0xda7a0001 && d[WORDS - 1] == 0xda7a0002 && d[1] == 0;
}

/* ---------------------------------------------------------------- the exec'd image */

static int image(const char *mode)
{
	if (!strcmp(mode, "--sleep"))
		return sleep_until_killed(NULL);
	if (!strcmp(mode, "--check"))
		return as_in_file() ? GOOD : 1;
	return 3;
}

static int exec_mode(void *arg)
{
	char *args[] = { "t_image", arg, NULL };

	execve("t_image", args, no_env);
	return 1;
}

/* ---------------------------------------------------------------- the tests */

static bool text_from_image(void)
{
	/* This program's own text at least: the counter is there and counts it. */
	return KT_EXPECT(anvil_meminfo_get("pages.image_mapped") > 0) &
	       KT_EXPECT(anvil_meminfo_get("pages.image_mapped") <= anvil_meminfo_get("pages.image"));
}

static bool execs_share_text(void)
{
	long before = anvil_meminfo_get("pages.image_mapped"), during, after;
	pid_t pids[EXECS];
	bool ok = KT_EXPECT(before > 0);
	int n = 0;

	for (; n < EXECS; n++) {
		pids[n] = spawn(exec_mode, "--sleep");
		if (!KT_EXPECT(pids[n] > 0) || !KT_EXPECT(wait_task_settled(pids[n], 5000) == 'S')) {
			ok = false;
			n += pids[n] > 0;
			break;
		}
	}
	/* Every one runs t_image, whose pages this process maps already. */
	during = anvil_meminfo_get("pages.image_mapped");
	if (during != before)
		printf("        # pages.image_mapped %ld before %d execs of t_image, %ld with them\n",
		       before, n, during);
	ok &= KT_EXPECT(during == before);
	for (int i = 0; i < n; i++) {
		int status = -1;

		kill(pids[i], SIG_KILL);
		ok &= KT_EXPECT(waitpid(pids[i], &status, 0) == pids[i] && W_SIG(status) == SIG_KILL);
	}
	after = anvil_meminfo_get("pages.image_mapped");
	return ok & KT_EXPECT(after == before);
}

/* In a child: make ro_page's page writable, write it, and read back its own copy. */
static int write_ro_page(void *arg)
{
	volatile uint32_t *p = (volatile uint32_t *)ro_page;

	(void)arg;
	if (mprotect((void *)ro_page, PAGE, PROT_READ | PROT_WRITE))
		return 2;
	p[0] = 0xbad;
	p[WORDS - 1] = 0xbad;
	return p[0] == 0xbad && p[1] == 0 && p[WORDS - 1] == 0xbad ? GOOD : 1;
}

static bool mprotected_text_write_copies(void)
{
	int status = run_child(write_ro_page, NULL);
	bool ok = KT_EXPECT(W_EXITED(status, GOOD));

	ok &= KT_EXPECT(as_in_file());			/* this process still sees the file */
	status = run_child(exec_mode, "--check");	/* and so does a fresh exec */
	return ok & KT_EXPECT(W_EXITED(status, GOOD));
}

static int write_data(void *arg)
{
	(void)arg;
	data_page[0] = 0xbad;
	bss_words[0] = 0xbad;
	return data_page[0] == 0xbad && data_page[1] == 0 ? GOOD : 1;
}

static bool data_private(void)
{
	int status = run_child(write_data, NULL);
	bool ok = KT_EXPECT(W_EXITED(status, GOOD));

	ok &= KT_EXPECT(as_in_file());
	/* Now this process writes: a fresh exec still sees the file's data. */
	data_page[WORDS - 1] = 0xbad;
	status = run_child(exec_mode, "--check");
	ok &= KT_EXPECT(W_EXITED(status, GOOD));
	data_page[WORDS - 1] = 0xda7a0002;
	return ok & KT_EXPECT(as_in_file());
}

int main(int argc, char **argv)
{
	static const struct { const char *name; bool (*fn)(void); } cases[] = {
		{ "text_mapped_from_image", text_from_image },
		{ "execs_of_one_program_share_its_text", execs_share_text },
		{ "mprotected_text_write_copies_the_page", mprotected_text_write_copies },
		{ "data_private_across_fork_and_exec", data_private },
	};
	const int n = sizeof(cases) / sizeof(cases[0]);

	if (argc > 1)
		return image(argv[1]);
	ktap_suite("t_image", n + 1);
	ktap_case("as_in_file_at_start", as_in_file());
	for (int i = 0; i < n; i++)
		ktap_case(cases[i].name, cases[i].fn());
	return ktap_end();
}
