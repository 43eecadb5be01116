/* conf.c: the options, with their defaults from config.h (see conf.h). */
#include "conf.h"
#include "config.h"

Conf conf = {
	.addr = DEF_ADDR,
	.port = DEF_PORT,
	.room = DEF_ROOM,
	.name = DEF_NAME,
	.capacity = DEF_CAPACITY,
	.per_ip = DEF_PER_IP,
	.reg_timeout = DEF_REG_TIMEOUT,
	.ping_interval = DEF_PING_INTERVAL,
	.ping_timeout = DEF_PING_TIMEOUT,
	.sendq = DEF_SENDQ,
	.flood = 1,
	.flood_burst = DEF_FLOOD_BURST,
	.flood_rate = DEF_FLOOD_RATE,
};
