/* cmd-reg.c: registration (CAP, PASS, NICK, USER), the welcome burst, and
 * the commands that are allowed before it (PING, PONG, QUIT).
 *
 * Registration completes when NICK and USER have both come and no CAP
 * negotiation is open (IRCv3: a client that sent CAP LS or REQ registers
 * only after CAP END). The nick is checked and claimed in one step under the
 * table's lock (table_register), so two clients can never both get it. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "numeric.h"
#include "reply.h"
#include "scoreboard.h"
#include "table.h"
#include "utf8.h"
#include "util.h"

/* RPL_ISUPPORT tokens: what this server does, and nothing it does not
 * (TARGMAX and MAXTARGETS are what cmd-msg.c enforces; an empty TARGMAX
 * value means no limit). At most 13 a line, split between tokens. */
static void
isupport(Session *s)
{
	char tok[128];
	Reply r;

	reply_start(&r, s, RPL_ISUPPORT, " :are supported by this server", 13,
	            "%s", "");
	snprintf(tok, sizeof(tok), "AWAYLEN=%d", AWAY_MAX);
	reply_add(&r, tok);
	reply_add(&r, "CASEMAPPING=ascii");
	reply_add(&r, "CHANLIMIT=#:1");
	reply_add(&r, "CHANMODES=b,,,nt");
	reply_add(&r, "CHANNELLEN=50");
	reply_add(&r, "CHANTYPES=#");
	snprintf(tok, sizeof(tok), "MAXTARGETS=%d", MAX_TARGETS);
	reply_add(&r, tok);
	snprintf(tok, sizeof(tok), "NETWORK=%s", conf.name);
	reply_add(&r, tok);
	snprintf(tok, sizeof(tok), "NICKLEN=%d", NICK_MAX);
	reply_add(&r, tok);
	reply_add(&r, "PREFIX=()");
	snprintf(tok, sizeof(tok), "TARGMAX=JOIN:,LIST:,NAMES:,NOTICE:%d,"
	         "PART:,PRIVMSG:%d,WHOIS:", MAX_TARGETS, MAX_TARGETS);
	reply_add(&r, tok);
	snprintf(tok, sizeof(tok), "TOPICLEN=%d", TOPIC_MAX);
	reply_add(&r, tok);
	reply_add(&r, "UTF8ONLY");
	reply_end(&r, 0);
}

static void
welcome(Session *s)
{
	char pfx[128];

	num(s, RPL_WELCOME, ":Welcome to the %s chat room, %s", conf.name,
	    session_prefix(s, pfx, sizeof(pfx)));
	num(s, RPL_YOURHOST, ":Your host is %s, running version forkd-%s",
	    conf.name, VERSION);
	num(s, RPL_CREATED, ":This server was created %s", conf.created);
	num(s, RPL_MYINFO, "%s forkd-%s i bnt", conf.name, VERSION);
	isupport(s);
	cmd_lusers(s, NULL);
	cmd_motd(s, NULL);
}

static void
try_register(Session *s)
{
	if (s->registered || !s->has_nick || !s->has_user || s->cap_hold)
		return;
	if (table_register(s->slot, s->nick, s->user, s->real, &s->cursor)
	    != CLAIM_OK) {
		s->has_nick = 0;	/* not ours: replies are to "*" */
		num(s, ERR_NICKNAMEINUSE, "%s :Nickname is already in use",
		    s->nick);
		return;
	}
	s->registered = 1;
	sb_registered(s->nick, s->cursor);
	logf_("join %s!%s@%s (slot %d, pid %d)", s->nick, s->user, s->host,
	      s->slot, (int)getpid());
	welcome(s);
	room_join(s);
}

/* IRCv3 capability negotiation: we offer no capability, so LS and LIST
 * list none and REQ is refused whole (NAK echoes the request). Any CAP
 * before registration, even one we refuse, tells us the client speaks CAP:
 * registration then waits for CAP END (IRCv3 says so of LS and REQ; a
 * client that sent LIST or a subcommand we do not know ends with END as
 * well, and waiting for it costs nothing). */
void
cmd_cap(Session *s, Msg *m)
{
	const char *sub = m->params[0];

	if (irc_cmdeq(sub, "END")) {
		s->cap_hold = 0;
		try_register(s);
		return;
	}
	if (!s->registered)
		s->cap_hold = 1;
	if (irc_cmdeq(sub, "LS"))
		sq(s, ":%s CAP %s LS :", conf.name, session_nick(s));
	else if (irc_cmdeq(sub, "LIST"))
		sq(s, ":%s CAP %s LIST :", conf.name, session_nick(s));
	else if (irc_cmdeq(sub, "REQ"))
		sq(s, ":%s CAP %s NAK :%s", conf.name, session_nick(s),
		   m->nparams > 1 ? m->params[1] : "");
	else
		num(s, ERR_INVALIDCAPCMD, "%s :Invalid CAP command",
		    reply_mid(sub));
}

void
cmd_pass(Session *s, Msg *m)
{
	(void)m;
	if (s->registered)	/* no passwords here: accepted, unused */
		num(s, ERR_ALREADYREGISTRED, ":You may not reregister");
}

