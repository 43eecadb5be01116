/* fmt.h: the formatting codes of IRC text (mIRC's, as every client sends
 * them; described at modern.ircdocs.horse/formatting) turned into plain
 * UTF-8 and styled spans, with no X: the log and the topic draw the spans
 * (logview.c through drw), wrapping measures them the same way, and the
 * unit tests check both.
 *
 *   0x02 bold  0x1D italic  0x1F underline  0x1E strikethrough
 *   0x11 monospace  0x16 reverse  0x0F plain again
 *   0x03[fg[,bg]]  colours 0-98 by number, 99 the default; 0x03 alone
 *                  ends the colours
 *   0x04[RRGGBB[,RRGGBB]]  colours in hex; 0x04 alone ends them
 *
 * A TAB shows as FMT_TAB spaces; other C0 controls, DEL and C1 controls
 * are not shown; a byte that is not UTF-8 shows as its CP1252 character
 * (utf8_decode_lax), so the text that comes out is always valid UTF-8. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>
#include <stdint.h>

#include "linebuf.h"

#define FMT_MAX (IRC_LINE_MAX * 4)	/* plain bytes: a byte may become 4 */
#define FMT_SPANS 256			/* more style changes merge */
#define FMT_TAB 4
#define FMT_NONE 0xFFFFFFFFu		/* the default colour */

enum {
	FMT_BOLD = 1, FMT_ITALIC = 2, FMT_MONO = 4,	/* change the font */
	FMT_UNDER = 8, FMT_STRIKE = 16, FMT_REVERSE = 32
};
#define FMT_FONT (FMT_BOLD | FMT_ITALIC | FMT_MONO)

typedef struct {
	size_t start, end;		/* bytes of Fmt.text */
	unsigned attr;			/* FMT_* bits */
	uint32_t fg, bg;		/* 0xRRGGBB or FMT_NONE */
} Span;

typedef struct {
	char text[FMT_MAX + 1];		/* NUL-terminated */
	size_t len;
	Span span[FMT_SPANS];		/* in order, covering the text */
	size_t nspan;
} Fmt;

/* Parse n bytes of IRC text into f. Text past FMT_MAX bytes is dropped. */
void fmt_parse(Fmt *f, const char *s, size_t n);

/* The colour numbered n (0-98) as 0xRRGGBB: HexChat's 16, then the 83 of
 * the extended table; FMT_NONE for 99 and above. */
uint32_t fmt_colour(unsigned n);

/* Width of text bytes [a, b) of f: the sum, span piece by span piece, of
 * measure(ctx, piece, length, attr & FMT_FONT). Drawing walks the same
 * pieces, so a row is as wide drawn as measured. */
typedef unsigned (*FmtMeasureFn)(void *ctx, const char *s, size_t n,
                                 unsigned font);
unsigned fmt_width(const Fmt *f, size_t a, size_t b, FmtMeasureFn measure,
                   void *ctx);

/* wrap.h's MeasureFn over styled text: ctx is a FmtMeasure, and s must
 * point into its f->text. */
typedef struct {
	const Fmt *f;
	FmtMeasureFn measure;
	void *ctx;
} FmtMeasure;
unsigned fmt_measure(void *fm, const char *s, size_t n);

/* The span pieces of [a, b): calls fn for each with its bytes and span. */
typedef void (*FmtPieceFn)(void *ctx, const char *s, size_t n,
                           const Span *sp);
void fmt_pieces(const Fmt *f, size_t a, size_t b, FmtPieceFn fn, void *ctx);

#endif
