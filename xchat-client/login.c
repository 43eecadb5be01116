/* login.c: the first screen: Server, Port and Nickname fields, the
 * Connect button, and the line that says what went wrong (or that we are
 * connecting). main.c fills error and status; this file only places and
 * draws, and maps clicks to fields. */
#include <stdio.h>
#include <string.h>

#include "screen.h"
#include "util.h"
#include "wrap.h"

static const char *labels[F_CONNECT] = { "Server", "Port", "Nickname" };

void
login_init(Login *l, const char *host, const char *port, const char *nick)
{
	int i;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < F_CONNECT; i++)
		entry_init(&l->field[i], 0);
	l->field[F_SERVER].maxlen = 255;
	l->field[F_PORT].maxlen = 5;
	l->field[F_NICK].maxlen = NICK_MAX;
	entry_set(&l->field[F_SERVER], host);
	entry_set(&l->field[F_PORT], port);
	entry_set(&l->field[F_NICK], nick);
	l->focus = F_NICK;
}

Entry *
login_entry(Login *l)
{
	return l->focus < F_CONNECT ? &l->field[l->focus] : NULL;
}

/* The error may be long ("Cannot connect to ...: connection refused
 * (is the server running ...)"): break it on spaces to the form's width. */
static void
message(Drw *d, Rect r, const char *text, Clr *fg)
{
	size_t n = strlen(text), len, next;

	while (n && r.h >= (int)d->fh) {
		len = wrap_row(text, n, (unsigned)r.w, drw_measure, d, &next);
		drw_text(d, r.x, r.y, 0, text, len, fg);
		text += next;
		n -= next;
		r.y += (int)d->fh + 2;
		r.h -= (int)d->fh + 2;
	}
}

/* Said when the Nickname field refused what was typed or pasted: the
 * server's limit (forkd's NICKLEN), in bytes since it counts bytes. */
static void
nickfull(char *out, size_t n)
{
	snprintf(out, n, "A nickname is at most %d bytes: the rest was not "
	         "taken (an accented letter takes 2, a Chinese one 3)",
	         NICK_MAX);
}

void
login_draw(Login *l, Drw *d)
{
	int p = (int)pad(d), rh = (int)d->fh + 2 * p, lw = 0, fw, x, y, i;
	int formw, formh, x0;
	const char *title = "xchat: join the room";
	char full[128];

	nickfull(full, sizeof(full));
	for (i = 0; i < F_CONNECT; i++)
		lw = MAX(lw, (int)drw_textw(d, labels[i], strlen(labels[i])));
	fw = MAX((int)d->fh * 14, 200);
	formw = MIN(lw + p * 2 + fw, (int)d->w - 4 * p);
	fw = formw - lw - 2 * p;
	formh = rh * 7 + p * 6;
	x = ((int)d->w - formw) / 2;
	y = MAX(((int)d->h - formh) / 2, p);
	drw_rect(d, 0, 0, d->w, d->h, &clr[C_PANEL]);
	drw_text(d, x, y, 0, title, strlen(title), &clr[C_FG]);
	y += rh;
	for (i = 0; i < F_CONNECT; i++) {
		label_draw(d, (Rect){ x, y, lw, rh }, labels[i], &clr[C_FG]);
		l->rfield[i] = (Rect){ x + lw + 2 * p, y, fw, rh };
		x0 = field_draw(d, l->rfield[i], &l->field[i], l->focus == i);
		if (l->focus == i) {
			l->caretx = x0;
			l->carety = y + rh - p;
		}
		y += rh + p;
	}
	l->rbtn = (Rect){ x + lw + 2 * p, y, MAX(fw / 3, (int)d->fh * 5), rh };
	button_draw(d, l->rbtn, "Connect", l->focus == F_CONNECT);
	y += rh + 2 * p;
	if (*l->error)
		message(d, (Rect){ x, y, formw, rh * 3 }, l->error,
		        &clr[C_ERR]);
	else if (*l->status)
		message(d, (Rect){ x, y, formw, rh * 3 }, l->status,
		        &clr[C_DIM]);
	else if (l->field[F_NICK].cut)	/* a key that did nothing: why */
		message(d, (Rect){ x, y, formw, rh * 3 }, full, &clr[C_DIM]);
}

int
login_click(Login *l, int x, int y)
{
	int i;

	for (i = 0; i < F_CONNECT; i++)
		if (rect_in(l->rfield[i], x, y))
			l->focus = i;
	if (rect_in(l->rbtn, x, y)) {
		l->focus = F_CONNECT;
		return 1;
	}
	return 0;
}
