/* fuzz-linebuf.c: libFuzzer target for shared/linebuf.c, the line framer.
 *
 * The input is cut into chunks (sizes taken from its own bytes) and fed
 * to linebuf_next as a socket would deliver it. What comes out is checked
 * against a plain model of RFC 2812 framing computed on the whole input:
 * split at LF, drop one CR before it, skip empty lines, and report a line
 * longer than max bytes (max + 2 with CRLF, or a tail past max + 2 bytes
 * without a LF) as too long, once, with its first max bytes. max is 510
 * (RFC 2812) or, from the first byte, a small one standing for a reader's
 * larger max (the client's IRC_TAGGED_MAX): the same code at any size.
 * Chunking must never change the result. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linebuf.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

typedef struct {
	const uint8_t *data;
	size_t size;
	size_t pos;		/* next segment starts here */
	size_t max;		/* bytes of a line without CRLF */
} Model;

/* The next event the model expects: LB_LINE (with line/len), LB_TOOLONG,
 * or LB_MORE at the end. */
static LbStatus
model_next(Model *m, const uint8_t **line, size_t *len)
{
	const uint8_t *nl;
	size_t seg, body;

	while (m->pos < m->size) {
		nl = memchr(m->data + m->pos, '\n', m->size - m->pos);
		if (!nl) {
			seg = m->size - m->pos;
			*line = m->data + m->pos;
			m->pos = m->size;
			return seg > m->max + 2 ? LB_TOOLONG : LB_MORE;
		}
		seg = (size_t)(nl - (m->data + m->pos));	/* without LF */
		body = seg;
		*line = m->data + m->pos;
		m->pos += seg + 1;
		if (seg + 1 > m->max + 2)
			return LB_TOOLONG;
		if (body > 0 && (*line)[body - 1] == '\r')
			body--;
		if (body > m->max)
			return LB_TOOLONG;
		if (body == 0)
			continue;
		*len = body;
		return LB_LINE;
	}
	return LB_MORE;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Linebuf lb;
	Model m = { 0 };
	const uint8_t *want;
	const char *in;
	char *line;
	size_t n, len, wantlen = 0, chunk, fed = 0, seed;
	LbStatus st, ex;

	if (size < 1)
		return 0;
	seed = data[0];		/* chunk sizes come from the first byte */
	data++, size--;
	m.data = data;
	m.size = size;
	linebuf_init(&lb);
	m.max = seed & 1 ? 1 + seed % 100 : IRC_TEXT_MAX;
	lb.max = m.max;
	while (fed < size) {
		chunk = 1 + (seed * 131 + fed * 7) % 700;
		seed = seed * 33 + 17;
		if (chunk > size - fed)
			chunk = size - fed;
		in = (const char *)data + fed;
		n = chunk;
		while ((st = linebuf_next(&lb, &in, &n, &line, &len)) !=
		       LB_MORE) {
			ex = model_next(&m, &want, &wantlen);
			CHECK(ex == st);
			if (st == LB_LINE) {
				CHECK(len == wantlen && len > 0);
				CHECK(len <= m.max);
				CHECK(line[len] == '\0');
				CHECK(!memcmp(line, want, len));
			} else {	/* LB_TOOLONG: the line's head */
				CHECK(len == m.max && line[len] == '\0');
				CHECK(!memcmp(line, want, len));
			}
		}
		CHECK(n == 0);
		CHECK(in == (const char *)data + fed + chunk);
		fed += chunk;
	}
	/* Whatever the model still has must be a partial line. */
	CHECK(model_next(&m, &want, &wantlen) == LB_MORE);
	return 0;
}
