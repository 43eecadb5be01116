/* junk.c: hostile connections for test-chaos.c. Each runs in a helper
 * process the test forks: it connects, maybe registers, sends one kind of
 * junk without ever reading, and vanishes in one of three ways (close with
 * the replies unread, which resets; an explicit reset; a half-close, then
 * close). Everything it sends is marked so the test can check that none of
 * it reaches anyone: a half line, an endless line, a line that is not
 * UTF-8 and a line with a NUL are never relayed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "chaos.h"

#define LONG_LEN (100 * 1024)

static void
put(int fd, const void *p, size_t n)
{
	const char *b = p;
	ssize_t w;

	while (n > 0 && (w = send(fd, b, n, MSG_NOSIGNAL)) > 0) {
		b += w;
		n -= (size_t)w;
	}
}

static void
puts_(int fd, const char *s)
{
	put(fd, s, strlen(s));
}

static void
random_bytes(int fd, unsigned *seed)
{
	char buf[4096];
	size_t i, n = 512 + (size_t)(rand_r(seed) % 3584);

	for (i = 0; i < n; i++)
		buf[i] = (char)(rand_r(seed) & 0xff);
	put(fd, buf, n);
}

static void
half_line(int fd, int id)
{
	char line[64];

	snprintf(line, sizeof(line), "PRIVMSG #lobby :HALFLINE %d, no end",
	         id);
	puts_(fd, line);
}

static void
long_line(int fd, int id)
{
	char *buf = malloc(LONG_LEN);
	int n;

	if (!buf)
		return;
	memset(buf, 'x', LONG_LEN);
	n = snprintf(buf, 64, "PRIVMSG #lobby :LONGLINE %d ", id);
	buf[n] = 'x';		/* no NUL, no newline: 100 KB of one line */
	put(fd, buf, LONG_LEN);
	free(buf);
}

static void
bad_utf8(int fd, int id)
{
	static const char *const bad[] = {
		"\xff\xfe", "\xc0\xaf", "\xed\xa0\x80", "\xe4\xbd", "\x80",
		"\xf8\x88\x80\x80\x80", "caf\xe9",
	};
	char line[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(line, sizeof(line), "PRIVMSG #lobby :BADUTF8 %d %s\r\n",
		         id, bad[i]);
		puts_(fd, line);
	}
	puts_(fd, "NICK \xff\xfe\r\n");
}

static void
nul_bytes(int fd, int id)
{
	char line[128];
	int n;

	n = snprintf(line, sizeof(line), "PRIVMSG #lobby :NULBYTE %d", id);
	memcpy(line + n, "\0tail\r\n", 7);
	put(fd, line, (size_t)n + 7);
	put(fd, "PRIV\0MSG #lobby :NULBYTE\r\n", 26);
	put(fd, "\0\0\0\0\r\n", 6);
}

static void
junk(int fd, int kind, int id, unsigned *seed)
{
	static const int mix[] = { JUNK_RANDOM, JUNK_LONG, JUNK_UTF8, JUNK_NUL };
	int k;

	switch (kind) {
	case JUNK_RANDOM: random_bytes(fd, seed); break;
	case JUNK_HALF: half_line(fd, id); break;
	case JUNK_LONG: long_line(fd, id); break;
	case JUNK_UTF8: bad_utf8(fd, id); break;
	case JUNK_NUL: nul_bytes(fd, id); break;
	default:	/* the others in turn, the half line last */
		for (k = 0; k < 4; k++)
			junk(fd, mix[(k + id) % 4], id, seed);
		half_line(fd, id);
	}
}

static void
vanish(int fd, int how)
{
	struct linger lg = { 1, 0 };

	if (how == 1)		/* RST now, whatever is queued */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	else if (how == 2)
		shutdown(fd, SHUT_WR);
	close(fd);
}

int
junk_run(int port, int kind, int reg, int id, unsigned seed)
{
	struct sockaddr_in sa = { 0 };
	char line[128];
	int fd;

	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	if (reg) {
		snprintf(line, sizeof(line), "NICK junk%d\r\nUSER j 0 * :j\r\n",
		         id);
		puts_(fd, line);
	}
	junk(fd, kind, id, &seed);
	vanish(fd, id % 3);
	return 0;
}
