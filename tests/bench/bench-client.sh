#!/bin/sh
# bench-client.sh: xchat-client's figures under Xvfb against a local
# forkd-server, beside HexChat's when CLIENT_PEERS="hexchat" (the default
# when it is installed). Run by `make bench-client`.
#
#   first frame   exec to the first frame on screen, median of 10, as the
#                 X server saw it drawn (firstframe: DAMAGE on the root
#                 window, no polling): first_draw is the first drawing,
#                 first_frame the last one before 300 ms of stillness
#                 (GTK draws a window in several steps)
#   round trips   the client's requests that waited for a reply before its
#                 first frame (under xtrace; runs of replies count once:
#                 XInternAtoms' answers come together)
#   RSS/PSS       after 1,000 received lines, and after a burst of 10,000
#   burst CPU     user+system CPU to absorb the 10,000-line burst, and
#                 the X server's (drawing is done there: Xft/XRender)
#   idle          CPU and context switches over IDLE (60) seconds idle
#   binary        stripped size, and the libraries it links
#   key latency   during a second 10,000-line burst, keylat types "x"
#                 (XTEST) and reads the input line back (XGetImage) until
#                 it changed, then takes it away with BackSpace: p50, p99
#                 and max over every key pressed from the start of the
#                 burst to 2 s after the load generator saw its end
# The lines come from the load generator (one sender, one other receiver)
# through the room. HexChat refuses to run as root: it runs as nobody,
# with GTK's caret blink off (a blink would look like a typed key).
set -u
B=${B:-build}
SRV=$B/forkd-server
LG=$B/tests/bench/loadgen
KL=$B/tests/bench/keylat
FF=$B/tests/bench/firstframe
CLIENT=$B/xchat-client/xchat-client
IDLE=${IDLE:-60}
RES=${BENCH_RESULTS:-bench-results}
CLIENT_PEERS=${CLIENT_PEERS-$(command -v hexchat >/dev/null && echo hexchat)}
tmp=$(mktemp -d)
chmod 755 "$tmp"
spid= xpid= cpid=
. "$(dirname "$0")/servers.sh"
cleanup() {
	[ -n "$cpid" ] && kill "$cpid" 2>/dev/null
	[ -n "$spid" ] && stop_server
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export LC_ALL=C.UTF-8

now_ms() { echo $(($(date +%s%N) / 1000000)); }
cputicks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null; }
# CPU time in ns, every thread (schedstat: the 10 ms ticks of stat hid
# the X server's share of a burst)
cpuns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s }'; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
ctxsw() { awk '/ctxt_switches/ { s += $2 } END { print s + 0 }' "/proc/$1/status"; }
rollup() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/smaps_rollup"; }
visible() { xdotool search --onlyvisible --pid "$1" >/dev/null 2>&1; }

# Wait until a process has used no CPU for a second (at most 60 s).
settle() {
	last=$(cputicks "$1") still=0 i=0
	while [ $still -lt 5 ] && [ $i -lt 300 ]; do
		sleep 0.2
		c=$(cputicks "$1")
		if [ "$c" = "$last" ]; then still=$((still + 1)); else still=0; fi
		last=$c i=$((i + 1))
	done
}

# launch NAME [connect]: start a client, set $cpid.
launch() {
	case $1 in
	xchat)	if [ "${2:-}" ]; then
			"$CLIENT" -g 800x560 -s 127.0.0.1 -p "$port" -n xc \
				2>>"$tmp/client.log" &
		else
			"$CLIENT" -g 800x560 2>>"$tmp/client.log" &
		fi ;;
	hexchat) mkdir -p "$tmp/hc"
		echo 'gtk-cursor-blink = 0' >"$tmp/hc/.gtkrc-2.0"
		chown -R nobody "$tmp/hc"
		url=
		[ "${2:-}" ] && url=--url=irc://127.0.0.1:$port/#lobby
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env HOME="$tmp/hc" hexchat -d "$tmp/hc" $url \
			>>"$tmp/client.log" 2>&1 & ;;
	esac
	cpid=$!
}
stop_client() { kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null; cpid=; }

