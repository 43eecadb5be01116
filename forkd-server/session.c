#define _GNU_SOURCE		/* ppoll */
/* session.c: one client, one process, one poll() loop.
 *
 * The loop waits on the client's socket and our doorbell (a signal, let
 * in only while we wait: relay.h). Each turn it
 * reads input (unless flood control says wait), runs the commands, copies
 * what the relay's log holds for us into the send queue, writes the queue
 * in as few write(2)s as the socket takes, and checks the timers
 * (registration, ping). When the client goes, the QUIT is logged and the
 * slot marked CLEAN; the master frees it when it reaps us.
 *
 * Reading order: master.c forks us; cmd.c dispatches; relay.c and table.c
 * are the only ways to reach the other processes. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cmd.h"
#include "conf.h"
#include "log.h"
#include "numeric.h"
#include "relay.h"
#include "reply.h"
#include "scoreboard.h"
#include "session.h"
#include "shm.h"
#include "table.h"
#include "trace.h"
#include "utf8.h"
#include "util.h"

#define LINES_PER_TURN 256	/* then look at the log and the socket again */
#define CLOSE_GRACE_MS 2000	/* to flush the last lines to a leaver */
#define TRIM_QUIET_MS 500	/* a session trims once input is this quiet */

/* What a session needs only while it works: the input and the partial
 * line, in a mapping of their own (session_run) that trim() empties. */
typedef struct {
	char in[SESSION_IN];
	Linebuf lb;
} Scratch;
#define SCRATCH_SIZE ((sizeof(Scratch) + 4095) & ~(size_t)4095)

static Scratch *scratch;	/* session_prepare, or session_run */
static volatile sig_atomic_t stopping;
static pid_t parent;	/* the master, when the session started */
static sigset_t waitmask;	/* the mask while we wait: SIGTERM open */

void
session_stop(void)
{
	stopping = 1;
}

static void
put(Session *s, const char *line, size_t n)
{
	if (s->closing == 2)		/* dropped: queue nothing more */
		return;
	size_t queued;

	/* EDEADLK: a reply queued under the table lock (a bug, refused and
	 * logged by shm.c); the client is not to blame. A full queue is
	 * first written out as far as the socket takes it: a long answer
	 * (WHO of a full room) to a client that reads does not fit a small
	 * --sendq at once, and was dropped before a byte was written. */
	if (sendq_put(&s->q, line, n) == 0 || errno == EDEADLK)
		goto queued;
	queued = sendq_len(&s->q);
	if (sendq_flush(&s->q, s->fd) == 0)
		sb_wrote(queued - sendq_len(&s->q), sendq_len(&s->q));
	if (sendq_put(&s->q, line, n) < 0)
		session_quit(s, "SendQ exceeded");
queued:
	s->replies++;
	sb_line_out();
}

void
sq(Session *s, const char *fmt, ...)
{
	char line[IRC_LINE_MAX + 1];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = irc_vfmt(line, fmt, ap);
	va_end(ap);
	put(s, line, n);
}

void
num(Session *s, int n, const char *fmt, ...)
{
	char head[IRC_LINE_MAX], line[IRC_LINE_MAX + 1];
	va_list ap;
	size_t k;

	if (s->quiet)
		return;
	snprintf(head, sizeof(head), ":%s %03d %s %s", conf.name, n,
	         session_nick(s), fmt);
	va_start(ap, fmt);
	k = irc_vfmt(line, head, ap);
	va_end(ap);
	put(s, line, k);
}

const char *
session_nick(const Session *s)
{
	return s->has_nick || s->registered ? s->nick : "*";
}

const char *
session_prefix(const Session *s, char *buf, size_t n)
{
	snprintf(buf, n, "%s!%s@%s", s->nick, s->user, s->host);
	return buf;
}

