#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
/* cmd-room.c: the one public room. Every registered user is joined to it
 * at registration (room_join); PART leaves it and JOIN comes back. JOIN of
 * any other channel is refused with a numeric that names the room.
 *
 * The NAMES list is taken under the same lock as the JOIN is logged, and
 * sent when this reader reaches its own JOIN in the log (session.c), so a
 * joiner's list and the events after it are always consistent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cmd.h"
#include "conf.h"
#include "numeric.h"
#include "reply.h"
#include "shm.h"
#include "table.h"
#include "utf8.h"
#include "util.h"

/* A NAMES list, in a mapping of its own (up to 31 KiB for 1024 users)
 * that is unmapped once sent, so it leaves no dirty heap behind. Made
 * before the lock is taken: the table only copies nicks into it. */
static int
names_new(Names *n)
{
	n->len = 0;
	n->cap = table_nicks_cap();
	if (shm_check_unlocked("allocating a NAMES list") < 0) {
		n->buf = NULL;
		return -1;
	}
	n->buf = mmap(NULL, n->cap, PROT_READ | PROT_WRITE,
	              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (n->buf == MAP_FAILED)
		n->buf = NULL;
	return n->buf ? 0 : -1;
}

static void
names_free(Names *n)
{
	if (n->buf)
		munmap(n->buf, n->cap);
	n->buf = NULL;
}

/* The names in list (space-separated, cut up in place) as 353s for the
 * room (RFC 2812 3.2.5: '=' a public channel), split between nicks at 512
 * bytes (reply.c), then 366. */
static void
send_names(Session *s, char *list)
{
	char *t, *save = NULL;
	Reply r;

	reply_start(&r, s, RPL_NAMREPLY, NULL, 0, "= %s :", conf.room);
	for (t = list ? strtok_r(list, " ", &save) : NULL; t;
	     t = strtok_r(NULL, " ", &save))
		reply_add(&r, t);
	reply_end(&r, 0);
	num(s, RPL_ENDOFNAMES, "%s :End of NAMES list", conf.room);
}

static void
send_topic(Session *s, int always)
{
	char topic[TOPIC_MAX + 1], who[NICK_MAX + 1];
	time_t when, created;

	table_topic(topic, who, &when, &created);
	if (!*topic) {
		if (always)
			num(s, RPL_NOTOPIC, "%s :No topic is set", conf.room);
		return;
	}
	num(s, RPL_TOPIC, "%s :%s", conf.room, topic);
	num(s, RPL_TOPICWHOTIME, "%s %s %lld", conf.room, who,
	    (long long)when);
}

void
room_join(Session *s)
{
	char line[IRC_LINE_MAX + 1], pfx[128];

	session_drain(s);	/* older lines are seen as before the JOIN */
	irc_fmt(line, ":%s JOIN %s", session_prefix(s, pfx, sizeof(pfx)),
	        conf.room);
	names_free(&s->names);
	names_new(&s->names);
	s->join_seq = table_join(s->slot, line, s->names.buf,
	                         s->names.buf ? s->names.cap : 0);
	s->span[s->nspan].from = s->join_seq;
	s->span[s->nspan].until = UINT64_MAX;
	s->nspan++;
	s->in_room = 1;
}

/* Called by the session when it reads its own JOIN from the log. */
void
room_burst(Session *s)
{
	send_topic(s, 0);	/* 331 answers TOPIC, never JOIN */
	send_names(s, s->names.buf);
	names_free(&s->names);
	s->worked = 1;		/* deep: trim after (session.c) */
}

void
room_leave(Session *s)
{
	names_free(&s->names);
}

static void
part(Session *s, const char *reason)
{
	char line[IRC_LINE_MAX + 1], pfx[128];

	session_drain(s);
	session_prefix(s, pfx, sizeof(pfx));
	if (reason && *reason)
		irc_fmt(line, ":%s PART %s :%s", pfx, conf.room, reason);
	else
		irc_fmt(line, ":%s PART %s", pfx, conf.room);
	s->span[s->nspan - 1].until = table_part(s->slot, line);
	s->in_room = 0;
	session_drain(s);	/* our PART before any answer after it */
}

/* A channel list ("", ",", ",,") with no channel in it is no parameter:
 * 461, as for none at all (irssi probes with "JOIN :"). Returns 1 if
 * there is a channel to look at. */
static int
no_channel(Session *s, Msg *m, const char *cmd)
{
	if (m->params[0][strspn(m->params[0], ",")])
		return 1;
	num(s, ERR_NEEDMOREPARAMS, "%s :Not enough parameters", cmd);
	return 0;
}

void
cmd_join(Session *s, Msg *m)
{
	char targets[IRC_LINE_MAX], *t, *save = NULL;

	if (!no_channel(s, m, "JOIN"))
		return;
	strlcopy(targets, m->params[0], sizeof(targets));
	for (t = strtok_r(targets, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "0")) {		/* RFC 2812 3.2.1: part all */
			if (s->in_room)
				part(s, "Left all channels");
		} else if (is_room(t)) {
			if (s->in_room)
				continue;
			if (s->nspan == ROOM_SPANS)	/* see session.h */
				session_drain(s);
			if (s->nspan == ROOM_SPANS) {
				num(s, ERR_TOOMANYCHANNELS, "%s :Too many joins "
				    "while your messages wait to be sent; try "
				    "again later", conf.room);
				break;
			}
			room_join(s);
		} else {
			num(s, ERR_NOSUCHCHANNEL, "%s :No such channel: this "
			    "server has one room, %s", reply_mid(t), conf.room);
		}
	}
}

