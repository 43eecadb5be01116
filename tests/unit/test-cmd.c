/* test-cmd.c: what the input line sends: plain text, /msg and its @nick
 * alias, /me, /nick, /query, /close, /quit and the hints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cmd.h"
#include "state.h"

#define NIHAO "\xe4\xbd\xa0\xe5\xa5\xbd"	/* 你好 */

static State *s;
static char sent[8192];

static void
capture(void *ctx, const char *line)
{
	(void)ctx;
	strncat(sent, line, sizeof(sent) - strlen(sent) - 1);
}

static int
setup(void **state)
{
	(void)state;
	s = state_create("#lobby", "me", 100);
	s->send = capture;
	s->status = ST_ONLINE;
	sent[0] = '\0';
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	state_free(s);
	return 0;
}

static const char *
last(Conv *c)
{
	return c && c->nlines ? conv_line(c, c->nlines - 1)->text : "";
}

static void
plain_text_goes_to_the_room_and_the_log(void **state)
{
	(void)state;
	assert_int_equal(cmd_run(s, "hello " NIHAO), CMD_OK);
	assert_string_equal(sent, "PRIVMSG #lobby :hello " NIHAO "\r\n");
	assert_string_equal(last(state_room(s)), "hello " NIHAO);
	assert_int_equal(conv_line(state_room(s), 0)->self, 1);
}

static void
msg_and_at_alias(void **state)
{
	(void)state;
	cmd_run(s, "/msg bob hi there");
	assert_string_equal(sent, "PRIVMSG bob :hi there\r\n");
	assert_string_equal(last(state_conv(s, "bob")), "hi there");
	sent[0] = '\0';
	cmd_run(s, "@carol yo");
	assert_string_equal(sent, "PRIVMSG carol :yo\r\n");
	assert_non_null(state_conv(s, "carol"));
	assert_int_equal(s->cur, 0);		/* /msg does not switch */
}

static void
msg_without_text_is_a_usage_hint(void **state)
{
	(void)state;
	cmd_run(s, "/msg bob");
	assert_string_equal(sent, "");
	assert_non_null(strstr(last(state_room(s)), "Usage"));
}

static void
text_in_private_tab_goes_to_the_peer(void **state)
{
	(void)state;
	cmd_run(s, "/query bob");
	assert_int_equal(s->cur, 1);
	cmd_run(s, "psst");
	assert_string_equal(sent, "PRIVMSG bob :psst\r\n");
}

static void
me_is_a_ctcp_action(void **state)
{
	(void)state;
	cmd_run(s, "/me waves");
	assert_string_equal(sent, "PRIVMSG #lobby :\1ACTION waves\1\r\n");
	assert_int_equal(conv_line(state_room(s), 0)->kind, LINE_ACTION);
}

static void
nick_topic_away_names(void **state)
{
	(void)state;
	cmd_run(s, "/nick alice");
	cmd_run(s, "/topic Hello room");
	cmd_run(s, "/away lunch");
	cmd_run(s, "/away");
	cmd_run(s, "/names");
	assert_string_equal(sent, "NICK alice\r\nTOPIC #lobby :Hello room\r\n"
	                    "AWAY :lunch\r\nAWAY\r\nNAMES #lobby\r\n");
}

static void
bad_nick_is_refused_locally(void **state)
{
	(void)state;
	cmd_run(s, "/nick 9lives");
	assert_string_equal(sent, "");
	assert_non_null(strstr(last(state_room(s)), "digit"));
}

static void
quit_sends_quit(void **state)
{
	(void)state;
	assert_int_equal(cmd_run(s, "/quit bye all"), CMD_QUIT);
	assert_string_equal(sent, "QUIT :bye all\r\n");
}

static void
close_closes_private_only(void **state)
{
	(void)state;
	cmd_run(s, "/close");
	assert_int_equal(s->nconvs, 1);
	cmd_run(s, "/query bob");
	cmd_run(s, "/close");
	assert_int_equal(s->nconvs, 1);
	assert_int_equal(s->cur, 0);
}

static void
unknown_command_gets_a_hint(void **state)
{
	(void)state;
	cmd_run(s, "/frobnicate now");
	assert_string_equal(sent, "");
	assert_non_null(strstr(last(state_room(s)), "/help"));
	cmd_run(s, "/help");
	assert_true(state_room(s)->nlines > 5);
}

static void
double_slash_sends_a_slash(void **state)
{
	(void)state;
	cmd_run(s, "//not a command");
	assert_string_equal(sent, "PRIVMSG #lobby :/not a command\r\n");
}

static void
long_text_is_split_on_characters(void **state)
{
	char text[1201];
	size_t i;

	(void)state;
	for (i = 0; i < 1200; i += 3)
		memcpy(text + i, "\xe4\xbd\xa0", 3);
	text[1200] = '\0';
	cmd_run(s, text);
	/* 400-byte chunks (133 characters = 399 bytes): four messages */
	assert_int_equal(state_room(s)->nlines, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(strlen(conv_line(state_room(s), i)->text) % 3,
		                 0);
}

static void
offline_says_not_connected(void **state)
{
	(void)state;
	s->status = ST_OFFLINE;
	cmd_run(s, "hello");
	assert_string_equal(sent, "");
	assert_non_null(strstr(last(state_room(s)), "Not connected"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(plain_text_goes_to_the_room_and_the_log),
		T(msg_and_at_alias),
		T(msg_without_text_is_a_usage_hint),
		T(text_in_private_tab_goes_to_the_peer),
		T(me_is_a_ctcp_action),
		T(nick_topic_away_names),
		T(bad_nick_is_refused_locally),
		T(quit_sends_quit),
		T(close_closes_private_only),
		T(unknown_command_gets_a_hint),
		T(double_slash_sends_a_slash),
		T(long_text_is_split_on_characters),
		T(offline_says_not_connected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
