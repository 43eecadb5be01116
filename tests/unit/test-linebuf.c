/* test-linebuf.c: framing with CRLF and LF, split reads, the 512 limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "linebuf.h"

typedef struct {
	Linebuf lb;
	const char *in;
	size_t n;
	char *line;
	size_t len;
} Feed;

static void
feed(Feed *f, const char *s, size_t n)
{
	f->in = s;
	f->n = n;
}

static LbStatus
next(Feed *f)
{
	return linebuf_next(&f->lb, &f->in, &f->n, &f->line, &f->len);
}

static void
crlf_and_bare_lf(void **state)
{
	Feed f;

	(void)state;
	linebuf_init(&f.lb);
	feed(&f, "NICK a\r\nUSER b\nPING x\r\n", 23);
	assert_int_equal(next(&f), LB_LINE);
	assert_string_equal(f.line, "NICK a");
	assert_int_equal(next(&f), LB_LINE);
	assert_string_equal(f.line, "USER b");
	assert_int_equal(next(&f), LB_LINE);
	assert_string_equal(f.line, "PING x");
	assert_int_equal(f.len, 6);
	assert_int_equal(next(&f), LB_MORE);
}

static void
split_across_reads_and_empty_lines(void **state)
{
	Feed f;

	(void)state;
	linebuf_init(&f.lb);
	feed(&f, "PRIV", 4);
	assert_int_equal(next(&f), LB_MORE);
	feed(&f, "MSG #a :hi\r", 11);
	assert_int_equal(next(&f), LB_MORE);
	feed(&f, "\n\r\n\n", 4);
	assert_int_equal(next(&f), LB_LINE);
	assert_string_equal(f.line, "PRIVMSG #a :hi");
	assert_int_equal(next(&f), LB_MORE);	/* empty lines skipped */
	assert_int_equal(f.n, 0);
}

static void
exactly_512_with_crlf_passes(void **state)
{
	char buf[600];
	Feed f;

	(void)state;
	memset(buf, 'x', 510);
	memcpy(buf + 510, "\r\n", 2);
	linebuf_init(&f.lb);
	feed(&f, buf, 512);
	assert_int_equal(next(&f), LB_LINE);
	assert_int_equal(f.len, 510);
}

static void
overlong_is_reported_once_and_dropped(void **state)
{
	char buf[2000];
	Feed f;

	(void)state;
	memset(buf, 'x', sizeof(buf));
	linebuf_init(&f.lb);
	feed(&f, buf, 511);		/* 511 bytes and no end yet */
	assert_int_equal(next(&f), LB_MORE);
	feed(&f, buf, 600);
	assert_int_equal(next(&f), LB_TOOLONG);
	assert_int_equal(next(&f), LB_MORE);	/* the rest is discarded */
	feed(&f, buf, sizeof(buf));
	assert_int_equal(next(&f), LB_MORE);
	feed(&f, "xx\r\nPING ok\r\n", 13);
	assert_int_equal(next(&f), LB_LINE);	/* the next line is intact */
	assert_string_equal(f.line, "PING ok");
}

static void
bare_lf_line_of_511_is_too_long(void **state)
{
	char buf[600];
	Feed f;

	(void)state;
	memset(buf, 'y', 511);
	buf[511] = '\n';
	memcpy(buf + 512, "A\n", 2);
	linebuf_init(&f.lb);
	feed(&f, buf, 514);
	assert_int_equal(next(&f), LB_TOOLONG);
	assert_int_equal(next(&f), LB_LINE);
	assert_string_equal(f.line, "A");
}

static void
nul_bytes_are_kept_for_the_parser(void **state)
{
	Feed f;

	(void)state;
	linebuf_init(&f.lb);
	feed(&f, "A\0B\n", 4);
	assert_int_equal(next(&f), LB_LINE);
	assert_int_equal(f.len, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(crlf_and_bare_lf),
		cmocka_unit_test(split_across_reads_and_empty_lines),
		cmocka_unit_test(exactly_512_with_crlf_passes),
		cmocka_unit_test(overlong_is_reported_once_and_dropped),
		cmocka_unit_test(bare_lf_line_of_511_is_too_long),
		cmocka_unit_test(nul_bytes_are_kept_for_the_parser),
	};
	return cmocka_run_group_tests_name("linebuf", tests, NULL, NULL);
}
