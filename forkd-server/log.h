/* log.h: the server's log, on standard error, shared by every process. */
#ifndef LOG_H
#define LOG_H

/* Once, in the master before any fork: look whether stderr is the
 * journal, load the time zone, and take over warn() and die() (util.h),
 * so their lines look like the others. */
void log_init(void);
/* One line "2026-11-29T17:05:12+01:00 forkd-server: <text>\n" (ISO 8601,
 * local time to the second with its offset) in one write(2), so lines
 * from many processes never interleave; cut at 510 bytes. Without the
 * time when stderr is the journal, which stamps each line itself
 * (JOURNAL_STREAM, systemd.exec(5)). Never fails: with stderr gone there
 * is nobody to tell. */
void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
