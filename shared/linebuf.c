/* linebuf.c: see linebuf.h. One fixed buffer per connection; the input is
 * consumed in place so a read of many lines costs one copy of each. */
#include <string.h>

#include "linebuf.h"

void
linebuf_init(Linebuf *lb)
{
	lb->len = 0;
	lb->overlong = 0;
}

LbStatus
linebuf_next(Linebuf *lb, const char **in, size_t *n, char **line,
             size_t *len)
{
	const char *nl;
	size_t take, room;

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
		room = IRC_TEXT_MAX + 2 - lb->len;
		if (take > room) {
			lb->len = 0;
			lb->overlong = 1;
			return LB_TOOLONG;	/* the next call drops the rest */
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
		lb->len = 0;
		if (take > IRC_TEXT_MAX) {	/* 511 bytes with a bare LF */
			return LB_TOOLONG;
		}
		if (take == 0)
			continue;
		lb->buf[take] = '\0';
		*line = lb->buf;
		*len = take;
		return LB_LINE;
	}
	return LB_MORE;
}
