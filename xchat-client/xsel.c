/* xsel.c: owning and pasting the PRIMARY and CLIPBOARD selections
 * (ICCCM 2). We offer UTF8_STRING, STRING and TARGETS. We ask for
 * UTF8_STRING, then STRING (Latin-1, converted) from owners that refuse
 * it, and receive large texts by INCR (ICCCM 2.7.2: xsel and GTK use it
 * above about 4000 bytes): the owner puts an INCR property, we delete
 * it, and each PropertyNotify brings a chunk until an empty one. A
 * transfer is bounded in size (XSEL_MAX) and in silence (XSEL_WAIT);
 * either ends it with a sentence for the user, never a silent nothing.
 * main.c routes the selection events and PropertyNotify here. */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xsel.h"

static Display *dpy;
static Window win;
static Atom clipboard, utf8string, targets, xseldata, incr;
static char *owned[2];
static Time evtime = CurrentTime;	/* of the user's last key or click */
static void (*insert)(const char *s, size_t n);
static void (*say)(const char *msg);

/* An INCR transfer coming in. */
static struct {
	int on;
	int over;		/* past XSEL_MAX: drained, then refused */
	Atom type;		/* of the chunks */
	char *buf;
	size_t len;
	long long deadline;	/* ms: the next chunk by then */
} in;

void
xsel_init(Display *d, Window w, void (*ins)(const char *s, size_t n),
          void (*tell)(const char *msg))
{
	dpy = d;
	win = w;
	insert = ins;
	say = tell;
	clipboard = XInternAtom(dpy, "CLIPBOARD", False);
	utf8string = XInternAtom(dpy, "UTF8_STRING", False);
	targets = XInternAtom(dpy, "TARGETS", False);
	xseldata = XInternAtom(dpy, "XSEL_DATA", False);
	incr = XInternAtom(dpy, "INCR", False);
}

static void
in_end(void)
{
	free(in.buf);
	memset(&in, 0, sizeof(in));
}

void
xsel_free(void)
{
	free(owned[0]);
	free(owned[1]);
	owned[0] = owned[1] = NULL;
	in_end();
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
	in_end();		/* a new paste replaces one under way */
	XConvertSelection(dpy, atom(which), utf8string, xseldata, win,
	                  evtime);
}

/* Hand text of type t to insert(): UTF-8 as it is, STRING (ISO 8859-1,
 * ICCCM 2.6.2) converted. */
static void
deliver(Atom t, const char *s, size_t n)
{
	char *u;
	size_t i, k = 0;

	if (!n)
		return;
	if (t != XA_STRING) {
		insert(s, n);
		return;
	}
	u = ecalloc(2, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			u[k++] = (char)c;
		} else {
			u[k++] = (char)(0xc0 | c >> 6);
			u[k++] = (char)(0x80 | (c & 0x3f));
		}
	}
	insert(u, k);
	free(u);
}

static void
toolarge(size_t n)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "Nothing pasted: the text is larger "
	         "than %d KB (%zu KB and more)", XSEL_MAX / 1024, n / 1024);
	say(msg);
}

/* Read and delete our property; returns its bytes (XFree them) or
 * NULL. *n is -1 when it is over XSEL_MAX. */
static unsigned char *
take(Atom *type, long *n)
{
	unsigned char *data = NULL;
	unsigned long len = 0, after = 0;
	int fmt;

	*n = 0;
	if (XGetWindowProperty(dpy, win, xseldata, 0, XSEL_MAX / 4 + 1, True,
	    AnyPropertyType, type, &fmt, &len, &after, &data) != Success)
		return NULL;
	if (after) {		/* not deleted by the call: too large */
		XDeleteProperty(dpy, win, xseldata);
		*n = -1;
	} else if (*type == incr) {
		*n = 0;
	} else if (fmt != 8 || (*type != utf8string && *type != XA_STRING)) {
		*n = -2;	/* not text */
	} else {
		*n = (long)len;
	}
	return data;
}

void
xsel_notify(XEvent *ev)
{
	XSelectionEvent *e = &ev->xselection;
	unsigned char *data;
	Atom type = None;
	long n;

	if (e->property == None) {	/* refused, or no owner */
		if (e->target == utf8string)	/* an old owner: Latin-1 */
			XConvertSelection(dpy, e->selection, XA_STRING,
			                  xseldata, win, e->time);
		return;
	}
	data = take(&type, &n);
	if (type == incr) {		/* deleting it said "go on" */
		in_end();
		in.on = 1;
		in.deadline = now_ms() + XSEL_WAIT;
	} else if (n == -1) {
		toolarge(XSEL_MAX + 1);
	} else if (n > 0) {
		deliver(type, (char *)data, (size_t)n);
	}
	if (data)
		XFree(data);
}

/* A chunk of an INCR transfer; the empty one ends it. */
static void
chunk(Atom type, const char *s, long n)
{
	if (n < 0 || in.over || in.len + (size_t)n > XSEL_MAX) {
		in.over = 1;	/* drain it, so the owner finishes */
		in.len += n > 0 ? (size_t)n : 0;
		free(in.buf);
		in.buf = NULL;
		return;
	}
	in.type = type;
	in.buf = erealloc(in.buf, in.len + (size_t)n + 1);
	memcpy(in.buf + in.len, s, (size_t)n);
	in.len += (size_t)n;
}

void
xsel_property(XEvent *ev)
{
	XPropertyEvent *e = &ev->xproperty;
	unsigned char *data;
	Atom type = None;
	long n;

	if (!in.on || e->window != win || e->atom != xseldata ||
	    e->state != PropertyNewValue)
		return;
	data = take(&type, &n);
	in.deadline = now_ms() + XSEL_WAIT;
	if (n == 0 && type != incr) {	/* the end */
		if (in.over)
			toolarge(in.len);
		else
			deliver(in.type, in.buf, in.len);
		in_end();
	} else {
		chunk(type, (char *)data, n);
	}
	if (data)
		XFree(data);
}

void
xsel_timers(long long now)
{
	char msg[200];

	if (!in.on || now < in.deadline)
		return;
	snprintf(msg, sizeof(msg), "Nothing pasted: the program that has "
	         "the text stopped sending it (%zu bytes came, then nothing "
	         "for %d s)", in.len, XSEL_WAIT / 1000);
	in_end();
	say(msg);
}

int
xsel_waitms(long long now)
{
	if (!in.on)
		return -1;
	return in.deadline > now ? (int)(in.deadline - now) : 0;
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
