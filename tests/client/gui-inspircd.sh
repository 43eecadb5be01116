#!/bin/bash
# gui-inspircd.sh: the login-and-chat GUI test against a second stock IRC
# server, Debian's InspIRCd (3.x), which does not auto-join either: the
# client sends JOIN itself. Here the client logs in from its command line
# (-s/-p/-n); gui-ngircd.sh goes through the form.
. "$(dirname "$0")/lib.sh"

TABS=560x26+0+2
LOG=560x475+0+40
LIST=110x440+680+40

INSPIRCD=/usr/sbin/inspircd
[ -x "$INSPIRCD" ] ||
	{ echo "inspircd is not installed (make test-deps)"; exit 1; }

# start_inspircd: a throwaway config in $TMP/inspircd, a free loopback
# port; sets PORT. InspIRCd stays up when its only listener fails to bind
# (it warns and runs on), so a port lost to a race is retried here.
# It will not run as root without --runasroot (tests often run as root
# in containers). The connect class lets registration through at once:
# no DNS, no ident, no flood limits; InspIRCd still completes a
# registration only on its 1-second timer, so everything below waits
# with timeouts.
start_inspircd() {
	_d=$TMP/inspircd
	mkdir -p "$_d"
	echo "GUI test" > "$_d/motd"
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		PORT=$((20000 + ($$ * 11 + _i * 1409) % 40000))
		port_free "$PORT" || continue
		cat > "$_d/inspircd.conf" <<EOC
<server name="irc.test" description="xchat-client GUI test" network="test">
<admin name="test" nick="test" email="test@localhost">
<bind address="127.0.0.1" port="$PORT" type="clients">
<connect allow="*" timeout="60" pingfreq="10m" hardsendq="1M"
	softsendq="1M" recvq="64K" threshold="1000000" commandrate="1000000"
	fakelag="no" localmax="100" globalmax="100" maxconnwarn="no"
	resolvehostnames="no" useident="no" limit="100" maxchans="20">
<pid file="$_d/inspircd.pid">
<files motd="$_d/motd">
<dns server="127.0.0.1" timeout="1">
<options prefixquit="Quit: " syntaxhints="no">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default"
	target="$_d/log">
EOC
		: > "$_d/out"
		"$INSPIRCD" --nofork --runasroot --config="$_d/inspircd.conf" \
		    >"$_d/out" 2>&1 &
		INSP_PID=$!
		PIDS="$PIDS $INSP_PID"
		until_ 30 grep -q 'now running' "$_d/out" ||
			{ echo "inspircd did not start"; cat "$_d/out"; exit 1; }
		grep -q 'failed to bind' "$_d/out" || return 0
		kill "$INSP_PID" 2>/dev/null
		wait "$INSP_PID" 2>/dev/null
	done
	echo "inspircd: no free port"
	cat "$_d/out"
	exit 1
}

start_xvfb
start_inspircd
peer bob || { echo "peer bob could not log in to inspircd"; cat "$TMP/bob.log"; exit 1; }

# --- login from the command line: the client JOINs #lobby itself ---
start_client -s 127.0.0.1 -p "$PORT" -n alice
_joined() { grep -q '^:alice![^ ]* JOIN :*#lobby' "$TMP/bob.log"; }
check "inspircd: login with -s/-p/-n, alice JOINs #lobby" until_ 20 _joined
check "inspircd: the chat screen shows the room" \
	until_ 15 title_has "#lobby - alice"
# the user list holds alice and bob: text, not a plain background
_drawn() {
	shot chat0 &&
	[ "$(convert "$TMP/chat0.png" -crop "$LIST" +repage \
	    -format %k info:)" -gt 2 ]
}
check "inspircd: the user list is drawn" until_ 10 _drawn

# --- public messages ---
shot before_send
type_ "hello inspircd"
keys Return
check "inspircd: public message reaches a peer" \
	until_ 10 heard bob "PRIVMSG #lobby :hello inspircd"
check "inspircd: public message is shown in the log" \
	changes sent before_send "$LOG"

say bob "PRIVMSG #lobby :hi alice"
check "inspircd: a peer's public message appears" changes pub sent "$LOG"

# --- a private message opens its own tab ---
say bob "PRIVMSG alice :just for you"
check "inspircd: a private message opens a tab" changes priv pub "$TABS"
check "inspircd: the title counts it" until_ 10 title_has "(1)"

# --- the user list follows joins and quits ---
shot users0
peer carol || nok "peer carol could not log in"
check "inspircd: the user list changes when a peer joins" \
	changes users1 users0 "$LIST"
peer_quit carol
_back() { shot users2 && same users0 users2 "$LIST"; }
check "inspircd: the user list is back when the peer quits" until_ 15 _back

# --- an absent nick: 401, shown in red in the query's tab ---
type_ "/query nobody_here"
keys Return
until_ 10 title_has "nobody_here - alice"
type_ "hello?"
keys Return
_absent() { shot absent && has_colour absent '#C01C28' "$LOG"; }
check "inspircd: a message to an absent nick says so in red in its tab" \
	until_ 10 _absent

# closing the window as a window manager would: QUIT, then exit
"$B/tests/client/wmclose" "$WID"
# (alice's QUIT: carol's is in bob's log already)
_quit() { grep -q '^:alice![^ ]* QUIT' "$TMP/bob.log"; }
check "inspircd: closing the window sends QUIT" until_ 10 _quit
check "inspircd: closing the window ends the client" \
	until_ 10 eval '! client_alive'

finish
