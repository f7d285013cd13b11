// Package perf holds the bot's performance benchmarks and the few helpers
// they share: ack latency under a burst of Slack envelopes, the binary's
// footprint, and how late a boost reverts on the real Temporal server. They
// live in their own package because they start whole processes and the
// embedded Temporal server, which unit tests of the other packages must not
// pay for. The figures and how to reproduce them are in docs/performance.md:
//
//	go test -run '^$' -bench . -benchtime 1x -benchmem ./perf/ ./clients/metrics/ ./workflows/
package perf
