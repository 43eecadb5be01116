/* test-relay.c: private lines go through the target's mailbox, room lines
 * through the ring; the reader merges the two by the log position each
 * private line carries. These tests stop the target's process while the
 * lines are said, so that it finds both kinds waiting at once, and check
 * the order its client sees; then what happens to a mailbox whose target
 * never reads, and to a writer killed while it holds a mailbox. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* Wait until pid is stopped ('T'). */
static void
wait_stopped(pid_t pid)
{
	assert_int_equal(pid_wait_state(pid, 'T', wait_ms()), 'T');
}

/* Everything c sent before this has been run by its server process. */
static void
sent(Cli *c, const char *token)
{
	char want[64];

	cli_send(c, "PING :%s", token);
	snprintf(want, sizeof(want), "PONG forkd :%s", token);
	EXPECT(c, want);
}

/* Read t's lines, keeping those with " :<tag> " texts, until `last`;
 * returns them joined by spaces in out. */
static void
collect(Cli *t, const char *last, char *out, size_t n)
{
	const char *l, *p;
	size_t k = 0;

	out[0] = '\0';
	while ((l = cli_line(t, wait_ms()))) {
		if (!(p = strstr(l, " :")) || (p[2] != 'r' && p[2] != 'p' &&
		                               p[2] != 'x'))
			continue;
		k += (size_t)snprintf(out + k, n - k, "%s%s", k ? " " : "",
		                      p + 2);
		assert_true(k < n);
		if (!strcmp(p + 2, last))
			return;
	}
	fail_msg("%s: no '%s'; got: %s", t->nick, last, out);
}

/* One sender alternates room lines and private lines to a target whose
 * process is stopped: when it runs, its mailbox and the ring are both
 * full of lines, and its client must see them in the order they were
 * said. A reader that emptied the mailbox first (or last) fails this. */
static void
private_lines_keep_their_place_among_room_lines(void **state)
{
	enum { N = 40 };
	Cli *t = cli_login(*state, "target"), *s = cli_login(*state, "sayer");
	char want[N * 16], got[N * 16], last[16];
	size_t k = 0;
	pid_t pid = srv_child_pid(*state, "target");
	int i;

	assert_true(pid > 0);
	kill(pid, SIGSTOP);
	wait_stopped(pid);
	for (i = 0; i < N; i++) {
		cli_send(s, "PRIVMSG #lobby :r%d", i);
		cli_send(s, "PRIVMSG target :p%d", i);
		k += (size_t)snprintf(want + k, sizeof(want) - k, "%sr%d p%d",
		                      i ? " " : "", i, i);
	}
	sent(s, "all said");
	kill(pid, SIGCONT);
	snprintf(last, sizeof(last), "p%d", N - 1);
	collect(t, last, got, sizeof(got));
	assert_string_equal(got, want);
	cli_close(t), cli_close(s);
}

/* Across senders: b says a private line after it saw a's room line, so
 * the target must see a's line first, though it comes by the ring and
 * b's by the mailbox, and the target's process finds both at once. */
static void
private_line_after_a_room_line_seen_arrives_after_it(void **state)
{
	Cli *t = cli_login(*state, "target2"), *a = cli_login(*state, "alpha"),
	    *b = cli_login(*state, "bravo");
	char got[256];
	pid_t pid = srv_child_pid(*state, "target2");

	assert_true(pid > 0);
	kill(pid, SIGSTOP);
	wait_stopped(pid);
	cli_send(b, "PRIVMSG target2 :p-before");
	sent(b, "before");
	cli_send(a, "PRIVMSG #lobby :x-room");
	EXPECT(b, ":alpha!~tester@127.0.0.1 PRIVMSG #lobby :x-room");
	cli_send(b, "PRIVMSG target2 :p-after");
	sent(b, "after");
	kill(pid, SIGCONT);
	collect(t, "p-after", got, sizeof(got));
	assert_string_equal(got, "p-before x-room p-after");
	cli_close(t), cli_close(a), cli_close(b);
}

