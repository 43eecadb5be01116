/* main.c: xchat-client's set-up and event loop.
 *
 * One thread, one poll(): the X connection and the server socket. Each
 * turn drains every pending X event and every complete line the socket
 * has (a bounded amount per turn, so a burst of thousands of lines still
 * lets the window answer), then draws once into the back buffer and
 * copies it. Idle, poll() sleeps with no timeout; the only timers are the
 * connect/login deadline and the reconnection countdown.
 *
 * Start reading at main(), then run(). Keys go through the tables of
 * config.h; clicks through the screens' hit tests (chat.c, login.c); lines
 * from the server through state_irc() (state.c); what the user types
 * through cmd_run() (cmd.c). The X selections (PRIMARY, CLIPBOARD) and the
 * input method (XIM) live here too. */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "irc.h"
#include "net.h"
#include "nick.h"
#include "screen.h"
#include "util.h"

#define CLEANMASK(m) ((m) & (ShiftMask | ControlMask | Mod1Mask))

typedef union {
	int i;
} Arg;

typedef struct {
	unsigned mod;
	KeySym sym;
	void (*fn)(const Arg *);
	Arg arg;
} Key;

typedef struct {
	unsigned mod;
	KeySym sym;
	void (*fn)(Entry *);
} EditKey;

enum { SCR_LOGIN, SCR_CHAT };

static void paste(const Arg *a);
static void copy(const Arg *a);
static void sendinput(const Arg *a);
static void page(const Arg *a);
static void bottom(const Arg *a);
static void history(const Arg *a);
static void complete(const Arg *a);
static void tab(const Arg *a);
static void tabto(const Arg *a);
static void submit(const Arg *a);
static void focusnext(const Arg *a);

#include "config.h"

Clr clr[C_LAST];
Clr nickclr[NICKCLRS];

static Display *dpy;
static int screen;
static Window win;
static Drw *drw;
static Atom wmprotocols, wmdelete, netwmname, utf8string, clipboard,
            targets, xseldata, netwmpid;
static struct {
	XIM xim;
	XIC xic;
	XPoint spot;
	XVaNestedList spotlist;
} ime;
static State *st;
static Net net;
static Login login;
static Chat chat;
static int scr = SCR_LOGIN;
static int dirty = 1, running = 1, focused;
static char *owned[2];			/* our PRIMARY and CLIPBOARD */
static char host[256], port[16], user[NICK_MAX + 1];
static time_t deadline;			/* connect and log in by then */
static time_t retry_at;			/* reconnect then (0: not) */
static size_t retries;
static int dragged;
static char title[256];

/* ---- the connection ---- */

static void
sendline(void *ctx, const char *line)
{
	(void)ctx;
	net_send(&net, line);
}

static void
status(const char *fmt, const char *a, const char *b)
{
	char *dst = scr == SCR_LOGIN ? login.status : chat.status;
	size_t n = scr == SCR_LOGIN ? sizeof(login.status)
	           : sizeof(chat.status);

	snprintf(dst, n, fmt, a, b);
}

static void
startconnect(void)
{
	st->error[0] = '\0';
	st->error_nick = 0;
	login.error[0] = '\0';
	if (net_connect(&net, host, port) < 0) {
		strlcopy(st->error, net.err, sizeof(st->error));
		deadline = 0;
		return;
	}
	status("Connecting to %s:%s ...", host, port);
	deadline = time(NULL) + connect_timeout;
}

static void
schedule(void)
{
	size_t i = MIN(retries, LEN(backoff) - 1);

	retry_at = time(NULL) + backoff[i];
	retries++;
}

