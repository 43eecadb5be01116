#!/bin/sh
# test-runsh.sh: `make run` (run.sh) on a port another server holds. It
# must say that its server did not start, with the server's own reason,
# exit non-zero, and never open its client onto the other server. Run
# 40 times: the old run.sh missed the failure in 25 of 200 runs (kill -0
# on an exited but unreaped child) and opened the client anyway.
set -u
B=${B:-build}
RUNSH=${RUNSH:-./run.sh}
tmp=$(mktemp -d)
holder=
trap '[ -n "$holder" ] && kill $holder 2>/dev/null; wait; rm -rf "$tmp"' EXIT

# The other server: a forkd-server on a free port.
"$B/forkd-server" -b 127.0.0.1 -p 0 2>"$tmp/holder.log" &
holder=$!
i=0
until grep -q "listening on" "$tmp/holder.log"; do	# a file: poll it
	i=$((i + 1))
	[ $i -gt 100 ] && { echo "the other server did not start"; exit 1; }
	sleep 0.05
done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/holder.log")

# A build directory whose client only writes down that it was started.
mkdir -p "$tmp/b/xchat-client"
ln -s "$(cd "$B" && pwd)/forkd-server" "$tmp/b/forkd-server"
printf '#!/bin/sh\necho "$@" >>"%s/client-ran"\n' "$tmp" \
    >"$tmp/b/xchat-client/xchat-client"
chmod +x "$tmp/b/xchat-client/xchat-client"

pass=0 fail=0 n=0
while [ $n -lt ${RUNS:-40} ]; do
	n=$((n + 1))
	DISPLAY=:forkd-test PORT=$port timeout 20 "$RUNSH" "$tmp/b" \
	    >"$tmp/out" 2>&1
	rc=$?
	why=
	[ $rc -eq 0 ] && why="exit status 0"
	grep -q "did not start" "$tmp/out" || why="$why; no 'did not start'"
	# the server's own line; the errno text is the libc's: glibc says
	# "Address already in use", musl "Address in use"
	grep -Eq "forkd-server: cannot listen on 127\.0\.0\.1 port $port: Address (already )?in use" "$tmp/out" ||
	    why="$why; not the server's reason"
	[ -e "$tmp/client-ran" ] && why="$why; the client was opened"
	rm -f "$tmp/client-ran"
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "run $n: $why"
		cat "$tmp/out"
	fi
done
kill -0 $holder 2>/dev/null || { echo "the other server died"; fail=$((fail + 1)); }

# On a free port: the client opens its login form filled in (-l: the lab
# starts by typing a name), not an instant connect; the server stops when
# the client ends.
kill $holder; wait $holder 2>/dev/null; holder=
DISPLAY=:forkd-test PORT=$port NICK=labuser timeout 20 "$RUNSH" "$tmp/b" \
    >"$tmp/out" 2>&1
if [ "$(cat "$tmp/client-ran" 2>/dev/null)" = "-l -s 127.0.0.1 -p $port -n labuser" ] &&
   grep -q "second user" "$tmp/out"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "free port: the client was not opened with -l (or no hint for a second user)"
	cat "$tmp/client-ran" "$tmp/out" 2>/dev/null
fi
# Without NICK and USER the client picks the name (its rule: $USER, else
# the login name from getpwuid), as `xchat-client -l` alone does: run.sh
# passes no -n (it filled in "guest").
rm -f "$tmp/client-ran"
env -u USER -u NICK DISPLAY=:forkd-test PORT=$port timeout 20 "$RUNSH" \
    "$tmp/b" >"$tmp/out" 2>&1
if [ "$(cat "$tmp/client-ran" 2>/dev/null)" = "-l -s 127.0.0.1 -p $port" ]; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "no NICK, no USER: run.sh chose a name for the client:"
	cat "$tmp/client-ran" "$tmp/out" 2>/dev/null
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
