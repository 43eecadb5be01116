/* test-colour.c: the nick colours' rule (colour.h) and the shipped
 * palette (palette.h): no nick is drawn in the system-line grey, the
 * alert orange or the error red, or anything that reads as them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "colour.h"
#include "palette.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t reserved[3];

static int
setup(void **state)
{
	(void)state;
	reserved[0] = colour_rgb(CLR_DIM);
	reserved[1] = colour_rgb(CLR_ALERT);
	reserved[2] = colour_rgb(CLR_ERR);
	return 0;
}

static void
parses_hex(void **state)
{
	(void)state;
	assert_int_equal(colour_rgb("#e66100"), 0xe66100);
	assert_int_equal(colour_rgb("#FfA0b1"), 0xffa0b1);
	assert_int_equal(colour_rgb("e66100"), COLOUR_BAD);
	assert_int_equal(colour_rgb("#e6610"), COLOUR_BAD);
	assert_int_equal(colour_rgb("#e6610g"), COLOUR_BAD);
	assert_int_equal(colour_rgb("red"), COLOUR_BAD);
	assert_int_equal(colour_rgb(NULL), COLOUR_BAD);
}

static void
shipped_nick_colours_keep_the_rule(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++)
		assert_int_not_equal(reserved[i], COLOUR_BAD);
	assert_true(LEN(nickcolours) >= 8);
	for (i = 0; i < LEN(nickcolours); i++) {
		uint32_t c = colour_rgb(nickcolours[i]);

		if (!colour_nick_ok(c, reserved, LEN(reserved)))
			fail_msg("nick colour %s breaks the rule",
			         nickcolours[i]);
		for (j = 0; j < i; j++)		/* and no two alike */
			assert_true(colour_dist2(c, colour_rgb(nickcolours[j]))
			            > 40 * 40);
	}
}

static void
rule_refuses_greys_and_reserved_lookalikes(void **state)
{
	(void)state;
	/* the reserved colours themselves */
	assert_false(colour_nick_ok(reserved[0], reserved, 3));
	assert_false(colour_nick_ok(reserved[1], reserved, 3));
	assert_false(colour_nick_ok(reserved[2], reserved, 3));
	/* the old palette's grey and orange, and its red next to errors */
	assert_false(colour_nick_ok(0x5e5c64, reserved, 3));
	assert_false(colour_nick_ok(0xc64600, reserved, 3));
	assert_false(colour_nick_ok(0xa51d2d, reserved, 3));
	/* any grey, dark or light */
	assert_false(colour_nick_ok(0x000000, reserved, 3));
	assert_false(colour_nick_ok(0x303038, reserved, 3));
	assert_false(colour_nick_ok(0xc0c0c0, reserved, 3));
	assert_false(colour_nick_ok(COLOUR_BAD, reserved, 3));
	/* clear blue and green pass */
	assert_true(colour_nick_ok(0x1a5fb4, reserved, 3));
	assert_true(colour_nick_ok(0x26a269, reserved, 3));
	assert_true(colour_nick_ok(0x1a5fb4, NULL, 0));
}

static void
a_nick_keeps_its_colour(void **state)
{
	size_t n = LEN(nickcolours), i, used = 0;
	char nick[8];
	int seen[32] = { 0 };

	(void)state;
	assert_int_equal(colour_nick("Alice", n), colour_nick("alice", n));
	assert_int_equal(colour_nick("[bob]", n), colour_nick("{bob}", n));
	for (i = 0; i < 200; i++) {	/* and the colours are all used */
		nick[0] = 'a' + (char)(i % 26);
		nick[1] = 'a' + (char)(i / 26);
		nick[2] = '\0';
		assert_true(colour_nick(nick, n) < n);
		seen[colour_nick(nick, n)] = 1;
	}
	for (i = 0; i < n; i++)
		used += (size_t)seen[i];
	assert_int_equal(used, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_hex),
		cmocka_unit_test(shipped_nick_colours_keep_the_rule),
		cmocka_unit_test(rule_refuses_greys_and_reserved_lookalikes),
		cmocka_unit_test(a_nick_keeps_its_colour),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
