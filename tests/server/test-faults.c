/* test-faults.c: the invariants, by breaking things on purpose.
 *  (a) SIGKILL a child while it holds the semaphore: the server goes on.
 *  (b) SIGKILL random children during a broadcast storm: no wedge, slots
 *      freed, quits announced, no line lost for the others.
 *  (c) SIGKILL the master, idle and under a broadcast storm: every
 *      child and the janitor gone, no IPC left, and the log says the
 *      master is gone (not "Server shutting down"); a pid in the table
 *      that another process took (pid reuse) is left alone.
 *  (e) 50 clients, 20 senders: every delivery counted, in order.
 *  (f) a local process that is not the server cannot inject a line.
 *  (g) the master out of descriptors: it waits without spinning and
 *      serves the queued connection when descriptors are back.
 *  And a clean SIGTERM: everyone told, everything removed; ^C (SIGINT
 *  to the whole process group) tells the same story in the log. */
#define _GNU_SOURCE		/* setresuid, prlimit */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static Srv s_storm;	/* big: off the stack */

static int
ipc_gone(const Srv *s)
{
	return semctl(s->semid, 0, GETVAL) < 0 &&
	       (errno == EINVAL || errno == EIDRM);
}

static int
wait_gone(pid_t pid, int ms)
{
	long long end = now_ms() + ms;

	while (pid_alive(pid) && now_ms() < end)
		poll(NULL, 0, 10);	/* polling /proc: no event to wait on */
	return !pid_alive(pid);
}

/* A storm: S senders in child processes send M lines "s<k> <i>" each. */
typedef struct {
	Cli *c;
	int sender;		/* its own sender index, or -1 */
	int next[32];		/* next expected line per sender */
	long got;
	int quits;		/* "killed by SIGKILL" quits seen */
} Rcv;

static pid_t
send_lines(Cli *c, int k, int m)
{
	pid_t pid = fork();
	int i;

	if (pid == 0) {
		for (i = 0; i < m; i++)
			cli_send(c, "PRIVMSG #lobby :s%d %d", k, i);
		_exit(0);
	}
	return pid;
}

static void
take(Rcv *r, const char *l)
{
	const char *p = strstr(l, " PRIVMSG #lobby :s");
	int k, i;

	if (strstr(l, " QUIT :Connection lost (killed by SIGKILL)"))
		r->quits++;
	if (!p || sscanf(p + 18, "%d %d", &k, &i) != 2)
		return;
	if (k == r->sender)
		fail_msg("%s got its own line back", r->c->nick);
	if (i != r->next[k])
		fail_msg("%s: from s%d expected %d, got %d", r->c->nick, k,
		         r->next[k], i);
	r->next[k]++;
	r->got++;
}

/* Read every receiver until each has all s*m lines (less its own);
 * call hook(arg, total) as lines come. Returns all deliveries. */
static long
collect(Rcv *r, int n, int s, int m, void (*hook)(void *, long), void *arg)
{
	struct pollfd *pfd = calloc((size_t)n, sizeof(*pfd));
	const char *l;
	long total = 0, want;
	int i, done = 0, idle = 0;

	while (done < n && idle < 3 * wait_ms()) {
		for (i = done = 0; i < n; i++) {
			want = (long)m * (s - (r[i].sender >= 0));
			while (r[i].got < want && (l = cli_line(r[i].c, 0))) {
				take(&r[i], l);
				total++;
				idle = 0;
			}
			done += r[i].got == want;
			pfd[i].fd = r[i].c->fd;
			pfd[i].events = POLLIN;
		}
		if (hook)
			hook(arg, total);
		if (done < n && poll(pfd, (nfds_t)n, 100) == 0)
			idle += 100;
	}
	free(pfd);
	for (i = 0; i < n; i++)
		if (r[i].got != (long)m * (s - (r[i].sender >= 0)))
			fail_msg("%s got %ld lines", r[i].c->nick, r[i].got);
	for (total = i = 0; i < n; i++)
		total += r[i].got;
	return total;
}

static void
no_line_lost_50_clients_20_senders(void **state)
{
	enum { N = 50, S = 20, M = 100 };
	static Rcv r[N];
	Srv s;
	char nick[16];
	pid_t w[S];
	long total;
	int i;

	(void)state;
	memset(r, 0, sizeof(r));
	srv_start(&s, NULL, "--per-ip", "0", "--no-flood", NULL);
	for (i = 0; i < N; i++) {
		snprintf(nick, sizeof(nick), "c%02d", i);
		r[i].c = cli_login(&s, nick);
		r[i].sender = i < S ? i : -1;
	}
	for (i = 0; i < S; i++)
		w[i] = send_lines(r[i].c, i, M);
	total = collect(r, N, S, M, NULL, NULL);
	for (i = 0; i < S; i++)
		waitpid(w[i], NULL, 0);
	/* 30 listeners get 20 x 100, 20 senders get 19 x 100 */
	assert_int_equal(total, 30L * S * M + 20L * (S - 1) * M);
	print_message("deliveries counted: %ld, lost: 0\n", total);
	for (i = 0; i < N; i++)
		cli_close(r[i].c);
	srv_stop(&s);
}

typedef struct {
	pid_t pid[10];
	int n, killed;
	long every;
} Killer;

static void
kill_some(void *arg, long total)
{
	Killer *k = arg;

	while (k->killed < k->n && total >= (k->killed + 1) * k->every)
		kill(k->pid[k->killed++], SIGKILL);
}

