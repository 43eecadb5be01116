#!/bin/sh
# tests/fuzz/run.sh [SECONDS [TARGET...]]: run each libFuzzer target for
# SECONDS (default $FUZZ_SHORT or 25) from its seeds in
# tests/fuzz/corpus/<target>/, then print "N passed, N failed".
# Every seed runs first, so each committed crash input is a regression test.
# New inputs go to a scratch directory, or with FUZZ_KEEP=1 to
# $FZ/corpus/<target>/ (kept for `make fuzz`); a crash input is kept there
# and printed in hex with the fuzzer's report.
set -u
cd "$(dirname "$0")/../.." || exit 1
FZ=${FZ:-build-fuzz}
secs=${1:-${FUZZ_SHORT:-25}}
[ $# -gt 0 ] && shift
targets=${*:-linebuf irc utf8 nick session state fmt}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
# fuzz-session's relay makes its doorbell directory here, so that a target
# that dies leaves nothing behind in /tmp.
XDG_RUNTIME_DIR=$scratch
export XDG_RUNTIME_DIR
pass=0 fail=0
for t in $targets; do
	bin=$FZ/fuzz-$t
	seeds=tests/fuzz/corpus/$t
	if [ "${FUZZ_KEEP:-0}" = 1 ]; then
		out=$FZ/corpus/$t
	else
		out=$scratch/$t
	fi
	mkdir -p "$out" "$out.crash"
	log=$scratch/$t.log
	dict=
	case $t in irc|session|state) dict=-dict=tests/fuzz/irc.dict ;; esac
	# -rss_limit_mb: two cores and 24 GiB are shared; -timeout: a session
	# that hangs for 30 s is a bug (nothing in it waits half that long).
	"$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 \
	    -max_len=4096 -print_final_stats=1 $dict \
	    -artifact_prefix="$out.crash/" "$out" "$seeds" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "fuzz-$t: ok, ${execs:-?} runs in ${secs} s (${cov:-cov ?})"
		pass=$((pass + 1))
	else
		echo "fuzz-$t: FAILED (exit $rc)"
		grep -v '^#[0-9]' "$log" | tail -60
		for f in "$out.crash"/*; do
			[ -f "$f" ] || continue
			echo "input $f:"
			od -A d -c "$f" | head -40
		done
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
