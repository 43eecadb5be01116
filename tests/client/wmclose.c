/* wmclose.c: ask a window to close the way a window manager does: a
 * WM_PROTOCOLS client message carrying WM_DELETE_WINDOW (ICCCM 4.2.8.1).
 * xdotool can only destroy or kill a window, which tests nothing.
 * usage: wmclose WINDOW-ID */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>

int
main(int argc, char *argv[])
{
	Display *dpy;
	XEvent ev = { 0 };

	if (argc != 2) {
		fprintf(stderr, "usage: wmclose WINDOW-ID\n");
		return 2;
	}
	if (!(dpy = XOpenDisplay(NULL))) {
		fprintf(stderr, "wmclose: cannot open display\n");
		return 1;
	}
	ev.xclient.type = ClientMessage;
	ev.xclient.window = (Window)strtoul(argv[1], NULL, 0);
	ev.xclient.message_type = XInternAtom(dpy, "WM_PROTOCOLS", False);
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = (long)XInternAtom(dpy, "WM_DELETE_WINDOW",
	                                         False);
	ev.xclient.data.l[1] = CurrentTime;
	XSendEvent(dpy, ev.xclient.window, False, NoEventMask, &ev);
	XCloseDisplay(dpy);
	return 0;
}
