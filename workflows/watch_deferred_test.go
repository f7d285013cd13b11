package workflows

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/capacitybot/capacitybot/clients"
)

// purposeUsage records the purpose it was read for and answers err.
type purposeUsage struct {
	purpose clients.UsagePurpose
	err     error
}

func (u *purposeUsage) FetchUsage(ctx context.Context) (clients.UsageSnapshot, error) {
	u.purpose = clients.UsagePurposeOf(ctx)
	return clients.UsageSnapshot{}, u.err
}

// TestWatchUsageDeferred checks that the watch reads usage as the watch, so
// that the Metrics client keeps it within its share of the budget, and that
// a deferred check answers no namespaces (no incident changes), not an
// error, while an outage stays a retryable error.
func TestWatchUsageDeferred(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		wantType  string
		retryable bool
	}{
		{name: "deferred", err: fmt.Errorf("next check at noon: %w", clients.ErrWatchDeferred)},
		{name: "outage", err: &clients.Error{Op: "GetMetrics", Kind: clients.KindUnavailable, Err: errors.New("down")}, wantType: string(clients.KindUnavailable), retryable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			usage := &purposeUsage{err: tt.err}
			a := &Activities{Cloud: newBoostFakeCloud("payments.demo42", clients.OnDemand()), Usage: usage}
			var s testsuite.WorkflowTestSuite
			env := s.NewTestActivityEnvironment()
			env.RegisterActivityWithOptions(a.WatchUsage, activity.RegisterOptions{Name: ActivityWatchUsage})
			val, err := env.ExecuteActivity(ActivityWatchUsage)
			if tt.wantType == "" {
				var snap clients.UsageSnapshot
				if err != nil || val.Get(&snap) != nil || len(snap.Namespaces) != 0 {
					t.Fatalf("deferred check: %v, %+v; want no error and no namespaces", err, snap)
				}
			} else {
				var ae *temporal.ApplicationError
				if !errors.As(err, &ae) || ae.Type() != tt.wantType || ae.NonRetryable() == tt.retryable {
					t.Fatalf("error %v, want type %s retryable %v", err, tt.wantType, tt.retryable)
				}
			}
			if usage.purpose != clients.PurposeWatch {
				t.Errorf("usage read for purpose %v, want the watch's", usage.purpose)
			}
		})
	}
}
