/* fuzz-utf8.c: libFuzzer target for shared/utf8.c.
 *
 * Invariants on any bytes: utf8_valid agrees with decoding from the start;
 * a decoded character re-encodes to the same bytes (so no overlong form,
 * surrogate or code point past U+10FFFF is ever accepted); utf8_next always
 * advances within bounds and utf8_prev walks the same boundaries back on
 * valid text; utf8_len counts the steps; utf8_cut never exceeds its limit
 * and keeps valid text valid, losing less than one character;
 * utf8_decode_lax always advances and yields a Unicode scalar value. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

/* Decode from the start; returns 1 if every character decoded. */
static int
walk(const char *s, size_t n)
{
	char enc[4];
	uint32_t cp;
	size_t i = 0, k;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (!k) {
			CHECK(cp == UTF8_INVALID);
			return 0;
		}
		CHECK(k <= 4 && i + k <= n);
		CHECK(utf8_encode(cp, enc) == k);
		CHECK(!memcmp(enc, s + i, k));
		i += k;
	}
	return 1;
}

static void
check_steps(const char *s, size_t n, int valid)
{
	size_t i = 0, j, count = 0;

	while (i < n) {
		j = utf8_next(s, n, i);
		CHECK(j > i && j <= n && j - i <= 4);
		if (valid)
			CHECK(utf8_prev(s, j) == i);
		i = j;
		count++;
	}
	CHECK(utf8_next(s, n, n) == n);
	CHECK(utf8_len(s, n) == count);
	for (i = 0; i <= n; i++) {
		j = utf8_prev(s, i);
		CHECK(j <= i && (i == 0 || j < i));
		CHECK(i - j <= 4);
	}
}

static void
check_cut(const char *s, size_t n, int valid)
{
	size_t max, c;

	for (max = 0; max <= n + 1; max += 1 + max / 3) {
		c = utf8_cut(s, n, max);
		CHECK(c <= n);
		CHECK(c <= max);
		if (n <= max)
			CHECK(c == n);
		if (valid) {
			CHECK(utf8_valid(s, c));
			CHECK(max - c < 4 || c == n);
		}
	}
}

/* Every code point the input names (4 bytes at a time) round-trips. */
static void
check_encode(const uint8_t *d, size_t n)
{
	char enc[4];
	uint32_t cp, back;
	size_t k, i;

	for (i = 0; i + 4 <= n && i < 64; i += 4) {
		cp = ((uint32_t)d[i] << 24 | (uint32_t)d[i + 1] << 16 |
		      (uint32_t)d[i + 2] << 8 | d[i + 3]) % 0x110100;
		k = utf8_encode(cp, enc);
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			CHECK(k == 0);
			continue;
		}
		CHECK(k >= 1 && k <= 4);
		CHECK(utf8_decode(enc, k, &back) == k && back == cp);
		CHECK(utf8_valid(enc, k));
		CHECK(utf8_decode(enc, k - 1, &back) == 0 || k == 1);
	}
}

/* Lax decoding gives every byte a character: a valid sequence as
 * utf8_decode reads it, else one byte as a Unicode scalar value. */
static void
check_lax(const char *s, size_t n)
{
	uint32_t cp, strict;
	size_t i = 0, k, v;

	CHECK(utf8_decode_lax(s, 0, &cp) == 0);
	while (i < n) {
		k = utf8_decode_lax(s + i, n - i, &cp);
		v = utf8_decode(s + i, n - i, &strict);
		CHECK(k >= 1 && k <= 4 && i + k <= n);
		CHECK(v ? k == v && cp == strict : k == 1);
		CHECK(cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF));
		i += k;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	int valid;

	valid = utf8_valid(s, size);
	CHECK(valid == walk(s, size));
	check_steps(s, size, valid);
	check_cut(s, size, valid);
	check_encode(data, size);
	check_lax(s, size);
	return 0;
}
