/* scoreboard.c: the rows of scoreboard.h, their writers and readers.
 *
 * Each process writes only the row `me` points at (the master's, or its
 * slot's after sb_start), with relaxed atomic stores: nobody waits for
 * them and no order between fields is promised, so a reader may see
 * lines_in of this turn beside sendq of the last; every field on its own
 * is true. The lock's states come from shm.c's hook, which runs in the
 * process that takes the lock; what happens under the lock is only
 * stored, and told to the trace after the release. */
#define _GNU_SOURCE		/* CLOCK_MONOTONIC_COARSE */
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "scoreboard.h"
#include "shm.h"
#include "trace.h"
#include "utf8.h"
#include "util.h"

#define NICKW ((NICK_MAX + 1 + 7) / 8)	/* the nick in 8-byte words */

typedef struct {
	_Atomic pid_t pid;
	_Atomic int state;
	_Atomic long long since;	/* ms, CLOCK_MONOTONIC_COARSE */
	_Atomic unsigned nickseq;	/* odd while the nick is written */
	_Atomic uint64_t nick[NICKW];
	_Atomic uint64_t lines_in, lines_out, sendq, cursor, wakeups, rings;
	_Atomic uint64_t locks;
} Row;

typedef struct {
	int nslots;
	_Atomic uint64_t forks, reaps, crashes;	/* the master's */
	Row janitor, master;
	Row slot[];
} Board;

static Board *sb;
static Row *me;			/* this process's row, or NULL */
/* This process, while it holds the lock or just did: for the trace. */
static SbState before_lock;
static long long before_since;
static long long lock_t0;	/* us: when it asked or took it */
static long long lock_wait;	/* us, of the current hold */
static uint64_t first_seq, last_seq;	/* appended in this hold */
#ifdef FORKD_TEST_HOOKS
static int stop_in_nick;	/* sb_test_stop_in_nick */

void
sb_test_stop_in_nick(void)
{
	stop_in_nick = 1;
}
#endif
static int rung;		/* doorbells since the last relay_flush */
static int closing;

static const struct { char c; const char *name; } states[SB_NSTATES] = {
	[SB_FREE]        = { '.', "free" },
	[SB_REGISTERING] = { 'r', "registering" },
	[SB_READING]     = { 'R', "reading" },
	[SB_WRITING]     = { 'W', "writing" },
	[SB_ASLEEP]      = { '_', "asleep" },
	[SB_LOCKWAIT]    = { 'l', "lock-wait" },
	[SB_LOCKED]      = { 'L', "lock-held" },
	[SB_CLOSING]     = { 'C', "closing" },
	[SB_STOPPED]     = { 'T', "stopped" },
};

#define ST(f, v) atomic_store_explicit(&(f), (v), memory_order_relaxed)
#define LD(f) atomic_load_explicit(&(f), memory_order_relaxed)
#define ADD(f, v) ST(f, LD(f) + (v))	/* owner only: no RMW needed */

static long long
coarse_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void
set(Row *r, SbState st)
{
	if (LD(r->state) == (int)st)
		return;
	ST(r->state, st);
	ST(r->since, coarse_ms());
}

/* The count goes odd, the nick is written, the count goes even. It is
 * first rounded down to even: a process killed mid-write left it odd,
 * and counting on from there made it odd after every later write, so
 * the row's nick read "?" for every later user of the slot. */
static void
set_nick(Row *r, const char *nick)
{
	uint64_t w[NICKW] = { 0 };
	unsigned seq = LD(r->nickseq) & ~1u;
	int i;

	strlcopy((char *)w, nick, sizeof(w));
	atomic_store_explicit(&r->nickseq, seq + 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_release);
	for (i = 0; i < NICKW; i++)
		ST(r->nick[i], w[i]);
#ifdef FORKD_TEST_HOOKS
	if (stop_in_nick) {
		stop_in_nick = 0;
		raise(SIGSTOP);		/* the test SIGKILLs us here */
	}
#endif
	atomic_store_explicit(&r->nickseq, seq + 2, memory_order_release);
}

/* A fresh row, by the master while no process owns it (before the fork,
 * after the reap): readers skip it until its pid is set. */
static void
reset(Row *r, SbState st)
{
	ST(r->state, st);
	ST(r->since, coarse_ms());
	set_nick(r, "*");
	ST(r->lines_in, 0);
	ST(r->lines_out, 0);
	ST(r->sendq, 0);
	ST(r->cursor, 0);
	ST(r->wakeups, 0);
	ST(r->rings, 0);
	ST(r->locks, 0);
}

/* shm.c's hook: the lock's steps in this process. Under the lock only
 * stores; the trace is told after the release. */
