/* test-session.c: the connection's life without X, through the seam of
 * session.h: the login form's checks, a refused port and a taken nick
 * said on the form, the switch to the chat screen at the welcome, and a
 * drop: one line per tab, the countdown with its key, each failed attempt
 * updating the room's one line, reconnect-now. The server is a listening
 * socket on loopback that this file speaks raw IRC through; every wait
 * is a poll() with a timeout. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "session.h"
#include "util.h"

static const int backoff[] = { 2, 4 };

/* What the screens were told. */
static char formerr[600], status[320];
static int focus, chats;

void
win_login_error(const char *why, int field)
{
	snprintf(formerr, sizeof(formerr), "%s", why);
	if (field != FIELD_NONE)
		focus = field;
}

void
win_status(const char *text)
{
	snprintf(status, sizeof(status), "%s", text);
}

void
win_chat(void)
{
	chats++;
}

static Session ses;
static int lfd = -1, peer = -1;
static char port[16];

static int
listen_on(const char *want)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)atoi(want));
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	getsockname(fd, (struct sockaddr *)&a, &len);
	snprintf(port, sizeof(port), "%u", ntohs(a.sin_port));
	return fd;
}

/* Run the client's side until cond() holds; 5 s at most. */
static int
until(int (*cond)(void))
{
	struct pollfd p;
	int i;

	for (i = 0; i < 500 && !cond(); i++) {
		p = (struct pollfd){ ses.net.fd, net_events(&ses.net), 0 };
		if (ses.net.fd >= 0 && poll(&p, 1, 10) > 0)
			session_io(&ses, p.revents);
		else if (ses.net.fd < 0)
			poll(NULL, 0, 10);
		session_timers(&ses);
		if (peer < 0 && lfd >= 0) {
			struct pollfd l = { lfd, POLLIN, 0 };

			if (poll(&l, 1, 0) > 0)
				peer = accept(lfd, NULL, NULL);
		}
	}
	return cond();
}

static int isdown(void) { return ses.net.state == NET_DOWN; }
static int isup(void) { return ses.net.state == NET_UP && peer >= 0; }
static int inchat(void) { return ses.scr == SCR_CHAT && chats > 0; }
static int waiting(void) { return ses.retry_at != 0; }
static int bobtab(void) { return state_conv(ses.st, "bob") != NULL; }
static int joined(void) { return ses.st->inroom && !ses.st->names_open; }

static void
say(const char *line)
{
	assert_true(write(peer, line, strlen(line)) == (ssize_t)strlen(line));
}

static char got[2048];
static size_t ngot;

/* The peer has read a whole line from the client. */
static int
gotline(void)
{
	struct pollfd p = { peer, POLLIN, 0 };
	ssize_t r;

	if (peer >= 0 && poll(&p, 1, 0) > 0 &&
	    (r = read(peer, got + ngot, sizeof(got) - ngot - 1)) > 0)
		ngot += (size_t)r;
	got[ngot] = '\0';
	return ngot && got[ngot - 1] == '\n';
}

/* What the client sent, up to a line end; 5 s at most. */
static void
heard(char *out, size_t n)
{
	ngot = 0;
	until(gotline);
	strlcopy(out, got, n);
}

static int
setup(void **state)
{
	(void)state;
	memset(&ses, 0, sizeof(ses));
	formerr[0] = status[0] = '\0';
	focus = FIELD_NONE;
	chats = 0;
	session_init(&ses, state_create("#lobby", "me", 100), "me");
	ses.timeout = 5;
	ses.backoff = backoff;
	ses.nbackoff = 2;
	ses.nowkey = "F5";
	lfd = listen_on("0");
	peer = -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	net_close(&ses.net, NULL);
	state_free(ses.st);
	if (peer >= 0)
		close(peer);
	if (lfd >= 0)
		close(lfd);
	lfd = peer = -1;
	return 0;
}

/* Logged in and in the chat screen. */
static void
login(void)
{
	char buf[512];

	session_submit(&ses, "127.0.0.1", port, "me");
	assert_true(until(isup));
	heard(buf, sizeof(buf));
	assert_non_null(strstr(buf, "NICK me\r\n"));
	say(":srv 001 me :Welcome\r\n");
	assert_true(until(inchat));
	heard(buf, sizeof(buf));
	assert_string_equal(buf, "JOIN #lobby\r\n");
	say(":me!u@h JOIN #lobby\r\n");
}

