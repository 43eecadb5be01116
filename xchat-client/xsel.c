/* xsel.c: owning and pasting the PRIMARY and CLIPBOARD selections
 * (ICCCM 2). We offer UTF8_STRING, STRING and TARGETS. We ask for
 * UTF8_STRING, then STRING (Latin-1, converted) from owners that refuse
 * it, and receive large texts by INCR (ICCCM 2.7.2: xsel and GTK use it
 * above about 4000 bytes): the owner puts an INCR property, we delete
 * it, and each PropertyNotify brings a chunk until an empty one. A
 * transfer is bounded in size (XSEL_MAX) and in silence (XSEL_WAIT);
 * either ends it with a sentence for the user, never a silent nothing.
 * Our own text goes by INCR too when it is over XSEL_CHUNK (or the
 * server's request size), to up to 8 requestors at once; STRING gets it
 * in Latin-1.
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

/* INCR transfers going out, one per requestor window */
typedef struct {
	Window w;		/* None: a free slot */
	Atom prop, type;
	char *data;
	size_t len, off;
	long long deadline;	/* ms: the requestor deletes by then */
} Out;
static Out outs[8];
static void out_end(Out *o);
static void out_event(XEvent *ev);

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
	size_t i;

	free(owned[0]);
	free(owned[1]);
	owned[0] = owned[1] = NULL;
	in_end();
	for (i = 0; i < LEN(outs); i++)
		if (outs[i].w)
			out_end(&outs[i]);
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

	if (e->window != win) {
		out_event(ev);
		return;
	}
	if (!in.on || e->atom != xseldata ||
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
	size_t i;

	for (i = 0; i < LEN(outs); i++)
		if (outs[i].w && now >= outs[i].deadline)
			out_end(&outs[i]);	/* the requestor gave up */

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
	long long t = in.on ? in.deadline : -1;
	size_t i;

	for (i = 0; i < LEN(outs); i++)
		if (outs[i].w && (t < 0 || outs[i].deadline < t))
			t = outs[i].deadline;
	if (t < 0)
		return -1;
	return t > now ? (int)(t - now) : 0;
}

/* STRING is ISO 8859-1 (ICCCM 2.6.2): our UTF-8 converted, '?' for
 * what Latin-1 lacks. Returns malloc'd bytes, their count in *n. */
static char *
latin1(const char *s, size_t *n)
{
	char *o = ecalloc(1, *n + 1);
	size_t i = 0, k = 0;
	unsigned char c;

	while (i < *n) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			o[k++] = (char)c;
			i++;
		} else if ((c == 0xc2 || c == 0xc3) && i + 1 < *n) {
			o[k++] = (char)((c & 0x03) << 6 | (s[i + 1] & 0x3f));
			i += 2;
		} else {
			o[k++] = '?';	/* skip the rest of the sequence */
			for (i++; i < *n && (s[i] & 0xc0) == 0x80; i++)
				;
		}
	}
	*n = k;
	return o;
}

/* Our text larger than one request should carry goes by INCR (ICCCM
 * 2.7.2): the requestor gets an INCR property with the size; each time
 * it deletes the property we put the next chunk, then an empty one. */
static size_t
chunksize(void)
{
	long req = XExtendedMaxRequestSize(dpy);

	if (!req)
		req = XMaxRequestSize(dpy);
	return MIN((size_t)req * 4 - 100, XSEL_CHUNK);
}

static void
out_end(Out *o)
{
	XSelectInput(dpy, o->w, NoEventMask);
	free(o->data);
	memset(o, 0, sizeof(*o));
}

/* Start an INCR transfer of data (ours now); 0 when all slots are busy
 * (the requestor is refused). */
static int
out_start(Window w, Atom prop, Atom type, char *data, size_t len)
{
	size_t i;
	long size = (long)len;

	for (i = 0; i < LEN(outs) && outs[i].w; i++)
		;
	if (i == LEN(outs)) {
		free(data);
		return 0;
	}
	outs[i] = (Out){ w, prop, type, data, len, 0,
	                 now_ms() + XSEL_WAIT };
	/* a requestor may be gone already: BadWindow, survived (xerr.c) */
	XSelectInput(dpy, w, PropertyChangeMask | StructureNotifyMask);
	XChangeProperty(dpy, w, prop, incr, 32, PropModeReplace,
	                (unsigned char *)&size, 1);
	return 1;
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
	char *data;
	size_t len;

	if (r->target == targets) {
		XChangeProperty(dpy, r->requestor, prop, XA_ATOM, 32,
		                PropModeReplace, (unsigned char *)types, 3);
		n.property = prop;
	} else if (text && (r->target == utf8string ||
	           r->target == XA_STRING)) {
		len = strlen(text);
		data = r->target == XA_STRING ? latin1(text, &len) :
		       memcpy(ecalloc(1, len + 1), text, len);
		if (len <= chunksize()) {
			XChangeProperty(dpy, r->requestor, prop, r->target, 8,
			                PropModeReplace, (unsigned char *)data,
			                (int)len);
			free(data);
			n.property = prop;
		} else if (out_start(r->requestor, prop, r->target, data,
		           len)) {
			n.property = prop;
		}
	}
	XSendEvent(dpy, r->requestor, True, 0, (XEvent *)&n);
}

/* PropertyNotify or DestroyNotify on a requestor's window. */
static void
out_event(XEvent *ev)
{
	Window w = ev->type == DestroyNotify ? ev->xdestroywindow.window :
	           ev->xproperty.window;
	size_t i, k;
	Out *o;

	if (ev->type == DestroyNotify) {
		for (i = 0; i < LEN(outs); i++)
			if (outs[i].w == w) {	/* no XSelectInput on it */
				free(outs[i].data);
				memset(&outs[i], 0, sizeof(outs[i]));
			}
		return;
	}
	for (i = 0; i < LEN(outs) && (outs[i].w != w ||
	     outs[i].prop != ev->xproperty.atom); i++)
		;
	if (i == LEN(outs) || ev->xproperty.state != PropertyDelete)
		return;
	o = &outs[i];
	k = MIN(o->len - o->off, chunksize());
	XChangeProperty(dpy, o->w, o->prop, o->type, 8, PropModeReplace,
	                (unsigned char *)o->data + o->off, (int)k);
	o->off += k;
	o->deadline = now_ms() + XSEL_WAIT;
	if (!k)			/* the empty chunk went: done */
		out_end(o);
}

void
xsel_other(XEvent *ev)
{
	if (ev->type == DestroyNotify || ev->xany.window != win)
		out_event(ev);
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
