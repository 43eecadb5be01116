/* logview.c: the message log of the current conversation: timestamps,
 * coloured nicks, IRC-formatted text (fmt.c, drawn by ftext.c) wrapped to
 * the width as it is drawn, a scrollbar, and a "new messages below" cue
 * while the user reads the past. Drawing walks up from the newest visible
 * line and wraps only what fits on screen, so a 10,000-line log costs
 * what one screen does. The view moves by rows (wrap_scroll), so a line
 * taller than the view is read from its start. The rows of the last draw
 * answer clicks (line selection). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "widget.h"
#include "wrap.h"

#define MAXROWS 64		/* rows one line may wrap to */
#define MAXVIS 512		/* rows on screen */

typedef struct {
	int y, h;
	long line;		/* absolute: c->total - c->nlines + i */
} Row;

static Row vis[MAXVIS];
static size_t nvis;
static size_t vislines = 10;	/* rows that fit, for PageUp/PageDown */
static long selfrom = -1, selto = -1;

static void
stamp(Line *l, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&l->t, &tm);
	strftime(out, n, "%H:%M ", &tm);
}

static void
prefix(Line *l, char *out, size_t n)
{
	switch (l->kind) {
	case LINE_MSG:    snprintf(out, n, "<%s> ", l->nick); break;
	case LINE_ACTION: snprintf(out, n, "* %s ", l->nick); break;
	case LINE_NOTICE: snprintf(out, n, "-%s- ", l->nick); break;
	case LINE_ERROR:  snprintf(out, n, "!! "); break;
	default:          snprintf(out, n, "-- "); break;
	}
}

static Clr *
textclr(Line *l)
{
	if (l->kind == LINE_ERROR)
		return &clr[C_ERR];
	if (l->kind == LINE_INFO)
		return &clr[C_DIM];
	return &clr[C_FG];
}

/* Row starts of f's text: the first row is narrower by the prefix. */
static size_t
rows(Drw *d, const Fmt *f, unsigned w1, unsigned w2, size_t *start,
     size_t *end)
{
	size_t n = f->len, pos = 0, next, k = 0, len;
	FmtMeasure m;

	ftext_measurer(&m, d, f);
	do {
		len = wrap_row(f->text + pos, n - pos, k ? w2 : w1,
		               fmt_measure, &m, &next);
		start[k] = pos;
		end[k++] = pos + len;
		pos += next;
	} while (pos < n && k < MAXROWS);
	return k;
}

/* A line laid out in the log: its text, stamp, prefix and rows. */
typedef struct {
	Fmt f;
	char ts[16], pre[NICK_MAX + 8];
	unsigned tw, pw;		/* widths of ts and pre */
	size_t st[MAXROWS], en[MAXROWS], k;
} Layout;

static Layout lay;		/* 16 KiB: not on the stack */
static Drw *lastd;		/* the last draw's, for logview_scroll */
static Rect lastr;
static int lastxp;

static void
layout(Drw *d, Rect r, int xp, Line *l, Layout *o)
{
	fmt_parse(&o->f, l->text, strlen(l->text));
	stamp(l, o->ts, sizeof(o->ts));
	prefix(l, o->pre, sizeof(o->pre));
	o->tw = drw_textw(d, o->ts, strlen(o->ts));
	o->pw = drw_textw(d, o->pre, strlen(o->pre));
	/* a window narrower than the prefix still wraps, one character a
	 * row, rather than drawing past the edge */
	o->k = rows(d, &o->f, (unsigned)MAX(r.x + r.w - xp - (int)o->tw -
	            (int)o->pw, 1), (unsigned)MAX(r.x + r.w - xp -
	            (int)o->tw, 1), o->st, o->en);
}

/* Draw l's rows bottom up from *ybot, but its last skip rows. */
static void
drawline(Drw *d, Rect r, Line *l, long abs, int *ybot, int xp, size_t skip)
{
	Layout *o = &lay;
	int rh = (int)d->fh + 1, y, xt = r.x + xp;
	size_t j;
	int sel = selfrom >= 0 && abs >= MIN(selfrom, selto) &&
	          abs <= MAX(selfrom, selto);

	layout(d, r, xp, l, o);
	for (j = o->k - MIN(skip, o->k - 1); j-- > 0 && *ybot >= r.y;) {
		y = *ybot;
		*ybot -= rh;
		if (sel || l->mention)
			drw_rect(d, r.x, y, r.w, rh, &clr[sel ? C_SEL
			         : C_MENTION]);
		if (l->mention && !sel)		/* a bar at the left */
			drw_rect(d, r.x + 3, y, r.w - 3, rh, &clr[C_BG]);
		if (nvis < MAXVIS)
			vis[nvis++] = (Row){ y, rh, abs };
		if (j == 0) {
			drw_text(d, xt, y, 0, o->ts, strlen(o->ts),
			         &clr[C_DIM]);
			drw_text(d, xt + (int)o->tw, y, 0, o->pre,
			         strlen(o->pre), l->kind <= LINE_NOTICE ?
			         nick_colour(l->nick) : textclr(l));
		}
		ftext_draw(d, &o->f, o->st[j], o->en[j], xt + (int)o->tw +
		           (j ? 0 : (int)o->pw), y, textclr(l));
	}
}

/* wrap_scroll's rows: line i counted up from the newest, laid out as
 * the last draw did (one row each before any draw). */
