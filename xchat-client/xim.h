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

#endif