static void
sigkill_children_during_a_storm(void **state)
{
	enum { N = 30, S = 5, M = 400, V = 10 };
	static Rcv r[N];
	Cli *victim[V], *more[V];
	Killer k = { .n = V, .every = 500 };
	Srv s;
	char nick[16];
	const char *l;
	pid_t w[S];
	long long end;
	int i, quits;

	(void)state;
	memset(r, 0, sizeof(r));
	srv_start(&s, NULL, "-m", "40", "--per-ip", "0", "--no-flood", NULL);
	for (i = 0; i < N; i++) {
		snprintf(nick, sizeof(nick), "live%02d", i);
		r[i].c = cli_login(&s, nick);
		r[i].sender = i < S ? i : -1;
	}
	for (i = 0; i < V; i++) {
		snprintf(nick, sizeof(nick), "victim%d", i);
		victim[i] = cli_login(&s, nick);
		k.pid[i] = srv_child_pid(&s, nick);
		assert_true(k.pid[i] > 0);
	}
	for (i = 0; i < S; i++)
		w[i] = send_lines(r[i].c, i, M);
	collect(r, N, S, M, kill_some, &k);	/* kills as lines flow */
	for (i = 0; i < S; i++)
		waitpid(w[i], NULL, 0);
	assert_int_equal(k.killed, V);
	/* every kill is announced, with its reason */
	for (quits = r[S].quits, end = now_ms() + wait_ms();
	     quits < V && now_ms() < end; )
		if ((l = cli_line(r[S].c, 100)) &&
		    strstr(l, " QUIT :Connection lost (killed by SIGKILL)"))
			quits++;
	assert_int_equal(quits, V);
	/* and the slots are free: 40 = 30 live + 10 newcomers */
	for (i = 0; i < V; i++) {
		snprintf(nick, sizeof(nick), "new%d", i);
		more[i] = cli_login(&s, nick);
	}
	cli_send(r[S].c, "LUSERS");
	EXPECT(r[S].c, " 251 live05 :There are 40 users");
	for (i = 0; i < V; i++)
		cli_close(victim[i]), cli_close(more[i]);
	for (i = 0; i < N; i++)
		cli_close(r[i].c);
	srv_stop(&s);
}

static void
sigkill_lock_holder(void **state)
{
	Srv s;
	Cli *holder, *a, *ears, *late;
	pid_t pid;

	(void)state;
	srv_start(&s, srv_hooks_bin(), NULL);
	a = cli_login(&s, "bystander");
	ears = cli_login(&s, "ears");
	holder = cli_login(&s, "holder");
	pid = srv_child_pid(&s, "holder");
	cli_send(holder, "TESTHOOK");
	EXPECT(holder, "NOTICE holder :holding the lock");
	/* stopped, lock held */
	assert_int_equal(pid_wait_state(pid, 'T', wait_ms()), 'T');
	late = cli_connect(&s);		/* the master still accepts */
	cli_send(late, "NICK late");
	cli_send(late, "USER l 0 * :l");
	cli_send(a, "PRIVMSG #lobby :said while the lock was held");
	kill(pid, SIGKILL);
	EXPECT(late, " 001 late ");	/* SEM_UNDO gave the lock back */
	EXPECT(ears, "said while the lock was held");
	EXPECT(a, ":holder!~tester@127.0.0.1 QUIT :Connection lost (killed "
	       "by SIGKILL)");
	cli_send(late, "PRIVMSG #lobby :all good");
	EXPECT(a, ":late!~l@127.0.0.1 PRIVMSG #lobby :all good");
	cli_close(holder), cli_close(a), cli_close(late), cli_close(ears);
	srv_stop(&s);
}

/* The LOCKS column of STATS p for nick's process: how often it took the
 * table lock. */
static long
locks_of(Cli *c, const char *nick)
{
	char who[32];
	const char *l;
	long v = -1;

	cli_send(c, "STATS p");
	while ((l = cli_line(c, wait_ms())) && !strstr(l, " 219 "))
		if (sscanf(l, ":%*s 249 %*s p :%*d %*d %30s", who) == 1 &&
		    !strcmp(who, nick) &&
		    sscanf(l, ":%*s 249 %*s p :%*d %*d %*s %*s %*d %*d %*d "
		           "%*d %*d %*s %*d %*d %ld", &v) != 1)
			fail_msg("no LOCKS in '%s'", l);
	assert_non_null(l);
	return v;
}

/* A user "victim" in slot 1 runs TESTHOOK hook (answered with said),
 * then the line then (or nothing), which stops its process half way
 * through a write; it is killed there, and a user "fresh" takes slot 1.
 * Returns fresh. */
static Cli *
killed_mid_write(Srv *s, Cli *watcher, const char *hook, const char *said,
                 const char *then)
{
	Cli *victim = cli_login(s, "victim"), *fresh;
	pid_t pid;

	assert_non_null(srv_log_wait(s, "join victim!~tester@127.0.0.1 "
	                             "(slot 1,", wait_ms()));
	pid = srv_child_pid(s, "victim");
	cli_send(victim, "TESTHOOK %s", hook);
	EXPECT(victim, said);
	if (then)
		cli_send(victim, "%s", then);
	assert_int_equal(pid_wait_state(pid, 'T', wait_ms()), 'T');
	kill(pid, SIGKILL);
	EXPECT(watcher, " QUIT :Connection lost (killed by SIGKILL)");
	cli_close(victim);
	fresh = cli_login(s, "fresh");
	assert_non_null(srv_log_wait(s, "join fresh!~tester@127.0.0.1 "
	                             "(slot 1,", wait_ms()));
	return fresh;
}