void
session_quit(Session *s, const char *reason)
{
	char line[IRC_LINE_MAX + 1], pfx[128];
	int dropped = !strcmp(reason, "SendQ exceeded");

	if (s->closing)
		return;
	s->closing = 1;
	sb_quit(reason);
	relay_commit(1);		/* what it said before it left */
	if (s->registered) {
		irc_fmt(line, ":%s QUIT :%s",
		        session_prefix(s, pfx, sizeof(pfx)), reason);
		table_quit(s->slot, line);
		logf_("leave %s (%s)", s->nick, reason);
	}
	if (dropped) {		/* it isn't reading: don't wait for it */
		sendq_drop(&s->q);
		s->closing = 2;
	}
	irc_fmt(line, "ERROR :Closing Link: %s (%s)", s->host, reason);
	sendq_put(&s->q, line, strlen(line));
}

/* Was this reader in the room at log position seq? */
static int
in_span(const Session *s, uint64_t seq)
{
	int i;

	for (i = 0; i < s->nspan; i++)
		if (seq >= s->span[i].from && seq <= s->span[i].until)
			return 1;
	return 0;
}

/* Forget the spans the cursor has passed. */
static void
prune_spans(Session *s)
{
	int i, n = 0;

	for (i = 0; i < s->nspan; i++)
		if (s->span[i].until >= s->cursor)
			s->span[n++] = s->span[i];
	s->nspan = n;
}

/* Lines wait in the ring while our queue holds a batch (READ_BATCH, or
 * half the queue's bound if that is less); session_drain writes it, and
 * reads on while the socket takes it. A batch of 128 KiB (half the
 * default bound) grew the queue's mapping through 16, 32, 64 and 128 KiB,
 * each copied and faulted in anew, and was written cold: perf, a room of
 * 1000 with 10 senders, a third of the server's time in those faults,
 * mmap and munmap. */
#define READ_BATCH (16 * 1024)

static int
queue_full(const Session *s)
{
	return sendq_len(&s->q) >= MIN(conf.sendq / 2, READ_BATCH);
}

/* A line from the log: keep what is ours (see relay.h). */
static int
deliver(void *arg, const RelayLine *rl)
{
	Session *s = arg;

	if (s->closing)
		return 1;
	if (rl->to == TO_ROOM) {
		if (!in_span(s, rl->seq))
			return 1;
		if ((rl->flags & E_SKIPSELF) && rl->from == s->slot)
			return 1;
	}
	if (queue_full(s))
		return 0;
	put(s, rl->line, rl->len);
	if ((rl->flags & E_JOIN) && rl->from == s->slot &&
	    rl->seq == s->join_seq)
		room_burst(s);
	return 1;
}

void
session_drain(Session *s)
{
	size_t before;
	int n, r;

	if (!s->registered || s->closing)
		return;
	/* Slow is a client whose queue stays full while the log runs away:
	 * a reader merely behind (its process not run yet, lines for others
	 * to skip) catches up, and the writers wait for it. A queue that
	 * filled from the log is written out first, and reading goes on
	 * while the socket takes it: with a small --sendq, a reader woken
	 * far behind filled half its queue in one read and was called slow
	 * before it had written a byte. */
	for (;;) {
		n = relay_read(s->slot, s->gen, &s->cursor, deliver, s);
		sb_read_log(n, s->cursor);
		if (n < 0) {
			session_quit(s, "SendQ exceeded");
			return;
		}
		prune_spans(s);
		if (!queue_full(s) || s->closing)
			return;
		before = sendq_len(&s->q);
		r = sendq_flush(&s->q, s->fd);
		sb_wrote(before - sendq_len(&s->q), sendq_len(&s->q));
		if (r < 0 || sendq_len(&s->q) == before)
			break;		/* the loop sees a write error */
	}
	if (relay_lag(s->cursor) > 0.75)
		session_quit(s, "SendQ exceeded");
}

/* A line to the relay: a private line into its target's mailbox (after
 * our lines still in the outbox, so that its tag comes after them), or,
 * when that is full, and every room line, into the outbox, which goes to
 * the ring at the end of the turn (commit). Input waits while the outbox
 * has no room for a command's lines (take_lines), so they always fit. */
void
session_relay(Session *s, int32_t to, uint32_t gen, unsigned flags,
              const char *line, size_t len)
{
	if (to >= 0 && (!relay_pending() || relay_commit(0) == 0) &&
	    relay_mail(to, gen, s->slot, flags, line, len) == 0)
		return;
	if (relay_put(to, gen, s->slot, flags, line, len) < 0)
		logf_("relay outbox full: a line of %s lost", s->nick);
}

