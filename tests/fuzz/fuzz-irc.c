/* fuzz-irc.c: libFuzzer target for shared/irc.c, parsing and building.
 *
 * The input is one line as linebuf delivers it (at most 510 bytes, no LF).
 * Properties: irc_parse never reads or writes outside the line, and refuses
 * a CR inside it (a reply echoing one would let a user inject lines); a
 * parsed message has a command of letters and digits and at most 15
 * parameters, only the last of which may hold a space or start with ':' or
 * be empty; tags (IRCv3) are the first word's, after its '@'; irc_build of the parsed message gives at most 512 bytes ending
 * in CRLF, and when it was not cut, parsing it again gives the same
 * message (the round trip). Formatting valid UTF-8 never cuts inside a
 * character. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "irc.h"
#include "utf8.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static int
within(const char *p, const char *line, size_t len)
{
	return p >= line && p <= line + len;
}

static void
check_msg(const Msg *m, const char *line, size_t len)
{
	const char *c;
	int i;

	CHECK(m->cmd && *m->cmd && within(m->cmd, line, len));
	for (c = m->cmd; *c; c++)
		CHECK((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9'));
	CHECK(m->nparams >= 0 && m->nparams <= IRC_MAXPARAMS);
	if (m->prefix)
		CHECK(within(m->prefix, line, len) && !strchr(m->prefix, ' '));
	if (m->tags)		/* the first word, after its '@' */
		CHECK(m->tags > line && m->tags[-1] == '@' &&
		      within(m->tags, line, len) && !strchr(m->tags, ' '));
	for (i = 0; i < m->nparams; i++) {
		CHECK(within(m->params[i], line, len));
		CHECK(!strpbrk(m->params[i], "\r\n"));	/* never echoed */
		if (i < m->nparams - 1)
			CHECK(*m->params[i] && *m->params[i] != ':' &&
			      !strchr(m->params[i], ' '));
	}
}

static int
same(const Msg *a, const Msg *b)
{
	int i;

	if (strcmp(a->cmd, b->cmd) || a->nparams != b->nparams)
		return 0;
	if (!a->prefix != !b->prefix ||
	    (a->prefix && strcmp(a->prefix, b->prefix)))
		return 0;
	for (i = 0; i < a->nparams; i++)
		if (strcmp(a->params[i], b->params[i]))
			return 0;
	return 1;
}

/* The length irc_build gives before any cut. */
static size_t
built_len(const Msg *m)
{
	const char *last;
	size_t n = strlen(m->cmd);
	int i;

	if (m->prefix)
		n += strlen(m->prefix) + 2;
	for (i = 0; i < m->nparams; i++)
		n += 1 + strlen(m->params[i]);
	if (m->nparams) {
		last = m->params[m->nparams - 1];
		if (!*last || strchr(last, ' ') || *last == ':')
			n++;
	}
	return n;
}

static void
check_fmt(const char *s, size_t n)
{
	char text[IRC_LINE_MAX * 2], out[IRC_LINE_MAX + 1];
	size_t k;

	if (n >= sizeof(text) || memchr(s, '\0', n))
		return;
	memcpy(text, s, n);
	text[n] = '\0';
	k = irc_fmt(out, "PRIVMSG #c :%s", text);
	CHECK(k >= 2 && k <= IRC_LINE_MAX && out[k] == '\0');
	CHECK(out[k - 2] == '\r' && out[k - 1] == '\n');
	if (utf8_valid(text, n))
		CHECK(utf8_valid(out, k - 2));
	if (n + 12 <= IRC_TEXT_MAX)
		CHECK(k == n + 14 && !memcmp(out + 12, text, n));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[IRC_LINE_MAX + 1], copy[IRC_LINE_MAX + 1];
	char out[IRC_LINE_MAX + 1];
	Msg m, m2;
	size_t n;

	if (size > IRC_TEXT_MAX || memchr(data, '\n', size))
		return 0;
	check_fmt((const char *)data, size);
	memcpy(line, data, size);
	line[size] = '\0';
	memcpy(copy, line, size + 1);
	if (irc_parse(line, size, &m) < 0)
		return 0;
	CHECK(!memchr(copy, '\0', size));
	check_msg(&m, line, size);
	n = irc_build(out, m.prefix, m.cmd, m.nparams, m.params);
	CHECK(n >= 2 && n <= IRC_LINE_MAX && out[n] == '\0');
	CHECK(out[n - 2] == '\r' && out[n - 1] == '\n');
	CHECK(strlen(out) == n);
	if (built_len(&m) <= IRC_TEXT_MAX) {	/* not cut: round trip */
		CHECK(n == built_len(&m) + 2);
		out[n - 2] = '\0';
		CHECK(irc_parse(out, n - 2, &m2) == 0);
		CHECK(same(&m, &m2));
	}
	return 0;
}
