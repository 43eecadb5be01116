# lib.sh: helpers for the client's GUI tests, sourced by gui-*.sh.
#
# Each test run gets its own Xvfb (Xvfb picks a free display: -displayfd),
# its own server on a free loopback port, raw-socket peers (bash /dev/tcp)
# and the real client; the EXIT trap kills all of them, pass or fail.
# Nothing waits by sleeping a fixed time: `until` polls a condition every
# tenth of a second up to a timeout. Screens are checked with ImageMagick:
# a region of the window must change (or stay) between two screenshots.

set -u
B=${B:-build}
CLIENT=$B/xchat-client/xchat-client
TMP=$(mktemp -d /tmp/xchat-gui.XXXXXX)
PIDS=
pass=0
fail=0
# Fontconfig keeps allocations it never frees (with detect_leaks=1 the
# client reports 288 bytes, all from inside libfontconfig, no frame of
# ours); the sanitizer build would fail on them at exit. Address and UB
# errors still abort the client. Its X-free code is leak-checked by the
# unit tests (state, ircin, entry, cmd, wrap).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export LC_ALL=C.UTF-8

MAINPID=$BASHPID
cleanup() {
	# only the main shell cleans up, never a subshell that inherited the
	# trap (a pipeline's subshell that stops on a `set -u` error, say);
	# `return` is not enough there
	[ "$BASHPID" = "$MAINPID" ] || exit 1
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	[ -n "${KEEP:-}" ] && echo "kept $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() { pass=$((pass + 1)); echo "ok - $*"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }
check() {	# check NAME CMD...: one test result
	name=$1
	shift
	if "$@"; then ok "$name"; else nok "$name"; return 1; fi
}
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}

# until SECONDS CMD...: poll CMD until it succeeds or time runs out.
until_() {
	_end=$(($(date +%s) + $1))
	shift
	while ! "$@" 2>/dev/null; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.1
	done
	return 0
}

start_xvfb() {
	Xvfb -displayfd 5 -screen 0 1024x768x24 -nolisten tcp -noreset \
	    5>"$TMP/display" 2>"$TMP/xvfb.log" &
	PIDS="$PIDS $!"
	until_ 20 test -s "$TMP/display" || { echo "Xvfb did not start"; cat "$TMP/xvfb.log"; exit 1; }
	DISPLAY=:$(cat "$TMP/display")
	export DISPLAY
	# (in one start of about 40 the client could not open the display
	# it was given: wait until a client gets in, or say what Xvfb said)
	until_ 20 xdpyinfo >/dev/null ||
		{ echo "Xvfb on $DISPLAY takes no client"; cat "$TMP/xvfb.log"; exit 1; }
}

