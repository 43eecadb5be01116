/* palette.h: the client's colours as "#rrggbb", the user's to change as
 * config.h is (config.h and tests/unit/test-colour.c include it). The
 * nick colours keep colour.h's rule against CLR_DIM (system lines),
 * CLR_ALERT (mentions) and CLR_ERR (errors): a nick's colour never reads
 * as one of those. The test checks this list; main.c drops, with a
 * warning, an entry edited to break the rule. */
#ifndef PALETTE_H
#define PALETTE_H

#define CLR_FG    "#1e1e1e"
#define CLR_DIM   "#7a7a7a"
#define CLR_ERR   "#c01c28"
#define CLR_ALERT "#e66100"

/* Dark enough to read on the log's #fdfdfc, apart from each other. */
static const char *nickcolours[] = {
	"#1a5fb4", "#26a269", "#613583", "#0e7c86", "#865e3c",
	"#b5006a", "#3a6e00", "#8f2d56", "#9141ac", "#2a7b4f",
};

#endif
