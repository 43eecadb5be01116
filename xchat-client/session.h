/* session.h: the life of the connection, between the screens and the
 * socket: the login form's Connect, registration, the switch to the chat
 * screen, failures said in words, and reconnection with backoff. No X:
 * session.c reports to the screens only through the three win_* calls
 * below (the seam of st's win.h), which main.c implements for the window
 * and tests/unit/test-session.c implements to watch, so the login and
 * reconnection logic is tested without an X server. */
#ifndef SESSION_H
#define SESSION_H

#include <stddef.h>
#include <time.h>

#include "net.h"
#include "state.h"

enum { SCR_LOGIN, SCR_CHAT };
/* The login form's fields, for win_login_error's focus. */
enum { FIELD_SERVER, FIELD_PORT, FIELD_NICK, FIELD_NONE = -1 };

typedef struct {
	State *st;
	Net net;
	int scr;			/* SCR_LOGIN until registered */
	int dirty;			/* something to draw */
	int running;
	char host[256], port[16], user[NICK_MAX + 1];
	char failed[128];		/* why the last attempt failed, in
					 * words ("connection refused") */
	long long deadline;		/* resolve, connect, log in by then
					 * (ms of the clock below; 0: none) */
	long long retry_at;		/* reconnect then, in ms of
					 * session_clock (0: not) */
	size_t retries;
	/* from config.h */
	int timeout;
	const int *backoff;
	size_t nbackoff;
	const char *nowkey;		/* the key that reconnects now: "F5" */
	long long (*clock)(void);	/* NULL: CLOCK_MONOTONIC in ms (a test
					 * sets its own) */
} Session;

/* The screens, as session.c sees them. */
/* The login form failed: why in words ("" clears it), and the field to
 * put the focus in (FIELD_NONE: leave it). */
void win_login_error(const char *why, int field);
/* A status line: "Connecting to ..." on the form, the reconnection
 * countdown in the chat screen's tab bar; "" clears it. */
void win_status(const char *text);
/* Registered: show the chat screen (s->scr is SCR_CHAT already). */
void win_chat(void);

void session_init(Session *s, State *st, const char *user);
/* Connect with the login form's fields, after checking them. */
void session_submit(Session *s, const char *host, const char *port,
                    const char *nick);
/* The socket (or the resolver's pipe) is ready. */
void session_io(Session *s, short revents);
/* Time-outs and the reconnection countdown: call after every poll(). */
void session_timers(Session *s);
/* Reconnect now rather than at the end of the countdown; 0 when no
 * reconnection is waiting. */
int session_reconnect_now(Session *s);
/* How long poll() may sleep: -1 (no timer) unless a deadline or the
 * countdown runs. */
int session_waitms(Session *s);
/* Say QUIT (if online) and flush it; the loop then ends. */
void session_quit(Session *s);

#endif
