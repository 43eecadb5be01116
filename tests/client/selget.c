/* selget.c: paste a selection as a requestor that speaks INCR (ICCCM
 * 2.7.2), and say how it came: "whole N" (one property) or "incr N C"
 * (N bytes in C chunks). The text goes to FILE. With "quit", it quits
 * after the first chunk, as a requestor that dies mid-transfer.
 * usage: selget SELECTION FILE [quit] */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>

static Display *dpy;
static Window w;
static Atom prop;

/* Read and delete the property; returns bytes written to f, -1 on
 * error; *type gets its type. */
static long
take(FILE *f, Atom *type)
{
	unsigned char *data = NULL;
	unsigned long n, after;
	int fmt;

	if (XGetWindowProperty(dpy, w, prop, 0, 1 << 24, True,
	    AnyPropertyType, type, &fmt, &n, &after, &data) != Success)
		return -1;
	if (*type != XInternAtom(dpy, "INCR", False))
		fwrite(data, 1, n, f);
	XFree(data);
	return *type == XInternAtom(dpy, "INCR", False) ? 0 : (long)n;
}

int
main(int argc, char *argv[])
{
	XEvent ev;
	Atom type, incr;
	FILE *f;
	long n, total = 0, chunks = 0;

	if (argc < 3 || !(f = fopen(argv[2], "w"))) {
		fprintf(stderr, "usage: selget SELECTION FILE [quit]\n");
		return 2;
	}
	if (!(dpy = XOpenDisplay(NULL)))
		return 1;
	incr = XInternAtom(dpy, "INCR", False);
	prop = XInternAtom(dpy, "SELGET", False);
	w = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0,
	                        0, 0);
	XSelectInput(dpy, w, PropertyChangeMask);
	XConvertSelection(dpy, XInternAtom(dpy, argv[1], False),
	                  XInternAtom(dpy, "UTF8_STRING", False), prop, w,
	                  CurrentTime);
	do
		XNextEvent(dpy, &ev);
	while (ev.type != SelectionNotify);
	if (ev.xselection.property == None) {
		printf("refused\n");
		return 1;
	}
	n = take(f, &type);
	if (type != incr) {
		printf("whole %ld\n", n);
		return 0;
	}
	do {	/* deleting the INCR property asked for the first chunk */
		do
			XNextEvent(dpy, &ev);
		while (ev.type != PropertyNotify ||
		       ev.xproperty.state != PropertyNewValue);
		if ((n = take(f, &type)) < 0)
			return 1;
		total += n;
		chunks += n > 0;
		if (argc > 3) {		/* gone, mid-transfer */
			printf("quit %ld\n", total);
			return 0;
		}
	} while (n > 0);
	fclose(f);
	printf("incr %ld %ld\n", total, chunks);
	return 0;
}
