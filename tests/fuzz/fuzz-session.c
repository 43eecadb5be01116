/* fuzz-session.c: libFuzzer target for forkd-server's command handling.
 *
 * One client session, fed from the fuzzer's bytes with no network: the
 * server's objects (all but main.c and log.c) are linked in; this file
 * sets conf as main.c would and supplies a silent logf_. Once: the shared
 * table. Per input: a second user "peer" registers and joins the room
 * (so that private messages, WHOIS, NICK collisions and the room have
 * someone to reach; registering puts its log cursor at the head, so it
 * never holds a writer back); a socketpair; the bytes are written to one end and its
 * write side shut (the client said everything and hung up); a thread reads
 * what the server answers, so the session never waits on a full socket,
 * and checks that it is well-formed IRC; session_run() runs until the session ends, then the slot is
 * reaped as the master would, and the peer leaves.
 *
 * session_run keeps its Session in a static variable and clears it first:
 * each input starts from a fresh one. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf.h"
#include "config.h"
#include "relay.h"
#include "session.h"
#include "table.h"
#include "utf8.h"

#define CHECK(c) do { if (!(c)) { \
	fprintf(stderr, "check failed: %s\n", #c); abort(); } } while (0)

enum { FUZZ_SLOT = 0, PEER_SLOT = 1, NSLOTS = 4 };
#define TINY_SENDQ 600	/* bytes: one reply line and a little more */

void
logf_(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);	/* format it, so bad formats still show */
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
}

static void
cleanup(void)
{
	table_destroy();
}

static void
setup(void)
{
	conf.port = 0;
	conf.capacity = NSLOTS;
	conf.per_ip = 0;
	conf.flood = 0;	/* flood control would sleep between lines */
	snprintf(conf.created, sizeof(conf.created), "2026-01-01 UTC");
	signal(SIGPIPE, SIG_IGN);
	CHECK(table_create(NSLOTS, RING_ENTRIES) == 0);
	atexit(cleanup);
}

static void
peer_enter(void)
{
	uint64_t cursor;

	table_assign(PEER_SLOT, "127.0.0.1");
	CHECK(table_register(PEER_SLOT, "peer", "~peer", "Peer", &cursor) ==
	      CLAIM_OK);
	table_join(PEER_SLOT, ":peer!~peer@127.0.0.1 JOIN #lobby", NULL, 0);
}

static void
peer_leave(void)
{
	char nick[NICK_MAX + 1];

	table_quit(PEER_SLOT, ":peer!~peer@127.0.0.1 QUIT :Quit: done");
	CHECK(table_reap(PEER_SLOT, "reaped", nick) == 0);
}

/* What the server writes must be IRC as RFC 2812 2.3 and UTF8ONLY say:
 * lines of at most 512 bytes ending in CRLF, no NUL, CR or LF inside, valid
 * UTF-8, and no half line at the end. */
static void
check_line(const char *line, size_t n)
{
	CHECK(n >= 2 && n <= IRC_LINE_MAX);
	CHECK(line[n - 2] == '\r');
	CHECK(!memchr(line, '\0', n - 2) && !memchr(line, '\r', n - 2));
	CHECK(utf8_valid(line, n - 2));
}

static void *
discard(void *arg)
{
	int fd = *(int *)arg;
	char buf[8192], line[IRC_LINE_MAX + 1];
	size_t len = 0;
	ssize_t r, i;

	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < r; i++) {
			CHECK(len < sizeof(line));
			line[len++] = buf[i];
			if (buf[i] == '\n') {
				check_line(line, len);
				len = 0;
			}
		}
	}
	CHECK(len == 0);
	return NULL;
}

/* One session fed data, with a send queue of sendq bytes. */
static void
run_once(const uint8_t *data, size_t size, size_t sendq)
{
	char nick[NICK_MAX + 1];
	pthread_t th;
	uint32_t gen;
	size_t off = 0;
	ssize_t w;
	int sv[2];

	conf.sendq = sendq;
	peer_enter();
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
	while (off < size) {
		w = write(sv[1], data + off, size - off);
		CHECK(w > 0);
		off += (size_t)w;
	}
	shutdown(sv[1], SHUT_WR);
	CHECK(pthread_create(&th, NULL, discard, &sv[1]) == 0);
	gen = table_assign(FUZZ_SLOT, "127.0.0.1");
	session_run(FUZZ_SLOT, gen, sv[0], "127.0.0.1");	/* closes sv[0] */
	/* An early return would leave the socket open; the reader thread
	 * would wait for ever, so say why and close it. */
	if (fcntl(sv[0], F_GETFD) != -1) {
		fprintf(stderr, "session_run returned without closing its "
		        "socket\n");
		close(sv[0]);
	}
	pthread_join(th, NULL);
	close(sv[1]);
	CHECK(table_reap(FUZZ_SLOT, "reaped", nick) == 0);	/* not a crash */
	peer_leave();
}

/* Each input runs twice: with the default send queue, and with a tiny
 * one, so that every reply path also meets "SendQ exceeded" (a reply
 * queued under the table lock, then dropping the client, once froze the
 * server: issue 8). The server objects are built FORKD_CHECKED, so any
 * I/O or queueing under the lock aborts here. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		setup();
		ready = 1;
	}
	/* At most 2048 lines, fewer than the ring's 4096 entries: the
	 * peer, which reads nothing, never makes a writer wait. */
	if (size > 4096)
		return 0;
	run_once(data, size, DEF_SENDQ);
	run_once(data, size, TINY_SENDQ);
	return 0;
}
