/* log.c: the server's log (see log.h). Any process may call it, also a
 * child in the middle of its loop: it allocates nothing and takes no lock.
 * log_init runs in the master before it forks, so the children inherit
 * what it found out (the time zone is read once, not once per child). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

static int journal;	/* stderr is the journal: no time stamps */

/* systemd.exec(5): JOURNAL_STREAM is "device:inode" of the stream the
 * journal gave us; it may have been inherited by a process whose stderr
 * was redirected since, so it counts only if stderr is that stream. */
static int
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	return js && sscanf(js, "%llu:%llu", &dev, &ino) == 2 &&
	       fstat(STDERR_FILENO, &st) == 0 &&
	       (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

static void
sink(const char *text)
{
	logf_("%s", text);
}

void
log_init(void)
{
	tzset();
	journal = stderr_is_journal();
	util_sink(sink);
}

/* "YYYY-MM-DDThh:mm:ss+hh:mm " into buf (at least 32 bytes); returns its
 * length. strftime's %z has no colon: ISO 8601's extended form does. */
static int
stamp(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	size_t k;

	if (!localtime_r(&now, &tm) ||
	    (k = strftime(buf, n, "%Y-%m-%dT%H:%M:%S%z ", &tm)) < 7)
		return 0;
	/* "+0100 " -> "+01:00 " */
	memmove(buf + k - 2, buf + k - 3, 3);
	buf[k - 3] = ':';
	buf[k + 1] = '\0';
	return (int)k + 1;
}

void
logf_(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n = journal ? 0 : stamp(buf, sizeof(buf));

	n += snprintf(buf + n, sizeof(buf) - (size_t)n, "forkd-server: ");
	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, (size_t)n) < 0) {
		/* stderr is gone: there is nobody left to tell */
	}
}
