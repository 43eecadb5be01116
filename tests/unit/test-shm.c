/* test-shm.c: the lock rule's check as a production build has it
 * (forkd-server/shm.c compiled without FORKD_CHECKED): a broken rule is
 * logged once and refused, and never hangs. The checked build's abort is
 * shown from outside by tests/server/test-lockrule.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/sem.h>
#include <unistd.h>

#include <cmocka.h>

#include "shm.h"

static int warned;
static char said[200];

static void
warn_hook(const char *msg)
{
	warned++;
	strncpy(said, msg, sizeof(said) - 1);
}

static int
setup(void **state)
{
	(void)state;
	warned = 0;
	said[0] = '\0';
	shm_warn = warn_hook;
	return shm_create(4096);
}

static int
teardown(void **state)
{
	(void)state;
	shm_destroy();
	return 0;
}

static int
semval(void)
{
	return semctl(shm_semid(), 0, GETVAL);
}

static void
lock_records_its_holder(void **state)
{
	ShmLockInfo li;

	(void)state;
	assert_int_equal(shm_check_unlocked("anything"), 0);
	shm_lock();
	assert_true(shm_held());
	shm_lock_info(&li);
	assert_int_equal(li.holder, getpid());
	assert_int_equal(li.acquisitions, 1);
	shm_unlock();
	assert_false(shm_held());
	shm_lock_info(&li);
	assert_int_equal(li.holder, 0);
	assert_int_equal(semval(), 1);
	assert_int_equal(warned, 0);
}

/* Taking the lock again would sleep for ever in semop, holding it: a
 * production build says so and does not take it twice. */
static void
nested_lock_is_refused_not_a_hang(void **state)
{
	(void)state;
	shm_lock();
	shm_lock();			/* would hang without the check */
	assert_int_equal(warned, 1);
	assert_non_null(strstr(said, "taking the lock again"));
	assert_int_equal(semval(), 0);	/* still held, once */
	shm_unlock();
	assert_true(shm_held());	/* the outer holder still holds it */
	shm_unlock();
	assert_false(shm_held());
	assert_int_equal(semval(), 1);
	assert_int_equal(shm_trylock(), 0);
	shm_unlock();
}

/* I/O under the lock is refused (the caller gets -1), logged once per
 * process however often it happens. */
static void
io_under_the_lock_is_refused(void **state)
{
	(void)state;
	shm_lock();
	assert_int_equal(shm_check_unlocked("queueing a reply"), -1);
	assert_int_equal(shm_check_unlocked("writing to a client"), -1);
	shm_unlock();
	assert_int_equal(shm_check_unlocked("queueing a reply"), 0);
	assert_int_equal(semval(), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lock_records_its_holder,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(nested_lock_is_refused_not_a_hang,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(io_under_the_lock_is_refused,
		                                setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
