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
 * Helpers: chaos-srv.c (the log, logins, children), junk.c, procinfo.c. */
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

#include "chaos.h"
#include "harness.h"
#include "util.h"

enum {
	CAP = 400,		/* -m */
	NW = 151,		/* well-behaved */
	NV = 40,		/* victims */
	ND = 8,			/* stalled readers */
	NR = NW + NV + 1,	/* readers that are also senders */
	FLOODER = NW + NV,	/* its index among them */
	NJ = 60,		/* junk connections */
	NU = 20,		/* never register */
	M = 10,			/* lines each chatter says */
	F = 300,		/* lines the flooder sends at once */
	PRIV_EVERY = 5,		/* every fifth line is private */
	ROUND_MS = 200,		/* the chatters' pace */
	NEV = NV + NJ + NU + ND,
	WARM_KILLS = 10,
};

enum { EV_KILL, EV_JUNK, EV_UNREG, EV_STALL };

typedef struct {
	Cli *c;
	int self;		/* its sender index, or -1 */
	int next[NR];		/* next line due from each sender */
	long got, want;		/* lines from W and the flooder */
	long vlines;		/* lines from victims */
	int quits;		/* victims' quits seen */
	int stalled, gone;
	pid_t pid;		/* its process in the server */
} Rcv;

typedef struct {
	long at;		/* fires when this many lines were delivered */
	int type, arg;
} Event;

typedef struct {
	Srv s;
	Log log;
	Rcv r[NR], st[ND];
	Cli *unreg[NU];
	Event ev[NEV];
	int nev, fired;
	pid_t helper[NJ + 2];
	int nhelper;
	long total, want;
	int killed[NV], kills, junks, unregs, stalls, sendq_drops;
	unsigned seed, rng;
	Mem before, after;
} Chaos;

static Chaos ch;
static const char *const markers[] = JUNK_MARKERS;

static int
limit(int k)
{
	return k == FLOODER ? F : M;
}

static int
is_victim(int k)
{
	return k >= NW && k < FLOODER;
}

static int
priv_line(int k, int i)
{
	return k < NW && i % PRIV_EVERY == PRIV_EVERY - 1;
}

/* Who may see line i of sender k: not the sender (the server skips it),
 * and a private line only its target, the next well-behaved client. */
static int
visible(int k, int i, int self)
{
	return k != self && (!priv_line(k, i) || (k + 1) % NW == self);
}

static int
due_from(int k, int self, int i)
{
	while (i < limit(k) && !visible(k, i, self))
		i++;
	return i;
}

static void
rcv_init(Rcv *r, Cli *c, int self)
{
	int k, i;

	r->c = c;
	r->self = self;
	for (k = 0; k < NR; k++) {
		r->next[k] = due_from(k, self, 0);
		for (i = 0; i < limit(k) && !is_victim(k); i++)
			r->want += visible(k, i, self);
	}
}

static void
no_junk(const Rcv *r, const char *l)
{
	size_t i;

	for (i = 0; i < LEN(markers); i++)
		if (strstr(l, markers[i]))
			fail_msg("%s received junk: %s", r->c->nick, l);
}

static void
note_quit(Rcv *r, const char *l)
{
	int n;

	if (strstr(l, " QUIT :Connection lost (killed by SIGKILL)"))
		r->quits++;
	if (r == &ch.r[0] && strstr(l, " QUIT :SendQ exceeded") &&
	    sscanf(l, ":stall%d!", &n) == 1)
		ch.sendq_drops++;
}

/* One line for r: a chat line must be the next one due from its sender. */
static void
take(Rcv *r, const char *l)
{
	const char *p = strstr(l, " PRIVMSG ");
	char to[64];
	int k, i, priv;

	no_junk(r, l);
	note_quit(r, l);
	if (!p || sscanf(p + 9, "%63s :s%d %d", to, &k, &i) != 3)
		return;
	priv = strcmp(to, "#lobby") != 0;
	if (k < 0 || k >= NR)
		fail_msg("%s: a line from no sender: %s", r->c->nick, l);
	if (priv && strcmp(to, r->c->nick))
		fail_msg("%s got a private line for %s", r->c->nick, to);
	if (i != r->next[k] || priv != priv_line(k, i))
		fail_msg("%s: from sender %d expected line %d, got %d (%s)",
		         r->c->nick, k, r->next[k], i, l);
	r->next[k] = due_from(k, r->self, i + 1);
	if (is_victim(k)) {
		r->vlines++;
		return;
	}
	r->got++;
	if (r->self >= 0 && !is_victim(r->self))
		ch.total++;
}