# cmd NAME: the command line that starts a client showing its first
# screen (xchat-client: the login form; HexChat: its network list).
cmd() {
	case $1 in
	xchat)	echo "$CLIENT -g 800x560" ;;
	hexchat) mkdir -p "$tmp/hc"
		echo 'gtk-cursor-blink = 0' >"$tmp/hc/.gtkrc-2.0"
		chown -R nobody "$tmp/hc"
		echo "setpriv --reuid=nobody --regid=nogroup --clear-groups" \
			"env HOME=$tmp/hc hexchat -d $tmp/hc" ;;
	esac
}

first_frame() {	# name: sets ff (settled) and fd (first draw), medians
	for i in 1 2 3 4 5 6 7 8 9 10; do
		$FF 300 -- $(cmd "$1") 2>>"$tmp/client.log"
	done >"$tmp/ff.$1"
	med() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$tmp/ff.$2" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) printf "%.1f", (a[int((NR + 1) / 2)] + a[int(NR / 2) + 1]) / 2 }'; }
	ff=$(med settled "$1") fd=$(med first "$1")
}

# round_trips NAME: under xtrace, the runs of replies the client waited
# for before its first CopyArea (xchat-client draws a frame in one)
round_trips() {
	[ "$1" = xchat ] && command -v xtrace >/dev/null || { echo -; return; }
	: >"$tmp/xtrace.log"
	timeout 10 xtrace -n -k -d "$DISPLAY" -D :97 -- $(cmd "$1") \
		>"$tmp/xtrace.log" 2>&1 &
	_t=$!
	_i=0
	while ! grep -q 'CopyArea' "$tmp/xtrace.log" && [ $_i -lt 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	kill "$_t" 2>/dev/null; wait "$_t" 2>/dev/null
	awk '/Request\([0-9]+\): CopyArea/ { exit }
	     /:>:[0-9a-f]+:[0-9]+: Reply to/ { if (!r) n++; r = 1; next }
	     /:<:/ { r = 0 } END { print n + 0 }' "$tmp/xtrace.log"
}

feed() {	# lines: through the room, from lg0, received by lg1 and us
	"$LG" -p "$port" -n 2 -s 1 -m "$1" -t 120 -l feed >>"$tmp/feed.log" 2>&1
}

measure() {	# name
	echo "-- $1"
	first_frame "$1"
	rt=$(round_trips "$1")
	j0=$(grep -c ' join ' "$tmp/forkd.err")
	launch "$1" connect
	i=0
	while [ "$(grep -c ' join ' "$tmp/forkd.err")" -le "$j0" ] &&
		[ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
	sleep 2; settle "$cpid"
	feed 1000; settle "$cpid"
	rss1=$(rollup "$cpid" Rss) pss1=$(rollup "$cpid" Pss)
	c0=$(cpuns "$cpid") x0=$(cpuns "$xpid")
	feed 10000; settle "$cpid"
	burst=$(ms "$c0" "$(cpuns "$cpid")")
	xburst=$(ms "$x0" "$(cpuns "$xpid")")
	rss2=$(rollup "$cpid" Rss) pss2=$(rollup "$cpid" Pss)
	# the input line: only typing changes it (the default window sizes:
	# xchat-client 800x560, HexChat 640x400)
	case $1 in
	xchat)	inputline=690x30+0+525 ;;
	hexchat) inputline=320x20+205+374 ;;
	esac
	wid=$(xdotool search --onlyvisible --pid "$cpid" | head -1)
	"$KL" "$wid" "$inputline" >"$tmp/keylat.out" 2>&1 &
	klpid=$!
	feed 10000
	sleep 2		# the client may still be drawing what the feed sent
	kill "$klpid"; wait "$klpid"
	kl=$(cat "$tmp/keylat.out")
	settle "$cpid"
	c0=$(cputicks "$cpid") s0=$(ctxsw "$cpid")
	sleep "$IDLE"
	idlecpu=$(( ($(cputicks "$cpid") - c0) * 1000 / $(getconf CLK_TCK) ))
	idlesw=$(( $(ctxsw "$cpid") - s0 ))
	alive=yes; kill -0 "$cpid" 2>/dev/null || alive=no
	stop_client
	echo "$1 first_draw_ms $fd" >>"$tmp/raw"
	echo "$1 first_frame_ms $ff" >>"$tmp/raw"
	echo "$1 x_round_trips $rt" >>"$tmp/raw"
	echo "$1 rss_kib_1000 $rss1" >>"$tmp/raw"
	echo "$1 pss_kib_1000 $pss1" >>"$tmp/raw"
	echo "$1 rss_kib_10000 $rss2" >>"$tmp/raw"
	echo "$1 pss_kib_10000 $pss2" >>"$tmp/raw"
	echo "$1 burst_cpu_ms $burst" >>"$tmp/raw"
	echo "$1 burst_xvfb_cpu_ms $xburst" >>"$tmp/raw"
	for k in n p50_ms p99_ms max_ms timeouts; do
		echo "$1 keylat_$k $(echo "$kl" | sed -n "s/.* $k=\([^ ]*\).*/\1/p")" >>"$tmp/raw"
	done
	echo "$1 idle_cpu_ms $idlecpu" >>"$tmp/raw"
	echo "$1 idle_ctxsw $idlesw" >>"$tmp/raw"
	echo "$1 alive_after $alive" >>"$tmp/raw"
}

