/* test-proto.c: protocol faults other servers' users reported, replayed on
 * forkd-server as kinds: NOTICE draws no automatic reply on any path
 * (RFC 2812 3.3.2); any CAP before registration holds it until CAP END
 * (IRCv3 capability negotiation); every query ends with its end numeric
 * whatever its parameters; lists, masks and targets in their RFC 2812
 * forms; no 331 on JOIN; list replies split at 512 bytes between names;
 * a name the client gave comes back as a valid middle parameter or '*'.
 *
 * answer() sends one line and a PING right after it, and returns all that
 * came back before the PONG: so "no reply" is a fact, not a timeout. */
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
#include "irc.h"
#include "nick.h"

/* Without flood control: these tests ask many questions in a row. */
static int
quick_setup(void **state)
{
	static Srv srv;

	srv_start(&srv, NULL, "--no-flood", "--per-ip", "0", NULL);
	*state = &srv;
	return 0;
}

#define QUICK_TEST(f) cmocka_unit_test_setup_teardown(f, quick_setup, \
                                                      srv_teardown)

#define LONGNAME "a.server.name.of.sixty.three.bytes.for.the.longest." \
                 "line.example"
#define LONGNICK "Nick_of_thirty_bytes_long_01"

/* The lines c received in answer to line, each ending in '\n'. */
static const char *
answer(Cli *c, const char *line)
{
	static char buf[1 << 16];
	static int n;
	char mark[128];
	const char *l;
	size_t len = 0;

	snprintf(mark, sizeof(mark), " PONG %s :answer-%d",
	         strstr(c->nick, "Nick_") ? LONGNAME : "forkd", ++n);
	cli_send(c, "%s", line);
	cli_send(c, "PING :answer-%d", n);
	buf[0] = '\0';
	while ((l = cli_line(c, wait_ms())) && !strstr(l, mark))
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s\n",
		                        l);
	if (!l)
		fail_msg("%s: no PONG after '%s' (got: %s)", c->nick, line,
		         buf);
	return buf;
}

#define ANSWER_HAS(c, line, text) do { \
	const char *a_ = answer((c), (line)); \
	if (!strstr(a_, (text))) \
		fail_msg("'%s' got no '%s' in:\n%s", (line), (text), a_); \
	} while (0)
#define ANSWER_IS(c, line, text) do { \
	const char *a_ = answer((c), (line)); \
	if (strcmp(a_, (text))) \
		fail_msg("'%s' got:\n%s\nnot:\n%s", (line), a_, (text)); \
	} while (0)

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

static void
notice_draws_no_reply_on_any_path(void **state)
{
	static const char bad[] = "NOTICE away1 :\xff\xfe\r\n";
	static const char bare_cr[] = "NOTICE #lobby :a\rb\r\n";
	static const char nul[] = ":x notice #lobby :a\0b\r\n";
	Srv *srv = *state;
	Cli *a = cli_connect(srv), *b;

	/* before registration: no 451 */
	snprintf(a->nick, sizeof(a->nick), "early");
	ANSWER_IS(a, "NOTICE someone :hi", "");
	ANSWER_IS(a, "NOTICE", "");
	cli_send(a, "NICK noticer");
	cli_send(a, "USER n 0 * :n");
	EXPECT(a, " 366 noticer ");
	snprintf(a->nick, sizeof(a->nick), "noticer");
	b = cli_login(srv, "away1");
	EXPECT(a, ":away1!~tester@127.0.0.1 JOIN #lobby");
	cli_send(b, "AWAY :out");
	EXPECT(b, " 306 ");
	/* every error path of the message handlers */
	ANSWER_IS(a, "NOTICE absentnick :hi", "");		/* 401 */
	ANSWER_IS(a, "NOTICE #nochan :hi", "");		/* 403 */
	ANSWER_IS(a, "NOTICE absentnick :", "");		/* 412 */
	ANSWER_IS(a, "NOTICE absentnick", "");		/* 412 */
	ANSWER_IS(a, "NOTICE", "");				/* 411 */
	ANSWER_IS(a, "NOTICE :", "");				/* 411 */
	ANSWER_IS(a, "NOTICE , :hi", "");			/* 411 */
	ANSWER_IS(a, "NOTICE a,b,c,d,e :hi", "");		/* 401, 407 */
	ANSWER_IS(a, "NOTICE away1 :are you there", "");	/* 301 */
	EXPECT(b, "NOTICE away1 :are you there");
	cli_send_raw(a, bad, sizeof(bad) - 1);			/* 400 */
	cli_send_raw(a, bare_cr, sizeof(bare_cr) - 1);	/* malformed */
	cli_send_raw(a, nul, sizeof(nul) - 1);		/* malformed */
	ANSWER_IS(a, "NOTICE away1 :after", "");
	EXPECT(b, "NOTICE away1 :after");
	cli_send(a, "PART #lobby");
	EXPECT(a, " PART #lobby");
	ANSWER_IS(a, "NOTICE #lobby :not in it", "");		/* 404 */
	/* a PRIVMSG still hears of its errors */
	ANSWER_HAS(a, "PRIVMSG absentnick :hi", " 401 noticer absentnick ");
	ANSWER_HAS(a, "PRIVMSG #lobby :hi", " 404 noticer #lobby ");
	cli_close(a), cli_close(b);
}

/* How many lines with text c reads before one with mark. */
static int
lines_until(Cli *c, const char *mark, const char *text)
{
	const char *l;
	int n = 0;

	while ((l = cli_line(c, wait_ms())) && !strstr(l, mark))
		n += strstr(l, text) != NULL;
	if (!l)
		fail_msg("%s: no '%s'", c->nick, mark);
	return n;
}

/* Found by a hostile test: an empty mode string asks, a space in one is
 * no flag; a target named twice gets the line once; our PART comes
 * before the 442 for the same room named again. */
