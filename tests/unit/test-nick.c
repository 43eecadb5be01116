/* test-nick.c: which nicks pass, which fail and why; case folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "nick.h"
#include "utf8.h"

static NickStatus
check(const char *s)
{
	return nick_check(s, strlen(s));
}

static void
accepts_rfc_and_chinese_nicks(void **state)
{
	(void)state;
	assert_int_equal(check("alice"), NICK_OK);
	assert_int_equal(check("[bob]_^{|}`\\-9"), NICK_OK);
	assert_int_equal(check("\xe5\xbc\xa0\xe4\xb8\x89"), NICK_OK); /* 张三 */
	assert_int_equal(check("\xe6\x9d\x8e" "4"), NICK_OK);	/* 李4 */
	/* exactly 30 bytes: ten CJK characters */
	assert_int_equal(check("\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80"
	    "\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80\xe4\xb8\x80"
	    "\xe4\xb8\x80"), NICK_OK);
}

static void
refuses_reserved_and_controls(void **state)
{
	static const char *bad[] = {
		"a b", "a,b", "a*", "a?", "a!b", "a@b", "a.b", "a:b", "#chan",
		"&x", "a\tb", "a\x01", "a\x7f", "a$", "a%", "a+", "a~",
	};
	static const char *blank[] = {
		"a\xe3\x80\x80" "b",	/* ideographic space */
		"a\xe2\x80\x8b" "b",	/* zero-width space */
		"a\xc2\x85",		/* NEL, a C1 control */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(check(bad[i]), NICK_BADCHAR);
	for (i = 0; i < sizeof(blank) / sizeof(blank[0]); i++)
		assert_int_equal(check(blank[i]), NICK_INVISIBLE);
}

/* The refused runs beyond ASCII, written out here from the Unicode 14.0.0
 * data (DerivedCoreProperties.txt Default_Ignorable_Code_Point; general
 * categories Cc Cf Zs Zl Zp Cs Co; noncharacters), independently of
 * shared/nick.c's table; and U+2800, the blank Braille pattern, a symbol
 * that draws as a blank ("admin" + U+2800 passed for admin). */
static const uint32_t refused_runs[][2] = {
	{ 0x0080, 0x00A0 }, { 0x00AD, 0x00AD }, { 0x034F, 0x034F },
	{ 0x0600, 0x0605 }, { 0x061C, 0x061C }, { 0x06DD, 0x06DD },
	{ 0x070F, 0x070F }, { 0x0890, 0x0891 }, { 0x08E2, 0x08E2 },
	{ 0x115F, 0x1160 }, { 0x1680, 0x1680 }, { 0x17B4, 0x17B5 },
	{ 0x180B, 0x180F }, { 0x2000, 0x200F }, { 0x2028, 0x202F },
	{ 0x205F, 0x206F }, { 0x2800, 0x2800 }, { 0x3000, 0x3000 },
	{ 0x3164, 0x3164 },
	{ 0xE000, 0xF8FF }, { 0xFDD0, 0xFDEF }, { 0xFE00, 0xFE0F },
	{ 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 }, { 0xFFF0, 0xFFFB },
	{ 0xFFFE, 0xFFFF }, { 0x110BD, 0x110BD }, { 0x110CD, 0x110CD },
	{ 0x13430, 0x13438 }, { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A },
	{ 0x1FFFE, 0x1FFFF }, { 0x2FFFE, 0x2FFFF }, { 0xDFFFE, 0xE0FFF },
	{ 0xEFFFE, 0x10FFFF },
};

/* "a" followed by cp in UTF-8 (cp is 0x80-0x10FFFF, not a surrogate). */
static const char *
a_and(uint32_t cp, char *buf)
{
	char *p = buf;

	*p++ = 'a';
	if (cp < 0x800) {
		*p++ = (char)(0xC0 | cp >> 6);
	} else if (cp < 0x10000) {
		*p++ = (char)(0xE0 | cp >> 12);
		*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
	} else {
		*p++ = (char)(0xF0 | cp >> 18);
		*p++ = (char)(0x80 | (cp >> 12 & 0x3F));
		*p++ = (char)(0x80 | (cp >> 6 & 0x3F));
	}
	*p++ = (char)(0x80 | (cp & 0x3F));
	*p = '\0';
	return buf;
}

static int
in_runs(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof(refused_runs) / sizeof(refused_runs[0]); i++)
		if (cp >= refused_runs[i][0] && cp <= refused_runs[i][1])
			return 1;
	return 0;
}

