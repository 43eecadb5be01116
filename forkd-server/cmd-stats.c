/* cmd-stats.c: STATS (RFC 2812 3.4.4), and its one query: STATS p, the
 * process table.
 *
 * STATS p lists every process of the server, a row each: the master, the
 * janitor, one per client; then the lock, the log, the counts and a map
 * of the slots. Rows are RPL_STATSDEBUG (249): RFC 2812 has no numeric
 * for free-form statistics and gives none for a query letter it does not
 * define; 249 (RPL_STATSDEBUG, an extension to RFC 1459) is what ircu,
 * ircd-ratbox and charybdis answer such queries with (ratbox's and
 * charybdis's own STATS p, the staff online, among them), so clients
 * show it as plain text. 219 RPL_ENDOFSTATS ends the reply, as
 * for any query letter; an unknown letter gets 219 alone.
 *
 * It never takes the lock (scoreboard.h): the rows are copied with atomic
 * loads, and what the kernel knows (CPU time, stopped or not) comes from
 * /proc. It answers while the lock is stuck, which is when it is wanted.
 * Any registered user may ask, twice a second at most (263 RPL_TRYAGAIN
 * after that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "conf.h"
#include "config.h"
#include "nick.h"
#include "numeric.h"
#include "relay.h"
#include "reply.h"
#include "scoreboard.h"
#include "shm.h"
#include "util.h"

#define STATS_EVERY_MS 500	/* the least time between two STATS p */
#define MAP_PER_LINE 64		/* slots per line of the map */

static const char *
fmt_u(char *buf, size_t n, int valid, unsigned long long v)
{
	if (!valid)
		return "-";
	snprintf(buf, n, "%llu", v);
	return buf;
}

static void
row_line(Session *s, const SbRow *r, uint64_t head)
{
	char slot[16], in[24], out[24], q[24], cur[24], lag[24], wk[24];
	char cpu[32];
	int client = r->slot >= 0, reg = client && r->cursor > 0;

	if (client)
		snprintf(slot, sizeof(slot), "%d", r->slot);
	else
		strlcopy(slot, "-", sizeof(slot));
	if (r->cpu_ms >= 0)
		snprintf(cpu, sizeof(cpu), "%lld.%02lld", r->cpu_ms / 1000,
		         r->cpu_ms % 1000 / 10);
	else
		strlcopy(cpu, "?", sizeof(cpu));
	num(s, RPL_STATSDEBUG, "p :%-7d %4s %-12s %-11s %5lld %6s %6s %7s "
	    "%8s %5s %7s %6llu %6llu %7s %c", (int)r->pid, slot, r->nick,
	    sb_name(r->state), r->secs,
	    fmt_u(in, sizeof(in), client, r->lines_in),
	    fmt_u(out, sizeof(out), client, r->lines_out),
	    fmt_u(q, sizeof(q), client, r->sendq),
	    fmt_u(cur, sizeof(cur), reg, r->cursor),
	    fmt_u(lag, sizeof(lag), reg, head - MIN(r->cursor, head)),
	    fmt_u(wk, sizeof(wk), client, r->wakeups),
	    (unsigned long long)r->rings, (unsigned long long)r->locks, cpu,
	    r->kstate);
}

static void
map_lines(Session *s, const char *map, int n)
{
	int i;

	for (i = 0; i < n; i += MAP_PER_LINE)
		num(s, RPL_STATSDEBUG, "p :map %d-%d: %.*s", i,
		    MIN(i + MAP_PER_LINE, n) - 1, MIN(MAP_PER_LINE, n - i),
		    map + i);
	num(s, RPL_STATSDEBUG, "p :key: . free, r registering, R reading, "
	    "W writing, _ asleep, l waiting for the lock, L holding it, "
	    "C closing, T stopped");
}

