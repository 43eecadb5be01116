/* cmd.c: the input line's commands. Plain text goes to the current
 * conversation; "/name args" runs a row of the table below; "@nick text"
 * is the lab's private-message form, an alias of /msg; "//text" sends text
 * that starts with a slash. What we say is added to the log here, because
 * IRC servers do not echo PRIVMSG back to the sender. */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "irc.h"
#include "linebuf.h"
#include "nick.h"
#include "procs.h"
#include "utf8.h"
#include "util.h"

/* Room for the text of one PRIVMSG: the server relays it with our full
 * prefix (nick!user@host, up to ~100 bytes) in 512 (RFC 2812 2.3). */
#define CHUNK 400
#define ENTRY_BUF 2048

#define HELP_COL 16	/* characters of the usage column in /help */

typedef struct {
	const char *name;	/* NULL: a row of /help only */
	int (*fn)(State *s, char *args);
	const char *usage, *help;
} Cmd;

/* How many PRIVMSGs text takes. */
static unsigned
chunks(const char *text, size_t n)
{
	unsigned k = 0;
	size_t c;

	do {
		c = n > CHUNK ? utf8_cut(text, n, CHUNK) : n;
		text += c;
		n -= c;
		k++;
	} while (n && c);
	return k;
}

/* Say text to target, typed in the current tab. The line goes to the
 * target's tab (a nick's is opened); typed elsewhere it is also echoed
 * there as "-> bob: text", where an answer ("bob is not online") will
 * be said too. */
static void
say(State *s, const char *target, const char *text, int action)
{
	char line[IRC_LINE_MAX + 1];
	Conv *here = state_current(s), *c;
	size_t n = strlen(text), k;
	unsigned left = chunks(text, n), i = 0;

	/* to ourselves: the server gives it back to us (ircin.c drops
	 * that copy), so it is said once, here, and no tab opens */
	if (procs_is(here) && !nick_cmp(here->name, target)) {
		procs_say_note("This tab shows the server's processes: say "
		               "it in the room or a private tab");
		return;
	}
	c = !nick_cmp(here->name, target) ? here : state_ischan(s, target) ?
	    state_conv(s, target) : state_isme(s, target) ? NULL :
	    state_conv_open(s, target);
	do {	/* long text: several messages, cut on characters */
		k = n > CHUNK ? utf8_cut(text, n, CHUNK) : n;
		if (!k)
			break;
		snprintf(line, sizeof(line), "PRIVMSG %s :%s%.*s%s", target,
		         action ? "\1ACTION " : "", (int)k, text,
		         action ? "\1" : "");
		if (i++)
			state_sendf(s, "%s", line);
		else	/* its answer, said once, where it was typed */
			state_command(s, here, left, "%s", line);
		if (c)
			state_add(s, c, action ? LINE_ACTION : LINE_MSG,
			          s->nick, "%.*s", (int)k, text);
		if (c != here)
			state_add(s, here, LINE_MSG, s->nick, "-> %s: %s%.*s",
			          target, action ? "* " : "", (int)k, text);
		text += k;
		n -= k;
	} while (n);
}

int
cmd_say(State *s, const char *target, const char *text)
{
	if (s->status != ST_ONLINE)
		return CMD_OFFLINE;
	say(s, target, text, 0);
	return CMD_OK;
}

/* Split "word rest" in place: returns rest (maybe ""), word in *w. */
static char *
split(char *args, char **w)
{
	char *sp;

	while (*args == ' ')
		args++;
	*w = args;
	if (!(sp = strchr(args, ' ')))
		return args + strlen(args);
	*sp++ = '\0';
	while (*sp == ' ')
		sp++;
	return sp;
}

/* Offline, a command is not lost: cmd_run() returns CMD_OFFLINE and the
 * input line keeps the text for when the connection is back. */