/* A target that never reads: its socket, its send queue and its mailbox
 * fill up; the private lines then go through the ring, where it falls
 * behind like any slow reader and is dropped with "SendQ exceeded". The
 * sender is never blocked for good, and a bystander gets every line. */
static void
full_mailbox_of_a_target_that_never_reads(void **state)
{
	enum { LINES = 4000 };	/* 1.7 MB: more than all of it holds */
	static char pad[400];
	Srv s;
	Cli *deaf, *snd, *by;
	int rcvbuf = 4096, i, st;
	pid_t w;

	(void)state;
	memset(pad, 'm', sizeof(pad) - 1);
	srv_start(&s, NULL, "--sendq", "16384", "--no-flood", NULL);
	deaf = cli_connect_small(&s, rcvbuf);	/* then never reads */
	cli_send(deaf, "NICK deaf");
	cli_send(deaf, "USER d 0 * :d");
	assert_non_null(cli_expect(deaf, " 366 ", wait_ms()));
	by = cli_login(&s, "bystander");
	snd = cli_login(&s, "sender");
	if ((w = fork()) == 0) {
		for (i = 0; i < LINES; i++)
			cli_send(snd, "PRIVMSG deaf :m%d %s", i, pad);
		_exit(0);
	}
	assert_true(w > 0);
	assert_non_null(cli_expect(by, ":deaf!~d@127.0.0.1 QUIT :SendQ "
	                           "exceeded", 4 * wait_ms()));
	assert_non_null(srv_log_wait(&s, "leave deaf (SendQ exceeded)",
	                             wait_ms()));
	assert_int_equal(waitpid(w, &st, 0), w);
	/* the sender's lines all went somewhere; it talks on */
	cli_send(snd, "PRIVMSG #lobby :still here");
	EXPECT(by, ":sender!~tester@127.0.0.1 PRIVMSG #lobby :still here");
	cli_send(snd, "PRIVMSG deaf :gone?");
	EXPECT(snd, " 401 sender deaf ");
	cli_close(deaf), cli_close(snd), cli_close(by);
	srv_stop(&s);
}

/* A writer SIGKILLed while it holds a mailbox (the test build stops it
 * there): the next writer must get in (a robust mutex) and the target
 * must get its lines; nothing of the killed writer's half-written line. */
static void
writer_killed_holding_a_mailbox(void **state)
{
	Srv s;
	Cli *t, *holder, *other;
	pid_t pid;

	(void)state;
	srv_start(&s, srv_hooks_bin(), NULL);
	t = cli_login(&s, "mailee");
	holder = cli_login(&s, "holder");
	other = cli_login(&s, "other");
	pid = srv_child_pid(&s, "holder");
	cli_send(holder, "PRIVMSG mailee :p-first");
	EXPECT(t, "PRIVMSG mailee :p-first");
	cli_send(holder, "TESTHOOK mailbox mailee");
	EXPECT(holder, "NOTICE holder :holding the mailbox of mailee");
	wait_stopped(pid);
	kill(pid, SIGKILL);
	EXPECT(other, ":holder!~tester@127.0.0.1 QUIT :Connection lost "
	       "(killed by SIGKILL)");
	cli_send(other, "PRIVMSG mailee :p-after-the-kill");
	assert_non_null(cli_expect(t, "PRIVMSG mailee :p-after-the-kill",
	                           wait_ms()));
	cli_send(other, "PRIVMSG mailee :p-and-again");
	assert_non_null(cli_expect(t, "PRIVMSG mailee :p-and-again",
	                           wait_ms()));
	cli_close(t), cli_close(holder), cli_close(other);
	srv_stop(&s);
}

/* A writer SIGKILLed holding the lock between two lines of one turn's
 * batch (the test build stops it there): the line it appended is there
 * for everyone, the one it did not append dies with it, and the readers
 * and writers go on. */
