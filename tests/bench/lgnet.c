/* lgnet.c: the load generator's sockets. Non-blocking connect, a bounded
 * output buffer per client flushed on EPOLLOUT, reads framed by linebuf
 * and parsed by irc_parse, and the meaning of each line that matters to a
 * measurement: 001 (registered), JOIN/366 (in the room), PING, ERROR, and
 * the PRIVMSG lines the phases send, which carry their own bookkeeping:
 *   "B sender seq usec"          a broadcast line to the room
 *   "P sender seq target usec"   a private line to one nick
 *   "S"                          the barrier after the joins
 * Those are framed in the read buffer and split by hand (no copy, no
 * sscanf, no printf to send them): about 500 instructions per delivery,
 * a sixth of what sscanf and irc_parse cost (callgrind, 100 clients).
 * loadgen.c drives the phases; start reading there. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

/* Microseconds since the first call: the send times the lines carry stay
 * short (7-9 digits), which is most of what parsing them costs. */
int64_t
lg_now(void)
{
	static int64_t epoch;
	struct timespec ts;
	int64_t t;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	t = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	if (!epoch)
		epoch = t - 1;
	return t - epoch;
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
	int one = 1;

	sa.sin_port = htons((uint16_t)g->port);
	inet_pton(AF_INET, g->host, &sa.sin_addr);	/* checked in main */
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		die("socket:");
	/* Nagle would hold a sender's next lines until its last ones are
	 * acknowledged, and the ack may be delayed 40 ms: a stall of the
	 * generator's own, measured as the server's latency. */
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
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

/* Append "head N N N ... now\r\n": the measured lines, formatted without
 * printf (at N=10 that was as dear as receiving them). head holds no
 * '%'; -1 (nothing queued) when it does not fit. */
int
lg_queue_nums(Client *c, const char *head, const long long *v, int nv)
{
	char line[IRC_LINE_MAX + 1], *p = line, *end = line + IRC_TEXT_MAX;
	char digits[24];
	size_t hl = strlen(head);
	long long x;
	int i, k;

	if (hl > IRC_TEXT_MAX - 24 * (size_t)(nv + 1))
		return -1;
	memcpy(p, head, hl);
	p += hl;
	for (i = 0; i <= nv; i++) {
		x = i < nv ? v[i] : lg_now();
		k = 0;
		do
			digits[k++] = (char)('0' + x % 10);
		while ((x /= 10) > 0 && k < (int)sizeof digits);
		if (i > 0)
			*p++ = ' ';
		while (k > 0 && p < end)
			*p++ = digits[--k];
	}
	*p++ = '\r';
	*p++ = '\n';
	if ((size_t)(p - line) > lg_room(c))
		return -1;
	if (c->ooff > 0 && c->olen + (size_t)(p - line) > LG_OUTCAP) {
		memmove(c->out, c->out + c->ooff, c->olen - c->ooff);
		c->olen -= c->ooff;
		c->ooff = 0;
	}
	memcpy(c->out + c->olen, line, (size_t)(p - line));
	c->olen += (size_t)(p - line);
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

/* Latency histogram: exact below 256 us, then 128 buckets per power of
 * two (each 1/128 of its octave wide: a value read back from the middle
 * of its bucket is within 0.4%). A fixed 26 KiB per process however many
 * deliveries a run counts, and no sort at the end. */
static int
lat_bucket(uint32_t v)
{
	int e;

	if (v < 256)
		return (int)v;
	e = 31 - __builtin_clz(v);	/* 8..31 */
	return 256 + (e - 8) * 128 + (int)((v >> (e - 7)) & 127);
}

uint32_t
lg_lat_value(int b)
{
	int e, m;

	if (b < 256)
		return (uint32_t)b;
	e = (b - 256) / 128 + 8;
	m = (b - 256) % 128;
	return ((uint32_t)(128 + m) << (e - 7)) + (1u << (e - 7)) / 2;
}

static void
latency(Lg *g, long long sent, int64_t now)
{
	int64_t d = now - sent;
	uint32_t v = d < 0 ? 0 : d > UINT32_MAX ? UINT32_MAX : (uint32_t)d;

	g->lat.b[lat_bucket(v)]++;
	g->lat.n++;
	if (v > g->lat.max)
		g->lat.max = v;
}

/* A decimal number at *p, then one space or the end of the text;
 * advances *p past both. Returns -1 if there is none. */
static long long
num(const char **p)
{
	const char *s = *p;
	long long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9' && v < (1LL << 58))
		v = v * 10 + (*s++ - '0');
	if (*s == ' ')
		s++;
	else if (*s != '\0')
		return -1;
	*p = s;
	return v;
}

static void
broadcast(Lg *g, Client *c, const char *text, int64_t now)
{
	long long sid, seq, t;
	int s;

	text += 2;			/* "B " */
	if ((sid = num(&text)) < 0 || (seq = num(&text)) < 0 ||
	    (t = num(&text)) < 0 || *text || sid >= g->n ||
	    (s = g->sidx[sid]) < 0 || sid == c->id || seq > INT32_MAX) {
		g->pbogus++;
		return;
	}
	g->brecv++;
	if (seq <= c->last[s])
		g->border++;	/* a repeat, or behind a later line */
	else if (seq != c->last[s] + 1)
		g->bgap++;	/* a line skipped: lost, or comes late */
	if (seq > c->last[s])
		c->last[s] = (int)seq;
	g->tlast_recv = now;
	latency(g, t, now);
}

/* Is `to` the nick of client id (LG_NICKFMT, "lg%d")? */
static int
isnick(const char *to, int id)
{
	const char *p = to + 2;
	long long v;

	if (to[0] != 'l' || to[1] != 'g' || (p[0] == '0' && p[1]) ||
	    (v = num(&p)) < 0 || *p)
		return 0;
	return v == id;
}

static void
private(Lg *g, Client *c, const char *to, const char *text, int64_t now)
{
	long long sid, seq, tid, t;
	int *last;

	text += 2;			/* "P " */
	if ((sid = num(&text)) < 0 || (seq = num(&text)) < 0 ||
	    (tid = num(&text)) < 0 || (t = num(&text)) < 0 || *text ||
	    sid >= g->n || seq > INT32_MAX) {
		g->pbogus++;
		return;
	}
	g->precv++;
	if (tid != c->id || !isnick(to, c->id))
		g->pmisroute++;	/* reached someone it was not for */
	last = &g->plast[(size_t)c->id * (size_t)g->n + (size_t)sid];
	if (seq <= *last)
		g->porder++;
	*last = (int)seq;
	g->tlast_recv = now;
	latency(g, t, now);
}

static void
ontext(Lg *g, Client *c, const char *to, const char *text, int64_t now)
{
	if (text[0] == 'B' && text[1] == ' ')
		broadcast(g, c, text, now);
	else if (text[0] == 'P' && text[1] == ' ')
		private(g, c, to, text, now);
	else if (text[0] == 'S' && !text[1] && !c->synced) {
		c->synced = 1;
		g->nsynced++;
	}
}

static void
onprivmsg(Lg *g, Client *c, const Msg *m, int64_t now)
{
	if (m->nparams >= 2)
		ontext(g, c, m->params[0], m->params[1], now);
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
onmsg(Lg *g, Client *c, const Msg *m, int64_t now)
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

/* One received line (NUL-terminated, no CR/LF; the buffer is ours to
 * cut). The lines a measurement counts, ":prefix PRIVMSG target :text",
 * are split here without a copy; the rest go through irc_parse. */
static void
online(Lg *g, Client *c, char *line, size_t len, int64_t now)
{
	char *cmd, *to, *text;
	Msg m;

	if (line[0] == ':' && (cmd = memchr(line, ' ', len)) &&
	    !strncmp(cmd, " PRIVMSG ", 9)) {
		to = cmd + 9;
		if ((text = strchr(to, ' ')) && text[1] == ':') {
			*text = '\0';
			ontext(g, c, to, text + 2, now);
			return;
		}
	}
	if (irc_parse(line, len, &m) == 0)
		onmsg(g, c, &m, now);
}

/* The lines in one read, framed in place; a partial line at either end
 * goes through the client's linebuf, which copies it. */
static void
lines(Lg *g, Client *c, char *p, size_t n, int64_t now)
{
	const char *in = p;
	char *nl, *line;
	size_t len;
	LbStatus st;

	while (c->st != C_DEAD && n > 0) {
		if (c->lb.len > 0 || c->lb.overlong ||
		    !(nl = memchr(p, '\n', n))) {
			in = p;
			st = linebuf_next(&c->lb, &in, &n, &line, &len);
			p = (char *)in;
			if (st == LB_LINE)
				online(g, c, line, len, now);
			continue;
		}
		len = (size_t)(nl - p);
		line = p;
		n -= len + 1;
		p = nl + 1;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		line[len] = '\0';
		if (len > 0 && len <= IRC_TEXT_MAX)
			online(g, c, line, len, now);
	}
}

static void
readable(Lg *g, Client *c)
{
	ssize_t r;

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
		lines(g, c, rdbuf, (size_t)r, lg_now());
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
