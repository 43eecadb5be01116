/* linebuf.h: IRC line framing. Lines end in CRLF or a bare LF and are at
 * most 512 bytes with the CRLF (RFC 2812 2.3), or max bytes without it
 * when the reader sets a larger max (a client reading IRCv3 tags: up to
 * LINEBUF_MAX). A longer line is reported once, with its first max bytes,
 * and then discarded up to its end: never buffered without bound. */
#ifndef LINEBUF_H
#define LINEBUF_H

#include <stddef.h>

#define IRC_LINE_MAX 512		/* with CRLF */
#define IRC_TEXT_MAX (IRC_LINE_MAX - 2)	/* without */
/* A server's line with IRCv3 message-tags, without CRLF: 8191 bytes of
 * tags (the '@' and the space included) and 510 of message (IRCv3
 * message-tags, "Size limit"). */
#define IRC_TAGGED_MAX (8191 + IRC_TEXT_MAX)

typedef struct {
	char buf[IRC_TAGGED_MAX + 3];	/* a partial line, then its NUL */
	size_t len;
	size_t max;			/* bytes without CRLF: IRC_TEXT_MAX
					 * from linebuf_init, at most
					 * IRC_TAGGED_MAX */
	int overlong;			/* discarding up to the next LF */
} Linebuf;

typedef enum {
	LB_MORE,	/* all input taken, no complete line yet */
	LB_LINE,	/* *line holds a line without its CR/LF */
	LB_TOOLONG	/* a line passed max bytes; *line holds its first max
			 * (for a reader that shows it cut), its rest will be
			 * dropped */
} LbStatus;

/* Empty lb, max IRC_TEXT_MAX (set lb->max after it for more). */
void linebuf_init(Linebuf *lb);
/* Take bytes from *in (*n of them), advancing both, until a line is
 * complete. *line (NUL-terminated, valid until the next call) and *len are
 * set for LB_LINE and LB_TOOLONG; the line may contain NUL bytes: check *len. Empty lines
 * are skipped. Call again until LB_MORE. */
LbStatus linebuf_next(Linebuf *lb, const char **in, size_t *n,
                      char **line, size_t *len);

#endif
