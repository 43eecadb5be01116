/* state.h: what the client knows, as plain C data: the conversations (the
 * room first, then one per private peer), their logs, unread counts and
 * mention marks, the room's users. No X here: the screens read it and draw.
 * IRC messages come in through state_irc(); lines to send go out through
 * the send callback, so tests can capture them.
 *
 * What the user types leaves through state_command(), which remembers the
 * tab it was typed in: the server's answer (an error, "away", a topic)
 * is shown there (ircin.c matches numerics to these pending commands). */
#ifndef STATE_H
#define STATE_H

#include <stddef.h>
#include <time.h>

#include "irc.h"
#include "nick.h"

#define CONV_NAME_MAX 64
#define STATE_CONVS 100		/* tabs at most: the room and 99 more */
#define STATE_PENDING 32	/* typed commands awaiting an answer */
#define STATE_PENDING_S 30	/* seconds a command may wait for it */

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
	int room;			/* convs[0]: the room we are in */
	int chan;			/* another channel (its lines only) */
	Line *lines;			/* a ring of cap lines: cap grows by
					 * doubling up to logmax, then the
					 * oldest line goes */
	size_t first, nlines, cap;
	time_t active;			/* the last line, for recycling */
	unsigned long total;		/* lines ever added: views track it */
	unsigned unread;
	int mention;
	/* the view's place, kept per tab: lines scrolled up from the
	 * bottom, rows of the bottom line hidden below the view (a line
	 * taller than the view is read row by row: wrap_scroll), and lines
	 * that arrived below while scrolled */
	size_t scroll, skip;
	unsigned below;
	unsigned long down_id;		/* its "Disconnected" line, while */
	int down;			/* State.down: updated in place */
} Conv;

/* A user of the room. Nicks are kept whole up to a tab name's 63 bytes
 * (NICK_MAX is forkd's NICKLEN; other servers allow more): a longer one
 * is not listed rather than cut into someone else's. */
typedef struct {
	char nick[CONV_NAME_MAX];
	char mode;			/* a PREFIX symbol ('@', '+') or 0 */
} User;

/* Why the connection is in the state it is, for the login screen. */
enum { ST_OFFLINE, ST_REGISTERING, ST_ONLINE };

/* A command the user typed (or the JOIN we send after the welcome), and
 * the tab it came from, until the server answers or STATE_PENDING_S. */
typedef struct {
	char verb[16];			/* "PRIVMSG", "TOPIC", ... */
	char target[CONV_NAME_MAX];	/* its first parameter */
	char origin[CONV_NAME_MAX];	/* the tab it was typed in */
	time_t t;
	unsigned left;			/* answers still expected (chunks) */
	unsigned said;			/* answers shown (one is enough) */
	int query;			/* an ISON of /query: open the tab */
} Pending;

typedef struct State State;
struct State {
	Conv **convs;			/* convs[0] is the room */
	size_t nconvs, cur;
	User *users;			/* the room's, sorted */
	size_t nusers, usercap;
	int names_open;			/* inside a 353 ... 366 run */
	int inroom;			/* the server put us in the room */
	char chantypes[8];		/* ISUPPORT CHANTYPES ("#&" until
					 * 005 says, RFC 2811 2.1) */
	char prefixes[8];		/* ISUPPORT PREFIX's symbols */
	Pending pending[STATE_PENDING];	/* oldest first */
	size_t npending;
	size_t maxconvs;		/* STATE_CONVS unless a test says */
	int motd_seen;			/* shown once, not on reconnects */
	/* a drop: each tab's one line that says it, updated in place by
	 * the reconnection (Conv.down_id), and why, in words */
	int down;
	time_t down_t;
	char downwhy[128];
	char gone[128];			/* the server's ERROR, in words */
	char nick[CONV_NAME_MAX];	/* ours, as the server knows it:
					 * whole up to 63 bytes, as User */
	char topic[IRC_LINE_MAX];
	int status;
	char error[400];		/* why registration failed */
	int error_nick;			/* ... because of the nick */
	int alert;			/* a private message or a mention */
	size_t logmax;			/* lines kept per conversation */
	void (*send)(void *ctx, const char *line);
	void *ctx;
};

