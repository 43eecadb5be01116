/* reason.c: stock QUIT and ERROR reasons in chat-room words (see
 * reason.h). A row matches when the reason starts with its words (ASCII
 * case folded): "Ping timeout: 120 seconds" is "Ping timeout"'s. The
 * reasons are forkd's (session.c, master.c), ngIRCd's, InspIRCd's and
 * the ircu/hybrid family's, as they send them. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "reason.h"

#define LOST "lost the connection"
#define GONE "connection lost"

static const struct {
	const char *said;		/* the server's words, a prefix */
	const char *left;		/* after "carol " */
	const char *down;		/* after "Disconnected: " */
} rows[] = {
	{ "Client Quit",                "left",  "you left" },
	{ "Client exited",              "left",  "you left" },
	{ "Leaving",                    "left",  "you left" },
	{ "Remote host closed",         LOST,    GONE },
	{ "Connection closed",          LOST,    GONE },
	{ "Connection lost",            LOST,    GONE },
	{ "Connection reset",           LOST,    GONE },
	{ "Connection timed out",       LOST,    GONE },
	{ "Broken pipe",                LOST,    GONE },
	{ "EOF from client",            LOST,    GONE },
	{ "Read error",                 LOST,    GONE },
	{ "Write error",                LOST,    GONE },
	{ "Socket error",               LOST,    GONE },
	{ "Registration timed out",     LOST,    GONE },
	{ "Ping timeout",               LOST " (no answer in time)",
	                                "the server heard nothing from us "
	                                "in time" },
	{ "SendQ exceeded",             LOST " (could not keep up)",
	                                "we could not keep up with the room" },
	{ "Max SendQ exceeded",         LOST " (could not keep up)",
	                                "we could not keep up with the room" },
	{ "Excess Flood",               "was disconnected for flooding",
	                                "too many messages too fast" },
	{ "Server shutting down",       "left: the server is shutting down",
	                                "server shutting down" },
	{ "Server failure",             "was disconnected: server failure",
	                                "server failure" },
	{ "Killed",                     "was removed by an operator",
	                                "removed by an operator" },
	{ "K-Lined",                    "was banned from the server",
	                                "banned from the server" },
	{ "G-Lined",                    "was banned from the server",
	                                "banned from the server" },
	{ "Z-Lined",                    "was banned from the server",
	                                "banned from the server" },
	{ "Banned",                     "was banned from the server",
	                                "banned from the server" },
};

/* Refusals at login: what happened, then what to do. A row matches when
 * its words appear anywhere in the reason (case folded): ircu says "Your
 * host is trying to (re)connect too fast -- throttled". */
static const struct {
	const char *said;
	const char *form;
} refusals[] = {
	{ "Server full",                "The server is full: try again later, "
	                                "or ask its operator to let more "
	                                "people in (forkd-server -m)" },
	{ "Server is full",             "The server is full: try again later, "
	                                "or ask its operator to let more "
	                                "people in" },
	{ "Too many connections",       "Too many connections from your "
	                                "address: close one, or ask the "
	                                "server's operator to allow more "
	                                "(forkd-server --per-ip)" },
	{ "Too many host connections",  "Too many connections from your "
	                                "address: close one, or ask the "
	                                "server's operator to allow more" },
	{ "No more connections",        "Too many connections from your "
	                                "address: close one, or ask the "
	                                "server's operator to allow more" },
	{ "throttled",                  "You connected too often: wait a "
	                                "minute, then connect again" },
	{ "Server busy",                "The server is busy: try again in a "
	                                "moment" },
	{ "Registration timed out",     "The server gave up waiting for the "
	                                "login: connect again (a slow network "
	                                "or a stalled client)" },
	{ "Ping timeout",               "The server heard nothing from us in "
	                                "time: check the network, then "
	                                "connect again" },
	{ "Server shutting down",       "The server is shutting down: try "
	                                "again later" },
	{ "Server failure",             "The server failed: try again later, "
	                                "or tell its operator" },
	{ "out of memory",              "The server ran out of memory: try "
	                                "again later, or tell its operator" },
	{ "Excess Flood",               "The server closed the connection: too "
	                                "many messages too fast; connect "
	                                "again" },
	{ "Killed",                     "An operator removed you from the "
	                                "server: ask them why before "
	                                "connecting again" },
	{ "Lined",                      "You are banned from this server: ask "
	                                "its operator why" },
	{ "banned",                     "You are banned from this server: ask "
	                                "its operator why" },
};

/* Case-folded "is little in big". */
static int
has(const char *big, const char *little)
{
	size_t n = strlen(little);

	for (; *big; big++)
		if (!strncasecmp(big, little, n))
			return 1;
	return 0;
}

void
reason_refused(const char *why, char *out, size_t n)
{
	size_t i;

	while (*why == ' ')
		why++;
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++)
		if (has(why, refusals[i].said)) {
			snprintf(out, n, "%s", refusals[i].form);
			return;
		}
	snprintf(out, n, "The server closed the connection%s%s%s: try "
	         "again later", *why ?
	         " (" : "", why, *why ? ")" : "");
}

/* "irc.a.net irc.b.net": a netsplit's QUIT names the two servers. */
static int
netsplit(const char *w)
{
	const char *sp = strchr(w, ' ');

	return sp && !strchr(sp + 1, ' ') && memchr(w, '.', (size_t)(sp - w))
	       && strchr(sp + 1, '.') && sp[1];
}

static int
row(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (!strncasecmp(w, rows[i].said, strlen(rows[i].said)))
			return (int)i;
	return -1;
}

void
reason_left(const char *why, char *out, size_t n)
{
	int user = !strncmp(why, "Quit:", 5), i;

	if (user)			/* the user's own words follow */
		why += 5;
	while (*why == ' ')
		why++;
	if (!*why || !strcmp(why, "Leaving"))
		snprintf(out, n, "left");
	else if (user)
		snprintf(out, n, "left (%s)", why);
	else if ((i = row(why)) >= 0)
		snprintf(out, n, "%s", rows[i].left);
	else if (netsplit(why))
		snprintf(out, n, LOST " (the servers split)");
	else
		snprintf(out, n, "left (%s)", why);
}

void
reason_down(const char *why, char *out, size_t n)
{
	int i;

	while (*why == ' ')
		why++;
	if (!*why)
		snprintf(out, n, "the server closed the connection");
	else if (!strncmp(why, "Quit:", 5))
		snprintf(out, n, "you left");
	else if ((i = row(why)) >= 0)
		snprintf(out, n, "%s", rows[i].down);
	else if (why[0] >= 'A' && why[0] <= 'Z' && why[1] >= 'a' &&
	         why[1] <= 'z')	/* a sentence's capital, not "SSL" */
		snprintf(out, n, "%c%s", why[0] + 'a' - 'A', why + 1);
	else
		snprintf(out, n, "%s", why);
}
