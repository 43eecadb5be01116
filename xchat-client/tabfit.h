/* tabfit.h: which tabs the tab bar shows when they do not all fit: the
 * current one always, then as many of its neighbours as fit, with a mark
 * at each end that hides tabs ("< +3", "+5 >"). Plain arithmetic over
 * widths, no X: tabs.c measures and draws, test-tabfit checks. */
#ifndef TABFIT_H
#define TABFIT_H

#include <stddef.h>

typedef struct {
	size_t first, last;	/* tabs [first, last) are shown */
} TabFit;

/* w[i]: tab i's width; n tabs; cur the current one; room: the bar's
 * width; mark: the width of one end mark. prev: the last answer (so the
 * bar does not jump while the current tab stays in view), or NULL. The
 * current tab is always in [first, last), even when it alone is wider
 * than room (it is cut when drawn). */
TabFit tabfit(const unsigned *w, size_t n, size_t cur, unsigned room,
              unsigned mark, const TabFit *prev);

#endif
