package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/temporalserver"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// embedded is one life of the embedded Temporal server, its client, the
// simulated cloud and the process, all on the same folders across lives.
type embedded struct {
	srv   *temporalserver.Server
	cloud *simcloud.Cloud
	env   *env
}

// startEmbedded starts (or restarts) everything on dataDir, against the same
// fake Slack: Slack is outside the process and survives it. edits change the
// server's options and the process's.
func startEmbedded(t *testing.T, dataDir string, fs *fakeslack.Server, serverEdit func(*temporalserver.Options), edits ...func(*testworld.ProcessOptions)) *embedded {
	t.Helper()
	began := time.Now()
	so := temporalserver.Options{DataDir: dataDir, LogLevel: "none"}
	if serverEdit != nil {
		serverEdit(&so)
	}
	srv, err := temporalserver.Start(context.Background(), so)
	if err != nil {
		t.Fatalf("starting the embedded server on %s: %v", dataDir, err)
	}
	tc, err := client.Dial(client.Options{HostPort: srv.FrontendAddress(), Namespace: "default",
		Logger: workflows.NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))})
	if err != nil {
		_ = srv.Stop()
		t.Fatalf("connecting to the embedded server: %v", err)
	}
	cloud := simcloud.New(simcloud.DemoAccount(), simcloud.Options{OpDelay: time.Second,
		CheckDuration: 200 * time.Millisecond, StateFile: filepath.Join(dataDir, "simcloud.json")})
	if err := cloud.Start(); err != nil {
		tc.Close()
		_ = srv.Stop()
		t.Fatalf("starting the simulated cloud: %v", err)
	}
	e := &env{t: t, slack: fs, cloud: cloud, tc: tc, tq: "e2e-restart"}
	e.proc = startProcess(t, tc, cloud, fs, e.tq, edits...)
	t.Logf("embedded server, cloud and process up in %s", time.Since(began))
	return &embedded{srv: srv, cloud: cloud, env: e}
}

// kill stops the process, the server and the cloud abruptly as far as the
// workflows can tell: nothing is drained or cancelled.
func (m *embedded) kill() {
	m.env.proc.stop()
	m.env.tc.Close()
	if err := m.srv.Stop(); err != nil {
		m.env.t.Errorf("stopping the embedded server: %v", err)
	}
	m.cloud.Close()
}

func TestBoostSurvivesRestartDuringHold(t *testing.T) {
	dataDir := t.TempDir()
	fs := newFakeSlack(t)
	first := startEmbedded(t, dataDir, fs, nil)
	alive := first
	t.Cleanup(func() { alive.kill() })
	e := first.env

	user := slack.User{ID: allowed, Name: "alice"}
	rendered := e.openBoostModal(user, payments)
	end := time.Now().Add(20 * time.Second)
	f := form{ns: payments, trus: "4", endAt: end, reason: "restart test", channel: channel}
	if r := e.submitModal(user, rendered, f, "boost submission"); r.ResponseAction != slack.RAClear {
		t.Fatalf("submission answered %+v, want clear", r)
	}
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	active := e.threadReply(0, channel, wait, "is now at")
	ts := active.Param("thread_ts")
	running := boostStatus(t, e, payments)
	if running.Phase != workflows.PhaseActive || running.End.IsZero() {
		t.Fatalf("before the restart the boost is %+v, want active with an end", running)
	}
	if time.Until(running.End) < 5*time.Second {
		t.Fatalf("only %s of the hold left before the restart; the machine is too slow for this test", time.Until(running.End))
	}

	// The process dies during the hold and comes back on the same folders.
	first.kill()
	second := startEmbedded(t, dataDir, fs, nil)
	alive = second
	e = second.env
	if c := e.snapshot(payments); !c.Current.Equal(clients.Provisioned(4)) {
		t.Fatalf("after the restart the simulated cloud says %s is %s, want 4 TRUs (state file)", payments, c.Current)
	}
	// The revert is due at the end, or at once if the restart outlasted it.
	due := running.End
	if up := time.Now(); up.After(due) {
		t.Logf("the restart ended %s after the boost's end", up.Sub(due))
		due = up
	}
	back := e.waitCapacity(payments, clients.OnDemand(), time.Until(due)+30*time.Second)
	late := back.Sub(due)
	t.Logf("capacity back to on-demand %s after it was due", late)
	if late > 3*time.Second {
		t.Errorf("capacity back to on-demand %s after it was due, want within 3s", late)
	}
	st := e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseDone || !st.Reverted || !st.Verified {
		t.Errorf("final status %+v, want done, reverted, verified", st)
	}
	e.waitCall(0, wait, "root message edited to done after the restart", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), ": done")
	})
	if _, applied := e.updates(); applied != 1 {
		t.Errorf("after the restart the simulated cloud applied %d changes, want 1 (the revert)", applied)
	}
}
