#!/bin/sh
# run.sh [BUILD_DIR]: what `make run` does. Serves the room on
# 127.0.0.1:$PORT (default 6667) and, when $DISPLAY is set, opens a client
# with its login form filled in (you, that server: press Enter). Closing
# the client (or ^C) stops the server.
set -u
B=${1:-build}
PORT=${PORT:-6667}
# NICK names you; unset, the client picks, by its own rule ($USER, else
# the login name from the password database), never a made-up "guest"
NICK=${NICK:-}
server="$B/forkd-server"
client="$B/xchat-client/xchat-client"

if [ -z "${DISPLAY:-}" ] || [ ! -x "$client" ]; then
	echo "Serving the room on 127.0.0.1:$PORT (no \$DISPLAY, so no client)."
	echo "Connect any IRC client to it, e.g. irssi -c 127.0.0.1 -p $PORT; ^C stops."
	exec "$server" -b 127.0.0.1 -p "$PORT"
fi
dir=$(mktemp -d)
mkfifo "$dir/log"
"$server" -b 127.0.0.1 -p "$PORT" 2>"$dir/log" &
srv=$!
trap 'kill $srv 2>/dev/null; wait $srv 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
exec 3<"$dir/log"
# Wait for the server's own word: it says it listens, or its log ends
# because it exited (its reason is the line before). Not kill -0: that
# succeeds on an exited child the shell has not reaped yet.
up=
while IFS= read -r line <&3; do
	echo "$line" >&2
	case $line in *"listening on"*) up=1; break ;; esac
done
if [ -z "$up" ]; then
	wait $srv
	echo "run.sh: the server did not start (exit status $?; is port $PORT in use? try PORT=6668 make run)" >&2
	exit 1
fi
cat <&3 >&2 &				# keep showing the server's log
# the login form, filled in: the lab starts by typing a name
echo "A second user, from another terminal: $client -p $PORT -n bob" >&2
"$client" -l -s 127.0.0.1 -p "$PORT" ${NICK:+-n "$NICK"}
