// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_exec: execve, exit and wait.  execve replaces the whole image (data,
 * bss, heap, mappings) and hands argv and envp over intact; too much of
 * them is E2BIG and leaves the caller as it was; exit statuses and kill
 * signals reach waitpid, through execve too; a child stays a zombie until
 * it is reaped; orphans are reparented to init (pid 1).
 *
 * The program also runs as the exec'd image: `t_exec --<mode> ...` checks
 * what it was given and exits 100 when everything was right.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"
#include "ktap.h"
#include "proc.h"

#define PAGE		4096u
#define GOOD		100	/* the exit code of an exec'd image that found all well */

extern char **environ;
extern char _end[];

static int marker_data = 7;
static int marker_bss;

/* ---------------------------------------------------------------- the exec'd image */

static char long_env[201];

static void make_long_env(void)
{
	memcpy(long_env, "LONG=", 5);
	for (int i = 5; i < 200; i++)
		long_env[i] = 'a' + i % 26;
	long_env[200] = '\0';
}

static int image_args(int argc, char **argv, char **envp)
{
	static const char *const want[] = { "t_exec", "--args", "alpha", "two words", "", "last" };
	const char *foo = getenv("FOO");
	int bad = 0;

	make_long_env();
	bad |= (argc != 6) << 0;
	for (int i = 0; i < 6 && i < argc; i++)
		bad |= (strcmp(argv[i], want[i]) != 0) << 1;
	bad |= (argv[argc] != NULL) << 2;
	bad |= (envp != environ) << 3;
	bad |= (!envp[0] || strcmp(envp[0], "FOO=bar")) << 4;
	bad |= (!envp[1] || strcmp(envp[1], "EMPTY=")) << 4;
	bad |= (!envp[2] || strcmp(envp[2], long_env) || envp[3]) << 5;
	bad |= (!foo || strcmp(foo, "bar")) << 6;
	return bad ? bad : GOOD;
}