/* Append the outbox to the ring. A reader a whole ring behind is waited
 * for while it moves or waits for a CPU (a thousand processes on two
 * cores can wait seconds); one that has not moved for RING_WAIT_MS and is
 * stopped, or has not moved for RING_STALL_MS, is overwritten: it sees
 * that when it runs, and drops its client. Returns ms to wait, or 0. */
/* Has the slowest reader held the log long enough to be overwritten?
 * *since and *tail follow it: the wait starts again whenever it moves. */
static int
overwrite_due(long long *since, uint64_t *tail, long long now)
{
	if (!*since || relay_tail() != *tail) {
		*since = now;
		*tail = relay_tail();
	}
	return now - *since >= RING_STALL_MS ||
	       (now - *since >= RING_WAIT_MS && relay_slowest_stopped());
}

static long long
commit(Session *s, long long now)
{
	int force;

	if (!relay_pending()) {
		s->held_since = 0;
		return 0;
	}
	force = overwrite_due(&s->held_since, &s->held_tail, now) ||
	        s->full_forced;
	if (relay_commit(force) < 0)
		return RING_RETRY_MS;
	s->held_since = 0;
	return 0;
}

/* May this session take input, or is the log full? The same wait as
 * commit's: a reader a whole log behind is waited for while it moves or
 * waits for a CPU; one stopped (SIGSTOP, a debugger) for RING_WAIT_MS,
 * or stuck for RING_STALL_MS, is overwritten by the next commit, and
 * the input goes on (before, a stopped reader held every writer's input
 * for as long as it was stopped: the stall logic lived only in commit,
 * which nothing reached). */
static int
log_full(Session *s, long long now)
{
	if (!s->registered || relay_room()) {
		s->full_since = 0;
		s->full_forced = 0;
		return 0;
	}
	s->full_forced = overwrite_due(&s->full_since, &s->full_tail, now);
	return !s->full_forced;
}

/* Input is held back for the server's reasons, not the client's: it is
 * not idle (its ping timer starts again). Returns ms to wait: retry
 * (RING_RETRY_MS) when others must move, or -1 when only our own client
 * can: our lines wait for a full queue, and the loop wakes when the
 * socket takes more (POLLOUT), never on a timer. */
static long long
hold_input(Session *s, long long now, int retry)
{
	s->last_in = now;
	s->pinged = 0;
	return retry ? RING_RETRY_MS : -1;
}

/* Is the line's command NOTICE? For lines irc_parse refuses (a NUL or a
 * bare CR inside): a NOTICE is never answered, malformed or not (RFC
 * 2812 3.3.2). Skips a tags section and a prefix, as irc_parse does. */
static int
is_notice(const char *p, size_t len)
{
	const char *end = p + len;
	int i;

	while (p < end && (*p == '@' || *p == ':'))	/* tags, prefix */
		while (p < end && *p++ != ' ')
			;
	while (p < end && *p == ' ')
		p++;
	for (i = 0; i < 6 && p + i < end; i++)
		if ((p[i] & ~0x20) != "NOTICE"[i])
			return 0;
	return i == 6 && (p + 6 == end || p[6] == ' ');
}

static void
handle_line(Session *s, char *line, size_t len)
{
	int valid = utf8_valid(line, len);
	Msg m;

	if (irc_parse(line, len, &m) < 0) {
		if (!is_notice(line, len))
			num(s, ERR_UNKNOWNERROR, "* :Malformed line, ignored");
		return;
	}
	s->quiet = irc_cmdeq(m.cmd, "NOTICE");
	if (!valid)
		num(s, ERR_UNKNOWNERROR, "%s :Line is not valid UTF-8, "
		    "ignored (this server speaks UTF-8 only)",
		    reply_mid(m.cmd));
	else
		cmd_dispatch(s, &m);
	s->quiet = 0;
}

