/* ircin.c: what the server says, applied to State: one handler per
 * command or numeric in a table (state_irc() at the bottom looks it up),
 * unknown numerics shown in words, the noisy ones dropped. Handlers
 * answer through state_sendf() (PONG, JOIN after the welcome).
 *
 * Before the welcome (001) every refusal lands in State.error for the
 * login form: 432/433 (the nick: error_nick set), ERROR ("Server full"),
 * any other 4xx. After it, a numeric that answers a command the user
 * typed is shown in the tab it was typed in (pending.c says which); what
 * answers nothing (MOTD, server notices) goes to the room, never to
 * whichever tab is current.
 *
 * Where a line belongs follows the target's type, never a guess: a
 * channel by the server's CHANTYPES (RPL_ISUPPORT, 005; "#&" until it
 * says, RFC 2811 2.1), else a nick. The room follows the server: the
 * first channel it puts us in (our own JOIN echo) becomes the room's tab
 * when we are in no room yet; a 403 that names the server's room (forkd
 * says "this server has one room, #lab") makes us join that one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irc.h"
#include "nick.h"
#include "numeric.h"
#include "procs.h"
#include "reason.h"
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

/* A message's target as a channel: "@#lobby" (to the room's operators,
 * a STATUSMSG) is the room. NULL when the target is a nick. */
static const char *
chantarget(State *s, const char *t)
{
	if (*t && strchr(s->prefixes, *t) && state_ischan(s, t + 1))
		t++;
	return state_ischan(s, t) ? t : NULL;
}

/* The tab of another channel than the room (joined with /quote JOIN):
 * its lines only, no user list. NULL when tabs are full. */
static Conv *
chanconv(State *s, const char *name)
{
	Conv *c = isroom(s, name) ? state_room(s) : state_conv_open(s, name);

	if (c && !c->room)
		c->chan = 1;
	return c;
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
	if (*param(m, 0))	/* "001 :" names nobody: we are who we said */
		strlcopy(s->nick, param(m, 0), sizeof(s->nick));
	s->status = ST_ONLINE;
	s->error[0] = '\0';
	if (s->down)	/* each tab's "Disconnected" line ends its story */
		state_down_update(s, "Reconnected after %ld s",
		                  (long)(time(NULL) - s->down_t));
	s->down = 0;
	s->inroom = 0;
	/* Stock servers do not auto-join; forkd does, and a second JOIN of
	 * a channel we are in is ignored (RFC 2812 3.2.1). */
	state_command(s, state_room(s), 1, "JOIN %s", state_room(s)->name);
	state_info(s, state_room(s), "Connected as %s", s->nick);
}

/* RPL_ISUPPORT: "CHANTYPES=#&" and "PREFIX=(ov)@+" are what we use
 * (draft-hardy-irc-isupport 3.6, 3.14). */
static void
isupport(State *s, const Msg *m, const char *from)
{
	const char *v;
	int i;

	(void)from;
	for (i = 1; i < m->nparams - 1; i++) {
		v = m->params[i];
		if (!strncmp(v, "CHANTYPES=", 10))
			strlcopy(s->chantypes, v + 10, sizeof(s->chantypes));
		else if (!strncmp(v, "PREFIX=", 7) && strchr(v, ')'))
			strlcopy(s->prefixes, strchr(v, ')') + 1,
			         sizeof(s->prefixes));
	}
}

