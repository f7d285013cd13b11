package workflows

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

func TestRecentHomeViewers(t *testing.T) {
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	v := func(user string, ago time.Duration) HomeViewer {
		return HomeViewer{User: user, OpenedAt: now.Add(-ago)}
	}
	many := make([]HomeViewer, 0, maxHomeViewers+5)
	for i := range maxHomeViewers + 5 {
		many = append(many, v(fmt.Sprintf("U%03d", i), time.Duration(i)*time.Second))
	}
	tests := []struct {
		name    string
		in      []HomeViewer
		want    []string
		wantLen int
	}{
		{name: "none", in: nil, want: []string{}},
		{name: "newest first", in: []HomeViewer{v("U1", 10*time.Minute), v("U2", time.Minute)}, want: []string{"U2", "U1"}},
		{name: "latest open of a user counts once", in: []HomeViewer{v("U1", 50*time.Minute), v("U1", 2*time.Minute), v("U2", 5*time.Minute)}, want: []string{"U1", "U2"}},
		{name: "an hour ago is forgotten", in: []HomeViewer{v("U1", HomeViewerTTL), v("U2", HomeViewerTTL-time.Second)}, want: []string{"U2"}},
		{name: "no user", in: []HomeViewer{v("", time.Minute)}, want: []string{}},
		{name: "capped, most recent kept", in: many, wantLen: maxHomeViewers},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RecentHomeViewers(tt.in, now)
			users := make([]string, 0, len(got))
			for _, g := range got {
				users = append(users, g.User)
			}
			if tt.want != nil && !slices.Equal(users, tt.want) {
				t.Errorf("viewers = %v, want %v", users, tt.want)
			}
			if tt.wantLen > 0 && (len(users) != tt.wantLen || users[0] != "U000" || users[len(users)-1] != fmt.Sprintf("U%03d", tt.wantLen-1)) {
				t.Errorf("got %d viewers from %s to %s, want the %d most recent", len(users), users[0], users[len(users)-1], tt.wantLen)
			}
		})
	}
}

// homeEnv runs the home workflow from t0 with the given opens: each at its
// offset from t0, sent as a signal.
func homeEnv(t *testing.T, opens map[time.Duration]string) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	env.RegisterWorkflowWithOptions(HomeWorkflow, workflow.RegisterOptions{Name: HomeWorkflowName})
	for at, user := range opens {
		env.RegisterDelayedCallback(func() { env.SignalWorkflow(SignalHomeOpened, HomeOpened{User: user}) }, at)
	}
	return env
}

func queryViewers(t *testing.T, env *testsuite.TestWorkflowEnvironment) []string {
	t.Helper()
	v, err := env.QueryWorkflow(QueryHomeViewers)
	if err != nil {
		t.Fatalf("query %s: %v", QueryHomeViewers, err)
	}
	var viewers []HomeViewer
	if err := v.Get(&viewers); err != nil {
		t.Fatal(err)
	}
	users := []string{}
	for _, h := range viewers {
		users = append(users, h.User)
	}
	return users
}

func TestHomeWorkflowRemembersOpenersForAnHour(t *testing.T) {
	start := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	env := homeEnv(t, map[time.Duration]string{
		time.Second:      "U1",
		time.Minute:      "U2",
		30 * time.Minute: "U1",
	})
	var during, afterU2 []string
	env.RegisterDelayedCallback(func() { during = queryViewers(t, env) }, 40*time.Minute)
	env.RegisterDelayedCallback(func() { afterU2 = queryViewers(t, env) }, 70*time.Minute)
	env.ExecuteWorkflow(HomeWorkflowName, HomeState{Viewers: []HomeViewer{{User: "U0", OpenedAt: start}}})
	if !env.IsWorkflowCompleted() {
		t.Fatal("the home workflow did not complete once every opener was an hour old")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow error: %v", err)
	}
	if want := []string{"U1", "U2", "U0"}; !slices.Equal(during, want) {
		t.Errorf("viewers after 40m = %v, want %v", during, want)
	}
	if want := []string{"U1"}; !slices.Equal(afterU2, want) {
		t.Errorf("viewers after 70m = %v, want %v (U0 and U2 opened over an hour before)", afterU2, want)
	}
	if got, want := env.Now().Sub(start), 90*time.Minute; got != want {
		t.Errorf("completed %s after the start, want %s (an hour after U1's last open)", got, want)
	}
}

func TestHomeWorkflowContinuesAsNewWithItsOpeners(t *testing.T) {
	env := homeEnv(t, map[time.Duration]string{
		time.Second:     "U1",
		2 * time.Second: "U2",
	})
	start := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	env.ExecuteWorkflow(HomeWorkflowName, HomeState{SignalsPerRun: 2, Viewers: []HomeViewer{{User: "U0", OpenedAt: start}}})
	var can *workflow.ContinueAsNewError
	if err := env.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("workflow error = %v, want continue-as-new after 2 opens", err)
	}
	if can.WorkflowType.Name != HomeWorkflowName {
		t.Errorf("continued as %s", can.WorkflowType.Name)
	}
	var next HomeState
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatal(err)
	}
	users := []string{}
	for _, v := range next.Viewers {
		users = append(users, v.User)
	}
	if want := []string{"U2", "U1", "U0"}; !slices.Equal(users, want) || next.SignalsPerRun != 2 {
		t.Errorf("carried over %v (signals per run %d), want %v and 2", users, next.SignalsPerRun, want)
	}
}
