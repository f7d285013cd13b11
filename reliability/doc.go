// Package reliability holds the bot's reliability tests: hard crashes in
// every phase of a boost, Cloud and Slack faults, duplicate deliveries and
// replicas, hostile input and authorization. It has no code of its own; the
// tests run the real worker, an embedded Temporal server, the simulated cloud
// and the fake Slack together. The short forms run in `go test ./...`; the
// soak mode repeats them (see docs/reliability.md).
package reliability
