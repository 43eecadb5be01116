/* test-state.c: conversations, users and unread marks on every IRC event
 * the client understands, fed as raw server lines; replies are captured
 * from the send callback. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "irc.h"
#include "nick.h"
#include "state.h"
#include "util.h"

/* Registered (the welcome read), or also in the room with bob and carol */
static int
welcomed(void **state)
{
	fixture_setup(state);
	state_connected(s, "me");
	feed(":srv 001 me :Welcome");
	sent[0] = '\0';
	return 0;
}

static int
online(void **state)
{
	welcomed(state);
	feed(":me!u@h JOIN #lobby");
	feed(":srv 353 me = #lobby :me @bob carol");
	feed(":srv 366 me #lobby :End");
	sent[0] = '\0';
	return 0;
}

static void
registers_and_joins_after_welcome(void **state)
{
	(void)state;
	state_connected(s, "me");
	assert_string_equal(sent, "NICK me\r\nUSER me 0 * :me\r\n");
	assert_int_equal(s->status, ST_REGISTERING);
	sent[0] = '\0';
	feed(":srv 001 me2 :Welcome");
	assert_int_equal(s->status, ST_ONLINE);
	assert_string_equal(s->nick, "me2");	/* the server's word */
	assert_string_equal(sent, "JOIN #lobby\r\n");
}

static void
answers_ping(void **state)
{
	(void)state;
	feed("PING :abc");
	assert_string_equal(sent, "PONG :abc\r\n");
}

static void
nick_in_use_at_login_is_an_error_about_the_nick(void **state)
{
	(void)state;
	state_connected(s, "me");
	feed(":srv 433 * me :Nickname is already in use");
	assert_non_null(strstr(s->error, "already in use"));
	assert_int_equal(s->error_nick, 1);
}

static void
erroneous_nick_and_server_full(void **state)
{
	(void)state;
	state_connected(s, "me");
	feed(":srv 432 * b@d :Erroneous nickname");
	assert_non_null(strstr(s->error, "b@d"));
	assert_int_equal(s->error_nick, 1);
	state_disconnected(s, "x");
	state_connected(s, "me");
	feed("ERROR :Server full");
	assert_string_equal(s->error, "The server is full: try again later, "
	                    "or ask its operator to let more people in "
	                    "(forkd-server -m)");
	assert_int_equal(s->error_nick, 0);
}

