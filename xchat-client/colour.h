/* colour.h: colours as 0xRRGGBB and the rule nick colours keep, no X.
 *
 * The rule: a nick colour has a chroma (largest minus smallest of R, G,
 * B) of at least COLOUR_CHROMA, so it is never a grey like the system
 * lines, and is at least COLOUR_APART (the "redmean" distance, about
 * 0-765) from each reserved colour: the system-line grey, the alert
 * orange and the error red. */
#ifndef COLOUR_H
#define COLOUR_H

#include <stddef.h>
#include <stdint.h>

#define COLOUR_BAD 0xFFFFFFFFu
#define COLOUR_CHROMA 64
#define COLOUR_APART 100

/* "#rrggbb" as 0xRRGGBB, or COLOUR_BAD. */
uint32_t colour_rgb(const char *hex);
/* The square of the redmean distance of two colours (a weighted
 * Euclidean distance close to what the eye sees). */
unsigned long colour_dist2(uint32_t a, uint32_t b);
/* 1 if c may colour a nick beside the n reserved colours. */
int colour_nick_ok(uint32_t c, const uint32_t *reserved, size_t n);
/* The index (0 to n-1, n > 0) of nick's colour: FNV-1a over the case-
 * folded nick, so a nick keeps its colour in every tab and session. */
size_t colour_nick(const char *nick, size_t n);

#endif