static void
neighbour_allowed(uint32_t cp)
{
	char buf[8];

	if (cp < 0x80 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    in_runs(cp) || (cp & 0xFFFE) == 0xFFFE)
		return;
	assert_int_equal(check(a_and(cp, buf)), NICK_OK);
}

static void
refuses_every_invisible_run_at_its_edges(void **state)
{
	char buf[8];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused_runs) / sizeof(refused_runs[0]); i++) {
		assert_int_equal(check(a_and(refused_runs[i][0], buf)),
		                 NICK_INVISIBLE);
		assert_int_equal(check(a_and(refused_runs[i][1], buf)),
		                 NICK_INVISIBLE);
		neighbour_allowed(refused_runs[i][0] - 1);
		neighbour_allowed(refused_runs[i][1] + 1);
	}
	/* every plane's last two code points are noncharacters */
	for (i = 1; i <= 16; i++) {
		assert_int_equal(check(a_and((uint32_t)i << 16 | 0xFFFE, buf)),
		                 NICK_INVISIBLE);
		assert_int_equal(check(a_and((uint32_t)i << 16 | 0xFFFF, buf)),
		                 NICK_INVISIBLE);
	}
	assert_int_equal(check(a_and(0xD7FF, buf)), NICK_OK);	/* Hangul */
	/* surrogates are not UTF-8 at all */
	assert_int_equal(check("a\xed\xa0\x80"), NICK_BADUTF8);
	/* a letter after a combining mark that draws is still fine */
	assert_int_equal(check("e\xcc\x81"), NICK_OK);	/* e + U+0301 */
}

/* A combining mark may not come first: it would draw on whatever is
 * before the nick. Marks of each kind (Mn, Mc, Me) and script, the edges
 * of the Combining Diacritical Marks block, and the same marks after a
 * letter. */
static void
refuses_a_combining_mark_first(void **state)
{
	static const uint32_t first[] = {
		0x0300, 0x0301, 0x036F,	/* Combining Diacritical Marks, Mn */
		0x0489,			/* Cyrillic millions sign, Me */
		0x0903,			/* Devanagari sign visarga, Mc */
		0x0E31,			/* Thai mai han-akat, Mn */
		0x1AB0, 0x1DC0, 0x20D0,	/* the other combining blocks */
		0x20DD,			/* combining enclosing circle, Me */
		0x302A,			/* ideographic level tone mark */
		0xFE20,			/* combining ligature left half */
		0x1D165,		/* musical symbol combining stem, Mc */
	};
	static const uint32_t not_marks[] = {
		0x02FF, 0x0370,		/* either side of U+0300-036F */
		0x00E9,			/* é, precomposed: a letter */
		0x0905,			/* Devanagari letter a */
		0x4E2D,			/* 中 */
	};
	char buf[8], two[16], why[NICK_WHY_MAX];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(first) / sizeof(first[0]); i++) {
		n = utf8_encode(first[i], buf);
		buf[n] = '\0';
		snprintf(two, sizeof(two), "%sbob", buf);
		assert_int_equal(check(two), NICK_MARKSTART);
		snprintf(two, sizeof(two), "bob%s", buf);
		assert_int_equal(check(two), NICK_OK);
	}
	for (i = 0; i < sizeof(not_marks) / sizeof(not_marks[0]); i++) {
		n = utf8_encode(not_marks[i], buf);
		buf[n] = '\0';
		assert_int_equal(check(buf), NICK_OK);
	}
	assert_string_equal(nick_why("\xcc\x81" "bob", 5, why, sizeof(why)),
	    "Nickname may not start with an accent or other combining mark "
	    "(U+0301)");
	/* one that is also invisible says so (U+034F is both) */
	assert_int_equal(check("\xcd\x8f" "bob"), NICK_INVISIBLE);
}