static void
modes_duplicates_and_part_order(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "moder"), *b = cli_login(srv, "twice");
	const char *got;

	EXPECT(a, ":twice!~tester@127.0.0.1 JOIN #lobby");
	ANSWER_HAS(a, "MODE #lobby :", " 324 moder #lobby +nt");
	ANSWER_HAS(a, "MODE moder :", " 221 moder +");
	got = answer(a, "MODE moder :+i x");
	assert_int_equal(count(got, " 501 "), 1);	/* x, not the space */
	got = answer(a, "PRIVMSG twice,TWICE,twice :once");
	assert_null(strstr(got, " 40"));
	cli_send(a, "PRIVMSG twice :end-mark");
	assert_int_equal(lines_until(b, "end-mark", "PRIVMSG twice :once"), 1);
	answer(a, "PRIVMSG #lobby,#LOBBY :room once");
	cli_send(a, "PRIVMSG #lobby :end-mark2");
	assert_int_equal(lines_until(b, "end-mark2",
	                             "PRIVMSG #lobby :room once"), 1);
	got = answer(a, "PART #lobby,#lobby");
	assert_non_null(strstr(got, " PART #lobby"));
	assert_non_null(strstr(got, " 442 "));
	assert_true(strstr(got, " PART #lobby") < strstr(got, " 442 "));
	cli_close(a), cli_close(b);
}

/* A command whose echo comes back through the relay's log (TOPIC, NICK,
 * PART, JOIN, a line to oneself) has it before the replies to anything
 * sent after it, all in one write: the TOPIC and NICK echoes came after
 * the 332 and the WHOIS (already as the new nick) and after the PONG. */
static void
own_echoes_come_before_later_replies(void **state)
{
	static const char burst[] =
	    "TOPIC #lobby :new topic\r\nTOPIC #lobby\r\n"
	    "NICK inline2\r\nWHOIS inline2\r\n"
	    "PRIVMSG inline2 :to myself\r\nNOTICE inline2 :noted\r\n"
	    "PART #lobby\r\nJOIN #lobby\r\nPING :after\r\n";
	static const char *const order[] = {
	    ":inline!~tester@127.0.0.1 TOPIC #lobby :new topic",
	    ":forkd 332 inline #lobby :new topic", ":forkd 333 inline ",
	    ":inline!~tester@127.0.0.1 NICK :inline2",
	    ":forkd 311 inline2 inline2 ", ":forkd 318 inline2 inline2 ",
	    ":inline2!~tester@127.0.0.1 PRIVMSG inline2 :to myself",
	    ":inline2!~tester@127.0.0.1 NOTICE inline2 :noted",
	    ":inline2!~tester@127.0.0.1 PART #lobby",
	    ":inline2!~tester@127.0.0.1 JOIN #lobby",
	    ":forkd 366 inline2 #lobby ", "PONG forkd :after",
	};
	Srv *srv = *state;
	Cli *a = cli_login(srv, "inline"), *b = cli_login(srv, "looker");
	const char *l;
	size_t i = 0;

	EXPECT(a, ":looker!~tester@127.0.0.1 JOIN #lobby");
	cli_send_raw(a, burst, sizeof(burst) - 1);
	while (i < LEN(order) && (l = cli_line(a, wait_ms())))
		if (strstr(l, order[i]))
			i++;
		else if (strstr(l, "PONG "))
			fail_msg("the PONG came before '%s'", order[i]);
	if (i < LEN(order))
		fail_msg("no '%s' after the ones before it", order[i]);
	EXPECT(b, ":inline2!~tester@127.0.0.1 JOIN #lobby");
	cli_close(a), cli_close(b);
}

/* One subcommand opens negotiation; NICK and USER then wait for END. */
static void
cap_holds(Srv *srv, const char *cap, const char *reply)
{
	static int n;
	Cli *c = cli_connect(srv);
	char want[96];
	const char *l;

	snprintf(c->nick, sizeof(c->nick), "capper%d", ++n);
	cli_send(c, "%s", cap);
	cli_send(c, "NICK %s", c->nick);
	cli_send(c, "USER c 0 * :c");
	l = answer(c, "PING :probe");
	if (strstr(l, " 001 ") || (reply && !strstr(l, reply)))
		fail_msg("after '%s', NICK and USER got:\n%s", cap, l);
	cli_send(c, "CAP END");
	snprintf(want, sizeof(want), " 001 %s ", c->nick);
	EXPECT(c, want);
	cli_send(c, "QUIT");	/* gone before the next one comes */
	assert_true(cli_wait_eof(c, wait_ms()));
	cli_close(c);
}

static void
cap_any_subcommand_holds_registration(void **state)
{
	Srv *srv = *state;
	Cli *c, *u;

	cap_holds(srv, "CAP LS 302", "CAP * LS :");
	cap_holds(srv, "CAP REQ :multi-prefix", "CAP * NAK :multi-prefix");
	cap_holds(srv, "CAP LIST", "CAP * LIST :");
	cap_holds(srv, "CAP REQ :sasl -away-notify", "NAK :sasl -away-notify");
	/* a nick lost at registration (taken meanwhile) is no longer ours:
	 * CAP replies say '*', as the numerics do */
	c = cli_connect(srv);
	snprintf(c->nick, sizeof(c->nick), "loser");
	cli_send(c, "NICK twice");
	ANSWER_IS(c, "CAP LS", ":forkd CAP twice LS :\n");
	u = cli_login(srv, "twice");
	cli_send(c, "USER t 0 * :t");
	cli_send(c, "CAP END");
	EXPECT(c, ":forkd 433 * twice :Nickname is already in use");
	cli_close(u);
	/* gone before "capped" comes, or its QUIT may reach "capped"
	 * before the CAP answer (seen once under SAN=1) */
	assert_non_null(srv_log_wait(srv, "leave twice", wait_ms()));
	ANSWER_IS(c, "CAP LS", ":forkd CAP * LS :\n");
	ANSWER_IS(c, "CAP REQ :a", ":forkd CAP * NAK :a\n");
	cli_close(c);
	/* after registration CAP holds nothing */
	c = cli_login(srv, "capped");
	ANSWER_IS(c, "CAP LS", ":forkd CAP capped LS :\n");
	ANSWER_IS(c, "CAP REQ :echo-message",
	          ":forkd CAP capped NAK :echo-message\n");
	cli_close(c);
}

