/* irc.h: parse one IRC line into a Msg, and format lines to send.
 * RFC 1459 2.3.1 / RFC 2812 2.3.1:
 *   [':' prefix SPACE] command *(SPACE middle) [SPACE ':' trailing]
 * with at most 15 parameters; the 15th takes the rest of the line.
 * IRCv3 message-tags may come first: ['@' tags SPACE]; they are not
 * part of the 512 bytes (up to 8191 more bytes from a server:
 * IRC_TAGGED_MAX). */
#ifndef IRC_H
#define IRC_H

#include <stdarg.h>
#include <stddef.h>

#include "linebuf.h"

#define IRC_MAXPARAMS 15

typedef struct {
	const char *tags;		/* after '@', unparsed; NULL: none */
	const char *prefix;		/* NULL when the line had none */
	const char *cmd;		/* never NULL after a good parse */
	int nparams;
	const char *params[IRC_MAXPARAMS];
} Msg;

/* Parse line in place (spaces become NULs); the Msg points into it. A
 * leading tags section is set aside in m->tags (no one here reads tags:
 * time and msgid are a server's extras). Returns 0, or -1 when there is
 * no command (empty, tags or prefix only, a NUL byte inside or a command
 * with characters other than letters/digits). */
int irc_parse(char *line, size_t len, Msg *m);

/* Format a complete line with CRLF into out (IRC_LINE_MAX + 1 bytes) from
 * a printf format without the CRLF. A line that would be longer is cut on a
 * UTF-8 character boundary. Returns the length with the CRLF. */
size_t irc_fmt(char *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t irc_vfmt(char *out, const char *fmt, va_list ap);

/* Join n strings into a complete line with CRLF, as irc_fmt would from
 * "%s%s...": same limits, cut on a UTF-8 character boundary. For the
 * lines said most (a PRIVMSG to the room or to a user), where printf's
 * parsing was most of the sender's instructions (callgrind, musl). */
size_t irc_cat(char *out, int n, const char *const *parts);

/* Build "CMD p1 p2 :last" from parameters, adding the ':' when the last
 * one needs it (empty, has a space, or starts with ':'). Same limits as
 * irc_fmt. prefix may be NULL. */
size_t irc_build(char *out, const char *prefix, const char *cmd,
                 int nparams, const char *const *params);

/* Extract the nick from a "nick!user@host" prefix into out (size n). */
void irc_prefix_nick(const char *prefix, char *out, size_t n);

/* ASCII case-insensitive command comparison (commands are case-blind,
 * RFC 2812 2.3): irc_cmdcmp orders as strcmp does on the names in upper
 * case (<0, 0, >0), for a sorted table; irc_cmdeq is 1 when equal. */
int irc_cmdcmp(const char *a, const char *b);
int irc_cmdeq(const char *a, const char *b);

#endif
