# tests/interop/lib.sh: what every interop script shares. Sourced.
#
# A script starts forkd-server on a free port, a recording proxy in front
# of it for the stock client (so every line the client sends and gets is in
# $T/wire.log as "> line" / "< line"), and raw-socket peers (ircpeer: lines
# they get in $T/NICK.log, lines to send into $T/NICK.in). Every wait polls
# for a condition with a deadline; every process started is killed on exit.
# Results: "ok - what" / "not ok - what", then "N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${B:-build}
SLOW=${TEST_SLOW:-1}
WAIT=$((10 * SLOW))	# seconds for any one condition
T=$(mktemp -d /tmp/interop.XXXXXX)
PIDS=
PASS=0
FAIL=0
export LANG=C.UTF-8 LC_ALL=C.UTF-8

cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	[ -n "${CLEANUP_EXTRA:-}" ] && eval "$CLEANUP_EXTRA"
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	if [ "$FAIL" -gt 0 ] && [ -f "$T/wire.log" ]; then
		echo "# the last of the wire (> client, < server):"
		tail -n 30 "$T/wire.log" | sed 's/^/#   /'
		echo "# the server's log:"
		tail -n 15 "$T/server.log" | sed 's/^/#   /'
	fi
	if [ "${KEEP:-0}" = 1 ] || [ "$FAIL" -gt 0 ]; then
		echo "# logs kept in $T"
	else
		rm -rf "$T"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() {
	PASS=$((PASS + 1))
	echo "ok - $*"
}

notok() {
	FAIL=$((FAIL + 1))
	echo "not ok - $*"
}

# check "what" command...: one result from the command's status.
check() {
	what=$1
	shift
	if "$@"; then ok "$what"; else notok "$what"; fi
}

# until_true CMD...: poll (every 0.1 s) until CMD succeeds; 1 after $WAIT s.
until_true() {
	end=$(($(date +%s) + WAIT))
	while :; do
		"$@" && return 0
		[ "$(date +%s)" -gt "$end" ] && return 1
		sleep 0.1
	done
}

has() {		# has FILE TEXT: the file holds the text (bytes, fixed)
	[ -f "$1" ] && grep -qF -- "$2" "$1"
}

hasnt() {
	! has "$1" "$2"
}

waitfor() {	# waitfor FILE TEXT
	until_true has "$1" "$2"
}

finish() {
	echo "$PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ]
}

start_server() {
	"$B/forkd-server" -b 127.0.0.1 -p 0 "$@" 2>"$T/server.log" &
	PIDS="$PIDS $!"
	until_true grep -q 'listening on 127.0.0.1:' "$T/server.log" || {
		echo "# the server did not start:"; cat "$T/server.log"
		exit 1
	}
	PORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' \
	    "$T/server.log" | head -1)
}

# start_proxy: the client connects to $PPORT; the wire goes to wire.log.
start_proxy() {
	"$B/tests/interop/ircproxy" "$PORT" "$T/proxy.port" "$T/wire.log" &
	PIDS="$PIDS $!"
	until_true test -s "$T/proxy.port" || exit 1
	PPORT=$(cat "$T/proxy.port")
}

# start_peer NICK: a raw-socket user, registered and in the room.
start_peer() {
	mkfifo "$T/$1.in"
	"$B/tests/interop/ircpeer" "$PORT" "$1" "$T/$1.log" "$T/$1.in" &
	PIDS="$PIDS $!"
	eval "PID_$1=$!"
	waitfor "$T/$1.log" " 366 $1 " || {
		echo "# peer $1 did not get into the room"; exit 1
	}
}

# to_fifo FIFO LINE: write a line into a FIFO. Opening a FIFO waits for
# its reader: if that died, give up after $WAIT s instead of hanging.
to_fifo() {
	timeout "$WAIT" sh -c 'printf "%s\n" "$2" > "$1"' sh "$1" "$2" ||
	    echo "# could not write to $1 (its reader is gone?)"
}

say() {		# say NICK LINE: the peer sends a raw line
	to_fifo "$T/$1.in" "$2"
}

# sync NICK FROM: NICK has had everything said to it before now (the room
# keeps one order: a marker FROM says publicly arrives after it).
SYNCS=0
sync_peer() {
	SYNCS=$((SYNCS + 1))
	say "$2" "PRIVMSG #lobby :sync-$SYNCS"
	waitfor "$T/$1.log" "PRIVMSG #lobby :sync-$SYNCS"
}

hasline() {	# hasline FILE A B: one line holds both texts
	[ -f "$1" ] && grep -F -- "$2" "$1" | grep -qF -- "$3"
}

# What the client sent by itself, for the record: all but the messages
# the QUIT and the NAMES the script made it send, and PING/PONG.
show_sent() {
	echo "# $1 sent on connect and join (and later by itself):"
	sed -n 's/^> //p' "$T/wire.log" |
	    grep -vE '^(PRIVMSG|PING|PONG|QUIT|NAMES) ' | sed 's/^/#   /'
}

