/* trace.h: --trace NICK. That user's process narrates each step on the
 * log, with the time since its fork: the fork and its slot, registration,
 * each hold of the lock (the wait, the hold, what it appended), the
 * doorbells it rang, each wake-up, the lines it read from the log, the
 * bytes it wrote to its socket, and its quit.
 *
 * Off, a step costs one load and one predictable branch (TRACE tests
 * trace_on first). With --trace, a process keeps its first steps in a
 * small buffer until it knows its nick: at registration they are logged
 * if the nick is the traced one, and dropped otherwise. A process that
 * takes the traced nick later (NICK) is traced from then on. Never under
 * the lock: a step that happens there (the lock taken, an append) is
 * kept by the scoreboard and told when the lock is released. */
#ifndef TRACE_H
#define TRACE_H

extern int trace_on;	/* 0: off; 1: on; 2: buffering, nick unknown */

#define TRACE(...) do { if (trace_on) trace_(__VA_ARGS__); } while (0)

/* A child (or --one) at its start: buffer if --trace is given. */
void trace_begin(void);
/* The process's nick is now nick: start, flush or stop. */
void trace_nick(const char *nick);
void trace_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
