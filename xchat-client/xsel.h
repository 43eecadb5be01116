/* xsel.h: the X selections: PRIMARY (select / middle click) and CLIPBOARD
 * (Ctrl+C / Ctrl+V), as text in UTF-8. */
#ifndef XSEL_H
#define XSEL_H

#include <X11/Xlib.h>
#include <stddef.h>

enum { XSEL_PRIMARY, XSEL_CLIPBOARD };

/* The time of the event that makes us own or paste (main.c sets it). */
void xsel_time(Time t);

/* Bytes a paste may bring (INCR or not): more is refused, with a
 * sentence. */
#define XSEL_MAX (1 << 20)
/* ms an INCR transfer may pause between chunks before it is dropped */
#define XSEL_WAIT 5000
/* Bytes of our text in one property: more goes by INCR (ICCCM 2.7.2
 * requires it above the server's request size; GTK also stops at 256
 * KB) */
#define XSEL_CHUNK (64 * 1024)

/* insert() gets pasted text (UTF-8, not NUL-terminated); say() a
 * sentence for the user when a paste fails. */
void xsel_init(Display *dpy, Window win,
               void (*insert)(const char *s, size_t n),
               void (*say)(const char *msg));
void xsel_free(void);
/* Offer text (malloc'd; xsel owns and frees it) as the selection. */
void xsel_own(int which, char *text);
/* Ask for the selection's text; it arrives as a SelectionNotify. */
void xsel_paste(int which);
/* SelectionNotify: the text, or the start of an INCR transfer. */
void xsel_notify(XEvent *ev);
/* PropertyNotify: the next chunk of an INCR transfer coming in (our
 * window) or going out (a requestor's). */
void xsel_property(XEvent *ev);
/* DestroyNotify of a window: a requestor of ours may be gone. */
void xsel_other(XEvent *ev);
/* Drop a transfer that went quiet; how long poll() may sleep for it
 * (-1: none under way). now: now_ms(). */
void xsel_timers(long long now);
int xsel_waitms(long long now);
/* SelectionRequest: another client pastes what we own. */
void xsel_request(XEvent *ev);
/* SelectionClear: returns which selection we lost. */
int xsel_clear(XEvent *ev);

#endif
