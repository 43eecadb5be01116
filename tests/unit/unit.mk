# tests/unit: a cmocka program per shared/ module, linking libshared.a.
UNIT_SHARED = utf8 nick linebuf irc
UNIT_SHARED_BINS = $(UNIT_SHARED:%=$(B)/tests/unit/test-%)

$(B)/tests/unit/test-%: $(B)/tests/unit/test-%.o $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBSHARED) $(CMOCKA_LIBS)

TEST_PKGS  += libcmocka-dev
TEST_BINS  += $(UNIT_SHARED_BINS)
TEST_PROGS += $(UNIT_SHARED_BINS)
