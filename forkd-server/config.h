/* config.h: forkd-server's defaults. Each one is also a command-line
 * option (see main.c and forkd-server -h); change them here to change what
 * a plain `forkd-server` does. */
#ifndef CONFIG_H
#define CONFIG_H

#define DEF_ADDR          "127.0.0.1"
#define DEF_PORT          6667
#define DEF_ROOM          "#lobby"
#define DEF_NAME          "forkd"
#define DEF_CAPACITY      1024	/* users at once (-m) */
#define DEF_PER_IP        16	/* connections from one address */
#define DEF_REG_TIMEOUT   60	/* seconds to send NICK and USER */
#define DEF_PING_INTERVAL 90	/* idle seconds before we PING */
#define DEF_PING_TIMEOUT  150	/* idle seconds before we drop */
#define DEF_SENDQ         (256 * 1024)	/* bytes queued for one client */
#define DEF_FLOOD_BURST   10	/* lines a client may send at once */
#define DEF_FLOOD_RATE    2	/* lines per second after the burst */
#define MOTD_MAX          (64 * 1024)	/* bytes in the --motd file */

/* The relay's ring log: entries in flight between the fastest writer and
 * the slowest reader. A power of two. 16384 entries of 128 bytes: 2 MiB,
 * shared by every process, so its cost per client falls with their number.
 * A line takes one entry per 104 bytes (relay.c): a chat line one, a
 * 512-byte line five. */
#ifdef FORKD_TEST_HOOKS
#define RING_ENTRIES      2048	/* the test build fills it often */
#else
#define RING_ENTRIES      16384
#endif
/* How long a writer waits for a reader a whole ring behind before it
 * looks whether that reader is stopped, and overwrites it if so (the
 * reader then sees the overrun and drops its client with "SendQ
 * exceeded"); past RING_STALL_MS it overwrites whatever the reason. */
#define RING_WAIT_MS      2000
#define RING_STALL_MS     30000

/* The kernel's send buffer for a client socket. Left to itself, Linux
 * grows it up to net.ipv4.tcp_wmem's maximum (4 MiB): a client that stops
 * reading would then hide megabytes in the kernel before its send queue
 * noticed. A fixed size bounds what one client can cost. */
#define SOCK_SNDBUF       (64 * 1024)

#define TOPIC_MAX         300
#define AWAY_MAX          200
#define USER_MAX          10
#define REAL_MAX          50
#define HOST_MAX          46	/* INET6_ADDRSTRLEN */

#endif
