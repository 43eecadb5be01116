/* test-chat.c: the chat room as its users see it, through raw sockets:
 * registration, public and private chat with three users, the online
 * list on join/leave/nick change, and "user not online". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"

static void
registration_burst_and_auto_join(void **state)
{
	Cli *c = cli_connect(*state);
	const char *want[] = {
		":forkd 001 alice :Welcome", ":forkd 002 alice ",
		":forkd 003 alice ", ":forkd 004 alice forkd ",
		"CASEMAPPING=ascii", ":forkd 251 alice ", ":forkd 422 alice ",
		":alice!~alice@127.0.0.1 JOIN #lobby",
		":forkd 353 alice = #lobby :alice", ":forkd 366 alice #lobby ",
	};
	size_t i;

	cli_send(c, "PASS unused");	/* accepted; there are no passwords */
	cli_send(c, "NICK alice");
	cli_send(c, "USER alice 0 * :Alice Liddell");
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!cli_expect(c, want[i], wait_ms()))
			fail_msg("missing '%s'", want[i]);
	cli_close(c);
}

static void
cap_ls_holds_registration_until_cap_end(void **state)
{
	Cli *c = cli_connect(*state);
	const char *l;

	cli_send(c, "CAP LS 302");
	cli_send(c, "JOIN :");			/* irssi's probe */
	cli_send(c, "NICK bob");
	cli_send(c, "USER bob bob localhost :Bob");
	assert_non_null(cli_expect(c, "CAP * LS :", wait_ms()));
	l = cli_line(c, wait_ms());
	assert_non_null(l);
	assert_non_null(strstr(l, " 451 "));	/* not 421, not a close */
	cli_send(c, "CAP REQ :multi-prefix");
	assert_non_null(cli_expect(c, "CAP bob NAK :multi-prefix", wait_ms()));
	cli_send(c, "PING :before-end");
	l = cli_line(c, wait_ms());
	assert_non_null(l);
	assert_non_null(strstr(l, "PONG forkd :before-end"));	/* no 001 yet */
	cli_send(c, "CAP END");
	assert_non_null(cli_expect(c, " 001 bob ", wait_ms()));
	assert_non_null(cli_expect(c, " 366 bob ", wait_ms()));
	cli_close(c);
}

static void
commands_before_registration_get_451(void **state)
{
	Cli *c = cli_connect(*state);

	cli_send(c, "PRIVMSG #lobby :hi");
	assert_non_null(cli_expect(c, ":forkd 451 * :You have not registered",
	                           wait_ms()));
	cli_send(c, "FOO");
	assert_non_null(cli_expect(c, " 451 ", wait_ms()));
	cli_close(c);
}

static void
public_chat_reaches_every_other_user(void **state)
{
	Cli *a = cli_login(*state, "ann"), *b = cli_login(*state, "ben"),
	    *c = cli_login(*state, "cat");
	const char *l;
	int seen;

	assert_non_null(cli_expect(a, ":cat!~tester@127.0.0.1 JOIN #lobby",
	                           wait_ms()));
	cli_send(a, "PRIVMSG #lobby :hello from ann");
	cli_send(b, "PRIVMSG #lobby :hello from ben");
	assert_non_null(cli_expect(b,
	    ":ann!~tester@127.0.0.1 PRIVMSG #lobby :hello from ann", wait_ms()));
	/* ann and ben spoke at once: cat gets both, in either order */
	for (seen = 0; seen != 3 && (l = cli_line(c, wait_ms())); ) {
		if (strstr(l, "PRIVMSG #lobby :hello from ann"))
			seen |= 1;
		if (strstr(l, "PRIVMSG #lobby :hello from ben"))
			seen |= 2;
	}
	assert_int_equal(seen, 3);
	assert_non_null(cli_expect(a, "PRIVMSG #lobby :hello from ben",
	                           wait_ms()));
	/* no echo of one's own line: ann's next room line is cat's marker */
	cli_sync(a, c);
	cli_close(a), cli_close(b), cli_close(c);
}

static void
private_message_reaches_only_its_target(void **state)
{
	Cli *a = cli_login(*state, "pa"), *b = cli_login(*state, "pb"),
	    *c = cli_login(*state, "pc");
	const char *l;

	cli_send(a, "PRIVMSG PB :secret for pb");	/* nicks fold case */
	assert_non_null(cli_expect(b,
	    ":pa!~tester@127.0.0.1 PRIVMSG pb :secret for pb", wait_ms()));
	cli_send(a, "NOTICE pb :a notice");
	assert_non_null(cli_expect(b, "NOTICE pb :a notice", wait_ms()));
	/* pc reads everything up to a later room line: no secret in it */
	cli_send(a, "PRIVMSG #lobby :after the secret");
	while ((l = cli_line(c, wait_ms()))) {
		assert_null(strstr(l, "secret for pb"));
		assert_null(strstr(l, "a notice"));
		if (strstr(l, "after the secret"))
			break;
	}
	assert_non_null(l);
	cli_close(a), cli_close(b), cli_close(c);
}

