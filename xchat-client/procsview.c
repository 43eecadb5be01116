/* procsview.c: the "server processes" tab drawn (procs.h holds the
 * data): the summary first (who holds the lock, the log, the counts, the
 * map of the slots), then a table with a row per process, as many rows as
 * fit, scrolled as the other tabs are (procs_first says where). Numbers
 * are right-aligned; a state that needs an eye is coloured: holding or
 * waiting for the lock, writing to a client that does not read, stopped. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "procs.h"
#include "util.h"
#include "widget.h"
#include "wrap.h"

static int
numeric(const char *c)
{
	return (*c >= '0' && *c <= '9') || !strcmp(c, "-");
}

static Clr *
cellclr(const char *c)
{
	if (!strcmp(c, "lock-held") || !strcmp(c, "lock-wait"))
		return &clr[C_MENTION];
	if (!strcmp(c, "stopped"))
		return &clr[C_ERR];
	if (!strcmp(c, "writing"))
		return &clr[C_ACCENT];
	return &clr[C_FG];
}

/* Columns left out, in this order, while the table is wider than the
 * window: the ones the others sum up. */
static const char *const spare[] = { "K", "CURSOR", "RINGS", "LOCKS",
                                     "WAKEUPS", "CPU" };

static void
row(Drw *d, const ProcsRow *r, const unsigned *w, int x, int y, int head)
{
	const char *c;
	unsigned cw;
	int i, p = (int)pad(d);

	for (i = 0; i < r->ncells; i++) {
		if (!w[i])
			continue;	/* left out */
		c = r->line + r->cell[i];
		cw = drw_stextw(d, c, strlen(c), head ? DRW_BOLD : 0);
		drw_stext(d, x + (numeric(c) ? (int)(w[i] - cw) : 0), y, c,
		          strlen(c), head ? DRW_BOLD : 0,
		          head ? &clr[C_DIM] : cellclr(c));
		x += (int)w[i] + p + p / 2;
	}
}

/* Each column's width; 0 for those left out to fit in room pixels. */
static void
widths(Drw *d, const ProcsTable *t, unsigned *w, int room)
{
	const ProcsRow *r;
	const char *c;
	int i, k, total = 0, gap = (int)pad(d) * 3 / 2;
	size_t j;

	memset(w, 0, PROCS_COLS * sizeof(*w));
	for (k = -1; k < t->nrows; k++) {
		r = k < 0 ? &t->head : &t->rows[k];
		for (i = 0; i < r->ncells; i++) {
			c = r->line + r->cell[i];
			w[i] = MAX(w[i], drw_stextw(d, c, strlen(c),
			                            k < 0 ? DRW_BOLD : 0));
		}
	}
	for (i = 0; i < PROCS_COLS; i++)
		total += w[i] ? (int)w[i] + gap : 0;
	for (j = 0; j < LEN(spare) && total > room; j++)
		for (i = 0; i < t->head.ncells; i++)
			if (w[i] && !strcmp(t->head.line + t->head.cell[i],
			                    spare[j])) {
				total -= (int)w[i] + gap;
				w[i] = 0;
			}
}

static unsigned
mono(void *d, const char *s, size_t n)
{
	return drw_stextw(d, s, n, DRW_MONO);
}

/* One line of the summary from y; returns the y after it. It wraps to
 * width over as many rows as it needs, down to bottom: words at spaces
 * ("key: . free, r registering, ..." is wider than the default window),
 * the map (monospace) between its characters. */
static int
textline(Drw *d, const char *s, int x, int y, int width, int bottom, int lh,
         Clr *fg)
{
	size_t n = strlen(s), len, next;
	int map = !strncmp(s, "map ", 4);

	while (n && y <= bottom) {
		len = wrap_row(s, n, (unsigned)MAX(width, 1),
		               map ? mono : drw_measure, d, &next);
		drw_stext(d, x, y, s, len, map ? DRW_MONO : 0, fg);
		s += next;
		n -= next;
		y += lh;
	}
	return y;
}

void
procs_draw(Drw *d, Rect r)
{
	const ProcsTable *t = procs_table();
	unsigned w[PROCS_COLS];
	int i, p = (int)pad(d), x = r.x + 2 * p, y = r.y + p;
	int lh = (int)d->fh + p / 2, bottom = r.y + r.h - lh, fit, first;
	char more[96];

	drw_rect(d, r.x, r.y, (unsigned)r.w, (unsigned)r.h, &clr[C_BG]);
	drw_clip(d, r.x, r.y, (unsigned)r.w, (unsigned)r.h);
	if (*procs_note())
		y = textline(d, procs_note(), x, y, r.w - 4 * p, bottom, lh,
		             &clr[C_ERR]);
	if (!t->when) {
		drw_text(d, x, y, 0, "Asking the server for its processes...",
		         38, &clr[C_DIM]);
		drw_noclip(d);
		return;
	}
	for (i = 0; i < t->ntext && y <= bottom; i++)
		y = textline(d, t->text[i], x, y, r.w - 4 * p, bottom, lh,
		             &clr[C_DIM]);
	y += p;
	widths(d, t, w, r.w - 3 * p);
	if (t->head.ncells && y <= bottom) {
		row(d, &t->head, w, x, y, 1);
		y += lh;
	}
	/* the rows that have room; when some have not, the last line says
	 * which are shown */
	fit = y <= bottom ? (bottom - y) / lh + 1 : 0;
	if (fit < t->nrows)
		fit = MAX(fit - 1, 1);
	first = procs_first(fit);
	for (i = first; i < t->nrows && i < first + fit; i++, y += lh)
		row(d, &t->rows[i], w, x, y, 0);
	if (first > 0 || i < t->nrows) {
		snprintf(more, sizeof(more), "rows %d-%d of %d (PageUp, "
		         "PageDown or the wheel: the others)", first + 1, i,
		         t->nrows);
		text_cut(d, x, y, (unsigned)MAX(r.w - 4 * p, 1), more,
		         &clr[C_DIM]);	/* one row: the table's last */
	}
	drw_noclip(d);
}
