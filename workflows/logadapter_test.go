package workflows

import (
	"errors"
	"testing"

	"go.temporal.io/sdk/log"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

func TestZapAdapter(t *testing.T) {
	core, logs := observer.New(zapcore.DebugLevel)
	l := NewZapAdapter(zap.New(core))
	l.Debug("d", "k", 1)
	l.Info("i", "namespace", "payments")
	l.Warn("w", "error", errors.New("boom"))
	l.Error("e", 42, "non-string key", "dangling")
	l.(log.WithLogger).With("workflow", "wf-1").Info("with")
	l.(log.WithSkipCallers).WithCallerSkip(1).Info("skip")

	entries := logs.AllUntimed()
	if len(entries) != 6 {
		t.Fatalf("%d entries, want 6", len(entries))
	}
	wantLevels := []zapcore.Level{zapcore.DebugLevel, zapcore.InfoLevel, zapcore.WarnLevel, zapcore.ErrorLevel, zapcore.InfoLevel, zapcore.InfoLevel}
	for i, e := range entries {
		if e.Level != wantLevels[i] {
			t.Errorf("entry %d level %s, want %s", i, e.Level, wantLevels[i])
		}
	}
	if got := entries[1].ContextMap()["namespace"]; got != "payments" {
		t.Errorf("namespace field %v", got)
	}
	if got := entries[2].ContextMap()["error"]; got != "boom" {
		t.Errorf("error field %v", got)
	}
	if m := entries[3].ContextMap(); m["42"] != "non-string key" || m["dangling"] != "(missing value)" {
		t.Errorf("odd pairs logged as %v", m)
	}
	if got := entries[4].ContextMap()["workflow"]; got != "wf-1" {
		t.Errorf("With field %v", got)
	}
}
