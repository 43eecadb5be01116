#!/bin/bash
# gui-forkd.sh: the real client under Xvfb against a real forkd-server,
# driven with xdotool, checked on screen (screenshot regions) and on the
# wire (a raw-socket peer's log). Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"

# Regions of the 800x560 window (DejaVu Sans 11 at 96 dpi; every region
# is well inside its widget so a change of font size keeps them valid).
TABS=560x26+0+2
LOG=560x475+0+40
LIST=110x440+680+40
ERRLINE=700x150+0+340		# under the login form
RED='#C01C28'

# --- the command line, no window needed ---
_help() { "$CLIENT" --help | grep -q -- "-V  *print the version" &&
	"$CLIENT" -h | grep -q -- "-l  *show the login form"; }
check "xchat-client -h and --help list the options" _help
check "xchat-client -V prints the version, as forkd-server -V" \
	eval '"$CLIENT" -V | grep -q "^xchat-client [0-9]" && "$B/forkd-server" -V | grep -q "^forkd-server [0-9]"'
_badopt() { "$CLIENT" -x 2>"$TMP/usage"; [ $? -eq 2 ] &&
	grep -q "^usage: xchat-client" "$TMP/usage"; }
check "a wrong option prints the usage and exits 2" _badopt

start_xvfb
start_forkd --no-flood		# the scrolling test sends a burst
peer bob || { echo "peer bob could not log in"; exit 1; }

# --- the login screen ---
start_client
shot form0
check "window title is set (WM_CLASS found it)" title_has "xchat"

# A name that does not resolve (the lookup runs in a child process: the
# window keeps answering meanwhile).
keys shift+Tab shift+Tab ctrl+u
type_ "no-such-host.invalid"
keys Tab ctrl+u
type_ "$PORT"
keys Tab ctrl+u
type_ alice
keys Return
check "unknown host: error shown on the login screen" \
	changes form_dns form0 "$ERRLINE" 30
check "unknown host: the error is in red" has_colour form_dns "$RED" "$ERRLINE"

# A port where nothing listens: the error is on the login screen.
dead=$((PORT + 1))
until_ 5 port_free "$dead" || dead=$((PORT + 2))
keys shift+Tab shift+Tab ctrl+u
type_ 127.0.0.1
keys Tab ctrl+u
type_ "$dead"
keys Tab
keys Return
check "wrong port: a new error on the login screen" \
	changes form1 form_dns "$ERRLINE"
check "wrong port: the error is in red" has_colour form1 "$RED" "$ERRLINE"
check "wrong port: still on the login screen" title_has '"xchat"'

# A nick that is taken: the error changes, the window stays on the form.
# The server is given by name: resolved by the child, maybe ::1 first
# (refused: forkd listens on 127.0.0.1), then 127.0.0.1.
keys shift+Tab shift+Tab ctrl+u
type_ localhost
keys Tab ctrl+u
type_ "$PORT"
keys Tab ctrl+u
type_ bob
keys Return
check "nick in use: a new error on the login screen" \
	changes form2 form1 "$ERRLINE"
check "nick in use: still on the login screen" title_has '"xchat"'
# The error was about the form as it was: a caret move keeps it, an edit
# ends it (a stale "bob is already in use" hid the note on a nick's length)
keys Left
_errkept() { shot form3 && has_colour form3 "$RED" "$ERRLINE"; }
check "nick in use: a caret move keeps the error" until_ 5 _errkept
keys End BackSpace
_errgone() { shot form4 && ! has_colour form4 "$RED" "$ERRLINE"; }
check "nick in use: an edit of the form ends the error" until_ 10 _errgone

# The right nick: logged in, joined, on the chat screen.
keys ctrl+u
type_ alice
keys Return
check "login through the form: the server sees alice join" \
	until_ 15 heard bob "alice!"
check "login: the chat screen shows the room" until_ 15 title_has "#lobby - alice"
check "login: the user list is drawn" changes chat0 form0 "$LIST"
check "login: your own nick is marked in the user list" \
	has_colour chat0 '#C5D8F0' "$LIST"

