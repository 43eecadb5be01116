#!/bin/sh
# tests/run.sh PROG...: run each test program, count cmocka's results (or
# one result per plain program, by its exit status), print one summary
# line "N passed, N failed" and exit non-zero if anything failed.
# Each program gets TEST_TIMEOUT seconds (default 600) before it is killed.
set -u
pass=0 fail=0 failed=
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$@"; do
	echo "== $t"
	timeout -k 5 "${TEST_TIMEOUT:-600}" sh -c "$t" >"$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		# not cmocka: a script may print its own "N passed, N failed"
		p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$log" | tail -1)
		f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$log" | tail -1)
		[ -z "$p" ] && { if [ $rc -eq 0 ]; then p=1 f=0; else p=0 f=1; fi; }
	fi
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# crashed, timed out or a sanitizer fired after the tests
		[ $rc -eq 124 ] && echo "!! $t: timed out"
	fi
	pass=$((pass + p)) fail=$((fail + f))
	[ $rc -ne 0 ] && failed="$failed $t"
done
echo
[ -n "$failed" ] && echo "failing:$failed"
echo "$pass passed, $fail failed"
[ -z "$failed" ]
