/* master.h: the master process: listen, accept, fork, reap, shut down. */
#ifndef MASTER_H
#define MASTER_H

/* Runs until SIGTERM or SIGINT; returns the exit status. */
int master_run(void);

#endif
