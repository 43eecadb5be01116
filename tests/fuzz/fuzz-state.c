/* fuzz-state.c: libFuzzer target for the client's state without X:
 * state.c, ircin.c, pending.c and cmd.c.
 *
 * The input is lines (LF-separated). A line is what the server says,
 * except: ">text" is typed on the input line (cmd_run), "!D" drops the
 * connection, "!C" connects again, "!S<digit>" selects a tab. The log
 * keeps 8 lines and 5 tabs are the most, so growth, the ring, the tab
 * bound and recycling are all reached. After every line the invariants
 * must hold: the room is tab 0 and the only room; 1 to maxconvs tabs,
 * the current one among them; no two tabs with one name; each log within
 * its capacity, its capacity within logmax; the user list sorted, without
 * duplicates; at most STATE_PENDING commands pending; every line sent is
 * one CRLF-terminated line of at most 512 bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "irc.h"
#include "nick.h"
#include "state.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void
sent(void *ctx, const char *line)
{
	size_t n = strlen(line);

	(void)ctx;
	CHECK(n >= 2 && n <= 512);
	CHECK(line[n - 2] == '\r' && line[n - 1] == '\n');
	CHECK(!memchr(line, '\r', n - 2) && !memchr(line, '\n', n - 1));
}

static void
check(State *s)
{
	size_t i, j;

	CHECK(s->nconvs >= 1 && s->nconvs <= s->maxconvs);
	CHECK(s->cur < s->nconvs);
	CHECK(s->convs[0]->room);
	CHECK(s->npending <= STATE_PENDING);
	for (i = 0; i < s->nconvs; i++) {
		Conv *c = s->convs[i];

		CHECK(i == 0 || !c->room);
		CHECK(c->nlines <= c->cap && c->cap <= s->logmax);
		CHECK(c->nlines <= c->total);
		for (j = 0; j < c->nlines; j++)
			CHECK(conv_line(c, j)->text != NULL);
		for (j = i + 1; j < s->nconvs; j++)
			CHECK(nick_cmp(c->name, s->convs[j]->name) != 0);
	}
	for (i = 1; i < s->nusers; i++)
		CHECK(nick_cmp(s->users[i - 1].nick, s->users[i].nick) < 0);
}

static void
one(State *s, char *l, size_t n)
{
	Msg m;

	if (n && l[0] == '>') {
		l[n] = '\0';
		cmd_run(s, l + 1);
	} else if (n == 2 && !memcmp(l, "!D", 2)) {
		state_disconnected(s, "fuzz");
	} else if (n == 2 && !memcmp(l, "!C", 2)) {
		state_connected(s, "fuzz");
	} else if (n == 3 && !memcmp(l, "!S", 2)) {
		state_select(s, (size_t)(l[2] - '0'));
	} else if (n <= 510 && irc_parse(l, n, &m) == 0) {
		state_irc(s, &m);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	State *s = state_create("#lobby", "me", 8);
	char *buf = malloc(size + 1), *l, *nl;
	size_t n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	s->send = sent;
	s->maxconvs = 5;
	for (l = buf; l < buf + size; l = nl + 1) {
		nl = memchr(l, '\n', (size_t)(buf + size - l));
		if (!nl)
			nl = buf + size;
		n = (size_t)(nl - l);
		*nl = '\0';
		one(s, l, n);
		check(s);
	}
	state_free(s);
	free(buf);
	return 0;
}
