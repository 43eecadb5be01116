/* drw.c: Xlib + Xft drawing (see drw.h), after dmenu's drw.c.
 *
 * Fonts: the first font comes from the user's pattern (-f, config.h) and
 * sets the row height and baseline. A code point it lacks is looked up in
 * the fonts loaded so far, then fontconfig is asked for a font covering it
 * (the first font's pattern plus a one-character charset), and that font
 * joins the list for good. A code point no font has is remembered, so a
 * line of unknown symbols does not query fontconfig on every redraw.
 * Colour fonts are refused in the fallback (FC_COLOR false): Xft before
 * 2.3.5 dies with BadLength on colour emoji, and the client must draw on
 * old systems too.
 *
 * Everything is drawn into a Pixmap the size of the window and copied in
 * one XCopyArea, so a resize or a burst never shows a half-drawn frame. */
#include <X11/Xlib.h>
#include <X11/Xft/Xft.h>
#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>

#include "drw.h"
#include "utf8.h"
#include "util.h"

Drw *
drw_create(Display *dpy, int screen, Window win, unsigned w, unsigned h)
{
	Drw *d = ecalloc(1, sizeof(*d));

	d->dpy = dpy;
	d->screen = screen;
	d->win = win;
	d->visual = DefaultVisual(dpy, screen);
	d->cmap = DefaultColormap(dpy, screen);
	d->w = w;
	d->h = h;
	d->buf = XCreatePixmap(dpy, win, w, h, DefaultDepth(dpy, screen));
	d->gc = XCreateGC(dpy, win, 0, NULL);
	d->xd = XftDrawCreate(dpy, d->buf, d->visual, d->cmap);
	return d;
}

void
drw_resize(Drw *d, unsigned w, unsigned h)
{
	if (w == d->w && h == d->h)
		return;
	d->w = w ? w : 1;
	d->h = h ? h : 1;
	XFreePixmap(d->dpy, d->buf);
	d->buf = XCreatePixmap(d->dpy, d->win, d->w, d->h,
	                       DefaultDepth(d->dpy, d->screen));
	XftDrawChange(d->xd, d->buf);
}

static void
fonts_free(Drw *d)
{
	Fnt *f, *next;

	for (f = d->fonts; f; f = next) {
		next = f->next;
		XftFontClose(d->dpy, f->xfont);
		free(f);
	}
	d->fonts = NULL;
	if (d->pattern)
		FcPatternDestroy(d->pattern);
	d->pattern = NULL;
	d->nmiss = 0;
}

void
drw_free(Drw *d)
{
	fonts_free(d);
	XftDrawDestroy(d->xd);
	XFreePixmap(d->dpy, d->buf);
	XFreeGC(d->dpy, d->gc);
	free(d);
}

static Fnt *
append(Drw *d, XftFont *xf)
{
	Fnt *f = ecalloc(1, sizeof(*f)), **p;

	f->xfont = xf;
	for (p = &d->fonts; *p; p = &(*p)->next)
		;
	*p = f;
	return f;
}

int
drw_font(Drw *d, const char *pattern)
{
	XftFont *xf;
	FcPattern *p;

	/* The name, not a pattern, opens the first font: XftFontOpenName
	 * applies the user's and Xft's defaults (Xft.dpi among them) and
	 * the parsed pattern stays the base of the fallbacks. */
	if (!(xf = XftFontOpenName(d->dpy, d->screen, pattern)))
		return -1;
	if (!(p = FcNameParse((const FcChar8 *)pattern))) {
		XftFontClose(d->dpy, xf);
		return -1;
	}
	fonts_free(d);
	d->pattern = p;
	append(d, xf);
	d->ascent = xf->ascent;
	if (FcPatternGetDouble(xf->pattern, FC_PIXEL_SIZE, 0, &d->pixelsize)
	    != FcResultMatch)
		d->pixelsize = 0;
	d->fh = xf->ascent + xf->descent;
	return 0;
}

void
drw_clr(Drw *d, Clr *c, const char *name)
{
	if (!XftColorAllocName(d->dpy, d->visual, d->cmap, name, c))
		die("cannot allocate colour '%s'", name);
}

static int
missed(Drw *d, uint32_t cp)
{
	size_t i;

	for (i = 0; i < d->nmiss; i++)
		if (d->miss[i] == cp)
			return 1;
	return 0;
}

