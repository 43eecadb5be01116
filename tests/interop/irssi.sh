#!/bin/sh
# tests/interop/irssi.sh: irssi (Debian's) against forkd-server, driven in
# tmux with send-keys; what it shows is read from a log irssi keeps of
# every window (level ALL) and, at the end, from the screen (capture-pane).
. "$(dirname "$0")/lib.sh"

TM="tmux -S $T/tmux.sock"
CLEANUP_EXTRA='$TM kill-server 2>/dev/null'
LOG=$T/irssi/all.log
# Quirks met: irssi takes keys that come faster than paste_detect_time as a
# paste and, past a few lines, asks "Hit Ctrl-K to paste" and sends
# nothing; send-keys types that fast, so paste detection is off. irssi
# sends MODE/WHO/MODE b for the room well after the join: "synced" came
# about 20 s after it in every run, so it is checked last.
# irssi probes with "JOIN :" before registering and wants 451 or a CAP
# reply for it (see STOCK-CLIENTS.md): that 451 is expected.
ALLOWED_ERRORS='401 cli nosuchuser |451 \* :You have not registered'

client_start() {
	mkdir -p "$T/irssi"
	cat > "$T/irssi/config" <<-CONF
	settings = {
	  core = { real_name = "irssi user"; user_name = "cli"; nick = "cli"; };
	  "fe-text" = { paste_detect_time = "0"; };
	};
	logs = { "$LOG" = { auto_open = "yes"; level = "ALL"; }; };
	CONF
	$TM -u new-session -d -s irssi -x 200 -y 50 \
	    "env HOME=$T TERM=screen LANG=C.UTF-8 irssi --home=$T/irssi \
	     -c 127.0.0.1 -p $PPORT -n cli"
}

type_line() {
	$TM send-keys -t irssi -l -- "$1"
	$TM send-keys -t irssi Enter
}

client_say() {
	type_line "/window goto #lobby"
	type_line "$1"
}
client_msg() { type_line "/msg $1 $2"; }
client_quit() { type_line "/quit $1"; }

shows_in_room() { has "$LOG" "cli [~cli@127.0.0.1] has joined #lobby"; }
shows_names() {
	grep -A3 -F '[Users #lobby]' "$LOG" 2>/dev/null | grep -F alice |
	    grep -qF bob
}
shows_public() { has "$LOG" "$1> $2"; }
shows_private() { has "$LOG" "$1> $2"; }
shows_nosuch() { has "$LOG" "$1: No such nick/channel"; }
shows_join() { has "$LOG" "$1 [~peer@127.0.0.1] has joined #lobby"; }
shows_nick() { has "$LOG" "$1 is now known as $2"; }
shows_quit() { hasline "$LOG" "$1 [~peer@127.0.0.1] has quit [" "$2]"; }

# MODE #lobby, WHO #lobby and MODE #lobby b all answered (324, 315, 368).
before_quit() {
	WAIT=$((40 * SLOW)) until_true has "$LOG" "Join to #lobby was synced"
	check "irssi synced the room (its MODE/WHO/ban-list queries answered)" \
	    test $? -eq 0
	check "irssi's screen shows the room with bob's Chinese" eval \
	    '$TM capture-pane -p -t irssi | grep -qF "$ZH_IN"'
	# the process table (STATS p, 249 rows and 219): irssi's /stats
	type_line "/stats p"
	WAIT=$((10 * SLOW)) until_true has "$LOG" "p End of STATS report"
	check "irssi's /stats p shows the process table (its own row, the lock)" \
	    eval 'hasline "$LOG" " cli " " reading " && has "$LOG" "p lock: "'
}

run_scenario irssi
finish
