/* fixture.c: the shared State of the client's unit tests (fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "irc.h"

State *s;
char sent[FIXTURE_SENT];

static void
capture(void *ctx, const char *line)
{
	(void)ctx;
	strncat(sent, line, sizeof(sent) - strlen(sent) - 1);
}

int
fixture_setup(void **state)
{
	(void)state;
	sent[0] = '\0';
	s = state_create("#lobby", "me", 100);
	s->send = capture;
	return 0;
}

int
fixture_online(void **state)
{
	fixture_setup(state);
	s->status = ST_ONLINE;
	return 0;
}

int
fixture_teardown(void **state)
{
	(void)state;
	state_free(s);
	return 0;
}

void
feed(const char *line)
{
	char buf[1024];	/* longer than IRC allows: tests of overlong lines */
	Msg m;

	snprintf(buf, sizeof(buf), "%s", line);
	assert_int_equal(irc_parse(buf, strlen(buf), &m), 0);
	state_irc(s, &m);
}

const char *
last(Conv *c)
{
	return c && c->nlines ? conv_line(c, c->nlines - 1)->text : "";
}
