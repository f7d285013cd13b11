package workflows

import (
	"fmt"

	"go.temporal.io/sdk/log"
	"go.uber.org/zap"
)

// zapAdapter lets the Temporal SDK log through the bot's zap logger, so that
// worker and workflow logs share one format and one level setting.
type zapAdapter struct{ l *zap.Logger }

// NewZapAdapter bridges zap to the Temporal SDK's logger. Key-value pairs
// become zap fields; the caller frame skips the adapter itself.
func NewZapAdapter(l *zap.Logger) log.Logger {
	if l == nil {
		l = zap.NewNop()
	}
	return &zapAdapter{l: l.WithOptions(zap.AddCallerSkip(1))}
}

func (z *zapAdapter) Debug(msg string, keyvals ...any) { z.l.Debug(msg, logadapterFields(keyvals)...) }
func (z *zapAdapter) Info(msg string, keyvals ...any)  { z.l.Info(msg, logadapterFields(keyvals)...) }
func (z *zapAdapter) Warn(msg string, keyvals ...any)  { z.l.Warn(msg, logadapterFields(keyvals)...) }
func (z *zapAdapter) Error(msg string, keyvals ...any) { z.l.Error(msg, logadapterFields(keyvals)...) }

// With returns a logger that adds the pairs to every entry (log.WithLogger).
func (z *zapAdapter) With(keyvals ...any) log.Logger {
	return &zapAdapter{l: z.l.With(logadapterFields(keyvals)...)}
}

// WithCallerSkip returns a logger that skips more caller frames
// (log.WithSkipCallers), for the SDK's own wrappers.
func (z *zapAdapter) WithCallerSkip(skip int) log.Logger {
	return &zapAdapter{l: z.l.WithOptions(zap.AddCallerSkip(skip))}
}

// logadapterFields turns alternating keys and values into zap fields. A key that is
// not a string is printed; a missing last value is logged as such rather than
// dropped, so a mistake in a log call stays visible.
func logadapterFields(keyvals []any) []zap.Field {
	fields := make([]zap.Field, 0, (len(keyvals)+1)/2)
	for i := 0; i < len(keyvals); i += 2 {
		key, ok := keyvals[i].(string)
		if !ok {
			key = fmt.Sprint(keyvals[i])
		}
		if i+1 >= len(keyvals) {
			fields = append(fields, zap.String(key, "(missing value)"))
			break
		}
		if err, isErr := keyvals[i+1].(error); isErr {
			fields = append(fields, zap.NamedError(key, err))
			continue
		}
		fields = append(fields, zap.Any(key, keyvals[i+1]))
	}
	return fields
}
