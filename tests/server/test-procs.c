/* test-procs.c: the server explains itself, and the numbers are true.
 *  STATS p: its rows are the master's real children (from /proc), their
 *         states are what the processes do (a client that stopped
 *         reading, a SIGSTOPped child, a lock holder and a waiter), and
 *         the counters are what the clients sent and received.
 *  --trace: the traced user's process narrates its steps; no one else's.
 *  --one: the next connection is served in the master's own process (no
 *         fork), others are refused, and the server exits when it ends.
 *  names: each process's comm says what it serves (top, pstree).
 *  Memory: an idle client's process keeps only its state's pages. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* The master's children, as the kernel knows them; returns how many. */
static int
children(pid_t pid, pid_t *out, int max)
{
	char path[64];
	FILE *f;
	int n = 0, p;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid,
	         (int)pid);
	assert_non_null(f = fopen(path, "r"));
	while (n < max && fscanf(f, "%d", &p) == 1)
		out[n++] = (pid_t)p;
	fclose(f);
	return n;
}

/* Does pid hold a listening TCP socket? (/proc/net/tcp's state 0A is
 * LISTEN; its inode is the one /proc/PID/fd links to as socket:[N].) A
 * connect(2) to the port cannot tell: once closed, another test's server
 * on this busy machine may take the port. */
static int
listens(pid_t pid)
{
	char path[64], link[64], line[256], want[64];
	unsigned long inode;
	unsigned st;
	FILE *f;
	int fd, found = 0;

	assert_non_null(f = fopen("/proc/net/tcp", "r"));
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*d: %*x:%*x %*x:%*x %x %*x:%*x %*x:%*x %*x "
		           "%*d %*d %lu", &st, &inode) != 2 || st != 0x0A)
			continue;
		snprintf(want, sizeof(want), "socket:[%lu]", inode);
		for (fd = 0; fd < 64 && !found; fd++) {
			ssize_t n;
			snprintf(path, sizeof(path), "/proc/%d/fd/%d",
			         (int)pid, fd);
			n = readlink(path, link, sizeof(link) - 1);
			if (n > 0) {
				link[n] = '\0';
				found = !strcmp(link, want);
			}
		}
	}
	fclose(f);
	return found;
}

/* Wait for the server to exit by itself; returns its wait status. */
static int
wait_exit(Srv *s)
{
	long long end = now_ms() + wait_ms();
	int st = -1;

	while (waitpid(s->pid, &st, WNOHANG) == 0) {
		if (now_ms() > end)
			fail_msg("the server did not exit");
		srv_log_wait(s, "(read the log meanwhile)", 20);
	}
	s->pid = 0;
	srv_log_wait(s, "(and what is left of it)", 50);
	return st;
}

/* One row of STATS p, parsed; see cmd-stats.c for the columns. */
typedef struct {
	int pid, slot;
	char nick[64], state[32], in[32], out[32], sendq[32], cursor[32];
	char lag[32], wakeups[32], cpu[32], k;
	long long secs;
	unsigned long long rings, locks;
} Row;

typedef struct {
	Row row[64];
	int nrows;
	char lock[512], log[512], procs[512], map[1100];
} Stats;

/* Is l the numeric n (":server NNN ...")? Not a search for " NNN "
 * anywhere: "taken 219 times" in the lock line ended a STATS p early. */
static int
is_numeric(const char *l, const char *n)
{
	const char *sp = strchr(l, ' ');

	return sp && !strncmp(sp + 1, n, 3) && sp[4] == ' ';
}

/* Ask STATS p and parse the answer, up to 219. The server answers
 * twice a second at most (263 RPL_TRYAGAIN): then ask again. */
