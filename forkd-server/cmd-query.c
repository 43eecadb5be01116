/* cmd-query.c: questions about users and the server: WHO, WHOIS,
 * USERHOST, ISON, VERSION, TIME. Each reads the table under its lock
 * through table_find or table_each, whose callbacks only copy. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "conf.h"
#include "numeric.h"
#include "table.h"
#include "util.h"

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Match a WHO mask with * and ? against a nick, ASCII case-blind. This
 * runs under the table's lock, so it must be cheap for any mask: on a
 * mismatch it only returns to the last '*' (one more character for it),
 * which makes it O(mask x nick), never exponential (the recursive way
 * took minutes for "**************!", found by fuzzing). */
static int
match(const char *mask, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*mask == '*') {
			star = ++mask;
			resume = s;
		} else if (*mask == '?' || (*mask && lower(*mask) == lower(*s))) {
			mask++, s++;
		} else if (star) {
			mask = star;
			s = ++resume;
		} else {
			return 0;
		}
	}
	while (*mask == '*')
		mask++;
	return !*mask;
}

typedef struct {
	Session *s;
	const char *mask;	/* NULL: everyone given */
} Who;

static void
who_one(void *arg, const Slot *sl)
{
	Who *w = arg;

	if (w->mask && !match(w->mask, sl->nick))
		return;
	num(w->s, RPL_WHOREPLY, "%s %s %s %s %s %c :0 %s",
	    sl->in_room ? conf.room : "*", sl->user, sl->host, conf.name,
	    sl->nick, sl->away[0] ? 'G' : 'H', sl->real);
}

void
cmd_who(Session *s, Msg *m)
{
	const char *mask = m->nparams ? m->params[0] : "*";
	Who w = { s, NULL };

	if (is_room(mask))
		table_each(1, who_one, &w);
	else if (*mask == '#' || *mask == '&')
		;			/* no such channel: an empty list */
	else {
		if (strcmp(mask, "*") && strcmp(mask, "0") && *mask)
			w.mask = mask;
		table_each(0, who_one, &w);
	}
	num(s, RPL_ENDOFWHO, "%s :End of WHO list", *mask ? mask : "*");
}

static void
whois_one(Session *s, const char *nick)
{
	Slot sl;
	time_t now = time(NULL);

	if (table_find(nick, &sl) < 0) {
		num(s, ERR_NOSUCHNICK, "%s :No such nick/channel", nick);
		num(s, RPL_ENDOFWHOIS, "%s :End of WHOIS list", nick);
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

void
cmd_whois(Session *s, Msg *m)
{
	char nicks[IRC_LINE_MAX], *t, *save = NULL;

	/* WHOIS [server] nick[,nick]: the nicks are the last parameter */
	strlcopy(nicks, m->params[m->nparams - 1], sizeof(nicks));
	for (t = strtok_r(nicks, ",", &save); t;
	     t = strtok_r(NULL, ",", &save))
		whois_one(s, t);
}

void
cmd_userhost(Session *s, Msg *m)
{
	char out[IRC_LINE_MAX] = "";
	size_t n = 0;
	Slot sl;
	int i;

	for (i = 0; i < m->nparams && i < 5; i++) {
		if (table_find(m->params[i], &sl) < 0)
			continue;
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s=%c%s@%s",
		                      n ? " " : "", sl.nick,
		                      sl.away[0] ? '-' : '+', sl.user, sl.host);
		if (n >= sizeof(out))
			break;
	}
	num(s, RPL_USERHOST, ":%s", out);
}

void
cmd_ison(Session *s, Msg *m)
{
	char out[IRC_LINE_MAX] = "", buf[IRC_LINE_MAX], *t, *save;
	size_t n = 0;
	Slot sl;
	int i;

	/* ISON a b c, or ISON :a b c: split every parameter on spaces */
	for (i = 0; i < m->nparams; i++) {
		strlcopy(buf, m->params[i], sizeof(buf));
		for (t = strtok_r(buf, " ", &save); t;
		     t = strtok_r(NULL, " ", &save)) {
			if (table_find(t, &sl) < 0 ||
			    n + strlen(sl.nick) + 2 >= sizeof(out))
				continue;
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
			                      n ? " " : "", sl.nick);
		}
	}
	num(s, RPL_ISON, ":%s", out);
}

void
cmd_version(Session *s, Msg *m)
{
	(void)m;
	num(s, RPL_VERSION, "forkd-%s. %s :process-per-client IRC chat "
	    "server", VERSION, conf.name);
}

void
cmd_time(Session *s, Msg *m)
{
	char buf[64];
	time_t now = time(NULL);
	struct tm tm;

	(void)m;
	strftime(buf, sizeof(buf), "%A %B %d %Y -- %H:%M:%S %z",
	         localtime_r(&now, &tm));
	num(s, RPL_TIME, "%s :%s", conf.name, buf);
}
