/* test-limits.c: each limit, with a small value so it is reached: capacity,
 * connections per address, registration timeout, ping timeout, send queue
 * (a reader that stops reading), flood control, and --no-flood. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

/* Like cli_expect, but answers the server's PINGs meanwhile. */
static const char *
expect_ponging(Cli *c, const char *text, int ms)
{
	long long end = now_ms() + ms;
	const char *l;

	while ((l = cli_line(c, (int)(end - now_ms() > 0 ? end - now_ms() : 0)))) {
		if (!strncmp(l, "PING ", 5))
			cli_send(c, "PONG %s", l + 5);
		else if (strstr(l, text))
			return l;
	}
	return NULL;
}

static void
capacity_refuses_politely_without_forking(void **state)
{
	Srv s;
	static const char hello[] = "NICK late\r\nUSER l 0 * :l\r\n";
	Cli *c[3], *extra;
	const char *l = NULL;
	long long end;
	int i;

	(void)state;
	srv_start(&s, NULL, "-m", "3", NULL);
	for (i = 0; i < 3; i++) {
		char nick[8];
		snprintf(nick, sizeof(nick), "cap%d", i);
		c[i] = cli_login(&s, nick);
	}
	extra = cli_connect(&s);
	assert_non_null(l = cli_line(extra, wait_ms()));
	assert_string_equal(l, "ERROR :Server full");
	assert_true(cli_wait_eof(extra, wait_ms()));
	cli_close(extra);
	assert_non_null(srv_log_wait(&s, "refused 127.0.0.1: server full",
	                             wait_ms()));
	/* When one leaves, its slot is free again (once reaped). */
	cli_send(c[0], "QUIT");
	assert_true(cli_wait_eof(c[0], wait_ms()));
	for (end = now_ms() + wait_ms(); now_ms() < end; cli_close(extra)) {
		extra = cli_connect(&s);
		/* refused (and closed) while the slot is not reaped yet: the
		 * write may fail, the line read is the refusal */
		if (write(extra->fd, hello, sizeof(hello) - 1) < 0)
			l = NULL;
		l = cli_line(extra, wait_ms());
		if (l && strstr(l, " 001 late "))
			break;
	}
	assert_non_null(l);
	assert_non_null(strstr(l, " 001 late "));
	cli_close(extra);
	for (i = 0; i < 3; i++)
		cli_close(c[i]);
	srv_stop(&s);
}

static void
connections_per_address(void **state)
{
	Srv s;
	Cli *a, *b, *c;
	const char *l;

	(void)state;
	srv_start(&s, NULL, "--per-ip", "2", NULL);
	a = cli_login(&s, "ip1");
	b = cli_login(&s, "ip2");
	c = cli_connect(&s);
	assert_non_null(l = cli_line(c, wait_ms()));
	assert_string_equal(l, "ERROR :Closing Link: 127.0.0.1 (Too many "
	                    "connections from your address)");
	assert_true(cli_wait_eof(c, wait_ms()));
	cli_send(a, "PRIVMSG #lobby :the others are fine");
	EXPECT(b, "the others are fine");
	cli_close(a), cli_close(b), cli_close(c);
	srv_stop(&s);
}

