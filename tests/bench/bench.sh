#!/bin/sh
# bench.sh: forkd-server against stock IRC servers, side by side, on
# loopback. Run by `make bench` (which installs the servers and builds
# forkd-server and the load generator first).
#
# Each scenario runs ROUNDS times; within a round every server gets the
# same run in turn (forkd ngircd forkd ngircd ...), each on a fresh server
# started on a free port with flood control and per-IP limits off. The
# table shows medians and the ratio forkd/peer. Everything, with the raw
# RESULT lines, goes to bench-results/bench-DATE.txt, and one line per
# figure is appended to bench-results/history.tsv for comparing runs.
#
# Connects in flight: at most INFLIGHT (8), since ngircd's listen backlog
# is 10 and SYNs past it are dropped and retried a second later; InspIRCd
# finishes registrations only on its once-a-second tick, so it gets
# INFLIGHT_INSPIRCD (100) or a 1000-client run would take two minutes.
#
# Environment: B (build dir), PEERS ("ngircd inspircd"), ROUNDS (3),
# SCEN (a subset of scenario names, e.g. "b100 reg"), LGTIMEOUT, INFLIGHT,
# INFLIGHT_INSPIRCD.
set -u
B=${B:-build}
PEERS=${PEERS:-ngircd}
ROUNDS=${ROUNDS:-3}
INFLIGHT=${INFLIGHT:-8}
INFLIGHT_INSPIRCD=${INFLIGHT_INSPIRCD:-100}
LGTIMEOUT=${LGTIMEOUT:-180}	# seconds for one loadgen run
LG=$B/tests/bench/loadgen
SRV=$B/forkd-server
RES=${BENCH_RESULTS:-bench-results}
HERE=$(dirname "$0")

# name | loadgen arguments | what the row measures
SCENARIOS='b10|-n 10 -s 10 -m 200|broadcast
b100|-n 100 -s 10 -m 200|broadcast
b500|-n 500 -s 10 -m 200|broadcast
b1000|-n 1000 -s 10 -m 200|broadcast
p1000|-n 1000 -s 0 -P 20|private
reg|-n 1000 -s 0|register
mem|-n 1000 -s 0 -H|memory'
SCEN=${SCEN:-$(echo "$SCENARIOS" | cut -d'|' -f1 | tr '\n' ' ')}

tmp=$(mktemp -d)
spid= lgpid=
cleanup() {
	[ -n "$lgpid" ] && kill "$lgpid" 2>/dev/null && wait "$lgpid" 2>/dev/null
	[ -n "$spid" ] && stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

. "$HERE/servers.sh"

die() { echo "bench.sh: $*" >&2; exit 1; }

[ -x "$LG" ] || die "$LG: not built (make bench builds it)"
servers=
[ -x "$SRV" ] && servers=forkd || echo "bench.sh: $SRV not built: peers only"
servers="$servers $PEERS"
ulimit -n "$(ulimit -Hn)" 2>/dev/null
[ "$(ulimit -n)" -ge 2100 ] || die "need 2100 open files (ulimit -n)"

# Sum of PSS in KiB over a process and all its descendants.
pss() {
	# shellcheck disable=SC2046
	cat $(tree "$1" | sed 's|.*|/proc/&/smaps_rollup|') 2>/dev/null |
		awk '/^Pss:/ { s += $2 } END { print s + 0 }'
}
ptes() {
	# shellcheck disable=SC2046
	cat $(tree "$1" | sed 's|.*|/proc/&/status|') 2>/dev/null |
		awk '/^VmPTE:/ { s += $2 } END { print s + 0 }'
}
memavail() { meminfo MemAvailable; }
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }

# Keep the key=value pairs of the RESULT line as "scen server round k v".
record() {	# scen server round file
	grep '^RESULT' "$4" | tr ' ' '\n' | grep = |
		sed "s/^\([^=]*\)=\(.*\)/$1 $2 $3 \1 \2/" >>"$tmp/raw"
	grep '^RESULT' "$4" | sed "s/^RESULT /RESULT server=$2 scen=$1 round=$3 /" \
		>>"$tmp/results"
	# a run stopped by its time bound: what it did not get is not "lost"
	if grep -q '^RESULT.*status=ok' "$4"; then c=0; else c=1; fi
	echo "$1 $2 $3 cut $c" >>"$tmp/raw"
}