static void
writer_killed_between_two_lines_of_a_batch(void **state)
{
	const char *l;
	Srv s;
	Cli *w, *r, *o;
	pid_t pid;
	static const char said[] = "PRIVMSG #lobby :first-half\r\n"
	                           "PRIVMSG #lobby :second-half\r\n"
	                           "TESTHOOK OUTBOX\r\n";

	(void)state;
	srv_start(&s, srv_hooks_bin(), "--no-flood", NULL);
	r = cli_login(&s, "reader");
	o = cli_login(&s, "other");
	w = cli_login(&s, "writer");
	pid = srv_child_pid(&s, "writer");
	cli_send_raw(w, said, sizeof(said) - 1);	/* one turn */
	EXPECT(w, "NOTICE writer :holding the lock mid-append");
	wait_stopped(pid);
	kill(pid, SIGKILL);
	EXPECT(r, ":writer!~tester@127.0.0.1 PRIVMSG #lobby :first-half");
	while ((l = cli_line(r, wait_ms()))) {
		assert_null(strstr(l, "second-half"));
		if (strstr(l, ":writer!~tester@127.0.0.1 QUIT :Connection lost "
		           "(killed by SIGKILL)"))
			break;
	}
	assert_non_null(l);
	cli_send(o, "PRIVMSG #lobby :after the kill");
	EXPECT(r, ":other!~tester@127.0.0.1 PRIVMSG #lobby :after the kill");
	cli_send(r, "PRIVMSG other :and private");
	EXPECT(o, ":reader!~tester@127.0.0.1 PRIVMSG other :and private");
	cli_close(w), cli_close(r), cli_close(o);
	srv_stop(&s);
}

/* A reader whose process is stopped (SIGSTOP, a debugger) holds the log
 * for RING_WAIT_MS at most: then it is overwritten, and everyone else's
 * input and lines go on; when it runs again it finds itself lapped and
 * drops its client. Before, the writers' input waited for as long as it
 * was stopped: the room froze, PINGs went unanswered. */
static void
stopped_reader_holds_the_room_back_for_seconds_only(void **state)
{
	enum { LINES = 3000 };	/* six times the test build's ring */
	char want[64];
	const char *l;
	Srv s;
	Cli *w, *snd, *ob, *z;
	pid_t pid, f;
	int i, next = 0, st;

	(void)state;
	srv_start(&s, srv_hooks_bin(), "--no-flood", NULL);
	w = cli_login(&s, "watcher");
	snd = cli_login(&s, "sender");
	ob = cli_login(&s, "observer");
	z = cli_login(&s, "sleepy");
	pid = srv_child_pid(&s, "sleepy");
	assert_true(pid > 0);
	kill(pid, SIGSTOP);
	wait_stopped(pid);
	if ((f = fork()) == 0) {
		for (i = 0; i < LINES; i++)
			cli_send(snd, "PRIVMSG #lobby :n %d", i);
		_exit(0);
	}
	assert_true(f > 0);
	while (next < LINES && (l = cli_line(w, 4 * wait_ms()))) {
		if (!strstr(l, "PRIVMSG #lobby :n "))
			continue;
		snprintf(want, sizeof(want), ":n %d", next);
		if (!strstr(l, want))
			fail_msg("expected line %d, got %s", next, l);
		next++;
	}
	assert_int_equal(next, LINES);
	sent(ob, "observer-alive");
	assert_int_equal(waitpid(f, &st, 0), f);
	kill(pid, SIGCONT);
	assert_non_null(srv_log_wait(&s, "leave sleepy (SendQ exceeded)",
	                             4 * wait_ms()));
	cli_close(w), cli_close(snd), cli_close(ob), cli_close(z);
	srv_stop(&s);
}

/* Stop ringer w (pid wp) inside its next ring to rungee (pid tp), between
 * reading the pid and signalling it (the test build's hook), then SIGKILL
 * rungee: the master must hold its reap while the ring is pending. */
static void
kill_while_rung(Srv *s, Cli *w, pid_t tp, pid_t wp)
{
	cli_send(w, "TESTHOOK RING rungee");
	EXPECT(w, "NOTICE ringer :holding the next ring to rungee");
	/* rung only while asleep (in poll: 'S'), as it is once idle */
	pid_wait_state(tp, 'S', wait_ms());
	cli_send(w, "PRIVMSG rungee :p-ring");
	wait_stopped(wp);
	kill(tp, SIGKILL);
	assert_non_null(srv_log_wait(s, "its reap waits for a doorbell",
	                             wait_ms()));
}