static void
every_query_ends_with_its_end_numeric(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "asker"), *b = cli_login(srv, "known");
	const char *r;

	EXPECT(a, ":known!~tester@127.0.0.1 JOIN #lobby");

	/* LIST */
	ANSWER_HAS(a, "LIST ,", " 323 asker :End of LIST");
	r = answer(a, "LIST #x");
	assert_null(strstr(r, " 322 "));
	assert_non_null(strstr(r, " 323 asker :End of LIST"));
	ANSWER_HAS(a, "LIST :", " 322 asker #lobby 2 :");
	/* ISON and USERHOST always answer, with what they found */
	ANSWER_IS(a, "ISON :", ":forkd 303 asker :\n");
	ANSWER_IS(a, "ISON ,", ":forkd 303 asker :\n");
	ANSWER_IS(a, "ISON nobody", ":forkd 303 asker :\n");
	ANSWER_IS(a, "ISON", ":forkd 461 asker ISON :Not enough "
	          "parameters\n");
	ANSWER_IS(a, "USERHOST :", ":forkd 302 asker :\n");
	ANSWER_IS(a, "USERHOST ,", ":forkd 302 asker :\n");
	ANSWER_IS(a, "USERHOST nobody", ":forkd 302 asker :\n");
	ANSWER_IS(a, "USERHOST", ":forkd 461 asker USERHOST :Not enough "
	          "parameters\n");
	/* LUSERS, with its optional mask */
	ANSWER_HAS(a, "LUSERS :", " 266 asker ");
	ANSWER_HAS(a, "LUSERS *", " 266 asker ");
	cli_close(a), cli_close(b);
}

static void
who_whois_names_end_with_their_numeric(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "asker"), *b = cli_login(srv, "known");
	const char *r;

	EXPECT(a, ":known!~tester@127.0.0.1 JOIN #lobby");
	/* WHOIS: empty, a lone comma, gaps, only unknown names, a list */
	ANSWER_IS(a, "WHOIS :", ":forkd 431 asker :No nickname given\n");
	ANSWER_IS(a, "WHOIS ,", ":forkd 431 asker :No nickname given\n");
	ANSWER_IS(a, "WHOIS ,,", ":forkd 431 asker :No nickname given\n");
	ANSWER_IS(a, "WHOIS forkd ,", ":forkd 431 asker :No nickname "
	          "given\n");
	r = answer(a, "WHOIS nobody1,,nobody2");
	assert_int_equal(count(r, " 401 asker nobody"), 2);
	assert_non_null(strstr(r, " 318 asker nobody2 :End of WHOIS"));
	r = answer(a, "WHOIS known,nobody");
	assert_non_null(strstr(r, " 311 asker known "));
	assert_non_null(strstr(r, " 401 asker nobody "));
	assert_int_equal(count(r, " 318 "), 2);
	ANSWER_IS(a, "WHOIS kn*", ":forkd 401 asker kn* :No such "
	          "nick/channel\n:forkd 318 asker kn* :End of WHOIS list\n");
	/* WHO */
	ANSWER_IS(a, "WHO ,", ":forkd 315 asker , :End of WHO list\n");
	ANSWER_HAS(a, "WHO :", " 315 asker * :End of WHO list");
	ANSWER_IS(a, "WHO nobody", ":forkd 315 asker nobody :End of WHO "
	          "list\n");
	ANSWER_IS(a, "WHO #x,#lobby", ":forkd 315 asker #x,#lobby :End of "
	          "WHO list\n");
	/* NAMES */
	ANSWER_IS(a, "NAMES ,", ":forkd 366 asker * :End of NAMES list\n");
	ANSWER_IS(a, "NAMES ,,", ":forkd 366 asker * :End of NAMES list\n");
	ANSWER_HAS(a, "NAMES :", " 366 asker #lobby :End of NAMES list");
	ANSWER_IS(a, "NAMES #x", ":forkd 366 asker #x :End of NAMES list\n");
	cli_close(a), cli_close(b);
}

static void
names_takes_a_channel_list(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "lister"), *b;

	/* RFC 2812 3.2.5: one 353/366 per channel; none exists but ours */
	ANSWER_IS(a, "NAMES #lobby,#other",
	          ":forkd 353 lister = #lobby :lister\n"
	          ":forkd 366 lister #lobby :End of NAMES list\n"
	          ":forkd 366 lister #other :End of NAMES list\n");
	ANSWER_IS(a, "NAMES #other,#LOBBY,",
	          ":forkd 366 lister #other :End of NAMES list\n"
	          ":forkd 353 lister = #lobby :lister\n"
	          ":forkd 366 lister #lobby :End of NAMES list\n");
	ANSWER_IS(a, "NAMES #lobby elsewhere.net",
	          ":forkd 402 lister elsewhere.net :No such server\n");
	/* no channel: the room's, then those in no room as channel "*" */
	b = cli_login(srv, "outside");
	EXPECT(a, ":outside!~tester@127.0.0.1 JOIN #lobby");
	cli_send(b, "PART #lobby");
	EXPECT(a, ":outside!~tester@127.0.0.1 PART #lobby");
	ANSWER_IS(a, "NAMES", ":forkd 353 lister = #lobby :lister\n"
	          ":forkd 366 lister #lobby :End of NAMES list\n"
	          ":forkd 353 lister * * :outside\n"
	          ":forkd 366 lister * :End of NAMES list\n");
	cli_close(a), cli_close(b);
}

