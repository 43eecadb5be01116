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
 * config.h; clicks through the screens' hit tests (chat.c,
 * login.c); lines
 * from the server through state_irc() (state.c); what the user types
 * through cmd_run() (cmd.c). The X selections (PRIMARY, CLIPBOARD) and the
 * input method (XIM) live here too. */
#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/XKBlib.h>
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
#include "colour.h"
#include "irc.h"
#include "keys.h"
#include "net.h"
#include "nick.h"
#include "procs.h"
#include "paste.h"
#include "screen.h"
#include "session.h"
#include "util.h"
#include "xerr.h"
#include "xim.h"
#include "xsel.h"

#define FRAME_MS 16	/* at most 60 frames a second for server lines */
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
static void reconnect(const Arg *a);
static void focusnext(const Arg *a);
static int pasteanswer(KeySym sym);

#include "config.h"

Clr clr[C_LAST];
Clr nickclr[NICKCLRS];
size_t nnickclr;

static Display *dpy;
static int screen;
static Window win;
static Drw *drw;
static Atom wmprotocols, wmdelete, netwmname, utf8string, netwmpid;
static Session ses;			/* the connection */
static Login login;			/* the screens */
static Chat chat;
static int focused;
static int shown;			/* the first Expose came */
static int gone;			/* our window was destroyed */
static int imstarted;			/* xim_init() was called */
static int inputdirty;			/* only the input line changed */
static int dragged;			/* a selection drag moved */
static int barheld;			/* the scrollbar is held */
static char title[256];
static Paste pst;			/* a paste of many lines, asking or
					 * being sent */

/* ---- actions bound to keys (config.h) ---- */

static Entry *
focusentry(void)
{
	return ses.scr == SCR_LOGIN ? login_entry(&login) : &chat.input;
}

static void
paste(const Arg *a)
{
	xsel_paste(a->i ? XSEL_CLIPBOARD : XSEL_PRIMARY);
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
	char *text = ses.scr == SCR_CHAT ?
	             logview_selection(state_current(ses.st)) : NULL;
	Entry *e = focusentry();

	(void)a;
	if (!text && e && e->len)
		text = sdup(e->text);
	if (text)
		xsel_own(XSEL_CLIPBOARD, text);
}

static void
quit(void)
{
	session_quit(&ses);
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
	logview_bottom(state_current(ses.st));
	switch (cmd_run(ses.st, line)) {
	case CMD_QUIT:
		net_flush(&ses.net, 500);
		ses.running = 0;
		break;
	case CMD_OFFLINE:	/* kept for when the connection is back */
		entry_set(&chat.input, line);
		break;
	}
}

static void
page(const Arg *a)
{
	if (procs_is(state_current(ses.st)))
		procs_page(a->i);
	else
		logview_page(state_current(ses.st), a->i);
}

static void
bottom(const Arg *a)
{
	(void)a;
	logview_bottom(state_current(ses.st));
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
	size_t i, n = MIN(ses.st->nusers, LEN(nicks));

	(void)a;
	for (i = 0; i < n; i++)
		nicks[i] = ses.st->users[i].nick;
	entry_complete(&chat.input, nicks, n);
}

static void
select_conv(size_t i)
{
	if (i >= ses.st->nconvs || i == ses.st->cur)
		return;
	logview_select(-1, -1);
	state_select(ses.st, i);
}

static void
tab(const Arg *a)
{
	select_conv((ses.st->cur + ses.st->nconvs + (size_t)(a->i + 1) - 1) %
	            ses.st->nconvs);
}

static void
tabto(const Arg *a)
{
	select_conv((size_t)a->i);
}

static void
submit(const Arg *a)
{
	(void)a;
	session_submit(&ses, login.field[F_SERVER].text,
	               login.field[F_PORT].text, login.field[F_NICK].text);
}

static void
reconnect(const Arg *a)
{
	(void)a;
	session_reconnect_now(&ses);
}

/* ---- what session.c asks of the screens (session.h) ---- */

