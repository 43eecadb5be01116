/* table.c: the user table and the semaphore that guards it.
 *
 * Owns the shared mapping (slots, room state, and the relay's ring, which
 * relay.c manages) and one System V semaphore. The semaphore is taken with
 * SEM_UNDO: if a process dies holding it, the kernel gives it back, so a
 * SIGKILLed child can never wedge the server (tests/server kill a holder).
 * Every function here takes the lock and releases it before returning;
 * nothing inside can block on I/O.
 *
 * Called by master.c (create, assign, reap, destroy) and by the session's
 * command handlers (register, nick, join, part, quit, lookups). */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <unistd.h>

#include "irc.h"
#include "relay.h"
#include "shm.h"
#include "table.h"
#include "util.h"

Shm *shm;
Entry *ring;
static int semid = -1;
static size_t maplen;

union semun { int val; struct semid_ds *buf; unsigned short *array; };

static void
semstep(short delta)
{
	struct sembuf op = { 0, delta, SEM_UNDO };

	while (semop(semid, &op, 1) < 0) {
		if (errno == EINTR)
			continue;
		/* EIDRM/EINVAL: the semaphore is gone, which only happens
		 * once the master is dead and the janitor has cleaned up.
		 * There is no server left to serve: leave at once. */
		_exit(1);
	}
}

void
shm_lock(void)
{
	semstep(-1);
}

