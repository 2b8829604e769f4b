/* Run a command and append its wall time (seconds) and peak resident
 * set (KiB, from wait4's rusage) to a file, as GNU time's %e %M would,
 * with a monotonic clock and no package to install.
 *
 * usage: rss OUT COMMAND [ARG...]; exits with the command's status */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fputs("usage: rss OUT COMMAND [ARG...]\n", stderr);
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("rss: fork");
		return 71;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("rss: wait4");
		return 71;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!(out = fopen(argv[1], "a"))) {
		perror(argv[1]);
		return 73;
	}
	fprintf(out, "%.6f %ld\n",
		(double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		ru.ru_maxrss);
	if (fclose(out) != 0)
		return 74;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
