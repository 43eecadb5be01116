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

stock_chat_checks inspircd

finish
