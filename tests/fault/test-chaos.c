/* test-chaos.c: 200 clients chatting while everything goes wrong at once.
 *
 * 151 well-behaved clients (w000...) each say M lines, every fifth one
 * privately to the next client, the rest to the room; 40 victims (v00...)
 * chat and read too, and their server processes are SIGKILLed at random
 * moments; 8 clients (stall0...) stop reading at a random moment; one
 * client (flood) sends F lines at once and meets its flood control.
 * Meanwhile 60 connections send junk (random bytes, half lines, 100 KB
 * without a newline, invalid UTF-8, NUL bytes) and vanish, and 20 connect
 * and never register. The schedule comes from a seeded RNG (the seed is
 * printed; CHAOS_SEED=N replays another) and follows progress, not the
 * clock: each event fires when the count of lines delivered passes its
 * mark. So the outcome is the same on a fast machine and a loaded one.
 *
 * Then: the server is alive; every well-behaved client and the flooder got
 * every line meant for it, in order, and nothing else (no private line of
 * another, no junk); all agree on how many lines each victim got out
 * before it died; the stalled clients got a prefix, in order, or were
 * dropped with "SendQ exceeded"; the silent ones were dropped at the
 * registration timeout; the master's children are exactly the processes
 * of the clients still connected; LUSERS agrees; the room fills up to
 * capacity again; and once everyone has left, the master's private memory
 * is what it was before the chaos, after a warm-up that used every slot.
 *
 * Reading order: this file (the chaos), chaos-lines.c (what each reader
 * must get), chaos-check.c (what must hold after); helpers: chaos-srv.c
 * (the log, logins, children), junk.c, procinfo.c. */
#define _GNU_SOURCE		/* close_range */
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
#include <time.h>
#include <unistd.h>

#include "chaos-test.h"
#include "util.h"

Chaos ch;

static void
say(int fd, const char *line)
{
	if (send(fd, line, strlen(line), MSG_NOSIGNAL) < 0) {
		/* a victim's process is gone: its lines go nowhere */
	}
}

/* The chatters, in one helper: round by round, each says its next line
 * in a shuffled order; the rounds are paced so that the chaos happens
 * while they talk. */
static void
chatter(void)
{
	struct timespec pace = { 0, ROUND_MS * 1000000L };
	unsigned rng = ch.seed;
	int order[FLOODER], i, j, t, k;
	char line[64];

	for (i = 0; i < FLOODER; i++)
		order[i] = i;
	for (i = 0; i < M; i++) {
		for (j = FLOODER - 1; j > 0; j--) {
			k = (int)(rand_r(&rng) % (unsigned)(j + 1));
			t = order[j], order[j] = order[k], order[k] = t;
		}
		for (j = 0; j < FLOODER; j++) {
			chaos_line(line, sizeof(line), order[j], i);
			say(ch.r[order[j]].c->fd, line);
		}
		nanosleep(&pace, NULL);
	}
}

/* The flooder's F lines, written at once: its flood control lets 20 in,
 * then 50 a second; they wait in its own socket meanwhile. */
static void
flood(void)
{
	static char buf[F * 40];
	size_t n = 0;
	int i;

	for (i = 0; i < F; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n,
		                      "PRIVMSG #lobby :s%d %d\r\n", FLOODER, i);
	cli_send_raw(ch.r[FLOODER].c, buf, n);
}

static pid_t
helper(void (*fn)(void), int port, int junk_id)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid > 0) {
		ch.helper[ch.nhelper++] = pid;
		return pid;
	}
	if (fn) {
		fn();
	} else {
		/* no copy of the test's sockets: they close when it says */
		close_range(3, ~0U, 0);
		junk_run(port, junk_id % JUNK_KINDS, junk_id / JUNK_KINDS % 2,
		         junk_id, ch.seed ^ (unsigned)junk_id * 2654435761U);
	}
	_exit(0);
}

static void
unregistered(int id)
{
	static const char *const say_[] = {
		NULL, "NICK u%d", "USER u%d 0 * :u", "CAP LS 302",
		"CAP LS 302\r\nNICK u%d\r\nUSER u 0 * :u",	/* no CAP END */
	};
	Cli *c = cli_connect(&ch.s);

	snprintf(c->nick, sizeof(c->nick), "unreg%d", id);
	if (say_[id % LEN(say_)])
		cli_send(c, say_[id % LEN(say_)], id);
	ch.unreg[ch.unregs++] = c;
}

