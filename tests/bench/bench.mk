# tests/bench: `make bench` measures forkd-server against stock servers
# (ngircd always, more with PEERS="ngircd inspircd"); `make bench-client`
# measures xchat-client. tests/bench/bench.sh does the work; the load
# generator is one C program. No timing is ever asserted by `make test`:
# only the smoke run below, which checks delivery and order.
LOADGEN_OBJ = $(B)/tests/bench/loadgen.o $(B)/tests/bench/lgnet.o
LOADGEN     = $(B)/tests/bench/loadgen

$(LOADGEN_OBJ): CPPFLAGS += -Itests/bench

$(LOADGEN): $(LOADGEN_OBJ) $(LIBSHARED)
	$(CC) $(LDFLAGS) -o $@ $(LOADGEN_OBJ) $(LIBSHARED)

PEERS ?= ngircd
BENCH_PKGS += ngircd procps iproute2 $(filter inspircd,$(PEERS))

bench:
	@./deps.sh $(BUILD_PKGS) $(BENCH_PKGS)
	@$(MAKE) --no-print-directory $(filter $(B)/forkd-server,$(ALL_BINS)) $(LOADGEN)
	@B=$(B) PEERS="$(PEERS)" SCEN="$(SCEN)" ROUNDS="$(ROUNDS)" \
		./tests/bench/bench.sh

bench-loadgen: $(LOADGEN)

# xchat-client against HexChat under Xvfb (HexChat runs as nobody).
# keylat types through XTEST and watches the input line (Xlib + XTest).
# firstframe watches the screen through DAMAGE (Xlib + Xdamage); xtrace
# counts the client's round trips to the X server.
CLIENT_BENCH_PKGS = xvfb xdotool hexchat binutils procps libxtst-dev \
                    libxdamage-dev xtrace
KEYLAT = $(B)/tests/bench/keylat
FIRSTFRAME = $(B)/tests/bench/firstframe

$(B)/tests/bench/firstframe.o: CFLAGS += $(shell pkg-config --cflags x11 xdamage)
$(FIRSTFRAME): $(B)/tests/bench/firstframe.o
	$(CC) $(LDFLAGS) -o $@ $< $(shell pkg-config --libs x11 xdamage)

$(B)/tests/bench/keylat.o: CFLAGS += $(shell pkg-config --cflags x11 xtst)
$(KEYLAT): $(B)/tests/bench/keylat.o
	$(CC) $(LDFLAGS) -o $@ $< $(shell pkg-config --libs x11 xtst)

bench-client:
	@./deps.sh $(BUILD_PKGS) $(CLIENT_BENCH_PKGS)
	@$(MAKE) --no-print-directory $(filter $(B)/forkd-server,$(ALL_BINS)) \
		$(CLIENT_BIN) $(LOADGEN) $(KEYLAT) $(FIRSTFRAME)
	@B=$(B) ./tests/bench/bench-client.sh

.PHONY: bench bench-client bench-loadgen

# The smoke run needs the server; it checks delivery and order, no timing.
ifneq ($(filter $(B)/forkd-server,$(ALL_BINS)),)
TEST_BINS  += $(LOADGEN)
TEST_PROGS += tests/bench/smoke.sh
endif