/* RFC 2812 3.6.1: the mask meets nick, host, server and real name; "o"
 * asks for operators, and there are none. */
static void
who_masks_in_rfc_forms(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "seeker"), *b = cli_login(srv, "found");
	const char *r;

	EXPECT(a, ":found!~tester@127.0.0.1 JOIN #lobby");
	ANSWER_IS(a, "WHO * o", ":forkd 315 seeker * :End of WHO list\n");
	ANSWER_IS(a, "WHO #lobby o", ":forkd 315 seeker #lobby :End of WHO "
	          "list\n");
	r = answer(a, "WHO 127.0.0.*");			/* host */
	assert_int_equal(count(r, " 352 "), 2);
	r = answer(a, "WHO fork?");			/* server */
	assert_int_equal(count(r, " 352 "), 2);
	r = answer(a, "WHO :*user f*");			/* real name */
	assert_int_equal(count(r, " 352 "), 1);
	assert_non_null(strstr(r, " found H :0 Test user found"));
	r = answer(a, "WHO FOUND");			/* nick */
	assert_int_equal(count(r, " 352 "), 1);
	cli_close(a), cli_close(b);
}

static void
list_takes_a_channel_list(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "lister");
	const char *r;

	/* RFC 2812 3.2.6: the channels named, and only those */
	r = answer(a, "LIST #a,#b");
	assert_null(strstr(r, " 322 "));
	assert_non_null(strstr(r, " 323 lister :End of LIST"));
	r = answer(a, "LIST #a,#lobby,#b");
	assert_int_equal(count(r, " 322 "), 1);
	assert_non_null(strstr(r, " 322 lister #lobby 1 :"));
	assert_non_null(strstr(r, " 323 lister :End of LIST"));
	cli_close(a);
}

static void
message_targets_in_rfc_forms(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "sender"), *b = cli_login(srv, "rcpt1"),
	    *c = cli_login(srv, "rcpt2");
	const char *r;

	EXPECT(a, ":rcpt2!~tester@127.0.0.1 JOIN #lobby");
	EXPECT(b, ":rcpt2!~tester@127.0.0.1 JOIN #lobby");

	/* a list: each gets it, addressed to itself */
	ANSWER_IS(a, "PRIVMSG rcpt1,rcpt2 :to both", "");
	EXPECT(b, ":sender!~tester@127.0.0.1 PRIVMSG rcpt1 :to both");
	EXPECT(c, ":sender!~tester@127.0.0.1 PRIVMSG rcpt2 :to both");
	/* 005 says MAXTARGETS=4: the fifth gets 407 and is not sent to */
	r = answer(a, "PRIVMSG rcpt1,x1,x2,x3,rcpt2 :five");
	assert_int_equal(count(r, " 401 sender x"), 3);
	assert_non_null(strstr(r, " 407 sender rcpt2 :"));
	EXPECT(b, "PRIVMSG rcpt1 :five");
	cli_send(a, "PRIVMSG rcpt2 :after five");
	r = cli_expect(c, "PRIVMSG rcpt2 :", wait_ms());
	assert_non_null(r);
	assert_non_null(strstr(r, ":after five"));
	/* a target list with no target in it */
	ANSWER_IS(a, "PRIVMSG , :x", ":forkd 411 sender :No recipient given "
	          "(PRIVMSG)\n");
	ANSWER_IS(a, "PRIVMSG ,, :x", ":forkd 411 sender :No recipient given "
	          "(PRIVMSG)\n");
	/* channel lists for JOIN and PART: at least one channel */
	ANSWER_IS(a, "JOIN ,", ":forkd 461 sender JOIN :Not enough "
	          "parameters\n");
	ANSWER_IS(a, "PART ,", ":forkd 461 sender PART :Not enough "
	          "parameters\n");
	cli_close(a), cli_close(b), cli_close(c);
}

/* [target] parameters: this server, by name or mask, or a user on it;
 * anything else is a server we do not know (402). */
static void
server_targets_that_are_not_us_get_402(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "remote");
	static const char *const asks[] = {
		"VERSION %s", "TIME %s", "MOTD %s", "LUSERS * %s",
		"LIST #lobby %s", "PING x %s", "WHOIS %s remote",
		"NAMES #lobby %s", "STATS u %s",
	};
	char line[128];
	size_t i;

	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		snprintf(line, sizeof(line), asks[i], "irc.elsewhere.net");
		ANSWER_IS(a, line, ":forkd 402 remote irc.elsewhere.net :No "
		          "such server\n");
		snprintf(line, sizeof(line), asks[i], "FORKD");
		ANSWER_HAS(a, line, i == 5 ? "PONG forkd :x" : ":forkd ");
		snprintf(line, sizeof(line), asks[i], "f*");
		if (strstr(answer(a, line), " 402 "))
			fail_msg("'%s' got 402", line);
		snprintf(line, sizeof(line), asks[i], "remote");
		if (strstr(answer(a, line), " 402 "))
			fail_msg("'%s' got 402", line);
	}
	cli_close(a);
}

static void
join_without_topic_sends_no_331(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_connect(srv);
	const char *l;

	cli_send(a, "NICK fresh");
	cli_send(a, "USER f 0 * :f");
	EXPECT(a, ":fresh!~f@127.0.0.1 JOIN #lobby");
	l = cli_line(a, wait_ms());	/* straight to the names */
	assert_non_null(l);
	assert_non_null(strstr(l, " 353 fresh = #lobby :fresh"));
	cli_send(a, "PART #lobby");
	EXPECT(a, " PART #lobby");
	cli_send(a, "JOIN #lobby");
	EXPECT(a, ":fresh!~f@127.0.0.1 JOIN #lobby");
	l = cli_line(a, wait_ms());
	assert_non_null(l);
	assert_non_null(strstr(l, " 353 fresh = #lobby :fresh"));
	EXPECT(a, " 366 fresh #lobby ");
	/* 331 stays the answer to a question */
	ANSWER_IS(a, "TOPIC #lobby", ":forkd 331 fresh #lobby :No topic is "
	          "set\n");
	cli_close(a);
}

