/* sendq.c: a byte queue that grows on demand up to its limit, and shrinks
 * back when it empties, so an idle client costs no buffer at all. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sendq.h"
#include "util.h"

#define SENDQ_MIN 4096

void
sendq_init(Sendq *q, size_t limit)
{
	memset(q, 0, sizeof(*q));
	q->limit = limit;
}

void
sendq_free(Sendq *q)
{
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

size_t
sendq_len(const Sendq *q)
{
	return q->end - q->start;
}

int
sendq_put(Sendq *q, const char *p, size_t n)
{
	size_t len = q->end - q->start, cap;

	if (len + n > q->limit)
		return -1;
	if (q->end + n > q->cap) {
		if (q->start > 0) {	/* slide what is left to the front */
			memmove(q->buf, q->buf + q->start, len);
			q->start = 0;
			q->end = len;
		}
		if (len + n > q->cap) {
			for (cap = MAX(q->cap, SENDQ_MIN); cap < len + n; )
				cap *= 2;
			q->buf = erealloc(q->buf, cap);
			q->cap = cap;
		}
	}
	memcpy(q->buf + q->end, p, n);
	q->end += n;
	return 0;
}

int
sendq_flush(Sendq *q, int fd)
{
	ssize_t w;

	while (q->start < q->end) {
		w = write(fd, q->buf + q->start, q->end - q->start);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		q->start += (size_t)w;
	}
	/* Empty: give the memory back if it grew past the minimum. */
	q->start = q->end = 0;
	if (q->cap > SENDQ_MIN) {
		free(q->buf);
		q->buf = NULL;
		q->cap = 0;
	}
	return 0;
}
