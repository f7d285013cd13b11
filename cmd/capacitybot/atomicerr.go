package main

import "sync/atomic"

// atomicErr is a readiness state a health check reads while main changes it.
type atomicErr struct{ v atomic.Pointer[error] }

func (a *atomicErr) set(err error) { a.v.Store(&err) }

// get returns the current state; nil means ready.
func (a *atomicErr) get() error {
	if p := a.v.Load(); p != nil {
		return *p
	}
	return nil
}
