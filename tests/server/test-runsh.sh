#!/bin/sh
# test-runsh.sh: `make run` (run.sh).
# - On a port another server holds it must say that its server did not
#   start, with the server's own reason, exit non-zero, and never open its
#   client onto the other server. Run 40 times: the old run.sh missed the
#   failure in 25 of 200 runs (kill -0 on an exited but unreaped child)
#   and opened the client anyway.
# - Quitting as a user does (^C: SIGINT to the terminal's whole process
#   group; the client's own end, as after /quit or a closed window) ends
#   with status 0 and make says nothing (it said "Error 130" after ^C);
#   a client that cannot start ends non-zero, said; SIGHUP to the group
#   (the terminal closed) or SIGTERM to the script alone end it at once.
#   After each, no process it started is left (pgrep on the group and
#   the server's path).
# - Without $DISPLAY: it says there is no X display and how to connect
#   from a terminal, only after the server said it listens, never when
#   the server did not start.
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
# What it does then is in client-does: end at once (0, as after /quit),
# wait (for a ^C), or fail as without a display.
cat >"$tmp/b/xchat-client/xchat-client" <<EOF
#!/bin/sh
echo "\$@" >>"$tmp/client-ran"
case \$(cat "$tmp/client-does" 2>/dev/null) in
wait) exec sleep 30 ;;
fail) echo "xchat-client: cannot open display ':forkd-test'" >&2; exit 1 ;;
esac
EOF
chmod +x "$tmp/b/xchat-client/xchat-client"

# ^C as a terminal sends it: to a process group of its own (tests/newgroup)
newgroup=$(cd "$(dirname "$0")/.." && pwd)/newgroup
# waitfor SECS CMD...: poll CMD until it succeeds or time runs out.
waitfor() {
	_n=$(($1 * 20))
	shift
	until "$@" 2>/dev/null; do
		_n=$((_n - 1))
		[ $_n -le 0 ] && return 1
		sleep 0.05
	done
}
# ended PID: the process has exited (a zombie counts: kill -0 would not)
ended() { case $(ps -o stat= -p "$1") in Z*|"") return 0 ;; esac; return 1; }
# left G: what is still running of group G or of the test's server
left() {
	ps -eo pid=,pgid=,stat=,args= | awk -v g="$1" '$2 == g && $3 !~ /^Z/'
	pgrep -af "$tmp/b/forkd-server"
}
# finish G: wait for G's leader to end (20 s, then kill the group): its
# exit status in rc, and in why what is left of it.
finish() {
	if waitfor 20 ended "$1"; then
		wait "$1"
		rc=$?
	else
		why="$why; still running 20 s on"
		kill -KILL -"$1" 2>/dev/null
		wait "$1"
		rc=999
	fi
	leftover=$(left "$1")
	[ -n "$leftover" ] && why="$why; left running: $leftover"
}
result() {	# result NAME: pass or fail by $why
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "$1:$why"
		cat "$tmp/out"
	fi
	pkill -KILL -f "$tmp/b/forkd-server" 2>/dev/null
	rm -f "$tmp/client-ran" "$tmp/client-does"
}
has() { grep -q -- "$1" "$tmp/out"; }

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
	result "run $n"
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

# ^C while the client is open, directly and through make with the
# Makefile's own recipe: status 0, make says nothing, nothing is left.
sed -n '/^run:/,/^$/p' Makefile | grep 'run\.sh' |
    sed "s|\./run\.sh|$RUNSH|" >"$tmp/recipe"
