/* test-irc.c: parsing prefixes, params and trailing; formatting limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "irc.h"
#include "utf8.h"

static int
parse(char *line, Msg *m)
{
	return irc_parse(line, strlen(line), m);
}

static void
parse_full_message(void **state)
{
	char line[] = ":nick!u@h PRIVMSG #lobby :hello there";
	Msg m;

	(void)state;
	assert_int_equal(parse(line, &m), 0);
	assert_string_equal(m.prefix, "nick!u@h");
	assert_string_equal(m.cmd, "PRIVMSG");
	assert_int_equal(m.nparams, 2);
	assert_string_equal(m.params[0], "#lobby");
	assert_string_equal(m.params[1], "hello there");
}

static void
parse_without_prefix_or_trailing(void **state)
{
	char a[] = "USER n 0 * :Real Name", b[] = "NICK  bob  ", c[] = "JOIN :";
	Msg m;

	(void)state;
	assert_int_equal(parse(a, &m), 0);
	assert_null(m.prefix);
	assert_int_equal(m.nparams, 4);
	assert_string_equal(m.params[3], "Real Name");
	assert_int_equal(parse(b, &m), 0);
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "bob");
	assert_int_equal(parse(c, &m), 0);	/* irssi's probe */
	assert_int_equal(m.nparams, 1);
	assert_string_equal(m.params[0], "");
}

static void
fifteenth_param_takes_the_rest(void **state)
{
	char line[] = "X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17";
	Msg m;

	(void)state;
	assert_int_equal(parse(line, &m), 0);
	assert_int_equal(m.nparams, 15);
	assert_string_equal(m.params[13], "14");
	assert_string_equal(m.params[14], "15 16 17");
}

static void
parse_rejects_malformed(void **state)
{
	char a[] = "", b[] = ":prefixonly", c[] = "   ", d[] = "PRIV/MSG x",
	     e[] = "PING x", f[] = "MODE #nope\rr";
	Msg m;

	(void)state;
	assert_int_equal(parse(a, &m), -1);
	assert_int_equal(parse(b, &m), -1);
	assert_int_equal(parse(c, &m), -1);
	assert_int_equal(parse(d, &m), -1);
	e[4] = '\0';				/* a NUL inside the line */
	assert_int_equal(irc_parse(e, 6, &m), -1);
	assert_int_equal(parse(f, &m), -1);	/* found by fuzzing: bare CR */
}

/* IRCv3 message-tags: set aside, the message parsed as without them;
 * tags alone are no message */
static void
tags_are_set_aside(void **state)
{
	char a[] = "@time=2026-01-01T00:00:00.000Z;msgid=abc :alice!a@h "
	           "PRIVMSG #lobby :tagged line",
	     b[] = "@a=b;c PING :x", c[] = "@only=tags", d[] = "@a=b ",
	     e[] = "@a=b :pfx", f[] = "PING :@x";
	Msg m;

	(void)state;
	assert_int_equal(parse(a, &m), 0);
	assert_string_equal(m.tags, "time=2026-01-01T00:00:00.000Z;msgid=abc");
	assert_string_equal(m.prefix, "alice!a@h");
	assert_string_equal(m.cmd, "PRIVMSG");
	assert_int_equal(m.nparams, 2);
	assert_string_equal(m.params[1], "tagged line");
	assert_int_equal(parse(b, &m), 0);
	assert_string_equal(m.tags, "a=b;c");
	assert_null(m.prefix);
	assert_string_equal(m.cmd, "PING");
	assert_int_equal(parse(c, &m), -1);
	assert_int_equal(parse(d, &m), -1);
	assert_int_equal(parse(e, &m), -1);
	assert_int_equal(parse(f, &m), 0);
	assert_null(m.tags);
	assert_string_equal(m.params[0], "@x");
}

