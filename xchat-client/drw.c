/* drw.c: Xlib + Xft drawing (see drw.h), after dmenu's drw.c.
 *
 * Fonts: the first font comes from the user's pattern (-f, config.h) and
 * sets the row height and baseline; its bold, italic and monospace faces
 * are opened from the same pattern when first drawn. A code point the
 * face lacks is looked up in the fonts loaded so far, then fontconfig is
 * asked for a font covering it (the first font's pattern plus a
 * one-character charset), and that font joins the list for good. A code
 * point no font has is remembered in a bitmap over all of Unicode, so a
 * screen of unknown symbols never asks fontconfig twice (a query costs
 * about 6 ms: a list bounded at 64 entries cost 0.4 s a redraw once 65
 * were on screen). Colour fonts (emoji) are used when libXft is 2.3.5 or
 * newer: older ones die with BadLength on their glyphs.
 *
 * Text is decoded here, not by Xft: XftDrawStringUtf8 stops at the first
 * byte that is not UTF-8, hiding the rest of the line. utf8_decode_lax
 * gives every byte a character, and measuring uses the same decoding.
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
	d->colour = XftGetVersion() >= 20305;
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
	size_t i;

	for (i = 1; i < DRW_FACES; i++)
		if (d->face[i] && d->face[i] != d->face[0])
			XftFontClose(d->dpy, d->face[i]);
	memset(d->face, 0, sizeof(d->face));
	cpset_clear(&d->miss);
	for (f = d->fonts; f; f = next) {
		next = f->next;
		XftFontClose(d->dpy, f->xfont);
		free(f);
	}
	d->fonts = NULL;
	if (d->pattern)
		FcPatternDestroy(d->pattern);
	d->pattern = NULL;
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
	d->face[0] = xf;
	d->ascent = xf->ascent;
	if (FcPatternGetDouble(xf->pattern, FC_PIXEL_SIZE, 0, &d->pixelsize)
	    != FcResultMatch)
		d->pixelsize = 0;
	d->fh = xf->ascent + xf->descent;
	return 0;
}

static int
hexrgb(const char *name, uint32_t *rgb)
{
	char *end;
	unsigned long v;

	if (name[0] != '#' || strlen(name) != 7)
		return 0;
	v = strtoul(name + 1, &end, 16);
	if (*end)
		return 0;
	*rgb = (uint32_t)v;
	return 1;
}

static int
allocrgb(Drw *d, uint32_t rgb, Clr *c)
{
	XRenderColor rc = {
		(unsigned short)((rgb >> 16 & 0xff) * 0x101),
		(unsigned short)((rgb >> 8 & 0xff) * 0x101),
		(unsigned short)((rgb & 0xff) * 0x101), 0xffff
	};

	/* on a TrueColor visual Xft computes the pixel from the masks */
	return XftColorAllocValue(d->dpy, d->visual, d->cmap, &rc, c);
}

void
drw_clr(Drw *d, Clr *c, const char *name)
{
	uint32_t rgb;

	if (hexrgb(name, &rgb) ? !allocrgb(d, rgb, c) :
	    !XftColorAllocName(d->dpy, d->visual, d->cmap, name, c))
		die("cannot allocate colour '%s'", name);
}

Clr *
drw_rgb(Drw *d, uint32_t rgb)
{
	size_t i = (rgb * 2654435761u) >> 24 & (DRW_RGBS - 1), k;

	for (k = 0; k < DRW_RGBS; k++, i = (i + 1) & (DRW_RGBS - 1))
		if (!d->rgb[i].used || d->rgb[i].rgb == rgb)
			break;
	/* full (256 colours by value): reuse the slot; on TrueColor
	 * nothing was allocated in the server, elsewhere a cell stays */
	if (!d->rgb[i].used || d->rgb[i].rgb != rgb) {
		if (!allocrgb(d, rgb, &d->rgb[i].c))
			return &d->rgb[i].c;	/* still a colour */
		d->rgb[i].used = 1;
		d->rgb[i].rgb = rgb;
	}
	return &d->rgb[i].c;
}

static Fnt *
fallback(Drw *d, uint32_t cp)
{
	FcPattern *p, *match;
	FcCharSet *cs;
	FcResult r;
	XftFont *xf;

	if (cpset_has(&d->miss, cp))
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
	if (!d->colour)
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
	cpset_add(&d->miss, cp);
	return NULL;
}

/* The first font in a face (DRW_BOLD...), opened on first use from the
 * first font's pattern; the first font itself if none matches. */