# Every request a client sends by itself gets the reply it waits for.
ANSWERS='^> CAP LS|^< :forkd CAP \* LS :
^> JOIN :$|^< :forkd 451 \* 
^> USER |^< :forkd 001 cli 
^> MODE cli :?\+i$|^< :cli![^ ]* MODE cli :?\+i$
^> MODE #lobby$|^< :forkd 324 cli #lobby 
^> WHO #lobby$|^< :forkd 315 cli #lobby 
^> MODE #lobby b$|^< :forkd 368 cli #lobby 
^> NAMES #lobby$|^< :forkd 366 cli #lobby 
^> PING |^< :forkd PONG forkd :'
check_answers() {
	while IFS='|' read -r ask reply; do	# no pipe: no subshell
		grep -qE -- "$ask" "$T/wire.log" || continue
		check "$1's '${ask#^> }' is answered ('${reply#^< }')" \
		    grep -qE -- "$reply" "$T/wire.log"
	done <<-EOF
	$ANSWERS
	EOF
}

# The error numerics the server sent the client, but the expected ones
# (a grep -E pattern) and 422: "MOTD File is missing" is how servers
# without a MOTD end registration (ngIRCd does the same); every client
# takes it as the end of the burst and shows it as plain text.
errors_to_client() {
	grep -E '^< :[^ ]+ [45][0-9][0-9] ' "$T/wire.log" |
	    grep -vE "^< :[^ ]+ 422 cli :|${1:-^$}" || true
}

# The scenario every client goes through. The client's script defines:
#   client_start (connect to 127.0.0.1:$PPORT as "cli"), client_say TEXT,
#   client_msg NICK TEXT, client_quit TEXT, and the conditions
#   shows_in_room, shows_names (alice and bob), shows_public FROM TEXT,
#   shows_private FROM TEXT, shows_nosuch NICK, shows_join NICK,
#   shows_nick OLD NEW, shows_quit NICK REASON; optionally client_names
#   (ask for the user list, for a client that shows none on join) and before_quit
#   (checks of its own while still connected); ALLOWED_ERRORS is a
#   grep -E pattern of error numerics it is expected to get.
ZH_OUT='你好，世界！中文消息 🌏 测试'
ZH_IN='来自鲍勃的中文：繁體字、简体字 ✓'
run_scenario() {
	name=$1
	start_server
	start_proxy
	start_peer alice
	start_peer bob
	client_start
	check "$name registers and lands in #lobby" until_true shows_in_room
	check "the peers see $name join" \
	    until_true hasline "$T/alice.log" ":cli!" " JOIN #lobby"
	command -v client_names >/dev/null && client_names
	check "$name shows the user list (alice, bob)" until_true shows_names

	client_say "hello from cli"
	check "$name's public message reaches alice and bob" until_true \
	    eval 'has "$T/alice.log" "PRIVMSG #lobby :hello from cli" &&
	          has "$T/bob.log" "PRIVMSG #lobby :hello from cli"'
	say alice "PRIVMSG #lobby :hi cli, alice here"
	check "$name shows a public message" \
	    until_true shows_public alice "hi cli, alice here"

	client_msg alice "secret for alice"
	check "$name's private message reaches alice" \
	    waitfor "$T/alice.log" "PRIVMSG alice :secret for alice"
	say alice "PRIVMSG cli :secret for cli"
	check "$name shows a private message" \
	    until_true shows_private alice "secret for cli"
	sync_peer bob alice
	check "bob (third user) sees neither private message" \
	    hasnt "$T/bob.log" "secret for"

	client_msg nosuchuser "anyone there?"
	check "the server answers 401 for an absent nick" waitfor \
	    "$T/wire.log" "< :forkd 401 cli nosuchuser :No such nick/channel"
	check "$name shows 'no such nick'" until_true shows_nosuch nosuchuser

	start_peer carol
	check "$name shows a join" until_true shows_join carol
	say alice "NICK alice2"
	check "$name shows a nick change" until_true shows_nick alice alice2
	say carol "QUIT :carol leaves"
	check "$name shows a quit" until_true shows_quit carol "carol leaves"

	client_say "$ZH_OUT"
	check "$name sends Chinese byte-exact" \
	    waitfor "$T/wire.log" "> PRIVMSG #lobby :$ZH_OUT"
	check "alice gets $name's Chinese byte-exact" \
	    waitfor "$T/alice.log" "PRIVMSG #lobby :$ZH_OUT"
	say bob "PRIVMSG #lobby :$ZH_IN"
	check "$name shows Chinese from bob" until_true shows_public bob "$ZH_IN"

	command -v before_quit >/dev/null && before_quit
	client_quit "cli says bye"
	check "the peers see $name quit with its reason" \
	    until_true hasline "$T/bob.log" " QUIT :" "cli says bye"

	show_sent "$name"
	check_answers "$name"
	check "nothing $name sent was answered with 421" \
	    eval '! grep -E "^< :[^ ]+ 421 " "$T/wire.log"'
	errs=$(errors_to_client "${ALLOWED_ERRORS:-^$}")
	[ -n "$errs" ] && echo "$errs" | sed 's/^/#   unexpected: /'
	check "no error numeric $name would show (but 401 asked for)" \
	    test -z "$errs"
	check "the server logged no sanitizer report" \
	    eval '! grep -qE "Sanitizer|runtime error" "$T/server.log"'
}
