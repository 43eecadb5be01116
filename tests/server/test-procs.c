/* test-procs.c: the server explains itself, and the numbers are true.
 *  --one: the next connection is served in the master's own process (no
 *         fork), others are refused, and the server exits when it ends. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* The master's children, as the kernel knows them; returns how many. */
static int
children(pid_t pid, pid_t *out, int max)
{
	char path[64];
	FILE *f;
	int n = 0, p;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid,
	         (int)pid);
	assert_non_null(f = fopen(path, "r"));
	while (n < max && fscanf(f, "%d", &p) == 1)
		out[n++] = (pid_t)p;
	fclose(f);
	return n;
}

/* connect(2) to the server's port: 0, or the errno it failed with. */
static int
try_connect(const Srv *s)
{
	struct sockaddr_in sa = { 0 };
	int fd, err = 0;

	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		err = errno;
	close(fd);
	return err;
}

/* Wait for the server to exit by itself; returns its wait status. */
static int
wait_exit(Srv *s)
{
	long long end = now_ms() + wait_ms();
	int st = -1;

	while (waitpid(s->pid, &st, WNOHANG) == 0) {
		if (now_ms() > end)
			fail_msg("the server did not exit");
		srv_log_wait(s, "(read the log meanwhile)", 20);
	}
	s->pid = 0;
	srv_log_wait(s, "(and what is left of it)", 50);
	return st;
}

static void
one_session_in_the_master(void **state)
{
	pid_t kids[8];
	struct stat st;
	Srv s;
	Cli *c;
	int status;

	(void)state;
	srv_start(&s, NULL, "--one", NULL);
	assert_non_null(srv_log_wait(&s, "without fork", wait_ms()));
	c = cli_login(&s, "solo");
	/* Served by the master itself: no child but the janitor. */
	assert_int_equal(srv_child_pid(&s, "solo"), s.pid);
	assert_int_equal(children(s.pid, kids, 8), 1);
	assert_int_equal(kids[0], s.janitor);
	/* It works as a session does, commands and all. */
	cli_send(c, "PRIVMSG #lobby :alone here");
	cli_send(c, "WHOIS solo");
	EXPECT(c, " 318 solo solo ");
	/* Nobody else gets in: the listening socket is closed. */
	assert_int_equal(try_connect(&s), ECONNREFUSED);
	/* The session ends: the server cleans up and exits, status 0. */
	cli_send(c, "QUIT :done");
	assert_true(cli_wait_eof(c, wait_ms()));
	status = wait_exit(&s);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(s.log, "leave solo (Quit: done)"));
	assert_non_null(strstr(s.log, "stopped"));
	assert_true(semctl(s.semid, 0, GETVAL) < 0);
	assert_true(stat(s.relaydir, &st) < 0 && errno == ENOENT);
	assert_false(pid_alive(s.janitor));
	cli_close(c);
	close(s.errfd);
}

/* ^C while --one waits for its connection: it stops as usual. */
static void
one_session_stops_on_sigterm_while_waiting(void **state)
{
	Srv s;
	int status;

	(void)state;
	srv_start(&s, NULL, "--one", NULL);
	kill(s.pid, SIGTERM);
	status = wait_exit(&s);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(s.log, "stopped"));
	assert_true(semctl(s.semid, 0, GETVAL) < 0);
	close(s.errfd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_session_in_the_master),
		cmocka_unit_test(one_session_stops_on_sigterm_while_waiting),
	};
	return cmocka_run_group_tests_name("procs", tests, NULL, NULL);
}
