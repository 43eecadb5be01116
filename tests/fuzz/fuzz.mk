# tests/fuzz: libFuzzer targets, built with clang into build-fuzz/ (the
# fuzzers carry ASan and UBSan themselves, whatever SAN says).
#   make fuzz               long run: FUZZ_TIME seconds per target (600)
#   make check T=fuzz       the short run `make test` does (FUZZ_SHORT, 25 s)
# New inputs of a long run go to build-fuzz/corpus/<target>/; crashes are
# saved there too, and belong in tests/fuzz/corpus/<target>/ once fixed.
FZ          = build-fuzz
FUZZ_CC     = clang
FUZZ_SANS   = address,undefined
FUZZ_CFLAGS = -std=c11 -pedantic -Wall -Wextra -Werror -O1 -g \
              -fno-omit-frame-pointer -fno-sanitize-recover=all \
              -fsanitize=fuzzer-no-link,$(FUZZ_SANS)
FUZZ_LDFLAGS = -fsanitize=fuzzer,$(FUZZ_SANS)
# Bugs the fuzzers found (each fixed, its input kept in the corpus):
#   utf8_cut("\xe4\xbd\xa0", 3, 1) returned 1, inside the character;
#   a bare CR inside a client's line was echoed (403/401/318) and relayed
#   in PRIVMSG text ("MODE #nope\rr" got ":forkd 403 ok #nope\rr :...");
#   "WHO **************!" took exponential time in cmd-query.c match()
#   under the table lock, stalling every other user;
#   fuzz-state (the client): a NICK onto a name that had a tab made two
#   tabs of one name; a channel name past CONV_NAME_MAX was cut into
#   another tab's name; users past NICK_MAX were placed by their uncut
#   names (list unsorted, duplicates); a CR typed in the input line
#   became a second IRC line (seed-found holds each);
#   fuzz-fmt: wrap_scroll kept more hidden rows of a line than the line
#   had once the window was wider (scrolling down did nothing for a while).
# A fix not yet made can be let through here as -DKNOWN_BUG_..., loudly.
FUZZ_KNOWN  =
FUZZ_TARGETS = linebuf irc utf8 nick session state fmt
FUZZ_BINS    = $(FUZZ_TARGETS:%=$(FZ)/fuzz-%)
FUZZ_SHORT  ?= 25
FUZZ_TIME   ?= 600

FUZZ_SHARED_OBJ = $(SHARED_SRC:%.c=$(FZ)/%.o)
# The server without main.c and log.c: fuzz-session.c sets conf and
# defines a silent logf_.
FUZZ_SERVER_OBJ = $(patsubst forkd-server/%.c,$(FZ)/server/%.o,\
                  $(filter-out forkd-server/main.c forkd-server/log.c,\
                  $(SERVER_SRC)))

$(FZ)/shared/%.o: shared/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ)/server/%.o: forkd-server/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -DFORKD_CHECKED $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_KNOWN) -Iforkd-server $(FUZZ_CFLAGS) -MMD -MP \
	    -c -o $@ $<

$(FZ)/fuzz-linebuf $(FZ)/fuzz-irc $(FZ)/fuzz-utf8 $(FZ)/fuzz-nick: \
$(FZ)/fuzz-%: $(FZ)/tests/fuzz/fuzz-%.o $(FUZZ_SHARED_OBJ)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^

$(FZ)/fuzz-session: $(FZ)/tests/fuzz/fuzz-session.o $(FUZZ_SERVER_OBJ) \
                    $(FUZZ_SHARED_OBJ)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ -lpthread

# The client's state without X: state, ircin, pending, cmd and procs.
FUZZ_CLIENT_OBJ = $(FZ)/client/state.o $(FZ)/client/ircin.o \
                  $(FZ)/client/pending.o $(FZ)/client/cmd.o \
                  $(FZ)/client/reason.o \
                  $(FZ)/client/procs.o

$(FZ)/client/%.o: xchat-client/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FZ)/tests/fuzz/fuzz-state.o: CPPFLAGS += -Ixchat-client
$(FZ)/fuzz-state: $(FZ)/tests/fuzz/fuzz-state.o $(FUZZ_CLIENT_OBJ) \
                  $(FUZZ_SHARED_OBJ)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^

# The client's text path without X: formatting codes, wrapping, scrolling.
$(FZ)/tests/fuzz/fuzz-fmt.o: CPPFLAGS += -Ixchat-client
$(FZ)/fuzz-fmt: $(FZ)/tests/fuzz/fuzz-fmt.o $(FZ)/client/fmt.o \
                $(FZ)/client/wrap.o $(FUZZ_SHARED_OBJ)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^

fuzz-bins: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@FZ=$(FZ) FUZZ_KEEP=1 ./tests/fuzz/run.sh $(FUZZ_TIME) $(FUZZ_TARGETS)

-include $(shell find $(FZ) -name '*.d' 2>/dev/null)

TEST_PKGS += clang libclang-rt-14-dev
# Under SAN=1 the short fuzz runs are skipped (they carry ASan already).
ifneq ($(SAN),1)
TEST_BINS  += $(FUZZ_BINS)
TEST_PROGS += ./tests/fuzz/run.sh
endif

.PHONY: fuzz fuzz-bins
