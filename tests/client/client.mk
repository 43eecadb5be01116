# tests/client: the client's unit tests (cmocka, no X server) and its GUI
# tests (Xvfb + xdotool against forkd-server, ngircd and InspIRCd).

CLIENT_UNIT = wrap entry state cmd net fmt cpset colour keys paste procs
# The programs go to tests/client/ so that `make check T=client` runs them.
CLIENT_UNIT_BINS = $(CLIENT_UNIT:%=$(B)/tests/client/test-%)
CLIENT_NOX_OBJ = $(B)/xchat-client/state.o $(B)/xchat-client/ircin.o \
                 $(B)/xchat-client/pending.o \
                 $(B)/xchat-client/cmd.o \
                 $(B)/xchat-client/entry.o $(B)/xchat-client/wrap.o \
                 $(B)/xchat-client/net.o $(B)/xchat-client/fmt.o \
                 $(B)/xchat-client/cpset.o $(B)/xchat-client/colour.o \
                 $(B)/xchat-client/keys.o $(B)/xchat-client/paste.o \
                 $(B)/xchat-client/reason.o \
                 $(B)/xchat-client/procs.o

$(B)/tests/unit/test-wrap.o $(B)/tests/unit/test-entry.o \
$(B)/tests/unit/test-state.o $(B)/tests/unit/test-cmd.o \
$(B)/tests/unit/test-net.o $(B)/tests/unit/test-fmt.o \
$(B)/tests/unit/test-cpset.o $(B)/tests/unit/test-colour.o $(B)/tests/unit/test-keys.o \
$(B)/tests/unit/test-paste.o \
$(B)/tests/unit/test-procs.o $(B)/tests/unit/fixture.o: \
	CPPFLAGS += -Ixchat-client

$(CLIENT_UNIT_BINS): $(B)/tests/client/test-%: $(B)/tests/unit/test-%.o \
                     $(CLIENT_NOX_OBJ) $(LIBSHARED)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(filter %/fixture.o,$^) $(CLIENT_NOX_OBJ) \
	      $(LIBSHARED) $(CMOCKA_LIBS)

# The State these share (tests/unit/fixture.h)
CLIENT_FIXTURE_UNIT = state cmd procs
$(CLIENT_FIXTURE_UNIT:%=$(B)/tests/client/test-%): $(B)/tests/unit/fixture.o

# session.c reports through win_* (session.h), which the test defines
$(B)/tests/unit/test-session.o: CPPFLAGS += -Ixchat-client
$(B)/tests/unit/test-tabfit.o: CPPFLAGS += -Ixchat-client
$(B)/tests/client/test-tabfit: $(B)/tests/unit/test-tabfit.o \
                               $(B)/xchat-client/tabfit.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

$(B)/tests/client/test-session: $(B)/tests/unit/test-session.o \
                     $(B)/xchat-client/session.o $(CLIENT_NOX_OBJ) $(LIBSHARED)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(B)/xchat-client/session.o \
	      $(CLIENT_NOX_OBJ) $(LIBSHARED) $(CMOCKA_LIBS)

TEST_BINS  += $(CLIENT_UNIT_BINS) $(B)/tests/client/test-session \
              $(B)/tests/client/test-tabfit
TEST_PROGS += $(CLIENT_UNIT_BINS) $(B)/tests/client/test-session \
              $(B)/tests/client/test-tabfit

# GUI tests: Xvfb, xdotool, ImageMagick, xclip; a CJK font so Chinese is
# really drawn; ngircd and InspIRCd as the stock servers.
TEST_PKGS  += xvfb xdotool x11-utils x11-xserver-utils x11-xkb-utils \
              imagemagick xclip \
              fonts-dejavu-core fonts-wqy-microhei ngircd inspircd \
              fonts-noto-color-emoji
# a real input method for gui-xim.sh: uim's XIM bridge and pinyin engine,
# the core fonts it draws its preedit with, and locales for localedef
TEST_PKGS  += uim-xim uim-pinyin xfonts-base locales
# xsel: a clipboard owner that sends large texts by INCR (gui-input.sh)
TEST_PKGS  += xsel
TEST_BINS  += $(B)/tests/client/wmclose $(B)/tests/client/selvanish \
              $(B)/tests/client/selowner $(B)/tests/client/selget
TEST_PROGS += tests/client/gui-forkd.sh tests/client/gui-ngircd.sh \
              tests/client/gui-inspircd.sh tests/client/gui-text.sh \
              tests/client/gui-input.sh tests/client/gui-xim.sh \
              tests/client/gui-procs.sh tests/client/gui-run.sh

$(B)/tests/client/wmclose.o $(B)/tests/client/selvanish.o \
$(B)/tests/client/selowner.o $(B)/tests/client/selget.o: \
	CFLAGS += $(X11_CFLAGS)
$(B)/tests/client/wmclose $(B)/tests/client/selvanish \
$(B)/tests/client/selowner $(B)/tests/client/selget: \
$(B)/tests/client/%: $(B)/tests/client/%.o
	$(CC) $(LDFLAGS) -o $@ $< $(X11_LIBS)

# The README's picture, made again from the current client (not a test).
screenshot: build-all
	@B=$(B) ./tests/client/screenshot.sh xchat-client/screenshot.png

.PHONY: screenshot
