/* net.c: the socket (see net.h). The connect is non-blocking so the window
 * keeps drawing while a far server answers: connect() returns EINPROGRESS,
 * poll() reports POLLOUT, SO_ERROR gives the outcome (connect(2)). Then the
 * next address of the name is tried, and the last error is reported in
 * words for the login screen. Name resolution itself (getaddrinfo) blocks:
 * it is quick for the numeric and local names this client is used with.
 * Writes go through a queue because a full socket buffer must not block
 * the event loop. */
#include <sys/types.h>
#include <sys/socket.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "util.h"

#define READ_BUDGET 65536	/* bytes per net_io call */

void
net_init(Net *n)
{
	memset(n, 0, sizeof(*n));
	n->fd = -1;
	linebuf_init(&n->lb);
}

static void
reason(Net *n, int err)
{
	const char *r;

	switch (err) {
	case ECONNREFUSED: r = "connection refused (is the server running, "
	                       "is the port right?)"; break;
	case ETIMEDOUT:    r = "timed out"; break;
	case ENETUNREACH:  r = "network unreachable"; break;
	case EHOSTUNREACH: r = "no route to host"; break;
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
	struct addrinfo *a;

	while ((a = n->next)) {
		n->next = a->ai_next;
		n->fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (n->fd < 0) {
			reason(n, errno);
			continue;
		}
		fcntl(n->fd, F_SETFD, FD_CLOEXEC);
		fcntl(n->fd, F_SETFL, fcntl(n->fd, F_GETFL) | O_NONBLOCK);
		if (!connect(n->fd, a->ai_addr, a->ai_addrlen) ||
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
	if (n->ai)
		freeaddrinfo(n->ai);
	n->ai = n->next = NULL;
	free(n->out);
	n->out = NULL;
	n->outlen = n->outcap = 0;
	n->state = NET_DOWN;
	linebuf_init(&n->lb);
}

int
net_connect(Net *n, const char *host, const char *port)
{
	struct addrinfo hints;
	int r;

	release(n);
	strlcopy(n->host, host, sizeof(n->host));
	strlcopy(n->port, port, sizeof(n->port));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((r = getaddrinfo(host, port, &hints, &n->ai))) {
		snprintf(n->err, sizeof(n->err), "Cannot resolve %s: %s",
		         host, r == EAI_SYSTEM ? strerror(errno)
		         : gai_strerror(r));
		n->ai = NULL;
		return -1;
	}
	n->next = n->ai;
	if (attempt(n) < 0) {
		release(n);
		return -1;
	}
	return 0;
}

short
net_events(Net *n)
{
	if (n->state == NET_CONNECTING)
		return POLLOUT;
	if (n->state == NET_UP)
		return POLLIN | (n->outlen ? POLLOUT : 0);
	return 0;
}

void
net_close(Net *n, const char *why)
{
	if (why)
		strlcopy(n->err, why, sizeof(n->err));
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
		freeaddrinfo(n->ai);
		n->ai = n->next = NULL;
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
			snprintf(n->err, sizeof(n->err), "%s",
			         strerror(errno));
			return -1;
		}
		memmove(n->out, n->out + w, n->outlen - (size_t)w);
		n->outlen -= (size_t)w;
	}
	return 0;
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
			snprintf(n->err, sizeof(n->err), "%s", r ? strerror(errno)
			         : "the server closed the connection");
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
			if (n->state != NET_UP)	/* closed by a handler */
				return 0;
		}
	}
	return 0;
}

int
net_io(Net *n, short revents, void (*line)(void *, char *, size_t),
       void *ctx)
{
	if (n->state == NET_CONNECTING) {
		if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
			return NET_EV_NONE;
		return connected(n);
	}
	if (n->state != NET_UP)
		return NET_EV_NONE;
	if ((revents & POLLOUT) && writeout(n) < 0) {
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

	if (n->state != NET_UP)
		return;
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
