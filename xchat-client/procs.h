/* procs.h: the "server processes" tab (/procs): the server's process
 * table (forkd-server's STATS p), refreshed every second while the tab is
 * the one shown, and never otherwise: with the tab hidden the client
 * keeps no timer and sleeps in poll() as before.
 *
 * The model, without X (procsview.c draws it): what the last complete
 * answer said, and when to ask again. ircin.c gives it the server's lines
 * first (procs_irc); main.c folds its timer into poll() (procs_waitms)
 * and lets it ask (procs_tick) after each wake-up. */
#ifndef PROCS_H
#define PROCS_H

#include "state.h"

#define PROCS_TAB "server processes"	/* a space: no nick or channel */
#define PROCS_EVERY_MS 1000
#define PROCS_ROWS 1100		/* -m 1024, the master, the janitor */
#define PROCS_COLS 16
#define PROCS_TEXT 40		/* summary lines kept */

typedef struct {
	short cell[PROCS_COLS];	/* offsets of the cells in line */
	int ncells;
	char line[IRC_LINE_MAX];
} ProcsRow;

typedef struct {
	ProcsRow head;		/* the column names */
	ProcsRow *rows;		/* one per process */
	int nrows, cap;
	char text[PROCS_TEXT][IRC_LINE_MAX];	/* lock, log, map... */
	int ntext;
	time_t when;		/* of the answer; 0: none yet */
} ProcsTable;

/* /procs: open the tab and show it; the first answer is asked at once. */
void procs_open(State *s);
int procs_is(const Conv *c);
/* A line from the server: 1 if it was the answer to our STATS p (249,
 * 219, 263 RPL_TRYAGAIN, 421 or 481 for STATS), taken here. */
int procs_irc(State *s, const Msg *m);
/* How long poll() may sleep, given what the rest of the client wants
 * (ms, -1: forever): the same unless the tab is shown and online. */
int procs_waitms(State *s, int other);
/* The window was mapped (1) or unmapped (0: iconified, another
 * desktop): the tab is not seen while unmapped. */
void procs_window(int mapped);
/* After poll(): ask for the table if the tab is shown and it is time. */
void procs_tick(State *s);
/* The table's place in the view, kept here without X: PageUp/PageDown
 * (page) and the wheel (scroll, rows, + is down) move it as in the other
 * tabs; procsview.c asks which row to draw first, given how many have
 * room (fit), and gets it kept within the table. */
void procs_scroll(int rows);
void procs_page(int up);
int procs_first(int fit);
/* The last complete answer, for drawing; and a note to show under it
 * ("" for none), e.g. why typing in this tab says nothing. */
const ProcsTable *procs_table(void);
const char *procs_note(void);
void procs_say_note(const char *text);

#endif
