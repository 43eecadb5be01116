/* cmd.c: the command table and the dispatcher. A new command is a new row
 * here and a function in one of the cmd-*.c files. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "nick.h"
#include "numeric.h"
#include "relay.h"
#include "reply.h"
#include "scoreboard.h"
#include "table.h"
#include "util.h"

#ifdef FORKD_TEST_HOOKS
/* What a careless callback under the lock would do: queue a reply. */
static void
reply_under_lock(void *arg)
{
	Session *s = arg;

	num(s, RPL_WHOREPLY, "* :this reply breaks the lock rule");
}

static void
lock_again(void *arg)
{
	(void)arg;
	table_topic((char[TOPIC_MAX + 1]){ 0 }, (char[NICK_MAX + 1]){ 0 },
	            &(time_t){ 0 }, &(time_t){ 0 });
}

/* TESTHOOK: stop holding the lock (the test kills us there).
 * TESTHOOK MAILBOX nick: stop holding nick's mailbox, mid-write.
 * TESTHOOK OUTBOX: stop holding the lock, half of the outbox appended.
 * TESTHOOK SLOTWRITE: stop holding the lock in the middle of a change of
 * our slot (its count odd).
 * TESTHOOK NICKROW: stop half way through the next write of our nick to
 * our scoreboard row (a NICK).
 * TESTHOOK TEAR: take the next line copied out of the log as torn.
 * TESTHOOK FULLBOX: take the next mailbox we write to as full.
 * TESTHOOK RING nick: stop inside the next doorbell we ring to nick, its
 * pid read and not yet signalled.
 * TESTHOOK PID pid: put pid in our slot's pid field (the janitor's); we
 * go on serving.
 * TESTHOOK BELL pid: put pid in our reader's pid (the one doorbells ring).
 * TESTHOOK BREAK SENDQ|LOCK: break the lock rule on purpose; the checked
 * build must abort (tests/server/test-lockrule.c). */
static void
cmd_testhook(Session *s, Msg *m)
{
	if (m->nparams >= 2 && irc_cmdeq(m->params[0], "BREAK")) {
		table_test_break_rule(irc_cmdeq(m->params[1], "LOCK") ?
		                      lock_again : reply_under_lock, s);
		return;
	}
	if (m->nparams >= 2 && irc_cmdeq(m->params[0], "RING")) {
		User u;

		if (table_find(m->params[1], &u) < 0)
			return;
		relay_test_hold_ring(u.slot);
		sq(s, ":%s NOTICE %s :holding the next ring to %s", conf.name,
		   s->nick, u.nick);
		return;
	}
	if (m->nparams >= 2 && irc_cmdeq(m->params[0], "PID")) {
		table_test_set_pid(s->slot, (pid_t)atoi(m->params[1]));
		sq(s, ":%s NOTICE %s :my slot holds pid %d now", conf.name,
		   s->nick, atoi(m->params[1]));
		return;
	}
	if (m->nparams >= 2 && irc_cmdeq(m->params[0], "BELL")) {
		relay_test_set_pid(s->slot, (pid_t)atoi(m->params[1]));
		sq(s, ":%s NOTICE %s :my doorbell rings pid %d now", conf.name,
		   s->nick, atoi(m->params[1]));
		return;
	}
	if (m->nparams >= 1 && irc_cmdeq(m->params[0], "FULLBOX")) {
		relay_test_full_next();
		sq(s, ":%s NOTICE %s :my next private line goes through the "
		   "log", conf.name, s->nick);
		return;
	}
	if (m->nparams >= 1 && irc_cmdeq(m->params[0], "SLOTWRITE")) {
		sq(s, ":%s NOTICE %s :holding the lock mid-change of my slot",
		   conf.name, s->nick);
		sendq_flush(&s->q, s->fd);
		table_test_hold_slot_write(s->slot);
		return;
	}
	if (m->nparams >= 1 && irc_cmdeq(m->params[0], "NICKROW")) {
		sb_test_stop_in_nick();
		sq(s, ":%s NOTICE %s :my next nick stops half written in my "
		   "row", conf.name, s->nick);
		return;
	}
	if (m->nparams >= 1 && irc_cmdeq(m->params[0], "TEAR")) {
		relay_test_tear();
		sq(s, ":%s NOTICE %s :the next room line I copy is torn",
		   conf.name, s->nick);
		return;
	}
	if (m->nparams >= 1 && irc_cmdeq(m->params[0], "OUTBOX")) {
		sq(s, ":%s NOTICE %s :holding the lock mid-append", conf.name,
		   s->nick);
		sendq_flush(&s->q, s->fd);
		relay_test_hold_commit();
		return;
	}
	if (m->nparams >= 2 && irc_cmdeq(m->params[0], "MAILBOX")) {
		User u;

		if (table_find(m->params[1], &u) < 0)
			return;
		sq(s, ":%s NOTICE %s :holding the mailbox of %s", conf.name,
		   s->nick, u.nick);
		sendq_flush(&s->q, s->fd);
		relay_test_hold_mail(u.slot);
		return;
	}
	sq(s, ":%s NOTICE %s :holding the lock", conf.name, s->nick);
	sendq_flush(&s->q, s->fd);
	table_test_hold_lock();
}
#endif

