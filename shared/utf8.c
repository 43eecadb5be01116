/* utf8.c: UTF-8 without locale. Every byte string that reaches the wire
 * passes utf8_valid; every cut of user text goes through utf8_cut so that a
 * character is never split (a split would make the next hop reject it). */
#include "marks.h"
#include "utf8.h"

static int
cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t
utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t len, i;

	*cp = UTF8_INVALID;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if (!cont(s[i]))
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* CP1252's 0x80 to 0x9F (the rest of the byte range is Latin-1). */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

size_t
utf8_decode_lax(const char *s, size_t n, uint32_t *cp)
{
	unsigned char b;
	size_t k;

	if (n == 0) {
		*cp = UTF8_INVALID;
		return 0;
	}
	if ((k = utf8_decode(s, n, cp)))
		return k;
	b = (unsigned char)s[0];
	*cp = b < 0xA0 ? cp1252[b - 0x80] : b;
	return 1;
}

size_t
utf8_encode(uint32_t c, char out[4])
{
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

int
utf8_valid(const char *s, size_t n)
{
	uint32_t cp;
	size_t i = 0, k;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {	/* fast path for ASCII */
			i++;
			continue;
		}
		if (!(k = utf8_decode(s + i, n - i, &cp)))
			return 0;
		i += k;
	}
	return 1;
}

size_t
utf8_cut(const char *s, size_t n, size_t max)
{
	size_t i;

	if (n <= max)
		return n;
	/* Step back over continuation bytes to the start of the character
	 * that straddles max (which may be at 0); at most 3 steps for valid
	 * text. Invalid text has no boundary to find: cut at max. */
	for (i = max; max - i < 4; i--) {
		if (!cont((unsigned char)s[i]))
			return i;
		if (i == 0)
			break;
	}
	return max;
}

size_t
utf8_next(const char *s, size_t n, size_t i)
{
	uint32_t cp;
	size_t k;

	if (i >= n)
		return n;
	k = utf8_decode(s + i, n - i, &cp);
	return i + (k ? k : 1);
}

size_t
utf8_prev(const char *s, size_t i)
{
	size_t j;

	if (i == 0)
		return 0;
	for (j = i - 1; j > 0 && i - j < 4 && cont((unsigned char)s[j]); j--)
		;
	return j;
}

size_t
utf8_len(const char *s, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n) {
		i = utf8_next(s, n, i);
		count++;
	}
	return count;
}

int
utf8_in_runs(uint32_t cp, const uint32_t (*runs)[2], size_t n)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < runs[mid][0])
			hi = mid;
		else if (cp > runs[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
utf8_is_mark(uint32_t cp)
{
	return utf8_in_runs(cp, marks, sizeof(marks) / sizeof(marks[0]));
}
