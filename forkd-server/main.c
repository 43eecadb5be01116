/* main.c: forkd-server's options, then the master.
 *
 * forkd-server is an IRC chat room that gives every client its own
 * process. main.c fills conf (conf.c) and hands over to the master. Start
 * reading at master.c (accept and fork), then session.c (one client's
 * loop), cmd.c (the command table), table.c (the shared user table and its
 * semaphore) and relay.c (how a line reaches the others). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "conf.h"
#include "config.h"
#include "log.h"
#include "master.h"
#include "nick.h"
#include "utf8.h"
#include "util.h"

static void
usage(FILE *f)
{
	fprintf(f,
"usage: forkd-server [options]\n"
"An IRC chat room: one process per client, a shared user table.\n"
"\n"
"  -b ADDR             address to listen on (default %s)\n"
"  -p PORT             port (default %d; 0 picks a free one)\n"
"  -r ROOM             the room's name (default %s)\n"
"  -m MAX              most users at once (default %d)\n"
"      --name NAME     the server's name in replies (default %s)\n"
"      --per-ip N      connections from one address (default %d; 0: any)\n"
"      --reg-timeout S seconds to register (default %d)\n"
"      --ping-interval S  idle seconds before a PING (default %d)\n"
"      --ping-timeout S   idle seconds before a drop (default %d)\n"
"      --sendq BYTES   output queued for one client (default %d)\n"
"      --flood-burst N lines a client may send at once (default %d)\n"
"      --flood-rate N  lines per second after that (default %d)\n"
"      --no-flood      no flood control (for load tests)\n"
"      --motd FILE     message of the day: a UTF-8 file of at most\n"
"                      64 KiB\n"
"      --trace NICK    log each step of NICK's process, with times\n"
"      --one           serve the next connection in this process (no\n"
"                      fork), then exit: for gdb, strace, valgrind\n"
"  -h, --help          this text\n"
"  -V, --version       the version\n"
"\n"
"It stays in the foreground and logs to stderr; SIGTERM or ^C stops it,\n"
"telling every client. Exit status: 0 after a clean stop, 1 if it cannot\n"
"start or fails, 2 for a command line it cannot use.\n",
	    DEF_ADDR, DEF_PORT, DEF_ROOM, DEF_CAPACITY, DEF_NAME, DEF_PER_IP,
	    DEF_REG_TIMEOUT, DEF_PING_INTERVAL, DEF_PING_TIMEOUT, DEF_SENDQ,
	    DEF_FLOOD_BURST, DEF_FLOOD_RATE);
}

/* A command line the server cannot use: say why and exit with 2, the
 * status of every command-line error (an unknown option too); 1 is left
 * for a server that cannot start or fails (forkd-server(1), EXIT
 * STATUS). */
static _Noreturn void
bad(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn("%s (forkd-server --help lists the options)", msg);
	exit(2);
}

static long
number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < min || v > max)
		bad("%s wants a number from %ld to %ld, not '%s'", opt, min,
		    max, s);
	return v;
}

/* The MOTD file, read whole at start-up: a regular file (opened with
 * O_NONBLOCK, so a FIFO cannot hang the start; fstat then refuses it) of
 * at most MOTD_MAX bytes of UTF-8 without a NUL byte. Anything else is a
 * command-line error (bad(): its reason, exit 2). Trailing line ends are
 * dropped. Returns the text, NUL-terminated, allocated. */
