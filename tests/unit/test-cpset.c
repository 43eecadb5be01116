/* test-cpset.c: the set of code points no font has (drw.c): it holds
 * every code point added, not the last 64 (issue 10: 65 distinct ones on
 * screen made every redraw ask fontconfig again, 0.4 s each). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cpset.h"

static void
holds_every_code_point_added(void **state)
{
	CpSet s = { { 0 } };
	uint32_t cp;

	(void)state;
	/* 4 lines of 120 Private Use Area characters, then many more */
	for (cp = 0xE000; cp < 0xE000 + 480; cp++)
		cpset_add(&s, cp);
	for (cp = 0xE000; cp < 0xE000 + 480; cp++)
		assert_true(cpset_has(&s, cp));
	assert_false(cpset_has(&s, 0xE000 + 480));
	assert_false(cpset_has(&s, 0xDFFF));
	/* every other code point of all of Unicode */
	for (cp = 0; cp <= 0x10FFFF; cp += 2)
		cpset_add(&s, cp);
	for (cp = 0; cp <= 0x10FFFF; cp++)
		if (cp < 0xE000 || cp >= 0xE000 + 480)
			assert_int_equal(cpset_has(&s, cp), !(cp & 1));
	cpset_clear(&s);
	assert_false(cpset_has(&s, 0xE000));
	cpset_clear(&s);
}

static void
bounded_by_planes(void **state)
{
	CpSet s = { { 0 } };
	size_t i, n = 0;

	(void)state;
	cpset_add(&s, 0x110000);	/* past Unicode: ignored */
	cpset_add(&s, 0xFFFFFFFF);
	assert_false(cpset_has(&s, 0x110000));
	cpset_add(&s, 0x10FFFF);
	cpset_add(&s, 0x10FFFE);
	cpset_add(&s, 0x41);
	for (i = 0; i < CPSET_PLANES; i++)
		n += s.plane[i] != NULL;
	assert_int_equal(n, 2);		/* two planes touched, 16 KiB */
	assert_true(cpset_has(&s, 0x10FFFF));
	assert_false(cpset_has(&s, 0x10FFFD));
	cpset_clear(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(holds_every_code_point_added),
		cmocka_unit_test(bounded_by_planes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
