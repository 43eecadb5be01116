/* test-ops.c: what the operator reads. Every log line starts with its
 * ISO 8601 time (to the second, local time with its offset), including
 * the lines of warn(); none when stderr is the journal, which stamps
 * lines itself (JOURNAL_STREAM names stderr's device and inode,
 * systemd.exec(5)). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static Srv srv;		/* big: off the stack */

/* Every line of log matches re; returns how many there are. */
static int
all_lines_match(const char *log, const char *re)
{
	char line[600];
	const char *p, *nl;
	regex_t rx;
	int n = 0;

	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	for (p = log; (nl = strchr(p, '\n')); p = nl + 1, n++) {
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		if (regexec(&rx, line, 0, NULL, 0))
			fail_msg("a line without its time: '%s'", line);
	}
	regfree(&rx);
	return n;
}

static void
log_lines_start_with_iso8601_local_time(void **state)
{
	Cli *a;

	(void)state;
	/* a zone 5:30 east of UTC; a JOURNAL_STREAM that is not our stderr
	 * (inherited from a journal-run shell, say) is not the journal */
	setenv("TZ", "IST-5:30", 1);
	setenv("JOURNAL_STREAM", "1:2", 1);
	srv_start(&srv, NULL, NULL);
	unsetenv("TZ");
	unsetenv("JOURNAL_STREAM");
	a = cli_login(&srv, "stamped");
	cli_close(a);
	assert_non_null(srv_log_wait(&srv, "leave stamped", wait_ms()));
	srv_stop(&srv);
	assert_true(all_lines_match(srv.log, "^[0-9]{4}-[01][0-9]-[0-3][0-9]T"
	                            "[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\\+05:30 "
	                            "forkd-server: ") >= 6);
	assert_non_null(strstr(srv.log, "+05:30 forkd-server: stopped\n"));
}

/* The server under sh, with stderr a file and JOURNAL_STREAM set to that
 * file's device:inode, as systemd sets it for a unit that logs to the
 * journal. */
static void
no_time_stamps_when_stderr_is_the_journal(void **state)
{
	char path[] = "/tmp/forkd-journal-XXXXXX", cmd[1024], log[4096];
	const char *b = getenv("B");
	long long end;
	pid_t pid;
	int fd, st;
	ssize_t n = 0;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	snprintf(cmd, sizeof(cmd), "exec 2>>%s; JOURNAL_STREAM=$(stat -c "
	         "%%d:%%i %s) exec %s/forkd-server -b 127.0.0.1 -p 0", path,
	         path, b ? b : "build");
	if ((pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	for (end = now_ms() + wait_ms(); now_ms() < end; poll(NULL, 0, 20)) {
		n = pread(fd, log, sizeof(log) - 1, 0);	/* a file: no event */
		log[n > 0 ? n : 0] = '\0';
		if (strstr(log, "listening on"))
			break;
	}
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	n = pread(fd, log, sizeof(log) - 1, 0);
	log[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	assert_non_null(strstr(log, "listening on"));
	assert_true(all_lines_match(log, "^forkd-server: ") >= 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_lines_start_with_iso8601_local_time),
		cmocka_unit_test(no_time_stamps_when_stderr_is_the_journal),
	};
	return cmocka_run_group_tests_name("ops", tests, NULL, NULL);
}
