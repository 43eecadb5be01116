/* loadgen.c: an IRC load generator for `make bench`. One process, one
 * epoll set, N clients on a loopback server. The phases, each bounded by
 * the one deadline (-t):
 *   register   connect and send NICK/USER, at most -c in flight (ngircd's
 *              listen backlog is 10: more in flight and SYNs get dropped)
 *   join       JOIN the room after 001; in it at the JOIN echo or 366;
 *              then a barrier line from client 0 that everyone waits for,
 *              so the join traffic is drained before anything is timed
 *   broadcast  -s senders x -m lines to the room, unthrottled or -r lines/s
 *              per sender; each line carries sender, sequence and send time
 *   private    every client sends -P lines to random other nicks
 *   (pause)    -W seconds after the barrier and after the timed phases:
 *              for a profiler to attach and detach (perf stat -a)
 *   hold       -H: print READY and stay connected (answering PING) until
 *              SIGTERM or the deadline, for memory measurements
 * Every delivery is counted; per-sender order is checked; a private line
 * must reach its target only; every latency goes into a histogram (0.4%
 * resolution, see lgnet.c). The generator's own CPU is reported for
 * every phase: at 1000 clients it is about a fifth of a core, mostly the
 * kernel's read path (it used to be most of a core, sscanf and a sort of
 * every latency). The report ends with one RESULT line of key=value
 * pairs for scripts. lgnet.c holds the sockets and the meaning
 * of received lines; lg.h the state. Only 127.0.0.0/8 is accepted. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#include "lg.h"
#include "util.h"

typedef struct {
	int64_t t0;
	double cpu0;
} Phase;

typedef struct {
	uint64_t expect, recv;
	double dps, cpu;
	uint32_t p50, p99, max;
} Stat;

static volatile sig_atomic_t stop;
static int64_t deadline;
static uint32_t rng = 2463534242u;

static void
onsig(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	die("usage: loadgen -p port [-a 127.0.0.1] [-n clients] "
	    "[-c inflight] [-s senders] [-m lines] [-r lines/s] "
	    "[-P private] [-j room] [-t timeout] [-w settle] [-H] [-W pause] "
	    "[-l label]");
}

static double
cpusecs(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static int
loopback(const char *host)
{
	struct in_addr a;

	if (inet_pton(AF_INET, host, &a) != 1)
		return 0;
	return (ntohl(a.s_addr) >> 24) == 127;
}

static void
options(Lg *g, int argc, char *argv[])
{
	int o;

	g->host = "127.0.0.1", g->room = "#lobby", g->label = "run";
	g->n = 10, g->inflight = 8, g->senders = 10, g->msgs = 200;
	g->timeout = 60, g->settle = 10;
	while ((o = getopt(argc, argv, "a:p:n:c:s:m:r:P:j:t:w:HW:l:")) != -1) {
		switch (o) {
		case 'a': g->host = optarg; break;
		case 'p': g->port = atoi(optarg); break;
		case 'n': g->n = atoi(optarg); break;
		case 'c': g->inflight = atoi(optarg); break;
		case 's': g->senders = atoi(optarg); break;
		case 'm': g->msgs = atoi(optarg); break;
		case 'r': g->rate = atof(optarg); break;
		case 'P': g->priv = atoi(optarg); break;
		case 'j': g->room = optarg; break;
		case 't': g->timeout = atof(optarg); break;
		case 'w': g->settle = atof(optarg); break;
		case 'H': g->hold = 1; break;
		case 'W': g->pause = atof(optarg); break;
		case 'l': g->label = optarg; break;
		default: usage();
		}
	}
	if (strcmp(g->host, "localhost") == 0)
		g->host = "127.0.0.1";
	if (!loopback(g->host))
		die("%s: not a loopback address: refusing to load it", g->host);
	if (g->port <= 0 || g->port > 65535 || g->n < 1 || g->n > 100000 ||
	    g->inflight < 1 || g->senders < 0 || g->msgs < 0 ||
	    g->priv < 0 || g->timeout <= 0 || (g->priv > 0 && g->n < 2))
		usage();
	if (g->senders > g->n)
		g->senders = g->n;
	if (strlen(g->room) > 40 || strchr(g->room, '%'))
		die("%s: not a room name for the load generator", g->room);
	snprintf(g->bhead, sizeof g->bhead, "PRIVMSG %s :B ", g->room);
}

static void
fdlimit(int need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("getrlimit:");
	if (rl.rlim_cur >= (rlim_t)need)
		return;
	if (rl.rlim_max < (rlim_t)need)
		die("need %d file descriptors, the hard limit is %llu", need,
		    (unsigned long long)rl.rlim_max);
	rl.rlim_cur = (rlim_t)need;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
		die("setrlimit:");
}

static void
setup(Lg *g)
{
	struct sigaction sa = { .sa_handler = onsig };
	int i, k;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	fdlimit(g->n + 32);
	if ((g->ep = epoll_create1(EPOLL_CLOEXEC)) < 0)
		die("epoll_create1:");
	g->c = ecalloc((size_t)g->n, sizeof *g->c);
	g->sidx = ecalloc((size_t)g->n, sizeof *g->sidx);
	for (i = 0; i < g->n; i++) {
		g->c[i].id = i;
		g->c[i].fd = -1;
		g->c[i].out = ecalloc(1, LG_OUTCAP);
		g->c[i].last = ecalloc((size_t)g->senders + 1, sizeof(int));
		g->sidx[i] = -1;
		linebuf_init(&g->c[i].lb);
	}
	for (k = 0; k < g->senders; k++)
		g->sidx[(int)((long long)k * g->n / g->senders)] = k;
	if (g->priv > 0)
		g->plast = ecalloc((size_t)g->n * (size_t)g->n, sizeof(int));
}

static void
teardown(Lg *g)
{
	int i;

	for (i = 0; i < g->n; i++) {
		if (g->c[i].fd >= 0)
			close(g->c[i].fd);
		free(g->c[i].out);
		free(g->c[i].last);
	}
	free(g->c);
	free(g->sidx);
	free(g->plast);
	close(g->ep);
}

/* Run the event loop, calling pump before each wait, until done says so,
 * a signal or the deadline. Returns 0 when done. */
