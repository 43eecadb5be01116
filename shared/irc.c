/* irc.c: the message grammar (see irc.h). Parsing is done in place on the
 * line buffer, so a Msg lives only as long as the line it came from. */
#include <stdio.h>
#include <string.h>

#include "irc.h"
#include "utf8.h"

static char *
skipspaces(char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* Cut p at the next space: returns the start of what follows. */
static char *
word(char *p)
{
	char *sp = strchr(p, ' ');

	if (!sp)
		return p + strlen(p);
	*sp = '\0';
	return sp + 1;
}

static int
alnum(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

int
irc_parse(char *line, size_t len, Msg *m)
{
	char *p = line;

	memset(m, 0, sizeof(*m));
	/* NUL, CR and LF may not appear inside a message (RFC 2812 2.3.1);
	 * a CR left in a parameter would be echoed back in replies. */
	if (memchr(line, '\0', len) || memchr(line, '\r', len) ||
	    memchr(line, '\n', len))
		return -1;
	p = skipspaces(p);
	if (*p == '@') {		/* IRCv3 message-tags */
		m->tags = p + 1;
		p = skipspaces(word(p));
	}
	if (*p == ':') {
		m->prefix = p + 1;
		p = skipspaces(word(p));
	}
	if (!*p)
		return -1;
	m->cmd = p;
	p = word(p);
	if (!alnum(m->cmd))
		return -1;
	while (*(p = skipspaces(p)) && m->nparams < IRC_MAXPARAMS) {
		if (*p == ':' || m->nparams == IRC_MAXPARAMS - 1) {
			m->params[m->nparams++] = *p == ':' ? p + 1 : p;
			break;
		}
		m->params[m->nparams++] = p;
		p = word(p);
	}
	return 0;
}

/* Cut to IRC_TEXT_MAX on a character boundary and add CRLF. */
static size_t
finish(char *out, size_t n)
{
	if (n > IRC_TEXT_MAX)
		n = utf8_cut(out, n, IRC_TEXT_MAX);
	out[n++] = '\r';
	out[n++] = '\n';
	out[n] = '\0';
	return n;
}

size_t
irc_vfmt(char *out, const char *fmt, va_list ap)
{
	char tmp[IRC_LINE_MAX * 2];
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	size_t len;

	if (n < 0)
		n = 0;
	len = (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1;
	if (len > IRC_TEXT_MAX)
		len = utf8_cut(tmp, len, IRC_TEXT_MAX);
	memcpy(out, tmp, len);
	return finish(out, len);
}

size_t
irc_fmt(char *out, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = irc_vfmt(out, fmt, ap);
	va_end(ap);
	return n;
}

static size_t
put(char *out, size_t n, const char *s)
{
	size_t k = strlen(s);

	if (n + k > IRC_LINE_MAX * 2)	/* the caller's scratch size */
		k = IRC_LINE_MAX * 2 - n;
	memcpy(out + n, s, k);
	return n + k;
}

size_t
irc_cat(char *out, int n, const char *const *parts)
{
	char tmp[IRC_LINE_MAX * 2 + 1];
	size_t k = 0;
	int i;

	for (i = 0; i < n; i++)
		k = put(tmp, k, parts[i]);
	if (k > IRC_TEXT_MAX)
		k = utf8_cut(tmp, k, IRC_TEXT_MAX);
	memcpy(out, tmp, k);
	return finish(out, k);
}

size_t
irc_build(char *out, const char *prefix, const char *cmd, int nparams,
          const char *const *params)
{
	char tmp[IRC_LINE_MAX * 2 + 1];
	size_t n = 0;
	int i;

	if (prefix) {
		n = put(tmp, n, ":");
		n = put(tmp, n, prefix);
		n = put(tmp, n, " ");
	}
	n = put(tmp, n, cmd);
	for (i = 0; i < nparams; i++) {
		const char *p = params[i];
		int last = i == nparams - 1;

		n = put(tmp, n, " ");
		if (last && (!*p || strchr(p, ' ') || *p == ':'))
			n = put(tmp, n, ":");
		n = put(tmp, n, p);
	}
	if (n > IRC_TEXT_MAX)
		n = utf8_cut(tmp, n, IRC_TEXT_MAX);
	memcpy(out, tmp, n);
	return finish(out, n);
}

void
irc_prefix_nick(const char *prefix, char *out, size_t n)
{
	size_t k = strcspn(prefix, "!@");

	if (n == 0)
		return;
	if (k >= n)
		k = n - 1;
	memcpy(out, prefix, k);
	out[k] = '\0';
}

int
irc_cmdcmp(const char *a, const char *b)
{
	unsigned char x, y;

	do {
		x = (unsigned char)*a++;
		y = (unsigned char)*b++;
		x = x >= 'a' && x <= 'z' ? x - 32 : x;
		y = y >= 'a' && y <= 'z' ? y - 32 : y;
	} while (x && x == y);
	return x - y;
}

int
irc_cmdeq(const char *a, const char *b)
{
	return !irc_cmdcmp(a, b);
}
