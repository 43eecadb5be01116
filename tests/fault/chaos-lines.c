/* chaos-lines.c: which lines each reader of test-chaos.c must get, and
 * the check of every line it does get. Sender k says lines 0..limit-1;
 * line i goes to the room, or, for a well-behaved sender, every fifth one
 * privately to the next well-behaved client. A reader keeps, per sender,
 * the next line due; a line that is not that one (a gap, a line out of
 * order, a private line of another, a line twice) fails the test, and so
 * does any junk that got through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "chaos-test.h"
#include "util.h"

static const char *const markers[] = JUNK_MARKERS;

int
chaos_limit(int k)
{
	return k == FLOODER ? F : M;
}

int
chaos_victim(int k)
{
	return k >= NW && k < FLOODER;
}

static int
priv_line(int k, int i)
{
	return k < NW && i % PRIV_EVERY == PRIV_EVERY - 1;
}

/* Who may see line i of sender k: not the sender (the server skips it),
 * and a private line only its target, the next well-behaved client. */
static int
visible(int k, int i, int self)
{
	return k != self && (!priv_line(k, i) || (k + 1) % NW == self);
}

static int
due_from(int k, int self, int i)
{
	while (i < chaos_limit(k) && !visible(k, i, self))
		i++;
	return i;
}

void
rcv_init(Rcv *r, Cli *c, int self)
{
	int k, i;

	r->c = c;
	r->self = self;
	for (k = 0; k < NR; k++) {
		r->next[k] = due_from(k, self, 0);
		for (i = 0; i < chaos_limit(k) && !chaos_victim(k); i++)
			r->want += visible(k, i, self);
	}
}

static void
no_junk(const Rcv *r, const char *l)
{
	size_t i;

	for (i = 0; i < LEN(markers); i++)
		if (strstr(l, markers[i]))
			fail_msg("%s received junk: %s", r->c->nick, l);
}

static void
note_quit(Rcv *r, const char *l)
{
	int n;

	if (strstr(l, " QUIT :Connection lost (killed by SIGKILL)"))
		r->quits++;
	if (r == &ch.r[0] && strstr(l, " QUIT :SendQ exceeded") &&
	    sscanf(l, ":stall%d!", &n) == 1)
		ch.sendq_drops++;
}

/* One line for r: a chat line must be the next one due from its sender. */
void
rcv_take(Rcv *r, const char *l)
{
	const char *p = strstr(l, " PRIVMSG ");
	char to[64];
	int k, i, priv;

	no_junk(r, l);
	note_quit(r, l);
	if (!p || sscanf(p + 9, "%63s :s%d %d", to, &k, &i) != 3)
		return;
	priv = strcmp(to, "#lobby") != 0;
	if (k < 0 || k >= NR)
		fail_msg("%s: a line from no sender: %s", r->c->nick, l);
	if (priv && strcmp(to, r->c->nick))
		fail_msg("%s got a private line for %s", r->c->nick, to);
	if (i != r->next[k] || priv != priv_line(k, i))
		fail_msg("%s: from sender %d expected line %d, got %d (%s)",
		         r->c->nick, k, r->next[k], i, l);
	r->next[k] = due_from(k, r->self, i + 1);
	if (chaos_victim(k)) {
		r->vlines++;
		return;
	}
	r->got++;
	if (r->self >= 0 && !chaos_victim(r->self))
		ch.total++;
}

int
rcv_done(const Rcv *r)
{
	return r->got == r->want && r->quits == NV;
}

void
chaos_line(char *buf, size_t n, int k, int i)
{
	if (priv_line(k, i))
		snprintf(buf, n, "PRIVMSG w%03d :s%d %d\r\n", (k + 1) % NW, k,
		         i);
	else
		snprintf(buf, n, "PRIVMSG #lobby :s%d %d\r\n", k, i);
}

