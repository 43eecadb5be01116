/* chaos-check.c: test-chaos.c's checks once the chaos is over, and its
 * warm-up before: victims, stalled and silent clients, the master's
 * children, the capacity, the master's memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chaos-test.h"

/* All agree how many lines each victim got out before it died. */
long
check_victims(void)
{
	long sum = 0;
	int v, i;

	for (v = NW; v < FLOODER; v++) {
		for (i = 0; i < NR; i++)
			if (!chaos_victim(i) && ch.r[i].next[v] != ch.r[0].next[v])
				fail_msg("%s got %d lines of v%02d, %s got %d",
				         ch.r[i].c->nick, ch.r[i].next[v],
				         v - NW, ch.r[0].c->nick,
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
		if (r->next[k] != (chaos_victim(k) ? ch.r[0].next[k] : chaos_limit(k)))
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
		rcv_take(r, l);
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

int
check_stalled(void)
{
	long long end = now_ms() + wait_ms();
	const char *l;
	int i, dropped = 0;

	cli_send(ch.r[1].c, "PRIVMSG #lobby :mark-end");
	for (i = 0; i < ND; i++)
		dropped += resume(&ch.st[i]);
	/* each drop was announced to the room */
	while (ch.sendq_drops < dropped && now_ms() < end &&
	       (l = cli_line(ch.r[0].c, (int)(end - now_ms()))))
		rcv_take(&ch.r[0], l);
	assert_int_equal(ch.sendq_drops, dropped);
	return dropped;
}

void
check_unregistered(int reg_timeout)
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
int
check_open_pids(pid_t *pids)
{
	int i, n = 0;

	for (i = 0; i < NR; i++)
		if (!chaos_victim(i))
			pids[n++] = ch.r[i].pid;
	for (i = 0; i < ND; i++)
		if (!ch.st[i].gone)
			pids[n++] = ch.st[i].pid;
	return n;
}

/* New clients take every free place; one more is refused. */
void
check_fill_up(int open)
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
void
check_warm_up(void)
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

/* Growth allowed in the master's private memory, in kB. One page: a
 * stack frame or a libc buffer touched late; any allocation kept per
 * connection (16 bytes or more, over hundreds of connections) is more.
 * Under AddressSanitizer, freed blocks wait in its quarantine instead of
 * being reused, so short-lived allocations show too: LeakSanitizer checks
 * that build's leaks at exit instead. */
static long
tolerance(void)
{
	const char *san = getenv("SAN");

	return san && !strcmp(san, "1") ? 64 : 4;
}

void
check_memory(int connections)
{
	Mem *b = &ch.before, *a = &ch.after;
	long tol = tolerance();

	assert_int_equal(proc_mem(ch.s.pid, a), 0);
	print_message("master memory: VmRSS %ld -> %ld kB (shared table and "
	              "ring %ld -> %ld), private %ld -> %ld kB, private dirty "
	              "%ld -> %ld kB, over %d connections (allowed: +%ld kB)\n",
	              b->rss, a->rss, b->shmem, a->shmem, b->anon, a->anon,
	              b->priv_dirty, a->priv_dirty, connections, tol);
	if (a->anon > b->anon + tol || a->priv_dirty > b->priv_dirty + tol)
		fail_msg("the master's private memory grew over %d "
		         "connections", connections);
}
