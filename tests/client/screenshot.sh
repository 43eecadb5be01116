#!/bin/bash
# screenshot.sh [OUT]: the README's picture (xchat-client/screenshot.png),
# made again from the current client under Xvfb: alice in the room with
# bob, carol and 李雷, a topic and a little chat with IRC formatting, and
# a private tab from 李雷 with its unread mark. Not part of `make test`:
# run it by hand after a visible change (`make screenshot`).
. "$(dirname "$0")/lib.sh"
OUT=${1:-xchat-client/screenshot.png}
LOG=500x300+0+40
LILEI=$(printf '\346\235\216\351\233\267')		# 李雷

start_xvfb
start_forkd
peer bob || { echo "peer bob could not log in"; exit 1; }
peer carol || exit 1
peer lilei "$LILEI" || exit 1
say bob $'TOPIC #lobby :Lab 3: \x02fork()\x02 and shared memory, due \x0304Friday\x03'
start_client -g 760x420 -s 127.0.0.1 -p "$PORT" -n alice
until_ 20 title_has "#lobby - alice" || { echo "no chat screen"; exit 1; }

k=0
line() {	# line NICK RAW: a peer says something; wait until it shows
	k=$((k + 1))
	shot "s$k"
	say "$1" "$2"
	changes "t$k" "s$k" "$LOG" || { echo "line $k not drawn"; exit 1; }
}
typed() {	# typed TEXT: alice says it
	k=$((k + 1))
	shot "s$k"
	type_ "$1"
	keys Return
	changes "t$k" "s$k" "$LOG" || { echo "line $k not drawn"; exit 1; }
}
line bob 'PRIVMSG #lobby :morning all! alice, did the build pass?'
line lilei "PRIVMSG #lobby :大家好，今天的会议改到下午三点。"
typed "yes, make test is green on both machines"
line carol $'PRIVMSG #lobby :\x01ACTION brings coffee\x01'
line bob $'PRIVMSG #lobby :great, I\'ll tag \x02v0.1\x02 after lunch (\x1freview\x1f the \x0312README\x03 first)'
typed "see you at 3"
say lilei "PRIVMSG alice :能帮我看一下 Makefile 吗？"
until_ 10 title_has "(1)" || { echo "no private tab"; exit 1; }
type_ "@bob "
_settled() { shot a && shot b && same a b 760x420+0+0; }
until_ 10 _settled
# 64 colours hold the anti-aliased text without visible loss
convert "$TMP/b.png" +dither -colors 64 -strip \
    -define png:compression-level=9 "$OUT" || exit 1
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
