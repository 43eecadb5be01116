/* master.c: the process that owns the listening socket.
 *
 * It only listens, accepts, checks capacity, assigns a slot, forks, reaps,
 * closes the rounds of private-line doorbells (relay.h) and shuts down.
 * It never parses IRC, never waits for the table's lock
 * (a child holding it may be stopped or dying: see table_reap), and never
 * blocks on a child. Signals only write a byte to a self-pipe; the poll()
 * loop does the work.
 *
 * Before the first client it forks the janitor: a tiny process that waits
 * on a pipe from the master. If the master dies without cleaning up (say,
 * SIGKILL), the pipe reads EOF and the janitor removes what the kernel
 * would keep: the System V semaphore. The
 * children see the master's death themselves (PR_SET_PDEATHSIG); the
 * janitor waits for them a moment and kills what still runs, through
 * pidfds, and only processes that are ours: their pids may have been
 * reaped by init and reused by then (see watch()). The master's own
 * kills need no such care: it is their parent, a pid it has not reaped
 * cannot be reused.
 *
 * What the master writes in shared memory, and why: a slot's state, gen,
 * host and pid when it assigns it (the slot is FREE, nobody else looks
 * at it: no lock), and, when it reaps a child, the slot's release and, if
 * that child crashed while registered, its QUIT line in the log, so that
 * the room hears of a crash that the dead process cannot report itself.
 * It takes the lock for that with a trylock only (table_reap): a busy
 * lock means "reap again a moment later", never a wait. */
#define _GNU_SOURCE		/* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "config.h"
#include "log.h"
#include "master.h"
#include "relay.h"
#include "scoreboard.h"
#include "session.h"
#include "shm.h"
#include "table.h"
#include "util.h"

/* A numeric address as getnameinfo writes it: an IPv6 one with a zone
 * ("fe80::1%eth0") is at most INET6_ADDRSTRLEN + IF_NAMESIZE bytes. Not
 * NI_MAXHOST (1025, for names): these buffers sit in the frames below
 * which every child runs, and 2 KiB of them there were a stack page more
 * in many a child. */
#define ADDR_MAX 64
#define SHUTDOWN_GRACE_MS 3000
#define JANITOR_GRACE_MS 1500	/* < 2 s: the whole server gone in 2 s */

/* The master's own record of a slot's process, beside the shared table:
 * only the master reads or writes it, so it needs no lock, and the master
 * never has to wait for the table's lock to know its children. */
typedef struct {
	pid_t pid;		/* the child, or 0 */
	int reap_pending;	/* reaped, but the table's lock was busy */
	int held;		/* dead, not reaped: a ring may hold its pid */
	char reason[64];	/* why it ended, for its QUIT if it crashed */
} Child;

static int selfpipe[2] = { -1, -1 };
static volatile sig_atomic_t got_term;
static Child *children;	/* conf.capacity of them, by slot */

static size_t
childrensize(void)
{
	return (size_t)conf.capacity * sizeof(*children);
}
static int nchildren;
static pid_t janitor = -1;
static int janitor_fd = -1;
static pid_t master_pid;

/* The one signal handler, installed before the first fork and inherited
 * by every child, which never calls sigaction for a handler itself:
 * musl's sigaction writes its own bookkeeping (the set of handled
 * signals, a flag), and that page was then copied into every child, 4
 * KiB each. A SIGTERM (or, for --one, a SIGINT, SIGHUP or SIGQUIT)
 * stops the session this process runs, if any; in a child the self-pipe
 * is -1 (child_after_fork) and the write fails harmlessly. In the master,
 * SIGHUP (a closed terminal, a dropped ssh) and SIGQUIT (^\) are
 * SIGTERM: a clean stop, every client told, the semaphore removed; by
 * their default action every process died at once and the semaphore
 * stayed. */
