/* scoreboard.h: what every process of the server is doing, now. STATS p
 * reads it; --trace narrates the same events (trace.h).
 *
 * After Apache httpd's scoreboard.h and PostgreSQL's pg_stat_activity: a
 * row per slot, plus a row for the master and one for the janitor, in the
 * shared mapping (carved from shm.h's, beside the log and the table). It
 * never takes the lock: every field has one writer, and a reader copies
 * with atomic loads. So STATS p answers when the lock is stuck (a stopped
 * or dying holder), which is when it is most wanted.
 *
 *   field             written by                        read by   rule
 *   row.pid           the master: after fork, 0 after   STATS p   atomic
 *                     waitpid; its own and the
 *                     janitor's at start
 *   row.* (below)     the master, reset while the slot  STATS p   before
 *                     is FREE, before the fork                    the fork
 *   row.state, since  the row's own process (the lock   STATS p   atomic,
 *                     states through shm.c's hook)                owner
 *   row.nick          the row's own process             STATS p   seqcount,
 *                                                                 owner
 *   row.lines_in/out, the row's own process             STATS p   atomic,
 *   sendq, cursor,                                                owner
 *   wakeups, rings,
 *   locks
 *   forks, reaps,     the master                        STATS p   atomic,
 *   crashes                                                       owner
 *
 * An owner's write is a relaxed atomic store into its own row: no lock,
 * no fence, no system call. Times are CLOCK_MONOTONIC_COARSE milliseconds
 * (a few ns to read; the resolution of a tick is plenty for "seconds in
 * this state"). */
#ifndef SCOREBOARD_H
#define SCOREBOARD_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nick.h"

/* What a process is doing; the map in STATS p draws one character per
 * slot, as mod_status draws its scoreboard. */
typedef enum {
	SB_FREE,	/* '.' no process in this slot */
	SB_REGISTERING,	/* 'r' waiting for NICK and USER */
	SB_READING,	/* 'R' reading its socket, running commands, copying
			 * lines from the log (the master: accepting,
			 * forking, reaping) */
	SB_WRITING,	/* 'W' waiting to write: its client is not reading */
	SB_ASLEEP,	/* '_' in poll(), for its doorbell or its client */
	SB_LOCKWAIT,	/* 'l' waiting for the lock */
	SB_LOCKED,	/* 'L' holding the lock */
	SB_CLOSING,	/* 'C' leaving: sending its last lines */
	SB_STOPPED,	/* 'T' stopped (SIGSTOP, a debugger): from /proc */
	SB_NSTATES
} SbState;

/* A copy of one row, taken without the lock (sb_copy). */
typedef struct {
	pid_t pid;
	int slot;		/* -1: the master, -2: the janitor */
	SbState state;
	long long secs;		/* in that state */
	char nick[NICK_MAX + 1];	/* "*" before registration */
	uint64_t lines_in, lines_out, sendq, cursor, wakeups, rings, locks;
	char kstate;		/* /proc/PID/stat's letter: R, S, T, D... */
	long long cpu_ms;	/* user + system CPU time, /proc/PID/stat */
} SbRow;

/* Master counters, from sb_master. */
typedef struct {
	uint64_t forks, reaps, crashes;
} SbMaster;

/* Master, before any fork (by table_create): the bytes needed in the
 * mapping, and carving them; 0 or -1. The master's row is this process's
 * from then on. */
size_t sb_size(int nslots);
int sb_create(int nslots);
void sb_janitor(pid_t pid);		/* the master, after forking it */
void sb_assign(int slot);		/* before the fork: a fresh row */
void sb_forked(int slot, pid_t pid);	/* after it */
void sb_reaped(int slot, int crashed);	/* after waitpid */
void sb_serving(int slot);		/* --one: this process is slot's */

/* The row's own process: one call per event, each a few stores. */
void sb_start(int slot, uint32_t gen, const char *host);
void sb_state(SbState st);
void sb_registered(const char *nick, uint64_t cursor);
void sb_nick(const char *nick);
void sb_line_in(void);
void sb_line_out(void);
void sb_wrote(size_t bytes, size_t queued);
void sb_read_log(int lines, uint64_t cursor);
/* Before and after poll(): what it waits for; whether a doorbell rang. */
void sb_poll(int registered, int closing, size_t queued);
void sb_woken(int rung, int socket);
void sb_quit(const char *reason);
/* Name this process for ps, top and pstree: its command name (comm)
 * becomes "forkd: what", cut to the kernel's 15 bytes on a character.
 * sb_start names a child "forkd: new", sb_registered and sb_nick by its
 * nick; the master names the janitor before forking it, then takes back
 * its own name (what: NULL), the one exec gave it: "forkd-server". */
void sb_title(const char *what);
/* relay.c: a line appended at seq (under the lock: only stores); a
 * doorbell rung; the end of a relay_flush. */
void sb_appended(uint64_t seq);
void sb_mailed(int slot);		/* a private line into its mailbox */
void sb_rang(void);
void sb_flushed(void);

/* Readers (STATS p). Rows are numbered -2 (janitor), -1 (master), then
 * 0..nslots-1; sb_copy fills *out and returns 1 if a process is there.
 * It adds what the kernel says of the process (/proc/PID/stat: its CPU
 * time, its state; a stopped one shows SB_STOPPED): three system calls. */
int sb_nslots(void);
int sb_copy(int row, SbRow *out);
void sb_master(SbMaster *out);
#ifdef FORKD_TEST_HOOKS
/* The next write of our row's nick stops half way (SIGSTOP; the test
 * SIGKILLs it there). */
void sb_test_stop_in_nick(void);
#endif
char sb_char(SbState st);
const char *sb_name(SbState st);

#endif
