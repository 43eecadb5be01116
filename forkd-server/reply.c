/* reply.c: a client's string made a safe middle parameter, and list
 * replies split between items at 512 bytes. See reply.h; reply_mid is
 * used by every reply that echoes a name the client gave (cmd*.c,
 * session.c), Reply by cmd-reg.c (005), cmd-room.c (353) and cmd-query.c
 * (302, 303). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reply.h"
#include "conf.h"
#include "util.h"

const char *
reply_mid(const char *p)
{
	size_t n = strcspn(p, " \r\n");

	if (!n || p[n] || *p == ':' || n > REPLY_MID_MAX)
		return "*";
	return p;
}

void
reply_start(Reply *r, Session *s, int num, const char *tail, int max,
            const char *fmt, ...)
{
	va_list ap;
	size_t fixed;

	r->s = s;
	r->num = num;
	r->max = max;
	r->tail = tail ? tail : "";
	va_start(ap, fmt);
	vsnprintf(r->pre, sizeof(r->pre), fmt, ap);
	va_end(ap);
	/* ":" name " NNN " nick " " pre items tail, within 510 bytes */
	fixed = 1 + strlen(conf.name) + 5 + strlen(session_nick(s)) + 1 +
	        strlen(r->pre) + strlen(r->tail);
	r->room = fixed < IRC_TEXT_MAX ? IRC_TEXT_MAX - fixed : 0;
	r->len = 0;
	r->items = r->lines = 0;
}

static void
flush(Reply *r)
{
	num(r->s, r->num, "%s%.*s%s", r->pre, (int)r->len, r->body, r->tail);
	r->len = 0;
	r->items = 0;
	r->lines++;
}

void
reply_add(Reply *r, const char *item)
{
	size_t k = strlen(item);

	if (k > r->room)
		return;
	if (r->items && (r->len + 1 + k > r->room ||
	                 (r->max && r->items == r->max)))
		flush(r);
	if (r->items)
		r->body[r->len++] = ' ';
	memcpy(r->body + r->len, item, k);
	r->len += k;
	r->items++;
}

void
reply_end(Reply *r, int always)
{
	if (r->items || (always && !r->lines))
		flush(r);
}