void
cmd_nick(Session *s, Msg *m)
{
	char line[IRC_LINE_MAX + 1], pfx[128];
	const char *nick = m->nparams ? m->params[0] : "";
	char why[NICK_WHY_MAX];
	uint64_t seq;

	if (!*nick) {
		num(s, ERR_NONICKNAMEGIVEN, ":No nickname given");
		return;
	}
	if (nick_check(nick, strlen(nick)) != NICK_OK) {
		num(s, ERR_ERRONEUSNICKNAME, "%s :Erroneous nickname: %s",
		    reply_mid(nick), nick_why(nick, strlen(nick), why,
		    sizeof(why)));
		return;
	}
	if (!s->registered) {
		if (table_nick_in_use(s->slot, nick)) {
			num(s, ERR_NICKNAMEINUSE,
			    "%s :Nickname is already in use", nick);
			return;
		}
		strlcopy(s->nick, nick, sizeof(s->nick));
		s->has_nick = 1;
		try_register(s);
		return;
	}
	if (!strcmp(nick, s->nick))
		return;
	irc_fmt(line, ":%s NICK :%s", session_prefix(s, pfx, sizeof(pfx)),
	        nick);
	if (table_change_nick(s->slot, nick, line, &seq) != CLAIM_OK) {
		num(s, ERR_NICKNAMEINUSE, "%s :Nickname is already in use",
		    nick);
		return;
	}
	logf_("nick %s -> %s", s->nick, nick);
	strlcopy(s->nick, nick, sizeof(s->nick));
	sb_nick(nick);
	if (!seq)	/* not in the room: only we see it */
		sq(s, "%.*s", (int)strcspn(line, "\r"), line);
	else
		s->echo = 1;
}

/* The user name goes into every prefix: keep it short and harmless. */
static void
clean_user(char *dst, const char *src)
{
	size_t n = 0;

	dst[n++] = '~';		/* no ident lookup here, as is the custom */
	for (; *src && n < USER_MAX + 1; src++)
		if ((unsigned char)*src > 0x20 && (unsigned char)*src < 0x7f &&
		    *src != '@' && *src != '!' && *src != '~')
			dst[n++] = *src;
	if (n == 1)
		dst[n++] = 'u';
	dst[n] = '\0';
}

void
cmd_user(Session *s, Msg *m)
{
	const char *real = m->params[3];

	if (s->registered || s->has_user) {
		num(s, ERR_ALREADYREGISTRED, ":You may not reregister");
		return;
	}
	clean_user(s->user, m->params[0]);
	memcpy(s->real, real, utf8_cut(real, strlen(real), REAL_MAX));
	s->real[utf8_cut(real, strlen(real), REAL_MAX)] = '\0';
	s->has_user = 1;
	try_register(s);
}

void
cmd_ping(Session *s, Msg *m)
{
	if (m->nparams < 1 || !*m->params[0]) {
		num(s, ERR_NOORIGIN, ":No origin specified");
		return;
	}
	if (!server_target(s, m, 1))	/* PING origin [target] */
		return;
	sq(s, ":%s PONG %s :%s", conf.name, conf.name, m->params[0]);
}

void
cmd_pong(Session *s, Msg *m)
{
	(void)m;
	s->pinged = 0;		/* any input resets the idle clock anyway */
}

void
cmd_quit(Session *s, Msg *m)
{
	char reason[IRC_LINE_MAX];

	if (m->nparams > 0 && *m->params[0])
		snprintf(reason, sizeof(reason), "Quit: %s", m->params[0]);
	else
		snprintf(reason, sizeof(reason), "Client Quit");
	session_quit(s, reason);
}

/* One line of the MOTD file as 372s: a line longer than one reply holds
 * (512 bytes with ":server 372 nick :- " and the CRLF) goes on in the
 * next, broken at its last space that fits, or on a character when a
 * word alone is too long: never lost, never cut inside a character. */
static void
motd_line(Session *s, const char *p, size_t n)
{
	size_t room = IRC_TEXT_MAX - (1 + strlen(conf.name) + 5 +
	                              strlen(session_nick(s)) + 4), k, sp;

	do {
		k = n <= room ? n : utf8_cut(p, n, room);
		for (sp = k; k < n && sp > 0 && p[sp] != ' '; sp--)
			;
		if (k < n && sp > 0)
			k = sp;		/* p[k] is the space we break at */
		num(s, RPL_MOTD, ":- %.*s", (int)k, p);
		if (k < n && p[k] == ' ')
			k++;
		p += k, n -= k;
	} while (n > 0);
}

void
cmd_motd(Session *s, Msg *m)
{
	const char *p, *nl;

	if (m && !server_target(s, m, 0))	/* MOTD [target] */
		return;
	if (!conf.motd) {
		num(s, ERR_NOMOTD, ":MOTD File is missing");
		return;
	}
	num(s, RPL_MOTDSTART, ":- %s Message of the day - ", conf.name);
	for (p = conf.motd; *p; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		motd_line(s, p, (size_t)(nl - p));
	}
	num(s, RPL_ENDOFMOTD, ":End of MOTD command");
}

void
cmd_lusers(Session *s, Msg *m)
{
	int users, inroom, max;

	/* LUSERS [mask [target]]: the mask picks servers, and there is
	 * only this one, so it counts everyone */
	if (m && !server_target(s, m, 1))
		return;
	table_counts(&users, &inroom, &max);
	/* the text after ':' is free (RFC 2812 5.1 gives a model): said in
	 * words, singular or plural as the count wants */
	num(s, RPL_LUSERCLIENT, ":There %s %d %s and 0 invisible on 1 "
	    "server", plural(users, "is", "are"), users,
	    plural(users, "user", "users"));
	num(s, RPL_LUSEROP, "0 :operators online");
	num(s, RPL_LUSERCHANNELS, "1 :channel formed");
	num(s, RPL_LUSERME, ":I have %d %s and 0 servers", users,
	    plural(users, "client", "clients"));
	num(s, RPL_LOCALUSERS, "%d %d :Current local users %d, max %d",
	    users, max, users, max);
	num(s, RPL_GLOBALUSERS, "%d %d :Current global users %d, max %d",
	    users, max, users, max);
}