static Fnt *
fallback(Drw *d, uint32_t cp)
{
	FcPattern *p, *match;
	FcCharSet *cs;
	FcResult r;
	XftFont *xf;

	if (missed(d, cp))
		return NULL;
	p = FcPatternDuplicate(d->pattern);
	if (d->pixelsize > 0) {
		/* the size the first font got after Xft.dpi was applied:
		 * FcDefaultSubstitute below would assume 75 dpi */
		FcPatternDel(p, FC_SIZE);
		FcPatternDel(p, FC_PIXEL_SIZE);
		FcPatternAddDouble(p, FC_PIXEL_SIZE, d->pixelsize);
	}
	cs = FcCharSetCreate();
	FcCharSetAddChar(cs, cp);
	FcPatternAddCharSet(p, FC_CHARSET, cs);
	FcPatternAddBool(p, FC_SCALABLE, FcTrue);
#ifdef FC_COLOR
	FcPatternAddBool(p, FC_COLOR, FcFalse);
#endif
	FcConfigSubstitute(NULL, p, FcMatchPattern);
	FcDefaultSubstitute(p);
	match = XftFontMatch(d->dpy, d->screen, p, &r);
	FcCharSetDestroy(cs);
	FcPatternDestroy(p);
	if (match && (xf = XftFontOpenPattern(d->dpy, match))) {
		if (XftCharExists(d->dpy, xf, cp))
			return append(d, xf);
		XftFontClose(d->dpy, xf);	/* it owned match */
	} else if (match) {
		FcPatternDestroy(match);
	}
	if (d->nmiss == DRW_MISSES)	/* forget the oldest */
		memmove(d->miss, d->miss + 1, --d->nmiss * sizeof(*d->miss));
	d->miss[d->nmiss++] = cp;
	return NULL;
}

/* The font that draws cp: a loaded one, a new fallback, or the first
 * (which draws its missing-glyph box). */
static Fnt *
fontfor(Drw *d, uint32_t cp)
{
	Fnt *f;

	for (f = d->fonts; f; f = f->next)
		if (XftCharExists(d->dpy, f->xfont, cp))
			return f;
	return (f = fallback(d, cp)) ? f : d->fonts;
}

/* Walk s in runs of one font; draw each run at (x, y) when draw is set.
 * Returns the total advance. */
static unsigned
runs(Drw *d, int x, int y, const char *s, size_t n, Clr *fg, int draw)
{
	XGlyphInfo ext;
	Fnt *f, *rf = NULL;
	size_t i = 0, start = 0, k;
	unsigned w = 0;
	uint32_t cp;

	while (start < n) {
		k = i < n ? utf8_decode(s + i, n - i, &cp) : 0;
		if (i < n && !k)
			k = 1;	/* an invalid byte: the first font's box */
		f = i < n ? fontfor(d, cp) : NULL;
		if (i < n && (!rf || f == rf)) {
			rf = f;
			i += k;
			continue;
		}
		XftTextExtentsUtf8(d->dpy, rf->xfont, (const FcChar8 *)s +
		                   start, (int)(i - start), &ext);
		if (draw)
			XftDrawStringUtf8(d->xd, fg, rf->xfont, x + (int)w,
			                  y + (int)d->ascent, (const FcChar8 *)s
			                  + start, (int)(i - start));
		w += ext.xOff;
		start = i;
		rf = f;
	}
	return w;
}

unsigned
drw_text(Drw *d, int x, int y, unsigned w, const char *s, size_t n, Clr *fg)
{
	XRectangle r;
	unsigned tw;

	if (!d->fonts || !n)
		return 0;
	if (w) {
		r.x = x;
		r.y = y;
		r.width = w;
		r.height = d->fh;
		XftDrawSetClipRectangles(d->xd, 0, 0, &r, 1);
	}
	tw = runs(d, x, y, s, n, fg, 1);
	if (w)
		XftDrawSetClip(d->xd, NULL);
	return w ? MIN(w, tw) : tw;
}

void
drw_clip(Drw *d, int x, int y, unsigned w, unsigned h)
{
	XRectangle r;

	r.x = x;
	r.y = y;
	r.width = w;
	r.height = h;
	XftDrawSetClipRectangles(d->xd, 0, 0, &r, 1);
}

void
drw_noclip(Drw *d)
{
	XftDrawSetClip(d->xd, NULL);
}

unsigned
drw_textw(Drw *d, const char *s, size_t n)
{
	return d->fonts ? runs(d, 0, 0, s, n, NULL, 0) : 0;
}

unsigned
drw_measure(void *d, const char *s, size_t n)
{
	return drw_textw(d, s, n);
}

void
drw_rect(Drw *d, int x, int y, unsigned w, unsigned h, Clr *c)
{
	XSetForeground(d->dpy, d->gc, c->pixel);
	XFillRectangle(d->dpy, d->buf, d->gc, x, y, w, h);
}

void
drw_map(Drw *d, int x, int y, unsigned w, unsigned h)
{
	XCopyArea(d->dpy, d->buf, d->win, d->gc, x, y, w, h, x, y);
}
