/* pending.c: the commands the user typed, and where their answers go.
 * state_command() sends a line and remembers the tab it was typed in
 * (State.pending: a FIFO of STATE_PENDING, each kept STATE_PENDING_S
 * seconds); ircin.c asks pending_route() where a numeric belongs:
 *   - a reply in the table below: the newest command of its verbs (and
 *     its target, when the reply names it: 311 names the WHOIS's nick);
 *   - an error naming a target (401 bob, 404 #lobby): the newest command
 *     to that target; 421 and 461 name the command itself;
 *   - another error: the oldest command but a message (replies come in
 *     the order of the commands, and JOIN, NICK and TOPIC are settled by
 *     their echo, so only commands awaiting an answer are left);
 *   - anything else answers nothing typed: the room.
 * /query asks ISON first (pending_query at the bottom): a tab opens only
 * for a nick that is online.
 * IRC has no message ids (RFC 2812 has none; IRCv3 labeled-response is
 * not offered by forkd, ngIRCd or a default InspIRCd), hence this. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "irc.h"
#include "nick.h"
#include "numeric.h"
#include "state.h"
#include "util.h"

/* Pending commands: a small FIFO; the oldest goes when it is full. */
static void
expire(State *s)
{
	time_t now = time(NULL);
	size_t i = 0;

	while (i < s->npending)
		if (now - s->pending[i].t > STATE_PENDING_S)
			state_pending_done(s, &s->pending[i]);
		else
			i++;
}

void
state_command(State *s, Conv *origin, unsigned chunks, const char *fmt,
              ...)
{
	char line[IRC_LINE_MAX + 1], copy[IRC_LINE_MAX + 1];
	Pending *p;
	va_list ap;
	size_t i;
	Msg m;

	va_start(ap, fmt);
	irc_vfmt(line, fmt, ap);
	va_end(ap);
	memcpy(copy, line, sizeof(copy));
	copy[strcspn(copy, "\r\n")] = '\0';
	if (irc_parse(copy, strlen(copy), &m) == 0) {
		expire(s);
		if (s->npending == STATE_PENDING)
			state_pending_done(s, &s->pending[0]);
		p = &s->pending[s->npending++];
		memset(p, 0, sizeof(*p));
		for (i = 0; m.cmd[i] && i < sizeof(p->verb) - 1; i++)
			p->verb[i] = (char)toupper((unsigned char)m.cmd[i]);
		strlcopy(p->target, m.nparams ? m.params[0] : "",
		         sizeof(p->target));
		strlcopy(p->origin, (origin ? origin : state_room(s))->name,
		         sizeof(p->origin));
		p->t = time(NULL);
		p->left = chunks ? chunks : 1;
	}
	if (s->send)
		s->send(s->ctx, line);
}

/* verbs: space-separated, NULL for any; target NULL for any. The newest
 * match wins: a command that succeeded silently (a PRIVMSG that went
 * through) must not take the answer meant for a later one. */
Pending *
state_pending_find(State *s, const char *verbs, const char *target)
{
	size_t i, n;
	const char *v;

	expire(s);
	for (i = s->npending; i-- > 0;) {
		Pending *p = &s->pending[i];

		if (target && nick_cmp(p->target, target))
			continue;
		if (!verbs)
			return p;
		if (!(n = strlen(p->verb)))
			continue;
		for (v = verbs; (v = strstr(v, p->verb)); v += n)
			if ((v == verbs || v[-1] == ' ') &&
			    (v[n] == ' ' || !v[n]))
				return p;
	}
	return NULL;
}

void
state_pending_done(State *s, Pending *p)
{
	size_t i = (size_t)(p - s->pending);

	if (i >= s->npending)
		return;
	memmove(p, p + 1, (s->npending - i - 1) * sizeof(*p));
	s->npending--;
}

/* Replies (not errors) and the commands they answer: target is the
 * parameter that names the command's target (0: none), end says the
 * command is answered. Errors need no row: they name their target, or
 * the command (421, 461), or answer the oldest command but a message. */
typedef struct {
	int num;
	const char *verbs;
	int target, end;
} Reply;

static const Reply replies[] = {
	{ RPL_UMODEIS,        "MODE",          0, 1 },
	{ RPL_AWAY,           "PRIVMSG WHOIS", 1, 0 },
	{ RPL_USERHOST,       "USERHOST",      0, 1 },
	{ RPL_ISON,           "ISON",          0, 1 },
	{ RPL_UNAWAY,         "AWAY",          0, 1 },
	{ RPL_NOWAWAY,        "AWAY",          0, 1 },
	{ RPL_WHOISUSER,      "WHOIS",         1, 0 },
	{ RPL_WHOISSERVER,    "WHOIS",         1, 0 },
	{ RPL_WHOISIDLE,      "WHOIS",         1, 0 },
	{ RPL_ENDOFWHOIS,     "WHOIS",         1, 1 },
	{ RPL_WHOISCHANNELS,  "WHOIS",         1, 0 },
	{ RPL_ENDOFWHO,       "WHO",           1, 1 },
	{ RPL_WHOREPLY,       "WHO",           0, 0 },
	{ 321,                "LIST",          0, 0 },	/* RPL_LISTSTART */
	{ RPL_LIST,           "LIST",          0, 0 },
	{ RPL_LISTEND,        "LIST",          0, 1 },
	{ RPL_CHANNELMODEIS,  "MODE",          1, 1 },
	{ RPL_NOTOPIC,        "TOPIC",         1, 1 },
	{ RPL_TOPIC,          "TOPIC",         1, 1 },
	{ 341,                "INVITE",        1, 1 },	/* RPL_INVITING */
	{ RPL_VERSION,        "VERSION",       0, 1 },
	{ RPL_NAMREPLY,       "NAMES",         2, 0 },
	{ RPL_ENDOFNAMES,     "NAMES",         1, 1 },
	{ 367,                "MODE",          1, 0 },	/* RPL_BANLIST */
	{ RPL_ENDOFBANLIST,   "MODE",          1, 1 },
	{ 371,                "INFO",          0, 0 },	/* RPL_INFO */
	{ 374,                "INFO",          0, 1 },	/* RPL_ENDOFINFO */
	{ RPL_MOTDSTART,      "MOTD",          0, 0 },
	{ RPL_MOTD,           "MOTD",          0, 0 },
	{ RPL_ENDOFMOTD,      "MOTD",          0, 1 },
	{ 381,                "OPER",          0, 1 },	/* RPL_YOUREOPER */
	{ RPL_TIME,           "TIME",          0, 1 },
	{ RPL_LUSERCLIENT,    "LUSERS",        0, 0 },
	{ RPL_LUSERME,        "LUSERS",        0, 1 },
};

