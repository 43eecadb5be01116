/* test-state.c: conversations, users and unread marks on every IRC event
 * the client understands, fed as raw server lines; replies are captured
 * from the send callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "irc.h"
#include "state.h"

static State *s;
static char sent[4096];

static void
capture(void *ctx, const char *line)
{
	(void)ctx;
	strncat(sent, line, sizeof(sent) - strlen(sent) - 1);
}

static void
feed(const char *line)
{
	char buf[1024];
	Msg m;

	snprintf(buf, sizeof(buf), "%s", line);
	assert_int_equal(irc_parse(buf, strlen(buf), &m), 0);
	state_irc(s, &m);
}

static const char *
last(Conv *c)
{
	return c->nlines ? conv_line(c, c->nlines - 1)->text : "";
}

static int
setup(void **state)
{
	(void)state;
	sent[0] = '\0';
	s = state_create("#lobby", "me", 100);
	s->send = capture;
	return 0;
}

static int
online(void **state)
{
	setup(state);
	state_connected(s, "me");
	feed(":srv 001 me :Welcome");
	feed(":me!u@h JOIN #lobby");
	feed(":srv 353 me = #lobby :me @bob carol");
	feed(":srv 366 me #lobby :End");
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

static void
registers_and_joins_after_welcome(void **state)
{
	(void)state;
	state_connected(s, "me");
	assert_string_equal(sent, "NICK me\r\nUSER me 0 * :me\r\n");
	assert_int_equal(s->status, ST_REGISTERING);
	sent[0] = '\0';
	feed(":srv 001 me2 :Welcome");
	assert_int_equal(s->status, ST_ONLINE);
	assert_string_equal(s->nick, "me2");	/* the server's word */
	assert_string_equal(sent, "JOIN #lobby\r\n");
}

static void
answers_ping(void **state)
{
	(void)state;
	feed("PING :abc");
	assert_string_equal(sent, "PONG :abc\r\n");
}

static void
nick_in_use_at_login_is_an_error_about_the_nick(void **state)
{
	(void)state;
	state_connected(s, "me");
	feed(":srv 433 * me :Nickname is already in use");
	assert_non_null(strstr(s->error, "already in use"));
	assert_int_equal(s->error_nick, 1);
}

static void
erroneous_nick_and_server_full(void **state)
{
	(void)state;
	state_connected(s, "me");
	feed(":srv 432 * b@d :Erroneous nickname");
	assert_non_null(strstr(s->error, "b@d"));
	assert_int_equal(s->error_nick, 1);
	state_disconnected(s, "x");
	state_connected(s, "me");
	feed("ERROR :Server full");
	assert_string_equal(s->error, "Server full");
	assert_int_equal(s->error_nick, 0);
}

static void
names_fill_a_sorted_user_list(void **state)
{
	(void)state;
	assert_int_equal(s->nusers, 3);
	assert_string_equal(s->users[0].nick, "bob");
	assert_int_equal(s->users[0].mode, '@');
	assert_string_equal(s->users[1].nick, "carol");
	assert_string_equal(s->users[2].nick, "me");
	/* a fresh /names replaces the list */
	feed(":srv 353 me = #lobby :me dave");
	feed(":srv 366 me #lobby :End");
	assert_int_equal(s->nusers, 2);
	assert_string_equal(s->users[0].nick, "dave");
}

static void
join_part_quit_nick_update_users(void **state)
{
	(void)state;
	feed(":Alice!u@h JOIN #lobby");
	assert_int_equal(s->nusers, 4);
	assert_string_equal(s->users[0].nick, "Alice");
	assert_string_equal(last(state_room(s)), "Alice joined");
	feed(":bob!u@h PART #lobby :bye");
	assert_int_equal(state_user_find(s, "bob"), -1);
	feed(":carol!u@h QUIT :gone");
	assert_int_equal(state_user_find(s, "carol"), -1);
	assert_string_equal(last(state_room(s)), "carol quit: gone");
	feed(":alice!u@h NICK :zed");
	assert_int_equal(state_user_find(s, "alice"), -1);
	assert_string_equal(s->users[1].nick, "zed");	/* sorted */
	assert_int_equal(s->nusers, 2);
}

static void
kick_removes_the_user(void **state)
{
	(void)state;
	feed(":bob!u@h KICK #lobby carol :behave");
	assert_int_equal(state_user_find(s, "carol"), -1);
	assert_string_equal(last(state_room(s)),
	                    "carol was kicked by bob: behave");
	feed(":bob!u@h KICK #lobby me");
	assert_int_equal(s->nusers, 0);
	assert_int_equal(conv_line(state_room(s),
	                 state_room(s)->nlines - 1)->kind, LINE_ERROR);
}

static void
nick_in_use_when_online_is_a_line(void **state)
{
	(void)state;
	feed(":srv 433 me bob :Nickname is already in use");
	assert_string_equal(s->error, "");
	assert_non_null(strstr(last(state_room(s)), "bob is already in use"));
}

static void
own_nick_change_is_followed(void **state)
{
	(void)state;
	feed(":me!u@h NICK :newme");
	assert_string_equal(s->nick, "newme");
	assert_true(state_user_find(s, "newme") >= 0);
}