printf 'run:\n%s\n' "$(cat "$tmp/recipe")" >"$tmp/mk"
rm -f "$tmp/client-ran"
for how in direct make; do
	why=
	echo wait >"$tmp/client-does"
	if [ $how = make ]; then
		set -- make -s -f "$tmp/mk" B="$tmp/b" run
	else
		set -- "$RUNSH" "$tmp/b"
	fi
	DISPLAY=:forkd-test PORT=$port "$newgroup" "$@" >"$tmp/out" 2>&1 &
	g=$!
	waitfor 20 test -e "$tmp/client-ran" || why="$why; no client"
	kill -INT -$g
	finish $g
	# make itself dies of the SIGINT it got too (status 130, silently)
	[ $how = direct ] && [ $rc -ne 0 ] && why="$why; exit status $rc"
	has '\*\*\*' && why="$why; make reported an error"
	has 'stopped' || why="$why; the server's last line not shown"
	result "^C ($how)"
done

# The terminal closed (SIGHUP to the group), ^\ (SIGQUIT to the group,
# which the client in the background ignores) or the script alone stopped
# (SIGTERM, as kill or a supervisor sends it): it ends at once, without
# waiting for the window to close, and takes everything with it.
for sig in HUP QUIT TERM; do
	why=
	echo wait >"$tmp/client-does"
	DISPLAY=:forkd-test PORT=$port "$newgroup" "$RUNSH" "$tmp/b" \
	    >"$tmp/out" 2>&1 &
	g=$!
	waitfor 20 test -e "$tmp/client-ran" || why="$why; no client"
	if [ $sig != TERM ]; then
		kill -$sig -$g
	else
		kill -TERM $g
	fi
	finish $g
	[ $rc -eq 0 ] && why="$why; exit status 0"
	result "SIG$sig"
done

# The client ends by itself (/quit, its window closed): status 0, nothing
# left; it cannot start (no display): said, non-zero, nothing left.
for does in quit fail; do
	why=
	echo $does >"$tmp/client-does"
	DISPLAY=:forkd-test PORT=$port "$newgroup" "$RUNSH" "$tmp/b" \
	    >"$tmp/out" 2>&1 &
	finish $!
	if [ $does = quit ]; then
		[ $rc -eq 0 ] || why="$why; exit status $rc"
	else
		[ $rc -ne 0 ] || why="$why; exit status 0"
		has "cannot open display" || why="$why; the client's reason"
		has "client ended with exit status 1" ||
		    why="$why; not said that the client ended"
	fi
	result "client: $does"
done

# No $DISPLAY: the server's "listening" first, then that there is no X
# display and how to connect from a terminal; ^C ends it, status 0.
why=
env -u DISPLAY PORT=$port "$newgroup" "$RUNSH" "$tmp/b" >"$tmp/out" 2>&1 &
g=$!
waitfor 20 has "irssi" || why="$why; no word on how to connect"
lines=$(grep -n -e "listening on" -e "no X display" -e "irssi" "$tmp/out" |
    cut -d: -f1 | tr '\n' ' ')
set -- $lines
if [ $# -eq 3 ]; then
	[ "$1" -lt "$2" ] && [ "$2" -le "$3" ] ||
	    why="$why; announced before the server listened"
else
	why="$why; not one line each of listening, no X display, irssi"
fi
kill -INT -$g
finish $g
[ $rc -eq 0 ] || why="$why; exit status $rc after ^C"
[ -e "$tmp/client-ran" ] && why="$why; a client was started"
result "no display"

# No $DISPLAY, port taken: no announcement at all, the failure said.
why=
"$B/forkd-server" -b 127.0.0.1 -p "$port" 2>"$tmp/holder.log" &
holder=$!
waitfor 20 grep -q "listening on" "$tmp/holder.log" ||
    why="$why; the other server did not start"
env -u DISPLAY PORT=$port "$newgroup" "$RUNSH" "$tmp/b" >"$tmp/out" 2>&1 &
finish $!
[ $rc -ne 0 ] || why="$why; exit status 0"
has "did not start" || why="$why; no 'did not start'"
has "irssi" && why="$why; told to connect to a server that did not start"
has "erv[a-z]* on" && why="$why; announced a room that is not served"
kill $holder; wait $holder 2>/dev/null; holder=
result "no display, port taken"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
