/* test-paste.c: a multi-line paste as paced messages: when a paste is
 * needed, how text becomes messages (line breaks, empty lines, controls,
 * long lines cut on characters), asking above PASTE_ASK, the pace
 * (a burst, then one per gap), and cancelling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "paste.h"

static Paste p;

static int
teardown(void **state)
{
	(void)state;
	paste_cancel(&p);
	memset(&p, 0, sizeof(p));
	return 0;
}

static size_t
start(const char *s)
{
	return paste_start(&p, s, strlen(s), "#lobby");
}

static const char *
msg(size_t i)
{
	return p.buf + p.msg[i];
}

static void
needed_for_line_breaks_only_inside(void **state)
{
	(void)state;
	assert_false(paste_needed("one line", 8, 100));
	assert_false(paste_needed("one line\n", 9, 100));	/* xsel's */
	assert_false(paste_needed("\r\none line\r\n", 12, 100));
	assert_true(paste_needed("one\ntwo", 7, 100));
	assert_true(paste_needed("one\r\ntwo\n", 9, 100));
	assert_true(paste_needed("0123456789", 10, 9));	/* no room */
}

static void
lines_split_at_cr_lf_crlf(void **state)
{
	(void)state;
	assert_int_equal(start("a\nb\r\nc\rd"), 4);
	assert_string_equal(msg(0), "a");
	assert_string_equal(msg(1), "b");
	assert_string_equal(msg(2), "c");
	assert_string_equal(msg(3), "d");
	assert_int_equal(p.bytes, 4);
}

static void
empty_lines_dropped(void **state)
{
	(void)state;
	assert_int_equal(start("\n\none\n\n\r\n\ntwo\n\n"), 2);
	assert_string_equal(msg(0), "one");
	assert_string_equal(msg(1), "two");
	assert_int_equal(start("\n\r\n\n"), 0);
	assert_false(paste_busy(&p));
}

static void
controls_dropped_tab_kept(void **state)
{
	(void)state;
	assert_int_equal(start("a\tb\x01\x1b[31mc\x7f\nx"), 2);
	assert_string_equal(msg(0), "a\tb[31mc");
	/* a line of controls only is empty */
	assert_int_equal(start("\x01\x02\nx"), 1);
}

static void
long_line_cut_on_characters(void **state)
{
	char s[3 * 300 + 1];
	size_t i, total = 0;

	(void)state;
	for (i = 0; i < 300; i++)	/* 300 x U+4E2D, 900 bytes */
		memcpy(s + 3 * i, "\xe4\xb8\xad", 3);
	s[900] = '\0';
	assert_int_equal(start(s), 3);
	for (i = 0; i < 3; i++) {
		assert_true(strlen(msg(i)) <= PASTE_CHUNK);
		assert_int_equal(strlen(msg(i)) % 3, 0);	/* whole */
		total += strlen(msg(i));
	}
	assert_int_equal(total, 900);
	assert_int_equal(p.bytes, 900);
}

static void
many_long_lines_fit_the_buffer(void **state)
{
	static char s[64 * 1024];
	size_t i, n = 0;

	(void)state;
	/* 4-byte characters cut 3 bytes short: the worst case for room */
	for (i = 0; i + 5 < sizeof(s); i += 4)
		memcpy(s + i, "\xf0\x9f\x98\x80", 4);
	s[i] = '\0';
	n = start(s);
	assert_true(n >= strlen(s) / PASTE_CHUNK);
	assert_true(p.asking);
}

static void
asks_above_a_few(void **state)
{
	(void)state;
	assert_int_equal(start("1\n2\n3"), 3);
	assert_false(p.asking);
	assert_non_null(paste_due(&p, 0));
	assert_int_equal(start("1\n2\n3\n4"), 4);
	assert_true(p.asking);
	assert_null(paste_due(&p, 0));
	assert_int_equal(paste_waitms(&p, 0), -1);
	p.asking = 0;		/* the user said yes */
	assert_string_equal(paste_due(&p, 0), "1");
}

static void
paced_burst_then_gap(void **state)
{
	char s[64];
	size_t i, sent = 0;
	long long now = 100000;

	(void)state;
	s[0] = '\0';
	for (i = 0; i < 9; i++)
		strcat(s, "x\n");
	assert_int_equal(start(s), 9);
	p.asking = 0;
	while (paste_due(&p, now)) {	/* the burst */
		paste_sent(&p, now);
		sent++;
	}
	assert_int_equal(sent, PASTE_BURST);
	assert_int_equal(paste_waitms(&p, now), PASTE_GAP);
	now += PASTE_GAP - 1;
	assert_null(paste_due(&p, now));
	now += 1;
	assert_non_null(paste_due(&p, now));
	paste_sent(&p, now);
	assert_null(paste_due(&p, now));	/* one per gap now */
	now += PASTE_GAP;
	while (paste_due(&p, now)) {
		paste_sent(&p, now);
		now += PASTE_GAP;
	}
	assert_false(paste_busy(&p));
	assert_int_equal(paste_waitms(&p, now), -1);
}

static void
cancel_counts_what_is_left(void **state)
{
	(void)state;
	start("1\n2\n3\n4\n5\n6");
	p.asking = 0;
	paste_sent(&p, 0);
	assert_int_equal(paste_cancel(&p), 5);
	assert_false(paste_busy(&p));
	assert_null(paste_due(&p, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(needed_for_line_breaks_only_inside,
		                          teardown),
		cmocka_unit_test_teardown(lines_split_at_cr_lf_crlf, teardown),
		cmocka_unit_test_teardown(empty_lines_dropped, teardown),
		cmocka_unit_test_teardown(controls_dropped_tab_kept, teardown),
		cmocka_unit_test_teardown(long_line_cut_on_characters,
		                          teardown),
		cmocka_unit_test_teardown(many_long_lines_fit_the_buffer,
		                          teardown),
		cmocka_unit_test_teardown(asks_above_a_few, teardown),
		cmocka_unit_test_teardown(paced_burst_then_gap, teardown),
		cmocka_unit_test_teardown(cancel_counts_what_is_left, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
