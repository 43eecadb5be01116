/* server.h: the options every process reads (set once in main.c, before
 * any fork, so children inherit them) and the log helper. */
#ifndef SERVER_H
#define SERVER_H

#include <stddef.h>

typedef struct {
	const char *addr;
	int port;
	const char *room;
	const char *name;	/* the server's name in prefixes */
	int capacity;
	int per_ip;		/* 0: no limit */
	int reg_timeout;
	int ping_interval;
	int ping_timeout;
	size_t sendq;
	int flood;		/* 0: --no-flood */
	int flood_burst;
	int flood_rate;
	char *motd;		/* the file's text, or NULL */
	char created[64];	/* for RPL_CREATED */
} Conf;

extern Conf conf;

/* One line to stderr in one write(2), so lines from many processes never
 * interleave: "forkd-server: <text>". */
void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
