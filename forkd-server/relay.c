#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
/* relay.c: the ring log and the doorbells (see relay.h and DESIGN.md,
 * "The relay: traps and a design that scales").
 *
 * Why not send each line to every child's socket: a UNIX datagram queue
 * holds net.unix.max_dgram_qlen (often 10) datagrams, so a burst would
 * block the sender behind the slowest reader, or lose lines. Here a line is
 * written once, into shared memory, and every reader copies what it needs.
 *
 * The ring is also every reader's backlog: a reader copies lines into its
 * private send queue only while that is under half full, and leaves the
 * rest in the ring. So a burst costs memory once, not once per reader. A
 * reader that falls 3/4 of the ring behind is a slow consumer and drops
 * its client ("SendQ exceeded") before any writer has to wait for it.
 *
 * Publication is a seqlock per entry: the writer (holding the lock) stores
 * the entry, then its seq with release order, then the head. A reader
 * loads the head (acquire), checks the entry's seq before and after copying
 * it; a seq that moved means the writers lapped it. Writers keep a whole
 * ring between the head and the slowest active cursor (relay_has_room), so
 * that only happens to a reader stalled for RING_WAIT_MS.
 *
 * Doorbells: a reader about to poll() sets its `sleeping` flag, then reads
 * the head again (both seq_cst); a writer publishes the head, then swaps
 * each sleeper's flag to 0 and rings those that were 1. Either the reader
 * sees the new head or the writer sees the flag: no lost wake-up.
 *
 * A ring is a signal, RELAY_BELL (SIGURG), sent with kill(2) to the
 * reader's pid. The reader blocks it except inside ppoll(), and its
 * handler is empty: ppoll returns EINTR, nothing is left to read. Two
 * rings before the reader runs are one pending signal. It was a datagram
 * to a socket bound in a 0700 directory: a path lookup and a buffer per
 * ring, a recv per wake-up, a socket, a bind and an unlink per client,
 * and rings that failed when the sender's buffer was full of unread ones
 * (perf, 1000 clients sending private lines: the doorbell's sendto and
 * recv were the largest share of the server's time after the wake-up
 * itself).
 *
 * A pid is only safe to signal while its process is not reaped: once
 * reaped, the pid may go to any process of ours. So a ringer says whom it
 * rings (its reader's `ringing`: the slot + 1) before it reads the pid,
 * and clears it after the kill; the master, before it reaps a dead child,
 * clears the child's pid, then looks for a ringer of its slot
 * (relay_may_reap): any there may hold the old pid, and the reap waits
 * (the dead child stays a zombie: its pid cannot be reused). Both in
 * seq_cst order: either the ringer's `ringing` comes first and the master
 * sees it, or the ringer reads the pid after the master cleared it. And
 * SIGURG's default action is to be ignored: a process that is not ours
 * would not be hurt by one anyway.
 *
 * That guard is the master's: once it is gone, init (or a subreaper)
 * reaps a dead child at once, and its pid may go to a stranger. So then
 * nobody rings: the janitor sets Log.orphaned first thing when its pipe
 * reports the master's death, and so does a child that finds itself
 * reparented when it wakes (stop_reason, session.c); a ringer looks at
 * it after it has read the pid. What is left: a ringer that passed that
 * look just as the master died, and whose target died and was reaped
 * and its pid taken before the kill() a few instructions later; or one
 * that rings before either has noticed (the janitor is woken by the
 * master's death itself, within a scheduling slice). A stranger then gets
 * one SIGURG, which it ignores unless it catches it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linebuf.h"
#include "relay.h"
#include "scoreboard.h"
#include "shm.h"
#include "trace.h"
#include "util.h"

/* One entry of the ring log: a formatted IRC line and who gets it, in
 * ENTRY_BYTES. A line longer than its ENTRY_DATA bytes goes on in the
 * next entries (E_CONT, the same header), up to five for a 512-byte line:
 * chat lines are short, and a reader maps (one page-table entry per
 * page, faulted in per process) and caches the ring's pages, so entries
 * sized for the longest line made every reader touch five times the
 * memory (perf, a room of 1000 with 10 senders: a tenth of the server's
 * time in the faults of 536-byte entries; 8.0 -> 8.9 million deliveries/s
 * with 128). */
#define ENTRY_BYTES 128
typedef struct {
	_Atomic uint64_t seq;	/* the log position it holds (see above) */
	int32_t to;		/* TO_ROOM, or a slot index */
	uint32_t to_gen;	/* the slot's generation for private lines */
	int32_t from;		/* the sender's slot, or -1 */
	uint16_t flags;		/* E_*, or E_CONT: the rest of a line */
	uint16_t len;		/* of the whole line */
	char line[ENTRY_BYTES - 24];
} Entry;

_Static_assert(sizeof(Entry) == ENTRY_BYTES, "an entry is ENTRY_BYTES");
#define ENTRY_DATA sizeof(((Entry *)0)->line)
#define E_CONT 0x8000	/* not a line's start: its second entry or later */

