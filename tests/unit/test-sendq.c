/* test-sendq.c: a client's output queue (forkd-server/sendq.c) against a
 * real loopback TCP connection: a client dropped for not reading gets
 * whole lines and then its ERROR, never half a line run into it; a
 * burst's mapping outlives the burst SENDQ_KEEP_MS and then goes. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "sendq.h"

static int wfd, rfd;		/* the server's end, the client's end */

static int
setup(void **state)
{
	struct sockaddr_in a = { 0 };
	socklen_t alen = sizeof(a);
	int l, small = 4096;

	(void)state;
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((l = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&a, &alen) < 0 ||
	    (rfd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	/* Small buffers both ways, so the socket fills within a few lines
	 * and a write can stop in the middle of one. */
	setsockopt(rfd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	if (connect(rfd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    (wfd = accept(l, NULL, NULL)) < 0)
		return -1;
	close(l);
	setsockopt(wfd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	fcntl(wfd, F_SETFL, O_NONBLOCK);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	close(wfd);
	close(rfd);
	return 0;
}

/* Everything the client end can read until the server end is closed. */
static size_t
read_all(char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t r;

	while (n < cap && (r = read(rfd, buf + n, cap - n)) > 0)
		n += (size_t)r;
	return n;
}

static void
dropped_client_gets_whole_lines_then_its_error(void **state)
{
	static char got[1 << 20];
	char line[128];
	const char *err = "ERROR :Closing Link: 127.0.0.1 (SendQ exceeded)\r\n";
	Sendq q;
	size_t n, i, start;
	int k, lines = 0;

	(void)state;
	sendq_init(&q, 1 << 20);
	/* Fill the socket and queue 200 lines more; then the client takes
	 * a little at a time, and the queue's writes, many lines long, stop
	 * inside a line. */
	n = 0;
	for (k = 0, i = 0; i < 200 && k < 100000; k++) {
		snprintf(line, sizeof(line), ":a!u@h PRIVMSG #lobby :line %d "
		         "of a room that this client does not read\r\n", k);
		assert_int_equal(sendq_put(&q, line, strlen(line)), 0);
		assert_int_equal(sendq_flush(&q, wfd), 0);
		if (sendq_len(&q))
			i++;
	}
	while (!q.midline && sendq_len(&q) > 0 && n + 1000 < sizeof(got)) {
		struct pollfd p = { rfd, POLLIN, 0 };
		ssize_t r;

		poll(&p, 1, 1000);
		r = recv(rfd, got + n, 777, MSG_DONTWAIT);
		if (r > 0)
			n += (size_t)r;
		assert_int_equal(sendq_flush(&q, wfd), 0);
	}
	assert_true(q.midline);
	for (i = 0; i < 20; i++)
		assert_int_equal(sendq_put(&q, line, strlen(line)), 0);
	sendq_drop(&q);
	assert_int_equal(sendq_put(&q, err, strlen(err)), 0);
	/* What is left is the rest of one line and the ERROR: it fits
	 * once the client has read some. */
	assert_true(sendq_len(&q) < 128 + strlen(err));

	/* The client reads everything while the server writes the rest,
	 * then the server closes. */
	while (sendq_len(&q)) {
		struct pollfd p = { wfd, POLLOUT, 0 };
		ssize_t r = recv(rfd, got + n, sizeof(got) - n, MSG_DONTWAIT);

		assert_true(n < sizeof(got));

		if (r > 0)
			n += (size_t)r;
		poll(&p, 1, 100);
		assert_int_equal(sendq_flush(&q, wfd), 0);
	}
	shutdown(wfd, SHUT_WR);
	n += read_all(got + n, sizeof(got) - n);

	/* Every line whole, in order, and the last one the ERROR. */
	assert_true(n > strlen(err));
	for (start = 0, i = 0; i < n; i++) {
		if (got[i] != '\n')
			continue;
		assert_true(i > start && got[i - 1] == '\r');
		if (i + 1 < n) {
			/* ":a!u@h PRIVMSG #lobby :line N of ..." */
			char *p = memchr(got + start, ':', i - start);

			snprintf(line, sizeof(line), "PRIVMSG #lobby :line %d ",
			         lines);
			assert_non_null(p = memchr(p + 1, ' ', i - start));
			assert_memory_equal(p + 1, line, strlen(line));
			lines++;
		} else {
			assert_int_equal(i + 1 - start, strlen(err));
			assert_memory_equal(got + start, err, strlen(err));
		}
		start = i + 1;
	}
	assert_int_equal(start, n);
	/* the half-written one completed; those behind it were dropped */
	assert_true(lines > 0 && lines <= k);
	sendq_free(&q);
}

static void
burst_mapping_outlives_the_burst_then_goes(void **state)
{
	char big[SENDQ_INLINE + 100];
	Sendq q;

	(void)state;
	sendq_init(&q, 1 << 20);
	assert_int_equal(sendq_trim(&q, 1000), -1);	/* nothing held */
	memset(big, 'x', sizeof(big));
	assert_int_equal(sendq_put(&q, big, sizeof(big)), 0);
	assert_ptr_not_equal(q.buf, q.inl);
	/* Unwritten bytes: kept, and no timer (POLLOUT wakes us). */
	assert_int_equal(sendq_trim(&q, 1000), -1);
	assert_ptr_not_equal(q.buf, q.inl);
	q.start = q.end = 0;			/* as if written */
	assert_int_equal(sendq_trim(&q, 1000), SENDQ_KEEP_MS);
	assert_int_equal(sendq_trim(&q, 1100), SENDQ_KEEP_MS - 100);
	assert_ptr_not_equal(q.buf, q.inl);
	/* Used again: the clock starts over. */
	assert_int_equal(sendq_put(&q, "hi\r\n", 4), 0);
	q.start = q.end = 0;
	assert_int_equal(sendq_trim(&q, 1200), SENDQ_KEEP_MS);
	assert_ptr_not_equal(q.buf, q.inl);
	assert_int_equal(sendq_trim(&q, 1200 + SENDQ_KEEP_MS), -1);
	assert_ptr_equal(q.buf, q.inl);
	sendq_free(&q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			dropped_client_gets_whole_lines_then_its_error,
		                                setup, teardown),
		cmocka_unit_test(burst_mapping_outlives_the_burst_then_goes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
