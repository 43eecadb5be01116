/* ircin.c: what the server says, applied to State: one handler per
 * command or numeric in a table (state_irc() at the bottom looks it up),
 * unknown numerics shown in words, the noisy ones dropped. Handlers
 * answer through state_sendf() (PONG, JOIN after the welcome).
 *
 * Before the welcome (001) every refusal lands in State.error for the
 * login form: 432/433 (the nick: error_nick set), ERROR ("Server full"),
 * any other 4xx. After it, errors are lines in the current tab. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irc.h"
#include "nick.h"
#include "numeric.h"
#include "state.h"
#include "util.h"

typedef struct {
	const char *cmd;
	int minparams;
	void (*fn)(State *s, const Msg *m, const char *from);
} Handler;

static const char *
param(const Msg *m, int i)
{
	return i < m->nparams ? m->params[i] : "";
}

/* The rest of the parameters from i, joined by spaces, as a server's
 * human-readable reply ("<nick> :No such nick") reads best. */
static void
rest(const Msg *m, int i, char *out, size_t n)
{
	size_t k = 0;

	out[0] = '\0';
	for (; i < m->nparams && k + 1 < n; i++)
		k += snprintf(out + k, n - k, "%s%s", k ? " " : "",
		              m->params[i]);
}

static int
isroom(State *s, const char *target)
{
	return !nick_cmp(target, state_room(s)->name);
}

static int
isme(State *s, const char *nick)
{
	return !nick_cmp(nick, s->nick);
}

static void
ping(State *s, const Msg *m, const char *from)
{
	(void)from;
	state_sendf(s, "PONG :%s", param(m, 0));
}

static void
welcome(State *s, const Msg *m, const char *from)
{
	(void)from;
	strlcopy(s->nick, param(m, 0), sizeof(s->nick));
	s->status = ST_ONLINE;
	s->error[0] = '\0';
	/* Stock servers do not auto-join; forkd does, and a second JOIN of
	 * a channel we are in is ignored (RFC 2812 3.2.1). */
	state_sendf(s, "JOIN %s", state_room(s)->name);
	state_info(s, state_room(s), "Connected as %s", s->nick);
}

static void
nickerr(State *s, const Msg *m, const char *why)
{
	const char *nick = m->nparams > 2 ? m->params[1] : s->nick;

	if (s->status == ST_ONLINE) {
		state_add(s, state_current(s), LINE_ERROR, NULL,
		          "Nickname %s %s", nick, why);
		return;
	}
	snprintf(s->error, sizeof(s->error), "Nickname %s %s", nick, why);
	s->error_nick = 1;
}

static void
inuse(State *s, const Msg *m, const char *from)
{
	(void)from;
	nickerr(s, m, "is already in use: choose another");
}

static void
erroneous(State *s, const Msg *m, const char *from)
{
	(void)from;
	nickerr(s, m, "is not allowed: use letters, digits or []\\`_^{|}-");
}

static void
error(State *s, const Msg *m, const char *from)
{
	(void)from;
	if (s->status != ST_ONLINE)
		snprintf(s->error, sizeof(s->error), "%s", param(m, 0));
	else
		state_add(s, state_room(s), LINE_ERROR, NULL, "%s",
		          param(m, 0));
}

static void
join(State *s, const Msg *m, const char *from)
{
	if (!isroom(s, param(m, 0)))
		return;
	if (isme(s, from)) {
		s->nusers = 0;		/* the 353s that follow fill it */
		state_info(s, state_room(s), "You joined %s", param(m, 0));
	} else {
		state_info(s, state_room(s), "%s joined", from);
	}
	state_user_add(s, from);
}

static void
part(State *s, const Msg *m, const char *from)
{
	if (!isroom(s, param(m, 0)))
		return;
	state_user_del(s, from);
	state_info(s, state_room(s), "%s left%s%s", from,
	           m->nparams > 1 ? ": " : "", param(m, 1));
}

/* Stock servers have operators; forkd has none, but a client that joins
 * any server must follow a KICK (RFC 2812 3.2.8). */
static void
kick(State *s, const Msg *m, const char *from)
{
	const char *who = param(m, 1);

	if (!isroom(s, param(m, 0)))
		return;
	state_user_del(s, who);
	if (isme(s, who))
		s->nusers = 0;
	state_add(s, state_room(s), isme(s, who) ? LINE_ERROR : LINE_INFO,
	          NULL, "%s was kicked by %s%s%s", who, from,
	          m->nparams > 2 ? ": " : "", param(m, 2));
}

static void
quit(State *s, const Msg *m, const char *from)
{
	Conv *c = state_conv(s, from);

	if (state_user_del(s, from))
		state_info(s, state_room(s), "%s quit%s%s", from,
		           m->nparams ? ": " : "", param(m, 0));
	if (c && !c->room)
		state_info(s, c, "%s quit", from);
}

static void
nick(State *s, const Msg *m, const char *from)
{
	const char *to = param(m, 0);
	Conv *c = state_conv(s, from);

	if (isme(s, from))
		strlcopy(s->nick, to, sizeof(s->nick));
	if (state_user_del(s, from))
		state_user_add(s, to);
	if (c && !c->room) {
		strlcopy(c->name, to, sizeof(c->name));
		state_info(s, c, "%s is now known as %s", from, to);
	}
	state_info(s, state_room(s), "%s is now known as %s", from, to);
}

