/* colour.c: see colour.h. */
#include <string.h>

#include "colour.h"
#include "nick.h"

uint32_t
colour_rgb(const char *hex)
{
	uint32_t v = 0;
	int i, c;

	if (!hex || hex[0] != '#' || strlen(hex) != 7)
		return COLOUR_BAD;
	for (i = 1; i < 7; i++) {
		c = hex[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return COLOUR_BAD;
		v = v << 4 | (uint32_t)c;
	}
	return v;
}

unsigned long
colour_dist2(uint32_t a, uint32_t b)
{
	long r = ((long)(a >> 16 & 0xff) + (long)(b >> 16 & 0xff)) / 2;
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);

	return (unsigned long)((((512 + r) * dr * dr) >> 8) + 4 * dg * dg +
	                       (((767 - r) * db * db) >> 8));
}

int
colour_nick_ok(uint32_t c, const uint32_t *reserved, size_t n)
{
	unsigned r = c >> 16 & 0xff, g = c >> 8 & 0xff, b = c & 0xff;
	unsigned hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
	unsigned lo = r < g ? (r < b ? r : b) : (g < b ? g : b);
	size_t i;

	if (c == COLOUR_BAD || hi - lo < COLOUR_CHROMA)
		return 0;
	for (i = 0; i < n; i++)
		if (colour_dist2(c, reserved[i]) <
		    (unsigned long)COLOUR_APART * COLOUR_APART)
			return 0;
	return 1;
}

size_t
colour_nick(const char *nick, size_t n)
{
	char f[NICK_MAX + 1];
	unsigned h = 2166136261u;
	const char *p;

	nick_fold(f, nick);
	for (p = f; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % n;
}
