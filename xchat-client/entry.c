/* entry.c: the editing of a text field (see entry.h). Every motion and
 * deletion steps over whole UTF-8 characters with shared/utf8, so a Chinese
 * character or an emoji is one Backspace. Any edit ends a Tab completion
 * run; only entry_complete() continues one. */
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "utf8.h"
#include "util.h"

void
entry_init(Entry *e, size_t histmax)
{
	memset(e, 0, sizeof(*e));
	e->histmax = histmax;
}

void
entry_clear_all(Entry *e)
{
	size_t i;

	for (i = 0; i < e->nhist; i++)
		free(e->hist[i]);
	free(e->hist);
	free(e->draft);
	entry_init(e, e->histmax);
}

static size_t
maxlen(Entry *e)
{
	return e->maxlen && e->maxlen < ENTRY_MAX ? e->maxlen : ENTRY_MAX;
}

static void
edited(Entry *e)
{
	e->completing = 0;
}

void
entry_set(Entry *e, const char *s)
{
	e->len = e->cur = 0;
	e->text[0] = '\0';
	entry_insert(e, s, strlen(s));
}

size_t
entry_insert(Entry *e, const char *s, size_t n)
{
	char buf[ENTRY_MAX];
	size_t i, k, m = 0;
	uint32_t cp;

	edited(e);
	for (i = 0; i < n && m < sizeof(buf); i += k ? k : 1) {
		k = utf8_decode(s + i, n - i, &cp);
		if (!k)
			continue;
		if (cp == '\n' || cp == '\t') {
			buf[m++] = ' ';
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			continue;
		if (m + k > sizeof(buf))
			break;
		memcpy(buf + m, s + i, k);
		m += k;
	}
	e->cut = m > maxlen(e) - e->len;
	if (e->cut)
		m = utf8_cut(buf, m, maxlen(e) - e->len);
	memmove(e->text + e->cur + m, e->text + e->cur, e->len - e->cur);
	memcpy(e->text + e->cur, buf, m);
	e->len += m;
	e->cur += m;
	e->text[e->len] = '\0';
	return m;
}

/* Remove bytes [a, b). */
static void
cut(Entry *e, size_t a, size_t b)
{
	memmove(e->text + a, e->text + b, e->len - b);
	e->len -= b - a;
	e->cut = 0;			/* room again: nothing refused */
	e->text[e->len] = '\0';
	e->cur = a;
	edited(e);
}

void
entry_left(Entry *e)
{
	e->cur = utf8_prev(e->text, e->cur);
	edited(e);
}

void
entry_right(Entry *e)
{
	e->cur = utf8_next(e->text, e->len, e->cur);
	edited(e);
}

void
entry_home(Entry *e)
{
	e->cur = 0;
	edited(e);
}

void
entry_end(Entry *e)
{
	e->cur = e->len;
	edited(e);
}

void
entry_backspace(Entry *e)
{
	cut(e, utf8_prev(e->text, e->cur), e->cur);
}

void
entry_delete(Entry *e)
{
	size_t c = e->cur;

	cut(e, c, utf8_next(e->text, e->len, c));
}

void
entry_kill_start(Entry *e)
{
	cut(e, 0, e->cur);
}

void
entry_kill_end(Entry *e)
{
	cut(e, e->cur, e->len);
}

void
entry_kill_word(Entry *e)
{
	size_t i = e->cur;

	while (i > 0 && e->text[i - 1] == ' ')
		i--;
	while (i > 0 && e->text[i - 1] != ' ')
		i--;
	cut(e, i, e->cur);
}

static char *
dup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(ecalloc(1, n), s, n);
}

void
entry_hist_push(Entry *e, const char *text)
{
	if (*text && e->histmax &&
	    (!e->nhist || strcmp(e->hist[e->nhist - 1], text))) {
		if (e->nhist == e->histmax) {
			free(e->hist[0]);
			memmove(e->hist, e->hist + 1,
			        (e->nhist - 1) * sizeof(*e->hist));
			e->nhist--;
		}
		e->hist = erealloc(e->hist, (e->nhist + 1) * sizeof(*e->hist));
		e->hist[e->nhist++] = dup(text);
	}
	free(e->draft);
	e->draft = NULL;
	e->hpos = e->nhist;
}

static void
hist_show(Entry *e, size_t pos)
{
	if (e->hpos == e->nhist) {	/* leaving the draft: keep it */
		free(e->draft);
		e->draft = dup(e->text);
	}
	e->hpos = pos;
	entry_set(e, pos == e->nhist ? (e->draft ? e->draft : "")
	          : e->hist[pos]);
}

void
entry_hist_prev(Entry *e)
{
	if (e->hpos > 0)
		hist_show(e, e->hpos - 1);
}

void
entry_hist_next(Entry *e)
{
	if (e->hpos < e->nhist)
		hist_show(e, e->hpos + 1);
}

static int
prefixeq(const char *nick, const char *p)
{
	for (; *p; p++, nick++) {
		char a = *nick, b = *p;

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return 0;
	}
	return 1;
}

int
entry_complete(Entry *e, const char *const *nicks, size_t n)
{
	size_t i, k;
	int idx;

	if (!e->completing) {
		for (i = e->cur; i > 0 && e->text[i - 1] != ' '; i--)
			;
		if (e->text[i] == '@' && i == 0)	/* "@nick text" */
			i++;
		if (e->cur - i == 0 || e->cur - i >= sizeof(e->cprefix))
			return 0;
		e->cstart = i;
		memcpy(e->cprefix, e->text + i, e->cur - i);
		e->cprefix[e->cur - i] = '\0';
		e->cidx = -1;
	}
	for (k = 1; k <= n; k++) {
		idx = (int)((size_t)(e->cidx + (int)k) % n);
		if (prefixeq(nicks[idx], e->cprefix))
			break;
	}
	if (k > n)
		return 0;
	cut(e, e->cstart, e->cur);
	entry_insert(e, nicks[idx], strlen(nicks[idx]));
	if (e->cstart == 0)
		entry_insert(e, ": ", 2);
	else if (e->cstart == 1 && e->text[0] == '@')
		entry_insert(e, " ", 1);
	e->completing = 1;
	e->cidx = idx;
	return 1;
}
