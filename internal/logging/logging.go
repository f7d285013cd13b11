// Package logging builds the process's one zap logger from LOG_LEVEL and
// LOG_FORMAT, so every part logs with the same fields and encoding.
package logging

import (
	"fmt"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// New returns a logger writing to stderr at level (debug, info, warn, error)
// in format "console" (for people) or "json" (for log collectors).
func New(level, format string) (*zap.Logger, error) {
	lvl, err := zapcore.ParseLevel(strings.ToLower(strings.TrimSpace(level)))
	if err != nil || strings.TrimSpace(level) == "" {
		return nil, fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, got %q", level)
	}
	var cfg zap.Config
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "json":
		cfg = zap.NewProductionConfig()
		cfg.EncoderConfig.TimeKey = "ts"
		cfg.EncoderConfig.EncodeTime = zapcore.ISO8601TimeEncoder
	case "console":
		cfg = zap.NewDevelopmentConfig()
		cfg.Development = false
		cfg.EncoderConfig.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05.000")
		cfg.DisableStacktrace = true
	default:
		return nil, fmt.Errorf("LOG_FORMAT must be console or json, got %q", format)
	}
	cfg.Level = zap.NewAtomicLevelAt(lvl)
	cfg.Sampling = nil
	cfg.OutputPaths = []string{"stderr"}
	cfg.ErrorOutputPaths = []string{"stderr"}
	logger, err := cfg.Build()
	if err != nil {
		return nil, fmt.Errorf("building logger: %w", err)
	}
	return logger, nil
}
