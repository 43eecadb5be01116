/* test-fmt.c: IRC formatting codes to spans, bad bytes to CP1252, and
 * wrapping that measures styled text piece by piece as drawing does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fmt.h"
#include "utf8.h"
#include "wrap.h"

#define S(lit) lit, sizeof(lit) - 1

static Fmt f;

/* The span covering text byte i. */
static const Span *
at(size_t i)
{
	size_t k;

	for (k = 0; k < f.nspan; k++)
		if (i >= f.span[k].start && i < f.span[k].end)
			return &f.span[k];
	fail_msg("no span covers byte %zu", i);
	return NULL;
}

static void
issue_line(void **state)
{
	const char *t;

	(void)state;
	fmt_parse(&f, S("\x02" "bold\x02 \x03" "04,01red\x03 \x1ditalic\x1d "
	          "\x1funder\x1f \x16rev\x16 \x0f" "end"));
	assert_string_equal(f.text, "bold red italic under rev end");
	t = f.text;
	assert_int_equal(at(0)->attr, FMT_BOLD);
	assert_int_equal(at(4)->attr, 0);
	assert_int_equal(at(5)->fg, 0xff0000);
	assert_int_equal(at(5)->bg, 0x000000);
	assert_int_equal(at(8)->fg, FMT_NONE);		/* 0x03 alone */
	assert_int_equal(at(8)->bg, FMT_NONE);
	assert_int_equal(at(strstr(t, "italic") - t)->attr, FMT_ITALIC);
	assert_int_equal(at(strstr(t, "under") - t)->attr, FMT_UNDER);
	assert_int_equal(at(strstr(t, "rev") - t)->attr, FMT_REVERSE);
	assert_int_equal(at(strstr(t, "end") - t)->attr, 0);
	assert_int_equal(at(f.len - 1)->end, f.len);
}

static void
colour_forms(void **state)
{
	(void)state;
	/* one digit, and a third digit that is text */
	fmt_parse(&f, S("\x03" "4a\x03" "123"));
	assert_string_equal(f.text, "a3");
	assert_int_equal(at(0)->fg, 0xff0000);
	assert_int_equal(at(1)->fg, fmt_colour(12));
	/* a comma not followed by a digit is text; the background stays */
	fmt_parse(&f, S("\x03" "2,5x\x03" "3,y"));
	assert_string_equal(f.text, "x,y");
	assert_int_equal(at(0)->bg, fmt_colour(5));
	assert_int_equal(at(1)->fg, fmt_colour(3));
	assert_int_equal(at(1)->bg, fmt_colour(5));
	/* 99 is the default; the extended range reaches 98 */
	fmt_parse(&f, S("\x03" "99a\x03" "98b\x03" "52c"));
	assert_int_equal(at(0)->fg, FMT_NONE);
	assert_int_equal(at(1)->fg, 0xffffff);
	assert_int_equal(at(2)->fg, 0xff0000);
	/* hex colours, and 0x04 alone ending them */
	fmt_parse(&f, S("\x04" "1a2B3c,FFfF00x\x04y\x04" "12345z"));
	assert_string_equal(f.text, "xy12345z");
	assert_int_equal(at(0)->fg, 0x1a2b3c);
	assert_int_equal(at(0)->bg, 0xffff00);
	assert_int_equal(at(1)->fg, FMT_NONE);
	assert_int_equal(at(2)->fg, FMT_NONE);	/* five digits: not hex */
	/* a code at the very end */
	fmt_parse(&f, S("a\x03"));
	assert_string_equal(f.text, "a");
	fmt_parse(&f, S("a\x03" "1,"));
	assert_string_equal(f.text, "a,");
}

static void
monospace_strike_and_reset(void **state)
{
	(void)state;
	fmt_parse(&f, S("\x11m\x1es\x02\x1d" "bi\x0fp"));
	assert_string_equal(f.text, "msbip");
	assert_int_equal(at(0)->attr, FMT_MONO);
	assert_int_equal(at(1)->attr, FMT_MONO | FMT_STRIKE);
	assert_int_equal(at(2)->attr, FMT_MONO | FMT_STRIKE | FMT_BOLD |
	                 FMT_ITALIC);
	assert_int_equal(at(4)->attr, 0);
	/* codes that change nothing leave no span */
	fmt_parse(&f, S("a\x02\x02" "b\x03\x03" "c"));
	assert_string_equal(f.text, "abc");
	assert_int_equal(f.nspan, 1);
}

