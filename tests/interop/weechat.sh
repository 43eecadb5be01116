#!/bin/sh
# tests/interop/weechat.sh: WeeChat (Debian's weechat-headless) against
# forkd-server, driven through its FIFO plugin ("buffer *text" lines);
# what it shows is read from the logger plugin's file for each buffer.
#
# Quirks met: WeeChat defaults new servers to TLS, so the server is added
# with -notls; its logger buffers lines for 2 minutes unless flush_delay is
# 0; the FIFO exists only once the plugin has started (the script waits).
. "$(dirname "$0")/lib.sh"

W=$T/weechat
FIFO=$W/weechat.fifo
LOGS=$W/logs
ALLOWED_ERRORS='401 cli nosuchuser '

client_start() {
	mkdir -p "$W"
	weechat-headless --dir "$W" -r "\
/set fifo.file.path $FIFO;\
/set logger.file.flush_delay 0;\
/set logger.file.path $LOGS;\
/server add forkd 127.0.0.1/$PPORT -notls;\
/set irc.server.forkd.nicks cli;\
/set irc.server.forkd.username cli;\
/set irc.server.forkd.realname weechat user;\
/connect forkd" </dev/null >"$T/weechat.out" 2>&1 &
	PIDS="$PIDS $!"
	until_true test -p "$FIFO" || {
		echo "# WeeChat's FIFO did not appear"; exit 1
	}
}

fifo() { to_fifo "$FIFO" "$1"; }
client_say() { fifo "irc.forkd.#lobby *$1"; }
client_msg() { fifo "irc.server.forkd */msg $1 $2"; }
client_quit() { fifo "irc.server.forkd */quit $1"; }

ROOM=$LOGS/irc.forkd.#lobby.weechatlog
SERVER=$LOGS/irc.server.forkd.weechatlog
tab=$(printf '\t')
shows_in_room() { has "$ROOM" "cli (~cli@127.0.0.1) has joined #lobby"; }
# WeeChat keeps the names of 353 in its nick list, which no log shows; on
# join it prints the count of 366. The user's /names prints them.
client_names() {
	until_true has "$ROOM" "Channel #lobby: 3 nicks"
	fifo "irc.forkd.#lobby */names"
}
shows_names() { hasline "$ROOM" "Nicks #lobby: [" "alice bob cli]"; }
shows_public() { has "$ROOM" "$1$tab$2"; }
shows_private() { has "$LOGS/irc.forkd.$1.weechatlog" "$1$tab$2"; }
shows_nosuch() { has "$SERVER" "$1: No such nick/channel"; }
shows_join() { has "$ROOM" "$1 (~peer@127.0.0.1) has joined #lobby"; }
shows_nick() { has "$ROOM" "$1 is now known as $2"; }
shows_quit() { hasline "$ROOM" "$1 (~peer@127.0.0.1) has quit (" "$2)"; }

run_scenario WeeChat
finish