static int
done(const Rcv *r)
{
	return r->got == r->want && r->quits == NV;
}

static void
chat_line(char *buf, size_t n, int k, int i)
{
	if (priv_line(k, i))
		snprintf(buf, n, "PRIVMSG w%03d :s%d %d\r\n", (k + 1) % NW, k,
		         i);
	else
		snprintf(buf, n, "PRIVMSG #lobby :s%d %d\r\n", k, i);
}

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
			chat_line(line, sizeof(line), order[j], i);
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
		take(r, l);
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
		if (!is_victim(i) && !done(&ch.r[i]))
			return 0;
	return ch.fired == ch.nev;
}

static void
stuck(void)
{
	int i;

	for (i = 0; i < NR; i++)
		if (!is_victim(i) && !done(&ch.r[i]))
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
	long long idle_since = msnow();
	long last = -1;
	int i;

	helper(chatter, 0, 0);
	helper(flood, 0, 0);
	while (!all_done()) {
		for (i = 0; i < NR; i++)
			if (!ch.r[i].gone)
				drain(&ch.r[i], is_victim(i) &&
				      ch.killed[i - NW]);
		for (i = 0; i < ND; i++)
			if (!ch.st[i].stalled)
				drain(&ch.st[i], 0);
		log_pump(&ch.s, &ch.log);
		fire();
		if (ch.total != last)
			last = ch.total, idle_since = msnow();
		else if (msnow() - idle_since > 3 * wait_ms())
			stuck();
		poll(pfd, (nfds_t)poll_set(pfd), 100);
	}
}

static void
reap_helpers(void)
{
	long long end = msnow() + 3 * wait_ms();
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
	} while (left && msnow() < end && poll(NULL, 0, 20) == 0);
	for (i = 0; i < ch.nhelper; i++)
		if (ch.helper[i] > 0) {
			kill(ch.helper[i], SIGKILL);
			waitpid(ch.helper[i], NULL, 0);
		}
	if (left)
		fail_msg("%d helpers could not send their lines", left);
}

/* All agree how many lines each victim got out before it died. */
static long
victims_agree(void)
{
	long sum = 0;
	int v, i;

	for (v = NW; v < FLOODER; v++) {
		for (i = 0; i < NR; i++)
			if (!is_victim(i) && ch.r[i].next[v] != ch.r[0].next[v])
				fail_msg("%s got %d lines of v%02d, %s got %d",
				         ch.r[i].c->nick, ch.r[i].next[v],
				         ch.r[0].c->nick, v - NW,
				         ch.r[0].next[v]);
		sum += ch.r[0].next[v];
	}
	for (v = 0; v < NV; v++)	/* and each connection was cut */
		if (!ch.r[NW + v].gone &&
		    !cli_wait_eof(ch.r[NW + v].c, wait_ms()))
			fail_msg("v%02d is still connected", v);
	return sum;
}

/* Everything due, up to the marker line. */
static int
complete(const Rcv *r)
{
	int k;

	for (k = 0; k < NR; k++)
		if (r->next[k] != (is_victim(k) ? ch.r[0].next[k] : limit(k)))
			return 0;
	return 1;
}

/* A stalled client reads again: up to the marker, with everything, or
 * up to the end of a connection the server dropped. 1 if dropped. */
static int
resume(Rcv *r)
{
	const char *l;

	while ((l = cli_line(r->c, wait_ms())) && !strstr(l, ":mark-end"))
		take(r, l);
	if (l) {
		if (!complete(r))
			fail_msg("%s caught up but lacks lines", r->c->nick);
		return 0;
	}
	if (!r->c->eof)
		fail_msg("%s: neither the marker nor the end came", r->c->nick);
	r->gone = 1;
	return 1;
}

static int
stalled_resume(void)
{
	long long end = msnow() + wait_ms();
	const char *l;
	int i, dropped = 0;

	cli_send(ch.r[1].c, "PRIVMSG #lobby :mark-end");
	for (i = 0; i < ND; i++)
		dropped += resume(&ch.st[i]);
	/* each drop was announced to the room */
	while (ch.sendq_drops < dropped && msnow() < end &&
	       (l = cli_line(ch.r[0].c, (int)(end - msnow()))))
		take(&ch.r[0], l);
	assert_int_equal(ch.sendq_drops, dropped);
	return dropped;
}

