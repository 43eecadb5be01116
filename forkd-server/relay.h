/* relay.h: how a line said by one child reaches the others; the middle
 * layer of the shared-memory stack (shm.h -> relay.h -> table.h).
 *
 * A ring log in shared memory: a writer appends under the lock and
 * publishes by advancing the head; each child reads from its own cursor to
 * the head and keeps what is for its client. A line takes one 128-byte
 * entry per 104 bytes of it (a chat line one, a 512-byte line five), so
 * positions, cursors and lags count entries. Doorbells wake only the
 * children that sleep: a doorbell is a signal (RELAY_BELL, SIGURG, sent
 * with kill(2)), blocked except inside the child's ppoll() and caught by
 * an empty handler, so ppoll returns and nothing is left to read; two
 * rings before it runs are one. A doorbell carries no data: whoever may
 * signal the child (its own user, root) could only cause a spurious
 * wake-up, never a line. Doorbells are rung after the lock is released
 * (relay_flush), never under it: a system call is not done under it. A
 * ringer names the slot it rings (reader.ringing) before it reads the
 * pid, and the master reaps a dead child only when no ringer names its
 * slot (relay_may_reap): a pid read by a ringer is never reused under it.
 *
 * A child's room lines wait in its outbox (process memory) and go into
 * the ring under one lock at the end of its turn, or before any line the
 * table logs for it (JOIN, NICK, ...), which must come after them: one
 * lock round trip per turn, not per line. A JOIN or PART rings the
 * sleepers lazily, within RELAY_LAZY_MS, once for all that came
 * meanwhile (Log.rung: the head at the last ring of everyone).
 *
 * Private lines go to their target's mailbox instead (one page per slot,
 * its own robust mutex, not the table lock), so a private line costs the
 * sender and the target only: nobody else scans it or is woken by it. A
 * mail carries the log's head at the time it was sent (its tag); the
 * reader takes it just before the ring's line at that position, so a
 * private line said after a room line (by anyone, as far as the sender
 * could know) arrives after it, and one sender's lines keep their order.
 * Private lines ring in rounds: one said when no round is open rings its
 * target at once (a lone private line is not delayed) and opens a round;
 * those said while it is open ring nobody, and the master, when it closes
 * the round RELAY_ROUND_MS later, rings every sleeper that has mail. So a
 * storm of private lines wakes each target at most once a round for all
 * its senders, not once per line, and a target that has read its mail
 * meanwhile (woken by its own client, or a room line) is not woken at
 * all. A round left open for RELAY_ROUND_LATE_MS (a stopped master) is
 * ignored: senders ring at once again. Room lines always ring at once,
 * and so does a private line that leaves its mailbox half full (a flood
 * would otherwise fill it before the round closes and spill into the
 * ring, which every reader scans).
 * A full mailbox (a target that does not read) sends the line through
 * the ring, as before mailboxes: there the target falls behind like any
 * slow reader and is dropped ("SendQ exceeded"); the sender waits only as
 * for any slow reader, and nobody else is affected.
 *
 * Shared fields of this layer (relay.c's Log, Reader and Entry records):
 *
 *   field             written by                 read by            rule
 *   head              a writer, under the lock   every reader       atomic
 *   rung              whoever rings every        lazy ringers       atomic
 *                     sleeper (CAS up, first)                       (max)
 *   tail (a bound)    a writer, under the lock   writers            atomic
 *   entry (line, to)  a writer, under the lock   every reader       seqlock
 *   reader.cursor     its own reader             writers (tail)     atomic,
 *                                                                   owner
 *   reader.sleeping   its reader sets it; a      writers, the       atomic
 *                     writer or the master       master
 *                     swaps it to 0 and rings
 *   reader.active     table.c under the lock     writers (tail)     atomic
 *                     (register, quit, reap),
 *                     the master at assignment,
 *                     a writer evicting it (lock),
 *                     its reader coming back
 *   reader.evicted    a writer, under the lock   its reader         atomic
 *                     (a stopped reader); its
 *                     reader clears it (swap)
 *   reader.pid        its reader at register;    writers (ring,     atomic
 *                     the master clears it       stopped?)
 *                     before the reap
 *   reader.ringing    its own process, around    the master, before atomic,
 *                     each ring (the slot + 1);  a reap             seq_cst
 *                     the master when it dies
 *   reader.mb_w, mail a writer, under mb_mu      its reader         atomic
 *   (the mailbox)     (a robust process-shared                      (mb_w
 *                     mutex: a dead holder's                        published
 *                     half line is unpublished)                     last)
 *   reader.mb_r       its reader                 writers (room?),   atomic
 *                                                the master
 *   round             a writer opens it (0 ->    writers, the       atomic
 *                     now, ms); the master       master
 *                     closes it (-> 0)
 *   ringer            the master, once           writers            atomic
 *
 * The master writes here too: a crashed child's QUIT (table_reap, under
 * the lock, taken with trylock so the master never waits). */