static void
nickerr(State *s, const Msg *m, const char *why)
{
	const char *nick = m->nparams > 2 ? m->params[1] : s->nick;
	Conv *c;

	if (s->status == ST_ONLINE) {
		if (pending_route(s, m, &c))
			state_add(s, c, LINE_ERROR, NULL, "Nickname %s %s",
			          nick, why);
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

/* A kick's reason: the kicker's words, " (why)", or "". */
static void
reason(const char *why, char *out, size_t n)
{
	while (*why == ' ')
		why++;
	if (*why)
		snprintf(out, n, " (%s)", why);
	else
		*out = '\0';
}

/* ERROR: servers say "Closing Link: host (why)". Before the welcome
 * the login form says it, with what to do (reason_refused: "The server
 * is full: try again later, ...");
 * after it, the reason in words is kept for the one "Disconnected" line
 * the drop makes (reason.c). */
static void
error(State *s, const Msg *m, const char *from)
{
	const char *t = param(m, 0), *o = strrchr(t, '(');
	int link = !strncmp(t, "Closing Link", 12);
	char why[IRC_LINE_MAX] = "";

	(void)from;
	if (link && o && strrchr(o, ')'))
		snprintf(why, sizeof(why), "%.*s",
		         (int)(strrchr(o, ')') - o - 1), o + 1);
	else if (!link)
		strlcopy(why, t, sizeof(why));
	if (s->status == ST_ONLINE)
		reason_down(why, s->gone, sizeof(s->gone));
	else			/* "ERROR" alone: said, not blank */
		reason_refused(why, s->error, sizeof(s->error));
}

/* Our own JOIN, NICK or TOPIC echoed: the command succeeded. */
static void
settled(State *s, const char *verb, const char *target)
{
	Pending *p = state_pending_find(s, verb, target);

	if (p)
		state_pending_done(s, p);
}

static void
join(State *s, const Msg *m, const char *from)
{
	const char *ch = param(m, 0);
	Conv *c;

	if (!*ch || !*from)	/* "JOIN :" names no room (no tab "") */
		return;
	if (isme(s, from))
		settled(s, "JOIN", ch);
	if (isme(s, from) && !isroom(s, ch) && !s->inroom &&
	    strlen(ch) < sizeof(state_room(s)->name)) {
		/* the server put us elsewhere: the room's tab follows (a
		 * tab that channel had goes: its lines are the room's now) */
		if ((c = state_conv(s, ch)))
			state_conv_close(s, (size_t)state_conv_index(s, c));
		state_info(s, state_room(s), "This server's room is %s", ch);
		strlcopy(state_room(s)->name, ch, sizeof(state_room(s)->name));
		s->topic[0] = '\0';
	}
	if (!isroom(s, ch)) {
		if (isme(s, from) && (c = chanconv(s, ch)))
			state_info(s, c, "You joined %s", ch);
		return;
	}
	if (isme(s, from)) {
		s->inroom = 1;
		s->nusers = 0;		/* the 353s that follow fill it */
		s->topic[0] = '\0';	/* and a 332, if it has one (no 331
					 * on a join: RFC 2812 3.2.1) */
		state_info(s, state_room(s), "You joined %s", ch);
	} else {
		state_info(s, state_room(s), "%s joined", from);
	}
	state_user_add(s, from);
}

static void
part(State *s, const Msg *m, const char *from)
{
	char why[IRC_LINE_MAX];

	if (!isroom(s, param(m, 0)) || !*from)	/* nobody left */
		return;
	if (isme(s, from)) {
		reason(param(m, 1), why, sizeof(why));
		s->inroom = 0;
		s->nusers = 0;
		s->topic[0] = '\0';	/* not ours to show any more */
		state_info(s, state_room(s), "You left %s%s", param(m, 0),
		           why);
		return;
	}
	reason_left(param(m, 1), why, sizeof(why));
	state_user_del(s, from);
	state_info(s, state_room(s), "%s %s", from, why);
}

/* Stock servers have operators; forkd has none, but a client that joins
 * any server must follow a KICK (RFC 2812 3.2.8). */
static void
kick(State *s, const Msg *m, const char *from)
{
	const char *who = param(m, 1);
	char why[IRC_LINE_MAX];

	if (!isroom(s, param(m, 0)) || !*who)
		return;
	reason(param(m, 2), why, sizeof(why));
	state_user_del(s, who);
	if (isme(s, who)) {
		s->nusers = 0;
		s->inroom = 0;
		s->topic[0] = '\0';
	}
	if (isme(s, who))
		state_add(s, state_room(s), LINE_ERROR, NULL, "You were kicked "
		          "by %s%s", isme(s, from) ? "yourself" : from, why);
	else if (isme(s, from))
		state_info(s, state_room(s), "You kicked %s%s", who, why);
	else
		state_info(s, state_room(s), "%s was kicked by %s%s", who,
		           from, why);
}

static void
quit(State *s, const Msg *m, const char *from)
{
	Conv *c = state_conv(s, from);
	char why[IRC_LINE_MAX];

	if (isme(s, from)) {	/* a server that echoes our QUIT: the drop
				 * that follows says it once, in our words */
		state_user_del(s, from);
		return;
	}
	reason_left(param(m, 0), why, sizeof(why));
	if (state_user_del(s, from))
		state_info(s, state_room(s), "%s %s", from, why);
	if (c && !c->room && !c->chan)
		state_info(s, c, "%s %s", from, why);
}

static void
nick(State *s, const Msg *m, const char *from)
{
	const char *to = param(m, 0);
	Conv *c = state_conv(s, from), *t;
	int me = isme(s, from);

	if (!*to || !*from)	/* no new name (or no old one): nothing */
		return;
	if (me) {		/* said to us in the second person, as
				 * HexChat and irssi do */
		settled(s, "NICK", to);
		strlcopy(s->nick, to, sizeof(s->nick));
		state_user_rename(s, from, to);
		state_info(s, state_room(s), "You are now known as %s", to);
		return;
	}
	state_user_rename(s, from, to);
	if (c && !c->room && !c->chan) {
		/* the tab follows, unless one with the new name is open (an
		 * older talk with whoever had it): that one goes on, this
		 * one keeps the old name, and both say so */
		if ((!(t = state_conv(s, to)) || t == c) &&
		    strlen(to) < sizeof(c->name))
			strlcopy(c->name, to, sizeof(c->name));
		else if (t && t != c)
			state_info(s, t, "%s is now known as %s", from, to);
		state_info(s, c, "%s is now known as %s", from, to);
	}
	state_info(s, state_room(s), "%s is now known as %s", from, to);
}

/* Our line in c already: one of the last few we added there. */
static int
shown(State *s, Conv *c, int kind, const char *text, size_t n)
{
	size_t i;
	Line *l;

	for (i = 0; i < 8 && i < c->nlines; i++) {
		l = conv_line(c, c->nlines - 1 - i);
		if (l->self && l->kind == kind && !strncmp(l->text, text, n) &&
		    !l->text[n] && !nick_cmp(l->nick, s->nick))
			return 1;
	}
	return 0;
}

/* A message from us: a server (or a bouncer) giving our line back. To
 * ourselves it was said where it was typed (cmd.c): dropped, no tab with
 * ourselves. Elsewhere it is shown once: not again when we added it. */
static void
mine(State *s, const char *target, int kind, const char *text, size_t n)
{
	const char *ch = chantarget(s, target);
	Conv *c;

	if (!ch && isme(s, target))
		return;
	c = ch ? chanconv(s, ch) : state_conv_open(s, target);
	if (!c)
		c = state_room(s);
	if (!shown(s, c, kind, text, n))
		state_add(s, c, kind, s->nick, "%.*s", (int)n, text);
}

/* PRIVMSG and NOTICE (RFC 2812 3.3): to a channel, its tab (the room's
 * for the room); to us from a user, that user's tab (a NOTICE only when
 * the tab is open: notices are services' and bots' words, else the
 * room's); from the server, the room. CTCP ACTION is /me; other CTCP
 * requests are not answered. */
static void
privmsg(State *s, const Msg *m, const char *from)
{
	const char *target = param(m, 0), *text = param(m, 1), *ch;
	int notice = irc_cmdeq(m->cmd, "NOTICE");
	int kind = notice ? LINE_NOTICE : LINE_MSG;
	size_t n = strlen(text);
	Conv *c = NULL;

	if (text[0] == '\1') {
		if (strncmp(text, "\1ACTION ", 8) || notice)
			return;
		text += 8;
		n -= 8;
		if (n && text[n - 1] == '\1')
			n--;
		kind = LINE_ACTION;
	}
	if (isme(s, from)) {
		mine(s, target, kind, text, n);
		return;
	}
	if ((ch = chantarget(s, target)))
		c = chanconv(s, ch);
	else if (!*from || strchr(from, '.') || s->status != ST_ONLINE)
		c = state_room(s);	/* from the server */
	else if (notice)
		c = state_conv(s, from);
	else if (!(c = state_conv_open(s, from))) {
		/* every tab is unread: the room shows it, marked */
		state_add(s, state_room(s), kind, from, "(private) %.*s",
		          (int)n, text);
		s->alert = 1;		/* a private message still calls */
		return;
	}
	state_add(s, c ? c : state_room(s), kind, *from ? from : NULL,
	          "%.*s", (int)n, text);
}

static void
topic(State *s, const Msg *m, const char *from)
{
	if (!isroom(s, param(m, 0)))
		return;
	if (isme(s, from))
		settled(s, "TOPIC", param(m, 0));
	strlcopy(s->topic, param(m, 1), sizeof(s->topic));
	state_info(s, state_room(s), "%s %s the topic%s%s",
	           isme(s, from) ? "You" : from, *s->topic ? "set" : "cleared",
	           *s->topic ? ": " : "", s->topic);
}

/* 332 and 331: the bar shows the topic; a /topic typed gets it in
 * words where it was typed. */
static void
rpltopic(State *s, const Msg *m, const char *from)
{
	int asked = state_pending_find(s, "TOPIC", param(m, 1)) != NULL;
	Conv *c;

	(void)from;
	if (!isroom(s, param(m, 1)))
		return;
	strlcopy(s->topic, atoi(m->cmd) == RPL_TOPIC ? param(m, 2) : "",
	         sizeof(s->topic));
	if (pending_route(s, m, &c) && asked)
		state_info(s, c, *s->topic ? "Topic: %s" : "No topic is set%s",
		           s->topic);
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

/* 366: the list is whole; a /names typed gets it in words. */
static void
endnames(State *s, const Msg *m, const char *from)
{
	char buf[400];
	size_t i, k;
	int asked = state_pending_find(s, "NAMES", param(m, 1)) != NULL;
	Conv *c;

	(void)from;
	s->names_open = 0;
	if (!pending_route(s, m, &c) || !asked || !isroom(s, param(m, 1)))
		return;
	k = (size_t)snprintf(buf, sizeof(buf), "%zu in %s:", s->nusers,
	                     param(m, 1));
	for (i = 0; i < s->nusers && k < sizeof(buf); i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, " %.1s%s",
		                      s->users[i].mode ? &s->users[i].mode
		                      : "", s->users[i].nick);
	state_info(s, c, "%s", buf);
}

/* 401: said where the message was typed; the tab that a message to a
 * nick that is not there opened (or an old one: the user left) goes,
 * unless it is where the user typed. */
static void
nosuchnick(State *s, const Msg *m, const char *from)
{
	Conv *c, *t = state_conv(s, param(m, 1));

	(void)from;
	if (state_ischan(s, param(m, 1)))
		t = NULL;
	if (!pending_route(s, m, &c))
		return;
	state_add(s, c, LINE_ERROR, NULL, "%s is not online", param(m, 1));
	if (t && t != c && !t->room)
		state_conv_close(s, (size_t)state_conv_index(s, t));
}

/* 403 to our JOIN of the room: say which room this server has; when it
 * names it ("No such channel: this server has one room, #lab") and we
 * are in none, join that one. */
static void
nosuchchannel(State *s, const Msg *m, const char *from)
{
	Pending *p = state_pending_find(s, "JOIN", param(m, 1));
	const char *t = param(m, 2), *w;
	char room[CONV_NAME_MAX];
	size_t n;
	Conv *c;

	(void)from;
	if (!p) {
		if (pending_route(s, m, &c))
			state_add(s, c, LINE_ERROR, NULL, "There is no room "
			          "%s here", param(m, 1));
		return;
	}
	c = pending_origin(s, p);
	state_pending_done(s, p);
	for (w = t; *w && !(state_ischan(s, w) && (w == t || w[-1] == ' '));
	     w++)
		;
	n = strcspn(w, " ,.;:!?)");
	snprintf(room, sizeof(room), "%.*s", (int)MIN(n, sizeof(room) - 1), w);
	if (!s->inroom && *w && n < sizeof(room) &&
	    nick_cmp(room, param(m, 1))) {	/* never the one refused */
		state_command(s, state_room(s), 1, "JOIN %s", room);
		return;
	}
	state_add(s, c, s->inroom ? LINE_INFO : LINE_ERROR, NULL,
	          "There is no room %s here%s%s", param(m, 1),
	          s->inroom ? ": you are in " : "",
	          s->inroom ? state_room(s)->name : "");
}

static void
away(State *s, const Msg *m, const char *from)
{
	Conv *c;

	(void)from;
	if (pending_route(s, m, &c))
		state_info(s, c, "%s is away: %s", param(m, 1), param(m, 2));
}

/* The message of the day: once per run (a reconnection does not repeat
 * it), in the room, without the "- " RFC 2812 5 puts before each line;
 * its frame ("Message of the Day", "End of MOTD command", "MOTD File is
 * missing") is not shown. */
static void
motd(State *s, const Msg *m, const char *from)
{
	const char *t = param(m, 1);
	Pending *p = state_pending_find(s, "MOTD", NULL);
	Conv *c = pending_origin(s, p);

	(void)from;
	if (atoi(m->cmd) != RPL_MOTD) {
		if (p && atoi(m->cmd) != RPL_MOTDSTART)
			state_pending_done(s, p);
		if (atoi(m->cmd) == ERR_NOMOTD && p)
			state_info(s, c, "This server has no message of the "
			           "day");
		if (atoi(m->cmd) != RPL_MOTDSTART)
			s->motd_seen = 1;
		return;
	}
	if (s->motd_seen && !p)
		return;
	if (!strncmp(t, "- ", 2))
		t += 2;
	state_info(s, c, "%s", t);
}

/* Anything else the server says to us: its words, in the tab of the
 * command it answers, else in the room. */
static void
other(State *s, const Msg *m, const char *from)
{
	char buf[IRC_LINE_MAX];
	int num = m->cmd[0] >= '0' && m->cmd[0] <= '9' ? atoi(m->cmd) : -1;
	Conv *c;

	(void)from;
	if (num < 0)
		return;
	if (s->status != ST_ONLINE && num == 465)	/* ERR_YOUREBANNEDCREEP */
		reason_refused("banned", s->error, sizeof(s->error));
	else if (s->status != ST_ONLINE && num == 464)	/* ERR_PASSWDMISMATCH */
		snprintf(s->error, sizeof(s->error), "The server wants a "
		         "password, which this client cannot send: ask its "
		         "operator");
	else if (s->status != ST_ONLINE && pending_iserror(num))
		rest(m, 1, s->error, sizeof(s->error));
	if (s->status != ST_ONLINE && pending_iserror(num))
		return;
	if (num < 100)
		return;	/* 002-099 follow the welcome: versions, dates, ids */
	rest(m, 1, buf, sizeof(buf));
	if (pending_route(s, m, &c) && *buf)
		state_add(s, c, pending_iserror(num) ? LINE_ERROR : LINE_INFO, NULL,
		          "%s", buf);
}

/* 303 and 421: the answer to /query's ISON (pending.c), else words. */
static void
ison(State *s, const Msg *m, const char *from)
{
	if (!pending_query(s, m))
		other(s, m, from);
}

static const Handler handlers[] = {
	{ "PING",    0, ping },
	{ "001",     1, welcome },
	{ "005",     2, isupport },
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
	{ "331",     2, rpltopic },
	{ "332",     3, rpltopic },
	{ "353",     4, names },
	{ "366",     2, endnames },
	{ "401",     2, nosuchnick },
	{ "403",     2, nosuchchannel },
	{ "301",     3, away },
	{ "303",     2, ison },
	{ "421",     2, ison },
	{ "375",     0, motd },
	{ "372",     2, motd },
	{ "376",     0, motd },
	{ "422",     0, motd },
	/* quiet ones: their content is elsewhere or of no use on screen */
	{ "PONG",    0, NULL },
	{ "MODE",    0, NULL },
	{ "CAP",     0, NULL },
	{ "333",     0, NULL },
	{ "329",     0, NULL },
	{ "002",     0, NULL },		/* version, dates, counts: noise */
	{ "003",     0, NULL },
	{ "004",     0, NULL },
	{ "250",     0, NULL },
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
	/* whole up to 63 bytes, as a tab or the list keeps it; cut at 64,
	 * it names no tab and no user (never another's first 30 bytes) */
	char from[CONV_NAME_MAX + 1] = "";
	size_t i;

	if (m->prefix)
		irc_prefix_nick(m->prefix, from, sizeof(from));
	if (procs_irc(s, m))	/* the answer to the process tab's STATS */
		return;
	for (i = 0; i < LEN(handlers); i++) {
		if (!irc_cmdeq(m->cmd, handlers[i].cmd))
			continue;
		if (handlers[i].fn && m->nparams >= handlers[i].minparams)
			handlers[i].fn(s, m, from);
		return;
	}
	other(s, m, from);
}