/* The connection ended or never came up: say why where the user looks. */
static void
down(void)
{
	char why[sizeof(st->error) + 64];
	int online = st->status == ST_ONLINE;

	if (st->error[0])
		snprintf(why, sizeof(why), "%s", st->error);
	else if (st->status == ST_REGISTERING)
		snprintf(why, sizeof(why), "Disconnected during login: %s",
		         net.err);
	else
		snprintf(why, sizeof(why), "%s", net.err);
	net_close(&net, NULL);
	deadline = 0;
	state_disconnected(st, why);
	dirty = 1;
	if (scr == SCR_LOGIN) {
		snprintf(login.error, sizeof(login.error), "%s", why);
		login.status[0] = '\0';
		if (st->error_nick)
			login.focus = F_NICK;
		return;
	}
	if (!online)
		state_add(st, state_room(st), LINE_ERROR, NULL,
		          "Reconnection failed: %s", why);
	if (st->error_nick && strlen(st->nick) < NICK_MAX)
		strcat(st->nick, "_");	/* our ghost may hold the nick */
	if (running)
		schedule();
}

static void
online(void *ctx, char *line, size_t len)
{
	Msg m;

	(void)ctx;
	if (irc_parse(line, len, &m) < 0)
		return;
	state_irc(st, &m);
	dirty = 1;
}

static void
netio(short revents)
{
	int ev = net_io(&net, revents, online, NULL);

	if (ev == NET_EV_UP)
		state_connected(st, user);
	if (st->status == ST_ONLINE && deadline) {	/* just logged in */
		deadline = 0;
		retries = 0;
		scr = SCR_CHAT;
		chat.status[0] = '\0';
	}
	if (st->status != ST_ONLINE && st->error[0] && net.state != NET_DOWN)
		ev = NET_EV_DOWN;	/* refused at login: 433, ERROR */
	if (ev == NET_EV_DOWN)
		down();
	dirty = 1;
}

static void
timers(void)
{
	time_t now = time(NULL);

	if (deadline && now >= deadline) {
		if (net.state == NET_RESOLVING)
			snprintf(net.err, sizeof(net.err), "Cannot resolve %s: "
			         "timed out", host);
		else if (net.state == NET_CONNECTING)
			snprintf(net.err, sizeof(net.err), "Cannot connect to "
			         "%s:%s: timed out", host, port);
		else
			snprintf(net.err, sizeof(net.err), "The server did "
			         "not complete the login in %d s",
			         connect_timeout);
		st->error[0] = '\0';
		st->status = ST_OFFLINE;
		down();
	}
	if (retry_at && now >= retry_at) {
		retry_at = 0;
		startconnect();
		if (net.state == NET_DOWN)
			down();
	} else if (retry_at) {
		snprintf(chat.status, sizeof(chat.status),
		         "Reconnecting in %ld s", (long)(retry_at - now));
		dirty = 1;
	}
}

/* ---- actions bound to keys (config.h) ---- */

static Entry *
focusentry(void)
{
	return scr == SCR_LOGIN ? login_entry(&login) : &chat.input;
}

static void
own(int clip, char *text)
{
	free(owned[clip]);
	owned[clip] = text;
	if (text)
		XSetSelectionOwner(dpy, clip ? clipboard : XA_PRIMARY, win,
		                   CurrentTime);
}

static void
paste(const Arg *a)
{
	XConvertSelection(dpy, a->i ? clipboard : XA_PRIMARY, utf8string,
	                  xseldata, win, CurrentTime);
}

static char *
sdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(ecalloc(1, n), s, n);
}

/* Ctrl+C: the lines selected in the log, else the input line. */
static void
copy(const Arg *a)
{
	char *text = scr == SCR_CHAT ? logview_selection(state_current(st))
	             : NULL;
	Entry *e = focusentry();

	(void)a;
	if (!text && e && e->len)
		text = sdup(e->text);
	if (text)
		own(1, text);
}

static void
quit(void)
{
	if (net.state == NET_UP) {
		if (st->status == ST_ONLINE)
			state_sendf(st, "QUIT :Leaving");
		net_flush(&net, 500);
	}
	running = 0;
}

