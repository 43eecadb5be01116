/* harness.c: see harness.h. Used by every tests/server program. */
#define _GNU_SOURCE		/* pipe2 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "irc.h"
#include "util.h"

int
wait_ms(void)
{
	const char *slow = getenv("TEST_SLOW");

	return WAIT_MS * (slow && atoi(slow) > 0 ? atoi(slow) : 1);
}

static void
log_read(Srv *s, int ms)
{
	struct pollfd pfd = { s->errfd, POLLIN, 0 };
	ssize_t r;

	if (poll(&pfd, 1, ms) <= 0)
		return;
	r = read(s->errfd, s->log + s->loglen, sizeof(s->log) - 1 - s->loglen);
	if (r > 0) {
		s->loglen += (size_t)r;
		s->log[s->loglen] = '\0';
		if (s->loglen > sizeof(s->log) - 4096) {	/* keep the tail */
			memmove(s->log, s->log + s->loglen / 2,
			        s->loglen - s->loglen / 2);
			s->loglen -= s->loglen / 2;
			s->log[s->loglen] = '\0';
		}
	}
}

void
srv_log_drain(Srv *s)
{
	size_t before;

	do {
		before = s->loglen;
		log_read(s, 0);
	} while (s->loglen != before);
}

int
srv_setup(void **state)
{
	static Srv srv;

	srv_start(&srv, NULL, NULL);
	*state = &srv;
	return 0;
}

int
srv_teardown(void **state)
{
	srv_stop(*state);
	return 0;
}

const char *
srv_log_wait(Srv *s, const char *text, int ms)
{
	long long end = now_ms() + ms;
	const char *p;

	for (;;) {
		if ((p = strstr(s->log, text)))
			return p;
		if (now_ms() >= end)
			return NULL;
		log_read(s, (int)(end - now_ms()));
	}
}

const char *
srv_hooks_bin(void)
{
	static char bin[256];
	const char *b = getenv("B");

	snprintf(bin, sizeof(bin), "%s/forkd-server-hooks", b ? b : "build");
	return bin;
}

void
srv_start(Srv *s, const char *bin, ...)
{
	char path[256], *argv[64];
	const char *b = getenv("B"), *p;
	int errp[2], argc = 0;
	va_list ap;

	memset(s, 0, sizeof(*s));
	if (!bin) {
		snprintf(path, sizeof(path), "%s/forkd-server", b ? b : "build");
		bin = path;
	}
	argv[argc++] = (char *)bin;
	argv[argc++] = "-b";
	argv[argc++] = "127.0.0.1";
	argv[argc++] = "-p";
	argv[argc++] = "0";
	va_start(ap, bin);
	while ((argv[argc] = va_arg(ap, char *)) && argc < 62)
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	if (pipe2(errp, O_CLOEXEC) < 0)
		fail_msg("pipe: %s", strerror(errno));
	/* The test reads the server's log only while it waits for a line
	 * of it; a server process that logs into a full pipe waits too (a
	 * thousand NICK changes log ~70 KB, past the default 64 KiB), and
	 * a master stuck there reaps no one. 1 MiB is the unprivileged
	 * most (fs.pipe-max-size); what it refuses stays as it was. */
	fcntl(errp[1], F_SETPIPE_SZ, 1 << 20);
	signal(SIGPIPE, SIG_IGN);	/* a closed peer is an error, not death */
	s->pid = fork();
	if (s->pid == 0) {
		/* If the test dies, the server goes with it (and its children
		 * and janitor clean up after it). */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(errp[1], 2);
		execv(bin, argv);
		_exit(127);
	}
	close(errp[1]);
	s->errfd = errp[0];
	if (!(p = srv_log_wait(s, "listening on 127.0.0.1:", wait_ms())))
		fail_msg("the server did not start: %s", s->log);
	s->port = atoi(p + strlen("listening on 127.0.0.1:"));
	if ((p = strstr(s->log, "semaphore ")))
		sscanf(p, "semaphore %d, janitor pid %d", &s->semid,
		       &s->janitor);
}

void
srv_stop(Srv *s)
{
	long long end = now_ms() + wait_ms();
	int st;

	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	while (waitpid(s->pid, &st, WNOHANG) == 0) {
		if (now_ms() > end) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, &st, 0);
			break;
		}
		log_read(s, 50);
	}
	log_read(s, 0);
	close(s->errfd);
	s->pid = 0;
}

