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
 * Xlib's XIM calls block: a stopped (not dead) server stops us inside
 * XFilterEvent, as it does st and xterm. */
#include <X11/Xlib.h>
#include <stddef.h>
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

static void
drop(int close)
{
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
	if (open_im())
		return;
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
	if (!xic || !spotlist || (spot.x == x && spot.y == y))
		return;
	spot.x = (short)x;
	spot.y = (short)y;
	XSetICValues(xic, XNPreeditAttributes, spotlist, NULL);
}
