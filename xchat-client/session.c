/* session.c: the connection's life (see session.h).
 *
 *   submit -> resolving/connecting (deadline) -> registering (NICK/USER)
 *          -> 001: online, the chat screen
 *   any failure before 001: the reason on the login form (State.error
 *   from 432/433/ERROR, else the socket's words), the form stays
 *   a drop after 001: "Disconnected: why" once in every tab, in words
 *   (reason.c), then reconnect after backoff[0], backoff[1], ...
 *   seconds; the countdown in the tab bar and in that one line of each
 *   tab, updated in place with each second and each failed attempt
 *   ("Reconnecting in 4 s (F5: now; try 2: connection refused)"; nowkey
 *   reconnects at once); tabs and logs stay, the welcome JOINs the room
 *   again and ends the line ("Reconnected after 12 s").
 *
 * The deadline and the countdown are the only timers of the program. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irc.h"
#include "nick.h"
#include "reason.h"
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

/* Milliseconds of a clock that never steps back. The countdown and the
 * login deadline run on it, not on time(): whole seconds from time()
 * made the first wait of "2 s" anything from 1 to 2 s, shown as "1 s"
 * when the drop came late in a second (and a 20 s deadline 19 to 20 s). */
static long long
clockms(Session *s)
{
	struct timespec ts;

	if (s->clock)
		return s->clock();
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
start(Session *s)
{
	char status[320];

	s->st->error[0] = '\0';
	s->st->error_nick = 0;
	if (s->scr == SCR_LOGIN)
		win_login_error("", FIELD_NONE);
	if (net_connect(&s->net, s->host, s->port) < 0) {
		strlcopy(s->st->error, s->net.err, sizeof(s->st->error));
		s->deadline = 0;
		return;
	}
	snprintf(status, sizeof(status), "Connecting to %s:%s ...", s->host,
	         s->port);
	win_status(status);
	s->deadline = clockms(s) + s->timeout * 1000LL;
}

static void
schedule(Session *s)
{
	size_t i = MIN(s->retries, s->nbackoff - 1);

	s->retry_at = clockms(s) + s->backoff[i] * 1000LL;
	s->retries++;
}

/* The countdown, in the tab bar and in each tab's "Disconnected" line:
 * "Reconnecting in 4 s (F5: now; try 2: connection refused)". */
static void
countdown(Session *s)
{
	char status[64], tried[160] = "";
	/* whole seconds, rounded up: "2 s" for the first second */
	long left = (long)((s->retry_at - clockms(s) + 999) / 1000);
	const char *key = s->nowkey ? s->nowkey : "F5";

	if (!s->retry_at)
		return;
	snprintf(status, sizeof(status), "Reconnecting in %ld s%s%s%s", left,
	         s->nowkey ? " (" : "", s->nowkey ? s->nowkey : "",
	         s->nowkey ? ": now)" : "");
	win_status(status);
	if (s->failed[0])
		snprintf(tried, sizeof(tried), "; try %zu: %s", s->retries - 1,
		         s->failed);
	/* the line names the key alone ("F5 or click": "F5"), to stay
	 * one row in a window of the default size */
	state_down_update(s->st, "Reconnecting in %ld s (%.*s: now%s)", left,
	                  (int)strcspn(key, " "), key, tried);
	s->dirty = 1;
}

/* The connection ended or never came up: say why where the user looks.
 * The login form gets the whole story (and what to check); the chat
 * screen one short line per tab, which the countdown then updates. */
static void
down(Session *s)
{
	State *st = s->st;
	char why[sizeof(st->error) + 64], what[sizeof(s->failed)];
	const char *t;

	if (st->error[0])
		snprintf(why, sizeof(why), "%s", st->error);
	else if (st->status == ST_REGISTERING)
		snprintf(why, sizeof(why), "Disconnected during login: %s",
		         s->net.err);
	else
		snprintf(why, sizeof(why), "%s", s->net.err);
	if (s->scr == SCR_LOGIN && s->net.hint && !st->error[0])
		snprintf(why + strlen(why), sizeof(why) - strlen(why),
		         " (%s)", s->net.hint);
	net_close(&s->net, NULL);
	s->deadline = 0;
	if (st->error_nick) {		/* an attempt failed: its words */
		snprintf(s->failed, sizeof(s->failed), "nickname %s is taken",
		         st->nick);
	} else if (st->error[0]) {	/* what happened, not what to do:
					 * "the server is full" */
		snprintf(what, sizeof(what), "%.*s",
		         (int)strcspn(st->error, ":"), st->error);
		reason_down(what, s->failed, sizeof(s->failed));
	} else if (st->status != ST_ONLINE) {
		t = strrchr(why, ':');
		reason_down(t ? t + 1 : why, s->failed, sizeof(s->failed));
	} else {
		s->failed[0] = '\0';
	}
	state_disconnected(st, why);
	s->dirty = 1;
	if (s->scr == SCR_LOGIN) {
		win_status("");
		win_login_error(why, st->error_nick ? FIELD_NICK : FIELD_NONE);
		return;
	}
	if (st->error_nick && strlen(st->nick) < NICK_MAX)
		strcat(st->nick, "_");	/* our ghost may hold the nick */
	if (s->running)
		schedule(s);
	countdown(s);
}

void
session_submit(Session *s, const char *h, const char *p, const char *n)
{
	long pn = atol(p);
	char why[NICK_WHY_MAX];

	if (s->net.state != NET_DOWN)
		return;			/* already on its way */
	if (!*h) {
		win_login_error("Enter the server's name or address",
		                FIELD_SERVER);
		return;
	}
	if (pn < 1 || pn > 65535 || strspn(p, "0123456789") != strlen(p)) {
		win_login_error("The port is a number from 1 to 65535 (IRC "
		                "uses 6667)", FIELD_PORT);
		return;
	}
	if (nick_check(n, strlen(n)) != NICK_OK) {
		win_login_error(nick_why(n, strlen(n), why, sizeof(why)),
		                FIELD_NICK);
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
		win_status("");
		if (s->scr != SCR_CHAT) {
			s->scr = SCR_CHAT;
			win_chat();
		}
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
	n->hint = n->state == NET_RESOLVING ? "is this machine on the "
	          "network?" : n->state == NET_CONNECTING ? "is the address "
	          "right? a firewall may drop it" : "is it an IRC server, is "
	          "the port right?";
	s->st->error[0] = '\0';
	s->st->status = ST_OFFLINE;
	down(s);
}

void
session_timers(Session *s)
{
	if (s->net.full)	/* the queue overflowed outside net_io */
		session_io(s, 0);
	if (s->deadline && clockms(s) >= s->deadline)
		expired(s);
	if (s->retry_at && clockms(s) >= s->retry_at) {
		s->retry_at = 0;
		state_down_update(s->st, "Reconnecting now ...");
		start(s);
		if (s->net.state == NET_DOWN)
			down(s);
	} else if (s->retry_at) {
		countdown(s);
	}
}

int
session_reconnect_now(Session *s)
{
	if (!s->retry_at)
		return 0;
	s->retry_at = clockms(s);
	session_timers(s);
	return 1;
}

int
session_waitms(Session *s)
{
	long long now = clockms(s);

	if (s->net.full)
		return 0;		/* session_timers ends it */
	if (s->retry_at)	/* to the next change of the countdown's
				 * second, or to the reconnection */
		return s->retry_at > now ?
		       (int)((s->retry_at - now - 1) % 1000) + 1 : 0;
	if (!s->deadline)
		return -1;
	return s->deadline > now ? (int)MIN(s->deadline - now, INT_MAX) : 0;
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
