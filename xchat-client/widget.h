/* widget.h: what the widgets and screens share: the palette, a rectangle,
 * and each widget's draw and hit-test calls. A widget is a plain struct
 * (or a piece of State) plus a function that draws it with drw; input
 * handling lives in the screens (login.c, chat.c). */
#ifndef WIDGET_H
#define WIDGET_H

#include "drw.h"
#include "entry.h"
#include "fmt.h"
#include "state.h"

enum {
	C_BG, C_FG, C_DIM, C_PANEL, C_FIELD, C_BORDER, C_FOCUS, C_SEL,
	C_ERR, C_ACCENT, C_MENTION, C_BTN, C_BTNFG, C_LAST
};
#define NICKCLRS 32		/* at most */

typedef struct {
	int x, y, w, h;
} Rect;

/* The palette, set up by main.c from config.h. */
extern Clr clr[C_LAST];
extern Clr nickclr[NICKCLRS];
extern size_t nnickclr;		/* those that keep colour.h's rule */

int rect_in(Rect r, int x, int y);
Clr *nick_colour(const char *nick);
unsigned pad(Drw *d);		/* spacing, in proportion to the font */

/* button.c */
void button_draw(Drw *d, Rect r, const char *label, int focused);
void label_draw(Drw *d, Rect r, const char *text, Clr *fg);
/* One row of text in w pixels at (x, y), ending in an ellipsis when it
 * is cut, so a cut name never passes for a whole one. */
void text_cut(Drw *d, int x, int y, unsigned w, const char *s, Clr *fg);
#define ELLIPSIS "\xe2\x80\xa6"	/* U+2026, 3 bytes */

/* field.c: an Entry drawn as a text box; returns the caret's x. */
int field_draw(Drw *d, Rect r, Entry *e, int focused);

/* tabs.c: one tab per conversation. */
void tabs_draw(Drw *d, Rect r, State *s, const char *status);
int tabs_hit(int x, int y);		/* conversation index or -1 */
int tabs_status_hit(int x, int y);	/* 1 on the status text */

/* list.c: the room's users. */
void list_draw(Drw *d, Rect r, State *s);
int list_hit(Rect r, Drw *d, State *s, int x, int y);	/* user or -1 */
void list_scroll(int rows);			/* + is down */

/* ftext.c: IRC-formatted text (fmt.h) drawn and measured. Draws the
 * bytes [a, b) of f's text with the top of the row at y; fg is the
 * colour where the text sets none. Returns the width drawn. */
unsigned ftext_draw(Drw *d, const Fmt *f, size_t a, size_t b, int x, int y,
                    Clr *fg);
/* Set m up to measure f's text in d's faces, for wrap_row(fmt_measure). */
void ftext_measurer(FmtMeasure *m, Drw *d, const Fmt *f);

/* procsview.c: the "server processes" tab (procs.h). */
void procs_draw(Drw *d, Rect r);

/* logview.c: the current conversation's lines. */
void logview_draw(Drw *d, Rect r, Conv *c);
void logview_scroll(Conv *c, long rows);	/* + is up, into the past */
void logview_bottom(Conv *c);			/* follow the newest */
void logview_page(Conv *c, int up);
void logview_bar_click(Rect r, Conv *c, int y);
long logview_hit(int x, int y);		/* line index under (x, y), -1 */
void logview_select(long from, long to);	/* -1: none */
/* The selected lines as text (malloc'd), or NULL. */
char *logview_selection(Conv *c);

#endif
