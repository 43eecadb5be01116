/* field.c: an Entry drawn as a one-line text box. The text scrolls
 * sideways so the caret stays in view; the caret's x is returned so the
 * input method can place its candidate window there. */
#include "widget.h"

int
field_draw(Drw *d, Rect r, Entry *e, int focused)
{
	int p = (int)pad(d), inner = r.w - 2 * p, cx, off = 0;

	drw_rect(d, r.x, r.y, r.w, r.h, &clr[focused ? C_FOCUS : C_BORDER]);
	drw_rect(d, r.x + 1, r.y + 1, r.w - 2, r.h - 2, &clr[C_FIELD]);
	cx = (int)drw_textw(d, e->text, e->cur);
	if (cx > inner - 2)
		off = cx - inner + 2;
	drw_clip(d, r.x + p, r.y, inner, r.h);
	drw_text(d, r.x + p - off, r.y + (r.h - (int)d->fh) / 2, 0, e->text,
	         e->len, &clr[C_FG]);
	drw_noclip(d);
	cx = r.x + p + cx - off;
	if (focused)
		drw_rect(d, cx, r.y + (r.h - (int)d->fh) / 2, 2, d->fh,
		         &clr[C_FG]);
	return cx;
}
