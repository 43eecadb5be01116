/* tabs.c: the tab bar: the room, then one tab per private conversation,
 * each with its unread count and a '!' for a mention (or any private
 * message) not yet seen. The connection status sits at the right end.
 * When the tabs do not fit, tabfit.c picks the ones shown (the current
 * one always) and a mark at each end counts the hidden ones ("< +3",
 * "+5 >"), drawn in the alert colour when a hidden tab has an alert; a
 * click on a mark selects the nearest hidden tab, a click on the status
 * (the reconnection countdown) reconnects now. The rectangles of the
 * last draw answer clicks. */
#include <stdio.h>
#include <string.h>

#include "tabfit.h"
#include "util.h"
#include "widget.h"

static Rect tabrect[STATE_CONVS + 2];	/* tabs and the two marks */
static size_t tabconv[STATE_CONVS + 2];	/* the conversation of each */
static size_t ntabs;
static TabFit fit;
static Rect statusrect;			/* the countdown: a click is F5 */

static void
label(Conv *c, char *out, size_t n)
{
	if (c->unread)
		snprintf(out, n, "%s%s (%u)", c->mention ? "! " : "", c->name,
		         c->unread);
	else
		snprintf(out, n, "%s", c->name);
}

/* A mark for the hidden tabs [a, b) at x, w wide; clicks go to conv i. */
static void
mark(Drw *d, Rect r, State *s, size_t a, size_t b, int x, int w, size_t i,
     int left)
{
	char buf[32];
	int p = (int)pad(d), alert = 0;
	size_t k;

	for (k = a; k < b; k++)
		alert |= s->convs[k]->mention;
	snprintf(buf, sizeof(buf), left ? "\xe2\x97\x82 +%zu" :
	         "+%zu \xe2\x96\xb8", b - a);
	drw_text(d, x + p, r.y + (r.h - (int)d->fh) / 2, (unsigned)w, buf,
	         strlen(buf), &clr[alert ? C_MENTION : C_ACCENT]);
	tabrect[ntabs] = (Rect){ x, r.y, w, r.h };
	tabconv[ntabs++] = i;
}

/* Tab i at x, cut to end; returns its right edge. */
static int
tab(Drw *d, Rect r, State *s, size_t i, int x, int w, int end)
{
	char buf[CONV_NAME_MAX + 24];
	Conv *c = s->convs[i];
	int p = (int)pad(d), cur = i == s->cur;

	label(c, buf, sizeof(buf));
	w = MAX(MIN(w, end - x), 0);
	tabrect[ntabs] = (Rect){ x, r.y, w, r.h };
	tabconv[ntabs++] = i;
	if (cur)
		drw_rect(d, x, r.y, w, r.h, &clr[C_BG]);
	text_cut(d, x + p, r.y + (r.h - (int)d->fh) / 2, w > 2 * p ?
	         (unsigned)(w - 2 * p) : 1, buf,
	         &clr[c->mention ? C_MENTION : cur ? C_FG : C_DIM]);
	if (cur)
		drw_rect(d, x, r.y + r.h - 2, w, 2, &clr[C_ACCENT]);
	return x + w + 1;
}

void
tabs_draw(Drw *d, Rect r, State *s, const char *status)
{
	char buf[CONV_NAME_MAX + 24];
	unsigned w[STATE_CONVS], mw;
	int x = r.x, p = (int)pad(d), sw = 0, end;
	size_t i, n = MIN(s->nconvs, (size_t)STATE_CONVS);

	drw_rect(d, r.x, r.y, r.w, r.h, &clr[C_PANEL]);
	statusrect = (Rect){ 0, 0, 0, 0 };
	if (status && *status) {
		sw = (int)drw_textw(d, status, strlen(status)) + 2 * p;
		statusrect = (Rect){ r.x + r.w - sw, r.y, sw, r.h };
		drw_text(d, r.x + r.w - sw + p, r.y + (r.h - (int)d->fh) / 2,
		         0, status, strlen(status), &clr[C_ERR]);
	}
	for (i = 0; i < n; i++) {
		label(s->convs[i], buf, sizeof(buf));
		w[i] = drw_textw(d, buf, strlen(buf)) + 2 * (unsigned)p + 1;
	}
	mw = drw_textw(d, "\xe2\x97\x82 +99", 8) + 2 * (unsigned)p;
	fit = tabfit(w, n, s->cur, (unsigned)MAX(r.w - sw, 0), mw, &fit);
	end = r.x + r.w - sw - (fit.last < n ? (int)mw : 0);
	ntabs = 0;
	if (fit.first > 0) {
		mark(d, r, s, 0, fit.first, x, (int)mw, fit.first - 1, 1);
		x += (int)mw;
	}
	for (i = fit.first; i < fit.last; i++)
		x = tab(d, r, s, i, x, (int)w[i] - 1, end);
	if (fit.last < n)
		mark(d, r, s, fit.last, n, end, (int)mw, fit.last, 0);
}

int
tabs_status_hit(int x, int y)
{
	return rect_in(statusrect, x, y);
}

int
tabs_hit(int x, int y)
{
	size_t i;

	for (i = 0; i < ntabs; i++)
		if (rect_in(tabrect[i], x, y))
			return (int)tabconv[i];
	return -1;
}