static void
unregistered_dropped(int reg_timeout)
{
	int i, ms = reg_timeout * 1000 + wait_ms();

	assert_int_equal(ch.unregs, NU);
	for (i = 0; i < NU; i++) {
		if (!cli_expect(ch.unreg[i], "(Registration timed out)", ms))
			fail_msg("%s was not dropped", ch.unreg[i]->nick);
		assert_true(cli_wait_eof(ch.unreg[i], wait_ms()));
		cli_close(ch.unreg[i]);
	}
}

/* The processes of the clients still connected. */
static int
open_pids(pid_t *pids)
{
	int i, n = 0;

	for (i = 0; i < NR; i++)
		if (!is_victim(i))
			pids[n++] = ch.r[i].pid;
	for (i = 0; i < ND; i++)
		if (!ch.st[i].gone)
			pids[n++] = ch.st[i].pid;
	return n;
}

/* New clients take every free place; one more is refused. */
static void
fill_up(int open)
{
	static Cli *fill[CAP];
	Cli *extra;
	int i, n = CAP - open;

	login_many(&ch.s, &ch.log, fill, n, "fill%03d", 0);
	extra = cli_connect(&ch.s);
	if (!cli_expect(extra, "ERROR :Server full", wait_ms()))
		fail_msg("client %d of %d was not refused", CAP + 1, CAP);
	assert_true(cli_wait_eof(extra, wait_ms()));
	cli_close(extra);
	lusers_are(&ch.s, &ch.log, ch.r[0].c, CAP);
	for (i = 0; i < n; i++)
		cli_close(fill[i]);
}

/* Use every slot once, with some crashes, so that what the master
 * touches once (its tables, libc's buffers) is in `before`. */
static void
warm_up(void)
{
	static Cli *c[CAP];
	int i;

	login_many(&ch.s, &ch.log, c, CAP, "warm%03d", 0);
	for (i = 0; i < WARM_KILLS; i++)
		kill(log_pid(&ch.s, &ch.log, c[i]->nick), SIGKILL);
	for (i = 0; i < CAP; i++)
		cli_close(c[i]);
	children_are(&ch.s, &ch.log, NULL, 0);
	assert_int_equal(proc_mem(ch.s.pid, &ch.before), 0);
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
		if (!is_victim(i))
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
memory_unchanged(int connections)
{
	Mem *b = &ch.before, *a = &ch.after;

	assert_int_equal(proc_mem(ch.s.pid, a), 0);
	print_message("master memory: VmRSS %ld -> %ld kB (shared table and "
	              "ring %ld -> %ld), private %ld -> %ld kB, private dirty "
	              "%ld -> %ld kB, over %d connections\n", b->rss, a->rss,
	              b->shmem, a->shmem, b->anon, a->anon, b->priv_dirty,
	              a->priv_dirty, connections);
	assert_true(a->anon <= b->anon);
	assert_true(a->priv_dirty <= b->priv_dirty);
}

static void
chaos_under_load(void **state)
{
	static pid_t pids[CAP];
	int slow = wait_ms() / WAIT_MS, reg_timeout = 4 * slow, i, n, dropped;
	long vlines;

	(void)state;
	start(reg_timeout);
	warm_up();
	join_all();
	schedule();
	run();
	reap_helpers();
	assert_true(pid_alive(ch.s.pid));
	vlines = victims_agree();
	dropped = stalled_resume();
	unregistered_dropped(reg_timeout);
	n = open_pids(pids);
	children_are(&ch.s, &ch.log, pids, n);
	lusers_are(&ch.s, &ch.log, ch.r[0].c, n);
	fill_up(n);
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
	print_message("lines delivered: %ld to well-behaved clients, all "
	              "due, in order; %ld victims' lines before they died, to "
	              "all alike; lost: 0\n", ch.total + vlines * (NW + 1),
	              vlines);
	print_message("stalled readers: %d caught up, %d dropped (SendQ "
	              "exceeded)\n", ND - dropped, dropped);
	memory_unchanged(NR + ND + NJ + NU + CAP - n + 1);
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