static void
controls_are_not_shown(void **state)
{
	char in[40];
	size_t i, n = 0;

	(void)state;
	for (i = 1; i < 0x20; i++)
		if (i != '\t' && i != 0x02 && i != 0x03 && i != 0x04 &&
		    i != 0x0F && i != 0x11 && i != 0x16 && i != 0x1D &&
		    i != 0x1E && i != 0x1F)
			in[n++] = (char)i;
	in[n++] = 0x7F;
	memcpy(in + n, "\xc2\x85" "ok", 4);	/* NEL, a C1 control */
	n += 4;
	fmt_parse(&f, in, n);
	assert_string_equal(f.text, "ok");
	fmt_parse(&f, S("a\tb"));
	assert_string_equal(f.text, "a    b");	/* FMT_TAB spaces */
	fmt_parse(&f, S(""));
	assert_int_equal(f.len, 0);
	assert_int_equal(f.nspan, 0);
}

static void
bad_bytes_hide_nothing(void **state)
{
	(void)state;
	fmt_parse(&f, S("before \xe9 after"));
	assert_string_equal(f.text, "before \xc3\xa9 after");
	/* truncated at the end, a lone continuation, 0xFF, an overlong, a
	 * surrogate: each byte is shown, and the rest of the line too */
	fmt_parse(&f, S("\x80\xff\xc0\xaf\xed\xa0\x80!\xe4\xbd"));
	assert_string_equal(f.text, "\xe2\x82\xac\xc3\xbf\xc3\x80\xc2\xaf"
	                    "\xc3\xad\xc2\xa0\xe2\x82\xac!\xc3\xa4\xc2\xbd");
	assert_true(utf8_valid(f.text, f.len));
	/* a code inside a bad sequence does not make it valid */
	fmt_parse(&f, S("\xc3\x02\xa9"));
	assert_string_equal(f.text, "\xc3\x83\xc2\xa9");
	/* valid text passes unchanged */
	fmt_parse(&f, S("\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80"));
	assert_string_equal(f.text, "\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98"
	                    "\x80");
}

static void
long_input_is_bounded(void **state)
{
	char in[IRC_LINE_MAX * 3];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(in); i++)	/* 0xFF: two bytes each out */
		in[i] = i % 2 ? '\x02' : '\xff';
	fmt_parse(&f, in, sizeof(in));
	assert_true(f.len <= FMT_MAX);
	assert_true(utf8_valid(f.text, f.len));
	assert_true(f.nspan <= FMT_SPANS);
	assert_int_equal(f.span[f.nspan - 1].end, f.len);
	for (i = 0; i < sizeof(in); i++)
		in[i] = '\t';
	fmt_parse(&f, in, sizeof(in));
	assert_int_equal(f.len, FMT_MAX);
}

/* A fake font: 10 px a character, 15 px in bold, 12 in monospace. */
static unsigned
fake(void *ctx, const char *s, size_t n, unsigned font)
{
	(void)ctx;
	return (unsigned)utf8_len(s, n) * (font & FMT_BOLD ? 15 :
	       font & FMT_MONO ? 12 : 10);
}

static void
width_sums_the_pieces(void **state)
{
	(void)state;
	fmt_parse(&f, S("ab\x02" "cd\x02\x11" "ef\x11\x03" "4gh"));
	assert_int_equal(fmt_width(&f, 0, f.len, fake, NULL),
	                 20 + 30 + 24 + 20);
	assert_int_equal(fmt_width(&f, 1, 3, fake, NULL), 10 + 15);
	assert_int_equal(fmt_width(&f, 3, 3, fake, NULL), 0);
}

static void
wrapping_measures_the_styles(void **state)
{
	FmtMeasure m = { &f, fake, NULL };
	size_t st[8], next, len;

	(void)state;
	/* plain: "aaaa bbbb " fits in 100; bold: only "aaaa " (75) does */
	fmt_parse(&f, S("aaaa bbbb cccc"));
	len = wrap_row(f.text, f.len, 100, fmt_measure, &m, &next);
	assert_int_equal(len, 10);
	fmt_parse(&f, S("\x02" "aaaa bbbb cccc"));
	len = wrap_row(f.text, f.len, 100, fmt_measure, &m, &next);
	assert_int_equal(len, 5);
	/* the second row is measured from its own start */
	assert_int_equal(wrap(f.text, f.len, 100, fmt_measure, &m, st, 8),
	                 3);
	assert_int_equal(st[1], 5);
	assert_int_equal(st[2], 10);
	/* four tabs are sixteen spaces, wrapped like spaces */
	fmt_parse(&f, S("a\t\t\t\tb"));
	assert_int_equal(wrap(f.text, f.len, 100, fmt_measure, &m, st, 8),
	                 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(issue_line),
		cmocka_unit_test(colour_forms),
		cmocka_unit_test(monospace_strike_and_reset),
		cmocka_unit_test(controls_are_not_shown),
		cmocka_unit_test(bad_bytes_hide_nothing),
		cmocka_unit_test(long_input_is_bounded),
		cmocka_unit_test(width_sums_the_pieces),
		cmocka_unit_test(wrapping_measures_the_styles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
