/* cpset.h: a set of Unicode code points, a bit each, a plane's bitmap
 * (8 KiB) allocated when its first member comes: at most 136 KiB for all
 * of Unicode, however many are added. drw.c keeps in one the code points
 * no font has. No X here. */
#ifndef CPSET_H
#define CPSET_H

#include <stdint.h>

#define CPSET_PLANES 17		/* U+0000 to U+10FFFF */

typedef struct {
	unsigned char *plane[CPSET_PLANES];
} CpSet;

/* Add cp (ignored past U+10FFFF); dies if out of memory. */
void cpset_add(CpSet *s, uint32_t cp);
int cpset_has(const CpSet *s, uint32_t cp);
/* Empty the set and free its memory; it stays usable. */
void cpset_clear(CpSet *s);

#endif
