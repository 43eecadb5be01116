/* list.c: the online-user list beside the log: a header with the count,
 * then the sorted nicks in their colours, scrolled by the wheel when the
 * room has more users than rows. A click picks a user. Your own nick
 * sits on the selection colour, so you find yourself at a glance. */
#include <stdio.h>
#include <string.h>

#include "nick.h"
#include "util.h"
#include "widget.h"

static size_t first;		/* the first user shown */
static size_t shown;		/* rows of the last draw */

static int
rowh(Drw *d)
{
	return (int)d->fh + 2;
}

void
list_draw(Drw *d, Rect r, State *s)
{
	char buf[CONV_NAME_MAX + 32];
	int p = (int)pad(d), y = r.y + p;
	size_t i;

	drw_rect(d, r.x, r.y, r.w, r.h, &clr[C_PANEL]);
	drw_rect(d, r.x, r.y, 1, r.h, &clr[C_BORDER]);
	snprintf(buf, sizeof(buf), "%zu online", s->nusers);
	text_cut(d, r.x + p, y, (unsigned)(r.w - 2 * p), buf, &clr[C_DIM]);
	y += rowh(d) + p;
	shown = (size_t)MAX((r.y + r.h - y) / rowh(d), 1);
	if (first + shown > s->nusers)	/* users left: show the last page */
		first = s->nusers > shown ? s->nusers - shown : 0;
	for (i = first; i < s->nusers && y + rowh(d) <= r.y + r.h; i++) {
		User *u = &s->users[i];

		snprintf(buf, sizeof(buf), "%.*s%s", u->mode ? 1 : 0, &u->mode,
		         u->nick);
		if (!nick_cmp(u->nick, s->nick))	/* you: marked */
			drw_rect(d, r.x + 1, y, r.w - 1, rowh(d), &clr[C_SEL]);
		text_cut(d, r.x + p, y, (unsigned)(r.w - 2 * p), buf,
		         nick_colour(u->nick));	/* "verylongnickna…" */
		y += rowh(d);
	}
}

int
list_hit(Rect r, Drw *d, State *s, int x, int y)
{
	int i, top = r.y + 2 * (int)pad(d) + rowh(d);

	if (!rect_in(r, x, y) || y < top)
		return -1;
	i = (y - top) / rowh(d) + (int)first;
	return i < (int)s->nusers ? i : -1;
}

void
list_scroll(int rows)
{
	if (rows < 0 && (size_t)-rows > first)
		first = 0;
	else
		first += (size_t)rows;	/* list_draw clamps the end */
}
