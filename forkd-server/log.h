/* log.h: the server's log, on standard error, shared by every process. */
#ifndef LOG_H
#define LOG_H

/* One line "forkd-server: <text>\n" in one write(2), so lines from many
 * processes never interleave; cut at 510 bytes. Never fails: with stderr
 * gone there is nobody to tell. */
void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
