/* log.c: the server's log (see log.h). Any process may call it, also a
 * child in the middle of its loop: it allocates nothing and takes no lock. */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"

void
logf_(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "forkd-server: ");
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
