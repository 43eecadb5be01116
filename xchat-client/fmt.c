/* fmt.c: IRC formatting codes to plain text and spans (see fmt.h).
 *
 * One pass over the bytes: a code changes the current style, a character
 * is appended under it. A span starts only when a character is appended
 * under a style that differs from the last span's, so codes that change
 * nothing visible (bold on, bold off) leave no empty span. Colours are
 * resolved to 0xRRGGBB here, so drawing needs no table. */
#include <string.h>

#include "fmt.h"
#include "utf8.h"

/* 0-15: HexChat's default palette; 16-98: the extended colours that
 * mIRC 7 and the clients after it agree on. */
static const uint32_t palette[99] = {
	0xffffff, 0x000000, 0x00007f, 0x2a8c2a, 0xff0000, 0x7f0000,
	0x9c009c, 0xfc7f00, 0xffff00, 0x00fc00, 0x009393, 0x00ffff,
	0x0000fc, 0xff00ff, 0x7f7f7f, 0xd2d2d2,
	0x470000, 0x472100, 0x474700, 0x324700, 0x004700, 0x00472c,
	0x004747, 0x002747, 0x000047, 0x2e0047, 0x470047, 0x47002a,
	0x740000, 0x743a00, 0x747400, 0x517400, 0x007400, 0x007449,
	0x007474, 0x004074, 0x000074, 0x4b0074, 0x740074, 0x740045,
	0xb50000, 0xb56300, 0xb5b500, 0x7db500, 0x00b500, 0x00b571,
	0x00b5b5, 0x0063b5, 0x0000b5, 0x7500b5, 0xb500b5, 0xb5006b,
	0xff0000, 0xff8c00, 0xffff00, 0xb2ff00, 0x00ff00, 0x00ffa0,
	0x00ffff, 0x008cff, 0x0000ff, 0xa500ff, 0xff00ff, 0xff0098,
	0xff5959, 0xffb459, 0xffff71, 0xcfff60, 0x6fff6f, 0x65ffc9,
	0x6dffff, 0x59b4ff, 0x5959ff, 0xc459ff, 0xff66ff, 0xff59bc,
	0xff9c9c, 0xffd39c, 0xffff9c, 0xe2ff9c, 0x9cff9c, 0x9cffdb,
	0x9cffff, 0x9cd3ff, 0x9c9cff, 0xdc9cff, 0xff9cff, 0xff94d3,
	0x000000, 0x131313, 0x282828, 0x363636, 0x4d4d4d, 0x656565,
	0x818181, 0x9f9f9f, 0xbcbcbc, 0xe2e2e2, 0xffffff,
};

uint32_t
fmt_colour(unsigned n)
{
	return n < 99 ? palette[n] : FMT_NONE;
}

typedef struct {
	unsigned attr;
	uint32_t fg, bg;
} Style;

