/* util.h: die, warn and checked allocation (dwm's util.c convention). */
#ifndef UTIL_H
#define UTIL_H

#include <poll.h>
#include <signal.h>
#include <stddef.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* Print to stderr, prefixed with the program name set by util_progname.
 * A format ending in ':' gets the system error appended. */
void die(const char *fmt, ...);
void warn(const char *fmt, ...);
void util_progname(const char *name);
/* Send warn's and die's lines (text without program name or newline) to
 * sink instead of stderr: the server routes them through its log, so
 * they carry its time stamps. NULL: back to stderr. */
void util_sink(void (*sink)(const char *text));

void *ecalloc(size_t nmemb, size_t size);
void *erealloc(void *p, size_t size);

/* Copy src into dst of size n, always NUL-terminated; returns strlen(src). */
size_t strlcopy(char *dst, const char *src, size_t n);

/* Milli- and microseconds on CLOCK_MONOTONIC: for timeouts and
 * durations, never for dates. */
long long now_ms(void);
long long now_us(void);
/* ppoll(2) with the timeout in ms (-1: none), waiting with mask as the
 * signal mask (the signals blocked outside are let in only while it
 * waits, so that one that comes before it is not lost). Returns as
 * ppoll: the ready count, 0 on the timeout, or -1 (errno, EINTR for a
 * signal). */
int ppoll_ms(struct pollfd *pfd, nfds_t n, int ms, const sigset_t *mask);
/* The kernel's state letter of a process, from /proc/PID/stat ("pid
 * (comm) S ...": the letter after the last ')', comm may hold anything):
 * 'R', 'S', 'T', 'Z' for a zombie not yet reaped..., or 0 when there is no
 * such process (proc(5)). */
char proc_state(int pid);

/* The noun for a count, in text people read: plural(1, "user", "users")
 * is "user", any other count "users" (0 users, 2 users). */
const char *plural(long long n, const char *one, const char *many);

#endif
