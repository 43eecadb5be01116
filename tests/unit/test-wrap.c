/* test-wrap.c: line breaking with a fake measure of 10 px per character
 * (whatever its byte length), so the numbers read as columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"
#include "wrap.h"

static unsigned
fake(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	return (unsigned)utf8_len(s, n) * 10;
}

static size_t
rows(const char *s, unsigned w, size_t *st, size_t max)
{
	return wrap(s, strlen(s), w, fake, NULL, st, max);
}

static void
short_text_is_one_row(void **state)
{
	size_t st[4];

	(void)state;
	assert_int_equal(rows("hello", 100, st, 4), 1);
	assert_int_equal(st[0], 0);
	assert_int_equal(rows("", 100, st, 4), 1);
}

static void
breaks_after_spaces(void **state)
{
	size_t next, len;
	const char *s = "aaaa bbbb cccc";

	(void)state;
	len = wrap_row(s, strlen(s), 70, fake, NULL, &next);
	assert_int_equal(len, 5);		/* "aaaa " */
	assert_int_equal(next, 5);
	len = wrap_row(s, strlen(s), 100, fake, NULL, &next);
	assert_int_equal(len, 10);		/* "aaaa bbbb " */
	assert_int_equal(next, 10);
}

static void
skips_spaces_at_a_break(void **state)
{
	size_t next, len;
	const char *s = "aaaa    bbbb";

	(void)state;
	len = wrap_row(s, strlen(s), 60, fake, NULL, &next);
	assert_int_equal(len, 6);
	assert_int_equal(next, 8);		/* the next row is "bbbb" */
}

static void
long_word_breaks_anywhere(void **state)
{
	size_t st[8];

	(void)state;
	assert_int_equal(rows("abcdefghijkl", 50, st, 8), 3);
	assert_int_equal(st[1], 5);
	assert_int_equal(st[2], 10);
}

static void
chinese_breaks_between_characters(void **state)
{
	/* 你好世界你好 (six characters, three bytes each) in 40 px */
	const char *s = "\xe4\xbd\xa0\xe5\xa5\xbd\xe4\xb8\x96\xe7\x95\x8c"
	                "\xe4\xbd\xa0\xe5\xa5\xbd";
	size_t st[4];

	(void)state;
	assert_int_equal(rows(s, 40, st, 4), 2);
	assert_int_equal(st[1], 12);		/* on a character boundary */
}

static void
mixed_latin_and_chinese_break_at_cjk(void **state)
{
	/* "abc你好" in 40 px: break between c and 你 is not needed; in 30:
	 * "abc" then "你好" */
	const char *s = "abc\xe4\xbd\xa0\xe5\xa5\xbd";
	size_t next, len;

	(void)state;
	len = wrap_row(s, strlen(s), 40, fake, NULL, &next);
	assert_int_equal(len, 6);		/* "abc你" */
	len = wrap_row(s, strlen(s), 30, fake, NULL, &next);
	assert_int_equal(len, 3);
	assert_int_equal(next, 3);
}

static void
narrower_than_one_character_still_advances(void **state)
{
	size_t st[8];

	(void)state;
	assert_int_equal(rows("abc", 5, st, 8), 3);
	assert_int_equal(st[2], 2);
}

static void
emoji_is_never_split(void **state)
{
	/* 😀😀😀 four bytes each */
	const char *s = "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80";
	size_t st[4];

	(void)state;
	assert_int_equal(rows(s, 20, st, 4), 2);
	assert_int_equal(st[1], 8);
}

static void
counts_rows_beyond_max(void **state)
{
	size_t st[2];

	(void)state;
	assert_int_equal(rows("aaaaaaaaaa", 20, st, 2), 5);
}

/* Lines of 1, 12 (taller than any view) and 2 rows, newest first. */
static size_t
fakerows(void *ctx, size_t i)
{
	static const size_t r[] = { 2, 12, 1 };

	(void)ctx;
	return r[i];
}

static void
scroll(size_t *line, size_t *skip, long delta)
{
	wrap_scroll(line, skip, delta, 3, 1, fakerows, NULL);
}

