# forkd-server/: the forking IRC server. libc only.
SERVER_SRC = forkd-server/main.c forkd-server/conf.c forkd-server/log.c \
             forkd-server/master.c \
             forkd-server/session.c forkd-server/cmd.c \
             forkd-server/cmd-reg.c forkd-server/cmd-room.c \
             forkd-server/cmd-msg.c forkd-server/cmd-query.c \
             forkd-server/cmd-stats.c forkd-server/scoreboard.c \
             forkd-server/trace.c \
             forkd-server/shm.c forkd-server/relay.c forkd-server/table.c \
             forkd-server/sendq.c forkd-server/reply.c
# Objects live in $(B)/server/ since $(B)/forkd-server is the program.
SERVER_OBJ = $(SERVER_SRC:forkd-server/%.c=$(B)/server/%.o)
SERVER     = $(B)/forkd-server
# Resolve every symbol at start-up, in the master (-z now), and make the
# GOT read-only after (relro): a child then never writes a page of the
# GOT or of ld.so's data, so those stay shared with the master instead of
# being copied into every child on its first call of a libc function.
SERVER_LDFLAGS = -Wl,-z,relro,-z,now

# The same server with test hooks (a command that stops while holding the
# lock), for the test that kills a lock holder. Never installed.
SERVER_HOOKS     = $(B)/forkd-server-hooks
SERVER_HOOKS_OBJ = $(SERVER_SRC:forkd-server/%.c=$(B)/server-hooks/%.o)

$(SERVER): $(SERVER_OBJ) $(LIBSHARED)
	$(CC) $(LDFLAGS) $(SERVER_LDFLAGS) -o $@ $(SERVER_OBJ) $(LIBSHARED)

$(B)/server/%.o: forkd-server/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/server-hooks/%.o: forkd-server/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DFORKD_TEST_HOOKS -DFORKD_CHECKED $(CFLAGS) -MMD -MP -c -o $@ $<

$(SERVER_HOOKS): $(SERVER_HOOKS_OBJ) $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $(SERVER_HOOKS_OBJ) $(LIBSHARED)

server: $(SERVER)

# The systemd unit runs the installed program: ExecStart is the final path
# ($(PREFIX)/bin), without DESTDIR, which is only where files are staged.
install-server: $(SERVER)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	         $(DESTDIR)$(UNITDIR)
	cp -f $(SERVER) $(DESTDIR)$(PREFIX)/bin/forkd-server
	chmod 755 $(DESTDIR)$(PREFIX)/bin/forkd-server
	sed 's/VERSION/$(VERSION)/g' forkd-server/forkd-server.1 \
	    > $(DESTDIR)$(MANPREFIX)/man1/forkd-server.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/forkd-server.1
	sed 's|@BINDIR@|$(PREFIX)/bin|g' forkd-server/forkd-server.service \
	    > $(DESTDIR)$(UNITDIR)/forkd-server.service
	chmod 644 $(DESTDIR)$(UNITDIR)/forkd-server.service

uninstall-server:
	rm -f $(DESTDIR)$(PREFIX)/bin/forkd-server \
	      $(DESTDIR)$(MANPREFIX)/man1/forkd-server.1 \
	      $(DESTDIR)$(UNITDIR)/forkd-server.service

ALL_BINS        += $(SERVER)
TEST_BINS       += $(SERVER_HOOKS)
INSTALL_RULES   += install-server
UNINSTALL_RULES += uninstall-server

.PHONY: server install-server uninstall-server
