/* test-entry.c: the input line's editing by character (ASCII, Chinese,
 * emoji), kill commands, history and nick completion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "entry.h"

#define NIHAO "\xe4\xbd\xa0\xe5\xa5\xbd"	/* 你好 */
#define SMILE "\xf0\x9f\x98\x80"		/* 😀 */

static Entry e;

static int
setup(void **state)
{
	(void)state;
	entry_init(&e, 3);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	entry_clear_all(&e);
	return 0;
}

static void
put(const char *s)
{
	entry_insert(&e, s, strlen(s));
}

static void
inserts_at_cursor(void **state)
{
	(void)state;
	put("helo");
	entry_left(&e);
	put("l");
	assert_string_equal(e.text, "hello");
	assert_int_equal(e.cur, 4);
}

static void
moves_and_deletes_by_character_in_chinese(void **state)
{
	(void)state;
	put("a" NIHAO "b");
	entry_left(&e);
	entry_left(&e);			/* between 你 and 好 */
	assert_int_equal(e.cur, 4);
	entry_backspace(&e);		/* removes 你 whole */
	assert_string_equal(e.text, "a\xe5\xa5\xbd" "b");
	entry_delete(&e);		/* removes 好 whole */
	assert_string_equal(e.text, "ab");
	assert_int_equal(e.cur, 1);
}

static void
emoji_is_one_step(void **state)
{
	(void)state;
	put(SMILE SMILE);
	entry_left(&e);
	assert_int_equal(e.cur, 4);
	entry_right(&e);
	assert_int_equal(e.cur, 8);
	entry_backspace(&e);
	assert_string_equal(e.text, SMILE);
}

static void
home_end_and_bounds(void **state)
{
	(void)state;
	put(NIHAO);
	entry_home(&e);
	entry_left(&e);			/* stays at 0 */
	assert_int_equal(e.cur, 0);
	entry_backspace(&e);		/* nothing before */
	assert_string_equal(e.text, NIHAO);
	entry_end(&e);
	entry_right(&e);
	entry_delete(&e);
	assert_int_equal(e.cur, 6);
	assert_string_equal(e.text, NIHAO);
}

static void
kills(void **state)
{
	(void)state;
	put("one two  three");
	entry_kill_word(&e);
	assert_string_equal(e.text, "one two  ");
	entry_kill_word(&e);
	assert_string_equal(e.text, "one ");
	entry_home(&e);
	entry_right(&e);
	entry_kill_end(&e);		/* Ctrl+K */
	assert_string_equal(e.text, "o");
	put("ne two");
	entry_left(&e);
	entry_left(&e);
	entry_left(&e);
	entry_kill_start(&e);		/* Ctrl+U */
	assert_string_equal(e.text, "two");
	assert_int_equal(e.cur, 0);
}

static void
drops_controls_and_bad_utf8(void **state)
{
	(void)state;
	put("a\x01" "b\xff" "c\nd\te");
	assert_string_equal(e.text, "abc d e");
}

static void
respects_maxlen_on_a_character_boundary(void **state)
{
	(void)state;
	e.maxlen = 4;
	put(NIHAO);			/* 6 bytes: only 你 fits */
	assert_string_equal(e.text, "\xe4\xbd\xa0");
	/* what was refused is flagged for the screen to say, until an
	 * insert fits whole again */
	assert_int_equal(e.cut, 1);
	entry_set(&e, "abc");
	assert_int_equal(e.cut, 0);
	put("d");
	assert_int_equal(e.cut, 0);	/* exactly full: all taken */
	put("e");
	assert_int_equal(e.cut, 1);
	assert_string_equal(e.text, "abcd");
	entry_set(&e, "abcd");
	put("e");
	entry_backspace(&e);
	assert_int_equal(e.cut, 0);
}

static void
history_walks_and_keeps_the_draft(void **state)
{
	(void)state;
	entry_hist_push(&e, "first");
	entry_hist_push(&e, "second");
	entry_hist_push(&e, "second");	/* repeat: not kept twice */
	put("draft");
	entry_hist_prev(&e);
	assert_string_equal(e.text, "second");
	entry_hist_prev(&e);
	assert_string_equal(e.text, "first");
	entry_hist_prev(&e);		/* the oldest stays */
	assert_string_equal(e.text, "first");
	entry_hist_next(&e);
	entry_hist_next(&e);
	assert_string_equal(e.text, "draft");
	assert_int_equal(e.nhist, 2);
}

static void
history_is_bounded(void **state)
{
	(void)state;
	entry_hist_push(&e, "1");
	entry_hist_push(&e, "2");
	entry_hist_push(&e, "3");
	entry_hist_push(&e, "4");
	assert_int_equal(e.nhist, 3);
	entry_hist_prev(&e);
	entry_hist_prev(&e);
	entry_hist_prev(&e);
	assert_string_equal(e.text, "2");
}

static void
completes_nick_at_line_start(void **state)
{
	const char *nicks[] = { "alice", "Albert", "bob" };

	(void)state;
	put("al");
	assert_int_equal(entry_complete(&e, nicks, 3), 1);
	assert_string_equal(e.text, "alice: ");
	assert_int_equal(entry_complete(&e, nicks, 3), 1);	/* cycles */
	assert_string_equal(e.text, "Albert: ");
	assert_int_equal(entry_complete(&e, nicks, 3), 1);
	assert_string_equal(e.text, "alice: ");
}

static void
completes_nick_mid_line(void **state)
{
	const char *nicks[] = { "alice", "bob", "\xe5\xbc\xa0\xe4\xb8\x89" };

	(void)state;
	put("hi BO");
	assert_int_equal(entry_complete(&e, nicks, 3), 1);
	assert_string_equal(e.text, "hi bob");
	put(" and \xe5\xbc\xa0");
	assert_int_equal(entry_complete(&e, nicks, 3), 1);
	assert_string_equal(e.text, "hi bob and \xe5\xbc\xa0\xe4\xb8\x89");
	put(" zz");
	assert_int_equal(entry_complete(&e, nicks, 3), 0);
}

static void
completes_after_at_sign(void **state)
{
	const char *nicks[] = { "alice", "bob" };

	(void)state;
	put("@bo");
	assert_int_equal(entry_complete(&e, nicks, 2), 1);
	assert_string_equal(e.text, "@bob ");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(inserts_at_cursor),
		T(moves_and_deletes_by_character_in_chinese),
		T(emoji_is_one_step),
		T(home_end_and_bounds),
		T(kills),
		T(drops_controls_and_bad_utf8),
		T(respects_maxlen_on_a_character_boundary),
		T(history_walks_and_keeps_the_draft),
		T(history_is_bounded),
		T(completes_nick_at_line_start),
		T(completes_nick_mid_line),
		T(completes_after_at_sign),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