static void
names_fill_a_sorted_user_list(void **state)
{
	(void)state;
	assert_int_equal(s->nusers, 3);
	assert_string_equal(s->users[0].nick, "bob");
	assert_int_equal(s->users[0].mode, '@');
	assert_string_equal(s->users[1].nick, "carol");
	assert_string_equal(s->users[2].nick, "me");
	/* names longer than NICK_MAX (30, forkd's NICKLEN) are kept whole
	 * up to 63 bytes: two that differ past 30 are two; a longer one is
	 * not listed rather than cut; two marks (multi-prefix) keep the
	 * first (found by fuzz-state) */
	feed(":srv 353 me = #lobby :bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbz "
	     "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbba @+eve "
	     "c123456789012345678901234567890123456789012345678901234567890123");
	assert_int_equal(s->nusers, 3);
	assert_string_equal(s->users[1].nick,
	                    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbz");
	assert_int_equal(s->users[state_user_find(s, "eve")].mode, '@');
	feed(":srv 366 me #lobby :End");
	/* a fresh /names replaces the list */
	feed(":srv 353 me = #lobby :me dave");
	feed(":srv 366 me #lobby :End");
	assert_int_equal(s->nusers, 2);
	assert_string_equal(s->users[0].nick, "dave");
}

/* the list is searched by halves: 2000 JOINs in a shuffled order, a
 * rename and a part, each name then found where the sort put it */
static void
a_big_room_stays_sorted_and_found(void **state)
{
	char line[64], nick[16];
	unsigned i, k;

	(void)state;
	for (i = 0; i < 2000; i++) {
		k = (i * 7919u) % 2000;		/* every k once */
		snprintf(line, sizeof(line), ":%s%u!u@h JOIN #lobby",
		         k % 2 ? "U" : "u", k);
		feed(line);
	}
	feed(":u10!u@h NICK :Zz");
	feed(":U11!u@h PART #lobby");
	assert_int_equal(s->nusers, 3 + 2000 - 1);
	for (i = 1; i < s->nusers; i++)
		assert_true(nick_cmp(s->users[i - 1].nick,
		                     s->users[i].nick) < 0);
	for (k = 0; k < 2000; k++) {
		snprintf(nick, sizeof(nick), "u%u", k);
		assert_int_equal(state_user_find(s, nick) >= 0,
		                 k != 10 && k != 11);
	}
	assert_string_equal(s->users[state_user_find(s, "zz")].nick, "Zz");
	assert_int_equal(state_user_find(s, "Bob"), 0);
}

/* PREFIX (005) says which leading symbols are marks: "@+" until it
 * says; a "~" it does not advertise is part of the name */
static void
marks_are_the_ones_prefix_advertises(void **state)
{
	(void)state;
	feed(":srv 353 me = #lobby :~tilde &amp %pct");
	assert_true(state_user_find(s, "~tilde") >= 0);
	assert_true(state_user_find(s, "&amp") >= 0);
	assert_true(state_user_find(s, "%pct") >= 0);
	feed(":srv 366 me #lobby :End");
	feed(":srv 005 me PREFIX=(qaohv)~&@%+ :are supported");
	feed(":srv 353 me = #lobby :~owner &admin %half +v @op");
	feed(":srv 366 me #lobby :End");
	assert_int_equal(s->nusers, 5);
	assert_int_equal(s->users[state_user_find(s, "owner")].mode, '~');
	assert_int_equal(s->users[state_user_find(s, "admin")].mode, '&');
	assert_int_equal(s->users[state_user_find(s, "half")].mode, '%');
	assert_int_equal(s->users[state_user_find(s, "v")].mode, '+');
}

/* Empty names from a server: nothing is renamed, joined or kicked, our
 * nick stays; "ERROR" alone is said in words, never as a blank line */
static void
empty_names_change_nothing(void **state)
{
	Conv *r = state_room(s);
	size_t n = r->nlines, nc = s->nconvs;

	(void)state;
	feed(":me!u@h NICK :");
	feed(":bob!u@h NICK :");
	feed(":bob!u@h JOIN :");
	feed(":bob!u@h KICK #lobby :");
	feed("JOIN #lobby");
	feed("PART #lobby");
	assert_string_equal(s->nick, "me");
	assert_true(state_user_find(s, "bob") >= 0);
	assert_int_equal(s->nusers, 3);
	assert_int_equal(r->nlines, n);
	assert_int_equal(s->nconvs, nc);
	feed("ERROR");
	assert_int_equal(r->nlines, n);
	state_disconnected(s, "the server closed the connection");
	assert_string_equal(last(r), "Disconnected: the server closed the "
	                    "connection");
}

static void
an_empty_welcome_keeps_our_nick(void **state)
{
	const char *big = "me3456789012345678901234567890_longer";

	(void)state;
	/* a server whose NICKLEN is over 30 names us whole: still us */
	state_connected(s, "me");
	feed(":srv 001 me3456789012345678901234567890_longer :Welcome");
	assert_string_equal(s->nick, big);
	feed(":me3456789012345678901234567890_longer!u@h NICK :me");
	assert_string_equal(s->nick, "me");
	state_connected(s, "me");
	feed("ERROR");
	assert_string_equal(s->error, "The server closed the connection: "
	                    "try again later");
	state_connected(s, "me");
	feed(":srv 001 :");
	assert_string_equal(s->nick, "me");
	assert_string_equal(last(state_room(s)), "Connected as me");
}

/* Two nicks longer than NICK_MAX with the same first 30 bytes are two
 * users and two tabs; a sender over 63 bytes gets no tab of a cut name
 * (its line goes to the room) and is shown cut with a mark */
static void
long_nicks_are_never_merged(void **state)
{
	const char *a = "x23456789012345678901234567890_alice",
	           *b = "x23456789012345678901234567890_bobby";
	char line[256];
	Line *l;

	(void)state;
	snprintf(line, sizeof(line), ":%s!u@h JOIN #lobby", a);
	feed(line);
	snprintf(line, sizeof(line), ":%s!u@h JOIN #lobby", b);
	feed(line);
	assert_int_equal(s->nusers, 5);
	snprintf(line, sizeof(line), ":%s!u@h PRIVMSG me :from a", a);
	feed(line);
	snprintf(line, sizeof(line), ":%s!u@h PRIVMSG me :from b", b);
	feed(line);
	assert_string_equal(last(state_conv(s, a)), "from a");
	assert_string_equal(last(state_conv(s, b)), "from b");
	snprintf(line, sizeof(line), ":%s!u@h NICK :%s", a,
	         "y234567890123456789012345678901234567890123456789012345678"
	         "901234");
	feed(line);
	assert_int_equal(state_user_find(s, a), -1);
	assert_int_equal(s->nusers, 4);		/* 64 bytes: unlisted */
	feed(":z234567890123456789012345678901234567890123456789012345678901"
	     "234567!u@h PRIVMSG me :long");
	l = conv_line(state_room(s), state_room(s)->nlines - 1);
	assert_string_equal(l->text, "(private) long");
	assert_int_equal(strlen(l->nick), NICK_MAX);
	assert_string_equal(l->nick + NICK_MAX - 3, "\xe2\x80\xa6");
}

static void
join_part_quit_nick_update_users(void **state)
{
	(void)state;
	feed(":Alice!u@h JOIN #lobby");
	assert_int_equal(s->nusers, 4);
	assert_string_equal(s->users[0].nick, "Alice");
	assert_string_equal(last(state_room(s)), "Alice joined");
	feed(":bob!u@h PART #lobby :bye");
	assert_int_equal(state_user_find(s, "bob"), -1);
	feed(":carol!u@h QUIT :gone");
	assert_int_equal(state_user_find(s, "carol"), -1);
	assert_string_equal(last(state_room(s)), "carol left (gone)");
	feed(":alice!u@h NICK :zed");
	assert_int_equal(state_user_find(s, "alice"), -1);
	assert_string_equal(s->users[1].nick, "zed");	/* sorted */
	assert_int_equal(s->nusers, 2);
}

static void
kick_removes_the_user(void **state)
{
	(void)state;
	feed(":bob!u@h KICK #lobby carol :behave");
	assert_int_equal(state_user_find(s, "carol"), -1);
	assert_string_equal(last(state_room(s)),
	                    "carol was kicked by bob (behave)");
	feed(":bob!u@h KICK #lobby me");
	assert_int_equal(s->nusers, 0);
	assert_int_equal(conv_line(state_room(s),
	                 state_room(s)->nlines - 1)->kind, LINE_ERROR);
}

static void
nick_in_use_when_online_is_a_line(void **state)
{
	(void)state;
	feed(":srv 433 me bob :Nickname is already in use");
	assert_string_equal(s->error, "");
	assert_non_null(strstr(last(state_room(s)), "bob is already in use"));
}

static void
own_nick_change_is_followed(void **state)
{
	(void)state;
	feed(":me!u@h NICK :newme");
	assert_string_equal(s->nick, "newme");
	assert_true(state_user_find(s, "newme") >= 0);
}

static void
room_message_counts_unread_when_elsewhere(void **state)
{
	(void)state;
	feed(":bob!u@h PRIVMSG #lobby :hello all");
	assert_string_equal(last(state_room(s)), "hello all");
	assert_int_equal(state_room(s)->unread, 0);	/* it is current */
	state_conv_open(s, "carol");
	state_select(s, 1);
	feed(":bob!u@h PRIVMSG #lobby :again");
	assert_int_equal(state_room(s)->unread, 1);
	assert_int_equal(state_room(s)->mention, 0);
	feed(":bob!u@h PRIVMSG #lobby :hey ME, look");
	assert_int_equal(state_room(s)->mention, 1);
	assert_int_equal(state_unread(s), 2);
	state_select(s, 0);
	assert_int_equal(state_unread(s), 0);
}

static void
private_message_opens_its_own_tab(void **state)
{
	Conv *c;

	(void)state;
	feed(":bob!u@h PRIVMSG me :psst");
	c = state_conv(s, "BOB");
	assert_non_null(c);
	assert_int_equal(s->nconvs, 2);
	assert_string_equal(last(c), "psst");
	assert_string_equal(conv_line(c, 0)->nick, "bob");
	assert_int_equal(c->unread, 1);
	assert_int_equal(c->mention, 1);
	assert_int_equal(s->alert, 1);
	feed(":bob!u@h PRIVMSG me :again");
	assert_int_equal(s->nconvs, 2);
	assert_int_equal(c->unread, 2);
}

static void
action_and_ctcp(void **state)
{
	Line *l;

	(void)state;
	feed(":bob!u@h PRIVMSG #lobby :\1ACTION waves\1");
	l = conv_line(state_room(s), state_room(s)->nlines - 1);
	assert_int_equal(l->kind, LINE_ACTION);
	assert_string_equal(l->text, "waves");
	feed(":bob!u@h PRIVMSG me :\1VERSION\1");
	assert_int_equal(s->nconvs, 1);		/* not shown */
}

/* A 401 that answers nothing typed (the typed kind is in test-cmd.c):
 * said in the room, and the nick's tab does not stay. */
static void
no_such_nick_unasked_is_said_in_the_room(void **state)
{
	(void)state;
	state_conv_open(s, "ghost");
	state_select(s, 1);
	feed(":srv 401 me ghost :No such nick/channel");
	assert_string_equal(last(state_room(s)), "ghost is not online");
	assert_int_equal(conv_line(state_room(s), state_room(s)->nlines - 1)
	                 ->kind, LINE_ERROR);
	assert_null(state_conv(s, "ghost"));
	assert_int_equal(s->cur, 0);
}

/* What we did ourselves is told to us in the second person, as HexChat
 * and irssi do: never "me is now known as newme". */
static void
own_events_read_in_the_second_person(void **state)
{
	Conv *r = state_room(s);

	(void)state;
	feed(":me!u@h NICK :newme");
	assert_string_equal(last(r), "You are now known as newme");
	feed(":newme!u@h TOPIC #lobby :ours");
	assert_string_equal(last(r), "You set the topic: ours");
	feed(":bob!u@h TOPIC #lobby :");
	assert_string_equal(last(r), "bob cleared the topic");
	feed(":newme!u@h KICK #lobby carol :behave");
	assert_string_equal(last(r), "You kicked carol (behave)");
	feed(":bob!u@h KICK #lobby newme :out");
	assert_string_equal(last(r), "You were kicked by bob (out)");
	feed(":newme!u@h JOIN #lobby");
	assert_string_equal(last(r), "You joined #lobby");
	feed(":newme!u@h PART #lobby :bye");
	assert_string_equal(last(r), "You left #lobby (bye)");
	/* our own QUIT echoed: nothing in the third person */
	feed(":newme!u@h QUIT :Quit: bye");
	assert_string_equal(last(r), "You left #lobby (bye)");
	for (size_t i = 0; i < r->nlines; i++)
		assert_null(strstr(conv_line(r, i)->text, "newme "));
}

static void
nick_change_renames_private_tab(void **state)
{
	(void)state;
	feed(":bob!u@h PRIVMSG me :hi");
	feed(":bob!u@h NICK robert");
	assert_null(state_conv(s, "bob"));
	assert_non_null(state_conv(s, "robert"));
	/* a new bob, renamed to robert too: one tab per name (fuzz-state) */
	feed(":bob!u@h PRIVMSG me :I am a new bob");
	feed(":bob!u@h NICK robert");
	assert_int_equal(s->nconvs, 3);
	assert_non_null(state_conv(s, "bob"));
	assert_string_equal(last(state_conv(s, "robert")),
	                    "bob is now known as robert");
	/* a change of case only is the same tab */
	feed(":robert!u@h NICK Robert");
	assert_string_equal(state_conv(s, "robert")->name, "Robert");
}

static void
topic_is_kept(void **state)
{
	(void)state;
	feed(":srv 332 me #lobby :Welcome here");
	assert_string_equal(s->topic, "Welcome here");
	feed(":bob!u@h TOPIC #lobby :New one");
	assert_string_equal(s->topic, "New one");
}

static void
log_is_a_bounded_ring(void **state)
{
	char line[64];
	int i;

	(void)state;
	for (i = 0; i < 250; i++) {
		snprintf(line, sizeof(line), ":bob!u@h PRIVMSG #lobby :m%d", i);
		feed(line);
	}
	assert_int_equal(state_room(s)->nlines, 100);
	assert_string_equal(conv_line(state_room(s), 0)->text, "m150");
	assert_string_equal(last(state_room(s)), "m249");
}

static void
disconnect_is_said_in_every_tab(void **state)
{
	(void)state;
	state_conv_open(s, "bob");
	state_disconnected(s, "the server closed the connection");
	assert_int_equal(s->status, ST_OFFLINE);
	assert_int_equal(s->nusers, 0);
	assert_non_null(strstr(last(state_conv(s, "bob")), "closed"));
	assert_non_null(strstr(last(state_room(s)), "Disconnected"));
}

static void
close_keeps_the_room(void **state)
{
	(void)state;
	state_conv_open(s, "bob");
	state_select(s, 1);
	state_conv_close(s, 0);
	assert_int_equal(s->nconvs, 2);
	state_conv_close(s, 1);
	assert_int_equal(s->nconvs, 1);
	assert_int_equal(s->cur, 0);
}

static void
mentions_are_whole_words(void **state)
{
	(void)state;
	assert_true(state_mentions("hi me!", "me"));
	assert_true(state_mentions("ME: hi", "me"));
	assert_false(state_mentions("some men", "me"));
	assert_false(state_mentions("name", "me"));
	assert_true(state_mentions("\xe4\xbd\xa0\xe5\xa5\xbd me", "me"));
}


/* --- the room the server puts us in (issue 10, item 1) --- */

static void
room_follows_the_join_echo(void **state)
{
	(void)state;
	feed(":u2!u@h PRIVMSG #lab :early");	/* before we are in */
	assert_non_null(state_conv(s, "#lab"));
	feed(":me!u@h JOIN #lab");	/* forkd -r '#lab' puts us there */
	assert_string_equal(state_room(s)->name, "#lab");
	assert_int_equal(s->inroom, 1);
	assert_int_equal(s->nconvs, 1);
	feed(":srv 353 me = #lab :me u2");
	feed(":srv 366 me #lab :End");
	assert_int_equal(s->nusers, 2);
	/* the answer to our JOIN #lobby is no error: we are in the room */
	feed(":srv 403 me #lobby :No such channel: this server has one "
	     "room, #lab");
	assert_string_equal(last(state_room(s)),
	                    "There is no room #lobby here: you are in #lab");
	assert_int_equal(conv_line(state_room(s), state_room(s)->nlines - 1)
	                 ->kind, LINE_INFO);
	feed(":u2!u@h PRIVMSG #lab :hello lab");
	assert_int_equal(s->nconvs, 1);		/* not a private tab */
	assert_string_equal(last(state_room(s)), "hello lab");
	/* a reconnection joins the room we are in, not the one asked */
	state_disconnected(s, "gone");
	state_connected(s, "me");
	sent[0] = '\0';
	feed(":srv 001 me :Welcome");
	assert_string_equal(sent, "JOIN #lab\r\n");
}

static void
a_403_that_names_the_room_joins_it(void **state)
{
	(void)state;
	feed(":srv 403 me #lobby :No such channel: this server has one "
	     "room, #lab.");
	assert_string_equal(sent, "JOIN #lab\r\n");
	feed(":me!u@h JOIN :#lab");
	assert_string_equal(state_room(s)->name, "#lab");
	/* one that names none is said in words, and nothing is sent */
	sent[0] = '\0';
	state_disconnected(s, "gone");
	state_connected(s, "me");
	feed(":srv 001 me :Welcome");
	sent[0] = '\0';
	feed(":srv 403 me #lab :No such channel");
	assert_string_equal(sent, "");
	assert_string_equal(last(state_room(s)), "There is no room #lab here");
	/* one that names the very room refused: no JOIN loop */
	state_command(s, state_room(s), 1, "JOIN #lab");
	sent[0] = '\0';
	feed(":srv 403 me #lab :No such channel: this server has one room, "
	     "#lab");
	assert_string_equal(sent, "");
}

static void
a_lines_tab_follows_chantypes(void **state)
{
	(void)state;
	/* until 005 says, '#' and '&' are channels (RFC 2811 2.1) */
	feed(":bob!u@h PRIVMSG &ops :local channel");
	assert_non_null(state_conv(s, "&ops"));
	assert_int_equal(state_conv(s, "&ops")->chan, 1);
	assert_int_equal(state_conv(s, "&ops")->mention, 0);
	/* "@#lobby": to the room's operators, still the room */
	feed(":bob!u@h PRIVMSG @#lobby :ops only");
	assert_string_equal(last(state_room(s)), "ops only");
	/* a server whose channels start with '!' only */
	feed(":srv 005 me CHANTYPES=! PREFIX=(ov)@+ :are supported");
	assert_string_equal(s->chantypes, "!");
	feed(":bob!u@h PRIVMSG !news :bang");
	assert_int_equal(state_conv(s, "!news")->chan, 1);
	/* a name longer than a tab holds (72 bytes) opens none: cut, it
	 * would name another (found by fuzz-state) */
	feed(":me!u@h JOIN #a123456789012345678901234567890123456789012345678"
	     "9012345678901234567890");
	assert_string_equal(state_room(s)->name, "#lobby");
	assert_int_equal(s->nconvs, 3);
	feed(":carol!u@h PRIVMSG #me :not a channel here");
	assert_null(state_conv(s, "#me"));
	assert_string_equal(last(state_conv(s, "carol")),
	                    "not a channel here");
}

/* --- what the server says on its own goes to the room (item 2) --- */

static void
server_lines_never_land_in_a_private_tab(void **state)
{
	Conv *bob;
	size_t n;

	(void)state;
	feed(":bob!u@h PRIVMSG me :hi");
	bob = state_conv(s, "bob");
	state_select(s, 1);
	n = bob->nlines;
	feed(":srv 375 me :- srv Message of the Day -");
	feed(":srv 372 me :- be nice");
	feed(":srv 376 me :End of MOTD command");
	feed(":srv NOTICE me :*** server notice");
	feed(":srv 332 me #lobby :the topic");
	feed(":srv 404 me #lobby :Cannot send to channel");
	feed(":srv 999 me :something new");
	assert_int_equal(bob->nlines, n);
	n = state_room(s)->nlines;
	feed(":srv 042 me 0AB123 :your unique ID");	/* InspIRCd */
	assert_int_equal(state_room(s)->nlines, n);
	n = bob->nlines;
	/* and after a reconnection, while bob's tab is current */
	state_disconnected(s, "gone");
	n = bob->nlines;
	state_connected(s, "me");
	feed(":srv 001 me :Welcome");
	feed(":srv 422 me :MOTD File is missing");
	feed(":srv NOTICE * :*** Looking up your hostname");
	feed(":me!u@h JOIN #lobby");
	feed(":srv 332 me #lobby :the topic");
	feed(":srv 353 me = #lobby :me bob");
	feed(":srv 366 me #lobby :End of /NAMES list.");
	assert_int_equal(bob->nlines, n);
	assert_int_equal(s->cur, 1);
}

/* --- chat-room words (item 4) --- */

static void
server_words_become_chat_room_words(void **state)
{
	Conv *r;
	size_t i;

	(void)state;
	r = state_room(s);
	feed(":srv 375 me :- srv Message of the Day -");
	feed(":srv 372 me :- be nice");
	feed(":srv 376 me :End of MOTD command");
	feed(":srv 422 me :MOTD File is missing");
	assert_string_equal(last(r), "be nice");
	feed(":carol!u@h QUIT :Quit: bye");
	assert_string_equal(last(r), "carol left (bye)");
	feed(":bob!u@h PART #lobby");
	assert_string_equal(last(r), "bob left");
	feed(":dave!u@h JOIN #lobby");
	feed(":dave!u@h QUIT :");
	assert_string_equal(last(r), "dave left");
	/* ERROR is kept for the one "Disconnected" line of the drop */
	feed("ERROR :Closing Link: 127.0.0.1 (Ping timeout)");
	assert_string_equal(last(r), "dave left");
	state_disconnected(s, "the server closed the connection");
	assert_string_equal(last(r), "Disconnected: the server heard nothing "
	                    "from us in time");
	for (i = 0; i < r->nlines; i++) {
		const char *t = conv_line(r, i)->text;

		assert_null(strstr(t, "MOTD"));
		assert_null(strstr(t, "Message of the Day"));
		assert_null(strstr(t, "Quit:"));
		assert_null(strstr(t, "Closing Link"));
	}
	/* the message of the day is not repeated on a reconnection */
	state_connected(s, "me");
	feed(":srv 001 me :Welcome");
	feed(":srv 372 me :- be nice");
	assert_string_not_equal(last(r), "be nice");
}

static void
op_and_voice_marks_survive_a_nick_change(void **state)
{
	(void)state;
	feed(":bob!u@h NICK robert");
	assert_int_equal(s->users[state_user_find(s, "robert")].mode, '@');
	feed(":srv 353 me = #lobby :me @robert +carol");
	feed(":srv 366 me #lobby :End");
	feed(":carol!u@h NICK :caroline");
	assert_int_equal(s->users[state_user_find(s, "caroline")].mode, '+');
	feed(":me!u@h NICK :me2");
	assert_int_equal(s->users[state_user_find(s, "me2")].mode, 0);
}

/* IRCv3 SASL's 900, 901, 903 and 908 are success, the rest errors */
static void
numerics_900_are_not_errors(void **state)
{
	Conv *r = state_room(s);

	(void)state;
	feed(":srv 900 me me!u@h acct :You are now logged in as acct");
	assert_int_equal(conv_line(r, r->nlines - 1)->kind, LINE_INFO);
	feed(":srv 903 me :SASL authentication successful");
	assert_int_equal(conv_line(r, r->nlines - 1)->kind, LINE_INFO);
	feed(":srv 904 me :SASL authentication failed");
	assert_int_equal(conv_line(r, r->nlines - 1)->kind, LINE_ERROR);
	feed(":srv 482 me #lobby :You're not channel operator");
	assert_int_equal(conv_line(r, r->nlines - 1)->kind, LINE_ERROR);
}

/* --- memory: a log grows with what it holds; tabs are bounded --- */

static void
a_log_grows_with_what_it_holds(void **state)
{
	char line[64];
	Conv *c;
	int i;

	(void)state;
	feed(":bob!u@h PRIVMSG me :one line");
	c = state_conv(s, "bob");
	assert_true(c->cap <= 16);		/* not logmax slots */
	for (i = 0; i < 40; i++) {
		snprintf(line, sizeof(line), ":bob!u@h PRIVMSG me :m%d", i);
		feed(line);
	}
	assert_int_equal(c->nlines, 41);
	assert_true(c->cap >= 41 && c->cap <= 64);
	assert_string_equal(conv_line(c, 0)->text, "one line");
	assert_string_equal(last(c), "m39");
	assert_string_equal(conv_line_id(c, 1)->text, "m0");
}

static void
tabs_are_bounded_and_recycled(void **state)
{
	char line[64];
	int i;

	(void)state;
	s->maxconvs = 4;
	for (i = 1; i <= 3; i++) {
		snprintf(line, sizeof(line), ":u%d!u@h PRIVMSG me :hi", i);
		feed(line);
	}
	assert_int_equal(s->nconvs, 4);
	/* every tab unread: the line shows in the room, marked */
	s->alert = 0;
	feed(":u4!u@h PRIVMSG me :full");
	assert_int_equal(s->alert, 1);
	assert_int_equal(s->nconvs, 4);
	assert_null(state_conv(s, "u4"));
	assert_string_equal(last(state_room(s)), "(private) full");
	assert_string_equal(conv_line(state_room(s), state_room(s)->nlines - 1)
	                    ->nick, "u4");
	/* u2's tab was read: it makes room, and the room says so */
	state_select(s, 2);
	state_select(s, 0);
	feed(":u5!u@h PRIVMSG me :new");
	assert_int_equal(s->nconvs, 4);
	assert_null(state_conv(s, "u2"));
	assert_non_null(state_conv(s, "u5"));
	assert_non_null(strstr(last(state_room(s)), "Closed the tab of u2"));
}

/* --- reconnecting: one line that follows the attempts (item 4) --- */

static void
reconnecting_updates_one_line(void **state)
{
	Conv *r = state_room(s), *bob;
	size_t nr, nb;

	(void)state;
	feed(":bob!u@h PRIVMSG me :hi");
	bob = state_conv(s, "bob");
	nr = r->nlines;
	nb = bob->nlines;
	state_disconnected(s, "the server closed the connection");
	assert_int_equal(r->nlines, nr + 1);
	assert_int_equal(bob->nlines, nb + 1);
	state_down_update(s, "attempt 1 failed");
	state_down_update(s, "attempt 2 failed");
	assert_int_equal(r->nlines, nr + 1);
	assert_int_equal(bob->nlines, nb + 1);
	assert_string_equal(last(r), "Disconnected: the server closed the "
	                    "connection. attempt 2 failed");
	assert_string_equal(last(bob), last(r));	/* every tab's line */
	/* the welcome ends the story in the same line */
	state_connected(s, "me");
	feed(":srv 001 me :Welcome");
	assert_non_null(strstr(conv_line(r, nr)->text,
	                       "connection. Reconnected after "));
	assert_non_null(strstr(last(bob), "Reconnected after "));
	assert_int_equal(bob->nlines, nb + 1);
}

/* --- a drop said once, short; an ERROR's reason in words --- */

static void
a_drop_is_one_short_line_in_words(void **state)
{
	Conv *r = state_room(s);
	size_t nr = r->nlines;

	(void)state;
	feed("ERROR :Closing Link: me[127.0.0.1] (Server shutting down)");
	assert_int_equal(r->nlines, nr);	/* not a line of its own */
	state_disconnected(s, "the server closed the connection");
	assert_int_equal(r->nlines, nr + 1);
	assert_string_equal(last(r), "Disconnected: server shutting down");
	/* a drop without ERROR: the socket's words */
	state_connected(s, "me");
	feed(":srv 001 me :Welcome");
	state_disconnected(s, "Connection reset by peer");
	assert_string_equal(last(r), "Disconnected: connection lost");
}

/* --- stock quit reasons in chat-room words, the user's own kept --- */

static void
quit_reasons_in_chat_room_words(void **state)
{
	static const char *const cases[][2] = {
		{ "Client Quit",                       "x left" },
		{ "Quit:",                             "x left" },
		{ "Quit: ",                            "x left" },
		{ "",                                  "x left" },
		{ "Leaving",                           "x left" },
		{ "Client exited",                     "x left" },
		{ "Quit: see you",                     "x left (see you)" },
		{ "Quit: Ping timeout",                "x left (Ping timeout)" },
		{ "Remote host closed the connection", "x lost the connection" },
		{ "Connection closed",                 "x lost the connection" },
		{ "Read error: Connection reset by peer",
		                                       "x lost the connection" },
		{ "Ping timeout: 120 seconds",
		  "x lost the connection (no answer in time)" },
		{ "SendQ exceeded",
		  "x lost the connection (could not keep up)" },
		{ "Excess Flood",             "x was disconnected for flooding" },
		{ "Killed (oper (spam))",        "x was removed by an operator" },
		{ "irc.a.net irc.b.net",
		  "x lost the connection (the servers split)" },
		{ "Server shutting down",
		  "x left: the server is shutting down" },
		{ "gone fishing",                      "x left (gone fishing)" },
	};
	char line[128];
	Conv *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		feed(":x!u@h JOIN #lobby");
		feed(":x!u@h PRIVMSG me :hi");
		snprintf(line, sizeof(line), ":x!u@h QUIT :%s", cases[i][0]);
		feed(line);
		assert_string_equal(last(state_room(s)), cases[i][1]);
		assert_non_null(c = state_conv(s, "x"));
		assert_string_equal(last(c), cases[i][1]);
		state_conv_close(s, (size_t)state_conv_index(s, c));
	}
	feed(":bob!u@h PART #lobby :Leaving");
	assert_string_equal(last(state_room(s)), "bob left");
	for (i = 0; i < state_room(s)->nlines; i++)
		assert_null(strstr(conv_line(state_room(s), i)->text, "Quit"));
}

