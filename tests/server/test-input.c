/* test-input.c: bad input gets a clear error and loses nothing: overlong
 * lines, endless lines, invalid UTF-8, NUL bytes, characters cut across
 * reads, malformed lines, half-sent lines from a vanishing client. */
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
#include "utf8.h"

/* Everything b receives until a sync marker from a must not contain bad. */
static void
not_relayed(Cli *b, Cli *a, const char *bad)
{
	const char *l;

	cli_send(a, "PRIVMSG #lobby :barrier");
	while ((l = cli_line(b, wait_ms())) && !strstr(l, "barrier"))
		if (strstr(l, bad))
			fail_msg("relayed: %s", l);
	assert_non_null(l);
}

static void
overlong_line_gets_417_and_the_connection_stays(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "longer"), *b = cli_login(srv, "reader");
	char buf[700];

	memcpy(buf, "PRIVMSG #lobby :", 16);
	memset(buf + 16, 'x', 600);
	memcpy(buf + 616, " QUIT\r\n", 7);	/* the tail must not run */
	cli_send_raw(a, buf, 623);
	EXPECT(a, ":forkd 417 longer :Input line was too long");
	not_relayed(b, a, "xxxxxxxx");
	cli_send(a, "PING :still-here");
	EXPECT(a, "PONG forkd :still-here");
	cli_close(a), cli_close(b);
}

static void
a_line_that_never_ends_is_not_buffered(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "endless"), *b = cli_login(srv, "bystander");
	static char chunk[100 * 1024];

	memset(chunk, 'y', sizeof(chunk));
	cli_send_raw(a, chunk, sizeof(chunk));	/* 100 KB, no newline */
	EXPECT(a, ":forkd 417 endless :");
	cli_send(b, "PRIVMSG #lobby :others are unaffected");
	EXPECT(a, "others are unaffected");
	cli_send_raw(a, "\r\nPRIVMSG #lobby :back to normal\r\n", 34);
	EXPECT(b, ":endless!~tester@127.0.0.1 PRIVMSG #lobby :back to normal");
	cli_close(a), cli_close(b);
}

static void
invalid_utf8_is_refused_and_never_relayed(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "latin1"), *b = cli_login(srv, "utf8er");

	cli_send(a, "PRIVMSG #lobby :caf\xe9 au lait");
	EXPECT(a, ":forkd 400 latin1 PRIVMSG :Line is not valid UTF-8");
	cli_send(a, "PRIVMSG utf8er :\xc0\xaf overlong slash");
	EXPECT(a, ":forkd 400 latin1 PRIVMSG :");
	cli_send(a, "NICK n\xff");
	EXPECT(a, ":forkd 400 latin1 NICK :");
	not_relayed(b, a, "au lait");
	cli_close(a), cli_close(b);
}

static void
nul_bytes_and_malformed_lines(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "nuller"), *b = cli_login(srv, "peer");

	cli_send_raw(a, "PRIVMSG #lobby :a\0b\r\n", 21);
	EXPECT(a, ":forkd 400 nuller * :Malformed line");
	cli_send_raw(a, "MODE #nope\rr\r\n", 14);	/* a bare CR inside */
	EXPECT(a, ":forkd 400 nuller * :Malformed line");
	cli_send(a, ":only-a-prefix");
	EXPECT(a, ":forkd 400 nuller * :Malformed line");
	cli_send(a, "PRIV/MSG #lobby :x");
	EXPECT(a, ":forkd 400 nuller * :Malformed line");
	cli_send_raw(a, "\r\n\n   \r\n", 8);	/* blank lines: ignored */
	cli_send(a, "PING :ok");
	EXPECT(a, "PONG forkd :ok");
	not_relayed(b, a, "a");
	cli_close(a), cli_close(b);
}

/* IRCv3 message-tags from a client (this server offers no capability
 * for them): set aside, the message taken as without them, never
 * relayed; tags alone are a malformed line. The 512 bytes count the
 * tags too here: a server that supports none keeps its one limit. */
static void
client_tags_are_ignored(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "tagger"), *b = cli_login(srv, "plain");

	cli_send(a, "@+draft/reply=x;label=1 PRIVMSG #lobby :tagged");
	EXPECT(b, ":tagger!~tester@127.0.0.1 PRIVMSG #lobby :tagged");
	cli_send(a, "@label=2");
	EXPECT(a, ":forkd 400 tagger * :Malformed line");
	cli_close(a), cli_close(b);
}

static void
character_split_in_two_writes(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "split"), *b = cli_login(srv, "whole");

	cli_send_raw(a, "PRIVMSG whole :\xe4\xbd", 17);
	cli_send_raw(a, "\xa0\xe5\xa5\xbd\r\n", 6);	/* 你好 */
	EXPECT(b, ":split!~tester@127.0.0.1 PRIVMSG whole :\xe4\xbd\xa0\xe5"
	       "\xa5\xbd");
	cli_close(a), cli_close(b);
}

static void
long_chinese_text_is_cut_on_a_character(void **state)
{
	Srv *srv = *state;
	Cli *a = cli_login(srv, "writer"), *b = cli_login(srv, "reader2");
	char text[600];
	const char *l;
	int i;

	for (i = 0; i < 160; i++)		/* 480 bytes of 中 */
		memcpy(text + i * 3, "\xe4\xb8\xad", 3);
	text[480] = '\0';
	cli_send(a, "PRIVMSG #lobby :%s", text);
	l = cli_expect(b, "PRIVMSG #lobby :", wait_ms());
	assert_non_null(l);
	assert_true(strlen(l) <= 510);	/* with CRLF: 512 */
	assert_true(utf8_valid(l, strlen(l)));
	cli_close(a), cli_close(b);
}

static void
client_vanishing_mid_line_leaves_no_trace(void **state)
{
	Srv *srv = *state;
	Cli *a, *b = cli_login(srv, "watcher"), *c = cli_login(srv, "sayer");

	a = cli_connect(srv);
	cli_send_raw(a, "NICK ghost\r\nUSER g 0 * :g\r\nPRIVMSG #lobby :half",
	             43);
	EXPECT(b, ":ghost!~g@127.0.0.1 JOIN #lobby");
	cli_close(a);
	/* closed with unread data: a reset, or a close */
	EXPECT(b, ":ghost!~g@127.0.0.1 QUIT :Connection ");
	not_relayed(b, c, "half");
	a = cli_login(srv, "ghost");	/* the nick is free again */
	cli_close(a), cli_close(b), cli_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) SRV_TEST(f)
		T(overlong_line_gets_417_and_the_connection_stays),
		T(a_line_that_never_ends_is_not_buffered),
		T(client_tags_are_ignored),
		T(invalid_utf8_is_refused_and_never_relayed),
		T(nul_bytes_and_malformed_lines),
		T(character_split_in_two_writes),
		T(long_chinese_text_is_cut_on_a_character),
		T(client_vanishing_mid_line_leaves_no_trace),
	};
	return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
