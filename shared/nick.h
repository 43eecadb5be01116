/* nick.h: nickname validation and comparison.
 * A nick is 1-30 bytes of UTF-8 (so Chinese names work); ASCII letters
 * compare case-insensitively (CASEMAPPING=ascii), nothing else folds. */
#ifndef NICK_H
#define NICK_H

#include <stddef.h>

#define NICK_MAX 30	/* bytes, advertised as NICKLEN */

typedef enum {
	NICK_OK,
	NICK_EMPTY,
	NICK_TOOLONG,
	NICK_BADUTF8,
	NICK_BADCHAR,	/* space, control, or a character IRC reserves */
	NICK_BADSTART,	/* a digit or '-' first */
	NICK_INVISIBLE,	/* beyond ASCII: a Unicode 14 default-ignorable,
			 * format, control, space, separator, surrogate,
			 * private-use or noncharacter code point */
	NICK_MARKSTART	/* a combining mark first (Unicode 14 Mn, Mc,
			 * Me: marks.h), which would draw on what comes
			 * before the nick */
} NickStatus;

/* Size of buf for nick_why, with its terminating NUL. */
#define NICK_WHY_MAX 80

NickStatus nick_check(const char *s, size_t n);
const char *nick_status_text(NickStatus st);
/* Why s (n bytes) is not a valid nick, in chat-room words. For
 * NICK_BADCHAR, NICK_INVISIBLE and NICK_MARKSTART the text names the
 * first such character, as in "Nickname has a space, a control or a
 * reserved character ('.')" or "Nickname has a blank, invisible or
 * control character (U+034F)",
 * written into buf (size bytes, NICK_WHY_MAX is enough); otherwise it is
 * nick_status_text's constant and buf is untouched. */
const char *nick_why(const char *s, size_t n, char *buf, size_t size);
/* strcmp-like, folding ASCII A-Z only. */
int nick_cmp(const char *a, const char *b);
/* Does s match mask, where '*' is any run and '?' any one byte (RFC 2812
 * 2.5 wildcards), ASCII letters folded? Time O(mask x s) for any mask:
 * WHO and server targets pass what a client sent. */
int nick_match(const char *mask, const char *s);
/* Copy src to dst (at least NICK_MAX + 1 bytes) folded to lower case. */
void nick_fold(char *dst, const char *src);

#endif
