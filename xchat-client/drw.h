/* drw.h: the drawing layer over Xlib and Xft: a font list with fontconfig
 * fallback, colours, measuring and drawing UTF-8 text, rectangles, all
 * into a back buffer that drw_map() copies to the window. The only module
 * that knows Xft or fontconfig. */
#ifndef DRW_H
#define DRW_H

#include <X11/Xlib.h>
#include <X11/Xft/Xft.h>
#include <stddef.h>
#include <stdint.h>

#include "cpset.h"

typedef struct Fnt Fnt;
struct Fnt {
	XftFont *xfont;
	Fnt *next;
};

typedef XftColor Clr;

/* Faces of the first font: the bits combine (fmt.h's FMT_FONT bits). */
enum { DRW_BOLD = 1, DRW_ITALIC = 2, DRW_MONO = 4, DRW_FACES = 8 };

#define DRW_RGBS 256		/* colours by value kept allocated */

typedef struct {
	Display *dpy;
	int screen;
	Window win;
	Visual *visual;
	Colormap cmap;
	Pixmap buf;
	XftDraw *xd;
	GC gc;
	unsigned w, h;
	Fnt *fonts;		/* the first from the user's pattern */
	FcPattern *pattern;	/* its pattern, the base of fallbacks */
	unsigned fh, ascent;	/* from the first font */
	double pixelsize;	/* the first font's, for the fallbacks */
	XftFont *face[DRW_FACES];	/* bold, italic...: opened on use */
	CpSet miss;			/* code points no font has */
	int colour;			/* colour fonts: Xft >= 2.3.5 */
	struct { uint32_t rgb; int used; Clr c; } rgb[DRW_RGBS];
} Drw;

Drw *drw_create(Display *dpy, int screen, Window win, unsigned w,
                unsigned h);
void drw_resize(Drw *d, unsigned w, unsigned h);
void drw_free(Drw *d);
/* Load the main font from a fontconfig pattern; -1 if not found. */
int drw_font(Drw *d, const char *pattern);
/* A colour from "#rrggbb" (computed from the visual's masks on
 * TrueColor: no round trip) or an X colour name; dies if impossible. */
void drw_clr(Drw *d, Clr *c, const char *name);
/* The colour 0xRRGGBB, allocated once and kept. */
Clr *drw_rgb(Drw *d, uint32_t rgb);

void drw_rect(Drw *d, int x, int y, unsigned w, unsigned h, Clr *c);
/* Draw n bytes of s with the top of the row at y, clipped to width w
 * (w == 0: no clip). Returns the width drawn. Bytes that are not UTF-8
 * are drawn as their CP1252 characters (utf8_decode_lax); C0 and C1
 * controls are not drawn and take no width. */
unsigned drw_text(Drw *d, int x, int y, unsigned w, const char *s,
                  size_t n, Clr *fg);
/* Clip all text drawing to a rectangle until drw_noclip(). */
void drw_clip(Drw *d, int x, int y, unsigned w, unsigned h);
void drw_noclip(Drw *d);
unsigned drw_textw(Drw *d, const char *s, size_t n);
/* The same in a face of the first font (DRW_BOLD...), no clip. */
unsigned drw_stext(Drw *d, int x, int y, const char *s, size_t n,
                   unsigned face, Clr *fg);
unsigned drw_stextw(Drw *d, const char *s, size_t n, unsigned face);
/* wrap.h's MeasureFn over a Drw. */
unsigned drw_measure(void *d, const char *s, size_t n);
/* Copy the back buffer's rectangle to the window. */
void drw_map(Drw *d, int x, int y, unsigned w, unsigned h);

#endif