static void
names_the_invisible_character(void **state)
{
	char buf[NICK_WHY_MAX];
	const char *admin = "admin\xcd\x8f";		/* + U+034F */
	const char *tag = "x\xf3\xa0\x80\x81";		/* + U+E0001 */

	(void)state;
	assert_string_equal(nick_why(admin, strlen(admin), buf, sizeof(buf)),
	    "Nickname has a blank, invisible or control character (U+034F)");
	assert_string_equal(nick_why(tag, strlen(tag), buf, sizeof(buf)),
	    "Nickname has a blank, invisible or control character (U+E0001)");
	assert_string_equal(nick_why("1a", 2, buf, sizeof(buf)),
	    nick_status_text(NICK_BADSTART));
	/* a reserved character, a space and a control are named too */
	assert_string_equal(nick_why("a.b", 3, buf, sizeof(buf)),
	    "Nickname has a space, a control or a reserved character ('.')");
	assert_string_equal(nick_why("\xe5\xbc\xa0 x", 5, buf, sizeof(buf)),
	    "Nickname has a space, a control or a reserved character "
	    "(a space)");
	assert_string_equal(nick_why("a\x7f", 2, buf, sizeof(buf)),
	    "Nickname has a space, a control or a reserved character "
	    "(U+007F)");
}

static void
refuses_bad_start_length_and_utf8(void **state)
{
	(void)state;
	assert_int_equal(check(""), NICK_EMPTY);
	assert_int_equal(check("1abc"), NICK_BADSTART);
	assert_int_equal(check("-abc"), NICK_BADSTART);
	assert_int_equal(check("abcdefghijabcdefghijabcdefghijX"),
	                 NICK_TOOLONG);
	assert_int_equal(check("ab\xe4\xbd"), NICK_BADUTF8);
	assert_int_equal(check("caf\xe9"), NICK_BADUTF8);
	assert_non_null(nick_status_text(NICK_BADSTART));
}

static void
ascii_letters_fold_nothing_else(void **state)
{
	char buf[NICK_MAX + 1];

	(void)state;
	assert_int_equal(nick_cmp("Alice", "aLICE"), 0);
	assert_true(nick_cmp("alice", "alicf") < 0);
	assert_true(nick_cmp("a[b", "a{b") != 0);	/* ascii, not rfc1459 */
	assert_true(nick_cmp("\xc3\x89", "\xc3\xa9") != 0);	/* É vs é */
	assert_true(nick_cmp("ab", "abc") != 0);
	nick_fold(buf, "HeLLo_W");
	assert_string_equal(buf, "hello_w");
}

static void
masks_match_with_star_and_question_mark(void **state)
{
	char many[4096];

	(void)state;
	assert_true(nick_match("*", "anyone"));
	assert_true(nick_match("*", ""));
	assert_true(nick_match("T*g?t", "target"));
	assert_true(nick_match("irc.*.NET", "irc.example.net"));
	assert_true(nick_match("a*b*c", "axxbyyc"));
	assert_false(nick_match("a*b*c", "axxbyy"));
	assert_false(nick_match("?", ""));
	assert_false(nick_match("abc", "ab"));
	assert_false(nick_match("ab", "abc"));
	/* no backtracking blow-up: this returns at once */
	memset(many, '*', sizeof(many) - 2);
	many[sizeof(many) - 2] = '!';
	many[sizeof(many) - 1] = '\0';
	assert_false(nick_match(many, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_rfc_and_chinese_nicks),
		cmocka_unit_test(refuses_reserved_and_controls),
		cmocka_unit_test(refuses_every_invisible_run_at_its_edges),
		cmocka_unit_test(refuses_a_combining_mark_first),
		cmocka_unit_test(names_the_invisible_character),
		cmocka_unit_test(refuses_bad_start_length_and_utf8),
		cmocka_unit_test(ascii_letters_fold_nothing_else),
		cmocka_unit_test(masks_match_with_star_and_question_mark),
	};
	return cmocka_run_group_tests_name("nick", tests, NULL, NULL);
}