static void
lock_event(ShmEvent ev, long long wait_us)
{
	long long now;

	if (!me)
		return;
	switch (ev) {
	case SHM_WAITING:
		before_lock = (SbState)LD(me->state);
		before_since = LD(me->since);
		set(me, SB_LOCKWAIT);
		break;
	case SHM_TAKEN:
		if (wait_us < 0) {	/* at once: no SHM_WAITING before */
			before_lock = (SbState)LD(me->state);
			before_since = LD(me->since);
			wait_us = 0;
		}
		lock_wait = wait_us;
		lock_t0 = trace_on ? now_us() : 0;
		first_seq = last_seq = 0;
		ADD(me->locks, 1);
		ST(me->state, SB_LOCKED);
		ST(me->since, coarse_ms());
		break;
	case SHM_RELEASED:
		ST(me->state, before_lock);
		ST(me->since, before_since);
		if (!trace_on)
			break;
		now = now_us() - lock_t0;
		if (first_seq)
			TRACE("lock released: waited %lld.%03lld ms, held "
			      "%lld.%03lld ms; appended to the log at seq "
			      "%llu..%llu", lock_wait / 1000, lock_wait % 1000,
			      now / 1000, now % 1000,
			      (unsigned long long)first_seq,
			      (unsigned long long)last_seq);
		else
			TRACE("lock released: waited %lld.%03lld ms, held "
			      "%lld.%03lld ms", lock_wait / 1000,
			      lock_wait % 1000, now / 1000, now % 1000);
		break;
	}
}

size_t
sb_size(int nslots)
{
	return shm_region(sizeof(Board) + (size_t)nslots * sizeof(Row));
}

int
sb_create(int nslots)
{
	if (!(sb = shm_carve(sizeof(Board) + (size_t)nslots * sizeof(Row))))
		return -1;
	sb->nslots = nslots;
	me = &sb->master;
	reset(me, SB_READING);
	set_nick(me, "(master)");
	ST(me->pid, getpid());
	shm_hook = lock_event;
	return 0;
}

void
sb_janitor(pid_t pid)
{
	reset(&sb->janitor, SB_ASLEEP);	/* it waits on a pipe, always */
	set_nick(&sb->janitor, "(janitor)");
	ST(sb->janitor.pid, pid);
}

void
sb_assign(int slot)
{
	reset(&sb->slot[slot], SB_REGISTERING);
}

void
sb_forked(int slot, pid_t pid)
{
	ST(sb->slot[slot].pid, pid);
	ADD(sb->forks, 1);
}

void
sb_reaped(int slot, int crashed)
{
	ST(sb->slot[slot].pid, 0);
	ADD(sb->reaps, 1);
	if (crashed)
		ADD(sb->crashes, 1);
}

void
sb_serving(int slot)
{
	ST(sb->master.pid, 0);	/* the master is slot's process now */
	sb_assign(slot);
	ST(sb->slot[slot].pid, getpid());
}

void
sb_start(int slot, uint32_t gen, const char *host)
{
	pid_t pid = getpid(), parent = getppid();

	me = &sb->slot[slot];
	closing = rung = 0;
	sb_title("new");
	trace_begin();
	if (LD(sb->master.pid) == 0)
		TRACE("no fork (--one): the master serves %s itself, in "
		      "slot %d (generation %u)", host, slot, gen);
	else
		TRACE("forked: pid %d, child of the master %d, for %s",
		      (int)pid, (int)parent, host);
	TRACE("slot %d claimed (generation %u): the master chose and "
	      "marked it before the fork", slot, gen);
}

void
sb_state(SbState st)
{
	if (me && !closing)
		set(me, st);
}

void
sb_registered(const char *nick, uint64_t cursor)
{
	set_nick(me, nick);
	ST(me->cursor, cursor);
	sb_title(nick);
	trace_nick(nick);
	TRACE("registered as %s: the nick was claimed under the lock; "
	      "reading the log from seq %llu", nick,
	      (unsigned long long)cursor);
}

void
sb_nick(const char *nick)
{
	set_nick(me, nick);
	sb_title(nick);
	trace_nick(nick);
	TRACE("now known as %s", nick);
}

void
sb_line_in(void)
{
	ADD(me->lines_in, 1);
}

void
sb_line_out(void)
{
	ADD(me->lines_out, 1);
}

void
sb_wrote(size_t bytes, size_t queued)
{
	ST(me->sendq, queued);
	if (!bytes)
		return;
	TRACE("wrote %zu %s to the socket, %zu still queued", bytes,
	      plural((long long)bytes, "byte", "bytes"), queued);
}

void
sb_read_log(int lines, uint64_t cursor)
{
	uint64_t from = LD(me->cursor);

	ST(me->cursor, cursor);
	if (lines < 0)
		TRACE("read the log at seq %llu: the writers lapped us",
		      (unsigned long long)from);
	else if (lines > 0 || cursor != from)
		TRACE("read the log from seq %llu to %llu and our mailbox: %d "
		      "%s for the room or for us", (unsigned long long)from,
		      (unsigned long long)cursor, lines,
		      plural(lines, "line", "lines"));
}

void
sb_poll(int registered, int isclosing, size_t queued)
{
	if (!me)
		return;
	if (isclosing)
		closing = 1;
	set(me, closing ? SB_CLOSING : queued ? SB_WRITING :
	        registered ? SB_ASLEEP : SB_REGISTERING);
}