# The memory row: hold 1000 idle clients, then read PSS and MemAvailable.
memrun() {	# scen server round args
	pss0=$(pss "$spid")
	# MemAvailable moves with everything else on this machine, and a
	# server's freed heap need not return to it: so the drop is read
	# from before the clients came to while they are held. It counts
	# the client side's sockets too (the same for every server).
	a0=$(memavail)
	k0=$(meminfo KernelStack)
	rm -f "$tmp/lg"
	# shellcheck disable=SC2086
	"$LG" -p "$port" -c "$(inflight "$2")" -t 300 -l "$1" $4 \
		>"$tmp/lg" 2>&1 &
	lgpid=$!
	i=0
	while ! grep -q '^READY' "$tmp/lg" 2>/dev/null && [ $i -lt 2400 ]; do
		grep -q '^RESULT' "$tmp/lg" 2>/dev/null && break	# it gave up
		sleep 0.1; i=$((i + 1))
	done
	# Let the server settle after the last join: forkd's sessions give
	# back their working pages 500 ms after their input goes quiet, and
	# any server may free what the joins used later still. PSS is read
	# every half second until two readings agree within 1%, for 10 s
	# at most; the time it took is kept (settle_s).
	i=0 p=$(pss "$spid")
	while [ $i -lt 20 ]; do
		sleep 0.5; i=$((i + 1))
		q=$p p=$(pss "$spid")
		awk "BEGIN { exit !($p <= $q * 1.01 && $p >= $q * 0.99) }" &&
			[ $i -ge 2 ] && break
	done
	n=$(sed -n 's/^READY \([0-9]*\).*/\1/p' "$tmp/lg")
	pte=$(ptes "$spid")
	nproc=$(tree "$spid" | wc -l)
	lgp=$(pss "$lgpid")
	a1=$(memavail)
	k1=$(meminfo KernelStack)
	kill "$lgpid" 2>/dev/null; wait "$lgpid"; lgpid=
	cat "$tmp/lg" >>"$tmp/log"
	record "$1" "$2" "$3" "$tmp/lg"
	[ -n "$n" ] && [ "$n" -gt 0 ] || return
	{
		echo "$1 $2 $3 pss_kib_per_client $(awk "BEGIN { printf \"%.1f\", $p / $n }")"
		echo "$1 $2 $3 pss_base_kib $pss0"
		echo "$1 $2 $3 pte_kib_per_client $(awk "BEGIN { printf \"%.1f\", $pte / $n }")"
		echo "$1 $2 $3 procs $nproc"
		echo "$1 $2 $3 settle_s $(awk "BEGIN { printf \"%.1f\", $i / 2 }")"
		echo "$1 $2 $3 avail_kib_per_client $(awk "BEGIN { printf \"%.1f\", ($a0 - $a1 - $lgp) / $n }")"
		echo "$1 $2 $3 kstack_kib_per_client $(awk "BEGIN { printf \"%.1f\", ($k1 - $k0) / $n }")"
	} >>"$tmp/raw"
}

inflight() {
	case $1 in
	inspircd)	echo "$INFLIGHT_INSPIRCD" ;;
	*)		echo "$INFLIGHT" ;;
	esac
}

runone() {	# scen server round args kind
	start_server "$2" || { echo "bench.sh: $2 did not start" >&2; return; }
	echo "== $1 $2 round $3: loadgen $4" >>"$tmp/log"
	if [ "$5" = memory ]; then
		memrun "$1" "$2" "$3" "$4"
	else
		# shellcheck disable=SC2086
		"$LG" -p "$port" -c "$(inflight "$2")" -t "$LGTIMEOUT" -l "$1" $4 \
			>"$tmp/lg" 2>&1
		cat "$tmp/lg" >>"$tmp/log"
		record "$1" "$2" "$3" "$tmp/lg"
	fi
	grep -E '^(broadcast|private|register)' "$tmp/lg" | sed "s/^/  $2: /"
	stop_server
}

median() { sort -g | awk '{ a[NR] = $1 } END {
	if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2];
	else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
med() { awk -v s="$1" -v v="$2" -v k="$3" '$1 == s && $2 == v && $4 == k { print $5 }' "$tmp/raw" | median; }
total() { awk -v s="$1" -v v="$2" -v k="$3" '$1 == s && $2 == v && $4 == k { t += $5; n++ } END { if (n) print t }' "$tmp/raw"; }
worst() { awk -v s="$1" -v v="$2" -v k="$3" '$1 == s && $2 == v && $4 == k { print $5 }' "$tmp/raw" | sort -g | tail -1; }

row() {	# scen label key better [scale] [worst]
	line=$(printf '%-26s %-6s' "$2" "$4")
	f=
	for s in $servers; do
		case ${6:-} in
		worst)	v=$(worst "$1" "$s" "$3") ;;
		sum)	v=$(total "$1" "$s" "$3") ;;
		*)	v=$(med "$1" "$s" "$3") ;;
		esac
		[ -z "$v" ] && v=-
		[ "$v" != - ] && [ -n "${5:-}" ] && v=$(awk "BEGIN { printf \"%.2f\", $v / $5 }")
		[ "$v" != - ] && v=$(awk "BEGIN { x = $v; if (x >= 100 || x == int(x)) printf \"%.0f\", x; else printf \"%.3g\", x }")
		line="$line $(printf '%11s' "$v")"
		if [ "$s" = forkd ]; then f=$v
		elif [ -n "$f" ] && [ "$f" != - ] && [ "$v" != - ]; then
			r=$(awk "BEGIN { if ($v == 0) print \"-\"; else printf \"%.2f\", $f / $v }")
			line="$line $(printf '%9s' "$r")"
		fi
		echo "$(date -u +%FT%TZ)	$rev	$1	$3	$s	$v" >>"$RES/history.tsv"
	done
	echo "$line"
}

