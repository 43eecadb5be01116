/* test-tabfit.c: the tab bar's overflow: all tabs when they fit; else
 * the current tab always shown, marks' room kept, no jumping while the
 * current tab stays in view, more shown when room comes back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tabfit.h"

static unsigned w[100];

static void
all_fit(void **state)
{
	TabFit t;
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++)
		w[i] = 50;
	t = tabfit(w, 5, 3, 250, 30, NULL);
	assert_int_equal(t.first, 0);
	assert_int_equal(t.last, 5);
}

static void
current_is_always_shown(void **state)
{
	TabFit t;
	size_t i, cur;

	(void)state;
	for (i = 0; i < 100; i++)
		w[i] = 40 + (unsigned)(i % 7) * 9;
	for (cur = 0; cur < 100; cur++) {
		t = tabfit(w, 100, cur, 400, 30, NULL);
		assert_true(t.first <= cur && cur < t.last);
		assert_true(t.last <= 100);
	}
	/* one tab wider than the bar: still shown (cut when drawn) */
	w[7] = 1000;
	t = tabfit(w, 100, 7, 400, 30, NULL);
	assert_true(t.first <= 7 && 7 < t.last);
}

static void
marks_take_their_room(void **state)
{
	TabFit t;
	size_t i;
	unsigned sum = 0;

	(void)state;
	for (i = 0; i < 20; i++)
		w[i] = 50;
	t = tabfit(w, 20, 10, 300, 40, NULL);
	for (i = t.first; i < t.last; i++)
		sum += w[i];
	sum += (t.first > 0 ? 40 : 0) + (t.last < 20 ? 40 : 0);
	assert_true(sum <= 300);
	assert_int_equal(t.last - t.first, 4);	/* 300 - 80 = 220: 4 of 50 */
	/* at the start: no left mark, one more tab */
	t = tabfit(w, 20, 0, 300, 40, NULL);
	assert_int_equal(t.first, 0);
	assert_int_equal(t.last, 5);
}

static void
no_jump_while_current_is_in_view(void **state)
{
	TabFit t, u;
	size_t i;

	(void)state;
	for (i = 0; i < 20; i++)
		w[i] = 50;
	t = tabfit(w, 20, 12, 300, 40, NULL);
	u = tabfit(w, 20, t.first, 300, 40, &t);	/* move left in view */
	assert_int_equal(u.first, t.first);
	u = tabfit(w, 20, t.last, 300, 40, &t);		/* one past the end */
	assert_int_equal(u.last, t.last + 1);
	assert_int_equal(u.first, t.first + 1);
	/* tabs closed: what is left fills the bar from the left */
	t = tabfit(w, 5, 4, 300, 40, &u);
	assert_int_equal(t.first, 0);
	assert_int_equal(t.last, 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(all_fit),
		cmocka_unit_test(current_is_always_shown),
		cmocka_unit_test(marks_take_their_room),
		cmocka_unit_test(no_jump_while_current_is_in_view),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
