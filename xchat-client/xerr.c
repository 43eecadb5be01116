/* xerr.c: X protocol errors and a lost display.
 *
 * Xlib's default handler prints any protocol error and exits. The errors
 * this client meets are not its own bugs and not fatal: a window of
 * another program destroyed while we answer it (BadWindow on the
 * ChangeProperty, SendEvent or ChangeWindowAttributes of a selection
 * transfer, ICCCM 2.2 lets a requestor vanish at any time), or a
 * resource the server cannot allocate (BadAlloc on the back buffer of a
 * 40000x100 window, then BadDrawable, BadPixmap or a Render error on
 * the draws into it). So every protocol error is survived and said once
 * per (error, request) pair on stderr; a BadAlloc is also handed to
 * main.c (xerr_alloc) to say in the window.
 *
 * Only the loss of the connection ends the program (Xlib's I/O error;
 * the exit itself is Xlib's, or our XSetIOErrorExitHandler's where
 * libX11 has it, 1.7 and later). The handler first calls main.c back,
 * which says QUIT to the chat server. Xlib forbids requests inside both
 * handlers, and the callback makes none. */
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>

#include "util.h"
#include "xerr.h"

static void (*lostfn)(void);
static struct {
	unsigned char code, req;
} seen[64];			/* kinds already reported */
static size_t nseen;
static int alloc;		/* a BadAlloc not yet taken */

static int
reported(const XErrorEvent *e)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (seen[i].code == e->error_code &&
		    seen[i].req == e->request_code)
			return 1;
	if (nseen == LEN(seen))
		return 1;	/* a storm of kinds: the first 64 are enough */
	seen[nseen].code = e->error_code;
	seen[nseen].req = e->request_code;
	nseen++;
	return 0;
}

static int
onerror(Display *d, XErrorEvent *e)
{
	char what[128], req[80], num[8];

	if (e->error_code == BadAlloc)
		alloc = 1;
	if (reported(e))
		return 0;
	/* neither call makes a request: both read Xlib's tables */
	XGetErrorText(d, e->error_code, what, sizeof(what));
	snprintf(num, sizeof(num), "%u", e->request_code);
	XGetErrorDatabaseText(d, "XRequest", num, num, req, sizeof(req));
	warn("X error survived: %s on request %s (resource 0x%lx); "
	     "more of this kind are not reported", what, req, e->resourceid);
	return 0;
}

/* When this returns, Xlib exits with 1 (before libX11 1.7), or calls
 * the exit handler below (1.7 and later). */
static int
onioerror(Display *d)
{
	static int once;

	(void)d;
	if (once++)
		return 0;
	warn("lost the connection to the X display");
	if (lostfn)
		lostfn();
	return 0;
}

#ifdef HAVE_XSETIOERROREXITHANDLER
/* libX11 1.7 and later: the one place the program ends for a lost
 * display. Returning would leave Xlib's connection unusable. */
static void
onioexit(Display *d, void *data)
{
	(void)d;
	(void)data;
	exit(1);
}
#endif

void
xerr_init(Display *d, void (*lost)(void))
{
	lostfn = lost;
	XSetErrorHandler(onerror);
	XSetIOErrorHandler(onioerror);
#ifdef HAVE_XSETIOERROREXITHANDLER
	XSetIOErrorExitHandler(d, onioexit, NULL);
#else
	(void)d;
#endif
}

int
xerr_alloc(void)
{
	int a = alloc;

	alloc = 0;
	return a;
}
