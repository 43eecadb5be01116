/* chaos-srv.c: what test-chaos.c needs from the server beside the
 * harness: its log read as it comes (the harness reads it only inside its
 * own waits, and keeps just a tail), many logins at once, the master's
 * children compared with the clients still connected, and LUSERS. Every
 * wait has a deadline of the harness's wait_ms(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chaos.h"
#include "util.h"

#define LOGIN_BATCH 50

/* "forkd-server: join NICK!USER@HOST (slot N, pid P)" */
static void
log_line(Log *lg, const char *l)
{
	const char *p;
	int pid;

	if ((strstr(l, "Sanitizer") || strstr(l, "runtime error")) &&
	    !lg->bad[0])
		snprintf(lg->bad, sizeof(lg->bad), "%.200s", l);
	if (strstr(l, ": leave "))
		lg->leaves++;
	if (!(p = strstr(l, ": join ")) || lg->njoin == JOINS_MAX)
		return;
	p += 7;
	if (!strchr(p, '!') || !strstr(p, ", pid "))
		return;
	pid = atoi(strstr(p, ", pid ") + 6);
	snprintf(lg->join[lg->njoin].nick, sizeof(lg->join[0].nick), "%.*s",
	         (int)(strchr(p, '!') - p), p);
	lg->join[lg->njoin++].pid = (pid_t)pid;
}

static void
log_bytes(Log *lg, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] == '\n' || lg->len == sizeof(lg->part) - 1) {
			lg->part[lg->len] = '\0';
			log_line(lg, lg->part);
			lg->len = 0;
			if (b[i] == '\n')
				continue;
		}
		lg->part[lg->len++] = b[i];
	}
}

void
log_pump(Srv *s, Log *lg)
{
	struct pollfd pfd = { s->errfd, POLLIN, 0 };
	char buf[65536];
	ssize_t r;

	while (poll(&pfd, 1, 0) > 0 && (r = read(s->errfd, buf,
	                                         sizeof(buf))) > 0)
		log_bytes(lg, buf, (size_t)r);
}

static pid_t
find_pid(const Log *lg, const char *nick)
{
	int i;

	for (i = lg->njoin - 1; i >= 0; i--)
		if (!strcmp(lg->join[i].nick, nick))
			return lg->join[i].pid;
	return 0;
}

pid_t
log_pid(Srv *s, Log *lg, const char *nick)
{
	struct pollfd pfd = { s->errfd, POLLIN, 0 };
	long long end = now_ms() + wait_ms();
	pid_t pid;

	while (!(pid = find_pid(lg, nick)) && now_ms() < end) {
		poll(&pfd, 1, 50);
		log_pump(s, lg);
	}
	if (!pid)
		fail_msg("no join line for %s in the server's log", nick);
	return pid;
}

/* A batch registers at once; each one's registration timer starts at its
 * connect, so a loaded machine must not be handed hundreds at a time. */
static void
login_batch(Srv *s, Log *lg, Cli **c, int n, const char *fmt, int base)
{
	int i;

	for (i = 0; i < n; i++) {
		c[i] = cli_connect(s);
		snprintf(c[i]->nick, sizeof(c[i]->nick), fmt, base + i);
		cli_send(c[i], "NICK %s", c[i]->nick);
		cli_send(c[i], "USER tester 0 * :Test user %s", c[i]->nick);
	}
	for (i = 0; i < n; i++) {
		log_pump(s, lg);
		if (!cli_expect(c[i], " 366 ", wait_ms()))
			fail_msg("%s did not get into the room", c[i]->nick);
	}
	log_pump(s, lg);
}

void
login_many(Srv *s, Log *lg, Cli **c, int n, const char *fmt, int base)
{
	int i;

	for (i = 0; i < n; i += LOGIN_BATCH)
		login_batch(s, lg, c + i, MIN(LOGIN_BATCH, n - i), fmt,
		            base + i);
}

static int
has(const pid_t *set, int n, pid_t pid)
{
	int i;

	for (i = 0; i < n; i++)
		if (set[i] == pid)
			return 1;
	return 0;
}

/* Children of the master less the janitor; 1 if they are exactly want. */
static int
same(Srv *s, const pid_t *want, int n, pid_t *kids, int *nk)
{
	pid_t all[4096];
	int i, na = proc_children(s->pid, all, 4096);

	for (i = *nk = 0; i < na; i++)
		if (all[i] != s->janitor)
			kids[(*nk)++] = all[i];
	if (*nk != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!has(kids, *nk, want[i]))
			return 0;
	return 1;
}

/* Hundreds of processes leaving at once take their time on a loaded
 * machine: the deadline is wait_ms() without any child leaving. */
void
children_are(Srv *s, Log *lg, const pid_t *want, int n)
{
	static pid_t kids[4096];
	long long end = now_ms() + wait_ms();
	int nk = 0, last = -1, i;

	while (!same(s, want, n, kids, &nk)) {
		if (nk != last)
			last = nk, end = now_ms() + wait_ms();
		if (now_ms() > end)
			break;
		log_pump(s, lg);
		poll(NULL, 0, 20);	/* /proc has no event to wait on */
	}
	if (same(s, want, n, kids, &nk))
		return;
	for (i = 0; i < nk; i++)
		if (!has(want, n, kids[i]))
			print_error("child %d has no client (state %c)\n",
			            (int)kids[i], pid_state(kids[i]));
	for (i = 0; i < n; i++)
		if (!has(kids, nk, want[i]))
			print_error("client's child %d is gone\n", (int)want[i]);
	fail_msg("the master has %d children, %d clients are connected", nk,
	         n);
}

void
lusers_are(Srv *s, Log *lg, Cli *c, int n)
{
	long long end = now_ms() + wait_ms();
	const char *l;
	char want[96];
	int got = -1;

	snprintf(want, sizeof(want), " 251 %s :There ", c->nick);
	while (got != n && now_ms() < end) {
		log_pump(s, lg);
		cli_send(c, "LUSERS");
		if (!(l = cli_expect(c, want, wait_ms())))
			fail_msg("%s: no answer to LUSERS", c->nick);
		l = strstr(l, want) + strlen(want);	/* "is 1", "are 2" */
		got = atoi(l + strcspn(l, "0123456789"));
		if (got != n)
			poll(NULL, 0, 20);	/* a reap may be under way */
	}
	if (got != n)
		fail_msg("LUSERS counts %d users, %d are connected", got, n);
}
