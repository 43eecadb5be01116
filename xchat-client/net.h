/* net.h: one TCP connection to the server: name resolution in a child
 * process, non-blocking connect (trying each address), line framing in, a
 * send queue out. No IRC here beyond the framing; no X. */
#ifndef NET_H
#define NET_H

#include <sys/types.h>
#include <sys/socket.h>
#include <stddef.h>

#include "linebuf.h"

enum { NET_DOWN, NET_RESOLVING, NET_CONNECTING, NET_UP };

/* Bytes queued for the server at most. What we send is PONGs, the JOIN
 * and what the user types: far below this unless the server stopped
 * reading (a PING flood never read grew the queue to 2 GB). Past it the
 * connection is ended, as a drop. */
#define NET_OUT_MAX (256 * 1024)

#define NET_ADDRS 8

typedef struct {
	int family, socktype, protocol;
	socklen_t len;
	struct sockaddr_storage addr;
} NetAddr;

/* What the resolver child writes, in one write (under PIPE_BUF). */
typedef struct {
	int gai, err;			/* getaddrinfo's result and errno */
	int n;
	NetAddr addr[NET_ADDRS];
} NetAnswer;
enum { NET_EV_NONE, NET_EV_UP, NET_EV_DOWN };

typedef struct {
	int fd;				/* the socket, or the resolver's pipe */
	int state;
	char host[256], port[16];
	pid_t resolver;			/* a child running getaddrinfo */
	NetAnswer ans;			/* its answer: the addresses */
	size_t anslen;
	int next;			/* the next address to try */
	Linebuf lb;
	char *out;			/* bytes waiting to be written */
	size_t outlen, outcap;
	int full;			/* NET_OUT_MAX passed: end it */
	char err[320];			/* why the last attempt ended */
	const char *hint;		/* what to check, for err (or NULL):
					 * the login form says it */
} Net;

void net_init(Net *n);
/* Start resolving and connecting; -1 with n->err set when it cannot
 * even start. Failures come later as NET_EV_DOWN. */
int net_connect(Net *n, const char *host, const char *port);
/* The events to poll for; 0 when down. */
short net_events(Net *n);
/* Handle poll's revents: calls line() for each complete line. Returns
 * NET_EV_UP once connected, NET_EV_DOWN when it failed or closed (n->err
 * says why), else NET_EV_NONE. Reads a bounded amount per call so that a
 * burst cannot starve the window: poll says again if more is waiting.
 * With n->full, ends the connection whatever revents says. */
int net_io(Net *n, short revents, void (*line)(void *ctx, char *l,
           size_t len), void *ctx);
/* Queue line for the server. Past NET_OUT_MAX nothing more is queued:
 * n->full and n->err are set and the next net_io() ends the
 * connection (NET_EV_DOWN). */
void net_send(Net *n, const char *line);
/* Try to write what is queued, blocking up to ms milliseconds (for QUIT
 * on the way out). */
void net_flush(Net *n, int ms);
/* End the connection, with why (NULL keeps n->err). */
void net_close(Net *n, const char *why);

#endif
