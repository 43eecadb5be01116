/* cpset.c: see cpset.h. */
#include <stdlib.h>

#include "cpset.h"
#include "util.h"

void
cpset_add(CpSet *s, uint32_t cp)
{
	unsigned char **p;

	if (cp >> 16 >= CPSET_PLANES)
		return;
	p = &s->plane[cp >> 16];
	if (!*p)
		*p = ecalloc(1, 65536 / 8);
	(*p)[(cp & 0xffff) >> 3] |= (unsigned char)(1u << (cp & 7));
}

int
cpset_has(const CpSet *s, uint32_t cp)
{
	const unsigned char *p;

	if (cp >> 16 >= CPSET_PLANES || !(p = s->plane[cp >> 16]))
		return 0;
	return p[(cp & 0xffff) >> 3] >> (cp & 7) & 1;
}

void
cpset_clear(CpSet *s)
{
	size_t i;

	for (i = 0; i < CPSET_PLANES; i++) {
		free(s->plane[i]);
		s->plane[i] = NULL;
	}
}