start_forkd() {	# start_forkd [ARGS...]: sets PORT
	: > "$TMP/forkd.log"
	"$B/forkd-server" -b 127.0.0.1 -p "${FORKD_PORT:-0}" "$@" \
	    2>"$TMP/forkd.log" &
	FORKD_PID=$!
	PIDS="$PIDS $FORKD_PID"
	until_ 20 grep -q 'listening on' "$TMP/forkd.log" ||
		{ echo "forkd-server did not start"; cat "$TMP/forkd.log"; exit 1; }
	PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$TMP/forkd.log" | head -1)
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_ngircd() {	# sets PORT
	PORT=
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		_p=$((20000 + ($$ * 7 + _i * 1231) % 40000))
		port_free "$_p" && { PORT=$_p; break; }
	done
	cat > "$TMP/ngircd.conf" <<EOC
[Global]
Name = irc.test
Info = xchat-client GUI test
Listen = 127.0.0.1
Ports = $PORT
MotdPhrase = GUI test
[Limits]
MaxNickLength = 30
PingTimeout = 600
PongTimeout = 600
[Options]
PAM = no
Ident = no
DNS = no
[SSL]
EOC
	/usr/sbin/ngircd -n -f "$TMP/ngircd.conf" >"$TMP/ngircd.log" 2>&1 &
	PIDS="$PIDS $!"
	until_ 20 grep -q 'Now listening' "$TMP/ngircd.log" ||
		{ echo "ngircd did not start"; cat "$TMP/ngircd.log"; exit 1; }
}

# Peers: a raw IRC connection per nick through bash's /dev/tcp; what
# the server sends lands in $TMP/NICK.log. JOIN is sent for stock servers;
# forkd has joined us already and ignores it.
peer() {	# peer NAME [NICK]: NAME names the peer here, NICK on IRC
	_nick=${2:-$1}
	eval "exec {_fd}<>/dev/tcp/127.0.0.1/$PORT" || return 1
	eval "PEERFD_$1=$_fd"
	: > "$TMP/$1.log"
	cat <&"$_fd" > "$TMP/$1.log" &
	PIDS="$PIDS $!"
	printf 'NICK %s\r\nUSER %s 0 * :%s\r\n' "$_nick" "$1" "$1" >&"$_fd"
	until_ 20 grep -q " 001 " "$TMP/$1.log" || return 1
	printf 'JOIN #lobby\r\n' >&"$_fd"
	until_ 20 grep -q " 366 " "$TMP/$1.log"
}
say() {	# say NICK LINE: send a raw line
	eval "printf '%s\r\n' \"\$2\" >&\$PEERFD_$1"
}
peer_quit() {
	say "$1" "QUIT :bye"
	eval "exec {PEERFD_$1}>&-"
}
heard() {	# heard NICK TEXT: the peer received a line with TEXT
	grep -qF -- "$2" "$TMP/$1.log"
}

start_client() {	# start_client ARGS...: sets WID
	"$CLIENT" -g 800x560 "$@" 2>"$TMP/client.log" &
	CPID=$!
	PIDS="$PIDS $CPID"
	# (xdotool's own --sync misses windows mapped before it starts)
	# (by _NET_WM_PID: another client's window may be up too)
	_win() { WID=$(xdotool search --onlyvisible --pid "$CPID" | head -1); [ -n "$WID" ]; }
	until_ 20 _win || { echo "no client window"; cat "$TMP/client.log"; exit 1; }
	xdotool windowfocus --sync "$WID"
}
client_alive() { kill -0 "$CPID" 2>/dev/null; }
stop_client() {
	kill "$CPID" 2>/dev/null
	wait "$CPID" 2>/dev/null
}

# seldiag SELECTION: after a failed selection check, say what the display
# holds: every client connected to it, and what the owner answers.
seldiag() {
	echo "# X clients:"
	xlsclients -l 2>&1 | sed 's/^/#   /'
	echo "# TARGETS of $1:"
	timeout 5 xclip -selection "$1" -o -t TARGETS 2>&1 | sed 's/^/#   /'
	echo "# $1:"
	timeout 5 xclip -selection "$1" -o 2>&1 | head -5 | sed 's/^/#   /'
	echo "# client's stderr:"
	sed 's/^/#   /' "$TMP/client.log"
}

keys() { xdotool key --clearmodifiers --delay 30 "$@"; }
type_() { xdotool type --clearmodifiers --delay 30 -- "$1"; }

shot() {	# shot NAME: the client window as $TMP/NAME.png
	# (import asks for a click when the window is gone: bounded)
	timeout 10 import -window "$WID" "$TMP/$1.png" 2>/dev/null
}
# differ A B GEOM: pixels of region GEOM (WxH+X+Y) differ between shots.
differ() {
	convert "$TMP/$1.png" -crop "$3" +repage "$TMP/a.png" &&
	convert "$TMP/$2.png" -crop "$3" +repage "$TMP/b.png" || return 1
	n=$(compare -metric AE "$TMP/a.png" "$TMP/b.png" null: 2>&1)
	[ "${n%%.*}" -gt 0 ] 2>/dev/null
}
same() { ! differ "$@"; }
# changes NAME BASE GEOM [SECS]: take shots as NAME until GEOM differs
# from BASE.
changes() {
	_c() { shot "$1" && differ "$2" "$1" "$3"; }
	until_ "${4:-15}" _c "$1" "$2" "$3"
}
# has_colour NAME HEX GEOM: the region holds pixels of exactly HEX
has_colour() {
	convert "$TMP/$1.png" -crop "$3" +repage -format %c histogram:info:- |
	    grep -qi "$2"
}
title() { xprop -id "$WID" _NET_WM_NAME 2>/dev/null; }
title_has() { title | grep -qF -- "$1"; }

# stock_chat_checks NAME: once alice is in #lobby on a stock server (NAME)
# with the peer bob, the chat itself: public messages both ways, a private
# message's tab, the user list following a join and a quit, a message to
# an absent nick, and closing the window as a window manager would.
stock_chat_checks() {
	shot before_send
	type_ "hello $1"
	keys Return
	check "$1: public message reaches a peer" \
		until_ 10 heard bob "PRIVMSG #lobby :hello $1"
	check "$1: public message is shown in the log" \
		changes sent before_send "$LOG"

	say bob "PRIVMSG #lobby :hi alice"
	check "$1: a peer's public message appears" changes pub sent "$LOG"

	# a private message opens its own tab
	say bob "PRIVMSG alice :just for you"
	check "$1: a private message opens a tab" changes priv pub "$TABS"
	check "$1: the title counts it" until_ 10 title_has "(1)"

	# the user list follows joins and quits
	shot users0
	peer carol || nok "peer carol could not log in"
	check "$1: the user list changes when a peer joins" \
		changes users1 users0 "$LIST"
	peer_quit carol
	_back() { shot users2 && same users0 users2 "$LIST"; }
	check "$1: the user list is back when the peer quits" until_ 15 _back

	# an absent nick from the room: 401 said there, no tab left for it
	shot before_nobody
	type_ "@nobody_there hi"
	keys Return
	_nobody() { shot nobody && has_colour nobody '#C01C28' "$LOG"; }
	check "$1: '@nobody' is said not online in the room, in red" \
		until_ 10 _nobody
	check "$1: ... and leaves no tab" same nobody before_nobody "$TABS"

	# /query of an absent nick: the server is asked (ISON), the answer
	# is said at once in red where /query was typed, and no tab opens
	shot before_absent
	type_ "/query nobody_here"
	keys Return
	_absent() { shot absent && has_colour absent '#C01C28' "$LOG" &&
		differ absent before_absent "$LOG"; }
	check "$1: /query of an absent nick says so at once, in red" \
		until_ 10 _absent
	check "$1: ... and opens no tab" same absent before_absent "$TABS"
	check "$1: ... the room stays in view" title_has "#lobby - alice"

	# closing the window as a window manager would: QUIT, then exit
	# (alice's QUIT: carol's is in bob's log already)
	"$B/tests/client/wmclose" "$WID"
	_quit() { grep -q '^:alice![^ ]* QUIT' "$TMP/bob.log"; }
	check "$1: closing the window sends QUIT" until_ 10 _quit
	check "$1: closing the window ends the client" \
		until_ 10 eval '! client_alive'
}
