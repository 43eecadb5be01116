/* entry.h: a one-line text field: UTF-8 text, a cursor that moves by
 * character, kill commands, a history and nick completion. Plain data, no
 * X: the screens map keys to these calls and draw with drw. */
#ifndef ENTRY_H
#define ENTRY_H

#include <stddef.h>

#define ENTRY_MAX 1024		/* bytes of text, a little over two lines */

typedef struct {
	char text[ENTRY_MAX + 1];
	size_t len, cur;		/* bytes; cur is on a boundary */
	size_t maxlen;			/* 0: ENTRY_MAX */
	int cut;			/* the last insert did not fit
					 * whole: maxlen refused some (a
					 * deletion clears it) */
	char **hist;			/* oldest first */
	size_t nhist, histmax, hpos;	/* hpos == nhist: the draft */
	char *draft;
	/* Tab completion: the word being completed and the last candidate */
	size_t cstart;
	char cprefix[64];
	int cidx;
	int completing;
} Entry;

void entry_init(Entry *e, size_t histmax);
void entry_clear_all(Entry *e);		/* frees the history too */
void entry_set(Entry *e, const char *s);
/* Insert n bytes at the cursor; invalid UTF-8 and control characters are
 * dropped, newlines become spaces. What does not fit in maxlen is
 * refused and cut set (else cleared), for the screen to say so. Returns
 * bytes inserted. */
size_t entry_insert(Entry *e, const char *s, size_t n);

void entry_left(Entry *e);
void entry_right(Entry *e);
void entry_home(Entry *e);
void entry_end(Entry *e);
void entry_backspace(Entry *e);
void entry_delete(Entry *e);
void entry_kill_start(Entry *e);	/* Ctrl+U */
void entry_kill_end(Entry *e);		/* Ctrl+K */
void entry_kill_word(Entry *e);		/* Ctrl+W */

/* Remember text (not empty, not a repeat of the last) and reset to the
 * draft. */
void entry_hist_push(Entry *e, const char *text);
void entry_hist_prev(Entry *e);		/* Up */
void entry_hist_next(Entry *e);		/* Down */

/* Complete the word before the cursor from nicks (n of them); repeated
 * calls cycle. A nick completed at the start of the line gets ": ", one
 * after a leading '@' (private message form) a space.
 * Returns 1 if something was completed. */
int entry_complete(Entry *e, const char *const *nicks, size_t n);

#endif