[ -x "$CLIENT" ] && [ -x "$SRV" ] && [ -x "$LG" ] && [ -x "$KL" ] &&
	[ -x "$FF" ] ||
	{ echo "bench-client.sh: build $CLIENT, $SRV, $LG, $KL and $FF first" >&2; exit 1; }
Xvfb -displayfd 5 -screen 0 1024x768x24 -nolisten tcp -noreset 5>"$tmp/display" \
	2>"$tmp/xvfb.log" &
xpid=$!
i=0
while [ ! -s "$tmp/display" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
DISPLAY=:$(cat "$tmp/display")
export DISPLAY
start_forkd || { echo "forkd-server did not start" >&2; exit 1; }
: >"$tmp/raw"
for c in xchat $CLIENT_PEERS; do
	measure "$c"
done
strip -o "$tmp/xc.stripped" "$CLIENT"
size=$(stat -c %s "$tmp/xc.stripped")
libs=$(ldd "$CLIENT" | awk '{ print $1 }' | grep -v -e vdso -e ld-linux |
	sed 's/\.so.*//' | tr '\n' ' ')
mkdir -p "$RES"
out=$RES/bench-client-$(date -u +%Y%m%d-%H%M%S).txt
{
	echo "make bench-client, $(date -u '+%F %T UTC'), $(nproc) cores," \
		"Xvfb 1024x768x24; idle over $IDLE s"
	printf '%-28s %12s' figure xchat-client
	for c in $CLIENT_PEERS; do printf ' %12s %9s' "$c" "xc/$c"; done
	echo
	for k in first_draw_ms first_frame_ms x_round_trips rss_kib_1000 pss_kib_1000 rss_kib_10000 \
		pss_kib_10000 burst_cpu_ms burst_xvfb_cpu_ms keylat_n \
		keylat_p50_ms keylat_p99_ms keylat_max_ms keylat_timeouts \
		idle_cpu_ms idle_ctxsw alive_after; do
		x=$(awk -v k="$k" '$1 == "xchat" && $2 == k { print $3 }' "$tmp/raw")
		printf '%-28s %12s' "$k" "$x"
		for c in $CLIENT_PEERS; do
			v=$(awk -v c="$c" -v k="$k" '$1 == c && $2 == k { print $3 }' "$tmp/raw")
			r=$(awk "BEGIN { if (\"$v\" + 0 == 0) print \"-\"; else printf \"%.2f\", $x / $v }" 2>/dev/null)
			printf ' %12s %9s' "$v" "$r"
		done
		echo
	done
	echo "xchat-client stripped: $size bytes; links: $libs"
} | tee "$out"
echo "written to $out"
