// Package simcloud is a server: a simulated Temporal Cloud account served on
// loopback, with a real gRPC CloudService server (the Cloud Ops API subset
// the bot uses) and a real HTTP Metrics API endpoint. It is not a client:
// the bot's real clients (clients/cloudops, clients/metrics) talk to it over
// the wire, as they would to Temporal Cloud.
//
// It behaves like the real service where that behaviour is known
// (full-spec updates, resource versions, async operations, "nothing to
// change"). cmd/capacitybot runs it when no Cloud keys are configured (every
// message then says SIMULATED); tests also run it, inject faults into it
// (Inject) and read what it saw (Stats, Snapshot) to prove the bot survives
// the real service's failures.
package simcloud
