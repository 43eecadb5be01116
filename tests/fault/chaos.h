/* chaos.h: helpers for test-chaos.c. procinfo.c reads what /proc says
 * about the server's master (its children, its memory); junk.c plays the
 * hostile connections (no cmocka there: it runs in forked helpers);
 * chaos-srv.c reads the server's log and waits on its processes. */
#ifndef CHAOS_H
#define CHAOS_H

#include <stddef.h>
#include <sys/types.h>

/* The master's memory, in kB. */
typedef struct {
	long rss;		/* VmRSS: everything resident */
	long anon;		/* RssAnon: private anonymous pages */
	long shmem;		/* RssShmem: the table and the ring */
	long priv_dirty;	/* Private_Dirty of its private mappings */
} Mem;

/* The children of pid, from /proc/PID/task/PID/children; at most max.
 * Returns how many, or -1. */
int proc_children(pid_t pid, pid_t *out, int max);
int proc_mem(pid_t pid, Mem *m);

/* Kinds of hostile connection (junk.c). */
enum {
	JUNK_RANDOM,	/* random bytes: NULs, CRs, LFs, anything */
	JUNK_HALF,	/* a line without its end */
	JUNK_LONG,	/* 100 KB without a newline */
	JUNK_UTF8,	/* lines that are not UTF-8 */
	JUNK_NUL,	/* lines with NUL bytes */
	JUNK_MIX,	/* all of the above */
	JUNK_KINDS
};

/* Markers in junk lines that must never reach anyone. */
#define JUNK_MARKERS { "HALFLINE", "LONGLINE", "BADUTF8", "NULBYTE" }

/* Connect to port, register first if reg (as junkID), send junk of that
 * kind, vanish (close, reset or half-close by id). For a forked helper:
 * reports nothing, and returns 0 if it could connect. */
int junk_run(int port, int kind, int reg, int id, unsigned seed);

#endif

/* chaos-srv.c: the server's log and processes, for the cmocka tests. */
#include "harness.h"

#define JOINS_MAX 4096

/* What the server logged, read as it comes: each join's pid by nick,
 * leaves with their reasons counted, and any sanitizer report. The log
 * must be read all along: a full pipe would block the master. */
typedef struct {
	char part[1024];	/* a line not yet complete */
	size_t len;
	struct { char nick[32]; pid_t pid; } join[JOINS_MAX];
	int njoin;
	int leaves;
	char bad[256];		/* the first sanitizer line, if any */
} Log;

void log_pump(Srv *s, Log *lg);
/* The pid of nick's child, from its join line; waits for the line. */
pid_t log_pid(Srv *s, Log *lg, const char *nick);
/* Connect n clients named fmt % (base + i), register them all, then wait
 * for each one's end of NAMES. */
void login_many(Srv *s, Log *lg, Cli **c, int n, const char *fmt, int base);
/* Wait until the master's children, less the janitor, are exactly want
 * (n of them); fails the test naming the odd ones. */
void children_are(Srv *s, Log *lg, const pid_t *want, int n);
/* Wait until LUSERS, asked through c, counts n users. */
void lusers_are(Srv *s, Log *lg, Cli *c, int n);
