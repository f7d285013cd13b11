package temporalserver

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"go.temporal.io/server/common/log/tag"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func TestServerLoggerLevels(t *testing.T) {
	tests := []struct {
		level    string
		stopping bool
		want     []string // messages that pass, of debug/info/warn/error
	}{
		{level: "", want: []string{"error"}},
		{level: "error", want: []string{"error"}},
		{level: "warn", want: []string{"warn", "error"}},
		{level: "INFO", want: []string{"info", "warn", "error"}},
		{level: "debug", want: []string{"debug", "info", "warn", "error"}},
		{level: "none", want: nil},
		{level: "debug", stopping: true, want: nil},
	}
	for _, tc := range tests {
		t.Run(tc.level, func(t *testing.T) {
			core, logs := observer.New(zapcore.DebugLevel)
			stopping := &atomic.Bool{}
			stopping.Store(tc.stopping)
			l, err := serverLogger(zap.New(core), tc.level, stopping)
			if err != nil {
				t.Fatal(err)
			}
			l.Debug("debug")
			l.Info("info")
			l.Warn("warn")
			l.Error("error")
			var got []string
			for _, e := range logs.All() {
				got = append(got, e.Message)
				if e.LoggerName != "temporal-server" {
					t.Errorf("logger name %q, want temporal-server", e.LoggerName)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("passed %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("passed %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestServerLoggerRejectsUnknownLevel(t *testing.T) {
	if _, err := serverLogger(zap.NewNop(), "loud", &atomic.Bool{}); err == nil {
		t.Fatal("want an error for level loud")
	}
}

func TestServerLoggerDropsCanceledCalls(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	l, err := serverLogger(zap.New(core), "warn", &atomic.Bool{})
	if err != nil {
		t.Fatal(err)
	}
	l.Error("poll failed", tag.Error(context.Canceled))
	l.Error("op failed", tag.NewStringTag("error", "CreateTaskQueue operation failed. Error: context canceled"))
	l.Error("real failure", tag.Error(errors.New("disk full")))
	l.Warn("also real", tag.NewStringTag("error", "context canceled by the operator, retrying"))
	var got []string
	for _, e := range logs.All() {
		got = append(got, e.Message)
	}
	want := []string{"real failure", "also real"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("passed %q, want %q", got, want)
	}
}