static int
shm_trylock(void)
{
	struct sembuf op = { 0, -1, SEM_UNDO | IPC_NOWAIT };

	while (semop(semid, &op, 1) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

void
shm_unlock(void)
{
	semstep(1);
}

int
table_create(int nslots, int ring_entries)
{
	union semun arg = { .val = 1 };
	size_t slots = sizeof(Shm) + (size_t)nslots * sizeof(Slot);

	slots = (slots + 63) & ~(size_t)63;
	maplen = slots + (size_t)ring_entries * sizeof(Entry);
	shm = mmap(NULL, maplen, PROT_READ | PROT_WRITE,
	           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED)
		return -1;
	ring = (Entry *)((char *)shm + slots);
	shm->nslots = nslots;
	shm->room_created = time(NULL);
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (semid < 0 || semctl(semid, 0, SETVAL, arg) < 0) {
		munmap(shm, maplen);
		return -1;
	}
	relay_setup(ring_entries);
	return 0;
}

void
table_destroy(void)
{
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	semid = -1;
	if (shm)
		munmap(shm, maplen);
	shm = NULL;
}

int
table_semid(void)
{
	return semid;
}

int
table_count_host(const char *host)
{
	int i, n = 0;

	/* host is written only by the master: no lock needed to read it */
	for (i = 0; i < shm->nslots; i++)
		if (atomic_load(&shm->slot[i].state) != SLOT_FREE &&
		    !strcmp(shm->slot[i].host, host))
			n++;
	return n;
}

uint32_t
table_assign(int slot, const char *host)
{
	Slot *s = &shm->slot[slot];

	/* The slot is FREE: no other process looks at it until the state
	 * says ASSIGNED, so it is filled without the lock. */
	s->gen++;
	s->pid = 0;
	s->in_room = 0;
	s->nick[0] = s->user[0] = s->real[0] = s->away[0] = '\0';
	strlcopy(s->host, host, sizeof(s->host));
	atomic_store(&s->sleeping, 0);
	atomic_store(&s->state, SLOT_ASSIGNED);
	return s->gen;
}

void
table_set_pid(int slot, pid_t pid)
{
	shm->slot[slot].pid = pid;
}

pid_t
table_pid(int slot)
{
	return atomic_load(&shm->slot[slot].state) == SLOT_FREE ? 0 :
	       shm->slot[slot].pid;
}

int
table_nslots(void)
{
	return shm->nslots;
}

int
table_reap(int slot, const char *reason, char *nick)
{
	char line[IRC_LINE_MAX + 1];
	Slot *s = &shm->slot[slot];
	int crashed, inroom = 0;
	size_t n;

	if (shm_trylock() < 0)
		return -1;
	crashed = s->state == SLOT_ACTIVE;
	if (crashed) {
		strlcopy(nick, s->nick, NICK_MAX + 1);
		inroom = s->in_room;
		if (inroom) {
			n = irc_fmt(line, ":%s!%s@%s QUIT :%s", s->nick,
			            s->user, s->host, reason);
			relay_append_locked(TO_ROOM, 0, slot, E_SKIPSELF,
			                    line, n);
		}
		shm->nactive--;
	}
	s->state = SLOT_FREE;
	s->pid = 0;
	s->in_room = 0;
	s->nick[0] = '\0';
	shm_unlock();
	if (inroom)
		relay_owe(TO_ROOM);	/* the master's loop flushes */
	return crashed;
}

/* Under the lock: the slot whose nick matches, or -1. */
static int
lookup(const char *nick)
{
	int i;

	for (i = 0; i < shm->nslots; i++)
		if (shm->slot[i].state == SLOT_ACTIVE &&
		    !nick_cmp(shm->slot[i].nick, nick))
			return i;
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
	Slot *s = &shm->slot[slot];

	shm_lock();
	if (lookup(nick) >= 0) {
		shm_unlock();
		return CLAIM_INUSE;
	}
	strlcopy(s->nick, nick, sizeof(s->nick));
	strlcopy(s->user, user, sizeof(s->user));
	strlcopy(s->real, real, sizeof(s->real));
	s->signon = s->lastmsg = time(NULL);
	s->state = SLOT_ACTIVE;
	*cursor = atomic_load(&shm->head);
	atomic_store(&s->cursor, *cursor);
	if (++shm->nactive > shm->maxactive)
		shm->maxactive = shm->nactive;
	shm_unlock();
	return CLAIM_OK;
}

ClaimStatus
table_change_nick(int slot, const char *nick, const char *line,
                  uint64_t *seq)
{
	Slot *s = &shm->slot[slot];
	int other;

	shm_lock();
	other = lookup(nick);
	if (other >= 0 && other != slot) {
		shm_unlock();
		return CLAIM_INUSE;
	}
	strlcopy(s->nick, nick, sizeof(s->nick));
	*seq = 0;
	if (s->in_room)
		*seq = relay_append_locked(TO_ROOM, 0, slot, 0, line,
		                           strlen(line));
	shm_unlock();
	if (*seq)
		relay_owe(TO_ROOM);
	return CLAIM_OK;
}

uint64_t
table_join(int slot, const char *line, void (*fn)(void *, const Slot *),
           void *arg)
{
	uint64_t seq;
	int i;

	shm_lock();
	shm->slot[slot].in_room = 1;
	seq = relay_append_locked(TO_ROOM, 0, slot, E_JOIN, line,
	                          strlen(line));
	for (i = 0; i < shm->nslots; i++)
		if (shm->slot[i].state == SLOT_ACTIVE && shm->slot[i].in_room)
			fn(arg, &shm->slot[i]);
	shm_unlock();
	relay_owe(TO_ROOM);
	return seq;
}

uint64_t
table_part(int slot, const char *line)
{
	uint64_t seq;

	shm_lock();
	seq = relay_append_locked(TO_ROOM, 0, slot, 0, line, strlen(line));
	shm->slot[slot].in_room = 0;
	shm_unlock();
	relay_owe(TO_ROOM);
	return seq;
}

void
table_quit(int slot, const char *line)
{
	Slot *s = &shm->slot[slot];
	int inroom;

	shm_lock();
	inroom = s->state == SLOT_ACTIVE && s->in_room;
	if (inroom)
		relay_append_locked(TO_ROOM, 0, slot, E_SKIPSELF, line,
		                    strlen(line));
	if (s->state == SLOT_ACTIVE)
		shm->nactive--;
	s->state = SLOT_CLEAN;
	s->in_room = 0;
	s->nick[0] = '\0';
	shm_unlock();
	if (inroom)
		relay_owe(TO_ROOM);
}

void
table_set_away(int slot, const char *text)
{
	shm_lock();
	strlcopy(shm->slot[slot].away, text, sizeof(shm->slot[slot].away));
	shm_unlock();
}

void
table_touch(int slot)
{
	shm_lock();
	shm->slot[slot].lastmsg = time(NULL);
	shm_unlock();
}

void
table_set_topic(int slot, const char *topic, const char *line)
{
	shm_lock();
	strlcopy(shm->topic, topic, sizeof(shm->topic));
	strlcopy(shm->topic_who, shm->slot[slot].nick, sizeof(shm->topic_who));
	shm->topic_time = time(NULL);
	relay_append_locked(TO_ROOM, 0, slot, 0, line, strlen(line));
	shm_unlock();
	relay_owe(TO_ROOM);
}

void
table_topic(char *topic, char *who, time_t *when, time_t *created)
{
	shm_lock();
	strlcopy(topic, shm->topic, TOPIC_MAX + 1);
	strlcopy(who, shm->topic_who, NICK_MAX + 1);
	*when = shm->topic_time;
	*created = shm->room_created;
	shm_unlock();
}

int
table_find(const char *nick, Slot *out)
{
	int i;

	shm_lock();
	i = lookup(nick);
	if (i >= 0)
		memcpy(out, &shm->slot[i], sizeof(*out));
	shm_unlock();
	return i;
}

void
table_each(int room_only, void (*fn)(void *, const Slot *), void *arg)
{
	int i;

	shm_lock();
	for (i = 0; i < shm->nslots; i++)
		if (shm->slot[i].state == SLOT_ACTIVE &&
		    (!room_only || shm->slot[i].in_room))
			fn(arg, &shm->slot[i]);
	shm_unlock();
}

void
table_counts(int *users, int *inroom, int *max)
{
	int i, n = 0;

	shm_lock();
	for (i = 0; i < shm->nslots; i++)
		if (shm->slot[i].state == SLOT_ACTIVE && shm->slot[i].in_room)
			n++;
	*users = shm->nactive;
	*inroom = n;
	*max = shm->maxactive;
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
#endif