static char *
slurp(const char *path)
{
	struct stat st;
	char *buf;
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		bad("cannot read the MOTD %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0)
		bad("cannot read the MOTD %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		bad("the MOTD %s is not a regular file", path);
	if (st.st_size > MOTD_MAX)
		bad("the MOTD %s is larger than %d KiB", path, MOTD_MAX / 1024);
	buf = ecalloc(1, MOTD_MAX + 2);
	/* read to the end, not to st_size: a file that grew since the fstat
	 * is caught by the bound below */
	while ((r = read(fd, buf + n, MOTD_MAX + 1 - n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			bad("cannot read the MOTD %s: %s", path,
			    strerror(errno));
		n += (size_t)r;
		if (n > MOTD_MAX)
			bad("the MOTD %s is larger than %d KiB", path,
			    MOTD_MAX / 1024);
	}
	close(fd);
	if (memchr(buf, '\0', n))
		bad("the MOTD %s holds a NUL byte", path);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	buf[n] = '\0';
	if (!utf8_valid(buf, n))
		bad("the MOTD %s is not UTF-8", path);
	return buf;
}

static void
check_room(const char *room)
{
	size_t n = strlen(room);

	if (room[0] != '#' || n < 2 || n > 50 || strpbrk(room, " ,:\a\r\n") ||
	    !utf8_valid(room, n))
		bad("the room's name must start with '#', be 2-50 bytes of "
		    "UTF-8 without spaces, commas or colons: '%s'", room);
}

int
main(int argc, char *argv[])
{
	enum { O_NAME = 256, O_PERIP, O_REGTO, O_PINGI, O_PINGT, O_SENDQ,
	       O_FBURST, O_FRATE, O_NOFLOOD, O_MOTD, O_TRACE, O_ONE };
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, O_NAME },
		{ "per-ip", required_argument, NULL, O_PERIP },
		{ "reg-timeout", required_argument, NULL, O_REGTO },
		{ "ping-interval", required_argument, NULL, O_PINGI },
		{ "ping-timeout", required_argument, NULL, O_PINGT },
		{ "sendq", required_argument, NULL, O_SENDQ },
		{ "flood-burst", required_argument, NULL, O_FBURST },
		{ "flood-rate", required_argument, NULL, O_FRATE },
		{ "no-flood", no_argument, NULL, O_NOFLOOD },
		{ "motd", required_argument, NULL, O_MOTD },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "one", no_argument, NULL, O_ONE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct tm tm;
	time_t now;
	int c;

	util_progname(argv[0]);
	opterr = 0;	/* one line of our own, not libc's and the usage */
	while ((c = getopt_long(argc, argv, ":b:p:r:m:hV", longopts, NULL))
	       != -1) {
		switch (c) {
		case 'b': conf.addr = optarg; break;
		case 'p': conf.port = (int)number("-p", optarg, 0, 65535); break;
		case 'r': conf.room = optarg; break;
		case 'm': conf.capacity = (int)number("-m", optarg, 1, 100000);
			  break;
		case O_NAME: conf.name = optarg; break;
		case O_PERIP: conf.per_ip = (int)number("--per-ip", optarg, 0,
		                                        100000); break;
		case O_REGTO: conf.reg_timeout = (int)number("--reg-timeout",
		                                  optarg, 1, 86400); break;
		case O_PINGI: conf.ping_interval = (int)number(
		                  "--ping-interval", optarg, 1, 86400); break;
		case O_PINGT: conf.ping_timeout = (int)number("--ping-timeout",
		                  optarg, 1, 86400); break;
		case O_SENDQ: conf.sendq = (size_t)number("--sendq", optarg,
		                  4096, 64L << 20); break;
		case O_FBURST: conf.flood_burst = (int)number("--flood-burst",
		                   optarg, 1, 10000); break;
		case O_FRATE: conf.flood_rate = (int)number("--flood-rate",
		                  optarg, 1, 1000); break;
		case O_NOFLOOD: conf.flood = 0; break;
		case O_MOTD: conf.motd = slurp(optarg); break;
		case O_TRACE: conf.trace = optarg; break;
		case O_ONE: conf.one = 1; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("forkd-server %s\n", VERSION); return 0;
		case ':':	/* a short one by its letter, a long by its word */
			if (optopt > 0 && optopt < 128)
				bad("-%c needs a value", optopt);
			bad("%s needs a value", argv[optind - 1]);
		default:
			if (optopt > 0 && optopt < 128)
				bad("'-%c' is not an option", optopt);
			bad("'%s' is not an option", argv[optind - 1]);
		}
	}
	if (optind < argc)
		bad("'%s' is not an option: the server takes no arguments",
		    argv[optind]);
	check_room(conf.room);
	/* RFC 2812 1.1: a server's name is at most 63 bytes; every reply
	 * starts with it, and list replies (reply.c) count on the bound */
	if (strpbrk(conf.name, " :!@,*?") || !*conf.name ||
	    strlen(conf.name) > 63)
		bad("the server's name must be 1-63 bytes without spaces or "
		    "':!@,*?': '%s'", conf.name);
	if (conf.trace && nick_check(conf.trace, strlen(conf.trace)) != NICK_OK)
		bad("--trace wants a nickname: '%s' is not one (%s)", conf.trace,
		    nick_status_text(nick_check(conf.trace,
		                                strlen(conf.trace))));
	if (conf.ping_timeout <= conf.ping_interval)
		bad("--ping-timeout must be longer than --ping-interval");
	now = time(NULL);
	strftime(conf.created, sizeof(conf.created), "%Y-%m-%d %H:%M:%S UTC",
	         gmtime_r(&now, &tm));
	log_init();
	return master_run();
}
