/* harness.h: start a real forkd-server on a free loopback port and talk to
 * it over real sockets. Every wait has a timeout and ends in a test
 * failure, never a hang; every process started is killed in srv_stop. */
#ifndef HARNESS_H
#define HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include "linebuf.h"
#include "util.h"	/* now_ms */

#define WAIT_MS 5000	/* multiplied by $TEST_SLOW (sanitizer runs) */

typedef struct {
	pid_t pid;
	int port;
	int errfd;		/* the server's stderr */
	char log[1 << 16];	/* what it said there so far */
	size_t loglen;
	int semid;
	pid_t janitor;
} Srv;

typedef struct {
	int fd;
	Linebuf lb;
	char in[4096];
	size_t inpos, inlen;
	char line[IRC_LINE_MAX + 1];
	int eof;
	char nick[64];
} Cli;

int wait_ms(void);

/* Fail the test unless c gets a line containing text in time. */
#define EXPECT(c, text) \
	do { if (!cli_expect((c), (text), wait_ms())) \
		fail_msg("%s: no line with '%s'", (c)->nick, (text)); } while (0)
/* Start the server (bin NULL: $B/forkd-server) with extra options,
 * NULL-terminated. Fails the test if it does not listen in time. */
void srv_start(Srv *s, const char *bin, ...);
void srv_stop(Srv *s);
/* The test server with hooks and the lock-rule check (FORKD_CHECKED):
 * $B/forkd-server-hooks, for srv_start. */
const char *srv_hooks_bin(void);
/* cmocka fixtures for a test that wants a fresh default server: it is in
 * *state while the test runs. SRV_TEST(f) names a test with them. */
int srv_setup(void **state);
int srv_teardown(void **state);
#define SRV_TEST(f) cmocka_unit_test_setup_teardown(f, srv_setup, srv_teardown)
/* Read what the server has logged so far, without waiting. A test that
 * reads its clients for long and never the log must call it as it goes:
 * a server process that logs into a full pipe waits in write(2), and its
 * clients see it stop (the pipe is 1 MiB only while the user's pipes stay
 * under fs.pipe-user-pages-soft; many test servers at once pass it). */
void srv_log_drain(Srv *s);
/* Wait for a server log line containing text; returns it or NULL. */
const char *srv_log_wait(Srv *s, const char *text, int ms);
/* The pid of the child serving nick (from the server's join log line). */
pid_t srv_child_pid(Srv *s, const char *nick);

Cli *cli_connect(Srv *s);
/* A client with a small receive buffer (bytes), for one that stops
 * reading. Set before connect, so the window offered is small from the
 * start: shrunk after it, the kernel dropped the segments already sent
 * into the larger window (TcpExtRcvPruned) and the server's lines came
 * only with retransmits backing off for seconds, as if it had stopped. */
Cli *cli_connect_small(Srv *s, int rcvbuf);
void cli_close(Cli *c);
void cli_send(Cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_send_raw(Cli *c, const void *p, size_t n);
/* The next line (without CRLF), or NULL on timeout or EOF. */
const char *cli_line(Cli *c, int ms);
/* Read lines until one contains text; returns it, or NULL. */
const char *cli_expect(Cli *c, const char *text, int ms);
/* Register as nick (NICK, USER) and read up to the end of the NAMES. */
Cli *cli_login(Srv *s, const char *nick);
/* Wait until the server closes the connection; returns 1 if it did. */
int cli_wait_eof(Cli *c, int ms);
/* Make sure c has received everything said in the room up to now: a
 * marker PRIVMSG from `by` (another client in the room) must arrive. */
void cli_sync(Cli *c, Cli *by);
/* Process helpers. */
int pid_alive(pid_t pid);
char pid_state(pid_t pid);	/* /proc state letter, 0 if gone */
/* Wait up to ms until pid's state letter is want (0: gone); returns the
 * last letter seen. /proc has no event to wait on: it looks every 5 ms. */
char pid_wait_state(pid_t pid, char want, int ms);

#endif
