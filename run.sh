#!/bin/sh
# run.sh [BUILD_DIR]: what `make run` does. Serves the room on
# 127.0.0.1:$PORT (default 6667) and, once the server says it listens,
# opens a client with its login form filled in (you, that server: press
# Enter). Without an X display it serves the room alone, for terminal IRC
# clients, and says so.
#
# Quitting the way a user quits (closing the window, /quit, ^C) stops the
# server and ends with status 0, so make says nothing after it; a real
# failure (the server cannot listen, the client cannot open its window)
# is said and ends non-zero. Nothing started here outlives it: it returns
# once the server's log ends, and the log ends only when the master, the
# janitor and every session have closed it.
set -u
B=${1:-build}
PORT=${PORT:-6667}
# NICK names you; unset, the client picks, by its own rule ($USER, else
# the login name from the password database), never a made-up "guest"
NICK=${NICK:-}
server="$B/forkd-server"
client="$B/xchat-client/xchat-client"

dir=$(mktemp -d)
mkfifo "$dir/log"
srv= shown= cli=
# Stop the client and the server (SIGTERM, as systemd would) and wait for
# the end of the server's log: then each of its processes is gone. A ^C
# meanwhile kills the master: its janitor ends the sessions and removes
# the IPC objects. Once waited for, a pid is forgotten (srv=): the kernel
# may give it to any new process, which a later kill would hit.
stop() {
	trap '[ -n "$srv" ] && kill -KILL $srv 2>/dev/null' INT
	trap '' TERM HUP QUIT
	[ -n "$cli" ] && kill $cli 2>/dev/null && wait $cli 2>/dev/null
	if [ -n "$srv" ]; then
		kill $srv 2>/dev/null
		wait $srv 2>/dev/null
		srv=
	fi
	if [ -n "$shown" ]; then
		wait $shown
	else
		cat <&3 >&2 2>/dev/null
	fi
	rm -rf "$dir"
}
# make (GNU make 4.3) loses a race when its child ends before its own ^C
# handler has run: the main loop reaps the child, the handler then waits
# for it again and says "make: *** wait: No child processes.  Stop." (3 of
# 8 runs of test-runsh on a loaded machine). So under make this script
# ends only once make's handler runs: it sets SIGINT back to its default
# first, which /proc/PPID/status shows (SigCgt loses bit 1). 2 s at most.
after_make() {
	[ "$(cat /proc/$PPID/comm 2>/dev/null)" = make ] || return 0
	i=0
	while [ $i -lt 200 ]; do
		c=$(sed -n 's/^SigCgt:[[:space:]]*//p' /proc/$PPID/status \
		    2>/dev/null) || return 0
		[ -n "$c" ] && [ $((0x$c & 2)) -ne 0 ] || return 0
		sleep 0.01
		i=$((i + 1))
	done
}
# ^C reaches every process in the terminal's group: the server, the
# client, this script, and make, which reports a non-zero status as an
# error ("make: *** [Makefile:70: run] Error 130"). For `make run`, ^C is
# how one quits, not a failure.
trap 'stop; after_make; exit 0' INT
trap 'stop; exit 143' TERM
trap 'stop; exit 129' HUP
trap 'stop; exit 131' QUIT	# ^\: the client, in the background, ignores it

"$server" -b 127.0.0.1 -p "$PORT" 2>"$dir/log" &
srv=$!
exec 3<"$dir/log"
# Wait for the server's own word: it says it listens, or its log ends
# because it exited (its reason is the line before). Not kill -0: that
# succeeds on an exited child the shell has not reaped yet. Nothing is
# announced before.
up=
while IFS= read -r line <&3; do
	echo "$line" >&2
	case $line in *"listening on"*) up=1; break ;; esac
done
if [ -z "$up" ]; then
	wait $srv
	rc=$?
	srv=
	echo "run.sh: the server did not start (exit status $rc; is port" \
	    "$PORT in use? try PORT=6668 make run)" >&2
	stop
	exit 1
fi
cat <&3 >&2 &				# keep showing the server's log
shown=$!

if [ -z "${DISPLAY:-}" ] || [ ! -x "$client" ]; then
	if [ -z "${DISPLAY:-}" ]; then
		why="no X display (\$DISPLAY is not set)"
	else
		why="no client at $client (make client says what it needs)"
	fi
	echo "run.sh: $why, so no window: the room is served on" \
	    "127.0.0.1:$PORT alone." >&2
	echo "Connect a terminal IRC client to it, e.g." \
	    "irssi -c 127.0.0.1 -p $PORT, or nc 127.0.0.1 $PORT; ^C stops" \
	    "the server." >&2
	wait $srv		# until ^C, or the server ends by itself
	rc=$?
	srv=
	stop
	[ $rc -ne 0 ] && echo "run.sh: the server ended (exit status $rc)" >&2
	exit $rc
fi
echo "A second user, from another terminal: $client -p $PORT -n bob" >&2
# the login form, filled in: the lab starts by typing a name. In the
# background, waited for: a trap runs during `wait`, but only after a
# command in the foreground ends, so a SIGTERM to this script alone
# would wait for the user to close the window.
"$client" -l -s 127.0.0.1 -p "$PORT" ${NICK:+-n "$NICK"} 3<&- &
cli=$!
wait $cli
rc=$?
cli=
stop
if [ $rc -ne 0 ]; then
	echo "run.sh: the client ended with exit status $rc (its reason is" \
	    "above); the server is stopped" >&2
	exit $rc
fi
exit 0
