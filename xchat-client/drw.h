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

typedef struct Fnt Fnt;
struct Fnt {
	XftFont *xfont;
	Fnt *next;
};

typedef XftColor Clr;

#define DRW_MISSES 64

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
	uint32_t miss[DRW_MISSES];	/* code points no font has */
	size_t nmiss;
} Drw;

Drw *drw_create(Display *dpy, int screen, Window win, unsigned w,
                unsigned h);
void drw_resize(Drw *d, unsigned w, unsigned h);
void drw_free(Drw *d);
/* Load the main font from a fontconfig pattern; -1 if not found. */
int drw_font(Drw *d, const char *pattern);
void drw_clr(Drw *d, Clr *c, const char *name);

void drw_rect(Drw *d, int x, int y, unsigned w, unsigned h, Clr *c);
/* Draw n bytes of s with the top of the row at y, clipped to width w
 * (w == 0: no clip). Returns the width drawn. */
unsigned drw_text(Drw *d, int x, int y, unsigned w, const char *s,
                  size_t n, Clr *fg);
/* Clip all text drawing to a rectangle until drw_noclip(). */
void drw_clip(Drw *d, int x, int y, unsigned w, unsigned h);
void drw_noclip(Drw *d);
unsigned drw_textw(Drw *d, const char *s, size_t n);
/* wrap.h's MeasureFn over a Drw. */
unsigned drw_measure(void *d, const char *s, size_t n);
/* Copy the back buffer's rectangle to the window. */
void drw_map(Drw *d, int x, int y, unsigned w, unsigned h);

#endif
