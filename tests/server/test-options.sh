#!/bin/sh
# test-options.sh: the command line and the man page say the same thing.
# Every command-line error exits 2 with its reason on stderr and starts
# nothing; a server that cannot start exits 1; --help and -V exit 0. The
# rule for -h and -V (that of GNU ls, cp, grep): each acts where it comes,
# at once, and ends the command line; what follows it is not looked at
# ('-V extra' prints the version, exits 0), what came before it was (a bad
# value before it is still 2). getopt permutes: 'extra -V' is '-V extra'.
# options --help lists are the ones forkd-server(1) describes, and the
# page renders without a warning from groff (groff-base).
set -u
B=${B:-build}
bin=$B/forkd-server
page=forkd-server/forkd-server.1
tmp=$(mktemp -d)
first=
trap '[ -n "$first" ] && kill "$first" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }

# status WANT TEXT ARGS...: exits with WANT, says TEXT on stderr, and
# never got as far as listening
status() {
	want=$1 text=$2
	shift 2
	timeout 10 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq "$want" ] && ! grep -q listening "$tmp/err" &&
	    { [ -z "$text" ] || grep -qF -- "$text" "$tmp/err"; }; then
		ok "$* -> $want ($text)"
	else
		no "$* -> $rc, not $want with '$text':"; cat "$tmp/err"
	fi
}

status 2 "-p wants a number from 0 to 65535, not '99999'" -p 99999
status 2 "-m wants a number" -m 0
status 2 "--sendq wants a number" --sendq 12x
status 2 "the room's name must start with '#'" -r lobby
status 2 "the server's name must be 1-63 bytes" --name 'a b'
status 2 "--trace wants a nickname" --trace 1x
status 2 "--ping-timeout must be longer" --ping-interval 10 --ping-timeout 5
status 2 "cannot read the MOTD $tmp/none" --motd "$tmp/none"
printf 'caf\351\n' >"$tmp/latin1"
status 2 "is not UTF-8" --motd "$tmp/latin1"
# the MOTD is a regular file, read whole, at most 64 KiB, without NUL
printf 'line one\nline\000two\n' >"$tmp/nul"
status 2 "the MOTD $tmp/nul holds a NUL byte" --motd "$tmp/nul"
awk 'BEGIN { for (i = 0; i < 7000; i++) print "0123456789" }' >"$tmp/big"
status 2 "the MOTD $tmp/big is larger than 64 KiB" --motd "$tmp/big"
status 2 "the MOTD $tmp is not a regular file" --motd "$tmp"
status 2 "the MOTD /dev/zero is not a regular file" --motd /dev/zero
mkfifo "$tmp/fifo"
status 2 "the MOTD $tmp/fifo is not a regular file" --motd "$tmp/fifo"
status 2 "'--bogus' is not an option (forkd-server --help" --bogus
status 2 "'-x' is not an option" -x
status 2 "-p needs a value" -p
status 2 "--sendq needs a value" --sendq
status 2 "'extra' is not an option" extra
status 0 "" --help
status 0 "" -V
status 0 "" -V extra
status 0 "" --help extra
status 0 "" extra -V
status 0 "" -V -p 99999
status 2 "-p wants a number from 0 to 65535, not '99999'" -p 99999 -V

# a port already taken: it cannot start, 1
"$bin" -b 127.0.0.1 -p 0 2>"$tmp/first" &
first=$!
i=0
until grep -q "listening on" "$tmp/first" || [ $i -ge 100 ]; do
	sleep 0.1; i=$((i + 1))
done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/first")
if [ -n "$port" ]; then
	timeout 10 "$bin" -b 127.0.0.1 -p "$port" 2>"$tmp/err"
	rc=$?
	[ $rc -eq 1 ] && grep -q "cannot listen" "$tmp/err" &&
		ok "a taken port -> 1" || { no "a taken port -> $rc"; cat "$tmp/err"; }
else
	no "the first server did not start"; cat "$tmp/first"
fi
kill "$first"; wait "$first"
rc=$?
first=
[ $rc -eq 0 ] && ok "SIGTERM -> 0" || no "SIGTERM -> $rc"

# --help and the page list the same options (-x and --long alike)
"$bin" --help | grep -o -- '^ *-[-a-zA-Z]*\(, --[a-z-]*\)\?' |
    tr ',' '\n' | tr -d ' ' | sort -u >"$tmp/help"
sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$page" |
    awk 'prev == ".TP" { print } { prev = $0 }' | tr -d '\\' |
    grep -o -- '-\{1,2\}[a-zA-Z][-a-z]*' | sort -u >"$tmp/page"
if [ -s "$tmp/help" ] && diff "$tmp/help" "$tmp/page" >"$tmp/diff"; then
	ok "--help and the man page list the same $(wc -l <"$tmp/help") options"
else
	no "--help and the man page differ (< help, > page):"; cat "$tmp/diff"
fi
grep -q '^\.SH EXIT STATUS' "$page" &&
    sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$page" | grep -q '^\.B 2$' &&
    "$bin" --help | grep -q "2 for a command line it cannot use" &&
	ok "EXIT STATUS and --help give 2 for the command line" ||
	no "EXIT STATUS or --help do not say 2"

# the page renders clean
if groff -man -ww -z "$page" >"$tmp/groff" 2>&1 && [ ! -s "$tmp/groff" ]; then
	ok "groff -man -ww: no warning"
else
	no "groff -man -ww says:"; cat "$tmp/groff"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
