// Package datalock is the lock a running bot holds on its DATA_DIR while the
// embedded Temporal server uses it: two servers writing one SQLite file would
// each believe they own every shard. It is a package of its own, free of the
// server, so that `capacitybot check` can tell whether a bot holds a folder
// without linking or starting a server.
package datalock

import "errors"

// FileName is the lock file in the data folder, next to the database.
const FileName = "temporal.lock"

// ErrHeld is returned by Lock when another process holds the lock.
var ErrHeld = errors.New("the data folder is in use by another embedded Temporal server")
