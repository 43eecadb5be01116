/* table.h: the user table in shared memory and its semaphore.
 *
 * A slot's life (after PostgreSQL's pmsignal.c): the master marks it
 * ASSIGNED before fork() and frees it after waitpid(); the child makes it
 * ACTIVE at registration and CLEAN when it leaves tidily. A slot still
 * ACTIVE when the master reaps it belongs to a child that crashed: the
 * master announces its QUIT. Every operation takes and releases the lock
 * inside one call, never across I/O. */
#ifndef TABLE_H
#define TABLE_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "config.h"
#include "nick.h"

enum { SLOT_FREE, SLOT_ASSIGNED, SLOT_ACTIVE, SLOT_CLEAN };

typedef struct {
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
	time_t lastmsg;		/* for WHOIS idle */
	/* Read by writers without the lock (relay.c). */
	_Atomic uint64_t cursor;	/* the next log position it will read */
	_Atomic int sleeping;		/* in poll(), wants a doorbell */
} Slot;

/* Master side. */
int table_create(int nslots, int ring_entries);
void table_destroy(void);
int table_semid(void);
/* The master never waits for the lock (a child holding it may be stopped
 * or dying): slots are chosen from the master's own records, and reaping
 * only tries the lock. */
int table_count_host(const char *host);	/* slots from that address */
uint32_t table_assign(int slot, const char *host);	/* returns the gen */
/* After waitpid(): frees the slot; if it was still ACTIVE (a crash),
 * logs its QUIT with reason and copies its nick to nick. Returns 1 for a
 * crash, 0 otherwise, -1 if the lock is busy (try again later). */
int table_reap(int slot, const char *reason, char *nick);
/* The pid of a slot's process, read without the lock (for the janitor). */
void table_set_pid(int slot, pid_t pid);
pid_t table_pid(int slot);
int table_nslots(void);

/* Child side. */
typedef enum { CLAIM_OK, CLAIM_INUSE } ClaimStatus;
ClaimStatus table_register(int slot, const char *nick, const char *user,
                           const char *real, uint64_t *cursor);
int table_nick_in_use(int slot, const char *nick);
/* Change nick; line is the NICK message to log when in the room.
 * Returns CLAIM_INUSE, or CLAIM_OK with *seq the line's log position
 * (or 0 when it was not logged: the caller sends it to its own client). */
ClaimStatus table_change_nick(int slot, const char *nick, const char *line,
                              uint64_t *seq);
/* Join or part the room, logging line; each calls fn(arg, slot) for every
 * member (under the lock: fn must only copy). Return the line's position. */
uint64_t table_join(int slot, const char *line,
                    void (*fn)(void *, const Slot *), void *arg);
uint64_t table_part(int slot, const char *line);
/* Leave: log the QUIT line (if in the room) and mark the slot CLEAN. */
void table_quit(int slot, const char *line);
void table_set_away(int slot, const char *text);
void table_touch(int slot);
/* Set the topic and log line. */
void table_set_topic(int slot, const char *topic, const char *line);
void table_topic(char *topic, char *who, time_t *when, time_t *created);
/* Copy the slot with that nick into *out; returns its index or -1. */
int table_find(const char *nick, Slot *out);
/* Call fn for every registered user (room members only if room_only). */
void table_each(int room_only, void (*fn)(void *, const Slot *), void *arg);
void table_counts(int *users, int *inroom, int *max);

#ifdef FORKD_TEST_HOOKS
/* Take the lock and stop (SIGSTOP) while holding it: for the test that
 * kills a lock holder. */
void table_test_hold_lock(void);
#endif

#endif