static void
stats(Cli *c, Stats *st)
{
	const char *l, *t;
	Row *r;

	memset(st, 0, sizeof(*st));
	cli_send(c, "STATS p");
	while ((l = cli_line(c, wait_ms())) && !is_numeric(l, "219")) {
		if (is_numeric(l, "263")) {
			poll(NULL, 0, 100);
			cli_send(c, "STATS p");
			continue;
		}
		if (!is_numeric(l, "249") || !(t = strstr(l, " p :")))
			continue;
		t += 4;
		if (!strncmp(t, "lock: ", 6))
			snprintf(st->lock, sizeof(st->lock), "%s", t);
		else if (!strncmp(t, "log: ", 5))
			snprintf(st->log, sizeof(st->log), "%s", t);
		else if (!strncmp(t, "processes: ", 11))
			snprintf(st->procs, sizeof(st->procs), "%s", t);
		else if (!strncmp(t, "map ", 4) && strlen(st->map) < 1000)
			strcat(st->map, strchr(t, ':') + 2);
		else if (*t >= '0' && *t <= '9' && st->nrows < 64) {
			r = &st->row[st->nrows++];
			char slot[16];
			assert_int_equal(sscanf(t, "%d %15s %63s %31s %lld %31s "
			    "%31s %31s %31s %31s %31s %llu %llu %31s %c",
			    &r->pid, slot, r->nick, r->state, &r->secs, r->in,
			    r->out, r->sendq, r->cursor, r->lag, r->wakeups,
			    &r->rings, &r->locks, r->cpu, &r->k), 15);
			r->slot = slot[0] == '-' ? -1 : atoi(slot);
		}
	}
	assert_non_null(l);
}

static const Row *
row_of(const Stats *st, const char *nick)
{
	int i;

	for (i = 0; i < st->nrows; i++)
		if (!strcmp(st->row[i].nick, nick))
			return &st->row[i];
	fail_msg("no row for %s", nick);
	return NULL;
}

/* Ask until nick's row is in state want (a process we woke last may
 * still be on its way back to poll()). */
static void
stats_until(Cli *c, Stats *st, const char *nick, const char *want)
{
	long long end = now_ms() + wait_ms();

	do
		stats(c, st);
	while (strcmp(row_of(st, nick)->state, want) && now_ms() < end);
	assert_string_equal(row_of(st, nick)->state, want);
}

static int
cmp_pid(const void *a, const void *b)
{
	return *(const pid_t *)a - *(const pid_t *)b;
}

/* Read lines until one has text; returns how many were read. */
static int
count_until(Cli *c, const char *text)
{
	const char *l;
	int n = 0;

	while ((l = cli_line(c, wait_ms()))) {
		n++;
		if (strstr(l, text))
			return n;
	}
	fail_msg("%s: no line with '%s'", c->nick, text);
	return 0;
}

/* A client whose socket takes almost nothing: a small receive buffer,
 * set before connect so the window stays small. It never reads. */
static Cli *
deaf_login(Srv *s, const char *nick)
{
	struct sockaddr_in sa = { 0 };
	Cli *c = calloc(1, sizeof(*c));
	int small = 1024;

	assert_non_null(c);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)s->port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)),
	                 0);
	linebuf_init(&c->lb);
	snprintf(c->nick, sizeof(c->nick), "%s", nick);
	cli_send(c, "NICK %s", nick);
	cli_send(c, "USER %s 0 * :deaf", nick);
	assert_true(srv_child_pid(s, nick) > 0);
	return c;
}

static void
wait_state(pid_t pid, char want)
{
	assert_int_equal(pid_wait_state(pid, want, wait_ms()), want);
}