/* Every line of r is at most 510 bytes; returns how many there are. */
static int
lines_fit(const char *r)
{
	const char *nl;
	int n = 0;

	for (; (nl = strchr(r, '\n')); r = nl + 1, n++)
		if (nl - r > 510)
			fail_msg("a line of %d bytes: %.*s", (int)(nl - r),
			         (int)(nl - r), r);
	return n;
}

static void
list_replies_split_at_512_without_cutting_a_name(void **state)
{
	Srv *srv = *state;
	char line[600], want[128];
	const char *r, *l;
	Cli *a, *b;
	int n;

	srv_stop(srv);
	srv_start(srv, NULL, "--no-flood", "--name", LONGNAME, NULL);
	a = cli_connect(srv);
	/* 005 with a long NETWORK= */
	cli_send(a, "NICK " LONGNICK "xy");
	cli_send(a, "USER u 0 * :u");
	n = 0;
	while ((l = cli_line(a, wait_ms())) && !strstr(l, " 251 ")) {
		if (!strstr(l, " 005 "))
			continue;
		assert_true(strlen(l) <= 510);
		assert_non_null(strstr(l, " :are supported by this server"));
		n++;
	}
	assert_true(n >= 1);
	EXPECT(a, " 366 ");
	snprintf(a->nick, sizeof(a->nick), LONGNICK "xy");
	b = cli_login(srv, LONGNICK "zz");
	EXPECT(a, ":" LONGNICK "zz!~tester@127.0.0.1 JOIN #lobby");
	/* ISON with one nick many times: each answer whole, none cut */
	n = snprintf(line, sizeof(line), "ISON");
	while (n + 1 + (int)strlen(LONGNICK "zz") < 510)
		n += snprintf(line + n, sizeof(line) - (size_t)n,
		              " " LONGNICK "zz");
	r = answer(a, line);
	n = lines_fit(r);
	assert_true(n >= 2);
	assert_int_equal(count(r, " 303 "), n);
	assert_int_equal(count(r, LONGNICK "zz"), count(line, LONGNICK "zz"));
	/* no piece of a nick: each Nick_ is a whole one (or the addressee) */
	assert_int_equal(count(r, "Nick_"), count(r, LONGNICK "zz") + n);
	/* USERHOST: at most five, all whole */
	snprintf(line, sizeof(line), "USERHOST %s %s %s %s %s %s",
	         LONGNICK "zz", LONGNICK "xy", LONGNICK "zz", LONGNICK "xy",
	         LONGNICK "zz", LONGNICK "xy");
	r = answer(a, line);
	lines_fit(r);
	snprintf(want, sizeof(want), "%s=+~tester@127.0.0.1", LONGNICK "zz");
	assert_int_equal(count(r, want), 3);
	snprintf(want, sizeof(want), "%s=+~u@127.0.0.1", LONGNICK "xy");
	assert_int_equal(count(r, want), 2);
	cli_close(a), cli_close(b);
}

#define LONGROOM "#a_room_whose_name_is_fifty_bytes_long_0123456789"

/* 353: a 63-byte server name, a 50-byte room, 30-byte nicks */
static void
names_split_at_512_with_long_names(void **state)
{
	Srv *srv = *state;
	Cli *c[18];
	char nick[NICK_MAX + 1], want[600];
	const char *r, *l;
	int i;

	srv_stop(srv);
	srv_start(srv, NULL, "--no-flood", "--per-ip", "0", "--name",
	          LONGNAME, "-r", LONGROOM, NULL);
	for (i = 0; i < 18; i++) {
		snprintf(nick, sizeof(nick), "%.27s_%02d", LONGNICK, i);
		c[i] = cli_login(srv, nick);
	}
	snprintf(want, sizeof(want), ":%.27s_17!~tester@127.0.0.1 JOIN "
	         LONGROOM, LONGNICK);
	EXPECT(c[0], want);
	snprintf(c[0]->nick, sizeof(c[0]->nick), "Nick_0");
	r = answer(c[0], "NAMES " LONGROOM);
	assert_true(lines_fit(r) >= 3);
	assert_true(count(r, " 353 ") >= 2);
	assert_int_equal(count(r, " 366 "), 1);
	for (i = 0; i < 18; i++) {
		snprintf(want, sizeof(want), "%.27s_%02d", LONGNICK, i);
		if (!(l = strstr(r, want)) || !strchr(" \n", l[strlen(want)]))
			fail_msg("no whole '%s' in\n%s", want, r);
	}
	/* each nick once as a name, once per line as the addressee */
	assert_int_equal(count(r, "Nick_"), 18 + count(r, "\n"));
	for (i = 0; i < 18; i++)
		cli_close(c[i]);
}

/* A MOTD line longer than one 372 holds: continued in the next, broken
 * between words (or on a character for one word too long), nothing lost. */