header() {
	line=$(printf '%-26s %-6s' "scenario" "better")
	for s in $servers; do
		line="$line $(printf '%11s' "$s")"
		[ "$s" != forkd ] && echo "$servers" | grep -q forkd &&
			line="$line $(printf '%9s' "f/$s")"
	done
	echo "$line"
}

table() {
	header
	for sc in $SCEN; do
		case $sc in
		b*)	n=${sc#b}
			row "$sc" "broadcast N=$n deliv/s" b_dps higher
			row "$sc" "broadcast N=$n p50 ms" b_p50_us lower 1000
			row "$sc" "broadcast N=$n p99 ms" b_p99_us lower 1000
			row "$sc" "broadcast N=$n lost" b_lost "=0" "" worst
			row "$sc" "broadcast N=$n order err" b_order "=0" "" worst
			row "$sc" "  loadgen CPU % (core)" b_lgcpu_pct info
			row "$sc" "  rounds cut by time bound" cut "=0" "" sum ;;
		p*)	row "$sc" "private N=1000 deliv/s" p_dps higher
			row "$sc" "private N=1000 p99 ms" p_p99_us lower 1000
			row "$sc" "private lost+misrouted" p_lost "=0" "" worst
			row "$sc" "private misrouted" p_misroute "=0" "" worst
			row "$sc" "  loadgen CPU % (core)" p_lgcpu_pct info
			row "$sc" "  rounds cut by time bound" cut "=0" "" sum ;;
		reg)	row reg "register 1000: regs/s" reg_per_s higher
			row reg "  ...and joined: /s" join_per_s higher
			row reg "  loadgen CPU % (core)" reg_lgcpu_pct info ;;
		mem)	row mem "idle 1000: PSS KiB/cl" pss_kib_per_client lower
			row mem "idle 1000: MemAvail KiB/cl" avail_kib_per_client lower
			row mem "  page tables KiB/cl" pte_kib_per_client lower
			row mem "  kernel stacks KiB/cl" kstack_kib_per_client lower
			row mem "  server processes" procs info
			row mem "  settled after, s" settle_s info
			row mem "  server PSS before, KiB" pss_base_kib info ;;
		esac
	done
}

mkdir -p "$RES"
rev=${BENCH_REV:-$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo none)}
out=$RES/bench-$(date -u +%Y%m%d-%H%M%S).txt
: >"$tmp/raw"; : >"$tmp/log"; : >"$tmp/results"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
echo "make bench: servers: $servers; $ROUNDS rounds; at most $INFLIGHT" \
	"connects in flight (ngircd's listen backlog is 10)," \
	"$INFLIGHT_INSPIRCD for inspircd (registers on a 1 s tick)"
for sc in $SCEN; do
	spec=$(echo "$SCENARIOS" | grep "^$sc|") || die "$sc: no such scenario"
	args=$(echo "$spec" | cut -d'|' -f2)
	kind=$(echo "$spec" | cut -d'|' -f3)
	r=1
	while [ $r -le "$ROUNDS" ]; do
		for s in $servers; do
			echo "-- $sc round $r: $s"
			runone "$sc" "$s" "$r" "$args" "$kind"
		done
		r=$((r + 1))
	done
done
{
	echo "make bench, $(date -u '+%F %T UTC'), commit $rev"
	echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
		"$(uname -sr), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
	echo "versions: $(server_versions)"
	echo "load average at start $load0, at end $(cut -d' ' -f1-3 /proc/loadavg)" \
		"(anything else running skews every figure)"
	echo "medians of $ROUNDS rounds; f/peer = forkd / peer; 'better' says" \
		"which way is good; lost and order errors are the worst round"
	echo "connects in flight: $INFLIGHT ($(echo $servers | sed "s/ *inspircd//"))" \
		"$(echo "$servers" | grep -q inspircd && echo ", $INFLIGHT_INSPIRCD (inspircd)")"
	echo
	table
} >"$tmp/table"
echo
cat "$tmp/table"
{ cat "$tmp/table"; echo; cat "$tmp/results"; echo; cat "$tmp/log"; } >"$out"
echo
echo "written to $out; one line per figure appended to $RES/history.tsv"
