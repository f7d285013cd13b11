package workflows

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// fakePermissions allows the users in allowed and refuses the rest with
// reason, recording whom it was asked about.
type fakePermissions struct {
	allowed map[string]bool
	reason  string

	mu    sync.Mutex
	asked []string
}

func (p *fakePermissions) CanChange(_ context.Context, userID, namespace string) (bool, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.asked = append(p.asked, userID+"@"+namespace)
	if p.allowed[userID] {
		return true, ""
	}
	return false, p.reason
}

func (p *fakePermissions) askedAbout() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.asked...)
}

// TestScheduledBoostRechecksRequester runs one scheduled firing per case:
// the run boosts only when its creator may still change capacity (or no
// check is configured), and otherwise changes nothing and alerts once.
func TestScheduledBoostRechecksRequester(t *testing.T) {
	const refusal = "you may not change capacity"
	sb := ScheduledBoost{Namespace: boostNS, TRUs: 4, Days: []time.Weekday{1}, Start: "09:00", End: "10:00",
		TimeZone: "UTC", Requester: "U1", Channel: "C1"}
	tests := []struct {
		name       string
		perms      *fakePermissions // nil: no Permissions configured
		checkFails bool             // the check activity itself fails
		wantBoost  bool
		wantInText []string
	}{
		{name: "allowed requester boosts", perms: &fakePermissions{allowed: map[string]bool{"U1": true}}, wantBoost: true},
		{name: "no permissions configured boosts as before", wantBoost: true},
		{name: "removed requester changes nothing", perms: &fakePermissions{allowed: map[string]bool{"U2": true}, reason: refusal},
			wantInText: []string{refusal, "U1", ScheduleBoostID(sb), "delete"}},
		{name: "check that cannot run changes nothing", perms: &fakePermissions{allowed: map[string]bool{"U1": true}}, checkFails: true,
			wantInText: []string{"could not be checked", "U1", ScheduleBoostID(sb)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var suite testsuite.WorkflowTestSuite
			suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.DPanicLevel))))
			env := suite.NewTestWorkflowEnvironment()
			env.SetStartTime(utc("2026-03-09T09:00:00Z"))
			env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: capacity.ScheduledBoostRunID(ScheduleBoostID(sb)) + "-perm"})
			cloud := newBoostFakeCloud(boostNS, clients.OnDemand())
			cloud.now = env.Now
			chat := &boostFakeNotifier{}
			acts := &Activities{Cloud: cloud, Notifier: chat, Policy: boostTestPolicy()}
			if tt.perms != nil {
				acts.Permissions = tt.perms
			}
			Register(env, acts)
			if tt.checkFails {
				env.OnActivity(ActivityCheckRequester, mock.Anything, mock.Anything).
					Return(RequesterCheck{}, temporal.NewNonRetryableApplicationError("slack unreachable", "test", errors.New("down")))
			}

			env.ExecuteWorkflow(ScheduledBoostWorkflowName, sb)
			if err := env.GetWorkflowError(); err != nil {
				t.Fatalf("workflow error: %v", err)
			}
			var st BoostStatus
			if err := env.GetWorkflowResult(&st); err != nil {
				t.Fatal(err)
			}
			cloud.mu.Lock()
			sets := len(cloud.sets)
			cloud.mu.Unlock()
			_, alerts, _, _, _ := chat.snapshot()

			if tt.perms != nil && !tt.checkFails {
				if got := tt.perms.askedAbout(); len(got) != 1 || got[0] != "U1@"+boostNS {
					t.Errorf("permission asked about %v, want [U1@%s] once: the creator, for the schedule's namespace", got, boostNS)
				}
			}
			if tt.wantBoost {
				if st.Phase != PhaseDone || sets != 2 || len(alerts) != 0 {
					t.Errorf("phase %s, %d capacity changes, %d alerts; want done, boost and revert, no alert", st.Phase, sets, len(alerts))
				}
				return
			}
			if st.Phase != PhaseRefused || sets != 0 {
				t.Errorf("phase %s, %d capacity changes; want refused and none", st.Phase, sets)
			}
			if len(alerts) != 1 {
				t.Fatalf("alerts = %+v, want exactly one", alerts)
			}
			if alerts[0].Requester != "U1" || alerts[0].Namespace != boostNS {
				t.Errorf("alert requester %q namespace %q, want U1 and %s", alerts[0].Requester, alerts[0].Namespace, boostNS)
			}
			for _, want := range tt.wantInText {
				if !strings.Contains(alerts[0].Text, want) {
					t.Errorf("alert text %q lacks %q", alerts[0].Text, want)
				}
			}
		})
	}
}