/* --- a reconnection forgets the old server's room (the topic bar kept
 * "Welcome to the lab" on a restarted server that has none) --- */

static void
a_reconnection_forgets_the_old_room(void **state)
{
	(void)state;
	feed(":srv 005 me CHANTYPES=# PREFIX=(qov)~@+ :are supported");
	feed(":srv 332 me #lobby :Welcome to the lab");
	assert_string_equal(s->topic, "Welcome to the lab");
	state_disconnected(s, "the server closed the connection");
	state_connected(s, "me");
	/* all of it is this server's to say again */
	assert_string_equal(s->topic, "");
	assert_int_equal(s->nusers, 0);
	assert_string_equal(s->chantypes, "#&");
	assert_string_equal(s->prefixes, "@+");
	assert_int_equal(s->npending, 0);
	feed(":srv 001 me :Welcome");
	feed(":me!u@h JOIN #lobby");
	feed(":srv 353 me = #lobby :me dave");
	feed(":srv 366 me #lobby :End");
	assert_string_equal(s->topic, "");
	assert_int_equal(s->nusers, 2);
	assert_int_equal(state_user_find(s, "bob"), -1);
	/* our own JOIN echo starts the room afresh even on one connection
	 * (a rejoin after a KICK): no 331 comes when it has no topic */
	feed(":srv 332 me #lobby :old");
	feed(":me!u@h JOIN #lobby");
	feed(":srv 366 me #lobby :End");
	assert_string_equal(s->topic, "");
	/* out of the room (PART, KICK): its topic is not shown */
	feed(":srv 332 me #lobby :old");
	feed(":me!u@h PART #lobby");
	assert_string_equal(s->topic, "");
	feed(":me!u@h JOIN #lobby");
	feed(":srv 332 me #lobby :old");
	feed(":op!u@h KICK #lobby me :out");
	assert_string_equal(s->topic, "");
	assert_int_equal(s->nusers, 0);
}