/* A doorbell is a signal to the target's pid. A ringer that read the pid
 * and then waits (the test build stops it there) while the target is
 * killed: the master must not reap the target, or its pid could go to
 * another process before the ringer signals it. The target stays a
 * zombie until the ring is over, then is reaped and its QUIT said. */
static void
target_killed_while_rung_is_reaped_after_the_ring(void **state)
{
	Srv s;
	Cli *t, *w, *o;
	pid_t tp, wp;

	(void)state;
	srv_start(&s, srv_hooks_bin(), NULL);
	t = cli_login(&s, "rungee");
	w = cli_login(&s, "ringer");
	o = cli_login(&s, "onlooker");
	tp = srv_child_pid(&s, "rungee");
	wp = srv_child_pid(&s, "ringer");
	assert_true(tp > 0 && wp > 0);
	EXPECT(t, ":onlooker!~tester@127.0.0.1 JOIN");
	kill_while_rung(&s, w, tp, wp);
	assert_int_equal(pid_state(tp), 'Z');	/* its pid is still taken */
	kill(wp, SIGCONT);
	EXPECT(o, ":rungee!~tester@127.0.0.1 QUIT :Connection lost (killed "
	       "by SIGKILL)");
	assert_int_equal(pid_wait_state(tp, 0, wait_ms()), 0);	/* reaped */
	sent(w, "ringer-alive");
	cli_close(t), cli_close(w), cli_close(o);
	srv_stop(&s);
}

/* While one dead child's reap is held by a stopped ringer (as above),
 * another client crashes: it is reaped and announced at once, and its
 * nick is free again, while the first stays a zombie; the first follows
 * when the ringer goes on. A held reap held up every later one before. */
static void
crash_while_another_reap_is_held_is_announced(void **state)
{
	Srv s;
	Cli *t, *w, *o, *v, *v2;
	pid_t tp, wp, vp;

	(void)state;
	srv_start(&s, srv_hooks_bin(), NULL);
	t = cli_login(&s, "rungee");
	w = cli_login(&s, "ringer");
	v = cli_login(&s, "victim");
	o = cli_login(&s, "onlooker");
	tp = srv_child_pid(&s, "rungee");
	wp = srv_child_pid(&s, "ringer");
	vp = srv_child_pid(&s, "victim");
	assert_true(tp > 0 && wp > 0 && vp > 0);
	EXPECT(t, ":onlooker!~tester@127.0.0.1 JOIN");
	kill_while_rung(&s, w, tp, wp);
	kill(vp, SIGKILL);
	EXPECT(o, ":victim!~tester@127.0.0.1 QUIT :Connection lost (killed "
	       "by SIGKILL)");
	assert_int_equal(pid_wait_state(vp, 0, wait_ms()), 0);	/* reaped */
	v2 = cli_login(&s, "victim");	/* its nick is free again */
	assert_int_equal(pid_state(tp), 'Z');	/* still held */
	kill(wp, SIGCONT);
	EXPECT(o, ":rungee!~tester@127.0.0.1 QUIT :Connection lost (killed "
	       "by SIGKILL)");
	assert_int_equal(pid_wait_state(tp, 0, wait_ms()), 0);
	sent(w, "ringer-alive");
	cli_close(t), cli_close(w), cli_close(o), cli_close(v), cli_close(v2);
	srv_stop(&s);
}

/* Private lines from several senders, said in one round of doorbells
 * (the first opened it and rang the target at once; the next ones ring
 * nobody: the master rings the target when it closes the round): every
 * line arrives, each sender's in order, with no other line to wake the
 * target; then a room line rings it at once. */
