/* state.c: conversations, users and unread marks, and the IRC messages
 * that change them. Plain C over shared/ (irc, nick, utf8): no X, no
 * sockets. The screens read State and draw it; net.c feeds state_irc() one
 * parsed message at a time; what must be answered (PONG, JOIN after the
 * welcome) leaves through s->send.
 *
 * Start reading at state_irc(): a table maps each command or numeric to a
 * handler. The room is always convs[0] and is never closed. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irc.h"
#include "nick.h"
#include "numeric.h"
#include "state.h"
#include "utf8.h"
#include "util.h"

State *
state_create(const char *room, const char *nick, size_t logmax)
{
	State *s = ecalloc(1, sizeof(*s));

	s->logmax = logmax ? logmax : 1000;
	strlcopy(s->nick, nick, sizeof(s->nick));
	state_conv_open(s, room)->room = 1;
	return s;
}

static void
conv_free(Conv *c)
{
	size_t i;

	for (i = 0; i < c->nlines; i++)
		free(conv_line(c, i)->text);
	free(c->lines);
	free(c);
}

void
state_free(State *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nconvs; i++)
		conv_free(s->convs[i]);
	free(s->convs);
	free(s->users);
	free(s);
}

Conv *
state_conv(State *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nconvs; i++)
		if (!nick_cmp(s->convs[i]->name, name))
			return s->convs[i];
	return NULL;
}

Conv *
state_conv_open(State *s, const char *name)
{
	Conv *c;

	if ((c = state_conv(s, name)))
		return c;
	c = ecalloc(1, sizeof(*c));
	strlcopy(c->name, name, sizeof(c->name));
	c->cap = s->logmax;
	c->lines = ecalloc(c->cap, sizeof(Line));
	s->convs = erealloc(s->convs, (s->nconvs + 1) * sizeof(*s->convs));
	s->convs[s->nconvs++] = c;
	return c;
}

void
state_conv_close(State *s, size_t i)
{
	if (i == 0 || i >= s->nconvs)
		return;			/* the room stays */
	conv_free(s->convs[i]);
	memmove(s->convs + i, s->convs + i + 1,
	        (s->nconvs - i - 1) * sizeof(*s->convs));
	s->nconvs--;
	if (s->cur >= i && s->cur > 0)
		s->cur--;
}

void
state_select(State *s, size_t i)
{
	if (i >= s->nconvs)
		return;
	s->cur = i;
	s->convs[i]->unread = 0;
	s->convs[i]->mention = 0;
}

Conv *
state_current(State *s)
{
	return s->convs[s->cur];
}

Conv *
state_room(State *s)
{
	return s->convs[0];
}

Line *
conv_line(Conv *c, size_t i)
{
	return &c->lines[(c->first + i) % c->cap];
}

/* A byte that can be part of an ASCII nick (RFC 2812 2.3.1); anything
 * else, including any non-ASCII byte, ends a word. */
static int
nickbyte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("[]\\`_^{|}-", c));
}

static int
foldeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x = a[i], y = b[i];

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return 0;
	}
	return 1;
}

int
state_mentions(const char *text, const char *nick)
{
	size_t n = strlen(nick);
	const char *p;

	if (!n)
		return 0;
	for (p = text; *p; p++)
		if ((p == text || !nickbyte(p[-1])) && foldeq(p, nick, n) &&
		    !nickbyte(p[n]))
			return 1;
	return 0;
}

static void
vadd(State *s, Conv *c, int kind, const char *nick, const char *fmt,
     va_list ap)
{
	char buf[IRC_LINE_MAX * 2];
	Line *l;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (c->nlines == c->cap) {	/* drop the oldest */
		free(c->lines[c->first].text);
		c->first = (c->first + 1) % c->cap;
		c->nlines--;
	}
	l = &c->lines[(c->first + c->nlines++) % c->cap];
	memset(l, 0, sizeof(*l));
	l->t = time(NULL);
	l->kind = kind;
	strlcopy(l->nick, nick ? nick : "", sizeof(l->nick));
	l->self = nick && !nick_cmp(nick, s->nick);
	l->text = ecalloc(1, strlen(buf) + 1);
	memcpy(l->text, buf, strlen(buf));
	c->total++;
	if (c->scroll) {	/* keep the view where the user put it */
		c->scroll = MIN(c->scroll + 1, c->nlines - 1);
		c->below++;
	}
	if (kind > LINE_NOTICE || l->self)
		return;
	l->mention = c->room && state_mentions(buf, s->nick);
	if (l->mention || !c->room)
		s->alert = 1;
	if (c != state_current(s)) {
		c->unread++;
		c->mention |= l->mention || !c->room;
	}
}

void
state_add(State *s, Conv *c, int kind, const char *nick, const char *fmt,
          ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(s, c, kind, nick, fmt, ap);
	va_end(ap);
}

void
state_info(State *s, Conv *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(s, c ? c : state_current(s), LINE_INFO, NULL, fmt, ap);
	va_end(ap);
}

void
state_sendf(State *s, const char *fmt, ...)
{
	char line[IRC_LINE_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	irc_vfmt(line, fmt, ap);
	va_end(ap);
	if (s->send)
		s->send(s->ctx, line);
}

/* Users of the room, kept sorted by nick_cmp. */
int
state_user_find(State *s, const char *nick)
{
	size_t i;

	for (i = 0; i < s->nusers; i++)
		if (!nick_cmp(s->users[i].nick, nick))
			return (int)i;
	return -1;
}

void
state_user_add(State *s, const char *nick)
{
	char mode = 0;
	size_t i;

	if (*nick == '@' || *nick == '+' || *nick == '%' || *nick == '~' ||
	    *nick == '&')
		mode = *nick++;
	if (!*nick || state_user_find(s, nick) >= 0)
		return;
	if (s->nusers == s->usercap) {
		s->usercap = s->usercap ? s->usercap * 2 : 32;
		s->users = erealloc(s->users, s->usercap * sizeof(User));
	}
	for (i = 0; i < s->nusers && nick_cmp(s->users[i].nick, nick) < 0; i++)
		;
	memmove(s->users + i + 1, s->users + i,
	        (s->nusers - i) * sizeof(User));
	strlcopy(s->users[i].nick, nick, sizeof(s->users[i].nick));
	s->users[i].mode = mode;
	s->nusers++;
}

int
state_user_del(State *s, const char *nick)
{
	int i = state_user_find(s, nick);

	if (i < 0)
		return 0;
	memmove(s->users + i, s->users + i + 1,
	        (s->nusers - i - 1) * sizeof(User));
	s->nusers--;
	return 1;
}

unsigned
state_unread(State *s)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < s->nconvs; i++)
		n += s->convs[i]->unread;
	return n;
}

void
state_connected(State *s, const char *user)
{
	s->status = ST_REGISTERING;
	s->error[0] = '\0';
	s->error_nick = 0;
	state_sendf(s, "NICK %s", s->nick);
	state_sendf(s, "USER %s 0 * :%s", user, user);
}

void
state_disconnected(State *s, const char *why)
{
	size_t i;

	if (s->status == ST_ONLINE) {
		for (i = 0; i < s->nconvs; i++)
			state_add(s, s->convs[i], LINE_ERROR, NULL,
			          "Disconnected: %s", why);
		s->nusers = 0;
	} else if (!s->error[0]) {
		snprintf(s->error, sizeof(s->error), "%s", why);
	}
	s->status = ST_OFFLINE;
}

/* ---- messages from the server ---- */

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
		          "%s: %s", nick, why);
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
