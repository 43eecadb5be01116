/* xim.c: the input method, as st does it. XOpenIM after setlocale() and
 * XSetLocaleModifiers("") (main.c); if that fails (a broken XMODIFIERS),
 * "@im=none" keeps Xlib's own method. When the method server goes away
 * (fcitx restarted), its destroy callback drops the context and registers
 * an instantiate callback, which opens a new one when the server is back.
 * The spot location follows the caret so the candidate window sits there
 * (over-the-spot, read by fcitx and IBus even with XIMPreeditNothing). */
#include <X11/Xlib.h>
#include <stddef.h>

#include "util.h"
#include "xim.h"

static Display *dpy;
static Window win;
static XIM xim;
static XIC xic;
static XPoint spot = { -1, -1 };
static XVaNestedList spotlist;
static int focused;

static void instantiate(Display *d, XPointer client, XPointer call);

static void
destroyed(XIM im, XPointer client, XPointer call)
{
	(void)im;
	(void)client;
	(void)call;
	xim = NULL;
	xic = NULL;		/* gone with its method */
	if (spotlist)
		XFree(spotlist);
	spotlist = NULL;
	XRegisterIMInstantiateCallback(dpy, NULL, NULL, NULL, instantiate,
	                               NULL);
}

static int
open_im(void)
{
	XIMCallback destroy = { .client_data = NULL, .callback = destroyed };

	if (!(xim = XOpenIM(dpy, NULL, NULL, NULL)))
		return 0;
	if (XSetIMValues(xim, XNDestroyCallback, &destroy, NULL))
		warn("XSetIMValues: could not set XNDestroyCallback");
	spotlist = XVaCreateNestedList(0, XNSpotLocation, &spot, NULL);
	xic = XCreateIC(xim, XNInputStyle, XIMPreeditNothing |
	                XIMStatusNothing, XNClientWindow, win,
	                XNFocusWindow, win, NULL);
	if (!xic)
		warn("XCreateIC: the input method refused the window");
	else if (focused)
		XSetICFocus(xic);
	return 1;
}

static void
instantiate(Display *d, XPointer client, XPointer call)
{
	(void)d;
	(void)client;
	(void)call;
	if (open_im())
		XUnregisterIMInstantiateCallback(dpy, NULL, NULL, NULL,
		                                 instantiate, NULL);
}

void
xim_init(Display *d, Window w)
{
	dpy = d;
	win = w;
	if (open_im())
		return;
	XSetLocaleModifiers("@im=none");
	if (!open_im())
		XRegisterIMInstantiateCallback(dpy, NULL, NULL, NULL,
		                               instantiate, NULL);
}

void
xim_free(void)
{
	if (xic)
		XDestroyIC(xic);
	if (xim)
		XCloseIM(xim);
	if (spotlist)
		XFree(spotlist);
	xic = NULL;
	xim = NULL;
	spotlist = NULL;
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