static void
lines_said_in_a_round_all_arrive_in_order(void **state)
{
	enum { N = 3, M = 8 };
	Cli *t = cli_login(*state, "target"), *c[N];
	int next[N] = { 0 }, i, k, n, got = 0;
	char nick[16];
	const char *l, *p;

	for (i = 0; i < N; i++) {
		snprintf(nick, sizeof(nick), "snd%d", i);
		c[i] = cli_login(*state, nick);
	}
	EXPECT(t, ":snd2!~tester@127.0.0.1 JOIN");	/* the last ring-all */
	cli_send(c[0], "PRIVMSG target :p0-first");
	EXPECT(t, "PRIVMSG target :p0-first");
	for (k = 0; k < M; k++)
		for (i = 0; i < N; i++)
			cli_send(c[i], "PRIVMSG target :q%d-%d", i, k);
	sent(c[0], "said");
	while (got < N * M && (l = cli_line(t, wait_ms()))) {
		if (!(p = strstr(l, "PRIVMSG target :q")))
			continue;
		assert_int_equal(sscanf(p, "PRIVMSG target :q%d-%d", &i, &n),
		                 2);
		assert_true(i >= 0 && i < N);
		assert_int_equal(n, next[i]);	/* each sender's in order */
		next[i]++;
		got++;
	}
	assert_int_equal(got, N * M);
	/* and a room line rings it at once */
	cli_send(c[0], "PRIVMSG #lobby :x-room-after");
	EXPECT(t, "PRIVMSG #lobby :x-room-after");
	cli_close(t);
	for (i = 0; i < N; i++)
		cli_close(c[i]);
}

/* The master closes the rounds of private-line doorbells. Stopped (^Z, a
 * debugger), it closes none: the senders then close their rounds
 * themselves once they are late (RELAY_ROUND_LATE_MS), so private lines
 * still arrive, in order, with nothing else said to wake their target;
 * and once the master runs again, so do its rounds. */
static void
say_in_a_new_round(Cli *c, Cli *t, const char *tag)
{
	enum { M = 6 };
	char want[64];
	int k;

	/* the first rings at once and opens a round; the rest, said in a
	 * later turn, ring nobody: the round's closer rings the target */
	cli_send(c, "PRIVMSG target :%s-0", tag);
	snprintf(want, sizeof(want), "PRIVMSG target :%s-0", tag);
	EXPECT(t, want);
	for (k = 1; k < M; k++)
		cli_send(c, "PRIVMSG target :%s-%d", tag, k);
	for (k = 1; k < M; k++) {
		snprintf(want, sizeof(want), "PRIVMSG target :%s-%d", tag, k);
		EXPECT(t, want);
	}
}

static void
stopped_master_holds_no_private_line(void **state)
{
	Srv s;
	Cli *c, *t, *q;

	(void)state;
	srv_start(&s, NULL, "--no-flood", "--trace", "target", NULL);
	c = cli_login(&s, "sender");
	q = cli_login(&s, "leaver");
	cli_send(q, "PART #lobby");	/* its QUIT will ring nobody */
	EXPECT(q, "PART #lobby");
	t = cli_login(&s, "target");
	/* The target's own timers out of the way (its JOIN's lazy ring, and
	 * its trim after its last input, TRIM_QUIET_MS): one would wake it
	 * and deliver its lines whoever closed the round. */
	assert_non_null(srv_log_wait(&s, "gave back the pages", wait_ms()));
	assert_int_equal(kill(s.pid, SIGSTOP), 0);
	say_in_a_new_round(c, t, "stopped");	/* the sender closes it */
	/* a writer that leaves right after its line: it closes the round
	 * as it goes (found by the hostile tester: stranded before) */
	cli_send(c, "PRIVMSG target :opens-a-round");
	EXPECT(t, "PRIVMSG target :opens-a-round");
	cli_send(q, "PRIVMSG target :from-a-leaver");
	cli_send(q, "QUIT :gone");
	EXPECT(t, "PRIVMSG target :from-a-leaver");
	assert_int_equal(pid_state(s.pid), 'T');
	kill(s.pid, SIGCONT);
	say_in_a_new_round(c, t, "running");	/* the master closes it */
	cli_close(t), cli_close(c), cli_close(q);
	srv_stop(&s);
}

