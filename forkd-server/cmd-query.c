/* cmd-query.c: questions about users and the server: WHO, WHOIS,
 * USERHOST, ISON, VERSION, TIME. Each copies what it needs out of the
 * table (table_find, table_users: the lock is held only for the copy),
 * then matches and formats its replies with the lock released (the lock
 * rule, shm.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "conf.h"
#include "nick.h"
#include "numeric.h"
#include "reply.h"
#include "table.h"
#include "util.h"

#define WHO_BATCH 16	/* users copied per lock round trip */

/* RFC 2812 3.6.1: a mask is matched against the nick, the host, the
 * server and the real name. */
static int
who_match(const char *mask, const User *u)
{
	return nick_match(mask, u->nick) || nick_match(mask, u->host) ||
	       nick_match(mask, conf.name) || nick_match(mask, u->real);
}

/* One 352 per user in the room (room_only) or matching mask (NULL: all),
 * copied out a batch at a time and formatted with the lock released. A
 * client that stops reading is dropped by its send queue mid-list
 * ("SendQ exceeded"), and the list stops there. */
static void
who_list(Session *s, int room_only, const char *mask)
{
	User u[WHO_BATCH];
	int pos = 0, n, i;

	while (!s->closing && (n = table_users(&pos, room_only, u,
	                                       WHO_BATCH)) > 0)
		for (i = 0; i < n && !s->closing; i++) {
			if (mask && !who_match(mask, &u[i]))
				continue;
			num(s, RPL_WHOREPLY, "%s %s %s %s %s %c :0 %s",
			    u[i].in_room ? conf.room : "*", u[i].user,
			    u[i].host, conf.name, u[i].nick,
			    u[i].away[0] ? 'G' : 'H', u[i].real);
		}
}

/* WHO [mask ["o"]] (RFC 2812 3.6.1): the room's members when the mask is
 * its name, nobody for another channel, else the users the mask matches
 * ("", "*" and "0": everyone). "o" asks for operators only: there are
 * none here. (A WHOX "%fields" request, which we do not advertise, gets
 * the plain list.) Always ends with 315 naming the mask. */
void
cmd_who(Session *s, Msg *m)
{
	const char *mask = m->nparams ? m->params[0] : "*";
	int opers_only = m->nparams > 1 && m->params[1][0] != '%' &&
	                 strchr(m->params[1], 'o');

	if (opers_only)
		;			/* no operators: an empty list */
	else if (is_room(mask))
		who_list(s, 1, NULL);
	else if (*mask == '#' || *mask == '&')
		;			/* no such channel: an empty list */
	else
		who_list(s, 0, strcmp(mask, "*") && strcmp(mask, "0") &&
		               *mask ? mask : NULL);
	num(s, RPL_ENDOFWHO, "%s :End of WHO list", reply_mid(mask));
}

static void
whois_one(Session *s, const char *nick)
{
	User sl;
	time_t now = time(NULL);

	if (table_find(nick, &sl) < 0) {
		num(s, ERR_NOSUCHNICK, "%s :No such nick/channel",
		    reply_mid(nick));
		num(s, RPL_ENDOFWHOIS, "%s :End of WHOIS list",
		    reply_mid(nick));
		return;
	}
	num(s, RPL_WHOISUSER, "%s %s %s * :%s", sl.nick, sl.user, sl.host,
	    sl.real);
	if (sl.in_room)
		num(s, RPL_WHOISCHANNELS, "%s :%s", sl.nick, conf.room);
	num(s, RPL_WHOISSERVER, "%s %s :forkd, one process per client",
	    sl.nick, conf.name);
	if (sl.away[0])
		num(s, RPL_AWAY, "%s :%s", sl.nick, sl.away);
	num(s, RPL_WHOISIDLE, "%s %lld %lld :seconds idle, signon time",
	    sl.nick, (long long)(now - sl.lastmsg), (long long)sl.signon);
	num(s, RPL_ENDOFWHOIS, "%s :End of WHOIS list", sl.nick);
}

/* WHOIS [target] nick[,nick...] (RFC 2812 3.6.2): for each nick its
 * replies and a 318, or 401 and a 318; empty entries are skipped, and a
 * list with no nick in it is 431. A nick with wildcards matches no nick
 * (401): masks are not looked up, so one WHOIS cannot list the server. */
