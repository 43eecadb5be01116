/* test-net.c: the client's socket layer against a listening socket on
 * loopback: a refused port said in words, connect and registration lines
 * out, framed lines in (split across reads), the peer closing, and a
 * numeric address needing no resolver. Every wait is a poll() with a
 * timeout. */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "net.h"

static char got[8192];
static int nlines;

static void
collect(void *ctx, char *l, size_t len)
{
	(void)ctx;
	strncat(got, l, len);
	strcat(got, "|");
	nlines++;
}

/* A listening socket on 127.0.0.1, port in *port. */
static int
listener(char *port, size_t n)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	getsockname(fd, (struct sockaddr *)&a, &len);
	snprintf(port, n, "%u", ntohs(a.sin_port));
	return fd;
}

/* Poll n until net_io reports an event, or `lines` lines have come, or
 * (lines == 0) the send queue is empty; 5 s at most. */
static int
pump(Net *n, int lines)
{
	struct pollfd p;
	int i, ev;

	for (i = 0; i < 500; i++) {
		p.fd = n->fd;
		p.events = net_events(n);
		p.revents = 0;
		if (poll(&p, 1, 10) > 0 &&
		    (ev = net_io(n, p.revents, collect, NULL)) != NET_EV_NONE)
			return ev;
		if (n->state == NET_DOWN)
			return NET_EV_DOWN;
		if (n->state == NET_UP && (lines ? nlines >= lines
		                           : n->outlen == 0))
			return NET_EV_NONE;
	}
	return NET_EV_NONE;
}

/* One poll of up to 100 ms and its net_io; 0 when nothing came. */
static int
step(Net *n)
{
	struct pollfd p = { n->fd, net_events(n), 0 };

	if (poll(&p, 1, 100) <= 0)
		return 0;
	net_io(n, p.revents, collect, NULL);
	return 1;
}

static int
setup(void **state)
{
	(void)state;
	got[0] = '\0';
	nlines = 0;
	return 0;
}

static void
refused_port_is_said_in_words(void **state)
{
	char port[16];
	int l = listener(port, sizeof(port));
	Net n;

	(void)state;
	close(l);			/* now nothing listens there */
	net_init(&n);
	if (net_connect(&n, "127.0.0.1", port) == 0)
		assert_int_equal(pump(&n, 0), NET_EV_DOWN);
	assert_non_null(strstr(n.err, "connection refused"));
	assert_non_null(strstr(n.err, "127.0.0.1"));
	assert_int_equal(n.state, NET_DOWN);
}

static void
numeric_address_connects_without_resolver(void **state)
{
	char port[16];
	int l = listener(port, sizeof(port)), c;
	Net n;

	(void)state;
	net_init(&n);
	assert_int_equal(net_connect(&n, "127.0.0.1", port), 0);
	assert_int_equal(n.resolver, 0);
	assert_int_equal(n.state, NET_CONNECTING);
	assert_int_equal(pump(&n, 0), NET_EV_UP);
	c = accept(l, NULL, NULL);
	assert_true(c >= 0);
	net_close(&n, "done");
	assert_string_equal(n.err, "done");
	close(c);
	close(l);
}

static void
name_is_resolved_by_a_child_then_connects(void **state)
{
	char port[16];
	int l = listener(port, sizeof(port)), c;
	Net n;

	(void)state;
	net_init(&n);
	/* /etc/hosts: no DNS needed; ::1 may come first and be refused */
	assert_int_equal(net_connect(&n, "localhost", port), 0);
	assert_int_equal(n.state, NET_RESOLVING);
	assert_true(n.resolver > 0);
	assert_int_equal(pump(&n, 0), NET_EV_UP);
	assert_int_equal(n.resolver, 0);	/* reaped */
	c = accept(l, NULL, NULL);
	assert_true(c >= 0);
	net_close(&n, NULL);
	close(c);
	close(l);
}

static void
sends_queued_lines_and_frames_what_comes_back(void **state)
{
	char port[16], buf[256];
	int l = listener(port, sizeof(port)), c;
	ssize_t r;
	Net n;

	(void)state;
	net_init(&n);
	assert_int_equal(net_connect(&n, "127.0.0.1", port), 0);
	assert_int_equal(pump(&n, 0), NET_EV_UP);
	c = accept(l, NULL, NULL);
	net_send(&n, "NICK alice\r\n");
	net_send(&n, "USER alice 0 * :alice\r\n");
	pump(&n, 0);			/* until written */
	r = read(c, buf, sizeof(buf) - 1);
	assert_true(r > 0);
	buf[r] = '\0';
	assert_string_equal(buf, "NICK alice\r\nUSER alice 0 * :alice\r\n");
	/* one line cut in two writes, then two lines in one, bare LF */
	assert_int_equal(write(c, ":srv 001 al", 11), 11);
	while (n.lb.len < 11 && step(&n))	/* half a line: no line */
		;
	assert_int_equal(nlines, 0);
	assert_int_equal(write(c, "ice :hi\r\nPING :x\nPING :y\r\n", 26), 26);
	pump(&n, 3);
	assert_string_equal(got, ":srv 001 alice :hi|PING :x|PING :y|");
	close(c);
	assert_int_equal(pump(&n, 99), NET_EV_DOWN);
	assert_non_null(strstr(n.err, "closed"));
	close(l);
}

#define T(f) cmocka_unit_test_setup(f, setup)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(refused_port_is_said_in_words),
		T(numeric_address_connects_without_resolver),
		T(name_is_resolved_by_a_child_then_connects),
		T(sends_queued_lines_and_frames_what_comes_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
