// Package testworld holds the start-up pieces the end-to-end and
// reliability test harnesses share (the simulated cloud, the worker and
// Slack bot built by internal/app as cmd/capacitybot builds them, slash
// commands over the fake Slack, polling waits), so the harnesses cannot
// drift apart, or from the product, in how they build a "process". It is
// imported only by tests; nothing in the product depends on it.
package testworld
