/* trace.c: --trace NICK (see trace.h). Each step is one log line:
 *
 *   forkd-server: trace alice pid 4242 +12.345 ms: <step>
 *
 * where the time counts from the process's start (its fork). Lines kept
 * before the nick is known wait in a fixed buffer; past it, the oldest
 * stay and a count of the dropped ones is told. */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "nick.h"
#include "shm.h"
#include "trace.h"
#include "util.h"

#define PENDING_MAX 2048	/* bytes of steps before registration */

int trace_on;
static long long start_us;
static char who[NICK_MAX + 1] = "*";
static char *pending;	/* PENDING_MAX bytes, only when tracing: a
			 * static array spread the variables every child
			 * writes over a page more */
static size_t npending;
static int dropped;

void
trace_begin(void)
{
	start_us = now_us();
	if (conf.trace && !pending)
		pending = malloc(PENDING_MAX);
	trace_on = conf.trace && pending ? 2 : 0;
	npending = 0;
	dropped = 0;
}

void
trace_nick(const char *nick)
{
	size_t i, n;

	if (!conf.trace || trace_on == 1 || nick_cmp(nick, conf.trace)) {
		if (trace_on == 2)
			trace_on = 0;	/* someone else: forget it all */
		return;
	}
	strlcopy(who, nick, sizeof(who));
	trace_on = 1;
	for (i = 0; i < npending; i += n + 1) {	/* "step\0step\0" */
		n = strlen(pending + i);
		logf_("trace %s pid %d %s", who, (int)getpid(), pending + i);
	}
	if (dropped)
		logf_("trace %s pid %d (%d earlier %s not kept)", who,
		      (int)getpid(), dropped,
		      plural(dropped, "step", "steps"));
	npending = 0;
}

void
trace_(const char *fmt, ...)
{
	char step[400];
	long long t = now_us() - start_us;
	va_list ap;
	int n;

	/* The log is I/O: never under the lock (shm.h). */
	if (shm_check_unlocked("tracing") < 0)
		return;
	n = snprintf(step, sizeof(step), "+%lld.%03lld ms: ", t / 1000,
	             t % 1000);
	va_start(ap, fmt);
	vsnprintf(step + n, sizeof(step) - (size_t)n, fmt, ap);
	va_end(ap);
	if (trace_on == 1) {
		logf_("trace %s pid %d %s", who, (int)getpid(), step);
		return;
	}
	n = (int)strlen(step) + 1;
	if (npending + (size_t)n > PENDING_MAX) {
		dropped++;
		return;
	}
	memcpy(pending + npending, step, (size_t)n);
	npending += (size_t)n;
}
