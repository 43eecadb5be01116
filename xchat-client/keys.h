/* keys.h: which keysyms a key press is matched on against the binding
 * tables of config.h. With Ctrl or Alt held, a shortcut names a key, not
 * a character: Caps Lock turns the looked-up u into U, and a Russian or
 * Greek layout gives Cyrillic_ghe or Greek_upsilon where Ctrl+U is
 * meant. So, as GTK and Qt do, the key is matched on the looked-up
 * keysym first, then on the first Latin keysym the key has at level 1
 * in its groups (group 1 first), and when no group is Latin, on what the
 * key is on a US keyboard, by its XKB name (AD07 is U wherever the
 * keycodes come from). No X calls: main.c passes what Xlib said. */
#ifndef KEYS_H
#define KEYS_H

#include <X11/X.h>

#define KEYS_MAX 3		/* keysyms keys_candidates gives at most */

/* sym: the keysym looked up for the press (Xutf8LookupString);
 * level1[0..ngroups): the key's level-1 keysym in each group;
 * name: its XKB key name ("AD07"), or NULL; state: the event's
 * modifiers. Fills out[] with the keysyms to try, in order; returns how
 * many (0 when there is nothing to match). */
int keys_candidates(KeySym sym, const KeySym *level1, int ngroups,
                    const char *name, unsigned state,
                    KeySym out[KEYS_MAX]);
/* What a key is on a US keyboard by its XKB name (level 1), else
 * NoSymbol. */
KeySym keys_us(const char *name);

#endif
