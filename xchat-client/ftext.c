/* ftext.c: formatted IRC text (fmt.h's spans) drawn with drw: the faces,
 * the colours, reverse, underline and strikethrough. The log and the
 * topic use it; wrapping measures through ftext_measure, which walks the
 * same pieces in the same faces, so a row is as wide drawn as measured. */
#include "fmt.h"
#include "widget.h"

typedef struct {
	Drw *d;
	int x, y;
	Clr *fg;
} Pen;

static unsigned
measure(void *d, const char *s, size_t n, unsigned font)
{
	return drw_stextw(d, s, n, font);
}

void
ftext_measurer(FmtMeasure *m, Drw *d, const Fmt *f)
{
	m->f = f;
	m->measure = measure;
	m->ctx = d;
}

static void
piece(void *ctx, const char *s, size_t n, const Span *sp)
{
	Pen *p = ctx;
	Drw *d = p->d;
	Clr *fg = sp->fg == FMT_NONE ? p->fg : drw_rgb(d, sp->fg);
	Clr *bg = sp->bg == FMT_NONE ? NULL : drw_rgb(d, sp->bg), *t;
	unsigned font = sp->attr & FMT_FONT, w = 0;

	if (sp->attr & FMT_REVERSE) {	/* as HexChat: swap the two */
		t = fg;
		fg = bg ? bg : &clr[C_BG];
		bg = t;
	}
	if (bg) {
		w = drw_stextw(d, s, n, font);
		drw_rect(d, p->x, p->y, w, d->fh, bg);
	}
	w = drw_stext(d, p->x, p->y, s, n, font, fg);
	if (sp->attr & FMT_UNDER)
		drw_rect(d, p->x, p->y + (int)d->ascent + 1, w, 1, fg);
	if (sp->attr & FMT_STRIKE)
		drw_rect(d, p->x, p->y + (int)d->ascent * 2 / 3, w, 1, fg);
	p->x += (int)w;
}

unsigned
ftext_draw(Drw *d, const Fmt *f, size_t a, size_t b, int x, int y, Clr *fg)
{
	Pen p = { d, x, y, fg };

	fmt_pieces(f, a, b, piece, &p);
	return (unsigned)(p.x - x);
}