/* An ERROR before the welcome is said on the login form in words. */
static void
closing_link_at_login_is_said_in_words(void **state)
{
	(void)state;
	state_connected(s, "me");
	feed("ERROR :Closing Link: me[127.0.0.1] (Server full)");
	assert_non_null(strstr(s->error, "The server is full: try again"));
	feed("ERROR :Closing Link: me[127.0.0.1]");
	assert_string_equal(s->error, "The server closed the connection: "
	                    "try again later");
}

/* Every refusal the login form can show says what happened and what to
 * do: forkd's (master.c, session.c) and the stock servers' words. */
static void
each_refusal_at_login_says_what_to_do(void **state)
{
	static const struct { const char *line, *says; } t[] = {
		{ "ERROR :Server full", "The server is full: try again later" },
		{ "ERROR :Closing Link: 127.0.0.1 (Too many connections from "
		  "your address)", "Too many connections from your address: "
		  "close one, or ask" },
		{ "ERROR :Server busy, try again later",
		  "The server is busy: try again in a moment" },
		{ "ERROR :Closing Link: 127.0.0.1 (Registration timed out)",
		  "The server gave up waiting for the login: connect again" },
		{ "ERROR :Closing Link: 127.0.0.1 (Server shutting down)",
		  "The server is shutting down: try again later" },
		{ "ERROR :Closing Link: 127.0.0.1 (Server failure: its master "
		  "process is gone)", "The server failed: try again later" },
		{ "ERROR :Server error: out of memory",
		  "The server ran out of memory: try again later" },
		{ "ERROR :Closing Link: x (K-Lined)",
		  "You are banned from this server: ask its operator why" },
		{ "ERROR :Closing Link: x (Your host is trying to (re)connect "
		  "too fast -- throttled)", "You connected too often: wait" },
		{ ":srv 465 * :You are banned from this server",
		  "You are banned from this server: ask its operator why" },
		{ ":srv 464 * :Password incorrect",
		  "The server wants a password" },
		{ "ERROR :Closing Link: x (Something new)", "The server closed "
		  "the connection (Something new): try again later" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < LEN(t); i++) {
		state_connected(s, "me");
		feed(t[i].line);
		if (strncmp(s->error, t[i].says, strlen(t[i].says)))
			fail_msg("%s: \"%s\"", t[i].line, s->error);
		assert_int_equal(s->error_nick, 0);
	}
}

#define T(f) cmocka_unit_test_setup_teardown(f, online, fixture_teardown)
#define W(f) cmocka_unit_test_setup_teardown(f, welcomed, \
                                         fixture_teardown)