pid_t
srv_child_pid(Srv *s, const char *nick)
{
	char pat[128];
	const char *p, *q;

	snprintf(pat, sizeof(pat), "join %s!", nick);
	if (!srv_log_wait(s, pat, wait_ms()))
		return 0;
	/* the last join of that nick */
	for (p = strstr(s->log, pat); (q = strstr(p + 1, pat)); p = q)
		;
	p = strstr(p, "pid ");
	return p ? (pid_t)atoi(p + 4) : 0;
}

Cli *
cli_connect(Srv *s)
{
	return cli_connect_small(s, 0);
}

Cli *
cli_connect_small(Srv *s, int rcvbuf)
{
	struct sockaddr_in sa = { 0 };
	Cli *c = calloc(1, sizeof(*c));
	int on = 1;

	assert_non_null(c);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(c->fd >= 0);
	if (rcvbuf > 0)		/* before connect: see harness.h */
		setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		           sizeof(rcvbuf));
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		fail_msg("connect to port %d: %s", s->port, strerror(errno));
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	linebuf_init(&c->lb);
	return c;
}

void
cli_close(Cli *c)
{
	if (!c)
		return;
	close(c->fd);
	free(c);
}

void
cli_send_raw(Cli *c, const void *p, size_t n)
{
	const char *b = p;
	ssize_t w;

	while (n > 0) {
		w = write(c->fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			fail_msg("write: %s", strerror(errno));
		b += w;
		n -= (size_t)w;
	}
}

void
cli_send(Cli *c, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 2, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 3)
		n = (int)sizeof(buf) - 3;
	buf[n++] = '\r';
	buf[n++] = '\n';
	cli_send_raw(c, buf, (size_t)n);
}

const char *
cli_line(Cli *c, int ms)
{
	long long end = now_ms() + ms;
	struct pollfd pfd = { c->fd, POLLIN, 0 };
	const char *p;
	char *line;
	size_t n, len;
	ssize_t r;

	for (;;) {
		p = c->in + c->inpos;
		n = c->inlen - c->inpos;
		while (n > 0) {
			LbStatus st = linebuf_next(&c->lb, &p, &n, &line, &len);
			c->inpos = (size_t)(p - c->in);
			if (st == LB_LINE) {
				memcpy(c->line, line, len + 1);
				return c->line;
			}
		}
		if (c->eof)
			return NULL;
		if (poll(&pfd, 1, (int)MAX(0, end - now_ms())) <= 0) {
			if (now_ms() >= end)
				return NULL;
			continue;
		}
		r = read(c->fd, c->in, sizeof(c->in));
		if (r <= 0) {
			c->eof = 1;
			continue;
		}
		c->inpos = 0;
		c->inlen = (size_t)r;
	}
}

const char *
cli_expect(Cli *c, const char *text, int ms)
{
	long long end = now_ms() + ms;
	const char *l;

	while ((l = cli_line(c, (int)MAX(0, end - now_ms()))))
		if (strstr(l, text))
			return l;
	return NULL;
}

Cli *
cli_login(Srv *s, const char *nick)
{
	Cli *c = cli_connect(s);

	snprintf(c->nick, sizeof(c->nick), "%s", nick);
	cli_send(c, "NICK %s", nick);
	cli_send(c, "USER %s 0 * :Test user %s", "tester", nick);
	if (!cli_expect(c, " 366 ", wait_ms()))
		fail_msg("%s did not get into the room", nick);
	return c;
}

int
cli_wait_eof(Cli *c, int ms)
{
	long long end = now_ms() + ms;

	while (!c->eof && now_ms() < end)
		cli_line(c, (int)(end - now_ms()));
	return c->eof;
}

void
cli_sync(Cli *c, Cli *by)
{
	static int n;
	char text[64];

	snprintf(text, sizeof(text), "sync-marker-%d-%d", (int)getpid(), ++n);
	cli_send(by, "PRIVMSG #lobby :%s", text);
	if (!cli_expect(c, text, wait_ms()))
		fail_msg("%s did not receive %s", c->nick, text);
}

char
pid_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

char
pid_wait_state(pid_t pid, char want, int ms)
{
	long long end = now_ms() + ms;
	char st;

	while ((st = pid_state(pid)) != want && now_ms() < end)
		poll(NULL, 0, 5);
	return st;
}

int
pid_alive(pid_t pid)
{
	char st = pid_state(pid);

	return st && st != 'Z' && st != 'X';
}