static int
online(State *s)
{
	if (s->status == ST_ONLINE)
		return 1;
	state_add(s, state_current(s), LINE_ERROR, NULL,
	          "Not connected: your text stays in the input line until "
	          "the connection is back");
	return 0;
}

static int
usage(State *s, const char *u)
{
	state_add(s, state_current(s), LINE_ERROR, NULL, "Usage: %s", u);
	return CMD_OK;
}

static int
msg(State *s, char *args)
{
	char *nick, *text = split(args, &nick);

	if (!*nick || !*text)
		return usage(s, "/msg NICK TEXT  (or @NICK TEXT)");
	if (!online(s))
		return CMD_OFFLINE;
	say(s, nick, text, 0);
	return CMD_OK;
}

/* /query NICK: a tab that is open, or the tab of a user in the room, is
 * shown at once; else the server is asked first (ISON, RFC 2812 4.9), and ircin.c opens the tab when the nick is
 * online or says where this was typed that it is not: no empty tab for
 * a nick nobody has. Never a tab with ourselves. */
static int
query(State *s, char *args)
{
	char *nick;
	Conv *c;
	Pending *p;
	int i;

	split(args, &nick);
	if (!*nick)
		return usage(s, "/query NICK");
	if (strlen(nick) >= CONV_NAME_MAX || state_ischan(s, nick))
		return usage(s, "/query NICK  (a nick, not that long)");
	if (state_isme(s, nick)) {
		state_info(s, NULL, "%s is you: /msg %s TEXT shows the line "
		           "here", nick, nick);
		return CMD_OK;
	}
	if ((i = state_user_find(s, nick)) >= 0)	/* in the room: online */
		c = state_conv_open(s, s->users[i].nick);
	else
		c = state_conv(s, nick);
	if (c && !c->room && !c->chan) {
		state_select(s, (size_t)state_conv_index(s, c));
		return CMD_OK;
	}
	if (!c && i >= 0) {
		state_add(s, state_current(s), LINE_ERROR, NULL, "%zu tabs "
		          "are open, each with unread lines: read or /close "
		          "one first", s->nconvs);
		return CMD_OK;
	}
	if (!online(s))
		return CMD_OFFLINE;
	state_command(s, state_current(s), 1, "ISON %s", nick);
	if ((p = state_pending_find(s, "ISON", nick)))
		p->query = 1;
	return CMD_OK;
}

static int
me(State *s, char *args)
{
	if (!*args)
		return usage(s, "/me ACTION");
	if (!online(s))
		return CMD_OFFLINE;
	say(s, state_current(s)->name, args, 1);
	return CMD_OK;
}

static int
nick(State *s, char *args)
{
	char *n, why[NICK_WHY_MAX];
	NickStatus st;

	split(args, &n);
	if (!*n)
		return usage(s, "/nick NEWNICK");
	if ((st = nick_check(n, strlen(n))) != NICK_OK) {
		/* a mark first would sit on the space before the name: it
		 * is shown on a dotted circle (U+25CC), as drw.c draws one
		 * that starts a text */
		state_add(s, state_current(s), LINE_ERROR, NULL, "%s%s: %s",
		          st == NICK_MARKSTART ? "\xe2\x97\x8c" : "", n,
		          nick_why(n, strlen(n), why, sizeof(why)));
		return CMD_OK;
	}
	if (!online(s))
		return CMD_OFFLINE;
	state_command(s, state_current(s), 1, "NICK %s", n);
	return CMD_OK;
}

static int
topic(State *s, char *args)
{
	if (!online(s))
		return CMD_OFFLINE;
	if (*args)
		state_command(s, state_current(s), 1, "TOPIC %s :%s",
		              state_room(s)->name, args);
	else
		state_command(s, state_current(s), 1, "TOPIC %s",
		              state_room(s)->name);
	return CMD_OK;
}