static void
stats_p_tells_the_truth(void **state)
{
	char text[300];
	pid_t kids[64], rows[64], frozen_pid;
	Stats st;
	Srv s;
	Cli *watch, *s1, *s2, *deaf, *frozen;
	const Row *r;
	int i, n, nrows = 0, got1;

	(void)state;
	srv_start(&s, NULL, "--no-flood", NULL);
	/* s1 counts every line it gets: its OUT must say the same. */
	s1 = cli_connect(&s);
	snprintf(s1->nick, sizeof(s1->nick), "s1");
	cli_send(s1, "NICK s1");
	cli_send(s1, "USER s1 0 * :s1");
	got1 = count_until(s1, " 366 ");
	s2 = cli_login(&s, "s2");
	frozen = cli_login(&s, "frozen");
	deaf = deaf_login(&s, "deaf");
	watch = cli_login(&s, "watch");
	frozen_pid = srv_child_pid(&s, "frozen");
	kill(frozen_pid, SIGSTOP);
	wait_state(frozen_pid, 'T');
	/* 1500 lines of 200 bytes: more than deaf's socket and send queue
	 * take (64 + 128 KiB), less than the log holds (4096 lines). */
	memset(text, 'x', 200);
	text[200] = '\0';
	for (i = 0; i < 1500; i++)
		cli_send(watch, "PRIVMSG #lobby :%d %s", i, text);
	cli_send(watch, "PRIVMSG #lobby :the end");
	got1 += count_until(s1, "the end");
	EXPECT(s2, "the end");
	/* They have written "the end": wait until they are back in poll(). */
	stats_until(watch, &st, "s1", "asleep");
	stats_until(watch, &st, "s2", "asleep");

	/* The rows are the master, the janitor, and exactly the master's
	 * children (the janitor among them), as the kernel knows them. */
	assert_int_equal(row_of(&st, "(master)")->pid, s.pid);
	assert_int_equal(row_of(&st, "(janitor)")->pid, s.janitor);
	n = children(s.pid, kids, 64);
	for (i = 0; i < st.nrows; i++)
		if (st.row[i].pid != s.pid)
			rows[nrows++] = st.row[i].pid;
	assert_int_equal(nrows, n);
	qsort(kids, (size_t)n, sizeof(pid_t), cmp_pid);
	qsort(rows, (size_t)nrows, sizeof(pid_t), cmp_pid);
	assert_memory_equal(kids, rows, (size_t)n * sizeof(pid_t));
	assert_int_equal(row_of(&st, "frozen")->pid, frozen_pid);

	/* States: each what its process is doing. */
	r = row_of(&st, "frozen");
	assert_string_equal(r->state, "stopped");
	assert_int_equal(r->k, 'T');
	r = row_of(&st, "deaf");
	assert_string_equal(r->state, "writing");
	assert_true(atoll(r->sendq) > 0);
	assert_true(atoll(r->lag) > 0);
	r = row_of(&st, "watch");
	assert_string_equal(r->state, "reading");	/* answering us */
	assert_string_equal(row_of(&st, "s2")->state, "asleep");
	/* Counters: s1 sent NICK and USER, got got1 lines, has read the
	 * whole log and has nothing queued. */
	r = row_of(&st, "s1");
	assert_string_equal(r->state, "asleep");
	assert_string_equal(r->in, "2");
	assert_int_equal(atoi(r->out), got1);
	assert_string_equal(r->sendq, "0");
	assert_string_equal(r->lag, "0");
	assert_true(atoi(r->wakeups) > 0);
	assert_true(atoi(row_of(&st, "watch")->in) >= 1504); /* +STATS */
	/* The map: one character per slot, the row's state. */
	for (i = 0; i < st.nrows; i++)
		if (st.row[i].slot >= 0)
			assert_int_equal(st.map[st.row[i].slot],
			    !strcmp(st.row[i].state, "stopped") ? 'T' :
			    !strcmp(st.row[i].state, "writing") ? 'W' :
			    !strcmp(st.row[i].state, "asleep") ? '_' : 'R');
	assert_non_null(strstr(st.lock, "lock: free, 0 waiting"));
	assert_non_null(strstr(st.procs, "5 clients (5 registered)"));
	assert_non_null(strstr(st.log, "slowest reader is frozen at "));
	kill(frozen_pid, SIGCONT);
	cli_close(watch), cli_close(s1), cli_close(s2), cli_close(deaf);
	cli_close(frozen);
	srv_stop(&s);
}

/* A child stopped while it holds the lock, another waiting for it: STATS
 * p still answers (it never takes the lock) and names them both. */
static void
stats_p_names_the_lock_holder_and_waiter(void **state)
{
	char want[64];
	pid_t holder_pid, waiter_pid;
	long long end = now_ms() + wait_ms();
	Stats st;
	Srv s;
	Cli *holder, *waiter, *watch;
	const Row *r;

	(void)state;
	srv_start(&s, srv_hooks_bin(), NULL);
	watch = cli_login(&s, "watch");
	waiter = cli_login(&s, "waiter");
	holder = cli_login(&s, "holder");
	holder_pid = srv_child_pid(&s, "holder");
	waiter_pid = srv_child_pid(&s, "waiter");
	cli_send(holder, "TESTHOOK");
	EXPECT(holder, "NOTICE holder :holding the lock");
	wait_state(holder_pid, 'T');
	cli_send(waiter, "TOPIC #lobby :needs the lock");
	/* The row says lock-wait just before the semop, the kernel's count
	 * of waiters just after: wait for both. */
	do
		stats_until(watch, &st, "waiter", "lock-wait");
	while (!strstr(st.lock, ", 1 waiting;") && now_ms() < end);
	r = row_of(&st, "waiter");
	assert_int_equal(r->pid, waiter_pid);
	assert_int_equal(r->k, 'S');	/* asleep in semop */
	assert_string_equal(row_of(&st, "holder")->state, "stopped");
	snprintf(want, sizeof(want), "lock: held by %d (holder) for ",
	         (int)holder_pid);
	assert_non_null(strstr(st.lock, want));
	assert_non_null(strstr(st.lock, ", 1 waiting;"));
	/* Its killing frees the lock (SEM_UNDO): the waiter goes on. */
	kill(holder_pid, SIGKILL);
	EXPECT(watch, "TOPIC #lobby :needs the lock");
	EXPECT(watch, "QUIT :Connection lost (killed by SIGKILL)");
	stats_until(watch, &st, "waiter", "asleep");
	assert_string_equal(row_of(&st, "waiter")->state, "asleep");
	assert_non_null(strstr(st.lock, "lock: free, 0 waiting"));
	assert_non_null(strstr(st.procs, "3 forked, 1 reaped, 1 crashed"));
	cli_close(holder), cli_close(waiter), cli_close(watch);
	srv_stop(&s);
}