/* PRIVMSG and NOTICE: to the room, or to us from a peer (its own tab).
 * CTCP ACTION is /me; other CTCP requests are not answered. */
static void
privmsg(State *s, const Msg *m, const char *from)
{
	const char *target = param(m, 0), *text = param(m, 1);
	int notice = irc_cmdeq(m->cmd, "NOTICE");
	int kind = notice ? LINE_NOTICE : LINE_MSG;
	size_t n = strlen(text);
	Conv *c;

	if (text[0] == '\1') {
		if (strncmp(text, "\1ACTION ", 8) || notice)
			return;
		text += 8;
		n -= 8;
		if (n && text[n - 1] == '\1')
			n--;
		kind = LINE_ACTION;
	}
	if (isroom(s, target))
		c = state_room(s);
	else if (!*from || strchr(from, '.') || s->status != ST_ONLINE)
		c = state_room(s);	/* from the server */
	else if (notice)
		c = (c = state_conv(s, from)) ? c : state_current(s);
	else
		c = state_conv_open(s, from);
	state_add(s, c, kind, *from ? from : NULL, "%.*s", (int)n, text);
}

static void
topic(State *s, const Msg *m, const char *from)
{
	if (!isroom(s, param(m, 0)))
		return;
	strlcopy(s->topic, param(m, 1), sizeof(s->topic));
	state_info(s, state_room(s), "%s set the topic: %s", from, s->topic);
}

static void
rpltopic(State *s, const Msg *m, const char *from)
{
	(void)from;
	strlcopy(s->topic, param(m, 2), sizeof(s->topic));
	state_info(s, state_room(s), "Topic: %s", s->topic);
}

static void
names(State *s, const Msg *m, const char *from)
{
	char buf[IRC_LINE_MAX], *p, *w;

	(void)from;
	if (!isroom(s, param(m, 2)))
		return;
	if (!s->names_open)
		s->nusers = 0;
	s->names_open = 1;
	strlcopy(buf, param(m, 3), sizeof(buf));
	for (p = buf; (w = strtok(p, " ")); p = NULL)
		state_user_add(s, w);
}

static void
endnames(State *s, const Msg *m, const char *from)
{
	(void)m;
	(void)from;
	s->names_open = 0;
}

static void
nosuchnick(State *s, const Msg *m, const char *from)
{
	Conv *c = state_conv(s, param(m, 1));

	(void)from;
	state_add(s, c ? c : state_current(s), LINE_ERROR, NULL,
	          "%s is not online", param(m, 1));
}

static void
away(State *s, const Msg *m, const char *from)
{
	Conv *c = state_conv(s, param(m, 1));

	(void)from;
	state_info(s, c, "%s is away: %s", param(m, 1), param(m, 2));
}

/* Anything else the server says to us: show its words in the current
 * conversation (the room before registration). */
static void
other(State *s, const Msg *m, const char *from)
{
	char buf[IRC_LINE_MAX];
	int num = m->cmd[0] >= '0' && m->cmd[0] <= '9';

	(void)from;
	if (!num)
		return;
	if (s->status != ST_ONLINE && atoi(m->cmd) >= 400) {
		rest(m, 1, s->error, sizeof(s->error));
		return;
	}
	rest(m, 1, buf, sizeof(buf));
	if (*buf)
		state_add(s, s->status == ST_ONLINE ? state_current(s)
		          : state_room(s),
		          atoi(m->cmd) >= 400 && atoi(m->cmd) != ERR_NOMOTD
		          ? LINE_ERROR : LINE_INFO,
		          NULL, "%s", buf);
}

static const Handler handlers[] = {
	{ "PING",    0, ping },
	{ "001",     1, welcome },
	{ "432",     0, erroneous },
	{ "433",     0, inuse },
	{ "ERROR",   0, error },
	{ "JOIN",    1, join },
	{ "PART",    1, part },
	{ "QUIT",    0, quit },
	{ "KICK",    2, kick },
	{ "NICK",    1, nick },
	{ "PRIVMSG", 2, privmsg },
	{ "NOTICE",  2, privmsg },
	{ "TOPIC",   2, topic },
	{ "332",     3, rpltopic },
	{ "353",     4, names },
	{ "366",     0, endnames },
	{ "401",     2, nosuchnick },
	{ "301",     3, away },
	/* quiet ones: their content is elsewhere or of no use on screen */
	{ "PONG",    0, NULL },
	{ "MODE",    0, NULL },
	{ "CAP",     0, NULL },
	{ "333",     0, NULL },
	{ "329",     0, NULL },
	{ "002",     0, NULL },		/* version, dates, counts: noise */
	{ "003",     0, NULL },
	{ "004",     0, NULL },
	{ "005",     0, NULL },
	{ "251",     0, NULL },
	{ "252",     0, NULL },
	{ "253",     0, NULL },
	{ "254",     0, NULL },
	{ "255",     0, NULL },
	{ "265",     0, NULL },
	{ "266",     0, NULL },
};

void
state_irc(State *s, const Msg *m)
{
	char from[NICK_MAX + 1] = "";
	size_t i;

	if (m->prefix)
		irc_prefix_nick(m->prefix, from, sizeof(from));
	for (i = 0; i < LEN(handlers); i++) {
		if (!irc_cmdeq(m->cmd, handlers[i].cmd))
			continue;
		if (handlers[i].fn && m->nparams >= handlers[i].minparams)
			handlers[i].fn(s, m, from);
		return;
	}
	other(s, m, from);
}
