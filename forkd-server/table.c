/* table.c: the user table, on top of the log (relay.c) and the mapping
 * and lock (shm.c); see table.h for who writes which field.
 *
 * Every function here takes the lock and releases it before returning,
 * and under it only copies: a nick into a slot, a slot into the caller's
 * User, a formatted line into the log. No callbacks, no formatting, no
 * I/O: the lock rule of shm.h.
 *
 * Called by master.c (create, assign, reap, destroy) and by the session's
 * command handlers (register, nick, join, part, quit, lookups). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "irc.h"
#include "relay.h"
#include "scoreboard.h"
#include "shm.h"
#include "table.h"
#include "util.h"

typedef struct {
	/* Odd while a writer changes the fields below (under the lock, or
	 * the master on a free slot): table_find reads without the lock. */
	_Atomic uint32_t seq;
	_Atomic int state;	/* SLOT_*; only the master frees/assigns */
	pid_t pid;
	uint32_t gen;		/* bumped at each assignment */
	int in_room;
	char nick[NICK_MAX + 1];
	char user[USER_MAX + 2];	/* with the '~' of no ident */
	char host[HOST_MAX];
	char real[REAL_MAX + 1];
	char away[AWAY_MAX + 1];	/* empty: not away */
	time_t signon;
	_Atomic int64_t lastmsg;	/* its child only, no lock */
} Slot;

typedef struct {
	int nslots;
	int nactive;		/* registered users */
	int maxactive;
	char topic[TOPIC_MAX + 1];
	char topic_who[NICK_MAX + 1];
	time_t topic_time;
	time_t room_created;
	Slot slot[];
} Table;

static Table *tb;
/* Per slot, a hash of its nick (folded), 0 for none: a lookup scans these
 * 4 bytes a slot, not 400, under the lock (a private line's lookup in a
 * thousand-user table held the lock ~30 us and touched 90 pages). */
static _Atomic uint32_t *key;
/* And an index of them, so that a lookup reads a few slots, not every
 * key (a private line's lookup at a thousand users scanned 4 KiB on
 * average: a twentieth of the server's time). Chains through the slots:
 * bucket[key & bmask] is the first slot + 1 (0: none), chain[slot] the
 * next. Changed under the lock only (set_key); table_find walks it
 * without the lock, and a walk that a change meanwhile sends astray only
 * misses, so a miss there is checked by the scan. */
static _Atomic int32_t *bucket, *chain;
static uint32_t bmask;
static void set_key(int slot, uint32_t k);

/* Around every change of a slot's fields (a seqcount: see table_find). */
static void
wbegin(Slot *s)
{
	atomic_fetch_add(&s->seq, 1);
}

static void
wend(Slot *s)
{
	atomic_fetch_add(&s->seq, 1);
}

static size_t
tablesize(int nslots)
{
	return sizeof(Table) + (size_t)nslots * sizeof(Slot);
}

/* The index's buckets: a power of two, at least one per slot. */
static size_t
nbuckets(int nslots)
{
	size_t n = 1;

	while (n < (size_t)nslots)
		n *= 2;
	return n;
}

int
table_create(int nslots, int ring_entries)
{
	if (shm_create(relay_size(nslots, ring_entries) +
	               shm_region(tablesize(nslots)) +
	               shm_region((size_t)nslots * sizeof(*key)) +
	               shm_region(nbuckets(nslots) * sizeof(*bucket)) +
	               shm_region((size_t)nslots * sizeof(*chain)) +
	               sb_size(nslots)) < 0)
		return -1;
	/* What every process touches, first and together: the table, the
	 * keys, the scoreboard, the readers and the log; the mailboxes
	 * (relay_create's last), each touched by its own users only, after
	 * them. A child's page tables then cover the first part with as few
	 * pages as its size allows (shm_create aligns the mapping). */
	if (!(tb = shm_carve(tablesize(nslots))) ||
	    !(key = shm_carve((size_t)nslots * sizeof(*key))) ||
	    !(bucket = shm_carve(nbuckets(nslots) * sizeof(*bucket))) ||
	    !(chain = shm_carve((size_t)nslots * sizeof(*chain))) ||
	    sb_create(nslots) < 0 || relay_create(nslots, ring_entries) < 0) {
		shm_destroy();
		errno = ENOMEM;
		return -1;
	}
	tb->nslots = nslots;
	bmask = (uint32_t)nbuckets(nslots) - 1;
	tb->room_created = time(NULL);
	return 0;
}