static void
sendinput(const Arg *a)
{
	char line[ENTRY_MAX + 1];

	(void)a;
	if (!chat.input.len)
		return;
	strlcopy(line, chat.input.text, sizeof(line));
	entry_hist_push(&chat.input, line);
	entry_set(&chat.input, "");
	state_current(st)->scroll = 0;
	if (cmd_run(st, line) == CMD_QUIT) {
		net_flush(&net, 500);
		running = 0;
	}
}

static void
page(const Arg *a)
{
	logview_page(state_current(st), a->i);
}

static void
bottom(const Arg *a)
{
	(void)a;
	state_current(st)->scroll = 0;
}

static void
history(const Arg *a)
{
	if (a->i)
		entry_hist_prev(&chat.input);
	else
		entry_hist_next(&chat.input);
}

static void
complete(const Arg *a)
{
	const char *nicks[1024];
	size_t i, n = MIN(st->nusers, LEN(nicks));

	(void)a;
	for (i = 0; i < n; i++)
		nicks[i] = st->users[i].nick;
	entry_complete(&chat.input, nicks, n);
}

static void
select_conv(size_t i)
{
	if (i >= st->nconvs || i == st->cur)
		return;
	logview_select(-1, -1);
	state_select(st, i);
}

static void
tab(const Arg *a)
{
	select_conv((st->cur + st->nconvs + (size_t)(a->i + 1) - 1) %
	            st->nconvs);
}

static void
tabto(const Arg *a)
{
	select_conv((size_t)a->i);
}

static void
submit(const Arg *a)
{
	const char *h = login.field[F_SERVER].text;
	const char *p = login.field[F_PORT].text;
	const char *n = login.field[F_NICK].text;
	long pn = atol(p);
	NickStatus ns;

	(void)a;
	if (net.state != NET_DOWN)
		return;			/* already on its way */
	login.error[0] = '\0';
	if (!*h)
		snprintf(login.error, sizeof(login.error), "Enter the "
		         "server's name or address");
	else if (pn < 1 || pn > 65535 || strspn(p, "0123456789") != strlen(p))
		snprintf(login.error, sizeof(login.error), "The port is a "
		         "number from 1 to 65535 (IRC uses 6667)");
	else if ((ns = nick_check(n, strlen(n))) != NICK_OK)
		snprintf(login.error, sizeof(login.error), "%s",
		         nick_status_text(ns));
	if (login.error[0]) {
		login.focus = !*h ? F_SERVER : pn < 1 || pn > 65535 ? F_PORT
		              : F_NICK;
		return;
	}
	strlcopy(host, h, sizeof(host));
	strlcopy(port, p, sizeof(port));
	strlcopy(st->nick, n, sizeof(st->nick));
	startconnect();
	if (net.state == NET_DOWN)
		down();
}

static void
focusnext(const Arg *a)
{
	login.focus = (login.focus + F_LAST + a->i) % F_LAST;
}

/* ---- X events ---- */

static int
runkeys(const Key *k, size_t n, KeySym sym, unsigned state)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (k[i].sym == sym && CLEANMASK(k[i].mod) == state) {
			k[i].fn(&k[i].arg);
			return 1;
		}
	return 0;
}

static void
keypress(XEvent *ev)
{
	XKeyEvent *e = &ev->xkey;
	char buf[128];
	KeySym sym = NoSymbol;
	Status stat = XLookupNone;
	unsigned state = CLEANMASK(e->state);
	Entry *entry = focusentry();
	int len;
	size_t i;

	if (ime.xic)
		len = Xutf8LookupString(ime.xic, e, buf, sizeof(buf), &sym,
		                        &stat);
	else
		len = XLookupString(e, buf, sizeof(buf), &sym, NULL);
	if (stat == XBufferOverflow || len < 0)
		len = 0;
	dirty = 1;
	if (runkeys(keys, LEN(keys), sym, state))
		return;
	if (scr == SCR_CHAT ? runkeys(chatkeys, LEN(chatkeys), sym, state)
	    : runkeys(loginkeys, LEN(loginkeys), sym, state))
		return;
	if (!entry) {
		if (sym == XK_space && scr == SCR_LOGIN)
			submit(NULL);	/* the focused Connect button */
		return;
	}
	for (i = 0; i < LEN(editkeys); i++)
		if (editkeys[i].sym == sym &&
		    CLEANMASK(editkeys[i].mod) == state) {
			editkeys[i].fn(entry);
			return;
		}
	if (len > 0 && !(state & (ControlMask | Mod1Mask)))
		entry_insert(entry, buf, (size_t)len);
}

