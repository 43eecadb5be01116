/* ircproxy.c: a recording proxy between one stock client and the server.
 *
 *   ircproxy SERVER_PORT PORTFILE LOG
 *
 * Listens on 127.0.0.1 on a free port and writes that port to PORTFILE
 * (whole, through a rename, so a script never reads half of it). For each
 * client that connects, it dials 127.0.0.1:SERVER_PORT and passes the bytes
 * both ways unchanged, appending each complete line to LOG as "> line"
 * (client to server) or "< line" (server to client). One connection at a
 * time; when either side closes, the other is closed and it accepts again. */
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

typedef struct {
	int from, to;
	char mark;
	Linebuf lb;
} Dir;

static int logfd;

static int
writeall(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w, n -= (size_t)w;
	}
	return 0;
}

static void
record(Dir *d, const char *in, size_t n)
{
	char buf[IRC_LINE_MAX + 4], *line;
	size_t len;
	LbStatus st;

	while ((st = linebuf_next(&d->lb, &in, &n, &line, &len)) != LB_MORE) {
		if (st != LB_LINE) {
			len = (size_t)snprintf(buf, sizeof(buf),
			                       "%c (line too long)\n", d->mark);
		} else {
			buf[0] = d->mark;
			buf[1] = ' ';
			memcpy(buf + 2, line, len);
			buf[len + 2] = '\n';
			len += 3;
		}
		if (writeall(logfd, buf, len) < 0)
			die("log:");
	}
}

/* Pass what is readable on d->from; -1 when that side is gone. */
static int
pass(Dir *d)
{
	char buf[8192];
	ssize_t r = read(d->from, buf, sizeof(buf));

	if (r < 0 && errno == EINTR)
		return 0;
	if (r <= 0)
		return -1;
	record(d, buf, (size_t)r);
	return writeall(d->to, buf, (size_t)r);
}

static void
relay(int cfd, int sfd)
{
	Dir d[2] = { { cfd, sfd, '>', { .len = 0 } },
	             { sfd, cfd, '<', { .len = 0 } } };
	struct pollfd pfd[2] = { { cfd, POLLIN, 0 }, { sfd, POLLIN, 0 } };
	int i;

	linebuf_init(&d[0].lb);
	linebuf_init(&d[1].lb);
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll:");
		}
		for (i = 0; i < 2; i++)
			if (pfd[i].revents && pass(&d[i]) < 0)
				return;
	}
}

static int
listen_any(int *port)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		die("socket:");
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		die("listen on 127.0.0.1:");
	*port = ntohs(sa.sin_port);
	return fd;
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
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
write_port(const char *path, int port)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (!(f = fopen(tmp, "w")))
		die("%s:", tmp);
	fprintf(f, "%d\n", port);
	if (fclose(f) != 0 || rename(tmp, path) < 0)
		die("%s:", path);
}

int
main(int argc, char *argv[])
{
	int lfd, cfd, sfd, port;

	util_progname(argv[0]);
	if (argc != 4)
		die("usage: ircproxy SERVER_PORT PORTFILE LOG");
	signal(SIGPIPE, SIG_IGN);
	if ((logfd = open(argv[3], O_WRONLY | O_CREAT | O_APPEND, 0600)) < 0)
		die("%s:", argv[3]);
	lfd = listen_any(&port);
	write_port(argv[2], port);
	for (;;) {
		if ((cfd = accept(lfd, NULL, NULL)) < 0) {
			if (errno == EINTR)
				continue;
			die("accept:");
		}
		if ((sfd = dial(atoi(argv[1]))) >= 0) {
			relay(cfd, sfd);
			close(sfd);
		}
		close(cfd);
	}
}