/* The sockets a process holds, from /proc/PID/fd. */
static int
sockets(pid_t pid)
{
	char path[64], link[64];
	int fd, n = 0;
	ssize_t k;

	for (fd = 0; fd < 256; fd++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
		if ((k = readlink(path, link, sizeof(link) - 1)) <= 0)
			continue;
		link[k] = '\0';
		n += !strncmp(link, "socket:", 7);
	}
	return n;
}

/* Doorbells are signals: after a crash the master rings the QUIT's
 * sleepers without a socket of its own, and a child holds one socket, its
 * client's (a doorbell was a bound datagram socket per child, and the
 * master kept one to ring from, inherited by every later child). */
static void
a_child_holds_one_socket_after_a_crash(void **state)
{
	Srv *s = *state;
	Cli *a = cli_login(s, "crash"), *b = cli_login(s, "ears"), *c;
	long long end;
	Stats st;

	stats_until(a, &st, "ears", "asleep");	/* the master rings it */
	kill(srv_child_pid(s, "crash"), SIGKILL);
	EXPECT(b, "QUIT :Connection lost (killed by SIGKILL)");
	/* the listening socket only (an accepted one is closed right after
	 * its fork, which may come after its child registered) */
	end = now_ms() + wait_ms();
	while (sockets(s->pid) != 1 && now_ms() < end)
		poll(NULL, 0, 10);	/* /proc has no event to wait on */
	assert_int_equal(sockets(s->pid), 1);
	c = cli_login(s, "later");
	assert_int_equal(sockets(srv_child_pid(s, "later")), 1);
	cli_close(a), cli_close(b), cli_close(c);
}

/* STATS with another letter, no letter, or another server's name. */
static void
stats_other_queries(void **state)
{
	Srv *s = *state;
	Cli *c = cli_login(s, "asker");
	const char *l;

	cli_send(c, "STATS l");
	EXPECT(c, ":forkd 219 asker l :End of STATS report");
	cli_send(c, "STATS");
	EXPECT(c, ":forkd 219 asker * :End of STATS report");
	cli_send(c, "STATS p other.example");
	EXPECT(c, ":forkd 402 asker other.example :No such server");
	cli_send(c, "STATS p forkd");
	EXPECT(c, ":forkd 219 asker p :End of STATS report");
	cli_send(c, "STATS p");		/* again at once: dropped */
	EXPECT(c, ":forkd 263 asker STATS :Please wait a while");
	cli_send(c, "PING :after");
	while ((l = cli_line(c, wait_ms())) && !strstr(l, "PONG"))
		assert_null(strstr(l, " 219 "));	/* nothing more */
	assert_non_null(l);
	cli_close(c);
}

