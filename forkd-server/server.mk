# forkd-server/: the forking IRC server. libc only.
