#!/bin/sh
# tests/interop/ii.sh: ii (suckless, Debian's) against forkd-server. ii is
# driven as it is meant to be: lines written to the "in" FIFOs of its
# directory tree, what it shows read from the "out" files.
#
# Quirks met (ii's own design, not the server's): ii keeps no member list,
# so NICK and QUIT lines go to the server's "out", not the room's; 353 and
# 401 are shown there as their bare parameters; "/j nick text" opens a
# private directory, also for an absent nick.
. "$(dirname "$0")/lib.sh"

D=$T/ii/127.0.0.1
ROOM=$D/#lobby
ALLOWED_ERRORS='401 cli nosuchuser '

client_start() {
	ii -s 127.0.0.1 -p "$PPORT" -n cli -i "$T/ii" -f "ii user" \
	    </dev/null >"$T/ii.out" 2>&1 &
	PIDS="$PIDS $!"
	until_true test -p "$D/in" || { echo "# ii did not start"; exit 1; }
}

to() { to_fifo "$1/in" "$2"; }
client_say() { to "$ROOM" "$1"; }
client_msg() { to "$D" "/j $1 $2"; }
client_quit() { to "$D" "/q $1"; }

shows_in_room() {
	test -p "$ROOM/in" &&
	    has "$ROOM/out" "-!- cli(~cli@127.0.0.1) has joined #lobby"
}
shows_names() { hasline "$D/out" "#lobby" "alice bob cli"; }
shows_public() { has "$ROOM/out" "<$1> $2"; }
shows_private() { has "$D/$1/out" "<$1> $2"; }
shows_nosuch() { hasline "$D/out" "$1" "No such nick/channel"; }
shows_join() { has "$ROOM/out" "$1(~peer@127.0.0.1) has joined #lobby"; }
shows_nick() { has "$D/out" "-!- $1 changed nick to $2"; }
shows_quit() { hasline "$D/out" "-!- $1(~peer@127.0.0.1) has quit" "$2"; }

run_scenario ii
finish
