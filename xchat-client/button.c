/* button.c: the push button and the plain label, plus the small helpers
 * every widget uses (rectangles, nick colours, spacing, text cut with an
 * ellipsis). */
#include <string.h>

#include "colour.h"
#include "widget.h"
#include "wrap.h"

int
rect_in(Rect r, int x, int y)
{
	return x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
}

/* colour.h: the same nick gets the same colour in every tab and every
 * session, never one that reads as a system line or an alert. */
Clr *
nick_colour(const char *nick)
{
	return nnickclr ? &nickclr[colour_nick(nick, nnickclr)] : &clr[C_FG];
}

unsigned
pad(Drw *d)
{
	return d->fh / 3 + 1;
}

void
text_cut(Drw *d, int x, int y, unsigned w, const char *s, Clr *fg)
{
	size_t n = strlen(s), k;
	unsigned tw;

	k = wrap_clip(s, n, w, drw_textw(d, ELLIPSIS, 3), drw_measure, d);
	tw = drw_text(d, x, y, w, s, k, fg);
	if (k < n)
		drw_text(d, x + (int)tw, y, w > tw ? w - tw : 1, ELLIPSIS, 3,
		         fg);
}

void
label_draw(Drw *d, Rect r, const char *text, Clr *fg)
{
	text_cut(d, r.x, r.y + (r.h - (int)d->fh) / 2, (unsigned)r.w, text,
	         fg);
}

void
button_draw(Drw *d, Rect r, const char *label, int focused)
{
	unsigned tw = drw_textw(d, label, strlen(label));

	drw_rect(d, r.x, r.y, r.w, r.h, &clr[focused ? C_FOCUS : C_BORDER]);
	drw_rect(d, r.x + 1, r.y + 1, r.w - 2, r.h - 2, &clr[C_BTN]);
	if (focused)
		drw_rect(d, r.x + 2, r.y + 2, r.w - 4, r.h - 4, &clr[C_FOCUS]);
	drw_text(d, r.x + (r.w - (int)tw) / 2, r.y + (r.h - (int)d->fh) / 2,
	         0, label, strlen(label), &clr[C_BTNFG]);
}
