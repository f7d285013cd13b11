package temporalserver

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	tlog "go.temporal.io/server/common/log"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// serverLogger adapts the bot's zap logger for the server, raised to the
// requested level (it cannot go below the bot's own level). Once stopping is
// set only fatal-class entries pass: while its services shut down one after
// the other the server logs a burst of "context canceled" errors that mean
// nothing to an operator.
func serverLogger(base *zap.Logger, level string, stopping *atomic.Bool) (tlog.Logger, error) {
	level = strings.ToLower(strings.TrimSpace(level))
	if level == "" {
		level = "error"
	}
	if level == "none" || level == "off" {
		return tlog.NewNoopLogger(), nil
	}
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, fmt.Errorf("log level %q: %w", level, err)
	}
	if base == nil {
		return tlog.NewNoopLogger(), nil
	}
	enabled := func(l zapcore.Level) bool {
		if stopping.Load() {
			return l >= zapcore.DPanicLevel
		}
		return l >= lvl
	}
	zl := base.Named("temporal-server").WithOptions(zap.WrapCore(func(c zapcore.Core) zapcore.Core {
		return filterCore{Core: c, enabled: enabled}
	}))
	return tlog.NewZapLogger(zl), nil
}

// filterCore drops entries its enabled func rejects, and errors that only
// say a caller went away (context canceled): every worker shutdown cancels
// its long polls, and the server logs each as an error.
type filterCore struct {
	zapcore.Core
	enabled func(zapcore.Level) bool
}

func (c filterCore) Enabled(l zapcore.Level) bool { return c.enabled(l) && c.Core.Enabled(l) }

func (c filterCore) With(fields []zapcore.Field) zapcore.Core {
	return filterCore{Core: c.Core.With(fields), enabled: c.enabled}
}

func (c filterCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if !c.Enabled(e.Level) {
		return ce
	}
	return ce.AddCore(e, c)
}

func (c filterCore) Write(e zapcore.Entry, fields []zapcore.Field) error {
	if e.Level < zapcore.DPanicLevel && callerCanceled(fields) {
		return nil
	}
	return c.Core.Write(e, fields)
}

func callerCanceled(fields []zapcore.Field) bool {
	for _, f := range fields {
		if f.Key != "error" {
			continue
		}
		var msg string
		switch f.Type {
		case zapcore.StringType:
			msg = f.String
		case zapcore.ErrorType:
			if err, ok := f.Interface.(error); ok {
				msg = err.Error()
			}
		}
		if strings.HasSuffix(msg, context.Canceled.Error()) {
			return true
		}
	}
	return false
}
