#!/bin/bash
# gui-procs.sh: /procs, the tab that shows the server's processes (STATS
# p), under Xvfb against a real forkd-server. It shows a table; it asks
# again every second while it is the tab shown; once another tab is shown
# or the window is unmapped it asks nothing more and the client sleeps (no
# wake-up at all). What the client asks is counted by the server itself:
# a peer, bob, reads alice's row of STATS p, whose IN column is the lines
# alice's process has read from her client. Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"

VIEW=800x470+0+40		# the whole width: the tab hides the user list
TABS=560x26+0+2
RED='#C01C28'

start_xvfb
start_forkd
peer bob || { echo "peer bob could not log in"; exit 1; }
start_client -s 127.0.0.1 -p "$PORT" -n alice
until_ 20 heard bob "alice!" || { echo "alice did not log in"; exit 1; }

# bob's STATS p, answered (the server answers twice a second at most and
# says 263 otherwise: then ask again); sets IN to alice's IN column.
_n() { grep -c "$1" "$TMP/bob.log"; }
_answered() { [ "$(_n ' 219 bob p ')" -gt "$1" ] || [ "$(_n ' 263 bob ')" -gt "$2" ]; }
stats_bob() {
	while :; do
		_a=$(_n ' 219 bob p '); _t=$(_n ' 263 bob ')
		say bob "STATS p"
		until_ 10 _answered "$_a" "$_t" || return 1
		[ "$(_n ' 219 bob p ')" -gt "$_a" ] && break
		sleep 0.2	# 263: wait a little, ask again
	done
	IN=$(grep ' 249 bob p :[0-9].* alice ' "$TMP/bob.log" | tail -1 |
	     sed 's/.* p ://' | awk '{ print $6 }')
}
ctxsw() { awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$CPID/status"; }

stats_bob; in0=$IN
shot room
type_ "/procs"
keys Return
check "/procs opens a tab" changes procs1 room "$TABS"
check "the tab shows a table, over the whole width" \
	changes procs1 room "$VIEW"
_asked() { stats_bob && [ "$IN" -ge $((in0 + 3)) ]; }
check "shown, it asks the server again and again" until_ 20 _asked
check "shown, the table is redrawn as it changes" changes procs2 procs1 "$VIEW"

# Text typed here is not sent anywhere: a red note says where to type.
type_ "hello procs"
keys Return
_note() { shot note && has_colour note "$RED" "$VIEW"; }
check "text typed in the tab: a note in red, nothing sent" until_ 10 _note

# Hidden: no more STATS, and no wake-up. The window is measured by bob's
# answered STATS p, which the server spaces half a second apart.
keys alt+1
_settled() { stats_bob; a=$IN; stats_bob; [ "$IN" = "$a" ]; }
until_ 20 _settled
in1=$IN; cs1=$(ctxsw)
for i in 1 2 3 4 5 6; do stats_bob; done
check "hidden, it asks nothing (IN stays $in1: $IN)" [ "$IN" = "$in1" ]
check "hidden, the client does not wake up (context switches $cs1: $(ctxsw))" \
	[ "$(ctxsw)" = "$cs1" ]
check "nothing typed in the tab reached the room" eval '! heard bob "hello procs"'

# Shown again: it asks again at once.
keys alt+2
_again() { stats_bob && [ "$IN" -gt "$in1" ]; }
check "shown again, it asks again" until_ 20 _again

# The window unmapped (iconified, another desktop): the tab is not seen.
xdotool windowunmap "$WID"
until_ 20 _settled
in2=$IN; cs2=$(ctxsw)
for i in 1 2 3 4 5 6; do stats_bob; done
check "window unmapped, it asks nothing (IN stays $in2: $IN)" [ "$IN" = "$in2" ]
check "window unmapped, no wake-up (context switches $cs2: $(ctxsw))" \
	[ "$(ctxsw)" = "$cs2" ]
xdotool windowmap "$WID"
_again2() { stats_bob && [ "$IN" -gt "$in2" ]; }
check "mapped again, it asks again" until_ 20 _again2

# More processes than rows: the table scrolls as the other tabs do
# (PageDown, PageUp, the wheel; it did not move). Compared: the left edge
# of the rows and of the last line, which says which rows are shown (the
# PID column stays while the other columns change with every answer).
xdotool windowsize "$WID" 800 300
xdotool windowfocus --sync "$WID"
for n in carol dave erin fred gina; do
	peer $n || nok "peer $n could not log in"
done
ROWS=100x75+0+172
_rows() { shot "$1" && same "$1" "$2" "$ROWS"; }
# every peer in the table: the rows stay alike over two answers
_full() { shot top0 && sleep 1.2 && _rows top top0; }
until_ 20 _full
keys Next
check "PageDown scrolls the table" changes down top "$ROWS" 10
keys Prior
check "PageUp scrolls it back" until_ 10 _rows up top
xdotool mousemove --window "$WID" 300 200 click 5
check "the wheel scrolls it down" changes wheel top "$ROWS" 10
xdotool click 4
check "... and up" until_ 10 _rows wheelup top
check "the client is still alive" client_alive

# The summary's lines wrap to the window ("key: . free, ... T stopped" is
# wider than 800 px): nothing is drawn in the right margin, where a line
# cut by the edge ran ("... C closing, T sto"), wide or narrow.
colours() { convert "$TMP/$1.png" -crop "$2" +repage -format %k info:; }
shot wrap800
check "800 px wide: the summary's lines end before the margin" \
	[ "$(colours wrap800 10x150+790+42)" = 1 ]
xdotool windowsize "$WID" 480 300
_narrow() { shot wrap480 && [ "$(identify -format %w "$TMP/wrap480.png")" = 480 ]; }
until_ 10 _narrow
check "480 px wide: the same" [ "$(colours wrap480 10x160+470+42)" = 1 ]

finish
