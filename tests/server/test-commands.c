/* test-commands.c: every command a stock client sends after joining, and
 * the questions users ask: WHO, WHOIS, USERHOST, ISON, AWAY, TOPIC, NAMES,
 * LUSERS, VERSION, TIME, MOTD, PING, MODE, LIST, unknown commands; counts
 * and their nouns agree in replies and the log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static void
what_irssi_sends_after_join(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "irs"), *b = cli_login(srv, "peer");

	cli_send(a, "MODE irs +i");
	EXPECT(a, ":irs!~tester@127.0.0.1 MODE irs :+i");
	cli_send(a, "MODE #lobby");
	EXPECT(a, ":forkd 324 irs #lobby +nt");
	EXPECT(a, ":forkd 329 irs #lobby ");
	cli_send(a, "WHO #lobby");
	EXPECT(a, ":forkd 352 irs #lobby ~tester 127.0.0.1 forkd irs H :0 "
	       "Test user irs");
	EXPECT(a, ":forkd 352 irs #lobby ~tester 127.0.0.1 forkd peer H :0 ");
	EXPECT(a, ":forkd 315 irs #lobby :End of WHO list");
	cli_send(a, "MODE #lobby b");
	EXPECT(a, ":forkd 368 irs #lobby :End of channel ban list");
	cli_send(a, "MODE irs");
	EXPECT(a, ":forkd 221 irs +i");
	cli_send(a, "MODE peer +i");
	EXPECT(a, ":forkd 502 irs :");
	cli_send(a, "MODE #lobby +o peer");
	EXPECT(a, ":forkd 482 irs #lobby :");
	cli_close(a), cli_close(b);
}

static void
whois_userhost_ison(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "asker"), *b = cli_login(srv, "target");

	cli_send(a, "WHOIS target");
	EXPECT(a, ":forkd 311 asker target ~tester 127.0.0.1 * :Test user "
	       "target");
	EXPECT(a, ":forkd 319 asker target :#lobby");
	EXPECT(a, ":forkd 312 asker target forkd :");
	EXPECT(a, ":forkd 317 asker target ");
	EXPECT(a, ":forkd 318 asker target :End of WHOIS list");
	cli_send(a, "WHOIS nobody");
	EXPECT(a, ":forkd 401 asker nobody :No such nick");
	EXPECT(a, ":forkd 318 asker nobody :End of WHOIS list");
	cli_send(a, "USERHOST target nobody asker");
	EXPECT(a, ":forkd 302 asker :target=+~tester@127.0.0.1 "
	       "asker=+~tester@127.0.0.1");
	cli_send(a, "ISON target nobody ASKER");
	EXPECT(a, ":forkd 303 asker :target asker");
	cli_send(a, "ISON :nobody target");
	EXPECT(a, ":forkd 303 asker :target");
	cli_send(a, "WHO T*g?t");		/* masks: * and ?, any case */
	EXPECT(a, " 352 asker #lobby ~tester 127.0.0.1 forkd target H ");
	EXPECT(a, ":forkd 315 asker T*g?t :End of WHO list");
	/* many stars once took exponential time under the lock */
	cli_send(a, "WHO ******************************!");
	EXPECT(a, ":forkd 315 asker ******************************! :End");
	cli_send(b, "PRIVMSG #lobby :the lock is free");
	EXPECT(a, "the lock is free");
	cli_close(a), cli_close(b);
}

static void
away_is_shown_to_whoever_writes(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "sleeper"), *b = cli_login(srv, "writer");

	cli_send(a, "AWAY :gone to lunch");
	EXPECT(a, ":forkd 306 sleeper :You have been marked as being away");
	cli_send(b, "PRIVMSG sleeper :ping?");
	EXPECT(b, ":forkd 301 writer sleeper :gone to lunch");
	EXPECT(a, "PRIVMSG sleeper :ping?");
	cli_send(b, "WHO sleeper");
	EXPECT(b, " sleeper G :0 ");
	cli_send(b, "USERHOST sleeper");
	EXPECT(b, ":forkd 302 writer :sleeper=-~tester@127.0.0.1");
	cli_send(a, "AWAY");
	EXPECT(a, ":forkd 305 sleeper :You are no longer marked as being "
	       "away");
	cli_close(a), cli_close(b);
}

static void
anyone_in_the_room_sets_the_topic(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "t1"), *b = cli_login(srv, "t2"), *c;

	cli_send(a, "TOPIC #lobby");
	EXPECT(a, ":forkd 331 t1 #lobby :No topic is set");
	cli_send(b, "TOPIC #lobby :Lab 3: process-based chat");
	EXPECT(a, ":t2!~tester@127.0.0.1 TOPIC #lobby :Lab 3: process-based "
	       "chat");
	EXPECT(b, ":t2!~tester@127.0.0.1 TOPIC #lobby :Lab 3");
	cli_send(a, "TOPIC #lobby");
	EXPECT(a, ":forkd 332 t1 #lobby :Lab 3: process-based chat");
	EXPECT(a, ":forkd 333 t1 #lobby t2 ");
	c = cli_connect(srv);		/* a newcomer gets it on join */
	cli_send(c, "NICK t3");
	cli_send(c, "USER t3 0 * :t3");
	EXPECT(c, ":forkd 332 t3 #lobby :Lab 3: process-based chat");
	cli_send(a, "TOPIC #other :x");
	EXPECT(a, ":forkd 403 t1 #other :No such channel");
	cli_close(a), cli_close(b), cli_close(c);
}