static void
fire(void)
{
	Event *e;

	while (ch.fired < ch.nev && ch.ev[ch.fired].at <= ch.total) {
		e = &ch.ev[ch.fired++];
		switch (e->type) {
		case EV_KILL:
			kill(ch.r[NW + e->arg].pid, SIGKILL);
			ch.killed[e->arg] = 1;
			ch.kills++;
			break;
		case EV_JUNK:
			helper(NULL, ch.s.port, e->arg);
			ch.junks++;
			break;
		case EV_UNREG:
			unregistered(e->arg);
			break;
		case EV_STALL:
			ch.st[e->arg].stalled = 1;
			ch.stalls++;
			break;
		}
	}
}

static int
by_mark(const void *a, const void *b)
{
	const Event *x = a, *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

static void
add(int type, int n, double lo, double hi)
{
	double f;
	int i;

	for (i = 0; i < n; i++) {
		f = lo + (hi - lo) * rand_r(&ch.rng) / (double)RAND_MAX;
		ch.ev[ch.nev++] = (Event){ (long)(f * (double)ch.want), type,
		                           i };
	}
}

static void
schedule(void)
{
	add(EV_KILL, NV, 0.05, 0.80);
	add(EV_JUNK, NJ, 0.00, 0.80);
	add(EV_UNREG, NU, 0.00, 0.50);
	add(EV_STALL, ND, 0.05, 0.50);
	qsort(ch.ev, (size_t)ch.nev, sizeof(ch.ev[0]), by_mark);
}

/* Take what r has; a closed connection is only right for a victim. */
static void
drain(Rcv *r, int victim)
{
	const char *l;

	while ((l = cli_line(r->c, 0)))
		rcv_take(r, l);
	if (!r->c->eof)
		return;
	if (!victim)
		fail_msg("%s: the server closed the connection", r->c->nick);
	r->gone = 1;
}

static int
all_done(void)
{
	int i;

	for (i = 0; i < NR; i++)
		if (!chaos_victim(i) && !rcv_done(&ch.r[i]))
			return 0;
	return ch.fired == ch.nev;
}

static void
stuck(void)
{
	int i;

	for (i = 0; i < NR; i++)
		if (!chaos_victim(i) && !rcv_done(&ch.r[i]))
			fail_msg("no progress: %s has %ld of %ld lines, %d of %d "
			         "quits (%d events of %d fired)", ch.r[i].c->nick,
			         ch.r[i].got, ch.r[i].want, ch.r[i].quits, NV,
			         ch.fired, ch.nev);
	fail_msg("no progress: %d events of %d fired", ch.fired, ch.nev);
}

static int
poll_set(struct pollfd *pfd)
{
	int i, n = 0;

	for (i = 0; i < NR + ND; i++) {
		Rcv *r = i < NR ? &ch.r[i] : &ch.st[i - NR];
		if (r->gone || r->stalled)
			continue;
		pfd[n].fd = r->c->fd;
		pfd[n++].events = POLLIN;
	}
	pfd[n].fd = ch.s.errfd;
	pfd[n++].events = POLLIN;
	return n;
}

/* The chaos: read everyone who reads, fire the events as lines come. */
static void
run(void)
{
	static struct pollfd pfd[NR + ND + 1];
	long long idle_since = now_ms();
	long last = -1;
	int i;

	helper(chatter, 0, 0);
	helper(flood, 0, 0);
	while (!all_done()) {
		for (i = 0; i < NR; i++)
			if (!ch.r[i].gone)
				drain(&ch.r[i], chaos_victim(i) &&
				      ch.killed[i - NW]);
		for (i = 0; i < ND; i++)
			if (!ch.st[i].stalled)
				drain(&ch.st[i], 0);
		log_pump(&ch.s, &ch.log);
		fire();
		if (ch.total != last)
			last = ch.total, idle_since = now_ms();
		else if (now_ms() - idle_since > 3 * wait_ms())
			stuck();
		poll(pfd, (nfds_t)poll_set(pfd), 100);
	}
}

static void
reap_helpers(void)
{
	long long end = now_ms() + 3 * wait_ms();
	int i, left;

	do {
		for (i = left = 0; i < ch.nhelper; i++) {
			if (ch.helper[i] > 0 &&
			    waitpid(ch.helper[i], NULL, WNOHANG) == 0)
				left++;
			else
				ch.helper[i] = 0;
		}
		log_pump(&ch.s, &ch.log);
	} while (left && now_ms() < end && poll(NULL, 0, 20) == 0);
	for (i = 0; i < ch.nhelper; i++)
		if (ch.helper[i] > 0) {
			kill(ch.helper[i], SIGKILL);
			waitpid(ch.helper[i], NULL, 0);
		}
	if (left)
		fail_msg("%d helpers could not send their lines", left);
}

static void
join_all(void)
{
	static Cli *c[NR + ND];
	int i;

	login_many(&ch.s, &ch.log, c, NW, "w%03d", 0);
	login_many(&ch.s, &ch.log, c + NW, NV, "v%02d", 0);
	login_many(&ch.s, &ch.log, c + FLOODER, 1, "flood%d", 0);
	login_many(&ch.s, &ch.log, c + NR, ND, "stall%d", 0);
	for (i = 0; i < NR + ND; i++) {
		Rcv *r = i < NR ? &ch.r[i] : &ch.st[i - NR];
		rcv_init(r, c[i], i < NR ? i : -1);
		r->pid = log_pid(&ch.s, &ch.log, c[i]->nick);
	}
	for (i = 0; i < NR; i++)
		if (!chaos_victim(i))
			ch.want += ch.r[i].want;
}

static void
start(int reg_timeout)
{
	const char *seed = getenv("CHAOS_SEED");
	char reg[16];

	memset(&ch, 0, sizeof(ch));
	ch.seed = seed ? (unsigned)strtoul(seed, NULL, 0) : 20261126U;
	ch.rng = ch.seed;
	print_message("seed %u (CHAOS_SEED=%u replays it)\n", ch.seed,
	              ch.seed);
	snprintf(reg, sizeof(reg), "%d", reg_timeout);
	srv_start(&ch.s, NULL, "-m", "400", "--per-ip", "0", "--flood-burst",
	          "20", "--flood-rate", "50", "--reg-timeout", reg, NULL);
}

static void
chaos_under_load(void **state)
{
	static pid_t pids[CAP];
	int slow = wait_ms() / WAIT_MS, reg_timeout = 5 * slow, i, n, dropped;
	long vlines;

	(void)state;
	start(reg_timeout);
	check_warm_up();
	join_all();
	schedule();
	run();
	reap_helpers();
	assert_true(pid_alive(ch.s.pid));
	vlines = check_victims();
	dropped = check_stalled();
	check_unregistered(reg_timeout);
	n = check_open_pids(pids);
	children_are(&ch.s, &ch.log, pids, n);
	lusers_are(&ch.s, &ch.log, ch.r[0].c, n);
	check_fill_up(n);
	for (i = 0; i < NR; i++)
		cli_close(ch.r[i].c);
	for (i = 0; i < ND; i++)
		cli_close(ch.st[i].c);
	children_are(&ch.s, &ch.log, NULL, 0);
	print_message("clients: %d chatting (%d well-behaved, %d victims, %d "
	              "stalled, 1 flooder of %d lines)\n", NR + ND, NW, NV, ND,
	              F);
	print_message("kills: %d, bad connections: %d (junk %d, never "
	              "registered %d)\n", ch.kills, ch.junks + NU, ch.junks,
	              NU);
	assert_int_equal(ch.total, ch.want);
	print_message("lines delivered: %ld (all %ld due to the well-behaved "
	              "clients and the flooder, in order; %ld lines of victims "
	              "before they died, to each alike), lost: 0\n",
	              ch.total + vlines * (NW + 1), ch.total, vlines);
	print_message("stalled readers: %d caught up, %d dropped (SendQ "
	              "exceeded)\n", ND - dropped, dropped);
	check_memory(NR + ND + NJ + NU + CAP - n + 1);
	if (ch.log.bad[0])
		fail_msg("the server's log: %s", ch.log.bad);
	srv_stop(&ch.s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chaos_under_load),
	};

	return cmocka_run_group_tests_name("chaos", tests, NULL, NULL);
}