static XftFont *
face(Drw *d, unsigned fc)
{
	FcPattern *p, *match;
	FcResult r;

	fc &= DRW_FACES - 1;
	if (d->face[fc])
		return d->face[fc];
	p = FcPatternDuplicate(d->pattern);
	if (fc & DRW_MONO) {
		FcPatternDel(p, FC_FAMILY);
		FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)"monospace");
	}
	if (fc & DRW_BOLD) {
		FcPatternDel(p, FC_WEIGHT);
		FcPatternAddInteger(p, FC_WEIGHT, FC_WEIGHT_BOLD);
	}
	if (fc & DRW_ITALIC) {
		FcPatternDel(p, FC_SLANT);
		FcPatternAddInteger(p, FC_SLANT, FC_SLANT_ITALIC);
	}
	if (d->pixelsize > 0) {
		FcPatternDel(p, FC_SIZE);
		FcPatternDel(p, FC_PIXEL_SIZE);
		FcPatternAddDouble(p, FC_PIXEL_SIZE, d->pixelsize);
	}
	match = XftFontMatch(d->dpy, d->screen, p, &r);
	FcPatternDestroy(p);
	if (match && !(d->face[fc] = XftFontOpenPattern(d->dpy, match)))
		FcPatternDestroy(match);
	if (!d->face[fc])
		d->face[fc] = d->face[0];
	return d->face[fc];
}

/* The font that draws cp in face fc: the face, a loaded fallback, a new
 * fallback, or the face anyway (which draws its missing-glyph box). */
static XftFont *
fontfor(Drw *d, uint32_t cp, unsigned fc)
{
	XftFont *xf = fc ? face(d, fc) : d->face[0];
	Fnt *f;

	if (XftCharExists(d->dpy, xf, cp))
		return xf;
	for (f = d->fonts->next; f; f = f->next)
		if (XftCharExists(d->dpy, f->xfont, cp))
			return f->xfont;
	return (f = fallback(d, cp)) ? f->xfont : xf;
}

static int
control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

#define RUNMAX 128

/* Measure (and draw, when fg is set) the code points of one font. */
static unsigned
flush(Drw *d, XftFont *xf, int x, int y, const FcChar32 *cps, int n,
      Clr *fg)
{
	XGlyphInfo ext;

	if (!xf || !n)
		return 0;
	XftTextExtents32(d->dpy, xf, cps, n, &ext);
	if (fg)
		XftDrawString32(d->xd, fg, xf, x, y + (int)d->ascent, cps, n);
	return ext.xOff;
}

/* Walk s in runs of one font; draw each run at (x, y) when fg is set.
 * alone: s is a whole text, not a piece of a formatted one. Returns the
 * total advance. */
static unsigned
runs(Drw *d, int x, int y, const char *s, size_t n, unsigned fc, Clr *fg,
     int alone)
{
	FcChar32 cps[RUNMAX];
	XftFont *xf, *rf = NULL;
	size_t i = 0;
	unsigned w = 0;
	uint32_t cp;
	int k = 0;

	/* A mark first in a whole text has nothing to sit on: it is drawn
	 * on a dotted circle, as The Unicode Standard (2.11) shows a mark
	 * alone, so that a field, a tab or a list entry that starts with
	 * one shows it (else the login field showed "bob" for U+0301 "bob",
	 * and the refusal seemed to be about nothing). Measured as drawn.
	 * Not in a piece of a formatted text: after a colour code a mark
	 * still belongs to the letter before the code. */
	if (alone && n && utf8_decode_lax(s, n, &cp) && utf8_is_mark(cp))
		w = runs(d, x, y, "\xe2\x97\x8c", 3, fc, fg, 0); /* U+25CC */
	while (i < n) {
		i += utf8_decode_lax(s + i, n - i, &cp);
		xf = control(cp) ? NULL : fontfor(d, cp, fc);
		if (xf != rf || k == RUNMAX) {
			w += flush(d, rf, x + (int)w, y, cps, k, fg);
			k = 0;
			rf = xf;
		}
		if (xf)
			cps[k++] = cp;
	}
	return w + flush(d, rf, x + (int)w, y, cps, k, fg);
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
	tw = runs(d, x, y, s, n, 0, fg, 1);
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
	return d->fonts ? runs(d, 0, 0, s, n, 0, NULL, 1) : 0;
}

unsigned
drw_stext(Drw *d, int x, int y, const char *s, size_t n, unsigned fc,
          Clr *fg)
{
	return d->fonts ? runs(d, x, y, s, n, fc, fg, 0) : 0;
}

unsigned
drw_stextw(Drw *d, const char *s, size_t n, unsigned fc)
{
	return d->fonts ? runs(d, 0, 0, s, n, fc, NULL, 0) : 0;
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
