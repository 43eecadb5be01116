/* ircpeer.c: a raw-socket IRC user for the interop scripts.
 *
 *   ircpeer PORT NICK LOG FIFO
 *
 * Connects to 127.0.0.1:PORT, registers as NICK, answers PING, and appends
 * every line it receives (without CRLF, one per line) to LOG as it comes,
 * so that a script can wait for it with grep. Each line written to the
 * FIFO is sent as it is, with CRLF. Exits when the server closes the
 * connection (after logging "*** closed"). The FIFO is opened read-write
 * so that writers come and go without an end of file. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "linebuf.h"
#include "util.h"

static int logfd;

static void
writeall(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("write:");
		p += w, n -= (size_t)w;
	}
}

static void
logline(const char *line, size_t n)
{
	char buf[IRC_LINE_MAX + 2];

	memcpy(buf, line, n);
	buf[n] = '\n';
	writeall(logfd, buf, n + 1);
}

static int
dial(int port)
{
	struct sockaddr_in sa = { 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket:");
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("connect to 127.0.0.1:%d:", port);
	return fd;
}

static void
sendf(int fd, const char *a, const char *b)
{
	char buf[IRC_LINE_MAX + 3];
	int n = snprintf(buf, sizeof(buf), "%s%s\r\n", a, b);

	writeall(fd, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf));
}

/* Lines from the server: log them, answer PING. */
static int
from_server(int fd, Linebuf *lb)
{
	char in[4096], *line;
	const char *p = in;
	size_t n, len;
	LbStatus st;
	ssize_t r = read(fd, in, sizeof(in));

	if (r < 0 && errno == EINTR)
		return 0;
	if (r <= 0)
		return -1;
	n = (size_t)r;
	while ((st = linebuf_next(lb, &p, &n, &line, &len)) != LB_MORE) {
		if (st != LB_LINE)
			continue;
		logline(line, len);
		if (!strncmp(line, "PING ", 5))
			sendf(fd, "PONG ", line + 5);
	}
	return 0;
}

/* Lines from the script: send each with CRLF. */
static void
from_fifo(int ff, int fd, char *acc, size_t *acclen)
{
	char *nl;
	ssize_t r = read(ff, acc + *acclen, 1024 - *acclen);

	if (r <= 0)
		return;
	*acclen += (size_t)r;
	while ((nl = memchr(acc, '\n', *acclen))) {
		*nl = '\0';
		sendf(fd, acc, "");
		*acclen -= (size_t)(nl + 1 - acc);
		memmove(acc, nl + 1, *acclen);
	}
	if (*acclen == 1024)
		*acclen = 0;	/* no line that long in a script */
}

int
main(int argc, char *argv[])
{
	struct pollfd pfd[2];
	char acc[1024];
	size_t acclen = 0;
	Linebuf lb;
	int fd, ff;

	util_progname(argv[0]);
	if (argc != 5)
		die("usage: ircpeer PORT NICK LOG FIFO");
	signal(SIGPIPE, SIG_IGN);
	if ((logfd = open(argv[3], O_WRONLY | O_CREAT | O_APPEND, 0600)) < 0)
		die("%s:", argv[3]);
	if ((ff = open(argv[4], O_RDWR | O_NONBLOCK)) < 0)
		die("%s:", argv[4]);
	fd = dial(atoi(argv[1]));
	linebuf_init(&lb);
	sendf(fd, "NICK ", argv[2]);
	sendf(fd, "USER peer 0 * :raw-socket peer ", argv[2]);
	pfd[0].fd = fd;
	pfd[0].events = POLLIN;
	pfd[1].fd = ff;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll:");
		}
		if (pfd[0].revents && from_server(fd, &lb) < 0)
			break;
		if (pfd[1].revents)
			from_fifo(ff, fd, acc, &acclen);
	}
	logline("*** closed", 10);
	return 0;
}