static void
room_message_counts_unread_when_elsewhere(void **state)
{
	(void)state;
	feed(":bob!u@h PRIVMSG #lobby :hello all");
	assert_string_equal(last(state_room(s)), "hello all");
	assert_int_equal(state_room(s)->unread, 0);	/* it is current */
	state_conv_open(s, "carol");
	state_select(s, 1);
	feed(":bob!u@h PRIVMSG #lobby :again");
	assert_int_equal(state_room(s)->unread, 1);
	assert_int_equal(state_room(s)->mention, 0);
	feed(":bob!u@h PRIVMSG #lobby :hey ME, look");
	assert_int_equal(state_room(s)->mention, 1);
	assert_int_equal(state_unread(s), 2);
	state_select(s, 0);
	assert_int_equal(state_unread(s), 0);
}

static void
private_message_opens_its_own_tab(void **state)
{
	Conv *c;

	(void)state;
	feed(":bob!u@h PRIVMSG me :psst");
	c = state_conv(s, "BOB");
	assert_non_null(c);
	assert_int_equal(s->nconvs, 2);
	assert_string_equal(last(c), "psst");
	assert_string_equal(conv_line(c, 0)->nick, "bob");
	assert_int_equal(c->unread, 1);
	assert_int_equal(c->mention, 1);
	assert_int_equal(s->alert, 1);
	feed(":bob!u@h PRIVMSG me :again");
	assert_int_equal(s->nconvs, 2);
	assert_int_equal(c->unread, 2);
}

static void
action_and_ctcp(void **state)
{
	Line *l;

	(void)state;
	feed(":bob!u@h PRIVMSG #lobby :\1ACTION waves\1");
	l = conv_line(state_room(s), state_room(s)->nlines - 1);
	assert_int_equal(l->kind, LINE_ACTION);
	assert_string_equal(l->text, "waves");
	feed(":bob!u@h PRIVMSG me :\1VERSION\1");
	assert_int_equal(s->nconvs, 1);		/* not shown */
}

static void
no_such_nick_says_not_online_in_its_tab(void **state)
{
	Conv *c;

	(void)state;
	c = state_conv_open(s, "ghost");
	feed(":srv 401 me ghost :No such nick/channel");
	assert_string_equal(last(c), "ghost is not online");
	assert_int_equal(conv_line(c, c->nlines - 1)->kind, LINE_ERROR);
}

static void
nick_change_renames_private_tab(void **state)
{
	(void)state;
	feed(":bob!u@h PRIVMSG me :hi");
	feed(":bob!u@h NICK robert");
	assert_null(state_conv(s, "bob"));
	assert_non_null(state_conv(s, "robert"));
}

static void
topic_is_kept(void **state)
{
	(void)state;
	feed(":srv 332 me #lobby :Welcome here");
	assert_string_equal(s->topic, "Welcome here");
	feed(":bob!u@h TOPIC #lobby :New one");
	assert_string_equal(s->topic, "New one");
}

static void
log_is_a_bounded_ring(void **state)
{
	char line[64];
	int i;

	(void)state;
	for (i = 0; i < 250; i++) {
		snprintf(line, sizeof(line), ":bob!u@h PRIVMSG #lobby :m%d", i);
		feed(line);
	}
	assert_int_equal(state_room(s)->nlines, 100);
	assert_string_equal(conv_line(state_room(s), 0)->text, "m150");
	assert_string_equal(last(state_room(s)), "m249");
}

static void
disconnect_is_said_in_every_tab(void **state)
{
	(void)state;
	state_conv_open(s, "bob");
	state_disconnected(s, "the server closed the connection");
	assert_int_equal(s->status, ST_OFFLINE);
	assert_int_equal(s->nusers, 0);
	assert_non_null(strstr(last(state_conv(s, "bob")), "closed"));
	assert_non_null(strstr(last(state_room(s)), "Disconnected"));
}

static void
close_keeps_the_room(void **state)
{
	(void)state;
	state_conv_open(s, "bob");
	state_select(s, 1);
	state_conv_close(s, 0);
	assert_int_equal(s->nconvs, 2);
	state_conv_close(s, 1);
	assert_int_equal(s->nconvs, 1);
	assert_int_equal(s->cur, 0);
}

static void
mentions_are_whole_words(void **state)
{
	(void)state;
	assert_true(state_mentions("hi me!", "me"));
	assert_true(state_mentions("ME: hi", "me"));
	assert_false(state_mentions("some men", "me"));
	assert_false(state_mentions("name", "me"));
	assert_true(state_mentions("\xe4\xbd\xa0\xe5\xa5\xbd me", "me"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, online, teardown)
#define U(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		U(registers_and_joins_after_welcome),
		U(answers_ping),
		U(nick_in_use_at_login_is_an_error_about_the_nick),
		U(erroneous_nick_and_server_full),
		T(names_fill_a_sorted_user_list),
		T(join_part_quit_nick_update_users),
		T(kick_removes_the_user),
		T(nick_in_use_when_online_is_a_line),
		T(own_nick_change_is_followed),
		T(room_message_counts_unread_when_elsewhere),
		T(private_message_opens_its_own_tab),
		T(action_and_ctcp),
		T(no_such_nick_says_not_online_in_its_tab),
		T(nick_change_renames_private_tab),
		T(topic_is_kept),
		T(log_is_a_bounded_ring),
		T(disconnect_is_said_in_every_tab),
		T(close_keeps_the_room),
		U(mentions_are_whole_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
