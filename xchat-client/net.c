/* net.c: the socket (see net.h). Nothing here blocks the event loop:
 * - getaddrinfo() may wait for DNS for many seconds, so it runs in a forked
 *   child that writes the addresses to a pipe in one write and exits; the
 *   loop polls the pipe like any other fd (no threads, no timers). A
 *   numeric address skips the child.
 * - connect() is non-blocking: EINPROGRESS, then poll() reports POLLOUT
 *   and SO_ERROR gives the outcome (connect(2)). On failure the next
 *   address is tried; the last error is reported in words for the login
 *   screen.
 * - writes go through a queue: a full socket buffer waits for POLLOUT.
 *   The queue is bounded (NET_OUT_MAX): a server that never reads while
 *   it makes us answer (PING) is dropped, never followed to 2 GB. */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "utf8.h"
#include "util.h"

#define READ_BUDGET 65536	/* bytes per net_io call */
/* after a line longer than IRC_TAGGED_MAX, cut: shown, never dropped */
#define CUT_MARK " [... cut: the line was too long]"

/* The server's lines are read up to IRC_TAGGED_MAX (IRCv3 tags). */
static void
framing(Net *n)
{
	linebuf_init(&n->lb);
	n->lb.max = IRC_TAGGED_MAX;
}

void
net_init(Net *n)
{
	memset(n, 0, sizeof(*n));
	n->fd = -1;
	framing(n);
}

static void
reason(Net *n, int err)
{
	const char *r;

	n->hint = NULL;
	switch (err) {
	case ECONNREFUSED: r = "connection refused";
	                   n->hint = "is the server running, is the port "
	                             "right?"; break;
	case ETIMEDOUT:    r = "timed out";
	                   n->hint = "is the address right? a firewall "
	                             "may drop it"; break;
	case ENETUNREACH:  r = "network unreachable";
	                   n->hint = "is this machine on the network?";
	                   break;
	case EHOSTUNREACH: r = "no route to host";
	                   n->hint = "is the address right, is the "
	                             "machine up?"; break;
	default:           r = strerror(err); break;
	}
	snprintf(n->err, sizeof(n->err), "Cannot connect to %s:%s: %s",
	         n->host, n->port, r);
}

/* Start connecting to the next address; 0 when started, -1 when none
 * is left (n->err keeps the last failure). */
static int
attempt(Net *n)
{
	NetAddr *a;

	while (n->next < n->ans.n) {
		a = &n->ans.addr[n->next++];
		n->fd = socket(a->family, a->socktype, a->protocol);
		if (n->fd < 0) {
			reason(n, errno);
			continue;
		}
		fcntl(n->fd, F_SETFD, FD_CLOEXEC);
		fcntl(n->fd, F_SETFL, fcntl(n->fd, F_GETFL) | O_NONBLOCK);
		if (!connect(n->fd, (struct sockaddr *)&a->addr, a->len) ||
		    errno == EINPROGRESS || errno == EINTR) {
			n->state = NET_CONNECTING;
			return 0;
		}
		reason(n, errno);
		close(n->fd);
		n->fd = -1;
	}
	return -1;
}

static void
release(Net *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	if (n->resolver > 0) {
		kill(n->resolver, SIGKILL);
		while (waitpid(n->resolver, NULL, 0) < 0 && errno == EINTR)
			;
	}
	n->resolver = 0;
	free(n->out);
	n->out = NULL;
	n->outlen = n->outcap = 0;
	n->full = 0;
	n->state = NET_DOWN;
	framing(n);
}

/* Fill ans from getaddrinfo: in the child, or directly for a number. */
static void
lookup(const char *host, const char *port, int flags, NetAnswer *ans)
{
	struct addrinfo hints, *ai, *p;

	memset(ans, 0, sizeof(*ans));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = flags;
	if ((ans->gai = getaddrinfo(host, port, &hints, &ai))) {
		ans->err = errno;
		return;
	}
	for (p = ai; p && ans->n < NET_ADDRS; p = p->ai_next) {
		NetAddr *a = &ans->addr[ans->n];

		if (p->ai_addrlen > sizeof(a->addr))
			continue;
		a->family = p->ai_family;
		a->socktype = p->ai_socktype;
		a->protocol = p->ai_protocol;
		a->len = p->ai_addrlen;
		memcpy(&a->addr, p->ai_addr, p->ai_addrlen);
		ans->n++;
	}
	freeaddrinfo(ai);
}