/* Registration first: STATS is for users in the room. */
static void
stats_needs_registration(void **state)
{
	Srv *s = *state;
	Cli *c = cli_connect(s);

	cli_send(c, "STATS p");
	EXPECT(c, " 451 * :You have not registered");
	cli_close(c);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

/* Has the log a line with both a and b in it? */
static int
log_has(const char *log, const char *a, const char *b)
{
	const char *p, *end;

	for (p = log; (p = strstr(p, a)); p++) {
		end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		const char *q = strstr(p, b);
		if (q && q < end)
			return 1;
	}
	return 0;
}

static void
trace_narrates_one_user(void **state)
{
	char pat[128];
	pid_t pid;
	Srv s;
	Cli *other, *tr, *late;
	static const char *const steps[] = {
		" ms: forked: pid ", "slot 1 claimed (generation ",
		"registered as tr: ", "lock released: waited ",
		"appended to the log at seq ", "rang 1 doorbell", "woken by ",
		"read the log from seq ", "bytes to the socket",
		"quit: Quit: done",
	};
	size_t i;

	(void)state;
	srv_start(&s, NULL, "--trace", "tr", NULL);
	other = cli_login(&s, "other");
	tr = cli_login(&s, "tr");
	pid = srv_child_pid(&s, "tr");
	cli_send(tr, "PRIVMSG #lobby :traced line");
	EXPECT(other, "traced line");
	cli_send(other, "PRIVMSG #lobby :reply");
	EXPECT(tr, "reply");
	cli_send(tr, "QUIT :done");
	assert_true(cli_wait_eof(tr, wait_ms()));
	snprintf(pat, sizeof(pat), "trace tr pid %d ", (int)pid);
	assert_non_null(srv_log_wait(&s, "quit: Quit: done", wait_ms()));
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (!log_has(s.log, pat, steps[i]))
			fail_msg("no step '%s' in the trace:\n%s", steps[i],
			         s.log);
	/* Every trace line is tr's process's, none other's. */
	assert_int_equal(count(s.log, "trace "), count(s.log, pat));
	/* A user who takes the nick later is traced from then on. */
	late = cli_login(&s, "late");
	cli_send(late, "NICK tr");
	EXPECT(late, "NICK :tr");
	snprintf(pat, sizeof(pat), "trace tr pid %d ",
	         (int)srv_child_pid(&s, "late"));
	assert_non_null(srv_log_wait(&s, pat, wait_ms()));
	assert_non_null(strstr(strstr(s.log, pat), "now known as tr"));
	cli_close(other), cli_close(tr), cli_close(late);
	srv_stop(&s);
}

/* Without --trace nothing is narrated. */
static void
no_trace_without_the_option(void **state)
{
	Srv *s = *state;
	Cli *c = cli_login(s, "quiet");

	cli_send(c, "PRIVMSG #lobby :hello");
	cli_send(c, "QUIT :bye");
	assert_true(cli_wait_eof(c, wait_ms()));
	assert_non_null(srv_log_wait(s, "leave quiet", wait_ms()));
	assert_null(strstr(s->log, "trace "));
	cli_close(c);
}

/* KiB of pid's private dirty memory outside shared mappings (smaps), or
 * -1 if it is gone; *dynamic: it maps a shared libc (not the static musl
 * build). */
static long
private_kib(pid_t pid, int *dynamic)
{
	char path[64], line[512], perms[8];
	unsigned long lo, hi;
	long kib = 0, v;
	int shared = 0;
	FILE *f;

	*dynamic = 0;
	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3) {
			shared = perms[3] == 's';
			if (strstr(line, "/libc.so") || strstr(line, "/libc-") ||
			    strstr(line, "/ld-"))
				*dynamic = 1;
		} else if (!shared &&
		           sscanf(line, "Private_Dirty: %ld kB", &v) == 1) {
			kib += v;
		}
	}
	fclose(f);
	return kib;
}

/* An idle client's process keeps only the pages of its state: after its
 * registration and NAMES it gives back the stack and the scratch they
 * used (session.c, trim). Measured with the static musl build (the
 * default): 12 KiB, two pages of data and bss and one of stack (28 to 32
 * before); the bound leaves a page for the stack's random alignment.
 * Skipped for a glibc build (make CC=..., SAN=1): its libc's data is
 * another story, and ASan's shadow is private memory. */
#define IDLE_PRIVATE_KIB 20

static void
idle_child_keeps_little_private_memory(void **state)
{
	Srv *s = *state;
	Cli *c = cli_login(s, "idler");
	pid_t pid = srv_child_pid(s, "idler");
	long long start = now_ms();
	long kib;
	int dynamic;

	assert_true(pid > 0);
	/* it trims TRIM_QUIET_MS after its last input: wait for that */
	while ((kib = private_kib(pid, &dynamic)) > IDLE_PRIVATE_KIB &&
	       !dynamic && now_ms() - start < wait_ms())
		poll(NULL, 0, 20);
	if (dynamic) {
		cli_close(c);
		skip();
	}
	if (kib < 0 || kib > IDLE_PRIVATE_KIB)
		fail_msg("an idle child keeps %ld KiB private, more than %d",
		         kib, IDLE_PRIVATE_KIB);
	cli_close(c);
}

