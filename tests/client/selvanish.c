/* selvanish.c: ask the owner of a selection for each TARGET, and destroy
 * the requestor window at once, as a program that quits right after a
 * paste does. The owner then writes to a window that is gone (BadWindow
 * on ChangeProperty and SendEvent): ICCCM 2.2 allows the requestor to
 * vanish, so the owner must survive it. The server is grabbed around the
 * request and the destruction, so the owner cannot answer in between.
 * usage: selvanish SELECTION TARGET... */
#include <X11/Xlib.h>
#include <stdio.h>

int
main(int argc, char *argv[])
{
	Display *dpy;
	Window w;
	Atom sel, prop;
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: selvanish SELECTION TARGET...\n");
		return 2;
	}
	if (!(dpy = XOpenDisplay(NULL))) {
		fprintf(stderr, "selvanish: cannot open display\n");
		return 1;
	}
	sel = XInternAtom(dpy, argv[1], False);
	prop = XInternAtom(dpy, "SELVANISH", False);
	for (i = 2; i < argc; i++) {
		w = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1,
		                        1, 0, 0, 0);
		XGrabServer(dpy);
		XConvertSelection(dpy, sel, XInternAtom(dpy, argv[i], False),
		                  prop, w, CurrentTime);
		XDestroyWindow(dpy, w);
		XUngrabServer(dpy);
		XSync(dpy, False);
	}
	XCloseDisplay(dpy);
	return 0;
}
