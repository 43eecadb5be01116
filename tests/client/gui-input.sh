#!/bin/bash
# gui-input.sh: what reaches the client from the X server rather than the
# chat server: keys with Caps Lock and other layouts, pastes of many lines
# and of large texts (INCR), X errors that other programs cause, a lost
# display, and the window's name for old window managers.
# Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"

LOG=560x475+0+40
INPUT=560x30+0+525

start_xvfb
start_forkd
peer bob || { echo "peer bob could not log in"; exit 1; }
start_client -s 127.0.0.1 -p "$PORT" -n alice
until_ 15 title_has "#lobby - alice" || { echo "client did not log in"; cat "$TMP/client.log"; exit 1; }

# --- WM_NAME for window managers without _NET_WM_NAME (ICCCM 4.1.2.1):
# STRING when Latin-1 holds the title, else COMPOUND_TEXT; never UTF-8
# bytes labelled as something twm cannot read.
wmname() { xprop -id "$WID" WM_NAME 2>/dev/null; }
check "WM_NAME is a STRING for a Latin title" \
	until_ 10 eval 'wmname | grep -qF "WM_NAME(STRING) = \"#lobby - alice - xchat\""'
zh=$(printf '\344\270\255\346\226\207')		# 中文
type_ "/nick $zh"
keys Return
check "WM_NAME is COMPOUND_TEXT for a Chinese nick, with the right text" \
	until_ 10 eval 'wmname | grep -qF "WM_NAME(COMPOUND_TEXT) = \"#lobby - $zh - xchat\""'
check "WM_ICON_NAME follows" \
	eval 'xprop -id "$WID" WM_ICON_NAME | grep -qF "#lobby - $zh - xchat"'
check "_NET_WM_NAME stays UTF8_STRING" \
	eval 'xprop -id "$WID" _NET_WM_NAME | grep -qF "_NET_WM_NAME(UTF8_STRING) = \"#lobby - $zh - xchat\""'
type_ "/nick alice"
keys Return
until_ 10 title_has "#lobby - alice -"

# --- Ctrl shortcuts name keys, not characters: with Caps Lock on, and
# with a Russian layout (alone: by the key's position; beside a Latin
# group: by that group). Checked on the wire: what each edit left.
said() { grep -q "PRIVMSG #lobby :$1"$'\r'"\$" "$TMP/bob.log"; }
nokey() { xdotool key --delay 30 "$@"; }	# leave Caps Lock alone
notype() { xdotool type --delay 30 -- "$1"; }
nokey Caps_Lock
check "Caps Lock is on" eval 'xset q | grep -q "Caps Lock: *on"'
notype "junk"
nokey ctrl+u
notype "after u"
nokey Return
check "Caps Lock + Ctrl+U clears the line" until_ 10 said "AFTER U"
notype "b"
nokey ctrl+a
notype "a"
nokey Return
check "Caps Lock + Ctrl+A goes to the start" until_ 10 said "AB"
notype "one two"
nokey ctrl+w
notype "three"
nokey Return
check "Caps Lock + Ctrl+W deletes a word" until_ 10 said "ONE THREE"
printf 'from the clipboard' | xclip -selection clipboard -quiet >/dev/null 2>&1 &
PIDS="$PIDS $!"
until_ 10 eval 'xclip -selection clipboard -o 2>/dev/null | grep -q "from the"'
nokey ctrl+v
nokey Return
check "Caps Lock + Ctrl+V pastes" until_ 10 said "from the clipboard"
nokey Caps_Lock
check "Caps Lock is off again" eval 'xset q | grep -q "Caps Lock: *off"'

ru_ctrl() {	# ru_ctrl LAYOUT NAME: Ctrl+U and Ctrl+V under LAYOUT
	type_ "junk"
	setxkbmap -layout "$1"
	nokey ctrl+Cyrillic_ghe		# the U key
	nokey ctrl+Cyrillic_em		# the V key
	setxkbmap -layout us
	type_ " $2"
	keys Return
	check "$1 layout: Ctrl+U clears, Ctrl+V pastes" \
		until_ 10 said "from the clipboard $2"
}
ru_ctrl ru "by position"
ru_ctrl ru,us "by the latin group"

# --- X errors caused by others are survived, and said once per kind.
# The client owns CLIPBOARD; requestors vanish under each kind of answer
# (TARGETS, UTF8_STRING and STRING: ChangeProperty then SendEvent; an
# unknown target: SendEvent alone), three times each.
type_ "text to copy"
keys ctrl+c
_owns() { xclip -selection clipboard -o 2>/dev/null | grep -q "text to copy"; }
until_ 10 _owns
for round in 1 2 3; do
	"$B/tests/client/selvanish" CLIPBOARD TARGETS UTF8_STRING STRING \
	    NO_SUCH_TARGET
done
check "requestor windows that vanish: the client lives" client_alive
check "it still serves the CLIPBOARD" until_ 10 _owns
n=$(grep -c "X error survived" "$TMP/client.log")
check "each kind of error is said once ($n lines for 12 vanished windows)" \
	test "$n" -ge 1 -a "$n" -le 2
keys ctrl+u

# A window larger than the server can back: BadAlloc on the back buffer,
# then errors on every draw into it. Survived; back to a sane size the
# window draws again.
xdotool windowsize "$WID" 40000 100
_alloc() { grep -q "BadAlloc" "$TMP/client.log"; }
check "a 40000x100 resize: BadAlloc is reported" until_ 10 _alloc
check "a 40000x100 resize: the client lives" client_alive
xdotool windowsize "$WID" 800 560
_sane() { shot sane && [ "$(identify -format %wx%h "$TMP/sane.png")" = 800x560 ]; }
until_ 10 _sane
shot after_alloc
say bob "PRIVMSG #lobby :after the huge window"
check "back to 800x560 the window draws new lines" \
	changes after_alloc2 after_alloc "$LOG"

# --- the display goes away: QUIT to the chat server, then exit (this
# ends the test's X server, so it comes last)
set -- $PIDS		# start_xvfb came first
kill "$1"
_quit() { grep -q '^:alice![^ ]* QUIT :.*Lost the X display' "$TMP/bob.log"; }
check "a lost display: QUIT reaches the chat server" until_ 10 _quit
check "a lost display: the client exits" until_ 10 eval '! client_alive'
check "a lost display: said on stderr" grep -q "lost the connection to the X display" "$TMP/client.log"

finish