static void
scrolls_by_rows_through_a_tall_line(void **state)
{
	size_t line = 0, skip = 0, n;

	(void)state;
	scroll(&line, &skip, 1);	/* one row up: into the newest */
	assert_int_equal(line, 0);
	assert_int_equal(skip, 1);
	scroll(&line, &skip, 3);	/* past it: the tall one, row by row */
	assert_int_equal(line, 1);
	assert_int_equal(skip, 2);
	/* a wheel notch at a time (3 rows) shows every row of the tall
	 * line at the bottom in turn: none is skipped */
	for (n = 0; line == 1; n++) {
		assert_int_equal(skip, 2 + 3 * n);
		scroll(&line, &skip, 3);
	}
	assert_int_equal(line, 2);	/* 2 + 3 * 4 = 14 = 12 + 2 */
	assert_int_equal(skip, 0);
	scroll(&line, &skip, 100);	/* the top: the oldest's first row */
	assert_int_equal(line, 2);
	assert_int_equal(skip, 0);
	/* and down again, row by row */
	scroll(&line, &skip, -1);
	assert_int_equal(line, 1);
	assert_int_equal(skip, 11);
	scroll(&line, &skip, -11);
	assert_int_equal(line, 1);
	assert_int_equal(skip, 0);
	scroll(&line, &skip, -1);	/* the newest's first row */
	assert_int_equal(line, 0);
	assert_int_equal(skip, 1);
	scroll(&line, &skip, -100);	/* the bottom */
	assert_int_equal(line, 0);
	assert_int_equal(skip, 0);
	/* a position past the log (lines dropped) is clamped */
	line = 7;
	skip = 0;
	scroll(&line, &skip, -1);
	assert_int_equal(line, 1);
	assert_int_equal(skip, 11);
	/* more rows hidden than the line has now (the window widened):
	 * the line's first row, and one row down is its second */
	line = 1;
	skip = 30;
	scroll(&line, &skip, -1);
	assert_int_equal(line, 1);
	assert_int_equal(skip, 10);
	wrap_scroll(&line, &skip, 5, 0, 1, fakerows, NULL);
	assert_int_equal(line, 0);
	assert_int_equal(skip, 0);
}

/* Going up stops with the oldest line's first row at the top of the
 * view, not at its bottom with empty rows above (a user took the empty
 * view for a lost history); a log shorter than the view does not move. */
static void
scrolls_up_no_further_than_a_full_view(void **state)
{
	size_t line = 0, skip = 0;

	(void)state;
	/* view of 5 rows, lines of 2, 12, 1 rows (15 in all): at the top,
	 * the oldest's 1 row and the tall line's first 4 show */
	wrap_scroll(&line, &skip, 100, 3, 5, fakerows, NULL);
	assert_int_equal(line, 1);
	assert_int_equal(skip, 8);
	wrap_scroll(&line, &skip, 1, 3, 5, fakerows, NULL);	/* no further */
	assert_int_equal(line, 1);
	assert_int_equal(skip, 8);
	wrap_scroll(&line, &skip, -1, 3, 5, fakerows, NULL);
	assert_int_equal(line, 1);
	assert_int_equal(skip, 7);
	/* a view of exactly the log's 15 rows, and of more: no scrolling */
	line = skip = 0;
	wrap_scroll(&line, &skip, 3, 3, 15, fakerows, NULL);
	assert_int_equal(line, 0);
	assert_int_equal(skip, 0);
	wrap_scroll(&line, &skip, 3, 3, 40, fakerows, NULL);
	assert_int_equal(line, 0);
	assert_int_equal(skip, 0);
	/* a view of 14: one row up, the newest's first row at the bottom */
	wrap_scroll(&line, &skip, 100, 3, 14, fakerows, NULL);
	assert_int_equal(line, 0);
	assert_int_equal(skip, 1);
	/* delta 0 brings a position past the stop back to it (the view
	 * grew from 5 rows to 14 while at the top), and moves no other */
	line = 1, skip = 8;
	wrap_scroll(&line, &skip, 0, 3, 14, fakerows, NULL);
	assert_int_equal(line, 0);
	assert_int_equal(skip, 1);
	line = 1, skip = 3;
	wrap_scroll(&line, &skip, 0, 3, 5, fakerows, NULL);
	assert_int_equal(line, 1);
	assert_int_equal(skip, 3);
}

/* A name cut to a width leaves room for its ellipsis (the user list):
 * whole when it fits, else cut on a character, never past the width. */
static void
clip_leaves_room_for_an_ellipsis(void **state)
{
	(void)state;
	assert_int_equal(wrap_clip("abcdef", 6, 60, 10, fake, NULL), 6);
	assert_int_equal(wrap_clip("abcdef", 6, 50, 10, fake, NULL), 4);
	assert_int_equal(wrap_clip("abcdef", 6, 5, 10, fake, NULL), 0);
	/* 你好x: 3 + 3 + 1 bytes, 10 px each */
	assert_int_equal(wrap_clip("\xe4\xbd\xa0\xe5\xa5\xbdx", 7, 25, 10,
	                           fake, NULL), 3);
	assert_int_equal(wrap_clip("", 0, 0, 10, fake, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clip_leaves_room_for_an_ellipsis),
		cmocka_unit_test(scrolls_by_rows_through_a_tall_line),
		cmocka_unit_test(scrolls_up_no_further_than_a_full_view),
		cmocka_unit_test(short_text_is_one_row),
		cmocka_unit_test(breaks_after_spaces),
		cmocka_unit_test(skips_spaces_at_a_break),
		cmocka_unit_test(long_word_breaks_anywhere),
		cmocka_unit_test(chinese_breaks_between_characters),
		cmocka_unit_test(mixed_latin_and_chinese_break_at_cjk),
		cmocka_unit_test(narrower_than_one_character_still_advances),
		cmocka_unit_test(emoji_is_never_split),
		cmocka_unit_test(counts_rows_beyond_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
