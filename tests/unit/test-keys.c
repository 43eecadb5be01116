/* test-keys.c: which keysyms a key press is matched on: Ctrl and Alt
 * shortcuts with Caps Lock, a non-Latin layout alone or beside a Latin
 * one, and plain typing left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <X11/keysym.h>

#include "keys.h"

static KeySym out[KEYS_MAX];

/* Caps Lock: the lookup gives U; group 1 says u */
static void
caps_lock_ctrl_u_tries_u(void **state)
{
	KeySym l1[] = { XK_u };
	int n = keys_candidates(XK_U, l1, 1, "AD07", ControlMask, out);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(out[0], XK_U);
	assert_int_equal(out[1], XK_u);
}

/* setxkbmap ru: no Latin group; the key's name says U */
static void
russian_only_layout_uses_key_name(void **state)
{
	KeySym l1[] = { XK_Cyrillic_ghe };
	int n = keys_candidates(XK_Cyrillic_ghe, l1, 1, "AD07", ControlMask,
	                        out);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(out[0], XK_Cyrillic_ghe);
	assert_int_equal(out[1], XK_u);
}

/* setxkbmap us,ru with ru active: group 1's u */
static void
second_group_uses_latin_group(void **state)
{
	KeySym l1[] = { XK_u, XK_Cyrillic_ghe };
	int n = keys_candidates(XK_Cyrillic_ghe, l1, 2, "AD07", ControlMask,
	                        out);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(out[1], XK_u);
}

/* ru,us: the first Latin group counts, wherever it is */
static void
latin_group_found_after_non_latin(void **state)
{
	KeySym l1[] = { XK_Cyrillic_ve, XK_d };
	int n = keys_candidates(XK_Cyrillic_ve, l1, 2, "AC03", Mod1Mask, out);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(out[1], XK_d);
}

/* Dvorak: the layout's own letter wins (tried first) */
static void
layout_letter_first(void **state)
{
	KeySym l1[] = { XK_g };
	int n = keys_candidates(XK_g, l1, 1, "AD07", ControlMask, out);

	(void)state;
	assert_int_equal(n, 1);
	assert_int_equal(out[0], XK_g);
}

/* No Ctrl or Alt: typing is typing, whatever the layout */
static void
plain_key_only_its_keysym(void **state)
{
	KeySym l1[] = { XK_Cyrillic_ghe };
	int n = keys_candidates(XK_Cyrillic_ghe, l1, 1, "AD07", ShiftMask,
	                        out);

	(void)state;
	assert_int_equal(n, 1);
	assert_int_equal(out[0], XK_Cyrillic_ghe);
}

/* Alt+1 on a French keyboard: & at level 1, the key is AE01 */
static void
alt_digit_by_key_name(void **state)
{
	KeySym l1[] = { XK_ampersand };
	int n = keys_candidates(XK_ampersand, l1, 1, "AE01", Mod1Mask, out);

	(void)state;
	assert_int_equal(n, 2);
	assert_int_equal(out[0], XK_ampersand);
	assert_int_equal(out[1], XK_1);
}

/* ... but its Ctrl+Q (the key at AC01, a on US) stays Q */
static void
latin_letter_never_renamed(void **state)
{
	KeySym l1[] = { XK_q };
	int n = keys_candidates(XK_q, l1, 1, "AC01", ControlMask, out);

	(void)state;
	assert_int_equal(n, 1);
	assert_int_equal(out[0], XK_q);
}

static void
us_names(void **state)
{
	(void)state;
	assert_int_equal(keys_us("AE01"), XK_1);
	assert_int_equal(keys_us("AE12"), XK_equal);
	assert_int_equal(keys_us("AD01"), XK_q);
	assert_int_equal(keys_us("AD12"), XK_bracketright);
	assert_int_equal(keys_us("AC01"), XK_a);
	assert_int_equal(keys_us("AB04"), XK_v);
	assert_int_equal(keys_us("TLDE"), XK_grave);
	assert_int_equal(keys_us("AB11"), NoSymbol);
	assert_int_equal(keys_us("AD00"), NoSymbol);
	assert_int_equal(keys_us("RTRN"), NoSymbol);
	assert_int_equal(keys_us("AD7"), NoSymbol);
	assert_int_equal(keys_us(NULL), NoSymbol);
}

/* a keysym nothing knows (a dead key with Ctrl): nothing invented */
static void
nothing_from_nothing(void **state)
{
	int n = keys_candidates(NoSymbol, NULL, 0, NULL, ControlMask, out);

	(void)state;
	assert_int_equal(n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(caps_lock_ctrl_u_tries_u),
		cmocka_unit_test(russian_only_layout_uses_key_name),
		cmocka_unit_test(second_group_uses_latin_group),
		cmocka_unit_test(latin_group_found_after_non_latin),
		cmocka_unit_test(layout_letter_first),
		cmocka_unit_test(plain_key_only_its_keysym),
		cmocka_unit_test(alt_digit_by_key_name),
		cmocka_unit_test(latin_letter_never_renamed),
		cmocka_unit_test(us_names),
		cmocka_unit_test(nothing_from_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
