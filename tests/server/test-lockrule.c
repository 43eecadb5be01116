/* test-lockrule.c: the lock rule (forkd-server/shm.h), from outside.
 *
 * Under the table lock a process only copies. A reply queued under it
 * once froze the whole server: a client that sent `WHO *` and read
 * nothing overflowed its send queue inside the WHO, and the drop took the
 * lock a second time (issue 8). Here every reply that is built from the
 * table, and every line the others cause, meets a client that never
 * reads and the smallest send queue: that client must be dropped with
 * "SendQ exceeded", and everyone else served as before. The server is
 * the checked build (forkd-server-hooks: FORKD_CHECKED), which aborts a
 * process that breaks the rule, so a broken rule fails these tests even
 * where it would not hang. Last, the check itself: a deliberate
 * violation is caught. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"

#define IDLE 20		/* users in the room besides the stalled one */

typedef struct {
	Srv s;
	Cli *u[IDLE];
	int n;		/* stalled clients so far: their nicks differ */
	int crashquits;	/* crash QUITs idle01 has seen */
} World;

/* The idle users keep reading, as real clients do: take what each has. */
static void
drain_all(World *w)
{
	const char *l;
	int i;

	for (i = 0; i < IDLE; i++)
		while ((l = cli_line(w->u[i], 0)))
			if (i == 1 && strstr(l, " QUIT :Connection lost "
			                        "(killed by SIGKILL)"))
				w->crashquits++;
	srv_log_drain(&w->s);	/* see harness.h: or the server may wait */
}

/* Wait for a server log line, the idle users reading meanwhile. */
static const char *
wait_log(World *w, const char *text, int ms)
{
	long long end = now_ms() + ms;
	const char *l;

	do {
		drain_all(w);
		if ((l = srv_log_wait(&w->s, text, 20)))
			return l;
	} while (now_ms() < end);
	return NULL;
}

/* One server for the group: --sendq at its least (4096 bytes), and flood
 * control at its fastest (1000 lines a second after a burst of 1000), so
 * a stalled client's queue fills in a moment. (With --no-flood, one
 * client's PART/JOIN or NICK lines, which the log takes without waiting
 * for room, lap every reader of a 2048-entry test ring: all of them were
 * dropped. Flood control is what keeps a room's lines at a pace its
 * readers keep up with.) */
static int
world_setup(void **state)
{
	World *w = calloc(1, sizeof(*w));
	char nick[16];
	int i;

	srv_start(&w->s, srv_hooks_bin(), "--sendq", "4096", "--flood-burst",
	          "1000", "--flood-rate", "1000", "--per-ip", "0", NULL);
	for (i = 0; i < IDLE; i++) {
		snprintf(nick, sizeof(nick), "idle%02d", i);
		w->u[i] = cli_login(&w->s, nick);
	}
	*state = w;
	return 0;
}

static int
world_teardown(void **state)
{
	World *w = *state;
	int i;

	for (i = 0; i < IDLE; i++)
		if (w->u[i])
			cli_close(w->u[i]);
	srv_stop(&w->s);
	free(w);
	return 0;
}

/* A registered client with a small receive window that never reads. */
static Cli *
stalled(World *w, char *nick, size_t n)
{
	Cli *c = cli_connect_small(&w->s, 2048);

	snprintf(nick, n, "stall%d", w->n++);
	cli_send(c, "NICK %s", nick);
	cli_send(c, "USER s 0 * :s");
	assert_non_null(cli_expect(c, " 366 ", wait_ms()));
	snprintf(c->nick, sizeof(c->nick), "%s", nick);
	return c;
}

/* The server still serves: everyone idle gets a line said in the room,
 * and a newcomer registers. */
static void
still_serving(World *w)
{
	Cli *fresh;
	int i;

	for (i = 1; i < IDLE; i++)
		cli_sync(w->u[i], w->u[0]);
	fresh = cli_login(&w->s, "fresh");
	cli_close(fresh);
	assert_null(strstr(w->s.log, "lock rule broken"));
}

/* Write n bytes to c without blocking, the idle users reading whenever
 * the server is not reading c (a full log holds its input back until
 * every reader has caught up). Returns 0 if the server closed c. */
