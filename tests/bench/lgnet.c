/* lgnet.c: the load generator's sockets. Non-blocking connect, a bounded
 * output buffer per client flushed on EPOLLOUT, reads framed by linebuf
 * and parsed by irc_parse, and the meaning of each line that matters to a
 * measurement: 001 (registered), JOIN/366 (in the room), PING, ERROR, and
 * the PRIVMSG lines the phases send, which carry their own bookkeeping:
 *   "B sender seq usec"          a broadcast line to the room
 *   "P sender seq target usec"   a private line to one nick
 *   "S"                          the barrier after the joins
 * loadgen.c drives the phases; start reading there. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "irc.h"
#include "lg.h"
#include "util.h"

#define RDBUF (256 * 1024)
#define MAXEV 256

static char rdbuf[RDBUF];

int64_t
lg_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
arm(Lg *g, Client *c, int out)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };

	if (out)
		ev.events |= EPOLLOUT;
	if (epoll_ctl(g->ep, EPOLL_CTL_MOD, c->fd, &ev) < 0)
		die("epoll_ctl:");
	c->outarmed = out;
}

void
lg_kill(Lg *g, Client *c, const char *why)
{
	if (c->st == C_DEAD)
		return;
	if (g->ndead < 5)
		fprintf(stderr, "loadgen: client %d closed: %s\n", c->id, why);
	if (c->st == C_CONNECTING || c->st == C_REG) {
		g->nconn--;
		g->nfail++;
	}
	if (c->st == C_UP)
		g->nup--;
	c->st = C_DEAD;
	g->ndead++;
	close(c->fd);		/* also leaves the epoll set */
	c->fd = -1;
}

static void
registered(Lg *g, Client *c)
{
	c->st = C_REG;
	lg_queue(g, c, "NICK " LG_NICKFMT, c->id);
	lg_queue(g, c, "USER lg 0 * :loadgen %d", c->id);
	lg_flush(g, c);
}

void
lg_connect(Lg *g, Client *c)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.ptr = c };

	sa.sin_port = htons((uint16_t)g->port);
	inet_pton(AF_INET, g->host, &sa.sin_addr);	/* checked in main */
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		die("socket:");
	if (epoll_ctl(g->ep, EPOLL_CTL_ADD, c->fd, &ev) < 0)
		die("epoll_ctl:");
	c->outarmed = 1;
	c->st = C_CONNECTING;
	g->nconn++;
	g->nstarted++;
	if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		registered(g, c);
	else if (errno != EINPROGRESS)
		lg_kill(g, c, strerror(errno));
}

size_t
lg_room(const Client *c)
{
	return LG_OUTCAP - (c->olen - c->ooff);
}

/* Append one line with CRLF; -1 (nothing queued) when it does not fit. */
int
lg_queue(Lg *g, Client *c, const char *fmt, ...)
{
	char line[IRC_LINE_MAX + 1];
	va_list ap;
	size_t n;

	(void)g;
	va_start(ap, fmt);
	n = irc_vfmt(line, fmt, ap);
	va_end(ap);
	if (n > lg_room(c))
		return -1;
	if (c->ooff > 0 && c->olen + n > LG_OUTCAP) {
		memmove(c->out, c->out + c->ooff, c->olen - c->ooff);
		c->olen -= c->ooff;
		c->ooff = 0;
	}
	memcpy(c->out + c->olen, line, n);
	c->olen += n;
	return 0;
}

void
lg_flush(Lg *g, Client *c)
{
	ssize_t w;

	while (c->st != C_DEAD && c->ooff < c->olen) {
		w = send(c->fd, c->out + c->ooff, c->olen - c->ooff,
		         MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (!c->outarmed)
				arm(g, c, 1);
			return;
		}
		if (w < 0) {
			lg_kill(g, c, strerror(errno));
			return;
		}
		c->ooff += (size_t)w;
	}
	c->ooff = c->olen = 0;
	if (c->outarmed && c->st != C_DEAD && c->st != C_CONNECTING)
		arm(g, c, 0);
}

static void
latency(Lg *g, long long sent, int64_t now)
{
	int64_t d = now - sent;

	if (g->lat.n == g->lat.cap)
		return;		/* more than expected: counted, not timed */
	g->lat.v[g->lat.n++] = d < 0 ? 0 : d > UINT32_MAX ? UINT32_MAX
	                                                   : (uint32_t)d;
}

static void
broadcast(Lg *g, Client *c, const char *text, int64_t now)
{
	int sid, seq, s;
	long long t;

	if (sscanf(text, "B %d %d %lld", &sid, &seq, &t) != 3 || sid < 0 ||
	    sid >= g->n || (s = g->sidx[sid]) < 0 || sid == c->id) {
		g->pbogus++;
		return;
	}
	g->brecv++;
	if (seq <= c->last[s])
		g->border++;	/* a repeat, or behind a later line */
	else if (seq != c->last[s] + 1)
		g->bgap++;	/* a line skipped: lost, or comes late */
	if (seq > c->last[s])
		c->last[s] = seq;
	g->tlast_recv = now;
	latency(g, t, now);
}

