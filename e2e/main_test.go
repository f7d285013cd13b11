// Package e2e holds the end-to-end tests: the real Slack bot over the fake
// Slack's websocket, the real worker and workflows on a real Temporal server
// (temporaltest, or the embedded server for the restart test), and the
// simulated Temporal Cloud behind the real Cloud Ops and Metrics clients.
// They live in their own package so the unit tests elsewhere stay quick.
package e2e

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	ackRecord.Lock()
	fmt.Printf("acks checked: %d; slowest %s (%s); Slack's budget %s\n",
		ackRecord.count, ackRecord.slowest, ackRecord.test, ackBudget)
	if ackRecord.slowest >= ackBudget && code == 0 {
		code = 1
	}
	ackRecord.Unlock()
	os.Exit(code)
}
