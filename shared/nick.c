/* nick.c: which nicks are allowed, and how they compare.
 *
 * ASCII follows RFC 2812 section 2.3.1: letters, digits and the specials
 * [ ] \ ` _ ^ { | } and '-', not starting with a digit or '-'. Everything
 * else in ASCII (space, ',', '*', '?', '!', '@', '.', ':', '#', '&', ...)
 * has a meaning in the protocol or in masks and is refused. Beyond ASCII any
 * valid UTF-8 character is allowed except the blank, invisible and control
 * ones in refused[] below, which would make two nicks that look the same. */
#include <stdint.h>
#include <stdio.h>

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

/* Code points refused beyond ASCII, sorted, first and last of each run:
 * every Default_Ignorable_Code_Point (DerivedCoreProperties.txt) and every
 * code point of general category Cc, Cf, Zs, Zl, Zp, Cs or Co
 * (UnicodeData.txt), both Unicode 14.0.0, merged into runs; the
 * noncharacters U+FDD0-FDEF are here, U+xxFFFE/xxFFFF are tested in
 * unicode_ok. They draw as nothing or as a blank, so "admin" + U+034F
 * would look like "admin". So does U+2800, the blank Braille pattern (a
 * symbol, So), the one assigned character that draws as a blank outside
 * those categories and the Hangul fillers: refused as well. Unassigned
 * code points stay allowed: a later Unicode may make them letters. */
static const uint32_t refused[][2] = {
	{ 0x0080, 0x00A0 },	/* C1 controls, no-break space */
	{ 0x00AD, 0x00AD },	/* soft hyphen */
	{ 0x034F, 0x034F },	/* combining grapheme joiner */
	{ 0x0600, 0x0605 },	/* Arabic number signs (Cf) */
	{ 0x061C, 0x061C },	/* Arabic letter mark */
	{ 0x06DD, 0x06DD },	/* Arabic end of ayah (Cf) */
	{ 0x070F, 0x070F },	/* Syriac abbreviation mark */
	{ 0x0890, 0x0891 },	/* Arabic pound/piastre mark above */
	{ 0x08E2, 0x08E2 },	/* Arabic disputed end of ayah */
	{ 0x115F, 0x1160 },	/* Hangul choseong/jungseong fillers */
	{ 0x1680, 0x1680 },	/* Ogham space mark */
	{ 0x17B4, 0x17B5 },	/* Khmer inherent vowels */
	{ 0x180B, 0x180F },	/* Mongolian variation selectors, MVS */
	{ 0x2000, 0x200F },	/* spaces, zero-width marks, LRM, RLM */
	{ 0x2028, 0x202F },	/* separators, bidi embeddings, NNBSP */
	{ 0x205F, 0x206F },	/* math space, word joiner, invisible
				 * operators, bidi isolates, U+206A-206F */
	{ 0x2800, 0x2800 },	/* Braille pattern blank (So) */
	{ 0x3000, 0x3000 },	/* ideographic space */
	{ 0x3164, 0x3164 },	/* Hangul filler */
	{ 0xD800, 0xF8FF },	/* surrogates, private use */
	{ 0xFDD0, 0xFDEF },	/* noncharacters */
	{ 0xFE00, 0xFE0F },	/* variation selectors */
	{ 0xFEFF, 0xFEFF },	/* zero-width no-break space (BOM) */
	{ 0xFFA0, 0xFFA0 },	/* halfwidth Hangul filler */
	{ 0xFFF0, 0xFFFB },	/* reserved ignorables, interlinear marks */
	{ 0x110BD, 0x110BD },	/* Kaithi number sign */
	{ 0x110CD, 0x110CD },	/* Kaithi number sign above */
	{ 0x13430, 0x13438 },	/* Egyptian hieroglyph format controls */
	{ 0x1BCA0, 0x1BCA3 },	/* shorthand format controls */
	{ 0x1D173, 0x1D17A },	/* musical beam and phrase controls */
	{ 0xE0000, 0xE0FFF },	/* tags, variation selectors 17-256 */
	{ 0xF0000, 0x10FFFF },	/* private use planes 15 and 16 */
};

static int
unicode_ok(uint32_t cp)
{
	if ((cp & 0xFFFE) == 0xFFFE)		/* noncharacter U+xxFFFE/F */
		return 0;
	return !utf8_in_runs(cp, refused,
	                     sizeof(refused) / sizeof(refused[0]));
}

/* nick_check, and the code point it stopped at in *cp (a byte below
 * 0x80 as itself) for NICK_BADCHAR, NICK_INVISIBLE and NICK_MARKSTART. */
static NickStatus
check(const char *s, size_t n, uint32_t *cp)
{
	size_t i, k;

	if (n == 0)
		return NICK_EMPTY;
	if (n > NICK_MAX)
		return NICK_TOOLONG;
	if ((s[0] >= '0' && s[0] <= '9') || s[0] == '-')
		return NICK_BADSTART;
	for (i = 0; i < n; i += k) {
		if ((unsigned char)s[i] < 0x80) {
			*cp = (unsigned char)s[i];
			if (!ascii_ok((unsigned char)s[i]))
				return NICK_BADCHAR;
			k = 1;
			continue;
		}
		if (!(k = utf8_decode(s + i, n - i, cp)))
			return NICK_BADUTF8;
		if (!unicode_ok(*cp))
			return NICK_INVISIBLE;
		if (i == 0 && utf8_is_mark(*cp))
			return NICK_MARKSTART;
	}
	return NICK_OK;
}

NickStatus
nick_check(const char *s, size_t n)
{
	uint32_t cp;

	return check(s, n, &cp);
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
	case NICK_INVISIBLE:	return "Nickname has a blank, invisible or "
				       "control character";
	case NICK_MARKSTART:	return "Nickname may not start with an accent "
				       "or other combining mark";
	}
	return "Erroneous nickname";
}

const char *
nick_why(const char *s, size_t n, char *buf, size_t size)
{
	uint32_t cp = 0;
	NickStatus st = check(s, n, &cp);
	const char *why = nick_status_text(st);

	if (st == NICK_BADCHAR && cp == ' ')
		snprintf(buf, size, "%s (a space)", why);
	else if (st == NICK_BADCHAR && cp >= 0x20 && cp != 0x7F)
		snprintf(buf, size, "%s ('%c')", why, (char)cp);
	else if (st == NICK_BADCHAR || st == NICK_INVISIBLE ||
	         st == NICK_MARKSTART)
		snprintf(buf, size, "%s (U+%04lX)", why, (unsigned long)cp);
	else
		return why;
	return buf;
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
