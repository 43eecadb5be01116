/* sendq.h: one client's bounded output queue.
 * Lines are appended whole; sendq_flush writes as much as the socket takes.
 * Past the bound the queue refuses: the session then drops the client with
 * "SendQ exceeded" rather than slow anyone else or lose a line silently. */
#ifndef SENDQ_H
#define SENDQ_H

#include <stddef.h>

#define SENDQ_INLINE 2048	/* a turn's usual output fits here */

typedef struct {
	char *buf;		/* inl, or a mapping of cap bytes */
	size_t start, end, cap;
	size_t limit;
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

#endif
