/* paste.c: a multi-line paste as paced messages (see paste.h). The text
 * is copied once into buf, cleaned in place, and cut into messages
 * there; msg[] holds where each starts. The pace is a virtual clock
 * (ngIRCd's and forkd's flood rule seen from the sender): each message
 * moves it PASTE_GAP ms on, and a message may go while the clock is
 * less than PASTE_BURST gaps ahead of now. */
#include <stdlib.h>
#include <string.h>

#include "paste.h"
#include "utf8.h"
#include "util.h"

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

int
paste_needed(const char *s, size_t n, size_t room)
{
	size_t a = 0, b = n;

	while (a < b && (s[a] == '\n' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == '\n' || s[b - 1] == '\r'))
		b--;
	return blank(s + a, b - a) || b - a > room;
}

size_t
paste_cancel(Paste *p)
{
	size_t left = p->n - p->next;

	free(p->buf);
	free(p->msg);
	p->buf = NULL;
	p->msg = NULL;
	p->n = p->next = p->bytes = 0;
	p->asking = 0;
	return left;
}

static void
add(Paste *p, size_t off)
{
	p->msg = erealloc(p->msg, (p->n + 1) * sizeof(*p->msg));
	p->msg[p->n++] = off;
}

/* One line, cleaned, at buf + *w: cut into messages. */
static void
line(Paste *p, size_t start, size_t *w)
{
	char *s = p->buf + start;
	size_t n = *w - start, k;

	if (!n)
		return;
	p->bytes += n;
	/* each piece gets a NUL after it: shift the rest up one */
	while (n > PASTE_CHUNK) {
		k = utf8_cut(s, n, PASTE_CHUNK);
		if (!k)
			k = PASTE_CHUNK;	/* not UTF-8: cut on bytes */
		memmove(s + k + 1, s + k, n - k);
		s[k] = '\0';
		add(p, (size_t)(s - p->buf));
		s += k + 1;
		n -= k;
		(*w)++;
	}
	add(p, (size_t)(s - p->buf));
	p->buf[(*w)++] = '\0';
}

size_t
paste_start(Paste *p, const char *s, size_t n, const char *target)
{
	size_t i, w = 0, start = 0;

	paste_cancel(p);
	/* a NUL per line (in its line break's place, or one more for the
	 * last) and per extra piece (a piece is at least PASTE_CHUNK - 3
	 * bytes: utf8_cut steps back over less than a character) */
	p->buf = ecalloc(1, n + n / (PASTE_CHUNK - 3) + 2);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			line(p, start, &w);
			start = w;
		} else if ((unsigned char)s[i] >= 0x20 || s[i] == '\t') {
			if (s[i] != 0x7f)
				p->buf[w++] = s[i];
		}
	}
	line(p, start, &w);
	strlcopy(p->target, target, sizeof(p->target));
	p->asking = p->n > PASTE_ASK;
	if (!p->n)
		paste_cancel(p);
	return p->n;
}

const char *
paste_due(Paste *p, long long now)
{
	if (p->asking || p->next >= p->n)
		return NULL;
	if (p->clock > now + (long long)(PASTE_BURST - 1) * PASTE_GAP)
		return NULL;
	return p->buf + p->msg[p->next];
}

void
paste_sent(Paste *p, long long now)
{
	p->clock = MAX(p->clock, now) + PASTE_GAP;
	if (++p->next >= p->n)
		paste_cancel(p);
}

int
paste_waitms(Paste *p, long long now)
{
	long long t;

	if (p->asking || p->next >= p->n)
		return -1;
	t = p->clock - (long long)(PASTE_BURST - 1) * PASTE_GAP - now;
	return t > 0 ? (int)t : 0;
}

int
paste_busy(Paste *p)
{
	return p->asking || p->next < p->n;
}