static size_t
linerows(void *ctx, size_t i)
{
	Conv *c = ctx;

	if (!lastd || i >= c->nlines)
		return 1;
	layout(lastd, lastr, lastxp, conv_line(c, c->nlines - 1 - i), &lay);
	return lay.k;
}

static void
bar(Drw *d, Rect b, Conv *c)
{
	int th, ty;
	size_t n = c->nlines ? c->nlines : 1;

	drw_rect(d, b.x, b.y, b.w, b.h, &clr[C_PANEL]);
	if (c->nlines <= vislines)
		return;
	th = MAX((int)(b.h * vislines / n), 8);
	ty = b.y + (int)((b.h - th) * (n - vislines - MIN(c->scroll,
	     n - vislines)) / (n - vislines));
	drw_rect(d, b.x + 1, ty, b.w - 2, th, &clr[C_BORDER]);
}

void
logview_draw(Drw *d, Rect r, Conv *c)
{
	int p = (int)pad(d), rh = (int)d->fh + 1, bw = MAX(p + 2, 8);
	Rect lr = { r.x, r.y, r.w - bw, r.h };
	int ybot = r.y + r.h - p - rh, ytop;
	long i;
	const char *cue = "\xe2\x96\xbc new messages below";

	drw_rect(d, r.x, r.y, r.w, r.h, &clr[C_BG]);
	if (c->scroll == 0)
		c->below = 0;
	if (c->scroll && c->below) {
		drw_rect(d, lr.x, ybot, lr.w, rh, &clr[C_ACCENT]);
		drw_text(d, lr.x + p, ybot, 0, cue, strlen(cue), &clr[C_BG]);
		ybot -= rh;
	}
	ytop = ybot;
	nvis = 0;
	drw_clip(d, lr.x, lr.y, lr.w, lr.h);
	lastd = d;
	lastr = lr;
	lastxp = p;
	/* the rows drawn: the bottom one at ytop, and those above it that
	 * start at r.y or below */
	vislines = ytop >= r.y ? (size_t)((ytop - r.y) / rh) + 1 : 1;
	if (c->scroll || c->skip)	/* a taller view: no rows above the log */
		wrap_scroll(&c->scroll, &c->skip, 0, c->nlines, vislines,
		            linerows, c);
	for (i = (long)c->nlines - 1 - (long)c->scroll; i >= 0 && ybot >= r.y;
	     i--)
		drawline(d, lr, conv_line(c, (size_t)i), (long)(c->total -
		         c->nlines) + i, &ybot, p, i == (long)c->nlines - 1 -
		         (long)c->scroll ? c->skip : 0);
	drw_noclip(d);
	bar(d, (Rect){ r.x + r.w - bw, r.y, bw, r.h }, c);
}

void
logview_scroll(Conv *c, long rows)
{
	wrap_scroll(&c->scroll, &c->skip, rows, c->nlines, vislines, linerows,
	            c);
}

void
logview_bottom(Conv *c)
{
	c->scroll = c->skip = 0;
}

/* A page is the rows in view but one, kept for context. */
void
logview_page(Conv *c, int up)
{
	long n = (long)(vislines > 2 ? vislines - 1 : 1);

	logview_scroll(c, up ? n : -n);
}

void
logview_bar_click(Rect r, Conv *c, int y)
{
	long n = (long)c->nlines, v = (long)vislines, top;

	if (n <= v || r.h <= 0)
		return;
	top = MAX((long)(y - r.y) * n / r.h, 0);	/* first line wanted */
	c->skip = 0;
	c->scroll = (size_t)MIN(MAX(n - top - v, 0), n - 1);
	/* lines are not rows: no further up than PageUp goes */
	wrap_scroll(&c->scroll, &c->skip, 0, c->nlines, vislines, linerows, c);
}

/* The line at y, or the nearest one drawn (a drag may start in the
 * empty space above a short log). */
long
logview_hit(int x, int y)
{
	size_t i, best = 0;
	int d, bestd = -1;

	(void)x;
	for (i = 0; i < nvis; i++) {
		if (y >= vis[i].y && y < vis[i].y + vis[i].h)
			return vis[i].line;
		d = y < vis[i].y ? vis[i].y - y : y - vis[i].y - vis[i].h;
		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return nvis ? vis[best].line : -1;
}

void
logview_select(long from, long to)
{
	selfrom = from;
	selto = to;
}

char *
logview_selection(Conv *c)
{
	long a = MIN(selfrom, selto), b = MAX(selfrom, selto), i;
	long base = (long)(c->total - c->nlines);
	char ts[16], pre[NICK_MAX + 8], *out = NULL;
	size_t len = 0, k;
	static Fmt f;

	if (selfrom < 0)
		return NULL;
	for (i = MAX(a, base); i <= b && i - base < (long)c->nlines; i++) {
		Line *l = conv_line(c, (size_t)(i - base));

		stamp(l, ts, sizeof(ts));
		prefix(l, pre, sizeof(pre));
		fmt_parse(&f, l->text, strlen(l->text));	/* no codes */
		k = strlen(ts) + strlen(pre) + f.len + 2;
		out = erealloc(out, len + k);
		len += (size_t)snprintf(out + len, k, "%s%s%s\n", ts, pre,
		                        f.text);
	}
	if (out && len)
		out[len - 1] = '\0';	/* no newline after the last */
	return out;
}