State *state_create(const char *room, const char *nick, size_t logmax);
void state_free(State *s);

Conv *state_conv(State *s, const char *name);	/* NULL when absent */
/* Open name's tab (or return it). Past maxconvs the oldest tab that has
 * nothing unread is closed for it, said in the room; NULL when every tab
 * is unread or current (the caller shows the line in the room), or when
 * name is CONV_NAME_MAX bytes or longer. */
Conv *state_conv_open(State *s, const char *name);
void state_conv_close(State *s, size_t i);
void state_select(State *s, size_t i);
Conv *state_current(State *s);
Conv *state_room(State *s);
/* The i-th line of c, 0 the oldest kept. */
Line *conv_line(Conv *c, size_t i);
/* The line added as c's id-th (0 first, as c->total counts), or NULL when
 * it has gone out of the log. */
Line *conv_line_id(Conv *c, unsigned long id);
/* Index of c in s->convs, or -1. */
int state_conv_index(State *s, const Conv *c);
/* 1 if name is a channel by the server's CHANTYPES. */
int state_ischan(State *s, const char *name);
/* 1 if nick is ours: no private tab is ever opened with it. */
int state_isme(State *s, const char *nick);

/* Add a line to c: counts unread and mentions when c is not current. */
void state_add(State *s, Conv *c, int kind, const char *nick,
               const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void state_info(State *s, Conv *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Users of the room. */
/* "@nick" keeps '@': the marks stripped are PREFIX's symbols ("@+" until
 * 005 says); a nick of CONV_NAME_MAX bytes or more is not added. */
void state_user_add(State *s, const char *nick);
void state_user_rename(State *s, const char *from, const char *to);
int state_user_del(State *s, const char *nick);	/* 1 if it was there */
int state_user_find(State *s, const char *nick);	/* index or -1 */

/* Total unread messages, for the window title. */
unsigned state_unread(State *s);

/* Feed one message from the server. */
void state_irc(State *s, const Msg *m);
/* Format a line and hand it to the send callback. */
void state_sendf(State *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for a command the user typed in origin: its answer will be
 * shown there. chunks: how many lines of it follow (a long PRIVMSG is
 * cut), so that one error is said once. */
void state_command(State *s, Conv *origin, unsigned chunks,
                   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* pending.c: the newest pending command of one of verbs (space
 * separated; NULL: any) to target (NULL: any), or NULL. */
Pending *state_pending_find(State *s, const char *verbs, const char *target);
void state_pending_done(State *s, Pending *p);
/* Where the numeric m goes (*c: the tab its command was typed in, else
 * the room); settles the command when m ends its answer. 0 when m is an
 * error already said for that command (a message cut in three gets
 * three 401s: one line). */
int pending_route(State *s, const Msg *m, Conv **c);
Conv *pending_origin(State *s, const Pending *p);	/* p may be NULL */
/* m (303 RPL_ISON, or 421 to ISON) answers /query's ISON: the tab is
 * opened and shown, or "nick is not online" said where /query was
 * typed. 0 when m answers no /query. */
int pending_query(State *s, const Msg *m);
/* RFC 2812 5: 4xx and 5xx; of IRCv3's 9xx, 902 and 904-907. */
int pending_iserror(int num);
/* The connection came up: all the server told of itself and its room
 * (topic, users and their marks, CHANTYPES, PREFIX, pending commands)
 * is forgotten, to be learnt again from this one; registration sent. */
void state_connected(State *s, const char *user);
/* It went down: why, in full (the login form shows it); after the
 * welcome each tab gets one short line, "Disconnected: <words>" (the
 * server's ERROR reason, else why's, in reason.c's words). */
void state_disconnected(State *s, const char *why);
/* Rewrite each tab's "Disconnected" line as "Disconnected: <words>.
 * <fmt...>" (added where it went out of the log): one line per tab that
 * follows the reconnection. */
void state_down_update(State *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* 1 if text names nick as a word (ASCII case folded). */
int state_mentions(const char *text, const char *nick);

#endif