static void
long_motd_lines_are_continued_not_cut(void **state)
{
	char path[] = "/tmp/forkd-motd-XXXXXX", text[2600], *p, got[4096];
	const char *r, *l, *nl;
	Srv *srv = *state;
	size_t n = 0;
	Cli *a;
	int fd, i, part;

	for (i = 0; i < 120; i++)	/* 120 words of 1 to 9 bytes */
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%sw%0*d",
		                      i ? " " : "", i % 9, i);
	n += (size_t)snprintf(text + n, sizeof(text) - n, "\n\n");
	for (i = 0; i < 600; i++)	/* one word of 600 bytes: 200 x 中 */
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s",
		                      i % 3 ? "" : "\xe4\xb8\xad");
	assert_true((fd = mkstemp(path)) >= 0);
	assert_true(write(fd, text, n) == (ssize_t)n);
	close(fd);
	srv_stop(srv);
	srv_start(srv, NULL, "--no-flood", "--name", LONGNAME, "--motd", path,
	          NULL);
	a = cli_login(srv, LONGNICK "mo");
	snprintf(a->nick, sizeof(a->nick), "Nick_motd");
	r = answer(a, "MOTD");
	unlink(path);
	assert_true(lines_fit(r) >= 5);
	/* the 372 texts joined again give the file back: the pieces of
	 * the first line with a space where they broke, an empty line, the
	 * pieces of the long word with nothing between them */
	got[0] = '\0';
	part = 0;
	for (l = r; (l = strstr(l, " 372 ")); l = nl) {
		l = strstr(l, ":- ") + 3;
		nl = strchr(l, '\n');
		if (nl == l)
			part = 2, strcat(got, "\n\n");
		else if (part == 1)
			strcat(got, " ");
		else if (part == 0)
			part = 1;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%.*s",
		         (int)(nl - l), l);
	}
	p = text + strlen(text);
	while (p > text && p[-1] == '\n')
		*--p = '\0';
	assert_string_equal(got, text);
	assert_int_equal(count(r, "\xe4\xb8\xad"), 200);
	cli_close(a);
}

/* RFC 2812 2.3.1: the parameters a numeric has (the nick it is
 * addressed to, the middles, the text after ':'); 0: not checked. */
static int
numeric_params(int n)
{
	static const int three[] = { 219, 315, 318, 366, 400, 401, 402, 403,
	                             407, 410, 421, 432, 461 };
	size_t i;

	for (i = 0; i < sizeof(three) / sizeof(three[0]); i++)
		if (n == three[i])
			return 3;
	return 0;
}

/* Every line of r has the shape of its numeric: as many parameters as
 * RFC 2812 gives it, its text after a ':', no middle empty (an empty
 * middle is no parameter at all: "219 me  :End" reads as 2). */
static void
shapes_ok(const char *line, const char *r)
{
	char buf[IRC_LINE_MAX + 1];
	const char *nl;
	Msg m;
	int want;

	for (; (nl = strchr(r, '\n')); r = nl + 1) {
		snprintf(buf, sizeof(buf), "%.*s", (int)(nl - r), r);
		if (irc_parse(buf, strlen(buf), &m) < 0)
			fail_msg("'%s' got a malformed line: %.*s", line,
			         (int)(nl - r), r);
		want = numeric_params(atoi(m.cmd));
		if (want && (m.nparams != want || !strstr(r, " :") ||
		             strstr(r, " :") > nl))
			fail_msg("'%s' got %d parameters, not %d: %.*s", line,
			         m.nparams, want, (int)(nl - r), r);
	}
}

/* The answer to line is exactly want, and every line of it has its
 * numeric's shape. */
static void
echo_is(Cli *c, const char *line, const char *want)
{
	const char *a = answer(c, line);

	shapes_ok(line, a);
	if (strcmp(a, want))
		fail_msg("'%s' got:\n%s\nnot:\n%s", line, a, want);
}

/* A name the client gave, echoed in a middle position of a reply, is a
 * middle (RFC 2812 2.3.1: not empty, no space, not starting with ':'),
 * at most 200 bytes, or '*' (reply_mid). "WHOIS :a b" answered "401 me
 * a b :No such nick" has a client read nick "a" and the text "b". */