static int
run(Lg *g, void (*pump)(Lg *), int (*done)(Lg *), int ms)
{
	while (!stop && lg_now() < deadline) {
		if (pump)
			pump(g);
		if (done(g))
			return 0;
		lg_wait(g, ms);
	}
	return -1;
}

static void
connects(Lg *g)
{
	while (g->nstarted < g->n && g->nconn < g->inflight)
		lg_connect(g, &g->c[g->nstarted]);
}

static int
regdone(Lg *g)
{
	return g->nstarted == g->n && g->nconn == 0;
}

static int
joindone(Lg *g)
{
	return g->nup == 0;
}

static int
syncdone(Lg *g)
{
	return g->nsynced >= g->njoined - 1;
}

static void
begin(Phase *p)
{
	p->t0 = lg_now();
	p->cpu0 = cpusecs();
}

/* The latency at rank k (0-based) of the histogram's n values. */
static uint32_t
rank(const Lat *l, uint64_t k)
{
	uint64_t seen = 0;
	int b;

	for (b = 0; b < LG_LATBUCKETS; b++)
		if ((seen += l->b[b]) > k)
			return MIN(lg_lat_value(b), l->max);
	return l->max;
}

/* Close a timed phase: rates, percentiles, and the generator's own CPU
 * as a share of one core over the phase. */
static void
finish(Lg *g, const Phase *p, uint64_t recv, uint64_t expect, Stat *s)
{
	int64_t span = g->tlast_recv - p->t0, wall = lg_now() - p->t0;
	Lat *l = &g->lat;

	s->expect = expect;
	s->recv = recv;
	s->dps = span > 0 ? recv * 1e6 / span : 0;
	s->cpu = wall > 0 ? (cpusecs() - p->cpu0) * 1e6 / wall * 100 : 0;
	s->p50 = s->p99 = s->max = 0;
	if (l->n > 0) {
		s->p50 = rank(l, l->n / 2);
		s->p99 = rank(l, (uint64_t)((l->n - 1) * 0.99));
		s->max = l->max;
	}
	memset(l, 0, sizeof(*l));
}

/* How many lines a sender may have sent by now: all at once, or -r/s. */
static int
quota(Lg *g, int total, int64_t t0)
{
	long long q;

	if (g->rate <= 0)
		return total;
	q = (long long)((lg_now() - t0) / 1e6 * g->rate) + 1;
	return q < total ? (int)q : total;
}

static int64_t phase0;

static int
canqueue(const Client *c)
{
	return c->st == C_JOINED && lg_room(c) >= 128;
}

static void
bpump(Lg *g)
{
	Client *c;
	int i, q = quota(g, g->msgs, phase0), any;
	long long v[2];

	for (i = 0; i < g->n; i++) {
		c = &g->c[i];
		if (g->sidx[i] < 0 || c->bsent >= q)
			continue;
		for (any = 0; c->bsent < q && canqueue(c); any = 1) {
			v[0] = c->id;
			v[1] = ++c->bsent;
			if (lg_queue_nums(c, g->bhead, v, 2) < 0)
				die("line too long");
		}
		if (any)
			lg_flush(g, c);
	}
}

static int
target(Lg *g, int self)
{
	int t = (int)(rnd() % (uint32_t)(g->n - 1));

	return t >= self ? t + 1 : t;
}