/* Nothing of the image that called execve is left. */
static int image_fresh(char **argv)
{
	unsigned char *old = (unsigned char *)strtoul(argv[2], NULL, 16), *p;
	int bad = 0;

	bad |= (marker_data != 7 || marker_bss != 0) << 0;
	bad |= ((uintptr_t)sbrk(0) - (uintptr_t)_end >= PAGE) << 1;
	/* The old mapping's range is free: a hint there is taken as given. */
	p = mmap(old, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bad |= (p != old) << 2;
	if (p == old)
		for (unsigned i = 0; i < 4 * PAGE; i++)
			bad |= (p[i] != 0) << 3;
	return bad ? bad : GOOD;
}

static int image(int argc, char **argv, char **envp)
{
	static char *const no_env[] = { NULL };
	const char *mode = argv[1];

	if (!strcmp(mode, "--args"))
		return image_args(argc, argv, envp);
	if (!strcmp(mode, "--fresh") && argc == 3)
		return image_fresh(argv);
	if (!strcmp(mode, "--exit") && argc == 3)
		return atoi(argv[2]);
	if (!strcmp(mode, "--segv"))
		return *(volatile int *)(uintptr_t)strtoul("0", NULL, 0);
	if (!strcmp(mode, "--exec-again")) {
		char *args[] = { "t_exec", "--exit", "55", NULL };

		execve("t_exec", args, no_env);
		return 1;
	}
	if (!strcmp(mode, "--argc"))
		return argc;
	return 3;
}

/* ---------------------------------------------------------------- the tests */

static int exec_args(void *arg)
{
	char *args[] = { "t_exec", "--args", "alpha", "two words", "", "last", NULL };
	char *envp[] = { "FOO=bar", "EMPTY=", long_env, NULL };

	(void)arg;
	execve("t_exec", args, envp);
	return 1;
}

static bool args_and_env(void)
{
	int status;

	make_long_env();
	status = run_child(exec_args, NULL);
	if (!W_EXITED(status, GOOD))
		printf("        # exec'd image status %#x\n", status);
	return KT_EXPECT(W_EXITED(status, GOOD));
}

static int exec_fresh(void *arg)
{
	static char *const no_env[] = { NULL };
	unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char addr[16];
	char *args[] = { "t_exec", "--fresh", addr, NULL };

	(void)arg;
	if (p == MAP_FAILED || sbrk(1 << 20) == (void *)-1)
		return 1;
	memset(p, 0xee, 4 * PAGE);
	marker_data = 999;
	marker_bss = 999;
	snprintf(addr, sizeof(addr), "%lx", (unsigned long)(uintptr_t)p);
	execve("t_exec", args, no_env);
	return 2;
}

static bool replaces_image(void)
{
	int status = run_child(exec_fresh, NULL);

	if (!W_EXITED(status, GOOD))
		printf("        # exec'd image status %#x\n", status);
	return KT_EXPECT(W_EXITED(status, GOOD));
}

static int exec_mode(void *arg)
{
	static char *const no_env[] = { NULL };
	char **args = arg;

	execve(args[0], args, no_env);
	return 1;
}

static int run_image(char *mode, char *value)
{
	char *args[] = { "t_exec", mode, value, NULL };

	return run_child(exec_mode, args);
}

static bool status_through_exec(void)
{
	bool ok = true;

	ok &= KT_EXPECT(W_EXITED(run_image("--exit", "0"), 0));
	ok &= KT_EXPECT(W_EXITED(run_image("--exit", "77"), 77));
	ok &= KT_EXPECT(W_EXITED(run_image("--exit", "255"), 255));
	ok &= KT_EXPECT(W_EXITED(run_image("--exec-again", NULL), 55));
	ok &= KT_EXPECT(W_SIG(run_image("--segv", NULL)) == SIG_SEGV);
	return ok;
}

/* In a child: an execve that wrongly succeeds ends in `--argc`, not 100. */
static int too_big(void *arg)
{
	static char *const no_env[] = { NULL };
	static char huge[3000];
	char *many[70], *one_huge[] = { "t_exec", "--argc", huge, NULL };
	char *env_huge[] = { huge, NULL }, *small[] = { "t_exec", "--argc", NULL };
	int bad = 0;

	(void)arg;
	memset(huge, 'x', sizeof(huge) - 1);
	many[0] = "t_exec";
	many[1] = "--argc";
	for (int i = 2; i < 69; i++)
		many[i] = "arg";
	many[69] = NULL;
	marker_data = 4242;
	bad |= !KT_EXPECT(execve("t_exec", many, no_env) == -1 && errno == E2BIG);
	bad |= !KT_EXPECT(execve("t_exec", one_huge, no_env) == -1 && errno == E2BIG);
	bad |= !KT_EXPECT(execve("t_exec", small, env_huge) == -1 && errno == E2BIG);
	/* Still this program, memory and all. */
	bad |= !KT_EXPECT(marker_data == 4242 && huge[2998] == 'x');
	return bad ? 1 : GOOD;
}

static bool e2big(void)
{
	int status = run_child(too_big, NULL);

	if (!W_EXITED(status, GOOD))
		printf("        # child status %#x\n", status);
	return KT_EXPECT(W_EXITED(status, GOOD));
}

/* A long argv that fits is handed over whole. */
static int many_args(void *arg)
{
	static char *const no_env[] = { NULL };
	static char *args[25] = { "t_exec", "--argc" };

	(void)arg;
	for (int i = 2; i < 24; i++)
		args[i] = "0123456789012345678901234567890123456789";
	execve("t_exec", args, no_env);
	return 1;
}

static bool long_argv_fits(void)
{
	return KT_EXPECT(W_EXITED(run_child(many_args, NULL), 24));
}

/*
 * MAX_ARGS (include/anvil/process.h) is 32: an argv of 32 entries and an
 * empty envp is within it, as exec's own check (argc + envc <= MAX_ARGS) says.
 */
static int max_args(void *arg)
{
	static char *const no_env[] = { NULL };
	static char *args[33] = { "t_exec", "--argc" };

	(void)arg;
	for (int i = 2; i < 32; i++)
		args[i] = "x";
	execve("t_exec", args, no_env);
	return errno == E2BIG ? 2 : 1;
}

static bool argv_of_max_args(void)
{
	int status = run_child(max_args, NULL);

	if (!W_EXITED(status, 32))
		printf("        # 32 arguments: status %#x (exit 2: E2BIG)\n", status);
	return KT_EXPECT(W_EXITED(status, 32));
}

/*
 * Paths up to ANVIL_PATH_MAX - 1 characters are looked up (a missing one
 * is ENOENT, whatever its length); one more is ENAMETOOLONG.
 */
static bool long_paths(void)
{
	static char *const no_env[] = { NULL };
	static char path[ANVIL_PATH_MAX + 1];
	char *args[] = { path, NULL };
	bool ok = true;

	memset(path, 'p', sizeof(path) - 1);
	path[32] = '\0';
	ok &= KT_EXPECT(execve(path, args, no_env) == -1 && errno == ENOENT);
	path[32] = 'p';
	path[ANVIL_PATH_MAX - 1] = '\0';
	ok &= KT_EXPECT(execve(path, args, no_env) == -1 && errno == ENOENT);
	path[ANVIL_PATH_MAX - 1] = 'p';
	path[ANVIL_PATH_MAX] = '\0';
	ok &= KT_EXPECT(execve(path, args, no_env) == -1 && errno == ENAMETOOLONG);
	return ok;
}

static int exit_after(void *arg)
{
	int code = (int)(intptr_t)arg;

	msleep(10 * code);
	return code;
}

static bool wait_any(void)
{
	pid_t pids[3];
	bool seen[3] = { false, false, false };
	bool ok = true;

	for (int i = 0; i < 3; i++)
		pids[i] = spawn(exit_after, (void *)(intptr_t)(i + 1));
	ok &= KT_EXPECT(waitpid(-1, NULL, WNOHANG) == 0);	/* all still running */
	for (int n = 0; n < 3; n++) {
		int status = -1;
		pid_t pid = wait(&status);

		for (int i = 0; i < 3; i++)
			if (pid == pids[i]) {
				ok &= KT_EXPECT(!seen[i] && W_EXITED(status, i + 1));
				seen[i] = true;
			}
	}
	ok &= KT_EXPECT(seen[0] && seen[1] && seen[2]);
	ok &= KT_EXPECT(wait(NULL) == -1 && errno == ECHILD);
	return ok;
}

static bool zombie_until_reaped(void)
{
	pid_t ppid = 0, pid = spawn(exit_after, (void *)1);
	int status = -1;
	bool ok = KT_EXPECT(pid > 0);

	for (int i = 0; i < 200 && task_state(pid, NULL) != 'Z'; i++)
		msleep(10);
	ok &= KT_EXPECT(task_state(pid, &ppid) == 'Z' && ppid == getpid());
	ok &= KT_EXPECT(waitpid(pid, &status, 0) == pid && W_EXITED(status, 1));
	ok &= KT_EXPECT(task_state(pid, NULL) == 0);		/* gone from the table */
	return ok;
}

/* ------------------------------------------------ orphans */

/* The grandchild: a zombie of init when getppid() became 1, asleep otherwise. */
static int orphan(void *arg)
{
	(void)arg;
	for (int i = 0; i < 300; i++) {
		if (getppid() == 1)
			return 0;
		msleep(10);
	}
	return sleep_until_killed(NULL);
}

/* The middle child: start the grandchild and exit with the low bits of its pid. */
static int orphan_parent(void *arg)
{
	pid_t pid = spawn(orphan, arg);

	msleep(20);
	return pid > 0 ? pid & 0xff : 0;
}

/* Our grandchild in the task table: a t_exec that is neither us nor our child. */
static pid_t find_grandchild(int low_bits)
{
	static char buf[8192];
	int n = anvil_ps(buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		int pid, ppid;
		char state, name[32];

		if (sscanf(line, "%d %d %c %31s", &pid, &ppid, &state, name) == 4 &&
		    !strcmp(name, "t_exec") && pid != getpid() && (pid & 0xff) == low_bits)
			return pid;
	}
	return 0;
}

static bool orphans_go_to_init(void)
{
	int status = run_child(orphan_parent, NULL), state = 0;
	pid_t ppid = 0, gpid = W_EXITED(status, 0) ? 0 : find_grandchild(W_CODE(status));
	bool ok = KT_EXPECT(W_SIG(status) == 0 && gpid > 0);

	for (int i = 0; gpid > 0 && i < 400; i++) {
		state = task_state(gpid, &ppid);
		if (state == 'Z' || state == 0)
			break;
		msleep(10);
	}
	if (state != 'Z' || ppid != 1) {
		printf("        # grandchild %d: state %c, parent %d; its getppid() never said 1\n",
		       gpid, state ? state : '-', ppid);
		if (gpid > 0)
			kill(gpid, SIG_KILL);
	}
	ok &= KT_EXPECT(state == 'Z' && ppid == 1);	/* exited after seeing getppid() == 1 */
	return ok;
}

int main(int argc, char **argv, char **envp)
{
	static const struct { const char *name; bool (*fn)(void); } cases[] = {
		{ "argv_envp_intact", args_and_env },
		{ "execve_replaces_image", replaces_image },
		{ "exit_status_through_exec", status_through_exec },
		{ "e2big_leaves_caller", e2big },
		{ "long_argv_fits", long_argv_fits },
		{ "argv_of_max_args", argv_of_max_args },
		{ "long_paths_enoent_then_enametoolong", long_paths },
		{ "wait_any_child", wait_any },
		{ "zombie_until_reaped", zombie_until_reaped },
		{ "orphans_go_to_init", orphans_go_to_init },
	};
	const int n = sizeof(cases) / sizeof(cases[0]);

	if (argc > 1)
		return image(argc, argv, envp);
	ktap_suite("t_exec", n);
	for (int i = 0; i < n; i++)
		ktap_case(cases[i].name, cases[i].fn());
	return ktap_end();
}