static void
summary(Session *s, const ShmLockInfo *li, const SbRow *holder,
        const SbRow *slowest, uint64_t head, int clients, int registered)
{
	SbMaster m;

	if (li->holder)
		num(s, RPL_STATSDEBUG, "p :lock: held by %d (%s) for %llds, "
		    "%d waiting; taken %llu %s, %llu had to wait, "
		    "%llu.%03llu ms waited in all, %llu.%03llu ms at most",
		    (int)li->holder,
		    holder ? holder->nick : "?", holder ? holder->secs : 0,
		    li->waiters, (unsigned long long)li->acquisitions,
		    plural((long long)li->acquisitions, "time", "times"),
		    (unsigned long long)li->contended,
		    (unsigned long long)li->wait_us_total / 1000,
		    (unsigned long long)li->wait_us_total % 1000,
		    (unsigned long long)li->wait_us_max / 1000,
		    (unsigned long long)li->wait_us_max % 1000);
	else
		num(s, RPL_STATSDEBUG, "p :lock: free, %d waiting; taken %llu "
		    "%s, %llu had to wait, %llu.%03llu ms waited in all, "
		    "%llu.%03llu ms at most", li->waiters,
		    (unsigned long long)li->acquisitions,
		    plural((long long)li->acquisitions, "time", "times"),
		    (unsigned long long)li->contended,
		    (unsigned long long)li->wait_us_total / 1000,
		    (unsigned long long)li->wait_us_total % 1000,
		    (unsigned long long)li->wait_us_max / 1000,
		    (unsigned long long)li->wait_us_max % 1000);
	sb_master(&m);
	if (slowest)
		num(s, RPL_STATSDEBUG, "p :log: head %llu, %d entries; the "
		    "slowest reader is %s at %llu, %llu behind",
		    (unsigned long long)head, RING_ENTRIES, slowest->nick,
		    (unsigned long long)slowest->cursor,
		    (unsigned long long)(head - MIN(slowest->cursor, head)));
	else
		num(s, RPL_STATSDEBUG, "p :log: head %llu, %d entries; no "
		    "reader", (unsigned long long)head, RING_ENTRIES);
	num(s, RPL_STATSDEBUG, "p :processes: %d %s (%d registered) in %d "
	    "%s; %llu forked, %llu reaped, %llu crashed", clients,
	    plural(clients, "client", "clients"), registered, sb_nslots(),
	    plural(sb_nslots(), "slot", "slots"), (unsigned long long)m.forks,
	    (unsigned long long)m.reaps, (unsigned long long)m.crashes);
}

static void
stats_procs(Session *s)
{
	char *map = calloc((size_t)sb_nslots() + 1, 1);
	SbRow r, holder = { 0 }, slowest = { 0 };
	ShmLockInfo li;
	uint64_t head = relay_head();
	int i, n = sb_nslots(), clients = 0, registered = 0, last = -1;

	shm_lock_info(&li);
	num(s, RPL_STATSDEBUG, "p :%-7s %4s %-12s %-11s %5s %6s %6s %7s %8s "
	    "%5s %7s %6s %6s %7s %c", "PID", "SLOT", "NICK", "STATE", "SECS",
	    "IN", "OUT", "SENDQ", "CURSOR", "LAG", "WAKEUPS", "RINGS",
	    "LOCKS", "CPU", 'K');
	for (i = -1; i >= -2; i--)	/* the master, then the janitor */
		if (sb_copy(i, &r)) {
			row_line(s, &r, head);
			if (r.pid == li.holder)
				holder = r;
		}
	for (i = 0; i < n; i++) {
		if (map)
			map[i] = sb_char(SB_FREE);
		if (!sb_copy(i, &r))
			continue;
		row_line(s, &r, head);
		if (map)
			map[i] = sb_char(r.state);
		last = i;
		clients++;
		registered += r.cursor > 0;
		if (r.cursor > 0 && (!slowest.pid || r.cursor < slowest.cursor))
			slowest = r;
		if (r.pid == li.holder)
			holder = r;
	}
	summary(s, &li, holder.pid ? &holder : NULL,
	        slowest.pid ? &slowest : NULL, head, clients, registered);
	if (map)
		map_lines(s, map, MIN(n, (last / MAP_PER_LINE + 1) *
		                         MAP_PER_LINE));
	free(map);
}

void
cmd_stats(Session *s, Msg *m)
{
	static long long last;
	const char *q = m->nparams ? m->params[0] : "*";
	unsigned long replies = s->replies;
	long long now = now_ms();

	if (!server_target(s, m, 1))	/* STATS query [target] */
		return;
	if (!strcmp(q, "p")) {
		if (last && now - last < STATS_EVERY_MS) {
			num(s, RPL_TRYAGAIN, "STATS :Please wait a while and "
			    "try again");
			return;
		}
		last = now;
		stats_procs(s);
		/* Paid for by the rate limit, not by its lines: a thousand
		 * rows would cost a hundred lines of flood credit, and the
		 * client's process tab asks every second. */
		s->replies = replies;
	}
	num(s, RPL_ENDOFSTATS, "%s :End of STATS report", reply_mid(q));
}
