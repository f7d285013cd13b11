package check_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/capacitybot/capacitybot/internal/check"
	"github.com/capacitybot/capacitybot/internal/datalock"
)

// fakeTemporal answers the Temporal calls with the given errors.
type fakeTemporal struct {
	versionErr, namespaceErr, queueErr error
	pollers                            int
}

func (f fakeTemporal) ServerVersion(context.Context) (string, error) { return "1.29.1", f.versionErr }
func (f fakeTemporal) DescribeNamespace(context.Context, string) error {
	return f.namespaceErr
}
func (f fakeTemporal) TaskQueuePollers(context.Context, string) (int, error) {
	return f.pollers, f.queueErr
}

func TestTemporalCheck(t *testing.T) {
	dial := func(f fakeTemporal, err error) func(context.Context) (check.Temporal, func(), error) {
		return func(context.Context) (check.Temporal, func(), error) { return f, func() {}, err }
	}
	free, held := t.TempDir(), t.TempDir()
	release, err := datalock.Lock(filepath.Join(held, datalock.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		o    check.TemporalOptions
		want []want
	}{
		{name: "embedded, free folder", o: check.TemporalOptions{Embedded: true, DataDir: free}, want: []want{
			{status: check.StatusOK, saw: []string{free, "writable and free", "check does not"}}}},
		{name: "embedded, folder not created yet", o: check.TemporalOptions{Embedded: true, DataDir: filepath.Join(free, "new", "sub")}, want: []want{
			{status: check.StatusOK, saw: []string{"writable and free"}}}},
		{name: "embedded, held by a running bot", o: check.TemporalOptions{Embedded: true, DataDir: held}, want: []want{
			{status: check.StatusOK, saw: []string{"held by a running capacitybot", "not started a second server"}}}},
		{name: "embedded, held, running server asked", o: check.TemporalOptions{Embedded: true, DataDir: held, Address: "127.0.0.1:7233",
			Namespace: "default", TaskQueue: "q", Dial: dial(fakeTemporal{pollers: 1}, nil)}, want: []want{
			{status: check.StatusOK, saw: []string{"held by a running capacitybot"}},
			{status: check.StatusOK, saw: []string{"server 1.29.1", "namespace default exists", "task queue q reachable, 1 worker polling"}}}},
		{name: "embedded, data folder not a folder", o: check.TemporalOptions{Embedded: true, DataDir: notDir}, want: []want{
			{status: check.StatusFail, saw: []string{"not writable", "not a folder"}, fix: []string{"DATA_DIR"}}}},
		{name: "external, all good", o: check.TemporalOptions{Address: "t:7233", Namespace: "ns", TaskQueue: "q",
			Dial: dial(fakeTemporal{}, nil)}, want: []want{
			{status: check.StatusOK, saw: []string{"connected to t:7233", "0 workers polling"}}}},
		{name: "external, cannot connect", o: check.TemporalOptions{Address: "t:7233", Namespace: "ns",
			Dial: dial(fakeTemporal{}, errors.New("connection refused"))}, want: []want{
			{status: check.StatusFail, saw: []string{"cannot connect to t:7233", "connection refused"}, fix: []string{"TEMPORAL_ADDRESS", "TEMPORAL_API_KEY"}}}},
		{name: "external, no system info", o: check.TemporalOptions{Address: "t:7233", Namespace: "ns",
			Dial: dial(fakeTemporal{versionErr: errors.New("denied")}, nil)}, want: []want{
			{status: check.StatusFail, saw: []string{"GetSystemInfo", "denied"}, fix: []string{"TEMPORAL_ADDRESS"}}}},
		{name: "external, namespace missing", o: check.TemporalOptions{Address: "t:7233", Namespace: "ns",
			Dial: dial(fakeTemporal{namespaceErr: errors.New("namespace ns not found")}, nil)}, want: []want{
			{status: check.StatusFail, saw: []string{"namespace ns not found"}, fix: []string{"create namespace ns", "TEMPORAL_NAMESPACE"}}}},
		{name: "external, task queue unreachable", o: check.TemporalOptions{Address: "t:7233", Namespace: "ns", TaskQueue: "q",
			Dial: dial(fakeTemporal{queueErr: errors.New("permission denied")}, nil)}, want: []want{
			{status: check.StatusFail, saw: []string{"DescribeTaskQueue q failed"}, fix: []string{"TASK_QUEUE"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertResults(t, run(check.TemporalCheck(tt.o)), tt.want)
		})
	}
}