static void
server_questions(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "curious");

	cli_send(a, "LUSERS");
	EXPECT(a, ":forkd 251 curious :There is 1 user and 0 invisible on 1 "
	       "server");
	EXPECT(a, ":forkd 255 curious :I have 1 client and 0 servers");
	cli_send(a, "VERSION");
	EXPECT(a, ":forkd 351 curious forkd-");
	cli_send(a, "TIME");
	EXPECT(a, ":forkd 391 curious forkd :");
	cli_send(a, "MOTD");
	EXPECT(a, ":forkd 422 curious :MOTD File is missing");
	cli_send(a, "PING :lag-123");
	EXPECT(a, ":forkd PONG forkd :lag-123");
	cli_send(a, "PING");
	EXPECT(a, ":forkd 409 curious :No origin specified");
	cli_send(a, "LIST");
	EXPECT(a, ":forkd 322 curious #lobby 1 :");
	EXPECT(a, ":forkd 323 curious :End of LIST");
	cli_send(a, "NAMES #nowhere");
	EXPECT(a, ":forkd 366 curious #nowhere :End of NAMES list");
	cli_send(a, "KNOCK #lobby");
	EXPECT(a, ":forkd 421 curious KNOCK :Unknown command");
	cli_send(a, "USER again 0 * :x");
	EXPECT(a, ":forkd 462 curious :You may not reregister");
	cli_send(a, "PASS late");
	EXPECT(a, ":forkd 462 curious :You may not reregister");
	cli_send(a, "WHOIS");
	EXPECT(a, ":forkd 461 curious WHOIS :Not enough parameters");
	cli_send(a, "privmsg #lobby :lower-case commands work");
	cli_send(a, "PING :after");
	EXPECT(a, "PONG forkd :after");
	cli_close(a);
}

static void
motd_from_a_file(void **state)
{
	char path[] = "/tmp/forkd-motd-XXXXXX";
	int fd = mkstemp(path);
	Srv s2;
	Cli *a;

	(void)state;
	assert_true(fd >= 0);
	assert_true(write(fd, "Welcome to the lab.\nBe kind.\n", 29) == 29);
	close(fd);
	srv_start(&s2, NULL, "--motd", path, NULL);
	a = cli_connect(&s2);
	cli_send(a, "NICK reader");
	cli_send(a, "USER r 0 * :r");
	EXPECT(a, ":forkd 375 reader :- forkd Message of the day");
	EXPECT(a, ":forkd 372 reader :- Welcome to the lab.");
	EXPECT(a, ":forkd 372 reader :- Be kind.");
	EXPECT(a, ":forkd 376 reader :End of MOTD command");
	cli_close(a);
	srv_stop(&s2);
	unlink(path);
}

/* A MOTD over 16 KiB (where the file was cut, here mid-character) is
 * read whole; and the registration's burst (welcome, 3000 lines of MOTD,
 * the room's names) is the server's, not the user's: it costs no flood
 * credit. Charged at 10 reply lines a line, it held the user's first line
 * for 145 s at the default rate; here it must reach the room within the
 * harness's wait. */
static void
big_motd_is_whole_and_free(void **state)
{
	char path[] = "/tmp/forkd-motd-XXXXXX";
	int fd = mkstemp(path), i, lines = 0;
	FILE *f;
	const char *l;
	Srv s2;
	Cli *a, *b;

	(void)state;
	assert_true(fd >= 0 && (f = fdopen(fd, "w")));
	for (i = 0; i < 3000; i++)	/* 11 bytes a line: 16384 is mid-é */
		fputs("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\n", f);
	fputs("the end\n", f);
	fclose(f);
	srv_start(&s2, NULL, "--motd", path, NULL);	/* default flood */
	b = cli_login(&s2, "hearer");
	a = cli_connect(&s2);
	cli_send(a, "NICK newcomer");
	cli_send(a, "USER n 0 * :n");
	while ((l = cli_line(a, wait_ms())) && !strstr(l, " 376 "))
		if (strstr(l, " 372 newcomer :- "))
			lines++;
	assert_non_null(l);
	assert_int_equal(lines, 3001);
	EXPECT(b, ":newcomer!~n@127.0.0.1 JOIN #lobby");
	cli_send(a, "PRIVMSG #lobby :first words");
	EXPECT(b, ":newcomer!~n@127.0.0.1 PRIVMSG #lobby :first words");
	cli_close(a), cli_close(b);
	srv_stop(&s2);
	unlink(path);
}

