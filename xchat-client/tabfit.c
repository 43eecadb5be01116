/* tabfit.c: the tab bar's overflow (see tabfit.h). */
#include "tabfit.h"

/* Do tabs [a, b) fit, with the marks that hidden tabs need? */
static int
fits(const unsigned *w, size_t n, size_t a, size_t b, unsigned room,
     unsigned mark)
{
	unsigned long sum = (a > 0 ? mark : 0) + (b < n ? mark : 0);
	size_t i;

	for (i = a; i < b; i++)
		sum += w[i];
	return sum <= room;
}

TabFit
tabfit(const unsigned *w, size_t n, size_t cur, unsigned room, unsigned mark,
       const TabFit *prev)
{
	TabFit t = { 0, 0 };

	if (!n)
		return t;
	if (cur >= n)
		cur = n - 1;
	t.first = prev && prev->first <= cur ? prev->first : cur;
	for (;;) {		/* from first, as many as fit */
		t.last = t.first + 1;
		while (t.last < n && fits(w, n, t.first, t.last + 1, room, mark))
			t.last++;
		if (cur < t.last || t.first == cur)
			break;
		t.first++;	/* the current tab is past the end */
	}
	if (cur >= t.last)
		t.last = cur + 1;
	/* room left at the right (tabs closed, a wider window): show more
	 * on the left */
	while (t.first > 0 && fits(w, n, t.first - 1, t.last, room, mark))
		t.first--;
	return t;
}