static void
chatclick(XButtonEvent *e)
{
	int idx, hit = chat_hit(&chat, drw, st, e->x, e->y, &idx);
	Conv *c = state_current(st);
	long l;

	switch (e->button) {
	case Button4:
	case Button5:
		if (hit == HIT_LOG || hit == HIT_BAR)
			logview_scroll(c, e->button == Button4 ? 3 : -3);
		return;
	case Button2:
		paste(&(Arg){ .i = 0 });
		return;
	case Button1:
		break;
	default:
		return;
	}
	if (hit == HIT_TAB) {
		select_conv((size_t)idx);
	} else if (hit == HIT_USER) {
		c = state_conv_open(st, st->users[idx].nick);
		for (idx = 0; st->convs[idx] != c; idx++)
			;
		select_conv((size_t)idx);
	} else if (hit == HIT_BAR) {
		logview_bar_click(chat.rbar, c, e->y);
	} else if (hit == HIT_SEND) {
		sendinput(NULL);
	} else if (hit == HIT_LOG) {
		l = logview_hit(e->x, e->y);
		chat.anchor = l;
		dragged = 0;
		logview_select(-1, -1);
	}
}

static void
buttonpress(XEvent *ev)
{
	XButtonEvent *e = &ev->xbutton;

	dirty = 1;
	if (scr == SCR_CHAT) {
		chatclick(e);
		return;
	}
	if (e->button == Button2)
		paste(&(Arg){ .i = 0 });
	else if (e->button == Button1 && login_click(&login, e->x, e->y))
		submit(NULL);
}

static void
motion(XEvent *ev)
{
	long l;

	if (scr != SCR_CHAT || chat.anchor < 0)
		return;
	if ((l = logview_hit(ev->xmotion.x, ev->xmotion.y)) >= 0) {
		logview_select(chat.anchor, l);
		dragged = 1;
		dirty = 1;
	}
}

static void
buttonrelease(XEvent *ev)
{
	char *text;

	if (ev->xbutton.button != Button1 || chat.anchor < 0)
		return;
	chat.anchor = -1;
	if (dragged && (text = logview_selection(state_current(st))))
		own(0, text);
}

static void
configure(XEvent *ev)
{
	drw_resize(drw, ev->xconfigure.width, ev->xconfigure.height);
	dirty = 1;
}

static void
expose(XEvent *ev)
{
	if (ev->xexpose.count == 0)
		dirty = 1;
}

static void
seturgent(int on)
{
	XWMHints *h = XGetWMHints(dpy, win);

	if (!h)
		return;
	h->flags = on ? h->flags | XUrgencyHint : h->flags & ~XUrgencyHint;
	XSetWMHints(dpy, win, h);
	XFree(h);
}

static void
focus(XEvent *ev)
{
	focused = ev->type == FocusIn;
	if (ime.xic)
		(focused ? XSetICFocus : XUnsetICFocus)(ime.xic);
	if (focused)
		seturgent(0);
}

static void
message(XEvent *ev)
{
	if (ev->xclient.message_type == wmprotocols &&
	    (Atom)ev->xclient.data.l[0] == wmdelete)
		quit();
}

