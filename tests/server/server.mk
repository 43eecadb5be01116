# tests/server: the real server on a free loopback port, raw sockets.
SRVTEST_NAMES = chat commands input limits faults procs proto relay lockrule \
                ops
SRVTEST_BINS  = $(SRVTEST_NAMES:%=$(B)/tests/server/test-%)
HARNESS_OBJ   = $(B)/tests/server/harness.o

$(B)/tests/server/test-%: $(B)/tests/server/test-%.o $(HARNESS_OBJ) \
                          $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $< $(HARNESS_OBJ) $(LIBSHARED) $(CMOCKA_LIBS)

TEST_BINS  += $(SRVTEST_BINS)
TEST_PROGS += $(SRVTEST_BINS) tests/server/test-runsh.sh \
              tests/server/test-unit.sh tests/server/test-options.sh
# systemd-analyze, for test-unit.sh; groff, for test-options.sh
TEST_PKGS  += systemd groff-base