static int
put_all(World *w, Cli *c, const char *p, size_t n)
{
	long long end = now_ms() + 4 * wait_ms();
	ssize_t k;

	while (n > 0 && now_ms() < end) {
		k = send(c->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (k < 0 && errno != EAGAIN && errno != EINTR)
			return 0;
		if (k > 0) {
			p += k;
			n -= (size_t)k;
		}
		drain_all(w);
		if (n > 0)
			poll(&(struct pollfd){ .fd = c->fd, .events = POLLOUT },
			     1, 20);
	}
	if (n > 0)
		fail_msg("%s: the server stopped reading", c->nick);
	return 1;
}

/* Send line count times to c, a hundred lines a write, the idle users
 * reading between writes. */
static void
repeat(World *w, Cli *c, const char *line, int count)
{
	static char buf[64 * 1024];
	size_t k = strlen(line), n = 0;
	int i;

	for (i = 0; i < count; i++) {
		memcpy(buf + n, line, k);
		memcpy(buf + n + k, "\r\n", 2);
		n += k + 2;
		if (i % 100 == 99 || i == count - 1) {
			if (!put_all(w, c, buf, n))
				return;	/* dropped before the last write */
			n = 0;
		}
	}
}

/* The end of the server's log, printed for a failure (cmocka's own
 * message is short). */
static const char *
log_tail(World *w)
{
	fprintf(stderr, "server log, last lines:\n%s\n",
	        w->s.loglen > 3000 ? w->s.log + w->s.loglen - 3000 : w->s.log);
	return "(above)";
}

/* The stalled client asks `line` until its replies overflow its queue. */
static void
drop_on(World *w, const char *line, int count)
{
	char nick[16], want[64];
	Cli *c = stalled(w, nick, sizeof(nick));

	repeat(w, c, line, count);
	snprintf(want, sizeof(want), "leave %s (SendQ exceeded)", nick);
	if (!wait_log(w, want, 4 * wait_ms()))
		fail_msg("'%s' x%d: no drop; server log:\n%s", line, count,
		         log_tail(w));
	cli_close(c);
	still_serving(w);
}

/* Each reply of about 20 lines of ~80 bytes: 150 of them are 240 KB,
 * more than the kernel's buffers (a 64 KiB send buffer, a 2 KiB window)
 * and the 4 KiB queue hold together. */
static void who_star(void **st) { drop_on(*st, "WHO *", 150); }
static void who_room(void **st) { drop_on(*st, "WHO #lobby", 150); }
static void who_mask(void **st) { drop_on(*st, "WHO idle*", 150); }
static void who_zero(void **st) { drop_on(*st, "WHO 0", 150); }
static void who_nick(void **st) { drop_on(*st, "WHO idle01", 3000); }
static void
whois_list(void **st)
{
	drop_on(*st, "WHOIS idle00,idle01,idle02,idle03,idle04,idle05,"
	        "idle06,idle07,idle08,idle09,nobody", 600);
}
static void names(void **st) { drop_on(*st, "NAMES #lobby", 2000); }
static void names_all(void **st) { drop_on(*st, "NAMES", 2000); }
static void list(void **st) { drop_on(*st, "LIST", 3000); }
static void
ison(void **st)
{
	drop_on(*st, "ISON idle00 idle01 idle02 idle03 idle04 idle05 "
	        "idle06 idle07 idle08 idle09 nobody", 3000);
}
static void
userhost(void **st)
{
	drop_on(*st, "USERHOST idle00 idle01 idle02 idle03 idle04", 3000);
}
static void lusers(void **st) { drop_on(*st, "LUSERS", 1500); }
/* Lines that reach the stalled client through the log rather than as
 * replies: its own join bursts (PART/JOIN), the others' nick changes, and
 * crash QUITs that the master writes. They wait in the log while its
 * queue is full, which costs nobody anything; once the room has said
 * more than the log holds, it is dropped; the others get every line
 * (crash QUITs included) and the server keeps serving. */
static void
talk_until_dropped(World *w, const char *nick)
{
	char want[64];
	int i;

	snprintf(want, sizeof(want), "leave %s (SendQ exceeded)", nick);
	for (i = 0; i < 2000; i++) {
		cli_send(w->u[1], "PRIVMSG #lobby :talking on %d", i);
		if (i % 50 == 49 && wait_log(w, want, 0))
			break;
	}
	if (!wait_log(w, want, 4 * wait_ms()))
		fail_msg("no drop; server log:\n%s", log_tail(w));
}

static void
join_burst(void **state)
{
	World *w = *state;
	char nick[16];
	Cli *c = stalled(w, nick, sizeof(nick));

	repeat(w, c, "PART #lobby\r\nJOIN #lobby", 1500);
	talk_until_dropped(w, nick);
	still_serving(w);
	cli_close(c);
}

static void
fanout(void **state)
{
	World *w = *state;
	char nick[16], want[64];
	Cli *c = stalled(w, nick, sizeof(nick)), *v[3];
	pid_t pid;
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "victim%d", i);
		v[i] = cli_login(&w->s, want);
	}
	for (i = 0; i < 3; i++) {
		pid = srv_child_pid(&w->s, v[i]->nick);
		assert_true(pid > 0);
		kill(pid, SIGKILL);
	}
	for (i = 0; i < 1500; i++) {
		cli_send(w->u[0], "NICK %s", i % 2 ? "idle00" : "renamed");
		if (i % 100 == 0)
			drain_all(w);
	}
	for (i = 0; w->crashquits < 3 && i < 4 * wait_ms() / 20; i++)
		wait_log(w, "no such line", 20);
	assert_int_equal(w->crashquits, 3);
	for (i = 0; i < 3; i++)
		cli_close(v[i]);
	talk_until_dropped(w, nick);
	still_serving(w);
	cli_close(c);
}

