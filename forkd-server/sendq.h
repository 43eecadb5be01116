/* sendq.h: one client's bounded output queue.
 * Lines are appended whole; sendq_flush writes as much as the socket takes.
 * Past the bound the queue refuses: the session then drops the client with
 * "SendQ exceeded" rather than slow anyone else or lose a line silently. */
#ifndef SENDQ_H
#define SENDQ_H

#include <stddef.h>

#define SENDQ_INLINE 2048	/* a turn's usual output fits here */
#define SENDQ_KEEP_MS 250	/* a burst's mapping outlives it this long */
#define SENDQ_MAP 32768	/* a burst's first mapping: a reader's batch
			   (session.c, READ_BATCH) and a line fit in it */

typedef struct {
	char *buf;		/* inl, or a mapping of cap bytes */
	size_t start, end, cap;
	size_t limit;
	long long used;		/* ms: the mapping's last use (0: unused) */
	int touched;		/* the mapping was used since sendq_trim */
	int midline;		/* the socket took part of a line only */
	char inl[SENDQ_INLINE];
} Sendq;

void sendq_init(Sendq *q, size_t limit);
void sendq_free(Sendq *q);
/* 0, or -1 when the line would pass the limit (nothing is queued), or
 * -1 with errno EDEADLK when called under the table lock (shm.h: the lock
 * rule; a checked build aborts instead). */
int sendq_put(Sendq *q, const char *p, size_t n);
size_t sendq_len(const Sendq *q);
/* Write what the socket takes: 0 (maybe some left), or -1 with errno
 * (EDEADLK under the table lock, as sendq_put). */
int sendq_flush(Sendq *q, int fd);
/* Forget what is queued, except the rest of a line the socket has taken
 * part of: a client dropped for not reading must not see half a line run
 * into the ERROR that says why (RFC 2812 2.3: lines end with CR LF). */
void sendq_drop(Sendq *q);
/* A burst's mapping is kept while bursts follow each other: mapping,
 * faulting in and unmapping (a TLB shootdown) 16 KiB for every wake-up of
 * a busy room's reader was a sixth of its time. Call after each flush,
 * with the time (ms): the mapping goes back to the system once the queue
 * has sat empty in it SENDQ_KEEP_MS. Returns ms until the next call is
 * due, or -1 when nothing is kept. */
int sendq_trim(Sendq *q, long long now);

#endif
