/* paste.h: a paste of several lines (or one too long for the input
 * line), sent as one message per line, paced for the server's flood
 * control, after asking when there are more than a few (as irssi and
 * HexChat do). Plain data, no X, no clock of its own: main.c passes the
 * time and sends what is due through cmd_say(). */
#ifndef PASTE_H
#define PASTE_H

#include <stddef.h>

#include "state.h"

#define PASTE_ASK   3		/* more messages than this: ask first */
#define PASTE_CHUNK 400		/* bytes of text per message (cmd.c) */
/* Pacing: PASTE_BURST messages at once, then one per PASTE_GAP ms.
 * forkd and ngIRCd take a burst of 10 lines, then 2 a second (RFC 1459
 * 8.10's penalty clock); half the burst is left for the user's own
 * typing meanwhile. */
#define PASTE_BURST 5
#define PASTE_GAP   500

typedef struct {
	char *buf;			/* the messages, NUL-terminated */
	size_t *msg;			/* offsets of the messages in buf */
	size_t n, next;			/* messages; the next to send */
	size_t bytes;			/* of text, for the question */
	char target[CONV_NAME_MAX];
	int asking;			/* waiting for Enter or Escape */
	long long clock;		/* ms: when the burst is spent */
} Paste;

/* Whether text pasted into a line holding room more bytes must go
 * through a Paste: it has a line break between two non-empty lines, or
 * does not fit. */
int paste_needed(const char *s, size_t n, size_t room);
/* Take text as messages to target: lines split at CR, LF or CRLF,
 * empty ones dropped, C0 controls other than TAB dropped, long ones cut
 * into PASTE_CHUNK-byte pieces on character boundaries. Replaces a
 * paste in progress. Sets asking when there are more than PASTE_ASK.
 * Returns the number of messages (0: nothing to send). */
size_t paste_start(Paste *p, const char *s, size_t n, const char *target);
/* The message due at now (ms), or NULL: none left, asking, or the pace
 * says wait. paste_sent() then moves on. */
const char *paste_due(Paste *p, long long now);
void paste_sent(Paste *p, long long now);
/* ms until a message is due; -1: none waiting (or asking). */
int paste_waitms(Paste *p, long long now);
/* Drop what is not sent; returns how many messages that was. */
size_t paste_cancel(Paste *p);
int paste_busy(Paste *p);		/* asking or messages left */

#endif
