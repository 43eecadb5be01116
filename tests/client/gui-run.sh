#!/bin/bash
# gui-run.sh: `make run` (run.sh) with the real client under Xvfb, quit
# the three ways a user quits: ^C in its terminal (SIGINT to the whole
# process group, as the terminal sends it), closing the window, /quit.
# Each ends run.sh with status 0 (^C gave 130, which make reported as
# an error), and leaves nothing running: not the client, not a server
# process (master, janitor, session), checked by process group and by
# the server's command line; nothing is said of a signal or an error. A
# $DISPLAY with no X server fails, said; so does an empty or unset one. test-runsh.sh covers the rest
# with a stand-in client. Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"

RUNSH=${RUNSH:-./run.sh}
start_xvfb
# run.sh in a process group of its own, where ^C reaches it as from a
# terminal (tests/newgroup)
newgroup=$(cd "$(dirname "$0")/.." && pwd)/newgroup
ended() { case $(ps -o stat= -p "$1") in Z*|"") return 0 ;; esac; return 1; }
left() {	# what still runs of group $1 or of a server on port $2
	ps -eo pid=,pgid=,stat=,args= | awk -v g="$1" '$2 == g && $3 !~ /^Z/'
	pgrep -af "forkd-server -b 127.0.0.1 -p $2\$"
}

for how in ^C close /quit; do
	PORT=
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		_p=$((20000 + ($$ * 7 + _i * 1231 + RANDOM) % 40000))
		port_free "$_p" && { PORT=$_p; break; }
	done
	PORT=$PORT NICK=alice "$newgroup" "$RUNSH" "$B" >"$TMP/run.log" 2>&1 &
	g=$!
	_win() { WID=$(xdotool search --onlyvisible --class XChat | head -1)
		[ -n "$WID" ]; }
	if ! until_ 20 _win; then
		nok "$how: no client window"; cat "$TMP/run.log"
		kill -KILL -$g; wait $g; continue
	fi
	xdotool windowfocus --sync "$WID"
	case $how in
	^C) kill -INT -$g ;;
	close) "$B/tests/client/wmclose" "$WID" ;;
	/quit)
		keys Return		# the login form, filled in: log in
		until_ 20 title_has "#lobby" || nok "$how: not in the room"
		type_ "/quit bye"
		keys Return ;;
	esac
	if until_ 20 ended $g; then
		wait $g
		rc=$?
	else
		kill -KILL -$g
		wait $g
		rc="still running 20 s on"
	fi
	check "$how: make run ends with status 0 ($rc)" [ "$rc" = 0 ] ||
		cat "$TMP/run.log"
	check "$how: the server said it stopped" grep -q "stopped" "$TMP/run.log"
	check "$how: no word of a signal or an error" \
		eval '! grep -Eq "Terminated|Killed|Hangup|Interrupt|rror" "$TMP/run.log"'
	lft=$(left $g $PORT)
	check "$how: nothing is left running${lft:+: $lft}" [ -z "$lft" ]
done

# A $DISPLAY with no X server behind it: the client's reason, a non-zero
# status, and nothing left.
PORT=$((20000 + ($$ * 13 + RANDOM) % 40000))
DISPLAY=:4711 PORT=$PORT "$newgroup" "$RUNSH" "$B" >"$TMP/run.log" 2>&1 &
g=$!
until_ 20 ended $g
wait $g
rc=$?
check "no X server: make run fails ($rc)" [ "$rc" -ne 0 ]
check "no X server: the client's reason is said" \
	grep -q "cannot open display" "$TMP/run.log"
lft=$(left $g $PORT)
check "no X server: nothing is left running${lft:+: $lft}" [ -z "$lft" ]

# No X session at all ($DISPLAY empty or unset): said so, not "cannot
# open display ''".
DISPLAY= "$CLIENT" >"$TMP/nodpy.log" 2>&1
check "DISPLAY empty: said in words ($(cat "$TMP/nodpy.log"))" \
	grep -q 'no X display (\$DISPLAY is empty' "$TMP/nodpy.log"
env -u DISPLAY "$CLIENT" >"$TMP/nodpy.log" 2>&1
check "DISPLAY unset: said in words ($(cat "$TMP/nodpy.log"))" \
	grep -q 'no X display (\$DISPLAY is not set' "$TMP/nodpy.log"
finish