void
cmd_part(Session *s, Msg *m)
{
	char targets[IRC_LINE_MAX], *t, *save = NULL;

	if (!no_channel(s, m, "PART"))
		return;
	strlcopy(targets, m->params[0], sizeof(targets));
	for (t = strtok_r(targets, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (!is_room(t))
			num(s, ERR_NOSUCHCHANNEL, "%s :No such channel: this "
			    "server has one room, %s", reply_mid(t), conf.room);
		else if (!s->in_room)
			num(s, ERR_NOTONCHANNEL, "%s :You're not on that "
			    "channel", conf.room);
		else
			part(s, m->nparams > 1 ? m->params[1] : NULL);
	}
}

void
cmd_topic(Session *s, Msg *m)
{
	char line[IRC_LINE_MAX + 1], pfx[128], topic[TOPIC_MAX + 1];
	const char *t;
	size_t k;

	if (!is_room(m->params[0])) {
		num(s, ERR_NOSUCHCHANNEL, "%s :No such channel: this server "
		    "has one room, %s", reply_mid(m->params[0]),
		    conf.room);
		return;
	}
	if (m->nparams < 2) {
		send_topic(s, 1);
		return;
	}
	if (!s->in_room) {	/* anyone in the room may set it */
		num(s, ERR_NOTONCHANNEL, "%s :You're not on that channel",
		    conf.room);
		return;
	}
	t = m->params[1];
	k = utf8_cut(t, strlen(t), TOPIC_MAX);
	memcpy(topic, t, k);
	topic[k] = '\0';
	irc_fmt(line, ":%s TOPIC %s :%s", session_prefix(s, pfx, sizeof(pfx)),
	        conf.room, topic);
	table_set_topic(s->slot, topic, line);
	s->echo = 1;
}

static void
room_names(Session *s)
{
	Names n;

	if (names_new(&n) == 0)
		table_nicks(n.buf, n.cap);
	send_names(s, n.buf);
	names_free(&n);
}

/* RFC 2812 3.2.5: NAMES with no channel lists, after the channels, the
 * users on none as channel "*" ("353 * *", "366 *"), when there are any
 * (those who left the room). Copied out a batch at a time, formatted with
 * the lock released, as WHO does. */
static void
names_outside(Session *s)
{
	User u[16];
	Reply r;
	int pos = 0, n, i;

	reply_start(&r, s, RPL_NAMREPLY, NULL, 0, "* * :");
	while (!s->closing && (n = table_users(&pos, 0, u, LEN(u))) > 0)
		for (i = 0; i < n; i++)
			if (!u[i].in_room)
				reply_add(&r, u[i].nick);
	if (!r.items && !r.lines)
		return;
	reply_end(&r, 0);
	num(s, RPL_ENDOFNAMES, "* :End of NAMES list");
}

/* NAMES [channel[,channel...] [target]] (RFC 2812 3.2.5): for each
 * channel named, its 353s and its 366; a name that is not the room has
 * nobody in it here: 366 alone. No channel: the room's, then those in no
 * room. A list with no channel in it (",") still ends, with "366 *". */
void
cmd_names(Session *s, Msg *m)
{
	char list[IRC_LINE_MAX], *t, *save = NULL;
	int any = 0;

	if (!server_target(s, m, 1))
		return;
	if (m->nparams == 0 || !*m->params[0]) {
		room_names(s);
		names_outside(s);
		return;
	}
	strlcopy(list, m->params[0], sizeof(list));
	for (t = strtok_r(list, ",", &save); t;
	     t = strtok_r(NULL, ",", &save), any = 1)
		if (is_room(t))
			room_names(s);
		else
			num(s, RPL_ENDOFNAMES, "%s :End of NAMES list",
			    reply_mid(t));
	if (!any)
		num(s, RPL_ENDOFNAMES, "* :End of NAMES list");
}

/* LIST [channel[,channel...] [target]] (RFC 2812 3.2.6): the room when
 * it is asked for by name or nothing is asked for; other names are not
 * channels here and list nothing. Always ends with 323. */
void
cmd_list(Session *s, Msg *m)
{
	char topic[TOPIC_MAX + 1], who[NICK_MAX + 1], names[IRC_LINE_MAX];
	char *t, *save = NULL;
	int users, inroom, max, want = 1;
	time_t when, created;

	if (!server_target(s, m, 1))
		return;
	if (m->nparams > 0 && *m->params[0]) {
		want = 0;
		strlcopy(names, m->params[0], sizeof(names));
		for (t = strtok_r(names, ",", &save); t;
		     t = strtok_r(NULL, ",", &save))
			want |= is_room(t);
	}
	num(s, RPL_LISTSTART, "Channel :Users Name");
	if (want) {
		table_counts(&users, &inroom, &max);
		table_topic(topic, who, &when, &created);
		num(s, RPL_LIST, "%s %d :%s", conf.room, inroom, topic);
	}
	num(s, RPL_LISTEND, ":End of LIST");
}

/* A MODE with no mode string, or an empty one ("MODE #lobby :"), asks. */
static int
modes_given(const Msg *m)
{
	return m->nparams >= 2 && m->params[1][strspn(m->params[1], " ")];
}

static void
user_mode(Session *s, Msg *m)
{
	char pfx[128];
	const char *p;
	int add = 1, before = s->umode_i;

	if (nick_cmp(m->params[0], s->nick)) {
		num(s, ERR_USERSDONTMATCH, ":Can't change mode for other "
		    "users");
		return;
	}
	if (!modes_given(m)) {
		num(s, RPL_UMODEIS, "%s", s->umode_i ? "+i" : "+");
		return;
	}
	for (p = m->params[1]; *p; p++) {
		if (*p == ' ')		/* "MODE me :+i x": not a flag */
			continue;
		if (*p == '+' || *p == '-')
			add = *p == '+';
		else if (*p == 'i')
			s->umode_i = add;
		else
			num(s, ERR_UMODEUNKNOWNFLAG, ":Unknown MODE flag");
	}
	if (s->umode_i != before)
		sq(s, ":%s MODE %s :%ci", session_prefix(s, pfx, sizeof(pfx)),
		   s->nick, s->umode_i ? '+' : '-');
}

void
cmd_mode(Session *s, Msg *m)
{
	char topic[TOPIC_MAX + 1], who[NICK_MAX + 1];
	time_t when, created;
	const char *modes;

	if (m->params[0][0] != '#' && m->params[0][0] != '&') {
		user_mode(s, m);
		return;
	}
	if (!is_room(m->params[0])) {
		num(s, ERR_NOSUCHCHANNEL, "%s :No such channel: this server "
		    "has one room, %s", reply_mid(m->params[0]),
		    conf.room);
		return;
	}
	if (!modes_given(m)) {
		table_topic(topic, who, &when, &created);
		num(s, RPL_CHANNELMODEIS, "%s +nt", conf.room);
		num(s, RPL_CREATIONTIME, "%s %lld", conf.room,
		    (long long)created);
		return;
	}
	modes = m->params[1];
	if ((!strcmp(modes, "b") || !strcmp(modes, "+b")) && m->nparams == 2)
		num(s, RPL_ENDOFBANLIST, "%s :End of channel ban list",
		    conf.room);
	else
		num(s, ERR_CHANOPRIVSNEEDED, "%s :You're not channel "
		    "operator: the room's modes are fixed (+nt)", conf.room);
}
