# forkd + xchat: one entry point. See README.md.
#
#   make            build everything that can be built here
#   make server     build forkd-server (libc only)
#   make client     build xchat-client (Xlib, Xft, fontconfig)
#   make run        serve the room on 127.0.0.1:6667, and open a client
#   make test       install test packages, build, run every test
#   make test SAN=1 the same under AddressSanitizer + UBSan
#   make bench      measure against stock servers
#   make install / uninstall   (PREFIX, DESTDIR honoured)
#
# Each area keeps its rules in a fragment: shared/shared.mk,
# forkd-server/server.mk, xchat-client/client.mk, tests/*/*.mk. A fragment
# adds to the lists below; this file only ties them together.

include config.mk

ALL_BINS     =	# programs `make` builds
BUILD_PKGS   =	# Debian packages needed to build ALL_BINS
TEST_PKGS    =	# Debian packages the tests need
TEST_BINS    =	# test programs to build before running
TEST_PROGS   =	# test commands, run in this order by tests/run.sh
RUN_PKGS     =	# Debian packages `make run` needs
BENCH_PKGS   =	# Debian packages `make bench` needs
INSTALL_RULES =	# targets run by `make install`
UNINSTALL_RULES =

all: build-all

include shared/shared.mk
include forkd-server/server.mk
include xchat-client/client.mk
include tests/unit/unit.mk
include tests/server/server.mk
include tests/fault/fault.mk
include tests/client/client.mk
include tests/interop/interop.mk
include tests/fuzz/fuzz.mk
include tests/bench/bench.mk

.SECONDARY:

build-all: $(ALL_BINS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

deps:
	@./deps.sh $(BUILD_PKGS)

test-deps:
	@./deps.sh $(BUILD_PKGS) $(TEST_PKGS)

# The packages are installed first, in a make of their own, so that
# pkg-config answers once the -dev packages are there.
test:
	@$(MAKE) --no-print-directory test-deps
	@$(MAKE) --no-print-directory build-all $(TEST_BINS)
	@B=$(B) SAN=$(SAN) TEST_SLOW=$(if $(filter 1,$(SAN)),3,1) ./tests/run.sh $(TEST_PROGS)

# One area's tests, e.g. make check T=server (T is matched against each
# test's path); its packages are installed first, as for make test
check:
	@$(MAKE) --no-print-directory test-deps
	@$(MAKE) --no-print-directory build-all $(TEST_BINS)
	@B=$(B) SAN=$(SAN) TEST_SLOW=$(if $(filter 1,$(SAN)),3,1) ./tests/run.sh $(foreach p,$(TEST_PROGS),$(if $(findstring $(T),$(p)),$(p)))

run:
	@./deps.sh $(BUILD_PKGS) $(RUN_PKGS)
	@$(MAKE) --no-print-directory build-all
	@./run.sh $(B)

install: build-all $(INSTALL_RULES)
uninstall: $(UNINSTALL_RULES)

clean:
	rm -rf build build-san build-fuzz

.PHONY: all build-all deps test-deps test check run install uninstall clean

-include $(shell find $(B) -name '*.d' 2>/dev/null)