static void
echoed_names_are_valid_middles(void **state)
{
	static const struct { const char *line, *want; } asks[] = {
		{ "WHOIS :a b", ":forkd 401 echo * :No such nick/channel\n"
		  ":forkd 318 echo * :End of WHOIS list\n" },
		{ "WHOIS :x,a b,:y", ":forkd 401 echo x :No such nick/channel\n"
		  ":forkd 318 echo x :End of WHOIS list\n"
		  ":forkd 401 echo * :No such nick/channel\n"
		  ":forkd 318 echo * :End of WHOIS list\n"
		  ":forkd 401 echo * :No such nick/channel\n"
		  ":forkd 318 echo * :End of WHOIS list\n" },
		{ "WHO :a b", ":forkd 315 echo * :End of WHO list\n" },
		{ "WHO ::x", ":forkd 315 echo * :End of WHO list\n" },
		{ "STATS :", ":forkd 219 echo * :End of STATS report\n" },
		{ "STATS :p x", ":forkd 219 echo * :End of STATS report\n" },
		{ "STATS u", ":forkd 219 echo u :End of STATS report\n" },
		{ "CAP :x y", ":forkd 410 echo * :Invalid CAP command\n" },
		{ "CAP :REQ :a", ":forkd 410 echo * :Invalid CAP command\n" },
		{ "CAP ::LS", ":forkd 410 echo * :Invalid CAP command\n" },
		{ "CAP REQ :a b", ":forkd CAP echo NAK :a b\n" },
		{ "PRIVMSG nobody,:b :hi", ":forkd 401 echo nobody :No such "
		  "nick/channel\n:forkd 401 echo * :No such nick/channel\n" },
		{ "PRIVMSG #x,:#y :hi", ":forkd 403 echo #x :No such channel: "
		  "this server has one room, #lobby\n"
		  ":forkd 401 echo * :No such nick/channel\n" },
		{ "PRIVMSG a,b,c,d,:e :hi", ":forkd 401 echo a :No such "
		  "nick/channel\n:forkd 401 echo b :No such nick/channel\n"
		  ":forkd 401 echo c :No such nick/channel\n"
		  ":forkd 401 echo d :No such nick/channel\n"
		  ":forkd 407 echo * :Too many recipients (at most 4): not "
		  "sent to these\n" },
		{ "JOIN :#a b", ":forkd 403 echo * :No such channel: this "
		  "server has one room, #lobby\n" },
		{ "JOIN #a,::#b", ":forkd 403 echo #a :No such channel: this "
		  "server has one room, #lobby\n:forkd 403 echo * :No such "
		  "channel: this server has one room, #lobby\n" },
		{ "PART :#a b", ":forkd 403 echo * :No such channel: this "
		  "server has one room, #lobby\n" },
		{ "TOPIC :#a b", ":forkd 403 echo * :No such channel: this "
		  "server has one room, #lobby\n" },
		{ "MODE :#a b", ":forkd 403 echo * :No such channel: this "
		  "server has one room, #lobby\n" },
		{ "NAMES :#a b", ":forkd 366 echo * :End of NAMES list\n" },
		{ "NAMES #a,:b", ":forkd 366 echo #a :End of NAMES list\n"
		  ":forkd 366 echo * :End of NAMES list\n" },
		{ "VERSION :a b", ":forkd 402 echo * :No such server\n" },
		{ "TIME ::x", ":forkd 402 echo * :No such server\n" },
		{ "MOTD :a b", ":forkd 402 echo * :No such server\n" },
		{ "LUSERS * :a b", ":forkd 402 echo * :No such server\n" },
		{ "LIST #x :a b", ":forkd 402 echo * :No such server\n" },
		{ "STATS p :a b", ":forkd 402 echo * :No such server\n" },
		{ "PING x :a b", ":forkd 402 echo * :No such server\n" },
	};
	static const char bad[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    " \xff\r\n";
	Srv *srv = *state;
	Cli *a = cli_login(srv, "echo"), *u = cli_connect(srv);
	char line[400], want[600];
	size_t i;

	for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++)
		echo_is(a, asks[i].line, asks[i].want);
	/* a name over 200 bytes: '*', so the text still fits */
	memset(line, 'A', 300), line[300] = '\0';
	echo_is(a, line, ":forkd 421 echo * :Unknown command\n");
	snprintf(line, sizeof(line), "JOIN #%0250d", 7);
	echo_is(a, line, ":forkd 403 echo * :No such channel: this server "
	        "has one room, #lobby\n");
	snprintf(line, sizeof(line), "WHO %0250d*", 7);
	echo_is(a, line, ":forkd 315 echo * :End of WHO list\n");
	snprintf(line, sizeof(line), "JOIN #%0150d", 7);
	snprintf(want, sizeof(want), ":forkd 403 echo #%0150d :No such "
	         "channel: this server has one room, #lobby\n", 7);
	echo_is(a, line, want);
	cli_send_raw(a, bad, sizeof(bad) - 1);
	echo_is(a, "PING :x", ":forkd 400 echo * :Line is not valid UTF-8, "
	        "ignored (this server speaks UTF-8 only)\n"
	        ":forkd PONG forkd :x\n");
	/* NICK: 432 with '*' for what is no middle, the reason in words */
	snprintf(u->nick, sizeof(u->nick), "unregistered");
	echo_is(u, "NICK :a b", ":forkd 432 * * :Erroneous nickname: "
	        "Nickname has a space, a control or a reserved character "
	        "(a space)\n");
	echo_is(a, "NICK ::x", ":forkd 432 echo * :Erroneous nickname: "
	        "Nickname has a space, a control or a reserved character "
	        "(':')\n");
	echo_is(a, "NICK a:b", ":forkd 432 echo a:b :Erroneous nickname: "
	        "Nickname has a space, a control or a reserved character "
	        "(':')\n");
	echo_is(a, "NICK a.b", ":forkd 432 echo a.b :Erroneous nickname: "
	        "Nickname has a space, a control or a reserved character "
	        "('.')\n");
	echo_is(a, "NICK a\tb", ":forkd 432 echo a\tb :Erroneous nickname: "
	        "Nickname has a space, a control or a reserved character "
	        "(U+0009)\n");
	/* "admin" + U+034F would draw as "admin": named in the reason */
	echo_is(a, "NICK admin\xcd\x8f", ":forkd 432 echo admin\xcd\x8f "
	        ":Erroneous nickname: Nickname has a blank, invisible or "
	        "control character (U+034F)\n");
	cli_close(a), cli_close(u);
}

/* USERHOST and ISON take their nicks as middles, as one trailing, or
 * both (RFC 2812 4.8, 4.9), past the parser's 15 parameters too: the
 * 15th keeps the rest of the line, a trailing's ':' included. ISON
 * answers every nick the line holds, USERHOST the first five. */
