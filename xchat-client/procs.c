/* procs.c: the "server processes" tab's model (see procs.h).
 *
 * One STATS p is in flight at a time: the next is asked a second after
 * the last was (PROCS_EVERY_MS), and only while the tab is shown and the
 * client online. The rows of an answer are gathered aside and shown when
 * its 219 comes, so a half answer is never drawn. A server that refuses
 * (263: too often) is asked again a second later; one that does not know
 * STATS (421) is not asked again until /procs. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procs.h"
#include "util.h"

#define GIVE_UP_MS 10000	/* an answer that never comes */

static ProcsTable shown, building;
static int inflight;
static long long asked_at, next_at;
static char note[256];
static int mapped = 1;
static int first;		/* the first row shown */
static int fits = 1;		/* rows the last draw had room for */

void
procs_open(State *s)
{
	Conv *c = state_conv_open(s, PROCS_TAB);

	if (!c) {
		state_info(s, NULL, "No room for another tab: close one "
		           "with /close");
		return;
	}
	state_select(s, (size_t)state_conv_index(s, c));
	next_at = 0;			/* ask at once */
	note[0] = '\0';
	first = 0;
}

int
procs_is(const Conv *c)
{
	return c && !strcmp(c->name, PROCS_TAB);
}

static int
shown_now(State *s)
{
	return mapped && s->status == ST_ONLINE &&
	       procs_is(state_current(s));
}

void
procs_window(int m)
{
	mapped = m;
	if (m)
		next_at = 0;	/* seen again: ask at once */
}

int
procs_waitms(State *s, int other)
{
	long long w;

	if (!shown_now(s))
		return other;
	w = (inflight ? asked_at + GIVE_UP_MS : next_at) - now_ms();
	w = MAX(w, 0);
	return other >= 0 && other < w ? other : (int)MIN(w, INT_MAX);
}

void
procs_tick(State *s)
{
	long long now = now_ms();

	if (s->status != ST_ONLINE) {
		inflight = 0;		/* the answer went with the link */
		return;
	}
	if (!shown_now(s) ||
	    (inflight ? now - asked_at < GIVE_UP_MS : now < next_at))
		return;
	state_sendf(s, "STATS p");
	inflight = 1;
	asked_at = now;
	building.nrows = building.ntext = 0;
	building.head.ncells = 0;
}

/* Cut a row into cells at runs of spaces. */
static void
cells(ProcsRow *r, const char *text)
{
	char *p = r->line;

	strlcopy(r->line, text, sizeof(r->line));
	r->ncells = 0;
	while (*p && r->ncells < PROCS_COLS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		r->cell[r->ncells++] = (short)(p - r->line);
		while (*p && *p != ' ')
			p++;
	}
}

static void
add(const char *text)
{
	ProcsTable *t = &building;

	if (*text >= '0' && *text <= '9') {	/* a process: its pid */
		if (t->nrows == PROCS_ROWS)
			return;
		if (t->nrows == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 64;
			t->rows = erealloc(t->rows, (size_t)t->cap *
			                   sizeof(*t->rows));
		}
		cells(&t->rows[t->nrows++], text);
	} else if (!strncmp(text, "PID ", 4)) {
		cells(&t->head, text);
	} else if (t->ntext < PROCS_TEXT) {	/* lock, log, map, or any
						 * other server's words */
		strlcopy(t->text[t->ntext++], text, sizeof(t->text[0]));
	}
}

static void
done(long long again)
{
	inflight = 0;
	next_at = again;
}

int
procs_irc(State *s, const Msg *m)
{
	ProcsTable t;

	(void)s;
	if (!inflight || m->nparams < 2)
		return 0;
	if (!strcmp(m->cmd, "249") && m->nparams >= 3 &&
	    !strcmp(m->params[1], "p")) {
		add(m->params[2]);
		return 1;
	}
	if (!strcmp(m->cmd, "219") && !strcmp(m->params[1], "p")) {
		t = shown;		/* swap: keep both row buffers */
		shown = building;
		building = t;
		shown.when = time(NULL);
		done(asked_at + PROCS_EVERY_MS);
		return 1;
	}
	if (strcmp(m->params[1], "STATS"))
		return 0;
	if (!strcmp(m->cmd, "263")) {		/* RPL_TRYAGAIN */
		done(now_ms() + PROCS_EVERY_MS);
		return 1;
	}
	if (m->cmd[0] == '4') {			/* 421, 481: not here */
		snprintf(note, sizeof(note), "This server does not show its "
		         "processes (STATS p: %s)", m->params[m->nparams - 1]);
		done(LLONG_MAX);
		return 1;
	}
	return 0;
}

void
procs_scroll(int rows)
{
	first = MAX(first + rows, 0);	/* procs_first clamps the end */
}

/* A page is the rows in view but one, kept for context. */
void
procs_page(int up)
{
	int n = MAX(fits - 1, 1);

	procs_scroll(up ? -n : n);
}

int
procs_first(int fit)
{
	fits = MAX(fit, 1);
	first = MIN(first, MAX(shown.nrows - fits, 0));
	return first;
}

const ProcsTable *
procs_table(void)
{
	return &shown;
}

const char *
procs_note(void)
{
	return note;
}

void
procs_say_note(const char *text)
{
	strlcopy(note, text, sizeof(note));
}