static void
build_adds_colon_only_when_needed(void **state)
{
	char out[IRC_LINE_MAX + 1];
	const char *p1[] = { "#lobby", "hi there" };
	const char *p2[] = { "bob" };
	const char *p3[] = { "#a", ":)" };
	const char *p4[] = { "#a", "" };

	(void)state;
	irc_build(out, NULL, "PRIVMSG", 2, p1);
	assert_string_equal(out, "PRIVMSG #lobby :hi there\r\n");
	irc_build(out, "srv", "NICK", 1, p2);
	assert_string_equal(out, ":srv NICK bob\r\n");
	irc_build(out, NULL, "PRIVMSG", 2, p3);
	assert_string_equal(out, "PRIVMSG #a ::)\r\n");
	irc_build(out, NULL, "TOPIC", 2, p4);
	assert_string_equal(out, "TOPIC #a :\r\n");
}

/* irc_cat gives what irc_fmt gives from the same pieces, cut included. */
static void
cat_is_fmt_without_the_format(void **state)
{
	char a[IRC_LINE_MAX + 1], b[IRC_LINE_MAX + 1], text[700];
	const char *parts[] = { ":", "alice!~a@127.0.0.1", " PRIVMSG ",
	                        "#lobby", " :", text };
	size_t i, na, nb;

	(void)state;
	strcpy(text, "hi there");
	na = irc_cat(a, 6, parts);
	nb = irc_fmt(b, ":%s PRIVMSG %s :%s", parts[1], parts[3], text);
	assert_string_equal(a, ":alice!~a@127.0.0.1 PRIVMSG #lobby :hi there"
	                    "\r\n");
	assert_int_equal(na, nb);
	assert_string_equal(a, b);
	/* 699 bytes of two-byte characters: cut to 510 on a boundary */
	for (i = 0; i + 1 < sizeof(text); i += 2)
		memcpy(text + i, "\xc3\xa9", 2);
	text[sizeof(text) - 1] = '\0';
	na = irc_cat(a, 6, parts);
	nb = irc_fmt(b, ":%s PRIVMSG %s :%s", parts[1], parts[3], text);
	assert_int_equal(na, nb);
	assert_true(na <= IRC_LINE_MAX);
	assert_string_equal(a, b);
	assert_int_equal(irc_cat(a, 0, parts), 2);
	assert_string_equal(a, "\r\n");
}

static void
format_cuts_long_lines_on_a_character(void **state)
{
	char text[700], out[IRC_LINE_MAX + 1];
	size_t i, n;

	(void)state;
	for (i = 0; i + 3 <= 600; i += 3)
		memcpy(text + i, "\xe4\xbd\xa0", 3);	/* 你 x 200 */
	text[600] = '\0';
	n = irc_fmt(out, ":a!b@c PRIVMSG #lobby :%s", text);
	assert_true(n <= IRC_LINE_MAX);
	assert_memory_equal(out + n - 2, "\r\n", 2);
	assert_true(utf8_valid(out, n - 2));
	assert_int_equal(strlen(out), n);
}

static void
prefix_nick_and_cmdeq(void **state)
{
	char nick[32];

	(void)state;
	irc_prefix_nick("alice!~a@host", nick, sizeof(nick));
	assert_string_equal(nick, "alice");
	irc_prefix_nick("irc.example.org", nick, sizeof(nick));
	assert_string_equal(nick, "irc.example.org");
	irc_prefix_nick("abcdef!x", nick, 4);
	assert_string_equal(nick, "abc");
	assert_true(irc_cmdeq("privmsg", "PRIVMSG"));
	assert_false(irc_cmdeq("PRIVMS", "PRIVMSG"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_full_message),
		cmocka_unit_test(parse_without_prefix_or_trailing),
		cmocka_unit_test(fifteenth_param_takes_the_rest),
		cmocka_unit_test(parse_rejects_malformed),
		cmocka_unit_test(tags_are_set_aside),
		cmocka_unit_test(build_adds_colon_only_when_needed),
		cmocka_unit_test(format_cuts_long_lines_on_a_character),
		cmocka_unit_test(cat_is_fmt_without_the_format),
		cmocka_unit_test(prefix_nick_and_cmdeq),
	};
	return cmocka_run_group_tests_name("irc", tests, NULL, NULL);
}
