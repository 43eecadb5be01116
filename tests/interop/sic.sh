#!/bin/sh
# tests/interop/sic.sh: sic (suckless, Debian's) against forkd-server. sic
# reads commands on stdin (here a FIFO the script keeps open) and prints
# everything on stdout (here a file) as "WHO : date time >< CMD (params): text"
# or "<nick> text".
#
# Quirk met: sic reads stdin with stdio (fgets) but waits for more with
# select() on the descriptor, so when two lines arrive in one read the
# second stays in stdio's buffer until more input comes. The script writes
# one line and waits for its effect before the next; for the room it uses
# ":m #lobby text" rather than ":s #lobby" (no visible effect to wait for)
# and plain text.
. "$(dirname "$0")/lib.sh"

OUT=$T/sic.out
ALLOWED_ERRORS='401 cli nosuchuser '

client_start() {
	mkfifo "$T/sic.in"
	exec 3<>"$T/sic.in"	# a writer for as long as the script runs
	sic -h 127.0.0.1 -p "$PPORT" -n cli <"$T/sic.in" >"$OUT" 2>&1 &
	PIDS="$PIDS $!"
}

cmd() { printf '%s\n' "$1" >&3; }
client_say() { cmd ":m #lobby $1"; }
client_msg() { cmd ":m $1 $2"; }
client_quit() { cmd ":QUIT :$1"; }

# sic prints only the nick of a prefix, first on its line.
said() {	# said NICK TEXT (a grep -E pattern for the rest)
	[ -f "$OUT" ] && grep -qE "^$1 +: [0-9/]+ [0-9:]+ $2" "$OUT"
}
shows_in_room() { said cli '>< JOIN \(#lobby\): ?$'; }
shows_names() { hasline "$OUT" "#lobby" "alice bob cli"; }
shows_public() { hasline "$OUT" "#lobby" "<$1> $2"; }
shows_private() { has "$OUT" "<$1> $2"; }
shows_nosuch() { hasline "$OUT" "$1" "No such nick/channel"; }
shows_join() { said "$1" '>< JOIN \(#lobby\): ?$'; }
shows_nick() { said "$1" ">< NICK \\(\\): $2\$"; }
shows_quit() { said "$1" ">< QUIT \\(\\): .*$2\$"; }

run_scenario sic
finish
