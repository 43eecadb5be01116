/* xsel.c: owning and pasting the PRIMARY and CLIPBOARD selections
 * (ICCCM 2). We offer UTF8_STRING, STRING and TARGETS and ask for
 * UTF8_STRING; texts are small (a few log lines, one input line), so the
 * INCR protocol for large transfers is not spoken. main.c routes the
 * three selection events here. */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xsel.h"

static Display *dpy;
static Window win;
static Atom clipboard, utf8string, targets, xseldata;
static char *owned[2];
static Time evtime = CurrentTime;	/* of the user's last key or click */

void
xsel_init(Display *d, Window w)
{
	dpy = d;
	win = w;
	clipboard = XInternAtom(dpy, "CLIPBOARD", False);
	utf8string = XInternAtom(dpy, "UTF8_STRING", False);
	targets = XInternAtom(dpy, "TARGETS", False);
	xseldata = XInternAtom(dpy, "XSEL_DATA", False);
}

void
xsel_free(void)
{
	free(owned[0]);
	free(owned[1]);
	owned[0] = owned[1] = NULL;
}

static Atom
atom(int which)
{
	return which == XSEL_CLIPBOARD ? clipboard : XA_PRIMARY;
}

/* ICCCM 2.1: selections are owned and asked for with the time of the
 * user's action that caused it, never CurrentTime. */
void
xsel_time(Time t)
{
	evtime = t;
}

/* ICCCM 2.1: the server ignores the request when another client took the
 * selection at a later time, so the owner is asked back. */
void
xsel_own(int which, char *text)
{
	free(owned[which]);
	owned[which] = text;
	if (!text)
		return;
	XSetSelectionOwner(dpy, atom(which), win, evtime);
	if (XGetSelectionOwner(dpy, atom(which)) != win) {
		warn("the X server did not give us the %s selection",
		     which == XSEL_CLIPBOARD ? "CLIPBOARD" : "PRIMARY");
		free(owned[which]);
		owned[which] = NULL;
	}
}

void
xsel_paste(int which)
{
	XConvertSelection(dpy, atom(which), utf8string, xseldata, win,
	                  evtime);
}

int
xsel_notify(XEvent *ev, void (*insert)(const char *s, size_t n))
{
	unsigned char *data = NULL;
	unsigned long n = 0, after;
	Atom type;
	int fmt, got = 0;

	if (ev->xselection.property == None)
		return 0;
	if (XGetWindowProperty(dpy, win, ev->xselection.property, 0, 1 << 16,
	    True, AnyPropertyType, &type, &fmt, &n, &after, &data) != Success)
		return 0;
	if (fmt == 8 && n && (type == utf8string || type == XA_STRING)) {
		insert((char *)data, n);
		got = 1;
	}
	if (data)
		XFree(data);
	return got;
}

void
xsel_request(XEvent *ev)
{
	XSelectionRequestEvent *r = &ev->xselectionrequest;
	XSelectionEvent n = { .type = SelectionNotify, .display = r->display,
	                      .requestor = r->requestor, .selection =
	                      r->selection, .target = r->target, .time =
	                      r->time, .property = None };
	const char *text = owned[r->selection == clipboard];
	/* an obsolete requestor gives no property: use the target */
	Atom prop = r->property == None ? r->target : r->property;
	Atom types[] = { targets, utf8string, XA_STRING };

	if (r->target == targets) {
		XChangeProperty(dpy, r->requestor, prop, XA_ATOM, 32,
		                PropModeReplace, (unsigned char *)types, 3);
		n.property = prop;
	} else if (text && (r->target == utf8string ||
	           r->target == XA_STRING)) {
		XChangeProperty(dpy, r->requestor, prop, r->target, 8,
		                PropModeReplace, (const unsigned char *)text,
		                (int)strlen(text));
		n.property = prop;
	}
	XSendEvent(dpy, r->requestor, True, 0, (XEvent *)&n);
}

int
xsel_clear(XEvent *ev)
{
	int which = ev->xselectionclear.selection == clipboard ?
	            XSEL_CLIPBOARD : XSEL_PRIMARY;

	free(owned[which]);
	owned[which] = NULL;
	return which;
}