#define U(f) cmocka_unit_test_setup_teardown(f, fixture_setup, \
                                         fixture_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		U(registers_and_joins_after_welcome),
		U(answers_ping),
		U(nick_in_use_at_login_is_an_error_about_the_nick),
		U(erroneous_nick_and_server_full),
		T(names_fill_a_sorted_user_list),
		T(a_big_room_stays_sorted_and_found),
		T(marks_are_the_ones_prefix_advertises),
		T(empty_names_change_nothing),
		U(an_empty_welcome_keeps_our_nick),
		T(long_nicks_are_never_merged),
		T(join_part_quit_nick_update_users),
		T(kick_removes_the_user),
		T(nick_in_use_when_online_is_a_line),
		T(own_nick_change_is_followed),
		T(own_events_read_in_the_second_person),
		T(room_message_counts_unread_when_elsewhere),
		T(private_message_opens_its_own_tab),
		T(action_and_ctcp),
		T(no_such_nick_unasked_is_said_in_the_room),
		T(nick_change_renames_private_tab),
		T(topic_is_kept),
		T(log_is_a_bounded_ring),
		T(disconnect_is_said_in_every_tab),
		T(close_keeps_the_room),
		U(mentions_are_whole_words),
		W(room_follows_the_join_echo),
		W(a_403_that_names_the_room_joins_it),
		T(a_lines_tab_follows_chantypes),
		T(server_lines_never_land_in_a_private_tab),
		T(server_words_become_chat_room_words),
		T(op_and_voice_marks_survive_a_nick_change),
		T(numerics_900_are_not_errors),
		T(a_log_grows_with_what_it_holds),
		T(tabs_are_bounded_and_recycled),
		T(reconnecting_updates_one_line),
		T(a_drop_is_one_short_line_in_words),
		T(quit_reasons_in_chat_room_words),
		T(a_reconnection_forgets_the_old_room),
		U(closing_link_at_login_is_said_in_words),
		U(each_refusal_at_login_says_what_to_do),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