static void
the_form_is_checked_before_connecting(void **state)
{
	(void)state;
	session_submit(&ses, "", "6667", "me");
	assert_non_null(strstr(formerr, "server"));
	assert_int_equal(focus, FIELD_SERVER);
	session_submit(&ses, "127.0.0.1", "66x", "me");
	assert_non_null(strstr(formerr, "port"));
	assert_int_equal(focus, FIELD_PORT);
	session_submit(&ses, "127.0.0.1", "70000", "me");
	assert_int_equal(focus, FIELD_PORT);
	session_submit(&ses, "127.0.0.1", "6667", "9lives");
	assert_int_equal(focus, FIELD_NICK);
	assert_int_equal(ses.net.state, NET_DOWN);
	assert_int_equal(ses.scr, SCR_LOGIN);
}

static void
a_refused_port_is_said_on_the_form(void **state)
{
	(void)state;
	close(lfd);
	lfd = -1;
	session_submit(&ses, "127.0.0.1", port, "me");
	assert_true(until(isdown));
	assert_non_null(strstr(formerr, "connection refused"));
	/* the long explanation is for the form */
	assert_non_null(strstr(formerr, "is the server running"));
	assert_string_equal(status, "");
	assert_int_equal(ses.scr, SCR_LOGIN);
	assert_int_equal(ses.retry_at, 0);	/* the form does not retry */
}

/* Every failure on the form says what to check: a close before the
 * welcome (not an IRC server?); a refusal says what to do, with no
 * hint of ours after it. */
static void
a_close_at_login_says_what_to_check(void **state)
{
	(void)state;
	session_submit(&ses, "127.0.0.1", port, "me");
	assert_true(until(isup));
	close(peer);
	peer = -1;
	assert_true(until(isdown));
	assert_string_equal(formerr, "Disconnected during login: the server "
	                    "closed the connection (is it an IRC server, is "
	                    "the port right?)");
	session_submit(&ses, "127.0.0.1", port, "me");
	assert_true(until(isup));
	say("ERROR :Server full\r\n");
	close(peer);
	peer = -1;
	assert_true(until(isdown));
	assert_string_equal(formerr, "The server is full: try again later, "
	                    "or ask its operator to let more people in "
	                    "(forkd-server -m)");
}

static void
a_taken_nick_is_said_on_the_form(void **state)
{
	(void)state;
	session_submit(&ses, "127.0.0.1", port, "me");
	assert_non_null(strstr(status, "Connecting to 127.0.0.1"));
	assert_true(until(isup));
	say(":srv 433 * me :Nickname is already in use\r\n");
	assert_true(until(isdown));
	assert_non_null(strstr(formerr, "already in use"));
	assert_int_equal(focus, FIELD_NICK);
	assert_int_equal(ses.scr, SCR_LOGIN);
}

static void
the_welcome_opens_the_chat_screen(void **state)
{
	(void)state;
	login();
	assert_int_equal(chats, 1);
	assert_string_equal(status, "");
	assert_int_equal(ses.st->status, ST_ONLINE);
}

static void
a_drop_is_one_line_that_follows_the_attempts(void **state)
{
	char buf[512];
	Conv *room, *bob;
	size_t nr, nb;

	(void)state;
	login();
	say(":bob!u@h PRIVMSG me :hi\r\n");
	assert_true(until(bobtab));
	room = state_room(ses.st);
	bob = state_conv(ses.st, "bob");
	nr = room->nlines;
	nb = bob ? bob->nlines : 0;
	assert_non_null(bob);
	say(":srv 332 me #lobby :Welcome to the lab\r\n");
	say("ERROR :Closing Link: me[127.0.0.1] (Server shutting down)\r\n");
	close(peer);			/* the server goes away */
	peer = -1;
	close(lfd);
	lfd = -1;
	assert_true(until(waiting));
	assert_int_equal(room->nlines, nr + 1);
	assert_int_equal(bob->nlines, nb + 1);
	assert_string_equal(conv_line(room, nr)->text, "Disconnected: server "
	                    "shutting down. Reconnecting in 2 s (F5: now)");
	assert_string_equal(conv_line(bob, nb)->text,
	                    conv_line(room, nr)->text);
	session_timers(&ses);
	assert_non_null(strstr(status, "Reconnecting in"));
	assert_non_null(strstr(status, "F5"));
	/* two failed attempts, now rather than after the countdown: the
	 * same line says so, short */
	assert_int_equal(session_reconnect_now(&ses), 1);
	assert_true(until(waiting));
	assert_int_equal(session_reconnect_now(&ses), 1);
	assert_true(until(waiting));
	assert_int_equal(room->nlines, nr + 1);
	assert_int_equal(bob->nlines, nb + 1);
	assert_string_equal(conv_line(room, nr)->text, "Disconnected: server "
	                    "shutting down. Reconnecting in 4 s (F5: now; "
	                    "try 2: connection refused)");
	assert_string_equal(conv_line(bob, nb)->text,
	                    conv_line(room, nr)->text);
	/* the server is back, a new one with no topic: reconnect now, log
	 * in, join again; the topic bar is empty */
	lfd = listen_on(port);
	assert_int_equal(session_reconnect_now(&ses), 1);
	assert_true(until(isup));
	say(":srv 001 me :Welcome back\r\n");
	heard(buf, sizeof(buf));
	assert_true(until(isup));
	heard(buf, sizeof(buf));
	assert_non_null(strstr(buf, "JOIN #lobby"));
	say(":me!u@h JOIN #lobby\r\n:srv 353 me = #lobby :me\r\n"
	    ":srv 366 me #lobby :End\r\n");
	assert_true(until(joined));
	assert_string_equal(ses.st->topic, "");
	assert_non_null(strstr(conv_line(room, nr)->text, "shutting down. "
	                       "Reconnected after "));
	assert_int_equal(bob->nlines, nb + 1);
	assert_int_equal(ses.retry_at, 0);
	assert_int_equal(session_reconnect_now(&ses), 0);
	assert_string_equal(status, "");
	assert_int_equal(chats, 1);		/* already there */
}