static int
digit(const char *s, size_t n, size_t i)
{
	return i < n && s[i] >= '0' && s[i] <= '9';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One or two digits at s[*i]: the colour they name. */
static uint32_t
number(const char *s, size_t n, size_t *i)
{
	unsigned v = (unsigned)(s[(*i)++] - '0');

	if (digit(s, n, *i))
		v = v * 10 + (unsigned)(s[(*i)++] - '0');
	return fmt_colour(v);
}

/* Six hex digits at s[i], or -1. */
static long
hex6(const char *s, size_t n, size_t i)
{
	long v = 0;
	int k, h;

	if (n < i + 6)
		return -1;
	for (k = 0; k < 6; k++) {
		if ((h = hexval(s[i + (size_t)k])) < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* 0x03: after the code at s[i - 1]; returns where the text goes on. */
static size_t
mirc(Style *st, const char *s, size_t n, size_t i)
{
	if (!digit(s, n, i)) {
		st->fg = st->bg = FMT_NONE;
		return i;
	}
	st->fg = number(s, n, &i);
	if (i + 1 < n && s[i] == ',' && digit(s, n, i + 1)) {
		i++;
		st->bg = number(s, n, &i);
	}
	return i;
}

/* 0x04: the hex form. */
static size_t
hexclr(Style *st, const char *s, size_t n, size_t i)
{
	long v = hex6(s, n, i);

	if (v < 0) {
		st->fg = st->bg = FMT_NONE;
		return i;
	}
	st->fg = (uint32_t)v;
	i += 6;
	if (i < n && s[i] == ',' && (v = hex6(s, n, i + 1)) >= 0) {
		st->bg = (uint32_t)v;
		i += 7;
	}
	return i;
}

/* Append k bytes under style st: a new span when the style changed. */
static void
put(Fmt *f, const Style *st, const char *b, size_t k)
{
	Span *sp = f->nspan ? &f->span[f->nspan - 1] : NULL;

	if (f->len + k > FMT_MAX)
		return;
	if (!sp || ((sp->attr != st->attr || sp->fg != st->fg ||
	    sp->bg != st->bg) && f->nspan < FMT_SPANS)) {
		sp = &f->span[f->nspan++];
		*sp = (Span){ f->len, f->len, st->attr, st->fg, st->bg };
	}
	memcpy(f->text + f->len, b, k);
	f->len += k;
	sp->end = f->len;
}

/* The toggles, by code byte. */
static unsigned
toggle(unsigned char c)
{
	switch (c) {
	case 0x02: return FMT_BOLD;
	case 0x1D: return FMT_ITALIC;
	case 0x1F: return FMT_UNDER;
	case 0x1E: return FMT_STRIKE;
	case 0x11: return FMT_MONO;
	case 0x16: return FMT_REVERSE;
	default:   return 0;
	}
}

void
fmt_parse(Fmt *f, const char *s, size_t n)
{
	Style st = { 0, FMT_NONE, FMT_NONE };
	unsigned char c;
	char enc[4];
	uint32_t cp;
	size_t i = 0, k;

	f->len = f->nspan = 0;
	while (i < n && f->len < FMT_MAX) {
		c = (unsigned char)s[i++];
		if (toggle(c)) {
			st.attr ^= toggle(c);
		} else if (c == 0x0F) {
			st = (Style){ 0, FMT_NONE, FMT_NONE };
		} else if (c == 0x03) {
			i = mirc(&st, s, n, i);
		} else if (c == 0x04) {
			i = hexclr(&st, s, n, i);
		} else if (c == '\t') {
			for (k = 0; k < FMT_TAB; k++)
				put(f, &st, " ", 1);
		} else if (c >= 0x20 && c != 0x7F) {
			k = utf8_decode_lax(s + i - 1, n - i + 1, &cp);
			i += k - 1;
			if (cp >= 0x80 && cp < 0xA0)
				continue;	/* a C1 control */
			put(f, &st, enc, utf8_encode(cp, enc));
		}
	}
	f->text[f->len] = '\0';
}

unsigned
fmt_width(const Fmt *f, size_t a, size_t b, FmtMeasureFn measure, void *ctx)
{
	unsigned w = 0;
	size_t i, lo, hi;

	for (i = 0; i < f->nspan; i++) {
		lo = f->span[i].start > a ? f->span[i].start : a;
		hi = f->span[i].end < b ? f->span[i].end : b;
		if (lo < hi)
			w += measure(ctx, f->text + lo, hi - lo,
			             f->span[i].attr & FMT_FONT);
	}
	return w;
}

unsigned
fmt_measure(void *fm, const char *s, size_t n)
{
	FmtMeasure *m = fm;
	size_t a = (size_t)(s - m->f->text);

	return fmt_width(m->f, a, a + n, m->measure, m->ctx);
}

void
fmt_pieces(const Fmt *f, size_t a, size_t b, FmtPieceFn fn, void *ctx)
{
	size_t i, lo, hi;

	for (i = 0; i < f->nspan; i++) {
		lo = f->span[i].start > a ? f->span[i].start : a;
		hi = f->span[i].end < b ? f->span[i].end : b;
		if (lo < hi)
			fn(ctx, f->text + lo, hi - lo, &f->span[i]);
	}
}
