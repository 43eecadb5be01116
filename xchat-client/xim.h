/* xim.h: the X input method: an input context for the window, so that
 * fcitx, IBus or Xlib's own composing give UTF-8 text. */
#ifndef XIM_H
#define XIM_H

#include <X11/Xlib.h>

/* Open the method XMODIFIERS names; when its server is not there (or
 * later goes away), use Xlib's own method and take the server up when it
 * comes. */
void xim_init(Display *dpy, Window win);
void xim_free(void);
XIC xim_ic(void);		/* NULL when there is no method */
void xim_focus(int on);
/* Put the candidate window at the caret (x, y: its bottom left). */
void xim_spot(int x, int y);

/* Keys and a server that may be stopped (xim.c's opening comment). The
 * loop gives each event to xim_answer (1: our question's answer, taken
 * here) and xim_hold (1: a key held until the server answers), the rest
 * to XFilterEvent only if xim_filters() (0: the server does not answer,
 * XFilterEvent would wait for it). After each event, and after
 * xim_tick, xim_release gives back the held keys that may go now, with
 * whether to filter them. xim_waitms folds the wait for an answer
 * (XIM_ANSWER_MS at most) into poll()'s timeout (ms, -1: forever). */
int xim_answer(const XEvent *ev);
int xim_hold(const XEvent *ev);
int xim_filters(void);
int xim_release(XEvent *ev, int *filter);
int xim_waitms(int other);
void xim_tick(void);

#endif
