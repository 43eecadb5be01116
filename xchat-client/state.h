/* state.h: what the client knows, as plain C data: the conversations (the
 * room first, then one per private peer), their logs, unread counts and
 * mention marks, the room's users. No X here: the screens read it and draw.
 * IRC messages come in through state_irc(); lines to send go out through
 * the send callback, so tests can capture them. */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>
#include <time.h>

#include "irc.h"
#include "nick.h"

#define CONV_NAME_MAX 64

enum { LINE_MSG, LINE_ACTION, LINE_NOTICE, LINE_INFO, LINE_ERROR };

typedef struct {
	time_t t;
	int kind;
	int self;			/* said by us */
	int mention;			/* names our nick */
	char nick[NICK_MAX + 1];
	char *text;
} Line;

typedef struct {
	char name[CONV_NAME_MAX];	/* "#lobby" or a nick */
	int room;
	Line *lines;			/* a ring of cap lines */
	size_t first, nlines, cap;
	unsigned long total;		/* lines ever added: views track it */
	unsigned unread;
	int mention;
	/* the view's place, kept per tab: lines scrolled up from the
	 * bottom, and lines that arrived below while scrolled */
	size_t scroll;
	unsigned below;
} Conv;

typedef struct {
	char nick[NICK_MAX + 1];
	char mode;			/* '@', '+' or 0 */
} User;

/* Why the connection is in the state it is, for the login screen. */
enum { ST_OFFLINE, ST_REGISTERING, ST_ONLINE };

typedef struct State State;
struct State {
	Conv **convs;			/* convs[0] is the room */
	size_t nconvs, cur;
	User *users;			/* the room's, sorted */
	size_t nusers, usercap;
	int names_open;			/* inside a 353 ... 366 run */
	char nick[NICK_MAX + 1];	/* ours, as the server knows it */
	char topic[IRC_LINE_MAX];
	int status;
	char error[400];		/* why registration failed */
	int error_nick;			/* ... because of the nick */
	int alert;			/* a private message or a mention */
	size_t logmax;
	void (*send)(void *ctx, const char *line);
	void *ctx;
};

State *state_create(const char *room, const char *nick, size_t logmax);
void state_free(State *s);

Conv *state_conv(State *s, const char *name);	/* NULL when absent */
Conv *state_conv_open(State *s, const char *name);
void state_conv_close(State *s, size_t i);
void state_select(State *s, size_t i);
Conv *state_current(State *s);
Conv *state_room(State *s);
/* The i-th line of c, 0 the oldest kept. */
Line *conv_line(Conv *c, size_t i);

/* Add a line to c: counts unread and mentions when c is not current. */
void state_add(State *s, Conv *c, int kind, const char *nick,
               const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void state_info(State *s, Conv *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Users of the room. */
void state_user_add(State *s, const char *nick);
int state_user_del(State *s, const char *nick);	/* 1 if it was there */
int state_user_find(State *s, const char *nick);	/* index or -1 */

/* Total unread messages, for the window title. */
unsigned state_unread(State *s);

/* Feed one message from the server. */
void state_irc(State *s, const Msg *m);
/* Format a line and hand it to the send callback. */
void state_sendf(State *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The connection came up (send registration) or went down (why). */
void state_connected(State *s, const char *user);
void state_disconnected(State *s, const char *why);

/* 1 if text names nick as a word (ASCII case folded). */
int state_mentions(const char *text, const char *nick);

#endif
