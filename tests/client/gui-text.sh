#!/bin/bash
# gui-text.sh: how the client draws what others send: IRC formatting
# codes (colours, bold, reverse...), control bytes, bytes that are not
# UTF-8, colour emoji. The server is ngircd: it relays every byte as
# sent (forkd-server refuses text that is not UTF-8). Checked on screen:
# each line is compared, in the log's bottom row, with the line that
# should look the same. Prints "N passed, N failed".
. "$(dirname "$0")/lib.sh"

LOG=560x475+0+40
WIN=800x560+0+0

command -v /usr/sbin/ngircd >/dev/null ||
	{ echo "ngircd is not installed (make test-deps)"; exit 1; }
start_xvfb
start_ngircd
peer bob || { echo "peer bob could not log in to ngircd"; exit 1; }
start_client -s 127.0.0.1 -p "$PORT" -n alice
until_ 15 heard bob "alice!" || { echo "alice did not join"; exit 1; }
until_ 15 title_has "#lobby - alice"

LAST=joined
shot "$LAST"
# post NAME TEXT: bob says TEXT in the room; the window once it shows it
# is the shot NAME
post() {
	say bob "PRIVMSG #lobby :$2"
	changes "$1" "$LAST" "$LOG" || echo "# '$1' did not change the log"
	LAST=$1
}

# The probe: black on black (colour 1 on 1, a solid block) gives the
# bottom row's place: where its text starts, its top and its height.
post probe $'\x0301,01MMMMMMMMMM'
box=$(convert "$TMP/probe.png" -crop "$LOG" +repage -fill white \
	+opaque '#000000' -format %@ info: 2>/dev/null)