/* A private line that goes through the ring (its target's mailbox was
 * full) rings its target at once, round or not: a round's close looks at
 * mailboxes only, so a target left to it slept on with the line in the
 * ring (found by the hostile tester: a target that emptied its mailbox
 * between the sender's look and its commit). The master is stopped so
 * that the open round would not be closed before the writers' late close,
 * which rings only mailboxes too. */
static void
line_through_the_ring_rings_at_once_in_a_round(void **state)
{
	Srv s;
	Cli *t, *x, *h, *c;

	(void)state;
	srv_start(&s, srv_hooks_bin(), "--no-flood", "--trace", "target",
	          NULL);
	t = cli_login(&s, "target");
	x = cli_login(&s, "bystander");
	h = cli_login(&s, "opener");
	c = cli_login(&s, "sender");
	/* the target's own timers out of the way (see above) */
	assert_non_null(srv_log_wait(&s, "gave back the pages", wait_ms()));
	cli_send(c, "TESTHOOK FULLBOX");
	EXPECT(c, "my next private line goes through the log");
	assert_int_equal(kill(s.pid, SIGSTOP), 0);
	cli_send(h, "PRIVMSG bystander :opens-a-round");
	EXPECT(x, "PRIVMSG bystander :opens-a-round");
	cli_send(c, "PRIVMSG target :through-the-ring");
	EXPECT(t, "PRIVMSG target :through-the-ring");
	kill(s.pid, SIGCONT);
	cli_close(t), cli_close(x), cli_close(h), cli_close(c);
	srv_stop(&s);
}

/* A line copied out of the log while a writer overwrote it (a reader
 * evicted, then lapped) is torn: none of it may reach the client. The
 * hook makes the next copy count as torn; the reader must be dropped,
 * its client reading whole lines and then why. */
static void
torn_copy_never_reaches_the_client(void **state)
{
	Srv s;
	Cli *a, *b;
	const char *l;
	char last[IRC_LINE_MAX + 1] = "";

	(void)state;
	srv_start(&s, srv_hooks_bin(), NULL);
	a = cli_login(&s, "tearer");
	b = cli_login(&s, "talker");
	cli_send(a, "TESTHOOK TEAR");
	EXPECT(a, "the next room line I copy is torn");
	cli_send(b, "PRIVMSG #lobby :torn-line");
	while ((l = cli_line(a, wait_ms()))) {
		assert_null(strstr(l, "torn-line"));
		snprintf(last, sizeof(last), "%s", l);
	}
	assert_true(a->eof);
	assert_string_equal(last,
	                    "ERROR :Closing Link: 127.0.0.1 (SendQ exceeded)");
	EXPECT(b, ":tearer!~tester@127.0.0.1 QUIT :SendQ exceeded");
	cli_close(a), cli_close(b);
	srv_stop(&s);
}

/* A server without flood control: these tests say many lines at once. */
static int
setup_noflood(void **state)
{
	static Srv srv;

	srv_start(&srv, NULL, "--no-flood", NULL);
	*state = &srv;
	return 0;
}

#define NOFLOOD_TEST(f) \
	cmocka_unit_test_setup_teardown(f, setup_noflood, srv_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		NOFLOOD_TEST(private_lines_keep_their_place_among_room_lines),
		NOFLOOD_TEST(private_line_after_a_room_line_seen_arrives_after_it),
		NOFLOOD_TEST(lines_said_in_a_round_all_arrive_in_order),
		cmocka_unit_test(stopped_master_holds_no_private_line),
		cmocka_unit_test(line_through_the_ring_rings_at_once_in_a_round),
		cmocka_unit_test(full_mailbox_of_a_target_that_never_reads),
		cmocka_unit_test(writer_killed_holding_a_mailbox),
		cmocka_unit_test(writer_killed_between_two_lines_of_a_batch),
		cmocka_unit_test(stopped_reader_holds_the_room_back_for_seconds_only),
		cmocka_unit_test(target_killed_while_rung_is_reaped_after_the_ring),
		cmocka_unit_test(crash_while_another_reap_is_held_is_announced),
		cmocka_unit_test(torn_copy_never_reaches_the_client),
	};
	return cmocka_run_group_tests_name("relay", tests, NULL, NULL);
}
