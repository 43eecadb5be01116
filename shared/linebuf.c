/* linebuf.c: see linebuf.h. One fixed buffer per connection; the input is
 * consumed in place so a read of many lines costs one copy of each. */
#include <string.h>

#include "linebuf.h"

#define MINSZ(a, b) ((a) < (b) ? (a) : (b))

void
linebuf_init(Linebuf *lb)
{
	lb->len = 0;
	lb->overlong = 0;
	lb->max = IRC_TEXT_MAX;
}

/* The line passed max: its first max bytes as *line (lb->len are in
 * buf, in holds the next take); the rest is dropped by the next calls
 * while lb->overlong. */
static LbStatus
toolong(Linebuf *lb, size_t max, const char *in, size_t take, char **line,
        size_t *len)
{
	size_t k = lb->len < max ? MINSZ(take, max - lb->len) : 0;

	if (k)
		memcpy(lb->buf + lb->len, in, k);
	*len = MINSZ(lb->len + k, max);
	lb->buf[*len] = '\0';
	*line = lb->buf;
	lb->len = 0;
	return LB_TOOLONG;
}

LbStatus
linebuf_next(Linebuf *lb, const char **in, size_t *n, char **line,
             size_t *len)
{
	const char *nl;
	size_t take, room, max = MINSZ(lb->max, IRC_TAGGED_MAX);

	while (*n > 0) {
		nl = memchr(*in, '\n', *n);
		take = nl ? (size_t)(nl - *in) + 1 : *n;
		if (lb->overlong) {		/* drop the rest of a long line */
			*in += take, *n -= take;
			if (nl)
				lb->overlong = 0;
			continue;
		}
		/* +1: room for the LF itself when a CR precedes it. */
		room = max + 2 - lb->len;
		if (take > room) {
			lb->overlong = 1;
			return toolong(lb, max, *in, take, line, len);
		}
		memcpy(lb->buf + lb->len, *in, take);
		lb->len += take;
		*in += take, *n -= take;
		if (!nl)
			return LB_MORE;
		/* a complete line: strip LF and an optional CR */
		take = lb->len - 1;
		if (take > 0 && lb->buf[take - 1] == '\r')
			take--;
		if (take > max)		/* max + 1 bytes with a bare LF */
			return toolong(lb, max, NULL, 0, line, len);
		lb->len = 0;
		if (take == 0)
			continue;
		lb->buf[take] = '\0';
		*line = lb->buf;
		*len = take;
		return LB_LINE;
	}
	return LB_MORE;
}
