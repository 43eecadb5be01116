/* session.h: one client's process. Everything a command handler needs:
 * the client's identity, its output queue, and the reply helpers. */
#ifndef SESSION_H
#define SESSION_H

#include <stdint.h>

#include "config.h"
#include "irc.h"
#include "linebuf.h"
#include "nick.h"
#include "sendq.h"

/* A NAMES list being built or waiting to be sent (cmd-room.c). */
typedef struct {
	char *buf;
	size_t len, cap;
} Names;

/* PRIVMSG and NOTICE targets in one command (advertised as MAXTARGETS and
 * TARGMAX), so the most lines one command relays. */
#define MAX_TARGETS 4
#define ROOM_SPANS 8	/* JOIN-to-PART spans a reader may have unread */
#define MAX_HELD MAX_TARGETS

typedef struct {
	int fd;			/* the client's socket */
	int slot;
	uint32_t gen;
	char host[HOST_MAX];
	char nick[NICK_MAX + 1];	/* "*" until NICK */
	char user[USER_MAX + 2];
	char real[REAL_MAX + 1];
	int has_nick, has_user;
	int cap_hold;		/* a CAP seen before registration, no END */
	int quiet;		/* running a NOTICE: num() sends nothing */
	int registered;
	int umode_i;
	int away;
	/* The room as this reader sees the log: room lines within one of
	 * its spans (from our JOIN to our PART, inclusive) are ours. A
	 * reader behind the log may have several spans still to read (a
	 * PART and a JOIN while its lines wait in the log); spans wholly
	 * behind the cursor are dropped. No input is taken while all
	 * ROOM_SPANS are in use. */
	int in_room;
	struct { uint64_t from, until; } span[ROOM_SPANS];
	int nspan;
	uint64_t cursor, join_seq;
	Names names;		/* our NAMES at JOIN time, sent after it */
	/* The command just run put a line for us in the log (our TOPIC,
	 * our NICK, a line to ourselves): it is read back before the next
	 * command, so that it comes before that one's replies. */
	int echo;
	/* Input, read only when the last read is used up (flood control
	 * works by not reading), and the partial line: SESSION_IN bytes
	 * and a Linebuf in the session's scratch mapping (session.c,
	 * trim), which a quiet session gives back to the system. */
	char *in;
	Linebuf *lb;		/* lb->max 0: zeroed by a trim, to init */
	size_t inpos, inlen;
	int worked;		/* input came since the last trim */
	Sendq q;
	long long started, last_in, pinged;	/* ms */
	long long flood_t;	/* ms: the flooder's "virtual clock" */
	unsigned long replies;	/* lines queued for the client, ever */
	/* Since when our outbox has waited for a full ring (0: it does
	 * not), and the ring's tail then: see commit(). */
	long long held_since;
	uint64_t held_tail;
	/* Since when the log has been full for our input (log_full), and
	 * whether its slowest reader is now to be overwritten. */
	long long full_since;
	uint64_t full_tail;
	int full_forced;
	int closing;		/* no more input; flush and leave */
	int hup;		/* the client hung up or the socket failed */
	int quit_logged;
	char reason[160];
} Session;

#define SESSION_IN 4096	/* bytes read from the client at once */

/* Map the scratch a session will use (session.c), for the master to call
 * before it maps anything else: its children inherit the mapping beside
 * the vDSO's, under a page-table page they have anyway, instead of one
 * more below the shared mapping (4 KiB of kernel memory per child). The
 * master never touches it. 0, or -1 (errno) if it cannot. */
int session_prepare(void);
/* Run one client on fd in this process; returns when it is gone. */
void session_run(int slot, uint32_t gen, int fd, const char *host);

/* From a signal handler (SIGTERM, or SIGINT for --one): the session
 * says goodbye and ends at its next turn. Async-signal-safe. */
void session_stop(void);
/* Queue a raw line (printf format, no CRLF). */
void sq(Session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Queue ":server NNN nick <fmt>"; nothing while s->quiet (a NOTICE never
 * draws an automatic reply, numerics included: RFC 2812 3.3.2). */
void num(Session *s, int n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Leave: tell the others (QUIT with reason), tell the client (ERROR). */
void session_quit(Session *s, const char *reason);
/* The nick replies are addressed to: "*" until NICK. */
const char *session_nick(const Session *s);
/* The client's full prefix "nick!~user@host" into buf. */
const char *session_prefix(const Session *s, char *buf, size_t n);
/* Deliver what the log holds for us, up to its head. */
void session_drain(Session *s);
/* Give a line to the relay, for the room (TO_ROOM) or one slot. */
void session_relay(Session *s, int32_t to, uint32_t gen, unsigned flags,
                   const char *line, size_t len);

#endif
