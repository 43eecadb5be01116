/* wrap.h: break text into rows that fit a width, through a measuring
 * function, so the logic is tested with a fixed-width fake and drawn with
 * the real fonts. */
#ifndef WRAP_H
#define WRAP_H

#include <stddef.h>

/* Width in pixels of the n bytes at s. */
typedef unsigned (*MeasureFn)(void *ctx, const char *s, size_t n);

/* The first row of s (n bytes) that fits in width: returns its length in
 * bytes (at least one character when n > 0, even if that one is wider) and
 * sets *next to where the following row starts (spaces at a break are
 * dropped). Breaks after a space or around CJK characters, else anywhere
 * between characters. */
size_t wrap_row(const char *s, size_t n, unsigned width, MeasureFn measure,
                void *ctx, size_t *next);

/* How many bytes of s (n) to draw in width so that an ellipsis of width
 * ew after them fits too: n when the whole of s fits (then no ellipsis),
 * else the longest prefix on a character boundary (maybe 0). */
size_t wrap_clip(const char *s, size_t n, unsigned width, unsigned ew,
                 MeasureFn measure, void *ctx);

/* Row starts of the whole text into starts (at most max of them); returns
 * the number of rows (at least 1; may exceed max, then only max stored). */
size_t wrap(const char *s, size_t n, unsigned width, MeasureFn measure,
            void *ctx, size_t *starts, size_t max);

/* A view of a log scrolled by rows, not lines: *line counts lines up from
 * the newest (0: the newest is the bottom line), *skip the rows of that
 * line hidden below the view. Moves the view delta rows (positive: up,
 * into the past), through lines of rows(ctx, i) rows each (i counted as
 * *line is, at least 1). It stops at the newest line's last row (0, 0)
 * at the bottom, and going up where the oldest line's first row is the
 * view's top row (view: the rows that fit, at least 1), so the view never
 * shows empty rows above the log, and a log shorter than the view does
 * not move. A line taller than the view is read row by row, never
 * skipped. */
void wrap_scroll(size_t *line, size_t *skip, long delta, size_t nlines,
                 size_t view, size_t (*rows)(void *ctx, size_t i),
                 void *ctx);

#endif
