/* test-utf8.c: decoding, validation and cutting, with malformed input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

#define S(lit) lit, sizeof(lit) - 1

static void
decode_ascii_and_cjk(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode(S("A"), &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode(S("\xe4\xbd\xa0"), &cp), 3);	/* 你 */
	assert_int_equal(cp, 0x4F60);
	assert_int_equal(utf8_decode(S("\xf0\x9f\x98\x80"), &cp), 4);	/* 😀 */
	assert_int_equal(cp, 0x1F600);
}

static void
decode_rejects_malformed(void **state)
{
	uint32_t cp;

	(void)state;
	assert_int_equal(utf8_decode(S("\x80"), &cp), 0);	/* lone cont. */
	assert_int_equal(utf8_decode(S("\xc0\xaf"), &cp), 0);	/* overlong / */
	assert_int_equal(utf8_decode(S("\xe0\x80\xaf"), &cp), 0);
	assert_int_equal(utf8_decode(S("\xed\xa0\x80"), &cp), 0);	/* surrogate */
	assert_int_equal(utf8_decode(S("\xf4\x90\x80\x80"), &cp), 0); /* >10FFFF */
	assert_int_equal(utf8_decode(S("\xe4\xbd"), &cp), 0);	/* truncated */
	assert_int_equal(utf8_decode(S("\xff"), &cp), 0);
	assert_int_equal(cp, UTF8_INVALID);
}

static void
valid_whole_strings(void **state)
{
	(void)state;
	assert_true(utf8_valid(S("hello \xe4\xbd\xa0\xe5\xa5\xbd")));
	assert_true(utf8_valid(S("")));
	assert_false(utf8_valid(S("hello \xe4\xbd")));
	assert_false(utf8_valid(S("caf\xe9")));		/* Latin-1 é */
}

static void
cut_never_splits_a_character(void **state)
{
	const char s[] = "ab\xe4\xbd\xa0\xe5\xa5\xbd";	/* ab你好, 8 bytes */

	(void)state;
	assert_int_equal(utf8_cut(s, 8, 8), 8);
	assert_int_equal(utf8_cut(s, 8, 7), 5);
	assert_int_equal(utf8_cut(s, 8, 6), 5);
	assert_int_equal(utf8_cut(s, 8, 5), 5);
	assert_int_equal(utf8_cut(s, 8, 4), 2);
	assert_int_equal(utf8_cut(s, 8, 2), 2);
	assert_int_equal(utf8_cut(s, 8, 0), 0);
	/* found by fuzzing: the first character straddles max */
	assert_int_equal(utf8_cut("\xe4\xbd\xa0", 3, 1), 0);
	assert_int_equal(utf8_cut("\xe4\xbd\xa0", 3, 2), 0);
}

static void
step_by_character(void **state)
{
	const char s[] = "a\xe4\xbd\xa0\xf0\x9f\x98\x80z";	/* a你😀z */
	size_t n = sizeof(s) - 1;

	(void)state;
	assert_int_equal(utf8_next(s, n, 0), 1);
	assert_int_equal(utf8_next(s, n, 1), 4);
	assert_int_equal(utf8_next(s, n, 4), 8);
	assert_int_equal(utf8_next(s, n, 8), 9);
	assert_int_equal(utf8_next(s, n, 9), 9);
	assert_int_equal(utf8_prev(s, 9), 8);
	assert_int_equal(utf8_prev(s, 8), 4);
	assert_int_equal(utf8_prev(s, 4), 1);
	assert_int_equal(utf8_prev(s, 1), 0);
	assert_int_equal(utf8_prev(s, 0), 0);
	assert_int_equal(utf8_len(s, n), 4);
}

static void
encode_round_trip(void **state)
{
	uint32_t cps[] = { 0x41, 0xE9, 0x4F60, 0x1F600, 0x10FFFF }, cp;
	char buf[4];
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		k = utf8_encode(cps[i], buf);
		assert_true(k > 0);
		assert_int_equal(utf8_decode(buf, k, &cp), k);
		assert_int_equal(cp, cps[i]);
	}
	assert_int_equal(utf8_encode(0xD800, buf), 0);
	assert_int_equal(utf8_encode(0x110000, buf), 0);
}

/* Decode all of s laxly into out; returns the number of code points. */
static size_t
lax(const char *s, size_t n, uint32_t *out)
{
	size_t i = 0, k, m = 0;

	while (i < n) {
		k = utf8_decode_lax(s + i, n - i, &out[m++]);
		assert_true(k >= 1 && k <= n - i);
		i += k;
	}
	return m;
}

static void
lax_decodes_each_bad_byte_as_cp1252(void **state)
{
	uint32_t cp[16];

	(void)state;
	/* the line: a Latin-1 e-acute hides nothing after it */
	assert_int_equal(lax(S("a\xe9 b"), cp), 4);
	assert_int_equal(cp[1], 0xE9);
	assert_int_equal(cp[2], ' ');
	assert_int_equal(cp[3], 'b');
	/* lone continuation bytes: CP1252's euro sign, Latin-1 above 0x9F */
	assert_int_equal(lax(S("\x80\xbf"), cp), 2);
	assert_int_equal(cp[0], 0x20AC);
	assert_int_equal(cp[1], 0xBF);
	/* a byte CP1252 leaves undefined, and 0xFF */
	assert_int_equal(lax(S("\x81\xff"), cp), 2);
	assert_int_equal(cp[0], 0xFFFD);
	assert_int_equal(cp[1], 0xFF);
	/* overlong '/' and a surrogate: byte by byte, then the rest */
	assert_int_equal(lax(S("\xc0\xafx"), cp), 3);
	assert_int_equal(cp[0], 0xC0);
	assert_int_equal(cp[1], 0xAF);
	assert_int_equal(cp[2], 'x');
	assert_int_equal(lax(S("\xed\xa0\x80y"), cp), 4);
	assert_int_equal(cp[0], 0xED);
	assert_int_equal(cp[2], 0x20AC);
	assert_int_equal(cp[3], 'y');
	/* a sequence cut short before a valid character, and at the end */
	assert_int_equal(lax(S("\xe4\xbd\xe4\xbd\xa0"), cp), 3);
	assert_int_equal(cp[0], 0xE4);
	assert_int_equal(cp[1], 0xBD);
	assert_int_equal(cp[2], 0x4F60);
	assert_int_equal(lax(S("z\xf0\x9f\x98"), cp), 4);
	assert_int_equal(cp[3], 0x2DC);		/* 0x98 in CP1252 */
	/* valid text is decoded as utf8_decode does */
	assert_int_equal(lax(S("\xf0\x9f\x98\x80"), cp), 1);
	assert_int_equal(cp[0], 0x1F600);
	assert_int_equal(utf8_decode_lax("", 0, cp), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decode_ascii_and_cjk),
		cmocka_unit_test(decode_rejects_malformed),
		cmocka_unit_test(valid_whole_strings),
		cmocka_unit_test(cut_never_splits_a_character),
		cmocka_unit_test(step_by_character),
		cmocka_unit_test(encode_round_trip),
		cmocka_unit_test(lax_decodes_each_bad_byte_as_cp1252),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
