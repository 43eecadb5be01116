/* session.c: the connection's life (see session.h).
 *
 *   submit -> resolving/connecting (deadline) -> registering (NICK/USER)
 *          -> 001: online, the chat screen
 *   any failure before 001: the reason on the login form (State.error
 *   from 432/433/ERROR, else the socket's words), the form stays
 *   a drop after 001: "Disconnected: why" in every tab, then reconnect
 *   after backoff[0], backoff[1], ... seconds, the countdown in the tab
 *   bar; tabs and logs stay, the welcome JOINs the room again.
 *
 * The deadline and the countdown are the only timers of the program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irc.h"
#include "nick.h"
#include "session.h"
#include "util.h"

static void
sendline(void *ctx, const char *line)
{
	net_send(&((Session *)ctx)->net, line);
}

void
session_init(Session *s, State *st, const char *user)
{
	s->st = st;
	st->send = sendline;
	st->ctx = s;
	net_init(&s->net);
	s->scr = SCR_LOGIN;
	s->dirty = 1;
	s->running = 1;
	strlcopy(s->user, user, sizeof(s->user));
}

static void
start(Session *s)
{
	char *status = s->scr == SCR_LOGIN ? s->login.status : s->chat.status;
	size_t n = s->scr == SCR_LOGIN ? sizeof(s->login.status)
	           : sizeof(s->chat.status);

	s->st->error[0] = '\0';
	s->st->error_nick = 0;
	s->login.error[0] = '\0';
	if (net_connect(&s->net, s->host, s->port) < 0) {
		strlcopy(s->st->error, s->net.err, sizeof(s->st->error));
		s->deadline = 0;
		return;
	}
	snprintf(status, n, "Connecting to %s:%s ...", s->host, s->port);
	s->deadline = time(NULL) + s->timeout;
}

static void
schedule(Session *s)
{
	size_t i = MIN(s->retries, s->nbackoff - 1);

	s->retry_at = time(NULL) + s->backoff[i];
	s->retries++;
}

/* The connection ended or never came up: say why where the user looks. */
static void
down(Session *s)
{
	State *st = s->st;
	char why[sizeof(st->error) + 64];
	int online = st->status == ST_ONLINE;

	if (st->error[0])
		snprintf(why, sizeof(why), "%s", st->error);
	else if (st->status == ST_REGISTERING)
		snprintf(why, sizeof(why), "Disconnected during login: %s",
		         s->net.err);
	else
		snprintf(why, sizeof(why), "%s", s->net.err);
	net_close(&s->net, NULL);
	s->deadline = 0;
	state_disconnected(st, why);
	s->dirty = 1;
	if (s->scr == SCR_LOGIN) {
		snprintf(s->login.error, sizeof(s->login.error), "%s", why);
		s->login.status[0] = '\0';
		if (st->error_nick)
			s->login.focus = F_NICK;
		return;
	}
	if (!online)
		state_add(st, state_room(st), LINE_ERROR, NULL,
		          "Reconnection failed: %s", why);
	if (st->error_nick && strlen(st->nick) < NICK_MAX)
		strcat(st->nick, "_");	/* our ghost may hold the nick */
	if (s->running)
		schedule(s);
}

void
session_submit(Session *s)
{
	Login *l = &s->login;
	const char *h = l->field[F_SERVER].text, *p = l->field[F_PORT].text;
	const char *n = l->field[F_NICK].text;
	long pn = atol(p);
	NickStatus ns;

	if (s->net.state != NET_DOWN)
		return;			/* already on its way */
	l->error[0] = '\0';
	if (!*h)
		snprintf(l->error, sizeof(l->error), "Enter the server's "
		         "name or address");
	else if (pn < 1 || pn > 65535 || strspn(p, "0123456789") != strlen(p))
		snprintf(l->error, sizeof(l->error), "The port is a number "
		         "from 1 to 65535 (IRC uses 6667)");
	else if ((ns = nick_check(n, strlen(n))) != NICK_OK)
		snprintf(l->error, sizeof(l->error), "%s",
		         nick_status_text(ns));
	if (l->error[0]) {
		l->focus = !*h ? F_SERVER : *l->error == 'T' ? F_PORT : F_NICK;
		return;
	}
	strlcopy(s->host, h, sizeof(s->host));
	strlcopy(s->port, p, sizeof(s->port));
	strlcopy(s->st->nick, n, sizeof(s->st->nick));
	start(s);
	if (s->net.state == NET_DOWN)
		down(s);
}

static void
online(void *ctx, char *line, size_t len)
{
	Session *s = ctx;
	Msg m;

	if (irc_parse(line, len, &m) < 0)
		return;
	state_irc(s->st, &m);
	s->dirty = 1;
}

void
session_io(Session *s, short revents)
{
	State *st = s->st;
	int ev = net_io(&s->net, revents, online, s);

	if (ev == NET_EV_UP)
		state_connected(st, s->user);
	if (st->status == ST_ONLINE && s->deadline) {	/* just logged in */
		s->deadline = 0;
		s->retries = 0;
		s->scr = SCR_CHAT;
		s->chat.status[0] = '\0';
	}
	if (st->status != ST_ONLINE && st->error[0] &&
	    s->net.state != NET_DOWN)
		ev = NET_EV_DOWN;	/* refused at login: 433, ERROR */
	if (ev == NET_EV_DOWN)
		down(s);
	s->dirty = 1;
}

static void
expired(Session *s)
{
	Net *n = &s->net;

	if (n->state == NET_RESOLVING)
		snprintf(n->err, sizeof(n->err), "Cannot resolve %s: timed "
		         "out", s->host);
	else if (n->state == NET_CONNECTING)
		snprintf(n->err, sizeof(n->err), "Cannot connect to %s:%s: "
		         "timed out", s->host, s->port);
	else
		snprintf(n->err, sizeof(n->err), "The server did not complete "
		         "the login in %d s", s->timeout);
	s->st->error[0] = '\0';
	s->st->status = ST_OFFLINE;
	down(s);
}

void
session_timers(Session *s)
{
	time_t now = time(NULL);

	if (s->deadline && now >= s->deadline)
		expired(s);
	if (s->retry_at && now >= s->retry_at) {
		s->retry_at = 0;
		start(s);
		if (s->net.state == NET_DOWN)
			down(s);
	} else if (s->retry_at) {
		snprintf(s->chat.status, sizeof(s->chat.status),
		         "Reconnecting in %ld s", (long)(s->retry_at - now));
		s->dirty = 1;
	}
}

int
session_waitms(Session *s)
{
	time_t now = time(NULL);

	if (s->retry_at)
		return 1000;	/* the countdown shows every second */
	if (!s->deadline)
		return -1;
	return s->deadline > now ? (int)(s->deadline - now) * 1000 : 0;
}

void
session_quit(Session *s)
{
	if (s->net.state == NET_UP) {
		if (s->st->status == ST_ONLINE)
			state_sendf(s->st, "QUIT :Leaving");
		net_flush(&s->net, 500);
	}
	s->running = 0;
}
