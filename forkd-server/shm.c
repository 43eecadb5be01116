/* shm.c: the shared mapping and the lock (see shm.h for the lock rule and
 * the stack of layers above this one).
 *
 * Called by table.c and relay.c only; the master creates and destroys,
 * the children inherit. (And the janitor asks shm_mapped_by whether a
 * pid is one of ours.) Nothing here prints or exits, except a process
 * whose semaphore vanished (its server is gone) and the checked builds'
 * abort on a broken lock rule. */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <time.h>
#include <unistd.h>

#include "shm.h"
#include "util.h"

#define ALIGN(n) (((n) + 63) & ~(size_t)63)
/* The span one page of page-table entries maps: 512 entries of 4 KiB
 * pages on x86-64 and arm64 (elsewhere, a good enough alignment). */
#define PT_SPAN ((size_t)2 << 20)

union semun { int val; struct semid_ds *buf; unsigned short *array; };

void (*shm_warn)(const char *msg);
void (*shm_hook)(ShmEvent ev, long long wait_us);

static char *base;
static size_t maplen, used;
static ShmLock *lk;
static int semid = -1;
static int depth;		/* this process: 1 while it holds the lock */

size_t
shm_region(size_t bytes)
{
	return ALIGN(bytes);
}

int
shm_create(size_t bytes)
{
	union semun arg = { .val = 1 };
	char *raw;
	size_t head;

	/* At a PT_SPAN boundary: what every process touches (the table,
	 * the scoreboard, the log; table.c carves them first) then lies in
	 * as few PT_SPAN regions as its size allows, and each region a
	 * process touches costs it a page of page-table entries. The
	 * unaligned head and tail of the mapping are unmapped. */
	maplen = (ALIGN(sizeof(ShmLock)) + ALIGN(bytes) + 4095) &
	         ~(size_t)4095;
	raw = mmap(NULL, maplen + PT_SPAN, PROT_READ | PROT_WRITE,
	           MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED) {
		base = NULL;
		return -1;
	}
	base = (char *)(((uintptr_t)raw + PT_SPAN - 1) &
	                ~(uintptr_t)(PT_SPAN - 1));
	head = (size_t)(base - raw);
	if (head)
		munmap(raw, head);
	munmap(base + maplen, PT_SPAN - head);	/* never 0 bytes */
	lk = (ShmLock *)base;
	used = ALIGN(sizeof(ShmLock));
	semid = semget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0600);
	if (semid < 0 || semctl(semid, 0, SETVAL, arg) < 0) {
		munmap(base, maplen);
		base = NULL;
		return -1;
	}
	return 0;
}

void *
shm_carve(size_t bytes)
{
	char *p;

	if (!base || used + ALIGN(bytes) > maplen)
		return NULL;
	p = base + used;
	used += ALIGN(bytes);
	return p;
}

void
shm_destroy(void)
{
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	semid = -1;
	if (base)
		munmap(base, maplen);
	base = NULL;
	lk = NULL;
}

int
shm_semid(void)
{
	return semid;
}

static void
violation(const char *what)
{
	char msg[160];
#ifndef FORKD_CHECKED
	static int told;
#endif

	snprintf(msg, sizeof(msg), "lock rule broken: %s while holding "
	         "the table lock (pid %d)", what, (int)getpid());
#ifdef FORKD_CHECKED
	fprintf(stderr, "forkd-server: %s\n", msg);
	abort();
#else
	if (!told++ && shm_warn)
		shm_warn(msg);
#endif
}

int
shm_check_unlocked(const char *what)
{
	if (!depth)
		return 0;
	violation(what);
	return -1;
}

int
shm_held(void)
{
	return depth > 0;
}

/* One semop: 0, or -1 (EAGAIN with nowait). A semaphore that is gone
 * (EIDRM, EINVAL) means the master is dead and the janitor has cleaned
 * up: there is no server left to serve, so leave at once. */
static int
semstep(short delta, int nowait)
{
	struct sembuf op = { 0, delta, SEM_UNDO | (nowait ? IPC_NOWAIT : 0) };

	while (semop(semid, &op, 1) < 0) {
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN && nowait)
			return -1;
		_exit(1);
	}
	return 0;
}