void
table_destroy(void)
{
	shm_destroy();
	tb = NULL;
}

int
table_semid(void)
{
	return shm_semid();
}

int
table_count_host(const char *host)
{
	int i, n = 0;

	/* host is written only by the master: no lock needed to read it */
	for (i = 0; i < tb->nslots; i++)
		if (atomic_load(&tb->slot[i].state) != SLOT_FREE &&
		    !strcmp(tb->slot[i].host, host))
			n++;
	return n;
}

uint32_t
table_assign(int slot, const char *host)
{
	Slot *s = &tb->slot[slot];

	/* The slot is FREE: no other process looks at it until the state
	 * says ASSIGNED, so it is filled without the lock. */
	wbegin(s);
	s->gen++;
	s->pid = 0;
	s->in_room = 0;
	s->nick[0] = s->user[0] = s->real[0] = s->away[0] = '\0';
	strlcopy(s->host, host, sizeof(s->host));
	wend(s);
	relay_reader_reset(slot);
	atomic_store(&s->state, SLOT_ASSIGNED);
	return s->gen;
}

void
table_set_pid(int slot, pid_t pid)
{
	tb->slot[slot].pid = pid;
}

pid_t
table_pid(int slot)
{
	return atomic_load(&tb->slot[slot].state) == SLOT_FREE ? 0 :
	       tb->slot[slot].pid;
}

int
table_nslots(void)
{
	return tb->nslots;
}

int
table_reap(int slot, const char *reason, char *nick)
{
	char line[IRC_LINE_MAX + 1];
	Slot *s = &tb->slot[slot];
	int crashed, inroom = 0;
	size_t n;

	/* The child is reaped: nobody else writes its slot, so its QUIT is
	 * formatted before the lock, which then only copies it in. */
	n = irc_fmt(line, ":%s!%s@%s QUIT :%s", s->nick, s->user, s->host,
	            reason);
	if (shm_trylock() < 0)
		return -1;
	crashed = s->state == SLOT_ACTIVE;
	if (crashed) {
		strlcopy(nick, s->nick, NICK_MAX + 1);
		inroom = s->in_room;
		if (inroom)
			relay_append_locked(TO_ROOM, 0, slot, E_SKIPSELF,
			                    line, n);
		tb->nactive--;
	}
	relay_reader_stop_locked(slot);
	/* A child killed between wbegin and wend left the count odd, and
	 * an odd count is a change under way: every lookup that met this
	 * slot would try three times, then take the lock, for as long as
	 * the server runs. Nobody writes a dead child's slot but us. */
	if (atomic_load(&s->seq) & 1)
		atomic_fetch_add(&s->seq, 1);
	wbegin(s);
	s->state = SLOT_FREE;
	s->pid = 0;
	s->in_room = 0;
	s->nick[0] = '\0';
	set_key(slot, 0);
	wend(s);
	shm_unlock();
	if (inroom)
		relay_owe(TO_ROOM);	/* the master's loop flushes */
	return crashed;
}

/* FNV-1a of the nick with ASCII letters folded (nick_cmp's rule); never
 * 0, which marks a slot without a nick. */
static uint32_t
nickkey(const char *nick)
{
	uint32_t h = 2166136261u;
	unsigned char c;

	for (; (c = (unsigned char)*nick); nick++)
		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32 : c)) * 16777619u;
	return h | 1;
}

/* Under the lock: slot's key becomes k (0: no nick), and the index
 * follows. An unlinked slot keeps its chain link, so that a walk standing
 * on it goes on; stores are release, for table_find's walk. */