static void
onsignal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP ||
	    sig == SIGQUIT) {
		/* No shared memory here: it may be unmapped already
		 * (a second signal during shutdown_all). shutdown_all says
		 * "stopping" to the children (stop_reason). */
		got_term = 1;
		session_stop();
	}
	if (write(selfpipe[1], &c, 1) < 0) {
		/* full pipe: a wake-up is pending already; in a child, no
		 * pipe */
	}
	errno = saved;
}

/* A broken lock rule in a production build (shm.h): say so, once. */
static void
lockrule_warn(const char *msg)
{
	logf_("%s", msg);
}

/* Does pid still run? Not kill(pid, 0): it succeeds on a zombie, and the
 * children of a dead master are zombies until their new parent (init, or
 * a subreaper) reaps them, which may be late, or never in a container
 * whose init does not reap: the janitor would wait its whole grace for
 * processes that have ended. /proc/PID/stat's state letter tells. */
static int
running(pid_t pid)
{
	char c = proc_state((int)pid);

	return c && c != 'Z' && c != 'X' && c != 'x';
}

/* pidfd_open(2) and pidfd_send_signal(2) (Linux >= 5.3), by number:
 * musl has no wrappers, glibc only since 2.36. */
static int
pidfd_open_(pid_t pid)
{
#if defined(SYS_pidfd_open) && defined(SYS_pidfd_send_signal)
#ifdef FORKD_TEST_HOOKS
	if (getenv("FORKD_TEST_NO_PIDFD")) {	/* the old kernel's path */
		errno = ENOSYS;
		return -1;
	}
#endif
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	errno = ENOSYS;
	return -1;
#endif
}