void
win_login_error(const char *why, int field)
{
	strlcopy(login.error, why, sizeof(login.error));
	if (*why)
		login.status[0] = '\0';
	if (field != FIELD_NONE)
		login.focus = field;
	ses.dirty = 1;
}

void
win_status(const char *text)
{
	if (ses.scr == SCR_LOGIN)
		strlcopy(login.status, text, sizeof(login.status));
	else
		strlcopy(chat.status, text, sizeof(chat.status));
	ses.dirty = 1;
}

void
win_chat(void)
{
	chat.status[0] = '\0';
	ses.dirty = 1;
}

static void
focusnext(const Arg *a)
{
	login.focus = (login.focus + F_LAST + a->i) % F_LAST;
}

/* ---- X events ---- */

static XkbDescPtr kbnames;	/* XKB key names, read when first needed */

/* The keysyms to match a press on (keys.c): the looked-up one, then,
 * with Ctrl or Alt, the key's Latin one. */
static int
candidates(XKeyEvent *e, KeySym sym, KeySym out[KEYS_MAX])
{
	KeySym l1[XkbNumKbdGroups];
	const char *name = NULL;
	char kn[XkbKeyNameLength + 1];
	int g, n = 0;

	if (!(e->state & (ControlMask | Mod1Mask)))
		return keys_candidates(sym, NULL, 0, NULL, e->state, out);
	for (g = 0; g < XkbNumKbdGroups; g++)
		if ((l1[n] = XkbKeycodeToKeysym(dpy, (KeyCode)e->keycode, g,
		    0)) != NoSymbol)
			n++;
	if (!kbnames && (kbnames = XkbGetMap(dpy, 0, XkbUseCoreKbd)) &&
	    XkbGetNames(dpy, XkbKeyNamesMask, kbnames) != Success) {
		XkbFreeKeyboard(kbnames, 0, True);
		kbnames = NULL;
	}
	if (kbnames && kbnames->names && kbnames->names->keys &&
	    e->keycode >= kbnames->min_key_code &&
	    e->keycode <= kbnames->max_key_code) {
		memcpy(kn, kbnames->names->keys[e->keycode].name,
		       XkbKeyNameLength);
		kn[XkbKeyNameLength] = '\0';
		name = kn;
	}
	return keys_candidates(sym, l1, n, name, e->state, out);
}

static int
runkeys(const Key *k, size_t n, const KeySym *sym, int nsym, unsigned state)
{
	size_t i;
	int j;

	for (j = 0; j < nsym; j++)
		for (i = 0; i < n; i++)
			if (k[i].sym == sym[j] &&
			    CLEANMASK(k[i].mod) == state) {
				k[i].fn(&k[i].arg);
				return 1;
			}
	return 0;
}

static int
runedit(Entry *entry, const KeySym *sym, int nsym, unsigned state)
{
	size_t i;
	int j;

	for (j = 0; j < nsym; j++)
		for (i = 0; i < LEN(editkeys); i++)
			if (editkeys[i].sym == sym[j] &&
			    CLEANMASK(editkeys[i].mod) == state) {
				editkeys[i].fn(entry);
				return 1;
			}
	return 0;
}