/* Someone pasted what we own: answer in UTF-8 (ICCCM 2.2). */
static void
selrequest(XEvent *ev)
{
	XSelectionRequestEvent *r = &ev->xselectionrequest;
	XSelectionEvent n = { .type = SelectionNotify, .display = r->display,
	                      .requestor = r->requestor, .selection =
	                      r->selection, .target = r->target, .time =
	                      r->time, .property = None };
	const char *text = owned[r->selection == clipboard];
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

static void
selclear(XEvent *ev)
{
	int clip = ev->xselectionclear.selection == clipboard;

	free(owned[clip]);
	owned[clip] = NULL;
	if (!clip) {
		logview_select(-1, -1);
		dirty = 1;
	}
}

static void
selnotify(XEvent *ev)
{
	unsigned char *data = NULL;
	unsigned long n, after;
	Atom type;
	int fmt;
	Entry *e = focusentry();

	if (ev->xselection.property == None)
		return;
	if (XGetWindowProperty(dpy, win, ev->xselection.property, 0, 1 << 16,
	    True, AnyPropertyType, &type, &fmt, &n, &after, &data) != Success)
		return;
	if (e && fmt == 8 && (type == utf8string || type == XA_STRING))
		entry_insert(e, (char *)data, n);
	if (data)
		XFree(data);
	dirty = 1;
}

static void
mapping(XEvent *ev)
{
	XRefreshKeyboardMapping(&ev->xmapping);
}

static void (*handler[LASTEvent])(XEvent *) = {
	[KeyPress] = keypress,
	[ButtonPress] = buttonpress,
	[ButtonRelease] = buttonrelease,
	[MotionNotify] = motion,
	[ConfigureNotify] = configure,
	[Expose] = expose,
	[FocusIn] = focus,
	[FocusOut] = focus,
	[ClientMessage] = message,
	[SelectionRequest] = selrequest,
	[SelectionClear] = selclear,
	[SelectionNotify] = selnotify,
	[MappingNotify] = mapping,
};

/* ---- the input method (as st does it) ---- */

static void ximinstantiate(Display *d, XPointer client, XPointer call);

static void
ximdestroy(XIM im, XPointer client, XPointer call)
{
	(void)im;
	(void)client;
	(void)call;
	ime.xim = NULL;
	ime.xic = NULL;	/* destroyed with its method */
	XRegisterIMInstantiateCallback(dpy, NULL, NULL, NULL, ximinstantiate,
	                               NULL);
	XFree(ime.spotlist);
	ime.spotlist = NULL;
}

static int
ximopen(void)
{
	XIMCallback destroy = { .client_data = NULL, .callback = ximdestroy };

	if (!(ime.xim = XOpenIM(dpy, NULL, NULL, NULL)))
		return 0;
	if (XSetIMValues(ime.xim, XNDestroyCallback, &destroy, NULL))
		warn("XSetIMValues: could not set XNDestroyCallback");
	ime.spotlist = XVaCreateNestedList(0, XNSpotLocation, &ime.spot,
	                                   NULL);
	ime.xic = XCreateIC(ime.xim, XNInputStyle, XIMPreeditNothing |
	                    XIMStatusNothing, XNClientWindow, win,
	                    XNFocusWindow, win, NULL);
	if (!ime.xic)
		warn("XCreateIC: the input method refused us");
	else if (focused)
		XSetICFocus(ime.xic);
	return 1;
}

static void
ximinstantiate(Display *d, XPointer client, XPointer call)
{
	(void)d;
	(void)client;
	(void)call;
	if (ximopen())
		XUnregisterIMInstantiateCallback(dpy, NULL, NULL, NULL,
		                                 ximinstantiate, NULL);
}

static void
ximsetup(void)
{
	if (ximopen())
		return;
	/* a broken XMODIFIERS: Xlib's own method still composes */
	XSetLocaleModifiers("@im=none");
	if (!ximopen())
		XRegisterIMInstantiateCallback(dpy, NULL, NULL, NULL,
		                               ximinstantiate, NULL);
}

/* Keep the candidate window at the caret (over-the-spot). */
static void
ximspot(int x, int y)
{
	if (!ime.xic || !ime.spotlist || (ime.spot.x == x && ime.spot.y == y))
		return;
	ime.spot.x = (short)x;
	ime.spot.y = (short)y;
	XSetICValues(ime.xic, XNPreeditAttributes, ime.spotlist, NULL);
}

/* ---- drawing ---- */

static void
settitle(void)
{
	char t[sizeof(title)];
	unsigned n = state_unread(st);

	if (scr == SCR_LOGIN)
		snprintf(t, sizeof(t), "xchat");
	else if (n)
		snprintf(t, sizeof(t), "(%u) %s - %s - xchat", n,
		         state_current(st)->name, st->nick);
	else
		snprintf(t, sizeof(t), "%s - %s - xchat",
		         state_current(st)->name, st->nick);
	if (!strcmp(t, title))
		return;
	strlcopy(title, t, sizeof(title));
	XChangeProperty(dpy, win, netwmname, utf8string, 8, PropModeReplace,
	                (unsigned char *)t, (int)strlen(t));
	XChangeProperty(dpy, win, XA_WM_NAME, utf8string, 8, PropModeReplace,
	                (unsigned char *)t, (int)strlen(t));
}

static void
draw(void)
{
	if (scr == SCR_LOGIN) {
		login_draw(&login, drw);
		ximspot(login.caretx, login.carety);
	} else {
		chat_draw(&chat, drw, st);
		ximspot(chat.caretx, chat.carety);
	}
	drw_map(drw, 0, 0, drw->w, drw->h);
	settitle();
	if (st->alert && !focused)
		seturgent(1);
	st->alert = 0;
}

/* ---- set-up and the loop ---- */

static void
setup(const char *fontname, unsigned w, unsigned h)
{
	XSetWindowAttributes wa;
	XClassHint ch = { "xchat-client", "XChat" };
	XWMHints wmh = { .flags = InputHint, .input = True };
	XSizeHints *sh;
	long pid = getpid();
	size_t i;

	screen = DefaultScreen(dpy);
	wa.background_pixmap = None;	/* the back buffer covers it all */
	wa.bit_gravity = NorthWestGravity;
	wa.event_mask = KeyPressMask | ButtonPressMask | ButtonReleaseMask |
	                Button1MotionMask | StructureNotifyMask |
	                ExposureMask | FocusChangeMask;
	win = XCreateWindow(dpy, RootWindow(dpy, screen), 0, 0, w, h, 0,
	                    DefaultDepth(dpy, screen), InputOutput,
	                    DefaultVisual(dpy, screen), CWBackPixmap |
	                    CWBitGravity | CWEventMask, &wa);
	drw = drw_create(dpy, screen, win, w, h);
	if (drw_font(drw, fontname) < 0)
		die("cannot load font '%s'", fontname);
	for (i = 0; i < C_LAST; i++)
		drw_clr(drw, &clr[i], colours[i]);
	for (i = 0; i < NICKCLRS; i++)
		drw_clr(drw, &nickclr[i], nickcolours[i]);
	wmprotocols = XInternAtom(dpy, "WM_PROTOCOLS", False);
	wmdelete = XInternAtom(dpy, "WM_DELETE_WINDOW", False);
	netwmname = XInternAtom(dpy, "_NET_WM_NAME", False);
	netwmpid = XInternAtom(dpy, "_NET_WM_PID", False);
	utf8string = XInternAtom(dpy, "UTF8_STRING", False);
	clipboard = XInternAtom(dpy, "CLIPBOARD", False);
	targets = XInternAtom(dpy, "TARGETS", False);
	xseldata = XInternAtom(dpy, "XSEL_DATA", False);
	sh = XAllocSizeHints();
	sh->flags = PMinSize;
	sh->min_width = (int)drw->fh * 20;
	sh->min_height = (int)drw->fh * 12;
	XSetWMProperties(dpy, win, NULL, NULL, NULL, 0, sh, &wmh, &ch);
	XFree(sh);
	XSetWMProtocols(dpy, win, &wmdelete, 1);
	XChangeProperty(dpy, win, netwmpid, XA_CARDINAL, 32, PropModeReplace,
	                (unsigned char *)&pid, 1);
	ximsetup();
	settitle();
	XMapWindow(dpy, win);
}

static int
waitms(void)
{
	time_t now = time(NULL);
	time_t t = deadline;

	if (retry_at)
		return 1000;	/* the countdown shows every second */
	if (!t)
		return -1;
	return t > now ? (int)(t - now) * 1000 : 0;
}

static void
run(void)
{
	struct pollfd fds[2];
	XEvent ev;

	while (running) {
		while (running && XPending(dpy)) {
			XNextEvent(dpy, &ev);
			if (XFilterEvent(&ev, None))
				continue;
			if (ev.type < LASTEvent && handler[ev.type])
				handler[ev.type](&ev);
		}
		if (!running)
			break;
		if (dirty) {
			draw();
			dirty = 0;
		}
		XFlush(dpy);
		fds[0] = (struct pollfd){ ConnectionNumber(dpy), POLLIN, 0 };
		fds[1] = (struct pollfd){ net.fd, net_events(&net), 0 };
		if (poll(fds, net.fd >= 0 ? 2 : 1, waitms()) < 0 &&
		    errno != EINTR)
			die("poll:");
		if (net.fd >= 0 && fds[1].revents)
			netio(fds[1].revents);
		timers();
	}
}

static void
usage(void)
{
	die("usage: xchat-client [-v] [-s host] [-p port] [-n nick] "
	    "[-f font] [-r room] [-g WxH]");
}

static void
defaultnick(char *out, size_t n)
{
	const char *s = getenv("USER");
	struct passwd *pw;

	if ((!s || !*s) && (pw = getpwuid(getuid())))
		s = pw->pw_name;
	strlcopy(out, s && *s ? s : "guest", n);
	if (nick_check(out, strlen(out)) != NICK_OK)
		strlcopy(out, "guest", n);
}

int
main(int argc, char *argv[])
{
	const char *h = defhost, *p = defport, *fontname = font, *r = room;
	char nick[NICK_MAX + 1];
	unsigned w = defw, hh = defh;
	int c, autoconnect = 0;

	util_progname(argv[0]);
	defaultnick(nick, sizeof(nick));
	while ((c = getopt(argc, argv, "vs:p:n:f:r:g:")) != -1) {
		switch (c) {
		case 'v': puts("xchat-client-" VERSION); return 0;
		case 's': h = optarg; autoconnect = 1; break;
		case 'p': p = optarg; autoconnect = 1; break;
		case 'n': strlcopy(nick, optarg, sizeof(nick));
		          autoconnect = 1; break;
		case 'f': fontname = optarg; break;
		case 'r': r = optarg; break;
		case 'g': if (sscanf(optarg, "%ux%u", &w, &hh) != 2 || w < 100
		              || hh < 100)
		          	usage();
		          break;
		default: usage();
		}
	}
	if (optind < argc)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (!setlocale(LC_CTYPE, "") || !XSupportsLocale())
		warn("no locale support: typing non-ASCII text may not work");
	if (!XSetLocaleModifiers(""))
		warn("XSetLocaleModifiers failed");
	if (!(dpy = XOpenDisplay(NULL)))
		die("cannot open display '%s'", getenv("DISPLAY") ?
		    getenv("DISPLAY") : "");
	strlcopy(user, nick, sizeof(user));
	st = state_create(r, nick, logmax);
	st->send = sendline;
	net_init(&net);
	login_init(&login, h, p, nick);
	chat_init(&chat, histmax);
	setup(fontname, w, hh);
	if (autoconnect)
		submit(NULL);
	run();
	net_close(&net, NULL);
	entry_clear_all(&chat.input);
	free(owned[0]);
	free(owned[1]);
	state_free(st);
	if (ime.xic)
		XDestroyIC(ime.xic);
	if (ime.xim)
		XCloseIM(ime.xim);
	if (ime.spotlist)
		XFree(ime.spotlist);
	drw_free(drw);
	XDestroyWindow(dpy, win);
	XCloseDisplay(dpy);
	return 0;
}