static void
ppump(Lg *g)
{
	Client *c;
	int i, t, q = quota(g, g->priv, phase0), any;
	char head[64];
	long long v[3];

	for (i = 0; i < g->n; i++) {
		c = &g->c[i];
		if (c->psent >= q || c->st != C_JOINED)
			continue;
		for (any = 0; c->psent < q && canqueue(c); any = 1) {
			t = target(g, i);
			snprintf(head, sizeof head, "PRIVMSG " LG_NICKFMT
			         " :P ", t);
			v[0] = c->id;
			v[1] = ++c->psent;
			v[2] = t;
			if (lg_queue_nums(c, head, v, 3) < 0)
				die("line too long");
		}
		if (any)
			lg_flush(g, c);
	}
}

static int bsentall, psentall;

static int
quiet(Lg *g, int sentall)
{
	return sentall && lg_now() - g->tlast_recv > g->settle * 1e6;
}

static int
bdone(Lg *g)
{
	uint64_t want = (uint64_t)g->senders * g->msgs * (g->n - 1);
	int i;

	if (!bsentall) {
		for (i = 0, bsentall = 1; i < g->n; i++)
			if (g->sidx[i] >= 0 && g->c[i].st == C_JOINED &&
			    g->c[i].bsent < g->msgs)
				bsentall = 0;
	}
	return g->brecv >= want || quiet(g, bsentall);
}

static int
pdone(Lg *g)
{
	int i;

	if (!psentall) {
		for (i = 0, psentall = 1; i < g->n; i++)
			if (g->c[i].st == C_JOINED && g->c[i].psent < g->priv)
				psentall = 0;
	}
	return g->precv >= (uint64_t)g->priv * g->n || quiet(g, psentall);
}

static void
report(const char *what, const Stat *s, uint64_t order, uint64_t other,
       const char *othername)
{
	printf("%-9s %8llu/%llu delivered, %.0f/s, latency p50 %.2f ms "
	       "p99 %.2f ms max %.2f ms, lost %llu, order errors %llu, "
	       "%s %llu, loadgen CPU %.0f%% of a core\n", what,
	       (unsigned long long)s->recv, (unsigned long long)s->expect,
	       s->dps, s->p50 / 1e3, s->p99 / 1e3, s->max / 1e3,
	       (unsigned long long)(s->expect > s->recv ? s->expect - s->recv
	                                                : 0),
	       (unsigned long long)order, othername,
	       (unsigned long long)other, s->cpu);
}

/* Where broadcast lines went missing: which receivers are short, and
 * for the first one, the last sequence it saw from each sender. */
static void
shortfall(Lg *g)
{
	Client *c;
	int i, k, want, got, nshort = 0, first = -1;

	for (i = 0; i < g->n; i++) {
		c = &g->c[i];
		want = g->msgs * (g->senders - (g->sidx[i] >= 0));
		for (k = 0, got = 0; k < g->senders; k++)
			got += c->last[k];
		if (got < want && nshort++ == 0)
			first = i;
	}
	if (nshort == 0)
		return;
	printf("short     %d receivers missed lines; " LG_NICKFMT " (%s) "
	       "last saw, per sender:", nshort, first,
	       g->c[first].st == C_DEAD ? "closed" : "connected");
	for (k = 0; k < g->senders; k++)
		printf(" %d", g->c[first].last[k]);
	printf(" of %d\n", g->msgs);
}

static int
broadcast(Lg *g, Stat *s)
{
	Phase p;
	int r;

	begin(&p);
	phase0 = p.t0;
	g->tlast_recv = p.t0;
	r = run(g, bpump, bdone, g->rate > 0 ? 1 : 100);
	finish(g, &p, g->brecv, (uint64_t)g->senders * g->msgs * (g->n - 1),
	       s);
	report("broadcast", s, g->border, g->bgap, "gaps");
	shortfall(g);
	return r;
}

static int
private(Lg *g, Stat *s)
{
	Phase p;
	int r;

	begin(&p);
	phase0 = p.t0;
	g->tlast_recv = p.t0;
	r = run(g, ppump, pdone, g->rate > 0 ? 1 : 100);
	finish(g, &p, g->precv, (uint64_t)g->priv * g->n, s);
	report("private", s, g->porder, g->pmisroute, "misrouted");
	return r;
}

static void
hold(Lg *g)
{
	printf("READY %d clients\n", g->njoined - g->ndead);
	fflush(stdout);
	while (!stop && lg_now() < deadline)
		lg_wait(g, 1000);
	stop = 0;	/* a TERM here ends the hold, not the report */
}

static double
rate(int n, int64_t from, int64_t to)
{
	return to > from ? n * 1e6 / (to - from) : 0;
}

