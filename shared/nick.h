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
	NICK_BADSTART	/* a digit or '-' first */
} NickStatus;

NickStatus nick_check(const char *s, size_t n);
const char *nick_status_text(NickStatus st);
/* strcmp-like, folding ASCII A-Z only. */
int nick_cmp(const char *a, const char *b);
/* Does s match mask, where '*' is any run and '?' any one byte (RFC 2812
 * 2.5 wildcards), ASCII letters folded? Time O(mask x s) for any mask:
 * WHO and server targets pass what a client sent. */
int nick_match(const char *mask, const char *s);
/* Copy src to dst (at least NICK_MAX + 1 bytes) folded to lower case. */
void nick_fold(char *dst, const char *src);

#endif
