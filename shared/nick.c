/* nick.c: which nicks are allowed, and how they compare.
 *
 * ASCII follows RFC 2812 section 2.3.1: letters, digits and the specials
 * [ ] \ ` _ ^ { | } and '-', not starting with a digit or '-'. Everything
 * else in ASCII (space, ',', '*', '?', '!', '@', '.', ':', '#', '&', ...)
 * has a meaning in the protocol or in masks and is refused. Beyond ASCII any
 * valid UTF-8 character is allowed except controls and spaces, which would
 * make two nicks that look the same. */
#include <stdint.h>

#include "nick.h"
#include "utf8.h"

static int
ascii_ok(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '[' || c == ']' ||
	       c == '\\' || c == '`' || c == '_' || c == '^' || c == '{' ||
	       c == '|' || c == '}';
}

static int
unicode_ok(uint32_t cp)
{
	if (cp <= 0x9F)				/* C1 controls */
		return 0;
	if (cp == 0xA0 || cp == 0xAD || cp == 0x1680 || cp == 0x3000 ||
	    cp == 0x202F || cp == 0x205F || cp == 0xFEFF)
		return 0;			/* spaces, soft hyphen, BOM */
	if (cp >= 0x2000 && cp <= 0x200F)	/* spaces, zero-width marks */
		return 0;
	if (cp >= 0x2028 && cp <= 0x202E)	/* separators, bidi controls */
		return 0;
	if (cp >= 0x2066 && cp <= 0x2069)	/* bidi isolates */
		return 0;
	return 1;
}

NickStatus
nick_check(const char *s, size_t n)
{
	uint32_t cp;
	size_t i, k;

	if (n == 0)
		return NICK_EMPTY;
	if (n > NICK_MAX)
		return NICK_TOOLONG;
	if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-')
		return NICK_BADSTART;
	for (i = 0; i < n; i += k) {
		if ((unsigned char)s[i] < 0x80) {
			if (!ascii_ok((unsigned char)s[i]))
				return NICK_BADCHAR;
			k = 1;
			continue;
		}
		if (!(k = utf8_decode(s + i, n - i, &cp)))
			return NICK_BADUTF8;
		if (!unicode_ok(cp))
			return NICK_BADCHAR;
	}
	return NICK_OK;
}

const char *
nick_status_text(NickStatus st)
{
	switch (st) {
	case NICK_OK:		return "Nickname is valid";
	case NICK_EMPTY:	return "No nickname given";
	case NICK_TOOLONG:	return "Nickname is longer than 30 bytes";
	case NICK_BADUTF8:	return "Nickname is not valid UTF-8";
	case NICK_BADCHAR:	return "Nickname has a space, a control or a "
				       "reserved character";
	case NICK_BADSTART:	return "Nickname may not start with a digit "
				       "or '-'";
	}
	return "Erroneous nickname";
}

static unsigned char
fold(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

int
nick_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && fold(*x) == fold(*y))
		x++, y++;
	return fold(*x) - fold(*y);
}

void
nick_fold(char *dst, const char *src)
{
	size_t i;

	for (i = 0; i < NICK_MAX && src[i]; i++)
		dst[i] = (char)fold((unsigned char)src[i]);
	dst[i] = '\0';
}

static int
same(char a, char b)
{
	return fold((unsigned char)a) == fold((unsigned char)b);
}

/* On a mismatch go back only to the last '*' and give it one more byte:
 * a recursive matcher took minutes for "**************!" (found by
 * fuzzing WHO), this never takes more than mask x s steps. */
int
nick_match(const char *mask, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*mask == '*') {
			star = ++mask;
			resume = s;
		} else if (*mask == '?' || (*mask && same(*mask, *s))) {
			mask++, s++;
		} else if (star) {
			mask = star;
			s = ++resume;
		} else {
			return 0;
		}
	}
	while (*mask == '*')
		mask++;
	return !*mask;
}