static void
set_key(int slot, uint32_t k)
{
	_Atomic int32_t *p;
	int32_t at;

	if (key[slot]) {
		p = &bucket[key[slot] & bmask];
		while ((at = atomic_load_explicit(p, memory_order_relaxed)) &&
		       at != slot + 1)
			p = &chain[at - 1];
		if (at)
			atomic_store_explicit(p, atomic_load_explicit(
			                      &chain[slot], memory_order_relaxed),
			                      memory_order_release);
	}
	atomic_store_explicit(&key[slot], k, memory_order_release);
	if (k) {
		p = &bucket[k & bmask];
		atomic_store_explicit(&chain[slot], atomic_load_explicit(p,
		                      memory_order_relaxed), memory_order_release);
		atomic_store_explicit(p, slot + 1, memory_order_release);
	}
}

/* Under the lock: the slot whose nick matches, or -1. */
static int
lookup(const char *nick)
{
	uint32_t k = nickkey(nick);
	int32_t at;

	for (at = bucket[k & bmask]; at; at = chain[at - 1])
		if (key[at - 1] == k &&
		    tb->slot[at - 1].state == SLOT_ACTIVE &&
		    !nick_cmp(tb->slot[at - 1].nick, nick))
			return at - 1;
	return -1;
}

int
table_nick_in_use(int slot, const char *nick)
{
	int i;

	shm_lock();
	i = lookup(nick);
	shm_unlock();
	return i >= 0 && i != slot;
}

ClaimStatus
table_register(int slot, const char *nick, const char *user,
               const char *real, uint64_t *cursor)
{
	Slot *s = &tb->slot[slot];

	shm_lock();
	if (lookup(nick) >= 0) {
		shm_unlock();
		return CLAIM_INUSE;
	}
	wbegin(s);
	strlcopy(s->nick, nick, sizeof(s->nick));
	set_key(slot, nickkey(s->nick));
	strlcopy(s->user, user, sizeof(s->user));
	strlcopy(s->real, real, sizeof(s->real));
	s->signon = time(NULL);
	atomic_store_explicit(&s->lastmsg, s->signon, memory_order_relaxed);
	s->state = SLOT_ACTIVE;
	wend(s);
	*cursor = relay_reader_start_locked(slot, getpid());
	if (++tb->nactive > tb->maxactive)
		tb->maxactive = tb->nactive;
	shm_unlock();
	return CLAIM_OK;
}

ClaimStatus
table_change_nick(int slot, const char *nick, const char *line,
                  uint64_t *seq)
{
	Slot *s = &tb->slot[slot];
	int other;

	shm_lock();
	other = lookup(nick);
	if (other >= 0 && other != slot) {
		shm_unlock();
		return CLAIM_INUSE;
	}
	wbegin(s);
	strlcopy(s->nick, nick, sizeof(s->nick));
	set_key(slot, nickkey(s->nick));
	wend(s);
	*seq = 0;
	if (s->in_room)
		*seq = relay_append_locked(TO_ROOM, 0, slot, 0, line,
		                           strlen(line));
	shm_unlock();
	if (*seq)
		relay_owe(TO_ROOM);
	return CLAIM_OK;
}

/* Under the lock: the room's nicks into names ("a b c"). */
static size_t
copy_nicks(char *names, size_t cap)
{
	size_t n = 0, k;
	int i;

	if (!cap)
		return 0;
	for (i = 0; i < tb->nslots; i++) {
		if (tb->slot[i].state != SLOT_ACTIVE || !tb->slot[i].in_room)
			continue;
		k = strlen(tb->slot[i].nick);
		if (n + k + 2 > cap)
			continue;
		if (n)
			names[n++] = ' ';
		memcpy(names + n, tb->slot[i].nick, k);
		n += k;
	}
	names[n] = '\0';
	return n;
}

