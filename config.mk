# config.mk: paths and flags, included by the Makefile.
# Override on the command line: make CC=clang, make SAN=1, make PREFIX=/usr.

VERSION = 0.1

PREFIX    ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
# systemd looks in /usr/local/lib/systemd/system as well as /lib/...
UNITDIR   ?= $(PREFIX)/lib/systemd/system
DESTDIR   ?=

CC ?= cc

# SAN=1 builds everything with AddressSanitizer and UBSan into build-san/.
SAN ?= 0
ifeq ($(SAN),1)
B = build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
# The server's lock-rule check aborts instead of logging (shm.h).
SANDEFS  = -DFORKD_CHECKED
else
B = build
SANFLAGS =
endif

CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DVERSION=\"$(VERSION)\" -Ishared $(SANDEFS)
CFLAGS   = -std=c11 -pedantic -Wall -Wextra -Werror -O2 -g $(SANFLAGS)
LDFLAGS  = $(SANFLAGS)

# The client: Xlib, Xft and fontconfig, nothing else.
X11_PKGS = x11 xft fontconfig
X11_CFLAGS = $(shell pkg-config --cflags $(X11_PKGS) 2>/dev/null)
X11_LIBS   = $(shell pkg-config --libs $(X11_PKGS) 2>/dev/null)

CMOCKA_LIBS = -lcmocka