static int
pidfd_kill(int fd, int sig)
{
#ifdef SYS_pidfd_send_signal
	return (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
#else
	(void)fd, (void)sig;
	errno = ENOSYS;
	return -1;
#endif
}

/* The sessions the janitor waits for, then kills: those with a pidfd
 * (watched by poll: a pidfd polls readable once its process has ended,
 * a zombie included), and those without (no pidfd_open on this kernel,
 * or no descriptor left), watched through /proc by pid. */
typedef struct {
	struct pollfd *pfd;
	int npfd;
	pid_t *pid;
	int npid;
} Watch;

/* Take pid (from the table) into w if it is one of ours and still runs;
 * returns 1 if so. The pid may be reused already: the master's children
 * were reparented when it died, and their new parent may have reaped
 * them at once (or the master itself reaped one whose slot it had not
 * freed yet: table_reap's lock was busy). So: a pidfd first, pinning
 * the process that has the pid now; then is that process ours (its maps
 * show our shared mapping: shm_mapped_by; a zombie has no maps and has
 * ended anyway); then does the pidfd's process still exist, so that the
 * maps read was of it and not of a later owner of the pid. From then on
 * the pidfd cannot reach anyone else. Without a pidfd, the same check is
 * made again right before the kill (janitor_kill). */
static int
watch(Watch *w, pid_t pid)
{
	static int told;
	int fd = pidfd_open_(pid);

	if (fd < 0 && errno != ENOSYS && errno != EMFILE && errno != ENFILE &&
	    errno != ENOMEM)
		return 0;	/* ESRCH: gone */
	if (fd < 0 && !told++)
		logf_("no pidfd (%s): sessions are watched by pid, each "
		      "checked again right before a kill", strerror(errno));
	if (shm_mapped_by(pid) != 1 || (fd >= 0 && pidfd_kill(fd, 0) < 0)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	if (fd >= 0)
		w->pfd[w->npfd++] = (struct pollfd){ fd, POLLIN, 0 };
	else
		w->pid[w->npid++] = pid;
	return 1;
}

/* Wait until every watched process has ended or until `until` (ms, on
 * now_ms's clock); those ended leave w. Returns how many still run. */
static int
janitor_wait(Watch *w, long long until)
{
	long long left;
	int i;

	for (;;) {
		for (i = 0; i < w->npfd; i++)
			if (w->pfd[i].revents) {	/* POLLIN: it ended */
				close(w->pfd[i].fd);
				w->pfd[i--] = w->pfd[--w->npfd];
			}
		for (i = 0; i < w->npid; i++)
			if (!running(w->pid[i]))
				w->pid[i--] = w->pid[--w->npid];
		left = until - now_ms();
		if (!(w->npfd + w->npid) || left <= 0)
			return w->npfd + w->npid;
		/* /proc has no event: a 20 ms look while pids are watched */
		if (poll(w->pfd, (nfds_t)w->npfd, (int)(w->npid ?
		         MIN(left, 20) : left)) < 0 && errno != EINTR)
			return w->npfd + w->npid;
	}
}

/* SIGKILL what still runs. Returns how many were killed. Without a pidfd
 * (kernels before 5.3) the check of watch() is made again just before
 * kill(): the pid could still be reused between the two, but only within
 * those microseconds, no longer across the whole grace. */
static int
janitor_kill(Watch *w)
{
	int i, killed = 0;

	for (i = 0; i < w->npfd; i++)
		killed += pidfd_kill(w->pfd[i].fd, SIGKILL) == 0;
	for (i = 0; i < w->npid; i++)
		killed += running(w->pid[i]) && shm_mapped_by(w->pid[i]) == 1 &&
		          kill(w->pid[i], SIGKILL) == 0;
	return killed;
}

/* Signals the server never uses, whose default action would end a
 * process: ignored by the master before its first fork, so by the
 * janitor and every child too (SIG_IGN costs a child nothing: see
 * onsignal). A stray SIGUSR1 to the master ended the server as "its
 * master process is gone". SIGTRAP and SIGSYS stay: debuggers, seccomp. */
static void
ignore_unused(void)
{
	static const int sigs[] = { SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM,
	                            SIGPROF, SIGXCPU, SIGXFSZ, SIGIO, SIGPWR,
#ifdef SIGSTKFLT
	                            SIGSTKFLT,
#endif
	                          };
	struct sigaction sa = { 0 };
	size_t i;
	int sig;

	sa.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	for (sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		sigaction(sig, &sa, NULL);
}

static void
janitor_main(int fd)
{
	struct sigaction sa = { 0 };
	struct rlimit rl;
	long long start;
	Watch w = { 0 };
	char c;
	ssize_t r;
	pid_t pid;
	int i, killed, sessions = 0, strangers = 0;

	/* Every signal that can be ignored is: the janitor must outlive
	 * the master, whatever reaches it (a ^C, a hangup of the whole
	 * process group, a stray kill); a SIGUSR1 switched the crash
	 * cleanup off without a word. Only SIGKILL ends it (and SIGSTOP
	 * stops it). Faults of its own still kill it: the kernel does not
	 * let a synchronous SIGSEGV be ignored. (libc's own signals refuse
	 * with EINVAL: left alone.) */
	sa.sa_handler = SIG_IGN;
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			sigaction(i, &sa, NULL);
	w.pfd = ecalloc((size_t)table_nslots(), sizeof(*w.pfd));
	w.pid = ecalloc((size_t)table_nslots(), sizeof(*w.pid));
	while ((r = read(fd, &c, 1)) < 0 && errno == EINTR)
		;
	if (r == 1 && c == 'D') {	/* the master cleaned up */
		free(w.pfd), free(w.pid);	/* for valgrind's count */
		_exit(0);
	}
	relay_orphan();		/* first: nobody guards the pids now */
	/* The master died. Its children got SIGTERM (PDEATHSIG): give them
	 * JANITOR_GRACE_MS to say goodbye, then make sure, then clean up.
	 * Which of the table's pids are still our children is settled at
	 * once (watch), with a pidfd each: the limit of descriptors raised
	 * as far as it goes first. */
	start = now_ms();
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (i = 0; i < table_nslots(); i++) {
		if ((pid = table_pid(i)) <= 0)
			continue;
		sessions++;
		strangers += !watch(&w, pid) && running(pid);
	}
	killed = janitor_wait(&w, start + JANITOR_GRACE_MS) ?
	         janitor_kill(&w) : 0;
	table_destroy();
	logf_("the master process is gone: %d %s ended, %d of them "
	      "killed after %d ms; semaphore removed", sessions,
	      plural(sessions, "session", "sessions"), killed,
	      JANITOR_GRACE_MS);
	if (strangers)
		logf_("left alone: %d %s of the table now used by other "
		      "processes (pid reuse)", strangers,
		      plural(strangers, "pid", "pids"));
	free(w.pfd), free(w.pid);
	_exit(0);
}

static void
start_janitor(int lfd)
{
	int p[2];

	if (pipe(p) < 0)
		die("pipe:");
	sb_title("janitor");	/* before the fork: it is never unnamed */
	if ((janitor = fork()) < 0)
		die("fork:");
	if (janitor == 0) {
		close(p[1]);
		close(lfd);	/* the port is the master's alone */
		janitor_main(p[0]);
	}
	sb_title(NULL);		/* the master's own name again */
	close(p[0]);
	sb_janitor(janitor);
	janitor_fd = p[1];
	fcntl(janitor_fd, F_SETFD, FD_CLOEXEC);
}

static int
listen_on(const char *addr, int port, char *where, size_t n)
{
	struct addrinfo hints = { 0 }, *ai;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char portstr[16], host[ADDR_MAX], serv[16];
	int fd, on = 1, err;

	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(portstr, sizeof(portstr), "%d", port);
	if ((err = getaddrinfo(addr, portstr, &hints, &ai)) != 0)
		die("cannot use address %s: %s", addr, gai_strerror(err));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	            0);
	if (fd < 0)
		die("socket:");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	/* No Nagle: a child writes a turn's lines at once, and the next
	 * turn's would wait for the client's ack, which Linux may delay by
	 * 40 ms (that was the whole p50 of a ten-user room). Accepted
	 * sockets inherit it from the listener. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0)
		die("cannot listen on %s port %d:", addr, port);
	freeaddrinfo(ai);
	if (listen(fd, SOMAXCONN) < 0)
		die("listen:");
	getsockname(fd, (struct sockaddr *)&ss, &len);
	getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), serv,
	            sizeof(serv), NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(where, n, "%s%s%s:%s", strchr(host, ':') ? "[" : "", host,
	         strchr(host, ':') ? "]" : "", serv);
	return fd;
}

/* Say a last line to a client we will not fork for, and close it. */
static void
refuse(int fd, const char *line)
{
	if (write(fd, line, strlen(line)) < 0) {
		/* it is gone already: nothing more to do */
	}
	close(fd);
}

static int
free_slot(void)
{
	int i;

	for (i = 0; i < conf.capacity; i++)
		if (!children[i].pid && !children[i].reap_pending)
			return i;
	return -1;
}

/* SCHED_BATCH: a child woken by a doorbell does not preempt the writer
 * that rang it. The writer finishes its turn (and rings the others); the
 * readers then run with more lines waiting each, instead of a context
 * switch per line. Latency stays in milliseconds; throughput on a
 * broadcast storm with 1000 clients went up several times. */
static void
batch_sched(void)
{
	struct sched_param sp = { 0 };

	/* The system call itself: musl's sched_setscheduler is a stub that
	 * fails with ENOSYS (POSIX wants it per process, Linux does it per
	 * thread), and a static musl build would lose SCHED_BATCH. */
	syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &sp);
}

/* Everything a new child undoes of the master, in one place, top to
 * bottom (after ngIRCd's Proc_Fork and PostgreSQL's on_exit_reset). On
 * return the process is a session's: it inherits conf, the shared table
 * and its client's socket, and nothing else of the master's. */
static void
child_after_fork(int lfd)
{
	struct sigaction sa = { 0 };

	/* 1. The master's descriptors: only the master accepts, only the
	 * master's signals write to the self-pipe, and the janitor must
	 * see EOF when the master dies, not when the last child does. */
	close(lfd);
	close(selfpipe[0]);
	close(selfpipe[1]);
	selfpipe[0] = selfpipe[1] = -1;	/* onsignal writes to no one */
	close(janitor_fd);
	/* 2. The master's signal handlers. SIGCHLD: a child reaps nobody.
	 * SIGINT, SIGHUP, SIGQUIT: ignored. ^C (a hangup, ^\) reaches
	 * the whole process group at once; if the children acted on it they
	 * would race the master's "shutting down" line, and the log of a ^C
	 * would differ from that of a SIGTERM. The master alone handles it
	 * and tells each child with SIGTERM: one story. SIGTERM keeps
	 * onsignal, which stops the session. SIGPIPE stays ignored: a write
	 * to a gone client is an EPIPE to handle. (SIG_DFL and SIG_IGN
	 * leave libc's bookkeeping alone: see onsignal.) */
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);	/* a hangup and ^\ alike */
	sigaction(SIGQUIT, &sa, NULL);
	/* 3. Exit hooks: none to reset. The master removes the IPC objects
	 * in shutdown_all(), never from atexit(), and a child leaves with
	 * _exit(): nothing of the master's runs at a child's end. */
	/* 4. The master's death: we get SIGTERM and say goodbye. If it died
	 * before this call, we were reparented already: getppid() tells. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != master_pid)
		_exit(0);
	/* 5. Scheduling: see batch_sched. */
	batch_sched();
	/* 6. The master's own records. It writes its children table after
	 * every fork, and each older child kept its own copy of every page
	 * so written: 12 KiB per idle child in smaps, for a table it never
	 * reads. */
	munmap(children, childrensize());
	children = NULL;
}

static void
accept_one(int lfd, int fd, struct sockaddr_storage *ss, socklen_t len)
{
	char host[ADDR_MAX], line[ADDR_MAX + 96];
	uint32_t gen;
	pid_t pid;
	int slot;

	if (getnameinfo((struct sockaddr *)ss, len, host, sizeof(host), NULL,
	                0, NI_NUMERICHOST) != 0)
		strlcopy(host, "unknown", sizeof(host));
	if ((slot = free_slot()) < 0) {
		refuse(fd, "ERROR :Server full\r\n");
		logf_("refused %s: server full (%d %s)", host, conf.capacity,
		      plural(conf.capacity, "user", "users"));
		return;
	}
	if (conf.per_ip > 0 && table_count_host(host) >= conf.per_ip) {
		snprintf(line, sizeof(line), "ERROR :Closing Link: %s (Too "
		         "many connections from your address)\r\n", host);
		refuse(fd, line);
		logf_("refused %s: more than %d %s", host, conf.per_ip,
		      plural(conf.per_ip, "connection", "connections"));
		return;
	}
	gen = table_assign(slot, host);
	sb_assign(slot);
	if ((pid = fork()) < 0) {
		warn("fork:");
		refuse(fd, "ERROR :Server busy, try again later\r\n");
		table_reap(slot, "", line);	/* nobody holds it: frees */
		return;
	}
	if (pid == 0) {
		child_after_fork(lfd);
		session_run(slot, gen, fd, host);
		_exit(0);
	}
	table_set_pid(slot, pid);
	sb_forked(slot, pid);
	children[slot].pid = pid;
	nchildren++;
	close(fd);
}

/* Accept what is waiting. Returns 0, or -1 when accept failed for want
 * of a resource (descriptors, memory): the connection stays queued and the
 * listening socket stays readable, so the caller must pause, not spin.
 * The log says so once when it starts, and once when accepting works
 * again, not every 100 ms in between. */
static int
accept_all(int lfd)
{
	static int starved;
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	for (;;) {
		len = sizeof(ss);
		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		             SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (!starved)
				warn("accept (retrying every 100 ms):");
			starved = 1;
			return -1;
		}
		if (starved)
			logf_("accepting again");
		starved = 0;
		accept_one(lfd, fd, &ss, len);
	}
}

