/* keylat.c: the time from a key press to the typed glyph on screen.
 *
 *   keylat WINDOW WxH+X+Y [MAXSAMPLES]
 *
 * Focuses WINDOW, then repeats until SIGTERM or MAXSAMPLES: reads the
 * region (XGetImage), presses and releases "x" through XTEST, and reads
 * the region again and again until a pixel differs; that wait is one
 * sample. BackSpace then takes the letter away (waiting for the region to
 * change again) so the input line never fills up. The region must be one
 * that only the typed text changes (the input line, not the log).
 *
 * On SIGTERM (or after MAXSAMPLES) it prints one line:
 *   keylat n=N p50_ms=.. p99_ms=.. max_ms=.. timeouts=N
 * A sample that sees no change within 2 s is a timeout, not a figure.
 * Reading the region is itself a round trip through the X server, so a
 * sample includes the server's queue: that is what a user waits for. */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TIMEOUT_MS 2000.0
#define MAXN 100000

static volatile sig_atomic_t stop;

static void
onterm(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

struct region {
	Display *dpy;
	Window win;
	int x, y;
	unsigned w, h;
};

/* A copy of the region's pixels; NULL if the window is gone. */
static char *
grab(struct region *r, size_t *n)
{
	XImage *im = XGetImage(r->dpy, r->win, r->x, r->y, r->w, r->h,
	                       AllPlanes, ZPixmap);
	char *p;

	if (!im)
		return NULL;
	*n = (size_t)im->bytes_per_line * (size_t)im->height;
	if ((p = malloc(*n)))
		memcpy(p, im->data, *n);
	XDestroyImage(im);
	return p;
}

/* Press and release KEYSYM, then wait until the region differs from
 * BEFORE: the milliseconds it took, or -1 after TIMEOUT_MS. */
static double
press(struct region *r, KeySym sym, const char *before, size_t n)
{
	KeyCode kc = XKeysymToKeycode(r->dpy, sym);
	double t0 = now_ms(), t;
	size_t m;
	char *now;
	int same;

	XTestFakeKeyEvent(r->dpy, kc, True, CurrentTime);
	XTestFakeKeyEvent(r->dpy, kc, False, CurrentTime);
	XFlush(r->dpy);
	for (;;) {
		if (!(now = grab(r, &m)))
			return -1;
		same = m == n && !memcmp(now, before, n);
		free(now);
		t = now_ms() - t0;
		if (!same)
			return t;
		if (t > TIMEOUT_MS)
			return -1;
	}
}

static int
xerror(Display *dpy, XErrorEvent *e)
{
	(void)dpy;
	fprintf(stderr, "keylat: X error %d (the window is gone?)\n",
	        e->error_code);
	exit(1);
}

int
main(int argc, char **argv)
{
	struct region r;
	static double lat[MAXN];
	long max = argc > 3 ? atol(argv[3]) : MAXN;
	size_t n0, n1, n = 0, timeouts = 0;
	char *img, *typed;
	double t;

	if (argc < 3 || sscanf(argv[2], "%ux%u+%d+%d", &r.w, &r.h, &r.x,
	    &r.y) != 4) {
		fprintf(stderr, "usage: keylat WINDOW WxH+X+Y [MAXSAMPLES]\n");
		return 2;
	}
	if (max <= 0 || max > MAXN)
		max = MAXN;
	if (!(r.dpy = XOpenDisplay(NULL))) {
		fprintf(stderr, "keylat: cannot open display\n");
		return 1;
	}
	r.win = (Window)strtoul(argv[1], NULL, 0);
	XSetErrorHandler(xerror);
	signal(SIGTERM, onterm);
	signal(SIGINT, onterm);
	XSetInputFocus(r.dpy, r.win, RevertToParent, CurrentTime);
	XSync(r.dpy, False);
	while (!stop && (long)n < max) {
		if (!(img = grab(&r, &n0)))
			break;
		t = press(&r, XK_x, img, n0);
		if (t < 0) {
			timeouts++;
		} else {
			lat[n++] = t;
			/* take the letter away again */
			if ((typed = grab(&r, &n1))) {
				press(&r, XK_BackSpace, typed, n1);
				free(typed);
			}
		}
		free(img);
	}
	qsort(lat, n, sizeof(lat[0]), cmpd);
	printf("keylat n=%zu p50_ms=%.1f p99_ms=%.1f max_ms=%.1f timeouts=%zu\n",
	       n, n ? lat[n / 2] : 0.0, n ? lat[(n * 99) / 100] : 0.0,
	       n ? lat[n - 1] : 0.0, timeouts);
	XCloseDisplay(r.dpy);
	return 0;
}
