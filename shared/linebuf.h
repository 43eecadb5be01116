/* linebuf.h: IRC line framing. Lines end in CRLF or a bare LF and are at
 * most 512 bytes with the CRLF (RFC 2812 2.3). A longer line is reported
 * once and then discarded up to its end: never buffered without bound. */
#ifndef LINEBUF_H
#define LINEBUF_H

#include <stddef.h>

#define IRC_LINE_MAX 512		/* with CRLF */
#define IRC_TEXT_MAX (IRC_LINE_MAX - 2)	/* without */

typedef struct {
	char buf[IRC_LINE_MAX + 1];	/* a partial line, then its NUL */
	size_t len;
	int overlong;			/* discarding up to the next LF */
} Linebuf;

typedef enum {
	LB_MORE,	/* all input taken, no complete line yet */
	LB_LINE,	/* *line holds a line without its CR/LF */
	LB_TOOLONG	/* a line passed 510 bytes; its rest will be dropped */
} LbStatus;

void linebuf_init(Linebuf *lb);
/* Take bytes from *in (*n of them), advancing both, until a line is
 * complete. *line (NUL-terminated, valid until the next call) and *len are
 * set for LB_LINE; the line may contain NUL bytes: check *len. Empty lines
 * are skipped. Call again until LB_MORE. */
LbStatus linebuf_next(Linebuf *lb, const char **in, size_t *n,
                      char **line, size_t *len);

#endif