static void
statfields(const char *k, const Stat *s)
{
	printf(" %s_expect=%llu %s_recv=%llu %s_lost=%llu %s_dps=%.0f "
	       "%s_p50_us=%u %s_p99_us=%u %s_max_us=%u %s_lgcpu_pct=%.0f",
	       k, (unsigned long long)s->expect, k,
	       (unsigned long long)s->recv, k,
	       (unsigned long long)(s->expect > s->recv ? s->expect - s->recv
	                                                : 0),
	       k, s->dps, k, s->p50, k, s->p99, k, s->max, k, s->cpu);
}

static const char *
status(int ok)
{
	if (ok)
		return "ok";
	if (stop)
		return "stopped";
	return lg_now() >= deadline ? "timeout" : "failed";
}

/* -W: a pause before the timed phases and after them, each line said
 * first, for a profiler to attach and detach (perf stat -a of the
 * private phase alone, not the registrations or the teardown). PINGs
 * are answered meanwhile. */
static void
hush(Lg *g)
{
	int64_t end = lg_now() + (int64_t)(g->pause * 1e6);

	fflush(stdout);
	while (!stop && lg_now() < end)
		lg_wait(g, 10);
}

/* Register, join, and wait at the barrier. Returns 1 when all went. */
static int
gather(Lg *g, int64_t t0, double *cpu)
{
	double cpu0 = cpusecs();
	int ok = 1;

	ok &= run(g, connects, regdone, 100) == 0 && g->nfail == 0;
	ok &= run(g, NULL, joindone, 100) == 0;
	/* The barrier drains the join traffic before anything is timed or
	 * measured; a run that only registers has no need of it. */
	if ((g->senders * g->msgs > 0 || g->priv > 0 || g->hold) &&
	    g->njoined > 1 && g->c[0].st == C_JOINED) {
		lg_queue(g, &g->c[0], "PRIVMSG %s :S", g->room);
		lg_flush(g, &g->c[0]);
		ok &= run(g, NULL, syncdone, 100) == 0;
	}
	*cpu = lg_now() > t0 ?
	       (cpusecs() - cpu0) * 1e6 / (double)(lg_now() - t0) * 100 : 0;
	printf("register  %d/%d clients, %.0f/s; joined %d, %.0f/s; "
	       "%d connects in flight at most; quiet after %.1f s, "
	       "loadgen CPU %.0f%% of a core\n",
	       g->nreg, g->n, rate(g->nreg, t0, g->treg_last), g->njoined,
	       rate(g->njoined, t0, g->tjoin_last), g->inflight,
	       (lg_now() - t0) / 1e6, *cpu);
	hush(g);
	return ok;
}

/* The one machine-readable line: key=value pairs, for bench.sh. */
static void
result(Lg *g, const Stat *bs, const Stat *ps, int64_t t0, double regcpu,
       int ok)
{
	printf("RESULT label=%s n=%d inflight=%d reg_ok=%d reg_fail=%d "
	       "reg_per_s=%.0f join_per_s=%.0f reg_lgcpu_pct=%.0f senders=%d "
	       "msgs=%d rate=%g priv=%d", g->label, g->n, g->inflight, g->nreg,
	       g->nfail, rate(g->nreg, t0, g->treg_last),
	       rate(g->njoined, t0, g->tjoin_last), regcpu, g->senders,
	       g->msgs, g->rate, g->priv);
	statfields("b", bs);
	printf(" b_order=%llu b_gap=%llu", (unsigned long long)g->border,
	       (unsigned long long)g->bgap);
	statfields("p", ps);
	printf(" p_order=%llu p_misroute=%llu bogus=%llu dead=%d "
	       "lg_cpu_s=%.2f wall_s=%.2f status=%s\n",
	       (unsigned long long)g->porder,
	       (unsigned long long)g->pmisroute,
	       (unsigned long long)g->pbogus, g->ndead, cpusecs(),
	       (lg_now() - t0) / 1e6, status(ok));
	fflush(stdout);
}

int
main(int argc, char *argv[])
{
	Lg g = { 0 };
	Stat bs = { 0 }, ps = { 0 };
	int64_t t0;
	double regcpu;
	int ok;

	util_progname(argv[0]);
	options(&g, argc, argv);
	setup(&g);
	t0 = lg_now();
	deadline = t0 + (int64_t)(g.timeout * 1e6);
	ok = gather(&g, t0, &regcpu);
	if (ok && g.senders > 0 && g.msgs > 0)
		ok &= broadcast(&g, &bs) == 0;
	if (ok && g.priv > 0)
		ok &= private(&g, &ps) == 0;
	if (ok && (g.priv > 0 || g.msgs > 0))
		hush(&g);
	if (ok && g.hold)
		hold(&g);
	result(&g, &bs, &ps, t0, regcpu, ok);
	teardown(&g);
	return ok && g.ndead == 0 ? 0 : 1;
}
