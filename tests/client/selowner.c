/* selowner.c: own the CLIPBOARD as an awkward program would, until
 * killed. Modes:
 *   stall   answer with INCR (ICCCM 2.7.2) and then never send a chunk,
 *           as a program that hangs or dies mid-transfer does
 *   latin1  refuse UTF8_STRING and offer STRING: ISO 8859-1 bytes
 *           (TEXT, ICCCM 2.6.2), as old programs do
 * Prints "owned" once it owns the selection.
 * usage: selowner stall|latin1 [TEXT] */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <string.h>

int
main(int argc, char *argv[])
{
	Display *dpy;
	Window w;
	XEvent ev;
	XSelectionRequestEvent *r;
	XSelectionEvent n;
	Atom clip, incr;
	const char *text = argc > 2 ? argv[2] : "caf\xe9";
	long size = 100000;
	int stall;

	if (argc < 2 || (strcmp(argv[1], "stall") &&
	    strcmp(argv[1], "latin1"))) {
		fprintf(stderr, "usage: selowner stall|latin1 [TEXT]\n");
		return 2;
	}
	stall = !strcmp(argv[1], "stall");
	if (!(dpy = XOpenDisplay(NULL))) {
		fprintf(stderr, "selowner: cannot open display\n");
		return 1;
	}
	clip = XInternAtom(dpy, "CLIPBOARD", False);
	incr = XInternAtom(dpy, "INCR", False);
	w = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0,
	                        0, 0);
	XSelectInput(dpy, w, PropertyChangeMask);
	XChangeProperty(dpy, w, XA_WM_NAME, XA_STRING, 8, PropModeReplace,
	                (unsigned char *)"selowner", 8);
	XWindowEvent(dpy, w, PropertyChangeMask, &ev);	/* a timestamp */
	XSetSelectionOwner(dpy, clip, w, ev.xproperty.time);
	if (XGetSelectionOwner(dpy, clip) != w)
		return 1;
	printf("owned\n");
	fflush(stdout);
	for (;;) {
		XNextEvent(dpy, &ev);
		if (ev.type != SelectionRequest)
			continue;
		r = &ev.xselectionrequest;
		n = (XSelectionEvent){ .type = SelectionNotify,
		                       .requestor = r->requestor,
		                       .selection = r->selection,
		                       .target = r->target, .time = r->time,
		                       .property = None };
		if (stall && r->target != XInternAtom(dpy, "TARGETS", False)) {
			XChangeProperty(dpy, r->requestor, r->property, incr,
			                32, PropModeReplace,
			                (unsigned char *)&size, 1);
			n.property = r->property;
		} else if (!stall && r->target == XA_STRING) {
			XChangeProperty(dpy, r->requestor, r->property,
			                XA_STRING, 8, PropModeReplace,
			                (const unsigned char *)text,
			                (int)strlen(text));
			n.property = r->property;
		}
		/* anything else (UTF8_STRING): refused, property None */
		XSendEvent(dpy, r->requestor, False, 0, (XEvent *)&n);
		XFlush(dpy);
	}
}
