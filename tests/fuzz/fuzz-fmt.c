/* fuzz-fmt.c: libFuzzer target for the client's text path without X:
 * fmt.c (IRC formatting codes and bytes that are not UTF-8, straight from
 * any peer) and wrap.c (rows and scrolling) over its output.
 *
 * Invariants on any bytes: the plain text is valid UTF-8 of at most
 * FMT_MAX bytes with no C0, DEL or C1 control left; the spans are in
 * order, non-empty, and cover the text exactly; colours are 24-bit or
 * FMT_NONE; fmt_width is the sum of its pieces; wrapping with a styled
 * measure makes progress and its rows cover the text; wrap_scroll stays
 * inside the log whatever it is asked. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "utf8.h"
#include "wrap.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static Fmt f;

/* 7 px a character, 9 in bold, 8 in monospace */
static unsigned
fake(void *ctx, const char *s, size_t n, unsigned font)
{
	(void)ctx;
	CHECK(!(font & ~(unsigned)FMT_FONT));
	return (unsigned)utf8_len(s, n) * (font & FMT_BOLD ? 9 :
	       font & FMT_MONO ? 8 : 7);
}

static void
piece(void *ctx, const char *s, size_t n, const Span *sp)
{
	unsigned *w = ctx;

	CHECK(n > 0 && s >= f.text && s + n <= f.text + f.len);
	*w += fake(NULL, s, n, sp->attr & FMT_FONT);
}

static void
check_text(void)
{
	uint32_t cp;
	size_t i, k;

	CHECK(f.len <= FMT_MAX && f.text[f.len] == '\0');
	CHECK(utf8_valid(f.text, f.len));
	for (i = 0; i < f.len; i += k) {
		k = utf8_decode(f.text + i, f.len - i, &cp);
		CHECK(k > 0);
		CHECK(cp >= 0x20 && (cp < 0x7F || cp >= 0xA0));
	}
}

static void
check_spans(void)
{
	size_t i;

	CHECK(f.nspan <= FMT_SPANS);
	CHECK(f.len ? f.nspan > 0 : f.nspan == 0);
	for (i = 0; i < f.nspan; i++) {
		const Span *sp = &f.span[i];

		CHECK(sp->start < sp->end);
		CHECK(sp->start == (i ? f.span[i - 1].end : 0));
		CHECK(!(sp->attr & ~63u));
		CHECK(sp->fg == FMT_NONE || sp->fg <= 0xFFFFFF);
		CHECK(sp->bg == FMT_NONE || sp->bg <= 0xFFFFFF);
	}
	if (f.nspan)
		CHECK(f.span[f.nspan - 1].end == f.len);
}

static size_t
rowsof(void *ctx, size_t i)
{
	const uint8_t *d = ctx;

	return 1 + d[i % 16] % 7;
}

static void
check_wrap(const uint8_t *d, size_t size)
{
	FmtMeasure m = { &f, fake, NULL };
	size_t pos = 0, next, len, rows = 0, line, skip, n, view, i, t;
	long delta;
	unsigned width = 1 + (size ? d[0] : 0), w = 0;
	uint8_t r[16] = { 0 };

	fmt_pieces(&f, 0, f.len, piece, &w);
	CHECK(w == fmt_width(&f, 0, f.len, fake, NULL));
	while (pos < f.len) {
		len = wrap_row(f.text + pos, f.len - pos, width, fmt_measure,
		               &m, &next);
		CHECK(len > 0 && len <= f.len - pos);
		CHECK(next >= len && next <= f.len - pos);
		pos += next;
		CHECK(++rows <= f.len);
	}
	memcpy(r, d, size < 16 ? size : 16);
	n = 1 + (size > 1 ? d[1] % 50 : 0);
	line = size > 2 ? d[2] : 0;
	skip = size > 3 ? d[3] % 8 : 0;
	view = 1 + (size > 5 ? d[5] % 40 : 0);
	delta = size > 4 ? (int8_t)d[4] * 3 : 5;
	wrap_scroll(&line, &skip, delta, n, view, rowsof, r);
	CHECK(line < n && skip < rowsof(r, line));
	/* no empty rows above the log: the view is full, or at the bottom */
	for (i = line, t = rowsof(r, line) - skip; t < view && ++i < n; )
		t += rowsof(r, i);
	CHECK(t >= view || (line == 0 && skip == 0) || delta < 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fmt_parse(&f, (const char *)data, size);
	check_text();
	check_spans();
	check_wrap(data, size);
	return 0;
}