static const char *
signame(int sig)
{
	static const struct { int sig; const char *name; } names[] = {
		{ SIGKILL, "SIGKILL" }, { SIGSEGV, "SIGSEGV" },
		{ SIGABRT, "SIGABRT" }, { SIGBUS, "SIGBUS" },
		{ SIGFPE, "SIGFPE" }, { SIGILL, "SIGILL" },
		{ SIGTERM, "SIGTERM" }, { SIGINT, "SIGINT" },
		{ SIGHUP, "SIGHUP" }, { SIGQUIT, "SIGQUIT" },
		{ SIGPIPE, "SIGPIPE" }, { SIGUSR1, "SIGUSR1" },
	};
	static char buf[16];
	size_t i;

	for (i = 0; i < LEN(names); i++)
		if (names[i].sig == sig)
			return names[i].name;
	snprintf(buf, sizeof(buf), "signal %d", sig);
	return buf;
}

/* Free the slots of reaped children; announce the crashed ones. */
static void
finish_reaps(void)
{
	char nick[NICK_MAX + 1];
	int i, r;

	for (i = 0; i < conf.capacity; i++) {
		if (!children[i].reap_pending)
			continue;
		if ((r = table_reap(i, children[i].reason, nick)) < 0)
			continue;	/* lock busy: next turn */
		if (r == 1)
			logf_("leave %s (%s)", nick, children[i].reason);
		children[i].reap_pending = 0;
	}
}

