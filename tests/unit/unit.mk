# tests/unit: a cmocka program per shared/ module, linking libshared.a.
UNIT_SHARED = utf8 nick linebuf irc
UNIT_SHARED_BINS = $(UNIT_SHARED:%=$(B)/tests/unit/test-%)

$(B)/tests/unit/test-%: $(B)/tests/unit/test-%.o $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBSHARED) $(CMOCKA_LIBS)

TEST_PKGS  += libcmocka-dev
TEST_BINS  += $(UNIT_SHARED_BINS)
TEST_PROGS += $(UNIT_SHARED_BINS)

# The lock rule's production behaviour: shm.c without FORKD_CHECKED (a
# checked build, as make SAN=1 makes, aborts instead: test-lockrule).
$(B)/tests/unit/shm-prod.o: forkd-server/shm.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -UFORKD_CHECKED $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/unit/test-shm.o: tests/unit/test-shm.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iforkd-server $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/unit/test-shm: $(B)/tests/unit/test-shm.o $(B)/tests/unit/shm-prod.o \
                         $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

TEST_BINS  += $(B)/tests/unit/test-shm
TEST_PROGS += $(B)/tests/unit/test-shm

# A client's output queue, on a real loopback connection.
$(B)/tests/unit/test-sendq.o: tests/unit/test-sendq.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Iforkd-server $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/unit/sendq.o: forkd-server/sendq.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/unit/test-sendq: $(B)/tests/unit/test-sendq.o \
                           $(B)/tests/unit/sendq.o $(B)/tests/unit/shm-prod.o \
                           $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

TEST_BINS  += $(B)/tests/unit/test-sendq
TEST_PROGS += $(B)/tests/unit/test-sendq
