/* state.c: conversations, users and unread marks, and the IRC messages
 * that change them. Plain C over shared/ (irc, nick, utf8): no X, no
 * sockets. The screens read State and draw it; net.c feeds state_irc() one
 * parsed message at a time; what must be answered (PONG, JOIN after the
 * welcome) leaves through s->send.
 * ircin.c turns the server's messages into calls of this file.
 * The room is always convs[0] and is never closed; its name follows the
 * room the server puts us in (ircin.c's join).
 *
 * Memory: a log starts empty and doubles as it fills, up to logmax lines;
 * then it is a ring that drops the oldest. A tab that said one line costs
 * its Conv and 16 Line slots, not logmax of them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "irc.h"
#include "nick.h"
#include "reason.h"
#include "state.h"
#include "utf8.h"
#include "util.h"

State *
state_create(const char *room, const char *nick, size_t logmax)
{
	State *s = ecalloc(1, sizeof(*s));

	s->logmax = logmax ? logmax : 1000;
	s->maxconvs = STATE_CONVS;
	strlcopy(s->chantypes, "#&", sizeof(s->chantypes));
	strlcopy(s->prefixes, "@+", sizeof(s->prefixes));
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

int
state_conv_index(State *s, const Conv *c)
{
	size_t i;

	for (i = 0; i < s->nconvs; i++)
		if (s->convs[i] == c)
			return (int)i;
	return -1;
}

int
state_ischan(State *s, const char *name)
{
	return *name && strchr(s->chantypes, *name);
}

int
state_isme(State *s, const char *nick)
{
	return !nick_cmp(nick, s->nick);
}

/* All tabs are open: close the one quiet the longest (nothing unread,
 * not current) to make room, and say so in the room. 0 if none can go. */
static int
recycle(State *s)
{
	size_t i, best = 0;

	for (i = 1; i < s->nconvs; i++)
		if (i != s->cur && !s->convs[i]->unread &&
		    (!best || s->convs[i]->active < s->convs[best]->active))
			best = i;
	if (!best)
		return 0;
	state_info(s, state_room(s), "Closed the tab of %s to open a new "
	           "one (%zu tabs at most)", s->convs[best]->name,
	           s->maxconvs);
	state_conv_close(s, best);
	return 1;
}