/* A dead child's pid is reaped (freed for reuse) only when no ringer
 * may still signal it (relay_may_reap); until then it stays a zombie, and
 * the reap is tried again later (reap). waitid(WNOWAIT) tells who died
 * without reaping; waitpid then reaps that one. Returns 0 when pid was
 * reaped (and *st filled), -1 when it must wait. */
static int
reap_one(pid_t pid, int *st)
{
	int i;

	for (i = 0; i < conf.capacity && children[i].pid != pid; i++)
		;
	if (i < conf.capacity && !relay_may_reap(i, pid)) {
		if (!children[i].held && !got_term)	/* not news then */
			logf_("pid %d is dead; its reap waits for a doorbell "
			      "rung to it", (int)pid);
		children[i].held = 1;
		return -1;
	}
	if (i < conf.capacity)
		children[i].held = 0;
	return waitpid(pid, st, WNOHANG) == pid ? 0 : -1;
}

/* pid was reaped with status st: the janitor, or a child whose slot
 * finish_reaps frees and whose QUIT gives the reason. */
static void
reaped(pid_t pid, int st)
{
	Child *c;
	int i;

	if (pid == janitor) {
		warn("the janitor died; IPC cleanup after a crash "
		     "of the master is off");
		janitor = -1;
		return;
	}
	for (i = 0; i < conf.capacity && children[i].pid != pid; i++)
		;
	if (i == conf.capacity)
		return;
	c = &children[i];
	if (WIFSIGNALED(st))
		snprintf(c->reason, sizeof(c->reason),
		         "Connection lost (killed by %s)",
		         signame(WTERMSIG(st)));
	else if (WEXITSTATUS(st) != 0)
		snprintf(c->reason, sizeof(c->reason),
		         "Connection lost (exit status %d)",
		         WEXITSTATUS(st));
	else
		snprintf(c->reason, sizeof(c->reason), "Connection lost");
	c->pid = 0;
	sb_reaped(i, !WIFEXITED(st) || WEXITSTATUS(st) != 0);
	nchildren--;
	c->reap_pending = 1;
}