static void
message_to_absent_user_says_not_online(void **state)
{
	Cli *a = cli_login(*state, "asker");

	cli_send(a, "PRIVMSG ghost :are you there?");
	assert_non_null(cli_expect(a,
	    ":forkd 401 asker ghost :No such nick/channel", wait_ms()));
	cli_send(a, "PRIVMSG");
	assert_non_null(cli_expect(a, " 411 asker :No recipient", wait_ms()));
	cli_send(a, "PRIVMSG #lobby");
	assert_non_null(cli_expect(a, " 412 asker :No text", wait_ms()));
	cli_send(a, "PRIVMSG #lobby :");
	assert_non_null(cli_expect(a, " 412 asker :No text", wait_ms()));
	cli_close(a);
}

static void
joins_and_quits_update_everyones_list(void **state)
{
	Cli *a = cli_login(*state, "u1"), *b = cli_login(*state, "u2"),
	    *c;

	assert_non_null(cli_expect(a, ":u2!~tester@127.0.0.1 JOIN #lobby",
	                           wait_ms()));
	c = cli_login(*state, "u3");
	assert_non_null(cli_expect(a, ":u3!", wait_ms()));
	assert_non_null(cli_expect(b, ":u3!", wait_ms()));
	cli_send(a, "NAMES #lobby");
	assert_non_null(cli_expect(a, " 353 u1 = #lobby :u1 u2 u3", wait_ms()));
	cli_send(c, "QUIT :gone fishing");
	assert_non_null(cli_expect(c, "ERROR :Closing Link: 127.0.0.1 "
	                           "(Quit: gone fishing)", wait_ms()));
	assert_true(cli_wait_eof(c, wait_ms()));
	assert_non_null(cli_expect(a, ":u3!~tester@127.0.0.1 QUIT :Quit: "
	                           "gone fishing", wait_ms()));
	assert_non_null(cli_expect(b, " QUIT :Quit: gone fishing", wait_ms()));
	cli_close(b);		/* a dropped connection is a quit too */
	assert_non_null(cli_expect(a, ":u2!~tester@127.0.0.1 QUIT :"
	                           "Connection closed", wait_ms()));
	cli_send(a, "NAMES");
	assert_non_null(cli_expect(a, " 353 u1 = #lobby :u1", wait_ms()));
	cli_close(a), cli_close(c);
}

static void
nick_change_is_seen_and_checked(void **state)
{
	Cli *a = cli_login(*state, "old"), *b = cli_login(*state, "other");

	cli_send(a, "NICK new");
	assert_non_null(cli_expect(a, ":old!~tester@127.0.0.1 NICK :new",
	                           wait_ms()));
	assert_non_null(cli_expect(b, ":old!~tester@127.0.0.1 NICK :new",
	                           wait_ms()));
	cli_send(a, "NICK OTHER");
	assert_non_null(cli_expect(a, " 433 new OTHER :Nickname is already",
	                           wait_ms()));
	cli_send(a, "NICK bad,nick");
	assert_non_null(cli_expect(a, " 432 new bad,nick :Erroneous",
	                           wait_ms()));
	cli_send(a, "NICK");
	assert_non_null(cli_expect(a, " 431 new :No nickname", wait_ms()));
	cli_send(a, "NICK \xcc\x81" "bob");	/* U+0301 first */
	assert_non_null(cli_expect(a, " 432 new \xcc\x81" "bob :Erroneous "
	    "nickname: Nickname may not start with an accent or other "
	    "combining mark (U+0301)", wait_ms()));
	cli_send(a, "NICK New");	/* a change of case is allowed */
	assert_non_null(cli_expect(b, ":new!~tester@127.0.0.1 NICK :New",
	                           wait_ms()));
	cli_send(b, "PRIVMSG old :still there?");
	assert_non_null(cli_expect(b, " 401 other old ", wait_ms()));
	cli_close(a), cli_close(b);
}

