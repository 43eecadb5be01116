/* reason.h: why someone left, or why we were disconnected, in chat-room
 * words. Servers send their own stock reasons in QUIT (RFC 2812 3.1.7)
 * and ERROR ("Client Quit", "Ping timeout: 120 seconds", "Read error:
 * Connection reset by peer", "SendQ exceeded", "*.net *.split"); a user's
 * own reason comes as "Quit: text" on most servers and is kept. No X. */
#ifndef REASON_H
#define REASON_H

#include <stddef.h>

/* What follows "carol" for a QUIT or PART reason: "left", "left (bye)",
 * "lost the connection", "was disconnected for flooding", ... */
void reason_left(const char *why, char *out, size_t n);
/* What follows "Disconnected: " for the reason a server closed our own
 * link with (ERROR, or the socket's words): "server shutting down",
 * "connection lost". Never empty. */
void reason_down(const char *why, char *out, size_t n);
/* The login form's sentence for a refusal before the welcome (ERROR's
 * reason, "Server full", "Too many connections from your address", a
 * ban): what happened in chat-room words, then what to do. Never empty. */
void reason_refused(const char *why, char *out, size_t n);

#endif