/* Is pid (a child) dead and reapable now? Then reap it. */
static void
reap_pid(pid_t pid)
{
	siginfo_t si;
	int st;

	si.si_pid = 0;
	if (pid > 0 &&
	    waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == pid && reap_one(pid, &st) == 0)
		reaped(pid, st);
}

/* Reap every dead child that may be reaped. Returns 0, or the ms after
 * which to call again: 10 while a slot waits for the table's lock; while
 * a reap is held (a ringer may hold the pid: it is slow, or stopped, for
 * as long as it likes) 10 ms, then twice as long each time up to 1 s, so
 * a stopped ringer costs the master a wake-up a second, not 100. */
static int
reap(void)
{
	static int held_ms;
	int st, i, held = 0, pending = 0;
	siginfo_t si;
	pid_t pid;

	for (;;) {
		si.si_pid = 0;
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0 ||
		    !(pid = si.si_pid))
			break;
		if (reap_one(pid, &st) < 0) {
			held = 1;
			break;
		}
		reaped(pid, st);
	}
	/* P_ALL shows the oldest zombie only, and that one is held: ask
	 * for each of the others by its pid, or a stopped ringer would hold
	 * up every later crash (its QUIT, its nick). */
	if (held) {
		for (i = 0; i < conf.capacity; i++)
			if (children[i].pid != pid)
				reap_pid(children[i].pid);
		if (janitor != pid)
			reap_pid(janitor);
	}
	finish_reaps();
	for (i = 0; i < conf.capacity; i++)
		pending |= children[i].reap_pending;
	if (!held)
		held_ms = 0;
	else
		held_ms = !held_ms ? 10 : held_ms < 500 ? 2 * held_ms : 1000;
	return pending ? 10 : held_ms;
}

