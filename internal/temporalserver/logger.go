package temporalserver

import (
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

// filterCore drops entries its enabled func rejects.
type filterCore struct {
	zapcore.Core
	enabled func(zapcore.Level) bool
}

func (c filterCore) Enabled(l zapcore.Level) bool { return c.enabled(l) && c.Core.Enabled(l) }

func (c filterCore) With(fields []zapcore.Field) zapcore.Core {
	return filterCore{Core: c.Core.With(fields), enabled: c.enabled}
}

func (c filterCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if !c.enabled(e.Level) {
		return ce
	}
	return c.Core.Check(e, ce)
}
