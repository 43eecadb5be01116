#!/bin/bash
# gui-ngircd.sh: the login-and-chat GUI test against a stock IRC server
# (Debian's ngircd, which does not auto-join: the client sends JOIN), so
# the client is proven against IRC we did not write.
. "$(dirname "$0")/lib.sh"

TABS=560x26+0+2
LOG=560x475+0+40
LIST=110x440+680+40

command -v /usr/sbin/ngircd >/dev/null ||
	{ echo "ngircd is not installed (make test-deps)"; exit 1; }
start_xvfb
start_ngircd
peer bob || { echo "peer bob could not log in to ngircd"; exit 1; }

start_client
shot form0
keys shift+Tab ctrl+u
type_ "$PORT"
keys Tab ctrl+u
type_ alice
keys Return
check "ngircd: login through the form, alice joins #lobby" \
	until_ 15 heard bob "alice!"
check "ngircd: the chat screen shows the room" until_ 15 title_has "#lobby - alice"
check "ngircd: the user list is drawn" changes chat0 form0 "$LIST"

stock_chat_checks ngircd

finish
