// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shell: where `make run` lands.  Reads a line from the console (with
 * echo and backspace), runs a built-in or any initramfs program with its
 * arguments in a child, and reports how the child ended when it failed.
 * `sh -c cmd args ; cmd args` runs the commands (its remaining arguments,
 * joined by spaces, split at ';') without reading the console, and exits
 * with the last one's status: the kernel command line has no quotes.
 *
 * As init (pid 1) the shell is every orphan's parent: after each command
 * it reaps whatever children have exited, so none stays a zombie.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "anvil.h"

#define LINE_MAX	256
#define MAX_WORDS	32

static int read_line(char *buf, int size)
{
	int n = 0;

	for (;;) {
		char c;

		if (read(0, &c, 1) != 1)
			return -1;
		if (c == '\r' || c == '\n') {
			write(1, "\n", 1);
			buf[n] = '\0';
			return n;
		}
		if (c == 0x7f || c == '\b') {
			if (n > 0) {
				n--;
				write(1, "\b \b", 3);
			}
			continue;
		}
		if (c == 4 && n == 0)	/* Ctrl-D on an empty line */
			return -1;
		if (c >= ' ' && n < size - 1) {
			buf[n++] = c;
			write(1, &c, 1);
		}
	}
}

static int split(char *line, char *words[])
{
	int n = 0;

	for (char *p = strtok(line, " \t"); p && n < MAX_WORDS; p = strtok(NULL, " \t"))
		words[n++] = p;
	words[n] = NULL;
	return n;
}

static void dump(int (*get)(char *, size_t), const char *prefix)
{
	static char buf[8192];
	int n = get(buf, sizeof(buf) - 1);

	if (n < 0) {
		perror("sh");
		return;
	}
	buf[n] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!prefix || !strncmp(line, prefix, strlen(prefix)))
			printf("%s\n", line);
}

static int run(char *words[])
{
	static char *const envp[] = { "HOME=/", NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		execve(words[0], words, envp);
		printf("sh: %s: %s\n", words[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	if (status & 0x7f) {
		printf("sh: %s: killed by signal %d\n", words[0], status & 0x7f);
		return 128 + (status & 0x7f);
	}
	if (status >> 8)
		printf("sh: %s: exit status %d\n", words[0], status >> 8);
	return status >> 8;
}

static void vmcheck(void)
{
	if (anvil_vmcheck() == 0)
		printf("vmcheck: every VMA and the reverse map are consistent\n");
	else if (errno == ENOSYS)
		printf("vmcheck: not built (CONFIG_DEBUG_VM=n)\n");
	else
		printf("vmcheck: FAILED, see the console lines above\n");
}

static void help(void)
{
	printf("Built-ins: help, ps, meminfo, slabinfo, rmap, vmcheck, exit [status]\n"
	       "Anything else runs the initramfs program of that name with its arguments,\n"
	       "e.g. 'tree 16 1', 'chain 10 1', 'prot 4', 'split 8', 'hello'.\n");
}

/* Reap every child that has exited, without waiting for the others. */
static void reap_exited(void)
{
	int status;

	while (waitpid(-1, &status, WNOHANG) > 0)
		;
}

/* Run one command line; true when it was `exit`, with the status in *last. */
static bool execute(char *line, int *last)
{
	char *words[MAX_WORDS + 1];
	bool done = false;

	if (split(line, words) == 0)
		return false;
	if (!strcmp(words[0], "help"))
		help();
	else if (!strcmp(words[0], "ps"))
		printf("PID PPID S NAME\n"), dump(anvil_ps, NULL);
	else if (!strcmp(words[0], "meminfo"))
		dump(anvil_meminfo, NULL);
	else if (!strcmp(words[0], "slabinfo"))
		dump(anvil_meminfo, "slab.");
	else if (!strcmp(words[0], "rmap"))
		dump(anvil_meminfo, "rmap.");
	else if (!strcmp(words[0], "vmcheck"))
		vmcheck();
	else if (!strcmp(words[0], "exit")) {
		*last = words[1] ? atoi(words[1]) : *last;
		done = true;
	} else
		*last = run(words);
	reap_exited();
	return done;
}

/* sh -c: the arguments joined by spaces, then each ';'-separated command. */
static int run_script(int argc, char **argv)
{
	static char script[LINE_MAX * 4];
	size_t len = 0;
	int last = 0;

	for (int i = 2; i < argc; i++) {
		size_t n = strlen(argv[i]);

		if (len + n + 2 > sizeof(script)) {
			printf("sh: -c: script longer than %u bytes\n", (unsigned)sizeof(script) - 1);
			return 2;
		}
		memcpy(script + len, argv[i], n);
		len += n;
		script[len++] = ' ';
	}
	script[len] = '\0';
	for (char *cmd = script, *next; cmd; cmd = next) {
		char line[LINE_MAX];

		next = strchr(cmd, ';');
		if (next)
			*next++ = '\0';
		strlcpy(line, cmd, sizeof(line));
		if (execute(line, &last))
			break;
	}
	fflush(stdout);
	return last;
}

int main(int argc, char **argv)
{
	char line[LINE_MAX];
	int last = 0;

	if (argc > 1 && !strcmp(argv[1], "-c"))
		return run_script(argc, argv);
	if (argc > 1) {
		printf("usage: sh [-c 'command [args] [; command ...]']\n");
		return 2;
	}
	printf("Anvil shell. Type 'help'.\n");
	for (;;) {
		printf("anvil$ ");
		fflush(stdout);
		if (read_line(line, sizeof(line)) < 0)
			return last;
		if (execute(line, &last))
			return last;
	}
}
