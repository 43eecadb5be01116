/* chaos-test.h: what test-chaos.c (the chaos), chaos-lines.c (who must
 * receive which line, and the check of each line received) and
 * chaos-check.c (the checks after the chaos) share: the sizes, the
 * readers, the schedule, and the one Chaos they all work on. */
#ifndef CHAOS_TEST_H
#define CHAOS_TEST_H

#include <sys/types.h>

#include "chaos.h"
#include "harness.h"

enum {
	CAP = 400,		/* -m */
	NW = 151,		/* well-behaved */
	NV = 40,		/* victims */
	ND = 8,			/* stalled readers */
	NR = NW + NV + 1,	/* readers that are also senders */
	FLOODER = NW + NV,	/* its index among them */
	NJ = 60,		/* junk connections */
	NU = 20,		/* never register */
	M = 10,			/* lines each chatter says */
	F = 300,		/* lines the flooder sends at once */
	PRIV_EVERY = 5,		/* every fifth line is private */
	ROUND_MS = 200,		/* the chatters' pace */
	NEV = NV + NJ + NU + ND,
	WARM_KILLS = 10,
};

enum { EV_KILL, EV_JUNK, EV_UNREG, EV_STALL };

typedef struct {
	Cli *c;
	int self;		/* its sender index, or -1 */
	int next[NR];		/* next line due from each sender */
	long got, want;		/* lines from W and the flooder */
	long vlines;		/* lines from victims */
	int quits;		/* victims' quits seen */
	int stalled, gone;
	pid_t pid;		/* its process in the server */
} Rcv;

typedef struct {
	long at;		/* fires when this many lines were delivered */
	int type, arg;
} Event;

typedef struct {
	Srv s;
	Log log;
	Rcv r[NR], st[ND];
	Cli *unreg[NU];
	Event ev[NEV];
	int nev, fired;
	pid_t helper[NJ + 2];
	int nhelper;
	long total, want;
	int killed[NV], kills, junks, unregs, stalls, sendq_drops;
	unsigned seed, rng;
	Mem before, after;
} Chaos;

extern Chaos ch;

/* chaos-lines.c */
int chaos_limit(int k);
int chaos_victim(int k);
void chaos_line(char *buf, size_t n, int k, int i);
void rcv_init(Rcv *r, Cli *c, int self);
void rcv_take(Rcv *r, const char *l);
int rcv_done(const Rcv *r);

/* chaos-check.c */
void check_warm_up(void);
long check_victims(void);
int check_stalled(void);
void check_unregistered(int reg_timeout);
int check_open_pids(pid_t *pids);
void check_fill_up(int open);
void check_memory(int connections);

#endif
