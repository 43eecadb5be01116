# vg-client.sh: the client part of valgrind.sh (sourced by it): a short
# session of xchat-client under memcheck in its own Xvfb, against a plain
# forkd-server, with a raw-socket peer (bash's /dev/tcp) on the other end.
# It logs in from the command line, receives a public and a private line
# (Chinese included, so fontconfig's fallback runs), sends one through the
# keyboard (xdotool), and leaves with /quit, so that the leak check runs
# at a normal exit. Waits poll a condition with a deadline (until_).

until_() {	# until_ SECONDS CMD...
	_end=$(($(date +%s) + $1))
	shift
	while ! "$@" 2>/dev/null; do
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.1
	done
}
heard() { grep -qF -- "$1" "$TMP/peer.log"; }
alive() { kill -0 "$1" 2>/dev/null; }
gone() { ! alive "$1"; }

vg_xvfb() {
	Xvfb -displayfd 5 -screen 0 1024x768x24 -nolisten tcp -noreset \
	    5>"$TMP/display" 2>"$TMP/xvfb.log" &
	PIDS="$PIDS $!"
	until_ 30 test -s "$TMP/display" || return 1
	DISPLAY=:$(cat "$TMP/display")
	export DISPLAY
}

vg_forkd() {	# sets PORT
	# (no PING: the peer does not answer, and the session is slow)
	"$B/forkd-server" -b 127.0.0.1 -p 0 --ping-interval 3600 \
	    --ping-timeout 7200 2>"$TMP/forkd.log" &
	PIDS="$PIDS $!"
	until_ 30 grep -q 'listening on' "$TMP/forkd.log" || return 1
	PORT=$(sed -n 's/.*listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' \
	    "$TMP/forkd.log" | head -1)
}

vg_peer() {	# sets PEER (its fd)
	exec {PEER}<>"/dev/tcp/127.0.0.1/$PORT" || return 1
	cat <&"$PEER" >"$TMP/peer.log" &
	PIDS="$PIDS $!"
	printf 'NICK vgbob\r\nUSER vgbob 0 * :vgbob\r\n' >&"$PEER"
	until_ 30 heard " 366 "
}

# The session itself; the client's pid is CPID.
vg_chat() {
	until_ 180 heard ":vgalice!" || { echo "the client did not join"; return 1; }
	printf 'PRIVMSG #lobby :hello valgrind \344\275\240\345\245\275\r\n' >&"$PEER"
	printf 'PRIVMSG vgalice :a private hello\r\n' >&"$PEER"
	_win() { WID=$(xdotool search --onlyvisible --pid "$CPID" | head -1); [ -n "$WID" ]; }
	until_ 120 _win || { echo "no client window"; return 1; }
	xdotool windowfocus --sync "$WID"
	xdotool type --delay 50 -- "hi from memcheck"
	xdotool key Return
	until_ 120 heard "PRIVMSG #lobby :hi from memcheck" || { echo "the line did not arrive"; return 1; }
	xdotool type --delay 50 -- "/quit see you"
	xdotool key Return
	until_ 120 heard "QUIT :Quit: see you" || { echo "no QUIT"; return 1; }
	until_ 180 gone "$CPID" || { echo "the client did not exit"; return 1; }
}

client_session() {
	CLIENT=$B/xchat-client/xchat-client
	if [ ! -x "$CLIENT" ]; then
		echo "# $CLIENT is not built: no client session"
		return
	fi
	for c in Xvfb xdotool; do
		command -v $c >/dev/null || { nok "client session: no $c"; return; }
	done
	vg_xvfb || { nok "client session: Xvfb did not start"; return; }
	vg_forkd || { nok "client session: forkd-server did not start"; return; }
	vg_peer || { nok "client session: the peer could not log in"; return; }
	mkdir -p "$TMP/client"
	LC_ALL=C.UTF-8 $VG --log-file="$TMP/client/%p.log" "$CLIENT" \
	    -g 800x560 -s 127.0.0.1 -p "$PORT" -n vgalice \
	    >"$TMP/client.out" 2>&1 &
	CPID=$!
	PIDS="$PIDS $CPID"
	vg_chat
	rc=$?
	if alive "$CPID"; then
		kill "$CPID"
		rc=1
	fi
	wait "$CPID"
	crc=$?
	[ $rc -eq 0 ] && rc=$crc
	[ $rc -ne 0 ] && show "$TMP/client.out"
	memcheck "$TMP/client"
	verdict "client session (login, public, private and Chinese lines, /quit)" $rc
}
