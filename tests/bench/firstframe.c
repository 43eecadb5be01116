/* firstframe.c: how long an X client takes from exec to its first frame,
 * as the X server saw it drawn: a Damage object (the DAMAGE extension) on
 * the root window reports every drawing on the screen, so nothing polls.
 *
 *   firstframe QUIET_MS -- COMMAND [ARGS...]
 *
 * Starts COMMAND and prints one line:
 *   first=MS settled=MS draws=N
 * first: exec to the first drawing on screen; settled: exec to the last
 * drawing before QUIET_MS of stillness (the whole first frame, for a
 * client that draws it in several steps, as GTK does); draws: the Damage
 * reports up to then. Then COMMAND gets SIGTERM. Exit 1 if nothing was
 * drawn within 20 s. Run on an otherwise idle display (Xvfb). Used by
 * bench-client.sh. */
#define _POSIX_C_SOURCE 200809L
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char *argv[])
{
	Display *dpy;
	Damage dmg;
	XEvent ev;
	int evbase, errbase, quiet, draws = 0, timeout;
	double t0, first = -1, last = -1, t;
	struct pollfd pfd;
	pid_t pid;

	if (argc < 4 || argv[2][0] != '-' || argv[2][1] != '-') {
		fprintf(stderr, "usage: firstframe QUIET_MS -- COMMAND...\n");
		return 2;
	}
	quiet = atoi(argv[1]);
	if (!(dpy = XOpenDisplay(NULL)) ||
	    !XDamageQueryExtension(dpy, &evbase, &errbase)) {
		fprintf(stderr, "firstframe: no display or no DAMAGE\n");
		return 2;
	}
	dmg = XDamageCreate(dpy, DefaultRootWindow(dpy),
	                    XDamageReportNonEmpty);
	XSync(dpy, False);
	/* the screen as it was is not news: drop what DAMAGE reports now */
	while (XPending(dpy))
		XNextEvent(dpy, &ev);
	XDamageSubtract(dpy, dmg, None, None);
	XSync(dpy, False);
	while (XPending(dpy))
		XNextEvent(dpy, &ev);
	t0 = now_ms();
	if ((pid = fork()) == 0) {
		close(ConnectionNumber(dpy));
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	pfd.fd = ConnectionNumber(dpy);
	pfd.events = POLLIN;
	for (;;) {
		while (XPending(dpy)) {
			XNextEvent(dpy, &ev);
			if (ev.type != evbase + XDamageNotify)
				continue;
			t = now_ms();
			if (first < 0)
				first = t;
			last = t;
			draws++;
			/* the next drawing reports again */
			XDamageSubtract(dpy, dmg, None, None);
		}
		t = now_ms();
		timeout = first < 0 ? (int)(t0 + 20000 - t) :
		          (int)(last + quiet - t);
		if (timeout <= 0 || t - t0 > 20000)
			break;
		poll(&pfd, 1, timeout);
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	if (first < 0) {
		fprintf(stderr, "firstframe: nothing drawn in 20 s\n");
		return 1;
	}
	printf("first=%.1f settled=%.1f draws=%d\n", first - t0, last - t0,
	       draws);
	return 0;
}
