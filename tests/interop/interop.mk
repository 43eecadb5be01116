# tests/interop: stock IRC clients (irssi, WeeChat, ii, sic) against
# forkd-server, each through a recording proxy, with raw-socket peers.
INTEROP_TOOLS = $(B)/tests/interop/ircpeer $(B)/tests/interop/ircproxy

$(B)/tests/interop/ircpeer $(B)/tests/interop/ircproxy: \
$(B)/tests/interop/%: $(B)/tests/interop/%.o $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBSHARED)

TEST_PKGS  += irssi weechat-headless weechat-plugins ii sic tmux
TEST_BINS  += $(INTEROP_TOOLS)
TEST_PROGS += tests/interop/irssi.sh tests/interop/weechat.sh \
              tests/interop/ii.sh tests/interop/sic.sh