static void
one_session_in_the_master(void **state)
{
	pid_t kids[8];
	Srv s;
	Cli *c;
	int status;

	(void)state;
	srv_start(&s, NULL, "--one", NULL);
	assert_non_null(srv_log_wait(&s, "without fork", wait_ms()));
	assert_true(listens(s.pid));
	c = cli_login(&s, "solo");
	/* Served by the master itself: no child but the janitor. */
	assert_int_equal(srv_child_pid(&s, "solo"), s.pid);
	assert_int_equal(children(s.pid, kids, 8), 1);
	assert_int_equal(kids[0], s.janitor);
	/* It works as a session does, commands and all. */
	cli_send(c, "PRIVMSG #lobby :alone here");
	cli_send(c, "WHOIS solo");
	EXPECT(c, " 318 solo solo ");
	/* Nobody else gets in: the listening socket is closed. */
	assert_false(listens(s.pid));
	/* The session ends: the server cleans up and exits, status 0. */
	cli_send(c, "QUIT :done");
	assert_true(cli_wait_eof(c, wait_ms()));
	status = wait_exit(&s);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(s.log, "leave solo (Quit: done)"));
	assert_non_null(strstr(s.log, "stopped"));
	assert_true(semctl(s.semid, 0, GETVAL) < 0);
	assert_false(pid_alive(s.janitor));
	cli_close(c);
	close(s.errfd);
}

/* ^C while --one waits for its connection: it stops as usual. */
static void
one_session_stops_on_sigterm_while_waiting(void **state)
{
	Srv s;
	int status;

	(void)state;
	srv_start(&s, NULL, "--one", NULL);
	kill(s.pid, SIGTERM);
	status = wait_exit(&s);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(s.log, "stopped"));
	assert_true(semctl(s.semid, 0, GETVAL) < 0);
	close(s.errfd);
}

/* The kernel's name for pid (/proc/PID/comm, what top and pstree show). */
static const char *
comm(pid_t pid)
{
	static char buf[64];
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	assert_non_null(f = fopen(path, "r"));
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* Each process is named for what it serves: the master forkd-server, the
 * janitor, a child "forkd: new" until its client registers, then
 * "forkd: nick", renamed on NICK; cut to the kernel's 15 bytes on a
 * character, never inside one. */
static void
processes_are_named_for_what_they_serve(void **state)
{
	Srv *s = *state;
	Cli *a = cli_login(s, "alice"), *u = cli_connect(s);
	pid_t kids[8], pa = srv_child_pid(s, "alice"), pu = 0;
	int n, i;

	cli_send(u, "PING :here");
	EXPECT(u, "PONG forkd :here");
	n = children(s->pid, kids, 8);
	assert_int_equal(n, 3);		/* the janitor, alice, the new one */
	for (i = 0; i < n; i++)
		if (kids[i] != pa && kids[i] != s->janitor)
			pu = kids[i];
	assert_string_equal(comm(s->pid), "forkd-server");
	assert_string_equal(comm(s->janitor), "forkd: janitor");
	assert_string_equal(comm(pa), "forkd: alice");
	assert_string_equal(comm(pu), "forkd: new");
	/* registered, renamed, cut at 15 bytes on a character */
	cli_send(u, "NICK bob");
	cli_send(u, "USER b 0 * :b");
	EXPECT(u, " 366 bob ");
	assert_string_equal(comm(pu), "forkd: bob");
	cli_send(a, "NICK \xe5\xbc\xa0\xe4\xb8\x89\xe6\x9d\x8e\xe5\x9b\x9b");
	EXPECT(a, " NICK :\xe5\xbc\xa0");
	assert_string_equal(comm(pa), "forkd: \xe5\xbc\xa0\xe4\xb8\x89");
	cli_send(a, "NICK Nick_of_thirty_bytes_long_01");
	EXPECT(a, " NICK :Nick_of_thirty");
	assert_string_equal(comm(pa), "forkd: Nick_of_");
	cli_close(a), cli_close(u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats_p_tells_the_truth),
		cmocka_unit_test(stats_p_names_the_lock_holder_and_waiter),
		SRV_TEST(stats_other_queries),
		SRV_TEST(a_child_holds_one_socket_after_a_crash),
		SRV_TEST(stats_needs_registration),
		SRV_TEST(processes_are_named_for_what_they_serve),
		cmocka_unit_test(trace_narrates_one_user),
		SRV_TEST(no_trace_without_the_option),
		SRV_TEST(idle_child_keeps_little_private_memory),
		cmocka_unit_test(one_session_in_the_master),
		cmocka_unit_test(one_session_stops_on_sigterm_while_waiting),
	};
	return cmocka_run_group_tests_name("procs", tests, NULL, NULL);
}
