/* xim.c: the input method (X11R6 XIM).
 *
 * XOpenIM runs after setlocale() and XSetLocaleModifiers("") (main.c),
 * so XMODIFIERS names the method (@im=uim, @im=ibus, @im=fcitx). Its
 * server may not be there: started after us (a login race), or crashed
 * and restarting. So whenever XOpenIM fails, and whenever the server
 * goes away (its destroy callback), we register an instantiate callback
 * under the user's modifiers, and meanwhile use Xlib's own method
 * (@im=none: compose and dead keys still work). When the server
 * announces itself (XIM_SERVERS on the root window), the callback drops
 * the stand-in and opens the real one.
 *
 * Over-the-spot: where the method offers XIMPreeditPosition we ask for
 * it, and XNSpotLocation follows the caret (xim_spot, from each draw),
 * so the preedit and the candidate window sit at the caret. Otherwise
 * root-window style (XIMPreeditNothing), where fcitx and IBus still read
 * the spot. The fallbacks end with XIMPreeditNone (typing, no preedit).
 *
 * A stopped or hung server. Xlib's XIM calls that expect an answer wait
 * for it without a timeout (_XimRead: XIfEvent for the server's
 * ClientMessage), and a server that asks for keys synchronously, as uim
 * does, is waited for on every key inside XFilterEvent: a SIGSTOPped
 * server froze the window, as it does st and xterm. XNDestroyCallback
 * does not help (a stopped process keeps its window). So before a key
 * goes to XFilterEvent we ask the server something it answers at once
 * and Xlib does not wait for: its LOCALES, by XConvertSelection on its
 * selection (what XOpenIM asks first). The key is held until the answer
 * (a round trip to the server: median 54 us, p90 89 us with uim under
 * Xvfb, 200 tries); without one in XIM_ANSWER_MS the server is taken as
 * stopped: keys go on without it (Xlib's own lookup: text still types),
 * the spot is not moved (XSetICValues waits too), and the first answer
 * takes it up again. What remains: a server
 * stopped between its answer and our next key's forward (microseconds)
 * still stops us until it runs again. */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xim.h"

static Display *dpy;
static Window win;
static XIM xim;
static XIC xic;
static XPoint spot;
static XVaNestedList spotlist;
static XFontSet fontset;	/* over-the-spot's preedit font */
static int focused;
static char *mods;		/* the user's modifiers, "@im=uim" */
static int waiting;		/* the instantiate callback is registered */
static int standin;		/* xim is Xlib's own method, for now */

/* The server's liveness (see the top): its selection, LOCALES (the
 * target, and the property it answers into: uim answers no other, as
 * XOpenIM asks it), when we asked (0: no question out), whether it missed
 * XIM_ANSWER_MS, and the key events held meanwhile, in order. */
#define XIM_ANSWER_MS 2000	/* room for a running method on a
				 * loaded machine */
#define HELD_MAX 256
static Atom server, locales;
static long long asked;
static int stopped;
static XEvent held[HELD_MAX];
static int nheld;

static void instantiate(Display *d, XPointer client, XPointer call);

/* The best style the method offers, or 0 for none we can use. */
static XIMStyle
pickstyle(void)
{
	static const XIMStyle want[] = {
		XIMPreeditPosition | XIMStatusNothing,
		XIMPreeditPosition | XIMStatusNone,
		XIMPreeditNothing | XIMStatusNothing,
		XIMPreeditNothing | XIMStatusNone,
		XIMPreeditNone | XIMStatusNone,
	};
	XIMStyles *st = NULL;
	XIMStyle got = 0;
	size_t i;
	unsigned short j;

	if (XGetIMValues(xim, XNQueryInputStyle, &st, NULL) || !st)
		return XIMPreeditNothing | XIMStatusNothing;
	for (i = 0; i < LEN(want) && !got; i++)
		for (j = 0; j < st->count_styles; j++)
			if (st->supported_styles[j] == want[i])
				got = want[i];
	XFree(st);
	return got;
}

/* A server to ask whether it runs: a real method's, not Xlib's own. */
static int
live(void)
{
	return xic && !standin && server != None;
}