/* A reconnection refused for the nick (our old session still holds
 * it): the line says so in words, and the next attempt adds "_". */
static void
a_taken_nick_on_reconnection_is_said_in_the_line(void **state)
{
	char buf[512];
	Conv *room;
	size_t nr;

	(void)state;
	login();
	assert_true(until(joined));
	room = state_room(ses.st);
	nr = room->nlines;
	close(peer);
	peer = -1;
	assert_true(until(waiting));
	assert_int_equal(session_reconnect_now(&ses), 1);
	assert_true(until(isup));
	heard(buf, sizeof(buf));
	say(":srv 433 * me :Nickname is already in use\r\n");
	assert_true(until(waiting));
	assert_int_equal(room->nlines, nr + 1);
	assert_non_null(strstr(conv_line(room, nr)->text,
	                       "try 1: nickname me is taken)"));
	assert_string_equal(ses.st->nick, "me_");
	close(peer);
	peer = -1;
	assert_int_equal(session_reconnect_now(&ses), 1);
	assert_true(until(isup));
	heard(buf, sizeof(buf));
	assert_non_null(strstr(buf, "NICK me_\r\n"));
}

/* Nothing the server says vanishes: a line over 512 bytes, one with
 * IRCv3 tags, and one past the tags' limit, shown cut with a mark. */
static int nlines0;
static int threemore(void) { return state_room(ses.st)->nlines >=
                                    (size_t)nlines0 + 3; }

static void
long_and_tagged_lines_are_shown(void **state)
{
	static char big[IRC_TAGGED_MAX + 200];
	Conv *room;
	const char *t;
	size_t k;

	(void)state;
	login();
	say(":srv 353 me = #lobby :me\r\n:srv 366 me #lobby :End\r\n");
	assert_true(until(joined));
	room = state_room(ses.st);
	nlines0 = (int)room->nlines;
	k = (size_t)sprintf(big, ":alice!a@h PRIVMSG #lobby :");
	memset(big + k, 'L', 600);
	memcpy(big + k + 600, "\r\n", 3);
	say(big);
	say("@time=2026-01-01T00:00:00.000Z;msgid=abc :alice!a@h PRIVMSG "
	    "#lobby :tagged line\r\n");
	memset(big + k, 'M', sizeof(big) - k - 3);
	memcpy(big + sizeof(big) - 3, "\r\n", 3);
	say(big);
	assert_true(until(threemore));
	t = conv_line(room, (size_t)nlines0)->text;
	assert_int_equal(strlen(t), 600);
	assert_int_equal(strspn(t, "L"), 600);
	assert_string_equal(conv_line(room, (size_t)nlines0 + 1)->text,
	                    "tagged line");
	t = conv_line(room, (size_t)nlines0 + 2)->text;
	k = strspn(t, "M");
	assert_int_equal(k, IRC_TAGGED_MAX - 27);	/* the prefix's 27 */
	assert_string_equal(t + k, " [... cut: the line was too long]");
	assert_string_equal(conv_line(room, (size_t)nlines0 + 2)->nick,
	                    "alice");
}