/* Flood control (after ngIRCd): each line advances a virtual clock by
 * 1/rate s; lines are taken while that clock is less than `burst` lines
 * ahead of real time. A flooder's lines wait in its own socket buffer;
 * nobody else's are delayed. Returns ms to wait, or 0. */
static long long
flood_wait(Session *s, long long now)
{
	long long cost, ahead;

	if (!conf.flood)
		return 0;
	cost = 1000 / conf.flood_rate;
	ahead = s->flood_t - now;
	if (ahead > (long long)(conf.flood_burst - 1) * cost)
		return ahead - (long long)(conf.flood_burst - 1) * cost;
	return 0;
}

static void
flood_charge(Session *s, long long now)
{
	if (conf.flood)
		s->flood_t = MAX(s->flood_t, now) + 1000 / conf.flood_rate;
}

/* A command's replies cost flood credit too: every REPLY_LINES_PER_CREDIT
 * lines it made count as one more line received, so a WHO of a 1000-user
 * room costs 100 lines' worth (50 s at the default rate) and no client
 * can make the server format megabytes for free. Registration's burst
 * (welcome, MOTD: RFC 2812 5.1) is the server's own and costs nothing: a
 * 300-line MOTD held a new user's first line for 12 s. */
#define REPLY_LINES_PER_CREDIT 10

static void
run_line(Session *s, char *line, size_t len, long long now)
{
	unsigned long before = s->replies, extra;
	int was_registered = s->registered;

	flood_charge(s, now);
	sb_line_in();
	handle_line(s, line, len);
	if (!was_registered)
		return;
	for (extra = (s->replies - before) / REPLY_LINES_PER_CREDIT;
	     extra > 0 && conf.flood; extra--)
		flood_charge(s, now);
}

/* Run complete lines from the input; read more only when it is used up.
 * Returns ms until input may be taken again (flood or a full ring), or -1
 * for "when the socket is readable". */
static long long take_lines(Session *s, int readable);

/* Is there room in the outbox for the lines of one more command? */
static int
outbox_fits(const Session *s)
{
	(void)s;
	return relay_outbox_room() >= MAX_HELD * OUTBOX_LINE;
}

static long long
take_input(Session *s, int readable)
{
	long long wait = take_lines(s, readable);

	/* The turn's lines go to the ring under one lock. Lines held for a
	 * full ring are retried on a timer, whatever the input does: nothing
	 * else would wake us for them. */
	if (commit(s, now_ms()) > 0 && !s->closing &&
	    (wait < 0 || wait > RING_RETRY_MS))
		wait = RING_RETRY_MS;
	return wait;
}

static long long
take_lines(Session *s, int readable)
{
	long long now, wait;
	const char *p;
	char *line;
	size_t n, len;
	ssize_t r;
	int lines = 0;

	if (!outbox_fits(s) && (wait = commit(s, now_ms())) > 0)
		return wait;	/* the relay's ring is full: no input yet */
	while (!s->closing && lines < LINES_PER_TURN) {
		if (s->inpos == s->inlen) {
			if (!readable)
				return -1;
			if (shm_check_unlocked("reading a client") < 0)
				return -1;
			r = read(s->fd, s->in, SESSION_IN);
			if (r == 0) {
				session_quit(s, "Connection closed");
				return -1;
			}
			if (r < 0) {
				if (errno == EINTR)
					continue;
				if (errno != EAGAIN && errno != EWOULDBLOCK)
					session_quit(s, errno == ECONNRESET ?
					    "Connection reset by peer" :
					    "Read error");
				return -1;
			}
			s->inpos = 0;
			s->inlen = (size_t)r;
			s->worked = 1;	/* input and commands: see trim */
			/* A short read emptied the socket: another would say
			 * EAGAIN (a system call per wake-up for nothing, 1 in
			 * 14 of a private-line storm's); poll() tells when
			 * more comes. A hung-up socket is read to its end. */
			if ((size_t)r < SESSION_IN && !s->hup)
				readable = 0;
			s->last_in = now_ms();
			s->pinged = 0;
		}
		now = now_ms();
		if ((wait = flood_wait(s, now)) > 0)
			return wait;
		if (s->nspan == ROOM_SPANS)
			return hold_input(s, now, 0);	/* spans to read */
		/* Our JOIN, its topic and names come before the answer to
		 * anything sent after it (NICK, USER and NAMES in one
		 * packet got the NAMES first): until our own JOIN is read
		 * from the log, no more input. */
		if (s->names.buf) {
			session_drain(s);
			if (s->names.buf)
				return hold_input(s, now, 0);
		}
		if (log_full(s, now))
			return hold_input(s, now, 1);
		if (!outbox_fits(s) && (wait = commit(s, now)) > 0)
			return wait;
		p = s->in + s->inpos;
		n = s->inlen - s->inpos;
		if (!s->lb->max)	/* zeroed by a trim */
			linebuf_init(s->lb);
		switch (linebuf_next(s->lb, &p, &n, &line, &len)) {
		case LB_MORE:
			s->inpos = s->inlen;
			break;
		case LB_TOOLONG:
			s->inpos = (size_t)(p - s->in);
			flood_charge(s, now);
			num(s, ERR_INPUTTOOLONG, ":Input line was too long "
			    "(at most 512 bytes with CRLF)");
			lines++;
			break;
		case LB_LINE:
			s->inpos = (size_t)(p - s->in);
			run_line(s, line, len, now);
			if (s->echo) {	/* not charged as replies */
				s->echo = 0;
				session_drain(s);
			}
			lines++;
			break;
		}
	}
	return s->closing ? -1 : 0;
}