void
cmd_whois(Session *s, Msg *m)
{
	char nicks[IRC_LINE_MAX], *t, *save = NULL;
	int any = 0;

	if (m->nparams > 1 && !server_target(s, m, 0))
		return;
	strlcopy(nicks, m->params[m->nparams - 1], sizeof(nicks));
	for (t = strtok_r(nicks, ",", &save); t;
	     t = strtok_r(NULL, ",", &save), any = 1)
		whois_one(s, t);
	if (!any)
		num(s, ERR_NONICKNAMEGIVEN, ":No nickname given");
}

/* The nicks of a space-separated list (USERHOST, ISON), however the
 * client sent them: as middles (ISON a b c), as one trailing (ISON :a b
 * c), or both. Past 14 middles the parser keeps the rest of the line as
 * the 15th parameter (RFC 2812 2.3), ':' of a trailing after a 15th
 * middle included: a word's leading ':' marks that trailing, never a
 * nick (nick_check refuses ':'), and is dropped. */
typedef struct {
	const Msg *m;
	int i;			/* the next parameter */
	const char *p;		/* in the current one; NULL: take the next */
} Words;

/* The next word into out (NICK_MAX + 1 bytes; "" for a word too long to
 * be a nick, which still counts as one given). Returns 0 at the end. */
static int
next_word(Words *w, char *out)
{
	const char *t;
	size_t k;

	for (;;) {
		if (!w->p && w->i == w->m->nparams)
			return 0;
		if (!w->p)
			w->p = w->m->params[w->i++];
		t = w->p + strspn(w->p, " ");
		k = strcspn(t, " ");
		w->p = t[k] ? t + k : NULL;
		if (*t == ':')
			t++, k--;
		if (k == 0)
			continue;
		k = k <= NICK_MAX ? k : 0;
		memcpy(out, t, k);
		out[k] = '\0';
		return 1;
	}
}

/* USERHOST nick *( SPACE nick ) (RFC 2812 4.8): of the first five nicks
 * (taken as ISON takes them: middles, a trailing, or both), those
 * online, as nick=+user@host ('-' when away); a sixth and later are not
 * answered, as in ngIRCd, solanum and InspIRCd. Always one 302 at
 * least. */
void
cmd_userhost(Session *s, Msg *m)
{
	char item[NICK_MAX + USER_MAX + HOST_MAX + 8], nick[NICK_MAX + 1];
	Words w = { m, 0, NULL };
	Reply r;
	User sl;
	int i;

	reply_start(&r, s, RPL_USERHOST, NULL, 0, ":");
	for (i = 0; i < 5 && next_word(&w, nick); i++) {
		if (table_find(nick, &sl) < 0)
			continue;
		snprintf(item, sizeof(item), "%s=%c%s@%s", sl.nick,
		         sl.away[0] ? '-' : '+', sl.user, sl.host);
		reply_add(&r, item);
	}
	reply_end(&r, 1);
}

/* ISON nick *( SPACE nick ) (RFC 2812 4.9), also sent as ISON :a b c:
 * of every nick given, as many as the line holds, those online, in our
 * spelling, in as many 303s as they take; always one 303 at least. */
void
cmd_ison(Session *s, Msg *m)
{
	char nick[NICK_MAX + 1];
	Words w = { m, 0, NULL };
	Reply r;
	User sl;

	reply_start(&r, s, RPL_ISON, NULL, 0, ":");
	while (next_word(&w, nick))
		if (table_find(nick, &sl) >= 0)
			reply_add(&r, sl.nick);
	reply_end(&r, 1);
}

void
cmd_version(Session *s, Msg *m)
{
	if (!server_target(s, m, 0))
		return;
	num(s, RPL_VERSION, "forkd-%s. %s :process-per-client IRC chat "
	    "server", VERSION, conf.name);
}

void
cmd_time(Session *s, Msg *m)
{
	char buf[64];
	time_t now = time(NULL);
	struct tm tm;

	if (!server_target(s, m, 0))
		return;
	strftime(buf, sizeof(buf), "%A %B %d %Y -- %H:%M:%S %z",
	         localtime_r(&now, &tm));
	num(s, RPL_TIME, "%s :%s", conf.name, buf);
}
