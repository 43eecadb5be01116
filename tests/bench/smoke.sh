#!/bin/sh
# smoke.sh: a correctness run of the load generator against forkd-server
# for `make test`: 20 clients, broadcast and private lines; every line must
# arrive, in order, at its target only. It checks no timing.
set -u
B=${B:-build}
SRV=$B/forkd-server
LG=$B/tests/bench/loadgen
tmp=$(mktemp -d)
spid=
. "$(dirname "$0")/servers.sh"
trap '[ -n "$spid" ] && stop_server; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

start_forkd || { cat "$tmp/forkd.err"; echo "0 passed, 1 failed"; exit 1; }
"$LG" -p "$port" -n 20 -s 5 -m 50 -P 5 -t 30 -l smoke >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
pass=0 fail=0
for want in reg_ok=20 b_lost=0 b_order=0 b_gap=0 p_lost=0 p_order=0 \
	p_misroute=0 bogus=0 dead=0 status=ok; do
	if grep '^RESULT' "$tmp/out" | tr ' ' '\n' | grep -qx "$want"; then
		pass=$((pass + 1))
	else
		echo "smoke: expected $want"
		fail=$((fail + 1))
	fi
done
[ $rc -eq 0 ] || { echo "smoke: loadgen exited $rc"; fail=$((fail + 1)); }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