/* Registration and ping timers. Returns ms until the next one. */
static long long
timers(Session *s, long long now)
{
	long long idle = now - s->last_in, next;
	char reason[64];

	if (!s->registered) {
		next = s->started + conf.reg_timeout * 1000LL - now;
		if (next <= 0) {
			session_quit(s, "Registration timed out");
			return -1;
		}
		return next;
	}
	if (idle >= conf.ping_timeout * 1000LL) {
		snprintf(reason, sizeof(reason), "Ping timeout: %d %s",
		         conf.ping_timeout,
		         plural(conf.ping_timeout, "second", "seconds"));
		session_quit(s, reason);
		return -1;
	}
	if (idle >= conf.ping_interval * 1000LL && !s->pinged) {
		sq(s, "PING :%s", conf.name);
		s->pinged = now;
	}
	if (s->pinged)
		return s->last_in + conf.ping_timeout * 1000LL - now;
	return s->last_in + conf.ping_interval * 1000LL - now;
}

/* The lowest address of our stack mapping, from /proc/self/maps, or 0.
 * Read once, by session_prepare in the master: a child's stack is its
 * copy, at the same addresses, and a trim that opened and read
 * /proc/self/maps each time cost 4% of the big room's phase (perf, 1000
 * readers, trims due during it). The mapping only grows down (to
 * RLIMIT_STACK), so the low end read then is still inside it; pages a
 * child's stack grew below it are not given back. Not inlined: its
 * buffer is off the stack again when trim_stack runs. */