/* A writer killed in the middle of a change of its slot left the slot's
 * count odd, which says "a change under way" to every lock-free lookup:
 * each private line to the slot's next user tried three times and then
 * took the lock, for the rest of the server's life. The reap makes the
 * count even again. Twenty private lines to the new user must not take
 * the lock twenty times (STATS p counts each process's: registering and
 * joining take it about five). */
static void
slot_killed_mid_change_is_found_without_the_lock(void **state)
{
	Srv s;
	Cli *asker, *fresh;
	long locks;
	int i;

	(void)state;
	srv_start(&s, srv_hooks_bin(), "--no-flood", NULL);
	asker = cli_login(&s, "asker");
	fresh = killed_mid_write(&s, asker, "SLOTWRITE", "NOTICE victim :"
	                         "holding the lock mid-change of my slot",
	                         NULL);
	for (i = 0; i < 20; i++)
		cli_send(asker, "PRIVMSG fresh :line %d", i);
	EXPECT(fresh, "PRIVMSG fresh :line 19");
	locks = locks_of(asker, "asker");
	print_message("asker took the lock %ld times (20 private lines)\n",
	              locks);
	assert_true(locks >= 0 && locks < 15);
	cli_close(asker), cli_close(fresh);
	srv_stop(&s);
}

/* The nick STATS p shows for slot, into nick (32 bytes), or "". */
static void
row_nick(Cli *c, int slot, char *nick)
{
	char who[32];
	const char *l;
	int sl;

	nick[0] = '\0';
	cli_send(c, "STATS p");
	while ((l = cli_line(c, wait_ms())) && !strstr(l, " 219 "))
		if (sscanf(l, ":%*s 249 %*s p :%*d %d %31s", &sl, who) == 2 &&
		    sl == slot)
			strcpy(nick, who);
	assert_non_null(l);
}

/* The same for a process's row of the scoreboard (what STATS p and the
 * client's process tab show): killed half way through writing its nick
 * there, it left the row's count odd, and every later user of the slot
 * was shown as "?". */
static void
row_killed_mid_nick_shows_its_next_user(void **state)
{
	Srv s;
	Cli *watcher, *fresh;
	char nick[32];

	(void)state;
	srv_start(&s, srv_hooks_bin(), NULL);
	watcher = cli_login(&s, "watcher");
	fresh = killed_mid_write(&s, watcher, "NICKROW", "NOTICE victim :my "
	                         "next nick stops half written", "NICK halfway");
	row_nick(watcher, 1, nick);
	assert_string_equal(nick, "fresh");
	cli_close(watcher), cli_close(fresh);
	srv_stop(&s);
}

static void
crash_reason_names_the_signal(void **state)
{
	Srv s;
	Cli *a, *b;

	(void)state;
	srv_start(&s, NULL, NULL);
	a = cli_login(&s, "watcher");
	b = cli_login(&s, "crasher");
	/* SIGABRT: under AddressSanitizer a SIGSEGV is caught and becomes
	 * an exit status, an abort stays a signal in both builds */
	kill(srv_child_pid(&s, "crasher"), SIGABRT);
	EXPECT(a, ":crasher!~tester@127.0.0.1 QUIT :Connection lost (killed "
	       "by SIGABRT)");
	assert_non_null(srv_log_wait(&s, "leave crasher (Connection lost "
	                             "(killed by SIGABRT))", wait_ms()));
	cli_close(a), cli_close(b);
	srv_stop(&s);
}

/* The test process as the subreaper of the server's orphans: when the
 * master dies its children become ours and stay zombies until reap_all,
 * as under an init that is slow to reap (or never does, in a container).
 * A janitor that took a zombie for a live child waited its whole grace
 * and then "killed" it. */
static void
hold_orphans(int on)
{
	prctl(PR_SET_CHILD_SUBREAPER, on);
}

static void
reap_all(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static void
sigkill_master_leaves_nothing(void **state)
{
	Srv s;
	Cli *c[3], *unreg;
	pid_t kids[3];
	int i, st;

	(void)state;
	hold_orphans(1);
	srv_start(&s, NULL, NULL);
	for (i = 0; i < 3; i++) {
		char nick[8];
		snprintf(nick, sizeof(nick), "k%d", i);
		c[i] = cli_login(&s, nick);
		kids[i] = srv_child_pid(&s, nick);
	}
	unreg = cli_connect(&s);
	cli_send(unreg, "NICK half");
	cli_send(unreg, "PING :forked");	/* its process runs */
	EXPECT(unreg, "PONG forkd :forked");
	assert_true(s.semid > 0 && s.janitor > 0);
	assert_true(semctl(s.semid, 0, GETVAL) >= 0);
	kill(s.pid, SIGKILL);
	assert_int_equal(waitpid(s.pid, &st, 0), s.pid);
	s.pid = 0;
	for (i = 0; i < 3; i++)
		assert_true(wait_gone(kids[i], 2000));	/* the invariant */
	for (i = 0; i < 3; i++) {
		/* what happened, not "Server shutting down" */
		EXPECT(c[i], "ERROR :Closing Link: 127.0.0.1 (Server failure: "
		       "its master process is gone)");
		assert_true(cli_wait_eof(c[i], wait_ms()));
	}
	assert_true(cli_wait_eof(unreg, wait_ms()));
	assert_true(wait_gone(s.janitor, wait_ms()));
	assert_true(ipc_gone(&s));	/* the semaphore removed */
	assert_non_null(srv_log_wait(&s, "leave k2 (Server failure: its "
	                             "master process is gone)", wait_ms()));
	/* the zombies were seen as ended, none had to be killed */
	/* (3 or 4 sessions: the master may die between the fork of the
	 * unregistered one and writing its pid into the table) */
	if (!srv_log_wait(&s, "sessions ended, 0 of them killed", wait_ms()))
		fail_msg("the janitor did not say so:\n%s", s.log);
	reap_all();
	hold_orphans(0);
	for (i = 0; i < 3; i++)
		cli_close(c[i]);
	cli_close(unreg);
	close(s.errfd);
}

/* Pid reuse: once the master is dead its children may be reaped at once
 * by their new parent, and their pids taken by new processes of anyone
 * of the same user. Here one slot's pid names such a process (a `sleep`
 * of ours, put there by TESTHOOK PID) and another session's process is
 * stopped, so that it cannot end on its SIGTERM: the janitor must kill
 * the stopped one after its grace, and leave the stranger alone. With
 * pidfds, and without (nopidfd: the path of kernels before 5.3). */
/* Does this kernel have pidfd_open (Linux >= 5.3)? */
static int
has_pidfd(void)
{
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);

	return fd >= 0 && close(fd) == 0;
}

