/* cmd-msg.c: PRIVMSG and NOTICE to the room or to one user, and AWAY.
 *
 * The line is formatted here with our own prefix (a prefix the client sent
 * is ignored: the server stamps who said it) and appended to the relay's
 * log, addressed to the room or to one slot and its generation, so a line
 * for a user who left can never reach whoever takes the slot next. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "nick.h"
#include "numeric.h"
#include "relay.h"
#include "reply.h"
#include "table.h"
#include "utf8.h"
#include "util.h"

/* ":nick!user@host CMD target :text" */
static size_t
msgline(char *line, const Session *s, const char *cmd, const char *target,
        const char *text)
{
	const char *parts[] = { ":", s->nick, "!", s->user, "@", s->host, " ",
	                        cmd, " ", target, " :", text };

	return irc_cat(line, (int)(sizeof(parts) / sizeof(*parts)), parts);
}

static void
to_room(Session *s, const char *cmd, const char *text)
{
	char line[IRC_LINE_MAX + 1];
	size_t n;

	if (!s->in_room) {
		num(s, ERR_CANNOTSENDTOCHAN, "%s :Cannot send to channel: you "
		    "left it (JOIN %s to come back)", conf.room, conf.room);
		return;
	}
	n = msgline(line, s, cmd, conf.room, text);
	session_relay(s, TO_ROOM, 0, E_SKIPSELF, line, n);
}

static void
to_user(Session *s, const char *cmd, const char *nick, const char *text)
{
	char line[IRC_LINE_MAX + 1];
	User target;
	size_t n;
	int i;

	if ((i = table_find(nick, &target)) < 0) {
		num(s, ERR_NOSUCHNICK, "%s :No such nick/channel",
		    reply_mid(nick));
		return;
	}
	n = msgline(line, s, cmd, target.nick, text);
	session_relay(s, i, target.gen, 0, line, n);
	if (i == s->slot)	/* to ourselves: read back before more */
		s->echo = 1;
	if (target.away[0] && cmd[0] == 'P')	/* never for a NOTICE */
		num(s, RPL_AWAY, "%s :%s", target.nick, target.away);
}

/* PRIVMSG/NOTICE target[,target...] :text (RFC 2812 3.3.1): the room, or
 * a nick; empty entries between commas are skipped, and a list with no
 * target in it is no recipient (411). Past MAX_TARGETS the rest of the
 * list gets one 407 and is not sent to. Another channel is 403; masks
 * ($server, #host) are for operators, and nobody is one here: 401. */
static void
message(Session *s, Msg *m, const char *cmd)
{
	char targets[IRC_LINE_MAX], *t, *save = NULL;
	const char *seen[MAX_TARGETS];
	int count = 0, i;

	if (m->nparams < 1 || !m->params[0][strspn(m->params[0], ",")]) {
		num(s, ERR_NORECIPIENT, ":No recipient given (%s)", cmd);
		return;
	}
	if (m->nparams < 2 || !*m->params[1]) {
		num(s, ERR_NOTEXTTOSEND, ":No text to send");
		return;
	}
	table_touch(s->slot);
	strlcopy(targets, m->params[0], sizeof(targets));
	for (t = strtok_r(targets, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		/* "bob,BOB,bob" is one target: sent once (ASCII case-blind,
		 * as nicks and the room's name compare) */
		for (i = 0; i < count && i < MAX_TARGETS; i++)
			if (!nick_cmp(seen[i], t))
				break;
		if (i < count && i < MAX_TARGETS)
			continue;
		if (count < MAX_TARGETS)
			seen[count] = t;
		if (++count > MAX_TARGETS) {
			num(s, ERR_TOOMANYTARGETS, "%s :Too many recipients "
			    "(at most %d): not sent to these", reply_mid(t),
			    MAX_TARGETS);
			break;
		}
		if (is_room(t))
			to_room(s, cmd, m->params[1]);
		else if (*t == '#' || *t == '&')
			num(s, ERR_NOSUCHCHANNEL, "%s :No such channel: this "
			    "server has one room, %s", reply_mid(t),
			    conf.room);
		else
			to_user(s, cmd, t, m->params[1]);
	}
}

void
cmd_privmsg(Session *s, Msg *m)
{
	message(s, m, "PRIVMSG");
}

void
cmd_notice(Session *s, Msg *m)
{
	message(s, m, "NOTICE");
}

void
cmd_away(Session *s, Msg *m)
{
	char text[AWAY_MAX + 1];
	const char *t = m->nparams ? m->params[0] : "";
	size_t k = utf8_cut(t, strlen(t), AWAY_MAX);

	memcpy(text, t, k);
	text[k] = '\0';
	table_set_away(s->slot, text);
	s->away = k > 0;
	if (s->away)
		num(s, RPL_NOWAWAY, ":You have been marked as being away");
	else
		num(s, RPL_UNAWAY, ":You are no longer marked as being away");
}