static void
keypress(XEvent *ev)
{
	XKeyEvent *e = &ev->xkey;
	char buf[ENTRY_MAX];	/* an input method commits whole phrases */
	KeySym sym = NoSymbol;
	Status stat = XLookupNone;
	unsigned state = CLEANMASK(e->state);
	Entry *entry = focusentry();
	KeySym syms[KEYS_MAX];
	int len, nsym, was;
	char was_text[ENTRY_MAX + 1];
	size_t before;
	int cut;

	if (xim_ic())
		len = Xutf8LookupString(xim_ic(), e, buf, sizeof(buf), &sym,
		                        &stat);
	else
		len = XLookupString(e, buf, sizeof(buf), &sym, NULL);
	if (stat == XBufferOverflow || len < 0)
		len = 0;	/* longer than the input line holds anyway */
	was = ses.dirty;
	ses.dirty = 1;
	nsym = candidates(e, sym, syms);
	if (ses.scr == SCR_CHAT && !(state & (ControlMask | Mod1Mask)) &&
	    pasteanswer(sym))
		return;
	if (runkeys(keys, LEN(keys), syms, nsym, state))
		return;
	if (ses.scr == SCR_CHAT ?
	    runkeys(chatkeys, LEN(chatkeys), syms, nsym, state) :
	    runkeys(loginkeys, LEN(loginkeys), syms, nsym, state))
		return;
	if (!entry) {
		if (sym == XK_space && ses.scr == SCR_LOGIN)
			submit(NULL);	/* the focused Connect button */
		return;
	}
	before = entry->len;
	cut = entry->cut;
	if (ses.scr != SCR_CHAT)	/* only the form asks what a key changed */
		memcpy(was_text, entry->text, before);
	if (runedit(entry, syms, nsym, state) || (len > 0 &&
	    !(state & (ControlMask | Mod1Mask)) &&
	    (entry_insert(entry, buf, (size_t)len) > 0 || entry->cut))) {
		/* (refused whole at maxlen: drawn, the form says why) */
		if (ses.scr == SCR_CHAT) {	/* only the input line */
			ses.dirty = was;
			inputdirty = 1;
		} else if ((entry->cut && !cut) || entry->len != before ||
		           memcmp(entry->text, was_text, before)) {
			/* the error was about what the form held: an edit
			 * ends it (a stale "alice is in use" over a new
			 * name hid the note on its length), as does a key
			 * the 30 bytes refuse now; a caret move keeps it,
			 * even in a field still cut */
			login.error[0] = '\0';
		}
		return;
	}
	ses.dirty = was;	/* a key that did nothing: a Shift alone */
}

