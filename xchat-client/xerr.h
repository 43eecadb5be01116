/* xerr.h: surviving X protocol errors; ending cleanly when the display
 * is lost. */
#ifndef XERR_H
#define XERR_H

#include <X11/Xlib.h>

/* Install the handlers (the exit handler is per display). lost() runs
 * once when the connection to the X server is gone (it may not make X
 * requests); the program then exits with status 1. */
void xerr_init(Display *dpy, void (*lost)(void));
/* 1 once after the server refused an allocation (BadAlloc), else 0. */
int xerr_alloc(void);

#endif
