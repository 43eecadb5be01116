# xchat-client/: the X11 client. Xlib, Xft and fontconfig only.
# Included by the top-level Makefile; adds to its lists.

CLIENT_SRC = xchat-client/state.c xchat-client/ircin.c xchat-client/cmd.c xchat-client/entry.c \
             xchat-client/wrap.c xchat-client/fmt.c xchat-client/cpset.c xchat-client/colour.c xchat-client/net.c xchat-client/drw.c \
             xchat-client/button.c xchat-client/field.c xchat-client/tabs.c \
             xchat-client/list.c xchat-client/logview.c xchat-client/ftext.c \
             xchat-client/login.c xchat-client/chat.c xchat-client/xsel.c \
             xchat-client/xim.c xchat-client/session.c xchat-client/main.c
CLIENT_SRC += xchat-client/pending.c xchat-client/tabfit.c
CLIENT_SRC += xchat-client/xerr.c xchat-client/keys.c xchat-client/paste.c
CLIENT_SRC += xchat-client/reason.c
# XSetIOErrorExitHandler came with libX11 1.7.0
$(B)/xchat-client/xerr.o: CPPFLAGS += $(shell pkg-config \
	--atleast-version=1.7.0 x11 2>/dev/null && \
	echo -DHAVE_XSETIOERROREXITHANDLER)
CLIENT_SRC += xchat-client/procs.c xchat-client/procsview.c
CLIENT_OBJ = $(CLIENT_SRC:%.c=$(B)/%.o)
CLIENT_BIN = $(B)/xchat-client/xchat-client

$(B)/xchat-client/%.o: CFLAGS += $(X11_CFLAGS)

$(CLIENT_BIN): $(CLIENT_OBJ) $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $(CLIENT_OBJ) $(LIBSHARED) $(X11_LIBS)

client: $(CLIENT_BIN)

install-client: $(CLIENT_BIN)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	         $(DESTDIR)$(PREFIX)/share/applications
	cp -f $(CLIENT_BIN) $(DESTDIR)$(PREFIX)/bin/xchat-client
	chmod 755 $(DESTDIR)$(PREFIX)/bin/xchat-client
	sed 's/VERSION/$(VERSION)/g' xchat-client/xchat-client.1 \
	    > $(DESTDIR)$(MANPREFIX)/man1/xchat-client.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/xchat-client.1
	cp -f xchat-client/xchat-client.desktop \
	      $(DESTDIR)$(PREFIX)/share/applications/xchat-client.desktop
	chmod 644 $(DESTDIR)$(PREFIX)/share/applications/xchat-client.desktop

uninstall-client:
	rm -f $(DESTDIR)$(PREFIX)/bin/xchat-client \
	      $(DESTDIR)$(MANPREFIX)/man1/xchat-client.1 \
	      $(DESTDIR)$(PREFIX)/share/applications/xchat-client.desktop

.PHONY: client install-client uninstall-client

# `make` builds what it can: without the X libraries' headers it builds
# the server and says what the client needs (`make run` and `make test`
# install them first).
ifeq ($(shell pkg-config --exists $(X11_PKGS) 2>/dev/null && echo yes),yes)
ALL_BINS        += $(CLIENT_BIN)
else
ALL_BINS        += client-needs-x11
endif

client-needs-x11:
	@echo "note: not building xchat-client: it needs the Debian packages" \
	      "$(BUILD_PKGS) (make run and make test install them)"

.PHONY: client-needs-x11
BUILD_PKGS      += libx11-dev libxft-dev libfontconfig-dev pkg-config
RUN_PKGS        += fonts-dejavu-core fonts-wqy-microhei
INSTALL_RULES   += install-client
UNINSTALL_RULES += uninstall-client
