/* test-procs.c: the process tab's model (xchat-client/procs.c): /procs
 * opens and shows the tab; STATS p is asked only while it is shown and
 * online and the window mapped, one at a time, again a second later; an
 * answer is shown whole at its 219; a server without STATS p is not
 * asked again; hidden, the tab adds no timer to poll(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cmd.h"
#include "fixture.h"
#include "irc.h"
#include "procs.h"
#include "state.h"

static void
answer(void)
{
	feed(":forkd 249 me p :PID     SLOT NICK  STATE   SECS");
	feed(":forkd 249 me p :4242       - (master) asleep 3");
	feed(":forkd 249 me p :4250       0 me    reading    0");
	feed(":forkd 249 me p :lock: free, 0 waiting");
	feed(":forkd 219 me p :End of STATS report");
}

static void
asks_while_shown_then_shows_the_answer(void **state)
{
	const ProcsTable *t = procs_table();

	(void)state;
	assert_int_equal(cmd_run(s, "/procs"), CMD_OK);
	assert_true(procs_is(state_current(s)));
	assert_int_equal(procs_waitms(s, -1), 0);	/* at once */
	procs_tick(s);
	assert_string_equal(sent, "STATS p\r\n");
	procs_tick(s);				/* one at a time */
	assert_string_equal(sent, "STATS p\r\n");
	assert_true(procs_waitms(s, -1) > 0);	/* the answer will wake us */
	feed(":forkd 249 me p :PID     SLOT NICK  STATE   SECS");
	feed(":forkd 249 me p :4242       - (master) asleep 3");
	assert_true(t->when == 0 || t->nrows != 1);	/* not half shown */
	feed(":forkd 249 me p :4250       0 me    reading    0");
	feed(":forkd 249 me p :lock: free, 0 waiting");
	feed(":forkd 219 me p :End of STATS report");
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->head.ncells, 5);
	assert_string_equal(t->rows[1].line + t->rows[1].cell[2], "me");
	assert_string_equal(t->rows[1].line + t->rows[1].cell[3], "reading");
	assert_int_equal(t->ntext, 1);
	assert_string_equal(t->text[0], "lock: free, 0 waiting");
	/* nothing of it went to the room's log */
	assert_int_equal(state_room(s)->nlines, 0);
	/* the next one a second after the last was asked */
	assert_true(procs_waitms(s, -1) > 0 && procs_waitms(s, -1) <= 1000);
	assert_int_equal(procs_waitms(s, 5), 5);	/* others' timers */
}

static void
hidden_it_asks_nothing_and_keeps_no_timer(void **state)
{
	(void)state;
	cmd_run(s, "/procs");
	procs_tick(s);
	answer();
	sent[0] = '\0';
	state_select(s, 0);			/* the room */
	assert_int_equal(procs_waitms(s, -1), -1);	/* poll() sleeps */
	procs_tick(s);
	assert_string_equal(sent, "");
	s->status = ST_OFFLINE;			/* shown, but offline */
	cmd_run(s, "/procs");
	assert_int_equal(procs_waitms(s, -1), -1);
	procs_tick(s);
	assert_string_equal(sent, "");
}

static void
an_unmapped_window_asks_nothing(void **state)
{
	(void)state;
	cmd_run(s, "/procs");
	procs_tick(s);
	answer();
	sent[0] = '\0';
	procs_window(0);			/* iconified */
	assert_int_equal(procs_waitms(s, -1), -1);
	procs_tick(s);
	assert_string_equal(sent, "");
	procs_window(1);			/* back: ask at once */
	assert_int_equal(procs_waitms(s, -1), 0);
	procs_tick(s);
	assert_string_equal(sent, "STATS p\r\n");
	answer();
}

static void
stats_p_typed_by_the_user_is_shown_in_the_room(void **state)
{
	(void)state;
	feed(":forkd 249 me p :4242       - (master) asleep 3");
	assert_int_equal(state_room(s)->nlines, 1);
}

static void
a_server_without_it_is_not_asked_again(void **state)
{
	(void)state;
	cmd_run(s, "/procs");
	procs_tick(s);
	feed(":irc.test 421 me STATS :Unknown command");
	assert_non_null(strstr(procs_note(), "does not show its processes"));
	sent[0] = '\0';
	assert_int_equal(procs_waitms(s, -1), INT32_MAX);
	procs_tick(s);
	assert_string_equal(sent, "");
	cmd_run(s, "/procs");			/* asked for again: asks */
	procs_tick(s);
	assert_string_equal(sent, "STATS p\r\n");
	feed(":forkd 219 me p :End of STATS report");
}

static void
text_typed_in_the_tab_goes_nowhere(void **state)
{
	(void)state;
	cmd_run(s, "/procs");
	procs_tick(s);
	answer();
	sent[0] = '\0';
	assert_int_equal(cmd_run(s, "hello"), CMD_OK);
	assert_string_equal(sent, "");
	assert_non_null(strstr(procs_note(), "say it in the room"));
}

/* 30 processes in 10 rows: PageDown/PageUp move by the rows in view but
 * one, the wheel by rows, never past either end; /procs starts at the top */
static void
the_table_scrolls_within_its_rows(void **state)
{
	char line[128];
	int i;

	(void)state;
	cmd_run(s, "/procs");
	procs_tick(s);
	for (i = 0; i < 30; i++) {
		snprintf(line, sizeof(line), ":forkd 249 me p :%d %d u%d "
		         "asleep 1", 5000 + i, i, i);
		feed(line);
	}
	feed(":forkd 219 me p :End of STATS report");
	assert_int_equal(procs_table()->nrows, 30);
	assert_int_equal(procs_first(10), 0);
	procs_page(1);				/* up at the top: stays */
	assert_int_equal(procs_first(10), 0);
	procs_page(0);
	assert_int_equal(procs_first(10), 9);
	procs_scroll(3);			/* the wheel */
	assert_int_equal(procs_first(10), 12);
	procs_scroll(100);			/* the last page, no further */
	assert_int_equal(procs_first(10), 20);
	procs_page(1);
	assert_int_equal(procs_first(10), 11);
	assert_int_equal(procs_first(40), 0);	/* a taller window: all */
	procs_scroll(-100);
	assert_int_equal(procs_first(10), 0);
	procs_scroll(5);
	assert_int_equal(procs_first(10), 5);
	cmd_run(s, "/procs");			/* opened again: the top */
	assert_int_equal(procs_first(10), 0);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fixture_online, \
                                         fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(asks_while_shown_then_shows_the_answer),
		T(hidden_it_asks_nothing_and_keeps_no_timer),
		T(an_unmapped_window_asks_nothing),
		T(stats_p_typed_by_the_user_is_shown_in_the_room),
		T(a_server_without_it_is_not_asked_again),
		T(text_typed_in_the_tab_goes_nowhere),
		T(the_table_scrolls_within_its_rows),
	};
	return cmocka_run_group_tests_name("procs", tests, NULL, NULL);
}