static void
space_lists_of_any_length(void **state)
{
	Srv *srv = *state;
	Cli *c[16], *a;
	char nick[16], line[512], want[512];
	const char *r;
	int i;

	for (i = 0; i < 16; i++) {
		snprintf(nick, sizeof(nick), "n%02d", i + 1);
		c[i] = cli_login(srv, nick);
	}
	a = cli_login(srv, "lists");
	/* ISON: 16 middles; 15 and a trailing; one trailing */
	snprintf(want, sizeof(want), ":forkd 303 lists :n01 n02 n03 n04 n05 "
	         "n06 n07 n08 n09 n10 n11 n12 n13 n14 n15 n16\n");
	ANSWER_IS(a, "ISON n01 n02 n03 n04 n05 n06 n07 n08 n09 n10 n11 n12 "
	          "n13 n14 n15 n16", want);
	ANSWER_IS(a, "ISON n01 n02 n03 n04 n05 n06 n07 n08 n09 n10 n11 n12 "
	          "n13 n14 n15 :n16 nobody", want);
	ANSWER_IS(a, "ISON n01 n02 n03 n04 n05 n06 n07 n08 n09 n10 n11 n12 "
	          "n13 n14 :n15 n16", want);
	ANSWER_IS(a, "ISON :n01 n02 n03 n04 n05 n06 n07 n08 n09 n10 n11 n12 "
	          "n13 n14 n15 n16", want);
	ANSWER_IS(a, "ISON : n01 :: n02", ":forkd 303 lists :n01 n02\n");
	/* as many as the line holds: 112 nicks, 16 of them online */
	strcpy(line, "ISON");
	for (i = 0; i < 112; i++)
		snprintf(line + strlen(line), sizeof(line) - strlen(line),
		         i % 7 ? " x%02d" : " n%02d", i / 7 + 1);
	assert_true(strlen(line) < 510);
	r = answer(a, line);
	assert_int_equal(count(r, " 303 "), 1);
	assert_int_equal(count(r, " n"), 15);
	assert_non_null(strstr(r, ":n01 n02 "));
	/* USERHOST: the first five nicks given, however they came */
	r = answer(a, "USERHOST :n01 n02 n03");
	assert_int_equal(count(r, "=+~tester@127.0.0.1"), 3);
	r = answer(a, "USERHOST n01 n02 n03 n04 n05 n06");
	assert_int_equal(count(r, "=+~tester@127.0.0.1"), 5);
	assert_null(strstr(r, "n06="));
	r = answer(a, "USERHOST x y :n01 n02 n03 n04");
	assert_int_equal(count(r, "=+~tester@127.0.0.1"), 3);
	assert_null(strstr(r, "n04="));
	r = answer(a, "USERHOST x01 x02 x03 x04 x05 x06 x07 x08 x09 x10 x11 "
	           "x12 x13 x14 x15 :n01 n02");
	assert_string_equal(r, ":forkd 302 lists :\n");
	r = answer(a, "USERHOST n01 n02 n03 n04 n05 n06 n07 n08 n09 n10 n11 "
	           "n12 n13 n14 n15 n16 n17 n18 n19 n20");
	assert_int_equal(count(r, "=+~tester@127.0.0.1"), 5);
	assert_int_equal(count(r, " 302 "), 1);
	for (i = 0; i < 16; i++)
		cli_close(c[i]);
	cli_close(a);
}

/* A text sent without its ':' is the rest of the line, not its first
 * word (RFC 2812 2.3.1; InspIRCd joins the words as here): for every
 * command whose last parameter is free text. */
static void
text_without_its_colon_is_not_cut_to_a_word(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "wordy"), *b = cli_login(srv, "hearer");

	EXPECT(a, ":hearer!~tester@127.0.0.1 JOIN #lobby");
	cli_send(a, "PRIVMSG hearer hello  private world");
	EXPECT(b, ":wordy!~tester@127.0.0.1 PRIVMSG hearer :hello private "
	       "world");
	cli_send(a, "PRIVMSG #lobby hello room :and all");
	EXPECT(b, ":wordy!~tester@127.0.0.1 PRIVMSG #lobby :hello room and "
	       "all");
	cli_send(a, "NOTICE hearer a notice in words");
	EXPECT(b, ":wordy!~tester@127.0.0.1 NOTICE hearer :a notice in words");
	cli_send(a, "TOPIC #lobby a topic in words");
	EXPECT(b, ":wordy!~tester@127.0.0.1 TOPIC #lobby :a topic in words");
	ANSWER_HAS(a, "AWAY gone for lunch", " 306 wordy ");
	ANSWER_HAS(b, "WHOIS wordy", " 301 hearer wordy :gone for lunch");
	cli_send(a, "PART #lobby off for now");
	EXPECT(b, ":wordy!~tester@127.0.0.1 PART #lobby :off for now");
	cli_send(a, "JOIN #lobby");
	EXPECT(b, ":wordy!~tester@127.0.0.1 JOIN #lobby");
	cli_send(a, "QUIT see you all");
	EXPECT(b, ":wordy!~tester@127.0.0.1 QUIT :Quit: see you all");
	cli_close(a);
	/* USER's real name */
	a = cli_connect(srv);
	snprintf(a->nick, sizeof(a->nick), "realname");
	cli_send(a, "NICK realname");
	cli_send(a, "USER r 0 * Real Name Here");
	EXPECT(a, " 001 realname ");
	ANSWER_HAS(b, "WHOIS realname", " 311 hearer realname ~r 127.0.0.1 * "
	           ":Real Name Here");
	cli_close(a), cli_close(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		QUICK_TEST(notice_draws_no_reply_on_any_path),
		QUICK_TEST(modes_duplicates_and_part_order),
		QUICK_TEST(own_echoes_come_before_later_replies),
		QUICK_TEST(cap_any_subcommand_holds_registration),
		QUICK_TEST(every_query_ends_with_its_end_numeric),
		QUICK_TEST(who_whois_names_end_with_their_numeric),
		QUICK_TEST(names_takes_a_channel_list),
		QUICK_TEST(who_masks_in_rfc_forms),
		QUICK_TEST(list_takes_a_channel_list),
		QUICK_TEST(message_targets_in_rfc_forms),
		QUICK_TEST(server_targets_that_are_not_us_get_402),
		QUICK_TEST(join_without_topic_sends_no_331),
		QUICK_TEST(list_replies_split_at_512_without_cutting_a_name),
		QUICK_TEST(names_split_at_512_with_long_names),
		QUICK_TEST(long_motd_lines_are_continued_not_cut),
		QUICK_TEST(echoed_names_are_valid_middles),
		QUICK_TEST(space_lists_of_any_length),
		QUICK_TEST(text_without_its_colon_is_not_cut_to_a_word),
	};
	return cmocka_run_group_tests_name("proto", tests, NULL, NULL);
}
