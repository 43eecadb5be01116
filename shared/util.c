/* util.c: the only module of shared/ that prints or exits.
 * die() is for start-up errors, out-of-memory and impossible states. */
#define _GNU_SOURCE		/* ppoll */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "util.h"

static const char *progname = "";

void
util_progname(const char *name)
{
	const char *slash = strrchr(name, '/');

	progname = slash ? slash + 1 : name;
}

static void (*sinkfn)(const char *);

void
util_sink(void (*sink)(const char *text))
{
	sinkfn = sink;
}

static void
vwarn(const char *fmt, va_list ap)
{
	char text[1024];
	int saved = errno;
	size_t n = strlen(fmt), k;

	vsnprintf(text, sizeof(text), fmt, ap);
	k = strlen(text);
	if (n > 0 && fmt[n - 1] == ':')
		snprintf(text + k, sizeof(text) - k, " %s", strerror(saved));
	if (sinkfn)
		sinkfn(text);
	else if (*progname)
		fprintf(stderr, "%s: %s\n", progname, text);
	else
		fprintf(stderr, "%s\n", text);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(1);
}

void *
ecalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb, size);

	if (!p)
		die("calloc:");
	return p;
}

void *
erealloc(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (!q && size)
		die("realloc:");
	return q;
}

size_t
strlcopy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n) {
		size_t k = len < n ? len : n - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return len;
}

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
ppoll_ms(struct pollfd *pfd, nfds_t n, int ms, const sigset_t *mask)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	return ppoll(pfd, n, ms < 0 ? NULL : &ts, mask);
}

long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const char *
plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

char
proc_state(int pid)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}
