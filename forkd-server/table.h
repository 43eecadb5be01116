/* table.h: the user table, the top layer of the shared-memory stack
 * (shm.h -> relay.h -> table.h; read shm.h first for the lock rule).
 *
 * A slot's life (after PostgreSQL's pmsignal.c): the master marks it
 * ASSIGNED before fork() and frees it after waitpid(); the child makes it
 * ACTIVE at registration and CLEAN when it leaves tidily. A slot still
 * ACTIVE when the master reaps it belongs to a child that crashed: the
 * master announces its QUIT.
 *
 * Every operation takes and releases the lock inside one call, and under
 * it only copies: there are no callbacks. A question about the users
 * (WHO, WHOIS, NAMES, ISON, USERHOST) gets copies (User records, or a
 * list of nicks) in memory the caller owns, then formats them with the
 * lock released. A line to log (JOIN, NICK, TOPIC, QUIT) is formatted by
 * the caller before the call and only copied into the log under the lock.
 *
 * Shared fields of this layer (Table and Slot):
 *
 *   field                written by                  read by      rule
 *   slot.state           master: FREE, ASSIGNED      everyone     atomic;
 *                        (no lock: a FREE slot is                 ACTIVE/
 *                        nobody's); child: ACTIVE,                CLEAN
 *                        CLEAN; master: FREE at reap              under lock
 *   slot.gen, host       master at assignment        everyone     before
 *                        (slot FREE)                              ASSIGNED
 *   slot.pid             master after fork           master,      master
 *                                                    janitor      only
 *   slot.nick            its child (register, NICK,  everyone     lock
 *                        quit); master at reap
 *   slot.user, real,     its child at registration   everyone     lock
 *   signon
 *   slot.in_room         its child (JOIN, PART,      everyone     lock
 *                        quit); master at reap
 *   slot.away            its child                   everyone     lock
 *   slot.lastmsg         its child                   everyone     atomic
 *   key (nick hash)      with slot.nick              lookups      lock
 *   bucket, chain (the   with key (set_key)          lookups;     lock;
 *   index of the keys)                               table_find   release
 *                                                    walks it     (a miss
 *                                                    unlocked     is
 *                                                                 rescanned)
 *   slot.seq             every writer of a slot's    table_find   atomic,
 *                        fields, around the change                odd while
 *                                                                 changing
 *   nactive, maxactive   children (register, quit);  everyone     lock
 *                        master (reap)
 *   topic, topic_who,    any child in the room       everyone     lock
 *   topic_time
 *   nslots, created      master before any fork      everyone     constant
 */
#ifndef TABLE_H
#define TABLE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "config.h"
#include "nick.h"

enum { SLOT_FREE, SLOT_ASSIGNED, SLOT_ACTIVE, SLOT_CLEAN };

/* A private copy of one registered user, taken under the lock. */
typedef struct {
	int slot;
	uint32_t gen;
	int in_room;
	char nick[NICK_MAX + 1];
	char user[USER_MAX + 2];	/* with the '~' of no ident */
	char host[HOST_MAX];
	char real[REAL_MAX + 1];
	char away[AWAY_MAX + 1];	/* empty: not away */
	time_t signon;
	time_t lastmsg;			/* for WHOIS idle */
} User;

/* Master side. table_create makes the whole stack: the mapping and the
 * lock (shm), the log (relay), the scoreboard (STATS p), the table; 0,
 * or -1 with errno. */
int table_create(int nslots, int ring_entries);
void table_destroy(void);
int table_semid(void);
/* The master never waits for the lock (a child holding it may be stopped
 * or dying): slots are chosen from the master's own records, and reaping
 * only tries the lock. */
int table_count_host(const char *host);	/* slots from that address */
uint32_t table_assign(int slot, const char *host);	/* returns the gen */
/* After waitpid(): frees the slot; if it was still ACTIVE (a crash),
 * logs its QUIT with reason and copies its nick to nick (NICK_MAX + 1
 * bytes). Returns 1 for a crash, 0 otherwise, -1 if the lock is busy
 * (try again later). */
int table_reap(int slot, const char *reason, char *nick);
/* The pid of a slot's process, read without the lock (for the janitor). */
void table_set_pid(int slot, pid_t pid);
pid_t table_pid(int slot);
int table_nslots(void);

/* Child side. */
typedef enum { CLAIM_OK, CLAIM_INUSE } ClaimStatus;
/* Claim nick and make the slot ACTIVE; *cursor gets the log position the
 * new user reads from. */
ClaimStatus table_register(int slot, const char *nick, const char *user,
                           const char *real, uint64_t *cursor);
int table_nick_in_use(int slot, const char *nick);
/* Change nick; line is the NICK message to log when in the room.
 * Returns CLAIM_INUSE, or CLAIM_OK with *seq the line's log position
 * (or 0 when it was not logged: the caller sends it to its own client). */
ClaimStatus table_change_nick(int slot, const char *nick, const char *line,
                              uint64_t *seq);
/* Join the room and log line; the room's nicks, the joiner's included,
 * are copied into names (cap bytes: "a b c", NUL-terminated; those that
 * do not fit are left out), consistent with the line's log position,
 * which is returned. */
uint64_t table_join(int slot, const char *line, char *names, size_t cap);
uint64_t table_part(int slot, const char *line);
/* Leave: log the QUIT line (if in the room) and mark the slot CLEAN. */
void table_quit(int slot, const char *line);
void table_set_away(int slot, const char *text);
void table_touch(int slot);
/* Set the topic and log line. */
void table_set_topic(int slot, const char *topic, const char *line);
void table_topic(char *topic, char *who, time_t *when, time_t *created);
/* Copy the user with that nick into *out; returns its slot or -1. */
int table_find(const char *nick, User *out);
/* Copy up to max registered users (room members only if room_only) from
 * slot *pos on into out, and move *pos past them; returns how many were
 * copied, 0 at the end. Each call holds the lock for one batch only:
 * callers format a batch, then ask for the next. */
int table_users(int *pos, int room_only, User *out, int max);
/* The room's nicks into names, as table_join does. Returns the length. */
size_t table_nicks(char *names, size_t cap);
/* Bytes a list of every nick can take (for table_join, table_nicks). */
size_t table_nicks_cap(void);
void table_counts(int *users, int *inroom, int *max);

#ifdef FORKD_TEST_HOOKS
/* Take the lock and stop (SIGSTOP) while holding it: for the test that
 * kills a lock holder. */
void table_test_hold_lock(void);
/* Take the lock, begin a change of slot's fields, and stop: a writer
 * killed in the middle of one (the test SIGKILLs it). */
void table_test_hold_slot_write(int slot);
/* Write pid into slot's pid field, as if its process had been reaped and
 * the pid reused: for the janitor's test of pid reuse. */
void table_test_set_pid(int slot, pid_t pid);
/* Break the lock rule on purpose: take the lock and do what is
 * forbidden under it (what: "lock" takes it again, "sendq" queues a
 * reply). The checked build must abort; tests/server shows it does. */
void table_test_break_rule(void (*forbidden)(void *), void *arg);
#endif

#endif