void
sb_woken(int byrung, int bysocket)
{
	if (!me)
		return;
	if (byrung)
		ADD(me->wakeups, 1);
	if (!closing)
		set(me, SB_READING);
	TRACE("woken by %s", byrung && bysocket ?
	      "the doorbell and its client" : byrung ? "the doorbell" :
	      bysocket ? "its client's socket" : "a timer");
}

void
sb_quit(const char *reason)
{
	closing = 1;
	set(me, SB_CLOSING);
	TRACE("quit: %s", reason);
}

void
sb_appended(uint64_t seq)
{
	if (!me)
		return;
	if (!first_seq)
		first_seq = seq;
	last_seq = seq;
}

void
sb_mailed(int slot)
{
	TRACE("put a private line into slot %d's mailbox", slot);
}

void
sb_rang(void)
{
	if (!me)
		return;
	ADD(me->rings, 1);
	rung++;
}

void
sb_flushed(void)
{
	if (!rung)
		return;
	TRACE("rang %d %s", rung, plural(rung, "doorbell", "doorbells"));
	rung = 0;
}

int
sb_nslots(void)
{
	return sb->nslots;
}

static Row *
row(int i)
{
	return i == -2 ? &sb->janitor : i == -1 ? &sb->master :
	       &sb->slot[i];
}

static void
copy_nick(Row *r, char *out)
{
	uint64_t w[NICKW];
	unsigned a, b;
	int i, tries;

	for (tries = 0; tries < 100; tries++) {
		a = atomic_load_explicit(&r->nickseq, memory_order_acquire);
		for (i = 0; i < NICKW; i++)
			w[i] = LD(r->nick[i]);
		atomic_thread_fence(memory_order_acquire);
		b = LD(r->nickseq);
		if (a == b && !(a & 1)) {
			memcpy(out, w, NICK_MAX);
			out[NICK_MAX] = '\0';
			return;
		}
	}
	strlcopy(out, "?", NICK_MAX + 1);	/* a writer stopped mid-way */
}

/* /proc/PID/stat: "pid (comm) S ppid ... utime stime ..." (proc(5):
 * fields 3, 14 and 15, the times in clock ticks). */
static void
proc_stat(SbRow *o)
{
	char path[64], buf[512], *p;
	unsigned long long ut = 0, st = 0;
	ssize_t n;
	int fd;

	o->kstate = '?';
	o->cpu_ms = -1;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)o->pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	if (!(p = strrchr(buf, ')')) || p[1] != ' ')
		return;
	o->kstate = p[2];
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
	           "%llu %llu", &ut, &st) == 2)
		o->cpu_ms = (long long)(ut + st) * 1000 / sysconf(_SC_CLK_TCK);
}

int
sb_copy(int i, SbRow *o)
{
	Row *r = row(i);

	memset(o, 0, sizeof(*o));
	if ((o->pid = LD(r->pid)) <= 0)
		return 0;
	o->slot = i;
	o->state = (SbState)LD(r->state);
	if ((unsigned)o->state >= SB_NSTATES)
		o->state = SB_FREE;
	o->secs = (coarse_ms() - LD(r->since)) / 1000;
	copy_nick(r, o->nick);
	o->lines_in = LD(r->lines_in);
	o->lines_out = LD(r->lines_out);
	o->sendq = LD(r->sendq);
	o->cursor = LD(r->cursor);
	o->wakeups = LD(r->wakeups);
	o->rings = LD(r->rings);
	o->locks = LD(r->locks);
	proc_stat(o);
	if (o->kstate == 'T' || o->kstate == 't')
		o->state = SB_STOPPED;
	return 1;
}

void
sb_master(SbMaster *out)
{
	out->forks = LD(sb->forks);
	out->reaps = LD(sb->reaps);
	out->crashes = LD(sb->crashes);
}

char
sb_char(SbState st)
{
	return states[st].c;
}

const char *
sb_name(SbState st)
{
	return states[st].name;
}

/* The kernel keeps a process's command name (/proc/PID/comm, what top,
 * pstree and ps -e show) in 16 bytes with the NUL: prctl cuts at 15
 * bytes whatever they are, so the cut is made here, on a character. The
 * command line (ps -o args) is left alone: text of its own for each
 * child would cost each a page of stack (the argv strings, at a fixed
 * address, are a page no child writes otherwise): +4 KiB private dirty
 * a child, measured. */
void
sb_title(const char *what)
{
	static char own[16];	/* the name exec gave us */
	char name[64];
	size_t k;

	if (!own[0])
		prctl(PR_GET_NAME, own, 0, 0, 0);
	if (!what) {
		prctl(PR_SET_NAME, own, 0, 0, 0);
		return;
	}
	snprintf(name, sizeof(name), "forkd: %s", what);
	k = strlen(name);
	name[utf8_cut(name, k, 15)] = '\0';
	prctl(PR_SET_NAME, name, 0, 0, 0);
}