# --- sending and receiving ---
shot before_send
type_ "hello from alice"
keys Return
check "public message reaches a peer" \
	until_ 10 heard bob "PRIVMSG #lobby :hello from alice"
check "public message is shown in the log" changes sent before_send "$LOG"

say bob "PRIVMSG #lobby :hi alice, bob here"
check "a peer's public message appears in the log" changes pub sent "$LOG"

say bob "PRIVMSG alice :a secret for you"
check "a private message opens a tab" changes priv pub "$TABS"
check "the title counts the unread message" until_ 10 title_has "(1)"
keys alt+2
check "the private tab shows the message" changes privtab priv "$LOG"
check "reading it clears the count" until_ 10 title_has '"bob - alice - xchat"'
type_ "secret reply"
keys Return
check "text in a private tab goes to the peer" \
	until_ 10 heard bob "PRIVMSG bob :secret reply"
keys alt+1

# a private message while the window is not focused: the urgency hint
ROOT=$(xwininfo -root | awk '/Window id/ { print $4 }')
xdotool windowfocus "$ROOT"
say bob "PRIVMSG alice :are you there?"
_urgent() { xprop -id "$WID" WM_HINTS | grep -q "urgency hint bit is set"; }
check "a private message while unfocused sets the urgency hint" \
	until_ 10 _urgent
xdotool windowfocus --sync "$WID"
check "focusing the window clears the urgency hint" until_ 10 eval '! _urgent'

type_ "@bob via the at form"
keys Return
check "@nick is a private message" \
	until_ 10 heard bob "PRIVMSG bob :via the at form"

# --- a message to a nick that is not there: said in the tab typed in,
# and no tab is left behind for it ---
shot before_nobody
type_ "@nobody_here are you there"
keys Return
_nobody() { shot nobody && has_colour nobody "$RED" "$LOG"; }
check "@nobody: 'not online' is said in red where it was typed" \
	until_ 10 _nobody
check "@nobody: no tab is left for a nick that is not there" \
	same nobody before_nobody "$TABS"

# --- /nick: the server agrees, the list and the title follow ---
shot before_nick
type_ "/nick alicia"
keys Return
check "/nick reaches the server" until_ 10 heard bob "NICK"
check "/nick: the title shows the new nick" until_ 10 title_has "#lobby - alicia"
check "/nick: the user list follows" changes after_nick before_nick "$LIST"
type_ "/nick alice"
keys Return
until_ 10 title_has "#lobby - alice -"

# --- clicking a user opens a private tab ---
xdotool mousemove --window "$WID" 690 98 click 1
check "clicking bob in the user list opens his tab" \
	until_ 10 title_has '"bob - alice - xchat"'
keys alt+1
# our own nick (alice, the row above bob's): no tab with ourselves. The
# click, then Alt+2 and Alt+1 in order: once the room is back in view
# the click was handled, and the tabs must be as before it.
until_ 10 title_has '"#lobby - alice - xchat"'
shot before_self
xdotool mousemove --window "$WID" 690 80 click 1
keys alt+2
until_ 10 title_has '"bob - alice - xchat"'
keys alt+1
until_ 10 title_has '"#lobby - alice - xchat"'
_self() { shot self && same self before_self "$TABS"; }
check "clicking our own nick in the user list opens no tab" until_ 5 _self