/* The answer is in: connect, or say why not. */
static int
resolved(Net *n)
{
	if (n->ans.gai) {
		snprintf(n->err, sizeof(n->err), "Cannot resolve %s: %s",
		         n->host, n->ans.gai == EAI_SYSTEM ?
		         strerror(n->ans.err) : gai_strerror(n->ans.gai));
		n->hint = n->ans.gai == EAI_AGAIN ? "is this machine on the "
		          "network? try again" : "is the server's name "
		          "spelt right?";
		return -1;
	}
	n->next = 0;
	return attempt(n);
}

static int
resolve(Net *n)
{
	int p[2];

	if (pipe(p) < 0) {
		snprintf(n->err, sizeof(n->err), "pipe: %s", strerror(errno));
		return -1;
	}
	if ((n->resolver = fork()) < 0) {
		snprintf(n->err, sizeof(n->err), "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (n->resolver == 0) {		/* the child: no X, no stdio */
		NetAnswer ans;
		sigset_t none;

		/* ^C and kill end it, as any process: the client's handlers
		 * and blocked set (main.c) are not for it */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		close(p[0]);
		lookup(n->host, n->port, 0, &ans);
		if (write(p[1], &ans, sizeof(ans)) < 0)
			_exit(1);
		_exit(0);
	}
	close(p[1]);
	n->fd = p[0];
	fcntl(n->fd, F_SETFD, FD_CLOEXEC);
	fcntl(n->fd, F_SETFL, fcntl(n->fd, F_GETFL) | O_NONBLOCK);
	n->anslen = 0;
	n->state = NET_RESOLVING;
	return 0;
}

int
net_connect(Net *n, const char *host, const char *port)
{
	release(n);
	n->hint = NULL;
	strlcopy(n->host, host, sizeof(n->host));
	strlcopy(n->port, port, sizeof(n->port));
	lookup(host, port, AI_NUMERICHOST, &n->ans);
	if (!n->ans.gai) {
		if (resolved(n) < 0) {
			release(n);
			return -1;
		}
		return 0;
	}
	if (resolve(n) < 0) {
		release(n);
		return -1;
	}
	return 0;
}

/* The resolver's pipe is readable: take its answer, then connect. */
static int
answer(Net *n)
{
	ssize_t r;

	for (;;) {
		r = read(n->fd, (char *)&n->ans + n->anslen,
		         sizeof(n->ans) - n->anslen);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return NET_EV_NONE;
		if (r <= 0)
			break;
		n->anslen += (size_t)r;
		if (n->anslen == sizeof(n->ans))
			break;
	}
	close(n->fd);
	n->fd = -1;
	while (waitpid(n->resolver, NULL, 0) < 0 && errno == EINTR)
		;
	n->resolver = 0;
	if (n->anslen != sizeof(n->ans)) {
		snprintf(n->err, sizeof(n->err), "Cannot resolve %s: the "
		         "resolver failed", n->host);
		release(n);
		return NET_EV_DOWN;
	}
	if (resolved(n) < 0) {
		release(n);
		return NET_EV_DOWN;
	}
	return NET_EV_NONE;
}

short
net_events(Net *n)
{
	if (n->state == NET_RESOLVING)
		return POLLIN;
	if (n->state == NET_CONNECTING)
		return POLLOUT;
	if (n->state == NET_UP)
		return POLLIN | (n->outlen ? POLLOUT : 0);
	return 0;
}

void
net_close(Net *n, const char *why)
{
	if (why) {
		strlcopy(n->err, why, sizeof(n->err));
		n->hint = NULL;
	}
	release(n);
}

static int
connected(Net *n)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(n->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (!err) {
		n->state = NET_UP;
		return NET_EV_UP;
	}
	reason(n, err);
	close(n->fd);
	n->fd = -1;
	if (attempt(n) == 0)
		return NET_EV_NONE;
	release(n);
	return NET_EV_DOWN;
}

static int
writeout(Net *n)
{
	ssize_t w;

	while (n->outlen) {
		w = write(n->fd, n->out, n->outlen);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (w < 0) {
			n->hint = NULL;
			snprintf(n->err, sizeof(n->err), "%s",
			         strerror(errno));
			return -1;
		}
		memmove(n->out, n->out + w, n->outlen - (size_t)w);
		n->outlen -= (size_t)w;
	}
	return 0;
}

/* A line past IRC_TAGGED_MAX: its head, on a character, and the mark. */
static void
cut(char *l, size_t len, void (*line)(void *, char *, size_t), void *ctx)
{
	static char buf[IRC_TAGGED_MAX + sizeof(CUT_MARK)];

	len = utf8_cut(l, len, len);
	memcpy(buf, l, len);
	memcpy(buf + len, CUT_MARK, sizeof(CUT_MARK));
	line(ctx, buf, len + sizeof(CUT_MARK) - 1);
}

static int
readin(Net *n, void (*line)(void *, char *, size_t), void *ctx)
{
	char buf[4096], *l;
	const char *p;
	size_t left, len, total = 0;
	ssize_t r;

	while (total < READ_BUDGET) {
		r = read(n->fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (r <= 0) {
			/* (said on the form only: a close before the
			 * welcome is most often not an IRC server) */
			n->hint = "is it an IRC server, is the port right?";
			snprintf(n->err, sizeof(n->err), "%s", r ?
			         strerror(errno) : "the server closed the "
			         "connection");
			return -1;
		}
		total += (size_t)r;
		p = buf;
		left = (size_t)r;
		for (;;) {
			LbStatus st = linebuf_next(&n->lb, &p, &left, &l, &len);

			if (st == LB_MORE)
				break;
			if (st == LB_LINE)
				line(ctx, l, len);
			else if (st == LB_TOOLONG)
				cut(l, len, line, ctx);
			if (n->state != NET_UP)	/* closed by a handler */
				return 0;
			if (n->full)		/* an answer overflowed */
				return -1;
		}
	}
	return 0;
}

int
net_io(Net *n, short revents, void (*line)(void *, char *, size_t),
       void *ctx)
{
	if (n->state == NET_RESOLVING)
		return revents ? answer(n) : NET_EV_NONE;
	if (n->state == NET_CONNECTING) {
		if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
			return NET_EV_NONE;
		return connected(n);
	}
	if (n->state != NET_UP)
		return NET_EV_NONE;
	if (n->full || ((revents & POLLOUT) && writeout(n) < 0)) {
		release(n);
		return NET_EV_DOWN;
	}
	if ((revents & (POLLIN | POLLHUP | POLLERR)) &&
	    readin(n, line, ctx) < 0) {
		release(n);
		return NET_EV_DOWN;
	}
	return n->state == NET_UP ? NET_EV_NONE : NET_EV_DOWN;
}

void
net_send(Net *n, const char *line)
{
	size_t k = strlen(line);

	if (n->state != NET_UP || n->full)
		return;
	if (n->outlen + k > NET_OUT_MAX) {
		n->full = 1;
		n->hint = NULL;
		snprintf(n->err, sizeof(n->err), "The server stopped reading "
		         "what we send");
		return;
	}
	if (n->outlen + k > n->outcap) {
		n->outcap = (n->outlen + k) * 2;
		n->out = erealloc(n->out, n->outcap);
	}
	memcpy(n->out + n->outlen, line, k);
	n->outlen += k;
}

void
net_flush(Net *n, int ms)
{
	struct pollfd p;

	while (n->state == NET_UP && n->outlen) {
		p.fd = n->fd;
		p.events = POLLOUT;
		if (poll(&p, 1, ms) <= 0 || writeout(n) < 0)
			return;
	}
}
