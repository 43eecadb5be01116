#!/bin/bash
# gui-ngircd.sh: the login-and-chat GUI test against a stock IRC server
# (Debian's ngircd, which does not auto-join: the client sends JOIN), so
# the client is proven against IRC we did not write.
. "$(dirname "$0")/lib.sh"

TABS=560x26+0+2
LOG=560x475+0+40
LIST=110x440+680+40

command -v /usr/sbin/ngircd >/dev/null ||
	{ echo "ngircd is not installed (make test-deps)"; exit 1; }
start_xvfb
start_ngircd
peer bob || { echo "peer bob could not log in to ngircd"; exit 1; }

start_client
shot form0
keys shift+Tab ctrl+u
type_ "$PORT"
keys Tab ctrl+u
type_ alice
keys Return
check "ngircd: login through the form, alice joins #lobby" \
	until_ 15 heard bob "alice!"
check "ngircd: the chat screen shows the room" until_ 15 title_has "#lobby - alice"
check "ngircd: the user list is drawn" changes chat0 form0 "$LIST"

shot before_send
type_ "hello ngircd"
keys Return
check "ngircd: public message reaches a peer" \
	until_ 10 heard bob "PRIVMSG #lobby :hello ngircd"
check "ngircd: public message is shown in the log" \
	changes sent before_send "$LOG"

say bob "PRIVMSG #lobby :hi alice"
check "ngircd: a peer's public message appears" changes pub sent "$LOG"

say bob "PRIVMSG alice :just for you"
check "ngircd: a private message opens a tab" changes priv pub "$TABS"
check "ngircd: the title counts it" until_ 10 title_has "(1)"

shot users0
peer carol || nok "peer carol could not log in"
check "ngircd: the user list changes when a peer joins" \
	changes users1 users0 "$LIST"
peer_quit carol
_back() { shot users2 && same users0 users2 "$LIST"; }
check "ngircd: the user list is back when the peer quits" until_ 15 _back

type_ "/query nobody_here"
keys Return
until_ 10 title_has "nobody_here - alice"
type_ "hello?"
keys Return
_absent() { shot absent && has_colour absent '#C01C28' "$LOG"; }
check "ngircd: a message to an absent nick says so in red in its tab" \
	until_ 10 _absent

# closing the window as a window manager would: QUIT, then exit
"$B/tests/client/wmclose" "$WID"
_alice_quit() { grep -q "^:alice![^ ]* QUIT" "$TMP/bob.log"; }
check "ngircd: closing the window sends QUIT" until_ 10 _alice_quit
check "ngircd: closing the window ends the client" until_ 10 eval '! client_alive'

finish