static void
registration_timeout(void **state)
{
	Srv s;
	Cli *a;

	(void)state;
	srv_start(&s, NULL, "--reg-timeout", "1", NULL);
	a = cli_connect(&s);
	cli_send(a, "NICK slowpoke");		/* and never USER */
	EXPECT(a, "ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
	assert_true(cli_wait_eof(a, wait_ms()));
	cli_close(a);
	srv_stop(&s);
}

static void
ping_timeout_drops_the_silent_and_keeps_the_live(void **state)
{
	Srv s;
	Cli *quiet, *live;

	(void)state;
	srv_start(&s, NULL, "--ping-interval", "1", "--ping-timeout", "2",
	          NULL);
	quiet = cli_login(&s, "quiet");
	live = cli_login(&s, "live");
	EXPECT(quiet, "PING :forkd");		/* asked, never answers */
	assert_non_null(expect_ponging(live, ":quiet!~tester@127.0.0.1 QUIT "
	                               ":Ping timeout: 2 seconds", 3 * wait_ms()));
	EXPECT(quiet, "ERROR :Closing Link: 127.0.0.1 (Ping timeout: 2 "
	       "seconds)");
	/* live answered every PING: two more rounds and it is still here */
	assert_non_null(expect_ponging(live, "no-such-line", 2500) == NULL ?
	                "ok" : NULL);
	cli_send(live, "PING :alive");
	assert_non_null(expect_ponging(live, "PONG forkd :alive", wait_ms()));
	cli_close(quiet), cli_close(live);
	srv_stop(&s);
}

/* Readers that keep up: each checks "n <i>" lines from one sender come
 * all and in order, reading whichever socket has data. */
typedef struct {
	Cli *c;
	int next;
	int sawquit;
} Reader;

static void
read_sequences(Reader *r, int nr, const char *from, int count)
{
	struct pollfd pfd[8];
	char want[64];
	const char *l;
	int i, done = 0, idle = 0;

	while (done < nr && idle < 3 * wait_ms()) {
		for (i = done = 0; i < nr; i++) {
			while (r[i].next < count && (l = cli_line(r[i].c, 0))) {
				idle = 0;
				if (strstr(l, " QUIT :SendQ exceeded"))
					r[i].sawquit++;
				if (strncmp(l + 1, from, strlen(from)) ||
				    !strstr(l, "PRIVMSG #lobby :n "))
					continue;
				snprintf(want, sizeof(want), ":n %d ", r[i].next);
				if (!strstr(l, want))
					fail_msg("%s: expected line %d, got %s",
					         r[i].c->nick, r[i].next, l);
				r[i].next++;
			}
			done += r[i].next == count || r[i].c->eof;
			pfd[i].fd = r[i].c->fd;
			pfd[i].events = POLLIN;
		}
		if (done < nr && poll(pfd, (nfds_t)nr, 100) == 0)
			idle += 100;
	}
	for (i = 0; i < nr; i++)
		assert_int_equal(r[i].next, count);
}

/* Send count lines "n <i> pad" from c in a child process, so the test
 * can read meanwhile. */
static pid_t
flood_from(Cli *c, int count, const char *pad)
{
	pid_t pid = fork();
	int i;

	if (pid == 0) {
		for (i = 0; i < count; i++)
			cli_send(c, "PRIVMSG #lobby :n %d %s", i, pad);
		_exit(0);
	}
	assert_true(pid > 0);
	return pid;
}

static void
stalled_reader_is_dropped_others_get_everything(void **state)
{
	/* 1.1 MB, more than the kernel's buffers and the stalled reader's
	 * queue hold, at 1000 lines a second: a rate any reader keeps up
	 * with, even under the sanitizers. */
	enum { LINES = 6000 };
	static char pad[160];
	Srv s;
	Cli *stalled, *f;
	Reader r[2] = { { 0 } };
	int rcvbuf = 4096, st;
	pid_t w;

	(void)state;
	memset(pad, 'p', sizeof(pad) - 1);
	srv_start(&s, NULL, "--sendq", "16384", "--flood-burst", "100",
	          "--flood-rate", "1000", NULL);
	stalled = cli_connect_small(&s, rcvbuf);	/* then never reads */
	cli_send(stalled, "NICK stalled");
	cli_send(stalled, "USER s 0 * :s");
	assert_non_null(cli_expect(stalled, " 366 ", wait_ms()));
	r[0].c = cli_login(&s, "r1");
	r[1].c = cli_login(&s, "r2");
	f = cli_login(&s, "flooder");
	w = flood_from(f, LINES, pad);
	read_sequences(r, 2, "flooder!", LINES);
	assert_int_equal(waitpid(w, &st, 0), w);
	if (!r[0].sawquit &&	/* the QUIT may come after the last line */
	    !cli_expect(r[0].c, ":stalled!~s@127.0.0.1 QUIT :SendQ exceeded",
	                wait_ms())) {
		srv_log_wait(&s, "no-such-line", 100);
		fail_msg("no QUIT for the stalled reader; server log:\n%s",
		         s.log);
	}
	assert_non_null(srv_log_wait(&s, "leave stalled (SendQ exceeded)",
	                             wait_ms()));
	cli_close(stalled), cli_close(r[0].c), cli_close(r[1].c), cli_close(f);
	srv_stop(&s);
}

static void
flood_control_delays_only_the_flooder(void **state)
{
	Srv s;
	Cli *f, *o, *r;
	const char *l;
	int i, next = 0, other_at = -1;

	(void)state;
	srv_start(&s, NULL, "--flood-burst", "5", "--flood-rate", "4", NULL);
	f = cli_login(&s, "fl");
	o = cli_login(&s, "other");
	r = cli_login(&s, "rcv");
	for (i = 0; i < 20; i++)
		cli_send(f, "PRIVMSG #lobby :flood %d", i);
	cli_send(o, "PRIVMSG #lobby :other speaks");
	while (next < 20 && (l = cli_line(r, 3 * wait_ms()))) {
		char want[32];
		if (strstr(l, "other speaks")) {
			other_at = next;
			continue;
		}
		if (!strstr(l, "PRIVMSG #lobby :flood "))
			continue;
		snprintf(want, sizeof(want), ":flood %d", next);
		assert_non_null(strstr(l, want));	/* in order, none lost */
		next++;
	}
	assert_int_equal(next, 20);
	/* Only 5 went at once, then 4 a second: "other speaks" overtook
	 * most of the flood. */
	assert_true(other_at >= 0 && other_at < 15);
	cli_close(f), cli_close(o), cli_close(r);
	srv_stop(&s);
}

static void
no_flood_lets_a_burst_through(void **state)
{
	Srv s;
	Cli *f;
	Reader r = { 0 };
	int i;

	(void)state;
	srv_start(&s, NULL, "--no-flood", NULL);
	f = cli_login(&s, "burst");
	r.c = cli_login(&s, "catcher");
	for (i = 0; i < 300; i++)
		cli_send(f, "PRIVMSG #lobby :n %d x", i);
	/* 300 lines with flood control on would take 145 s */
	read_sequences(&r, 1, "burst!", 300);
	cli_close(f), cli_close(r.c);
	srv_stop(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(capacity_refuses_politely_without_forking),
		cmocka_unit_test(connections_per_address),
		cmocka_unit_test(registration_timeout),
		cmocka_unit_test(ping_timeout_drops_the_silent_and_keeps_the_live),
		cmocka_unit_test(stalled_reader_is_dropped_others_get_everything),
		cmocka_unit_test(flood_control_delays_only_the_flooder),
		cmocka_unit_test(no_flood_lets_a_burst_through),
	};
	return cmocka_run_group_tests_name("limits", tests, NULL, NULL);
}