#ifndef RELAY_H
#define RELAY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"
#include "linebuf.h"

#define TO_ROOM (-1)
#define RING_RETRY_MS 10	/* a full ring: writers try again this often */
#define RELAY_BELL SIGURG	/* the doorbell; its default action: ignored */
#define RING_SPARE (RING_ENTRIES / 16)	/* kept for the table's lines */
#define MAILBOX_BYTES 4096	/* one page per slot: ~45 short private lines */

enum {
	E_SKIPSELF = 1,	/* not for the sender (its own PRIVMSG, QUIT) */
	E_JOIN = 2	/* the sender's own JOIN: it answers with NAMES */
};

typedef struct {
	uint64_t seq;
	int32_t to;
	int32_t from;
	uint16_t flags;
	const char *line;
	size_t len;
} RelayLine;

/* Master, before any fork: the bytes the log needs in the mapping, and
 * carving them (0, or -1 when the mapping is too small). */
size_t relay_size(int nslots, int ring_entries);
int relay_create(int nslots, int ring_entries);
/* A slot's reader: reset by the master when it assigns the slot (no lock:
 * nobody looks at a free slot); started when its user registers (returns
 * the head, its first position) and stopped when it leaves, both by
 * table.c under the lock. */
void relay_reader_reset(int slot);
uint64_t relay_reader_start_locked(int slot, pid_t pid);
void relay_reader_stop_locked(int slot);
/* Append a line (the lock held: a copy into the ring, nothing else).
 * Returns its position. The caller then calls relay_owe. */
uint64_t relay_append_locked(int32_t to, uint32_t to_gen, int32_t from,
                             unsigned flags, const char *line, size_t len);

/* Child (or the master serving --one), at start: its slot, and its
 * doorbell caught by an empty handler (ppoll returns EINTR); RELAY_BELL is
 * added to *blocked, the set the caller blocks outside ppoll(). */
void relay_bell_init(int slot, sigset_t *blocked);
/* Master, before it maps the shared memory and forks: this process's
 * outbox (OUTBOX_BYTES, mapped as session_prepare maps its scratch, for
 * the same reason) and the doorbell's handler, both inherited, so that a
 * child calls neither mmap nor sigaction for them (musl's sigaction
 * writes a page of its own). relay_bell_init does what was not done. 0,
 * or -1 (errno). */
int relay_prepare(void);
/* Master, before it reaps pid, the dead child of slot: 1 when no process
 * can still signal that pid (reap it), 0 when a ringer may hold it (leave
 * it a zombie and ask again: the ring takes microseconds, unless the
 * ringer is stopped). Clears the slot's pid: later rings skip it. */
int relay_may_reap(int slot, pid_t pid);
/* The server's state, in the shared log's header, for every process.
 * relay_orphan: the master is gone (said by the janitor as soon as its
 * pipe tells, and by a child that finds itself reparented); from then on
 * nobody rings: no process guards the pids any more (see relay.c). Never
 * undone. relay_stopping: the master shuts the server down (before it
 * tells the children with SIGTERM); a child's SIGTERM without it came
 * from someone else (an operator ending one session). */
void relay_orphan(void);
void relay_set_stopping(void);
int relay_stopping(void);

/* A private line into the mailbox of slot `to` (no table lock: the
 * mailbox has its own robust mutex), tagged with the log's head so the
 * reader merges it after the ring's lines said before it. 0, or -1 when
 * the mailbox is full: then the caller sends it through the ring, as any
 * line (relay_put), and it keeps its order, since its position there
 * is past every tag in the mailbox. Owes the target a doorbell. */
int relay_mail(int32_t to, uint32_t gen, int32_t from, unsigned flags,
               const char *line, size_t len);

/* A line for the ring (the room, or one slot when its mailbox is full)
 * goes first into this process's outbox: 0, or -1 when the outbox has
 * no room (relay_commit first). relay_commit appends the outbox under one
 * lock, unless the ring is full (some reader is a whole ring behind):
 * then -1, and the rest waits in the outbox for the next try (force:
 * append anyway, overwriting the slowest reader). A table change that
 * logs a line appends the outbox before it, so one process's lines keep
 * their order. The doorbells are rung later, by relay_flush: a sender
 * that appends many lines in one turn rings each reader once. */
#define OUTBOX_BYTES 4096
int relay_put(int32_t to, uint32_t gen, int32_t from, unsigned flags,
              const char *line, size_t len);