static const char *
param(const Msg *m, int i)
{
	return i < m->nparams ? m->params[i] : "";
}

/* RFC 2812 5: 4xx and 5xx are errors; of the 9xx (IRCv3 SASL) only
 * 902 and 904-907 are, 900, 901, 903 and 908 are success. */
int
pending_iserror(int num)
{
	return (num >= 400 && num < 600) || num == 902 ||
	       (num >= 904 && num <= 907);
}

static const Reply *
reply_row(int num)
{
	size_t i;

	for (i = 0; i < LEN(replies); i++)
		if (replies[i].num == num)
			return &replies[i];
	return NULL;
}

/* The typed command m answers, or NULL (see the top of this file). */
static Pending *
answer(State *s, const Msg *m, int *end)
{
	int num = atoi(m->cmd), i;
	const Reply *r = reply_row(num);
	char verb[16];
	Pending *p;

	*end = 1;
	if (r) {
		*end = r->end;
		return state_pending_find(s, r->verbs, r->target ?
		                          param(m, r->target) : NULL);
	}
	if (!pending_iserror(num))
		return NULL;
	if (num == ERR_UNKNOWNCOMMAND || num == ERR_NEEDMOREPARAMS) {
		for (i = 0; i < (int)sizeof(verb) - 1 && param(m, 1)[i]; i++)
			verb[i] = (char)toupper((unsigned char)param(m, 1)[i]);
		verb[i] = '\0';
		return state_pending_find(s, verb, NULL);
	}
	if (m->nparams >= 3 && (p = state_pending_find(s, NULL, param(m, 1))))
		return p;
	/* the oldest: replies come in the order of the commands, and
	 * commands but messages are settled when they succeed (our JOIN,
	 * NICK, TOPIC echoed) */
	for (i = 0; i < (int)s->npending; i++)
		if (strcmp(s->pending[i].verb, "PRIVMSG") &&
		    strcmp(s->pending[i].verb, "NOTICE"))
			return &s->pending[i];
	return NULL;
}

Conv *
pending_origin(State *s, const Pending *p)
{
	Conv *c = p ? state_conv(s, p->origin) : NULL;

	return c ? c : state_room(s);
}

/* Where m's answer goes; 0 when it was already said (a long message cut
 * in three gets three 401s: one line). */
int
pending_route(State *s, const Msg *m, Conv **c)
{
	int end, first;
	Pending *p = answer(s, m, &end);

	*c = pending_origin(s, p);
	if (!p)
		return 1;
	first = !pending_iserror(atoi(m->cmd)) || !p->said++;
	if (end && (!p->left || !--p->left))
		state_pending_done(s, p);
	return first;
}


/* The tab /query asked ISON for (cmd.c): open it (named as the server
 * spells the nick) or say where /query was typed that nick is not
 * online. */
static void
queried(State *s, Pending *p, int online)
{
	char nick[CONV_NAME_MAX];
	Conv *c, *here = pending_origin(s, p);

	strlcopy(nick, p->target, sizeof(nick));
	state_pending_done(s, p);
	if (!online) {
		state_add(s, here, LINE_ERROR, NULL, "%s is not online", nick);
		return;
	}
	if (!(c = state_conv_open(s, nick))) {
		state_add(s, here, LINE_ERROR, NULL, "%zu tabs are open, each "
		          "with unread lines: read or /close one first",
		          s->nconvs);
		return;
	}
	state_select(s, (size_t)state_conv_index(s, c));
}

/* Answers come in the order of the commands: the oldest ISON is the one
 * answered (two /query in a row must not swap their answers). */
int
pending_query(State *s, const Msg *m)
{
	Pending *p = NULL;
	char buf[IRC_LINE_MAX], *w, *q;
	size_t i;

	for (i = 0; i < s->npending && !p; i++)
		if (!strcmp(s->pending[i].verb, "ISON"))
			p = &s->pending[i];
	if (!p || !p->query)
		return 0;
	if (atoi(m->cmd) == ERR_UNKNOWNCOMMAND) {
		if (!irc_cmdeq(param(m, 1), "ISON"))
			return 0;
		queried(s, p, 1);	/* ISON is optional (RFC 2812 4) */
		return 1;
	}
	if (atoi(m->cmd) != RPL_ISON)
		return 0;
	strlcopy(buf, param(m, 1), sizeof(buf));
	for (q = buf; (w = strtok(q, " ")); q = NULL)
		if (!nick_cmp(w, p->target)) {
			strlcopy(p->target, w, sizeof(p->target));
			queried(s, p, 1);
			return 1;
		}
	queried(s, p, 0);
	return 1;
}
