/* shm.h: the layout of the shared memory. Private to table.c and relay.c:
 * nothing else may touch these records or the semaphore (STYLE.md).
 *
 * One anonymous MAP_SHARED mapping, made by the master before the first
 * fork and inherited by every child: no name, so no other process can open
 * it, and nothing to remove if the master is killed. It holds fixed-size
 * records and integer indices only, never a pointer. */
#ifndef SHM_H
#define SHM_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "config.h"
#include "linebuf.h"
#include "nick.h"
#include "table.h"

/* One entry of the ring log: a formatted IRC line and who gets it. */
typedef struct {
	_Atomic uint64_t seq;	/* the log position it holds; see relay.c */
	int32_t to;		/* TO_ROOM, or a slot index */
	uint32_t to_gen;	/* the slot's generation for private lines */
	int32_t from;		/* the sender's slot, or -1 */
	uint16_t flags;		/* E_* */
	uint16_t len;
	char line[IRC_LINE_MAX];
} Entry;

typedef struct {
	/* Read without the lock: atomics. */
	_Atomic uint64_t head;	/* the next log position to be written */
	_Atomic uint64_t tail;	/* a lower bound of every reader's cursor */
	/* Read and written under the lock. */
	int nslots;
	int nactive;		/* registered users */
	int maxactive;
	char topic[TOPIC_MAX + 1];
	char topic_who[NICK_MAX + 1];
	time_t topic_time;
	time_t room_created;
	Slot slot[];		/* nslots of them, then the ring */
} Shm;

extern Shm *shm;
extern Entry *ring;

void shm_lock(void);
void shm_unlock(void);

/* Append a line to the log (the lock held). Returns its position. */
uint64_t relay_append_locked(int32_t to, uint32_t to_gen, int32_t from,
                             unsigned flags, const char *line, size_t len);

#endif
