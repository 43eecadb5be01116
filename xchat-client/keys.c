/* keys.c: the keysyms a key press is matched on (see keys.h). The XKB
 * key names of the alphanumeric block are fixed by xkeyboard-config's
 * keycodes files (AE: the digit row, AD, AC, AB: the three letter rows,
 * counted from the left), whatever the keycodes or the layout. */
#include <X11/X.h>
#include <string.h>

#include "keys.h"

static const struct {
	char row[3];
	const char *keys;	/* level 1 on a US keyboard, from column 01 */
} usrows[] = {
	{ "AE", "1234567890-=" },
	{ "AD", "qwertyuiop[]" },
	{ "AC", "asdfghjkl;'" },
	{ "AB", "zxcvbnm,./" },
};

KeySym
keys_us(const char *name)
{
	size_t i, col;

	if (!name)
		return NoSymbol;
	if (!strcmp(name, "TLDE"))
		return '`';
	if (!strcmp(name, "BKSL"))
		return '\\';
	if (strlen(name) != 4 || name[2] < '0' || name[2] > '9' ||
	    name[3] < '0' || name[3] > '9')
		return NoSymbol;
	col = (size_t)(name[2] - '0') * 10 + (size_t)(name[3] - '0');
	for (i = 0; i < sizeof(usrows) / sizeof(usrows[0]); i++)
		if (!strncmp(name, usrows[i].row, 2) && col >= 1 &&
		    col <= strlen(usrows[i].keys))
			return (KeySym)usrows[i].keys[col - 1];
	return NoSymbol;
}

/* ASCII keysyms are their code points (X11 keysymdef.h, Appendix A).
 * Letters and digits only: the symbols of a French digit row (& at
 * level 1 of AE01) name no shortcut, the key's position does. */
static int
alnum(KeySym k)
{
	return (k >= '0' && k <= '9') || (k >= 'a' && k <= 'z') ||
	       (k >= 'A' && k <= 'Z');
}

static KeySym
lower(KeySym k)
{
	return k >= 'A' && k <= 'Z' ? k + ('a' - 'A') : k;
}

int
keys_candidates(KeySym sym, const KeySym *level1, int ngroups,
                const char *name, unsigned state, KeySym out[KEYS_MAX])
{
	KeySym alt = NoSymbol;
	int i, n = 0;

	if (sym != NoSymbol)
		out[n++] = sym;
	if (!(state & (ControlMask | Mod1Mask)))
		return n;
	for (i = 0; i < ngroups && alt == NoSymbol; i++)
		if (alnum(level1[i]))
			alt = lower(level1[i]);
	if (alt == NoSymbol)
		alt = keys_us(name);
	if (alt != NoSymbol && alt != sym)
		out[n++] = alt;
	if (alnum(sym) && lower(sym) != sym && lower(sym) != alt)
		out[n++] = lower(sym);	/* Caps Lock on a key we could
					 * not look up otherwise */
	return n;
}