static void
reused_pid(int nopidfd)
{
	Srv s;
	Cli *a, *b;
	pid_t stranger, stopped;
	char line[80];
	int st;

	hold_orphans(1);
	if ((stranger = fork()) == 0) {
		execlp("sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	assert_true(stranger > 0);
	if (nopidfd)
		setenv("FORKD_TEST_NO_PIDFD", "1", 1);
	srv_start(&s, srv_hooks_bin(), NULL);
	unsetenv("FORKD_TEST_NO_PIDFD");
	a = cli_login(&s, "reused");
	b = cli_login(&s, "stopped");
	cli_send(a, "TESTHOOK PID %d", (int)stranger);
	snprintf(line, sizeof(line), "NOTICE reused :my slot holds pid %d now",
	         (int)stranger);
	EXPECT(a, line);
	stopped = srv_child_pid(&s, "stopped");
	kill(stopped, SIGSTOP);
	assert_int_equal(pid_wait_state(stopped, 'T', wait_ms()), 'T');
	kill(s.pid, SIGKILL);
	assert_int_equal(waitpid(s.pid, &st, 0), s.pid);
	s.pid = 0;
	assert_true(wait_gone(s.janitor, 2 * wait_ms()));
	assert_true(wait_gone(stopped, wait_ms()));	/* killed */
	assert_true(pid_alive(stranger));		/* left alone */
	assert_true(ipc_gone(&s));
	if (!srv_log_wait(&s, "2 sessions ended, 1 of them killed",
	                  wait_ms()) ||
	    !srv_log_wait(&s, "left alone: 1 pid of the table now used by "
	                  "other processes (pid reuse)", wait_ms()))
		fail_msg("the janitor did not say so:\n%s", s.log);
	if (nopidfd && !srv_log_wait(&s, "no pidfd (Function not implemented)",
	                             wait_ms()))
		fail_msg("the janitor used pidfds:\n%s", s.log);
	if (!nopidfd && has_pidfd() && strstr(s.log, "no pidfd"))
		fail_msg("the janitor did not use pidfds:\n%s", s.log);
	kill(stranger, SIGKILL);
	assert_int_equal(waitpid(stranger, NULL, 0), stranger);
	reap_all();
	hold_orphans(0);
	cli_close(a), cli_close(b);
	close(s.errfd);
}

static void
sigkill_master_spares_a_reused_pid(void **state)
{
	(void)state;
	reused_pid(0);
}

static void
sigkill_master_spares_a_reused_pid_without_pidfd(void **state)
{
	(void)state;
	reused_pid(1);
}

/* Lines into c's socket until it fails (the server is gone), by raw
 * write(2): the harness's cli_send would fail the test in this child. */
static pid_t
flood(Cli *c, int k)
{
	char line[64];
	pid_t pid = fork();
	int i, n;

	if (pid == 0) {
		for (i = 0; i < 100000; i++) {
			n = snprintf(line, sizeof(line),
			             "PRIVMSG #lobby :s%d %d\r\n", k, i);
			if (write(c->fd, line, (size_t)n) != n)
				break;
		}
		_exit(0);
	}
	return pid;
}

/* (c) under load: a broadcast storm from 5 senders to 25 users, of whom
 * one reads (the others' processes sit on full send queues, which a
 * leaving session tries to flush for 2 s); SIGKILL of the master in the
 * middle of it. Every process of the server and the IPC objects must go
 * (the janitor's grace is 1.5 s: all should be gone in about 2 s; the
 * test allows its usual generous wait and prints what it took). */
static void
sigkill_master_during_a_storm(void **state)
{
	enum { N = 25, S = 5 };
	Cli *c[N];
	pid_t kids[N], w[S];
	char nick[16];
	long long t0, end;
	int i, st, left;

	(void)state;
	hold_orphans(1);
	srv_start(&s_storm, NULL, "--per-ip", "0", "--no-flood", NULL);
	for (i = 0; i < N; i++) {
		snprintf(nick, sizeof(nick), "st%02d", i);
		c[i] = cli_login(&s_storm, nick);
		kids[i] = srv_child_pid(&s_storm, nick);
		assert_true(kids[i] > 0);
	}
	for (i = 0; i < S; i++)
		w[i] = flood(c[i], i);
	/* the storm is on when a reader has seen 500 lines of it */
	for (i = 0; i < 500; i++)
		if (!cli_expect(c[N - 1], "PRIVMSG #lobby :s", wait_ms()))
			fail_msg("no storm");
	kill(s_storm.pid, SIGKILL);
	t0 = now_ms();
	assert_int_equal(waitpid(s_storm.pid, &st, 0), s_storm.pid);
	s_storm.pid = 0;
	end = t0 + 3 * wait_ms();
	do {
		for (i = left = 0; i < N; i++)
			left += pid_alive(kids[i]);
		left += pid_alive(s_storm.janitor) || !ipc_gone(&s_storm);
		if (left)
			poll(NULL, 0, 10);	/* /proc has no event */
	} while (left && now_ms() < end);
	print_message("all gone %lld ms after SIGKILL of the master\n",
	              now_ms() - t0);
	assert_int_equal(left, 0);
	assert_non_null(srv_log_wait(&s_storm, "the master process is gone: ",
	                             wait_ms()));
	for (i = 0; i < S; i++)
		kill(w[i], SIGKILL), waitpid(w[i], NULL, 0);
	reap_all();
	hold_orphans(0);
	for (i = 0; i < N; i++)
		cli_close(c[i]);
	close(s_storm.errfd);
}

static void
sigterm_tells_everyone_and_cleans_up(void **state)
{
	Srv s;
	Cli *c[3];
	int i, st;

	(void)state;
	srv_start(&s, NULL, NULL);
	for (i = 0; i < 3; i++) {
		char nick[8];
		snprintf(nick, sizeof(nick), "t%d", i);
		c[i] = cli_login(&s, nick);
	}
	kill(s.pid, SIGTERM);
	for (i = 0; i < 3; i++) {
		EXPECT(c[i], "ERROR :Closing Link: 127.0.0.1 (Server shutting "
		       "down)");
		assert_true(cli_wait_eof(c[i], wait_ms()));
	}
	assert_int_equal(waitpid(s.pid, &st, 0), s.pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	s.pid = 0;
	assert_true(wait_gone(s.janitor, wait_ms()));
	assert_true(ipc_gone(&s));
	assert_non_null(srv_log_wait(&s, "forkd-server: stopped", wait_ms()));
	for (i = 0; i < 3; i++)
		cli_close(c[i]);
	close(s.errfd);
}

/* The log from the shutdown on: the lines after the last join, without
 * their time stamps, the leave lines (in the order the children ran)
 * sorted among themselves. */
static void
story(const char *log, char *out, size_t n)
{
	char lines[64][160], tmp[160];
	const char *p = log, *q, *nl;
	int k = 0, i, j;

	for (q = log; (q = strstr(q, ": join ")); q++)
		p = q;
	for (p = strchr(p, '\n'); p && (nl = strchr(p + 1, '\n')) && k < 64;
	     p = nl) {
		q = strstr(p + 1, "forkd-server: ");
		if (!q || q > nl)
			continue;
		snprintf(lines[k++], sizeof(lines[0]), "%.*s", (int)(nl - q),
		         q);
	}
	for (i = 0; i < k; i++)		/* sort runs of leave lines */
		for (j = i + 1; j < k && strstr(lines[i], ": leave ") &&
		     strstr(lines[j], ": leave "); j++)
			if (strcmp(lines[j], lines[i]) < 0) {
				memcpy(tmp, lines[i], sizeof(tmp));
				memcpy(lines[i], lines[j], sizeof(tmp));
				memcpy(lines[j], tmp, sizeof(tmp));
			}
	for (out[0] = '\0', i = 0; i < k; i++)
		snprintf(out + strlen(out), n - strlen(out), "%s\n", lines[i]);
}

/* Stop a server with three users by sig, sent as a terminal sends ^C to
 * the whole process group (children, janitor, master) when group is set;
 * return the story its log tells. */
static void
stop_story(int sig, int group, char *out, size_t n)
{
	Cli *c[3];
	pid_t kids[3];
	int i, st;

	srv_start(&s_storm, NULL, NULL);
	for (i = 0; i < 3; i++) {
		char nick[8];
		snprintf(nick, sizeof(nick), "q%d", i);
		c[i] = cli_login(&s_storm, nick);
		kids[i] = srv_child_pid(&s_storm, nick);
	}
	if (group) {
		for (i = 0; i < 3; i++)
			kill(kids[i], sig);
		kill(s_storm.janitor, sig);
	}
	kill(s_storm.pid, sig);
	for (i = 0; i < 3; i++) {
		EXPECT(c[i], "ERROR :Closing Link: 127.0.0.1 (Server shutting "
		       "down)");
		assert_true(cli_wait_eof(c[i], wait_ms()));
		cli_close(c[i]);
	}
	assert_int_equal(waitpid(s_storm.pid, &st, 0), s_storm.pid);
	s_storm.pid = 0;
	assert_non_null(srv_log_wait(&s_storm, "forkd-server: stopped",
	                             wait_ms()));
	for (i = 0; i < 3; i++)		/* nothing left */
		assert_true(wait_gone(kids[i], wait_ms()));
	assert_true(wait_gone(s_storm.janitor, wait_ms()));
	assert_true(ipc_gone(&s_storm));
	story(s_storm.log, out, n);
	close(s_storm.errfd);
}

/* A hangup (a closed terminal, a dropped ssh) and ^\ reach the whole
 * process group as ^C does, and stop the server as SIGTERM does: they
 * killed every process at once and left the semaphore. */
static void
ctrl_c_and_sigterm_tell_one_story(void **state)
{
	static char term[4096], ctrlc[4096], hup[4096], quit[4096];

	(void)state;
	stop_story(SIGTERM, 0, term, sizeof(term));
	stop_story(SIGINT, 1, ctrlc, sizeof(ctrlc));
	stop_story(SIGHUP, 1, hup, sizeof(hup));
	stop_story(SIGQUIT, 1, quit, sizeof(quit));
	assert_string_equal(hup, term);
	assert_string_equal(quit, term);
	print_message("SIGTERM:\n%s", term);
	assert_string_equal(term, "forkd-server: shutting down (3 clients)\n"
	                    "forkd-server: leave q0 (Server shutting down)\n"
	                    "forkd-server: leave q1 (Server shutting down)\n"
	                    "forkd-server: leave q2 (Server shutting down)\n"
	                    "forkd-server: stopped\n");
	assert_string_equal(ctrlc, term);
}

/* Signals the server has no use for change nothing, wherever they land
 * (a SIGUSR1 to the master ended the server, one to the janitor switched
 * its crash cleanup off without a word). The janitor ignores every signal
 * it can: a SIGKILL of the master afterwards proves it still cleans up. */
static void
unused_signals_change_nothing(void **state)
{
	static const int unused[] = { SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM,
	                              SIGPROF, SIGXCPU, SIGXFSZ, SIGIO };
	static const int janitor[] = { SIGHUP, SIGINT, SIGTERM, SIGQUIT,
	                               SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU,
	                               SIGABRT, SIGSEGV };
	Srv s;
	Cli *a, *b, *c;
	pid_t kid;
	size_t i;
	int st;

	(void)state;
	hold_orphans(1);
	srv_start(&s, NULL, NULL);
	a = cli_login(&s, "sig_a");
	b = cli_login(&s, "sig_b");
	kid = srv_child_pid(&s, "sig_b");
	for (i = 0; i < sizeof(unused) / sizeof(unused[0]); i++) {
		kill(s.pid, unused[i]);
		kill(s.janitor, unused[i]);
		kill(kid, unused[i]);
	}
	kill(s.pid, SIGRTMIN + 2), kill(s.janitor, SIGRTMIN + 2);
	kill(kid, SIGRTMIN + 2);
	for (i = 0; i < sizeof(janitor) / sizeof(janitor[0]); i++)
		kill(s.janitor, janitor[i]);
	/* the child and the master ran since: a line goes through, and a
	 * newcomer is accepted */
	cli_send(a, "PRIVMSG #lobby :still here");
	EXPECT(b, ":sig_a!");
	c = cli_login(&s, "sig_c");
	EXPECT(b, "JOIN #lobby");
	kill(s.pid, SIGKILL);
	assert_int_equal(waitpid(s.pid, &st, 0), s.pid);
	s.pid = 0;
	assert_true(wait_gone(s.janitor, 2 * wait_ms()));
	assert_true(ipc_gone(&s));
	if (!srv_log_wait(&s, "the master process is gone: 3 sessions",
	                  wait_ms()) || strstr(s.log, "janitor died"))
		fail_msg("the janitor did not clean up:\n%s", s.log);
	reap_all();
	hold_orphans(0);
	cli_close(a), cli_close(b), cli_close(c);
	close(s.errfd);
}

/* A SIGTERM to one session's process (an operator ending it) is no
 * shutdown: that session says what happened, the server goes on. */
static void
sigterm_to_one_session_is_no_shutdown(void **state)
{
	Srv s;
	Cli *a, *b, *c;

	(void)state;
	srv_start(&s, NULL, NULL);
	a = cli_login(&s, "op_a");
	b = cli_login(&s, "op_b");
	kill(srv_child_pid(&s, "op_b"), SIGTERM);
	EXPECT(b, "ERROR :Closing Link: 127.0.0.1 (Disconnected by the "
	       "server's operator)");
	EXPECT(a, "QUIT :Disconnected by the server's operator");
	c = cli_login(&s, "op_c");
	cli_send(c, "PRIVMSG #lobby :on");
	EXPECT(a, "PRIVMSG #lobby :on");
	srv_stop(&s);
	cli_close(a), cli_close(b), cli_close(c);
}

/* After the master's death nobody rings: init reaps a dead child at once
 * and its pid may belong to a stranger. Here a stopped session's doorbell
 * names a process of ours (TESTHOOK BELL) that tells whether it got a
 * SIGURG; then the master is killed, and the other session's goodbye to
 * the room would ring the stopped sleeper. */
static void
orphans_ring_no_reused_pid(void **state)
{
	Srv s;
	Cli *a, *b;
	pid_t stranger, sleeper;
	sigset_t set;
	char c;
	int p[2], st, sig;

	(void)state;
	hold_orphans(1);
	assert_int_equal(pipe(p), 0);
	sigemptyset(&set);
	sigaddset(&set, SIGURG);
	sigaddset(&set, SIGTERM);
	if ((stranger = fork()) == 0) {
		sigprocmask(SIG_BLOCK, &set, NULL);
		if (write(p[1], "r", 1) != 1 || sigwait(&set, &sig) != 0)
			_exit(2);
		_exit(sig == SIGURG ? 1 : 0);
	}
	assert_int_equal(read(p[0], &c, 1), 1);	/* its mask is set */
	close(p[0]), close(p[1]);
	srv_start(&s, srv_hooks_bin(), NULL);
	a = cli_login(&s, "bell_a");
	b = cli_login(&s, "bell_b");
	cli_send(a, "TESTHOOK BELL %d", (int)stranger);
	EXPECT(a, "my doorbell rings pid");
	sleeper = srv_child_pid(&s, "bell_a");
	/* asleep: it wants a doorbell */
	pid_wait_state(sleeper, 'S', wait_ms());
	kill(sleeper, SIGSTOP);
	assert_int_equal(pid_wait_state(sleeper, 'T', wait_ms()), 'T');
	kill(s.pid, SIGKILL);
	assert_int_equal(waitpid(s.pid, &st, 0), s.pid);
	s.pid = 0;
	assert_true(cli_wait_eof(b, wait_ms()));	/* b said goodbye */
	assert_true(wait_gone(s.janitor, 2 * wait_ms()));
	assert_true(ipc_gone(&s));
	kill(stranger, SIGTERM);
	assert_int_equal(waitpid(stranger, &st, 0), stranger);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("the stranger at the sleeper's pid was rung (%d)", st);
	reap_all();
	hold_orphans(0);
	cli_close(a), cli_close(b);
	close(s.errfd);
}

/* Ring the doorbells of a and b (SIGURG, the server's RELAY_BELL); returns
 * how many took it, and counts the refusals (EPERM) in *eperm. */
static int
ring_all(const pid_t *pids, int n, int *eperm)
{
	int i, sent = 0;

	*eperm = 0;
	for (i = 0; i < n; i++) {
		if (kill(pids[i], SIGURG) == 0)
			sent++;
		else if (errno == EPERM)
			(*eperm)++;
	}
	return sent;
}

static void
no_injection_into_the_relay(void **state)
{
	struct semid_ds ds;
	Srv s;
	Cli *a, *b;
	const char *l;
	pid_t pid, kids[2];
	int rc, eperm, sent;

	(void)state;
	srv_start(&s, NULL, NULL);
	a = cli_login(&s, "inj_a");
	b = cli_login(&s, "inj_b");
	kids[0] = srv_child_pid(&s, "inj_a");
	kids[1] = srv_child_pid(&s, "inj_b");
	assert_true(kids[0] > 0 && kids[1] > 0);
	/* private objects: the semaphore is 0600, and the table is
	 * anonymous memory (nothing in /dev/shm to open) */
	assert_int_equal(semctl(s.semid, 0, IPC_STAT, &ds), 0);
	assert_int_equal(ds.sem_perm.mode & 0777, 0600);
	/* another user cannot even ring the doorbells */
	if (geteuid() == 0) {
		pid = fork();
		if (pid == 0) {
			if (setresuid(65534, 65534, 65534) < 0)
				_exit(2);
			sent = ring_all(kids, 2, &eperm);
			_exit(sent == 0 && eperm == 2 ? 0 : 1);
		}
		waitpid(pid, &rc, 0);
		assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
	}
	/* the same user (or root) rings them, but a doorbell carries no
	 * data: the lines come only from the shared log, and a ring out of
	 * turn is a spurious wake-up, nothing more */
	sent = ring_all(kids, 2, &eperm);
	assert_int_equal(sent, 2);
	cli_send(a, "PRIVMSG #lobby :after the rings");
	while ((l = cli_line(b, wait_ms())) && !strstr(l, "after the rings"))
		assert_null(strstr(l, "ERROR"));
	assert_non_null(l);
	assert_true(pid_alive(kids[0]) && pid_alive(kids[1]));
	cli_close(a), cli_close(b);
	srv_stop(&s);
}

/* One line to the room wakes every sleeper. (With datagram doorbells, a
 * ring failed when the sender's buffer was full of unread rings, and the
 * readers whose ring failed slept on until their next PING, 90 s; a
 * signal pending is pending once, and a ring cannot fail that way.) */
static void
every_sleeper_wakes_for_one_line(void **state)
{
	enum { N = 60 };
	Cli *c[N];
	char nick[16], last[32];
	Srv s;
	int i, round;

	(void)state;
	srv_start(&s, srv_hooks_bin(), "--per-ip", "0", NULL);
	for (i = 0; i < N; i++) {
		snprintf(nick, sizeof(nick), "z%02d", i);
		c[i] = cli_login(&s, nick);
	}
	snprintf(last, sizeof(last), ":z%02d!", N - 1);
	for (i = 0; i < N - 1; i++)	/* all saw the last join: idle */
		EXPECT(c[i], last);
	for (round = 0; round < 3; round++) {
		cli_send(c[round], "PRIVMSG #lobby :wake up, round %d", round);
		snprintf(last, sizeof(last), "wake up, round %d", round);
		for (i = 0; i < N; i++)
			if (i != round)
				EXPECT(c[i], last);
	}
	for (i = 0; i < N; i++)
		cli_close(c[i]);
	srv_stop(&s);
}

/* Private lines: each reader is rung only for its own, so during a storm
 * of lines for others it sleeps, and the ring fills behind it. Writers must wait for it, without losing or dropping anyone. */
static void
private_storm_larger_than_the_ring(void **state)
{
	enum { N = 40, M = 150 };	/* 6000 private lines */
	Cli *c[N];
	int next[N][N] = { { 0 } }, want[N] = { 0 }, got[N] = { 0 };
	struct pollfd pfd[N];
	char nick[16];
	const char *l, *p;
	pid_t w[N];
	Srv s;
	int i, k, n, idle = 0, done = 0;

	(void)state;
	/* the test build's ring has 2048 entries: full all the time here */
	srv_start(&s, srv_hooks_bin(), "--per-ip", "0", "--no-flood", NULL);
	for (i = 0; i < N; i++) {
		snprintf(nick, sizeof(nick), "q%02d", i);
		c[i] = cli_login(&s, nick);
	}
	for (k = 0; k < N; k++)		/* line n of k goes to k+1+n%(N-1) */
		for (n = 0; n < M; n++)
			want[(k + 1 + n % (N - 1)) % N]++;
	for (k = 0; k < N; k++) {
		if ((w[k] = fork()) == 0) {
			for (n = 0; n < M; n++)
				cli_send(c[k], "PRIVMSG q%02d :p%d %d",
				         (k + 1 + n % (N - 1)) % N, k, n);
			_exit(0);
		}
	}
	while (done < N && idle < 3 * wait_ms()) {
		for (i = done = 0; i < N; i++) {
			while (got[i] < want[i] && (l = cli_line(c[i], 0))) {
				idle = 0;
				if (!(p = strstr(l, " :p")) ||
				    sscanf(p + 3, "%d %d", &k, &n) != 2)
					continue;
				if (n <= next[i][k] - 1 || k < 0 || k >= N)
					fail_msg("q%02d: from p%d line %d after "
					         "%d", i, k, n, next[i][k]);
				next[i][k] = n + 1;
				got[i]++;
			}
			done += got[i] == want[i];
			pfd[i].fd = c[i]->fd;
			pfd[i].events = POLLIN;
		}
		if (done < N && poll(pfd, N, 100) == 0)
			idle += 100;
	}
	for (k = 0; k < N; k++)
		waitpid(w[k], NULL, 0);
	for (i = 0; i < N; i++)
		assert_int_equal(got[i], want[i]);
	assert_null(strstr(s.log, "SendQ exceeded"));
	for (i = 0; i < N; i++)
		cli_close(c[i]);
	srv_stop(&s);
}

/* The lowest descriptor number not open in process pid: with the limit
 * there, the process can open nothing more (the limit bounds numbers). */
static int
lowest_free_fd(pid_t pid)
{
	char path[64];
	int fd;

	for (fd = 0;; fd++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
		if (access(path, F_OK) != 0)
			return fd;
	}
}

/* CPU time of process pid (user + system), in clock ticks. */
static long
cpu_ticks(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	assert_non_null(f = fopen(path, "r"));
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	/* after the command name in parentheses: state is field 3, utime
	 * and stime fields 14 and 15 */
	assert_non_null(p = strrchr(buf, ')'));
	assert_int_equal(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u "
	                        "%*u %*u %lu %lu", &ut, &st), 2);
	return (long)(ut + st);
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* (g) The master's descriptor limit is lowered from outside (prlimit) so
 * that accept() fails with EMFILE: the client waits in the kernel's
 * backlog, connected and unanswered; the master says so once and rests
 * between tries instead of spinning; with the limit back, the client is
 * served. */
static void
accept_waits_while_out_of_descriptors(void **state)
{
	Srv s;
	Cli *c;
	struct rlimit old, tight;
	long t0;

	(void)state;
	srv_start(&s, NULL, NULL);
	assert_int_equal(prlimit(s.pid, RLIMIT_NOFILE, NULL, &old), 0);
	tight = old;
	tight.rlim_cur = (rlim_t)lowest_free_fd(s.pid);
	assert_int_equal(prlimit(s.pid, RLIMIT_NOFILE, &tight, NULL), 0);
	c = cli_connect(&s);
	cli_send(c, "NICK starved");
	cli_send(c, "USER s 0 * :s");
	assert_non_null(srv_log_wait(&s, "accept (retrying every 100 ms)",
	                             wait_ms()));
	/* a second of it: no answer, no close, and (not spinning) less
	 * than a quarter of a CPU second spent by the master */
	t0 = cpu_ticks(s.pid);
	assert_null(cli_line(c, 1000));
	assert_false(c->eof);
	assert_true(cpu_ticks(s.pid) - t0 < sysconf(_SC_CLK_TCK) / 4);
	srv_log_wait(&s, "(nothing: read what is there)", 100);
	assert_int_equal(count(s.log, "accept (retrying"), 1);
	assert_true(pid_alive(s.pid));
	assert_int_equal(prlimit(s.pid, RLIMIT_NOFILE, &old, NULL), 0);
	EXPECT(c, " 001 starved ");
	assert_non_null(srv_log_wait(&s, "accepting again", wait_ms()));
	cli_close(c);
	srv_stop(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sigkill_lock_holder),
		cmocka_unit_test(slot_killed_mid_change_is_found_without_the_lock),
		cmocka_unit_test(row_killed_mid_nick_shows_its_next_user),
		cmocka_unit_test(crash_reason_names_the_signal),
		cmocka_unit_test(sigkill_children_during_a_storm),
		cmocka_unit_test(sigkill_master_leaves_nothing),
		cmocka_unit_test(sigkill_master_during_a_storm),
		cmocka_unit_test(sigkill_master_spares_a_reused_pid),
		cmocka_unit_test(sigkill_master_spares_a_reused_pid_without_pidfd),
		cmocka_unit_test(sigterm_tells_everyone_and_cleans_up),
		cmocka_unit_test(ctrl_c_and_sigterm_tell_one_story),
		cmocka_unit_test(unused_signals_change_nothing),
		cmocka_unit_test(sigterm_to_one_session_is_no_shutdown),
		cmocka_unit_test(orphans_ring_no_reused_pid),
		cmocka_unit_test(no_line_lost_50_clients_20_senders),
		cmocka_unit_test(no_injection_into_the_relay),
		cmocka_unit_test(every_sleeper_wakes_for_one_line),
		cmocka_unit_test(private_storm_larger_than_the_ring),
		cmocka_unit_test(accept_waits_while_out_of_descriptors),
	};
	return cmocka_run_group_tests_name("faults", tests, NULL, NULL);
}
