// Package testworld holds the start-up pieces the end-to-end and
// reliability test harnesses share (the simulated cloud, the worker and
// Slack bot wired the way cmd/capacitybot wires them, slash commands over
// the fake Slack, polling waits), so the three harnesses cannot drift apart
// in how they build a "process". It is imported only by tests; nothing in
// the product depends on it.
package testworld