/* text: the index of a command's free-text parameter, always its last
 * (the message, the topic, a reason, the real name), or -1. Sorted by
 * name (irc_cmdcmp): cmd_dispatch finds a command by bsearch. */
typedef struct {
	const char *name;
	Handler fn;
	int minparams;
	int needreg;
	int text;
} Command;

static const Command cmds[] = {
	{ "AWAY",     cmd_away,     0, 1,  0 },
	{ "CAP",      cmd_cap,      1, 0, -1 },
	{ "ISON",     cmd_ison,     1, 1, -1 },
	{ "JOIN",     cmd_join,     1, 1, -1 },
	{ "LIST",     cmd_list,     0, 1, -1 },
	{ "LUSERS",   cmd_lusers,   0, 1, -1 },
	{ "MODE",     cmd_mode,     1, 1, -1 },
	{ "MOTD",     cmd_motd,     0, 1, -1 },
	{ "NAMES",    cmd_names,    0, 1, -1 },
	{ "NICK",     cmd_nick,     0, 0, -1 },
	{ "NOTICE",   cmd_notice,   0, 1,  1 },
	{ "PART",     cmd_part,     1, 1,  1 },
	{ "PASS",     cmd_pass,     1, 0, -1 },
	{ "PING",     cmd_ping,     0, 0, -1 },
	{ "PONG",     cmd_pong,     0, 0, -1 },
	{ "PRIVMSG",  cmd_privmsg,  0, 1,  1 },
	{ "QUIT",     cmd_quit,     0, 0,  0 },
	{ "STATS",    cmd_stats,    0, 1, -1 },
#ifdef FORKD_TEST_HOOKS
	{ "TESTHOOK", cmd_testhook, 0, 1, -1 },
#endif
	{ "TIME",     cmd_time,     0, 1, -1 },
	{ "TOPIC",    cmd_topic,    1, 1,  1 },
	{ "USER",     cmd_user,     4, 0,  3 },
	{ "USERHOST", cmd_userhost, 1, 1, -1 },
	{ "VERSION",  cmd_version,  0, 1, -1 },
	{ "WHO",      cmd_who,      0, 1, -1 },
	{ "WHOIS",    cmd_whois,    1, 1, -1 },
};

/* A text sent without its ':' ("PRIVMSG bob hello world") arrives as
 * several parameters; RFC 2812 2.3.1 makes the text the trailing one, and
 * taking the first word only lost the rest without a word. The words are
 * joined again with single spaces, as InspIRCd does (a stock server also
 * answers 461; neither loses text silently). */
static void
join_text(Msg *m, int t)
{
	static char text[IRC_LINE_MAX];
	size_t k = 0, len;
	int i;

	for (i = t; i < m->nparams; i++) {
		len = strlen(m->params[i]);
		if (k + (i > t) + len >= sizeof(text))
			break;		/* cannot be: the line held them */
		if (i > t)
			text[k++] = ' ';
		memcpy(text + k, m->params[i], len);
		k += len;
	}
	text[k] = '\0';
	m->params[t] = text;
	m->nparams = t + 1;
}

int
is_room(const char *name)
{
	return !nick_cmp(name, conf.room);
}

int
server_target(Session *s, const Msg *m, int i)
{
	const char *t = i < m->nparams ? m->params[i] : "";
	User sl;

	if (!*t || nick_match(t, conf.name) || table_find(t, &sl) >= 0)
		return 1;
	num(s, ERR_NOSUCHSERVER, "%s :No such server", reply_mid(t));
	return 0;
}

static int
bycmd(const void *name, const void *c)
{
	return irc_cmdcmp(name, ((const Command *)c)->name);
}

void
cmd_dispatch(Session *s, Msg *m)
{
	const Command *c = bsearch(m->cmd, cmds, LEN(cmds), sizeof(cmds[0]),
	                           bycmd);
	size_t i = c ? (size_t)(c - cmds) : LEN(cmds);

	if (i == LEN(cmds)) {
		if (s->registered)
			num(s, ERR_UNKNOWNCOMMAND, "%s :Unknown command",
			    reply_mid(m->cmd));
		else	/* irssi waits for 451 or CAP before registering */
			num(s, ERR_NOTREGISTERED, ":You have not registered");
		return;
	}
	if (cmds[i].needreg && !s->registered) {
		num(s, ERR_NOTREGISTERED, ":You have not registered");
		return;
	}
	if (cmds[i].text >= 0 && m->nparams > cmds[i].text + 1)
		join_text(m, cmds[i].text);
	if (m->nparams < cmds[i].minparams) {
		num(s, ERR_NEEDMOREPARAMS, "%s :Not enough parameters",
		    cmds[i].name);
		return;
	}
	cmds[i].fn(s, m);
}