Conv *
state_conv_open(State *s, const char *name)
{
	Conv *c;

	if ((c = state_conv(s, name)))
		return c;
	if (strlen(name) >= sizeof(c->name))
		return NULL;		/* cut, it would name another tab */
	if (s->nconvs >= s->maxconvs && !recycle(s))
		return NULL;
	c = ecalloc(1, sizeof(*c));
	strlcopy(c->name, name, sizeof(c->name));
	c->active = time(NULL);
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

Line *
conv_line_id(Conv *c, unsigned long id)
{
	unsigned long base = c->total - c->nlines;

	if (id < base || id >= c->total)
		return NULL;
	return conv_line(c, (size_t)(id - base));
}

/* Room for one more line: grow while under logmax (the ring has not
 * wrapped then, first is 0), else drop the oldest. */
static Line *
newline(State *s, Conv *c)
{
	if (c->nlines == c->cap && c->cap < s->logmax) {
		c->cap = MIN(c->cap ? c->cap * 2 : 16, s->logmax);
		c->lines = erealloc(c->lines, c->cap * sizeof(Line));
	} else if (c->nlines == c->cap) {
		free(c->lines[c->first].text);
		c->first = (c->first + 1) % c->cap;
		c->nlines--;
	}
	return &c->lines[(c->first + c->nlines++) % c->cap];
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
	va_list aq;
	Line *l;
	int priv, k;

	/* as long as it is: a server's line may be 8 KiB (IRCv3 tags) */
	va_copy(aq, ap);
	k = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	l = newline(s, c);
	memset(l, 0, sizeof(*l));
	l->t = time(NULL);
	l->kind = kind;
	if (nick && strlen(nick) >= sizeof(l->nick))	/* shown cut, marked */
		snprintf(l->nick, sizeof(l->nick), "%.*s\xe2\x80\xa6",
		         (int)utf8_cut(nick, strlen(nick), sizeof(l->nick) - 4),
		         nick);
	else
		strlcopy(l->nick, nick ? nick : "", sizeof(l->nick));
	l->self = nick && !nick_cmp(nick, s->nick);
	l->text = ecalloc(1, (size_t)MAX(k, 0) + 1);
	vsnprintf(l->text, (size_t)MAX(k, 0) + 1, fmt, ap);
	c->total++;
	c->active = l->t;
	if (c->scroll || c->skip) {	/* keep the view where it is */
		c->scroll = MIN(c->scroll + 1, c->nlines - 1);
		c->below++;
	}
	if (kind > LINE_NOTICE || l->self)
		return;
	priv = !c->room && !c->chan;
	l->mention = !priv && state_mentions(l->text, s->nick);
	if (l->mention || priv)
		s->alert = 1;
	if (c != state_current(s)) {
		c->unread++;
		c->mention |= l->mention || priv;
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

/* Users of the room, kept sorted by nick_cmp: where nick is, or where it
 * would go (*at), in log2(n) compares (100k JOINs were 5e9 of them). */
static int
place(State *s, const char *nick, size_t *at)
{
	size_t lo = 0, hi = s->nusers, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (!(c = nick_cmp(s->users[mid].nick, nick))) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

int
state_user_find(State *s, const char *nick)
{
	size_t i;

	return place(s, nick, &i) ? (int)i : -1;
}

void
state_user_add(State *s, const char *nick)
{
	char mode = 0;
	size_t i;

	/* "@bob", or "@+bob" from a server with multi-prefix: the first
	 * mark is kept; only what PREFIX advertises is a mark ("~alice" is
	 * a name where "~" is not a prefix) */
	for (; *nick && strchr(s->prefixes, *nick); nick++)
		if (!mode)
			mode = *nick;
	if (!*nick || strlen(nick) >= sizeof(s->users->nick) ||
	    place(s, nick, &i))
		return;
	if (s->nusers == s->usercap) {
		s->usercap = s->usercap ? s->usercap * 2 : 32;
		s->users = erealloc(s->users, s->usercap * sizeof(User));
	}
	memmove(s->users + i + 1, s->users + i,
	        (s->nusers - i) * sizeof(User));
	strlcopy(s->users[i].nick, nick, sizeof(s->users[i].nick));
	s->users[i].mode = mode;
	s->nusers++;
}

/* NICK (RFC 2812 3.1.2): the same user under a new name, marks kept. */
void
state_user_rename(State *s, const char *from, const char *to)
{
	char buf[sizeof(s->users->nick) + 1];
	int i = state_user_find(s, from);

	if (i < 0)
		return;
	snprintf(buf, sizeof(buf), "%.1s%s", s->users[i].mode ?
	         &s->users[i].mode : "", to);
	state_user_del(s, from);
	if (strlen(to) < sizeof(s->users->nick))	/* else: unlisted */
		state_user_add(s, buf);
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

/* A new connection: what the last server said of itself and its room
 * is not this one's (a restarted server has no topic, other users,
 * maybe other CHANTYPES). */
static void
forget(State *s)
{
	strlcopy(s->chantypes, "#&", sizeof(s->chantypes));
	strlcopy(s->prefixes, "@+", sizeof(s->prefixes));
	s->topic[0] = '\0';
	s->gone[0] = '\0';
	s->nusers = 0;
	s->names_open = 0;
	s->inroom = 0;
	s->npending = 0;
}

void
state_connected(State *s, const char *user)
{
	forget(s);
	s->status = ST_REGISTERING;
	s->error[0] = '\0';
	s->error_nick = 0;
	state_sendf(s, "NICK %s", s->nick);
	state_sendf(s, "USER %s 0 * :%s", user, user);
}

/* The words after "Disconnected: ": the server's ERROR, else the
 * socket's reason without "Cannot connect to host:port: ". */
static void
downwords(State *s, const char *why)
{
	const char *t = strrchr(why, ':');

	if (s->gone[0])
		strlcopy(s->downwhy, s->gone, sizeof(s->downwhy));
	else
		reason_down(t ? t + 1 : why, s->downwhy, sizeof(s->downwhy));
}

/* A drop is said once in every tab, in one short line that the
 * reconnection then updates (state_down_update) instead of adding lines
 * per attempt. */
void
state_disconnected(State *s, const char *why)
{
	size_t i;

	if (s->status == ST_ONLINE) {
		downwords(s, why);
		for (i = 0; i < s->nconvs; i++) {
			state_add(s, s->convs[i], LINE_ERROR, NULL,
			          "Disconnected: %s", s->downwhy);
			s->convs[i]->down_id = s->convs[i]->total - 1;
			s->convs[i]->down = 1;
		}
		s->down = 1;
		s->down_t = time(NULL);
		s->nusers = 0;
	} else if (!s->error[0]) {
		snprintf(s->error, sizeof(s->error), "%s", why);
	}
	s->inroom = 0;
	s->names_open = 0;
	s->npending = 0;
	s->status = ST_OFFLINE;
}

static void
setline(Line *l, const char *text)
{
	free(l->text);
	l->text = ecalloc(1, strlen(text) + 1);
	memcpy(l->text, text, strlen(text));
	l->t = time(NULL);
}

void
state_down_update(State *s, const char *fmt, ...)
{
	char buf[IRC_LINE_MAX], line[IRC_LINE_MAX + 160];
	Line *l;
	va_list ap;
	size_t i;
	Conv *c;

	if (!s->down)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "Disconnected: %s. %s", s->downwhy, buf);
	for (i = 0; i < s->nconvs; i++) {
		c = s->convs[i];
		if (c->down && (l = conv_line_id(c, c->down_id))) {
			setline(l, line);
			continue;
		}
		state_add(s, c, LINE_ERROR, NULL, "%s", line);
		c->down_id = c->total - 1;
		c->down = 1;
	}
}
