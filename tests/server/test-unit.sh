#!/bin/sh
# test-unit.sh: the systemd unit. `make install-server` (DESTDIR, PREFIX)
# puts it beside the program with ExecStart at the installed path, and
# `systemd-analyze verify` finds nothing to say about it: no unknown or
# misspelt setting (verify only warns on those, so any output fails), an
# executable ExecStart. Verify wants ExecStart to exist, so a copy of the
# unit points at the built program; --man=no: the man page is not
# installed on this machine, only staged.
set -u
B=${B:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; }

if ${MAKE:-make} --no-print-directory -s install-server SAN="${SAN:-0}" \
    DESTDIR="$tmp/stage" PREFIX=/usr >"$tmp/make.out" 2>&1; then
	ok "make install-server DESTDIR=... PREFIX=/usr"
else
	no "make install-server"; cat "$tmp/make.out"
fi
unit=$tmp/stage/usr/lib/systemd/system/forkd-server.service
[ -x "$tmp/stage/usr/bin/forkd-server" ] && ok "program installed" ||
	no "program not in \$DESTDIR\$PREFIX/bin"
[ -f "$tmp/stage/usr/share/man/man1/forkd-server.1" ] &&
	ok "man page installed" || no "man page not installed"
if grep -qx 'ExecStart=/usr/bin/forkd-server $FORKD_SERVER_OPTS' "$unit"
then
	ok "unit installed, ExecStart at \$PREFIX/bin"
else
	no "unit not installed, or ExecStart not /usr/bin/forkd-server"
fi

mkdir -p "$tmp/verify"
sed "s|@BINDIR@|$(cd "$B" && pwd)|" forkd-server/forkd-server.service \
    >"$tmp/verify/forkd-server.service"
if systemd-analyze verify --man=no "$tmp/verify/forkd-server.service" \
    >"$tmp/verify.out" 2>&1 && [ ! -s "$tmp/verify.out" ]; then
	ok "systemd-analyze verify: nothing to say"
else
	no "systemd-analyze verify:"; cat "$tmp/verify.out"
fi
# and it would say something: a misspelt setting is caught
sed 's/^ProtectClock=/ProtectClok=/' "$tmp/verify/forkd-server.service" \
    >"$tmp/verify/bad.service"
systemd-analyze verify --man=no "$tmp/verify/bad.service" \
    >"$tmp/bad.out" 2>&1
grep -q "ProtectClok" "$tmp/bad.out" && ok "a misspelt setting is reported" ||
	no "verify did not report a misspelt setting"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
