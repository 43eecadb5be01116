/* procinfo.c: the master's children and memory as /proc tells them.
 *
 * Memory: RssAnon is the master's private heap, stack and private maps;
 * the table and the relay's ring are shared memory (RssShmem), which the
 * master touches a page at a time as slots and ring entries come into use,
 * so only the private figures can say whether something grows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chaos.h"

int
proc_children(pid_t pid, pid_t *out, int max)
{
	char path[64];
	FILE *f;
	int n = 0, p;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid,
	         (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (n < max && fscanf(f, "%d", &p) == 1)
		out[n++] = (pid_t)p;
	fclose(f);
	return n;
}

static long
field(const char *line, const char *name)
{
	size_t n = strlen(name);

	return strncmp(line, name, n) ? -1 : atol(line + n);
}

static void
status(pid_t pid, Mem *m)
{
	char path[64], line[256];
	FILE *f;
	long v;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f)) {
		if ((v = field(line, "VmRSS:")) >= 0)
			m->rss = v;
		else if ((v = field(line, "RssAnon:")) >= 0)
			m->anon = v;
		else if ((v = field(line, "RssShmem:")) >= 0)
			m->shmem = v;
	}
	fclose(f);
}

/* A mapping's header line: "start-end perms offset dev inode path";
 * perms[3] is 'p' for a private mapping, 's' for a shared one. */
static int
header(const char *line, int *private)
{
	char perms[8];

	if (sscanf(line, "%*x-%*x %7s", perms) != 1 || strlen(perms) != 4)
		return 0;
	*private = perms[3] == 'p';
	return 1;
}

int
proc_mem(pid_t pid, Mem *m)
{
	char path[64], line[512];
	FILE *f;
	int private = 0, hdr;
	long v;

	memset(m, 0, sizeof(*m));
	m->rss = -1;
	status(pid, m);
	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
	if (!(f = fopen(path, "r")))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (header(line, &hdr))
			private = hdr;
		else if (private && (v = field(line, "Private_Dirty:")) >= 0)
			m->priv_dirty += v;
	}
	fclose(f);
	return m->rss < 0 ? -1 : 0;
}
