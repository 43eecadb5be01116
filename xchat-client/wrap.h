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

/* Row starts of the whole text into starts (at most max of them); returns
 * the number of rows (at least 1; may exceed max, then only max stored). */
size_t wrap(const char *s, size_t n, unsigned width, MeasureFn measure,
            void *ctx, size_t *starts, size_t max);

#endif