static void
drain_selfpipe(void)
{
	char buf[64];

	while (read(selfpipe[0], buf, sizeof(buf)) > 0)
		;
}

static void
shutdown_all(void)
{
	struct pollfd pfd = { selfpipe[0], POLLIN, 0 };
	long long start = now_ms();
	int i;

	relay_set_stopping();	/* a child's SIGTERM is a shutdown */
	logf_("shutting down (%d %s)", nchildren,
	      plural(nchildren, "client", "clients"));
	for (i = 0; i < conf.capacity; i++)
		if (children[i].pid)
			kill(children[i].pid, SIGTERM);
	while (nchildren > 0 && now_ms() - start < SHUTDOWN_GRACE_MS) {
		poll(&pfd, 1, 100);
		drain_selfpipe();
		reap();
	}
	for (i = 0; i < conf.capacity; i++)
		if (children[i].pid)
			kill(children[i].pid, SIGKILL);
	/* all are dead now: no ringer is left to hold a pid */
	while (nchildren > 0 && waitpid(-1, NULL, 0) > 0)
		nchildren--;
	table_destroy();
	if (janitor > 0) {
		if (write(janitor_fd, "D", 1) == 1)
			waitpid(janitor, NULL, 0);
	}
	logf_("stopped");
}

static void
setup_signals(void)
{
	struct sigaction sa = { 0 };

	if (pipe(selfpipe) < 0)
		die("pipe:");
	for (int i = 0; i < 2; i++)
		fcntl(selfpipe[i], F_SETFL, O_NONBLOCK),
		fcntl(selfpipe[i], F_SETFD, FD_CLOEXEC);
	sa.sa_handler = onsignal;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* --one: the next connection is served here, in the master's own
 * process, without a fork (httpd's one_process), so that gdb, strace or
 * valgrind see the whole session in one process. The listening socket is
 * closed as soon as that connection is accepted: later ones are refused.
 * The session runs as a child's would, with the shared table, the log and
 * a doorbell, in slot 0; when it ends the server shuts down as on SIGTERM.
 * What a child would set up after fork is left out: no PDEATHSIG, no
 * SCHED_BATCH. Returns when the session ended or a signal came first. */
static void
serve_one(int lfd)
{
	struct pollfd pfd[2] = { { lfd, POLLIN, 0 }, { -1, POLLIN, 0 } };
	struct sockaddr_storage ss;
	char host[ADDR_MAX];
	socklen_t len;
	uint32_t gen;
	int fd = -1;

	pfd[1].fd = selfpipe[0];
	logf_("one session: the next connection is served in this process "
	      "(pid %d), without fork", (int)getpid());
	while (fd < 0 && !got_term) {
		if (poll(pfd, 2, -1) < 0 && errno != EINTR)
			die("poll:");
		drain_selfpipe();
		reap();		/* the janitor, if it died */
		len = sizeof(ss);
		fd = accept4(lfd, (struct sockaddr *)&ss, &len,
		             SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
		    errno != EINTR && errno != ECONNABORTED)
			die("accept:");
	}
	close(lfd);
	if (fd < 0)
		return;
	if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), NULL,
	                0, NI_NUMERICHOST) != 0)
		strlcopy(host, "unknown", sizeof(host));
	logf_("one session: serving %s in pid %d; no more connections",
	      host, (int)getpid());
	gen = table_assign(0, host);
	table_set_pid(0, getpid());
	sb_serving(0);
	session_run(0, gen, fd, host);
}

