//go:build !unix

package temporalserver

// lockDataDir does nothing where flock is unavailable; run one process per
// data folder.
func lockDataDir(string) (func(), error) { return func() {}, nil }