static void
drop(int close)
{
	if (stopped)
		close = 0;	/* XDestroyIC and XCloseIM wait for it */
	server = None;
	asked = stopped = 0;
	if (xic && close)
		XDestroyIC(xic);
	if (xim && close)
		XCloseIM(xim);
	if (spotlist)
		XFree(spotlist);
	xic = NULL;
	xim = NULL;
	spotlist = NULL;
}

/* XIMPreeditPosition: the server draws the preedit at the spot, in a
 * font set we name (Xlib requires one; XLFD core fonts, which the XIM
 * servers draw with). NULL when there is no such font or the server
 * refuses: the caller falls back to root-window style. */
static XIC
overthespot(XIMStyle style)
{
	static const char *names = "-*-*-medium-r-normal--14-*-*-*-*-*-*-*,"
	                           "-*-*-*-*-*--14-*-*-*-*-*-*-*,*";
	XVaNestedList pre;
	char **missing, *def;
	int nmissing;
	XIC ic;

	if (!fontset) {
		missing = NULL;
		fontset = XCreateFontSet(dpy, names, &missing, &nmissing,
		                         &def);
		if (missing)		/* charsets it lacks: fine here */
			XFreeStringList(missing);
		if (!fontset)
			return NULL;
	}
	pre = XVaCreateNestedList(0, XNSpotLocation, &spot, XNFontSet,
	                          fontset, NULL);
	ic = XCreateIC(xim, XNInputStyle, style, XNClientWindow, win,
	               XNFocusWindow, win, XNPreeditAttributes, pre, NULL);
	XFree(pre);
	return ic;
}

static void
destroyed(XIM im, XPointer client, XPointer call)
{
	(void)im;
	(void)client;
	(void)call;
	drop(0);		/* gone with its server: not ours to free */
	warn("the input method %s went away; waiting for it to return",
	     mods ? mods : "");
	xim_init(dpy, win);	/* wait for it, with a stand-in meanwhile */
}

/* The selection of the server the modifiers name ("@im=uim":
 * "@server=uim"), or the first XIM_SERVERS lists, as XOpenIM picks it. */
static Atom
serveratom(void)
{
	const char *m = mods ? strstr(mods, "@im=") : NULL;
	char name[128];
	unsigned char *data = NULL;
	unsigned long n, after;
	Atom type, a = None;
	int fmt;

	if (m && m[4] && m[4] != '@') {
		snprintf(name, sizeof(name), "@server=%.*s",
		         (int)strcspn(m + 4, "@"), m + 4);
		return XInternAtom(dpy, name, False);
	}
	if (XGetWindowProperty(dpy, DefaultRootWindow(dpy), XInternAtom(dpy,
	    "XIM_SERVERS", False), 0, 1, False, XA_ATOM, &type, &fmt, &n,
	    &after, &data) == Success && data && n && fmt == 32)
		a = *(Atom *)data;
	if (data)
		XFree(data);
	return a;
}

/* Open the method the current modifiers name, and an input context. */
static int
open_im(void)
{
	XIMCallback destroy = { .client_data = NULL, .callback = destroyed };
	XIMStyle style;

	if (!(xim = XOpenIM(dpy, NULL, NULL, NULL)))
		return 0;
	if (XSetIMValues(xim, XNDestroyCallback, &destroy, NULL))
		warn("XSetIMValues: could not set XNDestroyCallback");
	if (!(style = pickstyle())) {
		warn("the input method offers no style we can use");
		drop(1);
		return 0;
	}
	spotlist = XVaCreateNestedList(0, XNSpotLocation, &spot, NULL);
	if (style & XIMPreeditPosition)
		xic = overthespot(style);
	if (!xic) {
		style = style & XIMPreeditPosition ?
		        XIMPreeditNothing | XIMStatusNothing : style;
		xic = XCreateIC(xim, XNInputStyle, style, XNClientWindow, win,
		                XNFocusWindow, win, NULL);
	}
	if (!xic) {
		warn("XCreateIC: the input method refused the window");
		drop(1);
		return 0;
	}
	/* a new context starts where the caret is */
	if (!(style & XIMPreeditPosition) && (spot.x || spot.y))
		XSetICValues(xic, XNPreeditAttributes, spotlist, NULL);
	if (focused)
		XSetICFocus(xic);
	return 1;
}

/* Xlib's own method until the server comes. */
static void
open_standin(void)
{
	if (!XSetLocaleModifiers("@im=none"))
		return;
	standin = open_im();
	XSetLocaleModifiers(mods);	/* the callback watches for these */
}