static void
big_names_list_is_split(void **state)
{
	Srv *srv = *state;
	Cli *c[40];
	char nick[32];
	const char *l;
	int i, lines = 0, names = 0;

	srv_stop(srv);		/* 40 from one address: lift the limit */
	srv_start(srv, NULL, "--per-ip", "0", NULL);
	for (i = 0; i < 40; i++) {
		snprintf(nick, sizeof(nick), "a_rather_long_nickname_%02d", i);
		c[i] = cli_login(srv, nick);
	}
	cli_send(c[0], "NAMES #lobby");
	while ((l = cli_line(c[0], wait_ms())) && !strstr(l, " 366 ")) {
		if (!strstr(l, " 353 "))
			continue;
		assert_true(strlen(l) <= 510);
		lines++;
		for (l = strstr(l, " :"); (l = strstr(l, "a_rather")); l++)
			names++;
	}
	assert_true(lines >= 2);
	assert_int_equal(names, 40);
	for (i = 0; i < 40; i++)
		cli_close(c[i]);
}

/* Every command is found whatever its case (RFC 2812 2.3: commands are
 * case-blind): the server looks them up by a binary search of a sorted
 * table, which a name out of order would hide. Each gets an answer that
 * is not 421, before the PONG that follows it. */
static void
every_command_is_known_in_any_case(void **state)
{
	static const char *const names[] = {
		"away", "Cap", "ison", "join", "list", "lusers", "mode",
		"motd", "names", "nick", "notice", "part", "pass", "ping",
		"pong", "privmsg", "stats", "time", "topic", "user",
		"userhost", "version", "who", "whois",
	};
	Cli *a = cli_login(*state, "cased");
	const char *l;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cli_send(a, "%s", names[i]);
		cli_send(a, "PING :after-%zu", i);
		while ((l = cli_line(a, wait_ms())) && !strstr(l, "PONG "))
			if (strstr(l, " 421 "))
				fail_msg("%s: %s", names[i], l);
		assert_non_null(l);
	}
	cli_send(a, "qUiT :bye");
	EXPECT(a, "ERROR :Closing Link: ");
	cli_close(a);
}

/* A count and its noun agree in what people read: replies (LUSERS,
 * STATS p) and the server's log, for one and for two. */
static void
counts_agree_with_their_nouns(void **state)
{
	Srv s;
	Cli *a, *b, *full;

	(void)state;
	srv_start(&s, NULL, "-m", "1", NULL);
	assert_non_null(srv_log_wait(&s, "(room #lobby, up to 1 user)",
	                             wait_ms()));
	a = cli_login(&s, "single");
	cli_send(a, "LUSERS");
	EXPECT(a, " 251 single :There is 1 user and 0 invisible on 1 server");
	EXPECT(a, " 254 single 1 :channel formed");
	EXPECT(a, " 255 single :I have 1 client and 0 servers");
	cli_send(a, "STATS p");
	EXPECT(a, " 249 single p :lock: free, 0 waiting; taken ");
	EXPECT(a, " 249 single p :processes: 1 client (1 registered) in 1 "
	       "slot; ");
	full = cli_connect(&s);
	assert_true(cli_wait_eof(full, wait_ms()));
	cli_close(full);
	assert_non_null(srv_log_wait(&s, "refused 127.0.0.1: server full "
	                             "(1 user)", wait_ms()));
	cli_close(a);
	srv_stop(&s);

	srv_start(&s, NULL, "--per-ip", "1", NULL);
	a = cli_login(&s, "first");
	full = cli_connect(&s);
	assert_true(cli_wait_eof(full, wait_ms()));
	cli_close(full);
	assert_non_null(srv_log_wait(&s, "refused 127.0.0.1: more than 1 "
	                             "connection\n", wait_ms()));
	cli_close(a);
	srv_stop(&s);

	srv_start(&s, NULL, "--per-ip", "0", NULL);
	a = cli_login(&s, "one"), b = cli_login(&s, "two");
	cli_send(a, "LUSERS");
	EXPECT(a, " 251 one :There are 2 users and 0 invisible on 1 server");
	EXPECT(a, " 255 one :I have 2 clients and 0 servers");
	cli_close(a), cli_close(b);
	srv_stop(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) SRV_TEST(f)
		T(what_irssi_sends_after_join),
		T(whois_userhost_ison),
		T(away_is_shown_to_whoever_writes),
		T(anyone_in_the_room_sets_the_topic),
		T(server_questions),
		cmocka_unit_test(motd_from_a_file),
		cmocka_unit_test(big_motd_is_whole_and_free),
		T(big_names_list_is_split),
		cmocka_unit_test(counts_agree_with_their_nouns),
		T(every_command_is_known_in_any_case),
	};
	return cmocka_run_group_tests_name("commands", tests, NULL, NULL);
}
