/* test-nick.c: which nicks pass, which fail and why; case folding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "nick.h"

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
		"a\xe3\x80\x80" "b",	/* ideographic space */
		"a\xe2\x80\x8b" "b",	/* zero-width space */
		"a\xc2\x85",		/* NEL, a C1 control */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(check(bad[i]), NICK_BADCHAR);
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
		cmocka_unit_test(refuses_bad_start_length_and_utf8),
		cmocka_unit_test(ascii_letters_fold_nothing_else),
		cmocka_unit_test(masks_match_with_star_and_question_mark),
	};
	return cmocka_run_group_tests_name("nick", tests, NULL, NULL);
}