static __attribute__((noinline)) uintptr_t
stack_low(void)
{
	char buf[4096], *p, *nl;
	uintptr_t lo = 0;
	ssize_t n;
	size_t len = 0;
	int fd;

	if ((fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	while (len < sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	/* "lo-hi perms offset dev inode [stack]". A child's list is about
	 * 15 lines (1.5 KiB); a longer one cut before its [stack] line
	 * means no trim of the stack, nothing worse. */
	for (p = buf; (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		if (strstr(p, "[stack]")) {
			lo = (uintptr_t)strtoull(p, NULL, 16);
			break;
		}
	}
	return lo;
}

/* Give back the stack pages below the frames in use: a registration or
 * a WHO runs deeper than the loop's sleep, and every page it touched
 * stayed private to this process for the rest of its life. Pages below
 * the stack pointer hold nothing live (the ABI's red zone is 128 bytes;
 * we keep 1 KiB for syscall(2)'s own frame), and MADV_DONTNEED makes them
 * zero pages again, allocated anew when a deep call comes. The stack's
 * size and limit are untouched. */
static uintptr_t stack_lo;	/* stack_low(), by session_prepare */

static __attribute__((noinline)) void
trim_stack(void)
{
	volatile char here = 0;
	uintptr_t lo = stack_lo, sp = (uintptr_t)&here, hi;

	hi = (sp - 1024) & ~(uintptr_t)4095;	/* 1 KiB below ours kept */
	if (lo && hi > lo)	/* the system call: no wrapper's frames */
		syscall(SYS_madvise, (void *)lo, (size_t)(hi - lo),
		        MADV_DONTNEED);
}

/* A session about to sleep after it read input (the deep calls:
 * registration, a WHO, our NAMES) gives back the pages it needs only
 * while it works, once its input has been quiet for TRIM_QUIET_MS: its
 * stack below the loop, its scratch (input and partial line) and its
 * outbox when they are empty. The next read finds zero pages (take_lines
 * sets the line buffer up again). A reader that only delivers lines never
 * trims. Returns ms to the trim when it is not due yet and the sleep would
 * last longer (the session wakes for it once), else -1. Not at the first
 * sleep after input: a client that is talking (a burst of private lines,
 * a registration followed by a JOIN) would fault the same pages back in
 * at its next line, and read /proc/self/maps again (perf, 1000 clients
 * sending private lines: 10% of the server's time went to trims and their
 * faults). An idle client then costs its process only the pages of its
 * state (doc/how-it-works.md, "Memory per client"). */
static long long
trim(Session *s, long long now, int timeout)
{
	long long due = s->last_in + TRIM_QUIET_MS - now;

	if (!s->worked)
		return -1;
	if (due > 0)
		return timeout >= 0 && timeout <= due ? -1 : due;
	s->worked = 0;
	if (s->inpos == s->inlen && s->lb->len == 0 && !s->lb->overlong)
		madvise(s->in, SCRATCH_SIZE, MADV_DONTNEED);
	relay_outbox_trim();
	trim_stack();
	TRACE("quiet for %d ms: gave back the pages only work needs (stack, "
	      "input, outbox)", TRIM_QUIET_MS);
	return -1;
}

static int
min_timeout(long long a, long long b)
{
	if (a < 0)
		a = b;
	else if (b >= 0 && b < a)
		a = b;
	if (a > 24 * 3600 * 1000LL)
		a = 24 * 3600 * 1000LL;
	return (int)a;
}

/* A SIGTERM from the master is a shutdown (it says so in the shared log
 * first: relay_stopping). The same SIGTERM comes from the kernel when the
 * master died (PR_SET_PDEATHSIG, master.c): by then we have been
 * reparented, nobody guards the pids, and from now on nobody rings
 * (relay_orphan, before our QUIT would ring); the users should not read
 * that as a clean stop. Any other SIGTERM is someone's kill of this one
 * session: the server goes on. */
static const char *
stop_reason(void)
{
	if (getppid() != parent) {
		relay_orphan();
		return "Server failure: its master process is gone";
	}
	if (conf.one || relay_stopping())	/* --one: the master's own */
		return "Server shutting down";
	return "Disconnected by the server's operator";
}

/* poll() with SIGTERM, SIGINT and the doorbell let in only while we
 * wait: they are
 * blocked the rest of the time, so one that comes after the loop looked
 * at `stopping` and before it sleeps waits for the sleep and ends it.
 * With plain poll() it was missed, and the session slept on, up to its
 * registration timeout (the janitor then had to kill it). */
static int
wait_fds(struct pollfd *pfd, int ms)
{
	return ppoll_ms(pfd, 1, ms, &waitmask);
}

static void
loop(Session *s)
{
	struct pollfd pfd[1];
	long long now, wait_in = -1, closed_at = 0;
	int timeout, readable = 0, slept, flushed, flushms, r;
	size_t queued;

	for (;;) {
		if (stopping && !s->closing)
			session_quit(s, stop_reason());
		now = now_ms();
		if (!s->closing) {
			wait_in = take_input(s, readable);
			session_drain(s);
		}
		readable = 0;
		if (!s->closing)
			timeout = min_timeout(wait_in, timers(s, now));
		else
			timeout = -1;
		queued = sendq_len(&s->q);
		flushed = sendq_flush(&s->q, s->fd);
		sb_wrote(queued - sendq_len(&s->q), sendq_len(&s->q));
		if (flushed < 0) {
			if (!s->closing)
				session_quit(s, errno == EPIPE ?
				             "Broken pipe" : "Write error");
			s->q.start = s->q.end = 0;	/* unwritable */
		}
		/* Our own client first, then the others: one ring per
		 * reader per turn, however many lines we appended. */
		if ((flushms = relay_flush()) > 0)
			timeout = min_timeout(timeout, flushms);
		timeout = min_timeout(timeout, sendq_trim(&s->q, now));
		if (s->closing) {
			if (!closed_at)
				closed_at = now;
			if (!sendq_len(&s->q) || s->closing == 2 ||
			    now - closed_at >= CLOSE_GRACE_MS)
				return;
			timeout = (int)(CLOSE_GRACE_MS - (now - closed_at));
		}
		/* A hung-up socket polls readable forever: once seen, leave
		 * it out and let the reads find the end of the input. */
		pfd[0].fd = s->hup ? -1 : s->fd;
		pfd[0].events = (s->inpos == s->inlen && wait_in < 0 &&
		                 !s->closing ? POLLIN : 0) |
		                (sendq_len(&s->q) ? POLLOUT : 0);
		pfd[0].revents = 0;
		slept = s->registered && !s->closing;
		if (slept && relay_sleep(s->slot, s->cursor) &&
		    !queue_full(s))
			timeout = 0;	/* lines came in meanwhile */
		if (slept)
			timeout = min_timeout(timeout, trim(s, now, timeout));
		sb_poll(s->registered, s->closing, sendq_len(&s->q));
		if ((r = wait_fds(pfd, timeout)) < 0 && errno != EINTR)
			session_quit(s, "Internal error (poll)");
		/* EINTR: the doorbell (or SIGTERM: stopping says so) */
		sb_woken(r < 0 && !stopping, pfd[0].revents);
		if (slept)
			relay_awake(s->slot);
		if (pfd[0].revents & (POLLHUP | POLLERR))
			s->hup = 1;
		if (s->hup || (pfd[0].revents & POLLIN))
			readable = 1;
	}
}

int
session_prepare(void)
{
	stack_lo = stack_low();
	scratch = mmap(NULL, SCRATCH_SIZE, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scratch == MAP_FAILED) {
		scratch = NULL;
		return -1;
	}
	return 0;
}

void
session_run(int slot, uint32_t gen, int fd, const char *host)
{
	static Session s;	/* static: one per process, and off the stack */
	sigset_t stop;
	int sndbuf = SOCK_SNDBUF;

	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	parent = getppid();
	/* No sigaction here: the master's handler, inherited, calls
	 * session_stop (master.c, onsignal). */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	relay_bell_init(slot, &stop);
	sigprocmask(SIG_BLOCK, &stop, &waitmask);	/* see wait_fds */
	/* The master blocks the doorbell outside its own ppoll: let in
	 * here whatever we block outside ours, however we inherited it. */
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, RELAY_BELL);
	memset(&s, 0, sizeof(s));	/* zero already, but for the fuzzer */
	s.fd = fd;
	s.slot = slot;
	s.gen = gen;
	strlcopy(s.host, host, sizeof(s.host));
	strlcopy(s.nick, "*", sizeof(s.nick));
	sb_start(slot, gen, host);
	sendq_init(&s.q, conf.sendq);
	s.started = s.last_in = now_ms();
	/* The scratch, not the (static) Session: trim() gives its pages
	 * back, and a static buffer would share them with state. */
	if (!scratch && session_prepare() < 0) {
		sq(&s, "ERROR :Server error: out of memory");
		sendq_flush(&s.q, fd);
		return;
	}
	s.in = scratch->in;
	s.lb = &scratch->lb;
	linebuf_init(s.lb);
	loop(&s);
	if (s.registered && !s.closing)
		session_quit(&s, "Connection closed");
	relay_flush_all();
	sendq_free(&s.q);
	room_leave(&s);
	munmap(scratch, SCRATCH_SIZE);
	scratch = NULL;
	close(fd);
}
