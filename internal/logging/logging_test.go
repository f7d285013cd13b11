package logging

import (
	"strings"
	"testing"

	"go.uber.org/zap/zapcore"
)

func TestNew(t *testing.T) {
	tests := []struct {
		level, format string
		wantErr       string
		enabled       zapcore.Level
		disabled      zapcore.Level // checked only when below enabled
	}{
		{level: "debug", format: "console", enabled: zapcore.DebugLevel, disabled: zapcore.DebugLevel},
		{level: "info", format: "json", enabled: zapcore.InfoLevel, disabled: zapcore.DebugLevel},
		{level: "WARN", format: "JSON", enabled: zapcore.WarnLevel, disabled: zapcore.InfoLevel},
		{level: "error", format: "console", enabled: zapcore.ErrorLevel, disabled: zapcore.WarnLevel},
		{level: "loud", format: "console", wantErr: "LOG_LEVEL"},
		{level: "", format: "console", wantErr: "LOG_LEVEL"},
		{level: "info", format: "xml", wantErr: "LOG_FORMAT"},
	}
	for _, tc := range tests {
		t.Run(tc.level+"/"+tc.format, func(t *testing.T) {
			l, err := New(tc.level, tc.format)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if !l.Core().Enabled(tc.enabled) {
				t.Errorf("level %v not enabled", tc.enabled)
			}
			if tc.disabled < tc.enabled && l.Core().Enabled(tc.disabled) {
				t.Errorf("level %v enabled, want it filtered", tc.disabled)
			}
		})
	}
}
