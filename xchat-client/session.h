/* session.h: the life of the connection, between the screens and the
 * socket: the login form's Connect, registration, the switch to the chat
 * screen, failures said in words, and reconnection with backoff. No X
 * calls: main.c owns the window and asks for redraws through dirty. */
#ifndef SESSION_H
#define SESSION_H

#include <stddef.h>
#include <time.h>

#include "net.h"
#include "screen.h"
#include "state.h"

enum { SCR_LOGIN, SCR_CHAT };

typedef struct {
	State *st;
	Net net;
	Login login;
	Chat chat;
	int scr;			/* SCR_LOGIN until registered */
	int dirty;			/* something to draw */
	int running;
	char host[256], port[16], user[NICK_MAX + 1];
	time_t deadline;		/* resolve, connect, log in by then */
	time_t retry_at;		/* reconnect then (0: not) */
	size_t retries;
	/* from config.h */
	int timeout;
	const int *backoff;
	size_t nbackoff;
} Session;

void session_init(Session *s, State *st, const char *user);
/* Connect with the login form's fields, after checking them. */
void session_submit(Session *s);
/* The socket (or the resolver's pipe) is ready. */
void session_io(Session *s, short revents);
/* Time-outs and the reconnection countdown: call after every poll(). */
void session_timers(Session *s);
/* How long poll() may sleep: -1 (no timer) unless a deadline or the
 * countdown runs. */
int session_waitms(Session *s);
/* Say QUIT (if online) and flush it; the loop then ends. */
void session_quit(Session *s);

#endif