size_t
table_nicks_cap(void)
{
	return (size_t)tb->nslots * (NICK_MAX + 1) + 1;
}

size_t
table_nicks(char *names, size_t cap)
{
	size_t n;

	shm_lock();
	n = copy_nicks(names, cap);
	shm_unlock();
	return n;
}

uint64_t
table_join(int slot, const char *line, char *names, size_t cap)
{
	uint64_t seq;

	shm_lock();
	wbegin(&tb->slot[slot]);
	tb->slot[slot].in_room = 1;
	wend(&tb->slot[slot]);
	seq = relay_append_locked(TO_ROOM, 0, slot, E_JOIN, line,
	                          strlen(line));
	copy_nicks(names, cap);
	shm_unlock();
	relay_owe_lazy();	/* the others may see it 50 ms later */
	return seq;
}

uint64_t
table_part(int slot, const char *line)
{
	uint64_t seq;

	shm_lock();
	seq = relay_append_locked(TO_ROOM, 0, slot, 0, line, strlen(line));
	wbegin(&tb->slot[slot]);
	tb->slot[slot].in_room = 0;
	wend(&tb->slot[slot]);
	shm_unlock();
	relay_owe_lazy();
	return seq;
}

void
table_quit(int slot, const char *line)
{
	Slot *s = &tb->slot[slot];
	int inroom;

	shm_lock();
	inroom = s->state == SLOT_ACTIVE && s->in_room;
	if (inroom)
		relay_append_locked(TO_ROOM, 0, slot, E_SKIPSELF, line,
		                    strlen(line));
	if (s->state == SLOT_ACTIVE)
		tb->nactive--;
	relay_reader_stop_locked(slot);
	wbegin(s);
	s->state = SLOT_CLEAN;
	s->in_room = 0;
	s->nick[0] = '\0';
	set_key(slot, 0);
	wend(s);
	shm_unlock();
	if (inroom)
		relay_owe(TO_ROOM);
}

void
table_set_away(int slot, const char *text)
{
	shm_lock();
	wbegin(&tb->slot[slot]);
	strlcopy(tb->slot[slot].away, text, sizeof(tb->slot[slot].away));
	wend(&tb->slot[slot]);
	shm_unlock();
}

/* No lock: only its own child writes lastmsg (an atomic), and a reader
 * wants a time, not a consistent snapshot with the other fields. This was
 * a lock round trip for every line said, half of a small room's. */
void
table_touch(int slot)
{
	atomic_store_explicit(&tb->slot[slot].lastmsg, (int64_t)time(NULL),
	                      memory_order_relaxed);
}

void
table_set_topic(int slot, const char *topic, const char *line)
{
	shm_lock();
	strlcopy(tb->topic, topic, sizeof(tb->topic));
	strlcopy(tb->topic_who, tb->slot[slot].nick, sizeof(tb->topic_who));
	tb->topic_time = time(NULL);
	relay_append_locked(TO_ROOM, 0, slot, 0, line, strlen(line));
	shm_unlock();
	relay_owe(TO_ROOM);
}

void
table_topic(char *topic, char *who, time_t *when, time_t *created)
{
	shm_lock();
	strlcopy(topic, tb->topic, TOPIC_MAX + 1);
	strlcopy(who, tb->topic_who, NICK_MAX + 1);
	*when = tb->topic_time;
	*created = tb->room_created;
	shm_unlock();
}

/* Under the lock: copy slot i into *u. */
static void
copy_user(int i, User *u)
{
	const Slot *sl = &tb->slot[i];

	u->slot = i;
	u->gen = sl->gen;
	u->in_room = sl->in_room;
	memcpy(u->nick, sl->nick, sizeof(u->nick));
	memcpy(u->user, sl->user, sizeof(u->user));
	memcpy(u->host, sl->host, sizeof(u->host));
	memcpy(u->real, sl->real, sizeof(u->real));
	memcpy(u->away, sl->away, sizeof(u->away));
	u->signon = sl->signon;
	u->lastmsg = (time_t)atomic_load_explicit(&sl->lastmsg,
	                                          memory_order_relaxed);
}

