#!/bin/bash
# valgrind.sh: the tests again, under valgrind memcheck: the unit tests
# (shared/ and the client's X-free modules), the server's integration tests
# with the server itself under memcheck (master, janitor and every child:
# valgrind follows fork, and each process writes its own log), and, when
# the client is built, a short login-and-chat session of xchat-client in
# Xvfb. Any memcheck error or any definite leak in any process fails.
# Prints what each part found, then "N passed, N failed".
#
# The harness starts $B/forkd-server; here B points at a directory of
# wrappers that exec valgrind on $B/forkd-server-glibc and -hooks-glibc:
# the server built against glibc, dynamically linked (the default build
# may be static musl, whose malloc memcheck cannot replace, so it would
# see no leak and no bad free at all). Waits are scaled by
# TEST_SLOW (valgrind runs code 20 to 50 times slower). Not with SAN=1:
# valgrind cannot run AddressSanitizer binaries.
#
#   tests/fault/valgrind.sh              all three parts
#   VG_PARTS="unit server" tests/fault/valgrind.sh
#   VG_SERVER_TESTS="chat input faults" tests/fault/valgrind.sh
#   KEEP=1 ...                           keep the logs (path printed)
set -u
B=${B:-build}
ROOT=$(pwd)
PARTS=${VG_PARTS:-unit server client}
# test-limits and test-faults also pass under memcheck but not every time
# yet: each has a test with a race that memcheck's slowness widens (see
# the lead's notes); add them with VG_SERVER_TESTS.
SERVER_TESTS=${VG_SERVER_TESTS:-chat commands input}
SLOW=${VG_SLOW:-10}
pass=0
fail=0
PIDS=

if [ "${SAN:-0}" = 1 ]; then
	echo "valgrind.sh: not with SAN=1 (valgrind cannot run ASan binaries)"
	echo "0 passed, 0 failed"
	exit 0
fi
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
TMP=$(mktemp -d /tmp/forkd-valgrind.XXXXXX)
MAINPID=$$
cleanup() {
	[ "$$" = "$MAINPID" ] || exit 1
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	if [ -n "${KEEP:-}" ]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

VG="valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --trace-children=yes --num-callers=30 --suppressions=$ROOT/tests/fault/valgrind.supp"

ok() { pass=$((pass + 1)); echo "ok - $*"; }
# show FILE: a failed program's output, indented so that tests/run.sh does
# not count its cmocka lines in place of ours
show() { sed 's/^/    /' "$1"; }
nok() { fail=$((fail + 1)); echo "not ok - $*"; }

# memcheck DIR: sum what the logs in DIR report; print each log that has
# an error or a definite leak. Sets VG_ERRORS, VG_LOST, VG_PROCS, VG_CUT
# (processes that never reached their summary: killed on purpose).
memcheck() {
	VG_ERRORS=0 VG_LOST=0 VG_PROCS=0 VG_CUT=0
	for f in "$1"/*.log; do
		[ -e "$f" ] || continue
		VG_PROCS=$((VG_PROCS + 1))
		e=$(sed -n 's/.*ERROR SUMMARY: \([0-9,]*\) error.*/\1/p' "$f" | tr -d ,)
		l=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$f" | tr -d , | head -1)
		if [ -z "$e" ]; then
			VG_CUT=$((VG_CUT + 1))
			continue
		fi
		VG_ERRORS=$((VG_ERRORS + e)) VG_LOST=$((VG_LOST + ${l:-0}))
		if [ "$e" -gt 0 ] || [ "${l:-0}" -gt 0 ]; then
			echo "--- $f"
			cat "$f"
		fi
	done
}

# verdict NAME RC: one result from a test's exit status and its logs
verdict() {
	what="$1: $VG_PROCS processes, $VG_ERRORS errors, $VG_LOST bytes definitely lost"
	[ "$VG_CUT" -gt 0 ] && what="$what ($VG_CUT killed before their summary)"
	if [ "$2" -eq 0 ] && [ "$VG_ERRORS" -eq 0 ] && [ "$VG_LOST" -eq 0 ] &&
	   [ "$VG_PROCS" -gt "$VG_CUT" ]; then
		ok "$what"
	else
		nok "$what (exit status $2)"
	fi
}

# The unit tests: each cmocka program runs under memcheck as a whole.
unit_tests() {
	for t in "$B"/tests/unit/test-* "$B"/tests/client/test-*; do
		case $t in *.o|*.d) continue ;; esac
		[ -x "$t" ] || continue
		n=$(basename "$t")
		mkdir -p "$TMP/unit-$n"
		$VG --log-file="$TMP/unit-$n/%p.log" "$t" >"$TMP/unit-$n.out" 2>&1
		rc=$?
		[ $rc -ne 0 ] && show "$TMP/unit-$n.out"
		memcheck "$TMP/unit-$n"
		verdict "unit $n" $rc
	done
}

# wrap NAME LOGDIR: $TMP/bin/NAME runs $B/NAME-glibc under memcheck.
# Fails if that program is missing or static (no PT_INTERP: memcheck
# could not watch its malloc).
wrap() {
	real=$ROOT/$B/$1-glibc
	[ -x "$real" ] || { echo "$real is not built"; return 1; }
	LC_ALL=C readelf -l "$real" | grep -q 'Requesting program interpreter' ||
		{ echo "$real is static: memcheck cannot see its malloc"; return 1; }
	cat >"$TMP/bin/$1" <<EOF
#!/bin/sh
exec $VG --log-file=$2/$1.%p.log $real "\$@"
EOF
	chmod +x "$TMP/bin/$1"
}

# The server's integration tests, the server under memcheck.
server_tests() {
	mkdir -p "$TMP/bin"
	for t in $SERVER_TESTS; do
		prog=$B/tests/server/test-$t
		[ -x "$prog" ] || { nok "server test-$t: $prog is not built"; continue; }
		mkdir -p "$TMP/server-$t"
		wrap forkd-server "$TMP/server-$t" &&
		wrap forkd-server-hooks "$TMP/server-$t" ||
			{ nok "server test-$t: no dynamic glibc server"; continue; }
		B="$TMP/bin" TEST_SLOW=$SLOW "$prog" >"$TMP/server-$t.out" 2>&1
		rc=$?
		[ $rc -ne 0 ] && show "$TMP/server-$t.out"
		memcheck "$TMP/server-$t"
		verdict "server test-$t" $rc
	done
}

. "$(dirname "$0")/vg-client.sh"

for part in $PARTS; do
	case $part in
	unit) unit_tests ;;
	server) server_tests ;;
	client) client_session ;;
	*) nok "unknown part $part" ;;
	esac
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
