/* wrap.c: line breaking for the log (see wrap.h). The row is found by a
 * binary search over character boundaries, so a row costs O(log n) calls
 * of the measuring function however long the line: Xft measuring is the
 * expensive part of a redraw. Then the break moves back to the last place
 * a line may break: after a space, or before or after a CJK character
 * (Chinese has no spaces and breaks between any two characters). */
#include <stdint.h>

#include "linebuf.h"
#include "utf8.h"
#include "wrap.h"

/* characters a row search sees: fmt.c's plain text of a line */
#define WRAP_MAX (IRC_LINE_MAX * 4)

static int
wide(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 &&
	       cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 &&
	       cp <= 0x3FFFF);
}

static uint32_t
cpat(const char *s, size_t n, size_t i)
{
	uint32_t cp;

	if (i >= n)
		return 0;
	utf8_decode(s + i, n - i, &cp);
	return cp;
}

/* May a row end at byte i (between the characters before and at i)? */
static int
breakable(const char *s, size_t n, size_t i)
{
	size_t p = utf8_prev(s, i);

	return s[p] == ' ' || wide(cpat(s, n, p)) || wide(cpat(s, n, i));
}

size_t
wrap_row(const char *s, size_t n, unsigned width, MeasureFn measure,
         void *ctx, size_t *next)
{
	size_t b[WRAP_MAX + 1], nb = 0, i, lo, hi, end, k;

	if (!n || measure(ctx, s, n) <= width) {
		*next = n;
		return n;
	}
	b[0] = 0;
	for (i = 0; i < n && nb < sizeof(b) / sizeof(b[0]) - 1;
	     i = utf8_next(s, n, i))
		b[nb++] = i;
	b[nb] = n;
	if (nb < 2) {			/* one character: it is the row */
		*next = n;
		return n;
	}
	/* the largest k with b[k] fitting; b[1] (one character) at least */
	lo = 1, hi = nb;
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;

		if (measure(ctx, s, b[mid]) <= width)
			lo = mid;
		else
			hi = mid - 1;
	}
	end = b[lo];
	for (k = lo; k > 1 && !breakable(s, n, b[k]); k--)
		;
	if (k > 1 || breakable(s, n, b[k]))
		end = b[k];
	*next = end;
	while (*next < n && s[*next] == ' ')
		(*next)++;
	return end;
}

size_t
wrap(const char *s, size_t n, unsigned width, MeasureFn measure, void *ctx,
     size_t *starts, size_t max)
{
	size_t rows = 0, pos = 0, next;

	do {
		if (rows < max)
			starts[rows] = pos;
		rows++;
		wrap_row(s + pos, n - pos, width, measure, ctx, &next);
		pos += next;
	} while (pos < n);
	return rows;
}

/* Rows from the view's bottom (line, skip) up to the oldest line's first
 * row, counted no further than view. */
static size_t
rows_above(size_t line, size_t skip, size_t nlines, size_t view,
           size_t (*rows)(void *ctx, size_t i), void *ctx)
{
	size_t t = rows(ctx, line) - skip;

	while (t < view && ++line < nlines)
		t += rows(ctx, line);
	return t;
}

void
wrap_scroll(size_t *line, size_t *skip, long delta, size_t nlines,
            size_t view, size_t (*rows)(void *ctx, size_t i), void *ctx)
{
	size_t d = (size_t)(delta < 0 ? -delta : delta), r, t;

	if (!nlines) {
		*line = *skip = 0;
		return;
	}
	if (*line >= nlines)
		*line = nlines - 1;
	/* a line wraps to fewer rows once the window is wider */
	if (*skip >= (r = rows(ctx, *line)))
		*skip = r - 1;
	if (delta >= 0) {
		*skip += d;
		while (*skip >= (r = rows(ctx, *line))) {
			if (*line + 1 >= nlines) {
				*skip = r - 1;	/* the oldest's top */
				break;
			}
			*skip -= r;
			(*line)++;
		}
		/* the oldest's top at the view's top, not below it */
		if ((t = rows_above(*line, *skip, nlines, view, rows, ctx)) >=
		    view)
			return;
		d = view - t;
	}
	while (d) {
		if (*skip >= d) {
			*skip -= d;
			return;
		}
		d -= *skip + 1;
		if (*line == 0) {
			*skip = 0;	/* the newest line's last row */
			return;
		}
		(*line)--;
		*skip = rows(ctx, *line) - 1;
	}
}

size_t
wrap_clip(const char *s, size_t n, unsigned width, unsigned ew,
          MeasureFn measure, void *ctx)
{
	size_t k = 0, next;

	if (measure(ctx, s, n) <= width)
		return n;
	while ((next = utf8_next(s, n, k)) > k && next < n &&
	       measure(ctx, s, next) + ew <= width)
		k = next;
	return k;
}
