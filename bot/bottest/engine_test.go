package bottest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

var (
	errNoBoost  = errors.New("no boost")
	errRunning  = errors.New("running")
	errRejected = errors.New("rejected")
)

func newTestEngine() *Engine {
	return NewEngine(Errors{NoBoost: errNoBoost,
		Running:  func(workflows.BoostStatus) error { return errRunning },
		Rejected: func(string, string) error { return errRejected }})
}

func TestEngine(t *testing.T) {
	ctx := context.Background()
	running := workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "ns1"}, Phase: workflows.PhaseActive}
	tests := []struct {
		name        string
		do          func(e *Engine) error
		wantErr     error
		wantChanges []string
		wantStarts  int
	}{
		{name: "start a boost", do: func(e *Engine) error {
			_, err := e.StartBoost(ctx, workflows.BoostRequest{Namespace: "ns2", TRUs: 4})
			return err
		}, wantChanges: []string{"StartBoost ns2 4"}, wantStarts: 1},
		{name: "start over a running boost", do: func(e *Engine) error {
			_, err := e.StartBoost(ctx, workflows.BoostRequest{Namespace: "ns1", TRUs: 4})
			return err
		}, wantErr: errRunning, wantChanges: []string{"StartBoost ns1 4"}},
		{name: "status of no boost is a read", do: func(e *Engine) error {
			_, err := e.BoostStatus(ctx, "ns2")
			return err
		}, wantErr: errNoBoost},
		{name: "extend refused", do: func(e *Engine) error {
			e.SetRejection("reverting")
			_, err := e.Extend(ctx, "ns1", workflows.ExtendRequest{})
			return err
		}, wantErr: errRejected, wantChanges: []string{"Extend ns1"}},
		{name: "revert of no boost", do: func(e *Engine) error {
			_, err := e.RevertNow(ctx, "ns2", workflows.RevertRequest{})
			return err
		}, wantErr: errNoBoost, wantChanges: []string{"RevertNow ns2"}},
		{name: "an analysis started twice", do: func(e *Engine) error {
			if again, err := e.StartAnalysis(ctx, "a1", workflows.AnalysisRequest{}); again || err != nil {
				return errors.New("first start reported as a repeat")
			}
			if again, _ := e.StartAnalysis(ctx, "a1", workflows.AnalysisRequest{}); !again {
				return errors.New("second start not reported as a repeat")
			}
			return nil
		}, wantChanges: []string{"StartAnalysis a1", "StartAnalysis a1"}},
		{name: "a slow call gives up with its context", do: func(e *Engine) error {
			e.SetDelay(time.Hour)
			ctx, cancel := context.WithCancel(ctx)
			cancel()
			_, err := e.ActiveBoosts(ctx)
			return err
		}, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEngine()
			e.SetRunning(running)
			if err := tt.do(e); !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if got := e.Changes(); !slices.Equal(got, tt.wantChanges) {
				t.Errorf("changes %q, want %q", got, tt.wantChanges)
			}
			if got := len(e.Starts()); got != tt.wantStarts {
				t.Errorf("%d boosts started, want %d", got, tt.wantStarts)
			}
			e.Reset()
			e.SetDelay(0)
			if e.CallCount() != 0 || len(e.Analyses()) != 0 {
				t.Errorf("Reset kept calls %q", e.Calls())
			}
			if st, err := e.BoostStatus(ctx, "ns1"); err != nil || st.Phase != workflows.PhaseActive {
				t.Errorf("after Reset the running boost is %+v, %v; want it as SetRunning made it", st, err)
			}
		})
	}
}
