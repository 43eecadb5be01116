#!/bin/bash
# gui-xim.sh: Chinese typed through a real input method server, Debian's
# uim-xim with its pinyin engine, under Xvfb: an input method started
# after the client is used; one that dies leaves typing working, and is
# used again when it comes back; the preedit sits at the caret
# (over-the-spot). What was committed is checked as UTF-8 bytes on the
# wire. Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"

ZHONG=$(printf '\347\247\215')	# 种: py's first candidate for "zhong"

# uim-xim accepts no client unless it runs under a full UTF-8 locale
# (under C.UTF-8 it refuses every connection): make one if it is missing
# (as root, as `make test` runs in CI).
if ! locale -a 2>/dev/null | grep -qix 'en_US.utf8'; then
	localedef -i en_US -f UTF-8 en_US.UTF-8 2>"$TMP/localedef.log" ||
		{ echo "cannot make the en_US.UTF-8 locale"; cat "$TMP/localedef.log"; exit 1; }
fi
mkdir -p "$TMP/home"		# uim keeps its settings in $HOME

start_xvfb
start_forkd
peer bob || { echo "peer bob could not log in"; exit 1; }

start_uim() {
	HOME="$TMP/home" LC_ALL=en_US.UTF-8 uim-xim --engine=py \
	    >"$TMP/uim.log" 2>&1 &
	UIMPID=$!
	PIDS="$PIDS $UIMPID"
}
# how many times the client said the input method came (xim.c)
here() { grep -c "input method @im=uim is here" "$TMP/client.log"; }
gone() { grep -c "input method @im=uim went away" "$TMP/client.log"; }
nokey() { xdotool key --delay 40 "$@"; }
# Shift+Space turns pinyin on, "zhong" Space picks the first candidate,
# Return commits it, Shift+Space turns pinyin off, Return sends the line.
compose() {
	nokey shift+space
	xdotool type --delay 40 zhong
	nokey space Return shift+space Return
}
said() { grep -c "PRIVMSG #lobby :$1"$'\r'"\$" "$TMP/bob.log"; }
saidn() { [ "$(said "$1")" -ge "$2" ]; }

# --- the method starts after the client (a login race) ---
XMODIFIERS=@im=uim start_client -s 127.0.0.1 -p "$PORT" -n alice
until_ 15 title_has "#lobby - alice" || { echo "client did not log in"; cat "$TMP/client.log"; exit 1; }
type_ "typing before the method"
keys Return
check "no method yet: typing works (Xlib's own method stands in)" \
	until_ 10 saidn "typing before the method" 1
start_uim
check "a method started after the client is taken up" \
	until_ 15 eval '[ "$(here)" -ge 1 ]'
compose
check "pinyin typed through uim reaches the peer as UTF-8 ($ZHONG)" \
	until_ 10 saidn "$ZHONG" 1

# --- over-the-spot: the preedit follows the caret. uim draws it in a
# shaped child of our window; its shape's extents say where.
preedit_x() {	# x of the preedit's shape, when a child of ours shows one
	for c in $(xwininfo -children -id "$WID" | awk '$1 ~ /^0x/ { print $1 }'); do
		xwininfo -shape -id "$c" | awk '/Map State: IsViewable/ { v = 1 }
			/Window shape extents/ { split($NF, p, "+") }
			END { if (v && p[2] != "") print p[2], p[3] }'
	done | head -1
}
start_preedit() { nokey shift+space; xdotool type --delay 40 zhong; }
end_preedit() { nokey Escape shift+space ctrl+u; }
start_preedit
_px() { set -- $(preedit_x); x1=${1:-}; [ -n "$x1" ] && [ "$x1" -lt 100 ] &&
	[ "$2" -ge 520 ] && [ "$2" -le 560 ]; }
check "the preedit is drawn at the caret (over-the-spot)" until_ 10 _px
end_preedit
type_ "a longer line of text first "
start_preedit
_px2() { set -- $(preedit_x); [ -n "${1:-}" ] && [ "$1" -gt $((x1 + 100)) ]; }
check "the preedit moves with the caret (x ${x1:-?} -> further right)" \
	until_ 10 _px2
end_preedit

# --- the method dies: typing goes on; it comes back: it is used ---
kill "$UIMPID"
check "a dead method is noticed" until_ 10 eval '[ "$(gone)" -ge 1 ]'
type_ "typing without the method"
keys Return
check "without the method typing still works" \
	until_ 10 saidn "typing without the method" 1
check "the client lives on" client_alive
start_uim
check "a restarted method is taken up again" \
	until_ 15 eval '[ "$(here)" -ge 2 ]'
compose
check "pinyin through the restarted method reaches the peer" \
	until_ 10 saidn "$ZHONG" 2

# --- the method stopped (SIGSTOP): Xlib would wait for it on every key
# inside XFilterEvent, forever; typing goes on without it, and the
# method is used again once it runs ---
kill -STOP "$UIMPID"
type_ "typing while the method is stopped"
keys Return
check "a stopped method does not stop typing" \
	until_ 15 saidn "typing while the method is stopped" 1
check "... the client says it goes on without it" \
	until_ 5 grep -q "input method @im=uim does not answer" "$TMP/client.log"
kill -CONT "$UIMPID"
compose
check "the method, running again, is used again" \
	until_ 15 saidn "$ZHONG" 3

# --- the usual order: the method first, then the client ---
stop_client
XMODIFIERS=@im=uim start_client -s 127.0.0.1 -p "$PORT" -n carol
until_ 15 title_has "#lobby - carol"
# The title can come before the first frame, after which the method is
# opened: keys typed before that went to Xlib's stand-in (1 run in 10).
# The client says when it opened the method; "is here" would mean it was
# taken up later, not from the start.
until_ 10 grep -q "input method @im=uim is in use" "$TMP/client.log"
compose
_carol() { grep -q "^:carol![^ ]* PRIVMSG #lobby :$ZHONG"$'\r'"\$" "$TMP/bob.log"; }
check "a method already running is used from the start" until_ 10 _carol

finish