static void
taken(long long waited_us)
{
	uint64_t w = waited_us > 0 ? (uint64_t)waited_us : 0;

	depth = 1;
	if (shm_hook)
		shm_hook(SHM_TAKEN, waited_us);
	atomic_store_explicit(&lk->holder, getpid(), memory_order_relaxed);
	atomic_fetch_add_explicit(&lk->acquisitions, 1, memory_order_relaxed);
	if (waited_us < 0)
		return;
	atomic_fetch_add_explicit(&lk->contended, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&lk->wait_us_total, w, memory_order_relaxed);
	if (w > atomic_load_explicit(&lk->wait_us_max, memory_order_relaxed))
		atomic_store_explicit(&lk->wait_us_max, w,
		                      memory_order_relaxed);
}

void
shm_lock(void)
{
	long long t0;

	if (depth) {		/* it would sleep forever, holding it */
		violation("taking the lock again");
		depth++;	/* production: not taken twice; no hang */
		return;
	}
	/* The usual case costs one semop; only a wait is timed. */
	if (semstep(-1, 1) == 0) {
		taken(-1);
		return;
	}
	if (shm_hook)
		shm_hook(SHM_WAITING, 0);
	t0 = now_us();
	semstep(-1, 0);
	taken(now_us() - t0);
}

int
shm_trylock(void)
{
	if (depth) {
		violation("taking the lock again");
		return -1;
	}
	if (semstep(-1, 1) < 0)
		return -1;
	taken(-1);
	return 0;
}

void
shm_unlock(void)
{
	if (depth > 1) {	/* the refused nested lock of production */
		depth--;
		return;
	}
	depth = 0;
	atomic_store_explicit(&lk->holder, 0, memory_order_relaxed);
	semstep(1, 0);
	if (shm_hook)
		shm_hook(SHM_RELEASED, 0);
}

/* Find, in /proc/<pid>/maps, the line of the mapping that holds `at`
 * (at != 0: sets dev and *ino), or a line of the file dev:*ino (at == 0).
 * 1 found, 0 not, -1 when the file cannot be read (gone, or not ours to
 * read). A line is "start-end perms offset dev inode [path]". */
static int
scanmaps(pid_t pid, uintptr_t at, char dev[16], unsigned long *ino)
{
	unsigned long long lo, hi;
	unsigned long i;
	char path[64], d[16], *line = NULL;
	size_t cap = 0;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (!found && getline(&line, &cap, f) > 0) {
		if (sscanf(line, "%llx-%llx %*s %*s %15s %lu", &lo, &hi, d,
		           &i) != 4)
			continue;
		if (at && lo <= at && at < hi) {
			memcpy(dev, d, sizeof(d));
			*ino = i;
			found = 1;
		} else if (!at && i == *ino && !strcmp(d, dev)) {
			found = 1;
		}
	}
	free(line);
	fclose(f);
	return found;
}

int
shm_mapped_by(pid_t pid)
{
	static char dev[16];
	static unsigned long ino;	/* 0: not known yet */

	if (!base)
		return -1;
	if (!ino && (scanmaps(getpid(), (uintptr_t)base, dev, &ino) != 1 ||
	             !ino))
		return -1;
	return scanmaps(pid, 0, dev, &ino);
}

void
shm_lock_info(ShmLockInfo *out)
{
	int n = semid >= 0 ? semctl(semid, 0, GETNCNT) : -1;
	int val = semid >= 0 ? semctl(semid, 0, GETVAL) : -1;

	/* A holder killed in its critical section leaves its pid behind
	 * (SEM_UNDO frees the semaphore, not our record): a free
	 * semaphore has no holder, whatever the record says. */
	out->holder = val == 0 ?
	              atomic_load_explicit(&lk->holder, memory_order_relaxed) :
	              0;
	out->waiters = n < 0 ? 0 : n;
	out->acquisitions = atomic_load(&lk->acquisitions);
	out->contended = atomic_load(&lk->contended);
	out->wait_us_total = atomic_load(&lk->wait_us_total);
	out->wait_us_max = atomic_load(&lk->wait_us_max);
}