# --- typing Chinese through the keyboard: XIM and Xutf8LookupString.
# Each character gets its own spare keycode first (X11-NOTES.md: xdotool
# rebinding one scratch keycode per character garbles the text).
spare=$(xmodmap -pke | awk 'NF == 3 && $2 > 150 { print $2 }' | head -2)
k1=${spare%%[!0-9]*}
k2=${spare##*[!0-9]}
if [ -n "$k1" ] && [ "$k1" != "$k2" ]; then
	xmodmap -e "keycode $k1 = U4F60" -e "keycode $k2 = U597D"
	_mapped() { xmodmap -pke | grep -q "^keycode *$k2 = U597D"; }
	until_ 10 _mapped
	shot before_cjk_typing
	# the client refreshes its keymap on MappingNotify: wait for the
	# typed text to show rather than for a fixed time
	xdotool key --clearmodifiers U4F60 U597D
	changes cjk_typed before_cjk_typing 700x30+0+525 || true
	keys Return
	check "typing Chinese on the keyboard reaches the peer" \
		until_ 10 heard bob "PRIVMSG #lobby :$(printf '\344\275\240\345\245\275')"
	xmodmap -e "keycode $k1 =" -e "keycode $k2 ="
else
	nok "typing Chinese: no spare keycodes in this X server"
fi

# --- scrollback: PageUp, the "new messages below" cue, Ctrl+End ---
for i in $(seq 1 60); do
	printf 'PRIVMSG #lobby :scroll filler line %d\r\n' "$i"
done | eval "cat >&$PEERFD_bob"
# wait until the lines are drawn and the log has settled
changes fill0 before_cjk_typing "$LOG"
_settled() { shot fill0 && shot fill1 && same fill0 fill1 "$LOG"; }
until_ 10 _settled
keys Prior
check "PageUp scrolls the log back" changes scrolled fill0 "$LOG"
say bob "PRIVMSG #lobby :while you were reading"
_cue() { shot cue && has_colour cue '#3465A4' "$LOG"; }
check "a message while scrolled up shows the new-messages cue" until_ 10 _cue
keys ctrl+End
_nocue() { shot nocue && ! has_colour nocue '#3465A4' "$LOG"; }
check "Ctrl+End returns to the newest line, the cue goes" until_ 10 _nocue
# PageUp stops with the oldest line at the top of the log, not with it at
# the bottom under a screenful of empty rows (a user took that for a lost
# history): once the view stops moving, its top row has text.
xdotool key --clearmodifiers --delay 20 --repeat 40 Prior
_still() { shot top0 && shot top1 && same top0 top1 "$LOG"; }
until_ 15 _still
colours=$(convert "$TMP/top1.png" -crop 560x24+0+40 +repage -format %k info:)
check "PageUp stops with the oldest line at the top ($colours colours)" \
	test "$colours" -gt 1
keys ctrl+End
check "and Ctrl+End goes back to the newest" until_ 10 _nocue

# --- the user list follows joins and quits ---
shot users0
peer carol || nok "peer carol could not log in"
check "the user list changes when a peer joins" changes users1 users0 "$LIST"
peer_quit carol
_back() { shot users2 && same users0 users2 "$LIST"; }
check "the user list is back when the peer quits" until_ 15 _back

# --- paste from CLIPBOARD, Chinese on the wire and on screen ---
printf '\344\275\240\345\245\275\344\270\226\347\225\214' |
	xclip -selection clipboard -quiet >/dev/null 2>&1 &
PIDS="$PIDS $!"
_owned() { xclip -selection clipboard -o 2>/dev/null | grep -q .; }
until_ 10 _owned
shot before_paste
keys ctrl+v
check "Ctrl+V pastes the CLIPBOARD into the input line" \
	changes pasted before_paste 700x30+0+525
keys Return
check "the pasted Chinese text reaches the peer" \
	until_ 10 heard bob "PRIVMSG #lobby :$(printf '\344\275\240\345\245\275\344\270\226\347\225\214')"
shot before_cjk
say bob "PRIVMSG #lobby :$(printf '\344\270\255\346\226\207\346\265\213\350\257\225') Chinese"
check "a Chinese message is drawn" changes cjk before_cjk "$LOG"

# --- resize: everything is laid out again ---
xdotool windowsize "$WID" 640 420
_sized() { shot resized && [ "$(identify -format %wx%h "$TMP/resized.png")" = 640x420 ] &&
	has_colour resized '#E4E4E0' 60x20+575+395; }
check "resize lays out again (Send button at the new corner)" until_ 15 _sized

# --- select lines in the log with the mouse: PRIMARY; middle click pastes
_primary() { xclip -selection primary -o 2>/dev/null | grep -q "<bob> "; }
xdotool mousemove --window "$WID" 200 80 mousedown 1 \
	mousemove --window "$WID" 200 340 mouseup 1
check "dragging over the log sets PRIMARY to those lines" until_ 10 _primary ||
	seldiag primary
keys ctrl+c
_clip() { xclip -selection clipboard -o 2>/dev/null | grep -q "<bob> "; }
check "Ctrl+C copies the selected lines to the CLIPBOARD" until_ 10 _clip ||
	seldiag clipboard
shot before_mid
xdotool mousemove --window "$WID" 300 390 click 2
# (several lines: a paste of many lines asks first, in the log)
check "middle click pastes PRIMARY (the selected lines: asks first)" \
	changes mid before_mid 480x300+0+40
keys Escape
printf 'one primary line' | xclip -selection primary -quiet >/dev/null 2>&1 &
PIDS="$PIDS $!"
until_ 10 eval 'xclip -selection primary -o 2>/dev/null | grep -q "one primary"'
shot before_mid1
xdotool mousemove --window "$WID" 300 390 click 2
check "middle click pastes a one-line PRIMARY into the input line" \
	changes mid1 before_mid1 600x30+0+385
keys ctrl+u

# --- the server goes away: the client says so, counts down, reconnects
# and joins again; the private tab stays.
kill "$FORKD_PID"
wait "$FORKD_PID" 2>/dev/null
shot before_drop
_drop() { shot drop && has_colour drop "$RED" 560x380+0+40; }
check "a dropped connection is said in red in the log" until_ 10 _drop
# text typed while offline stays in the input line (the log says why)
shot drop
type_ "typed while offline"
keys Return
check "offline: Enter says why in the log" changes offline drop "$LOG"
check "offline: the typed text stays in the input line" \
	differ offline drop 560x30+0+385
# F5 tries at once; the server is still down: the room's one line says so
shot before_f5
keys F5
check "F5 while the server is down: the attempt is said (one line updated)" \
	changes after_f5 before_f5 "$LOG"
check "... and the countdown runs again" has_colour after_f5 "$RED" 340x26+300+2
FORKD_PORT=$PORT start_forkd
peer bob || nok "peer bob could not log in again"
# a click on the countdown reconnects now (it may have grown to 16 s)
xdotool mousemove --window "$WID" 600 12 click 1
check "a click on the countdown: reconnected, the room joined again" \
	until_ 20 heard bob "alice!"
keys Return
check "offline: the kept text is sent once reconnected" \
	until_ 10 heard bob "PRIVMSG #lobby :typed while offline"
# (the window is 640x420 since the resize test)
check "after reconnecting the user list is back" \
	changes rejoined drop 140x300+490+40
# (the countdown, "Reconnecting in 2 s (F5 or click: now)", starts near
# x=350)
_tabs() { shot tabs && same before_drop tabs 300x26+0+2; }
check "the tabs are as before the drop (private tab kept)" until_ 10 _tabs
_nostatus() { shot tabs && ! has_colour tabs "$RED" 340x26+300+2; }
check "the countdown is gone once reconnected" until_ 10 _nostatus

# --- emoji and symbols: drawn (or boxed), never a crash (colour fonts
# are kept out of the fallback) ---
shot before_emoji
say bob "PRIVMSG #lobby :$(printf '\360\237\230\200 \342\234\224 \360\237\215\225') emoji"
check "emoji are drawn and the client lives" changes emoji before_emoji "$LOG"
check "the client is still running after emoji" client_alive

# --- a burst of 5000 lines: absorbed, and the window still answers ---
for i in $(seq 1 5000); do
	printf 'PRIVMSG #lobby :burst %d of a long run of lines\r\n' "$i"
done | eval "cat >&$PEERFD_bob"
shot during_burst
type_ "still here"
check "during a 5000-line burst the input line answers" \
	changes typed during_burst 560x30+0+385 30
keys ctrl+u
check "the client is still running after the burst" client_alive

# --- the scrollbar: a click jumps, a drag follows (window 640x420: the
# bar is the strip left of the user list) ---
until_ 30 _settled
shot bar0
xdotool mousemove --window "$WID" 480 60 mousedown 1
check "clicking the scrollbar jumps into the past" changes bar1 bar0 "$LOG"
xdotool mousemove --window "$WID" 480 250
check "dragging the scrollbar scrolls" changes bar2 bar1 "$LOG"
xdotool mouseup 1
# A drag past the bar's top end stops where PageUp does, with the oldest
# line on the view's top row (it showed rows of nothing above the log,
# and a PageUp then moved the text down to fill them).
xdotool mousemove --window "$WID" 480 250 mousedown 1
xdotool mousemove --window "$WID" 480 120 mousemove --window "$WID" 480 5
xdotool mouseup 1
# top_full: once the log stands still, its top rows hold text (the oldest
# line on the top row): the bug showed 4 to 10 rows of nothing.
top_full() {
	until_ 10 _still
	colours=$(convert "$TMP/top1.png" -crop 470x30+0+40 +repage \
	    -format %k info:)
	[ "$colours" -gt 1 ]
}
check "a drag past the scrollbar's top stops at the oldest line" top_full
# a taller window at the top shows no rows of nothing above the log
xdotool windowsize "$WID" 640 520
_tall() { shot tall && [ "$(identify -format %wx%h "$TMP/tall.png")" = 640x520 ]; }
until_ 10 _tall
check "a taller window at the top: the oldest line stays on the top row" \
	top_full
xdotool windowsize "$WID" 640 420
until_ 10 _sized
keys ctrl+End

# --- the topic in a bar at the top of the room's tab (white, over the
# log's off-white) ---
type_ "/topic lab day"
keys Return
_topic() { shot topic && has_colour topic '#FFFFFF' 400x14+0+32; }
check "the topic shows in a bar at the top of the room" until_ 10 _topic

# --- more tabs than the bar holds: the current one stays in view, a mark
# counts the hidden ones ---
# (/query opens a tab for a nick that is online: twelve peers)
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	peer "nn$i" || nok "peer nn$i could not log in"
done
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	type_ "/query nn$i"
	keys Return
done
# (the room has unread lines: the title starts with their count)
check "many tabs: the newest is current" until_ 10 title_has 'nn12 - alice'
_mark() { shot many && has_colour many '#3465A4' 36x20+0+4; }
check "many tabs: a mark at the left counts the hidden ones" until_ 10 _mark
xdotool mousemove --window "$WID" 10 12 click 1
check "many tabs: clicking the mark shows the hidden tab before" \
	until_ 10 eval '! title_has "nn12 - alice"'
check "many tabs: ... the one just before the first shown" title_has 'bob - alice'
keys alt+1
check "many tabs: the room is back in view" until_ 10 title_has '#lobby - alice'

# --- /quit: QUIT on the wire, the client exits ---
type_ "/quit see you"
keys Return
check "/quit sends QUIT" until_ 10 heard bob "see you"
check "/quit ends the client" until_ 10 eval '! client_alive'

# --- server full: the error is on the login screen ---
start_forkd -m 1
peer dave || nok "peer dave could not log in"
start_client -s 127.0.0.1 -p "$PORT" -n erin
_full() { shot full && has_colour full "$RED" "$ERRLINE"; }
check "server full: error shown on the login screen" until_ 15 _full
check "server full: still on the login screen" title_has '"xchat"'

# --- a server whose room is not the one asked for (forkd -r '#lab', the
# client's default #lobby): the room follows the server, public lines
# stay public. -l shows the form filled in (what make run does). ---
start_forkd -r '#lab'
peer u2 || nok "peer u2 could not log in"
start_client -l -s 127.0.0.1 -p "$PORT" -n u1
shot lab_form
check "-l: the login form is shown, not connected at once" \
	eval 'title_has "\"xchat\"" && ! heard u2 "u1!"'
keys Return
check "-l: Enter logs in with the filled-in name" until_ 15 heard u2 "u1!"
check "room mismatch: the room's tab follows the server's room" \
	until_ 15 title_has "#lab - u1"
shot lab0
say u2 "PRIVMSG #lab :hello from the lab"
check "room mismatch: a public line is shown in the room" \
	changes lab1 lab0 "$LOG"
check "room mismatch: ... and opens no private tab" same lab1 lab0 "$TABS"
type_ "hi lab"
keys Return
check "room mismatch: what is typed in the room reaches it" \
	until_ 10 heard u2 "PRIVMSG #lab :hi lab"
_nored() { shot lab2 && ! has_colour lab2 "$RED" "$LOG"; }
check "room mismatch: no 'No such channel' error in the room" _nored
# SIGTERM (kill; SIGINT, ^C in its terminal, alike): the user leaves as
# with /quit, and the room reads "left", not "lost the connection"
kill -TERM "$CPID"
_left() { grep -q "^:$1![^ ]* QUIT :Quit: Leaving" "$TMP/u2.log"; }
check "SIGTERM: the client says QUIT before it ends" until_ 10 _left u1
check "SIGTERM: the client ends" until_ 10 eval '! client_alive'
wait "$CPID" 2>/dev/null
# Its window destroyed by another client (not a window manager's close
# request): nothing is left to show the room in, so it leaves the same
# way (it stayed in the room, windowless, with X errors on stderr).
start_client -s 127.0.0.1 -p "$PORT" -n u3
check "a client for the window test logs in" until_ 15 heard u2 "u3!"
xdotool windowclose "$WID"
check "its window destroyed: the client says QUIT" until_ 10 _left u3
check "its window destroyed: the client ends" until_ 10 eval '! client_alive'
stop_client

# --- the Nickname field holds 30 bytes (NICKLEN): the byte it refuses
# is said under the form, not dropped silently; exactly 30 says nothing.
start_client -l -s 127.0.0.1 -p "$PORT" -n n2345678901234567890123456789
shot nk29
type_ "a"
changes nk30 nk29 800x560+0+0
check "30-byte nickname: taken, nothing said" same nk30 nk29 "$ERRLINE"
type_ "b"
check "a 31st byte in the Nickname field: refused and said" \
	changes nk31 nk30 "$ERRLINE"
# That field stays cut (the refused byte) until a deletion. Its name taken
# by someone else: the error under the form stays through a caret move
# (the cut was taken for an edit and ended it).
exec {holdfd}<>"/dev/tcp/127.0.0.1/$PORT"
: >"$TMP/hold.log"
cat <&"$holdfd" >"$TMP/hold.log" &
PIDS="$PIDS $!"
printf 'NICK n2345678901234567890123456789a\r\nUSER h 0 * :h\r\n' >&"$holdfd"
until_ 20 grep -q " 001 " "$TMP/hold.log"
keys Return
_inuse() { shot nk32 && has_colour nk32 "$RED" "$ERRLINE"; }
check "the 30-byte name in use: said in red under the form" until_ 15 _inuse
keys Left
changes nk33 nk32 800x330+0+0		# the caret moved: the key was handled
check "a caret move in the cut Nickname field keeps the error" \
	has_colour nk33 "$RED" "$ERRLINE"
printf 'QUIT\r\n' >&"$holdfd"
exec {holdfd}>&-
stop_client

# --- an accent first in the Nickname field (a combining mark: the server
# refuses it) is drawn on a dotted circle, as a dotted circle typed
# before it would be, not on nothing (a new user saw only "bob"). ---
start_client -l -s 127.0.0.1 -p "$PORT" -n "$(printf '\342\227\214\314\201bob')"
shot mk_circle
stop_client
start_client -l -s 127.0.0.1 -p "$PORT" -n "$(printf '\314\201bob')"
shot mk_alone
check "an accent first in the Nickname field is drawn on a dotted circle" \
	same mk_alone mk_circle 800x330+0+0
keys Return
_mkerr() { shot mk_err && differ mk_err mk_alone "$ERRLINE"; }
check "... and Enter says why it is refused, under the form" until_ 10 _mkerr
stop_client

# --- Xft.dpi scales the fonts and the layout. (Xvfb runs with -noreset:
# a reset when the last client leaves would drop the resources.)
printf 'Xft.dpi: 144\n' | xrdb -merge
start_client
check "Xft.dpi: 144 makes a bigger login form" changes dpi form0 800x400+0+80
xrdb -remove


finish