static void
nick_in_use_at_registration(void **state)
{
	Cli *a = cli_login(*state, "taken"), *b = cli_connect(*state);

	cli_send(b, "NICK TAKEN");
	cli_send(b, "USER x 0 * :x");
	assert_non_null(cli_expect(b, ":forkd 433 * TAKEN :Nickname is "
	                           "already in use", wait_ms()));
	cli_send(b, "NICK 1digit");
	assert_non_null(cli_expect(b, " 432 * 1digit :Erroneous", wait_ms()));
	cli_send(b, "NICK taken2");
	assert_non_null(cli_expect(b, " 001 taken2 ", wait_ms()));
	cli_close(a), cli_close(b);
}

static void
chinese_nicks_and_text(void **state)
{
	Cli *a = cli_login(*state, "\xe5\xbc\xa0\xe4\xb8\x89"),	/* 张三 */
	    *b = cli_login(*state, "\xe6\x9d\x8e\xe5\x9b\x9b");	/* 李四 */

	cli_send(a, "PRIVMSG \xe6\x9d\x8e\xe5\x9b\x9b :\xe4\xbd\xa0\xe5\xa5"
	         "\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c");	/* 你好，世界 */
	assert_non_null(cli_expect(b, ":\xe5\xbc\xa0\xe4\xb8\x89!~tester@"
	    "127.0.0.1 PRIVMSG \xe6\x9d\x8e\xe5\x9b\x9b :\xe4\xbd\xa0\xe5\xa5"
	    "\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c", wait_ms()));
	cli_close(a), cli_close(b);
}

static void
client_prefix_is_ignored(void **state)
{
	Cli *a = cli_login(*state, "honest"), *b = cli_login(*state, "eve");

	cli_send(b, ":honest!~x@10.0.0.1 PRIVMSG #lobby :spoofed?");
	assert_non_null(cli_expect(a, ":eve!~tester@127.0.0.1 PRIVMSG #lobby "
	                           ":spoofed?", wait_ms()));
	cli_close(a), cli_close(b);
}

static void
part_and_rejoin_the_room(void **state)
{
	Cli *a = cli_login(*state, "walker"), *b = cli_login(*state, "stayer");
	const char *l;

	cli_send(a, "PART #lobby :brb");
	assert_non_null(cli_expect(a, ":walker!~tester@127.0.0.1 PART #lobby "
	                           ":brb", wait_ms()));
	assert_non_null(cli_expect(b, ":walker!~tester@127.0.0.1 PART #lobby",
	                           wait_ms()));
	cli_send(b, "PRIVMSG #lobby :while you were out");
	cli_send(b, "PRIVMSG walker :private still works");
	assert_non_null(l = cli_expect(a, "PRIVMSG walker :private", wait_ms()));
	cli_send(a, "PRIVMSG #lobby :can I talk?");
	assert_non_null(cli_expect(a, " 404 walker #lobby :Cannot send",
	                           wait_ms()));
	cli_send(a, "PART #lobby");
	assert_non_null(cli_expect(a, " 442 walker #lobby ", wait_ms()));
	cli_send(a, "JOIN #LOBBY");
	assert_non_null(cli_expect(a, ":walker!~tester@127.0.0.1 JOIN #lobby",
	                           wait_ms()));
	assert_non_null(cli_expect(a, " 353 walker = #lobby :", wait_ms()));
	assert_non_null(cli_expect(b, ":walker!~tester@127.0.0.1 JOIN #lobby",
	                           wait_ms()));
	cli_send(a, "JOIN #elsewhere");
	assert_non_null(cli_expect(a, " 403 walker #elsewhere :No such channel"
	                           ": this server has one room, #lobby",
	                           wait_ms()));
	cli_close(a), cli_close(b);
}

/* Commands sent in one packet with NICK and USER, or right after a JOIN,
 * are answered after our JOIN, its topic and names: a client learns it
 * is in the room before it hears about the room (the NAMES answer came
 * first, and STATS's rows, before the fix). */
static void
join_comes_before_later_answers(void **state)
{
	Cli *c = cli_connect(*state), *w;
	const char *l;
	int joined = 0;

	cli_send(c, "NICK early\r\nUSER e 0 * :E\r\nNAMES #lobby\r\n"
	         "PING :last");
	while ((l = cli_line(c, wait_ms())) && !strstr(l, "PONG")) {
		if (strstr(l, " JOIN #lobby"))
			joined = 1;
		if (strstr(l, " 353 ") && !joined)
			fail_msg("names before our JOIN: %s", l);
	}
	assert_non_null(l);
	w = cli_login(*state, "walker2");
	cli_send(w, "PART #lobby\r\nJOIN #lobby\r\nNAMES #lobby\r\nPING :x");
	for (joined = 0; (l = cli_line(w, wait_ms())) && !strstr(l, "PONG");) {
		if (strstr(l, " JOIN #lobby"))
			joined = 1;
		if (strstr(l, " 353 ") && !joined)
			fail_msg("names before the rejoin: %s", l);
	}
	assert_non_null(l);
	cli_close(c), cli_close(w);
}

