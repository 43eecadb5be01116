/* reply.h: the shape of replies.
 *
 * reply_mid: what a client sent, echoed back as a middle parameter (the
 * nick in 401, the channel in 403, the command in 421...). Every reply
 * that echoes a client's string in a middle position goes through it.
 *
 * Reply: numeric replies built from a list of names or tokens
 * (RPL_NAMREPLY 353, RPL_ISON 303, RPL_USERHOST 302, RPL_ISUPPORT 005).
 * Items go in one at a time; a line goes out when the next item would not
 * fit in 512 bytes counting ":server NNN nick ", the text before and after
 * the items and the CRLF (RFC 2812 2.3), so a name is never cut in two:
 * the rest of the list follows in another line of the same numeric. */
#ifndef REPLY_H
#define REPLY_H

#include "session.h"

/* The longest string echoed as a middle (bytes): the longest name a
 * client can mean (a 50-byte channel, a 30-byte nick, a mask) fits, and
 * 100 bytes of ":server NNN nick " plus this leave the reply's text 200. */
#define REPLY_MID_MAX 200

/* p as a middle parameter: p itself when it is one (RFC 2812 2.3.1:
 * not empty, no space, CR or LF, not starting with ':') of at most
 * REPLY_MID_MAX bytes, else "*" (as Ergo does). "WHOIS :a b" is answered
 * "401 me * :No such nick", never "401 me a b :..." (a client would read
 * nick "a", text "b"). The text after ':' stays free: free text the
 * client sent (a message, a topic, a reason) is never put here. */
const char *reply_mid(const char *p);

typedef struct {
	Session *s;
	int num;
	int max;		/* items in one line at most; 0: no limit */
	const char *tail;	/* after the items, e.g. " :are supported" */
	char pre[IRC_LINE_MAX];	/* before the items, e.g. "= #lobby :" */
	char body[IRC_LINE_MAX];	/* the items so far, space-separated */
	size_t room;		/* bytes a line leaves for the items */
	size_t len;
	int items, lines;
} Reply;

/* Start a reply to s: numeric num, pre from a printf format, then the
 * items, then tail (NULL: none), at most max items a line (0: any). */
void reply_start(Reply *r, Session *s, int num, const char *tail, int max,
                 const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Add one item (no spaces in it). One too long for any line is left out:
 * with NICK_MAX, HOST_MAX and a 63-byte server name, none is. */
void reply_add(Reply *r, const char *item);
/* Send the last line. A reply with no items sends a line only when
 * always is set (ISON and USERHOST answer even when nobody is online). */
void reply_end(Reply *r, int always);

#endif