/* Without the lock: copy slot i into *out between two reads of its
 * seqcount. 1: it is an active user of that nick; 0: it is not; -1: a
 * writer was changing it (try again). */
static int
try_slot(int i, const char *nick, User *out)
{
	const Slot *sl = &tb->slot[i];
	uint32_t q = atomic_load_explicit(&sl->seq, memory_order_acquire);
	int state;

	if (q & 1)
		return -1;
	copy_user(i, out);
	state = atomic_load_explicit(&sl->state, memory_order_relaxed);
	atomic_thread_fence(memory_order_acquire);
	if (atomic_load_explicit(&sl->seq, memory_order_relaxed) != q)
		return -1;
	return state == SLOT_ACTIVE && !nick_cmp(out->nick, nick);
}

int
table_find(const char *nick, User *out)
{
	uint32_t k = nickkey(nick);
	int i, tries, steps;
	int32_t at;

	/* Without the lock: a private line's lookup was a lock round trip,
	 * and a thousand senders queued on the semaphore for it, a context
	 * switch each (20,000 private lines took a second). The index gives
	 * the slots to try; each slot's fields are copied between two reads
	 * of its seqcount. A miss, or a writer meanwhile, means a scan of
	 * every key (the index may have changed under the walk), and after a
	 * few tries, the lock. */
	at = atomic_load_explicit(&bucket[k & bmask], memory_order_acquire);
	for (steps = 0; at && steps < tb->nslots; steps++) {
		i = at - 1;
		if (atomic_load_explicit(&key[i], memory_order_acquire) == k) {
			int r = try_slot(i, nick, out);

			if (r > 0)
				return i;
			if (r < 0)
				break;
		}
		at = atomic_load_explicit(&chain[i], memory_order_acquire);
	}
	for (tries = 0; tries < 3; tries++) {
		for (i = 0; i < tb->nslots; i++) {
			int r;

			if (atomic_load_explicit(&key[i],
			                         memory_order_relaxed) != k)
				continue;
			if ((r = try_slot(i, nick, out)) > 0)
				return i;
			if (r < 0)
				break;
		}
		if (i == tb->nslots)
			return -1;
	}
	shm_lock();
	i = lookup(nick);
	if (i >= 0)
		copy_user(i, out);
	shm_unlock();
	return i;
}

int
table_users(int *pos, int room_only, User *out, int max)
{
	int i, n = 0;

	shm_lock();
	for (i = *pos; i < tb->nslots && n < max; i++)
		if (tb->slot[i].state == SLOT_ACTIVE &&
		    (!room_only || tb->slot[i].in_room))
			copy_user(i, &out[n++]);
	shm_unlock();
	*pos = i;
	return n;
}

void
table_counts(int *users, int *inroom, int *max)
{
	int i, n = 0;

	shm_lock();
	for (i = 0; i < tb->nslots; i++)
		if (tb->slot[i].state == SLOT_ACTIVE && tb->slot[i].in_room)
			n++;
	*users = tb->nactive;
	*inroom = n;
	*max = tb->maxactive;
	shm_unlock();
}

#ifdef FORKD_TEST_HOOKS
void
table_test_hold_lock(void)
{
	shm_lock();
	raise(SIGSTOP);		/* the test SIGKILLs us here */
	shm_unlock();
}

void
table_test_hold_slot_write(int slot)
{
	shm_lock();
	wbegin(&tb->slot[slot]);
	raise(SIGSTOP);		/* the test SIGKILLs us here */
	wend(&tb->slot[slot]);
	shm_unlock();
}

void
table_test_set_pid(int slot, pid_t pid)
{
	shm_lock();
	tb->slot[slot].pid = pid;
	shm_unlock();
}

void
table_test_break_rule(void (*forbidden)(void *), void *arg)
{
	shm_lock();
	forbidden(arg);		/* the checked build aborts in here */
	shm_unlock();
}
#endif