/* The entries a line of len bytes takes. */
static uint64_t
span_of(size_t len)
{
	return len <= ENTRY_DATA ? 1 : (len + ENTRY_DATA - 1) / ENTRY_DATA;
}

/* One reader per slot (see the field table in relay.h). */
typedef struct {
	_Atomic uint64_t cursor;	/* the next log position it reads */
	_Atomic int sleeping;		/* in poll(), wants a doorbell */
	_Atomic int active;		/* its cursor holds the tail back */
	_Atomic pid_t pid;		/* its process, for "is it stopped?" */
	_Atomic int evicted;		/* no longer holds the tail back */
	_Atomic int ringing;		/* its process rings slot ringing-1 */
	/* Its mailbox: bytes written (published) and taken, counted from
	 * the start; the bytes are in mail[slot]. */
	_Atomic uint64_t mb_w;		/* writers, under mb_mu */
	_Atomic uint64_t mb_r;		/* its reader only */
	pthread_mutex_t mb_mu;		/* robust, process-shared */
} Reader;

/* A private line in a mailbox: this header, the line, padding to 8. */
typedef struct {
	uint16_t len;		/* of the line; MAIL_WRAP: go to the start */
	uint16_t flags;
	uint32_t gen;		/* the target slot's generation */
	uint64_t tag;		/* the log's head when it was sent */
	int32_t from;
	uint32_t pad;
} Mail;

#define MAIL_WRAP 0xffff	/* only len is written: 8 bytes always fit */
#define MAIL_SIZE(len) (sizeof(Mail) + (((size_t)(len) + 7) & ~(size_t)7))

typedef struct {
	_Atomic uint64_t head;	/* the next log position to be written */
	_Atomic uint64_t tail;	/* a lower bound of every active cursor */
	_Atomic uint64_t rung;	/* every sleeper was rung for lines < this */
	_Atomic int orphaned;	/* the master is gone: nobody rings */
	_Atomic int stopping;	/* the master shuts the server down */
	/* A round of private-line doorbells: the ms it was opened (now_ms),
	 * 0 when none is open (see relay_notify). */
	_Atomic long long round;
	_Atomic pid_t ringer;	/* the master, who closes rounds; 0: none */
	Reader reader[];	/* nslots of them */
} Log;

static Log *lg;
static Entry *ring;
static char *mail;		/* nslots mailboxes of MAILBOX_BYTES */
static int nreaders;
static uint64_t mask;		/* ring entries - 1 */
static uint64_t nentries;
static int self = -1;		/* this process's slot; -1: the master */
#ifdef FORKD_TEST_HOOKS
static int hold_ring;		/* stop inside the next ring to slot-1 */
static int full_next;		/* take the next mailbox as full */
#endif
/* This process's lines for the ring, not appended yet: they go in with
 * the next lock it takes (relay_commit at the end of its turn, or any
 * table change that logs a line, which must come after them). One lock
 * round trip per turn instead of one per line: in a ten-user room the
 * semaphore was most of a line's cost (perf: 35% of the server's time
 * in semop sleeps and wake-ups, two context switches per line). */
typedef struct {
	int32_t to;
	uint32_t gen;
	int32_t from;
	uint16_t flags;
	uint16_t len;
} Out;

#define OUT_SIZE(len) (sizeof(Out) + (((size_t)(len) + 7) & ~(size_t)7))

/* In a mapping of its own (relay_prepare, or relay_bell_init), untouched
 * until a line goes in: as a static array it lay among the variables
 * every child writes and spread them over a page more in each. */
static char *outbox;
static size_t outlen;

/* Doorbells owed since the last relay_flush (this process only): all the
 * sleepers, or those whose bit is set (a private line each: a sender of
 * twenty to twenty users must not ring a thousand). */
static int owe_all, owe_any;
/* Some of the owed slots have lines in the ring, not only mail (a full
 * mailbox's line, a lagging reader): this flush rings them now, as a
 * round's close looks at mailboxes only. */
static int owe_now;
/* A ring to every sleeper owed for lines < lazy_upto, due at lazy_due
 * (ms), unless someone rings them all for those lines first. */
static uint64_t lazy_upto;
static long long lazy_due;
/* nslots bits, mapped before the fork and never written by the master:
 * a child's first private line then faults in a zero page of its own.
 * On the master's heap it was a copy-on-write fault, with a TLB shootdown
 * to the other CPU: perf, 1000 clients each sending their first private
 * lines, 5% of the server's time. */
static uint64_t *owe;

static size_t
logsize(int nslots)
{
	return sizeof(Log) + (size_t)nslots * sizeof(Reader);
}

size_t
relay_size(int nslots, int ring_entries)
{
	return shm_region(logsize(nslots)) +
	       shm_region((size_t)ring_entries * sizeof(Entry)) +
	       shm_region((size_t)(nslots + 1) * MAILBOX_BYTES);
}

