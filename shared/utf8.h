/* utf8.h: decode, validate, step and cut UTF-8 (RFC 3629).
 * Overlong forms, surrogates and code points past U+10FFFF are invalid. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFD

/* Decode the character at s (n bytes available). Returns its length (1-4)
 * and stores the code point, or returns 0 for an invalid or truncated
 * sequence (then *cp = UTF8_INVALID). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Decode the character at s (n > 0 bytes available) as a reader must
 * show it: a valid sequence gives its code point; a byte that does not
 * start one gives the CP1252 character of that byte (Latin-1 for 0xA0 to
 * 0xFF, U+FFFD for the five bytes CP1252 leaves undefined), and decoding
 * goes on at the next byte, as HexChat, irssi and WeeChat fall back.
 * Returns the bytes used: always at least 1 when n > 0, 0 when n == 0. */
size_t utf8_decode_lax(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out; returns the length (1-4), 0 if cp is not valid. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* 1 if the n bytes are valid UTF-8, else 0. */
int utf8_valid(const char *s, size_t n);
/* The largest length <= max that does not split a character of s. */
size_t utf8_cut(const char *s, size_t n, size_t max);
/* Index of the next / previous character boundary from i (clamped). */
size_t utf8_next(const char *s, size_t n, size_t i);
size_t utf8_prev(const char *s, size_t i);
/* Number of code points (invalid bytes count one each). */
size_t utf8_len(const char *s, size_t n);

/* Is cp in one of the n sorted runs of first and last code point? */
int utf8_in_runs(uint32_t cp, const uint32_t (*runs)[2], size_t n);
/* Is cp a combining mark (Unicode 14 general category Mn, Mc or Me,
 * marks.h)? One draws on the character before it: first in a nick, on
 * whatever a list or a line puts there (nick.c refuses that); first in a
 * text drawn alone, on nothing (the client draws it on a dotted circle). */
int utf8_is_mark(uint32_t cp);

#endif
