/* xsel.h: the X selections: PRIMARY (select / middle click) and CLIPBOARD
 * (Ctrl+C / Ctrl+V), as text in UTF-8. */
#ifndef XSEL_H
#define XSEL_H

#include <X11/Xlib.h>
#include <stddef.h>

enum { XSEL_PRIMARY, XSEL_CLIPBOARD };

/* The time of the event that makes us own or paste (main.c sets it). */
void xsel_time(Time t);

void xsel_init(Display *dpy, Window win);
void xsel_free(void);
/* Offer text (malloc'd; xsel owns and frees it) as the selection. */
void xsel_own(int which, char *text);
/* Ask for the selection's text; it arrives as a SelectionNotify. */
void xsel_paste(int which);
/* SelectionNotify: hand the text to insert(); 1 if there was some. */
int xsel_notify(XEvent *ev, void (*insert)(const char *s, size_t n));
/* SelectionRequest: another client pastes what we own. */
void xsel_request(XEvent *ev);
/* SelectionClear: returns which selection we lost. */
int xsel_clear(XEvent *ev);

#endif
