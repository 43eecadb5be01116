/* chat.c: the chat screen: the tab bar on top, in the room's tab its
 * topic in a bar under it, the log with its scrollbar, the user list on
 * the right, the input line and its Send button at the bottom. Sizes follow the font, so Xft.dpi scales it all.
 * Placement happens at each draw; chat_hit() answers clicks from it. */
#include <string.h>

#include "procs.h"
#include "screen.h"
#include "util.h"
#include "wrap.h"

void
chat_init(Chat *c, size_t histmax)
{
	memset(c, 0, sizeof(*c));
	entry_init(&c->input, histmax);
	c->input.maxlen = ENTRY_MAX;
	c->anchor = -1;
}

static void
place(Chat *c, Drw *d, int topic)
{
	int p = (int)pad(d), W = (int)d->w, H = (int)d->h;
	int th = (int)d->fh + 2 * p, ih = (int)d->fh + 3 * p;
	int lw = MIN((int)drw_textw(d, "MMMMMMMMMMMM", 12), W / 3);
	int sw = (int)drw_textw(d, "Send", 4) + 4 * p;
	int bw = MAX(p + 2, 8);

	c->rtabs = (Rect){ 0, 0, W, th };
	c->rlist = (Rect){ W - lw, th, lw, H - th - ih };
	c->rtopic = (Rect){ 0, th, topic ? W - lw : 0, topic ? th : 0 };
	c->rlog = (Rect){ 0, th + c->rtopic.h, W - lw,
	                  H - th - ih - c->rtopic.h };
	c->rbar = (Rect){ W - lw - bw, c->rlog.y, bw, c->rlog.h };
	c->rinput = (Rect){ p, H - ih + p / 2, W - sw - 3 * p, ih - p };
	c->rsend = (Rect){ W - sw - p, H - ih + p / 2, sw, ih - p };
}

/* One row, formatted as in the log (fmt.c), cut at the edge with an
 * ellipsis. */
static void
topicbar(Drw *d, Rect r, const char *topic)
{
	static Fmt f;	/* 10 KiB: not on the stack */
	int p = (int)pad(d), y = r.y + (r.h - (int)d->fh) / 2;
	unsigned w = (unsigned)MAX(r.w - 2 * p, 1), tw;
	FmtMeasure fm;
	size_t k;

	drw_rect(d, r.x, r.y, r.w, r.h, &clr[C_FIELD]);
	drw_rect(d, r.x, r.y + r.h - 1, r.w, 1, &clr[C_BORDER]);
	fmt_parse(&f, topic, strlen(topic));
	ftext_measurer(&fm, d, &f);
	k = wrap_clip(f.text, f.len, w, drw_textw(d, ELLIPSIS, 3),
	              fmt_measure, &fm);
	drw_clip(d, r.x + p, r.y, w, (unsigned)r.h);
	tw = ftext_draw(d, &f, 0, k, r.x + p, y, &clr[C_FG]);
	if (k < f.len)		/* cut: said so */
		drw_text(d, r.x + p + (int)tw, y, 0, ELLIPSIS, 3, &clr[C_FG]);
	drw_noclip(d);
}

void
chat_draw(Chat *c, Drw *d, State *s)
{
	int topic = s->cur == 0 && *s->topic;

	place(c, d, topic);
	drw_rect(d, 0, 0, d->w, d->h, &clr[C_PANEL]);
	tabs_draw(d, c->rtabs, s, c->status);
	if (topic)
		topicbar(d, c->rtopic, s->topic);
	if (procs_is(state_current(s))) {	/* wide: no user list */
		procs_draw(d, (Rect){ 0, c->rlog.y, (int)d->w, c->rlog.h });
	} else {
		logview_draw(d, c->rlog, state_current(s));
		list_draw(d, c->rlist, s);
	}
	chat_draw_input(c, d);
	button_draw(d, c->rsend, "Send", 0);
}

void
chat_draw_input(Chat *c, Drw *d)
{
	c->caretx = field_draw(d, c->rinput, &c->input, 1);
	c->carety = c->rinput.y + c->rinput.h;
}

int
chat_hit(Chat *c, Drw *d, State *s, int x, int y, int *idx)
{
	if (rect_in(c->rtabs, x, y))
		return tabs_status_hit(x, y) ? HIT_STATUS :
		       (*idx = tabs_hit(x, y)) >= 0 ? HIT_TAB : HIT_NONE;
	if (rect_in(c->rlist, x, y) && !procs_is(state_current(s)))
		return (*idx = list_hit(c->rlist, d, s, x, y)) >= 0 ?
		       HIT_USER : HIT_NONE;
	if (rect_in(c->rbar, x, y))
		return HIT_BAR;
	if (rect_in(c->rlog, x, y))
		return HIT_LOG;
	if (rect_in(c->rsend, x, y))
		return HIT_SEND;
	if (rect_in(c->rinput, x, y))
		return HIT_INPUT;
	return HIT_NONE;
}
