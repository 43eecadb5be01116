/* tabs.c: the tab bar: the room, then one tab per private conversation,
 * each with its unread count and a '!' for a mention (or any private
 * message) not yet seen. The connection status sits at the right end.
 * The rectangles of the last draw answer clicks. */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "widget.h"

#define MAXTABS 64

static Rect tabrect[MAXTABS];
static size_t ntabs;

void
tabs_draw(Drw *d, Rect r, State *s, const char *status)
{
	char label[CONV_NAME_MAX + 24];
	int x = r.x, p = (int)pad(d), w, sw = 0;
	size_t i;

	drw_rect(d, r.x, r.y, r.w, r.h, &clr[C_PANEL]);
	if (status && *status) {
		sw = (int)drw_textw(d, status, strlen(status)) + 2 * p;
		drw_text(d, r.x + r.w - sw + p, r.y + (r.h - (int)d->fh) / 2,
		         0, status, strlen(status), &clr[C_ERR]);
	}
	ntabs = 0;
	for (i = 0; i < s->nconvs && i < MAXTABS; i++) {
		Conv *c = s->convs[i];

		if (c->unread)
			snprintf(label, sizeof(label), "%s%s (%u)",
			         c->mention ? "! " : "", c->name, c->unread);
		else
			snprintf(label, sizeof(label), "%s", c->name);
		w = (int)drw_textw(d, label, strlen(label)) + 2 * p;
		if (x + w > r.x + r.w - sw)
			w = MAX(r.x + r.w - sw - x, 0);
		tabrect[ntabs++] = (Rect){ x, r.y, w, r.h };
		if (i == s->cur)
			drw_rect(d, x, r.y, w, r.h, &clr[C_BG]);
		drw_text(d, x + p, r.y + (r.h - (int)d->fh) / 2, w > p ?
		         (unsigned)(w - p) : 1, label, strlen(label),
		         &clr[c->mention ? C_MENTION : i == s->cur ? C_FG
		         : C_DIM]);
		if (i == s->cur)
			drw_rect(d, x, r.y + r.h - 2, w, 2, &clr[C_ACCENT]);
		x += w + 1;
	}
}

int
tabs_hit(int x, int y)
{
	size_t i;

	for (i = 0; i < ntabs; i++)
		if (rect_in(tabrect[i], x, y))
			return (int)i;
	return -1;
}
