//go:build !unix

package datalock

// Lock does nothing where flock is unavailable; run one process per data
// folder.
func Lock(string) (func(), error) { return func() {}, nil }

// Held cannot tell where flock is unavailable: it says not held.
func Held(string) (bool, error) { return false, nil }