/* The master's loop: accept and fork, reap, until SIGTERM or SIGINT. */
static void
serve(int lfd)
{
	struct pollfd pfd[2] = { { lfd, POLLIN, 0 }, { -1, POLLIN, 0 } };
	long long paused_until = 0;
	int pending = 0, timeout, rt;
	sigset_t bell, waitmask;

	/* We close the rounds of private-line doorbells (relay.h): a writer
	 * that opens one wakes us with the doorbell, let in only inside
	 * ppoll, so that one that comes while we work is not lost. The
	 * children inherit it blocked, and let it in inside their own. */
	sigemptyset(&bell);
	sigaddset(&bell, RELAY_BELL);
	sigprocmask(SIG_BLOCK, &bell, &waitmask);
	sigdelset(&waitmask, RELAY_BELL);
	relay_ringer();
	pfd[1].fd = selfpipe[0];
	while (!got_term) {
		/* A reap waiting for the lock retries every 10 ms, a held
		 * one later and later (reap); after a failed accept the
		 * listening socket rests for 100 ms. */
		pfd[0].fd = now_ms() < paused_until ? -1 : lfd;
		pfd[0].revents = 0;
		timeout = pending ? pending : pfd[0].fd < 0 ? 100 : -1;
		/* a round of doorbells due: closed now, or when it is due */
		if ((rt = relay_round(now_ms())) >= 0 &&
		    (timeout < 0 || rt < timeout))
			timeout = rt;
		sb_state(SB_ASLEEP);
		if (ppoll_ms(pfd, 2, timeout, &waitmask) < 0 && errno != EINTR)
			die("poll:");
		sb_state(SB_READING);
		drain_selfpipe();
		pending = reap();		/* ms, or 0 */
		if (relay_flush() && (!pending || pending > 10))
			pending = 10;		/* crash QUITs' doorbells */
		if (!got_term && (pfd[0].revents & POLLIN) &&
		    accept_all(lfd) < 0)
			paused_until = now_ms() + 100;
	}
	close(lfd);
}

int
master_run(void)
{
	char where[ADDR_MAX + 24];
	int lfd;

	/* The port first: if it is taken, we stop before there is anything
	 * to clean up (run.sh and systemd see the exit at once). */
	lfd = listen_on(conf.addr, conf.port, where, sizeof(where));
	master_pid = getpid();
	/* The children's own buffers first, high in the mmap area beside the
	 * vDSO, before the shared mapping (session_prepare). */
	if (session_prepare() < 0 || relay_prepare() < 0)
		die("mmap:");
	/* A mapping of its own, not the heap: each child unmaps it (see
	 * child_after_fork). */
	children = mmap(NULL, childrensize(), PROT_READ | PROT_WRITE,
	                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (children == MAP_FAILED)
		die("mmap:");
	shm_warn = lockrule_warn;
	if (table_create(conf.capacity, RING_ENTRIES) < 0)
		die("cannot create the user table:");
	ignore_unused();
	start_janitor(lfd);
	setup_signals();
	logf_("semaphore %d, janitor pid %d", table_semid(), (int)janitor);
	/* run.sh and the tests wait for this line: it comes last */
	logf_("listening on %s (room %s, up to %d %s)", where, conf.room,
	      conf.capacity, plural(conf.capacity, "user", "users"));
	if (conf.one)
		serve_one(lfd);
	else
		serve(lfd);
	shutdown_all();
	munmap(children, childrensize());
	return 0;
}
