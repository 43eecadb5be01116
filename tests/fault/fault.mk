# tests/fault: chaos under load (test-chaos), and the unit, server and
# client tests again under valgrind (valgrind.sh; not with SAN=1: valgrind
# and AddressSanitizer do not mix).
CHAOS     = $(B)/tests/fault/test-chaos
CHAOS_OBJ = $(B)/tests/fault/test-chaos.o $(B)/tests/fault/chaos-lines.o \
            $(B)/tests/fault/chaos-check.o $(B)/tests/fault/chaos-srv.o \
            $(B)/tests/fault/junk.o $(B)/tests/fault/procinfo.o

$(CHAOS_OBJ): CPPFLAGS += -Itests/server

$(CHAOS): $(CHAOS_OBJ) $(HARNESS_OBJ) $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $(CHAOS_OBJ) $(HARNESS_OBJ) $(LIBSHARED) \
	    $(CMOCKA_LIBS)

TEST_PKGS  += valgrind xvfb xdotool binutils
TEST_BINS  += $(CHAOS)
TEST_PROGS += $(CHAOS)
ifneq ($(SAN),1)
TEST_PROGS += tests/fault/valgrind.sh
# the server against glibc whatever the default build: memcheck cannot see
# malloc in a static musl program
TEST_BINS  += $(SERVER_GLIBC) $(SERVER_HOOKS_GLIBC)
endif