/* A reader whose lines wait in the log (its queue full) and that leaves
 * and rejoins meanwhile must still get the lines said while it was in
 * the room, or be dropped: never lose them in silence. (Found with the
 * join bursts above: the session kept one JOIN-to-PART span, and a
 * rejoin made every line of the earlier span "before our JOIN".) */
static void
rejoin_while_behind_loses_nothing(void **state)
{
	enum { LINES = 340 };	/* 160 KB: more than the kernel's buffers */
	World *w = *state;
	char nick[16], pad[440], want[600];
	Cli *r = stalled(w, nick, sizeof(nick)), *a = w->u[2];
	const char *l;
	int i, next = 0, quit = 0;

	memset(pad, 'p', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	for (i = 0; i < LINES; i++) {
		cli_send(a, "PRIVMSG #lobby :line %d %s", i, pad);
		if (i % 20 == 19)
			drain_all(w);
	}
	cli_sync(w->u[3], a);
	cli_send(r, "PART #lobby");
	cli_send(r, "JOIN #lobby");
	snprintf(want, sizeof(want), ":%s!~s@127.0.0.1 JOIN", nick);
	while (!(l = cli_line(w->u[3], 100)) || !strstr(l, want))
		if (!l && !wait_log(w, "no such line", 20) && r->eof)
			fail_msg("no rejoin seen");
	/* now read: every line in order, or a drop, nothing skipped */
	while (next < LINES && (l = cli_line(r, wait_ms()))) {
		if (strstr(l, "ERROR :") || strstr(l, "SendQ exceeded")) {
			quit = 1;
			break;
		}
		snprintf(want, sizeof(want), "PRIVMSG #lobby :line %d ", next);
		if (strstr(l, "PRIVMSG #lobby :line ")) {
			if (!strstr(l, want))
				fail_msg("expected line %d, got %.60s", next, l);
			next++;
		}
		drain_all(w);
	}
	/* A drop whose ERROR found the socket still full ends in EOF: the
	 * server does not wait for a client that does not read. The log
	 * says why (seen once in 30 runs under load: 283 lines, then EOF). */
	if (!quit && next < LINES && r->eof) {
		snprintf(want, sizeof(want), "leave %s (SendQ exceeded)", nick);
		quit = wait_log(w, want, wait_ms()) != NULL;
	}
	if (!quit)
		assert_int_equal(next, LINES);
	cli_close(r);
	still_serving(w);
}

/* The check itself: a process that takes the lock again, or queues a
 * reply under it, is stopped by the checked build (SIGABRT), with the
 * rule named in the log; SEM_UNDO gives the lock back, the crash is
 * announced, and the others go on. */
static void
violation_caught(World *w, const char *how, const char *said)
{
	char nick[16];
	Cli *c;

	snprintf(nick, sizeof(nick), "breaker%d", w->n++);
	c = cli_login(&w->s, nick);
	cli_send(c, "TESTHOOK BREAK %s", how);
	if (!wait_log(w, said, 2 * wait_ms()))
		fail_msg("TESTHOOK BREAK %s not caught; log:\n%s", how,
		         log_tail(w));
	assert_non_null(cli_expect(w->u[0], "(killed by SIGABRT)",
	                           2 * wait_ms()));
	cli_close(c);
	for (int i = 1; i < IDLE; i++)
		cli_sync(w->u[i], w->u[0]);
	cli_close(cli_login(&w->s, "after"));
}

static void
nested_lock_is_caught(void **state)
{
	violation_caught(*state, "LOCK",
	                 "lock rule broken: taking the lock again");
}

static void
reply_under_lock_is_caught(void **state)
{
	violation_caught(*state, "SENDQ",
	                 "lock rule broken: queueing a reply");
}

/* A command's replies cost flood credit: every 10 lines of them count as
 * one line sent. With a burst of 3 and 1 line a second, a WHO of 41
 * users (43 lines: 4 more credits) leaves the next line waiting about 3
 * seconds; free replies would let it through at once. (Asserts only
 * that it is not answered at once, and is answered in the end.) */
static void
replies_cost_flood_credit(void **state)
{
	enum { USERS = 40 };
	Srv s;
	Cli *u[USERS], *asker;
	char nick[16];
	int i;

	(void)state;
	srv_start(&s, NULL, "--flood-burst", "3", "--flood-rate", "1",
	          "--per-ip", "0", NULL);
	for (i = 0; i < USERS; i++) {
		snprintf(nick, sizeof(nick), "crowd%02d", i);
		u[i] = cli_login(&s, nick);
	}
	asker = cli_login(&s, "asker");
	cli_send(asker, "WHO *\r\nPING :after-who");
	assert_non_null(cli_expect(asker, " 315 ", wait_ms()));
	assert_null(cli_expect(asker, "after-who", 1500));
	assert_non_null(cli_expect(asker, "after-who", 3 * wait_ms()));
	cli_close(asker);
	for (i = 0; i < USERS; i++)
		cli_close(u[i]);
	srv_stop(&s);
}

/* The other side of the same coin: a client that reads gets the whole
 * of a long answer, even one longer than --sendq (60 users' WHO is over
 * 4 KiB): the queue is written out as it fills. */
static void
long_answer_to_a_reader_is_not_dropped(void **state)
{
	enum { USERS = 60 };
	Srv s;
	Cli *u[USERS], *asker;
	char nick[16];
	const char *l;
	int i, n = 0;

	(void)state;
	srv_start(&s, NULL, "--sendq", "4096", "--per-ip", "0", NULL);
	for (i = 0; i < USERS; i++) {
		snprintf(nick, sizeof(nick), "many%02d", i);
		u[i] = cli_login(&s, nick);
	}
	asker = cli_login(&s, "asker");
	cli_send(asker, "WHO *");
	while ((l = cli_line(asker, wait_ms())) && !strstr(l, " 315 ")) {
		assert_null(strstr(l, "SendQ exceeded"));
		n += strstr(l, " 352 ") != NULL;
	}
	assert_non_null(l);
	assert_int_equal(n, USERS + 1);
	cli_close(asker);
	for (i = 0; i < USERS; i++)
		cli_close(u[i]);
	srv_stop(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(who_star),
		cmocka_unit_test(who_room),
		cmocka_unit_test(who_mask),
		cmocka_unit_test(who_zero),
		cmocka_unit_test(who_nick),
		cmocka_unit_test(whois_list),
		cmocka_unit_test(names),
		cmocka_unit_test(names_all),
		cmocka_unit_test(list),
		cmocka_unit_test(ison),
		cmocka_unit_test(userhost),
		cmocka_unit_test(lusers),
		cmocka_unit_test(join_burst),
		cmocka_unit_test(fanout),
		cmocka_unit_test(rejoin_while_behind_loses_nothing),
		cmocka_unit_test(nested_lock_is_caught),
		cmocka_unit_test(reply_under_lock_is_caught),
	};

	const struct CMUnitTest alone[] = {
		cmocka_unit_test(replies_cost_flood_credit),
		cmocka_unit_test(long_answer_to_a_reader_is_not_dropped),
	};
	int failed;

	signal(SIGPIPE, SIG_IGN);
	failed = cmocka_run_group_tests(tests, world_setup, world_teardown);
	return failed + cmocka_run_group_tests(alone, NULL, NULL);
}
