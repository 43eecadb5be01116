/* sendq.c: a byte queue that lives in a small inline buffer and moves to
 * its own mapping only while bursts need more. The mapping is unmapped
 * once the queue has been empty for SENDQ_KEEP_MS, so the pages go back to
 * the system: with malloc they would stay in the heap, dirty and private,
 * in every child for the rest of its life (a 1000-name NAMES reply is
 * 31 KiB). */
#define _GNU_SOURCE		/* mremap */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sendq.h"
#include "shm.h"
#include "util.h"

void
sendq_init(Sendq *q, size_t limit)
{
	q->buf = q->inl;
	q->start = q->end = 0;
	q->cap = sizeof(q->inl);
	q->limit = limit;
	q->used = 0;
	q->touched = 0;
	q->midline = 0;
}

static void
unmap(Sendq *q)
{
	if (q->buf != q->inl)
		munmap(q->buf, q->cap);
	q->buf = q->inl;
	q->cap = sizeof(q->inl);
	q->used = 0;
	q->touched = 0;
}

void
sendq_free(Sendq *q)
{
	unmap(q);
	q->start = q->end = 0;
}

size_t
sendq_len(const Sendq *q)
{
	return q->end - q->start;
}

/* Make room for n more bytes: slide to the front, or move to a mapping
 * of SENDQ_MAP bytes, or a power of two above that, grown in place with
 * mremap (no copy, and no page faulted in again). Returns -1 if no
 * memory. */
static int
grow(Sendq *q, size_t n)
{
	size_t len = q->end - q->start, cap;
	char *p;

	if (len + n <= q->cap) {
		memmove(q->buf, q->buf + q->start, len);
	} else {
		for (cap = SENDQ_MAP; cap < len + n; cap *= 2)
			;
		if (q->buf != q->inl) {
			p = mremap(q->buf, q->cap, cap, MREMAP_MAYMOVE);
			if (p == MAP_FAILED)
				return -1;
			memmove(p, p + q->start, len);
		} else {
			p = mmap(NULL, cap, PROT_READ | PROT_WRITE,
			         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				return -1;
			memcpy(p, q->buf + q->start, len);
		}
		q->buf = p;
		q->cap = cap;
	}
	q->start = 0;
	q->end = len;
	return 0;
}

int
sendq_put(Sendq *q, const char *p, size_t n)
{
	if (shm_check_unlocked("queueing a reply") < 0) {
		errno = EDEADLK;
		return -1;
	}
	if (q->end - q->start + n > q->limit)
		return -1;
	if (q->end + n > q->cap && grow(q, n) < 0)
		return -1;
	memcpy(q->buf + q->end, p, n);
	q->end += n;
	if (q->buf != q->inl)
		q->touched = 1;
	return 0;
}

int
sendq_flush(Sendq *q, int fd)
{
	ssize_t w;

	if (shm_check_unlocked("writing to a client") < 0) {
		errno = EDEADLK;
		return -1;
	}
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
		q->midline = w > 0 && q->buf[q->start - 1] != '\n';
	}
	q->start = q->end = 0;	/* empty: sendq_trim decides on the pages */
	return 0;
}

void
sendq_drop(Sendq *q)
{
	const char *nl;

	if (q->midline && q->start < q->end &&
	    (nl = memchr(q->buf + q->start, '\n', q->end - q->start)))
		q->end = (size_t)(nl - q->buf) + 1;
	else
		q->start = q->end = 0;
}

int
sendq_trim(Sendq *q, long long now)
{
	if (q->buf == q->inl)
		return -1;
	if (q->touched || q->start < q->end || !q->used) {
		q->touched = 0;
		q->used = now;
	}
	if (q->start < q->end)
		return -1;	/* the socket's POLLOUT comes first */
	if (now - q->used < SENDQ_KEEP_MS)
		return (int)(q->used + SENDQ_KEEP_MS - now);
	unmap(q);
	q->start = q->end = 0;
	return -1;
}
