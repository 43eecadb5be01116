/* fixture.h: the State that the client's unit tests without X share
 * (test-cmd, test-state, test-procs): a room "#lobby" joined as "me",
 * every line the client sends captured in sent. Each test runs between
 * fixture_setup (or fixture_online) and fixture_teardown, cmocka's setup
 * and teardown; s and sent are the test's to read and clear. */
#ifndef FIXTURE_H
#define FIXTURE_H

#include "state.h"

#define FIXTURE_SENT 8192	/* bytes of sent lines kept */

extern State *s;
extern char sent[FIXTURE_SENT];

/* A fresh State, not connected (ST_OFFLINE), sent empty; returns 0. */
int fixture_setup(void **state);
/* The same, taken as online (ST_ONLINE) without a welcome. */
int fixture_online(void **state);
int fixture_teardown(void **state);
/* A raw line from the server, parsed (it must parse) and given to s. */
void feed(const char *line);
/* The text of c's newest line; "" for none or no c. */
const char *last(Conv *c);

#endif
