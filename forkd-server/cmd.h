/* cmd.h: the command table. A row holds the name, the handler, the least
 * number of parameters and whether registration is needed; the dispatcher
 * checks those so handlers need not (ngIRCd's parse.c). */
#ifndef CMD_H
#define CMD_H

#include "irc.h"
#include "session.h"

typedef void (*Handler)(Session *s, Msg *m);

void cmd_dispatch(Session *s, Msg *m);

/* Registration: cmd-reg.c */
void cmd_cap(Session *, Msg *);
void cmd_pass(Session *, Msg *);
void cmd_nick(Session *, Msg *);
void cmd_user(Session *, Msg *);
void cmd_ping(Session *, Msg *);
void cmd_pong(Session *, Msg *);
void cmd_quit(Session *, Msg *);
void cmd_motd(Session *, Msg *);
void cmd_lusers(Session *, Msg *);
/* The room: cmd-room.c */
void cmd_join(Session *, Msg *);
void cmd_part(Session *, Msg *);
void cmd_topic(Session *, Msg *);
void cmd_names(Session *, Msg *);
void cmd_list(Session *, Msg *);
void cmd_mode(Session *, Msg *);
void room_join(Session *s);
void room_burst(Session *s);
void room_leave(Session *s);	/* frees what the room holds */
/* Messages: cmd-msg.c */
void cmd_privmsg(Session *, Msg *);
void cmd_notice(Session *, Msg *);
void cmd_away(Session *, Msg *);
/* Questions about users and the server: cmd-query.c */
void cmd_who(Session *, Msg *);
void cmd_whois(Session *, Msg *);
void cmd_userhost(Session *, Msg *);
void cmd_ison(Session *, Msg *);
void cmd_version(Session *, Msg *);
void cmd_time(Session *, Msg *);
/* The process table: cmd-stats.c */
void cmd_stats(Session *, Msg *);

/* Is this the room's name (compared ignoring ASCII case)? */
int is_room(const char *name);
/* A [target] parameter (RFC 2812 3.4: VERSION, TIME, MOTD, LUSERS, LIST,
 * WHOIS, PING): absent, empty, our name or a mask of it, or the nick of a
 * user here all mean this server (returns 1); anything else is a server
 * we do not know: 402 to s, returns 0. */
int server_target(Session *s, const Msg *m, int i);

#endif