/* A server that makes us answer and never reads: PINGs with 400-byte
 * tokens, written as fast as the socket takes them. The PONGs queue up
 * to NET_OUT_MAX, then the drop is said in words and the reconnection
 * starts; the queue never held more than the bound. */
static size_t maxout;

static int
flooded(void)
{
	static char ping[420];
	int i;

	if (!ping[0]) {
		memcpy(ping, "PING :", 6);
		memset(ping + 6, 'p', 400);
		memcpy(ping + 406, "\r\n", 3);
	}
	for (i = 0; peer >= 0 && i < 64; i++)
		if (write(peer, ping, 408) != 408)
			break;
	maxout = MAX(maxout, ses.net.outlen);
	return ses.retry_at != 0;
}

static void
a_server_that_stops_reading_is_dropped(void **state)
{
	Conv *room;

	(void)state;
	login();
	room = state_room(ses.st);
	fcntl(peer, F_SETFL, fcntl(peer, F_GETFL) | O_NONBLOCK);
	maxout = 0;
	assert_true(until(flooded));
	assert_true(maxout <= NET_OUT_MAX);
	assert_int_equal(ses.net.state, NET_DOWN);
	assert_int_equal(ses.net.outlen, 0);
	assert_string_equal(conv_line(room, room->nlines - 1)->text,
	                    "Disconnected: the "
	                    "server stopped reading what we send. "
	                    "Reconnecting in 2 s (F5: now)");
}

/* The countdown on a clock this test moves: the first wait is 2 s and
 * reads "2 s" for its first second, "1 s" for its second, whatever the
 * fraction of a second the drop came at (time()'s whole seconds showed
 * "1 s" first and reconnected after 1 s when it came late in one). */
static long long fake;
static long long fakeclock(void) { return fake; }

static void
the_countdown_lasts_what_it_says(void **state)
{
	Conv *room;
	long long t0;

	(void)state;
	ses.clock = fakeclock;
	fake = 1000 * 1000 + 990;	/* late in a second */
	login();
	room = state_room(ses.st);
	say("ERROR :Closing Link: me[127.0.0.1] (Server shutting down)\r\n");
	close(peer);
	peer = -1;
	assert_true(until(waiting));
	t0 = fake;
	assert_string_equal(status, "Reconnecting in 2 s (F5: now)");
	assert_int_equal(session_waitms(&ses), 1000);
	fake = t0 + 999;
	session_timers(&ses);
	assert_string_equal(status, "Reconnecting in 2 s (F5: now)");
	assert_int_equal(session_waitms(&ses), 1);
	fake = t0 + 1000;
	session_timers(&ses);
	assert_string_equal(status, "Reconnecting in 1 s (F5: now)");
	assert_non_null(strstr(conv_line(room, room->nlines - 1)->text,
	                       "Reconnecting in 1 s"));
	fake = t0 + 1999;
	session_timers(&ses);
	assert_true(waiting());		/* not yet */
	fake = t0 + 2000;
	session_timers(&ses);		/* now */
	assert_int_equal(ses.retry_at, 0);
	assert_non_null(strstr(conv_line(room, room->nlines - 1)->text,
	                       "Reconnecting now"));
}

/* The login deadline on the same clock: 5 s are 5 s, not 4 to 5. */
static void
the_login_deadline_lasts_what_it_says(void **state)
{
	long long t0;

	(void)state;
	ses.clock = fakeclock;
	fake = 7000 * 1000 + 990;
	t0 = fake;
	session_submit(&ses, "127.0.0.1", port, "me");
	assert_true(until(isup));	/* the server says nothing */
	assert_int_equal(session_waitms(&ses), 5000);
	fake = t0 + 4999;
	session_timers(&ses);
	assert_string_equal(formerr, "");
	assert_int_equal(session_waitms(&ses), 1);
	fake = t0 + 5000;
	session_timers(&ses);
	assert_string_equal(formerr, "The server did not complete the login "
	                    "in 5 s (is it an IRC server, is the port right?)");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(the_form_is_checked_before_connecting),
		T(a_refused_port_is_said_on_the_form),
		T(a_close_at_login_says_what_to_check),
		T(a_taken_nick_is_said_on_the_form),
		T(the_welcome_opens_the_chat_screen),
		T(a_drop_is_one_line_that_follows_the_attempts),
		T(a_taken_nick_on_reconnection_is_said_in_the_line),
		T(a_server_that_stops_reading_is_dropped),
		T(the_countdown_lasts_what_it_says),
		T(the_login_deadline_lasts_what_it_says),
		T(long_and_tagged_lines_are_shown),
	};

	signal(SIGPIPE, SIG_IGN);	/* the peer writes to a closed client */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