int
relay_create(int nslots, int ring_entries)
{
	pthread_mutexattr_t ma;
	uintptr_t p;
	int i, bad = 0;

	lg = shm_carve(logsize(nslots));
	ring = shm_carve((size_t)ring_entries * sizeof(Entry));
	/* page-aligned: a mailbox is one page, touched only when used */
	if ((p = (uintptr_t)shm_carve((size_t)(nslots + 1) * MAILBOX_BYTES)))
		mail = (char *)((p + MAILBOX_BYTES - 1) &
		                ~(uintptr_t)(MAILBOX_BYTES - 1));
	if (!lg || !ring || !mail)
		return -1;
	/* A writer killed while it holds a mailbox's mutex never published
	 * its line; robust: the next writer is told (EOWNERDEAD) and goes
	 * on. Process-shared: the mutex lives in the shared mapping. */
	if (pthread_mutexattr_init(&ma) != 0)
		return -1;
	bad |= pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	bad |= pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	for (i = 0; i < nslots && !bad; i++)
		bad |= pthread_mutex_init(&lg->reader[i].mb_mu, &ma);
	pthread_mutexattr_destroy(&ma);
	if (bad)
		return -1;
	owe = mmap(NULL, (((size_t)nslots + 63) / 64) * sizeof(*owe),
	           PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (owe == MAP_FAILED)
		return -1;
	nreaders = nslots;
	nentries = (uint64_t)ring_entries;
	mask = nentries - 1;
	atomic_store(&lg->head, 1);	/* position 0 means "none" */
	atomic_store(&lg->tail, 1);
	return 0;
}

void
relay_reader_reset(int slot)
{
	atomic_store(&lg->reader[slot].active, 0);
	atomic_store(&lg->reader[slot].evicted, 0);
	atomic_store(&lg->reader[slot].sleeping, 0);
	atomic_store(&lg->reader[slot].pid, 0);
	atomic_store(&lg->reader[slot].ringing, 0);
}

uint64_t
relay_reader_start_locked(int slot, pid_t pid)
{
	Reader *r = &lg->reader[slot];
	uint64_t head = atomic_load(&lg->head);

	atomic_store(&r->cursor, head);
	atomic_store(&r->pid, pid);
	atomic_store(&r->evicted, 0);
	atomic_store(&r->active, 1);
	return head;
}

void
relay_reader_stop_locked(int slot)
{
	atomic_store(&lg->reader[slot].active, 0);
	atomic_store(&lg->reader[slot].evicted, 0);
}

/* The active reader with the lowest cursor, or -1 when none is active. */
static int
slowest_active(void)
{
	uint64_t min = UINT64_MAX, c;
	int i, slow = -1;

	for (i = 0; i < nreaders; i++) {
		if (!atomic_load(&lg->reader[i].active))
			continue;
		c = atomic_load(&lg->reader[i].cursor);
		if (c < min) {
			min = c;
			slow = i;
		}
	}
	return slow;
}

/* Under the lock: the slowest active reader stops holding the log back
 * (its process is stopped, or stuck past RING_STALL_MS: session.c
 * decides). The writers then wait only for the others, and overwrite its
 * lines; when it runs again it either finds itself lapped (relay_read
 * says so, and its client is dropped with "SendQ exceeded") or reads on
 * and counts again. Forcing lines in over every reader instead, a
 * writer lapped readers that were merely waiting for a CPU. */
static void
evict_slowest_locked(void)
{
	uint64_t head = atomic_load(&lg->head), min, c;
	int i, slow = slowest_active();

	if (slow < 0)
		return;
	atomic_store(&lg->reader[slow].evicted, 1);
	atomic_store(&lg->reader[slow].active, 0);
	min = head;
	for (i = 0; i < nreaders; i++)
		if (atomic_load(&lg->reader[i].active) &&
		    (c = atomic_load(&lg->reader[i].cursor)) < min)
			min = c;
	atomic_store(&lg->tail, min);
}

uint64_t
relay_head(void)
{
	return atomic_load(&lg->head);
}

/* Empty: the signal's work is to end ppoll() (EINTR). Writing a flag here
 * was a copy-on-write fault in every child's first wake-up by a ring. */
static void
onbell(int sig)
{
	(void)sig;
}

int
relay_prepare(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = onbell;		/* no SA_RESTART: ppoll ends */
	if (sigaction(RELAY_BELL, &sa, NULL) < 0)
		return -1;
	outbox = mmap(NULL, OUTBOX_BYTES, PROT_READ | PROT_WRITE,
	              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (outbox == MAP_FAILED) {
		outbox = NULL;
		return -1;
	}
	return 0;
}

void
relay_bell_init(int slot, sigset_t *blocked)
{
	struct sigaction sa = { 0 }, old;

	self = slot;
	if (!outbox)
		relay_prepare();	/* if it fails, relay_put refuses */
	/* Installed by the master already (relay_prepare): a child's own
	 * sigaction would write musl's handled-signals set, copying its
	 * page (a query writes nothing). */
	if (sigaction(RELAY_BELL, NULL, &old) < 0 || old.sa_handler != onbell) {
		sa.sa_handler = onbell;	/* no SA_RESTART: ppoll ends */
		sigaction(RELAY_BELL, &sa, NULL);
	}
	sigaddset(blocked, RELAY_BELL);
}

int
relay_may_reap(int slot, pid_t pid)
{
	pid_t p = pid, q;
	int i, r;

	/* No ring reads the pid from now on; and the dead rings nobody. */
	atomic_compare_exchange_strong(&lg->reader[slot].pid, &p, 0);
	atomic_store(&lg->reader[slot].ringing, 0);
	for (i = 0; i < nreaders; i++) {
		if (atomic_load(&lg->reader[i].ringing) != slot + 1)
			continue;
		/* A ringer that died there (not reaped yet: a zombie)
		 * will never send; any other may hold the old pid. */
		q = atomic_load(&lg->reader[i].pid);
		if (q <= 0 || ((r = proc_state(q)) != 'Z' && r != 'X' &&
		               r != 'x' && r != 0))
			return 0;
	}
	return 1;
}

void
relay_orphan(void)
{
	atomic_store(&lg->orphaned, 1);
}

void
relay_set_stopping(void)
{
	atomic_store(&lg->stopping, 1);
}

int
relay_stopping(void)
{
	return atomic_load(&lg->stopping);
}

/* Ring slot's reader: a signal to its pid (see the top of this file for
 * why the pid is still that reader's). */
static void
ring_one(int slot)
{
	Reader *me = self >= 0 ? &lg->reader[self] : NULL;
	pid_t pid;

	if (shm_check_unlocked("ringing a doorbell") < 0)
		return;
	if (me)
		atomic_store(&me->ringing, slot + 1);
	pid = atomic_load(&lg->reader[slot].pid);
#ifdef FORKD_TEST_HOOKS
	if (hold_ring == slot + 1 && pid > 0) {
		hold_ring = 0;
		raise(SIGSTOP);		/* the test kills the target now */
	}
#endif
	/* After the pid: an orphan's pid may belong to anyone by now. */
	if (atomic_load(&lg->orphaned))
		pid = 0;
	/* ESRCH: it is gone; a zombie takes the signal and ignores it. */
	if (pid > 0 && kill(pid, RELAY_BELL) == 0)
		sb_rang();
	if (me)
		atomic_store(&me->ringing, 0);
}

/* The round this process left a private line's ring to (its open time),
 * or 0: relay_flush closes it if the master has not by its lateness. */
static long long deferred;

/* Close the round opened at t (nothing if someone closed it first) and
 * ring every sleeper that has mail. Closed first, then the mailboxes
 * looked at (both seq_cst): a writer that still saw the round open had
 * published its line before, and we see it; one that sees it closed
 * rings by itself. */
static void
close_round(long long t)
{
	int i, asleep;

	if (!atomic_compare_exchange_strong(&lg->round, &t, 0))
		return;
	for (i = 0; i < nreaders; i++) {
		Reader *r = &lg->reader[i];

		if (atomic_load(&r->mb_w) == atomic_load(&r->mb_r))
			continue;
		asleep = 1;
		if (atomic_compare_exchange_strong(&r->sleeping, &asleep, 0))
			ring_one(i);
	}
}

/* Ring slot to's reader for its mail (mail: a round may take the ring
 * over) or for lines of its in the ring (now). */
static void
ring_slot(int32_t to, int mail)
{
	long long t = mail ? atomic_load(&lg->round) : 0;
	int asleep = 1;
	pid_t m;

	/* A round is open: the master rings the target when it closes it,
	 * with every other target of private lines said meanwhile. If the
	 * master is late (stopped), we close it ourselves: at our next
	 * private line or relay_flush after RELAY_ROUND_LATE_MS, whichever
	 * comes first. */
	if (t && now_ms() - t < RELAY_ROUND_LATE_MS) {
		deferred = t;
		return;
	}
	if (t)
		close_round(t);
	if (atomic_compare_exchange_strong(&lg->reader[to].sleeping, &asleep,
	                                   0))
		ring_one(to);
	/* No round was open: this mail rang at once (a lone private line is
	 * not delayed), and opens one, which the master closes
	 * RELAY_ROUND_MS later. */
	t = 0;
	if (mail && (m = atomic_load(&lg->ringer)) > 0 &&
	    atomic_compare_exchange_strong(&lg->round, &t, now_ms()) &&
	    !atomic_load(&lg->orphaned))
		kill(m, RELAY_BELL);
}

void
relay_notify(int32_t to)
{
	int i;

	if (to >= 0) {
		ring_slot(to, 0);
		return;
	}
	uint64_t head = atomic_load(&lg->head), r;

	/* Every sleeper will wake for the lines before head: lazy rings
	 * owed for them (anyone's) need not be rung again. Said before the
	 * rings, so that others that come due meanwhile leave them to us (a
	 * sleeper not rung yet is rung below; one awake sees the lines). */
	r = atomic_load(&lg->rung);
	while (r < head && !atomic_compare_exchange_weak(&lg->rung, &r, head))
		;
	for (i = 0; i < nreaders; i++) {
		if (atomic_load_explicit(&lg->reader[i].sleeping,
		                         memory_order_relaxed) &&
		    atomic_exchange(&lg->reader[i].sleeping, 0))
			ring_one(i);
	}
}

static int commit_locked(int force);
static void owe_mail(int32_t to);

static uint64_t
append_one(int32_t to, uint32_t to_gen, int32_t from, unsigned flags,
           const char *line, size_t len)
{
	uint64_t seq = atomic_load_explicit(&lg->head, memory_order_relaxed);
	uint64_t k, span;
	size_t off;
	Entry *e;

	if (len > IRC_LINE_MAX)
		len = IRC_LINE_MAX;
	span = span_of(len);
	for (k = 0, off = 0; k < span; k++, off += ENTRY_DATA) {
		e = &ring[(seq + k) & mask];
		atomic_store_explicit(&e->seq, 0, memory_order_relaxed);
		atomic_thread_fence(memory_order_release);
		e->to = to;
		e->to_gen = to_gen;
		e->from = from;
		e->flags = (uint16_t)(k ? E_CONT : flags);
		e->len = (uint16_t)len;
		memcpy(e->line, line + off, MIN(ENTRY_DATA, len - off));
		atomic_store_explicit(&e->seq, seq + k, memory_order_release);
	}
	atomic_store(&lg->head, seq + span);
	sb_appended(seq);
	return seq;
}

static int scan(void);
uint64_t
relay_append_locked(int32_t to, uint32_t to_gen, int32_t from,
                    unsigned flags, const char *line, size_t len)
{
	/* Lines this process said before come first (they fit: the ring
	 * keeps RING_SPARE entries for the table's lines, and an outbox
	 * holds far fewer). */
	if (outlen)
		commit_locked(1);
	return append_one(to, to_gen, from, flags, line, len);
}


/* A mailbox's mutex. A holder that died left no published line (mb_w
 * moves last), only bytes past mb_w that the next writer overwrites. */
static int
mail_lock(Reader *r)
{
	int e = pthread_mutex_lock(&r->mb_mu);

	if (e == EOWNERDEAD)
		e = pthread_mutex_consistent(&r->mb_mu);
	return e ? -1 : 0;
}

int
relay_mail(int32_t to, uint32_t gen, int32_t from, unsigned flags,
           const char *line, size_t len)
{
	Reader *r = &lg->reader[to];
	char *box = mail + (size_t)to * MAILBOX_BYTES;
	uint64_t w, taken;
	size_t off, pad = 0, need;
	Mail *m;

	if (len > IRC_LINE_MAX)
		len = IRC_LINE_MAX;
	need = MAIL_SIZE(len);
#ifdef FORKD_TEST_HOOKS
	if (full_next) {
		full_next = 0;
		return -1;	/* as if full: through the ring */
	}
#endif
	if (shm_check_unlocked("writing a mailbox") < 0 || mail_lock(r) < 0)
		return -1;
	w = atomic_load_explicit(&r->mb_w, memory_order_relaxed);
	taken = atomic_load_explicit(&r->mb_r, memory_order_acquire);
	off = (size_t)(w % MAILBOX_BYTES);
	if (off + need > MAILBOX_BYTES)
		pad = MAILBOX_BYTES - off;	/* a multiple of 8 */
	if (MAILBOX_BYTES - (w - taken) < pad + need) {
		pthread_mutex_unlock(&r->mb_mu);
		return -1;			/* full: the caller uses the ring */
	}
	if (pad) {
		((Mail *)(box + off))->len = MAIL_WRAP;
		w += pad;
		off = 0;
	}
	m = (Mail *)(box + off);
	m->len = (uint16_t)len;
	m->flags = (uint16_t)flags;
	m->gen = gen;
	m->from = from;
	/* Read under the mutex, so that a mailbox's tags never go down:
	 * the ring's lines before the head came before this line. */
	m->tag = atomic_load(&lg->head);
	memcpy(m + 1, line, len);
	atomic_store(&r->mb_w, w + need);	/* publish; seq_cst: relay_sleep */
	pthread_mutex_unlock(&r->mb_mu);
	sb_mailed(to);
	owe_mail(to);
	/* A target whose mailbox is half full is rung now, round or not:
	 * waiting for the round's close, a flood would fill the mailbox and
	 * go through the ring, which every reader scans. */
	if (w + need - taken > MAILBOX_BYTES / 2) {
		int asleep = 1;

		if (atomic_compare_exchange_strong(&r->sleeping, &asleep, 0))
			ring_one(to);
	}
	return 0;
}

#ifdef FORKD_TEST_HOOKS
void
relay_test_hold_commit(void)
{
	Out *o = (Out *)outbox;

	shm_lock();
	if (outlen) {
		append_one(o->to, o->gen, o->from, o->flags,
		           (const char *)(o + 1), o->len);
		/* the rest: this process dies with it, as a client that is
		 * killed takes its unsaid lines with it */
	}
	raise(SIGSTOP);		/* the test SIGKILLs us here */
	shm_unlock();
}

void
relay_test_full_next(void)
{
	full_next = 1;
}

void
relay_test_hold_ring(int slot)
{
	hold_ring = slot + 1;
}

void
relay_test_set_pid(int slot, pid_t pid)
{
	atomic_store(&lg->reader[slot].pid, pid);
}

void
relay_test_hold_mail(int slot)
{
	Reader *r = &lg->reader[slot];
	Mail *m;

	if (mail_lock(r) < 0)
		return;
	m = (Mail *)(mail + (size_t)slot * MAILBOX_BYTES +
	             atomic_load(&r->mb_w) % MAILBOX_BYTES);
	m->len = 12;		/* half a line: never published */
	memcpy(m + 1, "NOT THIS", 8);
	raise(SIGSTOP);		/* the test SIGKILLs us here */
	pthread_mutex_unlock(&r->mb_mu);
}
#endif

/* The reader's next mail due before the ring's line at seq (its tag is at
 * most seq), for (slot, gen): 1 and *rl filled, or 0 (none due). Lines
 * for an earlier user of the slot are dropped on the way. */
static int
mail_next(int slot, uint32_t gen, uint64_t seq, RelayLine *rl)
{
	Reader *r = &lg->reader[slot];
	char *box = mail + (size_t)slot * MAILBOX_BYTES;
	uint64_t taken = atomic_load_explicit(&r->mb_r, memory_order_relaxed);
	uint64_t w = atomic_load_explicit(&r->mb_w, memory_order_acquire);
	size_t off;
	Mail *m;

	while (taken < w) {
		off = (size_t)(taken % MAILBOX_BYTES);
		m = (Mail *)(box + off);
		if (m->len == MAIL_WRAP) {
			taken += MAILBOX_BYTES - off;
			continue;
		}
		if (m->gen != gen) {
			taken += MAIL_SIZE(MIN(m->len, IRC_LINE_MAX));
			continue;
		}
		atomic_store_explicit(&r->mb_r, taken, memory_order_release);
		if (m->tag > seq)
			return 0;
		rl->seq = m->tag;
		rl->to = slot;
		rl->from = m->from;
		rl->flags = m->flags;
		rl->len = MIN(m->len, IRC_LINE_MAX);
		rl->line = (const char *)(m + 1);
		return 1;
	}
	atomic_store_explicit(&r->mb_r, taken, memory_order_release);
	return 0;
}

/* The mail mail_next gave was taken: free its bytes for the writers. */
static void
mail_taken(int slot, const RelayLine *rl)
{
	Reader *r = &lg->reader[slot];

	atomic_store_explicit(&r->mb_r, atomic_load_explicit(&r->mb_r,
	                      memory_order_relaxed) + MAIL_SIZE(rl->len),
	                      memory_order_release);
}

/* Under the lock: is there room for one more line? The cached tail is a
 * lower bound; when it says full, look at the readers again. */
static int
room_locked(void)
{
	uint64_t head = atomic_load(&lg->head);

	if (head - atomic_load(&lg->tail) < nentries - RING_SPARE)
		return 1;
	return scan();
}

int
relay_put(int32_t to, uint32_t gen, int32_t from, unsigned flags,
          const char *line, size_t len)
{
	Out *o;

	if (len > IRC_LINE_MAX)
		len = IRC_LINE_MAX;
	if (!outbox || outlen + OUT_SIZE(len) > OUTBOX_BYTES)
		return -1;
	o = (Out *)(outbox + outlen);
	o->to = to;
	o->gen = gen;
	o->from = from;
	o->flags = (uint16_t)flags;
	o->len = (uint16_t)len;
	memcpy(o + 1, line, len);
	outlen += OUT_SIZE(len);
	return 0;
}

size_t
relay_pending(void)
{
	return outlen;
}

void
relay_outbox_trim(void)
{
	if (outbox && !outlen)
		madvise(outbox, OUTBOX_BYTES, MADV_DONTNEED);
}

size_t
relay_outbox_room(void)
{
	return OUTBOX_BYTES - outlen;
}

/* Under the lock: append the outbox's lines while the ring has room (the
 * check is made under the lock: hundreds of writers checking outside it
 * could all pass at once and lap the readers), all of them with force.
 * Returns 1 when the outbox is empty. */
static int
commit_locked(int force)
{
	size_t off = 0;
	Out *o;

	while (off < outlen) {
		o = (Out *)(outbox + off);
		if (!force && !room_locked())
			break;
		append_one(o->to, o->gen, o->from, o->flags,
		           (const char *)(o + 1), o->len);
		relay_owe(o->to);
		off += OUT_SIZE(o->len);
	}
	memmove(outbox, outbox + off, outlen - off);
	outlen -= off;
	return outlen == 0;
}

int
relay_commit(int force)
{
	int all;

	/* A caller whose ring is full keeps the rest and tries again later,
	 * reading its own share of the ring meanwhile (waiting here instead,
	 * a writer that is itself the slowest reader would wait for
	 * itself). */
	if (!outlen)
		return 0;
	shm_lock();
	if (force)
		evict_slowest_locked();
	all = commit_locked(0);
	shm_unlock();
	return all ? 0 : -1;
}

void
relay_owe(int32_t to)
{
	if (to == TO_ROOM) {
		owe_all = 1;
	} else {
		owe_mail(to);
		owe_now = 1;
	}
}

/* A private line went into slot to's mailbox: its ring may wait for the
 * round (ring_slot). relay_owe is this, and now. */
static void
owe_mail(int32_t to)
{
	owe[to / 64] |= (uint64_t)1 << (to % 64);
	owe_any = 1;
}

void
relay_owe_lazy(void)
{
	lazy_upto = atomic_load(&lg->head);
	if (!lazy_due)
		lazy_due = now_ms() + RELAY_LAZY_MS;
}

void
relay_flush_all(void)
{
	if (lazy_upto)
		lazy_due = 1;
	relay_flush();
	/* A round we left rings to is closed now, not left to the master:
	 * a stopped one would strand our last lines when we are gone. */
	if (deferred) {
		close_round(deferred);
		deferred = 0;
	}
}

int
relay_flush(void)
{
	uint64_t bits, r;
	long long now, due;
	int i;

	/* A ring cannot fail for want of buffer (a signal pending is
	 * pending once): no re-arming, no retries. */
	if (owe_all)
		relay_notify(TO_ROOM);
	if (owe_any)
		for (i = 0; i < nreaders; i += 64) {
			for (bits = owe[i / 64]; bits; bits &= bits - 1)
				if (!owe_all)
					ring_slot(i + __builtin_ctzll(bits),
					          !owe_now);
			owe[i / 64] = 0;
		}
	owe_all = owe_any = owe_now = 0;
	/* A lazy ring (a JOIN, a PART): a sleeper wakes for it within
	 * RELAY_LAZY_MS, with whatever else came meanwhile. During a storm of
	 * registrations each of a thousand members woke for every JOIN (a
	 * doorbell, a context switch and a poll per member per JOIN: 80% of
	 * a registration's CPU); now it wakes once per RELAY_LAZY_MS. */
	if (lazy_upto && atomic_load(&lg->rung) >= lazy_upto)
		lazy_upto = lazy_due = 0;	/* someone rang them all */
	if (lazy_upto && (now = now_ms()) >= lazy_due) {
		/* Claim the ring-all first: of the joiners that come due at
		 * once, one rings (it was every other one, each starting
		 * before the last had said it rang). */
		r = atomic_load(&lg->rung);
		while (r < lazy_upto && !atomic_compare_exchange_weak(
		       &lg->rung, &r, atomic_load(&lg->head)))
			;
		if (r < lazy_upto)
			relay_notify(TO_ROOM);
		lazy_upto = lazy_due = 0;
	}
	sb_flushed();
	/* A round we left rings to, still open when it is late: the master
	 * is stopped or slow; we close it (see relay_notify). */
	if (deferred && atomic_load(&lg->round) != deferred)
		deferred = 0;		/* closed (by the master, as a rule) */
	if (deferred && (now = now_ms()) - deferred >= RELAY_ROUND_LATE_MS) {
		TRACE("the master left a round of doorbells open %lld ms: we "
		      "close it", now - deferred);
		close_round(deferred);
		deferred = 0;
	}
	/* the earlier of the two that are due later, in ms from now */
	due = lazy_upto ? lazy_due : 0;
	if (deferred && (!due || deferred + RELAY_ROUND_LATE_MS < due))
		due = deferred + RELAY_ROUND_LATE_MS;
	return due ? (int)MAX(1, due - now_ms()) : 0;
}

/* Is the slowest active reader stopped (SIGSTOP, a debugger)? Only such
 * a reader is overwritten: one that waits for a CPU (a thousand processes
 * on two cores can wait seconds) will come, and the writers wait. */
int
relay_slowest_stopped(void)
{
	int slow = slowest_active();
	pid_t pid = slow < 0 ? 0 : atomic_load(&lg->reader[slow].pid);
	char st;

	if (pid <= 0)
		return 0;
	st = proc_state(pid);		/* 0: gone, nothing to wait for */
	return !st || st == 'T' || st == 't';
}

uint64_t
relay_tail(void)
{
	return atomic_load(&lg->tail);
}

/* Is there room for one more line? With the lock held (room_locked) or
 * not (relay_room): the cursors are atomics and a lower bound is enough.
 * Lagging sleepers found on the way are owed a doorbell, rung by
 * relay_flush, never under the lock. */
static int
scan(void)
{
	static uint64_t checked;	/* head at our last full look */
	uint64_t head = atomic_load(&lg->head);
	uint64_t tail = atomic_load(&lg->tail), c;
	int i;

	if (head - tail < nentries / 2 ||
	    (head - checked < 64 && head - tail < nentries - RING_SPARE))
		return 1;
	/* Half full: find the slowest active reader (a lower bound is
	 * enough, so no lock; one registering now starts at the head), and
	 * wake the sleepers that lag. A reader is rung only for lines for
	 * it: during a storm of private lines to others it would sleep with
	 * its cursor parked, and the ring would fill up behind it. */
	checked = head;
	tail = head;
	for (i = 0; i < nreaders; i++) {
		if (!atomic_load(&lg->reader[i].active))
			continue;
		c = atomic_load(&lg->reader[i].cursor);
		if (c < tail)
			tail = c;
		if (head - c >= nentries / 4 &&
		    atomic_load_explicit(&lg->reader[i].sleeping,
		                         memory_order_relaxed))
			relay_owe(i);
	}
	atomic_store(&lg->tail, tail);
	return head - tail < nentries - RING_SPARE;
}

#ifdef FORKD_TEST_HOOKS
static int tear_next;		/* take the next line handed over as torn */

void
relay_test_tear(void)
{
	tear_next = 1;
}

static int
test_tear(void)
{
	int t = tear_next;

	tear_next = 0;
	return t;
}
#else
#define test_tear() 0
#endif

int
relay_read(int slot, uint32_t gen, uint64_t *cursor,
           int (*fn)(void *, const RelayLine *), void *arg)
{
	uint64_t head = atomic_load(&lg->head), seq, span = 1, k;
	char line[IRC_LINE_MAX];
	RelayLine rl, ml;
	Entry *e;
	int n = 0, mine, took;

	if (head - *cursor > nentries)
		return -1;
	for (seq = *cursor;; seq += span) {
		/* The mailbox's lines sent before the ring's line at seq
		 * was appended come before it: merged by their tags. */
		while (mail_next(slot, gen, seq, &ml)) {
			if (!fn(arg, &ml))
				goto stop;
			mail_taken(slot, &ml);
			n++;
		}
		if (seq >= head)
			break;
		e = &ring[seq & mask];
		if (atomic_load_explicit(&e->seq, memory_order_acquire) != seq)
			return -1;
		mine = e->to == TO_ROOM ||
		       (e->to == slot && e->to_gen == gen);
		rl.seq = seq;
		rl.to = e->to;
		rl.from = e->from;
		rl.flags = e->flags;
		rl.len = MIN(e->len, IRC_LINE_MAX);
		span = span_of(rl.len);
		/* A cursor is always at a line's start: anything else is a
		 * writer's (a lap), checked below. */
		if ((rl.flags & E_CONT) || seq + span > head)
			return -1;
		if (mine && !(rl.flags & E_JOIN) && span == 1) {
			/* Handed over where it lies: fn copies it, then the
			 * check says whether it was whole (one copy, not two).
			 * A torn copy is the caller's to throw away (-1). */
			rl.line = e->line;
			took = fn(arg, &rl);
			atomic_thread_fence(memory_order_acquire);
			if (atomic_load_explicit(&e->seq,
			                         memory_order_relaxed) != seq ||
			    test_tear())
				return -1;
			if (!took)
				break;
			n++;
			continue;
		}
		/* Our own JOIN (its taking queues the NAMES after it), a
		 * line in several entries, or a line for someone else:
		 * checked before anything is done. */
		for (k = 0; mine && k < span; k++)
			memcpy(line + k * ENTRY_DATA,
			       ring[(seq + k) & mask].line,
			       MIN(ENTRY_DATA, rl.len - k * ENTRY_DATA));
		atomic_thread_fence(memory_order_acquire);
		for (k = 0; k < span; k++)
			if (atomic_load_explicit(&ring[(seq + k) & mask].seq,
			                         memory_order_relaxed) != seq + k)
				return -1;	/* overwritten while we copied */
		if (mine) {
			rl.line = line;
			if (!fn(arg, &rl))
				break;
			n++;
		}
	}
stop:
	*cursor = seq;
	atomic_store(&lg->reader[slot].cursor, seq);
	/* An evicted reader that was not lapped reads on: it counts again
	 * (no lock: a writer that misses this may lap it, which it sees). */
	if (atomic_load_explicit(&lg->reader[slot].evicted,
	                         memory_order_relaxed) &&
	    atomic_exchange(&lg->reader[slot].evicted, 0))
		atomic_store(&lg->reader[slot].active, 1);
	return n;
}

double
relay_lag(uint64_t cursor)
{
	return (double)(atomic_load(&lg->head) - cursor) / (double)nentries;
}

int
relay_sleep(int slot, uint64_t cursor)
{
	/* Stay asleep-flagged even when lines are pending: a reader whose
	 * client does not read waits in poll() and must still be rung, to
	 * see how far behind it is. */
	atomic_store(&lg->reader[slot].sleeping, 1);
	return atomic_load(&lg->head) != cursor ||
	       atomic_load(&lg->reader[slot].mb_w) !=
	       atomic_load(&lg->reader[slot].mb_r);
}

void
relay_ringer(void)
{
	atomic_store(&lg->ringer, getpid());
}

int
relay_round(long long now)
{
	long long t = atomic_load(&lg->round);

	if (!t)
		return -1;
	if (now - t < RELAY_ROUND_MS)
		return (int)(RELAY_ROUND_MS - (now - t));
	close_round(t);
	return -1;
}

void
relay_awake(int slot)
{
	atomic_store(&lg->reader[slot].sleeping, 0);
}

int
relay_room(void)
{
	uint64_t head = atomic_load(&lg->head);

	if (head - atomic_load(&lg->tail) < nentries - RING_SPARE)
		return 1;
	return scan();
}
