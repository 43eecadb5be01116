/* shm.h: the bottom of the shared-memory stack: one mapping and one lock.
 *
 * The stack is one-way, each layer using only the one below it:
 *
 *     table.c   the users (slots, nicks, the room's topic)    table.h
 *     relay.c   the log (ring of lines, readers, doorbells)   relay.h
 *     shm.c     the mapping and the lock                      shm.h
 *
 * The mapping is anonymous MAP_SHARED memory, made by the master before
 * the first fork and inherited by every child: no name, so no other
 * process can open it, and nothing to remove if the master is killed. The
 * master carves it into the layers' regions before it forks; they hold
 * fixed-size records and integer indices, never a pointer.
 *
 * THE LOCK RULE. The lock is one System V semaphore taken with SEM_UNDO,
 * so a process killed while holding it cannot wedge the server. Under it a
 * process copies to or from shared memory and does nothing else: no
 * socket I/O, no formatting into a send queue, no allocation, no call back
 * into session or command code, and never the lock again (System V
 * semaphores do not nest: a process that asks twice sleeps forever,
 * holding it, and every other process sleeps behind it). Callers copy
 * out, unlock, then work. The rule is checked, not just written:
 *
 *   - the lock records its holder (a pid in the mapping) and this
 *     process's depth;
 *   - shm_lock while this process holds it, and shm_check_unlocked at the
 *     places that do I/O, queue or allocate (the send queue, the socket,
 *     the doorbells, the log writer), are violations;
 *   - a violation aborts the process in checked builds (the test server,
 *     make SAN=1: FORKD_CHECKED) and, in production builds, is logged
 *     once and refused: the nested lock is not taken again (no hang), the
 *     I/O is not done.
 *
 * Shared fields of this layer (ShmLock, at the start of the mapping):
 *
 *   field          written by              read by        rule
 *   holder         the holder, under lock  STATS, tests   atomic
 *   acquisitions   the holder, under lock  STATS          atomic
 *   contended      the holder, under lock  STATS          atomic
 *   wait_us_total  the holder, under lock  STATS          atomic
 *   wait_us_max    the holder, under lock  STATS          atomic
 *
 * Who waits is asked of the kernel (semctl GETNCNT), not counted here: a
 * waiter killed in semop would leave a count behind. */
#ifndef SHM_H
#define SHM_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct {
	_Atomic pid_t holder;		/* 0: free */
	_Atomic uint64_t acquisitions;
	_Atomic uint64_t contended;	/* acquisitions that had to wait */
	_Atomic uint64_t wait_us_total;	/* microseconds */
	_Atomic uint64_t wait_us_max;	/* microseconds */
} ShmLock;

/* A copy of the lock's state, for STATS. */
typedef struct {
	pid_t holder;		/* 0: nobody holds it now */
	int waiters;		/* processes asleep in semop for it */
	uint64_t acquisitions, contended, wait_us_total, wait_us_max;
} ShmLockInfo;

/* Master, before any fork. shm_create maps `bytes` (plus the lock's
 * record) and makes the semaphore; 0, or -1 with errno. shm_carve hands
 * out the next `bytes` of it, 64-byte aligned, or NULL when it does not
 * fit (a sizing bug: the caller dies). shm_destroy removes the semaphore
 * and unmaps. */
int shm_create(size_t bytes);
void *shm_carve(size_t bytes);
void shm_destroy(void);
int shm_semid(void);
/* How many bytes a region of `bytes` takes in the mapping. */
size_t shm_region(size_t bytes);
/* Is pid one of ours: does /proc/PID/maps show this mapping? It is
 * anonymous shared memory, a file of its own ("/dev/zero (deleted)",
 * an inode no other mapping has) that only our processes can have: the
 * master made it, the others inherited it at fork, nobody can open it.
 * 1 yes, 0 no (another process, or a zombie: no mappings left), -1
 * when the maps cannot be read. For the janitor (master.c), which must
 * never signal a process that took a dead child's pid. */
int shm_mapped_by(pid_t pid);

/* The lock. shm_lock waits; if the semaphore is gone (the master died and
 * the janitor removed it) the process exits at once: there is no server
 * left. shm_trylock: 0 when taken, -1 when busy (never waits; the master
 * uses it). */
void shm_lock(void);
int shm_trylock(void);
void shm_unlock(void);
/* 1 if this process holds the lock now. */
int shm_held(void);
/* The lock rule's check, at every place that does I/O, queues or
 * allocates: 0 when this process does not hold the lock; otherwise a
 * violation named by `what` (abort in checked builds; in production,
 * logged once and -1: the caller must not go on). */
int shm_check_unlocked(const char *what);
/* Production builds report violations through this (set by main). */
extern void (*shm_warn)(const char *msg);
/* The lock's steps in this process, for the scoreboard and the trace
 * (scoreboard.c sets it): WAITING before it sleeps for the lock, TAKEN
 * (wait_us: how long it slept, -1 when it did not), RELEASED after the
 * release. TAKEN runs under the lock: the hook may only store. */
typedef enum { SHM_WAITING, SHM_TAKEN, SHM_RELEASED } ShmEvent;
extern void (*shm_hook)(ShmEvent ev, long long wait_us);

void shm_lock_info(ShmLockInfo *out);

#endif
