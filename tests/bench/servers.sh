# servers.sh: start and stop the servers bench.sh compares, sourced by it
# (and by smoke.sh). start_server NAME sets $port and $spid; every server
# listens on 127.0.0.1 only, on a free port, with flood control, per-IP
# limits, DNS and ident lookups off, in a throwaway directory under $tmp.
# Needs $tmp, and $SRV for forkd.

# A process and all its descendants, from one ps (pgrep per child is
# far too slow with a thousand children).
tree() {
	ps -e -o pid= -o ppid= | awk -v root="$1" '
		{ kid[$2] = kid[$2] " " $1 }
		END {
			n = 1; q[1] = root
			for (i = 1; i <= n; i++) {
				print q[i]
				k = split(kid[q[i]], a, " ")
				for (j = 1; j <= k; j++) q[++n] = a[j]
			}
		}'
}

free_port() {
	while :; do
		p=$(awk -v s="$$$(date +%N)" 'BEGIN { srand(s % 2147483647); print 20000 + int(rand() * 30000) }')
		[ -z "$(ss -Htln "sport = :$p")" ] && { echo "$p"; return; }
	done
}

# Wait until $port listens, or the server died, or 10 s passed.
wait_listen() {
	i=0
	while [ $i -lt 100 ]; do
		kill -0 "$spid" 2>/dev/null || return 1
		[ -n "$(ss -Htln "sport = :$port")" ] && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

start_forkd() {
	rm -f "$tmp/forkd.err"	# or the port of the last run may be read
	"$SRV" -b 127.0.0.1 -p 0 --no-flood --per-ip 0 -m 2000 \
		2>"$tmp/forkd.err" &
	spid=$!
	i=0 port=
	while [ -z "$port" ] && [ $i -lt 100 ]; do
		kill -0 "$spid" 2>/dev/null || break
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' \
			"$tmp/forkd.err" 2>/dev/null)
		[ -z "$port" ] && sleep 0.1
		i=$((i + 1))
	done
	[ -n "$port" ]
}

start_ngircd() {
	port=$(free_port)
	mkdir -p "$tmp/ngircd"
	cat >"$tmp/ngircd/ngircd.conf" <<EOF
[Global]
	Name = bench.ngircd.local
	Info = bench
	Listen = 127.0.0.1
	Ports = $port
	MotdPhrase = bench
[Limits]
	MaxConnections = 0
	MaxConnectionsIP = 0
	MaxJoins = 0
	MaxNickLength = 16
	MaxPenaltyTime = 0
	PingTimeout = 600
	PongTimeout = 600
[Options]
	DNS = no
	Ident = no
	PAM = no
EOF
	/usr/sbin/ngircd -n -f "$tmp/ngircd/ngircd.conf" \
		>"$tmp/ngircd/log" 2>&1 &
	spid=$!
	wait_listen
}

start_inspircd() {
	port=$(free_port)
	d=$tmp/inspircd
	mkdir -p "$d"
	echo bench >"$d/motd"
	cat >"$d/inspircd.conf" <<EOF
<server name="bench.inspircd.local" description="bench" network="bench">
<admin name="bench" nick="bench" email="bench@localhost">
<bind address="127.0.0.1" port="$port" type="clients">
<connect allow="*" timeout="60" pingfreq="10m" hardsendq="16M"
	softsendq="16M" recvq="1M" threshold="1000000000"
	commandrate="1000000000" fakelag="no" localmax="100000"
	globalmax="100000" maxconnwarn="no" resolvehostnames="no"
	useident="no" limit="100000" maxchans="50">
<performance netbuffersize="10240" somaxconn="128" softlimit="100000"
	clonesonconnect="yes" quietbursts="yes">
<pid file="$d/inspircd.pid">
<files motd="$d/motd">
<channels users="100" opers="100">
<dns server="127.0.0.1" timeout="1">
<options prefixquit="Quit: " syntaxhints="no" announcets="yes"
	hostintopic="yes" pingwarning="15">
<security hideserver="" userstats="Pu" customversion="" flatlinks="no"
	hidesplits="no" hideulines="no" hidebans="no" maxtargets="20">
<log method="file" type="* -USERINPUT -USEROUTPUT" level="default"
	target="$d/log">
EOF
	/usr/sbin/inspircd --nofork --runasroot --config="$d/inspircd.conf" \
		>"$d/out" 2>&1 &
	spid=$!
	wait_listen
}

start_server() {
	case $1 in
	forkd)		start_forkd ;;
	ngircd)		start_ngircd ;;
	inspircd)	start_inspircd ;;
	*)		echo "bench: $1: unknown server" >&2; return 1 ;;
	esac
}

# TERM the server, wait up to 5 s, then KILL whatever of its tree is left.
stop_server() {
	pids=$(tree "$spid")
	kill "$spid" 2>/dev/null
	i=0
	while kill -0 "$spid" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	# shellcheck disable=SC2086
	kill -9 $pids 2>/dev/null
	wait "$spid" 2>/dev/null
	spid=
}

server_versions() {
	v=
	[ -x "${SRV:-}" ] && v="forkd-server ${BENCH_REV:-$(git rev-parse --short HEAD 2>/dev/null)};"
	for s in $PEERS; do
		v="$v $s $(dpkg-query -W -f='${Version}' "$s" 2>/dev/null);"
	done
	echo "$v"
}
