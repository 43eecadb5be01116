/* fuzz-nick.c: libFuzzer target for shared/nick.c.
 *
 * Invariants: nick_check accepts only 1-NICK_MAX bytes of valid UTF-8
 * without space, control bytes or the characters IRC reserves, never a
 * digit or '-' first; every status has a text; nick_fold gives a nick that
 * compares equal to the original, is idempotent and has no A-Z; nick_cmp
 * is antisymmetric and agrees with comparing the folded forms. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nick.h"
#include "utf8.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* What RFC 2812 2.3.1 allows in ASCII, and no Unicode space or control. */
static void
check_accepted(const char *s, size_t n)
{
	uint32_t cp;
	size_t i, k;

	CHECK(n >= 1 && n <= NICK_MAX);
	CHECK(utf8_valid(s, n));
	CHECK(!(s[0] >= '0' && s[0] <= '9') && s[0] != '-');
	for (i = 0; i < n; i += k) {
		k = utf8_decode(s + i, n - i, &cp);
		CHECK(k >= 1);
		if (cp < 0x80) {
			CHECK((cp >= 'a' && cp <= 'z') ||
			      (cp >= 'A' && cp <= 'Z') ||
			      (cp >= '0' && cp <= '9') ||
			      (cp && strchr("-[]\\`_^{|}", (int)cp)));
			continue;
		}
		CHECK(cp >= 0xA0 && cp != 0xA0 && cp != 0x3000 &&
		      cp != 0xFEFF && !(cp >= 0x2000 && cp <= 0x200F) &&
		      !(cp >= 0x2028 && cp <= 0x202E));
	}
}

static void
check_fold(const char *a, const char *b)
{
	char fa[NICK_MAX + 1], fb[NICK_MAX + 1], ffa[NICK_MAX + 1];
	size_t i;

	nick_fold(fa, a);
	nick_fold(fb, b);
	nick_fold(ffa, fa);
	CHECK(!strcmp(fa, ffa));
	CHECK(nick_cmp(a, fa) == 0);
	CHECK(strlen(fa) == strlen(a));
	for (i = 0; fa[i]; i++)
		CHECK(!(fa[i] >= 'A' && fa[i] <= 'Z'));
	CHECK(sign(nick_cmp(a, b)) == -sign(nick_cmp(b, a)));
	CHECK((nick_cmp(a, b) == 0) == (strcmp(fa, fb) == 0));
	CHECK(nick_cmp(a, a) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char a[NICK_MAX + 1], b[NICK_MAX + 1];
	const char *s = (const char *)data;
	size_t cut, na, nb;
	NickStatus st;

	st = nick_check(s, size);
	CHECK(nick_status_text(st) != NULL);
	if (st == NICK_OK)
		check_accepted(s, size);
	if (size == 0)
		CHECK(st == NICK_EMPTY);
	if (size > NICK_MAX)
		CHECK(st == NICK_TOOLONG);
	/* Two NUL-free nicks of at most NICK_MAX bytes for the comparisons. */
	cut = size / 2;
	na = strnlen(s, cut < NICK_MAX ? cut : NICK_MAX);
	nb = strnlen(s + cut, size - cut < NICK_MAX ? size - cut : NICK_MAX);
	memcpy(a, s, na);
	a[na] = '\0';
	memcpy(b, s + cut, nb);
	b[nb] = '\0';
	check_fold(a, b);
	return 0;
}
