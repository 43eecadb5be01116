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
# The server is linked statically against musl when musl-gcc is there
# (Debian's musl-tools, in BUILD_PKGS: make run, make test and make bench
# install it): a child then dirties about half the pages it does with
# glibc (doc/benchmarks.md, memory). Without musl-gcc, or with SAN=1
# (ASan needs glibc), or with a compiler named on the command line or in
# the environment (make CC=clang), it is built with $(CC) against glibc,
# without a word.
# MUSL=0 forces glibc, MUSL=1 musl.
MUSL ?= auto
ifeq ($(MUSL),auto)
ifeq ($(SAN)$(origin CC),0default)
MUSL := $(if $(shell command -v musl-gcc 2>/dev/null),1,0)
else
MUSL := 0
endif
endif

# Which libc the server was last linked against: when it changes (make run
# has just installed musl-tools) both programs are linked again. (Missing
# objects alone would not do it: the Makefile's .SECONDARY lets make skip
# them while the program is newer than their sources.)
SERVER_LIBC := $(if $(filter 1,$(MUSL)),musl,glibc)
$(B)/server-libc: server-libc-check
	@mkdir -p $(B)
	@[ "$$(cat $(B)/server-libc 2>/dev/null)" = $(SERVER_LIBC) ] || \
		echo $(SERVER_LIBC) >$(B)/server-libc

# Objects live in $(B)/server/ since $(B)/forkd-server is the program;
# the musl ones (and shared/ compiled for musl) in $(B)/server-musl/.
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

# Both, always against glibc, for valgrind.sh: memcheck cannot see
# malloc in a static program.
SERVER_GLIBC       = $(B)/forkd-server-glibc
SERVER_HOOKS_GLIBC = $(B)/forkd-server-hooks-glibc

$(SERVER_GLIBC): $(SERVER_OBJ) $(LIBSHARED)
	$(CC) $(LDFLAGS) $(SERVER_LDFLAGS) -o $@ $(SERVER_OBJ) $(LIBSHARED)

$(SERVER_HOOKS_GLIBC): $(SERVER_HOOKS_OBJ) $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $(SERVER_HOOKS_OBJ) $(LIBSHARED)

$(B)/server/%.o: forkd-server/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/server-hooks/%.o: forkd-server/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DFORKD_TEST_HOOKS -DFORKD_CHECKED $(CFLAGS) -MMD -MP -c -o $@ $<

ifeq ($(MUSL),1)
MUSL_DIR       = $(B)/server-musl
MUSL_SHARED    = $(MUSL_DIR)/libshared.a
MUSL_OBJ       = $(SERVER_SRC:forkd-server/%.c=$(MUSL_DIR)/server/%.o)
MUSL_HOOKS_OBJ = $(SERVER_SRC:forkd-server/%.c=$(MUSL_DIR)/hooks/%.o)
MUSL_SHARED_OBJ = $(SHARED_SRC:%.c=$(MUSL_DIR)/%.o)

$(MUSL_SHARED): $(MUSL_SHARED_OBJ)
	rm -f $@
	$(AR) rcs $@ $(MUSL_SHARED_OBJ)

$(MUSL_DIR)/shared/%.o: shared/%.c
	@mkdir -p $(@D)
	musl-gcc $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(MUSL_DIR)/server/%.o: forkd-server/%.c
	@mkdir -p $(@D)
	musl-gcc $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(MUSL_DIR)/hooks/%.o: forkd-server/%.c
	@mkdir -p $(@D)
	musl-gcc $(CPPFLAGS) -DFORKD_TEST_HOOKS -DFORKD_CHECKED $(CFLAGS) -MMD -MP -c -o $@ $<

$(SERVER): $(MUSL_OBJ) $(MUSL_SHARED) $(B)/server-libc
	musl-gcc -static $(LDFLAGS) $(SERVER_LDFLAGS) -o $@ $(MUSL_OBJ) $(MUSL_SHARED)

$(SERVER_HOOKS): $(MUSL_HOOKS_OBJ) $(MUSL_SHARED) $(B)/server-libc
	musl-gcc -static $(LDFLAGS) -o $@ $(MUSL_HOOKS_OBJ) $(MUSL_SHARED)
else
$(SERVER): $(SERVER_OBJ) $(LIBSHARED) $(B)/server-libc
	$(CC) $(LDFLAGS) $(SERVER_LDFLAGS) -o $@ $(SERVER_OBJ) $(LIBSHARED)

$(SERVER_HOOKS): $(SERVER_HOOKS_OBJ) $(LIBSHARED) $(B)/server-libc
	$(CC) $(LDFLAGS) -o $@ $(SERVER_HOOKS_OBJ) $(LIBSHARED)
endif

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
BUILD_PKGS      += musl-tools
INSTALL_RULES   += install-server
UNINSTALL_RULES += uninstall-server

.PHONY: server install-server uninstall-server server-libc-check
server-libc-check:
