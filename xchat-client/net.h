/* net.h: one TCP connection to the server: non-blocking connect (trying
 * each address), line framing in, a send queue out. No IRC here beyond
 * the framing; no X. */
#ifndef NET_H
#define NET_H

#include <stddef.h>

#include "linebuf.h"

enum { NET_DOWN, NET_CONNECTING, NET_UP };
enum { NET_EV_NONE, NET_EV_UP, NET_EV_DOWN };

typedef struct {
	int fd;
	int state;
	char host[256], port[16];
	struct addrinfo *ai, *next;	/* addresses still to try */
	Linebuf lb;
	char *out;			/* bytes waiting to be written */
	size_t outlen, outcap;
	char err[320];			/* why the last attempt ended */
} Net;

void net_init(Net *n);
/* Start connecting; -1 with n->err set when the name does not resolve or
 * no socket could be made. */
int net_connect(Net *n, const char *host, const char *port);
/* The events to poll for; 0 when down. */
short net_events(Net *n);
/* Handle poll's revents: calls line() for each complete line. Returns
 * NET_EV_UP once connected, NET_EV_DOWN when it failed or closed (n->err
 * says why), else NET_EV_NONE. Reads a bounded amount per call so that a
 * burst cannot starve the window: poll says again if more is waiting. */
int net_io(Net *n, short revents, void (*line)(void *ctx, char *l,
           size_t len), void *ctx);
void net_send(Net *n, const char *line);
/* Try to write what is queued, blocking up to ms milliseconds (for QUIT
 * on the way out). */
void net_flush(Net *n, int ms);
/* End the connection, with why (NULL keeps n->err). */
void net_close(Net *n, const char *why);

#endif
