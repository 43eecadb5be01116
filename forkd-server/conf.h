/* conf.h: the options every process of the server reads.
 *
 * main.c fills conf from the command line once, before the master forks
 * anything; the janitor and every child inherit it with their copy of the
 * memory and only read it. Defaults are in config.h. */
#ifndef CONF_H
#define CONF_H

#include <stddef.h>

typedef struct {
	const char *addr;
	int port;
	const char *room;
	const char *name;	/* the server's name in prefixes */
	int capacity;
	int per_ip;		/* 0: no limit */
	int reg_timeout;	/* seconds */
	int ping_interval;	/* seconds */
	int ping_timeout;	/* seconds */
	size_t sendq;		/* bytes */
	int flood;		/* 0: --no-flood */
	int flood_burst;	/* lines */
	int flood_rate;		/* lines per second */
	char *motd;		/* the file's text, or NULL */
	int one;		/* --one: serve one connection, no fork */
	const char *trace;	/* --trace NICK: narrate that user, or NULL */
	char created[64];	/* for RPL_CREATED */
} Conf;

extern Conf conf;

#endif
