/* cmd.h: what the user typed on the input line, turned into IRC and into
 * lines of the log. Plain C over State, no X. */
#ifndef CMD_H
#define CMD_H

#include "state.h"

enum {
	CMD_OK,		/* done (sent, shown, or a hint shown) */
	CMD_QUIT,	/* /quit: QUIT was sent, the program should end */
	CMD_OFFLINE,	/* not sent: offline; keep the text to send later */
};

/* Run one input line in the current conversation. */
int cmd_run(State *s, const char *input);
/* Say text (never a command) to target: a pasted line. CMD_OFFLINE
 * (nothing said) when not online. */
int cmd_say(State *s, const char *target, const char *text);

#endif
