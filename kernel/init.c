// SPDX-License-Identifier: GPL-2.0-only
/*
 * Starting user space: pid 1 is a kernel thread that execs the init
 * program from the initramfs and drops to user mode.  "init=prog" on the
 * command line picks the program (default: the shell); words after " -- "
 * are its arguments, so `make run INIT='tree 16 1'` becomes
 * "init=tree -- 16 1".  The kernel's own words come before init=: the
 * kernel reads none after "--" (kernel/cmdline.c).
 *
 * A program the initramfs does not hold is a panic, after a line listing
 * the programs it does hold, so the next try can pick one.
 */
#include <anvil/kernel.h>
#include <anvil/boot.h>
#include <anvil/cycles.h>
#include <anvil/errno.h>
#include <anvil/initramfs.h>
#include <anvil/process.h>
#include <anvil/string.h>

#define DEFAULT_INIT	"sh"

static char init_words[CMDLINE_MAX];
static const char *init_argv[MAX_ARGS + 1];
static const char *const init_envp[] = { "HOME=/", NULL };

u32 boot_cycles_to_user;

static int print_name(const struct initramfs_file *f, void *arg)
{
	printk(KERN_ERR " %.*s", (int)f->name_len, f->name);
	return 0;
}

static int run_init(void *arg)
{
	int err = kernel_execve(init_argv[0], init_argv, init_envp);

	if (err == -ENOENT) {
		printk(KERN_ERR "init: no program '%s' in the initramfs; it holds:", init_argv[0]);
		initramfs_for_each(print_name, NULL);
		printk(KERN_ERR "\n");
	}
	if (err)
		panic("cannot run init program '%s': error %d", init_argv[0], err);
	boot_cycles_to_user = cycles_now();	/* for make bench: the count at boot's end */
	ret_to_user(task_pt_regs(current));
}

/* Split the init program's name and arguments out of the command line. */
static void parse_init_args(void)
{
	const char *prog = cmdline_get("init");
	const char *args = cmdline_init_args(boot_info.cmdline);
	char *p = init_words;
	size_t len = 0;
	int n = 0;

	if (!prog || !*prog || *prog == ' ')
		prog = DEFAULT_INIT;
	while (prog[len] && prog[len] != ' ' && len < sizeof(init_words) - 1)
		len++;
	memcpy(init_words, prog, len);
	init_words[len] = '\0';
	if (args)
		snprintf(init_words + len, sizeof(init_words) - len, " %s", args);
	while (*p && n < MAX_ARGS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		init_argv[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	init_argv[n] = NULL;
}

void start_init(void)
{
	int pid;

	parse_init_args();
	pid = kthread_create("init", run_init, NULL);
	if (pid != 1)
		panic("init got pid %d", pid);
}