set -- $(echo "$box" | sed 's/[x+]/ /g')
if [ $# -eq 4 ] && [ "$2" -ge 10 ]; then
	ok "a background colour (0x03 1,1) fills its text ($box)"
	ROW=$((560 - $3))x$2+$3+$((40 + $4))
	H=$2
else
	nok "a background colour (0x03 1,1) fills its text (found '$box')"
	ROW=500x20+60+494 H=20
fi

# looks_as NAME A B: line A is drawn exactly as line B
looks_as() {
	post "$1_a" "$2"
	post "$1_b" "$3"
	same "$1_a" "$1_b" "$ROW"
}

# The topic: formatted as the log is (colour 9, HexChat's green).
say bob $'TOPIC #lobby :\x0309green\x03 topic'
_topic() { shot topic && has_colour topic '#00FC00' 600x20+0+38; }
check "a topic's colour is drawn in the topic bar" until_ 10 _topic
LAST=topic

# The issue's line: red on black, and no code drawn as a box or digits.
post issue $'\x02bold\x02 \x0304,01red\x03 \x1ditalic\x1d \x1funder\x1f '$'\x16rev\x16 \x0fend'
check "0x03 4,1: red text" has_colour issue '#FF0000' "$ROW"
check "0x03 4,1: on black" has_colour issue '#000000' "$ROW"
# Selecting it copies the text without the codes.
set -- $(echo "$ROW" | sed 's/[x+]/ /g')
_yrow=$(($4 + $2 / 2))
xdotool mousemove --window "$WID" 200 "$_yrow" mousedown 1 \
	mousemove --window "$WID" 300 "$_yrow" mouseup 1
_plain() { xclip -selection primary -o 2>/dev/null >"$TMP/sel" &&
	grep -q "<bob> bold red italic under rev end" "$TMP/sel" &&
	! LC_ALL=C grep -q '[[:cntrl:]]' "$TMP/sel"; }
check "a selected line is copied without its codes" until_ 10 _plain ||
	seldiag primary
LAST=issue; shot issue
check "codes that change nothing draw nothing" looks_as codes \
	$'AB\x02\x02\x1d\x1d\x1f\x1f\x16\x16\x11\x11\x1e\x1e\x0f\x03\x04CD' ABCD
check "other C0 controls and DEL are not drawn" looks_as c0 \
	$'A\x01\x05\x07\x08\x0b\x0c\x0e\x10\x1b\x7fB' AB
check "a TAB shows as spacing (four spaces)" looks_as tab \
	$'A\tB' 'A    B'
check "0x04 hex colours are parsed away" looks_as hex \
	$'\x04ff0000,00ff00\x04A\x04B' AB
post plain 'Styled text'
post bold $'\x02Styled text'
check "bold is drawn (not as plain)" differ bold plain "$ROW"
post ital $'\x1dStyled text'
check "italic is drawn (not as plain)" differ ital plain "$ROW"
post under $'\x1fStyled text'
check "underline is drawn (not as plain)" differ under plain "$ROW"

# Reverse: the default colours swapped, a solid block of the text colour.
post rev $'x\x16        \x16y'
n=$(convert "$TMP/rev.png" -crop "$ROW" +repage -fill white \
	+opaque '#1E1E1E' -fill black -opaque '#1E1E1E' -format \
	'%[fx:int(w*h*(1-mean)+0.5)]' info: 2>/dev/null)
check "reverse draws the text colour as background ($n px)" \
	test "${n:-0}" -ge $((H * 16))

# Bytes that are not UTF-8: each shown as its CP1252 character, and the
# rest of the line is drawn.
check "a Latin-1 byte shows as its character, the rest too" looks_as latin1 \
	$'before \xe9 after' 'before é after'
check "CP1252 bytes (0x80 to 0x9F) show as their characters" looks_as cp1252 \
	$'\x80 \x93q\x94 \x99' '€ “q” ™'
check "truncated, overlong, surrogate, 0xFF: byte by byte" looks_as bad \
	$'\xe4\xbd|\xc0\xaf|\xed\xa0\x80|\xff!' 'ä½|À¯|í €|ÿ!'

# Colour emoji, where libXft can draw them (2.3.5 and later) and a
# colour font is installed: some pixels are saturated colour.
if pkg-config --atleast-version=2.3.5 xft &&
   fc-list | grep -qi 'color emoji'; then
	post emoji $'party \xf0\x9f\x8e\x89\xf0\x9f\x8e\x88 ok'
	sat=$(convert "$TMP/emoji.png" -crop "$ROW" +repage -colorspace HSL \
		-channel G -separate -format '%[fx:maxima]' info: 2>/dev/null)
	check "colour emoji are drawn in colour (saturation $sat)" \
		awk -v s="${sat:-0}" 'BEGIN { exit !(s > 0.8) }'
fi

# A key redraws only the input line (main.c's drawinput): what it draws
# must still be right, and a line that arrives meanwhile still shows.
INPUT=640x30+0+522
shot keys0
type_ "typed while reading"
_typed() { shot keys1 && differ keys0 keys1 "$INPUT"; }
check "typing shows in the input line" until_ 10 _typed
check "typing leaves the log as it was" same keys0 keys1 "$LOG"
say bob "PRIVMSG #lobby :a line while typing"
check "a line that arrives while typing is drawn" changes keys2 keys1 "$LOG"
check "and the typed text stays" same keys1 keys2 "$INPUT"
keys ctrl+u
check "the client is still running" client_alive
stop_client

# Scrolling by rows: in a 380x228 window a 430-byte message is taller
# than the log. It starts with a red block (colour 4 on 4): the block is
# seen only when the message is read from its start.
start_client -s 127.0.0.1 -p "$PORT" -n carol -g 380x228
until_ 15 heard bob "carol!" || nok "carol did not join"
until_ 15 title_has "#lobby - carol"
words= w=100
while [ ${#words} -lt 420 ]; do words="$words word$w"; w=$((w + 1)); done
# (the join's lines drawn: two shots a moment apart are the same)
_still() { shot none && sleep 0.3 && shot none2 &&
	same none none2 380x228+0+0; }
until_ 10 _still
say bob "PRIVMSG #lobby :"$'\x0304,04XXXX\x0f'"${words:0:420}"
changes tall0 none 380x228+0+0 || nok "the tall message was not shown"
red() { has_colour "$1" '#FF0000' 380x228+0+0; }
notred() { ! red "$1"; }
check "a message taller than the log: its start is out of view" notred tall0
# scrollup BASE CMD...: run CMD until the red block shows (at most 20
# times, each must change the window); sets seen to the count, or empty
scrollup() {
	step=0 seen= prev=$1
	shift
	while [ $step -lt 20 ] && [ -z "$seen" ]; do
		"$@"
		step=$((step + 1))
		changes "up$step" "$prev" 380x228+0+0 5 || break
		prev=up$step
		red "up$step" && seen=$step
	done
}
xdotool mousemove --window "$WID" 60 100
scrollup tall0 xdotool click 4
msg="the wheel moves by rows: the tall message's start is reached"
check "$msg (notch ${seen:-none})" test -n "$seen"
keys ctrl+End
_bottom() { shot back && same back tall0 380x228+0+0; }
check "Ctrl+End goes back to the bottom" until_ 10 _bottom
scrollup back keys Prior
msg="PageUp moves by rows: the tall message's start is reached"
check "$msg (page ${seen:-none})" test -n "$seen"
finish
