/* screen.h: the two screens. Each places its widgets in the window,
 * draws them, and says what a click hit; main.c routes keys through the
 * tables of config.h and owns the connection. */
#ifndef SCREEN_H
#define SCREEN_H

#include "widget.h"

enum { F_SERVER, F_PORT, F_NICK, F_CONNECT, F_LAST };

typedef struct {
	Entry field[F_CONNECT];
	int focus;			/* F_*: a field or the button */
	char error[600];		/* what went wrong, in words */
	char status[320];		/* "Connecting to ..." */
	Rect rfield[F_CONNECT], rbtn;
	int caretx, carety;
} Login;

void login_init(Login *l, const char *host, const char *port,
                const char *nick);
void login_draw(Login *l, Drw *d);
Entry *login_entry(Login *l);		/* the focused field or NULL */
/* A click: returns 1 when it pressed Connect. */
int login_click(Login *l, int x, int y);

enum { HIT_NONE, HIT_TAB, HIT_USER, HIT_LOG, HIT_BAR, HIT_SEND,
       HIT_INPUT, HIT_STATUS };

typedef struct {
	Entry input;
	Rect rtabs, rtopic, rlog, rbar, rlist, rinput, rsend;
	char status[320];		/* connection trouble, countdown */
	long anchor;			/* a selection being dragged, or -1 */
	int caretx, carety;
} Chat;

void chat_init(Chat *c, size_t histmax);
void chat_draw(Chat *c, Drw *d, State *s);
/* The input line alone, where the last chat_draw placed it. */
void chat_draw_input(Chat *c, Drw *d);
/* What is at (x, y); *idx gets the tab or user index. */
int chat_hit(Chat *c, Drw *d, State *s, int x, int y, int *idx);

#endif