/* Nicks are found through an index of eight buckets here (-m 5), so its
 * chains are shared (two of the four users share a bucket at 21 of the
 * 24 steps): every change of nick, a quit and a slot taken again move a
 * user in them, and a private line still finds each user under its new
 * nick and no user under an old one. Then one user changes nick 100
 * times, between flip and flop, while another writes to a third without
 * waiting (flop and the third share a bucket): a lookup that walks the
 * index while it changes must fall back, never answer 401 for a user who
 * is there. */
static void
private_lines_follow_nicks_through_the_index(void **state)
{
	Srv s;
	Cli *c[4];
	char nick[4][16], was[16], want[80];
	unsigned lcg = 7;
	const char *l;
	int i, j, step, got;

	(void)state;
	srv_start(&s, NULL, "-m", "5", "--no-flood", NULL);
	for (i = 0; i < 4; i++) {
		snprintf(nick[i], sizeof(nick[i]), "ix%d", i);
		c[i] = cli_login(&s, nick[i]);
	}
	for (step = 0; step < 24; step++) {
		lcg = lcg * 1103515245u + 12345u;
		j = 1 + (int)((lcg >> 16) % 3);	/* c[0] asks */
		strcpy(was, nick[j]);
		if (step % 8 == 7) {	/* a quit, and the slot taken again */
			cli_send(c[j], "QUIT :bye");
			assert_true(cli_wait_eof(c[j], wait_ms()));
			cli_close(c[j]);
			EXPECT(c[0], " QUIT :Quit: bye");
			snprintf(nick[j], sizeof(nick[j]), "back%d", step);
			c[j] = cli_login(&s, nick[j]);
		} else {
			snprintf(nick[j], sizeof(nick[j]), "n%dx%d", step, j);
			cli_send(c[j], "NICK %s", nick[j]);
			snprintf(want, sizeof(want), ":%s!~tester@127.0.0.1 "
			         "NICK :%s", was, nick[j]);
			assert_non_null(cli_expect(c[j], want, wait_ms()));
		}
		cli_send(c[0], "PRIVMSG %s :to the old name", was);
		snprintf(want, sizeof(want), " 401 ix0 %s ", was);
		assert_non_null(cli_expect(c[0], want, wait_ms()));
		for (i = 1; i < 4; i++) {
			cli_send(c[0], "PRIVMSG %s :step %d", nick[i], step);
			snprintf(want, sizeof(want), "PRIVMSG %s :step %d",
			         nick[i], step);
			assert_non_null(cli_expect(c[i], want, wait_ms()));
		}
	}
	for (step = 0; step < 100; step++) {
		cli_send(c[1], "NICK %s", step % 2 ? "flip" : "flop");
		cli_send(c[0], "PRIVMSG %s :line %d", nick[2], step);
	}
	cli_send(c[0], "PRIVMSG %s :done", nick[2]);
	for (got = 0; (l = cli_line(c[2], wait_ms())); ) {
		snprintf(want, sizeof(want), "PRIVMSG %s :line %d", nick[2],
		         got);
		if (strstr(l, want))
			got++;
		if (strstr(l, " :done"))
			break;
	}
	assert_non_null(l);
	assert_int_equal(got, 100);
	cli_send(c[0], "PING :sync");
	while ((l = cli_line(c[0], wait_ms())) && !strstr(l, "PONG"))
		assert_null(strstr(l, " 401 "));
	assert_non_null(l);
	for (i = 0; i < 4; i++)
		cli_close(c[i]);
	srv_stop(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) SRV_TEST(f)
		T(registration_burst_and_auto_join),
		T(cap_ls_holds_registration_until_cap_end),
		T(commands_before_registration_get_451),
		T(public_chat_reaches_every_other_user),
		T(private_message_reaches_only_its_target),
		T(message_to_absent_user_says_not_online),
		T(joins_and_quits_update_everyones_list),
		T(nick_change_is_seen_and_checked),
		T(nick_in_use_at_registration),
		T(chinese_nicks_and_text),
		T(client_prefix_is_ignored),
		T(part_and_rejoin_the_room),
		T(join_comes_before_later_answers),
		T(private_lines_follow_nicks_through_the_index),
	};
	return cmocka_run_group_tests_name("chat", tests, NULL, NULL);
}