static void
private(Lg *g, Client *c, const char *to, const char *text, int64_t now)
{
	int sid, seq, tid;
	long long t;
	char me[16];
	int *last;

	if (sscanf(text, "P %d %d %d %lld", &sid, &seq, &tid, &t) != 4 ||
	    sid < 0 || sid >= g->n) {
		g->pbogus++;
		return;
	}
	snprintf(me, sizeof me, LG_NICKFMT, c->id);
	g->precv++;
	if (tid != c->id || strcmp(to, me) != 0)
		g->pmisroute++;	/* reached someone it was not for */
	last = &g->plast[(size_t)c->id * (size_t)g->n + (size_t)sid];
	if (seq <= *last)
		g->porder++;
	*last = seq;
	g->tlast_recv = now;
	latency(g, t, now);
}

static void
onprivmsg(Lg *g, Client *c, const Msg *m, int64_t now)
{
	const char *text;

	if (m->nparams < 2)
		return;
	text = m->params[1];
	if (text[0] == 'B')
		broadcast(g, c, text, now);
	else if (text[0] == 'P')
		private(g, c, m->params[0], text, now);
	else if (text[0] == 'S' && !c->synced) {
		c->synced = 1;
		g->nsynced++;
	}
}

static int
ownjoin(const Client *c, const Msg *m)
{
	char me[16], who[64];

	if (!m->prefix)
		return 0;
	snprintf(me, sizeof me, LG_NICKFMT, c->id);
	irc_prefix_nick(m->prefix, who, sizeof who);
	return strcmp(me, who) == 0;
}

static void
joined(Lg *g, Client *c, int64_t now)
{
	if (c->st != C_UP)
		return;
	c->st = C_JOINED;
	g->nup--;
	g->njoined++;
	g->tjoin_last = now;
}

static void
online(Lg *g, Client *c, const Msg *m, int64_t now)
{
	const char *cmd = m->cmd;

	if (strcmp(cmd, "PRIVMSG") == 0) {
		onprivmsg(g, c, m, now);
	} else if (strcmp(cmd, "001") == 0 && c->st == C_REG) {
		c->st = C_UP;
		g->nconn--;
		g->nreg++;
		g->nup++;
		g->treg_last = now;
		lg_queue(g, c, "JOIN %s", g->room);
	} else if (strcmp(cmd, "JOIN") == 0 && ownjoin(c, m)) {
		joined(g, c, now);
	} else if (strcmp(cmd, "366") == 0) {
		joined(g, c, now);
	} else if (strcmp(cmd, "PING") == 0) {
		lg_queue(g, c, "PONG :%s", m->nparams ? m->params[0] : "x");
	} else if (strcmp(cmd, "433") == 0 || strcmp(cmd, "432") == 0 ||
	           strcmp(cmd, "ERROR") == 0) {
		lg_kill(g, c, m->nparams ? m->params[m->nparams - 1] : cmd);
	}
}

static void
readable(Lg *g, Client *c)
{
	const char *in;
	char *line;
	size_t n, len;
	ssize_t r;
	int64_t now;
	LbStatus st;
	Msg m;

	for (;;) {
		r = read(c->fd, rdbuf, sizeof rdbuf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (r <= 0) {
			lg_kill(g, c, r == 0 ? "end of file" : strerror(errno));
			return;
		}
		now = lg_now();
		in = rdbuf, n = (size_t)r;
		while (c->st != C_DEAD &&
		       (st = linebuf_next(&c->lb, &in, &n, &line, &len)) !=
		       LB_MORE)
			if (st == LB_LINE && irc_parse(line, len, &m) == 0)
				online(g, c, &m, now);
		if (c->st == C_DEAD || (size_t)r < sizeof rdbuf)
			break;
	}
	if (c->st != C_DEAD && c->olen > c->ooff)
		lg_flush(g, c);
}

static void
writable(Lg *g, Client *c)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (c->st == C_CONNECTING) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err) {
			lg_kill(g, c, strerror(err));
			return;
		}
		registered(g, c);
		return;
	}
	lg_flush(g, c);
}

/* Wait up to ms for events and handle them. Returns the number handled,
 * or -1 when a signal interrupted the wait. */
int
lg_wait(Lg *g, int ms)
{
	struct epoll_event ev[MAXEV];
	Client *c;
	int i, k;

	k = epoll_wait(g->ep, ev, MAXEV, ms);
	if (k < 0 && errno == EINTR)
		return -1;
	if (k < 0)
		die("epoll_wait:");
	for (i = 0; i < k; i++) {
		c = ev[i].data.ptr;
		if (c->st != C_DEAD && (ev[i].events & EPOLLOUT))
			writable(g, c);
		if (c->st != C_DEAD &&
		    (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
			readable(g, c);
	}
	return k;
}
