/* lg.h: the load generator's state, shared by loadgen.c (options, phases,
 * report) and lgnet.c (sockets, buffers, what each received line means).
 * One process, one epoll set, N simulated IRC clients; see loadgen.c. */
#ifndef LG_H
#define LG_H

#include <stddef.h>
#include <stdint.h>

#include "linebuf.h"

#define LG_OUTCAP 16384		/* per-client output buffer */
#define LG_NICKFMT "lg%d"	/* nick of client i: at most 9 characters */

typedef enum {
	C_IDLE,		/* not connected yet */
	C_CONNECTING,	/* connect() in progress */
	C_REG,		/* NICK/USER sent, waiting for 001 */
	C_UP,		/* registered, JOIN sent */
	C_JOINED,	/* saw its own JOIN or the room's 366 */
	C_DEAD		/* closed by the server or an error */
} CState;

typedef struct {
	int fd;
	int id;
	CState st;
	int synced;		/* saw the barrier line */
	int outarmed;		/* EPOLLOUT is in the interest set */
	size_t olen, ooff;	/* pending output: out[ooff..olen) */
	char *out;		/* LG_OUTCAP bytes */
	int *last;		/* last broadcast seq seen, per sender */
	int bsent;		/* broadcast lines this client sent */
	int psent;		/* private lines this client sent */
	Linebuf lb;
} Client;

#define LG_LATBUCKETS (256 + 24 * 128)	/* see lat_bucket in lgnet.c */

typedef struct {
	uint64_t b[LG_LATBUCKETS];	/* latencies in microseconds */
	uint64_t n;
	uint32_t max;
} Lat;

typedef struct {
	/* options */
	const char *host, *room, *label;
	char bhead[64];		/* "PRIVMSG room :B " */
	int port, n, inflight, senders, msgs, priv, hold;
	double rate, timeout, settle, pause;
	/* state */
	int ep;
	Client *c;
	int *sidx;		/* client id -> sender index, or -1 */
	int *plast;		/* n * n: last private seq, [receiver][sender] */
	int nconn;		/* connects and registrations in flight */
	int nstarted, nreg, nup, nfail, njoined, nsynced, ndead;
	int64_t treg_last, tjoin_last;	/* monotonic us */
	/* counters of the current phase */
	uint64_t brecv, border, bgap, precv, porder, pmisroute, pbogus;
	int64_t tlast_recv;
	Lat lat;
} Lg;

/* lgnet.c */
int64_t lg_now(void);
void lg_connect(Lg *g, Client *c);
int lg_queue(Lg *g, Client *c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for "head v[0] .. v[nv-1] now", by hand (no printf). */
int lg_queue_nums(Client *c, const char *head, const long long *v, int nv);
size_t lg_room(const Client *c);
void lg_flush(Lg *g, Client *c);
int lg_wait(Lg *g, int ms);
void lg_kill(Lg *g, Client *c, const char *why);
/* The latency (us) a histogram bucket stands for: its middle. */
uint32_t lg_lat_value(int bucket);

#endif
