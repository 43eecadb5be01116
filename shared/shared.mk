# shared/: code both programs link, as one static library.
SHARED_SRC = shared/util.c shared/utf8.c shared/nick.c shared/linebuf.c \
             shared/irc.c
SHARED_OBJ = $(SHARED_SRC:%.c=$(B)/%.o)
LIBSHARED  = $(B)/libshared.a

$(LIBSHARED): $(SHARED_OBJ)
	rm -f $@
	$(AR) rcs $@ $(SHARED_OBJ)