static int
away(State *s, char *args)
{
	if (!online(s))
		return CMD_OFFLINE;
	if (*args)
		state_command(s, state_current(s), 1, "AWAY :%s", args);
	else
		state_command(s, state_current(s), 1, "AWAY");
	return CMD_OK;
}

static int
names(State *s, char *args)
{
	(void)args;
	if (!online(s))
		return CMD_OFFLINE;
	state_command(s, state_current(s), 1, "NAMES %s", state_room(s)->name);
	return CMD_OK;
}

static int
quit(State *s, char *args)
{
	state_sendf(s, "QUIT :%s", *args ? args : "Leaving");
	return CMD_QUIT;
}

static int
closetab(State *s, char *args)
{
	(void)args;
	if (s->cur == 0)
		state_info(s, NULL, "The room cannot be closed; /quit leaves");
	else
		state_conv_close(s, s->cur);
	return CMD_OK;
}

static int
raw(State *s, char *args)
{
	if (!*args)
		return usage(s, "/quote RAW IRC LINE");
	if (!online(s))
		return CMD_OFFLINE;
	state_command(s, state_current(s), 1, "%s", args);
	return CMD_OK;
}

static int
procstab(State *s, char *args)
{
	(void)args;
	procs_open(s);
	return CMD_OK;
}

static int help(State *s, char *args);

static const Cmd cmds[] = {
	{ "msg",   msg,      "/msg NICK TEXT", "private message (or @NICK TEXT)" },
	{ "query", query,    "/query NICK",    "open a private tab" },
	{ "me",    me,       "/me ACTION",     "say what you do" },
	{ "nick",  nick,     "/nick NEWNICK",  "change your nickname" },
	{ "topic", topic,    "/topic [TEXT]",  "show or set the room's topic" },
	{ "away",  away,     "/away [TEXT]",   "mark yourself away, or back" },
	{ "names", names,    "/names",         "list who is in the room" },
	{ "close", closetab, "/close",         "close this private tab" },
	{ "procs", procstab, "/procs",         "the server's processes, live" },
	{ "quote", raw,      "/quote LINE",    "send a raw IRC line" },
	{ "quit",  quit,     "/quit [TEXT]",   "leave and close the client" },
	{ "help",  help,     "/help",          "this list" },
	{ NULL,    NULL,     "//TEXT",         "send TEXT starting with a slash" },
};

/* The usage column is set in the monospace face (IRC's 0x11, fmt.c) and
 * padded, so the descriptions line up in a proportional font too. */
static int
help(State *s, char *args)
{
	size_t i;

	(void)args;
	for (i = 0; i < LEN(cmds); i++)
		state_info(s, NULL, "\x11%-*s\x11%s", HELP_COL, cmds[i].usage,
		           cmds[i].help);
	return CMD_OK;
}

int
cmd_run(State *s, const char *input)
{
	char buf[ENTRY_BUF], *name, *args;
	size_t i;

	strlcopy(buf, input, sizeof(buf));
	/* one input line is one IRC line: a CR or LF in it (a paste) would
	 * end the command early and start another (RFC 2812 2.3) */
	for (i = 0; buf[i]; i++)
		if (buf[i] == '\r' || buf[i] == '\n')
			buf[i] = ' ';
	if (!*buf)
		return CMD_OK;
	if (buf[0] == '@' && buf[1] && buf[1] != ' ')
		return msg(s, buf + 1);
	if (buf[0] != '/' || buf[1] == '/') {
		if (!online(s))
			return CMD_OFFLINE;
		say(s, state_current(s)->name, buf + (buf[0] == '/'), 0);
		return CMD_OK;
	}
	args = split(buf + 1, &name);
	for (i = 0; i < LEN(cmds); i++)
		if (cmds[i].name && irc_cmdeq(name, cmds[i].name))
			return cmds[i].fn(s, args);
	state_add(s, state_current(s), LINE_ERROR, NULL,
	          "Unknown command /%s: type /help for the list", name);
	return CMD_OK;
}
