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

/* LB_TOOLONG gives the line's first max bytes, for a reader that shows
 * it cut; a reader may take up to IRC_TAGGED_MAX (a client: IRCv3 tags) */
static void
overlong_gives_its_head_and_max_is_the_readers(void **state)
{
	static char buf[IRC_TAGGED_MAX + 100];
	Feed f;

	(void)state;
	memset(buf, 'L', sizeof(buf));
	linebuf_init(&f.lb);
	feed(&f, buf, 300);
	assert_int_equal(next(&f), LB_MORE);
	feed(&f, buf, 300);
	assert_int_equal(next(&f), LB_TOOLONG);
	assert_int_equal(f.len, IRC_TEXT_MAX);
	assert_int_equal(strspn(f.line, "L"), IRC_TEXT_MAX);
	assert_int_equal(f.line[f.len], '\0');
	f.lb.max = IRC_TAGGED_MAX;		/* 600 bytes are a line now */
	feed(&f, "\nPING ok\r\n", 10);
	assert_int_equal(next(&f), LB_LINE);	/* the rest was dropped */
	assert_string_equal(f.line, "PING ok");
	buf[600] = '\n';
	feed(&f, buf, 601);
	assert_int_equal(next(&f), LB_LINE);
	assert_int_equal(f.len, 600);
	buf[600] = 'L';
	buf[IRC_TAGGED_MAX] = '\r';		/* the most: a line */
	buf[IRC_TAGGED_MAX + 1] = '\n';
	feed(&f, buf, IRC_TAGGED_MAX + 2);
	assert_int_equal(next(&f), LB_LINE);
	assert_int_equal(f.len, IRC_TAGGED_MAX);
	buf[IRC_TAGGED_MAX] = 'L';		/* one more: cut */
	buf[IRC_TAGGED_MAX + 1] = '\r';
	buf[IRC_TAGGED_MAX + 2] = '\n';
	feed(&f, buf, IRC_TAGGED_MAX + 3);
	assert_int_equal(next(&f), LB_TOOLONG);
	assert_int_equal(f.len, IRC_TAGGED_MAX);
	assert_int_equal(next(&f), LB_MORE);
	buf[IRC_TAGGED_MAX + 1] = '\n';	/* one more with a bare LF */
	feed(&f, buf, IRC_TAGGED_MAX + 2);
	assert_int_equal(next(&f), LB_TOOLONG);
	assert_int_equal(f.len, IRC_TAGGED_MAX);
	feed(&f, "PING ok\n", 8);		/* nothing more dropped */
	assert_int_equal(next(&f), LB_LINE);
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
		cmocka_unit_test(overlong_gives_its_head_and_max_is_the_readers),
		cmocka_unit_test(bare_lf_line_of_511_is_too_long),
		cmocka_unit_test(nul_bytes_are_kept_for_the_parser),
	};
	return cmocka_run_group_tests_name("linebuf", tests, NULL, NULL);
}