int relay_commit(int force);
size_t relay_pending(void);		/* bytes in the outbox */
size_t relay_outbox_room(void);	/* bytes free in it */
/* An empty outbox's pages back to the system (a quiet session's trim,
 * session.c); the next line finds zero pages. */
void relay_outbox_trim(void);
#define OUTBOX_LINE (16 + IRC_LINE_MAX)	/* the most one line takes */
/* Note that a line for `to` was appended and its readers must be rung. */
void relay_owe(int32_t to);
/* A room line whose readers may be rung late (a JOIN or PART): within
 * RELAY_LAZY_MS, together with what else comes meanwhile, by this process
 * unless another rings them all first. */
#define RELAY_LAZY_MS 50
void relay_owe_lazy(void);
/* Ring the sleepers that the appends since the last call concern. Returns
 * 0, or ms after which to call again (a lazy ring not yet due).
 * relay_flush_all (a session's last) rings lazy ones now too, and closes
 * a round it left private lines' rings to. */
int relay_flush(void);
void relay_flush_all(void);
/* Ring the sleepers a line to `to` concerns (all, or one slot), now. */
void relay_notify(int32_t to);
/* Outside the lock: may a writer append now? A session takes no input
 * while the answer is no, so the lines the table logs without asking
 * (JOIN, PART, NICK, TOPIC, QUIT: they must go in with their change) are
 * bounded by one command's worth, RING_SPARE, and can never lap a reader
 * that keeps up. */
int relay_room(void);
/* The slowest active reader's cursor, as the last full look found it. */
uint64_t relay_tail(void);
/* 1 if the slowest active reader's process is stopped (or gone). */
int relay_slowest_stopped(void);

/* Read from *cursor to the head: fn gets each line for (slot, gen) and
 * returns 1 to take it, 0 to stop before it (its queue is full: the line
 * waits in the ring). Returns how many lines it took, or -1 if the writers
 * lapped this reader. Publishes the new cursor.
 * A line may be handed over where it lies in shared memory (a seqlock:
 * a writer may overwrite it while fn copies it, once this reader was
 * evicted), and checked after fn returns: fn must only copy (queue) it,
 * and on -1 the caller must throw away what it queued from that line on
 * (session.c drops the client, "SendQ exceeded", and sendq_drop keeps
 * only the rest of a line the socket has begun, never a queued one).
 * Lines with E_JOIN, whose taking does more, are copied and checked
 * first. */
int relay_read(int slot, uint32_t gen, uint64_t *cursor,
               int (*fn)(void *, const RelayLine *), void *arg);
/* How far this reader is behind, as a fraction of the ring (0..1+). */
double relay_lag(uint64_t cursor);
/* Before poll(): ask to be rung; returns 1 if lines came meanwhile.
 * relay_awake after poll(). */
int relay_sleep(int slot, uint64_t cursor);
void relay_awake(int slot);
/* Rounds of private-line doorbells (see the top). The master says it
 * closes them (relay_ringer: without it, as with --one, every private
 * line rings at once), and calls relay_round(now_ms()) before each poll:
 * it closes a round that is due, ringing the sleepers with mail, and
 * returns ms until the open one is due, or -1 when none is open. A writer
 * that opens a round wakes the master with RELAY_BELL, which the master
 * lets in only inside its ppoll. */
/* 50 ms: under what a person notices in a chat, and in the storm of
 * doc/benchmarks.md fewer wake-ups than 30 ms for both more lines a second
 * (+11%) and a lower p99 (68 against 73 ms); 80 ms made the storm's last
 * lines wait for their round (-20%). Lone lines never wait for one. */
#define RELAY_ROUND_MS 50
#define RELAY_ROUND_LATE_MS (4 * RELAY_ROUND_MS)
void relay_ringer(void);
int relay_round(long long now);
uint64_t relay_head(void);

#ifdef FORKD_TEST_HOOKS
/* Take the next line relay_read hands over as torn (overwritten while it
 * was copied): for the test that no torn byte reaches a client. */
void relay_test_tear(void);
/* Take slot's mailbox mutex, write half a line, and stop (SIGSTOP): for
 * the test that kills a writer there. */
void relay_test_hold_mail(int slot);
/* Take the lock, append the outbox's first line only, and stop: for the
 * test that kills a writer between two lines of one commit. */
void relay_test_hold_commit(void);
/* Stop (SIGSTOP) inside the next ring to slot, between reading its pid
 * and signalling it: for the test that kills the target there. */
void relay_test_hold_ring(int slot);
/* Take the next mailbox this process writes to as full: its line goes
 * through the ring (for the test that such a line rings its target). */
void relay_test_full_next(void);
/* Ring pid for slot's doorbell from now on: for the test that no orphan
 * rings a reused pid. */
void relay_test_set_pid(int slot, pid_t pid);
#endif

#endif
