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
#include "fixture.h"
#include "irc.h"
#include "state.h"

#define NIHAO "\xe4\xbd\xa0\xe5\xa5\xbd"	/* 你好 */


/* /query nick, with nick online: the server's ISON answer. */
static void
query(const char *nick)
{
	char line[128];

	snprintf(line, sizeof(line), "/query %s", nick);
	cmd_run(s, line);
	snprintf(line, sizeof(line), ":srv 303 me :%s", nick);
	feed(line);
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
	query("bob");
	assert_int_equal(s->cur, 1);
	sent[0] = '\0';
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
	/* an accent first is shown on a dotted circle, not on the space
	 * before the name */
	cmd_run(s, "/nick \xcc\x81" "bob");
	assert_string_equal(sent, "");
	assert_string_equal(last(state_room(s)), "\xe2\x97\x8c\xcc\x81" "bob: "
	    "Nickname may not start with an accent or other combining mark "
	    "(U+0301)");
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
	query("bob");
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

/* /help: a monospace usage column (0x11 ... 0x11) of one width, so the
 * descriptions line up whatever the font */
static void
help_is_aligned(void **state)
{
	Conv *r = state_room(s);
	size_t i;
	const char *t, *end;

	(void)state;
	cmd_run(s, "/help");
	assert_true(r->nlines >= 10);
	for (i = 0; i < r->nlines; i++) {
		t = conv_line(r, i)->text;
		assert_int_equal(t[0], '\x11');
		end = strchr(t + 1, '\x11');
		assert_non_null(end);
		assert_int_equal(end - t, 17);
		assert_int_equal(t[1], '/');
		assert_true(end[-1] == ' ');	/* not cut */
	}
}

/* a CR or LF in the input line cannot smuggle a second IRC line */
static void
line_breaks_cannot_inject_commands(void **state)
{
	(void)state;
	cmd_run(s, "hi\r\nQUIT :gotcha");
	cmd_run(s, "/quote NAMES\rQUIT");
	cmd_run(s, "@bob x\nQUIT");
	assert_string_equal(sent, "PRIVMSG #lobby :hi  QUIT :gotcha\r\n"
	                    "NAMES QUIT\r\nPRIVMSG bob :x QUIT\r\n");
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
offline_says_not_connected_and_keeps_the_text(void **state)
{
	(void)state;
	s->status = ST_OFFLINE;
	assert_int_equal(cmd_run(s, "hello"), CMD_OFFLINE);
	assert_int_equal(cmd_run(s, "@bob hi"), CMD_OFFLINE);
	assert_int_equal(cmd_run(s, "/me waves"), CMD_OFFLINE);
	assert_int_equal(cmd_run(s, "/topic x"), CMD_OFFLINE);
	assert_string_equal(sent, "");
	assert_non_null(strstr(last(state_room(s)), "Not connected"));
	assert_int_equal(s->nconvs, 1);
}

/* --- answers where the user typed (issue 10, item 2) --- */

static Conv *
tab(const char *name)
{
	size_t i;

	query("x");			/* any private tab, then the one */
	cmd_run(s, "/close");
	for (i = 0; i < s->nconvs; i++)
		if (!strcmp(s->convs[i]->name, name))
			state_select(s, i);
	return state_current(s);
}

static void
not_online_is_said_where_typed_and_leaves_no_tab(void **state)
{
	(void)state;
	cmd_run(s, "@bob hi");
	feed(":srv 401 me bob :No such nick/channel");
	assert_string_equal(last(state_room(s)), "bob is not online");
	assert_null(state_conv(s, "bob"));
	assert_int_equal(s->nconvs, 1);
	cmd_run(s, "/msg nobody hi");
	feed(":srv 401 me nobody :No such nick/channel");
	assert_string_equal(last(state_room(s)), "nobody is not online");
	assert_int_equal(s->nconvs, 1);
}

static void
not_online_for_a_tab_opened_earlier(void **state)
{
	Conv *bob;

	(void)state;
	feed(":bob!u@h PRIVMSG me :hello");	/* bob's tab, then he left */
	feed(":bob!u@h QUIT :bye");
	cmd_run(s, "@bob still there?");
	feed(":srv 401 me bob :No such nick/channel");
	assert_string_equal(last(state_room(s)), "bob is not online");
	assert_null(state_conv(s, "bob"));
	/* typed in the tab itself: said there, the tab stays */
	feed(":carol!u@h PRIVMSG me :hello");
	tab("carol");
	cmd_run(s, "are you there?");
	feed(":srv 401 me carol :No such nick/channel");
	bob = state_conv(s, "carol");
	assert_non_null(bob);
	assert_string_equal(last(bob), "carol is not online");
}

static void
one_not_online_for_a_long_message(void **state)
{
	char text[1001];
	size_t n;

	(void)state;
	memset(text, 'a', 1000);
	text[1000] = '\0';
	memcpy(text, "@nobody ", 8);
	cmd_run(s, text);			/* three PRIVMSGs */
	feed(":srv 401 me nobody :No such nick/channel");
	feed(":srv 401 me nobody :No such nick/channel");
	feed(":srv 401 me nobody :No such nick/channel");
	n = state_room(s)->nlines;
	assert_string_equal(last(state_room(s)), "nobody is not online");
	assert_string_not_equal(conv_line(state_room(s), n - 2)->text,
	                        "nobody is not online");
	assert_int_equal(s->npending, 0);
}

static void
private_line_from_another_tab_is_echoed_there(void **state)
{
	(void)state;
	feed(":alice!u@h PRIVMSG me :hi");
	cmd_run(s, "@alice see you at 5");
	assert_string_equal(last(state_room(s)), "-> alice: see you at 5");
	assert_string_equal(conv_line(state_room(s), state_room(s)->nlines - 1)
	                    ->nick, "me");
	assert_string_equal(last(state_conv(s, "alice")), "see you at 5");
	/* typed in alice's own tab: no echo elsewhere */
	tab("alice");
	cmd_run(s, "and bring tea");
	assert_string_equal(last(state_room(s)), "-> alice: see you at 5");
	assert_string_equal(last(state_conv(s, "alice")), "and bring tea");
}

/* Every numeric that answers a typed command goes to the tab it was
 * typed in, whatever tab is current when the answer comes. */
static void
answers_go_to_the_tab_typed_in(void **state)
{
	Conv *bob;

	(void)state;
	feed(":bob!u@h PRIVMSG me :hi");
	bob = tab("bob");
	cmd_run(s, "/away lunch");
	cmd_run(s, "/topic");
	cmd_run(s, "/nick carol");
	cmd_run(s, "/quote whois dave");	/* commands are case-blind */
	cmd_run(s, "/quote FROB x");
	cmd_run(s, "/quote KILL dave");
	cmd_run(s, "/names");
	state_select(s, 0);		/* the user looks elsewhere now */
	feed(":srv 306 me :You have been marked as being away");
	assert_string_equal(last(bob), "You have been marked as being away");
	feed(":srv 332 me #lobby :the topic");
	assert_string_equal(last(bob), "Topic: the topic");
	feed(":srv 433 me carol :Nickname is already in use");
	assert_non_null(strstr(last(bob), "carol is already in use"));
	feed(":srv 311 me dave u h * :Dave");
	assert_non_null(strstr(last(bob), "dave u h"));
	feed(":srv 318 me dave :End of WHOIS list");
	assert_non_null(strstr(last(bob), "End of WHOIS"));
	feed(":srv 421 me FROB :Unknown command");
	assert_non_null(strstr(last(bob), "FROB"));
	feed(":srv 481 me :Permission Denied");
	assert_non_null(strstr(last(bob), "Permission Denied"));
	feed(":srv 353 me = #lobby :me @bob");
	feed(":srv 366 me #lobby :End of NAMES list");
	assert_string_equal(last(bob), "2 in #lobby: @bob me");
	assert_int_equal(state_room(s)->nlines, 0);
	assert_int_equal(s->npending, 0);	/* each was answered */
}

static void
away_reply_to_a_message_is_said_where_typed(void **state)
{
	(void)state;
	feed(":bob!u@h PRIVMSG me :hi");
	cmd_run(s, "@bob ping");
	feed(":srv 301 me bob :at lunch");
	assert_string_equal(last(state_room(s)), "bob is away: at lunch");
}

static void
tabs_full_query_is_refused_in_words(void **state)
{
	(void)state;
	s->maxconvs = 2;
	feed(":bob!u@h PRIVMSG me :unread");
	query("carol");
	assert_null(state_conv(s, "carol"));
	assert_non_null(strstr(last(state_room(s)), "/close"));
	/* @carol still goes out, echoed in the room */
	sent[0] = '\0';
	cmd_run(s, "@carol hi");
	assert_string_equal(sent, "PRIVMSG carol :hi\r\n");
	assert_string_equal(last(state_room(s)), "-> carol: hi");
}

/* --- /query asks first: no tab for a nick that is not online --- */

static void
query_asks_the_server_and_opens_no_tab_for_a_ghost(void **state)
{
	(void)state;
	cmd_run(s, "/query ghost");
	assert_string_equal(sent, "ISON ghost\r\n");
	assert_int_equal(s->nconvs, 1);		/* not before the answer */
	feed(":srv 303 me :");
	assert_int_equal(s->nconvs, 1);
	assert_int_equal(s->cur, 0);
	assert_string_equal(last(state_room(s)), "ghost is not online");
	assert_int_equal(conv_line(state_room(s), state_room(s)->nlines - 1)
	                 ->kind, LINE_ERROR);
	/* online: the tab opens, named as the server spells the nick, and
	 * is shown; typed in another tab, the answer goes there */
	query("x");
	sent[0] = '\0';
	cmd_run(s, "/query BOB");
	feed(":srv 303 me :bob");
	assert_non_null(state_conv(s, "bob"));
	assert_string_equal(state_current(s)->name, "bob");
	state_select(s, 1);			/* x's tab */
	cmd_run(s, "/query nobody");
	feed(":srv 303 me :");
	assert_string_equal(last(state_conv(s, "x")), "nobody is not online");
	assert_int_equal(s->nconvs, 3);
	/* an open tab is shown without asking */
	sent[0] = '\0';
	cmd_run(s, "/query bob");
	assert_string_equal(sent, "");
	assert_string_equal(state_current(s)->name, "bob");
	/* a /quote ISON is answered in words, opens nothing */
	cmd_run(s, "/quote ISON carol");
	feed(":srv 303 me :carol");
	assert_null(state_conv(s, "carol"));
	assert_string_equal(last(state_current(s)), "carol");
	/* a server without ISON (optional, RFC 2812 4): the tab opens */
	cmd_run(s, "/query dave");
	feed(":srv 421 me ISON :Unknown command");
	assert_string_equal(state_current(s)->name, "dave");
	/* two in a row: each answer is its own (in order) */
	cmd_run(s, "/query fay");
	cmd_run(s, "/query gil");
	feed(":srv 303 me :fay");
	feed(":srv 303 me :");
	assert_non_null(state_conv(s, "fay"));
	assert_null(state_conv(s, "gil"));
	assert_string_equal(last(state_conv(s, "fay")), "");
	assert_string_equal(last(state_conv(s, "dave")), "gil is not online");
	/* a user in the room is online: no question, named as listed */
	state_user_add(s, "Hal");
	sent[0] = '\0';
	cmd_run(s, "/query hal");
	assert_string_equal(sent, "");
	assert_string_equal(state_current(s)->name, "Hal");
	/* offline: the text stays for later, nothing opens */
	s->status = ST_OFFLINE;
	assert_int_equal(cmd_run(s, "/query erin"), CMD_OFFLINE);
	assert_null(state_conv(s, "erin"));
}

/* --- no private tab with ourselves; our line given back shows once --- */

static void
no_tab_with_ourselves(void **state)
{
	Conv *r = state_room(s);
	size_t n;

	(void)state;
	cmd_run(s, "/query me");
	cmd_run(s, "/query ME");
	assert_int_equal(s->nconvs, 1);
	assert_string_equal(sent, "");
	assert_non_null(strstr(last(r), "is you"));
	/* /msg and @ to ourselves: sent, said once where typed; the server
	 * delivers it back to us: not shown again, no tab */
	cmd_run(s, "@me note to self");
	assert_string_equal(sent, "PRIVMSG me :note to self\r\n");
	n = r->nlines;
	assert_string_equal(last(r), "-> me: note to self");
	feed(":me!u@h PRIVMSG me :note to self");
	feed(":me!u@h NOTICE me :note to self");
	assert_int_equal(r->nlines, n);
	assert_int_equal(s->nconvs, 1);
	/* a server that echoes our own lines (IRCv3 echo-message, or a
	 * bouncer): each line once */
	cmd_run(s, "hello all");
	feed(":me!u@h PRIVMSG #lobby :hello all");
	assert_int_equal(r->nlines, n + 1);
	query("bob");
	cmd_run(s, "hi bob");
	feed(":me!u@h PRIVMSG bob :hi bob");
	assert_int_equal(state_conv(s, "bob")->nlines, 1);
	assert_null(state_conv(s, "me"));
	/* said from another client of ours: shown in the peer's tab */
	feed(":me!u@h PRIVMSG carol :from my phone");
	assert_string_equal(last(state_conv(s, "carol")), "from my phone");
	assert_int_equal(conv_line(state_conv(s, "carol"), 0)->self, 1);
	assert_null(state_conv(s, "me"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, fixture_online, \
                                         fixture_teardown)

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
		T(line_breaks_cannot_inject_commands),
		T(help_is_aligned),
		T(long_text_is_split_on_characters),
		T(offline_says_not_connected_and_keeps_the_text),
		T(not_online_is_said_where_typed_and_leaves_no_tab),
		T(not_online_for_a_tab_opened_earlier),
		T(one_not_online_for_a_long_message),
		T(private_line_from_another_tab_is_echoed_there),
		T(answers_go_to_the_tab_typed_in),
		T(away_reply_to_a_message_is_said_where_typed),
		T(tabs_full_query_is_refused_in_words),
		T(query_asks_the_server_and_opens_no_tab_for_a_ghost),
		T(no_tab_with_ourselves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