static void
instantiate(Display *d, XPointer client, XPointer call)
{
	(void)d;
	(void)client;
	(void)call;
	if (standin)
		drop(1);
	standin = 0;
	if (open_im()) {
		server = serveratom();
		XUnregisterIMInstantiateCallback(dpy, NULL, NULL, NULL,
		                                 instantiate, NULL);
		waiting = 0;
		warn("the input method %s is here", mods ? mods : "");
	} else {
		open_standin();
	}
}

void
xim_init(Display *d, Window w)
{
	char *m;

	dpy = d;
	win = w;
	if (!mods && (m = XSetLocaleModifiers(NULL)))
		mods = strcpy(ecalloc(1, strlen(m) + 1), m);
	if (!locales)
		locales = XInternAtom(dpy, "LOCALES", False);
	if (open_im()) {
		server = serveratom();
		if (server != None)	/* a real method, not Xlib's own */
			warn("the input method %s is in use", mods ? mods : "");
		return;
	}
	/* False when the modifiers name Xlib's own method: nothing to
	 * wait for */
	if (!waiting)
		waiting = XRegisterIMInstantiateCallback(dpy, NULL, NULL, NULL,
		                                         instantiate, NULL);
	open_standin();
}

void
xim_free(void)
{
	if (waiting)
		XUnregisterIMInstantiateCallback(dpy, NULL, NULL, NULL,
		                                 instantiate, NULL);
	waiting = 0;
	drop(1);
	if (fontset)
		XFreeFontSet(dpy, fontset);
	fontset = NULL;
	free(mods);
	mods = NULL;
}

XIC
xim_ic(void)
{
	return xic;
}

void
xim_focus(int on)
{
	focused = on;
	if (xic)
		(on ? XSetICFocus : XUnsetICFocus)(xic);
}

void
xim_spot(int x, int y)
{
	if (!xic || !spotlist || (spot.x == x && spot.y == y) ||
	    (live() && (stopped || asked)))	/* it would wait */
		return;
	spot.x = (short)x;
	spot.y = (short)y;
	XSetICValues(xic, XNPreeditAttributes, spotlist, NULL);
}

/* Ask the server for its LOCALES: a running one answers at once. */
static void
ask(void)
{
	if (asked || !live())
		return;
	XConvertSelection(dpy, server, locales, locales, win, CurrentTime);
	asked = MAX(now_ms(), 1);
}

int
xim_hold(const XEvent *ev)
{
	/* keycode 0: Xlib's own KeyPress carrying a commit, never sent */
	if ((ev->type != KeyPress && ev->type != KeyRelease) ||
	    !ev->xkey.keycode || (!live() && !nheld))
		return 0;
	if (nheld == HELD_MAX) {	/* keys held, no answer yet */
		stopped = 1;
		return 0;
	}
	ask();
	held[nheld++] = *ev;
	return 1;
}

int
xim_filters(void)
{
	return !live() || !stopped;
}

int
xim_release(XEvent *ev, int *filter)
{
	if (!nheld || (live() && !stopped && asked))
		return 0;		/* none, or the answer is awaited */
	*filter = xim_filters();
	*ev = held[0];
	memmove(held, held + 1, (size_t)--nheld * sizeof(*held));
	return 1;
}

int
xim_answer(const XEvent *ev)
{
	const XSelectionEvent *e = &ev->xselection;

	if (ev->type != SelectionNotify || e->requestor != win ||
	    e->target != locales)
		return 0;
	if (e->property != None)
		XDeleteProperty(dpy, win, e->property);
	asked = 0;
	if (stopped && live())
		warn("the input method %s answers again", mods ? mods : "");
	stopped = 0;
	return 1;
}

int
xim_waitms(int other)
{
	long long w;

	if (!asked || stopped || !live())
		return other;
	w = MAX(asked + XIM_ANSWER_MS - now_ms(), 0);
	return other >= 0 && other < w ? other : (int)w;
}

void
xim_tick(void)
{
	if (!asked || stopped || !live() ||
	    now_ms() - asked < XIM_ANSWER_MS)
		return;
	stopped = 1;
	warn("the input method %s does not answer (stopped?): typing goes "
	     "on without it", mods ? mods : "");
}