static void
chatclick(XButtonEvent *e)
{
	int idx, hit = chat_hit(&chat, drw, ses.st, e->x, e->y, &idx);
	Conv *c = state_current(ses.st);
	long l;

	switch (e->button) {
	case Button4:
	case Button5:
		if (procs_is(c) && e->y >= chat.rlog.y &&	/* all wide */
		    e->y < chat.rlog.y + chat.rlog.h)
			procs_scroll(e->button == Button4 ? -3 : 3);
		else if (hit == HIT_LOG || hit == HIT_BAR)
			logview_scroll(c, e->button == Button4 ? 3 : -3);
		else if (rect_in(chat.rlist, e->x, e->y))
			list_scroll(e->button == Button4 ? -3 : 3);
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
	} else if (hit == HIT_USER &&	/* never a tab with ourselves */
	           !state_isme(ses.st, ses.st->users[idx].nick)) {
		c = state_conv_open(ses.st, ses.st->users[idx].nick);
		if (c)
			select_conv((size_t)state_conv_index(ses.st, c));
	} else if (hit == HIT_BAR) {
		logview_bar_click(chat.rbar, c, e->y);
		barheld = 1;
	} else if (hit == HIT_STATUS) {
		reconnect(NULL);	/* the countdown: reconnect now */
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

	ses.dirty = 1;
	if (ses.scr == SCR_CHAT) {
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

	if (ses.scr == SCR_CHAT && barheld) {
		logview_bar_click(chat.rbar, state_current(ses.st),
		                  ev->xmotion.y);
		ses.dirty = 1;
		return;
	}
	if (ses.scr != SCR_CHAT || chat.anchor < 0)
		return;
	if ((l = logview_hit(ev->xmotion.x, ev->xmotion.y)) >= 0) {
		logview_select(chat.anchor, l);
		dragged = 1;
		ses.dirty = 1;
	}
}

static void
buttonrelease(XEvent *ev)
{
	char *text;

	if (ev->xbutton.button == Button1)
		barheld = 0;
	if (ev->xbutton.button != Button1 || chat.anchor < 0)
		return;
	chat.anchor = -1;
	if (dragged && (text = logview_selection(state_current(ses.st))))
		xsel_own(XSEL_PRIMARY, text);
}

static void
configure(XEvent *ev)
{
	drw_resize(drw, ev->xconfigure.width, ev->xconfigure.height);
	ses.dirty = 1;
}

static void
expose(XEvent *ev)
{
	if (ev->xexpose.count == 0)
		ses.dirty = 1;
	shown = 1;
}

/* The urgency hint (ICCCM 4.1.2.4), set while a message waits unseen.
 * WM_HINTS is the client's own property: it is written from what we know,
 * not read back (XGetWMHints was a round trip on every focus change). */
static void
seturgent(int on)
{
	static int urgent;
	XWMHints h = { .flags = InputHint, .input = True };

	if (on == urgent)
		return;
	urgent = on;
	if (on)
		h.flags |= XUrgencyHint;
	XSetWMHints(dpy, win, &h);
}

static void
focus(XEvent *ev)
{
	focused = ev->type == FocusIn;
	xim_focus(focused);
	if (focused)
		seturgent(0);
}

/* SIGINT, SIGTERM, SIGHUP (^C in its terminal, kill, the terminal
 * closed): the user leaves as with /quit, QUIT on the wire, so the room
 * reads "left", not "lost the connection". Blocked but inside run()'s
 * ppoll, so one that comes while we work is not lost. */
static volatile sig_atomic_t stopsig;
static sigset_t waitmask;

static void
onstop(int sig)
{
	stopsig = sig;
}

static void
stopsignals(void)
{
	struct sigaction sa = { 0 };
	sigset_t stop;

	sa.sa_handler = onstop;		/* no SA_RESTART: ppoll ends */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigprocmask(SIG_BLOCK, &stop, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGHUP);
}

/* Our window destroyed by another client (xdotool windowclose, a
 * misbehaving window manager): there is nothing left to show the room
 * in, so the user leaves as when the window is closed (WM_DELETE_WINDOW).
 * Other windows' ends are the selection code's. */
static void
destroyed(XEvent *ev)
{
	if (ev->xdestroywindow.window == win) {
		shown = 0;	/* nothing to draw on any more */
		gone = 1;
		quit();
	} else {
		xsel_other(ev);
	}
}

static void
message(XEvent *ev)
{
	if (ev->xclient.message_type == wmprotocols &&
	    (Atom)ev->xclient.data.l[0] == wmdelete)
		quit();
}

static void
selrequest(XEvent *ev)
{
	xsel_request(ev);
}

static void
selclear(XEvent *ev)
{
	if (xsel_clear(ev) == XSEL_PRIMARY) {
		logview_select(-1, -1);
		ses.dirty = 1;
	}
}

static void
insert(const char *s, size_t n)
{
	Entry *e = focusentry();
	size_t k;

	if (!e)
		return;
	ses.dirty = 1;
	if (ses.scr != SCR_CHAT || !paste_needed(s, n, ENTRY_MAX - e->len)) {
		/* a line break becomes a space; on the form, a paste is
		 * an edit and ends the error, as a key does (keypress) */
		int cut = e->cut;

		if ((entry_insert(e, s, n) > 0 || (e->cut && !cut)) &&
		    ses.scr != SCR_CHAT)
			login.error[0] = '\0';
		return;
	}
	if (!(k = paste_start(&pst, s, n, state_current(ses.st)->name)))
		return;
	state_current(ses.st)->scroll = 0;	/* where the question is */
	if (pst.asking)
		state_info(ses.st, NULL, "Paste %zu lines (%zu bytes) to %s? "
		           "Enter sends them, Escape cancels", k, pst.bytes,
		           pst.target);
}

/* While a paste asks, Enter says yes and Escape no; while it is being
 * sent, Escape stops it. */
static int
pasteanswer(KeySym sym)
{
	size_t left;

	if (pst.asking && (sym == XK_Return || sym == XK_KP_Enter)) {
		pst.asking = 0;
		return 1;
	}
	if (sym != XK_Escape || !paste_busy(&pst))
		return 0;
	left = paste_cancel(&pst);
	state_info(ses.st, NULL, "Paste cancelled: %zu line%s not sent", left,
	           left == 1 ? "" : "s");
	return 1;
}

/* Send the pasted lines that are due (paste.c sets the pace). Offline,
 * they wait for the connection. */
static void
pasteout(void)
{
	const char *m;
	long long now = now_ms();

	while ((m = paste_due(&pst, now)) &&
	       cmd_say(ses.st, pst.target, m) == CMD_OK) {
		paste_sent(&pst, now);
		ses.dirty = 1;
	}
}

/* How long poll() may sleep: the session's timers, a paste's pace, the
 * process tab's refresh (only while it is shown), the input method's
 * answer awaited. */
static int
waitms(void)
{
	long long now = now_ms();
	int t = session_waitms(&ses), p = xsel_waitms(now);

	if (p >= 0 && (t < 0 || p < t))
		t = p;
	p = ses.st->status == ST_ONLINE ? paste_waitms(&pst, now) : -1;
	t = procs_waitms(ses.st, p >= 0 && (t < 0 || p < t) ? p : t);
	return xim_waitms(t);
}

static void
selnotify(XEvent *ev)
{
	xsel_notify(ev);
}

static void
property(XEvent *ev)
{
	xsel_property(ev);
}

/* A paste that failed (xsel.c): said where the user looks. */
static void
pastefail(const char *msg)
{
	if (ses.scr == SCR_CHAT)
		state_add(ses.st, state_current(ses.st), LINE_ERROR, NULL,
		          "%s", msg);
	else
		strlcopy(login.error, msg, sizeof(login.error));
	ses.dirty = 1;
}

static void
mapping(XEvent *ev)
{
	XRefreshKeyboardMapping(&ev->xmapping);
	if (kbnames)		/* setxkbmap may have renamed the keys */
		XkbFreeKeyboard(kbnames, 0, True);
	kbnames = NULL;
}

/* Iconified or on another desktop: the process tab is not seen. */
static void
mapnotify(XEvent *ev)
{
	procs_window(ev->type == MapNotify);
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
	[PropertyNotify] = property,
	[DestroyNotify] = destroyed,	/* ours, or a requestor of ours */
	[MappingNotify] = mapping,
	[MapNotify] = mapnotify,
	[UnmapNotify] = mapnotify,
};

/* ---- drawing ---- */

static void
settitle(void)
{
	char t[sizeof(title)];
	unsigned n = state_unread(ses.st);

	if (ses.scr == SCR_LOGIN)
		snprintf(t, sizeof(t), "xchat");
	else if (n)
		snprintf(t, sizeof(t), "(%u) %s - %s - xchat", n,
		         state_current(ses.st)->name, ses.st->nick);
	else
		snprintf(t, sizeof(t), "%s - %s - xchat",
		         state_current(ses.st)->name, ses.st->nick);
	if (!strcmp(t, title))
		return;
	strlcopy(title, t, sizeof(title));
	XChangeProperty(dpy, win, netwmname, utf8string, 8, PropModeReplace,
	                (unsigned char *)t, (int)strlen(t));
	/* WM_NAME for window managers that predate _NET_WM_NAME (twm):
	 * STRING or COMPOUND_TEXT, as ICCCM 4.1.2.1 has it */
	Xutf8SetWMProperties(dpy, win, t, t, NULL, 0, NULL, NULL, NULL);
}

/* A key that only edited the input line redraws and copies that alone
 * (a whole frame cost 1.4 ms of key-to-glyph in make bench-client). */
static void
drawinput(void)
{
	Rect r = chat.rinput;

	chat_draw_input(&chat, drw);
	xim_spot(chat.caretx, chat.carety);
	drw_map(drw, r.x, r.y, (unsigned)r.w, (unsigned)r.h);
}

static void
draw(void)
{
	if (ses.scr == SCR_LOGIN) {
		login_draw(&login, drw);
		xim_spot(login.caretx, login.carety);
	} else {
		chat_draw(&chat, drw, ses.st);
		xim_spot(chat.caretx, chat.carety);
	}
	drw_map(drw, 0, 0, drw->w, drw->h);
	settitle();
	if (ses.st->alert && !focused)
		seturgent(1);
	ses.st->alert = 0;
}

/* ---- set-up and the loop ---- */

/* The nick colours that keep colour.h's rule (an edited palette.h may
 * break it): never the system-line grey, the alert or the error colour. */
static void
nickcolours_alloc(void)
{
	uint32_t res[] = { colour_rgb(colours[C_DIM]),
	                   colour_rgb(colours[C_MENTION]),
	                   colour_rgb(colours[C_ERR]) };
	size_t i;

	for (i = 0; i < LEN(nickcolours) && nnickclr < NICKCLRS; i++) {
		if (colour_nick_ok(colour_rgb(nickcolours[i]), res, LEN(res)))
			drw_clr(drw, &nickclr[nnickclr++], nickcolours[i]);
		else
			warn("nick colour %s is not used: it reads as a "
			     "system line, an alert or an error", nickcolours[i]);
	}
}

/* Every atom the client and Xlib will ask for before the first frame, in
 * one round trip: Xlib keeps what XInternAtoms learns, so the XInternAtom
 * calls here, in xsel.c and xim.c, and XSetWMProperties' own, find them
 * without asking the server (one by one they were 9 round trips: 0.45 s
 * before the window shows over a 50 ms link). */
static void
prefetch_atoms(void)
{
	static char *names[] = {
		"WM_PROTOCOLS", "WM_DELETE_WINDOW", "_NET_WM_NAME",
		"_NET_WM_PID", "UTF8_STRING", "WM_LOCALE_NAME", "CLIPBOARD",
		"TARGETS", "XSEL_DATA", "INCR", "COMPOUND_TEXT",
	};
	Atom a[LEN(names)];

	XInternAtoms(dpy, names, (int)LEN(names), False, a);
}

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
	wa.event_mask = KeyPressMask | KeyReleaseMask | ButtonPressMask |
	                ButtonReleaseMask |
	                Button1MotionMask | StructureNotifyMask |
	                ExposureMask | FocusChangeMask |
	                PropertyChangeMask;	/* INCR pastes (xsel.c) */
	win = XCreateWindow(dpy, RootWindow(dpy, screen), 0, 0, w, h, 0,
	                    DefaultDepth(dpy, screen), InputOutput,
	                    DefaultVisual(dpy, screen), CWBackPixmap |
	                    CWBitGravity | CWEventMask, &wa);
	drw = drw_create(dpy, screen, win, w, h);
	if (drw_font(drw, fontname) < 0)
		die("cannot load font '%s'", fontname);
	for (i = 0; i < C_LAST; i++)
		drw_clr(drw, &clr[i], colours[i]);
	nickcolours_alloc();
	prefetch_atoms();
	wmprotocols = XInternAtom(dpy, "WM_PROTOCOLS", False);
	wmdelete = XInternAtom(dpy, "WM_DELETE_WINDOW", False);
	netwmname = XInternAtom(dpy, "_NET_WM_NAME", False);
	netwmpid = XInternAtom(dpy, "_NET_WM_PID", False);
	utf8string = XInternAtom(dpy, "UTF8_STRING", False);
	sh = XAllocSizeHints();
	sh->flags = PMinSize;
	sh->min_width = (int)drw->fh * 20;
	sh->min_height = (int)drw->fh * 12;
	XSetWMProperties(dpy, win, NULL, NULL, NULL, 0, sh, &wmh, &ch);
	XFree(sh);
	XSetWMProtocols(dpy, win, &wmdelete, 1);
	XChangeProperty(dpy, win, netwmpid, XA_CARDINAL, 32, PropModeReplace,
	                (unsigned char *)&pid, 1);
	xsel_init(dpy, win, insert, pastefail);
	settitle();
	XMapWindow(dpy, win);
}

/* One event: the input method's first (unless it would wait for a
 * server that does not answer: xim.h), then its handler. */
static void
event(XEvent *ev, int filter)
{
	if (filter && XFilterEvent(ev, None))
		return;
	if (ev->type == KeyPress)
		xsel_time(ev->xkey.time);
	else if (ev->type == ButtonPress || ev->type == ButtonRelease)
		xsel_time(ev->xbutton.time);
	if (ev->type < LASTEvent && handler[ev->type])
		handler[ev->type](ev);
}

/* The keys held for the input method's answer that may go now. */
static void
heldkeys(void)
{
	XEvent ev;
	int filter;

	while (ses.running && xim_release(&ev, &filter))
		event(&ev, filter);
}

static void
run(void)
{
	struct pollfd fds[2];
	XEvent ev;
	int queued, netdirty, userdirty, wait;
	long long last = 0;		/* when the last frame was drawn */

	while (ses.running) {
		netdirty = ses.dirty;	/* from the server, or not yet drawn */
		ses.dirty = 0;
		while (ses.running && XPending(dpy)) {
			XNextEvent(dpy, &ev);
			if (!xim_answer(&ev) && !xim_hold(&ev))
				event(&ev, xim_filters());
			heldkeys();
		}
		userdirty = ses.dirty;
		ses.dirty |= netdirty;
		if (!ses.running)
			break;
		if (xerr_alloc())	/* the back buffer, most likely */
			state_add(ses.st, state_current(ses.st), LINE_ERROR,
			          NULL, "The X server has no memory for a "
			          "%ux%u window: make it smaller", drw->w,
			          drw->h);
		/* nothing is drawn before the window is shown (the first
		 * Expose), and the input method is opened after the first
		 * frame: XOpenIM parses the locale's Compose file, 60% of
		 * the instructions of a start-up (callgrind: 50M of 82M) */
		/* What the user does is drawn at once; what the server sends
		 * at most every FRAME_MS, so a burst of thousands of lines
		 * costs the X server 60 frames a second, not one a read. */
		if (ses.dirty && shown && (userdirty ||
		    now_ms() - last >= FRAME_MS)) {
			draw();
			last = now_ms();
			ses.dirty = inputdirty = 0;
			if (!imstarted)
				xim_init(dpy, win);
			imstarted = 1;
		} else if (inputdirty && shown) {
			drawinput();
			inputdirty = 0;
		}
		/* Flushing also reads what the server sent meanwhile into
		 * Xlib's queue (libX11 over XCB does), where poll() cannot
		 * see it: a click or a paste answer that came while we drew
		 * would wait there for the next event. So flush by asking
		 * XPending, and do not sleep when it finds something. */
		queued = XPending(dpy);
		wait = queued ? 0 : waitms();
		if (ses.dirty && shown)	/* a frame is due at last + FRAME_MS */
			wait = (int)MAX(MIN(wait < 0 ? FRAME_MS : wait,
			        last + FRAME_MS - now_ms()), 0);
		fds[0] = (struct pollfd){ ConnectionNumber(dpy), POLLIN, 0 };
		fds[1] = (struct pollfd){ ses.net.fd, net_events(&ses.net), 0 };
		if (ppoll_ms(fds, ses.net.fd >= 0 ? 2 : 1, wait,
		             &waitmask) < 0 && errno != EINTR)
			die("poll:");
		if (stopsig) {
			quit();
			break;
		}
		if (ses.net.fd >= 0 && fds[1].revents)
			session_io(&ses, fds[1].revents);
		session_timers(&ses);
		xim_tick();
		heldkeys();
		xsel_timers(now_ms());
		pasteout();
		procs_tick(ses.st);
	}
}

/* The X server is gone (xerr.c): say why to the chat server. */
static void
lostdisplay(void)
{
	if (ses.net.state == NET_UP && ses.st->status == ST_ONLINE) {
		state_sendf(ses.st, "QUIT :Lost the X display");
		net_flush(&ses.net, 500);
	}
}

static const char usagetext[] =
"usage: xchat-client [-l] [-s host] [-p port] [-n nick] [-r room]\n"
"                    [-f font] [-g WxH] | -h | -V\n"
"  -s host  server (default %s)\n"
"  -p port  port (default %s)\n"
"  -n nick  nickname (default your login name)\n"
"  -r room  room to join (default %s; the server's own room wins)\n"
"  -f font  main font, a fontconfig pattern (default %s)\n"
"  -g WxH   window size (default %ux%u)\n"
"  -l       show the login form filled in; without it, -s, -p or -n\n"
"           connect at once\n"
"  -h       this help (also --help)\n"
"  -V       print the version\n";

static void
usage(FILE *f)
{
	fprintf(f, usagetext, defhost, defport, room, font, defw, defh);
	if (f == stderr)
		exit(2);
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

static void
cleanup(void)
{
	net_close(&ses.net, NULL);
	entry_clear_all(&chat.input);
	xsel_free();
	paste_cancel(&pst);
	state_free(ses.st);
	xim_free();
	if (kbnames)
		XkbFreeKeyboard(kbnames, 0, True);
	drw_free(drw);
	if (!gone)
		XDestroyWindow(dpy, win);
	XCloseDisplay(dpy);
}

/* XOpenDisplay failed: say why in words a user can act on. An empty or
 * unset $DISPLAY means no X session at all (a console, ssh without -X). */
static void
nodisplay(const char *d)
{
	if (!d || !*d)
		die("cannot open display: no X display ($DISPLAY is %s; run "
		    "it inside an X session, or set DISPLAY, e.g. DISPLAY=:0)",
		    d ? "empty" : "not set");
	die("cannot open display '%s' (is the X server running, is $DISPLAY "
	    "right?)", d);
}

int
main(int argc, char *argv[])
{
	const char *h = defhost, *p = defport, *fontname = font, *r = room;
	char nick[NICK_MAX + 1];
	unsigned w = defw, hh = defh;
	int c, autoconnect = 0, form = 0;

	util_progname(argv[0]);
	defaultnick(nick, sizeof(nick));
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	while ((c = getopt(argc, argv, "hlVvs:p:n:f:r:g:")) != -1) {
		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'l': form = 1; break;
		case 'V':	/* as forkd-server; -v kept for old scripts */
		case 'v': puts("xchat-client " VERSION); return 0;
		case 's': h = optarg; autoconnect = 1; break;
		case 'p': p = optarg; autoconnect = 1; break;
		case 'n': strlcopy(nick, optarg, sizeof(nick));
		          autoconnect = 1; break;
		case 'f': fontname = optarg; break;
		case 'r': r = optarg; break;
		case 'g': if (sscanf(optarg, "%ux%u", &w, &hh) != 2 || w < 100
		              || hh < 100)
		          	usage(stderr);
		          break;
		default: usage(stderr);
		}
	}
	if (optind < argc)
		usage(stderr);
	signal(SIGPIPE, SIG_IGN);
	stopsignals();
	if (!setlocale(LC_CTYPE, "") || !XSupportsLocale())
		warn("no locale support: typing non-ASCII text may not work");
	if (!XSetLocaleModifiers(""))
		warn("XSetLocaleModifiers failed");
	if (!(dpy = XOpenDisplay(NULL)))
		nodisplay(getenv("DISPLAY"));
	xerr_init(dpy, lostdisplay);
	session_init(&ses, state_create(r, nick, logmax), nick);
	ses.timeout = connect_timeout;
	ses.backoff = backoff;
	ses.nbackoff = LEN(backoff);
	ses.nowkey = nowkey;
	login_init(&login, h, p, nick);
	chat_init(&chat, histmax);
	setup(fontname, w, hh);
	if (autoconnect && !form)
		submit(NULL);
	run();
	cleanup();
	return 0;
}
